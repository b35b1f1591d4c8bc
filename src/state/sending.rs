//! Sending messages through the [`Outbox`]: keeps it in `localStorage` (per user and
//! company, so a reload resumes it), sends what is due, retries on a timer and as soon as the
//! event stream is back, and hands each acknowledged message to the conversations. A message
//! with files takes them from its composer's draft ([`Uploading`]) and goes once they are up.

use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_api::{CompanyId, ConversationId, Document, MessageId, SendMessage, UserId};

use super::conversations::Conversations;
use super::drafts::DraftPlace;
use super::kept_list::KeptList;
use super::outbox::{self, Change, Outbox, Outgoing, Status, is_transient};
use super::uploading::Uploading;
use super::uploads::Holder;
use crate::api::{self, StreamStatus};
use crate::format;
use crate::i18n::{I18n, use_i18n};
use crate::retry::Wake;

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendRequest {
    /// Where.
    pub conversation: ConversationId,
    /// What it says.
    pub body: Document,
    /// The message whose thread it answers, if any.
    pub parent: Option<MessageId>,
    /// The draft whose files go with it, if any.
    pub files_of: Option<DraftPlace>,
}

/// The outbox and what drives it, shared through context.
#[derive(Clone, Copy)]
pub struct Sending {
    outbox: RwSignal<Outbox>,
    conversations: Conversations,
    uploading: Uploading,
    /// Where the outbox is kept.
    kept: KeptList,
    /// When to look again for messages due.
    wake: Wake,
    /// A message taken back from the outbox to be edited, for its composer to pick up.
    returned: RwSignal<Option<Outgoing>>,
    /// The language refusals are written in.
    i18n: I18n,
}

/// Creates the outbox of a user in a company, resumes what a previous page left in it, and
/// provides it.
pub fn provide_sending(
    conversations: Conversations,
    uploading: Uploading,
    user: UserId,
    company: CompanyId,
) -> Sending {
    let kept = KeptList::new(format!("parlons.outbox.{user}.{company}"));
    let sending = Sending {
        outbox: RwSignal::new(Outbox::restored(kept.load(), format::now().0)),
        conversations,
        uploading,
        kept,
        wake: Wake::default(),
        returned: RwSignal::new(None),
        i18n: use_i18n(),
    };
    provide_context(sending);
    // One's own message arrived by the stream before the answer to its request (or was
    // sent from another tab): it is no longer on its way.
    let arrived = conversations.arrived();
    Effect::new(move |_| {
        if let Some(key) = arrived.get() {
            sending.change(Change::Acknowledged(key));
        }
    });
    // Back online (the stream reopened): everything waiting goes now.
    let status = conversations.stream_status();
    Effect::new(move |_| {
        if status.get() == StreamStatus::Open {
            sending.change(Change::Online);
        }
    });
    // A message's files are all up: it may go.
    let ready = Memo::new(move |_| uploading.ready_messages());
    Effect::watch(move || ready.get(), move |_, _, _| sending.pump(), true);
    sending
}

/// The outbox provided by [`provide_sending`].
pub fn use_sending() -> Sending {
    expect_context::<Sending>()
}

/// A fresh idempotency key for a message.
pub(crate) fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|crypto| crypto.random_uuid())
        // Integers: formatting a float would bring its whole formatting code into the app.
        .unwrap_or_else(|| {
            let random = (js_sys::Math::random() * 1e15) as u64;
            format!("{}-{random}", js_sys::Date::now() as u64)
        })
}

impl Sending {
    /// Sends a message: it gets its idempotency key now, and stays in the outbox until the
    /// server has it.
    pub fn send(&self, send: SendRequest) {
        let now = format::now();
        let key = new_idempotency_key();
        if let Some(draft) = send.files_of {
            self.uploading.hand_over(Holder::Draft(draft.key()), Holder::Message(key.clone()));
        }
        self.change(Change::Queued(Outgoing {
            key,
            conversation: send.conversation,
            parent: send.parent,
            body: send.body,
            queued_at: now,
            status: Status::Waiting { attempts: 0, at: now.0 },
        }));
    }

    /// The messages on their way to a conversation's main line or to a thread, in order.
    pub fn outgoing(
        &self,
        conversation: ConversationId,
        parent: Option<MessageId>,
    ) -> Vec<Outgoing> {
        self.outbox.with(|outbox| {
            outbox
                .entries()
                .iter()
                .filter(|e| e.conversation == conversation && e.parent == parent)
                .cloned()
                .collect()
        })
    }

    /// Tries a message again now.
    pub fn retry(&self, key: &str) {
        self.change(Change::Retry(key.to_owned()));
    }

    /// Gives up a message, and its files.
    pub fn discard(&self, key: &str) {
        if self.remove(key) {
            self.uploading.remove_all(&Holder::Message(key.to_owned()));
        }
    }

    /// Removes a file from a message on its way; a message left with neither text nor
    /// files is given up.
    pub fn remove_file(&self, key: &str, file: &str) {
        self.uploading.remove(file);
        let holder = Holder::Message(key.to_owned());
        let empty = self.outbox.with_untracked(|o| {
            o.entry(key).is_some_and(|e| e.body.to_plain_text().trim().is_empty())
        });
        if empty && self.uploading.of_untracked(&holder).is_empty() {
            self.discard(key);
        }
    }

    /// Takes a refused message back into its composer, with its files, to change it and send
    /// it again.
    pub fn edit(&self, key: &str) {
        let Some(entry) = self.outbox.with_untracked(|o| o.entry(key).cloned()) else { return };
        if self.remove(key) {
            let draft = DraftPlace::Conversation(entry.conversation, entry.parent);
            self.uploading
                .hand_over(Holder::Message(entry.key.clone()), Holder::Draft(draft.key()));
            self.returned.set(Some(entry));
        }
    }

    /// Takes a message out of the outbox, unless a request for it is on its way.
    fn remove(&self, key: &str) -> bool {
        self.change(Change::Remove(key.to_owned()));
        self.outbox.with_untracked(|o| o.entry(key).is_none())
    }

    /// The body of a message taken back for a composer, once.
    pub fn take_returned(
        &self,
        conversation: ConversationId,
        parent: Option<MessageId>,
    ) -> Option<Document> {
        let mine = self.returned.with(|r| {
            r.as_ref().is_some_and(|e| e.conversation == conversation && e.parent == parent)
        });
        if !mine {
            return None;
        }
        self.returned.try_update(Option::take).flatten().map(|e| e.body)
    }

    fn change(&self, change: Change) {
        if let Change::Acknowledged(key) = &change {
            self.uploading.sent(&Holder::Message(key.clone()));
        }
        let now = format::now().0;
        let effects = self.outbox.try_update(|o| o.apply(change, now)).unwrap_or_default();
        for effect in effects {
            match effect {
                outbox::Effect::Persist => self.persist(),
                outbox::Effect::WakeAt(at) => {
                    let this = *self;
                    self.wake.at(at, move || this.pump());
                }
            }
        }
        self.pump();
    }

    fn persist(&self) {
        let entries: Vec<outbox::Kept> =
            self.outbox.with_untracked(|o| o.entries().iter().map(Outgoing::kept).collect());
        self.kept.save(&entries);
    }

    /// Sends every message that is due.
    fn pump(&self) {
        let now = format::now().0;
        let files = |key: &str| self.uploading.ready_untracked(&Holder::Message(key.to_owned()));
        let due = self.outbox.with_untracked(|o| o.due(now, |key| files(key).is_some()));
        for key in due {
            let attachment_ids = files(&key).unwrap_or_default();
            let Some(entry) = self.outbox.with_untracked(|o| o.entry(&key).cloned()) else {
                continue;
            };
            self.outbox.update(|o| {
                o.apply(Change::Started(key.clone()), now);
            });
            let this = *self;
            spawn_local(async move {
                let request = SendMessage {
                    idempotency_key: entry.key.clone(),
                    body: entry.body.clone(),
                    parent_id: entry.parent,
                    attachment_ids,
                };
                match api::send_message(entry.conversation, &request).await {
                    Ok(message) => {
                        // Out of the outbox first: the message never shows twice.
                        this.change(Change::Acknowledged(entry.key));
                        this.conversations.add_sent(message);
                    }
                    Err(error) => {
                        if error.is_unauthenticated() {
                            this.conversations.session_over();
                        }
                        this.change(Change::Failed {
                            key: entry.key,
                            transient: is_transient(&error),
                            reason: error.describe(&this.i18n),
                            jitter: js_sys::Math::random(),
                        });
                    }
                }
            });
        }
    }
}
