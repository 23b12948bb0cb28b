//! Runs a scenario on each backend: SQLite in a temp file, PostgreSQL in a
//! fresh database per test.

use sqlx::Connection;
use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use sujarit_store::{Store, connect};

pub const POSTGRES_URL_VAR: &str = "SUJARIT_TEST_POSTGRES_URL";

pub type ScenarioFuture<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;
pub type Scenario = for<'a> fn(&'a dyn Store, &'a Raw) -> ScenarioFuture<'a>;

macro_rules! contract {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    crate::harness::on_sqlite(|store, raw| Box::pin(super::$scenario(store, raw))).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    crate::harness::on_postgres(|store, raw| Box::pin(super::$scenario(store, raw))).await;
                }
            )*
        }
    };
}

/// The database behind a store, reached directly for what the contract cannot
/// observe (how many rows each table holds).
pub enum Raw {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Raw {
    /// Rows per table, sqlx's own bookkeeping excluded.
    pub async fn row_counts(&self) -> BTreeMap<String, i64> {
        let mut counts = BTreeMap::new();
        match self {
            Raw::Sqlite(path) => {
                let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
                let mut conn = sqlx::SqliteConnection::connect_with(&options)
                    .await
                    .expect("open SQLite file");
                let tables: Vec<(String,)> = sqlx::query_as(
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                     AND name NOT LIKE '\\_sqlx%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
                )
                .fetch_all(&mut conn)
                .await
                .expect("list tables");
                for (table,) in tables {
                    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
                        .fetch_one(&mut conn)
                        .await
                        .expect("count rows");
                    counts.insert(table, n);
                }
            }
            Raw::Postgres(url) => {
                let mut conn = sqlx::PgConnection::connect(url)
                    .await
                    .expect("connect to the test database");
                let tables: Vec<(String,)> = sqlx::query_as(
                    "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' \
                     AND tablename NOT LIKE '\\_sqlx%'",
                )
                .fetch_all(&mut conn)
                .await
                .expect("list tables");
                for (table,) in tables {
                    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
                        .fetch_one(&mut conn)
                        .await
                        .expect("count rows");
                    counts.insert(table, n);
                }
            }
        }
        assert!(counts.contains_key("plans"), "schema missing: {counts:?}");
        counts
    }
}

/// Runs `scenario` on a migrated store, in its own task so that a failing
/// scenario still lets the harness clean up before reporting the panic.
pub async fn run(
    store: Arc<dyn Store>,
    raw: Raw,
    scenario: Scenario,
) -> Result<(), tokio::task::JoinError> {
    store.migrate().await.expect("migrate");
    tokio::spawn(async move { scenario(&*store, &raw).await }).await
}

pub async fn on_sqlite(scenario: Scenario) {
    let path = std::env::temp_dir().join(format!("sujarit-test-{}.db", uuid::Uuid::new_v4()));
    let path_text = path.to_str().expect("temporary path is UTF-8").to_owned();
    let store = connect(&path_text).await.expect("open SQLite store");
    let outcome = run(store, Raw::Sqlite(path.clone()), scenario).await;
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.clone().into_os_string();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
    if let Err(error) = outcome {
        std::panic::resume_unwind(error.into_panic());
    }
}

pub async fn on_postgres(scenario: Scenario) {
    let Some(server_url) = postgres_url() else {
        return;
    };
    let database = format!("sujarit_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(&server_url)
        .await
        .unwrap_or_else(|e| panic!("connect to {POSTGRES_URL_VAR}: {e}"));
    sqlx::query(&format!("CREATE DATABASE {database}"))
        .execute(&mut admin)
        .await
        .expect("create test database");
    let url = with_database(&server_url, &database);
    let store = connect(&url).await.expect("open PostgreSQL store");
    let outcome = run(store, Raw::Postgres(url), scenario).await;
    // FORCE: the store's pool may still hold connections while it shuts down.
    sqlx::query(&format!("DROP DATABASE {database} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .expect("drop test database");
    if let Err(error) = outcome {
        std::panic::resume_unwind(error.into_panic());
    }
}

/// The PostgreSQL server to test against; `None` (with a note) to skip, which
/// is only allowed outside CI.
pub fn postgres_url() -> Option<String> {
    let url = std::env::var(POSTGRES_URL_VAR).ok();
    if let Some(url) = url.filter(|url| !url.trim().is_empty()) {
        return Some(url);
    }
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !in_ci,
        "{POSTGRES_URL_VAR} is not set but CI is: CI must run the contract against PostgreSQL too"
    );
    eprintln!(
        "note: {POSTGRES_URL_VAR} is not set, so this PostgreSQL contract test did not run \
         (e.g. {POSTGRES_URL_VAR}=postgres://postgres@127.0.0.1:5432/postgres)"
    );
    None
}

/// `url` with its database replaced by `database`, query string kept.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    format!("{server}/{database}{query}")
}

#[test]
fn test_database_urls_keep_server_and_options() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/postgres", "t"),
        "postgres://postgres@127.0.0.1:5432/t"
    );
    assert_eq!(
        with_database("postgresql://u:p@db?sslmode=disable", "t"),
        "postgresql://u:p@db/t?sslmode=disable"
    );
}
