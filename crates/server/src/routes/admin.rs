//! Company admins: the Conversations settings, the integration token, the audited export.

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use parlons_api::{
    AuditEntry, AuditLogQuery, CompanySettings, ErrorBody, Export, ExportQuery, IntegrationToken,
};
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

/// Every conversation of the company with messages in the period, as a JSON file to save
/// (`Content-Disposition: attachment`), streamed as it is read; audited.
#[utoipa::path(get, path = "/admin/export", tag = "admin", params(ExportQuery),
    responses((status = 200, body = Export,
        headers(("Content-Disposition" = String, description = "attachment; filename=\"parlons-export-FROM-TO.json\""))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn export(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let name = format!("parlons-export-{}-{}.json", query.from.0, query.to.0);
    let body = export::export(&state, &session, query).await?;
    let headers = [
        (header::CONTENT_TYPE, "application/json".to_owned()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
    ];
    Ok((headers, Body::from_stream(body)).into_response())
}

/// A page of the company's audit log, newest first.
#[utoipa::path(get, path = "/admin/audit-log", tag = "admin", params(AuditLogQuery),
    responses((status = 200, body = Vec<AuditEntry>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn audit_log(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<AuditLogQuery>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    Ok(Json(export::audit_log(&state, &session, query).await?))
}
