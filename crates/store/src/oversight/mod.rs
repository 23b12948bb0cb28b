//! Each LAO's figures per fiscal year (issue 15), stored whole as computed
//! by `sujarit_service::oversight`, read back for one LAO or for every LAO
//! of an overseer's scope in one query.

mod imp;
mod sql;

use crate::{Listed, Result};
use async_trait::async_trait;
use sujarit_core::directory::OversightScope;
use sujarit_core::fiscal::FiscalYear;
use sujarit_core::oversight::Figures;
use time::Date;

/// General complaints (never the corruption channel) received in a fiscal
/// year, counted as of a date: counts only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ComplaintCounts {
    pub received: u32,
    /// Completed by the date.
    pub closed: u32,
    /// Completed by the date and on or before their due date.
    pub closed_on_time: u32,
    /// Not completed by the date and past their due date.
    pub overdue: u32,
}

#[async_trait]
pub trait OversightStore: Send + Sync {
    /// Replaces one LAO's figures for their fiscal year; `source_mark` says
    /// what they were computed from.
    async fn save_figures(
        &self,
        organization_id: &str,
        figures: &Figures,
        source_mark: &str,
    ) -> Result<()>;

    /// One LAO's figures for a year, with the mark they were computed from.
    async fn figures(
        &self,
        organization_id: &str,
        fiscal_year: u16,
    ) -> Result<Option<(Figures, String)>>;

    /// Every LAO of `scope` (as `DirectoryStore::directory_laos` lists them)
    /// with its figures for the year, None where none were computed.
    async fn figures_in(
        &self,
        scope: &OversightScope,
        fiscal_year: u16,
    ) -> Result<Vec<(Listed, Option<Figures>)>>;

    /// What one LAO's figures are computed from, cheaply: the newest audit
    /// entry, the number and total revisions of its complaints, the number
    /// of survey answers, the total revisions of its progress reports and
    /// the number of their review moves and of publications, as one text
    /// (indexed reads only). Equal
    /// marks on the same day mean nothing the figures count has moved.
    async fn change_mark(&self, organization_id: &str) -> Result<String>;

    /// The general channel's counts of a fiscal year as of `today` (the
    /// complaint centre's deadline rule: on time = completed on or before
    /// the due date).
    async fn general_complaint_counts(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        today: Date,
    ) -> Result<ComplaintCounts>;
}
