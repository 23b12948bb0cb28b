//! Checking published links: each current link publication is visited
//! (HEAD, then GET where HEAD is refused; redirects followed a few times)
//! and the outcome recorded through the store. A failed check makes the
//! period late until the link works again or is replaced.
//!
//! The checker never connects inside the server's network (see
//! [`super::link_guard`]): a link there, by address, by name or by a
//! redirect, fails with a Thai reason and no connection is made.

use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, StatusCode, Uri, header};
use http_body_util::Empty;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use sujarit_core::disclosure::{LinkCheck, LinkOutcome};
use sujarit_store::{Store, StoreError};

use super::link_guard::{self, Allowed, GuardedConnector};

pub use ipnet::IpNet;

/// How many redirects a check follows.
const MAX_REDIRECTS: usize = 5;

/// An HTTP(S) client for link checks.
#[derive(Clone)]
pub struct LinkChecker {
    client: Client<HttpsConnector<GuardedConnector>, Empty<Bytes>>,
    timeout: Duration,
}

impl Default for LinkChecker {
    fn default() -> Self {
        LinkChecker::new(Duration::from_secs(20))
    }
}

impl LinkChecker {
    /// A checker whose every request gives up after `timeout`, reaching
    /// public addresses only.
    pub fn new(timeout: Duration) -> LinkChecker {
        LinkChecker::allowing(timeout, Vec::new())
    }

    /// A checker that may also reach the inside networks `allowed` (a
    /// municipal intranet: `serve --link-check-allow`).
    pub fn allowing(timeout: Duration, allowed: Vec<IpNet>) -> LinkChecker {
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .wrap_connector(GuardedConnector::new(Allowed::new(allowed)));
        LinkChecker {
            client: Client::builder(TokioExecutor::new()).build(https),
            timeout,
        }
    }

    /// Visits `url`: a final 2xx answer is fine, anything else (4xx, 5xx,
    /// no answer, too many redirects) a failure with the reason in Thai.
    pub async fn check(&self, url: &str) -> LinkOutcome {
        let mut uri: Uri = match url.trim().parse() {
            Ok(uri) => uri,
            Err(_) => return failed(None, "ที่อยู่ลิงก์ไม่ถูกต้อง"),
        };
        for _ in 0..=MAX_REDIRECTS {
            let mut status = match self.request(Method::HEAD, &uri).await {
                Ok(status) => status,
                Err(error) => return failed(None, &error),
            };
            // Some servers refuse HEAD: ask again the ordinary way.
            if matches!(
                status.0,
                StatusCode::METHOD_NOT_ALLOWED
                    | StatusCode::NOT_IMPLEMENTED
                    | StatusCode::FORBIDDEN
            ) {
                status = match self.request(Method::GET, &uri).await {
                    Ok(status) => status,
                    Err(error) => return failed(None, &error),
                };
            }
            let (code, location) = status;
            if code.is_redirection() {
                match location.and_then(|l| resolve(&uri, &l)) {
                    Some(next) => {
                        uri = next;
                        continue;
                    }
                    None => {
                        return failed(Some(code.as_u16()), "ถูกส่งต่อไปยังที่อยู่ที่ใช้ไม่ได้");
                    }
                }
            }
            if code.is_success() {
                return LinkOutcome::Ok {
                    status: code.as_u16(),
                };
            }
            return failed(
                Some(code.as_u16()),
                &format!("เว็บไซต์ตอบรหัส {}", code.as_u16()),
            );
        }
        failed(None, "ถูกส่งต่อหลายทอดเกินไป")
    }

    async fn request(
        &self,
        method: Method,
        uri: &Uri,
    ) -> Result<(StatusCode, Option<String>), String> {
        let request = Request::builder()
            .method(method)
            .uri(uri.clone())
            .header(header::USER_AGENT, "Sujarit link checker")
            .body(Empty::<Bytes>::new())
            .map_err(|_| "สร้างคำขอไม่ได้".to_string())?;
        match tokio::time::timeout(self.timeout, self.client.request(request)).await {
            Err(_) => Err(format!("เว็บไซต์ไม่ตอบภายใน {} วินาที", self.timeout.as_secs())),
            Ok(Err(error)) if link_guard::refused_inside(&error) => {
                Err(link_guard::INSIDE_REASON.to_string())
            }
            Ok(Err(error)) => Err(format!("ติดต่อเว็บไซต์ไม่ได้ ({error})")),
            Ok(Ok(response)) => Ok((
                response.status(),
                response
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
            )),
        }
    }
}

fn failed(status: Option<u16>, error: &str) -> LinkOutcome {
    LinkOutcome::Failed {
        status,
        error: error.to_string(),
    }
}

/// A Location header against the address it answered.
fn resolve(base: &Uri, location: &str) -> Option<Uri> {
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.parse().ok();
    }
    if location.starts_with('/') {
        let scheme = base.scheme_str()?;
        let authority = base.authority()?;
        return format!("{scheme}://{authority}{location}").parse().ok();
    }
    None
}

/// What one round of checks did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LinkReport {
    pub checked: usize,
    pub broken: usize,
}

/// Checks every current link publication of every organisation and records
/// each outcome.
pub async fn check_links(
    store: &dyn Store,
    checker: &LinkChecker,
) -> Result<LinkReport, StoreError> {
    let mut report = LinkReport::default();
    for organization in store.organizations().await? {
        for publication in store.disclosure_links_to_check(&organization.id).await? {
            let sujarit_core::disclosure::DisclosureEvidence::Link { url } = &publication.evidence
            else {
                continue;
            };
            let outcome = checker.check(url).await;
            if matches!(outcome, LinkOutcome::Failed { .. }) {
                report.broken += 1;
            }
            report.checked += 1;
            store
                .record_link_check(
                    &organization.id,
                    &LinkCheck {
                        publication_id: publication.id.clone(),
                        checked_at: time::OffsetDateTime::now_utc(),
                        outcome,
                    },
                )
                .await?;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_resolve_against_the_answering_address() {
        let base: Uri = "https://example.go.th/a/b?x=1".parse().unwrap();
        assert_eq!(
            resolve(&base, "/c").unwrap().to_string(),
            "https://example.go.th/c"
        );
        assert_eq!(
            resolve(&base, "http://other.test/d").unwrap().to_string(),
            "http://other.test/d"
        );
        assert_eq!(resolve(&base, "relative"), None);
    }

    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A real HTTP server on `ip` that counts the connections it accepts and
    /// answers each request with `answer` (a whole HTTP/1.1 response head).
    async fn counting_server(ip: &str, answer: String) -> (std::net::SocketAddr, Arc<AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind((ip, 0)).await.unwrap();
        let address = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let counted = connections.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                counted.fetch_add(1, Ordering::SeqCst);
                let answer = answer.clone();
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 1024];
                    while !request.ends_with(b"\r\n\r\n") {
                        match socket.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buffer[..n]),
                        }
                    }
                    let _ = socket.write_all(answer.as_bytes()).await;
                });
            }
        });
        (address, connections)
    }

    const OK: &str = "HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";

    fn checker_allowing(networks: &[&str]) -> LinkChecker {
        LinkChecker::allowing(
            Duration::from_secs(5),
            networks.iter().map(|n| n.parse().unwrap()).collect(),
        )
    }

    fn refused_inside(outcome: &LinkOutcome) -> bool {
        matches!(outcome, LinkOutcome::Failed { status: None, error } if error == link_guard::INSIDE_REASON)
    }

    #[tokio::test]
    async fn a_link_to_loopback_is_refused_without_a_connection() {
        let (address, connections) = counting_server("127.0.0.1", OK.into()).await;
        let checker = LinkChecker::new(Duration::from_secs(5));
        let port = address.port();
        for url in [
            format!("http://127.0.0.1:{port}/"),
            format!("http://localhost:{port}/"),
            format!("http://[::ffff:127.0.0.1]:{port}/"),
            format!("https://127.0.0.1:{port}/"),
            format!("http://127.1:{port}/"),
        ] {
            let outcome = checker.check(&url).await;
            assert!(refused_inside(&outcome), "{url}: {outcome:?}");
        }
        assert_eq!(connections.load(Ordering::SeqCst), 0);
        // The same server, allowed, answers: the refusal above was the guard.
        let allowed = checker_allowing(&["127.0.0.1/32"]);
        let outcome = allowed.check(&format!("http://127.0.0.1:{port}/")).await;
        assert_eq!(outcome, LinkOutcome::Ok { status: 200 });
        assert!(connections.load(Ordering::SeqCst) > 0);
    }

    #[tokio::test]
    async fn a_redirect_into_the_network_is_refused_without_a_connection() {
        let (inside, inside_connections) = counting_server("127.0.0.2", OK.into()).await;
        let redirect = format!(
            "HTTP/1.1 302 Found\r\nlocation: http://{inside}/secret\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        );
        let (allowed, allowed_connections) = counting_server("127.0.0.1", redirect).await;
        let checker = checker_allowing(&["127.0.0.1/32"]);
        let outcome = checker.check(&format!("http://{allowed}/")).await;
        assert!(refused_inside(&outcome), "{outcome:?}");
        assert!(allowed_connections.load(Ordering::SeqCst) > 0);
        assert_eq!(inside_connections.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn the_metadata_address_and_ipv6_loopback_are_refused() {
        let checker = LinkChecker::new(Duration::from_secs(1));
        for url in [
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]:9/",
            "http://[fd00::1]/",
            "http://100.64.0.1/",
            "http://10.0.0.1:5432/",
        ] {
            let outcome = checker.check(url).await;
            assert!(refused_inside(&outcome), "{url}: {outcome:?}");
        }
    }
}
