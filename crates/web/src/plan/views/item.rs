//! One item of the plan: its Part 2 row, its Part 3 form, the quarters it runs
//! in each year and the findings about it.

use askama::Template;
use sujarit_core::{Item, ItemForm, PlanReport, Quarter};
use sujarit_store::Organization;

use super::{FindingView, QuarterLabel, plan_years, quarter_labels};
use crate::format;
use crate::ui::{Crumb, Layout, Urls, org_crumbs};

#[derive(Template)]
#[template(path = "item.html")]
pub struct ItemPage {
    pub layout: Layout,
    pub organization: String,
    pub number: String,
    pub kind: &'static str,
    pub name: String,
    pub dimension: String,
    pub mission: Option<String>,
    pub line: Option<u32>,
    pub budgets: Vec<YearBudget>,
    pub total_budget: String,
    pub units: Vec<String>,
    pub quarter_labels: [QuarterLabel; 4],
    /// Finding cards name their kind here; the findings page groups by kind instead.
    pub show_kind: bool,
    pub schedule_rows: Vec<ScheduleYear>,
    pub form: Option<FormView>,
    pub findings: Vec<FindingView>,
    pub findings_href: String,
    /// Published quarterly progress, newest first (filled by the handler).
    pub progress: Vec<crate::plan::progress::PublishedQuarter>,
    pub progress_href: Option<String>,
    /// Published activities of the item (filled by the handler).
    pub activities: Vec<crate::plan::progress::ActivityLink>,
}

pub struct YearBudget {
    pub year: u16,
    pub amount: String,
}

/// How the item appears in one year's E-PlanNACC table.
pub struct ScheduleYear {
    pub year: u16,
    pub href: String,
    /// `None` when the year's table has no row for this item.
    pub row: Option<ScheduleEntry>,
}

pub struct ScheduleEntry {
    pub order: u32,
    pub budget: String,
    pub ticks: [bool; 4],
}

pub struct FormView {
    /// The form's own name for the item, shown only when it differs from Part 2.
    pub name_as_written: Option<String>,
    pub rationale: Vec<String>,
    pub objectives: Vec<String>,
    pub target_group: String,
    pub steps: Vec<String>,
    pub duration: String,
    pub budget_text: String,
    pub responsible_text: String,
    pub outputs: Vec<String>,
    pub outcomes: Vec<String>,
    pub line: Option<u32>,
}

pub fn build(org: &Organization, report: &PlanReport, item: &Item) -> ItemPage {
    let plan = &report.plan;
    let urls = Urls::new(&org.slug);
    let r = item.item_ref();
    let dimension = plan.dimensions.iter().find(|d| d.no == item.dimension);
    let mission = dimension.and_then(|d| {
        d.missions
            .iter()
            .find(|m| m.items.iter().any(|i| i.item_ref() == r))
    });

    let mut schedules: Vec<_> = plan.schedules.iter().collect();
    schedules.sort_by_key(|s| s.fiscal_year);
    let schedule_rows = schedules
        .into_iter()
        .flat_map(|s| {
            let rows: Vec<_> = s.rows.iter().filter(|row| row.item == Some(r)).collect();
            let year = s.fiscal_year;
            let href = urls.schedule(year);
            if rows.is_empty() {
                vec![ScheduleYear {
                    year,
                    href,
                    row: None,
                }]
            } else {
                rows.into_iter()
                    .map(|row| ScheduleYear {
                        year,
                        href: href.clone(),
                        row: Some(ScheduleEntry {
                            order: row.order,
                            budget: format::budget(row.budget),
                            ticks: Quarter::ALL.map(|q| row.quarters.contains(&q.number())),
                        }),
                    })
                    .collect()
            }
        })
        .collect();

    let number = r.to_string();
    let mut crumbs = org_crumbs(org, &urls);
    crumbs.push(Crumb::here(format!("รายการ {number}")));

    ItemPage {
        layout: Layout::new(format!("{number} {} – {}", item.name, org.name), crumbs),
        organization: org.name.clone(),
        kind: item.kind.map(|k| k.thai()).unwrap_or("ไม่ระบุ"),
        name: item.name.clone(),
        dimension: match dimension {
            Some(d) => format!("มิติที่ {} {}", d.no, d.name),
            None => format!("มิติที่ {}", item.dimension),
        },
        mission: mission.map(|m| format!("{} {}", m.code, m.name)),
        line: item.line,
        budgets: plan_years(plan)
            .into_iter()
            .map(|year| YearBudget {
                year,
                amount: format::budget(item.budget.get(&year).copied().unwrap_or_default()),
            })
            .collect(),
        total_budget: format::budget(item.total_budget()),
        units: item.units.clone(),
        quarter_labels: quarter_labels(),
        show_kind: true,
        schedule_rows,
        form: item.form.as_ref().map(|f| form_view(f, item)),
        findings: report
            .findings
            .iter()
            .filter(|f| f.item == Some(r))
            .map(|f| FindingView::new(f, plan, &urls))
            .collect(),
        findings_href: urls.findings(None),
        progress: Vec::new(),
        progress_href: None,
        activities: Vec::new(),
        number,
    }
}

fn form_view(form: &ItemForm, item: &Item) -> FormView {
    let list = |items: &[String]| -> Vec<String> {
        items
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let name = form.name.trim();
    FormView {
        name_as_written: (!name.is_empty() && name != item.name.trim()).then(|| name.to_string()),
        rationale: form
            .rationale
            .lines()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
        objectives: list(&form.objectives),
        target_group: format::or_unstated(&form.target_group),
        steps: list(&form.steps),
        duration: format::or_unstated(&form.duration),
        budget_text: format::or_unstated(&form.budget_text),
        responsible_text: format::or_unstated(&form.responsible_text),
        outputs: list(&form.outputs),
        outcomes: list(&form.outcomes),
        line: form.line,
    }
}
