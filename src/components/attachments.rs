//! A message's files: images as previews that open full size in a viewer, other files as
//! cards (a badge of their kind, name, size) that download them.

use leptos::prelude::*;
use parlons_api::Attachment;

use super::dialog::Dialog;
use crate::api;
use crate::format::{file_kind, file_size};
use crate::i18n::{Key, use_i18n};

/// The files of one message, in the order they were sent.
#[component]
pub fn Attachments(
    /// The files.
    files: Vec<Attachment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (images, others): (Vec<Attachment>, Vec<Attachment>) =
        files.into_iter().partition(|file| file.preview);
    let viewing = RwSignal::new(None::<usize>);
    let previews = images
        .iter()
        .enumerate()
        .map(|(at, image)| {
            let (width, height) = preview_size(image);
            view! {
                <button type="button" class="attachment-image" on:click=move |_| viewing.set(Some(at))>
                    <img
                        src=image.preview_path().map(api::loaded_by_browser)
                        alt=image.name.clone()
                        width=width
                        height=height
                        loading="lazy"
                    />
                </button>
            }
        })
        .collect_view();
    let cards = others
        .into_iter()
        .map(|file| {
            let size = move || file_size(file.size, i18n.lang());
            view! {
                <a class="attachment-card" href=api::loaded_by_browser(file.download_path()) download=file.name.clone()>
                    <span class="attachment-kind" aria-hidden="true">{file_kind(&file.name, &file.content_type)}</span>
                    <span class="attachment-name">{file.name.clone()}</span>
                    <span class="attachment-size">{size}</span>
                </a>
            }
        })
        .collect_view();
    view! {
        <div class="attachments">{previews}{cards}</div>
        {move || viewing.get().map(|at| view! { <ImageViewer image=images[at].clone() at=at count=images.len() viewing=viewing /> })}
    }
}

/// The size an image's preview is shown at: at most 240 by 180, its proportions kept.
fn preview_size(image: &Attachment) -> (u32, u32) {
    let Some(size) = image.image else { return (240, 180) };
    let (width, height) = (u64::from(size.width.max(1)), u64::from(size.height.max(1)));
    // The smaller of the two ratios 240 / width and 180 / height, never above 1.
    let (scaled_width, scaled_height) = if width * 180 >= height * 240 {
        (width.min(240), height * width.min(240) / width)
    } else {
        (width * height.min(180) / height, height.min(180))
    };
    (u32::try_from(scaled_width).unwrap_or(240), u32::try_from(scaled_height).unwrap_or(180))
}

/// One image full size, over the page: Escape or the backdrop closes it, the arrow keys and
/// buttons move to the message's other images.
#[component]
fn ImageViewer(
    /// The image shown.
    image: Attachment,
    /// Its place among the message's images.
    at: usize,
    /// How many images the message has.
    count: usize,
    /// Which is shown, if any: moved by the arrows, emptied to close.
    viewing: RwSignal<Option<usize>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let step = move |by: usize| viewing.update(|at| *at = at.map(|at| (at + by) % count));
    let arrows = window_event_listener(leptos::ev::keydown, move |ev| match ev.key().as_str() {
        "ArrowRight" => step(1),
        "ArrowLeft" => step(count - 1),
        _ => {}
    });
    on_cleanup(move || arrows.remove());
    let close = Callback::new(move |()| viewing.set(None));
    view! {
        <Dialog label=image.name.clone() class="image-viewer" on_close=close>
            <img src=api::loaded_by_browser(image.download_path()) alt=image.name.clone() />
            <div class="image-viewer-bar">
                <span class="image-viewer-name">{image.name.clone()}</span>
                <button type="button" class="secondary-button" hidden=count < 2 aria-label=i18n.t(Key::PreviousImage) on:click=move |_| step(count - 1)>"‹"</button>
                <span class="image-viewer-position" hidden=count < 2>{format!("{} / {count}", at + 1)}</span>
                <button type="button" class="secondary-button" hidden=count < 2 aria-label=i18n.t(Key::NextImage) on:click=move |_| step(1)>"›"</button>
                <a class="secondary-button" href=api::loaded_by_browser(image.download_path()) download=image.name.clone()>{i18n.t(Key::Download)}</a>
                <button type="button" class="secondary-button" on:click=move |_| close.run(()) autofocus>{i18n.t(Key::Close)}</button>
            </div>
        </Dialog>
    }
}
