//! Public reads from a streaming replica (issue 15, `--read-database`).
//!
//! A national installation serves many more public reads (plan pages,
//! roll-ups, the JSON API) than writes; they may go to a PostgreSQL
//! streaming replica while every write, every staff page and search (which
//! may rebuild its index) stay on the primary.
//!
//! * [`ReadStore`] is the extractor a public GET handler takes instead of
//!   `State<AppState>` to read: the replica when one is configured and the
//!   request is a GET or HEAD of a public path ([`public_read_path`]), the
//!   primary otherwise. It dereferences to `dyn Store`, so a handler reads
//!   through it exactly as through the state.
//! * Read-your-writes: after every state-changing request, [`remember_writes`]
//!   sets the cookie [`WAL_COOKIE`] to the primary's write position after the
//!   request (`pg_current_wal_lsn()`); a GET carrying it is served by the
//!   replica only once the replica has replayed that far
//!   (`pg_last_wal_replay_lsn()`), else by the primary. The page cache does
//!   not answer a request carrying it (`cache.rs`), since a page cached from
//!   the replica may predate the client's write.
//!
//! Without a replica nothing changes: `ReadStore` is the primary and no
//! cookie is set.

use std::ops::Deref;
use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use sujarit_store::{Store, WalPosition};

use crate::AppState;

/// The cookie holding the primary's write position after this client's last
/// write (`"16/B374D848"`). Not secret: a position in the log says nothing
/// about what was written.
pub const WAL_COOKIE: &str = "sujarit_wal";

/// How long the cookie lasts: longer than any replication lag the replica
/// should be used with. After it, the client reads like everyone else.
const WAL_COOKIE_SECONDS: u32 = 300;

/// The store a public read goes to. See the module's documentation.
#[derive(Clone)]
pub struct ReadStore {
    store: Arc<dyn Store>,
    replica: bool,
}

impl ReadStore {
    /// Whether this request reads from the replica.
    pub fn from_replica(&self) -> bool {
        self.replica
    }
}

impl Deref for ReadStore {
    type Target = dyn Store;

    fn deref(&self) -> &(dyn Store + 'static) {
        self.store.as_ref()
    }
}

impl AsRef<dyn Store> for ReadStore {
    fn as_ref(&self) -> &(dyn Store + 'static) {
        self.store.as_ref()
    }
}

/// Paths whose GETs are the same for every reader and may be served by the
/// replica: the home page, an organisation's public pages (`/o/…`, not
/// tracking, which answers one person), the oversight pages and the public
/// API. Never `/staff/…`.
pub fn public_read_path(path: &str) -> bool {
    let public = path == "/"
        || path.starts_with("/o/")
        || path == "/oversight"
        || path.starts_with("/oversight/")
        || path.starts_with("/oversight.")
        || path.starts_with("/api/v1/organizations")
        || path.starts_with("/api/v1/oversight");
    public && !path.contains("/track") && !path.contains("/search")
}

impl<S: Send + Sync> FromRequestParts<S> for ReadStore
where
    AppState: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let primary = ReadStore {
            store: state.primary(),
            replica: false,
        };
        let Some(replica) = state.read_store() else {
            return Ok(primary);
        };
        let reads = parts.method == Method::GET || parts.method == Method::HEAD;
        if !reads || !public_read_path(parts.uri.path()) {
            return Ok(primary);
        }
        if let Some(written) = written_position(&parts.headers) {
            match replica.replayed_position().await {
                Ok(Some(replayed)) if replayed >= written => {}
                Ok(_) => return Ok(primary),
                Err(error) => {
                    tracing::warn!(%error, "read replica: replay position unknown; reading the primary");
                    return Ok(primary);
                }
            }
        }
        Ok(ReadStore {
            store: replica,
            replica: true,
        })
    }
}

/// The write position the request's [`WAL_COOKIE`] holds, if any.
pub(crate) fn written_position(headers: &HeaderMap) -> Option<WalPosition> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, _)| *name == WAL_COOKIE)
        .filter_map(|(_, value)| WalPosition::parse(value))
        .max()
}

/// After a state-changing request, when a replica is configured: the
/// primary's write position in [`WAL_COOKIE`]. Runs after the handler, so
/// the position is at or past the request's own commit.
pub(crate) async fn remember_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let writes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let mut response = next.run(request).await;
    if !writes || state.read_store().is_none() {
        return response;
    }
    match state.primary().wal_position().await {
        Ok(Some(position)) => {
            let secure = if state.site().https || state.auth().secure_cookies {
                "; Secure"
            } else {
                ""
            };
            let cookie = format!(
                "{WAL_COOKIE}={position}; Path=/; HttpOnly; SameSite=Lax; Max-Age={WAL_COOKIE_SECONDS}{secure}"
            );
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
        }
        Ok(None) => {}
        Err(error) => {
            tracing::warn!(%error, "read replica: the primary's write position is unknown");
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_pages_and_the_public_api_may_be_read_from_the_replica() {
        for path in [
            "/",
            "/o/nakhon",
            "/o/nakhon/items/2.19",
            "/oversight",
            "/oversight/provinces/80",
            "/oversight.csv",
            "/oversight/provinces/80.xlsx",
            "/api/v1/organizations/nakhon/plan",
            "/api/v1/oversight/provinces",
        ] {
            assert!(public_read_path(path), "{path}");
        }
        for path in [
            "/staff/",
            "/staff/oversight",
            "/o/nakhon/complaints/track",
            "/o/nakhon/search",
            "/api/v1/organizations/nakhon/search",
            "/api/v1/staff/progress/1.1/2568/1",
            "/oversightx",
            "/healthz",
        ] {
            assert!(!public_read_path(path), "{path}");
        }
    }

    #[test]
    fn the_latest_valid_position_in_the_cookies_counts() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=b; sujarit_wal=0/10; sujarit_wal=nonsense"),
        );
        headers.append(header::COOKIE, HeaderValue::from_static("sujarit_wal=1/0"));
        assert_eq!(written_position(&headers), WalPosition::parse("1/0"));
        assert_eq!(written_position(&HeaderMap::new()), None);
    }
}
