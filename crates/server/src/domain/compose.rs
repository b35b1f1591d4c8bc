//! "+ Créer": a new `company`, `confidential` or `direct` conversation with its subject and
//! first message, in one step.

use std::collections::BTreeSet;

use parlons_api::{
    ConversationKind, ConversationPreview, ConversationSummary, CreateConversation,
    PreviewConversation, ProjectId, UserId,
};

use super::Outcome;
use super::conversations::{create_in, get};
use super::direct::checked_people;
use super::messaging::{Outgoing, author, checked_mentions, insert_in, notifiable, validate_send};
use super::people::{addable, may_converse, usable_project};
use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;
use crate::store::{ConversationFacts, NewConversation};

/// Longest subject accepted.
const MAX_SUBJECT_CHARS: usize = 200;

/// What "+ Créer" was given: the card, its project and the people chosen.
struct Card {
    kind: ConversationKind,
    project: Option<ProjectId>,
    people: Vec<UserId>,
}

/// The conversation a card would make, checked against the rules (who may be added where),
/// without subject or first message yet.
async fn new_conversation(
    state: &AppState,
    session: &Session,
    card: Card,
) -> Result<NewConversation, AppError> {
    let (project, people) = match card.kind {
        ConversationKind::Direct => {
            checked_people(state, session, card.project, card.people).await?
        }
        ConversationKind::Company | ConversationKind::Confidential => {
            may_converse(state, session).await?;
            let id = card.project.ok_or_else(|| {
                AppError::invalid("Choose the project.").at("project_id", "required")
            })?;
            let project = usable_project(state, session, id).await?;
            let mut people: BTreeSet<UserId> = card.people.into_iter().collect();
            people.insert(session.user);
            addable(state, session, Some(&project), &people).await?;
            (Some(project), people)
        }
        ConversationKind::Group | ConversationKind::Item => {
            return Err(AppError::invalid(
                "Only company, confidential and direct conversations are created here.",
            )
            .at("kind", "not_created_here"));
        }
    };
    Ok(NewConversation {
        company: session.company,
        project: project.map(|p| p.id),
        item: None,
        kind: card.kind,
        subject: None,
        direct_key: None,
        started_with: None,
        everyone_in_directory: false,
        created_by: session.user,
        participants: people.into_iter().collect(),
        now: state.clock.now(),
    })
}

/// Who a "+ Créer" conversation would reach: made in a transaction that is then rolled back,
/// so that the readers are decided by exactly the code that decides them on creation.
pub async fn preview(
    state: &AppState,
    session: &Session,
    request: PreviewConversation,
) -> Result<ConversationPreview, AppError> {
    let card =
        Card { kind: request.kind, project: request.project_id, people: request.participant_ids };
    let mut new = new_conversation(state, session, card).await?;
    new.subject = Some(String::new());
    let readers = {
        let mut tx = state.store.begin().await?;
        let created = create_in(&mut tx, session, &new).await?;
        // Dropped without commit: nothing of it was ever there.
        drop(tx);
        created.readers
    };
    let mentionable = match new.kind {
        // As in a direct conversation: the project's Directory and company admins (the
        // company without a project), whether or not they are in it.
        ConversationKind::Direct => {
            super::people::mentionable_in(state, session, new.project).await?
        }
        _ => readers.iter().copied().filter(|id| *id != session.user).collect(),
    };
    Ok(ConversationPreview {
        readers: super::people::members(state, session, &readers).await?,
        mentionable: super::people::members(state, session, &mentionable).await?,
    })
}

/// Creates the conversation and sends its first message, both or neither.
///
/// `company` and `confidential` need a project; their participants must be in its Directory
/// (or company admins). `direct` follows the direct-message rules and is always a new
/// conversation (its subject makes it distinct). Sending the same request again (the same
/// message idempotency key), even concurrently, returns the conversation the first one
/// created.
pub async fn create(
    state: &AppState,
    session: &Session,
    request: CreateConversation,
) -> Result<(ConversationSummary, Outcome), AppError> {
    validate_send(&request.message)?;
    let subject = request.subject.trim().to_owned();
    if subject.is_empty() || subject.chars().count() > MAX_SUBJECT_CHARS {
        return Err(AppError::invalid(format!(
            "The subject must have 1 to {MAX_SUBJECT_CHARS} characters."
        ))
        .at("subject", "subject_length"));
    }
    let card =
        Card { kind: request.kind, project: request.project_id, people: request.participant_ids };
    let mut new = new_conversation(state, session, card).await?;
    new.subject = Some(subject);
    new.started_with = Some(request.message.idempotency_key.clone());
    let now = new.now;
    let author = author(state, session).await?;
    // Its participants take part in it from the start.
    let taking_part = new.participants.iter().copied().collect();
    let notifiable =
        notifiable(state, session, new.kind, taking_part, &request.message.body).await?;
    let mut tx = state.store.begin().await?;
    // Checked in the transaction that would create it (writes are serialised), and the
    // conversation's unique `(created_by, started_with_key)` refuses a second one anyway:
    // retries of one request, however many and however close, make one conversation.
    let key = &request.message.idempotency_key;
    if let Some(existing) = tx.conversation_started_with(session.user, key).await? {
        // Answered once the first request's conversation is durable (it may be in the same
        // batch of writes, not committed yet).
        tx.commit().await?;
        return Ok((get(state, session, existing).await?, Outcome::Existing));
    }
    let mut created = create_in(&mut tx, session, &new).await?;
    let facts = ConversationFacts {
        id: created.summary.id,
        company: session.company,
        project: new.project,
        item: None,
        kind: new.kind,
    };
    let mentions =
        checked_mentions(state, session, &facts, &created.readers, &request.message.body).await?;
    let outgoing = Outgoing {
        author: &author,
        facts: &facts,
        readers: &created.readers,
        mentions: &mentions,
        notifiable: &notifiable,
        now,
    };
    insert_in(&mut tx, &mut created.appended, session, &outgoing, &request.message).await?;
    tx.commit().await?;
    created.appended.announce(state);
    Ok((get(state, session, facts.id).await?, Outcome::Created))
}
