//! The search panel: words and filters (period, author, project, kind), and the matching
//! messages, each a link into its conversation at the message.

use leptos::prelude::*;
use leptos_router::components::A;
use parlons_api::{ConversationKind, ConversationSummary, Message, ProjectId, UserId};

use crate::format::{conversation_title, folded, message_time, now};
use crate::i18n::{Key, tr, use_i18n};
use crate::paths;
use crate::state::conversations::use_conversations;
use crate::state::search::{Outcome, Period, use_search};

/// Splits `text` into runs, marking (`true`) those that match a word of `query` at the start
/// of a word of the text, accents and case aside: what a search result highlights.
pub fn highlight(text: &str, query: &str) -> Vec<(String, bool)> {
    let words: Vec<Vec<char>> =
        query.split_whitespace().map(|w| folded(w).chars().collect()).collect();
    let chars: Vec<char> = text.chars().collect();
    // One folded character per character of the text, so positions match.
    let plain: Vec<char> =
        chars.iter().map(|c| folded(&c.to_string()).chars().next().unwrap_or(*c)).collect();
    let mut marked = vec![false; chars.len()];
    for start in 0..plain.len() {
        // A word starts after a space or punctuation (the server's word splitting is
        // Unicode's; this is close enough to place highlights, and needs no Unicode tables).
        if start > 0
            && !(plain[start - 1].is_whitespace() || plain[start - 1].is_ascii_punctuation())
        {
            continue;
        }
        for word in words.iter().filter(|w| !w.is_empty()) {
            if plain[start..].starts_with(word) {
                marked[start..start + word.len()].iter_mut().for_each(|m| *m = true);
            }
        }
    }
    let mut runs: Vec<(String, bool)> = Vec::new();
    for (c, mark) in chars.into_iter().zip(marked) {
        match runs.last_mut() {
            Some((run, m)) if *m == mark => run.push(c),
            _ => runs.push((c.to_string(), mark)),
        }
    }
    runs
}

/// The choices of one filter: its value on the wire (empty for "any") and its label.
type Choices = Vec<(String, String)>;

/// Adds a choice, keeping them in order of label (accents and case aside), each value once.
fn add_choice(choices: &mut Choices, value: String, label: &str) {
    if choices.iter().any(|(v, _)| *v == value) {
        return;
    }
    let key = folded(label);
    let at = choices.partition_point(|(_, other)| folded(other) <= key);
    choices.insert(at, (value, label.to_owned()));
}

/// The people and projects the filters offer: everyone in the user's conversations, and
/// their projects, by name.
fn filter_choices(conversations: &[ConversationSummary]) -> (Choices, Choices) {
    let (mut people, mut projects) = (Choices::new(), Choices::new());
    for conversation in conversations {
        for person in &conversation.participants {
            add_choice(&mut people, person.id.to_string(), &person.name);
        }
        if let Some(project) = &conversation.project {
            add_choice(&mut projects, project.id.to_string(), &project.name);
        }
    }
    (people, projects)
}

/// The kinds of conversation the kind filter offers, with their labels.
const KINDS: [(ConversationKind, Key); 5] = [
    (ConversationKind::Direct, Key::KindDirect),
    (ConversationKind::Group, Key::KindGroup),
    (ConversationKind::Item, Key::KindItem),
    (ConversationKind::Company, Key::CompanyWide),
    (ConversationKind::Confidential, Key::Confidential),
];

/// The search panel, in place of the conversation while open.
#[component]
pub fn SearchPanel(
    /// The reader.
    me: UserId,
) -> impl IntoView {
    let i18n = use_i18n();
    let search = use_search();
    let form = search.form;
    let inbox = use_conversations().inbox();
    let choices = Memo::new(move |_| inbox.with(|inbox| filter_choices(inbox.conversations())));
    let input = NodeRef::<leptos::html::Input>::new();
    // Focused once in the page: a view loaded with its module is built before it is shown.
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            request_animation_frame(move || {
                let _ = input.focus();
            });
        }
    });
    let close = move || search.open.set(false);
    let labelled = move |first: Key, rest: Vec<(String, Key)>| {
        let mut all = vec![(String::new(), i18n.t(first).to_owned())];
        all.extend(rest.into_iter().map(|(value, key)| (value, i18n.t(key).to_owned())));
        all
    };
    let periods = Signal::derive(move || {
        let rest = Period::ALL[1..].iter().map(|p| (p.as_str().to_owned(), p.key())).collect();
        labelled(Key::AnyTime, rest)
    });
    let kinds = Signal::derive(move || {
        labelled(Key::AnyKind, KINDS.iter().map(|(k, key)| (k.as_str().to_owned(), *key)).collect())
    });
    let with_any = move |any: Key, pick: fn(&(Choices, Choices)) -> &Choices| {
        Signal::derive(move || {
            let mut all = vec![(String::new(), i18n.t(any).to_owned())];
            choices.with(|c| all.extend(pick(c).iter().cloned()));
            all
        })
    };
    let number = |value: &str| value.parse::<i64>().ok();
    view! {
        <section
            class="search-panel"
            aria-label=tr(Key::Search)
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    close();
                }
            }
        >
            <header class="search-header">
                <form
                    class="search-form"
                    role="search"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        search.run();
                    }
                >
                    <input
                        node_ref=input
                        type="search"
                        class="search-input"
                        aria-label=tr(Key::SearchMessages)
                        placeholder=tr(Key::SearchMessages)
                        prop:value=move || form.with(|f| f.text.clone())
                        on:input=move |ev| form.update(|f| f.text = event_target_value(&ev))
                    />
                    <button type="submit" class="primary-button">{tr(Key::Search)}</button>
                </form>
                <button type="button" class="icon-button" aria-label=tr(Key::CloseSearch) on:click=move |_| close()>"×"</button>
            </header>
            <div class="search-filters">
                <FilterSelect
                    label=Key::Period
                    choices=periods
                    selected=Signal::derive(move || form.with(|f| f.period.as_str().to_owned()))
                    on_change=Callback::new(move |value: String| form.update(|f| {
                        f.period = Period::ALL.into_iter().find(|p| p.as_str() == value).unwrap_or_default();
                    }))
                />
                <FilterSelect
                    label=Key::Author
                    choices=with_any(Key::Anyone, |c| &c.0)
                    selected=Signal::derive(move || form.with(|f| f.author.map(|a| a.to_string()).unwrap_or_default()))
                    on_change=Callback::new(move |value: String| form.update(|f| f.author = number(&value).map(UserId)))
                />
                <FilterSelect
                    label=Key::Project
                    choices=with_any(Key::AnyProject, |c| &c.1)
                    selected=Signal::derive(move || form.with(|f| f.project.map(|p| p.to_string()).unwrap_or_default()))
                    on_change=Callback::new(move |value: String| form.update(|f| f.project = number(&value).map(ProjectId)))
                />
                <FilterSelect
                    label=Key::Kind
                    choices=kinds
                    selected=Signal::derive(move || form.with(|f| f.kind.map(|k| k.as_str().to_owned()).unwrap_or_default()))
                    on_change=Callback::new(move |value: String| form.update(|f| f.kind = ConversationKind::parse(&value)))
                />
            </div>
            <div class="search-body" aria-label=tr(Key::SearchResults) role="region">
                // One line says where the search stands, unless results show.
                <p class="search-status" role="status" aria-live="polite">
                    {move || search.outcome().with(|outcome| match outcome {
                        Outcome::Idle => i18n.t(Key::SearchHint).to_owned(),
                        Outcome::Searching => i18n.t(Key::Searching).to_owned(),
                        Outcome::Failed(error) => error.describe(&i18n),
                        Outcome::Found { messages, .. } if messages.is_empty() => i18n.t(Key::NoResults).to_owned(),
                        Outcome::Found { .. } => String::new(),
                    })}
                </p>
                <ol class="search-results">
                    {move || {
                        let words = form.with_untracked(|f| f.text.clone());
                        search.outcome().with(|outcome| match outcome {
                            Outcome::Found { messages, .. } => messages.clone(),
                            _ => Vec::new(),
                        })
                        .into_iter()
                        .map(|message| view! { <SearchResult message=message words=words.clone() me=me /> })
                        .collect_view()
                    }}
                </ol>
                {move || {
                    let (failed, more) = search.outcome().with(|outcome| match outcome {
                        Outcome::Failed(_) => (true, false),
                        Outcome::Found { more, .. } => (false, more.is_some()),
                        _ => (false, false),
                    });
                    (failed || more).then(|| {
                        let (label, retry) = if failed { (Key::TryAgain, true) } else { (Key::MoreResults, false) };
                        view! {
                            <button type="button" class="secondary-button more-results" on:click=move |_| if retry { search.run() } else { search.more() }>
                                {tr(label)}
                            </button>
                        }
                    })
                }}
            </div>
        </section>
    }
}

/// One filter: a labelled list of choices; a change searches again at once.
#[component]
fn FilterSelect(
    /// Its label.
    label: Key,
    /// Its choices: value and label, the first meaning "any".
    choices: Signal<Choices>,
    /// The value chosen.
    selected: Signal<String>,
    /// Records a new choice.
    on_change: Callback<String>,
) -> impl IntoView {
    let search = use_search();
    view! {
        <label>
            <span>{tr(label)}</span>
            <select on:change=move |ev| {
                on_change.run(event_target_value(&ev));
                search.run();
            }>
                {move || choices.get().into_iter().map(|(value, text)| {
                    let chosen = selected.with(|s| *s == value);
                    view! { <option value=value selected=chosen>{text}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// One found message: where, who, when, and its text with the words highlighted. A reply
/// leads to the message its thread hangs from.
#[component]
fn SearchResult(
    /// The message.
    message: Message,
    /// The words searched.
    words: String,
    /// The reader.
    me: UserId,
) -> impl IntoView {
    let i18n = use_i18n();
    let search = use_search();
    let inbox = use_conversations().inbox();
    let conversation = message.conversation_id;
    let place = move || {
        inbox.with(|inbox| {
            inbox.conversation(conversation).map(|c| {
                let title = conversation_title(c, me, i18n.lang());
                match &c.project {
                    Some(project) => format!("{title} · {}", project.name),
                    None => title,
                }
            })
        })
    };
    let at = message.parent_id.unwrap_or(message.id);
    let created_at = message.created_at;
    let text = highlight(&message.body.to_plain_text(), &words);
    view! {
        <li>
            <A href=paths::message(conversation, at) {..} class="search-result" on:click=move |_| search.open.set(false)>
                <span class="search-result-place">{place}</span>
                <span class="search-result-meta">
                    <span class="message-author">{message.author.name.clone()}</span>
                    <time class="message-time">{move || message_time(created_at, now(), &i18n)}</time>
                </span>
                <span class="search-result-text">
                    {text
                        .into_iter()
                        .map(|(run, marked)| match marked {
                            true => view! { <mark>{run}</mark> }.into_any(),
                            false => run.into_any(),
                        })
                        .collect_view()}
                </span>
            </A>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn marked(text: &str, query: &str) -> Vec<String> {
        highlight(text, query).into_iter().filter(|(_, m)| *m).map(|(run, _)| run).collect()
    }

    #[wasm_bindgen_test]
    fn words_are_highlighted_at_word_starts_whatever_their_accents_and_case() {
        assert_eq!(marked("La dalle est coulée, DALLE B", "dalle"), ["dalle", "DALLE"]);
        assert_eq!(marked("Béton coulé", "beton coul"), ["Béton", "coul"]);
        assert_eq!(marked("sandalle", "dalle"), Vec::<String>::new(), "not inside a word");
        let runs = highlight("a b", "b");
        assert_eq!(runs, [("a ".to_owned(), false), ("b".to_owned(), true)]);
        assert_eq!(highlight("rien", "  "), [("rien".to_owned(), false)]);
    }
}
