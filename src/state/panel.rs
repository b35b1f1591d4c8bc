//! The item panel's state (the widget, `src/widget.rs`): its item, and the item's
//! conversation once started, by the panel's first message or by anyone else.

use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_api::{ConversationId, Document, ItemSummary};

use crate::api::{self, ApiError};
use crate::state::conversations::{Conversations, ListStatus};
use crate::state::sending::{SendRequest, Sending};

/// The panel's state, shared through context.
#[derive(Clone, Copy)]
pub struct Panel {
    item: StoredValue<ItemSummary>,
    conversations: Conversations,
    sending: Sending,
    starting: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    /// Whether the person can see the panel (the loader says so: its iframe on screen, its
    /// tab shown); only then is the conversation read.
    visible: RwSignal<bool>,
    /// The item's conversation, once started (from the inbox: someone else may start it
    /// while the panel is open, and the event stream says so).
    conversation: Memo<Option<ConversationId>>,
}

/// Provides the panel's state, and looks for the item's conversation (the conversations'
/// list, scoped to the item: `ListScope::Item`).
pub fn provide_panel(item: ItemSummary, conversations: Conversations, sending: Sending) -> Panel {
    let inbox = conversations.inbox();
    let item_id = item.id;
    // A memo: reading the conversation changes the inbox, which must not read it again.
    let conversation = Memo::new(move |_| {
        inbox.with(|inbox| {
            inbox
                .conversations()
                .iter()
                .find(|c| c.item.as_ref().is_some_and(|i| i.id == item_id))
                .map(|c| c.id)
        })
    });
    let panel = Panel {
        conversation,
        item: StoredValue::new(item),
        conversations,
        sending,
        starting: RwSignal::new(false),
        error: RwSignal::new(None),
        visible: RwSignal::new(false),
    };
    provide_context(panel);
    // Read while, and only while, the person can see it.
    Effect::new(move |_| {
        let reading = conversation.get().filter(|_| panel.visible.get());
        conversations.open(reading);
    });
    conversations.load();
    panel
}

/// The state provided by [`provide_panel`].
pub fn use_panel() -> Panel {
    expect_context::<Panel>()
}

impl Panel {
    /// The item.
    pub fn item(&self) -> ItemSummary {
        self.item.get_value()
    }

    /// The item's conversation, once started.
    pub fn conversation(&self) -> Signal<Option<ConversationId>> {
        self.conversation.into()
    }

    /// The item conversation's unread messages.
    pub fn unread(&self) -> Signal<u32> {
        let (inbox, conversation) = (self.conversations.inbox(), self.conversation);
        Signal::from(Memo::new(move |_| {
            let Some(id) = conversation.get() else { return 0 };
            inbox.with(|inbox| inbox.conversation(id).map_or(0, |c| c.unread_count))
        }))
    }

    /// Tells whether the person can see the panel now.
    pub fn set_visible(&self, visible: bool) {
        self.visible.set(visible);
    }

    /// Whether the panel knows yet if the conversation was started.
    pub fn checked(&self) -> Signal<bool> {
        let status = self.conversations.list_status();
        Signal::derive(move || status.with(|s| *s != ListStatus::Loading))
    }

    /// Whether the first message is starting the conversation.
    pub fn starting(&self) -> Signal<bool> {
        self.starting.into()
    }

    /// Why the conversation could not be found or started.
    pub fn error(&self) -> Signal<Option<ApiError>> {
        let (error, status) = (self.error, self.conversations.list_status());
        Signal::derive(move || {
            error.get().or_else(|| match status.get() {
                ListStatus::Failed(error) => Some(error),
                _ => None,
            })
        })
    }

    /// Starts the item's conversation with this first message (as in Procore, a
    /// conversation begins with its first message), which then goes through the outbox.
    pub fn start(&self, body: Document) {
        if self.starting.get_untracked() {
            return;
        }
        let this = *self;
        this.starting.set(true);
        this.error.set(None);
        spawn_local(async move {
            match api::item_conversation(this.item.get_value().id).await {
                Ok(summary) => {
                    let conversation = summary.id;
                    this.show(summary);
                    this.sending.send(SendRequest {
                        conversation,
                        body,
                        parent: None,
                        files_of: None,
                    });
                }
                Err(error) => this.error.set(Some(error)),
            }
            this.starting.set(false);
        });
    }

    /// Shows the conversation's newest messages; read once visible (see [`provide_panel`]).
    fn show(&self, summary: parlons_api::ConversationSummary) {
        let id = summary.id;
        self.conversations.upsert(summary);
        self.conversations.load_page(id, false);
    }
}
