//! The internal control evaluation as data: a year's public summary.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use sujarit_core::FiscalYear;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::json::{ApiError, ErrorBody};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(internal_control))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ControlQuery {
    /// The fiscal year in BE, e.g. 2569.
    #[param(value_type = u16, minimum = 2400, maximum = 2700, example = 2568)]
    pub fiscal_year: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ComponentOut {
    /// control_environment, risk_assessment, control_activities,
    /// information_communication or monitoring.
    pub component: String,
    pub name: String,
    /// adequate, needs_improvement or inadequate.
    pub result: String,
    pub result_label: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ImprovementOut {
    pub mission: String,
    pub remaining_risk: String,
    pub improvement: String,
    /// YYYY-MM-DD (CE).
    pub due_on: Option<String>,
    pub owner_unit: String,
    /// not_started, in_progress or done.
    pub status: String,
    pub done_on: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ControlOut {
    pub organization: String,
    pub fiscal_year: u16,
    /// ปค.1 is certified; the rest is empty until it is.
    pub certified: bool,
    /// effective or with_remaining_risks.
    pub conclusion: Option<String>,
    pub conclusion_label: Option<String>,
    pub certified_on: Option<String>,
    pub components: Vec<ComponentOut>,
    pub improvements: Vec<ImprovementOut>,
    /// Improvements done of those planned.
    pub remediated: u32,
    pub planned: u32,
    /// Whole percent, rounded down; null with nothing planned.
    pub remediated_percent: Option<u32>,
    /// The plan's target (80).
    pub target_percent: u32,
}

fn iso(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        date.month() as u8,
        date.day()
    )
}

/// A fiscal year's internal control evaluation under the Ministry of
/// Finance criteria of 2561, once certified (ปค.1): the conclusion, the
/// five components' results (ปค.4) and the improvements (ปค.5) with the
/// share remediated. No names.
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/internal-control", tag = "integrity",
    params(("slug" = String, Path, description = "The organisation's slug"), ControlQuery),
    responses((status = 200, body = ControlOut), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn internal_control(
    State(store): State<AppState>,
    Path(slug): Path<String>,
    query: Result<Query<ControlQuery>, QueryRejection>,
) -> Result<Json<ControlOut>, ApiError> {
    let year =
        super::super::api_fiscal_year(query.as_ref().ok().map(|Query(q)| q.fiscal_year.as_str()))?;
    let org = super::super::organization(&store, &slug)
        .await
        .map_err(ApiError::from_web)?;
    let data = store
        .internal_control(&org.id, FiscalYear(year))
        .await
        .map_err(|e| ApiError::from_web(e.into()))?;
    let certification = data.certification.as_ref();
    let certified = certification.is_some();
    let remediation = data.remediation();
    Ok(Json(ControlOut {
        organization: org.name.clone(),
        fiscal_year: year,
        certified,
        conclusion: certification.map(|c| c.conclusion.code().to_string()),
        conclusion_label: certification.map(|c| c.conclusion.short().to_string()),
        certified_on: certification.map(|c| iso(c.certified_on)),
        components: if certified {
            data.components
                .iter()
                .flat_map(|c| c.ordered())
                .map(|c| ComponentOut {
                    component: c.component.field().to_string(),
                    name: c.component.thai().to_string(),
                    result: c.result.code().to_string(),
                    result_label: c.result.thai().to_string(),
                })
                .collect()
        } else {
            Vec::new()
        },
        improvements: if certified {
            data.rows
                .iter()
                .filter(|r| r.has_improvement())
                .map(|r| ImprovementOut {
                    mission: r.input.mission.clone(),
                    remaining_risk: r.input.remaining_risk.clone(),
                    improvement: r.input.improvement.clone(),
                    due_on: r.input.due_on.map(iso),
                    owner_unit: r.input.owner_unit.clone(),
                    status: r.improvement.status.code().to_string(),
                    done_on: r.improvement.done_on.map(iso),
                })
                .collect()
        } else {
            Vec::new()
        },
        remediated: if certified {
            remediation.done as u32
        } else {
            0
        },
        planned: if certified {
            remediation.total as u32
        } else {
            0
        },
        remediated_percent: if certified {
            remediation.percent()
        } else {
            None
        },
        target_percent: sujarit_core::integrity::control::REMEDIATION_KPI_PERCENT,
    }))
}
