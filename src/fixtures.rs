//! Values the unit tests build their cases from.

use parlons_api::{
    ConversationId, ConversationKind, ConversationSummary, Document, Message, MessageId,
    Participant, Timestamp, UserId,
};

/// A message "hello" by `author` (named "Someone") at `at` (milliseconds).
pub fn message(id: i64, conversation: i64, author: UserId, at: i64) -> Message {
    Message {
        id: MessageId(id),
        conversation_id: ConversationId(conversation),
        parent_id: None,
        author: Participant { id: author, name: "Someone".to_owned(), is_external: false },
        body: Document::from_plain_text("hello"),
        created_at: Timestamp(at),
        edited_at: None,
        deleted: None,
        reply_count: 0,
        attachments: Vec::new(),
        idempotency_key: None,
    }
}

/// Messages with these ids, oldest first, in conversation 1.
pub fn messages(ids: impl IntoIterator<Item = i64>) -> Vec<Message> {
    ids.into_iter().map(|id| message(id, 1, UserId(1), id * 1_000)).collect()
}

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
