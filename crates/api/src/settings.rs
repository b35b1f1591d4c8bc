//! The company settings of the Conversations tool (company admins only).

use serde::{Deserialize, Serialize};

use crate::ProjectId;

/// How a company uses Conversations. Every setting is enforced by the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanySettings {
    /// Who may use Conversations at all.
    pub audience: Audience,
    /// `true`: every current and future project; `false`: only `selected_projects`.
    pub all_projects: bool,
    /// The projects Conversations is on when `all_projects` is `false`.
    pub selected_projects: Vec<ProjectId>,
    /// Who may start direct messages.
    pub direct_messages: DirectMessages,
    /// Whether items have conversations.
    pub item_conversations: bool,
    /// Whether authors may edit and delete their messages within 5 minutes.
    pub edit_delete: bool,
    /// Who may create and manage groups.
    pub group_managers: GroupManagers,
}

/// Who may use Conversations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Every user of the projects' Directories, internal or external.
    All,
    /// Internal employees only; external users see no conversation.
    Internal,
}

/// Who may start direct messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DirectMessages {
    /// Anyone.
    Everyone,
    /// Internal employees only (external users still take part when added).
    Internal,
    /// Nobody: direct conversations are not shown and cannot be started.
    Off,
}

/// Who may create and manage groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GroupManagers {
    /// Company admins only (the default).
    Admins,
    /// Internal employees (and admins).
    Internal,
    /// Everyone in the project's Directory.
    Everyone,
}

impl GroupManagers {
    /// Whether a member of the company (an admin or not, external or not) may create groups
    /// and change their names and members.
    pub fn allow(self, is_admin: bool, is_external: bool) -> bool {
        match self {
            GroupManagers::Admins => is_admin,
            GroupManagers::Internal => is_admin || !is_external,
            GroupManagers::Everyone => true,
        }
    }
}

impl Default for CompanySettings {
    fn default() -> Self {
        Self {
            audience: Audience::All,
            all_projects: true,
            selected_projects: Vec::new(),
            direct_messages: DirectMessages::Everyone,
            item_conversations: true,
            edit_delete: true,
            group_managers: GroupManagers::Admins,
        }
    }
}

macro_rules! wire_names {
    ($($ty:ident { $($variant:ident => $name:literal),* $(,)? })*) => {$(
        impl $ty {
            /// The name on the wire and in the database.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),* }
            }

            /// The value with this name.
            pub fn parse(name: &str) -> Option<Self> {
                match name { $($name => Some($ty::$variant),)* _ => None }
            }
        }
    )*};
}

wire_names! {
    Audience { All => "all", Internal => "internal" }
    DirectMessages { Everyone => "everyone", Internal => "internal", Off => "off" }
    GroupManagers { Admins => "admins", Internal => "internal", Everyone => "everyone" }
}
