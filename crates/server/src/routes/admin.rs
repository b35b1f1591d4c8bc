//! Company admins: the Conversations settings, the integration token, the audited export.

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use parlons_api::{AuditEntry, CompanySettings, Export, ExportQuery, IntegrationToken};

use super::extract::{Json, Query};
use crate::AppState;
use crate::auth::Session;
use crate::domain::{export, integration, settings};
use crate::error::AppError;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/settings", get(read).put(write))
        .route("/admin/integration-token", post(new_token))
        .route("/admin/export", get(export))
        .route("/admin/audit-log", get(audit_log))
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

async fn export(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<ExportQuery>,
) -> Result<Json<Export>, AppError> {
    Ok(Json(export::export(&state, &session, query).await?))
}

async fn audit_log(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    Ok(Json(export::audit_log(&state, &session).await?))
}
