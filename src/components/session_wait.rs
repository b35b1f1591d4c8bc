//! What a page shows while it cannot show the logged-in user anything yet.

use leptos::prelude::*;

use crate::i18n::{Key, tr};
use crate::state::session::use_session;

/// "Loading…" while the session is being checked (or the login page is on its way), or the
/// server being unreachable with a way to try again.
#[component]
pub fn SessionWait(
    /// Whether the server could not be reached.
    unreachable: bool,
) -> impl IntoView {
    let session = use_session();
    if unreachable {
        view! {
            <div class="app-loading" role="alert">
                <p>{tr(Key::ServerUnreachable)}</p>
                <button class="primary-button" on:click=move |_| session.check()>{tr(Key::TryAgain)}</button>
            </div>
        }
        .into_any()
    } else {
        view! { <div class="app-loading" aria-busy="true">{tr(Key::Loading)}</div> }.into_any()
    }
}
