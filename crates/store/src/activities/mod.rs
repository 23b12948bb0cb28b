//! What items actually did: activities with check-ins and files, the
//! publicity log and its channels, rosters, surveys with their answers and
//! tallies, and each KPI's chosen measurement source. The
//! [`ActivityStore`] contract, implemented once for both databases (`imp.rs`).
//!
//! # Rules the store enforces
//!
//! Every write is one transaction; an error means nothing was written. Input
//! is checked by core's rules (`ActivityInput::validate`,
//! `SurveyInput::validate`, …) and refused as [`StoreError::Invalid`]. A
//! check-in outside its window and an answer to a closed survey are
//! [`StoreError::NotAllowed`]; a second check-in or answer from one device is
//! [`StoreError::Conflict`].
//!
//! # Durability
//!
//! [`ActivityStore::answer_surveys`] returns after its commit was flushed to
//! disk (as complaints are filed): an acknowledged answer is kept. Answers
//! that arrive together are committed together.
//!
//! # Personal data
//!
//! A check-in's name is read back only by [`ActivityStore::attendance`],
//! which writes an audit entry in the same transaction. Survey answers carry
//! no name and no address; the device token is kept only as a hash.
//!
//! [`StoreError::Invalid`]: crate::StoreError::Invalid
//! [`StoreError::NotAllowed`]: crate::StoreError::NotAllowed
//! [`StoreError::Conflict`]: crate::StoreError::Conflict

mod imp;
mod sql;

use crate::Result;
use async_trait::async_trait;
use sujarit_core::ItemRef;
use sujarit_core::activity::{
    Activity, ActivityFile, ActivityInput, CheckIn, PublicityEntry, Roster, TargetGroup,
};
use sujarit_core::kpi::KpiSource;
use sujarit_core::survey::{Response, Survey, SurveyInput, Tallies};
use time::{Date, OffsetDateTime};

/// Audit actions of this module.
pub const AUDIT_ATTENDANCE_READ: &str = "activity.attendance_read";

/// One answer to file: checked by `core::survey::check_answers` already.
#[derive(Clone, Debug)]
pub struct NewResponse {
    pub survey_id: String,
    /// Hash of the respondent's device token; None: no duplicate control.
    pub device: Option<String>,
    pub response: Response,
    /// The Thai date it arrived, for the survey's open and close dates.
    pub today: Date,
}

/// One attendance line, for the staff attendance list only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attendance {
    pub group: TargetGroup,
    pub name: Option<String>,
    pub checked_in_at: OffsetDateTime,
}

/// What one KPI of an item measures, as the coordinator chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KpiSourceChoice {
    /// The KPI as the form states it (the target line).
    pub kpi: String,
    pub source: KpiSource,
}

#[async_trait]
pub trait ActivityStore: Send + Sync + 'static {
    /// Records a new activity (unpublished) with a fresh check-in token.
    async fn create_activity(
        &self,
        organization_id: &str,
        input: &ActivityInput,
        actor: &str,
    ) -> Result<Activity>;

    /// Replaces an activity's content; `expected_revision` as read
    /// ([`StoreError::Stale`](crate::StoreError::Stale) otherwise).
    async fn update_activity(
        &self,
        organization_id: &str,
        id: &str,
        input: &ActivityInput,
        expected_revision: i64,
        actor: &str,
    ) -> Result<Activity>;

    async fn set_activity_published(
        &self,
        organization_id: &str,
        id: &str,
        published: bool,
        actor: &str,
    ) -> Result<Activity>;

    /// One activity with its check-in counts and files; None if unknown.
    async fn activity(&self, organization_id: &str, id: &str) -> Result<Option<Activity>>;

    /// The activity a check-in link names.
    async fn activity_by_checkin(
        &self,
        organization_id: &str,
        token: &str,
    ) -> Result<Option<Activity>>;

    /// Activities of a fiscal year (of one item when given), by first day.
    async fn activities(
        &self,
        organization_id: &str,
        fiscal_year: u16,
        item: Option<ItemRef>,
    ) -> Result<Vec<Activity>>;

    /// Records a check-in if the activity's window is open at `now`.
    async fn check_in(
        &self,
        organization_id: &str,
        activity_id: &str,
        check_in: &CheckIn,
        now: OffsetDateTime,
    ) -> Result<()>;

    /// The attendance list with names; audited as read by `actor`.
    async fn attendance(
        &self,
        organization_id: &str,
        activity_id: &str,
        actor: &str,
    ) -> Result<Vec<Attendance>>;

    /// Attaches a stored photo or material (bytes already in the file store).
    async fn add_activity_file(
        &self,
        organization_id: &str,
        activity_id: &str,
        file: &ActivityFile,
        actor: &str,
    ) -> Result<Activity>;

    /// The organisation's publicity channels ([`DEFAULT_CHANNELS`] until it
    /// sets its own).
    ///
    /// [`DEFAULT_CHANNELS`]: sujarit_core::activity::DEFAULT_CHANNELS
    async fn publicity_channels(&self, organization_id: &str) -> Result<Vec<String>>;

    async fn set_publicity_channels(
        &self,
        organization_id: &str,
        channels: &[String],
        actor: &str,
    ) -> Result<()>;

    /// Adds a line to the publicity log (its `id` is the store's).
    async fn add_publicity(
        &self,
        organization_id: &str,
        entry: &PublicityEntry,
        actor: &str,
    ) -> Result<PublicityEntry>;

    async fn remove_publicity(&self, organization_id: &str, id: &str, actor: &str) -> Result<()>;

    /// The publicity log of a fiscal year, by date.
    async fn publicity(
        &self,
        organization_id: &str,
        fiscal_year: u16,
    ) -> Result<Vec<PublicityEntry>>;

    async fn rosters(&self, organization_id: &str) -> Result<Vec<Roster>>;

    /// Creates (empty `id`) or replaces a roster.
    async fn save_roster(
        &self,
        organization_id: &str,
        roster: &Roster,
        actor: &str,
    ) -> Result<Roster>;

    async fn create_survey(
        &self,
        organization_id: &str,
        input: &SurveyInput,
        actor: &str,
    ) -> Result<Survey>;

    /// Changes a survey; its questions only while it has no answers.
    async fn update_survey(
        &self,
        organization_id: &str,
        id: &str,
        input: &SurveyInput,
        actor: &str,
    ) -> Result<Survey>;

    async fn survey(&self, organization_id: &str, id: &str) -> Result<Option<Survey>>;

    /// Surveys of a fiscal year (every year when None), newest first.
    async fn surveys(&self, organization_id: &str, fiscal_year: Option<u16>)
    -> Result<Vec<Survey>>;

    /// Files answers, durably, in one transaction: one outcome per answer
    /// in order (a closed survey, a device that already answered or an
    /// unknown survey refuses that answer only).
    async fn answer_surveys(
        &self,
        organization_id: &str,
        responses: &[NewResponse],
    ) -> Result<Vec<Result<()>>>;

    /// A survey's counts, from which `Tallies::results` computes its results.
    async fn survey_tallies(&self, organization_id: &str, id: &str) -> Result<Tallies>;

    /// Every answer of a survey, oldest first (for the XLSX/CSV export): no
    /// device, no time finer than the date.
    async fn survey_answers(
        &self,
        organization_id: &str,
        id: &str,
    ) -> Result<Vec<(Date, Response)>>;

    /// The measurement sources chosen for an item's KPIs in a fiscal year.
    async fn kpi_sources(
        &self,
        organization_id: &str,
        item: ItemRef,
        fiscal_year: u16,
    ) -> Result<Vec<KpiSourceChoice>>;

    /// Chooses (Some) or clears (None) the source of one KPI.
    async fn set_kpi_source(
        &self,
        organization_id: &str,
        item: ItemRef,
        fiscal_year: u16,
        kpi: &str,
        source: Option<&KpiSource>,
        actor: &str,
    ) -> Result<()>;

    /// Complaints of both channels received from `from` to `to` (Thai
    /// dates, both included) in these categories (all when empty).
    async fn complaint_count(
        &self,
        organization_id: &str,
        categories: &[String],
        from: Date,
        to: Date,
    ) -> Result<u64>;
}
