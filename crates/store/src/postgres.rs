//! The PostgreSQL backend, for a national deployment with many organisations:
//! connection setup only. What PostgreSQL does differently (transactions,
//! `FOR UPDATE`) is in `db/dialect.rs`.

use crate::Result;
use crate::db::{Backed, Dialect, Pool, SqlStore};
use crate::pool::PoolHygiene;
use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::{Postgres, Transaction};
use std::sync::Arc;
use std::time::Duration;

/// Connections per application instance; PostgreSQL's default limit is 100.
const MAX_CONNECTIONS: u32 = 10;

/// How long a request waits for a free connection before failing.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// A [`Store`](crate::Store) in a PostgreSQL database.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    db: SqlStore,
    pub(crate) pool: PgPool,
    pub(crate) hygiene: Arc<PoolHygiene>,
}

impl PostgresStore {
    /// Connects to the database `options` describe.
    pub async fn connect_with(options: PgConnectOptions) -> Result<Self> {
        let hygiene = Arc::new(PoolHygiene::default());
        let pool = hygiene
            .postgres_pool()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await?;
        Ok(PostgresStore {
            db: SqlStore::new(Pool::Postgres(pool.clone()), Arc::clone(&hygiene)),
            pool,
            hygiene,
        })
    }

    /// Connections closed so far because they came back to the pool inside
    /// a transaction (see `pool.rs`).
    pub fn discarded_connections(&self) -> u64 {
        self.db.discarded_connections()
    }

    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Postgres>> {
        let write = Dialect::Postgres.begin_write();
        Ok(self.hygiene.begin(&self.pool, write).await?)
    }

    pub(crate) async fn begin_read(&self) -> Result<Transaction<'static, Postgres>> {
        let read = Dialect::Postgres.begin_read();
        Ok(self.hygiene.begin(&self.pool, read).await?)
    }
}

impl Backed for PostgresStore {
    fn db(&self) -> &SqlStore {
        &self.db
    }
}
