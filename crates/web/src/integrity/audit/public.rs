//! `/o/{slug}/integrity/audit?year=`: the public version of a year's
//! internal audit report, once the auditor published it (HTML and PDF). No
//! personal name: the auditor is shown by the role; findings marked
//! summary-only by their summary.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use sujarit_core::fiscal::thai_date;
use sujarit_core::integrity::audit::PublicAudit;
use sujarit_reports::integrity::audit::{AuditReport, AuditVersion};

use super::{pdf_response, report_pdf_bytes, unit_names, year_of};
use crate::error::WebError;
use crate::integrity::{asked_year, organization};
use crate::ui::{Crumb, Layout, Urls, org_crumbs};
use crate::{AppState, Resources};

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

pub struct FindingRow {
    pub text: String,
    pub summary_only: bool,
    pub recommendation: String,
    pub follow_up: String,
}

pub struct EngagementRow {
    pub no: usize,
    pub unit: String,
    pub area: &'static str,
    pub scope: String,
    pub period: String,
    pub auditor: &'static str,
    pub status: &'static str,
    pub findings: Vec<FindingRow>,
}

#[derive(Template)]
#[template(path = "integrity/audit/public.html")]
pub struct PublicPage {
    pub layout: Layout,
    pub organization: String,
    pub year: u16,
    pub base: String,
    pub published: bool,
    pub approved: String,
    pub engagements: Vec<EngagementRow>,
    pub pdf_href: String,
}

pub(super) fn rows(public: PublicAudit) -> Vec<EngagementRow> {
    public
        .engagements
        .into_iter()
        .enumerate()
        .map(|(i, e)| EngagementRow {
            no: i + 1,
            unit: e.unit,
            area: e.area.thai(),
            scope: e.scope,
            period: format!("{} – {}", thai_date(e.period_from), thai_date(e.period_to)),
            auditor: e.auditor,
            status: e.status.thai(),
            findings: e
                .findings
                .into_iter()
                .map(|f| FindingRow {
                    text: f.text,
                    summary_only: !f.in_full,
                    recommendation: f.recommendation.unwrap_or_default(),
                    follow_up: match f.follow_up_on {
                        Some(on) => format!("{} (ณ {})", f.follow_up.thai(), thai_date(on)),
                        None => f.follow_up.thai().to_string(),
                    },
                })
                .collect(),
        })
        .collect()
}

async fn load(
    store: &AppState,
    config: &Resources,
    slug: &str,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<(sujarit_store::Organization, u16, Option<AuditReport>), WebError> {
    let org = organization(store, slug).await?;
    let asked = query.ok().and_then(|Query(q)| q.year);
    let year = asked_year(asked.as_deref(), config.clock.today())
        .map_err(WebError::BadRequest)?
        .be();
    let audit = year_of(store, &org.id, year).await?;
    let report = if audit.published {
        Some(AuditReport {
            organization: org.name.clone(),
            year: audit,
            units: unit_names(store, &org.id).await?,
            staff: Default::default(),
        })
    } else {
        None
    };
    Ok((org, year, report))
}

pub async fn page(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let (org, year, report) = load(&store, &config, &slug, query).await?;
    let urls = Urls::new(&org.slug);
    let title = format!("รายงานผลการตรวจสอบภายใน ปีงบประมาณ {year}");
    let mut crumbs = org_crumbs(&org, &urls);
    crumbs.push(Crumb::link(
        "ความโปร่งใสภายใน",
        urls.page(&format!("/integrity?year={year}")),
    ));
    crumbs.push(Crumb::here(title.clone()));
    let (approved, engagements) = match &report {
        Some(r) => {
            let public = r
                .year
                .public(|id| r.units.get(id).cloned().unwrap_or_default());
            let approved = match public.plan_approved_on {
                Some(on) => format!("{} เมื่อ {}", public.plan_approved_by, thai_date(on)),
                None => public.plan_approved_by.clone(),
            };
            (approved, rows(public))
        }
        None => (String::new(), Vec::new()),
    };
    let page = PublicPage {
        layout: Layout::new(title, crumbs),
        organization: org.name.clone(),
        year,
        base: urls.page("/integrity/audit"),
        published: report.is_some(),
        approved,
        engagements,
        pdf_href: urls.page(&format!("/integrity/audit/report.pdf?year={year}")),
    };
    Ok(Html(page.render()?).into_response())
}

pub async fn report_pdf(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let (_, year, report) = load(&store, &config, &slug, query).await?;
    let report = report.ok_or_else(|| {
        WebError::NotFound(format!(
            "ยังไม่มีรายงานผลการตรวจสอบภายในฉบับเผยแพร่ของปีงบประมาณ {year}"
        ))
    })?;
    let bytes = report_pdf_bytes(report, AuditVersion::Public).await?;
    Ok(pdf_response(
        bytes,
        &format!("รายงานผลการตรวจสอบภายใน-{year}.pdf"),
    ))
}
