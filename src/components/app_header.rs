//! The bar across the top: the product, the company, the unread total, the user.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use parlons_api::{CompanyId, Me};

use super::notification_settings::NotificationSettings;
use crate::api::StreamStatus;
use crate::i18n::{Key, Lang, tr, use_i18n};
use crate::paths;
use crate::state::conversations::use_conversations;
use crate::state::search::use_search;
use crate::state::session::use_session;

/// The app's header.
#[component]
pub fn AppHeader(
    /// The logged-in user.
    me: Me,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let conversations = use_conversations();
    let search = use_search();
    let inbox = conversations.inbox();
    let total = Memo::new(move |_| inbox.with(|inbox| inbox.total_unread()));
    let connection = move || match conversations.stream_status().get() {
        StreamStatus::Offline => Some(Key::Offline),
        StreamStatus::Reconnecting => Some(Key::Reconnecting),
        StreamStatus::Connecting | StreamStatus::Open => None,
    };
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
    let unread_text = move || match total.get() {
        0 => i18n.t(Key::AllCaughtUp).to_owned(),
        n => i18n.count(Key::UnreadOne, Key::UnreadOther, n),
    };
    let settings_open = RwSignal::new(false);
    let menu = NodeRef::<leptos::html::Details>::new();
    let close_settings = Callback::new(move |()| settings_open.set(false));
    view! {
        <header class="app-header">
            <A href=paths::CONVERSATIONS exact=true {..} class="brand">
                <span class="brand-mark" aria-hidden="true">"P"</span>
                <span class="brand-name">"Parlons"</span>
            </A>
            {if me.companies.len() > 1 {
                let current = me.company.id;
                view! {
                    <select
                        class="company-select"
                        aria-label=tr(Key::Company)
                        on:change=move |ev| {
                            if let Ok(id) = event_target_value(&ev).parse() {
                                navigate(paths::CONVERSATIONS, NavigateOptions::default());
                                session.switch_company(CompanyId(id));
                            }
                        }
                    >
                        {me
                            .companies
                            .iter()
                            .map(|c| view! { <option value=c.id.to_string() selected=c.id == current>{c.name.clone()}</option> })
                            .collect_view()}
                    </select>
                }
                .into_any()
            } else {
                view! { <span class="company-name">{me.company.name.clone()}</span> }.into_any()
            }}
            <button type="button" class="search-button" aria-label=tr(Key::SearchMessages) on:click=move |_| search.open.set(true)>
                <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path d="M10 3a7 7 0 1 0 4.2 12.6l5.1 5.1 1.4-1.4-5.1-5.1A7 7 0 0 0 10 3zm0 2a5 5 0 1 1 0 10 5 5 0 0 1 0-10z" fill="currentColor"></path></svg>
                <span>{tr(Key::SearchMessages)}</span>
            </button>
            <span class="header-spacer"></span>
            {move || connection().map(|key| view! { <span class="connection-status" role="status">{tr(key)}</span> })}
            <span class="unread-total" class:active={move || total.get() > 0} aria-live="polite">
                {unread_text}
            </span>
            <A href={paths::NEW} {..} class="create-button">{tr(Key::Create)}</A>
            <details class="user-menu" node_ref=menu>
                <summary>
                    <span class="user-name">{me.name.clone()}</span>
                    <span class="visually-hidden">", " {tr(Key::UserMenu)}</span>
                    <span aria-hidden="true">" ▾"</span>
                </summary>
                <div class="menu-panel">
            <label class="menu-row">
                {tr(Key::Language)}
            <select
                class="language-select"
                aria-label=tr(Key::Language)
                on:change=move |ev| {
                    let tag = event_target_value(&ev);
                    i18n.set(Lang::from_tag(&tag));
                }
            >
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        view! {
                            <option value=lang.tag() selected=move || i18n.lang() == lang>
                                {lang.name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            </label>
            <button type="button" class="secondary-button" on:click=move |_| {
                // The menu closes behind the dialog it opens.
                if let Some(menu) = menu.get_untracked() {
                    menu.set_open(false);
                }
                settings_open.set(true);
            }>
                {tr(Key::Notifications)}
            </button>
            {me.company.is_admin.then(|| view! {
                <a class="secondary-button" href=paths::ADMIN rel="external">{tr(Key::Administration)}</a>
            })}
            <button class="logout-button" on:click=move |_| session.log_out()>
                {tr(Key::LogOut)}
            </button>
                </div>
            </details>
            <Show when=move || settings_open.get()>
                <NotificationSettings on_close=close_settings />
            </Show>
        </header>
    }
}
