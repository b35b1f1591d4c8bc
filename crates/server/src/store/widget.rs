//! Widget tickets, and the items the panel shows.

use parlons_api::{CompanyId, ConversationId, ItemId, ItemSummary, ProjectId, Timestamp, UserId};

use super::query::{query, query_as};
use super::{Store, Tx};

/// What a widget ticket opens: one user's panel on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketRecord {
    /// The company.
    pub company: CompanyId,
    /// The user.
    pub user: UserId,
    /// The item.
    pub item: ItemId,
}

impl Store {
    /// The company a ticket was made for, used or not, expired or not: whose host origins
    /// may frame the panel it opens.
    pub async fn ticket_company(
        &self,
        token_hash: &[u8],
    ) -> Result<Option<CompanyId>, sqlx::Error> {
        let row: Option<(i64,)> =
            query_as("SELECT company_id FROM widget_tickets WHERE token_hash = ?")
                .bind(token_hash)
                .fetch_optional(self.db())
                .await?;
        Ok(row.map(|(id,)| CompanyId(id)))
    }

    /// The item's conversation, if it has one.
    pub async fn item_conversation(
        &self,
        item: ItemId,
    ) -> Result<Option<ConversationId>, sqlx::Error> {
        let row: Option<(i64,)> = query_as("SELECT id FROM conversations WHERE item_id = ?")
            .bind(item.0)
            .fetch_optional(self.db())
            .await?;
        Ok(row.map(|(id,)| ConversationId(id)))
    }

    /// The item, as the panel shows it.
    pub async fn item_summary(&self, item: ItemId) -> Result<Option<ItemSummary>, sqlx::Error> {
        let row: Option<(i64, String, String, String, bool)> =
            query_as("SELECT project_id, tool, number, title, is_private FROM items WHERE id = ?")
                .bind(item.0)
                .fetch_optional(self.db())
                .await?;
        Ok(row.map(|(project, tool, number, title, is_private)| ItemSummary {
            id: item,
            project_id: ProjectId(project),
            tool,
            number,
            title,
            is_private,
        }))
    }
}

impl Tx {
    /// The company's item with these host ids (its project's and its own).
    pub async fn item_by_external_ids(
        &mut self,
        company: CompanyId,
        project: &str,
        item: &str,
    ) -> Result<Option<ItemId>, sqlx::Error> {
        let row: Option<(i64,)> = query_as(
            "SELECT i.id FROM items i JOIN projects p ON p.id = i.project_id
             WHERE p.company_id = ? AND p.external_id = ? AND i.external_id = ?",
        )
        .bind(company.0)
        .bind(project)
        .bind(item)
        .fetch_optional(self.conn())
        .await?;
        Ok(row.map(|(id,)| ItemId(id)))
    }

    /// Records a new ticket; expired ones are swept.
    pub async fn insert_ticket(
        &mut self,
        token_hash: &[u8],
        ticket: TicketRecord,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), sqlx::Error> {
        // Kept a day past their expiry: a used or expired ticket still says whose panel it
        // was (see `ticket_company`) while a page may still show it.
        query("DELETE FROM widget_tickets WHERE expires_at <= ?")
            .bind(now.0 - 24 * 3600 * 1000)
            .execute(self.conn())
            .await
            .map(drop)?;
        query(
            "INSERT INTO widget_tickets (token_hash, company_id, user_id, item_id, expires_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(token_hash)
        .bind(ticket.company.0)
        .bind(ticket.user.0)
        .bind(ticket.item.0)
        .bind(expires_at.0)
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(())
    }

    /// Uses the ticket, if it is unused and unexpired: what it opens. A ticket is used once.
    pub async fn use_ticket(
        &mut self,
        token_hash: &[u8],
        now: Timestamp,
    ) -> Result<Option<TicketRecord>, sqlx::Error> {
        let row: Option<(i64, i64, i64)> = query_as(
            "UPDATE widget_tickets SET used_at = ?
             WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
             RETURNING company_id, user_id, item_id",
        )
        .bind(now.0)
        .bind(token_hash)
        .bind(now.0)
        .fetch_optional(self.conn())
        .await?;
        Ok(row.map(|(company, user, item)| TicketRecord {
            company: CompanyId(company),
            user: UserId(user),
            item: ItemId(item),
        }))
    }
}
