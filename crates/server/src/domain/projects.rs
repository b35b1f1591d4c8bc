//! Projects and their Directory, as the people picker sees them.

use parlons_api::{DirectoryMember, DistributionGroup, ProjectId, ProjectSummary};

use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;

/// The projects the user may start conversations in: those whose Directory they are in,
/// or every project of the company for a company admin (admins may be messaged anywhere).
pub async fn list(state: &AppState, session: &Session) -> Result<Vec<ProjectSummary>, AppError> {
    Ok(state.store.projects_of(session.company, session.user, session.is_admin).await?)
}

/// The project's Directory, for someone in it (or a company admin).
pub async fn directory(
    state: &AppState,
    session: &Session,
    project: ProjectId,
) -> Result<Vec<DirectoryMember>, AppError> {
    let found = state.store.project(session.company, project).await?;
    found.ok_or(AppError::NotFound("project"))?;
    let members = state.store.directory(project).await?;
    if !session.is_admin && !members.iter().any(|m| m.id == session.user) {
        return Err(AppError::NotFound("project"));
    }
    Ok(members)
}

/// The project's distribution groups, for someone in its Directory (or a company admin).
pub async fn distribution_groups(
    state: &AppState,
    session: &Session,
    project: ProjectId,
) -> Result<Vec<DistributionGroup>, AppError> {
    directory(state, session, project).await?;
    Ok(state.store.distribution_groups(project).await?)
}

/// The people of the session's company, the user aside, by name: whom a direct conversation
/// without a project may include. For those who may use Conversations at all.
pub async fn company_people(
    state: &AppState,
    session: &Session,
) -> Result<Vec<DirectoryMember>, AppError> {
    super::people::may_converse(state, session).await?;
    let people = super::people::mentionable_in(state, session, None).await?;
    super::people::members(state, session, &people).await
}
