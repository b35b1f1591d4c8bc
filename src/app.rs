//! The app: its providers and its routes.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::i18n::{Key, initial_lang, provide_i18n, tr};
use crate::pages::conversations_page::{
    AtMessage, AtNewest, ConversationRoute, ConversationsPage, NoConversation,
};
use crate::pages::login_page::LoginPage;
use crate::pages::new_conversation_page::NewConversationPage;
use crate::paths;
use crate::state::session::provide_session;

/// The whole app.
///
/// The workspace (header, sidebar, event stream) is the parent of every logged-in route, so
/// it stays mounted while conversations open and close; a conversation's pane stays mounted
/// while the address moves between its newest messages and one of them.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n(initial_lang());
    provide_session();
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("") view=ConversationsPage>
                    <Route path=path!("") view=|| view! { <Redirect path=paths::CONVERSATIONS /> } />
                    <Route path=path!("/conversations") view=NoConversation />
                    <ParentRoute path=path!("/conversations/:id") view=ConversationRoute>
                        <Route path=path!("") view=AtNewest />
                        <Route path=path!("messages/:message") view=AtMessage />
                    </ParentRoute>
                    <Route path=path!("/new/:kind?") view=LazyNewConversation />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// An address the app does not know (also the admin pages' answer to anyone but an admin).
/// Its link loads the conversations afresh, whichever entry point shows it.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="not-found">
            <h1>{tr(Key::PageNotFound)}</h1>
            <a href=paths::CONVERSATIONS rel="external">{tr(Key::BackToConversations)}</a>
        </main>
    }
}

/// The "+ Créer" dialog, loaded when first opened (a split of the wasm).
#[component]
fn LazyNewConversation() -> impl IntoView {
    view! { <Suspense>{Suspend::new(async move { new_conversation_view().await })}</Suspense> }
}

// Split off (feature `split`) only in the app's build: the other entry points, built
// without it, would otherwise keep it whole, as the split exports it.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn new_conversation_view() -> AnyView {
    view! { <NewConversationPage /> }.into_any()
}
