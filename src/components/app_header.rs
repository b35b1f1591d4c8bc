//! The bar across the top: the product, the company, the unread total, the user.

use leptos::prelude::*;
use parlons_api::Me;

use crate::api::StreamStatus;
use crate::state::conversations::use_conversations;
use crate::state::session::use_session;

/// The app's header.
#[component]
pub fn AppHeader(
    /// The logged-in user.
    me: Me,
) -> impl IntoView {
    let session = use_session();
    let conversations = use_conversations();
    let inbox = conversations.inbox();
    let total = Memo::new(move |_| inbox.with(|inbox| inbox.total_unread()));
    let reconnecting = move || conversations.stream_status().get() == StreamStatus::Reconnecting;
    // The tab's title carries the count too, so it shows from other tabs.
    Effect::new(move |_| {
        let title = match total.get() {
            0 => "Parlons".to_owned(),
            n => format!("({n}) Parlons"),
        };
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&title);
        }
    });
    view! {
        <header class="app-header">
            <a href="/" class="brand">
                <span class="brand-mark" aria-hidden="true">"P"</span>
                <span class="brand-name">"Parlons"</span>
            </a>
            <span class="company-name">{me.company.name.clone()}</span>
            <span class="header-spacer"></span>
            <Show when=reconnecting>
                <span class="connection-status" role="status">"Reconnecting…"</span>
            </Show>
            <span class="unread-total" class:active={move || total.get() > 0} aria-live="polite">
                {move || match total.get() {
                    0 => "All caught up".to_owned(),
                    1 => "1 unread".to_owned(),
                    n => format!("{n} unread"),
                }}
            </span>
            <span class="user-name">{me.name.clone()}</span>
            <button class="logout-button" on:click=move |_| session.log_out()>"Log out"</button>
        </header>
    }
}
