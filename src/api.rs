//! The HTTP API client: one typed function per route, and the event stream.

mod events;
mod http;
mod uploads;

use parlons_api::{
    API_PREFIX, AuditEntry, AuditLogQuery, CompanyId, CompanySettings, ConversationId,
    ConversationPreview, ConversationSummary, CreateConversation, CreateDirectConversation,
    CreateGroup, DirectoryMember, DistributionGroup, EditMessage, ErrorCode, ExchangeWidgetTicket,
    IntegrationToken, ItemId, ItemSummary, LoginRequest, MarkRead, Me, Message, MessageId,
    MessagePage, NotificationPreferences, PageAt, PreviewConversation, ProjectId, ProjectSummary,
    SearchQuery, SearchResults, SendMessage, SwitchCompany, Timestamp, UpdateGroup, WidgetSession,
};

pub use events::{EventStream, StreamStatus};
pub use http::{loaded_by_browser, use_widget_token};
pub use uploads::{cancel_upload, send_piece, start_upload, upload_offset};

use crate::i18n::{I18n, Key};
use http::{Method, request, request_empty};

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The server could not be reached (offline, server down).
    Network,
    /// The server did not answer in time.
    Timeout,
    /// The server answered with an error.
    Server {
        /// The HTTP status.
        status: u16,
        /// The machine-readable reason.
        code: ErrorCode,
        /// A sentence for the user (English).
        message: String,
        /// The input at fault, if one is (`subject`, `participant_ids`, `body.blocks[0]`).
        field: Option<String>,
        /// Why, as a stable name (`over_cap`, `bad_link`…), to say in the user's language.
        reason: Option<String>,
        /// For too many attempts: the seconds to wait before trying again.
        retry_after: Option<u64>,
    },
    /// The server's answer could not be understood.
    Decode(String),
}

impl ApiError {
    /// Whether the session is missing or over, so the user must log in.
    pub fn is_unauthenticated(&self) -> bool {
        matches!(self, ApiError::Server { code: ErrorCode::Unauthenticated, .. })
    }
}

impl ApiError {
    /// A refusal the app can say in its user's language: the input at fault (`subject`,
    /// `participant_ids`, `body.blocks[0]`…) and what to say about it.
    pub fn refusal(&self) -> Option<(&str, Key)> {
        let ApiError::Server { field: Some(field), reason, .. } = self else { return None };
        let key = match (field.as_str(), reason.as_deref().unwrap_or_default()) {
            ("project_id", _) => Key::ChooseProject,
            ("participant_ids", "required") => Key::ChoosePeople,
            ("participant_ids", "over_cap") => Key::TooManyInDirect,
            ("member_ids", "over_cap") => Key::TooManyInGroup,
            (_, "not_in_directory") => Key::NotInDirectory,
            ("subject", _) => Key::SubjectLength,
            ("name", _) => Key::GroupNameLength,
            (body, reason) if body.starts_with("body") => match reason {
                "too_long" | "too_many_nodes" => Key::MessageTooLong,
                "bad_link" | "empty_link" => Key::LinkRefused,
                _ => Key::MessageRefused,
            },
            _ => return None,
        };
        Some((field, key))
    }

    /// What to tell the user: in their language when the app knows the refusal, else the
    /// server's own sentence (English).
    pub fn describe(&self, i18n: &I18n) -> String {
        if let Some((_, key)) = self.refusal() {
            return i18n.t(key).to_owned();
        }
        match self {
            ApiError::Server { retry_after: Some(seconds), .. } => {
                i18n.fill(Key::TooManyAttempts, &[("seconds", &seconds.to_string())])
            }
            ApiError::Network => i18n.t(Key::ServerUnreachable).to_owned(),
            ApiError::Timeout => i18n.t(Key::ServerTooSlow).to_owned(),
            ApiError::Server { message, .. } => message.clone(),
            ApiError::Decode(detail) => i18n.fill(Key::UnexpectedAnswer, &[("detail", detail)]),
        }
    }
}

/// `POST /session`: logs in.
pub async fn login(request_body: &LoginRequest) -> Result<Me, ApiError> {
    request(Method::Post, "/session", Some(request_body)).await
}

/// `DELETE /session`: logs out.
pub async fn logout() -> Result<(), ApiError> {
    request_empty(Method::Delete, "/session", None::<&()>).await
}

/// `PUT /session/company`: shows another of the user's companies.
pub async fn switch_company(company: CompanyId) -> Result<Me, ApiError> {
    request(Method::Put, "/session/company", Some(&SwitchCompany { company_id: company })).await
}

/// `GET /me`: who is logged in.
pub async fn me() -> Result<Me, ApiError> {
    request(Method::Get, "/me", None::<&()>).await
}

/// `GET /conversations`: the user's conversations, newest activity first.
pub async fn conversations() -> Result<Vec<ConversationSummary>, ApiError> {
    request(Method::Get, "/conversations", None::<&()>).await
}

/// `GET /conversations/{id}`: one conversation as the user sees it.
pub async fn conversation(id: ConversationId) -> Result<ConversationSummary, ApiError> {
    request(Method::Get, &format!("/conversations/{id}"), None::<&()>).await
}

/// `GET /conversations/{id}/messages`: a page of messages, the newest or those before,
/// after or around a message.
pub async fn messages(conversation: ConversationId, at: PageAt) -> Result<MessagePage, ApiError> {
    let path = match at.query() {
        Some((name, id)) => format!("/conversations/{conversation}/messages?{name}={id}"),
        None => format!("/conversations/{conversation}/messages"),
    };
    request(Method::Get, &path, None::<&()>).await
}

/// `GET /conversations/{id}/messages?thread=ROOT`: the replies to a message.
pub async fn replies(
    conversation: ConversationId,
    root: MessageId,
) -> Result<MessagePage, ApiError> {
    request(
        Method::Get,
        &format!("/conversations/{conversation}/messages?thread={root}&limit=200"),
        None::<&()>,
    )
    .await
}

/// `POST /conversations/{id}/messages`: sends a message (idempotent by its key).
pub async fn send_message(
    conversation: ConversationId,
    body: &SendMessage,
) -> Result<Message, ApiError> {
    request(Method::Post, &format!("/conversations/{conversation}/messages"), Some(body)).await
}

/// A per-user mark on a conversation, set with `PUT` and removed with `DELETE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// `/star`.
    Star,
    /// `/hidden` (archived).
    Hidden,
    /// `/follow` (item conversations).
    Follow,
}

/// Sets or removes a mark; the answer is the conversation as the user now sees it.
pub async fn set_mark(
    conversation: ConversationId,
    mark: Mark,
    on: bool,
) -> Result<ConversationSummary, ApiError> {
    let segment = match mark {
        Mark::Star => "star",
        Mark::Hidden => "hidden",
        Mark::Follow => "follow",
    };
    let method = if on { Method::Put } else { Method::Delete };
    request(method, &format!("/conversations/{conversation}/{segment}"), None::<&()>).await
}

/// `POST /conversations/{id}/unread`: shows the conversation unread from this message on.
pub async fn mark_unread(
    conversation: ConversationId,
    message: MessageId,
) -> Result<ConversationSummary, ApiError> {
    let body = MarkRead { message_id: message };
    request(Method::Post, &format!("/conversations/{conversation}/unread"), Some(&body)).await
}

/// `PATCH /messages/{id}`: replaces the text of one's own message.
pub async fn edit_message(message: MessageId, body: &EditMessage) -> Result<Message, ApiError> {
    request(Method::Patch, &format!("/messages/{message}"), Some(body)).await
}

/// `DELETE /messages/{id}`: deletes one's own message (a tombstone for everyone).
pub async fn delete_message(message: MessageId) -> Result<Message, ApiError> {
    request(Method::Delete, &format!("/messages/{message}"), None::<&()>).await
}

/// `POST /conversations/{id}/read`: everything up to `message` has been seen.
pub async fn mark_read(conversation: ConversationId, message: MessageId) -> Result<(), ApiError> {
    let body = MarkRead { message_id: message };
    request_empty(Method::Post, &format!("/conversations/{conversation}/read"), Some(&body)).await
}

/// `GET /search`: the messages the user may read that match, newest first.
pub async fn search(query: &SearchQuery) -> Result<SearchResults, ApiError> {
    request(Method::Get, &search_path(query), None::<&()>).await
}

/// The path and query string of a search.
fn search_path(query: &SearchQuery) -> String {
    let mut path = format!("/search?q={}", String::from(js_sys::encode_uri_component(&query.q)));
    let numbers = [
        ("from", query.from.map(|t| t.0)),
        ("to", query.to.map(|t| t.0)),
        ("author", query.author.map(|u| u.0)),
        ("project", query.project.map(|p| p.0)),
        ("before", query.before.map(|m| m.0)),
    ];
    for (name, value) in numbers {
        if let Some(value) = value {
            path.push_str(&format!("&{name}={value}"));
        }
    }
    if let Some(kind) = query.kind {
        path.push_str(&format!("&kind={}", kind.as_str()));
    }
    path
}

/// `GET /me/notifications`: what the user wants to be notified of.
pub async fn notification_preferences() -> Result<NotificationPreferences, ApiError> {
    request(Method::Get, "/me/notifications", None::<&()>).await
}

/// `PUT /me/notifications`: changes what the user wants to be notified of.
pub async fn save_notification_preferences(
    preferences: &NotificationPreferences,
) -> Result<NotificationPreferences, ApiError> {
    request(Method::Put, "/me/notifications", Some(preferences)).await
}

/// `GET /projects`: the projects the user may start conversations in.
pub async fn projects() -> Result<Vec<ProjectSummary>, ApiError> {
    request(Method::Get, "/projects", None::<&()>).await
}

/// `GET /people`: the people of the company, whom a direct conversation without a project
/// may include.
pub async fn people() -> Result<Vec<DirectoryMember>, ApiError> {
    request(Method::Get, "/people", None::<&()>).await
}

/// `GET /projects/{id}/distribution-groups`: a project's distribution groups.
pub async fn distribution_groups(project: ProjectId) -> Result<Vec<DistributionGroup>, ApiError> {
    request(Method::Get, &format!("/projects/{project}/distribution-groups"), None::<&()>).await
}

/// `POST /conversations/preview`: who a "+ Créer" conversation would reach.
pub async fn preview_conversation(
    card: &PreviewConversation,
) -> Result<ConversationPreview, ApiError> {
    request(Method::Post, "/conversations/preview", Some(card)).await
}

/// `POST /conversations`: creates a conversation with its subject and first message
/// (idempotent by the message's key).
pub async fn create_conversation(
    new: &CreateConversation,
) -> Result<ConversationSummary, ApiError> {
    request(Method::Post, "/conversations", Some(new)).await
}

/// `POST /conversations/direct`: the direct conversation of these people in this project,
/// started or found again.
pub async fn start_direct(
    people: &CreateDirectConversation,
) -> Result<ConversationSummary, ApiError> {
    request(Method::Post, "/conversations/direct", Some(people)).await
}

/// `POST /groups`: creates a group.
pub async fn create_group(group: &CreateGroup) -> Result<ConversationSummary, ApiError> {
    request(Method::Post, "/groups", Some(group)).await
}

/// `GET /projects/{id}/directory`: the people of a project the user may converse with.
pub async fn directory(project: ProjectId) -> Result<Vec<DirectoryMember>, ApiError> {
    request(Method::Get, &format!("/projects/{project}/directory"), None::<&()>).await
}

/// `GET /conversations/{id}/mentionable`: who may be @mentioned there.
pub async fn mentionable(conversation: ConversationId) -> Result<Vec<DirectoryMember>, ApiError> {
    request(Method::Get, &format!("/conversations/{conversation}/mentionable"), None::<&()>).await
}

/// `PATCH /groups/{id}`: renames a group or changes its members.
pub async fn update_group(
    group: ConversationId,
    change: &UpdateGroup,
) -> Result<ConversationSummary, ApiError> {
    request(Method::Patch, &format!("/groups/{group}"), Some(change)).await
}

/// `GET /admin/settings`: the company's Conversations settings (company admins).
pub async fn company_settings() -> Result<CompanySettings, ApiError> {
    request(Method::Get, "/admin/settings", None::<&()>).await
}

/// `PUT /admin/settings`: replaces them; the answer is what the server kept.
pub async fn save_company_settings(
    settings: &CompanySettings,
) -> Result<CompanySettings, ApiError> {
    request(Method::Put, "/admin/settings", Some(settings)).await
}

/// `POST /admin/integration-token`: a new integration token (the old one stops working).
pub async fn new_integration_token() -> Result<IntegrationToken, ApiError> {
    request(Method::Post, "/admin/integration-token", None::<&()>).await
}

/// `GET /admin/audit-log`: a page of the audit log, newest first.
pub async fn audit_log(query: AuditLogQuery) -> Result<Vec<AuditEntry>, ApiError> {
    let mut params = Vec::new();
    if let Some(action) = query.action {
        params.push(format!("action={}", action.as_str()));
    }
    if let Some(before) = query.before {
        params.push(format!("before={before}"));
    }
    if let Some(limit) = query.limit {
        params.push(format!("limit={limit}"));
    }
    request(Method::Get, &format!("/admin/audit-log?{}", params.join("&")), None::<&()>).await
}

/// The address of the export of `[from, to)`, for the browser to download as a file (it
/// streams to disk; the app never holds it).
pub fn export_address(from: Timestamp, to: Timestamp) -> String {
    format!("{API_PREFIX}/admin/export?from={}&to={}", from.0, to.0)
}

/// `POST /widget/session`: the item panel's ticket, exchanged (once) for its session.
pub async fn exchange_widget_ticket(ticket: &str) -> Result<WidgetSession, ApiError> {
    let request_body = ExchangeWidgetTicket { ticket: ticket.to_owned() };
    request(Method::Post, "/widget/session", Some(&request_body)).await
}

/// `GET /items/{id}/conversation`: the item's conversation, if it was started.
pub async fn started_item_conversation(item: ItemId) -> Result<ConversationSummary, ApiError> {
    request(Method::Get, &format!("/items/{item}/conversation"), None::<&()>).await
}

/// `POST /items/{id}/conversation`: the item's conversation, started now if it was not.
pub async fn item_conversation(item: ItemId) -> Result<ConversationSummary, ApiError> {
    request(Method::Post, &format!("/items/{item}/conversation"), None::<&()>).await
}

/// `GET /items/by-host-ids`: an item by the host product's ids, if the user may read it.
pub async fn item_by_host_ids(project: &str, item: &str) -> Result<ItemSummary, ApiError> {
    let (project, item) =
        (js_sys::encode_uri_component(project), js_sys::encode_uri_component(item));
    let path = format!("/items/by-host-ids?project={project}&item={item}");
    request(Method::Get, &path, None::<&()>).await
}
