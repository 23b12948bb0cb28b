//! Sujarit's web layer: the public portal, server-rendered in Thai.
//!
//! Handlers are thin: they load what a page needs from the [`Store`], hand it
//! to a builder in `views` that turns domain data into a small view model of
//! ready-to-show strings, and render that with an askama template. Every
//! failure goes through [`WebError`], which never shows a database error to a
//! client.

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::get;
use sujarit_store::Store;

mod api;
mod assets;
pub mod auth;
pub mod cache;
pub mod complaints;
pub mod detach;
pub mod disclosure;
mod downloads;
mod error;
mod format;
mod handlers;
pub mod progress;
mod staff;
mod state;
mod ui;
mod views;

pub use cache::{PageCache, PageCacheConfig};
pub use error::WebError;
pub use state::{Clock, Resources};

/// What every handler gets: the storage behind the portal.
pub type AppState = Arc<dyn Store>;

/// The public portal's routes.
pub fn router(store: Arc<dyn Store>) -> Router {
    Router::new()
        .route("/", get(handlers::home))
        .route("/healthz", get(handlers::healthz))
        .merge(api::router())
        .route("/o/{slug}", get(handlers::plan_overview))
        .route("/o/{slug}/schedule/{fiscal_year}", get(handlers::schedule))
        .route("/o/{slug}/items/{item_ref}", get(handlers::item))
        .route("/o/{slug}/findings", get(handlers::findings))
        .route("/static/{*path}", get(assets::serve))
        .merge(auth::routes())
        .merge(staff::routes())
        .merge(progress::routes())
        .merge(complaints::routes())
        .merge(downloads::routes())
        .merge(disclosure::routes())
        .fallback(handlers::not_found)
        .layer(axum::middleware::from_fn(auth::origin::check))
        .layer(axum::middleware::map_response(security_headers))
        // Outermost: a client that hangs up never cuts a handler's database work.
        .layer(axum::middleware::from_fn(detach::run_to_completion))
        .with_state(store)
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
