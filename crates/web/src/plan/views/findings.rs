//! The reconciliation report: every disagreement the import found, grouped by
//! severity and then by kind.

use askama::Template;
use sujarit_core::{FindingCode, PlanReport, Severity};
use sujarit_store::Organization;

use super::{FindingView, SEVERITIES};
use crate::ui::{Crumb, Layout, Urls, org_crumbs};

#[derive(Template)]
#[template(path = "findings.html")]
pub struct FindingsPage {
    pub layout: Layout,
    pub organization: String,
    pub filters: Vec<Filter>,
    /// The chosen severity's Thai name, when the list is filtered.
    pub filtered_by: Option<&'static str>,
    pub total: usize,
    pub groups: Vec<SeverityGroup>,
    /// Cards need not repeat the kind: each group's heading names it.
    pub show_kind: bool,
}

/// A link that filters the list; plain links so filtering needs no script.
pub struct Filter {
    pub label: &'static str,
    pub href: String,
    pub count: usize,
    pub current: bool,
}

pub struct SeverityGroup {
    pub label: &'static str,
    pub class: &'static str,
    pub count: usize,
    pub codes: Vec<CodeGroup>,
}

pub struct CodeGroup {
    pub code: &'static str,
    pub title: &'static str,
    pub anchor: String,
    pub findings: Vec<FindingView>,
}

pub fn build(org: &Organization, report: &PlanReport, only: Option<Severity>) -> FindingsPage {
    let urls = Urls::new(&org.slug);
    let plan = &report.plan;
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();

    let mut filters = vec![Filter {
        label: "ทั้งหมด",
        href: urls.findings(None),
        count: report.findings.len(),
        current: only.is_none(),
    }];
    filters.extend(SEVERITIES.iter().map(|&s| Filter {
        label: s.thai(),
        href: urls.findings(Some(s)),
        count: count(s),
        current: only == Some(s),
    }));

    let groups: Vec<SeverityGroup> = SEVERITIES
        .iter()
        .filter(|&&s| only.is_none_or(|o| o == s))
        .filter_map(|&s| {
            let codes: Vec<CodeGroup> = FindingCode::ALL
                .iter()
                .filter_map(|&code| {
                    let mut findings: Vec<_> = report
                        .findings
                        .iter()
                        .filter(|f| f.severity == s && f.code == code)
                        .collect();
                    if findings.is_empty() {
                        return None;
                    }
                    // Document order within a kind, so a reader can follow the text.
                    findings.sort_by_key(|f| f.line);
                    Some(CodeGroup {
                        code: code.as_str(),
                        title: code.thai(),
                        anchor: format!("{}-{}", s.as_str(), code.as_str()),
                        findings: findings
                            .into_iter()
                            .map(|f| FindingView::new(f, plan, &urls))
                            .collect(),
                    })
                })
                .collect();
            (!codes.is_empty()).then(|| SeverityGroup {
                label: s.thai(),
                class: s.as_str(),
                count: count(s),
                codes,
            })
        })
        .collect();

    let mut crumbs = org_crumbs(org, &urls);
    crumbs.push(Crumb::here("ผลการตรวจสอบเอกสาร"));

    FindingsPage {
        layout: Layout::new(format!("ผลการตรวจสอบเอกสารแผน – {}", org.name), crumbs),
        organization: org.name.clone(),
        filters,
        filtered_by: only.map(Severity::thai),
        total: groups.iter().map(|g| g.count).sum(),
        groups,
        show_kind: false,
    }
}
