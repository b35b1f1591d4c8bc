//! The thread of one message, beside the conversation: its replies and a composer.

use leptos::prelude::*;
use parlons_api::{ConversationId, MessageId, UserId};

use super::composer::ConversationComposer;
use super::inline_error::InlineError;
use super::message_row::MessageRow;
use super::outgoing::Outgoing;
use crate::i18n::{Key, tr};
use crate::state::conversations::{Place, use_conversations};

/// The open thread.
#[component]
pub fn ThreadPanel(
    /// The conversation.
    conversation: ConversationId,
    /// The message the thread answers.
    root: MessageId,
    /// The reader.
    me: UserId,
    /// Closes the panel.
    on_close: Callback<()>,
) -> impl IntoView {
    let conversations = use_conversations();
    conversations.load_replies(conversation, root);
    let inbox = conversations.inbox();
    let root_message = Memo::new(move |_| {
        inbox.with(|inbox| {
            inbox
                .thread(conversation)
                .and_then(|t| t.messages.iter().find(|m| m.id == root).cloned())
        })
    });
    let replies = Memo::new(move |_| inbox.with(|inbox| inbox.replies(root).map(<[_]>::to_vec)));
    view! {
        <aside
            class="thread-panel"
            aria-label=tr(Key::Thread)
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    on_close.run(());
                }
            }
        >
            <header class="thread-header">
                <h2>{tr(Key::Thread)}</h2>
                <button type="button" class="tool-button" aria-label=tr(Key::Close) on:click=move |_| on_close.run(())>"✕"</button>
            </header>
            <div class="thread-messages">
                {move || root_message.get().map(|m| view! { <MessageRow message=m continued=false me=me /> })}
                <hr class="thread-rule" />
                <InlineError place=Place::Thread(root) />
                <Show when=move || replies.with(Option::is_none) && conversations.failure(Place::Thread(root)).is_none()>
                    <div class="skeleton"></div>
                </Show>
                <For
                    each=move || replies.get().unwrap_or_default()
                    key=|m| (m.id, m.edited_at, m.deleted.is_some())
                    children=move |m| view! { <MessageRow message=m continued=false me=me /> }
                />
            </div>
            <Outgoing conversation=conversation parent=Some(root) />
            <ConversationComposer conversation=conversation parent=Some(root) label=Key::ReplyInThread />
        </aside>
    }
}

/// The thread panel, loaded when first opened (a split of the app's wasm).
#[cfg(feature = "split")]
#[component]
pub fn LazyThreadPanel(
    /// The conversation.
    conversation: ConversationId,
    /// The message the thread answers.
    root: MessageId,
    /// The reader.
    me: UserId,
    /// Closes the panel.
    on_close: Callback<()>,
) -> impl IntoView {
    view! { <Suspense>{Suspend::new(thread_panel_view(conversation, root, me, on_close))}</Suspense> }
}

// Split off (feature `split`) only in the app's build: the other entry points, built
// without it, would otherwise keep it whole, as the split exports it.
#[cfg(feature = "split")]
#[leptos::lazy]
async fn thread_panel_view(
    conversation: ConversationId,
    root: MessageId,
    me: UserId,
    on_close: Callback<()>,
) -> AnyView {
    view! { <ThreadPanel conversation=conversation root=root me=me on_close=on_close /> }.into_any()
}

// Without the split (the admin pages, the item panel: one wasm each) the thread panel is simply
// part of the wasm, without the loading (a `Suspense`, 5 KB of the panel's download).
#[cfg(not(feature = "split"))]
pub use {ThreadPanel as LazyThreadPanel, ThreadPanelProps as LazyThreadPanelProps};
