//! The sidebar: the user's conversations by section, newest activity first; the archives;
//! a filter.

use leptos::prelude::*;
use leptos_router::components::A;
use parlons_api::{ConversationId, ConversationKind, ConversationSummary, ProjectSummary, UserId};

use super::avatar::Avatar;
use crate::format::{conversation_title, folded};
use crate::i18n::{Key, Lang, tr, use_i18n};
use crate::paths;

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

/// The kind sections of the inbox, in order: which kinds each shows, and whether it groups
/// them by project.
const KIND_SECTIONS: [(Key, &[ConversationKind], bool); 4] = [
    (Key::DirectMessages, &[ConversationKind::Direct], true),
    (Key::Groups, &[ConversationKind::Group], false),
    (Key::Items, &[ConversationKind::Item], false),
    (Key::Projects, &[ConversationKind::Company, ConversationKind::Confidential], true),
];

/// Which conversations the sidebar lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Folder {
    /// Everything not hidden.
    #[default]
    Inbox,
    /// What the user hid (archived).
    Archives,
}

/// A titled part of the sidebar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Its heading.
    pub title: Key,
    /// Whether its groups show their project's name.
    pub by_project: bool,
    /// Its conversations, by project when `by_project`.
    pub groups: Vec<ProjectGroup>,
}

/// The sidebar's sections: in the inbox, Starred (only when something is starred), then
/// direct messages by project, groups, items and the projects' company and confidential
/// conversations, each only when it has some; in the archives, the hidden ones. Only the
/// conversations whose title or project matches `filter`.
pub fn sections(
    all: &[ConversationSummary],
    folder: Folder,
    filter: &str,
    me: UserId,
    lang: Lang,
) -> Vec<Section> {
    let filter = folded(filter.trim());
    let shown: Vec<&ConversationSummary> = all
        .iter()
        .filter(|c| c.hidden == (folder == Folder::Archives))
        .filter(|c| {
            filter.is_empty()
                || folded(&conversation_title(c, me, lang)).contains(&filter)
                || c.project.as_ref().is_some_and(|p| folded(&p.name).contains(&filter))
        })
        .collect();
    let flat = |title: Key, chosen: Vec<ConversationSummary>| Section {
        title,
        by_project: false,
        groups: vec![ProjectGroup { project: None, conversations: chosen }],
    };
    if folder == Folder::Archives {
        let hidden: Vec<ConversationSummary> = shown.into_iter().cloned().collect();
        return if hidden.is_empty() { Vec::new() } else { vec![flat(Key::Archives, hidden)] };
    }
    let starred: Vec<ConversationSummary> =
        shown.iter().filter(|c| c.starred).map(|c| (*c).clone()).collect();
    let mut sections = Vec::new();
    if !starred.is_empty() {
        sections.push(flat(Key::Starred, starred));
    }
    for (title, kinds, by_project) in KIND_SECTIONS {
        let chosen: Vec<ConversationSummary> = shown
            .iter()
            .filter(|c| !c.starred && kinds.contains(&c.kind))
            .map(|c| (*c).clone())
            .collect();
        if chosen.is_empty() {
            continue;
        }
        let groups = if by_project {
            group_by_project(&chosen)
        } else {
            vec![ProjectGroup { project: None, conversations: chosen }]
        };
        sections.push(Section { title, by_project, groups });
    }
    sections
}

/// The inbox's conversations in the order the sidebar shows them.
pub fn sidebar_order(all: &[ConversationSummary], me: UserId, lang: Lang) -> Vec<ConversationId> {
    sections(all, Folder::Inbox, "", me, lang)
        .into_iter()
        .flat_map(|section| section.groups)
        .flat_map(|group| group.conversations)
        .map(|c| c.id)
        .collect()
}

/// The unread conversation after (`forward`) or before the current one in sidebar order,
/// wrapping around; Alt+Shift+Down / Up.
pub fn next_unread(
    all: &[ConversationSummary],
    current: Option<ConversationId>,
    forward: bool,
    me: UserId,
    lang: Lang,
) -> Option<ConversationId> {
    let order = sidebar_order(all, me, lang);
    let unread = |id: &ConversationId| all.iter().any(|c| c.id == *id && c.unread_count > 0);
    let start = current.and_then(|id| order.iter().position(|o| *o == id));
    let n = order.len();
    (1..=n)
        .map(|step| match (start, forward) {
            (Some(at), true) => (at + step) % n,
            (Some(at), false) => (at + n - step % n) % n,
            (None, true) => step - 1,
            (None, false) => n - step,
        })
        .map(|index| order[index])
        .find(|id| Some(*id) != current && unread(id))
}

/// The user's conversations: the inbox by section or the archives, with a filter box.
#[component]
pub fn Sidebar(
    /// The conversations, newest activity first.
    #[prop(into)]
    conversations: Signal<Vec<ConversationSummary>>,
    /// The reader.
    me: UserId,
) -> impl IntoView {
    let i18n = use_i18n();
    let folder = RwSignal::new(Folder::Inbox);
    let filter = RwSignal::new(String::new());
    let shown = Memo::new(move |_| {
        conversations.with(|all| filter.with(|f| sections(all, folder.get(), f, me, i18n.lang())))
    });
    let any_shown = Memo::new(move |_| shown.with(|s| !s.is_empty()));
    let empty_text = move || {
        let key = if !filter.with(|f| f.trim().is_empty()) {
            Key::NoMatch
        } else if folder.get() == Folder::Archives {
            Key::NothingArchived
        } else {
            Key::NoConversations
        };
        i18n.t(key)
    };
    let tab = move |which: Folder, label: Key| {
        view! {
            <button
                type="button"
                class="folder-tab"
                class:active=move || folder.get() == which
                aria-pressed=move || (folder.get() == which).to_string()
                on:click=move |_| folder.set(which)
            >
                {tr(label)}
            </button>
        }
    };
    view! {
        <nav class="sidebar" aria-label=tr(Key::ConversationsLandmark)>
            <div class="sidebar-tools">
                <input
                    type="search"
                    class="sidebar-filter"
                    aria-label=tr(Key::FilterConversations)
                    placeholder=tr(Key::FilterConversations)
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))
                />
                <div class="folder-tabs">{tab(Folder::Inbox, Key::Inbox)} {tab(Folder::Archives, Key::Archives)}</div>
            </div>
            <Show when=move || any_shown.get() fallback=move || view! { <p class="sidebar-empty">{empty_text}</p> }>
                {move || {
                    shown
                        .get()
                        .into_iter()
                        .map(|section| {
                            let title = section.title;
                            let by_project = section.by_project;
                            view! {
                                <section class="sidebar-section" aria-label=tr(title)>
                                    <div class="sidebar-heading-row">
                                        <h2 class="sidebar-heading">{tr(title)}</h2>
                                        {(title == Key::DirectMessages).then(|| view! {
                                            <A href=paths::new("message") {..} class="section-action" aria-label=tr(Key::StartDirectMessage) title=tr(Key::StartDirectMessage)>
                                                <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
                                                    <path d="M12 5v14M5 12h14" stroke="currentColor" stroke-width="2" stroke-linecap="round"></path>
                                                </svg>
                                            </A>
                                        })}
                                    </div>
                                    {section
                                        .groups
                                        .into_iter()
                                        .map(|group| view! { <ProjectSection group=group titled=by_project me=me /> })
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
                    .map(|c| view! { <ConversationRow conversation=c me=me /> })
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
    // Read after the title, which stays the link's visible name.
    let unread_text = move || i18n.count(Key::UnreadOne, Key::UnreadOther, unread);
    view! {
        <li>
            <A
                href=paths::conversation(id)
                {..}
                class="conversation-link"
                class:unread={unread > 0}
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
                {(conversation.mention_count > 0).then(|| view! {
                    <span class="badge mention" aria-hidden="true">"@"</span>
                    <span class="visually-hidden">", " {tr(Key::MentionedYou)}</span>
                })}
                {(unread > 0).then(|| view! {
                    <span class="badge" aria-hidden="true">{unread}</span>
                    <span class="visually-hidden">", " {unread_text}</span>
                })}
            </A>
        </li>
    }
}
