//! The message input: Enter sends, Shift+Enter starts a new line.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use parlons_api::{ConversationId, Document, MessageId};

use super::inline_error::InlineError;
use crate::i18n::{Key, tr, use_i18n};
use crate::state::conversations::{Failure, Place, Request, SendRequest, use_conversations};

/// Whether this key press sends the message: Enter alone, and not while an input method
/// is composing a character.
pub fn is_send_key(key: &str, shift: bool, composing: bool) -> bool {
    key == "Enter" && !shift && !composing
}

/// The composer of an open conversation.
#[component]
pub fn Composer(
    /// What is typed; owned by the caller so it survives re-renders.
    draft: RwSignal<String>,
    /// Called with the text to send (never blank).
    on_send: Callback<String>,
    /// True while a send is on its way: sending again waits.
    #[prop(into)]
    sending: Signal<bool>,
    /// The input's accessible label and placeholder.
    #[prop(into)]
    label: Signal<String>,
    /// Called on the Up key while nothing is typed (to edit one's last message).
    #[prop(default = None)]
    on_up_when_empty: Option<Callback<()>>,
) -> impl IntoView {
    let send = move || {
        if sending.get_untracked() {
            return;
        }
        let text = draft.get_untracked();
        if !text.trim().is_empty() {
            on_send.run(text);
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if is_send_key(&ev.key(), ev.shift_key(), ev.is_composing()) {
            ev.prevent_default();
            send();
        } else if ev.key() == "ArrowUp"
            && draft.with_untracked(String::is_empty)
            && let Some(on_up) = on_up_when_empty
        {
            ev.prevent_default();
            on_up.run(());
        }
    };
    view! {
        <form class="composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
            <textarea
                class="composer-input"
                rows="1"
                aria-label=move || label.get()
                placeholder=move || label.get()
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
                on:keydown=on_keydown
            ></textarea>
            <button
                type="submit"
                class="send-button"
                aria-label=tr(Key::Send)
                disabled={move || sending.get() || draft.with(|d| d.trim().is_empty())}
            >
                <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                    <path d="M3 20.5 21 12 3 3.5l.01 6.6L15 12 3.01 13.9z" fill="currentColor"></path>
                </svg>
            </button>
        </form>
    }
}

/// The composer of a conversation, or of a message's thread: sends through the app's state.
/// A send that fails shows why above it and gives its text back, so nothing typed is lost.
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
    let draft = RwSignal::new(String::new());
    let place = Place::Composer(conversation, parent);
    Effect::new(move |_| {
        if let Some(Failure { request: Request::Send(send), .. }) = conversations.failure(place)
            && draft.with_untracked(String::is_empty)
        {
            draft.set(send.body.to_plain_text());
        }
    });
    let on_send = Callback::new(move |text: String| {
        draft.set(String::new());
        let body = Document::from_plain_text(&text);
        conversations.send(SendRequest { conversation, body, parent });
    });
    view! {
        <InlineError place=place retry=false />
        <Composer
            draft=draft
            on_send=on_send
            sending=conversations.sending()
            label=Signal::derive(move || i18n.t(label).to_owned())
            on_up_when_empty=on_up_when_empty
        />
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::is_send_key;

    #[wasm_bindgen_test]
    fn enter_sends_and_shift_enter_does_not() {
        assert!(is_send_key("Enter", false, false));
        assert!(!is_send_key("Enter", true, false));
        assert!(!is_send_key("Enter", false, true));
        assert!(!is_send_key("a", false, false));
    }
}
