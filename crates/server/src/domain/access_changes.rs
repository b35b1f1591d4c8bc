//! Telling open clients at once when a change of the host product (a Directory, an item's
//! access, a tool permission, the company's settings) gives or takes away conversations:
//! `conversation.created` for what someone may now read, `conversation.removed` for what
//! they no longer may, logged in the transaction that makes the change. The stream already
//! delivers nothing of a conversation one may not read; this makes the screen follow too.

use std::collections::{BTreeMap, BTreeSet};

use parlons_api::{CompanyId, ConversationId, Event, Timestamp, UserId};

use super::Appended;
use super::access::may_read;
use crate::AppState;
use crate::error::AppError;
use crate::store::Tx;

/// What some users could read before a change, to compare with after it.
pub struct AccessBefore {
    company: CompanyId,
    readable: BTreeMap<UserId, BTreeSet<ConversationId>>,
}

async fn readable(
    tx: &mut Tx,
    company: CompanyId,
    user: UserId,
) -> Result<BTreeSet<ConversationId>, AppError> {
    let candidates = tx.candidate_facts(company, user).await?;
    Ok(candidates.into_iter().filter(|(_, facts)| may_read(facts)).map(|(id, _)| id).collect())
}

impl AccessBefore {
    /// Notes what `users` may read in the company, before the change is made in `tx`.
    pub async fn note(tx: &mut Tx, company: CompanyId, users: &[UserId]) -> Result<Self, AppError> {
        let mut noted = BTreeMap::new();
        for &user in users {
            noted.insert(user, readable(tx, company, user).await?);
        }
        Ok(Self { company, readable: noted })
    }

    /// Once the change is made in `tx`: commits it with the events telling each noted user
    /// what it gave or took away from them, and wakes their streams.
    pub async fn commit(self, state: &AppState, tx: Tx) -> Result<(), AppError> {
        self.commit_with(state, tx, Appended::default()).await
    }

    /// Like [`Self::commit`], with events the change logged itself in `tx` (`appended`).
    pub async fn commit_with(
        self,
        state: &AppState,
        mut tx: Tx,
        mut appended: Appended,
    ) -> Result<(), AppError> {
        self.log_changes(&mut tx, state.clock.now(), &mut appended).await?;
        tx.commit().await?;
        appended.announce(state);
        Ok(())
    }

    async fn log_changes(
        self,
        tx: &mut Tx,
        now: Timestamp,
        appended: &mut Appended,
    ) -> Result<(), AppError> {
        for (user, before) in self.readable {
            let after = readable(tx, self.company, user).await?;
            for &conversation_id in before.difference(&after) {
                let removed = Event::ConversationRemoved { conversation_id };
                appended.push(tx, &[user], self.company, None, &removed, now).await?;
            }
            let gained: Vec<ConversationId> = after.difference(&before).copied().collect();
            for conversation in tx.conversation_summaries(user, &gained).await? {
                let id = conversation.id;
                let created = Event::ConversationCreated { conversation };
                appended.push(tx, &[user], self.company, Some(id), &created, now).await?;
            }
        }
        Ok(())
    }
}
