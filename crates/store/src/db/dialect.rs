//! Everything the two databases do differently, in one place: how a
//! transaction starts, how a write locks its organisation, how a commit is
//! made durable against power loss, and which migrations apply. The SQL of
//! the features is the same text on both (`$n` placeholders, `ON CONFLICT`
//! upserts and 64-bit integers work in SQLite and PostgreSQL alike).
//!
//! SQLite runs WAL with `synchronous=NORMAL`; every write transaction starts
//! with `BEGIN IMMEDIATE`, because a deferred transaction that reads and then
//! writes has to upgrade its lock, and under contention that upgrade fails at
//! once with `SQLITE_BUSY_SNAPSHOT`, bypassing `busy_timeout`. Taking the write
//! lock up front makes concurrent writers queue instead, so SQLite needs no row
//! locks. PostgreSQL writes start with a plain `BEGIN` and lock the
//! organisation's row (`SELECT … FOR UPDATE`) where two writers must take turns.

use super::Pool;
use crate::Result;

/// Which database a pool or transaction talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// Whether checking an organisation also locks its row until the commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lock {
    /// Only check that it exists.
    No,
    /// PostgreSQL: lock the row (`FOR UPDATE`); SQLite's write lock already
    /// serialises writers.
    Organization,
}

const SELECT_ORGANIZATION: &str =
    "SELECT organization_id FROM organizations WHERE organization_id = $1";

const LOCK_ORGANIZATION: &str =
    "SELECT organization_id FROM organizations WHERE organization_id = $1 FOR UPDATE";

impl Dialect {
    /// How a write transaction starts.
    pub(crate) fn begin_write(self) -> &'static str {
        match self {
            // The write lock up front (see above).
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            // Rows are locked `FOR UPDATE` where needed.
            Dialect::Postgres => "BEGIN",
        }
    }

    /// How a read transaction starts: one snapshot for all its statements.
    pub(crate) fn begin_read(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN",
            Dialect::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        }
    }

    /// The select that checks an organisation, and locks it if asked.
    pub(crate) fn organization(self, lock: Lock) -> &'static str {
        match (self, lock) {
            (Dialect::Postgres, Lock::Organization) => LOCK_ORGANIZATION,
            _ => SELECT_ORGANIZATION,
        }
    }

    /// Run on the connection before a commit that must survive power loss
    /// (filing complaints), and after it to restore the connection's default.
    /// SQLite in WAL with `synchronous=NORMAL`: a commit is in the WAL file
    /// (the OS's page cache) when it returns, which survives the process
    /// being killed but not a power cut or kernel crash; `FULL` fsyncs the
    /// WAL at every commit (one flush per filed batch, so group commit keeps
    /// it cheap). PostgreSQL's default (`synchronous_commit = on`) already
    /// flushes the WAL before a commit returns.
    pub(crate) fn durable(self) -> Option<(&'static str, &'static str)> {
        match self {
            Dialect::Sqlite => Some(("PRAGMA synchronous = FULL", "PRAGMA synchronous = NORMAL")),
            Dialect::Postgres => None,
        }
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The newest migration this binary carries for `dialect`'s database.
pub(crate) fn latest_migration(dialect: Dialect) -> i64 {
    let migrator = match dialect {
        Dialect::Sqlite => &SQLITE_MIGRATIONS,
        Dialect::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Brings the schema up to date with the migrations of the pool's database.
pub(crate) async fn migrate(pool: &Pool) -> Result<()> {
    match pool {
        Pool::Sqlite(pool) => {
            // SQLite changes a table's constraints only by rebuilding it
            // (0010), and dropping the old table must not cascade to its
            // children: foreign keys are off on this connection while the
            // migrations run (sqlx runs each in a transaction, where the
            // pragma cannot change), then checked and switched back on.
            let mut conn = pool.acquire().await?;
            sqlx::query("PRAGMA foreign_keys = OFF")
                .execute(&mut *conn)
                .await?;
            let outcome = SQLITE_MIGRATIONS.run_direct(&mut *conn).await;
            let broken = sqlx::query("PRAGMA foreign_key_check")
                .fetch_all(&mut *conn)
                .await;
            sqlx::query("PRAGMA foreign_keys = ON")
                .execute(&mut *conn)
                .await?;
            outcome?;
            let broken = broken?;
            if !broken.is_empty() {
                return Err(crate::StoreError::Corrupt(format!(
                    "{} rows break a foreign key after migrating",
                    broken.len()
                )));
            }
        }
        Pool::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
    }
    Ok(())
}
