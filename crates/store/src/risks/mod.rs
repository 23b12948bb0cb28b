//! The corruption risk register and the internal measures (issue 14): an
//! organisation's risk matrices (versioned; an entry keeps the version it was
//! scored with), a fiscal year's register entries and its internal measures.
//! The [`RiskStore`] contract, implemented once for both databases
//! (`imp.rs`).
//!
//! # Rules the store enforces
//!
//! Every write is one transaction with its audit entry; an error means
//! nothing was written. An entry is checked by core
//! (`RiskEntryInput::check`) against the matrix it is scored with, the plan
//! item codes the caller read from the current plan and the measures the
//! transaction reads; a measure by `MeasureInput::check` against the entries
//! it reads. A matrix is refused unless its levels cover every cell.

mod imp;
mod sql;

use crate::Result;
use async_trait::async_trait;
use sujarit_core::integrity::risk::{
    Measure, MeasureInput, MonitoringNote, RiskEntry, RiskEntryInput, RiskMatrix,
};

/// Audit actions of this module.
pub const AUDIT_RISK_MATRIX: &str = "risk.matrix_saved";
pub const AUDIT_RISK_CREATED: &str = "risk.created";
pub const AUDIT_RISK_UPDATED: &str = "risk.updated";
pub const AUDIT_RISK_MONITORED: &str = "risk.monitored";
pub const AUDIT_RISKS_FROM_PLAN: &str = "risk.register_from_plan";
pub const AUDIT_RISKS_COPIED: &str = "risk.register_copied";
pub const AUDIT_MEASURE_CREATED: &str = "measure.created";
pub const AUDIT_MEASURE_UPDATED: &str = "measure.updated";

#[async_trait]
pub trait RiskStore: Send + Sync + 'static {
    /// The current matrix and its version (0 and the default 5×5 when the
    /// organisation has defined none).
    async fn risk_matrix(&self, organization_id: &str) -> Result<(u32, RiskMatrix)>;

    /// A matrix by version (0: the default); None if unknown.
    async fn risk_matrix_version(
        &self,
        organization_id: &str,
        version: u32,
    ) -> Result<Option<RiskMatrix>>;

    /// Stores a new matrix as the current one; returns its version. Entries
    /// scored before keep theirs.
    async fn save_risk_matrix(
        &self,
        organization_id: &str,
        matrix: &RiskMatrix,
        actor: &str,
    ) -> Result<u32>;

    /// A fiscal year's entries, in register order.
    async fn risk_entries(&self, organization_id: &str, fiscal_year: u16)
    -> Result<Vec<RiskEntry>>;

    async fn risk_entry(&self, organization_id: &str, id: &str) -> Result<Option<RiskEntry>>;

    /// Creates (`id` None) or replaces an entry. Its scores are checked on
    /// the current matrix when new or re-scored (and the entry then takes
    /// that version), else on the matrix it was scored with.
    /// `item_codes`: the current plan's item codes.
    async fn save_risk_entry(
        &self,
        organization_id: &str,
        id: Option<&str>,
        input: &RiskEntryInput,
        item_codes: &[String],
        actor: &str,
    ) -> Result<RiskEntry>;

    /// Adds (or replaces) the monitoring note of a round.
    async fn add_risk_monitoring(
        &self,
        organization_id: &str,
        id: &str,
        note: &MonitoringNote,
        actor: &str,
    ) -> Result<RiskEntry>;

    /// Creates a year's register from the plan's entries, once: a year that
    /// already has entries from the plan is left as it is (returns 0).
    async fn create_risk_register(
        &self,
        organization_id: &str,
        fiscal_year: u16,
        entries: &[RiskEntryInput],
        actor: &str,
    ) -> Result<usize>;

    /// Copies a year's register (entries with their links, without their
    /// monitoring notes) to the next year, which must have none.
    async fn copy_risk_register(
        &self,
        organization_id: &str,
        from_year: u16,
        actor: &str,
    ) -> Result<usize>;

    /// A fiscal year's internal measures, by title.
    async fn measures(&self, organization_id: &str, fiscal_year: u16) -> Result<Vec<Measure>>;

    async fn measure(&self, organization_id: &str, id: &str) -> Result<Option<Measure>>;

    /// Creates (`id` None) or replaces an internal measure.
    async fn save_measure(
        &self,
        organization_id: &str,
        id: Option<&str>,
        input: &MeasureInput,
        actor: &str,
    ) -> Result<Measure>;
}
