//! The authorization matrix: every route, every conversation kind, every kind of user,
//! with the expected status as data to check against PRODUCT.md section 2.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::Method;
use serde_json::{Value, json};

use crate::support::{TestApp, text};
use crate::world::{Kind, TOKEN, Who, World, build, external_id};

/// Who may read which conversation (PRODUCT.md section 2): 200 readable; 404 not readable
/// (answered as if it did not exist); 401 not logged in. Columns: `direct`, `group`, `item`
/// (private item), `company`, `company` with an external favouriter designated,
/// `confidential`. Every conversation has as designated participants the owner, the
/// participant and the removed participant.
#[rustfmt::skip]
const READ_ACCESS: [(Who, [u16; 6]); 12] = [
    //                                       direct group item company company+ext confidential
    (Who::Anonymous,                      [401, 401, 401, 401, 401, 401]),
    (Who::OtherCompany,                   [404, 404, 404, 404, 404, 404]),
    (Who::NonMember,                      [404, 404, 404, 404, 404, 404]),
    (Who::ExternalNoFavourite,            [404, 404, 404, 404, 404, 404]),
    // External favouriters read `company` only once an external favouriter is designated.
    (Who::ExternalFavourite,              [404, 404, 404, 404, 200, 404]),
    (Who::InternalNoFavourite,            [404, 404, 404, 404, 404, 404]),
    // Internal favouriters read `company` and `confidential`, never others' direct or group.
    (Who::InternalFavourite,              [404, 404, 404, 200, 200, 200]),
    (Who::Participant,                    [200, 200, 200, 200, 200, 200]),
    // Removed from the Directory: loses everything at once.
    (Who::RemovedParticipant,             [404, 404, 404, 404, 404, 404]),
    (Who::ProjectAdmin,                   [404, 404, 404, 404, 404, 404]),
    // Being company admin grants no reading right.
    (Who::CompanyAdmin,                   [404, 404, 404, 404, 404, 404]),
    (Who::ItemReaderWithoutPrivateAccess, [404, 404, 404, 404, 404, 404]),
];

fn read_access(who: Who, kind: Kind) -> u16 {
    let row =
        READ_ACCESS.iter().find(|(w, _)| *w == who).map(|(_, row)| row).expect("a row per user");
    row[Kind::ALL.iter().position(|k| *k == kind).expect("a column per kind")]
}

/// How a route on one conversation answers a user who may read it (the others get the read
/// table's 401 or 404).
#[derive(Debug, Clone, Copy)]
enum Class {
    /// Anyone who reads it: this success status.
    Read(u16),
    /// Only item conversations can be followed: 200 there, 422 elsewhere.
    Follow,
    /// Only the author changes a message: any other reader gets 403.
    AuthorOnly,
    /// Only groups are managed as groups: 200 (the participant is internal; the company lets
    /// internal employees manage groups), 404 for other kinds.
    ManageGroup,
    /// The item's conversation: only in the item column.
    ItemConversation,
}

/// Whether the item panel's session (a widget ticket's, limited to one item's conversation)
/// may call the route at all: [`PANEL`] routes answer it as they answer its user, within its
/// item's conversation (404 elsewhere, as for one that does not exist); [`APP_ONLY`] ones
/// answer it 403 whatever the conversation.
const PANEL: bool = true;
/// See [`PANEL`].
const APP_ONLY: bool = false;

/// Every route about one conversation; `{c}` is the conversation, `{m}` the owner's message,
/// `{a}` the image attached to it, `{i}` the item.
#[rustfmt::skip]
const CONVERSATION_ROUTES: [(&str, &str, Class, bool); 19] = [
    ("GET", "/api/v1/attachments/{a}", Class::Read(200), PANEL),
    ("GET", "/api/v1/attachments/{a}/preview", Class::Read(200), PANEL),
    ("GET", "/api/v1/conversations/{c}", Class::Read(200), PANEL),
    ("GET", "/api/v1/conversations/{c}/mentionable", Class::Read(200), PANEL),
    ("GET", "/api/v1/conversations/{c}/messages", Class::Read(200), PANEL),
    ("POST", "/api/v1/conversations/{c}/messages", Class::Read(201), PANEL),
    ("POST", "/api/v1/conversations/{c}/read", Class::Read(200), PANEL),
    ("POST", "/api/v1/conversations/{c}/unread", Class::Read(200), PANEL),
    ("PUT", "/api/v1/conversations/{c}/star", Class::Read(200), APP_ONLY),
    ("DELETE", "/api/v1/conversations/{c}/star", Class::Read(200), APP_ONLY),
    ("PUT", "/api/v1/conversations/{c}/hidden", Class::Read(200), APP_ONLY),
    ("DELETE", "/api/v1/conversations/{c}/hidden", Class::Read(200), APP_ONLY),
    ("PUT", "/api/v1/conversations/{c}/follow", Class::Follow, PANEL),
    ("DELETE", "/api/v1/conversations/{c}/follow", Class::Follow, PANEL),
    ("PATCH", "/api/v1/messages/{m}", Class::AuthorOnly, PANEL),
    ("DELETE", "/api/v1/messages/{m}", Class::AuthorOnly, PANEL),
    ("PATCH", "/api/v1/groups/{c}", Class::ManageGroup, APP_ONLY),
    ("POST", "/api/v1/items/{i}/conversation", Class::ItemConversation, PANEL),
    ("GET", "/api/v1/items/{i}/conversation", Class::ItemConversation, PANEL),
];

fn expected(class: Class, kind: Kind, who: Who) -> Option<u16> {
    if let Class::ItemConversation = class
        && kind != Kind::Item
    {
        return None;
    }
    let read = read_access(who, kind);
    if read != 200 {
        return Some(read);
    }
    Some(match class {
        Class::Read(ok) => ok,
        Class::Follow => {
            if kind == Kind::Item {
                200
            } else {
                422
            }
        }
        Class::AuthorOnly => 403,
        Class::ManageGroup => {
            if kind == Kind::Group {
                200
            } else {
                404
            }
        }
        Class::ItemConversation => 200,
    })
}

/// Routes not about one conversation: the expected status for each user, in the order of
/// [`Who::ALL`]: anonymous, other company, non-member, external, external favouriter,
/// internal, internal favouriter, participant, removed participant, project admin,
/// company admin, item reader.
#[rustfmt::skip]
const OTHER_ROUTES: [(&str, &str, [u16; 12]); 22] = [
    // The matrix's item has no host id: nobody finds it by one (tests/api/widget.rs finds one).
    ("GET", "/api/v1/items/by-host-ids?project=p1&item=i1", [401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/me",                              [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    // Switching to the matrix company: only its members may.
    ("PUT", "/api/v1/session/company",                 [401, 404, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/projects",                        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    // One's own notification preferences, in the session's company.
    ("GET", "/api/v1/me/notifications",                [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("PUT", "/api/v1/me/notifications",                [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    // One's own company's people (each user's session is in a company of theirs).
    ("GET", "/api/v1/people",                          [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/conversations",                   [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/unread",                          [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/search?q=matrixword",             [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/events",                          [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    // The Directory is for the people in it, and company admins.
    ("GET", "/api/v1/projects/{p}/directory",          [401, 404, 404, 200, 200, 200, 200, 200, 404, 200, 200, 200]),
    ("GET", "/api/v1/projects/{p}/distribution-groups",[401, 404, 404, 200, 200, 200, 200, 200, 404, 200, 200, 200]),
    // Starting a conversation in the project: only its Directory and company admins.
    ("POST", "/api/v1/conversations/direct",           [401, 404, 403, 201, 201, 201, 201, 201, 403, 201, 201, 201]),
    ("POST", "/api/v1/conversations",                  [401, 404, 403, 201, 201, 201, 201, 201, 403, 201, 201, 201]),
    ("POST", "/api/v1/conversations/preview",          [401, 404, 403, 200, 200, 200, 200, 200, 403, 200, 200, 200]),
    // Groups: internal employees may manage them (the matrix company's setting); in the
    // other company only admins may (the default), so its user is refused before anything.
    ("POST", "/api/v1/groups",                         [401, 403, 403, 403, 403, 201, 201, 201, 403, 201, 201, 201]),
    // Company admins only.
    ("GET", "/api/v1/admin/settings",                  [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403]),
    ("PUT", "/api/v1/admin/settings",                  [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403]),
    ("GET", "/api/v1/admin/export?from=0&to=9999999999999", [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403]),
    ("GET", "/api/v1/admin/audit-log",                 [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403]),
    ("POST", "/api/v1/admin/integration-token",        [401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403]),
];

/// What the item panel's session may call besides its item's conversation (the upload routes
/// as any user's); every other route of [`OTHER_ROUTES`] answers it 403.
const PANEL_OTHER_ROUTES: [(&str, &str, u16); 2] =
    [("GET", "/api/v1/me", 200), ("GET", "/api/v1/events", 200)];

/// Uploads (tus): anyone logged in may start one; an upload is its uploader's alone (the
/// world's owner, none of the users checked): 404 for everyone else, as for one that does not
/// exist. `{u}` is the owner's upload.
const UPLOAD_ROUTES: [(&str, &str, u16, u16); 5] = [
    // (method, path, anonymous, any user)
    ("OPTIONS", "/api/v1/uploads", 204, 204),
    ("POST", "/api/v1/uploads", 401, 201),
    ("HEAD", "/api/v1/uploads/{u}", 401, 404),
    ("PATCH", "/api/v1/uploads/{u}", 401, 404),
    ("DELETE", "/api/v1/uploads/{u}", 401, 404),
];

/// The integration API answers sessions (of anyone) with 401: it takes only its bearer token.
const INTEGRATION_ROUTES: [(&str, &str); 9] = [
    ("POST", "/api/v1/integration/widget-tickets"),
    ("PUT", "/api/v1/integration/users/{user}"),
    ("DELETE", "/api/v1/integration/users/{user}"),
    ("PUT", "/api/v1/integration/projects/{project}"),
    ("PUT", "/api/v1/integration/projects/{project}/directory/{user}"),
    ("DELETE", "/api/v1/integration/projects/{project}/directory/{user}"),
    ("PUT", "/api/v1/integration/projects/{project}/distribution-groups/{group}"),
    ("PUT", "/api/v1/integration/projects/{project}/items/{item}"),
    ("PUT", "/api/v1/integration/projects/{project}/permissions/{user}/{tool}"),
];

/// Logging in (anyone, with the right password) and out (anyone logged in), checked by the
/// matrix test and `auth.rs`; exchanging a widget ticket (anyone holding an unused,
/// unexpired one) for a session limited to its item's conversation, whose every route,
/// scope and expiry `widget.rs` checks.
const SESSION_ROUTES: [(&str, &str); 3] = [
    ("POST", "/api/v1/session"),
    ("DELETE", "/api/v1/session"),
    ("POST", "/api/v1/widget/session"),
];

/// The headers of a tus request with five bytes at offset 0.
const TUS_HEADERS: [(&str, &str); 4] = [
    ("tus-resumable", "1.0.0"),
    ("upload-length", "5"),
    ("upload-offset", "0"),
    ("content-type", "application/offset+octet-stream"),
];

/// A conversation route's path for the world's conversation of this kind (its message,
/// attachment and item).
fn conversation_path(world: &World, template: &str, kind: Kind) -> String {
    template
        .replace("{c}", &world.conversations[&kind].to_string())
        .replace("{m}", &world.messages[&kind].to_string())
        .replace("{a}", &world.attachments[&kind].to_string())
        .replace("{i}", &world.item.to_string())
}

/// An integration route's path, with made-up host ids.
fn integration_path(template: &str) -> String {
    template
        .replace("{user}", "x")
        .replace("{project}", "p1")
        .replace("{group}", "g")
        .replace("{item}", "i")
        .replace("{tool}", "rfi")
}

/// Fails with every check that did not answer as expected, of `n`.
fn assert_none_failed(failures: &[String], n: usize) {
    assert!(
        failures.is_empty(),
        "{} of {n} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A body each route accepts.
fn body_for(
    world: &World,
    method: &str,
    path: &str,
    kind: Option<Kind>,
    n: usize,
) -> Option<Value> {
    let message = kind.map(|k| world.messages[&k]);
    match (method, path) {
        ("POST", p) if p.ends_with("/messages") => {
            Some(json!({ "idempotency_key": format!("matrix-{n}"), "body": text("réponse") }))
        }
        ("POST", p) if p.ends_with("/read") || p.ends_with("/unread") => {
            Some(json!({ "message_id": message }))
        }
        ("PATCH", p) if p.starts_with("/api/v1/messages/") => {
            Some(json!({ "body": text("changed") }))
        }
        ("PATCH", _) => Some(json!({})),
        ("POST", "/api/v1/conversations/direct") => {
            Some(json!({ "project_id": world.project, "participant_ids": [world.owner_id] }))
        }
        ("POST", "/api/v1/conversations/preview") => Some(json!({
            "kind": "company", "project_id": world.project, "participant_ids": []
        })),
        ("POST", "/api/v1/conversations") => Some(json!({
            "kind": "company", "project_id": world.project, "participant_ids": [], "subject": "Matrix",
            "message": { "idempotency_key": format!("matrix-new-{n}"), "body": text("bonjour") }
        })),
        ("POST", "/api/v1/groups") => Some(
            json!({ "project_id": world.project, "name": format!("G{n}"), "member_ids": [], "everyone_in_directory": false }),
        ),
        ("PUT", "/api/v1/session/company") => Some(json!({ "company_id": world.company })),
        ("PUT", "/api/v1/me/notifications") => {
            Some(serde_json::to_value(parlons_api::NotificationPreferences::default()).unwrap())
        }
        ("PUT", "/api/v1/admin/settings") => Some(
            serde_json::to_value(parlons_api::CompanySettings {
                group_managers: parlons_api::GroupManagers::Internal,
                ..Default::default()
            })
            .unwrap(),
        ),
        ("POST", _) | ("PUT", _) => Some(json!({})),
        _ => None,
    }
}

#[tokio::test]
async fn every_route_answers_every_user_as_product_md_says() {
    let world = build().await;
    let app = &world.app;
    let mut failures = Vec::new();
    let mut n = 0;
    for who in Who::ALL {
        let cookie = world.cookie(who);
        for kind in Kind::ALL {
            for (method, template, class, _) in CONVERSATION_ROUTES {
                let Some(want) = expected(class, kind, who) else { continue };
                n += 1;
                let path = conversation_path(&world, template, kind);
                let body = body_for(&world, method, template, Some(kind), n);
                let status = if template.starts_with("/api/v1/attachments/") {
                    // Files' bytes, not JSON.
                    let none = axum::body::Body::empty();
                    app.raw(Method::GET, &path, cookie, &[], none).await.status
                } else {
                    app.call(method.parse().unwrap(), &path, cookie, body).await.status
                };
                if status.as_u16() != want {
                    failures.push(format!(
                        "{who:?} {kind:?} {method} {template}: {status} (expected {want})"
                    ));
                }
            }
        }
        for (method, template, row) in OTHER_ROUTES {
            let want = row[Who::ALL.iter().position(|w| *w == who).unwrap()];
            n += 1;
            let path = template.replace("{p}", &world.project.to_string());
            let status = if path == "/api/v1/events" {
                app.stream_status(&path, cookie).await
            } else {
                let body = body_for(&world, method, template, None, n);
                app.call(method.parse().unwrap(), &path, cookie, body).await.status
            };
            if status.as_u16() != want {
                failures.push(format!("{who:?} {method} {template}: {status} (expected {want})"));
            }
        }
        for (method, template, anonymous, user) in UPLOAD_ROUTES {
            let want = if cookie.is_some() { user } else { anonymous };
            let path = template.replace("{u}", &world.upload.to_string());
            let headers = TUS_HEADERS;
            let got = app
                .raw(
                    method.parse().unwrap(),
                    &path,
                    cookie,
                    &headers,
                    axum::body::Body::from("12345"),
                )
                .await;
            if got.status.as_u16() != want {
                failures
                    .push(format!("{who:?} {method} {template}: {} (expected {want})", got.status));
            }
        }
        for (method, template) in INTEGRATION_ROUTES {
            let path = integration_path(template);
            let path = path.as_str();
            let status =
                app.call(method.parse().unwrap(), path, cookie, Some(json!({}))).await.status;
            if status.as_u16() != 401 {
                failures.push(format!(
                    "{who:?} {method} {path} with a session: {status} (expected 401)"
                ));
            }
        }
        // Logging out works for everyone logged in (on a session of its own).
        if let Some(cookie) = cookie {
            let status =
                app.call(Method::DELETE, "/api/v1/session", Some(cookie), None).await.status;
            if status.as_u16() != 204 {
                failures.push(format!("{who:?} DELETE /api/v1/session: {status} (expected 204)"));
            }
        }
    }
    assert_none_failed(&failures, n);
}

/// The item panel's session for `who` on the matrix's item (`rfi-1` of project `p1`): its
/// ticket asked for by the host product, then exchanged by the panel.
async fn panel_session(app: &TestApp, who: Who) -> String {
    let user = external_id(who).expect("a user of the matrix company");
    let request = json!({ "user": user, "project": "p1", "item": "rfi-1" });
    let path = "/api/v1/integration/widget-tickets";
    let ticket = app.integration(Method::POST, path, TOKEN, Some(request)).await;
    assert_eq!(ticket.status.as_u16(), 200, "{who:?}'s ticket: {}", ticket.body);
    let ticket = ticket.body["ticket"].clone();
    let session =
        app.call(Method::POST, "/api/v1/widget/session", None, Some(json!({ "ticket": ticket })));
    let session = session.await;
    assert_eq!(session.status.as_u16(), 200, "{who:?}'s exchange: {}", session.body);
    session.body["token"].as_str().unwrap().to_owned()
}

/// What the item panel's session answers: its item's conversation as its user may read it,
/// nothing else. Every user of the matrix company gets a ticket (the host product vouches for
/// them); what they may read is decided on each request, as in the app.
#[tokio::test]
async fn the_item_panels_session_reaches_its_items_conversation_and_nothing_else() {
    let world = build().await;
    let app = &world.app;
    let mut failures = Vec::new();
    let mut n = 0;
    for who in Who::ALL {
        if external_id(who).is_none() {
            continue;
        }
        let token = panel_session(app, who).await;
        let bearer = format!("Bearer {token}");
        for kind in Kind::ALL {
            for (method, template, class, panel) in CONVERSATION_ROUTES {
                let Some(as_user) = expected(class, kind, who) else { continue };
                let want = match (panel, kind) {
                    (APP_ONLY, _) => 403,
                    (PANEL, Kind::Item) => as_user,
                    (PANEL, _) => 404,
                };
                n += 1;
                let path = conversation_path(&world, template, kind);
                let status = if template.starts_with("/api/v1/attachments/") {
                    let headers = [("authorization", bearer.as_str())];
                    let none = axum::body::Body::empty();
                    app.raw(Method::GET, &path, None, &headers, none).await.status
                } else {
                    let body = body_for(&world, method, template, Some(kind), 10_000 + n);
                    app.integration(method.parse().unwrap(), &path, &token, body).await.status
                };
                if status.as_u16() != want {
                    failures.push(format!(
                        "{who:?}'s panel, {kind:?} {method} {template}: {status} (expected {want})"
                    ));
                }
            }
        }
        for (method, template, _) in OTHER_ROUTES {
            let want = PANEL_OTHER_ROUTES
                .iter()
                .find(|r| (r.0, r.1) == (method, template))
                .map_or(403, |r| r.2);
            n += 1;
            let path = template.replace("{p}", &world.project.to_string());
            let status = if path == "/api/v1/events" {
                app.stream_status(&format!("{path}?access_token={token}"), None).await
            } else {
                let body = body_for(&world, method, template, None, 10_000 + n);
                app.integration(method.parse().unwrap(), &path, &token, body).await.status
            };
            if status.as_u16() != want {
                failures.push(format!(
                    "{who:?}'s panel, {method} {template}: {status} (expected {want})"
                ));
            }
        }
        // Attachments are uploaded first: the upload routes answer it as any user.
        for (method, template, _, want) in UPLOAD_ROUTES {
            let path = template.replace("{u}", &world.upload.to_string());
            let mut headers = vec![("authorization", bearer.as_str())];
            headers.extend(TUS_HEADERS);
            let body = axum::body::Body::from("12345");
            let got = app.raw(method.parse().unwrap(), &path, None, &headers, body).await;
            if got.status.as_u16() != want {
                failures.push(format!(
                    "{who:?}'s panel, {method} {template}: {} (expected {want})",
                    got.status
                ));
            }
        }
        // Not a token of the integration API.
        for (method, template) in INTEGRATION_ROUTES {
            let path = integration_path(template);
            let status = app
                .integration(method.parse().unwrap(), &path, &token, Some(json!({})))
                .await
                .status;
            if status.as_u16() != 401 {
                failures.push(format!("{who:?}'s panel, {method} {path}: {status} (expected 401)"));
            }
        }
    }
    assert_none_failed(&failures, n);
}

/// A ticket opens one session, within its 2 minutes; the session lasts a working day; and
/// no ticket is given for someone the company does not have.
#[tokio::test]
async fn the_panels_ticket_and_session_expire() {
    let world = build().await;
    let app = &world.app;
    let ask = |user: &str| {
        let request = json!({ "user": user, "project": "p1", "item": "rfi-1" });
        app.integration(Method::POST, "/api/v1/integration/widget-tickets", TOKEN, Some(request))
    };
    let exchange = |ticket: Value| {
        app.call(Method::POST, "/api/v1/widget/session", None, Some(json!({ "ticket": ticket })))
    };
    assert_eq!(ask("nobody").await.status.as_u16(), 422, "not a user of the company");
    let ticket = ask("participant").await.body["ticket"].clone();
    let first = exchange(ticket.clone()).await;
    assert_eq!(first.status.as_u16(), 200);
    assert_eq!(exchange(ticket).await.status.as_u16(), 403, "used once already");
    let late = ask("participant").await.body["ticket"].clone();
    app.clock.advance(parlons_api::WIDGET_TICKET_LIFETIME_MS + 1);
    assert_eq!(exchange(late).await.status.as_u16(), 403, "past its 2 minutes");

    let token = first.body["token"].as_str().unwrap();
    let me = app.integration(Method::GET, "/api/v1/me", token, None).await;
    assert_eq!(me.status.as_u16(), 200);
    let day = parlons_server::domain::widget::WIDGET_SESSION_LIFETIME_MS;
    app.clock.advance(day);
    assert_eq!(app.integration(Method::GET, "/api/v1/me", token, None).await.status.as_u16(), 401);
    let events = format!("/api/v1/events?access_token={token}");
    assert_eq!(app.stream_status(&events, None).await.as_u16(), 401);
}

#[tokio::test]
async fn the_list_and_search_show_exactly_what_may_be_read() {
    let world = build().await;
    for who in Who::ALL {
        let Some(cookie) = world.cookie(who) else { continue };
        let readable: BTreeSet<i64> = Kind::ALL
            .iter()
            .filter(|k| read_access(who, **k) == 200)
            .map(|k| world.conversations[k])
            .collect();
        let list = world.app.get("/api/v1/conversations", cookie).await.body;
        let listed: BTreeSet<i64> =
            list.as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
        let matrix: BTreeSet<i64> = listed
            .intersection(&world.conversations.values().copied().collect())
            .copied()
            .collect();
        assert_eq!(matrix, readable, "{who:?}'s list");
        let found = world.app.get("/api/v1/search?q=matrixword", cookie).await.body;
        let found: BTreeSet<i64> = found["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["conversation_id"].as_i64().unwrap())
            .collect();
        assert_eq!(found, readable, "{who:?}'s search");
    }
}

/// Sends one message in every conversation, then gives each user a fence (a new direct
/// conversation, or for the other company's user, one there), and returns, for each user,
/// the conversations whose messages reached them before their fence.
async fn heard(world: &World, round: &str) -> BTreeMap<Who, BTreeSet<i64>> {
    let app = &world.app;
    let mut streams = BTreeMap::new();
    for who in Who::ALL {
        if let Some(cookie) = world.cookie(who) {
            streams.insert(who, app.events(cookie).await);
        }
    }
    for (kind, conversation) in &world.conversations {
        let body =
            json!({ "idempotency_key": format!("{round}-{kind:?}"), "body": text("événement") });
        let sent = app
            .post(&format!("/api/v1/conversations/{conversation}/messages"), &world.owner, body)
            .await;
        assert_eq!(sent.status.as_u16(), 201, "{}", sent.body);
    }
    let mut fences = BTreeMap::new();
    for who in Who::ALL {
        let fence = if who == Who::OtherCompany {
            let hugo = app.user_id(crate::support::HUGO).await;
            let body = json!({ "project_id": null, "participant_ids": [hugo], "subject": round, "kind": "direct", "message": { "idempotency_key": format!("fence-{round}"), "body": text("fence") } });
            app.post("/api/v1/conversations", world.cookie(who).unwrap(), body).await
        } else if let Some(&id) = world.ids.get(&who) {
            let body = json!({ "project_id": null, "participant_ids": [id], "subject": round, "kind": "direct", "message": { "idempotency_key": format!("fence-{round}-{who:?}"), "body": text("fence") } });
            app.post("/api/v1/conversations", &world.owner, body).await
        } else {
            continue;
        };
        assert_eq!(fence.status.as_u16(), 201, "{who:?}: {}", fence.body);
        fences.insert(who, fence.body["id"].as_i64().unwrap());
    }
    let mut heard = BTreeMap::new();
    for (who, stream) in &mut streams {
        let mut got = BTreeSet::new();
        loop {
            let event = stream.next().await;
            let conversation = match event.name.as_str() {
                "message.created" => event.data["message"]["conversation_id"].as_i64(),
                "conversation.created" => event.data["conversation"]["id"].as_i64(),
                _ => None,
            };
            if conversation == fences.get(who).copied() {
                break;
            }
            if event.name == "message.created" {
                got.extend(conversation);
            }
        }
        heard.insert(*who, got);
    }
    heard
}

#[tokio::test]
async fn events_reach_exactly_who_may_read_at_that_moment() {
    let world = build().await;
    let expected = |who: Who, lost: bool| -> BTreeSet<i64> {
        Kind::ALL
            .iter()
            .filter(|k| read_access(who, **k) == 200 && !(lost && who == Who::Participant))
            .map(|k| world.conversations[k])
            .collect()
    };
    for (who, got) in heard(&world, "round-1").await {
        assert_eq!(got, expected(who, false), "{who:?}");
    }
    // The participant leaves the Directory: from this moment on, nothing more reaches them.
    world.remove_participant_from_directory().await;
    for (who, got) in heard(&world, "round-2").await {
        assert_eq!(got, expected(who, true), "{who:?} after the participant's removal");
    }
}

/// `/a/{x}/b?q` → `/a/{}/b`: a route whatever its parameters' names and its query.
fn shape(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    let mut shape = String::new();
    let mut in_parameter = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_parameter = true;
                shape.push_str("{}");
            }
            '}' => in_parameter = false,
            _ if !in_parameter => shape.push(c),
            _ => {}
        }
    }
    shape
}

#[tokio::test]
async fn the_matrix_covers_every_route_of_the_openapi_document() {
    let app = crate::support::TestApp::new().await;
    let document = app.call(Method::GET, "/api/v1/openapi.json", None, None).await;
    assert_eq!(document.status.as_u16(), 200, "the document is public");
    assert!(document.body["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(document.body["servers"][0]["url"], "/api/v1");
    let mut documented = BTreeSet::new();
    for (path, operations) in document.body["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), shape(&format!("/api/v1{path}"))));
        }
    }
    let covered: BTreeSet<(String, String)> = CONVERSATION_ROUTES
        .iter()
        .map(|(m, p, _, _)| (*m, *p))
        .chain(OTHER_ROUTES.iter().map(|(m, p, _)| (*m, *p)))
        .chain(UPLOAD_ROUTES.iter().map(|(m, p, _, _)| (*m, *p)))
        .chain(INTEGRATION_ROUTES)
        .chain(SESSION_ROUTES)
        .map(|(m, p)| (m.to_owned(), shape(p)))
        .collect();
    let missing: Vec<_> = documented.difference(&covered).collect();
    assert!(missing.is_empty(), "routes without an entry in the authorization matrix: {missing:?}");
    let stale: Vec<_> = covered.difference(&documented).collect();
    assert!(stale.is_empty(), "matrix entries for routes that do not exist: {stale:?}");
}

#[tokio::test]
async fn every_reference_of_the_openapi_document_resolves() {
    fn references<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(fields) => {
                if let Some(Value::String(target)) = fields.get("$ref") {
                    found.push(target);
                }
                fields.values().for_each(|v| references(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| references(v, found)),
            _ => {}
        }
    }
    let app = crate::support::TestApp::new().await;
    let document = app.call(Method::GET, "/api/v1/openapi.json", None, None).await.body;
    let mut found = Vec::new();
    references(&document, &mut found);
    assert!(found.len() > 50, "the document uses references: {}", found.len());
    let dangling: BTreeSet<&str> = found
        .into_iter()
        .filter(|target| {
            let pointer = target.strip_prefix('#').unwrap_or("not local");
            document.pointer(pointer).is_none()
        })
        .collect();
    assert!(dangling.is_empty(), "references to nothing: {dangling:?}");
}
