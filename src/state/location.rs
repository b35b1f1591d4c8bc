//! Where the app is: the URL's path as a signal, the few routes it can mean, and moving
//! between them with the browser's history (back and forward work, links are intercepted).
//!
//! The app has a handful of routes, so it keeps this small router of its own rather than a general
//! one: every kilobyte of the download counts (PRODUCT.md section 6).

use leptos::prelude::*;
use parlons_api::{ConversationId, MessageId};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// What a path means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `/login`.
    Login,
    /// `/`: the conversations, none open.
    Home,
    /// `/conversations/{id}`.
    Conversation(ConversationId),
    /// `/conversations/{id}/messages/{message}`: the conversation at one of its messages.
    Message(ConversationId, MessageId),
    /// Anything else.
    NotFound,
}

impl Route {
    /// The route of a path.
    pub fn parse(path: &str) -> Self {
        let path = path.trim_end_matches('/');
        match path {
            "" => Route::Home,
            "/login" => Route::Login,
            _ => {
                let Some(rest) = path.strip_prefix("/conversations/") else {
                    return Route::NotFound;
                };
                let parts: Vec<&str> = rest.split('/').collect();
                let number = |part: &str| part.parse::<i64>().ok();
                match parts.as_slice() {
                    [id] => number(id).map(|id| Route::Conversation(ConversationId(id))),
                    [id, "messages", message] => number(id)
                        .zip(number(message))
                        .map(|(id, m)| Route::Message(ConversationId(id), MessageId(m))),
                    _ => None,
                }
                .unwrap_or(Route::NotFound)
            }
        }
    }

    /// The path of a route.
    pub fn path(self) -> String {
        match self {
            Route::Login => "/login".to_owned(),
            Route::Home | Route::NotFound => "/".to_owned(),
            Route::Conversation(id) => format!("/conversations/{id}"),
            Route::Message(id, message) => format!("/conversations/{id}/messages/{message}"),
        }
    }
}

/// The current path, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Location {
    path: RwSignal<String>,
}

fn current_path() -> String {
    web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_else(|| "/".to_owned())
}

/// Provides the location, following the browser's back and forward buttons and intercepting
/// clicks on the app's own links.
pub fn provide_location() -> Location {
    let location = Location { path: RwSignal::new(current_path()) };
    provide_context(location);
    if let Some(window) = web_sys::window() {
        let on_pop = Closure::<dyn FnMut()>::new(move || location.path.set(current_path()));
        let _ =
            window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        on_pop.forget();
        let on_click =
            Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
                if let Some(path) = own_link(&ev) {
                    ev.prevent_default();
                    location.go(&path);
                }
            });
        if let Some(document) = window.document() {
            let _ = document
                .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        }
        on_click.forget();
    }
    location
}

/// The path of an app link a plain click landed on (not a new tab, not another site).
fn own_link(ev: &web_sys::MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let link = target.closest("a[href]").ok()??;
    if link.has_attribute("target") || link.has_attribute("download") {
        return None;
    }
    let href = link.get_attribute("href")?;
    href.starts_with('/')
        .then_some(href)
        .filter(|h| !h.starts_with("//") && !h.starts_with("/api/"))
}

/// The location provided by [`provide_location`].
pub fn use_location() -> Location {
    expect_context::<Location>()
}

impl Location {
    /// The current route (tracked).
    pub fn route(&self) -> Route {
        self.path.with(|path| Route::parse(path))
    }

    /// Goes to a path, as a new entry of the browser's history. Going to the current path
    /// adds no entry but still tells the views, which may show its place again (a search
    /// result's message, after scrolling away from it).
    pub fn go(&self, path: &str) {
        let elsewhere = self.path.with_untracked(|current| current != path);
        if elsewhere && let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
        }
        self.path.set(path.to_owned());
    }

    /// Replaces the current path (a redirect: no new history entry).
    pub fn replace(&self, path: &str) {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
        }
        self.path.set(path.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn paths_mean_routes_and_back() {
        assert_eq!(Route::parse("/"), Route::Home);
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("/login"), Route::Login);
        assert_eq!(Route::parse("/conversations/42"), Route::Conversation(ConversationId(42)));
        assert_eq!(Route::parse("/conversations/42/"), Route::Conversation(ConversationId(42)));
        assert_eq!(Route::parse("/conversations/x"), Route::NotFound);
        assert_eq!(Route::parse("/elsewhere"), Route::NotFound);
        assert_eq!(Route::Conversation(ConversationId(7)).path(), "/conversations/7");
        let at = Route::Message(ConversationId(7), MessageId(90));
        assert_eq!(Route::parse("/conversations/7/messages/90"), at);
        assert_eq!(at.path(), "/conversations/7/messages/90");
        assert_eq!(Route::parse("/conversations/7/messages/x"), Route::NotFound);
        assert_eq!(Route::parse("/conversations/7/files/90"), Route::NotFound);
    }
}
