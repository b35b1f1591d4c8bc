//! `/attachments/{id}`: reading a sent file, and its preview. Access is checked at every
//! request (404 exactly like a file that does not exist). A file is always a download, never
//! shown in the app's origin: `Content-Disposition: attachment`, `nosniff`, and a policy that
//! lets nothing in it run, so that an uploaded HTML or SVG page can do nothing there. Only the
//! preview, an image the server made itself, is shown inline.

use std::ops::Bound;

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{
    ACCEPT_RANGES, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_RANGE,
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::TypedHeader;
use axum_extra::headers::Range;
use axum_extra::typed_header::TypedHeaderRejection;
use parlons_api::{AttachmentId, ErrorBody};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::Path;
use crate::AppState;
use crate::auth::Session;
use crate::domain::attachments;
use crate::error::AppError;
use crate::files::Files;

/// Nothing in a served file may run, load anything or be framed.
const SANDBOX: &str = "default-src 'none'; sandbox; frame-ancestors 'none'";

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(download)).routes(routes!(preview))
}

/// The file's bytes, as a download; `Range: bytes=…` reads part of it (206).
#[utoipa::path(get, path = "/attachments/{attachment_id}", tag = "attachments",
    params(("attachment_id" = i64, Path, description = "The file"), ("Range" = Option<String>, Header, description = "One byte range")),
    responses(
        (status = 200, content_type = "application/octet-stream", body = Vec<u8>),
        (status = 206, content_type = "application/octet-stream", body = Vec<u8>),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 416)))]
async fn download(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    // A `Range` that does not parse is ignored, as HTTP asks: the whole file is sent.
    range: Result<TypedHeader<Range>, TypedHeaderRejection>,
) -> Result<Response, AppError> {
    let id = AttachmentId(id);
    let file = attachments::readable_file(&state, &session, id).await?;
    let size = u64::try_from(file.size).unwrap_or(0);
    let wanted = match range.ok() {
        Some(TypedHeader(range)) => match byte_range(&range, size) {
            Ok(wanted) => wanted,
            Err(()) => {
                let headers = [(CONTENT_RANGE, format!("bytes */{size}"))];
                return Ok((StatusCode::RANGE_NOT_SATISFIABLE, headers).into_response());
            }
        },
        None => None,
    };
    let bytes = state
        .files
        .stream(&Files::file_key(id), wanted.clone())
        .await
        .map_err(|error| AppError::Internal(Box::new(error)))?;
    let mut response = Body::from_stream(bytes).into_response();
    let headers = response.headers_mut();
    match wanted {
        Some(part) => {
            *response.status_mut() = StatusCode::PARTIAL_CONTENT;
            let headers = response.headers_mut();
            headers.insert(CONTENT_LENGTH, HeaderValue::from(part.end - part.start));
            let range = format!("bytes {}-{}/{size}", part.start, part.end - 1);
            headers.insert(CONTENT_RANGE, ascii(&range));
        }
        None => {
            headers.insert(CONTENT_LENGTH, HeaderValue::from(size));
        }
    }
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, ascii(&file.content_type));
    headers.insert(CONTENT_DISPOSITION, ascii(&disposition("attachment", &file.name)));
    headers.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    sandboxed(&mut response);
    Ok(response)
}

/// A small image of an image file, made by the server (JPEG or PNG), shown inline.
#[utoipa::path(get, path = "/attachments/{attachment_id}/preview", tag = "attachments",
    params(("attachment_id" = i64, Path, description = "The file")),
    responses(
        (status = 200, content_type = "image/jpeg", body = Vec<u8>),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn preview(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let id = AttachmentId(id);
    let file = attachments::readable_file(&state, &session, id).await?;
    let kind = file.preview_type.ok_or(AppError::NotFound("preview"))?;
    let bytes = state
        .files
        .read(&Files::preview_key(id))
        .await
        .map_err(|error| AppError::Internal(Box::new(error)))?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, ascii(&kind));
    headers.insert(CONTENT_DISPOSITION, ascii(&disposition("inline", &file.name)));
    sandboxed(&mut response);
    Ok(response)
}

/// What every served file says: nothing sniffed, nothing run, kept private.
fn sandboxed(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(SANDBOX));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
}

/// The one range to send of a file of `size` bytes: `None` for the whole file (several
/// ranges are answered with the whole, as HTTP allows), `Err` when it cannot be satisfied.
fn byte_range(range: &Range, size: u64) -> Result<Option<std::ops::Range<u64>>, ()> {
    let ranges: Vec<_> = range.satisfiable_ranges(size).collect();
    let [(start, end)] = ranges.as_slice() else {
        return if ranges.is_empty() { Err(()) } else { Ok(None) };
    };
    let start = match start {
        Bound::Included(start) => *start,
        Bound::Excluded(start) => start + 1,
        Bound::Unbounded => 0,
    };
    let end = match end {
        Bound::Included(end) => end.saturating_add(1).min(size),
        Bound::Excluded(end) => (*end).min(size),
        Bound::Unbounded => size,
    };
    if start >= end { Err(()) } else { Ok(Some(start..end)) }
}

/// `Content-Disposition` with the file's name: an ASCII fallback and the exact name
/// (RFC 6266, RFC 8187 encoding).
fn disposition(kind: &str, name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' })
        .collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// A header value of text made of visible ASCII.
fn ascii(text: &str) -> HeaderValue {
    HeaderValue::from_str(text)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"))
}

#[cfg(test)]
mod tests {
    use axum_extra::headers::Range;

    use super::{byte_range, disposition};

    fn range(spec: &str) -> Range {
        use axum_extra::headers::Header;
        let value = axum::http::HeaderValue::from_str(spec).unwrap();
        Range::decode(&mut std::iter::once(&value)).unwrap()
    }

    #[test]
    fn ranges_are_read_as_http_says() {
        assert_eq!(byte_range(&range("bytes=0-99"), 1000), Ok(Some(0..100)));
        assert_eq!(byte_range(&range("bytes=900-"), 1000), Ok(Some(900..1000)));
        assert_eq!(byte_range(&range("bytes=-100"), 1000), Ok(Some(900..1000)));
        assert_eq!(byte_range(&range("bytes=990-2000"), 1000), Ok(Some(990..1000)));
        assert_eq!(byte_range(&range("bytes=1000-"), 1000), Err(()));
        assert_eq!(byte_range(&range("bytes=0-1,5-9"), 1000), Ok(None));
    }

    #[test]
    fn names_are_given_safely() {
        assert_eq!(
            disposition("attachment", "plan \"R+1\".pdf"),
            "attachment; filename=\"plan _R+1_.pdf\"; filename*=UTF-8''plan%20%22R+1%22.pdf"
        );
        assert_eq!(
            disposition("attachment", "Réunion.txt"),
            "attachment; filename=\"R_union.txt\"; filename*=UTF-8''R%C3%A9union.txt"
        );
    }
}
