//! Where a PostgreSQL primary's write-ahead log stands, and how far a
//! streaming replica has replayed it (issue 15: public reads may be served
//! by a replica, and a client's read after its own write must not be stale).
//! SQLite has no replicas: both positions are `None` there.

use crate::Result;
use crate::db::{Dialect, SqlStore, query_as};
use async_trait::async_trait;
use std::fmt;

/// A position in PostgreSQL's write-ahead log (a `pg_lsn`), ordered as the
/// log is. Written as PostgreSQL writes it, `"16/B374D848"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WalPosition(pub u64);

impl WalPosition {
    /// Reads `"HI/LO"` (hexadecimal halves, as `pg_lsn` prints); None for
    /// anything else.
    pub fn parse(text: &str) -> Option<WalPosition> {
        let (hi, lo) = text.split_once('/')?;
        let valid =
            |s: &str| !s.is_empty() && s.len() <= 8 && s.bytes().all(|b| b.is_ascii_hexdigit());
        if !valid(hi) || !valid(lo) {
            return None;
        }
        let hi = u64::from_str_radix(hi, 16).ok()?;
        let lo = u64::from_str_radix(lo, 16).ok()?;
        Some(WalPosition((hi << 32) | lo))
    }
}

impl fmt::Display for WalPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:X}/{:X}", self.0 >> 32, self.0 & 0xFFFF_FFFF)
    }
}

#[async_trait]
pub trait ReplicationStore: Send + Sync {
    /// The primary's current write position (`pg_current_wal_lsn()`): every
    /// transaction committed before this call is at or before it. None on
    /// SQLite, and on a server in recovery (a replica).
    async fn wal_position(&self) -> Result<Option<WalPosition>>;

    /// How far this server, a streaming replica, has replayed the primary's
    /// log (`pg_last_wal_replay_lsn()`): a transaction committed on the
    /// primary at or before it is visible here. None on SQLite and on a
    /// server that is not in recovery.
    async fn replayed_position(&self) -> Result<Option<WalPosition>>;
}

const CURRENT: &str = "SELECT CASE WHEN pg_is_in_recovery() THEN NULL \
                       ELSE pg_current_wal_lsn()::text END";
const REPLAYED: &str = "SELECT pg_last_wal_replay_lsn()::text";

impl SqlStore {
    async fn position(&self, sql: &str) -> Result<Option<WalPosition>> {
        if self.dialect() != Dialect::Postgres {
            return Ok(None);
        }
        let (text,): (Option<String>,) = query_as(sql).fetch_one(&self.pool).await?;
        Ok(text.as_deref().and_then(WalPosition::parse))
    }
}

#[async_trait]
impl ReplicationStore for SqlStore {
    async fn wal_position(&self) -> Result<Option<WalPosition>> {
        self.position(CURRENT).await
    }

    async fn replayed_position(&self) -> Result<Option<WalPosition>> {
        self.position(REPLAYED).await
    }
}

#[cfg(test)]
mod tests {
    use super::WalPosition;

    #[test]
    fn positions_read_and_write_as_postgresql_does() {
        let p = WalPosition::parse("16/B374D848").unwrap();
        assert_eq!(p.0, (0x16 << 32) | 0xB374_D848);
        assert_eq!(p.to_string(), "16/B374D848");
        assert!(WalPosition::parse("0/3000148").unwrap() < WalPosition::parse("1/0").unwrap());
        assert!(WalPosition::parse("0/10").unwrap() > WalPosition::parse("0/F").unwrap());
        for bad in [
            "",
            "/",
            "1/",
            "/1",
            "x/1",
            "1/1/1",
            "123456789/0",
            "1 /0",
            "+1/0",
        ] {
            assert_eq!(WalPosition::parse(bad), None, "{bad:?}");
        }
    }
}
