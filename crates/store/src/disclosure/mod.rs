//! The public information centre: the [`DisclosureStore`] contract,
//! implemented once for both databases (see `imp.rs`).
//!
//! An organisation holds one disclosure catalogue per fiscal year
//! ([`sujarit_core::disclosure::Catalogue`]); for each item and period it
//! records an owner override, publications (with history: a new one
//! supersedes, none is deleted), a "not applicable" mark and the last check
//! of a published link. What a period's status is on a given day is core's
//! business: read [`DisclosureStore::disclosure_records`] and pass them
//! through [`sujarit_core::disclosure::records_of`] to
//! [`sujarit_core::disclosure::board`] or
//! [`sujarit_core::disclosure::readiness`].
//!
//! Rules every method keeps:
//!
//! * The store validates itself (catalogue, item, evidence, period) and
//!   refuses with [`StoreError::Invalid`], core's messages per field, before
//!   anything is written.
//! * Every method writes in one transaction, with its audit-log entry
//!   ([`crate::AccountStore::audit_log`], actions in
//!   [`crate::audit_action`]); on error nothing was written.
//! * Codes are matched as the catalogue writes them ("O1", not "o1").
//!
//! ```text
//! let catalogue = Catalogue::from_toml(shipped::OIT_2568)?;      // or from_csv
//! store.install_disclosure_catalogue(org, &catalogue, admin).await?;
//! let key = DisclosureKey::new(2568, "O12", Period::Month(10));
//! store.publish_disclosure(org, &key, &DisclosureEvidence::Link { url }, None, officer).await?;
//! let records = store.disclosure_records(org, FiscalYear(2568)).await?;
//! let figure = readiness(&catalogue, &records_of(&records), today);
//! ```
//!
//! [`StoreError::Invalid`]: crate::StoreError::Invalid

mod imp;
mod sql;

use crate::Result;
use async_trait::async_trait;
use sujarit_core::FiscalYear;
use sujarit_core::disclosure::{
    Catalogue, CatalogueItem, DisclosureEvidence, DisclosureRecord, LinkCheck, Period, Publication,
    Topic,
};
use time::OffsetDateTime;

/// One item's period: what owner overrides, publications and marks attach to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DisclosureKey {
    pub fiscal_year: FiscalYear,
    /// As the catalogue writes it.
    pub code: String,
    pub period: Period,
}

impl DisclosureKey {
    pub fn new(fiscal_year: u16, code: &str, period: Period) -> DisclosureKey {
        DisclosureKey {
            fiscal_year: FiscalYear(fiscal_year),
            code: code.to_owned(),
            period,
        }
    }
}

/// A stored catalogue in a list of years.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogueSummary {
    pub fiscal_year: FiscalYear,
    pub title: String,
    pub item_count: i64,
    /// Who last installed, copied or edited it (user id).
    pub updated_by: Option<String>,
    pub updated_at: OffsetDateTime,
}

/// What installing a catalogue changed, by code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogueChange {
    /// No catalogue existed for the year before.
    pub created: bool,
    pub added: Vec<String>,
    /// Items whose text or rules changed.
    pub updated: Vec<String>,
    pub removed: Vec<String>,
}

/// A published period as the public sees it: no user ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicDisclosure {
    pub fiscal_year: FiscalYear,
    pub code: String,
    pub title: String,
    pub topic: Topic,
    pub subheading: Option<String>,
    pub period: Period,
    pub evidence: DisclosureEvidence,
    /// When the current publication was made: the "last updated" date.
    pub last_updated_at: OffsetDateTime,
    /// How many publications the period has had (the current one included).
    pub version: u32,
    /// The last check of the link failed: pages may say it is being fixed.
    pub link_broken: bool,
}

#[async_trait]
pub trait DisclosureStore: Send + Sync + 'static {
    // Catalogues -------------------------------------------------------------

    /// Installs the catalogue for its fiscal year, or replaces the one there:
    /// items with the same code are updated in place (their publications
    /// stay), new ones added, missing ones removed. Refused with
    /// [`StoreError::NotAllowed`] (`Refusal::CatalogueDropsPublished`, naming the codes) when a
    /// removed item, or a period a changed cadence drops, has publications.
    /// An invalid catalogue is [`StoreError::Invalid`].
    ///
    /// [`StoreError::NotAllowed`]: crate::StoreError::NotAllowed
    /// [`StoreError::Invalid`]: crate::StoreError::Invalid
    async fn install_disclosure_catalogue(
        &self,
        organization_id: &str,
        catalogue: &Catalogue,
        actor: &str,
    ) -> Result<CatalogueChange>;

    /// The years that have a catalogue, newest first.
    async fn disclosure_catalogue_years(
        &self,
        organization_id: &str,
    ) -> Result<Vec<CatalogueSummary>>;

    /// One year's catalogue, items in catalogue order; None if there is none.
    async fn disclosure_catalogue(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
    ) -> Result<Option<Catalogue>>;

    /// Replaces one item's text and rules; `item.code` must be the code it
    /// has (codes never change: publications hang on them). A cadence change
    /// that would orphan published periods is [`StoreError::NotAllowed`].
    /// Returns the item as stored.
    ///
    /// [`StoreError::NotAllowed`]: crate::StoreError::NotAllowed
    async fn update_disclosure_item(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        item: &CatalogueItem,
        actor: &str,
    ) -> Result<CatalogueItem>;

    /// Copies a year's catalogue to another year (codes kept, nothing of the
    /// old year's publications) and returns the copy. The target year must
    /// have no catalogue yet ([`StoreError::Conflict`]).
    ///
    /// [`StoreError::Conflict`]: crate::StoreError::Conflict
    async fn copy_disclosure_catalogue(
        &self,
        organization_id: &str,
        from: FiscalYear,
        to: FiscalYear,
        actor: &str,
    ) -> Result<Catalogue>;

    // Items and periods ------------------------------------------------------

    /// Makes `unit` responsible for one period instead of the item's default
    /// owner; None goes back to the default.
    async fn set_disclosure_owner(
        &self,
        organization_id: &str,
        key: &DisclosureKey,
        unit: Option<&str>,
        actor: &str,
    ) -> Result<()>;

    /// Publishes evidence for a period and returns the publication. An
    /// earlier one is kept and marked superseded; a "not applicable" mark is
    /// removed. A link must be http(s) ([`StoreError::Invalid`] otherwise); a
    /// file is stored first with [`crate::files::FileStore`], whose result
    /// gives the SHA-256, name, detected media type and size.
    ///
    /// [`StoreError::Invalid`]: crate::StoreError::Invalid
    async fn publish_disclosure(
        &self,
        organization_id: &str,
        key: &DisclosureKey,
        evidence: &DisclosureEvidence,
        note: Option<&str>,
        actor: &str,
    ) -> Result<Publication>;

    /// Every publication of a period, newest first.
    async fn disclosure_history(
        &self,
        organization_id: &str,
        key: &DisclosureKey,
    ) -> Result<Vec<Publication>>;

    /// Marks a period as having nothing to publish, with a reason (required);
    /// None clears the mark. Refused ([`StoreError::NotAllowed`]) on a period
    /// that is published.
    ///
    /// [`StoreError::NotAllowed`]: crate::StoreError::NotAllowed
    async fn mark_disclosure_not_applicable(
        &self,
        organization_id: &str,
        key: &DisclosureKey,
        reason: Option<&str>,
        actor: &str,
    ) -> Result<()>;

    // Link checks ------------------------------------------------------------

    /// The current publications whose evidence is a link, every year: what a
    /// periodic checker visits.
    async fn disclosure_links_to_check(&self, organization_id: &str) -> Result<Vec<Publication>>;

    /// Keeps the result of checking a publication's link (the last one only).
    /// The audit log records a change of outcome (broken, restored), not
    /// every check. The publication must be a link.
    async fn record_link_check(&self, organization_id: &str, check: &LinkCheck) -> Result<()>;

    // Reading ----------------------------------------------------------------

    /// Everything recorded on the periods of a year's items: only periods
    /// with an override, a publication, a mark or a check appear.
    async fn disclosure_records(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
    ) -> Result<Vec<DisclosureRecord>>;

    /// The public information centre: every period of the year with a
    /// current publication, in catalogue order then period order.
    async fn public_disclosures(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
    ) -> Result<Vec<PublicDisclosure>>;
}
