//! Renders a message's rich-text document node by node: never `innerHTML`, so no message
//! can inject markup.

use leptos::prelude::*;
use parlons_api::Document;
use parlons_api::rich_text::{Block, Inline, ListItem, Mark, is_allowed_link};

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
        Block::Paragraph { content } => view! { <p>{render_inlines(content)}</p> }.into_any(),
        Block::Quote { blocks } => {
            view! { <blockquote>{blocks.into_iter().map(render_block).collect_view()}</blockquote> }
                .into_any()
        }
        Block::CodeBlock { text } => view! { <pre><code>{text}</code></pre> }.into_any(),
        Block::BulletList { items } => view! { <ul>{render_items(items)}</ul> }.into_any(),
        Block::OrderedList { items } => view! { <ol>{render_items(items)}</ol> }.into_any(),
    }
}

fn render_items(items: Vec<ListItem>) -> impl IntoView {
    items
        .into_iter()
        .map(|item| {
            view! {
                <li>
                    {render_inlines(item.content)}
                    {item.children.into_iter().map(render_block).collect_view()}
                </li>
            }
        })
        .collect_view()
}

fn render_inlines(content: Vec<Inline>) -> impl IntoView {
    content.into_iter().map(render_inline).collect_view()
}

fn render_inline(inline: Inline) -> AnyView {
    match inline {
        Inline::Mention { name, .. } => {
            view! { <span class="mention">{format!("@{name}")}</span> }.into_any()
        }
        Inline::Text { text, marks } => {
            with_marks(view! { <span>{text}</span> }.into_any(), &marks)
        }
        // The server refuses any other address; checked again here, as a page must never
        // trust what it renders.
        Inline::Link { href, text, marks } if is_allowed_link(&href) => {
            let text = with_marks(view! { <span>{text}</span> }.into_any(), &marks);
            view! { <a href=href target="_blank" rel="noopener noreferrer nofollow">{text}</a> }
                .into_any()
        }
        Inline::Link { text, marks, .. } => {
            with_marks(view! { <span>{text}</span> }.into_any(), &marks)
        }
    }
}

fn with_marks(inner: AnyView, marks: &[Mark]) -> AnyView {
    marks.iter().rev().fold(inner, |inner, mark| match mark {
        Mark::Bold => view! { <strong>{inner}</strong> }.into_any(),
        Mark::Italic => view! { <em>{inner}</em> }.into_any(),
        Mark::Underline => view! { <u>{inner}</u> }.into_any(),
        Mark::Strikethrough => view! { <s>{inner}</s> }.into_any(),
        Mark::Code => view! { <code>{inner}</code> }.into_any(),
    })
}
