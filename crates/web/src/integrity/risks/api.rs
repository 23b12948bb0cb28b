//! The risk register in JSON: a year's entries with their levels and
//! controls, and a year's internal measures.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use sujarit_core::integrity::risk::{ControlTarget, RiskMatrix};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::json::{ApiError, ErrorBody};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(risks))
        .routes(routes!(measures))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The fiscal year in BE, e.g. 2569.
    #[param(value_type = u16, minimum = 2400, maximum = 2700, example = 2569)]
    pub fiscal_year: String,
}

/// A control: a plan item by its code, an internal measure by its title, or
/// text the import could not link.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RiskControlOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    pub text: String,
    pub in_force: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RiskOut {
    pub id: String,
    pub process: String,
    pub risk: String,
    /// procurement, finance_budget, permits, revenue, personnel, assets,
    /// public_service, other.
    #[serde(rename = "type")]
    pub risk_type: String,
    pub likelihood: Option<u8>,
    pub impact: Option<u8>,
    /// The inherent level: on the matrix, else as the plan gives it.
    pub level: Option<String>,
    pub residual_likelihood: Option<u8>,
    pub residual_impact: Option<u8>,
    pub residual_level: Option<String>,
    pub controls: Vec<RiskControlOut>,
    pub owner_unit: String,
    pub status: String,
    /// A residual level below the inherent one with no control in force.
    pub flagged: bool,
    /// The monitoring notes: "6" and "12" (months) rounds.
    pub monitoring: Vec<MonitoringOut>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MonitoringOut {
    pub round: String,
    pub note: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MeasureStepOut {
    pub text: String,
    /// ISO date.
    pub due: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MeasureOut {
    pub id: String,
    pub title: String,
    pub purpose: String,
    pub owner_unit: String,
    pub steps: Vec<MeasureStepOut>,
    /// planned, in_progress, done.
    pub status: String,
    pub evidence: String,
    /// Ids of the risks it controls.
    pub risks: Vec<String>,
    pub result: String,
}

fn year(query: Result<Query<YearQuery>, QueryRejection>) -> Result<u16, ApiError> {
    super::super::api_fiscal_year(query.as_ref().ok().map(|Query(q)| q.fiscal_year.as_str()))
}

/// The corruption risk register of a fiscal year.
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/risks", tag = "integrity",
    params(("slug" = String, Path, description = "The organisation's slug"), YearQuery),
    responses((status = 200, body = Vec<RiskOut>), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn risks(
    State(store): State<AppState>,
    Path(slug): Path<String>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Json<Vec<RiskOut>>, ApiError> {
    let year = year(query)?;
    let org = super::super::organization(&store, &slug)
        .await
        .map_err(ApiError::from_web)?;
    let entries = store.risk_entries(&org.id, year).await?;
    let measures = store.measures(&org.id, year).await?;
    let matrices = super::staff::matrices(&store, &org.id, &entries)
        .await
        .map_err(ApiError::from_web)?;
    let default = RiskMatrix::default_5x5();
    Ok(Json(
        entries
            .iter()
            .map(|e| {
                let input = &e.input;
                let matrix = matrices.get(&e.matrix_version).unwrap_or(&default);
                let name = |s| matrix.level_of(s).map(|l| l.name.clone());
                RiskOut {
                    id: e.id.clone(),
                    process: input.process.clone(),
                    risk: input.risk.clone(),
                    risk_type: input.risk_type.code().into(),
                    likelihood: input.inherent.map(|s| s.likelihood),
                    impact: input.inherent.map(|s| s.impact),
                    level: input
                        .inherent
                        .and_then(name)
                        .or_else(|| input.document_level.clone()),
                    residual_likelihood: input.residual.map(|s| s.likelihood),
                    residual_impact: input.residual.map(|s| s.impact),
                    residual_level: input.residual.and_then(name),
                    controls: input
                        .controls
                        .iter()
                        .map(|c| RiskControlOut {
                            item: match &c.target {
                                ControlTarget::Item(code) => Some(code.clone()),
                                _ => None,
                            },
                            measure: match &c.target {
                                ControlTarget::Measure(id) => Some(
                                    measures
                                        .iter()
                                        .find(|m| &m.id == id)
                                        .map_or_else(|| id.clone(), |m| m.input.title.clone()),
                                ),
                                _ => None,
                            },
                            text: c.text.clone(),
                            in_force: c.in_force,
                        })
                        .collect(),
                    owner_unit: input.owner_unit.clone(),
                    status: input.status.code().into(),
                    flagged: input.inconsistency(matrix).is_some(),
                    monitoring: input
                        .monitoring
                        .iter()
                        .map(|n| MonitoringOut {
                            round: n.round.code().into(),
                            note: n.note.clone(),
                        })
                        .collect(),
                }
            })
            .collect(),
    ))
}

/// The internal measures of a fiscal year.
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/measures", tag = "integrity",
    params(("slug" = String, Path, description = "The organisation's slug"), YearQuery),
    responses((status = 200, body = Vec<MeasureOut>), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn measures(
    State(store): State<AppState>,
    Path(slug): Path<String>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Json<Vec<MeasureOut>>, ApiError> {
    let year = year(query)?;
    let org = super::super::organization(&store, &slug)
        .await
        .map_err(ApiError::from_web)?;
    let measures = store.measures(&org.id, year).await?;
    Ok(Json(
        measures
            .into_iter()
            .map(|m| MeasureOut {
                id: m.id,
                title: m.input.title,
                purpose: m.input.purpose,
                owner_unit: m.input.owner_unit,
                steps: m
                    .input
                    .steps
                    .into_iter()
                    .map(|s| MeasureStepOut {
                        text: s.text,
                        due: s.due.map(super::form::iso),
                    })
                    .collect(),
                status: m.input.status.code().into(),
                evidence: m.input.evidence,
                risks: m.input.risks,
                result: m.input.result,
            })
            .collect(),
    ))
}
