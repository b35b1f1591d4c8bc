//! `POST /session` (log in), `DELETE /session` (log out), `PUT /session/company`, `GET /me`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::header::SET_COOKIE;
use axum::http::{Extensions, StatusCode};
use axum::response::IntoResponse;
use parlons_api::{ErrorBody, LoginRequest, Me, SwitchCompany};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::Json;
use crate::AppState;
use crate::auth::{Session, clear_session_cookie, session_cookie};
use crate::domain::accounts;
use crate::error::AppError;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login, logout))
        .routes(routes!(switch_company))
        .routes(routes!(me))
}

/// Logs in; the session cookie comes back in `Set-Cookie` (HttpOnly, SameSite=Lax). Too many
/// attempts for one account or from one address are refused for a while (429,
/// `Retry-After`).
#[utoipa::path(post, path = "/session", tag = "session", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, headers(("Retry-After" = u64, description = "Seconds to wait")))))]
async fn login(
    State(state): State<AppState>,
    extensions: Extensions,
    Json(request): Json<LoginRequest>,
) -> Result<impl IntoResponse, AppError> {
    // The connection's peer, when served by `main` (in-process tests have none).
    let address = extensions.get::<ConnectInfo<SocketAddr>>().map(|peer| peer.0.ip());
    let (me, token) = accounts::login(&state, request, address).await?;
    Ok(([(SET_COOKIE, session_cookie(&token, state.secure_cookies))], Json(me)))
}

/// Logs out: the session ends and its cookie is cleared.
#[utoipa::path(delete, path = "/session", tag = "session",
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn logout(
    State(state): State<AppState>,
    session: Session,
) -> Result<impl IntoResponse, AppError> {
    accounts::logout(&state, &session).await?;
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, clear_session_cookie(state.secure_cookies))]))
}

/// Shows another of the user's companies: the session is scoped to it from now on.
#[utoipa::path(put, path = "/session/company", tag = "session", request_body = SwitchCompany,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn switch_company(
    State(state): State<AppState>,
    session: Session,
    Json(request): Json<SwitchCompany>,
) -> Result<Json<Me>, AppError> {
    Ok(Json(accounts::switch_company(&state, &session, request).await?))
}

/// The logged-in user and their companies.
#[utoipa::path(get, path = "/me", tag = "session", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
async fn me(State(state): State<AppState>, session: Session) -> Result<Json<Me>, AppError> {
    Ok(Json(accounts::me(&state, &session).await?))
}
