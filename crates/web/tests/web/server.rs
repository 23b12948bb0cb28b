//! The server's own connection handling, over real TCP on 127.0.0.1 with
//! clients that are slow on purpose: a head that never ends, a body that
//! stops, more connections than the cap. Nothing here asserts how fast
//! anything is; each wait for the server has a generous guard so that a
//! broken server fails the test instead of hanging it.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use sujarit_web::server::{ServerLimits, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Long enough for any healthy server on a loaded machine.
const GUARD: Duration = Duration::from_secs(20);

async fn start(limits: ServerLimits) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let app = Router::new().route("/", get(|| async { "ok" })).route(
        "/upload",
        post(|body: axum::body::Bytes| async move { format!("{}", body.len()) }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve(listener, app, limits, async move {
        let _ = stopped.await;
    }));
    (address, stop)
}

/// Reads until the server closes the connection (or the guard runs out).
async fn read_to_close(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    tokio::time::timeout(GUARD, stream.read_to_end(&mut answer))
        .await
        .expect("the server never closed the connection")
        .ok();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_head_that_never_ends_is_cut_off() {
    let (address, _stop) = start(ServerLimits {
        header_read_timeout: Duration::from_millis(300),
        ..Default::default()
    })
    .await;
    let mut slow = TcpStream::connect(address).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: sujarit.test\r\nX-Slow: ")
        .await
        .unwrap();
    // Never finished: the server must close the connection by itself.
    let answer = read_to_close(&mut slow).await;
    assert!(!answer.contains("200 OK"), "{answer}");
    // An idle connection that sends nothing at all is closed too.
    let mut idle = TcpStream::connect(address).await.unwrap();
    assert!(!read_to_close(&mut idle).await.contains("200 OK"));
    // Meanwhile ordinary clients are served.
    let mut quick = TcpStream::connect(address).await.unwrap();
    quick
        .write_all(b"GET / HTTP/1.1\r\nHost: sujarit.test\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    assert!(
        read_to_close(&mut quick)
            .await
            .starts_with("HTTP/1.1 200 OK")
    );
}

#[tokio::test]
async fn a_body_that_stops_arriving_fails() {
    let (address, _stop) = start(ServerLimits {
        body_idle_timeout: Duration::from_millis(300),
        ..Default::default()
    })
    .await;
    let mut slow = TcpStream::connect(address).await.unwrap();
    slow.write_all(
        b"POST /upload HTTP/1.1\r\nHost: sujarit.test\r\nContent-Length: 1000\r\n\r\nonly ten b",
    )
    .await
    .unwrap();
    let answer = read_to_close(&mut slow).await;
    assert!(!answer.contains("200 OK"), "{answer}");
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_for_a_free_one() {
    let (address, _stop) = start(ServerLimits {
        max_connections: 2,
        header_read_timeout: Duration::from_secs(60),
        ..Default::default()
    })
    .await;
    // Two clients hold both places, sending nothing.
    let first = TcpStream::connect(address).await.unwrap();
    let _second = TcpStream::connect(address).await.unwrap();
    // A third gets through TCP (the kernel's queue) but is not served yet.
    let mut third = TcpStream::connect(address).await.unwrap();
    third
        .write_all(b"GET / HTTP/1.1\r\nHost: sujarit.test\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut byte = [0u8; 1];
    let early = tokio::time::timeout(Duration::from_millis(500), third.read(&mut byte)).await;
    assert!(early.is_err(), "served while both places were taken");
    // One place frees up: the third is served.
    drop(first);
    let mut rest = Vec::new();
    tokio::time::timeout(GUARD, third.read_to_end(&mut rest))
        .await
        .expect("never served")
        .unwrap();
    assert!(String::from_utf8_lossy(&rest).contains("200 OK"));
}

#[tokio::test]
async fn a_request_past_its_time_gets_a_thai_503() {
    let app = Router::new().route(
        "/slow",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            "late"
        }),
    );
    let limits = ServerLimits {
        request_timeout: Duration::from_millis(200),
        ..Default::default()
    };
    let app = sujarit_web::server::with_request_limits(app, &limits);
    let response = tower::ServiceExt::oneshot(
        app,
        axum::http::Request::builder()
            .uri("/slow")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        response.status(),
        axum::http::StatusCode::SERVICE_UNAVAILABLE
    );
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert!(String::from_utf8_lossy(&body).contains("ลองใหม่"));
}
