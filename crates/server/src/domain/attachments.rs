//! Attached files: uploading them (the tus resource's rules), finding out what a file is,
//! and who may read it (PRODUCT.md section 3).
//!
//! An upload belongs to its uploader in the company of their session: no one else may see,
//! continue or end it (404, as for one that does not exist). Once sent with a message, a file
//! is read by whoever may read that conversation, checked at every download, and by no one
//! once the message is deleted. An upload not sent within [`UPLOAD_LIFETIME_MS`] of its last
//! bytes is forgotten, bytes and all ([`sweep_expired`]).
//!
//! The media type is sniffed from the file's first bytes, never taken from the uploader. The
//! server makes a preview of an image it can read, after checking its dimensions in its
//! header: an image of more than [`MAX_PREVIEW_PIXELS`] (a decompression bomb: a few
//! kilobytes that would decode to gigabytes) is never decoded, and stays an ordinary file
//! without a preview.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::{Arc, Mutex as StdMutex, PoisonError};

use bytes::Bytes;
use image::{ImageReader, Limits};
use object_store::path::Path;
use parlons_api::{AttachmentId, ImageSize, MAX_ATTACHMENT_BYTES, Timestamp};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::AppState;
use crate::auth::Session;
use crate::domain::accounts::new_token;
use crate::domain::conversations::readable;
use crate::error::AppError;
use crate::files::{Files, Incoming, PieceError};
use crate::store::{FileFacts, NewUpload, StoredFile, Upload};

/// How long an upload not sent with a message is kept after its last bytes: a day.
pub const UPLOAD_LIFETIME_MS: i64 = 24 * 60 * 60 * 1000;
/// The most pixels of an image the server decodes to make its preview.
pub const MAX_PREVIEW_PIXELS: u64 = 50_000_000;
/// The largest image file the server reads to make its preview.
const MAX_PREVIEW_FILE_BYTES: u64 = 30 * 1024 * 1024;
/// The most memory decoding one image may take.
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
/// A preview's longest side, in pixels.
const PREVIEW_SIDE: u32 = 480;
/// Bytes read to sniff a file's type.
const SNIFF_BYTES: u64 = 8 * 1024;
/// The longest file name kept, in characters.
const MAX_NAME_CHARS: usize = 255;

/// The uploads this instance is taking bytes for. One request at a time per upload; and
/// asking where an upload stands waits for the request in progress to record what it got,
/// so that a client resuming after a cut connection is told the truth, not a stale offset.
#[derive(Clone, Default)]
pub struct Receiving(Arc<StdMutex<HashMap<AttachmentId, Arc<Mutex<()>>>>>);

/// An upload's turn, given up when dropped.
struct Turn {
    receiving: Receiving,
    id: AttachmentId,
    guard: Option<OwnedMutexGuard<()>>,
}

impl Receiving {
    /// Waits for the upload's turn.
    async fn turn(&self, id: AttachmentId) -> Turn {
        let lock = {
            let mut uploads = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(uploads.entry(id).or_default())
        };
        let guard = lock.lock_owned().await;
        Turn { receiving: self.clone(), id, guard: Some(guard) }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        drop(self.guard.take());
        let mut uploads = self.receiving.0.lock().unwrap_or_else(PoisonError::into_inner);
        // Forgotten once nobody holds or awaits it.
        if uploads.get(&self.id).is_some_and(|lock| Arc::strong_count(lock) == 1) {
            uploads.remove(&self.id);
        }
    }
}

/// Where an upload stands: the tus resource's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadState {
    /// Its id.
    pub id: AttachmentId,
    /// Bytes received (`Upload-Offset`).
    pub offset: u64,
    /// Bytes announced (`Upload-Length`).
    pub length: u64,
    /// When it is forgotten unless sent (`Upload-Expires`).
    pub expires_at: Timestamp,
}

impl UploadState {
    fn of(upload: &Upload) -> Self {
        Self {
            id: AttachmentId(upload.id),
            offset: u64::try_from(upload.received).unwrap_or(0),
            length: u64::try_from(upload.size).unwrap_or(0),
            expires_at: Timestamp(upload.expires_at.unwrap_or(0)),
        }
    }
}

/// Starts an upload of `length` bytes named `name` (tus creation).
pub async fn create_upload(
    state: &AppState,
    session: &Session,
    length: u64,
    name: Option<&str>,
) -> Result<UploadState, AppError> {
    if length > MAX_ATTACHMENT_BYTES {
        return Err(AppError::FileTooLarge.at("Upload-Length", "too_large"));
    }
    let name = file_name(name.unwrap_or_default());
    let now = state.clock.now();
    let new = NewUpload {
        company: session.company,
        uploader: session.user,
        name: &name,
        size: length,
        now,
        expires_at: Timestamp(now.0 + UPLOAD_LIFETIME_MS),
    };
    let mut tx = state.store.begin().await?;
    let id = tx.insert_upload(&new).await?;
    tx.commit().await?;
    if length == 0 {
        finish(state, id).await?;
    }
    upload_state(state, session, id).await
}

/// Where the uploader's upload stands (tus `HEAD`). An upload whose bytes all arrived but
/// whose finishing was interrupted (the server stopped) is finished now.
pub async fn upload_state(
    state: &AppState,
    session: &Session,
    id: AttachmentId,
) -> Result<UploadState, AppError> {
    let _turn = state.receiving.turn(id).await;
    let upload = own_upload(state, session, id).await?;
    if upload.received == upload.size && upload.content_type.is_none() {
        finish(state, id).await?;
    }
    Ok(UploadState::of(&upload))
}

/// Stores the next bytes of the uploader's upload, which must start at `offset` (tus
/// `PATCH`); finishes the file once all have arrived. A body cut short keeps what arrived.
pub async fn receive(
    state: &AppState,
    session: &Session,
    id: AttachmentId,
    offset: u64,
    body: Incoming<axum::Error>,
) -> Result<UploadState, AppError> {
    let _turn = state.receiving.turn(id).await;
    let upload = own_upload(state, session, id).await?;
    let at = UploadState::of(&upload);
    if offset != at.offset {
        return Err(AppError::Conflict(format!(
            "This upload is at byte {}, not {offset}: resume from there.",
            at.offset
        )));
    }
    let key = Files::piece_key(id, offset, &new_token()[..16]);
    let piece = match state.files.store_piece(&key, body, at.length - at.offset).await {
        Ok(piece) => piece,
        Err(PieceError::TooLong) => {
            return Err(AppError::invalid("More bytes were sent than the upload announced.")
                .at("Upload-Length", "too_long"));
        }
        Err(PieceError::Store(error)) => return Err(AppError::Internal(Box::new(error))),
    };
    if let Some(cut) = &piece.cut {
        tracing::info!(%id, stored = piece.length, error = %cut, "an upload's request was cut short");
    }
    if piece.length > 0 {
        let expires_at = Timestamp(state.clock.now().0 + UPLOAD_LIFETIME_MS);
        let mut tx = state.store.begin().await?;
        let recorded = tx.record_piece(id, offset, piece.length, key.as_ref(), expires_at).await?;
        tx.commit().await?;
        if !recorded {
            state.files.delete(&key).await.map_err(internal)?;
            return Err(AppError::Conflict(
                "Another request continued this upload first: ask where it is.".to_owned(),
            ));
        }
    }
    let upload = own_upload(state, session, id).await?;
    if upload.received == upload.size {
        finish(state, id).await?;
    }
    Ok(UploadState::of(&upload))
}

/// Ends the uploader's upload, not sent yet, and deletes what arrived (tus termination).
pub async fn terminate(
    state: &AppState,
    session: &Session,
    id: AttachmentId,
) -> Result<(), AppError> {
    own_upload(state, session, id).await?;
    let mut tx = state.store.begin().await?;
    let deleted = tx.delete_upload(id).await?;
    tx.commit().await?;
    if !deleted {
        return Err(AppError::NotFound("upload"));
    }
    state.files.delete_all(id).await.map_err(internal)
}

/// A sent file the user may read now: in their company, in a conversation they may read,
/// with a message not deleted. Anything else is 404, exactly like a file that never existed.
pub async fn readable_file(
    state: &AppState,
    session: &Session,
    id: AttachmentId,
) -> Result<StoredFile, AppError> {
    let not_found = || AppError::NotFound("attachment");
    let file = state.store.sent_file(id).await?.ok_or_else(not_found)?;
    // Another company's conversation is not readable either.
    match readable(state, session, parlons_api::ConversationId(file.conversation_id)).await {
        Ok(_) => Ok(file),
        Err(AppError::NotFound(_)) => Err(not_found()),
        Err(error) => Err(error),
    }
}

/// Forgets the uploads whose time is up, and their bytes; how many.
pub async fn sweep_expired(state: &AppState) -> Result<usize, AppError> {
    let expired = state.store.expired_uploads(state.clock.now()).await?;
    let mut swept = 0;
    for id in expired {
        let mut tx = state.store.begin().await?;
        let deleted = tx.delete_upload(id).await?;
        tx.commit().await?;
        if deleted {
            state.files.delete_all(id).await.map_err(internal)?;
            swept += 1;
        }
    }
    Ok(swept)
}

/// The uploader's own upload, not sent yet and not expired; 404 for anyone else's.
async fn own_upload(
    state: &AppState,
    session: &Session,
    id: AttachmentId,
) -> Result<Upload, AppError> {
    let upload = state.store.upload(id).await?;
    upload
        .filter(|upload| {
            upload.uploader_id == session.user.0
                && upload.company_id == session.company.0
                && upload.message_id.is_none()
                && upload.expires_at.is_some_and(|at| at >= state.clock.now().0)
        })
        .ok_or(AppError::NotFound("upload"))
}

/// Makes the file of a fully received upload: its pieces as one object, what it is, its
/// preview. Safe to run again if interrupted: the pieces go only once the file is recorded.
async fn finish(state: &AppState, id: AttachmentId) -> Result<(), AppError> {
    let pieces: Vec<Path> =
        state.store.upload_pieces(id).await?.into_iter().map(Path::from).collect();
    let file = Files::file_key(id);
    state.files.assemble(&pieces, &file).await.map_err(internal)?;
    let facts = inspect(&state.files, id).await?;
    let mut tx = state.store.begin().await?;
    tx.complete_upload(id, &facts).await?;
    tx.commit().await?;
    for piece in &pieces {
        if let Err(error) = state.files.delete(piece).await {
            tracing::warn!(%id, %error, "an upload's piece could not be deleted");
        }
    }
    Ok(())
}

/// What a complete file is, and its preview stored if it is an image the server can read.
async fn inspect(files: &Files, id: AttachmentId) -> Result<FileFacts, AppError> {
    let file = Files::file_key(id);
    let start = files.start_of(&file, SNIFF_BYTES).await.map_err(internal)?;
    let content_type = sniff(&start);
    let mut facts =
        FileFacts { content_type: content_type.to_owned(), image: None, preview_type: None };
    let previewable = ["image/png", "image/jpeg", "image/gif", "image/webp"];
    if !previewable.contains(&content_type) {
        return Ok(facts);
    }
    let size = files.size_of(&file).await.map_err(internal)?;
    if size > MAX_PREVIEW_FILE_BYTES {
        return Ok(facts);
    }
    let bytes = files.read(&file).await.map_err(internal)?;
    let made = tokio::task::spawn_blocking(move || preview_of(&bytes)).await.map_err(internal)?;
    if let Some(preview) = made {
        files.write(&Files::preview_key(id), preview.bytes).await.map_err(internal)?;
        facts.image = Some(preview.size);
        facts.preview_type = Some(preview.content_type);
    }
    Ok(facts)
}

/// The media type of a file, from its first bytes.
pub fn sniff(start: &[u8]) -> &'static str {
    // Binary formats by their magic numbers; text (XML among it, which may be SVG) below.
    if let Some(kind) = infer::get(start).filter(|kind| kind.mime_type() != "text/xml") {
        return kind.mime_type();
    }
    // Text: valid UTF-8, but for a character the sample may have cut in two.
    let text = match std::str::from_utf8(start) {
        Ok(text) => text,
        Err(error) if error.error_len().is_none() => {
            std::str::from_utf8(&start[..error.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return "application/octet-stream",
    };
    let head = text.trim_start_matches('\u{feff}').trim_start().to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        "text/html"
    } else if head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg")) {
        "image/svg+xml"
    } else if head.starts_with("<?xml") {
        "application/xml"
    } else {
        "text/plain"
    }
}

/// An image's preview.
pub struct Preview {
    /// The image's size.
    pub size: ImageSize,
    /// The preview, encoded.
    pub bytes: Bytes,
    /// Its media type.
    pub content_type: &'static str,
}

/// The preview of an image, if it is one the server can read and not too large to decode
/// (its dimensions are read from its header first; decoding is limited too).
pub fn preview_of(bytes: &[u8]) -> Option<Preview> {
    let reader = || ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok();
    let (width, height) = reader()?.into_dimensions().ok()?;
    if u64::from(width) * u64::from(height) > MAX_PREVIEW_PIXELS {
        return None;
    }
    let mut decoder = reader()?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    decoder.limits(limits);
    let image = decoder.decode().ok()?;
    let thumbnail = image.thumbnail(PREVIEW_SIDE, PREVIEW_SIDE);
    let mut encoded = Cursor::new(Vec::new());
    let content_type = if thumbnail.color().has_alpha() {
        thumbnail.write_to(&mut encoded, image::ImageFormat::Png).ok()?;
        "image/png"
    } else {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut encoded, 82);
        thumbnail.to_rgb8().write_with_encoder(encoder).ok()?;
        "image/jpeg"
    };
    Some(Preview {
        size: ImageSize { width, height },
        bytes: Bytes::from(encoded.into_inner()),
        content_type,
    })
}

/// A file name as kept: its last path component, without control characters, at most
/// [`MAX_NAME_CHARS`] characters; "file" when nothing is left.
pub fn file_name(given: &str) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = last.chars().filter(|c| !c.is_control()).take(MAX_NAME_CHARS).collect();
    match name.trim() {
        "" | "." | ".." => "file".to_owned(),
        trimmed => trimmed.to_owned(),
    }
}

fn internal(error: impl std::error::Error + Send + Sync + 'static) -> AppError {
    AppError::Internal(Box::new(error))
}

#[cfg(test)]
mod tests {
    use super::{file_name, preview_of, sniff};

    #[test]
    fn types_are_sniffed_from_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), "application/pdf");
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "image/png");
        assert_eq!(sniff(b"  <!DOCTYPE html><script>alert(1)</script>"), "text/html");
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><svg onload=\"x()\"/>"), "image/svg+xml");
        assert_eq!(sniff("Réunion de chantier".as_bytes()), "text/plain");
        assert_eq!(sniff(&"é".as_bytes()[..1]), "text/plain");
        assert_eq!(sniff(&[0xff, 0x00, 0xfe, 0x01]), "application/octet-stream");
    }

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        assert_eq!(file_name("../../etc/passwd"), "passwd");
        assert_eq!(file_name("C:\\Users\\a\\plan R+1.pdf"), "plan R+1.pdf");
        assert_eq!(file_name("a\u{0}b\nc.txt"), "abc.txt");
        assert_eq!(file_name(".."), "file");
        assert_eq!(file_name(""), "file");
        assert_eq!(file_name(&"x".repeat(300)).chars().count(), 255);
    }

    #[test]
    fn an_image_gets_a_small_preview() {
        let image = image::RgbImage::from_fn(1200, 800, |x, y| image::Rgb([x as u8, y as u8, 90]));
        let mut png = std::io::Cursor::new(Vec::new());
        image.write_to(&mut png, image::ImageFormat::Png).unwrap();
        let preview = preview_of(png.get_ref()).expect("a preview");
        assert_eq!((preview.size.width, preview.size.height), (1200, 800));
        assert_eq!(preview.content_type, "image/jpeg");
        let thumbnail = image::load_from_memory(&preview.bytes).unwrap();
        assert_eq!((thumbnail.width(), thumbnail.height()), (480, 320));
    }

    #[test]
    fn not_an_image_has_no_preview() {
        assert!(preview_of(b"%PDF-1.7 not an image").is_none());
    }
}
