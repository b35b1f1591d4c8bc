//! The message list's window as plain logic: which messages are on screen, what looking at
//! the list's edges decides, where a focused message puts the window, and what "Jump to
//! latest" does. The list component (`message_list.rs`) measures the DOM, asks this, and
//! carries out the answer (moving the scroll position, asking for pages).

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

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

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
}
