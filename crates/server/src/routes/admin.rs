//! `GET`/`PUT /admin/settings`: the company's Conversations settings (company admins).

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use parlons_api::CompanySettings;

use super::extract::Json;
use crate::AppState;
use crate::auth::Session;
use crate::domain::settings;
use crate::error::AppError;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/admin/settings", get(read).put(write))
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
