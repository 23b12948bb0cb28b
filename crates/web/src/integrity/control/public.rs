//! `/o/{slug}/integrity/control?year=`: a certified year's evaluation for
//! the public: the certification (ปค.1), the components' results (ปค.4), the
//! ปค.5 rows with their improvements' progress and the share remediated, and
//! the public PDF (no committee, no names). Before ปค.1 is certified the page
//! says so and shows nothing else.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse};
use serde::Deserialize;
use sujarit_core::FiscalYear;
use sujarit_core::fiscal::thai_date;
use sujarit_core::integrity::control::{ControlYear, REMEDIATION_KPI_PERCENT};
use sujarit_reports::integrity::control::{ControlReport, control_pdf};

use super::super::{asked_year, organization};
use crate::AppState;
use crate::error::WebError;
use crate::state::Resources;
use crate::ui::{Crumb, Layout, Reply, Urls, org_crumbs};

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

pub struct ComponentLine {
    pub name: &'static str,
    pub result: &'static str,
}

pub struct RowLine {
    pub mission: String,
    pub remaining_risk: String,
    pub improvement: String,
    pub due_on: String,
    pub owner_unit: String,
    pub status: &'static str,
}

#[derive(Template)]
#[template(path = "integrity/control/public.html")]
pub struct PublicPage {
    pub layout: Layout,
    pub organization: String,
    pub year: u16,
    pub base: String,
    pub certified: Option<String>,
    pub conclusion: String,
    pub head_position: String,
    pub components: Vec<ComponentLine>,
    pub overall: String,
    pub rows: Vec<RowLine>,
    pub remediation: String,
    pub meets_kpi: Option<bool>,
    pub kpi: u32,
    pub reviewed: Option<String>,
    pub pdf_href: String,
}

async fn year_of(
    store: &AppState,
    config: &Resources,
    slug: &str,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<(sujarit_store::Organization, FiscalYear, ControlYear), WebError> {
    let org = organization(store, slug).await?;
    let asked = query.ok().and_then(|Query(q)| q.year);
    let year = asked_year(asked.as_deref(), config.clock.today()).map_err(WebError::BadRequest)?;
    let data = store.internal_control(&org.id, year).await?;
    Ok((org, year, data))
}

pub async fn page(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Reply {
    let (org, year, data) = year_of(&store, &config, &slug, query).await?;
    let urls = Urls::new(&org.slug);
    let title = format!("ผลการประเมินการควบคุมภายใน ปีงบประมาณ {}", year.be());
    let mut crumbs = org_crumbs(&org, &urls);
    crumbs.push(Crumb::link("ความโปร่งใสภายใน", urls.page("/integrity")));
    crumbs.push(Crumb::here(title.clone()));
    let cert = data.certification.as_ref();
    let remediation = data.remediation();
    let page = PublicPage {
        layout: Layout::new(title, crumbs),
        organization: org.name.clone(),
        year: year.be(),
        base: urls.page("/integrity/control"),
        certified: cert.map(|c| thai_date(c.certified_on)),
        conclusion: cert
            .map(|c| c.conclusion.thai().to_string())
            .unwrap_or_default(),
        head_position: cert.map(|c| c.head_position.clone()).unwrap_or_default(),
        components: data
            .components
            .iter()
            .flat_map(|c| c.ordered())
            .map(|c| ComponentLine {
                name: c.component.thai(),
                result: c.result.thai(),
            })
            .collect(),
        overall: data
            .components
            .as_ref()
            .map(|c| c.conclusion.clone())
            .unwrap_or_default(),
        rows: data
            .rows
            .iter()
            .map(|r| RowLine {
                mission: r.input.mission.clone(),
                remaining_risk: r.input.remaining_risk.clone(),
                improvement: r.input.improvement.clone(),
                due_on: r.input.due_on.map(thai_date).unwrap_or_else(|| "-".into()),
                owner_unit: r.input.owner_unit.clone(),
                status: if r.has_improvement() {
                    r.improvement.status.thai()
                } else {
                    "-"
                },
            })
            .collect(),
        remediation: remediation.thai(),
        meets_kpi: remediation.meets_kpi(),
        kpi: REMEDIATION_KPI_PERCENT,
        reviewed: data.review.as_ref().map(|r| thai_date(r.reviewed_on)),
        pdf_href: urls.page(&format!("/integrity/control/pdf?year={}", year.be())),
    };
    Ok(Html(page.render()?).into_response())
}

/// The public PDF (ปค.1, ปค.4, ปค.5, ปค.6; no committee), once certified.
pub async fn pdf(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Reply {
    let (org, year, data) = year_of(&store, &config, &slug, query).await?;
    if data.certification.is_none() {
        return Err(WebError::NotFound(format!(
            "ผลการประเมินการควบคุมภายในปีงบประมาณ {} ยังไม่ได้รับรอง",
            year.be()
        )));
    }
    let report = ControlReport {
        organization: org.name.clone(),
        year: data,
        public: true,
    };
    let bytes = tokio::task::spawn_blocking(move || control_pdf(&report, None))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(super::staff::attachment(
        bytes,
        "application/pdf",
        &format!("การควบคุมภายใน-{}.pdf", year.be()),
    ))
}
