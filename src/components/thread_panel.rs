//! The thread of one message, beside the conversation: its replies and a composer.

use leptos::prelude::*;
use parlons_api::{ConversationId, MessageId, UserId};

use super::composer::Composer;
use super::message_row::MessageRow;
use crate::i18n::{Key, tr};
use crate::state::conversations::use_conversations;

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
    let draft = RwSignal::new(String::new());
    let send = conversations.send_action();
    let on_send = Callback::new(move |text: String| {
        draft.set(String::new());
        conversations.send(conversation, text, Some(root));
    });
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
                {move || match replies.get() {
                    None => view! { <div class="skeleton"></div> }.into_any(),
                    Some(replies) => replies
                        .into_iter()
                        .map(|m| view! { <MessageRow message=m continued=false me=me /> })
                        .collect_view()
                        .into_any(),
                }}
            </div>
            <Composer
                draft=draft
                on_send=on_send
                sending=send.pending()
                label=Signal::derive(move || tr(Key::ReplyInThread)().to_owned())
            />
        </aside>
    }
}
