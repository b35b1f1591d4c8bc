//! Messages and sending them.

use serde::{Deserialize, Serialize};

use crate::{
    Attachment, AttachmentId, ConversationId, Document, MessageId, Participant, Timestamp,
};

/// Messages in a page when the client does not say.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// Most messages the server returns in one page.
pub const MAX_PAGE_SIZE: u32 = 200;
/// How long after sending a message its author may edit or delete it (PRODUCT.md section 3).
pub const EDIT_WINDOW_MS: i64 = 5 * 60 * 1000;

/// A message as every reader of its conversation sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    /// The message's id.
    pub id: MessageId,
    /// The conversation it belongs to.
    pub conversation_id: ConversationId,
    /// The message this one replies to in a thread (threads are one level deep).
    pub parent_id: Option<MessageId>,
    /// Who wrote it.
    pub author: Participant,
    /// What it says; empty once deleted (the text is never served again).
    pub body: Document,
    /// When the server accepted it.
    pub created_at: Timestamp,
    /// When it was last edited ("(edited)"), if ever.
    pub edited_at: Option<Timestamp>,
    /// Who deleted it and when ("deleted by NAME at TIME"), if deleted.
    pub deleted: Option<Deletion>,
    /// Replies in its thread (for messages that are not themselves replies).
    pub reply_count: u32,
    /// Its files, in the order they were sent; none once deleted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// The idempotency key its author's client chose when sending it: that client recognises
    /// its own message when it arrives, whichever of the answer and the event stream brings
    /// it first. A random string, which says nothing to anyone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

/// A deleted message's tombstone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deletion {
    /// Who deleted it (its author).
    pub by: Participant,
    /// When.
    pub at: Timestamp,
}

/// `POST /api/v1/conversations/{id}/messages`: send a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendMessage {
    /// Chosen by the client, unique per message it sends (a UUID). Sending again with the
    /// same key returns the message the first send created instead of creating another,
    /// so a client can retry until it gets an answer. 1 to 128 visible ASCII characters.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 128, pattern = "^[!-~]+$")
    )]
    pub idempotency_key: String,
    /// What it says; its mention nodes are the people mentioned.
    pub body: Document,
    /// The message to reply to, in its thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<MessageId>,
    /// Files to attach, uploaded by the sender and not sent yet, in order (at most
    /// [`crate::MAX_ATTACHMENTS_PER_MESSAGE`]). With files, the text may be empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachment_ids: Vec<AttachmentId>,
}

/// `PATCH /api/v1/messages/{id}`: the author changes their message (within 5 minutes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EditMessage {
    /// The new text.
    pub body: Document,
}

/// `GET /api/v1/conversations/{id}/messages?before=ID&limit=N`: a page of messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagePage {
    /// Oldest first; the newest ones before the `before` cursor (or the very newest).
    pub messages: Vec<Message>,
    /// Pass as `before` to get the page of older messages; `None` when this is the oldest.
    pub older_cursor: Option<MessageId>,
    /// Pass as `after` to get the page of newer messages; `None` when this page reaches the
    /// newest message (always so for the newest page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newer_cursor: Option<MessageId>,
}

/// Where a page of messages stands in its line: the `before`, `after` and `around` query
/// parameters of `GET /api/v1/conversations/{id}/messages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageAt {
    /// The newest messages (no parameter).
    Newest,
    /// The messages just older than this one.
    Before(MessageId),
    /// The messages just newer than this one.
    After(MessageId),
    /// This message, with as many older messages before it as newer ones after it.
    Around(MessageId),
}

impl PageAt {
    /// The query parameter that asks for this page, if any.
    pub fn query(self) -> Option<(&'static str, MessageId)> {
        match self {
            PageAt::Newest => None,
            PageAt::Before(id) => Some(("before", id)),
            PageAt::After(id) => Some(("after", id)),
            PageAt::Around(id) => Some(("around", id)),
        }
    }
}

/// `POST /api/v1/conversations/{id}/read` and `/unread`: a read position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRead {
    /// For `read`: the newest message seen. For `unread`: the first message to show unread.
    pub message_id: MessageId,
}
