//! Direct conversations ("Privé"): who may start one and who may be in one.

use std::collections::BTreeSet;

use parlons_api::{
    ConversationKind, ConversationSummary, CreateDirectConversation, DirectMessages,
    MAX_DIRECT_PARTICIPANTS, MIN_DIRECT_PARTICIPANTS, ProjectId, ProjectSummary, UserId,
};

use super::Outcome;
use super::conversations::{create_in, own_summary};
use super::people::{addable, may_converse, usable_project};
use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;
use crate::store::NewConversation;

/// The key under which a direct conversation between these people in this project is
/// unique: the project (or `-`) and the sorted participant ids.
pub fn direct_key(project: Option<ProjectId>, people: &BTreeSet<UserId>) -> String {
    let people: Vec<String> = people.iter().map(UserId::to_string).collect();
    format!("{}:{}", project.map_or("-".to_owned(), |p| p.to_string()), people.join(","))
}

/// The people of a new direct conversation, checked: the creator and `others`, 2 to 100,
/// each addable; and the creator may start one (the company's direct-message setting).
pub async fn checked_people(
    state: &AppState,
    session: &Session,
    project: Option<ProjectId>,
    others: Vec<UserId>,
) -> Result<(Option<ProjectSummary>, BTreeSet<UserId>), AppError> {
    may_converse(state, session).await?;
    match state.store.company_settings(session.company).await?.direct_messages {
        DirectMessages::Off => {
            return Err(AppError::forbidden("Direct messages are turned off for this company."));
        }
        DirectMessages::Internal if session.is_external => {
            return Err(AppError::forbidden("Only internal employees may start direct messages."));
        }
        _ => {}
    }
    let mut people: BTreeSet<UserId> = others.into_iter().collect();
    people.insert(session.user);
    if people.len() < MIN_DIRECT_PARTICIPANTS {
        return Err(AppError::invalid("Choose at least one other person.")
            .at("participant_ids", "required"));
    }
    if people.len() > MAX_DIRECT_PARTICIPANTS {
        return Err(AppError::invalid(format!(
            "A direct message has at most {MAX_DIRECT_PARTICIPANTS} people, you included; {} were chosen.",
            people.len()
        ))
        .at("participant_ids", "over_cap"));
    }
    let project = match project {
        Some(id) => Some(usable_project(state, session, id).await?),
        None => None,
    };
    addable(state, session, project.as_ref(), &people).await?;
    Ok((project, people))
}

/// Starts a direct conversation between the session's user and `request.participant_ids`.
///
/// PRODUCT.md section 2: 2 to 100 people, the creator included. With a project, each must
/// be in its Directory or a company admin; without one, each must belong to the company.
/// Starting one again with the same people in the same project returns the existing one,
/// as Slack and Procore do, rather than splitting the talk in two.
pub async fn create(
    state: &AppState,
    session: &Session,
    request: CreateDirectConversation,
) -> Result<(ConversationSummary, Outcome), AppError> {
    let (project, people) =
        checked_people(state, session, request.project_id, request.participant_ids).await?;
    let key = direct_key(project.as_ref().map(|p| p.id), &people);
    let mut tx = state.store.begin().await?;
    if let Some(existing) = tx.direct_conversation_by_key(session.company, &key).await? {
        let summary = own_summary(&mut tx, session.user, existing).await?;
        // Answered once it is durable (it may be in the same batch of writes).
        tx.commit().await?;
        return Ok((summary, Outcome::Existing));
    }
    let new = NewConversation {
        company: session.company,
        project: project.map(|p| p.id),
        item: None,
        kind: ConversationKind::Direct,
        subject: None,
        direct_key: Some(key),
        started_with: None,
        everyone_in_directory: false,
        created_by: session.user,
        participants: people.into_iter().collect(),
        now: state.clock.now(),
    };
    let created = create_in(&mut tx, session, &new).await?;
    tx.commit().await?;
    created.appended.announce(state);
    Ok((created.summary, Outcome::Created))
}
