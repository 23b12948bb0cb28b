//! [`ProgressStore`] for both databases, written once over `db` (the SQL is
//! in `sql.rs`).
//!
//! Concurrency without backend-specific locks: every change is an `UPDATE …
//! WHERE revision = <the one read>` (or an insert that does nothing on a
//! conflict), so of two concurrent writers one changes a row and the other
//! changes none and reports [`StoreError::Stale`]. SQLite writers queue
//! anyway (`BEGIN IMMEDIATE`); in PostgreSQL the row lock of the first
//! update makes the second wait and then find the new revision.

use super::sql::*;
use super::{EvidenceRecord, ProgressStore};
use crate::db::{Arg, Exec, SqlStore, Tx, finish, now_for_storage, query, query_as};
use crate::{Result, StoreError};
use async_trait::async_trait;
use sujarit_core::ItemRef;
use sujarit_core::progress::{
    Evidence, QuarterReport, ReportKey, ReviewAction, ReviewEvent, ReviewState, TargetActual,
    normalize_number,
};
use sujarit_core::progress::{check_report_year, comment_required};
use sujarit_core::refusal::{Missing, Refusal};

/// A report's key as its tables store it: organisation, plan version, item,
/// fiscal year and quarter (`$1`…`$6` of every statement about one report).
fn report_key(org: &str, plan_id: &str, key: &ReportKey) -> [Arg; 6] {
    [
        org.into(),
        plan_id.into(),
        i64::from(key.item.dimension).into(),
        i64::from(key.item.no).into(),
        i64::from(key.fiscal_year).into(),
        i64::from(key.quarter.number()).into(),
    ]
}

/// Published reports as the public sees them: no review comment, no editor,
/// no uploader.
fn for_the_public(mut reports: Vec<QuarterReport>) -> Vec<QuarterReport> {
    for report in &mut reports {
        report.review_comment = None;
        report.updated_by = None;
        for file in &mut report.evidence {
            file.uploaded_by.clear();
        }
    }
    reports
}

async fn current_plan(conn: &mut Tx<'_>, org: &str) -> Result<Option<CurrentPlanRow>> {
    Ok(query_as(SELECT_CURRENT_PLAN)
        .bind(org)
        .fetch_optional(&mut *conn)
        .await?)
}

async fn require_plan(conn: &mut Tx<'_>, org: &str) -> Result<CurrentPlanRow> {
    current_plan(conn, org)
        .await?
        .ok_or_else(|| StoreError::NotFound(Missing::CurrentPlan))
}

async fn report_row(
    conn: &mut Tx<'_>,
    org: &str,
    plan_id: &str,
    key: &ReportKey,
) -> Result<Option<ReportRow>> {
    Ok(query_as(SELECT_REPORT)
        .bind_all(report_key(org, plan_id, key))
        .fetch_optional(&mut *conn)
        .await?)
}

async fn read_report(
    conn: &mut Tx<'_>,
    org: &str,
    plan_id: &str,
    key: &ReportKey,
) -> Result<Option<QuarterReport>> {
    let Some(row) = report_row(conn, org, plan_id, key).await? else {
        return Ok(None);
    };
    let evidence: Vec<EvidenceRow> = query_as(SELECT_EVIDENCE_OF_REPORT)
        .bind_all(report_key(org, plan_id, key))
        .fetch_all(&mut *conn)
        .await?;
    let files = evidence
        .into_iter()
        .map(EvidenceRow::into_evidence)
        .collect::<Result<Vec<_>>>()?;
    row.into_report(files).map(Some)
}

/// The item must be in the current plan: a clear NotFound rather
/// than a foreign-key error.
async fn require_item(conn: &mut Tx<'_>, org: &str, plan_id: &str, key: &ReportKey) -> Result<()> {
    let found: Option<(i64,)> = query_as(SELECT_ITEM)
        .bind(org)
        .bind(plan_id)
        .bind(i64::from(key.item.dimension))
        .bind(i64::from(key.item.no))
        .fetch_optional(&mut *conn)
        .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound(Missing::PlanItem(key.item))),
    }
}

async fn record_review(
    conn: &mut Tx<'_>,
    org: &str,
    plan_id: &str,
    key: &ReportKey,
    event: &ReviewEvent,
) -> Result<()> {
    let (position,): (i64,) = query_as(SELECT_NEXT_REVIEW_POSITION)
        .bind_all(report_key(org, plan_id, key))
        .fetch_one(&mut *conn)
        .await?;
    query(INSERT_REVIEW)
        .bind_all(report_key(org, plan_id, key))
        .bind(position)
        .bind(event.action.as_str())
        .bind(event.from.as_str())
        .bind(event.to.as_str())
        .bind(&event.comment)
        .bind(&event.actor)
        .bind(event.at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The stored revision now, for a Stale error (0 when none).
async fn revision_now(conn: &mut Tx<'_>, org: &str, plan_id: &str, key: &ReportKey) -> Result<i64> {
    Ok(report_row(conn, org, plan_id, key)
        .await?
        .map_or(0, |row| row.revision))
}

async fn save(
    conn: &mut Tx<'_>,
    org: &str,
    report: &QuarterReport,
    expected_revision: i64,
    actor: &str,
    submit: bool,
) -> Result<QuarterReport> {
    let key = report.key();
    let plan = require_plan(conn, org).await?;
    if let Some(error) = check_report_year(key.fiscal_year, plan.period()) {
        return Err(StoreError::Invalid(vec![error]));
    }
    require_item(conn, org, &plan.plan_id, &key).await?;
    let stored = report_row(conn, org, &plan.plan_id, &key).await?;
    let stored_revision = stored.as_ref().map_or(0, |row| row.revision);
    if stored_revision != expected_revision {
        return Err(StoreError::Stale {
            current_revision: stored_revision,
        });
    }
    let from = match &stored {
        Some(row) => row.review()?,
        None => ReviewState::Draft,
    };
    if !from.editable_by_unit() {
        return Err(StoreError::NotAllowed(Refusal::ReportLocked {
            key,
            state: from,
        }));
    }
    let now = now_for_storage();
    let (state, comment) = if submit {
        (ReviewState::Submitted, None)
    } else {
        // Keep the state and the comment of the last review move.
        let comment = stored.as_ref().and_then(|row| row.review_comment.clone());
        (from, comment)
    };
    let content = ContentArgs::of(report);
    // The same columns either way; an update also names the revision read.
    let sql = if stored.is_none() {
        INSERT_REPORT
    } else {
        UPDATE_REPORT
    };
    let mut write = query(sql)
        .bind_all(report_key(org, &plan.plan_id, &key))
        .bind(content.status)
        .bind(content.not_done_reason)
        .bind(&content.not_done_text)
        .bind(content.planned)
        .bind(content.adopted)
        .bind(content.disbursed)
        .bind(&content.overspend_reason)
        .bind(&content.narrative)
        .bind(&content.kpi_actuals_json)
        .bind(state.as_str())
        .bind(&comment)
        .bind(actor)
        .bind(now);
    if stored.is_some() {
        write = write.bind(expected_revision);
    }
    let changed = write.execute(&mut *conn).await?.rows_affected();
    if changed != 1 {
        // Another writer got there between our read and write.
        return Err(StoreError::Stale {
            current_revision: revision_now(conn, org, &plan.plan_id, &key).await?,
        });
    }
    if submit {
        let event = ReviewEvent {
            action: ReviewAction::Submit,
            from,
            to: ReviewState::Submitted,
            comment: None,
            actor: actor.to_string(),
            at: now,
        };
        record_review(conn, org, &plan.plan_id, &key, &event).await?;
    }
    read_report(conn, org, &plan.plan_id, &key)
        .await?
        .ok_or_else(|| StoreError::NotFound(Missing::JustWritten(key.to_string())))
}

async fn review(
    conn: &mut Tx<'_>,
    org: &str,
    key: ReportKey,
    action: ReviewAction,
    comment: Option<&str>,
    actor: &str,
) -> Result<QuarterReport> {
    let plan = require_plan(conn, org).await?;
    let Some(row) = report_row(conn, org, &plan.plan_id, &key).await? else {
        return Err(StoreError::NotFound(Missing::Report(key)));
    };
    let from = row.review()?;
    let Some(to) = from.apply(action) else {
        return Err(StoreError::NotAllowed(Refusal::Review {
            from,
            action,
            key,
        }));
    };
    let comment = non_blank(comment);
    if action.needs_comment() && comment.is_none() {
        return Err(StoreError::Invalid(vec![comment_required()]));
    }
    let now = now_for_storage();
    let changed = query(UPDATE_REVIEW)
        .bind_all(report_key(org, &plan.plan_id, &key))
        .bind(to.as_str())
        .bind(&comment)
        .bind(actor)
        .bind(now)
        .bind(row.revision)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if changed != 1 {
        return Err(StoreError::Stale {
            current_revision: revision_now(conn, org, &plan.plan_id, &key).await?,
        });
    }
    let event = ReviewEvent {
        action,
        from,
        to,
        comment,
        actor: actor.to_string(),
        at: now,
    };
    record_review(conn, org, &plan.plan_id, &key, &event).await?;
    read_report(conn, org, &plan.plan_id, &key)
        .await?
        .ok_or_else(|| StoreError::NotFound(Missing::JustWritten(key.to_string())))
}

/// Matches (and in PostgreSQL locks) the report if the unit may
/// still change it; explains why not otherwise.
async fn require_editable(
    conn: &mut Tx<'_>,
    org: &str,
    plan_id: &str,
    key: &ReportKey,
) -> Result<()> {
    let touched = query(TOUCH_EDITABLE_REPORT)
        .bind_all(report_key(org, plan_id, key))
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if touched == 1 {
        return Ok(());
    }
    match report_row(conn, org, plan_id, key).await? {
        None => Err(StoreError::NotFound(Missing::ReportForEvidence(*key))),
        Some(row) => Err(StoreError::NotAllowed(Refusal::EvidenceLocked {
            key: *key,
            state: row.review()?,
        })),
    }
}

async fn attach(conn: &mut Tx<'_>, org: &str, key: ReportKey, evidence: &Evidence) -> Result<()> {
    let errors = evidence.check();
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    let size = i64::try_from(evidence.size_bytes)
        .map_err(|_| StoreError::Invalid(vec![evidence.too_large()]))?;
    let plan = require_plan(conn, org).await?;
    require_editable(conn, org, &plan.plan_id, &key).await?;
    query(INSERT_EVIDENCE)
        .bind(org)
        .bind(&evidence.id)
        .bind(&plan.plan_id)
        .bind(i64::from(key.item.dimension))
        .bind(i64::from(key.item.no))
        .bind(i64::from(key.fiscal_year))
        .bind(i64::from(key.quarter.number()))
        .bind(&evidence.file_name)
        .bind(&evidence.media_type)
        .bind(size)
        .bind(evidence.sha256.to_ascii_lowercase())
        .bind(&evidence.uploaded_by)
        .bind(evidence.uploaded_at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn evidence_by_id<'a>(
    on: impl Exec<'a>,
    org: &str,
    evidence_id: &str,
) -> Result<Option<EvidenceRecord>> {
    let row: Option<EvidenceRow> = query_as(SELECT_EVIDENCE_BY_ID)
        .bind(org)
        .bind(evidence_id)
        .fetch_optional(on)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(Some(EvidenceRecord {
        plan_id: row.plan_id.clone(),
        key: row.key()?,
        review: row.review()?,
        evidence: row.into_evidence()?,
    }))
}

async fn detach(conn: &mut Tx<'_>, org: &str, evidence_id: &str) -> Result<Evidence> {
    let Some(record) = evidence_by_id(&mut *conn, org, evidence_id).await? else {
        return Err(StoreError::NotFound(Missing::Evidence(
            evidence_id.to_string(),
        )));
    };
    require_editable(conn, org, &record.plan_id, &record.key).await?;
    query(DELETE_EVIDENCE)
        .bind(org)
        .bind(evidence_id)
        .execute(&mut *conn)
        .await?;
    Ok(record.evidence)
}

async fn save_actual(
    conn: &mut Tx<'_>,
    org: &str,
    actual: &TargetActual,
    actor: &str,
) -> Result<TargetActual> {
    let mut errors = actual.validate();
    let plan = require_plan(conn, org).await?;
    let known: Option<(i64,)> = query_as(SELECT_TARGET)
        .bind(org)
        .bind(&plan.plan_id)
        .bind(&actual.indicator)
        .fetch_optional(&mut *conn)
        .await?;
    actual.check_against_plan(&mut errors, known.is_some(), plan.period());
    let Some(value) = normalize_number(&actual.value) else {
        return Err(StoreError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    let stored = TargetActual {
        indicator: actual.indicator.clone(),
        fiscal_year: actual.fiscal_year,
        value,
        note: non_blank(actual.note.as_deref()),
        updated_by: Some(actor.to_string()),
        updated_at: Some(now_for_storage()),
    };
    query(UPSERT_TARGET_ACTUAL)
        .bind(org)
        .bind(&stored.indicator)
        .bind(i64::from(stored.fiscal_year))
        .bind(&stored.value)
        .bind(&stored.note)
        .bind(actor)
        .bind(stored.updated_at)
        .execute(&mut *conn)
        .await?;
    Ok(stored)
}

#[async_trait]
impl ProgressStore for SqlStore {
    async fn quarter_report(
        &self,
        organization_id: &str,
        key: ReportKey,
    ) -> Result<Option<QuarterReport>> {
        let mut tx = self.begin_read().await?;
        let Some(plan) = current_plan(&mut tx, organization_id).await? else {
            return Ok(None);
        };
        let report = read_report(&mut tx, organization_id, &plan.plan_id, &key).await?;
        tx.commit().await?;
        Ok(report)
    }

    async fn quarter_reports(
        &self,
        organization_id: &str,
        fiscal_year: u16,
    ) -> Result<Vec<QuarterReport>> {
        self.reports_of_year(organization_id, fiscal_year, SELECT_REPORTS_OF_YEAR)
            .await
    }

    async fn quarter_reports_in_state(
        &self,
        organization_id: &str,
        state: ReviewState,
    ) -> Result<Vec<QuarterReport>> {
        let mut tx = self.begin_read().await?;
        let Some(plan) = current_plan(&mut tx, organization_id).await? else {
            return Ok(Vec::new());
        };
        let reports: Vec<ReportRow> = query_as(SELECT_REPORTS_IN_STATE)
            .bind(organization_id)
            .bind(&plan.plan_id)
            .bind(state.as_str())
            .fetch_all(&mut tx)
            .await?;
        let evidence: Vec<EvidenceRow> = query_as(SELECT_EVIDENCE_OF_PLAN)
            .bind(organization_id)
            .bind(&plan.plan_id)
            .fetch_all(&mut tx)
            .await?;
        tx.commit().await?;
        assemble(reports, evidence)
    }

    async fn published_reports(
        &self,
        organization_id: &str,
        fiscal_year: u16,
    ) -> Result<Vec<QuarterReport>> {
        let reports = self
            .reports_of_year(organization_id, fiscal_year, SELECT_PUBLISHED_OF_YEAR)
            .await?;
        Ok(for_the_public(reports))
    }

    async fn published_reports_of_item(
        &self,
        organization_id: &str,
        item: ItemRef,
    ) -> Result<Vec<QuarterReport>> {
        // One snapshot for the reports and their evidence.
        let mut tx = self.begin_read().await?;
        let Some(plan) = current_plan(&mut tx, organization_id).await? else {
            return Ok(Vec::new());
        };
        let reports: Vec<ReportRow> = query_as(SELECT_PUBLISHED_OF_ITEM)
            .bind(organization_id)
            .bind(&plan.plan_id)
            .bind(i64::from(item.dimension))
            .bind(i64::from(item.no))
            .fetch_all(&mut tx)
            .await?;
        let evidence: Vec<EvidenceRow> = query_as(SELECT_EVIDENCE_OF_ITEM)
            .bind(organization_id)
            .bind(&plan.plan_id)
            .bind(i64::from(item.dimension))
            .bind(i64::from(item.no))
            .fetch_all(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(for_the_public(assemble(reports, evidence)?))
    }

    async fn save_quarter_report(
        &self,
        organization_id: &str,
        report: &QuarterReport,
        expected_revision: i64,
        actor: &str,
        submit: bool,
    ) -> Result<QuarterReport> {
        let errors = report.validate();
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let mut tx = self.begin_write().await?;
        let outcome = save(
            &mut tx,
            organization_id,
            report,
            expected_revision,
            actor,
            submit,
        )
        .await;
        finish(tx, outcome).await
    }

    async fn save_quarter_report_with_evidence(
        &self,
        organization_id: &str,
        report: &QuarterReport,
        expected_revision: i64,
        actor: &str,
        submit: bool,
        evidence: &[Evidence],
    ) -> Result<QuarterReport> {
        let errors = report.validate();
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let key = report.key();
        let mut tx = self.begin_write().await?;
        let outcome = async {
            let saved = save(
                &mut tx,
                organization_id,
                report,
                expected_revision,
                actor,
                submit && evidence.is_empty(),
            )
            .await?;
            if evidence.is_empty() {
                return Ok(saved);
            }
            for file in evidence {
                attach(&mut tx, organization_id, key, file).await?;
            }
            if submit {
                review(
                    &mut tx,
                    organization_id,
                    key,
                    ReviewAction::Submit,
                    None,
                    actor,
                )
                .await
            } else {
                let plan = require_plan(&mut tx, organization_id).await?;
                read_report(&mut tx, organization_id, &plan.plan_id, &key)
                    .await?
                    .ok_or_else(|| StoreError::NotFound(Missing::JustWritten(key.to_string())))
            }
        }
        .await;
        finish(tx, outcome).await
    }

    async fn review_quarter_report(
        &self,
        organization_id: &str,
        key: ReportKey,
        action: ReviewAction,
        comment: Option<&str>,
        actor: &str,
    ) -> Result<QuarterReport> {
        let mut tx = self.begin_write().await?;
        let outcome = review(&mut tx, organization_id, key, action, comment, actor).await;
        finish(tx, outcome).await
    }

    async fn review_history(
        &self,
        organization_id: &str,
        key: ReportKey,
    ) -> Result<Vec<ReviewEvent>> {
        let mut tx = self.begin_read().await?;
        let Some(plan) = current_plan(&mut tx, organization_id).await? else {
            return Ok(Vec::new());
        };
        let rows: Vec<ReviewRow> = query_as(SELECT_REVIEWS)
            .bind_all(report_key(organization_id, &plan.plan_id, &key))
            .fetch_all(&mut tx)
            .await?;
        tx.commit().await?;
        rows.into_iter().map(ReviewRow::into_event).collect()
    }

    async fn attach_evidence(
        &self,
        organization_id: &str,
        key: ReportKey,
        evidence: &Evidence,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let outcome = attach(&mut tx, organization_id, key, evidence).await;
        finish(tx, outcome).await
    }

    async fn detach_evidence(&self, organization_id: &str, evidence_id: &str) -> Result<Evidence> {
        let mut tx = self.begin_write().await?;
        let outcome = detach(&mut tx, organization_id, evidence_id).await;
        finish(tx, outcome).await
    }

    async fn evidence(
        &self,
        organization_id: &str,
        evidence_id: &str,
    ) -> Result<Option<EvidenceRecord>> {
        evidence_by_id(&self.pool, organization_id, evidence_id).await
    }

    async fn save_target_actual(
        &self,
        organization_id: &str,
        actual: &TargetActual,
        actor: &str,
    ) -> Result<TargetActual> {
        let mut tx = self.begin_write().await?;
        let outcome = save_actual(&mut tx, organization_id, actual, actor).await;
        finish(tx, outcome).await
    }

    async fn remove_target_actual(
        &self,
        organization_id: &str,
        indicator: &str,
        fiscal_year: u16,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let removed = query(DELETE_TARGET_ACTUAL)
            .bind(organization_id)
            .bind(indicator)
            .bind(i64::from(fiscal_year))
            .execute(&mut tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(removed > 0)
    }

    async fn target_actuals(&self, organization_id: &str) -> Result<Vec<TargetActual>> {
        let rows: Vec<TargetActualRow> = query_as(SELECT_TARGET_ACTUALS)
            .bind(organization_id)
            .fetch_all(&self.pool)
            .await?;
        let mut actuals = rows
            .into_iter()
            .map(TargetActualRow::into_actual)
            .collect::<Result<Vec<_>>>()?;
        // In Rust, not SQL: collations of Thai text differ between
        // the backends (and PostgreSQL locales).
        actuals.sort_by(|a, b| {
            (a.indicator.as_bytes(), a.fiscal_year).cmp(&(b.indicator.as_bytes(), b.fiscal_year))
        });
        Ok(actuals)
    }
}

impl SqlStore {
    async fn reports_of_year(
        &self,
        organization_id: &str,
        fiscal_year: u16,
        select: &str,
    ) -> Result<Vec<QuarterReport>> {
        // One snapshot for the reports and their evidence.
        let mut tx = self.begin_read().await?;
        let Some(plan) = current_plan(&mut tx, organization_id).await? else {
            return Ok(Vec::new());
        };
        let reports: Vec<ReportRow> = query_as(select)
            .bind(organization_id)
            .bind(&plan.plan_id)
            .bind(i64::from(fiscal_year))
            .fetch_all(&mut tx)
            .await?;
        let evidence: Vec<EvidenceRow> = query_as(SELECT_EVIDENCE_OF_YEAR)
            .bind(organization_id)
            .bind(&plan.plan_id)
            .bind(i64::from(fiscal_year))
            .fetch_all(&mut tx)
            .await?;
        tx.commit().await?;
        assemble(reports, evidence)
    }
}
