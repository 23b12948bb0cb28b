//! `/o/{slug}/integrity/gifts?year=`: the yearly gift report, organisation
//! totals only. It never names a declarant, a giver or a unit (a unit's
//! figure could single a person out).

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use sujarit_core::FiscalYear;
use sujarit_core::integrity::gift::{
    GiftDecision, GiftKind, GiftReport, PERMITTED_VALUE_SOURCE, Tally,
};
use sujarit_store::{GiftScope, Organization};

use super::super::{asked_year, organization};
use crate::error::WebError;
use crate::ui::{Crumb, Layout, Urls, org_crumbs};
use crate::{AppState, Resources};

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

/// The year's report from the store: what the page, the CSV and the API
/// show.
pub(super) async fn year_report(
    store: &AppState,
    org: &Organization,
    year: FiscalYear,
) -> Result<GiftReport, WebError> {
    let permitted = store.gift_permitted_value(&org.id).await?;
    let declarations = store
        .gift_declarations(&org.id, Some(year), GiftScope::All)
        .await?;
    let nil = store.nil_returns(&org.id, year, None).await?;
    Ok(GiftReport::build(year, permitted, &declarations, &nil))
}

pub struct Line {
    pub label: &'static str,
    pub count: usize,
    pub value: String,
}

#[derive(Template)]
#[template(path = "integrity/gifts/public.html")]
pub struct PublicPage {
    pub layout: Layout,
    pub organization: String,
    pub year: u16,
    pub action: String,
    pub csv: String,
    pub permitted: String,
    pub source: &'static str,
    pub has_content: bool,
    pub total_count: usize,
    pub total_value: String,
    pub by_decision: Vec<Line>,
    pub by_kind: Vec<Line>,
    pub over_limit: Vec<Line>,
    pub over_limit_total: usize,
    pub pending_work: usize,
    pub awaiting: usize,
    pub nil_returns: Vec<(&'static str, usize)>,
    pub nil_total: usize,
}

/// The organisation, the year asked for and its report.
async fn asked(
    store: &AppState,
    config: &Resources,
    slug: &str,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<(Organization, FiscalYear, GiftReport), WebError> {
    let org = organization(store, slug).await?;
    let asked = query.ok().and_then(|Query(q)| q.year);
    let year = asked_year(asked.as_deref(), config.clock.today()).map_err(WebError::BadRequest)?;
    let report = year_report(store, &org, year).await?;
    Ok((org, year, report))
}

pub async fn page(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let (org, year, report) = asked(&store, &config, &slug, query).await?;
    let urls = Urls::new(&org.slug);
    let title = format!("รายงานการรับของขวัญและประโยชน์อื่นใด ปีงบประมาณ {}", year.be());
    let mut crumbs = org_crumbs(&org, &urls);
    crumbs.push(Crumb::link(
        "ความโปร่งใสภายใน",
        urls.page(&format!("/integrity?year={}", year.be())),
    ));
    crumbs.push(Crumb::here(title.clone()));
    let page = PublicPage {
        layout: Layout::new(title, crumbs),
        organization: org.name.clone(),
        year: year.be(),
        action: urls.page("/integrity/gifts"),
        csv: urls.page(&format!("/integrity/gifts.csv?year={}", year.be())),
        permitted: report.permitted_value.to_string(),
        source: PERMITTED_VALUE_SOURCE,
        has_content: report.has_content(),
        total_count: report.total.count,
        total_value: report.total.value.with_two_decimals(),
        by_decision: lines(&report.by_decision, GiftDecision::thai),
        by_kind: lines(&report.by_kind, GiftKind::thai),
        over_limit: lines(&report.over_limit, GiftDecision::thai),
        over_limit_total: report.over_limit_total,
        pending_work: report.pending_work,
        awaiting: report.awaiting_decision,
        nil_returns: report
            .nil_returns
            .iter()
            .map(|(r, n)| (r.thai(), *n))
            .collect(),
        nil_total: report.nil_returns_total,
    };
    Ok(Html(page.render()?).into_response())
}

fn lines<K: Copy>(list: &[(K, Tally)], label: fn(K) -> &'static str) -> Vec<Line> {
    list.iter()
        .map(|(k, t)| Line {
            label: label(*k),
            count: t.count,
            value: t.value.with_two_decimals(),
        })
        .collect()
}

pub async fn csv(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let (_, year, report) = asked(&store, &config, &slug, query).await?;
    let bytes = sujarit_reports::integrity::gifts::csv(&report)
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"gifts-{}.csv\"", year.be()),
            ),
        ],
        bytes,
    )
        .into_response())
}
