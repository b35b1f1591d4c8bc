//! What the reader can do with the open conversation: star, mark unread, archive, follow,
//! and a group's members where the company allows it.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use parlons_api::{ConversationId, ConversationKind, ConversationSummary, UserId};

use super::group_members::LazyGroupMembers;

use crate::api::Mark;
use crate::i18n::{Key, tr};
use crate::paths;
use crate::state::conversations::use_conversations;
use crate::state::panel::Panel;
use crate::state::session::use_session;

/// The action buttons of the conversation header.
#[component]
pub fn ConversationActions(
    /// The conversation.
    id: ConversationId,
    /// The reader.
    me: UserId,
    /// How the reader sees it now.
    #[prop(into)]
    summary: Signal<Option<ConversationSummary>>,
) -> impl IntoView {
    let conversations = use_conversations();
    let flag = move |pick: fn(&ConversationSummary) -> bool| {
        Signal::from(Memo::new(move |_| summary.with(|s| s.as_ref().is_some_and(pick))))
    };
    let is_item = flag(|s| s.kind == ConversationKind::Item);
    let manages = use_session().allows(|me| me.manage_groups);
    let group_project = Memo::new(move |_| {
        summary.with(|s| {
            s.as_ref()
                .filter(|s| manages.get() && s.kind == ConversationKind::Group)?
                .project
                .as_ref()
                .map(|p| p.id)
        })
    });
    let members_open = RwSignal::new(false);
    // The item panel keeps only what makes sense beside the item: following it.
    if use_context::<Panel>().is_some() {
        return view! {
            <div class="conversation-actions" role="toolbar" aria-label=tr(Key::ConversationActions)>
                <MarkButton id=id mark=Mark::Follow on=flag(|s| s.following) set=Key::Follow unset=Key::Unfollow />
            </div>
        }
        .into_any();
    }
    let navigate = use_navigate();
    view! {
        <div class="conversation-actions" role="toolbar" aria-label=tr(Key::ConversationActions)>
            <MarkButton id=id mark=Mark::Star on=flag(|s| s.starred) set=Key::Star unset=Key::Unstar />
            <button
                type="button"
                class="action-button"
                on:click=move |_| {
                    conversations.mark_unread(id);
                    navigate(paths::CONVERSATIONS, NavigateOptions::default());
                }
            >
                {tr(Key::MarkUnread)}
            </button>
            <MarkButton id=id mark=Mark::Hidden on=flag(|s| s.hidden) set=Key::Archive unset=Key::Unarchive />
            <Show when=move || is_item.get()>
                <MarkButton id=id mark=Mark::Follow on=flag(|s| s.following) set=Key::Follow unset=Key::Unfollow />
            </Show>
            {move || group_project.get().map(|project| view! {
                <button type="button" class="action-button" aria-haspopup="dialog" on:click=move |_| members_open.set(true)>
                    {tr(Key::Members)}
                </button>
                <Show when=move || members_open.get()>
                    <LazyGroupMembers id=id project=project me=me on_close=Callback::new(move |()| members_open.set(false)) />
                </Show>
            })}
        </div>
    }
    .into_any()
}

/// A button that sets or removes one of the reader's marks on the conversation.
#[component]
fn MarkButton(
    /// The conversation.
    id: ConversationId,
    /// Which mark.
    mark: Mark,
    /// Whether the mark is set now.
    on: Signal<bool>,
    /// The label while unset (what a click does).
    set: Key,
    /// The label while set.
    unset: Key,
) -> impl IntoView {
    let conversations = use_conversations();
    view! {
        <button
            type="button"
            class="action-button"
            class:on=move || on.get()
            aria-pressed=move || on.get().to_string()
            on:click=move |_| conversations.set_mark(id, mark, !on.get_untracked())
        >
            {move || if on.get() { tr(unset)() } else { tr(set)() }}
        </button>
    }
}
