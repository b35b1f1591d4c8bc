//! Between the editor's lines and the wire's tree: consecutive quoted lines make one quote,
//! lines of code one code block, list items one list nested by their depths.

use parlons_api::Document;
use parlons_api::rich_text::{Block, Inline, ListItem, is_allowed_link};

use crate::doc::{Doc, Line, LineKind, Marks, Piece};

/// The document to send: the editor's lines as the wire's tree, without the blank lines
/// that start or end it.
pub fn to_document(doc: &Doc) -> Document {
    let lines = doc.lines();
    let first = lines.iter().position(|l| !is_blank(l)).unwrap_or(lines.len());
    let last = lines.iter().rposition(|l| !is_blank(l)).map_or(first, |i| i + 1);
    let mut blocks: Vec<Block> = Vec::new();
    let mut index = first;
    while index < last {
        let line = &lines[index];
        let run = lines[index..last].iter().take_while(|l| same_block(l.kind, line.kind)).count();
        let group = &lines[index..index + run];
        match line.kind {
            LineKind::Paragraph => {
                blocks.extend(group.iter().map(|l| Block::Paragraph { content: inlines(l) }));
            }
            LineKind::Quote => blocks.push(Block::Quote {
                blocks: group.iter().map(|l| Block::Paragraph { content: inlines(l) }).collect(),
            }),
            LineKind::Code => blocks.push(Block::CodeBlock {
                text: group.iter().map(Line::text).collect::<Vec<_>>().join("\n"),
            }),
            LineKind::Bullet | LineKind::Ordered => blocks.extend(lists(group, 0)),
        }
        index += run;
    }
    Document { blocks }
}

fn is_blank(line: &Line) -> bool {
    line.kind == LineKind::Paragraph && line.text().trim().is_empty()
}

/// Whether lines of these kinds belong to one block (paragraphs are each their own block,
/// but taken together here).
fn same_block(a: LineKind, b: LineKind) -> bool {
    a == b || (a.is_list() && b.is_list())
}

/// List items (each at a depth ≥ `depth`) as lists at `depth`: a change of kind at the same
/// depth starts another list; deeper items nest under the item above them.
fn lists(lines: &[Line], depth: u8) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line = &lines[index];
        // Deeper items with no item above them at this depth are taken as at this depth.
        let children_end =
            index + 1 + lines[index + 1..].iter().take_while(|l| l.depth > depth).count();
        let item = ListItem {
            content: inlines(line),
            children: lists(&lines[index + 1..children_end], depth + 1),
        };
        let kind = line.kind;
        match blocks.last_mut() {
            Some(Block::BulletList { items }) if kind == LineKind::Bullet => items.push(item),
            Some(Block::OrderedList { items }) if kind == LineKind::Ordered => items.push(item),
            _ => blocks.push(match kind {
                LineKind::Ordered => Block::OrderedList { items: vec![item] },
                _ => Block::BulletList { items: vec![item] },
            }),
        }
        index = children_end;
    }
    blocks
}

/// A line's pieces as inline nodes, neighbouring runs of the same marks as one.
fn inlines(line: &Line) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for piece in &line.pieces {
        let inline = match piece {
            // A link needs visible text and an allowed address; otherwise it is just its text
            // (a linked space, say), which the server would refuse as a link.
            Piece::Text { text, marks, link: Some(href) }
                if !text.trim().is_empty() && is_allowed_link(href) =>
            {
                Inline::Link { href: href.clone(), text: text.clone(), marks: marks.list() }
            }
            Piece::Text { text, marks, .. } => {
                Inline::Text { text: text.clone(), marks: marks.list() }
            }
            Piece::Mention { user, name } => Inline::Mention { user_id: *user, name: name.clone() },
        };
        match (out.last_mut(), inline) {
            (Some(Inline::Text { text, marks }), Inline::Text { text: more, marks: same })
                if *marks == same =>
            {
                text.push_str(&more);
            }
            (_, inline) => out.push(inline),
        }
    }
    out
}

/// The editor's lines of a document (to edit a message, or a saved draft).
pub fn from_document(document: &Document) -> Doc {
    let mut lines = Vec::new();
    for block in &document.blocks {
        block_lines(block, LineKind::Paragraph, 0, &mut lines);
    }
    Doc::new(lines)
}

fn block_lines(block: &Block, kind: LineKind, depth: u8, lines: &mut Vec<Line>) {
    match block {
        Block::Paragraph { content } => lines.push(line(kind, depth, content)),
        Block::Quote { blocks } => {
            for inner in blocks {
                block_lines(inner, LineKind::Quote, 0, lines);
            }
        }
        Block::CodeBlock { text } => lines.extend(text.split('\n').map(|t| Line {
            kind: LineKind::Code,
            depth: 0,
            pieces: vec![Piece::text(t)],
        })),
        Block::BulletList { items } | Block::OrderedList { items } => {
            let kind = match block {
                Block::OrderedList { .. } => LineKind::Ordered,
                _ => LineKind::Bullet,
            };
            for item in items {
                lines.push(line(kind, depth, &item.content));
                for child in &item.children {
                    block_lines(child, kind, depth + 1, lines);
                }
            }
        }
    }
}

fn line(kind: LineKind, depth: u8, content: &[Inline]) -> Line {
    let pieces = content
        .iter()
        .map(|inline| match inline {
            Inline::Text { text, marks } => {
                Piece::Text { text: text.clone(), marks: Marks::of(marks), link: None }
            }
            Inline::Link { href, text, marks } => Piece::Text {
                text: text.clone(),
                marks: Marks::of(marks),
                link: Some(href.clone()),
            },
            Inline::Mention { user_id, name } => {
                Piece::Mention { user: *user_id, name: name.clone() }
            }
        })
        .collect();
    let mut line = Line { kind, depth, pieces };
    line.normalize();
    line
}

#[cfg(test)]
mod tests {
    use parlons_api::UserId;
    use parlons_api::rich_text::Mark;

    use super::*;

    fn item(kind: LineKind, depth: u8, text: &str) -> Line {
        Line { kind, depth, pieces: vec![Piece::text(text)] }
    }

    #[test]
    fn lines_become_blocks_and_come_back() {
        let doc = Doc::new(vec![
            Line::empty(LineKind::Paragraph, 0),
            Line::paragraph(vec![
                Piece::text("Voir "),
                Piece::Text {
                    text: "le plan".into(),
                    marks: Marks::of(&[Mark::Bold]),
                    link: Some("https://p.example".into()),
                },
                Piece::Mention { user: UserId(5), name: "Emma Petit".into() },
            ]),
            item(LineKind::Quote, 0, "cité"),
            item(LineKind::Quote, 0, "encore"),
            item(LineKind::Code, 0, "a = 1"),
            item(LineKind::Code, 0, "b = 2"),
            item(LineKind::Bullet, 0, "un"),
            item(LineKind::Ordered, 1, "un.a"),
            item(LineKind::Ordered, 1, "un.b"),
            item(LineKind::Bullet, 2, "un.b.i"),
            item(LineKind::Bullet, 0, "deux"),
            item(LineKind::Ordered, 0, "autre liste"),
            Line::empty(LineKind::Paragraph, 0),
        ]);
        let document = to_document(&doc);
        assert_eq!(document.validate(), Ok(()));
        assert_eq!(
            document.to_plain_text(),
            "Voir le plan@Emma Petit\n> cité\n> encore\na = 1\nb = 2\n- un\n  1. un.a\n  2. un.b\n    - un.b.i\n- deux\n1. autre liste"
        );
        let back = from_document(&document);
        // The blank lines around are not sent; everything else comes back as typed.
        assert_eq!(back.lines(), &doc.lines()[1..doc.lines().len() - 1]);
    }

    #[test]
    fn a_link_without_visible_text_is_sent_as_its_text() {
        // Found by the command property test: linking a selected space.
        let link = |text: &str, href: &str| Piece::Text {
            text: text.into(),
            marks: Marks::NONE,
            link: Some(href.into()),
        };
        let doc = Doc::new(vec![Line::paragraph(vec![
            Piece::text("é"),
            link(" ", "https://plans.example/d"),
            link("clic", "javascript:alert(1)"),
        ])]);
        let document = to_document(&doc);
        assert_eq!(document.validate(), Ok(()));
        assert_eq!(
            document.blocks,
            vec![Block::Paragraph { content: vec![Inline::text("é clic")] }]
        );
    }

    #[test]
    fn an_item_deeper_than_the_one_above_it_nests_anyway() {
        let doc =
            Doc::new(vec![item(LineKind::Bullet, 2, "profond"), item(LineKind::Bullet, 0, "haut")]);
        let document = to_document(&doc);
        assert_eq!(document.validate(), Ok(()));
        assert_eq!(document.to_plain_text(), "- profond\n- haut");
    }
}
