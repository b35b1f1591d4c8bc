//! Reading rights on conversations, the list a user sees, and each user's own state of a
//! conversation (read position, star, hidden, following).

use parlons_api::{
    ConversationId, ConversationKind, ConversationSummary, Event, MarkRead, UnreadTotals, UserId,
};

use super::Appended;
use super::access::may_read;
use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;
use crate::store::{ConversationFacts, NewConversation, Tx};

/// The conversation, if the session's user may read it now ([`may_read`]).
///
/// A conversation the user may not read answers 404, exactly like one that does not exist,
/// so that its existence is not disclosed.
pub async fn readable(
    state: &AppState,
    session: &Session,
    conversation: ConversationId,
) -> Result<ConversationFacts, AppError> {
    let facts = in_company(state, session, conversation).await?;
    let access = state.store.access_facts(conversation, session.user).await?;
    if !access.is_some_and(|access| may_read(&access)) {
        return Err(AppError::NotFound("conversation"));
    }
    Ok(facts)
}

/// The conversation, if it is of the session's company (and, for a widget's session, its
/// item's): 404 otherwise. Who may read it is still to be checked ([`readable`], or
/// membership of [`readers_in`]).
pub async fn in_company(
    state: &AppState,
    session: &Session,
    conversation: ConversationId,
) -> Result<ConversationFacts, AppError> {
    let facts = state.store.conversation_facts(conversation).await?;
    facts
        .filter(|f| f.company == session.company)
        .filter(|f| session.item.is_none_or(|item| f.item == Some(item)))
        .ok_or(AppError::NotFound("conversation"))
}

/// Everyone who may read the conversation now.
pub async fn readers(
    state: &AppState,
    conversation: ConversationId,
) -> Result<Vec<UserId>, AppError> {
    let audience = state.store.audience_facts(conversation).await?;
    Ok(audience.into_iter().filter(|(_, facts)| may_read(facts)).map(|(user, _)| user).collect())
}

/// Everyone who may read the conversation as the transaction sees it: the recipients of an
/// event it logs, decided where the event is logged.
pub async fn readers_in(
    tx: &mut Tx,
    conversation: ConversationId,
) -> Result<Vec<UserId>, AppError> {
    let audience = tx.audience_facts(conversation).await?;
    Ok(audience.into_iter().filter(|(_, facts)| may_read(facts)).map(|(user, _)| user).collect())
}

/// The conversations the user may read within the session's company, newest activity first.
pub async fn list(
    state: &AppState,
    session: &Session,
) -> Result<Vec<ConversationSummary>, AppError> {
    let candidates = state.store.candidate_facts(session.company, session.user).await?;
    let readable: Vec<ConversationId> =
        candidates.into_iter().filter(|(_, facts)| may_read(facts)).map(|(id, _)| id).collect();
    Ok(state.store.conversation_summaries(session.user, &readable).await?)
}

/// What is unread across every conversation the user may read.
pub async fn unread(state: &AppState, session: &Session) -> Result<UnreadTotals, AppError> {
    let conversations = list(state, session).await?;
    Ok(UnreadTotals {
        messages: conversations.iter().map(|c| c.unread_count).sum(),
        mentions: conversations.iter().map(|c| c.mention_count).sum(),
    })
}

/// One conversation as the user sees it.
pub async fn get(
    state: &AppState,
    session: &Session,
    conversation: ConversationId,
) -> Result<ConversationSummary, AppError> {
    readable(state, session, conversation).await?;
    let summary = state.store.conversation_summaries(session.user, &[conversation]).await?;
    summary.into_iter().next().ok_or(AppError::NotFound("conversation"))
}

/// A change of the user's own state of a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateChange {
    /// Everything up to this message was seen.
    Read(MarkRead),
    /// Show as unread from this message on.
    Unread(MarkRead),
    /// Star or unstar.
    Starred(bool),
    /// Hide (archive) or bring back.
    Hidden(bool),
    /// Follow or unfollow (item conversations).
    Following(bool),
}

/// Changes the user's own state of a conversation and tells the user's other tabs.
pub async fn change_state(
    state: &AppState,
    session: &Session,
    conversation: ConversationId,
    change: StateChange,
) -> Result<ConversationSummary, AppError> {
    let facts = readable(state, session, conversation).await?;
    let user = session.user;
    let mut tx = state.store.begin().await?;
    match change {
        StateChange::Read(MarkRead { message_id })
        | StateChange::Unread(MarkRead { message_id }) => {
            let message = tx.message(message_id).await?;
            if message.is_none_or(|m| m.conversation_id != conversation) {
                return Err(AppError::invalid("That message is not in this conversation."));
            }
            if let StateChange::Read(_) = change {
                tx.advance_read_position(conversation, user, message_id).await?;
            } else {
                tx.set_read_position(conversation, user, message_id.0 - 1).await?;
            }
        }
        StateChange::Starred(starred) => tx.set_starred(conversation, user, starred).await?,
        StateChange::Hidden(hidden) => tx.set_hidden(conversation, user, hidden).await?,
        StateChange::Following(following) => {
            if facts.kind != ConversationKind::Item {
                return Err(AppError::invalid("Only item conversations can be followed."));
            }
            tx.set_following(conversation, user, following).await?;
        }
    }
    let summary = own_summary(&mut tx, user, conversation).await?;
    let mut appended = Appended::default();
    let event = Event::ConversationUpdated { conversation: summary.clone() };
    appended
        .push(&mut tx, &[user], session.company, Some(conversation), &event, state.clock.now())
        .await?;
    tx.commit().await?;
    appended.announce(state);
    Ok(summary)
}

/// A conversation just created in a transaction.
pub struct Created {
    /// As its creator sees it.
    pub summary: ConversationSummary,
    /// Everyone who may read it.
    pub readers: Vec<UserId>,
    /// Its `conversation.created` events, to announce after the commit.
    pub appended: Appended,
}

/// Creates the conversation and appends `conversation.created` to the logs of everyone who
/// may read it; the creator must be one of them.
pub async fn create_in(
    tx: &mut Tx,
    session: &Session,
    new: &NewConversation,
) -> Result<Created, AppError> {
    let id = tx.insert_conversation(new).await?;
    let readers = readers_in(tx, id).await?;
    if !readers.contains(&session.user) {
        return Err(AppError::forbidden("You would not be able to read this conversation."));
    }
    let summary = own_summary(tx, session.user, id).await?;
    let mut appended = Appended::default();
    let event = Event::ConversationCreated { conversation: summary.clone() };
    appended.push(tx, &readers, session.company, Some(id), &event, new.now).await?;
    Ok(Created { summary, readers, appended })
}

/// The conversation as `user` sees it within the transaction.
pub(super) async fn own_summary(
    tx: &mut Tx,
    user: UserId,
    conversation: ConversationId,
) -> Result<ConversationSummary, AppError> {
    let summary = tx.conversation_summaries(user, &[conversation]).await?;
    summary.into_iter().next().ok_or(AppError::NotFound("conversation"))
}
