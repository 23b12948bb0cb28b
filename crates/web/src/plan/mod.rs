//! The public plan pages: the portal's home, each organisation's plan, its
//! yearly schedules, each item (with its published progress) and the
//! findings; the official report files (`downloads`) and the plan's JSON API.
//! Thin handlers: load, build a view model (`views`), render.

use crate::replica::ReadStore;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::routing::get;
use serde::Deserialize;
use sujarit_core::{PlanReport, Severity};
use sujarit_store::{Organization, PlanVersion, Store};

use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::{Page, StaffLink, render};
use crate::{AppState, format};
use sujarit_core::account::{Actor, Permission};

pub(crate) mod api;
mod downloads;
mod progress;
mod views;

/// The plan pages' routes.
/// This feature's sections of an organisation's public menu.
pub(crate) fn public_links(urls: &crate::ui::Urls) -> Vec<(&'static str, String)> {
    vec![("แผน", urls.plan()), ("รายงาน", urls.page("/reports"))]
}

/// An organisation's public sections, (label, href), as the composition
/// root assembles them from every feature (the home page lists them).
pub(crate) type Sections = fn(&crate::ui::Urls) -> Vec<(&'static str, String)>;

pub(crate) fn routes(sections: Sections) -> Router<AppState> {
    Router::new()
        .route(
            "/",
            get(
                move |store: ReadStore, query: Result<Query<HomeQuery>, QueryRejection>| {
                    home(store, query, sections)
                },
            ),
        )
        .route("/o/{slug}", get(plan_overview))
        .route("/o/{slug}/schedule/{fiscal_year}", get(schedule))
        .route("/o/{slug}/items/{item_ref}", get(item))
        .route("/o/{slug}/findings", get(findings))
        .route("/staff/findings", get(staff_findings))
        .merge(downloads::routes())
}

/// This feature's entry in the staff menu: the document check, which the
/// public plan page shows below the plan, is a plan coordinator's to-do.
pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    if actor.has(Permission::Review) {
        vec![StaffLink {
            label: "ผลการตรวจสอบเอกสารแผน",
            href: "/staff/findings",
            description: "ข้อสังเกตที่ระบบพบเมื่อนำเข้าเอกสารแผน เช่น ยอดรวมหรือชื่อรายการที่ไม่ตรงกัน เพื่อแก้ไขเอกสารฉบับต่อไป",
        }]
    } else {
        Vec::new()
    }
}

/// `GET /staff/findings`: the coordinator's way to the organisation's findings.
async fn staff_findings(staff: CurrentStaff) -> Result<axum::response::Redirect, WebError> {
    staff.require(Permission::Review)?;
    Ok(axum::response::Redirect::to(&format!(
        "/o/{}/findings",
        format::path_segment(&staff.organization.slug)
    )))
}

#[derive(Deserialize)]
struct HomeQuery {
    q: Option<String>,
}

/// `GET /`: every organisation, or on an installation of more than
/// `LIST_AT_MOST` a search by name (`?q=`) and the national comparison.
async fn home(
    store: ReadStore,
    query: Result<Query<HomeQuery>, QueryRejection>,
    sections: Sections,
) -> Page {
    use views::home::{LIST_AT_MOST, MATCHES_AT_MOST};
    let total = store.organization_count().await?;
    if total <= LIST_AT_MOST {
        // The oversight offices have no plan to show: not listed.
        let mut organizations = Vec::new();
        for organization in store.organizations().await? {
            let office = store
                .directory_entry(&organization.id)
                .await?
                .is_some_and(|entry| entry.kind.is_office());
            if !office {
                organizations.push(organization);
            }
        }
        return render(views::home::build(&organizations, sections));
    }
    let text: String = query
        .ok()
        .and_then(|Query(q)| q.q)
        .unwrap_or_default()
        .trim()
        .chars()
        .take(200)
        .collect();
    if text.is_empty() {
        return render(views::home::build_search(total, "", None, sections));
    }
    let found = store.find_organizations(&text, MATCHES_AT_MOST).await?;
    render(views::home::build_search(
        total,
        &text,
        Some(&found),
        sections,
    ))
}

async fn plan_overview(store: ReadStore, Path(slug): Path<String>) -> Page {
    let org = organization(store.as_ref(), &slug).await?;
    match store.current_plan(&org.id).await? {
        Some((version, report)) => render(views::plan::build(&org, &version, &report)),
        None => render(views::plan::no_plan(&org)),
    }
}

async fn schedule(store: ReadStore, Path((slug, year)): Path<(String, String)>) -> Page {
    let year = format::parse_fiscal_year(&year).ok_or_else(|| {
        WebError::BadRequest("ปีงบประมาณในที่อยู่ไม่ถูกต้อง ต้องเป็นปี พ.ศ. สี่หลัก เช่น 2566".into())
    })?;
    let (org, _, report) = current_plan(store.as_ref(), &slug).await?;
    let schedule = report
        .plan
        .schedules
        .iter()
        .find(|s| s.fiscal_year == year)
        .ok_or_else(|| WebError::NotFound(format!("ไม่พบตารางแผนปฏิบัติการของปีงบประมาณ {year}")))?;
    render(views::schedule::build(&org, &report.plan, schedule))
}

async fn item(store: ReadStore, Path((slug, item_ref)): Path<(String, String)>) -> Page {
    let r = format::parse_item_ref(&item_ref).ok_or_else(|| {
        WebError::BadRequest("เลขที่รายการไม่ถูกต้อง ต้องเขียนเป็นเลขมิติจุดลำดับ เช่น 2.19".into())
    })?;
    let (org, _, report) = current_plan(store.as_ref(), &slug).await?;
    let item = report
        .plan
        .item(r)
        .ok_or_else(|| WebError::NotFound(format!("ไม่พบรายการที่ {r} ในแผนนี้")))?;
    let mut page = views::item::build(&org, &report, item);
    page.progress = progress::item_progress(&*store, &org, &report.plan, r).await?;
    page.activities = progress::item_activities(&*store, &org, &report.plan, r).await?;
    page.progress_href = Some(format!(
        "{}/progress",
        crate::ui::Urls::new(&org.slug).plan()
    ));
    render(page)
}

#[derive(Deserialize)]
pub struct FindingsQuery {
    severity: Option<String>,
}

async fn findings(
    store: ReadStore,
    Path(slug): Path<String>,
    query: Result<Query<FindingsQuery>, QueryRejection>,
) -> Page {
    let Query(query) = query.map_err(|_| bad_severity())?;
    // An empty value is what a plain form sends for "all".
    let only = match query.severity.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(Severity::parse(s).ok_or_else(bad_severity)?),
    };
    let (org, _, report) = current_plan(store.as_ref(), &slug).await?;
    render(views::findings::build(&org, &report, only))
}

fn bad_severity() -> WebError {
    WebError::BadRequest("ระดับที่เลือกไม่ถูกต้อง ต้องเป็น error, warning หรือ info".into())
}

async fn organization(store: &dyn Store, slug: &str) -> Result<Organization, WebError> {
    store
        .organization_by_slug(slug)
        .await?
        .ok_or_else(|| WebError::NotFound("ไม่พบองค์กรที่ระบุ".into()))
}

pub(crate) async fn current_plan(
    store: &dyn Store,
    slug: &str,
) -> Result<(Organization, PlanVersion, PlanReport), WebError> {
    let org = organization(store, slug).await?;
    let (version, report) = store
        .current_plan(&org.id)
        .await?
        .ok_or_else(|| WebError::NotFound(format!("ไม่พบแผนปฏิบัติการที่เผยแพร่ของ{}", org.name)))?;
    Ok((org, version, report))
}
