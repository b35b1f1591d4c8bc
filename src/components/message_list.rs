//! The messages of the open conversation.

use leptos::prelude::*;
use parlons_api::{Message, UserId};

use super::avatar::Avatar;
use super::rich_text::RichText;
use crate::format::{message_time, now};
use crate::i18n::{Key, tr, use_i18n};

/// Messages by the same author within this many milliseconds are shown as one block.
const CONTINUATION_MS: i64 = 5 * 60 * 1000;

/// Whether `message` continues the block of `previous` (same author, shortly after).
pub fn continues(previous: Option<&Message>, message: &Message) -> bool {
    previous.is_some_and(|p| {
        p.author.id == message.author.id && message.created_at.0 - p.created_at.0 < CONTINUATION_MS
    })
}

/// The message list, oldest at the top, kept scrolled to the newest message.
#[component]
pub fn MessageList(
    /// The loaded messages, oldest first.
    #[prop(into)]
    messages: Signal<Vec<Message>>,
    /// Whether older messages remain on the server.
    #[prop(into)]
    has_older: Signal<bool>,
    /// Asks for the next older page.
    on_load_older: Callback<()>,
    /// The reader.
    me: UserId,
) -> impl IntoView {
    let rows = Memo::new(move |_| {
        messages.with(|messages| {
            messages
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    (m.clone(), continues(i.checked_sub(1).and_then(|p| messages.get(p)), m))
                })
                .collect::<Vec<_>>()
        })
    });
    let list = NodeRef::<leptos::html::Div>::new();
    // Follow the newest message as it arrives (but not when older pages are prepended).
    let newest = Memo::new(move |_| messages.with(|m| m.last().map(|m| m.id)));
    Effect::new(move |_| {
        newest.track();
        request_animation_frame(move || {
            if let Some(list) = list.get_untracked() {
                list.set_scroll_top(list.scroll_height());
            }
        });
    });
    view! {
        <div class="message-list" node_ref=list role="log" aria-label=tr(Key::Messages)>
            <Show when=move || has_older.get()>
                <button class="load-older" on:click=move |_| on_load_older.run(())>
                    {tr(Key::LoadOlder)}
                </button>
            </Show>
            <Show when=move || rows.with(|r| r.is_empty())>
                <p class="empty-conversation">{tr(Key::NoMessagesYet)}</p>
            </Show>
            <For
                each=move || rows.get()
                key=|(message, continued)| (message.id, *continued)
                children=move |(message, continued)| view! { <MessageRow message=message continued=continued me=me /> }
            />
        </div>
    }
}

/// One message: avatar, author and time, unless it continues the previous author's block.
#[component]
fn MessageRow(
    /// The message.
    message: Message,
    /// Whether it continues the block above (same author, shortly after).
    continued: bool,
    /// The reader.
    me: UserId,
) -> impl IntoView {
    let i18n = use_i18n();
    let created_at = message.created_at;
    let time = move || message_time(created_at, now(), i18n.lang());
    let mine = message.author.id == me;
    let author = message.author.clone();
    view! {
        <article class="message" class:continued=continued class:mine=mine data-message-id=message.id.to_string()>
            {if continued {
                view! { <span class="message-gutter" aria-hidden="true"></span> }.into_any()
            } else {
                view! { <Avatar user=author.id name=author.name.clone() /> }.into_any()
            }}
            <div class="message-main">
                <header class="message-meta" class:visually-hidden=continued>
                    <span class="message-author">{author.name.clone()}</span>
                    {author.is_external.then(|| view! { <span class="external-tag">{tr(Key::External)}</span> })}
                    <time class="message-time">{time}</time>
                </header>
                {match message.deleted {
                    Some(deletion) => {
                        let text = move || {
                            let at = message_time(deletion.at, now(), i18n.lang());
                            i18n.fill(Key::DeletedBy, &[("name", &deletion.by.name), ("time", &at)])
                        };
                        view! { <p class="message-deleted">{text}</p> }.into_any()
                    }
                    None => view! {
                        <div class="message-body">
                            <RichText document=message.body />
                            {message.edited_at.map(|_| view! { <span class="message-edited">" " {tr(Key::Edited)}</span> })}
                        </div>
                    }
                    .into_any(),
                }}
                {(message.reply_count > 0).then(|| {
                    let count = message.reply_count;
                    let label = move || match count {
                        1 => i18n.t(Key::RepliesOne).to_owned(),
                        n => i18n.fill(Key::RepliesMany, &[("count", &n.to_string())]),
                    };
                    view! { <p class="reply-count">{label}</p> }
                })}
            </div>
        </article>
    }
}
