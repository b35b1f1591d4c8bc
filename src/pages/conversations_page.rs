//! The Conversations view: header, sidebar, and the open conversation.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_url};
use parlons_api::{ConversationId, ConversationSummary, Me, MessageId, UserId};

use crate::api::EventStream;
use crate::app::NotFound;
use crate::components::app_header::AppHeader;
use crate::components::banners::Banners;
use crate::components::conversation_pane::ConversationPane;
use crate::components::inline_error::InlineError;
use crate::components::quick_switcher::QuickSwitcher;
use crate::components::search_panel::SearchPanel;
use crate::components::session_wait::SessionWait;
use crate::components::sidebar::{Sidebar, next_unread};
use crate::format::conversation_title;
use crate::i18n::{Key, tr, use_i18n};
use crate::paths;
use crate::state::conversations::{
    ListScope, ListStatus, Place, provide_conversations, use_conversations,
};
use crate::state::drafts::provide_drafts;
use crate::state::notifier::provide_notifier;
use crate::state::search::provide_search;
use crate::state::sending::provide_sending;
use crate::state::session::{SessionStatus, use_session};
use crate::state::uploading::provide_uploading;

/// The conversations: the workspace once logged in; the login page otherwise, which comes
/// back here once logged in.
#[component]
pub fn ConversationsPage() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    let status = Memo::new(move |_| session.status().get());
    Effect::new(move |_| {
        if status.get() == SessionStatus::LoggedOut {
            let here =
                format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
            navigate(
                &paths::login_then(&here),
                NavigateOptions { replace: true, ..Default::default() },
            );
        }
    });
    move || match status.get() {
        SessionStatus::LoggedIn(me) => view! { <Workspace me=me /> }.into_any(),
        other => {
            view! { <SessionWait unreachable=other == SessionStatus::Unreachable /> }.into_any()
        }
    }
}

/// The logged-in workspace: loads the conversations and keeps them live.
#[component]
fn Workspace(
    /// The logged-in user.
    me: Me,
) -> impl IntoView {
    let i18n = use_i18n();
    provide_drafts(me.id, me.company.id);
    let conversations = provide_conversations(me.id, ListScope::All);
    let uploading = provide_uploading(me.id, me.company.id);
    provide_sending(conversations, uploading, me.id, me.company.id);
    conversations.load();
    let search = provide_search();
    let navigate_to = use_navigate();
    let open =
        Callback::new(move |id| navigate_to(&paths::conversation(id), NavigateOptions::default()));
    provide_notifier(conversations, me.id, open);
    // Dropped (and so closed) with this component.
    let _stream = StoredValue::new_local(EventStream::connect(
        move |event| conversations.handle_event(event),
        move |status| conversations.set_stream_status(status),
    ));
    let inbox = conversations.inbox();
    let list = Signal::derive(move || inbox.with(|inbox| inbox.conversations().to_vec()));
    // On a phone the main column replaces the sidebar whenever it shows something.
    let pathname = use_location().pathname;
    let main_in_use = Memo::new(move |_| {
        pathname.with(|path| path.trim_end_matches('/') != paths::CONVERSATIONS)
    });
    let user = me.id;
    let navigate = use_navigate();
    let switcher = RwSignal::new(false);
    let to_next_unread = navigate.clone();
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let key = ev.key();
        if (ev.ctrl_key() || ev.meta_key()) && key.eq_ignore_ascii_case("k") {
            ev.prevent_default();
            switcher.update(|open| *open = !*open);
        } else if ev.alt_key() && ev.shift_key() && (key == "ArrowDown" || key == "ArrowUp") {
            ev.prevent_default();
            let next = inbox.with_untracked(|inbox| {
                next_unread(
                    inbox.conversations(),
                    inbox.open_id(),
                    key == "ArrowDown",
                    user,
                    i18n.lang(),
                )
            });
            if let Some(id) = next {
                to_next_unread(&paths::conversation(id), NavigateOptions::default());
            }
        }
    });
    on_cleanup(move || keys.remove());
    let announcement = move || {
        conversations.incoming().get().map(|message| {
            let title = inbox
                .with(|inbox| {
                    inbox
                        .conversation(message.conversation_id)
                        .map(|c| conversation_title(c, user, i18n.lang()))
                })
                .unwrap_or_default();
            i18n.fill(Key::NewMessageFrom, &[("name", &message.author.name), ("title", &title)])
        })
    };
    let choose = Callback::new({
        let navigate = navigate.clone();
        move |id| {
            switcher.set(false);
            navigate(&paths::conversation(id), NavigateOptions::default());
        }
    });
    let close_switcher = Callback::new(move |()| switcher.set(false));
    view! {
        <div class="workspace" class:has-open=move || main_in_use.get() || search.open.get()>
            <div class="visually-hidden" aria-live="polite" role="status">{announcement}</div>
            <Banners />
            <Show when=move || switcher.get()>
                <Suspense>
                    {Suspend::new(quick_switcher_view(list, user, choose, close_switcher))}
                </Suspense>
            </Show>
            <AppHeader me=me />
            <div class="workspace-body">
                <aside class="sidebar-column">
                    <InlineError place=Place::List />
                    {move || match conversations.list_status().get() {
                        ListStatus::Loading => view! {
                            <div class="sidebar loading" aria-busy="true">
                                <div class="skeleton"></div><div class="skeleton short"></div><div class="skeleton"></div>
                            </div>
                        }
                        .into_any(),
                        ListStatus::Failed(error) => view! {
                            <div class="sidebar" role="alert">
                                <p class="form-error">{move || error.describe(&i18n)}</p>
                                <button class="secondary-button" on:click=move |_| conversations.load()>
                                    {tr(Key::TryAgain)}
                                </button>
                            </div>
                        }
                        .into_any(),
                        ListStatus::Ready => view! { <Sidebar conversations=list me=user /> }.into_any(),
                    }}
                </aside>
                <main class="conversation-column">
                    // The conversation stays mounted under the search, to come back to as it was.
                    <Show when=move || search.open.get()>
                        <Suspense>{Suspend::new(search_panel_view(user))}</Suspense>
                    </Show>
                    <div class="conversation-slot" class:hidden=move || search.open.get()>
                        <Outlet />
                    </div>
                </main>
            </div>
        </div>
    }
}

/// The quick switcher (Ctrl+K), loaded when first opened (a split of the wasm).
// Split off (feature `split`) only in the app's build: the other entry points, built
// without it, would otherwise keep it whole, as the split exports it.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn quick_switcher_view(
    conversations: Signal<Vec<ConversationSummary>>,
    me: UserId,
    on_choose: Callback<ConversationId>,
    on_close: Callback<()>,
) -> AnyView {
    view! { <QuickSwitcher conversations=conversations me=me on_choose=on_choose on_close=on_close /> }
        .into_any()
}

/// The search panel, loaded when first opened (a split of the wasm).
// Split off (feature `split`) only in the app's build: the other entry points, built
// without it, would otherwise keep it whole, as the split exports it.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn search_panel_view(me: UserId) -> AnyView {
    view! { <SearchPanel me=me /> }.into_any()
}

/// The conversation the route names, with its messages and composer; the child route says
/// where in it to stand ([`AtNewest`], [`AtMessage`]).
#[component]
pub fn ConversationRoute() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")?.parse().ok().map(ConversationId)));
    // Set at each visit of a message's address, even the same one again: the list shows it
    // again after the reader scrolled away.
    let focus = RwSignal::new(None::<MessageId>);
    provide_context(MessageFocus(focus));
    view! {
        {move || match id.get() {
            Some(id) => view! { <ConversationPane id=id focus=focus /> }.into_any(),
            None => view! { <NotFound /> }.into_any(),
        }}
        <Outlet />
    }
}

/// The message a conversation's address points at, provided by [`ConversationRoute`].
#[derive(Clone, Copy)]
struct MessageFocus(RwSignal<Option<MessageId>>);

/// A number from the route's parameters.
fn param(name: &'static str) -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get(name)?.parse().ok()))
}

/// `/conversations/{id}`: the conversation at its newest messages.
#[component]
pub fn AtNewest() -> impl IntoView {
    let conversations = use_conversations();
    let MessageFocus(focus) = expect_context();
    let id = param("id");
    Effect::new(move |_| {
        focus.set(None);
        conversations.open(id.get().map(ConversationId));
    });
}

/// `/conversations/{id}/messages/{message}`: the conversation at one of its messages (a
/// search result), loaded around it and highlighted.
#[component]
pub fn AtMessage() -> impl IntoView {
    let conversations = use_conversations();
    let MessageFocus(focus) = expect_context();
    let (id, message) = (param("id"), param("message"));
    // The address itself is tracked, not only its parameters: following the same link again
    // shows the message again.
    let url = use_url();
    Effect::new(move |_| {
        url.track();
        if let (Some(id), Some(message)) = (id.get(), message.get()) {
            conversations.open_at(ConversationId(id), MessageId(message));
            focus.set(Some(MessageId(message)));
        }
    });
}

/// `/conversations`: nothing open yet.
#[component]
pub fn NoConversation() -> impl IntoView {
    use_conversations().open(None);
    view! {
        <div class="no-conversation">
            <p class="no-conversation-title">{tr(Key::PickConversation)}</p>
            <p>{tr(Key::PickConversationHint)}</p>
        </div>
    }
}
