//! `GET /events`: the logged-in user's Server-Sent Events stream.

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::CACHE_CONTROL;
use axum::response::IntoResponse;
use axum::response::sse::{KeepAlive, Sse};
use axum::routing::get;

use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;
use crate::events::user_stream;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/events", get(events))
}

async fn events(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Result<impl IntoResponse, AppError> {
    let last_seen = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<i64>().ok());
    let stream =
        user_stream(state.store.clone(), &state.hub, session.user, session.company, last_seen)
            .await?;
    Ok(([(CACHE_CONTROL, "no-cache")], Sse::new(stream).keep_alive(KeepAlive::default())))
}
