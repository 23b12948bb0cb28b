//! The SQLite backend: the default, a single file beside the application.
//! Connection setup only; what SQLite does differently (`BEGIN IMMEDIATE`,
//! the durability pragmas) is in `db/dialect.rs`. WAL lets readers run while
//! one writer writes.

use crate::Result;
use crate::db::{Backed, Dialect, Pool, SqlStore};
use crate::pool::PoolHygiene;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqliteSynchronous};
use sqlx::{Sqlite, Transaction};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// How long a writer waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Readers share the pool; writers take turns through `BEGIN IMMEDIATE`.
const MAX_CONNECTIONS: u32 = 8;

/// A [`Store`](crate::Store) in one SQLite database file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    db: SqlStore,
    pub(crate) pool: SqlitePool,
    pub(crate) hygiene: Arc<PoolHygiene>,
}

impl SqliteStore {
    /// Opens the database file at `path`, creating it if missing.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::connect_with(SqliteConnectOptions::new().filename(path)).await
    }

    /// Connects with `options`, after forcing the settings Sujarit relies on:
    /// create if missing, WAL, `synchronous=NORMAL` (durable enough with WAL,
    /// much faster), a 5 s busy timeout and foreign keys on.
    pub async fn connect_with(options: SqliteConnectOptions) -> Result<Self> {
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
        Ok(SqliteStore {
            db: SqlStore::new(Pool::Sqlite(pool.clone()), Arc::clone(&hygiene)),
            pool,
            hygiene,
        })
    }

    /// Connections closed so far because they came back to the pool inside
    /// a transaction (see `pool.rs`).
    pub fn discarded_connections(&self) -> u64 {
        self.db.discarded_connections()
    }

    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>> {
        let write = Dialect::Sqlite.begin_write();
        Ok(self.hygiene.begin(&self.pool, write).await?)
    }

    pub(crate) async fn begin_read(&self) -> Result<Transaction<'static, Sqlite>> {
        let read = Dialect::Sqlite.begin_read();
        Ok(self.hygiene.begin(&self.pool, read).await?)
    }
}

impl Backed for SqliteStore {
    fn db(&self) -> &SqlStore {
        &self.db
    }
}
