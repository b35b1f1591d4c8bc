//! `POST /session` (log in), `DELETE /session` (log out), `GET /me`.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use parlons_api::{LoginRequest, Me};

use super::extract::Json;
use crate::AppState;
use crate::auth::{Session, clear_session_cookie, session_cookie};
use crate::domain::accounts;
use crate::error::AppError;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/session", post(login).delete(logout)).route("/me", get(me))
}

async fn login(
    State(state): State<AppState>,
    Json(request): Json<LoginRequest>,
) -> Result<impl IntoResponse, AppError> {
    let (me, token) = accounts::login(&state, request).await?;
    Ok(([(SET_COOKIE, session_cookie(&token, state.secure_cookies))], Json(me)))
}

async fn logout(
    State(state): State<AppState>,
    session: Session,
) -> Result<impl IntoResponse, AppError> {
    accounts::logout(&state, &session).await?;
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, clear_session_cookie(state.secure_cookies))]))
}

async fn me(State(state): State<AppState>, session: Session) -> Result<Json<Me>, AppError> {
    Ok(Json(accounts::me(&state, &session).await?))
}
