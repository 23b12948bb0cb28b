//! Persistence for Sujarit: one storage contract ([`Store`]) with a SQLite
//! implementation (the default, embedded, WAL) and a PostgreSQL one, each with
//! its own migrations. Only this crate holds SQL.
//!
//! Every table carries the organisation it belongs to as the first column of
//! its primary key, so a national PostgreSQL deployment can be distributed by
//! organisation (e.g. Citus) without a rewrite.

use async_trait::async_trait;
use std::str::FromStr;
use std::sync::Arc;
use sujarit_core::{Plan, PlanReport};
use time::OffsetDateTime;

#[macro_use]
mod backend;
mod accounts;
mod accounts_sql;
mod complaints;
mod complaints_backend;
mod complaints_sql;
mod disclosure;
mod disclosure_backend;
mod disclosure_sql;
mod error;
pub mod files;
pub mod keyfile;
mod pool;
mod postgres;
mod progress;
mod progress_backend;
mod progress_sql;
mod shared;
mod sqlite;

pub use accounts::{
    AccountStore, AuditEntry, Credentials, LoginFailure, LoginFailureOutcome, NewSession, NewUser,
    SessionInfo, StaffUser, Unit, UnitSync, UserChange, audit_action,
};
pub use complaints::{
    AUDIT_ATTACHMENT_ADDED, AUDIT_CATEGORY_CHANGED, AUDIT_DEADLINE_CHANGED,
    AUDIT_IDENTITY_REVEALED, AUDIT_REPORT_NOTES_SAVED, AttachmentRecord, CaseEventRecord,
    ComplainantInformation, ComplaintCase, ComplaintFilter, ComplaintSettings, ComplaintStore,
    ComplaintSummary, FilingOutcome, NewAttachment, NewComplaintRecord, PendingNotice, PublicCase,
    Receipt, RecurringProblem, StoredReportNotes, SurveyStatus,
};
pub use complaints_backend::random_tracking_code;
pub use disclosure::{
    CatalogueChange, CatalogueSummary, DisclosureKey, DisclosureStore, PublicDisclosure,
};
pub use error::StoreError;
pub use postgres::PostgresStore;
pub use progress::{EvidenceRecord, ProgressStore};
pub use sqlite::SqliteStore;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An organisation (municipality, SAO, …). One installation holds many.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organization {
    pub id: String,
    /// URL-safe, unique per installation: "nakhonsithammarat".
    pub slug: String,
    pub name: String,
}

/// Where an imported plan came from, to recognise a second import of the same document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportSource {
    /// File name as given by the user.
    pub file_name: String,
    /// Hex SHA-256 of the document's bytes.
    pub sha256: String,
}

/// Summary of one stored version of a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanVersion {
    pub id: String,
    pub organization_id: String,
    pub version: i32,
    pub is_current: bool,
    pub title: String,
    pub first_fiscal_year: u16,
    pub last_fiscal_year: u16,
    pub source_file_name: String,
    pub source_sha256: String,
    pub imported_at: OffsetDateTime,
    pub item_count: i64,
    pub finding_count: i64,
}

/// What saving an import did.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveOutcome {
    /// A new version was written and is now the current plan.
    Saved(PlanVersion),
    /// The same document (same SHA-256) was imported before: nothing was written.
    AlreadyImported(PlanVersion),
}

/// The storage contract. Both backends implement it; one test suite
/// (`tests/contract/`) runs against each.
#[async_trait]
pub trait PlanStore: Send + Sync + 'static {
    /// Brings the schema up to date. Safe to call on every start.
    async fn migrate(&self) -> Result<()>;

    /// Finds the organisation with this slug, or creates it with this name.
    async fn ensure_organization(&self, slug: &str, name: &str) -> Result<Organization>;
    async fn organization_by_slug(&self, slug: &str) -> Result<Option<Organization>>;
    async fn organizations(&self) -> Result<Vec<Organization>>;

    /// Writes an imported plan and its findings as a new version in one
    /// transaction (all or nothing), and makes it the organisation's current
    /// plan. Importing a document already imported for this organisation (same
    /// SHA-256) writes nothing and returns `AlreadyImported`.
    async fn save_plan_import(
        &self,
        organization_id: &str,
        report: &PlanReport,
        source: &ImportSource,
    ) -> Result<SaveOutcome>;

    /// All versions of an organisation's plan, newest first.
    async fn plan_versions(&self, organization_id: &str) -> Result<Vec<PlanVersion>>;

    /// The current plan with its findings, read back in full.
    async fn current_plan(
        &self,
        organization_id: &str,
    ) -> Result<Option<(PlanVersion, PlanReport)>>;

    /// One version of the plan, read back in full.
    async fn plan_version(
        &self,
        organization_id: &str,
        plan_id: &str,
    ) -> Result<Option<(PlanVersion, PlanReport)>>;
}

/// Everything Sujarit stores: one trait per module, each implemented by
/// both backends in its own file, so modules grow without touching each other.
pub trait Store:
    PlanStore + AccountStore + ProgressStore + ComplaintStore + DisclosureStore
{
}

impl<T: PlanStore + AccountStore + ProgressStore + ComplaintStore + DisclosureStore> Store for T {}

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
/// [`Store::migrate`] before use.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>> {
    Ok(match Location::parse(url)? {
        Location::Sqlite(options) => Arc::new(SqliteStore::connect_with(*options).await?),
        Location::Postgres(options) => Arc::new(PostgresStore::connect_with(*options).await?),
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
            return Err(StoreError::BadUrl("ไม่ได้ระบุที่อยู่ฐานข้อมูล".into()));
        }
        // The messages name the scheme only: a URL may carry a password.
        match scheme(url) {
            Some(s) if s.eq_ignore_ascii_case("sqlite") => {
                sqlx::sqlite::SqliteConnectOptions::from_str(url)
                    .map(|o| Location::Sqlite(Box::new(o)))
                    .map_err(|e| StoreError::BadUrl(format!("อ่านที่อยู่ SQLite ไม่ได้ ({e})")))
            }
            Some(s)
                if (s.eq_ignore_ascii_case("postgres") || s.eq_ignore_ascii_case("postgresql"))
                    && url[s.len()..].starts_with("://") =>
            {
                sqlx::postgres::PgConnectOptions::from_str(url)
                    .map(|o| Location::Postgres(Box::new(o)))
                    .map_err(|_| StoreError::BadUrl("อ่านที่อยู่ PostgreSQL ไม่ได้".into()))
            }
            Some(s) => Err(StoreError::BadUrl(format!(
                "ไม่รองรับที่อยู่แบบ \"{s}:\" ใช้ได้เฉพาะ sqlite:, postgres://, postgresql:// \
                 หรือที่อยู่ไฟล์ SQLite"
            ))),
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
        assert!(!message.contains("secret"), "{message}");
    }
}
