//! Searching messages: the query and its filters, and the results, kept while the search
//! panel is closed so that it opens again as it was left.

use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_api::{
    ConversationKind, Message, MessageId, ProjectId, SearchQuery, Timestamp, UserId,
};

use crate::api::{self, ApiError};
use crate::i18n::Key;

/// How far back to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// No limit.
    #[default]
    Any,
    /// The last 7 days.
    Week,
    /// The last 30 days.
    Month,
    /// The last 12 months.
    Year,
}

impl Period {
    /// Every period, in the order the filter lists them.
    pub const ALL: [Period; 4] = [Period::Any, Period::Week, Period::Month, Period::Year];

    /// Its name in the filter's choices (empty for no limit).
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Any => "",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }

    /// Its label.
    pub fn key(self) -> Key {
        match self {
            Period::Any => Key::AnyTime,
            Period::Week => Key::LastWeek,
            Period::Month => Key::LastMonth,
            Period::Year => Key::LastYear,
        }
    }

    /// The earliest instant it covers, seen from `now`.
    pub fn start(self, now: Timestamp) -> Option<Timestamp> {
        const DAY_MS: i64 = 24 * 60 * 60 * 1000;
        let days = match self {
            Period::Any => return None,
            Period::Week => 7,
            Period::Month => 30,
            Period::Year => 365,
        };
        Some(Timestamp(now.0 - days * DAY_MS))
    }
}

/// Where a search stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing searched yet.
    Idle,
    /// Waiting for the server.
    Searching,
    /// The results so far, newest first, and where more continue.
    Found {
        /// The matching messages.
        messages: Vec<Message>,
        /// Pass as `before` for more.
        more: Option<MessageId>,
    },
    /// The search failed.
    Failed(ApiError),
}

/// The words and filters of a search, as the panel shows them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Form {
    /// The words typed.
    pub text: String,
    /// How far back.
    pub period: Period,
    /// Only messages by this person.
    pub author: Option<UserId>,
    /// Only messages of this project.
    pub project: Option<ProjectId>,
    /// Only messages of this kind of conversation.
    pub kind: Option<ConversationKind>,
}

/// The search, shared through context.
#[derive(Clone, Copy)]
pub struct Search {
    /// Whether the search panel is open.
    pub open: RwSignal<bool>,
    /// The words and filters.
    pub form: RwSignal<Form>,
    outcome: RwSignal<Outcome>,
    /// Counts the searches started, so that a slow answer to an older one is dropped.
    generation: StoredValue<u32>,
}

/// Creates the search state and provides it.
pub fn provide_search() -> Search {
    let search = Search {
        open: RwSignal::new(false),
        form: RwSignal::new(Form::default()),
        outcome: RwSignal::new(Outcome::Idle),
        generation: StoredValue::new(0),
    };
    provide_context(search);
    search
}

/// The search provided by [`provide_search`].
pub fn use_search() -> Search {
    expect_context::<Search>()
}

impl Search {
    /// Where the search stands.
    pub fn outcome(&self) -> ReadSignal<Outcome> {
        self.outcome.read_only()
    }

    /// The query the words and filters make, for results older than `before` if given.
    fn query(&self, before: Option<MessageId>) -> SearchQuery {
        self.form.with_untracked(|form| SearchQuery {
            q: form.text.trim().to_owned(),
            from: form.period.start(crate::format::now()),
            to: None,
            author: form.author,
            project: form.project,
            kind: form.kind,
            before,
            limit: None,
        })
    }

    /// Searches with the words and filters as they are now (nothing for no words).
    pub fn run(&self) {
        let query = self.query(None);
        if query.q.is_empty() {
            self.outcome.set(Outcome::Idle);
            return;
        }
        self.outcome.set(Outcome::Searching);
        self.fetch(query, Vec::new());
    }

    /// Loads the next page of results.
    pub fn more(&self) {
        let Outcome::Found { messages, more: Some(cursor) } = self.outcome.get_untracked() else {
            return;
        };
        self.fetch(self.query(Some(cursor)), messages);
    }

    fn fetch(&self, query: SearchQuery, mut found: Vec<Message>) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let this = *self;
        spawn_local(async move {
            let outcome = match api::search(&query).await {
                Ok(results) => {
                    found.extend(results.messages);
                    Outcome::Found { messages: found, more: results.older_cursor }
                }
                Err(error) => Outcome::Failed(error),
            };
            if this.generation.try_get_value() == Some(generation) {
                this.outcome.set(outcome);
            }
        });
    }
}
