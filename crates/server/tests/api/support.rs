//! A server with the demo data for each test, and small HTTP helpers.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use parlons_server::clock::{Clock, SystemClock};
use parlons_server::events::EventHub;
use parlons_server::store::Store;
use parlons_server::{AppState, app, demo};
use serde_json::Value;
use tempfile::TempDir;
use tower::ServiceExt;

/// A fresh server on a fresh database loaded with the demo data.
pub struct TestApp {
    pub router: Router,
    _dir: TempDir,
}

/// An HTTP answer: status, `Set-Cookie` if any, JSON body (or `Null`).
pub struct Answer {
    pub status: StatusCode,
    pub set_cookie: Option<String>,
    pub body: Value,
}

pub const BRUNO: &str = "bruno@durand-construction.example";
pub const CHLOE: &str = "chloe@durand-construction.example";
pub const DAVID: &str = "david@roux-plomberie.example";
pub const ALICE: &str = "alice@durand-construction.example";
pub const FARID: &str = "farid@haddad-charpente.example";
pub const GABRIELLE: &str = "gabrielle@moreau-expertise.example";

impl TestApp {
    pub async fn new() -> Self {
        let (state, dir) = state().await;
        let router = app(state, &dir.path().join("dist"));
        Self { router, _dir: dir }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let body = match body {
            Some(json) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        let response = self.router.clone().oneshot(request.body(body).unwrap()).await.unwrap();
        let status = response.status();
        let set_cookie =
            response.headers().get(header::SET_COOKIE).map(|v| v.to_str().unwrap().to_owned());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body =
            if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).unwrap() };
        Answer { status, set_cookie, body }
    }

    /// Logs in as a demo user; returns the `Cookie` header value to send.
    pub async fn login(&self, email: &str) -> String {
        let body = serde_json::json!({ "email": email, "password": demo::DEMO_PASSWORD });
        let answer = self.call(Method::POST, "/api/v1/session", None, Some(body)).await;
        assert_eq!(answer.status, StatusCode::OK, "login {email}: {}", answer.body);
        cookie_pair(&answer.set_cookie.unwrap())
    }

    pub async fn get(&self, path: &str, cookie: &str) -> Answer {
        self.call(Method::GET, path, Some(cookie), None).await
    }

    pub async fn post(&self, path: &str, cookie: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(cookie), Some(body)).await
    }

    /// The id of a demo user (by logging in as them).
    pub async fn user_id(&self, email: &str) -> i64 {
        let me = self.get("/api/v1/me", &self.login(email).await).await;
        me.body["id"].as_i64().unwrap()
    }

    /// The caller's conversation whose participants are exactly these people.
    pub async fn conversation_with(&self, cookie: &str, names: &[&str]) -> i64 {
        let list = self.get("/api/v1/conversations", cookie).await.body;
        let mut wanted: Vec<&str> = names.to_vec();
        wanted.sort_unstable();
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| {
                let mut names: Vec<&str> = c["participants"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["name"].as_str().unwrap())
                    .collect();
                names.sort_unstable();
                names == wanted
            })
            .map(|c| c["id"].as_i64().unwrap())
            .unwrap_or_else(|| panic!("no conversation with {names:?}"))
    }
}

/// A state on a temporary database with the demo data.
pub async fn state() -> (AppState, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("parlons.db")).await.unwrap();
    let clock = Arc::new(SystemClock);
    assert!(demo::load_if_empty(&store, clock.now()).await.unwrap());
    let state = AppState { store, hub: EventHub::default(), clock, secure_cookies: false };
    (state, dir)
}

/// `name=value` from a `Set-Cookie` header.
pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

/// A message body of plain text, as JSON.
pub fn text(text: &str) -> Value {
    serde_json::to_value(parlons_api::Document::from_plain_text(text)).unwrap()
}
