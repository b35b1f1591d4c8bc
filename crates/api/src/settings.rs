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
    /// The host product's origins (`https://tool.example.com`, a port if not the scheme's)
    /// whose pages may embed the item-sidebar widget; no other site may frame it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub widget_origins: Vec<String>,
}

/// How many host origins may embed the widget.
pub const MAX_WIDGET_ORIGINS: usize = 20;

/// The origin a host page's address or origin names, as browsers write it
/// (`https://tool.example.com`, `http://127.0.0.1:8081`: lower case, no default port, no
/// path); `None` if it names none (no `http`/`https` scheme, a path, a user…).
pub fn widget_origin(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('/');
    let (scheme, rest) = text.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => "443",
        "http" => "80",
        _ => return None,
    };
    // `[::1]:8081` or `host:8081`: the port follows the last colon outside brackets.
    let (host, port) = match rest.rfind(':') {
        Some(colon) if !rest[colon..].contains(']') => (&rest[..colon], Some(&rest[colon + 1..])),
        _ => (rest, None),
    };
    let host_ok = !host.is_empty()
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.[]:".contains(&b))
        && (!host.contains(['[', ']', ':']) || host.starts_with('[') && host.ends_with(']'));
    let port_ok =
        port.is_none_or(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    if !host_ok || !port_ok {
        return None;
    }
    let host = host.to_ascii_lowercase();
    Some(match port {
        Some(port) if port != default_port => format!("{scheme}://{host}:{port}"),
        _ => format!("{scheme}://{host}"),
    })
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
            widget_origins: Vec::new(),
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

#[cfg(test)]
mod tests {
    use super::widget_origin;

    #[test]
    fn widget_origins_are_written_as_browsers_send_them() {
        let origin = |text| widget_origin(text);
        assert_eq!(
            origin("https://Tool.Example.com/").as_deref(),
            Some("https://tool.example.com")
        );
        assert_eq!(
            origin("https://tool.example.com:443").as_deref(),
            Some("https://tool.example.com")
        );
        assert_eq!(origin(" http://127.0.0.1:8081 ").as_deref(), Some("http://127.0.0.1:8081"));
        assert_eq!(origin("http://[::1]:8081").as_deref(), Some("http://[::1]:8081"));
        for refused in [
            "tool.example.com",
            "ftp://tool.example.com",
            "https://",
            "https://a/b",
            "https://user@tool.example.com",
            "https://tool.example.com:x",
            "javascript:alert(1)",
            "https://tool.example.com?x",
            "*",
            "http://[::1",
            "http://a:b:80",
        ] {
            assert_eq!(origin(refused), None, "{refused}");
        }
    }
}
