//! A place files can be dropped on, to attach them to a draft: says so while files are
//! dragged over it.

use leptos::prelude::*;

use crate::editor::dom;
use crate::i18n::{Key, tr};
use crate::state::uploading::use_uploading;
use crate::state::uploads::Holder;

/// Its children take dropped files for `holder`. It adds no box of its own (`display:
/// contents`): the hint covers the nearest positioned ancestor.
#[component]
pub fn FileDrop(
    /// Whom the files are for.
    holder: Holder,
    /// What files may be dropped on.
    children: Children,
) -> impl IntoView {
    let uploading = use_uploading();
    // Entering a child is leaving its parent: count, so that the hint does not flicker.
    let depth = RwSignal::new(0i32);
    let carries_files = |ev: &web_sys::DragEvent| {
        ev.data_transfer().is_some_and(|data| data.types().includes(&"Files".into(), 0))
    };
    view! {
        <div
            class="file-drop"
            class:dragging=move || { depth.get() > 0 }
            on:dragenter=move |ev| {
                if carries_files(&ev) {
                    ev.prevent_default();
                    depth.update(|d| *d += 1);
                }
            }
            on:dragover=move |ev| {
                // Saying "copy" is what allows the drop.
                if carries_files(&ev) {
                    ev.prevent_default();
                    if let Some(data) = ev.data_transfer() {
                        data.set_drop_effect("copy");
                    }
                }
            }
            on:dragleave=move |ev| {
                if carries_files(&ev) {
                    depth.update(|d| *d = (*d - 1).max(0));
                }
            }
            on:drop=move |ev| {
                depth.set(0);
                let files = dom::files(ev.data_transfer().and_then(|data| data.files()));
                if !files.is_empty() {
                    ev.prevent_default();
                    uploading.attach(&holder, files);
                }
            }
        >
            {children()}
            <p class="drop-hint" aria-hidden="true">{tr(Key::DropFiles)}</p>
        </div>
    }
}
