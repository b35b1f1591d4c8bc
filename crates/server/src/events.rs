//! Live delivery of each user's events over Server-Sent Events.
//!
//! Every event is written to the log of each of its recipients — the readers at that moment,
//! decided in the transaction of the change it describes — stored once for all of them, and
//! serialised once, as the bytes streams send ([`Shared`]). After the commit the [`EventHub`]
//! hands those shared bytes to the recipients' open streams from memory: a live stream reads
//! no database. A stream reads the log only to catch up: when it resumes from the
//! `Last-Event-ID` the browser sends back (or `?last_event_id=`, for a client that had to make
//! a new `EventSource`), when it sees a gap in its user's sequence, or when it fell more than
//! [`BUFFER`] events behind (a slow or stalled client never slows the others: its buffer is
//! bounded and overwritten). So a stream never misses an event, never sends one twice, and
//! keeps the order of its user's sequence. With several server instances sharing a PostgreSQL
//! database, each hands the events the others committed to its own streams
//! ([`relay_other_instances`]); the log is already shared, so a client that reconnects to
//! another instance resumes exactly.
//!
//! An event about a conversation is not sent once the recipient lost access to it after the
//! event was committed: the `conversation.removed` logged with the loss of access (see
//! `domain::access_changes`) marks the conversation in the user's [`Line`], and a stream
//! drops what it still holds of it from before; on catching up from the log, access is
//! checked as it is now.
//!
//! The log keeps every event for [`RETENTION`], and each user's newest [`KEEP_LAST`] however
//! old. A stream asked to resume before what is kept starts with a `resync` event instead,
//! which tells the client to reload its state, then goes on live; otherwise it starts with a
//! `heartbeat` carrying its position as id, so that even a client that gets no event before
//! a cut knows where to resume. An open stream sends a `heartbeat` (without id) after
//! [`parlons_api::HEARTBEAT_SECONDS`] of silence.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::Bytes;
use futures_util::Stream;
use parlons_api::{CompanyId, ConversationId, Event, HEARTBEAT_EVENT, ItemId, UserId};
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;

use crate::domain::access::may_read;
use crate::store::{LoggedEvent, Store, StoredEvent};

/// How many events a user's open streams may fall behind the newest before they catch up
/// from the log instead (a stream holds no more than this in memory). Allocated for each
/// user with an open stream, so small: a burst beyond it costs a read of the log.
pub const BUFFER: usize = 16;

/// How many events a stream reads from the log at a time.
const BATCH: u32 = 256;

/// How long a stream waits for an event handed over after a later one (writes commit
/// together but are handed over by their own tasks, or by another instance's relay) before
/// reading it from the log instead.
const GAP_WAIT: Duration = Duration::from_millis(25);

/// How long the log keeps every event: a client away for less resumes exactly.
pub const RETENTION: Duration = Duration::from_secs(24 * 60 * 60);

/// How many of each user's newest events the log keeps, however old.
pub const KEEP_LAST: i64 = 1_000;

/// Forgets what the log no longer has to keep (run every hour by the server).
pub async fn prune(store: &Store, now: parlons_api::Timestamp) -> Result<u64, sqlx::Error> {
    let retention = i64::try_from(RETENTION.as_millis()).unwrap_or(i64::MAX);
    store.prune_events(parlons_api::Timestamp(now.0 - retention), KEEP_LAST).await
}

/// An event as committed, serialised once and shared by the log and the streams of all
/// its recipients.
#[derive(Debug)]
pub struct Shared {
    company: CompanyId,
    conversation: Option<ConversationId>,
    /// The conversation the event takes away from its recipients (`conversation.removed`).
    removes: Option<ConversationId>,
    name: &'static str,
    /// The [`Event`] as JSON, as the log stores it.
    json: String,
    /// What a stream sends after the event's `id:` line: `event:` and `data:` lines.
    frame: Bytes,
}

impl Shared {
    /// `event`, in `company`, about `conversation` (delivered only while the recipient may
    /// read it).
    pub fn new(
        company: CompanyId,
        conversation: Option<ConversationId>,
        event: &Event,
    ) -> serde_json::Result<Arc<Self>> {
        let json = serde_json::to_string(event)?;
        let removes = match event {
            Event::ConversationRemoved { conversation_id } => Some(*conversation_id),
            _ => None,
        };
        let frame = frame(event.name(), &json);
        Ok(Arc::new(Self { company, conversation, removes, name: event.name(), json, frame }))
    }

    /// The company it happened in.
    pub fn company(&self) -> CompanyId {
        self.company
    }

    /// The conversation it is about, if any.
    pub fn conversation(&self) -> Option<ConversationId> {
        self.conversation
    }

    /// Its SSE `event:` name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The event as JSON.
    pub fn json(&self) -> &str {
        &self.json
    }
}

/// The `event:` and `data:` lines of an SSE event, and the blank line that ends it (the JSON
/// of an event has no line break).
fn frame(name: &str, json: &str) -> Bytes {
    Bytes::from(format!("event: {name}\ndata: {json}\n\n"))
}

/// What the hub hands a user's streams.
#[derive(Debug, Clone)]
enum Delivery {
    /// One event: its number in the user's sequence, and the shared event.
    Event { seq: i64, event: Arc<Shared> },
    /// Events may have been committed that the hub could not hand over: read the log.
    CheckLog,
}

/// A user's line while they have open streams: the hand-over of their new events, and the
/// conversations taken away from them with the number of the event that did it.
struct Line {
    sender: broadcast::Sender<Delivery>,
    removed: Arc<Mutex<HashMap<ConversationId, i64>>>,
}

/// Hands each user's committed events to their open streams.
#[derive(Clone, Default)]
pub struct EventHub {
    lines: Arc<Mutex<HashMap<UserId, Line>>>,
}

/// What a stream receives from the hub; the user's line goes with their last stream.
struct Subscription {
    receiver: broadcast::Receiver<Delivery>,
    removed: Arc<Mutex<HashMap<ConversationId, i64>>>,
    hub: EventHub,
    user: UserId,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut lines = self.hub.lines.lock().unwrap_or_else(PoisonError::into_inner);
        // This subscription's receiver still counts until the end of this call.
        if lines.get(&self.user).is_some_and(|line| line.sender.receiver_count() <= 1) {
            lines.remove(&self.user);
        }
    }
}

impl Subscription {
    /// Whether the conversation was taken away from the user by an event after `seq`.
    fn removed_after(&self, conversation: ConversationId, seq: i64) -> bool {
        let removed = self.removed.lock().unwrap_or_else(PoisonError::into_inner);
        removed.get(&conversation).is_some_and(|&at| at > seq)
    }
}

impl EventHub {
    fn subscribe(&self, user: UserId) -> Subscription {
        let mut lines = self.lines.lock().unwrap_or_else(PoisonError::into_inner);
        let line = lines.entry(user).or_insert_with(|| Line {
            sender: broadcast::channel(BUFFER).0,
            removed: Arc::default(),
        });
        Subscription {
            receiver: line.sender.subscribe(),
            removed: line.removed.clone(),
            hub: self.clone(),
            user,
        }
    }

    /// Hands committed events to their recipients' open streams: `(recipient, number in the
    /// recipient's sequence, event)`. Call after the commit.
    pub fn deliver(&self, events: impl IntoIterator<Item = (UserId, i64, Arc<Shared>)>) {
        let lines = self.lines.lock().unwrap_or_else(PoisonError::into_inner);
        for (user, seq, event) in events {
            let Some(line) = lines.get(&user) else { continue };
            if let Some(conversation) = event.removes {
                let mut removed = line.removed.lock().unwrap_or_else(PoisonError::into_inner);
                removed.insert(conversation, seq);
            }
            // Never waits: a stream this far behind catches up from the log.
            let _ = line.sender.send(Delivery::Event { seq, event });
        }
    }

    /// Tells every open stream to check the log (events may have been committed that were
    /// not handed over).
    pub fn check_log(&self) {
        let lines = self.lines.lock().unwrap_or_else(PoisonError::into_inner);
        for line in lines.values() {
            let _ = line.sender.send(Delivery::CheckLog);
        }
    }
}

/// Where a stream stands.
struct Cursor {
    store: Store,
    user: UserId,
    company: CompanyId,
    /// The last event of the user's sequence sent or passed over.
    seq: i64,
    subscription: Subscription,
    /// Whether the stream must read the log before taking events from memory again.
    catching_up: bool,
    /// Events read from the log, not yet sent.
    from_log: VecDeque<StoredEvent>,
    /// Events handed over ahead of an earlier one still on its way, by number, and until
    /// when to wait for it ([`GAP_WAIT`]).
    early: BTreeMap<i64, Arc<Shared>>,
    early_until: Option<tokio::time::Instant>,
    /// Whether the user may read each conversation of the events read from the log, as
    /// checked once per conversation for each read (a thousand events of one conversation
    /// cost one check, not a thousand).
    readable: HashMap<ConversationId, bool>,
    /// What the stream sends next, before anything else.
    queued: VecDeque<Bytes>,
    /// Silence after which a heartbeat is sent.
    heartbeat: Duration,
    /// For a widget's stream, the one item whose conversation it shows.
    scope: Option<ItemScope>,
}

/// A widget's stream: only its item's conversation, which may start after the stream opened.
#[derive(Debug, Clone, Copy)]
pub struct ItemScope {
    /// The item.
    pub item: ItemId,
    /// Its conversation, once known.
    pub conversation: Option<ConversationId>,
}

impl ItemScope {
    /// Whether an event about `conversation` (as `json`) is of the item's conversation (or
    /// says the user's `GET /me` changed, which the panel shows too); the first one that
    /// creates or shows the conversation tells which conversation that is.
    fn admits(&mut self, conversation: Option<ConversationId>, json: &str) -> bool {
        let Some(conversation) = conversation else {
            return matches!(serde_json::from_str::<Event>(json), Ok(Event::MeChanged {}));
        };
        if let Some(known) = self.conversation {
            return known == conversation;
        }
        let shows_item = match serde_json::from_str::<Event>(json) {
            Ok(Event::ConversationCreated { conversation: summary })
            | Ok(Event::ConversationUpdated { conversation: summary }) => {
                summary.item.is_some_and(|item| item.id == self.item)
            }
            _ => false,
        };
        if shows_item {
            self.conversation = Some(conversation);
        }
        shows_item
    }
}

impl Cursor {
    /// Whether the event is for this stream's item, if it is a widget's.
    fn in_scope(&mut self, conversation: Option<ConversationId>, json: &str) -> bool {
        self.scope.as_mut().is_none_or(|scope| scope.admits(conversation, json))
    }

    /// Queues an event for sending: its `id:` line, then its shared frame.
    fn queue(&mut self, seq: i64, frame: Bytes) {
        self.queued.push_back(Bytes::from(format!("id: {seq}\n")));
        self.queued.push_back(frame);
    }

    /// Whether a logged event may go to the user now: one about a conversation only while
    /// they may read it.
    async fn may_receive(&mut self, event: &StoredEvent) -> Result<bool, sqlx::Error> {
        let Some(conversation) = event.conversation else { return Ok(true) };
        if let Some(&readable) = self.readable.get(&conversation) {
            return Ok(readable);
        }
        let facts = self.store.access_facts(conversation, self.user).await?;
        let readable = facts.is_some_and(|facts| may_read(&facts));
        self.readable.insert(conversation, readable);
        Ok(readable)
    }

    /// Takes the next events from the log into `from_log`; `false` when it has no more.
    async fn read_log(&mut self) -> Result<bool, sqlx::Error> {
        let batch = self.store.events_after(self.user, self.company, self.seq, BATCH).await?;
        let Some(last) = batch.last() else { return Ok(false) };
        self.seq = last.seq;
        self.readable.clear();
        self.from_log.extend(batch);
        Ok(true)
    }

    /// Sends what it holds from the log, then what comes from memory. `None`: the stream
    /// ends (the client reconnects and resumes from its last id).
    async fn next(&mut self) -> Option<Bytes> {
        loop {
            if let Some(bytes) = self.queued.pop_front() {
                return Some(bytes);
            }
            // The log's futures are boxed: an idle stream's state holds only its wait for
            // the next event, not room for a database query it is not making.
            if let Some(event) = self.from_log.pop_front() {
                match Box::pin(self.may_receive(&event)).await {
                    Ok(true) if self.in_scope(event.conversation, &event.payload) => {
                        self.queue(event.seq, frame(&event.name, &event.payload));
                    }
                    Ok(true) => {}
                    Ok(false) => {}
                    Err(error) => {
                        tracing::warn!(%error, user = %self.user, "event stream check failed");
                        return None;
                    }
                }
                continue;
            }
            if self.catching_up {
                match Box::pin(self.read_log()).await {
                    Ok(more) => self.catching_up = more,
                    Err(error) => {
                        tracing::warn!(%error, user = %self.user, "event stream read failed");
                        return None;
                    }
                }
                continue;
            }
            let wait = match self.early_until {
                Some(until) => until.saturating_duration_since(tokio::time::Instant::now()),
                None => self.heartbeat,
            };
            let received = tokio::time::timeout(wait, self.subscription.receiver.recv());
            match received.await {
                // The event that was missing did not come: the log has it.
                Err(_) if self.early_until.is_some() => self.catch_up(),
                Err(_silence) => return Some(heartbeat()),
                Ok(Ok(Delivery::Event { seq, event })) => self.take(seq, event),
                Ok(Ok(Delivery::CheckLog) | Err(RecvError::Lagged(_))) => self.catch_up(),
                Ok(Err(RecvError::Closed)) => return None,
            }
        }
    }

    /// An event handed over from memory.
    fn take(&mut self, seq: i64, event: Arc<Shared>) {
        if seq <= self.seq {
            // Already sent, from the log.
            return;
        }
        if seq > self.seq + 1 {
            // An earlier event is still on its way, or was committed before this stream
            // listened: wait a little for it, then read the log, which has them all.
            if self.early.len() >= BUFFER {
                self.catch_up();
                return;
            }
            self.early.insert(seq, event);
            let until = tokio::time::Instant::now() + GAP_WAIT;
            self.early_until.get_or_insert(until);
            return;
        }
        self.send(seq, event);
        while let Some(event) = self.early.remove(&(self.seq + 1)) {
            self.send(self.seq + 1, event);
        }
        if self.early.is_empty() {
            self.early_until = None;
        }
    }

    /// Reads the log before taking events from memory again: it has every event, those
    /// held early included.
    fn catch_up(&mut self) {
        self.catching_up = true;
        self.early.clear();
        self.early_until = None;
    }

    /// Sends the next event of the user's sequence, unless it is of another company or of
    /// a conversation taken away from the user since.
    fn send(&mut self, seq: i64, event: Arc<Shared>) {
        self.seq = seq;
        let removed = event
            .conversation
            .is_some_and(|conversation| self.subscription.removed_after(conversation, seq));
        if event.company == self.company
            && !removed
            && self.in_scope(event.conversation, &event.json)
        {
            self.queue(seq, event.frame.clone());
        }
    }
}

/// Hands the events the other server instances commit to this instance's streams, for as
/// long as the server runs: they announce them (PostgreSQL `NOTIFY`), this reads them from
/// the log once for all its streams. Returns at once on SQLite (one instance).
pub async fn relay_other_instances(store: Store, hub: EventHub) {
    let mut announcements = loop {
        match store.announcements().await {
            Ok(Some(announcements)) => break announcements,
            Ok(None) => return,
            Err(error) => {
                tracing::warn!(%error, "cannot listen to the other instances; trying again");
                tokio::time::sleep(RELAY_RETRY).await;
            }
        }
    };
    loop {
        let failed = match announcements.next().await {
            Ok(Some((first, last))) => match store.logged_events(first, last).await {
                Ok(logged) => {
                    hub.deliver(shared_events(logged));
                    continue;
                }
                Err(error) => error,
            },
            // Announcements were missed while the connection was down.
            Ok(None) => {
                hub.check_log();
                continue;
            }
            Err(error) => error,
        };
        tracing::warn!(error = %failed, "relaying the other instances' events failed");
        hub.check_log();
        tokio::time::sleep(RELAY_RETRY).await;
    }
}

/// How long the relay waits before trying the database again.
const RELAY_RETRY: Duration = Duration::from_secs(1);

/// Events read from the log, each serialised once again for all its recipients (the rows
/// of one event follow one another).
fn shared_events(logged: Vec<LoggedEvent>) -> Vec<(UserId, i64, Arc<Shared>)> {
    let mut previous: Option<Arc<Shared>> = None;
    let mut events = Vec::with_capacity(logged.len());
    for row in logged {
        let same = previous.as_ref().filter(|shared| {
            shared.json == row.payload
                && shared.company == row.company
                && shared.conversation == row.conversation
        });
        let shared = match same {
            Some(shared) => Arc::clone(shared),
            None => {
                let Ok(event) = serde_json::from_str::<Event>(&row.payload) else { continue };
                let Ok(shared) = Shared::new(row.company, row.conversation, &event) else {
                    continue;
                };
                previous = Some(Arc::clone(&shared));
                shared
            }
        };
        events.push((row.user, row.seq, shared));
    }
    events
}

/// A heartbeat without id: the connection is alive, nothing happened.
fn heartbeat() -> Bytes {
    Bytes::from(format!("event: {HEARTBEAT_EVENT}\ndata: {{}}\n\n"))
}

/// The user's event stream within the company (only `item`'s conversation for a widget's
/// session), as the bytes of a `text/event-stream`, starting after event number `last_seen`
/// (or with the next new event when `None`), with a heartbeat after `heartbeat` of silence.
pub async fn user_stream(
    store: Store,
    hub: &EventHub,
    (user, company, item): (UserId, CompanyId, Option<ItemId>),
    last_seen: Option<i64>,
    heartbeat: Duration,
) -> Result<impl Stream<Item = Result<Bytes, Infallible>> + use<>, sqlx::Error> {
    let scope = match item {
        Some(item) => {
            let conversation = store.item_conversation(item).await?;
            Some(ItemScope { item, conversation })
        }
        None => None,
    };
    // Subscribe before reading the position, so nothing committed in between is missed.
    let subscription = hub.subscribe(user);
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
    let mut cursor = Cursor {
        store,
        user,
        company,
        seq,
        subscription,
        catching_up: seq < newest,
        from_log: VecDeque::new(),
        early: BTreeMap::new(),
        early_until: None,
        readable: HashMap::new(),
        queued: VecDeque::new(),
        heartbeat,
        scope,
    };
    // The first thing a stream sends is its position, which the client keeps to resume
    // from (it may get no event before a cut): in a `resync` when the client missed events
    // the log no longer has, else in a heartbeat.
    let opening = match resync {
        true => {
            let resync = Event::Resync {};
            frame(resync.name(), &serde_json::to_string(&resync).unwrap_or_default())
        }
        false => frame(HEARTBEAT_EVENT, "{}"),
    };
    cursor.queue(seq, opening);
    Ok(futures_util::stream::unfold(cursor, |mut cursor| async move {
        let bytes = cursor.next().await?;
        Some((Ok(bytes), cursor))
    }))
}
