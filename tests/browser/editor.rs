//! The rich-text editor driven as a person would: typing (the browser's `beforeinput`),
//! keyboard shortcuts, the toolbar, an input method composing, a paste of real clipboard
//! HTML, undo, and the mention picker by keyboard.

use leptos::prelude::*;
use parlons::editor::{Editor, SendKey};
use parlons_api::rich_text::{Block, Inline};
use parlons_api::{DirectoryMember, UserId};
use parlons_editor::convert::to_document;
use parlons_editor::paste::outline;
use parlons_editor::{EditorState, Pos};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit};

use super::{all, container, texts};

/// The editor's content element.
pub fn content_of(root: &Element) -> HtmlElement {
    root.query_selector(".editor-content").unwrap().unwrap().unchecked_into()
}

/// What the browser sends when a person types or deletes: a `beforeinput` event.
pub async fn input(content: &HtmlElement, kind: &str, data: &str) {
    content.focus().unwrap();
    let init = web_sys::InputEventInit::new();
    init.set_input_type(kind);
    init.set_data(Some(data));
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("beforeinput", &init).unwrap();
    content.dispatch_event(&event).unwrap();
    assert!(event.default_prevented(), "the editor applies {kind} itself");
    leptos::task::tick().await;
}

/// A key pressed in the editor, with Ctrl and Shift or not.
pub async fn press(content: &HtmlElement, key: &str, ctrl: bool, shift: bool) -> KeyboardEvent {
    content.focus().unwrap();
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    content.dispatch_event(&event).unwrap();
    leptos::task::tick().await;
    event
}

/// Selects text of the editor with the mouse (the browser's selection).
fn select(content: &HtmlElement, from: Pos, to: Pos) {
    let (anchor, focus) = (
        parlons::editor::dom::point_of(content, from).unwrap(),
        parlons::editor::dom::point_of(content, to).unwrap(),
    );
    let selection = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    selection.set_base_and_extent(&anchor.0, anchor.1, &focus.0, focus.1).unwrap();
}

fn tool(root: &Element, label: &str) -> HtmlElement {
    root.query_selector(&format!(".editor-toolbar [aria-label=\"{label}\"]"))
        .unwrap()
        .unwrap()
        .unchecked_into()
}

fn mount(state: RwSignal<EditorState>, people: Vec<DirectoryMember>) -> (Element, impl Sized) {
    let root: Element = container().into();
    let mounted = leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        view! {
            <Editor
                state=state
                label="Write a message"
                send_key=SendKey::Enter
                on_send=Callback::new(|()| {})
                mentionable=Signal::stored(people.clone())
            />
        }
    });
    (root, mounted)
}

#[wasm_bindgen_test]
async fn typing_marks_by_shortcut_and_toolbar_undo() {
    let state = RwSignal::new(EditorState::default());
    let (root, _mounted) = mount(state, Vec::new());
    leptos::task::tick().await;
    let content = content_of(&root);
    assert!(content.class_list().contains("blank"), "a placeholder while empty");
    assert_eq!(content.get_attribute("data-placeholder").as_deref(), Some("Write a message"));

    input(&content, "insertText", "Bonjour David").await;
    assert_eq!(texts(&content, ".line"), ["Bonjour David"]);
    assert!(!content.class_list().contains("blank"));

    // Select "Bonjour", Ctrl+B: bold, and the toolbar says so.
    select(&content, Pos::new(0, 0), Pos::new(0, 7));
    let bold = press(&content, "b", true, false).await;
    assert!(bold.default_prevented());
    assert_eq!(texts(&content, "strong"), ["Bonjour"]);
    assert_eq!(tool(&root, "Bold").get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(tool(&root, "Italic").get_attribute("aria-pressed").as_deref(), Some("false"));

    // The toolbar makes the line a bulleted list item, and Ctrl+I italic.
    tool(&root, "Bulleted list").click();
    leptos::task::tick().await;
    assert_eq!(all(&content, ".line-bullet").len(), 1);
    assert_eq!(tool(&root, "Bulleted list").get_attribute("aria-pressed").as_deref(), Some("true"));
    press(&content, "i", true, false).await;
    assert_eq!(texts(&content, "strong em"), ["Bonjour"]);

    // Undo takes back italic, then the list, then bold.
    press(&content, "z", true, false).await;
    assert!(all(&content, "em").is_empty());
    press(&content, "z", true, false).await;
    assert!(all(&content, ".line-bullet").is_empty());
    press(&content, "z", true, false).await;
    assert!(all(&content, "strong").is_empty());
    press(&content, "y", true, false).await;
    assert_eq!(texts(&content, "strong"), ["Bonjour"], "Ctrl+Y redoes");

    // Deleting, as the browser reports it.
    select(&content, Pos::new(0, 13), Pos::new(0, 13));
    input(&content, "deleteContentBackward", "").await;
    assert_eq!(state.with_untracked(|s| s.doc().text()), "Bonjour Davi");
    let toolbar = root.query_selector("[role=toolbar]").unwrap().unwrap();
    assert_eq!(toolbar.get_attribute("aria-label").as_deref(), Some("Formatting"));
    let stops = all(&toolbar, "button[tabindex=\"0\"]");
    assert_eq!(stops.len(), 1, "the toolbar is one tab stop");
}

#[wasm_bindgen_test]
async fn markdown_shortcuts_and_enter_in_lists() {
    let state = RwSignal::new(EditorState::default());
    let (root, _mounted) = mount(state, Vec::new());
    leptos::task::tick().await;
    let content = content_of(&root);
    for c in ["-", " ", "u", "n"] {
        input(&content, "insertText", c).await;
    }
    press(&content, "Enter", false, true).await;
    input(&content, "insertText", "deux").await;
    assert_eq!(all(&content, ".line-bullet").len(), 2, "Shift+Enter in a list makes the next item");
    press(&content, "Tab", false, false).await;
    assert_eq!(all(&content, ".line-bullet.depth-1").len(), 1, "Tab nests it");
    let document = to_document(state.get_untracked().doc());
    assert_eq!(document.to_plain_text(), "- un\n  - deux");
}

#[wasm_bindgen_test]
async fn an_input_method_composes_then_the_editor_applies_it() {
    let state = RwSignal::new(EditorState::default());
    let (root, _mounted) = mount(state, Vec::new());
    leptos::task::tick().await;
    let content = content_of(&root);
    input(&content, "insertText", "caf").await;
    content.focus().unwrap();
    let event = |kind: &str, data: &str| {
        let init = web_sys::CompositionEventInit::new();
        init.set_data(data);
        init.set_bubbles(true);
        web_sys::CompositionEvent::new_with_event_init_dict(kind, &init).unwrap()
    };
    content.dispatch_event(&event("compositionstart", "")).unwrap();
    // While composing, an Enter belongs to the input method, not to sending.
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_is_composing(true);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let enter = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    content.dispatch_event(&enter).unwrap();
    assert!(!enter.default_prevented());
    content.dispatch_event(&event("compositionend", "é")).unwrap();
    leptos::task::tick().await;
    assert_eq!(state.with_untracked(|s| s.doc().text()), "café");
    assert_eq!(texts(&content, ".line"), ["café"]);
}

/// A paste event carrying HTML, as the browser fires it.
async fn paste_html(content: &HtmlElement, html: &str) {
    content.focus().unwrap();
    let data = web_sys::DataTransfer::new().unwrap();
    data.set_data("text/html", html).unwrap();
    data.set_data("text/plain", "plain").unwrap();
    let init = web_sys::ClipboardEventInit::new();
    init.set_clipboard_data(Some(&data));
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
    content.dispatch_event(&event).unwrap();
    assert!(event.default_prevented());
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn pasted_word_html_is_reduced_by_the_browsers_own_parser() {
    let state = RwSignal::new(EditorState::default());
    let (root, _mounted) = mount(state, Vec::new());
    leptos::task::tick().await;
    let content = content_of(&root);
    let outline_of = |file: &str| file.lines().map(str::to_owned).collect::<Vec<_>>();
    paste_html(&content, include_str!("../clipboard/word.html")).await;
    assert_eq!(
        outline(state.get_untracked().doc().lines()),
        outline_of(include_str!("../clipboard/word.outline"))
    );

    state.set(EditorState::default());
    leptos::task::tick().await;
    paste_html(&content, include_str!("../clipboard/hostile.html")).await;
    assert_eq!(
        outline(state.get_untracked().doc().lines()),
        outline_of(include_str!("../clipboard/hostile.outline"))
    );
    assert!(!content.inner_html().contains("javascript"));
    assert!(all(&content, "img, script, iframe, svg, input").is_empty());
}

#[wasm_bindgen_test]
async fn the_mention_picker_by_keyboard() {
    let people = vec![
        DirectoryMember { id: UserId(3), name: "Chloé Bernard".into(), is_external: false },
        DirectoryMember { id: UserId(4), name: "David Roux".into(), is_external: true },
        DirectoryMember { id: UserId(7), name: "Dominique Chauvin".into(), is_external: false },
    ];
    let state = RwSignal::new(EditorState::default());
    let (root, _mounted) = mount(state, people);
    leptos::task::tick().await;
    let content = content_of(&root);
    input(&content, "insertText", "Merci ").await;
    input(&content, "insertText", "@").await;
    assert_eq!(all(&root, "[role=option]").len(), 3, "everyone who may be mentioned");
    input(&content, "insertText", "d").await;
    assert_eq!(texts(&root, "[role=option] .mention-name"), ["David Roux", "Dominique Chauvin"]);
    assert_eq!(texts(&root, "[role=option] .external-tag"), ["External"]);
    assert_eq!(
        all(&root, "[role=option][aria-selected=true]")[0].text_content().unwrap_or_default(),
        "David RouxExternal"
    );
    press(&content, "ArrowDown", false, false).await;
    let enter = press(&content, "Enter", false, false).await;
    assert!(enter.default_prevented(), "Enter chooses, it does not send");
    assert!(all(&root, "[role=option]").is_empty(), "the picker closes");
    assert_eq!(texts(&content, ".mention"), ["@Dominique Chauvin"]);
    let document = to_document(state.get_untracked().doc());
    let Block::Paragraph { content: inlines } = &document.blocks[0] else { panic!("a paragraph") };
    assert!(
        inlines.contains(&Inline::Mention { user_id: UserId(7), name: "Dominique Chauvin".into() })
    );

    // Escape dismisses the picker, leaving what was typed.
    input(&content, "insertText", "@ch").await;
    assert_eq!(texts(&root, "[role=option] .mention-name"), ["Chloé Bernard", "Dominique Chauvin"]);
    press(&content, "Escape", false, false).await;
    assert!(all(&root, "[role=option]").is_empty());
    assert!(state.with_untracked(|s| s.doc().text()).ends_with("@ch"));
}
