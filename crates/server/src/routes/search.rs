//! `GET /search`: keywords over the messages the user may read.

use axum::extract::State;
use parlons_api::{ErrorBody, SearchQuery, SearchResults};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Query};
use crate::AppState;
use crate::auth::Session;
use crate::domain::search;
use crate::error::AppError;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(find))
}

/// Messages matching the keywords among those the user may read, newest first.
#[utoipa::path(get, path = "/search", tag = "search", params(SearchQuery),
    responses((status = 200, body = SearchResults), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn find(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<SearchQuery>,
) -> Result<Json<SearchResults>, AppError> {
    Ok(Json(search::search(&state, &session, query).await?))
}
