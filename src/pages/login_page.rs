//! The login page.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use parlons_api::LoginRequest;

use crate::i18n::{Key, tr, use_i18n};
use crate::paths;
use crate::state::session::{SessionStatus, use_session};

/// E-mail and password, then on to the page the user came for (`?next=`), or the
/// conversations.
#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let log_in = Action::new_local(move |request: &LoginRequest| {
        let request = request.clone();
        async move { session.log_in(request).await }
    });
    let error = move || match log_in.value().get() {
        Some(Err(error)) => Some(error.describe(&i18n)),
        _ => None,
    };
    let query = use_query_map();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if matches!(session.status().get(), SessionStatus::LoggedIn(_)) {
            let next = query.with_untracked(|q| q.get("next"));
            let next = paths::after_login(next.as_deref());
            if paths::is_admin(next) {
                // Another entry point: a page of its own to load.
                if let Some(window) = web_sys::window() {
                    let _ = window.location().replace(next);
                }
                return;
            }
            let options = NavigateOptions { replace: true, ..Default::default() };
            navigate(next, options);
        }
    });
    view! {
        <main class="login-page">
            <form
                class="login-card"
                on:submit=move |ev| {
                    ev.prevent_default();
                    log_in.dispatch_local(LoginRequest { email: email.get_untracked(), password: password.get_untracked() });
                }
            >
                <div class="login-brand">
                    <span class="brand-mark" aria-hidden="true">"P"</span>
                    <h1>"Parlons"</h1>
                </div>
                <p class="login-intro">{tr(Key::LoginIntro)}</p>
                <label>
                    {tr(Key::Email)}
                    <input
                        type="email"
                        name="email"
                        autocomplete="username"
                        required
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    {tr(Key::Password)}
                    <input
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                </label>
                {move || error().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
                <button type="submit" class="primary-button" disabled=move || log_in.pending().get()>
                    {move || i18n.t(if log_in.pending().get() { Key::LoggingIn } else { Key::LogIn })}
                </button>
            </form>
        </main>
    }
}
