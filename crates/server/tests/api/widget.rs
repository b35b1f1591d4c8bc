//! The item-sidebar widget: tickets the host product asks for with its integration token,
//! exchanged once for a session limited to one item's conversation; the panel's page framed
//! only by the company's listed origins.

use axum::body::Body;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{ALICE, BRUNO, TestApp, png, text};

/// The company's integration token, after Alice (admin) lists `origins` for the widget.
async fn integration_token(app: &TestApp, origins: &[&str]) -> String {
    let alice = app.login(ALICE).await;
    let mut settings = app.get("/api/v1/admin/settings", &alice).await.body;
    settings["widget_origins"] = json!(origins);
    assert_eq!(app.put("/api/v1/admin/settings", &alice, settings).await.status, StatusCode::OK);
    let token = app.post("/api/v1/admin/integration-token", &alice, json!({})).await;
    token.body["token"].as_str().unwrap().to_owned()
}

/// A ticket for Bruno on an item of Les Tilleuls, by the demo's host ids: `rfi-12` has a
/// conversation, `submittal-4` none yet.
async fn ticket(app: &TestApp, token: &str, item: &str) -> String {
    let request = json!({ "user": BRUNO, "project": "2024-017", "item": item });
    let answer = app
        .integration(Method::POST, "/api/v1/integration/widget-tickets", token, Some(request))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["ticket"].as_str().unwrap().to_owned()
}

async fn exchange(app: &TestApp, ticket: &str) -> (StatusCode, Value) {
    let answer = app
        .call(Method::POST, "/api/v1/widget/session", None, Some(json!({ "ticket": ticket })))
        .await;
    (answer.status, answer.body)
}

#[tokio::test]
async fn a_ticket_opens_one_items_conversation_once_and_nothing_else() {
    let app = TestApp::new().await;
    let token = integration_token(&app, &[]).await;
    let ticket = ticket(&app, &token, "submittal-4").await;
    let (status, session) = exchange(&app, &ticket).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    assert_eq!(session["me"]["name"], "Bruno Martin");
    assert_eq!(session["item"]["number"], "4");
    assert_eq!(session["item"]["tool"], "submittal");
    let item = session["item"]["id"].as_i64().unwrap();
    let widget = session["token"].as_str().unwrap().to_owned();
    let call = |method: Method, path: String, body: Option<Value>| {
        let (app, widget) = (&app, widget.clone());
        async move { app.integration(method, &path, &widget, body).await }
    };

    // Once only.
    let (again, refusal) = exchange(&app, &ticket).await;
    assert_eq!(again, StatusCode::FORBIDDEN);
    assert_eq!(refusal["error"]["reason"], "expired");

    assert_eq!(call(Method::GET, "/api/v1/me".into(), None).await.body["name"], "Bruno Martin");
    let path = format!("/api/v1/items/{item}/conversation");
    assert_eq!(
        call(Method::GET, path.clone(), None).await.status,
        StatusCode::NOT_FOUND,
        "not started"
    );
    let started = call(Method::POST, path.clone(), None).await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    let conversation = started.body["id"].as_i64().unwrap();
    assert_eq!(call(Method::GET, path, None).await.body["id"], conversation);
    let send = json!({ "idempotency_key": "w1", "body": text("Depuis le panneau") });
    let sent =
        call(Method::POST, format!("/api/v1/conversations/{conversation}/messages"), Some(send))
            .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let page =
        call(Method::GET, format!("/api/v1/conversations/{conversation}/messages"), None).await;
    assert_eq!(page.body["messages"][0]["body"], text("Depuis le panneau"));

    // Nothing else of the company: not the list, not another conversation, not another item.
    let bruno = app.login(BRUNO).await;
    let other = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    for (method, path, status) in [
        (Method::GET, "/api/v1/conversations".to_owned(), StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/search?q=gaines".to_owned(), StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/people".to_owned(), StatusCode::FORBIDDEN),
        (Method::GET, format!("/api/v1/conversations/{other}"), StatusCode::NOT_FOUND),
        (Method::GET, format!("/api/v1/conversations/{other}/messages"), StatusCode::NOT_FOUND),
        (Method::POST, format!("/api/v1/items/{}/conversation", item + 1), StatusCode::NOT_FOUND),
    ] {
        assert_eq!(call(method, path.clone(), None).await.status, status, "{path}");
    }
    // The person's own session sees the message, in their conversation list.
    let list = app.get("/api/v1/conversations", &bruno).await.body;
    assert!(list.as_array().unwrap().iter().any(|c| c["id"] == conversation));
}

#[tokio::test]
async fn an_expired_ticket_or_a_stranger_is_refused() {
    let app = TestApp::new().await;
    let token = integration_token(&app, &[]).await;
    let ticket = ticket(&app, &token, "rfi-12").await;
    app.clock.advance(parlons_api::WIDGET_TICKET_LIFETIME_MS + 1);
    assert_eq!(exchange(&app, &ticket).await.0, StatusCode::FORBIDDEN, "expired");
    assert_eq!(exchange(&app, "made-up").await.0, StatusCode::FORBIDDEN);
    let unknown = json!({ "user": "nobody@example.com", "project": "2024-017", "item": "rfi-12" });
    let refused = app
        .integration(Method::POST, "/api/v1/integration/widget-tickets", &token, Some(unknown))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let answer = app
        .integration(
            Method::POST,
            "/api/v1/integration/widget-tickets",
            "wrong",
            Some(json!({ "user": BRUNO, "project": "2024-017", "item": "rfi-12" })),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "only with the integration token");
}

#[tokio::test]
async fn the_widgets_stream_carries_only_its_items_conversation_and_what_me_says() {
    let app = TestApp::new().await;
    let token = integration_token(&app, &[]).await;
    let (_, session) = exchange(&app, &ticket(&app, &token, "submittal-4").await).await;
    let widget = session["token"].as_str().unwrap().to_owned();
    let item = session["item"]["id"].as_i64().unwrap();
    let path = format!("/api/v1/events?access_token={widget}");
    let mut stream = app.stream(&path, &[]).await;

    // Something in another conversation of Bruno's: not for the panel.
    let bruno = app.login(BRUNO).await;
    let other = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let send = |key: &str, words: &str| json!({ "idempotency_key": key, "body": text(words) });
    let path_other = format!("/api/v1/conversations/{other}/messages");
    assert_eq!(
        app.post(&path_other, &bruno, send("o1", "Ailleurs")).await.status,
        StatusCode::CREATED
    );
    // The item's conversation, started in the app by Bruno himself: the panel learns of it.
    let started = app.post(&format!("/api/v1/items/{item}/conversation"), &bruno, json!({})).await;
    let conversation = started.body["id"].as_i64().unwrap();
    let path_item = format!("/api/v1/conversations/{conversation}/messages");
    assert_eq!(
        app.post(&path_item, &bruno, send("i1", "Sur la RFI")).await.status,
        StatusCode::CREATED
    );

    let first = stream.next().await;
    assert_eq!(first.name, "conversation.created");
    assert_eq!(first.data["conversation"]["id"], conversation);
    let second = stream.next().await;
    assert_eq!(second.name, "message.created");
    assert_eq!(
        second.data["message"]["body"],
        text("Sur la RFI"),
        "nothing of the other conversation"
    );
    // What `GET /me` says changed (edit/delete off): the panel is told too.
    let alice = app.login(ALICE).await;
    let mut settings = app.get("/api/v1/admin/settings", &alice).await.body;
    settings["edit_delete"] = json!(false);
    assert_eq!(app.put("/api/v1/admin/settings", &alice, settings).await.status, StatusCode::OK);
    assert_eq!(stream.next().await.name, "me.changed");
}

#[tokio::test]
async fn only_the_listed_origins_may_frame_the_panel_and_nothing_frames_the_app() {
    let app = TestApp::new().await;
    let token = integration_token(&app, &["https://tools.example.com"]).await;
    let ticket = ticket(&app, &token, "rfi-12").await;
    let policy = |raw: &crate::support::Raw| raw.header("content-security-policy").to_owned();
    let embed = app
        .raw(
            Method::GET,
            &format!("/embed/items/rfi/rfi-12?project=2024-017&ticket={ticket}"),
            None,
            &[],
            Body::empty(),
        )
        .await;
    assert!(
        policy(&embed).ends_with("frame-ancestors 'self' https://tools.example.com"),
        "{}",
        policy(&embed)
    );
    assert!(policy(&embed).contains("script-src 'self' 'wasm-unsafe-eval'"));
    assert_eq!(embed.header("cache-control"), "no-store");
    let unknown =
        app.raw(Method::GET, "/embed/items/rfi/rfi-12?ticket=nope", None, &[], Body::empty()).await;
    assert!(policy(&unknown).ends_with("frame-ancestors 'self'"), "{}", policy(&unknown));
    let page = app.raw(Method::GET, "/conversations", None, &[], Body::empty()).await;
    assert!(policy(&page).ends_with("frame-ancestors 'none'"), "{}", policy(&page));
}

#[tokio::test]
async fn on_the_apps_own_site_the_persons_session_opens_the_panel_of_an_item_they_may_read() {
    let app = TestApp::new().await;
    integration_token(&app, &["https://tools.example.com"]).await;
    let bruno = app.login(BRUNO).await;
    let path = |item: &str| format!("/api/v1/items/by-host-ids?project=2024-017&item={item}");
    let started = app.get(&path("rfi-12"), &bruno).await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    assert_eq!(started.body["number"], "12");
    let not_started = app.get(&path("submittal-4"), &bruno).await;
    assert_eq!(not_started.status, StatusCode::OK, "{}", not_started.body);
    let item = not_started.body["id"].as_i64().unwrap();
    let conversation = app.get(&format!("/api/v1/items/{item}/conversation"), &bruno).await;
    assert_eq!(conversation.status, StatusCode::NOT_FOUND, "looking did not start it");
    // Farid is not in the project's Directory; nobody finds what does not exist.
    let farid = app.login(crate::support::FARID).await;
    assert_eq!(app.get(&path("rfi-12"), &farid).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&path("submittal-4"), &farid).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&path("rfi-99"), &bruno).await.status, StatusCode::NOT_FOUND);
    // The panel's page takes the company's origins from the person's session.
    let embed = app
        .raw(
            Method::GET,
            "/embed/items/rfi/rfi-12?project=2024-017",
            Some(&bruno),
            &[],
            Body::empty(),
        )
        .await;
    let policy = embed.header("content-security-policy");
    assert!(policy.ends_with("frame-ancestors 'self' https://tools.example.com"), "{policy}");
}

/// The panel's `<img>` and download links carry no header: its token goes in their address,
/// for its conversation's files only.
#[tokio::test]
async fn the_panel_loads_its_conversations_files_with_its_token_in_the_address() {
    let app = TestApp::new().await;
    let token = integration_token(&app, &[]).await;
    let (_, session) = exchange(&app, &ticket(&app, &token, "rfi-12").await).await;
    let widget = session["token"].as_str().unwrap().to_owned();
    let item = session["item"]["id"].as_i64().unwrap();
    let bruno = app.login(BRUNO).await;
    let send = |conversation: i64, key: &'static str| {
        let bruno = bruno.clone();
        let app = &app;
        async move {
            let file = app.upload(&bruno, "plan.png", &png(40, 30)).await;
            let body =
                json!({ "idempotency_key": key, "body": text(""), "attachment_ids": [file] });
            let path = format!("/api/v1/conversations/{conversation}/messages");
            let sent = app.post(&path, &bruno, body).await;
            assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
            sent.body["attachments"][0]["id"].as_i64().unwrap()
        }
    };
    let rfi = app.get(&format!("/api/v1/items/{item}/conversation"), &bruno).await.body["id"]
        .as_i64()
        .unwrap();
    let on_rfi = send(rfi, "rfi").await;
    let elsewhere =
        send(app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await, "other").await;

    let status = |path: String| {
        let app = &app;
        async move { app.raw(Method::GET, &path, None, &[], Body::empty()).await.status }
    };
    for file in
        [format!("/api/v1/attachments/{on_rfi}"), format!("/api/v1/attachments/{on_rfi}/preview")]
    {
        assert_eq!(status(format!("{file}?access_token={widget}")).await, StatusCode::OK, "{file}");
        assert_eq!(status(file.clone()).await, StatusCode::UNAUTHORIZED, "{file} without it");
    }
    let other = format!("/api/v1/attachments/{elsewhere}?access_token={widget}");
    assert_eq!(status(other).await, StatusCode::NOT_FOUND, "another conversation's file");
    // Only what a browser loads itself: the API's other routes want the header.
    assert_eq!(status(format!("/api/v1/me?access_token={widget}")).await, StatusCode::UNAUTHORIZED);
}
