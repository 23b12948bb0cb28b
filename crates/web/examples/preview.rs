//! Serves the public pages over a SQLite database holding the test fixture
//! plan, to look at them in a browser:
//! `cargo run -p sujarit-web --example preview -- 127.0.0.1:8080`.

use sujarit_store::ImportSource;
use sujarit_testkit::plan as fixture;

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".to_string());
    let dir = std::env::temp_dir().join(format!("sujarit-preview-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = format!("sqlite://{}", dir.join("sujarit.db").display());
    let store = sujarit_store::connect(&url).await.expect("store");
    store.migrate().await.expect("migrate");
    let org = store
        .ensure_organization("nakhon", fixture::ORG_NAME)
        .await
        .expect("organisation");
    let source = ImportSource {
        file_name: "แผน.txt".to_string(),
        sha256: "ab".repeat(32),
    };
    store
        .save_plan_import(&org.id, &fixture::report(), &source)
        .await
        .expect("save");
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    println!("http://{addr}/");
    axum::serve(
        listener,
        sujarit_web::router(sujarit_web::AppState::new(store)),
    )
    .await
    .expect("serve");
}
