//! The sidebar: the user's direct messages, grouped by project, newest activity first.

use leptos::prelude::*;
use parlons_api::{ConversationId, ConversationKind, ConversationSummary, ProjectSummary, UserId};

use super::avatar::Avatar;
use crate::format::conversation_title;
use crate::i18n::{Key, tr, use_i18n};

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

/// The sidebar's sections, in order: which kinds each shows, and whether it groups them by
/// project.
const SECTIONS: [(Key, &[ConversationKind], bool); 4] = [
    (Key::DirectMessages, &[ConversationKind::Direct], true),
    (Key::Groups, &[ConversationKind::Group], false),
    (Key::Items, &[ConversationKind::Item], false),
    (Key::Projects, &[ConversationKind::Company, ConversationKind::Confidential], true),
];

/// The user's conversations by section: direct messages by project, groups, items, and the
/// projects' company and confidential conversations; a section shows only when it has some.
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
    let sections = Memo::new(move |_| {
        conversations.with(|all| {
            SECTIONS
                .iter()
                .filter_map(|&(title, kinds, by_project)| {
                    let chosen: Vec<ConversationSummary> =
                        all.iter().filter(|c| kinds.contains(&c.kind)).cloned().collect();
                    if chosen.is_empty() {
                        return None;
                    }
                    let groups = if by_project {
                        group_by_project(&chosen)
                    } else {
                        vec![ProjectGroup { project: None, conversations: chosen }]
                    };
                    Some((title, by_project, groups))
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <nav class="sidebar" aria-label=tr(Key::ConversationsLandmark)>
            <Show
                when=move || sections.with(|s| !s.is_empty())
                fallback=move || view! { <p class="sidebar-empty">{tr(Key::NoConversations)}</p> }
            >
                {move || {
                    sections
                        .get()
                        .into_iter()
                        .map(|(title, by_project, groups)| {
                            view! {
                                <section class="sidebar-section" aria-label=tr(title)>
                                    <h2 class="sidebar-heading">{tr(title)}</h2>
                                    {groups
                                        .into_iter()
                                        .map(|group| view! { <ProjectSection group=group titled=by_project selected=selected me=me /> })
                                        .collect_view()}
                                </section>
                            }
                        })
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
    /// Whether to show the project's name above them.
    titled: bool,
    /// The conversation on screen.
    selected: Signal<Option<ConversationId>>,
    /// The reader.
    me: UserId,
) -> impl IntoView {
    let i18n = use_i18n();
    let project = group.project.as_ref().map(|p| p.name.clone());
    let name = move || project.clone().unwrap_or_else(|| i18n.t(Key::CompanyWide).to_owned());
    let title = name.clone();
    view! {
        <div class="project-group">
            {titled.then(|| view! { <h3 class="project-name" title=title.clone()>{title.clone()}</h3> })}
            <ul class="conversation-list" aria-label=name>
                {group
                    .conversations
                    .into_iter()
                    .map(|c| view! { <ConversationRow conversation=c selected=selected me=me /> })
                    .collect_view()}
            </ul>
        </div>
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
    let i18n = use_i18n();
    let id = conversation.id;
    let title_of = conversation.clone();
    let title = Memo::new(move |_| conversation_title(&title_of, me, i18n.lang()));
    let unread = conversation.unread_count;
    let other = conversation.participants.iter().find(|p| p.id != me).cloned();
    let group_size = conversation.participants.len();
    let is_selected = move || selected.get() == Some(id);
    let label = move || {
        if unread > 0 {
            i18n.fill(Key::WithUnread, &[("title", &title.get()), ("count", &unread.to_string())])
        } else {
            title.get()
        }
    };
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
                {match (conversation.kind, other) {
                    (ConversationKind::Direct, Some(person)) if group_size <= 2 => {
                        view! { <Avatar user=person.id name=person.name /> }.into_any()
                    }
                    (ConversationKind::Direct | ConversationKind::Group, _) => {
                        view! { <span class="avatar group" aria-hidden="true">{group_size}</span> }.into_any()
                    }
                    (ConversationKind::Item, _) => view! { <span class="avatar topic" aria-hidden="true">"#"</span> }.into_any(),
                    (ConversationKind::Company, _) => view! { <span class="avatar topic" aria-hidden="true">"E"</span> }.into_any(),
                    (ConversationKind::Confidential, _) => {
                        view! { <span class="avatar topic confidential" aria-hidden="true" title=tr(Key::Confidential)>"C"</span> }.into_any()
                    }
                }}
                <span class="conversation-title">{move || title.get()}</span>
                {(conversation.mention_count > 0).then(|| view! { <span class="badge mention" aria-hidden="true">"@"</span> })}
                {(unread > 0).then(|| view! { <span class="badge" aria-hidden="true">{unread}</span> })}
            </a>
        </li>
    }
}
