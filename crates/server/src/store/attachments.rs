//! Attached files and the uploads they come from (migration `0008_attachments`).

use parlons_api::{Attachment, AttachmentId, CompanyId, ImageSize, MessageId, Timestamp, UserId};
use serde::Deserialize;

use super::query::{query, query_as, query_scalar};
use super::{Store, Tx};

/// An upload to store.
#[derive(Debug, Clone)]
pub struct NewUpload<'a> {
    /// The company it is for.
    pub company: CompanyId,
    /// Who uploads it.
    pub uploader: UserId,
    /// The file's name.
    pub name: &'a str,
    /// Its size in bytes, announced before its bytes.
    pub size: u64,
    /// When.
    pub now: Timestamp,
    /// When it is forgotten if not sent with a message.
    pub expires_at: Timestamp,
}

row! {
    /// An upload as stored: the tus resource.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Upload {
        /// Its id.
        pub id: i64,
        /// Its company.
        pub company_id: i64,
        /// Its uploader.
        pub uploader_id: i64,
        /// The file's name.
        pub name: String,
        /// Its announced size.
        pub size: i64,
        /// Bytes stored so far (the tus `Upload-Offset`).
        pub received: i64,
        /// Set once complete.
        pub content_type: Option<String>,
        /// When it is forgotten, unless sent first; `None` once sent.
        pub expires_at: Option<i64>,
        /// The message it was sent with.
        pub message_id: Option<i64>,
    }
}

row! {
    /// A file as a download needs it: what it is, and where it was sent.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct StoredFile {
        /// The file's name.
        pub name: String,
        /// Its size.
        pub size: i64,
        /// Its sniffed media type.
        pub content_type: String,
        /// Its preview's media type, if it has a preview.
        pub preview_type: Option<String>,
        /// The conversation of the message it was sent with.
        pub conversation_id: i64,
    }
}

/// What the server found in a complete file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFacts {
    /// Its media type, sniffed from its bytes.
    pub content_type: String,
    /// Its size in pixels, for an image the server could read.
    pub image: Option<ImageSize>,
    /// The media type of the preview stored for it.
    pub preview_type: Option<&'static str>,
}

/// One attachment as a message's row lists it (`SELECT_MESSAGES` in `messages.rs`: a JSON
/// array, made by each database's JSON aggregate).
#[derive(Deserialize)]
struct ListedFile {
    id: i64,
    name: String,
    size: u64,
    content_type: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    preview_type: Option<String>,
}

/// The attachments of a message's row, from the JSON array `SELECT_MESSAGES` makes.
pub(super) fn listed_files(json: &str) -> Result<Vec<Attachment>, sqlx::Error> {
    let listed: Vec<ListedFile> =
        serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    Ok(listed
        .into_iter()
        .map(|file| Attachment {
            id: AttachmentId(file.id),
            name: file.name,
            size: file.size,
            content_type: file
                .content_type
                .unwrap_or_else(|| "application/octet-stream".to_owned()),
            image: file.width.zip(file.height).map(|(width, height)| ImageSize { width, height }),
            preview: file.preview_type.is_some(),
        })
        .collect())
}

impl Store {
    /// The upload with this id, sent or not.
    pub async fn upload(&self, id: AttachmentId) -> Result<Option<Upload>, sqlx::Error> {
        query_as(
            "SELECT id, company_id, uploader_id, name, size, received, content_type, expires_at,
                    message_id
             FROM attachments WHERE id = ?",
        )
        .bind(id.0)
        .fetch_optional(self.db())
        .await
    }

    /// The objects of an upload's pieces, in order.
    pub async fn upload_pieces(&self, id: AttachmentId) -> Result<Vec<String>, sqlx::Error> {
        query_scalar(
            "SELECT object_key FROM attachment_parts WHERE attachment_id = ? ORDER BY start_offset",
        )
        .bind(id.0)
        .fetch_all(self.db())
        .await
    }

    /// A file sent with a message that is not deleted, with where it was sent.
    pub async fn sent_file(&self, id: AttachmentId) -> Result<Option<StoredFile>, sqlx::Error> {
        query_as(
            "SELECT f.name, f.size, f.content_type, f.preview_type, m.conversation_id
             FROM attachments f JOIN messages m ON m.id = f.message_id
             WHERE f.id = ? AND m.deleted_at IS NULL AND f.content_type IS NOT NULL",
        )
        .bind(id.0)
        .fetch_optional(self.db())
        .await
    }

    /// Uploads never sent whose time is up.
    pub async fn expired_uploads(&self, now: Timestamp) -> Result<Vec<AttachmentId>, sqlx::Error> {
        let ids: Vec<i64> =
            query_scalar("SELECT id FROM attachments WHERE expires_at < ? AND message_id IS NULL")
                .bind(now.0)
                .fetch_all(self.db())
                .await?;
        Ok(ids.into_iter().map(AttachmentId).collect())
    }
}

impl Tx {
    /// Records a new upload, with nothing received yet.
    pub async fn insert_upload(
        &mut self,
        new: &NewUpload<'_>,
    ) -> Result<AttachmentId, sqlx::Error> {
        let id: i64 = query_scalar(
            "INSERT INTO attachments (company_id, uploader_id, name, size, created_at, expires_at)
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(new.company.0)
        .bind(new.uploader.0)
        .bind(new.name)
        .bind(i64::try_from(new.size).unwrap_or(i64::MAX))
        .bind(new.now.0)
        .bind(new.expires_at.0)
        .fetch_one(self.conn())
        .await?;
        Ok(AttachmentId(id))
    }

    /// Records a piece of `length` bytes stored at `object_key` from offset `start`, if the
    /// upload is still unsent and at that offset (another request may have got there
    /// first: `false`, and the piece is not the upload's). Extends its expiry.
    pub async fn record_piece(
        &mut self,
        id: AttachmentId,
        start: u64,
        length: u64,
        object_key: &str,
        expires_at: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let (start, length) =
            (i64::try_from(start).unwrap_or(i64::MAX), i64::try_from(length).unwrap_or(i64::MAX));
        let moved = query(
            "UPDATE attachments SET received = received + ?, expires_at = ?
             WHERE id = ? AND received = ? AND message_id IS NULL",
        )
        .bind(length)
        .bind(expires_at.0)
        .bind(id.0)
        .bind(start)
        .execute(self.conn())
        .await?;
        if moved == 0 {
            return Ok(false);
        }
        query(
            "INSERT INTO attachment_parts (attachment_id, start_offset, length, object_key)
             VALUES (?, ?, ?, ?)",
        )
        .bind(id.0)
        .bind(start)
        .bind(length)
        .bind(object_key)
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(true)
    }

    /// Marks a fully received upload complete, with what its bytes say it is; its pieces
    /// are now one object.
    pub async fn complete_upload(
        &mut self,
        id: AttachmentId,
        facts: &FileFacts,
    ) -> Result<(), sqlx::Error> {
        query(
            "UPDATE attachments SET content_type = ?, width = ?, height = ?, preview_type = ?
             WHERE id = ?",
        )
        .bind(&facts.content_type)
        .bind(facts.image.map(|image| i64::from(image.width)))
        .bind(facts.image.map(|image| i64::from(image.height)))
        .bind(facts.preview_type)
        .bind(id.0)
        .execute(self.conn())
        .await
        .map(drop)?;
        query("DELETE FROM attachment_parts WHERE attachment_id = ?")
            .bind(id.0)
            .execute(self.conn())
            .await
            .map(drop)?;
        Ok(())
    }

    /// Forgets an upload not sent with a message (its pieces' rows with it); `false` if it
    /// was sent or is gone.
    pub async fn delete_upload(&mut self, id: AttachmentId) -> Result<bool, sqlx::Error> {
        query("DELETE FROM attachments WHERE id = ? AND message_id IS NULL")
            .bind(id.0)
            .execute(self.conn())
            .await
            .map(|changed| changed == 1)
    }

    /// Attaches the uploads, in this order, to a new message: only complete ones of this
    /// uploader and company not sent yet. How many were attached (fewer than asked: the
    /// caller refuses the message).
    pub async fn attach(
        &mut self,
        message: MessageId,
        uploader: UserId,
        company: CompanyId,
        ids: &[AttachmentId],
    ) -> Result<usize, sqlx::Error> {
        let mut attached = 0;
        for (position, id) in ids.iter().enumerate() {
            let done = query(
                "UPDATE attachments SET message_id = ?, position = ?, expires_at = NULL
                 WHERE id = ? AND uploader_id = ? AND company_id = ? AND message_id IS NULL
                   AND content_type IS NOT NULL",
            )
            .bind(message.0)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(id.0)
            .bind(uploader.0)
            .bind(company.0)
            .execute(self.conn())
            .await?;
            attached += usize::try_from(done).unwrap_or(0);
        }
        Ok(attached)
    }
}
