//! What the server instances sharing a PostgreSQL database tell each other: the events each
//! one committed, so that every instance hands them to its own open streams.
//!
//! Writes are serialised across instances (a batch holds the writer's advisory lock until it
//! commits), so the log's `log_id` grows in commit order and a batch's events are the rows
//! between the first and the last `log_id` its inserts returned. The batch announces that
//! span with `NOTIFY` in its own transaction — PostgreSQL sends it only if the batch commits,
//! and only ids, never content — and each other instance reads the span from the log (rows
//! of a write rolled back within the batch are simply not there).

use std::time::{SystemTime, UNIX_EPOCH};

use parlons_api::{CompanyId, ConversationId, UserId};
use sqlx::postgres::PgListener;
use sqlx::{Postgres, Transaction};

use super::{Db, Store};

/// The channel of the announcements.
const CHANNEL: &str = "parlons_events";

/// An event of the log as another instance committed it.
#[derive(Debug, Clone)]
pub struct LoggedEvent {
    /// Its recipient.
    pub user: UserId,
    /// Its number in the recipient's sequence.
    pub seq: i64,
    /// The company it happened in.
    pub company: CompanyId,
    /// The conversation it is about, if any.
    pub conversation: Option<ConversationId>,
    /// The event as JSON.
    pub payload: String,
}

/// A name for this instance, unique among those sharing the database.
pub(super) fn new_instance_id() -> String {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_nanos());
    format!("{}-{nanos:x}", std::process::id())
}

/// Announces the span of the log the batch wrote (first and last `log_id`), if it wrote
/// any: sent if the batch commits.
pub(super) async fn announce(
    tx: &mut Transaction<'static, Postgres>,
    instance: &str,
    logged: Option<(i64, i64)>,
) -> Result<(), sqlx::Error> {
    let Some((first, last)) = logged else { return Ok(()) };
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(format!("{instance} {first} {last}"))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The announcements of the other instances.
pub struct Announcements {
    listener: PgListener,
    instance: std::sync::Arc<str>,
}

impl Announcements {
    /// The span of the log (first and last `log_id`) another instance committed next;
    /// `None` when announcements may have been missed: the connection to the database was
    /// lost (and made again), so every stream should check the log.
    pub async fn next(&mut self) -> Result<Option<(i64, i64)>, sqlx::Error> {
        loop {
            let Some(notification) = self.listener.try_recv().await? else { return Ok(None) };
            let mut fields = notification.payload().split(' ');
            let (Some(instance), Some(first), Some(last)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            if instance == &*self.instance {
                continue;
            }
            if let (Ok(first), Ok(last)) = (first.parse(), last.parse()) {
                return Ok(Some((first, last)));
            }
        }
    }
}

impl Store {
    /// The other instances' announcements; `None` on SQLite, where there are no others.
    pub async fn announcements(&self) -> Result<Option<Announcements>, sqlx::Error> {
        let Db::Postgres(pool) = &self.pool else { return Ok(None) };
        let mut listener = PgListener::connect_with(pool).await?;
        listener.listen(CHANNEL).await?;
        Ok(Some(Announcements { listener, instance: self.instance.clone() }))
    }

    /// The events of the log from `first` to `last` (`log_id`s), in commit order.
    pub async fn logged_events(
        &self,
        first: i64,
        last: i64,
    ) -> Result<Vec<LoggedEvent>, sqlx::Error> {
        let Db::Postgres(pool) = &self.pool else { return Ok(Vec::new()) };
        let rows: Vec<(i64, i64, i64, Option<i64>, String)> = sqlx::query_as(
            "SELECT l.user_id, l.seq, e.company_id, e.conversation_id, e.payload
             FROM user_events l JOIN events e ON e.id = l.event_id
             WHERE l.log_id BETWEEN $1 AND $2 ORDER BY l.log_id",
        )
        .bind(first)
        .bind(last)
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(user, seq, company, conversation, payload)| LoggedEvent {
                user: UserId(user),
                seq,
                company: CompanyId(company),
                conversation: conversation.map(ConversationId),
                payload,
            })
            .collect())
    }
}
