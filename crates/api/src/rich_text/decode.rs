//! Reading the nodes of a document.
//!
//! The JSON is serde's internally tagged form (`{"type": "text", "text": "…"}`), but a
//! derived internally tagged `Deserialize` buffers every node into serde's generic `Content`
//! before reading it, which costs the SPA's download dearly (a third of its JSON decoding
//! code). Every node is read instead into one flat [`Node`], whose `type` says which of its
//! fields must be present: the same JSON, read in one pass.

use serde::Deserialize;

use super::{Block, Inline, ListItem, Mark};
use crate::UserId;

/// The `type` of a node, whatever its level.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Kind {
    Paragraph,
    Quote,
    CodeBlock,
    BulletList,
    OrderedList,
    Text,
    Link,
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
    blocks: Option<Vec<Block>>,
    items: Option<Vec<ListItem>>,
    text: Option<String>,
    href: Option<String>,
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
        Ok(match node.kind {
            Kind::Paragraph => Block::Paragraph { content: required(node.content, "content")? },
            Kind::Quote => Block::Quote { blocks: required(node.blocks, "blocks")? },
            Kind::CodeBlock => Block::CodeBlock { text: required(node.text, "text")? },
            Kind::BulletList => Block::BulletList { items: required(node.items, "items")? },
            Kind::OrderedList => Block::OrderedList { items: required(node.items, "items")? },
            _ => {
                return Err("expected a block node (`paragraph`, `quote`, `code_block`, \
                            `bullet_list` or `ordered_list`)"
                    .to_owned());
            }
        })
    }
}

impl TryFrom<Node> for Inline {
    type Error = String;

    fn try_from(node: Node) -> Result<Self, String> {
        Ok(match node.kind {
            Kind::Text => Inline::Text { text: required(node.text, "text")?, marks: node.marks },
            Kind::Link => Inline::Link {
                href: required(node.href, "href")?,
                text: required(node.text, "text")?,
                marks: node.marks,
            },
            Kind::Mention => Inline::Mention {
                user_id: required(node.user_id, "user_id")?,
                name: required(node.name, "name")?,
            },
            _ => return Err("expected an inline node (`text`, `link` or `mention`)".to_owned()),
        })
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
            _ => Err("expected a mark (`bold`, `italic`, `underline`, `strikethrough` or `code`)"
                .to_owned()),
        }
    }
}
