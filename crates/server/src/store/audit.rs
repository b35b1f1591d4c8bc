//! The audit log: what admins did that they must answer for.

use parlons_api::{
    AuditAction, AuditActionKind, AuditEntry, CompanyId, Participant, Timestamp, UserId,
};

use super::query::{query, query_as};
use super::{Store, Tx};

impl Store {
    /// A page of the company's audit log, newest first: `limit` entries of `kind` (any if
    /// `None`) older than `before` (the newest if `None`).
    pub async fn audit_log(
        &self,
        company: CompanyId,
        kind: Option<AuditActionKind>,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, sqlx::Error> {
        let rows: Vec<(i64, i64, String, bool, String, i64)> = query_as(
            "SELECT a.id, u.id, u.name, COALESCE(cm.is_external, FALSE), a.detail, a.created_at
             FROM audit_log a JOIN users u ON u.id = a.actor_id
             LEFT JOIN company_members cm ON cm.company_id = a.company_id AND cm.user_id = u.id
             WHERE a.company_id = ? AND (? IS NULL OR a.action = ?) AND a.id < ?
             ORDER BY a.id DESC LIMIT ?",
        )
        .bind(company.0)
        .bind(kind.map(AuditActionKind::as_str))
        .bind(kind.map(AuditActionKind::as_str))
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(self.db())
        .await?;
        rows.into_iter()
            .map(|(entry, id, name, is_external, detail, at)| {
                Ok(AuditEntry {
                    id: entry,
                    actor: Participant { id: UserId(id), name, is_external },
                    action: serde_json::from_str(&detail)
                        .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                    at: Timestamp(at),
                })
            })
            .collect()
    }
}

impl Tx {
    /// Records what an admin did.
    pub async fn insert_audit(
        &mut self,
        company: CompanyId,
        actor: UserId,
        action: &AuditAction,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        let detail = serde_json::to_string(action).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let name = action.kind().as_str();
        query(
            "INSERT INTO audit_log (company_id, actor_id, action, detail, created_at)
                 VALUES (?, ?, ?, ?, ?)",
        )
        .bind(company.0)
        .bind(actor.0)
        .bind(name)
        .bind(detail)
        .bind(now.0)
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(())
    }
}
