//! The members of a group, for those the company lets manage groups: who is in it, removing
//! someone, adding someone from the project's Directory. Each change is saved at once.

use leptos::prelude::*;
use parlons_api::{ConversationId, ConversationSummary, DirectoryMember, ProjectId, UserId};

use super::dialog::Dialog;
use crate::i18n::{Key, tr, use_i18n};
use crate::state::conversations::use_conversations;
use crate::state::group_editor::GroupEditor;

/// The people of the Directory who are not members yet, in the Directory's order.
pub fn addable(directory: &[DirectoryMember], group: &ConversationSummary) -> Vec<DirectoryMember> {
    directory
        .iter()
        .filter(|person| !group.participants.iter().any(|p| p.id == person.id))
        .cloned()
        .collect()
}

/// The "Members" dialog of a group.
#[component]
pub fn GroupMembers(
    /// The group.
    id: ConversationId,
    /// Its project, whose Directory members are chosen from.
    project: ProjectId,
    /// The reader, who stays a member.
    me: UserId,
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let conversations = use_conversations();
    let inbox = conversations.inbox();
    let group = Memo::new(move |_| inbox.with(|inbox| inbox.conversation(id).cloned()));
    let editor = GroupEditor::new(conversations, id, project);
    let (directory, saving, error) = (editor.directory(), editor.saving(), editor.error());
    let members = move || -> Vec<UserId> {
        group.with_untracked(|g| {
            g.iter().flat_map(|g| g.participants.iter().map(|p| p.id)).collect()
        })
    };
    let save = move |members: Vec<UserId>| editor.save(members);
    let choice = RwSignal::new(String::new());
    let candidates = Memo::new(move |_| {
        group.with(|g| g.as_ref().map(|g| directory.with(|d| addable(d, g))).unwrap_or_default())
    });
    let title = move || {
        let name = group.with(|g| g.as_ref().and_then(|g| g.subject.clone())).unwrap_or_default();
        i18n.fill(Key::GroupMembers, &[("name", &name)])
    };
    let everyone = move || group.with(|g| g.as_ref().is_some_and(|g| g.everyone_in_directory));
    view! {
        <Dialog label=Signal::derive(title) class="members-dialog" on_close=on_close>
            <header class="dialog-header">
                <h2>{title}</h2>
                <button type="button" class="icon-button" aria-label=tr(Key::Close) autofocus on:click=move |_| on_close.run(())>"×"</button>
            </header>
            <ul class="member-list">
                {move || group.with(|g| g.iter().flat_map(|g| g.participants.clone()).map(|person| {
                    let who = person.id;
                    let removable = who != me && !everyone();
                    let label = i18n.fill(Key::RemoveName, &[("name", &person.name)]);
                    view! {
                        <li class="member">
                            <span class="member-name">{person.name}</span>
                            {person.is_external.then(|| view! { <span class="external-tag">{tr(Key::External)}</span> })}
                            {removable.then(|| view! {
                                <button
                                    type="button"
                                    class="tool-button danger"
                                    aria-label=label
                                    on:click=move |_| save(members().into_iter().filter(|m| *m != who).collect())
                                >{tr(Key::Remove)}</button>
                            })}
                        </li>
                    }
                }).collect_view())}
            </ul>
            {move || match everyone() {
                true => view! { <p class="dialog-note">{tr(Key::EveryoneInDirectory)}</p> }.into_any(),
                false => view! {
                    <form class="add-member" on:submit=move |ev| {
                        ev.prevent_default();
                        if let Ok(person) = choice.get_untracked().parse() {
                            choice.set(String::new());
                            save(members().into_iter().chain([UserId(person)]).collect());
                        }
                    }>
                        <select aria-label=tr(Key::AddPerson) prop:value=move || choice.get() on:change=move |ev| choice.set(event_target_value(&ev))>
                            <option value="">{tr(Key::AddPerson)}</option>
                            {move || candidates.get().into_iter().map(|person| view! {
                                <option value=person.id.to_string()>{person.name}</option>
                            }).collect_view()}
                        </select>
                        <button type="submit" class="primary-button" disabled=move || saving.get()>{tr(Key::Add)}</button>
                    </form>
                }
                .into_any(),
            }}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.describe(&i18n)}</p> })}
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use parlons_api::ConversationKind;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn only_people_not_yet_members_can_be_added() {
        let person = |id, name: &str| DirectoryMember {
            id: UserId(id),
            name: name.to_owned(),
            is_external: false,
        };
        let group = crate::fixtures::conversation(1, ConversationKind::Group, &[(2, "Bruno")]);
        let directory = [person(1, "Alice"), person(2, "Bruno"), person(3, "Chloé")];
        let names: Vec<String> = addable(&directory, &group).into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["Alice", "Chloé"]);
    }
}

/// The group members dialog, loaded when first opened (a split of the app's wasm).
#[cfg(feature = "split")]
#[component]
pub fn LazyGroupMembers(
    /// The group.
    id: ConversationId,
    /// Its project, whose Directory members are chosen from.
    project: ProjectId,
    /// The reader, who stays a member.
    me: UserId,
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    view! { <Suspense>{Suspend::new(group_members_view(id, project, me, on_close))}</Suspense> }
}

// Split off (feature `split`) only in the app's build: the other entry points, built
// without it, would otherwise keep it whole, as the split exports it.
#[cfg(feature = "split")]
#[leptos::lazy]
async fn group_members_view(
    id: ConversationId,
    project: ProjectId,
    me: UserId,
    on_close: Callback<()>,
) -> AnyView {
    view! { <GroupMembers id=id project=project me=me on_close=on_close /> }.into_any()
}

// Without the split (the admin pages, the item panel: one wasm each) the group members dialog is simply
// part of the wasm, without the loading (a `Suspense`, 5 KB of the panel's download).
#[cfg(not(feature = "split"))]
pub use {GroupMembers as LazyGroupMembers, GroupMembersProps as LazyGroupMembersProps};
