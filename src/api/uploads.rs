//! Uploading a file with the tus 1.0 resumable upload protocol, as the server speaks it at
//! `/uploads`: create the upload, send its bytes piece by piece from where the server says
//! it stands, ask where it stands after a cut, end it when it is no longer wanted.

use parlons_api::{AttachmentId, TUS_VERSION};
use wasm_bindgen::JsValue;

use super::ApiError;
use super::http::{Exchange, Method, TIMEOUT_MS, exchange};

/// How long one piece may take: a megabyte on a slow mobile uplink takes tens of seconds.
const PIECE_TIMEOUT_MS: i32 = 120_000;

/// `POST /uploads`: starts the upload of a file of `size` bytes called `name`.
pub async fn start_upload(name: &str, size: u64) -> Result<AttachmentId, ApiError> {
    let size = size.to_string();
    let metadata = format!("filename {}", base64(name)?);
    let headers = [
        ("Tus-Resumable", TUS_VERSION),
        ("Upload-Length", size.as_str()),
        ("Upload-Metadata", metadata.as_str()),
    ];
    let answer = tus(Method::Post, "/uploads", &headers, None, TIMEOUT_MS).await?;
    // `Location` is `{API_PREFIX}/uploads/{id}`.
    answer
        .headers
        .get("location")
        .and_then(|location| location.rsplit('/').next()?.parse().ok())
        .map(AttachmentId)
        .ok_or_else(|| ApiError::Decode("Location".to_owned()))
}

/// `HEAD /uploads/{id}`: how many bytes of the upload the server has.
pub async fn upload_offset(upload: AttachmentId) -> Result<u64, ApiError> {
    let path = format!("/uploads/{upload}");
    let answer = tus(Method::Head, &path, &[("Tus-Resumable", TUS_VERSION)], None, TIMEOUT_MS);
    offset(answer.await?)
}

/// `PATCH /uploads/{id}`: sends `piece`, the file's bytes from `at`; answers how many bytes
/// the server now has.
pub async fn send_piece(
    upload: AttachmentId,
    at: u64,
    piece: &web_sys::Blob,
) -> Result<u64, ApiError> {
    let path = format!("/uploads/{upload}");
    let at = at.to_string();
    let headers = [
        ("Tus-Resumable", TUS_VERSION),
        ("Upload-Offset", at.as_str()),
        ("Content-Type", "application/offset+octet-stream"),
    ];
    let body = Some(JsValue::from(piece.clone()));
    offset(tus(Method::Patch, &path, &headers, body, PIECE_TIMEOUT_MS).await?)
}

/// `DELETE /uploads/{id}`: gives the upload up, and the server deletes what it received.
pub async fn cancel_upload(upload: AttachmentId) -> Result<(), ApiError> {
    let path = format!("/uploads/{upload}");
    tus(Method::Delete, &path, &[("Tus-Resumable", TUS_VERSION)], None, TIMEOUT_MS).await?;
    Ok(())
}

async fn tus(
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<JsValue>,
    timeout_ms: i32,
) -> Result<super::http::Answer, ApiError> {
    exchange(Exchange { method, path, headers, body, timeout_ms }).await
}

/// The `Upload-Offset` of an answer.
fn offset(answer: super::http::Answer) -> Result<u64, ApiError> {
    answer
        .headers
        .get("upload-offset")
        .and_then(|offset| offset.parse().ok())
        .ok_or_else(|| ApiError::Decode("Upload-Offset".to_owned()))
}

/// A name in base64, as tus metadata carries it: its UTF-8 bytes, through the browser's
/// `btoa` (which takes one byte per character).
fn base64(name: &str) -> Result<String, ApiError> {
    let bytes: String = name.bytes().map(char::from).collect();
    let window = web_sys::window().ok_or(ApiError::Network)?;
    window.btoa(&bytes).map_err(|_| ApiError::Decode("filename".to_owned()))
}
