//! Markdown-style shortcuts as one types: `- ` or `* ` starts a bulleted list, `1. ` a
//! numbered one, `> ` a quote, three backticks a code block, and `**text**` makes bold.

use parlons_api::rich_text::Mark;

use crate::doc::{Line, LineKind, Piece};

/// A shortcut just completed by typing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shortcut {
    /// The line's first `prefix` characters make it a line of this kind.
    LineKind {
        /// What the line becomes.
        kind: LineKind,
        /// How many characters the shortcut took.
        prefix: usize,
    },
    /// `**text**` just before the caret (`from` is where the first asterisk is).
    Bold {
        /// Where it starts.
        from: usize,
    },
}

/// The shortcut that typing just completed at `caret` in a line, if any.
pub fn shortcut(line: &Line, caret: usize) -> Option<Shortcut> {
    let text = line.position_text();
    let before: String = text.chars().take(caret).collect();
    if line.kind == LineKind::Paragraph {
        let kind = match before.as_str() {
            "- " | "* " => Some(LineKind::Bullet),
            "> " => Some(LineKind::Quote),
            "```" => Some(LineKind::Code),
            numbered
                if numbered.ends_with(". ")
                    && numbered.len() > 2
                    && numbered[..numbered.len() - 2].chars().all(|c| c.is_ascii_digit()) =>
            {
                Some(LineKind::Ordered)
            }
            _ => None,
        };
        if let Some(kind) = kind {
            return Some(Shortcut::LineKind { kind, prefix: caret });
        }
    }
    if line.kind == LineKind::Code {
        return None;
    }
    // `**text**`: text that neither starts nor ends with a space, and holds no asterisk.
    let chars: Vec<char> = before.chars().collect();
    let n = chars.len();
    if n >= 5 && chars[n - 1] == '*' && chars[n - 2] == '*' {
        let inner_end = n - 2;
        let open = (0..inner_end.saturating_sub(1))
            .rev()
            .find(|&i| chars[i] == '*' && chars[i + 1] == '*')?;
        let inner = &chars[open + 2..inner_end];
        let plain = !inner.is_empty()
            && !inner[0].is_whitespace()
            && !inner[inner.len() - 1].is_whitespace()
            && !inner.contains(&'*')
            && !inner.contains(&'\u{fffc}');
        if plain {
            return Some(Shortcut::Bold { from: open });
        }
    }
    None
}

impl Shortcut {
    /// Applies it to the line the caret is in; returns the caret's new offset.
    pub fn apply(&self, line: &mut Line, caret: usize) -> usize {
        match *self {
            Shortcut::LineKind { kind, prefix } => {
                let (_, rest) = line.split_pieces(prefix);
                line.pieces = rest;
                line.kind = kind;
                line.depth = 0;
                caret - prefix
            }
            Shortcut::Bold { from } => {
                let (before, rest) = line.split_pieces(from);
                let rest = Line { pieces: rest, ..line.clone() };
                let (marked, after) = rest.split_pieces(caret - from);
                let marked = Line { pieces: marked, ..line.clone() };
                let inner_len = marked.len() - 4;
                let inner = marked.slice(2, 2 + inner_len);
                let bold = inner.into_iter().map(|piece| match piece {
                    Piece::Text { text, marks, link } => {
                        Piece::Text { text, marks: marks.with(Mark::Bold, true), link }
                    }
                    mention => mention,
                });
                line.pieces = before;
                line.pieces.extend(bold);
                // What follows is typed plain again.
                line.pieces.extend(after);
                line.normalize();
                caret - 4
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Command, EditorState, Marks};

    fn typed(text: &str) -> EditorState {
        let mut state = EditorState::default();
        for c in text.chars() {
            state.apply(Command::InsertText(c.to_string()));
        }
        state
    }

    fn kind(text: &str) -> (LineKind, String) {
        let state = typed(text);
        (state.doc().line(0).kind, state.doc().text())
    }

    #[test]
    fn line_shortcuts_at_the_start_of_a_paragraph() {
        assert_eq!(kind("- fourreaux"), (LineKind::Bullet, "fourreaux".into()));
        assert_eq!(kind("* fourreaux"), (LineKind::Bullet, "fourreaux".into()));
        assert_eq!(kind("12. lot"), (LineKind::Ordered, "lot".into()));
        assert_eq!(kind("> cité"), (LineKind::Quote, "cité".into()));
        assert_eq!(kind("```let x"), (LineKind::Code, "let x".into()));
        assert_eq!(kind("a - b"), (LineKind::Paragraph, "a - b".into()), "only at the start");
        assert_eq!(kind(". x"), (LineKind::Paragraph, ". x".into()));
    }

    #[test]
    fn undo_gives_back_the_typed_shortcut() {
        let mut state = typed("- ");
        assert_eq!(state.doc().line(0).kind, LineKind::Bullet);
        state.apply(Command::Undo);
        assert_eq!(
            (state.doc().line(0).kind, state.doc().text()),
            (LineKind::Paragraph, "- ".into())
        );
    }

    #[test]
    fn double_asterisks_make_bold() {
        let state = typed("c'est **urgent** !");
        assert_eq!(state.doc().text(), "c'est urgent !");
        assert_eq!(
            state.doc().line(0).pieces,
            vec![
                Piece::text("c'est "),
                Piece::Text { text: "urgent".into(), marks: Marks::of(&[Mark::Bold]), link: None },
                Piece::text(" !"),
            ]
        );
        assert_eq!(typed("a ** b **").doc().text(), "a ** b **", "not around spaces");
        assert_eq!(typed("****").doc().text(), "****");
    }
}
