//! Direct conversations ("Privé"): who may be in one.

use std::collections::BTreeSet;

use parlons_api::{
    ConversationKind, ConversationSummary, CreateDirectConversation, Event,
    MAX_DIRECT_PARTICIPANTS, MIN_DIRECT_PARTICIPANTS, Participant, ProjectId, UserId,
};

use super::{Outcome, publish};
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
    let mut people: BTreeSet<UserId> = request.participant_ids.into_iter().collect();
    people.insert(session.user);
    if people.len() < MIN_DIRECT_PARTICIPANTS {
        return Err(AppError::invalid("Choose at least one other person."));
    }
    if people.len() > MAX_DIRECT_PARTICIPANTS {
        return Err(AppError::invalid(format!(
            "A direct message has at most {MAX_DIRECT_PARTICIPANTS} people, you included; {} were chosen.",
            people.len()
        )));
    }
    let direct_key = direct_key(request.project_id, &people);
    let people: Vec<UserId> = people.into_iter().collect();

    let members = state.store.company_members_among(session.company, &people).await?;
    if members.len() != people.len() {
        return Err(AppError::forbidden("Some of the chosen people are not in this company."));
    }
    let project = match request.project_id {
        None => None,
        Some(id) => {
            let project = state.store.project(session.company, id).await?;
            let project = project.ok_or(AppError::NotFound("project"))?;
            let in_directory = state.store.directory_members_among(id, &people).await?;
            let outsiders: Vec<&str> = members
                .iter()
                .filter(|m| !m.is_admin && !in_directory.contains(&m.id))
                .map(|m| m.name.as_str())
                .collect();
            if !outsiders.is_empty() {
                return Err(AppError::forbidden(format!(
                    "Not in the Directory of {}: {}.",
                    project.name,
                    outsiders.join(", ")
                )));
            }
            Some(project)
        }
    };

    let mut tx = state.store.begin().await?;
    if let Some(existing) = tx.direct_conversation_by_key(session.company, &direct_key).await? {
        drop(tx);
        let summary = state
            .store
            .conversation_summaries(session.company, session.user, Some(existing))
            .await?;
        let summary = summary.into_iter().next().ok_or(AppError::NotFound("conversation"))?;
        return Ok((summary, Outcome::Existing));
    }
    let now = state.clock.now();
    let new = NewConversation {
        company: session.company,
        project: project.as_ref().map(|p| p.id),
        kind: ConversationKind::Direct,
        subject: None,
        direct_key: Some(direct_key),
        created_by: session.user,
        participants: people.clone(),
        now,
    };
    let id = tx.insert_conversation(&new).await?;
    let mut participants: Vec<Participant> = members
        .into_iter()
        .map(|m| Participant { id: m.id, name: m.name, is_external: m.is_external })
        .collect();
    participants.sort_by(|a, b| a.name.cmp(&b.name));
    let summary = ConversationSummary {
        id,
        kind: ConversationKind::Direct,
        project,
        subject: None,
        participants,
        created_at: now,
        last_activity_at: now,
        last_message_id: None,
        unread_count: 0,
    };
    let event = Event::ConversationCreated { conversation: summary.clone() };
    let mut appended = Vec::with_capacity(people.len());
    for &user in &people {
        appended.push((user, tx.append_event(user, session.company, Some(id), &event, now).await?));
    }
    tx.commit().await?;
    publish(state, &appended);
    Ok((summary, Outcome::Created))
}
