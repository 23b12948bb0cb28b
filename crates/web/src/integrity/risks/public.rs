//! The public pages: `/o/{slug}/integrity/risks?year=` (risk events, levels,
//! controls with links to the plan items, the heat map and the monitoring
//! results) and `/o/{slug}/integrity/measures?year=` (the internal measures
//! and their results). The pages the information centre's generated items
//! stand for.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};

use super::staff::{YearQuery, item_href, matrices};
use super::view::{EntryView, HeatMap, MeasureView, entry_view, heat_map, measure_view};
use crate::error::WebError;
use crate::ui::{Crumb, Layout, Urls, org_crumbs};
use crate::{AppState, Resources};

#[derive(Template)]
#[template(path = "integrity/risks/public_risks.html")]
pub struct RisksPage {
    pub layout: Layout,
    pub organization: String,
    pub year: u16,
    pub base: String,
    pub measures_href: String,
    pub map: HeatMap,
    pub rows: Vec<EntryView>,
}

#[derive(Template)]
#[template(path = "integrity/risks/public_measures.html")]
pub struct MeasuresPage {
    pub layout: Layout,
    pub organization: String,
    pub year: u16,
    pub base: String,
    pub risks_href: String,
    pub rows: Vec<MeasureView>,
}

fn crumbs(org: &sujarit_store::Organization, urls: &Urls, year: u16, title: &str) -> Vec<Crumb> {
    let mut crumbs = org_crumbs(org, urls);
    crumbs.push(Crumb::link(
        "ความโปร่งใสภายใน",
        urls.page(&format!("/integrity?year={year}")),
    ));
    crumbs.push(Crumb::here(title));
    crumbs
}

pub async fn risks(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let org = super::super::organization(&store, &slug).await?;
    let asked = query.ok().and_then(|Query(q)| q.year().map(String::from));
    let year = super::staff::year_of(asked.as_deref(), config.clock.today())?;
    let entries = store.risk_entries(&org.id, year).await?;
    let (_, current) = store.risk_matrix(&org.id).await?;
    let by_version = matrices(&store, &org.id, &entries).await?;
    let measures = store.measures(&org.id, year).await?;
    let urls = Urls::new(&org.slug);
    let link = item_href(&urls);
    let rows = entries
        .iter()
        .map(|e| {
            let matrix = by_version.get(&e.matrix_version).unwrap_or(&current);
            entry_view(e, matrix, String::new(), &link, &measures)
        })
        .collect();
    let title = format!("การประเมินความเสี่ยงการทุจริต ปีงบประมาณ {year}");
    let page = RisksPage {
        layout: Layout::new(title.clone(), crumbs(&org, &urls, year, &title)),
        organization: org.name.clone(),
        year,
        base: urls.page("/integrity/risks"),
        measures_href: urls.page(&format!("/integrity/measures?year={year}")),
        map: heat_map(&current, &entries),
        rows,
    };
    Ok(Html(page.render()?).into_response())
}

pub async fn measures(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let org = super::super::organization(&store, &slug).await?;
    let asked = query.ok().and_then(|Query(q)| q.year().map(String::from));
    let year = super::staff::year_of(asked.as_deref(), config.clock.today())?;
    let measures = store.measures(&org.id, year).await?;
    let entries = store.risk_entries(&org.id, year).await?;
    let urls = Urls::new(&org.slug);
    let title = format!("มาตรการภายใน ปีงบประมาณ {year}");
    let page = MeasuresPage {
        layout: Layout::new(title.clone(), crumbs(&org, &urls, year, &title)),
        organization: org.name.clone(),
        year,
        base: urls.page("/integrity/measures"),
        risks_href: urls.page(&format!("/integrity/risks?year={year}")),
        rows: measures
            .iter()
            .map(|m| measure_view(m, String::new(), &entries))
            .collect(),
    };
    Ok(Html(page.render()?).into_response())
}
