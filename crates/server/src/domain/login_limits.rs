//! How often one may try to log in: per account (someone guessing one person's password)
//! and per network address (someone trying many accounts), each a GCRA rate limit
//! (`governor`) on the server's own clock, counted before the password is checked (checking
//! it is the costly part). Past its burst, an account gets one attempt every 30 seconds and
//! an address one every two; the refusal says how long to wait.
//!
//! The address is the connection's peer. Behind a load balancer that is the balancer's, so
//! there only the per-account limit tells people apart (the per-address one is generous).
//! The counts are per instance and forgotten on restart: a brake on guessing, not an audit.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::Clock as GovernorClock;
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::HashMapStateStore;
use governor::{Quota, RateLimiter};

use crate::clock::Clock;

/// Attempts an account may make at once, then one per [`ACCOUNT_PERIOD`].
const ACCOUNT_BURST: u32 = 10;
const ACCOUNT_PERIOD: Duration = Duration::from_secs(30);
/// Attempts an address may make at once, then one per [`ADDRESS_PERIOD`].
const ADDRESS_BURST: u32 = 60;
const ADDRESS_PERIOD: Duration = Duration::from_secs(2);
/// Keys remembered before those back to a full burst are forgotten.
const PRUNE_ABOVE: usize = 10_000;

/// The server's clock, as `governor` reads time.
#[derive(Clone)]
pub struct LimitClock(Arc<dyn Clock>);

impl GovernorClock for LimitClock {
    type Instant = Duration;

    fn now(&self) -> Duration {
        Duration::from_millis(u64::try_from(self.0.now().0).unwrap_or(0))
    }
}

type Limiter<K> = RateLimiter<K, HashMapStateStore<K>, LimitClock, NoOpMiddleware<Duration>>;

/// The login rate limits of this instance; cheap to clone.
#[derive(Clone)]
pub struct LoginLimits {
    accounts: Arc<Limiter<String>>,
    addresses: Arc<Limiter<IpAddr>>,
    clock: LimitClock,
}

fn quota(burst: u32, period: Duration) -> Quota {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(period)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

impl LoginLimits {
    /// Limits measured on `clock`.
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        let clock = LimitClock(clock);
        let accounts = quota(ACCOUNT_BURST, ACCOUNT_PERIOD);
        let addresses = quota(ADDRESS_BURST, ADDRESS_PERIOD);
        Self {
            accounts: Arc::new(RateLimiter::new(accounts, Default::default(), clock.clone())),
            addresses: Arc::new(RateLimiter::new(addresses, Default::default(), clock.clone())),
            clock,
        }
    }

    /// Counts an attempt to log in to `email` from `address`; `Err` with how long to wait
    /// (whole seconds, at least one) if either has tried too often.
    pub fn attempt(&self, email: &str, address: Option<IpAddr>) -> Result<(), u64> {
        let now = self.clock.now();
        let wait = |until: governor::NotUntil<Duration>| {
            let ms = until.wait_time_from(now).as_millis();
            u64::try_from(ms.div_ceil(1000)).unwrap_or(u64::MAX).max(1)
        };
        if let Some(address) = address {
            self.addresses.check_key(&address).map_err(wait)?;
        }
        self.accounts.check_key(&email.trim().to_lowercase()).map_err(wait)?;
        if self.accounts.len() > PRUNE_ABOVE {
            self.accounts.retain_recent();
        }
        if self.addresses.len() > PRUNE_ABOVE {
            self.addresses.retain_recent();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use parlons_api::Timestamp;

    #[test]
    fn an_account_gets_its_burst_then_one_attempt_every_30_seconds() {
        let clock = Arc::new(ManualClock::new(Timestamp(1_000_000)));
        let limits = LoginLimits::new(clock.clone());
        for _ in 0..ACCOUNT_BURST {
            assert_eq!(limits.attempt("Bruno@example.test", None), Ok(()));
        }
        assert_eq!(limits.attempt(" bruno@example.test", None), Err(30), "the same account");
        assert_eq!(limits.attempt("chloe@example.test", None), Ok(()), "another account");
        clock.advance(20_000);
        assert_eq!(limits.attempt("bruno@example.test", None), Err(10));
        clock.advance(10_000);
        assert_eq!(limits.attempt("bruno@example.test", None), Ok(()));
        assert_eq!(limits.attempt("bruno@example.test", None), Err(30));
    }

    #[test]
    fn an_address_trying_many_accounts_is_slowed_down() {
        let clock = Arc::new(ManualClock::new(Timestamp(1_000_000)));
        let limits = LoginLimits::new(clock.clone());
        let address = Some(IpAddr::from([203, 0, 113, 7]));
        for n in 0..ADDRESS_BURST {
            assert_eq!(limits.attempt(&format!("user{n}@example.test"), address), Ok(()));
        }
        assert_eq!(limits.attempt("someone@example.test", address), Err(2));
        let elsewhere = Some(IpAddr::from([198, 51, 100, 1]));
        assert_eq!(limits.attempt("someone@example.test", elsewhere), Ok(()));
    }
}
