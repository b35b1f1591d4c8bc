//! The sidebar: the user's direct messages, grouped by project, newest activity first.

use leptos::prelude::*;
use parlons_api::{ConversationId, ConversationSummary, ProjectSummary, UserId};

use super::avatar::Avatar;
use crate::format::conversation_title;

/// Conversations of one project (or of none), in the order they came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectGroup {
    /// The project; `None` for conversations outside any project.
    pub project: Option<ProjectSummary>,
    /// Its conversations, newest activity first.
    pub conversations: Vec<ConversationSummary>,
}

/// Groups conversations (newest activity first) by project; a project comes where its most
/// recently active conversation is.
pub fn group_by_project(conversations: &[ConversationSummary]) -> Vec<ProjectGroup> {
    let mut groups: Vec<ProjectGroup> = Vec::new();
    for conversation in conversations {
        let project_id = conversation.project.as_ref().map(|p| p.id);
        match groups.iter_mut().find(|g| g.project.as_ref().map(|p| p.id) == project_id) {
            Some(group) => group.conversations.push(conversation.clone()),
            None => groups.push(ProjectGroup {
                project: conversation.project.clone(),
                conversations: vec![conversation.clone()],
            }),
        }
    }
    groups
}

/// The list of the user's direct messages.
#[component]
pub fn Sidebar(
    /// The conversations, newest activity first.
    #[prop(into)]
    conversations: Signal<Vec<ConversationSummary>>,
    /// The conversation on screen.
    #[prop(into)]
    selected: Signal<Option<ConversationId>>,
    /// The reader.
    me: UserId,
) -> impl IntoView {
    let groups = Memo::new(move |_| conversations.with(|c| group_by_project(c)));
    view! {
        <nav class="sidebar" aria-label="Conversations">
            <h2 class="sidebar-heading">"Direct messages"</h2>
            <Show
                when=move || groups.with(|g| !g.is_empty())
                fallback=|| view! { <p class="sidebar-empty">"No conversations yet."</p> }
            >
                {move || {
                    groups
                        .get()
                        .into_iter()
                        .map(|group| view! { <ProjectSection group=group selected=selected me=me /> })
                        .collect_view()
                }}
            </Show>
        </nav>
    }
}

/// One project's conversations in the sidebar.
#[component]
fn ProjectSection(
    /// The project and its conversations.
    group: ProjectGroup,
    /// The conversation on screen.
    selected: Signal<Option<ConversationId>>,
    /// The reader.
    me: UserId,
) -> impl IntoView {
    let name = group.project.as_ref().map_or_else(|| "Company-wide".to_owned(), |p| p.name.clone());
    view! {
        <section class="project-group">
            <h3 class="project-name" title=name.clone()>{name.clone()}</h3>
            <ul class="conversation-list" aria-label=name>
                {group
                    .conversations
                    .into_iter()
                    .map(|c| view! { <ConversationRow conversation=c selected=selected me=me /> })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// One conversation in the sidebar: bold with a count while it has unread messages.
#[component]
fn ConversationRow(
    /// The conversation.
    conversation: ConversationSummary,
    /// The conversation on screen.
    selected: Signal<Option<ConversationId>>,
    /// The reader.
    me: UserId,
) -> impl IntoView {
    let id = conversation.id;
    let title = conversation_title(&conversation, me);
    let unread = conversation.unread_count;
    let other = conversation.participants.iter().find(|p| p.id != me).cloned();
    let group_size = conversation.participants.len();
    let is_selected = move || selected.get() == Some(id);
    let label = if unread > 0 { format!("{title}, {unread} unread") } else { title.clone() };
    view! {
        <li>
            <a
                href=format!("/conversations/{id}")
                class="conversation-link"
                class:unread={unread > 0}
                class:selected=is_selected
                aria-current=move || is_selected().then_some("page")
                aria-label=label
                data-conversation-id=id.to_string()
            >
                {match other {
                    Some(person) if group_size <= 2 => view! { <Avatar user=person.id name=person.name /> }.into_any(),
                    _ => view! { <span class="avatar group" aria-hidden="true">{group_size}</span> }.into_any(),
                }}
                <span class="conversation-title">{title}</span>
                {(unread > 0).then(|| view! { <span class="badge" aria-hidden="true">{unread}</span> })}
            </a>
        </li>
    }
}
