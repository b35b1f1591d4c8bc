//! The built SPA as the browser gets it: the precompressed copy it accepts, and cache
//! headers that keep hashed files for a year and always revalidate `index.html`.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use parlons_server::app;
use tower::ServiceExt;

use crate::support::state;

const SCRIPT: &str = "parlons-0123456789abcdef.js";

/// A `dist/` as Trunk and `scripts/precompress.mjs` leave it (the "compressed" bytes are
/// markers: only which file is sent matters here).
fn dist(dir: &std::path::Path) -> std::path::PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    for (name, content) in [
        ("index.html", "<html>plain</html>"),
        ("index.html.br", "brotli index"),
        ("index.html.gz", "gzip index"),
        (SCRIPT, "plain script"),
        (&format!("{SCRIPT}.br"), "brotli script"),
        (&format!("{SCRIPT}.gz"), "gzip script"),
        ("favicon.svg", "<svg/>"),
        ("admin.html", "<html>admin</html>"),
        ("admin.html.br", "brotli admin"),
    ] {
        std::fs::write(dist.join(name), content).unwrap();
    }
    dist
}

struct Served {
    status: StatusCode,
    encoding: Option<String>,
    cache: Option<String>,
    vary: Option<String>,
    body: String,
}

async fn get(router: &axum::Router, path: &str, accept_encoding: &str) -> Served {
    let request = Request::get(path)
        .header(header::ACCEPT_ENCODING, accept_encoding)
        .body(Body::empty())
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let header = |name| {
        response.headers().get(name).map(|v: &header::HeaderValue| v.to_str().unwrap().to_owned())
    };
    let (encoding, cache, vary) =
        (header(header::CONTENT_ENCODING), header(header::CACHE_CONTROL), header(header::VARY));
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Served { status, encoding, cache, vary, body: String::from_utf8_lossy(&bytes).into_owned() }
}

#[tokio::test]
async fn files_are_sent_precompressed_and_hashed_ones_are_immutable() {
    let (state, _clock, dir) = state().await;
    let router = app(state, &dist(dir.path()));

    let script = get(&router, &format!("/{SCRIPT}"), "gzip, deflate, br").await;
    assert_eq!(script.status, StatusCode::OK);
    assert_eq!(script.encoding.as_deref(), Some("br"));
    assert_eq!(script.body, "brotli script");
    assert_eq!(script.cache.as_deref(), Some("public, max-age=31536000, immutable"));
    assert_eq!(script.vary.as_deref(), Some("accept-encoding"));

    let gzip = get(&router, &format!("/{SCRIPT}"), "gzip").await;
    assert_eq!((gzip.encoding.as_deref(), gzip.body.as_str()), (Some("gzip"), "gzip script"));
    let plain = get(&router, &format!("/{SCRIPT}"), "identity").await;
    assert_eq!((plain.encoding, plain.body.as_str()), (None, "plain script"));

    let index = get(&router, "/", "br").await;
    assert_eq!((index.encoding.as_deref(), index.body.as_str()), (Some("br"), "brotli index"));
    assert_eq!(index.cache.as_deref(), Some("no-cache"));
    let favicon = get(&router, "/favicon.svg", "br").await;
    assert_eq!((favicon.body.as_str(), favicon.cache.as_deref()), ("<svg/>", Some("no-cache")));
}

#[tokio::test]
async fn the_apps_own_addresses_get_index_html_revalidated() {
    let (state, _clock, dir) = state().await;
    let router = app(state, &dist(dir.path()));
    for path in ["/conversations", "/conversations/12/messages/40", "/new/confidential"] {
        let page = get(&router, path, "identity").await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(page.body, "<html>plain</html>", "{path}");
        assert_eq!(page.cache.as_deref(), Some("no-cache"), "{path}");
    }
    // The admin pages are their own entry point.
    for path in ["/admin", "/admin/", "/admin/audit-log"] {
        let page = get(&router, path, "identity").await;
        assert_eq!(
            (page.status, page.body.as_str()),
            (StatusCode::OK, "<html>admin</html>"),
            "{path}"
        );
        assert_eq!(page.cache.as_deref(), Some("no-cache"), "{path}");
    }
    let admin = get(&router, "/admin/token", "br").await;
    assert_eq!((admin.encoding.as_deref(), admin.body.as_str()), (Some("br"), "brotli admin"));
    // The API is not the SPA: an unknown route is a JSON 404, not index.html.
    let api = get(&router, "/api/v1/nothing-here", "identity").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.body.contains("\"error\""), "{}", api.body);
}
