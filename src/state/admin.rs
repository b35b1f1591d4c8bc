//! What the admin pages read and change: the company's Conversations settings, its
//! integration token and its audit log. Every call is refused by the server to anyone but a
//! company admin; these pages are only the way to make them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_api::{
    AuditActionKind, AuditEntry, AuditLogQuery, CompanySettings, IntegrationToken, ProjectSummary,
};

use crate::api::{self, ApiError};

/// The admin pages' state, shared through context.
#[derive(Clone, Copy)]
pub struct Admin {
    settings: RwSignal<Option<Result<CompanySettings, ApiError>>>,
    projects: LocalResource<Result<Vec<ProjectSummary>, ApiError>>,
    save: Action<CompanySettings, Result<CompanySettings, ApiError>>,
    new_token: Action<(), Result<IntegrationToken, ApiError>>,
    audit: RwSignal<AuditPages>,
}

/// Provides the admin pages' state to the component tree.
pub fn provide_admin() -> Admin {
    let settings = RwSignal::new(None);
    let admin = Admin {
        settings,
        projects: LocalResource::new(api::projects),
        save: Action::new_local(move |next: &CompanySettings| {
            let next = next.clone();
            async move {
                let saved = api::save_company_settings(&next).await;
                if let Ok(saved) = &saved {
                    settings.set(Some(Ok(saved.clone())));
                }
                saved
            }
        }),
        new_token: Action::new_local(|_: &()| api::new_integration_token()),
        audit: RwSignal::new(AuditPages::default()),
    };
    provide_context(admin);
    spawn_local(async move { settings.set(Some(api::company_settings().await)) });
    admin
}

/// The state provided by [`provide_admin`].
pub fn use_admin() -> Admin {
    expect_context::<Admin>()
}

impl Admin {
    /// The settings as the server last said them (`None` while asked for).
    pub fn settings(&self) -> Signal<Option<Result<CompanySettings, ApiError>>> {
        self.settings.into()
    }

    /// Every project of the company, for the picker of selected projects.
    pub fn projects(&self) -> LocalResource<Result<Vec<ProjectSummary>, ApiError>> {
        self.projects
    }

    /// Saves new settings; [`Admin::settings`] becomes what the server kept.
    pub fn save(&self, next: CompanySettings) {
        self.save.dispatch(next);
    }

    /// The last save's outcome, and whether one is under way.
    pub fn saving(&self) -> (Signal<Option<Result<CompanySettings, ApiError>>>, Signal<bool>) {
        (self.save.value().into(), self.save.pending().into())
    }

    /// Creates a new integration token, which replaces the current one.
    pub fn create_token(&self) {
        self.new_token.dispatch(());
    }

    /// The new token (shown once), and whether one is being created.
    pub fn new_token(&self) -> (Signal<Option<Result<IntegrationToken, ApiError>>>, Signal<bool>) {
        (self.new_token.value().into(), self.new_token.pending().into())
    }

    /// The audit log's pages read so far.
    pub fn audit(&self) -> Signal<AuditPages> {
        self.audit.into()
    }

    /// Reads the audit log again from its newest entry, only `filter`'s kind if any.
    pub fn read_audit(&self, filter: Option<AuditActionKind>) {
        self.audit.set(AuditPages { filter, ..AuditPages::default() });
        self.read_more_audit();
    }

    /// Reads the next page of the audit log.
    pub fn read_more_audit(&self) {
        let audit = self.audit;
        let Some(query) = audit.with_untracked(AuditPages::next_query) else { return };
        audit.update(|pages| pages.loading = true);
        spawn_local(async move {
            let page = api::audit_log(query).await;
            audit.update(|pages| pages.receive(query, page));
        });
    }
}

/// The audit log as read so far, a page at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditPages {
    /// Only this kind of entry, or every kind.
    pub filter: Option<AuditActionKind>,
    /// The entries read, newest first.
    pub entries: Vec<AuditEntry>,
    /// Whether older entries may remain.
    pub more: bool,
    /// Whether a page is being read.
    pub loading: bool,
    /// Why the last page could not be read.
    pub error: Option<ApiError>,
    /// Whether the first page came.
    pub started: bool,
}

impl AuditPages {
    /// How many entries a page holds.
    pub const PAGE: u32 = 50;

    /// The query of the next page, if there may be one and none is being read.
    fn next_query(&self) -> Option<AuditLogQuery> {
        let first = !self.started;
        (!self.loading && (first || self.more)).then(|| AuditLogQuery {
            action: self.filter,
            before: self.entries.last().map(|entry| entry.id),
            limit: Some(Self::PAGE),
        })
    }

    /// Takes in the answer to `query`, unless the filter changed since it was asked.
    fn receive(&mut self, query: AuditLogQuery, page: Result<Vec<AuditEntry>, ApiError>) {
        if query.action != self.filter || query.before != self.entries.last().map(|e| e.id) {
            return;
        }
        self.loading = false;
        match page {
            Ok(page) => {
                self.started = true;
                self.more = page.len() == Self::PAGE as usize;
                self.entries.extend(page);
                self.error = None;
            }
            Err(error) => self.error = Some(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use parlons_api::{AuditAction, Participant, Timestamp, UserId};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn entry(id: i64) -> AuditEntry {
        AuditEntry {
            id,
            actor: Participant { id: UserId(1), name: "Alice".into(), is_external: false },
            action: AuditAction::IntegrationTokenRotated {},
            at: Timestamp(id),
        }
    }

    #[wasm_bindgen_test]
    fn the_audit_log_is_read_a_page_at_a_time_until_a_short_page() {
        let mut pages = AuditPages::default();
        let first = pages.next_query().unwrap();
        assert_eq!((first.before, first.limit), (None, Some(AuditPages::PAGE)));
        pages.loading = true;
        assert_eq!(pages.next_query(), None, "one page at a time");
        pages.receive(first, Ok((0..50).rev().map(|i| entry(i + 100)).collect()));
        assert!(pages.more && !pages.loading);
        let second = pages.next_query().unwrap();
        assert_eq!(second.before, Some(100), "after the last entry seen");
        pages.loading = true;
        pages.receive(second, Ok(vec![entry(3), entry(2)]));
        assert_eq!(pages.entries.len(), 52);
        assert!(!pages.more);
        assert_eq!(pages.next_query(), None, "a short page was the last");
    }

    #[wasm_bindgen_test]
    fn an_answer_for_another_filter_is_dropped_and_an_error_kept() {
        let mut pages = AuditPages::default();
        let query = pages.next_query().unwrap();
        pages = AuditPages {
            filter: Some(AuditActionKind::Export),
            loading: true,
            ..AuditPages::default()
        };
        pages.receive(query, Ok(vec![entry(1)]));
        assert!(pages.entries.is_empty() && pages.loading, "not the export filter's answer");
        let query =
            AuditLogQuery { action: Some(AuditActionKind::Export), before: None, limit: Some(50) };
        pages.receive(query, Err(ApiError::Network));
        assert_eq!(pages.error, Some(ApiError::Network));
        assert!(!pages.loading);
        assert!(pages.next_query().is_some(), "it can be tried again");
    }
}
