//! The integration token: create or rotate it, shown once, with a copy button.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::text::AdminKey;
use crate::i18n::{tr, use_i18n};
use crate::state::admin::use_admin;

/// The integration token's page.
#[component]
pub fn TokenPage() -> impl IntoView {
    let admin = use_admin();
    let i18n = use_i18n();
    let (created, creating) = admin.new_token();
    let confirming = RwSignal::new(false);
    let copied = RwSignal::new(false);
    let token = move || match created.get() {
        Some(Ok(token)) => Some(token.token),
        _ => None,
    };
    let error = move || match created.get() {
        Some(Err(error)) => Some(error.describe(&i18n)),
        _ => None,
    };
    let copy = move |_| {
        if let Some(token) = token() {
            copied.set(copy_to_clipboard(&token));
        }
    };
    view! {
        <section class="admin-card" aria-labelledby="token-title">
            <h1 id="token-title">{tr(AdminKey::TokenTitle)}</h1>
            <p class="admin-intro">{tr(AdminKey::TokenIntro)}</p>
            <p class="admin-warning" role="note">{tr(AdminKey::TokenWarning)}</p>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="primary-button" on:click=move |_| confirming.set(true)>
                        {tr(AdminKey::NewToken)}
                    </button>
                }
            >
                <div class="form-actions">
                    <button
                        type="button"
                        class="danger-button"
                        disabled=move || creating.get()
                        on:click=move |_| {
                            copied.set(false);
                            confirming.set(false);
                            admin.create_token();
                        }
                    >
                        {tr(AdminKey::ConfirmNewToken)}
                    </button>
                    <button type="button" class="secondary-button" on:click=move |_| confirming.set(false)>
                        {tr(AdminKey::Cancel)}
                    </button>
                </div>
            </Show>
            {move || creating.get().then(|| view! { <p role="status">{tr(AdminKey::Creating)}</p> })}
            {move || error().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
            {move || token().map(|token| view! {
                <div class="new-token">
                    <label for="new-token">{tr(AdminKey::TokenLabel)}</label>
                    <div class="token-row">
                        <input id="new-token" class="token-value" readonly value=token on:focus=move |ev| {
                            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                input.select();
                            }
                        } />
                        <button type="button" class="secondary-button" on:click=copy>
                            {move || i18n.t(if copied.get() { AdminKey::Copied } else { AdminKey::Copy })}
                        </button>
                    </div>
                    <p class="field-hint" role="status">{tr(AdminKey::TokenShownOnce)}</p>
                </div>
            })}
        </section>
    }
}

/// Puts `text` on the clipboard (`navigator.clipboard.writeText`); whether the browser took it.
fn copy_to_clipboard(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else { return false };
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")) else {
        return false;
    };
    let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    write.is_some_and(|write| write.call1(&clipboard, &JsValue::from_str(text)).is_ok())
}
