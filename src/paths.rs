//! The app's addresses, built in one place; `app.rs` declares the routes that read them.

use parlons_api::{ConversationId, MessageId};

/// The login page.
pub const LOGIN: &str = "/login";
/// The conversations, none open.
pub const CONVERSATIONS: &str = "/conversations";
/// "+ Créer", on its default card.
pub const NEW: &str = "/new";
/// The admin pages (their own entry point, `src/admin.rs`), at the settings.
pub const ADMIN: &str = "/admin";
/// The admin page of the integration token.
pub const ADMIN_TOKEN: &str = "/admin/token";
/// The admin page of the export.
pub const ADMIN_EXPORT: &str = "/admin/export";
/// The admin page of the audit log.
pub const ADMIN_AUDIT_LOG: &str = "/admin/audit-log";

/// Whether an address is the admin pages', which the Conversations app does not route:
/// reaching them loads their own page.
pub fn is_admin(path: &str) -> bool {
    path == ADMIN || path.starts_with("/admin/") || path.starts_with("/admin?")
}

/// A form or card of "+ Créer" (`company`, `private`, `message`, `group`…).
pub fn new(slug: &str) -> String {
    format!("{NEW}/{slug}")
}

/// One conversation, at its newest messages.
pub fn conversation(id: ConversationId) -> String {
    format!("/conversations/{id}")
}

/// One conversation, at one of its messages (a search result), highlighted.
pub fn message(id: ConversationId, message: MessageId) -> String {
    format!("/conversations/{id}/messages/{message}")
}

/// The login page, coming back to `next` once logged in.
pub fn login_then(next: &str) -> String {
    let next = String::from(js_sys::encode_uri_component(next));
    format!("{LOGIN}?next={next}")
}

/// Where to go once logged in: `next` if it is one of the app's own addresses (never another
/// site's: `//elsewhere` or `https://…`), else the conversations.
pub fn after_login(next: Option<&str>) -> &str {
    match next {
        Some(next) if next.starts_with('/') && !next.starts_with("//") && next != LOGIN => next,
        _ => CONVERSATIONS,
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn addresses_and_where_a_login_leads() {
        assert_eq!(conversation(ConversationId(7)), "/conversations/7");
        assert_eq!(message(ConversationId(7), MessageId(90)), "/conversations/7/messages/90");
        assert_eq!(login_then("/conversations/7"), "/login?next=%2Fconversations%2F7");
        assert_eq!(after_login(Some("/conversations/7")), "/conversations/7");
        assert_eq!(after_login(Some("//evil.example/x")), CONVERSATIONS);
        assert_eq!(after_login(Some("https://evil.example/")), CONVERSATIONS);
        assert_eq!(after_login(Some(LOGIN)), CONVERSATIONS);
        assert_eq!(after_login(None), CONVERSATIONS);
        assert!(is_admin("/admin") && is_admin("/admin/export") && is_admin(ADMIN_AUDIT_LOG));
        assert!(!is_admin("/administration") && !is_admin("/conversations"));
    }
}
