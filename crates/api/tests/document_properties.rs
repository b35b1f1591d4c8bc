//! Properties of the document model over many generated documents and JSON values: a valid
//! document survives the wire and validation; any JSON either becomes a document that
//! validates or is refused with a reason, and nothing ever panics.

use parlons_api::UserId;
use parlons_api::rich_text::{Block, Document, Inline, ListItem, Mark};
use proptest::prelude::*;
use serde_json::{Value, json};

fn words() -> impl Strategy<Value = String> {
    // Letters, accents, spaces, punctuation, an emoji and markup-looking text; no control
    // characters but tabs.
    "[a-zA-Zéèàçœ0-9 ,.;:!?<>&\"'/\\t🙂-]{1,24}"
}

fn marks() -> impl Strategy<Value = Vec<Mark>> {
    proptest::sample::subsequence(Mark::ALL.to_vec(), 0..=5).prop_shuffle()
}

fn href() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,10}\\.(fr|com|example)(/[a-z0-9]{0,8}){0,3}".prop_map(|p| format!("https://{p}")),
        "[a-z]{1,10}\\.(fr|com)".prop_map(|p| format!("http://{p}")),
        "[a-z]{1,8}@[a-z]{1,8}\\.fr".prop_map(|p| format!("mailto:{p}")),
    ]
}

fn inline() -> impl Strategy<Value = Inline> {
    prop_oneof![
        4 => (words(), marks()).prop_map(|(text, marks)| Inline::Text { text, marks }),
        1 => (href(), "[a-zA-Z]{1,12}", marks())
            .prop_map(|(href, text, marks)| Inline::Link { href, text, marks }),
        1 => (1..1000i64, "[A-Z][a-zé]{1,8} [A-Z][a-z]{1,8}")
            .prop_map(|(id, name)| Inline::Mention { user_id: UserId(id), name }),
    ]
}

fn line() -> impl Strategy<Value = Vec<Inline>> {
    proptest::collection::vec(inline(), 0..5)
}

fn list(depth: u32) -> BoxedStrategy<Block> {
    let children: BoxedStrategy<Vec<Block>> = match depth {
        1 => Just(Vec::new()).boxed(),
        _ => proptest::collection::vec(list(depth - 1), 0..2).boxed(),
    };
    let items = proptest::collection::vec(
        (line(), children).prop_map(|(content, children)| ListItem { content, children }),
        1..4,
    );
    (items, any::<bool>())
        .prop_map(|(items, ordered)| match ordered {
            true => Block::OrderedList { items },
            false => Block::BulletList { items },
        })
        .boxed()
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        4 => line().prop_map(|content| Block::Paragraph { content }),
        1 => proptest::collection::vec(line().prop_map(|content| Block::Paragraph { content }), 1..3)
            .prop_map(|blocks| Block::Quote { blocks }),
        1 => proptest::collection::vec(words(), 1..4)
            .prop_map(|lines| Block::CodeBlock { text: lines.join("\n") }),
        2 => list(3),
    ]
}

/// A valid document: whatever the generated blocks, a first line that is visible.
fn document() -> impl Strategy<Value = Document> {
    proptest::collection::vec(block(), 0..8).prop_map(|mut blocks| {
        blocks.insert(0, Block::Paragraph { content: vec![Inline::text("Bonjour")] });
        Document { blocks }
    })
}

/// Any JSON, shaped enough like documents to reach every decoding path.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[a-z_:/\\n\\u{7}]{0,12}".prop_map(Value::from),
        prop::sample::select(vec![
            "paragraph",
            "quote",
            "code_block",
            "bullet_list",
            "ordered_list",
            "text",
            "link",
            "mention",
            "bold",
            "italic",
            "code",
            "table",
        ])
        .prop_map(Value::from),
        Just(Value::from("javascript:alert(1)")),
    ];
    leaf.prop_recursive(6, 80, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::vec(
                (
                    prop::sample::select(vec![
                        "type", "content", "blocks", "items", "children", "text", "href", "marks",
                        "user_id", "name",
                    ]),
                    inner
                ),
                0..6
            )
            .prop_map(|fields| Value::Object(
                fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

proptest! {
    #[test]
    fn valid_documents_survive_the_wire_and_validation(doc in document()) {
        prop_assert_eq!(doc.validate(), Ok(()));
        let json = serde_json::to_string(&doc).unwrap();
        let back: Document = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &doc);
        prop_assert_eq!(back.validate(), Ok(()));
        prop_assert!(doc.to_plain_text().starts_with("Bonjour"));
    }

    #[test]
    fn any_json_becomes_a_checked_document_or_is_refused_with_a_reason(value in json_value()) {
        let wrapped = json!({ "blocks": value });
        for candidate in [wrapped, value] {
            match serde_json::from_value::<Document>(candidate) {
                Ok(doc) => {
                    if let Err(error) = doc.validate() {
                        prop_assert!(!error.to_string().is_empty());
                        prop_assert!(!error.problem.code().is_empty());
                    }
                    let _ = doc.to_plain_text();
                }
                Err(error) => prop_assert!(!error.to_string().is_empty()),
            }
        }
    }
}
