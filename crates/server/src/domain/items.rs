//! Item conversations: one per item, read by whoever may read the item.

use parlons_api::{ConversationKind, ConversationSummary, ItemId};

use super::Outcome;
use super::conversations::{create_in, get};
use super::people::{may_converse, usable_project};
use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;
use crate::store::NewConversation;

/// The item's conversation, started on first use; its starter follows it.
///
/// Someone who may not read the item gets 404, as if it did not exist.
pub async fn conversation(
    state: &AppState,
    session: &Session,
    item: ItemId,
) -> Result<(ConversationSummary, Outcome), AppError> {
    may_converse(state, session).await?;
    let not_found = || AppError::NotFound("item");
    if session.item.is_some_and(|scope| scope != item) {
        return Err(not_found());
    }
    let (company, project) = state.store.item_owner(item).await?.ok_or_else(not_found)?;
    if company != session.company {
        return Err(not_found());
    }
    // Within the writes, an item conversation someone else just created is visible: two
    // first uses at once make one conversation. Answered once it is durable.
    let mut tx = state.store.begin().await?;
    if let Some(existing) = tx.item_conversation(item).await? {
        tx.commit().await?;
        return Ok((
            get(state, session, existing).await.map_err(|_| not_found())?,
            Outcome::Existing,
        ));
    }
    if !state.store.company_settings(session.company).await?.item_conversations {
        return Err(AppError::forbidden("Item conversations are turned off for this company."));
    }
    usable_project(state, session, project).await?;
    let new = NewConversation {
        company,
        project: Some(project),
        item: Some(item),
        kind: ConversationKind::Item,
        subject: None,
        direct_key: None,
        started_with: None,
        everyone_in_directory: false,
        created_by: session.user,
        participants: Vec::new(),
        now: state.clock.now(),
    };
    let created = match create_in(&mut tx, session, &new).await {
        Ok(created) => created,
        Err(AppError::Forbidden(_)) => return Err(not_found()),
        Err(other) => return Err(other),
    };
    tx.set_following(created.summary.id, session.user, true).await?;
    tx.commit().await?;
    created.appended.announce(state);
    Ok((get(state, session, created.summary.id).await?, Outcome::Created))
}

/// The item's conversation if it was started (404 if not, or if the item is not the user's
/// to read): what the item's panel shows before anyone wrote.
pub async fn started(
    state: &AppState,
    session: &Session,
    item: ItemId,
) -> Result<ConversationSummary, AppError> {
    let not_found = || AppError::NotFound("item");
    if session.item.is_some_and(|scope| scope != item) {
        return Err(not_found());
    }
    let (company, _) = state.store.item_owner(item).await?.ok_or_else(not_found)?;
    if company != session.company {
        return Err(not_found());
    }
    let started = state.store.item_conversation(item).await?;
    let id = started.ok_or(AppError::NotFound("conversation"))?;
    get(state, session, id).await
}
