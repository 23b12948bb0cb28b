//! The public comparison as data: published figures only.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use sujarit_core::directory::OversightScope;
use sujarit_core::oversight::Totals;
use sujarit_core::oversight::rollup::{Side, SortKey};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Line, asked_sort, asked_year};
use crate::AppState;
use crate::json::{ApiError, ErrorBody};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(provinces))
        .routes(routes!(organizations))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OversightQuery {
    /// The fiscal year (BE, 2400–2700); the current one when absent.
    #[param(value_type = Option<u16>, minimum = 2400, maximum = 2700, example = 2569)]
    pub fiscal_year: Option<String>,
    /// The order: name, score_12m (the default), score_6m, oit, activities,
    /// complaints_on_time.
    #[param(value_type = Option<OversightSort>, inline, example = "score_12m")]
    pub sort: Option<String>,
}

/// The orders the tables offer; any other value is answered 400 in Thai.
#[derive(utoipa::ToSchema)]
#[allow(non_camel_case_types, dead_code)]
pub enum OversightSort {
    name,
    score_12m,
    score_6m,
    oit,
    activities,
    complaints_on_time,
}

/// One province's published figures.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OversightProvince {
    /// The official two-digit code (10 = Bangkok).
    pub code: String,
    pub name: String,
    pub region: String,
    /// LAOs of the province in the directory.
    pub organizations: u32,
    /// Of them, those with a plan for the year.
    pub plans: u32,
    /// The E-PlanNACC score from published progress, percent; null when no
    /// plan covers the year.
    pub score_6m: Option<f64>,
    pub score_12m: Option<f64>,
    /// Information-centre items published on time among those due, percent;
    /// null before anything is due.
    pub oit_readiness: Option<f64>,
    /// Activities on the public calendars.
    pub activities: u32,
    /// General complaints closed within their deadline, percent; null below
    /// 5 closed.
    pub complaints_on_time: Option<f64>,
}

/// One LAO's published figures.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OversightOrganization {
    pub slug: String,
    pub name: String,
    /// The kind's stored name: pao, city_municipality, town_municipality,
    /// subdistrict_municipality, sao, special.
    #[serde(rename = "type")]
    pub kind: String,
    pub district_code: Option<String>,
    pub district: String,
    /// Whether a current plan covers the year.
    pub has_plan: bool,
    pub score_6m: Option<f64>,
    pub score_12m: Option<f64>,
    pub oit_readiness: Option<f64>,
    pub activities: u32,
    pub complaints_on_time: Option<f64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OversightProvinces {
    pub fiscal_year: u16,
    pub provinces: Vec<OversightProvince>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OversightOrganizations {
    pub fiscal_year: u16,
    pub province: String,
    pub province_name: String,
    pub organizations: Vec<OversightOrganization>,
}

fn figure(value: Option<i64>, per: f64) -> Option<f64> {
    value.map(|v| v as f64 / per)
}

struct Published {
    score_6m: Option<f64>,
    score_12m: Option<f64>,
    oit_readiness: Option<f64>,
    complaints_on_time: Option<f64>,
}

fn published(t: &Totals) -> Published {
    let side = Side::Published;
    Published {
        score_6m: figure(SortKey::Score6m.value(t, side), 100.0),
        score_12m: figure(SortKey::Score12m.value(t, side), 100.0),
        oit_readiness: figure(SortKey::OitReadiness.value(t, side), 10.0),
        complaints_on_time: figure(SortKey::ComplaintsOnTime.value(t, side), 10.0),
    }
}

pub(super) fn province_answer(line: &Line) -> OversightProvince {
    let p = published(&line.totals);
    OversightProvince {
        code: line.code.clone(),
        name: line.name.clone(),
        region: line.place.clone(),
        organizations: line.totals.organizations,
        plans: line.totals.plans,
        score_6m: p.score_6m,
        score_12m: p.score_12m,
        oit_readiness: p.oit_readiness,
        activities: line.totals.published.activities,
        complaints_on_time: p.complaints_on_time,
    }
}

/// Every province's answer for the year, ranked.
pub(super) async fn provinces_answer(
    store: &dyn sujarit_store::Store,
    year: u16,
    sort: SortKey,
) -> Result<OversightProvinces, crate::WebError> {
    let rows = store.figures_in(&OversightScope::National, year).await?;
    let up = super::roll_up(&rows);
    let lines = super::province_lines(&up, Side::Published, sort, year, "/oversight/provinces");
    Ok(OversightProvinces {
        fiscal_year: year,
        provinces: lines.iter().map(province_answer).collect(),
    })
}

/// One province's LAOs for the year, ranked; None for an unknown province.
pub(super) async fn organizations_answer(
    store: &dyn sujarit_store::Store,
    code: &str,
    year: u16,
    sort: SortKey,
) -> Result<Option<OversightOrganizations>, crate::WebError> {
    let Ok(province) = super::province(code) else {
        return Ok(None);
    };
    let rows = store
        .figures_in(&OversightScope::Province(province.code.clone()), year)
        .await?;
    let districts: std::collections::HashMap<String, Option<String>> = rows
        .iter()
        .map(|(l, _)| (l.organization.slug.clone(), l.entry.district_code.clone()))
        .collect();
    let kinds: std::collections::HashMap<String, &'static str> = rows
        .iter()
        .map(|(l, _)| (l.organization.slug.clone(), l.entry.kind.as_str()))
        .collect();
    let lines = super::organization_lines(&rows, Side::Published, sort, |s| format!("/o/{s}"));
    Ok(Some(OversightOrganizations {
        fiscal_year: year,
        province: province.code.clone(),
        province_name: province.name_th.clone(),
        organizations: lines
            .iter()
            .map(|(line, slug)| {
                let p = published(&line.totals);
                OversightOrganization {
                    slug: slug.clone(),
                    name: line.name.clone(),
                    kind: kinds.get(slug).copied().unwrap_or_default().into(),
                    district_code: districts.get(slug).cloned().flatten(),
                    district: line.place.clone(),
                    has_plan: line.totals.plans > 0,
                    score_6m: p.score_6m,
                    score_12m: p.score_12m,
                    oit_readiness: p.oit_readiness,
                    activities: line.totals.published.activities,
                    complaints_on_time: p.complaints_on_time,
                }
            })
            .collect(),
    }))
}

fn read_query(
    store: &AppState,
    query: Result<Query<OversightQuery>, QueryRejection>,
) -> Result<(u16, SortKey), ApiError> {
    let Query(query) = query
        .map_err(|_| ApiError::bad_request("พารามิเตอร์ไม่ถูกต้อง: fiscal_year ต้องเป็นปี พ.ศ. 4 หลัก"))?;
    let year =
        asked_year(query.fiscal_year.as_deref(), store.today()).map_err(ApiError::bad_request)?;
    let sort =
        asked_sort(query.sort.as_deref(), &SortKey::PUBLIC).map_err(ApiError::bad_request)?;
    Ok((year, sort))
}

/// Every province's published figures for a fiscal year: LAOs, plans, the
/// E-PlanNACC score of both rounds, OIT readiness, published activities,
/// complaints closed on time. Roll-ups are exact sums over the LAOs.
#[utoipa::path(get, path = "/api/v1/oversight/provinces", tag = "oversight",
    params(OversightQuery),
    responses((status = 200, body = OversightProvinces), (status = 400, body = ErrorBody)))]
async fn provinces(
    State(state): State<AppState>,
    store: crate::replica::ReadStore,
    query: Result<Query<OversightQuery>, QueryRejection>,
) -> Result<Json<OversightProvinces>, ApiError> {
    let (year, sort) = read_query(&state, query)?;
    Ok(Json(
        provinces_answer(&*store, year, sort)
            .await
            .map_err(ApiError::from_web)?,
    ))
}

/// The published figures of each LAO of a province for a fiscal year.
#[utoipa::path(get, path = "/api/v1/oversight/provinces/{code}/organizations", tag = "oversight",
    params(("code" = String, Path, description = "รหัสจังหวัด 2 หลัก เช่น 80"), OversightQuery),
    responses((status = 200, body = OversightOrganizations), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn organizations(
    State(state): State<AppState>,
    store: crate::replica::ReadStore,
    Path(code): Path<String>,
    query: Result<Query<OversightQuery>, QueryRejection>,
) -> Result<Json<OversightOrganizations>, ApiError> {
    let (year, sort) = read_query(&state, query)?;
    organizations_answer(&*store, &code, year, sort)
        .await
        .map_err(ApiError::from_web)?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("ไม่พบจังหวัดรหัส \"{code}\"")))
}
