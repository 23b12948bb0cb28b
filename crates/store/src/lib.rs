//! Persistence for Sujarit: one storage contract ([`Store`]), implemented
//! once ([`SqlStore`]) over SQLite (the default, embedded, WAL) or PostgreSQL,
//! each database with its own migrations. Only this crate holds SQL.
//!
//! Every table carries the organisation it belongs to as the first column of
//! its primary key, so a national PostgreSQL deployment can be distributed by
//! organisation (e.g. Citus) without a rewrite.

use std::str::FromStr;
use std::sync::Arc;
use sujarit_core::Plan;

mod accounts;
mod activities;
mod audit;
pub mod backup;
mod complaints;
mod control;
mod db;
mod directory;
mod disclosure;
mod error;
pub mod files;
mod gifts;
pub mod keyfile;
mod national;
mod notify;
mod oversight;
mod plans;
mod pool;
mod postgres;
mod progress;
mod replication;
mod risks;
mod search;
mod sqlite;

pub use accounts::{
    AccountStore, AttemptStart, AuditEntry, AuditFilter, Credentials, LoginAttempt,
    LoginFailureOutcome, LoginGate, LoginThrottle, NewSession, NewUser, SessionInfo, StaffUser,
    TotpFactor, Unit, UnitSync, UserChange, audit_action,
};
pub use activities::{
    AUDIT_ATTENDANCE_READ, ActivityStore, Attendance, KpiSourceChoice, NewResponse,
};
pub use audit::InternalAuditStore;
pub use complaints::random_tracking_code;
pub use complaints::{
    AUDIT_ATTACHMENT_ADDED, AUDIT_CASE_RESEALED, AUDIT_CATEGORY_CHANGED, AUDIT_DEADLINE_CHANGED,
    AUDIT_IDENTITY_REVEALED, AUDIT_KEYS_GRANTED, AUDIT_KEYS_MADE, AUDIT_PASSWORD_KEY_CHANGED,
    AUDIT_REPORT_NOTES_SAVED, AUDIT_TAKEN_IN, AttachmentRecord, CaseEventRecord,
    ComplainantInformation, ComplaintCase, ComplaintFilter, ComplaintSettings, ComplaintStore,
    ComplaintSummary, FilingOutcome, KeyGrant, LegacyComplaint, NewAttachment, NewComplaintRecord,
    NewSubmission, OfficerAccess, PendingNotice, PublicCase, Receipt, RecurringProblem,
    ResealedAttachment, ResealedCase, ResealedEvent, StoredReportNotes, StoredSubmission,
    SurveyStatus, TakenIn, TrackingUpgrade,
};
pub use control::{
    AUDIT_CONTROL_DEADLINE, AUDIT_CONTROL_FORM, AUDIT_CONTROL_IMPROVEMENT, AUDIT_CONTROL_ROW,
    AUDIT_CONTROL_ROW_REMOVED, InternalControlStore,
};
pub use db::{ConnectOptions, SqlStore};
pub use directory::{DirectoryImport, DirectoryImportRow, DirectoryStore, Listed};
pub use disclosure::{
    CatalogueChange, CatalogueSummary, DisclosureKey, DisclosureStore, PublicDisclosure,
};
pub use error::{BadUrl, StoreError};
pub use gifts::{
    AUDIT_GIFT_DECIDED, AUDIT_GIFT_DECLARED, AUDIT_GIFT_NIL_RETURN, AUDIT_GIFT_SETTING,
    AUDIT_UNIT_HEAD, GiftScope, GiftStore,
};
pub use national::{CLONED_TABLES, National, NewLao};
pub use notify::{
    AssignmentSeen, ComplaintSeen, DecisionSeen, Happenings, NewStaffNotice, NoticeRecipient,
    NotifyStore, PendingStaffNotice,
};
pub use oversight::{ComplaintCounts, OversightStore};
pub use postgres::PostgresStore;
pub use progress::{EvidenceRecord, ProgressStore};
pub use replication::{ReplicationStore, WalPosition};
pub use risks::{
    AUDIT_MEASURE_CREATED, AUDIT_MEASURE_UPDATED, AUDIT_RISK_CREATED, AUDIT_RISK_MATRIX,
    AUDIT_RISK_MONITORED, AUDIT_RISK_UPDATED, AUDIT_RISKS_COPIED, AUDIT_RISKS_FROM_PLAN, RiskStore,
};
pub use search::{EXCERPT_CHARS, SearchDocument, SearchHit, SearchResults, SearchStore};
pub use sqlite::SqliteStore;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

pub use plans::{ImportSource, PlanStore, PlanVersion, SaveOutcome};

/// An organisation (municipality, SAO, …). One installation holds many.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organization {
    pub id: String,
    /// URL-safe, unique per installation: "nakhonsithammarat".
    pub slug: String,
    pub name: String,
}

/// Everything Sujarit stores: one trait per module, each implemented once (in
/// its folder's `imp.rs`) for both databases, so modules grow without touching
/// each other.
pub trait Store:
    PlanStore
    + AccountStore
    + ProgressStore
    + ComplaintStore
    + DisclosureStore
    + ActivityStore
    + NotifyStore
    + SearchStore
    + InternalAuditStore
    + InternalControlStore
    + GiftStore
    + RiskStore
    + DirectoryStore
    + OversightStore
    + ReplicationStore
{
}

impl<
    T: PlanStore
        + AccountStore
        + ProgressStore
        + ComplaintStore
        + DisclosureStore
        + ActivityStore
        + NotifyStore
        + SearchStore
        + InternalAuditStore
        + InternalControlStore
        + GiftStore
        + RiskStore
        + DirectoryStore
        + OversightStore
        + ReplicationStore,
> Store for T
{
}

/// Convenience for callers that only need the plan.
pub async fn current_plan_only(store: &dyn Store, organization_id: &str) -> Result<Option<Plan>> {
    Ok(store
        .current_plan(organization_id)
        .await?
        .map(|(_, report)| report.plan))
}

/// Opens the store `url` names, choosing the backend by its scheme:
///
/// * `sqlite:…`, `sqlite://…` or a plain file path → [`SqliteStore`] (the file
///   is created if missing);
/// * `postgres://…` or `postgresql://…` → [`PostgresStore`].
///
/// Anything else is [`StoreError::BadUrl`]. The schema is not touched: call
/// [`PlanStore::migrate`] before use.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>> {
    Ok(Arc::new(connect_sql(url).await?))
}

/// As [`connect`], keeping the concrete [`SqlStore`] (for [`backup`]).
pub async fn connect_sql(url: &str) -> Result<SqlStore> {
    match Location::parse(url)? {
        Location::Sqlite(options) => SqliteStore::connect_with(*options).await,
        Location::Postgres(options) => PostgresStore::connect_with(*options).await,
    }
}

/// Which kind of database `url` names (`sqlite` or `postgres`, as
/// [`backup::database_kind`] says), without opening it.
pub fn database_kind_of(url: &str) -> Result<&'static str> {
    Ok(match Location::parse(url)? {
        Location::Sqlite(_) => "sqlite",
        Location::Postgres(_) => "postgres",
    })
}

/// Where a database URL points, checked before anything is opened.
#[derive(Debug)]
enum Location {
    Sqlite(Box<sqlx::sqlite::SqliteConnectOptions>),
    Postgres(Box<sqlx::postgres::PgConnectOptions>),
}

impl Location {
    fn parse(url: &str) -> Result<Location> {
        let url = url.trim();
        if url.is_empty() {
            return Err(StoreError::BadUrl(BadUrl::Empty));
        }
        // The messages name the scheme only: a URL may carry a password.
        match scheme(url) {
            Some(s) if s.eq_ignore_ascii_case("sqlite") => {
                sqlx::sqlite::SqliteConnectOptions::from_str(url)
                    .map(|o| Location::Sqlite(Box::new(o)))
                    .map_err(|e| StoreError::BadUrl(BadUrl::Sqlite(e.to_string())))
            }
            Some(s)
                if (s.eq_ignore_ascii_case("postgres") || s.eq_ignore_ascii_case("postgresql"))
                    && url[s.len()..].starts_with("://") =>
            {
                sqlx::postgres::PgConnectOptions::from_str(url)
                    .map(|o| Location::Postgres(Box::new(o)))
                    .map_err(|_| StoreError::BadUrl(BadUrl::Postgres))
            }
            Some(s) => Err(StoreError::BadUrl(BadUrl::Scheme(s.to_string()))),
            None => Ok(Location::Sqlite(Box::new(
                sqlx::sqlite::SqliteConnectOptions::new().filename(url),
            ))),
        }
    }
}

/// The URL scheme `url` starts with, if any. A single letter is a Windows
/// drive (`C:\data\sujarit.db`), not a scheme.
fn scheme(url: &str) -> Option<&str> {
    let (candidate, _) = url.split_once(':')?;
    let mut chars = candidate.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_is_scheme = chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    (starts_with_letter && rest_is_scheme && candidate.len() > 1).then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(url: &str) -> &'static str {
        match Location::parse(url) {
            Ok(Location::Sqlite(_)) => "sqlite",
            Ok(Location::Postgres(_)) => "postgres",
            Err(StoreError::BadUrl(_)) => "bad",
            Err(_) => "other error",
        }
    }

    #[test]
    fn the_scheme_chooses_the_backend() {
        assert_eq!(kind("sqlite://data/sujarit.db"), "sqlite");
        assert_eq!(kind("sqlite:sujarit.db"), "sqlite");
        assert_eq!(kind("sqlite::memory:"), "sqlite");
        assert_eq!(kind("data/sujarit.db"), "sqlite");
        assert_eq!(kind("/var/lib/sujarit/sujarit.db"), "sqlite");
        assert_eq!(kind("./sujarit.db"), "sqlite");
        assert_eq!(kind(r"C:\sujarit\sujarit.db"), "sqlite");
        assert_eq!(
            kind("postgres://postgres@127.0.0.1:5432/sujarit"),
            "postgres"
        );
        assert_eq!(
            kind("postgresql://u:p@db/sujarit?sslmode=require"),
            "postgres"
        );
    }

    #[test]
    fn other_schemes_are_bad_urls() {
        for url in [
            "",
            "   ",
            "mysql://root@localhost/sujarit",
            "http://example.org/db",
            "postgres:sujarit",
            "file:sujarit.db",
        ] {
            assert_eq!(kind(url), "bad", "{url:?}");
        }
    }

    #[test]
    fn bad_url_messages_do_not_echo_the_url() {
        let Err(StoreError::BadUrl(message)) = Location::parse("mysql://root:secret@db/x") else {
            panic!("expected BadUrl");
        };
        assert!(!message.to_string().contains("secret"), "{message}");
    }
}
