//! One place that talks HTTP: builds the request, maps statuses to [`ApiError`], decodes JSON.

use parlons_api::{API_PREFIX, ErrorBody};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestCredentials, RequestInit, Response};

use super::ApiError;

/// The HTTP methods the API uses.
#[derive(Debug, Clone, Copy)]
pub(super) enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Sends a request and decodes the JSON answer.
pub(super) async fn request<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
) -> Result<T, ApiError> {
    let text = send(method, path, to_json(body)?).await?;
    serde_json::from_str(&text).map_err(|e| undecodable(&e))
}

/// Sends a request whose answer has no body.
pub(super) async fn request_empty(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
) -> Result<(), ApiError> {
    send(method, path, to_json(body)?).await.map(|_| ())
}

fn to_json(body: Option<&impl Serialize>) -> Result<Option<String>, ApiError> {
    body.map(serde_json::to_string).transpose().map_err(|e| undecodable(&e))
}

/// Where JSON could not be read. Only where: formatting serde_json's own message would
/// bring its whole error printing into the download (PRODUCT.md section 6), and the
/// browser's network panel shows the answer anyway.
fn undecodable(error: &serde_json::Error) -> ApiError {
    ApiError::Decode(format!("JSON, line {}, column {}", error.line(), error.column()))
}

/// The request itself; not generic, so that its code exists once in the download.
async fn send(method: Method, path: &str, body: Option<String>) -> Result<String, ApiError> {
    let headers = Headers::new().map_err(|_| ApiError::Network)?;
    headers.set("Accept", "application/json").map_err(|_| ApiError::Network)?;
    let init = RequestInit::new();
    init.set_method(method.as_str());
    init.set_credentials(RequestCredentials::SameOrigin);
    if let Some(json) = body {
        headers.set("Content-Type", "application/json").map_err(|_| ApiError::Network)?;
        init.set_body(&JsValue::from_str(&json));
    }
    init.set_headers(&headers);
    let url = format!("{API_PREFIX}{path}");
    let request = Request::new_with_str_and_init(&url, &init).map_err(|_| ApiError::Network)?;
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ApiError::Network)?
        .dyn_into()
        .map_err(|_| ApiError::Network)?;
    let text = JsFuture::from(response.text().map_err(|_| ApiError::Network)?)
        .await
        .map_err(|_| ApiError::Network)?
        .as_string()
        .unwrap_or_default();
    if response.ok() {
        return Ok(text);
    }
    let status = response.status();
    match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) => {
            Err(ApiError::Server { status, code: body.error.code, message: body.error.message })
        }
        Err(_) => Err(ApiError::Decode(format!("HTTP {status}"))),
    }
}
