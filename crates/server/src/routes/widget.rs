//! The item-sidebar widget's tickets (the host product's, server to server) and their
//! exchange for a session (the panel's).

use axum::extract::State;
use parlons_api::{
    CreateWidgetTicket, ErrorBody, ExchangeWidgetTicket, WidgetSession, WidgetTicket,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::Json;
use crate::AppState;
use crate::auth::Integration;
use crate::domain::widget;
use crate::error::AppError;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(new_ticket)).routes(routes!(exchange))
}

/// A single-use ticket, valid two minutes, for one user to open one item's panel (the
/// loader's `data-ticket`).
#[utoipa::path(post, path = "/integration/widget-tickets", tag = "integration",
    request_body = CreateWidgetTicket,
    responses((status = 200, body = WidgetTicket), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn new_ticket(
    State(state): State<AppState>,
    integration: Integration,
    Json(request): Json<CreateWidgetTicket>,
) -> Result<Json<WidgetTicket>, AppError> {
    Ok(Json(widget::new_ticket(&state, integration, request).await?))
}

/// The panel's session, for its ticket (once): limited to the item's conversation.
#[utoipa::path(post, path = "/widget/session", tag = "widget", request_body = ExchangeWidgetTicket,
    responses((status = 200, body = WidgetSession), (status = 403, body = ErrorBody)))]
async fn exchange(
    State(state): State<AppState>,
    Json(request): Json<ExchangeWidgetTicket>,
) -> Result<Json<WidgetSession>, AppError> {
    Ok(Json(widget::exchange(&state, request).await?))
}
