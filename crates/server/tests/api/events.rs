//! The event stream on a real port: a message reaches its participants live, and only them;
//! a reconnecting stream resumes after its last event without gap or repeat.

use std::time::Duration;

use futures_util::StreamExt;
use parlons_server::app;
use reqwest::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use serde_json::{Value, json};

use crate::common::{SseFields, conversation_with, sse_fields};
use crate::support::{BRUNO, CHLOE, DAVID, state, state_on, text};

/// A server on a free port of the loopback interface.
async fn serve() -> (String, tempfile::TempDir) {
    let (state, _clock, dir) = state().await;
    (serve_state(state, &dir).await, dir)
}

async fn serve_state(state: parlons_server::AppState, dir: &tempfile::TempDir) -> String {
    let router = app(state, &dir.path().join("dist"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    base
}

struct Client {
    http: reqwest::Client,
    base: String,
    cookie: String,
}

impl Client {
    async fn login(base: &str, email: &str) -> Self {
        let http = reqwest::Client::new();
        let response = http
            .post(format!("{base}/api/v1/session"))
            .json(&json!({ "email": email, "password": "parlons-demo" }))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
        let cookie =
            response.headers()[SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
        Self { http, base: base.to_owned(), cookie }
    }

    async fn get(&self, path: &str) -> Value {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .header(COOKIE, &self.cookie)
            .send()
            .await
            .unwrap();
        response.json().await.unwrap()
    }

    async fn send(&self, conversation: i64, key: &str, message: &str) -> Value {
        let response = self
            .http
            .post(format!("{}/api/v1/conversations/{conversation}/messages", self.base))
            .header(COOKIE, &self.cookie)
            .header(CONTENT_TYPE, "application/json")
            .body(json!({ "idempotency_key": key, "body": text(message) }).to_string())
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
        response.json().await.unwrap()
    }

    async fn conversation_with(&self, names: &[&str]) -> i64 {
        let list = self.get("/api/v1/conversations").await;
        conversation_with(&list, names, None).unwrap()
    }

    async fn events(&self, last_event_id: Option<&str>) -> Events {
        self.events_at("/api/v1/events", last_event_id).await
    }

    async fn events_at(&self, path: &str, last_event_id: Option<&str>) -> Events {
        let mut request =
            self.http.get(format!("{}{path}", self.base)).header(COOKIE, &self.cookie);
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(
            response.headers()[CONTENT_TYPE].to_str().unwrap().starts_with("text/event-stream")
        );
        Events { body: Box::pin(response.bytes_stream()), buffer: String::new() }
    }
}

/// One parsed SSE event.
#[derive(Debug)]
struct SseEvent {
    id: String,
    name: String,
    data: Value,
}

struct Events {
    body: std::pin::Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    buffer: String,
}

impl Events {
    /// The next event (heartbeats skipped); panics after 10 s of silence, which only guards
    /// against hanging, never measures anything.
    async fn next(&mut self) -> SseEvent {
        loop {
            let event = self.next_or_heartbeat().await;
            if event.name != "heartbeat" {
                return event;
            }
        }
    }

    async fn next_or_heartbeat(&mut self) -> SseEvent {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let SseFields { id, name, data } = sse_fields(&block);
                if name.is_empty() {
                    continue;
                }
                let (id, data) = (id.unwrap_or_default(), serde_json::from_str(&data).unwrap());
                return SseEvent { id, name, data };
            }
            let chunk = tokio::time::timeout(Duration::from_secs(10), self.body.next())
                .await
                .expect("an event within 10 s")
                .expect("the stream stays open")
                .unwrap();
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

#[tokio::test]
async fn a_message_reaches_its_participants_live_and_nobody_else() {
    let (base, _dir) = serve().await;
    let bruno = Client::login(&base, BRUNO).await;
    let david = Client::login(&base, DAVID).await;
    let chloe = Client::login(&base, CHLOE).await;
    let mut david_events = david.events(None).await;
    let mut chloe_events = chloe.events(None).await;
    let mut bruno_events = bruno.events(None).await;

    let gaines = bruno.conversation_with(&["Bruno Martin", "David Roux"]).await;
    let sent = bruno.send(gaines, "live-1", "Livraison des fourreaux demain").await;

    let event = david_events.next().await;
    assert_eq!(event.name, "message.created");
    assert_eq!(event.data["type"], "message.created");
    assert_eq!(event.data["message"]["id"], sent["id"]);
    assert_eq!(event.data["message"]["body"], text("Livraison des fourreaux demain"));
    assert!(event.id.parse::<i64>().unwrap() > 0);
    // The author's other tabs hear of it too.
    assert_eq!(bruno_events.next().await.data["message"]["id"], sent["id"]);

    // Chloé is on the same project but not in that conversation. Events reach each user in
    // order, so if the next thing she hears is a later message of her own conversation, she
    // never heard of the first one.
    let tableaux = bruno.conversation_with(&["Bruno Martin", "Chloé Bernard", "Emma Petit"]).await;
    let marker = bruno.send(tableaux, "live-2", "Réunion de chantier à 9 h").await;
    let first_for_chloe = chloe_events.next().await;
    assert_eq!(first_for_chloe.data["message"]["id"], marker["id"]);
    assert_eq!(first_for_chloe.data["message"]["conversation_id"], tableaux);
}

#[tokio::test]
async fn a_stream_resumes_after_its_last_event_without_gap_or_repeat() {
    let (base, _dir) = serve().await;
    let bruno = Client::login(&base, BRUNO).await;
    let david = Client::login(&base, DAVID).await;
    let gaines = bruno.conversation_with(&["Bruno Martin", "David Roux"]).await;

    let mut first = david.events(None).await;
    bruno.send(gaines, "r1", "un").await;
    let one = first.next().await;
    drop(first);
    // Sent while David is disconnected.
    bruno.send(gaines, "r2", "deux").await;
    bruno.send(gaines, "r3", "trois").await;

    let mut resumed = david.events(Some(&one.id)).await;
    let two = resumed.next().await;
    let three = resumed.next().await;
    assert_eq!(two.data["message"]["body"], text("deux"));
    assert_eq!(three.data["message"]["body"], text("trois"));
    let ids: Vec<i64> = [&one, &two, &three].iter().map(|e| e.id.parse().unwrap()).collect();
    assert_eq!(ids, [ids[0], ids[0] + 1, ids[0] + 2], "consecutive per-user sequence");

    // A new connection without Last-Event-ID starts with what comes next.
    let mut fresh = david.events(None).await;
    bruno.send(gaines, "r4", "quatre").await;
    assert_eq!(fresh.next().await.data["message"]["body"], text("quatre"));
    assert_eq!(resumed.next().await.data["message"]["body"], text("quatre"));

    // An id this stream never sent is no place to resume from: refused, not ignored.
    for id in ["abc", "9223372036854775808"] {
        let refused = david
            .http
            .get(format!("{}/api/v1/events", david.base))
            .header(COOKIE, &david.cookie)
            .header("Last-Event-ID", id)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 400, "Last-Event-ID: {id}");
    }
}

#[tokio::test]
async fn a_stream_opens_with_its_position_then_heartbeats_while_silent() {
    let (mut state, _clock, dir) = state().await;
    state.heartbeat = Some(Duration::from_millis(100));
    let base = serve_state(state, &dir).await;
    let david = Client::login(&base, DAVID).await;
    let mut stream = david.events(None).await;
    let opening = stream.next_or_heartbeat().await;
    assert_eq!(opening.name, "heartbeat");
    let position: i64 = opening.id.parse().expect("the opening heartbeat carries the position");
    for _ in 0..2 {
        let beat = stream.next_or_heartbeat().await;
        assert_eq!(beat.name, "heartbeat");
        assert_eq!(beat.data, json!({}));
        assert_eq!(beat.id, "", "a heartbeat does not move the client's position");
    }
    // The position is the one just before the next event.
    let bruno = Client::login(&base, BRUNO).await;
    let gaines = bruno.conversation_with(&["Bruno Martin", "David Roux"]).await;
    bruno.send(gaines, "h1", "un").await;
    assert_eq!(stream.next().await.id, (position + 1).to_string());
}

#[tokio::test]
async fn a_new_event_source_resumes_from_the_query_parameter() {
    let (base, _dir) = serve().await;
    let bruno = Client::login(&base, BRUNO).await;
    let david = Client::login(&base, DAVID).await;
    let gaines = bruno.conversation_with(&["Bruno Martin", "David Roux"]).await;
    let mut first = david.events(None).await;
    bruno.send(gaines, "q1", "un").await;
    let one = first.next().await;
    drop(first);
    bruno.send(gaines, "q2", "deux").await;

    let path = format!("/api/v1/events?last_event_id={}", one.id);
    let mut resumed = david.events_at(&path, None).await;
    let two = resumed.next().await;
    assert_eq!(two.data["message"]["body"], text("deux"));
    assert_eq!(two.id.parse::<i64>().unwrap(), one.id.parse::<i64>().unwrap() + 1);
    // The header, which a browser's own reconnection sends, wins over the address.
    let mut by_header = david.events_at("/api/v1/events?last_event_id=0", Some(&one.id)).await;
    assert_eq!(by_header.next().await.id, two.id);
}

#[tokio::test]
async fn a_client_behind_what_the_log_keeps_is_told_to_resync_then_goes_on_live() {
    let (state, clock, dir) = state().await;
    let store = state.store.clone();
    let base = serve_state(state, &dir).await;
    let bruno = Client::login(&base, BRUNO).await;
    let david = Client::login(&base, DAVID).await;
    let gaines = bruno.conversation_with(&["Bruno Martin", "David Roux"]).await;
    let mut first = david.events(None).await;
    bruno.send(gaines, "s1", "un").await;
    let one = first.next().await;
    drop(first);
    bruno.send(gaines, "s2", "deux").await;
    bruno.send(gaines, "s3", "trois").await;

    // Within the retention, nothing is pruned: David resumes exactly.
    clock.advance(60 * 60 * 1000);
    assert_eq!(parlons_server::events::prune(&store, clock_now(&clock)).await.unwrap(), 0);
    let mut exact = david.events(Some(&one.id)).await;
    assert_eq!(exact.next().await.data["message"]["body"], text("deux"));
    drop(exact);

    // Past it, what he missed is gone (all but the newest events, here none kept): resync.
    let newest = store.last_event_seq(parlons_api::UserId(david_id(&david).await)).await.unwrap();
    store.prune_events(clock_now(&clock), 0).await.unwrap();
    let mut late = david.events(Some(&one.id)).await;
    let resync = late.next().await;
    assert_eq!(resync.name, "resync");
    assert_eq!(resync.data, json!({ "type": "resync" }));
    assert_eq!(resync.id, newest.to_string(), "the client's position is now the newest event");
    bruno.send(gaines, "s4", "quatre").await;
    let four = late.next().await;
    assert_eq!(four.data["message"]["body"], text("quatre"));
    assert_eq!(four.id.parse::<i64>().unwrap(), newest + 1);

    // A client already at the newest event is not told anything.
    let mut current = david.events(Some(&four.id)).await;
    bruno.send(gaines, "s5", "cinq").await;
    assert_eq!(current.next().await.data["message"]["body"], text("cinq"));
}

#[tokio::test]
async fn the_log_keeps_a_day_of_events_and_each_users_newest_ones() {
    let app = crate::support::TestApp::new().await;
    let (store, clock) = (app.state.store.clone(), app.clock.clone());
    let bruno = app.login(BRUNO).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let david = parlons_api::UserId(app.user_id(DAVID).await);
    for n in 0..3 {
        let body = json!({ "idempotency_key": format!("k{n}"), "body": text("x") });
        app.post(&format!("/api/v1/conversations/{gaines}/messages"), &bruno, body).await;
    }
    let newest = store.last_event_seq(david).await.unwrap();
    // A day later, the newest two of each user stay, however old.
    clock.advance(25 * 60 * 60 * 1000);
    store.prune_events(clock_now(&clock), 2).await.unwrap();
    assert_eq!(store.oldest_event_seq(david).await.unwrap(), Some(newest - 1));
    // The server's own policy keeps the newest thousand.
    parlons_server::events::prune(&store, clock_now(&clock)).await.unwrap();
    assert_eq!(store.oldest_event_seq(david).await.unwrap(), Some(newest - 1));
}

fn clock_now(clock: &parlons_server::clock::ManualClock) -> parlons_api::Timestamp {
    parlons_api::Timestamp(clock.now_ms())
}

async fn david_id(david: &Client) -> i64 {
    david.get("/api/v1/me").await["id"].as_i64().unwrap()
}

/// Two server instances on one PostgreSQL database (SQLite has a single instance: this runs
/// in the PostgreSQL pass of the test command): what is committed through one reaches the
/// streams of the other, a session opened on one works on the other, and a stream that
/// moves to the other instance resumes without gap or repeat.
#[tokio::test]
async fn instances_on_one_database_share_events_sessions_and_positions() {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::common::fresh_database(dir.path()).await;
    let (first, _, _) = state_on(&database, dir.path()).await;
    if first.store.dialect() != parlons_server::store::Dialect::Postgres {
        return;
    }
    let (second, _, loaded_again) = state_on(&database, dir.path()).await;
    assert!(!loaded_again);
    for state in [&first, &second] {
        let relay =
            parlons_server::events::relay_other_instances(state.store.clone(), state.hub.clone());
        tokio::spawn(relay);
    }
    let one = serve_state(first, &dir).await;
    let other = serve_state(second, &dir).await;

    let bruno = Client::login(&one, BRUNO).await;
    let david_on_other = Client::login(&other, DAVID).await;
    let david_on_one = Client { base: one.clone(), ..Client::login(&other, DAVID).await };
    let bruno_on_other = Client { base: other.clone(), ..Client::login(&one, BRUNO).await };
    assert_eq!(
        bruno_on_other.get("/api/v1/me").await["email"],
        BRUNO,
        "session of one, used on the other"
    );

    let gaines = bruno.conversation_with(&["Bruno Martin", "David Roux"]).await;
    let mut david_events = david_on_other.events(None).await;
    let sent = bruno.send(gaines, "instances-1", "Envoyé par la première instance").await;
    let heard = david_events.next().await;
    assert_eq!(heard.name, "message.created");
    assert_eq!(heard.data["message"]["id"], sent["id"]);

    // Both instances write: the other instance's message reaches a stream on the first.
    let mut bruno_events = bruno.events(None).await;
    let reply = david_on_other.send(gaines, "instances-2", "Répondu par la seconde").await;
    assert_eq!(bruno_events.next().await.data["message"]["id"], reply["id"]);
    assert_eq!(david_events.next().await.data["message"]["id"], reply["id"], "own tabs too");

    // David's stream moves to the first instance, resuming after what the other sent him.
    drop(david_events);
    let missed = bruno.send(gaines, "instances-3", "Pendant la coupure").await;
    let mut resumed = david_on_one.events(Some(&heard.id)).await;
    let next = resumed.next().await;
    assert_eq!(next.data["message"]["id"], reply["id"], "nothing skipped");
    let then = resumed.next().await;
    assert_eq!(then.data["message"]["id"], missed["id"], "nothing repeated");
    assert_eq!(then.id.parse::<i64>().unwrap(), heard.id.parse::<i64>().unwrap() + 2);
}

/// The event stream over HTTP/2 without TLS (h2c), as a load balancer may speak it to the
/// server: many streams then share one connection, and an idle one costs a third of what it
/// costs over HTTP/1.1 (BENCHMARKS.md, issue 10).
#[tokio::test]
async fn event_streams_and_sends_work_over_http2() {
    let (base, _dir) = serve().await;
    let http2 = || reqwest::Client::builder().http2_prior_knowledge().build().unwrap();
    let bruno = Client { http: http2(), ..Client::login(&base, BRUNO).await };
    let david = Client { http: http2(), ..Client::login(&base, DAVID).await };
    let chloe = Client { http: david.http.clone(), ..Client::login(&base, CHLOE).await };
    let mut david_events = david.events(None).await;
    // Two streams on one connection.
    let mut chloe_events = chloe.events(None).await;

    let gaines = bruno.conversation_with(&["Bruno Martin", "David Roux"]).await;
    let sent = bruno.send(gaines, "h2-1", "Par HTTP/2").await;
    let heard = david_events.next().await;
    assert_eq!(heard.data["message"]["id"], sent["id"]);
    let tableaux = bruno.conversation_with(&["Bruno Martin", "Chloé Bernard", "Emma Petit"]).await;
    let other = bruno.send(tableaux, "h2-2", "Aussi par HTTP/2").await;
    assert_eq!(chloe_events.next().await.data["message"]["id"], other["id"]);

    let version = david.http.get(format!("{base}/api/v1/me")).send().await.unwrap().version();
    assert_eq!(version, reqwest::Version::HTTP_2);
}
