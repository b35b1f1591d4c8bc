//! Conversations, their participants and read positions.

use std::collections::HashMap;

use parlons_api::{
    CompanyId, ConversationId, ConversationKind, ConversationSummary, MessageId, Participant,
    ProjectId, ProjectSummary, Timestamp, UserId,
};

use super::{Store, Tx};

/// A conversation to create.
#[derive(Debug, Clone)]
pub struct NewConversation {
    /// The company it belongs to.
    pub company: CompanyId,
    /// Its project, if any.
    pub project: Option<ProjectId>,
    /// Its kind.
    pub kind: ConversationKind,
    /// Its subject or name.
    pub subject: Option<String>,
    /// For direct conversations, the key that makes the same people in the same project get
    /// the same conversation back.
    pub direct_key: Option<String>,
    /// Who created it.
    pub created_by: UserId,
    /// Everyone taking part, the creator included.
    pub participants: Vec<UserId>,
    /// When.
    pub now: Timestamp,
}

/// What the access rules need to know about a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversationFacts {
    /// The conversation.
    pub id: ConversationId,
    /// Its company.
    pub company: CompanyId,
    /// Its project, if any.
    pub project: Option<ProjectId>,
    /// Its kind.
    pub kind: ConversationKind,
}

type SummaryRow = (
    i64,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    i64,
    Option<i64>,
    i64,
);

impl Store {
    /// The conversation, whatever the reader; `None` if there is none with this id.
    pub async fn conversation_facts(
        &self,
        conversation: ConversationId,
    ) -> Result<Option<ConversationFacts>, sqlx::Error> {
        let row: Option<(i64, Option<i64>, String)> =
            sqlx::query_as("SELECT company_id, project_id, kind FROM conversations WHERE id = ?")
                .bind(conversation.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(company, project, kind)| {
            Some(ConversationFacts {
                id: conversation,
                company: CompanyId(company),
                project: project.map(ProjectId),
                kind: ConversationKind::parse(&kind)?,
            })
        }))
    }

    /// Whether the user takes part in the conversation.
    pub async fn is_participant(
        &self,
        conversation: ConversationId,
        user: UserId,
    ) -> Result<bool, sqlx::Error> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT 1 FROM conversation_participants WHERE conversation_id = ? AND user_id = ?",
        )
        .bind(conversation.0)
        .bind(user.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }

    /// The conversations `reader` takes part in within the company, newest activity first,
    /// as `reader` sees them; only `only` when given.
    pub async fn conversation_summaries(
        &self,
        company: CompanyId,
        reader: UserId,
        only: Option<ConversationId>,
    ) -> Result<Vec<ConversationSummary>, sqlx::Error> {
        let rows: Vec<SummaryRow> = sqlx::query_as(
            "SELECT c.id, c.kind, c.project_id, p.name, p.number, c.subject,
                    c.created_at, c.last_activity_at, c.last_message_id,
                    (SELECT COUNT(*) FROM messages m
                     WHERE m.conversation_id = c.id AND m.id > cp.last_read_message_id
                       AND m.author_id <> cp.user_id) AS unread
             FROM conversation_participants cp
             JOIN conversations c ON c.id = cp.conversation_id
             LEFT JOIN projects p ON p.id = c.project_id
             WHERE cp.user_id = ? AND c.company_id = ? AND (? IS NULL OR c.id = ?)
             ORDER BY c.last_activity_at DESC, c.id DESC",
        )
        .bind(reader.0)
        .bind(company.0)
        .bind(only.map(|c| c.0))
        .bind(only.map(|c| c.0))
        .fetch_all(&self.pool)
        .await?;

        let participant_rows: Vec<(i64, i64, String, bool)> = sqlx::query_as(
            "SELECT cp.conversation_id, u.id, u.name, COALESCE(cm.is_external, 0)
             FROM conversation_participants cp
             JOIN conversations c ON c.id = cp.conversation_id
             JOIN users u ON u.id = cp.user_id
             LEFT JOIN company_members cm ON cm.company_id = c.company_id AND cm.user_id = u.id
             WHERE cp.conversation_id IN (SELECT conversation_id FROM conversation_participants
                                          WHERE user_id = ?)
               AND c.company_id = ? AND (? IS NULL OR c.id = ?)
             ORDER BY u.name",
        )
        .bind(reader.0)
        .bind(company.0)
        .bind(only.map(|c| c.0))
        .bind(only.map(|c| c.0))
        .fetch_all(&self.pool)
        .await?;
        let mut participants: HashMap<i64, Vec<Participant>> = HashMap::new();
        for (conversation, id, name, is_external) in participant_rows {
            participants.entry(conversation).or_default().push(Participant {
                id: UserId(id),
                name,
                is_external,
            });
        }

        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let (
                    id,
                    kind,
                    project_id,
                    project_name,
                    project_number,
                    subject,
                    created,
                    last,
                    last_message,
                    unread,
                ) = row;
                Some(ConversationSummary {
                    id: ConversationId(id),
                    kind: ConversationKind::parse(&kind)?,
                    project: project_id.zip(project_name).map(|(id, name)| ProjectSummary {
                        id: ProjectId(id),
                        name,
                        number: project_number,
                    }),
                    subject,
                    participants: participants.remove(&id).unwrap_or_default(),
                    created_at: Timestamp(created),
                    last_activity_at: Timestamp(last),
                    last_message_id: last_message.map(MessageId),
                    unread_count: u32::try_from(unread).unwrap_or(u32::MAX),
                })
            })
            .collect())
    }
}

impl Tx {
    /// The reader's count of unread messages (from others) in the conversation.
    pub async fn unread_count(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
    ) -> Result<u32, sqlx::Error> {
        let (count,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM messages m
             JOIN conversation_participants cp
               ON cp.conversation_id = m.conversation_id AND cp.user_id = ?
             WHERE m.conversation_id = ? AND m.id > cp.last_read_message_id AND m.author_id <> ?",
        )
        .bind(reader.0)
        .bind(conversation.0)
        .bind(reader.0)
        .fetch_one(&mut *self.inner)
        .await?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    /// The direct conversation with this key in the company, if one exists.
    pub async fn direct_conversation_by_key(
        &mut self,
        company: CompanyId,
        direct_key: &str,
    ) -> Result<Option<ConversationId>, sqlx::Error> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM conversations WHERE company_id = ? AND direct_key = ?")
                .bind(company.0)
                .bind(direct_key)
                .fetch_optional(&mut *self.inner)
                .await?;
        Ok(row.map(|(id,)| ConversationId(id)))
    }

    /// Creates a conversation with its participants.
    pub async fn insert_conversation(
        &mut self,
        new: &NewConversation,
    ) -> Result<ConversationId, sqlx::Error> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO conversations
               (company_id, project_id, kind, subject, direct_key, created_by, created_at,
                last_activity_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(new.company.0)
        .bind(new.project.map(|p| p.0))
        .bind(new.kind.as_str())
        .bind(new.subject.as_deref())
        .bind(new.direct_key.as_deref())
        .bind(new.created_by.0)
        .bind(new.now.0)
        .bind(new.now.0)
        .fetch_one(&mut *self.inner)
        .await?;
        for user in &new.participants {
            sqlx::query(
                "INSERT INTO conversation_participants (conversation_id, user_id) VALUES (?, ?)",
            )
            .bind(id)
            .bind(user.0)
            .execute(&mut *self.inner)
            .await?;
        }
        Ok(ConversationId(id))
    }

    /// The conversation's participants.
    pub async fn participants(
        &mut self,
        conversation: ConversationId,
    ) -> Result<Vec<UserId>, sqlx::Error> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT user_id FROM conversation_participants WHERE conversation_id = ?",
        )
        .bind(conversation.0)
        .fetch_all(&mut *self.inner)
        .await?;
        Ok(rows.into_iter().map(|(id,)| UserId(id)).collect())
    }

    /// Moves the reader's read position forward to `message` (never backward).
    pub async fn advance_read_position(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
        message: MessageId,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE conversation_participants
             SET last_read_message_id = MAX(last_read_message_id, ?)
             WHERE conversation_id = ? AND user_id = ?",
        )
        .bind(message.0)
        .bind(conversation.0)
        .bind(reader.0)
        .execute(&mut *self.inner)
        .await?;
        Ok(())
    }

    /// Moves the reader's read position to the conversation's newest message.
    pub async fn mark_all_read(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE conversation_participants
             SET last_read_message_id = (SELECT COALESCE(MAX(id), 0) FROM messages
                                         WHERE conversation_id = ?)
             WHERE conversation_id = ? AND user_id = ?",
        )
        .bind(conversation.0)
        .bind(conversation.0)
        .bind(reader.0)
        .execute(&mut *self.inner)
        .await?;
        Ok(())
    }
}
