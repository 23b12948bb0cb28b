//! The coordinator's review queue (`/staff/review`) and the review buttons'
//! route. Approving, returning and publishing need [`Permission::Review`];
//! everybody else gets a 403 whatever the report.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use sujarit_core::account::Permission;
use sujarit_core::fiscal::thai_date;
use sujarit_core::progress::{QuarterReport, ReviewState};

use super::form::{self, ReviewForm};
use super::{Resources, parse_key, report_url};
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::ui::{Page, StaffBar, render, staff_layout};

pub struct QueueRow {
    pub item_ref: String,
    pub name: String,
    pub period: String,
    pub units: String,
    pub status: String,
    pub updated: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "progress/review.html")]
pub struct QueuePage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub submitted: Vec<QueueRow>,
    pub approved: Vec<QueueRow>,
}

pub async fn queue(State(store): State<AppState>, staff: CurrentStaff) -> Page {
    staff.require(Permission::Review)?;
    let org = &staff.organization.id;
    let plan = store.current_plan(org).await?.map(|(_, r)| r.plan);
    let assignments = store.item_unit_assignments(org).await?;
    let units: BTreeMap<String, String> = store
        .units(org)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let rows = |reports: Vec<QuarterReport>| -> Vec<QueueRow> {
        reports
            .into_iter()
            .map(|r| {
                let names: Vec<&str> = assignments
                    .get(&r.item)
                    .into_iter()
                    .flatten()
                    .filter_map(|id| units.get(id).map(String::as_str))
                    .collect();
                QueueRow {
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
            .collect()
    };
    let submitted = rows(
        store
            .quarter_reports_in_state(org, ReviewState::Submitted)
            .await?,
    );
    let approved = rows(
        store
            .quarter_reports_in_state(org, ReviewState::Approved)
            .await?,
    );
    render(QueuePage {
        layout: staff_layout("ตรวจและเผยแพร่ผลการดำเนินงาน", vec![]),
        bar: StaffBar::new(&staff),
        submitted,
        approved,
    })
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
