//! [`ComplaintStore`] for both databases, written once over `db` (the SQL is
//! in `sql.rs`).
//!
//! Concurrency: staff moves are `UPDATE … WHERE revision = <the one read>`,
//! so of two concurrent moves one wins and the other reports
//! [`StoreError::Stale`]; the history row is written after that update, so
//! positions never collide. Writes that add an audit entry start by locking
//! the organisation's row in PostgreSQL (audit ids count per organisation),
//! as `accounts/imp.rs` does (`db::Lock`); SQLite writers queue through
//! `BEGIN IMMEDIATE`.

use super::sql::*;
use super::*;
use crate::db::{
    Exec, Lock, SqlStore, Tx, audit, finish, now_for_storage, organization_exists, query, query_as,
};
use crate::{Result, StoreError};
use async_trait::async_trait;
use std::collections::BTreeMap;
use sujarit_core::FiscalYear;
use sujarit_core::account::Role;
use sujarit_core::complaint::{
    Assignee, AttachmentShape, CaseState, Category, Channel, DEFAULT_DEADLINE_DAYS, EventKind,
    FieldError, NewCaseEvent, PublicEvent, PublishedStatistics, RecordedStep, ReportCase,
    ReportNotes, SUBMISSION_HOURS, SatisfactionSummary, SurveyAnswer, TrackingCode, Visibility,
    attachment_too_large, check_assignment, check_attachment, check_information,
    check_reveal_reason, check_sealed, check_switch_off, default_categories, due_date,
    validate_category, validate_deadline_days,
};
use sujarit_core::progress::Round;
use sujarit_core::refusal::{Clash, Missing, Refusal};
use sujarit_core::thai::local_date;
use time::Date;

/// A fresh tracking code from the operating system's randomness (UUID v4
/// bytes without the fixed version and variant bits).
pub fn random_tracking_code() -> TrackingCode {
    let bytes = *uuid::Uuid::new_v4().as_bytes();
    let mut random = [0u8; 10];
    random[..6].copy_from_slice(&bytes[..6]);
    random[6..].copy_from_slice(&bytes[9..13]);
    TrackingCode::from_random_bytes(random)
}

/// A file's metadata as core checks it.
fn shape(file: &NewAttachment) -> AttachmentShape<'_> {
    AttachmentShape {
        sha256: &file.sha256,
        media_type: &file.media_type,
        size_bytes: file.size_bytes,
        plain_name: file.file_name.is_some(),
        sealed_name: file.sealed_file_name.is_some(),
    }
}

/// What the store can check of a sealed complaint before filing it.
fn check_record(
    record: &NewComplaintRecord,
    categories: &[Category],
    key_holders: &std::collections::HashSet<String>,
) -> Vec<FieldError> {
    let c = &record.complaint;
    let mut errors = check_sealed(c, categories);
    // Every grant goes to an active integrity officer with keys: anyone else
    // could never open it (and the grants table would refuse the row).
    let keyed = record.reporter_key.is_some()
        && !record.key_grants.is_empty()
        && record
            .key_grants
            .iter()
            .all(|g| key_holders.contains(&g.user_id));
    let plain = record.reporter_key.is_none() && record.key_grants.is_empty();
    let keys_fit = match c.channel {
        Channel::Corruption => keyed,
        Channel::General => plain,
    };
    if !keys_fit {
        errors.push(FieldError {
            field: "channel",
            message: match c.channel {
                Channel::Corruption => "ยังรับเรื่องแจ้งเบาะแสการทุจริตไม่ได้: \
                    ยังไม่มีเจ้าหน้าที่นิติการที่ตั้งกุญแจเข้ารหัส"
                    .to_string(),
                Channel::General => "เรื่องร้องเรียนทั่วไปไม่ใช้กุญแจของเรื่องแจ้งเบาะแส".to_string(),
            },
        });
    }
    if record.tracking_hash.len() != 64
        || !record.tracking_hash.bytes().all(|b| b.is_ascii_hexdigit())
    {
        errors.push(FieldError {
            field: "tracking_code",
            message: "รหัสติดตามเรื่องต้องเก็บเป็นค่าแฮช 64 ตัวอักษร".to_string(),
        });
    }
    for (i, file) in record.attachments.iter().enumerate() {
        errors.extend(check_attachment(c.channel, i, shape(file)));
    }
    errors
}

/// The trimmed, checked text of information a complainant adds.
fn check_added(channel: Channel, info: &ComplainantInformation) -> Result<Option<String>> {
    let text = info
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let mut errors = check_information(
        channel,
        text,
        info.sealed_text.as_deref(),
        !info.attachments.is_empty(),
    );
    for (i, file) in info.attachments.iter().enumerate() {
        errors.extend(check_attachment(channel, i, shape(file)));
    }
    if errors.is_empty() {
        Ok(text.map(str::to_string))
    } else {
        Err(StoreError::Invalid(errors))
    }
}

/// What recurring problems are grouped by: category, place, unit, year, month.
type ProblemKey = (String, Option<String>, Option<String>, i32, u8);

/// Groups general complaints by category, place, unit and month.
fn group_recurring(rows: Vec<RecurringRow>) -> Vec<RecurringProblem> {
    let mut groups: BTreeMap<ProblemKey, u32> = BTreeMap::new();
    for row in rows {
        let place = row
            .place
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty());
        let key = (
            row.category,
            place,
            row.unit_id,
            row.received_on.year(),
            row.received_on.month() as u8,
        );
        *groups.entry(key).or_default() += 1;
    }
    let mut problems: Vec<RecurringProblem> = groups
        .into_iter()
        .map(
            |((category, place, unit_id, year, month), count)| RecurringProblem {
                category,
                place,
                unit_id,
                year,
                month,
                count,
            },
        )
        .collect();
    // Most frequent first; ties in a stable order.
    problems.sort_by_key(|p| std::cmp::Reverse(p.count));
    problems
}

fn fiscal_range(year: FiscalYear) -> (Date, Date) {
    (year.first_day(), year.last_day())
}

/// A pending notice as the outbox query reads it.
#[derive(sqlx::FromRow)]
struct NoticeRow {
    organization_id: String,
    name: String,
    slug: String,
    notice_id: String,
    complaint_id: String,
    channel: String,
    sealed_contact: Option<Vec<u8>>,
    event_kind: String,
    public_message: Option<String>,
    attempts: i64,
}

impl NoticeRow {
    fn into_notice(self) -> Result<PendingNotice> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("complaint_notices: {what}"));
        Ok(PendingNotice {
            organization_id: self.organization_id,
            organization_name: self.name,
            organization_slug: self.slug,
            notice_id: self.notice_id,
            complaint_id: self.complaint_id,
            channel: Channel::parse(&self.channel).ok_or_else(|| corrupt("channel"))?,
            sealed_contact: self.sealed_contact,
            event: EventKind::parse(&self.event_kind).ok_or_else(|| corrupt("event kind"))?,
            public_message: self.public_message,
            attempts: u32::try_from(self.attempts).unwrap_or(u32::MAX),
        })
    }
}

async fn require_organization(conn: &mut Tx<'_>, org: &str, lock: bool) -> Result<()> {
    let lock = if lock { Lock::Organization } else { Lock::No };
    organization_exists(conn, org, lock).await
}

async fn settings<'a>(on: impl Exec<'a>, org: &str) -> Result<ComplaintSettings> {
    let rows: Vec<SettingRow> = query_as(SELECT_SETTINGS).bind(org).fetch_all(on).await?;
    let mut settings = ComplaintSettings {
        general_deadline_days: DEFAULT_DEADLINE_DAYS,
        corruption_deadline_days: DEFAULT_DEADLINE_DAYS,
    };
    for row in rows {
        let days = u16::try_from(row.deadline_days)
            .map_err(|_| StoreError::Corrupt(format!("deadline_days = {}", row.deadline_days)))?;
        match channel(&row.channel)? {
            Channel::General => settings.general_deadline_days = days,
            Channel::Corruption => settings.corruption_deadline_days = days,
        }
    }
    Ok(settings)
}

async fn categories<'a>(on: impl Exec<'a>, org: &str, ch: Channel) -> Result<Vec<Category>> {
    let rows: Vec<CategoryRow> = query_as(SELECT_CATEGORIES)
        .bind(org)
        .bind(ch.as_str())
        .fetch_all(on)
        .await?;
    if rows.is_empty() {
        return Ok(default_categories(ch));
    }
    rows.into_iter().map(CategoryRow::into_category).collect()
}

/// Copies the defaults into the table before the first change.
async fn materialize_categories(conn: &mut Tx<'_>, org: &str, ch: Channel) -> Result<()> {
    let (count,): (i64,) = query_as(COUNT_CATEGORIES)
        .bind(org)
        .bind(ch.as_str())
        .fetch_one(&mut *conn)
        .await?;
    if count > 0 {
        return Ok(());
    }
    for (i, category) in default_categories(ch).into_iter().enumerate() {
        query(INSERT_CATEGORY)
            .bind(org)
            .bind(ch.as_str())
            .bind(&category.code)
            .bind(&category.thai)
            .bind(true)
            .bind(i as i64 + 1)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn category(conn: &mut Tx<'_>, org: &str, ch: Channel, code: &str) -> Result<Category> {
    categories(&mut *conn, org, ch)
        .await?
        .into_iter()
        .find(|c| c.code == code)
        .ok_or_else(|| {
            StoreError::NotFound(Missing::Category {
                channel: ch,
                code: code.to_string(),
            })
        })
}

async fn change_category(
    conn: &mut Tx<'_>,
    org: &str,
    ch: Channel,
    code: &str,
    sql: &str,
    value: ChangeValue<'_>,
    actor: &str,
) -> Result<Category> {
    require_organization(conn, org, true).await?;
    materialize_categories(conn, org, ch).await?;
    let before = category(conn, org, ch, code).await?;
    let query = query(sql).bind(org).bind(ch.as_str()).bind(code);
    let query = match value {
        ChangeValue::Label(thai) => query.bind(thai.to_string()),
        ChangeValue::Enabled(enabled) => query.bind(enabled),
    };
    query.execute(&mut *conn).await?;
    let after = category(conn, org, ch, code).await?;
    audit(
        conn,
        org,
        Some(actor),
        AUDIT_CATEGORY_CHANGED,
        &format!("{}/{code}", ch.as_str()),
        None,
        Some(serde_json::json!({
            "before": {"thai": before.thai, "enabled": before.enabled},
            "after": {"thai": after.thai, "enabled": after.enabled},
        })),
    )
    .await?;
    Ok(after)
}

async fn summary_row(
    conn: &mut Tx<'_>,
    org: &str,
    sql: &str,
    key: &str,
) -> Result<Option<SummaryRow>> {
    Ok(query_as(sql)
        .bind(org)
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?)
}

async fn events(conn: &mut Tx<'_>, org: &str, id: &str) -> Result<Vec<CaseEventRecord>> {
    let rows: Vec<EventRow> = query_as(SELECT_EVENTS)
        .bind(org)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(EventRow::into_record).collect()
}

async fn survey(conn: &mut Tx<'_>, org: &str, id: &str) -> Result<Option<SurveyAnswer>> {
    let row: Option<(i64, Option<String>)> = query_as(SELECT_SURVEY)
        .bind(org)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|(rating, comment)| SurveyAnswer {
        rating: u8::try_from(rating).unwrap_or(0),
        comment,
    }))
}

async fn read_case(conn: &mut Tx<'_>, org: &str, id: &str) -> Result<Option<ComplaintCase>> {
    let Some(row) = summary_row(conn, org, SELECT_SUMMARY_BY_ID, id).await? else {
        return Ok(None);
    };
    let content: ContentRow = query_as(SELECT_CONTENT)
        .bind(org)
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let history = events(conn, org, id).await?;
    let attachments: Vec<AttachmentRow> = query_as(SELECT_ATTACHMENTS)
        .bind(org)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(Some(ComplaintCase {
        summary: row.into_summary()?,
        location: content.location(),
        details: content.details,
        place: content.place,
        history,
        attachments: attachments
            .into_iter()
            .map(AttachmentRow::into_record)
            .collect::<Result<_>>()?,
        survey: survey(conn, org, id).await?,
    }))
}

/// The case a tracking code's hashes (one per key of the key file) find.
async fn tracked_row(
    conn: &mut Tx<'_>,
    org: &str,
    hashes: &[String],
) -> Result<Option<SummaryRow>> {
    for hash in hashes {
        let hash = hash.to_ascii_lowercase();
        if let Some(row) = summary_row(conn, org, SELECT_SUMMARY_BY_HASH, &hash).await? {
            return Ok(Some(row));
        }
    }
    Ok(None)
}

async fn public_case(
    conn: &mut Tx<'_>,
    org: &str,
    hashes: &[String],
) -> Result<Option<PublicCase>> {
    let Some(row) = tracked_row(conn, org, hashes).await? else {
        return Ok(None);
    };
    let id = row.complaint_id.clone();
    let summary = row.into_summary()?;
    let history = events(conn, org, &id)
        .await?
        .into_iter()
        .filter_map(|e| {
            // Only what the complainant may see: no actor, note or unit.
            let label = e.kind.public_label()?;
            Some(PublicEvent {
                kind: e.kind,
                label: label.to_string(),
                message: e.public_message,
                sealed_message: e.sealed_public_message,
                action_kind: e.action_kind,
                at: e.at,
            })
        })
        .collect();
    let survey = if summary.state != CaseState::Closed {
        SurveyStatus::NotYet
    } else if survey(conn, org, &id).await?.is_some() {
        SurveyStatus::Answered
    } else {
        SurveyStatus::Open
    };
    type Extra = (Option<Vec<u8>>, Option<String>, Option<i32>, Option<i32>);
    let (reporter_key, place, latitude, longitude): Extra = query_as(SELECT_PUBLIC_EXTRA)
        .bind(org)
        .bind(&id)
        .fetch_one(&mut *conn)
        .await?;
    let category_label = categories(&mut *conn, org, summary.channel)
        .await?
        .into_iter()
        .find(|c| c.code == summary.category)
        .map_or_else(|| summary.category.clone(), |c| c.thai);
    Ok(Some(PublicCase {
        complaint_id: id,
        seal_version: summary.seal_version,
        reporter_key,
        channel: summary.channel,
        category: summary.category,
        state: summary.state,
        received_at: summary.received_at,
        due_date: summary.clock.due_date,
        clock: summary.clock,
        history,
        survey,
        category_label,
        subject: summary.subject,
        place,
        location: location(latitude, longitude),
        sealed_content: summary.sealed_content,
    }))
}

struct EventArgs<'a> {
    kind: EventKind,
    from: Option<CaseState>,
    to: CaseState,
    public_message: Option<&'a str>,
    internal_note: Option<&'a str>,
    sealed_note: Option<&'a [u8]>,
    sealed_public_message: Option<&'a [u8]>,
    sealed_internal_note: Option<&'a [u8]>,
    unit_id: Option<&'a str>,
    officer_id: Option<&'a str>,
    action_kind: Option<&'static str>,
    actor: Option<&'a str>,
    at: time::OffsetDateTime,
}

async fn insert_event(conn: &mut Tx<'_>, org: &str, id: &str, event: EventArgs<'_>) -> Result<()> {
    let (position,): (i64,) = query_as(NEXT_EVENT_POSITION)
        .bind(org)
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    query(INSERT_EVENT)
        .bind(org)
        .bind(id)
        .bind(position)
        .bind(event.kind.as_str())
        .bind(event.from.map(CaseState::as_str))
        .bind(event.to.as_str())
        .bind(event.public_message)
        .bind(event.internal_note)
        .bind(event.sealed_note)
        .bind(event.unit_id)
        .bind(event.officer_id)
        .bind(event.action_kind)
        .bind(event.actor)
        .bind(event.at)
        .bind(event.sealed_public_message)
        .bind(event.sealed_internal_note)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn insert_attachment(
    conn: &mut Tx<'_>,
    org: &str,
    id: &str,
    file: &NewAttachment,
    uploaded_by: Option<&str>,
) -> Result<AttachmentRecord> {
    let record = AttachmentRecord {
        attachment_id: uuid::Uuid::new_v4().to_string(),
        sha256: file.sha256.to_ascii_lowercase(),
        media_type: file.media_type.trim().to_string(),
        size_bytes: file.size_bytes,
        file_name: file.file_name.clone(),
        sealed_file_name: file.sealed_file_name.clone(),
        uploaded_by: uploaded_by.map(str::to_string),
        uploaded_at: now_for_storage(),
    };
    let size = i64::try_from(record.size_bytes)
        .map_err(|_| StoreError::Invalid(vec![attachment_too_large()]))?;
    query(INSERT_ATTACHMENT)
        .bind(org)
        .bind(&record.attachment_id)
        .bind(id)
        .bind(&record.sha256)
        .bind(&record.media_type)
        .bind(size)
        .bind(&record.file_name)
        .bind(&record.sealed_file_name)
        .bind(&record.uploaded_by)
        .bind(record.uploaded_at)
        .execute(&mut *conn)
        .await?;
    Ok(record)
}

async fn file_batch(
    conn: &mut Tx<'_>,
    org: &str,
    records: &[NewComplaintRecord],
) -> Result<Vec<FilingOutcome>> {
    // A case staff entered is audited: the organisation's row is locked
    // first, as for every audited write.
    let audited = records.iter().any(|r| r.taken_in.is_some());
    require_organization(conn, org, audited).await?;
    let settings = settings(&mut *conn, org).await?;
    let general = categories(&mut *conn, org, Channel::General).await?;
    let corruption = categories(&mut *conn, org, Channel::Corruption).await?;
    let key_holders: std::collections::HashSet<String> =
        query_as::<(String, Vec<u8>)>(SELECT_OFFICER_PUBLIC_KEYS)
            .bind(org)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|(user, _)| user)
            .collect();
    let now = now_for_storage();
    let keys_from = submissions_from(now);
    if records.iter().any(|r| r.submission.is_some()) {
        // Keys older than a day are forgotten (lazily: the next filing).
        query(DELETE_OLD_SUBMISSIONS)
            .bind(org)
            .bind(keys_from)
            .execute(&mut *conn)
            .await?;
    }
    let mut outcomes = Vec::with_capacity(records.len());
    for record in records {
        let c = &record.complaint;
        if let Some(submission) = &record.submission
            && let Some(earlier) = submission_by_key(conn, org, &submission.key_hash).await?
        {
            outcomes.push(Ok(earlier));
            continue;
        }
        let intake = record
            .taken_in
            .as_ref()
            .map(|t| t.intake.clone())
            .unwrap_or_default();
        // A letter that came three days ago was received then: its date
        // and its deadline count from that day (the time of day is now's).
        let received_at = match intake.received_on {
            Some(day) if day < local_date(now) => {
                now - time::Duration::days((local_date(now) - day).whole_days())
            }
            _ => now,
        };
        let received_on = local_date(received_at);
        let recorded_by = record.taken_in.as_ref().map(|t| t.recorded_by.as_str());
        let known = match c.channel {
            Channel::General => &general,
            Channel::Corruption => &corruption,
        };
        let mut errors = check_record(record, known, &key_holders);
        if record.taken_in.is_some() {
            errors.extend(intake.check_by_staff(c.channel, local_date(now)));
        }
        if !errors.is_empty() {
            outcomes.push(Err(errors));
            continue;
        }
        let complaint_id = record.complaint_id.clone();
        if let Some(submission) = &record.submission {
            // The key's row first: of two filings with one key (another
            // server's transaction on PostgreSQL waits here for the first to
            // end), one writes it and files; the other files nothing and
            // answers with the first one's receipt.
            let taken = query(INSERT_SUBMISSION)
                .bind(org)
                .bind(submission.key_hash.to_ascii_lowercase())
                .bind(&complaint_id)
                .bind(submission.sealed_code.as_slice())
                .bind(now)
                .execute(&mut *conn)
                .await?
                .rows_affected();
            if taken != 1 {
                match submission_by_key(conn, org, &submission.key_hash).await? {
                    Some(earlier) => outcomes.push(Ok(earlier)),
                    None => return Err(StoreError::Conflict(Clash::TrackingCodes)),
                }
                continue;
            }
        }
        let (received_at, received_on) = match record.received_at {
            Some(at) if at < received_at => (at, local_date(at)),
            _ => (received_at, received_on),
        };
        let due = due_date(received_at, settings.deadline_days(c.channel));
        {
            let inserted = query(INSERT_COMPLAINT)
                .bind(org)
                .bind(&complaint_id)
                .bind(record.tracking_hash.to_ascii_lowercase())
                .bind(c.channel.as_str())
                .bind(&c.category)
                .bind(&c.subject)
                .bind(&c.details)
                .bind(&c.place)
                .bind(&c.sealed_content)
                .bind(&c.sealed_contact)
                .bind(received_at)
                .bind(received_on)
                .bind(due)
                .bind(false)
                .bind(&record.reporter_key)
                .bind(intake.received_via.as_str())
                .bind(intake.origin.as_str())
                .bind(now)
                .bind(c.location.map(|l| i64::from(l.latitude_micro)))
                .bind(c.location.map(|l| i64::from(l.longitude_micro)))
                .execute(&mut *conn)
                .await?
                .rows_affected();
            // 80 random bits: a taken code (or id) never happens by chance.
            if inserted != 1 {
                return Err(StoreError::Conflict(Clash::TrackingCodes));
            }
        }
        for grant in &record.key_grants {
            query(INSERT_KEY_GRANT)
                .bind(org)
                .bind(&complaint_id)
                .bind(&grant.user_id)
                .bind(grant.wrapped_key.as_slice())
                .bind(None::<&str>)
                .bind(received_at)
                .execute(&mut *conn)
                .await?;
        }
        insert_event(
            conn,
            org,
            &complaint_id,
            EventArgs {
                kind: EventKind::Filed,
                from: None,
                to: CaseState::Received,
                public_message: None,
                internal_note: None,
                sealed_note: None,
                sealed_public_message: None,
                sealed_internal_note: None,
                unit_id: None,
                officer_id: None,
                action_kind: None,
                actor: recorded_by,
                at: received_at,
            },
        )
        .await?;
        for file in &record.attachments {
            insert_attachment(conn, org, &complaint_id, file, recorded_by).await?;
        }
        if let Some(taken_in) = &record.taken_in {
            // Counting columns only: no content, no contact.
            audit(
                conn,
                org,
                Some(&taken_in.recorded_by),
                AUDIT_TAKEN_IN,
                &complaint_id,
                None,
                Some(serde_json::json!({
                    "channel": c.channel.as_str(),
                    "received_via": intake.received_via.as_str(),
                    "origin": intake.origin.as_str(),
                    "received_on": received_on.to_string(),
                })),
            )
            .await?;
        }
        outcomes.push(Ok(Receipt {
            complaint_id,
            received_at,
            due_date: due,
            earlier_code: None,
        }));
    }
    Ok(outcomes)
}

/// The oldest time a one-time key still counts from.
fn submissions_from(now: time::OffsetDateTime) -> time::OffsetDateTime {
    now - time::Duration::hours(SUBMISSION_HOURS)
}

async fn read_submission(
    conn: &mut Tx<'_>,
    org: &str,
    key_hash: &str,
) -> Result<Option<StoredSubmission>> {
    let row: Option<SubmissionRow> = query_as(SELECT_SUBMISSION)
        .bind(org)
        .bind(key_hash.to_ascii_lowercase())
        .bind(submissions_from(now_for_storage()))
        .fetch_optional(&mut *conn)
        .await?;
    row.map(SubmissionRow::into_submission).transpose()
}

/// The earlier receipt of a used key, with its sealed code.
async fn submission_by_key(
    conn: &mut Tx<'_>,
    org: &str,
    key_hash: &str,
) -> Result<Option<Receipt>> {
    Ok(read_submission(conn, org, key_hash)
        .await?
        .map(|s| Receipt {
            complaint_id: s.complaint_id,
            received_at: s.received_at,
            due_date: s.due_date,
            earlier_code: Some(s.sealed_code),
        }))
}

async fn record_event(
    conn: &mut Tx<'_>,
    org: &str,
    id: &str,
    expected_revision: i64,
    event: &NewCaseEvent,
    actor: &str,
) -> Result<ComplaintCase> {
    let event = event.normalized();
    let kind = event.kind.expect("validated: the kind is set");
    let Some(row) = summary_row(conn, org, SELECT_SUMMARY_BY_ID, id).await? else {
        return Err(StoreError::NotFound(Missing::Complaint(id.to_string())));
    };
    let case = row.into_summary()?;
    if case.revision != expected_revision {
        return Err(StoreError::Stale {
            current_revision: case.revision,
        });
    }
    let Some(to) = case.state.apply(case.channel, kind) else {
        return Err(StoreError::NotAllowed(Refusal::CaseMove {
            state: case.state,
            channel: case.channel,
            event: kind,
        }));
    };
    // The same step twice (a double click, a script) is written once.
    let history = events(conn, org, id).await?;
    let last = history.last().map(|e| RecordedStep {
        kind: Some(e.kind),
        public_message: e.public_message.as_deref(),
        internal_note: e.internal_note.as_deref(),
        unit_id: e.unit_id.as_deref(),
        officer_id: e.officer_id.as_deref(),
        action_kind: e.action_kind,
        sealed_text: e.sealed_public_message.is_some() || e.sealed_internal_note.is_some(),
    });
    event
        .check_not_repeated(last.as_ref())
        .map_err(StoreError::NotAllowed)?;
    let (mut unit_id, mut officer_id) = (case.unit_id.clone(), case.officer_id.clone());
    if kind == EventKind::Assign {
        let unit = event.unit_id.as_deref().unwrap_or_default();
        let officer = event.officer_id.as_deref().unwrap_or_default();
        let unit_found: Option<(String,)> = query_as(SELECT_UNIT_ID)
            .bind(org)
            .bind(unit)
            .fetch_optional(&mut *conn)
            .await?;
        let officer_found: Option<(String, bool, Option<String>)> = query_as(SELECT_ASSIGNEE)
            .bind(org)
            .bind(officer)
            .fetch_optional(&mut *conn)
            .await?;
        // A role this binary does not know may act on nothing: as if absent.
        let assignee = officer_found.as_ref().and_then(|(role, active, unit)| {
            Some(Assignee {
                role: Role::parse(role)?,
                active: *active,
                unit_id: unit.as_deref(),
            })
        });
        let errors = check_assignment(case.channel, unit, unit_found.is_some(), assignee);
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        unit_id = Some(unit.to_string());
        officer_id = Some(officer.to_string());
    }
    let action_kind = event.action_kind.or(case.action_kind);
    let now = now_for_storage();
    let completed_on = case
        .clock
        .completed_on
        .or_else(|| to.is_completed().then(|| local_date(now)));
    let delay_explained = case.clock.delay_explained || kind == EventKind::ExplainDelay;
    let changed = query(UPDATE_CASE)
        .bind(org)
        .bind(id)
        .bind(to.as_str())
        .bind(&unit_id)
        .bind(&officer_id)
        .bind(action_kind.map(|k| k.as_str()))
        .bind(completed_on)
        .bind(delay_explained)
        .bind(now)
        .bind(expected_revision)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if changed != 1 {
        let current = summary_row(conn, org, SELECT_SUMMARY_BY_ID, id)
            .await?
            .map_or(0, |r| r.into_summary().map_or(0, |s| s.revision));
        return Err(StoreError::Stale {
            current_revision: current,
        });
    }
    insert_event(
        conn,
        org,
        id,
        EventArgs {
            kind,
            from: Some(case.state),
            to,
            public_message: (kind.visibility() == Visibility::Public)
                .then_some(event.public_message.as_deref())
                .flatten(),
            internal_note: event.internal_note.as_deref(),
            sealed_note: None,
            sealed_public_message: (kind.visibility() == Visibility::Public)
                .then_some(event.sealed_public_message.as_deref())
                .flatten(),
            sealed_internal_note: event.sealed_internal_note.as_deref(),
            unit_id: event.unit_id.as_deref(),
            officer_id: event.officer_id.as_deref(),
            action_kind: event.action_kind.map(|k| k.as_str()),
            actor: Some(actor),
            at: now,
        },
    )
    .await?;
    // A public step tells a general complainant who left a contact, by
    // e-mail if the contact has one (the sender opens it with the key
    // file). A corruption reporter's contact opens only with the report's
    // data key, which the server does not hold: no e-mail on that channel.
    if kind.visibility() == Visibility::Public
        && case.has_contact
        && case.channel == Channel::General
    {
        let message = event.public_message.as_deref();
        query(INSERT_NOTICE)
            .bind(org)
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(id)
            .bind(kind.as_str())
            .bind(message)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    read_case(conn, org, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(Missing::Complaint(id.to_string())))
}

async fn add_information(
    conn: &mut Tx<'_>,
    org: &str,
    hashes: &[String],
    info: &ComplainantInformation,
) -> Result<PublicCase> {
    let Some(row) = tracked_row(conn, org, hashes).await? else {
        return Err(StoreError::NotFound(Missing::TrackedCase));
    };
    let id = row.complaint_id.clone();
    let case = row.into_summary()?;
    let Some(to) = case.state.apply(case.channel, EventKind::InformationAdded) else {
        return Err(StoreError::NotAllowed(Refusal::InformationNotRequested(
            case.state,
        )));
    };
    let text = check_added(case.channel, info)?;
    let now = now_for_storage();
    let changed = query(UPDATE_CASE)
        .bind(org)
        .bind(&id)
        .bind(to.as_str())
        .bind(&case.unit_id)
        .bind(&case.officer_id)
        .bind(case.action_kind.map(|k| k.as_str()))
        .bind(case.clock.completed_on)
        .bind(case.clock.delay_explained)
        .bind(now)
        .bind(case.revision)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if changed != 1 {
        return Err(StoreError::Stale {
            current_revision: case.revision,
        });
    }
    insert_event(
        conn,
        org,
        &id,
        EventArgs {
            kind: EventKind::InformationAdded,
            from: Some(case.state),
            to,
            public_message: None,
            internal_note: text.as_deref(),
            sealed_note: info.sealed_text.as_deref(),
            sealed_public_message: None,
            sealed_internal_note: None,
            unit_id: None,
            officer_id: None,
            action_kind: None,
            actor: None,
            at: now,
        },
    )
    .await?;
    for file in &info.attachments {
        insert_attachment(conn, org, &id, file, None).await?;
    }
    public_case(conn, org, hashes)
        .await?
        .ok_or_else(|| StoreError::NotFound(Missing::JustWritten(id.clone())))
}

async fn answer(
    conn: &mut Tx<'_>,
    org: &str,
    hashes: &[String],
    answer: &SurveyAnswer,
) -> Result<()> {
    let Some(row) = tracked_row(conn, org, hashes).await? else {
        return Err(StoreError::NotFound(Missing::TrackedCase));
    };
    let id = row.complaint_id.clone();
    let summary = row.into_summary()?;
    if summary.state != CaseState::Closed {
        return Err(StoreError::NotAllowed(Refusal::SurveyNotYet));
    }
    let comment = answer
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    // The server could read a comment, and free text may name the reporter:
    // the corruption channel keeps the rating only.
    if summary.channel == Channel::Corruption && comment.is_some() {
        return Err(StoreError::Invalid(vec![FieldError {
            field: "comment",
            message: "เรื่องแจ้งเบาะแสรับเฉพาะระดับความพึงพอใจ ไม่รับข้อความ".into(),
        }]));
    }
    let inserted = query(INSERT_SURVEY)
        .bind(org)
        .bind(&id)
        .bind(i64::from(answer.rating))
        .bind(comment)
        .bind(now_for_storage())
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if inserted != 1 {
        return Err(StoreError::NotAllowed(Refusal::SurveyAnswered));
    }
    Ok(())
}

/// Keys of the corruption channel belong to active integrity officers.
async fn require_integrity_officer(conn: &mut Tx<'_>, org: &str, user_id: &str) -> Result<()> {
    let row: Option<(String, bool)> = query_as(SELECT_USER_ROLE)
        .bind(org)
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some((role, true)) if role == "integrity_officer" => Ok(()),
        _ => Err(StoreError::NotAllowed(Refusal::NotIntegrityOfficer)),
    }
}

async fn reveal(
    conn: &mut Tx<'_>,
    org: &str,
    id: &str,
    actor: &str,
    reason: &str,
) -> Result<Option<Vec<u8>>> {
    require_organization(conn, org, true).await?;
    let Some(row) = summary_row(conn, org, SELECT_SUMMARY_BY_ID, id).await? else {
        return Err(StoreError::NotFound(Missing::Complaint(id.to_string())));
    };
    let case = row.into_summary()?;
    let (sealed,): (Option<Vec<u8>>,) = query_as(SELECT_SEALED_CONTACT)
        .bind(org)
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    audit(
        conn,
        org,
        Some(actor),
        AUDIT_IDENTITY_REVEALED,
        id,
        None,
        Some(serde_json::json!({
            "channel": case.channel.as_str(),
            "reason": reason,
            "had_contact": sealed.is_some(),
        })),
    )
    .await?;
    Ok(sealed)
}

enum ChangeValue<'a> {
    Label(&'a str),
    Enabled(bool),
}

#[async_trait]
impl ComplaintStore for SqlStore {
    async fn complaint_settings(&self, organization_id: &str) -> Result<ComplaintSettings> {
        settings(&self.pool, organization_id).await
    }

    async fn set_complaint_deadline_days(
        &self,
        organization_id: &str,
        channel: Channel,
        days: u16,
        actor: &str,
    ) -> Result<ComplaintSettings> {
        let errors = validate_deadline_days(days);
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let mut tx = self.begin_write().await?;
        let outcome = async {
            require_organization(&mut tx, organization_id, true).await?;
            let before = settings(&mut tx, organization_id).await?;
            query(UPSERT_SETTING)
                .bind(organization_id)
                .bind(channel.as_str())
                .bind(i64::from(days))
                .bind(actor)
                .bind(now_for_storage())
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_DEADLINE_CHANGED,
                channel.as_str(),
                None,
                Some(serde_json::json!({
                    "before_days": before.deadline_days(channel),
                    "after_days": days,
                })),
            )
            .await?;
            settings(&mut tx, organization_id).await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn complaint_categories(
        &self,
        organization_id: &str,
        channel: Channel,
    ) -> Result<Vec<Category>> {
        categories(&self.pool, organization_id, channel).await
    }

    async fn add_complaint_category(
        &self,
        organization_id: &str,
        channel: Channel,
        code: &str,
        thai: &str,
        actor: &str,
    ) -> Result<Category> {
        let (code, thai) = (code.trim(), thai.trim());
        let errors = validate_category(code, thai);
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let mut tx = self.begin_write().await?;
        let outcome = async {
            require_organization(&mut tx, organization_id, true).await?;
            materialize_categories(&mut tx, organization_id, channel).await?;
            let (position,): (i64,) = query_as(NEXT_CATEGORY_POSITION)
                .bind(organization_id)
                .bind(channel.as_str())
                .fetch_one(&mut tx)
                .await?;
            let inserted = query(INSERT_CATEGORY)
                .bind(organization_id)
                .bind(channel.as_str())
                .bind(code)
                .bind(thai)
                .bind(true)
                .bind(position)
                .execute(&mut tx)
                .await?
                .rows_affected();
            if inserted != 1 {
                return Err(StoreError::Conflict(Clash::CategoryCode {
                    channel,
                    code: code.to_string(),
                }));
            }
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_CATEGORY_CHANGED,
                &format!("{}/{code}", channel.as_str()),
                None,
                Some(serde_json::json!({"added": {"thai": thai}})),
            )
            .await?;
            category(&mut tx, organization_id, channel, code).await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn rename_complaint_category(
        &self,
        organization_id: &str,
        channel: Channel,
        code: &str,
        thai: &str,
        actor: &str,
    ) -> Result<Category> {
        let thai = thai.trim();
        let errors: Vec<FieldError> = validate_category(code, thai)
            .into_iter()
            .filter(|e| e.field != "code")
            .collect();
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let mut tx = self.begin_write().await?;
        let outcome = change_category(
            &mut tx,
            organization_id,
            channel,
            code,
            UPDATE_CATEGORY_LABEL,
            ChangeValue::Label(thai),
            actor,
        )
        .await;
        finish(tx, outcome).await
    }

    async fn set_complaint_category_enabled(
        &self,
        organization_id: &str,
        channel: Channel,
        code: &str,
        enabled: bool,
        actor: &str,
    ) -> Result<Category> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            // Checked on the rows read under the organisation's lock, so two
            // requests cannot each switch off one of the last two.
            if !enabled {
                require_organization(&mut tx, organization_id, true).await?;
                let now = categories(&mut tx, organization_id, channel).await?;
                check_switch_off(channel, code, &now).map_err(StoreError::NotAllowed)?;
            }
            change_category(
                &mut tx,
                organization_id,
                channel,
                code,
                UPDATE_CATEGORY_ENABLED,
                ChangeValue::Enabled(enabled),
                actor,
            )
            .await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn file_complaints(
        &self,
        organization_id: &str,
        records: &[NewComplaintRecord],
    ) -> Result<Vec<FilingOutcome>> {
        if records.is_empty() {
            return Ok(Vec::new());
        }
        // A receipt promises the complaint is kept: this commit
        // is flushed to disk before it returns, whatever the
        // connection's default (see `Dialect::durable`). The
        // connection is closed rather than pooled if this is
        // dropped before its setting is restored.
        let mut held = self.hold_durable().await?;
        let outcome = async {
            let mut tx = held.begin_write(&self.hygiene).await?;
            let outcome = file_batch(&mut tx, organization_id, records).await;
            finish(tx, outcome).await
        }
        .await;
        // The commit stands whatever happens now: a failed restore only
        // costs the connection (closed, not pooled), never the receipt.
        if let Err(error) = held.restore().await {
            tracing::warn!(%error, "restoring a filing connection failed; it is closed");
        }
        outcome
    }

    async fn complaint_submission(
        &self,
        organization_id: &str,
        key_hash: &str,
    ) -> Result<Option<StoredSubmission>> {
        let mut tx = self.begin_read().await?;
        let found = read_submission(&mut tx, organization_id, key_hash).await?;
        tx.commit().await?;
        Ok(found)
    }

    async fn track_complaint(
        &self,
        organization_id: &str,
        hashes: &[String],
    ) -> Result<Option<PublicCase>> {
        let mut tx = self.begin_read().await?;
        let case = public_case(&mut tx, organization_id, hashes).await?;
        tx.commit().await?;
        Ok(case)
    }

    async fn add_complainant_information(
        &self,
        organization_id: &str,
        hashes: &[String],
        information: &ComplainantInformation,
    ) -> Result<PublicCase> {
        let mut tx = self.begin_write().await?;
        let outcome = add_information(&mut tx, organization_id, hashes, information).await;
        finish(tx, outcome).await
    }

    async fn answer_survey(
        &self,
        organization_id: &str,
        hashes: &[String],
        survey_answer: &SurveyAnswer,
    ) -> Result<()> {
        let errors = survey_answer.validate();
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let mut tx = self.begin_write().await?;
        let outcome = answer(&mut tx, organization_id, hashes, survey_answer).await;
        finish(tx, outcome).await
    }

    async fn complaints(
        &self,
        organization_id: &str,
        filter: &ComplaintFilter,
    ) -> Result<Vec<ComplaintSummary>> {
        let rows: Vec<SummaryRow> = query_as(SELECT_SUMMARIES)
            .bind(organization_id)
            .bind(filter.channel.map(Channel::as_str))
            .bind(filter.unit_id.as_deref())
            .bind(filter.officer_id.as_deref())
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::new();
        for row in rows {
            let s = row.into_summary()?;
            // Deadlines, dates and the reference in Rust, with core's rules.
            if filter.matches(&s) {
                out.push(s);
            }
        }
        Ok(out)
    }

    async fn complaint(
        &self,
        organization_id: &str,
        complaint_id: &str,
    ) -> Result<Option<ComplaintCase>> {
        let mut tx = self.begin_read().await?;
        let case = read_case(&mut tx, organization_id, complaint_id).await?;
        tx.commit().await?;
        Ok(case)
    }

    async fn record_complaint_event(
        &self,
        organization_id: &str,
        complaint_id: &str,
        expected_revision: i64,
        event: &NewCaseEvent,
        actor: &str,
    ) -> Result<ComplaintCase> {
        let errors = event.validate();
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let mut tx = self.begin_write().await?;
        let outcome = record_event(
            &mut tx,
            organization_id,
            complaint_id,
            expected_revision,
            event,
            actor,
        )
        .await;
        finish(tx, outcome).await
    }

    async fn attach_complaint_file(
        &self,
        organization_id: &str,
        complaint_id: &str,
        attachment: &NewAttachment,
        actor: &str,
    ) -> Result<AttachmentRecord> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            // Audited: the organisation's row first (audit ids count per organisation).
            require_organization(&mut tx, organization_id, true).await?;
            let Some(row) =
                summary_row(&mut tx, organization_id, SELECT_SUMMARY_BY_ID, complaint_id).await?
            else {
                return Err(StoreError::NotFound(Missing::Complaint(
                    complaint_id.to_string(),
                )));
            };
            let case = row.into_summary()?;
            if case.state == CaseState::Closed {
                return Err(StoreError::NotAllowed(Refusal::CaseClosed));
            }
            let errors = check_attachment(case.channel, 0, shape(attachment));
            if !errors.is_empty() {
                return Err(StoreError::Invalid(errors));
            }
            let record = insert_attachment(
                &mut tx,
                organization_id,
                complaint_id,
                attachment,
                Some(actor),
            )
            .await?;
            // No file name: a corruption report's is sealed. The channel lets
            // the audit page hide a report's details from other roles.
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_ATTACHMENT_ADDED,
                complaint_id,
                None,
                Some(serde_json::json!({
                    "channel": case.channel.as_str(),
                    "media_type": record.media_type,
                    "size_bytes": record.size_bytes,
                })),
            )
            .await?;
            Ok(record)
        }
        .await;
        finish(tx, outcome).await
    }

    async fn officer_keys(
        &self,
        organization_id: &str,
        user_id: &str,
    ) -> Result<Option<OfficerKeys>> {
        let row: Option<(Vec<u8>, Option<Vec<u8>>, Vec<u8>)> = query_as(SELECT_OFFICER_KEYS)
            .bind(organization_id)
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|(public_key, by_password, by_recovery)| {
            Ok(OfficerKeys {
                public_key: public_key
                    .try_into()
                    .map_err(|_| StoreError::Corrupt("officer_keys.public_key".into()))?,
                by_password,
                by_recovery,
            })
        })
        .transpose()
    }

    async fn save_officer_keys(
        &self,
        organization_id: &str,
        user_id: &str,
        keys: &OfficerKeys,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            require_organization(&mut tx, organization_id, true).await?;
            require_integrity_officer(&mut tx, organization_id, user_id).await?;
            let inserted = query(INSERT_OFFICER_KEYS)
                .bind(organization_id)
                .bind(user_id)
                .bind(keys.public_key.to_vec())
                .bind(&keys.by_password)
                .bind(keys.by_recovery.as_slice())
                .bind(now_for_storage())
                .execute(&mut tx)
                .await?
                .rows_affected();
            if inserted != 1 {
                return Err(StoreError::Conflict(Clash::OfficerKeys));
            }
            audit(
                &mut tx,
                organization_id,
                Some(user_id),
                AUDIT_KEYS_MADE,
                user_id,
                None,
                None,
            )
            .await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn set_officer_password_key(
        &self,
        organization_id: &str,
        user_id: &str,
        by_password: Option<&[u8]>,
        actor: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            require_organization(&mut tx, organization_id, true).await?;
            let changed = query(UPDATE_PASSWORD_KEY)
                .bind(organization_id)
                .bind(user_id)
                .bind(by_password)
                .execute(&mut tx)
                .await?
                .rows_affected();
            if changed != 1 {
                return Err(StoreError::NotAllowed(Refusal::GranteeWithoutKeys));
            }
            audit(
                &mut tx,
                organization_id,
                actor,
                AUDIT_PASSWORD_KEY_CHANGED,
                user_id,
                None,
                Some(serde_json::json!({ "reset": by_password.is_none() })),
            )
            .await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn officer_public_keys(&self, organization_id: &str) -> Result<Vec<(String, [u8; 32])>> {
        let rows: Vec<(String, Vec<u8>)> = query_as(SELECT_OFFICER_PUBLIC_KEYS)
            .bind(organization_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|(user, key)| {
                let key: [u8; 32] = key
                    .try_into()
                    .map_err(|_| StoreError::Corrupt("officer_keys.public_key".into()))?;
                Ok((user, key))
            })
            .collect()
    }

    async fn officer_access(&self, organization_id: &str) -> Result<Vec<OfficerAccess>> {
        let rows: Vec<OfficerAccessRow> = query_as(SELECT_OFFICER_ACCESS)
            .bind(organization_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| OfficerAccess {
                user_id: r.user_id,
                display_name: r.display_name,
                email: r.email,
                active: r.active,
                has_keys: r.has_keys,
                needs_restore: r.needs_restore,
                cases_open: u64::try_from(r.cases_open).unwrap_or(0),
            })
            .collect())
    }

    async fn case_keys(
        &self,
        organization_id: &str,
        user_id: &str,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        Ok(query_as(SELECT_CASE_KEYS)
            .bind(organization_id)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn grant_case_keys(
        &self,
        organization_id: &str,
        grantee: &str,
        grants: &[(String, Vec<u8>)],
        actor: &str,
    ) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            require_organization(&mut tx, organization_id, true).await?;
            require_integrity_officer(&mut tx, organization_id, actor).await?;
            require_integrity_officer(&mut tx, organization_id, grantee).await?;
            let grantee_keys: Option<(Option<Vec<u8>>,)> = query_as(
                "SELECT by_password FROM officer_keys WHERE organization_id = $1 AND user_id = $2",
            )
            .bind(organization_id)
            .bind(grantee)
            .fetch_optional(&mut tx)
            .await?;
            if !matches!(grantee_keys, Some((Some(_),))) {
                return Err(StoreError::NotAllowed(Refusal::GranteeWithoutKeys));
            }
            let now = now_for_storage();
            for (complaint_id, wrapped) in grants {
                let held: Option<(Vec<u8>,)> = query_as(SELECT_CASE_KEY)
                    .bind(organization_id)
                    .bind(complaint_id)
                    .bind(actor)
                    .fetch_optional(&mut tx)
                    .await?;
                if held.is_none() {
                    return Err(StoreError::NotAllowed(Refusal::GrantWithoutAccess));
                }
                query(INSERT_KEY_GRANT)
                    .bind(organization_id)
                    .bind(complaint_id)
                    .bind(grantee)
                    .bind(wrapped.as_slice())
                    .bind(actor)
                    .bind(now)
                    .execute(&mut tx)
                    .await?;
            }
            // Which cases is not written: the count says enough.
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_KEYS_GRANTED,
                grantee,
                None,
                Some(serde_json::json!({ "cases": grants.len() })),
            )
            .await?;
            Ok(grants.len() as u64)
        }
        .await;
        finish(tx, outcome).await
    }

    async fn legacy_complaints(
        &self,
        organization_id: Option<&str>,
    ) -> Result<Vec<(String, LegacyComplaint)>> {
        let mut tx = self.begin_read().await?;
        let rows: Vec<LegacyRow> = query_as(SELECT_LEGACY)
            .bind(organization_id)
            .fetch_all(&mut tx)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let Some(case) = read_case(&mut tx, &row.organization_id, &row.complaint_id).await?
            else {
                continue;
            };
            let tracking_code = row
                .tracking_code
                .as_deref()
                .map(TrackingCode::parse)
                .transpose()
                .map_err(|_| StoreError::Corrupt("complaints.tracking_code".into()))?;
            out.push((
                row.organization_id,
                LegacyComplaint {
                    complaint_id: row.complaint_id,
                    channel: channel(&row.channel)?,
                    seal_version: u8::try_from(row.seal_version).unwrap_or(0),
                    tracking_code,
                    sealed_content: row.sealed_content,
                    sealed_contact: row.sealed_contact,
                    legacy_sealed_code: row.legacy_sealed_code,
                    attachments: case.attachments,
                    history: case.history,
                },
            ));
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn upgrade_tracking(
        &self,
        organization_id: &str,
        upgrades: &[TrackingUpgrade],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            for u in upgrades {
                query(UPGRADE_TRACKING)
                    .bind(organization_id)
                    .bind(&u.complaint_id)
                    .bind(u.tracking_hash.to_ascii_lowercase())
                    .bind(&u.legacy_sealed_code)
                    .execute(&mut tx)
                    .await?;
                if let Some(contact) = &u.rebound_contact {
                    query(REBIND_CONTACT)
                        .bind(organization_id)
                        .bind(&u.complaint_id)
                        .bind(contact)
                        .execute(&mut tx)
                        .await?;
                }
            }
            Ok(())
        }
        .await;
        finish(tx, outcome).await
    }

    async fn reseal_case(
        &self,
        organization_id: &str,
        case: &ResealedCase,
        actor: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            require_organization(&mut tx, organization_id, true).await?;
            let changed = query(RESEAL_CASE)
                .bind(organization_id)
                .bind(&case.complaint_id)
                .bind(case.sealed_content.as_slice())
                .bind(&case.sealed_contact)
                .bind(case.reporter_key.as_slice())
                .execute(&mut tx)
                .await?
                .rows_affected();
            if changed != 1 {
                return Err(StoreError::NotAllowed(Refusal::AlreadyResealed));
            }
            let now = now_for_storage();
            for grant in &case.key_grants {
                query(INSERT_KEY_GRANT)
                    .bind(organization_id)
                    .bind(&case.complaint_id)
                    .bind(&grant.user_id)
                    .bind(grant.wrapped_key.as_slice())
                    .bind(actor)
                    .bind(now)
                    .execute(&mut tx)
                    .await?;
            }
            for file in &case.attachments {
                let size = i64::try_from(file.size_bytes)
                    .map_err(|_| StoreError::Invalid(vec![attachment_too_large()]))?;
                query(RESEAL_ATTACHMENT)
                    .bind(organization_id)
                    .bind(&case.complaint_id)
                    .bind(&file.attachment_id)
                    .bind(file.sha256.to_ascii_lowercase())
                    .bind(size)
                    .bind(&file.sealed_file_name)
                    .execute(&mut tx)
                    .await?;
            }
            for event in &case.events {
                query(RESEAL_EVENT)
                    .bind(organization_id)
                    .bind(&case.complaint_id)
                    .bind(event.position)
                    .bind(&event.sealed_public_message)
                    .bind(&event.sealed_internal_note)
                    .bind(&event.sealed_note)
                    .execute(&mut tx)
                    .await?;
            }
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_CASE_RESEALED,
                &case.complaint_id,
                None,
                Some(serde_json::json!({ "recipients": case.key_grants.len() })),
            )
            .await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn pending_complaint_notices(
        &self,
        max_attempts: u32,
        limit: u32,
    ) -> Result<Vec<PendingNotice>> {
        let rows: Vec<NoticeRow> = query_as(SELECT_PENDING_NOTICES)
            .bind(i64::from(max_attempts))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(NoticeRow::into_notice).collect()
    }

    async fn finish_complaint_notice(
        &self,
        organization_id: &str,
        notice_id: &str,
        outcome: std::result::Result<(), String>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let query = match &outcome {
            Ok(()) => query(MARK_NOTICE_SENT)
                .bind(organization_id)
                .bind(notice_id)
                .bind(now_for_storage()),
            Err(error) => query(MARK_NOTICE_FAILED)
                .bind(organization_id)
                .bind(notice_id)
                .bind(error.chars().take(500).collect::<String>()),
        };
        query.execute(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn reveal_identity(
        &self,
        organization_id: &str,
        complaint_id: &str,
        actor: &str,
        reason: &str,
    ) -> Result<Option<Vec<u8>>> {
        let reason = reason.trim();
        let errors = check_reveal_reason(reason);
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let mut tx = self.begin_write().await?;
        let outcome = reveal(&mut tx, organization_id, complaint_id, actor, reason).await;
        finish(tx, outcome).await
    }

    async fn complaint_statistics(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        channel: Option<Channel>,
        today: Date,
    ) -> Result<PublishedStatistics> {
        let (first, last) = fiscal_range(fiscal_year);
        let rows: Vec<FactsRow> = query_as(SELECT_FACTS)
            .bind(organization_id)
            .bind(first)
            .bind(last)
            .fetch_all(&self.pool)
            .await?;
        let facts = rows
            .into_iter()
            .map(FactsRow::into_facts)
            .collect::<Result<Vec<_>>>()?;
        // Every enabled category is listed, so the categories are read too;
        // and the corruption channel's satisfaction is published with its
        // counts (from a minimum of answers), so it is read here.
        let mut listed = Vec::new();
        for ch in Channel::ALL {
            listed.extend(categories(&self.pool, organization_id, ch).await?);
        }
        let corruption_satisfaction = if channel == Some(Channel::General) {
            SatisfactionSummary::default()
        } else {
            self.satisfaction(organization_id, fiscal_year, Some(Channel::Corruption))
                .await?
        };
        Ok(PublishedStatistics::compute(
            fiscal_year,
            channel,
            &facts,
            &listed,
            corruption_satisfaction,
            today,
        ))
    }

    async fn recurring_problems(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
    ) -> Result<Vec<RecurringProblem>> {
        let (first, last) = fiscal_range(fiscal_year);
        let rows: Vec<RecurringRow> = query_as(SELECT_RECURRING)
            .bind(organization_id)
            .bind(first)
            .bind(last)
            .fetch_all(&self.pool)
            .await?;
        Ok(group_recurring(rows))
    }

    async fn complaint_report_cases(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
    ) -> Result<Vec<ReportCase>> {
        let (first, last) = fiscal_range(fiscal_year);
        let rows: Vec<ReportCaseRow> = query_as(SELECT_REPORT_CASES)
            .bind(organization_id)
            .bind(first)
            .bind(last)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(ReportCaseRow::into_case).collect()
    }

    async fn complaint_report_notes(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        round: Round,
    ) -> Result<Vec<StoredReportNotes>> {
        let rows: Vec<ReportNotesRow> = query_as(SELECT_REPORT_NOTES)
            .bind(organization_id)
            .bind(i64::from(fiscal_year.0))
            .bind(round.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(ReportNotesRow::into_notes).collect()
    }

    async fn save_complaint_report_notes(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        round: Round,
        channel: Channel,
        notes: &ReportNotes,
        expected_revision: i64,
        actor: &str,
    ) -> Result<i64> {
        let notes = notes.normalized();
        let errors = notes.validate();
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let mut tx = self.begin_write().await?;
        let outcome = async {
            require_organization(&mut tx, organization_id, true).await?;
            let year = i64::from(fiscal_year.0);
            let rows: Vec<ReportNotesRow> = query_as(SELECT_REPORT_NOTES)
                .bind(organization_id)
                .bind(year)
                .bind(round.as_str())
                .fetch_all(&mut tx)
                .await?;
            let before = rows
                .into_iter()
                .map(ReportNotesRow::into_notes)
                .collect::<Result<Vec<_>>>()?
                .into_iter()
                .find(|n| n.channel == channel);
            let current = before.as_ref().map_or(0, |n| n.revision);
            if current != expected_revision {
                return Err(StoreError::Stale {
                    current_revision: current,
                });
            }
            let sql = if before.is_some() {
                UPDATE_REPORT_NOTES
            } else {
                INSERT_REPORT_NOTES
            };
            query(sql)
                .bind(organization_id)
                .bind(year)
                .bind(round.as_str())
                .bind(channel.as_str())
                .bind(&notes.problems)
                .bind(&notes.obstacles)
                .bind(&notes.solutions)
                .bind(actor)
                .bind(now_for_storage())
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_REPORT_NOTES_SAVED,
                &format!("{}/{}/{}", fiscal_year.0, round.as_str(), channel.as_str()),
                before.map(|b| serde_json::json!(b.notes)),
                Some(serde_json::json!(notes)),
            )
            .await?;
            Ok(current + 1)
        }
        .await;
        finish(tx, outcome).await
    }

    async fn satisfaction(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        channel: Option<Channel>,
    ) -> Result<SatisfactionSummary> {
        let (first, last) = fiscal_range(fiscal_year);
        let ratings: Vec<(i64,)> = query_as(SELECT_RATINGS)
            .bind(organization_id)
            .bind(first)
            .bind(last)
            .bind(channel.map(Channel::as_str))
            .fetch_all(&self.pool)
            .await?;
        Ok(SatisfactionSummary::of(
            ratings.into_iter().map(|(r,)| u8::try_from(r).unwrap_or(0)),
        ))
    }
}
