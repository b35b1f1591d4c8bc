//! Logging in and out, and the 401 every route gives without a session.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{BRUNO, TestApp};

#[tokio::test]
async fn login_opens_a_session_in_an_http_only_cookie() {
    let app = TestApp::new().await;
    let answer = app
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(
                json!({ "email": "Bruno@Durand-Construction.example", "password": "parlons-demo" }),
            ),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["name"], "Bruno Martin");
    assert_eq!(answer.body["company"]["name"], "Durand Construction");
    let set_cookie = answer.set_cookie.expect("a session cookie");
    assert!(set_cookie.starts_with("parlons_session="), "{set_cookie}");
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");

    let cookie = crate::support::cookie_pair(&set_cookie);
    let me = app.get("/api/v1/me", &cookie).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["email"], BRUNO);
    assert_eq!(me.body["company"]["is_external"], false);
}

#[tokio::test]
async fn login_fails_alike_for_a_wrong_password_and_an_unknown_address() {
    let app = TestApp::new().await;
    for (email, password) in [(BRUNO, "wrong"), ("nobody@example.com", "parlons-demo"), (BRUNO, "")]
    {
        let answer = app
            .call(
                Method::POST,
                "/api/v1/session",
                None,
                Some(json!({ "email": email, "password": password })),
            )
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{email}/{password}");
        assert_eq!(answer.body["error"]["code"], "invalid_credentials");
        assert!(answer.set_cookie.is_none());
    }
}

#[tokio::test]
async fn malformed_login_gets_a_json_error() {
    let app = TestApp::new().await;
    let answer =
        app.call(Method::POST, "/api/v1/session", None, Some(json!({ "email": BRUNO }))).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.body["error"]["code"], "invalid_input");
}

#[tokio::test]
async fn a_user_of_two_companies_switches_and_sees_only_the_other() {
    let app = TestApp::new().await;
    let alice = app.login(crate::support::ALICE).await;
    let me = app.get("/api/v1/me", &alice).await.body;
    assert_eq!(me["company"]["name"], "Durand Construction");
    let companies = me["companies"].as_array().unwrap().clone();
    assert_eq!(companies.len(), 2);
    let moreau =
        companies.iter().find(|c| c["name"] == "Cabinet Moreau Expertise").unwrap().clone();
    assert_eq!(moreau["is_external"], true, "a client there");
    let before = app.get("/api/v1/conversations", &alice).await.body;

    let switched =
        app.put("/api/v1/session/company", &alice, json!({ "company_id": moreau["id"] })).await;
    assert_eq!(switched.status, StatusCode::OK, "{}", switched.body);
    assert_eq!(switched.body["company"]["name"], "Cabinet Moreau Expertise");
    let after = app.get("/api/v1/conversations", &alice).await.body;
    let names: Vec<&str> =
        after.as_array().unwrap().iter().map(|c| c["project"]["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["Durand Construction SAS"],
        "only the accounting firm's, where she is a client"
    );
    assert!(before.as_array().unwrap().iter().all(|c| !after.as_array().unwrap().contains(c)));

    let elsewhere = app.put("/api/v1/session/company", &alice, json!({ "company_id": 999 })).await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    let bruno = app.login(BRUNO).await;
    let not_his =
        app.put("/api/v1/session/company", &bruno, json!({ "company_id": moreau["id"] })).await;
    assert_eq!(not_his.status, StatusCode::NOT_FOUND);
}

/// Every API route but login, as (method, path).
const PROTECTED_ROUTES: &[(&str, &str)] = &[
    ("DELETE", "/api/v1/session"),
    ("GET", "/api/v1/me"),
    ("PUT", "/api/v1/session/company"),
    ("GET", "/api/v1/projects"),
    ("GET", "/api/v1/projects/1/directory"),
    ("GET", "/api/v1/conversations"),
    ("POST", "/api/v1/conversations/direct"),
    ("GET", "/api/v1/conversations/1/messages"),
    ("POST", "/api/v1/conversations/1/messages"),
    ("POST", "/api/v1/conversations/1/read"),
    ("GET", "/api/v1/events"),
];

#[tokio::test]
async fn every_route_refuses_anonymous_and_stale_sessions_with_401() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    // Logging out makes the cookie worthless.
    let logout = app.call(Method::DELETE, "/api/v1/session", Some(&bruno), None).await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    assert!(logout.set_cookie.is_some_and(|c| c.contains("Max-Age=0")));

    for cookie in [None, Some("parlons_session=not-a-session"), Some(bruno.as_str())] {
        for (method, path) in PROTECTED_ROUTES {
            let body = (*method == "POST").then(|| json!({}));
            let answer = app.call(method.parse().unwrap(), path, cookie, body).await;
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{method} {path} with {cookie:?}");
            assert_eq!(answer.body["error"]["code"], "unauthenticated", "{method} {path}");
        }
    }
}

#[tokio::test]
async fn unknown_api_routes_answer_a_json_404() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let answer = app.get("/api/v1/nothing-here", &bruno).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.body["error"]["code"], "not_found");
}
