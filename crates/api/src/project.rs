//! Projects and their Directory, as far as conversations need them.

use serde::{Deserialize, Serialize};

use crate::{ProjectId, UserId};

/// A project the user is in the Directory of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectSummary {
    /// The project's id.
    pub id: ProjectId,
    /// The project's name ("Résidence Les Tilleuls", "Boulangerie Hugo SARL").
    pub name: String,
    /// The host product's project number, when it has one.
    pub number: Option<String>,
}

/// A person in a project's Directory: someone who may be messaged there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryMember {
    /// The person's id.
    pub id: UserId,
    /// The person's display name.
    pub name: String,
    /// Subcontractor or client rather than employee.
    pub is_external: bool,
}

/// A distribution group of a project: a name for many people at once, to add them together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DistributionGroup {
    /// The group's id.
    pub id: crate::DistributionGroupId,
    /// Its name ("Lots techniques").
    pub name: String,
    /// Its members (all in the project's Directory).
    pub member_ids: Vec<UserId>,
}
