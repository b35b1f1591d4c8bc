//! One message of a list: who wrote it and when, its text, its replies, and what its author
//! may still do with it.

use leptos::prelude::*;
use parlons_api::{Document, EDIT_WINDOW_MS, Message, MessageId, Timestamp, UserId};
use parlons_editor::EditorState;
use parlons_editor::convert::from_document;

use super::attachments::Attachments;
use super::avatar::Avatar;
use super::composer::to_send;
use super::inline_error::InlineError;
use super::rich_text::RichText;
use crate::editor::{Editor, SendKey};
use crate::format::{message_time, now};
use crate::i18n::{Key, tr, use_i18n};
use crate::state::conversations::{ChangeRequest, Place};

/// What the reader may do to their own messages, provided by the conversation pane (a list
/// without it shows no actions).
#[derive(Clone, Copy)]
pub struct OwnMessages {
    /// The message being edited, if any.
    pub editing: RwSignal<Option<MessageId>>,
    /// Now, ticking, so that the 5-minute window closes on screen too.
    pub now: Signal<Timestamp>,
    /// Whether the company lets authors edit and delete their messages (live: an admin may
    /// change it while the app is open).
    pub enabled: Signal<bool>,
    /// Edits or deletes a message.
    pub change: Callback<ChangeRequest>,
}

/// Whether the reader may still edit or delete the message: their own, not deleted, within
/// 5 minutes of sending, and the company allows it. The server decides again on its clock.
pub fn may_change(message: &Message, me: UserId, now: Timestamp, enabled: bool) -> bool {
    enabled
        && message.author.id == me
        && message.deleted.is_none()
        && now.0 - message.created_at.0 < EDIT_WINDOW_MS
}

/// The thread open beside the conversation, provided by the conversation pane (a list without
/// it offers no replies).
#[derive(Clone, Copy)]
pub struct OpenThread(pub RwSignal<Option<MessageId>>);

/// One message: avatar, author and time, unless it continues the previous author's block.
#[component]
pub(crate) fn MessageRow(
    /// The message.
    message: Message,
    /// Whether it continues the block above (same author, shortly after).
    continued: bool,
    /// The reader.
    me: UserId,
    /// Whether it is the message the reader came to see (a search result).
    #[prop(optional)]
    focused: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let created_at = message.created_at;
    let time = move || message_time(created_at, now(), &i18n);
    let mine = message.author.id == me;
    let author = message.author.clone();
    let id = message.id;
    let own = use_context::<OwnMessages>();
    let for_check = message.clone();
    let changeable = Memo::new(move |_| {
        own.is_some_and(|o| may_change(&for_check, me, o.now.get(), o.enabled.get()))
    });
    let editing = move || own.is_some_and(|o| o.editing.get() == Some(id));
    let body = message.body.clone();
    // Threads are one level deep: replies and deleted messages take no replies.
    let thread = use_context::<OpenThread>()
        .filter(|_| message.parent_id.is_none() && message.deleted.is_none());
    let open_thread = move || {
        if let Some(OpenThread(open)) = thread {
            open.set(Some(id));
        }
    };
    let tools = Memo::new(move |_| (thread.is_some() || changeable.get()) && !editing());
    view! {
        <article class="message" class:continued=continued class:mine=mine class:focused=focused data-message-id=message.id.to_string()>
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
                {move || {
                    let own = own?;
                    editing().then(|| view! { <EditBox own=own id=id body=body.clone() /> })
                }}
                <Show when=move || tools.get()>
                    <div class="message-tools">
                        {thread.is_some().then(|| view! {
                            <button type="button" class="tool-button" on:click=move |_| open_thread()>{tr(Key::Reply)}</button>
                        })}
                        <Show when=move || changeable.get()>
                            <button type="button" class="tool-button" on:click=move |_| {
                                if let Some(own) = own {
                                    own.editing.set(Some(id));
                                }
                            }>{tr(Key::Edit)}</button>
                            <button type="button" class="tool-button danger" on:click=move |_| {
                                let confirmed = web_sys::window()
                                    .and_then(|w| w.confirm_with_message(i18n.t(Key::ConfirmDelete)).ok())
                                    .unwrap_or(false);
                                if let (true, Some(own)) = (confirmed, own) {
                                    own.change.run(ChangeRequest { message: id, body: None });
                                }
                            }>{tr(Key::Delete)}</button>
                        </Show>
                    </div>
                </Show>
                {match message.deleted {
                    Some(deletion) => {
                        let text = move || {
                            let at = message_time(deletion.at, now(), &i18n);
                            i18n.fill(Key::DeletedBy, &[("name", &deletion.by.name), ("time", &at)])
                        };
                        view! { <p class="message-deleted">{text}</p> }.into_any()
                    }
                    None => view! {
                        <div class="message-body" class:hidden=editing>
                            <RichText document=message.body />
                            {message.edited_at.map(|_| view! { <span class="message-edited">" " {tr(Key::Edited)}</span> })}
                        </div>
                        {(!message.attachments.is_empty()).then(|| view! { <Attachments files=message.attachments /> })}
                    }
                    .into_any(),
                }}
                <InlineError place=Place::Message(id) />
                {(message.reply_count > 0).then(|| {
                    let count = message.reply_count;
                    let label = move || i18n.count(Key::RepliesOne, Key::RepliesOther, count);
                    view! { <button type="button" class="reply-count" on:click=move |_| open_thread()>{label}</button> }
                })}
            </div>
        </article>
    }
}

/// The text of one's own message, being edited: Enter saves, Shift+Enter starts a line,
/// Escape cancels.
#[component]
fn EditBox(
    /// The reader's own messages' actions.
    own: OwnMessages,
    /// The message.
    id: MessageId,
    /// Its text now, formatting and mentions included.
    body: Document,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(EditorState::new(from_document(&body)));
    let save = Callback::new(move |()| {
        if let Some(body) = state.with_untracked(to_send) {
            own.change.run(ChangeRequest { message: id, body: Some(body) });
        }
        own.editing.set(None);
    });
    view! {
        <div
            class="edit-box"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    own.editing.set(None);
                }
            }
        >
            <Editor
                state=state
                label=Signal::derive(move || i18n.t(Key::EditYourMessage).to_owned())
                send_key=SendKey::Enter
                on_send=save
                autofocus=true
            />
            <div class="edit-buttons">
                <button type="button" class="secondary-button" on:click=move |_| own.editing.set(None)>{tr(Key::Cancel)}</button>
                <button type="button" class="primary-button" on:click=move |_| save.run(())>{tr(Key::Save)}</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use parlons_api::Deletion;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn own_messages_change_for_five_minutes_if_allowed() {
        let message = crate::fixtures::message(1, 1, UserId(1), 1_000_000);
        let me = message.author.clone();
        let soon = Timestamp(1_000_000 + EDIT_WINDOW_MS - 1);
        assert!(may_change(&message, UserId(1), soon, true));
        assert!(
            !may_change(&message, UserId(1), Timestamp(1_000_000 + EDIT_WINDOW_MS), true),
            "window closed"
        );
        assert!(!may_change(&message, UserId(1), soon, false), "company turned it off");
        assert!(!may_change(&message, UserId(2), soon, true), "someone else's");
        let deleted = Message { deleted: Some(Deletion { by: me, at: soon }), ..message };
        assert!(!may_change(&deleted, UserId(1), soon, true), "already deleted");
    }
}
