//! View models: small structs of ready-to-show strings, built from domain data
//! by pure functions, so templates only place values and loop over lists.

pub mod findings;
pub mod home;
pub mod item;
pub mod plan;
pub mod schedule;

use sujarit_core::{Finding, Plan, Severity};

use crate::ui::Urls;

/// A quarter's column header in two parts, "ไตรมาส 1" and "(ต.ค.–ธ.ค.)", so a
/// narrow column breaks between them rather than inside the month range.
pub struct QuarterLabel {
    pub name: &'static str,
    pub months: &'static str,
}

pub fn quarter_labels() -> [QuarterLabel; 4] {
    sujarit_core::Quarter::ALL.map(|q| {
        let label = q.thai_label();
        let (name, months) = match label.find(" (") {
            Some(i) => (&label[..i], &label[i + 1..]),
            None => (label, ""),
        };
        QuarterLabel { name, months }
    })
}

/// One finding, ready to show.
pub struct FindingView {
    pub code: &'static str,
    pub title: &'static str,
    pub severity: &'static str,
    pub severity_class: &'static str,
    pub fiscal_year: Option<String>,
    pub item: Option<String>,
    /// Link to the item's page when the plan has that item.
    pub item_href: Option<String>,
    pub line: Option<String>,
    pub message: String,
    pub expected: Option<String>,
    pub found: Option<String>,
}

impl FindingView {
    pub fn new(finding: &Finding, plan: &Plan, urls: &Urls) -> FindingView {
        FindingView {
            code: finding.code.as_str(),
            title: finding.code.thai(),
            severity: finding.severity.thai(),
            severity_class: finding.severity.as_str(),
            fiscal_year: finding.fiscal_year.map(|y| y.to_string()),
            item: finding.item.map(|r| r.to_string()),
            item_href: finding
                .item
                .filter(|r| plan.item(*r).is_some())
                .map(|r| urls.item(r)),
            line: finding.line.map(|l| l.to_string()),
            message: finding.message.clone(),
            expected: finding.expected.clone().filter(|s| !s.is_empty()),
            found: finding.found.clone().filter(|s| !s.is_empty()),
        }
    }
}

/// Severities from the most to the least urgent, the order pages list them in.
pub const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// The fiscal years a plan's tables need a column for: its stated period plus
/// any year a budget was written for, so no value the document holds is hidden.
pub fn plan_years(plan: &Plan) -> Vec<u16> {
    let mut years: Vec<u16> = Vec::new();
    let period = plan.period;
    if period.first_fiscal_year > 0 && period.first_fiscal_year <= period.last_fiscal_year {
        years.extend(period.years());
    }
    for d in &plan.dimensions {
        years.extend(d.stated_budget.keys());
        for i in d.items() {
            years.extend(i.budget.keys());
        }
    }
    years.sort_unstable();
    years.dedup();
    years
}

/// "พ.ศ. 2566–2570", or one year alone.
pub fn period_text(years: &[u16]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("พ.ศ. {a}–{b}"),
        (Some(a), _) => format!("พ.ศ. {a}"),
        _ => "ไม่ระบุ".to_string(),
    }
}
