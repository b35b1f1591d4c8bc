//! The message input: the rich-text editor, the files attached, and the send button.

use leptos::prelude::*;
use parlons_api::{ConversationId, DirectoryMember, Document, MessageId};
use parlons_editor::EditorState;
use parlons_editor::convert::{from_document, to_document};

use super::upload_list::UploadList;
use crate::editor::{Editor, SendKey};
use crate::i18n::{Key, tr, use_i18n};
use crate::state::conversations::use_conversations;
use crate::state::drafts::{DraftPlace, use_drafts};
use crate::state::sending::{SendRequest, use_sending};
use crate::state::uploading::use_uploading;
use crate::state::uploads::Holder;

/// The document an editor holds, if there is something to send.
pub fn to_send(state: &EditorState) -> Option<Document> {
    let body = to_document(state.doc());
    (!state.doc().is_blank()).then_some(body)
}

/// An editor with a send button.
#[component]
pub fn Composer(
    /// What is typed; owned by the caller so it survives re-renders.
    state: RwSignal<EditorState>,
    /// Called with the document to send (never blank).
    on_send: Callback<Document>,
    /// The editor's accessible label and placeholder.
    #[prop(into)]
    label: Signal<String>,
    /// Which key sends.
    #[prop(default = SendKey::Enter)]
    send_key: SendKey,
    /// Called on the Up key while nothing is typed (to edit one's last message).
    #[prop(default = None)]
    on_up_when_empty: Option<Callback<()>>,
    /// The people who may be mentioned here.
    #[prop(into, default = Signal::stored(Vec::new()))]
    mentionable: Signal<Vec<DirectoryMember>>,
    /// Whose files are attached here, if files may be.
    #[prop(default = None)]
    files: Option<Holder>,
) -> impl IntoView {
    let uploading = files.as_ref().map(|_| use_uploading());
    let holder = StoredValue::new(files.clone());
    let has_files = move || {
        holder.with_value(|h| {
            h.as_ref().zip(uploading).is_some_and(|(h, u)| u.of(h).iter().any(|f| f.sendable()))
        })
    };
    let send = Callback::new(move |()| {
        let body = state.with_untracked(to_send);
        match body {
            Some(body) => on_send.run(body),
            // Files alone make a message.
            None if has_files() => on_send.run(Document::from_plain_text("")),
            None => {}
        }
    });
    let empty = Memo::new(move |_| state.with(|s| s.doc().is_blank()) && !has_files());
    let on_files = files
        .clone()
        .zip(uploading)
        .map(|(holder, uploading)| Callback::new(move |files| uploading.attach(&holder, files)));
    view! {
        <form class="composer" on:submit=move |ev| { ev.prevent_default(); send.run(()); }>
            {files.map(|holder| view! { <UploadList holder=holder /> })}
            <Editor
                on_files=on_files
                state=state
                label=label
                send_key=send_key
                on_send=send
                on_up_when_empty=on_up_when_empty
                mentionable=mentionable
            />
            <button
                type="submit"
                class="send-button"
                aria-label=tr(Key::Send)
                disabled=move || empty.get()
            >
                <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                    <path d="M3 20.5 21 12 3 3.5l.01 6.6L15 12 3.01 13.9z" fill="currentColor"></path>
                </svg>
            </button>
        </form>
    }
}

/// The composer of a conversation, or of a message's thread: what is typed is kept as a
/// draft; sent, it goes to the outbox (which shows it until the server has it), and a
/// refused message taken back to be edited comes back here.
#[component]
pub fn ConversationComposer(
    /// The conversation.
    conversation: ConversationId,
    /// The message whose thread it answers, if any.
    #[prop(default = None)]
    parent: Option<MessageId>,
    /// The input's accessible label and placeholder.
    label: Key,
    /// Called on the Up key while nothing is typed (to edit one's last message).
    #[prop(default = None)]
    on_up_when_empty: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let conversations = use_conversations();
    let drafts = use_drafts();
    let draft_place = DraftPlace::Conversation(conversation, parent);
    let draft = drafts.and_then(|d| d.load(draft_place));
    let state =
        RwSignal::new(draft.map(|d| EditorState::new(from_document(&d))).unwrap_or_default());
    // Every change is kept, so that a reload or another tab finds it.
    Effect::new(move |_| {
        let draft = state.with(to_send);
        if let Some(drafts) = drafts {
            drafts.save(draft_place, draft.as_ref());
        }
    });
    let sending = use_sending();
    Effect::new(move |_| {
        if let Some(body) = sending.take_returned(conversation, parent) {
            state.set(EditorState::new(from_document(&body)));
        }
    });
    let on_send = Callback::new(move |body: Document| {
        state.set(EditorState::default());
        sending.send(SendRequest { conversation, body, parent, files_of: Some(draft_place) });
    });
    view! {
        <Composer
            state=state
            on_send=on_send
            label=Signal::derive(move || i18n.t(label).to_owned())
            on_up_when_empty=on_up_when_empty
            mentionable=conversations.mentionable(conversation)
            files=Some(Holder::Draft(draft_place.key()))
        />
    }
}
