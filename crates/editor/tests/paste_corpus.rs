//! Real clipboard HTML (`tests/clipboard/*.html`), parsed by html5ever as a browser would,
//! reduced to the editor's lines and compared with what is expected of it
//! (`tests/clipboard/*.outline`, which the browser tests check with Chromium's parser too):
//! formatting kept as the model can say it; scripts, handlers, styles, frames, SVG, forms,
//! hidden text and `javascript:` or `data:` links gone, their visible text kept.

use parlons_editor::paste::{HtmlNode, outline, reduce};
use scraper::{Html, Node};

fn convert(node: ego_tree::NodeRef<'_, Node>) -> Option<HtmlNode> {
    match node.value() {
        Node::Text(text) => Some(HtmlNode::Text(text.to_string())),
        Node::Element(element) => Some(HtmlNode::Element {
            tag: element.name().to_ascii_lowercase(),
            attrs: element.attrs().map(|(n, v)| (n.to_ascii_lowercase(), v.to_owned())).collect(),
            children: node.children().filter_map(convert).collect(),
        }),
        _ => None,
    }
}

fn read(file: &str) -> String {
    // Where `cargo test` runs it from: the path baked in at compile time may be another
    // checkout's when several share one target directory (as this machine's CI does).
    let crate_dir =
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
    let path = format!("{crate_dir}/../../tests/clipboard/{file}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The clipboard's HTML as the editor gets it (the body's nodes), against its outline.
fn check(name: &str) {
    let document = Html::parse_document(&read(&format!("{name}.html")));
    let body = document
        .tree
        .root()
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "body"));
    let nodes: Vec<HtmlNode> =
        body.map(|b| b.children().filter_map(convert).collect()).unwrap_or_default();
    let expected = read(&format!("{name}.outline"));
    assert_eq!(outline(&reduce(&nodes)), expected.lines().collect::<Vec<_>>(), "{name}");
}

#[test]
fn word() {
    check("word");
}

#[test]
fn google_docs() {
    check("google_docs");
}

#[test]
fn libreoffice() {
    check("libreoffice");
}

#[test]
fn outlook() {
    check("outlook");
}

#[test]
fn web_page() {
    check("web_page");
}

#[test]
fn hostile() {
    check("hostile");
}
