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
pub use state::{AppState, Clock, ComplaintConfig, Participation, Resources};

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
        // A client that hangs up never cuts a handler's database work.
        .layer(axum::middleware::from_fn(detach::run_to_completion))
        // Outermost, so that even the answer to a panic carries them.
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// The staff menu: each feature's own entries, in this order. Features do
/// not know each other; this is where they meet.
fn staff_menu(actor: &Actor) -> Vec<ui::StaffLink> {
    let contributions: [fn(&Actor) -> Vec<ui::StaffLink>; 8] = [
        progress::staff_links,
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

async fn not_found() -> WebError {
    WebError::NotFound("ไม่พบหน้าที่คุณต้องการ ที่อยู่อาจพิมพ์ผิดหรือหน้านี้ถูกย้ายแล้ว".into())
}

/// Pages load nothing from elsewhere (no CDN, intranet-friendly); the policy
/// makes that a rule the browser enforces rather than a habit.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}
