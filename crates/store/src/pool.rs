//! Pool hygiene: **no connection goes back to a pool inside a transaction.**
//!
//! sqlx returns a connection to its pool when the future that held it is
//! dropped (a client hung up, a timeout fired). Dropped while a transaction
//! was starting, the connection can come back inside a transaction that
//! nobody will end (sqlx issue 3932): SQLite acknowledges a `BEGIN …` given
//! as text before sqlx checks that it took effect, and sqlx counts a
//! PostgreSQL `BEGIN` only once the server has answered. The next borrower
//! then runs inside a stranger's transaction: SQLite refuses `PRAGMA
//! synchronous` and a second `BEGIN`, PostgreSQL keeps a stale snapshot or a
//! read-only mode (issue 16: filings answered 500 after a burst of cancelled
//! page reads).
//!
//! Three defences, none of which trusts the others:
//!
//! * every transaction in this crate starts through [`PoolHygiene::begin`] or
//!   [`PoolHygiene::begin_on`], which notice a start that was dropped before
//!   it finished;
//! * each pool's `after_release` hook closes, instead of pooling, a connection
//!   that sqlx counts as inside a transaction (on SQLite the count is exact:
//!   the worker thread runs `BEGIN`/`COMMIT`/`ROLLBACK` and updates it as one
//!   step). On PostgreSQL, for [`PROBE_WINDOW`] after a start was dropped, the
//!   hook also asks the server, since that is the one case sqlx does not count;
//! * the durable filing path holds its connection in a [`Held`], which closes
//!   the connection if the path is dropped before it restored it.
//!
//! (In the server, request handlers also run to completion in their own task,
//! see `sujarit_web::detach`, so a hang-up does not cancel database work at
//! all; these defences hold for every other caller too.)

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sqlx::pool::PoolConnection;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::{Connection, Database, Executor, Pool, Row, Transaction};

/// How long after a dropped start released PostgreSQL connections are
/// checked with the server. The dropped connection is handed back by a task
/// spawned the moment it is dropped, so this is ample.
pub(crate) const PROBE_WINDOW: Duration = Duration::from_secs(10);

/// True when the connection is inside a transaction block. Outside one, each
/// simple-protocol statement is its own transaction and PostgreSQL gives it
/// the statement's own start time; inside one, `now()` is when the block
/// began, an earlier statement (the hook pings first, so at least one round
/// trip earlier).
const POSTGRES_IN_TRANSACTION: &str = "SELECT now() <> statement_timestamp()";

/// What the hooks of one store's pool share.
#[derive(Debug, Default)]
pub(crate) struct PoolHygiene {
    /// Connections closed because they came back inside a transaction.
    discarded: AtomicU64,
    /// Until when released PostgreSQL connections are checked with the server.
    probe_until: Mutex<Option<Instant>>,
}

impl PoolHygiene {
    /// Connections closed so far because they came back inside a transaction.
    pub(crate) fn discarded(&self) -> u64 {
        self.discarded.load(Ordering::Relaxed)
    }

    /// Starts a transaction on a connection of `pool` with `statement`.
    pub(crate) async fn begin<DB: Database>(
        &self,
        pool: &Pool<DB>,
        statement: &'static str,
    ) -> Result<Transaction<'static, DB>, sqlx::Error> {
        let starting = Starting::new(self);
        let tx = pool.begin_with(statement).await;
        starting.finished();
        tx
    }

    /// Starts a transaction on a connection the caller holds.
    pub(crate) async fn begin_on<'c, DB: Database>(
        &self,
        conn: &'c mut DB::Connection,
        statement: &'static str,
    ) -> Result<Transaction<'c, DB>, sqlx::Error> {
        let starting = Starting::new(self);
        let tx = conn.begin_with(statement).await;
        starting.finished();
        tx
    }

    /// The SQLite pool's options: a connection inside a transaction is closed.
    pub(crate) fn sqlite_pool(self: &Arc<Self>) -> SqlitePoolOptions {
        let hygiene = Arc::clone(self);
        SqlitePoolOptions::new().after_release(move |conn, _| {
            let hygiene = Arc::clone(&hygiene);
            Box::pin(async move { Ok(hygiene.keep(conn.is_in_transaction())) })
        })
    }

    /// The PostgreSQL pool's options: a connection inside a transaction is
    /// closed; after a dropped start, the server is asked as well.
    pub(crate) fn postgres_pool(self: &Arc<Self>) -> PgPoolOptions {
        let hygiene = Arc::clone(self);
        PgPoolOptions::new().after_release(move |conn, _| {
            let hygiene = Arc::clone(&hygiene);
            Box::pin(async move {
                if conn.is_in_transaction() || !hygiene.probing() {
                    return Ok(hygiene.keep(conn.is_in_transaction()));
                }
                Ok(hygiene.keep(postgres_in_transaction(conn).await?))
            })
        })
    }

    /// Whether a released connection goes back to the pool (`false`: it is closed).
    fn keep(&self, in_transaction: bool) -> bool {
        if in_transaction {
            let total = self.discarded.fetch_add(1, Ordering::Relaxed) + 1;
            tracing::warn!(
                total,
                "a database connection came back inside a transaction; closed instead of pooled"
            );
        }
        !in_transaction
    }

    fn start_was_dropped(&self) {
        *self.probe_until.lock().unwrap_or_else(|e| e.into_inner()) =
            Some(Instant::now() + PROBE_WINDOW);
    }

    fn probing(&self) -> bool {
        let until = self.probe_until.lock().unwrap_or_else(|e| e.into_inner());
        until.is_some_and(|until| Instant::now() < until)
    }
}

/// Asks the server whether `conn` is inside a transaction block.
async fn postgres_in_transaction(conn: &mut sqlx::PgConnection) -> Result<bool, sqlx::Error> {
    // Let a `BEGIN` still in flight arrive before asking.
    conn.ping().await?;
    let row = conn.fetch_one(POSTGRES_IN_TRANSACTION).await?;
    row.try_get(0)
}

/// Notices a transaction start whose future was dropped before it finished.
struct Starting<'a> {
    hygiene: &'a PoolHygiene,
    finished: bool,
}

impl<'a> Starting<'a> {
    fn new(hygiene: &'a PoolHygiene) -> Self {
        Starting {
            hygiene,
            finished: false,
        }
    }

    fn finished(mut self) {
        self.finished = true;
    }
}

impl Drop for Starting<'_> {
    fn drop(&mut self) {
        if !self.finished {
            self.hygiene.start_was_dropped();
        }
    }
}

/// A pooled connection whose session settings a caller changes for a while
/// (the durable filing path): dropped before [`Held::restored`], the
/// connection is closed rather than pooled with those settings or inside
/// its transaction.
pub(crate) struct Held<DB: Database> {
    conn: PoolConnection<DB>,
    restored: bool,
}

impl<DB: Database> Held<DB> {
    /// A connection from `pool` that sqlx counts as outside any transaction
    /// (one that is not is closed and another taken), so this path does not
    /// depend on what an earlier borrower left behind.
    pub(crate) async fn acquire(pool: &Pool<DB>) -> Result<Self, sqlx::Error> {
        loop {
            let mut conn = pool.acquire().await?;
            if !conn.is_in_transaction() {
                return Ok(Held {
                    conn,
                    restored: false,
                });
            }
            tracing::warn!("a pooled connection was inside a transaction; closed");
            conn.close_on_drop();
        }
    }

    pub(crate) fn conn(&mut self) -> &mut DB::Connection {
        &mut self.conn
    }

    /// The connection is back as it was lent: it may return to the pool.
    pub(crate) fn restored(mut self) {
        self.restored = true;
    }
}

impl<DB: Database> Drop for Held<DB> {
    fn drop(&mut self) {
        if !self.restored {
            self.conn.close_on_drop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The CI-aware server URL from sujarit-testkit, which depends on core but
    // not on this crate: using it here links no second copy of store's types.
    use sujarit_testkit::postgres::postgres_url;

    /// Waits until every connection lent out is back or closed: the release
    /// task (spawned on drop, where the hook runs) has finished.
    async fn settle<DB: Database>(pool: &Pool<DB>) {
        tokio::time::timeout(Duration::from_secs(10), async {
            while pool.num_idle() < pool.size() as usize {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        })
        .await
        .expect("the pool took its connection back");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_closes_a_connection_released_inside_a_transaction() {
        let hygiene = Arc::new(PoolHygiene::default());
        let pool = hygiene
            .sqlite_pool()
            .max_connections(2)
            .connect("sqlite::memory:")
            .await
            .expect("pool");
        let mut conn = pool.acquire().await.expect("acquire");
        // A transaction nobody will end: its handle is forgotten, as when
        // the future that began it was dropped after the `BEGIN`.
        std::mem::forget(
            hygiene
                .begin_on::<sqlx::Sqlite>(&mut *conn, "BEGIN")
                .await
                .expect("begin"),
        );
        assert!(conn.is_in_transaction());
        drop(conn);
        settle(&pool).await;
        assert_eq!(hygiene.discarded(), 1);
        // Every connection the pool now lends can change its safety level,
        // which SQLite refuses inside a transaction.
        let mut lent = Vec::new();
        for _ in 0..2 {
            let mut conn = pool.acquire().await.expect("acquire");
            conn.execute("PRAGMA synchronous = FULL")
                .await
                .expect("outside a transaction");
            lent.push(conn);
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_asks_the_server_after_a_dropped_start() {
        let Some(url) = postgres_url() else { return };
        let hygiene = Arc::new(PoolHygiene::default());
        let pool = hygiene
            .postgres_pool()
            .max_connections(1)
            .connect(&url)
            .await
            .expect("pool");

        // Outside the probe window, a connection sqlx counts as outside a
        // transaction goes back untested.
        let mut conn = pool.acquire().await.expect("acquire");
        conn.execute("SELECT 1").await.expect("select");
        drop(conn);
        settle(&pool).await;
        assert_eq!(hygiene.discarded(), 0);

        // A `BEGIN` sqlx did not count: the shape a dropped start leaves.
        let mut conn = pool.acquire().await.expect("acquire");
        sqlx::raw_sql("BEGIN")
            .execute(&mut *conn)
            .await
            .expect("begin");
        assert!(!conn.is_in_transaction(), "sqlx does not count a raw BEGIN");
        let in_block = postgres_in_transaction(&mut conn).await.expect("probe");
        assert!(in_block, "the probe sees the open block");
        // A start is dropped somewhere: the window opens.
        drop(Starting::new(&hygiene));
        drop(conn);
        settle(&pool).await;
        assert_eq!(hygiene.discarded(), 1);

        // The one connection the pool now lends is a new one, outside a block.
        let mut conn = pool.acquire().await.expect("acquire");
        let in_block = postgres_in_transaction(&mut conn).await.expect("probe");
        assert!(
            !in_block,
            "autocommit: each statement is its own transaction"
        );
        drop(conn);
        settle(&pool).await;
        assert_eq!(hygiene.discarded(), 1, "a clean connection is kept");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_held_connection_dropped_before_it_was_restored_is_closed() {
        let hygiene = Arc::new(PoolHygiene::default());
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .in_memory(true)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Normal);
        let pool = hygiene
            .sqlite_pool()
            .max_connections(1)
            .connect_with(options)
            .await
            .expect("pool");
        let mut held = Held::acquire(&pool).await.expect("acquire");
        held.conn()
            .execute("PRAGMA synchronous = FULL")
            .await
            .expect("full");
        drop(held);
        settle(&pool).await;
        let mut conn = pool.acquire().await.expect("acquire");
        let (level,): (i64,) = sqlx::query_as("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await
            .expect("level");
        assert_eq!(
            level, 1,
            "a new connection at NORMAL, not the one left at FULL"
        );
    }
}
