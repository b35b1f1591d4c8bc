//! Everything the user has loaded of their conversations, and how each server answer and
//! event changes it. Plain data: no signals, no HTTP, so every rule here is unit-tested.

use std::collections::HashMap;

use parlons_api::{
    ConversationId, ConversationSummary, Event, Message, MessageId, MessagePage, UserId,
};

/// The loaded messages of one conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Thread {
    /// Oldest first, each message once.
    pub messages: Vec<Message>,
    /// Where older messages continue, if any remain on the server.
    pub older_cursor: Option<MessageId>,
    /// Whether the newest page was loaded; until then `messages` holds only live arrivals.
    pub loaded: bool,
    /// Where newer messages continue when `messages` stops short of the newest (the
    /// conversation was opened at an older message, a search result): newer pages are
    /// loaded as the reader scrolls down.
    pub newer_cursor: Option<MessageId>,
    /// Messages that arrived live while the newest were not loaded: shown once the newer
    /// pages reach them, so the list never has a gap.
    held_back: Vec<Message>,
}

impl Thread {
    /// Inserts a main-line message where it belongs: in the list, or, when it is newer than
    /// the loaded messages but they stop short of the newest, held back until they reach it.
    fn insert(&mut self, message: Message) {
        let beyond = self.newer_cursor.is_some()
            && self.messages.last().is_some_and(|last| message.id > last.id);
        match beyond {
            true => insert_sorted(&mut self.held_back, message),
            false => insert_sorted(&mut self.messages, message),
        }
    }

    /// Whether the loaded messages reach the newest: shows what arrived meanwhile.
    fn settle(&mut self) {
        if self.newer_cursor.is_none() {
            for message in std::mem::take(&mut self.held_back) {
                insert_sorted(&mut self.messages, message);
            }
        }
    }
}

/// What the caller must do after a change, which this plain struct cannot do itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    /// Tell the server the user has seen this message (the conversation is open).
    MarkRead(ConversationId, MessageId),
    /// The conversation list is stale (a message arrived for an unknown conversation).
    ReloadConversations,
    /// This conversation changed for everyone (a group's name or members): fetch it again.
    ReloadConversation(ConversationId),
    /// The stream could not resume: load the list and the open conversation's newest
    /// messages again.
    Resync,
    /// What the user may do changed (`GET /me`): ask again.
    RefreshMe,
}

/// The user's conversations and their loaded messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inbox {
    me: UserId,
    /// Newest activity first.
    conversations: Vec<ConversationSummary>,
    threads: HashMap<ConversationId, Thread>,
    /// Loaded thread replies, by the message they answer, oldest first.
    replies: HashMap<MessageId, Vec<Message>>,
    open: Option<ConversationId>,
}

impl Inbox {
    /// An empty inbox for this user.
    pub fn new(me: UserId) -> Self {
        Self {
            me,
            conversations: Vec::new(),
            threads: HashMap::new(),
            replies: HashMap::new(),
            open: None,
        }
    }

    /// The user whose inbox this is.
    pub fn me(&self) -> UserId {
        self.me
    }

    /// The conversations, newest activity first.
    pub fn conversations(&self) -> &[ConversationSummary] {
        &self.conversations
    }

    /// One conversation.
    pub fn conversation(&self, id: ConversationId) -> Option<&ConversationSummary> {
        self.conversations.iter().find(|c| c.id == id)
    }

    /// The loaded messages of a conversation, if any page was loaded.
    pub fn thread(&self, id: ConversationId) -> Option<&Thread> {
        self.threads.get(&id)
    }

    /// The conversation on screen.
    pub fn open_id(&self) -> Option<ConversationId> {
        self.open
    }

    /// Unread messages across all conversations (the header's count).
    pub fn total_unread(&self) -> u32 {
        self.conversations.iter().map(|c| c.unread_count).sum()
    }

    /// Replaces the list with the server's.
    pub fn set_conversations(&mut self, conversations: Vec<ConversationSummary>) {
        self.conversations = conversations;
        self.sort();
    }

    /// Puts a conversation on screen (or none); returns the message to mark read, if the
    /// conversation had unread messages.
    pub fn open(&mut self, id: Option<ConversationId>) -> Option<FollowUp> {
        self.open = id;
        let conversation = self.conversations.iter_mut().find(|c| Some(c.id) == id)?;
        if conversation.unread_count == 0 {
            return None;
        }
        conversation.unread_count = 0;
        conversation.mention_count = 0;
        Some(FollowUp::MarkRead(conversation.id, conversation.last_message_id?))
    }

    /// Adds a page of older (or the first) messages.
    pub fn add_page(&mut self, id: ConversationId, page: MessagePage) {
        let thread = self.threads.entry(id).or_default();
        let first_page = !thread.loaded;
        for message in page.messages {
            thread.insert(message);
        }
        // The first page sets where older messages continue; later (older) pages move it back.
        if first_page
            || page.older_cursor.is_none_or(|c| thread.older_cursor.is_some_and(|o| c < o))
        {
            thread.older_cursor = page.older_cursor;
        }
        thread.loaded = true;
    }

    /// Adds a page of newer messages (after `newer_cursor`). A late answer to an earlier
    /// request, which brings nothing new, leaves the cursor where it is.
    pub fn add_newer_page(&mut self, id: ConversationId, page: MessagePage) {
        let thread = self.threads.entry(id).or_default();
        let loaded_up_to = thread.messages.last().map(|m| m.id);
        let reaches = page.messages.last().map(|m| m.id);
        for message in page.messages {
            insert_sorted(&mut thread.messages, message);
        }
        if reaches.is_none() || reaches > loaded_up_to {
            thread.newer_cursor = page.newer_cursor;
        }
        thread.settle();
    }

    /// Replaces the loaded messages with a page that may stand anywhere in the conversation:
    /// around a message (a search result), or the newest again.
    pub fn replace_page(&mut self, id: ConversationId, page: MessagePage) {
        let thread = self.threads.entry(id).or_default();
        thread.messages = page.messages;
        thread.older_cursor = page.older_cursor;
        thread.newer_cursor = page.newer_cursor;
        thread.loaded = true;
        // What arrived live meanwhile stays held back until the list reaches it; everything
        // else comes again with the pages.
        thread.settle();
    }

    /// The loaded replies to a message, if its thread was loaded.
    pub fn replies(&self, root: MessageId) -> Option<&[Message]> {
        self.replies.get(&root).map(Vec::as_slice)
    }

    /// Adds the replies of a thread, as loaded from the server.
    pub fn add_replies(&mut self, root: MessageId, page: MessagePage) {
        let replies = self.replies.entry(root).or_default();
        for message in page.messages {
            insert_sorted(replies, message);
        }
    }

    /// Adds a message the server acknowledged or announced, once.
    pub fn add_message(&mut self, message: Message) -> Option<FollowUp> {
        let id = message.conversation_id;
        let from_other = message.author.id != self.me;
        let Some(conversation) = self.conversations.iter_mut().find(|c| c.id == id) else {
            return Some(FollowUp::ReloadConversations);
        };
        let thread = self.threads.entry(id).or_default();
        // The send's answer and the event stream both bring one's own message, and the list
        // may already count a message whose event comes after it: count each once.
        let already_counted = thread.messages.iter().any(|m| m.id == message.id)
            || conversation.last_message_id.is_some_and(|last| last >= message.id);
        if already_counted {
            match message.parent_id {
                None => thread.insert(message),
                Some(root) => {
                    if let Some(replies) = self.replies.get_mut(&root) {
                        insert_sorted(replies, message);
                    }
                }
            }
            return None;
        }
        // As on the server: a new message brings a hidden conversation back.
        conversation.hidden = false;
        conversation.last_activity_at = conversation.last_activity_at.max(message.created_at);
        conversation.last_message_id = Some(message.id);
        let follow_up = match (from_other, self.open == Some(id)) {
            (true, true) => Some(FollowUp::MarkRead(id, message.id)),
            (true, false) => {
                conversation.unread_count += 1;
                if message.body.mentions().contains(&self.me) {
                    conversation.mention_count += 1;
                }
                None
            }
            (false, _) => None,
        };
        match message.parent_id {
            // A thread reply: the main line shows it as its parent's reply count.
            Some(root) => {
                if let Some(parent) = thread.messages.iter_mut().find(|m| m.id == root) {
                    parent.reply_count += 1;
                }
                if let Some(replies) = self.replies.get_mut(&root) {
                    insert_sorted(replies, message);
                }
            }
            None => thread.insert(message),
        }
        self.sort();
        follow_up
    }

    /// Applies an event from the server's stream.
    pub fn apply(&mut self, event: Event) -> Option<FollowUp> {
        match event {
            Event::ConversationCreated { conversation } => {
                if self.conversation(conversation.id).is_none() {
                    self.conversations.push(conversation);
                    self.sort();
                }
                None
            }
            Event::ConversationUpdated { conversation } => {
                self.upsert_conversation(conversation);
                None
            }
            Event::ConversationChanged { conversation_id } => {
                Some(FollowUp::ReloadConversation(conversation_id))
            }
            Event::ConversationRemoved { conversation_id } => {
                self.conversations.retain(|c| c.id != conversation_id);
                self.threads.remove(&conversation_id);
                None
            }
            Event::MessageCreated { message, .. } => self.add_message(message),
            Event::Resync {} => {
                // What was missed is unknown: pages loaded before may lack messages. Only
                // the one on screen stays, until its newest page replaces it.
                let open = self.open;
                self.threads.retain(|id, _| Some(*id) == open);
                self.replies.clear();
                Some(FollowUp::Resync)
            }
            Event::MeChanged {} => Some(FollowUp::RefreshMe),
            Event::MessageUpdated { message } => {
                let lists: Vec<&mut Vec<Message>> = match message.parent_id {
                    Some(root) => self.replies.get_mut(&root).into_iter().collect(),
                    None => self
                        .threads
                        .get_mut(&message.conversation_id)
                        .map(|t| vec![&mut t.messages, &mut t.held_back])
                        .unwrap_or_default(),
                };
                for list in lists {
                    if let Ok(index) = list.binary_search_by_key(&message.id, |m| m.id) {
                        list[index] = message.clone();
                    }
                }
                None
            }
        }
    }

    /// Puts the server's view of one conversation in the list, in place of the old one.
    pub fn upsert_conversation(&mut self, conversation: ConversationSummary) {
        match self.conversations.iter_mut().find(|c| c.id == conversation.id) {
            Some(old) => *old = conversation,
            None => self.conversations.push(conversation),
        }
        self.sort();
    }

    fn sort(&mut self) {
        self.conversations
            .sort_by(|a, b| b.last_activity_at.cmp(&a.last_activity_at).then(b.id.cmp(&a.id)));
    }
}

/// Which answers for pages of messages are still wanted. Showing a conversation somewhere
/// else (at a search result, at its newest messages again) makes every page asked before it
/// useless: an answer that came late would put messages after a gap, or take the reader back.
#[derive(Debug, Clone, Default)]
pub struct PageRequests {
    /// By conversation: how many times it was shown somewhere else.
    placements: HashMap<ConversationId, u32>,
}

/// A page asked for, to check when its answer comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageTicket {
    conversation: ConversationId,
    placement: u32,
}

impl PageRequests {
    /// A page that extends what is shown (older, newer, the first).
    pub fn extend(&self, conversation: ConversationId) -> PageTicket {
        let placement = self.placements.get(&conversation).copied().unwrap_or(0);
        PageTicket { conversation, placement }
    }

    /// A page that replaces what is shown: every earlier request is no longer wanted.
    pub fn replace(&mut self, conversation: ConversationId) -> PageTicket {
        let placement = self.placements.entry(conversation).or_insert(0);
        *placement += 1;
        PageTicket { conversation, placement: *placement }
    }

    /// Whether the answer to this request is still wanted.
    pub fn wanted(&self, ticket: PageTicket) -> bool {
        self.extend(ticket.conversation) == ticket
    }
}

/// Inserts in id order, replacing a message with the same id.
fn insert_sorted(messages: &mut Vec<Message>, message: Message) {
    match messages.binary_search_by_key(&message.id, |m| m.id) {
        Ok(index) => messages[index] = message,
        Err(index) => messages.insert(index, message),
    }
}

#[cfg(test)]
mod tests {
    use parlons_api::{ConversationKind, Document, Timestamp};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::fixtures::message;

    const ME: UserId = UserId(1);
    const OTHER: UserId = UserId(2);

    fn conversation(id: i64, last_activity: i64, unread: u32) -> ConversationSummary {
        ConversationSummary {
            last_activity_at: Timestamp(last_activity),
            unread_count: unread,
            ..crate::fixtures::conversation(id, ConversationKind::Direct, &[])
        }
    }

    fn ids(inbox: &Inbox) -> Vec<i64> {
        inbox.conversations().iter().map(|c| c.id.0).collect()
    }

    #[wasm_bindgen_test]
    fn a_message_from_someone_else_in_a_closed_conversation_is_unread_and_moves_it_up() {
        let mut inbox = Inbox::new(ME);
        inbox.set_conversations(vec![conversation(1, 100, 0), conversation(2, 50, 0)]);
        assert_eq!(ids(&inbox), [1, 2]);
        assert_eq!(inbox.add_message(message(10, 2, OTHER, 200)), None);
        assert_eq!(ids(&inbox), [2, 1]);
        assert_eq!(inbox.conversation(ConversationId(2)).map(|c| c.unread_count), Some(1));
        assert_eq!(inbox.total_unread(), 1);
    }

    #[wasm_bindgen_test]
    fn a_resync_forgets_the_pages_loaded_off_screen_and_asks_for_everything_again() {
        let mut inbox = Inbox::new(ME);
        inbox.set_conversations(vec![conversation(1, 100, 0), conversation(2, 50, 0)]);
        let page = |conversation| MessagePage {
            messages: vec![message(conversation * 10, conversation, OTHER, 5)],
            older_cursor: None,
            newer_cursor: None,
        };
        inbox.add_page(ConversationId(1), page(1));
        inbox.add_page(ConversationId(2), page(2));
        inbox.open(Some(ConversationId(1)));
        assert_eq!(inbox.apply(Event::Resync {}), Some(FollowUp::Resync));
        assert_eq!(inbox.apply(Event::MeChanged {}), Some(FollowUp::RefreshMe));
        assert!(inbox.thread(ConversationId(1)).is_some(), "on screen until replaced");
        assert!(inbox.thread(ConversationId(2)).is_none(), "loaded again when opened");
        assert_eq!(ids(&inbox), [1, 2], "the list stays until the server's replaces it");
    }

    #[wasm_bindgen_test]
    fn a_mention_of_the_reader_badges_the_conversation_until_it_is_read() {
        use parlons_api::rich_text::{Block, Inline};
        let mut inbox = Inbox::new(ME);
        inbox.set_conversations(vec![conversation(1, 100, 0)]);
        let mention = |user: UserId| Document {
            blocks: vec![Block::Paragraph {
                content: vec![Inline::Mention { user_id: user, name: "X".to_owned() }],
            }],
        };
        let mentioning = |id, user| Message { body: mention(user), ..message(id, 1, OTHER, id) };
        inbox.add_message(mentioning(10, UserId(9)));
        assert_eq!(inbox.conversation(ConversationId(1)).map(|c| c.mention_count), Some(0));
        inbox.add_message(mentioning(11, ME));
        let seen = inbox.conversation(ConversationId(1)).map(|c| (c.unread_count, c.mention_count));
        assert_eq!(seen, Some((2, 1)));
        inbox.open(Some(ConversationId(1)));
        assert_eq!(inbox.conversation(ConversationId(1)).map(|c| c.mention_count), Some(0));
    }

    #[wasm_bindgen_test]
    fn a_message_in_the_open_conversation_is_read_at_once() {
        let mut inbox = Inbox::new(ME);
        inbox.set_conversations(vec![conversation(1, 100, 0)]);
        inbox.open(Some(ConversationId(1)));
        let follow_up = inbox.add_message(message(10, 1, OTHER, 200));
        assert_eq!(follow_up, Some(FollowUp::MarkRead(ConversationId(1), MessageId(10))));
        assert_eq!(inbox.total_unread(), 0);
    }

    #[wasm_bindgen_test]
    fn the_same_message_twice_is_shown_and_counted_once() {
        let mut inbox = Inbox::new(ME);
        inbox.set_conversations(vec![conversation(1, 100, 0)]);
        inbox.add_message(message(10, 1, OTHER, 200));
        inbox.add_message(message(10, 1, OTHER, 200));
        assert_eq!(inbox.total_unread(), 1);
        assert_eq!(inbox.thread(ConversationId(1)).map(|t| t.messages.len()), Some(1));
    }

    #[wasm_bindgen_test]
    fn a_new_message_brings_a_hidden_conversation_back() {
        let mut inbox = Inbox::new(ME);
        let hidden = ConversationSummary { hidden: true, ..conversation(1, 100, 0) };
        inbox.set_conversations(vec![hidden]);
        inbox.add_message(message(10, 1, OTHER, 200));
        assert_eq!(inbox.conversation(ConversationId(1)).map(|c| c.hidden), Some(false));
    }

    #[wasm_bindgen_test]
    fn own_messages_are_never_unread() {
        let mut inbox = Inbox::new(ME);
        inbox.set_conversations(vec![conversation(1, 100, 0)]);
        assert_eq!(inbox.add_message(message(10, 1, ME, 200)), None);
        assert_eq!(inbox.total_unread(), 0);
    }

    #[wasm_bindgen_test]
    fn opening_an_unread_conversation_marks_its_newest_message_read() {
        let mut inbox = Inbox::new(ME);
        let unread =
            ConversationSummary { last_message_id: Some(MessageId(7)), ..conversation(1, 100, 3) };
        inbox.set_conversations(vec![unread]);
        assert_eq!(
            inbox.open(Some(ConversationId(1))),
            Some(FollowUp::MarkRead(ConversationId(1), MessageId(7)))
        );
        assert_eq!(inbox.total_unread(), 0);
        assert_eq!(inbox.open(Some(ConversationId(1))), None);
    }

    #[wasm_bindgen_test]
    fn a_message_for_an_unknown_conversation_asks_for_the_list_again() {
        let mut inbox = Inbox::new(ME);
        assert_eq!(
            inbox.add_message(message(10, 9, OTHER, 200)),
            Some(FollowUp::ReloadConversations)
        );
    }

    #[wasm_bindgen_test]
    fn pages_merge_in_order_and_keep_the_oldest_cursor() {
        let mut inbox = Inbox::new(ME);
        inbox.set_conversations(vec![conversation(1, 100, 0)]);
        let id = ConversationId(1);
        inbox.add_page(
            id,
            MessagePage {
                messages: vec![message(5, 1, OTHER, 5), message(6, 1, ME, 6)],
                older_cursor: Some(MessageId(5)),
                newer_cursor: None,
            },
        );
        inbox.add_page(
            id,
            MessagePage {
                messages: vec![message(3, 1, OTHER, 3), message(4, 1, ME, 4)],
                older_cursor: None,
                newer_cursor: None,
            },
        );
        let thread = inbox.thread(id).cloned().unwrap_or_default();
        assert_eq!(thread.messages.iter().map(|m| m.id.0).collect::<Vec<_>>(), [3, 4, 5, 6]);
        assert_eq!(thread.older_cursor, None);
        assert!(thread.loaded);
    }

    #[wasm_bindgen_test]
    fn a_loaded_thread_receives_its_replies_once() {
        let mut inbox = Inbox::new(ME);
        inbox.set_conversations(vec![conversation(1, 100, 0)]);
        inbox.add_page(ConversationId(1), page(&[5], None, None));
        inbox.add_replies(MessageId(5), page(&[], None, None));
        let reply = Message { parent_id: Some(MessageId(5)), ..message(6, 1, ME, 6) };
        inbox.add_message(reply.clone());
        inbox.add_message(reply);
        assert_eq!(inbox.replies(MessageId(5)).map(<[Message]>::len), Some(1));
        assert_eq!(inbox.thread(ConversationId(1)).map(|t| t.messages[0].reply_count), Some(1));
    }

    #[wasm_bindgen_test]
    fn state_updates_from_other_tabs_replace_the_conversation() {
        let mut inbox = Inbox::new(ME);
        inbox.set_conversations(vec![conversation(1, 100, 4)]);
        let read = ConversationSummary { starred: true, ..conversation(1, 100, 0) };
        assert_eq!(inbox.apply(Event::ConversationUpdated { conversation: read }), None);
        assert_eq!(inbox.total_unread(), 0);
        assert_eq!(inbox.conversation(ConversationId(1)).map(|c| c.starred), Some(true));
    }

    #[wasm_bindgen_test]
    fn removed_conversations_disappear_and_changed_ones_are_fetched_again() {
        let mut inbox = Inbox::new(ME);
        inbox.set_conversations(vec![conversation(1, 100, 2), conversation(2, 50, 0)]);
        let changed =
            inbox.apply(Event::ConversationChanged { conversation_id: ConversationId(2) });
        assert_eq!(changed, Some(FollowUp::ReloadConversation(ConversationId(2))));
        inbox.apply(Event::ConversationRemoved { conversation_id: ConversationId(1) });
        assert_eq!(ids(&inbox), [2]);
        assert_eq!(inbox.total_unread(), 0);
    }

    #[wasm_bindgen_test]
    fn replies_count_under_their_message_and_edits_replace_it() {
        let mut inbox = Inbox::new(ME);
        inbox.set_conversations(vec![conversation(1, 100, 0)]);
        let id = ConversationId(1);
        inbox.add_page(id, page(&[5], None, None));
        let reply = Message { parent_id: Some(MessageId(5)), ..message(6, 1, OTHER, 6) };
        inbox.add_message(reply);
        let thread = inbox.thread(id).cloned().unwrap_or_default();
        assert_eq!(thread.messages.len(), 1, "a reply is not in the main line");
        assert_eq!(thread.messages[0].reply_count, 1);
        assert_eq!(inbox.total_unread(), 1, "but it is unread");

        let edited =
            Message { body: Document::from_plain_text("edited"), ..message(5, 1, OTHER, 5) };
        inbox.apply(Event::MessageUpdated { message: edited });
        let thread = inbox.thread(id).cloned().unwrap_or_default();
        assert_eq!(thread.messages[0].body.to_plain_text(), "edited");
    }

    fn page(ids: &[i64], older: Option<i64>, newer: Option<i64>) -> MessagePage {
        MessagePage {
            messages: ids.iter().map(|&id| message(id, 1, OTHER, id)).collect(),
            older_cursor: older.map(MessageId),
            newer_cursor: newer.map(MessageId),
        }
    }

    fn loaded_ids(inbox: &Inbox) -> Vec<i64> {
        let thread = inbox.thread(ConversationId(1));
        thread.map(|t| t.messages.iter().map(|m| m.id.0).collect()).unwrap_or_default()
    }

    #[wasm_bindgen_test]
    fn opened_at_an_older_message_live_ones_wait_until_the_newer_pages_reach_them() {
        let mut inbox = Inbox::new(ME);
        inbox.set_conversations(vec![conversation(1, 100, 0)]);
        let id = ConversationId(1);
        inbox.add_page(id, page(&[30, 31], Some(30), None));
        inbox.replace_page(id, page(&[10, 11, 12], Some(10), Some(12)));
        assert_eq!(loaded_ids(&inbox), [10, 11, 12], "the page around the result only");
        assert_eq!(inbox.thread(id).and_then(|t| t.newer_cursor), Some(MessageId(12)));

        // A live message arrives: counted, but not shown after a gap.
        inbox.add_message(message(40, 1, OTHER, 40));
        assert_eq!(loaded_ids(&inbox), [10, 11, 12]);
        assert_eq!(inbox.total_unread(), 1);
        let edited =
            Message { body: Document::from_plain_text("edited"), ..message(40, 1, OTHER, 40) };
        inbox.apply(Event::MessageUpdated { message: edited });

        inbox.add_newer_page(id, page(&[13, 14], Some(10), Some(14)));
        assert_eq!(loaded_ids(&inbox), [10, 11, 12, 13, 14]);
        // The same page asked twice: its late second answer does not move the cursor back.
        inbox.add_newer_page(id, page(&[13], Some(10), Some(13)));
        assert_eq!(inbox.thread(id).and_then(|t| t.newer_cursor), Some(MessageId(14)));
        inbox.add_newer_page(id, page(&[15, 30, 31, 40], Some(10), None));
        assert_eq!(loaded_ids(&inbox), [10, 11, 12, 13, 14, 15, 30, 31, 40], "each once, in order");
        let thread = inbox.thread(id).cloned().unwrap_or_default();
        assert_eq!(thread.newer_cursor, None);
        assert_eq!(
            thread.messages.last().map(|m| m.body.to_plain_text()).as_deref(),
            Some("edited")
        );
    }

    #[wasm_bindgen_test]
    fn jumping_back_to_the_newest_shows_what_arrived_meanwhile() {
        let mut inbox = Inbox::new(ME);
        inbox.set_conversations(vec![conversation(1, 100, 0)]);
        let id = ConversationId(1);
        inbox.replace_page(id, page(&[10, 11], None, Some(11)));
        inbox.add_message(message(50, 1, ME, 50));
        inbox.replace_page(id, page(&[40, 41], Some(40), None));
        assert_eq!(loaded_ids(&inbox), [40, 41, 50]);
        assert_eq!(inbox.thread(id).and_then(|t| t.older_cursor), Some(MessageId(40)));
        // A live message now goes straight to the list.
        inbox.add_message(message(51, 1, OTHER, 51));
        assert_eq!(loaded_ids(&inbox), [40, 41, 50, 51]);
    }

    #[wasm_bindgen_test]
    fn pages_asked_before_the_conversation_is_shown_elsewhere_are_dropped() {
        let mut requests = PageRequests::default();
        let (one, two) = (ConversationId(1), ConversationId(2));
        let older = requests.extend(one);
        let elsewhere = requests.extend(two);
        let around = requests.replace(one);
        let newest = requests.replace(one);
        assert!(!requests.wanted(older), "asked before the conversation moved");
        assert!(!requests.wanted(around), "replaced by a later placement");
        assert!(requests.wanted(newest));
        assert!(requests.wanted(elsewhere), "another conversation is not concerned");
        assert!(requests.wanted(requests.extend(one)));
    }
}
