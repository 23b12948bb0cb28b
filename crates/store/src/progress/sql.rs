//! The SQL of [`crate::ProgressStore`] and the mapping of its rows, shared by
//! both backends (`$n` placeholders and `ON CONFLICT` work in SQLite and
//! PostgreSQL alike).

use crate::{Result, StoreError};
use sujarit_core::ItemRef;
use sujarit_core::fiscal::Quarter;
use sujarit_core::money::Baht;
use sujarit_core::progress::{
    Evidence, KpiActual, ProgressStatus, QuarterReport, ReportKey, ReviewAction, ReviewEvent,
    ReviewState, TargetActual,
};
use time::OffsetDateTime;

// ---------------------------------------------------------------------------
// The plan progress is reported against

pub(crate) const SELECT_CURRENT_PLAN: &str = "SELECT plan_id, first_fiscal_year, \
     last_fiscal_year FROM plans WHERE organization_id = $1 AND is_current";

pub(crate) const SELECT_ITEM: &str = "SELECT item_no FROM items WHERE organization_id = $1 \
     AND plan_id = $2 AND dimension_no = $3 AND item_no = $4";

pub(crate) const SELECT_TARGET: &str = "SELECT target_position FROM targets \
     WHERE organization_id = $1 AND plan_id = $2 AND indicator = $3";

#[derive(sqlx::FromRow)]
pub(crate) struct CurrentPlanRow {
    pub(crate) plan_id: String,
    pub(crate) first_fiscal_year: i64,
    pub(crate) last_fiscal_year: i64,
}

impl CurrentPlanRow {
    pub(crate) fn period(&self) -> sujarit_core::Period {
        sujarit_core::Period {
            first_fiscal_year: u16::try_from(self.first_fiscal_year).unwrap_or(0),
            last_fiscal_year: u16::try_from(self.last_fiscal_year).unwrap_or(0),
        }
    }
}

// ---------------------------------------------------------------------------
// Quarter reports

macro_rules! report_select {
    ($where:literal) => {
        concat!(
            "SELECT dimension_no, item_no, fiscal_year, quarter, status, not_done_reason, \
             not_done_text, budget_planned_satang, budget_adopted_satang, \
             budget_disbursed_satang, overspend_reason, narrative, kpi_actuals_json, \
             review_state, review_comment, revision, updated_by, updated_at \
             FROM quarter_reports WHERE organization_id = $1 AND plan_id = $2",
            $where
        )
    };
}

/// The key columns after organisation and plan: `$3`…`$6`.
macro_rules! key_filter {
    () => {
        " AND dimension_no = $3 AND item_no = $4 AND fiscal_year = $5 AND quarter = $6"
    };
}

pub(crate) const SELECT_REPORT: &str =
    report_select!(" AND dimension_no = $3 AND item_no = $4 AND fiscal_year = $5 AND quarter = $6");
pub(crate) const SELECT_REPORTS_OF_YEAR: &str =
    report_select!(" AND fiscal_year = $3 ORDER BY dimension_no, item_no, quarter");
pub(crate) const SELECT_PUBLISHED_OF_YEAR: &str = report_select!(
    " AND fiscal_year = $3 AND review_state = 'published' \
     ORDER BY dimension_no, item_no, quarter"
);
pub(crate) const SELECT_PUBLISHED_OF_ITEM: &str = report_select!(
    " AND dimension_no = $3 AND item_no = $4 AND review_state = 'published' \
     ORDER BY fiscal_year DESC, quarter DESC"
);
pub(crate) const SELECT_REPORTS_IN_STATE: &str =
    report_select!(" AND review_state = $3 ORDER BY fiscal_year, quarter, dimension_no, item_no");

pub(crate) const INSERT_REPORT: &str = "INSERT INTO quarter_reports (organization_id, plan_id, \
     dimension_no, item_no, fiscal_year, quarter, status, not_done_reason, not_done_text, \
     budget_planned_satang, budget_adopted_satang, budget_disbursed_satang, overspend_reason, \
     narrative, kpi_actuals_json, review_state, review_comment, revision, updated_by, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 1, \
     $18, $19) ON CONFLICT DO NOTHING";

/// Writes the content only if nobody saved since `$20` was read and the unit
/// may still edit it; zero rows changed tells the caller which failed.
pub(crate) const UPDATE_REPORT: &str = concat!(
    "UPDATE quarter_reports SET status = $7, not_done_reason = $8, not_done_text = $9, \
     budget_planned_satang = $10, budget_adopted_satang = $11, budget_disbursed_satang = $12, \
     overspend_reason = $13, narrative = $14, kpi_actuals_json = $15, review_state = $16, \
     review_comment = $17, revision = revision + 1, updated_by = $18, updated_at = $19 \
     WHERE organization_id = $1 AND plan_id = $2",
    key_filter!(),
    " AND revision = $20 AND review_state IN ('draft', 'returned')"
);

pub(crate) const UPDATE_REVIEW: &str = concat!(
    "UPDATE quarter_reports SET review_state = $7, review_comment = $8, \
     revision = revision + 1, updated_by = $9, updated_at = $10 \
     WHERE organization_id = $1 AND plan_id = $2",
    key_filter!(),
    " AND revision = $11"
);

/// Changes nothing, but only matches an editable report: in PostgreSQL it
/// also locks the row, so the state cannot change before the transaction ends.
pub(crate) const TOUCH_EDITABLE_REPORT: &str = concat!(
    "UPDATE quarter_reports SET revision = revision WHERE organization_id = $1 AND plan_id = $2",
    key_filter!(),
    " AND review_state IN ('draft', 'returned')"
);

#[derive(sqlx::FromRow)]
pub(crate) struct ReportRow {
    pub(crate) dimension_no: i64,
    pub(crate) item_no: i64,
    pub(crate) fiscal_year: i64,
    pub(crate) quarter: i64,
    status: String,
    not_done_reason: Option<String>,
    not_done_text: Option<String>,
    budget_planned_satang: Option<i64>,
    budget_adopted_satang: Option<i64>,
    budget_disbursed_satang: Option<i64>,
    overspend_reason: Option<String>,
    narrative: String,
    kpi_actuals_json: String,
    pub(crate) review_state: String,
    pub(crate) review_comment: Option<String>,
    pub(crate) revision: i64,
    updated_by: String,
    updated_at: OffsetDateTime,
}

impl ReportRow {
    pub(crate) fn key(&self) -> Result<ReportKey> {
        Ok(ReportKey {
            item: ItemRef {
                dimension: narrow(self.dimension_no, "quarter_reports.dimension_no")?,
                no: narrow(self.item_no, "quarter_reports.item_no")?,
            },
            fiscal_year: narrow(self.fiscal_year, "quarter_reports.fiscal_year")?,
            quarter: quarter(self.quarter, "quarter_reports.quarter")?,
        })
    }

    pub(crate) fn review(&self) -> Result<ReviewState> {
        review_state(&self.review_state, "quarter_reports.review_state")
    }

    /// The report, with the evidence the caller read for it.
    pub(crate) fn into_report(self, evidence: Vec<Evidence>) -> Result<QuarterReport> {
        let key = self.key()?;
        let status = ProgressStatus::from_codes(
            &self.status,
            self.not_done_reason.as_deref(),
            self.not_done_text.as_deref(),
        )
        .ok_or_else(|| corrupt(format!("quarter_reports.status = {}", self.status)))?;
        let review = self.review()?;
        let kpi_actuals: Vec<KpiActual> = serde_json::from_str(&self.kpi_actuals_json)
            .map_err(|e| corrupt(format!("quarter_reports.kpi_actuals_json: {e}")))?;
        Ok(QuarterReport {
            item: key.item,
            fiscal_year: key.fiscal_year,
            quarter: key.quarter,
            status,
            budget_planned: self.budget_planned_satang.map(Baht::from_satang),
            budget_adopted: self.budget_adopted_satang.map(Baht::from_satang),
            budget_disbursed: self.budget_disbursed_satang.map(Baht::from_satang),
            overspend_reason: self.overspend_reason,
            narrative: self.narrative,
            kpi_actuals,
            evidence,
            review,
            review_comment: self.review_comment,
            revision: self.revision,
            updated_by: Some(self.updated_by),
            updated_at: Some(self.updated_at),
        })
    }
}

/// The values of a report's content columns, `$7`…`$15` of the insert and the update.
pub(crate) struct ContentArgs {
    pub(crate) status: &'static str,
    pub(crate) not_done_reason: Option<&'static str>,
    pub(crate) not_done_text: Option<String>,
    pub(crate) planned: Option<i64>,
    pub(crate) adopted: Option<i64>,
    pub(crate) disbursed: Option<i64>,
    pub(crate) overspend_reason: Option<String>,
    pub(crate) narrative: String,
    pub(crate) kpi_actuals_json: String,
}

impl ContentArgs {
    pub(crate) fn of(report: &QuarterReport) -> ContentArgs {
        let (reason, text) = match &report.status {
            ProgressStatus::NotDone { reason } => {
                (Some(reason.code()), reason.text().map(str::to_string))
            }
            _ => (None, None),
        };
        ContentArgs {
            status: report.status.code(),
            not_done_reason: reason,
            not_done_text: text,
            planned: report.budget_planned.map(Baht::satang),
            adopted: report.budget_adopted.map(Baht::satang),
            disbursed: report.budget_disbursed.map(Baht::satang),
            // A reason is only kept while it explains something: blank is none.
            overspend_reason: non_blank(report.overspend_reason.as_deref()),
            narrative: report.narrative.clone(),
            // A list of string structs always serialises.
            kpi_actuals_json: serde_json::to_string(&report.kpi_actuals)
                .expect("KPI actuals serialise to JSON"),
        }
    }
}

pub(crate) fn non_blank(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

// ---------------------------------------------------------------------------
// Review history

pub(crate) const SELECT_NEXT_REVIEW_POSITION: &str = concat!(
    "SELECT COALESCE(MAX(review_position), 0) + 1 FROM quarter_report_reviews \
     WHERE organization_id = $1 AND plan_id = $2",
    key_filter!()
);

pub(crate) const INSERT_REVIEW: &str = "INSERT INTO quarter_report_reviews (organization_id, \
     plan_id, dimension_no, item_no, fiscal_year, quarter, review_position, action, \
     from_state, to_state, comment, actor, acted_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

pub(crate) const SELECT_REVIEWS: &str = concat!(
    "SELECT action, from_state, to_state, comment, actor, acted_at FROM quarter_report_reviews \
     WHERE organization_id = $1 AND plan_id = $2",
    key_filter!(),
    " ORDER BY review_position"
);

#[derive(sqlx::FromRow)]
pub(crate) struct ReviewRow {
    action: String,
    from_state: String,
    to_state: String,
    comment: Option<String>,
    actor: String,
    acted_at: OffsetDateTime,
}

impl ReviewRow {
    pub(crate) fn into_event(self) -> Result<ReviewEvent> {
        Ok(ReviewEvent {
            action: ReviewAction::parse(&self.action).ok_or_else(|| {
                corrupt(format!("quarter_report_reviews.action = {}", self.action))
            })?,
            from: review_state(&self.from_state, "quarter_report_reviews.from_state")?,
            to: review_state(&self.to_state, "quarter_report_reviews.to_state")?,
            comment: self.comment,
            actor: self.actor,
            at: self.acted_at,
        })
    }
}

// ---------------------------------------------------------------------------
// Evidence

macro_rules! evidence_select {
    ($where:literal) => {
        concat!(
            "SELECT e.plan_id, e.dimension_no, e.item_no, e.fiscal_year, e.quarter, \
             e.evidence_id, e.file_name, e.media_type, e.size_bytes, e.sha256, e.uploaded_by, \
             e.uploaded_at, r.review_state \
             FROM evidence_files e JOIN quarter_reports r \
               ON r.organization_id = e.organization_id AND r.plan_id = e.plan_id \
              AND r.dimension_no = e.dimension_no AND r.item_no = e.item_no \
              AND r.fiscal_year = e.fiscal_year AND r.quarter = e.quarter \
             WHERE e.organization_id = $1",
            $where,
            " ORDER BY e.uploaded_at, e.evidence_id"
        )
    };
}

pub(crate) const SELECT_EVIDENCE_OF_PLAN: &str = evidence_select!(" AND e.plan_id = $2");
pub(crate) const SELECT_EVIDENCE_OF_YEAR: &str =
    evidence_select!(" AND e.plan_id = $2 AND e.fiscal_year = $3");
pub(crate) const SELECT_EVIDENCE_OF_ITEM: &str =
    evidence_select!(" AND e.plan_id = $2 AND e.dimension_no = $3 AND e.item_no = $4");
pub(crate) const SELECT_EVIDENCE_OF_REPORT: &str = evidence_select!(
    " AND e.plan_id = $2 AND e.dimension_no = $3 AND e.item_no = $4 \
     AND e.fiscal_year = $5 AND e.quarter = $6"
);
pub(crate) const SELECT_EVIDENCE_BY_ID: &str = evidence_select!(" AND e.evidence_id = $2");

pub(crate) const INSERT_EVIDENCE: &str = "INSERT INTO evidence_files (organization_id, \
     evidence_id, plan_id, dimension_no, item_no, fiscal_year, quarter, file_name, media_type, \
     size_bytes, sha256, uploaded_by, uploaded_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

pub(crate) const DELETE_EVIDENCE: &str =
    "DELETE FROM evidence_files WHERE organization_id = $1 AND evidence_id = $2";

#[derive(sqlx::FromRow)]
pub(crate) struct EvidenceRow {
    pub(crate) plan_id: String,
    dimension_no: i64,
    item_no: i64,
    fiscal_year: i64,
    quarter: i64,
    evidence_id: String,
    file_name: String,
    media_type: String,
    size_bytes: i64,
    sha256: String,
    uploaded_by: String,
    uploaded_at: OffsetDateTime,
    review_state: String,
}

impl EvidenceRow {
    pub(crate) fn key(&self) -> Result<ReportKey> {
        Ok(ReportKey {
            item: ItemRef {
                dimension: narrow(self.dimension_no, "evidence_files.dimension_no")?,
                no: narrow(self.item_no, "evidence_files.item_no")?,
            },
            fiscal_year: narrow(self.fiscal_year, "evidence_files.fiscal_year")?,
            quarter: quarter(self.quarter, "evidence_files.quarter")?,
        })
    }

    pub(crate) fn review(&self) -> Result<ReviewState> {
        review_state(&self.review_state, "quarter_reports.review_state")
    }

    pub(crate) fn into_evidence(self) -> Result<Evidence> {
        Ok(Evidence {
            size_bytes: narrow(self.size_bytes, "evidence_files.size_bytes")?,
            id: self.evidence_id,
            file_name: self.file_name,
            media_type: self.media_type,
            sha256: self.sha256,
            uploaded_by: self.uploaded_by,
            uploaded_at: self.uploaded_at,
        })
    }
}

/// Reports with their evidence attached, in the reports' order.
pub(crate) fn assemble(
    reports: Vec<ReportRow>,
    evidence: Vec<EvidenceRow>,
) -> Result<Vec<QuarterReport>> {
    let mut by_key: std::collections::HashMap<ReportKey, Vec<Evidence>> =
        std::collections::HashMap::new();
    for row in evidence {
        let key = row.key()?;
        by_key.entry(key).or_default().push(row.into_evidence()?);
    }
    reports
        .into_iter()
        .map(|row| {
            let files = by_key.remove(&row.key()?).unwrap_or_default();
            row.into_report(files)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Target actuals

pub(crate) const UPSERT_TARGET_ACTUAL: &str = "INSERT INTO target_actuals (organization_id, \
     indicator, fiscal_year, value_text, note, updated_by, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) \
     ON CONFLICT (organization_id, indicator, fiscal_year) DO UPDATE SET \
     value_text = excluded.value_text, note = excluded.note, \
     updated_by = excluded.updated_by, updated_at = excluded.updated_at";

pub(crate) const DELETE_TARGET_ACTUAL: &str = "DELETE FROM target_actuals \
     WHERE organization_id = $1 AND indicator = $2 AND fiscal_year = $3";

pub(crate) const SELECT_TARGET_ACTUALS: &str = "SELECT indicator, fiscal_year, value_text, \
     note, updated_by, updated_at FROM target_actuals WHERE organization_id = $1";

#[derive(sqlx::FromRow)]
pub(crate) struct TargetActualRow {
    indicator: String,
    fiscal_year: i64,
    value_text: String,
    note: Option<String>,
    updated_by: String,
    updated_at: OffsetDateTime,
}

impl TargetActualRow {
    pub(crate) fn into_actual(self) -> Result<TargetActual> {
        Ok(TargetActual {
            fiscal_year: narrow(self.fiscal_year, "target_actuals.fiscal_year")?,
            indicator: self.indicator,
            value: self.value_text,
            note: self.note,
            updated_by: Some(self.updated_by),
            updated_at: Some(self.updated_at),
        })
    }
}

// ---------------------------------------------------------------------------
// Helpers

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(what)
}

fn narrow<T: TryFrom<i64>>(value: i64, column: &str) -> Result<T> {
    T::try_from(value).map_err(|_| corrupt(format!("{column} = {value} is out of range")))
}

fn quarter(value: i64, column: &str) -> Result<Quarter> {
    u8::try_from(value)
        .ok()
        .and_then(Quarter::from_number)
        .ok_or_else(|| corrupt(format!("{column} = {value} is not a quarter 1–4")))
}

fn review_state(value: &str, column: &str) -> Result<ReviewState> {
    ReviewState::parse(value).ok_or_else(|| corrupt(format!("{column} = {value}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_statement_is_scoped_to_one_organisation() {
        for sql in [
            SELECT_CURRENT_PLAN,
            SELECT_ITEM,
            SELECT_TARGET,
            SELECT_REPORT,
            SELECT_REPORTS_OF_YEAR,
            SELECT_PUBLISHED_OF_YEAR,
            SELECT_PUBLISHED_OF_ITEM,
            SELECT_REPORTS_IN_STATE,
            UPDATE_REPORT,
            UPDATE_REVIEW,
            TOUCH_EDITABLE_REPORT,
            SELECT_NEXT_REVIEW_POSITION,
            SELECT_REVIEWS,
            SELECT_EVIDENCE_OF_PLAN,
            SELECT_EVIDENCE_OF_YEAR,
            SELECT_EVIDENCE_OF_ITEM,
            SELECT_EVIDENCE_OF_REPORT,
            SELECT_EVIDENCE_BY_ID,
            DELETE_EVIDENCE,
            DELETE_TARGET_ACTUAL,
            SELECT_TARGET_ACTUALS,
        ] {
            assert!(sql.contains("organization_id = $1"), "{sql}");
        }
        assert!(SELECT_PUBLISHED_OF_YEAR.contains("review_state = 'published'"));
    }

    #[test]
    fn blank_reasons_are_none() {
        assert_eq!(non_blank(Some("  ")), None);
        assert_eq!(non_blank(Some(" งบเพิ่ม ")).as_deref(), Some("งบเพิ่ม"));
        assert_eq!(non_blank(None), None);
    }
}
