//! What the event stream (`GET /api/v1/events`, Server-Sent Events) tells a user.
//!
//! Each event is sent as `id: <per-user sequence>`, `event: <name>`, `data: <Event as JSON>`.
//! The sequence grows by one for each event of that user, so a client that reconnects with
//! `Last-Event-ID` resumes exactly after the last event it saw.

use serde::{Deserialize, Serialize};

use crate::{ConversationId, ConversationSummary, Message};

/// One thing that happened that the user may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type")]
pub enum Event {
    /// A conversation the user may read was created.
    #[serde(rename = "conversation.created")]
    ConversationCreated {
        /// The conversation, as this user sees it.
        conversation: ConversationSummary,
    },
    /// The user's own state of a conversation changed (read position, star, hidden,
    /// following), from this or another tab.
    #[serde(rename = "conversation.updated")]
    ConversationUpdated {
        /// The conversation, as this user now sees it.
        conversation: ConversationSummary,
    },
    /// Something everyone sees of the conversation changed (a group's name or members):
    /// fetch it again.
    #[serde(rename = "conversation.changed")]
    ConversationChanged {
        /// The conversation.
        conversation_id: ConversationId,
    },
    /// The user may no longer read the conversation: forget it.
    #[serde(rename = "conversation.removed")]
    ConversationRemoved {
        /// The conversation.
        conversation_id: ConversationId,
    },
    /// A message was sent in a conversation the user may read (their own included, for
    /// their other tabs).
    #[serde(rename = "message.created")]
    MessageCreated {
        /// The message.
        message: Message,
    },
    /// A message was edited or deleted.
    #[serde(rename = "message.updated")]
    MessageUpdated {
        /// The message as it now is.
        message: Message,
    },
}

impl Event {
    /// Every SSE `event:` name the server sends, for clients that listen by name.
    pub const NAMES: [&'static str; 6] = [
        "conversation.created",
        "conversation.updated",
        "conversation.changed",
        "conversation.removed",
        "message.created",
        "message.updated",
    ];

    /// The SSE `event:` name this event is sent under.
    pub fn name(&self) -> &'static str {
        match self {
            Event::ConversationCreated { .. } => "conversation.created",
            Event::ConversationUpdated { .. } => "conversation.updated",
            Event::ConversationChanged { .. } => "conversation.changed",
            Event::ConversationRemoved { .. } => "conversation.removed",
            Event::MessageCreated { .. } => "message.created",
            Event::MessageUpdated { .. } => "message.updated",
        }
    }
}
