//! Plans: an organisation's imported plan versions and the organisations
//! themselves. The trait and its types; the functions are in `imp.rs`, the
//! SQL and row mapping in `sql.rs`.

use crate::{Organization, Result};
use async_trait::async_trait;
use sujarit_core::PlanReport;
use time::OffsetDateTime;

mod imp;
pub(crate) mod sql;

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

/// The storage contract for plans. [`SqlStore`](crate::SqlStore) implements
/// it for both databases; one test suite (`tests/contract/`) runs against each.
#[async_trait]
pub trait PlanStore: Send + Sync + 'static {
    /// Brings the schema up to date. Safe to call on every start.
    async fn migrate(&self) -> Result<()>;

    /// Finds the organisation with this slug, or creates it with this name.
    async fn ensure_organization(&self, slug: &str, name: &str) -> Result<Organization>;
    async fn organization_by_slug(&self, slug: &str) -> Result<Option<Organization>>;
    async fn organizations(&self) -> Result<Vec<Organization>>;

    /// The SHA-256 (lower-case hex) of every stored file a record names, in
    /// every organisation: evidence, complaint attachments, published
    /// disclosure files and activity files. What is not in it may be swept.
    async fn referenced_files(&self) -> Result<std::collections::BTreeSet<String>>;

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
