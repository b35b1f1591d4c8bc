//! Messages, their thread replies, edits, deletions and mentions.

use std::collections::HashMap;

use parlons_api::{
    AttachmentMetadata, CompanyId, ConversationId, ConversationKind, Deletion, Document,
    ExportedMessage, Message, MessageId, PageAt, Participant, ProjectId, Revision, Timestamp,
    UserId,
};

use super::attachments::listed_files;
use super::query::{query, query_as, query_scalar};
use super::users::id_list;
use super::{Dialect, Store, Tx};

/// A message to store.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    /// Where.
    pub conversation: ConversationId,
    /// The message it replies to in a thread.
    pub parent: Option<MessageId>,
    /// Who wrote it.
    pub author: UserId,
    /// The sender's idempotency key.
    pub idempotency_key: &'a str,
    /// What it says (already validated).
    pub body: &'a Document,
    /// Who it mentions (already checked).
    pub mentions: &'a [UserId],
    /// When the server accepted it.
    pub now: Timestamp,
}

/// A page of messages, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessagesPage {
    /// The messages.
    pub messages: Vec<Message>,
    /// Whether older messages remain beyond the page.
    pub has_older: bool,
    /// Whether newer messages remain beyond the page.
    pub has_newer: bool,
}

row! {
    struct MessageRow {
        id: i64,
        conversation_id: i64,
        parent_id: Option<i64>,
        author_id: i64,
        author_name: String,
        author_external: bool,
        body: String,
        created_at: i64,
        edited_at: Option<i64>,
        deleted_at: Option<i64>,
        deleter_id: Option<i64>,
        deleter_name: Option<String>,
        deleter_external: Option<bool>,
        reply_count: i64,
        idempotency_key: String,
        /// Its attachments, a JSON array (see [`listed_files`]).
        attachments: String,
    }
}

/// Selects [`MessageRow`]s from `messages m`.
const SELECT_MESSAGES: &str = "
SELECT m.id, m.conversation_id, m.parent_id,
       a.id AS author_id, a.name AS author_name, COALESCE(am.is_external, FALSE) AS author_external,
       m.body, m.created_at, m.edited_at, m.deleted_at, m.idempotency_key,
       d.id AS deleter_id, d.name AS deleter_name, dm.is_external AS deleter_external,
       (SELECT COUNT(*) FROM messages r WHERE r.parent_id = m.id) AS reply_count,
       (SELECT CAST(COALESCE(json_group_array(json_object(
                  'id', f.id, 'name', f.name, 'size', f.size, 'content_type', f.content_type,
                  'width', f.width, 'height', f.height, 'preview_type', f.preview_type)
                  ORDER BY f.position), '[]') AS TEXT)
        FROM attachments f WHERE f.message_id = m.id) AS attachments
FROM messages m
JOIN conversations c ON c.id = m.conversation_id
JOIN users a ON a.id = m.author_id
LEFT JOIN company_members am ON am.company_id = c.company_id AND am.user_id = a.id
LEFT JOIN users d ON d.id = m.deleted_by
LEFT JOIN company_members dm ON dm.company_id = c.company_id AND dm.user_id = d.id";

impl MessageRow {
    fn into_message(self) -> Result<Message, sqlx::Error> {
        let deleted = self.deleted_at.map(|at| Deletion {
            by: Participant {
                id: UserId(self.deleter_id.unwrap_or(self.author_id)),
                name: self.deleter_name.clone().unwrap_or_default(),
                is_external: self.deleter_external.unwrap_or_default(),
            },
            at: Timestamp(at),
        });
        // A deleted message's text and files are kept in the database but never served.
        let (body, attachments) = if deleted.is_some() {
            (Document::default(), Vec::new())
        } else {
            let body =
                serde_json::from_str(&self.body).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            (body, listed_files(&self.attachments)?)
        };
        Ok(Message {
            id: MessageId(self.id),
            conversation_id: ConversationId(self.conversation_id),
            parent_id: self.parent_id.map(MessageId),
            author: Participant {
                id: UserId(self.author_id),
                name: self.author_name,
                is_external: self.author_external,
            },
            body,
            created_at: Timestamp(self.created_at),
            edited_at: self.edited_at.map(Timestamp),
            deleted,
            reply_count: u32::try_from(self.reply_count).unwrap_or(u32::MAX),
            attachments,
            idempotency_key: Some(self.idempotency_key),
        })
    }
}

impl MessageRow {
    /// The message with its text even if deleted, for the audited export.
    fn into_exported(self) -> Result<(ConversationId, ExportedMessage), sqlx::Error> {
        let body: Document =
            serde_json::from_str(&self.body).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        let conversation = ConversationId(self.conversation_id);
        let attachments = listed_files(&self.attachments)?
            .into_iter()
            .map(|file| AttachmentMetadata {
                name: file.name,
                size: file.size,
                content_type: file.content_type,
            })
            .collect();
        let message = self.into_message()?;
        Ok((
            conversation,
            ExportedMessage {
                id: message.id,
                parent_id: message.parent_id,
                author: message.author,
                created_at: message.created_at,
                body,
                edited_at: message.edited_at,
                deleted: message.deleted,
                revisions: Vec::new(),
                attachments,
            },
        ))
    }
}

/// What a search looks for, among the conversations the searcher may read.
#[derive(Debug, Clone)]
pub struct MessageSearch<'a> {
    /// The words to find (letters and digits only), all of them, the last one also as the
    /// start of a word.
    pub words: &'a [String],
    /// The conversations to look in.
    pub conversations: &'a [ConversationId],
    /// Sent at or after.
    pub from: Option<Timestamp>,
    /// Sent before.
    pub to: Option<Timestamp>,
    /// By this author.
    pub author: Option<UserId>,
    /// In this project.
    pub project: Option<ProjectId>,
    /// In this kind of conversation.
    pub kind: Option<ConversationKind>,
    /// Older than this message.
    pub before: Option<MessageId>,
    /// At most this many.
    pub limit: u32,
}

/// The FTS5 query for the words: each quoted, so nothing is read as FTS5 syntax, all
/// required, the last one also as a prefix.
fn fts5_query(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|word| format!("\"{word}\"")).collect();
    format!("{}*", quoted.join(" "))
}

/// [`fts5_query`] for PostgreSQL's `to_tsquery`.
fn tsquery(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|word| format!("'{word}'")).collect();
    format!("{}:*", quoted.join(" & "))
}

fn messages(rows: Vec<MessageRow>) -> Result<Vec<Message>, sqlx::Error> {
    rows.into_iter().map(MessageRow::into_message).collect()
}

impl Store {
    /// A page of a conversation's main line (or of one thread), oldest first, and whether
    /// older and newer messages remain beyond it.
    pub async fn messages_page(
        &self,
        conversation: ConversationId,
        thread: Option<MessageId>,
        at: PageAt,
        limit: u32,
    ) -> Result<MessagesPage, sqlx::Error> {
        // Each part asks for one more row than it keeps, to know whether more remain.
        let (older_part, newer_part) = match at {
            PageAt::Newest | PageAt::Before(_) => (limit, 0),
            PageAt::After(_) => (0, limit),
            PageAt::Around(_) => (limit / 2, limit - limit / 2),
        };
        let (split, newest) = match at {
            PageAt::Newest => (i64::MAX, true),
            PageAt::Before(id) | PageAt::Around(id) => (id.0, false),
            PageAt::After(id) => (id.0.saturating_add(1), false),
        };
        let older_sql = "m.id < ? ORDER BY m.id DESC LIMIT ?";
        let newer_sql = "m.id >= ? ORDER BY m.id ASC LIMIT ?";
        let mut older = self.line_rows(conversation, thread, older_sql, split, older_part).await?;
        let mut newer = self.line_rows(conversation, thread, newer_sql, split, newer_part).await?;
        let mut has_older = older.len() > older_part as usize;
        let mut has_newer = newer.len() > newer_part as usize;
        older.truncate(older_part as usize);
        newer.truncate(newer_part as usize);
        older.reverse();
        // The side not fetched: whether anything lies beyond the page on it.
        if older_part == 0 {
            has_older = self
                .line_has(conversation, thread, "<", newer.first().map_or(split, |m| m.id))
                .await?;
        }
        if newer_part == 0 && !newest {
            has_newer = self
                .line_has(conversation, thread, ">", older.last().map_or(split - 1, |m| m.id))
                .await?;
        }
        older.append(&mut newer);
        Ok(MessagesPage { messages: messages(older)?, has_older, has_newer })
    }

    /// Up to `count + 1` rows of the line `condition` picks (binding `bound` and the limit);
    /// none when `count` is 0.
    async fn line_rows(
        &self,
        conversation: ConversationId,
        thread: Option<MessageId>,
        condition: &str,
        bound: i64,
        count: u32,
    ) -> Result<Vec<MessageRow>, sqlx::Error> {
        if count == 0 {
            return Ok(Vec::new());
        }
        let sql = format!(
            "{SELECT_MESSAGES} WHERE m.conversation_id = ? AND m.parent_id IS NOT DISTINCT FROM ? AND {condition}"
        );
        query_as(&sql)
            .bind(conversation.0)
            .bind(thread.map(|t| t.0))
            .bind(bound)
            .bind(i64::from(count) + 1)
            .fetch_all(self.db())
            .await
    }

    /// Whether the line has a message with an id `op` (`<` or `>`) `id`.
    async fn line_has(
        &self,
        conversation: ConversationId,
        thread: Option<MessageId>,
        op: &str,
        id: i64,
    ) -> Result<bool, sqlx::Error> {
        let sql = format!(
            "SELECT EXISTS(SELECT 1
                 FROM messages
                 WHERE conversation_id = ? AND parent_id IS NOT DISTINCT
                 FROM ? AND id {op} ?)"
        );
        query_scalar(&sql)
            .bind(conversation.0)
            .bind(thread.map(|t| t.0))
            .bind(id)
            .fetch_one(self.db())
            .await
    }

    /// The messages matching the search, newest first, and whether more remain.
    pub async fn search_messages(
        &self,
        search: &MessageSearch<'_>,
    ) -> Result<(Vec<Message>, bool), sqlx::Error> {
        // Full-text search is each database's own: SQLite's FTS5 table (accents removed by its
        // tokenizer), PostgreSQL's text search over the folded text (see its migration).
        let (matching, words) = match self.dialect() {
            Dialect::Sqlite => (
                "JOIN messages_fts ON messages_fts.rowid = m.id WHERE messages_fts MATCH ?1",
                fts5_query(search.words),
            ),
            Dialect::Postgres => (
                "WHERE to_tsvector('simple', parlons_fold(m.body_text))
                       @@ to_tsquery('simple', parlons_fold(?1))",
                tsquery(search.words),
            ),
        };
        let sql = format!(
            "{SELECT_MESSAGES}
             {matching}
               AND m.conversation_id IN (SELECT value FROM json_each(?2))
               AND m.deleted_at IS NULL
               AND (?3 IS NULL OR m.created_at >= ?3) AND (?4 IS NULL OR m.created_at < ?4)
               AND (?5 IS NULL OR m.author_id = ?5) AND (?6 IS NULL OR c.project_id = ?6)
               AND (?7 IS NULL OR c.kind = ?7) AND m.id < ?8
             ORDER BY m.id DESC LIMIT ?9"
        );
        let mut rows: Vec<MessageRow> = query_as(&sql)
            .bind(&words)
            .bind(id_list(search.conversations.iter().map(|c| c.0)))
            .bind(search.from.map(|t| t.0))
            .bind(search.to.map(|t| t.0))
            .bind(search.author.map(|u| u.0))
            .bind(search.project.map(|p| p.0))
            .bind(search.kind.map(ConversationKind::as_str))
            .bind(search.before.map_or(i64::MAX, |b| b.0))
            .bind(i64::from(search.limit) + 1)
            .fetch_all(self.db())
            .await?;
        let more = rows.len() > search.limit as usize;
        rows.truncate(search.limit as usize);
        Ok((messages(rows)?, more))
    }

    /// A page of the company's messages sent in `[from, to)`, deleted text and former
    /// versions included, by conversation, oldest first, after `after` (a conversation and
    /// one of its messages; the first page if `None`): for the audited export, read a page
    /// at a time.
    pub async fn exported_messages(
        &self,
        company: CompanyId,
        (from, to): (Timestamp, Timestamp),
        after: Option<(ConversationId, MessageId)>,
        limit: u32,
    ) -> Result<Vec<(ConversationId, ExportedMessage)>, sqlx::Error> {
        let sql = format!(
            "{SELECT_MESSAGES} WHERE c.company_id = ? AND m.created_at >= ? AND m.created_at < ?
             AND (m.conversation_id > ? OR (m.conversation_id = ? AND m.id > ?))
             ORDER BY m.conversation_id, m.id LIMIT ?"
        );
        let (conversation, message) = after.map_or((i64::MIN, i64::MIN), |(c, m)| (c.0, m.0));
        let rows: Vec<MessageRow> = query_as(&sql)
            .bind(company.0)
            .bind(from.0)
            .bind(to.0)
            .bind(conversation)
            .bind(conversation)
            .bind(message)
            .bind(i64::from(limit))
            .fetch_all(self.db())
            .await?;
        let mut exported =
            rows.into_iter().map(MessageRow::into_exported).collect::<Result<Vec<_>, _>>()?;
        let ids = id_list(exported.iter().map(|(_, m)| m.id.0));
        let revisions: Vec<(i64, String, i64)> = query_as(
            "SELECT message_id, body, replaced_at FROM message_revisions
             WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, revision",
        )
        .bind(ids)
        .fetch_all(self.db())
        .await?;
        let place: HashMap<i64, usize> =
            exported.iter().enumerate().map(|(i, (_, m))| (m.id.0, i)).collect();
        for (message, body, replaced_at) in revisions {
            let body: Document =
                serde_json::from_str(&body).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            if let Some(&i) = place.get(&message) {
                exported[i]
                    .1
                    .revisions
                    .push(Revision { body, replaced_at: Timestamp(replaced_at) });
            }
        }
        Ok(exported)
    }

    /// The message with this id.
    pub async fn message(&self, id: MessageId) -> Result<Option<Message>, sqlx::Error> {
        let sql = format!("{SELECT_MESSAGES} WHERE m.id = ?");
        let row: Option<MessageRow> = query_as(&sql).bind(id.0).fetch_optional(self.db()).await?;
        row.map(MessageRow::into_message).transpose()
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
        let row: Option<(i64,)> = query_as(
            "INSERT INTO messages
               (conversation_id, parent_id, author_id, idempotency_key, body, body_text, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (conversation_id, author_id, idempotency_key) DO NOTHING
             RETURNING id",
        )
        .bind(new.conversation.0)
        .bind(new.parent.map(|p| p.0))
        .bind(new.author.0)
        .bind(new.idempotency_key)
        .bind(body)
        .bind(new.body.to_plain_text())
        .bind(new.now.0)
        .fetch_optional(self.conn())
        .await?;
        let Some((id,)) = row else { return Ok(None) };
        query("UPDATE conversations SET last_activity_at = ?, last_message_id = ? WHERE id = ?")
            .bind(new.now.0)
            .bind(id)
            .bind(new.conversation.0)
            .execute(self.conn())
            .await
            .map(drop)?;
        if !new.mentions.is_empty() {
            self.link_users("message_mentions", "message_id", id, new.mentions).await?;
        }
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
            "{SELECT_MESSAGES} WHERE m.conversation_id = ? AND m.author_id = ? AND m.idempotency_key = ?"
        );
        let row: Option<MessageRow> = query_as(&sql)
            .bind(conversation.0)
            .bind(author.0)
            .bind(key)
            .fetch_optional(self.conn())
            .await?;
        row.map(MessageRow::into_message).transpose()
    }

    /// The message with this id, as this transaction sees it.
    pub async fn message(&mut self, id: MessageId) -> Result<Option<Message>, sqlx::Error> {
        let sql = format!("{SELECT_MESSAGES} WHERE m.id = ?");
        let row: Option<MessageRow> = query_as(&sql).bind(id.0).fetch_optional(self.conn()).await?;
        row.map(MessageRow::into_message).transpose()
    }

    /// Keeps the message's current text as a revision (history is never destroyed).
    async fn keep_revision(&mut self, id: MessageId, now: Timestamp) -> Result<(), sqlx::Error> {
        query(
            "INSERT INTO message_revisions (message_id, revision, body, replaced_at)
             SELECT messages.id,
                    (SELECT COUNT(*) FROM message_revisions r WHERE r.message_id = messages.id) + 1,
                    body, ?
             FROM messages WHERE id = ?",
        )
        .bind(now.0)
        .bind(id.0)
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(())
    }

    /// Replaces the message's text, keeping the old one, with its new mentions.
    pub async fn edit_message(
        &mut self,
        id: MessageId,
        body: &Document,
        mentions: &[UserId],
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        self.keep_revision(id, now).await?;
        let json = serde_json::to_string(body).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        query("UPDATE messages SET body = ?, body_text = ?, edited_at = ? WHERE id = ?")
            .bind(json)
            .bind(body.to_plain_text())
            .bind(now.0)
            .bind(id.0)
            .execute(self.conn())
            .await
            .map(drop)?;
        query("DELETE FROM message_mentions WHERE message_id = ?")
            .bind(id.0)
            .execute(self.conn())
            .await
            .map(drop)?;
        self.link_users("message_mentions", "message_id", id.0, mentions).await?;
        Ok(())
    }

    /// Marks the message deleted by `by`; its text stays in the revisions, out of search.
    pub async fn delete_message(
        &mut self,
        id: MessageId,
        by: UserId,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        self.keep_revision(id, now).await?;
        query("UPDATE messages SET deleted_at = ?, deleted_by = ?, body_text = '' WHERE id = ?")
            .bind(now.0)
            .bind(by.0)
            .bind(id.0)
            .execute(self.conn())
            .await
            .map(drop)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{fts5_query, tsquery};

    fn words(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| (*word).to_owned()).collect()
    }

    #[test]
    fn words_become_a_safe_fts5_query() {
        assert_eq!(fts5_query(&words(&["gaines", "sous", "sol"])), r#""gaines" "sous" "sol"*"#);
        assert_eq!(fts5_query(&words(&["NEAR", "a"])), r#""NEAR" "a"*"#);
    }

    #[test]
    fn words_become_a_tsquery_with_the_last_as_a_prefix() {
        assert_eq!(tsquery(&words(&["gaines", "sous", "sol"])), "'gaines' & 'sous' & 'sol':*");
        assert_eq!(tsquery(&words(&["béton"])), "'béton':*");
    }
}
