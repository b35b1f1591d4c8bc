//! The rules of PRODUCT.md section 3 and the company settings, each on and off.

use axum::http::{Method, StatusCode};
use parlons_api::UpsertDirectoryMember;
use parlons_api::{Document, EDIT_WINDOW_MS};
use serde_json::{Value, json};

use crate::support::{ALICE, BRUNO, CHLOE, DAVID, EMMA, FARID, TestApp, text};

async fn send(app: &TestApp, cookie: &str, conversation: i64, key: &str, message: &str) -> Value {
    let path = format!("/api/v1/conversations/{conversation}/messages");
    let sent =
        app.post(&path, cookie, json!({ "idempotency_key": key, "body": text(message) })).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    sent.body
}

async fn settings(app: &TestApp, change: impl FnOnce(&mut Value)) {
    let alice = app.login(ALICE).await;
    let mut settings = app.get("/api/v1/admin/settings", &alice).await.body;
    change(&mut settings);
    let saved = app.put("/api/v1/admin/settings", &alice, settings).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
}

#[tokio::test]
async fn own_messages_can_be_edited_and_deleted_for_five_minutes_only() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let david = app.login(DAVID).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let first = send(&app, &bruno, gaines, "e1", "Rendez-vous à 8 h").await;
    let id = first["id"].as_i64().unwrap();

    // Someone else's message: never.
    let theirs = app
        .patch(&format!("/api/v1/messages/{id}"), &david, json!({ "body": text("piraté") }))
        .await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);

    app.clock.advance(EDIT_WINDOW_MS - 1_000);
    let edited = app
        .patch(
            &format!("/api/v1/messages/{id}"),
            &bruno,
            json!({ "body": text("Rendez-vous à 9 h") }),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    assert!(edited.body["edited_at"].is_i64());
    let page = app.get(&format!("/api/v1/conversations/{gaines}/messages"), &david).await.body;
    let seen = page["messages"].as_array().unwrap().iter().find(|m| m["id"] == id).unwrap().clone();
    assert_eq!(seen["body"], text("Rendez-vous à 9 h"));
    assert!(seen["edited_at"].is_i64(), "readers see it was edited");

    app.clock.advance(2_000);
    let late = app
        .patch(&format!("/api/v1/messages/{id}"), &bruno, json!({ "body": text("trop tard") }))
        .await;
    assert_eq!(late.status, StatusCode::FORBIDDEN);
    assert!(late.body["error"]["message"].as_str().unwrap().contains("5 minutes"));
    let late_delete = app.delete(&format!("/api/v1/messages/{id}"), &bruno).await;
    assert_eq!(late_delete.status, StatusCode::FORBIDDEN);

    // A fresh message can be deleted: a tombstone for everyone, the text never served again.
    let second = send(&app, &bruno, gaines, "e2", "Message confidentiel envoyé par erreur").await;
    let second_id = second["id"].as_i64().unwrap();
    let deleted = app.delete(&format!("/api/v1/messages/{second_id}"), &bruno).await;
    assert_eq!(deleted.status, StatusCode::OK);
    assert_eq!(deleted.body["deleted"]["by"]["name"], "Bruno Martin");
    let page = app.get(&format!("/api/v1/conversations/{gaines}/messages"), &david).await;
    let tombstone = page.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == second_id)
        .unwrap()
        .clone();
    assert_eq!(tombstone["body"], serde_json::to_value(Document::default()).unwrap());
    assert!(tombstone["deleted"]["at"].is_i64());
    assert!(!page.body.to_string().contains("confidentiel envoyé"));
    let found = app.get("/api/v1/search?q=confidentiel", &bruno).await.body;
    assert_eq!(
        found["messages"].as_array().unwrap().len(),
        0,
        "a deleted message is out of search"
    );
    let again = app.delete(&format!("/api/v1/messages/{second_id}"), &bruno).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn edit_and_delete_can_be_turned_off() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let sent = send(&app, &bruno, gaines, "off-1", "texte").await;
    settings(&app, |s| s["edit_delete"] = json!(false)).await;
    let id = sent["id"].as_i64().unwrap();
    let edit = app
        .patch(&format!("/api/v1/messages/{id}"), &bruno, json!({ "body": text("autre") }))
        .await;
    assert_eq!(edit.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.delete(&format!("/api/v1/messages/{id}"), &bruno).await.status,
        StatusCode::FORBIDDEN
    );
    settings(&app, |s| s["edit_delete"] = json!(true)).await;
    let edit = app
        .patch(&format!("/api/v1/messages/{id}"), &bruno, json!({ "body": text("autre") }))
        .await;
    assert_eq!(edit.status, StatusCode::OK);
}

#[tokio::test]
async fn conversations_can_be_kept_to_internal_employees() {
    let app = TestApp::new().await;
    let david = app.login(DAVID).await;
    let bruno = app.login(BRUNO).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    assert_eq!(
        app.get(&format!("/api/v1/conversations/{gaines}"), &david).await.status,
        StatusCode::OK
    );
    settings(&app, |s| s["audience"] = json!("internal")).await;
    assert_eq!(
        app.get(&format!("/api/v1/conversations/{gaines}"), &david).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/api/v1/conversations", &david).await.body, json!([]));
    assert_eq!(
        app.get(&format!("/api/v1/conversations/{gaines}"), &bruno).await.status,
        StatusCode::OK
    );
    settings(&app, |s| s["audience"] = json!("all")).await;
    assert_eq!(
        app.get(&format!("/api/v1/conversations/{gaines}"), &david).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn conversations_can_be_kept_to_selected_projects() {
    let app = TestApp::new().await;
    let chloe = app.login(CHLOE).await;
    let projects = app.get("/api/v1/projects", &chloe).await.body;
    let id_of = |name: &str| {
        projects.as_array().unwrap().iter().find(|p| p["name"] == name).unwrap()["id"].clone()
    };
    let tilleuls = id_of("Résidence Les Tilleuls");
    let tableaux =
        app.conversation_with(&chloe, &["Bruno Martin", "Chloé Bernard", "Emma Petit"]).await;
    let preau = app.conversation_with(&chloe, &["Chloé Bernard", "Farid Haddad"]).await;
    settings(&app, |s| {
        s["all_projects"] = json!(false);
        s["selected_projects"] = json!([tilleuls]);
    })
    .await;
    assert_eq!(
        app.get(&format!("/api/v1/conversations/{tableaux}"), &chloe).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("/api/v1/conversations/{preau}"), &chloe).await.status,
        StatusCode::NOT_FOUND
    );
    let farid = app.user_id(FARID).await;
    let ecole = id_of("École Jules-Ferry — extension");
    let start = app
        .post(
            "/api/v1/conversations/direct",
            &chloe,
            json!({ "project_id": ecole, "participant_ids": [farid] }),
        )
        .await;
    assert_eq!(start.status, StatusCode::FORBIDDEN);
    settings(&app, |s| s["all_projects"] = json!(true)).await;
    assert_eq!(
        app.get(&format!("/api/v1/conversations/{preau}"), &chloe).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn direct_messages_for_everyone_internal_only_or_off() {
    let app = TestApp::new().await;
    let david = app.login(DAVID).await;
    let bruno = app.login(BRUNO).await;
    let emma = app.user_id(EMMA).await;
    let chloe = app.user_id(CHLOE).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let start = |cookie: String, other: i64| {
        let app = &app;
        async move {
            app.post(
                "/api/v1/conversations/direct",
                &cookie,
                json!({ "project_id": null, "participant_ids": [other] }),
            )
            .await
            .status
        }
    };
    assert_eq!(start(david.clone(), emma).await, StatusCode::CREATED);

    settings(&app, |s| s["direct_messages"] = json!("internal")).await;
    assert_eq!(
        start(david.clone(), chloe).await,
        StatusCode::FORBIDDEN,
        "externals may not start one"
    );
    assert_eq!(start(bruno.clone(), chloe).await, StatusCode::CREATED);
    assert_eq!(
        app.get(&format!("/api/v1/conversations/{gaines}"), &david).await.status,
        StatusCode::OK,
        "but take part"
    );

    settings(&app, |s| s["direct_messages"] = json!("off")).await;
    assert_eq!(start(bruno.clone(), emma).await, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&format!("/api/v1/conversations/{gaines}"), &bruno).await.status,
        StatusCode::NOT_FOUND
    );
    let list = app.get("/api/v1/conversations", &bruno).await.body;
    assert!(list.as_array().unwrap().iter().all(|c| c["kind"] != "direct"));

    settings(&app, |s| s["direct_messages"] = json!("everyone")).await;
    assert_eq!(
        app.get(&format!("/api/v1/conversations/{gaines}"), &bruno).await.status,
        StatusCode::OK,
        "nothing was lost"
    );
}

#[tokio::test]
async fn item_conversations_can_be_turned_off() {
    let app = TestApp::new().await;
    let david = app.login(DAVID).await;
    let list = app.get("/api/v1/conversations", &david).await.body;
    let item = list.as_array().unwrap().iter().find(|c| c["kind"] == "item").unwrap().clone();
    let (conversation, item_id) =
        (item["id"].as_i64().unwrap(), item["item"]["id"].as_i64().unwrap());
    settings(&app, |s| s["item_conversations"] = json!(false)).await;
    assert_eq!(
        app.get(&format!("/api/v1/conversations/{conversation}"), &david).await.status,
        StatusCode::NOT_FOUND
    );
    let open = app.post(&format!("/api/v1/items/{item_id}/conversation"), &david, json!({})).await;
    assert_eq!(open.status, StatusCode::NOT_FOUND);
    settings(&app, |s| s["item_conversations"] = json!(true)).await;
    let open = app.post(&format!("/api/v1/items/{item_id}/conversation"), &david, json!({})).await;
    assert_eq!(open.status, StatusCode::OK);
    assert_eq!(open.body["id"], conversation);
}

#[tokio::test]
async fn who_manages_groups_follows_the_setting() {
    let app = TestApp::new().await;
    let chloe = app.login(CHLOE).await;
    let emma = app.login(EMMA).await;
    let alice = app.login(ALICE).await;
    let projects = app.get("/api/v1/projects", &chloe).await.body;
    let tilleuls = projects
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Résidence Les Tilleuls")
        .unwrap()["id"]
        .clone();
    let create = |cookie: String, name: &'static str| {
        let app = &app;
        let tilleuls = tilleuls.clone();
        async move {
            app.post("/api/v1/groups", &cookie, json!({ "project_id": tilleuls, "name": name, "member_ids": [], "everyone_in_directory": true })).await.status
        }
    };
    // What `/me` says, so that the app offers it only when allowed.
    let manages = |cookie: String| {
        let app = &app;
        async move { app.get("/api/v1/me", &cookie).await.body["manage_groups"].as_bool() }
    };
    // Admins only (the default).
    assert_eq!(create(chloe.clone(), "A").await, StatusCode::FORBIDDEN);
    assert_eq!(manages(chloe.clone()).await, Some(false));
    assert_eq!(create(alice.clone(), "B").await, StatusCode::CREATED);
    assert_eq!(manages(alice.clone()).await, Some(true));
    settings(&app, |s| s["group_managers"] = json!("internal")).await;
    assert_eq!(create(chloe.clone(), "C").await, StatusCode::CREATED);
    assert_eq!(manages(chloe.clone()).await, Some(true));
    assert_eq!(create(emma.clone(), "D").await, StatusCode::FORBIDDEN);
    assert_eq!(manages(emma.clone()).await, Some(false));
    settings(&app, |s| s["group_managers"] = json!("everyone")).await;
    assert_eq!(create(emma.clone(), "E").await, StatusCode::CREATED);
    assert_eq!(manages(emma.clone()).await, Some(true));
}

/// Adds `count` people to the company of Durand Construction and to a project's Directory,
/// directly in the store (thousands of upserts through HTTP would only slow the test).
async fn crowd(app: &TestApp, project: i64, count: usize) -> Vec<i64> {
    let mut tx = app.state.store.begin().await.unwrap();
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
        let email = format!("worker{n}@crowd.example");
        let user = tx
            .insert_user(parlons_server::store::NewUser {
                email: &email,
                name: &format!("Worker {n}"),
                password_hash: None,
            })
            .await
            .unwrap();
        tx.upsert_company_member(parlons_api::CompanyId(1), user, &email, true, false)
            .await
            .unwrap();
        let member = UpsertDirectoryMember::default();
        tx.upsert_directory_member(parlons_api::ProjectId(project), user, member).await.unwrap();
        ids.push(user.0);
    }
    tx.commit().await.unwrap();
    ids
}

#[tokio::test]
async fn direct_messages_hold_100_people_and_groups_2000() {
    let app = TestApp::new().await;
    let alice = app.login(ALICE).await;
    let bruno = app.login(BRUNO).await;
    let tilleuls = app.project_id(&bruno, "Résidence Les Tilleuls").await;
    let people = crowd(&app, tilleuls, 2000).await;

    let direct = |others: &[i64]| json!({ "project_id": tilleuls, "participant_ids": others });
    let full = app.post("/api/v1/conversations/direct", &bruno, direct(&people[..99])).await;
    assert_eq!(full.status, StatusCode::CREATED, "{}", full.body);
    assert_eq!(full.body["participants"].as_array().unwrap().len(), 100);
    let over = app.post("/api/v1/conversations/direct", &bruno, direct(&people[..100])).await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(over.body["error"]["message"].as_str().unwrap().contains("at most 100"));

    let group = |others: &[i64]| json!({ "project_id": tilleuls, "name": "Tout le chantier", "member_ids": others, "everyone_in_directory": false });
    let full = app.post("/api/v1/groups", &alice, group(&people[..1999])).await;
    assert_eq!(full.status, StatusCode::CREATED, "{}", full.body);
    assert_eq!(full.body["participants"].as_array().unwrap().len(), 2000);
    let over = app.post("/api/v1/groups", &alice, group(&people)).await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(over.body["error"]["message"].as_str().unwrap().contains("at most 2000"));

    // Someone outside the Directory: refused, named.
    let farid = app.user_id(FARID).await;
    let outsider = app.post("/api/v1/groups", &alice, group(&[farid])).await;
    assert_eq!(outsider.status, StatusCode::FORBIDDEN);
    assert!(outsider.body["error"]["message"].as_str().unwrap().contains("Farid Haddad"));
}

#[tokio::test]
async fn removing_a_group_member_takes_the_group_away_at_once() {
    let app = TestApp::new().await;
    let alice = app.login(ALICE).await;
    let david = app.login(DAVID).await;
    let tilleuls = app.project_id(&alice, "Résidence Les Tilleuls").await;
    let david_id = app.user_id(DAVID).await;
    let created = app.post("/api/v1/groups", &alice, json!({ "project_id": tilleuls, "name": "Plomberie", "member_ids": [david_id], "everyone_in_directory": false })).await;
    let group = created.body["id"].as_i64().unwrap();
    assert_eq!(
        app.get(&format!("/api/v1/conversations/{group}/messages"), &david).await.status,
        StatusCode::OK
    );
    let mut events = app.events(&david).await;
    let updated = app
        .patch(
            &format!("/api/v1/groups/{group}"),
            &alice,
            json!({ "name": "Plomberie — lot 12", "member_ids": [] }),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
    assert_eq!(updated.body["subject"], "Plomberie — lot 12");
    let event = events.next().await;
    assert_eq!(event.name, "conversation.removed");
    assert_eq!(event.data["conversation_id"], group);
    assert_eq!(
        app.get(&format!("/api/v1/conversations/{group}/messages"), &david).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn mentions_follow_the_rules_of_each_kind() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let david = app.login(DAVID).await;
    let mention = |id: i64, name: &str| json!({ "blocks": [{ "type": "paragraph", "content": [{ "type": "mention", "user_id": id, "name": name }, { "type": "text", "text": " regarde" }] }] });
    // In a company conversation, only someone who can read it may be mentioned.
    let list = app.get("/api/v1/conversations", &bruno).await.body;
    let livraisons = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["subject"] == "Planning des livraisons")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let david_id = app.user_id(DAVID).await;
    let refused = app
        .post(
            &format!("/api/v1/conversations/{livraisons}/messages"),
            &bruno,
            json!({ "idempotency_key": "m1", "body": mention(david_id, "David Roux") }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body["error"]["message"].as_str().unwrap().contains("David Roux"));
    // In an item conversation the person mentioned must read the item, and then follows it.
    let item = list.as_array().unwrap().iter().find(|c| c["kind"] == "item").unwrap()["id"]
        .as_i64()
        .unwrap();
    let emma_id = app.user_id(EMMA).await;
    let sent = app
        .post(
            &format!("/api/v1/conversations/{item}/messages"),
            &bruno,
            json!({ "idempotency_key": "m2", "body": mention(emma_id, "Emma Petit") }),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let emma = app.login(EMMA).await;
    let seen = app.get(&format!("/api/v1/conversations/{item}"), &emma).await.body;
    assert_eq!(seen["following"], true);
    assert_eq!(seen["mention_count"], 1);
    // In a direct conversation, a Directory member outside it may be named but is not notified.
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let sent = app
        .post(
            &format!("/api/v1/conversations/{gaines}/messages"),
            &bruno,
            json!({ "idempotency_key": "m3", "body": mention(emma_id, "Emma Petit") }),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED);
    assert_eq!(
        app.get(&format!("/api/v1/conversations/{gaines}"), &emma).await.status,
        StatusCode::NOT_FOUND
    );
    let sent = app
        .post(
            &format!("/api/v1/conversations/{gaines}/messages"),
            &bruno,
            json!({ "idempotency_key": "m4", "body": mention(david_id, "David Roux") }),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED);
    let seen = app.get(&format!("/api/v1/conversations/{gaines}"), &david).await.body;
    assert_eq!(seen["mention_count"], 1);
}

#[tokio::test]
async fn threads_star_hide_and_mark_unread() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let david = app.login(DAVID).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let root = send(&app, &bruno, gaines, "t1", "Question").await;
    let root_id = root["id"].as_i64().unwrap();
    let path = format!("/api/v1/conversations/{gaines}/messages");
    let reply = app
        .post(
            &path,
            &david,
            json!({ "idempotency_key": "t2", "body": text("Réponse"), "parent_id": root_id }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let deeper = app
        .post(
            &path,
            &bruno,
            json!({ "idempotency_key": "t3", "body": text("x"), "parent_id": reply.body["id"] }),
        )
        .await;
    assert_eq!(deeper.status, StatusCode::UNPROCESSABLE_ENTITY, "one level only");
    let main = app.get(&path, &bruno).await.body;
    let listed = main["messages"].as_array().unwrap();
    assert!(listed.iter().all(|m| m["parent_id"].is_null()), "replies are not in the main line");
    assert_eq!(listed.iter().find(|m| m["id"] == root_id).unwrap()["reply_count"], 1);
    let thread = app.get(&format!("{path}?thread={root_id}"), &bruno).await.body;
    assert_eq!(thread["messages"][0]["body"], text("Réponse"));
    assert_eq!(thread["messages"][0], reply.body, "a reply answered as it is stored");

    let starred = app.put(&format!("/api/v1/conversations/{gaines}/star"), &david, json!({})).await;
    assert_eq!(starred.body["starred"], true);
    let hidden =
        app.put(&format!("/api/v1/conversations/{gaines}/hidden"), &david, json!({})).await;
    assert_eq!(hidden.body["hidden"], true);
    send(&app, &bruno, gaines, "t4", "Tu es là ?").await;
    let back = app.get(&format!("/api/v1/conversations/{gaines}"), &david).await.body;
    assert_eq!(back["hidden"], false, "a new message brings it back");
    assert_eq!(back["starred"], true);

    let read = app
        .post(
            &format!("/api/v1/conversations/{gaines}/read"),
            &david,
            json!({ "message_id": back["last_message_id"] }),
        )
        .await;
    assert_eq!(read.body["unread_count"], 0);
    let unread = app
        .post(
            &format!("/api/v1/conversations/{gaines}/unread"),
            &david,
            json!({ "message_id": root_id }),
        )
        .await;
    assert_eq!(
        unread.body["unread_count"], 2,
        "the question and the last message (one's own reply is not unread)"
    );
}

#[tokio::test]
async fn search_filters_by_author_project_kind_and_period() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let all = app.get("/api/v1/search?q=bâtiment", &bruno).await.body;
    let found = all["messages"].as_array().unwrap();
    assert_eq!(found.len(), 2, "{all}");
    let chloe = app.user_id(CHLOE).await;
    let by_chloe = app.get(&format!("/api/v1/search?q=batiment&author={chloe}"), &bruno).await.body;
    assert_eq!(by_chloe["messages"].as_array().unwrap().len(), 1, "accents do not matter");
    let company = app.get("/api/v1/search?q=batiment&kind=company", &bruno).await.body;
    assert!(
        company["messages"][0]["body"]["blocks"][0]["content"][0]["text"]
            .as_str()
            .unwrap()
            .contains("bâtiment B")
    );
    let future = app.get("/api/v1/search?q=batiment&from=99999999999999", &bruno).await.body;
    assert_eq!(future["messages"].as_array().unwrap().len(), 0);
    let prefix = app.get("/api/v1/search?q=livr", &bruno).await.body;
    assert!(!prefix["messages"].as_array().unwrap().is_empty(), "the last word is a prefix");
    let empty = app.get("/api/v1/search?q=%20", &bruno).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_export_has_everything_of_the_period_and_is_audited() {
    let app = TestApp::new().await;
    let alice = app.login(ALICE).await;
    let bruno = app.login(BRUNO).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let start = app.clock.now_ms();
    let kept = send(&app, &bruno, gaines, "x1", "Version 1").await;
    let kept_id = kept["id"].as_i64().unwrap();
    app.patch(&format!("/api/v1/messages/{kept_id}"), &bruno, json!({ "body": text("Version 2") }))
        .await;
    let gone = send(&app, &bruno, gaines, "x2", "Supprimé ensuite").await;
    let gone_id = gone["id"].as_i64().unwrap();
    app.delete(&format!("/api/v1/messages/{gone_id}"), &bruno).await;
    let end = app.clock.now_ms() + 1;

    assert_eq!(
        app.get(&format!("/api/v1/admin/export?from={start}&to={end}"), &bruno).await.status,
        StatusCode::FORBIDDEN
    );
    let export = app.get(&format!("/api/v1/admin/export?from={start}&to={end}"), &alice).await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    let conversations = export.body["conversations"].as_array().unwrap();
    assert_eq!(conversations.len(), 1, "only what has messages in the period");
    assert_eq!(conversations[0]["id"], gaines, "even a direct conversation the admin is not in");
    let messages = conversations[0]["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["body"], text("Version 2"));
    assert_eq!(messages[0]["revisions"][0]["body"], text("Version 1"));
    assert_eq!(messages[1]["body"], text("Supprimé ensuite"), "deleted text is in the export");
    assert_eq!(messages[1]["deleted"]["by"]["name"], "Bruno Martin");
    assert_eq!(export.body["generated_by"]["name"], "Alice Durand");

    let log = app.get("/api/v1/admin/audit-log", &alice).await.body;
    assert_eq!(log[0]["actor"]["name"], "Alice Durand");
    assert_eq!(log[0]["action"], json!({ "type": "export", "from": start, "to": end }));
    assert!(log[0]["at"].is_i64());
    let bad = app.get(&format!("/api/v1/admin/export?from={end}&to={start}"), &alice).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_change_of_access_by_the_host_product_reaches_open_clients_at_once() {
    let app = TestApp::new().await;
    let alice = app.login(ALICE).await;
    let token = app.post("/api/v1/admin/integration-token", &alice, json!({})).await.body["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let david = app.login(DAVID).await;
    let list = app.get("/api/v1/conversations", &david).await.body;
    let mut on_tilleuls: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["project"]["name"] == "Résidence Les Tilleuls")
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    on_tilleuls.sort_unstable();
    assert!(!on_tilleuls.is_empty());
    let mut stream = app.events(&david).await;
    let path = "/api/v1/integration/projects/2024-017/directory/david@roux-plomberie.example";

    // Out of the Directory: his open client is told to forget each of them.
    let removed = app.integration(Method::DELETE, path, &token, None).await;
    assert!(removed.status.is_success(), "{}", removed.body);
    let mut gone = Vec::new();
    for _ in &on_tilleuls {
        let event = stream.next().await;
        assert_eq!(event.name, "conversation.removed");
        gone.push(event.data["conversation_id"].as_i64().unwrap());
    }
    gone.sort_unstable();
    assert_eq!(gone, on_tilleuls);

    // Back in: each comes back, as he sees it.
    let flags = json!({ "is_project_admin": false, "is_favourite": false });
    let added = app.integration(Method::PUT, path, &token, Some(flags)).await;
    assert!(added.status.is_success(), "{}", added.body);
    let mut back = Vec::new();
    for _ in &on_tilleuls {
        let event = stream.next().await;
        assert_eq!(event.name, "conversation.created");
        assert_eq!(event.data["conversation"]["project"]["name"], "Résidence Les Tilleuls");
        back.push(event.data["conversation"]["id"].as_i64().unwrap());
    }
    back.sort_unstable();
    assert_eq!(back, on_tilleuls);

    // The company's settings too: item conversations off takes his item conversations away.
    let settings = app.get("/api/v1/admin/settings", &alice).await.body;
    let items: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "item")
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert!(!items.is_empty(), "David reads an item conversation");
    let mut changed = settings.clone();
    changed["item_conversations"] = json!(false);
    let put = app.put("/api/v1/admin/settings", &alice, changed).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    for _ in &items {
        assert_eq!(stream.next().await.name, "conversation.removed");
    }
}

#[tokio::test]
async fn who_is_notified_of_a_message_follows_their_part_and_preferences() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let chloe = app.login(CHLOE).await;
    let trio =
        app.conversation_with(&bruno, &["Bruno Martin", "Chloé Bernard", "Emma Petit"]).await;
    let chloe_id = app.user_id(CHLOE).await;
    let send = |conversation: i64, key: &str, body: Value| {
        let body = json!({ "idempotency_key": key, "body": body });
        let path = format!("/api/v1/conversations/{conversation}/messages");
        let bruno = bruno.clone();
        let app = &app;
        async move { app.post(&path, &bruno, body).await }
    };
    let mut chloes = app.events(&chloe).await;
    let mut own = app.events(&bruno).await;

    // A participant is notified; the author is told, not notified.
    send(trio, "n1", text("Réunion à 9 h")).await;
    assert_eq!(chloes.next().await.data["notify"], true);
    assert_eq!(own.next().await.data["notify"], false);

    // A reader who does not take part (an internal favouriter of a company conversation) is
    // told of the message but not notified, unless mentioned.
    let tilleuls = app.project_id(&bruno, "Résidence Les Tilleuls").await;
    let start_in_tilleuls = |participants: Value, subject: &str, key: &str, body: Value| {
        let request = json!({ "kind": "company", "project_id": tilleuls,
                              "participant_ids": participants, "subject": subject,
                              "message": { "idempotency_key": key, "body": body } });
        let bruno = bruno.clone();
        let app = &app;
        async move { app.post("/api/v1/conversations", &bruno, request).await }
    };
    let created = start_in_tilleuls(json!([]), "Grue", "n2", text("Montage lundi")).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(chloes.next().await.name, "conversation.created");
    let first = chloes.next().await;
    assert_eq!((first.name.as_str(), &first.data["notify"]), ("message.created", &json!(false)));
    let company = created.body["id"].as_i64().unwrap();
    send(company, "n3", text("Démontage vendredi")).await;
    assert_eq!(chloes.next().await.data["notify"], false);
    let mention = json!({ "blocks": [{ "type": "paragraph", "content": [
        { "type": "mention", "user_id": chloe_id, "name": "Chloé Bernard" },
        { "type": "text", "text": " tu confirmes ?" }
    ] }] });
    send(company, "n4", mention.clone()).await;
    assert_eq!(chloes.next().await.data["notify"], true);

    // Whoever "+ Créer" makes a participant takes part from its first message on.
    let with_her =
        start_in_tilleuls(json!([chloe_id]), "Livraison", "n4b", text("Camion à 8 h")).await;
    assert_eq!(with_her.status, StatusCode::CREATED, "{}", with_her.body);
    assert_eq!(chloes.next().await.name, "conversation.created");
    let first = chloes.next().await;
    assert_eq!((first.name.as_str(), &first.data["notify"]), ("message.created", &json!(true)));

    // Preferences: mentions only. The trio no longer notifies her; a mention still does.
    let only_mentions = json!({ "everything": false, "direct_messages": false, "group_messages": false,
                                "item_messages": false, "mentions": true, "project_messages": false });
    let put = app.put("/api/v1/me/notifications", &chloe, only_mentions.clone()).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    assert_eq!(app.get("/api/v1/me/notifications", &chloe).await.body, only_mentions);
    send(trio, "n5", text("Et demain ?")).await;
    assert_eq!(chloes.next().await.data["notify"], false);
    send(company, "n6", mention).await;
    assert_eq!(chloes.next().await.data["notify"], true);
}
