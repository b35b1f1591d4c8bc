//! The two databases' SQL, and how a query written for SQLite reads on PostgreSQL.

use std::borrow::Cow;

/// Which SQL a database speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite's.
    Sqlite,
    /// PostgreSQL's.
    Postgres,
}

impl Dialect {
    /// The text of a query written for SQLite, for this database.
    ///
    /// The queries keep to what both understand (`ON CONFLICT`, `RETURNING`, `TRUE`/`FALSE`,
    /// `IS NOT DISTINCT FROM`, `CASE`), with two exceptions that PostgreSQL gets rewritten:
    /// parameters `?` and `?NNN` become `$N` (numbered as SQLite numbers them), and
    /// `json_each(` — always `SELECT value FROM json_each(?)` over a JSON array of ids —
    /// becomes `json_ids(`, the function the PostgreSQL migration defines to the same effect;
    /// and the JSON aggregate `json_group_array(json_object(…))` becomes
    /// `json_agg(json_build_object(…))`.
    pub fn sql(self, sql: &str) -> Cow<'_, str> {
        match self {
            Dialect::Sqlite => Cow::Borrowed(sql),
            Dialect::Postgres => Cow::Owned(postgres(sql)),
        }
    }
}

/// [`Dialect::sql`] for PostgreSQL.
fn postgres(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut highest = 0_u32;
    let mut quote = None;
    let mut rest = sql;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match (quote, c) {
            (Some(open), _) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '?') => {
                let digits =
                    rest.len() - rest.trim_start_matches(|d: char| d.is_ascii_digit()).len();
                let number = match rest[..digits].parse::<u32>() {
                    Ok(number) => number,
                    Err(_) => highest + 1,
                };
                highest = highest.max(number);
                rest = &rest[digits..];
                out.push('$');
                out.push_str(&number.to_string());
                continue;
            }
            (None, 'j') if rest.starts_with("son_each(") => {
                rest = &rest["son_each(".len()..];
                out.push_str("json_ids(");
                continue;
            }
            (None, 'j') if rest.starts_with("son_group_array(") => {
                rest = &rest["son_group_array(".len()..];
                out.push_str("json_agg(");
                continue;
            }
            (None, 'j') if rest.starts_with("son_object(") => {
                rest = &rest["son_object(".len()..];
                out.push_str("json_build_object(");
                continue;
            }
            (None, _) => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Dialect;

    #[test]
    fn sqlite_reads_the_query_as_written() {
        let sql = "SELECT id FROM t WHERE a = ? AND b IN (SELECT value FROM json_each(?))";
        assert_eq!(Dialect::Sqlite.sql(sql), sql);
    }

    #[test]
    fn parameters_are_numbered_as_sqlite_numbers_them() {
        assert_eq!(
            Dialect::Postgres.sql("INSERT INTO t (a, b, c) VALUES (?, ?, ?)"),
            "INSERT INTO t (a, b, c) VALUES ($1, $2, $3)"
        );
        assert_eq!(
            Dialect::Postgres.sql("a = ?2 AND b = ?1 AND c = ? AND d = ?12"),
            "a = $2 AND b = $1 AND c = $3 AND d = $12"
        );
    }

    #[test]
    fn quoted_text_is_left_alone() {
        assert_eq!(
            Dialect::Postgres.sql("SELECT '?', \"json_each(x)\" WHERE a = ? AND b = 'it''s?'"),
            "SELECT '?', \"json_each(x)\" WHERE a = $1 AND b = 'it''s?'"
        );
    }

    #[test]
    fn json_arrays_of_objects_use_the_postgres_functions() {
        assert_eq!(
            Dialect::Postgres.sql("SELECT json_group_array(json_object('id', f.id) ORDER BY f.p)"),
            "SELECT json_agg(json_build_object('id', f.id) ORDER BY f.p)"
        );
    }

    #[test]
    fn id_lists_use_the_postgres_function() {
        assert_eq!(
            Dialect::Postgres.sql("id IN (SELECT value FROM json_each(?)) AND x = ?"),
            "id IN (SELECT value FROM json_ids($1)) AND x = $2"
        );
    }
}
