//! Files attached to messages (PRODUCT.md section 3: "une ou plusieurs pièces jointes,
//! taille max : 100mo").
//!
//! A file is uploaded first, with the tus 1.0 resumable upload protocol at
//! `/api/v1/uploads` (any tus client can upload and resume), then sent with a message by
//! listing its id in [`crate::SendMessage::attachment_ids`]. Its bytes are read at
//! `/api/v1/attachments/{id}` (`Range` supported; always a download) and, for images the
//! server could read, a small preview at `/api/v1/attachments/{id}/preview`.

use serde::{Deserialize, Serialize};

use crate::AttachmentId;

/// The largest file one may attach: 100 MB (104,857,600 bytes, tus `Tus-Max-Size`).
pub const MAX_ATTACHMENT_BYTES: u64 = 100 * 1024 * 1024;
/// Most files attached to one message.
pub const MAX_ATTACHMENTS_PER_MESSAGE: usize = 10;
/// The version of the tus protocol the uploads speak (`Tus-Resumable`).
pub const TUS_VERSION: &str = "1.0.0";

/// A file attached to a message, as its readers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    /// Its id: download at `/api/v1/attachments/{id}`.
    pub id: AttachmentId,
    /// The file's name, as uploaded.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its media type, found by the server from its bytes (never the uploader's say-so);
    /// `application/octet-stream` when unknown.
    pub content_type: String,
    /// For an image the server could read: its size in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageSize>,
    /// Whether a preview is served at `/api/v1/attachments/{id}/preview` (images only).
    #[serde(default)]
    pub preview: bool,
}

/// An image's size in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImageSize {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl Attachment {
    /// Where its bytes are downloaded.
    pub fn download_path(&self) -> String {
        format!("{}/attachments/{}", crate::API_PREFIX, self.id)
    }

    /// Where its preview is, if it has one.
    pub fn preview_path(&self) -> Option<String> {
        self.preview.then(|| format!("{}/attachments/{}/preview", crate::API_PREFIX, self.id))
    }
}
