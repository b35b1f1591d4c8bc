//! Item conversations: one per item, read by whoever may read the item.

use parlons_api::{
    CompanyId, ConversationKind, ConversationSummary, ItemByHostIds, ItemId, ItemSummary, ProjectId,
};

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
    let new = new_item_conversation(state, session, (company, project, item));
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

/// The item's conversation, as it would be started by the session's user.
fn new_item_conversation(
    state: &AppState,
    session: &Session,
    (company, project, item): (CompanyId, ProjectId, ItemId),
) -> NewConversation {
    NewConversation {
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
    }
}

/// The company's item with these host ids, if the session's user may read it (404 if not,
/// as if it did not exist): what the item panel opened with the person's own session (a
/// host page on the app's site) shows. May read it who may read its conversation, started
/// or not; not started, that is decided by the code that would start it, in a transaction
/// then rolled back.
pub async fn by_host_ids(
    state: &AppState,
    session: &Session,
    query: ItemByHostIds,
) -> Result<ItemSummary, AppError> {
    let not_found = || AppError::NotFound("item");
    let mut tx = state.store.begin().await?;
    let found = tx.item_by_external_ids(session.company, &query.project, &query.item).await?;
    drop(tx);
    let item = found.ok_or_else(not_found)?;
    if session.item.is_some_and(|scope| scope != item) {
        return Err(not_found());
    }
    let (company, project) = state.store.item_owner(item).await?.ok_or_else(not_found)?;
    match state.store.item_conversation(item).await? {
        Some(started) => {
            get(state, session, started).await.map_err(|_| not_found())?;
        }
        None => {
            may_converse(state, session).await.map_err(|_| not_found())?;
            if !state.store.company_settings(company).await?.item_conversations {
                return Err(not_found());
            }
            usable_project(state, session, project).await.map_err(|_| not_found())?;
            let new = new_item_conversation(state, session, (company, project, item));
            let mut tx = state.store.begin().await?;
            let readable = create_in(&mut tx, session, &new).await;
            // Dropped without commit: nothing of it was ever there.
            drop(tx);
            match readable {
                Ok(_) => {}
                Err(AppError::Forbidden(_)) => return Err(not_found()),
                Err(other) => return Err(other),
            }
        }
    }
    state.store.item_summary(item).await?.ok_or_else(not_found)
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
