//! The bytes of attached files, in an object store (the `object_store` crate): a directory
//! under `--data` by default, an S3-compatible bucket when configured, so that several
//! instances can share them. Nothing here knows who may read what (see
//! [`crate::domain::attachments`]).
//!
//! An upload arrives in pieces (one per tus `PATCH`), each stored as its own object as it
//! streams in; once all have arrived they are copied, in order, into the file's one object,
//! which downloads then read (with ranges), and the pieces are deleted. Memory stays bounded
//! whatever the file's size: at most [`Files::chunk`] bytes are buffered per stream.

use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::{Stream, StreamExt, TryStreamExt};
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{GetOptions, GetRange, ObjectStore, ObjectStoreExt, WriteMultipart};
use parlons_api::AttachmentId;

/// Where attached files are kept.
#[derive(Clone)]
pub struct Files {
    objects: Arc<dyn ObjectStore>,
    /// Bytes buffered before being written out, per stream: the store's part size.
    chunk: usize,
}

/// Parts written at once per stream.
const PARTS_IN_FLIGHT: usize = 2;

/// The body of an upload's piece, as it arrives.
pub type Incoming<E> = std::pin::Pin<Box<dyn Stream<Item = Result<Bytes, E>> + Send>>;

/// A piece stored: how many bytes, and the error that cut the request short, if one did.
pub struct StoredPiece<E> {
    /// Bytes stored.
    pub length: u64,
    /// Why the request's body ended before it was meant to, if it did.
    pub cut: Option<E>,
}

impl Files {
    /// The file store at `location`: `s3://bucket[/prefix]` (configured by the usual `AWS_*`
    /// environment variables, `AWS_ENDPOINT` for an S3-compatible service), or a directory,
    /// created if missing.
    pub fn open(location: &str) -> Result<Self, object_store::Error> {
        if location.starts_with("s3://") {
            let url = url::Url::parse(location).map_err(|error| object_store::Error::Generic {
                store: "S3",
                source: Box::new(error),
            })?;
            let (objects, prefix) = object_store::parse_url_opts(&url, std::env::vars())?;
            let objects: Arc<dyn ObjectStore> = Arc::new(PrefixStore::new(objects, prefix));
            // S3's smallest part but the last.
            return Ok(Self { objects, chunk: 5 * 1024 * 1024 });
        }
        std::fs::create_dir_all(location).map_err(|error| object_store::Error::Generic {
            store: "LocalFileSystem",
            source: Box::new(error),
        })?;
        let objects = Arc::new(LocalFileSystem::new_with_prefix(location)?);
        Ok(Self { objects, chunk: 512 * 1024 })
    }

    /// The object of a finished file.
    pub fn file_key(id: AttachmentId) -> Path {
        Path::from(format!("attachments/{id}"))
    }

    /// The object of a file's preview.
    pub fn preview_key(id: AttachmentId) -> Path {
        Path::from(format!("previews/{id}"))
    }

    /// The object of an upload's piece starting at `start`; `nonce`, new for each request,
    /// keeps two requests racing for the same offset from writing the same object.
    pub fn piece_key(id: AttachmentId, start: u64, nonce: &str) -> Path {
        Path::from(format!("uploads/{id}/{start:020}-{nonce}"))
    }

    /// Streams `body` into a new object at `key`, at most `limit` bytes (more is an error,
    /// and nothing is kept). A body cut short keeps what arrived: tus resumes from there.
    pub async fn store_piece<E>(
        &self,
        key: &Path,
        mut body: Incoming<E>,
        limit: u64,
    ) -> Result<StoredPiece<E>, PieceError> {
        let mut writer =
            WriteMultipart::new_with_chunk_size(self.objects.put_multipart(key).await?, self.chunk);
        let mut length = 0_u64;
        let mut cut = None;
        while let Some(next) = body.next().await {
            let bytes = match next {
                Ok(bytes) => bytes,
                Err(error) => {
                    cut = Some(error);
                    break;
                }
            };
            length += bytes.len() as u64;
            if length > limit {
                writer.abort().await?;
                return Err(PieceError::TooLong);
            }
            writer.wait_for_capacity(PARTS_IN_FLIGHT).await?;
            writer.put(bytes);
        }
        if length == 0 {
            writer.abort().await?;
        } else {
            writer.finish().await?;
        }
        Ok(StoredPiece { length, cut })
    }

    /// Copies the pieces, in order, into the object at `into` (the pieces stay).
    pub async fn assemble(&self, pieces: &[Path], into: &Path) -> Result<(), object_store::Error> {
        let mut writer = WriteMultipart::new_with_chunk_size(
            self.objects.put_multipart(into).await?,
            self.chunk,
        );
        for piece in pieces {
            let mut bytes = self.objects.get(piece).await?.into_stream();
            while let Some(chunk) = bytes.try_next().await? {
                writer.wait_for_capacity(PARTS_IN_FLIGHT).await?;
                writer.put(chunk);
            }
        }
        writer.finish().await?;
        Ok(())
    }

    /// An object's size in bytes.
    pub async fn size_of(&self, key: &Path) -> Result<u64, object_store::Error> {
        Ok(self.objects.head(key).await?.size)
    }

    /// The first `length` bytes of an object (fewer if it is shorter; none of an empty one,
    /// of which no range can be asked).
    pub async fn start_of(&self, key: &Path, length: u64) -> Result<Bytes, object_store::Error> {
        let size = self.size_of(key).await?;
        if size == 0 {
            return Ok(Bytes::new());
        }
        let range = Some(GetRange::Bounded(0..length.min(size)));
        self.objects
            .get_opts(key, GetOptions { range, ..GetOptions::default() })
            .await?
            .bytes()
            .await
    }

    /// A whole object, in memory: only for what is known to be small (an image to preview).
    pub async fn read(&self, key: &Path) -> Result<Bytes, object_store::Error> {
        self.objects.get(key).await?.bytes().await
    }

    /// Stores small bytes as an object (a preview).
    pub async fn write(&self, key: &Path, bytes: Bytes) -> Result<(), object_store::Error> {
        self.objects.put(key, bytes.into()).await.map(drop)
    }

    /// Streams `range` of an object (all of it when `None`).
    pub async fn stream(
        &self,
        key: &Path,
        range: Option<Range<u64>>,
    ) -> Result<impl Stream<Item = Result<Bytes, object_store::Error>> + use<>, object_store::Error>
    {
        let options = GetOptions { range: range.map(GetRange::Bounded), ..GetOptions::default() };
        Ok(self.objects.get_opts(key, options).await?.into_stream())
    }

    /// Deletes an object; one already gone is no error.
    pub async fn delete(&self, key: &Path) -> Result<(), object_store::Error> {
        match self.objects.delete(key).await {
            Err(object_store::Error::NotFound { .. }) | Ok(()) => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// Deletes every object of an attachment: its pieces, its file and its preview.
    pub async fn delete_all(&self, id: AttachmentId) -> Result<(), object_store::Error> {
        let pieces: Vec<_> = self
            .objects
            .list(Some(&Path::from(format!("uploads/{id}"))))
            .map_ok(|meta| meta.location)
            .try_collect()
            .await?;
        for key in pieces.iter().chain([&Self::file_key(id), &Self::preview_key(id)]) {
            self.delete(key).await?;
        }
        Ok(())
    }
}

/// Why a piece could not be stored.
#[derive(Debug)]
pub enum PieceError {
    /// The body was longer than the upload has room for.
    TooLong,
    /// The store failed.
    Store(object_store::Error),
}

impl From<object_store::Error> for PieceError {
    fn from(error: object_store::Error) -> Self {
        PieceError::Store(error)
    }
}
