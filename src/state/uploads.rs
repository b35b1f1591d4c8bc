//! The files being uploaded: plain data and a state machine ([`Uploads::apply`] returns what
//! must be done), so that every transition is unit-tested; `state::uploading` performs the
//! effects (tus requests, timers, storage).
//!
//! A file starts uploading as soon as it is attached, for a composer's draft; sending the
//! message hands it to the message in the outbox, which is sent once all its files are up.
//! A failure that may pass (network, timeout, server error) is retried with backoff, from
//! where the server says it stands; an upload the server no longer has (expired) starts
//! again from the kept file; a refusal (too large) stays, for the person to remove the file.

use parlons_api::{AttachmentId, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE};

use crate::retry::backoff;

/// How many files upload at once: more would only share the same uplink.
pub const AT_ONCE: usize = 2;

/// Whom a file is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    /// A composer, by its draft's place: attached, not sent.
    Draft(String),
    /// A message in the outbox, by its key: sent, waiting for its files.
    Message(String),
}

impl Holder {
    /// How the browser keeps it: `d:` or `m:` then the place or key.
    fn kept(&self) -> String {
        match self {
            Holder::Draft(place) => format!("d:{place}"),
            Holder::Message(key) => format!("m:{key}"),
        }
    }

    fn from_kept(kept: &str) -> Option<Self> {
        match kept.split_at_checked(2)? {
            ("d:", place) => Some(Holder::Draft(place.to_owned())),
            ("m:", key) => Some(Holder::Message(key.to_owned())),
            _ => None,
        }
    }
}

/// A file being uploaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// Its key in this browser, chosen when attached (its kept file's key too).
    pub key: String,
    /// Whom it is for.
    pub holder: Holder,
    /// The file's name.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// The server's upload, once created.
    pub id: Option<AttachmentId>,
    /// How many bytes the server has, as last heard.
    pub sent: u64,
    /// Where it stands.
    pub status: UploadStatus,
}

/// Where an upload stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadStatus {
    /// To be (re)started at `at` (ms since the epoch), after `attempts` attempts.
    Waiting {
        /// Attempts so far.
        attempts: u32,
        /// When to try next.
        at: i64,
    },
    /// Bytes are on their way.
    Running {
        /// Attempts so far, this one included.
        attempts: u32,
    },
    /// The server has the whole file.
    Done,
    /// It will not upload: the person removes it.
    Failed(Failure),
}

/// Why a file will not upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Larger than 100 MB.
    TooLarge,
    /// More files than a message may have.
    TooMany,
    /// The file is no longer in this browser (not kept across the reload) and the server
    /// does not have it whole.
    Lost,
    /// The server refused it, for this reason.
    Refused(String),
}

/// Something that happened to the uploads.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Files were attached.
    Attached(Vec<Upload>),
    /// An attempt started.
    Started(String),
    /// The server created the upload.
    Created(String, AttachmentId),
    /// The server has this many bytes.
    Progressed(String, u64),
    /// The server has the whole file.
    Finished(String),
    /// The server no longer has the upload (it expired): start again from the kept file.
    Vanished(String),
    /// The attempt failed; `transient` if it may pass by itself. `jitter` (0 to 1) spreads
    /// the retries of many clients.
    Failed {
        /// Which upload.
        key: String,
        /// Whether trying again later may work.
        transient: bool,
        /// Why, if it will not pass.
        failure: Failure,
        /// A random number between 0 and 1.
        jitter: f64,
    },
    /// The person removed the file, or its message was sent: it is no longer tracked.
    Removed(String),
    /// Every file of one holder now belongs to another (a draft sent, a message taken back);
    /// a draft keeps its refused files, which the message could never be sent with.
    HandedOver {
        /// Whose they were.
        from: Holder,
        /// Whose they are.
        to: Holder,
    },
    /// The browser is online again: every waiting upload is due now.
    Online,
}

/// What the caller must do after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Keep the uploads in the browser's storage.
    Persist,
    /// Look again at `at` (ms since the epoch) for uploads due.
    WakeAt(i64),
}

/// An upload as the browser keeps it: `(key, holder, name, size, server upload, done,
/// refusal)`. A tuple, as the outbox's, for the download's sake.
pub type Kept = (String, String, String, u64, Option<AttachmentId>, bool, Option<String>);

impl Upload {
    /// A file just attached for `holder`, the `count`th of it: refused at once if it is too
    /// large or one too many, else due now.
    pub fn attached(key: String, holder: Holder, name: String, size: u64, count: usize) -> Self {
        let status = if size > MAX_ATTACHMENT_BYTES {
            UploadStatus::Failed(Failure::TooLarge)
        } else if count >= MAX_ATTACHMENTS_PER_MESSAGE {
            UploadStatus::Failed(Failure::TooMany)
        } else {
            UploadStatus::Waiting { attempts: 0, at: 0 }
        };
        Self { key, holder, name, size, id: None, sent: 0, status }
    }

    /// What the browser keeps of it. A refusal is kept as its reason (`too_large`…).
    pub fn kept(&self) -> Kept {
        let refusal = match &self.status {
            UploadStatus::Failed(Failure::TooLarge) => Some("too_large".to_owned()),
            UploadStatus::Failed(Failure::TooMany) => Some("too_many".to_owned()),
            UploadStatus::Failed(Failure::Lost) => Some("lost".to_owned()),
            UploadStatus::Failed(Failure::Refused(reason)) => Some(reason.clone()),
            _ => None,
        };
        let done = self.status == UploadStatus::Done;
        (self.key.clone(), self.holder.kept(), self.name.clone(), self.size, self.id, done, refusal)
    }

    /// Whether bytes may still go (neither done nor refused).
    pub fn in_progress(&self) -> bool {
        matches!(self.status, UploadStatus::Waiting { .. } | UploadStatus::Running { .. })
    }

    /// Whether a message may be sent with it (it is not refused).
    pub fn sendable(&self) -> bool {
        !matches!(self.status, UploadStatus::Failed(_))
    }
}

/// Every file being uploaded, in the order they were attached.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Uploads {
    entries: Vec<Upload>,
}

impl Uploads {
    /// The uploads as kept in storage: those not done are due now, resuming from where the
    /// server says they stand.
    pub fn restored(kept: Vec<Kept>, now: i64) -> Self {
        let entries = kept
            .into_iter()
            .filter_map(|(key, holder, name, size, id, done, refusal)| {
                let status = match (done, refusal.as_deref()) {
                    (true, _) => UploadStatus::Done,
                    (false, None) => UploadStatus::Waiting { attempts: 0, at: now },
                    (false, Some("too_large")) => UploadStatus::Failed(Failure::TooLarge),
                    (false, Some("too_many")) => UploadStatus::Failed(Failure::TooMany),
                    (false, Some("lost")) => UploadStatus::Failed(Failure::Lost),
                    (false, Some(reason)) => UploadStatus::Failed(Failure::Refused(reason.into())),
                };
                let holder = Holder::from_kept(&holder)?;
                let sent = if done { size } else { 0 };
                Some(Upload { key, holder, name, size, id, sent, status })
            })
            .collect();
        Self { entries }
    }

    /// Every upload, oldest first.
    pub fn entries(&self) -> &[Upload] {
        &self.entries
    }

    /// One upload.
    pub fn entry(&self, key: &str) -> Option<&Upload> {
        self.entries.iter().find(|u| u.key == key)
    }

    /// The files of one holder, in the order they were attached.
    pub fn of<'a>(&'a self, holder: &'a Holder) -> impl Iterator<Item = &'a Upload> + 'a {
        self.entries.iter().filter(move |u| &u.holder == holder)
    }

    /// The server's ids of a holder's files once every one is up, in order; `None` while one
    /// is still uploading or was refused.
    pub fn ready(&self, holder: &Holder) -> Option<Vec<AttachmentId>> {
        self.of(holder).map(|u| u.id.filter(|_| u.status == UploadStatus::Done)).collect()
    }

    /// The same for a draft about to be sent, leaving out its refused files (which stay
    /// with the draft, saying why): `None` while one still uploads.
    pub fn ready_skipping_refused(&self, holder: &Holder) -> Option<Vec<AttachmentId>> {
        self.of(holder)
            .filter(|u| u.sendable())
            .map(|u| u.id.filter(|_| u.status == UploadStatus::Done))
            .collect()
    }

    /// The uploads to start now: those due, as long as fewer than [`AT_ONCE`] run.
    pub fn due(&self, now: i64) -> Vec<String> {
        let running =
            self.entries.iter().filter(|u| matches!(u.status, UploadStatus::Running { .. }));
        let free = AT_ONCE.saturating_sub(running.count());
        self.entries
            .iter()
            .filter(|u| matches!(u.status, UploadStatus::Waiting { at, .. } if at <= now))
            .take(free)
            .map(|u| u.key.clone())
            .collect()
    }

    /// When the next waiting upload is due, if any.
    pub fn next_wake(&self) -> Option<i64> {
        self.entries
            .iter()
            .filter_map(|u| match u.status {
                UploadStatus::Waiting { at, .. } => Some(at),
                _ => None,
            })
            .min()
    }

    /// Applies a change; returns what must be done.
    pub fn apply(&mut self, change: Change, now: i64) -> Vec<Effect> {
        let persist = match change {
            Change::Attached(uploads) => {
                for mut upload in uploads {
                    if let UploadStatus::Waiting { at, .. } = &mut upload.status {
                        *at = now;
                    }
                    self.entries.push(upload);
                }
                true
            }
            Change::Started(key) => {
                self.update(&key, |u| {
                    if let UploadStatus::Waiting { attempts, .. } = u.status {
                        u.status = UploadStatus::Running { attempts: attempts + 1 };
                    }
                });
                false
            }
            Change::Created(key, id) => self.update(&key, |u| u.id = Some(id)),
            Change::Progressed(key, sent) => {
                self.update(&key, |u| u.sent = sent);
                false
            }
            Change::Finished(key) => self.update(&key, |u| {
                u.sent = u.size;
                u.status = UploadStatus::Done;
            }),
            Change::Vanished(key) => self.update(&key, |u| {
                u.id = None;
                u.sent = 0;
                u.status = UploadStatus::Waiting { attempts: 0, at: now };
            }),
            Change::Failed { key, transient, failure, jitter } => self.update(&key, |u| {
                let attempts = match u.status {
                    UploadStatus::Running { attempts } | UploadStatus::Waiting { attempts, .. } => {
                        attempts
                    }
                    _ => 0,
                };
                u.status = match transient {
                    true => UploadStatus::Waiting { attempts, at: now + backoff(attempts, jitter) },
                    false => UploadStatus::Failed(failure),
                };
            }),
            Change::Removed(key) => {
                let before = self.entries.len();
                self.entries.retain(|u| u.key != key);
                self.entries.len() != before
            }
            Change::HandedOver { from, to } => {
                let mut any = false;
                let moves = |u: &Upload| {
                    u.holder == from
                        && !(matches!(from, Holder::Draft(_))
                            && matches!(u.status, UploadStatus::Failed(_)))
                };
                for upload in self.entries.iter_mut().filter(|u| moves(u)) {
                    upload.holder = to.clone();
                    any = true;
                }
                any
            }
            Change::Online => {
                for upload in &mut self.entries {
                    if let UploadStatus::Waiting { at, .. } = &mut upload.status {
                        *at = now;
                    }
                }
                false
            }
        };
        let mut effects = Vec::new();
        if persist {
            effects.push(Effect::Persist);
        }
        if let Some(at) = self.next_wake() {
            effects.push(Effect::WakeAt(at));
        }
        effects
    }

    fn update(&mut self, key: &str, change: impl FnOnce(&mut Upload)) -> bool {
        match self.entries.iter_mut().find(|u| u.key == key) {
            Some(upload) => {
                change(upload);
                true
            }
            None => false,
        }
    }
}

/// Whether an attempt's failure may pass by itself (so the upload is retried): no answer, a
/// timeout, a server error, too many requests, an ended session (the person logs in again),
/// or an offset the server disagrees with (the next attempt asks where it stands).
pub fn is_transient(error: &crate::api::ApiError) -> bool {
    matches!(error, crate::api::ApiError::Server { status: 409, .. })
        || super::outbox::is_transient(error)
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn draft() -> Holder {
        Holder::Draft("c1".to_owned())
    }

    fn attached(key: &str, size: u64, count: usize) -> Upload {
        Upload::attached(key.to_owned(), draft(), format!("{key}.pdf"), size, count)
    }

    fn failed(key: &str, transient: bool, failure: Failure) -> Change {
        Change::Failed { key: key.to_owned(), transient, failure, jitter: 0.5 }
    }

    #[wasm_bindgen_test]
    fn files_upload_two_at_a_time_in_the_order_attached() {
        let mut uploads = Uploads::default();
        let files = vec![attached("a", 10, 0), attached("b", 10, 1), attached("c", 10, 2)];
        assert_eq!(uploads.apply(Change::Attached(files), 5)[0], Effect::Persist);
        assert_eq!(uploads.due(5), ["a", "b"]);
        uploads.apply(Change::Started("a".into()), 5);
        uploads.apply(Change::Started("b".into()), 5);
        assert!(uploads.due(5).is_empty(), "c waits for a free place");
        uploads.apply(Change::Created("a".into(), AttachmentId(7)), 5);
        uploads.apply(Change::Progressed("a".into(), 4), 5);
        assert_eq!(uploads.entry("a").map(|u| u.sent), Some(4));
        assert_eq!(uploads.ready(&draft()), None, "nothing is ready while files upload");
        uploads.apply(Change::Finished("a".into()), 5);
        assert_eq!(uploads.due(5), ["c"]);
    }

    #[wasm_bindgen_test]
    fn a_holder_is_ready_when_every_file_is_up_in_order() {
        let mut uploads = Uploads::default();
        uploads.apply(Change::Attached(vec![attached("a", 1, 0), attached("b", 1, 1)]), 0);
        for (key, id) in [("b", 2), ("a", 1)] {
            uploads.apply(Change::Started(key.into()), 0);
            uploads.apply(Change::Created(key.into(), AttachmentId(id)), 0);
            uploads.apply(Change::Finished(key.into()), 0);
        }
        assert_eq!(uploads.ready(&draft()), Some(vec![AttachmentId(1), AttachmentId(2)]));
        let message = Holder::Message("k".to_owned());
        uploads.apply(Change::HandedOver { from: draft(), to: message.clone() }, 0);
        assert_eq!(uploads.of(&draft()).count(), 0);
        assert_eq!(uploads.ready(&message).map(|ids| ids.len()), Some(2));
        assert_eq!(uploads.ready(&Holder::Message("other".into())), Some(Vec::new()));
    }

    #[wasm_bindgen_test]
    fn too_large_and_one_too_many_are_refused_at_once() {
        let too_large = attached("big", MAX_ATTACHMENT_BYTES + 1, 0);
        assert_eq!(too_large.status, UploadStatus::Failed(Failure::TooLarge));
        let largest = attached("ok", MAX_ATTACHMENT_BYTES, 0);
        assert!(largest.in_progress());
        let eleventh = attached("k", 1, MAX_ATTACHMENTS_PER_MESSAGE);
        assert_eq!(eleventh.status, UploadStatus::Failed(Failure::TooMany));
        let mut uploads = Uploads::default();
        uploads.apply(Change::Attached(vec![too_large]), 0);
        assert!(uploads.due(0).is_empty());
        assert_eq!(uploads.ready(&draft()), None, "a refused file holds its message back");
        let message = Holder::Message("k".to_owned());
        uploads.apply(Change::HandedOver { from: draft(), to: message.clone() }, 0);
        assert_eq!(uploads.of(&draft()).count(), 1, "a refused file stays in the composer");
        assert_eq!(uploads.ready_skipping_refused(&draft()), Some(Vec::new()));
        uploads.apply(Change::Removed("big".into()), 0);
        assert_eq!(uploads.ready(&draft()), Some(Vec::new()));
    }

    #[wasm_bindgen_test]
    fn transient_failures_back_off_and_coming_online_retries_at_once() {
        let mut uploads = Uploads::default();
        uploads.apply(Change::Attached(vec![attached("a", 10, 0)]), 0);
        uploads.apply(Change::Started("a".into()), 0);
        let effects = uploads.apply(failed("a", true, Failure::Lost), 10_000);
        assert_eq!(effects, [Effect::Persist, Effect::WakeAt(11_000)]);
        assert!(uploads.due(10_500).is_empty());
        uploads.apply(Change::Online, 10_500);
        assert_eq!(uploads.due(10_500), ["a"]);
        uploads.apply(Change::Started("a".into()), 10_500);
        uploads.apply(failed("a", false, Failure::Refused("non".into())), 10_600);
        assert_eq!(
            uploads.entry("a").map(|u| &u.status),
            Some(&UploadStatus::Failed(Failure::Refused("non".into())))
        );
        assert_eq!(uploads.next_wake(), None);
    }

    #[wasm_bindgen_test]
    fn an_upload_the_server_lost_starts_again_from_nothing() {
        let mut uploads = Uploads::default();
        uploads.apply(Change::Attached(vec![attached("a", 10, 0)]), 0);
        uploads.apply(Change::Started("a".into()), 0);
        uploads.apply(Change::Created("a".into(), AttachmentId(3)), 0);
        uploads.apply(Change::Progressed("a".into(), 6), 0);
        assert!(uploads.apply(Change::Vanished("a".into()), 9).contains(&Effect::Persist));
        let upload = uploads.entry("a").cloned();
        assert_eq!(upload.as_ref().map(|u| (u.id, u.sent)), Some((None, 0)));
        assert_eq!(uploads.due(9), ["a"]);
    }

    #[wasm_bindgen_test]
    fn what_was_uploading_when_the_page_went_away_resumes() {
        let mut uploads = Uploads::default();
        let files = vec![
            attached("a", 10, 0),
            attached("b", 10, 1),
            attached("big", MAX_ATTACHMENT_BYTES + 1, 2),
        ];
        uploads.apply(Change::Attached(files), 0);
        uploads.apply(Change::Started("a".into()), 0);
        uploads.apply(Change::Created("a".into(), AttachmentId(3)), 0);
        uploads.apply(Change::Progressed("a".into(), 6), 0);
        uploads.apply(Change::Started("b".into()), 0);
        uploads.apply(Change::Created("b".into(), AttachmentId(4)), 0);
        uploads.apply(Change::Finished("b".into()), 0);
        uploads.apply(Change::HandedOver { from: draft(), to: Holder::Message("k".into()) }, 0);
        let kept: Vec<Kept> = uploads.entries().iter().map(Upload::kept).collect();
        let json = crate::json::encode(&kept).unwrap_or_default();
        let restored = Uploads::restored(crate::json::decode(&json).unwrap_or_default(), 42);
        assert_eq!(restored.due(42), ["a"], "resumed, from where the server says");
        let a = restored.entry("a").cloned();
        assert_eq!(
            a.map(|a| (a.id, a.holder)),
            Some((Some(AttachmentId(3)), Holder::Message("k".into())))
        );
        assert_eq!(restored.entry("b").map(|b| &b.status), Some(&UploadStatus::Done));
        assert_eq!(
            restored.entry("big").map(|b| &b.status),
            Some(&UploadStatus::Failed(Failure::TooLarge))
        );
    }
}
