//! Instants on the wire.

use serde::{Deserialize, Serialize};

/// An instant, in milliseconds since the Unix epoch (UTC), by the server's clock.
///
/// Milliseconds rather than an RFC 3339 string: the browser's `Date` takes them as they are,
/// and the SPA carries no date library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Timestamp(pub i64);
