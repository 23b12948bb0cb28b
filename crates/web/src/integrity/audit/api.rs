//! The internal audit in JSON: the public version of a year's report only
//! (no personal names; summary-only findings by their summary), empty until
//! the auditor publishes it.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{unit_names, year_of};
use crate::AppState;
use crate::integrity::organization;
use crate::json::{ApiError, ErrorBody};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(audit))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// The fiscal year in BE, e.g. 2569.
    #[param(value_type = u16, minimum = 2400, maximum = 2700, example = 2569)]
    pub fiscal_year: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditOut {
    pub organization: String,
    pub fiscal_year: u16,
    /// Whether the year's public report is published; when not, no
    /// engagement is listed.
    pub published: bool,
    /// Who approved the annual audit plan (a position), and when (ISO date).
    pub plan_approved_by: Option<String>,
    pub plan_approved_on: Option<String>,
    pub engagements: Vec<AuditEngagementOut>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditEngagementOut {
    /// The auditee unit.
    pub unit: String,
    /// budget, finance, procurement, assets or other.
    pub area: String,
    pub area_label: String,
    /// The period audited (ISO dates).
    pub period_from: String,
    pub period_to: String,
    /// planned, in_progress or reported.
    pub status: String,
    pub status_label: String,
    /// Always the role, never a name.
    pub auditor: String,
    pub findings_count: usize,
    pub findings: Vec<AuditFindingOut>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditFindingOut {
    /// The finding as published: in full (criterion, condition, cause,
    /// effect) or the auditor's summary.
    pub public_text: String,
    pub summary_only: bool,
    /// The recommendation, when the finding is public in full.
    pub recommendation: Option<String>,
    /// not_started, in_progress, implemented or not_implemented.
    pub follow_up_status: String,
    pub follow_up_label: String,
    /// The latest follow-up round (ISO date).
    pub follow_up_on: Option<String>,
}

/// The public version of an organisation's internal audit report of a
/// fiscal year.
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/audit", tag = "integrity",
    params(("slug" = String, Path, description = "รหัสองค์กร"), AuditQuery),
    responses((status = 200, body = AuditOut), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn audit(
    State(store): State<AppState>,
    Path(slug): Path<String>,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<AuditOut>, ApiError> {
    let year =
        super::super::api_fiscal_year(query.as_ref().ok().map(|Query(q)| q.fiscal_year.as_str()))?;
    let org = organization(&store, &slug)
        .await
        .map_err(ApiError::from_web)?;
    let audit = year_of(&store, &org.id, year)
        .await
        .map_err(ApiError::from_web)?;
    if !audit.published {
        return Ok(Json(AuditOut {
            organization: org.name,
            fiscal_year: year,
            published: false,
            plan_approved_by: None,
            plan_approved_on: None,
            engagements: Vec::new(),
        }));
    }
    let units = unit_names(&store, &org.id)
        .await
        .map_err(ApiError::from_web)?;
    let public = audit.public(|id| units.get(id).cloned().unwrap_or_default());
    Ok(Json(AuditOut {
        organization: org.name,
        fiscal_year: year,
        published: true,
        plan_approved_by: Some(public.plan_approved_by.clone()),
        plan_approved_on: public.plan_approved_on.map(|d| d.to_string()),
        engagements: public
            .engagements
            .into_iter()
            .map(|e| AuditEngagementOut {
                unit: e.unit,
                area: e.area.as_str().into(),
                area_label: e.area.thai().into(),
                period_from: e.period_from.to_string(),
                period_to: e.period_to.to_string(),
                status: e.status.as_str().into(),
                status_label: e.status.thai().into(),
                auditor: e.auditor.into(),
                findings_count: e.findings.len(),
                findings: e
                    .findings
                    .into_iter()
                    .map(|f| AuditFindingOut {
                        public_text: f.text,
                        summary_only: !f.in_full,
                        recommendation: f.recommendation,
                        follow_up_status: f.follow_up.as_str().into(),
                        follow_up_label: f.follow_up.thai().into(),
                        follow_up_on: f.follow_up_on.map(|d| d.to_string()),
                    })
                    .collect(),
            })
            .collect(),
    }))
}
