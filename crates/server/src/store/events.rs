//! Each user's numbered event log, which the event streams read: every event stored once
//! (`events`), and each user's log numbering those they receive (`user_events`).

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
            "SELECT l.seq, e.conversation_id, e.name, e.payload
             FROM user_events l JOIN events e ON e.id = l.event_id
             WHERE l.user_id = ? AND e.company_id = ? AND l.seq > ? ORDER BY l.seq LIMIT ?",
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
            "DELETE FROM user_events
             WHERE event_id IN (SELECT id FROM events WHERE created_at < ?)
             AND seq <= (SELECT last_event_seq FROM users WHERE users.id = user_events.user_id)
                        - ?",
        )
        .bind(before.0)
        .bind(keep_last)
        .execute(tx.conn())
        .await?;
        // The events nobody receives any more.
        query(
            "DELETE FROM events WHERE created_at < ?
             AND NOT EXISTS (SELECT 1 FROM user_events WHERE event_id = events.id)",
        )
        .bind(before.0)
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
/// parameters; a log row has 3).
const RECIPIENTS_PER_STATEMENT: usize = 1_000;

impl Tx {
    /// Stores each event once and appends it to the log of each of its recipients (distinct
    /// users over all the events): a statement per event, and two per thousand recipients
    /// whatever their number. Each recipient's number in their sequence.
    pub async fn append_events(
        &mut self,
        events: &[(&[UserId], &Shared)],
        now: Timestamp,
    ) -> Result<Vec<(UserId, i64)>, sqlx::Error> {
        let mut recipients = Vec::new();
        for &(users, event) in events {
            // An event nobody is to receive is not kept.
            if users.is_empty() {
                continue;
            }
            let id = self.store_event(event, now).await?;
            recipients.extend(users.iter().map(|&user| (user, id)));
        }
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
            let rows = vec!["(?, ?, ?)"; chunk.len()].join(", ");
            let returning = match self.dialect() {
                Dialect::Postgres => " RETURNING log_id",
                Dialect::Sqlite => "",
            };
            let log = format!(
                "INSERT INTO user_events (user_id, seq, event_id) VALUES {rows}{returning}"
            );
            let log = chunk.iter().fold(query_scalar(&log), |log, &(user, event)| {
                log.bind(user.0).bind(seqs.get(&user.0).copied()).bind(event)
            });
            let logged: Vec<i64> = log.fetch_all(self.conn()).await?;
            if let (Some(&first), Some(&last)) = (logged.iter().min(), logged.iter().max()) {
                let batch = &mut self.batch.logged;
                *batch = Some(batch.map_or((first, last), |(a, b)| (a.min(first), b.max(last))));
            }
            let numbered_user = |&(user, _): &(UserId, i64)| Some((user, *seqs.get(&user.0)?));
            numbered.extend(chunk.iter().filter_map(numbered_user));
        }
        Ok(numbered)
    }

    /// Stores an event; its id.
    async fn store_event(&mut self, event: &Shared, now: Timestamp) -> Result<i64, sqlx::Error> {
        query_scalar(
            "INSERT INTO events (company_id, conversation_id, name, payload, created_at)
             VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(event.company().0)
        .bind(event.conversation().map(|c| c.0))
        .bind(event.name())
        .bind(event.json())
        .bind(now.0)
        .fetch_one(self.conn())
        .await
    }
}

#[cfg(test)]
mod tests {
    use parlons_api::Event;

    use super::*;
    use crate::store::NewUser;

    /// How many events are stored, and how many rows the users' logs hold.
    fn stored(path: &std::path::Path) -> (i64, i64) {
        let conn = rusqlite::Connection::open(path).unwrap();
        let count = |table: &str| {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            conn.query_row(&sql, [], |row| row.get::<_, i64>(0)).unwrap()
        };
        (count("events"), count("user_events"))
    }

    #[tokio::test]
    async fn an_event_is_stored_once_for_all_its_recipients_and_goes_once_none_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let store = Store::open(&path).await.unwrap();
        let mut tx = store.begin().await.unwrap();
        let company = tx.insert_company("Durand Construction").await.unwrap();
        let mut users = Vec::new();
        for n in 0..3 {
            let email = format!("u{n}@durand-construction.example");
            let user = NewUser { email: &email, name: "U", password_hash: None };
            users.push(tx.insert_user(user).await.unwrap());
        }
        let event = Shared::new(company, None, &Event::MeChanged {}).unwrap();
        let numbered = tx.append_events(&[(&users, &event)], Timestamp(1_000)).await.unwrap();
        tx.commit().await.unwrap();

        assert_eq!(numbered, users.iter().map(|&u| (u, 1)).collect::<Vec<_>>());
        assert_eq!(stored(&path), (1, 3), "one event, in three logs");
        for &user in &users {
            let log = store.events_after(user, company, 0, 10).await.unwrap();
            let payloads: Vec<&str> = log.iter().map(|e| e.payload.as_str()).collect();
            assert_eq!(payloads, [event.json()]);
        }
        // Past the retention, kept as each user's newest.
        store.prune_events(Timestamp(2_000), 1).await.unwrap();
        assert_eq!(stored(&path), (1, 3));
        // Once no log keeps it, it goes too.
        store.prune_events(Timestamp(2_000), 0).await.unwrap();
        assert_eq!(stored(&path), (0, 0));
    }
}
