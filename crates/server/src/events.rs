//! Live delivery of each user's events over Server-Sent Events.
//!
//! Every event is first written to the user's numbered log in the same transaction as the
//! change it describes ([`crate::store::Tx::append_event`]); after the commit the
//! [`EventHub`] wakes that user's open streams, which read the log from where they are.
//! So a stream never misses an event, never sends one twice, and resumes after a cut from
//! the `Last-Event-ID` the browser sends back (or `?last_event_id=`, for a client that had to
//! make a new `EventSource`). With several server instances, only the wake-up has to cross
//! instances; the log is already shared.
//!
//! The log keeps every event for [`RETENTION`], and each user's newest [`KEEP_LAST`] however
//! old. A stream asked to resume before what is kept starts with a `resync` event instead,
//! which tells the client to reload its state, then goes on live; otherwise it starts with a
//! `heartbeat` carrying its position as id, so that even a client that gets no event before
//! a cut knows where to resume. An open stream sends a `heartbeat` (without id) after
//! [`parlons_api::HEARTBEAT_SECONDS`] of silence.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};

use axum::response::sse;
use futures_util::Stream;
use parlons_api::{CompanyId, UserId};
use tokio::sync::watch;

use crate::domain::access::may_read;
use crate::store::{Store, StoredEvent};

/// Wakes the open event streams of a user when that user has new events.
#[derive(Clone, Default)]
pub struct EventHub {
    senders: Arc<Mutex<HashMap<UserId, watch::Sender<i64>>>>,
}

impl EventHub {
    /// A receiver that changes whenever the user gets a new event.
    pub fn subscribe(&self, user: UserId) -> watch::Receiver<i64> {
        let mut senders = self.senders.lock().unwrap_or_else(PoisonError::into_inner);
        senders.entry(user).or_insert_with(|| watch::channel(0).0).subscribe()
    }

    /// Tells the user's open streams that events up to `seq` are committed.
    pub fn publish(&self, user: UserId, seq: i64) {
        let mut senders = self.senders.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(sender) = senders.get(&user) {
            if sender.receiver_count() == 0 {
                senders.remove(&user);
            } else {
                sender.send_replace(seq);
            }
        }
    }
}

/// How many events a stream reads from the log at a time.
const BATCH: u32 = 256;

/// How long the log keeps every event: a client away for less resumes exactly.
pub const RETENTION: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// How many of each user's newest events the log keeps, however old.
pub const KEEP_LAST: i64 = 1_000;

/// Forgets what the log no longer has to keep (run every hour by the server).
pub async fn prune(store: &Store, now: parlons_api::Timestamp) -> Result<u64, sqlx::Error> {
    let retention = i64::try_from(RETENTION.as_millis()).unwrap_or(i64::MAX);
    store.prune_events(parlons_api::Timestamp(now.0 - retention), KEEP_LAST).await
}

struct Cursor {
    store: Store,
    user: UserId,
    company: CompanyId,
    seq: i64,
    wake: watch::Receiver<i64>,
    pending: VecDeque<StoredEvent>,
    /// What the stream starts with, before any event of the log.
    opening: Option<Opening>,
}

/// The first thing a stream sends: its position, which the client keeps to resume from
/// (it may get no event before a cut, and could not resume without it).
enum Opening {
    /// A heartbeat carrying the position the stream starts from.
    Position,
    /// A `resync`: the client missed events the log no longer has.
    Resync,
}

impl Cursor {
    /// Whether the user may receive the event now: an event about a conversation only while
    /// they may read it (access may have been lost since the event was logged).
    async fn may_receive(&self, event: &StoredEvent) -> Result<bool, sqlx::Error> {
        let Some(conversation) = event.conversation else { return Ok(true) };
        let facts = self.store.access_facts(conversation, self.user).await?;
        Ok(facts.is_some_and(|facts| may_read(&facts)))
    }
}

/// The user's event stream within the company, starting after event number `last_seen`
/// (or with the next new event when `None`).
pub async fn user_stream(
    store: Store,
    hub: &EventHub,
    user: UserId,
    company: CompanyId,
    last_seen: Option<i64>,
) -> Result<impl Stream<Item = Result<sse::Event, Infallible>> + use<>, sqlx::Error> {
    // Subscribe before reading the position, so nothing committed in between is missed.
    let wake = hub.subscribe(user);
    let newest = store.last_event_seq(user).await?;
    // A client cannot be ahead of the log; one that claims to be would miss what comes next.
    let mut seq = last_seen.map_or(newest, |seen| seen.clamp(0, newest));
    // What comes after `seq` must still be in the log (its oldest kept event, or nothing
    // kept at all, right after it); otherwise the client starts again from now.
    let oldest_kept = store.oldest_event_seq(user).await?.unwrap_or(newest + 1);
    let resync = seq < newest && oldest_kept > seq + 1;
    if resync {
        seq = newest;
    }
    let opening = Some(if resync { Opening::Resync } else { Opening::Position });
    let cursor = Cursor { store, user, company, seq, wake, pending: VecDeque::new(), opening };
    Ok(futures_util::stream::unfold(cursor, |mut cursor| async move {
        if let Some(opening) = cursor.opening.take() {
            let position = sse::Event::default().id(cursor.seq.to_string());
            let sse = match opening {
                Opening::Position => position.event(parlons_api::HEARTBEAT_EVENT).data("{}"),
                Opening::Resync => {
                    let resync = parlons_api::Event::Resync {};
                    position.event(resync.name()).json_data(&resync).ok()?
                }
            };
            return Some((Ok(sse), cursor));
        }
        loop {
            if let Some(event) = cursor.pending.pop_front() {
                match cursor.may_receive(&event).await {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(error) => {
                        tracing::warn!(%error, user = %cursor.user, "event stream check failed");
                        return None;
                    }
                }
                let sse = sse::Event::default()
                    .id(event.seq.to_string())
                    .event(event.name)
                    .data(event.payload);
                return Some((Ok(sse), cursor));
            }
            match cursor.store.events_after(cursor.user, cursor.company, cursor.seq, BATCH).await {
                Ok(batch) if !batch.is_empty() => {
                    cursor.seq = batch.last().map_or(cursor.seq, |e| e.seq);
                    cursor.pending.extend(batch);
                    continue;
                }
                Ok(_) => {}
                Err(error) => {
                    // Ending the stream makes the browser reconnect and resume from its last id.
                    tracing::warn!(%error, user = %cursor.user, "event stream read failed");
                    return None;
                }
            }
            cursor.wake.changed().await.ok()?;
        }
    }))
}
