//! Each LAO's figures per fiscal year (issue 15), stored whole as computed
//! by `sujarit_service::oversight`, read back for one LAO or for every LAO
//! of an overseer's scope in one query.

mod imp;
mod sql;

use crate::{Listed, Result};
use async_trait::async_trait;
use sujarit_core::directory::OversightScope;
use sujarit_core::oversight::Figures;

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
}
