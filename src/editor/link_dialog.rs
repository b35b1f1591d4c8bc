//! The link dialog: an address for the selected text, checked before it is applied.

use leptos::prelude::*;
use parlons_api::rich_text::is_allowed_link;

use crate::i18n::{Key, tr};

/// A small form over the editor to link the selection, or remove its link.
#[component]
pub fn LinkDialog(
    /// The link where the caret is, if any.
    current: Option<String>,
    /// Called with `Some(Some(href))` to link, `Some(None)` to remove the link, `None` to
    /// leave things as they were.
    on_done: Callback<Option<Option<String>>>,
) -> impl IntoView {
    let had_link = current.is_some();
    let href = RwSignal::new(current.unwrap_or_else(|| "https://".to_owned()));
    let refused = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            let _ = input.focus();
            input.select();
        }
    });
    let apply = move || {
        let value = href.get_untracked().trim().to_owned();
        if is_allowed_link(&value) {
            on_done.run(Some(Some(value)));
        } else {
            refused.set(true);
        }
    };
    view! {
        <form
            class="link-dialog"
            role="dialog"
            aria-label=tr(Key::LinkButton)
            on:submit=move |ev| {
                ev.prevent_default();
                apply();
            }
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    ev.stop_propagation();
                    on_done.run(None);
                }
            }
        >
            <label>
                {tr(Key::LinkAddress)}
                <input
                    type="url"
                    node_ref=input
                    aria-invalid=move || refused.get().to_string()
                    prop:value=move || href.get()
                    on:input=move |ev| {
                        refused.set(false);
                        href.set(event_target_value(&ev));
                    }
                />
            </label>
            <Show when=move || refused.get()>
                <p class="form-error" role="alert">{tr(Key::LinkNotAllowed)}</p>
            </Show>
            <div class="link-dialog-buttons">
                {had_link.then(|| view! {
                    <button type="button" class="secondary-button" on:click=move |_| on_done.run(Some(None))>{tr(Key::RemoveLink)}</button>
                })}
                <button type="button" class="secondary-button" on:click=move |_| on_done.run(None)>{tr(Key::Cancel)}</button>
                <button type="submit" class="primary-button">{tr(Key::ApplyLink)}</button>
            </div>
        </form>
    }
}
