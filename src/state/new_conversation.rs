//! "+ Créer": what is being started (a card, a direct message, a group), the choices made so
//! far, who they would reach, and sending it.
//!
//! The three cards share one form and one draft (a draft remembers its card): switching from
//! Entreprise to Confidentiel keeps what was typed. A direct message and a group have their
//! own. The draft holds everything typed — project, people, subject or name, the message —
//! and is cleared once the server has the conversation.

use leptos::prelude::*;
use leptos::task::spawn_local;
use parlons_api::{
    ConversationKind, ConversationPreview, ConversationSummary, CreateConversation,
    CreateDirectConversation, CreateGroup, DirectoryMember, DistributionGroup, Document,
    PreviewConversation, ProjectId, ProjectSummary, SendMessage, UserId,
};
use parlons_editor::EditorState;
use parlons_editor::convert::from_document;
use serde::{Deserialize, Serialize};

use super::drafts::{DraftPlace, Drafts, use_drafts};
use super::sending::{SendRequest, Sending, new_idempotency_key, use_sending};
use super::session::use_session;
use super::uploading::{Uploading, use_uploading};
use super::uploads::Holder;
use crate::api::{self, ApiError};
use crate::components::composer::to_send;
use crate::i18n::Key;

/// What "+ Créer" starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A conversation with a subject, on one of the three cards.
    Conversation,
    /// "Start a direct message": these people's direct conversation, found again if it exists.
    DirectMessage,
    /// "New group".
    Group,
}

/// The cards of "+ Créer", in the order shown: Entreprise (the default), Confidentiel, Privé.
pub const CARDS: [ConversationKind; 3] =
    [ConversationKind::Company, ConversationKind::Confidential, ConversationKind::Direct];

/// The last segment of `/new/{slug}` for a form and card.
pub fn slug(form: Form, card: ConversationKind) -> &'static str {
    match (form, card) {
        (Form::DirectMessage, _) => "message",
        (Form::Group, _) => "group",
        (Form::Conversation, ConversationKind::Confidential) => "confidential",
        (Form::Conversation, ConversationKind::Direct) => "private",
        (Form::Conversation, _) => "company",
    }
}

/// The form and card of `/new/{slug}`; `None` for an unknown slug. Without a slug, the
/// form of the cards (its card is the draft's, or Entreprise).
pub fn from_slug(slug: Option<&str>) -> Option<(Form, Option<ConversationKind>)> {
    let card = |kind| Some((Form::Conversation, Some(kind)));
    match slug {
        None => Some((Form::Conversation, None)),
        Some("company") => card(ConversationKind::Company),
        Some("confidential") => card(ConversationKind::Confidential),
        Some("private") => card(ConversationKind::Direct),
        Some("message") => Some((Form::DirectMessage, None)),
        Some("group") => Some((Form::Group, None)),
        Some(_) => None,
    }
}

/// The most people one may choose besides oneself: a direct conversation has at most 100
/// people, its creator included (PRODUCT.md section 2).
pub const MAX_OTHERS_IN_DIRECT: usize = 99;

/// What a form keeps as its draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Draft {
    card: Option<ConversationKind>,
    project: Option<ProjectId>,
    people: Vec<DirectoryMember>,
    everyone: bool,
    title: String,
    body: Option<Document>,
}

/// The input a refusal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The project picker.
    Project,
    /// The people picker.
    People,
    /// The subject, or a group's name.
    Title,
    /// The message.
    Body,
}

/// Where a refusal of the server belongs and what to say there, in the user's language;
/// `None` when it is about no input (it is then shown with the send button).
pub fn field_error(error: &ApiError) -> Option<(Field, Key)> {
    let (field, key) = error.refusal()?;
    let at = match field {
        "project_id" => Field::Project,
        "participant_ids" | "member_ids" => Field::People,
        "subject" | "name" => Field::Title,
        body if body.starts_with("body") => Field::Body,
        _ => return None,
    };
    Some((at, key))
}

/// The people chosen, with a distribution group's members added (those of the Directory
/// not chosen yet, in its order), at most `cap` in all.
pub fn with_group(
    chosen: &[DirectoryMember],
    group: &DistributionGroup,
    directory: &[DirectoryMember],
    cap: Option<usize>,
) -> Vec<DirectoryMember> {
    let mut people = chosen.to_vec();
    for person in directory.iter().filter(|p| group.member_ids.contains(&p.id)) {
        if cap.is_some_and(|cap| people.len() >= cap) {
            break;
        }
        if !people.iter().any(|p| p.id == person.id) {
            people.push(person.clone());
        }
    }
    people
}

/// Where a send stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Status {
    /// Being written.
    #[default]
    Editing,
    /// On its way to the server.
    Sending,
    /// Refused, or the server could not be reached: what was typed is all still there.
    Failed(ApiError),
}

/// One form of "+ Créer" and what it has loaded.
#[derive(Clone, Copy)]
pub struct NewConversation {
    form: Form,
    drafts: Option<Drafts>,
    sending: Sending,
    uploading: Uploading,
    /// The chosen card (for [`Form::Conversation`]).
    pub card: RwSignal<ConversationKind>,
    /// The chosen project, if any.
    pub project: RwSignal<Option<ProjectId>>,
    /// The chosen people, in the order they were chosen.
    pub people: RwSignal<Vec<DirectoryMember>>,
    /// A group of everyone in the project's Directory.
    pub everyone: RwSignal<bool>,
    /// The subject, or a group's name.
    pub title: RwSignal<String>,
    /// The first message.
    pub body: RwSignal<EditorState>,
    status: RwSignal<Status>,
    /// The idempotency key of the conversation being created: kept while it is retried.
    key: StoredValue<Option<String>>,
    /// The projects one may start conversations in.
    pub projects: ReadSignal<Option<Result<Vec<ProjectSummary>, ApiError>>>,
    /// The people who may be chosen: the project's Directory, or the company's people.
    pub directory: ReadSignal<Option<Result<Vec<DirectoryMember>, ApiError>>>,
    /// The project's distribution groups.
    pub groups: ReadSignal<Option<Result<Vec<DistributionGroup>, ApiError>>>,
    /// Who the conversation would reach, for the cards, once a project is chosen (or for Privé).
    pub preview: ReadSignal<Option<Option<Result<ConversationPreview, ApiError>>>>,
}

impl NewConversation {
    /// A form, filled from its draft; `card` (from the address) wins over the draft's.
    pub fn new(form: Form, card: Option<ConversationKind>) -> Self {
        let drafts = use_drafts();
        let draft: Draft = drafts.and_then(|d| d.load(place(form))).unwrap_or_default();
        let body = draft.body.as_ref().map(|d| EditorState::new(from_document(d)));
        let card = RwSignal::new(card.or(draft.card).unwrap_or(ConversationKind::Company));
        let project = RwSignal::new(draft.project);
        let people = RwSignal::new(draft.people);
        let projects = asked(Stale::Hide, api::projects);
        // One is always in what one starts: not offered to oneself.
        let me = use_session().me().map(|me| me.id);
        let directory = asked(Stale::Hide, move || {
            let project = project.get();
            async move {
                let people = match project {
                    Some(project) => api::directory(project).await,
                    None => api::people().await,
                };
                people.map(|people| people.into_iter().filter(|p| Some(p.id) != me).collect())
            }
        });
        let groups = asked(Stale::Hide, move || {
            let project = project.get();
            async move {
                match project {
                    Some(project) => api::distribution_groups(project).await,
                    None => Ok(Vec::new()),
                }
            }
        });
        let preview = asked(Stale::Keep, move || {
            let card = card.get();
            let project = project.get();
            let participant_ids: Vec<UserId> = people.with(|p| p.iter().map(|p| p.id).collect());
            async move {
                // Not yet a conversation the server could make: no project for a project's
                // card, nobody for a private one.
                let unknown = match card {
                    ConversationKind::Direct => participant_ids.is_empty(),
                    _ => project.is_none(),
                };
                if form != Form::Conversation || unknown {
                    return None;
                }
                let asked =
                    PreviewConversation { kind: card, project_id: project, participant_ids };
                Some(api::preview_conversation(&asked).await)
            }
        });
        let this = Self {
            form,
            drafts,
            sending: use_sending(),
            uploading: use_uploading(),
            card,
            project,
            people,
            everyone: RwSignal::new(draft.everyone),
            title: RwSignal::new(draft.title),
            body: RwSignal::new(body.unwrap_or_default()),
            status: RwSignal::new(Status::Editing),
            key: StoredValue::new(None),
            projects,
            directory,
            groups,
            preview,
        };
        // Every change is kept, so that a reload or another tab finds it.
        if let Some(drafts) = drafts {
            Effect::new(move |_| this.keep(drafts));
        }
        this
    }

    fn keep(&self, drafts: Drafts) {
        let draft = Draft {
            card: (self.form == Form::Conversation).then(|| self.card.get()),
            project: self.project.get(),
            people: self.people.get(),
            everyone: self.everyone.get(),
            title: self.title.get(),
            body: self.body.with(to_send),
        };
        let blank = Draft { card: draft.card, ..Draft::default() };
        drafts.save(place(self.form), (draft != blank).then_some(&draft));
    }

    /// The most people that may be chosen, for a direct conversation.
    pub fn cap(&self) -> Option<usize> {
        let direct = self.form == Form::DirectMessage
            || (self.form == Form::Conversation && self.card.get() == ConversationKind::Direct);
        direct.then_some(MAX_OTHERS_IN_DIRECT)
    }

    /// Whether the project may be left out (a direct conversation of the company's people).
    pub fn project_optional(&self) -> bool {
        self.cap().is_some()
    }

    /// Where the send stands.
    pub fn status(&self) -> ReadSignal<Status> {
        self.status.read_only()
    }

    /// The refusal to show at an input, if the last send was refused for it.
    pub fn error_at(&self, field: Field) -> Option<Key> {
        self.status.with(|status| match status {
            Status::Failed(error) => field_error(error).filter(|(f, _)| *f == field).map(|e| e.1),
            _ => None,
        })
    }

    /// The refusal that belongs to no input, if any.
    pub fn general_error(&self) -> Option<ApiError> {
        self.status.with(|status| match status {
            Status::Failed(error) if field_error(error).is_none() => Some(error.clone()),
            _ => None,
        })
    }

    /// Chooses a project: the people chosen stay only if the new project's Directory has
    /// them, which the server checks again anyway.
    pub fn choose_project(&self, project: Option<ProjectId>) {
        if self.project.get_untracked() != project {
            self.project.set(project);
            self.people.set(Vec::new());
        }
    }

    /// Adds or removes a person.
    pub fn toggle(&self, person: &DirectoryMember) {
        let cap = self.cap();
        self.people.update(|people| match people.iter().position(|p| p.id == person.id) {
            Some(at) => {
                people.remove(at);
            }
            None if cap.is_some_and(|cap| people.len() >= cap) => {}
            None => people.push(person.clone()),
        });
    }

    /// Adds a distribution group's members.
    pub fn add_group(&self, group: &DistributionGroup) {
        let directory = self.directory.get().and_then(Result::ok).unwrap_or_default();
        let cap = self.cap();
        self.people.update(|people| *people = with_group(people, group, &directory, cap));
    }

    /// Whose the files attached to the first message are.
    pub fn files(&self) -> Holder {
        Holder::Draft(place(self.form).key())
    }

    /// Sends the form; once the server has it, `done` is called with the conversation to open.
    /// A conversation's first message waits for its files to be up.
    pub fn send(&self, done: Callback<ConversationSummary>) {
        if self.status.get_untracked() == Status::Sending {
            return;
        }
        let body = self.body.with_untracked(to_send);
        let this = *self;
        let project = self.project.get_untracked();
        let people: Vec<UserId> = self.people.with_untracked(|p| p.iter().map(|p| p.id).collect());
        let title = self.title.get_untracked();
        self.status.set(Status::Sending);
        spawn_local(async move {
            let answer = match this.form {
                Form::Conversation => {
                    let idempotency_key = this.key.with_value(Clone::clone);
                    let idempotency_key = idempotency_key.unwrap_or_else(new_idempotency_key);
                    this.key.set_value(Some(idempotency_key.clone()));
                    let attachment_ids = this.uploading.when_ready(this.files()).await;
                    let new = CreateConversation {
                        kind: this.card.get_untracked(),
                        project_id: project,
                        participant_ids: people,
                        subject: title,
                        message: SendMessage {
                            idempotency_key,
                            body: body.unwrap_or_else(|| Document::from_plain_text("")),
                            parent_id: None,
                            attachment_ids,
                        },
                    };
                    api::create_conversation(&new).await
                }
                Form::DirectMessage => {
                    let asked =
                        CreateDirectConversation { project_id: project, participant_ids: people };
                    let found = api::start_direct(&asked).await;
                    // The message goes through the outbox, which sends it until the server has it.
                    let files = this.uploading.of_untracked(&this.files());
                    let body = body.or_else(|| {
                        files.iter().any(|f| f.sendable()).then(|| Document::from_plain_text(""))
                    });
                    if let (Ok(conversation), Some(body)) = (&found, body) {
                        let conversation = conversation.id;
                        this.sending.send(SendRequest {
                            conversation,
                            body,
                            parent: None,
                            files_of: Some(place(this.form)),
                        });
                    }
                    found
                }
                Form::Group => {
                    let Some(project_id) = project else {
                        this.status.set(Status::Failed(missing_project()));
                        return;
                    };
                    let everyone_in_directory = this.everyone.get_untracked();
                    let member_ids = if everyone_in_directory { Vec::new() } else { people };
                    let group =
                        CreateGroup { project_id, name: title, member_ids, everyone_in_directory };
                    api::create_group(&group).await
                }
            };
            match answer {
                Ok(conversation) => {
                    this.status.set(Status::Editing);
                    this.key.set_value(None);
                    if let Some(drafts) = this.drafts {
                        drafts.save::<Draft>(place(this.form), None);
                    }
                    // Sent with the conversation, or refused and left out.
                    this.uploading.sent(&this.files());
                    done.run(conversation);
                }
                Err(error) => {
                    // Refused: nothing was created, a corrected send is a new one. Otherwise
                    // the same key again, so that a retry cannot make a second conversation.
                    if matches!(error, ApiError::Server { status: 400..=499, .. }) {
                        this.key.set_value(None);
                    }
                    this.status.set(Status::Failed(error));
                }
            }
        });
    }
}

/// What to show while a question is asked again.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stale {
    /// Nothing (`None`): the old answer was about something else (another project's people,
    /// which a click could pick as the list changes under the pointer).
    Hide,
    /// The old answer, until the new one comes: a refinement of the same question (who reads
    /// it, as people are ticked), which would otherwise flicker.
    Keep,
}

/// The server's answer to a question `ask` makes, asked again whenever what `ask` reads
/// changes; `None` until an answer comes, and an answer to an older question is dropped.
///
/// What `LocalResource` does, for a fraction of its size: the four of "+ Créer" cost 7 KB
/// brotli of the download as resources (BENCHMARKS.md).
fn asked<T, Fut>(stale: Stale, ask: impl Fn() -> Fut + 'static) -> ReadSignal<Option<T>>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = T> + 'static,
{
    let answer = RwSignal::new(None);
    let latest = StoredValue::new(0u32);
    Effect::new(move |_| {
        let question = ask();
        let ticket = latest.get_value().wrapping_add(1);
        latest.set_value(ticket);
        if stale == Stale::Hide {
            answer.set(None);
        }
        spawn_local(async move {
            let found = question.await;
            if latest.try_get_value() == Some(ticket) {
                answer.try_set(Some(found));
            }
        });
    });
    answer.read_only()
}

/// A group needs its project; said in the words the server uses for it.
fn missing_project() -> ApiError {
    ApiError::Server {
        status: 422,
        code: parlons_api::ErrorCode::InvalidInput,
        message: "Choose the project.".to_owned(),
        field: Some("project_id".to_owned()),
        reason: Some("required".to_owned()),
        retry_after: None,
    }
}

fn place(form: Form) -> DraftPlace {
    DraftPlace::New(match form {
        Form::Conversation => "conversation",
        Form::DirectMessage => "message",
        Form::Group => "group",
    })
}

#[cfg(test)]
mod tests {
    use parlons_api::{DistributionGroupId, ErrorCode};

    use crate::i18n::{I18n, Lang};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn person(id: i64, name: &str) -> DirectoryMember {
        DirectoryMember { id: UserId(id), name: name.to_owned(), is_external: false }
    }

    #[wasm_bindgen_test]
    fn every_address_of_new_names_its_form_and_card() {
        for form in [Form::DirectMessage, Form::Group] {
            assert_eq!(from_slug(Some(slug(form, ConversationKind::Company))), Some((form, None)));
        }
        for card in CARDS {
            let found = from_slug(Some(slug(Form::Conversation, card)));
            assert_eq!(found, Some((Form::Conversation, Some(card))));
        }
        assert_eq!(from_slug(None), Some((Form::Conversation, None)));
        assert_eq!(from_slug(Some("item")), None);
    }

    #[wasm_bindgen_test]
    fn a_distribution_group_adds_its_members_once_and_up_to_the_cap() {
        let directory = [person(1, "Alice"), person(2, "Bruno"), person(3, "Chloé")];
        let group = DistributionGroup {
            id: DistributionGroupId(1),
            name: "Lots".to_owned(),
            member_ids: vec![UserId(3), UserId(1)],
        };
        let chosen = [person(3, "Chloé")];
        let names = |people: Vec<DirectoryMember>| -> Vec<String> {
            people.into_iter().map(|p| p.name).collect()
        };
        assert_eq!(names(with_group(&chosen, &group, &directory, None)), ["Chloé", "Alice"]);
        assert_eq!(names(with_group(&[], &group, &directory, Some(1))), ["Alice"]);
    }

    #[wasm_bindgen_test]
    fn refusals_are_told_at_their_input() {
        let refused = |field: &str, reason: &str| ApiError::Server {
            status: 422,
            code: ErrorCode::InvalidInput,
            message: String::new(),
            field: Some(field.to_owned()),
            reason: Some(reason.to_owned()),
            retry_after: None,
        };
        let at = |field, reason| field_error(&refused(field, reason));
        assert_eq!(at("participant_ids", "over_cap"), Some((Field::People, Key::TooManyInDirect)));
        assert_eq!(
            at("participant_ids", "not_in_directory"),
            Some((Field::People, Key::NotInDirectory))
        );
        assert_eq!(at("subject", "subject_length"), Some((Field::Title, Key::SubjectLength)));
        assert_eq!(at("body.blocks[0]", "bad_link"), Some((Field::Body, Key::LinkRefused)));
        assert_eq!(at("body", "too_long"), Some((Field::Body, Key::MessageTooLong)));
        assert_eq!(at("kind", "not_created_here"), None);
        assert_eq!(field_error(&ApiError::Network), None);
        // Said in the user's language wherever it is shown (an outbox entry too); what the
        // app cannot say is the server's sentence.
        let french = I18n::new(Lang::Fr);
        assert_eq!(
            refused("body.blocks[2]", "bad_link").describe(&french),
            french.t(Key::LinkRefused)
        );
        let unknown = ApiError::Server {
            status: 403,
            code: ErrorCode::Forbidden,
            message: "No.".to_owned(),
            field: None,
            reason: None,
            retry_after: None,
        };
        assert_eq!(unknown.describe(&french), "No.");
    }
}
