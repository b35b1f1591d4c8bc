//! How long to wait before trying again: the outbox's sends, the uploads and the event
//! stream's reconnections; and the timer that looks again when the wait is over.

use leptos::prelude::*;

/// First wait before a retry, in milliseconds; it doubles with each attempt.
const FIRST_RETRY_MS: f64 = 1_000.0;
/// Longest wait between attempts.
const LONGEST_RETRY_MS: f64 = 30_000.0;

/// How long to wait after `attempts` failed attempts: 1 s, 2 s, 4 s… at most 30 s, spread
/// by ±50 % with `jitter` (0 to 1), so that many clients cut at once do not all come back
/// at once.
pub fn backoff(attempts: u32, jitter: f64) -> i64 {
    let base = (FIRST_RETRY_MS * 2f64.powi(attempts.saturating_sub(1).min(16) as i32))
        .min(LONGEST_RETRY_MS);
    (base * (0.5 + jitter.clamp(0.0, 1.0))) as i64
}

/// One timer that calls back at a given time; setting it again replaces the time before.
#[derive(Clone, Copy)]
pub struct Wake(StoredValue<Option<TimeoutHandle>>);

impl Default for Wake {
    fn default() -> Self {
        Self(StoredValue::new(None))
    }
}

impl Wake {
    /// Calls `then` at `at` (ms since the epoch; at once if that is past).
    pub fn at(&self, at: i64, then: impl FnOnce() + 'static) {
        if let Some(Some(handle)) = self.0.try_update_value(Option::take) {
            handle.clear();
        }
        let delay = std::time::Duration::from_millis((at - crate::format::now().0).max(0) as u64);
        self.0.set_value(set_timeout_with_handle(then, delay).ok());
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn backoff_doubles_up_to_thirty_seconds_spread_by_jitter() {
        assert_eq!(backoff(1, 0.5), 1_000);
        assert_eq!(backoff(2, 0.5), 2_000);
        assert_eq!(backoff(3, 0.5), 4_000);
        assert_eq!(backoff(10, 0.5), 30_000);
        assert_eq!(backoff(1, 0.0), 500);
        assert_eq!(backoff(1, 1.0), 1_500);
    }
}
