//! `GET /events`: the logged-in user's Server-Sent Events stream.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::CACHE_CONTROL;
use axum::response::IntoResponse;
use axum::response::sse::{KeepAlive, Sse};
use parlons_api::ErrorBody;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;
use crate::events::user_stream;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(events))
}

/// The user's events as Server-Sent Events: `id:` the per-user sequence, `event:` the name,
/// `data:` an `Event` as JSON. Reconnect with `Last-Event-ID` to resume after the last one seen.
#[utoipa::path(get, path = "/events", tag = "events",
    params(("Last-Event-ID" = Option<i64>, Header, description = "The last event seen")),
    responses((status = 200, content_type = "text/event-stream", body = parlons_api::Event), (status = 401, body = ErrorBody)))]
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
