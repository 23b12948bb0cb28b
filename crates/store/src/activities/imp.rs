//! [`ActivityStore`] for both databases, written once over `db` (the SQL is
//! in `sql.rs`).

use super::sql::*;
use super::{AUDIT_ATTENDANCE_READ, ActivityStore, Attendance, KpiSourceChoice, NewResponse};
use crate::db::{
    Lock, SqlStore, Tx, audit, finish, now_for_storage, organization_exists, query, query_as,
};
use crate::{Result, StoreError};
use async_trait::async_trait;
use std::collections::BTreeMap;
use sujarit_core::ItemRef;
use sujarit_core::activity::{
    Activity, ActivityFile, ActivityInput, CheckIn, DEFAULT_CHANNELS, PublicityEntry, Roster,
    RosterKind, TargetGroup,
};
use sujarit_core::kpi::KpiSource;
use sujarit_core::refusal::{Clash, Missing, Refusal};
use sujarit_core::survey::{Response, Survey, SurveyInput, Tallies, tally_keys};
use sujarit_core::validation::FieldError;
use time::{Date, OffsetDateTime};

const AUDIT_ACTIVITY_CREATED: &str = "activity.created";
const AUDIT_ACTIVITY_UPDATED: &str = "activity.updated";
const AUDIT_ACTIVITY_PUBLISHED: &str = "activity.published";
const AUDIT_ACTIVITY_FILE: &str = "activity.file_added";
const AUDIT_CHANNELS: &str = "publicity.channels_changed";
const AUDIT_PUBLICITY_ADDED: &str = "publicity.added";
const AUDIT_PUBLICITY_REMOVED: &str = "publicity.removed";
const AUDIT_ROSTER: &str = "roster.saved";
const AUDIT_SURVEY_CREATED: &str = "survey.created";
const AUDIT_SURVEY_UPDATED: &str = "survey.updated";
const AUDIT_KPI_SOURCE: &str = "kpi.source_changed";

fn invalid(errors: Vec<FieldError>) -> Result<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A check-in link's secret: 128 random bits, URL-safe.
fn new_token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

async fn read_activity(conn: &mut Tx<'_>, org: &str, row: ActivityRow) -> Result<Activity> {
    // The id is needed for the two reads below before `row` is consumed.
    let probe: Activity = row.into_activity(Vec::new(), Vec::new())?;
    let counts: Vec<(String, i64)> = query_as(COUNT_CHECKINS)
        .bind(org)
        .bind(&probe.id)
        .fetch_all(&mut *conn)
        .await?;
    let checkins = counts
        .into_iter()
        .filter_map(|(g, n)| Some((TargetGroup::parse(&g)?, u32::try_from(n).ok()?)))
        .collect();
    let files: Vec<FileRow> = query_as(SELECT_FILES)
        .bind(org)
        .bind(&probe.id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(Activity {
        checkins,
        photos: files.into_iter().map(ActivityFile::from).collect(),
        ..probe
    })
}

async fn activity_in(conn: &mut Tx<'_>, org: &str, id: &str) -> Result<Option<Activity>> {
    let row: Option<ActivityRow> = query_as(&select_activity())
        .bind(org)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(Some(read_activity(conn, org, row).await?)),
        None => Ok(None),
    }
}

async fn existing_activity(conn: &mut Tx<'_>, org: &str, id: &str) -> Result<Activity> {
    activity_in(conn, org, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(Missing::Activity(id.to_string())))
}

/// Roster entries an activity names must exist.
async fn check_roster_entries(conn: &mut Tx<'_>, org: &str, input: &ActivityInput) -> Result<()> {
    if input.roster_entries.is_empty() {
        return Ok(());
    }
    let rosters = read_rosters(conn, org).await?;
    for entry in &input.roster_entries {
        let known = rosters
            .iter()
            .find(|r| r.id == entry.roster)
            .is_some_and(|r| r.entries.contains(&entry.entry));
        if !known {
            return Err(StoreError::Invalid(vec![FieldError {
                field: "roster_entries",
                message: format!("ไม่มี \"{}\" ในรายชื่อที่เลือก", entry.entry),
            }]));
        }
    }
    Ok(())
}

async fn read_rosters(conn: &mut Tx<'_>, org: &str) -> Result<Vec<Roster>> {
    let rows: Vec<RosterRow> = query_as(SELECT_ROSTERS)
        .bind(org)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Roster {
                kind: RosterKind::parse(&r.kind)
                    .ok_or_else(|| corrupt(format!("roster kind {}", r.kind)))?,
                entries: serde_json::from_str(&r.entries)
                    .map_err(|e| corrupt(format!("roster {} entries: {e}", r.roster_id)))?,
                id: r.roster_id,
                name: r.name,
            })
        })
        .collect()
}

fn survey_of(row: SurveyRow) -> Result<Survey> {
    let input: SurveyInput = serde_json::from_str(&row.definition)
        .map_err(|e| corrupt(format!("survey {} definition: {e}", row.survey_id)))?;
    Ok(Survey {
        id: row.survey_id,
        input,
        responses: u64::try_from(row.responses).unwrap_or(0),
    })
}

async fn channels_in(conn: &mut Tx<'_>, org: &str) -> Result<Vec<String>> {
    let row: Option<(String,)> = query_as(SELECT_CHANNELS)
        .bind(org)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some((text,)) => {
            serde_json::from_str(&text).map_err(|e| corrupt(format!("publicity channels: {e}")))
        }
        None => Ok(DEFAULT_CHANNELS.iter().map(|c| (*c).to_string()).collect()),
    }
}

async fn answer_batch(
    conn: &mut Tx<'_>,
    org: &str,
    responses: &[NewResponse],
) -> Result<Vec<Result<()>>> {
    // On PostgreSQL this takes the organisation's row as `update_survey`
    // does, so an answer and a change of questions never interleave.
    organization_exists(conn, org, Lock::Organization).await?;
    let mut windows: BTreeMap<String, Option<OpenRow>> = BTreeMap::new();
    let mut outcomes = Vec::with_capacity(responses.len());
    for new in responses {
        if !windows.contains_key(&new.survey_id) {
            let row: Option<OpenRow> = query_as(SELECT_SURVEY_FOR_ANSWER)
                .bind(org)
                .bind(&new.survey_id)
                .fetch_optional(&mut *conn)
                .await?;
            windows.insert(new.survey_id.clone(), row);
        }
        let Some(Some(window)) = windows.get(&new.survey_id) else {
            outcomes.push(Err(StoreError::NotFound(Missing::Survey(
                new.survey_id.clone(),
            ))));
            continue;
        };
        if new.today < window.opens || new.today > window.closes {
            outcomes.push(Err(StoreError::NotAllowed(Refusal::SurveyClosed)));
            continue;
        }
        // The answers were checked against the questions read before this
        // transaction: refuse them if the questions changed since.
        let questions: Option<SurveyInput> = serde_json::from_str(&window.definition).ok();
        let fits = questions.is_some_and(|q| {
            new.response.answers.iter().all(|(id, value)| {
                q.questions
                    .iter()
                    .any(|question| &question.id == id && value.fits(question.kind))
            })
        });
        if !fits {
            outcomes.push(Err(StoreError::Invalid(vec![FieldError {
                field: "answers",
                message: "คำถามของแบบสำรวจนี้เพิ่งถูกแก้ไข โปรดเปิดแบบสำรวจใหม่แล้วตอบอีกครั้ง".into(),
            }])));
            continue;
        }
        let inserted = query(INSERT_RESPONSE)
            .bind(org)
            .bind(&new.survey_id)
            .bind(new_id())
            .bind(new.device.as_deref())
            .bind(json(&new.response))
            .bind(new.today)
            .execute(&mut *conn)
            .await?
            .rows_affected();
        if inserted == 0 {
            outcomes.push(Err(StoreError::Conflict(Clash::Answered)));
            continue;
        }
        let is_test = window.kind == "test";
        query(ADD_TO_TOTALS)
            .bind(org)
            .bind(&new.survey_id)
            .bind(i64::from(is_test && new.response.passed))
            .bind(i64::from(new.response.score))
            .execute(&mut *conn)
            .await?;
        for (question, key, count) in tally_keys(&new.response) {
            query(ADD_TALLY)
                .bind(org)
                .bind(&new.survey_id)
                .bind(question)
                .bind(key)
                .bind(count)
                .execute(&mut *conn)
                .await?;
        }
        outcomes.push(Ok(()));
    }
    Ok(outcomes)
}

#[async_trait]
impl ActivityStore for SqlStore {
    async fn create_activity(
        &self,
        organization_id: &str,
        input: &ActivityInput,
        actor: &str,
    ) -> Result<Activity> {
        invalid(input.validate())?;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            check_roster_entries(&mut tx, organization_id, input).await?;
            let id = new_id();
            let now = now_for_storage();
            query(INSERT_ACTIVITY)
                .bind(organization_id)
                .bind(&id)
                .bind(input.item.dimension)
                .bind(input.item.no)
                .bind(input.fiscal_year)
                .bind(input.kind.code())
                .bind(input.title.trim())
                .bind(input.first_day())
                .bind(input.venue.trim())
                .bind(input.summary.trim())
                .bind(Details::of(input))
                .bind(false)
                .bind(new_token())
                .bind(actor)
                .bind(now)
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_ACTIVITY_CREATED,
                &id,
                None,
                None,
            )
            .await?;
            existing_activity(&mut tx, organization_id, &id).await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn update_activity(
        &self,
        organization_id: &str,
        id: &str,
        input: &ActivityInput,
        expected_revision: i64,
        actor: &str,
    ) -> Result<Activity> {
        invalid(input.validate())?;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            check_roster_entries(&mut tx, organization_id, input).await?;
            let updated = query(UPDATE_ACTIVITY)
                .bind(organization_id)
                .bind(id)
                .bind(input.item.dimension)
                .bind(input.item.no)
                .bind(input.fiscal_year)
                .bind(input.kind.code())
                .bind(input.title.trim())
                .bind(input.first_day())
                .bind(input.venue.trim())
                .bind(input.summary.trim())
                .bind(Details::of(input))
                .bind(actor)
                .bind(now_for_storage())
                .bind(expected_revision)
                .execute(&mut tx)
                .await?
                .rows_affected();
            if updated == 0 {
                let current: Option<(i64,)> = query_as(SELECT_REVISION)
                    .bind(organization_id)
                    .bind(id)
                    .fetch_optional(&mut tx)
                    .await?;
                return Err(match current {
                    Some((current_revision,)) => StoreError::Stale { current_revision },
                    None => StoreError::NotFound(Missing::Activity(id.to_string())),
                });
            }
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_ACTIVITY_UPDATED,
                id,
                None,
                None,
            )
            .await?;
            existing_activity(&mut tx, organization_id, id).await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn set_activity_published(
        &self,
        organization_id: &str,
        id: &str,
        published: bool,
        actor: &str,
    ) -> Result<Activity> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            let updated = query(SET_PUBLISHED)
                .bind(organization_id)
                .bind(id)
                .bind(published)
                .bind(actor)
                .bind(now_for_storage())
                .execute(&mut tx)
                .await?
                .rows_affected();
            if updated == 0 {
                return Err(StoreError::NotFound(Missing::Activity(id.to_string())));
            }
            let after = Some(serde_json::json!({ "published": published }));
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_ACTIVITY_PUBLISHED,
                id,
                None,
                after,
            )
            .await?;
            existing_activity(&mut tx, organization_id, id).await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn activity(&self, organization_id: &str, id: &str) -> Result<Option<Activity>> {
        let mut tx = self.begin_read().await?;
        let found = activity_in(&mut tx, organization_id, id).await?;
        tx.commit().await?;
        Ok(found)
    }

    async fn activity_by_checkin(
        &self,
        organization_id: &str,
        token: &str,
    ) -> Result<Option<Activity>> {
        let mut tx = self.begin_read().await?;
        let row: Option<ActivityRow> = query_as(&select_activity_by_token())
            .bind(organization_id)
            .bind(token)
            .fetch_optional(&mut tx)
            .await?;
        let found = match row {
            Some(row) => Some(read_activity(&mut tx, organization_id, row).await?),
            None => None,
        };
        tx.commit().await?;
        Ok(found)
    }

    async fn activities(
        &self,
        organization_id: &str,
        fiscal_year: u16,
        item: Option<ItemRef>,
    ) -> Result<Vec<Activity>> {
        let mut tx = self.begin_read().await?;
        let rows: Vec<ActivityRow> = query_as(&select_activities())
            .bind(organization_id)
            .bind(fiscal_year)
            .bind(item.map_or(0, |i| i.dimension))
            .bind(item.map_or(0, |i| i.no))
            .fetch_all(&mut tx)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(read_activity(&mut tx, organization_id, row).await?);
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn check_in(
        &self,
        organization_id: &str,
        activity_id: &str,
        check_in: &CheckIn,
        now: OffsetDateTime,
    ) -> Result<()> {
        invalid(check_in.validate())?;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            let activity = existing_activity(&mut tx, organization_id, activity_id).await?;
            if !activity.checkin_open(now) {
                return Err(StoreError::NotAllowed(Refusal::CheckInClosed));
            }
            let name = check_in
                .name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty());
            let inserted = query(INSERT_CHECKIN)
                .bind(organization_id)
                .bind(activity_id)
                .bind(&check_in.device)
                .bind(check_in.group.code())
                .bind(name)
                // UTC, as every stored instant: SQLite orders the text.
                .bind(now.to_offset(time::UtcOffset::UTC))
                .execute(&mut tx)
                .await?
                .rows_affected();
            if inserted == 0 {
                return Err(StoreError::Conflict(Clash::CheckedIn));
            }
            Ok(())
        }
        .await;
        finish(tx, outcome).await
    }

    async fn attendance(
        &self,
        organization_id: &str,
        activity_id: &str,
        actor: &str,
    ) -> Result<Vec<Attendance>> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            existing_activity(&mut tx, organization_id, activity_id).await?;
            let rows: Vec<AttendanceRow> = query_as(SELECT_ATTENDANCE)
                .bind(organization_id)
                .bind(activity_id)
                .fetch_all(&mut tx)
                .await?;
            // Reading names is recorded, as revealing a complainant is.
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_ATTENDANCE_READ,
                activity_id,
                None,
                None,
            )
            .await?;
            rows.into_iter()
                .map(|r| {
                    Ok(Attendance {
                        group: TargetGroup::parse(&r.target_group)
                            .ok_or_else(|| corrupt(format!("target group {}", r.target_group)))?,
                        name: r.name,
                        checked_in_at: r.checked_in_at,
                    })
                })
                .collect()
        }
        .await;
        finish(tx, outcome).await
    }

    async fn add_activity_file(
        &self,
        organization_id: &str,
        activity_id: &str,
        file: &ActivityFile,
        actor: &str,
    ) -> Result<Activity> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            existing_activity(&mut tx, organization_id, activity_id).await?;
            query(INSERT_FILE)
                .bind(organization_id)
                .bind(activity_id)
                .bind(&file.id)
                .bind(&file.file_name)
                .bind(&file.media_type)
                .bind(i64::try_from(file.size_bytes).unwrap_or(i64::MAX))
                .bind(&file.sha256)
                .bind(actor)
                .bind(now_for_storage())
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_ACTIVITY_FILE,
                activity_id,
                None,
                None,
            )
            .await?;
            existing_activity(&mut tx, organization_id, activity_id).await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn publicity_channels(&self, organization_id: &str) -> Result<Vec<String>> {
        let mut tx = self.begin_read().await?;
        let channels = channels_in(&mut tx, organization_id).await?;
        tx.commit().await?;
        Ok(channels)
    }

    async fn set_publicity_channels(
        &self,
        organization_id: &str,
        channels: &[String],
        actor: &str,
    ) -> Result<()> {
        let cleaned: Vec<String> = channels
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        if cleaned.is_empty() {
            return invalid(vec![FieldError {
                field: "channels",
                message: "โปรดระบุช่องทางประชาสัมพันธ์อย่างน้อย 1 ช่องทาง".into(),
            }]);
        }
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            query(UPSERT_CHANNELS)
                .bind(organization_id)
                .bind(json(&cleaned))
                .execute(&mut tx)
                .await?;
            let after = Some(serde_json::json!(cleaned));
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_CHANNELS,
                "publicity",
                None,
                after,
            )
            .await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn add_publicity(
        &self,
        organization_id: &str,
        entry: &PublicityEntry,
        actor: &str,
    ) -> Result<PublicityEntry> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let channels = channels_in(&mut tx, organization_id).await?;
            invalid(entry.validate(&channels))?;
            let stored = PublicityEntry {
                id: new_id(),
                topic: entry.topic.trim().to_string(),
                ..entry.clone()
            };
            query(INSERT_PUBLICITY)
                .bind(organization_id)
                .bind(&stored.id)
                .bind(stored.item.map(|i| i64::from(i.dimension)))
                .bind(stored.item.map(|i| i64::from(i.no)))
                .bind(stored.fiscal_year)
                .bind(&stored.channel)
                .bind(stored.date)
                .bind(&stored.topic)
                .bind(actor)
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_PUBLICITY_ADDED,
                &stored.id,
                None,
                None,
            )
            .await?;
            Ok(stored)
        }
        .await;
        finish(tx, outcome).await
    }

    async fn remove_publicity(&self, organization_id: &str, id: &str, actor: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            let removed = query(DELETE_PUBLICITY)
                .bind(organization_id)
                .bind(id)
                .execute(&mut tx)
                .await?
                .rows_affected();
            if removed == 0 {
                return Err(StoreError::NotFound(Missing::Publicity(id.to_string())));
            }
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_PUBLICITY_REMOVED,
                id,
                None,
                None,
            )
            .await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn publicity(
        &self,
        organization_id: &str,
        fiscal_year: u16,
    ) -> Result<Vec<PublicityEntry>> {
        let rows: Vec<PublicityRow> = query_as(SELECT_PUBLICITY)
            .bind(organization_id)
            .bind(fiscal_year)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(PublicityRow::into_entry).collect()
    }

    async fn rosters(&self, organization_id: &str) -> Result<Vec<Roster>> {
        let mut tx = self.begin_read().await?;
        let rosters = read_rosters(&mut tx, organization_id).await?;
        tx.commit().await?;
        Ok(rosters)
    }

    async fn save_roster(
        &self,
        organization_id: &str,
        roster: &Roster,
        actor: &str,
    ) -> Result<Roster> {
        let stored = Roster {
            id: if roster.id.is_empty() {
                new_id()
            } else {
                roster.id.clone()
            },
            kind: roster.kind,
            name: roster.name.trim().to_string(),
            entries: roster
                .entries
                .iter()
                .map(|e| e.trim().to_string())
                .collect(),
        };
        invalid(stored.validate())?;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            if !roster.id.is_empty() {
                let found: Option<(String,)> = query_as(ROSTER_EXISTS)
                    .bind(organization_id)
                    .bind(&roster.id)
                    .fetch_optional(&mut tx)
                    .await?;
                if found.is_none() {
                    return Err(StoreError::NotFound(Missing::Roster(roster.id.clone())));
                }
            }
            query(UPSERT_ROSTER)
                .bind(organization_id)
                .bind(&stored.id)
                .bind(stored.kind.code())
                .bind(&stored.name)
                .bind(json(&stored.entries))
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_ROSTER,
                &stored.id,
                None,
                None,
            )
            .await?;
            Ok(stored)
        }
        .await;
        finish(tx, outcome).await
    }

    async fn create_survey(
        &self,
        organization_id: &str,
        input: &SurveyInput,
        actor: &str,
    ) -> Result<Survey> {
        invalid(input.validate())?;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let id = new_id();
            query(INSERT_SURVEY)
                .bind(organization_id)
                .bind(&id)
                .bind(input.fiscal_year)
                .bind(input.title.trim())
                .bind(input.kind.code())
                .bind(json(input))
                .bind(input.opens)
                .bind(input.closes)
                .bind(now_for_storage())
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_SURVEY_CREATED,
                &id,
                None,
                None,
            )
            .await?;
            Ok(Survey {
                id,
                input: input.clone(),
                responses: 0,
            })
        }
        .await;
        finish(tx, outcome).await
    }

    async fn update_survey(
        &self,
        organization_id: &str,
        id: &str,
        input: &SurveyInput,
        actor: &str,
    ) -> Result<Survey> {
        invalid(input.validate())?;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let row: Option<SurveyRow> = query_as(SELECT_SURVEY)
                .bind(organization_id)
                .bind(id)
                .fetch_optional(&mut tx)
                .await?;
            let Some(row) = row else {
                return Err(StoreError::NotFound(Missing::Survey(id.to_string())));
            };
            let before = survey_of(row)?;
            if before.responses > 0
                && (before.input.questions != input.questions
                    || before.input.kind != input.kind
                    || before.input.pass_mark != input.pass_mark)
            {
                return Err(StoreError::NotAllowed(Refusal::SurveyHasAnswers));
            }
            query(UPDATE_SURVEY)
                .bind(organization_id)
                .bind(id)
                .bind(input.fiscal_year)
                .bind(input.title.trim())
                .bind(input.kind.code())
                .bind(json(input))
                .bind(input.opens)
                .bind(input.closes)
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_SURVEY_UPDATED,
                id,
                None,
                None,
            )
            .await?;
            Ok(Survey {
                id: id.to_string(),
                input: input.clone(),
                responses: before.responses,
            })
        }
        .await;
        finish(tx, outcome).await
    }

    async fn survey(&self, organization_id: &str, id: &str) -> Result<Option<Survey>> {
        let row: Option<SurveyRow> = query_as(SELECT_SURVEY)
            .bind(organization_id)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(survey_of).transpose()
    }

    async fn surveys(
        &self,
        organization_id: &str,
        fiscal_year: Option<u16>,
    ) -> Result<Vec<Survey>> {
        let rows: Vec<SurveyRow> = query_as(SELECT_SURVEYS)
            .bind(organization_id)
            .bind(fiscal_year.unwrap_or(0))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(survey_of).collect()
    }

    async fn answer_surveys(
        &self,
        organization_id: &str,
        responses: &[NewResponse],
    ) -> Result<Vec<Result<()>>> {
        if responses.is_empty() {
            return Ok(Vec::new());
        }
        // As with filing a complaint: the commit is flushed before this
        // returns, so an acknowledged answer is on disk.
        let mut held = self.hold_durable().await?;
        let outcome = async {
            let mut tx = held.begin_write(&self.hygiene).await?;
            let outcome = answer_batch(&mut tx, organization_id, responses).await;
            finish(tx, outcome).await
        }
        .await;
        if let Err(error) = held.restore().await {
            tracing::warn!(%error, "restoring an answering connection failed; it is closed");
        }
        outcome
    }

    async fn survey_tallies(&self, organization_id: &str, id: &str) -> Result<Tallies> {
        let mut tx = self.begin_read().await?;
        let row: Option<SurveyRow> = query_as(SELECT_SURVEY)
            .bind(organization_id)
            .bind(id)
            .fetch_optional(&mut tx)
            .await?;
        let Some(row) = row else {
            return Err(StoreError::NotFound(Missing::Survey(id.to_string())));
        };
        let rows: Vec<TallyRow> = query_as(SELECT_TALLIES)
            .bind(organization_id)
            .bind(id)
            .fetch_all(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(Tallies {
            responses: u64::try_from(row.responses).unwrap_or(0),
            passed: u64::try_from(row.passed).unwrap_or(0),
            score_sum: u64::try_from(row.score_sum).unwrap_or(0),
            counts: rows
                .into_iter()
                .map(|r| ((r.question_id, r.value_key), r.count))
                .collect(),
        })
    }

    async fn survey_answers(
        &self,
        organization_id: &str,
        id: &str,
    ) -> Result<Vec<(Date, Response)>> {
        let rows: Vec<AnswerRow> = query_as(SELECT_ANSWERS)
            .bind(organization_id)
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|r| {
                let response: Response = serde_json::from_str(&r.answers)
                    .map_err(|e| corrupt(format!("survey {id} answer: {e}")))?;
                Ok((r.answered_on, response))
            })
            .collect()
    }

    async fn kpi_sources(
        &self,
        organization_id: &str,
        item: ItemRef,
        fiscal_year: u16,
    ) -> Result<Vec<KpiSourceChoice>> {
        let rows: Vec<KpiSourceRow> = query_as(SELECT_KPI_SOURCES)
            .bind(organization_id)
            .bind(item.dimension)
            .bind(item.no)
            .bind(fiscal_year)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|r| {
                let source: KpiSource = serde_json::from_str(&r.source)
                    .map_err(|e| corrupt(format!("kpi source of {item}: {e}")))?;
                Ok(KpiSourceChoice { kpi: r.kpi, source })
            })
            .collect()
    }

    async fn set_kpi_source(
        &self,
        organization_id: &str,
        item: ItemRef,
        fiscal_year: u16,
        kpi: &str,
        source: Option<&KpiSource>,
        actor: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            match source {
                Some(source) => {
                    query(UPSERT_KPI_SOURCE)
                        .bind(organization_id)
                        .bind(item.dimension)
                        .bind(item.no)
                        .bind(fiscal_year)
                        .bind(kpi)
                        .bind(json(source))
                        .bind(actor)
                        .bind(now_for_storage())
                        .execute(&mut tx)
                        .await?;
                }
                None => {
                    query(DELETE_KPI_SOURCE)
                        .bind(organization_id)
                        .bind(item.dimension)
                        .bind(item.no)
                        .bind(fiscal_year)
                        .bind(kpi)
                        .execute(&mut tx)
                        .await?;
                }
            }
            let target = format!("{item} {fiscal_year}: {kpi}");
            let after = source.map(|s| serde_json::json!(s));
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_KPI_SOURCE,
                &target,
                None,
                after,
            )
            .await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn complaint_count(
        &self,
        organization_id: &str,
        categories: &[String],
        from: Date,
        to: Date,
    ) -> Result<u64> {
        let rows: Vec<(String, i64)> = query_as(COUNT_COMPLAINTS_BY_CATEGORY)
            .bind(organization_id)
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .filter(|(category, _)| categories.is_empty() || categories.contains(category))
            .map(|(_, n)| u64::try_from(n).unwrap_or(0))
            .sum())
    }
}
