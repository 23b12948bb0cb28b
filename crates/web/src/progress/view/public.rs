//! The public progress page's view model and the pieces the back office's
//! pages share with it: score views, charts and the Part 1 targets (pure).

use askama::Template;
use sujarit_core::progress::{QuarterReport, Round, Score};
use sujarit_core::scores::{self, BudgetSums, TargetKind, TargetLine};
use sujarit_core::{Baht, Item, Plan};
use sujarit_store::Organization;

use crate::format;
use crate::ui::chart::{self, BarChart, Series};
use crate::ui::{Crumb, Layout, Urls, org_crumbs};

/// A link in a row of choices (years, rounds).
pub struct Choice {
    pub label: String,
    pub href: String,
    pub current: bool,
}

/// A score ready to show.
pub struct ScoreView {
    pub percent: String,
    pub items: u32,
    pub completed: u32,
    pub in_progress: u32,
    pub not_started: u32,
    pub not_done: u32,
    pub not_reported: u32,
}

impl ScoreView {
    pub fn new(score: &Score) -> ScoreView {
        ScoreView {
            percent: score.percent_text(),
            items: score.items,
            completed: score.completed,
            in_progress: score.in_progress,
            not_started: score.items.saturating_sub(
                score.completed + score.in_progress + score.not_done + score.not_reported,
            ),
            not_done: score.not_done,
            not_reported: score.not_reported,
        }
    }
}

pub struct ItemProgressRow {
    pub item_ref: String,
    pub name: String,
    pub href: String,
    pub status: String,
    /// "done", "progress", "none": for the badge's look.
    pub status_class: &'static str,
    pub quarter: String,
    pub disbursed: String,
}

pub struct DimensionProgress {
    pub no: u8,
    pub name: String,
    pub score: ScoreView,
    pub planned: String,
    pub adopted: String,
    pub disbursed: String,
    pub items: Vec<ItemProgressRow>,
}

pub struct TargetYearView {
    pub year: u16,
    pub target: String,
    pub actual: String,
    pub achieved: String,
    pub verdict: &'static str,
}

pub struct TargetView {
    pub indicator: String,
    pub note: String,
    pub years: Vec<TargetYearView>,
    pub chart: BarChart,
}

#[derive(Template)]
#[template(path = "progress/public.html")]
pub struct PublicProgressPage {
    pub layout: Layout,
    pub organization: String,
    pub year: u16,
    pub round: &'static str,
    pub years: Vec<Choice>,
    pub rounds: Vec<Choice>,
    pub overall: ScoreView,
    pub planned: String,
    pub adopted: String,
    pub disbursed: String,
    pub score_chart: BarChart,
    pub budget_chart: BarChart,
    pub dimensions: Vec<DimensionProgress>,
    pub targets: Vec<TargetView>,
}

pub fn progress_url(urls: &Urls, year: u16, round: Round) -> String {
    format!(
        "{}/progress?year={year}&round={}",
        urls.plan(),
        round.as_str()
    )
}

/// The public progress of one fiscal year and round.
pub fn build(
    org: &Organization,
    plan: &Plan,
    year: u16,
    round: Round,
    reports: &[QuarterReport],
    targets: &[TargetLine],
) -> PublicProgressPage {
    let urls = Urls::new(&org.slug);
    let summary = scores::round_summary(plan, year, round, reports, &scores::units_from_plan(plan));
    let rows = scores::items_in_round(plan, year, round, reports);
    let title = format!("ผลการดำเนินงานตามแผน ปีงบประมาณ {year}");
    let mut crumbs = org_crumbs(org, &urls);
    crumbs.push(Crumb::here(title.clone()));

    let dimensions: Vec<DimensionProgress> = plan
        .dimensions
        .iter()
        .map(|d| {
            let tally = summary.by_dimension.get(&d.no).copied().unwrap_or_default();
            DimensionProgress {
                no: d.no,
                name: d.name.clone(),
                score: ScoreView::new(&tally.score),
                planned: format::budget(tally.budget.planned),
                adopted: format::budget(tally.budget.adopted),
                disbursed: format::budget(tally.budget.disbursed),
                items: rows
                    .iter()
                    .filter(|r| r.item.dimension == d.no)
                    .map(|r| item_row(r.item, r.report, &urls))
                    .collect(),
            }
        })
        .collect();

    let score_chart = score_chart(
        format!("คะแนนความสำเร็จรายมิติ {} ปีงบประมาณ {year}", round.thai()),
        dimensions
            .iter()
            .map(|d| (format!("มิติที่ {}", d.no), &d.score))
            .collect(),
    );
    let budget_chart = dimension_budget_chart(plan, &summary, year);

    let years: Vec<u16> = plan.period.years().collect();
    PublicProgressPage {
        layout: Layout::new(title, crumbs),
        organization: org.name.clone(),
        year,
        round: round.thai(),
        years: years
            .iter()
            .map(|&y| Choice {
                label: y.to_string(),
                href: progress_url(&urls, y, round),
                current: y == year,
            })
            .collect(),
        rounds: [Round::SixMonths, Round::TwelveMonths]
            .into_iter()
            .map(|r| Choice {
                label: r.thai().to_string(),
                href: progress_url(&urls, year, r),
                current: r == round,
            })
            .collect(),
        overall: ScoreView::new(&summary.overall.score),
        planned: format::budget(summary.overall.budget.planned),
        adopted: format::budget(summary.overall.budget.adopted),
        disbursed: format::budget(summary.overall.budget.disbursed),
        score_chart,
        budget_chart,
        dimensions,
        targets: targets.iter().map(target_view).collect(),
    }
}

/// Completion scores as bars out of 100, one row per `(label, score)`.
pub fn score_chart(title: String, rows: Vec<(String, &ScoreView)>) -> BarChart {
    chart::bar_chart(
        title,
        &[Series {
            label: "คะแนน (ร้อยละ)",
            fill: chart::BLUE,
        }],
        rows.into_iter()
            .map(|(label, score)| {
                let value = score.percent.parse::<f64>().unwrap_or(0.0);
                (
                    format!("{label} ({} รายการ)", score.items),
                    vec![(value, format!("ร้อยละ {}", score.percent))],
                )
            })
            .collect(),
        Some(100.0),
    )
}

/// The round's budgets by dimension, as both progress pages show them.
pub fn dimension_budget_chart(plan: &Plan, summary: &scores::RoundSummary, year: u16) -> BarChart {
    budget_chart(
        format!("งบประมาณรายมิติ ปีงบประมาณ {year} (บาท)"),
        plan.dimensions
            .iter()
            .map(|d| {
                let tally = summary.by_dimension.get(&d.no).copied().unwrap_or_default();
                (format!("มิติที่ {}", d.no), tally.budget)
            })
            .collect(),
    )
}

/// Planned, adopted and disbursed budgets side by side, one row per `(label, sums)`.
pub fn budget_chart(title: String, rows: Vec<(String, BudgetSums)>) -> BarChart {
    let bar = |amount: Baht| (amount.satang() as f64, format::budget(amount));
    chart::bar_chart(
        title,
        &[
            Series {
                label: "ตามแผน",
                fill: chart::GREY,
            },
            Series {
                label: "ตามเทศบัญญัติ",
                fill: chart::BLUE,
            },
            Series {
                label: "เบิกจ่าย",
                fill: chart::GREEN,
            },
        ],
        rows.into_iter()
            .map(|(label, b)| {
                (
                    label,
                    vec![bar(b.planned), bar(b.adopted), bar(b.disbursed)],
                )
            })
            .collect(),
        None,
    )
}

fn item_row(item: &Item, report: Option<&QuarterReport>, urls: &Urls) -> ItemProgressRow {
    let (status, status_class) = format::status_view(report.map(|r| &r.status));
    ItemProgressRow {
        item_ref: item.item_ref().to_string(),
        name: item.name.clone(),
        href: urls.item(item.item_ref()),
        status,
        status_class,
        quarter: report
            .map(|r| format!("ไตรมาส {}", r.quarter.number()))
            .unwrap_or_default(),
        disbursed: report
            .and_then(|r| r.budget_disbursed)
            .map(format::budget)
            .unwrap_or_else(|| "-".into()),
    }
}

fn number_text(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

pub fn target_view(line: &TargetLine) -> TargetView {
    let note = match line.kind {
        TargetKind::AtLeast => "ผลที่ได้ต้องไม่น้อยกว่าค่าเป้าหมาย".to_string(),
        TargetKind::ReductionFrom { baseline_year } => format!(
            "ค่าเป้าหมายคือร้อยละที่ลดลงเทียบกับปี {baseline_year}{}",
            line.baseline
                .map(|b| format!(" (ปีฐาน {})", number_text(b)))
                .unwrap_or_else(|| " (ยังไม่ได้บันทึกค่าปีฐาน)".into())
        ),
    };
    let reduction = matches!(line.kind, TargetKind::ReductionFrom { .. });
    let years = line
        .points
        .iter()
        .map(|p| TargetYearView {
            year: p.fiscal_year,
            target: p.target_text.clone().unwrap_or_else(|| "-".into()),
            actual: p.actual.map(number_text).unwrap_or_else(|| "-".into()),
            achieved: match (reduction, p.achieved) {
                (true, Some(a)) => format!("ลดลงร้อยละ {}", number_text(a)),
                (false, Some(a)) => number_text(a),
                (_, None) => "-".into(),
            },
            verdict: match p.met {
                Some(true) => "บรรลุเป้าหมาย",
                Some(false) => "ไม่บรรลุเป้าหมาย",
                None => "ยังไม่มีข้อมูล",
            },
        })
        .collect();
    let chart = chart::bar_chart(
        line.indicator.clone(),
        &[
            Series {
                label: "ค่าเป้าหมาย",
                fill: chart::GREY,
            },
            Series {
                label: "ผลที่ได้",
                fill: chart::ORANGE,
            },
        ],
        line.points
            .iter()
            .map(|p| {
                let target = p.target.unwrap_or(0.0);
                let achieved = p.achieved.unwrap_or(0.0).max(0.0);
                (
                    format!("ปี {}", p.fiscal_year),
                    vec![
                        (target, p.target_text.clone().unwrap_or_else(|| "-".into())),
                        (
                            achieved,
                            p.achieved
                                .map(number_text)
                                .unwrap_or_else(|| "ยังไม่มีข้อมูล".into()),
                        ),
                    ],
                )
            })
            .collect(),
        None,
    );
    TargetView {
        indicator: line.indicator.clone(),
        note,
        years,
        chart,
    }
}
