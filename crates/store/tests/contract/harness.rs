//! Runs a scenario on each backend: SQLite in a temp file, PostgreSQL in a
//! fresh database per test (both from `sujarit-testkit`).

use sqlx::Connection;
use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use sujarit_store::{Store, connect};
use sujarit_testkit::postgres::{TempPostgres, postgres_url, with_database};
use sujarit_testkit::{remove_sqlite, temp_sqlite};

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
    /// Rows per table, sqlx's own bookkeeping excluded, and on SQLite the
    /// search index's FTS5 shadow tables (`search_fts_*`: their own records,
    /// present when empty, growing with every change until FTS5 merges them;
    /// `search_fts` itself counts the indexed documents).
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
                    if table.starts_with("search_fts_") {
                        continue;
                    }
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

impl Raw {
    /// Every table's primary key, its columns in key order, read from the
    /// catalogue: `information_schema` on PostgreSQL, `pragma_table_info` on
    /// SQLite. A table without a primary key maps to an empty list; FTS5's
    /// virtual table and its shadow tables are listed like any other.
    pub async fn primary_keys(&self) -> BTreeMap<String, Vec<String>> {
        let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
        match self {
            Raw::Sqlite(path) => {
                let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
                let mut conn = sqlx::SqliteConnection::connect_with(&options)
                    .await
                    .expect("open SQLite file");
                let tables: Vec<(String,)> = sqlx::query_as(
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                     AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
                )
                .fetch_all(&mut conn)
                .await
                .expect("list tables");
                for (table,) in tables {
                    let columns: Vec<(String,)> = sqlx::query_as(
                        "SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk",
                    )
                    .bind(&table)
                    .fetch_all(&mut conn)
                    .await
                    .expect("read a table's key");
                    keys.insert(table, columns.into_iter().map(|(c,)| c).collect());
                }
            }
            Raw::Postgres(url) => {
                let mut conn = sqlx::PgConnection::connect(url)
                    .await
                    .expect("connect to the test database");
                let tables: Vec<(String,)> = sqlx::query_as(
                    "SELECT table_name::text FROM information_schema.tables \
                     WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
                )
                .fetch_all(&mut conn)
                .await
                .expect("list tables");
                for (table,) in tables {
                    keys.insert(table, Vec::new());
                }
                let columns: Vec<(String, String)> = sqlx::query_as(
                    "SELECT k.table_name::text, k.column_name::text \
                     FROM information_schema.table_constraints c \
                     JOIN information_schema.key_column_usage k \
                       ON k.constraint_schema = c.constraint_schema \
                      AND k.constraint_name = c.constraint_name \
                      AND k.table_name = c.table_name \
                     WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = 'public' \
                     ORDER BY k.table_name, k.ordinal_position",
                )
                .fetch_all(&mut conn)
                .await
                .expect("read the keys");
                for (table, column) in columns {
                    keys.entry(table).or_default().push(column);
                }
            }
        }
        assert!(keys.contains_key("plans"), "schema missing: {keys:?}");
        keys
    }
}

/// A value bound to a statement run through [`Raw::execute`].
pub enum RawArg<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
}

impl Raw {
    /// Runs one statement on the database itself (what a thief with the
    /// database, or an old version of the schema's data, would do) and
    /// returns how many rows it changed. Parameters are `$1`, `$2`, … on
    /// both databases, first used in that order.
    pub async fn execute(&self, sql: &str, args: &[RawArg<'_>]) -> u64 {
        macro_rules! run {
            ($db:ty, $conn:expr) => {{
                let mut query = sqlx::query::<$db>(sql);
                for arg in args {
                    query = match arg {
                        RawArg::Text(text) => query.bind(text.to_string()),
                        RawArg::Bytes(bytes) => query.bind(bytes.to_vec()),
                    };
                }
                query
                    .execute(&mut $conn)
                    .await
                    .unwrap_or_else(|e| panic!("{sql}: {e}"))
                    .rows_affected()
            }};
        }
        match self {
            Raw::Sqlite(path) => {
                let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
                let mut conn = sqlx::SqliteConnection::connect_with(&options)
                    .await
                    .expect("open SQLite file");
                run!(sqlx::Sqlite, conn)
            }
            Raw::Postgres(url) => {
                let mut conn = sqlx::PgConnection::connect(url)
                    .await
                    .expect("connect to the test database");
                run!(sqlx::Postgres, conn)
            }
        }
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
    let (url, path) = temp_sqlite();
    let store = connect(&url).await.expect("open SQLite store");
    let outcome = run(store, Raw::Sqlite(path.clone()), scenario).await;
    remove_sqlite(&path);
    if let Err(error) = outcome {
        std::panic::resume_unwind(error.into_panic());
    }
}

pub async fn on_postgres(scenario: Scenario) {
    let Some(server_url) = postgres_url() else {
        return;
    };
    let database = TempPostgres::create(&server_url).await;
    let store = connect(&database.url).await.expect("open PostgreSQL store");
    let outcome = run(store, Raw::Postgres(database.url.clone()), scenario).await;
    database.drop_database().await;
    if let Err(error) = outcome {
        std::panic::resume_unwind(error.into_panic());
    }
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
