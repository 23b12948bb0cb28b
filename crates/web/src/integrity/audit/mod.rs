//! The internal audit (issue 14, measure 4.1): `/staff/integrity/audit` (the
//! auditor's year: the annual plan, engagements with the auditor's
//! independence declaration, findings, follow-up rounds, the report to
//! executives and publishing its public version; `staff.rs`), the public
//! page and PDF `/o/{slug}/integrity/audit?year=` (`public.rs`) and the
//! JSON API (`api.rs`). The rules are core's (`integrity::audit`); the
//! auditor (`Permission::WriteInternalAudit`) writes, the roles that read
//! the integrity registers read the full version.

mod api;
mod public;
mod staff;

use std::collections::BTreeMap;

use axum::Router;
use axum::routing::{get, post};
use sujarit_core::account::{Actor, Permission};
use sujarit_core::integrity::audit::AuditYear;
use sujarit_reports::integrity::audit::{AuditReport, AuditVersion};
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::error::WebError;
use crate::ui::StaffLink;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/integrity/audit", get(staff::year_page))
        .route("/staff/integrity/audit/{year}/plan", post(staff::save_plan))
        .route(
            "/staff/integrity/audit/{year}/engagements",
            post(staff::add_engagement),
        )
        .route(
            "/staff/integrity/audit/{year}/engagements/{id}",
            get(staff::engagement_page),
        )
        .route(
            "/staff/integrity/audit/{year}/engagements/{id}/independence",
            post(staff::declare),
        )
        .route(
            "/staff/integrity/audit/{year}/engagements/{id}/status",
            post(staff::set_status),
        )
        .route(
            "/staff/integrity/audit/{year}/engagements/{id}/findings",
            post(staff::add_finding),
        )
        .route(
            "/staff/integrity/audit/{year}/engagements/{id}/findings/{finding}/follow-ups",
            post(staff::add_follow_up),
        )
        .route(
            "/staff/integrity/audit/{year}/publish",
            post(staff::publish),
        )
        .route(
            "/staff/integrity/audit/{year}/report.pdf",
            get(staff::report_pdf),
        )
        .route("/o/{slug}/integrity/audit", get(public::page))
        .route(
            "/o/{slug}/integrity/audit/report.pdf",
            get(public::report_pdf),
        )
}

pub(crate) fn api_routes() -> OpenApiRouter<AppState> {
    api::routes()
}

pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    if actor.has(Permission::ReadIntegrityRegisters) {
        vec![StaffLink {
            label: "การตรวจสอบภายใน",
            href: "/staff/integrity/audit",
            description: "แผนการตรวจสอบภายในประจำปี งานตรวจสอบ ข้อตรวจพบ การติดตามผล และรายงานเสนอผู้บริหาร",
        }]
    } else {
        Vec::new()
    }
}

/// A fiscal year in a staff path: BE, 2400–2700, else a 404.
fn path_year(text: &str) -> Result<u16, WebError> {
    crate::format::parse_fiscal_year(text)
        .ok_or_else(|| WebError::NotFound("ไม่พบปีงบประมาณนี้".into()))
}

/// Unit names by id.
async fn unit_names(store: &AppState, org: &str) -> Result<BTreeMap<String, String>, WebError> {
    Ok(store
        .units(org)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// The year's audit, or an empty one.
async fn year_of(store: &AppState, org: &str, year: u16) -> Result<AuditYear, WebError> {
    Ok(store
        .internal_audit(org, year)
        .await?
        .unwrap_or_else(|| AuditYear::new(year)))
}

/// The year's report as a PDF.
async fn report_pdf_bytes(report: AuditReport, version: AuditVersion) -> Result<Vec<u8>, WebError> {
    tokio::task::spawn_blocking(move || {
        sujarit_reports::integrity::audit::internal_audit_pdf(&report, version)
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
    .map_err(|e| WebError::Internal(e.to_string()))
}

fn pdf_response(bytes: Vec<u8>, file_name: &str) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    let disposition = format!(
        "inline; filename=\"report.pdf\"; filename*=UTF-8''{}",
        crate::format::path_segment(file_name)
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
