//! A company built for the authorization matrix through the integration API: one project,
//! one conversation of every kind, and one user of every kind PRODUCT.md section 2 tells
//! apart.

use std::collections::BTreeMap;

use axum::http::{Method, StatusCode};
use parlons_server::auth::token_hash;
use serde_json::{Value, json};

use crate::support::{GABRIELLE, TestApp, text};

/// The integration token of the matrix company.
pub const TOKEN: &str = "matrix-integration-token";
const PASSWORD: &str = "matrix-password";

/// The kinds of user the matrix checks, besides the owner who creates everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Who {
    /// No session.
    Anonymous,
    /// Logged in to another company.
    OtherCompany,
    /// In the company, not in the project's Directory.
    NonMember,
    /// External, in the Directory, no favourite.
    ExternalNoFavourite,
    /// External, in the Directory, favourite.
    ExternalFavourite,
    /// Internal, in the Directory, no favourite.
    InternalNoFavourite,
    /// Internal, in the Directory, favourite.
    InternalFavourite,
    /// Designated participant of every conversation (internal, no favourite, on the item's
    /// access list with read-only permission).
    Participant,
    /// Was a participant like the one above, then removed from the Directory.
    RemovedParticipant,
    /// Project admin (in the Directory, no favourite, not a participant).
    ProjectAdmin,
    /// Company admin (not in the Directory, not a participant).
    CompanyAdmin,
    /// Read-only on the item's tool, not on the private item's access list.
    ItemReaderWithoutPrivateAccess,
}

impl Who {
    /// Every kind of user, in the matrix's order.
    pub const ALL: [Who; 12] = [
        Who::Anonymous,
        Who::OtherCompany,
        Who::NonMember,
        Who::ExternalNoFavourite,
        Who::ExternalFavourite,
        Who::InternalNoFavourite,
        Who::InternalFavourite,
        Who::Participant,
        Who::RemovedParticipant,
        Who::ProjectAdmin,
        Who::CompanyAdmin,
        Who::ItemReaderWithoutPrivateAccess,
    ];
}

/// The conversations of the matrix, one per column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `direct` in the project: owner, participant, removed participant.
    Direct,
    /// `group`: the same three.
    Group,
    /// `item`, of a private item whose access list is those three.
    Item,
    /// `company`, the same three designated.
    Company,
    /// `company` with, besides, an external favouriter designated.
    CompanyWithExternalFavouriter,
    /// `confidential`, the same three designated.
    Confidential,
}

impl Kind {
    /// Every column, in the matrix's order.
    pub const ALL: [Kind; 6] = [
        Kind::Direct,
        Kind::Group,
        Kind::Item,
        Kind::Company,
        Kind::CompanyWithExternalFavouriter,
        Kind::Confidential,
    ];
}

/// The built world.
pub struct World {
    pub app: TestApp,
    /// The matrix company's id.
    pub company: i64,
    /// Session cookies (none for the anonymous).
    pub cookies: BTreeMap<Who, String>,
    pub owner: String,
    pub owner_id: i64,
    pub ids: BTreeMap<Who, i64>,
    pub project: i64,
    pub item: i64,
    pub conversations: BTreeMap<Kind, i64>,
    /// The owner's first message in each conversation.
    pub messages: BTreeMap<Kind, i64>,
    /// The image attached to that message.
    pub attachments: BTreeMap<Kind, i64>,
    /// An upload of the owner's, not sent.
    pub upload: i64,
}

impl World {
    pub fn cookie(&self, who: Who) -> Option<&str> {
        self.cookies.get(&who).map(String::as_str)
    }

    /// The host product takes the participant out of the project's Directory.
    pub async fn remove_participant_from_directory(&self) {
        let path = "/api/v1/integration/projects/p1/directory/participant";
        let removed = self.app.integration(Method::DELETE, path, TOKEN, None).await;
        assert_eq!(removed.status.as_u16(), 204);
    }
}

async fn integration(app: &TestApp, method: Method, path: &str, body: Option<Value>) -> Value {
    let answer = app.integration(method, &format!("/api/v1/integration{path}"), TOKEN, body).await;
    assert!(answer.status.is_success(), "{path}: {} {}", answer.status, answer.body);
    answer.body
}

/// The host product's id of a user of the matrix company (`None` for the anonymous and the
/// other company's user).
pub fn external_id(who: Who) -> Option<&'static str> {
    people().into_iter().find(|(_, w, _, _)| *w == Some(who)).map(|(external, ..)| external)
}

/// (external id, is_external, is_admin) of each user of the matrix company.
fn people() -> Vec<(&'static str, Option<Who>, bool, bool)> {
    vec![
        ("owner", None, false, false),
        ("non-member", Some(Who::NonMember), false, false),
        ("external", Some(Who::ExternalNoFavourite), true, false),
        ("external-fav", Some(Who::ExternalFavourite), true, false),
        ("internal", Some(Who::InternalNoFavourite), false, false),
        ("internal-fav", Some(Who::InternalFavourite), false, false),
        ("participant", Some(Who::Participant), false, false),
        ("removed", Some(Who::RemovedParticipant), false, false),
        ("project-admin", Some(Who::ProjectAdmin), false, false),
        ("company-admin", Some(Who::CompanyAdmin), false, true),
        ("item-reader", Some(Who::ItemReaderWithoutPrivateAccess), false, false),
        ("external-fav-participant", None, true, false),
    ]
}

pub async fn build() -> World {
    let app = TestApp::new().await;
    let mut tx = app.state.store.begin().await.unwrap();
    let company = tx.insert_company("Matrix Co").await.unwrap();
    tx.set_integration_token(company, &token_hash(TOKEN)).await.unwrap();
    tx.commit().await.unwrap();

    let mut ids = BTreeMap::new();
    let mut owner_id = 0;
    for (external, who, is_external, is_admin) in people() {
        let body = json!({ "email": format!("{external}@matrix.example"), "name": external, "is_external": is_external, "is_admin": is_admin, "password": PASSWORD });
        let id =
            integration(&app, Method::PUT, &format!("/users/{external}"), Some(body)).await["id"]
                .as_i64()
                .unwrap();
        match who {
            Some(who) => {
                ids.insert(who, id);
            }
            None if external == "owner" => owner_id = id,
            None => {}
        }
    }
    let project = integration(
        &app,
        Method::PUT,
        "/projects/p1",
        Some(json!({ "name": "Matrix project", "number": "M-1" })),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let directory = [
        ("owner", false, true),
        ("external", false, false),
        ("external-fav", false, true),
        ("internal", false, false),
        ("internal-fav", false, true),
        ("participant", false, false),
        ("removed", false, false),
        ("project-admin", true, false),
        ("item-reader", false, false),
        ("external-fav-participant", false, true),
    ];
    for (user, is_project_admin, is_favourite) in directory {
        let body = json!({ "is_project_admin": is_project_admin, "is_favourite": is_favourite });
        integration(&app, Method::PUT, &format!("/projects/p1/directory/{user}"), Some(body)).await;
    }
    for (user, level) in [
        ("owner", "admin"),
        ("participant", "read_only"),
        ("removed", "read_only"),
        ("item-reader", "read_only"),
    ] {
        integration(
            &app,
            Method::PUT,
            &format!("/projects/p1/permissions/{user}/rfi"),
            Some(json!({ "level": level })),
        )
        .await;
    }
    let item_body = json!({ "tool": "rfi", "number": "1", "title": "Private RFI", "is_private": true, "access_external_ids": ["owner", "participant", "removed"] });
    let item =
        integration(&app, Method::PUT, "/projects/p1/items/rfi-1", Some(item_body)).await["id"]
            .as_i64()
            .unwrap();

    let login = |external: &str| format!("{external}@matrix.example");
    let admin = app.login_with(&login("company-admin"), PASSWORD).await;
    let mut settings = app.get("/api/v1/admin/settings", &admin).await.body;
    settings["group_managers"] = json!("internal");
    assert_eq!(app.put("/api/v1/admin/settings", &admin, settings).await.status, StatusCode::OK);

    let owner = app.login_with(&login("owner"), PASSWORD).await;
    let participant = ids[&Who::Participant];
    let removed = ids[&Who::RemovedParticipant];
    let mut conversations = BTreeMap::new();
    let created = app
        .post(
            "/api/v1/conversations/direct",
            &owner,
            json!({ "project_id": project, "participant_ids": [participant, removed] }),
        )
        .await;
    conversations.insert(Kind::Direct, created.body["id"].as_i64().unwrap());
    let created = app
        .post("/api/v1/groups", &owner, json!({ "project_id": project, "name": "Matrix group", "member_ids": [participant, removed], "everyone_in_directory": false }))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    conversations.insert(Kind::Group, created.body["id"].as_i64().unwrap());
    let created = app.post(&format!("/api/v1/items/{item}/conversation"), &owner, json!({})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    conversations.insert(Kind::Item, created.body["id"].as_i64().unwrap());
    let directory = app.get(&format!("/api/v1/projects/{project}/directory"), &owner).await.body;
    let efp = directory
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "external-fav-participant")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    for (kind, wire, extra) in [
        (Kind::Company, "company", None),
        (Kind::CompanyWithExternalFavouriter, "company", Some(efp)),
        (Kind::Confidential, "confidential", None),
    ] {
        let mut people = vec![participant, removed];
        people.extend(extra);
        let body = json!({ "kind": wire, "project_id": project, "participant_ids": people, "subject": format!("{kind:?}"), "message": { "idempotency_key": format!("first-{kind:?}"), "body": text("first") } });
        let created = app.post("/api/v1/conversations", &owner, body).await;
        assert_eq!(created.status, StatusCode::CREATED, "{kind:?}: {}", created.body);
        conversations.insert(kind, created.body["id"].as_i64().unwrap());
    }
    let mut messages = BTreeMap::new();
    let mut attachments = BTreeMap::new();
    for (&kind, &conversation) in &conversations {
        let image = app.upload(&owner, "plan.png", &crate::support::png(40, 30)).await;
        let sent = app
            .post(&format!("/api/v1/conversations/{conversation}/messages"), &owner, json!({ "idempotency_key": format!("owner-{kind:?}"), "body": text(&format!("matrixword {kind:?}")), "attachment_ids": [image] }))
            .await;
        assert_eq!(sent.status, StatusCode::CREATED, "{kind:?}: {}", sent.body);
        messages.insert(kind, sent.body["id"].as_i64().unwrap());
        attachments.insert(kind, image);
    }
    let upload = app.create_upload(&owner, "unsent.txt", 10).await;
    let upload = upload.rsplit('/').next().unwrap().parse().unwrap();
    // The removed participant leaves the Directory after everything was created.
    integration(&app, Method::DELETE, "/projects/p1/directory/removed", None).await;

    let mut cookies = BTreeMap::new();
    cookies.insert(Who::OtherCompany, app.login(GABRIELLE).await);
    for (external, who, _, _) in people() {
        if let Some(who) = who {
            cookies.insert(who, app.login_with(&login(external), PASSWORD).await);
        }
    }
    World {
        app,
        company: company.0,
        cookies,
        owner,
        owner_id,
        ids,
        project,
        item,
        conversations,
        messages,
        attachments,
        upload,
    }
}
