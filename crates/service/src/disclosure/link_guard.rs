//! Where the link checker may connect: never inside the server's own
//! network (loopback, private, link-local and cloud metadata, CGNAT,
//! unique-local, …), unless an address is on the operator's allow-list.
//!
//! The check runs at connect time on the addresses actually dialled: names
//! go through [`GuardedResolver`] (so a name that resolves inside, or a DNS
//! answer that changes between two looks, is caught on the answer used), and
//! IP literals, which hyper's connector never resolves, through
//! [`GuardedConnector`]. Every redirect opens a new connection, so it passes
//! the same check.

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::Uri;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::dns::Name;
use ipnet::IpNet;

/// Said when a link leads inside the network.
pub const INSIDE_REASON: &str =
    "ที่อยู่ลิงก์ชี้ไปยังเครือข่ายภายใน (เช่น localhost หรือที่อยู่ IP ภายใน) ระบบจึงไม่ตรวจสอบ";

/// The refusal carried through hyper's error chain, recognised by the checker.
#[derive(Debug, thiserror::Error)]
#[error("{INSIDE_REASON}")]
pub struct InsideAddress;

/// Ranges std's stable methods do not name (`is_shared`, `is_benchmarking`,
/// `is_reserved` and `is_global` are still unstable), kept as a table of
/// networks: the ipnet crate parses and matches them.
const REFUSED_V4: &[&str] = &[
    "0.0.0.0/8",      // "this network"
    "100.64.0.0/10",  // CGNAT (shared address space)
    "192.0.0.0/24",   // IETF protocol assignments
    "198.18.0.0/15",  // benchmarking
    "240.0.0.0/4",    // reserved, and broadcast
    "192.88.99.0/24", // 6to4 relay anycast
];
const REFUSED_V6: &[&str] = &[
    "64:ff9b::/96",   // NAT64: an IPv4 address inside
    "64:ff9b:1::/48", // local-use NAT64
    "100::/64",       // discard-only
    "2001:db8::/32",  // documentation
    "2002::/16",      // 6to4: an IPv4 address inside
    "fec0::/10",      // site-local (deprecated, still routed inside)
];

fn refused_networks(list: &'static [&'static str]) -> impl Iterator<Item = IpNet> {
    list.iter()
        .map(|n| n.parse::<IpNet>().expect("the table holds valid networks"))
}

/// Whether `ip` lies inside a network the checker must not reach: anything
/// but a public unicast address.
pub fn is_inside(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_inside_v4(v4),
        IpAddr::V6(v6) => is_inside_v6(v6),
    }
}

fn is_inside_v4(ip: Ipv4Addr) -> bool {
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || refused_networks(REFUSED_V4).any(|n| n.contains(&IpAddr::V4(ip)))
}

fn is_inside_v6(ip: Ipv6Addr) -> bool {
    // An IPv4 address written as IPv6 (::ffff:a.b.c.d, ::a.b.c.d) is judged
    // as the IPv4 address it reaches.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_inside_v4(v4);
    }
    let segments = ip.segments();
    if segments[..6].iter().all(|s| *s == 0) && !ip.is_loopback() && !ip.is_unspecified() {
        return is_inside_v4(ip.to_ipv4().expect("an IPv4-compatible address"));
    }
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_unique_local()
        || ip.is_unicast_link_local()
        || refused_networks(REFUSED_V6).any(|n| n.contains(&IpAddr::V6(ip)))
}

/// Inside addresses the operator lets the checker reach (a municipal
/// intranet), e.g. `10.20.0.0/16`.
#[derive(Clone, Debug, Default)]
pub struct Allowed(Arc<Vec<IpNet>>);

impl Allowed {
    pub fn new(networks: Vec<IpNet>) -> Allowed {
        Allowed(Arc::new(networks))
    }

    /// Whether the checker may connect to `ip`.
    pub fn permits(&self, ip: IpAddr) -> bool {
        // An IPv4-mapped address is matched as IPv4, in both directions.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        !is_inside(ip) || self.0.iter().any(|n| n.contains(&ip))
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Resolves a name with the system resolver and refuses the whole name when
/// any of its addresses is inside: the connector then dials only what was
/// checked here.
#[derive(Clone, Debug)]
pub struct GuardedResolver {
    allowed: Allowed,
}

impl tower_service::Service<Name> for GuardedResolver {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let allowed = self.allowed.clone();
        Box::pin(async move {
            let addresses: Vec<SocketAddr> =
                tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            if addresses.iter().any(|a| !allowed.permits(a.ip())) {
                return Err(Box::new(InsideAddress) as BoxError);
            }
            Ok(addresses.into_iter())
        })
    }
}

/// hyper's connector with the resolver above, refusing IP literals that
/// lead inside before anything is dialled.
#[derive(Clone, Debug)]
pub struct GuardedConnector {
    inner: HttpConnector<GuardedResolver>,
    allowed: Allowed,
}

impl GuardedConnector {
    pub fn new(allowed: Allowed) -> GuardedConnector {
        let mut inner = HttpConnector::new_with_resolver(GuardedResolver {
            allowed: allowed.clone(),
        });
        // https URLs are handed to this connector by the TLS layer.
        inner.enforce_http(false);
        GuardedConnector { inner, allowed }
    }
}

impl tower_service::Service<Uri> for GuardedConnector {
    type Response = <HttpConnector<GuardedResolver> as tower_service::Service<Uri>>::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let literal = uri
            .host()
            .map(|h| h.trim_start_matches('[').trim_end_matches(']'))
            .and_then(|h| h.parse::<IpAddr>().ok());
        if let Some(ip) = literal
            && !self.allowed.permits(ip)
        {
            return Box::pin(async { Err(Box::new(InsideAddress) as BoxError) });
        }
        let connecting = self.inner.call(uri);
        Box::pin(async move { connecting.await.map_err(Into::into) })
    }
}

/// Whether an error (anywhere in its chain of sources) is this refusal.
pub fn refused_inside(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if e.is::<InsideAddress>() {
            return true;
        }
        current = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(text: &str) -> bool {
        is_inside(text.parse().unwrap())
    }

    #[test]
    fn every_inside_class_is_refused() {
        for address in [
            "127.0.0.1",
            "127.255.0.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.254",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "0.0.0.0",
            "0.1.2.3",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.2.1",
            "198.51.100.7",
            "203.0.113.9",
            "198.18.0.1",
            "192.0.0.8",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "fec0::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "::10.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
        ] {
            assert!(inside(address), "{address} must be refused");
        }
    }

    #[test]
    fn public_addresses_are_reached() {
        for address in [
            "1.1.1.1",
            "8.8.8.8",
            "164.115.0.1",
            "100.63.255.255",
            "100.128.0.0",
            "172.32.0.1",
            "2606:4700::1111",
            "2001:4860:4860::8888",
            "::ffff:8.8.8.8",
        ] {
            assert!(!inside(address), "{address} is public");
        }
    }

    #[test]
    fn the_allow_list_opens_only_its_networks() {
        let allowed = Allowed::new(vec!["127.0.0.1/32".parse().unwrap()]);
        assert!(allowed.permits("127.0.0.1".parse().unwrap()));
        assert!(allowed.permits("::ffff:127.0.0.1".parse().unwrap()));
        assert!(!allowed.permits("127.0.0.2".parse().unwrap()));
        assert!(!allowed.permits("::1".parse().unwrap()));
        assert!(allowed.permits("8.8.8.8".parse().unwrap()));
        assert!(!Allowed::default().permits("127.0.0.1".parse().unwrap()));
    }
}
