//! Conversations, their participants, followers, and each reader's state of them.

use std::collections::HashMap;

use parlons_api::{
    CompanyId, ConversationId, ConversationKind, ConversationSummary, ItemId, ItemSummary,
    MessageId, Participant, ProjectId, ProjectSummary, Timestamp, UserId,
};

use super::query::{query, query_as};
use super::users::id_list;
use super::{Conn, Store, Tx};

/// A conversation to create.
#[derive(Debug, Clone)]
pub struct NewConversation {
    /// The company it belongs to.
    pub company: CompanyId,
    /// Its project, if any.
    pub project: Option<ProjectId>,
    /// Its item, for item conversations.
    pub item: Option<ItemId>,
    /// Its kind.
    pub kind: ConversationKind,
    /// Its subject or name.
    pub subject: Option<String>,
    /// For direct conversations started without subject, the key that makes the same people
    /// in the same project get the same conversation back.
    pub direct_key: Option<String>,
    /// For "+ Créer", the idempotency key of its first message: the same request again finds
    /// this conversation instead of making another.
    pub started_with: Option<String>,
    /// A group following its project's whole Directory.
    pub everyone_in_directory: bool,
    /// Who created it.
    pub created_by: UserId,
    /// Its designated participants, the creator included.
    pub participants: Vec<UserId>,
    /// When.
    pub now: Timestamp,
}

/// What the rules need to know about a conversation, whoever reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversationFacts {
    /// The conversation.
    pub id: ConversationId,
    /// Its company.
    pub company: CompanyId,
    /// Its project, if any.
    pub project: Option<ProjectId>,
    /// Its item, for item conversations.
    pub item: Option<ItemId>,
    /// Its kind.
    pub kind: ConversationKind,
}

row! {
    struct SummaryRow {
        id: i64,
        kind: String,
        project_id: Option<i64>,
        project_name: Option<String>,
        project_number: Option<String>,
        item_id: Option<i64>,
        item_tool: Option<String>,
        item_number: Option<String>,
        item_title: Option<String>,
        item_private: Option<bool>,
        subject: Option<String>,
        everyone_in_directory: bool,
        created_at: i64,
        last_activity_at: i64,
        last_message_id: Option<i64>,
        read_up_to: i64,
        unread: i64,
        mentions: i64,
        starred: bool,
        hidden: bool,
        following: bool,
    }
}

/// Messages from others after the reader's read position (`st`), not deleted.
const UNREAD: &str = "m.conversation_id = c.id AND m.id > COALESCE(st.last_read_message_id, 0)
                      AND m.author_id <> ?1 AND m.deleted_at IS NULL";

impl Store {
    /// The item's company and project.
    pub async fn item_owner(
        &self,
        item: ItemId,
    ) -> Result<Option<(CompanyId, ProjectId)>, sqlx::Error> {
        let row: Option<(i64, i64)> = query_as(
            "SELECT p.company_id, p.id
                 FROM items i JOIN projects p ON p.id = i.project_id
                 WHERE i.id = ?",
        )
        .bind(item.0)
        .fetch_optional(self.db())
        .await?;
        Ok(row.map(|(company, project)| (CompanyId(company), ProjectId(project))))
    }

    /// The conversations `ids` as `reader` sees them, newest activity first.
    pub async fn conversation_summaries(
        &self,
        reader: UserId,
        ids: &[ConversationId],
    ) -> Result<Vec<ConversationSummary>, sqlx::Error> {
        summaries(self.acquire().await?.conn(), reader, ids).await
    }

    /// The conversation, whoever reads it; `None` if there is none with this id.
    pub async fn conversation_facts(
        &self,
        conversation: ConversationId,
    ) -> Result<Option<ConversationFacts>, sqlx::Error> {
        let row: Option<(i64, Option<i64>, Option<i64>, String)> = query_as(
            "SELECT company_id, project_id, item_id, kind FROM conversations WHERE id = ?",
        )
        .bind(conversation.0)
        .fetch_optional(self.lookup())
        .await?;
        Ok(row.and_then(|(company, project, item, kind)| {
            Some(ConversationFacts {
                id: conversation,
                company: CompanyId(company),
                project: project.map(ProjectId),
                item: item.map(ItemId),
                kind: ConversationKind::parse(&kind)?,
            })
        }))
    }
}

impl Tx {
    /// The item's conversation, if it has one.
    pub async fn item_conversation(
        &mut self,
        item: ItemId,
    ) -> Result<Option<ConversationId>, sqlx::Error> {
        let row: Option<(i64,)> = query_as("SELECT id FROM conversations WHERE item_id = ?")
            .bind(item.0)
            .fetch_optional(self.conn())
            .await?;
        Ok(row.map(|(id,)| ConversationId(id)))
    }

    /// Renames a group, or switches it to or from following the whole Directory.
    pub async fn update_group(
        &mut self,
        group: ConversationId,
        name: Option<&str>,
        everyone_in_directory: Option<bool>,
    ) -> Result<(), sqlx::Error> {
        query(
            "UPDATE conversations SET subject = COALESCE(?, subject),
                    everyone_in_directory = COALESCE(?, everyone_in_directory)
             WHERE id = ?",
        )
        .bind(name)
        .bind(everyone_in_directory)
        .bind(group.0)
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(())
    }

    /// The conversations `ids` as `reader` sees them, as this transaction sees them.
    pub async fn conversation_summaries(
        &mut self,
        reader: UserId,
        ids: &[ConversationId],
    ) -> Result<Vec<ConversationSummary>, sqlx::Error> {
        summaries(self.conn(), reader, ids).await
    }

    /// The reader's count of unread messages (from others, not deleted) in the conversation.
    pub async fn unread_count(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
    ) -> Result<u32, sqlx::Error> {
        let sql = format!(
            "SELECT COUNT(*) FROM conversations c
             JOIN messages m ON m.conversation_id = c.id
             LEFT JOIN conversation_states st ON st.conversation_id = c.id AND st.user_id = ?1
             WHERE c.id = ?2 AND {UNREAD}"
        );
        let (count,): (i64,) =
            query_as(&sql).bind(reader.0).bind(conversation.0).fetch_one(self.conn()).await?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    /// The conversation this user started with this idempotency key ("+ Créer"), if any.
    pub async fn conversation_started_with(
        &mut self,
        user: UserId,
        key: &str,
    ) -> Result<Option<ConversationId>, sqlx::Error> {
        let row: Option<(i64,)> =
            query_as("SELECT id FROM conversations WHERE created_by = ? AND started_with_key = ?")
                .bind(user.0)
                .bind(key)
                .fetch_optional(self.conn())
                .await?;
        Ok(row.map(|(id,)| ConversationId(id)))
    }

    /// The direct conversation with this key in the company, if one exists.
    pub async fn direct_conversation_by_key(
        &mut self,
        company: CompanyId,
        direct_key: &str,
    ) -> Result<Option<ConversationId>, sqlx::Error> {
        let row: Option<(i64,)> =
            query_as("SELECT id FROM conversations WHERE company_id = ? AND direct_key = ?")
                .bind(company.0)
                .bind(direct_key)
                .fetch_optional(self.conn())
                .await?;
        Ok(row.map(|(id,)| ConversationId(id)))
    }

    /// Creates a conversation with its participants.
    pub async fn insert_conversation(
        &mut self,
        new: &NewConversation,
    ) -> Result<ConversationId, sqlx::Error> {
        let (id,): (i64,) = query_as(
            "INSERT INTO conversations
               (company_id, project_id, item_id, kind, subject, direct_key, started_with_key,
                everyone_in_directory, created_by, created_at, last_activity_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(new.company.0)
        .bind(new.project.map(|p| p.0))
        .bind(new.item.map(|i| i.0))
        .bind(new.kind.as_str())
        .bind(new.subject.as_deref())
        .bind(new.direct_key.as_deref())
        .bind(new.started_with.as_deref())
        .bind(new.everyone_in_directory)
        .bind(new.created_by.0)
        .bind(new.now.0)
        .bind(new.now.0)
        .fetch_one(self.conn())
        .await?;
        let id = ConversationId(id);
        self.set_participants(id, &new.participants).await?;
        Ok(id)
    }

    /// Replaces the conversation's designated participants.
    pub async fn set_participants(
        &mut self,
        conversation: ConversationId,
        users: &[UserId],
    ) -> Result<(), sqlx::Error> {
        query("DELETE FROM conversation_participants WHERE conversation_id = ?")
            .bind(conversation.0)
            .execute(self.conn())
            .await
            .map(drop)?;
        self.link_users("conversation_participants", "conversation_id", conversation.0, users)
            .await?;
        Ok(())
    }

    /// Moves the reader's read position forward to `message` (never backward).
    pub async fn advance_read_position(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
        message: MessageId,
    ) -> Result<(), sqlx::Error> {
        query(
            "INSERT INTO conversation_states (conversation_id, user_id, last_read_message_id)
             VALUES (?, ?, ?)
             ON CONFLICT (conversation_id, user_id) DO UPDATE
             SET last_read_message_id =
                 CASE WHEN excluded.last_read_message_id > conversation_states.last_read_message_id
                 THEN excluded.last_read_message_id
                 ELSE conversation_states.last_read_message_id END",
        )
        .bind(conversation.0)
        .bind(reader.0)
        .bind(message.0)
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(())
    }

    /// Sets the reader's read position, forward or backward ("mark as unread").
    pub async fn set_read_position(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
        last_read: i64,
    ) -> Result<(), sqlx::Error> {
        query(
            "INSERT INTO conversation_states (conversation_id, user_id, last_read_message_id)
             VALUES (?, ?, ?)
             ON CONFLICT (conversation_id, user_id) DO UPDATE
             SET last_read_message_id = excluded.last_read_message_id",
        )
        .bind(conversation.0)
        .bind(reader.0)
        .bind(last_read)
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(())
    }

    /// Moves the reader's read position to the conversation's newest message.
    pub async fn mark_all_read(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
    ) -> Result<(), sqlx::Error> {
        let (newest,): (i64,) =
            query_as("SELECT COALESCE(MAX(id), 0) FROM messages WHERE conversation_id = ?")
                .bind(conversation.0)
                .fetch_one(self.conn())
                .await?;
        self.set_read_position(conversation, reader, newest).await
    }

    /// Stars or unstars the conversation for the reader.
    pub async fn set_starred(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
        starred: bool,
    ) -> Result<(), sqlx::Error> {
        query(
            "INSERT INTO conversation_states (conversation_id, user_id, starred) VALUES (?, ?, ?)
             ON CONFLICT (conversation_id, user_id) DO UPDATE SET starred = excluded.starred",
        )
        .bind(conversation.0)
        .bind(reader.0)
        .bind(starred)
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(())
    }

    /// Hides (archives) or shows the conversation for the reader.
    pub async fn set_hidden(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
        hidden: bool,
    ) -> Result<(), sqlx::Error> {
        query(
            "INSERT INTO conversation_states (conversation_id, user_id, hidden) VALUES (?, ?, ?)
             ON CONFLICT (conversation_id, user_id) DO UPDATE SET hidden = excluded.hidden",
        )
        .bind(conversation.0)
        .bind(reader.0)
        .bind(hidden)
        .execute(self.conn())
        .await
        .map(drop)?;
        Ok(())
    }

    /// Brings the conversation back for everyone who hid it (a new message arrived).
    pub async fn unhide_for_all(
        &mut self,
        conversation: ConversationId,
    ) -> Result<(), sqlx::Error> {
        query("UPDATE conversation_states SET hidden = FALSE WHERE conversation_id = ? AND hidden")
            .bind(conversation.0)
            .execute(self.conn())
            .await
            .map(drop)?;
        Ok(())
    }

    /// Makes the user follow (or stop following) the conversation.
    pub async fn set_following(
        &mut self,
        conversation: ConversationId,
        user: UserId,
        following: bool,
    ) -> Result<(), sqlx::Error> {
        let sql = if following {
            "INSERT INTO conversation_followers (conversation_id, user_id) VALUES (?, ?)
             ON CONFLICT DO NOTHING"
        } else {
            "DELETE FROM conversation_followers WHERE conversation_id = ? AND user_id = ?"
        };
        query(sql).bind(conversation.0).bind(user.0).execute(self.conn()).await.map(drop)?;
        Ok(())
    }
}

/// The conversations `ids` as `reader` sees them, newest activity first.
async fn summaries(
    mut conn: Conn<'_>,
    reader: UserId,
    ids: &[ConversationId],
) -> Result<Vec<ConversationSummary>, sqlx::Error> {
    let ids_json = id_list(ids.iter().map(|c| c.0));
    let sql = format!(
        "SELECT c.id, c.kind, c.project_id, p.name AS project_name, p.number AS project_number,
                    c.item_id, i.tool AS item_tool, i.number AS item_number, i.title AS item_title,
                    i.is_private AS item_private, c.subject, c.everyone_in_directory,
                    c.created_at, c.last_activity_at, c.last_message_id,
                    COALESCE(st.last_read_message_id, 0) AS read_up_to,
                    (SELECT COUNT(*) FROM messages m WHERE {UNREAD}) AS unread,
                    (SELECT COUNT(*) FROM messages m
                     JOIN message_mentions mm ON mm.message_id = m.id AND mm.user_id = ?1
                     WHERE {UNREAD}) AS mentions,
                    COALESCE(st.starred, FALSE) AS starred, COALESCE(st.hidden, FALSE) AS hidden,
                    EXISTS (SELECT 1 FROM conversation_followers f
                            WHERE f.conversation_id = c.id AND f.user_id = ?1) AS following
             FROM conversations c
             LEFT JOIN projects p ON p.id = c.project_id
             LEFT JOIN items i ON i.id = c.item_id
             LEFT JOIN conversation_states st ON st.conversation_id = c.id AND st.user_id = ?1
             WHERE c.id IN (SELECT value FROM json_each(?2))
             ORDER BY c.last_activity_at DESC, c.id DESC"
    );
    let rows: Vec<SummaryRow> =
        query_as(&sql).bind(reader.0).bind(&ids_json).fetch_all(conn.reborrow()).await?;
    let mut participants = participants_of(conn, &ids_json).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some(ConversationSummary {
                id: ConversationId(row.id),
                kind: ConversationKind::parse(&row.kind)?,
                project: row.project_id.zip(row.project_name).map(|(id, name)| ProjectSummary {
                    id: ProjectId(id),
                    name,
                    number: row.project_number,
                }),
                item: match (row.item_id, row.project_id) {
                    (Some(id), Some(project)) => Some(ItemSummary {
                        id: ItemId(id),
                        project_id: ProjectId(project),
                        tool: row.item_tool.unwrap_or_default(),
                        number: row.item_number.unwrap_or_default(),
                        title: row.item_title.unwrap_or_default(),
                        is_private: row.item_private.unwrap_or_default(),
                    }),
                    _ => None,
                },
                subject: row.subject,
                participants: participants.remove(&row.id).unwrap_or_default(),
                everyone_in_directory: row.everyone_in_directory,
                created_at: Timestamp(row.created_at),
                last_activity_at: Timestamp(row.last_activity_at),
                last_message_id: row.last_message_id.map(MessageId),
                read_up_to: MessageId(row.read_up_to),
                unread_count: u32::try_from(row.unread).unwrap_or(u32::MAX),
                mention_count: u32::try_from(row.mentions).unwrap_or(u32::MAX),
                starred: row.starred,
                hidden: row.hidden,
                following: row.following,
            })
        })
        .collect())
}

/// The designated participants of each conversation of a JSON id list, by name.
async fn participants_of(
    conn: Conn<'_>,
    ids_json: &str,
) -> Result<HashMap<i64, Vec<Participant>>, sqlx::Error> {
    let rows: Vec<(i64, i64, String, bool)> = query_as(
        "SELECT cp.conversation_id, u.id, u.name, COALESCE(cm.is_external, FALSE)
             FROM conversation_participants cp
             JOIN conversations c ON c.id = cp.conversation_id
             JOIN users u ON u.id = cp.user_id
             LEFT JOIN company_members cm ON cm.company_id = c.company_id AND cm.user_id = u.id
             WHERE cp.conversation_id IN (SELECT value FROM json_each(?))
             ORDER BY u.name",
    )
    .bind(ids_json)
    .fetch_all(conn)
    .await?;
    let mut participants: HashMap<i64, Vec<Participant>> = HashMap::new();
    for (conversation, id, name, is_external) in rows {
        participants.entry(conversation).or_default().push(Participant {
            id: UserId(id),
            name,
            is_external,
        });
    }
    Ok(participants)
}
