//! Each user's numbered event log, which the event streams read.

use std::collections::HashMap;

use parlons_api::{CompanyId, ConversationId, Timestamp, UserId};

use super::query::{query, query_as, query_scalar};
use super::{Dialect, Store, Tx};
use crate::events::Shared;

/// An event as stored for one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    /// Its number in the user's sequence (the SSE `id:`).
    pub seq: i64,
    /// The conversation it is about, if any: it is delivered only while the user may read it.
    pub conversation: Option<ConversationId>,
    /// Its SSE `event:` name.
    pub name: String,
    /// The [`Event`] as JSON (the SSE `data:`).
    pub payload: String,
}

impl Store {
    /// The user's events in the company after `after`, oldest first, at most `limit`.
    pub async fn events_after(
        &self,
        user: UserId,
        company: CompanyId,
        after: i64,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, sqlx::Error> {
        let rows: Vec<(i64, Option<i64>, String, String)> = query_as(
            "SELECT seq, conversation_id, name, payload FROM user_events
             WHERE user_id = ? AND company_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        )
        .bind(user.0)
        .bind(company.0)
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(self.db())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(seq, conversation, name, payload)| StoredEvent {
                seq,
                conversation: conversation.map(ConversationId),
                name,
                payload,
            })
            .collect())
    }

    /// The number of the user's oldest event still in the log, in any company (`None` when
    /// none is kept).
    pub async fn oldest_event_seq(&self, user: UserId) -> Result<Option<i64>, sqlx::Error> {
        let (seq,): (Option<i64>,) = query_as("SELECT MIN(seq) FROM user_events WHERE user_id = ?")
            .bind(user.0)
            .fetch_one(self.db())
            .await?;
        Ok(seq)
    }

    /// Deletes the events logged before `before`, except each user's newest `keep_last`:
    /// the log's retention (see [`crate::events::RETENTION`]). Returns how many went.
    ///
    /// Through the writer like every write: a write from another connection committed in
    /// the middle of a batch would make the batch's next write fail (`SQLITE_BUSY`).
    pub async fn prune_events(
        &self,
        before: Timestamp,
        keep_last: i64,
    ) -> Result<u64, sqlx::Error> {
        let mut tx = self.begin().await?;
        let done = query(
            "DELETE FROM user_events WHERE created_at < ?
             AND seq <= (SELECT last_event_seq FROM users WHERE users.id = user_events.user_id)
                        - ?",
        )
        .bind(before.0)
        .bind(keep_last)
        .execute(tx.conn())
        .await?;
        tx.commit().await?;
        Ok(done)
    }

    /// The number of the user's newest event (0 if none).
    pub async fn last_event_seq(&self, user: UserId) -> Result<i64, sqlx::Error> {
        let row: Option<(i64,)> = query_as("SELECT last_event_seq FROM users WHERE id = ?")
            .bind(user.0)
            .fetch_optional(self.db())
            .await?;
        Ok(row.map_or(0, |(seq,)| seq))
    }
}

/// How many recipients one statement numbers and logs at a time (SQLite takes at most 32,766
/// parameters; a log row has 7).
const RECIPIENTS_PER_STATEMENT: usize = 1_000;

impl Tx {
    /// Appends to the log of each recipient (distinct users) their event, in two statements
    /// per thousand of them whatever their number; each one's number in their sequence.
    pub async fn append_events(
        &mut self,
        recipients: &[(UserId, &Shared)],
        now: Timestamp,
    ) -> Result<Vec<(UserId, i64)>, sqlx::Error> {
        let mut numbered = Vec::with_capacity(recipients.len());
        for chunk in recipients.chunks(RECIPIENTS_PER_STATEMENT) {
            let ids = vec!["?"; chunk.len()].join(", ");
            let next = format!(
                "UPDATE users SET last_event_seq = last_event_seq + 1 WHERE id IN ({ids})
                 RETURNING id, last_event_seq"
            );
            let next = chunk.iter().fold(query_as(&next), |next, (user, _)| next.bind(user.0));
            let seqs: HashMap<i64, i64> = next.fetch_all(self.conn()).await?.into_iter().collect();
            // PostgreSQL numbers the log in commit order: the batch announces what it wrote
            // to the other instances (`store::instances`).
            let rows = vec!["(?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
            let returning = match self.dialect() {
                Dialect::Postgres => " RETURNING log_id",
                Dialect::Sqlite => "",
            };
            let log = format!(
                "INSERT INTO user_events
                   (user_id, seq, company_id, conversation_id, name, payload, created_at)
                 VALUES {rows}{returning}"
            );
            let log = chunk.iter().fold(query_scalar(&log), |log, (user, event)| {
                log.bind(user.0)
                    .bind(seqs.get(&user.0).copied())
                    .bind(event.company().0)
                    .bind(event.conversation().map(|c| c.0))
                    .bind(event.name())
                    .bind(event.json())
                    .bind(now.0)
            });
            let logged: Vec<i64> = log.fetch_all(self.conn()).await?;
            if let (Some(&first), Some(&last)) = (logged.iter().min(), logged.iter().max()) {
                let batch = &mut self.batch.logged;
                *batch = Some(batch.map_or((first, last), |(a, b)| (a.min(first), b.max(last))));
            }
            let numbered_user = |&(user, _): &(UserId, &Shared)| Some((user, *seqs.get(&user.0)?));
            numbered.extend(chunk.iter().filter_map(numbered_user));
        }
        Ok(numbered)
    }
}
