//! Searching messages.

use serde::{Deserialize, Serialize};

use crate::{ConversationKind, Message, MessageId, ProjectId, Timestamp, UserId};

/// `GET /api/v1/search?q=...`: keywords over every message the user may read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SearchQuery {
    /// The keywords; every word must appear (accents and case do not matter; the last word
    /// may be the start of a word). At most 200 characters, with at least one word (letters
    /// or digits).
    #[cfg_attr(feature = "openapi", param(max_length = 200, pattern = "[0-9A-Za-z]"))]
    pub q: String,
    /// Only messages sent at or after this instant.
    pub from: Option<Timestamp>,
    /// Only messages sent before this instant.
    pub to: Option<Timestamp>,
    /// Only messages by this person.
    pub author: Option<UserId>,
    /// Only messages of this project's conversations.
    pub project: Option<ProjectId>,
    /// Only messages of this kind of conversation.
    pub kind: Option<ConversationKind>,
    /// The page after this cursor (from the previous page's `older_cursor`).
    pub before: Option<MessageId>,
    /// Results per page (default 20, at most 100).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
}

/// A page of search results, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResults {
    /// The matching messages, newest first.
    pub messages: Vec<Message>,
    /// Pass as `before` for the next page; `None` when there is no more.
    pub older_cursor: Option<MessageId>,
}
