//! Per-address limits on the public forms (filing, tracking look-ups):
//! settable per server, kept in the [`AppState`](crate::state::AppState).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

/// The peer's address, when the server was started with connect info
/// (in-process tests have none: [`Limit::allow`] counts them as one client).
pub(crate) fn peer(extensions: &axum::http::Extensions) -> Option<IpAddr> {
    extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

#[derive(Debug)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
    seen: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl Limit {
    pub fn new(max: u32, window: Duration) -> Limit {
        Limit {
            max,
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request from `address`; false once over the limit.
    pub fn allow(&self, address: Option<IpAddr>) -> bool {
        // Without a peer address (in-process tests) everyone is one client.
        let address = address.unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let now = Instant::now();
        let Ok(mut seen) = self.seen.lock() else {
            return true;
        };
        if seen.len() > 100_000 {
            seen.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = seen.entry(address).or_insert((now, 0));
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
}
