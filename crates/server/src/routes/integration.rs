//! `/integration/...`: the host product's API, authenticated by the company's bearer token.

use axum::extract::State;
use axum::http::StatusCode;
use parlons_api::{
    ErrorBody, SetToolPermission, UpsertDirectoryMember, UpsertDistributionGroup, UpsertItem,
    UpsertProject, UpsertUser, Upserted,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path};
use crate::AppState;
use crate::auth::Integration;
use crate::domain::integration;
use crate::error::AppError;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upsert_user, remove_user))
        .routes(routes!(upsert_project))
        .routes(routes!(upsert_directory_member, remove_directory_member))
        .routes(routes!(upsert_distribution_group))
        .routes(routes!(upsert_item))
        .routes(routes!(set_tool_permission))
}

/// Creates or updates a person of the company (by the host's user id).
#[utoipa::path(put, path = "/integration/users/{user}", tag = "integration", request_body = UpsertUser,
    params(("user" = String, Path, description = "The host product's user id")),
    responses((status = 200, body = Upserted), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upsert_user(
    State(state): State<AppState>,
    client: Integration,
    Path(user): Path<String>,
    Json(request): Json<UpsertUser>,
) -> Result<Json<Upserted>, AppError> {
    Ok(Json(integration::upsert_user(&state, client.company, &user, request).await?))
}

/// Removes a person from the company and all its Directories.
#[utoipa::path(delete, path = "/integration/users/{user}", tag = "integration",
    params(("user" = String, Path, description = "The host product's user id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn remove_user(
    State(state): State<AppState>,
    client: Integration,
    Path(user): Path<String>,
) -> Result<StatusCode, AppError> {
    integration::remove_user(&state, client.company, &user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Creates or renames a project.
#[utoipa::path(put, path = "/integration/projects/{project}", tag = "integration", request_body = UpsertProject,
    params(("project" = String, Path, description = "The host product's project id")),
    responses((status = 200, body = Upserted), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upsert_project(
    State(state): State<AppState>,
    client: Integration,
    Path(project): Path<String>,
    Json(request): Json<UpsertProject>,
) -> Result<Json<Upserted>, AppError> {
    Ok(Json(integration::upsert_project(&state, client.company, &project, request).await?))
}

/// Puts a person in a project's Directory, or changes their flags.
#[utoipa::path(put, path = "/integration/projects/{project}/directory/{user}", tag = "integration",
    request_body = UpsertDirectoryMember,
    params(("project" = String, Path, description = "The host's project id"), ("user" = String, Path, description = "The host's user id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn upsert_directory_member(
    State(state): State<AppState>,
    client: Integration,
    Path((project, user)): Path<(String, String)>,
    Json(request): Json<UpsertDirectoryMember>,
) -> Result<StatusCode, AppError> {
    integration::upsert_directory_member(&state, client.company, &project, &user, request).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes a person out of a project's Directory: they lose its conversations at once.
#[utoipa::path(delete, path = "/integration/projects/{project}/directory/{user}", tag = "integration",
    params(("project" = String, Path, description = "The host's project id"), ("user" = String, Path, description = "The host's user id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn remove_directory_member(
    State(state): State<AppState>,
    client: Integration,
    Path((project, user)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    integration::remove_directory_member(&state, client.company, &project, &user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Creates or replaces a distribution group of a project.
#[utoipa::path(put, path = "/integration/projects/{project}/distribution-groups/{group}", tag = "integration",
    request_body = UpsertDistributionGroup,
    params(("project" = String, Path, description = "The host's project id"), ("group" = String, Path, description = "The host's group id")),
    responses((status = 200, body = Upserted), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
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

/// Creates or updates an item, with its access list when private.
#[utoipa::path(put, path = "/integration/projects/{project}/items/{item}", tag = "integration", request_body = UpsertItem,
    params(("project" = String, Path, description = "The host's project id"), ("item" = String, Path, description = "The host's item id")),
    responses((status = 200, body = Upserted), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upsert_item(
    State(state): State<AppState>,
    client: Integration,
    Path((project, item)): Path<(String, String)>,
    Json(request): Json<UpsertItem>,
) -> Result<Json<Upserted>, AppError> {
    Ok(Json(integration::upsert_item(&state, client.company, &project, &item, request).await?))
}

/// Sets a person's permission on a tool of a project.
#[utoipa::path(put, path = "/integration/projects/{project}/permissions/{user}/{tool}", tag = "integration",
    request_body = SetToolPermission,
    params(
        ("project" = String, Path, description = "The host's project id"),
        ("user" = String, Path, description = "The host's user id"),
        ("tool" = String, Path, description = "The tool (rfi, submittal...)")
    ),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
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
