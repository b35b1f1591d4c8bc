//! Parlons, the single-page app: project messaging for businesses and their outside parties.
//!
//! Data flows one way: a browser event reaches a component, which calls an action of
//! [`state`]; the action calls [`api`] (HTTP), and the server's answer and its event stream
//! update [`state`], from which every view is derived.

pub mod admin;
pub mod api;
pub mod app;
pub mod components;
pub mod editor;
pub mod format;
pub mod i18n;
pub mod json;
pub mod pages;
pub mod paths;
pub mod retry;
pub mod state;
pub mod widget;

#[cfg(test)]
mod fixtures;

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Starts the app in the page's `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
