//! Reading rights on conversations, and the list a user sees.

use parlons_api::{ConversationId, ConversationSummary};

use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;
use crate::store::ConversationFacts;

/// The conversation, if the session's user may read it now.
///
/// Today every conversation is read by its participants only (the `direct` rule of
/// PRODUCT.md section 2); the other kinds' readers come with their kinds. A conversation the
/// user may not read answers 404, exactly like one that does not exist, so that its existence
/// is not disclosed.
pub async fn readable(
    state: &AppState,
    session: &Session,
    conversation: ConversationId,
) -> Result<ConversationFacts, AppError> {
    let not_found = AppError::NotFound("conversation");
    let facts = state.store.conversation_facts(conversation).await?;
    let facts = facts.filter(|f| f.company == session.company).ok_or(not_found)?;
    if !state.store.is_participant(conversation, session.user).await? {
        return Err(AppError::NotFound("conversation"));
    }
    Ok(facts)
}

/// The conversations the user takes part in within the session's company, newest activity
/// first.
pub async fn list(
    state: &AppState,
    session: &Session,
) -> Result<Vec<ConversationSummary>, AppError> {
    Ok(state.store.conversation_summaries(session.company, session.user, None).await?)
}
