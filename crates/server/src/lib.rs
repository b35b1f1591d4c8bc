//! The Parlons reference backend.
//!
//! Requests flow one way: a route in [`routes`] parses the request and calls a rule in
//! [`domain`], which reads and writes through [`store`] (the only place with SQL) and hands
//! what happened to [`events`], which streams it to every user allowed to see it.

pub mod auth;
pub mod clock;
pub mod config;
pub mod demo;
pub mod demo_host;
pub mod domain;
pub mod embed;
pub mod error;
pub mod events;
pub mod files;
pub mod routes;
pub mod security;
pub mod spa;
pub mod store;

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::clock::Clock;
use crate::domain::attachments::Receiving;
use crate::events::EventHub;
use crate::files::Files;
use crate::store::Store;

/// Everything a request handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The bytes of attached files.
    pub files: Files,
    /// The uploads this instance is taking bytes for.
    pub receiving: Receiving,
    /// Wakes the event streams of users who have new events.
    pub hub: EventHub,
    /// The server's clock (a test may substitute its own).
    pub clock: Arc<dyn Clock>,
    /// Whether session cookies carry `Secure` (set it when served over HTTPS).
    pub secure_cookies: bool,
    /// The event streams' heartbeat, when not the usual 20 seconds (tests shorten it).
    pub heartbeat: Option<std::time::Duration>,
    /// How often one may try to log in.
    pub login_limits: crate::domain::login_limits::LoginLimits,
}

/// The whole HTTP application: the API under `/api/v1` and the built SPA everywhere else.
///
/// `dist` is the directory Trunk built the SPA into (see [`spa`]). Every answer carries the
/// headers of [`security`], and no other site can make a browser change anything.
pub fn app(state: AppState, dist: &Path) -> Router {
    // API answers are compressed as they go (see `routes::router`); the SPA's files were
    // compressed once, at build time.
    Router::new()
        .nest(parlons_api::API_PREFIX, routes::router())
        .merge(embed::router(dist))
        .fallback_service(spa::router(dist))
        .layer(axum::middleware::from_fn(security::refuse_cross_site_writes))
        .layer(SetResponseHeaderLayer::if_not_present(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(security::POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(X_CONTENT_TYPE_OPTIONS, security::NOSNIFF))
        .layer(SetResponseHeaderLayer::if_not_present(REFERRER_POLICY, security::SAME_ORIGIN))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
