//! The HTTP API under `/api/v1`: each route parses its request, calls one rule of
//! [`crate::domain`] and answers. Everything but `POST /session` and `GET /openapi.json`
//! requires a session (or, for `/integration`, the company's bearer token).
//!
//! Routes are registered through `utoipa-axum`, so the router and the OpenAPI document served
//! at `/api/v1/openapi.json` are one and the same list.

mod admin;
mod conversations;
mod events;
mod extract;
mod integration;
mod notifications;
mod projects;
mod search;
mod session;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::error::AppError;

/// The document's frame; the paths come from the routes themselves.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Parlons API",
        description = "Project messaging: conversations, messages, live events, the integration API. \
                       Errors are always `{\"error\": {\"code\", \"message\"}}`."
    ),
    servers((url = "/api/v1")),
    tags(
        (name = "session", description = "Logging in and out"),
        (name = "projects", description = "Projects and their Directory"),
        (name = "conversations", description = "Conversations, messages and each reader's state"),
        (name = "events", description = "The live event stream (Server-Sent Events)"),
        (name = "notifications", description = "What each user wants to be notified of"),
        (name = "search", description = "Searching readable messages"),
        (name = "admin", description = "Company admins: settings, export, audit log"),
        (name = "integration", description = "The host product's API (bearer token)")
    )
)]
struct ApiDoc;

/// Every API route with its OpenAPI description, relative to `/api/v1`.
pub fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(session::router())
        .merge(projects::router())
        .merge(conversations::router())
        .merge(events::router())
        .merge(notifications::router())
        .merge(search::router())
        .merge(admin::router())
        .merge(integration::router())
}

/// The API router, with `GET /openapi.json` describing it.
pub fn router() -> Router<AppState> {
    let (router, document) = documented().split_for_parts();
    let document = Arc::new(document);
    router
        .route("/openapi.json", get(move || async move { axum::Json(document.as_ref().clone()) }))
        .fallback(not_found)
}

async fn not_found() -> AppError {
    AppError::NotFound("API route")
}
