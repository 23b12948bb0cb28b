//! Read-only plan data: organisations, the current plan with its findings,
//! one item, one yearly schedule.

use crate::replica::ReadStore;
use axum::Json;
use axum::extract::{Path, Query};
use serde::{Deserialize, Serialize};
use sujarit_core::{Finding, Item, PlanReport, Schedule, Severity};
use sujarit_store::{Organization, PlanVersion, Store};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::format::{parse_fiscal_year, parse_item_ref};
use crate::json::{ApiError, ErrorBody};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(organizations))
        .routes(routes!(plan))
        .routes(routes!(item))
        .routes(routes!(item_kpis))
        .routes(routes!(schedule))
        .routes(routes!(findings))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OrganizationSummary {
    /// The organisation's code in URLs.
    pub slug: String,
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PlanDocument {
    /// Which stored version this is (1, 2, … per organisation).
    pub version: i32,
    /// The file the plan was imported from.
    pub source_file_name: String,
    /// When it was imported (RFC 3339, UTC).
    pub imported_at: String,
    #[serde(flatten)]
    pub report: PlanReport,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FindingFilter {
    /// Only findings of this severity: error, warning or info (all when left out or empty).
    #[param(pattern = "^(error|warning|info)?$")]
    pub severity: Option<String>,
}

/// Organisations on this installation.
#[utoipa::path(get, path = "/api/v1/organizations", tag = "plan",
    responses((status = 200, body = Vec<OrganizationSummary>)))]
async fn organizations(store: ReadStore) -> Result<Json<Vec<OrganizationSummary>>, ApiError> {
    let list = store.organizations().await?;
    Ok(Json(
        list.into_iter()
            .map(|o| OrganizationSummary {
                slug: o.slug,
                name: o.name,
            })
            .collect(),
    ))
}

/// The organisation's current plan with the findings of its import.
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/plan", tag = "plan",
    params(("slug" = String, Path, description = "รหัสองค์กร")),
    responses((status = 200, body = PlanDocument), (status = 404, body = ErrorBody)))]
async fn plan(store: ReadStore, Path(slug): Path<String>) -> Result<Json<PlanDocument>, ApiError> {
    let (version, report) = current(&*store, &slug).await?;
    Ok(Json(PlanDocument {
        version: version.version,
        source_file_name: version.source_file_name,
        imported_at: version
            .imported_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        report,
    }))
}

/// One item of the plan, with its form, by its number ("2.19").
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/plan/items/{item}", tag = "plan",
    params(("slug" = String, Path, description = "รหัสองค์กร"),
           ("item" = String, Path, pattern = r"^[0-9]{1,2}\.[0-9]{1,3}$", description = "เลขรายการ เช่น 2.19")),
    responses((status = 200, body = Item), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn item(
    store: ReadStore,
    Path((slug, item)): Path<(String, String)>,
) -> Result<Json<Item>, ApiError> {
    let item_ref = parse_item_ref(&item).ok_or_else(|| {
        ApiError::bad_request(format!(
            "เลขรายการ \"{item}\" ไม่ถูกต้อง ต้องเป็นรูปแบบ มิติ.ลำดับ เช่น 2.19"
        ))
    })?;
    let (_, report) = current(&*store, &slug).await?;
    report
        .plan
        .item(item_ref)
        .cloned()
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("ไม่พบรายการ {item_ref} ในแผนนี้")))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KpiQuery {
    /// The fiscal year in BE, e.g. 2569.
    #[param(value_type = u16, minimum = 2400, maximum = 2700, example = 2568)]
    pub fiscal_year: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct KpiTargetOut {
    /// at_least, at_most or exactly.
    pub comparison: sujarit_core::progress::Comparison,
    pub value: f64,
    /// "ร้อยละ", "คน", "ครั้ง", …
    pub unit: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct KpiOut {
    /// The KPI as the item's form states it.
    pub text: String,
    pub target: KpiTargetOut,
    /// Computed from published records; null when they cannot say yet.
    pub actual: Option<f64>,
    /// Where the actual comes from (e.g. sessions, participants,
    /// survey_satisfied, complaint_reduction); null when none was chosen.
    pub source: Option<String>,
    pub met: Option<bool>,
    /// The date the actual was computed as of (ISO).
    pub as_of: String,
}

/// An item's KPIs in a fiscal year, measured from published records
/// (activities, publicity, rosters, surveys, complaint counts).
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/plan/items/{item}/kpis", tag = "plan",
    params(("slug" = String, Path, description = "รหัสองค์กร"),
           ("item" = String, Path, pattern = r"^[0-9]{1,2}\.[0-9]{1,3}$", description = "เลขรายการ เช่น 1.1"), KpiQuery),
    responses((status = 200, body = Vec<KpiOut>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn item_kpis(
    store: ReadStore,
    config: crate::state::Resources,
    Path((slug, item)): Path<(String, String)>,
    query: Result<Query<KpiQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<KpiOut>>, ApiError> {
    let item_ref = parse_item_ref(&item).ok_or_else(|| {
        ApiError::bad_request(format!(
            "เลขรายการ \"{item}\" ไม่ถูกต้อง ต้องเป็นรูปแบบ มิติ.ลำดับ เช่น 1.1"
        ))
    })?;
    let Query(query) = query.map_err(|_| {
        ApiError::bad_request("ต้องระบุ fiscal_year เป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น fiscal_year=2569")
    })?;
    let year = parse_fiscal_year(&query.fiscal_year).ok_or_else(|| {
        ApiError::bad_request("fiscal_year ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569")
    })?;
    let org: Organization = store
        .organization_by_slug(&slug)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("ไม่พบองค์กร \"{slug}\"")))?;
    let (_, report) = current(&*store, &slug).await?;
    let found = report
        .plan
        .item(item_ref)
        .ok_or_else(|| ApiError::not_found(format!("ไม่พบรายการ {item_ref} ในแผนนี้")))?;
    let fiscal = sujarit_core::FiscalYear(year);
    let as_of = config
        .clock
        .today()
        .clamp(fiscal.first_day(), fiscal.last_day());
    let lines =
        sujarit_service::activities::measure_item_published(&*store, &org.id, found, year, as_of)
            .await?;
    Ok(Json(
        lines
            .into_iter()
            .map(|l| KpiOut {
                text: l.target.text.clone(),
                target: KpiTargetOut {
                    comparison: l.target.comparison,
                    value: l.target.value,
                    unit: l.target.unit.clone(),
                },
                actual: l.measurement.as_ref().map(|m| m.value),
                source: l.chosen.then(|| l.source.code().to_string()),
                met: l.measurement.as_ref().map(|m| m.met),
                as_of: format!(
                    "{:04}-{:02}-{:02}",
                    as_of.year(),
                    as_of.month() as u8,
                    as_of.day()
                ),
            })
            .collect(),
    ))
}

/// One fiscal year's E-PlanNACC schedule.
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/plan/schedules/{fiscal_year}", tag = "plan",
    params(("slug" = String, Path, description = "รหัสองค์กร"),
           ("fiscal_year" = u16, Path, minimum = 2400, maximum = 2700, description = "ปีงบประมาณ (พ.ศ.) เช่น 2568")),
    responses((status = 200, body = Schedule), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn schedule(
    store: ReadStore,
    Path((slug, year)): Path<(String, String)>,
) -> Result<Json<Schedule>, ApiError> {
    let fiscal_year = parse_fiscal_year(&year).ok_or_else(|| {
        ApiError::bad_request(format!(
            "ปีงบประมาณ \"{year}\" ไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2568"
        ))
    })?;
    let (_, report) = current(&*store, &slug).await?;
    report
        .plan
        .schedules
        .into_iter()
        .find(|s| s.fiscal_year == fiscal_year)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("แผนนี้ไม่มีตารางของปีงบประมาณ {fiscal_year}")))
}

/// What the imported document disagrees with itself on.
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/plan/findings", tag = "plan",
    params(("slug" = String, Path, description = "รหัสองค์กร"), FindingFilter),
    responses((status = 200, body = Vec<Finding>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn findings(
    store: ReadStore,
    Path(slug): Path<String>,
    filter: Result<Query<FindingFilter>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<Finding>>, ApiError> {
    let Query(filter) = filter.map_err(|_| {
        ApiError::bad_request("พารามิเตอร์ไม่ถูกต้อง: severity ใช้ error, warning หรือ info")
    })?;
    let severity = match filter.severity.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => Some(Severity::parse(text).ok_or_else(|| {
            ApiError::bad_request(format!(
                "ระดับ \"{text}\" ไม่ถูกต้อง ใช้ error, warning หรือ info"
            ))
        })?),
    };
    let (_, report) = current(&*store, &slug).await?;
    Ok(Json(
        report
            .findings
            .into_iter()
            .filter(|f| severity.is_none_or(|s| f.severity == s))
            .collect(),
    ))
}

async fn current(store: &dyn Store, slug: &str) -> Result<(PlanVersion, PlanReport), ApiError> {
    let org: Organization = store
        .organization_by_slug(slug)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("ไม่พบองค์กร \"{slug}\"")))?;
    store
        .current_plan(&org.id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("{} ยังไม่มีแผนในระบบ", org.name)))
}
