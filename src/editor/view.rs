//! The editor in the page: renders the state's lines (never `innerHTML`) and turns what the
//! browser reports — `beforeinput`, keys, composition, paste, selection changes — into the
//! model's commands. The browser never edits the content itself, except while an input
//! method composes a character, which is then applied as typed text and rendered again.

use leptos::html::Div;
use leptos::prelude::*;
use parlons_api::DirectoryMember;
use parlons_api::rich_text::Mark;
use parlons_editor::paste::{self, PlainPaste};
use parlons_editor::{Command, EditorState, Line, LineKind, Piece, Selection};
use wasm_bindgen::JsCast;

use super::dom;
use super::keys::{KeyAction, Press, SendKey, action};
use super::link_dialog::LinkDialog;
use super::mention_picker::{MentionPicker, candidates};
use super::toolbar::Toolbar;

/// A rich-text editor: its toolbar, its text, and the mention picker.
#[component]
pub fn Editor(
    /// The text and selection; owned by the caller, which reads the document to send.
    state: RwSignal<EditorState>,
    /// The editor's accessible name, shown as a placeholder while it is empty.
    #[prop(into)]
    label: Signal<String>,
    /// Which key sends.
    send_key: SendKey,
    /// Called when the person sends.
    on_send: Callback<()>,
    /// Called on the Up key while the editor is empty (to edit one's last message).
    #[prop(default = None)]
    on_up_when_empty: Option<Callback<()>>,
    /// The people who may be mentioned here.
    #[prop(into, default = Signal::stored(Vec::new()))]
    mentionable: Signal<Vec<DirectoryMember>>,
    /// Whether it takes the focus when shown.
    #[prop(default = false)]
    autofocus: bool,
    /// Called with the files picked, or pasted, if files may be attached here.
    #[prop(default = None)]
    on_files: Option<Callback<Vec<web_sys::File>>>,
) -> impl IntoView {
    let content = NodeRef::<Div>::new();
    let picker = NodeRef::<leptos::html::Input>::new();
    let doc = Memo::new(move |_| state.with(|s| s.doc().clone()));
    let blank = Memo::new(move |_| {
        doc.with(|d| {
            d.lines().len() == 1 && d.line(0).kind == LineKind::Paragraph && d.line(0).is_empty()
        })
    });
    let composing = StoredValue::new(None::<Selection>);
    let link_open = RwSignal::new(false);
    // The mention picker: what is typed after `@`, unless dismissed with Escape.
    let dismissed = RwSignal::new(None::<String>);
    let query = Memo::new(move |_| state.with(EditorState::mention_query));
    let found = Memo::new(move |_| {
        let query = query.get()?;
        if dismissed.get().as_ref() == Some(&query) {
            return None;
        }
        let people = mentionable.with(|people| candidates(people, &query));
        (!people.is_empty()).then_some(people)
    });
    let highlighted = RwSignal::new(0usize);
    Effect::new(move |_| {
        query.track();
        highlighted.set(0);
    });

    let focused = move || {
        let (Some(content), Some(active)) = (
            content.get_untracked(),
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element()),
        ) else {
            return false;
        };
        content.contains(Some(&active))
    };
    // The browser's selection, read into the model (not an edit: no history, no render).
    let read_selection = move || {
        let content = content.get_untracked()?;
        let selection = web_sys::window()?.get_selection().ok()??;
        let anchor = dom::pos_of(&content, &selection.anchor_node()?, selection.anchor_offset())?;
        let focus = dom::pos_of(&content, &selection.focus_node()?, selection.focus_offset())?;
        Some(Selection { anchor, focus })
    };
    let sync_selection = move || {
        if let Some(selection) = read_selection()
            && state.with_untracked(|s| s.selection()) != selection
        {
            state.update(|s| {
                s.apply(Command::Select(selection));
            });
        }
    };
    // The model's selection, shown by the browser (after each render).
    let show_selection = move || {
        let Some(content) = content.get_untracked() else { return };
        let wanted = state.with_untracked(|s| s.selection());
        if read_selection() == Some(wanted) {
            return;
        }
        let (Some(anchor), Some(focus)) =
            (dom::point_of(&content, wanted.anchor), dom::point_of(&content, wanted.focus))
        else {
            return;
        };
        if let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
            let _ = selection.set_base_and_extent(&anchor.0, anchor.1, &focus.0, focus.1);
        }
    };
    let apply = move |command: Command| {
        if !matches!(command, Command::Undo | Command::Redo) {
            sync_selection();
        }
        state.update(|s| {
            s.apply(command);
        });
    };
    Effect::new(move |_| {
        state.track();
        if focused() {
            show_selection();
        }
    });
    // The caret moved by arrows, clicks or touch: the toolbar and picker follow.
    let on_selection = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        if composing.get_value().is_none() && focused() {
            sync_selection();
        }
    });
    let page = web_sys::window().and_then(|w| w.document());
    if let Some(page) = &page {
        let _ = page.add_event_listener_with_callback(
            "selectionchange",
            on_selection.as_ref().unchecked_ref(),
        );
    }
    let listener = StoredValue::new_local(Some(on_selection));
    on_cleanup(move || {
        let page = web_sys::window().and_then(|w| w.document());
        if let (Some(page), Some(Some(listener))) = (page, listener.try_update_value(Option::take))
        {
            let _ = page.remove_event_listener_with_callback(
                "selectionchange",
                listener.as_ref().unchecked_ref(),
            );
        }
    });
    Effect::new(move |_| {
        if autofocus && let Some(content) = content.get() {
            let _ = content.focus();
        }
    });

    let choose = Callback::new(move |person: DirectoryMember| {
        apply(Command::InsertMention { user: person.id, name: person.name });
    });

    let on_beforeinput = move |ev: web_sys::InputEvent| {
        let kind = ev.input_type();
        if ev.is_composing() || kind == "insertCompositionText" {
            return;
        }
        ev.prevent_default();
        let typed = || {
            ev.data()
                .or_else(|| ev.data_transfer().and_then(|d| d.get_data("text/plain").ok()))
                .unwrap_or_default()
        };
        let command = match kind.as_str() {
            "insertText" | "insertReplacementText" => Command::InsertText(typed()),
            "insertParagraph" | "insertLineBreak" => Command::SplitLine,
            "deleteContentBackward"
            | "deleteSoftLineBackward"
            | "deleteHardLineBackward"
            | "deleteByCut"
            | "deleteByDrag" => Command::DeleteBackward,
            "deleteWordBackward" => Command::DeleteWordBackward,
            "deleteContentForward"
            | "deleteWordForward"
            | "deleteSoftLineForward"
            | "deleteHardLineForward" => Command::DeleteForward,
            "historyUndo" => Command::Undo,
            "historyRedo" => Command::Redo,
            "formatBold" => Command::ToggleMark(Mark::Bold),
            "formatItalic" => Command::ToggleMark(Mark::Italic),
            "formatUnderline" => Command::ToggleMark(Mark::Underline),
            "formatStrikeThrough" => Command::ToggleMark(Mark::Strikethrough),
            // Pastes and drops go through their own events; anything else is not ours.
            _ => return,
        };
        apply(command);
    };

    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        if let Some(people) = found.get_untracked() {
            let last = people.len().saturating_sub(1);
            let handled = match key.as_str() {
                "ArrowDown" => {
                    highlighted.update(|h| *h = (*h + 1).min(last));
                    true
                }
                "ArrowUp" => {
                    highlighted.update(|h| *h = h.saturating_sub(1));
                    true
                }
                "Enter" | "Tab" => {
                    if let Some(person) = people.get(highlighted.get_untracked()) {
                        choose.run(person.clone());
                    }
                    true
                }
                "Escape" => {
                    dismissed.set(query.get_untracked());
                    true
                }
                _ => false,
            };
            if handled {
                ev.prevent_default();
                ev.stop_propagation();
                return;
            }
        }
        if key == "ArrowUp"
            && let Some(on_up) = on_up_when_empty
            && blank.get_untracked()
        {
            ev.prevent_default();
            on_up.run(());
            return;
        }
        let caret = state.with_untracked(|s| s.selection().focus);
        let in_list = state.with_untracked(|s| s.doc().line(caret.line).kind.is_list());
        let press = Press {
            key: &key,
            command: ev.ctrl_key() || ev.meta_key(),
            shift: ev.shift_key(),
            alt: ev.alt_key(),
            composing: ev.is_composing(),
        };
        match action(press, send_key, in_list) {
            KeyAction::None => {}
            KeyAction::Send => {
                ev.prevent_default();
                on_send.run(());
            }
            KeyAction::Link => {
                // Not the workspace's Ctrl+K.
                ev.prevent_default();
                ev.stop_propagation();
                sync_selection();
                link_open.set(true);
            }
            KeyAction::Edit(command) => {
                ev.prevent_default();
                ev.stop_propagation();
                apply(command);
            }
        }
    };

    let on_paste = move |ev: web_sys::ClipboardEvent| {
        ev.prevent_default();
        let Some(data) = ev.clipboard_data() else { return };
        // A file or a screenshot is attached, not typed.
        let files = dom::files(data.files());
        if let (Some(on_files), false) = (on_files, files.is_empty()) {
            on_files.run(files);
            return;
        }
        let html = data.get_data("text/html").unwrap_or_default();
        let lines = match html.trim().is_empty() {
            true => Vec::new(),
            false => paste::reduce(&dom::parse_html(&html)),
        };
        if !lines.is_empty() {
            apply(Command::InsertLines(lines));
            return;
        }
        let text = data.get_data("text/plain").unwrap_or_default();
        sync_selection();
        let over_selection = !state.with_untracked(|s| s.selection().is_collapsed());
        match paste::plain(&text, over_selection) {
            PlainPaste::Link(href) => apply(Command::SetLink(Some(href))),
            PlainPaste::Text(text) => apply(Command::InsertText(text)),
        }
    };

    let on_compositionstart = move |_: web_sys::CompositionEvent| {
        sync_selection();
        composing.set_value(Some(state.with_untracked(|s| s.selection())));
    };
    let on_compositionend = move |ev: web_sys::CompositionEvent| {
        let Some(at) = composing.get_value() else { return };
        composing.set_value(None);
        // What the input method wrote into the page is replaced by the model's rendering;
        // anything it put outside the lines goes now.
        if let Some(content) = content.get_untracked() {
            let nodes = content.child_nodes();
            let strays: Vec<web_sys::Node> = (0..nodes.length())
                .filter_map(|i| nodes.item(i))
                .filter(|n| {
                    n.dyn_ref::<web_sys::Element>().is_none_or(|e| !e.has_attribute("data-line"))
                })
                .filter(|n| n.node_type() != web_sys::Node::COMMENT_NODE)
                .collect();
            for node in strays {
                let _ = content.remove_child(&node);
            }
        }
        let text = ev.data().unwrap_or_default();
        state.update(|s| {
            s.apply(Command::Select(at));
            s.apply(Command::InsertText(text));
        });
    };

    let lines = move || doc.with(|doc| render_lines(doc.lines()));
    view! {
        <div class="editor">
            <Toolbar
                state=state
                apply=Callback::new(apply)
                on_link=Callback::new(move |()| {
                    sync_selection();
                    link_open.set(true);
                })
                on_attach=on_files.map(|_| Callback::new(move |()| {
                    if let Some(picker) = picker.get_untracked() {
                        picker.click();
                    }
                }))
            />
            {on_files.map(|on_files| view! {
                <input
                    type="file"
                    multiple
                    hidden
                    node_ref=picker
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        let files = dom::files(input.files());
                        // Emptied, so that picking the same file again is a change.
                        input.set_value("");
                        if !files.is_empty() {
                            on_files.run(files);
                        }
                    }
                />
            })}
            <div
                class="editor-content"
                class:blank=move || blank.get()
                node_ref=content
                contenteditable="true"
                role="textbox"
                aria-multiline="true"
                aria-label=move || label.get()
                data-placeholder=move || label.get()
                spellcheck="true"
                on:beforeinput=on_beforeinput
                on:keydown=on_keydown
                on:paste=on_paste
                on:compositionstart=on_compositionstart
                on:compositionend=on_compositionend
            >
                {lines}
            </div>
            <Show when=move || link_open.get()>
                <LinkDialog
                    current=state.with_untracked(|s| s.link_active().map(str::to_owned))
                    on_done=Callback::new(move |href: Option<Option<String>>| {
                        link_open.set(false);
                        if let Some(content) = content.get_untracked() {
                            let _ = content.focus();
                        }
                        if let Some(href) = href {
                            state.update(|s| {
                                s.apply(Command::SetLink(href));
                            });
                        }
                    })
                />
            </Show>
            {move || found.get().map(|people| view! {
                <MentionPicker people=people highlighted=highlighted on_choose=choose />
            })}
        </div>
    }
}

/// The lines as elements: one per line, one per piece, with the positions the selection
/// mapping reads (`data-line`, `data-start`, `data-len`).
fn render_lines(lines: &[Line]) -> Vec<AnyView> {
    let numbers = numbers(lines);
    lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let kind = match line.kind {
                LineKind::Paragraph => "paragraph",
                LineKind::Bullet => "bullet",
                LineKind::Ordered => "ordered",
                LineKind::Quote => "quote",
                LineKind::Code => "code",
            };
            let class = format!("line line-{kind} depth-{}", line.depth);
            let mut start = 0;
            let pieces: Vec<AnyView> = line
                .pieces
                .iter()
                .map(|piece| {
                    let view = render_piece(piece, start);
                    start += piece.len();
                    view
                })
                .collect();
            let empty = pieces.is_empty();
            view! {
                <div class=class data-line=index data-number=numbers[index].map(|n| format!("{n}."))>
                    {pieces}
                    {empty.then(|| view! { <br /> })}
                </div>
            }
            .into_any()
        })
        .collect()
}

fn render_piece(piece: &Piece, start: usize) -> AnyView {
    let len = piece.len();
    match piece {
        Piece::Mention { name, .. } => view! {
            <span class="mention" contenteditable="false" data-start=start data-len=len>{format!("@{name}")}</span>
        }
        .into_any(),
        Piece::Text { text, marks, link } => {
            let mut inner = view! { <span>{text.clone()}</span> }.into_any();
            for mark in Mark::ALL.iter().rev().filter(|m| marks.has(**m)) {
                inner = match mark {
                    Mark::Bold => view! { <strong>{inner}</strong> }.into_any(),
                    Mark::Italic => view! { <em>{inner}</em> }.into_any(),
                    Mark::Underline => view! { <u>{inner}</u> }.into_any(),
                    Mark::Strikethrough => view! { <s>{inner}</s> }.into_any(),
                    Mark::Code => view! { <code>{inner}</code> }.into_any(),
                };
            }
            match link {
                Some(href) => view! {
                    <a class="editor-link" href=href.clone() data-start=start data-len=len>{inner}</a>
                }
                .into_any(),
                None => view! { <span data-start=start data-len=len>{inner}</span> }.into_any(),
            }
        }
    }
}

/// The number of each numbered item (`None` for other lines): counting from 1 in each list
/// and at each depth, again after anything that is not a deeper item.
fn numbers(lines: &[Line]) -> Vec<Option<usize>> {
    let mut counters: Vec<usize> = Vec::new();
    lines
        .iter()
        .map(|line| {
            if !line.kind.is_list() {
                counters.clear();
                return None;
            }
            let depth = line.depth as usize;
            counters.truncate(depth + 1);
            counters.resize(depth + 1, 0);
            match line.kind {
                LineKind::Ordered => {
                    counters[depth] += 1;
                    Some(counters[depth])
                }
                _ => {
                    counters[depth] = 0;
                    None
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn item(kind: LineKind, depth: u8) -> Line {
        Line::empty(kind, depth)
    }

    #[wasm_bindgen_test]
    fn numbered_items_count_per_list_and_depth() {
        let lines = [
            item(LineKind::Ordered, 0),
            item(LineKind::Ordered, 1),
            item(LineKind::Ordered, 1),
            item(LineKind::Ordered, 0),
            item(LineKind::Paragraph, 0),
            item(LineKind::Ordered, 0),
        ];
        assert_eq!(numbers(&lines), [Some(1), Some(1), Some(2), Some(2), None, Some(1)]);
    }
}
