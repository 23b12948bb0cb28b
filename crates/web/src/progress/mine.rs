//! `/staff/progress`: "my items". A unit officer sees the items their unit
//! owns; the coordinator and the roles that read everything see all items.
//! For the chosen fiscal year: what is due this quarter, what is late (a
//! planned quarter that has ended without a report sent for review), and
//! each item's four quarters.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::Deserialize;
use sujarit_core::ItemRef;
use sujarit_core::account::Role;
use sujarit_core::fiscal::{FiscalYear, Quarter, thai_date};
use sujarit_core::progress::{Deadline, QuarterReport, ReportKey};
use sujarit_core::scores;

use super::public::Choice;
use super::{Resources, report_url};
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::{Page, StaffBar, render, staff_layout};
use crate::{AppState, format};

pub struct TaskRow {
    pub item_ref: String,
    pub name: String,
    pub quarter: String,
    pub href: String,
    pub state: String,
}

pub struct QuarterCell {
    pub label: String,
    pub href: String,
    pub state: String,
    /// "late", "due", "done", "later", "off": the badge's look.
    pub class: &'static str,
}

pub struct ItemRow {
    pub item_ref: String,
    pub name: String,
    pub units: String,
    pub cells: Vec<QuarterCell>,
}

#[derive(Template)]
#[template(path = "progress/mine.html")]
pub struct MinePage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub scope: String,
    pub year: u16,
    pub years: Vec<Choice>,
    pub today: String,
    pub current_quarter: Option<String>,
    pub due_now: Vec<TaskRow>,
    pub late: Vec<TaskRow>,
    pub items: Vec<ItemRow>,
    pub empty: Option<String>,
    pub can_review: bool,
}

#[derive(Deserialize)]
pub struct MineQuery {
    year: Option<String>,
}

pub async fn page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: Result<Query<MineQuery>, QueryRejection>,
) -> Page {
    let Query(query) =
        query.map_err(|_| WebError::BadRequest("ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก".into()))?;
    let org = &staff.organization.id;
    let today = config.clock.today();
    let plan = store.current_plan(org).await?.map(|(_, r)| r.plan);
    let layout = staff_layout("รายงานผลการดำเนินงาน", vec![]);
    let Some(plan) = plan else {
        return render(empty_page(
            &staff,
            layout,
            "ยังไม่มีแผนปฏิบัติการ ผู้ประสานแผนต้องนำเข้าแผนก่อน",
        ));
    };
    let period = plan.period;
    let year = match query
        .year
        .as_deref()
        .map(str::trim)
        .filter(|y| !y.is_empty())
    {
        Some(text) => format::parse_fiscal_year(text)
            .ok_or_else(|| WebError::BadRequest("ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก".into()))?,
        None => FiscalYear::of(today).be().clamp(
            period.first_fiscal_year,
            period.last_fiscal_year.max(period.first_fiscal_year),
        ),
    };

    // Which items: a unit officer's unit's, or all.
    let assignments = store.item_unit_assignments(org).await?;
    let units: BTreeMap<String, String> = store
        .units(org)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let (scope, mine): (String, Option<Vec<ItemRef>>) = match (staff.role(), &staff.actor.unit_id) {
        (Role::UnitOfficer, Some(unit)) => (
            format!(
                "รายการที่{}รับผิดชอบ",
                units.get(unit).map_or("หน่วยงานของคุณ", String::as_str)
            ),
            Some(store.items_of_unit(org, unit).await?),
        ),
        (Role::UnitOfficer, None) => {
            return render(empty_page(
                &staff,
                layout,
                "บัญชีของคุณยังไม่ได้สังกัดหน่วยงาน โปรดติดต่อผู้ดูแลระบบ",
            ));
        }
        _ => ("ทุกรายการในแผน".to_string(), None),
    };
    let reports = store.quarter_reports(org, year).await?;
    let by_key: BTreeMap<ReportKey, &QuarterReport> =
        reports.iter().map(|r| (r.key(), r)).collect();

    let mut due_now = Vec::new();
    let mut late = Vec::new();
    let mut items = Vec::new();
    for item in scores::items_of_year(&plan, year) {
        let r = item.item_ref();
        if mine.as_ref().is_some_and(|m| !m.contains(&r)) {
            continue;
        }
        let planned = scores::planned_quarters(&plan, r, year);
        let mut cells = Vec::new();
        for quarter in Quarter::ALL {
            let key = ReportKey {
                item: r,
                fiscal_year: year,
                quarter,
            };
            let report = by_key.get(&key);
            let deadline = Deadline::of(today, &key, report.map(|r| r.review));
            let state = match report {
                Some(r) => r.review.thai().to_string(),
                None => "ยังไม่ได้รายงาน".to_string(),
            };
            let in_plan = planned.contains(&quarter);
            let class = match (in_plan, deadline) {
                (_, Deadline::Done) => "done",
                (false, _) => "off",
                (true, Deadline::Late) => "late",
                (true, Deadline::DueNow) => "due",
                (true, Deadline::NotYet) => "later",
            };
            let task = || TaskRow {
                item_ref: r.to_string(),
                name: item.name.clone(),
                quarter: quarter.thai_label().to_string(),
                href: report_url(&key),
                state: state.clone(),
            };
            match class {
                "late" => late.push(task()),
                "due" => due_now.push(task()),
                _ => {}
            }
            cells.push(QuarterCell {
                label: format!("ไตรมาส {}", quarter.number()),
                href: report_url(&key),
                state: if in_plan {
                    state
                } else {
                    format!("{state} (ไม่ได้กำหนดไว้ในแผนปีนี้)")
                },
                class,
            });
        }
        items.push(ItemRow {
            item_ref: r.to_string(),
            name: item.name.clone(),
            units: names(assignments.get(&r), &units),
            cells,
        });
    }
    let (today_year, today_quarter) = Quarter::of(today);
    let empty = items.is_empty().then(|| match mine {
        Some(_) => format!("หน่วยงานของคุณไม่มีรายการที่ต้องดำเนินการในปีงบประมาณ {year}"),
        None => format!("แผนไม่มีรายการในปีงบประมาณ {year}"),
    });
    render(MinePage {
        layout,
        bar: StaffBar::new(&staff),
        scope,
        year,
        years: period
            .years()
            .map(|y| Choice {
                label: y.to_string(),
                href: format!("/staff/progress?year={y}"),
                current: y == year,
            })
            .collect(),
        today: thai_date(today),
        current_quarter: (today_year.be() == year).then(|| today_quarter.thai_label().to_string()),
        due_now,
        late,
        items,
        empty,
        can_review: staff.actor.can_review(),
    })
}

fn names(ids: Option<&Vec<String>>, units: &BTreeMap<String, String>) -> String {
    let names: Vec<&str> = ids
        .into_iter()
        .flatten()
        .filter_map(|id| units.get(id).map(String::as_str))
        .collect();
    if names.is_empty() {
        "ยังไม่กำหนด".to_string()
    } else {
        names.join(", ")
    }
}

fn empty_page(staff: &CurrentStaff, layout: crate::ui::Layout, why: &str) -> MinePage {
    MinePage {
        layout,
        bar: StaffBar::new(staff),
        scope: String::new(),
        year: 0,
        years: Vec::new(),
        today: String::new(),
        current_quarter: None,
        due_now: Vec::new(),
        late: Vec::new(),
        items: Vec::new(),
        empty: Some(why.to_string()),
        can_review: staff.actor.can_review(),
    }
}
