//! The item-sidebar widget's page, `/embed/items/{tool}/{item}`: the panel's own entry point
//! (`widget.html`, built beside the app), framed by the host product's page.
//!
//! Only the host origins the company's admin listed may frame it (`frame-ancestors`, see
//! [`security::POLICY`] for the rest of the policy); the company is the one the page's
//! ticket was made for, else the one of the browser's own session (a host on the app's own
//! site), else none: then only the app's own pages may frame it.

use std::path::Path;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_SECURITY_POLICY;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use parlons_api::CompanyId;
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::AppState;
use crate::auth::{Session, token_hash};
use crate::security;

/// The route of the widget's page.
pub fn router(dist: &Path) -> Router<AppState> {
    let page = ServeFile::new(dist.join("widget.html")).precompressed_br().precompressed_gzip();
    Router::new().route(
        "/embed/items/{tool}/{item}",
        get(move |State(state): State<AppState>, request: Request| {
            serve(state, page.clone(), request)
        }),
    )
}

async fn serve(state: AppState, page: ServeFile, request: Request) -> Response {
    let encoding = request.headers().get(header::ACCEPT_ENCODING).cloned();
    let company = match ticket_of(request.uri().query()) {
        Some(ticket) => state.store.ticket_company(&token_hash(ticket)).await.ok().flatten(),
        None => session_company(&state, request).await,
    };
    let origins = match company {
        Some(company) => state
            .store
            .company_settings(company)
            .await
            .map(|settings| settings.widget_origins)
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let mut request = Request::new(axum::body::Body::empty());
    if let Some(encoding) = encoding {
        request.headers_mut().insert(header::ACCEPT_ENCODING, encoding);
    }
    // Serving a file is infallible: a missing one is a 404 answer.
    let Ok(mut response) = page.oneshot(request).await;
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&policy(&origins)) {
        headers.insert(CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.into_response()
}

/// The page's policy: the app's, framed by the app itself and these origins only.
pub fn policy(origins: &[String]) -> String {
    let ancestors: Vec<&str> =
        std::iter::once("'self'").chain(origins.iter().map(String::as_str)).collect();
    security::POLICY
        .replace("frame-ancestors 'none'", &format!("frame-ancestors {}", ancestors.join(" ")))
}

/// The `ticket` of a query string.
fn ticket_of(query: Option<&str>) -> Option<&str> {
    query?.split('&').find_map(|pair| pair.strip_prefix("ticket=")).filter(|t| !t.is_empty())
}

/// The company of the browser's own session, if it has one.
async fn session_company(state: &AppState, request: Request) -> Option<CompanyId> {
    use axum::extract::FromRequestParts;
    let (mut parts, _) = request.into_parts();
    Session::from_request_parts(&mut parts, state).await.ok().map(|session| session.company)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_listed_origins_may_frame_the_panel() {
        let origins =
            vec!["https://tools.example.com".to_owned(), "http://127.0.0.1:8081".to_owned()];
        let policy = policy(&origins);
        assert!(
            policy.ends_with(
                "frame-ancestors 'self' https://tools.example.com http://127.0.0.1:8081"
            ),
            "{policy}"
        );
        assert!(policy.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"));
        assert!(super::policy(&[]).ends_with("frame-ancestors 'self'"));
        assert_eq!(ticket_of(Some("project=p&ticket=abc")), Some("abc"));
        assert_eq!(ticket_of(Some("ticket=")), None);
        assert_eq!(ticket_of(None), None);
    }
}
