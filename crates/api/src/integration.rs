//! The integration API (`/api/v1/integration/...`): how the host product tells the backend
//! about its users, projects, Directories, distribution groups and items. Every call is an
//! idempotent upsert keyed by the host product's own ids, authenticated by the company's
//! bearer token (`Authorization: Bearer <token>`), and scoped to that company.

use serde::{Deserialize, Serialize};

use crate::ToolLevel;

/// `PUT /integration/users/{external_id}`: a person of the company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpsertUser {
    /// E-mail address (also the login).
    pub email: String,
    /// Display name.
    pub name: String,
    /// Subcontractor or client rather than employee.
    pub is_external: bool,
    /// Company admin.
    pub is_admin: bool,
    /// A password to log in with, if the host product does not sign its users in itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// `PUT /integration/projects/{external_id}`: a project (a client file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpsertProject {
    /// Its name.
    pub name: String,
    /// Its number, if any.
    pub number: Option<String>,
}

/// `PUT /integration/projects/{project}/directory/{user}`: someone in a project's Directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpsertDirectoryMember {
    /// Project admin.
    pub is_project_admin: bool,
    /// Has the project in their favourites.
    pub is_favourite: bool,
}

/// `PUT /integration/projects/{project}/distribution-groups/{external_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpsertDistributionGroup {
    /// Its name.
    pub name: String,
    /// Its members, by the host product's user ids (all in the project's Directory).
    pub member_external_ids: Vec<String>,
}

/// `PUT /integration/projects/{project}/items/{external_id}`: an item of another tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpsertItem {
    /// Its tool (`"rfi"`, `"submittal"`...).
    pub tool: String,
    /// Its number in that tool.
    pub number: String,
    /// Its title.
    pub title: String,
    /// Private: seen only by the people of `access_external_ids`.
    pub is_private: bool,
    /// For a private item, who may see it (the host product's user ids).
    #[serde(default)]
    pub access_external_ids: Vec<String>,
}

/// `PUT /integration/projects/{project}/permissions/{user}/{tool}`: a user's permission on a
/// tool of a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetToolPermission {
    /// The level.
    pub level: ToolLevel,
}

/// The backend's id of what an upsert created or updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Upserted {
    /// The id.
    pub id: i64,
}

/// `POST /admin/integration-token`: a new bearer token for the integration API; the old one
/// stops working. Shown once: only its hash is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntegrationToken {
    /// The token.
    pub token: String,
}
