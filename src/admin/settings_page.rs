//! The Conversations settings of PRODUCT.md section 4, each with a sentence on what it does.

use leptos::prelude::*;
use parlons_api::{
    Audience, CompanySettings, DirectMessages, GroupManagers, MAX_WIDGET_ORIGINS, ProjectId,
};

use super::text::AdminKey;
use crate::api::ApiError;
use crate::format::folded;
use crate::i18n::{I18n, tr, use_i18n};
use crate::state::admin::use_admin;

/// The settings page: the form once the settings came.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let admin = use_admin();
    let i18n = use_i18n();
    view! {
        <section class="admin-card" aria-labelledby="settings-title">
            <h1 id="settings-title">{tr(AdminKey::SettingsTitle)}</h1>
            <p class="admin-intro">{tr(AdminKey::SettingsIntro)}</p>
            {move || match admin.settings().get() {
                None => view! { <p aria-busy="true">{tr(crate::i18n::Key::Loading)}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="form-error" role="alert">{error.describe(&i18n)}</p> }.into_any(),
                Some(Ok(current)) => view! { <SettingsForm current=current /> }.into_any(),
            }}
        </section>
    }
}

/// The form, starting from the settings the server holds.
#[component]
fn SettingsForm(
    /// The settings as saved.
    current: CompanySettings,
) -> impl IntoView {
    let admin = use_admin();
    let i18n = use_i18n();
    let origins = RwSignal::new(current.widget_origins.join("\n"));
    let draft = RwSignal::new(current);
    let (outcome, saving) = admin.saving();
    let submitted = StoredValue::new(Vec::<String>::new());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut next = draft.get_untracked();
        next.widget_origins = origin_lines(&origins.get_untracked());
        submitted.set_value(next.widget_origins.clone());
        admin.save(next);
    };
    let origins_error = move || match outcome.get() {
        Some(Err(error)) => origins_refusal(&error, &submitted.get_value(), &i18n),
        _ => None,
    };
    let other_error = move || match outcome.get() {
        Some(Err(error)) if origins_refusal(&error, &[], &i18n).is_none() => {
            Some(error.describe(&i18n))
        }
        _ => None,
    };
    let set = move |change: fn(&mut CompanySettings)| draft.update(change);
    view! {
        <form class="settings-form" on:submit=save>
            <Setting title=AdminKey::AudienceTitle hint=AdminKey::AudienceHint>
                <Choice name="audience" label=AdminKey::AudienceAll checked=Signal::derive(move || draft.with(|s| s.audience == Audience::All)) on_pick=move || set(|s| s.audience = Audience::All) />
                <Choice name="audience" label=AdminKey::AudienceInternal checked=Signal::derive(move || draft.with(|s| s.audience == Audience::Internal)) on_pick=move || set(|s| s.audience = Audience::Internal) />
            </Setting>
            <Setting title=AdminKey::ProjectsTitle hint=AdminKey::ProjectsHint>
                <Choice name="projects" label=AdminKey::ProjectsAll checked=Signal::derive(move || draft.with(|s| s.all_projects)) on_pick=move || set(|s| s.all_projects = true) />
                <Choice name="projects" label=AdminKey::ProjectsSelected checked=Signal::derive(move || draft.with(|s| !s.all_projects)) on_pick=move || set(|s| s.all_projects = false) />
                <Show when=move || draft.with(|s| !s.all_projects)>
                    <ProjectPicker draft=draft />
                </Show>
            </Setting>
            <Setting title=AdminKey::DirectTitle hint=AdminKey::DirectHint>
                <Choice name="direct" label=AdminKey::DirectEveryone checked=Signal::derive(move || draft.with(|s| s.direct_messages == DirectMessages::Everyone)) on_pick=move || set(|s| s.direct_messages = DirectMessages::Everyone) />
                <Choice name="direct" label=AdminKey::DirectInternal checked=Signal::derive(move || draft.with(|s| s.direct_messages == DirectMessages::Internal)) on_pick=move || set(|s| s.direct_messages = DirectMessages::Internal) />
                <Choice name="direct" label=AdminKey::DirectOff checked=Signal::derive(move || draft.with(|s| s.direct_messages == DirectMessages::Off)) on_pick=move || set(|s| s.direct_messages = DirectMessages::Off) />
            </Setting>
            <Setting title=AdminKey::ItemsTitle hint=AdminKey::ItemsHint>
                <Switch label=AdminKey::ItemsOn checked=Signal::derive(move || draft.with(|s| s.item_conversations)) on_toggle=move || set(|s| s.item_conversations = !s.item_conversations) />
            </Setting>
            <Setting title=AdminKey::EditTitle hint=AdminKey::EditHint>
                <Switch label=AdminKey::EditOn checked=Signal::derive(move || draft.with(|s| s.edit_delete)) on_toggle=move || set(|s| s.edit_delete = !s.edit_delete) />
            </Setting>
            <Setting title=AdminKey::GroupsTitle hint=AdminKey::GroupsHint>
                <Choice name="groups" label=AdminKey::GroupsAdmins checked=Signal::derive(move || draft.with(|s| s.group_managers == GroupManagers::Admins)) on_pick=move || set(|s| s.group_managers = GroupManagers::Admins) />
                <Choice name="groups" label=AdminKey::GroupsInternal checked=Signal::derive(move || draft.with(|s| s.group_managers == GroupManagers::Internal)) on_pick=move || set(|s| s.group_managers = GroupManagers::Internal) />
                <Choice name="groups" label=AdminKey::GroupsEveryone checked=Signal::derive(move || draft.with(|s| s.group_managers == GroupManagers::Everyone)) on_pick=move || set(|s| s.group_managers = GroupManagers::Everyone) />
            </Setting>
            <fieldset class="setting">
                <legend>{tr(AdminKey::WidgetTitle)}</legend>
                <p class="field-hint" id="widget-origins-hint">{tr(AdminKey::WidgetHint)}</p>
                <textarea
                    class="origins-input"
                    rows="3"
                    spellcheck="false"
                    aria-label=tr(AdminKey::WidgetTitle)
                    aria-describedby="widget-origins-hint"
                    aria-invalid=move || origins_error().is_some().to_string()
                    prop:value=move || origins.get()
                    on:input=move |ev| origins.set(event_target_value(&ev))
                ></textarea>
                {move || origins_error().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="primary-button" disabled=move || saving.get()>
                    {move || i18n.t(if saving.get() { AdminKey::Saving } else { AdminKey::Save })}
                </button>
                <p class="save-status" role="status">
                    {move || matches!(outcome.get(), Some(Ok(_))).then(tr(AdminKey::Saved))}
                </p>
                {move || other_error().map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
            </div>
        </form>
    }
}

/// One setting: its title, what it does, and its choices.
#[component]
fn Setting(
    /// Its title.
    title: AdminKey,
    /// What it does.
    hint: AdminKey,
    /// Its choices.
    children: Children,
) -> impl IntoView {
    view! {
        <fieldset class="setting">
            <legend>{tr(title)}</legend>
            <p class="field-hint">{tr(hint)}</p>
            {children()}
        </fieldset>
    }
}

/// One of a setting's exclusive choices (a radio button).
#[component]
fn Choice(
    /// The setting's name, shared by its choices.
    name: &'static str,
    /// What it says.
    label: AdminKey,
    /// Whether it is the setting's value.
    #[prop(into)]
    checked: Signal<bool>,
    /// Makes it the setting's value.
    on_pick: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <label class="choice">
            <input type="radio" name=name prop:checked=move || checked.get() on:change=move |_| on_pick() />
            <span>{tr(label)}</span>
        </label>
    }
}

/// An on/off setting (a checkbox).
#[component]
fn Switch(
    /// What it says when on.
    label: AdminKey,
    /// Whether it is on.
    #[prop(into)]
    checked: Signal<bool>,
    /// Turns it over.
    on_toggle: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <label class="choice">
            <input type="checkbox" prop:checked=move || checked.get() on:change=move |_| on_toggle() />
            <span>{tr(label)}</span>
        </label>
    }
}

/// The projects Conversations is on when not on all: the company's projects, found by name
/// or number, each with a checkbox.
#[component]
fn ProjectPicker(
    /// The settings being edited.
    draft: RwSignal<CompanySettings>,
) -> impl IntoView {
    let admin = use_admin();
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let selected_count = move || {
        let n = draft.with(|s| s.selected_projects.len());
        i18n.fill(AdminKey::SelectedCount, &[("count", &n.to_string())])
    };
    let list = move || {
        let projects = match admin.projects().get()? {
            Ok(projects) => projects,
            Err(error) => {
                return Some(
                    view! { <p class="form-error" role="alert">{error.describe(&i18n)}</p> }
                        .into_any(),
                );
            }
        };
        let wanted = folded(query.get().trim());
        let shown: Vec<_> = projects
            .into_iter()
            .filter(|p| {
                wanted.is_empty()
                    || folded(&p.name).contains(&wanted)
                    || p.number.as_deref().is_some_and(|n| folded(n).contains(&wanted))
            })
            .collect();
        if shown.is_empty() {
            return Some(
                view! { <p class="field-hint">{tr(AdminKey::NoProjectMatches)}</p> }.into_any(),
            );
        }
        let rows = shown
            .into_iter()
            .map(|project| {
                let id = project.id;
                let label = match &project.number {
                    Some(number) => format!("{number} · {}", project.name),
                    None => project.name.clone(),
                };
                view! {
                    <label class="choice">
                        <input
                            type="checkbox"
                            prop:checked=move || draft.with(|s| s.selected_projects.contains(&id))
                            on:change=move |_| draft.update(|s| toggle(&mut s.selected_projects, id))
                        />
                        <span>{label}</span>
                    </label>
                }
            })
            .collect_view();
        Some(view! { <div class="project-choices">{rows}</div> }.into_any())
    };
    view! {
        <div class="project-picker">
            <div class="picker-bar">
                <input
                    type="search"
                    class="picker-search"
                    placeholder=tr(AdminKey::FindProject)
                    aria-label=tr(AdminKey::FindProject)
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <span class="field-hint" aria-live="polite">{selected_count}</span>
            </div>
            {list}
        </div>
    }
}

/// Adds the project to the selection, or takes it out.
fn toggle(selected: &mut Vec<ProjectId>, id: ProjectId) {
    match selected.iter().position(|p| *p == id) {
        Some(at) => {
            selected.remove(at);
        }
        None => selected.push(id),
    }
}

/// The origins written one per line, blank lines left out.
fn origin_lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_owned).collect()
}

/// What to say of a refusal of the widget origins (`submitted` are the origins sent), if it
/// is one.
fn origins_refusal(error: &ApiError, submitted: &[String], i18n: &I18n) -> Option<String> {
    let ApiError::Server { field: Some(field), reason, .. } = error else { return None };
    let at = field.strip_prefix("widget_origins")?;
    Some(match reason.as_deref() {
        Some("too_many") => {
            i18n.fill(AdminKey::TooManyOrigins, &[("count", &MAX_WIDGET_ORIGINS.to_string())])
        }
        _ => {
            let index = at.trim_matches(['[', ']']).parse::<usize>().ok();
            let origin = index.and_then(|i| submitted.get(i)).map_or("", String::as_str);
            i18n.fill(AdminKey::NotAnOrigin, &[("origin", origin)])
        }
    })
}

#[cfg(test)]
mod tests {
    use parlons_api::ErrorCode;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::i18n::Lang;

    #[wasm_bindgen_test]
    fn origins_are_one_per_line_and_a_refused_one_is_named() {
        let lines = origin_lines("https://a.example\n\n  http://127.0.0.1:8081  \n");
        assert_eq!(lines, ["https://a.example", "http://127.0.0.1:8081"]);
        let refused = ApiError::Server {
            status: 422,
            code: ErrorCode::InvalidInput,
            message: "no".into(),
            field: Some("widget_origins[1]".into()),
            reason: Some("not_an_origin".into()),
            retry_after: None,
        };
        let i18n = I18n::new(Lang::En);
        let said = origins_refusal(&refused, &lines, &i18n).unwrap();
        assert!(said.starts_with("“http://127.0.0.1:8081” is not a site address"), "{said}");
        assert_eq!(origins_refusal(&ApiError::Network, &lines, &i18n), None);
    }

    #[wasm_bindgen_test]
    fn projects_are_picked_and_unpicked() {
        let mut selected = vec![ProjectId(1)];
        toggle(&mut selected, ProjectId(2));
        toggle(&mut selected, ProjectId(1));
        assert_eq!(selected, [ProjectId(2)]);
    }
}
