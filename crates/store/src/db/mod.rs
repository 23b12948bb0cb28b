//! The one dispatch layer under every feature: a [`SqlStore`] holds a pool of
//! either database, a transaction ([`Tx`]) is of either database, and a
//! [`Query`] runs on either; the features' methods are ordinary functions over
//! these, written and compiled once. What the databases do differently lives
//! in [`dialect`] alone; how a write ends (commit, or roll back at once), the
//! organisation check and the audit entry in [`write`].

mod args;
mod dialect;
mod exec;
mod write;

pub(crate) use args::{Arg, Statement, now_for_storage};
pub(crate) use dialect::{Dialect, Lock, latest_migration};
pub(crate) use exec::{Exec, Query, query, query_as};
pub(crate) use write::{audit, finish, organization_exists};

use crate::Result;
use crate::plans::sql::PlanCache;
use crate::pool::{Held, PoolHygiene};
use sqlx::postgres::PgPool;
use sqlx::sqlite::SqlitePool;
use sqlx::{Postgres, Sqlite, Transaction};
use std::sync::Arc;

/// A pool of connections to one database.
#[derive(Clone, Debug)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A transaction on either database. Ended by [`Tx::commit`] or
/// [`Tx::rollback`] (or [`finish`]); dropped, sqlx rolls it back.
pub(crate) enum Tx<'c> {
    Sqlite(Transaction<'c, Sqlite>),
    Postgres(Transaction<'c, Postgres>),
}

impl Tx<'_> {
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }

    pub(crate) async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => tx.rollback().await,
            Tx::Postgres(tx) => tx.rollback().await,
        }
    }

    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Tx::Sqlite(_) => Dialect::Sqlite,
            Tx::Postgres(_) => Dialect::Postgres,
        }
    }
}

/// The store, whichever database holds it: [`SqliteStore`](crate::SqliteStore)
/// and [`PostgresStore`](crate::PostgresStore) are this type, each name with
/// its database's constructors. Every storage trait is implemented once, here.
#[derive(Clone, Debug)]
pub struct SqlStore {
    pub(crate) pool: Pool,
    pub(crate) hygiene: Arc<PoolHygiene>,
    /// Plans already read, by plan id (versions never change once saved).
    pub(crate) plan_cache: Arc<PlanCache>,
}

/// Connection options of a database Sujarit can use: SQLite's or PostgreSQL's.
pub trait ConnectOptions: Send {
    #[doc(hidden)]
    fn connect(self) -> std::pin::Pin<Box<dyn Future<Output = Result<SqlStore>> + Send>>;
}

impl ConnectOptions for sqlx::sqlite::SqliteConnectOptions {
    fn connect(self) -> std::pin::Pin<Box<dyn Future<Output = Result<SqlStore>> + Send>> {
        Box::pin(crate::sqlite::connect(self))
    }
}

impl ConnectOptions for sqlx::postgres::PgConnectOptions {
    fn connect(self) -> std::pin::Pin<Box<dyn Future<Output = Result<SqlStore>> + Send>> {
        Box::pin(crate::postgres::connect(self))
    }
}

impl SqlStore {
    /// Connects with `options` (SQLite's or PostgreSQL's), after forcing the
    /// settings Sujarit relies on (see `sqlite.rs` and `postgres.rs`).
    pub async fn connect_with(options: impl ConnectOptions) -> Result<Self> {
        options.connect().await
    }

    pub(crate) fn new(pool: Pool, hygiene: Arc<PoolHygiene>) -> Self {
        SqlStore {
            pool,
            hygiene,
            plan_cache: Default::default(),
        }
    }

    pub(crate) fn dialect(&self) -> Dialect {
        match self.pool {
            Pool::Sqlite(_) => Dialect::Sqlite,
            Pool::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Connections closed so far because they came back to the pool inside
    /// a transaction (see `pool.rs`).
    pub fn discarded_connections(&self) -> u64 {
        self.hygiene.discarded()
    }

    /// Brings the schema up to date.
    pub(crate) async fn migrate(&self) -> Result<()> {
        dialect::migrate(&self.pool).await
    }

    async fn begin(&self, statement: fn(Dialect) -> &'static str) -> Result<Tx<'static>> {
        let statement = statement(self.dialect());
        Ok(match &self.pool {
            Pool::Sqlite(pool) => Tx::Sqlite(self.hygiene.begin(pool, statement).await?),
            Pool::Postgres(pool) => Tx::Postgres(self.hygiene.begin(pool, statement).await?),
        })
    }

    /// A write transaction (SQLite: with the write lock taken).
    pub(crate) async fn begin_write(&self) -> Result<Tx<'static>> {
        self.begin(Dialect::begin_write).await
    }

    /// A read transaction: one snapshot for all its statements.
    pub(crate) async fn begin_read(&self) -> Result<Tx<'static>> {
        self.begin(Dialect::begin_read).await
    }
}

/// A pooled connection set to make every commit durable against power loss
/// ([`Dialect::durable`]) until [`Durable::restore`]; dropped before that,
/// the connection is closed rather than pooled (see `pool::Held`).
pub(crate) enum Durable {
    Sqlite(Held<Sqlite>),
    Postgres(Held<Postgres>),
}

impl SqlStore {
    /// A connection of the pool, switched to durable commits.
    pub(crate) async fn hold_durable(&self) -> Result<Durable> {
        let mut held = match &self.pool {
            Pool::Sqlite(pool) => Durable::Sqlite(Held::acquire(pool).await?),
            Pool::Postgres(pool) => Durable::Postgres(Held::acquire(pool).await?),
        };
        if let Some((on, _)) = self.dialect().durable() {
            query(on).execute(held.target()).await?;
        }
        Ok(held)
    }
}

impl Durable {
    fn dialect(&self) -> Dialect {
        match self {
            Durable::Sqlite(_) => Dialect::Sqlite,
            Durable::Postgres(_) => Dialect::Postgres,
        }
    }

    fn target(&mut self) -> exec::Target<'_> {
        match self {
            Durable::Sqlite(held) => exec::Target::Sqlite(held.conn()),
            Durable::Postgres(held) => exec::Target::Postgres(held.conn()),
        }
    }

    /// A write transaction on this connection.
    pub(crate) async fn begin_write(&mut self, hygiene: &PoolHygiene) -> Result<Tx<'_>> {
        let write = self.dialect().begin_write();
        Ok(match self {
            Durable::Sqlite(held) => Tx::Sqlite(hygiene.begin_on(held.conn(), write).await?),
            Durable::Postgres(held) => Tx::Postgres(hygiene.begin_on(held.conn(), write).await?),
        })
    }

    /// Back to the connection's default: it may return to the pool.
    pub(crate) async fn restore(mut self) -> Result<()> {
        if let Some((_, off)) = self.dialect().durable() {
            query(off).execute(self.target()).await?;
        }
        match self {
            Durable::Sqlite(held) => held.restored(),
            Durable::Postgres(held) => held.restored(),
        }
        Ok(())
    }
}
