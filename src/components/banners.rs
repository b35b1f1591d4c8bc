//! The banners of new messages, top right: who, where, the first line; a click opens the
//! conversation, × dismisses. Screen readers hear of new messages from the workspace's
//! polite announcement, so the stack itself is not announced twice.

use leptos::prelude::*;

use crate::i18n::{Key, tr};
use crate::state::notifier::use_notifier;

/// The stack of banners.
#[component]
pub fn Banners() -> impl IntoView {
    let notifier = use_notifier();
    let banners = notifier.banners();
    view! {
        <section class="banners" aria-label=tr(Key::Notifications)>
            <For each=move || banners.get() key=|banner| banner.id let:banner>
                {
                    let (id, opened) = (banner.id, banner.clone());
                    // Named by what it says (who, where, the first line); a click opens it.
                    view! {
                        <div class="banner">
                            <button type="button" class="banner-open" on:click=move |_| notifier.open(&opened)>
                                <span class="banner-who">{banner.author.clone()}</span>
                                <span class="banner-where">{banner.place.clone()}</span>
                                <span class="banner-text">{banner.first_line.clone()}</span>
                            </button>
                            <button type="button" class="banner-close" aria-label=tr(Key::DismissNotification) on:click=move |_| notifier.dismiss(id)>"×"</button>
                        </div>
                    }
                }
            </For>
        </section>
    }
}
