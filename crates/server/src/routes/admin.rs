//! Company admins: the Conversations settings and the integration token.

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use parlons_api::{CompanySettings, IntegrationToken};

use super::extract::Json;
use crate::AppState;
use crate::auth::Session;
use crate::domain::{integration, settings};
use crate::error::AppError;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/settings", get(read).put(write))
        .route("/admin/integration-token", post(new_token))
}

async fn read(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<CompanySettings>, AppError> {
    Ok(Json(settings::get(&state, &session).await?))
}

async fn write(
    State(state): State<AppState>,
    session: Session,
    Json(request): Json<CompanySettings>,
) -> Result<Json<CompanySettings>, AppError> {
    Ok(Json(settings::put(&state, &session, request).await?))
}

async fn new_token(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<IntegrationToken>, AppError> {
    Ok(Json(integration::new_integration_token(&state, &session).await?))
}
