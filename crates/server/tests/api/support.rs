//! A server with the demo data for each test, and small HTTP helpers.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use parlons_server::clock::{Clock, ManualClock, SystemClock};
use parlons_server::domain::login_limits::LoginLimits;
use parlons_server::events::EventHub;
use parlons_server::files::Files;
use parlons_server::store::Store;
use parlons_server::{AppState, app, demo};
use serde_json::Value;
use tempfile::TempDir;
use tower::ServiceExt;

/// A fresh server on a fresh database loaded with the demo data, on a clock the test moves.
pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub clock: Arc<ManualClock>,
    dir: TempDir,
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
pub const EMMA: &str = "emma@petit-electricite.example";
pub const HUGO: &str = "hugo@boulangerie-garnier.example";

impl TestApp {
    pub async fn new() -> Self {
        let (state, clock, dir) = state().await;
        let router = app(state.clone(), &dir.path().join("dist"));
        Self { router, state, clock, dir }
    }

    /// Where this server keeps attached files.
    pub fn files_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("attachments")
    }

    pub async fn put(&self, path: &str, cookie: &str, body: Value) -> Answer {
        self.call(Method::PUT, path, Some(cookie), Some(body)).await
    }

    pub async fn patch(&self, path: &str, cookie: &str, body: Value) -> Answer {
        self.call(Method::PATCH, path, Some(cookie), Some(body)).await
    }

    pub async fn delete(&self, path: &str, cookie: &str) -> Answer {
        self.call(Method::DELETE, path, Some(cookie), None).await
    }

    /// A call of the integration API with a bearer token.
    pub async fn integration(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Answer {
        self.send(method, path, (header::AUTHORIZATION, format!("Bearer {token}")), body).await
    }

    /// Logs in with an e-mail address and password; the `Cookie` header value to send.
    pub async fn login_with(&self, email: &str, password: &str) -> String {
        let body = serde_json::json!({ "email": email, "password": password });
        let answer = self.call(Method::POST, "/api/v1/session", None, Some(body)).await;
        assert_eq!(answer.status, StatusCode::OK, "login {email}: {}", answer.body);
        cookie_pair(&answer.set_cookie.unwrap())
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let cookie = (header::COOKIE, cookie.unwrap_or_default().to_owned());
        self.send(method, path, cookie, body).await
    }

    /// Sends any request: the answer's status, headers and bytes.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        headers: &[(&str, &str)],
        body: Body,
    ) -> Raw {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = self.router.clone().oneshot(request.body(body).unwrap()).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Raw { status, headers, bytes }
    }

    /// Creates an upload (tus) of `length` bytes named `name`: its path.
    pub async fn create_upload(&self, cookie: &str, name: &str, length: usize) -> String {
        use base64::Engine;
        let metadata = format!(
            "filename {}",
            base64::engine::general_purpose::STANDARD.encode(name.as_bytes())
        );
        let length = length.to_string();
        let headers = [
            ("tus-resumable", "1.0.0"),
            ("upload-length", length.as_str()),
            ("upload-metadata", metadata.as_str()),
        ];
        let created =
            self.raw(Method::POST, "/api/v1/uploads", Some(cookie), &headers, Body::empty()).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
        created.header("location").to_owned()
    }

    /// Sends bytes of an upload from `offset` (tus `PATCH`).
    pub async fn append(&self, cookie: &str, upload: &str, offset: usize, bytes: &[u8]) -> Raw {
        let offset = offset.to_string();
        let headers = [
            ("tus-resumable", "1.0.0"),
            ("upload-offset", offset.as_str()),
            ("content-type", "application/offset+octet-stream"),
        ];
        self.raw(Method::PATCH, upload, Some(cookie), &headers, Body::from(bytes.to_vec())).await
    }

    /// Uploads a whole file in one request: its attachment id.
    pub async fn upload(&self, cookie: &str, name: &str, bytes: &[u8]) -> i64 {
        let upload = self.create_upload(cookie, name, bytes.len()).await;
        if !bytes.is_empty() {
            let sent = self.append(cookie, &upload, 0, bytes).await;
            assert_eq!(sent.status, StatusCode::NO_CONTENT, "{}", sent.text());
        }
        upload.rsplit('/').next().unwrap().parse().unwrap()
    }

    /// Sends a request with one credential header (empty: none) and a JSON body if any.
    async fn send(
        &self,
        method: Method,
        path: &str,
        (name, credential): (header::HeaderName, String),
        body: Option<Value>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(path);
        if !credential.is_empty() {
            request = request.header(name, credential);
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
        self.login_with(email, demo::DEMO_PASSWORD).await
    }

    pub async fn get(&self, path: &str, cookie: &str) -> Answer {
        self.call(Method::GET, path, Some(cookie), None).await
    }

    pub async fn post(&self, path: &str, cookie: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(cookie), Some(body)).await
    }

    /// The id of the caller's project with this name.
    pub async fn project_id(&self, cookie: &str, name: &str) -> i64 {
        let projects = self.get("/api/v1/projects", cookie).await.body;
        let project = projects.as_array().unwrap().iter().find(|p| p["name"] == name);
        project.unwrap_or_else(|| panic!("no project {name}"))["id"].as_i64().unwrap()
    }

    /// The id of a demo user (by logging in as them).
    pub async fn user_id(&self, email: &str) -> i64 {
        let me = self.get("/api/v1/me", &self.login(email).await).await;
        me.body["id"].as_i64().unwrap()
    }

    /// The caller's conversation whose participants are exactly these people.
    pub async fn conversation_with(&self, cookie: &str, names: &[&str]) -> i64 {
        let list = self.get("/api/v1/conversations", cookie).await.body;
        crate::common::conversation_with(&list, names, None)
            .unwrap_or_else(|| panic!("no conversation with {names:?}"))
    }
}

/// A raw HTTP answer.
pub struct Raw {
    pub status: StatusCode,
    pub headers: header::HeaderMap,
    pub bytes: bytes::Bytes,
}

impl Raw {
    /// A header's value ("" if absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", |value| value.to_str().unwrap())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// A PNG image of this size, in colours.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

/// A state on a temporary database with the demo data, on a clock the test moves.
pub async fn state() -> (AppState, Arc<ManualClock>, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::common::fresh_database(dir.path()).await;
    let (state, clock, loaded) = state_on(&database, dir.path()).await;
    assert!(loaded);
    (state, clock, dir)
}

/// A state on `database`, attached files under `dir`, on a clock the test moves, and whether
/// it loaded the demo data (only into an empty database: a second server instance on the same
/// one finds it there).
pub async fn state_on(database: &str, dir: &Path) -> (AppState, Arc<ManualClock>, bool) {
    let store = Store::connect(database).await.unwrap();
    let files = Files::open(&dir.join("attachments").display().to_string()).unwrap();
    let clock = Arc::new(ManualClock::new(SystemClock.now()));
    let loaded = demo::load_if_empty(&store, clock.now()).await.unwrap();
    let state = AppState {
        store,
        files,
        receiving: Default::default(),
        hub: EventHub::default(),
        clock: clock.clone(),
        secure_cookies: false,
        heartbeat: None,
        login_limits: LoginLimits::new(clock.clone()),
    };
    (state, clock, loaded)
}

/// `name=value` from a `Set-Cookie` header.
pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

/// A message body of plain text, as JSON.
pub fn text(text: &str) -> Value {
    serde_json::to_value(parlons_api::Document::from_plain_text(text)).unwrap()
}

/// One parsed Server-Sent Event.
#[derive(Debug)]
pub struct SseEvent {
    pub name: String,
    pub data: Value,
}

/// An open event stream, read frame by frame in-process.
pub struct EventReader {
    body: Body,
    buffer: String,
}

impl TestApp {
    /// Opens the user's event stream.
    pub async fn events(&self, cookie: &str) -> EventReader {
        self.stream("/api/v1/events", &[("cookie", cookie)]).await
    }

    /// Opens an event stream at this address, with these headers.
    pub async fn stream(&self, path: &str, headers: &[(&str, &str)]) -> EventReader {
        let mut request = Request::builder().uri(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Body::empty()).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        EventReader { body: response.into_body(), buffer: String::new() }
    }

    /// The status of a request whose answer is a never-ending stream.
    pub async fn stream_status(&self, path: &str, cookie: Option<&str>) -> StatusCode {
        let mut request = Request::builder().uri(path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap().status()
    }
}

impl EventReader {
    /// The next event (heartbeats skipped); panics after 10 s of silence, which only guards
    /// against hanging.
    pub async fn next(&mut self) -> SseEvent {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let crate::common::SseFields { name, data, .. } = crate::common::sse_fields(&block);
                if name.is_empty() || name == "heartbeat" {
                    continue;
                }
                return SseEvent { name, data: serde_json::from_str(&data).unwrap() };
            }
            let frame = tokio::time::timeout(std::time::Duration::from_secs(10), self.body.frame())
                .await
                .expect("an event within 10 s")
                .expect("the stream stays open")
                .unwrap();
            if let Ok(bytes) = frame.into_data() {
                self.buffer.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
    }
}
