//! What the event stream (`GET /api/v1/events`, Server-Sent Events) tells a user.
//!
//! Each event is sent as `id: <per-user sequence>`, `event: <name>`, `data: <Event as JSON>`.
//! The sequence grows by one for each event of that user, so a client that reconnects with
//! `Last-Event-ID` resumes exactly after the last event it saw.

use serde::{Deserialize, Serialize};

use crate::{ConversationId, ConversationSummary, Message};

/// One thing that happened that the user may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Event {
    /// A conversation the user takes part in was created.
    #[serde(rename = "conversation.created")]
    ConversationCreated {
        /// The conversation, as this user sees it.
        conversation: ConversationSummary,
    },
    /// A message was sent in a conversation the user may read (their own included, for
    /// their other tabs).
    #[serde(rename = "message.created")]
    MessageCreated {
        /// The message.
        message: Message,
    },
    /// The user's read position in a conversation moved (from this or another tab).
    #[serde(rename = "conversation.read")]
    ConversationRead {
        /// The conversation.
        conversation_id: ConversationId,
        /// Messages from others still unread there.
        unread_count: u32,
    },
}

impl Event {
    /// Every SSE `event:` name the server sends, for clients that listen by name.
    pub const NAMES: [&'static str; 3] =
        ["conversation.created", "message.created", "conversation.read"];

    /// The SSE `event:` name this event is sent under.
    pub fn name(&self) -> &'static str {
        match self {
            Event::ConversationCreated { .. } => "conversation.created",
            Event::MessageCreated { .. } => "message.created",
            Event::ConversationRead { .. } => "conversation.read",
        }
    }
}
