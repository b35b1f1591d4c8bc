//! The audit log: who did what when, newest first, a page at a time, filtered by action.

use leptos::prelude::*;
use parlons_api::{AuditAction, AuditActionKind};

use super::text::AdminKey;
use crate::i18n::{I18n, tr, use_i18n};
use crate::state::admin::use_admin;

/// The audit log's page.
#[component]
pub fn AuditPage() -> impl IntoView {
    let admin = use_admin();
    let i18n = use_i18n();
    admin.read_audit(None);
    let audit = admin.audit();
    let filters = [
        (None, AdminKey::AllActions),
        (Some(AuditActionKind::Export), AdminKey::Exports),
        (Some(AuditActionKind::SettingsChanged), AdminKey::SettingsChanges),
        (Some(AuditActionKind::IntegrationTokenRotated), AdminKey::TokenRotations),
    ];
    let rows = move || {
        audit
            .with(|pages| pages.entries.clone())
            .into_iter()
            .map(|entry| {
                let at = entry.at.0;
                view! {
                    <tr>
                        <td>{move || i18n.with_locale(|locale| locale.date_time(at))}</td>
                        <td>{entry.actor.name.clone()}</td>
                        <td>{move || what(&entry.action, &i18n)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="admin-card" aria-labelledby="audit-title">
            <h1 id="audit-title">{tr(AdminKey::AuditTitle)}</h1>
            <p class="admin-intro">{tr(AdminKey::AuditIntro)}</p>
            <label class="audit-filter">
                {tr(AdminKey::ActionFilter)}
                <select on:change=move |ev| {
                    let chosen = event_target_value(&ev).parse::<usize>().ok();
                    admin.read_audit(chosen.and_then(|i| filters.get(i)).and_then(|(kind, _)| *kind));
                }>
                    {filters
                        .iter()
                        .enumerate()
                        .map(|(i, (kind, label))| {
                            let kind = *kind;
                            view! { <option value=i.to_string() selected=move || audit.with(|p| p.filter == kind)>{tr(*label)}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <table class="audit-table">
                <thead>
                    <tr><th scope="col">{tr(AdminKey::When)}</th><th scope="col">{tr(AdminKey::Who)}</th><th scope="col">{tr(AdminKey::What)}</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {move || audit.with(|p| p.started && p.entries.is_empty()).then(|| view! { <p class="field-hint">{tr(AdminKey::NothingYet)}</p> })}
            {move || audit.with(|p| p.error.clone()).map(|error| view! { <p class="form-error" role="alert">{error.describe(&i18n)}</p> })}
            {move || audit.with(|p| p.loading).then(|| view! { <p aria-busy="true">{tr(crate::i18n::Key::Loading)}</p> })}
            <Show when=move || audit.with(|p| p.more && !p.loading)>
                <button type="button" class="secondary-button" on:click=move |_| admin.read_more_audit()>
                    {tr(AdminKey::ShowOlder)}
                </button>
            </Show>
        </section>
    }
}

/// What an entry says was done, in the language on screen.
fn what(action: &AuditAction, i18n: &I18n) -> String {
    match action {
        AuditAction::Export { from, to } => {
            // The period's end is excluded: the last day exported is the one before it.
            let (from, to) = i18n.with_locale(|locale| (locale.day(from.0), locale.day(to.0 - 1)));
            i18n.fill(AdminKey::DidExport, &[("from", &from), ("to", &to)])
        }
        AuditAction::SettingsChanged { .. } => i18n.t(AdminKey::DidChangeSettings).to_owned(),
        AuditAction::IntegrationTokenRotated {} => i18n.t(AdminKey::DidRotateToken).to_owned(),
    }
}
