//! A modal dialog: a backdrop that closes it when clicked, Escape that closes it wherever the
//! focus is, and the dialog's own content.

use leptos::prelude::*;

/// A modal dialog around `children`.
#[component]
pub fn Dialog(
    /// Its accessible name.
    #[prop(into)]
    label: Signal<String>,
    /// The class of the dialog box (its size and layout).
    class: &'static str,
    /// Closes it.
    on_close: Callback<()>,
    /// What it shows.
    children: Children,
) -> impl IntoView {
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_close.run(());
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close.run(())>
            <div class=class role="dialog" aria-modal="true" aria-label=label on:click=|ev| ev.stop_propagation()>
                {children()}
            </div>
        </div>
    }
}
