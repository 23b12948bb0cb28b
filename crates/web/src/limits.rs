//! Per-address limits on the public forms (filing, tracking look-ups):
//! settable per server, kept in the [`AppState`](crate::state::AppState).

use std::net::IpAddr;
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lru::LruCache;

use crate::client::ClientAddress;

/// Addresses one limit remembers; past that the least recently seen is
/// forgotten (it starts over), so a flood of new addresses costs a bounded
/// amount of memory and O(1) per request.
pub const MAX_ADDRESSES: usize = 100_000;

/// Per-address limits on the public forms: how many submissions and how many
/// tracking look-ups one address may make in a window. A fixed window per
/// address, pruned as it goes; hand-written because the whole need is a
/// counter per key, and the limits must be settable per server (a service
/// counter behind one address files for many people).
#[derive(Debug)]
pub struct Limits {
    pub filing: Limit,
    pub tracking: Limit,
    /// Survey answers and check-ins: generous, since a training room or a
    /// service counter shares one address among many people.
    pub answers: Limit,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            filing: Limit::new(30, Duration::from_secs(600)),
            tracking: Limit::new(60, Duration::from_secs(600)),
            answers: Limit::new(600, Duration::from_secs(600)),
        }
    }
}

/// What the limits count this request's client by: its address (behind a
/// trusted proxy, the forwarded one), an IPv6 client's /64. In-process tests
/// have no address: they count as one client.
pub(crate) fn peer(extensions: &axum::http::Extensions) -> Option<IpAddr> {
    Some(ClientAddress::of(extensions).limit_key())
}

#[derive(Debug)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
    seen: Mutex<LruCache<IpAddr, (Instant, u32)>>,
}

impl Limit {
    pub fn new(max: u32, window: Duration) -> Limit {
        Limit::remembering(max, window, MAX_ADDRESSES)
    }

    /// A limit that remembers at most `addresses` clients.
    pub fn remembering(max: u32, window: Duration, addresses: usize) -> Limit {
        let capacity = NonZeroUsize::new(addresses).unwrap_or(NonZeroUsize::MIN);
        Limit {
            max,
            window,
            seen: Mutex::new(LruCache::new(capacity)),
        }
    }

    /// How many addresses it remembers now.
    pub fn remembered(&self) -> usize {
        self.seen.lock().map_or(0, |seen| seen.len())
    }

    /// Whether `address` is over the limit now, without counting anything.
    pub fn exceeded(&self, address: Option<IpAddr>) -> bool {
        let address = address.unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let Ok(seen) = self.seen.lock() else {
            return false;
        };
        seen.peek(&address)
            .is_some_and(|(start, count)| start.elapsed() < self.window && *count >= self.max)
    }

    /// Counts one request from `address`; false once over the limit.
    pub fn allow(&self, address: Option<IpAddr>) -> bool {
        // Without a peer address (in-process tests) everyone is one client.
        let address = address.unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let now = Instant::now();
        let Ok(mut seen) = self.seen.lock() else {
            return true;
        };
        let entry = seen.get_or_insert_mut(address, || (now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        entry.1 <= self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_counts_per_address_and_window() {
        let limit = Limit::new(2, Duration::from_secs(3600));
        let a = Some(IpAddr::from([10, 0, 0, 1]));
        let b = Some(IpAddr::from([10, 0, 0, 2]));
        assert!(limit.allow(a));
        assert!(limit.allow(a));
        assert!(!limit.allow(a), "the third in the window is refused");
        assert!(limit.allow(b), "another address has its own count");
        let short = Limit::new(1, Duration::ZERO);
        assert!(short.allow(a));
        assert!(short.allow(a), "a new window starts over");
    }

    #[test]
    fn a_limit_remembers_a_bounded_number_of_addresses() {
        let limit = Limit::remembering(1, Duration::from_secs(3600), 3);
        for last in 0..10u8 {
            limit.allow(Some(IpAddr::from([10, 0, 0, last])));
        }
        assert_eq!(limit.remembered(), 3);
        // The most recent stay counted; the oldest was forgotten.
        assert!(!limit.allow(Some(IpAddr::from([10, 0, 0, 9]))));
        assert!(limit.allow(Some(IpAddr::from([10, 0, 0, 0]))));
    }
}
