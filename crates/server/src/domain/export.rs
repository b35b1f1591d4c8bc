//! The audited export of all conversation data of a period (company admins only).

use std::collections::HashMap;

use parlons_api::{
    AuditAction, ConversationId, Export, ExportQuery, ExportedConversation, Participant,
};

use crate::AppState;
use crate::auth::Session;
use crate::error::AppError;

/// Everything of the company's conversations in the period, after writing who asked and
/// when to the audit log (no record, no export).
///
/// This is the one case where being company admin reads what they could not read otherwise
/// (PRODUCT.md section 2), and why it is audited.
pub async fn export(
    state: &AppState,
    session: &Session,
    query: ExportQuery,
) -> Result<Export, AppError> {
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

    let messages = state.store.exported_messages(session.company, query.from, query.to).await?;
    let mut ids: Vec<ConversationId> = messages.iter().map(|(c, _)| *c).collect();
    ids.dedup();
    let summaries = state.store.conversation_summaries(session.user, &ids).await?;
    let mut by_id: HashMap<ConversationId, ExportedConversation> = summaries
        .into_iter()
        .map(|s| {
            let conversation = ExportedConversation {
                id: s.id,
                kind: s.kind,
                project: s.project,
                item: s.item,
                subject: s.subject,
                created_at: s.created_at,
                participants: s.participants,
                messages: Vec::new(),
            };
            (s.id, conversation)
        })
        .collect();
    for (conversation, message) in messages {
        if let Some(exported) = by_id.get_mut(&conversation) {
            exported.messages.push(message);
        }
    }
    let me = super::accounts::me(state, session).await?;
    let mut conversations: Vec<ExportedConversation> = by_id.into_values().collect();
    conversations.sort_by_key(|c| c.id);
    Ok(Export {
        company: me.company.name,
        from: query.from,
        to: query.to,
        generated_at: now,
        generated_by: Participant { id: me.id, name: me.name, is_external: me.company.is_external },
        conversations,
    })
}

/// The company's audit log (company admins only).
pub async fn audit_log(
    state: &AppState,
    session: &Session,
) -> Result<Vec<parlons_api::AuditEntry>, AppError> {
    if !session.is_admin {
        return Err(AppError::forbidden("Only company admins read the audit log."));
    }
    Ok(state.store.audit_log(session.company).await?)
}
