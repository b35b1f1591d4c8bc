//! The user's conversations as signals, and the actions that change them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

use parlons_api::{
    ConversationId, ConversationSummary, DirectoryMember, Document, EditMessage, Event, ItemId,
    Message, MessageId, MessagePage, PageAt, UserId,
};

use super::inbox::{FollowUp, Inbox, PageRequests};
use super::session::{Session, use_session};
use crate::api::{self, ApiError, Mark, StreamStatus};

/// Which conversations the list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListScope {
    /// Every one the user may read: the app.
    All,
    /// One item's, once started: the item panel, whose session may read nothing else.
    Item(ItemId),
}

/// Whether the conversation list has arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListStatus {
    /// Loading.
    Loading,
    /// Loaded.
    Ready,
    /// Failed, for this reason.
    Failed(ApiError),
}

/// What a page of messages is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageUse {
    /// The first page, or the next older one.
    Older,
    /// The next newer one, when the loaded messages stop short of the newest.
    Newer,
    /// In place of the loaded ones (at a search result, at the newest again).
    Replace,
}

/// A page of messages to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// Of which conversation.
    pub conversation: ConversationId,
    /// Where.
    pub at: PageAt,
    /// What it is for.
    pub page_use: PageUse,
}

/// A change of one's own message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRequest {
    /// Which message.
    pub message: MessageId,
    /// Its new text, or `None` to delete it.
    pub body: Option<Document>,
}

/// A request whose failure shows where it was made, and which "Try again" repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Set or remove a mark (star, archive, follow).
    SetMark {
        /// Of which conversation.
        conversation: ConversationId,
        /// Which mark.
        mark: Mark,
        /// Set (`true`) or removed.
        on: bool,
    },
    /// Show a conversation unread from its newest message on.
    MarkUnread(ConversationId),
    /// Tell the server the user has seen up to a message.
    MarkRead(ConversationId, MessageId),
    /// Load a page of messages.
    Page(PageRequest),
    /// Load the replies of a message's thread.
    Replies(ConversationId, MessageId),
    /// Edit or delete one's own message.
    Change(ChangeRequest),
}

/// Where on screen a failure shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The conversation list (what is done from the list, or that leaves a conversation).
    List,
    /// The conversation's header and its actions.
    Conversation(ConversationId),
    /// The top of a conversation's message list (the first page, older pages).
    Older(ConversationId),
    /// The bottom of a conversation's message list (newer pages).
    Newer(ConversationId),
    /// A thread's replies.
    Thread(MessageId),
    /// One message (its edit or deletion).
    Message(MessageId),
}

impl Request {
    /// Where its failure shows.
    pub fn place(&self) -> Place {
        match self {
            Request::SetMark { conversation, .. } | Request::MarkRead(conversation, _) => {
                Place::Conversation(*conversation)
            }
            // Marking unread leaves the conversation for the list.
            Request::MarkUnread(_) => Place::List,
            Request::Page(page) => match page.page_use {
                PageUse::Newer => Place::Newer(page.conversation),
                PageUse::Older | PageUse::Replace => Place::Older(page.conversation),
            },
            Request::Replies(_, root) => Place::Thread(*root),
            Request::Change(change) => Place::Message(change.message),
        }
    }
}

/// A request that failed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What was asked.
    pub request: Request,
    /// Why it failed.
    pub error: ApiError,
}

/// The user's conversations, shared with every component through context.
#[derive(Clone, Copy)]
pub struct Conversations {
    scope: ListScope,
    inbox: RwSignal<Inbox>,
    list_status: RwSignal<ListStatus>,
    stream_status: RwSignal<StreamStatus>,
    session: Session,
    incoming: RwSignal<Option<Message>>,
    requests: StoredValue<PageRequests>,
    /// How many times the list was asked for: only the latest answer counts.
    list_asked: StoredValue<u32>,
    failures: RwSignal<Vec<Failure>>,
    /// Who may be mentioned, by conversation, once asked.
    mentionable: RwSignal<HashMap<ConversationId, Vec<DirectoryMember>>>,
    /// The idempotency key of the user's own message that last arrived by the stream (sent
    /// from this tab or another): the outbox needs it no longer.
    arrived: RwSignal<Option<String>>,
}

/// Creates the conversations state for the logged-in user and provides it.
pub fn provide_conversations(me: UserId, scope: ListScope) -> Conversations {
    let conversations = Conversations {
        scope,
        inbox: RwSignal::new(Inbox::new(me)),
        list_status: RwSignal::new(ListStatus::Loading),
        stream_status: RwSignal::new(StreamStatus::Connecting),
        session: use_session(),
        incoming: RwSignal::new(None),
        requests: StoredValue::new(PageRequests::default()),
        list_asked: StoredValue::new(0),
        failures: RwSignal::new(Vec::new()),
        mentionable: RwSignal::new(HashMap::new()),
        arrived: RwSignal::new(None),
    };
    provide_context(conversations);
    conversations
}

/// The conversations provided by [`provide_conversations`].
pub fn use_conversations() -> Conversations {
    expect_context::<Conversations>()
}

/// The conversations, where a component may also be shown without them (isolated tests).
pub fn use_conversations_if_any() -> Option<Conversations> {
    use_context::<Conversations>()
}

impl Conversations {
    /// Everything loaded, for views to read with `.with(...)`.
    pub fn inbox(&self) -> ReadSignal<Inbox> {
        self.inbox.read_only()
    }

    /// Whether the list has arrived.
    pub fn list_status(&self) -> ReadSignal<ListStatus> {
        self.list_status.read_only()
    }

    /// Whether live updates arrive.
    pub fn stream_status(&self) -> ReadSignal<StreamStatus> {
        self.stream_status.read_only()
    }

    /// Who may be mentioned in a conversation, asked of the server the first time (tracked;
    /// empty until it answers: the picker then offers nobody rather than anyone).
    pub fn mentionable(&self, id: ConversationId) -> Signal<Vec<DirectoryMember>> {
        let known = self.mentionable;
        if !known.with_untracked(|all| all.contains_key(&id)) {
            known.update(|all| {
                all.insert(id, Vec::new());
            });
            spawn_local(async move {
                match api::mentionable(id).await {
                    Ok(people) => known.update(|all| {
                        all.insert(id, people);
                    }),
                    // Asked again the next time the composer opens.
                    Err(_) => known.update(|all| {
                        all.remove(&id);
                    }),
                }
            });
        }
        Signal::derive(move || known.with(|all| all.get(&id).cloned().unwrap_or_default()))
    }

    /// The failure to show at a place, if the last request made there failed (tracked).
    pub fn failure(&self, place: Place) -> Option<Failure> {
        self.failures.with(|all| all.iter().rev().find(|f| f.request.place() == place).cloned())
    }

    /// Forgets the failure shown at a place (dismissed, or the place is gone).
    pub fn dismiss(&self, place: Place) {
        self.failures.update(|all| all.retain(|f| f.request.place() != place));
    }

    /// Makes the failed request shown at a place again.
    pub fn retry(&self, place: Place) {
        let Some(failure) = self.failure(place) else { return };
        self.dismiss(place);
        self.run(failure.request);
    }

    fn run(&self, request: Request) {
        match request {
            Request::SetMark { conversation, mark, on } => self.set_mark(conversation, mark, on),
            Request::MarkUnread(conversation) => self.mark_unread(conversation),
            Request::MarkRead(conversation, message) => {
                self.follow(Some(FollowUp::MarkRead(conversation, message)))
            }
            Request::Page(page) => self.fetch(page),
            Request::Replies(conversation, root) => self.load_replies(conversation, root),
            Request::Change(change) => self.change(change),
        }
    }

    /// (Re)loads the conversation list from the server. An answer to an earlier request that
    /// comes after a later one was asked is dropped: a late failure never hides a newer list.
    pub fn load(&self) {
        let this = *self;
        let ticket = self.list_asked.try_update_value(|n| {
            *n += 1;
            *n
        });
        spawn_local(async move {
            let answer = match this.scope {
                ListScope::All => match this.session.take_first_list().await {
                    Some(answer) => answer,
                    None => api::conversations().await,
                },
                ListScope::Item(item) => match api::started_item_conversation(item).await {
                    Ok(conversation) => Ok(vec![conversation]),
                    // Not started yet: nothing to list.
                    Err(ApiError::Server { status: 404, .. }) => Ok(Vec::new()),
                    Err(error) => Err(error),
                },
            };
            if ticket != this.list_asked.try_get_value() {
                return;
            }
            match answer {
                Ok(list) => {
                    this.inbox.update(|inbox| inbox.set_conversations(list));
                    this.list_status.set(ListStatus::Ready);
                    // The conversation on screen may have had unread messages.
                    let open = this.inbox.with_untracked(Inbox::open_id);
                    this.open(open);
                }
                Err(error) => {
                    if error.is_unauthenticated() {
                        this.session.expired();
                    }
                    this.list_status.set(ListStatus::Failed(error));
                }
            }
        });
    }

    /// Puts a conversation on screen: loads its messages once and marks them read.
    pub fn open(&self, id: Option<ConversationId>) {
        let follow_up = self.inbox.try_update(|inbox| inbox.open(id)).flatten();
        self.follow(follow_up);
        let Some(id) = id else { return };
        if !self.inbox.with_untracked(|inbox| inbox.thread(id).is_some_and(|t| t.loaded)) {
            self.load_page(id, false);
        }
    }

    /// Puts a conversation on screen at one of its messages (a search result): loads the
    /// messages around it.
    pub fn open_at(&self, id: ConversationId, message: MessageId) {
        let follow_up = self.inbox.try_update(|inbox| inbox.open(Some(id))).flatten();
        self.follow(follow_up);
        self.show_at(id, PageAt::Around(message));
    }

    /// Loads the newest page of a conversation, or the next older one.
    pub fn load_page(&self, id: ConversationId, older: bool) {
        let at = if older {
            match self.inbox.with_untracked(|inbox| inbox.thread(id).and_then(|t| t.older_cursor)) {
                Some(cursor) => PageAt::Before(cursor),
                None => return,
            }
        } else {
            PageAt::Newest
        };
        self.fetch(PageRequest { conversation: id, at, page_use: PageUse::Older });
    }

    /// Loads the next newer page of a conversation opened at an older message.
    pub fn load_newer(&self, id: ConversationId) {
        if let Some(cursor) =
            self.inbox.with_untracked(|inbox| inbox.thread(id).and_then(|t| t.newer_cursor))
        {
            let at = PageAt::After(cursor);
            self.fetch(PageRequest { conversation: id, at, page_use: PageUse::Newer });
        }
    }

    /// Shows a conversation at one of its messages (a search result), with the messages
    /// around it, or at its newest messages again.
    pub fn show_at(&self, id: ConversationId, at: PageAt) {
        self.fetch(PageRequest { conversation: id, at, page_use: PageUse::Replace });
    }

    fn fetch(&self, page: PageRequest) {
        let id = page.conversation;
        self.dismiss(Request::Page(page).place());
        let (ticket, add): (_, fn(&mut Inbox, ConversationId, MessagePage)) = match page.page_use {
            PageUse::Older => (self.requests.try_with_value(|r| r.extend(id)), Inbox::add_page),
            PageUse::Newer => {
                (self.requests.try_with_value(|r| r.extend(id)), Inbox::add_newer_page)
            }
            PageUse::Replace => {
                (self.requests.try_update_value(|r| r.replace(id)), Inbox::replace_page)
            }
        };
        let this = *self;
        spawn_local(async move {
            let answer = api::messages(id, page.at).await;
            // A later placement of the conversation made this answer useless.
            if ticket
                .is_none_or(|t| !this.requests.try_with_value(|r| r.wanted(t)).unwrap_or(false))
            {
                return;
            }
            match answer {
                Ok(answer) => this.inbox.update(|inbox| add(inbox, id, answer)),
                Err(error) => this.fail(Request::Page(page), error),
            }
        });
    }

    /// Puts a message the server acknowledged (sent from this page) in its conversation.
    pub fn add_sent(&self, message: Message) {
        self.inbox.update(|inbox| {
            inbox.add_message(message);
        });
    }

    /// The server said the session is over.
    pub fn session_over(&self) {
        self.session.expired();
    }

    /// Edits (with a new body) or deletes one's own message.
    pub fn change(&self, change: ChangeRequest) {
        self.dismiss(Request::Change(change.clone()).place());
        let this = *self;
        spawn_local(async move {
            let answer = match &change.body {
                Some(body) => {
                    api::edit_message(change.message, &EditMessage { body: body.clone() }).await
                }
                None => api::delete_message(change.message).await,
            };
            match answer {
                Ok(changed) => this.inbox.update(|inbox| {
                    inbox.apply(Event::MessageUpdated { message: changed });
                }),
                Err(error) => this.fail(Request::Change(change), error),
            }
        });
    }

    /// Loads the replies of a message's thread, once.
    pub fn load_replies(&self, conversation: ConversationId, root: MessageId) {
        if self.inbox.with_untracked(|inbox| inbox.replies(root).is_some()) {
            return;
        }
        self.dismiss(Place::Thread(root));
        let this = *self;
        spawn_local(async move {
            match api::replies(conversation, root).await {
                Ok(page) => this.inbox.update(|inbox| inbox.add_replies(root, page)),
                Err(error) => this.fail(Request::Replies(conversation, root), error),
            }
        });
    }

    /// Puts the server's answer to a change of a conversation (a group's members) in the list.
    pub fn upsert(&self, summary: ConversationSummary) {
        self.inbox.update(|inbox| inbox.upsert_conversation(summary));
    }

    /// Sets or removes a mark (star, archive, follow) on a conversation.
    pub fn set_mark(&self, conversation: ConversationId, mark: Mark, on: bool) {
        let request = Request::SetMark { conversation, mark, on };
        self.dismiss(request.place());
        let this = *self;
        spawn_local(async move {
            match api::set_mark(conversation, mark, on).await {
                Ok(summary) => this.upsert(summary),
                Err(error) => this.fail(request, error),
            }
        });
    }

    /// Shows the conversation as unread from its newest message on, and leaves it (an open
    /// conversation is read at once).
    pub fn mark_unread(&self, id: ConversationId) {
        let Some(newest) = self
            .inbox
            .with_untracked(|inbox| inbox.conversation(id).and_then(|c| c.last_message_id))
        else {
            return;
        };
        self.dismiss(Place::List);
        self.open(None);
        let this = *self;
        spawn_local(async move {
            match api::mark_unread(id, newest).await {
                Ok(summary) => this.upsert(summary),
                Err(error) => this.fail(Request::MarkUnread(id), error),
            }
        });
    }

    /// The newest message the server says to notify the user of (never their own): for the
    /// banner, the browser notification and screen readers' announcements.
    pub fn incoming(&self) -> ReadSignal<Option<Message>> {
        self.incoming.read_only()
    }

    /// The idempotency key of the user's own message that last arrived by the stream.
    pub fn arrived(&self) -> ReadSignal<Option<String>> {
        self.arrived.read_only()
    }

    /// Applies an event from the server's stream.
    pub fn handle_event(&self, event: Event) {
        if let Event::MessageCreated { message, notify } = &event {
            let me = self.inbox.with_untracked(Inbox::me);
            if message.author.id == me {
                if message.idempotency_key.is_some() {
                    self.arrived.set(message.idempotency_key.clone());
                }
            } else if *notify {
                self.incoming.set(Some(message.clone()));
            }
        }
        let follow_up = self.inbox.try_update(|inbox| inbox.apply(event)).flatten();
        self.follow(follow_up);
    }

    /// Records whether the event stream is connected. Each time it (re)opens, the list is
    /// loaded again: the stream only brings what happens from then on. When it is cut, the
    /// session may be what ended (logged out elsewhere): ask.
    pub fn set_stream_status(&self, status: StreamStatus) {
        self.stream_status.set(status);
        match status {
            StreamStatus::Open => self.load(),
            StreamStatus::Reconnecting => self.session.verify(),
            StreamStatus::Connecting | StreamStatus::Offline => {}
        }
    }

    fn follow(&self, follow_up: Option<FollowUp>) {
        match follow_up {
            Some(FollowUp::MarkRead(conversation, message)) => {
                let this = *self;
                spawn_local(async move {
                    if let Err(error) = api::mark_read(conversation, message).await {
                        this.fail(Request::MarkRead(conversation, message), error);
                    }
                });
            }
            Some(FollowUp::ReloadConversations) => self.load(),
            Some(FollowUp::RefreshMe) => self.session.refresh(),
            Some(FollowUp::Resync) => {
                // The outbox and the drafts are the browser's own: they stay as they are.
                // What was missed may have changed what the user may do, too.
                self.load();
                self.session.refresh();
                if let Some(open) = self.inbox.with_untracked(Inbox::open_id) {
                    self.show_at(open, PageAt::Newest);
                }
            }
            Some(FollowUp::ReloadConversation(id)) => {
                let this = *self;
                spawn_local(async move {
                    match api::conversation(id).await {
                        Ok(summary) => {
                            this.inbox.update(|inbox| inbox.upsert_conversation(summary))
                        }
                        // No longer readable, or not reachable now: the list says which.
                        Err(_) => this.load(),
                    }
                });
            }
            None => {}
        }
    }

    /// Shows a failure where its request was made; a session that is over logs out.
    fn fail(&self, request: Request, error: ApiError) {
        if error.is_unauthenticated() {
            self.session.expired();
            return;
        }
        let place = request.place();
        self.failures.update(|all| {
            all.retain(|f| f.request.place() != place);
            all.push(Failure { request, error });
        });
    }
}
