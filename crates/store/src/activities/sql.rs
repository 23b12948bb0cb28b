//! The SQL of [`crate::ActivityStore`] and its rows, shared by both databases.

use crate::{Result, StoreError};
use serde::{Deserialize, Serialize};
use sujarit_core::ItemRef;
use sujarit_core::activity::{
    Activity, ActivityFile, ActivityInput, ActivityKind, GroupCount, PublicityEntry,
    RosterEntryRef, Session, TargetGroup,
};
use time::{Date, OffsetDateTime};

// ---------------------------------------------------------------------------
// Activities

const ACTIVITY_COLUMNS: &str = "activity_id, item_dimension, item_no, fiscal_year, kind, title, \
     venue, summary, details, published, checkin_token, revision";

pub(crate) fn select_activity() -> String {
    format!(
        "SELECT {ACTIVITY_COLUMNS} FROM activities WHERE organization_id = $1 AND activity_id = $2"
    )
}

pub(crate) fn select_activity_by_token() -> String {
    format!(
        "SELECT {ACTIVITY_COLUMNS} FROM activities WHERE organization_id = $1 AND checkin_token = $2"
    )
}

pub(crate) fn select_activities() -> String {
    format!(
        "SELECT {ACTIVITY_COLUMNS} FROM activities WHERE organization_id = $1 AND fiscal_year = $2 \
         AND ($3 = 0 OR (item_dimension = $3 AND item_no = $4)) ORDER BY first_day, title, activity_id"
    )
}

pub(crate) const INSERT_ACTIVITY: &str = "INSERT INTO activities (organization_id, activity_id, \
     item_dimension, item_no, fiscal_year, kind, title, first_day, venue, summary, details, \
     published, checkin_token, revision, updated_by, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $15)";

pub(crate) const UPDATE_ACTIVITY: &str = "UPDATE activities SET item_dimension = $3, item_no = $4, \
     fiscal_year = $5, kind = $6, title = $7, first_day = $8, venue = $9, summary = $10, \
     details = $11, revision = revision + 1, updated_by = $12, updated_at = $13 \
     WHERE organization_id = $1 AND activity_id = $2 AND revision = $14";

pub(crate) const SELECT_REVISION: &str =
    "SELECT revision FROM activities WHERE organization_id = $1 AND activity_id = $2";

pub(crate) const SET_PUBLISHED: &str = "UPDATE activities SET published = $3, \
     revision = revision + 1, updated_by = $4, updated_at = $5 \
     WHERE organization_id = $1 AND activity_id = $2";

pub(crate) const COUNT_CHECKINS: &str = "SELECT target_group, COUNT(*) FROM activity_checkins \
     WHERE organization_id = $1 AND activity_id = $2 GROUP BY target_group ORDER BY target_group";

pub(crate) const INSERT_CHECKIN: &str = "INSERT INTO activity_checkins (organization_id, \
     activity_id, device, target_group, name, checked_in_at) VALUES ($1, $2, $3, $4, $5, $6) \
     ON CONFLICT DO NOTHING";

pub(crate) const SELECT_ATTENDANCE: &str = "SELECT target_group, name, checked_in_at \
     FROM activity_checkins WHERE organization_id = $1 AND activity_id = $2 \
     ORDER BY checked_in_at, device";

pub(crate) const SELECT_FILES: &str = "SELECT file_id, file_name, media_type, size_bytes, sha256 \
     FROM activity_files WHERE organization_id = $1 AND activity_id = $2 ORDER BY added_at, file_id";

pub(crate) const INSERT_FILE: &str = "INSERT INTO activity_files (organization_id, activity_id, \
     file_id, file_name, media_type, size_bytes, sha256, added_by, added_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING";

/// The lists of an activity, stored as one JSON value.
#[derive(Serialize, Deserialize)]
pub(crate) struct Details {
    pub(crate) sessions: Vec<Session>,
    pub(crate) topics: Vec<String>,
    pub(crate) speakers: Vec<String>,
    pub(crate) groups: Vec<GroupCount>,
    pub(crate) roster_entries: Vec<RosterEntryRef>,
}

impl Details {
    pub(crate) fn of(input: &ActivityInput) -> String {
        serde_json::to_string(&Details {
            sessions: input.sessions.clone(),
            topics: input.topics.clone(),
            speakers: input.speakers.clone(),
            groups: input.groups.clone(),
            roster_entries: input.roster_entries.clone(),
        })
        .unwrap_or_else(|_| "{}".into())
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ActivityRow {
    activity_id: String,
    item_dimension: i64,
    item_no: i64,
    fiscal_year: i64,
    kind: String,
    title: String,
    venue: String,
    summary: String,
    details: String,
    published: bool,
    checkin_token: String,
    revision: i64,
}

pub(crate) fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

impl ActivityRow {
    pub(crate) fn into_activity(
        self,
        checkins: Vec<(TargetGroup, u32)>,
        photos: Vec<ActivityFile>,
    ) -> Result<Activity> {
        let details: Details = serde_json::from_str(&self.details)
            .map_err(|e| corrupt(format!("activity {} details: {e}", self.activity_id)))?;
        let kind = ActivityKind::parse(&self.kind)
            .ok_or_else(|| corrupt(format!("activity kind {}", self.kind)))?;
        Ok(Activity {
            id: self.activity_id,
            input: ActivityInput {
                item: item_ref(self.item_dimension, self.item_no)?,
                fiscal_year: year(self.fiscal_year)?,
                kind,
                title: self.title,
                sessions: details.sessions,
                venue: self.venue,
                topics: details.topics,
                speakers: details.speakers,
                groups: details.groups,
                roster_entries: details.roster_entries,
                summary: self.summary,
            },
            published: self.published,
            checkin_token: self.checkin_token,
            checkins,
            photos,
            revision: self.revision,
        })
    }
}

pub(crate) fn item_ref(dimension: i64, no: i64) -> Result<ItemRef> {
    Ok(ItemRef {
        dimension: u8::try_from(dimension)
            .map_err(|_| corrupt(format!("dimension {dimension}")))?,
        no: u32::try_from(no).map_err(|_| corrupt(format!("item no {no}")))?,
    })
}

pub(crate) fn year(value: i64) -> Result<u16> {
    u16::try_from(value).map_err(|_| corrupt(format!("fiscal year {value}")))
}

#[derive(sqlx::FromRow)]
pub(crate) struct AttendanceRow {
    pub(crate) target_group: String,
    pub(crate) name: Option<String>,
    pub(crate) checked_in_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
pub(crate) struct FileRow {
    file_id: String,
    file_name: String,
    media_type: String,
    size_bytes: i64,
    sha256: String,
}

impl From<FileRow> for ActivityFile {
    fn from(r: FileRow) -> Self {
        ActivityFile {
            id: r.file_id,
            file_name: r.file_name,
            media_type: r.media_type,
            size_bytes: u64::try_from(r.size_bytes).unwrap_or(0),
            sha256: r.sha256,
        }
    }
}

// ---------------------------------------------------------------------------
// Publicity and rosters

pub(crate) const SELECT_CHANNELS: &str =
    "SELECT channels FROM publicity_channels WHERE organization_id = $1";

pub(crate) const UPSERT_CHANNELS: &str = "INSERT INTO publicity_channels (organization_id, \
     channels) VALUES ($1, $2) ON CONFLICT (organization_id) DO UPDATE SET channels = $2";

pub(crate) const INSERT_PUBLICITY: &str = "INSERT INTO publicity_log (organization_id, entry_id, \
     item_dimension, item_no, fiscal_year, channel, posted_on, topic, added_by) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

pub(crate) const DELETE_PUBLICITY: &str =
    "DELETE FROM publicity_log WHERE organization_id = $1 AND entry_id = $2";

pub(crate) const SELECT_PUBLICITY: &str = "SELECT entry_id, item_dimension, item_no, fiscal_year, \
     channel, posted_on, topic FROM publicity_log WHERE organization_id = $1 AND fiscal_year = $2 \
     ORDER BY posted_on, entry_id";

#[derive(sqlx::FromRow)]
pub(crate) struct PublicityRow {
    entry_id: String,
    item_dimension: Option<i64>,
    item_no: Option<i64>,
    fiscal_year: i64,
    channel: String,
    posted_on: Date,
    topic: String,
}

impl PublicityRow {
    pub(crate) fn into_entry(self) -> Result<PublicityEntry> {
        let item = match (self.item_dimension, self.item_no) {
            (Some(d), Some(n)) => Some(item_ref(d, n)?),
            _ => None,
        };
        Ok(PublicityEntry {
            id: self.entry_id,
            item,
            fiscal_year: year(self.fiscal_year)?,
            channel: self.channel,
            date: self.posted_on,
            topic: self.topic,
        })
    }
}

pub(crate) const SELECT_ROSTERS: &str = "SELECT roster_id, kind, name, entries FROM rosters \
     WHERE organization_id = $1 ORDER BY kind, name, roster_id";

pub(crate) const UPSERT_ROSTER: &str = "INSERT INTO rosters (organization_id, roster_id, kind, \
     name, entries) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organization_id, roster_id) \
     DO UPDATE SET kind = $3, name = $4, entries = $5";

pub(crate) const ROSTER_EXISTS: &str =
    "SELECT roster_id FROM rosters WHERE organization_id = $1 AND roster_id = $2";

#[derive(sqlx::FromRow)]
pub(crate) struct RosterRow {
    pub(crate) roster_id: String,
    pub(crate) kind: String,
    pub(crate) name: String,
    pub(crate) entries: String,
}

// ---------------------------------------------------------------------------
// Surveys

pub(crate) const INSERT_SURVEY: &str = "INSERT INTO surveys (organization_id, survey_id, \
     fiscal_year, title, kind, definition, opens, closes, responses, passed, score_sum, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0, 0, $9)";

pub(crate) const UPDATE_SURVEY: &str = "UPDATE surveys SET fiscal_year = $3, title = $4, \
     kind = $5, definition = $6, opens = $7, closes = $8 \
     WHERE organization_id = $1 AND survey_id = $2";

pub(crate) const SELECT_SURVEY: &str = "SELECT survey_id, definition, responses, passed, score_sum \
     FROM surveys WHERE organization_id = $1 AND survey_id = $2";

pub(crate) const SELECT_SURVEYS: &str = "SELECT survey_id, definition, responses, passed, score_sum \
     FROM surveys WHERE organization_id = $1 AND ($2 = 0 OR fiscal_year = $2) \
     ORDER BY opens DESC, created_at DESC, survey_id";

pub(crate) const SELECT_SURVEY_FOR_ANSWER: &str = "SELECT opens, closes, kind, definition \
     FROM surveys WHERE organization_id = $1 AND survey_id = $2";

pub(crate) const INSERT_RESPONSE: &str = "INSERT INTO survey_responses (organization_id, \
     survey_id, response_id, device, answers, answered_on) VALUES ($1, $2, $3, $4, $5, $6) \
     ON CONFLICT DO NOTHING";

pub(crate) const ADD_TO_TOTALS: &str = "UPDATE surveys SET responses = responses + 1, \
     passed = passed + $3, score_sum = score_sum + $4 WHERE organization_id = $1 AND survey_id = $2";

pub(crate) const ADD_TALLY: &str = "INSERT INTO survey_tallies (organization_id, survey_id, \
     question_id, value_key, count) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (organization_id, survey_id, question_id, value_key) \
     DO UPDATE SET count = survey_tallies.count + $5";

pub(crate) const SELECT_TALLIES: &str = "SELECT question_id, value_key, count FROM survey_tallies \
     WHERE organization_id = $1 AND survey_id = $2";

pub(crate) const SELECT_ANSWERS: &str = "SELECT answered_on, answers FROM survey_responses \
     WHERE organization_id = $1 AND survey_id = $2 ORDER BY answered_on, response_id";

#[derive(sqlx::FromRow)]
pub(crate) struct SurveyRow {
    pub(crate) survey_id: String,
    pub(crate) definition: String,
    pub(crate) responses: i64,
    pub(crate) passed: i64,
    pub(crate) score_sum: i64,
}

#[derive(sqlx::FromRow)]
pub(crate) struct OpenRow {
    pub(crate) opens: Date,
    pub(crate) closes: Date,
    pub(crate) kind: String,
    pub(crate) definition: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct TallyRow {
    pub(crate) question_id: String,
    pub(crate) value_key: String,
    pub(crate) count: i64,
}

#[derive(sqlx::FromRow)]
pub(crate) struct AnswerRow {
    pub(crate) answered_on: Date,
    pub(crate) answers: String,
}

// ---------------------------------------------------------------------------
// KPI sources and complaint counts

pub(crate) const SELECT_KPI_SOURCES: &str = "SELECT kpi, source FROM kpi_sources \
     WHERE organization_id = $1 AND item_dimension = $2 AND item_no = $3 AND fiscal_year = $4 \
     ORDER BY kpi";

pub(crate) const UPSERT_KPI_SOURCE: &str = "INSERT INTO kpi_sources (organization_id, \
     item_dimension, item_no, fiscal_year, kpi, source, updated_by, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
     ON CONFLICT (organization_id, item_dimension, item_no, fiscal_year, kpi) \
     DO UPDATE SET source = $6, updated_by = $7, updated_at = $8";

pub(crate) const DELETE_KPI_SOURCE: &str = "DELETE FROM kpi_sources WHERE organization_id = $1 \
     AND item_dimension = $2 AND item_no = $3 AND fiscal_year = $4 AND kpi = $5";

pub(crate) const COUNT_COMPLAINTS_BY_CATEGORY: &str = "SELECT category, COUNT(*) FROM complaints \
     WHERE organization_id = $1 AND received_on BETWEEN $2 AND $3 GROUP BY category";

#[derive(sqlx::FromRow)]
pub(crate) struct KpiSourceRow {
    pub(crate) kpi: String,
    pub(crate) source: String,
}
