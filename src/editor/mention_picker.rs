//! The mention picker: the people who may be mentioned, filtered by what follows the `@`,
//! chosen with the keyboard (the editor sends it Up, Down, Enter, Tab and Escape) or the
//! mouse.

use leptos::prelude::*;
use parlons_api::DirectoryMember;

use crate::format::folded;
use crate::i18n::{Key, tr};

/// Most people the picker lists.
const SHOWN: usize = 8;

/// The people matching a query: those with a word of their name starting with it, accents
/// and case aside (all of them for an empty query), at most [`SHOWN`].
pub fn candidates(people: &[DirectoryMember], query: &str) -> Vec<DirectoryMember> {
    let query = folded(query.trim());
    people
        .iter()
        .filter(|person| {
            let name = folded(&person.name);
            query.is_empty()
                || name.starts_with(&query)
                || name.split_whitespace().any(|word| word.starts_with(&query))
        })
        .take(SHOWN)
        .cloned()
        .collect()
}

/// The list of people to mention, under the editor.
#[component]
pub fn MentionPicker(
    /// The matching people.
    people: Vec<DirectoryMember>,
    /// Which one Enter would choose.
    highlighted: RwSignal<usize>,
    /// Chooses a person.
    on_choose: Callback<DirectoryMember>,
) -> impl IntoView {
    view! {
        <ul class="mention-picker" role="listbox" aria-label=tr(Key::PeopleToMention)>
            {people
                .into_iter()
                .enumerate()
                .map(|(index, person)| {
                    let chosen = person.clone();
                    view! {
                        <li
                            role="option"
                            class="mention-option"
                            class:highlighted=move || highlighted.get() == index
                            aria-selected=move || (highlighted.get() == index).to_string()
                            on:mousedown=move |ev| {
                                ev.prevent_default();
                                on_choose.run(chosen.clone());
                            }
                        >
                            <span class="mention-name">{person.name.clone()}</span>
                            {person.is_external.then(|| view! { <span class="external-tag">{tr(Key::External)}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use parlons_api::UserId;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn person(id: i64, name: &str) -> DirectoryMember {
        DirectoryMember { id: UserId(id), name: name.to_owned(), is_external: false }
    }

    #[wasm_bindgen_test]
    fn people_match_by_any_word_accents_and_case_aside() {
        let people = [person(1, "Chloé Bernard"), person(2, "Émile Roux"), person(3, "David Roux")];
        let names =
            |query| candidates(&people, query).into_iter().map(|p| p.name).collect::<Vec<_>>();
        assert_eq!(names("chl"), ["Chloé Bernard"]);
        assert_eq!(names("emi"), ["Émile Roux"]);
        assert_eq!(names("ROUX"), ["Émile Roux", "David Roux"]);
        assert_eq!(names("").len(), 3);
        assert!(names("zz").is_empty());
        assert!(names("ernard").is_empty(), "words start with what is typed");
    }
}
