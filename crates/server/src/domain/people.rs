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
            )));
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
    use parlons_api::{ConversationKind, DirectoryMember};

    let facts = super::conversations::readable(state, session, conversation).await?;
    let people: BTreeSet<UserId> = match (facts.kind, facts.project) {
        (ConversationKind::Direct | ConversationKind::Group, Some(project)) => {
            let directory = state.store.directory(project).await?;
            let admins = state.store.company_members(session.company, true).await?;
            directory.into_iter().map(|p| p.id).chain(admins.into_iter().map(|a| a.id)).collect()
        }
        (ConversationKind::Direct | ConversationKind::Group, None) => {
            let members = state.store.company_members(session.company, false).await?;
            members.into_iter().map(|m| m.id).collect()
        }
        _ => super::conversations::readers(state, conversation).await?.into_iter().collect(),
    };
    let people: Vec<UserId> = people.into_iter().filter(|id| *id != session.user).collect();
    let mut members = state.store.company_members_among(session.company, &people).await?;
    members.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(members
        .into_iter()
        .map(|m| DirectoryMember { id: m.id, name: m.name, is_external: m.is_external })
        .collect())
}
