//! What a key press means in the editor: the shortcuts people know.

use parlons_api::rich_text::Mark;
use parlons_editor::{Command, LineKind};

/// How a message is sent from this editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendKey {
    /// In an open conversation: Enter sends, Shift+Enter is a new line.
    Enter,
    /// In "+ Créer": Ctrl+Enter (Cmd+Enter on a Mac) sends, Enter is a new line.
    CtrlEnter,
}

/// A key press, as the browser reports it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Press<'a> {
    /// `KeyboardEvent.key`.
    pub key: &'a str,
    /// Ctrl, or Cmd on a Mac.
    pub command: bool,
    /// Shift.
    pub shift: bool,
    /// Alt (Option).
    pub alt: bool,
    /// Whether an input method is composing a character.
    pub composing: bool,
}

/// What a key press does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyAction {
    /// An editing command.
    Edit(Command),
    /// Send the message.
    Send,
    /// Open the link dialog.
    Link,
    /// Let the browser handle it.
    None,
}

/// What a key press does in the editor; `in_list` says whether the caret is in a list item
/// (where Tab nests it rather than leaving the editor).
pub fn action(press: Press<'_>, send: SendKey, in_list: bool) -> KeyAction {
    if press.composing {
        return KeyAction::None;
    }
    let key = press.key;
    let letter = key.to_ascii_lowercase();
    match (press.command, press.shift, press.alt, letter.as_str()) {
        (_, _, _, "enter") => match (send, press.command, press.shift) {
            (SendKey::Enter, false, false) | (SendKey::CtrlEnter, true, _) => KeyAction::Send,
            _ => KeyAction::Edit(Command::SplitLine),
        },
        (true, false, false, "b") => KeyAction::Edit(Command::ToggleMark(Mark::Bold)),
        (true, false, false, "i") => KeyAction::Edit(Command::ToggleMark(Mark::Italic)),
        (true, false, false, "u") => KeyAction::Edit(Command::ToggleMark(Mark::Underline)),
        (true, true, false, "x") => KeyAction::Edit(Command::ToggleMark(Mark::Strikethrough)),
        (true, false, false, "e") => KeyAction::Edit(Command::ToggleMark(Mark::Code)),
        (true, false, false, "k") => KeyAction::Link,
        (true, false, false, "z") => KeyAction::Edit(Command::Undo),
        (true, true, false, "z") | (true, false, false, "y") => KeyAction::Edit(Command::Redo),
        (true, true, false, "7") => KeyAction::Edit(Command::ToggleLineKind(LineKind::Ordered)),
        (true, true, false, "8") => KeyAction::Edit(Command::ToggleLineKind(LineKind::Bullet)),
        (false, false, false, "tab") if in_list => KeyAction::Edit(Command::Indent),
        (false, true, false, "tab") if in_list => KeyAction::Edit(Command::Outdent),
        _ => KeyAction::None,
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn press(key: &str, command: bool, shift: bool) -> Press<'_> {
        Press { key, command, shift, ..Press::default() }
    }

    #[wasm_bindgen_test]
    fn enter_sends_in_a_conversation_and_ctrl_enter_in_create() {
        assert_eq!(action(press("Enter", false, false), SendKey::Enter, false), KeyAction::Send);
        let new_line = KeyAction::Edit(Command::SplitLine);
        assert_eq!(action(press("Enter", false, true), SendKey::Enter, true), new_line);
        assert_eq!(action(press("Enter", false, false), SendKey::CtrlEnter, false), new_line);
        assert_eq!(action(press("Enter", true, false), SendKey::CtrlEnter, false), KeyAction::Send);
        let composing = Press { composing: true, ..press("Enter", false, false) };
        assert_eq!(action(composing, SendKey::Enter, false), KeyAction::None);
    }

    #[wasm_bindgen_test]
    fn the_usual_shortcuts() {
        let edit = |key, shift| action(press(key, true, shift), SendKey::Enter, false);
        assert_eq!(edit("b", false), KeyAction::Edit(Command::ToggleMark(Mark::Bold)));
        assert_eq!(edit("I", false), KeyAction::Edit(Command::ToggleMark(Mark::Italic)));
        assert_eq!(edit("X", true), KeyAction::Edit(Command::ToggleMark(Mark::Strikethrough)));
        assert_eq!(edit("e", false), KeyAction::Edit(Command::ToggleMark(Mark::Code)));
        assert_eq!(edit("k", false), KeyAction::Link);
        assert_eq!(edit("z", false), KeyAction::Edit(Command::Undo));
        assert_eq!(edit("Z", true), KeyAction::Edit(Command::Redo));
        assert_eq!(edit("y", false), KeyAction::Edit(Command::Redo));
        assert_eq!(
            action(press("Tab", false, false), SendKey::Enter, true),
            KeyAction::Edit(Command::Indent)
        );
        assert_eq!(
            action(press("Tab", false, false), SendKey::Enter, false),
            KeyAction::None,
            "Tab leaves the editor outside lists"
        );
    }
}
