//! Search (issue 13): an organisation's public search (`/o/{slug}/search`:
//! plan items, the information centre, published progress) and the staff
//! search (`/staff/search`: the same, and general complaints for those who
//! may read them). Words are cut by core's dictionary segmenter on both the
//! index and the query (`sujarit_core::search`); the index is the store's
//! (`SearchStore`), brought up to date before each search.

pub(crate) mod api;

use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use serde::Deserialize;
use sujarit_core::account::{Actor, Permission};
use sujarit_core::search::{self, SearchKind, SearchScope};
use sujarit_store::{Organization, SearchHit, SearchResults};

use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::format;
use crate::ui::{Crumb, Layout, Reply, StaffBar, StaffLink, Urls, org_crumbs, staff_layout};

/// Results per page.
pub(crate) const PAGE_SIZE: u32 = 20;

/// The last page that may be asked for (20 × 50 results).
pub(crate) const MAX_PAGE: u32 = 50;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/search", get(public_page))
        .route("/staff/search", get(staff_page))
}

/// This feature's section of an organisation's public menu.
pub(crate) fn public_links(urls: &Urls) -> Vec<(&'static str, String)> {
    vec![("ค้นหา", urls.page("/search"))]
}

/// This feature's entry in the staff menu.
pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    vec![StaffLink {
        label: "ค้นหา",
        href: "/staff/search",
        description: if actor.has(Permission::ReadGeneralComplaints) {
            "ค้นหารายการในแผน ศูนย์ข้อมูลข่าวสาร ผลการดำเนินงาน และเรื่องร้องเรียนทั่วไป (รหัสอ้างอิง เรื่อง รายละเอียด)"
        } else {
            "ค้นหารายการในแผน ศูนย์ข้อมูลข่าวสาร และผลการดำเนินงานที่เผยแพร่"
        },
    }]
}

#[derive(Deserialize, Default)]
pub struct SearchParams {
    q: Option<String>,
    page: Option<String>,
}

/// A request's query and page, checked: `None` when nothing was asked yet.
pub(crate) struct Asked {
    pub query: search::Query,
    pub page: u32,
}

/// The page number as typed ("1" when absent), or a Thai message.
pub(crate) fn parse_page(text: Option<&str>) -> Result<u32, String> {
    match text.map(str::trim) {
        None | Some("") => Ok(1),
        Some(t) => t
            .parse::<u32>()
            .ok()
            .filter(|p| (1..=MAX_PAGE).contains(p))
            .ok_or_else(|| format!("เลขหน้าไม่ถูกต้อง ใช้ตัวเลข 1–{MAX_PAGE}")),
    }
}

/// What was asked: nothing (`Ok(None)`: the empty form), a query, or a Thai
/// message about `q` or `page`.
pub(crate) fn asked(params: &SearchParams) -> Result<Option<Asked>, String> {
    let page = parse_page(params.page.as_deref())?;
    match params.q.as_deref() {
        None => Ok(None),
        Some(q) => {
            let query = search::Query::parse(q).map_err(|e| e.message)?;
            Ok(Some(Asked { query, page }))
        }
    }
}

/// Brings the index up to date and searches it.
pub(crate) async fn run(
    store: &AppState,
    org: &Organization,
    asked: &Asked,
    scope: SearchScope,
) -> Result<SearchResults, WebError> {
    store.refresh_search_index(&org.id).await?;
    Ok(store
        .search(
            &org.id,
            &asked.query,
            scope,
            PAGE_SIZE,
            (asked.page - 1) * PAGE_SIZE,
        )
        .await?)
}

/// Where a result is shown: public pages for public kinds, the case page
/// for a complaint.
pub(crate) fn hit_href(slug: &str, hit: &SearchHit) -> String {
    let urls = Urls::new(slug);
    match hit.kind {
        SearchKind::PlanItem => urls.page(&format!("/items/{}", format::path_segment(&hit.key))),
        SearchKind::Progress => {
            let item = hit.key.rsplit('/').next().unwrap_or_default();
            urls.page(&format!("/items/{}", format::path_segment(item)))
        }
        SearchKind::Disclosure => {
            let (year, code) = hit.key.split_once('/').unwrap_or(("", &hit.key));
            urls.page(&format!(
                "/info?year={}#item-{}",
                format::path_segment(year),
                format::path_segment(code)
            ))
        }
        SearchKind::Complaint => format!("/staff/complaints/{}", format::path_segment(&hit.key)),
        SearchKind::Risk | SearchKind::Measure => {
            let (year, id) = hit.key.split_once('/').unwrap_or(("", &hit.key));
            let (page, anchor) = match hit.kind {
                SearchKind::Risk => ("risks", "r"),
                _ => ("measures", "m"),
            };
            urls.page(&format!(
                "/integrity/{page}?year={}#{anchor}-{}",
                format::path_segment(year),
                format::path_segment(id)
            ))
        }
    }
}

pub struct HitView {
    pub title: String,
    pub excerpt: String,
    pub href: String,
}

pub struct HitGroup {
    pub heading: &'static str,
    pub hits: Vec<HitView>,
}

pub struct PageLink {
    pub label: String,
    pub href: Option<String>,
}

#[derive(Template)]
#[template(path = "search/page.html")]
pub struct SearchPage {
    pub layout: Layout,
    pub bar: Option<StaffBar>,
    pub heading: String,
    pub action: String,
    pub q: String,
    pub error: Option<String>,
    pub searched: bool,
    pub total: u64,
    pub first: u64,
    pub last: u64,
    pub groups: Vec<HitGroup>,
    pub pages: Vec<PageLink>,
    pub scope_note: &'static str,
}

/// The results of one page, grouped by kind (in the kinds' order, best
/// first within each).
fn groups(slug: &str, results: &SearchResults) -> Vec<HitGroup> {
    SearchKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let hits: Vec<HitView> = results
                .hits
                .iter()
                .filter(|h| h.kind == kind)
                .map(|h| HitView {
                    title: h.title.clone(),
                    excerpt: h.excerpt.clone(),
                    href: hit_href(slug, h),
                })
                .collect();
            (!hits.is_empty()).then_some(HitGroup {
                heading: kind.thai(),
                hits,
            })
        })
        .collect()
}

/// Links to the pages of `total` results, `page` the current one.
fn pager(action: &str, q: &str, page: u32, total: u64) -> Vec<PageLink> {
    let pages = total
        .div_ceil(u64::from(PAGE_SIZE))
        .min(u64::from(MAX_PAGE)) as u32;
    if pages <= 1 {
        return Vec::new();
    }
    let href = |p: u32| {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("q", q)
            .append_pair("page", &p.to_string())
            .finish();
        format!("{action}?{query}")
    };
    let mut links = Vec::new();
    if page > 1 {
        links.push(PageLink {
            label: "« ก่อนหน้า".into(),
            href: Some(href(page - 1)),
        });
    }
    for p in 1..=pages {
        links.push(PageLink {
            label: p.to_string(),
            href: (p != page).then(|| href(p)),
        });
    }
    if page < pages {
        links.push(PageLink {
            label: "ถัดไป »".into(),
            href: Some(href(page + 1)),
        });
    }
    links
}

struct Outcome {
    status: StatusCode,
    q: String,
    error: Option<String>,
    results: Option<(u32, SearchResults)>,
}

async fn outcome(
    store: &AppState,
    org: &Organization,
    params: Result<Query<SearchParams>, QueryRejection>,
    scope: SearchScope,
) -> Result<Outcome, WebError> {
    let params = params.map(|Query(p)| p).unwrap_or_default();
    let q = params.q.clone().unwrap_or_default();
    match asked(&params) {
        Ok(None) => Ok(Outcome {
            status: StatusCode::OK,
            q,
            error: None,
            results: None,
        }),
        Err(message) => Ok(Outcome {
            status: StatusCode::BAD_REQUEST,
            q,
            error: Some(message),
            results: None,
        }),
        Ok(Some(asked)) => {
            let results = run(store, org, &asked, scope).await?;
            Ok(Outcome {
                status: StatusCode::OK,
                q: asked.query.text.clone(),
                error: None,
                results: Some((asked.page, results)),
            })
        }
    }
}

fn page_of(
    layout: Layout,
    bar: Option<StaffBar>,
    heading: String,
    action: String,
    slug: &str,
    outcome: Outcome,
    scope_note: &'static str,
) -> Reply {
    let (searched, total, first, last, groups, pages) = match &outcome.results {
        Some((page, results)) => {
            let first = u64::from((page - 1) * PAGE_SIZE) + 1;
            let last = first + results.hits.len() as u64 - 1;
            (
                true,
                results.total,
                first,
                last.max(first),
                groups(slug, results),
                pager(&action, &outcome.q, *page, results.total),
            )
        }
        None => (false, 0, 0, 0, Vec::new(), Vec::new()),
    };
    let page = SearchPage {
        layout,
        bar,
        heading,
        action,
        q: outcome.q,
        error: outcome.error,
        searched,
        total,
        first,
        last,
        groups,
        pages,
        scope_note,
    };
    Ok((outcome.status, Html(page.render()?)).into_response())
}

async fn public_page(
    State(store): State<AppState>,
    Path(slug): Path<String>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Reply {
    let org = store
        .organization_by_slug(&slug)
        .await?
        .ok_or_else(|| WebError::NotFound("ไม่พบองค์กรที่ระบุ".into()))?;
    let outcome = outcome(&store, &org, params, SearchScope::Public).await?;
    let urls = Urls::new(&org.slug);
    let mut crumbs = org_crumbs(&org, &urls);
    crumbs.push(Crumb::here("ค้นหา"));
    page_of(
        Layout::new(format!("ค้นหา – {}", org.name), crumbs),
        None,
        format!("ค้นหาใน{}", org.name),
        urls.page("/search"),
        &org.slug,
        outcome,
        "ค้นหาจากชื่อและรายละเอียดโครงการในแผน ศูนย์ข้อมูลข่าวสาร และผลการดำเนินงานที่เผยแพร่แล้ว",
    )
}

async fn staff_page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Reply {
    let complaints = staff.actor.has(Permission::ReadGeneralComplaints);
    let org = staff.organization.clone();
    let outcome = outcome(&store, &org, params, SearchScope::Staff { complaints }).await?;
    page_of(
        staff_layout("ค้นหา", Vec::new()),
        Some(StaffBar::new(&staff)),
        "ค้นหา".into(),
        "/staff/search".into(),
        &org.slug,
        outcome,
        if complaints {
            "ค้นหาจากรายการในแผน ศูนย์ข้อมูลข่าวสาร ผลการดำเนินงานที่เผยแพร่ และเรื่องร้องเรียนทั่วไป (รหัสอ้างอิง 8 ตัว เรื่อง และรายละเอียด) ไม่รวมเรื่องแจ้งเบาะแสการทุจริตและข้อมูลผู้ร้อง"
        } else {
            "ค้นหาจากรายการในแผน ศูนย์ข้อมูลข่าวสาร และผลการดำเนินงานที่เผยแพร่"
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_checked_in_thai() {
        assert_eq!(parse_page(None), Ok(1));
        assert_eq!(parse_page(Some("3")), Ok(3));
        for bad in ["0", "-1", "x", "51", "99999999999"] {
            assert!(
                parse_page(Some(bad)).unwrap_err().contains("เลขหน้า"),
                "{bad}"
            );
        }
    }

    #[test]
    fn results_link_to_their_pages() {
        let hit = |kind, key: &str| SearchHit {
            kind,
            key: key.into(),
            title: String::new(),
            excerpt: String::new(),
        };
        assert_eq!(
            hit_href("demo", &hit(SearchKind::PlanItem, "2.19")),
            "/o/demo/items/2.19"
        );
        assert_eq!(
            hit_href("demo", &hit(SearchKind::Progress, "2568/2/2.19")),
            "/o/demo/items/2.19"
        );
        assert_eq!(
            hit_href("demo", &hit(SearchKind::Disclosure, "2568/O1")),
            "/o/demo/info?year=2568#item-O1"
        );
        assert_eq!(
            hit_href("demo", &hit(SearchKind::Complaint, "abc")),
            "/staff/complaints/abc"
        );
    }

    #[test]
    fn the_pager_keeps_the_query() {
        assert!(pager("/s", "แผน", 1, 20).is_empty());
        let links = pager("/s", "แผน งาน", 2, 45);
        let labels: Vec<&str> = links.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["« ก่อนหน้า", "1", "2", "3", "ถัดไป »"]);
        assert!(links[2].href.is_none());
        assert!(links[1].href.as_deref().unwrap().contains("page=1"));
        assert!(links[1].href.as_deref().unwrap().contains("q=%E0%B9%81"));
    }
}
