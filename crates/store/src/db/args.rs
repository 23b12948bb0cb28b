//! The arguments of a statement, typed but dialect-neutral: a [`Query`]
//! (`exec.rs`) keeps them as [`Arg`]s and binds them for the database it runs
//! on.
//!
//! [`Query`]: super::Query

use sujarit_core::Baht;
use time::{Date, OffsetDateTime};

/// A value to bind, tagged with its SQL type. Nulls carry their type too,
/// because PostgreSQL checks the type of every parameter, NULL or not.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Arg {
    Text(String),
    OptText(Option<String>),
    Int(i64),
    OptInt(Option<i64>),
    Real(f64),
    OptDate(Option<Date>),
    Timestamp(OffsetDateTime),
    OptTimestamp(Option<OffsetDateTime>),
    Bool(bool),
    Blob(Vec<u8>),
    OptBlob(Option<Vec<u8>>),
}

/// One parameterised statement (the plan import builds lists of them).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Statement {
    pub(crate) sql: &'static str,
    pub(crate) args: Vec<Arg>,
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(v.to_owned())
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Arg::Text(v.clone())
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(v)
    }
}
impl From<&Option<String>> for Arg {
    fn from(v: &Option<String>) -> Self {
        Arg::OptText(v.clone())
    }
}
impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        Arg::OptText(v)
    }
}
impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Self {
        Arg::OptText(v.map(str::to_owned))
    }
}
impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        Arg::OptInt(v)
    }
}
impl From<Option<OffsetDateTime>> for Arg {
    fn from(v: Option<OffsetDateTime>) -> Self {
        Arg::OptTimestamp(v)
    }
}
impl From<bool> for Arg {
    fn from(v: bool) -> Self {
        Arg::Bool(v)
    }
}
impl From<Vec<u8>> for Arg {
    fn from(v: Vec<u8>) -> Self {
        Arg::Blob(v)
    }
}
impl From<&[u8]> for Arg {
    fn from(v: &[u8]) -> Self {
        Arg::Blob(v.to_vec())
    }
}
impl From<Option<Vec<u8>>> for Arg {
    fn from(v: Option<Vec<u8>>) -> Self {
        Arg::OptBlob(v)
    }
}
impl From<&i64> for Arg {
    fn from(v: &i64) -> Self {
        Arg::Int(*v)
    }
}
impl From<Option<&[u8]>> for Arg {
    fn from(v: Option<&[u8]>) -> Self {
        Arg::OptBlob(v.map(<[u8]>::to_vec))
    }
}
impl From<&Option<Vec<u8>>> for Arg {
    fn from(v: &Option<Vec<u8>>) -> Self {
        Arg::OptBlob(v.clone())
    }
}
impl From<Date> for Arg {
    /// Bound as `Some(date)`, which sqlx encodes exactly as the date itself.
    fn from(v: Date) -> Self {
        Arg::OptDate(Some(v))
    }
}
impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(v)
    }
}
impl From<u8> for Arg {
    fn from(v: u8) -> Self {
        Arg::Int(v.into())
    }
}
impl From<u16> for Arg {
    fn from(v: u16) -> Self {
        Arg::Int(v.into())
    }
}
impl From<u32> for Arg {
    fn from(v: u32) -> Self {
        Arg::Int(v.into())
    }
}
impl From<usize> for Arg {
    /// Positions: a list longer than `i64::MAX` cannot exist in memory.
    fn from(v: usize) -> Self {
        Arg::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<Baht> for Arg {
    fn from(v: Baht) -> Self {
        Arg::Int(v.satang())
    }
}
impl From<Option<u8>> for Arg {
    fn from(v: Option<u8>) -> Self {
        Arg::OptInt(v.map(i64::from))
    }
}
impl From<Option<u16>> for Arg {
    fn from(v: Option<u16>) -> Self {
        Arg::OptInt(v.map(i64::from))
    }
}
impl From<Option<u32>> for Arg {
    fn from(v: Option<u32>) -> Self {
        Arg::OptInt(v.map(i64::from))
    }
}
impl From<Option<Baht>> for Arg {
    fn from(v: Option<Baht>) -> Self {
        Arg::OptInt(v.map(Baht::satang))
    }
}
impl From<f64> for Arg {
    fn from(v: f64) -> Self {
        Arg::Real(v)
    }
}
impl From<Option<Date>> for Arg {
    fn from(v: Option<Date>) -> Self {
        Arg::OptDate(v)
    }
}
impl From<OffsetDateTime> for Arg {
    fn from(v: OffsetDateTime) -> Self {
        Arg::Timestamp(v)
    }
}

/// Now, to the microsecond: PostgreSQL keeps no finer, and a timestamp must
/// read back equal to what was written.
pub(crate) fn now_for_storage() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(now.nanosecond() / 1_000 * 1_000)
        .unwrap_or(now)
}
