//! The SQLite backend: the default, a single file beside the application.
//! Connection setup only; what SQLite does differently (`BEGIN IMMEDIATE`,
//! the durability pragmas) is in `db/dialect.rs`. WAL lets readers run while
//! one writer writes.

use crate::Result;
use crate::db::{Pool, SqlStore};
use crate::pool::PoolHygiene;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// How long a writer waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Readers share the pool; writers take turns through `BEGIN IMMEDIATE`.
const MAX_CONNECTIONS: u32 = 8;

/// A [`Store`](crate::Store) in one SQLite database file: a [`SqlStore`]
/// made by [`SqliteStore::open`] or [`SqlStore::connect_with`] with
/// [`SqliteConnectOptions`].
pub type SqliteStore = SqlStore;

impl SqlStore {
    /// Opens the SQLite database file at `path`, creating it if missing.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::connect_with(SqliteConnectOptions::new().filename(path)).await
    }
}

/// Connects with `options`, after forcing the settings Sujarit relies on:
/// create if missing, WAL, `synchronous=NORMAL` (durable enough with WAL,
/// much faster), a 5 s busy timeout and foreign keys on.
pub(crate) async fn connect(options: SqliteConnectOptions) -> Result<SqlStore> {
    let options = options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(BUSY_TIMEOUT)
        .foreign_keys(true);
    let hygiene = Arc::new(PoolHygiene::default());
    let pool = hygiene
        .sqlite_pool()
        .max_connections(MAX_CONNECTIONS)
        .connect_with(options)
        .await?;
    Ok(SqlStore::new(Pool::Sqlite(pool), hygiene))
}
