//! Drafts: what is typed and not sent, kept in the browser (`localStorage`) per user, company
//! and place — a conversation, a thread, a card of "+ Créer" — so that a reload or another
//! tab finds it, formatting and mentions included. Cleared when sent.

use leptos::prelude::*;
use parlons_api::{CompanyId, ConversationId, MessageId, UserId};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::kept_list::storage;

/// Where a draft is being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftPlace {
    /// The composer of a conversation, or of a message's thread.
    Conversation(ConversationId, Option<MessageId>),
    /// A card of "+ Créer" (`company`, `confidential`, `direct`…).
    New(&'static str),
}

impl DraftPlace {
    /// Its name among the drafts (and the files attached to it).
    pub fn key(self) -> String {
        match self {
            DraftPlace::Conversation(id, None) => format!("c{id}"),
            DraftPlace::Conversation(id, Some(root)) => format!("c{id}.t{root}"),
            DraftPlace::New(card) => format!("new.{card}"),
        }
    }
}

/// The drafts of the logged-in user in the company on screen.
#[derive(Debug, Clone, Copy)]
pub struct Drafts {
    user: UserId,
    company: CompanyId,
}

/// Provides the drafts of a user in a company.
pub fn provide_drafts(user: UserId, company: CompanyId) -> Drafts {
    let drafts = Drafts { user, company };
    provide_context(drafts);
    drafts
}

/// The drafts, if provided (isolated components keep none).
pub fn use_drafts() -> Option<Drafts> {
    use_context::<Drafts>()
}

impl Drafts {
    fn key(&self, place: DraftPlace) -> String {
        format!("parlons.draft.{}.{}.{}", self.user, self.company, place.key())
    }

    /// The draft kept for a place: a message, or a whole "+ Créer" form.
    pub fn load<T: DeserializeOwned>(&self, place: DraftPlace) -> Option<T> {
        let json = storage()?.get_item(&self.key(place)).ok()??;
        crate::json::decode(&json).ok()
    }

    /// Keeps a draft; a blank one is forgotten.
    pub fn save<T: Serialize>(&self, place: DraftPlace, draft: Option<&T>) {
        let Some(storage) = storage() else { return };
        let key = self.key(place);
        match draft.map(crate::json::encode) {
            Some(Ok(json)) => {
                // A full storage loses the draft, not the message.
                let _ = storage.set_item(&key, &json);
            }
            _ => {
                let _ = storage.remove_item(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use parlons_api::Document;

    use super::*;

    #[wasm_bindgen_test]
    fn drafts_are_kept_per_user_company_and_place() {
        let bruno = Drafts { user: UserId(1), company: CompanyId(1) };
        let other_company = Drafts { user: UserId(1), company: CompanyId(2) };
        let place = DraftPlace::Conversation(ConversationId(7), None);
        let thread = DraftPlace::Conversation(ConversationId(7), Some(MessageId(3)));
        let text = Document::from_plain_text("Pas fini");
        bruno.save(place, Some(&text));
        assert_eq!(bruno.load(place), Some(text));
        assert_eq!(bruno.load::<Document>(thread), None);
        assert_eq!(other_company.load::<Document>(place), None);
        bruno.save::<Document>(place, None);
        assert_eq!(bruno.load::<Document>(place), None);
    }
}
