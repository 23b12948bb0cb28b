//! Progress and scores in JSON.
//!
//! * Public, published data only: each fiscal year's published quarterly
//!   reports, and the E-PlanNACC scores per round (whole plan, dimensions,
//!   units) with the Part 1 targets against their actuals.
//! * Staff, signed in with the session cookie of the back office (and so
//!   under the same Origin check as the forms): read any report they may
//!   see, save one (the same validation and stale-revision rule as the form)
//!   and, for the plan coordinator, review it.
//!
//! The wire types are this module's own, not the domain's, so the contract
//! stays put when the domain grows.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sujarit_core::account::Permission;
use sujarit_core::progress::{
    KpiActual, ProgressStatus, QuarterReport, ReportKey, ReviewAction, Round,
};
use sujarit_core::scores::{self, Tally, TargetKind, TargetLine};
use sujarit_core::{Baht, Plan};
use sujarit_store::{Organization, StoreError};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::parse_key;
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::format::parse_fiscal_year;
use crate::json::{ApiError, ErrorBody};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(published_progress))
        .routes(routes!(published_scores))
        .routes(routes!(staff_report, save_report))
        .routes(routes!(review_report))
}

// ---------------------------------------------------------------------------
// Wire types

/// A quarterly report on one item.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ProgressReport {
    /// The item's number, "2.19".
    pub item: String,
    /// Fiscal year (BE).
    pub fiscal_year: u16,
    /// 1–4; quarter 1 is October–December.
    pub quarter: u8,
    /// not_started, in_progress, completed or not_done.
    pub status: String,
    /// For not_done: no_budget, policy_changed, not_enough_staff or other.
    pub not_done_reason: Option<String>,
    /// The text of an "other" reason.
    pub not_done_text: Option<String>,
    /// The status in Thai, as the pages show it.
    pub status_thai: String,
    /// Baht.
    #[schema(value_type = Option<f64>)]
    pub budget_planned: Option<Baht>,
    #[schema(value_type = Option<f64>)]
    pub budget_adopted: Option<Baht>,
    #[schema(value_type = Option<f64>)]
    pub budget_disbursed: Option<Baht>,
    pub overspend_reason: Option<String>,
    pub narrative: String,
    pub kpi_actuals: Vec<KpiValue>,
    pub evidence: Vec<EvidenceFile>,
    /// draft, submitted, returned, approved or published.
    pub review: String,
    /// The coordinator's comment on a returned report (staff only).
    pub review_comment: Option<String>,
    /// Send this back as `expected_revision` when saving.
    pub revision: i64,
    /// RFC 3339, UTC.
    pub updated_at: Option<String>,
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct KpiValue {
    /// The KPI as the item's form states it.
    pub kpi: String,
    /// The value achieved, a number in the KPI's unit ("86" for 86 %).
    pub value: String,
    pub note: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EvidenceFile {
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: u64,
    pub sha256: String,
    /// Where to download it (published reports only).
    pub href: Option<String>,
}

/// A score with what it counts.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TallyBody {
    /// (completed × 1 + in progress × 0.5) ÷ items × 100, two decimals.
    pub score_percent: f64,
    pub items: u32,
    pub completed: u32,
    pub in_progress: u32,
    pub not_done: u32,
    /// Items with no published report in the round.
    pub not_reported: u32,
    #[schema(value_type = f64)]
    pub budget_planned: Baht,
    #[schema(value_type = f64)]
    pub budget_adopted: Baht,
    #[schema(value_type = f64)]
    pub budget_disbursed: Baht,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DimensionScore {
    pub dimension: u8,
    pub name: String,
    #[serde(flatten)]
    pub tally: TallyBody,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitScore {
    /// The responsible unit as the plan names it.
    pub unit: String,
    #[serde(flatten)]
    pub tally: TallyBody,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TargetYear {
    pub fiscal_year: u16,
    /// As the plan writes it: "ร้อยละ 10", "65 คะแนน".
    pub target_text: Option<String>,
    pub target: Option<f64>,
    /// The value entered for the year.
    pub actual: Option<f64>,
    /// What is compared with the target (the reduction in percent for a reduction target).
    pub achieved: Option<f64>,
    pub met: Option<bool>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TargetBody {
    pub indicator: String,
    /// at_least, or reduction (against `baseline_year`).
    pub kind: String,
    pub baseline_year: Option<u16>,
    pub baseline: Option<f64>,
    pub years: Vec<TargetYear>,
}

/// The E-PlanNACC scores of one round from published reports.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Scores {
    pub fiscal_year: u16,
    /// 6m or 12m.
    pub round: String,
    pub overall: TallyBody,
    pub dimensions: Vec<DimensionScore>,
    pub units: Vec<UnitScore>,
    pub targets: Vec<TargetBody>,
}

/// What a unit reports for a quarter.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ProgressInput {
    /// not_started, in_progress, completed or not_done.
    pub status: String,
    /// Required for not_done: no_budget, policy_changed, not_enough_staff or other.
    pub not_done_reason: Option<String>,
    /// Required for the "other" reason.
    pub not_done_text: Option<String>,
    /// Baht, a number (or a text such as "12,500.50").
    #[schema(value_type = Option<f64>)]
    pub budget_planned: Option<Baht>,
    #[schema(value_type = Option<f64>)]
    pub budget_adopted: Option<Baht>,
    #[schema(value_type = Option<f64>)]
    pub budget_disbursed: Option<Baht>,
    /// Required when more was disbursed than adopted.
    pub overspend_reason: Option<String>,
    #[serde(default)]
    pub narrative: String,
    #[serde(default)]
    pub kpi_actuals: Vec<KpiValue>,
    /// The `revision` the report had when it was read (0 for a new one).
    pub expected_revision: i64,
    /// Also send it for review.
    #[serde(default)]
    pub submit: bool,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ReviewInput {
    /// return (needs a comment), approve or publish.
    pub action: String,
    pub comment: Option<String>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// Fiscal year (BE), e.g. 2568.
    #[param(value_type = u16, minimum = 2400, maximum = 2700, example = 2568)]
    pub fiscal_year: String,
    /// 6m or 12m (12m when left out or empty).
    #[param(pattern = "^(6m|12m)?$")]
    pub round: Option<String>,
}

// ---------------------------------------------------------------------------
// Public

/// Published quarterly reports of a fiscal year.
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/progress", tag = "progress",
    params(("slug" = String, Path, description = "รหัสองค์กร"), YearQuery),
    responses((status = 200, body = Vec<ProgressReport>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn published_progress(
    State(store): State<AppState>,
    Path(slug): Path<String>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Json<Vec<ProgressReport>>, ApiError> {
    let (year, _) = year_and_round(query)?;
    let org = organization(&store, &slug).await?;
    let reports = store.published_reports(&org.id, year).await?;
    Ok(Json(
        reports.iter().map(|r| report_body(r, Some(&org))).collect(),
    ))
}

/// E-PlanNACC completion scores and budgets of a round, from published reports.
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/scores", tag = "progress",
    params(("slug" = String, Path, description = "รหัสองค์กร"), YearQuery),
    responses((status = 200, body = Scores), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn published_scores(
    State(store): State<AppState>,
    Path(slug): Path<String>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Json<Scores>, ApiError> {
    let (year, round) = year_and_round(query)?;
    let org = organization(&store, &slug).await?;
    let (_, report) = store
        .current_plan(&org.id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("{} ยังไม่มีแผนในระบบ", org.name)))?;
    let plan = report.plan;
    let reports = store.published_reports(&org.id, year).await?;
    let actuals = store.target_actuals(&org.id).await?;
    Ok(Json(scores_body(&plan, year, round, &reports, &actuals)))
}

fn year_and_round(
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<(u16, Round), ApiError> {
    let Query(query) = query.map_err(|_| {
        ApiError::bad_request("ต้องระบุ fiscal_year เป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น fiscal_year=2568")
    })?;
    let year = parse_fiscal_year(&query.fiscal_year).ok_or_else(|| {
        ApiError::bad_request(format!(
            "ปีงบประมาณ \"{}\" ไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2568",
            query.fiscal_year
        ))
    })?;
    let round = match query
        .round
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        None => Round::TwelveMonths,
        Some(text) => Round::parse(text).ok_or_else(|| {
            ApiError::bad_request(format!("รอบ \"{text}\" ไม่ถูกต้อง ใช้ 6m หรือ 12m"))
        })?,
    };
    Ok((year, round))
}

async fn organization(store: &AppState, slug: &str) -> Result<Organization, ApiError> {
    store
        .organization_by_slug(slug)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("ไม่พบองค์กร \"{slug}\"")))
}

fn tally_body(tally: &Tally) -> TallyBody {
    TallyBody {
        score_percent: f64::from(tally.score.percent_hundredths()) / 100.0,
        items: tally.score.items,
        completed: tally.score.completed,
        in_progress: tally.score.in_progress,
        not_done: tally.score.not_done,
        not_reported: tally.score.not_reported,
        budget_planned: tally.budget.planned,
        budget_adopted: tally.budget.adopted,
        budget_disbursed: tally.budget.disbursed,
    }
}

fn scores_body(
    plan: &Plan,
    year: u16,
    round: Round,
    reports: &[QuarterReport],
    actuals: &[sujarit_core::progress::TargetActual],
) -> Scores {
    let summary = scores::round_summary(plan, year, round, reports, &scores::units_from_plan(plan));
    Scores {
        fiscal_year: year,
        round: round.as_str().to_string(),
        overall: tally_body(&summary.overall),
        dimensions: plan
            .dimensions
            .iter()
            .map(|d| DimensionScore {
                dimension: d.no,
                name: d.name.clone(),
                tally: tally_body(&summary.by_dimension.get(&d.no).copied().unwrap_or_default()),
            })
            .collect(),
        units: summary
            .by_unit
            .iter()
            .map(|(unit, tally)| UnitScore {
                unit: unit.clone(),
                tally: tally_body(tally),
            })
            .collect(),
        targets: scores::target_lines(&plan.targets, actuals, plan.period)
            .iter()
            .map(target_body)
            .collect(),
    }
}

fn target_body(line: &TargetLine) -> TargetBody {
    let (kind, baseline_year) = match line.kind {
        TargetKind::AtLeast => ("at_least", None),
        TargetKind::ReductionFrom { baseline_year } => ("reduction", Some(baseline_year)),
    };
    TargetBody {
        indicator: line.indicator.clone(),
        kind: kind.to_string(),
        baseline_year,
        baseline: line.baseline,
        years: line
            .points
            .iter()
            .map(|p| TargetYear {
                fiscal_year: p.fiscal_year,
                target_text: p.target_text.clone(),
                target: p.target,
                actual: p.actual,
                achieved: p.achieved,
                met: p.met,
            })
            .collect(),
    }
}

/// A report on the wire. `public_org` is given for published reports: their
/// evidence gets download links and internal fields stay out.
fn report_body(report: &QuarterReport, public_org: Option<&Organization>) -> ProgressReport {
    let (reason, text) = match &report.status {
        ProgressStatus::NotDone { reason } => (
            Some(reason.code().to_string()),
            reason.text().map(str::to_string),
        ),
        _ => (None, None),
    };
    ProgressReport {
        item: report.item.to_string(),
        fiscal_year: report.fiscal_year,
        quarter: report.quarter.number(),
        status: report.status.code().to_string(),
        not_done_reason: reason,
        not_done_text: text,
        status_thai: report.status.thai(),
        budget_planned: report.budget_planned,
        budget_adopted: report.budget_adopted,
        budget_disbursed: report.budget_disbursed,
        overspend_reason: report.overspend_reason.clone(),
        narrative: report.narrative.clone(),
        kpi_actuals: report
            .kpi_actuals
            .iter()
            .map(|k| KpiValue {
                kpi: k.kpi.clone(),
                value: k.value.clone(),
                note: k.note.clone(),
            })
            .collect(),
        evidence: report
            .evidence
            .iter()
            .map(|e| EvidenceFile {
                file_name: e.file_name.clone(),
                media_type: e.media_type.clone(),
                size_bytes: e.size_bytes,
                sha256: e.sha256.clone(),
                href: Some(match public_org {
                    Some(org) => format!("/o/{}/evidence/{}", org.slug, e.id),
                    None => format!("/staff/evidence/{}", e.id),
                }),
            })
            .collect(),
        review: report.review.as_str().to_string(),
        review_comment: if public_org.is_some() {
            None
        } else {
            report.review_comment.clone()
        },
        revision: report.revision,
        updated_at: report.updated_at.and_then(|at| {
            at.format(&time::format_description::well_known::Rfc3339)
                .ok()
        }),
    }
}

// ---------------------------------------------------------------------------
// Staff

type StaffPath = Path<(String, String, String)>;

fn key_of(Path((item, year, quarter)): StaffPath) -> Result<ReportKey, ApiError> {
    parse_key(&item, &year, &quarter).map_err(ApiError::from_web)
}

/// Whether the staff member may read (and report on) the item's reports.
async fn api_access(
    store: &AppState,
    staff: &CurrentStaff,
    key: ReportKey,
) -> Result<super::Access, ApiError> {
    super::access(store, staff, key.item)
        .await
        .map_err(ApiError::from_web)
}

/// One report, in any review state (signed-in staff who may see it).
#[utoipa::path(get, path = "/api/v1/staff/progress/{item}/{fiscal_year}/{quarter}", tag = "progress",
    params(("item" = String, Path, pattern = r"^[0-9]{1,2}\.[0-9]{1,3}$", description = "เลขรายการ เช่น 2.19"),
           ("fiscal_year" = u16, Path, minimum = 2400, maximum = 2700, description = "ปีงบประมาณ (พ.ศ.)"),
           ("quarter" = u8, Path, minimum = 1, maximum = 4, description = "ไตรมาส 1–4")),
    responses((status = 200, body = ProgressReport), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn staff_report(
    State(store): State<AppState>,
    staff: CurrentStaff,
    path: StaffPath,
) -> Result<Json<ProgressReport>, ApiError> {
    let key = key_of(path)?;
    api_access(&store, &staff, key).await?;
    let report = store
        .quarter_report(&staff.organization.id, key)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("ยังไม่มีรายงานของ{key}")))?;
    Ok(Json(report_body(&report, None)))
}

/// Saves a report (and with `submit`, sends it for review). The same rules as
/// the form: Thai messages per field, and a stale `expected_revision` is 409
/// with nothing written.
#[utoipa::path(put, path = "/api/v1/staff/progress/{item}/{fiscal_year}/{quarter}", tag = "progress",
    params(("item" = String, Path, pattern = r"^[0-9]{1,2}\.[0-9]{1,3}$", description = "เลขรายการ เช่น 2.19"),
           ("fiscal_year" = u16, Path, minimum = 2400, maximum = 2700, description = "ปีงบประมาณ (พ.ศ.)"),
           ("quarter" = u8, Path, minimum = 1, maximum = 4, description = "ไตรมาส 1–4")),
    request_body = ProgressInput,
    responses((status = 200, body = ProgressReport), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody),
              (status = 413, description = "ข้อมูลที่ส่งมาเกินขนาดสูงสุด", body = ErrorBody)))]
async fn save_report(
    State(store): State<AppState>,
    staff: CurrentStaff,
    path: StaffPath,
    body: Result<Json<ProgressInput>, JsonRejection>,
) -> Result<Json<ProgressReport>, ApiError> {
    let key = key_of(path)?;
    if !api_access(&store, &staff, key).await?.report {
        return Err(ApiError::forbidden(
            "คุณรายงานผลได้เฉพาะรายการที่หน่วยงานของคุณรับผิดชอบ",
        ));
    }
    let Json(input) = body.map_err(|e| ApiError::unreadable_json(&e))?;
    let status = ProgressStatus::from_codes(
        input.status.trim(),
        input.not_done_reason.as_deref().map(str::trim),
        input.not_done_text.as_deref().map(str::trim),
    )
    .ok_or_else(|| {
        ApiError::invalid(vec![(
            "status",
            "สถานะไม่ถูกต้อง ใช้ not_started, in_progress, completed หรือ not_done พร้อม \
             not_done_reason (no_budget, policy_changed, not_enough_staff, other)"
                .to_string(),
        )])
    })?;
    let mut report = QuarterReport::new(key);
    report.status = status;
    report.budget_planned = input.budget_planned;
    report.budget_adopted = input.budget_adopted;
    report.budget_disbursed = input.budget_disbursed;
    report.overspend_reason = input
        .overspend_reason
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    report.narrative = input.narrative.trim().to_string();
    report.kpi_actuals = input
        .kpi_actuals
        .into_iter()
        .map(|k| KpiActual {
            kpi: k.kpi,
            value: k.value,
            note: k.note,
        })
        .collect();
    let saved = store
        .save_quarter_report(
            &staff.organization.id,
            &report,
            input.expected_revision,
            &staff.actor.user_id,
            input.submit,
        )
        .await
        .map_err(refusal)?;
    Ok(Json(report_body(&saved, None)))
}

/// Returns (with a comment), approves or publishes a report: the plan coordinator.
#[utoipa::path(post, path = "/api/v1/staff/progress/{item}/{fiscal_year}/{quarter}/review", tag = "progress",
    params(("item" = String, Path, pattern = r"^[0-9]{1,2}\.[0-9]{1,3}$", description = "เลขรายการ เช่น 2.19"),
           ("fiscal_year" = u16, Path, minimum = 2400, maximum = 2700, description = "ปีงบประมาณ (พ.ศ.)"),
           ("quarter" = u8, Path, minimum = 1, maximum = 4, description = "ไตรมาส 1–4")),
    request_body = ReviewInput,
    responses((status = 200, body = ProgressReport), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody),
              (status = 413, description = "ข้อมูลที่ส่งมาเกินขนาดสูงสุด", body = ErrorBody)))]
async fn review_report(
    State(store): State<AppState>,
    staff: CurrentStaff,
    path: StaffPath,
    body: Result<Json<ReviewInput>, JsonRejection>,
) -> Result<Json<ProgressReport>, ApiError> {
    if !staff.actor.has(Permission::Review) {
        return Err(ApiError::forbidden(Permission::Review.thai_refusal()));
    }
    let key = key_of(path)?;
    let Json(input) = body.map_err(|e| ApiError::unreadable_json(&e))?;
    let action = ReviewAction::parse(input.action.trim())
        .filter(|a| *a != ReviewAction::Submit)
        .ok_or_else(|| {
            ApiError::invalid(vec![(
                "action",
                "การดำเนินการไม่ถูกต้อง ใช้ return, approve หรือ publish".to_string(),
            )])
        })?;
    let comment = input
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let reviewed = store
        .review_quarter_report(
            &staff.organization.id,
            key,
            action,
            comment,
            &staff.actor.user_id,
        )
        .await
        .map_err(refusal)?;
    Ok(Json(report_body(&reviewed, None)))
}

/// A store refusal as the API says it: field errors 400, stale or not
/// allowed now 409, unknown 404; anything else is a server error.
fn refusal(error: StoreError) -> ApiError {
    match error {
        StoreError::Invalid(errors) => {
            ApiError::invalid(errors.into_iter().map(|e| (e.field, e.message)).collect())
        }
        StoreError::Stale { .. } | StoreError::NotAllowed(_) => ApiError::with_status(
            StatusCode::CONFLICT,
            sujarit_service::wording::refusal(&error),
        ),
        StoreError::NotFound(message) => ApiError::not_found(format!("ไม่พบ{message}")),
        other => other.into(),
    }
}
