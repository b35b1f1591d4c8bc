//! The one error envelope every API error uses.

use serde::{Deserialize, Serialize};

/// The body of every non-2xx API response: `{"error": {"code": ..., "message": ...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong, for programs (`code`) and for people (`message`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// A stable machine-readable reason.
    pub code: ErrorCode,
    /// A sentence that can be shown to the user as it is (English).
    pub message: String,
    /// The input at fault, when one is: a field of the request (`subject`,
    /// `participant_ids`), and for a message body the node (`body.blocks[3].items[1]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Why, as a stable name a client can say in its user's language (`bad_link`,
    /// `too_long`, `over_cap`, `not_in_directory`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For `too_many_requests`: how many seconds to wait before trying again (also in the
    /// `Retry-After` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

/// Stable machine-readable error reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No valid session: log in first (401).
    Unauthenticated,
    /// Wrong e-mail or password (401).
    InvalidCredentials,
    /// Logged in, but this is not allowed for this user (403).
    Forbidden,
    /// No such thing, or not visible to this user (404).
    NotFound,
    /// The request is malformed or breaks a rule; the message says which (400 or 422).
    InvalidInput,
    /// The request body is too large (413).
    PayloadTooLarge,
    /// The request does not fit the resource's current state, e.g. an upload's offset (409).
    Conflict,
    /// Too many attempts (to log in) in too short a time: wait `retry_after` seconds (429).
    TooManyRequests,
    /// Something failed on the server; nothing about it is disclosed (500).
    Internal,
}

impl ErrorBody {
    /// An error envelope with this code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        let error = ErrorDetail {
            code,
            message: message.into(),
            field: None,
            reason: None,
            retry_after: None,
        };
        Self { error }
    }
}
