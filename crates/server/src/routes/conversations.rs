//! Conversations, their messages, and each reader's state of them.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch, post, put};
use parlons_api::{
    ConversationId, ConversationSummary, CreateConversation, CreateDirectConversation, CreateGroup,
    DEFAULT_PAGE_SIZE, EditMessage, ItemId, MarkRead, Message, MessageId, MessagePage, SendMessage,
    UpdateGroup,
};
use serde::Deserialize;

use super::extract::{Json, Path, Query};
use crate::AppState;
use crate::auth::Session;
use crate::domain::conversations::StateChange;
use crate::domain::messaging::Change;
use crate::domain::{Outcome, compose, conversations, direct, groups, items, messaging};
use crate::error::AppError;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/conversations", get(list).post(create))
        .route("/conversations/direct", post(create_direct))
        .route("/conversations/{conversation_id}", get(one))
        .route("/conversations/{conversation_id}/messages", get(messages).post(send))
        .route("/conversations/{conversation_id}/read", post(mark_read))
        .route("/conversations/{conversation_id}/unread", post(mark_unread))
        .route("/conversations/{conversation_id}/star", put(star).delete(unstar))
        .route("/conversations/{conversation_id}/hidden", put(hide).delete(unhide))
        .route("/conversations/{conversation_id}/follow", put(follow).delete(unfollow))
        .route("/messages/{message_id}", patch(edit).delete(delete))
        .route("/groups", post(create_group))
        .route("/groups/{conversation_id}", patch(update_group))
        .route("/items/{item_id}/conversation", post(item_conversation))
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

async fn one(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
) -> Result<Json<ConversationSummary>, AppError> {
    Ok(Json(conversations::get(&state, &session, ConversationId(conversation)).await?))
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    Json(request): Json<CreateConversation>,
) -> Result<(StatusCode, Json<ConversationSummary>), AppError> {
    let (summary, outcome) = compose::create(&state, &session, request).await?;
    Ok((status(outcome), Json(summary)))
}

async fn create_direct(
    State(state): State<AppState>,
    session: Session,
    Json(request): Json<CreateDirectConversation>,
) -> Result<(StatusCode, Json<ConversationSummary>), AppError> {
    let (summary, outcome) = direct::create(&state, &session, request).await?;
    Ok((status(outcome), Json(summary)))
}

/// `?before=ID&limit=N&thread=ID`.
#[derive(Deserialize)]
struct PageQuery {
    before: Option<i64>,
    limit: Option<u32>,
    thread: Option<i64>,
}

async fn messages(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
    Query(query): Query<PageQuery>,
) -> Result<Json<MessagePage>, AppError> {
    let limit = query.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    let page = messaging::page(
        &state,
        &session,
        ConversationId(conversation),
        query.thread.map(MessageId),
        query.before.map(MessageId),
        limit,
    )
    .await?;
    Ok(Json(page))
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

async fn edit(
    State(state): State<AppState>,
    session: Session,
    Path(message): Path<i64>,
    Json(request): Json<EditMessage>,
) -> Result<Json<Message>, AppError> {
    Ok(Json(messaging::change(&state, &session, MessageId(message), Change::Edit(request)).await?))
}

async fn delete(
    State(state): State<AppState>,
    session: Session,
    Path(message): Path<i64>,
) -> Result<Json<Message>, AppError> {
    Ok(Json(messaging::change(&state, &session, MessageId(message), Change::Delete).await?))
}

async fn change_state(
    state: AppState,
    session: Session,
    conversation: i64,
    change: StateChange,
) -> Result<Json<ConversationSummary>, AppError> {
    Ok(Json(
        conversations::change_state(&state, &session, ConversationId(conversation), change).await?,
    ))
}

async fn mark_read(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
    Json(request): Json<MarkRead>,
) -> Result<Json<ConversationSummary>, AppError> {
    change_state(state, session, conversation, StateChange::Read(request)).await
}

async fn mark_unread(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
    Json(request): Json<MarkRead>,
) -> Result<Json<ConversationSummary>, AppError> {
    change_state(state, session, conversation, StateChange::Unread(request)).await
}

macro_rules! toggle {
    ($($name:ident => $change:expr),* $(,)?) => {$(
        async fn $name(
            State(state): State<AppState>,
            session: Session,
            Path(conversation): Path<i64>,
        ) -> Result<Json<ConversationSummary>, AppError> {
            change_state(state, session, conversation, $change).await
        }
    )*};
}

toggle! {
    star => StateChange::Starred(true),
    unstar => StateChange::Starred(false),
    hide => StateChange::Hidden(true),
    unhide => StateChange::Hidden(false),
    follow => StateChange::Following(true),
    unfollow => StateChange::Following(false),
}

async fn create_group(
    State(state): State<AppState>,
    session: Session,
    Json(request): Json<CreateGroup>,
) -> Result<(StatusCode, Json<ConversationSummary>), AppError> {
    Ok((StatusCode::CREATED, Json(groups::create(&state, &session, request).await?)))
}

async fn update_group(
    State(state): State<AppState>,
    session: Session,
    Path(group): Path<i64>,
    Json(request): Json<UpdateGroup>,
) -> Result<Json<ConversationSummary>, AppError> {
    Ok(Json(groups::update(&state, &session, ConversationId(group), request).await?))
}

async fn item_conversation(
    State(state): State<AppState>,
    session: Session,
    Path(item): Path<i64>,
) -> Result<(StatusCode, Json<ConversationSummary>), AppError> {
    let (summary, outcome) = items::conversation(&state, &session, ItemId(item)).await?;
    Ok((status(outcome), Json(summary)))
}
