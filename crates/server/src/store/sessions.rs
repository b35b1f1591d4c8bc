//! Login sessions.

use parlons_api::{CompanyId, ItemId, Timestamp, UserId};

use super::query::{query, query_as};
use super::{Store, Tx};

/// Who an open session belongs to, and what they are in its company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionRecord {
    /// The user.
    pub user: UserId,
    /// The company the session is scoped to.
    pub company: CompanyId,
    /// External in that company.
    pub is_external: bool,
    /// Company admin of that company.
    pub is_admin: bool,
    /// The one item whose conversation the session may use (a widget's session), if any.
    pub item: Option<ItemId>,
}

impl Store {
    /// The unexpired session with this token hash, if its user is still in its company.
    pub async fn session(
        &self,
        token_hash: &[u8],
        now: Timestamp,
    ) -> Result<Option<SessionRecord>, sqlx::Error> {
        let row: Option<(i64, i64, bool, bool, Option<i64>)> = query_as(
            "SELECT s.user_id, s.company_id, m.is_external, m.is_admin, s.item_id FROM sessions s
             JOIN company_members m ON m.company_id = s.company_id AND m.user_id = s.user_id
             WHERE s.token_hash = ? AND s.expires_at > ?",
        )
        .bind(token_hash)
        .bind(now.0)
        .fetch_optional(self.lookup())
        .await?;
        Ok(row.map(|(user, company, is_external, is_admin, item)| SessionRecord {
            user: UserId(user),
            company: CompanyId(company),
            is_external,
            is_admin,
            item: item.map(ItemId),
        }))
    }
}

impl Tx {
    /// Records a new session, limited to one item's conversation if `item` is given.
    pub async fn insert_session(
        &mut self,
        token_hash: &[u8],
        (user, company, item): (UserId, CompanyId, Option<ItemId>),
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), sqlx::Error> {
        query(
            "INSERT INTO sessions (token_hash, user_id, company_id, item_id, created_at, expires_at)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(token_hash)
        .bind(user.0)
        .bind(company.0)
        .bind(item.map(|i| i.0))
        .bind(now.0)
        .bind(expires_at.0)
        .execute(self.conn())
        .await
        .map(drop)?;
        // Expired sessions are of no use to anyone: sweep them while we are here.
        query("DELETE FROM sessions WHERE expires_at <= ?")
            .bind(now.0)
            .execute(self.conn())
            .await
            .map(drop)?;
        Ok(())
    }

    /// Scopes a session to another company.
    pub async fn set_session_company(
        &mut self,
        token_hash: &[u8],
        company: CompanyId,
    ) -> Result<(), sqlx::Error> {
        query("UPDATE sessions SET company_id = ? WHERE token_hash = ?")
            .bind(company.0)
            .bind(token_hash)
            .execute(self.conn())
            .await
            .map(drop)?;
        Ok(())
    }

    /// Ends a session.
    pub async fn delete_session(&mut self, token_hash: &[u8]) -> Result<(), sqlx::Error> {
        query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(self.conn())
            .await
            .map(drop)?;
        Ok(())
    }
}
