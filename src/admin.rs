//! The admin pages, `/admin`: a company admin's Conversations settings, integration token,
//! export and audit log. Their own entry point (`src/bin/admin.rs`, its own wasm, built from
//! this crate's modules), so that the Conversations app never downloads them.

mod audit_page;
mod export_page;
mod settings_page;
pub mod text;
mod token_page;

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::app::NotFound;
use crate::components::session_wait::SessionWait;
use crate::i18n::{Key, Lang, initial_lang, provide_i18n, tr, use_i18n};
use crate::paths;
use crate::state::admin::provide_admin;
use crate::state::session::{SessionStatus, provide_session_only};
use text::AdminKey;

/// Starts the admin pages in the page's `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(AdminApp);
}

/// The admin pages: for a company admin only; anyone else gets the app's "not found" page
/// (and the server refuses their calls anyway).
#[component]
pub fn AdminApp() -> impl IntoView {
    provide_i18n(initial_lang());
    let session = provide_session_only();
    let status = Memo::new(move |_| session.status().get());
    Effect::new(move |_| {
        if status.get() == SessionStatus::LoggedOut {
            let here = web_sys::window().and_then(|w| w.location().pathname().ok());
            let login = paths::login_then(here.as_deref().unwrap_or(paths::ADMIN));
            if let Some(window) = web_sys::window() {
                let _ = window.location().replace(&login);
            }
        }
    });
    move || match status.get() {
        SessionStatus::LoggedIn(me) if me.company.is_admin => {
            view! { <AdminWorkspace company=me.company.name /> }.into_any()
        }
        SessionStatus::LoggedIn(_) => view! { <NotFound /> }.into_any(),
        other => {
            view! { <SessionWait unreachable=other == SessionStatus::Unreachable /> }.into_any()
        }
    }
}

/// The admin pages' header, sections and the section at the address.
#[component]
fn AdminWorkspace(
    /// The company's name.
    company: String,
) -> impl IntoView {
    provide_admin();
    let i18n = use_i18n();
    view! {
        <Router>
            <header class="app-header admin-header">
                <a href=paths::CONVERSATIONS rel="external" class="brand">
                    <span class="brand-mark" aria-hidden="true">"P"</span>
                    <span class="brand-name">"Parlons"</span>
                </a>
                <span class="company-name">{company}</span>
                <span class="admin-badge">{tr(AdminKey::Administration)}</span>
                <span class="header-spacer"></span>
                <select
                    class="language-select"
                    aria-label=tr(Key::Language)
                    on:change=move |ev| i18n.set(Lang::from_tag(&event_target_value(&ev)))
                >
                    {Lang::ALL
                        .into_iter()
                        .map(|lang| view! { <option value=lang.tag() selected=move || i18n.lang() == lang>{lang.name()}</option> })
                        .collect_view()}
                </select>
                <a href=paths::CONVERSATIONS rel="external" class="secondary-button">{tr(AdminKey::BackToApp)}</a>
            </header>
            <div class="admin-layout">
                <nav class="admin-nav" aria-label=tr(AdminKey::AdminNav)>
                    <A href=paths::ADMIN exact=true>{tr(AdminKey::SettingsTab)}</A>
                    <A href=paths::ADMIN_TOKEN>{tr(AdminKey::TokenTab)}</A>
                    <A href=paths::ADMIN_EXPORT>{tr(AdminKey::ExportTab)}</A>
                    <A href=paths::ADMIN_AUDIT_LOG>{tr(AdminKey::AuditTab)}</A>
                </nav>
                <main class="admin-main">
                    <Routes fallback=NotFound>
                        <Route path=path!("/admin") view=settings_page::SettingsPage />
                        <Route path=path!("/admin/token") view=token_page::TokenPage />
                        <Route path=path!("/admin/export") view=export_page::ExportPage />
                        <Route path=path!("/admin/audit-log") view=audit_page::AuditPage />
                    </Routes>
                </main>
            </div>
        </Router>
    }
}
