//! `/me/notifications`: what the user wants to be notified of.

use axum::extract::State;
use parlons_api::{ErrorBody, NotificationPreferences};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::Json;
use crate::AppState;
use crate::auth::Session;
use crate::domain::notifications;
use crate::error::AppError;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(read, write))
}

/// The user's notification preferences in the session's company.
#[utoipa::path(get, path = "/me/notifications", tag = "notifications",
    responses((status = 200, body = NotificationPreferences), (status = 401, body = ErrorBody)))]
async fn read(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<NotificationPreferences>, AppError> {
    Ok(Json(notifications::get(&state, &session).await?))
}

/// Replaces the user's notification preferences in the session's company.
#[utoipa::path(put, path = "/me/notifications", tag = "notifications", request_body = NotificationPreferences,
    responses((status = 200, body = NotificationPreferences), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn write(
    State(state): State<AppState>,
    session: Session,
    Json(preferences): Json<NotificationPreferences>,
) -> Result<Json<NotificationPreferences>, AppError> {
    Ok(Json(notifications::put(&state, &session, preferences).await?))
}
