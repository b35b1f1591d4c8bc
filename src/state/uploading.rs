//! Uploading files through [`Uploads`]: keeps the list in `localStorage` and the files in
//! IndexedDB (per user and company, so a reload resumes them), sends what is due with tus,
//! piece by piece from where the server stands, retries on a timer and when back online,
//! and ends on the server the uploads the person removes.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_api::{AttachmentId, CompanyId, UserId};
use web_sys::{Blob, File};

use super::file_store;
use super::kept_list::KeptList;
use super::sending::new_idempotency_key;
use super::uploads::{self, Change, Failure, Holder, Upload, Uploads, is_transient};
use crate::api::{self, ApiError};
use crate::format;
use crate::i18n::{I18n, use_i18n};
use crate::retry::Wake;

/// The first piece's size; each next one doubles while pieces go fast, halves when slow, so
/// that progress moves on a slow network and requests stay few on a fast one.
const FIRST_PIECE: u64 = 256 * 1024;
const LARGEST_PIECE: u64 = 8 * 1024 * 1024;
/// A piece that took less than this (ms) was small for the network; more than four times
/// this, too large.
const PIECE_TARGET_MS: f64 = 1_000.0;

/// The uploads and what drives them, shared through context.
#[derive(Clone, Copy)]
pub struct Uploading {
    uploads: RwSignal<Uploads>,
    /// Where the list is kept.
    kept: KeptList,
    /// When to look again for uploads due.
    wake: Wake,
    /// The files attached in this page: read from memory, IndexedDB being for after a reload.
    files: StoredValue<HashMap<String, Blob>>,
    /// The language refusals are written in.
    i18n: I18n,
}

/// Creates the uploads of a user in a company, resumes what a previous page left, and
/// provides them.
pub fn provide_uploading(user: UserId, company: CompanyId) -> Uploading {
    let kept = KeptList::new(format!("parlons.uploads.{user}.{company}"));
    let uploading = Uploading {
        uploads: RwSignal::new(Uploads::restored(kept.load(), format::now().0)),
        kept,
        wake: Wake::default(),
        files: StoredValue::new(HashMap::new()),
        i18n: use_i18n(),
    };
    provide_context(uploading);
    // Back online: every waiting upload goes now.
    let online =
        window_event_listener(leptos::ev::online, move |_| uploading.change(Change::Online));
    on_cleanup(move || online.remove());
    uploading.pump();
    uploading
}

/// The uploads provided by [`provide_uploading`].
pub fn use_uploading() -> Uploading {
    expect_context::<Uploading>()
}

/// Why an upload stopped.
enum Stop {
    /// The person removed it meanwhile.
    Removed,
    /// The file is not in this browser any more.
    Lost,
    /// The server's answer.
    Api(ApiError),
}

impl From<ApiError> for Stop {
    fn from(error: ApiError) -> Self {
        Stop::Api(error)
    }
}

impl Uploading {
    /// Attaches files for a holder: they start uploading now.
    pub fn attach(&self, holder: &Holder, files: Vec<File>) {
        let already = self.uploads.with_untracked(|u| u.of(holder).count());
        let mut attached = Vec::new();
        for (count, file) in (already..).zip(files) {
            let key = new_idempotency_key();
            let upload = Upload::attached(
                key.clone(),
                holder.clone(),
                file.name(),
                file.size() as u64,
                count,
            );
            if upload.in_progress() {
                let blob: Blob = file.into();
                self.files.update_value(|files| {
                    files.insert(key.clone(), blob.clone());
                });
                spawn_local(async move { file_store::keep(&key, &blob).await });
            }
            attached.push(upload);
        }
        self.change(Change::Attached(attached));
    }

    /// A holder's files, in the order attached (tracked).
    pub fn of(&self, holder: &Holder) -> Vec<Upload> {
        self.uploads.with(|u| u.of(holder).cloned().collect())
    }

    /// A holder's files, not tracked.
    pub fn of_untracked(&self, holder: &Holder) -> Vec<Upload> {
        self.uploads.with_untracked(|u| u.of(holder).cloned().collect())
    }

    /// The server's ids of a holder's files once all are up (not tracked).
    pub fn ready_untracked(&self, holder: &Holder) -> Option<Vec<AttachmentId>> {
        self.uploads.with_untracked(|u| u.ready(holder))
    }

    /// Waits until every file of a draft that may be sent is up; answers their ids.
    pub async fn when_ready(&self, holder: Holder) -> Vec<AttachmentId> {
        let (answer, answered) = futures::channel::oneshot::channel();
        let mut answer = Some(answer);
        let uploads = self.uploads;
        let watch = Effect::new(move |_| {
            if let Some(ids) = uploads.with(|u| u.ready_skipping_refused(&holder))
                && let Some(answer) = answer.take()
            {
                let _ = answer.send(ids);
            }
        });
        let ids = answered.await.unwrap_or_default();
        watch.stop();
        ids
    }

    /// The messages whose files are all up (tracked): the outbox sends them.
    pub fn ready_messages(&self) -> Vec<String> {
        self.uploads.with(|u| {
            let mut keys: Vec<String> = u
                .entries()
                .iter()
                .filter_map(|e| match &e.holder {
                    Holder::Message(key) if u.ready(&e.holder).is_some() => Some(key.clone()),
                    _ => None,
                })
                .collect();
            keys.sort();
            keys.dedup();
            keys
        })
    }

    /// Hands a holder's files to another (a draft sent as a message, a message taken back).
    pub fn hand_over(&self, from: Holder, to: Holder) {
        self.change(Change::HandedOver { from, to });
    }

    /// Removes a file the person no longer wants: the server forgets it too.
    pub fn remove(&self, key: &str) {
        let Some(upload) = self.uploads.with_untracked(|u| u.entry(key).cloned()) else { return };
        self.change(Change::Removed(key.to_owned()));
        self.forget_file(key);
        // A running upload ends itself, after its piece in flight.
        if let (Some(id), false) =
            (upload.id, matches!(upload.status, uploads::UploadStatus::Running { .. }))
        {
            spawn_local(async move {
                let _ = api::cancel_upload(id).await;
            });
        }
    }

    /// Removes every file of a holder (a message discarded).
    pub fn remove_all(&self, holder: &Holder) {
        let keys: Vec<String> =
            self.uploads.with_untracked(|u| u.of(holder).map(|u| u.key.clone()).collect());
        for key in keys {
            self.remove(&key);
        }
    }

    /// Stops tracking a message's files: the message was sent with them.
    pub fn sent(&self, holder: &Holder) {
        let keys: Vec<String> =
            self.uploads.with_untracked(|u| u.of(holder).map(|u| u.key.clone()).collect());
        for key in keys {
            self.change(Change::Removed(key.clone()));
            self.forget_file(&key);
        }
    }

    fn forget_file(&self, key: &str) {
        self.files.update_value(|files| {
            files.remove(key);
        });
        let key = key.to_owned();
        spawn_local(async move { file_store::forget(&key).await });
    }

    fn change(&self, change: Change) {
        let now = format::now().0;
        let effects = self.uploads.try_update(|u| u.apply(change, now)).unwrap_or_default();
        for effect in effects {
            match effect {
                uploads::Effect::Persist => self.persist(),
                uploads::Effect::WakeAt(at) => {
                    let this = *self;
                    self.wake.at(at, move || this.pump());
                }
            }
        }
        self.pump();
    }

    fn persist(&self) {
        let entries: Vec<uploads::Kept> =
            self.uploads.with_untracked(|u| u.entries().iter().map(Upload::kept).collect());
        self.kept.save(&entries);
    }

    /// Starts every upload that is due.
    fn pump(&self) {
        let now = format::now().0;
        for key in self.uploads.with_untracked(|u| u.due(now)) {
            self.uploads.update(|u| {
                u.apply(Change::Started(key.clone()), now);
            });
            let this = *self;
            spawn_local(async move {
                let outcome = this.upload(&key).await;
                this.settle(key, outcome);
            });
        }
    }

    /// What an attempt's end means for the upload.
    fn settle(&self, key: String, outcome: Result<(), Stop>) {
        let failed = |transient, failure| Change::Failed {
            key: key.clone(),
            transient,
            failure,
            jitter: js_sys::Math::random(),
        };
        let change = match outcome {
            Ok(()) => {
                self.forget_file(&key);
                Change::Finished(key.clone())
            }
            Err(Stop::Removed) => return,
            Err(Stop::Lost) => failed(false, Failure::Lost),
            Err(Stop::Api(ApiError::Server { status: 404, .. })) => Change::Vanished(key.clone()),
            Err(Stop::Api(ApiError::Server { status: 413, .. })) => {
                failed(false, Failure::TooLarge)
            }
            Err(Stop::Api(error)) => {
                let reason = error.describe(&self.i18n);
                failed(is_transient(&error), Failure::Refused(reason))
            }
        };
        self.change(change);
    }

    /// One attempt: creates the upload if the server has none, else asks where it stands,
    /// then sends the rest piece by piece.
    async fn upload(&self, key: &str) -> Result<(), Stop> {
        let entry = || self.uploads.with_untracked(|u| u.entry(key).cloned());
        let upload = entry().ok_or(Stop::Removed)?;
        let file = match self.files.with_value(|files| files.get(key).cloned()) {
            Some(file) => file,
            None => file_store::kept(key).await.ok_or(Stop::Lost)?,
        };
        let (id, mut at) = match upload.id {
            Some(id) => (id, api::upload_offset(id).await?),
            None => {
                let id = api::start_upload(&upload.name, upload.size).await?;
                self.change(Change::Created(key.to_owned(), id));
                (id, 0)
            }
        };
        let mut piece = FIRST_PIECE;
        loop {
            if entry().is_none() {
                let _ = api::cancel_upload(id).await;
                return Err(Stop::Removed);
            }
            if at >= upload.size {
                return Ok(());
            }
            let end = (at + piece).min(upload.size);
            let bytes =
                file.slice_with_f64_and_f64(at as f64, end as f64).map_err(|_| Stop::Lost)?;
            let started = js_sys::Date::now();
            at = api::send_piece(id, at, &bytes).await?;
            self.change(Change::Progressed(key.to_owned(), at));
            let took = js_sys::Date::now() - started;
            if took < PIECE_TARGET_MS && piece < LARGEST_PIECE {
                piece *= 2;
            } else if took > 4.0 * PIECE_TARGET_MS && piece > FIRST_PIECE {
                piece /= 2;
            }
        }
    }
}
