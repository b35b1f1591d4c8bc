//! What the server's test programs (`tests/api`, `tests/fault.rs`) share: the database a
//! test runs on, and how they read a conversation list and a Server-Sent Events block.

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::Value;
use sqlx::Connection;

/// The PostgreSQL server to run the tests on instead of SQLite (`postgres://user@host:port`,
/// without a database name); the README's test command sets it for the second run.
const POSTGRES: &str = "PARLONS_TEST_POSTGRES";

/// A new, empty database for one test: a SQLite file in `dir`, or, when [`POSTGRES`] is set,
/// a database of its own on that server.
pub async fn fresh_database(dir: &Path) -> String {
    let Ok(server) = std::env::var(POSTGRES) else {
        return dir.join("parlons.db").display().to_string();
    };
    static CREATED: AtomicU32 = AtomicU32::new(0);
    let name =
        format!("parlons_test_{}_{}", std::process::id(), CREATED.fetch_add(1, Ordering::Relaxed));
    let server = server.trim_end_matches('/');
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres")).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
    admin.close().await.unwrap();
    format!("{server}/{name}")
}

/// The id of the first conversation of `list` (a `GET /conversations` answer) whose
/// participants are exactly `names`, and of `kind` when given.
pub fn conversation_with(list: &Value, names: &[&str], kind: Option<&str>) -> Option<i64> {
    let mut wanted: Vec<&str> = names.to_vec();
    wanted.sort_unstable();
    let matches = |c: &&Value| {
        let mut people: Vec<&str> = c["participants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        people.sort_unstable();
        people == wanted && kind.is_none_or(|kind| c["kind"] == kind)
    };
    list.as_array().unwrap().iter().find(matches).map(|c| c["id"].as_i64().unwrap())
}

/// The fields of one SSE block (the text before a blank line).
#[derive(Debug, Default)]
pub struct SseFields {
    /// Its `id:`, if it has one.
    pub id: Option<String>,
    /// Its `event:` name (empty for a comment-only block).
    pub name: String,
    /// Its `data:` lines, joined.
    pub data: String,
}

/// Reads one SSE block.
pub fn sse_fields(block: &str) -> SseFields {
    let mut fields = SseFields::default();
    for line in block.lines() {
        if let Some(v) = line.strip_prefix("id:") {
            fields.id = Some(v.trim().to_owned());
        } else if let Some(v) = line.strip_prefix("event:") {
            fields.name = v.trim().to_owned();
        } else if let Some(v) = line.strip_prefix("data:") {
            fields.data.push_str(v.trim_start());
        }
    }
    fields
}
