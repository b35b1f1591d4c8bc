//! Companies, users and company membership.

use parlons_api::{CompanyId, CompanyMembership, UserId};

use super::query::{query, query_as};
use super::{Store, Tx};

/// What login needs to know about an e-mail address.
#[derive(Debug, Clone)]
pub struct LoginCandidate {
    /// The user with that address.
    pub id: UserId,
    /// Their argon2 password hash, if they may log in with a password.
    pub password_hash: Option<String>,
}

/// What the rules need to know about a member of a company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFacts {
    /// The user.
    pub id: UserId,
    /// Their display name.
    pub name: String,
    /// Subcontractor or client rather than employee.
    pub is_external: bool,
    /// Company admin.
    pub is_admin: bool,
}

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// E-mail address, unique.
    pub email: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Argon2 hash of the password, if they may log in with one.
    pub password_hash: Option<&'a str>,
}

impl Store {
    /// The user with this e-mail address (case-insensitive), if any.
    pub async fn login_candidate(
        &self,
        email: &str,
    ) -> Result<Option<LoginCandidate>, sqlx::Error> {
        let row: Option<(i64, Option<String>)> =
            query_as("SELECT id, password_hash FROM users WHERE lower(email) = lower(?)")
                .bind(email)
                .fetch_optional(self.db())
                .await?;
        Ok(row.map(|(id, password_hash)| LoginCandidate { id: UserId(id), password_hash }))
    }

    /// A user's name and e-mail address.
    pub async fn user_profile(
        &self,
        user: UserId,
    ) -> Result<Option<(String, String)>, sqlx::Error> {
        query_as("SELECT name, email FROM users WHERE id = ?")
            .bind(user.0)
            .fetch_optional(self.lookup())
            .await
    }

    /// Every company the user belongs to, oldest first.
    pub async fn memberships(&self, user: UserId) -> Result<Vec<CompanyMembership>, sqlx::Error> {
        let rows: Vec<(i64, String, bool, bool)> = query_as(
            "SELECT c.id, c.name, m.is_external, m.is_admin
             FROM company_members m JOIN companies c ON c.id = m.company_id
             WHERE m.user_id = ? ORDER BY c.id",
        )
        .bind(user.0)
        .fetch_all(self.lookup())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, is_external, is_admin)| CompanyMembership {
                id: CompanyId(id),
                name,
                is_external,
                is_admin,
            })
            .collect())
    }

    /// Everyone of the company (`admins_only`: its admins), with what they are there, by name.
    pub async fn company_members(
        &self,
        company: CompanyId,
        admins_only: bool,
    ) -> Result<Vec<MemberFacts>, sqlx::Error> {
        let rows: Vec<(i64, String, bool, bool)> = query_as(
            "SELECT m.user_id, u.name, m.is_external, m.is_admin
             FROM company_members m JOIN users u ON u.id = m.user_id
             WHERE m.company_id = ? AND (m.is_admin OR NOT ?) ORDER BY u.name",
        )
        .bind(company.0)
        .bind(admins_only)
        .fetch_all(self.db())
        .await?;
        Ok(rows.into_iter().map(member_facts).collect())
    }

    /// Those of `users` who belong to the company, with what they are there.
    pub async fn company_members_among(
        &self,
        company: CompanyId,
        users: &[UserId],
    ) -> Result<Vec<MemberFacts>, sqlx::Error> {
        let ids = id_list(users.iter().map(|u| u.0));
        let rows: Vec<(i64, String, bool, bool)> = query_as(
            "SELECT m.user_id, u.name, m.is_external, m.is_admin
             FROM company_members m JOIN users u ON u.id = m.user_id
             WHERE m.company_id = ? AND m.user_id IN (SELECT value FROM json_each(?))",
        )
        .bind(company.0)
        .bind(ids)
        .fetch_all(self.db())
        .await?;
        Ok(rows.into_iter().map(member_facts).collect())
    }

    /// Whether the database holds no company yet.
    pub async fn is_empty(&self) -> Result<bool, sqlx::Error> {
        let (count,): (i64,) =
            query_as("SELECT COUNT(*) FROM companies").fetch_one(self.db()).await?;
        Ok(count == 0)
    }
}

impl Tx {
    /// Creates a company.
    pub async fn insert_company(&mut self, name: &str) -> Result<CompanyId, sqlx::Error> {
        let (id,): (i64,) = query_as("INSERT INTO companies (name) VALUES (?) RETURNING id")
            .bind(name)
            .fetch_one(self.conn())
            .await?;
        Ok(CompanyId(id))
    }

    /// Creates a user.
    pub async fn insert_user(&mut self, user: NewUser<'_>) -> Result<UserId, sqlx::Error> {
        let (id,): (i64,) = query_as(
            "INSERT INTO users (email, name, password_hash) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(user.email)
        .bind(user.name)
        .bind(user.password_hash)
        .fetch_one(self.conn())
        .await?;
        Ok(UserId(id))
    }
}

impl Tx {
    /// Adds a row `(owner, user)` to the link table `table` for each of `users` (rows already
    /// there stay): participants, mentions, access lists, group members.
    pub(super) async fn link_users(
        &mut self,
        table: &str,
        owner_column: &str,
        owner: i64,
        users: &[UserId],
    ) -> Result<(), sqlx::Error> {
        // `WHERE TRUE`: without it, SQLite reads the `ON` of `ON CONFLICT` as a join's.
        let sql = format!(
            "INSERT INTO {table} ({owner_column}, user_id)
             SELECT ?, value FROM json_each(?) WHERE TRUE ON CONFLICT DO NOTHING"
        );
        query(&sql)
            .bind(owner)
            .bind(id_list(users.iter().map(|u| u.0)))
            .execute(self.conn())
            .await
            .map(drop)
    }
}

/// A row of `company_members` joined with `users`: id, name, external, admin.
fn member_facts((id, name, is_external, is_admin): (i64, String, bool, bool)) -> MemberFacts {
    MemberFacts { id: UserId(id), name, is_external, is_admin }
}

/// A JSON array of ids, for `IN (SELECT value FROM json_each(?))`: one bound parameter
/// whatever the number of ids.
pub(super) fn id_list(ids: impl Iterator<Item = i64>) -> String {
    let ids: Vec<i64> = ids.collect();
    serde_json::to_string(&ids).unwrap_or_else(|_| "[]".to_owned())
}
