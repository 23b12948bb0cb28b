//! Every request runs to its end in a task of its own.
//!
//! When a client hangs up, hyper drops the future serving it. Dropped in the
//! middle of database work, that would cut a transaction in half (issue 16:
//! pooled connections came back inside one). Here the handler runs in a
//! spawned task that the hang-up cannot reach: the response is simply not
//! sent. The store's pool hygiene (`sujarit_store`'s `pool.rs`) still guards
//! every other caller.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

use crate::WebError;

/// The middleware: `next` runs in its own task; a panic there is logged and
/// answered with the generic error page.
pub async fn run_to_completion(request: Request, next: Next) -> Response {
    to_completion(next.run(request)).await
}

/// Runs `work` in a task of its own and waits for it: dropping the caller
/// does not stop it.
pub(crate) async fn to_completion(
    work: impl std::future::Future<Output = Response> + Send + 'static,
) -> Response {
    let handling = tokio::spawn(work.in_current_span());
    match handling.await {
        Ok(response) => response,
        Err(error) => {
            WebError::Internal(format!("request handler failed: {error}")).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::routing::post;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;
    use tower::ServiceExt;

    fn app(finished: Arc<AtomicBool>) -> Router {
        Router::new()
            .route(
                "/work",
                post(move || async move {
                    // Work that takes a while, then records that it ended.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    finished.store(true, Ordering::SeqCst);
                }),
            )
            .route("/panic", post(panics))
            .layer(axum::middleware::from_fn(run_to_completion))
    }

    async fn panics() -> &'static str {
        panic!("a bug in a handler")
    }

    fn post_to(path: &str) -> Request {
        Request::post(path).body(Body::empty()).expect("request")
    }

    #[tokio::test]
    async fn a_request_dropped_by_its_client_still_runs_to_its_end() {
        let finished = Arc::new(AtomicBool::new(false));
        let request = app(finished.clone()).oneshot(post_to("/work"));
        // The client hangs up while the handler is half-way.
        let dropped = tokio::time::timeout(Duration::from_millis(10), request).await;
        assert!(dropped.is_err(), "the handler should still be running");
        assert!(!finished.load(Ordering::SeqCst));
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(finished.load(Ordering::SeqCst), "the work was cut off");
    }

    #[tokio::test]
    async fn a_panicking_handler_gets_the_generic_error_page() {
        let response = app(Arc::default())
            .oneshot(post_to("/panic"))
            .await
            .expect("response");
        assert_eq!(
            response.status(),
            axum::http::StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
