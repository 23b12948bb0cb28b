//! Who the client is: the peer's address, or behind a trusted reverse proxy
//! the address the proxy saw (`X-Forwarded-For`) and whether it was reached
//! over HTTPS (`X-Forwarded-Proto`). Those headers are read only from the
//! peers the server was told to trust (`--trusted-proxy CIDR`): from anyone
//! else they are whatever the client chose to send.
//!
//! A middleware works it out once per request and puts a [`ClientAddress`]
//! in the request's extensions, where the rate limits and the login
//! throttle read it ([`ClientAddress::of`]).

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

/// The reverse proxies whose forwarding headers are believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Arc<Vec<IpNet>>);

impl TrustedProxies {
    pub fn new(networks: Vec<IpNet>) -> TrustedProxies {
        TrustedProxies(Arc::new(networks))
    }

    /// Parses a `--trusted-proxy` value: a network (`10.0.0.0/8`) or one
    /// address (`127.0.0.1`, `::1`).
    pub fn parse_network(text: &str) -> Result<IpNet, String> {
        let text = text.trim();
        text.parse::<IpNet>()
            .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
            .map_err(|_| {
                format!("--trusted-proxy: \"{text}\" ไม่ใช่ที่อยู่ IP หรือเครือข่าย เช่น 10.0.0.0/8 หรือ ::1")
            })
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client of a request that came from `peer` with `headers`.
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> ClientAddress {
        let Some(peer) = peer else {
            return ClientAddress::default();
        };
        if !self.trusts(peer) {
            return ClientAddress {
                ip: Some(canonical(peer)),
                forwarded_https: false,
            };
        }
        // Each proxy appends the address it saw: walk from the right past our
        // own proxies; the first address that is not one of them is the
        // client. A list that is garbled or all proxies leaves the peer.
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for entry in forwarded.iter().rev() {
            match parse_forwarded(entry) {
                Some(address) => {
                    client = address;
                    if !self.trusts(address) {
                        break;
                    }
                }
                None => break,
            }
        }
        // The last value is our proxy's own (one that appends rather than
        // replaces leaves the client's guess in front of it).
        let forwarded_https = headers
            .get_all("x-forwarded-proto")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
        ClientAddress {
            ip: Some(canonical(client)),
            forwarded_https,
        }
    }
}

/// One `X-Forwarded-For` entry: an address, with or without a port
/// (`1.2.3.4:5678`, `[2001:db8::1]:443`).
fn parse_forwarded(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    if let Ok(address) = entry.parse::<IpAddr>() {
        return Some(address);
    }
    if let Ok(socket) = entry.parse::<std::net::SocketAddr>() {
        return Some(socket.ip());
    }
    entry
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|inner| inner.parse().ok())
}

/// The client of one request, as far as the server can tell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClientAddress {
    /// None when the server was not started with connect info (in-process
    /// tests): they count as one client.
    pub ip: Option<IpAddr>,
    /// A trusted proxy says the client reached it over HTTPS.
    pub forwarded_https: bool,
}

impl ClientAddress {
    /// The request's client: set by [`remember`], else the peer itself.
    pub fn of(extensions: &axum::http::Extensions) -> ClientAddress {
        extensions
            .get::<ClientAddress>()
            .copied()
            .unwrap_or_else(|| ClientAddress {
                ip: extensions
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|c| canonical(c.0.ip())),
                forwarded_https: false,
            })
    }

    /// What limits count by: an IPv4 address, or the /64 of an IPv6 one,
    /// since one IPv6 subscriber is usually given a whole /64.
    pub fn limit_key(&self) -> IpAddr {
        match self.ip {
            None => IpAddr::from([0, 0, 0, 0]),
            Some(IpAddr::V4(v4)) => IpAddr::V4(v4),
            Some(IpAddr::V6(v6)) => {
                let segments = v6.segments();
                IpAddr::V6(Ipv6Addr::new(
                    segments[0],
                    segments[1],
                    segments[2],
                    segments[3],
                    0,
                    0,
                    0,
                    0,
                ))
            }
        }
    }

    /// [`limit_key`](Self::limit_key) as the text the login throttle keeps
    /// ("unknown" without connect info).
    pub fn limit_text(&self) -> String {
        match (self.ip, self.limit_key()) {
            (None, _) => "unknown".to_owned(),
            (Some(_), IpAddr::V4(v4)) => v4.to_string(),
            (Some(_), IpAddr::V6(v6)) => format!("{v6}/64"),
        }
    }
}

/// An IPv4 client seen through an IPv6 socket (`::ffff:a.b.c.d`) is that
/// IPv4 client.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// The middleware: works out the client once and keeps it in the request.
pub(crate) async fn remember(
    axum::extract::State(proxies): axum::extract::State<TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let client = proxies.client(peer, request.headers());
    if peer.is_some() {
        request.extensions_mut().insert(client);
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn forwarding_headers_are_read_only_from_trusted_proxies() {
        let proxies = TrustedProxies::new(vec![
            TrustedProxies::parse_network("10.0.0.0/8").unwrap(),
            TrustedProxies::parse_network("::1").unwrap(),
        ]);
        let sent = headers(&[
            ("x-forwarded-for", "203.0.113.9"),
            ("x-forwarded-proto", "https"),
        ]);
        let direct = proxies.client(Some(ip("198.51.100.7")), &sent);
        assert_eq!(
            direct.ip,
            Some(ip("198.51.100.7")),
            "a client cannot pick its address"
        );
        assert!(!direct.forwarded_https);
        let proxied = proxies.client(Some(ip("10.1.2.3")), &sent);
        assert_eq!(proxied.ip, Some(ip("203.0.113.9")));
        assert!(proxied.forwarded_https);
        // A client's own made-up entry sits left of what our proxy appended.
        let chained = proxies.client(
            Some(ip("::1")),
            &headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.9.9.9")]),
        );
        assert_eq!(chained.ip, Some(ip("203.0.113.9")));
        let with_port = proxies.client(
            Some(ip("10.1.2.3")),
            &headers(&[
                ("x-forwarded-for", "[2001:db8::7]:443"),
                ("x-forwarded-proto", "http, https"),
            ]),
        );
        assert_eq!(with_port.ip, Some(ip("2001:db8::7")));
        assert!(with_port.forwarded_https, "the proxy's own, last value");
        let spoofed_proto = proxies.client(
            Some(ip("10.1.2.3")),
            &headers(&[
                ("x-forwarded-for", "198.51.100.1:5678"),
                ("x-forwarded-proto", "https, http"),
            ]),
        );
        assert_eq!(spoofed_proto.ip, Some(ip("198.51.100.1")));
        assert!(!spoofed_proto.forwarded_https);
        let garbled = proxies.client(
            Some(ip("10.1.2.3")),
            &headers(&[("x-forwarded-for", "nonsense")]),
        );
        assert_eq!(garbled.ip, Some(ip("10.1.2.3")));
        assert!(TrustedProxies::parse_network("10.0.0.0/33").is_err());
        assert!(
            TrustedProxies::default()
                .client(Some(ip("::ffff:10.1.2.3")), &sent)
                .ip
                == Some(ip("10.1.2.3"))
        );
    }

    #[test]
    fn ipv6_clients_are_limited_per_64() {
        let a = ClientAddress {
            ip: Some(ip("2001:db8:1:2:aaaa::1")),
            forwarded_https: false,
        };
        let b = ClientAddress {
            ip: Some(ip("2001:db8:1:2:bbbb::9")),
            forwarded_https: false,
        };
        let c = ClientAddress {
            ip: Some(ip("2001:db8:1:3::1")),
            forwarded_https: false,
        };
        assert_eq!(a.limit_key(), b.limit_key());
        assert_ne!(a.limit_key(), c.limit_key());
        assert_eq!(a.limit_text(), "2001:db8:1:2::/64");
        let v4 = ClientAddress {
            ip: Some(ip("192.0.2.1")),
            forwarded_https: false,
        };
        assert_eq!(v4.limit_text(), "192.0.2.1");
        assert_eq!(ClientAddress::default().limit_text(), "unknown");
    }
}
