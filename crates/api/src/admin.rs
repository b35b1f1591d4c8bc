//! What company admins read: the audited export and the audit log.

use serde::{Deserialize, Serialize};

use crate::{
    ConversationId, ConversationKind, Deletion, Document, ItemSummary, MessageId, Participant,
    ProjectSummary, Timestamp,
};

/// `GET /api/v1/admin/export?from=MS&to=MS`: every conversation of the company with messages
/// sent in `[from, to)`, with those messages, their edits and deletions. Every export is
/// written to the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ExportQuery {
    /// The period's start (included).
    pub from: Timestamp,
    /// The period's end (excluded).
    pub to: Timestamp,
}

/// The export file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Export {
    /// The company's name.
    pub company: String,
    /// The period's start.
    pub from: Timestamp,
    /// The period's end.
    pub to: Timestamp,
    /// When the export was made.
    pub generated_at: Timestamp,
    /// Who made it.
    pub generated_by: Participant,
    /// The conversations with messages in the period.
    pub conversations: Vec<ExportedConversation>,
}

/// A conversation in an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedConversation {
    /// Its id.
    pub id: ConversationId,
    /// Its kind.
    pub kind: ConversationKind,
    /// Its project.
    pub project: Option<ProjectSummary>,
    /// Its item.
    pub item: Option<ItemSummary>,
    /// Its subject or name.
    pub subject: Option<String>,
    /// When it was created.
    pub created_at: Timestamp,
    /// Its designated participants.
    pub participants: Vec<Participant>,
    /// Its messages of the period, oldest first.
    pub messages: Vec<ExportedMessage>,
}

/// A message in an export: everything, deleted text and former versions included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedMessage {
    /// Its id.
    pub id: MessageId,
    /// The message it replies to.
    pub parent_id: Option<MessageId>,
    /// Its author.
    pub author: Participant,
    /// When it was sent.
    pub created_at: Timestamp,
    /// Its current text (for a deleted message, the text it had when deleted).
    pub body: Document,
    /// When it was last edited.
    pub edited_at: Option<Timestamp>,
    /// Its deletion.
    pub deleted: Option<Deletion>,
    /// Its former versions, oldest first.
    pub revisions: Vec<Revision>,
    /// Its attachments (names, sizes, types).
    pub attachments: Vec<AttachmentMetadata>,
}

/// A former version of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revision {
    /// The text it had.
    pub body: Document,
    /// When it was replaced.
    pub replaced_at: Timestamp,
}

/// What an export says of an attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentMetadata {
    /// The file's name.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its media type.
    pub content_type: String,
}

/// `GET /api/v1/admin/audit-log`: one thing an admin did that must be answered for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Who.
    pub actor: Participant,
    /// What.
    pub action: AuditAction,
    /// When.
    pub at: Timestamp,
}

/// What an audited admin did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AuditAction {
    /// Exported the company's conversations of a period.
    Export {
        /// The period's start.
        from: Timestamp,
        /// The period's end.
        to: Timestamp,
    },
}
