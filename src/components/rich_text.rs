//! Renders a message's rich-text document node by node: never `innerHTML`, so no message
//! can inject markup.

use leptos::prelude::*;
use parlons_api::Document;
use parlons_api::rich_text::{Block, Inline, Mark};

/// A message body.
#[component]
pub fn RichText(
    /// The document to render.
    document: Document,
) -> impl IntoView {
    document.blocks.into_iter().map(render_block).collect_view()
}

fn render_block(block: Block) -> AnyView {
    match block {
        Block::Paragraph { content } if content.is_empty() => {
            view! { <p class="blank">" "</p> }.into_any()
        }
        Block::Paragraph { content } => {
            view! { <p>{content.into_iter().map(render_inline).collect_view()}</p> }.into_any()
        }
    }
}

fn render_inline(inline: Inline) -> AnyView {
    match inline {
        Inline::Mention { name, .. } => {
            view! { <span class="mention">{format!("@{name}")}</span> }.into_any()
        }
        Inline::Text { text, marks } => {
            marks.iter().rev().fold(view! { <span>{text}</span> }.into_any(), |inner, mark| {
                match mark {
                    Mark::Bold => view! { <strong>{inner}</strong> }.into_any(),
                    Mark::Italic => view! { <em>{inner}</em> }.into_any(),
                    Mark::Underline => view! { <u>{inner}</u> }.into_any(),
                    Mark::Strikethrough => view! { <s>{inner}</s> }.into_any(),
                    Mark::Code => view! { <code>{inner}</code> }.into_any(),
                }
            })
        }
    }
}
