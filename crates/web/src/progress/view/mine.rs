//! "My items": what is due and late this quarter and each item's four
//! quarters, built from the plan, the year's reports and the item list.

use std::collections::BTreeMap;

use askama::Template;
use sujarit_core::fiscal::{Quarter, thai_date};
use sujarit_core::progress::{Deadline, QuarterReport, ReportKey};
use sujarit_core::{ItemRef, Plan, scores};

use super::super::report_url;
use super::public::Choice;
use crate::ui::{Layout, StaffBar};

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

/// What "my items" is built from.
pub struct MineInput<'a> {
    pub layout: Layout,
    pub bar: StaffBar,
    pub plan: &'a Plan,
    pub year: u16,
    pub today: time::Date,
    /// Whose items the page lists, in words.
    pub scope: String,
    /// The unit's items, or `None` for every item of the plan.
    pub mine: Option<Vec<ItemRef>>,
    pub reports: &'a [QuarterReport],
    /// Each item's units by id, and the units' names by id.
    pub assignments: &'a BTreeMap<ItemRef, Vec<String>>,
    pub units: &'a BTreeMap<String, String>,
    pub can_review: bool,
}

/// How many of the items' planned quarters of `year` are due now and how
/// many are late (the page's two lists), `mine` as on the page: the staff
/// menu's counts.
pub fn due_and_late(
    plan: &Plan,
    year: u16,
    today: time::Date,
    mine: Option<&[ItemRef]>,
    reports: &[QuarterReport],
) -> (u64, u64) {
    let by_key: BTreeMap<ReportKey, &QuarterReport> =
        reports.iter().map(|r| (r.key(), r)).collect();
    let (mut due, mut late) = (0, 0);
    for item in scores::items_of_year(plan, year) {
        let r = item.item_ref();
        if mine.is_some_and(|m| !m.contains(&r)) {
            continue;
        }
        for quarter in scores::planned_quarters(plan, r, year) {
            let key = ReportKey {
                item: r,
                fiscal_year: year,
                quarter,
            };
            match Deadline::of(today, &key, by_key.get(&key).map(|r| r.review)) {
                Deadline::DueNow => due += 1,
                Deadline::Late => late += 1,
                Deadline::NotYet | Deadline::Done => {}
            }
        }
    }
    (due, late)
}

/// The page of one fiscal year.
pub fn build(input: MineInput<'_>) -> MinePage {
    let MineInput {
        layout,
        bar,
        plan,
        year,
        today,
        scope,
        mine,
        reports,
        assignments,
        units,
        can_review,
    } = input;
    let period = plan.period;
    let by_key: BTreeMap<ReportKey, &QuarterReport> =
        reports.iter().map(|r| (r.key(), r)).collect();

    let mut due_now = Vec::new();
    let mut late = Vec::new();
    let mut items = Vec::new();
    for item in scores::items_of_year(plan, year) {
        let r = item.item_ref();
        if mine.as_ref().is_some_and(|m| !m.contains(&r)) {
            continue;
        }
        let planned = scores::planned_quarters(plan, r, year);
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
            units: names(assignments.get(&r), units),
            cells,
        });
    }
    let (today_year, today_quarter) = Quarter::of(today);
    let empty = items.is_empty().then(|| match mine {
        Some(_) => format!("หน่วยงานของคุณไม่มีรายการที่ต้องดำเนินการในปีงบประมาณ {year}"),
        None => format!("แผนไม่มีรายการในปีงบประมาณ {year}"),
    });
    MinePage {
        layout,
        bar,
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
        can_review,
    }
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

/// The page with only a message: no plan, or no unit to report for.
pub fn empty_page(bar: StaffBar, layout: Layout, why: &str, can_review: bool) -> MinePage {
    MinePage {
        layout,
        bar,
        scope: String::new(),
        year: 0,
        years: Vec::new(),
        today: String::new(),
        current_quarter: None,
        due_now: Vec::new(),
        late: Vec::new(),
        items: Vec::new(),
        empty: Some(why.to_string()),
        can_review,
    }
}
