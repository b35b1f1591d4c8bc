//! "+ Créer": a new `company`, `confidential` or `direct` conversation with its subject and
//! first message, in one step.

use std::collections::BTreeSet;

use parlons_api::{ConversationKind, ConversationSummary, CreateConversation, UserId};

use super::Outcome;
use super::conversations::{create_in, get};
use super::direct::checked_people;
use super::messaging::{Outgoing, checked_mentions, insert_in, validate_send};
use super::people::{addable, may_converse, usable_project};
use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;
use crate::store::{ConversationFacts, NewConversation};

/// Longest subject accepted.
const MAX_SUBJECT_CHARS: usize = 200;

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
        )));
    }
    let (project, people) = match request.kind {
        ConversationKind::Direct => {
            checked_people(state, session, request.project_id, request.participant_ids).await?
        }
        ConversationKind::Company | ConversationKind::Confidential => {
            may_converse(state, session).await?;
            let id = request.project_id.ok_or_else(|| AppError::invalid("Choose the project."))?;
            let project = usable_project(state, session, id).await?;
            let mut people: BTreeSet<UserId> = request.participant_ids.into_iter().collect();
            people.insert(session.user);
            addable(state, session, Some(&project), &people).await?;
            (Some(project), people)
        }
        ConversationKind::Group | ConversationKind::Item => {
            return Err(AppError::invalid(
                "Only company, confidential and direct conversations are created here.",
            ));
        }
    };
    let now = state.clock.now();
    let new = NewConversation {
        company: session.company,
        project: project.map(|p| p.id),
        item: None,
        kind: request.kind,
        subject: Some(subject),
        direct_key: None,
        started_with: Some(request.message.idempotency_key.clone()),
        everyone_in_directory: false,
        created_by: session.user,
        participants: people.into_iter().collect(),
        now,
    };
    let mut tx = state.store.begin().await?;
    // Checked in the transaction that would create it (writes are serialised), and the
    // conversation's unique `(created_by, started_with_key)` refuses a second one anyway:
    // retries of one request, however many and however close, make one conversation.
    let key = &request.message.idempotency_key;
    if let Some(existing) = tx.conversation_started_with(session.user, key).await? {
        drop(tx);
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
    let outgoing = Outgoing { facts: &facts, readers: &created.readers, mentions: &mentions, now };
    insert_in(&mut tx, &mut created.appended, session, &outgoing, &request.message).await?;
    tx.commit().await?;
    created.appended.announce(state);
    Ok((get(state, session, facts.id).await?, Outcome::Created))
}
