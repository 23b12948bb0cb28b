//! What citizens see of activities: the calendar of a fiscal year and each
//! published activity's page (what, when, where, how many, photos). Nothing
//! here names a participant.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use sujarit_core::activity::Activity;
use sujarit_core::fiscal::FiscalYear;
use sujarit_store::Organization;

use super::view;
use crate::AppState;
use crate::error::WebError;
use crate::format;
use crate::state::Resources;

#[derive(Deserialize)]
pub struct CalendarQuery {
    year: Option<String>,
}

pub(crate) async fn organization(store: &AppState, slug: &str) -> Result<Organization, WebError> {
    store
        .organization_by_slug(slug)
        .await?
        .ok_or_else(|| WebError::NotFound("ไม่พบองค์กรนี้".into()))
}

/// The published activities of a fiscal year, by first day.
pub(crate) async fn published(
    store: &AppState,
    org: &Organization,
    year: u16,
) -> Result<Vec<Activity>, WebError> {
    Ok(store
        .activities(&org.id, year, None)
        .await?
        .into_iter()
        .filter(|a| a.published)
        .collect())
}

pub async fn calendar(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
    query: Result<Query<CalendarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let org = organization(&store, &slug).await?;
    let asked = query
        .ok()
        .and_then(|Query(q)| q.year)
        .filter(|y| !y.trim().is_empty());
    let year = match asked {
        Some(text) => format::parse_fiscal_year(&text).ok_or_else(|| {
            WebError::BadRequest("ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569".into())
        })?,
        None => FiscalYear::of(config.clock.today()).be(),
    };
    let plan = store.current_plan(&org.id).await?.map(|(_, r)| r.plan);
    let mut years: Vec<u16> = plan.map(|p| p.period.years().collect()).unwrap_or_default();
    if !years.contains(&year) {
        years.push(year);
        years.sort_unstable();
    }
    let activities = published(&store, &org, year).await?;
    let page = view::calendar_page(&org, year, years, &activities);
    Ok(Html(page.render()?).into_response())
}

async fn published_activity(
    store: &AppState,
    org: &Organization,
    id: &str,
) -> Result<Activity, WebError> {
    store
        .activity(&org.id, id)
        .await?
        .filter(|a| a.published)
        .ok_or_else(|| WebError::NotFound("ไม่พบกิจกรรมนี้ หรือยังไม่ได้เผยแพร่".into()))
}

pub async fn page(
    State(store): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let org = organization(&store, &slug).await?;
    let activity = published_activity(&store, &org, &id).await?;
    let plan = store.current_plan(&org.id).await?.map(|(_, r)| r.plan);
    let item = plan.as_ref().and_then(|p| p.item(activity.input.item));
    let mut activity = activity;
    activity
        .photos
        .retain(|f| f.media_type.starts_with("image/"));
    let page = view::activity_page(&org, &activity, item);
    Ok(Html(page.render()?).into_response())
}

pub async fn file(
    State(store): State<AppState>,
    config: Resources,
    Path((slug, id, file)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    let org = organization(&store, &slug).await?;
    let mut activity = published_activity(&store, &org, &id).await?;
    // Only photos are public: materials may be a scanned paper sign-in
    // sheet with names and signatures.
    activity
        .photos
        .retain(|f| f.media_type.starts_with("image/"));
    super::staff::serve_file(&config, &activity, &file).await
}
