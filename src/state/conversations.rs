//! The user's conversations as signals, and the actions that change them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_api::{
    ConversationId, ConversationSummary, Document, EditMessage, Event, Message, MessageId,
    MessagePage, PageAt, SendMessage, UserId,
};

use super::inbox::{FollowUp, Inbox, PageRequests};
use super::session::{Session, use_session};
use crate::api::{self, ApiError, Mark, StreamStatus};

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
#[derive(Debug, Clone, Copy)]
enum PageUse {
    /// The first page, or the next older one.
    Older,
    /// The next newer one, when the loaded messages stop short of the newest.
    Newer,
    /// In place of the loaded ones (at a search result, at the newest again).
    Replace,
}

/// The user's conversations, shared with every component through context.
#[derive(Clone, Copy)]
pub struct Conversations {
    inbox: RwSignal<Inbox>,
    list_status: RwSignal<ListStatus>,
    stream_status: RwSignal<StreamStatus>,
    session: Session,
    incoming: RwSignal<Option<Message>>,
    requests: StoredValue<PageRequests>,
    change: Action<(MessageId, Option<String>), Result<Message, ApiError>>,
    send: Action<(ConversationId, String, Option<MessageId>), Result<Message, ApiError>>,
}

/// Creates the conversations state for the logged-in user and provides it.
pub fn provide_conversations(me: UserId) -> Conversations {
    let inbox = RwSignal::new(Inbox::new(me));
    let send = Action::new_local(
        move |(conversation, text, parent): &(ConversationId, String, Option<MessageId>)| {
            let (conversation, parent) = (*conversation, *parent);
            let request = SendMessage {
                idempotency_key: new_idempotency_key(),
                body: Document::from_plain_text(text),
                parent_id: parent,
            };
            async move {
                let message = api::send_message(conversation, &request).await?;
                inbox.update(|inbox| {
                    inbox.add_message(message.clone());
                });
                Ok(message)
            }
        },
    );
    let change = Action::new_local(move |(message, text): &(MessageId, Option<String>)| {
        let (message, text) = (*message, text.clone());
        async move {
            let changed = match text {
                Some(text) => {
                    api::edit_message(
                        message,
                        &EditMessage { body: Document::from_plain_text(&text) },
                    )
                    .await?
                }
                None => api::delete_message(message).await?,
            };
            inbox.update(|inbox| {
                inbox.apply(Event::MessageUpdated { message: changed.clone() });
            });
            Ok(changed)
        }
    });
    let conversations = Conversations {
        inbox,
        list_status: RwSignal::new(ListStatus::Loading),
        stream_status: RwSignal::new(StreamStatus::Connecting),
        session: use_session(),
        incoming: RwSignal::new(None),
        requests: StoredValue::new(PageRequests::default()),
        change,
        send,
    };
    provide_context(conversations);
    conversations
}

/// The conversations provided by [`provide_conversations`].
pub fn use_conversations() -> Conversations {
    expect_context::<Conversations>()
}

/// A fresh idempotency key for a send.
fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|crypto| crypto.random_uuid())
        .unwrap_or_else(|| format!("{}-{}", js_sys::Date::now(), js_sys::Math::random()))
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

    /// The send action: its `pending()` and `value()` drive the composer.
    pub fn send_action(
        &self,
    ) -> Action<(ConversationId, String, Option<MessageId>), Result<Message, ApiError>> {
        self.send
    }

    /// (Re)loads the conversation list from the server.
    pub fn load(&self) {
        let this = *self;
        spawn_local(async move {
            match api::conversations().await {
                Ok(list) => {
                    this.inbox.update(|inbox| inbox.set_conversations(list));
                    this.list_status.set(ListStatus::Ready);
                    // The conversation on screen may have had unread messages.
                    let open = this.inbox.with_untracked(Inbox::open_id);
                    this.open(open);
                }
                Err(error) => this.fail(error),
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
        self.fetch(id, at, PageUse::Older);
    }

    /// Loads the next newer page of a conversation opened at an older message.
    pub fn load_newer(&self, id: ConversationId) {
        if let Some(cursor) =
            self.inbox.with_untracked(|inbox| inbox.thread(id).and_then(|t| t.newer_cursor))
        {
            self.fetch(id, PageAt::After(cursor), PageUse::Newer);
        }
    }

    /// Shows a conversation at one of its messages (a search result), with the messages
    /// around it, or at its newest messages again.
    pub fn show_at(&self, id: ConversationId, at: PageAt) {
        self.fetch(id, at, PageUse::Replace);
    }

    fn fetch(&self, id: ConversationId, at: PageAt, page_use: PageUse) {
        let (ticket, add): (_, fn(&mut Inbox, ConversationId, MessagePage)) = match page_use {
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
            let answer = api::messages(id, at).await;
            // A later placement of the conversation made this answer useless.
            if ticket
                .is_none_or(|t| !this.requests.try_with_value(|r| r.wanted(t)).unwrap_or(false))
            {
                return;
            }
            match answer {
                Ok(page) => this.inbox.update(|inbox| add(inbox, id, page)),
                Err(error) => this.fail(error),
            }
        });
    }

    /// The edit-or-delete action: `(message, Some(text))` edits, `(message, None)` deletes.
    pub fn change_action(&self) -> Action<(MessageId, Option<String>), Result<Message, ApiError>> {
        self.change
    }

    /// Sends a message in a conversation, or a reply in a message's thread.
    pub fn send(&self, conversation: ConversationId, text: String, parent: Option<MessageId>) {
        self.send.dispatch_local((conversation, text, parent));
    }

    /// Loads the replies of a message's thread, once.
    pub fn load_replies(&self, conversation: ConversationId, root: MessageId) {
        if self.inbox.with_untracked(|inbox| inbox.replies(root).is_some()) {
            return;
        }
        let this = *self;
        spawn_local(async move {
            match api::replies(conversation, root).await {
                Ok(page) => this.inbox.update(|inbox| inbox.add_replies(root, page)),
                Err(error) => this.fail(error),
            }
        });
    }

    /// Puts the server's answer to a change of a conversation (a group's members) in the list.
    pub fn upsert(&self, summary: ConversationSummary) {
        self.inbox.update(|inbox| inbox.upsert_conversation(summary));
    }

    /// Sets or removes a mark (star, archive, follow) on a conversation.
    pub fn set_mark(&self, id: ConversationId, mark: Mark, on: bool) {
        let this = *self;
        spawn_local(async move {
            match api::set_mark(id, mark, on).await {
                Ok(summary) => this.upsert(summary),
                Err(error) => this.fail(error),
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
        self.open(None);
        let this = *self;
        spawn_local(async move {
            match api::mark_unread(id, newest).await {
                Ok(summary) => this.upsert(summary),
                Err(error) => this.fail(error),
            }
        });
    }

    /// The newest message from someone else, for screen readers' announcements.
    pub fn incoming(&self) -> ReadSignal<Option<Message>> {
        self.incoming.read_only()
    }

    /// Applies an event from the server's stream.
    pub fn handle_event(&self, event: Event) {
        if let Event::MessageCreated { message } = &event {
            let me = self.inbox.with_untracked(Inbox::me);
            if message.author.id != me {
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
                        this.fail(error);
                    }
                });
            }
            Some(FollowUp::ReloadConversations) => self.load(),
            Some(FollowUp::ReloadConversation(id)) => {
                let this = *self;
                spawn_local(async move {
                    match api::conversation(id).await {
                        Ok(summary) => {
                            this.inbox.update(|inbox| inbox.upsert_conversation(summary))
                        }
                        // No longer readable: the list will say so.
                        Err(ApiError::Server { status: 404, .. }) => this.load(),
                        Err(error) => this.fail(error),
                    }
                });
            }
            None => {}
        }
    }

    fn fail(&self, error: ApiError) {
        if error.is_unauthenticated() {
            self.session.expired();
        }
        self.list_status.set(ListStatus::Failed(error));
    }
}
