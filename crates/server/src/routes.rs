//! The HTTP API under `/api/v1`: each route parses its request, calls one rule of
//! [`crate::domain`] and answers. Everything but `POST /session` requires a session.

mod admin;
mod conversations;
mod events;
mod extract;
mod integration;
mod projects;
mod search;
mod session;

use axum::Router;

use crate::AppState;
use crate::error::AppError;

/// Every API route, relative to `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(session::router())
        .merge(projects::router())
        .merge(conversations::router())
        .merge(events::router())
        .merge(search::router())
        .merge(admin::router())
        .merge(integration::router())
        .fallback(not_found)
}

async fn not_found() -> AppError {
    AppError::NotFound("API route")
}
