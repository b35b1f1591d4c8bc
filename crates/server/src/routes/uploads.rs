//! `/uploads`: uploading a file with the tus 1.0 resumable upload protocol (core, creation,
//! termination, expiration), so that any tus client can upload and resume. Every answer,
//! errors included, says `Tus-Resumable: 1.0.0`.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use parlons_api::{AttachmentId, ErrorBody, MAX_ATTACHMENT_BYTES, TUS_VERSION};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::Path;
use crate::AppState;
use crate::auth::Session;
use crate::domain::attachments::{self, UploadState};
use crate::error::AppError;

const TUS_RESUMABLE: HeaderName = HeaderName::from_static("tus-resumable");
const UPLOAD_OFFSET: HeaderName = HeaderName::from_static("upload-offset");
const UPLOAD_LENGTH: HeaderName = HeaderName::from_static("upload-length");
const UPLOAD_EXPIRES: HeaderName = HeaderName::from_static("upload-expires");
/// The media type of a `PATCH`'s body.
const OFFSET_OCTET_STREAM: &str = "application/offset+octet-stream";

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(capabilities, create))
        .routes(routes!(state_of, append, terminate))
        .layer(SetResponseHeaderLayer::overriding(
            TUS_RESUMABLE,
            HeaderValue::from_static(TUS_VERSION),
        ))
}

/// The one value of `Tus-Resumable` the server speaks, for the OpenAPI document.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[expect(dead_code, reason = "only its schema is used: the header is checked as text")]
enum TusResumable {
    #[serde(rename = "1.0.0")]
    V1,
}

/// What the server supports of tus: version 1.0.0, creation, termination and expiration,
/// files of at most 100 MB.
#[utoipa::path(options, path = "/uploads", tag = "attachments",
    responses((status = 204, headers(
        ("Tus-Version" = String, description = "1.0.0"),
        ("Tus-Extension" = String, description = "creation,termination,expiration"),
        ("Tus-Max-Size" = u64, description = "104857600")))))]
async fn capabilities() -> impl IntoResponse {
    (
        StatusCode::NO_CONTENT,
        [
            ("tus-version", TUS_VERSION.to_owned()),
            ("tus-extension", "creation,termination,expiration".to_owned()),
            ("tus-max-size", MAX_ATTACHMENT_BYTES.to_string()),
        ],
    )
}

/// Starts an upload (tus creation): `Upload-Length` says its size (at most 100 MB; more is
/// refused before a byte is sent), `Upload-Metadata` may give its `filename`. Answers where to
/// send its bytes (`Location`).
#[utoipa::path(post, path = "/uploads", tag = "attachments",
    params(
        ("Tus-Resumable" = inline(TusResumable), Header, description = "The version of tus spoken"),
        ("Upload-Length" = u64, Header, maximum = 104_857_600, description = "The file's size in bytes, at most 100 MB"),
        ("Upload-Metadata" = Option<String>, Header, pattern = r"^ *(?:[\x21-\x2b\x2d-\x7e]+(?: +(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)?)?(?: *, *(?:[\x21-\x2b\x2d-\x7e]+(?: +(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)?)?)* *$",
            description = "tus metadata: comma-separated pairs of a key and its value in base64, `filename` read"),
    ),
    responses(
        (status = 201, headers(("Location" = String, description = "The upload"), ("Upload-Expires" = String))),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 413, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    check_version(&headers)?;
    let length = number(&headers, &UPLOAD_LENGTH)?.ok_or_else(|| {
        AppError::malformed("Upload-Length is required (deferred lengths are not supported).")
            .at("Upload-Length", "missing")
    })?;
    let metadata = headers.get("upload-metadata").map(metadata).transpose()?.unwrap_or_default();
    let name = metadata.iter().find(|(key, _)| key == "filename" || key == "name");
    let upload =
        attachments::create_upload(&state, &session, length, name.map(|(_, value)| value.as_str()))
            .await?;
    let location = format!("{}/uploads/{}", parlons_api::API_PREFIX, upload.id);
    let mut response = answer(StatusCode::CREATED, &upload);
    response.headers_mut().insert(LOCATION, header_value(&location));
    Ok(response)
}

/// Where the upload stands: `Upload-Offset` bytes of `Upload-Length` received.
#[utoipa::path(head, path = "/uploads/{upload_id}", tag = "attachments",
    params(("upload_id" = i64, Path, description = "The upload"), ("Tus-Resumable" = inline(TusResumable), Header, description = "The version of tus spoken")),
    responses(
        (status = 200, headers(("Upload-Offset" = u64), ("Upload-Length" = u64), ("Upload-Expires" = String))),
        (status = 401), (status = 404), (status = 412)))]
async fn state_of(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    check_version(&headers)?;
    let upload = attachments::upload_state(&state, &session, AttachmentId(id)).await?;
    let mut response = answer(StatusCode::OK, &upload);
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Sends the next bytes, from `Upload-Offset` (which must be where the upload stands; 409
/// otherwise). A request cut short keeps what arrived: ask where the upload stands, resume.
#[utoipa::path(patch, path = "/uploads/{upload_id}", tag = "attachments",
    params(
        ("upload_id" = i64, Path, description = "The upload"),
        ("Tus-Resumable" = inline(TusResumable), Header, description = "The version of tus spoken"),
        ("Upload-Offset" = u64, Header, description = "Where these bytes start"),
    ),
    request_body(content = Vec<u8>, content_type = "application/offset+octet-stream"),
    responses(
        (status = 204, headers(("Upload-Offset" = u64), ("Upload-Expires" = String))),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn append(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    check_version(&headers)?;
    if headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()) != Some(OFFSET_OCTET_STREAM)
    {
        return Err(AppError::InvalidInput {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message: format!("The bytes of an upload are sent as {OFFSET_OCTET_STREAM}."),
        });
    }
    let offset = number(&headers, &UPLOAD_OFFSET)?.ok_or_else(|| {
        AppError::malformed("Upload-Offset is required.").at("Upload-Offset", "missing")
    })?;
    let body = Box::pin(body.into_data_stream());
    let upload = attachments::receive(&state, &session, AttachmentId(id), offset, body).await?;
    Ok(answer(StatusCode::NO_CONTENT, &upload))
}

/// Ends an upload not sent yet, deleting what arrived (tus termination).
#[utoipa::path(delete, path = "/uploads/{upload_id}", tag = "attachments",
    params(("upload_id" = i64, Path, description = "The upload"), ("Tus-Resumable" = inline(TusResumable), Header, description = "The version of tus spoken")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 412, body = ErrorBody)))]
async fn terminate(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<StatusCode, AppError> {
    check_version(&headers)?;
    attachments::terminate(&state, &session, AttachmentId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An answer with the upload's offset, length and expiry.
fn answer(status: StatusCode, upload: &UploadState) -> Response {
    let expires = std::time::UNIX_EPOCH
        + std::time::Duration::from_millis(u64::try_from(upload.expires_at.0).unwrap_or(0));
    let mut response = status.into_response();
    let headers = response.headers_mut();
    headers.insert(UPLOAD_OFFSET, HeaderValue::from(upload.offset));
    headers.insert(UPLOAD_LENGTH, HeaderValue::from(upload.length));
    headers.insert(UPLOAD_EXPIRES, header_value(&httpdate::fmt_http_date(expires)));
    response
}

/// Refuses a client that speaks another version of tus (412, with the one spoken here).
fn check_version(headers: &HeaderMap) -> Result<(), AppError> {
    match headers.get(&TUS_RESUMABLE).map(|value| value.to_str()) {
        Some(Ok(TUS_VERSION)) => Ok(()),
        // Not a tus request at all: one the server cannot read.
        None => Err(AppError::malformed(format!(
            "Tus-Resumable is required: this server speaks tus {TUS_VERSION}."
        ))),
        // Another version of tus: 412, as tus says.
        Some(_) => Err(AppError::InvalidInput {
            status: StatusCode::PRECONDITION_FAILED,
            message: format!(
                "This server speaks tus {TUS_VERSION} (Tus-Resumable: {TUS_VERSION})."
            ),
        }),
    }
}

/// A header holding a non-negative integer, if present.
fn number(headers: &HeaderMap, name: &HeaderName) -> Result<Option<u64>, AppError> {
    let Some(value) = headers.get(name) else { return Ok(None) };
    let parsed = value.to_str().ok().and_then(|text| text.trim().parse::<u64>().ok());
    parsed.map(Some).ok_or_else(|| {
        AppError::malformed(format!("{name} must be a number of bytes."))
            .at(name.as_str(), "invalid")
    })
}

/// Base64 as tus clients write it, unused bits of the last character set or not.
const LENIENT_BASE64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
);

/// tus metadata: comma-separated `key base64value` pairs (the value may be absent). A value
/// is any bytes: read as UTF-8, whatever is not is replaced (it only names the file).
fn metadata(header: &HeaderValue) -> Result<Vec<(String, String)>, AppError> {
    let invalid =
        || AppError::malformed("Upload-Metadata is malformed.").at("Upload-Metadata", "invalid");
    let text = header.to_str().map_err(|_| invalid())?;
    text.split(',')
        .filter(|pair| !pair.trim().is_empty())
        .map(|pair| {
            let mut parts = pair.trim().splitn(2, ' ');
            let key = parts.next().unwrap_or_default().to_owned();
            let value = match parts.next() {
                None => String::new(),
                Some(encoded) => {
                    let bytes = LENIENT_BASE64.decode(encoded.trim()).map_err(|_| invalid())?;
                    String::from_utf8_lossy(&bytes).into_owned()
                }
            };
            Ok((key, value))
        })
        .collect()
}

/// A header value of text known to be visible ASCII.
fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}
