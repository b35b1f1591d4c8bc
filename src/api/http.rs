//! One place that talks HTTP, through `gloo-net`: builds the request, bounds it in time,
//! aborts it when its future is dropped, maps statuses to [`ApiError`] and decodes JSON.

use gloo_net::http::{Headers, Request, RequestBuilder, Response};
use parlons_api::{API_PREFIX, ErrorBody};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, RequestCredentials};

use super::ApiError;
use crate::json::{self, JsonError};

thread_local! {
    /// The widget's session token (see [`use_widget_token`]), kept in memory only.
    static WIDGET_TOKEN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Makes every request of this page carry a widget's session token (`Authorization:
/// Bearer`), and the event stream too (`access_token`): the item panel's session, which
/// works where a third-party iframe gets no cookie. The app itself uses its cookie.
pub fn use_widget_token(token: String) {
    WIDGET_TOKEN.with(|t| *t.borrow_mut() = Some(token));
}

/// The widget's session token, if this page is the item panel.
pub(super) fn widget_token() -> Option<String> {
    WIDGET_TOKEN.with(|t| t.borrow().clone())
}

/// The address of something the browser loads itself, without a header (the event stream,
/// an attachment's file or preview): in the item panel, with its session token in the query
/// (`access_token`); in the app, as it is (its cookie goes along).
pub fn loaded_by_browser(path: String) -> String {
    match widget_token() {
        Some(token) => {
            let join = if path.contains('?') { '&' } else { '?' };
            format!("{path}{join}access_token={token}")
        }
        None => path,
    }
}

/// How long a request may take before it is given up as [`ApiError::Timeout`]. Generous: a
/// slow phone network is not a dead server.
pub(super) const TIMEOUT_MS: i32 = 30_000;

/// The HTTP methods the API uses.
#[derive(Debug, Clone, Copy)]
pub(super) enum Method {
    Head,
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

/// A request of any kind: its headers besides `Accept`, its body (text or a `Blob`), and how
/// long it may take.
pub(super) struct Exchange<'a> {
    pub method: Method,
    /// Under the API's prefix.
    pub path: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: Option<JsValue>,
    pub timeout_ms: i32,
}

/// A successful answer: its headers and its text.
pub(super) struct Answer {
    pub headers: Headers,
    pub text: String,
}

/// Sends a request and decodes the JSON answer.
pub(super) async fn request<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
) -> Result<T, ApiError> {
    let text = send(method, path, to_json(body)?).await?;
    json::decode(&text).map_err(undecodable)
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
    body.map(json::encode).transpose().map_err(undecodable)
}

/// JSON that could not be read or written.
fn undecodable(error: JsonError) -> ApiError {
    ApiError::Decode(error.0)
}

/// A JSON request; not generic, so that its code exists once in the download.
async fn send(method: Method, path: &str, body: Option<String>) -> Result<String, ApiError> {
    let headers: &[(&str, &str)] = match body {
        Some(_) => &[("Content-Type", "application/json")],
        None => &[],
    };
    let body = body.map(|json| JsValue::from_str(&json));
    let exchange = Exchange { method, path, headers, body, timeout_ms: TIMEOUT_MS };
    Ok(self::exchange(exchange).await?.text)
}

/// Sends a request and reads its answer.
pub(super) async fn exchange(exchange: Exchange<'_>) -> Result<Answer, ApiError> {
    let method = match exchange.method {
        Method::Head => gloo_net::http::Method::HEAD,
        Method::Get => gloo_net::http::Method::GET,
        Method::Post => gloo_net::http::Method::POST,
        Method::Put => gloo_net::http::Method::PUT,
        Method::Patch => gloo_net::http::Method::PATCH,
        Method::Delete => gloo_net::http::Method::DELETE,
    };
    let abort = Abort::new(exchange.timeout_ms)?;
    let mut builder = RequestBuilder::new(&format!("{API_PREFIX}{}", exchange.path))
        .method(method)
        .header("Accept", "application/json")
        .credentials(RequestCredentials::SameOrigin)
        .abort_signal(Some(&abort.controller.signal()));
    for (name, value) in exchange.headers {
        builder = builder.header(name, value);
    }
    if let Some(token) = widget_token() {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match exchange.body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Network)?;
    let answer = read(request).await;
    match answer {
        Err(_) if abort.timed_out() => Err(ApiError::Timeout),
        answer => answer,
    }
}

/// Sends and reads the answer, mapping an error status to [`ApiError::Server`].
async fn read(request: Request) -> Result<Answer, ApiError> {
    let response: Response = request.send().await.map_err(|_| ApiError::Network)?;
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        return Ok(Answer { headers: response.headers(), text });
    }
    let status = response.status();
    match json::decode::<ErrorBody>(&text) {
        Ok(body) => Err(ApiError::Server {
            status,
            code: body.error.code,
            message: body.error.message,
            field: body.error.field,
            reason: body.error.reason,
            retry_after: body.error.retry_after,
        }),
        Err(_) => Err(ApiError::Decode(format!("HTTP {status}"))),
    }
}

/// A request's abort controller: aborted after its time is up, or when the request's future
/// is dropped before its answer came (the component or resource that asked is gone), so that
/// no request outlives its use.
struct Abort {
    controller: AbortController,
    timer: i32,
    _on_timeout: Closure<dyn FnMut()>,
}

impl Abort {
    fn new(timeout_ms: i32) -> Result<Self, ApiError> {
        let controller = AbortController::new().map_err(|_| ApiError::Network)?;
        let on_timeout = {
            let controller = controller.clone();
            Closure::<dyn FnMut()>::new(move || controller.abort())
        };
        let timer = web_sys::window()
            .ok_or(ApiError::Network)?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                timeout_ms,
            )
            .map_err(|_| ApiError::Network)?;
        Ok(Self { controller, timer, _on_timeout: on_timeout })
    }

    /// Whether the request was given up because it took too long.
    fn timed_out(&self) -> bool {
        self.controller.signal().aborted()
    }
}

impl Drop for Abort {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.timer);
        }
        // Nothing happens if the answer was already read.
        self.controller.abort();
    }
}
