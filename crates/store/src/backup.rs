//! The database half of `sujarit backup` and `sujarit restore`: every table
//! read in one snapshot, and written back in one transaction.
//!
//! A table travels as JSON lines, one object per row, every column by name.
//! On PostgreSQL a row is `row_to_json` and goes back through
//! `json_populate_recordset`, so PostgreSQL itself converts each value to and
//! from its column's type (bytea, timestamptz, jsonb, double precision) with
//! nothing lost. On SQLite each value keeps its storage class: integers and
//! text as JSON numbers and strings, a REAL as `{"real": "<shortest exact
//! decimal>"}` (JSON parsers may round floats), a BLOB as `{"blob": "<hex>"}`.
//!
//! Decision (ARCHITECTURE.md): a logical dump on both databases rather than
//! `pg_dump` or SQLite's backup API / `VACUUM INTO`. It needs no outside
//! binary of the server's major version, restores the same way on both,
//! into a database that must be empty, in one transaction that either
//! loads everything or nothing. The snapshot is one read transaction:
//! `REPEATABLE READ READ ONLY` on PostgreSQL; on SQLite (WAL) a read
//! transaction sees one snapshot while writers go on.
//!
//! Tables come in the order their foreign keys need (parents first), read
//! from the database's catalogue, so a restore inserts them in archive order.

use crate::db::{Dialect, Pool, SqlStore, Tx};
use crate::{Result, StoreError};
use serde_json::{Map, Value};
use sqlx::{Column, Row, TypeInfo, ValueRef};
use std::collections::{BTreeMap, BTreeSet};

/// The migrations table: the schema version travels in the manifest instead,
/// and the target gets its own from `migrate`.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// Rows sent to PostgreSQL in one statement (as one JSON array).
const ROWS_PER_STATEMENT: usize = 500;

/// One table as read: its name, its rows as JSON lines, how many.
#[derive(Debug)]
pub struct TableDump {
    pub name: String,
    pub rows: u64,
    /// One JSON object per line, each line ending in `\n`.
    pub json_lines: Vec<u8>,
}

/// Which database a store talks to, as the manifest names it.
pub fn database_kind(store: &SqlStore) -> &'static str {
    match store.dialect() {
        Dialect::Sqlite => "sqlite",
        Dialect::Postgres => "postgres",
    }
}

/// The newest migration this binary knows for a database kind (`sqlite` or
/// `postgres`, as [`database_kind`] names it); `None` for another name.
pub fn latest_schema_version(database_kind: &str) -> Option<i64> {
    match database_kind {
        "sqlite" => Some(crate::db::latest_migration(Dialect::Sqlite)),
        "postgres" => Some(crate::db::latest_migration(Dialect::Postgres)),
        _ => None,
    }
}

/// The newest migration applied to the database; `None` before any.
pub async fn schema_version(store: &SqlStore) -> Result<Option<i64>> {
    let tables = table_names(&store.pool).await?;
    if !tables.iter().any(|t| t == MIGRATIONS_TABLE) {
        return Ok(None);
    }
    let sql = "SELECT MAX(version) FROM _sqlx_migrations WHERE success";
    Ok(match &store.pool {
        Pool::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await?,
        Pool::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await?,
    })
}

/// Reads every table in one snapshot, parents before children, handing each
/// to `each` as soon as it is read (so only one table is held at a time).
pub async fn dump(
    store: &SqlStore,
    each: &mut (dyn FnMut(TableDump) -> std::io::Result<()> + Send),
) -> Result<Vec<(String, u64)>, DumpError> {
    let mut tx = store.begin_read().await?;
    let outcome = dump_in(&mut tx, each).await;
    // Ended here, not dropped: a dropped transaction's connection is
    // closed with a warning (`pool.rs`).
    let ended = tx.rollback().await;
    let counts = outcome?;
    ended.map_err(StoreError::from)?;
    Ok(counts)
}

async fn dump_in(
    tx: &mut Tx<'static>,
    each: &mut (dyn FnMut(TableDump) -> std::io::Result<()> + Send),
) -> Result<Vec<(String, u64)>, DumpError> {
    let tables = ordered_tables(tx).await?;
    let mut counts = Vec::with_capacity(tables.len());
    for table in tables {
        let dump = match &mut *tx {
            Tx::Sqlite(conn) => dump_sqlite(conn, &table).await?,
            Tx::Postgres(conn) => dump_postgres(conn, &table).await?,
        };
        counts.push((dump.name.clone(), dump.rows));
        each(dump).map_err(DumpError::Write)?;
    }
    Ok(counts)
}

/// Why a dump stopped.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The caller could not write a table out.
    #[error("writing the backup failed: {0}")]
    Write(std::io::Error),
}

impl From<sqlx::Error> for DumpError {
    fn from(e: sqlx::Error) -> Self {
        DumpError::Store(e.into())
    }
}

/// Why a restore refused or failed; nothing was written in any case.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The target already holds rows (this table's, at least).
    #[error("the target database is not empty: table {table} has rows")]
    NotEmpty { table: String },
    /// The archive names a table this schema does not have.
    #[error("the backup has a table the database does not: {0}")]
    UnknownTable(String),
    /// A row that cannot be read or stored (line counted from 1).
    #[error("table {table}, row {line}: {reason}")]
    BadRow {
        table: String,
        line: usize,
        reason: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for LoadError {
    fn from(e: sqlx::Error) -> Self {
        LoadError::Store(e.into())
    }
}

/// The first table of the database that holds a row, if any (the
/// migrations table aside).
pub async fn first_table_with_rows(store: &SqlStore) -> Result<Option<String>> {
    for table in table_names(&store.pool).await? {
        if table == MIGRATIONS_TABLE {
            continue;
        }
        let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", quoted(&table));
        let any: bool = match &store.pool {
            Pool::Sqlite(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await?,
            Pool::Postgres(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await?,
        };
        if any {
            return Ok(Some(table));
        }
    }
    Ok(None)
}

/// A restore under way: one write transaction, committed by [`Load::commit`]
/// after the last table; dropped (or on any error), nothing stays.
pub struct Load {
    tx: Tx<'static>,
    tables: BTreeSet<String>,
}

/// Starts a restore into `store`, which must be migrated and empty; the
/// emptiness is checked again inside the transaction.
pub async fn begin_load(store: &SqlStore) -> Result<Load, LoadError> {
    let mut tx = store.begin_write().await?;
    let tables: BTreeSet<String> = ordered_tables(&mut tx).await?.into_iter().collect();
    for table in &tables {
        let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", quoted(table));
        let any: bool = match &mut tx {
            Tx::Sqlite(conn) => sqlx::query_scalar(&sql).fetch_one(&mut **conn).await?,
            Tx::Postgres(conn) => sqlx::query_scalar(&sql).fetch_one(&mut **conn).await?,
        };
        if any {
            tx.rollback().await?;
            return Err(LoadError::NotEmpty {
                table: table.clone(),
            });
        }
    }
    Ok(Load { tx, tables })
}

impl Load {
    /// Inserts the rows of `table` (JSON lines as [`dump`] wrote them).
    /// Returns how many.
    pub async fn table(&mut self, table: &str, json_lines: &[u8]) -> Result<u64, LoadError> {
        if !self.tables.contains(table) {
            return Err(LoadError::UnknownTable(table.to_string()));
        }
        let text = std::str::from_utf8(json_lines).map_err(|_| LoadError::BadRow {
            table: table.to_string(),
            line: 0,
            reason: "not UTF-8".into(),
        })?;
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        match &mut self.tx {
            Tx::Sqlite(conn) => load_sqlite(conn, table, &lines).await?,
            Tx::Postgres(conn) => load_postgres(conn, table, &lines).await?,
        }
        Ok(lines.len() as u64)
    }

    /// Undoes everything loaded so far.
    pub async fn rollback(self) -> Result<(), LoadError> {
        self.tx.rollback().await?;
        Ok(())
    }

    /// Makes everything loaded so far permanent, at once.
    pub async fn commit(self) -> Result<(), LoadError> {
        self.tx.commit().await?;
        Ok(())
    }
}

/// A table name as an SQL identifier. Names come from the catalogue (or are
/// checked against it first), so quoting is for keywords, not for safety.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The database's tables (the migrations table included), by name.
async fn table_names(pool: &Pool) -> Result<Vec<String>> {
    Ok(match pool {
        Pool::Sqlite(pool) => sqlx::query_scalar(SQLITE_TABLES).fetch_all(pool).await?,
        Pool::Postgres(pool) => sqlx::query_scalar(POSTGRES_TABLES).fetch_all(pool).await?,
    })
}

/// The search index (`search_` tables, FTS5's own included) is left out: it
/// is derived from the other tables and rebuilt by the server.
const SQLITE_TABLES: &str = "SELECT name FROM sqlite_master \
     WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
     AND name NOT LIKE 'search!_%' ESCAPE '!' ORDER BY name";

const POSTGRES_TABLES: &str = "SELECT table_name::text FROM information_schema.tables \
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
     AND table_name NOT LIKE 'search!_%' ESCAPE '!' ORDER BY table_name";

/// Sujarit's tables, each after the tables its foreign keys point to.
async fn ordered_tables(tx: &mut Tx<'_>) -> Result<Vec<String>> {
    let (names, references): (Vec<String>, Vec<(String, String)>) = match tx {
        Tx::Sqlite(conn) => (
            sqlx::query_scalar(SQLITE_TABLES)
                .fetch_all(&mut **conn)
                .await?,
            sqlx::query_as(
                "SELECT m.name, f.\"table\" FROM sqlite_master AS m, \
                 pragma_foreign_key_list(m.name) AS f WHERE m.type = 'table'",
            )
            .fetch_all(&mut **conn)
            .await?,
        ),
        Tx::Postgres(conn) => (
            sqlx::query_scalar(POSTGRES_TABLES)
                .fetch_all(&mut **conn)
                .await?,
            sqlx::query_as(
                "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text \
                 FROM pg_constraint AS c JOIN pg_namespace AS n ON n.oid = c.connamespace \
                 WHERE c.contype = 'f' AND n.nspname = current_schema()",
            )
            .fetch_all(&mut **conn)
            .await?,
        ),
    };
    let mut parents: BTreeMap<String, BTreeSet<String>> = names
        .into_iter()
        .filter(|n| n != MIGRATIONS_TABLE)
        .map(|n| (n, BTreeSet::new()))
        .collect();
    for (child, parent) in references {
        let (child, parent) = (unquoted(&child), unquoted(&parent));
        if child != parent
            && let Some(set) = parents.get_mut(&child)
        {
            set.insert(parent);
        }
    }
    // Kahn's order, alphabetical among equals so the same schema gives the
    // same order.
    let mut ordered = Vec::with_capacity(parents.len());
    while !parents.is_empty() {
        let ready: Vec<String> = parents
            .iter()
            .filter(|(_, ps)| ps.iter().all(|p| !parents.contains_key(p)))
            .map(|(t, _)| t.clone())
            .collect();
        if ready.is_empty() {
            return Err(StoreError::Corrupt(
                "the foreign keys between tables form a cycle".into(),
            ));
        }
        for table in ready {
            parents.remove(&table);
            ordered.push(table);
        }
    }
    Ok(ordered)
}

/// `regclass::text` quotes a name only when it must.
fn unquoted(name: &str) -> String {
    name.trim_matches('"').to_string()
}

async fn dump_postgres(conn: &mut sqlx::PgConnection, table: &str) -> Result<TableDump> {
    let sql = format!("SELECT row_to_json(t)::text FROM {} AS t", quoted(table));
    let rows: Vec<String> = sqlx::query_scalar(&sql).fetch_all(conn).await?;
    let mut json_lines = Vec::with_capacity(rows.iter().map(|r| r.len() + 1).sum());
    for row in &rows {
        json_lines.extend_from_slice(row.as_bytes());
        json_lines.push(b'\n');
    }
    Ok(TableDump {
        name: table.to_string(),
        rows: rows.len() as u64,
        json_lines,
    })
}

async fn load_postgres(
    conn: &mut sqlx::PgConnection,
    table: &str,
    lines: &[&str],
) -> Result<(), LoadError> {
    let sql = format!(
        "INSERT INTO {0} SELECT * FROM json_populate_recordset(NULL::{0}, $1::json)",
        quoted(table)
    );
    for (chunk_no, chunk) in lines.chunks(ROWS_PER_STATEMENT).enumerate() {
        let array = format!("[{}]", chunk.join(","));
        sqlx::query(&sql)
            .bind(array)
            .execute(&mut *conn)
            .await
            .map_err(|e| LoadError::BadRow {
                table: table.to_string(),
                line: chunk_no * ROWS_PER_STATEMENT + 1,
                reason: e.to_string(),
            })?;
    }
    Ok(())
}

async fn dump_sqlite(conn: &mut sqlx::SqliteConnection, table: &str) -> Result<TableDump> {
    let sql = format!("SELECT * FROM {}", quoted(table));
    let rows = sqlx::query(&sql).fetch_all(conn).await?;
    let mut json_lines = Vec::new();
    for row in &rows {
        let mut object = Map::new();
        for (i, column) in row.columns().iter().enumerate() {
            object.insert(column.name().to_string(), sqlite_value(row, i, table)?);
        }
        serde_json::to_writer(&mut json_lines, &Value::Object(object))
            .map_err(|e| StoreError::Corrupt(format!("{table}: {e}")))?;
        json_lines.push(b'\n');
    }
    Ok(TableDump {
        name: table.to_string(),
        rows: rows.len() as u64,
        json_lines,
    })
}

/// One SQLite value by its storage class (see the module's comment).
fn sqlite_value(row: &sqlx::sqlite::SqliteRow, i: usize, table: &str) -> Result<Value> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let class = raw.type_info().name().to_string();
    Ok(match class.as_str() {
        "INTEGER" => Value::from(row.try_get_unchecked::<i64, _>(i)?),
        "REAL" => {
            let real: f64 = row.try_get_unchecked(i)?;
            tagged("real", real.to_string())
        }
        "TEXT" => Value::from(row.try_get_unchecked::<String, _>(i)?),
        "BLOB" => tagged("blob", hex::encode(row.try_get_unchecked::<Vec<u8>, _>(i)?)),
        other => {
            return Err(StoreError::Corrupt(format!(
                "{table}: a value of storage class {other}"
            )));
        }
    })
}

fn tagged(tag: &str, text: String) -> Value {
    let mut object = Map::new();
    object.insert(tag.to_string(), Value::String(text));
    Value::Object(object)
}

/// A SQLite value read back from its JSON form.
enum SqliteValue {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

fn sqlite_value_from(json: &Value) -> Option<SqliteValue> {
    Some(match json {
        Value::Null => SqliteValue::Null,
        Value::Number(n) => SqliteValue::Integer(n.as_i64()?),
        Value::String(s) => SqliteValue::Text(s.clone()),
        Value::Object(o) if o.len() == 1 => match o.iter().next()? {
            (tag, Value::String(s)) if tag == "real" => SqliteValue::Real(s.parse().ok()?),
            (tag, Value::String(s)) if tag == "blob" => SqliteValue::Blob(hex::decode(s).ok()?),
            _ => return None,
        },
        _ => return None,
    })
}

async fn load_sqlite(
    conn: &mut sqlx::SqliteConnection,
    table: &str,
    lines: &[&str],
) -> Result<(), LoadError> {
    for (index, line) in lines.iter().enumerate() {
        let bad = |reason: String| LoadError::BadRow {
            table: table.to_string(),
            line: index + 1,
            reason,
        };
        let Ok(Value::Object(row)) = serde_json::from_str::<Value>(line) else {
            return Err(bad("not a JSON object".into()));
        };
        let columns: Vec<String> = row.keys().map(|c| quoted(c)).collect();
        let placeholders: Vec<String> = (1..=columns.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            quoted(table),
            columns.join(", "),
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (column, value) in &row {
            query = match sqlite_value_from(value)
                .ok_or_else(|| bad(format!("column {column}: not a value")))?
            {
                SqliteValue::Null => query.bind(None::<i64>),
                SqliteValue::Integer(v) => query.bind(v),
                SqliteValue::Real(v) => query.bind(v),
                SqliteValue::Text(v) => query.bind(v),
                SqliteValue::Blob(v) => query.bind(v),
            };
        }
        query
            .execute(&mut *conn)
            .await
            .map_err(|e| bad(e.to_string()))?;
    }
    Ok(())
}
