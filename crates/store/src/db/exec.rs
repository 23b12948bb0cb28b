//! Running a statement on either database: a [`Query`] carries its SQL and
//! its typed arguments ([`Arg`]), and each of `execute`, `fetch_all`,
//! `fetch_one` and `fetch_optional` matches on the database once. A row type
//! only has to derive `sqlx::FromRow` to be read from both ([`Row`]).

use super::{Arg, Statement};
use super::{Pool, Tx};
use sqlx::postgres::{PgConnection, PgPool, PgRow};
use sqlx::sqlite::{SqliteConnection, SqlitePool, SqliteRow};
use sqlx::{FromRow, Postgres, Sqlite};
use std::marker::PhantomData;

/// Binds `args` in order; `$query` is a `sqlx::query(..)` of either database.
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                $crate::db::Arg::Text(v) => query.bind(v),
                $crate::db::Arg::OptText(v) => query.bind(v),
                $crate::db::Arg::Int(v) => query.bind(v),
                $crate::db::Arg::OptInt(v) => query.bind(v),
                $crate::db::Arg::Real(v) => query.bind(v),
                $crate::db::Arg::OptDate(v) => query.bind(v),
                $crate::db::Arg::Timestamp(v) => query.bind(v),
                $crate::db::Arg::OptTimestamp(v) => query.bind(v),
                $crate::db::Arg::Bool(v) => query.bind(v),
                $crate::db::Arg::Blob(v) => query.bind(v),
                $crate::db::Arg::OptBlob(v) => query.bind(v),
            };
        }
        query
    }};
}

/// A row type both databases can read.
pub(crate) trait Row:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{}

/// Where a statement runs: a connection (usually a transaction's) or a pool.
pub(crate) enum Target<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
    SqlitePool(&'a SqlitePool),
    PostgresPool(&'a PgPool),
}

/// Something a statement can run on: `&mut Tx` or `&Pool`.
pub(crate) trait Exec<'a>: Send {
    fn target(self) -> Target<'a>;
}

impl<'a, 'c> Exec<'a> for &'a mut Tx<'c> {
    fn target(self) -> Target<'a> {
        match self {
            Tx::Sqlite(tx) => Target::Sqlite(tx),
            Tx::Postgres(tx) => Target::Postgres(tx),
        }
    }
}

impl<'a> Exec<'a> for Target<'a> {
    fn target(self) -> Target<'a> {
        self
    }
}

impl<'a> Exec<'a> for &'a Pool {
    fn target(self) -> Target<'a> {
        match self {
            Pool::Sqlite(pool) => Target::SqlitePool(pool),
            Pool::Postgres(pool) => Target::PostgresPool(pool),
        }
    }
}

/// A statement with its arguments, reading rows of type `R`.
#[must_use = "a query does nothing until it is run"]
pub(crate) struct Query<'q, R = ()> {
    sql: &'q str,
    args: Vec<Arg>,
    row: PhantomData<fn() -> R>,
}

/// A statement whose rows (if any) are not read.
pub(crate) fn query(sql: &str) -> Query<'_> {
    query_as(sql)
}

/// A statement whose rows are read as `R`.
pub(crate) fn query_as<R>(sql: &str) -> Query<'_, R> {
    Query {
        sql,
        args: Vec::new(),
        row: PhantomData,
    }
}

impl From<Statement> for Query<'static> {
    fn from(statement: Statement) -> Self {
        Query {
            sql: statement.sql,
            args: statement.args,
            row: PhantomData,
        }
    }
}

/// What a statement did.
pub(crate) struct Done {
    rows_affected: u64,
}

impl Done {
    pub(crate) fn rows_affected(&self) -> u64 {
        self.rows_affected
    }
}

/// Runs `$run` (a method of sqlx's query) on the query built for the target's
/// database.
macro_rules! on_target {
    ($self:ident, $on:ident, $build:ident $(, $row:ty)?; |$query:ident, $executor:ident| $run:expr) => {
        match $on.target() {
            Target::Sqlite($executor) => {
                let $query = bind_args!(sqlx::$build::<Sqlite $(, $row)?>($self.sql), $self.args);
                $run
            }
            Target::SqlitePool($executor) => {
                let $query = bind_args!(sqlx::$build::<Sqlite $(, $row)?>($self.sql), $self.args);
                $run
            }
            Target::Postgres($executor) => {
                let $query = bind_args!(sqlx::$build::<Postgres $(, $row)?>($self.sql), $self.args);
                $run
            }
            Target::PostgresPool($executor) => {
                let $query = bind_args!(sqlx::$build::<Postgres $(, $row)?>($self.sql), $self.args);
                $run
            }
        }
    };
}

impl<'q, R> Query<'q, R> {
    /// Adds the next argument (`$1`, `$2`, … in order).
    pub(crate) fn bind(mut self, value: impl Into<Arg>) -> Self {
        self.args.push(value.into());
        self
    }

    /// Adds the next arguments, in order.
    pub(crate) fn bind_all(mut self, values: impl IntoIterator<Item = Arg>) -> Self {
        self.args.extend(values);
        self
    }

    pub(crate) async fn execute<'a>(self, on: impl Exec<'a>) -> Result<Done, sqlx::Error> {
        let rows_affected = on_target!(self, on, query; |query, executor| query
            .execute(executor)
            .await?
            .rows_affected());
        Ok(Done { rows_affected })
    }
}

impl<'q, R: Row> Query<'q, R> {
    pub(crate) async fn fetch_all<'a>(self, on: impl Exec<'a>) -> Result<Vec<R>, sqlx::Error> {
        on_target!(self, on, query_as, R; |query, executor| query
            .fetch_all(executor)
            .await)
    }

    pub(crate) async fn fetch_one<'a>(self, on: impl Exec<'a>) -> Result<R, sqlx::Error> {
        on_target!(self, on, query_as, R; |query, executor| query
            .fetch_one(executor)
            .await)
    }

    pub(crate) async fn fetch_optional<'a>(
        self,
        on: impl Exec<'a>,
    ) -> Result<Option<R>, sqlx::Error> {
        on_target!(self, on, query_as, R; |query, executor| query
            .fetch_optional(executor)
            .await)
    }
}
