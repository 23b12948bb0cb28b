//! The executive dashboard's view model: the score, budget, pipeline, late
//! reports and statuses of one fiscal year and round, built from the plan,
//! its reports and the owning units (pure: no store).

use std::collections::HashMap;

use askama::Template;
use sujarit_core::fiscal::{Quarter, thai_date};
use sujarit_core::progress::{Deadline, QuarterReport, ReportKey, ReviewState, Round};
use sujarit_core::scores::{self, TargetLine, UnitMap};
use sujarit_core::{ItemRef, Plan};

use super::super::report_url;
use super::public::{
    Choice, ScoreView, TargetView, dimension_budget_chart, score_chart, target_view,
};
use crate::format;
use crate::ui::chart::BarChart;
use crate::ui::{StaffBar, staff_layout};

/// One row of the by-dimension or by-unit table.
pub struct TallyRow {
    pub label: String,
    pub score: ScoreView,
    pub planned: String,
    pub adopted: String,
    pub disbursed: String,
    pub disbursed_share: String,
}

pub struct PipelineCount {
    pub label: &'static str,
    pub count: usize,
}

pub struct LateRow {
    pub item_ref: String,
    pub name: String,
    pub quarter: String,
    pub units: String,
    pub state: String,
    pub href: String,
}

pub struct StatusRow {
    pub item_ref: String,
    pub name: String,
    pub units: String,
    pub status: String,
    pub status_class: &'static str,
    pub review: String,
}

#[derive(Template)]
#[template(path = "progress/dashboard.html")]
pub struct DashboardPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub year: u16,
    pub round: &'static str,
    pub today: String,
    pub years: Vec<Choice>,
    pub rounds: Vec<Choice>,
    pub overall: ScoreView,
    pub published_percent: String,
    pub planned: String,
    pub adopted: String,
    pub disbursed: String,
    pub disbursed_share: String,
    pub pipeline: Vec<PipelineCount>,
    pub dimensions: Vec<TallyRow>,
    pub units: Vec<TallyRow>,
    pub dimension_chart: BarChart,
    pub unit_chart: BarChart,
    pub budget_chart: BarChart,
    pub late: Vec<LateRow>,
    pub statuses: Vec<StatusRow>,
    pub targets: Vec<TargetView>,
    pub can_enter_targets: bool,
    /// Complaints of the fiscal year (both channels, counts only).
    pub complaints: Option<ComplaintsSummary>,
    /// The plan's KPIs in this round: met, not met, not reported as a number.
    pub kpis: KpiTally,
    pub empty: Option<String>,
}

/// How the KPIs of the items' forms stand, from the latest sent report of
/// each item in the round (the actuals the records prefilled, or typed).
#[derive(Default)]
pub struct KpiTally {
    pub total: usize,
    pub met: usize,
    pub not_met: usize,
    pub unknown: usize,
}

fn kpi_tally(plan: &Plan, reports: &[QuarterReport], round: Round) -> KpiTally {
    let mut tally = KpiTally::default();
    for item in plan.items() {
        let targets = sujarit_service::activities::item_targets(item);
        let of_item: Vec<QuarterReport> = reports
            .iter()
            .filter(|r| r.item == item.item_ref())
            .cloned()
            .collect();
        let latest = sujarit_core::progress::status_in_round(&of_item, round);
        for target in &targets {
            tally.total += 1;
            let value = latest
                .and_then(|r| r.kpi_actuals.iter().find(|k| k.kpi == target.text))
                .and_then(|k| sujarit_core::progress::parse_number(&k.value));
            match value {
                Some(v) if target.met_by(v) => tally.met += 1,
                Some(_) => tally.not_met += 1,
                None => tally.unknown += 1,
            }
        }
    }
    tally
}

/// Complaints at a glance for executives: counts and satisfaction only,
/// never a case's content (corruption reports are the integrity officer's).
/// The general channel's figures and the corruption channel's as published
/// (year only, small counts hidden): never added up, as on the public page.
pub struct ComplaintsSummary {
    pub received: u32,
    pub completed: u32,
    pub in_progress: u32,
    pub overdue: u32,
    /// The corruption channel's received count as published.
    pub corruption_received: String,
    pub satisfaction: String,
    pub answers: u32,
    pub meets_target: bool,
    pub target: u32,
    pub may_open: bool,
}

/// Builds the [`ComplaintsSummary`] from the year's published statistics
/// and the general channel's satisfaction; `may_open` is whether the reader
/// may open the case list.
pub fn complaints_summary(
    statistics: &sujarit_core::complaint::PublishedStatistics,
    satisfaction: &sujarit_core::complaint::SatisfactionSummary,
    may_open: bool,
) -> ComplaintsSummary {
    let sum = |f: fn(&sujarit_core::complaint::MonthCounts) -> u32| {
        statistics
            .general
            .iter()
            .flat_map(|g| &g.months)
            .map(f)
            .sum::<u32>()
    };
    let hundredths = satisfaction.percent_hundredths();
    ComplaintsSummary {
        received: sum(|m| m.received),
        completed: sum(|m| m.completed),
        in_progress: sum(|m| m.in_progress),
        overdue: sum(|m| m.overdue),
        corruption_received: statistics
            .corruption
            .as_ref()
            .map_or_else(|| "-".into(), |c| c.received.thai()),
        satisfaction: if satisfaction.answers == 0 {
            "ยังไม่มีผู้ตอบ".into()
        } else {
            format!("ร้อยละ {}.{:02}", hundredths / 100, hundredths % 100)
        },
        answers: satisfaction.answers,
        meets_target: satisfaction.meets_target(),
        target: sujarit_core::complaint::SATISFACTION_TARGET_PERCENT,
        may_open,
    }
}

/// What the dashboard is built from: the plan and everything loaded for the
/// chosen year and round.
pub struct DashboardInput<'a> {
    pub bar: StaffBar,
    pub plan: &'a Plan,
    pub year: u16,
    pub round: Round,
    pub today: time::Date,
    pub reports: &'a [QuarterReport],
    pub owners: &'a UnitMap,
    /// The plan's Part 1 targets against their actuals.
    pub targets: &'a [TargetLine],
    pub can_enter_targets: bool,
    pub complaints: ComplaintsSummary,
}

pub fn dashboard_url(year: u16, round: Round) -> String {
    format!("/staff/dashboard?year={year}&round={}", round.as_str())
}

/// A report counts on the dashboard once its unit has sent it.
fn sent(report: &QuarterReport) -> bool {
    matches!(
        report.review,
        ReviewState::Submitted | ReviewState::Approved | ReviewState::Published
    )
}

fn tally_row(label: String, tally: &scores::Tally) -> TallyRow {
    TallyRow {
        label,
        score: ScoreView::new(&tally.score),
        planned: format::budget(tally.budget.planned),
        adopted: format::budget(tally.budget.adopted),
        disbursed: format::budget(tally.budget.disbursed),
        disbursed_share: share_text(tally.budget.disbursed_percent_hundredths()),
    }
}

fn share_text(hundredths: Option<i64>) -> String {
    match hundredths {
        Some(h) => format!("ร้อยละ {}.{:02}", h / 100, h % 100),
        None => "-".into(),
    }
}

/// The dashboard of one fiscal year and round.
pub fn build(input: DashboardInput<'_>) -> DashboardPage {
    let DashboardInput {
        bar,
        plan,
        year,
        round,
        today,
        reports,
        owners,
        targets,
        can_enter_targets,
        complaints,
    } = input;
    let sent_reports: Vec<QuarterReport> = reports.iter().filter(|r| sent(r)).cloned().collect();
    let published: Vec<QuarterReport> = reports
        .iter()
        .filter(|r| r.review == ReviewState::Published)
        .cloned()
        .collect();
    let summary = scores::round_summary(plan, year, round, &sent_reports, owners);
    let published_summary = scores::round_summary(plan, year, round, &published, owners);

    let dimensions: Vec<TallyRow> = plan
        .dimensions
        .iter()
        .map(|d| {
            let tally = summary.by_dimension.get(&d.no).copied().unwrap_or_default();
            tally_row(format!("มิติที่ {} {}", d.no, d.name), &tally)
        })
        .collect();
    let mut units: Vec<TallyRow> = summary
        .by_unit
        .iter()
        .map(|(name, tally)| tally_row(name.clone(), tally))
        .collect();
    if summary.without_unit.score.items > 0 {
        units.push(tally_row("ยังไม่กำหนดหน่วยงาน".into(), &summary.without_unit));
    }

    let dimension_chart = score_chart(
        format!("คะแนนความสำเร็จรายมิติ {} ปีงบประมาณ {year}", round.thai()),
        plan.dimensions
            .iter()
            .zip(&dimensions)
            .map(|(d, row)| (format!("มิติที่ {}", d.no), &row.score))
            .collect(),
    );
    let unit_chart = score_chart(
        format!("คะแนนความสำเร็จรายหน่วยงาน {} ปีงบประมาณ {year}", round.thai()),
        units.iter().map(|u| (u.label.clone(), &u.score)).collect(),
    );
    let budget_chart = dimension_budget_chart(plan, &summary, year);

    let mut pipeline: Vec<PipelineCount> = [
        ReviewState::Draft,
        ReviewState::Submitted,
        ReviewState::Returned,
        ReviewState::Approved,
        ReviewState::Published,
    ]
    .into_iter()
    .map(|state| PipelineCount {
        label: state.thai(),
        count: reports.iter().filter(|r| r.review == state).count(),
    })
    .collect();
    pipeline.retain(|p| p.count > 0 || p.label == ReviewState::Submitted.thai());

    let by_key: HashMap<ReportKey, &QuarterReport> = reports.iter().map(|r| (r.key(), r)).collect();
    let units_text = |item: ItemRef| {
        owners
            .get(&item)
            .filter(|u| !u.is_empty())
            .map(|u| u.join(", "))
            .unwrap_or_else(|| "ยังไม่กำหนด".into())
    };
    let mut late = Vec::new();
    for item in scores::items_of_year(plan, year) {
        let r = item.item_ref();
        for quarter in scores::planned_quarters(plan, r, year) {
            let key = ReportKey {
                item: r,
                fiscal_year: year,
                quarter,
            };
            let report = by_key.get(&key);
            if Deadline::of(today, &key, report.map(|r| r.review)) == Deadline::Late {
                late.push(LateRow {
                    item_ref: r.to_string(),
                    name: item.name.clone(),
                    quarter: quarter.thai_label().to_string(),
                    units: units_text(r),
                    state: report
                        .map_or("ยังไม่ได้รายงาน", |r| {
                            r.review.thai()
                        })
                        .to_string(),
                    href: report_url(&key),
                });
            }
        }
    }
    let statuses = scores::items_in_round(plan, year, round, &sent_reports)
        .into_iter()
        .map(|entry| {
            let (status, status_class) = format::status_view(entry.report.map(|r| &r.status));
            StatusRow {
                item_ref: entry.item.item_ref().to_string(),
                name: entry.item.name.clone(),
                units: units_text(entry.item.item_ref()),
                status: if entry.report.is_some() {
                    status
                } else {
                    "ยังไม่ได้ส่งรายงาน".into()
                },
                status_class,
                review: entry
                    .report
                    .map(|r| format!("ไตรมาส {} · {}", r.quarter.number(), r.review.thai()))
                    .unwrap_or_else(|| "-".into()),
            }
        })
        .collect();

    let (today_year, today_quarter) = Quarter::of(today);
    let today_text = if today_year.be() == year {
        format!("{} ({})", thai_date(today), today_quarter.thai_label())
    } else {
        thai_date(today)
    };
    DashboardPage {
        layout: staff_layout("แดชบอร์ดผู้บริหาร", vec![]),
        bar,
        year,
        round: round.thai(),
        today: today_text,
        years: plan
            .period
            .years()
            .map(|y| Choice {
                label: y.to_string(),
                href: dashboard_url(y, round),
                current: y == year,
            })
            .collect(),
        rounds: [Round::SixMonths, Round::TwelveMonths]
            .into_iter()
            .map(|r| Choice {
                label: r.thai().to_string(),
                href: dashboard_url(year, r),
                current: r == round,
            })
            .collect(),
        overall: ScoreView::new(&summary.overall.score),
        published_percent: published_summary.overall.score.percent_text(),
        planned: format::budget(summary.overall.budget.planned),
        adopted: format::budget(summary.overall.budget.adopted),
        disbursed: format::budget(summary.overall.budget.disbursed),
        disbursed_share: share_text(summary.overall.budget.disbursed_percent_hundredths()),
        pipeline,
        dimensions,
        units,
        dimension_chart,
        unit_chart,
        budget_chart,
        late,
        statuses,
        targets: targets.iter().map(target_view).collect(),
        can_enter_targets,
        complaints: Some(complaints),
        kpis: kpi_tally(plan, &sent_reports, round),
        empty: None,
    }
}

impl DashboardPage {
    /// The page with only a message: there is nothing to count yet.
    pub fn empty(bar: StaffBar, why: &str) -> DashboardPage {
        let nothing = || crate::ui::chart::bar_chart("", &[], Vec::new(), None);
        DashboardPage {
            layout: staff_layout("แดชบอร์ดผู้บริหาร", vec![]),
            bar,
            year: 0,
            round: "",
            today: String::new(),
            years: Vec::new(),
            rounds: Vec::new(),
            overall: ScoreView::new(&Default::default()),
            published_percent: String::new(),
            planned: String::new(),
            adopted: String::new(),
            disbursed: String::new(),
            disbursed_share: String::new(),
            pipeline: Vec::new(),
            dimensions: Vec::new(),
            units: Vec::new(),
            dimension_chart: nothing(),
            unit_chart: nothing(),
            budget_chart: nothing(),
            late: Vec::new(),
            statuses: Vec::new(),
            targets: Vec::new(),
            can_enter_targets: false,
            complaints: None,
            kpis: KpiTally::default(),
            empty: Some(why.to_string()),
        }
    }
}
