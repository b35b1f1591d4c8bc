//! The messages on their way, under a conversation's or a thread's messages: their files
//! uploading, "Sending…" until the server has them, or why it refused one, with Try again,
//! Edit and Discard.

use leptos::prelude::*;
use parlons_api::{ConversationId, MessageId};

use super::rich_text::RichText;
use super::upload_list::UploadList;
use crate::i18n::{Key, tr, use_i18n};
use crate::state::outbox::{Outgoing as Entry, Status};
use crate::state::sending::use_sending;
use crate::state::uploads::Holder;

/// The outbox's messages for a conversation's main line, or for a thread.
#[component]
pub fn Outgoing(
    /// The conversation.
    conversation: ConversationId,
    /// The thread, if any.
    #[prop(default = None)]
    parent: Option<MessageId>,
) -> impl IntoView {
    let sending = use_sending();
    let entries = Memo::new(move |_| sending.outgoing(conversation, parent));
    view! {
        <Show when=move || entries.with(|e| !e.is_empty())>
            <ul class="outgoing" aria-label=tr(Key::OnTheirWay)>
                <For
                    each=move || entries.get()
                    key=|entry| (entry.key.clone(), matches!(entry.status, Status::Refused { .. }))
                    children=move |entry| view! { <OutgoingRow entry=entry /> }
                />
            </ul>
        </Show>
    }
}

/// One message on its way.
#[component]
fn OutgoingRow(
    /// The message.
    entry: Entry,
) -> impl IntoView {
    let i18n = use_i18n();
    let sending = use_sending();
    let key = StoredValue::new(entry.key.clone());
    let status = match entry.status {
        Status::Refused { reason } => {
            let text = move || i18n.fill(Key::NotSent, &[("reason", &reason)]);
            view! {
                <p class="outgoing-status refused" role="alert">
                    <span>{text}</span>
                    <button type="button" class="link-button" on:click=move |_| key.with_value(|k| sending.retry(k))>{tr(Key::TryAgain)}</button>
                    <button type="button" class="link-button" on:click=move |_| key.with_value(|k| sending.edit(k))>{tr(Key::Edit)}</button>
                    <button type="button" class="link-button" on:click=move |_| key.with_value(|k| sending.discard(k))>{tr(Key::Discard)}</button>
                </p>
            }
            .into_any()
        }
        Status::Waiting { .. } | Status::Sending { .. } => {
            view! { <p class="outgoing-status">{tr(Key::SendingNow)}</p> }.into_any()
        }
    };
    let remove_file =
        Callback::new(move |file: String| key.with_value(|k| sending.remove_file(k, &file)));
    view! {
        <li class="outgoing-message" data-key=entry.key.clone()>
            <div class="message-body"><RichText document=entry.body /></div>
            <UploadList holder=Holder::Message(entry.key.clone()) on_remove=Some(remove_file) />
            {status}
        </li>
    }
}
