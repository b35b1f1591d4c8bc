//! What the reader can do with the open conversation: star, mark unread, archive, follow.

use leptos::prelude::*;
use parlons_api::{ConversationId, ConversationKind, ConversationSummary};

use crate::api::Mark;
use crate::i18n::{Key, tr};
use crate::state::conversations::use_conversations;
use crate::state::location::{Route, use_location};

/// The action buttons of the conversation header.
#[component]
pub fn ConversationActions(
    /// The conversation.
    id: ConversationId,
    /// How the reader sees it now.
    #[prop(into)]
    summary: Signal<Option<ConversationSummary>>,
) -> impl IntoView {
    let conversations = use_conversations();
    let location = use_location();
    let flag = move |pick: fn(&ConversationSummary) -> bool| {
        summary.with(|s| s.as_ref().is_some_and(pick))
    };
    let starred = move || flag(|s| s.starred);
    let hidden = move || flag(|s| s.hidden);
    let following = move || flag(|s| s.following);
    let is_item = move || flag(|s| s.kind == ConversationKind::Item);
    view! {
        <div class="conversation-actions" role="toolbar" aria-label=tr(Key::ConversationActions)>
            <button
                type="button"
                class="action-button star"
                class:on=starred
                aria-pressed=move || starred().to_string()
                on:click=move |_| conversations.set_mark(id, Mark::Star, !starred())
            >
                <span aria-hidden="true">{move || if starred() { "★" } else { "☆" }}</span>
                <span class="action-label">{move || if starred() { tr(Key::Unstar)() } else { tr(Key::Star)() }}</span>
            </button>
            <button
                type="button"
                class="action-button"
                on:click=move |_| {
                    conversations.mark_unread(id);
                    location.go(&Route::Home.path());
                }
            >
                <span class="action-label">{tr(Key::MarkUnread)}</span>
            </button>
            <button
                type="button"
                class="action-button"
                on:click=move |_| conversations.set_mark(id, Mark::Hidden, !hidden())
            >
                <span class="action-label">{move || if hidden() { tr(Key::Unarchive)() } else { tr(Key::Archive)() }}</span>
            </button>
            <Show when=is_item>
                <button
                    type="button"
                    class="action-button"
                    class:on=following
                    aria-pressed=move || following().to_string()
                    on:click=move |_| conversations.set_mark(id, Mark::Follow, !following())
                >
                    <span class="action-label">{move || if following() { tr(Key::Unfollow)() } else { tr(Key::Follow)() }}</span>
                </button>
            </Show>
        </div>
    }
}
