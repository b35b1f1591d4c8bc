//! The audited export of all conversation data of a period (company admins only).

use std::collections::HashMap;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use parlons_api::{
    AuditAction, AuditEntry, AuditLogQuery, CompanyId, ConversationId, ConversationKind,
    ConversationSummary, ExportQuery, ItemSummary, MessageId, Participant, ProjectSummary,
    Timestamp, UserId,
};
use serde::Serialize;

use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;

/// How many messages the export reads at a time: what it holds in memory, whatever the
/// company's size.
const PAGE: u32 = 500;

/// Everything of the company's conversations in the period, as the JSON of a [`parlons_api::Export`]
/// written piece by piece as it is read from the database, a page at a time (a large
/// company's export is never whole in memory), after writing who asked and when to the
/// audit log (no record, no export).
///
/// This is the one case where being company admin reads what they could not read otherwise
/// (PRODUCT.md section 2), and why it is audited.
pub async fn export(
    state: &AppState,
    session: &Session,
    query: ExportQuery,
) -> Result<impl Stream<Item = Result<Bytes, AppError>> + use<>, AppError> {
    if !session.is_admin {
        return Err(AppError::forbidden("Only company admins export conversation data."));
    }
    if query.from >= query.to {
        return Err(AppError::invalid("The period's start must come before its end."));
    }
    let now = state.clock.now();
    let mut tx = state.store.begin().await?;
    tx.insert_audit(
        session.company,
        session.user,
        &AuditAction::Export { from: query.from, to: query.to },
        now,
    )
    .await?;
    tx.commit().await?;

    let me = super::accounts::me(state, session).await?;
    let head = ExportHead {
        company: me.company.name,
        from: query.from,
        to: query.to,
        generated_at: now,
        generated_by: Participant { id: me.id, name: me.name, is_external: me.company.is_external },
    };
    let writer = ExportWriter {
        state: state.clone(),
        company: session.company,
        viewer: session.user,
        period: (query.from, query.to),
        after: None,
        open: None,
        finished: false,
    };
    let head = futures_util::stream::once(async move { object_opening(&head, "conversations") });
    let pages = futures_util::stream::try_unfold(writer, |mut writer| async move {
        if writer.finished {
            return Ok(None);
        }
        let piece = writer.next_piece().await?;
        Ok(Some((piece, writer)))
    });
    Ok(head.chain(pages))
}

/// What a [`parlons_api::Export`] says before its conversations (the same fields, in the same order).
#[derive(Serialize)]
struct ExportHead {
    company: String,
    from: Timestamp,
    to: Timestamp,
    generated_at: Timestamp,
    generated_by: Participant,
}

/// What a [`parlons_api::ExportedConversation`] says before its messages.
#[derive(Serialize)]
struct ConversationHead {
    id: ConversationId,
    kind: ConversationKind,
    project: Option<ProjectSummary>,
    item: Option<ItemSummary>,
    subject: Option<String>,
    created_at: Timestamp,
    participants: Vec<Participant>,
}

/// `value`'s JSON object left open at a last field `array`, itself an open array:
/// `{"a":1,"array":[`.
fn object_opening(value: &impl Serialize, array: &str) -> Result<Bytes, AppError> {
    let mut json = serde_json::to_vec(value).map_err(|e| AppError::Internal(Box::new(e)))?;
    json.pop(); // the object's closing brace
    json.extend_from_slice(format!(",\"{array}\":[").as_bytes());
    Ok(json.into())
}

/// Writes the export's conversations a page of messages at a time.
struct ExportWriter {
    state: AppState,
    company: CompanyId,
    viewer: UserId,
    period: (Timestamp, Timestamp),
    /// The last message written, and its conversation.
    after: Option<(ConversationId, MessageId)>,
    /// The conversation whose messages array is open.
    open: Option<ConversationId>,
    finished: bool,
}

impl ExportWriter {
    /// The JSON of the next page of messages, with the conversations they open and close;
    /// the export's end after the last one.
    async fn next_piece(&mut self) -> Result<Bytes, AppError> {
        let store = &self.state.store;
        let page = store.exported_messages(self.company, self.period, self.after, PAGE).await?;
        let mut ids: Vec<ConversationId> = page.iter().map(|(c, _)| *c).collect();
        ids.dedup();
        ids.retain(|id| Some(*id) != self.open);
        let summaries: HashMap<ConversationId, ConversationSummary> = store
            .conversation_summaries(self.viewer, &ids)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
        let mut json = Vec::new();
        for (conversation, message) in &page {
            if self.open != Some(*conversation) {
                let Some(summary) = summaries.get(conversation) else { continue };
                if self.open.is_some() {
                    json.extend_from_slice(b"]},");
                }
                let head = ConversationHead {
                    id: summary.id,
                    kind: summary.kind,
                    project: summary.project.clone(),
                    item: summary.item.clone(),
                    subject: summary.subject.clone(),
                    created_at: summary.created_at,
                    participants: summary.participants.clone(),
                };
                json.extend_from_slice(&object_opening(&head, "messages")?);
                self.open = Some(*conversation);
            } else {
                json.push(b',');
            }
            serde_json::to_writer(&mut json, message)
                .map_err(|e| AppError::Internal(Box::new(e)))?;
        }
        if let Some((conversation, message)) = page.last() {
            self.after = Some((*conversation, message.id));
        }
        if page.len() < PAGE as usize {
            if self.open.is_some() {
                json.extend_from_slice(b"]}");
            }
            json.extend_from_slice(b"]}");
            self.finished = true;
        }
        Ok(json.into())
    }
}

/// A page of the company's audit log (company admins only).
pub async fn audit_log(
    state: &AppState,
    session: &Session,
    query: AuditLogQuery,
) -> Result<Vec<AuditEntry>, AppError> {
    if !session.is_admin {
        return Err(AppError::forbidden("Only company admins read the audit log."));
    }
    let limit = query.limit.unwrap_or(AuditLogQuery::DEFAULT_LIMIT);
    if !(1..=AuditLogQuery::MAX_LIMIT).contains(&limit) {
        let message = format!("limit must be between 1 and {}.", AuditLogQuery::MAX_LIMIT);
        return Err(AppError::malformed(message));
    }
    Ok(state.store.audit_log(session.company, query.action, query.before, limit).await?)
}
