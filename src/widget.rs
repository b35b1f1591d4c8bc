//! The item-sidebar widget, `/embed/items/{tool}/{item}`: one item's conversation in the
//! host product's page, in an iframe the loader (`public/parlons-widget.js`) creates. Its own
//! entry point (`src/bin/widget.rs`, its own small wasm), built from this crate's modules:
//! the conversation, editor, mentions and attachments of the app.
//!
//! The host page's server asks for a single-use ticket (integration API); the panel
//! exchanges it for a session limited to the item's conversation, kept in memory (a
//! third-party iframe may get no cookie). It tells the host page, and only it (`host` in its
//! address, the loader's origin), its height and the item's unread count.

use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_api::{ItemSummary, Me};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::{self, ApiError, EventStream};
use crate::components::composer::Composer;
use crate::components::conversation_pane::ConversationPane;
use crate::format::tool_name;
use crate::i18n::{Key, initial_lang, provide_i18n, tr, use_i18n};
use crate::paths;
use crate::state::conversations::{ListScope, provide_conversations};
use crate::state::drafts::provide_drafts;
use crate::state::panel::{provide_panel, use_panel};
use crate::state::sending::provide_sending;
use crate::state::session::{SessionStatus, provide_session_only};
use crate::state::uploading::provide_uploading;

/// Starts the panel in the page's `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(WidgetApp);
}

/// What the panel's address says: its ticket, and the host page's origin.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PanelAddress {
    /// The single-use ticket.
    pub ticket: Option<String>,
    /// The host page's origin, the only one told the unread count.
    pub host: Option<String>,
    /// The item's project, by the host's id.
    pub project: Option<String>,
    /// The item, by the host's id (the address's last segment).
    pub item: Option<String>,
}

impl PanelAddress {
    /// Reads the page's query string (`?project=…&ticket=…&host=…`) and path
    /// (`/embed/items/{tool}/{item}`).
    pub fn parse(query: &str, path: &str) -> Self {
        let decode = |text: &str| -> String {
            js_sys::decode_uri_component(text).map(String::from).unwrap_or_default()
        };
        let mut address = Self::default();
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        if let ["embed", "items", _tool, item] = segments.as_slice() {
            address.item = Some(decode(item)).filter(|item| !item.is_empty());
        }
        for pair in query.trim_start_matches('?').split('&') {
            let Some((name, value)) = pair.split_once('=') else { continue };
            let value = decode(value);
            match name {
                "ticket" if !value.is_empty() => address.ticket = Some(value),
                "project" if !value.is_empty() => address.project = Some(value),
                "host" if value.starts_with("http://") || value.starts_with("https://") => {
                    address.host = Some(value);
                }
                _ => {}
            }
        }
        address
    }
}

/// How the panel finds its session and item.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Opening {
    /// Through its ticket: the item the ticket is for.
    Ticket(ItemSummary),
    /// With the person's own session (a host page on the app's site): the item of these
    /// host ids, if the person may read it.
    OwnSession {
        /// The item's project, by the host's id.
        project: String,
        /// The item, by the host's id.
        item: String,
    },
}

/// The panel: its ticket exchanged (or the person's own session), then the item's
/// conversation.
#[component]
pub fn WidgetApp() -> impl IntoView {
    provide_i18n(initial_lang());
    let i18n = use_i18n();
    let location = web_sys::window().map(|w| w.location());
    let query = location.as_ref().and_then(|l| l.search().ok()).unwrap_or_default();
    let path = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_default();
    let address = PanelAddress::parse(&query, &path);
    let opened = RwSignal::new(None::<Result<Opening, ApiError>>);
    let host = address.host.clone();
    match (address.ticket, address.project, address.item) {
        (Some(ticket), _, _) => spawn_local(async move {
            opened.set(Some(match api::exchange_widget_ticket(&ticket).await {
                Ok(session) => {
                    api::use_widget_token(session.token);
                    Ok(Opening::Ticket(session.item))
                }
                Err(error) => Err(error),
            }));
        }),
        (None, Some(project), Some(item)) => {
            opened.set(Some(Ok(Opening::OwnSession { project, item })))
        }
        _ => opened.set(Some(Err(ApiError::Decode("no ticket".into())))),
    }
    move || match opened.get() {
        None => {
            view! { <div class="app-loading" aria-busy="true">{tr(Key::Loading)}</div> }.into_any()
        }
        Some(Err(ApiError::Server { status: 403, .. } | ApiError::Decode(_))) => {
            view! { <p class="panel-message" role="alert">{tr(Key::PanelExpired)}</p> }.into_any()
        }
        Some(Err(error)) => {
            view! { <p class="panel-message" role="alert">{error.describe(&i18n)}</p> }.into_any()
        }
        Some(Ok(opening)) => {
            view! { <PanelSession opening=opening host=host.clone() /> }.into_any()
        }
    }
}

/// The panel's session: who is logged in (through the ticket, or their own session).
#[component]
fn PanelSession(
    /// How the panel was opened.
    opening: Opening,
    /// The host page's origin.
    host: Option<String>,
) -> impl IntoView {
    let session = provide_session_only();
    let own = matches!(opening, Opening::OwnSession { .. });
    move || match session.status().get() {
        SessionStatus::LoggedIn(me) => match opening.clone() {
            Opening::Ticket(item) => {
                view! { <PanelWorkspace me=me item=item host=host.clone() /> }.into_any()
            }
            Opening::OwnSession { project, item } => {
                view! { <OwnItem me=me project=project item=item host=host.clone() /> }.into_any()
            }
        },
        SessionStatus::Checking => {
            view! { <div class="app-loading" aria-busy="true">{tr(Key::Loading)}</div> }.into_any()
        }
        SessionStatus::LoggedOut if own => view! {
            <p class="panel-message" role="alert">
                {tr(Key::PanelLogIn)} " "
                <a href=paths::login_then(&here()) target="_top">{tr(Key::LogIn)}</a>
            </p>
        }
        .into_any(),
        SessionStatus::LoggedOut => {
            view! { <p class="panel-message" role="alert">{tr(Key::PanelExpired)}</p> }.into_any()
        }
        SessionStatus::Unreachable => {
            view! { <p class="panel-message" role="alert">{tr(Key::ServerUnreachable)}</p> }
                .into_any()
        }
    }
}

/// The page's own address, to come back to after logging in.
fn here() -> String {
    let location = web_sys::window().map(|w| w.location());
    let path = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_default();
    let query = location.as_ref().and_then(|l| l.search().ok()).unwrap_or_default();
    format!("{path}{query}")
}

/// The item of these host ids, found with the person's own session, then its conversation.
#[component]
fn OwnItem(
    /// Who reads.
    me: Me,
    /// The item's project, by the host's id.
    project: String,
    /// The item, by the host's id.
    item: String,
    /// The host page's origin.
    host: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let found = LocalResource::new(move || {
        let (project, item) = (project.clone(), item.clone());
        async move { api::item_by_host_ids(&project, &item).await }
    });
    move || match found.get() {
        None => {
            view! { <div class="app-loading" aria-busy="true">{tr(Key::Loading)}</div> }.into_any()
        }
        Some(Ok(item)) => {
            view! { <PanelWorkspace me=me.clone() item=item host=host.clone() /> }.into_any()
        }
        Some(Err(ApiError::Server { status: 404, .. })) => {
            view! { <p class="panel-message" role="alert">{tr(Key::PanelNoItem)}</p> }.into_any()
        }
        Some(Err(error)) => {
            view! { <p class="panel-message" role="alert">{error.describe(&i18n)}</p> }.into_any()
        }
    }
}

/// The item's conversation, live, as in the app.
#[component]
fn PanelWorkspace(
    /// Who reads.
    me: Me,
    /// The item.
    item: ItemSummary,
    /// The host page's origin.
    host: Option<String>,
) -> impl IntoView {
    provide_drafts(me.id, me.company.id);
    let conversations = provide_conversations(me.id, ListScope::Item(item.id));
    let uploading = provide_uploading(me.id, me.company.id);
    let sending = provide_sending(conversations, uploading, me.id, me.company.id);
    let panel = provide_panel(item, conversations, sending);
    // Dropped (and so closed) with this component.
    let _stream = StoredValue::new_local(EventStream::connect(
        move |event| conversations.handle_event(event),
        move |status| conversations.set_stream_status(status),
    ));
    let unread = panel.unread();
    listen_to_host(host.clone(), panel);
    let host = StoredValue::new(host);
    host.with_value(|host| tell_host(host.as_deref(), "parlons:ready", "version", 1));
    Effect::new(move |_| {
        let count = unread.get();
        host.with_value(|host| tell_host(host.as_deref(), "parlons:unread", "count", count));
    });
    // The height whenever it changes (messages loaded, a message sent, a thread opened).
    let _size = StoredValue::new_local(watch_height(host.get_value()));
    let conversation = panel.conversation();
    view! {
        <main class="panel">
                {move || match (conversation.get(), panel.checked().get()) {
                    (Some(id), _) => view! { <ConversationPane id=id /> }.into_any(),
                    (None, false) => view! { <div class="app-loading" aria-busy="true">{tr(Key::Loading)}</div> }.into_any(),
                    (None, true) => view! { <FirstMessage /> }.into_any(),
                }}
        </main>
    }
}

/// Before anyone wrote about the item: its name, and the first message, which starts its
/// conversation.
#[component]
fn FirstMessage() -> impl IntoView {
    let panel = use_panel();
    let i18n = use_i18n();
    let item = panel.item();
    let heading = format!("{} {} · {}", tool_name(&item.tool), item.number, item.title);
    let state = RwSignal::new(parlons_editor::EditorState::default());
    let start = Callback::new(move |body| panel.start(body));
    view! {
        <section class="conversation-pane panel-start" aria-label=heading.clone()>
            <header class="conversation-header">
                <div class="conversation-heading">
                    <h1 class="conversation-name">{heading.clone()}</h1>
                </div>
            </header>
            <p class="panel-empty">{tr(Key::PanelNoMessages)}</p>
            {move || panel.error().get().map(|error| view! { <p class="form-error" role="alert">{error.describe(&i18n)}</p> })}
            <Composer state=state on_send=start label=Signal::derive(move || i18n.t(Key::WriteMessage).to_owned()) />
        </section>
    }
}

/// Takes what the loader tells the panel, from the host page's origin only: whether the
/// person can see it. A panel opened on its own (no host page) is seen.
fn listen_to_host(host: Option<String>, panel: crate::state::panel::Panel) {
    let Some(window) = web_sys::window() else { return };
    let parent = window.parent().ok().flatten();
    let framed = parent.as_ref().is_some_and(|parent| !js_sys::Object::is(parent, &window));
    if !framed {
        panel.set_visible(true);
        return;
    }
    let listener = window_event_listener(leptos::ev::message, move |event| {
        if host.as_deref() != Some(event.origin().as_str()) {
            return;
        }
        let data = event.data();
        let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
        if field("type").and_then(|t| t.as_string()).as_deref() == Some("parlons:visible") {
            panel.set_visible(field("visible").and_then(|v| v.as_bool()).unwrap_or(false));
        }
    });
    on_cleanup(move || listener.remove());
}

/// Tells the host page something (`{ type, [field]: value }`), at its origin only.
fn tell_host(host: Option<&str>, kind: &str, field: &str, value: u32) {
    let (Some(host), Some(parent)) =
        (host, web_sys::window().and_then(|w| w.parent().ok().flatten()))
    else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
    let _ = js_sys::Reflect::set(&message, &field.into(), &JsValue::from(value));
    let _ = parent.post_message(&message, host);
}

/// Tells the host page the panel's height each time it changes, while the observer lives.
fn watch_height(host: Option<String>) -> Option<(web_sys::ResizeObserver, Closure<dyn FnMut()>)> {
    let report = Closure::<dyn FnMut()>::new(move || report_height(host.as_deref()));
    let observer = web_sys::ResizeObserver::new(report.as_ref().unchecked_ref()).ok()?;
    let body = web_sys::window()?.document()?.body()?;
    observer.observe(&body);
    Some((observer, report))
}

/// Tells the host page the panel's height, for the loader to size its iframe.
fn report_height(host: Option<&str>) {
    let height = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .map_or(0, |body| body.scroll_height());
    tell_host(host, "parlons:size", "height", u32::try_from(height).unwrap_or(0));
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::PanelAddress;

    #[wasm_bindgen_test]
    fn the_address_gives_the_ticket_and_the_host_origin() {
        let address = PanelAddress::parse(
            "?project=2024-017&ticket=abc%2Bd&host=http%3A%2F%2F127.0.0.1%3A8081",
            "/embed/items/rfi/rfi%2012",
        );
        assert_eq!(address.project.as_deref(), Some("2024-017"));
        assert_eq!(address.item.as_deref(), Some("rfi 12"));
        assert_eq!(address.ticket.as_deref(), Some("abc+d"));
        assert_eq!(address.host.as_deref(), Some("http://127.0.0.1:8081"));
        let odd = PanelAddress::parse("ticket=&host=javascript%3Aalert(1)", "/elsewhere");
        assert_eq!(
            odd,
            PanelAddress::default(),
            "no empty ticket, no host that is not a web origin"
        );
    }
}
