//! The outbox: every message the person sends, from the moment they press send until the
//! server acknowledges it. Plain data and a state machine ([`Outbox::apply`] returns what
//! must be done), so that every transition is unit-tested; `state::sending` performs the
//! effects (requests, timers, `localStorage`).
//!
//! A message gets its idempotency key once, when queued: every retry sends the same key, so
//! the server stores it once however many attempts reach it. Messages of one conversation
//! go one at a time, in order. A failure that may pass (network, timeout, server error) is
//! retried with exponential backoff and jitter; a refusal (4xx) stays, with its reason, for
//! the person to retry, edit or discard. A message with files waits for them to be uploaded
//! (`state::uploads` holds them, by the message's key).

use parlons_api::{ConversationId, Document, MessageId, Timestamp};

use crate::retry::backoff;

/// A message on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Its idempotency key, chosen once.
    pub key: String,
    /// Where it goes.
    pub conversation: ConversationId,
    /// The message whose thread it answers, if any.
    pub parent: Option<MessageId>,
    /// What it says.
    pub body: Document,
    /// When it was sent, for its place in the list.
    pub queued_at: Timestamp,
    /// Where it stands.
    pub status: Status,
}

/// Where a message on its way stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// To be sent at `at` (ms since the epoch), after `attempts` attempts.
    Waiting {
        /// Attempts so far.
        attempts: u32,
        /// When to try next.
        at: i64,
    },
    /// A request is on its way.
    Sending {
        /// Attempts so far, this one included.
        attempts: u32,
    },
    /// The server refused it, for this reason: it waits for the person.
    Refused {
        /// Why, for the person.
        reason: String,
    },
}

/// Something that happened to the outbox.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The person sent a message.
    Queued(Outgoing),
    /// A request for this message left.
    Started(String),
    /// The server stored it.
    Acknowledged(String),
    /// The attempt failed; `transient` if it may pass by itself. `jitter` (0 to 1) spreads
    /// the retries of many clients.
    Failed {
        /// Which message.
        key: String,
        /// Whether trying again later may work.
        transient: bool,
        /// Why, for the person.
        reason: String,
        /// A random number between 0 and 1.
        jitter: f64,
    },
    /// The person asks to try a refused (or waiting) message again now.
    Retry(String),
    /// The person gives up a message (to discard it, or to edit it in the composer).
    Remove(String),
    /// The browser is online again: every waiting message is due now.
    Online,
}

/// What the caller must do after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Keep the outbox in the browser's storage.
    Persist,
    /// Look again at `at` (ms since the epoch) for messages due.
    WakeAt(i64),
}

/// A message on its way as the browser keeps it: `(key, conversation, thread, body, queued
/// at, refusal)`. A tuple, whose JSON is an array: reading it back costs the download far
/// less code than a struct and an enum would.
pub type Kept = (String, ConversationId, Option<MessageId>, Document, Timestamp, Option<String>);

impl Outgoing {
    /// What the browser keeps of it.
    pub fn kept(&self) -> Kept {
        let refusal = match &self.status {
            Status::Refused { reason } => Some(reason.clone()),
            _ => None,
        };
        (
            self.key.clone(),
            self.conversation,
            self.parent,
            self.body.clone(),
            self.queued_at,
            refusal,
        )
    }
}

/// The messages on their way, in the order they were sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outbox {
    entries: Vec<Outgoing>,
}

impl Outbox {
    /// An outbox as kept in storage: what was on its way when the page went away is sent
    /// again now; what was refused still waits for the person.
    pub fn restored(kept: Vec<Kept>, now: i64) -> Self {
        let entries = kept
            .into_iter()
            .map(|(key, conversation, parent, body, queued_at, refusal)| Outgoing {
                key,
                conversation,
                parent,
                body,
                queued_at,
                status: match refusal {
                    Some(reason) => Status::Refused { reason },
                    None => Status::Waiting { attempts: 0, at: now },
                },
            })
            .collect();
        Self { entries }
    }

    /// Every message on its way, oldest first.
    pub fn entries(&self) -> &[Outgoing] {
        &self.entries
    }

    /// One message on its way.
    pub fn entry(&self, key: &str) -> Option<&Outgoing> {
        self.entries.iter().find(|e| e.key == key)
    }

    /// The messages to send now: the first of each conversation, if it is waiting, due and
    /// `ready` (its files are up); one at a time per conversation keeps their order.
    pub fn due(&self, now: i64, ready: impl Fn(&str) -> bool) -> Vec<String> {
        let mut seen: Vec<ConversationId> = Vec::new();
        let mut due = Vec::new();
        for entry in &self.entries {
            if seen.contains(&entry.conversation) {
                continue;
            }
            match entry.status {
                // A refused message does not hold back the ones after it.
                Status::Refused { .. } => continue,
                Status::Waiting { at, .. } if at <= now && ready(&entry.key) => {
                    due.push(entry.key.clone())
                }
                _ => {}
            }
            seen.push(entry.conversation);
        }
        due
    }

    /// When the next waiting message is due, if any.
    pub fn next_wake(&self) -> Option<i64> {
        self.entries
            .iter()
            .filter_map(|e| match e.status {
                Status::Waiting { at, .. } => Some(at),
                _ => None,
            })
            .min()
    }

    /// Applies a change; returns what must be done.
    pub fn apply(&mut self, change: Change, now: i64) -> Vec<Effect> {
        let changed = match change {
            Change::Queued(entry) => {
                if self.entry(&entry.key).is_none() {
                    self.entries.push(entry);
                }
                true
            }
            Change::Started(key) => self.update(&key, |status| {
                if let Status::Waiting { attempts, .. } = *status {
                    *status = Status::Sending { attempts: attempts + 1 };
                }
            }),
            Change::Acknowledged(key) => {
                let before = self.entries.len();
                self.entries.retain(|e| e.key != key);
                self.entries.len() != before
            }
            Change::Failed { key, transient, reason, jitter } => self.update(&key, |status| {
                let attempts = match status {
                    Status::Sending { attempts } | Status::Waiting { attempts, .. } => *attempts,
                    Status::Refused { .. } => 0,
                };
                *status = match transient {
                    true => Status::Waiting { attempts, at: now + backoff(attempts, jitter) },
                    false => Status::Refused { reason },
                };
            }),
            Change::Retry(key) => self.update(&key, |status| {
                if !matches!(status, Status::Sending { .. }) {
                    *status = Status::Waiting { attempts: 0, at: now };
                }
            }),
            Change::Remove(key) => {
                let before = self.entries.len();
                self.entries.retain(|e| e.key != key || matches!(e.status, Status::Sending { .. }));
                self.entries.len() != before
            }
            Change::Online => {
                let mut any = false;
                for entry in &mut self.entries {
                    if let Status::Waiting { at, .. } = &mut entry.status {
                        *at = now;
                        any = true;
                    }
                }
                any
            }
        };
        let mut effects = Vec::new();
        if changed {
            effects.push(Effect::Persist);
        }
        if let Some(at) = self.next_wake() {
            effects.push(Effect::WakeAt(at));
        }
        effects
    }

    fn update(&mut self, key: &str, change: impl FnOnce(&mut Status)) -> bool {
        match self.entries.iter_mut().find(|e| e.key == key) {
            Some(entry) => {
                change(&mut entry.status);
                true
            }
            None => false,
        }
    }
}

/// Whether an attempt's failure may pass by itself (so the message is retried): no answer,
/// a timeout, a server error, or "too many requests"; a session that ended waits too (the
/// person logs in again and the outbox resumes).
pub fn is_transient(error: &crate::api::ApiError) -> bool {
    use crate::api::ApiError;
    match error {
        ApiError::Network | ApiError::Timeout | ApiError::Decode(_) => true,
        ApiError::Server { status, .. } => *status >= 500 || matches!(status, 401 | 408 | 429),
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn outgoing(key: &str, conversation: i64) -> Outgoing {
        Outgoing {
            key: key.to_owned(),
            conversation: ConversationId(conversation),
            parent: None,
            body: Document::from_plain_text(key),
            queued_at: Timestamp(0),
            status: Status::Waiting { attempts: 0, at: 0 },
        }
    }

    fn failed(key: &str, transient: bool) -> Change {
        Change::Failed { key: key.to_owned(), transient, reason: "non".to_owned(), jitter: 0.5 }
    }

    #[wasm_bindgen_test]
    fn one_message_at_a_time_per_conversation_in_order() {
        let mut outbox = Outbox::default();
        for (key, conversation) in [("a", 1), ("b", 1), ("c", 2)] {
            assert_eq!(
                outbox.apply(Change::Queued(outgoing(key, conversation)), 0)[0],
                Effect::Persist
            );
        }
        assert_eq!(outbox.due(0, |_| true), ["a", "c"]);
        outbox.apply(Change::Started("a".into()), 0);
        outbox.apply(Change::Started("c".into()), 0);
        assert!(outbox.due(0, |_| true).is_empty(), "b waits for a");
        outbox.apply(Change::Acknowledged("a".into()), 0);
        assert_eq!(outbox.due(0, |_| true), ["b"]);
        outbox.apply(Change::Acknowledged("a".into()), 0);
        assert_eq!(
            outbox.entries().len(),
            2,
            "a second answer for the same message changes nothing"
        );
        // The stream brought b before the answer to its request: it is no longer on its way.
        outbox.apply(Change::Started("b".into()), 0);
        outbox.apply(Change::Acknowledged("b".into()), 0);
        let keys: Vec<&str> = outbox.entries().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["c"]);
    }

    #[wasm_bindgen_test]
    fn a_message_waits_for_its_files_and_the_next_ones_wait_for_it() {
        let mut outbox = Outbox::default();
        for (key, conversation) in [("a", 1), ("b", 1), ("c", 2)] {
            outbox.apply(Change::Queued(outgoing(key, conversation)), 0);
        }
        assert_eq!(outbox.due(0, |key| key != "a"), ["c"], "b keeps its place after a");
        assert_eq!(outbox.due(0, |_| true), ["a", "c"]);
    }

    #[wasm_bindgen_test]
    fn transient_failures_back_off_and_coming_online_retries_at_once() {
        let mut outbox = Outbox::default();
        outbox.apply(Change::Queued(outgoing("a", 1)), 0);
        outbox.apply(Change::Started("a".into()), 0);
        let effects = outbox.apply(failed("a", true), 10_000);
        assert_eq!(effects, [Effect::Persist, Effect::WakeAt(11_000)]);
        assert!(outbox.due(10_500, |_| true).is_empty());
        assert_eq!(outbox.due(11_000, |_| true), ["a"]);
        outbox.apply(Change::Started("a".into()), 11_000);
        outbox.apply(failed("a", true), 11_000);
        assert_eq!(outbox.next_wake(), Some(13_000), "twice as long after the second attempt");
        outbox.apply(Change::Online, 11_500);
        assert_eq!(outbox.due(11_500, |_| true), ["a"]);
    }

    #[wasm_bindgen_test]
    fn a_refusal_waits_for_the_person_without_holding_back_the_others() {
        let mut outbox = Outbox::default();
        outbox.apply(Change::Queued(outgoing("a", 1)), 0);
        outbox.apply(Change::Queued(outgoing("b", 1)), 0);
        outbox.apply(Change::Started("a".into()), 0);
        outbox.apply(failed("a", false), 0);
        assert_eq!(
            outbox.entry("a").map(|e| &e.status),
            Some(&Status::Refused { reason: "non".into() })
        );
        assert_eq!(outbox.due(0, |_| true), ["b"]);
        outbox.apply(Change::Retry("a".into()), 5);
        assert_eq!(outbox.due(5, |_| true), ["a"], "retried, it goes first again");
        outbox.apply(Change::Remove("a".into()), 5);
        assert_eq!(outbox.due(5, |_| true), ["b"]);
    }

    #[wasm_bindgen_test]
    fn what_was_on_its_way_when_the_page_went_away_is_sent_again() {
        let mut entry = outgoing("a", 1);
        entry.status = Status::Sending { attempts: 2 };
        let mut refused = outgoing("b", 2);
        refused.status = Status::Refused { reason: "non".into() };
        let kept = vec![entry.kept(), refused.kept()];
        let json = crate::json::encode(&kept).unwrap_or_default();
        let outbox = Outbox::restored(crate::json::decode(&json).unwrap_or_default(), 42);
        assert_eq!(outbox.due(42, |_| true), ["a"]);
        assert_eq!(
            outbox.entry("b").map(|e| &e.status),
            Some(&Status::Refused { reason: "non".into() })
        );
        let mut sending = outbox.clone();
        sending.apply(Change::Started("a".into()), 42);
        assert!(
            !sending.apply(Change::Remove("a".into()), 42).contains(&Effect::Persist),
            "not while on its way"
        );
    }
}
