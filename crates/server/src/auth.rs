//! Sessions: the cookie, and the extractor that turns it into the [`Session`] every API
//! route but login requires.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::Method;
use axum::http::header::{AUTHORIZATION, COOKIE, HeaderValue};
use axum::http::request::Parts;
use parlons_api::{API_PREFIX, CompanyId, ItemId, UserId};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::AppError;
use crate::store::SessionRecord;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "parlons_session";
/// How long a session lasts, in milliseconds (30 days).
pub const SESSION_LIFETIME_MS: i64 = 30 * 24 * 3600 * 1000;

/// The logged-in user of a request, scoped to one company.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who.
    pub user: UserId,
    /// The company every read and write of this request is scoped to.
    pub company: CompanyId,
    /// Subcontractor or client in that company rather than employee.
    pub is_external: bool,
    /// Company admin of that company.
    pub is_admin: bool,
    /// The hash of the session's token, to end it.
    pub token_hash: Vec<u8>,
    /// The one item whose conversation a widget's session may use; `None` for the app's.
    pub item: Option<ItemId>,
}

/// The stored form of a session token.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The `Set-Cookie` value that opens a session with this token.
pub fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    let max_age = SESSION_LIFETIME_MS / 1000;
    cookie_header(&format!("{SESSION_COOKIE}={token}; Max-Age={max_age}"), secure)
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> HeaderValue {
    cookie_header(&format!("{SESSION_COOKIE}=; Max-Age=0"), secure)
}

fn cookie_header(cookie: &str, secure: bool) -> HeaderValue {
    // HttpOnly: no script can read it. SameSite=Lax: other sites cannot send it along with
    // their requests' bodies; the API also takes only JSON bodies, which forms cannot send.
    let secure = if secure { "; Secure" } else { "" };
    let value = format!("{cookie}; Path=/; HttpOnly; SameSite=Lax{secure}");
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The session token the request's cookies carry, if any.
fn cookie_token(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(SESSION_COOKIE)?.strip_prefix('='))
        .filter(|token| !token.is_empty())
}

/// A bearer token (`Authorization: Bearer …`), if the request carries one.
fn bearer_token(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty())
}

/// The widget's session token in the query (`access_token`) of what the browser loads
/// itself, without a header: the event stream (an `EventSource`), an attachment's file and
/// preview (an `<img>`, a download link). The widget keeps its token in memory, and a
/// third-party iframe may get no cookie.
fn query_token(parts: &Parts) -> Option<&str> {
    let path = api_path(parts);
    let loaded =
        path == "/events" || (parts.method == Method::GET && path.starts_with("/attachments/"));
    if !loaded {
        return None;
    }
    parts.uri.query()?.split('&').find_map(|pair| pair.strip_prefix("access_token="))
}

/// The request's path under the API's prefix (routers nested under it see it so already).
fn api_path(parts: &Parts) -> &str {
    let path = parts.extensions.get::<OriginalUri>().map_or(parts.uri.path(), |uri| uri.path());
    path.strip_prefix(API_PREFIX).unwrap_or(path)
}

/// The session token of a request: the app's cookie, or a widget's token (a bearer token,
/// or in the query of what the browser loads itself).
fn session_token(parts: &Parts) -> Option<&str> {
    bearer_token(parts).or_else(|| query_token(parts)).or_else(|| cookie_token(parts))
}

/// The routes a widget's session may call (paths under the API's prefix): its item's
/// conversation, its messages and files, and its own event stream; nothing else of the
/// company. Which conversation is checked where conversations are read
/// ([`crate::domain::conversations::in_company`]).
fn widget_may_call(path: &str) -> bool {
    // An id where the route has one: `conversations/direct` and `conversations/preview`
    // start conversations, which the panel does not.
    let id = |segment: &str| segment.parse::<i64>().is_ok();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        ["me"] | ["events"] | ["uploads"] | ["uploads", _] => true,
        ["items", item, "conversation"] => id(item),
        ["conversations", conversation]
        | [
            "conversations",
            conversation,
            "messages" | "read" | "unread" | "follow" | "mentionable",
        ] => id(conversation),
        ["messages", message] => id(message),
        ["attachments", attachment] | ["attachments", attachment, "preview"] => id(attachment),
        _ => false,
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = session_token(parts).ok_or(AppError::Unauthenticated)?;
        let token_hash = token_hash(token);
        let found = state.store.session(&token_hash, state.clock.now()).await?;
        let record = found.ok_or(AppError::Unauthenticated)?;
        if record.item.is_some() && !widget_may_call(api_path(parts)) {
            return Err(AppError::forbidden("This session is limited to one item's conversation."));
        }
        Ok(Session::of(record, token_hash))
    }
}

impl Session {
    /// The open session `record`, whose token has this hash.
    pub fn of(record: SessionRecord, token_hash: Vec<u8>) -> Self {
        Session {
            user: record.user,
            company: record.company,
            is_external: record.is_external,
            is_admin: record.is_admin,
            token_hash,
            item: record.item,
        }
    }
}

/// A call of the integration API, authenticated by a company's bearer token.
#[derive(Debug, Clone, Copy)]
pub struct Integration {
    /// The company the token belongs to; every change is scoped to it.
    pub company: CompanyId,
}

impl FromRequestParts<AppState> for Integration {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = bearer_token(parts).ok_or(AppError::Unauthenticated)?;
        let company = state.store.company_by_integration_token(&token_hash(token)).await?;
        Ok(Integration { company: company.ok_or(AppError::Unauthenticated)? })
    }
}
