//! What protects the app in a browser: its security headers, the refusal of state changes
//! another site makes a logged-in browser attempt, the login limits, and a message one may
//! not read answering exactly like a missing one.

use axum::body::Body;
use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{BRUNO, CHLOE, TestApp, text};

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_files_keep_their_stricter_policy() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let page = app.raw(Method::GET, "/conversations", None, &[], Body::empty()).await;
    let api = app.raw(Method::GET, "/api/v1/me", Some(&bruno), &[], Body::empty()).await;
    let refused = app.raw(Method::GET, "/api/v1/me", None, &[], Body::empty()).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    for answer in [&page, &api, &refused] {
        let policy = answer.header("content-security-policy");
        for directive in [
            "script-src 'self' 'wasm-unsafe-eval'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(policy.contains(directive), "{directive} in {policy}");
        }
        assert!(!policy.contains("unsafe-inline"), "no inline script or style: {policy}");
        assert_eq!(answer.header("x-content-type-options"), "nosniff");
        assert_eq!(answer.header("referrer-policy"), "same-origin");
    }

    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let file = app.upload(&bruno, "page.html", b"<script>alert(1)</script>").await;
    let send =
        json!({ "idempotency_key": "h1", "body": text("La page"), "attachment_ids": [file] });
    let sent = app.post(&format!("/api/v1/conversations/{gaines}/messages"), &bruno, send).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let path = format!("/api/v1/attachments/{file}");
    let download = app.raw(Method::GET, &path, Some(&bruno), &[], Body::empty()).await;
    assert_eq!(download.status, StatusCode::OK);
    assert!(download.header("content-security-policy").contains("sandbox"));
}

#[tokio::test]
async fn a_state_change_another_site_makes_a_browser_attempt_is_refused() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let send = |key: &str| {
        Body::from(json!({ "idempotency_key": key, "body": text("Bonjour") }).to_string())
    };
    let path = format!("/api/v1/conversations/{gaines}/messages");
    let json_type = ("content-type", "application/json");

    let refusals: [&[(&str, &str)]; 3] = [
        &[json_type, ("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")],
        &[json_type, ("sec-fetch-site", "same-site")],
        // A browser too old for Sec-Fetch-Site: its Origin is not this server.
        &[json_type, ("origin", "https://evil.example"), ("host", "parlons.example")],
    ];
    for (n, headers) in refusals.into_iter().enumerate() {
        let answer =
            app.raw(Method::POST, &path, Some(&bruno), headers, send(&format!("x{n}"))).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{headers:?}");
        assert!(answer.text().contains("came from another site"), "{}", answer.text());
    }
    // Body-less changes too: starring, marking read.
    let star = format!("/api/v1/conversations/{gaines}/star");
    let cross = [("sec-fetch-site", "cross-site")];
    let answer = app.raw(Method::PUT, &star, Some(&bruno), &cross, Body::empty()).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let page = app.get(&path, &bruno).await.body;
    assert_eq!(
        page["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["body"] == text("Bonjour"))
            .count(),
        0,
        "nothing was sent"
    );
    let conversation = app.get(&format!("/api/v1/conversations/{gaines}"), &bruno).await.body;
    assert_eq!(conversation["starred"], false);

    // The app's own requests, a program's (no Origin), and reads from anywhere go through.
    let allowed: [&[(&str, &str)]; 3] = [
        &[json_type, ("sec-fetch-site", "same-origin"), ("origin", "http://parlons.example")],
        &[json_type, ("origin", "http://parlons.example"), ("host", "parlons.example")],
        &[json_type],
    ];
    for (n, headers) in allowed.into_iter().enumerate() {
        let answer =
            app.raw(Method::POST, &path, Some(&bruno), headers, send(&format!("ok{n}"))).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{headers:?}: {}", answer.text());
    }
    let read = app.raw(Method::GET, &path, Some(&bruno), &cross, Body::empty()).await;
    assert_eq!(read.status, StatusCode::OK);
}

#[tokio::test]
async fn too_many_failed_logins_wait_then_the_right_password_works() {
    let app = TestApp::new().await;
    let attempt = |password: &str| {
        let body = json!({ "email": BRUNO, "password": password }).to_string();
        app.raw(
            Method::POST,
            "/api/v1/session",
            None,
            &[("content-type", "application/json")],
            Body::from(body),
        )
    };
    for _ in 0..10 {
        assert_eq!(attempt("devine").await.status, StatusCode::UNAUTHORIZED);
    }
    let refused = attempt("devine").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.header("retry-after"), "30");
    let body: serde_json::Value = serde_json::from_slice(&refused.bytes).unwrap();
    assert_eq!(body["error"]["code"], "too_many_requests");
    assert_eq!(body["error"]["retry_after"], 30);
    // Even the right password waits: the password is not checked at all.
    let right = attempt(parlons_server::demo::DEMO_PASSWORD).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    // Another account is not held back.
    app.login(CHLOE).await;

    app.clock.advance(29_000);
    assert_eq!(attempt(parlons_server::demo::DEMO_PASSWORD).await.header("retry-after"), "1");
    app.clock.advance(1_000);
    let logged_in = attempt(parlons_server::demo::DEMO_PASSWORD).await;
    assert_eq!(logged_in.status, StatusCode::OK, "{}", logged_in.text());
}

#[tokio::test]
async fn a_message_one_may_not_read_answers_exactly_like_a_missing_one() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let chloe = app.login(CHLOE).await;
    let gaines = app.conversation_with(&bruno, &["Bruno Martin", "David Roux"]).await;
    let send = json!({ "idempotency_key": "m1", "body": text("Entre nous") });
    let sent = app.post(&format!("/api/v1/conversations/{gaines}/messages"), &bruno, send).await;
    let hidden = sent.body["id"].as_i64().unwrap();
    let edit = json!({ "body": text("Changé") });
    for (method, body) in [(Method::PATCH, Some(edit.clone())), (Method::DELETE, None)] {
        let unreadable = app
            .call(method.clone(), &format!("/api/v1/messages/{hidden}"), Some(&chloe), body.clone())
            .await;
        let missing =
            app.call(method.clone(), "/api/v1/messages/987654321", Some(&chloe), body).await;
        assert_eq!(unreadable.status, StatusCode::NOT_FOUND, "{method}");
        assert_eq!(unreadable.body, missing.body, "{method}");
    }
}
