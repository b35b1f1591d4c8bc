//! The files attached to a draft or to a message on its way: each with its kind, name, size,
//! a progress bar while it uploads, why it will not upload if it will not, and a button to
//! remove it.

use leptos::prelude::*;

use crate::format::{file_kind, file_size};
use crate::i18n::{Key, tr, use_i18n};
use crate::state::uploading::use_uploading;
use crate::state::uploads::{Failure, Holder, Upload, UploadStatus};

/// A holder's files, in the order they were attached.
#[component]
pub fn UploadList(
    /// Whose files.
    holder: Holder,
    /// Called with a file's key when the person removes it (else it is simply removed).
    #[prop(default = None)]
    on_remove: Option<Callback<String>>,
) -> impl IntoView {
    let uploading = use_uploading();
    let holder = StoredValue::new(holder);
    let files = Memo::new(move |_| holder.with_value(|holder| uploading.of(holder)));
    let remove =
        on_remove.unwrap_or_else(|| Callback::new(move |key: String| uploading.remove(&key)));
    view! {
        <Show when=move || files.with(|files| !files.is_empty())>
            <ul class="upload-list" aria-label=tr(Key::AttachedFiles)>
                <For
                    each=move || files.get()
                    key=|upload| upload.key.clone()
                    children=move |upload| {
                        let key = upload.key.clone();
                        let now = Memo::new(move |_| {
                            files.with(|files| files.iter().find(|u| u.key == key).cloned())
                        });
                        view! { <UploadItem upload=upload now=now on_remove=remove /> }
                    }
                />
            </ul>
        </Show>
    }
}

/// One file.
#[component]
fn UploadItem(
    /// The file as attached.
    upload: Upload,
    /// The file as it now stands (`None` once removed).
    now: Memo<Option<Upload>>,
    /// Removes it.
    on_remove: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let size = upload.size;
    let name = upload.name.clone();
    let sent = move || now.with(|u| u.as_ref().map_or(0, |u| u.sent));
    let status = move || now.with(|u| u.as_ref().map(|u| u.status.clone()));
    let uploading = move || {
        matches!(status(), Some(UploadStatus::Waiting { .. } | UploadStatus::Running { .. }))
    };
    let percent = move || {
        let percent = (sent() * 100).checked_div(size).unwrap_or(100).to_string();
        i18n.fill(Key::UploadProgress, &[("percent", &percent)])
    };
    let failure = move || match status() {
        Some(UploadStatus::Failed(failure)) => Some(match failure {
            Failure::TooLarge => i18n.t(Key::FileTooLarge).to_owned(),
            Failure::TooMany => i18n.t(Key::TooManyFiles).to_owned(),
            Failure::Lost => i18n.t(Key::UploadLost).to_owned(),
            Failure::Refused(reason) => reason,
        }),
        _ => None,
    };
    let key = StoredValue::new(upload.key.clone());
    let remove_label = {
        let name = name.clone();
        move || i18n.fill(Key::RemoveFile, &[("name", &name)])
    };
    view! {
        <li
            class="upload"
            class:failed=move || failure().is_some()
            class:done=move || status() == Some(UploadStatus::Done)
        >
            <span class="attachment-kind" aria-hidden="true">{file_kind(&upload.name, "")}</span>
            <span class="upload-name">{name.clone()}</span>
            <span class="upload-size">{move || file_size(size, i18n.lang())}</span>
            {move || uploading().then(|| view! {
                <progress
                    max=size.max(1).to_string()
                    value=sent().to_string()
                    aria-label=i18n.fill(Key::Uploading, &[("name", &name)])
                ></progress>
                <span class="upload-percent">{percent()}</span>
            })}
            {move || failure().map(|text| view! { <span class="upload-error" role="alert">{text}</span> })}
            <button
                type="button"
                class="upload-remove"
                aria-label=remove_label.clone()
                title=remove_label
                on:click=move |_| on_remove.run(key.get_value())
            >
                "×"
            </button>
        </li>
    }
}
