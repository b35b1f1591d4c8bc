//! Group commit: concurrent writes share one commit; a write dropped without committing
//! rolls back alone; each acknowledged write is durable once its commit returns.

use parlons_server::store::{NewUser, Store};

use crate::support::TestApp;

async fn exists(store: &Store, email: &str) -> bool {
    store.login_candidate(email).await.unwrap().is_some()
}

#[tokio::test]
async fn concurrent_writes_commit_together_and_a_dropped_one_rolls_back_alone() {
    let app = TestApp::new().await;
    let store = app.state.store.clone();
    let writers = (0..40).map(|n| {
        let store = store.clone();
        tokio::spawn(async move {
            let mut tx = store.begin().await.unwrap();
            let email = format!("w{n}@writes.test");
            tx.insert_user(NewUser { email: &email, name: "W", password_hash: None })
                .await
                .unwrap();
            // Every third changes its mind: dropped, not committed.
            if n % 3 == 0 {
                drop(tx);
                return false;
            }
            tx.commit().await.unwrap();
            // Acknowledged: visible to every reader from now on.
            assert!(exists(&store, &email).await, "{email} is there once committed");
            true
        })
    });
    let mut kept = Vec::new();
    for (n, writer) in writers.collect::<Vec<_>>().into_iter().enumerate() {
        kept.push((n, writer.await.unwrap()));
    }
    for (n, committed) in kept {
        assert_eq!(exists(&store, &format!("w{n}@writes.test")).await, committed, "writer {n}");
    }
}

#[tokio::test]
async fn a_write_after_a_dropped_one_does_not_carry_it() {
    let app = TestApp::new().await;
    let store = &app.state.store;
    let mut dropped = store.begin().await.unwrap();
    let new = NewUser { email: "dropped@writes.test", name: "D", password_hash: None };
    dropped.insert_user(new).await.unwrap();
    drop(dropped);
    let mut kept = store.begin().await.unwrap();
    let new = NewUser { email: "kept@writes.test", name: "K", password_hash: None };
    kept.insert_user(new).await.unwrap();
    kept.commit().await.unwrap();
    assert!(exists(store, "kept@writes.test").await);
    assert!(!exists(store, "dropped@writes.test").await);
}
