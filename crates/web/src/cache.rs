//! A cache of rendered public pages.
//!
//! The public portal is read far more than it changes: the plan is immutable
//! per version and progress changes when the coordinator publishes. Rendering
//! the plan page means reading the plan, the organisation and published
//! progress and writing 20–50 KB of HTML, so under load most time goes to
//! producing the same bytes again. This layer keeps successful public GET
//! responses and serves them until either
//!
//! * this process handles any state-changing request (POST, PUT, PATCH,
//!   DELETE): a *generation* counter moves and every older entry is dead; or
//! * the entry is older than `max_age`, which bounds how long a change made
//!   elsewhere (another server on the same PostgreSQL, `sujarit import` on the
//!   command line) takes to show.
//!
//! Only anonymous-safe paths are cached (the portal under `/o/`, the home
//! page, the public API reads); never `/staff/`, never a response that sets a
//! cookie, never one larger than `max_body_bytes`. Hand-written rather than
//! a general cache crate: the invalidation rule (a generation bumped by
//! writes) is the point, and it is a few lines over a `HashMap`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// How long a cached page may be served at most, and how much is kept.
#[derive(Clone, Debug)]
pub struct PageCacheConfig {
    pub max_age: Duration,
    pub max_entries: usize,
    pub max_body_bytes: u64,
}

impl Default for PageCacheConfig {
    fn default() -> Self {
        PageCacheConfig {
            max_age: Duration::from_secs(5),
            max_entries: 512,
            max_body_bytes: 2 * 1024 * 1024,
        }
    }
}

/// The cache, shared by every request of one server.
#[derive(Clone, Debug)]
pub struct PageCache {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: PageCacheConfig,
    generation: AtomicU64,
    entries: Mutex<HashMap<String, Entry>>,
}

#[derive(Debug)]
struct Entry {
    generation: u64,
    stored_at: Instant,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl PageCache {
    pub fn new(config: PageCacheConfig) -> PageCache {
        PageCache {
            inner: Arc::new(Inner {
                config,
                generation: AtomicU64::new(0),
                entries: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// `router` with this cache around it (put it outermost, so cached
    /// responses keep the headers every other layer added).
    pub fn around<S: Clone + Send + Sync + 'static>(self, router: Router<S>) -> Router<S> {
        router.layer(axum::middleware::from_fn_with_state(self, serve))
    }

    /// Forgets everything cached so far (a write happened).
    pub fn invalidate(&self) {
        self.inner.generation.fetch_add(1, Ordering::AcqRel);
    }

    fn lookup(&self, key: &str, generation: u64) -> Option<Response> {
        let entries = self.inner.entries.lock().ok()?;
        let entry = entries.get(key)?;
        if entry.generation != generation || entry.stored_at.elapsed() > self.inner.config.max_age {
            return None;
        }
        let mut response = (entry.status, Body::from(entry.body.clone())).into_response();
        *response.headers_mut() = entry.headers.clone();
        Some(response)
    }

    fn store(&self, key: String, entry: Entry) {
        let Ok(mut entries) = self.inner.entries.lock() else {
            return;
        };
        if entries.len() >= self.inner.config.max_entries && !entries.contains_key(&key) {
            // Dropping everything is crude but bounded, and pages come back
            // on the next request; the working set is far below the limit.
            entries.clear();
        }
        entries.insert(key, entry);
    }
}

/// Paths whose responses are the same for everyone. Evidence files are
/// large and served from disk anyway; tracking pages answer one person and
/// must meet the lookup rate limit every time.
fn cacheable_path(path: &str) -> bool {
    let public = path == "/"
        || path.starts_with("/o/")
        || path.starts_with("/api/v1/organizations")
        || path == "/oversight"
        || path.starts_with("/oversight/")
        || path.starts_with("/oversight.")
        || path.starts_with("/api/v1/oversight");
    public && !path.contains("/evidence/") && !path.contains("/track")
}

/// The query parameters public pages read. A cached page's key keeps these
/// and drops every other, so that `?n=$RANDOM` cannot force a render per
/// request (handlers ignore parameters they do not read, so the page is the
/// same). A public page that starts reading a new parameter adds it here,
/// or two of its values would share one cached page.
pub const PAGE_PARAMETERS: &[&str] = &[
    "channel",
    "done",
    "fiscal_year",
    "organization",
    "page",
    "q",
    "round",
    "severity",
    "sort",
    "status",
    "topic",
    "unit",
    "view",
    "year",
];

/// `path` and the parameters of `query` that pages read, sorted.
fn cache_key(path: &str, query: Option<&str>) -> String {
    let mut kept: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .filter(|(name, _)| PAGE_PARAMETERS.contains(&name.as_ref()))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    if kept.is_empty() {
        return path.to_owned();
    }
    kept.sort();
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(kept)
        .finish();
    format!("{path}?{query}")
}

async fn serve(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        // After the handler: a page rendered before the write was finished
        // may still be stored, but under the old generation, so never served.
        // Both in a task of their own: a client that hangs up does not stop
        // the write (`detach`), so it must not skip the invalidation either.
        let cache = cache.clone();
        return crate::detach::to_completion(async move {
            let response = next.run(request).await;
            cache.invalidate();
            response
        })
        .await;
    }
    // A client that wrote recently reads around the cache: a page cached
    // from the read replica may predate its write (`replica.rs`).
    if method != Method::GET
        || !cacheable_path(request.uri().path())
        || crate::replica::written_position(request.headers()).is_some()
    {
        return next.run(request).await;
    }
    let key = cache_key(request.uri().path(), request.uri().query());
    // Read before rendering: a write during rendering moves it on.
    let generation = cache.inner.generation.load(Ordering::Acquire);
    if let Some(hit) = cache.lookup(&key, generation) {
        return hit;
    }
    let response = next.run(request).await;
    let small_enough = response
        .body()
        .size_hint()
        .exact()
        .is_some_and(|n| n <= cache.inner.config.max_body_bytes);
    // A page that says it must not be kept (a receipt, a tracking answer) is not.
    let private = response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store") || v.contains("private"));
    if response.status() != StatusCode::OK
        || response.headers().contains_key(header::SET_COOKIE)
        || private
        || !small_enough
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let limit = usize::try_from(cache.inner.config.max_body_bytes).unwrap_or(usize::MAX);
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        // The size was known and within the limit, so this is a broken body.
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    cache.store(
        key,
        Entry {
            generation,
            stored_at: Instant::now(),
            status: parts.status,
            headers: parts.headers.clone(),
            body: bytes.clone(),
        },
    );
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::{get, post};
    use std::sync::atomic::AtomicUsize;
    use tower::ServiceExt;

    /// A page that says how many times pages were rendered, counting itself.
    fn counting_page(renders: Arc<AtomicUsize>) -> axum::routing::MethodRouter {
        get(move || {
            let n = renders.fetch_add(1, Ordering::SeqCst) + 1;
            async move { format!("render {n}") }
        })
    }

    /// Pages that say how many times they were rendered.
    fn app(cache: PageCache, renders: Arc<AtomicUsize>) -> Router {
        let router = Router::new()
            .route("/o/demo", counting_page(renders.clone()))
            .route(
                "/staff/",
                counting_page(renders.clone()),
            )
            .route("/o/demo/write", post(|| async { "written" }))

            .route(
                "/o/demo/private",
                get({
                    let count = renders.clone();
                    move || {
                        let n = count.fetch_add(1, Ordering::SeqCst) + 1;
                        async move { ([(header::CACHE_CONTROL, "no-store")], format!("render {n}")) }
                    }
                }),
            );
        cache.around(router)
    }

    async fn body_of(app: &Router, method: Method, path: &str) -> String {
        let response = app
            .clone()
            .oneshot(
                Request::builder()
                    .method(method)
                    .uri(path)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("response");
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .expect("body");
        String::from_utf8(bytes.to_vec()).expect("utf-8")
    }

    #[tokio::test]
    async fn a_public_page_is_rendered_once_until_a_write() {
        let renders = Arc::new(AtomicUsize::new(0));
        let app = app(PageCache::new(PageCacheConfig::default()), renders.clone());
        assert_eq!(body_of(&app, Method::GET, "/o/demo").await, "render 1");
        assert_eq!(body_of(&app, Method::GET, "/o/demo").await, "render 1");
        assert_eq!(renders.load(Ordering::SeqCst), 1);
        // A different query is a different page, when the page reads it.
        assert_eq!(
            body_of(&app, Method::GET, "/o/demo?year=2568").await,
            "render 2"
        );
        assert_eq!(
            body_of(&app, Method::GET, "/o/demo?round=6m&year=2568&n=1").await,
            "render 3"
        );
        assert_eq!(
            body_of(&app, Method::GET, "/o/demo?year=2568&round=6m&n=2").await,
            "render 3",
            "the same parameters in another order, and one no page reads"
        );
        assert_eq!(
            body_of(&app, Method::GET, "/o/demo?n=12345").await,
            "render 1",
            "a parameter no page reads does not make a new page"
        );
        body_of(&app, Method::POST, "/o/demo/write").await;
        assert_eq!(body_of(&app, Method::GET, "/o/demo").await, "render 4");
    }

    #[tokio::test]
    async fn staff_pages_are_never_cached() {
        let renders = Arc::new(AtomicUsize::new(0));
        let app = app(PageCache::new(PageCacheConfig::default()), renders.clone());
        assert_eq!(body_of(&app, Method::GET, "/staff/").await, "render 1");
        assert_eq!(body_of(&app, Method::GET, "/staff/").await, "render 2");
        // Nor a public page that forbids keeping it.
        assert_eq!(
            body_of(&app, Method::GET, "/o/demo/private").await,
            "render 3"
        );
        assert_eq!(
            body_of(&app, Method::GET, "/o/demo/private").await,
            "render 4"
        );
    }

    #[tokio::test]
    async fn entries_expire() {
        let renders = Arc::new(AtomicUsize::new(0));
        let config = PageCacheConfig {
            max_age: Duration::ZERO,
            ..PageCacheConfig::default()
        };
        let app = app(PageCache::new(config), renders.clone());
        body_of(&app, Method::GET, "/o/demo").await;
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(body_of(&app, Method::GET, "/o/demo").await, "render 2");
    }

    #[tokio::test]
    async fn a_write_whose_client_hung_up_still_retires_the_pages() {
        let renders = Arc::new(AtomicUsize::new(0));
        let gate = Arc::new(tokio::sync::Notify::new());
        let write_gate = gate.clone();
        let router = Router::new()
            .route("/o/demo", counting_page(renders.clone()))
            .route(
                "/o/demo/write",
                post(move || async move {
                    write_gate.notified().await;
                    "written"
                }),
            );
        let cache = PageCache::new(PageCacheConfig::default());
        let app = cache.clone().around(router);
        assert_eq!(body_of(&app, Method::GET, "/o/demo").await, "render 1");
        let before = cache.inner.generation.load(Ordering::Acquire);
        // The client gives up while the write waits at its gate.
        let mut write = Box::pin(body_of(&app, Method::POST, "/o/demo/write"));
        let ready =
            std::future::poll_fn(|cx| std::task::Poll::Ready(write.as_mut().poll(cx).is_ready()))
                .await;
        assert!(!ready, "the write should be waiting at its gate");
        drop(write);
        gate.notify_one();
        let retired = tokio::time::timeout(Duration::from_secs(10), async {
            while cache.inner.generation.load(Ordering::Acquire) == before {
                tokio::task::yield_now().await;
            }
        })
        .await;
        assert!(
            retired.is_ok(),
            "the finished write did not retire the pages"
        );
        assert_eq!(body_of(&app, Method::GET, "/o/demo").await, "render 2");
    }
}
