//! Logging in and who is logged in.

use serde::{Deserialize, Serialize};

use crate::{CompanyId, UserId};

/// `POST /api/v1/session`: log in with e-mail and password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// The user's e-mail address (case-insensitive).
    pub email: String,
    /// The user's password.
    pub password: String,
}

/// `GET /api/v1/me`: the logged-in user and the company the session is scoped to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The user's id.
    pub id: UserId,
    /// The user's display name.
    pub name: String,
    /// The user's e-mail address.
    pub email: String,
    /// The company this session shows; every request is scoped to it.
    pub company: CompanyMembership,
    /// Every company the user belongs to, the current one included.
    pub companies: Vec<CompanyMembership>,
    /// Whether the current company lets authors edit and delete their messages (within 5
    /// minutes); the client offers it only then, the server enforces it always.
    pub edit_delete: bool,
    /// Whether the user may create groups and change their names and members here (the
    /// company's setting); the client offers it only then, the server enforces it always.
    #[serde(default)]
    pub manage_groups: bool,
}

/// One company a user belongs to, and what the user is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyMembership {
    /// The company's id.
    pub id: CompanyId,
    /// The company's name.
    pub name: String,
    /// External users are subcontractors or clients; internal ones are employees.
    pub is_external: bool,
    /// Company admins configure the Conversations tool (and read nothing more for it).
    pub is_admin: bool,
}

/// `PUT /api/v1/session/company`: show another of the user's companies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SwitchCompany {
    /// The company to show.
    pub company_id: CompanyId,
}
