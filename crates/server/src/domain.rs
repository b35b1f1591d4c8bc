//! The rules of PRODUCT.md: who may do what, decided here for every request. Routes only
//! parse and answer; the store only reads and writes.

pub mod access;
pub mod access_changes;
pub mod accounts;
pub mod attachments;
pub mod compose;
pub mod conversations;
pub mod direct;
pub mod export;
pub mod groups;
pub mod integration;
pub mod items;
pub mod login_limits;
pub mod messaging;
pub mod notifications;
pub mod people;
pub mod projects;
pub mod search;
pub mod settings;
pub mod widget;

use std::collections::HashMap;
use std::sync::Arc;

use parlons_api::{CompanyId, ConversationId, Event, Timestamp, UserId};

use crate::AppState;
use crate::error::AppError;
use crate::events::Shared;
use crate::store::Tx;

/// Whether a create request made something new or returned what an earlier identical
/// request made (routes answer 201 or 200).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Made now.
    Created,
    /// Made before, by the same request or its equivalent: returned as it is.
    Existing,
}

/// Events appended in a transaction, to announce once it is committed.
#[derive(Debug, Default)]
#[must_use = "announce the events once the transaction is committed"]
pub struct Appended(Vec<(UserId, i64, Arc<Shared>)>);

impl Appended {
    /// Appends `event` to the log of each recipient (serialised once for all of them).
    pub async fn push(
        &mut self,
        tx: &mut Tx,
        recipients: &[UserId],
        company: CompanyId,
        conversation: Option<ConversationId>,
        event: &Event,
        now: Timestamp,
    ) -> Result<(), AppError> {
        self.push_variants(tx, &[(recipients, event)], company, conversation, now).await
    }

    /// Appends to each group of recipients its variant of one event (a message notifies some
    /// readers and not others): each variant serialised once, all logged in one write.
    pub async fn push_variants(
        &mut self,
        tx: &mut Tx,
        variants: &[(&[UserId], &Event)],
        company: CompanyId,
        conversation: Option<ConversationId>,
        now: Timestamp,
    ) -> Result<(), AppError> {
        let mut shared = Vec::with_capacity(variants.len());
        for &(users, event) in variants {
            let event = Shared::new(company, conversation, event)
                .map_err(|error| AppError::Internal(error.into()))?;
            shared.push((users, event));
        }
        let logged: Vec<(&[UserId], &Shared)> =
            shared.iter().map(|(users, event)| (*users, &**event)).collect();
        let numbered: HashMap<UserId, i64> =
            tx.append_events(&logged, now).await?.into_iter().collect();
        for (users, event) in shared {
            for &user in users {
                let Some(&seq) = numbered.get(&user) else { continue };
                self.0.push((user, seq, Arc::clone(&event)));
            }
        }
        Ok(())
    }

    /// Hands the events to the recipients' open streams; call after the commit.
    pub fn announce(self, state: &AppState) {
        state.hub.deliver(self.0);
    }
}
