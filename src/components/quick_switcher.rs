//! Ctrl/Cmd+K: type a few letters of a conversation's name, Enter to open it.

use leptos::prelude::*;
use parlons_api::{ConversationId, ConversationSummary, UserId};

use crate::format::{conversation_title, folded};
use crate::i18n::{Key, tr, use_i18n};

/// Most conversations the switcher lists at once.
const MAX_SHOWN: usize = 8;

/// The conversations whose title or project matches `query`, newest activity first.
pub fn matches(
    all: &[ConversationSummary],
    query: &str,
    me: UserId,
    lang: crate::i18n::Lang,
) -> Vec<(ConversationId, String)> {
    let query = folded(query.trim());
    all.iter()
        .map(|c| (c, conversation_title(c, me, lang)))
        .filter(|(c, title)| {
            query.is_empty()
                || folded(title).contains(&query)
                || c.project.as_ref().is_some_and(|p| folded(&p.name).contains(&query))
        })
        .take(MAX_SHOWN)
        .map(|(c, title)| (c.id, title))
        .collect()
}

/// The quick switcher dialog.
#[component]
pub fn QuickSwitcher(
    /// The conversations, newest activity first.
    #[prop(into)]
    conversations: Signal<Vec<ConversationSummary>>,
    /// The reader.
    me: UserId,
    /// Called with the chosen conversation.
    on_choose: Callback<ConversationId>,
    /// Called when the dialog closes without a choice.
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let highlighted = RwSignal::new(0_usize);
    let found = Memo::new(move |_| {
        conversations.with(|all| query.with(|q| matches(all, q, me, i18n.lang())))
    });
    let input = NodeRef::<leptos::html::Input>::new();
    // Focused once in the page: a view loaded with its module is built before it is shown.
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            request_animation_frame(move || {
                let _ = input.focus();
            });
        }
    });
    let choose = move |index: usize| {
        if let Some((id, _)) = found.with_untracked(|f| f.get(index).cloned()) {
            on_choose.run(id);
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = found.with_untracked(Vec::len);
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                on_close.run(());
            }
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                highlighted.update(|h| *h = (*h + 1) % count);
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                highlighted.update(|h| *h = (*h + count - 1) % count);
            }
            "Enter" => {
                ev.prevent_default();
                choose(highlighted.get_untracked());
            }
            _ => {}
        }
    };
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close.run(())>
            <div class="quick-switcher" role="dialog" aria-modal="true" aria-label=tr(Key::JumpTo) on:click=|ev| ev.stop_propagation()>
                <input
                    node_ref=input
                    class="quick-input"
                    type="text"
                    role="combobox"
                    aria-expanded="true"
                    aria-controls="quick-results"
                    aria-label=tr(Key::JumpTo)
                    placeholder=tr(Key::JumpTo)
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        query.set(event_target_value(&ev));
                        highlighted.set(0);
                    }
                    on:keydown=on_keydown
                />
                <ul id="quick-results" class="quick-results" role="listbox">
                    {move || {
                        found
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(index, (_, title))| {
                                view! {
                                    <li
                                        role="option"
                                        class="quick-result"
                                        class:highlighted=move || highlighted.get() == index
                                        aria-selected=move || (highlighted.get() == index).to_string()
                                        on:click=move |_| choose(index)
                                    >
                                        {title}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <Show when=move || found.with(Vec::is_empty)>
                    <p class="quick-empty">{tr(Key::NoMatch)}</p>
                </Show>
            </div>
        </div>
    }
}
