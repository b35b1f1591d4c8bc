//! Conversations, their messages, and each reader's state of them.

use axum::extract::State;
use axum::http::StatusCode;
use parlons_api::{
    ConversationId, ConversationPreview, ConversationSummary, CreateConversation,
    CreateDirectConversation, CreateGroup, DEFAULT_PAGE_SIZE, DirectoryMember, EditMessage,
    ErrorBody, ItemByHostIds, ItemId, ItemSummary, MarkRead, Message, MessageId, MessagePage,
    PageAt, PreviewConversation, SendMessage, UnreadTotals, UpdateGroup,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path, Query};
use crate::AppState;
use crate::auth::Session;
use crate::domain::conversations::StateChange;
use crate::domain::messaging::Change;
use crate::domain::{Outcome, compose, conversations, direct, groups, items, messaging, people};
use crate::error::AppError;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(unread))
        .routes(routes!(create_direct))
        .routes(routes!(one))
        .routes(routes!(messages, send))
        .routes(routes!(mark_read))
        .routes(routes!(mark_unread))
        .routes(routes!(star, unstar))
        .routes(routes!(hide, unhide))
        .routes(routes!(follow, unfollow))
        .routes(routes!(edit, delete))
        .routes(routes!(create_group))
        .routes(routes!(update_group))
        .routes(routes!(item_conversation, started_item_conversation))
        .routes(routes!(item_by_host_ids))
        .routes(routes!(mentionable))
        .routes(routes!(preview))
}

/// Who a "+ Créer" conversation would reach (readers and mentionable people), before it is
/// created: the server's own rule for the card, project and participants chosen.
#[utoipa::path(post, path = "/conversations/preview", tag = "conversations", request_body = PreviewConversation,
    responses((status = 200, body = ConversationPreview), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn preview(
    State(state): State<AppState>,
    session: Session,
    Json(request): Json<PreviewConversation>,
) -> Result<Json<ConversationPreview>, AppError> {
    Ok(Json(compose::preview(&state, &session, request).await?))
}

/// The people who may be @mentioned in the conversation (the rule applied on send).
#[utoipa::path(get, path = "/conversations/{conversation_id}/mentionable", tag = "conversations", params(("conversation_id" = i64, Path, description = "The conversation")),
    responses((status = 200, body = Vec<DirectoryMember>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn mentionable(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
) -> Result<Json<Vec<DirectoryMember>>, AppError> {
    Ok(Json(people::mentionable(&state, &session, ConversationId(conversation)).await?))
}

/// 201 for something made now, 200 for what an earlier identical request made.
fn status(outcome: Outcome) -> StatusCode {
    match outcome {
        Outcome::Created => StatusCode::CREATED,
        Outcome::Existing => StatusCode::OK,
    }
}

/// What is unread across every conversation the user may read.
#[utoipa::path(get, path = "/unread", tag = "conversations",
    responses((status = 200, body = UnreadTotals), (status = 401, body = ErrorBody)))]
async fn unread(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<UnreadTotals>, AppError> {
    Ok(Json(conversations::unread(&state, &session).await?))
}

/// The conversations the user may read, newest activity first.
#[utoipa::path(get, path = "/conversations", tag = "conversations",
    responses((status = 200, body = Vec<ConversationSummary>), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Vec<ConversationSummary>>, AppError> {
    Ok(Json(conversations::list(&state, &session).await?))
}

/// One conversation as the user sees it.
#[utoipa::path(get, path = "/conversations/{conversation_id}", tag = "conversations", params(("conversation_id" = i64, Path, description = "The conversation")),
    responses((status = 200, body = ConversationSummary), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn one(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
) -> Result<Json<ConversationSummary>, AppError> {
    Ok(Json(conversations::get(&state, &session, ConversationId(conversation)).await?))
}

/// "+ Créer": a new company, confidential or direct conversation with its subject and first
/// message (201; 200 when the same request was already served).
#[utoipa::path(post, path = "/conversations", tag = "conversations", request_body = CreateConversation,
    responses((status = 201, body = ConversationSummary), (status = 200, body = ConversationSummary),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    session: Session,
    Json(request): Json<CreateConversation>,
) -> Result<(StatusCode, Json<ConversationSummary>), AppError> {
    let (summary, outcome) = compose::create(&state, &session, request).await?;
    Ok((status(outcome), Json(summary)))
}

/// Starts a direct conversation (201), or finds the one these people have (200).
#[utoipa::path(post, path = "/conversations/direct", tag = "conversations", request_body = CreateDirectConversation,
    responses((status = 201, body = ConversationSummary), (status = 200, body = ConversationSummary),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_direct(
    State(state): State<AppState>,
    session: Session,
    Json(request): Json<CreateDirectConversation>,
) -> Result<(StatusCode, Json<ConversationSummary>), AppError> {
    let (summary, outcome) = direct::create(&state, &session, request).await?;
    Ok((status(outcome), Json(summary)))
}

/// `?before=ID&limit=N&thread=ID`, or `after=ID` or `around=ID` instead of `before`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PageQuery {
    /// Messages older than this one (the previous page's `older_cursor`).
    before: Option<i64>,
    /// Messages newer than this one (the previous page's `newer_cursor`).
    after: Option<i64>,
    /// This message and those around it, half older and half newer (to open a conversation
    /// at a search result).
    around: Option<i64>,
    /// Messages per page (default 50, at most 200).
    limit: Option<u32>,
    /// The thread of this message instead of the main line.
    thread: Option<i64>,
}

/// A page of messages, newest first by page and oldest first within; of one thread with `thread`.
#[utoipa::path(get, path = "/conversations/{conversation_id}/messages", tag = "conversations", params(("conversation_id" = i64, Path, description = "The conversation"), PageQuery),
    responses((status = 200, body = MessagePage), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn messages(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
    Query(query): Query<PageQuery>,
) -> Result<Json<MessagePage>, AppError> {
    let limit = query.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    let at = match (query.before, query.after, query.around) {
        (None, None, None) => PageAt::Newest,
        (Some(id), None, None) => PageAt::Before(MessageId(id)),
        (None, Some(id), None) => PageAt::After(MessageId(id)),
        (None, None, Some(id)) => PageAt::Around(MessageId(id)),
        _ => return Err(AppError::invalid("Give at most one of before, after and around.")),
    };
    let page = messaging::page(
        &state,
        &session,
        ConversationId(conversation),
        query.thread.map(MessageId),
        at,
        limit,
    )
    .await?;
    Ok(Json(page))
}

/// Sends a message (201), or returns the one sent with the same idempotency key (200).
#[utoipa::path(post, path = "/conversations/{conversation_id}/messages", tag = "conversations", params(("conversation_id" = i64, Path, description = "The conversation")), request_body = SendMessage,
    responses((status = 201, body = Message), (status = 200, body = Message), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
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

/// Edits one's own message, within 5 minutes, if the company allows it.
#[utoipa::path(patch, path = "/messages/{message_id}", tag = "conversations", params(("message_id" = i64, Path, description = "The message")), request_body = EditMessage,
    responses((status = 200, body = Message), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn edit(
    State(state): State<AppState>,
    session: Session,
    Path(message): Path<i64>,
    Json(request): Json<EditMessage>,
) -> Result<Json<Message>, AppError> {
    Ok(Json(messaging::change(&state, &session, MessageId(message), Change::Edit(request)).await?))
}

/// Deletes one's own message, within 5 minutes, if the company allows it.
#[utoipa::path(delete, path = "/messages/{message_id}", tag = "conversations", params(("message_id" = i64, Path, description = "The message")),
    responses((status = 200, body = Message), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
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

/// Everything up to this message was seen.
#[utoipa::path(post, path = "/conversations/{conversation_id}/read", tag = "conversations", params(("conversation_id" = i64, Path, description = "The conversation")), request_body = MarkRead,
    responses((status = 200, body = ConversationSummary), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn mark_read(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
    Json(request): Json<MarkRead>,
) -> Result<Json<ConversationSummary>, AppError> {
    change_state(state, session, conversation, StateChange::Read(request)).await
}

/// Shows the conversation as unread from this message on.
#[utoipa::path(post, path = "/conversations/{conversation_id}/unread", tag = "conversations", params(("conversation_id" = i64, Path, description = "The conversation")), request_body = MarkRead,
    responses((status = 200, body = ConversationSummary), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn mark_unread(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
    Json(request): Json<MarkRead>,
) -> Result<Json<ConversationSummary>, AppError> {
    change_state(state, session, conversation, StateChange::Unread(request)).await
}

/// Stars the conversation.
#[utoipa::path(put, path = "/conversations/{conversation_id}/star", tag = "conversations", params(("conversation_id" = i64, Path, description = "The conversation")),
    responses((status = 200, body = ConversationSummary), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn star(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
) -> Result<Json<ConversationSummary>, AppError> {
    change_state(state, session, conversation, StateChange::Starred(true)).await
}

/// Unstars the conversation.
#[utoipa::path(delete, path = "/conversations/{conversation_id}/star", tag = "conversations", params(("conversation_id" = i64, Path, description = "The conversation")),
    responses((status = 200, body = ConversationSummary), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn unstar(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
) -> Result<Json<ConversationSummary>, AppError> {
    change_state(state, session, conversation, StateChange::Starred(false)).await
}

/// Hides (archives) the conversation until a new message arrives.
#[utoipa::path(put, path = "/conversations/{conversation_id}/hidden", tag = "conversations", params(("conversation_id" = i64, Path, description = "The conversation")),
    responses((status = 200, body = ConversationSummary), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn hide(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
) -> Result<Json<ConversationSummary>, AppError> {
    change_state(state, session, conversation, StateChange::Hidden(true)).await
}

/// Brings a hidden conversation back.
#[utoipa::path(delete, path = "/conversations/{conversation_id}/hidden", tag = "conversations", params(("conversation_id" = i64, Path, description = "The conversation")),
    responses((status = 200, body = ConversationSummary), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn unhide(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
) -> Result<Json<ConversationSummary>, AppError> {
    change_state(state, session, conversation, StateChange::Hidden(false)).await
}

/// Follows an item conversation.
#[utoipa::path(put, path = "/conversations/{conversation_id}/follow", tag = "conversations", params(("conversation_id" = i64, Path, description = "The conversation")),
    responses((status = 200, body = ConversationSummary), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn follow(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
) -> Result<Json<ConversationSummary>, AppError> {
    change_state(state, session, conversation, StateChange::Following(true)).await
}

/// Stops following an item conversation.
#[utoipa::path(delete, path = "/conversations/{conversation_id}/follow", tag = "conversations", params(("conversation_id" = i64, Path, description = "The conversation")),
    responses((status = 200, body = ConversationSummary), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn unfollow(
    State(state): State<AppState>,
    session: Session,
    Path(conversation): Path<i64>,
) -> Result<Json<ConversationSummary>, AppError> {
    change_state(state, session, conversation, StateChange::Following(false)).await
}

/// Creates a group in a project.
#[utoipa::path(post, path = "/groups", tag = "conversations", request_body = CreateGroup,
    responses((status = 201, body = ConversationSummary), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_group(
    State(state): State<AppState>,
    session: Session,
    Json(request): Json<CreateGroup>,
) -> Result<(StatusCode, Json<ConversationSummary>), AppError> {
    Ok((StatusCode::CREATED, Json(groups::create(&state, &session, request).await?)))
}

/// Renames a group or changes its members.
#[utoipa::path(patch, path = "/groups/{conversation_id}", tag = "conversations", params(("conversation_id" = i64, Path, description = "The conversation")), request_body = UpdateGroup,
    responses((status = 200, body = ConversationSummary), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_group(
    State(state): State<AppState>,
    session: Session,
    Path(group): Path<i64>,
    Json(request): Json<UpdateGroup>,
) -> Result<Json<ConversationSummary>, AppError> {
    Ok(Json(groups::update(&state, &session, ConversationId(group), request).await?))
}

/// An item by the host product's ids, for someone who may read it (404 otherwise).
#[utoipa::path(get, path = "/items/by-host-ids", tag = "conversations", params(ItemByHostIds),
    responses((status = 200, body = ItemSummary), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn item_by_host_ids(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<ItemByHostIds>,
) -> Result<Json<ItemSummary>, AppError> {
    Ok(Json(items::by_host_ids(&state, &session, query).await?))
}

/// The item's conversation if it was started; 404 if not.
#[utoipa::path(get, path = "/items/{item_id}/conversation", tag = "conversations",
    params(("item_id" = i64, Path, description = "The item")),
    responses((status = 200, body = ConversationSummary), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn started_item_conversation(
    State(state): State<AppState>,
    session: Session,
    Path(item): Path<i64>,
) -> Result<Json<ConversationSummary>, AppError> {
    Ok(Json(items::started(&state, &session, ItemId(item)).await?))
}

/// The item's conversation, started on first use (201) or as it is (200).
#[utoipa::path(post, path = "/items/{item_id}/conversation", tag = "conversations",
    params(("item_id" = i64, Path, description = "The item")),
    responses((status = 201, body = ConversationSummary), (status = 200, body = ConversationSummary),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn item_conversation(
    State(state): State<AppState>,
    session: Session,
    Path(item): Path<i64>,
) -> Result<(StatusCode, Json<ConversationSummary>), AppError> {
    let (summary, outcome) = items::conversation(&state, &session, ItemId(item)).await?;
    Ok((status(outcome), Json(summary)))
}
