//! Items: records of the host product's other tools (RFIs, submittals...).

use serde::{Deserialize, Serialize};

use crate::{ItemId, ProjectId};

/// An item as a conversation shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemSummary {
    /// The item's id.
    pub id: ItemId,
    /// Its project.
    pub project_id: ProjectId,
    /// Its tool (`"rfi"`, `"submittal"`...).
    pub tool: String,
    /// Its number in that tool.
    pub number: String,
    /// Its title.
    pub title: String,
    /// Private items are seen only by the people on their access list.
    pub is_private: bool,
}

/// `GET /api/v1/items/by-host-ids?project=…&item=…`: an item by the host product's ids,
/// for someone who may read it (the item panel opened with the person's own session).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ItemByHostIds {
    /// The item's project, by the host product's id.
    pub project: String,
    /// The item, by the host product's id.
    pub item: String,
}

/// A user's permission on a tool of a project, as the host product grants it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ToolLevel {
    /// No access to the tool.
    None,
    /// May read the tool's items: enough to read their conversations.
    ReadOnly,
    /// May work with the tool's items.
    Standard,
    /// Administers the tool.
    Admin,
}

impl ToolLevel {
    /// The name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ToolLevel::None => "none",
            ToolLevel::ReadOnly => "read_only",
            ToolLevel::Standard => "standard",
            ToolLevel::Admin => "admin",
        }
    }

    /// The level with this name.
    pub fn parse(name: &str) -> Option<Self> {
        [ToolLevel::None, ToolLevel::ReadOnly, ToolLevel::Standard, ToolLevel::Admin]
            .into_iter()
            .find(|level| level.as_str() == name)
    }
}
