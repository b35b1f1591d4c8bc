//! Searching the messages a user may read.

use parlons_api::{ConversationId, SearchQuery, SearchResults};

use super::access::may_read;
use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;
use crate::store::MessageSearch;

/// Results per page when the client does not say.
const DEFAULT_LIMIT: u32 = 20;
/// Most results in one page.
const MAX_LIMIT: u32 = 100;
/// Longest query accepted.
const MAX_QUERY_CHARS: usize = 200;

/// The words (letters and digits) of the user's keywords: nothing else of what they typed
/// reaches the database's search syntax.
pub fn search_words(keywords: &str) -> Vec<String> {
    keywords
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Messages matching the keywords and filters, among those the user may read now: the
/// conversations are the ones the access rules admit, so a search never returns more.
pub async fn search(
    state: &AppState,
    session: &Session,
    query: SearchQuery,
) -> Result<SearchResults, AppError> {
    if query.q.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::invalid(format!(
            "A search has at most {MAX_QUERY_CHARS} characters."
        )));
    }
    let words = search_words(&query.q);
    if words.is_empty() {
        return Err(AppError::invalid("Type at least one word to search for."));
    }
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::invalid(format!("limit must be between 1 and {MAX_LIMIT}.")));
    }
    let candidates = state.store.candidate_facts(session.company, session.user).await?;
    let readable: Vec<ConversationId> =
        candidates.into_iter().filter(|(_, facts)| may_read(facts)).map(|(id, _)| id).collect();
    let search = MessageSearch {
        words: &words,
        conversations: &readable,
        from: query.from,
        to: query.to,
        author: query.author,
        project: query.project,
        kind: query.kind,
        before: query.before,
        limit,
    };
    let (messages, more) = state.store.search_messages(&search).await?;
    let older_cursor = if more { messages.last().map(|m| m.id) } else { None };
    Ok(SearchResults { messages, older_cursor })
}

#[cfg(test)]
mod tests {
    use super::search_words;

    #[test]
    fn only_letters_and_digits_make_words() {
        assert_eq!(search_words("gaines sous-sol"), ["gaines", "sous", "sol"]);
        assert_eq!(search_words(r#"NEAR(a b) OR "x'"#), ["NEAR", "a", "b", "OR", "x"]);
        assert!(search_words("  ,;  ").is_empty());
    }
}
