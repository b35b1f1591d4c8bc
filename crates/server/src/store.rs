//! The database: the only module with SQL.
//!
//! SQLite in WAL mode with `synchronous = FULL`, so a write that was acknowledged survives a
//! crash or a power cut. SQLite allows one writer at a time, so writes go through [`Tx`],
//! which holds an in-process writer lock for its lifetime instead of letting concurrent
//! transactions fail with `SQLITE_BUSY` halfway through.

mod access;
mod audit;
mod conversations;
mod events;
mod integration;
mod messages;
mod notifications;
mod projects;
mod sessions;
mod settings;
mod users;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

pub use conversations::{ConversationFacts, NewConversation};
pub use events::StoredEvent;
pub use messages::{MessageSearch, MessagesPage, NewMessage};
pub use sessions::SessionRecord;
pub use users::{LoginCandidate, MemberFacts, NewUser};

/// A handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    writer: Arc<Mutex<()>>,
}

/// A write transaction; nothing it did is visible to others until [`Tx::commit`].
pub struct Tx {
    inner: Transaction<'static, Sqlite>,
    _writer: OwnedMutexGuard<()>,
}

impl Store {
    /// Opens (creating if needed) the database file and applies pending migrations.
    pub async fn open(path: &Path) -> Result<Self, sqlx::Error> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self { pool, writer: Arc::new(Mutex::new(())) })
    }

    /// Starts a write transaction, waiting for any other to finish.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        let writer = Arc::clone(&self.writer).lock_owned().await;
        let inner = self.pool.begin().await?;
        Ok(Tx { inner, _writer: writer })
    }
}

impl Tx {
    /// Makes everything this transaction wrote durable and visible.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.inner.commit().await
    }
}
