//! What citizens see of progress: published reports only, per dimension with
//! charts (`/o/{slug}/progress`), on each item's page, and the evidence files
//! of published reports.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use serde::Deserialize;
use sujarit_core::fiscal::FiscalYear;
use sujarit_core::progress::{ReviewState, Round};
use sujarit_core::scores;

use super::Resources;
use super::view::public::build;
use crate::error::WebError;
use crate::{AppState, format};

#[derive(Deserialize)]
pub struct PublicQuery {
    year: Option<String>,
    round: Option<String>,
}

pub async fn page(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
    query: Result<Query<PublicQuery>, QueryRejection>,
) -> Result<Html<String>, WebError> {
    let Query(query) = query.map_err(|_| bad_choice())?;
    let org = store
        .organization_by_slug(&slug)
        .await?
        .ok_or_else(|| WebError::NotFound("ไม่พบองค์กรนี้".into()))?;
    let (_, report) = store
        .current_plan(&org.id)
        .await?
        .ok_or_else(|| WebError::NotFound(format!("ไม่พบแผนปฏิบัติการที่เผยแพร่ของ{}", org.name)))?;
    let plan = report.plan;
    let period = plan.period;
    let today_year = FiscalYear::of(config.clock.today()).be();
    let year = match query
        .year
        .as_deref()
        .map(str::trim)
        .filter(|y| !y.is_empty())
    {
        Some(text) => format::parse_fiscal_year(text).ok_or_else(bad_choice)?,
        None => today_year.clamp(
            period.first_fiscal_year,
            period.last_fiscal_year.max(period.first_fiscal_year),
        ),
    };
    let round = match query
        .round
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        Some(text) => Round::parse(text).ok_or_else(bad_choice)?,
        None => Round::default_for(year, config.clock.today()),
    };
    let reports = store.published_reports(&org.id, year).await?;
    let actuals = store.target_actuals(&org.id).await?;
    let page = build(
        &org,
        &plan,
        year,
        round,
        &reports,
        &scores::target_lines(&plan.targets, &actuals, period),
    );
    Ok(Html(page.render()?))
}

fn bad_choice() -> WebError {
    WebError::BadRequest(
        "ปีงบประมาณหรือรอบที่เลือกไม่ถูกต้อง (ปี พ.ศ. 4 หลัก (2400–2700) และรอบ 6m หรือ 12m)".into(),
    )
}

// ---------------------------------------------------------------------------
// On the item page

// ---------------------------------------------------------------------------
// Evidence files

/// A published report's evidence file, to anyone.
pub async fn evidence(
    State(store): State<AppState>,
    config: Resources,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let not_found = || WebError::NotFound("ไม่พบไฟล์หลักฐานนี้ หรือยังไม่ได้เผยแพร่".into());
    let org = store
        .organization_by_slug(&slug)
        .await?
        .ok_or_else(not_found)?;
    let record = store.evidence(&org.id, &id).await?.ok_or_else(not_found)?;
    if record.review != ReviewState::Published {
        return Err(not_found());
    }
    crate::ui::file_response(&config, &record.evidence).await
}
