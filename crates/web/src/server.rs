//! Serving connections with limits no client can get around: axum's own
//! `serve` sets no header-read timeout and takes every connection it is
//! offered, so a slow client (slowloris) or a flood of idle connections
//! could hold the server. Here, over hyper directly:
//!
//! - a request's head must arrive within `header_read_timeout` of the
//!   connection opening or of the previous answer (hyper's timer; it is
//!   also the idle timeout of a kept-alive connection);
//! - a request body that stops arriving for `body_idle_timeout` fails
//!   (`tower_http`'s body timeout), and no request takes longer than
//!   `request_timeout` to be answered (a Thai 503);
//! - at most `max_connections` are served at once; the next ones wait in
//!   the kernel's accept queue until one closes.
//!
//! HTTP/1.1 only: a reverse proxy in front speaks HTTP/2 to browsers if
//! wanted, and one protocol is one set of limits to get right.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::error::WebError;

/// The limits every connection is served under.
#[derive(Clone, Debug)]
pub struct ServerLimits {
    pub header_read_timeout: Duration,
    pub body_idle_timeout: Duration,
    pub request_timeout: Duration,
    pub max_connections: usize,
    /// How long shutting down waits for requests still running.
    pub shutdown_grace: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_read_timeout: Duration::from_secs(10),
            body_idle_timeout: Duration::from_secs(30),
            // A 30 MB upload over a slow line, a large report: generous,
            // but bounded.
            request_timeout: Duration::from_secs(300),
            max_connections: 512,
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// `app` with the per-request limits (body idle time, answer time).
pub fn with_request_limits(app: Router, limits: &ServerLimits) -> Router {
    let request_timeout = limits.request_timeout;
    app.layer(axum::middleware::from_fn(
        move |request: Request, next: Next| answer_within(request_timeout, request, next),
    ))
    .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
        limits.body_idle_timeout,
    ))
}

async fn answer_within(limit: Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => WebError::Unavailable("ระบบใช้เวลาตอบนานเกินกำหนด กรุณาลองใหม่อีกครั้งในภายหลัง".into())
            .into_response(),
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then waits up to
/// `shutdown_grace` for the requests still running.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = with_request_limits(app, &limits);
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        // A free slot first: beyond the cap, connections wait unaccepted.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: pause, not spin.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |request: Request<hyper::body::Incoming>| {
            let mut request = request.map(axum::body::Body::new);
            request.extensions_mut().insert(ConnectInfo(peer));
            tower::ServiceExt::oneshot(app.clone(), request)
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that vanished or sent garbage: nothing to do.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!("requests still running at shutdown were cut off");
        }
    }
    Ok(())
}
