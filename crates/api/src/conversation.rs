//! Conversations as the sidebar lists them, and creating them.

use serde::{Deserialize, Serialize};

use crate::{ConversationId, MessageId, ProjectId, ProjectSummary, Timestamp, UserId};

/// The five kinds of conversation of PRODUCT.md section 2; each has its own readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
pub struct ConversationSummary {
    /// The conversation's id.
    pub id: ConversationId,
    /// Its kind.
    pub kind: ConversationKind,
    /// The project it belongs to, if any.
    pub project: Option<ProjectSummary>,
    /// Its subject (or a group's name); direct messages without one are named after people.
    pub subject: Option<String>,
    /// Everyone taking part, the reader included.
    pub participants: Vec<Participant>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When its newest message was sent (its creation time while it has none).
    pub last_activity_at: Timestamp,
    /// The newest message's id, if any.
    pub last_message_id: Option<MessageId>,
    /// Messages from others after the reader's read position.
    pub unread_count: u32,
}

/// A person taking part in a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct CreateDirectConversation {
    /// The project whose Directory the participants come from; `None` for a company-wide one.
    pub project_id: Option<ProjectId>,
    /// The other participants (the creator is added by the server).
    pub participant_ids: Vec<UserId>,
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
