//! The database: the only module with SQL.
//!
//! Two databases, one set of queries: SQLite (the default, embedded) and PostgreSQL (for a
//! company that outgrows one machine, several server instances sharing it). Each query is
//! written once, for SQLite, with [`query`]'s `query_as(…).bind(…).fetch_all(conn)`, which runs
//! it on whichever connection it is given ([`Dialect::sql`] adapting its text for
//! PostgreSQL). The few queries that differ more (full-text search) say so where they are.
//! On SQLite the writes run on the writer's own connection, in place (see [`query`] for why),
//! and so do reads by key ([`Lookups`]); longer reads run on sqlx's pool, concurrently with
//! the writes (WAL). SQLite's own connections are in [`sqlite`].
//!
//! Writes are serialised, as SQLite needs and as the rules assume (one writer at a time, no
//! transaction failing halfway through with `SQLITE_BUSY` or a serialisation error): within
//! a process by an in-process writer lock held by [`Tx`], across the instances sharing a
//! PostgreSQL database by a transaction-level advisory lock each batch holds. SQLite runs in
//! WAL mode with `synchronous = FULL`, so a write that was acknowledged survives a crash or
//! a power cut; PostgreSQL's default `synchronous_commit` promises the same.
//!
//! **Group commit.** A [`Tx`] is a savepoint within a batch transaction shared by the writes
//! that come one after another; [`Tx::commit`] releases the savepoint, hands the lock on, and
//! returns once a committer task has committed the whole batch: one fsync for every write
//! that queued meanwhile, and nothing is acknowledged before it is durable. A write that
//! fails or is dropped rolls back to its savepoint alone; if the batch's commit fails,
//! every write of the batch gets the error.

#[macro_use]
mod query;

mod access;
mod attachments;
mod audit;
mod conversations;
mod dialect;
mod events;
mod instances;
mod integration;
mod messages;
mod notifications;
mod projects;
mod sessions;
mod settings;
mod sqlite;
mod users;
mod widget;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection, PgConnection, PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use tokio::sync::{Mutex, Notify, OwnedMutexGuard, watch};

pub use attachments::{FileFacts, NewUpload, StoredFile, Upload};
pub use conversations::{ConversationFacts, NewConversation};
pub use dialect::Dialect;
pub use events::StoredEvent;
pub use instances::{Announcements, LoggedEvent};
pub use messages::{MessageSearch, MessagesPage, NewMessage};
use query::query;
pub use sessions::SessionRecord;
use sqlite::{Lookups, SqliteWriter};
pub use users::{LoginCandidate, MemberFacts, NewUser};
pub use widget::TicketRecord;

/// Something of each database: a pool, a connection, a transaction.
#[derive(Debug, Clone)]
pub enum Db<S, P> {
    /// SQLite's.
    Sqlite(S),
    /// PostgreSQL's.
    Postgres(P),
}

/// A connection to run a query on (see [`query`]).
enum Conn<'c> {
    /// A SQLite connection of rusqlite's, its statements run on the calling thread: the
    /// writer's, within the batch's transaction.
    InPlace(&'c mut rusqlite::Connection),
    /// SQLite's connections for reads by key, run on the calling thread (one is lent for the
    /// query).
    Lookups(&'c Lookups),
    /// SQLite's pool, for one query.
    SqlitePool(&'c SqlitePool),
    /// A connection of SQLite's pool, for several.
    Sqlite(&'c mut SqliteConnection),
    /// PostgreSQL's pool, for one query.
    PgPool(&'c PgPool),
    /// A PostgreSQL connection: of the pool, or the batch's transaction.
    Postgres(&'c mut PgConnection),
}

impl Conn<'_> {
    /// The same connection, for one more query.
    fn reborrow(&mut self) -> Conn<'_> {
        match self {
            Conn::InPlace(conn) => Conn::InPlace(conn),
            Conn::Lookups(lookups) => Conn::Lookups(lookups),
            Conn::SqlitePool(pool) => Conn::SqlitePool(pool),
            Conn::Sqlite(conn) => Conn::Sqlite(conn),
            Conn::PgPool(pool) => Conn::PgPool(pool),
            Conn::Postgres(conn) => Conn::Postgres(conn),
        }
    }
}

/// A connection of the pool, whichever the database.
type Pooled = Db<PoolConnection<Sqlite>, PoolConnection<Postgres>>;

impl Pooled {
    fn conn(&mut self) -> Conn<'_> {
        match self {
            Db::Sqlite(conn) => Conn::Sqlite(conn),
            Db::Postgres(conn) => Conn::Postgres(conn),
        }
    }
}

impl Db<SqlitePool, PgPool> {
    /// How many writes a batch takes before it is committed, whether or not more wait.
    /// PostgreSQL keeps every version of a row a transaction updates until it ends, and
    /// sends in one conversation update the same rows (its members' event counters): in a
    /// batch of hundreds of them, each update walks the versions of all the others.
    fn most_writes_per_batch(&self) -> usize {
        match self {
            Db::Sqlite(_) => usize::MAX,
            Db::Postgres(_) => 32,
        }
    }
}

/// How long a PostgreSQL connection of the pool may have been idle and still be lent without
/// a ping first.
const PING_AFTER_IDLE: Duration = Duration::from_secs(1);

/// The key of the PostgreSQL advisory lock that serialises the writes of every instance.
const WRITER_LOCK: i64 = 0x0070_6172_6c6f_6e73; // "parlons" in ASCII

/// A handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: Db<SqlitePool, PgPool>,
    writer: Arc<Mutex<Batch>>,
    /// Wakes the committer: a write is waiting for its batch to be committed.
    commit_due: Arc<Notify>,
    /// This instance among those sharing the database, in its announcements.
    instance: Arc<str>,
    /// SQLite: the connections for reads by key.
    lookups: Option<Arc<Lookups>>,
}

/// The writes not committed yet, in one transaction.
struct Batch {
    /// SQLite: the writer's own connection.
    sqlite: Option<SqliteWriter>,
    /// The batch's transaction, while one is open.
    open: Option<Open>,
    /// Says how the batch's commit went (`true`: committed), to the writes waiting for it.
    done: watch::Sender<Option<bool>>,
    /// A write was dropped without committing: its savepoint is still to roll back.
    rollback_due: bool,
    /// PostgreSQL: the span of the event log the batch wrote (see [`instances`]).
    logged: Option<(i64, i64)>,
    /// How many writes the batch holds.
    writes: usize,
    /// The writer's memory of conversations' audiences (see [`access`]).
    audiences: access::Audiences,
}

/// A batch's open transaction.
enum Open {
    /// `BEGIN` ran on the writer's SQLite connection.
    Sqlite,
    /// A PostgreSQL transaction, holding the writers' advisory lock.
    Postgres(Transaction<'static, Postgres>),
}

impl Batch {
    fn new(sqlite: Option<SqliteWriter>) -> Self {
        Self {
            sqlite,
            open: None,
            done: watch::channel(None).0,
            rollback_due: false,
            logged: None,
            writes: 0,
            audiences: access::Audiences::default(),
        }
    }

    /// Opens the batch's transaction.
    async fn open(&mut self, pool: &Db<SqlitePool, PgPool>) -> Result<(), sqlx::Error> {
        self.open = Some(match (pool, &mut self.sqlite) {
            (Db::Postgres(pool), _) => {
                let mut tx = pool.begin().await?;
                // Held until the batch commits: the other instances' writes wait.
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(WRITER_LOCK)
                    .execute(&mut *tx)
                    .await?;
                Open::Postgres(tx)
            }
            (Db::Sqlite(_), Some(writer)) => {
                writer.begin()?;
                Open::Sqlite
            }
            (Db::Sqlite(_), None) => unreachable!("a SQLite store has its writer"),
        });
        Ok(())
    }

    /// Rolls back what a dropped write left. Should that fail, the batch cannot be trusted:
    /// it is given up (rolled back whole) and its writes are told.
    async fn tidy(&mut self) -> Result<(), sqlx::Error> {
        let due = std::mem::take(&mut self.rollback_due);
        if !due {
            return Ok(());
        }
        let Some(mut conn) = self.conn() else { return Ok(()) };
        let rolled_back = match savepoint(conn.reborrow(), "ROLLBACK TO SAVEPOINT w").await {
            Ok(()) => savepoint(conn, "RELEASE SAVEPOINT w").await,
            Err(error) => Err(error),
        };
        if let Err(error) = rolled_back {
            self.give_up();
            self.finish(false);
            return Err(error);
        }
        Ok(())
    }

    /// Rolls the whole batch back.
    fn give_up(&mut self) {
        if let (Some(Open::Sqlite), Some(writer)) = (self.open.take(), &mut self.sqlite) {
            writer.roll_back();
        }
        // A PostgreSQL transaction dropped is rolled back.
    }

    /// The batch transaction's connection, if the batch is open.
    fn conn(&mut self) -> Option<Conn<'_>> {
        Some(match self.open.as_mut()? {
            Open::Sqlite => Conn::InPlace(self.sqlite.as_mut()?.conn()?),
            Open::Postgres(tx) => Conn::Postgres(tx),
        })
    }

    /// Commits the batch, if one is open, and tells its writes how it went.
    async fn commit(&mut self, instance: &str) {
        let committed = match self.open.take() {
            None => return,
            Some(Open::Sqlite) => match &mut self.sqlite {
                Some(writer) => writer.commit().await,
                None => unreachable!("a SQLite store has its writer"),
            },
            Some(Open::Postgres(mut tx)) => {
                match instances::announce(&mut tx, instance, self.logged.take()).await {
                    Ok(()) => tx.commit().await,
                    Err(error) => Err(error),
                }
            }
        };
        if let Err(error) = &committed {
            tracing::error!(%error, "a batch of writes could not be committed");
        }
        self.finish(committed.is_ok());
    }

    /// Tells the writes of the batch how its commit went, and starts the next batch.
    fn finish(&mut self, committed: bool) {
        self.logged = None;
        if !committed {
            // What it remembered may come from writes that are no more.
            self.audiences.forget();
        }
        self.writes = 0;
        let done = std::mem::replace(&mut self.done, watch::channel(None).0);
        done.send_replace(Some(committed));
    }
}

/// A write transaction; nothing it did is visible to others until [`Tx::commit`].
pub struct Tx {
    /// The writer lock, through which the write uses the batch's connection.
    batch: OwnedMutexGuard<Batch>,
    committed: bool,
    commit_due: Arc<Notify>,
}

/// Runs a savepoint statement (`SAVEPOINT`, `RELEASE`, `ROLLBACK TO`).
async fn savepoint(conn: Conn<'_>, statement: &str) -> Result<(), sqlx::Error> {
    query(statement).execute(conn).await.map(drop)
}

impl Drop for Tx {
    fn drop(&mut self) {
        if !self.committed {
            // Rolled back by whoever takes the lock next; the committer at the latest, which
            // then closes the batch.
            self.batch.rollback_due = true;
            // What it remembered may come from this write's changes.
            self.batch.audiences.forget();
            self.commit_due.notify_one();
        }
    }
}

impl Store {
    /// Opens the database at `url`: `postgres://…` for PostgreSQL, anything else a SQLite
    /// file (`sqlite://path` or a bare path, created if missing). Applies pending migrations.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::open_postgres(PgConnectOptions::from_str(url)?).await
        } else if url.starts_with("sqlite:") {
            Self::open_sqlite(SqliteConnectOptions::from_str(url)?).await
        } else {
            Self::open(Path::new(url)).await
        }
    }

    /// Opens (creating if needed) the SQLite database file and applies pending migrations.
    pub async fn open(path: &Path) -> Result<Self, sqlx::Error> {
        Self::open_sqlite(SqliteConnectOptions::new().filename(path)).await
    }

    async fn open_sqlite(options: SqliteConnectOptions) -> Result<Self, sqlx::Error> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        // A connection to a file cannot go stale: pinging it before every use (sqlx's
        // default) was a second round trip to its thread for every query.
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(Self::with_pool(Db::Sqlite(pool), Some(options.get_filename())))
    }

    async fn open_postgres(options: PgConnectOptions) -> Result<Self, sqlx::Error> {
        // Plans made once per connection and statement: the queries are the same few
        // thousands of times over, and planning the access rules' query for every call
        // (PostgreSQL's custom plans) cost more than running it.
        let options = options.options([("plan_cache_mode", "force_generic_plan")]);
        // A connection in use is not pinged before each lending (sqlx's default: a second
        // round trip to PostgreSQL for every query); one idle for a while is, as it may have
        // been cut meanwhile (a restart of the database, a firewall's timeout).
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= PING_AFTER_IDLE {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(Self::with_pool(Db::Postgres(pool), None))
    }

    /// The store on `pool`; on SQLite, `sqlite_file` is the database's file, which the writer
    /// and the lookups open too.
    fn with_pool(pool: Db<SqlitePool, PgPool>, sqlite_file: Option<&Path>) -> Self {
        let writer = sqlite_file.map(SqliteWriter::new);
        let lookups = sqlite_file.map(Lookups::new);
        if let Some(path) = sqlite_file {
            tokio::spawn(sqlite::checkpoint_regularly(path.to_owned()));
        }
        let store = Self {
            pool,
            writer: Arc::new(Mutex::new(Batch::new(writer))),
            commit_due: Arc::new(Notify::new()),
            instance: instances::new_instance_id().into(),
            lookups: lookups.map(Arc::new),
        };
        tokio::spawn(commit_batches(store.clone()));
        store
    }

    /// Which database this is.
    pub fn dialect(&self) -> Dialect {
        match self.pool {
            Db::Sqlite(_) => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    /// The pool, to run a query on.
    fn db(&self) -> Conn<'_> {
        match &self.pool {
            Db::Sqlite(pool) => Conn::SqlitePool(pool),
            Db::Postgres(pool) => Conn::PgPool(pool),
        }
    }

    /// Where to run a read by key (a few rows by primary key or unique index): in place on
    /// SQLite (see [`Lookups`]), on the pool on PostgreSQL.
    fn lookup(&self) -> Conn<'_> {
        match &self.lookups {
            Some(lookups) => Conn::Lookups(lookups),
            None => self.db(),
        }
    }

    /// A connection of the pool, for several queries.
    async fn acquire(&self) -> Result<Pooled, sqlx::Error> {
        Ok(match &self.pool {
            Db::Sqlite(pool) => Db::Sqlite(pool.acquire().await?),
            Db::Postgres(pool) => Db::Postgres(pool.acquire().await?),
        })
    }

    /// Starts a write transaction, waiting for any other to finish.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        let mut batch = Arc::clone(&self.writer).lock_owned().await;
        batch.tidy().await?;
        if batch.writes >= self.pool.most_writes_per_batch() {
            batch.commit(&self.instance).await;
        }
        if batch.open.is_none() {
            batch.open(&self.pool).await?;
        }
        batch.writes += 1;
        let commit_due = Arc::clone(&self.commit_due);
        let mut tx = Tx { batch, committed: false, commit_due };
        savepoint(tx.conn(), "SAVEPOINT w").await?;
        Ok(tx)
    }
}

impl Tx {
    /// Which database the transaction is on.
    fn dialect(&self) -> Dialect {
        match self.batch.open {
            Some(Open::Postgres(_)) => Dialect::Postgres,
            Some(Open::Sqlite) | None => Dialect::Sqlite,
        }
    }

    /// The batch transaction's connection.
    fn conn(&mut self) -> Conn<'_> {
        match self.batch.conn() {
            Some(conn) => conn,
            None => unreachable!("a transaction exists only while its batch is open"),
        }
    }

    /// Makes everything this transaction wrote durable and visible: returns once its batch
    /// is committed.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        savepoint(self.conn(), "RELEASE SAVEPOINT w").await?;
        self.committed = true;
        let mut done = self.batch.done.subscribe();
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
        batch.commit(&store.instance).await;
    }
}
