//! Reading, sending, editing and deleting messages.

use std::collections::HashSet;

use parlons_api::rich_text::{DocumentError, Problem};
use parlons_api::{
    ConversationId, ConversationKind, Document, EDIT_WINDOW_MS, EditMessage, Event,
    MAX_ATTACHMENTS_PER_MESSAGE, MAX_PAGE_SIZE, Message, MessageId, MessagePage,
    NotificationPreferences, PageAt, Participant, SendMessage, Timestamp, UserId,
};

use super::conversations::{in_company, readable, readers_in};
use super::{Appended, Outcome};
use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;
use crate::store::{ConversationFacts, NewMessage, Tx};

/// Longest idempotency key accepted (a UUID is 36 characters).
const MAX_IDEMPOTENCY_KEY_LEN: usize = 128;

/// A page of the conversation's messages (or of one message's thread): the newest, or those
/// before, after or around a message.
pub async fn page(
    state: &AppState,
    session: &Session,
    conversation: ConversationId,
    thread: Option<MessageId>,
    at: PageAt,
    limit: u32,
) -> Result<MessagePage, AppError> {
    if !(1..=MAX_PAGE_SIZE).contains(&limit) {
        return Err(AppError::invalid(format!("limit must be between 1 and {MAX_PAGE_SIZE}.")));
    }
    readable(state, session, conversation).await?;
    if let Some(thread) = thread {
        thread_root(state, conversation, thread).await?;
    }
    // A page around a message (a search result) is of the line that message is in.
    if let PageAt::Around(id) = at {
        state
            .store
            .message(id)
            .await?
            .filter(|m| m.conversation_id == conversation && m.parent_id == thread)
            .ok_or(AppError::NotFound("message"))?;
    }
    let page = state.store.messages_page(conversation, thread, at, limit).await?;
    let older_cursor = page.messages.first().filter(|_| page.has_older).map(|m| m.id);
    let newer_cursor = page.messages.last().filter(|_| page.has_newer).map(|m| m.id);
    Ok(MessagePage { messages: page.messages, older_cursor, newer_cursor })
}

/// The message a thread hangs from: in this conversation, and not itself a reply (threads
/// are one level deep).
async fn thread_root(
    state: &AppState,
    conversation: ConversationId,
    id: MessageId,
) -> Result<Message, AppError> {
    let message = state.store.message(id).await?;
    let message = message
        .filter(|m| m.conversation_id == conversation)
        .ok_or(AppError::NotFound("message"))?;
    if message.parent_id.is_some() {
        return Err(AppError::invalid("Replies cannot have replies: answer in the same thread."));
    }
    Ok(message)
}

/// Checks the people a body mentions against PRODUCT.md section 3 and returns those to
/// record (and so to notify).
///
/// In `direct` and `group` conversations anyone of the Directory (or a company admin; anyone
/// of the company without a project) may be mentioned, but only those already in the
/// conversation are notified. In `item`, `company` and `confidential` conversations the
/// person must be able to read it.
pub async fn checked_mentions(
    state: &AppState,
    session: &Session,
    facts: &ConversationFacts,
    readers: &[UserId],
    body: &Document,
) -> Result<Vec<UserId>, AppError> {
    let mentioned = body.mentions();
    if mentioned.is_empty() {
        return Ok(mentioned);
    }
    let readers: HashSet<UserId> = readers.iter().copied().collect();
    let name_of = |user: UserId| mention_name(body, user);
    match facts.kind {
        ConversationKind::Direct | ConversationKind::Group => {
            let members = state.store.company_members_among(session.company, &mentioned).await?;
            let in_directory = match facts.project {
                Some(project) => state.store.directory_members_among(project, &mentioned).await?,
                None => mentioned.clone(),
            };
            for &user in &mentioned {
                let member = members.iter().find(|m| m.id == user);
                if !member.is_some_and(|m| m.is_admin || in_directory.contains(&user)) {
                    return Err(AppError::invalid(format!(
                        "{} cannot be mentioned here.",
                        name_of(user)
                    )));
                }
            }
            Ok(mentioned.into_iter().filter(|user| readers.contains(user)).collect())
        }
        ConversationKind::Item | ConversationKind::Company | ConversationKind::Confidential => {
            if let Some(&user) = mentioned.iter().find(|user| !readers.contains(user)) {
                return Err(AppError::invalid(format!(
                    "{} cannot read this conversation, so cannot be mentioned in it.",
                    name_of(user)
                )));
            }
            Ok(mentioned)
        }
    }
}

/// The name a body gives a mentioned person.
fn mention_name(body: &Document, user: UserId) -> String {
    body.mention_name(user).map_or_else(|| format!("User {user}"), str::to_owned)
}

/// Checks a message body; a refusal names the node at fault (`body.blocks[3].items[1]`) and
/// why, so that the client can say it in its user's language.
pub fn validate_body(body: &Document) -> Result<(), AppError> {
    body.validate().map_err(body_error)
}

/// A body's problem, said at its node.
fn body_error(e: DocumentError) -> AppError {
    {
        let field = match e.path.is_empty() {
            true => "body".to_owned(),
            false => format!("body.{}", e.path),
        };
        AppError::invalid(format!("Cannot send: {e}.")).at(field, e.problem.code())
    }
}

/// Checks a send's idempotency key and body.
pub fn validate_send(request: &SendMessage) -> Result<(), AppError> {
    let key = request.idempotency_key.as_str();
    if key.is_empty()
        || key.len() > MAX_IDEMPOTENCY_KEY_LEN
        || !key.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(AppError::invalid(format!(
            "idempotency_key must be 1 to {MAX_IDEMPOTENCY_KEY_LEN} visible ASCII characters."
        )));
    }
    let files = &request.attachment_ids;
    if files.len() > MAX_ATTACHMENTS_PER_MESSAGE {
        return Err(AppError::invalid(format!(
            "A message can have at most {MAX_ATTACHMENTS_PER_MESSAGE} files."
        ))
        .at("attachment_ids", "too_many"));
    }
    if files.iter().enumerate().any(|(i, id)| files[..i].contains(id)) {
        return Err(
            AppError::invalid("The same file is attached twice.").at("attachment_ids", "duplicate")
        );
    }
    match request.body.validate() {
        // Files alone make a message.
        Err(e) if e.problem == Problem::Empty && !files.is_empty() => Ok(()),
        checked => checked.map_err(body_error),
    }
}

/// Where and to whom a new message goes.
pub struct Outgoing<'a> {
    /// Its author, as the message shows them ([`author`]).
    pub author: &'a Participant,
    /// The conversation.
    pub facts: &'a ConversationFacts,
    /// Everyone who may read it.
    pub readers: &'a [UserId],
    /// The people mentioned, checked.
    pub mentions: &'a [UserId],
    /// Who it notifies, of its readers ([`notifiable`]).
    pub notifiable: &'a HashSet<UserId>,
    /// When.
    pub now: Timestamp,
}

/// The session's user as the author of a message in its company: read before the writer's
/// transaction, so that the new message need not be read back within it.
pub async fn author(state: &AppState, session: &Session) -> Result<Participant, AppError> {
    let (name, _email) =
        state.store.user_profile(session.user).await?.ok_or(AppError::Unauthenticated)?;
    Ok(Participant { id: session.user, name, is_external: session.is_external })
}

/// Sends a message; sending again with the same idempotency key returns the first one.
///
/// Everyone who may read the conversation gets `message.created` (the author too, for their
/// other tabs); the author's read position moves to their own message; whoever had hidden
/// the conversation sees it again. In item conversations the author and the people mentioned
/// become followers.
pub async fn send(
    state: &AppState,
    session: &Session,
    conversation: ConversationId,
    request: SendMessage,
) -> Result<(Message, Outcome), AppError> {
    validate_send(&request)?;
    let facts = in_company(state, session, conversation).await?;
    let author = author(state, session).await?;
    let taking_part = state.store.participants_and_followers(conversation).await?;
    let notifiable = notifiable(state, session, facts.kind, taking_part, &request.body).await?;
    let mut tx = state.store.begin().await?;
    // Who may read it, as the transaction that logs the message sees it: the sender among
    // them, or 404 as for a conversation that does not exist.
    let readers = readers_in(&mut tx, conversation).await?;
    if !readers.contains(&session.user) {
        return Err(AppError::NotFound("conversation"));
    }
    if let Some(parent) = request.parent_id {
        thread_root(state, conversation, parent).await?;
    }
    let mentions = checked_mentions(state, session, &facts, &readers, &request.body).await?;
    let now = state.clock.now();
    let outgoing = Outgoing {
        author: &author,
        facts: &facts,
        readers: &readers,
        mentions: &mentions,
        notifiable: &notifiable,
        now,
    };
    let mut appended = Appended::default();
    match insert_in(&mut tx, &mut appended, session, &outgoing, &request).await? {
        Some(message) => {
            tx.commit().await?;
            appended.announce(state);
            Ok((message, Outcome::Created))
        }
        None => {
            let existing = tx
                .message_by_idempotency_key(conversation, session.user, &request.idempotency_key)
                .await?;
            // Answered once the first send is durable (it may be in the same batch).
            tx.commit().await?;
            existing.map(|m| (m, Outcome::Existing)).ok_or(AppError::NotFound("message"))
        }
    }
}

/// Stores a new message within a transaction and appends its event; `None` if the author
/// already sent one with this idempotency key there.
pub async fn insert_in(
    tx: &mut Tx,
    appended: &mut Appended,
    session: &Session,
    outgoing: &Outgoing<'_>,
    request: &SendMessage,
) -> Result<Option<Message>, AppError> {
    let conversation = outgoing.facts.id;
    let new = NewMessage {
        conversation,
        parent: request.parent_id,
        author: session.user,
        idempotency_key: &request.idempotency_key,
        body: &request.body,
        mentions: outgoing.mentions,
        now: outgoing.now,
    };
    let Some(id) = tx.insert_message(&new).await? else { return Ok(None) };
    let files = &request.attachment_ids;
    if tx.attach(id, session.user, session.company, files).await? != files.len() {
        return Err(AppError::invalid(
            "A file is not ready to send: not finished uploading, already sent, or not yours.",
        )
        .at("attachment_ids", "not_ready"));
    }
    tx.advance_read_position(conversation, session.user, id).await?;
    tx.unhide_for_all(conversation).await?;
    if outgoing.facts.kind == ConversationKind::Item {
        for &user in outgoing.mentions.iter().chain([&session.user]) {
            tx.set_following(conversation, user, true).await?;
        }
    }
    let message = if files.is_empty() {
        new_message(id, outgoing, request)
    } else {
        // Its files as stored (names, sizes, previews).
        tx.message(id).await?.ok_or(AppError::NotFound("message"))?
    };
    let (notified, told): (Vec<UserId>, Vec<UserId>) =
        outgoing.readers.iter().partition(|&user| outgoing.notifiable.contains(user));
    let notifying = Event::MessageCreated { message: message.clone(), notify: true };
    let telling = Event::MessageCreated { message: message.clone(), notify: false };
    let variants: [(&[UserId], &Event); 2] = [(&notified, &notifying), (&told, &telling)];
    let (company, now) = (outgoing.facts.company, outgoing.now);
    appended.push_variants(tx, &variants, company, Some(conversation), now).await?;
    Ok(Some(message))
}

/// A message just stored, without files, as reading it back would give it: no replies, never
/// edited (reading it back within the writer's transaction was a sixth of a send's time
/// there).
fn new_message(id: MessageId, outgoing: &Outgoing<'_>, request: &SendMessage) -> Message {
    Message {
        id,
        conversation_id: outgoing.facts.id,
        parent_id: request.parent_id,
        author: outgoing.author.clone(),
        body: request.body.clone(),
        created_at: outgoing.now,
        edited_at: None,
        deleted: None,
        reply_count: 0,
        attachments: Vec::new(),
        idempotency_key: Some(request.idempotency_key.clone()),
    }
}

/// Who a new message in a conversation of this kind (in the session's company) would
/// notify, should they read it: those who take part in the conversation (`taking_part`:
/// participants, an item's followers) or are mentioned in it, as their preferences say;
/// never its author (PRODUCT.md section 5).
///
/// Read before the writer's transaction, which keeps only those who may read the message
/// (its readers are decided there, and so are the mentions of people who may not:
/// [`checked_mentions`]), so that these reads hold up no other write. Someone who starts
/// following the conversation or changes their preferences in the meantime has this one
/// message judged by what held just before.
pub async fn notifiable(
    state: &AppState,
    session: &Session,
    kind: ConversationKind,
    taking_part: HashSet<UserId>,
    body: &Document,
) -> Result<HashSet<UserId>, AppError> {
    let mentioned = body.mentions();
    let mut candidates = taking_part;
    candidates.extend(mentioned.iter().copied());
    candidates.remove(&session.user);
    let candidates: Vec<UserId> = candidates.into_iter().collect();
    let preferences = state.store.notification_preferences_of(session.company, &candidates).await?;
    Ok(candidates
        .into_iter()
        .filter(|user| {
            let wants = |p: &NotificationPreferences| p.wants(kind, mentioned.contains(user));
            preferences.get(user).is_some_and(wants)
        })
        .collect())
}

/// What may be done to one's own message after sending it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Replace its text.
    Edit(EditMessage),
    /// Delete it ("deleted by NAME at TIME" for everyone).
    Delete,
}

/// Edits or deletes the user's own message: only within 5 minutes of sending by the
/// server's clock, and only if the company enabled it.
pub async fn change(
    state: &AppState,
    session: &Session,
    id: MessageId,
    change: Change,
) -> Result<Message, AppError> {
    let message = state.store.message(id).await?.ok_or(AppError::NotFound("message"))?;
    // A message in a conversation one may not read is one that does not exist.
    let facts = readable(state, session, message.conversation_id).await.map_err(|e| match e {
        AppError::NotFound(_) => AppError::NotFound("message"),
        e => e,
    })?;
    if message.author.id != session.user {
        return Err(AppError::forbidden("You can only change your own messages."));
    }
    if !state.store.company_settings(session.company).await?.edit_delete {
        return Err(AppError::forbidden(
            "Editing and deleting messages is turned off for this company.",
        ));
    }
    if message.deleted.is_some() {
        return Err(AppError::invalid("This message was deleted."));
    }
    let now = state.clock.now();
    if now.0 - message.created_at.0 > EDIT_WINDOW_MS {
        return Err(AppError::forbidden(
            "Messages can only be changed within 5 minutes of sending.",
        ));
    }
    let mut tx = state.store.begin().await?;
    let readers = readers_in(&mut tx, message.conversation_id).await?;
    match &change {
        Change::Edit(edit) => {
            validate_body(&edit.body)?;
            let mentions = checked_mentions(state, session, &facts, &readers, &edit.body).await?;
            tx.edit_message(id, &edit.body, &mentions, now).await?;
        }
        Change::Delete => tx.delete_message(id, session.user, now).await?,
    }
    let message = tx.message(id).await?.ok_or(AppError::NotFound("message"))?;
    let mut appended = Appended::default();
    let event = Event::MessageUpdated { message: message.clone() };
    appended.push(&mut tx, &readers, facts.company, Some(facts.id), &event, now).await?;
    tx.commit().await?;
    appended.announce(state);
    Ok(message)
}
