//! When a login may go ahead. Every attempt is counted *before* the password
//! is checked (the store records it as a failure and forgets it only when the
//! login succeeds), so parallel guesses count as they arrive. Two limits:
//!
//! - per email and client address: a few tries, then locked for the window;
//! - per account, from every address together: a larger number of free tries,
//!   then each further try waits twice as long as the one before (capped),
//!   so an attacker with many addresses still gets only a trickle of guesses,
//!   while the account's owner is slowed, never locked out for good.

use time::{Duration, OffsetDateTime};

/// How failed logins are throttled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginThrottle {
    /// Failures older than this are forgotten.
    pub window: Duration,
    /// Failures per email and client address before the lock.
    pub per_address: i64,
    /// Failures per account, from all addresses, before the back-off starts.
    pub account_free: i64,
    /// The longest wait the back-off asks for.
    pub max_back_off: Duration,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        LoginThrottle {
            window: Duration::minutes(15),
            per_address: 5,
            account_free: 10,
            max_back_off: Duration::minutes(15),
        }
    }
}

/// What the throttle says of one more attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginGate {
    /// Check the password (the attempt is counted).
    Go,
    /// Too many failures for this email from this address.
    Locked,
    /// The account has had too many failures from everywhere: try again later.
    BackOff { retry_after: Duration },
}

/// What the store counted in the window, before this attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FailuresSeen {
    /// For this email from this address (attempts still running included).
    pub from_address: i64,
    /// For this email from every address.
    pub for_account: i64,
    /// When the account's latest failure (or running attempt) began.
    pub latest: Option<OffsetDateTime>,
}

impl LoginThrottle {
    /// The decision for one more attempt at `now`.
    pub fn gate(&self, seen: FailuresSeen, now: OffsetDateTime) -> LoginGate {
        if seen.from_address >= self.per_address {
            return LoginGate::Locked;
        }
        let over = seen.for_account - self.account_free;
        if over < 0 {
            return LoginGate::Go;
        }
        let wait = self.back_off(over);
        match seen.latest {
            Some(latest) if now < latest + wait => LoginGate::BackOff {
                retry_after: latest + wait - now,
            },
            _ => LoginGate::Go,
        }
    }

    /// One second after the first failure beyond the free ones, doubling each
    /// time, at most `max_back_off`.
    fn back_off(&self, over: i64) -> Duration {
        let seconds = 1_i64
            .checked_shl(over.clamp(0, 62) as u32)
            .unwrap_or(i64::MAX);
        Duration::seconds(seconds).min(self.max_back_off)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-05 10:00 UTC);

    fn seen(from_address: i64, for_account: i64, seconds_ago: Option<i64>) -> FailuresSeen {
        FailuresSeen {
            from_address,
            for_account,
            latest: seconds_ago.map(|s| NOW - Duration::seconds(s)),
        }
    }

    #[test]
    fn an_address_is_locked_after_its_tries() {
        let throttle = LoginThrottle::default();
        assert_eq!(throttle.gate(seen(0, 0, None), NOW), LoginGate::Go);
        assert_eq!(throttle.gate(seen(4, 4, Some(0)), NOW), LoginGate::Go);
        assert_eq!(throttle.gate(seen(5, 5, Some(0)), NOW), LoginGate::Locked);
    }

    #[test]
    fn an_account_backs_off_doubling_after_its_free_tries() {
        let throttle = LoginThrottle::default();
        // Ten failures from ten addresses: the eleventh try waits a second.
        assert_eq!(
            throttle.gate(seen(0, 10, Some(0)), NOW),
            LoginGate::BackOff {
                retry_after: Duration::seconds(1)
            }
        );
        assert_eq!(throttle.gate(seen(0, 10, Some(1)), NOW), LoginGate::Go);
        // Then 2, 4, 8 … seconds after the latest.
        assert_eq!(
            throttle.gate(seen(0, 13, Some(3)), NOW),
            LoginGate::BackOff {
                retry_after: Duration::seconds(5)
            }
        );
        assert_eq!(throttle.gate(seen(0, 13, Some(8)), NOW), LoginGate::Go);
    }

    #[test]
    fn the_back_off_is_capped() {
        let throttle = LoginThrottle::default();
        assert_eq!(
            throttle.gate(seen(0, 500, Some(0)), NOW),
            LoginGate::BackOff {
                retry_after: Duration::minutes(15)
            }
        );
        assert_eq!(
            throttle.gate(seen(0, 500, Some(15 * 60)), NOW),
            LoginGate::Go
        );
    }
}
