//! One fiscal year's E-PlanNACC table, with the document's stated totals next
//! to the ones computed from its rows.

use askama::Template;
use sujarit_core::fiscal::{parse_thai_date, thai_date};
use sujarit_core::{Baht, Plan, Quarter, Schedule};
use sujarit_store::Organization;

use super::{QuarterLabel, quarter_labels};
use crate::format;
use crate::ui::{Crumb, Layout, Urls, org_crumbs};

#[derive(Template)]
#[template(path = "schedule.html")]
pub struct SchedulePage {
    pub layout: Layout,
    pub organization: String,
    pub year: u16,
    pub quarter_labels: [QuarterLabel; 4],
    pub rows: Vec<Row>,
    pub computed: Totals,
    pub stated: Option<StatedTotals>,
    pub data_date: Option<String>,
    pub issuer: Option<String>,
    pub years: Vec<YearLink>,
}

pub struct Row {
    pub order: u32,
    pub name: String,
    pub item: Option<String>,
    pub href: Option<String>,
    pub dimension: String,
    pub budget: String,
    pub ticks: [bool; 4],
}

pub struct Totals {
    pub rows: usize,
    pub budget: String,
    pub quarters: [u32; 4],
}

pub struct StatedTotals {
    pub budget: Stated,
    pub quarters: Vec<Stated>,
}

/// A figure as the document states it, flagged when it differs from ours.
pub struct Stated {
    pub value: String,
    pub differs: bool,
}

pub struct YearLink {
    pub year: u16,
    pub href: String,
    pub current: bool,
}

pub fn build(org: &Organization, plan: &Plan, schedule: &Schedule) -> SchedulePage {
    let urls = Urls::new(&org.slug);
    let year = schedule.fiscal_year;
    let rows: Vec<Row> = schedule
        .rows
        .iter()
        .map(|r| {
            let matched = r.item.filter(|i| plan.item(*i).is_some());
            Row {
                order: r.order,
                name: r.name.clone(),
                item: r.item.map(|i| i.to_string()),
                href: matched.map(|i| urls.item(i)),
                dimension: r.dimension.map(|d| d.to_string()).unwrap_or_default(),
                budget: format::budget(r.budget),
                ticks: Quarter::ALL.map(|q| r.quarters.contains(&q.number())),
            }
        })
        .collect();
    let quarters = Quarter::ALL.map(|q| {
        let ticked = schedule
            .rows
            .iter()
            .filter(|r| r.quarters.contains(&q.number()))
            .count();
        u32::try_from(ticked).unwrap_or(u32::MAX)
    });
    let budget: Baht = schedule.rows.iter().map(|r| r.budget).sum();

    let stated = (schedule.stated_total_budget.is_some()
        || schedule.stated_quarter_counts.is_some())
    .then(|| StatedTotals {
        budget: match schedule.stated_total_budget {
            Some(b) => Stated {
                value: format::budget(b),
                differs: b != budget,
            },
            None => unstated(),
        },
        quarters: match schedule.stated_quarter_counts {
            Some(counts) => counts
                .iter()
                .zip(quarters)
                .map(|(&stated, computed)| Stated {
                    value: stated.to_string(),
                    differs: stated != computed,
                })
                .collect(),
            None => (0..4).map(|_| unstated()).collect(),
        },
    });

    let mut years: Vec<u16> = plan.schedules.iter().map(|s| s.fiscal_year).collect();
    years.sort_unstable();
    years.dedup();

    let mut crumbs = org_crumbs(org, &urls);
    crumbs.push(Crumb::here(format!("ตารางปีงบประมาณ {year}")));

    SchedulePage {
        layout: Layout::new(
            format!("ตารางแผนปฏิบัติการ ปีงบประมาณ {year} – {}", org.name),
            crumbs,
        ),
        organization: org.name.clone(),
        year,
        quarter_labels: quarter_labels(),
        computed: Totals {
            rows: rows.len(),
            budget: format::budget(budget),
            quarters,
        },
        rows,
        stated,
        data_date: schedule.data_date.as_deref().map(data_date),
        issuer: schedule
            .issuer
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        years: years
            .into_iter()
            .map(|y| YearLink {
                year: y,
                href: urls.schedule(y),
                current: y == year,
            })
            .collect(),
    }
}

fn unstated() -> Stated {
    Stated {
        value: "ไม่ระบุ".to_string(),
        differs: false,
    }
}

/// The data date in one Thai form ("15 พฤศจิกายน 2565") when it can be read,
/// else as the document wrote it.
fn data_date(written: &str) -> String {
    let text = written.trim();
    let text = text
        .strip_prefix("ข้อมูล")
        .map(str::trim_start)
        .unwrap_or(text);
    let text = text.strip_prefix("ณ").map(str::trim_start).unwrap_or(text);
    match parse_thai_date(text) {
        Some(date) => thai_date(date),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn data_dates_are_normalised_when_readable() {
        assert_eq!(
            super::data_date("ข้อมูล ณ วันที่ ๑๕ พฤศจิกายน ๒๕๖๕"),
            "15 พฤศจิกายน 2565"
        );
        assert_eq!(super::data_date("15/11/2565"), "15 พฤศจิกายน 2565");
        assert_eq!(super::data_date("ปลายปี"), "ปลายปี");
    }
}
