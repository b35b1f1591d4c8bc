//! Starting direct conversations (who may be in one), and "+ Créer" sent more than once.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{ALICE, BRUNO, CHLOE, DAVID, EMMA, FARID, GABRIELLE, TestApp, text};

#[tokio::test]
async fn directory_members_can_start_one_and_get_the_same_one_back() {
    let app = TestApp::new().await;
    let chloe = app.login(CHLOE).await;
    let tilleuls = app.project_id(&chloe, "Résidence Les Tilleuls").await;
    let david = app.user_id(DAVID).await;
    let request = json!({ "project_id": tilleuls, "participant_ids": [david] });

    let created = app.post("/api/v1/conversations/direct", &chloe, request.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["kind"], "direct");
    assert_eq!(created.body["project"]["name"], "Résidence Les Tilleuls");
    let names: Vec<&str> = created.body["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Chloé Bernard", "David Roux"]);
    assert_eq!(created.body["participants"][1]["is_external"], true);

    let again = app.post("/api/v1/conversations/direct", &chloe, request).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["id"], created.body["id"]);

    // David sees it too.
    let david_cookie = app.login(DAVID).await;
    let list = app.get("/api/v1/conversations", &david_cookie).await.body;
    assert!(list.as_array().unwrap().iter().any(|c| c["id"] == created.body["id"]));
}

#[tokio::test]
async fn someone_outside_the_directory_is_refused_with_403() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let ecole = app.project_id(&bruno, "École Jules-Ferry — extension").await;
    // David works on Les Tilleuls, not on the school.
    let david = app.user_id(DAVID).await;
    let before = app.get("/api/v1/conversations", &bruno).await.body;
    let answer = app
        .post(
            "/api/v1/conversations/direct",
            &bruno,
            json!({ "project_id": ecole, "participant_ids": [david] }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert_eq!(answer.body["error"]["code"], "forbidden");
    assert!(answer.body["error"]["message"].as_str().unwrap().contains("David Roux"));
    let after = app.get("/api/v1/conversations", &bruno).await.body;
    assert_eq!(after, before, "nothing was created");
}

#[tokio::test]
async fn someone_of_another_company_is_refused_with_403() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let gabrielle = app.user_id(GABRIELLE).await;
    let answer = app
        .post(
            "/api/v1/conversations/direct",
            &bruno,
            json!({ "project_id": null, "participant_ids": [gabrielle] }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_company_admin_may_be_added_without_being_in_the_directory() {
    let app = TestApp::new().await;
    let farid = app.login(FARID).await;
    let ecole = app.project_id(&farid, "École Jules-Ferry — extension").await;
    let alice = app.user_id(ALICE).await;
    let answer = app
        .post(
            "/api/v1/conversations/direct",
            &farid,
            json!({ "project_id": ecole, "participant_ids": [alice] }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
}

#[tokio::test]
async fn participant_counts_outside_2_to_100_are_refused() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let me = app.user_id(BRUNO).await;
    let alone = app
        .post(
            "/api/v1/conversations/direct",
            &bruno,
            json!({ "project_id": null, "participant_ids": [me] }),
        )
        .await;
    assert_eq!(alone.status, StatusCode::UNPROCESSABLE_ENTITY);
    let crowd: Vec<i64> = (1000..1100).collect();
    let too_many = app
        .post(
            "/api/v1/conversations/direct",
            &bruno,
            json!({ "project_id": null, "participant_ids": crowd }),
        )
        .await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_many.body["error"]["message"].as_str().unwrap().contains("100"));
}

#[tokio::test]
async fn a_project_of_another_company_is_not_found() {
    let app = TestApp::new().await;
    let gabrielle = app.login(GABRIELLE).await;
    let bruno = app.login(BRUNO).await;
    let tilleuls = app.project_id(&bruno, "Résidence Les Tilleuls").await;
    let answer = app.get(&format!("/api/v1/projects/{tilleuls}/directory"), &gabrielle).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let directory = app.get(&format!("/api/v1/projects/{tilleuls}/directory"), &bruno).await;
    assert_eq!(directory.status, StatusCode::OK);
    assert_eq!(directory.body.as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn create_is_retry_safe_even_when_retries_race() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let project = app.project_id(&bruno, "Résidence Les Tilleuls").await;
    let david = app.user_id(DAVID).await;
    let request = json!({
        "kind": "confidential", "project_id": project, "participant_ids": [david],
        "subject": "Avenant n° 3",
        "message": { "idempotency_key": "create-race-1", "body": text("Voici l'avenant.") }
    });
    // Four copies of the same request at once, as a client retrying on a bad network would.
    let (a, b, c, d) = tokio::join!(
        app.post("/api/v1/conversations", &bruno, request.clone()),
        app.post("/api/v1/conversations", &bruno, request.clone()),
        app.post("/api/v1/conversations", &bruno, request.clone()),
        app.post("/api/v1/conversations", &bruno, request.clone()),
    );
    let answers = [a, b, c, d];
    let created = answers.iter().filter(|a| a.status == StatusCode::CREATED).count();
    assert_eq!(created, 1, "exactly one creates");
    assert!(answers.iter().all(|a| a.status == StatusCode::CREATED || a.status == StatusCode::OK));
    let ids: Vec<&serde_json::Value> = answers.iter().map(|a| &a.body["id"]).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "all answer the same conversation: {ids:?}");
    let list = app.get("/api/v1/conversations", &bruno).await.body;
    let named = list.as_array().unwrap().iter().filter(|c| c["subject"] == "Avenant n° 3").count();
    assert_eq!(named, 1);
    let messages = app.get(&format!("/api/v1/conversations/{}/messages", ids[0]), &bruno).await;
    assert_eq!(messages.body["messages"].as_array().unwrap().len(), 1, "one first message");

    // The same key for another subject is still the first request's conversation.
    let mut again = request.clone();
    again["subject"] = json!("Autre sujet");
    let answer = app.post("/api/v1/conversations", &bruno, again).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(&answer.body["id"], ids[0]);
}

#[tokio::test]
async fn the_preview_names_exactly_who_the_conversation_reaches() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let project = app.project_id(&bruno, "Résidence Les Tilleuls").await;
    let david = app.user_id(DAVID).await;
    for (kind, participants) in
        [("company", vec![]), ("confidential", vec![david]), ("company", vec![david])]
    {
        let card = json!({ "kind": kind, "project_id": project, "participant_ids": participants });
        let preview = app.post("/api/v1/conversations/preview", &bruno, card.clone()).await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        let mut readers: Vec<String> = preview.body["readers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_owned())
            .collect();
        readers.sort();
        // Nothing was created by looking.
        let list = app.get("/api/v1/conversations", &bruno).await.body;
        assert!(!list.as_array().unwrap().iter().any(|c| c["subject"] == ""), "{kind}");

        let mut request = card.clone();
        request["subject"] = json!(format!("Aperçu {kind} {}", participants.len()));
        request["message"] = json!({ "idempotency_key": format!("preview-{kind}-{}", participants.len()), "body": text("Bonjour") });
        let created = app.post("/api/v1/conversations", &bruno, request).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let mut seeing = Vec::new();
        for email in [ALICE, BRUNO, CHLOE, DAVID, FARID, GABRIELLE, EMMA] {
            let cookie = app.login(email).await;
            let list = app.get("/api/v1/conversations", &cookie).await.body;
            if list.as_array().unwrap().iter().any(|c| c["id"] == created.body["id"]) {
                let me = app.get("/api/v1/me", &cookie).await.body;
                seeing.push(me["name"].as_str().unwrap().to_owned());
            }
        }
        seeing.sort();
        assert_eq!(readers, seeing, "{kind} with {participants:?}");
    }

    // Someone outside the Directory: refused, naming the field and why.
    let gabrielle = app.user_id(GABRIELLE).await;
    let card =
        json!({ "kind": "confidential", "project_id": project, "participant_ids": [gabrielle] });
    let refused = app.post("/api/v1/conversations/preview", &bruno, card).await;
    assert!(refused.status.is_client_error(), "{}", refused.body);
    let too_many: Vec<i64> = (1..=150).collect();
    let card = json!({ "kind": "direct", "project_id": null, "participant_ids": too_many });
    let refused = app.post("/api/v1/conversations/preview", &bruno, card).await;
    assert_eq!(refused.body["error"]["field"], "participant_ids");
    assert_eq!(refused.body["error"]["reason"], "over_cap");
}

#[tokio::test]
async fn the_people_of_ones_company_are_those_a_direct_message_without_project_may_include() {
    let app = TestApp::new().await;
    let bruno = app.login(BRUNO).await;
    let people = app.get("/api/v1/people", &bruno).await;
    assert_eq!(people.status, StatusCode::OK);
    let names: Vec<&str> =
        people.body.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Chloé Bernard") && names.contains(&"David Roux"), "{names:?}");
    assert!(!names.contains(&"Bruno Martin"), "not oneself: {names:?}");
    assert!(!names.iter().any(|n| n.starts_with("Gabrielle")), "not another company's: {names:?}");
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "by name");
    // Each of them is accepted in a direct message without a project.
    let david = app.user_id(DAVID).await;
    let direct = json!({ "project_id": null, "participant_ids": [david] });
    let created = app.post("/api/v1/conversations/direct", &bruno, direct).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
}
