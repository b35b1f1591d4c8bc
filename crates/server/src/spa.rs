//! Serving the built SPA: the files Trunk wrote, as the brotli or gzip copies precompressed
//! at build time (`scripts/precompress.mjs`) when the browser accepts them, with cache
//! headers that let a browser keep the hashed files for a year and always revalidate
//! `index.html`, which names them.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};

/// What `Cache-Control` says of a file whose name carries its content's hash.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// What it says of everything else (`index.html`, the favicon): use it, but ask first.
const REVALIDATE: &str = "no-cache";

/// The SPA in `dist`: its files; the admin pages' own entry point, `admin.html`, under
/// `/admin` (a separate build, so that the Conversations app does not download them); and
/// `index.html` for any other path, so that the app's own routes work on reload.
pub fn router(dist: &Path) -> Router {
    let page = |name| ServeFile::new(dist.join(name)).precompressed_br().precompressed_gzip();
    let files =
        ServeDir::new(dist).precompressed_br().precompressed_gzip().fallback(page("index.html"));
    Router::new()
        .route_service("/admin", page("admin.html"))
        .route_service("/admin/", page("admin.html"))
        .route_service("/admin/{*section}", page("admin.html"))
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let immutable = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status().is_redirection() {
        let headers = response.headers_mut();
        let policy = if immutable { IMMUTABLE } else { REVALIDATE };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        // The same address answers brotli, gzip or plain bytes: caches must keep them apart.
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Whether a path names a file whose name carries its content's hash, as Trunk writes them
/// (`parlons-0123456789abcdef_bg.wasm`): a new build gives it a new name, so it never changes.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn hashed_names_are_trunks() {
        assert!(is_hashed("/parlons-1f2e3d4c5b6a7980_bg.wasm"));
        assert!(is_hashed("/parlons-1f2e3d4c5b6a7980.js"));
        assert!(is_hashed("/bundle-00112233aabbccdd.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/favicon.svg"));
        assert!(!is_hashed("/conversations/12"));
        assert!(!is_hashed("/parlons-xyz.js"));
    }
}
