//! The PostgreSQL server of the tests, and a fresh database on it per test.

/// Where the tests find their PostgreSQL server, e.g.
/// `postgres://postgres@127.0.0.1:5432/postgres`.
pub const POSTGRES_URL_VAR: &str = "SUJARIT_TEST_POSTGRES_URL";

/// The PostgreSQL server to test against; `None` (with a note) to skip, which
/// is only allowed outside CI: with `CI` set (and not `false` or `0`), a
/// missing server fails the test.
pub fn postgres_url() -> Option<String> {
    let url = std::env::var(POSTGRES_URL_VAR).ok();
    if let Some(url) = url.filter(|url| !url.trim().is_empty()) {
        return Some(url);
    }
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !in_ci,
        "{POSTGRES_URL_VAR} is not set but CI is: CI must run the tests against PostgreSQL too"
    );
    eprintln!(
        "note: {POSTGRES_URL_VAR} is not set, so this PostgreSQL test did not run \
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

/// A fresh database (`sujarit_test_<uuid>`) on the tests' server, for one
/// test; [`TempPostgres::drop_database`] removes it.
#[cfg(feature = "postgres")]
pub struct TempPostgres {
    server_url: String,
    pub name: String,
    /// The URL of the new database.
    pub url: String,
}

#[cfg(feature = "postgres")]
impl TempPostgres {
    /// Creates the database on the server `server_url` points to.
    pub async fn create(server_url: &str) -> TempPostgres {
        use sqlx::Connection;
        let name = format!("sujarit_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = sqlx::PgConnection::connect(server_url)
            .await
            .unwrap_or_else(|e| panic!("connect to {POSTGRES_URL_VAR}: {e}"));
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("create test database");
        let _ = admin.close().await;
        TempPostgres {
            url: with_database(server_url, &name),
            server_url: server_url.to_owned(),
            name,
        }
    }

    /// Drops the database, whoever is still connected to it (`FORCE`: a
    /// store's pool may still hold connections while it shuts down).
    pub async fn drop_database(self) {
        use sqlx::Connection;
        let mut admin = sqlx::PgConnection::connect(&self.server_url)
            .await
            .unwrap_or_else(|e| panic!("connect to {POSTGRES_URL_VAR}: {e}"));
        sqlx::query(&format!("DROP DATABASE {} WITH (FORCE)", self.name))
            .execute(&mut admin)
            .await
            .expect("drop test database");
        let _ = admin.close().await;
    }
}
