//! The rules of PRODUCT.md: who may do what, decided here for every request. Routes only
//! parse and answer; the store only reads and writes.

pub mod accounts;
pub mod conversations;
pub mod direct;
pub mod messaging;
pub mod projects;

use parlons_api::UserId;

use crate::AppState;

/// Whether a create request made something new or returned what an earlier identical
/// request made (routes answer 201 or 200).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Made now.
    Created,
    /// Made before, by the same request or its equivalent: returned as it is.
    Existing,
}

/// Wakes the event streams of the users whose logs the committed transaction appended to.
fn publish(state: &AppState, appended: &[(UserId, i64)]) {
    for &(user, seq) in appended {
        state.hub.publish(user, seq);
    }
}
