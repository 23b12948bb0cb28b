//! The plan overview: summary numbers and the Part 2 table.

use askama::Template;
use sujarit_core::fiscal::thai_date;
use sujarit_core::{Baht, Dimension, Item, PlanReport, RiskRow};
use sujarit_store::{Organization, PlanVersion};

use super::{SEVERITIES, period_text, plan_years};
use crate::format;
use crate::ui::{Crumb, Layout, Link, Urls};

#[derive(Template)]
#[template(path = "plan.html")]
pub struct PlanPage {
    pub layout: Layout,
    pub organization: String,
    pub title: String,
    pub period: String,
    pub version_note: String,
    pub proclamation: Option<String>,
    pub years: Vec<u16>,
    pub item_count: usize,
    pub total_budget: String,
    pub dimensions: Vec<DimensionView>,
    pub grand_total: Vec<String>,
    pub schedules: Vec<Link>,
    pub findings: FindingCounts,
    pub progress_href: String,
    pub reports_href: String,
    pub complaints_href: String,
    pub info_href: String,
    pub activities_href: String,
    /// Part 1: the corruption-risk table, as written.
    pub risks: Vec<RiskRow>,
    /// Part 1: the target table, one value per plan year ("-" where none).
    pub targets: Vec<TargetView>,
    /// Columns of a dimension table: number, kind, name, the years, units.
    pub colspan: usize,
}

pub struct TargetView {
    pub indicator: String,
    pub values: Vec<String>,
}

pub struct FindingCounts {
    pub href: String,
    pub total: usize,
    pub by_severity: Vec<SeverityCount>,
}

pub struct SeverityCount {
    pub label: &'static str,
    pub count: usize,
    pub href: String,
}

pub struct DimensionView {
    pub no: u8,
    pub name: String,
    pub anchor: String,
    pub missions: Vec<MissionView>,
    pub count: usize,
    /// The item count the document states, when it differs from the real one.
    pub stated_count: Option<u32>,
    /// Subtotal per year, computed from the items.
    pub amounts: Vec<Amount>,
    pub total: String,
}

pub struct MissionView {
    pub code: String,
    pub name: String,
    pub items: Vec<ItemRow>,
}

pub struct ItemRow {
    pub number: String,
    pub kind: &'static str,
    pub name: String,
    pub href: String,
    pub budgets: Vec<String>,
    pub units: String,
}

/// A computed amount, with the document's figure when the two differ.
pub struct Amount {
    pub value: String,
    pub stated: Option<String>,
}

#[derive(Template)]
#[template(path = "no_plan.html")]
pub struct NoPlanPage {
    pub layout: Layout,
    pub organization: String,
}

pub fn no_plan(org: &Organization) -> NoPlanPage {
    NoPlanPage {
        layout: Layout::new(
            org.name.clone(),
            vec![Crumb::link("หน้าแรก", "/"), Crumb::here(org.name.clone())],
        ),
        organization: org.name.clone(),
    }
}

pub fn build(org: &Organization, version: &PlanVersion, report: &PlanReport) -> PlanPage {
    let plan = &report.plan;
    let urls = Urls::new(&org.slug);
    let years = plan_years(plan);
    let dimensions: Vec<DimensionView> = plan
        .dimensions
        .iter()
        .map(|d| dimension_view(d, &years, &urls))
        .collect();
    let grand_total = years
        .iter()
        .map(|&y| format::budget(plan.budget_for_year(y)))
        .collect();
    let total_budget: Baht = plan.items().map(Item::total_budget).sum();

    let mut schedules: Vec<u16> = plan.schedules.iter().map(|s| s.fiscal_year).collect();
    schedules.sort_unstable();
    schedules.dedup();

    let imported = sujarit_core::thai::local_date(version.imported_at);
    let title = if plan.title.trim().is_empty() {
        "แผนปฏิบัติการป้องกันการทุจริต".to_string()
    } else {
        plan.title.clone()
    };

    let crumbs = vec![Crumb::link("หน้าแรก", "/"), Crumb::here(org.name.clone())];

    PlanPage {
        layout: Layout::new(format!("{title} – {}", org.name), crumbs),
        organization: if plan.organization.trim().is_empty() {
            org.name.clone()
        } else {
            plan.organization.clone()
        },
        title,
        period: period_text(&years),
        version_note: format!(
            "ฉบับที่ {} นำเข้าเมื่อ {} จากไฟล์ {}",
            version.version,
            thai_date(imported),
            version.source_file_name
        ),
        proclamation: plan.proclamation.as_ref().map(|p| {
            let date = p.date.map(thai_date).unwrap_or_else(|| p.date_text.clone());
            let by = [p.signatory.trim(), p.position.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if by.is_empty() {
                format!("ประกาศใช้เมื่อ {date}")
            } else {
                format!("ประกาศใช้เมื่อ {date} ลงนามโดย {by}")
            }
        }),
        progress_href: format!("{}/progress", urls.plan()),
        reports_href: format!("{}/reports", urls.plan()),
        complaints_href: format!("{}/complaints", urls.plan()),
        info_href: format!("{}/info", urls.plan()),
        activities_href: format!("{}/activities", urls.plan()),
        risks: plan.risks.clone(),
        targets: plan
            .targets
            .iter()
            .map(|t| TargetView {
                indicator: t.indicator.clone(),
                values: years
                    .iter()
                    .map(|y| t.values.get(y).map_or("-".to_string(), |v| v.text.clone()))
                    .collect(),
            })
            .collect(),
        item_count: plan.item_count(),
        total_budget: format::budget(total_budget),
        grand_total,
        colspan: years.len() + 4,
        years,
        dimensions,
        schedules: schedules
            .into_iter()
            .map(|y| Link {
                label: format!("ปีงบประมาณ {y}"),
                href: urls.schedule(y),
            })
            .collect(),
        findings: FindingCounts {
            href: urls.findings(None),
            total: report.findings.len(),
            by_severity: SEVERITIES
                .iter()
                .map(|&s| SeverityCount {
                    label: s.thai(),
                    count: report.findings.iter().filter(|f| f.severity == s).count(),
                    href: urls.findings(Some(s)),
                })
                .collect(),
        },
    }
}

fn dimension_view(d: &Dimension, years: &[u16], urls: &Urls) -> DimensionView {
    let count = d.items().count();
    let amounts = years
        .iter()
        .map(|&y| {
            let computed = d.budget_for_year(y);
            Amount {
                value: format::budget(computed),
                stated: d
                    .stated_budget
                    .get(&y)
                    .filter(|&&stated| stated != computed)
                    .map(|&stated| format::budget(stated)),
            }
        })
        .collect();
    DimensionView {
        no: d.no,
        name: d.name.clone(),
        anchor: format!("dimension-{}", d.no),
        missions: d
            .missions
            .iter()
            .map(|m| MissionView {
                code: m.code.clone(),
                name: m.name.clone(),
                items: m.items.iter().map(|i| item_row(i, years, urls)).collect(),
            })
            .collect(),
        count,
        stated_count: d
            .stated_item_count
            .filter(|&stated| usize::try_from(stated).ok() != Some(count)),
        amounts,
        total: format::budget(d.items().map(Item::total_budget).sum()),
    }
}

fn item_row(item: &Item, years: &[u16], urls: &Urls) -> ItemRow {
    ItemRow {
        number: item.item_ref().to_string(),
        kind: item.kind.map(|k| k.thai()).unwrap_or(""),
        name: item.name.clone(),
        href: urls.item(item.item_ref()),
        budgets: years
            .iter()
            .map(|y| format::budget(item.budget.get(y).copied().unwrap_or_default()))
            .collect(),
        units: item.units.join(", "),
    }
}
