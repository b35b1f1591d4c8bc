//! What the admin pages rely on: the export streamed a page at a time, the widget's host
//! origins, and an audit log of every admin action, filtered and paged.

use axum::body::Body;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{ALICE, BRUNO, TestApp, text};

async fn send(app: &TestApp, cookie: &str, conversation: i64, key: &str) {
    let path = format!("/api/v1/conversations/{conversation}/messages");
    let sent = app.post(&path, cookie, json!({ "idempotency_key": key, "body": text(key) })).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
}

#[tokio::test]
async fn the_export_is_one_json_file_whatever_the_number_of_pages() {
    let app = TestApp::new().await;
    let alice = app.login(ALICE).await;
    let bruno = app.login(BRUNO).await;
    let first = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let second = app.conversation_with(&bruno, &["Alice Durand", "Bruno Martin"]).await;
    let start = app.clock.now_ms();
    // More messages than the export reads at a time (500), in two conversations, so that
    // pages end inside a conversation and a conversation starts inside a page.
    for i in 0..3 {
        send(&app, &bruno, second, &format!("second-{i}")).await;
    }
    for i in 0..520 {
        send(&app, &bruno, first, &format!("first-{i}")).await;
    }
    for i in 3..6 {
        send(&app, &bruno, second, &format!("second-{i}")).await;
    }
    let end = app.clock.now_ms() + 1;

    let path = format!("/api/v1/admin/export?from={start}&to={end}");
    let export = app.raw(Method::GET, &path, Some(&alice), &[], Body::empty()).await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.text());
    assert_eq!(export.header("content-type"), "application/json");
    assert_eq!(
        export.header("content-disposition"),
        format!("attachment; filename=\"parlons-export-{start}-{end}.json\"")
    );
    let export: Value = serde_json::from_slice(&export.bytes).expect("the export is valid JSON");
    assert_eq!(export["generated_by"]["name"], "Alice Durand");
    let conversations = export["conversations"].as_array().unwrap();
    let ids: Vec<i64> = conversations.iter().map(|c| c["id"].as_i64().unwrap()).collect();
    let mut sorted = vec![first, second];
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "each conversation once, by id");
    let texts = |id: i64| -> Vec<String> {
        let conversation = conversations.iter().find(|c| c["id"] == id).unwrap();
        assert!(conversation["participants"].as_array().is_some_and(|p| p.len() == 2));
        let messages = conversation["messages"].as_array().unwrap();
        messages
            .iter()
            .map(|m| m["body"]["blocks"][0]["content"][0]["text"].as_str().unwrap().to_owned())
            .collect()
    };
    let expected: Vec<String> = (0..520).map(|i| format!("first-{i}")).collect();
    assert_eq!(texts(first), expected, "every message, oldest first");
    let expected: Vec<String> = (0..6).map(|i| format!("second-{i}")).collect();
    assert_eq!(texts(second), expected);

    // An empty period is an empty list, still one JSON document.
    let empty = app.get(&format!("/api/v1/admin/export?from={end}&to={}", end + 1), &alice).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert_eq!(empty.body["conversations"], json!([]));
}

#[tokio::test]
async fn widget_origins_are_kept_as_browsers_write_them_and_nonsense_is_refused() {
    let app = TestApp::new().await;
    let alice = app.login(ALICE).await;
    let mut settings = app.get("/api/v1/admin/settings", &alice).await.body;
    assert_eq!(settings["widget_origins"], json!([]));
    settings["widget_origins"] = json!([
        "https://Tool.Example.com/",
        "http://127.0.0.1:8081",
        "https://tool.example.com:443"
    ]);
    let saved = app.put("/api/v1/admin/settings", &alice, settings.clone()).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let kept = json!(["https://tool.example.com", "http://127.0.0.1:8081"]);
    assert_eq!(saved.body["widget_origins"], kept);
    assert_eq!(app.get("/api/v1/admin/settings", &alice).await.body["widget_origins"], kept);

    settings["widget_origins"] = json!(["https://tool.example.com", "tool.example.com/rfi"]);
    let refused = app.put("/api/v1/admin/settings", &alice, settings.clone()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["error"]["field"], "widget_origins[1]", "{}", refused.body);
    assert_eq!(refused.body["error"]["reason"], "not_an_origin");
    settings["widget_origins"] =
        (0..21).map(|i| format!("https://host{i}.example")).collect::<Vec<_>>().into();
    let too_many = app.put("/api/v1/admin/settings", &alice, settings).await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.get("/api/v1/admin/settings", &alice).await.body["widget_origins"],
        kept,
        "nothing lost"
    );
}

#[tokio::test]
async fn every_admin_action_is_in_the_audit_log_filtered_and_paged() {
    let app = TestApp::new().await;
    let alice = app.login(ALICE).await;
    let mut settings = app.get("/api/v1/admin/settings", &alice).await.body;
    settings["direct_messages"] = json!("off");
    assert_eq!(app.put("/api/v1/admin/settings", &alice, settings).await.status, StatusCode::OK);
    let token = app.post("/api/v1/admin/integration-token", &alice, json!({})).await;
    assert_eq!(token.status, StatusCode::OK);
    let export = app.get("/api/v1/admin/export?from=0&to=1", &alice).await;
    assert_eq!(export.status, StatusCode::OK);

    let log = app.get("/api/v1/admin/audit-log", &alice).await.body;
    let kinds: Vec<&str> =
        log.as_array().unwrap().iter().map(|e| e["action"]["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["export", "integration_token_rotated", "settings_changed"], "newest first");
    assert!(log.as_array().unwrap().iter().all(|e| e["actor"]["name"] == "Alice Durand"));
    assert_eq!(log[2]["action"]["settings"]["direct_messages"], "off", "what the settings became");

    let only = app.get("/api/v1/admin/audit-log?action=settings_changed", &alice).await.body;
    assert_eq!(only.as_array().unwrap().len(), 1);
    assert_eq!(only[0]["id"], log[2]["id"]);

    let page = app.get("/api/v1/admin/audit-log?limit=2", &alice).await.body;
    assert_eq!(page.as_array().unwrap().len(), 2);
    let before = page[1]["id"].as_i64().unwrap();
    let next =
        app.get(&format!("/api/v1/admin/audit-log?limit=2&before={before}"), &alice).await.body;
    assert_eq!(next, json!([log[2]]), "the next page starts after the last entry seen");

    for bad in ["limit=0", "limit=201", "action=deleted_everything"] {
        let answer = app.get(&format!("/api/v1/admin/audit-log?{bad}"), &alice).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad}: {}", answer.body);
    }
    let bruno = app.login(BRUNO).await;
    assert_eq!(app.get("/api/v1/admin/audit-log", &bruno).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_open_app_is_told_when_what_me_says_changes_and_only_then() {
    let app = TestApp::new().await;
    let alice = app.login(ALICE).await;
    let bruno = app.login(BRUNO).await;
    let me = app.get("/api/v1/me", &bruno).await.body;
    assert_eq!(
        (me["edit_delete"].clone(), me["manage_groups"].clone()),
        (json!(true), json!(false))
    );
    let mut events = app.events(&bruno).await;

    // Only the widget origins change: nothing `GET /me` says, nothing to tell.
    let mut settings = app.get("/api/v1/admin/settings", &alice).await.body;
    settings["widget_origins"] = json!(["https://tool.example.com"]);
    assert_eq!(
        app.put("/api/v1/admin/settings", &alice, settings.clone()).await.status,
        StatusCode::OK
    );
    // Edit/delete off and groups for everyone: told once, and `GET /me` says so.
    settings["edit_delete"] = json!(false);
    settings["group_managers"] = json!("everyone");
    assert_eq!(app.put("/api/v1/admin/settings", &alice, settings).await.status, StatusCode::OK);
    let told = events.next().await;
    assert_eq!(told.name, "me.changed", "the first event is of the second change: {}", told.data);
    let me = app.get("/api/v1/me", &bruno).await.body;
    assert_eq!(
        (me["edit_delete"].clone(), me["manage_groups"].clone()),
        (json!(false), json!(true))
    );
    // Nothing more of it: the next event is a message sent afterwards.
    let conversation = app.conversation_with(&bruno, &["Alice Durand", "Bruno Martin"]).await;
    send(&app, &alice, conversation, "after").await;
    assert_eq!(events.next().await.name, "message.created");
}
