//! The rules every stored message body follows, checked node by node; a refusal names the
//! node at fault by its path (`blocks[3].items[1].content[0]`).

use std::fmt;

use super::{
    Block, Document, Inline, LINK_SCHEMES, ListItem, MAX_LINK_CHARS, MAX_LIST_DEPTH,
    MAX_MENTION_NAME_CHARS, MAX_NODES, MAX_TEXT_CHARS, Mark,
};

/// What is wrong with a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// It has no visible text.
    Empty,
    /// It has more than [`MAX_TEXT_CHARS`] characters.
    TooLong {
        /// How many characters it has.
        chars: usize,
    },
    /// It has more than [`MAX_NODES`] nodes.
    TooManyNodes,
    /// Text holds a line break or another control character (line breaks separate blocks;
    /// only a code block keeps them).
    ControlCharacter,
    /// A run carries the same mark twice.
    RepeatedMark,
    /// A mention has no name, or one too long.
    BadMention,
    /// A link's address is not an `http`, `https` or `mailto` address, or is too long.
    BadLink,
    /// A link has no text.
    EmptyLink,
    /// A list has no items.
    EmptyList,
    /// Lists nest deeper than [`MAX_LIST_DEPTH`].
    TooDeep,
    /// A node where it may not stand: in a quote anything but a paragraph, under a list
    /// item anything but a list.
    NotAllowedHere,
}

impl Problem {
    /// A stable machine-readable name, for clients to say it in their user's language.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Empty => "empty",
            Problem::TooLong { .. } => "too_long",
            Problem::TooManyNodes => "too_many_nodes",
            Problem::ControlCharacter => "control_character",
            Problem::RepeatedMark => "repeated_mark",
            Problem::BadMention => "bad_mention",
            Problem::BadLink => "bad_link",
            Problem::EmptyLink => "empty_link",
            Problem::EmptyList => "empty_list",
            Problem::TooDeep => "too_deep",
            Problem::NotAllowedHere => "not_allowed_here",
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Empty => write!(f, "the message is empty"),
            Problem::TooLong { chars } => write!(
                f,
                "the message has {chars} characters; at most {MAX_TEXT_CHARS} are allowed"
            ),
            Problem::TooManyNodes => {
                write!(f, "the message has more than {MAX_NODES} parts")
            }
            Problem::ControlCharacter => write!(f, "the text holds a control character"),
            Problem::RepeatedMark => write!(f, "a text run repeats the same formatting"),
            Problem::BadMention => write!(f, "a mention has no valid name"),
            Problem::BadLink => {
                write!(f, "a link must be an http, https or mailto address")
            }
            Problem::EmptyLink => write!(f, "a link has no text"),
            Problem::EmptyList => write!(f, "a list has no items"),
            Problem::TooDeep => {
                write!(f, "lists nest at most {MAX_LIST_DEPTH} levels deep")
            }
            Problem::NotAllowedHere => write!(f, "this kind of block cannot stand here"),
        }
    }
}

/// Why a document was refused, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentError {
    /// The node at fault (`blocks[3].items[1]`); empty for the whole document.
    pub path: String,
    /// What is wrong with it.
    pub problem: Problem,
}

impl DocumentError {
    fn whole(problem: Problem) -> Self {
        Self { path: String::new(), problem }
    }
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path.is_empty() {
            true => write!(f, "{}", self.problem),
            false => write!(f, "{} (at {})", self.problem, self.path),
        }
    }
}

impl std::error::Error for DocumentError {}

/// What the walk has counted so far.
#[derive(Default)]
struct Tally {
    chars: usize,
    nodes: usize,
    visible: bool,
}

pub(super) fn document(doc: &Document) -> Result<(), DocumentError> {
    let mut tally = Tally::default();
    blocks(&doc.blocks, "blocks", Context::Top, 0, &mut tally)?;
    if tally.nodes > MAX_NODES {
        return Err(DocumentError::whole(Problem::TooManyNodes));
    }
    if tally.chars > MAX_TEXT_CHARS {
        return Err(DocumentError::whole(Problem::TooLong { chars: tally.chars }));
    }
    if !tally.visible {
        return Err(DocumentError::whole(Problem::Empty));
    }
    Ok(())
}

/// Where a list of blocks stands, which decides what it may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Top,
    Quote,
    UnderItem,
}

fn blocks(
    list: &[Block],
    at: &str,
    context: Context,
    depth: usize,
    tally: &mut Tally,
) -> Result<(), DocumentError> {
    for (index, block) in list.iter().enumerate() {
        let path = format!("{at}[{index}]");
        let fail = |problem| Err(DocumentError { path: path.clone(), problem });
        tally.nodes += 1;
        // Checked as it grows, so that a huge document is refused without walking it all.
        if tally.nodes > MAX_NODES {
            return Err(DocumentError::whole(Problem::TooManyNodes));
        }
        let allowed = matches!(
            (context, block),
            (Context::Top, _)
                | (Context::Quote, Block::Paragraph { .. })
                | (Context::UnderItem, Block::BulletList { .. } | Block::OrderedList { .. })
        );
        if !allowed {
            return fail(Problem::NotAllowedHere);
        }
        match block {
            Block::Paragraph { content } => inlines(content, &format!("{path}.content"), tally)?,
            Block::Quote { blocks: inner } => {
                blocks(inner, &format!("{path}.blocks"), Context::Quote, depth, tally)?
            }
            Block::CodeBlock { text } => {
                if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
                    return fail(Problem::ControlCharacter);
                }
                tally.chars += text.chars().count();
                tally.visible |= !text.trim().is_empty();
            }
            Block::BulletList { items } | Block::OrderedList { items } => {
                if depth + 1 > MAX_LIST_DEPTH {
                    return fail(Problem::TooDeep);
                }
                if items.is_empty() {
                    return fail(Problem::EmptyList);
                }
                list_items(items, &format!("{path}.items"), depth + 1, tally)?;
            }
        }
    }
    Ok(())
}

fn list_items(
    items: &[ListItem],
    at: &str,
    depth: usize,
    tally: &mut Tally,
) -> Result<(), DocumentError> {
    for (index, item) in items.iter().enumerate() {
        let path = format!("{at}[{index}]");
        tally.nodes += 1;
        inlines(&item.content, &format!("{path}.content"), tally)?;
        blocks(&item.children, &format!("{path}.children"), Context::UnderItem, depth, tally)?;
    }
    Ok(())
}

fn inlines(content: &[Inline], at: &str, tally: &mut Tally) -> Result<(), DocumentError> {
    for (index, inline) in content.iter().enumerate() {
        let fail = |problem| Err(DocumentError { path: format!("{at}[{index}]"), problem });
        tally.nodes += 1;
        match inline {
            Inline::Text { text, marks } => {
                if let Some(problem) = run(text, marks) {
                    return fail(problem);
                }
                tally.chars += text.chars().count();
                tally.visible |= !text.trim().is_empty();
            }
            Inline::Link { href, text, marks } => {
                if let Some(problem) = run(text, marks) {
                    return fail(problem);
                }
                if text.trim().is_empty() {
                    return fail(Problem::EmptyLink);
                }
                if !is_allowed_link(href) {
                    return fail(Problem::BadLink);
                }
                tally.chars += text.chars().count();
                tally.visible = true;
            }
            Inline::Mention { name, .. } => {
                let len = name.chars().count();
                if name.trim().is_empty()
                    || len > MAX_MENTION_NAME_CHARS
                    || name.chars().any(char::is_control)
                {
                    return fail(Problem::BadMention);
                }
                tally.chars += len + 1;
                tally.visible = true;
            }
        }
    }
    Ok(())
}

/// What is wrong with a run of text and its marks, if anything.
fn run(text: &str, marks: &[Mark]) -> Option<Problem> {
    if text.chars().any(|c| c.is_control() && c != '\t') {
        return Some(Problem::ControlCharacter);
    }
    if marks.iter().enumerate().any(|(i, m)| marks[..i].contains(m)) {
        return Some(Problem::RepeatedMark);
    }
    None
}

/// Whether a link may be offered to readers: an `http`, `https` (with a host) or `mailto`
/// address, without spaces or control characters, not too long. The scheme is compared
/// case-insensitively, as browsers do (`JavaScript:` is `javascript:`).
pub fn is_allowed_link(href: &str) -> bool {
    if href.is_empty()
        || href.chars().count() > MAX_LINK_CHARS
        || href.chars().any(|c| c.is_control() || c.is_whitespace())
    {
        return false;
    }
    let Some((scheme, rest)) = href.split_once(':') else { return false };
    let scheme = scheme.to_ascii_lowercase();
    if !LINK_SCHEMES.contains(&scheme.as_str()) {
        return false;
    }
    match scheme.as_str() {
        "mailto" => rest.contains('@'),
        _ => rest
            .strip_prefix("//")
            .and_then(|rest| rest.split(['/', '?', '#']).next())
            .is_some_and(|host| !host.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UserId;

    fn paragraph(content: Vec<Inline>) -> Block {
        Block::Paragraph { content }
    }

    fn error(doc: &Document) -> Option<(String, Problem)> {
        doc.validate().err().map(|e| (e.path, e.problem))
    }

    fn item(content: Vec<Inline>, children: Vec<Block>) -> ListItem {
        ListItem { content, children }
    }

    #[test]
    fn refuses_empty_and_blank_documents() {
        assert_eq!(error(&Document::default()), Some((String::new(), Problem::Empty)));
        assert_eq!(
            error(&Document::from_plain_text("  \n\t")),
            Some((String::new(), Problem::Empty))
        );
        let blank_list = Document {
            blocks: vec![Block::BulletList { items: vec![item(vec![Inline::text(" ")], vec![])] }],
        };
        assert_eq!(error(&blank_list), Some((String::new(), Problem::Empty)));
    }

    #[test]
    fn names_the_node_at_fault() {
        let doc = Document {
            blocks: vec![
                paragraph(vec![Inline::text("ok")]),
                Block::BulletList {
                    items: vec![
                        item(vec![Inline::text("un")], vec![]),
                        item(
                            vec![Inline::text("deux")],
                            vec![Block::OrderedList {
                                items: vec![item(
                                    vec![
                                        Inline::text("a"),
                                        Inline::Link {
                                            href: "javascript:alert(1)".into(),
                                            text: "clic".into(),
                                            marks: vec![],
                                        },
                                    ],
                                    vec![],
                                )],
                            }],
                        ),
                    ],
                },
            ],
        };
        let failure = doc.validate().err();
        assert_eq!(
            failure.as_ref().map(|e| e.path.as_str()),
            Some("blocks[1].items[1].children[0].items[0].content[1]")
        );
        assert_eq!(failure.as_ref().map(|e| e.problem.code()), Some("bad_link"));
        assert_eq!(
            failure.map(|e| e.to_string()).unwrap_or_default(),
            "a link must be an http, https or mailto address (at blocks[1].items[1].children[0].items[0].content[1])"
        );
    }

    #[test]
    fn links_are_http_https_or_mailto_with_text() {
        for good in [
            "https://example.com",
            "HTTP://example.com/a?b#c",
            "mailto:bruno@durand.example",
            "https://exemple.fr/chantier/plan%20B",
        ] {
            assert!(is_allowed_link(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "https:///nohost",
            "http:example.com",
            "ftp://example.com",
            "mailto:nobody",
            "/relative",
            "https://exa mple.com",
            "https://example.com/\n",
            "",
        ] {
            assert!(!is_allowed_link(bad), "{bad}");
        }
        assert!(!is_allowed_link(&format!("https://e.com/{}", "a".repeat(MAX_LINK_CHARS))));
        let empty_text = Document {
            blocks: vec![paragraph(vec![
                Inline::text("voir "),
                Inline::Link { href: "https://e.com".into(), text: " ".into(), marks: vec![] },
            ])],
        };
        assert_eq!(error(&empty_text), Some(("blocks[0].content[1]".into(), Problem::EmptyLink)));
    }

    #[test]
    fn lists_nest_three_levels_deep_at_most() {
        let nest = |levels: usize| {
            let mut list = Block::BulletList { items: vec![item(vec![Inline::text("x")], vec![])] };
            for _ in 1..levels {
                list =
                    Block::OrderedList { items: vec![item(vec![Inline::text("x")], vec![list])] };
            }
            Document { blocks: vec![list] }
        };
        assert_eq!(nest(3).validate(), Ok(()));
        assert_eq!(
            error(&nest(4)),
            Some((
                "blocks[0].items[0].children[0].items[0].children[0].items[0].children[0]".into(),
                Problem::TooDeep
            ))
        );
        let empty = Document { blocks: vec![Block::BulletList { items: vec![] }] };
        assert_eq!(error(&empty), Some(("blocks[0]".into(), Problem::EmptyList)));
    }

    #[test]
    fn quotes_hold_paragraphs_and_items_hold_lists() {
        let quoted_list = Document {
            blocks: vec![Block::Quote {
                blocks: vec![
                    paragraph(vec![Inline::text("a")]),
                    Block::CodeBlock { text: "x".into() },
                ],
            }],
        };
        assert_eq!(
            error(&quoted_list),
            Some(("blocks[0].blocks[1]".into(), Problem::NotAllowedHere))
        );
        let paragraph_under_item = Document {
            blocks: vec![Block::BulletList {
                items: vec![item(
                    vec![Inline::text("a")],
                    vec![paragraph(vec![Inline::text("b")])],
                )],
            }],
        };
        assert_eq!(
            error(&paragraph_under_item),
            Some(("blocks[0].items[0].children[0]".into(), Problem::NotAllowedHere))
        );
    }

    #[test]
    fn code_blocks_keep_line_breaks_and_nothing_else_does() {
        let code = Document { blocks: vec![Block::CodeBlock { text: "a\n\tb\n".into() }] };
        assert_eq!(code.validate(), Ok(()));
        let bell = Document { blocks: vec![Block::CodeBlock { text: "a\u{7}".into() }] };
        assert_eq!(error(&bell), Some(("blocks[0]".into(), Problem::ControlCharacter)));
        let newline = Document { blocks: vec![paragraph(vec![Inline::text("a\nb")])] };
        assert_eq!(
            error(&newline),
            Some(("blocks[0].content[0]".into(), Problem::ControlCharacter))
        );
        let repeated = Document {
            blocks: vec![paragraph(vec![Inline::Text {
                text: "a".into(),
                marks: vec![Mark::Italic, Mark::Italic],
            }])],
        };
        assert_eq!(error(&repeated), Some(("blocks[0].content[0]".into(), Problem::RepeatedMark)));
    }

    #[test]
    fn mentions_need_a_name() {
        let nameless = Document {
            blocks: vec![paragraph(vec![Inline::Mention { user_id: UserId(5), name: " ".into() }])],
        };
        assert_eq!(error(&nameless), Some(("blocks[0].content[0]".into(), Problem::BadMention)));
    }

    #[test]
    fn refuses_too_long_and_too_large_documents() {
        let at_limit = Document::from_plain_text(&"é".repeat(MAX_TEXT_CHARS));
        assert_eq!(at_limit.validate(), Ok(()));
        let over = Document::from_plain_text(&"é".repeat(MAX_TEXT_CHARS + 1));
        assert_eq!(
            error(&over),
            Some((String::new(), Problem::TooLong { chars: MAX_TEXT_CHARS + 1 }))
        );
        let code =
            Document { blocks: vec![Block::CodeBlock { text: "x".repeat(MAX_TEXT_CHARS + 1) }] };
        assert_eq!(
            error(&code),
            Some((String::new(), Problem::TooLong { chars: MAX_TEXT_CHARS + 1 }))
        );
        let many = Document::from_plain_text(&"x\n".repeat(MAX_NODES));
        assert_eq!(error(&many), Some((String::new(), Problem::TooManyNodes)));
    }
}
