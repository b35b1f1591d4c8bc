//! The SPA's components in headless Chromium: mounted with data, driven like a user would.
#![expect(clippy::unwrap_used, reason = "a test fails loudly on the unexpected")]

use leptos::prelude::*;
use leptos_router::components::Router;
use parlons::components::composer::Composer;
use parlons::components::group_members::GroupMembers;
use parlons::components::message_list::MessageList;
use parlons::components::search_panel::SearchPanel;
use parlons::components::sidebar::Sidebar;
use parlons_api::rich_text::{Block, Inline, Mark};
use parlons_api::{
    Attachment, AttachmentId, ConversationId, ConversationKind, ConversationSummary, Document,
    ImageSize, Message, MessageId, Participant, ProjectId, ProjectSummary, Timestamp, UserId,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

mod editor;
mod fake_api;

use fake_api::FakeApi;

const ME: UserId = UserId(1);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element in the page to mount into.
fn container() -> HtmlElement {
    let element: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&element).unwrap();
    element
}

/// Moves the test page's address, as a link would, before a router is mounted.
fn go_to(path: &str) {
    let history = web_sys::window().unwrap().history().unwrap();
    history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path)).unwrap();
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.unchecked_into()).collect()
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    all(root, selector)
        .iter()
        .map(|e| e.text_content().unwrap_or_default().trim().to_owned())
        .collect()
}

/// The logged-in user, as `GET /me` says.
fn me() -> parlons_api::Me {
    let company = parlons_api::CompanyMembership {
        id: parlons_api::CompanyId(1),
        name: "Durand Construction".into(),
        is_external: false,
        is_admin: false,
    };
    parlons_api::Me {
        id: ME,
        name: "Bruno Martin".into(),
        email: "bruno@durand-construction.example".into(),
        companies: vec![company.clone()],
        company,
        edit_delete: true,
        manage_groups: true,
    }
}

fn person(id: i64, name: &str, is_external: bool) -> Participant {
    Participant { id: UserId(id), name: name.to_owned(), is_external }
}

fn project(id: i64, name: &str) -> Option<ProjectSummary> {
    Some(ProjectSummary { id: ProjectId(id), name: name.to_owned(), number: None })
}

fn conversation(
    id: i64,
    project: Option<ProjectSummary>,
    others: &[Participant],
    at: i64,
    unread: u32,
) -> ConversationSummary {
    let mut participants = vec![person(1, "Bruno Martin", false)];
    participants.extend_from_slice(others);
    ConversationSummary {
        id: ConversationId(id),
        kind: ConversationKind::Direct,
        project,
        item: None,
        subject: None,
        participants,
        everyone_in_directory: false,
        created_at: Timestamp(0),
        last_activity_at: Timestamp(at),
        last_message_id: Some(MessageId(id * 10)),
        read_up_to: MessageId(0),
        unread_count: unread,
        mention_count: 0,
        starred: false,
        hidden: false,
        following: false,
    }
}

#[wasm_bindgen_test]
async fn sidebar_groups_by_project_and_marks_unread_in_bold_with_a_count() {
    let david = person(4, "David Roux", true);
    let chloe = person(3, "Chloé Bernard", false);
    let emma = person(5, "Emma Petit", true);
    let alice = person(2, "Alice Durand", false);
    let conversations = RwSignal::new(vec![
        conversation(1, project(1, "Résidence Les Tilleuls"), std::slice::from_ref(&david), 400, 2),
        conversation(2, project(2, "École Jules-Ferry"), std::slice::from_ref(&chloe), 300, 0),
        conversation(3, project(1, "Résidence Les Tilleuls"), &[chloe, emma], 200, 0),
        conversation(4, None, std::slice::from_ref(&alice), 100, 0),
    ]);
    // The conversation on screen is the one the address names.
    go_to("/conversations/2");
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <Router><Sidebar conversations=conversations me=ME /></Router> }
    });
    leptos::task::tick().await;

    assert_eq!(texts(&root, ".sidebar-heading"), ["Direct messages"]);
    assert_eq!(
        texts(&root, ".project-name"),
        ["Résidence Les Tilleuls", "École Jules-Ferry", "Company-wide"]
    );
    assert_eq!(
        texts(&root, ".conversation-title"),
        ["David Roux", "Chloé Bernard, Emma Petit", "Chloé Bernard", "Alice Durand"]
    );
    let unread = all(&root, ".conversation-link.unread");
    assert_eq!(unread.len(), 1);
    assert_eq!(unread[0].get_attribute("data-conversation-id").as_deref(), Some("1"));
    assert_eq!(texts(&unread[0], ".badge"), ["2"]);
    assert_eq!(unread[0].get_attribute("href").as_deref(), Some("/conversations/1"));
    let current = all(&root, "[aria-current=page]");
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].get_attribute("data-conversation-id").as_deref(), Some("2"));

    // A new message elsewhere: that conversation goes bold, the read one loses its badge.
    conversations.update(|list| {
        list[0].unread_count = 0;
        list[3].unread_count = 1;
    });
    leptos::task::tick().await;
    let unread = all(&root, ".conversation-link.unread");
    assert_eq!(unread.len(), 1);
    assert_eq!(unread[0].get_attribute("data-conversation-id").as_deref(), Some("4"));
    assert_eq!(texts(&root, ".badge"), ["1"]);
}

#[wasm_bindgen_test]
async fn sidebar_says_so_when_there_is_nothing() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <Router><Sidebar conversations=Signal::stored(Vec::new()) me=ME /></Router> }
    });
    leptos::task::tick().await;
    assert_eq!(texts(&root, ".sidebar-empty"), ["No conversations yet."]);
    assert!(all(&root, ".conversation-link").is_empty());
}

fn message(id: i64, author: &Participant, minute: i64, body: Document) -> Message {
    Message {
        id: MessageId(id),
        conversation_id: ConversationId(1),
        parent_id: None,
        author: author.clone(),
        body,
        created_at: Timestamp(1_700_000_000_000 + minute * 60_000),
        edited_at: None,
        deleted: None,
        reply_count: 0,
        attachments: Vec::new(),
        idempotency_key: None,
    }
}

#[wasm_bindgen_test]
async fn message_list_renders_authors_times_and_rich_text_safely() {
    let bruno = person(1, "Bruno Martin", false);
    let david = person(4, "David Roux", true);
    let bold = Document {
        blocks: vec![Block::Paragraph {
            content: vec![
                Inline::Text { text: "Hauteur : ".to_owned(), marks: vec![] },
                Inline::Text { text: "2,40 m".to_owned(), marks: vec![Mark::Bold] },
            ],
        }],
    };
    let messages = RwSignal::new(vec![
        message(1, &david, 0, Document::from_plain_text("Bonjour Bruno,\nvoici la cote.")),
        message(2, &david, 1, bold),
        message(3, &bruno, 2, Document::from_plain_text("<img src=x onerror=alert(1)>")),
    ]);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <MessageList messages=messages has_older=Signal::stored(false) on_load_older=Callback::new(|()| {}) me=ME /> }
    });
    leptos::task::tick().await;

    let rows = all(&root, "article.message");
    assert_eq!(rows.len(), 3);
    // David's second message continues his first: no second name or avatar.
    assert!(rows[1].class_list().contains("continued"));
    assert!(!rows[2].class_list().contains("continued"));
    assert_eq!(texts(&rows[0], ".message-author"), ["David Roux"]);
    assert_eq!(texts(&rows[0], ".external-tag"), ["External"]);
    assert_eq!(texts(&rows[0], ".message-body p"), ["Bonjour Bruno,", "voici la cote."]);
    assert!(!texts(&rows[0], "time")[0].is_empty());
    assert_eq!(texts(&rows[1], ".message-body strong"), ["2,40 m"]);
    assert!(rows[2].class_list().contains("mine"));
    // Markup in a message is text, never elements.
    assert!(all(&root, ".message-body img").is_empty());
    assert_eq!(texts(&rows[2], ".message-body p"), ["<img src=x onerror=alert(1)>"]);

    messages.update(|m| m.push(message(4, &david, 30, Document::from_plain_text("Reçu."))));
    leptos::task::tick().await;
    assert_eq!(all(&root, "article.message").len(), 4);
}

fn file(
    id: i64,
    name: &str,
    size: u64,
    content_type: &str,
    image: Option<(u32, u32)>,
) -> Attachment {
    Attachment {
        id: AttachmentId(id),
        name: name.to_owned(),
        size,
        content_type: content_type.to_owned(),
        image: image.map(|(width, height)| ImageSize { width, height }),
        preview: image.is_some(),
    }
}

#[wasm_bindgen_test]
async fn a_messages_files_show_as_previews_and_cards_and_images_open_in_a_viewer() {
    let david = person(4, "David Roux", true);
    let mut sent = message(1, &david, 0, Document::default());
    sent.attachments = vec![
        file(10, "façade.jpg", 2_400_000, "image/jpeg", Some((4000, 3000))),
        file(11, "CCTP lot 3.pdf", 3_565_158, "application/pdf", None),
        file(12, "plan.png", 80_000, "image/png", Some((600, 1200))),
    ];
    let messages = RwSignal::new(vec![sent]);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <MessageList messages=messages has_older=Signal::stored(false) on_load_older=Callback::new(|()| {}) me=ME /> }
    });
    leptos::task::tick().await;

    let previews = all(&root, ".attachment-image img");
    let sources: Vec<String> =
        previews.iter().map(|img| img.get_attribute("src").unwrap()).collect();
    assert_eq!(sources, ["/api/v1/attachments/10/preview", "/api/v1/attachments/12/preview"]);
    // Within 240 × 180, proportions kept.
    assert_eq!(previews[0].get_attribute("width").as_deref(), Some("240"));
    assert_eq!(previews[0].get_attribute("height").as_deref(), Some("180"));
    assert_eq!(previews[1].get_attribute("width").as_deref(), Some("90"));
    let cards = all(&root, "a.attachment-card");
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].get_attribute("href").as_deref(), Some("/api/v1/attachments/11"));
    assert_eq!(texts(&root, ".attachment-kind"), ["PDF"]);
    assert_eq!(texts(&root, ".attachment-name"), ["CCTP lot 3.pdf"]);
    assert_eq!(texts(&root, ".attachment-size"), ["3.4 MB"]);

    // The first image full size; the arrows go round the message's images; Escape closes.
    previews[0]
        .unchecked_ref::<HtmlElement>()
        .parent_element()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    leptos::task::tick().await;
    let shown = || {
        all(&document().document_element().unwrap(), ".image-viewer img")[0]
            .get_attribute("src")
            .unwrap()
    };
    assert_eq!(shown(), "/api/v1/attachments/10");
    let body = document().body().unwrap();
    press(&body, "ArrowRight");
    leptos::task::tick().await;
    assert_eq!(shown(), "/api/v1/attachments/12");
    press(&body, "ArrowRight");
    leptos::task::tick().await;
    assert_eq!(shown(), "/api/v1/attachments/10");
    press(&body, "ArrowLeft");
    leptos::task::tick().await;
    assert_eq!(shown(), "/api/v1/attachments/12");
    press(&body, "Escape");
    leptos::task::tick().await;
    assert!(all(&document().document_element().unwrap(), ".image-viewer").is_empty());
}

#[wasm_bindgen_test]
async fn composer_sends_on_enter_and_not_on_shift_enter() {
    use editor::{content_of, input, press};
    use parlons_editor::EditorState;

    let state = RwSignal::new(EditorState::default());
    let sent = RwSignal::new(Vec::<String>::new());
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Composer
                state=state
                on_send=Callback::new(move |body: Document| sent.update(|s| s.push(body.to_plain_text())))
                label="Write a message"
            />
        }
    });
    leptos::task::tick().await;
    let content = content_of(&root);
    assert_eq!(content.get_attribute("aria-label").as_deref(), Some("Write a message"));
    assert_eq!(content.get_attribute("role").as_deref(), Some("textbox"));
    assert_eq!(content.get_attribute("aria-multiline").as_deref(), Some("true"));

    input(&content, "insertText", "Première ligne").await;
    let shift_enter = press(&content, "Enter", false, true).await;
    assert!(sent.get_untracked().is_empty(), "Shift+Enter must not send");
    assert!(shift_enter.default_prevented(), "the editor makes the new line itself");
    input(&content, "insertText", "seconde").await;
    assert_eq!(texts(&content, ".line"), ["Première ligne", "seconde"]);

    let enter = press(&content, "Enter", false, false).await;
    assert_eq!(sent.get_untracked(), ["Première ligne\nseconde"]);
    assert!(enter.default_prevented(), "Enter must not insert a line break");

    // Nothing to send: Enter does nothing.
    state.set(EditorState::default());
    input(&content, "insertText", "   ").await;
    press(&content, "Enter", false, false).await;
    assert_eq!(sent.get_untracked().len(), 1);
}

/// Every visible text of `root`: its text and its labels, placeholders and titles.
fn everything_visible(root: &Element) -> String {
    let mut all = root.text_content().unwrap_or_default();
    for element in all_elements(root) {
        for attribute in ["aria-label", "placeholder", "title"] {
            if let Some(value) = element.get_attribute(attribute) {
                all.push('\n');
                all.push_str(&value);
            }
        }
    }
    all
}

fn all_elements(root: &Element) -> Vec<Element> {
    all(root, "*")
}

#[wasm_bindgen_test]
async fn switching_language_changes_every_visible_string() {
    use parlons::i18n::{I18n, Key, Lang, provide_i18n};
    use std::cell::RefCell;
    use std::rc::Rc;

    let david = person(4, "David Roux", true);
    let bruno = person(1, "Bruno Martin", false);
    let mut confidential = conversation(2, project(1, "Résidence Les Tilleuls"), &[], 300, 0);
    confidential.kind = ConversationKind::Confidential;
    confidential.subject = Some("Honoraires".to_owned());
    let conversations = vec![
        conversation(1, project(1, "Résidence Les Tilleuls"), std::slice::from_ref(&david), 400, 3),
        confidential,
        conversation(3, None, &[], 100, 0),
    ];
    let mut edited = message(1, &david, 0, Document::from_plain_text("Bonjour"));
    edited.edited_at = Some(Timestamp(1_700_000_100_000));
    edited.reply_count = 2;
    let mut deleted = message(2, &bruno, 1, Document::default());
    deleted.deleted =
        Some(parlons_api::Deletion { by: bruno.clone(), at: Timestamp(1_700_000_200_000) });
    let mut answered = message(3, &david, 30, Document::from_plain_text("Oui"));
    answered.reply_count = 1;
    let messages = vec![edited, deleted, answered];

    // What the search panel and the members dialog ask the server.
    let api = FakeApi::install();
    api.answer("GET", "/me", 200, &me());
    api.answer("GET", "/conversations", 200, &Vec::<ConversationSummary>::new());
    let directory = [
        parlons_api::DirectoryMember { id: ME, name: "Bruno Martin".into(), is_external: false },
        parlons_api::DirectoryMember {
            id: UserId(4),
            name: "David Roux".into(),
            is_external: true,
        },
        parlons_api::DirectoryMember {
            id: UserId(3),
            name: "Chloé Bernard".into(),
            is_external: false,
        },
    ];
    api.answer("GET", "/projects/1/directory", 200, &directory);

    let handle: Rc<RefCell<Option<I18n>>> = Rc::default();
    let root = container();
    let captured = handle.clone();
    let mut group =
        conversation(5, project(1, "Résidence Les Tilleuls"), std::slice::from_ref(&david), 50, 0);
    group.kind = ConversationKind::Group;
    group.subject = Some("Équipe préau".to_owned());
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        use parlons::state::conversations::{ListScope, provide_conversations};
        *captured.borrow_mut() = Some(provide_i18n(Lang::En));
        // The search panel and a group's members dialog need the app's state.
        parlons::state::session::provide_session();
        provide_conversations(ME, ListScope::All).upsert(group);
        parlons::state::search::provide_search();
        view! {
            <Router>
            <SearchPanel me=ME />
            <GroupMembers id=ConversationId(5) project=ProjectId(1) me=ME on_close=Callback::new(|()| {}) />
            <Sidebar conversations=Signal::stored(conversations) me=ME />
            <MessageList messages=Signal::stored(messages) has_older=Signal::stored(true) on_load_older=Callback::new(|()| {}) me=ME />
            <MessageList messages=Signal::stored(Vec::new()) has_older=Signal::stored(false) on_load_older=Callback::new(|()| {}) me=ME />
            <Composer
                state=RwSignal::new(parlons_editor::EditorState::default())
                on_send=Callback::new(|_: Document| {})
                label=Signal::derive(|| parlons::i18n::use_i18n().t(Key::WriteMessage).to_owned())
            />
            </Router>
        }
    });
    // The Directory arrives from the (fake) server: Chloé may be added to the group.
    until("the Directory", || everything_visible(&root).contains("Chloé Bernard")).await;
    let i18n = handle.borrow().expect("provided");

    // The fixed words of every text that differs between the languages.
    let fragments = |lang: Lang| -> Vec<String> {
        Key::ALL
            .iter()
            .filter(|key| key.text(Lang::En) != key.text(Lang::Fr))
            .flat_map(|key| {
                key.text(lang)
                    .split(['{', '}'])
                    .step_by(2)
                    .map(str::trim)
                    .filter(|fragment| fragment.chars().count() >= 5)
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let english = everything_visible(&root);
    // An English fragment that also stands in a French text ("Archive" in "Archives") proves
    // nothing either way.
    let french_texts: Vec<&str> = Key::ALL.iter().map(|key| key.text(Lang::Fr)).collect();
    let english_only = |f: &String| !french_texts.iter().any(|fr| fr.contains(f.as_str()));
    let shown_in_english: Vec<String> = fragments(Lang::En)
        .into_iter()
        .filter(english_only)
        .filter(|f| english.contains(f.as_str()))
        .collect();
    assert!(
        shown_in_english.len() >= 10,
        "the mounted views show many texts: {shown_in_english:?}"
    );

    i18n.set(Lang::Fr);
    leptos::task::tick().await;
    let french = everything_visible(&root);
    let left: Vec<&String> =
        shown_in_english.iter().filter(|f| french.contains(f.as_str())).collect();
    assert!(left.is_empty(), "still in English after switching: {left:?}");
    for expected in [
        "Messages privés",
        "Externe",
        "(modifié)",
        "2 réponses",
        "Supprimé par Bruno Martin",
        "Écrire un message",
        "Toute l'entreprise",
        "Rechercher dans les messages",
        "Toutes dates",
        "Tous les types",
        "Membres de Équipe préau",
        "Retirer David Roux",
        "Ajouter une personne",
        "Chloé Bernard",
        "3 non lus",
    ] {
        assert!(french.contains(expected), "{expected} in {french}");
    }
    assert_eq!(api.unanswered(), Vec::<String>::new(), "no request failed");
    i18n.set(Lang::En);
}

#[wasm_bindgen_test]
async fn sidebar_shows_starred_only_when_something_is_starred_archives_and_a_filter() {
    let david = person(4, "David Roux", true);
    let chloe = person(3, "Chloé Bernard", false);
    let conversations = RwSignal::new(vec![
        conversation(1, project(1, "Résidence Les Tilleuls"), std::slice::from_ref(&david), 400, 0),
        conversation(2, project(2, "École Jules-Ferry"), std::slice::from_ref(&chloe), 300, 0),
    ]);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <Router><Sidebar conversations=conversations me=ME /></Router> }
    });
    leptos::task::tick().await;
    assert_eq!(texts(&root, ".sidebar-heading"), ["Direct messages"], "no Starred section yet");

    conversations.update(|list| list[1].starred = true);
    leptos::task::tick().await;
    assert_eq!(texts(&root, ".sidebar-heading"), ["Starred", "Direct messages"]);
    assert_eq!(
        texts(&root, ".sidebar-section:first-of-type .conversation-title"),
        ["Chloé Bernard"]
    );

    // Hidden conversations leave the inbox for the archives.
    conversations.update(|list| list[0].hidden = true);
    leptos::task::tick().await;
    assert_eq!(texts(&root, ".conversation-title"), ["Chloé Bernard"]);
    let archives = all(&root, ".folder-tab")[1].clone().unchecked_into::<HtmlElement>();
    archives.click();
    leptos::task::tick().await;
    assert_eq!(texts(&root, ".sidebar-heading"), ["Archives"]);
    assert_eq!(texts(&root, ".conversation-title"), ["David Roux"]);
    all(&root, ".folder-tab")[0].clone().unchecked_into::<HtmlElement>().click();
    leptos::task::tick().await;

    // The filter matches titles and projects, whatever the accents and case.
    conversations.update(|list| list[0].hidden = false);
    let filter: web_sys::HtmlInputElement =
        root.query_selector(".sidebar-filter").unwrap().unwrap().unchecked_into();
    filter.set_value("ecole");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    filter
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(texts(&root, ".conversation-title"), ["Chloé Bernard"]);
    filter.set_value("zzz");
    filter
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(texts(&root, ".sidebar-empty"), ["No conversation matches."]);
}

#[wasm_bindgen_test]
fn alt_shift_arrows_go_to_the_next_and_previous_unread_in_sidebar_order() {
    use parlons::components::sidebar::next_unread;
    use parlons::i18n::Lang;
    let david = person(4, "David Roux", true);
    // Sidebar order: 1 and 3 (Tilleuls), 2 (École), 4 (company-wide).
    let all = vec![
        conversation(1, project(1, "Tilleuls"), std::slice::from_ref(&david), 400, 0),
        conversation(2, project(2, "École"), std::slice::from_ref(&david), 300, 2),
        conversation(3, project(1, "Tilleuls"), std::slice::from_ref(&david), 200, 1),
        conversation(4, None, std::slice::from_ref(&david), 100, 5),
    ];
    let id = |n| Some(ConversationId(n));
    assert_eq!(next_unread(&all, id(1), true, ME, Lang::En), id(3));
    assert_eq!(next_unread(&all, id(3), true, ME, Lang::En), id(2));
    assert_eq!(next_unread(&all, id(2), true, ME, Lang::En), id(4));
    assert_eq!(next_unread(&all, id(4), true, ME, Lang::En), id(3), "wraps around");
    assert_eq!(next_unread(&all, id(2), false, ME, Lang::En), id(3));
    assert_eq!(next_unread(&all, None, true, ME, Lang::En), id(3));
    let all_read: Vec<_> =
        all.into_iter().map(|c| ConversationSummary { unread_count: 0, ..c }).collect();
    assert_eq!(next_unread(&all_read, id(1), true, ME, Lang::En), None);
}

fn press(target: &web_sys::EventTarget, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    target
        .dispatch_event(
            &KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
        )
        .unwrap();
}

#[wasm_bindgen_test]
async fn the_quick_switcher_finds_and_opens_a_conversation_by_keyboard() {
    use parlons::components::quick_switcher::QuickSwitcher;
    let david = person(4, "David Roux", true);
    let chloe = person(3, "Chloé Bernard", false);
    let conversations = vec![
        conversation(1, project(1, "Tilleuls"), std::slice::from_ref(&david), 400, 0),
        conversation(2, project(2, "École"), std::slice::from_ref(&chloe), 300, 0),
        conversation(3, project(2, "École"), std::slice::from_ref(&david), 200, 0),
    ];
    let chosen = RwSignal::new(None::<ConversationId>);
    let closed = RwSignal::new(false);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <QuickSwitcher
                conversations=Signal::stored(conversations)
                me=ME
                on_choose=Callback::new(move |id| chosen.set(Some(id)))
                on_close=Callback::new(move |()| closed.set(true))
            />
        }
    });
    leptos::task::tick().await;
    let input: web_sys::HtmlInputElement =
        root.query_selector(".quick-input").unwrap().unwrap().unchecked_into();
    assert_eq!(texts(&root, ".quick-result").len(), 3);
    input.set_value("dav");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(texts(&root, ".quick-result"), ["David Roux", "David Roux"]);
    press(&input, "ArrowDown");
    leptos::task::tick().await;
    assert_eq!(
        all(&root, ".quick-result.highlighted")[0].get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    press(&input, "Enter");
    leptos::task::tick().await;
    assert_eq!(chosen.get_untracked(), Some(ConversationId(3)), "the second David conversation");
    press(&input, "Escape");
    leptos::task::tick().await;
    assert!(closed.get_untracked());
}

/// Waits for the browser to paint `n` frames (the list moves its window in animation frames).
async fn frames(n: usize) {
    for _ in 0..n {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window().unwrap().request_animation_frame(&resolve);
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
        leptos::task::tick().await;
    }
}

/// A scrolling frame like the app's (the tests load no stylesheet).
fn list_styles() {
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(
        ".message-list-frame { height: 600px; display: flex; flex-direction: column; } \
         .message-list { flex: 1; min-height: 0; overflow-y: auto; } \
         .message { min-height: 40px; }",
    ));
    document().head().unwrap().append_child(&style).unwrap();
}

fn many(ids: std::ops::RangeInclusive<i64>) -> Vec<Message> {
    let david = person(4, "David Roux", true);
    let bruno = person(1, "Bruno Martin", false);
    ids.map(|id| {
        let author = if id % 3 == 0 { &bruno } else { &david };
        message(id, author, id * 7, Document::from_plain_text(&format!("Message numéro {id}")))
    })
    .collect()
}

fn rendered_ids(root: &Element) -> Vec<i64> {
    all(root, "article.message")
        .iter()
        .map(|e| e.get_attribute("data-message-id").unwrap().parse().unwrap())
        .collect()
}

fn scroll_list(root: &Element, to: i32) -> web_sys::HtmlElement {
    let list: web_sys::HtmlElement =
        root.query_selector(".message-list").unwrap().unwrap().unchecked_into();
    list.set_scroll_top(to);
    list.dispatch_event(&web_sys::Event::new("scroll").unwrap()).unwrap();
    list
}

#[wasm_bindgen_test]
async fn ten_thousand_messages_keep_a_bounded_window_that_moves_without_jumping() {
    use parlons::components::message_list::WINDOW;
    list_styles();
    let messages = many(1..=10_000);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <MessageList messages=Signal::stored(messages) has_older=Signal::stored(false) on_load_older=Callback::new(|()| {}) me=ME /> }
    });
    frames(3).await;
    let ids = rendered_ids(&root);
    assert_eq!(ids.len(), WINDOW, "a bounded number of rows in the DOM");
    assert_eq!(ids.last(), Some(&10_000), "the newest at the bottom");
    assert!(all(&root, "*").len() < 2_000, "and a bounded DOM overall");

    // Scrolling to the top moves the window up; the row that was at the top stays put.
    let list = scroll_list(&root, 0);
    let anchor_id = ids[0];
    let offset = |root: &Element, list: &web_sys::HtmlElement| {
        let anchor =
            root.query_selector(&format!("[data-message-id=\"{anchor_id}\"]")).unwrap().unwrap();
        anchor.get_bounding_client_rect().top() - list.get_bounding_client_rect().top()
    };
    let before = offset(&root, &list);
    frames(3).await;
    let moved = rendered_ids(&root);
    assert_eq!(moved.len(), WINDOW);
    assert!(moved[0] < anchor_id, "older messages came in above");
    let moved_by = offset(&root, &list) - before;
    assert!(moved_by.abs() <= 2.0, "the row under the reader's eyes did not move ({moved_by} px)");

    // All the way up, step by step, never more than the window.
    for _ in 0..400 {
        scroll_list(&root, 0);
        frames(2).await;
        if rendered_ids(&root).first() == Some(&1) {
            break;
        }
    }
    let top = rendered_ids(&root);
    assert_eq!(top.first(), Some(&1), "the oldest message is reachable");
    assert_eq!(top.len(), WINDOW);
}

#[wasm_bindgen_test]
async fn older_pages_coming_in_above_do_not_move_what_the_reader_sees() {
    list_styles();
    let messages = RwSignal::new(many(5_001..=5_200));
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <MessageList messages=messages has_older=Signal::stored(true) on_load_older=Callback::new(|()| {}) me=ME /> }
    });
    frames(3).await;
    scroll_list(&root, 1_200);
    frames(2).await;
    let anchor_id = rendered_ids(&root)[20];
    let anchor = |root: &Element| {
        root.query_selector(&format!("[data-message-id=\"{anchor_id}\"]"))
            .unwrap()
            .unwrap()
            .get_bounding_client_rect()
            .top()
    };
    let before = anchor(&root);
    messages.update(|all| {
        let mut older = many(4_951..=5_000);
        older.append(all);
        *all = older;
    });
    frames(3).await;
    assert!((anchor(&root) - before).abs() < 2.0, "moved by {}", anchor(&root) - before);
    assert!(rendered_ids(&root).len() <= parlons::components::message_list::WINDOW);
}

#[wasm_bindgen_test]
async fn a_line_marks_the_first_message_the_reader_had_not_seen() {
    let david = person(4, "David Roux", true);
    let messages: Vec<Message> = (1..=4)
        .map(|id| message(id, &david, id * 60, Document::from_plain_text(&format!("m{id}"))))
        .collect();
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <MessageList
                messages=Signal::stored(messages)
                has_older=Signal::stored(false)
                on_load_older=Callback::new(|()| {})
                me=ME
                new_after=Some(MessageId(2))
            />
        }
    });
    leptos::task::tick().await;
    let dividers = all(&root, ".new-divider");
    assert_eq!(dividers.len(), 1);
    assert_eq!(dividers[0].text_content().unwrap_or_default(), "New messages");
    let next = dividers[0].next_element_sibling().unwrap();
    assert_eq!(next.get_attribute("data-message-id").as_deref(), Some("3"));
}

/// Waits (a frame at a time, at most about two seconds) until `done` holds.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..120 {
        if done() {
            return;
        }
        frames(1).await;
    }
    panic!("never happened: {what}");
}

fn click(root: &Element, selector: &str) {
    let element: HtmlElement = root.query_selector(selector).unwrap().unwrap().unchecked_into();
    element.click();
}

#[wasm_bindgen_test]
async fn failures_show_where_they_happen_and_try_again_repeats_them() {
    use parlons::components::conversation_pane::ConversationPane;
    use parlons::state::conversations::{Conversations, ListScope, provide_conversations};
    use std::cell::Cell;
    use std::rc::Rc;

    let api = FakeApi::install();
    api.answer("GET", "/me", 200, &me());
    api.answer("GET", "/conversations", 200, &Vec::<ConversationSummary>::new());
    api.fail("GET", "/conversations/1/messages", 500, "The database is unavailable.");
    api.answer(
        "GET",
        "/conversations/1/mentionable",
        200,
        &Vec::<parlons_api::DirectoryMember>::new(),
    );
    let handle: Rc<Cell<Option<Conversations>>> = Rc::default();
    let captured = handle.clone();
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        parlons::state::session::provide_session();
        let conversations = provide_conversations(ME, ListScope::All);
        let company = parlons_api::CompanyId(1);
        let uploading = parlons::state::uploading::provide_uploading(ME, company);
        parlons::state::sending::provide_sending(conversations, uploading, ME, company);
        conversations.upsert(conversation(1, project(1, "Résidence Les Tilleuls"), &[], 100, 0));
        captured.set(Some(conversations));
        view! { <Router><ConversationPane id=ConversationId(1) /></Router> }
    });
    handle.get().unwrap().open(Some(ConversationId(1)));

    // The first page fails: the error stands where the messages would, with Try again.
    until("the page's error", || texts(&root, ".inline-error span").len() == 1).await;
    assert_eq!(texts(&root, ".inline-error span"), ["The database is unavailable."]);
    assert!(all(&root, ".skeleton").is_empty(), "no endless placeholder under an error");
    let page = parlons_api::MessagePage {
        messages: vec![message(
            10,
            &person(4, "David Roux", true),
            0,
            Document::from_plain_text("Bonjour"),
        )],
        older_cursor: None,
        newer_cursor: None,
    };
    api.answer("GET", "/conversations/1/messages", 200, &page);
    click(&root, ".inline-error button");
    until("the messages", || texts(&root, ".message-body p") == ["Bonjour"]).await;
    assert!(all(&root, ".inline-error").is_empty());
    assert_eq!(api.count("GET", "/conversations/1/messages"), 2);

    // A star that fails says so under the header; trying again stars it.
    api.fail("PUT", "/conversations/1/star", 503, "Try later.");
    click(&root, ".conversation-actions button[aria-pressed]");
    until("the star's error", || texts(&root, ".inline-error span") == ["Try later."]).await;
    let mut starred = conversation(1, project(1, "Résidence Les Tilleuls"), &[], 100, 0);
    starred.starred = true;
    api.answer("PUT", "/conversations/1/star", 200, &starred);
    click(&root, ".inline-error button");
    until("starred", || all(&root, ".conversation-actions button[aria-pressed=true]").len() == 1)
        .await;
    assert!(all(&root, ".inline-error").is_empty());
    assert_eq!(api.count("PUT", "/conversations/1/star"), 2);
    assert_eq!(api.unanswered(), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn every_node_of_a_document_renders_as_its_element_and_links_stay_safe() {
    use parlons::components::rich_text::RichText;
    use parlons_api::rich_text::ListItem;

    let link = |href: &str| Inline::Link {
        href: href.into(),
        text: "le plan".into(),
        marks: vec![Mark::Bold],
    };
    let item = |text: &str, children| ListItem { content: vec![Inline::text(text)], children };
    let document = Document {
        blocks: vec![
            Block::Paragraph {
                content: vec![link("https://plans.example/d"), link("javascript:alert(1)")],
            },
            Block::Quote {
                blocks: vec![Block::Paragraph { content: vec![Inline::text("cité")] }]
            },
            Block::CodeBlock { text: "a = 1\nb = 2".into() },
            Block::OrderedList {
                items: vec![item(
                    "un",
                    vec![Block::BulletList { items: vec![item("sous", vec![])] }],
                )],
            },
        ],
    };
    let root = container();
    let _mounted =
        leptos::mount::mount_to(root.clone(), move || view! { <RichText document=document /> });
    leptos::task::tick().await;

    let links = all(&root, "a");
    assert_eq!(links.len(), 1, "the javascript: link is only text");
    assert_eq!(links[0].get_attribute("href").as_deref(), Some("https://plans.example/d"));
    assert_eq!(links[0].get_attribute("rel").as_deref(), Some("noopener noreferrer nofollow"));
    assert_eq!(texts(&root, "a strong"), ["le plan"]);
    assert_eq!(texts(&root, "p"), ["le planle plan", "cité"]);
    assert_eq!(texts(&root, "blockquote p"), ["cité"]);
    assert_eq!(
        root.query_selector("pre code").unwrap().unwrap().text_content().as_deref(),
        Some("a = 1\nb = 2")
    );
    assert_eq!(texts(&root, "ol > li > ul > li"), ["sous"]);
    assert!(root.inner_html().find("javascript").is_none());
}
