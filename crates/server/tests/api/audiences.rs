//! The writer remembers each conversation's audience (who might read it, with the facts the
//! access rules decide on) while nothing those facts come from changes. Every kind of change
//! to them must make it read again: after each one here, what the writer uses is what a
//! fresh read says, and differs from before the change.

use parlons_api::{
    CompanyId, ConversationId, ConversationKind, DirectMessages, ItemId, ProjectId, Timestamp,
    ToolLevel, UpsertDirectoryMember, UserId,
};
use parlons_server::domain::access::AccessFacts;
use parlons_server::store::{NewConversation, NewUser, Store, Tx};

use crate::support::TestApp;

type Audience = Vec<(UserId, AccessFacts)>;

/// The audience as the writer sees it (remembered or read), and as a fresh read says.
async fn both(store: &Store, conversation: ConversationId) -> (Audience, Audience) {
    let mut tx = store.begin().await.unwrap();
    let mut remembered = tx.audience_facts(conversation).await.unwrap();
    tx.commit().await.unwrap();
    let mut fresh = store.audience_facts(conversation).await.unwrap();
    remembered.sort_by_key(|(user, _)| *user);
    fresh.sort_by_key(|(user, _)| *user);
    (remembered, fresh)
}

/// Makes a change in its own committed write.
async fn change<F>(store: &Store, write: F)
where
    F: AsyncFnOnce(&mut Tx),
{
    let mut tx = store.begin().await.unwrap();
    write(&mut tx).await;
    tx.commit().await.unwrap();
}

struct World {
    company: CompanyId,
    project: ProjectId,
    item: ItemId,
    people: Vec<UserId>,
    group: ConversationId,
    item_conversation: ConversationId,
}

async fn world(store: &Store) -> World {
    let mut tx = store.begin().await.unwrap();
    let company = tx.insert_company("Audiences").await.unwrap();
    let mut people = Vec::new();
    for n in 0..4 {
        let email = format!("a{n}@audiences.test");
        let user = tx
            .insert_user(NewUser { email: &email, name: &email, password_hash: None })
            .await
            .unwrap();
        tx.upsert_company_member(company, user, &email, false, false).await.unwrap();
        people.push(user);
    }
    let project = tx.upsert_project(company, "p", "Chantier", None).await.unwrap();
    for &user in &people[..3] {
        let member = UpsertDirectoryMember { is_project_admin: false, is_favourite: false };
        tx.upsert_directory_member(project, user, member).await.unwrap();
    }
    let item = tx.upsert_item(project, "rfi-1", "rfi", "1", "Gaines", false).await.unwrap();
    let conversation = |kind, item: Option<ItemId>, participants: Vec<UserId>| NewConversation {
        company,
        project: Some(project),
        item,
        kind,
        subject: Some("Audiences".into()),
        direct_key: None,
        started_with: None,
        everyone_in_directory: false,
        created_by: people[0],
        participants,
        now: Timestamp(0),
    };
    let group = tx
        .insert_conversation(&conversation(ConversationKind::Group, None, people[..2].to_vec()))
        .await
        .unwrap();
    let item_conversation = tx
        .insert_conversation(&conversation(ConversationKind::Item, Some(item), vec![people[0]]))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    World { company, project, item, people, group, item_conversation }
}

/// After `write`, the writer's audience of `conversation` is the fresh one, and it changed.
async fn moves<F>(store: &Store, conversation: ConversationId, what: &str, write: F)
where
    F: AsyncFnOnce(&mut Tx),
{
    let (before, fresh) = both(store, conversation).await;
    assert_eq!(before, fresh, "before {what}");
    // Remembered now, if it can be.
    assert_eq!(both(store, conversation).await.0, before);
    change(store, write).await;
    let (after, fresh) = both(store, conversation).await;
    assert_eq!(after, fresh, "{what}: the writer must read again");
    assert_ne!(after, before, "{what} changes the facts");
}

#[tokio::test]
async fn every_change_to_what_the_rules_read_makes_the_writer_read_the_audience_again() {
    let app = TestApp::new().await;
    let store = &app.state.store;
    let w = world(store).await;
    let [a, b, c, d] = [w.people[0], w.people[1], w.people[2], w.people[3]];

    moves(store, w.group, "participants", async |tx: &mut Tx| {
        tx.set_participants(w.group, &[a, b, c]).await.unwrap();
    })
    .await;
    moves(store, w.group, "following the Directory", async |tx: &mut Tx| {
        tx.update_group(w.group, None, Some(true)).await.unwrap();
    })
    .await;
    moves(store, w.group, "a Directory member added", async |tx: &mut Tx| {
        let member = UpsertDirectoryMember { is_project_admin: false, is_favourite: true };
        tx.upsert_directory_member(w.project, d, member).await.unwrap();
    })
    .await;
    moves(store, w.group, "a Directory member removed", async |tx: &mut Tx| {
        tx.remove_directory_member(w.project, c).await.unwrap();
    })
    .await;
    moves(store, w.group, "a member made external", async |tx: &mut Tx| {
        tx.upsert_company_member(w.company, b, "a1@audiences.test", true, false).await.unwrap();
    })
    .await;
    moves(store, w.group, "a member leaving the company", async |tx: &mut Tx| {
        tx.remove_company_member(w.company, b).await.unwrap();
    })
    .await;
    moves(store, w.group, "the company's settings", async |tx: &mut Tx| {
        let settings = parlons_api::CompanySettings {
            all_projects: false,
            direct_messages: DirectMessages::Off,
            ..Default::default()
        };
        tx.save_company_settings(w.company, &settings).await.unwrap();
    })
    .await;
    moves(store, w.group, "the project selected", async |tx: &mut Tx| {
        let settings = parlons_api::CompanySettings {
            all_projects: false,
            selected_projects: vec![w.project],
            ..Default::default()
        };
        tx.save_company_settings(w.company, &settings).await.unwrap();
    })
    .await;
    moves(store, w.item_conversation, "a tool permission", async |tx: &mut Tx| {
        tx.set_tool_permission(w.project, a, "rfi", ToolLevel::Standard).await.unwrap();
    })
    .await;
    moves(store, w.item_conversation, "the item made private", async |tx: &mut Tx| {
        tx.upsert_item(w.project, "rfi-1", "rfi", "1", "Gaines", true).await.unwrap();
    })
    .await;
    moves(store, w.item_conversation, "the item's access list", async |tx: &mut Tx| {
        tx.set_item_access(w.item, &[a, d]).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn a_change_rolled_back_leaves_nothing_remembered_of_it() {
    let app = TestApp::new().await;
    let store = &app.state.store;
    let w = world(store).await;
    let (before, _) = both(store, w.group).await;
    // A write changes the participants, reads the audience (remembering it), and is dropped.
    let mut tx = store.begin().await.unwrap();
    tx.set_participants(w.group, &[w.people[0]]).await.unwrap();
    let mut seen = tx.audience_facts(w.group).await.unwrap();
    seen.sort_by_key(|(user, _)| *user);
    assert_ne!(seen, before);
    drop(tx);
    // Another write moves the generation on exactly as far (the same kind of change, to as
    // many rows), to other facts.
    change(store, async |tx: &mut Tx| {
        tx.set_participants(w.group, &[w.people[1]]).await.unwrap();
    })
    .await;
    let (after, fresh) = both(store, w.group).await;
    assert_eq!(after, fresh);
}
