//! The message body: a structured rich-text document, never HTML.
//!
//! A [`Document`] is a list of blocks: paragraphs, quotes, code blocks, and bulleted or
//! numbered lists whose items may hold lists in turn (three levels at most). Paragraphs and
//! list items hold inline nodes: runs of text carrying marks, links and mentions. The server
//! calls [`Document::validate`] on every body it accepts, which names the offending node
//! (`blocks[3].items[1]`); the SPA renders the tree node by node (no `innerHTML`), so a body
//! can never inject markup.

mod decode;
mod validate;

use serde::{Deserialize, Serialize};

use crate::UserId;

pub use validate::{DocumentError, Problem, is_allowed_link};

/// Most characters of text in one message.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Most nodes (blocks, list items and inline nodes) in one message.
pub const MAX_NODES: usize = 5_000;
/// Deepest nesting of lists: a list in a list in a list.
pub const MAX_LIST_DEPTH: usize = 3;
/// Longest name of a mention.
pub const MAX_MENTION_NAME_CHARS: usize = 200;
/// Longest address of a link.
pub const MAX_LINK_CHARS: usize = 2_000;
/// The schemes a link may use: nothing that runs (`javascript:`) or embeds (`data:`).
pub const LINK_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// A rich-text message body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Document {
    /// The blocks, top to bottom.
    pub blocks: Vec<Block>,
}

/// A block-level node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", try_from = "decode::Node")]
pub enum Block {
    /// A paragraph: one line of the message (an empty one is a blank line).
    Paragraph {
        /// The inline nodes, left to right.
        content: Vec<Inline>,
    },
    /// A quotation: paragraphs set apart.
    Quote {
        /// Its paragraphs (only paragraphs: quotes do not nest).
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        blocks: Vec<Block>,
    },
    /// Preformatted text in a monospace font, kept as typed, line breaks included.
    CodeBlock {
        /// The text; `\n` separates its lines.
        text: String,
    },
    /// A bulleted list.
    BulletList {
        /// Its items, top to bottom.
        items: Vec<ListItem>,
    },
    /// A numbered list.
    OrderedList {
        /// Its items, top to bottom, numbered from 1.
        items: Vec<ListItem>,
    },
}

/// One item of a list: a line of inline nodes, and the lists nested under it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListItem {
    /// The item's line.
    pub content: Vec<Inline>,
    /// Lists nested under it (only `bullet_list` and `ordered_list`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<Block>,
}

/// An inline node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", try_from = "decode::Node")]
pub enum Inline {
    /// A run of text, all with the same marks.
    Text {
        /// The text; no line breaks (those separate paragraphs) and no control characters.
        text: String,
        /// The formatting of the whole run, each mark at most once.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    /// A link: its text, and where it leads (`http`, `https` or `mailto` only).
    Link {
        /// The address.
        href: String,
        /// The text shown; the address itself if none was given.
        text: String,
        /// The formatting of the text, each mark at most once.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    /// An @mention of a person; the server checks they may be mentioned there.
    Mention {
        /// Who.
        user_id: UserId,
        /// Their name when mentioned, as shown.
        name: String,
    },
}

/// Formatting applied to a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", try_from = "decode::Node")]
pub enum Mark {
    /// Bold.
    Bold,
    /// Italic.
    Italic,
    /// Underlined.
    Underline,
    /// Struck through.
    Strikethrough,
    /// Inline code, in a monospace font.
    Code,
}

impl Mark {
    /// Every mark, in the order they nest when rendered.
    pub const ALL: [Mark; 5] =
        [Mark::Bold, Mark::Italic, Mark::Underline, Mark::Strikethrough, Mark::Code];
}

impl Inline {
    /// A run of plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Inline::Text { text: text.into(), marks: Vec::new() }
    }
}

impl Document {
    /// A document of plain text: one paragraph per line, no formatting.
    pub fn from_plain_text(text: &str) -> Self {
        let blocks = text
            .split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line))
            .map(|line| Block::Paragraph {
                content: if line.is_empty() { Vec::new() } else { vec![Inline::text(line)] },
            })
            .collect();
        Self { blocks }
    }

    /// The text without formatting, one line per paragraph, list item or line of code;
    /// list items start with "- " or their number, quoted lines with "> ": for notifications,
    /// search and the export.
    pub fn to_plain_text(&self) -> String {
        let mut lines = Vec::new();
        plain_lines(&self.blocks, "", &mut lines);
        lines.join("\n")
    }

    /// Every inline node, in reading order, at any depth.
    pub fn inlines(&self) -> impl Iterator<Item = &Inline> {
        let mut all = Vec::new();
        collect_inlines(&self.blocks, &mut all);
        all.into_iter()
    }

    /// The people mentioned, each once, in order of first mention.
    pub fn mentions(&self) -> Vec<UserId> {
        let mut people: Vec<UserId> = Vec::new();
        for inline in self.inlines() {
            if let Inline::Mention { user_id, .. } = inline
                && !people.contains(user_id)
            {
                people.push(*user_id);
            }
        }
        people
    }

    /// The name the document gives a mentioned person.
    pub fn mention_name(&self, user: UserId) -> Option<&str> {
        self.inlines().find_map(|inline| match inline {
            Inline::Mention { user_id, name } if *user_id == user => Some(name.as_str()),
            _ => None,
        })
    }

    /// Checks the rules every stored message body follows; the server refuses any other,
    /// naming the node at fault.
    pub fn validate(&self) -> Result<(), DocumentError> {
        validate::document(self)
    }
}

fn inline_text(content: &[Inline], out: &mut String) {
    for inline in content {
        match inline {
            Inline::Text { text, .. } | Inline::Link { text, .. } => out.push_str(text),
            Inline::Mention { name, .. } => {
                out.push('@');
                out.push_str(name);
            }
        }
    }
}

fn plain_lines(blocks: &[Block], indent: &str, lines: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Paragraph { content } => {
                let mut line = indent.to_owned();
                inline_text(content, &mut line);
                lines.push(line);
            }
            Block::Quote { blocks } => plain_lines(blocks, &format!("{indent}> "), lines),
            Block::CodeBlock { text } => {
                lines.extend(text.split('\n').map(|line| format!("{indent}{line}")));
            }
            Block::BulletList { items } | Block::OrderedList { items } => {
                let ordered = matches!(block, Block::OrderedList { .. });
                for (number, item) in items.iter().enumerate() {
                    let mut line = indent.to_owned();
                    match ordered {
                        true => line.push_str(&format!("{}. ", number + 1)),
                        false => line.push_str("- "),
                    }
                    inline_text(&item.content, &mut line);
                    lines.push(line);
                    plain_lines(&item.children, &format!("{indent}  "), lines);
                }
            }
        }
    }
}

fn collect_inlines<'a>(blocks: &'a [Block], out: &mut Vec<&'a Inline>) {
    for block in blocks {
        match block {
            Block::Paragraph { content } => out.extend(content),
            Block::Quote { blocks } => collect_inlines(blocks, out),
            Block::CodeBlock { .. } => {}
            Block::BulletList { items } | Block::OrderedList { items } => {
                for item in items {
                    out.extend(&item.content);
                    collect_inlines(&item.children, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str, marks: Vec<Mark>) -> Inline {
        Inline::Text { text: text.to_owned(), marks }
    }

    fn paragraph(content: Vec<Inline>) -> Block {
        Block::Paragraph { content }
    }

    #[test]
    fn plain_text_round_trips_line_by_line() {
        let doc = Document::from_plain_text("Bonjour David,\r\n\nLa dalle est coulée.");
        assert_eq!(doc.blocks.len(), 3);
        assert_eq!(doc.to_plain_text(), "Bonjour David,\n\nLa dalle est coulée.");
        assert_eq!(doc.validate(), Ok(()));
    }

    #[test]
    fn wire_format_is_tagged_json() {
        let doc = Document { blocks: vec![paragraph(vec![text("vite", vec![Mark::Bold])])] };
        let json = serde_json::to_string(&doc).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"blocks":[{"type":"paragraph","content":[{"type":"text","text":"vite","marks":[{"type":"bold"}]}]}]}"#
        );
        assert_eq!(serde_json::from_str::<Document>(&json).ok(), Some(doc));
    }

    /// A document with one of every node.
    pub(crate) fn every_node() -> Document {
        let item = |words: &str, children: Vec<Block>| ListItem {
            content: vec![Inline::text(words)],
            children,
        };
        Document {
            blocks: vec![
                paragraph(vec![
                    text("Bonjour ", vec![]),
                    Inline::Mention { user_id: UserId(5), name: "Emma Petit".to_owned() },
                    text(", voir ", vec![Mark::Italic]),
                    Inline::Link {
                        href: "https://example.com/plan".to_owned(),
                        text: "le plan".to_owned(),
                        marks: vec![Mark::Bold],
                    },
                ]),
                Block::Quote { blocks: vec![paragraph(vec![text("Cité", vec![])])] },
                Block::CodeBlock { text: "let x = 1;\nlet y = 2;".to_owned() },
                Block::BulletList {
                    items: vec![
                        item("un", vec![Block::OrderedList { items: vec![item("a", vec![])] }]),
                        item("deux", vec![]),
                    ],
                },
            ],
        }
    }

    #[test]
    fn every_node_reads_and_writes_the_same_json() {
        let doc = every_node();
        let json = serde_json::to_string(&doc).unwrap_or_default();
        assert!(json.contains(r#"{"type":"quote","blocks":[{"type":"paragraph""#), "{json}");
        assert!(json.contains(r#"{"type":"code_block","text":"let x = 1;\nlet y = 2;"}"#));
        assert!(json.contains(r#""children":[{"type":"ordered_list","items":[{"content""#));
        assert!(json.contains(
            r#"{"type":"link","href":"https://example.com/plan","text":"le plan","marks":[{"type":"bold"}]}"#
        ));
        assert_eq!(serde_json::from_str::<Document>(&json).ok(), Some(doc.clone()));
        assert_eq!(doc.validate(), Ok(()));
    }

    #[test]
    fn plain_text_covers_every_node() {
        assert_eq!(
            every_node().to_plain_text(),
            "Bonjour @Emma Petit, voir le plan\n> Cité\nlet x = 1;\nlet y = 2;\n- un\n  1. a\n- deux"
        );
    }

    #[test]
    fn mentions_are_found_at_any_depth_once() {
        let mention = |id| Inline::Mention { user_id: UserId(id), name: "Emma Petit".to_owned() };
        let doc = Document {
            blocks: vec![
                paragraph(vec![mention(5), text(" et ", vec![]), mention(5)]),
                Block::BulletList {
                    items: vec![ListItem { content: vec![mention(7)], children: vec![] }],
                },
            ],
        };
        assert_eq!(doc.mentions(), [UserId(5), UserId(7)]);
        assert_eq!(doc.mention_name(UserId(7)), Some("Emma Petit"));
        assert_eq!(doc.mention_name(UserId(8)), None);
    }

    #[test]
    fn nodes_are_read_whatever_the_order_of_their_fields() {
        let json = r#"{"blocks":[{"content":[{"marks":[{"type":"italic"}],"text":"a","type":"text"},
            {"name":"Emma","user_id":5,"type":"mention"}],"type":"paragraph"}]}"#;
        let doc = serde_json::from_str::<Document>(json).ok();
        let expected = Document {
            blocks: vec![paragraph(vec![
                text("a", vec![Mark::Italic]),
                Inline::Mention { user_id: UserId(5), name: "Emma".to_owned() },
            ])],
        };
        assert_eq!(doc, Some(expected));
    }

    #[test]
    fn malformed_nodes_are_refused_with_a_reason() {
        let error = |json: &str| {
            serde_json::from_str::<Document>(json).err().map(|e| e.to_string()).unwrap_or_default()
        };
        assert!(error(r#"{"blocks":[{"type":"paragraph"}]}"#).contains("missing field `content`"));
        assert!(error(r#"{"blocks":[{"type":"text","text":"a"}]}"#).contains("expected a block"));
        let mark_as_inline = r#"{"blocks":[{"type":"paragraph","content":[{"type":"bold"}]}]}"#;
        assert!(error(mark_as_inline).contains("expected an inline node"));
        assert!(error(r#"{"blocks":[{"type":"table"}]}"#).contains("unknown variant `table`"));
        let mention =
            r#"{"blocks":[{"type":"paragraph","content":[{"type":"mention","name":"E"}]}]}"#;
        assert!(error(mention).contains("missing field `user_id`"));
        let link = r#"{"blocks":[{"type":"paragraph","content":[{"type":"link","text":"x"}]}]}"#;
        assert!(error(link).contains("missing field `href`"));
    }

    #[test]
    fn html_is_just_text() {
        let doc = Document::from_plain_text("<script>alert(1)</script>");
        assert_eq!(doc.validate(), Ok(()));
        assert_eq!(doc.to_plain_text(), "<script>alert(1)</script>");
    }
}
