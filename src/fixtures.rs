//! Values the unit tests build their cases from.

use parlons_api::{
    ConversationId, ConversationKind, ConversationSummary, MessageId, Participant, Timestamp,
    UserId,
};

/// A conversation of this kind with these people, nothing unread, no activity.
pub fn conversation(
    id: i64,
    kind: ConversationKind,
    people: &[(i64, &str)],
) -> ConversationSummary {
    ConversationSummary {
        id: ConversationId(id),
        kind,
        project: None,
        item: None,
        subject: None,
        participants: people
            .iter()
            .map(|&(id, name)| Participant {
                id: UserId(id),
                name: name.to_owned(),
                is_external: false,
            })
            .collect(),
        everyone_in_directory: false,
        created_at: Timestamp(0),
        last_activity_at: Timestamp(0),
        last_message_id: None,
        read_up_to: MessageId(0),
        unread_count: 0,
        mention_count: 0,
        starred: false,
        hidden: false,
        following: false,
    }
}
