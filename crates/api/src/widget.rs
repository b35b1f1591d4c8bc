//! The item-sidebar widget: the host product's page shows one item's conversation in an
//! iframe of `/embed/items/{tool}/{item}`, opened with a single-use ticket the host product
//! asked for, server to server, with its integration token.

use serde::{Deserialize, Serialize};

use crate::{ItemSummary, Me, Timestamp};

/// How long a widget ticket may wait to be exchanged, in milliseconds.
pub const WIDGET_TICKET_LIFETIME_MS: i64 = 2 * 60 * 1000;

/// `POST /api/v1/integration/widget-tickets`: a ticket for one user to open one item's
/// panel, by the host product's ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateWidgetTicket {
    /// The user, by the host product's id.
    pub user: String,
    /// The item's project, by the host product's id.
    pub project: String,
    /// The item, by the host product's id.
    pub item: String,
}

/// A widget ticket: give it to the user's browser (the loader's `data-ticket`); it opens
/// the panel once, within [`WIDGET_TICKET_LIFETIME_MS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetTicket {
    /// The ticket.
    pub ticket: String,
    /// Until when it may be exchanged.
    pub expires_at: Timestamp,
}

/// `POST /api/v1/widget/session`: the panel exchanges its ticket for a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExchangeWidgetTicket {
    /// The ticket the host page gave the panel.
    pub ticket: String,
}

/// A session limited to one item's conversation, for the panel: sent as `Authorization:
/// Bearer <token>` (and as `access_token` in the event stream's query, which an
/// `EventSource` cannot give headers), kept in the panel's memory only, so that it works
/// where third-party cookies are blocked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetSession {
    /// The session's token.
    pub token: String,
    /// Who the panel shows the item to.
    pub me: Me,
    /// The item.
    pub item: ItemSummary,
}
