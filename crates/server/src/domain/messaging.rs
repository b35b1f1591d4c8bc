//! Reading, sending and marking messages read.

use parlons_api::{
    ConversationId, Event, MAX_PAGE_SIZE, MarkRead, Message, MessageId, MessagePage, SendMessage,
};

use super::conversations::readable;
use super::{Outcome, publish};
use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;
use crate::store::NewMessage;

/// Longest idempotency key accepted (a UUID is 36 characters).
const MAX_IDEMPOTENCY_KEY_LEN: usize = 128;

/// A page of the conversation's messages, older than `before` (or the newest ones).
pub async fn page(
    state: &AppState,
    session: &Session,
    conversation: ConversationId,
    before: Option<MessageId>,
    limit: u32,
) -> Result<MessagePage, AppError> {
    if !(1..=MAX_PAGE_SIZE).contains(&limit) {
        return Err(AppError::invalid(format!("limit must be between 1 and {MAX_PAGE_SIZE}.")));
    }
    readable(state, session, conversation).await?;
    let (messages, has_older) = state.store.messages_page(conversation, before, limit).await?;
    let older_cursor = if has_older { messages.first().map(|m| m.id) } else { None };
    Ok(MessagePage { messages, older_cursor })
}

/// Sends a message; sending again with the same idempotency key returns the first one.
///
/// Every participant (the author too, for their other tabs) gets `message.created`, and the
/// author's read position moves to their own message.
pub async fn send(
    state: &AppState,
    session: &Session,
    conversation: ConversationId,
    request: SendMessage,
) -> Result<(Message, Outcome), AppError> {
    let key = request.idempotency_key.as_str();
    if key.is_empty()
        || key.len() > MAX_IDEMPOTENCY_KEY_LEN
        || !key.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(AppError::invalid(format!(
            "idempotency_key must be 1 to {MAX_IDEMPOTENCY_KEY_LEN} visible ASCII characters."
        )));
    }
    request.body.validate().map_err(|e| AppError::invalid(format!("Cannot send: {e}.")))?;
    let facts = readable(state, session, conversation).await?;

    let now = state.clock.now();
    let new = NewMessage {
        conversation,
        author: session.user,
        idempotency_key: key,
        body: &request.body,
        now,
    };
    let mut tx = state.store.begin().await?;
    let Some(id) = tx.insert_message(&new).await? else {
        let existing = tx.message_by_idempotency_key(conversation, session.user, key).await?;
        return existing.map(|m| (m, Outcome::Existing)).ok_or(AppError::NotFound("message"));
    };
    let message = tx.message(id).await?.ok_or(AppError::NotFound("message"))?;
    tx.advance_read_position(conversation, session.user, id).await?;
    let event = Event::MessageCreated { message: message.clone() };
    let recipients = tx.participants(conversation).await?;
    let mut appended = Vec::with_capacity(recipients.len());
    for user in recipients {
        appended.push((
            user,
            tx.append_event(user, facts.company, Some(conversation), &event, now).await?,
        ));
    }
    tx.commit().await?;
    publish(state, &appended);
    Ok((message, Outcome::Created))
}

/// Moves the user's read position forward to the given message of the conversation, and
/// tells the user's other tabs.
pub async fn mark_read(
    state: &AppState,
    session: &Session,
    conversation: ConversationId,
    request: MarkRead,
) -> Result<(), AppError> {
    readable(state, session, conversation).await?;
    let mut tx = state.store.begin().await?;
    let message = tx.message(request.message_id).await?;
    if message.is_none_or(|m| m.conversation_id != conversation) {
        return Err(AppError::invalid("That message is not in this conversation."));
    }
    tx.advance_read_position(conversation, session.user, request.message_id).await?;
    let unread_count = tx.unread_count(conversation, session.user).await?;
    let event = Event::ConversationRead { conversation_id: conversation, unread_count };
    let now = state.clock.now();
    let seq =
        tx.append_event(session.user, session.company, Some(conversation), &event, now).await?;
    tx.commit().await?;
    publish(state, &[(session.user, seq)]);
    Ok(())
}
