//! `/integration/...`: the host product's API, authenticated by the company's bearer token.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::put;
use parlons_api::{
    SetToolPermission, UpsertDirectoryMember, UpsertDistributionGroup, UpsertItem, UpsertProject,
    UpsertUser, Upserted,
};

use super::extract::{Json, Path};
use crate::AppState;
use crate::auth::Integration;
use crate::domain::integration;
use crate::error::AppError;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/integration/users/{user}", put(upsert_user).delete(remove_user))
        .route("/integration/projects/{project}", put(upsert_project))
        .route(
            "/integration/projects/{project}/directory/{user}",
            put(upsert_directory_member).delete(remove_directory_member),
        )
        .route(
            "/integration/projects/{project}/distribution-groups/{group}",
            put(upsert_distribution_group),
        )
        .route("/integration/projects/{project}/items/{item}", put(upsert_item))
        .route(
            "/integration/projects/{project}/permissions/{user}/{tool}",
            put(set_tool_permission),
        )
}

async fn upsert_user(
    State(state): State<AppState>,
    client: Integration,
    Path(user): Path<String>,
    Json(request): Json<UpsertUser>,
) -> Result<Json<Upserted>, AppError> {
    Ok(Json(integration::upsert_user(&state, client.company, &user, request).await?))
}

async fn remove_user(
    State(state): State<AppState>,
    client: Integration,
    Path(user): Path<String>,
) -> Result<StatusCode, AppError> {
    integration::remove_user(&state, client.company, &user).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn upsert_project(
    State(state): State<AppState>,
    client: Integration,
    Path(project): Path<String>,
    Json(request): Json<UpsertProject>,
) -> Result<Json<Upserted>, AppError> {
    Ok(Json(integration::upsert_project(&state, client.company, &project, request).await?))
}

async fn upsert_directory_member(
    State(state): State<AppState>,
    client: Integration,
    Path((project, user)): Path<(String, String)>,
    Json(request): Json<UpsertDirectoryMember>,
) -> Result<StatusCode, AppError> {
    integration::upsert_directory_member(&state, client.company, &project, &user, request).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove_directory_member(
    State(state): State<AppState>,
    client: Integration,
    Path((project, user)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    integration::remove_directory_member(&state, client.company, &project, &user).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn upsert_distribution_group(
    State(state): State<AppState>,
    client: Integration,
    Path((project, group)): Path<(String, String)>,
    Json(request): Json<UpsertDistributionGroup>,
) -> Result<Json<Upserted>, AppError> {
    Ok(Json(
        integration::upsert_distribution_group(&state, client.company, &project, &group, request)
            .await?,
    ))
}

async fn upsert_item(
    State(state): State<AppState>,
    client: Integration,
    Path((project, item)): Path<(String, String)>,
    Json(request): Json<UpsertItem>,
) -> Result<Json<Upserted>, AppError> {
    Ok(Json(integration::upsert_item(&state, client.company, &project, &item, request).await?))
}

async fn set_tool_permission(
    State(state): State<AppState>,
    client: Integration,
    Path((project, user, tool)): Path<(String, String, String)>,
    Json(request): Json<SetToolPermission>,
) -> Result<StatusCode, AppError> {
    integration::set_tool_permission(&state, client.company, &project, &user, &tool, request)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
