//! The one error type of every route, and its one JSON envelope.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::http::header::RETRY_AFTER;
use axum::response::{IntoResponse, Response};
use parlons_api::{ErrorBody, ErrorCode};

/// Why a request failed. Its response is always an [`ErrorBody`]; internal causes are logged,
/// never sent.
#[derive(Debug)]
pub enum AppError {
    /// No valid session (401).
    Unauthenticated,
    /// Wrong e-mail or password (401).
    InvalidCredentials,
    /// Not allowed for this user; the message says what (403).
    Forbidden(String),
    /// No such thing, or not visible to this user (404); names what was looked for.
    NotFound(&'static str),
    /// The request breaks a rule; the message says which (422), or is malformed (400).
    InvalidInput {
        /// 400 for a request that cannot be parsed, 422 for one that breaks a rule.
        status: StatusCode,
        /// What is wrong, for the user.
        message: String,
    },
    /// The request body is larger than the server accepts (413).
    PayloadTooLarge,
    /// A file larger than one may attach (413).
    FileTooLarge,
    /// The request does not fit the resource's current state; the message says why (409).
    Conflict(String),
    /// Too many attempts to log in: try again in this many seconds (429, `Retry-After`).
    TooManyAttempts(u64),
    /// Something failed on the server (500).
    Internal(Box<dyn std::error::Error + Send + Sync>),
    /// Another error, about one input of the request (see [`AppError::at`]).
    At {
        /// The error itself.
        error: Box<AppError>,
        /// The input at fault (`subject`, `body.blocks[3]`).
        field: String,
        /// Why, as a stable name clients translate (`too_long`, `not_in_directory`).
        reason: &'static str,
    },
}

impl AppError {
    /// A request that breaks a rule (422) with this explanation.
    pub fn invalid(message: impl Into<String>) -> Self {
        AppError::InvalidInput { status: StatusCode::UNPROCESSABLE_ENTITY, message: message.into() }
    }

    /// A request that cannot be read (400): a parameter or header that is not what its
    /// documentation says.
    pub fn malformed(message: impl Into<String>) -> Self {
        AppError::InvalidInput { status: StatusCode::BAD_REQUEST, message: message.into() }
    }

    /// A request that is not allowed (403) with this explanation.
    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden(message.into())
    }

    /// The same error, said to be about one input of the request, so that a client shows it
    /// at that field, in its own words for `reason`.
    pub fn at(self, field: impl Into<String>, reason: &'static str) -> Self {
        AppError::At { error: Box::new(self), field: field.into(), reason }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Unauthenticated => write!(f, "not logged in"),
            AppError::InvalidCredentials => write!(f, "wrong e-mail or password"),
            AppError::Forbidden(message) => write!(f, "forbidden: {message}"),
            AppError::NotFound(what) => write!(f, "no such {what}"),
            AppError::InvalidInput { message, .. } => write!(f, "invalid input: {message}"),
            AppError::PayloadTooLarge => write!(f, "request body too large"),
            AppError::FileTooLarge => write!(f, "file too large"),
            AppError::Conflict(message) => write!(f, "conflict: {message}"),
            AppError::TooManyAttempts(seconds) => write!(f, "too many attempts ({seconds} s)"),
            AppError::Internal(cause) => write!(f, "internal error: {cause}"),
            AppError::At { error, field, .. } => write!(f, "{error} (at {field})"),
        }
    }
}

impl std::error::Error for AppError {}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, body) = self.envelope();
        let retry_after = body.error.retry_after.map(|seconds| (RETRY_AFTER, seconds.to_string()));
        (status, retry_after.map(|header| [header]), Json(body)).into_response()
    }
}

impl AppError {
    fn envelope(self) -> (StatusCode, ErrorBody) {
        let (status, code, message) = match self {
            AppError::At { error, field, reason } => {
                let (status, mut body) = error.envelope();
                body.error.field = Some(field);
                body.error.reason = Some(reason.to_owned());
                return (status, body);
            }
            AppError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthenticated,
                "You are not logged in.".to_owned(),
            ),
            AppError::InvalidCredentials => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::InvalidCredentials,
                "Wrong e-mail or password.".to_owned(),
            ),
            AppError::Forbidden(message) => (StatusCode::FORBIDDEN, ErrorCode::Forbidden, message),
            AppError::NotFound(what) => {
                (StatusCode::NOT_FOUND, ErrorCode::NotFound, format!("No such {what}."))
            }
            AppError::InvalidInput { status, message } => {
                (status, ErrorCode::InvalidInput, message)
            }
            AppError::FileTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                "This file is larger than 100 MB, the most one may attach.".to_owned(),
            ),
            AppError::Conflict(message) => (StatusCode::CONFLICT, ErrorCode::Conflict, message),
            AppError::TooManyAttempts(seconds) => {
                let message = format!("Too many attempts to log in. Try again in {seconds} s.");
                let mut body = ErrorBody::new(ErrorCode::TooManyRequests, message);
                body.error.retry_after = Some(seconds);
                return (StatusCode::TOO_MANY_REQUESTS, body);
            }
            AppError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                "The request body is too large.".to_owned(),
            ),
            AppError::Internal(cause) => {
                tracing::error!(error = %cause, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorCode::Internal,
                    "Something went wrong on the server; please try again.".to_owned(),
                )
            }
        };
        (status, ErrorBody::new(code, message))
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        AppError::Internal(Box::new(error))
    }
}

impl From<serde_json::Error> for AppError {
    fn from(error: serde_json::Error) -> Self {
        AppError::Internal(Box::new(error))
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return AppError::PayloadTooLarge;
        }
        let status = match rejection {
            JsonRejection::JsonDataError(_) => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::BAD_REQUEST,
        };
        AppError::InvalidInput { status, message: rejection.body_text() }
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::InvalidInput { status: StatusCode::BAD_REQUEST, message: rejection.body_text() }
    }
}

impl From<PathRejection> for AppError {
    fn from(rejection: PathRejection) -> Self {
        AppError::InvalidInput { status: StatusCode::BAD_REQUEST, message: rejection.body_text() }
    }
}
