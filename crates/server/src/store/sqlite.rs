//! SQLite's own connections (rusqlite's, their statements run in place: see
//! [`super::query`] for why): the writer's, the lookups' (reads by key), and the
//! checkpointer's.
//!
//! **Checkpoints off the writer's path.** In WAL mode a commit appends the pages it changed to
//! the write-ahead log, and SQLite by default copies the log back into the database (a
//! checkpoint) within the commit that takes it past 1,000 pages, holding up every write
//! queued behind it: about 15% of the sends a second (BENCHMARKS.md, issue 10). The writer
//! leaves that to [`checkpoint_regularly`], which checkpoints twice a second from its own
//! connection on a blocking thread, without holding up the writer (`PASSIVE`); the log starts
//! over at the next write once all of it was copied. Writes without any pause leave it no
//! such moment: the writer still checkpoints itself once the log passes [`BACKSTOP_FRAMES`]
//! (64 MB), which bounds it.

use std::path::{Path, PathBuf};
use std::sync::PoisonError;
use std::time::Duration;

use super::query::sqlite_error;

/// How often the checkpointer checkpoints.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

/// Past this many pages (64 MB), the writer checkpoints within its commit.
const BACKSTOP_FRAMES: i64 = 16_000;

/// The writer's page cache, 64 MiB (negative: in KiB, SQLite's convention), taken as used.
const WRITER_CACHE_KIB: i64 = -64 * 1024;

/// Adds the messages the batch wrote to the full-text index, once for the whole batch
/// (migration 0011: FTS5 wrote to disk at each write's savepoint).
const INDEX_PENDING_MESSAGES: &str = "
INSERT INTO messages_fts (rowid, body_text)
    SELECT m.id, m.body_text FROM messages_fts_pending p JOIN messages m ON m.id = p.id;
DELETE FROM messages_fts_pending;";

/// The writer's SQLite connection (rusqlite's: see [`super::query`] for why), opened when first
/// needed, and again should a commit have lost it.
pub(super) struct SqliteWriter {
    path: PathBuf,
    conn: Option<rusqlite::Connection>,
}

impl SqliteWriter {
    pub(super) fn new(path: &Path) -> Self {
        Self { path: path.to_owned(), conn: None }
    }

    /// Rolls back the open transaction; should even that fail, the connection goes and the
    /// next batch opens another.
    pub(super) fn roll_back(&mut self) {
        if let Some(conn) = &self.conn
            && conn.execute_batch("ROLLBACK").is_err()
        {
            self.conn = None;
        }
    }

    /// The connection (open while a batch is).
    pub(super) fn conn(&mut self) -> Option<&mut rusqlite::Connection> {
        self.conn.as_mut()
    }

    /// Begins a batch's transaction, opening the connection if needed.
    pub(super) fn begin(&mut self) -> Result<(), sqlx::Error> {
        self.opened()?.execute_batch("BEGIN IMMEDIATE").map_err(sqlite_error)
    }

    fn opened(&mut self) -> Result<&mut rusqlite::Connection, sqlx::Error> {
        match &mut self.conn {
            Some(conn) => Ok(conn),
            empty => Ok(empty.insert(open_writer(&self.path).map_err(sqlite_error)?)),
        }
    }

    /// Commits the open transaction, on a blocking thread: it waits for the disk. The messages
    /// it wrote join the full-text index first.
    pub(super) async fn commit(&mut self) -> Result<(), sqlx::Error> {
        let Some(conn) = self.conn.take() else {
            return Err(sqlx::Error::Protocol("the writer's connection is gone".into()));
        };
        let committing = tokio::task::spawn_blocking(move || {
            let committed = conn
                .execute_batch(INDEX_PENDING_MESSAGES)
                .and_then(|()| conn.execute_batch("COMMIT"));
            if committed.is_err() {
                // Nothing of the batch is kept; the connection is ready for the next.
                let _ = conn.execute_batch("ROLLBACK");
            }
            (conn, committed)
        });
        let (conn, committed) = committing.await.map_err(|e| sqlx::Error::Io(e.into()))?;
        self.conn = Some(conn);
        committed.map_err(sqlite_error)
    }
}

/// Opens the writer's connection to the SQLite file the pool opened (and migrated), with
/// the same settings: every commit durable (`synchronous = FULL`, in WAL mode), foreign keys
/// enforced, and up to 10 s of waiting for another process's write.
fn open_writer(path: &Path) -> rusqlite::Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Each write is a savepoint of its batch: the pages it changes are first copied to a
    // statement journal, kept in memory rather than in a temporary file.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // A batch's pages stay in memory until its commit: with SQLite's default cache (2 MB),
    // a batch that changes more pages (a message to a group of 2,000, each member's log row
    // and counter) wrote them to the log mid-transaction to make room, then read them back.
    conn.pragma_update(None, "cache_size", WRITER_CACHE_KIB)?;
    // Checkpoints are the checkpointer's ([`checkpoint_regularly`]), but for a backstop.
    conn.pragma_update(None, "wal_autocheckpoint", BACKSTOP_FRAMES)?;
    // Every statement of the store, prepared once.
    conn.set_prepared_statement_cache_capacity(512);
    Ok(conn)
}

/// SQLite's connections for reads by key (a session, a conversation's facts): rusqlite's,
/// each read run in place like the writer's statements, since it takes a few microseconds and
/// a hand-off to a connection's thread took tens (see [`super::query`]). Longer reads (lists,
/// searches, exports) stay on sqlx's pool, where they hold up no thread of the runtime.
pub(crate) struct Lookups {
    path: PathBuf,
    /// The connections not lent; another is opened when all are.
    idle: std::sync::Mutex<Vec<rusqlite::Connection>>,
}

impl Lookups {
    pub(super) fn new(path: &Path) -> Self {
        Self { path: path.to_owned(), idle: Default::default() }
    }

    /// Runs `read` on a connection lent for it.
    pub(super) fn with<R>(
        &self,
        read: impl FnOnce(&rusqlite::Connection) -> Result<R, sqlx::Error>,
    ) -> Result<R, sqlx::Error> {
        let idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let conn = match idle {
            Some(conn) => conn,
            None => open_lookups(&self.path).map_err(sqlite_error)?,
        };
        let read = read(&conn);
        self.idle.lock().unwrap_or_else(PoisonError::into_inner).push(conn);
        read
    }
}

/// Opens a connection for [`Lookups`]: reads only.
fn open_lookups(path: &Path) -> rusqlite::Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "query_only", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// The checkpointer: every [`CHECKPOINT_EVERY`], a checkpoint of the database at `path` from a
/// connection of its own, on a blocking thread; runs as long as the runtime.
pub(super) async fn checkpoint_regularly(path: PathBuf) {
    let mut conn = None;
    let mut every = tokio::time::interval(CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let path = path.clone();
        let checkpointed = tokio::task::spawn_blocking(move || {
            let conn = match conn.take() {
                Some(conn) => conn,
                None => open_checkpointer(&path)?,
            };
            let checkpointed = checkpoint(&conn);
            checkpointed.map(|()| conn)
        })
        .await;
        conn = match checkpointed {
            Ok(Ok(kept)) => Some(kept),
            Ok(Err(error)) => {
                tracing::warn!(%error, "a checkpoint of the database failed; trying again");
                None
            }
            Err(_shutting_down) => return,
        };
    }
}

/// One checkpoint: what the log holds is copied into the database, as far as no reader
/// still needs it, without holding up the writer. The writer's next transaction then starts
/// the log over, if all of it was copied and nobody reads it.
fn checkpoint(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
}

/// Opens the checkpointer's connection.
fn open_checkpointer(path: &Path) -> rusqlite::Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many messages the full-text index finds for `words`.
    fn found(conn: &rusqlite::Connection, words: &str) -> i64 {
        let sql = "SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH ?";
        conn.query_row(sql, [words], |row| row.get(0)).unwrap()
    }

    #[tokio::test]
    async fn messages_join_the_index_at_the_commit_with_their_last_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        drop(super::super::Store::open(&path).await.unwrap());
        let writer = open_writer(&path).unwrap();
        // The rows a message refers to do not matter here.
        writer.pragma_update(None, "foreign_keys", "OFF").unwrap();
        let send = "INSERT INTO messages
            (conversation_id, author_id, idempotency_key, body, body_text, created_at)
            VALUES (1, 1, ?, '{}', ?, 0)";
        let edit = "UPDATE messages SET body_text = ? WHERE idempotency_key = ?";

        // Sent, then edited, then another sent, each in its savepoint of one batch.
        writer.execute_batch("BEGIN IMMEDIATE; SAVEPOINT w").unwrap();
        writer.execute(send, ["a", "premier jet"]).unwrap();
        writer.execute_batch("RELEASE w; SAVEPOINT w").unwrap();
        writer.execute(edit, ["texte corrigé", "a"]).unwrap();
        writer.execute_batch("RELEASE w; SAVEPOINT w").unwrap();
        writer.execute(send, ["b", "autre message"]).unwrap();
        writer.execute_batch("RELEASE w").unwrap();
        assert_eq!(found(&writer, "message"), 0, "nothing indexed before the commit");
        writer.execute_batch(INDEX_PENDING_MESSAGES).unwrap();
        writer.execute_batch("COMMIT").unwrap();
        assert_eq!(found(&writer, "jet"), 0);
        assert_eq!(found(&writer, "corrige"), 1, "indexed with its text at the commit");
        assert_eq!(found(&writer, "autre"), 1);

        // Edited once indexed: its old words go, its new ones come.
        writer.execute(edit, ["version finale", "a"]).unwrap();
        assert_eq!((found(&writer, "corrige"), found(&writer, "finale")), (0, 1));
        // The index holds exactly what the messages say.
        writer
            .execute_batch("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')")
            .unwrap();
    }

    fn write_pages(conn: &rusqlite::Connection, pages: usize) {
        conn.execute_batch("BEGIN").unwrap();
        for _ in 0..pages {
            conn.execute("INSERT INTO t VALUES (zeroblob(4000))", []).unwrap();
        }
        conn.execute_batch("COMMIT").unwrap();
    }

    #[test]
    fn the_writer_leaves_checkpoints_to_the_checkpointer_and_the_log_then_starts_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let log = || std::fs::metadata(dir.path().join("db-wal")).unwrap().len();
        let writer = open_writer(&path).unwrap();
        writer.pragma_update(None, "journal_mode", "WAL").unwrap();
        writer.execute_batch("CREATE TABLE t (x BLOB)").unwrap();

        // Past SQLite's default of 1,000 pages, the writer does not checkpoint: the log grows.
        write_pages(&writer, 1_200);
        let first = log();
        write_pages(&writer, 1_200);
        assert!(log() > first + 1_000 * 4_096, "the log grew: {first} then {}", log());

        // Once the checkpointer copied it, the next commits write it from its beginning.
        let grown = log();
        checkpoint(&open_checkpointer(&path).unwrap()).unwrap();
        write_pages(&writer, 1_200);
        assert_eq!(log(), grown, "the log started over instead of growing");
    }
}
