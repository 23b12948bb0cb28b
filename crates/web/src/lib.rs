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
mod integrity;
mod json;
mod keys;
#[cfg(test)]
mod layering;
mod limits;
mod login;
mod notifications;
pub mod officer_keys;
mod oversight;
mod plan;
pub mod progress;
pub mod renders;
pub mod replica;
mod search;
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
        .merge(plan::routes(public_menu))
        .route("/static/{*path}", get(assets::serve))
        .merge(login::routes())
        .merge(staff::routes(staff_menu))
        .merge(progress::routes())
        .merge(complaints::routes())
        .merge(keys::routes())
        .merge(disclosure::routes())
        .merge(activities::routes())
        .merge(surveys::routes())
        .merge(notifications::routes())
        .merge(search::routes())
        .merge(integrity::routes())
        .merge(oversight::routes())
        .fallback(not_found)
        // Inside `detach`'s task: the menus are built for the page served.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            staff_shell,
        ))
        .layer(axum::middleware::from_fn(site_menu))
        .layer(axum::middleware::from_fn(auth::origin::check))
        // Who the client is (behind a trusted proxy, who it forwarded), for
        // the rate limits and the login throttle.
        .layer(axum::middleware::from_fn_with_state(
            state.site().trusted_proxies.clone(),
            client::remember,
        ))
        // After a write, the primary's position for read-your-writes.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            replica::remember_writes,
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
    // An overseer holds only the oversight pages (and their own password):
    // an LAO's own pages would show their office's nothing.
    if actor.role.is_overseer() {
        return [oversight::staff_links, login::staff_links]
            .iter()
            .flat_map(|links| links(actor))
            .collect();
    }
    let contributions: [fn(&Actor) -> Vec<ui::StaffLink>; 13] = [
        oversight::staff_links,
        progress::staff_links,
        plan::staff_links,
        activities::staff_links,
        surveys::staff_links,
        complaints::staff_links,
        keys::staff_links,
        disclosure::staff_links,
        integrity::staff_links,
        search::staff_links,
        staff::staff_links,
        notifications::staff_links,
        login::staff_links,
    ];
    contributions
        .iter()
        .flat_map(|links| links(actor))
        .collect()
}

/// A feature's counts of what waits for one staff member.
type Counter = for<'a> fn(&'a AppState, &'a auth::CurrentStaff) -> ui::CountsFuture<'a>;

/// The staff shell: the menu with each feature's counts, computed for this
/// staff member on this request (never cached, never shared). A count that
/// fails is left out (and logged) rather than failing the page.
async fn staff_shell_links(state: &AppState, staff: &auth::CurrentStaff) -> Vec<ui::ShellLink> {
    let counters: [Counter; 3] = [
        progress::staff_counts,
        complaints::staff_counts,
        disclosure::staff_counts,
    ];
    let mut counts = Vec::new();
    // An overseer's office has no items, complaints or periods to count.
    let counters: &[Counter] = if staff.actor.role.is_overseer() {
        &[]
    } else {
        &counters
    };
    for counter in counters {
        match counter(state, staff).await {
            Ok(found) => counts.extend(found),
            Err(error) => tracing::warn!(%error, "a staff menu count failed"),
        }
    }
    ui::ShellLink::assemble(staff_menu(&staff.actor), &counts)
}

/// Staff pages (GET, under `/staff`): the signed-in member is read once
/// here, given the shell, and handed on to the handler's `CurrentStaff`
/// (which takes it from the request's extensions). A request without a
/// usable session goes on untouched, to be refused by the handler.
async fn staff_shell(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    let staff_page = path == "/staff" || path.starts_with("/staff/");
    if request.method() != axum::http::Method::GET || !staff_page || path == "/staff/logout" {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let staff = <auth::CurrentStaff as axum::extract::OptionalFromRequestParts<AppState>>::from_request_parts(
        &mut parts, &state,
    )
    .await;
    if let Ok(Some(mut staff)) = staff {
        staff.shell = Some(std::sync::Arc::new(staff_shell_links(&state, &staff).await));
        parts.extensions.insert(staff);
    }
    next.run(axum::extract::Request::from_parts(parts, body))
        .await
}

/// A feature's sections of an organisation's public menu: (label, href).
type Sections = fn(&ui::Urls) -> Vec<(&'static str, String)>;

/// An organisation's public menu: each public feature's sections, in this
/// order.
fn public_menu(urls: &ui::Urls) -> Vec<(&'static str, String)> {
    let contributions: [Sections; 7] = [
        plan::public_links,
        progress::public_links,
        disclosure::public_links,
        activities::public_links,
        integrity::public_links,
        complaints::public_links,
        search::public_links,
    ];
    contributions.iter().flat_map(|links| links(urls)).collect()
}

/// Pages under `/o/{slug}` get the organisation's menu, its current section
/// marked.
async fn site_menu(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let path = request.uri().path();
    let slug = path
        .strip_prefix("/o/")
        .and_then(|rest| rest.split('/').next())
        .filter(|slug| {
            !slug.is_empty()
                && slug
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
        });
    let Some(slug) = slug else {
        return next.run(request).await;
    };
    let menu = ui::SiteMenu::new(public_menu(&ui::Urls::new(slug)), path);
    ui::with_site_menu(menu, next.run(request)).await
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
    // A handler may set a stricter policy of its own for one answer (an
    // evidence file shown in a frame of our own page: `frame-ancestors
    // 'self'`); every other answer gets this one.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; base-uri 'none'; \
                 form-action 'self'; frame-ancestors 'none'",
            ),
        );
    }
    // For browsers that predate frame-ancestors.
    if !headers.contains_key(header::X_FRAME_OPTIONS) {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
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
