//! The messages of the open conversation.

use leptos::prelude::*;
use parlons_api::{Message, MessageId, Timestamp, UserId};
use wasm_bindgen::JsCast;

use super::message_row::MessageRow;
use super::message_window::{Do, EdgeStep, Jump, MessageWindow, look_at_edges};
use crate::format::{day_label, now, same_day};
use crate::i18n::{Key, tr, use_i18n};

/// Messages by the same author within this many milliseconds are shown as one block.
const CONTINUATION_MS: i64 = 5 * 60 * 1000;

/// Whether `message` continues the block of `previous` (same author, shortly after).
pub fn continues(previous: Option<&Message>, message: &Message) -> bool {
    previous.is_some_and(|p| {
        p.author.id == message.author.id && message.created_at.0 - p.created_at.0 < CONTINUATION_MS
    })
}

pub use super::message_window::WINDOW;

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    message: Message,
    /// Continues the block above (same author, shortly after).
    continued: bool,
    /// First of its day on screen: the day separator goes above it.
    new_day: bool,
    /// The first message the reader had not seen: the "new messages" line goes above it.
    first_new: bool,
    /// The message the reader came to see (a search result): highlighted.
    focused: bool,
}

/// The message list, oldest at the top. It renders a window of at most [`WINDOW`] messages,
/// moves it as the reader scrolls (asking for older pages at the top, and newer ones at the
/// bottom when the loaded messages stop short of the newest), keeps the message under the
/// reader's eyes in place when rows come and go, follows new messages only while the reader
/// is at the bottom, and brings a focused message (a search result) into view, highlighted.
#[component]
pub fn MessageList(
    /// The loaded messages, oldest first.
    #[prop(into)]
    messages: Signal<Vec<Message>>,
    /// Whether older messages remain on the server.
    #[prop(into)]
    has_older: Signal<bool>,
    /// Asks for the next older page.
    on_load_older: Callback<()>,
    /// Whether the loaded messages stop short of the newest.
    #[prop(into, default = Signal::stored(false))]
    has_newer: Signal<bool>,
    /// Asks for the next newer page.
    #[prop(optional)]
    on_load_newer: Option<Callback<()>>,
    /// Asks for the newest messages again ("Jump to latest" while they are not loaded).
    #[prop(optional)]
    on_show_latest: Option<Callback<()>>,
    /// The message to bring into view and highlight.
    #[prop(into, default = Signal::stored(None))]
    focus: Signal<Option<MessageId>>,
    /// The reader.
    me: UserId,
    /// The newest message the reader had seen when opening: a line marks what came after.
    #[prop(default = None)]
    new_after: Option<MessageId>,
) -> impl IntoView {
    let window = RwSignal::new(MessageWindow::open(focus.get_untracked()));
    let range = Memo::new(move |_| messages.with(|all| window.with(|w| w.range(all))));
    let following = Memo::new(move |_| window.with(MessageWindow::following));
    let rows = Memo::new(move |_| {
        let (start, end) = range.get();
        messages.with(|all| {
            (start..end)
                .map(|i| {
                    let previous = i.checked_sub(1).and_then(|p| all.get(p)).filter(|_| i > start);
                    let message = &all[i];
                    Row {
                        message: message.clone(),
                        continued: continues(previous, message)
                            && previous.is_some_and(|p| same_day(p.created_at, message.created_at)),
                        new_day: previous
                            .is_none_or(|p| !same_day(p.created_at, message.created_at)),
                        first_new: new_after.is_some_and(|after| {
                            message.id > after
                                && i.checked_sub(1)
                                    .and_then(|p| all.get(p))
                                    .is_none_or(|p| p.id <= after)
                        }),
                        focused: focus.get() == Some(message.id),
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let list = NodeRef::<leptos::html::Div>::new();

    // Where the list put its own scroll position when it moved the window: the scroll event
    // that follows is not the reader's, and must not move the window back.
    let own_scroll = StoredValue::new(None::<i32>);
    // Whether a look at the edges is due at the next frame.
    let scheduled = StoredValue::new(false);
    // Hands a transition to the window and carries out what it answers in the DOM. Looking
    // at the edges is itself a transition, hence the carrying out refers back to it.
    let carry_out = StoredValue::new(None::<Callback<Do>>);
    let transition = move |change: &dyn Fn(&mut MessageWindow, &[Message]) -> Do| {
        let todo = messages.with_untracked(|all| window.try_update(|w| change(w, all)));
        if let (Some(todo), Some(Some(carry_out))) = (todo, carry_out.try_get_value()) {
            carry_out.run(todo);
        }
    };
    let look_at_edges_now = move || {
        let Some(list) = list.try_get_untracked().flatten() else { return };
        // Hidden (under the search panel), the list has no size and no scroll position to go by.
        if list.client_height() == 0 {
            return;
        }
        let above = list.scroll_top();
        let below = list.scroll_height() - above - list.client_height();
        let (older, newer) = (has_older.get_untracked(), has_newer.get_untracked());
        let look = messages.with_untracked(|all| {
            window.with_untracked(|w| look_at_edges(w.edges(all, (above, below), older, newer)))
        });
        // What the reader sees before the window moves, to keep it in place after.
        let anchor = matches!(look.1, EdgeStep::MoveTo(_)).then(|| visible_anchor(&list)).flatten();
        transition(&|w, all| w.step(all, look));
        if let Some((id, offset)) = anchor {
            request_animation_frame(move || {
                if let Some(row) = row_element(&list, id) {
                    let now = row_offset(&list, &row);
                    list.set_scroll_top(list.scroll_top() + (now - offset).round() as i32);
                    own_scroll.set_value(Some(list.scroll_top()));
                }
            });
        }
    };
    // Looks at the edges at the next frame, once however many reasons came up meanwhile
    // (scrolling, pages arriving): two looks at a DOM that has not caught up would move the
    // window twice.
    let look_at_edges_soon = move || {
        if scheduled.get_value() {
            return;
        }
        scheduled.set_value(true);
        request_animation_frame(move || {
            if scheduled.try_get_value() == Some(true) {
                scheduled.set_value(false);
                look_at_edges_now();
            }
        });
    };
    let scroll_to_bottom = move || {
        request_animation_frame(move || {
            if let Some(list) = list.try_get_untracked().flatten() {
                list.set_scroll_top(list.scroll_height());
            }
        });
    };
    let center = move |target: MessageId| {
        request_animation_frame(move || {
            if let Some(list) = list.try_get_untracked().flatten()
                && let Some(row) = row_element(&list, target)
            {
                let middle =
                    (list.client_height() as f64 - row.get_bounding_client_rect().height()) / 2.0;
                let offset = row_offset(&list, &row) - middle;
                list.set_scroll_top(list.scroll_top() + offset.round() as i32);
            }
            // A short conversation may show everything down to the newest: follow it then.
            look_at_edges_now();
        });
    };
    carry_out.set_value(Some(Callback::new(move |todo: Do| {
        // The window moved: any look at the edges still due is stale.
        if matches!(todo, Do::KeepInPlace | Do::ScrollToBottom | Do::Center(_)) {
            scheduled.set_value(false);
        }
        match todo {
            Do::Nothing | Do::KeepInPlace => {}
            Do::LoadOlder => on_load_older.run(()),
            Do::LoadNewer => {
                if let Some(load) = on_load_newer {
                    load.run(());
                }
            }
            Do::LookAtEdges => look_at_edges_soon(),
            Do::ScrollToBottom => scroll_to_bottom(),
            Do::Center(target) => center(target),
        }
    })));
    let on_scroll = move |_| {
        let own = own_scroll.try_update_value(Option::take).flatten();
        let at = list.try_get_untracked().flatten().map(|list| list.scroll_top());
        if own.is_none() || own != at {
            look_at_edges_soon();
        }
    };
    let jump = move || {
        scheduled.set_value(false);
        let Some(jump) =
            window.try_update(|w| w.jump(on_show_latest.is_some(), has_newer.get_untracked()))
        else {
            return;
        };
        match (jump, on_show_latest) {
            // The newest messages come: the list follows them to the bottom.
            (Jump::LoadNewest, Some(show)) => show.run(()),
            (Jump::ReloadAndBottom, Some(show)) => {
                show.run(());
                scroll_to_bottom();
            }
            _ => scroll_to_bottom(),
        }
    };
    Effect::new(move |_| {
        messages.track();
        transition(&MessageWindow::messages_changed);
    });
    Effect::new(move |_| {
        let target = focus.get();
        transition(&|w, all| w.focus(target, all));
    });
    // What shows around the rows; memos, so that scrolling rebuilds none of it.
    let at_oldest = Memo::new(move |_| has_older.get() && range.get().0 == 0);
    let empty = Memo::new(move |_| rows.with(Vec::is_empty));
    let away_from_newest = Memo::new(move |_| {
        !following.get() || range.get().1 < messages.with(Vec::len) || has_newer.get()
    });
    view! {
        <div class="message-list-frame">
            <div class="message-list" node_ref=list role="log" aria-label=tr(Key::Messages) on:scroll=on_scroll>
                <Show when=move || at_oldest.get()>
                    <button class="load-older" on:click=move |_| on_load_older.run(())>
                        {tr(Key::LoadOlder)}
                    </button>
                </Show>
                <Show when=move || empty.get()>
                    <p class="empty-conversation">{tr(Key::NoMessagesYet)}</p>
                </Show>
                <For
                    each=move || rows.get()
                    key=|row| {
                        let m = &row.message;
                        (m.id, row.continued, row.new_day, row.first_new, row.focused, m.edited_at, m.deleted.is_some(), m.reply_count)
                    }
                    children=move |row| {
                        let day = row.new_day.then_some(row.message.created_at);
                        let first_new = row.first_new;
                        view! {
                            {day.map(|day| view! { <DaySeparator day=day /> })}
                            {first_new.then(|| view! { <div class="new-divider" role="separator"><span>{tr(Key::NewMessages)}</span></div> })}
                            <MessageRow message=row.message continued=row.continued me=me focused=row.focused />
                        }
                    }
                />
            </div>
            <Show when=move || away_from_newest.get()>
                <button class="jump-latest" on:click=move |_| jump()>{tr(Key::JumpToLatest)} " ↓"</button>
            </Show>
        </div>
    }
}

/// The row of a message, if on screen.
fn row_element(list: &web_sys::HtmlDivElement, id: MessageId) -> Option<web_sys::Element> {
    list.query_selector(&format!("[data-message-id=\"{id}\"]")).ok()?
}

/// Where a row stands from the list's visible top edge, in pixels.
fn row_offset(list: &web_sys::HtmlDivElement, row: &web_sys::Element) -> f64 {
    row.get_bounding_client_rect().top() - list.get_bounding_client_rect().top()
}

/// The first message row visible at the top of the list, and where it stands: what must not
/// move when rows are added or removed.
fn visible_anchor(list: &web_sys::HtmlDivElement) -> Option<(MessageId, f64)> {
    let rows = list.query_selector_all("[data-message-id]").ok()?;
    (0..rows.length())
        .filter_map(|i| rows.item(i)?.dyn_into::<web_sys::Element>().ok())
        .find(|row| row_offset(list, row) + row.get_bounding_client_rect().height() > 0.0)
        .and_then(|row| {
            let id = row.get_attribute("data-message-id")?.parse().ok()?;
            Some((MessageId(id), row_offset(list, &row)))
        })
}

/// The line between two days.
#[component]
fn DaySeparator(
    /// An instant of that day.
    day: Timestamp,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="day-separator" role="separator">
            <span>{move || day_label(day, now(), &i18n)}</span>
        </div>
    }
}
