//! The database: the only module with SQL.
//!
//! SQLite in WAL mode with `synchronous = FULL`, so a write that was acknowledged survives a
//! crash or a power cut. SQLite allows one writer at a time, so writes go through [`Tx`],
//! which holds an in-process writer lock for its lifetime instead of letting concurrent
//! transactions fail with `SQLITE_BUSY` halfway through.
//!
//! **Group commit.** A [`Tx`] is a savepoint within a batch transaction shared by the writes
//! that come one after another; [`Tx::commit`] releases the savepoint, hands the lock on, and
//! returns once a committer task has committed the whole batch: one fsync for every write
//! that queued meanwhile, and nothing is acknowledged before it is durable. A write that
//! fails or is dropped rolls back to its savepoint alone; if the batch's commit fails,
//! every write of the batch gets the error.

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

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Sqlite, SqlitePool, Transaction};
use tokio::sync::{Mutex, Notify, OwnedMutexGuard, watch};

pub use conversations::{ConversationFacts, NewConversation};
pub use events::StoredEvent;
pub use messages::{MessageSearch, MessagesPage, NewMessage};
pub use sessions::SessionRecord;
pub use users::{LoginCandidate, MemberFacts, NewUser};

/// A handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    writer: Arc<Mutex<Batch>>,
    /// Wakes the committer: a write is waiting for its batch to be committed.
    commit_due: Arc<Notify>,
}

/// The writes not committed yet, in one transaction.
struct Batch {
    tx: Option<Transaction<'static, Sqlite>>,
    /// Says how the batch's commit went (`true`: committed), to the writes waiting for it.
    done: watch::Sender<Option<bool>>,
    /// A write was dropped without committing: its savepoint is still to roll back.
    rollback_due: bool,
}

impl Batch {
    fn new() -> Self {
        Self { tx: None, done: watch::channel(None).0, rollback_due: false }
    }

    /// Rolls back what a dropped write left. Should that fail, the batch cannot be trusted:
    /// it is given up (rolled back whole) and its writes are told.
    async fn tidy(&mut self) -> Result<(), sqlx::Error> {
        let due = std::mem::take(&mut self.rollback_due);
        let Some(tx) = self.tx.as_mut().filter(|_| due) else { return Ok(()) };
        let rolled_back = match sqlx::query("ROLLBACK TO SAVEPOINT w").execute(&mut **tx).await {
            Ok(_) => sqlx::query("RELEASE SAVEPOINT w").execute(&mut **tx).await,
            Err(error) => Err(error),
        };
        if let Err(error) = rolled_back {
            self.tx = None;
            self.finish(false);
            return Err(error);
        }
        Ok(())
    }

    /// Tells the writes of the batch how its commit went, and starts the next batch.
    fn finish(&mut self, committed: bool) {
        let done = std::mem::replace(&mut self.done, watch::channel(None).0);
        done.send_replace(Some(committed));
    }
}

/// A write transaction; nothing it did is visible to others until [`Tx::commit`].
pub struct Tx {
    inner: Lease,
    committed: bool,
    commit_due: Arc<Notify>,
}

/// The writer lock, through which a [`Tx`] uses the batch's connection.
struct Lease(OwnedMutexGuard<Batch>);

impl std::ops::Deref for Lease {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        match &self.0.tx {
            Some(tx) => tx,
            None => unreachable!("a lease exists only while its batch is open"),
        }
    }
}

impl std::ops::DerefMut for Lease {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        match &mut self.0.tx {
            Some(tx) => tx,
            None => unreachable!("a lease exists only while its batch is open"),
        }
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        if !self.committed {
            // Rolled back by whoever takes the lock next; the committer at the latest, which
            // then closes the batch.
            self.inner.0.rollback_due = true;
            self.commit_due.notify_one();
        }
    }
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
        let store = Self {
            pool,
            writer: Arc::new(Mutex::new(Batch::new())),
            commit_due: Arc::new(Notify::new()),
        };
        tokio::spawn(commit_batches(store.clone()));
        Ok(store)
    }

    /// Starts a write transaction, waiting for any other to finish.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        let mut batch = Arc::clone(&self.writer).lock_owned().await;
        batch.tidy().await?;
        if batch.tx.is_none() {
            batch.tx = Some(self.pool.begin().await?);
        }
        let mut inner = Lease(batch);
        sqlx::query("SAVEPOINT w").execute(&mut *inner).await?;
        Ok(Tx { inner, committed: false, commit_due: Arc::clone(&self.commit_due) })
    }
}

impl Tx {
    /// Makes everything this transaction wrote durable and visible: returns once its batch
    /// is committed.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        sqlx::query("RELEASE SAVEPOINT w").execute(&mut *self.inner).await?;
        self.committed = true;
        let mut done = self.inner.0.done.subscribe();
        let commit_due = Arc::clone(&self.commit_due);
        drop(self);
        commit_due.notify_one();
        match done.wait_for(Option::is_some).await.map(|done| *done) {
            Ok(Some(true)) => Ok(()),
            _ => Err(sqlx::Error::Protocol("the batch of writes could not be committed".into())),
        }
    }
}

/// The committer: commits the batch whenever a write waits for it. The writer lock is fair,
/// so every write that queued before the committer asked for it joins the batch first.
async fn commit_batches(store: Store) {
    loop {
        store.commit_due.notified().await;
        let mut batch = store.writer.lock().await;
        if let Err(error) = batch.tidy().await {
            tracing::error!(%error, "a batch of writes was given up");
            continue;
        }
        let Some(tx) = batch.tx.take() else { continue };
        let committed = tx.commit().await;
        if let Err(error) = &committed {
            tracing::error!(%error, "a batch of writes could not be committed");
        }
        batch.finish(committed.is_ok());
    }
}
