//! What the event stream (`GET /api/v1/events`, Server-Sent Events) tells a user.
//!
//! Each event is sent as `id: <per-user sequence>`, `event: <name>`, `data: <Event as JSON>`.
//! The sequence grows by one for each event of that user, so a client that reconnects with
//! `Last-Event-ID` resumes exactly after the last event it saw.

use serde::{Deserialize, Deserializer, Serialize, de};

use crate::{ConversationId, ConversationSummary, Message};

/// One thing that happened that the user may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type")]
pub enum Event {
    /// A conversation the user may read was created.
    #[serde(rename = "conversation.created")]
    ConversationCreated {
        /// The conversation, as this user sees it.
        conversation: ConversationSummary,
    },
    /// The user's own state of a conversation changed (read position, star, hidden,
    /// following), from this or another tab.
    #[serde(rename = "conversation.updated")]
    ConversationUpdated {
        /// The conversation, as this user now sees it.
        conversation: ConversationSummary,
    },
    /// Something everyone sees of the conversation changed (a group's name or members):
    /// fetch it again.
    #[serde(rename = "conversation.changed")]
    ConversationChanged {
        /// The conversation.
        conversation_id: ConversationId,
    },
    /// The user may no longer read the conversation: forget it.
    #[serde(rename = "conversation.removed")]
    ConversationRemoved {
        /// The conversation.
        conversation_id: ConversationId,
    },
    /// A message was sent in a conversation the user may read (their own included, for
    /// their other tabs).
    #[serde(rename = "message.created")]
    MessageCreated {
        /// The message.
        message: Message,
        /// Whether to notify this user of it (a banner, a browser notification): decided by
        /// the server from the user's preferences and part in the conversation
        /// ([`crate::NotificationPreferences`]); never for one's own messages.
        #[serde(default)]
        notify: bool,
    },
    /// A message was edited or deleted.
    #[serde(rename = "message.updated")]
    MessageUpdated {
        /// The message as it now is.
        message: Message,
    },
    /// The stream cannot resume from where the client was (what it missed is older than the
    /// log keeps): reload the state — conversations, the open one's newest messages, unread
    /// totals — and go on from here. Sent by the stream, never logged.
    #[serde(rename = "resync")]
    Resync {},
    /// What `GET /me` says of the user changed (the company's settings: whether authors may
    /// edit and delete, who manages groups): ask it again. The open app follows without
    /// being reloaded.
    #[serde(rename = "me.changed")]
    MeChanged {},
}

/// The SSE `event:` name of the stream's heartbeat, sent whenever it has been silent for
/// [`HEARTBEAT_SECONDS`], so that a client notices a stream that went silent (a dead
/// connection a proxy keeps open) and reconnects. Its data is `{}`. The first one, sent when
/// the stream opens, carries the stream's position as id (where to resume from, even when
/// no event came before a cut); the others carry none.
pub const HEARTBEAT_EVENT: &str = "heartbeat";

/// At most this many seconds pass without anything on an open stream.
pub const HEARTBEAT_SECONDS: u64 = 20;

impl Event {
    /// Every SSE `event:` name the server sends, for clients that listen by name.
    pub const NAMES: [&'static str; 8] = [
        "conversation.created",
        "conversation.updated",
        "conversation.changed",
        "conversation.removed",
        "message.created",
        "message.updated",
        "resync",
        "me.changed",
    ];

    /// The SSE `event:` name this event is sent under.
    pub fn name(&self) -> &'static str {
        match self {
            Event::ConversationCreated { .. } => "conversation.created",
            Event::ConversationUpdated { .. } => "conversation.updated",
            Event::ConversationChanged { .. } => "conversation.changed",
            Event::ConversationRemoved { .. } => "conversation.removed",
            Event::MessageCreated { .. } => "message.created",
            Event::MessageUpdated { .. } => "message.updated",
            Event::Resync {} => "resync",
            Event::MeChanged {} => "me.changed",
        }
    }

    /// Reads an event's data knowing its SSE `event:` name, as a browser's `EventSource`
    /// listener does. The same JSON as the tagged form, but read straight into the variant's
    /// fields instead of buffering the whole event first to find its `type` (which costs the
    /// SPA's download a lot of decoding code).
    pub fn deserialize_named<'de, D: Deserializer<'de>>(
        name: &str,
        data: D,
    ) -> Result<Event, D::Error> {
        #[derive(Deserialize)]
        struct Conversation {
            conversation: ConversationSummary,
        }
        #[derive(Deserialize)]
        struct ConversationIdOnly {
            conversation_id: ConversationId,
        }
        #[derive(Deserialize)]
        struct OneMessage {
            message: Message,
        }
        #[derive(Deserialize)]
        struct NewMessage {
            message: Message,
            #[serde(default)]
            notify: bool,
        }
        Ok(match name {
            "conversation.created" => Event::ConversationCreated {
                conversation: Conversation::deserialize(data)?.conversation,
            },
            "conversation.updated" => Event::ConversationUpdated {
                conversation: Conversation::deserialize(data)?.conversation,
            },
            "conversation.changed" => Event::ConversationChanged {
                conversation_id: ConversationIdOnly::deserialize(data)?.conversation_id,
            },
            "conversation.removed" => Event::ConversationRemoved {
                conversation_id: ConversationIdOnly::deserialize(data)?.conversation_id,
            },
            "message.created" => {
                let new = NewMessage::deserialize(data)?;
                Event::MessageCreated { message: new.message, notify: new.notify }
            }
            "message.updated" => {
                Event::MessageUpdated { message: OneMessage::deserialize(data)?.message }
            }
            "resync" => {
                de::IgnoredAny::deserialize(data)?;
                Event::Resync {}
            }
            "me.changed" => {
                de::IgnoredAny::deserialize(data)?;
                Event::MeChanged {}
            }
            other => return Err(de::Error::unknown_variant(other, &Event::NAMES)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, MessageId, Participant, Timestamp, UserId};

    fn message() -> Message {
        Message {
            id: MessageId(9),
            conversation_id: ConversationId(3),
            parent_id: None,
            author: Participant { id: UserId(1), name: "Bruno".to_owned(), is_external: false },
            body: Document::from_plain_text("Bonjour"),
            created_at: Timestamp(1),
            edited_at: None,
            deleted: None,
            reply_count: 0,
            attachments: Vec::new(),
            idempotency_key: None,
        }
    }

    #[test]
    fn a_named_event_reads_like_the_tagged_one() {
        let events = [
            Event::ConversationRemoved { conversation_id: ConversationId(3) },
            Event::ConversationChanged { conversation_id: ConversationId(4) },
            Event::MessageCreated { message: message(), notify: true },
            Event::MessageUpdated { message: message() },
            Event::Resync {},
            Event::MeChanged {},
        ];
        for event in events {
            let json = serde_json::to_string(&event).unwrap_or_default();
            let mut data = serde_json::Deserializer::from_str(&json);
            let named = Event::deserialize_named(event.name(), &mut data).ok();
            assert_eq!(named.as_ref(), Some(&event), "{json}");
            assert_eq!(serde_json::from_str::<Event>(&json).ok(), Some(event));
        }
    }

    #[test]
    fn an_unknown_name_is_refused() {
        let mut data = serde_json::Deserializer::from_str(r#"{"conversation_id":3}"#);
        let error = Event::deserialize_named("conversation.renamed", &mut data).err();
        assert!(error.is_some_and(|e| e.to_string().contains("unknown variant")));
    }
}
