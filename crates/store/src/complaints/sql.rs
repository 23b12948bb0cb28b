//! The SQL of [`crate::ComplaintStore`] and the mapping of its rows, shared by
//! both backends (`$n` placeholders, `ON CONFLICT` and `$n IS NULL OR …`
//! filters work in SQLite and PostgreSQL alike).

use super::{
    AttachmentRecord, CaseEventRecord, ComplaintSummary, StoredReportNotes, StoredSubmission,
};
use crate::{Result, StoreError};
use sujarit_core::complaint::{
    ActionKind, CaseClock, CaseFacts, CaseState, Channel, EventKind, Location, ReportCase,
    ReportNotes,
};
use sujarit_core::complaint::{Origin, ReceivedVia};
use time::{Date, OffsetDateTime};

// ---------------------------------------------------------------------------
// Settings and categories

pub(crate) const SELECT_SETTINGS: &str =
    "SELECT channel, deadline_days FROM complaint_settings WHERE organization_id = $1";

pub(crate) const UPSERT_SETTING: &str = "INSERT INTO complaint_settings (organization_id, \
     channel, deadline_days, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (organization_id, channel) DO UPDATE SET deadline_days = excluded.deadline_days, \
     updated_by = excluded.updated_by, updated_at = excluded.updated_at";

pub(crate) const SELECT_CATEGORIES: &str = "SELECT channel, code, thai, enabled \
     FROM complaint_categories WHERE organization_id = $1 AND channel = $2 ORDER BY position";

pub(crate) const COUNT_CATEGORIES: &str =
    "SELECT COUNT(*) FROM complaint_categories WHERE organization_id = $1 AND channel = $2";

pub(crate) const NEXT_CATEGORY_POSITION: &str = "SELECT COALESCE(MAX(position), 0) + 1 \
     FROM complaint_categories WHERE organization_id = $1 AND channel = $2";

pub(crate) const INSERT_CATEGORY: &str = "INSERT INTO complaint_categories (organization_id, \
     channel, code, thai, enabled, position) VALUES ($1, $2, $3, $4, $5, $6) \
     ON CONFLICT DO NOTHING";

pub(crate) const UPDATE_CATEGORY_LABEL: &str = "UPDATE complaint_categories SET thai = $4 \
     WHERE organization_id = $1 AND channel = $2 AND code = $3";

pub(crate) const UPDATE_CATEGORY_ENABLED: &str = "UPDATE complaint_categories SET enabled = $4 \
     WHERE organization_id = $1 AND channel = $2 AND code = $3";

#[derive(sqlx::FromRow)]
pub(crate) struct SettingRow {
    pub(crate) channel: String,
    pub(crate) deadline_days: i64,
}

#[derive(sqlx::FromRow)]
pub(crate) struct CategoryRow {
    channel: String,
    code: String,
    thai: String,
    enabled: bool,
}

impl CategoryRow {
    pub(crate) fn into_category(self) -> Result<sujarit_core::complaint::Category> {
        Ok(sujarit_core::complaint::Category {
            channel: channel(&self.channel)?,
            code: self.code,
            thai: self.thai,
            enabled: self.enabled,
        })
    }
}

// ---------------------------------------------------------------------------
// Cases

pub(crate) const INSERT_COMPLAINT: &str = "INSERT INTO complaints (organization_id, \
     complaint_id, tracking_hash, channel, category, subject, details, place, sealed_content, \
     sealed_contact, state, received_at, received_on, due_date, completed_on, delay_explained, \
     unit_id, officer_id, action_kind, revision, updated_at, seal_version, reporter_key, \
     received_via, origin, latitude_micro, longitude_micro) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'received', $11, $12, $13, NULL, $14, \
     NULL, NULL, NULL, 1, $18, 2, $15, $16, $17, $19, $20) ON CONFLICT DO NOTHING";

pub(crate) const INSERT_KEY_GRANT: &str = "INSERT INTO complaint_key_grants (organization_id, \
     complaint_id, user_id, wrapped_key, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5, $6) \
     ON CONFLICT (organization_id, complaint_id, user_id) DO UPDATE SET \
     wrapped_key = excluded.wrapped_key, granted_by = excluded.granted_by, \
     granted_at = excluded.granted_at";

macro_rules! summary_select {
    ($where:literal) => {
        concat!(
            "SELECT complaint_id, CAST(seal_version AS BIGINT) AS seal_version, channel, category, subject, sealed_content, state, \
             received_at, due_date, completed_on, delay_explained, unit_id, officer_id, action_kind, \
             (sealed_contact IS NOT NULL) AS has_contact, revision, updated_at, received_via, origin \
             FROM complaints WHERE organization_id = $1",
            $where
        )
    };
}

pub(crate) const SELECT_SUMMARY_BY_ID: &str = summary_select!(" AND complaint_id = $2");
pub(crate) const SELECT_SUMMARY_BY_HASH: &str = summary_select!(" AND tracking_hash = $2");
pub(crate) const SELECT_SUMMARIES: &str = summary_select!(
    " AND ($2 IS NULL OR channel = $2) AND ($3 IS NULL OR unit_id = $3) \
     AND ($4 IS NULL OR officer_id = $4) ORDER BY due_date, received_at, complaint_id"
);

pub(crate) const SELECT_CONTENT: &str = "SELECT details, place, latitude_micro, longitude_micro \
     FROM complaints \
     WHERE organization_id = $1 AND complaint_id = $2";

pub(crate) const SELECT_SEALED_CONTACT: &str = "SELECT sealed_contact FROM complaints \
     WHERE organization_id = $1 AND complaint_id = $2";

/// Moves a case only if nobody did since `$10` was read.
pub(crate) const UPDATE_CASE: &str = "UPDATE complaints SET state = $3, unit_id = $4, \
     officer_id = $5, action_kind = $6, completed_on = $7, delay_explained = $8, \
     revision = revision + 1, updated_at = $9 \
     WHERE organization_id = $1 AND complaint_id = $2 AND revision = $10";

#[derive(sqlx::FromRow)]
pub(crate) struct SummaryRow {
    pub(crate) complaint_id: String,
    seal_version: i64,
    channel: String,
    category: String,
    subject: Option<String>,
    sealed_content: Option<Vec<u8>>,
    state: String,
    received_at: OffsetDateTime,
    due_date: Date,
    completed_on: Option<Date>,
    delay_explained: bool,
    unit_id: Option<String>,
    officer_id: Option<String>,
    action_kind: Option<String>,
    has_contact: bool,
    revision: i64,
    updated_at: OffsetDateTime,
    received_via: String,
    origin: String,
}

impl SummaryRow {
    pub(crate) fn into_summary(self) -> Result<ComplaintSummary> {
        Ok(ComplaintSummary {
            reference: self
                .complaint_id
                .chars()
                .take(8)
                .collect::<String>()
                .to_ascii_uppercase(),
            seal_version: u8::try_from(self.seal_version)
                .map_err(|_| corrupt("complaints.seal_version", &self.seal_version.to_string()))?,
            channel: channel(&self.channel)?,
            state: state(&self.state)?,
            action_kind: self.action_kind.as_deref().map(action_kind).transpose()?,
            clock: CaseClock {
                due_date: self.due_date,
                completed_on: self.completed_on,
                delay_explained: self.delay_explained,
            },
            complaint_id: self.complaint_id,
            category: self.category,
            subject: self.subject,
            sealed_content: self.sealed_content,
            received_at: self.received_at,
            unit_id: self.unit_id,
            officer_id: self.officer_id,
            has_contact: self.has_contact,
            received_via: received_via(&self.received_via)?,
            origin: origin(&self.origin)?,
            revision: self.revision,
            updated_at: self.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ContentRow {
    pub(crate) details: Option<String>,
    pub(crate) place: Option<String>,
    pub(crate) latitude_micro: Option<i32>,
    pub(crate) longitude_micro: Option<i32>,
}

impl ContentRow {
    pub(crate) fn location(&self) -> Option<Location> {
        location(self.latitude_micro, self.longitude_micro)
    }
}

/// Both coordinates, or no location.
pub(crate) fn location(latitude: Option<i32>, longitude: Option<i32>) -> Option<Location> {
    Some(Location {
        latitude_micro: latitude?,
        longitude_micro: longitude?,
    })
}

// ---------------------------------------------------------------------------
// History

pub(crate) const NEXT_EVENT_POSITION: &str = "SELECT COALESCE(MAX(event_position), 0) + 1 \
     FROM complaint_events WHERE organization_id = $1 AND complaint_id = $2";

pub(crate) const INSERT_EVENT: &str = "INSERT INTO complaint_events (organization_id, \
     complaint_id, event_position, kind, from_state, to_state, public_message, internal_note, \
     sealed_note, unit_id, officer_id, action_kind, actor, at, sealed_public_message, \
     sealed_internal_note) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";

pub(crate) const SELECT_EVENTS: &str = "SELECT event_position, kind, from_state, to_state, \
     public_message, internal_note, sealed_note, unit_id, officer_id, action_kind, actor, at, \
     sealed_public_message, sealed_internal_note \
     FROM complaint_events WHERE organization_id = $1 AND complaint_id = $2 \
     ORDER BY event_position";

#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    event_position: i64,
    kind: String,
    from_state: Option<String>,
    to_state: String,
    public_message: Option<String>,
    internal_note: Option<String>,
    sealed_note: Option<Vec<u8>>,
    unit_id: Option<String>,
    officer_id: Option<String>,
    action_kind: Option<String>,
    actor: Option<String>,
    at: OffsetDateTime,
    sealed_public_message: Option<Vec<u8>>,
    sealed_internal_note: Option<Vec<u8>>,
}

impl EventRow {
    pub(crate) fn into_record(self) -> Result<CaseEventRecord> {
        Ok(CaseEventRecord {
            position: self.event_position,
            kind: EventKind::parse(&self.kind)
                .ok_or_else(|| corrupt("complaint_events.kind", &self.kind))?,
            from: self.from_state.as_deref().map(state).transpose()?,
            to: state(&self.to_state)?,
            public_message: self.public_message,
            internal_note: self.internal_note,
            sealed_note: self.sealed_note,
            sealed_public_message: self.sealed_public_message,
            sealed_internal_note: self.sealed_internal_note,
            unit_id: self.unit_id,
            officer_id: self.officer_id,
            action_kind: self.action_kind.as_deref().map(action_kind).transpose()?,
            actor: self.actor,
            at: self.at,
        })
    }
}

// ---------------------------------------------------------------------------
// Attachments

pub(crate) const INSERT_ATTACHMENT: &str = "INSERT INTO complaint_attachments \
     (organization_id, attachment_id, complaint_id, sha256, media_type, size_bytes, file_name, \
     sealed_file_name, uploaded_by, uploaded_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

pub(crate) const SELECT_ATTACHMENTS: &str = "SELECT attachment_id, sha256, media_type, \
     size_bytes, file_name, sealed_file_name, uploaded_by, uploaded_at \
     FROM complaint_attachments WHERE organization_id = $1 AND complaint_id = $2 \
     ORDER BY uploaded_at, attachment_id";

#[derive(sqlx::FromRow)]
pub(crate) struct AttachmentRow {
    attachment_id: String,
    sha256: String,
    media_type: String,
    size_bytes: i64,
    file_name: Option<String>,
    sealed_file_name: Option<Vec<u8>>,
    uploaded_by: Option<String>,
    uploaded_at: OffsetDateTime,
}

impl AttachmentRow {
    pub(crate) fn into_record(self) -> Result<AttachmentRecord> {
        Ok(AttachmentRecord {
            size_bytes: u64::try_from(self.size_bytes).map_err(|_| {
                corrupt(
                    "complaint_attachments.size_bytes",
                    &self.size_bytes.to_string(),
                )
            })?,
            attachment_id: self.attachment_id,
            sha256: self.sha256,
            media_type: self.media_type,
            file_name: self.file_name,
            sealed_file_name: self.sealed_file_name,
            uploaded_by: self.uploaded_by,
            uploaded_at: self.uploaded_at,
        })
    }
}

// ---------------------------------------------------------------------------
// Survey

pub(crate) const INSERT_SURVEY: &str = "INSERT INTO complaint_surveys (organization_id, \
     complaint_id, rating, comment, answered_at) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT DO NOTHING";

pub(crate) const SELECT_SURVEY: &str = "SELECT rating, comment FROM complaint_surveys \
     WHERE organization_id = $1 AND complaint_id = $2";

pub(crate) const SELECT_RATINGS: &str = "SELECT s.rating FROM complaint_surveys s \
     JOIN complaints c ON c.organization_id = s.organization_id \
       AND c.complaint_id = s.complaint_id \
     WHERE s.organization_id = $1 AND c.received_on BETWEEN $2 AND $3 \
       AND ($4 IS NULL OR c.channel = $4)";

// ---------------------------------------------------------------------------
// Statistics: counting columns only, never content or contact

pub(crate) const SELECT_FACTS: &str = "SELECT channel, category, received_on, due_date, \
     completed_on, delay_explained, received_via, origin FROM complaints \
     WHERE organization_id = $1 AND received_on BETWEEN $2 AND $3";

pub(crate) const SELECT_RECURRING: &str = "SELECT category, place, unit_id, received_on \
     FROM complaints WHERE organization_id = $1 AND channel = 'general' \
       AND received_on BETWEEN $2 AND $3";

#[derive(sqlx::FromRow)]
pub(crate) struct FactsRow {
    channel: String,
    category: String,
    received_on: Date,
    due_date: Date,
    completed_on: Option<Date>,
    delay_explained: bool,
    received_via: String,
    origin: String,
}

impl FactsRow {
    pub(crate) fn into_facts(self) -> Result<CaseFacts> {
        Ok(CaseFacts {
            channel: channel(&self.channel)?,
            received_via: received_via(&self.received_via)?,
            origin: origin(&self.origin)?,
            category: self.category,
            received_on: self.received_on,
            clock: CaseClock {
                due_date: self.due_date,
                completed_on: self.completed_on,
                delay_explained: self.delay_explained,
            },
        })
    }
}

pub(crate) const SELECT_REPORT_CASES: &str = "SELECT c.channel, c.category, c.received_on, \
     c.due_date, c.completed_on, c.delay_explained, c.received_via, c.origin, s.rating \
     FROM complaints c \
     LEFT JOIN complaint_surveys s ON s.organization_id = c.organization_id \
       AND s.complaint_id = c.complaint_id \
     WHERE c.organization_id = $1 AND c.received_on BETWEEN $2 AND $3";

#[derive(sqlx::FromRow)]
pub(crate) struct ReportCaseRow {
    #[sqlx(flatten)]
    facts: FactsRow,
    rating: Option<i64>,
}

impl ReportCaseRow {
    pub(crate) fn into_case(self) -> Result<ReportCase> {
        let rating = match self.rating {
            None => None,
            Some(r) => Some(
                u8::try_from(r)
                    .ok()
                    .filter(|r| (1..=5).contains(r))
                    .ok_or_else(|| corrupt("rating", &r.to_string()))?,
            ),
        };
        Ok(ReportCase {
            facts: self.facts.into_facts()?,
            rating,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct RecurringRow {
    pub(crate) category: String,
    pub(crate) place: Option<String>,
    pub(crate) unit_id: Option<String>,
    pub(crate) received_on: Date,
}

// ---------------------------------------------------------------------------
// The narrative of the report to executives

pub(crate) const SELECT_REPORT_NOTES: &str = "SELECT channel, problems, obstacles, solutions, \
     revision, updated_by, updated_at FROM complaint_report_notes \
     WHERE organization_id = $1 AND fiscal_year = $2 AND round = $3 ORDER BY channel";

pub(crate) const INSERT_REPORT_NOTES: &str = "INSERT INTO complaint_report_notes \
     (organization_id, fiscal_year, round, channel, problems, obstacles, solutions, revision, \
      updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9)";

pub(crate) const UPDATE_REPORT_NOTES: &str = "UPDATE complaint_report_notes \
     SET problems = $5, obstacles = $6, solutions = $7, revision = revision + 1, \
       updated_by = $8, updated_at = $9 \
     WHERE organization_id = $1 AND fiscal_year = $2 AND round = $3 AND channel = $4";

#[derive(sqlx::FromRow)]
pub(crate) struct ReportNotesRow {
    channel: String,
    problems: String,
    obstacles: String,
    solutions: String,
    revision: i64,
    updated_by: String,
    updated_at: OffsetDateTime,
}

impl ReportNotesRow {
    pub(crate) fn into_notes(self) -> Result<StoredReportNotes> {
        Ok(StoredReportNotes {
            channel: channel(&self.channel)?,
            notes: ReportNotes {
                problems: self.problems,
                obstacles: self.obstacles,
                solutions: self.solutions,
            },
            revision: self.revision,
            updated_by: self.updated_by,
            updated_at: self.updated_at,
        })
    }
}

// ---------------------------------------------------------------------------
// Who an assignment names

pub(crate) const SELECT_UNIT_ID: &str =
    "SELECT unit_id FROM units WHERE organization_id = $1 AND unit_id = $2";
/// The account an assignment names: may they act on the case?
pub(crate) const SELECT_ASSIGNEE: &str =
    "SELECT role, active, unit_id FROM users WHERE organization_id = $1 AND user_id = $2";

// ---------------------------------------------------------------------------
// Codes read back

fn corrupt(column: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{column} = {value:?}"))
}

pub(crate) fn channel(text: &str) -> Result<Channel> {
    Channel::parse(text).ok_or_else(|| corrupt("channel", text))
}

pub(crate) fn state(text: &str) -> Result<CaseState> {
    CaseState::parse(text).ok_or_else(|| corrupt("state", text))
}

fn action_kind(text: &str) -> Result<ActionKind> {
    ActionKind::parse(text).ok_or_else(|| corrupt("action_kind", text))
}

fn received_via(text: &str) -> Result<ReceivedVia> {
    ReceivedVia::parse(text).ok_or_else(|| corrupt("complaints.received_via", text))
}

fn origin(text: &str) -> Result<Origin> {
    Origin::parse(text).ok_or_else(|| corrupt("complaints.origin", text))
}

// ---------------------------------------------------------------------------
// E-mail notices (the outbox)

pub(crate) const INSERT_NOTICE: &str = "INSERT INTO complaint_notices (organization_id, \
     notice_id, complaint_id, event_kind, public_message, created_at, attempts) \
     VALUES ($1, $2, $3, $4, $5, $6, 0)";

/// Across organisations: the sender serves the whole installation.
pub(crate) const SELECT_PENDING_NOTICES: &str = "SELECT n.organization_id, o.name, o.slug, \
     n.notice_id, n.complaint_id, c.channel, c.sealed_contact, n.event_kind, \
     n.public_message, n.attempts \
     FROM complaint_notices n \
     JOIN complaints c ON c.organization_id = n.organization_id AND c.complaint_id = n.complaint_id \
     JOIN organizations o ON o.organization_id = n.organization_id \
     WHERE n.sent_at IS NULL AND n.attempts < $1 \
     ORDER BY n.created_at, n.notice_id LIMIT $2";

pub(crate) const MARK_NOTICE_SENT: &str = "UPDATE complaint_notices SET sent_at = $3, \
     attempts = attempts + 1, last_error = NULL \
     WHERE organization_id = $1 AND notice_id = $2 AND sent_at IS NULL";

pub(crate) const MARK_NOTICE_FAILED: &str = "UPDATE complaint_notices \
     SET attempts = attempts + 1, last_error = $3 \
     WHERE organization_id = $1 AND notice_id = $2 AND sent_at IS NULL";

// ---------------------------------------------------------------------------
// Keys of the corruption channel

pub(crate) const SELECT_OFFICER_KEYS: &str = "SELECT public_key, by_password, by_recovery \
     FROM officer_keys WHERE organization_id = $1 AND user_id = $2";

pub(crate) const INSERT_OFFICER_KEYS: &str = "INSERT INTO officer_keys (organization_id, user_id, \
     public_key, by_password, by_recovery, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
     ON CONFLICT DO NOTHING";

pub(crate) const UPDATE_PASSWORD_KEY: &str = "UPDATE officer_keys SET by_password = $3 \
     WHERE organization_id = $1 AND user_id = $2";

pub(crate) const SELECT_USER_ROLE: &str = "SELECT role, active FROM users \
     WHERE organization_id = $1 AND user_id = $2";

pub(crate) const SELECT_OFFICER_PUBLIC_KEYS: &str = "SELECT k.user_id, k.public_key \
     FROM officer_keys k JOIN users u ON u.organization_id = k.organization_id \
     AND u.user_id = k.user_id \
     WHERE k.organization_id = $1 AND u.role = 'integrity_officer' AND u.active = TRUE \
     ORDER BY k.user_id";

pub(crate) const SELECT_OFFICER_ACCESS: &str = "SELECT u.user_id, u.display_name, u.email, \
     u.active, (k.user_id IS NOT NULL) AS has_keys, \
     (k.user_id IS NOT NULL AND k.by_password IS NULL) AS needs_restore, \
     (SELECT COUNT(*) FROM complaint_key_grants g WHERE g.organization_id = u.organization_id \
      AND g.user_id = u.user_id) AS cases_open \
     FROM users u LEFT JOIN officer_keys k ON k.organization_id = u.organization_id \
     AND k.user_id = u.user_id \
     WHERE u.organization_id = $1 AND u.role = 'integrity_officer' ORDER BY u.display_name, u.user_id";

#[derive(sqlx::FromRow)]
pub(crate) struct OfficerAccessRow {
    pub(crate) user_id: String,
    pub(crate) display_name: String,
    pub(crate) email: String,
    pub(crate) active: bool,
    pub(crate) has_keys: bool,
    pub(crate) needs_restore: bool,
    pub(crate) cases_open: i64,
}

pub(crate) const SELECT_CASE_KEYS: &str = "SELECT complaint_id, wrapped_key \
     FROM complaint_key_grants WHERE organization_id = $1 AND user_id = $2";

pub(crate) const SELECT_CASE_KEY: &str = "SELECT wrapped_key FROM complaint_key_grants \
     WHERE organization_id = $1 AND complaint_id = $2 AND user_id = $3";

pub(crate) const SELECT_LEGACY: &str = "SELECT organization_id, complaint_id, channel, \
     CAST(seal_version AS BIGINT) AS seal_version, tracking_code, sealed_content, sealed_contact, legacy_sealed_code \
     FROM complaints WHERE ($1 IS NULL OR organization_id = $1) \
     AND (seal_version = 1 OR tracking_code IS NOT NULL) \
     ORDER BY organization_id, received_at, complaint_id";

#[derive(sqlx::FromRow)]
pub(crate) struct LegacyRow {
    pub(crate) organization_id: String,
    pub(crate) complaint_id: String,
    pub(crate) channel: String,
    pub(crate) seal_version: i64,
    pub(crate) tracking_code: Option<String>,
    pub(crate) sealed_content: Option<Vec<u8>>,
    pub(crate) sealed_contact: Option<Vec<u8>>,
    pub(crate) legacy_sealed_code: Option<Vec<u8>>,
}

pub(crate) const UPGRADE_TRACKING: &str = "UPDATE complaints SET tracking_hash = $3, \
     tracking_code = NULL, legacy_sealed_code = COALESCE($4, legacy_sealed_code) \
     WHERE organization_id = $1 AND complaint_id = $2";

pub(crate) const REBIND_CONTACT: &str = "UPDATE complaints SET sealed_contact = $3, \
     seal_version = 2 WHERE organization_id = $1 AND complaint_id = $2 AND channel = 'general'";

pub(crate) const RESEAL_CASE: &str = "UPDATE complaints SET sealed_content = $3, \
     sealed_contact = $4, reporter_key = $5, legacy_sealed_code = NULL, seal_version = 2 \
     WHERE organization_id = $1 AND complaint_id = $2 AND channel = 'corruption' \
     AND seal_version = 1 AND tracking_code IS NULL";

pub(crate) const RESEAL_ATTACHMENT: &str = "UPDATE complaint_attachments SET sha256 = $4, \
     size_bytes = $5, sealed_file_name = $6 \
     WHERE organization_id = $1 AND complaint_id = $2 AND attachment_id = $3";

pub(crate) const RESEAL_EVENT: &str = "UPDATE complaint_events SET public_message = NULL, \
     internal_note = NULL, sealed_public_message = $4, sealed_internal_note = $5, \
     sealed_note = $6 \
     WHERE organization_id = $1 AND complaint_id = $2 AND event_position = $3";

// Filing once: the form's one-time key ---------------------------------------

/// Takes a key for one filing; no row is written when the key was used.
pub(crate) const INSERT_SUBMISSION: &str = "INSERT INTO complaint_submissions \
     (organization_id, key_hash, complaint_id, sealed_code, created_at) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";

/// A filing by its key, with the complaint's receipt (a key used before `$3`
/// is too old to count).
pub(crate) const SELECT_SUBMISSION: &str = "SELECT s.complaint_id, c.channel, s.sealed_code, \
     s.created_at, c.received_at, c.due_date FROM complaint_submissions s \
     JOIN complaints c ON c.organization_id = s.organization_id AND c.complaint_id = s.complaint_id \
     WHERE s.organization_id = $1 AND s.key_hash = $2 AND s.created_at >= $3";

/// Keys older than `$2` are forgotten.
pub(crate) const DELETE_OLD_SUBMISSIONS: &str =
    "DELETE FROM complaint_submissions WHERE organization_id = $1 AND created_at < $2";

#[derive(sqlx::FromRow)]
pub(crate) struct SubmissionRow {
    complaint_id: String,
    channel: String,
    sealed_code: Vec<u8>,
    created_at: OffsetDateTime,
    received_at: OffsetDateTime,
    due_date: Date,
}

impl SubmissionRow {
    pub(crate) fn into_submission(self) -> Result<StoredSubmission> {
        Ok(StoredSubmission {
            channel: channel(&self.channel)?,
            complaint_id: self.complaint_id,
            sealed_code: self.sealed_code,
            created_at: self.created_at,
            received_at: self.received_at,
            due_date: self.due_date,
        })
    }
}

/// What the tracking page shows beside the summary.
pub(crate) const SELECT_PUBLIC_EXTRA: &str = "SELECT reporter_key, place, latitude_micro, \
     longitude_micro FROM complaints \
     WHERE organization_id = $1 AND complaint_id = $2";
