//! The PostgreSQL backend, for a national deployment with many organisations:
//! connection setup only. What PostgreSQL does differently (transactions,
//! `FOR UPDATE`) is in `db/dialect.rs`.

use crate::Result;
use crate::db::{Pool, SqlStore};
use crate::pool::PoolHygiene;
use sqlx::postgres::PgConnectOptions;
use std::sync::Arc;
use std::time::Duration;

/// Connections per application instance; PostgreSQL's default limit is 100.
const MAX_CONNECTIONS: u32 = 10;

/// How long a request waits for a free connection before failing.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// A [`Store`](crate::Store) in a PostgreSQL database: a [`SqlStore`] made
/// by [`SqlStore::connect_with`] with [`PgConnectOptions`].
pub type PostgresStore = SqlStore;

/// Connects to the database `options` describe.
pub(crate) async fn connect(options: PgConnectOptions) -> Result<SqlStore> {
    let hygiene = Arc::new(PoolHygiene::default());
    let pool = hygiene
        .postgres_pool()
        .max_connections(MAX_CONNECTIONS)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await?;
    Ok(SqlStore::new(Pool::Postgres(pool), hygiene))
}
