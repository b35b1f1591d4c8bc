//! Conversations as the sidebar lists them, and creating them.

use serde::{Deserialize, Serialize};

use crate::{
    ConversationId, ItemSummary, MessageId, ProjectId, ProjectSummary, SendMessage, Timestamp,
    UserId,
};

/// The five kinds of conversation of PRODUCT.md section 2; each has its own readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConversationKind {
    /// Only its participants (2 to 100), optionally within a project ("Privé").
    Direct,
    /// A named group of a project's members.
    Group,
    /// The conversation of one item (an RFI, a submittal...).
    Item,
    /// A project's non-confidential conversation ("Entreprise").
    Company,
    /// A project's confidential conversation ("Confidentiel").
    Confidential,
}

/// A conversation as the reader sees it in the sidebar: what it is and what is unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationSummary {
    /// The conversation's id.
    pub id: ConversationId,
    /// Its kind.
    pub kind: ConversationKind,
    /// The project it belongs to, if any.
    pub project: Option<ProjectSummary>,
    /// The item of an item conversation.
    pub item: Option<ItemSummary>,
    /// Its subject (or a group's name); direct messages without one are named after people.
    pub subject: Option<String>,
    /// The designated participants (a group's members, an item's followers are apart).
    pub participants: Vec<Participant>,
    /// A group that follows its project's whole Directory.
    pub everyone_in_directory: bool,
    /// When it was created.
    pub created_at: Timestamp,
    /// When its newest message was sent (its creation time while it has none).
    pub last_activity_at: Timestamp,
    /// The newest message's id, if any.
    pub last_message_id: Option<MessageId>,
    /// The newest message the reader has seen (0: none): where the "new messages" line goes.
    pub read_up_to: MessageId,
    /// Messages from others after the reader's read position.
    pub unread_count: u32,
    /// Of those, the ones that mention the reader.
    pub mention_count: u32,
    /// Starred by the reader.
    pub starred: bool,
    /// Hidden (archived) by the reader until a new message arrives.
    pub hidden: bool,
    /// For item conversations: whether the reader follows it (is notified of every message).
    pub following: bool,
}

/// `GET /api/v1/unread`: what is unread across every conversation the user may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadTotals {
    /// Unread messages (the header's count).
    pub messages: u32,
    /// Of those, the ones mentioning the user.
    pub mentions: u32,
}

/// A person taking part in a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participant {
    /// The person's id.
    pub id: UserId,
    /// The person's display name.
    pub name: String,
    /// Subcontractor or client rather than employee.
    pub is_external: bool,
}

/// `POST /api/v1/conversations/direct`: start a direct conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateDirectConversation {
    /// The project whose Directory the participants come from; `None` for a company-wide one.
    pub project_id: Option<ProjectId>,
    /// The other participants, at least one (the creator is added by the server).
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub participant_ids: Vec<UserId>,
}

/// `POST /api/v1/conversations`: the "+ Créer" flow, a new conversation with its subject and
/// first message: `company` ("Entreprise"), `confidential` ("Confidentiel") or `direct`
/// ("Privé", always a new conversation, unlike [`CreateDirectConversation`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateConversation {
    /// `company`, `confidential` or `direct`.
    pub kind: ConversationKind,
    /// The project (required for `company` and `confidential`).
    pub project_id: Option<ProjectId>,
    /// The designated participants (the creator is added by the server).
    pub participant_ids: Vec<UserId>,
    /// The subject: 1 to 200 characters, spaces around it left out.
    #[cfg_attr(feature = "openapi", schema(max_length = 200, pattern = "\\S"))]
    pub subject: String,
    /// The first message.
    pub message: SendMessage,
}

/// `POST /api/v1/conversations/preview`: who a "+ Créer" conversation would reach, before it
/// is sent — the rule of PRODUCT.md section 2 applied by the server to the card, project and
/// participants chosen so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewConversation {
    /// `company`, `confidential` or `direct`.
    pub kind: ConversationKind,
    /// The project (required for `company` and `confidential`).
    pub project_id: Option<ProjectId>,
    /// The designated participants (the creator is added by the server).
    pub participant_ids: Vec<UserId>,
}

/// The answer to [`PreviewConversation`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationPreview {
    /// Everyone who would be able to read it, by name, the creator included.
    pub readers: Vec<crate::DirectoryMember>,
    /// Who could be @mentioned in its first message, by name, the creator aside.
    pub mentionable: Vec<crate::DirectoryMember>,
}

/// `POST /api/v1/groups`: create a group in a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateGroup {
    /// The project.
    pub project_id: ProjectId,
    /// The group's name: 1 to 100 characters, spaces around it left out.
    #[cfg_attr(feature = "openapi", schema(max_length = 100, pattern = "\\S"))]
    pub name: String,
    /// Its members (the creator is added by the server); ignored with `everyone_in_directory`.
    pub member_ids: Vec<UserId>,
    /// Follow the project's whole Directory, kept in sync.
    pub everyone_in_directory: bool,
}

/// `PATCH /api/v1/groups/{id}`: rename a group or change its members.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateGroup {
    /// A new name: 1 to 100 characters, spaces around it left out.
    #[cfg_attr(feature = "openapi", schema(max_length = 100, pattern = "\\S"))]
    pub name: Option<String>,
    /// The new list of members (replacing the old one).
    pub member_ids: Option<Vec<UserId>>,
    /// Switch to or from "everyone in the Directory".
    pub everyone_in_directory: Option<bool>,
}

impl ConversationKind {
    /// Every kind, in the order of PRODUCT.md.
    pub const ALL: [ConversationKind; 5] = [
        ConversationKind::Direct,
        ConversationKind::Group,
        ConversationKind::Item,
        ConversationKind::Company,
        ConversationKind::Confidential,
    ];

    /// The kind's name on the wire (`"direct"`, `"group"`...).
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationKind::Direct => "direct",
            ConversationKind::Group => "group",
            ConversationKind::Item => "item",
            ConversationKind::Company => "company",
            ConversationKind::Confidential => "confidential",
        }
    }

    /// The kind with this wire name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}
