//! Sujarit's web layer: the public portal, server-rendered in Thai.
//!
//! Handlers are thin: they load what a page needs from the [`Store`], hand it
//! to their feature's view builders (e.g. `plan/views`) that turn domain data
//! into a small view model of ready-to-show strings, and render that with an
//! askama template. Every
//! failure goes through [`WebError`], which never shows a database error to a
//! client.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::get;
use sujarit_core::account::Actor;

mod activities;
mod api;
mod assets;
pub mod auth;
pub mod cache;
pub mod client;
pub mod complaints;
pub mod detach;
mod device;
pub mod disclosure;
mod error;
mod format;
mod json;
mod keys;
#[cfg(test)]
mod layering;
mod limits;
mod login;
pub mod officer_keys;
mod plan;
pub mod progress;
pub mod renders;
pub mod server;
mod staff;
mod state;
mod surveys;
mod ui;

/// The fuzz harnesses of the readers of request bodies (run by libFuzzer
/// from `fuzz/`, and as property tests next to each).
#[doc(hidden)]
pub mod fuzz {
    pub use crate::activities::fuzz_read_form;
    pub use crate::complaints::public::fuzz_read_multipart;
    pub use crate::surveys::fuzz_answers;
}

pub use cache::{PageCache, PageCacheConfig};
pub use error::WebError;
pub use limits::{Limit, Limits};
pub use state::{AppState, Clock, ComplaintConfig, Participation, Resources, Site};

/// The public portal's routes over one [`AppState`].
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .merge(api::router())
        .merge(plan::routes())
        .route("/static/{*path}", get(assets::serve))
        .merge(login::routes())
        .merge(staff::routes(staff_menu))
        .merge(progress::routes())
        .merge(complaints::routes())
        .merge(keys::routes())
        .merge(disclosure::routes())
        .merge(activities::routes())
        .merge(surveys::routes())
        .fallback(not_found)
        .layer(axum::middleware::from_fn(auth::origin::check))
        // Who the client is (behind a trusted proxy, who it forwarded), for
        // the rate limits and the login throttle.
        .layer(axum::middleware::from_fn_with_state(
            state.site().trusted_proxies.clone(),
            client::remember,
        ))
        // A client that hangs up never cuts a handler's database work.
        .layer(axum::middleware::from_fn(detach::run_to_completion))
        // Outermost, so that even the answer to a panic carries them.
        .layer(axum::middleware::from_fn_with_state(
            state.site().clone(),
            security_headers,
        ))
        .with_state(state)
}

/// The staff menu: each feature's own entries, in this order. Features do
/// not know each other; this is where they meet.
fn staff_menu(actor: &Actor) -> Vec<ui::StaffLink> {
    let contributions: [fn(&Actor) -> Vec<ui::StaffLink>; 9] = [
        progress::staff_links,
        plan::staff_links,
        activities::staff_links,
        surveys::staff_links,
        complaints::staff_links,
        keys::staff_links,
        disclosure::staff_links,
        staff::staff_links,
        login::staff_links,
    ];
    contributions
        .iter()
        .flat_map(|links| links(actor))
        .collect()
}

async fn healthz() -> &'static str {
    "ok"
}

async fn not_found(uri: axum::http::Uri) -> Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/api/") {
        return json::not_found_path().into_response();
    }
    WebError::NotFound("ไม่พบหน้าที่คุณต้องการ ที่อยู่อาจพิมพ์ผิดหรือหน้านี้ถูกย้ายแล้ว".into()).into_response()
}

/// Pages load nothing from elsewhere (no CDN, intranet-friendly); the policy
/// makes that a rule the browser enforces rather than a habit. Staff pages
/// are never kept by the browser (a shared counter PC's back button must not
/// show the last officer's pages), and over HTTPS the browser is told to
/// stay on it.
async fn security_headers(
    axum::extract::State(site): axum::extract::State<Site>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    let staff_page = path.starts_with("/staff") || path.starts_with("/api/v1/staff");
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let https = site.https
        || site
            .trusted_proxies
            .client(peer, request.headers())
            .forwarded_https;
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'",
        ),
    );
    // For browsers that predate frame-ancestors.
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    let kept_already_forbidden = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store"));
    if staff_page && !kept_already_forbidden {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}
