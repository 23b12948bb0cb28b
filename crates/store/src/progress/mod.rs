//! Quarterly progress, evidence and target actuals: the [`ProgressStore`]
//! contract, implemented once for both databases (see `imp.rs`).
//!
//! Reports belong to the organisation's *current* plan version: every method
//! that takes a [`ReportKey`] looks the item up there.
//!
//! Validation: the store validates itself rather than trusting callers. A save
//! runs [`QuarterReport::validate`] (and checks the fiscal year against the
//! plan) and refuses with [`StoreError::Invalid`], core's message per field,
//! before anything is written; callers may validate first to show the same
//! messages without a round trip. Every method writes in one transaction:
//! when it returns an error, nothing was written.
//!
//! [`StoreError::Invalid`]: crate::StoreError::Invalid

mod imp;
mod sql;

use crate::Result;
use async_trait::async_trait;
use sujarit_core::ItemRef;
use sujarit_core::progress::{
    Evidence, QuarterReport, ReportKey, ReviewAction, ReviewEvent, ReviewState, TargetActual,
};

/// An evidence file's metadata with the report it is attached to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceRecord {
    /// The plan version of the report (not necessarily the current one).
    pub plan_id: String,
    pub key: ReportKey,
    /// The report's review state: only evidence of a published report is public.
    pub review: ReviewState,
    pub evidence: Evidence,
}

#[async_trait]
pub trait ProgressStore: Send + Sync + 'static {
    /// One report of the current plan, with its evidence; None if never saved.
    async fn quarter_report(
        &self,
        organization_id: &str,
        key: ReportKey,
    ) -> Result<Option<QuarterReport>>;

    /// Every report of the current plan in a fiscal year (all items, all
    /// quarters, every review state), by item then quarter.
    async fn quarter_reports(
        &self,
        organization_id: &str,
        fiscal_year: u16,
    ) -> Result<Vec<QuarterReport>>;

    /// Reports of the current plan in one review state, oldest year and
    /// quarter first: `Submitted` is the coordinator's review queue.
    async fn quarter_reports_in_state(
        &self,
        organization_id: &str,
        state: ReviewState,
    ) -> Result<Vec<QuarterReport>>;

    /// What the public may see: published reports of the current plan in a
    /// fiscal year. Internal fields are left out: `review_comment` and
    /// `updated_by` are None and each evidence's `uploaded_by` is empty.
    async fn published_reports(
        &self,
        organization_id: &str,
        fiscal_year: u16,
    ) -> Result<Vec<QuarterReport>>;

    /// The published reports of one item of the current plan, every year,
    /// newest year and quarter first; internal fields left out as in
    /// [`ProgressStore::published_reports`]. One read for the item's page.
    async fn published_reports_of_item(
        &self,
        organization_id: &str,
        item: ItemRef,
    ) -> Result<Vec<QuarterReport>>;

    /// Saves the content of a report (status, budgets, narrative, KPI
    /// actuals) and returns it as stored, with its revision bumped.
    ///
    /// * `expected_revision` is the revision the caller's form was made from
    ///   (0 for a report never saved). If the stored one differs, nothing is
    ///   written and the error is [`StoreError::Stale`].
    /// * Only a draft or returned report can be changed
    ///   ([`StoreError::NotAllowed`] otherwise); the review state and comment
    ///   are kept, unless `submit` also sends it for review in the same
    ///   transaction (recorded in the history).
    /// * `report.evidence`, `review`, `review_comment`, `revision`,
    ///   `updated_by` and `updated_at` are ignored: evidence changes through
    ///   [`ProgressStore::attach_evidence`], the rest is the store's.
    ///
    /// [`StoreError::Stale`]: crate::StoreError::Stale
    /// [`StoreError::NotAllowed`]: crate::StoreError::NotAllowed
    async fn save_quarter_report(
        &self,
        organization_id: &str,
        report: &QuarterReport,
        expected_revision: i64,
        actor: &str,
        submit: bool,
    ) -> Result<QuarterReport>;

    /// As [`ProgressStore::save_quarter_report`], with `evidence` (already in
    /// the file store) attached in the same transaction, before the report
    /// is sent for review when `submit`: the first save of a report can
    /// carry its files, and a file refused leaves nothing written.
    async fn save_quarter_report_with_evidence(
        &self,
        organization_id: &str,
        report: &QuarterReport,
        expected_revision: i64,
        actor: &str,
        submit: bool,
        evidence: &[Evidence],
    ) -> Result<QuarterReport>;

    /// Moves a report through the workflow ([`ReviewState::apply`]), records
    /// the move in its history and returns the report as stored. A move the
    /// workflow does not allow now is [`StoreError::NotAllowed`]; returning
    /// without a comment is [`StoreError::Invalid`]. Who may make which move
    /// is the caller's check (`sujarit_core::account::Actor`).
    ///
    /// [`StoreError::NotAllowed`]: crate::StoreError::NotAllowed
    /// [`StoreError::Invalid`]: crate::StoreError::Invalid
    async fn review_quarter_report(
        &self,
        organization_id: &str,
        key: ReportKey,
        action: ReviewAction,
        comment: Option<&str>,
        actor: &str,
    ) -> Result<QuarterReport>;

    /// Every move of a report, oldest first.
    async fn review_history(
        &self,
        organization_id: &str,
        key: ReportKey,
    ) -> Result<Vec<ReviewEvent>>;

    /// Records evidence (already in the file store) on a saved, editable
    /// report. Does not change the report's revision: a form open elsewhere
    /// stays valid.
    async fn attach_evidence(
        &self,
        organization_id: &str,
        key: ReportKey,
        evidence: &Evidence,
    ) -> Result<()>;

    /// Removes evidence from an editable report and returns its metadata. The
    /// bytes stay in the file store (another report may hold the same file).
    async fn detach_evidence(&self, organization_id: &str, evidence_id: &str) -> Result<Evidence>;

    /// One evidence file's metadata, to serve its bytes.
    async fn evidence(
        &self,
        organization_id: &str,
        evidence_id: &str,
    ) -> Result<Option<EvidenceRecord>>;

    /// Enters (or corrects) the actual of a Part 1 target for a fiscal year
    /// and returns it as stored, the value normalised
    /// ([`sujarit_core::progress::normalize_number`]). The indicator must be
    /// one of the current plan's targets and the year one of its years, or
    /// the baseline year of a reduction target.
    async fn save_target_actual(
        &self,
        organization_id: &str,
        actual: &TargetActual,
        actor: &str,
    ) -> Result<TargetActual>;

    /// Removes an actual entered by mistake; false if there was none.
    async fn remove_target_actual(
        &self,
        organization_id: &str,
        indicator: &str,
        fiscal_year: u16,
    ) -> Result<bool>;

    /// Every target actual of the organisation, by indicator then year.
    async fn target_actuals(&self, organization_id: &str) -> Result<Vec<TargetActual>>;
}
