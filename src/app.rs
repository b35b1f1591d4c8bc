//! The app: its providers and its pages.

use leptos::prelude::*;

use crate::i18n::{Key, initial_lang, provide_i18n, tr};
use crate::pages::conversations_page::ConversationsPage;
use crate::pages::login_page::LoginPage;
use crate::state::location::{Route, provide_location};
use crate::state::session::provide_session;

/// Which page a route shows; the conversations page stays mounted while conversations open
/// and close within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Login,
    Conversations,
    NotFound,
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n(initial_lang());
    provide_session();
    let location = provide_location();
    let page = Memo::new(move |_| match location.route() {
        Route::Login => Page::Login,
        Route::Home | Route::Conversation(_) | Route::Message(..) => Page::Conversations,
        Route::NotFound => Page::NotFound,
    });
    move || match page.get() {
        Page::Login => view! { <LoginPage /> }.into_any(),
        Page::Conversations => view! { <ConversationsPage /> }.into_any(),
        Page::NotFound => view! {
            <p class="not-found">
                {tr(Key::PageNotFound)} " "
                <a href="/">{tr(Key::BackToConversations)}</a>
            </p>
        }
        .into_any(),
    }
}
