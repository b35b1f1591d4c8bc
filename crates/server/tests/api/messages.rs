//! Reading and sending messages: access, idempotency, pagination, read positions.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{BRUNO, CHLOE, DAVID, GABRIELLE, TestApp, text};

#[tokio::test]
async fn the_same_idempotency_key_twice_creates_one_message() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let path = format!("/api/v1/conversations/{gaines}/messages");
    let send = json!({ "idempotency_key": "3f1c2a9e-0000-4000-8000-000000000001", "body": text("Réunion jeudi 8 h") });

    let first = app.post(&path, &bruno, send.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let second = app.post(&path, &bruno, send).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(second.body["id"], first.body["id"]);
    assert_eq!(second.body, first.body);

    let page = app.get(&path, &bruno).await.body;
    let copies =
        page["messages"].as_array().unwrap().iter().filter(|m| m["id"] == first.body["id"]).count();
    assert_eq!(copies, 1);
    assert_eq!(first.body["author"]["name"], "Bruno Martin");
    // What a send answers is the message as stored, for an external author too.
    let david = app.login(DAVID).await;
    let reply = json!({ "idempotency_key": "reply-1", "body": text("Bien reçu") });
    let sent = app.post(&path, &david, reply).await.body;
    let page = app.get(&path, &david).await.body;
    let stored = page["messages"].as_array().unwrap().iter().find(|m| m["id"] == sent["id"]);
    assert_eq!(Some(&sent), stored);
    assert_eq!(sent["author"]["is_external"], true);

    // The same key in another conversation is another message.
    let tableaux =
        app.conversation_with(&bruno, &["Bruno Martin", "Chloé Bernard", "Emma Petit"]).await;
    let other = app
        .post(&format!("/api/v1/conversations/{tableaux}/messages"), &bruno, json!({ "idempotency_key": "3f1c2a9e-0000-4000-8000-000000000001", "body": text("Autre") }))
        .await;
    assert_eq!(other.status, StatusCode::CREATED);
    assert_ne!(other.body["id"], first.body["id"]);
}

#[tokio::test]
async fn pages_walk_back_through_history_without_gaps_or_repeats() {
    let app = TestApp::new().await;
    let chloe = app.login(CHLOE).await;
    let preau = app.conversation_with(&chloe, &["Chloé Bernard", "Farid Haddad"]).await;
    let path = format!("/api/v1/conversations/{preau}/messages");
    for n in 0..120 {
        let answer = app.post(&path, &chloe, json!({ "idempotency_key": format!("k{n}"), "body": text(&format!("message {n}")) })).await;
        assert_eq!(answer.status, StatusCode::CREATED);
    }
    let mut seen: Vec<i64> = Vec::new();
    let mut before: Option<i64> = None;
    let mut pages = 0;
    loop {
        let url = match before {
            Some(cursor) => format!("{path}?limit=50&before={cursor}"),
            None => format!("{path}?limit=50"),
        };
        let page = app.get(&url, &chloe).await;
        assert_eq!(page.status, StatusCode::OK);
        let ids: Vec<i64> = page.body["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_i64().unwrap())
            .collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "oldest first within a page");
        assert!(ids.len() <= 50);
        seen.splice(0..0, ids);
        pages += 1;
        match page.body["older_cursor"].as_i64() {
            Some(cursor) => before = Some(cursor),
            None => break,
        }
    }
    // 1 demo message + 120 sent, newest page first.
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 121);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "no gap, no repeat, in order");
    let newest = app.get(&format!("{path}?limit=1"), &chloe).await.body;
    assert_eq!(newest["messages"][0]["body"], text("message 119"));

    for bad in ["limit=0", "limit=201", "limit=abc"] {
        let answer = app.get(&format!("{path}?{bad}"), &chloe).await;
        assert!(answer.status.is_client_error(), "{bad}: {}", answer.status);
        assert_eq!(answer.body["error"]["code"], "invalid_input");
    }
}

/// The ids of a page's messages.
fn page_ids(page: &serde_json::Value) -> Vec<i64> {
    page["messages"].as_array().unwrap().iter().map(|m| m["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn a_page_around_a_message_then_newer_pages_reach_the_newest_without_gaps() {
    let app = TestApp::new().await;
    let chloe = app.login(CHLOE).await;
    let preau = app.conversation_with(&chloe, &["Chloé Bernard", "Farid Haddad"]).await;
    let path = format!("/api/v1/conversations/{preau}/messages");
    let mut sent = Vec::new();
    for n in 0..60 {
        let answer = app.post(&path, &chloe, json!({ "idempotency_key": format!("k{n}"), "body": text(&format!("message {n}")) })).await;
        sent.push(answer.body["id"].as_i64().unwrap());
    }
    // A reply in a thread is not part of the main line around which pages are cut.
    let reply = app
        .post(
            &path,
            &chloe,
            json!({ "idempotency_key": "r", "body": text("réponse"), "parent_id": sent[20] }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);

    let target = sent[20];
    let around = app.get(&format!("{path}?limit=10&around={target}"), &chloe).await;
    assert_eq!(around.status, StatusCode::OK, "{}", around.body);
    assert_eq!(
        page_ids(&around.body),
        sent[15..25].to_vec(),
        "five older, the message, four newer"
    );
    assert_eq!(around.body["older_cursor"], sent[15]);
    assert_eq!(around.body["newer_cursor"], sent[24]);

    // Walking forward from there reaches the newest message, each once, in order.
    let mut seen = page_ids(&around.body);
    let mut after = around.body["newer_cursor"].as_i64();
    while let Some(cursor) = after {
        let page = app.get(&format!("{path}?limit=10&after={cursor}"), &chloe).await.body;
        assert!(page["older_cursor"].is_i64(), "older messages remain behind a newer page");
        seen.extend(page_ids(&page));
        after = page["newer_cursor"].as_i64();
    }
    assert_eq!(seen, sent[15..].to_vec());
    // And backward from the around page, as usual.
    let older = app.get(&format!("{path}?limit=10&before={}", sent[15]), &chloe).await.body;
    assert_eq!(page_ids(&older), sent[5..15].to_vec());
    assert_eq!(older["newer_cursor"], sent[14], "newer messages follow an older page");
    // The newest page has nothing newer.
    let newest = app.get(&format!("{path}?limit=10"), &chloe).await.body;
    assert!(newest.get("newer_cursor").is_none_or(|c| c.is_null()));

    // Around the newest and the oldest message: the page stops at the ends.
    let last = app.get(&format!("{path}?limit=10&around={}", sent[59]), &chloe).await.body;
    assert_eq!(page_ids(&last).last(), Some(&sent[59]));
    assert!(last.get("newer_cursor").is_none_or(|c| c.is_null()));

    // Around a reply, a message of another conversation, or two positions at once: refused.
    let reply_id = reply.body["id"].as_i64().unwrap();
    let not_in_line = app.get(&format!("{path}?around={reply_id}"), &chloe).await;
    assert_eq!(not_in_line.status, StatusCode::NOT_FOUND);
    let in_thread = app.get(&format!("{path}?thread={}&around={reply_id}", sent[20]), &chloe).await;
    assert_eq!(page_ids(&in_thread.body), vec![reply_id]);
    let elsewhere =
        app.conversation_with(&chloe, &["Bruno Martin", "Chloé Bernard", "Emma Petit"]).await;
    let foreign = app
        .get(&format!("/api/v1/conversations/{elsewhere}/messages?around={target}"), &chloe)
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let both = app.get(&format!("{path}?before={target}&around={target}"), &chloe).await;
    assert_eq!(both.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(both.body["error"]["code"], "invalid_input");
}

#[tokio::test]
async fn non_participants_cannot_read_or_write_and_learn_nothing() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let path = format!("/api/v1/conversations/{gaines}/messages");
    for outsider in [CHLOE, GABRIELLE] {
        let cookie = app.login(outsider).await;
        let read = app.get(&path, &cookie).await;
        assert_eq!(read.status, StatusCode::NOT_FOUND, "{outsider}");
        let write = app
            .post(&path, &cookie, json!({ "idempotency_key": "x", "body": text("intrus") }))
            .await;
        assert_eq!(write.status, StatusCode::NOT_FOUND, "{outsider}");
        let missing = app.get("/api/v1/conversations/999999/messages", &cookie).await;
        assert_eq!(
            missing.body, read.body,
            "the same answer as for a conversation that does not exist"
        );
    }
}

#[tokio::test]
async fn invalid_bodies_are_refused_with_a_clear_error() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let path = format!("/api/v1/conversations/{gaines}/messages");
    let blank =
        app.post(&path, &bruno, json!({ "idempotency_key": "a", "body": text("   ") })).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body["error"]["message"].as_str().unwrap().contains("empty"));
    let no_key = app.post(&path, &bruno, json!({ "idempotency_key": "", "body": text("x") })).await;
    assert_eq!(no_key.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html =
        app.post(&path, &bruno, json!({ "idempotency_key": "b", "body": "<b>hi</b>" })).await;
    assert_eq!(html.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn unread_counts_follow_messages_and_read_positions() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let david = app.login(DAVID).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let unread = |list: serde_json::Value| {
        list.as_array().unwrap().iter().find(|c| c["id"] == gaines).unwrap()["unread_count"]
            .as_i64()
            .unwrap()
    };
    // The demo leaves David one unread message from Bruno.
    assert_eq!(unread(app.get("/api/v1/conversations", &david).await.body), 1);
    let path = format!("/api/v1/conversations/{gaines}/messages");
    let sent = app
        .post(
            &path,
            &bruno,
            json!({ "idempotency_key": "u1", "body": text("Et les réservations ?") }),
        )
        .await;
    assert_eq!(unread(app.get("/api/v1/conversations", &david).await.body), 2);
    let totals = app.get("/api/v1/unread", &david).await.body;
    assert_eq!(totals["messages"], 2, "the total is the sum over David's conversations");
    assert_eq!(
        unread(app.get("/api/v1/conversations", &bruno).await.body),
        0,
        "one's own messages are read"
    );

    let read = app
        .post(
            &format!("/api/v1/conversations/{gaines}/read"),
            &david,
            json!({ "message_id": sent.body["id"] }),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body["unread_count"], 0, "the answer is the conversation as now read");
    let list = app.get("/api/v1/conversations", &david).await.body;
    assert_eq!(unread(list.clone()), 0);
    assert_eq!(list[0]["id"], gaines, "newest activity first");

    // A message of another conversation cannot move the read position.
    let tableaux =
        app.conversation_with(&bruno, &["Bruno Martin", "Chloé Bernard", "Emma Petit"]).await;
    let elsewhere = app
        .post(
            &format!("/api/v1/conversations/{tableaux}/messages"),
            &bruno,
            json!({ "idempotency_key": "u2", "body": text("x") }),
        )
        .await;
    let wrong = app
        .post(
            &format!("/api/v1/conversations/{gaines}/read"),
            &david,
            json!({ "message_id": elsewhere.body["id"] }),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn every_node_of_a_rich_body_is_kept_searched_and_checked() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let path = format!("/api/v1/conversations/{gaines}/messages");
    let body = json!({ "blocks": [
        { "type": "paragraph", "content": [
            { "type": "text", "text": "Voir ", "marks": [{ "type": "bold" }] },
            { "type": "link", "href": "https://plans.example/indice-d", "text": "le plan wolfram" }
        ]},
        { "type": "quote", "blocks": [{ "type": "paragraph", "content": [{ "type": "text", "text": "Cité du CCTP quartz" }] }] },
        { "type": "code_block", "text": "basalte 1: 2,40 m\nbasalte 2: 2,10 m" },
        { "type": "bulleted_list_is_not_a_type", "items": [] }
    ]});
    // An unknown node type is refused before anything is stored.
    let refused =
        app.post(&path, &bruno, json!({ "idempotency_key": "rich-0", "body": body })).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);

    let mut body = body;
    body["blocks"][3] = json!({ "type": "ordered_list", "items": [
        { "content": [{ "type": "text", "text": "poser les fourreaux" }], "children": [
            { "type": "bullet_list", "items": [{ "content": [{ "type": "text", "text": "lot électricité obsidienne" }] }] }
        ]}
    ]});
    let sent =
        app.post(&path, &bruno, json!({ "idempotency_key": "rich-1", "body": body.clone() })).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    assert_eq!(sent.body["body"], body, "stored and sent back as written");

    // Search finds words of a link, a quote, a code block and a nested list item.
    for words in ["wolfram", "quartz", "basalte", "obsidienne"] {
        let found = app.get(&format!("/api/v1/search?q={words}"), &bruno).await.body;
        let ids: Vec<&serde_json::Value> =
            found["messages"].as_array().unwrap().iter().map(|m| &m["id"]).collect();
        assert_eq!(ids, [&sent.body["id"]], "{words}");
    }

    // A link that could run script is refused, and the answer names the node and why.
    let script = json!({ "blocks": [{ "type": "bullet_list", "items": [
        { "content": [{ "type": "text", "text": "ok" }] },
        { "content": [{ "type": "link", "href": "javascript:alert(1)", "text": "clic" }] }
    ]}]});
    let refused =
        app.post(&path, &bruno, json!({ "idempotency_key": "rich-2", "body": script })).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["error"]["field"], "body.blocks[0].items[1].content[0]");
    assert_eq!(refused.body["error"]["reason"], "bad_link");
    assert!(refused.body["error"]["message"].as_str().unwrap().contains("http, https or mailto"));
}

#[tokio::test]
async fn the_mentionable_people_are_exactly_those_a_send_accepts() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let listed = app.get(&format!("/api/v1/conversations/{gaines}/mentionable"), &bruno).await;
    assert_eq!(listed.status, StatusCode::OK);
    let people = listed.body.as_array().unwrap().clone();
    let names: Vec<&str> = people.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert!(!names.contains(&"Bruno Martin"), "not oneself: {names:?}");
    assert!(names.contains(&"David Roux") && names.contains(&"Chloé Bernard"), "{names:?}");
    assert!(!names.contains(&"Gabrielle Lemaire"), "never another company's: {names:?}");
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "by name");

    // Everyone listed may be mentioned; someone of another company may not.
    let path = format!("/api/v1/conversations/{gaines}/messages");
    for (n, person) in people.iter().enumerate() {
        let body = json!({ "blocks": [{ "type": "paragraph", "content": [
            { "type": "mention", "user_id": person["id"], "name": person["name"] }
        ]}]});
        let sent = app
            .post(&path, &bruno, json!({ "idempotency_key": format!("m{n}"), "body": body }))
            .await;
        assert_eq!(sent.status, StatusCode::CREATED, "{}: {}", person["name"], sent.body);
    }
    let gabrielle = app.user_id(GABRIELLE).await;
    let body = json!({ "blocks": [{ "type": "paragraph", "content": [
        { "type": "mention", "user_id": gabrielle, "name": "Gabrielle Lemaire" }
    ]}]});
    let refused =
        app.post(&path, &bruno, json!({ "idempotency_key": "m-out", "body": body })).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}
