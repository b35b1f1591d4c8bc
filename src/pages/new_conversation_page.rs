//! "+ Créer" (`/new`, `/new/{slug}`): starting a conversation on one of the three cards, a
//! direct message, or a group. A dialog over the workspace; its state is in
//! [`crate::state::new_conversation`].

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_params_map};
use parlons_api::{ConversationKind, ConversationSummary, DirectoryMember, ProjectSummary};

use crate::api::ApiError;
use crate::components::dialog::Dialog;
use crate::components::file_drop::FileDrop;
use crate::components::upload_list::UploadList;
use crate::editor::{Editor, SendKey};
use crate::format::folded;
use crate::i18n::{Key, tr, use_i18n};
use crate::paths;
use crate::state::conversations::use_conversations;
use crate::state::new_conversation::{
    CARDS, Field, Form, NewConversation, Status, from_slug, slug,
};
use crate::state::session::use_session;
use crate::state::uploading::use_uploading;

/// The "+ Créer" dialog; closing it goes back to the conversations.
#[component]
pub fn NewConversationPage() -> impl IntoView {
    let conversations = use_conversations();
    conversations.open(None);
    let params = use_params_map();
    let start = Memo::new(move |_| params.with(|p| from_slug(p.get("kind").as_deref())));
    let form = Memo::new(move |_| start.get().map(|(form, _)| form));
    let card = Memo::new(move |_| start.get().and_then(|(_, card)| card));
    let navigate = use_navigate();
    let close = {
        let navigate = navigate.clone();
        Callback::new(move |()| navigate(paths::CONVERSATIONS, NavigateOptions::default()))
    };
    // Created: it is in the list at once (the stream tells the others), and opens.
    let done = Callback::new(move |conversation: ConversationSummary| {
        let id = conversation.id;
        conversations.upsert(conversation);
        navigate(&paths::conversation(id), NavigateOptions::default());
    });
    let manage_groups = use_session().allows(|me| me.manage_groups);
    let tab = move |this: Form, label: Key| {
        let current = move || form.get() == Some(this);
        let href = match this {
            Form::Conversation => paths::NEW.to_owned(),
            _ => paths::new(slug(this, ConversationKind::Company)),
        };
        view! {
            <a
                href=href
                class="create-tab"
                class:current=current
                aria-current=move || current().then_some("page")
            >
                {tr(label)}
            </a>
        }
    };
    view! {
        <Dialog label=Signal::derive(move || tr(Key::Create)().to_owned()) class="create-dialog" on_close=close>
            <header class="dialog-header">
                <h2>{tr(Key::Create)}</h2>
                <button type="button" class="icon-button" aria-label=tr(Key::Close) on:click=move |_| close.run(())>"×"</button>
            </header>
            <nav class="create-tabs" aria-label=tr(Key::WhatToStart)>
                {tab(Form::Conversation, Key::NewConversation)}
                {tab(Form::DirectMessage, Key::DirectMessage)}
                {move || manage_groups.get().then(|| tab(Form::Group, Key::NewGroup))}
            </nav>
            {move || match form.get() {
                Some(Form::Conversation) => view! { <CardsForm card=card done=done /> }.into_any(),
                Some(Form::DirectMessage) => view! { <DirectMessageForm done=done /> }.into_any(),
                Some(Form::Group) => view! { <GroupForm done=done /> }.into_any(),
                None => view! { <Redirect path=paths::NEW /> }.into_any(),
            }}
        </Dialog>
    }
}

/// The three cards and their conversation: project, participants, subject, message, and who
/// will be able to read it. Ctrl/Cmd+Enter sends (Enter is a new line in a first message).
#[component]
fn CardsForm(
    /// The card the address names, if it names one.
    card: Memo<Option<ConversationKind>>,
    /// Called with the conversation once created.
    done: Callback<ConversationSummary>,
) -> impl IntoView {
    let state = NewConversation::new(Form::Conversation, card.get_untracked());
    // The address decides the card; choosing a card changes the address.
    Effect::new(move |_| {
        if let Some(card) = card.get() {
            state.card.set(card);
        }
    });
    let navigate = use_navigate();
    let choose = move |kind: ConversationKind| {
        let options = NavigateOptions { replace: true, ..NavigateOptions::default() };
        navigate(&paths::new(slug(Form::Conversation, kind)), options);
    };
    let cards = CARDS.map(|kind| {
        let (name, who) = match kind {
            ConversationKind::Confidential => (Key::CardConfidential, Key::CardConfidentialWho),
            ConversationKind::Direct => (Key::CardPrivate, Key::CardPrivateWho),
            _ => (Key::CardCompany, Key::CardCompanyWho),
        };
        let choose = choose.clone();
        let id = format!("card-{}", kind.as_str());
        view! {
            <label class="card" class:chosen=move || state.card.get() == kind>
                <input
                    type="radio"
                    name="card"
                    prop:checked=move || state.card.get() == kind
                    aria-describedby=id.clone()
                    on:change=move |_| choose(kind)
                />
                <span class="card-name">{tr(name)}</span>
                <span class="card-who" id=id>{tr(who)}</span>
            </label>
        }
    });
    let mentionable = Signal::derive(move || {
        state
            .preview
            .get()
            .flatten()
            .and_then(Result::ok)
            .map(|p| p.mentionable)
            .unwrap_or_default()
    });
    view! {
        <FileDrop holder=state.files()>
        <form class="create-form" on:submit=move |ev| { ev.prevent_default(); state.send(done); }>
            <fieldset class="cards">
                <legend class="visually-hidden">{tr(Key::CardKind)}</legend>
                {cards}
            </fieldset>
            <div class="create-columns">
                <div class="create-column">
                    <ProjectPicker state=state />
                    <PeoplePicker state=state legend=Key::Participants />
                </div>
                <div class="create-column">
                    <TitleInput state=state label=Key::Subject />
                    <FirstMessage state=state done=done send_key=SendKey::CtrlEnter mentionable=mentionable />
                    <Readers state=state />
                    <Submit state=state label=Key::Send />
                </div>
            </div>
        </form>
        </FileDrop>
    }
}

/// "Start a direct message": project (or the company), people, message; Enter sends. The
/// same people in the same project find their conversation again.
#[component]
fn DirectMessageForm(done: Callback<ConversationSummary>) -> impl IntoView {
    let state = NewConversation::new(Form::DirectMessage, None);
    let mentionable = Signal::derive(move || state.people.get());
    view! {
        <FileDrop holder=state.files()>
        <form class="create-form" on:submit=move |ev| { ev.prevent_default(); state.send(done); }>
            <div class="create-columns">
                <div class="create-column">
                    <ProjectPicker state=state />
                    <PeoplePicker state=state legend=Key::Participants />
                </div>
                <div class="create-column">
                    <FirstMessage state=state done=done send_key=SendKey::Enter mentionable=mentionable />
                    <Submit state=state label=Key::Send />
                </div>
            </div>
        </form>
        </FileDrop>
    }
}

/// "New group": project, name, and members or everyone in the project's Directory.
#[component]
fn GroupForm(done: Callback<ConversationSummary>) -> impl IntoView {
    let state = NewConversation::new(Form::Group, None);
    view! {
        <form class="create-form" on:submit=move |ev| { ev.prevent_default(); state.send(done); }>
            <ProjectPicker state=state />
            <TitleInput state=state label=Key::GroupName />
            <label class="check-option">
                <input type="checkbox" prop:checked=move || state.everyone.get() on:change=move |ev| state.everyone.set(event_target_checked(&ev)) />
                <span>{tr(Key::EveryoneInDirectoryChoice)}</span>
            </label>
            <Show when=move || !state.everyone.get()>
                <PeoplePicker state=state legend=Key::Members />
            </Show>
            <Submit state=state label=Key::CreateGroup />
        </form>
    }
}

/// The first message: the editor, which key sends, and a refusal of it.
#[component]
fn FirstMessage(
    /// The form it belongs to.
    state: NewConversation,
    /// Called with the conversation once created.
    done: Callback<ConversationSummary>,
    /// Which key sends.
    send_key: SendKey,
    /// The people who may be mentioned.
    mentionable: Signal<Vec<DirectoryMember>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint = match send_key {
        SendKey::CtrlEnter => Key::CtrlEnterSends,
        SendKey::Enter => Key::EnterSends,
    };
    let uploading = use_uploading();
    let files = state.files();
    let on_files = {
        let holder = files.clone();
        Some(Callback::new(move |picked| uploading.attach(&holder, picked)))
    };
    view! {
        <div class="create-message">
            <Editor
                state=state.body
                on_send=Callback::new(move |()| state.send(done))
                label=Signal::derive(move || i18n.t(Key::FirstMessage).to_owned())
                send_key=send_key
                mentionable=mentionable
                on_files=on_files
            />
            <UploadList holder=files />
            <p class="field-hint">{tr(hint)}</p>
            <FieldError state=state field=Field::Body />
        </div>
    }
}

/// A picker's options once loaded; "Loading…" until then, or why they could not be.
fn loaded(options: Option<Result<impl IntoView + 'static, ApiError>>) -> AnyView {
    match options {
        None => view! { <p class="picker-empty">{tr(Key::Loading)}</p> }.into_any(),
        Some(Ok(options)) => options.into_any(),
        Some(Err(error)) => {
            let i18n = use_i18n();
            view! { <p class="form-error" role="alert">{error.describe(&i18n)}</p> }.into_any()
        }
    }
}

/// Whether a project answers a search by name or number.
fn project_matches(project: &ProjectSummary, filter: &str) -> bool {
    filter.is_empty()
        || folded(&project.name).contains(filter)
        || project.number.as_deref().is_some_and(|n| folded(n).contains(filter))
}

/// The project, searchable by name and number; "no project" where it may be left out.
#[component]
fn ProjectPicker(state: NewConversation) -> impl IntoView {
    let i18n = use_i18n();
    let filter = RwSignal::new(String::new());
    let option = move |project: Option<ProjectSummary>| {
        let id = project.as_ref().map(|p| p.id);
        let (name, number) = match project {
            Some(p) => (p.name, p.number),
            None => (i18n.t(Key::NoProject).to_owned(), None),
        };
        view! {
            <label class="picker-option">
                <input
                    type="radio"
                    name="project"
                    prop:checked=move || state.project.get() == id
                    on:change=move |_| state.choose_project(id)
                />
                <span class="option-name">{name}</span>
                {number.map(|n| view! { <span class="option-detail">{n}</span> })}
            </label>
        }
    };
    let options = move || {
        let filter = folded(filter.get().trim());
        let chosen = state.project.get();
        let projects = state.projects.get()?;
        Some(projects.map(|projects| {
            let shown: Vec<ProjectSummary> = projects
                .into_iter()
                .filter(|p| Some(p.id) == chosen || project_matches(p, &filter))
                .collect();
            let none = state.project_optional().then(|| option(None));
            let empty = shown
                .is_empty()
                .then(|| view! { <p class="picker-empty">{tr(Key::NoProjectFound)}</p> });
            view! { {none} {shown.into_iter().map(|p| option(Some(p))).collect_view()} {empty} }
        }))
    };
    view! {
        <fieldset class="picker">
            <legend>{tr(Key::Project)}</legend>
            <input
                type="search"
                class="picker-filter"
                placeholder=tr(Key::FindProject)
                aria-label=tr(Key::FindProject)
                prop:value=move || filter.get()
                on:input=move |ev| filter.set(event_target_value(&ev))
            />
            <div class="picker-options">
                {move || loaded(options())}
            </div>
            <FieldError state=state field=Field::Project />
        </fieldset>
    }
}

/// The people: those chosen (removable), a search over the Directory (or the company), the
/// project's distribution groups, and the cap of a direct conversation.
#[component]
fn PeoplePicker(state: NewConversation, legend: Key) -> impl IntoView {
    let i18n = use_i18n();
    let filter = RwSignal::new(String::new());
    let at_cap = move || state.cap().is_some_and(|cap| state.people.with(|p| p.len() >= cap));
    let chosen = move || {
        let people = state.people.get();
        if people.is_empty() {
            return view! { <p class="picker-empty">{tr(Key::NobodyChosen)}</p> }.into_any();
        }
        let chips = people.into_iter().map(|person| {
            let label = i18n.fill(Key::RemoveName, &[("name", &person.name)]);
            let name = person.name.clone();
            let external = person.is_external.then(|| view! { <span class="external-tag">{tr(Key::External)}</span> });
            view! {
                <li class="chip">
                    <span>{name}</span>
                    {external}
                    <button type="button" class="chip-remove" aria-label=label on:click=move |_| state.toggle(&person)>"×"</button>
                </li>
            }
        });
        view! { <ul class="chips">{chips.collect_view()}</ul> }.into_any()
    };
    let option = move |person: DirectoryMember| {
        let id = person.id;
        let name = person.name.clone();
        let is_chosen = move || state.people.with(|p| p.iter().any(|p| p.id == id));
        let external = person
            .is_external
            .then(|| view! { <span class="external-tag">{tr(Key::External)}</span> });
        view! {
            <label class="picker-option">
                <input
                    type="checkbox"
                    prop:checked=is_chosen
                    disabled=move || !is_chosen() && at_cap()
                    on:change=move |_| state.toggle(&person)
                />
                <span class="option-name">{name}</span>
                {external}
            </label>
        }
    };
    let options = move || {
        let filter = folded(filter.get().trim());
        state.directory.get().map(|found| {
            found.map(|people| {
                let shown: Vec<DirectoryMember> = people
                    .into_iter()
                    .filter(|p| filter.is_empty() || folded(&p.name).contains(&filter))
                    .collect();
                let empty = shown
                    .is_empty()
                    .then(|| view! { <p class="picker-empty">{tr(Key::NobodyFound)}</p> });
                view! { {shown.into_iter().map(option).collect_view()} {empty} }
            })
        })
    };
    let groups = move || {
        let groups = state.groups.get().and_then(Result::ok).unwrap_or_default();
        (!groups.is_empty()).then(|| {
            let buttons = groups.into_iter().map(|group| {
                let label = i18n.fill(Key::AddName, &[("name", &group.name)]);
                let text = format!("+ {} ({})", group.name, group.member_ids.len());
                view! {
                    <button type="button" class="tool-button" aria-label=label disabled=at_cap on:click=move |_| state.add_group(&group)>
                        {text}
                    </button>
                }
            });
            view! {
                <div class="distribution-groups" role="group" aria-label=tr(Key::DistributionGroups)>
                    <span class="field-hint">{tr(Key::DistributionGroups)}</span>
                    {buttons.collect_view()}
                </div>
            }
        })
    };
    view! {
        <fieldset class="picker">
            <legend>{tr(legend)}</legend>
            {chosen}
            <input
                type="search"
                class="picker-filter"
                placeholder=tr(Key::FindPeople)
                aria-label=tr(Key::FindPeople)
                prop:value=move || filter.get()
                on:input=move |ev| filter.set(event_target_value(&ev))
            />
            {groups}
            <div class="picker-options">
                {move || loaded(options())}
            </div>
            <Show when=at_cap>
                <p class="field-hint" role="status">{tr(Key::TooManyInDirect)}</p>
            </Show>
            <FieldError state=state field=Field::People />
        </fieldset>
    }
}

/// The subject, or a group's name.
#[component]
fn TitleInput(state: NewConversation, label: Key) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field-label">{tr(label)}</span>
            <input
                type="text"
                maxlength="200"
                prop:value=move || state.title.get()
                on:input=move |ev| state.title.set(event_target_value(&ev))
            />
        </label>
        <FieldError state=state field=Field::Title />
    }
}

/// Who will be able to read the conversation, as the server decides it for the card, the
/// project and the people chosen: names, a count, external people marked.
#[component]
fn Readers(state: NewConversation) -> impl IntoView {
    let i18n = use_i18n();
    let readers = move || match state.preview.get() {
        None => view! { <p class="field-hint">{tr(Key::Loading)}</p> }.into_any(),
        Some(None) => view! { <p class="field-hint">{tr(Key::ChooseProjectFirst)}</p> }.into_any(),
        Some(Some(Err(error))) => {
            view! { <p class="field-hint">{error.describe(&i18n)}</p> }.into_any()
        }
        Some(Some(Ok(preview))) => {
            let count =
                i18n.count(Key::ReadersOne, Key::ReadersOther, preview.readers.len() as u32);
            let names = preview.readers.into_iter().map(|person| {
                let external = person
                    .is_external
                    .then(|| view! { <span class="external-tag">{tr(Key::External)}</span> });
                view! { <li><span class="reader-name">{person.name}</span>{external}</li> }
            });
            view! {
                <p class="readers-count">{count}</p>
                <ul class="readers">{names.collect_view()}</ul>
            }
            .into_any()
        }
    };
    view! {
        <section class="readers-preview" aria-label=tr(Key::WhoWillRead)>
            <h3>{tr(Key::WhoWillRead)}</h3>
            {readers}
        </section>
    }
}

/// A refusal of the server about one input, in the user's language, next to that input.
#[component]
fn FieldError(state: NewConversation, field: Field) -> impl IntoView {
    move || {
        state.error_at(field).map(|key| view! { <p class="form-error" role="alert">{tr(key)}</p> })
    }
}

/// The send button, and a failure that belongs to no input.
#[component]
fn Submit(state: NewConversation, label: Key) -> impl IntoView {
    let i18n = use_i18n();
    let status = state.status();
    let sending = move || status.with(|s| *s == Status::Sending);
    view! {
        <div class="create-actions">
            {move || state.general_error().map(|e| view! { <p class="form-error" role="alert">{e.describe(&i18n)}</p> })}
            <button type="submit" class="primary-button" disabled=sending>
                {move || if sending() { tr(Key::Starting)() } else { tr(label)() }}
            </button>
        </div>
    }
}
