//! The item-sidebar widget: tickets the host product asks for, and the sessions they open,
//! limited to one item's conversation (see `auth::widget_may_call` and
//! `conversations::in_company`).

use parlons_api::{
    CreateWidgetTicket, ExchangeWidgetTicket, Timestamp, WIDGET_TICKET_LIFETIME_MS, WidgetSession,
    WidgetTicket,
};

use super::accounts::new_token;
use crate::AppState;
use crate::auth::{Integration, Session, token_hash};
use crate::error::AppError;
use crate::store::TicketRecord;

/// How long a widget's session lasts: a working day with the host page open.
pub const WIDGET_SESSION_LIFETIME_MS: i64 = 12 * 3600 * 1000;

/// A single-use ticket for one of the company's users to open one of its items' panel.
pub async fn new_ticket(
    state: &AppState,
    integration: Integration,
    request: CreateWidgetTicket,
) -> Result<WidgetTicket, AppError> {
    let company = integration.company;
    let mut tx = state.store.begin().await?;
    let user = tx.member_by_external_id(company, &request.user).await?.ok_or_else(|| {
        AppError::invalid("No user of the company has this id.").at("user", "unknown")
    })?;
    let item =
        tx.item_by_external_ids(company, &request.project, &request.item).await?.ok_or_else(
            || AppError::invalid("No item of the company has these ids.").at("item", "unknown"),
        )?;
    tx.commit().await?;
    ticket_for(state, TicketRecord { company, user, item }).await
}

/// A single-use ticket for this user of the company to open this item's panel.
pub async fn ticket_for(state: &AppState, record: TicketRecord) -> Result<WidgetTicket, AppError> {
    let ticket = new_token();
    let now = state.clock.now();
    let expires_at = Timestamp(now.0 + WIDGET_TICKET_LIFETIME_MS);
    let mut tx = state.store.begin().await?;
    tx.insert_ticket(&token_hash(&ticket), record, now, expires_at).await?;
    tx.commit().await?;
    Ok(WidgetTicket { ticket, expires_at })
}

/// The session a ticket opens, once: limited to its item's conversation.
pub async fn exchange(
    state: &AppState,
    request: ExchangeWidgetTicket,
) -> Result<WidgetSession, AppError> {
    let now = state.clock.now();
    let mut tx = state.store.begin().await?;
    let refused = || {
        AppError::forbidden("This panel's ticket was already used or has expired: reload the page.")
            .at("ticket", "expired")
    };
    let ticket = tx.use_ticket(&token_hash(&request.ticket), now).await?.ok_or_else(refused)?;
    let token = new_token();
    let token_hash = token_hash(&token);
    let expires_at = Timestamp(now.0 + WIDGET_SESSION_LIFETIME_MS);
    tx.insert_session(
        &token_hash,
        (ticket.user, ticket.company, Some(ticket.item)),
        now,
        expires_at,
    )
    .await?;
    tx.commit().await?;
    let record = state.store.session(&token_hash, now).await?.ok_or_else(refused)?;
    let session = Session::of(record, token_hash);
    let me = super::accounts::me(state, &session).await?;
    let item = state.store.item_summary(ticket.item).await?.ok_or(AppError::NotFound("item"))?;
    Ok(WidgetSession { token, me, item })
}
