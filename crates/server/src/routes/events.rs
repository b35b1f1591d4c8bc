//! `GET /events`: the logged-in user's Server-Sent Events stream.

use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use parlons_api::{ErrorBody, HEARTBEAT_SECONDS};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::Query;
use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;
use crate::events::user_stream;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(events))
}

/// Where a client resumes when it opens a new `EventSource`, which cannot send a header.
#[derive(Deserialize)]
struct Resume {
    last_event_id: Option<i64>,
}

/// The user's events as Server-Sent Events: `id:` the per-user sequence, `event:` the name,
/// `data:` an `Event` as JSON. Reconnect with `Last-Event-ID` (or `?last_event_id=`) to resume
/// after the last one seen; a `resync` event says it is too late to resume. A `heartbeat`
/// event comes after 20 seconds of silence.
/// One message of the stream, as Server-Sent Events frame it (for the OpenAPI document: the
/// stream writes these fields as text).
#[derive(utoipa::ToSchema)]
#[expect(dead_code, reason = "only its schema is used")]
struct StreamMessage {
    /// The event's `type` (`message.created`…), or `heartbeat`.
    event: String,
    /// The event's sequence number for this user, to resume from (`Last-Event-ID`).
    id: String,
    /// The event as JSON, an `Event` (see its schema); `{}` for a heartbeat.
    data: String,
}

#[utoipa::path(get, path = "/events", tag = "events",
    params(
        ("Last-Event-ID" = Option<i64>, Header, description = "The last event seen"),
        ("last_event_id" = Option<i64>, Query, description = "The last event seen, when the header cannot be sent"),
    ),
    responses((status = 200, content_type = "text/event-stream", body = StreamMessage), (status = 401, body = ErrorBody)))]
async fn events(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Query(resume): Query<Resume>,
) -> Result<impl IntoResponse, AppError> {
    // Only ids this stream sent come back; anything else is not a place to resume from.
    let header = match headers.get("last-event-id") {
        None => None,
        Some(value) => Some(
            value.to_str().ok().and_then(|value| value.trim().parse::<i64>().ok()).ok_or_else(
                || AppError::malformed("Last-Event-ID must be the id of an event of this stream."),
            )?,
        ),
    };
    let last_seen = header.or(resume.last_event_id);
    let heartbeat = state.heartbeat.unwrap_or(Duration::from_secs(HEARTBEAT_SECONDS));
    let user = (session.user, session.company, session.item);
    let stream = user_stream(state.store.clone(), &state.hub, user, last_seen, heartbeat).await?;
    let headers = [(CONTENT_TYPE, "text/event-stream"), (CACHE_CONTROL, "no-cache")];
    Ok((headers, Body::from_stream(stream)))
}
