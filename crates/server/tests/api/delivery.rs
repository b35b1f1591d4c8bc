//! Delivery from memory: a stream that stalls slows no one and catches up from the log; an
//! event still on its way to someone who lost access to its conversation is not delivered.

use std::collections::BTreeSet;
use std::sync::Arc;

use parlons_server::events::Shared;

use serde_json::json;

use crate::support::{BRUNO, DAVID, TestApp, text};
use crate::world::{Who, build};

#[tokio::test]
async fn a_stalled_stream_slows_no_one_and_catches_up_from_the_log_in_order() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let david = app.login(DAVID).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    // Two tabs of David's: one never read until the end (a stalled client), one live; and
    // Bruno's own.
    let mut stalled = app.events(&david).await;
    let mut live = app.events(&david).await;
    let mut author = app.events(&bruno).await;
    let sends = 3 * parlons_server::events::BUFFER;
    let mut sent = Vec::new();
    for n in 0..sends {
        let body = json!({ "idempotency_key": format!("stall-{n}"), "body": text("x") });
        let answer =
            app.post(&format!("/api/v1/conversations/{gaines}/messages"), &bruno, body).await;
        assert_eq!(answer.status.as_u16(), 201);
        let id = answer.body["id"].as_i64().unwrap();
        // Each message reaches the live streams before the next is sent, whatever the
        // stalled one holds.
        assert_eq!(live.next().await.data["message"]["id"], id);
        assert_eq!(author.next().await.data["message"]["id"], id);
        sent.push(id);
    }
    // The stalled stream fell further behind than its buffer: it catches up from the log,
    // every message once and in order, then goes on live.
    let mut caught_up = Vec::new();
    while caught_up.len() < sends {
        let event = stalled.next().await;
        assert_eq!(event.name, "message.created");
        caught_up.push(event.data["message"]["id"].as_i64().unwrap());
    }
    assert_eq!(caught_up, sent);
    let body = json!({ "idempotency_key": "after", "body": text("x") });
    let after = app.post(&format!("/api/v1/conversations/{gaines}/messages"), &bruno, body).await;
    assert_eq!(stalled.next().await.data["message"]["id"], after.body["id"]);
}

#[tokio::test]
async fn an_event_on_its_way_to_someone_who_then_lost_access_is_not_delivered() {
    let world = build().await;
    let app = &world.app;
    let participant = world.cookie(Who::Participant).unwrap();
    // The participant's client is slow: the stream holds the events below before sending any.
    let mut stream = app.events(participant).await;
    let mut messages = BTreeSet::new();
    for (kind, conversation) in &world.conversations {
        let body = json!({ "idempotency_key": format!("before-{kind:?}"), "body": text("x") });
        let sent = app
            .post(&format!("/api/v1/conversations/{conversation}/messages"), &world.owner, body)
            .await;
        assert_eq!(sent.status.as_u16(), 201, "{}", sent.body);
        messages.insert(sent.body["id"].as_i64().unwrap());
    }
    // Committed for the participant, not yet sent: then they leave the Directory.
    world.remove_participant_from_directory().await;
    // A fence: a new direct conversation with the participant, after everything else.
    let id = world.ids[&Who::Participant];
    let body = json!({ "project_id": null, "participant_ids": [id], "subject": "fence", "kind": "direct", "message": { "idempotency_key": "fence", "body": text("fence") } });
    let fence = app.post("/api/v1/conversations", &world.owner, body).await;
    assert_eq!(fence.status.as_u16(), 201, "{}", fence.body);
    let fence = fence.body["id"].as_i64().unwrap();

    let (mut delivered, mut removals) = (BTreeSet::new(), BTreeSet::new());
    loop {
        let event = stream.next().await;
        match event.name.as_str() {
            "message.created" if event.data["message"]["conversation_id"] == fence => break,
            "message.created" => {
                delivered.insert(event.data["message"]["id"].as_i64().unwrap());
            }
            "conversation.removed" => {
                removals.insert(event.data["conversation_id"].as_i64().unwrap());
            }
            _ => {}
        }
    }
    assert_eq!(delivered, BTreeSet::new(), "nothing of what they can no longer read");
    let lost: BTreeSet<i64> = world.conversations.values().copied().collect();
    assert_eq!(removals, lost, "told of each conversation taken away");
    assert_eq!(messages.len(), lost.len());
}

/// David's open event stream, and two events then committed for him (`conversation.changed`
/// of conversations 1 and 2), numbered, not handed over yet.
async fn two_events_for_david(
    app: &TestApp,
) -> (crate::support::EventReader, Vec<(parlons_api::UserId, i64, Arc<Shared>)>) {
    let david_cookie = app.login(DAVID).await;
    let david = parlons_api::UserId(app.user_id(DAVID).await);
    let company = parlons_api::CompanyId(
        app.get("/api/v1/me", &david_cookie).await.body["company"]["id"].as_i64().unwrap(),
    );
    let stream = app.events(&david_cookie).await;
    let (state, now) = (&app.state, parlons_api::Timestamp(0));
    let mut tx = state.store.begin().await.unwrap();
    let mut appended = Vec::new();
    for n in [1, 2] {
        let event = parlons_api::Event::ConversationChanged {
            conversation_id: parlons_api::ConversationId(n),
        };
        let shared = Shared::new(company, None, &event).unwrap();
        let numbered = tx.append_events(&[(&[david], &*shared)], now).await.unwrap();
        appended.push((david, numbered[0].1, shared));
    }
    tx.commit().await.unwrap();
    (stream, appended)
}

/// The `conversation.changed` event of conversation `n`, as a stream sends it.
fn changed(n: i64) -> serde_json::Value {
    json!({ "type": "conversation.changed", "conversation_id": n })
}

#[tokio::test]
async fn events_handed_over_out_of_order_reach_the_stream_in_order_once() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let (mut stream, mut appended) = two_events_for_david(&app).await;
    // Handed over in the wrong order (two transactions that committed one after the other
    // can announce the other way round).
    let second = appended.pop().unwrap();
    app.state.hub.deliver([second]);
    app.state.hub.deliver(appended);
    assert_eq!(stream.next().await.data, changed(1));
    assert_eq!(stream.next().await.data, changed(2));
    // Nothing twice: the next event is the next one.
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let body = json!({ "idempotency_key": "next", "body": text("x") });
    let sent = app.post(&format!("/api/v1/conversations/{gaines}/messages"), &bruno, body).await;
    assert_eq!(stream.next().await.data["message"]["id"], sent.body["id"]);
}

#[tokio::test]
async fn an_event_never_handed_over_is_read_from_the_log_once_the_stream_stops_waiting() {
    let app = TestApp::new().await;
    let (mut stream, mut appended) = two_events_for_david(&app).await;
    // Only the second is handed over (the first one's hand-over was lost, as when an
    // instance's relay misses an announcement).
    app.state.hub.deliver(appended.pop());
    assert_eq!(stream.next().await.data, changed(1));
    assert_eq!(stream.next().await.data, changed(2));
}

#[tokio::test]
async fn an_event_for_thousands_of_recipients_is_numbered_and_logged_for_each() {
    let app = TestApp::new().await;
    let store = &app.state.store;
    let mut tx = store.begin().await.unwrap();
    let company = tx.insert_company("Many").await.unwrap();
    let mut users = Vec::new();
    for n in 0..2_500 {
        let email = format!("u{n}@many.test");
        let new = parlons_server::store::NewUser { email: &email, name: "U", password_hash: None };
        users.push(tx.insert_user(new).await.unwrap());
    }
    let event =
        parlons_api::Event::ConversationChanged { conversation_id: parlons_api::ConversationId(7) };
    let shared = Shared::new(company, None, &event).unwrap();
    let now = parlons_api::Timestamp(0);
    let first = tx.append_events(&[(&users, &*shared)], now).await.unwrap();
    let second = tx.append_events(&[(&users[..3], &*shared)], now).await.unwrap();
    tx.commit().await.unwrap();
    let got: BTreeSet<(i64, i64)> = first.iter().map(|(user, seq)| (user.0, *seq)).collect();
    let expected: BTreeSet<(i64, i64)> = users.iter().map(|user| (user.0, 1)).collect();
    assert_eq!(got, expected, "each recipient's first event");
    assert!(second.iter().all(|&(_, seq)| seq == 2));
    let last = users[2_499];
    let logged = store.events_after(last, company, 0, 10).await.unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].payload, r#"{"type":"conversation.changed","conversation_id":7}"#);
}
