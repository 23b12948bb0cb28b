//! The gift report as data: the public figures only.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use sujarit_core::integrity::gift::{GiftDecision, GiftKind, Round, Tally};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::super::asked_year;
use super::public::year_report;
use crate::json::{ApiError, ErrorBody};
use crate::{AppState, Resources};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(gifts))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GiftsQuery {
    /// The fiscal year (BE, 2400–2700); the current one when absent.
    #[param(value_type = Option<u16>, minimum = 2400, maximum = 2700, example = 2569)]
    pub fiscal_year: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct GiftFigure {
    /// A code: refused, returned, handed_over, kept_within_limit; or
    /// property, benefit.
    pub code: String,
    /// The same in Thai.
    pub label: String,
    pub count: u64,
    /// Baht, with satang when there are any.
    #[schema(value_type = f64)]
    pub value: sujarit_core::Baht,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NilReturnFigure {
    /// 1 (October–March) or 2 (April–September).
    pub round: u8,
    pub count: u64,
}

/// The year's gift report: organisation totals, no names, no units.
#[derive(Serialize, utoipa::ToSchema)]
pub struct GiftReportAnswer {
    pub organization: String,
    pub slug: String,
    pub fiscal_year: u16,
    /// What one may accept per person per occasion (baht).
    #[schema(value_type = f64)]
    pub permitted_value: sujarit_core::Baht,
    pub declarations: u64,
    #[schema(value_type = f64)]
    pub total_value: sujarit_core::Baht,
    /// By the decision that stands (after the supervisor's).
    pub by_decision: Vec<GiftFigure>,
    pub by_kind: Vec<GiftFigure>,
    /// Over the permitted value, by how each was resolved.
    pub over_limit: Vec<GiftFigure>,
    /// Declared while the giver had business pending with the unit.
    pub pending_work: u64,
    /// Still waiting for the supervisor's decision.
    pub awaiting_decision: u64,
    pub nil_returns: Vec<NilReturnFigure>,
}

fn figures<K: Copy>(
    list: &[(K, Tally)],
    code: fn(K) -> &'static str,
    label: fn(K) -> &'static str,
) -> Vec<GiftFigure> {
    list.iter()
        .map(|(k, t)| GiftFigure {
            code: code(*k).into(),
            label: label(*k).into(),
            count: t.count as u64,
            value: t.value,
        })
        .collect()
}

/// The yearly report on gifts and benefits under the No Gift Policy:
/// counts and values by decision and kind, over-the-limit cases, nil
/// returns. Nothing personal.
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/gifts", tag = "integrity",
    params(("slug" = String, Path, description = "รหัสองค์กร"), GiftsQuery),
    responses((status = 200, body = GiftReportAnswer), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn gifts(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
    query: Result<Query<GiftsQuery>, QueryRejection>,
) -> Result<Json<GiftReportAnswer>, ApiError> {
    let Query(query) = query
        .map_err(|_| ApiError::bad_request("พารามิเตอร์ไม่ถูกต้อง: fiscal_year ต้องเป็นปี พ.ศ. 4 หลัก"))?;
    let year = asked_year(query.fiscal_year.as_deref(), config.clock.today())
        .map_err(ApiError::bad_request)?;
    let org = store
        .organization_by_slug(&slug)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("ไม่พบองค์กร \"{slug}\"")))?;
    let report = year_report(&store, &org, year)
        .await
        .map_err(ApiError::from_web)?;
    Ok(Json(GiftReportAnswer {
        organization: org.name.clone(),
        slug: org.slug.clone(),
        fiscal_year: year.be(),
        permitted_value: report.permitted_value,
        declarations: report.total.count as u64,
        total_value: report.total.value,
        by_decision: figures(&report.by_decision, GiftDecision::code, GiftDecision::thai),
        by_kind: figures(&report.by_kind, GiftKind::code, GiftKind::thai),
        over_limit: figures(&report.over_limit, GiftDecision::code, GiftDecision::thai),
        pending_work: report.pending_work as u64,
        awaiting_decision: report.awaiting_decision as u64,
        nil_returns: report
            .nil_returns
            .iter()
            .map(|(r, n)| NilReturnFigure {
                round: Round::number(*r),
                count: *n as u64,
            })
            .collect(),
    }))
}
