//! The app: its providers and its routes.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::pages::conversations_page::{ConversationRoute, ConversationsPage, NoConversation};
use crate::pages::login_page::LoginPage;
use crate::state::session::provide_session;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_session();
    view! {
        <Router>
            <Routes fallback=|| view! { <p class="not-found">"This page does not exist. " <a href="/">"Back to conversations"</a></p> }>
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("") view=ConversationsPage>
                    <Route path=path!("") view=NoConversation />
                    <Route path=path!("conversations/:id") view=ConversationRoute />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
