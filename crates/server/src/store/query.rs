//! Queries written once, for SQLite, and run on whichever connection the store has: the
//! writer's own SQLite connection, SQLite's pool of readers, or PostgreSQL (the text adapted
//! by [`Dialect::sql`]).
//!
//! **Why the writer's SQLite connection is not sqlx's.** sqlx runs each SQLite connection on
//! a thread of its own, and every statement is a round trip to it: two thread hand-offs,
//! tens of microseconds each on a busy 2-core machine, about ten times what SQLite takes to
//! run a send's statements (BENCHMARKS.md, issue 10). The writer holds the one writer lock
//! while it runs them, so those hand-offs were the ceiling of acknowledged sends. Its
//! connection is therefore rusqlite's, on the thread of the task that holds the writer lock:
//! its statements (prepared once and cached) run in place, a few microseconds each. Only
//! the commit, which waits for the disk, goes to a blocking thread ([`super::Batch`]).
//!
//! A query reads like sqlx's: `query_as::<(i64, String)>("SELECT … WHERE id = ?")
//! .bind(id).fetch_optional(conn)`. A row is a tuple or a struct declared with [`row!`].

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use rusqlite::types::{ToSqlOutput, ValueRef};
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Arguments, FromRow, Postgres, Sqlite};

use super::{Conn, Dialect};

/// A value bound to a query's parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An integer.
    Int(Option<i64>),
    /// A boolean (an integer 0 or 1 on SQLite).
    Bool(Option<bool>),
    /// Text.
    Text(Option<String>),
    /// Bytes.
    Blob(Option<Vec<u8>>),
}

macro_rules! values {
    ($($from:ty => |$v:ident| $value:expr),* $(,)?) => {
        $(impl From<$from> for Value {
            fn from($v: $from) -> Self {
                $value
            }
        })*
    };
}

values! {
    i64 => |v| Value::Int(Some(v)),
    Option<i64> => |v| Value::Int(v),
    bool => |v| Value::Bool(Some(v)),
    Option<bool> => |v| Value::Bool(v),
    String => |v| Value::Text(Some(v)),
    &str => |v| Value::Text(Some(v.to_owned())),
    &String => |v| Value::Text(Some(v.clone())),
    Option<&str> => |v| Value::Text(v.map(str::to_owned)),
    &[u8] => |v| Value::Blob(Some(v.to_vec())),
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Int(Some(v)) => ValueRef::Integer(*v),
            Value::Bool(Some(v)) => ValueRef::Integer(i64::from(*v)),
            Value::Text(Some(v)) => ValueRef::Text(v.as_bytes()),
            Value::Blob(Some(v)) => ValueRef::Blob(v),
            Value::Int(None) | Value::Bool(None) | Value::Text(None) | Value::Blob(None) => {
                ValueRef::Null
            }
        }))
    }
}

impl Value {
    fn add_to<'q, A: Arguments<'q>>(&self, arguments: &mut A) -> Result<(), sqlx::Error>
    where
        Option<i64>: sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
        Option<bool>: sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
        Option<String>: sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
        Option<Vec<u8>>: sqlx::Encode<'q, A::Database> + sqlx::Type<A::Database>,
    {
        match self.clone() {
            Value::Int(v) => arguments.add(v),
            Value::Bool(v) => arguments.add(v),
            Value::Text(v) => arguments.add(v),
            Value::Blob(v) => arguments.add(v),
        }
        .map_err(sqlx::Error::Encode)
    }
}

/// A row a query returns: a tuple of columns, or a struct declared with [`row!`].
pub trait Row:
    Sized + Send + Unpin + for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow>
{
    /// The row as rusqlite reads it.
    fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self>;
}

/// What a column of a [`Row`] may be.
pub trait Column:
    rusqlite::types::FromSql
    + for<'r> sqlx::Decode<'r, Sqlite>
    + sqlx::Type<Sqlite>
    + for<'r> sqlx::Decode<'r, Postgres>
    + sqlx::Type<Postgres>
    + Send
    + Unpin
{
}

impl<T> Column for T where
    T: rusqlite::types::FromSql
        + for<'r> sqlx::Decode<'r, Sqlite>
        + sqlx::Type<Sqlite>
        + for<'r> sqlx::Decode<'r, Postgres>
        + sqlx::Type<Postgres>
        + Send
        + Unpin
{
}

macro_rules! tuple_rows {
    ($(($($column:ident $index:tt),+)),* $(,)?) => {
        $(impl<$($column: Column),+> Row for ($($column,)+) {
            fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
                Ok(($(row.get::<_, $column>($index)?,)+))
            }
        })*
    };
}

tuple_rows! {
    (A 0),
    (A 0, B 1),
    (A 0, B 1, C 2),
    (A 0, B 1, C 2, D 3),
    (A 0, B 1, C 2, D 3, E 4),
    (A 0, B 1, C 2, D 3, E 4, F 5),
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6),
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7),
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8),
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9),
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10),
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11),
}

/// Declares a struct that a query returns, its fields read by column name.
macro_rules! row {
    ($(#[$meta:meta])* $vis:vis struct $name:ident {
        $($(#[$field_meta:meta])* $field_vis:vis $field:ident: $type:ty),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(sqlx::FromRow)]
        $vis struct $name {
            $($(#[$field_meta])* $field_vis $field: $type),*
        }

        impl $crate::store::query::Row for $name {
            fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
                Ok(Self { $($field: row.get(stringify!($field))?),* })
            }
        }
    };
}

/// A query, its parameters bound one after another, that returns rows of `T`.
#[must_use]
pub struct Query<'s, T> {
    sql: Cow<'s, str>,
    values: Vec<Value>,
    row: PhantomData<fn() -> T>,
}

/// A query that returns no rows, or whose rows are not wanted.
pub fn query(sql: &str) -> Query<'_, ()> {
    query_as(sql)
}

/// A query returning rows of `T`.
pub fn query_as<T>(sql: &str) -> Query<'_, T> {
    Query { sql: Cow::Borrowed(sql), values: Vec::new(), row: PhantomData }
}

/// A query returning rows of one column, of `T`.
pub fn query_scalar<T>(sql: &str) -> Scalar<'_, T> {
    Scalar(query_as(sql))
}

/// A query whose rows are one column: each is that column's value.
#[must_use]
pub struct Scalar<'s, T>(Query<'s, (T,)>);

impl<T: Column> Scalar<'_, T> {
    /// Binds the next parameter.
    pub fn bind(self, value: impl Into<Value>) -> Self {
        Self(self.0.bind(value))
    }

    /// Every row's value.
    pub async fn fetch_all(self, conn: Conn<'_>) -> Result<Vec<T>, sqlx::Error> {
        Ok(self.0.fetch_all(conn).await?.into_iter().map(|(value,)| value).collect())
    }

    /// The first row's value; an error if there is none.
    pub async fn fetch_one(self, conn: Conn<'_>) -> Result<T, sqlx::Error> {
        Ok(self.0.fetch_one(conn).await?.0)
    }
}

impl<T> Query<'_, T> {
    /// Binds the next parameter.
    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.values.push(value.into());
        self
    }

    /// The query's text for PostgreSQL.
    fn postgres(&self) -> Cow<'_, str> {
        Dialect::Postgres.sql(&self.sql)
    }

    fn sqlite_arguments(&self) -> Result<SqliteArguments<'static>, sqlx::Error> {
        let mut arguments = SqliteArguments::default();
        for value in &self.values {
            value.add_to(&mut arguments)?;
        }
        Ok(arguments)
    }

    fn postgres_arguments(&self) -> Result<PgArguments, sqlx::Error> {
        let mut arguments = PgArguments::default();
        for value in &self.values {
            value.add_to(&mut arguments)?;
        }
        Ok(arguments)
    }

    /// Runs the query on a rusqlite connection, on this thread; how many rows it changed.
    fn execute_in_place(&self, conn: &rusqlite::Connection) -> Result<u64, sqlx::Error> {
        let mut statement = conn.prepare_cached(&self.sql).map_err(sqlite_error)?;
        let mut rows =
            statement.query(rusqlite::params_from_iter(&self.values)).map_err(sqlite_error)?;
        while rows.next().map_err(sqlite_error)?.is_some() {}
        Ok(conn.changes())
    }

    /// Runs the query; how many rows it changed.
    pub async fn execute(self, conn: Conn<'_>) -> Result<u64, sqlx::Error> {
        match conn {
            Conn::InPlace(conn) => self.execute_in_place(conn),
            Conn::Lookups(lookups) => lookups.with(|conn| self.execute_in_place(conn)),
            Conn::SqlitePool(pool) => {
                let done = sqlx::query_with(&self.sql, self.sqlite_arguments()?);
                Ok(done.execute(pool).await?.rows_affected())
            }
            Conn::Sqlite(conn) => {
                let done = sqlx::query_with(&self.sql, self.sqlite_arguments()?);
                Ok(done.execute(conn).await?.rows_affected())
            }
            Conn::PgPool(pool) => {
                let sql = self.postgres();
                let done = sqlx::query_with(&sql, self.postgres_arguments()?);
                Ok(done.execute(pool).await?.rows_affected())
            }
            Conn::Postgres(conn) => {
                let sql = self.postgres();
                let done = sqlx::query_with(&sql, self.postgres_arguments()?);
                Ok(done.execute(conn).await?.rows_affected())
            }
        }
    }
}

impl<T: Row> Query<'_, T> {
    /// Its rows, read on a rusqlite connection, on this thread.
    fn rows_in_place(&self, conn: &rusqlite::Connection) -> Result<Vec<T>, sqlx::Error> {
        let mut statement = conn.prepare_cached(&self.sql).map_err(sqlite_error)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(&self.values), T::from_sqlite)
            .map_err(sqlite_error)?;
        rows.collect::<Result<_, _>>().map_err(sqlite_error)
    }

    /// Every row.
    pub async fn fetch_all(self, conn: Conn<'_>) -> Result<Vec<T>, sqlx::Error> {
        match conn {
            Conn::InPlace(conn) => self.rows_in_place(conn),
            Conn::Lookups(lookups) => lookups.with(|conn| self.rows_in_place(conn)),
            Conn::SqlitePool(pool) => {
                sqlx::query_as_with(&self.sql, self.sqlite_arguments()?).fetch_all(pool).await
            }
            Conn::Sqlite(conn) => {
                sqlx::query_as_with(&self.sql, self.sqlite_arguments()?).fetch_all(conn).await
            }
            Conn::PgPool(pool) => {
                sqlx::query_as_with(&self.postgres(), self.postgres_arguments()?)
                    .fetch_all(pool)
                    .await
            }
            Conn::Postgres(conn) => {
                sqlx::query_as_with(&self.postgres(), self.postgres_arguments()?)
                    .fetch_all(conn)
                    .await
            }
        }
    }

    /// The first row, if any.
    pub async fn fetch_optional(self, conn: Conn<'_>) -> Result<Option<T>, sqlx::Error> {
        Ok(self.fetch_all(conn).await?.into_iter().next())
    }

    /// The first row; an error if there is none.
    pub async fn fetch_one(self, conn: Conn<'_>) -> Result<T, sqlx::Error> {
        self.fetch_optional(conn).await?.ok_or(sqlx::Error::RowNotFound)
    }
}

/// A rusqlite error, as the store's other errors are: sqlx's.
pub fn sqlite_error(error: rusqlite::Error) -> sqlx::Error {
    sqlx::Error::Database(Box::new(SqliteError { message: error.to_string(), error }))
}

/// An error of the writer's SQLite connection.
#[derive(Debug)]
struct SqliteError {
    message: String,
    error: rusqlite::Error,
}

impl fmt::Display for SqliteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SqliteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl sqlx::error::DatabaseError for SqliteError {
    fn message(&self) -> &str {
        &self.message
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> sqlx::error::ErrorKind {
        use rusqlite::ffi::{
            SQLITE_CONSTRAINT_CHECK, SQLITE_CONSTRAINT_FOREIGNKEY, SQLITE_CONSTRAINT_NOTNULL,
            SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE,
        };
        use sqlx::error::ErrorKind;
        match self.error.sqlite_error().map(|e| e.extended_code) {
            Some(SQLITE_CONSTRAINT_UNIQUE | SQLITE_CONSTRAINT_PRIMARYKEY) => {
                ErrorKind::UniqueViolation
            }
            Some(SQLITE_CONSTRAINT_FOREIGNKEY) => ErrorKind::ForeignKeyViolation,
            Some(SQLITE_CONSTRAINT_NOTNULL) => ErrorKind::NotNullViolation,
            Some(SQLITE_CONSTRAINT_CHECK) => ErrorKind::CheckViolation,
            _ => ErrorKind::Other,
        }
    }
}
