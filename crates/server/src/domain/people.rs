//! Who may be added to a conversation (PRODUCT.md section 2, "Rules for every kind").

use std::collections::BTreeSet;

use parlons_api::{Audience, Participant, ProjectId, ProjectSummary, UserId};

use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;

/// The project of a new conversation: of the session's company, with Conversations on.
pub async fn usable_project(
    state: &AppState,
    session: &Session,
    project: ProjectId,
) -> Result<ProjectSummary, AppError> {
    let found = state.store.project(session.company, project).await?;
    let found = found.ok_or(AppError::NotFound("project"))?;
    if !state.store.project_enabled(project).await? {
        return Err(AppError::forbidden(format!(
            "Conversations are not enabled on {}.",
            found.name
        )));
    }
    Ok(found)
}

/// The session's user may use Conversations at all (the company's audience setting).
pub async fn may_converse(state: &AppState, session: &Session) -> Result<(), AppError> {
    let settings = state.store.company_settings(session.company).await?;
    if settings.audience == Audience::Internal && session.is_external {
        return Err(AppError::forbidden("Conversations are open to internal employees only."));
    }
    Ok(())
}

/// Checks that everyone may be added: in the project's Directory or company admin, or, without
/// a project, in the company. Returns them as participants, by name.
pub async fn addable(
    state: &AppState,
    session: &Session,
    project: Option<&ProjectSummary>,
    people: &BTreeSet<UserId>,
) -> Result<Vec<Participant>, AppError> {
    let people: Vec<UserId> = people.iter().copied().collect();
    let members = state.store.company_members_among(session.company, &people).await?;
    if members.len() != people.len() {
        return Err(AppError::forbidden("Some of the chosen people are not in this company."));
    }
    if let Some(project) = project {
        let in_directory = state.store.directory_members_among(project.id, &people).await?;
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
            ))
            .at("participant_ids", "not_in_directory"));
        }
    }
    let mut participants: Vec<Participant> = members
        .into_iter()
        .map(|m| Participant { id: m.id, name: m.name, is_external: m.is_external })
        .collect();
    participants.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(participants)
}

/// Who may be @mentioned in a conversation the user may read, by name, the user aside: the
/// rule [`super::messaging::checked_mentions`] enforces on send. In `direct` and `group`
/// conversations, anyone of the project's Directory or a company admin (anyone of the company
/// without a project); elsewhere, whoever may read the conversation.
pub async fn mentionable(
    state: &AppState,
    session: &Session,
    conversation: parlons_api::ConversationId,
) -> Result<Vec<parlons_api::DirectoryMember>, AppError> {
    use parlons_api::ConversationKind;

    let facts = super::conversations::readable(state, session, conversation).await?;
    let people = match facts.kind {
        ConversationKind::Direct | ConversationKind::Group => {
            mentionable_in(state, session, facts.project).await?
        }
        _ => {
            let readers = super::conversations::readers(state, conversation).await?;
            readers.into_iter().filter(|id| *id != session.user).collect()
        }
    };
    members(state, session, &people).await
}

/// Who may be mentioned in a direct conversation or group of this project (or without one),
/// the user aside: its Directory and the company admins, or the whole company.
pub async fn mentionable_in(
    state: &AppState,
    session: &Session,
    project: Option<ProjectId>,
) -> Result<Vec<UserId>, AppError> {
    let people: BTreeSet<UserId> = match project {
        Some(project) => {
            let directory = state.store.directory(project).await?;
            let admins = state.store.company_members(session.company, true).await?;
            directory.into_iter().map(|p| p.id).chain(admins.into_iter().map(|a| a.id)).collect()
        }
        None => {
            let members = state.store.company_members(session.company, false).await?;
            members.into_iter().map(|m| m.id).collect()
        }
    };
    Ok(people.into_iter().filter(|id| *id != session.user).collect())
}

/// People of the company as the client shows them, by name.
pub async fn members(
    state: &AppState,
    session: &Session,
    people: &[UserId],
) -> Result<Vec<parlons_api::DirectoryMember>, AppError> {
    let mut members = state.store.company_members_among(session.company, people).await?;
    members.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(members
        .into_iter()
        .map(|m| parlons_api::DirectoryMember {
            id: m.id,
            name: m.name,
            is_external: m.is_external,
        })
        .collect())
}
