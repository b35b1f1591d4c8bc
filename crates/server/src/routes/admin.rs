//! Company admins: the Conversations settings, the integration token, the audited export.

use axum::extract::State;
use parlons_api::{AuditEntry, CompanySettings, ErrorBody, Export, ExportQuery, IntegrationToken};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Query};
use crate::AppState;
use crate::auth::Session;
use crate::domain::{export, integration, settings};
use crate::error::AppError;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(read, write))
        .routes(routes!(new_token))
        .routes(routes!(export))
        .routes(routes!(audit_log))
}

/// The company's Conversations settings.
#[utoipa::path(get, path = "/admin/settings", tag = "admin",
    responses((status = 200, body = CompanySettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn read(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<CompanySettings>, AppError> {
    Ok(Json(settings::get(&state, &session).await?))
}

/// Replaces the company's settings; they apply to the very next request and event.
#[utoipa::path(put, path = "/admin/settings", tag = "admin", request_body = CompanySettings,
    responses((status = 200, body = CompanySettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn write(
    State(state): State<AppState>,
    session: Session,
    Json(request): Json<CompanySettings>,
) -> Result<Json<CompanySettings>, AppError> {
    Ok(Json(settings::put(&state, &session, request).await?))
}

/// A new bearer token for the integration API (shown once; the old one stops working).
#[utoipa::path(post, path = "/admin/integration-token", tag = "admin",
    responses((status = 200, body = IntegrationToken), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn new_token(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<IntegrationToken>, AppError> {
    Ok(Json(integration::new_integration_token(&state, &session).await?))
}

/// Every conversation of the company with messages in the period, as JSON; audited.
#[utoipa::path(get, path = "/admin/export", tag = "admin", params(ExportQuery),
    responses((status = 200, body = Export), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn export(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<ExportQuery>,
) -> Result<Json<Export>, AppError> {
    Ok(Json(export::export(&state, &session, query).await?))
}

/// The company's audit log, newest first.
#[utoipa::path(get, path = "/admin/audit-log", tag = "admin",
    responses((status = 200, body = Vec<AuditEntry>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn audit_log(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    Ok(Json(export::audit_log(&state, &session).await?))
}
