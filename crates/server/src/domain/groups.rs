//! Groups: named conversations of a project's members (up to 2,000, or the whole Directory).

use std::collections::{BTreeSet, HashSet};

use parlons_api::{
    ConversationId, ConversationKind, ConversationSummary, CreateGroup, Event, MAX_GROUP_MEMBERS,
    UpdateGroup, UserId,
};

use super::Appended;
use super::conversations::{create_in, get, readable, readers};
use super::people::{addable, may_converse, usable_project};
use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;
use crate::store::NewConversation;

/// Longest group name accepted.
const MAX_NAME_CHARS: usize = 100;

/// Whether the session's user may create and manage groups (the company's setting).
async fn may_manage(state: &AppState, session: &Session) -> Result<(), AppError> {
    may_converse(state, session).await?;
    let managers = state.store.company_settings(session.company).await?.group_managers;
    let allowed = managers.allow(session.is_admin, session.is_external);
    if allowed { Ok(()) } else { Err(AppError::forbidden("You may not create or manage groups.")) }
}

fn checked_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::invalid(format!(
            "A group's name has 1 to {MAX_NAME_CHARS} characters."
        ))
        .at("name", "name_length"));
    }
    Ok(name.to_owned())
}

/// The members of a group: the creator (or manager) and the chosen people, at most 2,000.
fn checked_members(session: &Session, chosen: Vec<UserId>) -> Result<BTreeSet<UserId>, AppError> {
    let mut members: BTreeSet<UserId> = chosen.into_iter().collect();
    members.insert(session.user);
    if members.len() > MAX_GROUP_MEMBERS {
        return Err(AppError::invalid(format!(
            "A group has at most {MAX_GROUP_MEMBERS} members; {} were chosen.",
            members.len()
        ))
        .at("member_ids", "over_cap"));
    }
    Ok(members)
}

/// Creates a group; its creator is a member.
pub async fn create(
    state: &AppState,
    session: &Session,
    request: CreateGroup,
) -> Result<ConversationSummary, AppError> {
    may_manage(state, session).await?;
    let name = checked_name(&request.name)?;
    let project = usable_project(state, session, request.project_id).await?;
    let chosen = if request.everyone_in_directory { Vec::new() } else { request.member_ids };
    let members = checked_members(session, chosen)?;
    addable(state, session, Some(&project), &members).await?;
    let new = NewConversation {
        company: session.company,
        project: Some(project.id),
        item: None,
        kind: ConversationKind::Group,
        subject: Some(name),
        direct_key: None,
        started_with: None,
        everyone_in_directory: request.everyone_in_directory,
        created_by: session.user,
        participants: members.into_iter().collect(),
        now: state.clock.now(),
    };
    let mut tx = state.store.begin().await?;
    let created = create_in(&mut tx, session, &new).await?;
    tx.commit().await?;
    created.appended.announce(state);
    Ok(created.summary)
}

/// Renames a group or changes its members. Who is removed loses it at once
/// (`conversation.removed`); who is added gets it (`conversation.created`); the others are
/// told it changed.
pub async fn update(
    state: &AppState,
    session: &Session,
    group: ConversationId,
    request: UpdateGroup,
) -> Result<ConversationSummary, AppError> {
    let facts = readable(state, session, group).await?;
    if facts.kind != ConversationKind::Group {
        return Err(AppError::NotFound("group"));
    }
    may_manage(state, session).await?;
    let project = match facts.project {
        Some(project) => usable_project(state, session, project).await?,
        None => return Err(AppError::NotFound("group")),
    };
    let name = request.name.as_deref().map(checked_name).transpose()?;
    let members = match request.member_ids {
        Some(chosen) => {
            let members = checked_members(session, chosen)?;
            addable(state, session, Some(&project), &members).await?;
            Some(members.into_iter().collect::<Vec<_>>())
        }
        None => None,
    };
    let before: HashSet<UserId> = readers(state, group).await?.into_iter().collect();
    let now = state.clock.now();
    let mut tx = state.store.begin().await?;
    tx.update_group(group, name.as_deref(), request.everyone_in_directory).await?;
    if let Some(members) = &members {
        tx.set_participants(group, members).await?;
    }
    let audience = tx.audience_facts(group).await?;
    let after: HashSet<UserId> = audience
        .into_iter()
        .filter(|(_, facts)| super::access::may_read(facts))
        .map(|(user, _)| user)
        .collect();
    let removed: Vec<UserId> = before.difference(&after).copied().collect();
    let added: Vec<UserId> = after.difference(&before).copied().collect();
    let stayed: Vec<UserId> = after.intersection(&before).copied().collect();
    let mut appended = Appended::default();
    let company = session.company;
    appended
        .push(
            &mut tx,
            &removed,
            company,
            None,
            &Event::ConversationRemoved { conversation_id: group },
            now,
        )
        .await?;
    appended
        .push(
            &mut tx,
            &stayed,
            company,
            Some(group),
            &Event::ConversationChanged { conversation_id: group },
            now,
        )
        .await?;
    let summary = super::conversations::own_summary(&mut tx, session.user, group).await?;
    let created = Event::ConversationCreated {
        conversation: ConversationSummary { starred: false, hidden: false, ..summary },
    };
    appended.push(&mut tx, &added, company, Some(group), &created, now).await?;
    tx.commit().await?;
    appended.announce(state);
    get(state, session, group).await
}
