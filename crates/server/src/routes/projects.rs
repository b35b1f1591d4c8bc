//! `GET /projects`, a project's Directory and distribution groups, the company's people.

use axum::extract::State;
use parlons_api::{DirectoryMember, DistributionGroup, ErrorBody, ProjectId, ProjectSummary};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path};
use crate::AppState;
use crate::auth::Session;
use crate::domain::projects;
use crate::error::AppError;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(directory))
        .routes(routes!(distribution_groups))
        .routes(routes!(people))
}

/// The projects the user may start conversations in.
#[utoipa::path(get, path = "/projects", tag = "projects",
    responses((status = 200, body = Vec<ProjectSummary>), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Vec<ProjectSummary>>, AppError> {
    Ok(Json(projects::list(&state, &session).await?))
}

/// The people of a project's Directory (for its members and company admins).
#[utoipa::path(get, path = "/projects/{project_id}/directory", tag = "projects",
    params(("project_id" = i64, Path, description = "The project")),
    responses((status = 200, body = Vec<DirectoryMember>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn directory(
    State(state): State<AppState>,
    session: Session,
    Path(project): Path<i64>,
) -> Result<Json<Vec<DirectoryMember>>, AppError> {
    Ok(Json(projects::directory(&state, &session, ProjectId(project)).await?))
}

/// A project's distribution groups (for its members and company admins).
#[utoipa::path(get, path = "/projects/{project_id}/distribution-groups", tag = "projects",
    params(("project_id" = i64, Path, description = "The project")),
    responses((status = 200, body = Vec<DistributionGroup>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn distribution_groups(
    State(state): State<AppState>,
    session: Session,
    Path(project): Path<i64>,
) -> Result<Json<Vec<DistributionGroup>>, AppError> {
    Ok(Json(projects::distribution_groups(&state, &session, ProjectId(project)).await?))
}

/// The people of the company, the user aside: whom a direct conversation without a project
/// may include (PRODUCT.md section 2).
#[utoipa::path(get, path = "/people", tag = "projects",
    responses((status = 200, body = Vec<DirectoryMember>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn people(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Vec<DirectoryMember>>, AppError> {
    Ok(Json(projects::company_people(&state, &session).await?))
}
