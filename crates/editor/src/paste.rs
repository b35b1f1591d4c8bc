//! Paste: what the clipboard holds, reduced to what the document model can say.
//!
//! Rich HTML (from Word, Google Docs, LibreOffice, Outlook, web pages) arrives as a parsed
//! tree ([`HtmlNode`]: the browser parses it, tests parse it natively) and is reduced to
//! lines: paragraphs, list items at their depth, quoted lines, code; bold, italic,
//! underline, strikethrough and code marks, from tags or from the inline styles word
//! processors use; links with an allowed address. Everything else — scripts, styles, event
//! handlers, images, `javascript:` links, comments — is dropped, its text kept where it is
//! text.

use parlons_api::rich_text::{Mark, is_allowed_link};

use crate::doc::{Line, LineKind, MAX_DEPTH, Marks, Piece};

/// A node of parsed HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HtmlNode {
    /// An element: its tag name (lower case), attributes and children.
    Element {
        /// The tag name, lower case (`p`, `span`, `o:p`).
        tag: String,
        /// Its attributes, names in lower case.
        attrs: Vec<(String, String)>,
        /// Its children.
        children: Vec<HtmlNode>,
    },
    /// Text.
    Text(String),
}

impl HtmlNode {
    fn attr(&self, name: &str) -> Option<&str> {
        match self {
            HtmlNode::Element { attrs, .. } => {
                attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
            }
            HtmlNode::Text(_) => None,
        }
    }
}

/// What pasting plain text does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlainPaste {
    /// A web address pasted over selected text links it.
    Link(String),
    /// Anything else is typed in, line breaks included.
    Text(String),
}

/// What pasting plain text does, with or without a selection.
pub fn plain(text: &str, over_selection: bool) -> PlainPaste {
    let trimmed = text.trim();
    match over_selection && !trimmed.contains(char::is_whitespace) && is_allowed_link(trimmed) {
        true => PlainPaste::Link(trimmed.to_owned()),
        false => PlainPaste::Text(text.replace("\r\n", "\n").replace('\r', "\n")),
    }
}

/// Elements whose content is never text of the message.
const DROPPED: [&str; 21] = [
    "script", "style", "head", "title", "meta", "link", "template", "noscript", "iframe", "object",
    "embed", "svg", "math", "img", "video", "audio", "canvas", "button", "input", "select",
    "textarea",
];

/// Elements that start and end a line.
const BLOCKS: [&str; 25] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "tr",
    "hr",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "main",
    "table",
    "ul",
    "ol",
    "dt",
    "dd",
];

/// Where the walk is: the style text takes, and the line being filled.
#[derive(Debug, Clone)]
struct Context {
    marks: Marks,
    link: Option<String>,
    kind: LineKind,
    depth: u8,
    /// Nested lists above, innermost last (`true` for numbered).
    lists: Vec<bool>,
    preformatted: bool,
}

struct Reducer {
    lines: Vec<Line>,
    current: Option<Line>,
}

/// The lines a parsed clipboard fragment says.
pub fn reduce(nodes: &[HtmlNode]) -> Vec<Line> {
    let mut reducer = Reducer { lines: Vec::new(), current: None };
    let context = Context {
        marks: Marks::NONE,
        link: None,
        kind: LineKind::Paragraph,
        depth: 0,
        lists: Vec::new(),
        preformatted: false,
    };
    for node in nodes {
        reducer.node(node, &context);
    }
    reducer.flush();
    let mut lines = reducer.lines;
    // Blank lines: one at most in a row, none around.
    lines.dedup_by(|b, a| a.is_empty() && b.is_empty() && a.kind == b.kind);
    while lines.first().is_some_and(Line::is_empty) {
        lines.remove(0);
    }
    while lines.last().is_some_and(Line::is_empty) {
        lines.pop();
    }
    lines
}

impl Reducer {
    fn flush(&mut self) {
        if let Some(mut line) = self.current.take() {
            trim_end(&mut line);
            line.normalize();
            self.lines.push(line);
        }
    }

    fn line(&mut self, context: &Context) -> &mut Line {
        self.current.get_or_insert_with(|| Line::empty(context.kind, context.depth))
    }

    fn text(&mut self, text: &str, context: &Context) {
        if context.preformatted {
            for (index, part) in text.split('\n').enumerate() {
                if index > 0 {
                    self.flush();
                }
                if !part.is_empty() {
                    let piece = Piece::Text {
                        text: part.replace('\r', ""),
                        marks: Marks::NONE,
                        link: None,
                    };
                    self.line(context).pieces.push(piece);
                }
            }
            return;
        }
        // HTML's own spacing: runs of white space are one space, none at a line's start.
        let mut collapsed = String::new();
        let mut space = false;
        for c in text.chars() {
            if c.is_whitespace() || c == '\u{a0}' {
                space = true;
            } else {
                if space {
                    collapsed.push(' ');
                }
                space = false;
                if !c.is_control() {
                    collapsed.push(c);
                }
            }
        }
        if space {
            collapsed.push(' ');
        }
        let at_start = self.current.as_ref().is_none_or(|line| line.text().is_empty());
        let text = if at_start { collapsed.trim_start() } else { collapsed.as_str() };
        let ends_with_space = self.current.as_ref().is_some_and(|line| line.text().ends_with(' '));
        let text = if ends_with_space { text.trim_start() } else { text };
        if text.is_empty() {
            return;
        }
        // A link shows underlined anyway: an underline that came with it is not the writer's.
        let marks = match context.link {
            Some(_) => context.marks.with(Mark::Underline, false),
            None => context.marks,
        };
        let piece = Piece::Text { text: text.to_owned(), marks, link: context.link.clone() };
        self.line(context).pieces.push(piece);
    }

    fn node(&mut self, node: &HtmlNode, context: &Context) {
        let HtmlNode::Element { tag, children, .. } = node else {
            if let HtmlNode::Text(text) = node {
                self.text(text, context);
            }
            return;
        };
        let tag = tag.as_str();
        let mut style = node.attr("style").unwrap_or_default().to_ascii_lowercase();
        // LibreOffice still writes `<font face="Liberation Mono">`.
        if let Some(face) = node.attr("face") {
            style.push_str(&format!(";font-family:{}", face.to_ascii_lowercase()));
        }
        if DROPPED.contains(&tag) || style.replace(' ', "").contains("mso-list:ignore") {
            return;
        }
        if style.replace(' ', "").contains("display:none") {
            return;
        }
        let mut inner = context.clone();
        inner.marks = marks_of(tag, &style, context.marks);
        match tag {
            "a" => {
                inner.link = node
                    .attr("href")
                    .map(str::trim)
                    .filter(|h| is_allowed_link(h))
                    .map(str::to_owned);
            }
            "br" => {
                // A line break inside a line: the rest goes on the next line, same kind.
                let kind = (context.kind, context.depth);
                self.line(context);
                self.flush();
                self.current = Some(Line::empty(kind.0, kind.1));
                return;
            }
            "ul" | "ol" => inner.lists.push(tag == "ol"),
            "li" => {
                let numbered = context.lists.last().copied().unwrap_or(false);
                inner.kind = if numbered { LineKind::Ordered } else { LineKind::Bullet };
                inner.depth = (context.lists.len().saturating_sub(1) as u8).min(MAX_DEPTH);
            }
            "blockquote" => inner.kind = LineKind::Quote,
            "pre" => {
                inner.kind = LineKind::Code;
                inner.preformatted = true;
            }
            _ => {}
        }
        // Word and Outlook write list items as paragraphs with an `mso-list` style.
        if let Some(level) = word_list_level(&style) {
            inner.kind =
                if word_list_numbered(children) { LineKind::Ordered } else { LineKind::Bullet };
            inner.depth = level.min(MAX_DEPTH);
        }
        if inner.kind == LineKind::Code {
            inner.marks = Marks::NONE;
            inner.link = None;
        }
        let block = BLOCKS.contains(&tag);
        if block {
            // A paragraph inside an item continues the item's line.
            let inside_item = tag == "p"
                && context.kind.is_list()
                && self.current.as_ref().is_some_and(|l| l.kind.is_list() && l.is_empty());
            if !inside_item {
                self.flush();
            }
            if !matches!(tag, "ul" | "ol" | "table" | "blockquote") || inner.kind == LineKind::Code
            {
                self.current.get_or_insert_with(|| Line::empty(inner.kind, inner.depth));
            }
        }
        for child in children {
            self.node(child, &inner);
        }
        if matches!(tag, "td" | "th") {
            self.text(" ", context);
        }
        if block {
            self.flush();
        }
    }
}

/// The marks an element adds: its tag's, and those of its inline style.
fn marks_of(tag: &str, style: &str, marks: Marks) -> Marks {
    let style = style.replace(' ', "");
    let mut marks = marks;
    let on = |marks: Marks, mark, yes: bool| if yes { marks.with(mark, true) } else { marks };
    marks = on(
        marks,
        Mark::Bold,
        matches!(tag, "b" | "strong" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"),
    );
    marks = on(marks, Mark::Italic, matches!(tag, "i" | "em" | "cite"));
    marks = on(marks, Mark::Underline, matches!(tag, "u" | "ins"));
    marks = on(marks, Mark::Strikethrough, matches!(tag, "s" | "strike" | "del"));
    marks = on(marks, Mark::Code, matches!(tag, "code" | "kbd" | "samp" | "tt"));
    if let Some(weight) = style_value(&style, "font-weight") {
        let bold =
            weight == "bold" || weight == "bolder" || weight.parse::<u16>().is_ok_and(|w| w >= 600);
        // Google Docs wraps everything in `<b style="font-weight:normal">`.
        marks = marks.with(Mark::Bold, bold);
    }
    if let Some(font_style) = style_value(&style, "font-style") {
        marks = marks.with(Mark::Italic, font_style == "italic" || font_style == "oblique");
    }
    for property in ["text-decoration", "text-decoration-line"] {
        if let Some(decoration) = style_value(&style, property) {
            marks = on(marks, Mark::Underline, decoration.contains("underline"));
            marks = on(marks, Mark::Strikethrough, decoration.contains("line-through"));
        }
    }
    if let Some(family) = style_value(&style, "font-family")
        && ["courier", "consolas", "monospace", "monaco", "menlo", "mono"]
            .iter()
            .any(|f| family.contains(f))
    {
        marks = marks.with(Mark::Code, true);
    }
    marks
}

/// The value of a property in a `style` attribute (spaces already removed).
fn style_value<'a>(style: &'a str, property: &str) -> Option<&'a str> {
    style.split(';').find_map(|declaration| {
        let (name, value) = declaration.split_once(':')?;
        (name == property).then_some(value.trim_matches(['"', '\'']))
    })
}

/// The level (0-based) of a Word or Outlook list paragraph (`mso-list: l0 level2 lfo1`).
fn word_list_level(style: &str) -> Option<u8> {
    let value = style.replace(' ', "");
    let at = value.find("mso-list:")?;
    let rest = &value[at + "mso-list:".len()..];
    let level = rest.split("level").nth(1)?;
    let digits: String = level.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<u8>().ok().map(|n| n.saturating_sub(1))
}

/// Whether a Word list paragraph is numbered: its hidden marker (`mso-list: Ignore`) is a
/// number or letter followed by a dot or parenthesis, not a bullet symbol.
fn word_list_numbered(children: &[HtmlNode]) -> bool {
    fn marker(nodes: &[HtmlNode]) -> Option<String> {
        for node in nodes {
            if let HtmlNode::Element { children, .. } = node {
                let style =
                    node.attr("style").unwrap_or_default().to_ascii_lowercase().replace(' ', "");
                if style.contains("mso-list:ignore") {
                    return Some(text_of(children));
                }
                if let Some(found) = marker(children) {
                    return Some(found);
                }
            }
        }
        None
    }
    marker(children).is_some_and(|m| {
        let m = m.trim();
        m.ends_with(['.', ')']) && m.chars().next().is_some_and(char::is_alphanumeric)
    })
}

fn text_of(nodes: &[HtmlNode]) -> String {
    nodes
        .iter()
        .map(|node| match node {
            HtmlNode::Text(text) => text.clone(),
            HtmlNode::Element { children, .. } => text_of(children),
        })
        .collect()
}

/// Lines in a compact text form — `bullet 1: *bold* _italic_ +underline+ ~struck~ `code`
/// [text](href) @Name` — to compare what a paste gives in tests, native and in the browser.
pub fn outline(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .map(|line| {
            let kind = match line.kind {
                LineKind::Paragraph => "p",
                LineKind::Bullet => "bullet",
                LineKind::Ordered => "ordered",
                LineKind::Quote => "quote",
                LineKind::Code => "code",
            };
            let mut out = format!("{kind} {}: ", line.depth);
            for piece in &line.pieces {
                match piece {
                    Piece::Mention { name, .. } => out.push_str(&format!("@{name}")),
                    Piece::Text { text, marks, link } => {
                        let mut text = text.clone();
                        for (mark, around) in [
                            (Mark::Code, "`"),
                            (Mark::Strikethrough, "~"),
                            (Mark::Underline, "+"),
                            (Mark::Italic, "_"),
                            (Mark::Bold, "*"),
                        ] {
                            if marks.has(mark) {
                                text = format!("{around}{text}{around}");
                            }
                        }
                        if let Some(href) = link {
                            text = format!("[{text}]({href})");
                        }
                        out.push_str(&text);
                    }
                }
            }
            out
        })
        .collect()
}

fn trim_end(line: &mut Line) {
    if let Some(Piece::Text { text, .. }) = line.pieces.last_mut() {
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(tag: &str, attrs: &[(&str, &str)], children: Vec<HtmlNode>) -> HtmlNode {
        HtmlNode::Element {
            tag: tag.into(),
            attrs: attrs.iter().map(|(n, v)| ((*n).into(), (*v).into())).collect(),
            children,
        }
    }

    fn text(text: &str) -> HtmlNode {
        HtmlNode::Text(text.into())
    }

    #[test]
    fn a_url_pasted_over_a_selection_links_it() {
        assert_eq!(
            plain(" https://plans.example/d ", true),
            PlainPaste::Link("https://plans.example/d".into())
        );
        assert_eq!(
            plain("https://plans.example/d", false),
            PlainPaste::Text("https://plans.example/d".into())
        );
        assert_eq!(
            plain("javascript:alert(1)", true),
            PlainPaste::Text("javascript:alert(1)".into())
        );
        assert_eq!(plain("a\r\nb", false), PlainPaste::Text("a\nb".into()));
    }

    #[test]
    fn scripts_handlers_and_unsafe_links_vanish() {
        let lines = reduce(&[element(
            "p",
            &[("onclick", "steal()")],
            vec![
                text("avant "),
                element("script", &[], vec![text("alert(1)")]),
                element("a", &[("href", "javascript:alert(1)")], vec![text("clic")]),
                element("img", &[("src", "x"), ("onerror", "alert(1)")], vec![]),
            ],
        )]);
        assert_eq!(lines, vec![Line::paragraph(vec![Piece::text("avant clic")])]);
    }

    #[test]
    fn styles_say_marks_and_google_docs_normal_bold_is_not_bold() {
        let lines = reduce(&[element(
            "b",
            &[("style", "font-weight:normal;"), ("id", "docs-internal-guid-1")],
            vec![element(
                "p",
                &[],
                vec![
                    element("span", &[("style", "font-weight: 700")], vec![text("gras")]),
                    element(
                        "span",
                        &[("style", "font-style:italic;text-decoration:line-through")],
                        vec![text(" barré")],
                    ),
                ],
            )],
        )]);
        let bold = Marks::of(&[Mark::Bold]);
        let struck = Marks::of(&[Mark::Italic, Mark::Strikethrough]);
        assert_eq!(
            lines[0].pieces,
            vec![
                Piece::Text { text: "gras".into(), marks: bold, link: None },
                Piece::Text { text: " barré".into(), marks: struck, link: None },
            ]
        );
    }
}
