//! The message body: a structured rich-text document, never HTML.
//!
//! A [`Document`] is a list of blocks; a block holds inline runs of text carrying marks.
//! The server calls [`Document::validate`] on every body it accepts; the SPA renders the
//! tree node by node (no `innerHTML`), so a body can never inject markup. More node kinds
//! (lists, quotes, code blocks, links, mentions) are added as new enum variants.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::UserId;

/// Most characters of text in one message.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Most blocks in one message.
pub const MAX_BLOCKS: usize = 2_000;
/// Longest name of a mention.
pub const MAX_MENTION_NAME_CHARS: usize = 200;

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
        /// The inline runs, left to right.
        content: Vec<Inline>,
    },
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
    /// An @mention of a person; the server checks they may be mentioned there.
    Mention {
        /// Who.
        user_id: UserId,
        /// Their name when mentioned, as shown.
        name: String,
    },
}

/// Formatting applied to a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// Reading the nodes of a document.
///
/// The JSON is serde's internally tagged form (`{"type": "text", "text": "…"}`), but a
/// derived internally tagged `Deserialize` buffers every node into serde's generic `Content`
/// before reading it, which costs the SPA's download dearly (a third of its JSON decoding
/// code). Every node is read instead into one flat [`Node`](decode::Node), whose `type`
/// says which of its fields must be present: the same JSON, read in one pass.
mod decode {
    use serde::Deserialize;

    use super::{Block, Inline, Mark};
    use crate::UserId;

    /// The `type` of a node, whatever its level.
    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub(super) enum Kind {
        Paragraph,
        Text,
        Mention,
        Bold,
        Italic,
        Underline,
        Strikethrough,
        Code,
    }

    /// A node of any level, with the fields of all of them.
    #[derive(Deserialize)]
    pub(super) struct Node {
        #[serde(rename = "type")]
        kind: Kind,
        content: Option<Vec<Inline>>,
        text: Option<String>,
        #[serde(default)]
        marks: Vec<Mark>,
        user_id: Option<UserId>,
        name: Option<String>,
    }

    fn required<T>(field: Option<T>, name: &str) -> Result<T, String> {
        field.ok_or_else(|| format!("missing field `{name}`"))
    }

    impl TryFrom<Node> for Block {
        type Error = String;

        fn try_from(node: Node) -> Result<Self, String> {
            match node.kind {
                Kind::Paragraph => {
                    Ok(Block::Paragraph { content: required(node.content, "content")? })
                }
                _ => Err("expected a block node (`paragraph`)".to_owned()),
            }
        }
    }

    impl TryFrom<Node> for Inline {
        type Error = String;

        fn try_from(node: Node) -> Result<Self, String> {
            match node.kind {
                Kind::Text => {
                    Ok(Inline::Text { text: required(node.text, "text")?, marks: node.marks })
                }
                Kind::Mention => Ok(Inline::Mention {
                    user_id: required(node.user_id, "user_id")?,
                    name: required(node.name, "name")?,
                }),
                _ => Err("expected an inline node (`text` or `mention`)".to_owned()),
            }
        }
    }

    impl TryFrom<Node> for Mark {
        type Error = String;

        fn try_from(node: Node) -> Result<Self, String> {
            match node.kind {
                Kind::Bold => Ok(Mark::Bold),
                Kind::Italic => Ok(Mark::Italic),
                Kind::Underline => Ok(Mark::Underline),
                Kind::Strikethrough => Ok(Mark::Strikethrough),
                Kind::Code => Ok(Mark::Code),
                _ => Err(
                    "expected a mark (`bold`, `italic`, `underline`, `strikethrough` or `code`)"
                        .to_owned(),
                ),
            }
        }
    }
}

/// Why a document was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentError {
    /// It has no visible text.
    Empty,
    /// It has more than [`MAX_TEXT_CHARS`] characters.
    TooLong {
        /// How many characters it has.
        chars: usize,
    },
    /// It has more than [`MAX_BLOCKS`] blocks.
    TooManyBlocks,
    /// A text run holds a line break or another control character.
    ControlCharacter,
    /// A text run carries the same mark twice.
    RepeatedMark,
    /// A mention has no name, or a name that is too long.
    BadMention,
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentError::Empty => write!(f, "the message is empty"),
            DocumentError::TooLong { chars } => {
                write!(
                    f,
                    "the message has {chars} characters; at most {MAX_TEXT_CHARS} are allowed"
                )
            }
            DocumentError::TooManyBlocks => {
                write!(f, "the message has more than {MAX_BLOCKS} paragraphs")
            }
            DocumentError::ControlCharacter => {
                write!(f, "the message text holds a control character")
            }
            DocumentError::RepeatedMark => write!(f, "a text run repeats the same formatting"),
            DocumentError::BadMention => write!(f, "a mention has no valid name"),
        }
    }
}

impl std::error::Error for DocumentError {}

impl Document {
    /// A document of plain text: one paragraph per line, no formatting.
    pub fn from_plain_text(text: &str) -> Self {
        let blocks = text
            .split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line))
            .map(|line| Block::Paragraph {
                content: if line.is_empty() {
                    Vec::new()
                } else {
                    vec![Inline::Text { text: line.to_owned(), marks: Vec::new() }]
                },
            })
            .collect();
        Self { blocks }
    }

    /// The text without formatting, one line per paragraph: for notifications and search.
    pub fn to_plain_text(&self) -> String {
        let mut out = String::new();
        for (index, block) in self.blocks.iter().enumerate() {
            if index > 0 {
                out.push('\n');
            }
            match block {
                Block::Paragraph { content } => {
                    for inline in content {
                        match inline {
                            Inline::Text { text, .. } => out.push_str(text),
                            Inline::Mention { name, .. } => {
                                out.push('@');
                                out.push_str(name);
                            }
                        }
                    }
                }
            }
        }
        out
    }

    /// The people mentioned, each once, in order of first mention.
    pub fn mentions(&self) -> Vec<UserId> {
        let mut people: Vec<UserId> = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Paragraph { content } => {
                    for inline in content {
                        if let Inline::Mention { user_id, .. } = inline
                            && !people.contains(user_id)
                        {
                            people.push(*user_id);
                        }
                    }
                }
            }
        }
        people
    }

    /// Checks the rules every stored message body follows; the server refuses any other.
    pub fn validate(&self) -> Result<(), DocumentError> {
        if self.blocks.len() > MAX_BLOCKS {
            return Err(DocumentError::TooManyBlocks);
        }
        let mut chars = 0;
        let mut visible = false;
        for block in &self.blocks {
            match block {
                Block::Paragraph { content } => {
                    for inline in content {
                        match inline {
                            Inline::Text { text, marks } => {
                                if text.chars().any(|c| c.is_control() && c != '\t') {
                                    return Err(DocumentError::ControlCharacter);
                                }
                                if marks.iter().enumerate().any(|(i, m)| marks[..i].contains(m)) {
                                    return Err(DocumentError::RepeatedMark);
                                }
                                chars += text.chars().count();
                                visible |= !text.trim().is_empty();
                            }
                            Inline::Mention { name, .. } => {
                                let len = name.chars().count();
                                if name.trim().is_empty()
                                    || len > MAX_MENTION_NAME_CHARS
                                    || name.chars().any(char::is_control)
                                {
                                    return Err(DocumentError::BadMention);
                                }
                                chars += len + 1;
                                visible = true;
                            }
                        }
                    }
                }
            }
        }
        if chars > MAX_TEXT_CHARS {
            return Err(DocumentError::TooLong { chars });
        }
        if !visible {
            return Err(DocumentError::Empty);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str, marks: Vec<Mark>) -> Inline {
        Inline::Text { text: text.to_owned(), marks }
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
        let doc = Document {
            blocks: vec![Block::Paragraph { content: vec![text("vite", vec![Mark::Bold])] }],
        };
        let json = serde_json::to_string(&doc).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"blocks":[{"type":"paragraph","content":[{"type":"text","text":"vite","marks":[{"type":"bold"}]}]}]}"#
        );
        assert_eq!(serde_json::from_str::<Document>(&json).ok(), Some(doc));
    }

    #[test]
    fn nodes_are_read_whatever_the_order_of_their_fields() {
        let json = r#"{"blocks":[{"content":[{"marks":[{"type":"italic"}],"text":"a","type":"text"},
            {"name":"Emma","user_id":5,"type":"mention"}],"type":"paragraph"}]}"#;
        let doc = serde_json::from_str::<Document>(json).ok();
        let expected = Document {
            blocks: vec![Block::Paragraph {
                content: vec![
                    text("a", vec![Mark::Italic]),
                    Inline::Mention { user_id: UserId(5), name: "Emma".to_owned() },
                ],
            }],
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
    }

    #[test]
    fn html_is_just_text() {
        let doc = Document::from_plain_text("<script>alert(1)</script>");
        assert_eq!(doc.validate(), Ok(()));
        assert_eq!(doc.to_plain_text(), "<script>alert(1)</script>");
    }

    #[test]
    fn refuses_empty_and_blank_documents() {
        assert_eq!(Document::default().validate(), Err(DocumentError::Empty));
        assert_eq!(Document::from_plain_text("  \n\t").validate(), Err(DocumentError::Empty));
    }

    #[test]
    fn refuses_control_characters_and_repeated_marks() {
        let newline =
            Document { blocks: vec![Block::Paragraph { content: vec![text("a\nb", vec![])] }] };
        assert_eq!(newline.validate(), Err(DocumentError::ControlCharacter));
        let repeated = Document {
            blocks: vec![Block::Paragraph {
                content: vec![text("a", vec![Mark::Italic, Mark::Italic])],
            }],
        };
        assert_eq!(repeated.validate(), Err(DocumentError::RepeatedMark));
    }

    #[test]
    fn mentions_are_listed_once_and_read_as_at_names() {
        let mention = |id| Inline::Mention { user_id: UserId(id), name: "Emma Petit".to_owned() };
        let doc = Document {
            blocks: vec![Block::Paragraph {
                content: vec![mention(5), text(" et ", vec![]), mention(5), mention(7)],
            }],
        };
        assert_eq!(doc.mentions(), [UserId(5), UserId(7)]);
        assert_eq!(doc.to_plain_text(), "@Emma Petit et @Emma Petit@Emma Petit");
        assert_eq!(doc.validate(), Ok(()));
        let nameless = Document {
            blocks: vec![Block::Paragraph {
                content: vec![Inline::Mention { user_id: UserId(5), name: " ".to_owned() }],
            }],
        };
        assert_eq!(nameless.validate(), Err(DocumentError::BadMention));
    }

    #[test]
    fn refuses_too_long_documents() {
        let at_limit = Document::from_plain_text(&"é".repeat(MAX_TEXT_CHARS));
        assert_eq!(at_limit.validate(), Ok(()));
        let over = Document::from_plain_text(&"é".repeat(MAX_TEXT_CHARS + 1));
        assert_eq!(over.validate(), Err(DocumentError::TooLong { chars: MAX_TEXT_CHARS + 1 }));
        let many = Document::from_plain_text(&"x\n".repeat(MAX_BLOCKS));
        assert_eq!(many.validate(), Err(DocumentError::TooManyBlocks));
    }
}
