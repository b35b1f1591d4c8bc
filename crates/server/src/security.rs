//! What every answer carries against the browser's classic attacks, and the refusal of
//! state changes another site makes a logged-in browser attempt.
//!
//! - `Content-Security-Policy` ([`POLICY`]): scripts from the app's origin only, plus
//!   `'wasm-unsafe-eval'` to compile the app's WebAssembly; no inline script or style, no
//!   plugin, no `<base>`, and no framing (clickjacking). Answers that set a stricter policy of
//!   their own (attachments) keep it.
//! - `X-Content-Type-Options: nosniff` and `Referrer-Policy: same-origin`.
//! - Cross-site request forgery: [`refuse_cross_site_writes`].

use axum::extract::Request;
use axum::http::header::{HOST, ORIGIN};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// The app's Content Security Policy.
pub const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// `X-Content-Type-Options`.
pub const NOSNIFF: HeaderValue = HeaderValue::from_static("nosniff");
/// `Referrer-Policy`.
pub const SAME_ORIGIN: HeaderValue = HeaderValue::from_static("same-origin");

/// Refuses (403) a request that would change something if a browser sent it for another
/// site: the algorithm of Go's `net/http.CrossOriginProtection`. The browser says where a
/// request comes from in `Sec-Fetch-Site` (every current browser); an older one says it in
/// `Origin`, compared with `Host`. A request with neither is not a browser's (or one too old
/// to matter), and carries nobody's cookies by itself. The SPA's own requests are
/// same-origin; the integration API authenticates with a bearer token, not a cookie, and is
/// left alone.
pub async fn refuse_cross_site_writes(request: Request, next: Next) -> Response {
    let safe = request.method().is_safe();
    let integration = request
        .uri()
        .path()
        .strip_prefix(parlons_api::API_PREFIX)
        .is_some_and(|path| path.starts_with("/integration/"));
    if !safe && !integration && is_cross_site(request.headers()) {
        return AppError::forbidden("This request came from another site, and was refused.")
            .into_response();
    }
    next.run(request).await
}

/// Whether a browser sent this request on behalf of another site.
fn is_cross_site(headers: &HeaderMap) -> bool {
    let text = |name| headers.get(name).and_then(|value: &HeaderValue| value.to_str().ok());
    match text("sec-fetch-site") {
        // Typed in the address bar, a bookmark: the person's own doing.
        Some("same-origin" | "none") => false,
        Some(_) => true,
        None => match text(ORIGIN.as_str()) {
            None => false,
            // `scheme://host[:port]`, compared with the `Host` the browser addressed.
            Some(origin) => origin.split_once("://").map(|(_, host)| host) != text(HOST.as_str()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (k.parse().unwrap(), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn where_a_request_comes_from() {
        let cases: [(&[(&str, &str)], bool); 9] = [
            (&[("sec-fetch-site", "same-origin")], false),
            (&[("sec-fetch-site", "none")], false),
            (
                &[
                    ("sec-fetch-site", "cross-site"),
                    ("origin", "http://app.test"),
                    ("host", "app.test"),
                ],
                true,
            ),
            (&[("sec-fetch-site", "same-site")], true),
            (&[], false),
            (&[("origin", "https://app.test:8443"), ("host", "app.test:8443")], false),
            (&[("origin", "https://evil.test"), ("host", "app.test")], true),
            (&[("origin", "null"), ("host", "app.test")], true),
            (&[("origin", "https://app.test")], true),
        ];
        for (pairs, cross) in cases {
            assert_eq!(is_cross_site(&headers(pairs)), cross, "{pairs:?}");
        }
    }
}
