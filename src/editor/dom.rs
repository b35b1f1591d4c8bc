//! Between the editor's positions and the browser's: a DOM selection point as a [`Pos`] and
//! back, the clipboard's HTML as the neutral tree the paste reduction reads, and the files
//! a paste, a drop or the file picker carries.
//!
//! The view renders each line as an element with `data-line`, and each piece of it as an
//! element with `data-start` (its first position) and `data-len` (its length); a mention is
//! one position whatever its text.

use parlons_editor::Pos;
use parlons_editor::paste::HtmlNode;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node, Range};

fn number(element: &Element, name: &str) -> usize {
    element.get_attribute(name).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// The element of a line.
fn line_element(content: &Element, line: usize) -> Option<Element> {
    content.query_selector(&format!(":scope > [data-line=\"{line}\"]")).ok().flatten()
}

/// The UTF-16 offset of the `chars`-th character of a text.
fn utf16_of_chars(text: &str, chars: usize) -> u32 {
    text.chars().take(chars).map(char::len_utf16).sum::<usize>() as u32
}

/// The text between the start of an element and a point inside it.
fn text_before(element: &Element, node: &Node, offset: u32) -> Option<String> {
    let range = Range::new().ok()?;
    range.set_start(element, 0).ok()?;
    range.set_end(node, offset).ok()?;
    Some(range.unchecked_ref::<js_sys::Object>().to_string().into())
}

/// The position of a DOM point (a selection's anchor or focus) inside the editor's content.
pub fn pos_of(content: &Element, node: &Node, offset: u32) -> Option<Pos> {
    let lines = content.child_element_count() as usize;
    if node == content.unchecked_ref::<Node>() {
        // Between lines: the start of the line after, or the end of the last.
        return Some(match offset as usize {
            i if i < lines => Pos::new(i, 0),
            _ => {
                let last = lines.checked_sub(1)?;
                let element = line_element(content, last)?;
                Pos::new(last, line_len(&element))
            }
        });
    }
    let element = match node.dyn_ref::<Element>() {
        Some(element) => element.clone(),
        None => node.parent_element()?,
    };
    let line = element.closest("[data-line]").ok()??;
    let index = number(&line, "data-line");
    let Some(piece) = element.closest("[data-start]").ok().flatten() else {
        // On the line itself: after the pieces before the offset.
        let nodes = line.child_nodes();
        let at = (0..offset)
            .rev()
            .filter_map(|i| nodes.item(i)?.dyn_into::<Element>().ok())
            .find(|p| p.has_attribute("data-start"))
            .map_or(0, |p| number(&p, "data-start") + number(&p, "data-len"));
        return Some(Pos::new(index, at));
    };
    let start = number(&piece, "data-start");
    let len = number(&piece, "data-len");
    if piece.class_list().contains("mention") {
        let after = offset > 0 || node != piece.unchecked_ref::<Node>();
        return Some(Pos::new(index, start + usize::from(after)));
    }
    let before = text_before(&piece, node, offset)?;
    Some(Pos::new(index, start + before.chars().count().min(len)))
}

/// Where a DOM selection point must go for a position: a text node and a UTF-16 offset in
/// it, or an element and a child index.
pub fn point_of(content: &Element, pos: Pos) -> Option<(Node, u32)> {
    let line = line_element(content, pos.line)?;
    let children = line.children();
    let mut last_end: Option<(Element, usize)> = None;
    for index in 0..children.length() {
        let Some(piece) = children.item(index) else { continue };
        if !piece.has_attribute("data-start") {
            continue;
        }
        let start = number(&piece, "data-start");
        let len = number(&piece, "data-len");
        if piece.class_list().contains("mention") {
            // Beside the mention: a point on the line, by the mention's index among its nodes.
            let at = node_index(&line, &piece);
            if pos.offset == start {
                return Some((line.into(), at));
            }
            if pos.offset == start + len {
                last_end = Some((line.clone(), at as usize + 1));
            }
            continue;
        }
        if pos.offset >= start && pos.offset <= start + len {
            // The text node holding that character.
            let mut remaining = pos.offset - start;
            let walker =
                piece.owner_document()?.create_tree_walker_with_what_to_show(&piece, 4).ok()?;
            let mut last_text: Option<Node> = None;
            while let Ok(Some(text)) = walker.next_node() {
                let content = text.text_content().unwrap_or_default();
                let chars = content.chars().count();
                if remaining <= chars {
                    return Some((text, utf16_of_chars(&content, remaining)));
                }
                remaining -= chars;
                last_text = Some(text);
            }
            if let Some(text) = last_text {
                let content = text.text_content().unwrap_or_default();
                return Some((text, utf16_of_chars(&content, content.chars().count())));
            }
        }
    }
    if let Some((line, index)) = last_end {
        return Some((line.into(), index as u32));
    }
    Some((line.into(), 0))
}

/// The index of a child among all of its parent's nodes.
fn node_index(parent: &Element, child: &Element) -> u32 {
    let nodes = parent.child_nodes();
    (0..nodes.length())
        .find(|&i| nodes.item(i).is_some_and(|n| n == *child.unchecked_ref::<Node>()))
        .unwrap_or(0)
}

fn line_len(line: &Element) -> usize {
    let children = line.children();
    (0..children.length())
        .filter_map(|i| children.item(i))
        .filter(|p| p.has_attribute("data-start"))
        .map(|p| number(&p, "data-start") + number(&p, "data-len"))
        .max()
        .unwrap_or(0)
}

/// The clipboard's HTML parsed by the browser, as the tree the paste reduction reads: the
/// body's nodes (the head's styles and metadata are not content).
pub fn parse_html(html: &str) -> Vec<HtmlNode> {
    let Ok(parser) = web_sys::DomParser::new() else { return Vec::new() };
    let Ok(document) = parser.parse_from_string(html, web_sys::SupportedType::TextHtml) else {
        return Vec::new();
    };
    document.body().map(|body| children_of(&body)).unwrap_or_default()
}

fn children_of(node: &Node) -> Vec<HtmlNode> {
    let list = node.child_nodes();
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| convert(&n)).collect()
}

fn convert(node: &Node) -> Option<HtmlNode> {
    match node.node_type() {
        Node::TEXT_NODE => Some(HtmlNode::Text(node.text_content().unwrap_or_default())),
        Node::ELEMENT_NODE => {
            let element: &Element = node.unchecked_ref();
            let names = element.get_attribute_names();
            let attrs = names
                .iter()
                .filter_map(|name| name.as_string())
                .filter_map(|name| Some((name.to_ascii_lowercase(), element.get_attribute(&name)?)))
                .collect();
            Some(HtmlNode::Element {
                tag: element.tag_name().to_ascii_lowercase(),
                attrs,
                children: children_of(node),
            })
        }
        _ => None,
    }
}

/// The files of a list the browser gives (picked, pasted or dropped).
pub fn files(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn utf16_offsets_and_characters() {
        assert_eq!(utf16_of_chars("a🙂b", 2), 3);
        assert_eq!(utf16_of_chars("é", 1), 1);
    }
}
