//! Live delivery of each user's events over Server-Sent Events.
//!
//! Every event is first written to the user's numbered log in the same transaction as the
//! change it describes ([`crate::store::Tx::append_event`]); after the commit the
//! [`EventHub`] wakes that user's open streams, which read the log from where they are.
//! So a stream never misses an event, never sends one twice, and resumes after a cut from
//! the `Last-Event-ID` the browser sends back. With several server instances, only the wake-up
//! has to cross instances; the log is already shared.

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

struct Cursor {
    store: Store,
    user: UserId,
    company: CompanyId,
    seq: i64,
    wake: watch::Receiver<i64>,
    pending: VecDeque<StoredEvent>,
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
    let seq = last_seen.map_or(newest, |seen| seen.clamp(0, newest));
    let cursor = Cursor { store, user, company, seq, wake, pending: VecDeque::new() };
    Ok(futures_util::stream::unfold(cursor, |mut cursor| async move {
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
