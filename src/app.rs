//! The app: its providers and its routes.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::i18n::{Key, initial_lang, provide_i18n, tr};
use crate::pages::conversations_page::{ConversationRoute, ConversationsPage, NoConversation};
use crate::pages::login_page::LoginPage;
use crate::state::session::provide_session;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n(initial_lang());
    provide_session();
    let not_found = move || {
        view! {
            <p class="not-found">
                {tr(Key::PageNotFound)} " "
                <a href="/">{tr(Key::BackToConversations)}</a>
            </p>
        }
    };
    view! {
        <Router>
            <Routes fallback=not_found>
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("") view=ConversationsPage>
                    <Route path=path!("") view=NoConversation />
                    <Route path=path!("conversations/:id") view=ConversationRoute />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
