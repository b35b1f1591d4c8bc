//! Each user's numbered event log, which the event streams read.

use parlons_api::{CompanyId, ConversationId, Timestamp, UserId};

use super::{Store, Tx};
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
        let rows: Vec<(i64, Option<i64>, String, String)> = sqlx::query_as(
            "SELECT seq, conversation_id, name, payload FROM user_events
             WHERE user_id = ? AND company_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        )
        .bind(user.0)
        .bind(company.0)
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
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
        let (seq,): (Option<i64>,) =
            sqlx::query_as("SELECT MIN(seq) FROM user_events WHERE user_id = ?")
                .bind(user.0)
                .fetch_one(&self.pool)
                .await?;
        Ok(seq)
    }

    /// Deletes the events logged before `before`, except each user's newest `keep_last`:
    /// the log's retention (see [`crate::events::RETENTION`]). Returns how many went.
    pub async fn prune_events(
        &self,
        before: Timestamp,
        keep_last: i64,
    ) -> Result<u64, sqlx::Error> {
        let done = sqlx::query(
            "DELETE FROM user_events WHERE created_at < ?
             AND seq <= (SELECT last_event_seq FROM users WHERE users.id = user_events.user_id) - ?",
        )
        .bind(before.0)
        .bind(keep_last)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// The number of the user's newest event (0 if none).
    pub async fn last_event_seq(&self, user: UserId) -> Result<i64, sqlx::Error> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT last_event_seq FROM users WHERE id = ?")
            .bind(user.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map_or(0, |(seq,)| seq))
    }
}

impl Tx {
    /// Appends the event to the user's log and returns its number.
    pub async fn append_event(
        &mut self,
        user: UserId,
        event: &Shared,
        now: Timestamp,
    ) -> Result<i64, sqlx::Error> {
        let (seq,): (i64,) = sqlx::query_as(
            "UPDATE users SET last_event_seq = last_event_seq + 1 WHERE id = ? RETURNING last_event_seq",
        )
        .bind(user.0)
        .fetch_one(&mut *self.inner)
        .await?;
        sqlx::query(
            "INSERT INTO user_events (user_id, seq, company_id, conversation_id, name, payload, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(user.0)
        .bind(seq)
        .bind(event.company().0)
        .bind(event.conversation().map(|c| c.0))
        .bind(event.name())
        .bind(event.json())
        .bind(now.0)
        .execute(&mut *self.inner)
        .await?;
        Ok(seq)
    }
}
