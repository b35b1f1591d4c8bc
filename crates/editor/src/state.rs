//! The editor's state — document, selection, the marks the next typed text takes — and the
//! commands that change it, each undoable.

use parlons_api::UserId;
use parlons_api::rich_text::Mark;

use crate::doc::{Doc, Line, LineKind, MAX_DEPTH, Marks, Piece, Pos, Selection};
use crate::markdown;

/// Something a person does to the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Types (or pastes as plain text) text; line breaks start new lines.
    InsertText(String),
    /// Pastes lines of rich content.
    InsertLines(Vec<Line>),
    /// Backspace.
    DeleteBackward,
    /// Delete.
    DeleteForward,
    /// Ctrl+Backspace (Alt+Backspace on a Mac): the word before the caret.
    DeleteWordBackward,
    /// A new line (a new item in a list).
    SplitLine,
    /// Turns a mark on over the selection, or off if all of it has it (for a caret: for
    /// what is typed next).
    ToggleMark(Mark),
    /// Makes the selected lines of a kind, or paragraphs again if they all are.
    ToggleLineKind(LineKind),
    /// Nests the selected list items one level deeper (Tab).
    Indent,
    /// Takes them one level out (Shift+Tab).
    Outdent,
    /// Links the selection to an address (a caret inserts the address as its text), or
    /// removes the link with `None`.
    SetLink(Option<String>),
    /// Replaces the `@query` just before the caret with a mention.
    InsertMention {
        /// Who.
        user: UserId,
        /// Their name.
        name: String,
    },
    /// Moves the selection (not an edit: not in the history).
    Select(Selection),
    /// Undoes the last edit.
    Undo,
    /// Redoes the last undone edit.
    Redo,
}

/// What the history keeps of a moment.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    doc: Doc,
    selection: Selection,
}

/// The editor's state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EditorState {
    doc: Doc,
    selection: Selection,
    /// The marks the next typed text takes, when chosen at a caret.
    stored_marks: Option<Marks>,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// Whether the last edit was typing, which the next typed characters join in one undo
    /// step (until a space).
    typing: bool,
}

/// Most undo steps kept.
const HISTORY: usize = 200;

impl EditorState {
    /// A state holding a document, the caret at its end.
    pub fn new(doc: Doc) -> EditorState {
        let end = doc.end();
        EditorState { doc, selection: Selection::caret(end), ..EditorState::default() }
    }

    /// The document.
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// The selection.
    pub fn selection(&self) -> Selection {
        self.selection
    }

    /// Whether a mark is on where the caret or selection is (a toolbar button's state).
    pub fn mark_active(&self, mark: Mark) -> bool {
        match (self.selection.is_collapsed(), self.stored_marks) {
            (true, Some(stored)) => stored.has(mark),
            _ => self.doc.has_mark(self.selection.start(), self.selection.end(), mark),
        }
    }

    /// Whether every selected line is of a kind.
    pub fn line_kind_active(&self, kind: LineKind) -> bool {
        let (start, end) = (self.selection.start(), self.selection.end());
        (start.line..=end.line).all(|index| self.doc.line(index).kind == kind)
    }

    /// The link where the caret is, if any.
    pub fn link_active(&self) -> Option<&str> {
        self.doc.link_at(self.selection.focus)
    }

    /// The text typed after an `@` just before the caret, if a mention is being typed: at
    /// most 30 characters, no line break, and the `@` starts a word.
    pub fn mention_query(&self) -> Option<String> {
        if !self.selection.is_collapsed() {
            return None;
        }
        let caret = self.selection.focus;
        let text = self.doc.line(caret.line).position_text();
        let before: Vec<char> = text.chars().take(caret.offset).collect();
        let at = before.iter().rposition(|c| *c == '@')?;
        let query: String = before[at + 1..].iter().collect();
        let starts_word = at == 0 || before[at - 1].is_whitespace();
        let plausible = query.chars().count() <= 30
            && !query.starts_with(' ')
            && !query.contains("  ")
            && !query.contains('\u{fffc}');
        (starts_word && plausible).then_some(query)
    }

    /// Applies a command; returns whether the document changed.
    pub fn apply(&mut self, command: Command) -> bool {
        let typing = matches!(&command, Command::InsertText(text) if !text.contains([' ', '\n']));
        // Shortcuts complete as a character is typed, not when text is pasted.
        let one_char = matches!(&command, Command::InsertText(text) if text.chars().count() == 1);
        let before = Snapshot { doc: self.doc.clone(), selection: self.selection };
        let changed = match command {
            Command::Undo => return self.step(true),
            Command::Redo => return self.step(false),
            Command::Select(selection) => {
                let selection = Selection {
                    anchor: self.doc.clamp(selection.anchor),
                    focus: self.doc.clamp(selection.focus),
                };
                if selection != self.selection {
                    self.stored_marks = None;
                    self.typing = false;
                }
                self.selection = selection;
                return false;
            }
            Command::InsertText(text) => self.insert_text(&text),
            Command::InsertLines(lines) => {
                let at = self.delete_selection();
                let end = self.doc.insert_lines(at, lines);
                self.selection = Selection::caret(end);
                true
            }
            Command::DeleteBackward => self.delete_backward(false),
            Command::DeleteWordBackward => self.delete_backward(true),
            Command::DeleteForward => self.delete_forward(),
            Command::SplitLine => self.split_line(),
            Command::ToggleMark(mark) => self.toggle_mark(mark),
            Command::ToggleLineKind(kind) => self.toggle_line_kind(kind),
            Command::Indent => self.indent(1),
            Command::Outdent => self.indent(-1),
            Command::SetLink(href) => self.set_link(href),
            Command::InsertMention { user, name } => self.insert_mention(user, name),
        };
        if changed && self.doc != before.doc {
            // Typing joins the previous step, so one undo takes back a word, not a letter.
            if !(typing && self.typing) {
                self.undo.push(before);
                if self.undo.len() > HISTORY {
                    self.undo.remove(0);
                }
            }
            self.redo.clear();
            self.typing = typing;
            if one_char {
                self.shortcuts();
            }
            true
        } else {
            false
        }
    }

    fn step(&mut self, back: bool) -> bool {
        let (from, to) = match back {
            true => (&mut self.undo, &mut self.redo),
            false => (&mut self.redo, &mut self.undo),
        };
        let Some(snapshot) = from.pop() else { return false };
        to.push(Snapshot { doc: self.doc.clone(), selection: self.selection });
        self.doc = snapshot.doc;
        self.selection = snapshot.selection;
        self.stored_marks = None;
        self.typing = false;
        true
    }

    /// Markdown-style shortcuts as one types (`- `, `1. `, `> `, three backticks,
    /// `**bold**`), each its own undo step so that Ctrl+Z gives back what was typed.
    fn shortcuts(&mut self) {
        let caret = self.selection.focus;
        let Some(shortcut) = markdown::shortcut(self.doc.line(caret.line), caret.offset) else {
            return;
        };
        self.undo.push(Snapshot { doc: self.doc.clone(), selection: self.selection });
        self.typing = false;
        let offset = shortcut.apply(&mut self.doc.lines_mut()[caret.line], caret.offset);
        self.selection = Selection::caret(Pos::new(caret.line, offset));
        if let markdown::Shortcut::Bold { .. } = shortcut {
            // What is typed after `**bold**` is not bold.
            let marks = self.doc.marks_at(self.selection.focus).with(Mark::Bold, false);
            self.stored_marks = Some(marks);
        }
    }

    /// Removes the selection, if any; returns where the caret is then.
    fn delete_selection(&mut self) -> Pos {
        let at = self.doc.delete(self.selection.start(), self.selection.end());
        self.selection = Selection::caret(at);
        at
    }

    fn insert_text(&mut self, text: &str) -> bool {
        if text.is_empty() {
            return false;
        }
        let had_selection = !self.selection.is_collapsed();
        let marks = self.stored_marks.unwrap_or_else(|| self.doc.marks_at(self.selection.start()));
        // Typing after a link continues plain text, as in every editor.
        let at = self.delete_selection();
        let mut caret = at;
        for (index, part) in text.replace("\r\n", "\n").split('\n').enumerate() {
            if index > 0 {
                caret = self.doc.split(caret, self.doc.line(caret.line).kind);
            }
            let clean: String = part.chars().filter(|c| !c.is_control() || *c == '\t').collect();
            if !clean.is_empty() {
                caret = self
                    .doc
                    .insert_pieces(caret, vec![Piece::Text { text: clean, marks, link: None }]);
            }
        }
        self.selection = Selection::caret(caret);
        had_selection || caret != at
    }

    fn delete_backward(&mut self, word: bool) -> bool {
        if !self.selection.is_collapsed() {
            self.delete_selection();
            return true;
        }
        let caret = self.selection.focus;
        let line = self.doc.line(caret.line).clone();
        if caret.offset == 0 {
            // At a line's start: first it stops being a list item, quote or code; then it
            // joins the line above.
            if line.kind.is_list() && line.depth > 0 {
                return self.indent(-1);
            }
            if line.kind != LineKind::Paragraph {
                self.doc.lines_mut()[caret.line].kind = LineKind::Paragraph;
                self.doc.lines_mut()[caret.line].depth = 0;
                return true;
            }
            if caret.line == 0 {
                return false;
            }
            let above = Pos::new(caret.line - 1, self.doc.line(caret.line - 1).len());
            let at = self.doc.delete(above, caret);
            self.selection = Selection::caret(at);
            return true;
        }
        let from = match word {
            true => word_start(&line.position_text(), caret.offset),
            false => caret.offset - 1,
        };
        let at = self.doc.delete(Pos::new(caret.line, from), caret);
        self.selection = Selection::caret(at);
        true
    }

    fn delete_forward(&mut self) -> bool {
        if !self.selection.is_collapsed() {
            self.delete_selection();
            return true;
        }
        let caret = self.selection.focus;
        let line_len = self.doc.line(caret.line).len();
        let to = if caret.offset < line_len {
            Pos::new(caret.line, caret.offset + 1)
        } else if caret.line + 1 < self.doc.lines().len() {
            Pos::new(caret.line + 1, 0)
        } else {
            return false;
        };
        self.doc.delete(caret, to);
        true
    }

    fn split_line(&mut self) -> bool {
        let at = self.delete_selection();
        let line = self.doc.line(at.line).clone();
        // Enter on an empty item, quote or code line leaves the list, quote or code block.
        if line.is_empty() && line.kind != LineKind::Paragraph {
            let last_of_block =
                self.doc.lines().get(at.line + 1).is_none_or(|next| next.kind != line.kind);
            if line.kind.is_list() && line.depth > 0 {
                return self.indent(-1);
            }
            if line.kind != LineKind::Code || last_of_block {
                let current = &mut self.doc.lines_mut()[at.line];
                current.kind = LineKind::Paragraph;
                current.depth = 0;
                return true;
            }
        }
        let caret = self.doc.split(at, line.kind);
        self.selection = Selection::caret(caret);
        true
    }

    fn toggle_mark(&mut self, mark: Mark) -> bool {
        let (start, end) = (self.selection.start(), self.selection.end());
        if start == end {
            let current = self.stored_marks.unwrap_or_else(|| self.doc.marks_at(start));
            self.stored_marks = Some(current.with(mark, !current.has(mark)));
            return false;
        }
        let on = !self.doc.has_mark(start, end, mark);
        self.doc.restyle(start, end, |marks, _| *marks = marks.with(mark, on));
        true
    }

    fn toggle_line_kind(&mut self, kind: LineKind) -> bool {
        let all = self.line_kind_active(kind);
        let (start, end) = (self.selection.start().line, self.selection.end().line);
        for line in &mut self.doc.lines_mut()[start..=end] {
            let was_list = line.kind.is_list();
            line.kind = if all { LineKind::Paragraph } else { kind };
            if !line.kind.is_list() || !was_list {
                line.depth = 0;
            }
            if line.kind == LineKind::Code {
                // Code has no formatting.
                for piece in &mut line.pieces {
                    if let Piece::Text { marks, link, .. } = piece {
                        *marks = Marks::NONE;
                        *link = None;
                    }
                }
                line.normalize();
            }
        }
        true
    }

    fn indent(&mut self, by: i8) -> bool {
        let (start, end) = (self.selection.start().line, self.selection.end().line);
        let mut changed = false;
        for index in start..=end {
            let depth_above = match index {
                0 => None,
                _ => {
                    let above = self.doc.line(index - 1);
                    above.kind.is_list().then_some(above.depth)
                }
            };
            let line = &mut self.doc.lines_mut()[index];
            if !line.kind.is_list() {
                continue;
            }
            let depth = match by {
                1 => {
                    // An item nests under the one above it, never deeper than one level more.
                    let limit = depth_above.map_or(0, |d| (d + 1).min(MAX_DEPTH));
                    (line.depth + 1).min(limit)
                }
                _ => line.depth.saturating_sub(1),
            };
            changed |= depth != line.depth;
            line.depth = depth;
        }
        changed
    }

    fn set_link(&mut self, href: Option<String>) -> bool {
        let (start, end) = (self.selection.start(), self.selection.end());
        match (href, start == end) {
            (Some(href), true) => {
                let marks = self.doc.marks_at(start);
                let piece = Piece::Text { text: href.clone(), marks, link: Some(href) };
                let after = self.doc.insert_pieces(start, vec![piece]);
                self.selection = Selection::caret(after);
                true
            }
            (href, false) => {
                self.doc.restyle(start, end, |_, link| *link = href.clone());
                true
            }
            (None, true) => {
                // The whole link the caret is in.
                let line = self.doc.line(start.line).clone();
                let mut at = 0;
                for piece in &line.pieces {
                    let len = piece.len();
                    if let Piece::Text { link: Some(_), .. } = piece
                        && start.offset >= at
                        && start.offset <= at + len
                    {
                        self.doc.restyle(
                            Pos::new(start.line, at),
                            Pos::new(start.line, at + len),
                            |_, link| *link = None,
                        );
                        return true;
                    }
                    at += len;
                }
                false
            }
        }
    }

    fn insert_mention(&mut self, user: UserId, name: String) -> bool {
        let Some(query) = self.mention_query() else { return false };
        let caret = self.selection.focus;
        let from = Pos::new(caret.line, caret.offset - query.chars().count() - 1);
        let at = self.doc.delete(from, caret);
        let after =
            self.doc.insert_pieces(at, vec![Piece::Mention { user, name }, Piece::text(" ")]);
        self.selection = Selection::caret(after);
        true
    }
}

/// Where the word before a position starts (skipping the spaces just before it).
fn word_start(text: &str, offset: usize) -> usize {
    let chars: Vec<char> = text.chars().take(offset).collect();
    let mut at = chars.len();
    while at > 0 && chars[at - 1].is_whitespace() {
        at -= 1;
    }
    while at > 0 && !chars[at - 1].is_whitespace() {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> EditorState {
        let mut state = EditorState::default();
        for c in text.chars() {
            match c {
                '\n' => state.apply(Command::SplitLine),
                c => state.apply(Command::InsertText(c.to_string())),
            };
        }
        state
    }

    fn select(state: &mut EditorState, from: (usize, usize), to: (usize, usize)) {
        state.apply(Command::Select(Selection {
            anchor: Pos::new(from.0, from.1),
            focus: Pos::new(to.0, to.1),
        }));
    }

    fn kinds(state: &EditorState) -> Vec<(LineKind, u8)> {
        state.doc().lines().iter().map(|l| (l.kind, l.depth)).collect()
    }

    #[test]
    fn marks_over_a_selection_toggle_and_show_as_active() {
        let mut state = typed("Bonjour David");
        select(&mut state, (0, 0), (0, 7));
        state.apply(Command::ToggleMark(Mark::Bold));
        assert!(state.mark_active(Mark::Bold));
        select(&mut state, (0, 3), (0, 10));
        assert!(!state.mark_active(Mark::Bold), "partly bold is not bold");
        state.apply(Command::ToggleMark(Mark::Bold));
        assert!(state.mark_active(Mark::Bold), "made all bold");
        state.apply(Command::ToggleMark(Mark::Bold));
        select(&mut state, (0, 0), (0, 3));
        assert!(state.mark_active(Mark::Bold), "what was outside the last range stays bold");
    }

    #[test]
    fn a_mark_chosen_at_the_caret_applies_to_what_is_typed_next() {
        let mut state = typed("a");
        state.apply(Command::ToggleMark(Mark::Italic));
        assert!(state.mark_active(Mark::Italic));
        state.apply(Command::InsertText("bc".into()));
        assert_eq!(
            state.doc().line(0).pieces,
            vec![
                Piece::text("a"),
                Piece::Text { text: "bc".into(), marks: Marks::of(&[Mark::Italic]), link: None }
            ]
        );
    }

    #[test]
    fn enter_splits_lines_and_continues_lists() {
        let mut state = typed("- un\ndeux\n\nfin");
        assert_eq!(state.doc().text(), "un\ndeux\nfin");
        assert_eq!(
            kinds(&state),
            [(LineKind::Bullet, 0), (LineKind::Bullet, 0), (LineKind::Paragraph, 0)],
            "Enter on an empty item leaves the list"
        );
        state.apply(Command::Undo);
        assert_eq!(state.doc().text(), "un\ndeux\n");
    }

    #[test]
    fn backspace_joins_lines_and_first_unmakes_a_list_item() {
        let mut state = typed("un\n- deux");
        select(&mut state, (1, 0), (1, 0));
        state.apply(Command::DeleteBackward);
        assert_eq!(kinds(&state), [(LineKind::Paragraph, 0), (LineKind::Paragraph, 0)]);
        state.apply(Command::DeleteBackward);
        assert_eq!(state.doc().text(), "undeux");
        assert_eq!(state.selection().focus, Pos::new(0, 2));
    }

    #[test]
    fn list_items_indent_under_the_one_above_three_levels_at_most() {
        let mut state = typed("- a\nb\nc\nd");
        select(&mut state, (0, 0), (0, 0));
        assert!(!state.apply(Command::Indent), "the first item has nothing to nest under");
        for line in 1..4 {
            select(&mut state, (line, 0), (3, 0));
            state.apply(Command::Indent);
        }
        assert_eq!(
            kinds(&state),
            [
                (LineKind::Bullet, 0),
                (LineKind::Bullet, 1),
                (LineKind::Bullet, 2),
                (LineKind::Bullet, 2)
            ]
        );
        select(&mut state, (2, 0), (2, 0));
        state.apply(Command::Outdent);
        assert_eq!(state.doc().line(2).depth, 1);
    }

    #[test]
    fn undo_takes_back_a_word_and_redo_brings_it_again() {
        let mut state = typed("Bonjour David");
        state.apply(Command::Undo);
        assert_eq!(state.doc().text(), "Bonjour ");
        state.apply(Command::Undo);
        assert_eq!(state.doc().text(), "Bonjour");
        state.apply(Command::Undo);
        assert_eq!(state.doc().text(), "");
        state.apply(Command::Redo);
        state.apply(Command::Redo);
        assert_eq!(state.doc().text(), "Bonjour ");
        state.apply(Command::InsertText("x".into()));
        assert!(!state.apply(Command::Redo), "a new edit drops what was undone");
    }

    #[test]
    fn line_kinds_toggle_over_the_selected_lines() {
        let mut state = typed("a\nb\nc");
        select(&mut state, (0, 0), (1, 1));
        state.apply(Command::ToggleLineKind(LineKind::Quote));
        assert!(state.line_kind_active(LineKind::Quote));
        assert_eq!(kinds(&state)[2], (LineKind::Paragraph, 0));
        state.apply(Command::ToggleLineKind(LineKind::Quote));
        assert!(kinds(&state).iter().all(|k| k.0 == LineKind::Paragraph));
    }

    #[test]
    fn a_link_covers_the_selection_or_is_inserted_at_the_caret() {
        let mut state = typed("voir le plan");
        select(&mut state, (0, 5), (0, 12));
        state.apply(Command::SetLink(Some("https://plans.example".into())));
        select(&mut state, (0, 8), (0, 8));
        assert_eq!(state.link_active(), Some("https://plans.example"));
        state.apply(Command::SetLink(None));
        assert_eq!(state.link_active(), None);
        assert_eq!(state.doc().line(0).pieces, vec![Piece::text("voir le plan")]);
    }

    #[test]
    fn a_mention_replaces_what_was_typed_after_the_at_sign() {
        let mut state = typed("Merci @em");
        assert_eq!(state.mention_query().as_deref(), Some("em"));
        state.apply(Command::InsertMention { user: UserId(5), name: "Emma Petit".into() });
        assert_eq!(state.doc().text(), "Merci @Emma Petit ");
        assert_eq!(state.mention_query(), None);
        let mut email = typed("bruno@durand");
        assert_eq!(email.mention_query(), None, "an address is not a mention");
        assert!(!email.apply(Command::InsertMention { user: UserId(5), name: "E".into() }));
    }

    #[test]
    fn deleting_a_word_and_forward() {
        let mut state = typed("pose des fourreaux  ");
        state.apply(Command::DeleteWordBackward);
        assert_eq!(state.doc().text(), "pose des ");
        let mut state = typed("ab\ncd");
        select(&mut state, (0, 2), (0, 2));
        state.apply(Command::DeleteForward);
        assert_eq!(state.doc().text(), "abcd");
    }
}
