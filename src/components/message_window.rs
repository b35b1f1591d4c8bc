//! The message list's window as plain logic: which messages are on screen, what looking at
//! the list's edges decides, what the list does when its messages change (a live message, a
//! page landing, a resync), where a focused message puts the window, and what "Jump to
//! latest" does. [`MessageWindow`] holds the state; the list component (`message_list.rs`)
//! measures the DOM, hands each event to it, and carries out the [`Do`] it answers
//! (scrolling, asking for pages).

use parlons_api::{Message, MessageId};

/// Most message rows in the DOM at once: a conversation of any length renders a window of
/// its messages, moved as the reader scrolls.
pub const WINDOW: usize = 80;
/// How far the window moves at a time.
pub const STEP: usize = 40;
/// How close to an edge of the list (in pixels) the window starts moving.
pub const EDGE: i32 = 400;
/// How close to the bottom (in pixels) the reader counts as being at the bottom.
const AT_BOTTOM: i32 = 40;

/// The messages `[start, end)` on screen, given how many are loaded and where the window
/// starts (`None`: the newest ones).
pub fn window(len: usize, start: Option<usize>) -> (usize, usize) {
    let last_start = len.saturating_sub(WINDOW);
    let start = start.unwrap_or(last_start).min(last_start);
    (start, (start + WINDOW).min(len))
}

/// What the list sees when it looks at its edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edges {
    /// Pixels scrolled above the visible part.
    pub above: i32,
    /// Pixels below the visible part.
    pub below: i32,
    /// The window on screen, `[start, end)` of the loaded messages.
    pub range: (usize, usize),
    /// How many messages are loaded.
    pub len: usize,
    /// Whether older messages remain on the server.
    pub has_older: bool,
    /// Whether the loaded messages stop short of the newest.
    pub has_newer: bool,
    /// Whether the window sits on the newest messages (no first message held).
    pub at_newest: bool,
}

/// What to do after looking at the edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeStep {
    /// Nothing.
    Stay,
    /// Move the window to start at this loaded message, keeping what the reader sees in place.
    MoveTo(usize),
    /// Ask for the next older page (the window is at the oldest loaded message).
    LoadOlder,
    /// Ask for the next newer page; `hold` first: the window holds its first message (the
    /// one at `range.0`) while the page lands below it.
    LoadNewer {
        /// Whether the window must start holding its first message now.
        hold: bool,
    },
    /// Snap the window to the newest messages.
    SnapToNewest,
}

/// Looks at the edges: whether the reader is at the bottom (so new messages scroll into
/// view), and how the window moves.
pub fn look_at_edges(edges: Edges) -> (bool, EdgeStep) {
    let following = edges.below < AT_BOTTOM && !edges.has_newer;
    let (start, end) = edges.range;
    let step = if edges.above < EDGE && start > 0 {
        EdgeStep::MoveTo(start.saturating_sub(STEP))
    } else if edges.above < EDGE && start == 0 && edges.has_older {
        EdgeStep::LoadOlder
    } else if edges.below < EDGE && end == edges.len && edges.has_newer {
        EdgeStep::LoadNewer { hold: edges.at_newest }
    } else if edges.below < EDGE && end < edges.len {
        // Near the newest, the window snaps to them; while newer pages remain to load it
        // moves like elsewhere, so that the reader can scroll on and ask for them.
        if end + STEP >= edges.len && !edges.has_newer {
            EdgeStep::SnapToNewest
        } else {
            EdgeStep::MoveTo((start + STEP).min(edges.len.saturating_sub(WINDOW)))
        }
    } else {
        EdgeStep::Stay
    };
    (following, step)
}

/// Where the window starts to show a focused message: with it in its middle.
pub fn focus_start(index: usize) -> usize {
    index.saturating_sub(WINDOW / 2)
}

/// What "Jump to latest" does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jump {
    /// Ask for the newest messages; the list follows them to the bottom when they come.
    LoadNewest,
    /// Ask for the newest messages again and go to the bottom now.
    ReloadAndBottom,
    /// Go to the bottom.
    Bottom,
}

/// "Jump to latest": `can_show` when the list can ask for the newest messages again.
pub fn jump_to_latest(can_show: bool, has_newer: bool) -> Jump {
    match (can_show, has_newer) {
        (true, true) => Jump::LoadNewest,
        (true, false) => Jump::ReloadAndBottom,
        (false, _) => Jump::Bottom,
    }
}

/// What the list does in the DOM after a transition of [`MessageWindow`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Do {
    /// Nothing.
    Nothing,
    /// Keep the row the reader was looking at where it was on screen (the window moved).
    KeepInPlace,
    /// Ask for the next older page.
    LoadOlder,
    /// Ask for the next newer page.
    LoadNewer,
    /// Look at the edges again once the DOM has caught up.
    LookAtEdges,
    /// Scroll to the bottom once the rows are there.
    ScrollToBottom,
    /// Scroll this message to the middle of the list, then look at the edges.
    Center(MessageId),
}

/// The list's state: where its window stands, whether it follows new messages, and the
/// focused message it still has to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageWindow {
    /// The first message on screen; `None` while the window sits on the newest messages.
    first: Option<MessageId>,
    /// Whether the reader is at the bottom, so new messages scroll into view.
    following: bool,
    /// A message the reader was sent to, shown once it is loaded.
    focus: Option<MessageId>,
    /// The oldest and newest loaded messages when the list last heard of them.
    ends: Option<(MessageId, MessageId)>,
}

impl MessageWindow {
    /// A list opened at its newest messages, or at `focus` (a search result).
    pub fn open(focus: Option<MessageId>) -> Self {
        Self { first: None, following: focus.is_none(), focus, ends: None }
    }

    /// Whether the reader is at the bottom, following new messages.
    pub fn following(&self) -> bool {
        self.following
    }

    /// The messages `[start, end)` on screen.
    pub fn range(&self, messages: &[Message]) -> (usize, usize) {
        window(messages.len(), self.first.and_then(|id| index_of(messages, id)))
    }

    /// What the list sees at its edges, `above` and `below` its visible part (pixels).
    pub fn edges(
        &self,
        messages: &[Message],
        (above, below): (i32, i32),
        has_older: bool,
        has_newer: bool,
    ) -> Edges {
        let (range, len, at_newest) = (self.range(messages), messages.len(), self.first.is_none());
        Edges { above, below, range, len, has_older, has_newer, at_newest }
    }

    /// Carries out what looking at the edges decided ([`look_at_edges`]). The list notes
    /// which row the reader sees before a [`EdgeStep::MoveTo`], to keep it in place after.
    pub fn step(&mut self, messages: &[Message], (following, step): (bool, EdgeStep)) -> Do {
        self.following = following;
        match step {
            EdgeStep::Stay => Do::Nothing,
            EdgeStep::MoveTo(start) => {
                self.first = messages.get(start).map(|m| m.id);
                Do::KeepInPlace
            }
            EdgeStep::LoadOlder => Do::LoadOlder,
            EdgeStep::LoadNewer { hold } => {
                // The window holds its first message while the newer page lands below it.
                if hold {
                    self.first = messages.get(self.range(messages).0).map(|m| m.id);
                }
                Do::LoadNewer
            }
            EdgeStep::SnapToNewest => {
                self.first = None;
                Do::Nothing
            }
        }
    }

    /// The loaded messages changed. A focused message that arrived is shown. New messages at
    /// the bottom are followed if the reader was at the bottom; otherwise the list looks at
    /// its edges, so that a newer page landing below lets the window move on into it. An
    /// older page at the top changes nothing on screen (the window holds its first message),
    /// then the window moves up with the reader. Messages replaced without the window's
    /// first one (a resync, the newest page asked again) put the window back on the newest
    /// messages, at the bottom.
    pub fn messages_changed(&mut self, messages: &[Message]) -> Do {
        let ends = messages.first().zip(messages.last()).map(|(old, new)| (old.id, new.id));
        let before = std::mem::replace(&mut self.ends, ends);
        let window_gone = self.first.is_some_and(|id| index_of(messages, id).is_none());
        if window_gone {
            self.first = None;
            self.following = true;
        }
        if let Some(center) = self.show_focus(messages) {
            return center;
        }
        let newest_changed = before.map(|(_, new)| new) != ends.map(|(_, new)| new);
        let oldest_changed = before.zip(ends).is_some_and(|((old, _), (now, _))| old != now);
        match (newest_changed || window_gone, oldest_changed) {
            (true, _) if self.following => {
                self.first = None;
                Do::ScrollToBottom
            }
            (true, _) | (false, true) => Do::LookAtEdges,
            (false, false) => Do::Nothing,
        }
    }

    /// The reader is sent to a message (again, maybe: a search result clicked twice shows it
    /// again), shown as soon as it is loaded.
    pub fn focus(&mut self, target: Option<MessageId>, messages: &[Message]) -> Do {
        self.focus = target;
        self.show_focus(messages).unwrap_or(Do::Nothing)
    }

    /// The focused message, if it is loaded: the window moves to have it in its middle.
    fn show_focus(&mut self, messages: &[Message]) -> Option<Do> {
        let target = self.focus?;
        let index = index_of(messages, target)?;
        self.focus = None;
        self.following = false;
        self.first = messages.get(focus_start(index)).map(|m| m.id);
        Some(Do::Center(target))
    }

    /// "Jump to latest" (see [`jump_to_latest`]): the window goes to the newest messages and
    /// follows them.
    pub fn jump(&mut self, can_show: bool, has_newer: bool) -> Jump {
        self.first = None;
        self.following = true;
        jump_to_latest(can_show, has_newer)
    }
}

/// Where a message is among the loaded ones (they are in the order of their ids).
fn index_of(messages: &[Message], id: MessageId) -> Option<usize> {
    messages.binary_search_by_key(&id, |m| m.id).ok()
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::fixtures::messages;

    /// A long conversation, all loaded, the window at the newest, reader at the bottom.
    fn at_bottom() -> Edges {
        Edges {
            above: 5_000,
            below: 0,
            range: (120, 200),
            len: 200,
            has_older: false,
            has_newer: false,
            at_newest: true,
        }
    }

    #[wasm_bindgen_test]
    fn the_window_is_the_newest_messages_unless_placed() {
        assert_eq!(window(30, None), (0, 30));
        assert_eq!(window(200, None), (120, 200));
        assert_eq!(window(200, Some(10)), (10, 90));
        assert_eq!(window(200, Some(190)), (120, 200), "never past the newest");
    }

    #[wasm_bindgen_test]
    fn at_the_bottom_the_reader_follows_new_messages_and_nothing_moves() {
        assert_eq!(look_at_edges(at_bottom()), (true, EdgeStep::Stay));
        let away = Edges { below: 300, ..at_bottom() };
        assert_eq!(look_at_edges(away), (false, EdgeStep::Stay));
        let newer_to_load = Edges { has_newer: true, below: 0, ..at_bottom() };
        assert!(!look_at_edges(newer_to_load).0, "not following while newer pages remain");
    }

    #[wasm_bindgen_test]
    fn near_the_top_the_window_moves_up_then_older_pages_are_asked() {
        let top = Edges { above: 100, below: 3_000, ..at_bottom() };
        assert_eq!(look_at_edges(top).1, EdgeStep::MoveTo(80));
        let oldest_loaded = Edges { range: (0, 80), has_older: true, ..top };
        assert_eq!(look_at_edges(oldest_loaded).1, EdgeStep::LoadOlder);
        let nothing_older = Edges { has_older: false, ..oldest_loaded };
        assert_eq!(look_at_edges(nothing_older).1, EdgeStep::Stay);
    }

    #[wasm_bindgen_test]
    fn near_the_bottom_the_window_moves_down_snaps_to_the_newest_or_asks_newer_pages() {
        let middle =
            Edges { above: 4_000, below: 100, range: (40, 120), at_newest: false, ..at_bottom() };
        assert_eq!(look_at_edges(middle).1, EdgeStep::MoveTo(80));
        let near_newest = Edges { range: (100, 180), ..middle };
        assert_eq!(look_at_edges(near_newest).1, EdgeStep::SnapToNewest);
        // Opened at an old message: the loaded messages stop short of the newest.
        let short = Edges { range: (0, 60), len: 60, has_newer: true, ..middle };
        assert_eq!(look_at_edges(short).1, EdgeStep::LoadNewer { hold: false });
        let short_at_newest = Edges { at_newest: true, ..short };
        assert_eq!(look_at_edges(short_at_newest).1, EdgeStep::LoadNewer { hold: true });
        // More newer pages to come: the window moves like elsewhere, no snapping.
        let more = Edges { range: (100, 180), has_newer: true, ..middle };
        assert_eq!(look_at_edges(more).1, EdgeStep::MoveTo(120));
    }

    #[wasm_bindgen_test]
    fn a_focused_message_sits_in_the_middle_of_the_window() {
        assert_eq!(focus_start(100), 60);
        assert_eq!(focus_start(10), 0);
    }

    #[wasm_bindgen_test]
    fn jump_to_latest_loads_the_newest_when_they_are_not_loaded() {
        assert_eq!(jump_to_latest(true, true), Jump::LoadNewest);
        assert_eq!(jump_to_latest(true, false), Jump::ReloadAndBottom);
        assert_eq!(jump_to_latest(false, true), Jump::Bottom);
        assert_eq!(jump_to_latest(false, false), Jump::Bottom);
    }

    /// Scrolled `above` pixels from the top and `below` from the bottom.
    fn scrolled(
        window: &mut MessageWindow,
        all: &[Message],
        at: (i32, i32),
        has_older: bool,
        has_newer: bool,
    ) -> Do {
        let edges = window.edges(all, at, has_older, has_newer);
        window.step(all, look_at_edges(edges))
    }

    fn first_on_screen(window: &MessageWindow, all: &[Message]) -> i64 {
        all[window.range(all).0].id.0
    }

    #[wasm_bindgen_test]
    fn opened_at_the_newest_it_goes_to_the_bottom_and_follows_live_messages() {
        let mut window = MessageWindow::open(None);
        assert_eq!(window.messages_changed(&[]), Do::Nothing, "nothing yet");
        let mut all = messages(1..=100);
        assert_eq!(window.messages_changed(&all), Do::ScrollToBottom);
        assert_eq!(window.range(&all), (20, 100));
        all.push(crate::fixtures::message(101, 1, parlons_api::UserId(2), 101_000));
        assert_eq!(window.messages_changed(&all), Do::ScrollToBottom, "a live message followed");
        assert_eq!(window.range(&all), (21, 101));
        assert!(window.following());
        // An edit changes no end of the list: nothing moves.
        assert_eq!(window.messages_changed(&all), Do::Nothing);
    }

    #[wasm_bindgen_test]
    fn a_live_message_while_the_reader_is_away_from_the_bottom_is_not_scrolled_to() {
        let mut window = MessageWindow::open(None);
        let mut all = messages(1..=100);
        window.messages_changed(&all);
        assert_eq!(scrolled(&mut window, &all, (1_500, 900), false, false), Do::Nothing);
        assert!(!window.following());
        all.push(crate::fixtures::message(101, 1, parlons_api::UserId(2), 101_000));
        assert_eq!(window.messages_changed(&all), Do::LookAtEdges);
        assert!(!window.following(), "the reader stays where they read");
    }

    #[wasm_bindgen_test]
    fn scrolling_up_moves_the_window_then_asks_older_pages_that_land_under_it() {
        let mut window = MessageWindow::open(None);
        let mut all = messages(101..=200);
        window.messages_changed(&all);
        assert_eq!(scrolled(&mut window, &all, (100, 4_000), true, false), Do::KeepInPlace);
        assert_eq!(window.range(&all), (0, 80));
        assert_eq!(scrolled(&mut window, &all, (100, 4_000), true, false), Do::LoadOlder);
        // The older page lands at the top: the window holds its first message.
        all.splice(0..0, messages(51..=100));
        assert_eq!(window.messages_changed(&all), Do::LookAtEdges);
        assert_eq!(first_on_screen(&window, &all), 101);
        assert_eq!(scrolled(&mut window, &all, (100, 4_000), true, false), Do::KeepInPlace);
        assert_eq!(first_on_screen(&window, &all), 61);
    }

    #[wasm_bindgen_test]
    fn opened_at_a_message_it_shows_it_once_loaded_then_asks_newer_pages_and_moves_into_them() {
        let mut window = MessageWindow::open(Some(MessageId(150)));
        assert!(!window.following());
        assert_eq!(window.messages_changed(&messages(1..=10)), Do::LookAtEdges, "not yet there");
        let mut all = messages(101..=200);
        assert_eq!(window.messages_changed(&all), Do::Center(MessageId(150)));
        assert_eq!(window.range(&all), (9, 89), "the message in the middle of the window");
        // The same search result again: shown again.
        assert_eq!(window.focus(Some(MessageId(150)), &all), Do::Center(MessageId(150)));
        // At the bottom of what is loaded, newer messages remain on the server.
        assert_eq!(scrolled(&mut window, &all, (3_000, 100), false, true), Do::KeepInPlace);
        assert_eq!(window.range(&all), (20, 100));
        assert_eq!(scrolled(&mut window, &all, (3_000, 100), false, true), Do::LoadNewer);
        assert!(!window.following(), "not following while newer pages remain");
        all.extend(messages(201..=250));
        assert_eq!(window.messages_changed(&all), Do::LookAtEdges);
        assert_eq!(first_on_screen(&window, &all), 121, "the window stays on what was read");
        // The last page: the window moves on, and near its end snaps to the newest.
        assert_eq!(scrolled(&mut window, &all, (3_000, 100), false, false), Do::KeepInPlace);
        assert_eq!(window.range(&all), (60, 140));
        assert_eq!(scrolled(&mut window, &all, (3_000, 100), false, false), Do::Nothing);
        assert_eq!(window.range(&all), (70, 150));
    }

    #[wasm_bindgen_test]
    fn a_newer_page_asked_from_the_newest_window_lands_below_its_first_message() {
        let mut window = MessageWindow::open(None);
        let mut all = messages(1..=60);
        window.messages_changed(&all);
        assert_eq!(scrolled(&mut window, &all, (2_000, 100), false, true), Do::LoadNewer);
        all.extend(messages(61..=160));
        window.messages_changed(&all);
        assert_eq!(first_on_screen(&window, &all), 1, "held, not jumped to the newest");
    }

    #[wasm_bindgen_test]
    fn jump_to_latest_goes_to_the_newest_and_follows_them_when_they_come() {
        let mut window = MessageWindow::open(Some(MessageId(20)));
        let all = messages(1..=100);
        window.messages_changed(&all);
        assert_eq!(window.jump(true, true), Jump::LoadNewest);
        assert!(window.following());
        assert_eq!(window.range(&all), (20, 100));
        assert_eq!(window.messages_changed(&messages(900..=1_000)), Do::ScrollToBottom);
        let mut window = MessageWindow::open(Some(MessageId(20)));
        window.messages_changed(&all);
        assert_eq!(window.jump(false, false), Jump::Bottom);
        assert_eq!(window.range(&all), (20, 100));
    }

    #[wasm_bindgen_test]
    fn a_resync_that_replaces_the_messages_read_puts_the_window_on_the_newest() {
        let mut window = MessageWindow::open(Some(MessageId(50)));
        window.messages_changed(&messages(1..=100));
        assert_eq!(window.messages_changed(&messages(500..=549)), Do::ScrollToBottom);
        assert!(window.following());
        assert_eq!(window.range(&messages(500..=549)), (0, 50));
        // Replaced by messages that still hold the window's first one: it stays.
        let mut window = MessageWindow::open(Some(MessageId(90)));
        window.messages_changed(&messages(1..=100));
        assert_eq!(window.messages_changed(&messages(40..=200)), Do::LookAtEdges);
        assert!(!window.following());
        assert_eq!(first_on_screen(&window, &messages(40..=200)), 50);
    }
}
