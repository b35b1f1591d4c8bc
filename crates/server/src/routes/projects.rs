//! `GET /projects`, `GET /projects/{id}/directory`.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use parlons_api::{DirectoryMember, DistributionGroup, ProjectId, ProjectSummary};

use super::extract::{Json, Path};
use crate::AppState;
use crate::auth::Session;
use crate::domain::projects;
use crate::error::AppError;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/projects", get(list))
        .route("/projects/{project_id}/directory", get(directory))
        .route("/projects/{project_id}/distribution-groups", get(distribution_groups))
}

async fn list(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Vec<ProjectSummary>>, AppError> {
    Ok(Json(projects::list(&state, &session).await?))
}

async fn directory(
    State(state): State<AppState>,
    session: Session,
    Path(project): Path<i64>,
) -> Result<Json<Vec<DirectoryMember>>, AppError> {
    Ok(Json(projects::directory(&state, &session, ProjectId(project)).await?))
}

async fn distribution_groups(
    State(state): State<AppState>,
    session: Session,
    Path(project): Path<i64>,
) -> Result<Json<Vec<DistributionGroup>>, AppError> {
    Ok(Json(projects::distribution_groups(&state, &session, ProjectId(project)).await?))
}
