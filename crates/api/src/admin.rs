//! What company admins read: the audited export and the audit log.

use serde::{Deserialize, Serialize};

use crate::{
    CompanySettings, ConversationId, ConversationKind, Deletion, Document, ItemSummary, MessageId,
    Participant, ProjectSummary, Timestamp,
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

/// `GET /api/v1/admin/audit-log`: a page of the company's audit log, newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditLogQuery {
    /// Only entries of this kind.
    pub action: Option<AuditActionKind>,
    /// Only entries older than this one (the `id` of the previous page's last entry).
    pub before: Option<i64>,
    /// At most this many entries (50 if not given).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

impl AuditLogQuery {
    /// A page's size when none is asked for.
    pub const DEFAULT_LIMIT: u32 = 50;
    /// The largest page.
    pub const MAX_LIMIT: u32 = 200;
}

/// One thing an admin did that must be answered for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Its place in the log (larger is newer): where the next page starts.
    pub id: i64,
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
    /// Changed the Conversations settings.
    SettingsChanged {
        /// The settings as they became.
        settings: CompanySettings,
    },
    /// Created a new integration token (the former one stopped working).
    IntegrationTokenRotated {},
}

/// The kinds of [`AuditAction`], to filter the log by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditActionKind {
    /// [`AuditAction::Export`].
    Export,
    /// [`AuditAction::SettingsChanged`].
    SettingsChanged,
    /// [`AuditAction::IntegrationTokenRotated`].
    IntegrationTokenRotated,
}

impl AuditActionKind {
    /// Every kind, in the order a filter lists them.
    pub const ALL: [AuditActionKind; 3] = [
        AuditActionKind::Export,
        AuditActionKind::SettingsChanged,
        AuditActionKind::IntegrationTokenRotated,
    ];

    /// Its name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditActionKind::Export => "export",
            AuditActionKind::SettingsChanged => "settings_changed",
            AuditActionKind::IntegrationTokenRotated => "integration_token_rotated",
        }
    }
}

impl AuditAction {
    /// Its kind.
    pub fn kind(&self) -> AuditActionKind {
        match self {
            AuditAction::Export { .. } => AuditActionKind::Export,
            AuditAction::SettingsChanged { .. } => AuditActionKind::SettingsChanged,
            AuditAction::IntegrationTokenRotated {} => AuditActionKind::IntegrationTokenRotated,
        }
    }
}
