use sujarit_core::refusal::{Clash, Missing, Refusal};
use sujarit_core::validation::FieldError;

/// Storage failures. `Display` is English text for operators and the log;
/// the store words nothing for users. What a user may read is typed and
/// worded in `sujarit_core` (a [`Missing`], [`Clash`], [`Refusal`] or
/// [`FieldError`]s); callers word the rest (`sujarit_service::wording`) and
/// never show the underlying database error to a client.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found: {0:?}")]
    NotFound(Missing),
    #[error("conflicts with existing data: {0:?}")]
    Conflict(Clash),
    #[error("bad database URL: {0}")]
    BadUrl(BadUrl),
    /// Operator text saying which value could not be read back.
    #[error("corrupt data in the database: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Someone saved the record after the caller read it; nothing was written.
    /// Worded for users by [`sujarit_core::refusal::stale`].
    #[error("stale write: the record is now at revision {current_revision}; nothing was written")]
    Stale { current_revision: i64 },
    /// Input the domain rules refuse: core's message per field; nothing was
    /// written. Worded as one line by [`sujarit_core::refusal::invalid`].
    #[error("invalid input: {}", fields(.0))]
    Invalid(Vec<FieldError>),
    /// A move the rules do not allow now; nothing was written.
    #[error("not allowed: {0:?}")]
    NotAllowed(Refusal),
}

fn fields(errors: &[FieldError]) -> String {
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    fields.join(", ")
}

/// Why a database URL cannot be used. It never carries the URL itself,
/// which may hold a password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadUrl {
    #[error("no database URL given")]
    Empty,
    /// sqlx's reason.
    #[error("cannot read the SQLite URL ({0})")]
    Sqlite(String),
    #[error("cannot read the PostgreSQL URL")]
    Postgres,
    /// The scheme named, which is none of sqlite:, postgres://, postgresql://.
    #[error(
        "unsupported URL scheme \"{0}:\" (use sqlite:, postgres://, postgresql:// or a SQLite file path)"
    )]
    Scheme(String),
}
