//! The editor's toolbar: a button for each mark and kind of line, pressed where the caret
//! or selection has it; reachable by keyboard as one stop, arrows moving between buttons.

use leptos::prelude::*;
use parlons_api::rich_text::Mark;
use parlons_editor::{Command, EditorState, LineKind};

use crate::i18n::{Key, tr};

/// What a button does.
#[derive(Clone, Copy)]
enum Tool {
    Mark(Mark),
    Line(LineKind),
    Link,
}

const TOOLS: [(Tool, Key, &str); 10] = [
    (Tool::Mark(Mark::Bold), Key::Bold, "B"),
    (Tool::Mark(Mark::Italic), Key::Italic, "I"),
    (Tool::Mark(Mark::Underline), Key::Underline, "U"),
    (Tool::Mark(Mark::Strikethrough), Key::Strikethrough, "S"),
    (Tool::Mark(Mark::Code), Key::InlineCode, "</>"),
    (Tool::Link, Key::LinkButton, ""),
    (Tool::Line(LineKind::Bullet), Key::BulletedList, "•"),
    (Tool::Line(LineKind::Ordered), Key::NumberedList, ""),
    (Tool::Line(LineKind::Quote), Key::QuoteButton, "❝"),
    (Tool::Line(LineKind::Code), Key::CodeBlock, "{ }"),
];

/// A numbered list's icon, drawn: the digits of a text icon would have to be part of the
/// button's name for screen readers (WCAG's "label in name").
fn numbered_icon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path
                d="M2 2h1.5v4M2 6h3M1.8 9.6c.3-.7 2.7-.9 2.7.5 0 1-2.7 1.6-2.7 2.9h2.9M7 3.5h8M7 8h8M7 12.5h8"
                stroke="currentColor" fill="none" stroke-width="1.3"
            ></path>
        </svg>
    }
}

/// A link's icon: two chain links.
fn link_icon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path
                d="M6.5 9.5l3-3M7 4.5l1.2-1.2a2.6 2.6 0 0 1 3.6 3.6L10.6 8M9 11.5l-1.2 1.2a2.6 2.6 0 0 1-3.6-3.6L5.4 8"
                stroke="currentColor" fill="none" stroke-width="1.4" stroke-linecap="round"
            ></path>
        </svg>
    }
}

/// A paper clip, for attaching files.
fn attach_icon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path
                d="M13.5 7.5 8 13a3.5 3.5 0 0 1-5-5l5.8-5.8a2.3 2.3 0 0 1 3.3 3.3L6.3 11.3a1.2 1.2 0 0 1-1.7-1.7L10 4.3"
                stroke="currentColor" fill="none" stroke-width="1.3" stroke-linecap="round"
            ></path>
        </svg>
    }
}

/// The formatting toolbar of an editor, and its attach button where files may be attached.
#[component]
pub fn Toolbar(
    /// The editor's state, whose selection says which buttons are pressed.
    state: RwSignal<EditorState>,
    /// Applies a command to the editor.
    apply: Callback<Command>,
    /// Opens the link dialog.
    on_link: Callback<()>,
    /// Opens the file picker, if files may be attached.
    #[prop(default = None)]
    on_attach: Option<Callback<()>>,
) -> impl IntoView {
    // The one button the Tab key stops at (a roving tab stop).
    let current = RwSignal::new(0usize);
    let buttons = NodeRef::<leptos::html::Div>::new();
    let move_focus = move |to: usize| {
        current.set(to);
        if let Some(buttons) = buttons.get_untracked()
            && let Ok(Some(button)) =
                buttons.query_selector(&format!("button:nth-child({})", to + 1))
            && let Some(button) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&button)
        {
            let _ = button.focus();
        }
    };
    view! {
        <div
            class="editor-toolbar"
            role="toolbar"
            aria-label=tr(Key::Formatting)
            node_ref=buttons
            on:keydown=move |ev| {
                let last = TOOLS.len() - usize::from(on_attach.is_none());
                let to = match ev.key().as_str() {
                    "ArrowRight" => Some(if current.get_untracked() == last { 0 } else { current.get_untracked() + 1 }),
                    "ArrowLeft" => Some(current.get_untracked().checked_sub(1).unwrap_or(last)),
                    "Home" => Some(0),
                    "End" => Some(last),
                    _ => None,
                };
                if let Some(to) = to {
                    ev.prevent_default();
                    move_focus(to);
                }
            }
        >
            {TOOLS
                .into_iter()
                .enumerate()
                .map(|(index, (tool, label, icon))| {
                    let pressed = move || {
                        state.with(|s| match tool {
                            Tool::Mark(mark) => s.mark_active(mark),
                            Tool::Line(kind) => s.line_kind_active(kind),
                            Tool::Link => s.link_active().is_some(),
                        })
                    };
                    view! {
                        <button
                            type="button"
                            class="tool"
                            class:pressed=pressed
                            aria-pressed=move || pressed().to_string()
                            aria-label=tr(label)
                            title=tr(label)
                            tabindex=move || if current.get() == index { "0" } else { "-1" }
                            // Keep the editor's selection: the button acts on it.
                            on:mousedown=|ev| ev.prevent_default()
                            on:click=move |_| {
                                current.set(index);
                                match tool {
                                    Tool::Mark(mark) => apply.run(Command::ToggleMark(mark)),
                                    Tool::Line(kind) => apply.run(Command::ToggleLineKind(kind)),
                                    Tool::Link => on_link.run(()),
                                }
                            }
                        >
                            {match (icon, tool) {
                                ("", Tool::Link) => link_icon().into_any(),
                                ("", _) => numbered_icon().into_any(),
                                (icon, _) => view! { <span aria-hidden="true">{icon}</span> }.into_any(),
                            }}
                        </button>
                    }
                })
                .collect_view()}
            {on_attach.map(|on_attach| {
                let index = TOOLS.len();
                view! {
                    <button
                        type="button"
                        class="tool attach"
                        aria-label=tr(Key::AttachFiles)
                        title=tr(Key::AttachFiles)
                        tabindex=move || if current.get() == index { "0" } else { "-1" }
                        on:click=move |_| {
                            current.set(index);
                            on_attach.run(());
                        }
                    >
                        {attach_icon()}
                    </button>
                }
            })}
        </div>
    }
}
