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

/// The FTS5 query for the user's keywords: the words (letters and digits) each quoted, so
/// nothing is read as FTS5 syntax, all required, the last one also as a prefix. `None`
/// without any word.
pub fn fts_query(keywords: &str) -> Option<String> {
    let words: Vec<String> = keywords
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| format!("\"{word}\""))
        .collect();
    let (last, rest) = words.split_last()?;
    let mut query = rest.join(" ");
    if !query.is_empty() {
        query.push(' ');
    }
    query.push_str(last);
    query.push('*');
    Some(query)
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
    let fts_query = fts_query(&query.q)
        .ok_or_else(|| AppError::invalid("Type at least one word to search for."))?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::invalid(format!("limit must be between 1 and {MAX_LIMIT}.")));
    }
    let candidates = state.store.candidate_facts(session.company, session.user).await?;
    let readable: Vec<ConversationId> =
        candidates.into_iter().filter(|(_, facts)| may_read(facts)).map(|(id, _)| id).collect();
    let search = MessageSearch {
        fts_query: &fts_query,
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
    use super::fts_query;

    #[test]
    fn keywords_become_a_safe_fts_query() {
        assert_eq!(fts_query("gaines sous-sol").as_deref(), Some(r#""gaines" "sous" "sol"*"#));
        assert_eq!(fts_query(r#"NEAR(a b) OR "x"#).as_deref(), Some(r#""NEAR" "a" "b" "OR" "x"*"#));
        assert_eq!(fts_query("  ,;  "), None);
    }
}
