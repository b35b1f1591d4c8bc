//! Messages.

use parlons_api::{ConversationId, Document, Message, MessageId, Participant, Timestamp, UserId};

use super::{Store, Tx};

/// A message to store.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    /// Where.
    pub conversation: ConversationId,
    /// Who wrote it.
    pub author: UserId,
    /// The sender's idempotency key.
    pub idempotency_key: &'a str,
    /// What it says (already validated).
    pub body: &'a Document,
    /// When the server accepted it.
    pub now: Timestamp,
}

type MessageRow = (i64, i64, i64, String, bool, String, i64);

const MESSAGE_COLUMNS: &str = "m.id, m.conversation_id, u.id, u.name,
     COALESCE((SELECT cm.is_external FROM company_members cm
               JOIN conversations c ON c.company_id = cm.company_id
               WHERE c.id = m.conversation_id AND cm.user_id = u.id), 0),
     m.body, m.created_at";

fn message_from_row(row: MessageRow) -> Result<Message, sqlx::Error> {
    let (id, conversation, author, name, is_external, body, created_at) = row;
    Ok(Message {
        id: MessageId(id),
        conversation_id: ConversationId(conversation),
        author: Participant { id: UserId(author), name, is_external },
        body: serde_json::from_str(&body).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        created_at: Timestamp(created_at),
    })
}

impl Store {
    /// Up to `limit` messages of the conversation older than `before` (or the newest ones),
    /// oldest first, and whether older ones remain.
    pub async fn messages_page(
        &self,
        conversation: ConversationId,
        before: Option<MessageId>,
        limit: u32,
    ) -> Result<(Vec<Message>, bool), sqlx::Error> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
             WHERE m.conversation_id = ? AND m.id < ?
             ORDER BY m.id DESC LIMIT ?"
        );
        let mut rows: Vec<MessageRow> = sqlx::query_as(&sql)
            .bind(conversation.0)
            .bind(before.map_or(i64::MAX, |b| b.0))
            .bind(i64::from(limit) + 1)
            .fetch_all(&self.pool)
            .await?;
        let has_older = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        rows.reverse();
        let messages = rows.into_iter().map(message_from_row).collect::<Result<_, _>>()?;
        Ok((messages, has_older))
    }
}

impl Tx {
    /// Stores the message and makes it the conversation's newest; `None` if this author
    /// already sent a message with this idempotency key there.
    pub async fn insert_message(
        &mut self,
        new: &NewMessage<'_>,
    ) -> Result<Option<MessageId>, sqlx::Error> {
        let body = serde_json::to_string(new.body).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let row: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO messages (conversation_id, author_id, idempotency_key, body, body_text, created_at)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (conversation_id, author_id, idempotency_key) DO NOTHING
             RETURNING id",
        )
        .bind(new.conversation.0)
        .bind(new.author.0)
        .bind(new.idempotency_key)
        .bind(body)
        .bind(new.body.to_plain_text())
        .bind(new.now.0)
        .fetch_optional(&mut *self.inner)
        .await?;
        let Some((id,)) = row else { return Ok(None) };
        sqlx::query(
            "UPDATE conversations SET last_activity_at = ?, last_message_id = ? WHERE id = ?",
        )
        .bind(new.now.0)
        .bind(id)
        .bind(new.conversation.0)
        .execute(&mut *self.inner)
        .await?;
        Ok(Some(MessageId(id)))
    }

    /// The message this author sent with this idempotency key in the conversation.
    pub async fn message_by_idempotency_key(
        &mut self,
        conversation: ConversationId,
        author: UserId,
        key: &str,
    ) -> Result<Option<Message>, sqlx::Error> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id
             WHERE m.conversation_id = ? AND m.author_id = ? AND m.idempotency_key = ?"
        );
        let row: Option<MessageRow> = sqlx::query_as(&sql)
            .bind(conversation.0)
            .bind(author.0)
            .bind(key)
            .fetch_optional(&mut *self.inner)
            .await?;
        row.map(message_from_row).transpose()
    }

    /// The message with this id.
    pub async fn message(&mut self, id: MessageId) -> Result<Option<Message>, sqlx::Error> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = ?"
        );
        let row: Option<MessageRow> =
            sqlx::query_as(&sql).bind(id.0).fetch_optional(&mut *self.inner).await?;
        row.map(message_from_row).transpose()
    }
}
