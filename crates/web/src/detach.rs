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
    use std::time::Duration;
    use tokio::sync::{Notify, mpsc};
    use tower::ServiceExt;

    /// `/work` waits for `gate`, then reports on `finished`: no timing involved.
    fn app(gate: Arc<Notify>, finished: mpsc::UnboundedSender<()>) -> Router {
        Router::new()
            .route(
                "/work",
                post(move || async move {
                    gate.notified().await;
                    let _ = finished.send(());
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
        let gate = Arc::new(Notify::new());
        let (finished, mut ended) = mpsc::unbounded_channel();
        let mut request = Box::pin(app(gate.clone(), finished).oneshot(post_to("/work")));
        // Polled once: the handler is waiting at its gate.
        assert!(futures_poll_once(request.as_mut()).await.is_none());
        // The client hangs up, then the handler may go on.
        drop(request);
        gate.notify_one();
        let ended = tokio::time::timeout(Duration::from_secs(10), ended.recv()).await;
        assert_eq!(ended.expect("the work was cut off"), Some(()));
    }

    /// Polls `future` once: its output if it was ready.
    async fn futures_poll_once<F: std::future::Future + Unpin>(mut future: F) -> Option<F::Output> {
        std::future::poll_fn(|cx| {
            std::task::Poll::Ready(match std::pin::Pin::new(&mut future).poll(cx) {
                std::task::Poll::Ready(output) => Some(output),
                std::task::Poll::Pending => None,
            })
        })
        .await
    }

    #[tokio::test]
    async fn a_panicking_handler_gets_the_generic_error_page() {
        let (finished, _) = mpsc::unbounded_channel();
        let response = app(Arc::default(), finished)
            .oneshot(post_to("/panic"))
            .await
            .expect("response");
        assert_eq!(
            response.status(),
            axum::http::StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
