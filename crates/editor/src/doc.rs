//! The document as lines of pieces, positions in it, and the low-level edits every command
//! is made of. A position counts characters (Unicode scalar values); a mention counts as one.

use parlons_api::UserId;
use parlons_api::rich_text::Mark;

/// A set of marks, as bits in [`Mark::ALL`]'s order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Marks(u8);

impl Marks {
    /// No mark.
    pub const NONE: Marks = Marks(0);

    fn bit(mark: Mark) -> u8 {
        1 << Mark::ALL.iter().position(|m| *m == mark).unwrap_or(0)
    }

    /// Whether the set holds a mark.
    pub fn has(self, mark: Mark) -> bool {
        self.0 & Self::bit(mark) != 0
    }

    /// The set with a mark added (`on`) or removed.
    pub fn with(self, mark: Mark, on: bool) -> Marks {
        match on {
            true => Marks(self.0 | Self::bit(mark)),
            false => Marks(self.0 & !Self::bit(mark)),
        }
    }

    /// The marks, in [`Mark::ALL`]'s order.
    pub fn list(self) -> Vec<Mark> {
        Mark::ALL.into_iter().filter(|m| self.has(*m)).collect()
    }

    /// The set of these marks.
    pub fn of(marks: &[Mark]) -> Marks {
        marks.iter().fold(Marks::NONE, |set, mark| set.with(*mark, true))
    }
}

/// A piece of a line: a run of text sharing its marks and link, or a mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text; never empty, never a line break.
    Text {
        /// The text.
        text: String,
        /// Its marks.
        marks: Marks,
        /// Where it links to, if it is a link.
        link: Option<String>,
    },
    /// A mention of a person, edited as one character.
    Mention {
        /// Who.
        user: UserId,
        /// Their name, shown after an `@`.
        name: String,
    },
}

impl Piece {
    /// A run of plain text.
    pub fn text(text: impl Into<String>) -> Piece {
        Piece::Text { text: text.into(), marks: Marks::NONE, link: None }
    }

    /// Its length in positions.
    pub fn len(&self) -> usize {
        match self {
            Piece::Text { text, .. } => text.chars().count(),
            Piece::Mention { .. } => 1,
        }
    }

    /// Whether it holds nothing (an empty text run, which a line never keeps).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether two pieces are text with the same marks and link, so they can be one.
    fn joins(&self, other: &Piece) -> bool {
        matches!(
            (self, other),
            (Piece::Text { marks: a, link: la, .. }, Piece::Text { marks: b, link: lb, .. })
                if a == b && la == lb
        )
    }
}

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// A paragraph.
    Paragraph,
    /// An item of a bulleted list.
    Bullet,
    /// An item of a numbered list.
    Ordered,
    /// A quoted line.
    Quote,
    /// A line of a code block.
    Code,
}

impl LineKind {
    /// Whether it is a list item, which has a depth.
    pub fn is_list(self) -> bool {
        matches!(self, LineKind::Bullet | LineKind::Ordered)
    }
}

/// Deepest list depth (0-based): three levels.
pub const MAX_DEPTH: u8 = 2;

/// One line of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// What it is.
    pub kind: LineKind,
    /// For a list item, its nesting (0 to [`MAX_DEPTH`]); 0 otherwise.
    pub depth: u8,
    /// Its pieces, left to right: no empty text, no two neighbours that could be one.
    pub pieces: Vec<Piece>,
}

impl Line {
    /// An empty line of this kind.
    pub fn empty(kind: LineKind, depth: u8) -> Line {
        Line { kind, depth, pieces: Vec::new() }
    }

    /// A paragraph of these pieces.
    pub fn paragraph(pieces: Vec<Piece>) -> Line {
        let mut line = Line { kind: LineKind::Paragraph, depth: 0, pieces };
        line.normalize();
        line
    }

    /// Its length in positions.
    pub fn len(&self) -> usize {
        self.pieces.iter().map(Piece::len).sum()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Its text, a mention as `@Name`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text { text, .. } => out.push_str(text),
                Piece::Mention { name, .. } => {
                    out.push('@');
                    out.push_str(name);
                }
            }
        }
        out
    }

    /// Its text as positions count it: a mention is one U+FFFC.
    pub fn position_text(&self) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text { text, .. } => out.push_str(text),
                Piece::Mention { .. } => out.push('\u{fffc}'),
            }
        }
        out
    }

    /// Drops empty text and merges neighbours with the same style.
    pub fn normalize(&mut self) {
        let mut pieces: Vec<Piece> = Vec::with_capacity(self.pieces.len());
        for piece in std::mem::take(&mut self.pieces) {
            if piece.is_empty() {
                continue;
            }
            match (pieces.last_mut(), &piece) {
                (Some(last @ Piece::Text { .. }), Piece::Text { text: more, .. })
                    if last.joins(&piece) =>
                {
                    if let Piece::Text { text, .. } = last {
                        text.push_str(more);
                    }
                }
                _ => pieces.push(piece),
            }
        }
        self.pieces = pieces;
    }

    /// Splits the pieces at a position: what is before it, and what is after.
    pub fn split_pieces(&self, offset: usize) -> (Vec<Piece>, Vec<Piece>) {
        let (mut before, mut after) = (Vec::new(), Vec::new());
        let mut at = 0;
        for piece in &self.pieces {
            let len = piece.len();
            if at + len <= offset {
                before.push(piece.clone());
            } else if at >= offset {
                after.push(piece.clone());
            } else if let Piece::Text { text, marks, link } = piece {
                let cut = byte_index(text, offset - at);
                before.push(Piece::Text {
                    text: text[..cut].to_owned(),
                    marks: *marks,
                    link: link.clone(),
                });
                after.push(Piece::Text {
                    text: text[cut..].to_owned(),
                    marks: *marks,
                    link: link.clone(),
                });
            }
            at += len;
        }
        (before, after)
    }

    /// The pieces between two positions.
    pub fn slice(&self, from: usize, to: usize) -> Vec<Piece> {
        let (_, after) = self.split_pieces(from);
        let rest = Line { kind: self.kind, depth: self.depth, pieces: after };
        rest.split_pieces(to.saturating_sub(from)).0
    }

    /// The piece holding the character just before a position (or just after, at the start).
    pub fn piece_at(&self, offset: usize) -> Option<&Piece> {
        let mut at = 0;
        let mut found = None;
        for piece in &self.pieces {
            let len = piece.len();
            if offset > at && offset <= at + len {
                return Some(piece);
            }
            if offset == 0 && found.is_none() {
                found = Some(piece);
            }
            at += len;
        }
        found
    }
}

/// The byte index of the `chars`-th character of a string (its length when beyond).
fn byte_index(text: &str, chars: usize) -> usize {
    text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i)
}

/// A place in the document, between two characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    /// The line.
    pub line: usize,
    /// The position in the line.
    pub offset: usize,
}

impl Pos {
    /// A position.
    pub fn new(line: usize, offset: usize) -> Pos {
        Pos { line, offset }
    }
}

/// A selection: where it started (`anchor`) and where it ends now (`focus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Selection {
    /// Where it started.
    pub anchor: Pos,
    /// Where it ends, and the caret is.
    pub focus: Pos,
}

impl Selection {
    /// A caret at one position.
    pub fn caret(at: Pos) -> Selection {
        Selection { anchor: at, focus: at }
    }

    /// Its first position.
    pub fn start(&self) -> Pos {
        self.anchor.min(self.focus)
    }

    /// Its last position.
    pub fn end(&self) -> Pos {
        self.anchor.max(self.focus)
    }

    /// Whether it is a caret, selecting nothing.
    pub fn is_collapsed(&self) -> bool {
        self.anchor == self.focus
    }
}

/// The document: at least one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    lines: Vec<Line>,
}

impl Default for Doc {
    fn default() -> Self {
        Doc { lines: vec![Line::empty(LineKind::Paragraph, 0)] }
    }
}

impl Doc {
    /// A document of these lines (one empty paragraph if none).
    pub fn new(lines: Vec<Line>) -> Doc {
        let mut doc = Doc { lines };
        if doc.lines.is_empty() {
            doc.lines.push(Line::empty(LineKind::Paragraph, 0));
        }
        for line in &mut doc.lines {
            line.normalize();
            if !line.kind.is_list() {
                line.depth = 0;
            }
            line.depth = line.depth.min(MAX_DEPTH);
        }
        doc
    }

    /// A document of plain text, one paragraph per line.
    #[cfg(test)]
    fn from_text(text: &str) -> Doc {
        Doc::new(text.split('\n').map(|line| Line::paragraph(vec![Piece::text(line)])).collect())
    }

    /// Its lines.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// One line.
    pub fn line(&self, index: usize) -> &Line {
        &self.lines[index.min(self.lines.len() - 1)]
    }

    /// Whether it holds no visible text.
    pub fn is_blank(&self) -> bool {
        self.lines.iter().all(|line| line.text().trim().is_empty())
    }

    /// Its text, one line per line.
    pub fn text(&self) -> String {
        self.lines.iter().map(Line::text).collect::<Vec<_>>().join("\n")
    }

    /// The last position.
    pub fn end(&self) -> Pos {
        let last = self.lines.len() - 1;
        Pos::new(last, self.lines[last].len())
    }

    /// The same position, moved inside the document if it was beyond.
    pub fn clamp(&self, pos: Pos) -> Pos {
        let line = pos.line.min(self.lines.len() - 1);
        Pos::new(line, pos.offset.min(self.lines[line].len()))
    }

    pub(crate) fn lines_mut(&mut self) -> &mut Vec<Line> {
        &mut self.lines
    }

    /// Removes what is between two positions, joining their lines (the first line keeps its
    /// kind); returns where the caret goes.
    pub fn delete(&mut self, from: Pos, to: Pos) -> Pos {
        let (from, to) = (self.clamp(from.min(to)), self.clamp(from.max(to)));
        if from == to {
            return from;
        }
        let (before, _) = self.lines[from.line].split_pieces(from.offset);
        let (_, after) = self.lines[to.line].split_pieces(to.offset);
        let mut joined = self.lines[from.line].clone();
        joined.pieces = before;
        joined.pieces.extend(after);
        joined.normalize();
        self.lines.splice(from.line..=to.line, [joined]);
        from
    }

    /// Inserts pieces at a position, in its line; returns the position after them.
    pub fn insert_pieces(&mut self, at: Pos, pieces: Vec<Piece>) -> Pos {
        let at = self.clamp(at);
        let added: usize = pieces.iter().map(Piece::len).sum();
        let line = &mut self.lines[at.line];
        let (mut before, after) = line.split_pieces(at.offset);
        before.extend(pieces);
        before.extend(after);
        line.pieces = before;
        line.normalize();
        Pos::new(at.line, at.offset + added)
    }

    /// Splits a line in two at a position; the new line below is of `kind` (at the same
    /// depth). Returns the start of the new line.
    pub fn split(&mut self, at: Pos, kind: LineKind) -> Pos {
        let at = self.clamp(at);
        let line = &self.lines[at.line];
        let (before, after) = line.split_pieces(at.offset);
        let depth = if kind.is_list() { line.depth } else { 0 };
        let mut below = Line { kind, depth, pieces: after };
        below.normalize();
        self.lines[at.line].pieces = before;
        self.lines.insert(at.line + 1, below);
        Pos::new(at.line + 1, 0)
    }

    /// Inserts whole lines after a position's line's split: the first joins the text before
    /// the position, the last is followed by what came after it. Returns the position after
    /// the inserted content.
    pub fn insert_lines(&mut self, at: Pos, mut lines: Vec<Line>) -> Pos {
        let at = self.clamp(at);
        match lines.len() {
            0 => at,
            1 => self.insert_pieces(at, lines.remove(0).pieces),
            _ => {
                let (before, after) = self.lines[at.line].split_pieces(at.offset);
                let current = self.lines[at.line].clone();
                let mut first = lines.remove(0);
                let mut last = lines.pop().unwrap_or_else(|| Line::empty(LineKind::Paragraph, 0));
                // The line typed into keeps its kind when the pasted first line is plain.
                let mut head = Line { kind: current.kind, depth: current.depth, pieces: before };
                if first.kind != LineKind::Paragraph || current.is_empty() {
                    head.kind = first.kind;
                    head.depth = first.depth;
                }
                head.pieces.append(&mut first.pieces);
                head.normalize();
                let end = Pos::new(at.line + lines.len() + 1, last.len());
                last.pieces.extend(after);
                last.normalize();
                let mut replacement = vec![head];
                replacement.extend(lines);
                replacement.push(last);
                self.lines.splice(at.line..=at.line, replacement);
                end
            }
        }
    }

    /// Whether every character between two positions carries a mark (the character before a
    /// caret, for an empty range).
    pub fn has_mark(&self, from: Pos, to: Pos, mark: Mark) -> bool {
        let (from, to) = (self.clamp(from.min(to)), self.clamp(from.max(to)));
        if from == to {
            return self.marks_at(from).has(mark);
        }
        let mut any = false;
        for (index, line) in self.lines.iter().enumerate().take(to.line + 1).skip(from.line) {
            let start = if index == from.line { from.offset } else { 0 };
            let end = if index == to.line { to.offset } else { line.len() };
            for piece in line.slice(start, end) {
                match piece {
                    Piece::Text { marks, .. } if !marks.has(mark) => return false,
                    Piece::Text { .. } => any = true,
                    Piece::Mention { .. } => {}
                }
            }
        }
        any
    }

    /// The marks of the text just before a position (just after, at a line's start).
    pub fn marks_at(&self, at: Pos) -> Marks {
        let at = self.clamp(at);
        match self.lines[at.line].piece_at(at.offset) {
            Some(Piece::Text { marks, .. }) => *marks,
            _ => Marks::NONE,
        }
    }

    /// The link of the text just before a position, if any.
    pub fn link_at(&self, at: Pos) -> Option<&str> {
        let at = self.clamp(at);
        match self.lines[at.line].piece_at(at.offset) {
            Some(Piece::Text { link, .. }) => link.as_deref(),
            _ => None,
        }
    }

    /// Changes the style of every text piece between two positions.
    pub fn restyle(
        &mut self,
        from: Pos,
        to: Pos,
        change: impl Fn(&mut Marks, &mut Option<String>),
    ) {
        let (from, to) = (self.clamp(from.min(to)), self.clamp(from.max(to)));
        for index in from.line..=to.line {
            let line = &mut self.lines[index];
            let start = if index == from.line { from.offset } else { 0 };
            let end = if index == to.line { to.offset } else { line.len() };
            let (before, rest) = line.split_pieces(start);
            let rest_line = Line { kind: line.kind, depth: line.depth, pieces: rest };
            let (mut middle, after) = rest_line.split_pieces(end - start);
            for piece in &mut middle {
                if let Piece::Text { marks, link, .. } = piece {
                    change(marks, link);
                }
            }
            line.pieces = before;
            line.pieces.extend(middle);
            line.pieces.extend(after);
            line.normalize();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bold(text: &str) -> Piece {
        Piece::Text { text: text.into(), marks: Marks::NONE.with(Mark::Bold, true), link: None }
    }

    #[test]
    fn lines_keep_their_pieces_merged() {
        let line =
            Line::paragraph(vec![Piece::text("a"), Piece::text(""), Piece::text("b"), bold("c")]);
        assert_eq!(line.pieces, vec![Piece::text("ab"), bold("c")]);
        assert_eq!(line.len(), 3);
    }

    #[test]
    fn a_mention_counts_as_one_position() {
        let line = Line::paragraph(vec![
            Piece::text("é"),
            Piece::Mention { user: UserId(5), name: "Emma Petit".into() },
            Piece::text("x"),
        ]);
        assert_eq!(line.len(), 3);
        assert_eq!(line.text(), "é@Emma Petitx");
        let (before, after) = line.split_pieces(2);
        assert_eq!(before.len(), 2);
        assert_eq!(after, vec![Piece::text("x")]);
    }

    #[test]
    fn deleting_across_lines_joins_them() {
        let mut doc = Doc::from_text("Bonjour\nDavid\nà demain");
        let caret = doc.delete(Pos::new(0, 3), Pos::new(2, 1));
        assert_eq!(caret, Pos::new(0, 3));
        assert_eq!(doc.text(), "Bon demain");
    }

    #[test]
    fn splitting_keeps_the_text_after_the_caret_below() {
        let mut doc = Doc::from_text("Bonjour David");
        let caret = doc.split(Pos::new(0, 7), LineKind::Paragraph);
        assert_eq!(caret, Pos::new(1, 0));
        assert_eq!(doc.text(), "Bonjour\n David");
    }

    #[test]
    fn restyling_splits_runs_at_the_range() {
        let mut doc = Doc::from_text("abcdef");
        doc.restyle(Pos::new(0, 2), Pos::new(0, 4), |marks, _| {
            *marks = marks.with(Mark::Bold, true)
        });
        assert_eq!(doc.line(0).pieces, vec![Piece::text("ab"), bold("cd"), Piece::text("ef")]);
        assert!(doc.has_mark(Pos::new(0, 2), Pos::new(0, 4), Mark::Bold));
        assert!(!doc.has_mark(Pos::new(0, 1), Pos::new(0, 4), Mark::Bold));
        assert!(doc.marks_at(Pos::new(0, 3)).has(Mark::Bold));
        assert!(!doc.marks_at(Pos::new(0, 2)).has(Mark::Bold), "the character before is plain");
    }
}
