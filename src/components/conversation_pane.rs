//! The open conversation: who is in it, its messages and the composer.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use parlons_api::{ConversationId, MessageId, PageAt};

use super::composer::ConversationComposer;
use super::conversation_actions::ConversationActions;
use super::file_drop::FileDrop;
use super::inline_error::InlineError;
use super::message_list::MessageList;
use super::message_row::{OpenThread, OwnMessages, may_change};
use super::outgoing::Outgoing;
use super::thread_panel::LazyThreadPanel;
use std::time::Duration;

use crate::format::{self, conversation_title};
use crate::i18n::{Key, tr, use_i18n};
use crate::paths;
use crate::state::conversations::{Place, use_conversations};
use crate::state::drafts::DraftPlace;
use crate::state::panel::Panel;
use crate::state::session::use_session;
use crate::state::uploads::Holder;

/// The conversation on screen.
#[component]
pub fn ConversationPane(
    /// Which conversation.
    id: ConversationId,
    /// The message to show and highlight (a search result), if any.
    #[prop(into, default = Signal::stored(None))]
    focus: Signal<Option<MessageId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let conversations = use_conversations();
    let in_panel = use_context::<Panel>().is_some();
    let inbox = conversations.inbox();
    let me = inbox.with_untracked(|inbox| inbox.me());
    let summary = Memo::new(move |_| inbox.with(|inbox| inbox.conversation(id).cloned()));
    // A memo, not a derived signal: the list reads it several times per change, and a long
    // thread must be copied once per change at most (and not at all when it did not change).
    let messages = Memo::new(move |_| {
        inbox.with(|inbox| inbox.thread(id).map(|t| t.messages.clone()).unwrap_or_default())
    });
    // Where the reader had stopped when opening: the "new messages" line stays there while
    // the conversation is open, even once everything is marked read.
    let new_after = summary.get_untracked().filter(|s| s.unread_count > 0).map(|s| s.read_up_to);
    let loaded = Memo::new(move |_| inbox.with(|inbox| inbox.thread(id).is_some_and(|t| t.loaded)));
    let has_older = Signal::derive(move || {
        inbox.with(|inbox| inbox.thread(id).is_some_and(|t| t.older_cursor.is_some()))
    });
    let has_newer = Signal::derive(move || {
        inbox.with(|inbox| inbox.thread(id).is_some_and(|t| t.newer_cursor.is_some()))
    });
    // The item panel has no addresses of its own (no router): its iframe stays where it is.
    let navigate = (!in_panel).then(use_navigate);
    // Back to the newest messages: the conversation's own address and its newest page (which
    // also drops any page still coming for where the reader was).
    let show_latest = Callback::new(move |()| {
        if let Some(navigate) = &navigate {
            let replace = NavigateOptions { replace: true, ..Default::default() };
            navigate(&paths::conversation(id), replace);
        }
        conversations.show_at(id, PageAt::Newest);
    });

    // One's own messages: editable and deletable for 5 minutes, if the company allows it.
    let now = RwSignal::new(format::now());
    let ticker =
        set_interval_with_handle(move || now.set(format::now()), Duration::from_secs(10)).ok();
    on_cleanup(move || {
        if let Some(ticker) = ticker {
            ticker.clear();
        }
    });
    let own = OwnMessages {
        editing: RwSignal::new(None),
        now: now.into(),
        enabled: use_session().allows(|me| me.edit_delete),
        change: Callback::new(move |request| conversations.change(request)),
    };
    provide_context(own);
    let thread = RwSignal::new(None::<MessageId>);
    provide_context(OpenThread(thread));
    let edit_last = Callback::new(move |()| {
        let last = messages.with_untracked(|messages| {
            messages
                .iter()
                .rev()
                .find(|m| may_change(m, me, now.get_untracked(), own.enabled.get_untracked()))
                .map(|m| m.id)
        });
        if let Some(id) = last {
            own.editing.set(Some(id));
        }
    });

    let first_page_failed = Memo::new(move |_| conversations.failure(Place::Older(id)).is_some());
    let title = move || {
        summary.with(|s| {
            s.as_ref().map(|s| conversation_title(s, me, i18n.lang())).unwrap_or_default()
        })
    };
    view! {
        <div class="pane-with-thread" class:thread-open=move || thread.get().is_some()>
        <section class="conversation-pane" aria-label=title>
            // Files dropped anywhere on the conversation go to its composer.
            <FileDrop holder=Holder::Draft(DraftPlace::Conversation(id, None).key())>
            <header class="conversation-header">
                // The item panel has no list to go back to.
                {(!in_panel).then(|| view! {
                    <A href=paths::CONVERSATIONS exact=true {..} class="back-link" aria-label=tr(Key::BackToConversations)>"‹"</A>
                })}
                <div class="conversation-heading">
                    <h1 class="conversation-name">{title}</h1>
                    <p class="conversation-context">
                        {move || summary.with(|s| s.as_ref().and_then(|s| s.project.as_ref()).map(|p| p.name.clone()))}
                        {move || {
                            summary.with(|s| {
                                s.as_ref().map(|s| {
                                    s.participants
                                        .iter()
                                        .map(|p| {
                                            let name = p.name.clone();
                                            view! {
                                                <span class="participant" class:external=p.is_external>
                                                    {name}
                                                    {p.is_external.then(|| view! { <span class="external-tag">{tr(Key::External)}</span> })}
                                                </span>
                                            }
                                        })
                                        .collect_view()
                                })
                            })
                        }}
                    </p>
                </div>
                <ConversationActions id=id me=me summary=summary />
            </header>
            <InlineError place=Place::Conversation(id) />
            <InlineError place=Place::Older(id) />
            {move || match (loaded.get(), first_page_failed.get()) {
                (false, true) => ().into_any(),
                (false, false) => view! { <div class="message-list loading" aria-busy="true"><div class="skeleton"></div><div class="skeleton short"></div><div class="skeleton"></div></div> }.into_any(),
                (true, _) => view! {
                <MessageList
                    messages=messages
                    has_older=has_older
                    on_load_older=Callback::new(move |()| conversations.load_page(id, true))
                    has_newer=has_newer
                    on_load_newer=Callback::new(move |()| conversations.load_newer(id))
                    on_show_latest=show_latest
                    focus=focus
                    me=me
                    new_after=new_after
                />
                }
                .into_any(),
            }}
            <InlineError place=Place::Newer(id) />
            <Outgoing conversation=id />
            <ConversationComposer conversation=id label=Key::WriteMessage on_up_when_empty=Some(edit_last) />
            </FileDrop>
        </section>
        {move || thread.get().map(|root| view! {
            <LazyThreadPanel conversation=id root=root me=me on_close=Callback::new(move |()| thread.set(None)) />
        })}
        </div>
    }
}
