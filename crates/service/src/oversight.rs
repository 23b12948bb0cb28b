//! Each LAO's figures for the overseers and the comparison pages (issue
//! 15), computed from its own records and stored per fiscal year
//! (`sujarit_store::OversightStore`).
//!
//! FOUNDATION STUB: `refresh_all` is filled in by the figures work
//! (branch i15-figures); until then it computes nothing.

use crate::Clock;
use sujarit_store::{Result, Store};

/// How many LAOs a refresh computed, and how many it skipped because
/// nothing they are computed from had changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Refreshed {
    pub computed: usize,
    pub unchanged: usize,
}

/// Refreshes the figures of every LAO in the directory for `fiscal_years`.
pub async fn refresh_all(
    store: &dyn Store,
    fiscal_years: &[u16],
    clock: Clock,
) -> Result<Refreshed> {
    let _ = (store, fiscal_years, clock);
    Ok(Refreshed::default())
}
