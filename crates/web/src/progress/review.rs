//! The coordinator's review queue (`/staff/review`: filtered by unit,
//! dimension, status, fiscal year and quarter, a page at a time), approving
//! or publishing several reports at once (`/staff/review/bulk`), and the
//! review buttons' route. Approving, returning and publishing need
//! [`Permission::Review`]; everybody else gets a 403 whatever the report.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use serde::Deserialize;
use sujarit_core::account::Permission;
use sujarit_core::fiscal::thai_date;
use sujarit_core::progress::{QuarterReport, ReportKey, ReviewAction, ReviewState};

use super::form::{self, ReviewForm};
use super::{Resources, parse_key, report_url};
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::{Reply, StaffBar, staff_layout};

/// Rows per list and page.
pub const PAGE_SIZE: usize = 50;

pub struct QueueRow {
    /// `2.19/2568/1`: what a checkbox sends for the bulk actions.
    pub value: String,
    pub item_ref: String,
    pub name: String,
    pub period: String,
    pub units: String,
    pub status: String,
    pub updated: String,
    pub href: String,
}

pub struct FilterOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One list of the queue (waiting for review, or approved and waiting to be
/// published), one page of it.
pub struct QueueList {
    pub rows: Vec<QueueRow>,
    /// Matching the filters, every page.
    pub total: usize,
    /// The bulk action of this list.
    pub action: &'static str,
    pub action_label: &'static str,
}

#[derive(Template)]
#[template(path = "progress/review.html")]
pub struct QueuePage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub submitted: QueueList,
    pub approved: QueueList,
    pub units: Vec<FilterOption>,
    pub dimensions: Vec<FilterOption>,
    pub statuses: Vec<FilterOption>,
    pub years: Vec<FilterOption>,
    pub quarters: Vec<FilterOption>,
    pub page: usize,
    pub pages: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub notice: Option<String>,
    /// What a bulk action could not do, report by report, in Thai.
    pub problems: Vec<String>,
}

/// The queue's filters as the query string gives them; empty: any.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    dimension: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    quarter: String,
    #[serde(default)]
    page: String,
}

/// The filters read and checked.
#[derive(Clone, Debug, Default)]
struct Filters {
    unit: Option<String>,
    dimension: Option<u8>,
    status: Option<String>,
    year: Option<u16>,
    quarter: Option<u8>,
    page: usize,
}

/// The text given, trimmed; None when empty.
fn some(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

fn read_filters(q: &QueueQuery) -> Result<Filters, WebError> {
    let bad = |what: &str| WebError::BadRequest(what.to_string());
    Ok(Filters {
        unit: some(&q.unit).map(str::to_owned),
        dimension: some(&q.dimension)
            .map(|d| {
                d.parse::<u8>()
                    .map_err(|_| bad("มิติ (dimension) ต้องเป็นตัวเลข เช่น 1"))
            })
            .transpose()?,
        status: some(&q.status)
            .map(|s| {
                sujarit_core::progress::ProgressStatus::from_codes(s, Some("other"), Some("-"))
                    .map(|_| s.to_owned())
                    .ok_or_else(|| bad("สถานะการดำเนินงาน (status) ที่เลือกไม่ถูกต้อง"))
            })
            .transpose()?,
        year: some(&q.year)
            .map(|y| {
                crate::format::parse_fiscal_year(y)
                    .ok_or_else(|| bad("ปีงบประมาณ (year) ต้องเป็นปี พ.ศ. 4 หลัก เช่น 2568"))
            })
            .transpose()?,
        quarter: some(&q.quarter)
            .map(|n| {
                n.parse::<u8>()
                    .ok()
                    .filter(|n| (1..=4).contains(n))
                    .ok_or_else(|| bad("ไตรมาส (quarter) ต้องเป็น 1 ถึง 4"))
            })
            .transpose()?,
        page: match some(&q.page) {
            None => 1,
            Some(p) => p
                .parse::<usize>()
                .ok()
                .filter(|p| *p >= 1)
                .ok_or_else(|| bad("หน้า (page) ต้องเป็นตัวเลขตั้งแต่ 1"))?,
        },
    })
}

impl Filters {
    fn keeps(&self, report: &QuarterReport, owners: &[String]) -> bool {
        self.unit.as_ref().is_none_or(|u| owners.contains(u))
            && self.dimension.is_none_or(|d| report.item.dimension == d)
            && self
                .status
                .as_deref()
                .is_none_or(|s| report.status.code() == s)
            && self.year.is_none_or(|y| report.fiscal_year == y)
            && self.quarter.is_none_or(|q| report.quarter.number() == q)
    }

    /// The filters (not the page) as `&name=value…`.
    fn query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(u) = &self.unit {
            out.append_pair("unit", u);
        }
        if let Some(d) = self.dimension {
            out.append_pair("dimension", &d.to_string());
        }
        if let Some(s) = &self.status {
            out.append_pair("status", s);
        }
        if let Some(y) = self.year {
            out.append_pair("year", &y.to_string());
        }
        if let Some(q) = self.quarter {
            out.append_pair("quarter", &q.to_string());
        }
        out.finish()
    }
}

async fn build(
    store: &AppState,
    staff: &CurrentStaff,
    filters: &Filters,
) -> Result<QueuePage, WebError> {
    staff.require(Permission::Review)?;
    let org = &staff.organization.id;
    let plan = store.current_plan(org).await?.map(|(_, r)| r.plan);
    let assignments = store.item_unit_assignments(org).await?;
    let all_units = store.units(org).await?;
    let units: BTreeMap<String, String> = all_units
        .iter()
        .map(|u| (u.id.clone(), u.name.clone()))
        .collect();
    let no_owner: Vec<String> = Vec::new();
    let list = |reports: Vec<QuarterReport>, action: ReviewAction| -> QueueList {
        let matching: Vec<QuarterReport> = reports
            .into_iter()
            .filter(|r| filters.keeps(r, assignments.get(&r.item).unwrap_or(&no_owner)))
            .collect();
        let total = matching.len();
        let rows = matching
            .into_iter()
            .skip((filters.page - 1).saturating_mul(PAGE_SIZE))
            .take(PAGE_SIZE)
            .map(|r| {
                let names: Vec<&str> = assignments
                    .get(&r.item)
                    .into_iter()
                    .flatten()
                    .filter_map(|id| units.get(id).map(String::as_str))
                    .collect();
                QueueRow {
                    value: format!("{}/{}/{}", r.item, r.fiscal_year, r.quarter.number()),
                    item_ref: r.item.to_string(),
                    name: plan
                        .as_ref()
                        .and_then(|p| p.item(r.item))
                        .map(|i| i.name.clone())
                        .unwrap_or_default(),
                    period: format!("ปี {} {}", r.fiscal_year, r.quarter.thai_label()),
                    units: if names.is_empty() {
                        "ยังไม่กำหนด".into()
                    } else {
                        names.join(", ")
                    },
                    status: r.status.thai(),
                    updated: r
                        .updated_at
                        .map(|t| thai_date(t.date()))
                        .unwrap_or_default(),
                    href: report_url(&r.key()),
                }
            })
            .collect();
        QueueList {
            rows,
            total,
            action: action.as_str(),
            action_label: if action == ReviewAction::Approve {
                "อนุมัติรายการที่เลือก"
            } else {
                "เผยแพร่รายการที่เลือก"
            },
        }
    };
    let submitted = list(
        store
            .quarter_reports_in_state(org, ReviewState::Submitted)
            .await?,
        ReviewAction::Approve,
    );
    let approved = list(
        store
            .quarter_reports_in_state(org, ReviewState::Approved)
            .await?,
        ReviewAction::Publish,
    );
    let pages = submitted
        .total
        .max(approved.total)
        .div_ceil(PAGE_SIZE)
        .max(1);
    let filter_query = filters.query();
    let page_link = |p: usize| {
        if filter_query.is_empty() {
            format!("/staff/review?page={p}")
        } else {
            format!("/staff/review?{filter_query}&page={p}")
        }
    };
    let choice = |value: String, label: String, selected: bool| FilterOption {
        value,
        label,
        selected,
    };
    let dimensions = plan
        .as_ref()
        .map(|p| {
            p.dimensions
                .iter()
                .map(|d| {
                    choice(
                        d.no.to_string(),
                        format!("มิติที่ {}", d.no),
                        filters.dimension == Some(d.no),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let years = plan
        .as_ref()
        .map(|p| {
            (p.period.first_fiscal_year..=p.period.last_fiscal_year)
                .map(|y| choice(y.to_string(), y.to_string(), filters.year == Some(y)))
                .collect()
        })
        .unwrap_or_default();
    let statuses = ["not_started", "in_progress", "completed", "not_done"]
        .into_iter()
        .map(|code| {
            let label =
                sujarit_core::progress::ProgressStatus::from_codes(code, Some("no_budget"), None)
                    .map(|s| {
                        if code == "not_done" {
                            "ไม่สามารถดำเนินการได้".to_string()
                        } else {
                            s.thai()
                        }
                    })
                    .unwrap_or_default();
            choice(
                code.to_owned(),
                label,
                filters.status.as_deref() == Some(code),
            )
        })
        .collect();
    Ok(QueuePage {
        layout: staff_layout("ตรวจและเผยแพร่ผลการดำเนินงาน", vec![]),
        bar: StaffBar::new(staff),
        submitted,
        approved,
        units: all_units
            .iter()
            .map(|u| {
                choice(
                    u.id.clone(),
                    u.name.clone(),
                    filters.unit.as_ref() == Some(&u.id),
                )
            })
            .collect(),
        dimensions,
        statuses,
        years,
        quarters: (1..=4u8)
            .map(|q| {
                choice(
                    q.to_string(),
                    format!("ไตรมาส {q}"),
                    filters.quarter == Some(q),
                )
            })
            .collect(),
        page: filters.page,
        pages,
        previous: (filters.page > 1).then(|| page_link(filters.page - 1)),
        next: (filters.page < pages).then(|| page_link(filters.page + 1)),
        notice: None,
        problems: Vec::new(),
    })
}

fn reply(status: StatusCode, page: QueuePage) -> Reply {
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn queue(
    State(store): State<AppState>,
    staff: CurrentStaff,
    query: Result<Query<QueueQuery>, QueryRejection>,
) -> Reply {
    staff.require(Permission::Review)?;
    let Query(query) =
        query.map_err(|_| WebError::BadRequest("ตัวกรองของรายการรอตรวจไม่ถูกต้อง".into()))?;
    let filters = read_filters(&query)?;
    reply(StatusCode::OK, build(&store, &staff, &filters).await?)
}

/// `POST /staff/review/bulk`: `action` (approve or publish) and one
/// `report=2.19/2568/1` per checked box. Each report is moved as the single
/// report's button would (the same store rule, its own audited history
/// entry); the ones the workflow refuses are listed by name with why, and
/// the others are still moved (decision: report each, rather than refuse
/// all for one that another coordinator moved meanwhile). 409 when any
/// failed, 200 otherwise.
pub async fn bulk(
    State(store): State<AppState>,
    staff: CurrentStaff,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Reply {
    staff.require(Permission::Review)?;
    let Form(fields) = form.map_err(crate::ui::bad_form)?;
    let action = fields
        .iter()
        .find(|(k, _)| k == "action")
        .and_then(|(_, v)| ReviewAction::parse(v))
        .filter(|a| matches!(a, ReviewAction::Approve | ReviewAction::Publish))
        .ok_or_else(|| WebError::BadRequest("การดำเนินการต้องเป็นอนุมัติหรือเผยแพร่".into()))?;
    let mut keys: Vec<ReportKey> = Vec::new();
    for (_, value) in fields.iter().filter(|(k, _)| k == "report") {
        let mut parts = value.split('/');
        let (Some(item), Some(year), Some(quarter), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(WebError::BadRequest(format!(
                "รายงานที่เลือก \"{value}\" ไม่ถูกต้อง"
            )));
        };
        let key = parse_key(item, year, quarter)?;
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let filters = read_filters(&QueueQuery::default())?;
    if keys.is_empty() {
        let mut page = build(&store, &staff, &filters).await?;
        page.problems.push("โปรดเลือกรายงานอย่างน้อยหนึ่งรายการ".into());
        return reply(StatusCode::BAD_REQUEST, page);
    }
    let org = &staff.organization.id;
    let mut done = 0usize;
    let mut problems = Vec::new();
    for key in &keys {
        match store
            .review_quarter_report(org, *key, action, None, &staff.actor.user_id)
            .await
        {
            Ok(_) => done += 1,
            Err(
                error @ (sujarit_store::StoreError::NotAllowed(_)
                | sujarit_store::StoreError::NotFound(_)
                | sujarit_store::StoreError::Invalid(_)
                | sujarit_store::StoreError::Stale { .. }),
            ) => problems.push(format!(
                "{}: {}",
                key,
                sujarit_service::wording::refusal(&error)
            )),
            Err(error) => return Err(error.into()),
        }
    }
    let mut page = build(&store, &staff, &filters).await?;
    if done > 0 {
        page.notice = Some(format!(
            "{}แล้ว {done} รายการ",
            if action == ReviewAction::Approve {
                "อนุมัติ"
            } else {
                "เผยแพร่"
            }
        ));
    }
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CONFLICT
    };
    page.problems = problems;
    reply(status, page)
}

pub async fn act(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path((item_ref, fiscal_year, quarter)): Path<(String, String, String)>,
    body: Result<Form<ReviewForm>, FormRejection>,
) -> Result<axum::response::Response, crate::error::WebError> {
    staff.require(Permission::Review)?;
    let key = parse_key(&item_ref, &fiscal_year, &quarter)?;
    let Form(body) = body.map_err(crate::ui::bad_form)?;
    form::review(store, staff, config, key, body).await
}
