//! The Conversations view: header, sidebar, and the open conversation.

use leptos::prelude::*;
use parlons_api::Me;

use crate::api::EventStream;
use crate::components::app_header::AppHeader;
use crate::components::conversation_pane::ConversationPane;
use crate::components::quick_switcher::QuickSwitcher;
use crate::components::search_panel::SearchPanel;
use crate::components::sidebar::{Sidebar, next_unread};
use crate::format::conversation_title;
use crate::i18n::{Key, tr, use_i18n};
use crate::state::conversations::{ListStatus, provide_conversations, use_conversations};
use crate::state::location::{Route, use_location};
use crate::state::search::provide_search;
use crate::state::session::{SessionStatus, use_session};

/// The conversations: the workspace once logged in, the login page otherwise.
#[component]
pub fn ConversationsPage() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let status = Memo::new(move |_| session.status().get());
    Effect::new(move |_| {
        if status.get() == SessionStatus::LoggedOut {
            location.replace(&Route::Login.path());
        }
    });
    move || {
        match status.get() {
        SessionStatus::Checking | SessionStatus::LoggedOut => {
            view! { <div class="app-loading" aria-busy="true">{tr(Key::Loading)}</div> }.into_any()
        }
        SessionStatus::Unreachable => view! {
            <div class="app-loading" role="alert">
                <p>{tr(Key::ServerUnreachable)}</p>
                <button class="primary-button" on:click=move |_| session.check()>{tr(Key::TryAgain)}</button>
            </div>
        }
        .into_any(),
        SessionStatus::LoggedIn(me) => view! { <Workspace me=me /> }.into_any(),
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
    let conversations = provide_conversations(me.id);
    conversations.load();
    let search = provide_search();
    // Dropped (and so closed) with this component.
    let _stream = StoredValue::new_local(EventStream::connect(
        move |event| conversations.handle_event(event),
        move |status| conversations.set_stream_status(status),
    ));
    let inbox = conversations.inbox();
    let list = Signal::derive(move || inbox.with(|inbox| inbox.conversations().to_vec()));
    let selected = Signal::derive(move || inbox.with(|inbox| inbox.open_id()));
    let user = me.id;
    let location = use_location();
    let switcher = RwSignal::new(false);
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
                location.go(&Route::Conversation(id).path());
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
    view! {
        <div class="workspace" class:has-open=move || selected.get().is_some() || search.open.get()>
            <div class="visually-hidden" aria-live="polite" role="status">{announcement}</div>
            {move || switcher.get().then(|| view! {
                <QuickSwitcher
                    conversations=list
                    me=user
                    on_choose=Callback::new(move |id| {
                        switcher.set(false);
                        location.go(&Route::Conversation(id).path());
                    })
                    on_close=Callback::new(move |()| switcher.set(false))
                />
            })}
            <AppHeader me=me />
            <div class="workspace-body">
                <aside class="sidebar-column">
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
                        ListStatus::Ready => view! { <Sidebar conversations=list selected=selected me=user /> }.into_any(),
                    }}
                </aside>
                <main class="conversation-column">
                    // The conversation stays mounted under the search, to come back to as it was.
                    {move || search.open.get().then(|| view! { <SearchPanel me=user /> })}
                    <div class="conversation-slot" class:hidden=move || search.open.get()>
                        <OpenConversation />
                    </div>
                </main>
            </div>
        </div>
    }
}

/// The conversation the route names (at one of its messages, for a search result), or an
/// invitation to pick one.
#[component]
fn OpenConversation() -> impl IntoView {
    let conversations = use_conversations();
    let location = use_location();
    let id = Memo::new(move |_| match location.route() {
        Route::Conversation(id) | Route::Message(id, _) => Some(id),
        _ => None,
    });
    // Not memos: going again to the same message shows it again.
    let focus = Signal::derive(move || match location.route() {
        Route::Message(_, message) => Some(message),
        _ => None,
    });
    Effect::new(move |_| match location.route() {
        Route::Message(id, message) => conversations.open_at(id, message),
        Route::Conversation(id) => conversations.open(Some(id)),
        _ => conversations.open(None),
    });
    move || match id.get() {
        Some(id) => view! { <ConversationPane id=id focus=focus /> }.into_any(),
        None => view! { <NoConversation /> }.into_any(),
    }
}

/// Nothing open yet.
#[component]
fn NoConversation() -> impl IntoView {
    view! {
        <div class="no-conversation">
            <p class="no-conversation-title">{tr(Key::PickConversation)}</p>
            <p>{tr(Key::PickConversationHint)}</p>
        </div>
    }
}
