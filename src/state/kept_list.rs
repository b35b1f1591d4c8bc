//! A list the browser keeps in `localStorage` for a state machine's driver (the outbox, the
//! uploads), so that a reload finds it: read once when the page starts, written whole at each
//! change, removed when empty. Without storage (a private window may refuse it) the list
//! simply lives as long as the page.

use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Where one list is kept.
#[derive(Clone, Copy)]
pub struct KeptList(StoredValue<String>);

/// The browser's `localStorage`, if it offers one.
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

impl KeptList {
    /// The list kept under `key`.
    pub fn new(key: String) -> Self {
        Self(StoredValue::new(key))
    }

    /// What is kept: empty when nothing is, or when it cannot be read.
    pub fn load<T: DeserializeOwned>(&self) -> Vec<T> {
        self.0
            .with_value(|key| storage()?.get_item(key).ok()?)
            .and_then(|json| crate::json::decode(&json).ok())
            .unwrap_or_default()
    }

    /// Keeps `entries` in place of what was kept.
    pub fn save<T: Serialize>(&self, entries: &[T]) {
        let (Some(storage), Ok(json)) = (storage(), crate::json::encode(&entries)) else { return };
        self.0.with_value(|key| {
            let _ = match entries.is_empty() {
                true => storage.remove_item(key),
                false => storage.set_item(key, &json),
            };
        });
    }
}
