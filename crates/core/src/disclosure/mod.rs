//! The public information centre (ศูนย์ข้อมูลข่าวสาร): what the municipality must
//! publish, when, and whether it did.
//!
//! * A [`Catalogue`] lists the items to publish in one fiscal year (BE): the
//!   plan's own list in 5 topics (measure 2.1/2) or the ITA's OIT list of that
//!   year. Catalogues are data: TOML or CSV files ([`Catalogue::from_toml`],
//!   [`Catalogue::from_csv`], and back), shipped ones in [`shipped`].
//! * Each item has a [`Cadence`] that splits the year into [`Period`]s, and a
//!   [`DueRule`] that gives each period its due date
//!   ([`CatalogueItem::schedule`]).
//! * Given today's date and what was published ([`PeriodRecord`]),
//!   [`status`] says where a period stands and [`readiness`] gives the OIT
//!   readiness figure.
//! * An item may have a [`GeneratedSource`]: a page Sujarit keeps itself,
//!   published by the system once [`GeneratedSource::page_exists`] says the
//!   page has content ([`GeneratedFacts`]).
//!
//! Pure: no I/O. Dates are CE [`Date`](time::Date)s; BE appears only in labels.

// One file per part of the domain; everything public is re-exported here,
// so callers keep naming `disclosure::X`.
mod catalogue;
mod files;
mod generated;
mod period;
mod status;
mod stored;
mod topic;

pub use catalogue::*;
pub use files::*;
pub use generated::*;
pub use period::*;
pub use status::*;
pub use stored::*;
pub use topic::*;

/// The catalogues Sujarit ships, as TOML, embedded in the binary.
pub mod shipped {
    use super::Catalogue;

    /// The plan's own list: measure 2.1/2, 5 topics, 29 items.
    pub const PLAN_2566: &str = include_str!("../../catalogues/plan-2566.toml");
    /// ITA OIT 2566: 43 items.
    pub const OIT_2566: &str = include_str!("../../catalogues/oit-2566.toml");
    /// ITA OIT 2567: 43 items (2566's list; unconfirmed for 2567).
    pub const OIT_2567: &str = include_str!("../../catalogues/oit-2567.toml");
    /// ITA OIT 2568: the shortened list, 26 items.
    pub const OIT_2568: &str = include_str!("../../catalogues/oit-2568.toml");

    /// (key, TOML) of every shipped catalogue.
    pub const ALL: [(&str, &str); 4] = [
        ("plan-2566", PLAN_2566),
        ("oit-2566", OIT_2566),
        ("oit-2567", OIT_2567),
        ("oit-2568", OIT_2568),
    ];

    /// A shipped catalogue by key ("oit-2568"), parsed.
    pub fn get(key: &str) -> Option<Catalogue> {
        ALL.iter()
            .find(|(k, _)| *k == key)
            .map(|(_, text)| Catalogue::from_toml(text).expect("shipped catalogues parse (tested)"))
    }
}

#[cfg(test)]
mod tests;
