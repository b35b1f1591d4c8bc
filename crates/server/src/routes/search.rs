//! `GET /search`: keywords over the messages the user may read.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use parlons_api::{SearchQuery, SearchResults};

use super::extract::{Json, Query};
use crate::AppState;
use crate::auth::Session;
use crate::domain::search;
use crate::error::AppError;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/search", get(find))
}

async fn find(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<SearchQuery>,
) -> Result<Json<SearchResults>, AppError> {
    Ok(Json(search::search(&state, &session, query).await?))
}
