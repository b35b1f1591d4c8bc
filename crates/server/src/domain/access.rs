//! Who may read a conversation: PRODUCT.md section 2, as one pure function.
//!
//! Every request and every event asks [`may_read`], with facts the store gathers fresh each
//! time, so a change of Directory, favourite, item access, group or setting takes effect at
//! once. Being company admin grants no reading right by itself.
//!
//! Decisions where PRODUCT.md leaves room:
//! - Every kind that belongs to a project also requires the reader to be in its Directory (or
//!   to be a company admin who was designated as a participant): whoever is removed from a
//!   Directory loses every conversation of that project at once.
//! - In `confidential` conversations, designated *internal* participants may read too, as
//!   designated participants do in every other kind; externals only that way.
//! - `direct_messages = off` hides direct conversations (nothing is deleted: switching it back
//!   on shows them again); `internal` only limits who may *start* one.
//! - `item_conversations = off` hides item conversations the same way.
//! - With `audience = internal`, external users read nothing.
//! - With selected projects, conversations of the other projects are hidden; direct
//!   conversations without a project stay.

use parlons_api::{Audience, ConversationKind, DirectMessages, ToolLevel};

/// What the rules need to know about a conversation, for one reader, at this moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessFacts {
    /// The conversation's kind.
    pub kind: ConversationKind,
    /// Whether it belongs to a project.
    pub has_project: bool,
    /// Whether Conversations is on for its project (always true without a project).
    pub project_enabled: bool,
    /// Its item is private.
    pub item_private: bool,
    /// A group that follows the whole Directory.
    pub everyone_in_directory: bool,
    /// At least one designated participant is an external user who favourites the project.
    pub external_favouriter_participates: bool,
    /// The company's settings that bear on reading.
    pub audience: Audience,
    /// Direct messages setting.
    pub direct_messages: DirectMessages,
    /// Item conversations setting.
    pub item_conversations: bool,
    /// The reader, as they stand now.
    pub reader: ReaderFacts,
}

/// What the rules need to know about the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReaderFacts {
    /// Belongs to the conversation's company.
    pub in_company: bool,
    /// External (subcontractor, client) in that company.
    pub is_external: bool,
    /// Company admin.
    pub is_admin: bool,
    /// In the Directory of the conversation's project.
    pub in_directory: bool,
    /// Has that project in their favourites.
    pub favourite: bool,
    /// A designated participant (a direct message's people, a group's members...).
    pub participant: bool,
    /// Their permission on the item's tool (item conversations).
    pub tool_level: Option<ToolLevel>,
    /// On the private item's access list.
    pub on_access_list: bool,
}

/// Whether the reader may read (and so reply to, and hear of) the conversation now.
pub fn may_read(facts: &AccessFacts) -> bool {
    let reader = &facts.reader;
    if !reader.in_company || (facts.audience == Audience::Internal && reader.is_external) {
        return false;
    }
    if facts.has_project && !facts.project_enabled {
        return false;
    }
    // Participants of a project's conversation must still be in its Directory, unless they
    // are company admins (who may be added anywhere).
    let designated =
        reader.participant && (!facts.has_project || reader.in_directory || reader.is_admin);
    match facts.kind {
        ConversationKind::Direct => facts.direct_messages != DirectMessages::Off && designated,
        ConversationKind::Group => {
            designated || (facts.everyone_in_directory && reader.in_directory)
        }
        ConversationKind::Item => {
            facts.item_conversations
                && reader.in_directory
                && reader.tool_level.is_some_and(|level| level >= ToolLevel::ReadOnly)
                && (!facts.item_private || reader.on_access_list)
        }
        ConversationKind::Company => {
            // External favouriters read only once one of them is a designated participant.
            let favouriter = reader.in_directory && reader.favourite;
            designated
                || (favouriter && (!reader.is_external || facts.external_favouriter_participates))
        }
        ConversationKind::Confidential => {
            designated || (reader.in_directory && reader.favourite && !reader.is_external)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(kind: ConversationKind, reader: ReaderFacts) -> AccessFacts {
        AccessFacts {
            kind,
            has_project: kind != ConversationKind::Direct,
            project_enabled: true,
            item_private: false,
            everyone_in_directory: false,
            external_favouriter_participates: false,
            audience: Audience::All,
            direct_messages: DirectMessages::Everyone,
            item_conversations: true,
            reader,
        }
    }

    const MEMBER: ReaderFacts = ReaderFacts {
        in_company: true,
        is_external: false,
        is_admin: false,
        in_directory: true,
        favourite: false,
        participant: false,
        tool_level: None,
        on_access_list: false,
    };

    #[test]
    fn company_conversations_follow_the_favourite_rules() {
        let internal_fav = ReaderFacts { favourite: true, ..MEMBER };
        let external_fav = ReaderFacts { favourite: true, is_external: true, ..MEMBER };
        let company = facts(ConversationKind::Company, MEMBER);
        assert!(!may_read(&company), "a directory member without favourite");
        assert!(may_read(&AccessFacts { reader: internal_fav, ..company }));
        assert!(!may_read(&AccessFacts { reader: external_fav, ..company }));
        assert!(may_read(&AccessFacts {
            reader: external_fav,
            external_favouriter_participates: true,
            ..company
        }));
        let admin = ReaderFacts { is_admin: true, in_directory: false, ..MEMBER };
        assert!(!may_read(&AccessFacts { reader: admin, ..company }), "admin grants nothing");
    }

    #[test]
    fn confidential_conversations_admit_externals_only_as_participants() {
        let confidential = facts(ConversationKind::Confidential, MEMBER);
        let external_fav = ReaderFacts { favourite: true, is_external: true, ..MEMBER };
        assert!(may_read(&AccessFacts {
            reader: ReaderFacts { favourite: true, ..MEMBER },
            ..confidential
        }));
        assert!(!may_read(&AccessFacts {
            reader: external_fav,
            external_favouriter_participates: true,
            ..confidential
        }));
        assert!(may_read(&AccessFacts {
            reader: ReaderFacts { participant: true, ..external_fav },
            ..confidential
        }));
        let removed =
            ReaderFacts { participant: true, in_directory: false, is_external: true, ..MEMBER };
        assert!(!may_read(&AccessFacts { reader: removed, ..confidential }));
    }

    #[test]
    fn item_conversations_follow_item_access() {
        let item = facts(ConversationKind::Item, MEMBER);
        let reader = ReaderFacts { tool_level: Some(ToolLevel::ReadOnly), ..MEMBER };
        assert!(!may_read(&item), "no permission on the tool");
        assert!(!may_read(&AccessFacts {
            reader: ReaderFacts { tool_level: Some(ToolLevel::None), ..MEMBER },
            ..item
        }));
        assert!(may_read(&AccessFacts { reader, ..item }));
        assert!(!may_read(&AccessFacts { reader, item_private: true, ..item }));
        let listed = ReaderFacts { on_access_list: true, ..reader };
        assert!(may_read(&AccessFacts { reader: listed, item_private: true, ..item }));
        assert!(!may_read(&AccessFacts { reader: listed, item_conversations: false, ..item }));
    }

    #[test]
    fn direct_and_group_conversations_are_for_their_people() {
        let direct = facts(ConversationKind::Direct, MEMBER);
        let participant = ReaderFacts { participant: true, ..MEMBER };
        assert!(!may_read(&direct));
        assert!(may_read(&AccessFacts { reader: participant, ..direct }));
        assert!(!may_read(&AccessFacts {
            reader: participant,
            direct_messages: DirectMessages::Off,
            ..direct
        }));
        assert!(may_read(&AccessFacts {
            reader: participant,
            direct_messages: DirectMessages::Internal,
            ..direct
        }));
        let group = facts(ConversationKind::Group, MEMBER);
        assert!(!may_read(&group));
        assert!(may_read(&AccessFacts { everyone_in_directory: true, ..group }));
        assert!(!may_read(&AccessFacts {
            reader: ReaderFacts { participant: true, in_directory: false, ..MEMBER },
            ..group
        }));
    }

    #[test]
    fn settings_and_company_bounds_come_first() {
        let participant = ReaderFacts { participant: true, is_external: true, ..MEMBER };
        let direct = facts(ConversationKind::Direct, participant);
        assert!(may_read(&direct));
        assert!(!may_read(&AccessFacts { audience: Audience::Internal, ..direct }));
        assert!(!may_read(&AccessFacts {
            reader: ReaderFacts { in_company: false, ..participant },
            ..direct
        }));
        let company = facts(ConversationKind::Company, ReaderFacts { favourite: true, ..MEMBER });
        assert!(!may_read(&AccessFacts { project_enabled: false, ..company }));
    }
}
