//! Messages and sending them.

use serde::{Deserialize, Serialize};

use crate::{ConversationId, Document, MessageId, Participant, Timestamp};

/// Messages in a page when the client does not say.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// Most messages the server returns in one page.
pub const MAX_PAGE_SIZE: u32 = 200;

/// A message as every reader of its conversation sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The message's id.
    pub id: MessageId,
    /// The conversation it belongs to.
    pub conversation_id: ConversationId,
    /// Who wrote it.
    pub author: Participant,
    /// What it says.
    pub body: Document,
    /// When the server accepted it.
    pub created_at: Timestamp,
}

/// `POST /api/v1/conversations/{id}/messages`: send a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendMessage {
    /// Chosen by the client, unique per message it sends (a UUID). Sending again with the
    /// same key returns the message the first send created instead of creating another,
    /// so a client can retry until it gets an answer.
    pub idempotency_key: String,
    /// What it says.
    pub body: Document,
}

/// `GET /api/v1/conversations/{id}/messages?before=ID&limit=N`: a page of messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagePage {
    /// Oldest first; the newest ones before the `before` cursor (or the very newest).
    pub messages: Vec<Message>,
    /// Pass as `before` to get the page of older messages; `None` when this is the oldest.
    pub older_cursor: Option<MessageId>,
}

/// `POST /api/v1/conversations/{id}/read`: the reader has seen everything up to this message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkRead {
    /// The newest message the reader has seen.
    pub message_id: MessageId,
}
