//! The database's connections: those PostgreSQL cut (a restart, a failover, a firewall's
//! timeout) are found out before they are lent again, so that no request fails for them.

use parlons_server::store::{Dialect, Store};
use sqlx::Connection;

#[tokio::test]
async fn connections_the_database_cut_while_idle_are_replaced_before_use() {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::common::fresh_database(dir.path()).await;
    let store = Store::connect(&database).await.unwrap();
    if store.dialect() != Dialect::Postgres {
        return; // SQLite's connections are to a file: nothing can cut them.
    }
    // Several connections in the pool, all idle afterwards.
    let reads = (0..8).map(|_| store.is_empty());
    for read in futures_util::future::join_all(reads).await {
        assert!(read.unwrap());
    }

    // The database cuts every one of them.
    let mut admin = sqlx::PgConnection::connect(&database).await.unwrap();
    let cut: Vec<(bool,)> = sqlx::query_as(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert!(!cut.is_empty(), "the store's connections were open");
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;

    // Each read is answered, on a connection found alive or made anew.
    for _ in 0..16 {
        assert!(store.is_empty().await.unwrap());
    }
}
