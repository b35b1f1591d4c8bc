//! The host product's integration API: idempotent upserts by the host's own ids, scoped to
//! the company whose bearer token authenticated the call. Reading rights follow at once:
//! they are decided from these rows on every request and event.

use parlons_api::{
    AuditAction, CompanyId, IntegrationToken, ProjectId, SetToolPermission, UpsertDirectoryMember,
    UpsertDistributionGroup, UpsertItem, UpsertProject, UpsertUser, Upserted,
};

use super::access_changes::AccessBefore;
use super::accounts::{hash_password, new_token};
use crate::AppState;
use crate::auth::{Session, token_hash};
use crate::error::AppError;
use crate::store::{NewUser, Tx};

/// Longest host id accepted.
const MAX_EXTERNAL_ID_LEN: usize = 200;

fn checked_id(external_id: &str) -> Result<&str, AppError> {
    if external_id.is_empty() || external_id.len() > MAX_EXTERNAL_ID_LEN {
        return Err(AppError::invalid(format!("Ids have 1 to {MAX_EXTERNAL_ID_LEN} characters.")));
    }
    Ok(external_id)
}

fn required(value: &str, what: &str) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(format!("{what} is required.")));
    }
    Ok(value.to_owned())
}

/// A new integration token for the session's company (company admins only); the old one
/// stops working.
pub async fn new_integration_token(
    state: &AppState,
    session: &Session,
) -> Result<IntegrationToken, AppError> {
    if !session.is_admin {
        return Err(AppError::forbidden("Only company admins manage the integration."));
    }
    let token = new_token();
    let mut tx = state.store.begin().await?;
    tx.set_integration_token(session.company, &token_hash(&token)).await?;
    let now = state.clock.now();
    tx.insert_audit(session.company, session.user, &AuditAction::IntegrationTokenRotated {}, now)
        .await?;
    tx.commit().await?;
    Ok(IntegrationToken { token })
}

/// Creates or updates a person of the company. An e-mail address already known (from another
/// company) is the same person.
pub async fn upsert_user(
    state: &AppState,
    company: CompanyId,
    external_id: &str,
    user: UpsertUser,
) -> Result<Upserted, AppError> {
    let external_id = checked_id(external_id)?;
    let email = required(&user.email, "The e-mail address")?;
    if !email.contains('@') {
        return Err(AppError::invalid("The e-mail address is not valid."));
    }
    let name = required(&user.name, "The name")?;
    let password_hash = user.password.as_deref().map(hash_password).transpose()?;
    let mut tx = state.store.begin().await?;
    let by_email = tx.user_by_email(&email).await?;
    let id = match tx.member_by_external_id(company, external_id).await? {
        Some(id) => {
            if by_email.is_some_and(|other| other != id) {
                return Err(AppError::invalid("That e-mail address belongs to someone else."));
            }
            tx.update_user(id, &email, &name, password_hash.as_deref()).await?;
            id
        }
        None => match by_email {
            Some(id) => id,
            None => {
                let new =
                    NewUser { email: &email, name: &name, password_hash: password_hash.as_deref() };
                tx.insert_user(new).await?
            }
        },
    };
    tx.upsert_company_member(company, id, external_id, user.is_external, user.is_admin).await?;
    tx.commit().await?;
    Ok(Upserted { id: id.0 })
}

/// Removes a person from the company and all its Directories: they lose every conversation
/// of the company at once.
pub async fn remove_user(
    state: &AppState,
    company: CompanyId,
    external_id: &str,
) -> Result<(), AppError> {
    let mut tx = state.store.begin().await?;
    let user =
        tx.member_by_external_id(company, external_id).await?.ok_or(AppError::NotFound("user"))?;
    tx.remove_company_member(company, user).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates or renames a project.
pub async fn upsert_project(
    state: &AppState,
    company: CompanyId,
    external_id: &str,
    project: UpsertProject,
) -> Result<Upserted, AppError> {
    let external_id = checked_id(external_id)?;
    let name = required(&project.name, "The name")?;
    let mut tx = state.store.begin().await?;
    let id = tx.upsert_project(company, external_id, &name, project.number.as_deref()).await?;
    tx.commit().await?;
    Ok(Upserted { id: id.0 })
}

async fn project(
    tx: &mut Tx,
    company: CompanyId,
    external_id: &str,
) -> Result<ProjectId, AppError> {
    tx.project_by_external_id(company, external_id).await?.ok_or(AppError::NotFound("project"))
}

async fn member(
    tx: &mut Tx,
    company: CompanyId,
    external_id: &str,
) -> Result<parlons_api::UserId, AppError> {
    tx.member_by_external_id(company, external_id).await?.ok_or(AppError::NotFound("user"))
}

/// Puts a person in a project's Directory (or changes their flags).
pub async fn upsert_directory_member(
    state: &AppState,
    company: CompanyId,
    project_id: &str,
    user_id: &str,
    flags: UpsertDirectoryMember,
) -> Result<(), AppError> {
    let mut tx = state.store.begin().await?;
    let project = project(&mut tx, company, project_id).await?;
    let user = member(&mut tx, company, user_id).await?;
    let before = AccessBefore::note(&mut tx, company, &[user]).await?;
    tx.upsert_directory_member(project, user, flags).await?;
    before.commit(state, tx).await
}

/// Takes a person out of a project's Directory: they lose its conversations at once.
pub async fn remove_directory_member(
    state: &AppState,
    company: CompanyId,
    project_id: &str,
    user_id: &str,
) -> Result<(), AppError> {
    let mut tx = state.store.begin().await?;
    let project = project(&mut tx, company, project_id).await?;
    let user = member(&mut tx, company, user_id).await?;
    let before = AccessBefore::note(&mut tx, company, &[user]).await?;
    tx.remove_directory_member(project, user).await?;
    before.commit(state, tx).await
}

/// Creates or replaces a distribution group; its members must be in the Directory.
pub async fn upsert_distribution_group(
    state: &AppState,
    company: CompanyId,
    project_id: &str,
    external_id: &str,
    group: UpsertDistributionGroup,
) -> Result<Upserted, AppError> {
    let external_id = checked_id(external_id)?;
    let name = required(&group.name, "The name")?;
    let mut tx = state.store.begin().await?;
    let project = project(&mut tx, company, project_id).await?;
    let members = tx
        .members_by_external_ids(company, &group.member_external_ids)
        .await?
        .map_err(|unknown| AppError::invalid(format!("No user {unknown} in this company.")))?;
    drop(tx);
    let in_directory = state.store.directory_members_among(project, &members).await?;
    if members.iter().any(|m| !in_directory.contains(m)) {
        return Err(AppError::invalid(
            "Every member of a distribution group must be in the project's Directory.",
        ));
    }
    let mut tx = state.store.begin().await?;
    let id = tx.upsert_distribution_group(project, external_id, &name, &members).await?;
    tx.commit().await?;
    Ok(Upserted { id: id.0 })
}

/// Creates or updates an item, with its access list when private.
pub async fn upsert_item(
    state: &AppState,
    company: CompanyId,
    project_id: &str,
    external_id: &str,
    item: UpsertItem,
) -> Result<Upserted, AppError> {
    let external_id = checked_id(external_id)?;
    let tool = required(&item.tool, "The tool")?;
    let title = required(&item.title, "The title")?;
    let mut tx = state.store.begin().await?;
    let project = project(&mut tx, company, project_id).await?;
    let access = tx
        .members_by_external_ids(company, &item.access_external_ids)
        .await?
        .map_err(|unknown| AppError::invalid(format!("No user {unknown} in this company.")))?;
    // Who may gain or lose the item's conversation: its project's Directory and its access list.
    let directory = state.store.directory(project).await?;
    let people: Vec<_> = directory.iter().map(|p| p.id).chain(access.iter().copied()).collect();
    let before = AccessBefore::note(&mut tx, company, &people).await?;
    let id = tx
        .upsert_item(project, external_id, &tool, item.number.trim(), &title, item.is_private)
        .await?;
    tx.set_item_access(id, &access).await?;
    before.commit(state, tx).await?;
    Ok(Upserted { id: id.0 })
}

/// Sets a person's permission on a tool of a project.
pub async fn set_tool_permission(
    state: &AppState,
    company: CompanyId,
    project_id: &str,
    user_id: &str,
    tool: &str,
    permission: SetToolPermission,
) -> Result<(), AppError> {
    let tool = required(tool, "The tool")?;
    let mut tx = state.store.begin().await?;
    let project = project(&mut tx, company, project_id).await?;
    let user = member(&mut tx, company, user_id).await?;
    let before = AccessBefore::note(&mut tx, company, &[user]).await?;
    tx.set_tool_permission(project, user, &tool, permission.level).await?;
    before.commit(state, tx).await
}
