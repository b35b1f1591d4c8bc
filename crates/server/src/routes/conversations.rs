//! Conversations and their messages.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use parlons_api::{
    ConversationId, ConversationSummary, CreateDirectConversation, DEFAULT_PAGE_SIZE, MarkRead,
    Message, MessageId, MessagePage, SendMessage,
};
use serde::Deserialize;

use super::extract::{Json, Path, Query};
use crate::AppState;
use crate::auth::Session;
use crate::domain::{Outcome, conversations, direct, messaging};
use crate::error::AppError;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/conversations", get(list))
        .route("/conversations/direct", post(create_direct))
        .route("/conversations/{conversation_id}/messages", get(messages).post(send))
        .route("/conversations/{conversation_id}/read", post(mark_read))
}

/// 201 for something made now, 200 for what an earlier identical request made.
fn status(outcome: Outcome) -> StatusCode {
    match outcome {
        Outcome::Created => StatusCode::CREATED,
        Outcome::Existing => StatusCode::OK,
    }
}

async fn list(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Vec<ConversationSummary>>, AppError> {
    Ok(Json(conversations::list(&state, &session).await?))
}

async fn create_direct(
    State(state): State<AppState>,
    session: Session,
    Json(request): Json<CreateDirectConversation>,
) -> Result<(StatusCode, Json<ConversationSummary>), AppError> {
    let (summary, outcome) = direct::create(&state, &session, request).await?;
    Ok((status(outcome), Json(summary)))
}

/// `?before=ID&limit=N`.
#[derive(Deserialize)]
struct PageQuery {
    before: Option<i64>,
    limit: Option<u32>,
}

async fn messages(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
    Query(query): Query<PageQuery>,
) -> Result<Json<MessagePage>, AppError> {
    let limit = query.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    let before = query.before.map(MessageId);
    Ok(Json(messaging::page(&state, &session, ConversationId(conversation), before, limit).await?))
}

async fn send(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
    Json(request): Json<SendMessage>,
) -> Result<(StatusCode, Json<Message>), AppError> {
    let (message, outcome) =
        messaging::send(&state, &session, ConversationId(conversation), request).await?;
    Ok((status(outcome), Json(message)))
}

async fn mark_read(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
    Json(request): Json<MarkRead>,
) -> Result<StatusCode, AppError> {
    messaging::mark_read(&state, &session, ConversationId(conversation), request).await?;
    Ok(StatusCode::NO_CONTENT)
}
