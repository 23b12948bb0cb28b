//! Serves a folder's files as static bytes with the same stack as Sujarit
//! (tokio + axum), the baseline of the load benchmark (bench/load.sh).
//! `cargo run --release -p sujarit-web --example static_files -- DIR ADDR`

use axum::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;
use std::sync::Arc;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("DIR"));
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8091".into());
    // Files are read once, like a static server with a page cache.
    let mut files = std::collections::HashMap::new();
    for entry in std::fs::read_dir(&dir).expect("read DIR") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        files.insert(name, std::fs::read(&path).expect("read file"));
    }
    let files = Arc::new(files);
    let app = axum::Router::new().route(
        "/{name}",
        axum::routing::get(move |Path(name): Path<String>| {
            let files = files.clone();
            async move {
                match files.get(&name) {
                    Some(bytes) => (
                        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                        bytes.clone(),
                    )
                        .into_response(),
                    None => axum::http::StatusCode::NOT_FOUND.into_response(),
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    println!("static files on http://{addr}/");
    axum::serve(listener, app).await.expect("serve");
}
