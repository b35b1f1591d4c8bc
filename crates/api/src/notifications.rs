//! What a user wants to be notified of (PRODUCT.md section 5), per company.

use serde::{Deserialize, Serialize};

use crate::ConversationKind;

/// `GET`/`PUT /api/v1/me/notifications`: every new message, or some kinds of them. Whatever
/// is chosen, one is notified only of conversations one takes part in (or follows, or is
/// mentioned in), and may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPreferences {
    /// Every new message (the default); the kinds below apply only when this is off.
    pub everything: bool,
    /// Messages in direct conversations.
    pub direct_messages: bool,
    /// Messages in groups.
    pub group_messages: bool,
    /// Messages in item conversations one follows.
    pub item_messages: bool,
    /// Messages that mention one.
    pub mentions: bool,
    /// Messages in a project's company and confidential conversations.
    pub project_messages: bool,
}

impl Default for NotificationPreferences {
    fn default() -> Self {
        Self {
            everything: true,
            direct_messages: true,
            group_messages: true,
            item_messages: true,
            mentions: true,
            project_messages: true,
        }
    }
}

impl NotificationPreferences {
    /// Whether a new message of this kind of conversation (mentioning the user or not) is
    /// one the user wants to be notified of.
    pub fn wants(&self, kind: ConversationKind, mentioned: bool) -> bool {
        let by_kind = match kind {
            ConversationKind::Direct => self.direct_messages,
            ConversationKind::Group => self.group_messages,
            ConversationKind::Item => self.item_messages,
            ConversationKind::Company | ConversationKind::Confidential => self.project_messages,
        };
        self.everything || by_kind || (mentioned && self.mentions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_preferences_pick_kinds_and_mentions() {
        assert!(NotificationPreferences::default().wants(ConversationKind::Company, false));
        let only_mentions = NotificationPreferences {
            everything: false,
            direct_messages: false,
            group_messages: false,
            item_messages: false,
            mentions: true,
            project_messages: false,
        };
        assert!(!only_mentions.wants(ConversationKind::Direct, false));
        assert!(only_mentions.wants(ConversationKind::Direct, true));
        let direct =
            NotificationPreferences { direct_messages: true, mentions: false, ..only_mentions };
        assert!(direct.wants(ConversationKind::Direct, false));
        assert!(!direct.wants(ConversationKind::Group, true));
    }
}
