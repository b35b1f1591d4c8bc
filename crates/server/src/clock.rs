//! The server's clock: every timestamp and every time limit (the 5-minute edit window) reads
//! it, so tests can substitute a clock they control.

use std::time::{SystemTime, UNIX_EPOCH};

use parlons_api::Timestamp;

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// Now, by this clock.
    fn now(&self) -> Timestamp;
}

/// The operating system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let millis = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
        Timestamp(i64::try_from(millis).unwrap_or(i64::MAX))
    }
}

/// A clock that moves only when told: for tests of time limits (the 5-minute edit window)
/// and for simulations.
#[derive(Debug, Default)]
pub struct ManualClock {
    now_ms: std::sync::atomic::AtomicI64,
}

impl ManualClock {
    /// A clock showing `now`.
    pub fn new(now: Timestamp) -> Self {
        Self { now_ms: std::sync::atomic::AtomicI64::new(now.0) }
    }

    /// The time it shows, in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        self.now_ms.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Moves the clock forward by `ms` milliseconds.
    pub fn advance(&self, ms: i64) {
        self.now_ms.fetch_add(ms, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.now_ms.load(std::sync::atomic::Ordering::SeqCst))
    }
}
