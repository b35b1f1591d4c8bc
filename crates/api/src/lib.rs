//! The Parlons HTTP API, as types: what the SPA sends and receives and what any backend
//! speaking the API must accept and produce. Serde only, so it compiles for the browser
//! (wasm32) and for the server alike.
//!
//! Every route lives under [`API_PREFIX`]. Errors are always an [`ErrorBody`].

mod admin;
mod attachment;
mod auth;
mod conversation;
mod error;
mod event;
mod ids;
mod integration;
mod item;
mod message;
mod notifications;
mod project;
pub mod rich_text;
mod search;
mod settings;
mod time;
mod widget;

pub use admin::{
    AttachmentMetadata, AuditAction, AuditActionKind, AuditEntry, AuditLogQuery, Export,
    ExportQuery, ExportedConversation, ExportedMessage, Revision,
};
pub use attachment::{
    Attachment, ImageSize, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE, TUS_VERSION,
};
pub use auth::{CompanyMembership, LoginRequest, Me, SwitchCompany};
pub use conversation::{
    ConversationKind, ConversationPreview, ConversationSummary, CreateConversation,
    CreateDirectConversation, CreateGroup, Participant, PreviewConversation, UnreadTotals,
    UpdateGroup,
};
pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use event::{Event, HEARTBEAT_EVENT, HEARTBEAT_SECONDS};
pub use ids::{
    AttachmentId, CompanyId, ConversationId, DistributionGroupId, ItemId, MessageId, ProjectId,
    UserId,
};
pub use integration::{
    IntegrationToken, SetToolPermission, UpsertDirectoryMember, UpsertDistributionGroup,
    UpsertItem, UpsertProject, UpsertUser, Upserted,
};
pub use item::{ItemByHostIds, ItemSummary, ToolLevel};
pub use message::{
    DEFAULT_PAGE_SIZE, Deletion, EDIT_WINDOW_MS, EditMessage, MAX_PAGE_SIZE, MarkRead, Message,
    MessagePage, PageAt, SendMessage,
};
pub use notifications::NotificationPreferences;
pub use project::{DirectoryMember, DistributionGroup, ProjectSummary};
pub use rich_text::Document;
pub use search::{SearchQuery, SearchResults};
pub use settings::{
    Audience, CompanySettings, DirectMessages, GroupManagers, MAX_WIDGET_ORIGINS, widget_origin,
};
pub use time::Timestamp;
pub use widget::{
    CreateWidgetTicket, ExchangeWidgetTicket, WIDGET_TICKET_LIFETIME_MS, WidgetSession,
    WidgetTicket,
};

/// The path every API route starts with.
pub const API_PREFIX: &str = "/api/v1";

/// Fewest people in a direct conversation, its creator included.
pub const MIN_DIRECT_PARTICIPANTS: usize = 2;
/// Most people in a direct conversation, its creator included (PRODUCT.md section 2).
pub const MAX_DIRECT_PARTICIPANTS: usize = 100;
/// Most members of a group, its creator included (PRODUCT.md section 2).
pub const MAX_GROUP_MEMBERS: usize = 2_000;
