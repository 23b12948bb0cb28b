//! Complaints and corruption reports: the [`ComplaintStore`] contract,
//! implemented once for both databases (see `imp.rs`).
//!
//! # What the store never sees
//!
//! Contact details (every channel) and the content of corruption reports
//! arrive sealed ([`sujarit_core::complaint::NewComplaint::seal`]): the store
//! keeps the envelopes as bytes and cannot open them. What it returns sealed
//! the caller opens with its [`sujarit_core::sealed::Keyring`] and the matching
//! [`sujarit_core::complaint::seal_context`]. The contact is only returned by
//! [`ComplaintStore::reveal_identity`], which records who asked and why.
//!
//! # Who may call what
//!
//! The store does not know roles: the caller checks them (only the integrity
//! officer may read corruption reports). Public methods take a
//! tracking code's keyed hashes and return only public data: states, due dates, public
//! messages and times; never a staff id, note or another case.
//!
//! # Rules the store enforces
//!
//! Every write is one transaction; an error means nothing was written.
//! Inputs are validated by the core rules (core's [`StoreError::Invalid`]
//! messages per field, `core::complaint::check_*`); workflow moves go through [`CaseState::apply`]
//! ([`StoreError::NotAllowed`]); staff writes carry the revision the caller
//! read ([`StoreError::Stale`] if someone else moved the case meanwhile).
//!
//! # Durability
//!
//! [`ComplaintStore::file_complaints`] returns after its transaction
//! committed: a receipt is only handed out for a stored complaint. Concurrent
//! submissions may be grouped into one batch (one commit, one disk flush).
//!
//! [`StoreError::Invalid`]: crate::StoreError::Invalid
//! [`StoreError::NotAllowed`]: crate::StoreError::NotAllowed
//! [`StoreError::Stale`]: crate::StoreError::Stale

mod imp;
mod sql;

pub use imp::random_tracking_code;

use crate::Result;
use async_trait::async_trait;
use sujarit_core::FiscalYear;
use sujarit_core::case_keys::OfficerKeys;
use sujarit_core::complaint::{
    ActionKind, CaseClock, CaseState, Category, Channel, EventKind, FieldError, Intake, Location,
    NewCaseEvent, Origin, PublicEvent, PublishedStatistics, ReceivedVia, ReportCase, ReportNotes,
    SatisfactionSummary, SealedComplaint, SurveyAnswer, TrackingCode,
};
use sujarit_core::progress::Round;
use time::{Date, OffsetDateTime};

/// What an audit entry of a reveal is called.
pub const AUDIT_IDENTITY_REVEALED: &str = "complaint.identity_revealed";
/// Audit actions of the settings.
pub const AUDIT_CATEGORY_CHANGED: &str = "complaint.category_changed";
pub const AUDIT_DEADLINE_CHANGED: &str = "complaint.deadline_changed";
/// Audit action of a file staff attached to a case.
pub const AUDIT_ATTACHMENT_ADDED: &str = "complaint.attachment_added";
/// Audit actions of the corruption channel's keys.
pub const AUDIT_KEYS_MADE: &str = "complaint.keys_made";
pub const AUDIT_PASSWORD_KEY_CHANGED: &str = "complaint.password_key_changed";
pub const AUDIT_KEYS_GRANTED: &str = "complaint.keys_granted";
pub const AUDIT_CASE_RESEALED: &str = "complaint.case_resealed";
/// Audit action of the narrative of the report to executives.
pub const AUDIT_REPORT_NOTES_SAVED: &str = "complaint.report_notes_saved";

/// One channel's narrative of the report to executives, as saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredReportNotes {
    pub channel: Channel,
    pub notes: ReportNotes,
    /// 1 at the first save; pass it back to save again.
    pub revision: i64,
    /// Staff user id.
    pub updated_by: String,
    pub updated_at: OffsetDateTime,
}

/// One complaint to file.
#[derive(Clone, Debug)]
pub struct NewComplaintRecord {
    /// Chosen by the caller (UUID v4), because sealed values are bound to it.
    pub complaint_id: String,
    /// The keyed hash of the tracking code the receipt will show
    /// ([`sujarit_core::sealed::Keyring::tracking_hash`]); the code itself is
    /// never stored.
    pub tracking_hash: String,
    pub complaint: SealedComplaint,
    /// Files already in the file store, filed with the complaint.
    pub attachments: Vec<NewAttachment>,
    /// Corruption: the report's data key wrapped under the tracking code.
    pub reporter_key: Option<Vec<u8>>,
    /// Corruption: the data key wrapped for each integrity officer with keys
    /// (at least one).
    pub key_grants: Vec<KeyGrant>,
    /// The filing form's one-time key (its hash and the code sealed under
    /// it): a record whose key was already used is not filed again, and its
    /// outcome is the earlier receipt ([`Receipt::earlier_code`]).
    pub submission: Option<NewSubmission>,
    /// None: received now (a filing). Some: when it reached the organisation,
    /// in the past (the demo's month of complaints).
    pub received_at: Option<OffsetDateTime>,
    /// Entered by staff (a complaint received by phone, at the counter …;
    /// a corruption case the municipality found itself); None: filed by the
    /// complainant on the web.
    pub taken_in: Option<TakenIn>,
}

/// What a filing keeps of the form's one-time key
/// ([`sujarit_core::complaint::SubmissionKey`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSubmission {
    /// [`sujarit_core::complaint::SubmissionKey::key_hash`].
    pub key_hash: String,
    /// The tracking code sealed under the key.
    pub sealed_code: Vec<u8>,
}

/// A filing found by its one-time key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSubmission {
    pub complaint_id: String,
    pub channel: Channel,
    /// The tracking code sealed under the key.
    pub sealed_code: Vec<u8>,
    /// When the key was used (the filing).
    pub created_at: OffsetDateTime,
    pub received_at: OffsetDateTime,
    pub due_date: Date,
}

/// A case staff entered: how it came in, and who entered it (the first
/// step's actor, and the audit entry's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TakenIn {
    pub intake: Intake,
    pub recorded_by: String,
}

/// Audit action of a case entered by staff.
pub const AUDIT_TAKEN_IN: &str = "complaint.taken_in";

/// A corruption report's data key wrapped for one officer.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyGrant {
    pub user_id: String,
    pub wrapped_key: Vec<u8>,
}

impl std::fmt::Debug for KeyGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyGrant")
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

/// An integrity officer as the key page lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficerAccess {
    pub user_id: String,
    pub display_name: String,
    pub email: String,
    pub active: bool,
    /// Keys made.
    pub has_keys: bool,
    /// Keys made but the password wrap removed (reset from the command line):
    /// the officer restores it with the recovery key.
    pub needs_restore: bool,
    /// Corruption reports whose data key is wrapped for this officer.
    pub cases_open: u64,
}

/// A case stored before issue 11 (seal version 1) or whose tracking code is
/// still plain: what the start-up upgrade and `complaints reseal` read.
#[derive(Clone)]
pub struct LegacyComplaint {
    pub complaint_id: String,
    pub channel: Channel,
    pub seal_version: u8,
    /// Still plain: hash it.
    pub tracking_code: Option<TrackingCode>,
    pub sealed_content: Option<Vec<u8>>,
    pub sealed_contact: Option<Vec<u8>>,
    pub legacy_sealed_code: Option<Vec<u8>>,
    pub attachments: Vec<AttachmentRecord>,
    pub history: Vec<CaseEventRecord>,
}

/// The start-up upgrade of one case: its code hashed (and, corruption,
/// sealed under the key file until resealed); a general contact re-sealed
/// bound to its record.
#[derive(Clone)]
pub struct TrackingUpgrade {
    pub complaint_id: String,
    pub tracking_hash: String,
    /// Corruption only.
    pub legacy_sealed_code: Option<Vec<u8>>,
    /// General only: the contact bound to its record (seal version 2).
    pub rebound_contact: Option<Option<Vec<u8>>>,
}

/// A corruption report moved from the key file to its own data key.
#[derive(Clone)]
pub struct ResealedCase {
    pub complaint_id: String,
    pub sealed_content: Vec<u8>,
    pub sealed_contact: Option<Vec<u8>>,
    pub reporter_key: Vec<u8>,
    pub key_grants: Vec<KeyGrant>,
    pub attachments: Vec<ResealedAttachment>,
    pub events: Vec<ResealedEvent>,
}

#[derive(Clone)]
pub struct ResealedAttachment {
    pub attachment_id: String,
    pub sha256: String,
    pub size_bytes: u64,
    pub sealed_file_name: Option<Vec<u8>>,
}

#[derive(Clone)]
pub struct ResealedEvent {
    pub position: i64,
    pub sealed_public_message: Option<Vec<u8>>,
    pub sealed_internal_note: Option<Vec<u8>>,
    pub sealed_note: Option<Vec<u8>>,
}

/// A file attached to a case. For the corruption channel the name must be
/// sealed ([`sujarit_core::complaint::seal_context::FILE_NAME`]) and
/// `file_name` None; for the general channel the opposite.
#[derive(Clone, PartialEq, Eq)]
pub struct NewAttachment {
    /// Hex SHA-256: the file's id in [`crate::files::FileStore`].
    pub sha256: String,
    /// Detected from the content.
    pub media_type: String,
    pub size_bytes: u64,
    pub file_name: Option<String>,
    pub sealed_file_name: Option<Vec<u8>>,
}

impl std::fmt::Debug for NewAttachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewAttachment")
            .field("sha256", &self.sha256)
            .field("media_type", &self.media_type)
            .field("size_bytes", &self.size_bytes)
            .field("file_name", &self.file_name)
            .finish_non_exhaustive()
    }
}

/// An attachment as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentRecord {
    pub attachment_id: String,
    pub sha256: String,
    pub media_type: String,
    pub size_bytes: u64,
    pub file_name: Option<String>,
    pub sealed_file_name: Option<Vec<u8>>,
    /// None: the complainant.
    pub uploaded_by: Option<String>,
    pub uploaded_at: OffsetDateTime,
}

/// What a citizen gets back for a filed complaint (the caller holds the
/// tracking code: the store only has its hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub complaint_id: String,
    pub received_at: OffsetDateTime,
    pub due_date: Date,
    /// The record's one-time key had filed this complaint already: this is
    /// that earlier receipt, and here is its code sealed under the key.
    pub earlier_code: Option<Vec<u8>>,
}

/// The outcome of one record of a batch: a receipt, or why this record was
/// refused (the other records of the batch are filed regardless).
pub type FilingOutcome = std::result::Result<Receipt, Vec<FieldError>>;

/// More information from the complainant, asked for by
/// [`EventKind::RequestInformation`]. General: plain `text`; corruption: the
/// text sealed ([`sujarit_core::complaint::seal_context::INFORMATION`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComplainantInformation {
    pub text: Option<String>,
    pub sealed_text: Option<Vec<u8>>,
    pub attachments: Vec<NewAttachment>,
}

/// Whether the complainant may still answer the satisfaction survey.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurveyStatus {
    /// The case is not closed yet.
    NotYet,
    Open,
    Answered,
}

/// What the tracking page shows: nothing internal, no staff ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicCase {
    pub complaint_id: String,
    pub channel: Channel,
    /// 2: a corruption report's messages are sealed with its data key,
    /// opened with [`PublicCase::reporter_key`] and the tracking code.
    pub seal_version: u8,
    pub reporter_key: Option<Vec<u8>>,
    pub category: String,
    pub state: CaseState,
    pub received_at: OffsetDateTime,
    pub due_date: Date,
    pub clock: CaseClock,
    /// Public events only, oldest first.
    pub history: Vec<PublicEvent>,
    pub survey: SurveyStatus,
    /// What the complaint was about, for the complainant (general: plain;
    /// corruption: in [`PublicCase::sealed_content`], opened with the key
    /// the tracking code unwraps).
    pub subject: Option<String>,
    pub place: Option<String>,
    /// General only: the coordinates the complainant gave.
    pub location: Option<Location>,
    pub sealed_content: Option<Vec<u8>>,
    /// The category's Thai name (its code if it is no longer configured).
    pub category_label: String,
}

/// Which cases a staff list shows; every part optional (all: `default()`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComplaintFilter {
    pub channel: Option<Channel>,
    /// Empty: every state.
    pub states: Vec<CaseState>,
    pub unit_id: Option<String>,
    pub officer_id: Option<String>,
    /// Only cases open past their due date on this day.
    pub overdue_on: Option<Date>,
    /// Only overdue cases (on this day) without an explanation notice yet.
    pub lacking_explanation_on: Option<Date>,
    /// Only open cases due within `.1` days of `.0` (reminders).
    pub due_soon: Option<(Date, u16)>,
    /// Only this category (its code).
    pub category: Option<String>,
    /// Only cases received on or after this day (Thai time).
    pub received_from: Option<Date>,
    /// Only cases received on or before this day (Thai time).
    pub received_to: Option<Date>,
    /// Only cases whose reference (the first characters of the id, as staff
    /// see it) starts with this, whatever its case.
    pub reference: Option<String>,
    /// Only general complaints received this way.
    pub received_via: Option<ReceivedVia>,
}

impl ComplaintFilter {
    /// Whether `case` passes every part of the filter (the store applies
    /// the same test; a caller may use it to count the cases of several
    /// views out of one list).
    pub fn matches(&self, case: &ComplaintSummary) -> bool {
        let received = sujarit_core::thai::local_date(case.received_at);
        self.channel.is_none_or(|c| c == case.channel)
            && (self.states.is_empty() || self.states.contains(&case.state))
            && self
                .unit_id
                .as_deref()
                .is_none_or(|u| case.unit_id.as_deref() == Some(u))
            && self
                .officer_id
                .as_deref()
                .is_none_or(|o| case.officer_id.as_deref() == Some(o))
            && self.overdue_on.is_none_or(|d| case.clock.is_overdue(d))
            && self
                .lacking_explanation_on
                .is_none_or(|d| case.clock.needs_explanation(d))
            && self
                .due_soon
                .is_none_or(|(d, days)| case.clock.due_soon(d, days))
            && self.category.as_deref().is_none_or(|c| case.category == c)
            && self.received_from.is_none_or(|d| received >= d)
            && self.received_to.is_none_or(|d| received <= d)
            && self.received_via.is_none_or(|v| case.received_via == v)
            && self.reference.as_deref().is_none_or(|r| {
                let r = r.trim().to_ascii_uppercase();
                !r.is_empty() && case.reference.starts_with(&r)
            })
    }
}

/// One case in a staff list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComplaintSummary {
    pub complaint_id: String,
    /// What staff call the case (the first 8 characters of its id): the
    /// tracking code is the complainant's secret and is not stored.
    pub reference: String,
    /// 1: sealed under the key file before issue 11 (corruption: waits for
    /// `complaints reseal`); 2: bound, per-recipient keys.
    pub seal_version: u8,
    pub channel: Channel,
    pub category: String,
    /// General only; a corruption report's subject is in its sealed content.
    pub subject: Option<String>,
    /// Corruption only: [`sujarit_core::complaint::CorruptionContent`],
    /// sealed, so the integrity officer's list can show subjects once opened.
    pub sealed_content: Option<Vec<u8>>,
    pub state: CaseState,
    pub received_at: OffsetDateTime,
    pub clock: CaseClock,
    pub unit_id: Option<String>,
    pub officer_id: Option<String>,
    pub action_kind: Option<ActionKind>,
    /// Whether a contact was left (revealed only by [`ComplaintStore::reveal_identity`]).
    pub has_contact: bool,
    /// General complaints: how it was received.
    pub received_via: ReceivedVia,
    /// Corruption cases: where it came from.
    pub origin: Origin,
    /// For [`ComplaintStore::record_complaint_event`].
    pub revision: i64,
    pub updated_at: OffsetDateTime,
}

/// One step of a case as staff see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseEventRecord {
    pub position: i64,
    pub kind: EventKind,
    /// None for [`EventKind::Filed`].
    pub from: Option<CaseState>,
    pub to: CaseState,
    pub public_message: Option<String>,
    pub internal_note: Option<String>,
    /// Information a corruption reporter added, sealed.
    pub sealed_note: Option<Vec<u8>>,
    /// Corruption (seal version 2): the message and note, sealed with the
    /// report's data key; the plain ones are None.
    pub sealed_public_message: Option<Vec<u8>>,
    pub sealed_internal_note: Option<Vec<u8>>,
    pub unit_id: Option<String>,
    pub officer_id: Option<String>,
    pub action_kind: Option<ActionKind>,
    /// Staff user id; None: the complainant.
    pub actor: Option<String>,
    pub at: OffsetDateTime,
}

/// One case with everything staff may see (the contact excepted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComplaintCase {
    pub summary: ComplaintSummary,
    /// General only.
    pub details: Option<String>,
    pub place: Option<String>,
    /// General only: the coordinates the complainant gave.
    pub location: Option<Location>,
    /// Oldest first, internal events included.
    pub history: Vec<CaseEventRecord>,
    pub attachments: Vec<AttachmentRecord>,
    pub survey: Option<SurveyAnswer>,
}

/// An organisation's deadlines, in calendar days per channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ComplaintSettings {
    pub general_deadline_days: u16,
    pub corruption_deadline_days: u16,
}

impl ComplaintSettings {
    pub fn deadline_days(&self, channel: Channel) -> u16 {
        match channel {
            Channel::General => self.general_deadline_days,
            Channel::Corruption => self.corruption_deadline_days,
        }
    }
}

/// How many general complaints share a category, place, unit and month: the
/// working group's recurring-problems view. Place is as written, trimmed;
/// None when none was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecurringProblem {
    pub category: String,
    pub place: Option<String>,
    pub unit_id: Option<String>,
    /// CE year and month of receipt (Thai date).
    pub year: i32,
    pub month: u8,
    pub count: u32,
}

/// An e-mail notice still to send: a public step of a case whose complainant
/// left a contact. The sender opens the contact, sends if it has an e-mail
/// address, and reports back with [`ComplaintStore::finish_complaint_notice`].
#[derive(Clone, PartialEq, Eq)]
pub struct PendingNotice {
    pub organization_id: String,
    pub organization_name: String,
    pub organization_slug: String,
    pub notice_id: String,
    pub complaint_id: String,
    pub channel: Channel,
    pub sealed_contact: Option<Vec<u8>>,
    pub event: EventKind,
    /// General complaints: what the step told the complainant. Corruption
    /// reports: None, the notice says only that there is news.
    pub public_message: Option<String>,
    /// Failed tries so far.
    pub attempts: u32,
}

impl std::fmt::Debug for PendingNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingNotice")
            .field("notice_id", &self.notice_id)
            .field("channel", &self.channel)
            .field("event", &self.event)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

#[async_trait]
pub trait ComplaintStore: Send + Sync + 'static {
    // Settings ---------------------------------------------------------------

    /// The deadlines, the defaults where none was set.
    async fn complaint_settings(&self, organization_id: &str) -> Result<ComplaintSettings>;

    /// Sets a channel's deadline (1–365 days) for complaints filed from now
    /// on; filed ones keep their due dates. Audited.
    async fn set_complaint_deadline_days(
        &self,
        organization_id: &str,
        channel: Channel,
        days: u16,
        actor: &str,
    ) -> Result<ComplaintSettings>;

    /// A channel's categories in display order, disabled ones included (the
    /// filing form shows only enabled ones).
    async fn complaint_categories(
        &self,
        organization_id: &str,
        channel: Channel,
    ) -> Result<Vec<Category>>;

    /// Adds an enabled category at the end. A code in use is
    /// [`crate::StoreError::Conflict`]. Audited.
    async fn add_complaint_category(
        &self,
        organization_id: &str,
        channel: Channel,
        code: &str,
        thai: &str,
        actor: &str,
    ) -> Result<Category>;

    /// Changes a category's Thai label (the code stays). Audited.
    async fn rename_complaint_category(
        &self,
        organization_id: &str,
        channel: Channel,
        code: &str,
        thai: &str,
        actor: &str,
    ) -> Result<Category>;

    /// Enables or disables a category: a disabled one takes no new
    /// complaints; filed ones keep it. "other" cannot be disabled. Audited.
    async fn set_complaint_category_enabled(
        &self,
        organization_id: &str,
        channel: Channel,
        code: &str,
        enabled: bool,
        actor: &str,
    ) -> Result<Category>;

    // Public: filing, tracking, more information, survey ----------------------

    /// Files complaints in one transaction and returns one outcome per record,
    /// in order. A record is refused (with Thai field errors) when its
    /// category is unknown or disabled, its plain and sealed parts do not
    /// match its channel, or its attachments are malformed; the others are
    /// filed. A proposed tracking code already in use is replaced by a fresh
    /// random one. Returns after the commit: every receipt is durable.
    async fn file_complaints(
        &self,
        organization_id: &str,
        records: &[NewComplaintRecord],
    ) -> Result<Vec<FilingOutcome>>;

    /// The filing a form's one-time key made (by its hash), if the key was
    /// used within [`sujarit_core::complaint::SUBMISSION_HOURS`] and the
    /// complaint exists.
    async fn complaint_submission(
        &self,
        organization_id: &str,
        key_hash: &str,
    ) -> Result<Option<StoredSubmission>>;

    /// The public view of one case; None for an unknown code. `hashes` are
    /// the code's keyed hashes under every key of the key file.
    async fn track_complaint(
        &self,
        organization_id: &str,
        hashes: &[String],
    ) -> Result<Option<PublicCase>>;

    /// The complainant adds what was asked for: only while the case is
    /// [`CaseState::Incomplete`] ([`crate::StoreError::NotAllowed`]
    /// otherwise); the case returns to [`CaseState::Received`].
    async fn add_complainant_information(
        &self,
        organization_id: &str,
        hashes: &[String],
        information: &ComplainantInformation,
    ) -> Result<PublicCase>;

    /// Records the satisfaction answer of a closed case, once: a second one
    /// or one for an open case is [`crate::StoreError::NotAllowed`].
    async fn answer_survey(
        &self,
        organization_id: &str,
        hashes: &[String],
        answer: &SurveyAnswer,
    ) -> Result<()>;

    // Staff ------------------------------------------------------------------

    /// Cases matching `filter`, earliest due first.
    async fn complaints(
        &self,
        organization_id: &str,
        filter: &ComplaintFilter,
    ) -> Result<Vec<ComplaintSummary>>;

    /// One case with its full history, attachments and survey answer.
    async fn complaint(
        &self,
        organization_id: &str,
        complaint_id: &str,
    ) -> Result<Option<ComplaintCase>>;

    /// Records a step ([`NewCaseEvent`]) and returns the case as stored.
    /// Assignment checks the unit and the officer exist; an explanation
    /// notice marks the delay explained; the first final answer (forward,
    /// resolve, outcome) sets the completion date.
    async fn record_complaint_event(
        &self,
        organization_id: &str,
        complaint_id: &str,
        expected_revision: i64,
        event: &NewCaseEvent,
        actor: &str,
    ) -> Result<ComplaintCase>;

    /// Attaches a file to an open case (staff upload). Does not change the
    /// revision.
    async fn attach_complaint_file(
        &self,
        organization_id: &str,
        complaint_id: &str,
        attachment: &NewAttachment,
        actor: &str,
    ) -> Result<AttachmentRecord>;

    /// Returns the sealed contact (None: anonymous) and writes an audit entry
    /// ([`AUDIT_IDENTITY_REVEALED`]: who, when, which case, why) in the same
    /// transaction; auditors read it through
    /// [`crate::AccountStore::audit_log`]. An empty reason is
    /// [`crate::StoreError::Invalid`] and reveals nothing.
    async fn reveal_identity(
        &self,
        organization_id: &str,
        complaint_id: &str,
        actor: &str,
        reason: &str,
    ) -> Result<Option<Vec<u8>>>;

    // Keys of the corruption channel -------------------------------------------

    /// An officer's stored keys; None when they have made none.
    async fn officer_keys(
        &self,
        organization_id: &str,
        user_id: &str,
    ) -> Result<Option<OfficerKeys>>;

    /// Stores an integrity officer's new keys. Keys already made are
    /// [`crate::StoreError::Conflict`] (new keys would orphan the grants);
    /// another role is [`crate::StoreError::NotAllowed`]. Audited.
    async fn save_officer_keys(
        &self,
        organization_id: &str,
        user_id: &str,
        keys: &OfficerKeys,
    ) -> Result<()>;

    /// Replaces the password wrap of an officer's private key: a password
    /// change, a restore with the recovery key (Some) or a reset from the
    /// command line (None). Audited.
    async fn set_officer_password_key(
        &self,
        organization_id: &str,
        user_id: &str,
        by_password: Option<&[u8]>,
        actor: Option<&str>,
    ) -> Result<()>;

    /// The public keys of the active integrity officers with keys: a new
    /// corruption report's data key is wrapped for each.
    async fn officer_public_keys(&self, organization_id: &str) -> Result<Vec<(String, [u8; 32])>>;

    /// Every integrity officer (active or not) with their access.
    async fn officer_access(&self, organization_id: &str) -> Result<Vec<OfficerAccess>>;

    /// The data keys wrapped for one officer, by complaint id.
    async fn case_keys(
        &self,
        organization_id: &str,
        user_id: &str,
    ) -> Result<Vec<(String, Vec<u8>)>>;

    /// Gives `grantee` the data keys `grants` (complaint id, key wrapped for
    /// the grantee). Only an officer who holds a key of every case granted
    /// may grant ([`crate::StoreError::NotAllowed`] otherwise, nothing
    /// written); the grantee must be an active integrity officer with keys.
    /// Audited (who, to whom, how many).
    async fn grant_case_keys(
        &self,
        organization_id: &str,
        grantee: &str,
        grants: &[(String, Vec<u8>)],
        actor: &str,
    ) -> Result<u64>;

    /// Cases with a plain tracking code or sealed before issue 11, across
    /// organisations when `organization_id` is None.
    async fn legacy_complaints(
        &self,
        organization_id: Option<&str>,
    ) -> Result<Vec<(String, LegacyComplaint)>>;

    /// Applies the start-up upgrade of tracking codes (one transaction).
    async fn upgrade_tracking(
        &self,
        organization_id: &str,
        upgrades: &[TrackingUpgrade],
    ) -> Result<()>;

    /// Moves one corruption report to its own data key (one transaction):
    /// every plain or key-file-sealed part replaced, the legacy code dropped.
    /// Audited.
    async fn reseal_case(
        &self,
        organization_id: &str,
        case: &ResealedCase,
        actor: &str,
    ) -> Result<()>;

    // E-mail notices ----------------------------------------------------------

    /// Notices not sent yet and tried fewer than `max_attempts` times, oldest
    /// first, across organisations (one sender serves the installation).
    /// Written with each public step of a case that has a contact.
    async fn pending_complaint_notices(
        &self,
        max_attempts: u32,
        limit: u32,
    ) -> Result<Vec<PendingNotice>>;

    /// Records a try: sent (`Ok`), or failed with why (kept for staff; no
    /// address or content in it).
    async fn finish_complaint_notice(
        &self,
        organization_id: &str,
        notice_id: &str,
        outcome: std::result::Result<(), String>,
    ) -> Result<()>;

    // Statistics ----------------------------------------------------------------

    /// The statistics of a fiscal year as they are published, as of
    /// `today`: the general channel by month, the corruption channel by year
    /// (with its satisfaction), every enabled category listed, small counts
    /// suppressed; both channels side by side when `channel` is None.
    async fn complaint_statistics(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        channel: Option<Channel>,
        today: Date,
    ) -> Result<PublishedStatistics>;

    /// General complaints of a fiscal year grouped by category, place, unit
    /// and month, most frequent first.
    async fn recurring_problems(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
    ) -> Result<Vec<RecurringProblem>>;

    /// Every case received in a fiscal year with its survey rating, for the
    /// report to executives: counting columns only, never content or contact.
    async fn complaint_report_cases(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
    ) -> Result<Vec<ReportCase>>;

    // The report to executives ----------------------------------------------------

    /// The narrative saved for a fiscal year's round, by channel (a channel
    /// nobody wrote for has no entry).
    async fn complaint_report_notes(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        round: Round,
    ) -> Result<Vec<StoredReportNotes>>;

    /// Saves one channel's narrative (normalised and validated first) and
    /// returns its new revision. `expected_revision` is the revision the
    /// caller read, 0 when there was none: anything else is
    /// [`crate::StoreError::Stale`] and nothing is written. Audited with the
    /// text before and after.
    #[allow(clippy::too_many_arguments)]
    async fn save_complaint_report_notes(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        round: Round,
        channel: Channel,
        notes: &ReportNotes,
        expected_revision: i64,
        actor: &str,
    ) -> Result<i64>;

    /// Satisfaction answers of the cases received in a fiscal year.
    async fn satisfaction(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        channel: Option<Channel>,
    ) -> Result<SatisfactionSummary>;
}
