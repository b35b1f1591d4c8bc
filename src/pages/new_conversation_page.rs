//! "+ Créer" (`/new`, `/new/{kind}`): starting a conversation.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::components::dialog::Dialog;
use crate::i18n::{Key, tr};
use crate::paths;
use crate::state::conversations::use_conversations;

/// The "+ Créer" dialog over the workspace; closing it goes back to the conversations.
#[component]
pub fn NewConversationPage() -> impl IntoView {
    use_conversations().open(None);
    let navigate = use_navigate();
    let close = Callback::new(move |()| navigate(paths::CONVERSATIONS, NavigateOptions::default()));
    view! {
        <Dialog label=Signal::derive(move || tr(Key::Create)().to_owned()) class="placeholder-dialog" on_close=close>
            <h2>{tr(Key::Create)}</h2>
            <p>{tr(Key::CreateSoon)}</p>
            <button type="button" class="primary-button" autofocus on:click=move |_| close.run(())>
                {tr(Key::Close)}
            </button>
        </Dialog>
    }
}
