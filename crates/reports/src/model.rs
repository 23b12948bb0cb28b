//! The data of each report, computed once from a [`ReportInput`] and then written
//! out as PDF, XLSX or CSV. Serialised to JSON, it is what the typst templates get
//! as `sys.inputs.data`: amounts ([`Money`]) arrive as text ("100,000.00") and
//! dates as Thai text with BE years, so the templates only lay things out.

use crate::{ReportError, ReportInput, ReportKind};
use serde::{Serialize, Serializer};
use sujarit_core::fiscal::{FiscalYear, thai_date};
use sujarit_core::progress::{
    KpiActual, KpiTarget, ProgressStatus, QuarterReport, Round, Score, kpi_targets, parse_number,
};
use sujarit_core::scores;
use sujarit_core::thai::{date_text, datetime_text};
use sujarit_core::{Baht, Item, Plan};

/// An amount of baht; in JSON the text a table shows ("100,000.00").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Money(pub Baht);

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.with_two_decimals())
    }
}

/// One report's data.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Report {
    Schedule(ScheduleReport),
    Summary(SummaryReport),
    Monitoring(MonitoringReport),
}

impl Report {
    pub fn header(&self) -> &Header {
        match self {
            Report::Schedule(r) => &r.header,
            Report::Summary(r) => &r.header,
            Report::Monitoring(r) => &r.header,
        }
    }
}

/// What heads every report.
#[derive(Clone, Debug, Serialize)]
pub struct Header {
    pub organization: String,
    pub title: String,
    pub subtitle: String,
    /// The short title at the top of every page.
    pub running: String,
    pub fiscal_year: u16,
    /// "25 พฤศจิกายน 2568 เวลา 14:05 น."
    pub generated: String,
}

/// Checks the input and computes the report's data.
pub fn build(kind: ReportKind, input: &ReportInput) -> Result<Report, ReportError> {
    let period = input.plan.period;
    if !(period.first_fiscal_year..=period.last_fiscal_year).contains(&input.fiscal_year) {
        return Err(ReportError::FiscalYearOutsidePlan {
            year: input.fiscal_year,
            first: period.first_fiscal_year,
            last: period.last_fiscal_year,
        });
    }
    Ok(match kind {
        ReportKind::Schedule => Report::Schedule(schedule(input)),
        ReportKind::Summary => Report::Summary(summary(input)),
        ReportKind::Monitoring => {
            let round = input.round.ok_or(ReportError::RoundRequired)?;
            Report::Monitoring(monitoring(input, round))
        }
    })
}

fn header(input: &ReportInput, title: String, subtitle: String, running: String) -> Header {
    Header {
        organization: input.organization.clone(),
        title,
        subtitle,
        running,
        fiscal_year: input.fiscal_year,
        generated: datetime_text(input.generated_at),
    }
}

/// "มิติที่ 1 การสร้างวัฒนธรรมสุจริต", for the legend under the annex table.
#[derive(Clone, Debug, Serialize)]
pub struct DimensionName {
    pub no: u8,
    pub name: String,
}

fn dimension_names(plan: &Plan) -> Vec<DimensionName> {
    plan.dimensions
        .iter()
        .map(|d| DimensionName {
            no: d.no,
            name: d.name.clone(),
        })
        .collect()
}

fn budget_in(item: &Item, year: u16) -> Baht {
    item.budget.get(&year).copied().unwrap_or(Baht::ZERO)
}

// ---------------------------------------------------------------------------
// The yearly schedule (E-PlanNACC annex)

#[derive(Clone, Debug, Serialize)]
pub struct ScheduleReport {
    pub header: Header,
    pub rows: Vec<ScheduleLine>,
    /// The sum of the rows' budgets.
    pub total_budget: Money,
    /// How many rows are ticked in each quarter.
    pub quarter_counts: [u32; 4],
    /// "ข้อมูล ณ วันที่ …": the day the report is made.
    pub data_date: String,
    pub issuer: Option<String>,
    pub dimensions: Vec<DimensionName>,
    /// True when the plan has no yearly table for this year and the rows were
    /// taken from Part 2, with no quarters ticked.
    pub from_part2: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScheduleLine {
    pub order: u32,
    pub name: String,
    pub dimension: Option<u8>,
    pub budget: Money,
    /// Quarters 1–4 ticked.
    pub quarters: [bool; 4],
    pub remark: String,
}

fn schedule(input: &ReportInput) -> ScheduleReport {
    let year = input.fiscal_year;
    let table = input.plan.schedules.iter().find(|s| s.fiscal_year == year);
    let rows: Vec<ScheduleLine> = match table {
        Some(table) => table
            .rows
            .iter()
            .map(|row| ScheduleLine {
                order: row.order,
                name: row.name.clone(),
                dimension: row.dimension,
                budget: Money(row.budget),
                quarters: [1, 2, 3, 4].map(|q| row.quarters.contains(&q)),
                remark: String::new(),
            })
            .collect(),
        None => input
            .plan
            .items()
            .enumerate()
            .map(|(i, item)| ScheduleLine {
                order: i as u32 + 1,
                name: item.name.clone(),
                dimension: Some(item.dimension),
                budget: Money(budget_in(item, year)),
                quarters: [false; 4],
                remark: "ยังไม่ได้กำหนดไตรมาส".into(),
            })
            .collect(),
    };
    let total_budget = Money(rows.iter().map(|r| r.budget.0).sum());
    let quarter_counts = [0, 1, 2, 3].map(|q| rows.iter().filter(|r| r.quarters[q]).count() as u32);
    ScheduleReport {
        header: header(
            input,
            format!(
                "แผนปฏิบัติการป้องกันการทุจริต พ.ศ. {year} ของ {}",
                input.organization
            ),
            "(บันทึกในระบบ E-PlanNACC)".into(),
            format!("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {year}"),
        ),
        rows,
        total_budget,
        quarter_counts,
        data_date: date_text(input.generated_at),
        issuer: input
            .issuer
            .clone()
            .or_else(|| table.and_then(|t| t.issuer.clone())),
        dimensions: dimension_names(&input.plan),
        from_part2: table.is_none(),
    }
}

// ---------------------------------------------------------------------------
// The Part 2 summary

#[derive(Clone, Debug, Serialize)]
pub struct SummaryReport {
    pub header: Header,
    /// The plan's fiscal years, one budget column each.
    pub years: Vec<u16>,
    pub dimensions: Vec<SummaryDimension>,
    pub item_count: u32,
    /// Per year, the sum of all items.
    pub totals: Vec<Money>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SummaryDimension {
    pub no: u8,
    pub name: String,
    pub missions: Vec<SummaryMission>,
    pub item_count: u32,
    /// Per year, the sum of the dimension's items.
    pub totals: Vec<Money>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SummaryMission {
    pub code: String,
    pub name: String,
    pub items: Vec<SummaryItem>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SummaryItem {
    /// "1.4": dimension and number in Part 2.
    pub code: String,
    /// The number within its dimension, as Part 2 writes it ("4)").
    pub no: u32,
    /// "โครงการ", "กิจกรรม", "มาตรการ" or "".
    pub kind: String,
    pub name: String,
    /// One per year of [`SummaryReport::years`].
    pub budgets: Vec<Money>,
    pub units: Vec<String>,
}

fn summary(input: &ReportInput) -> SummaryReport {
    let plan = &input.plan;
    let years: Vec<u16> = plan.period.years().collect();
    let sum_years = |items: &mut dyn Iterator<Item = &Item>| {
        let mut totals = vec![Baht::ZERO; years.len()];
        for item in items {
            for (total, year) in totals.iter_mut().zip(&years) {
                *total += budget_in(item, *year);
            }
        }
        totals.into_iter().map(Money).collect::<Vec<_>>()
    };
    let dimensions = plan
        .dimensions
        .iter()
        .map(|d| SummaryDimension {
            no: d.no,
            name: d.name.clone(),
            missions: d
                .missions
                .iter()
                .map(|m| SummaryMission {
                    code: m.code.clone(),
                    name: m.name.clone(),
                    items: m
                        .items
                        .iter()
                        .map(|item| SummaryItem {
                            code: item.item_ref().to_string(),
                            no: item.no,
                            kind: item.kind.map(|k| k.thai()).unwrap_or_default().into(),
                            name: item.name.clone(),
                            budgets: years.iter().map(|y| Money(budget_in(item, *y))).collect(),
                            units: item.units.clone(),
                        })
                        .collect(),
                })
                .collect(),
            item_count: d.items().count() as u32,
            totals: sum_years(&mut d.items()),
        })
        .collect();
    let (first, last) = (plan.period.first_fiscal_year, plan.period.last_fiscal_year);
    let title = if plan.title.trim().is_empty() {
        format!("แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส (พ.ศ. {first}–{last})")
    } else {
        plan.title.clone()
    };
    SummaryReport {
        header: header(
            input,
            title,
            "ส่วนที่ 2 โครงการ/กิจกรรม/มาตรการ และงบประมาณที่ดำเนินการ แยกตามมิติ".into(),
            format!("ส่วนที่ 2 โครงการ/กิจกรรม/มาตรการ (พ.ศ. {first}–{last})"),
        ),
        item_count: plan.item_count() as u32,
        totals: sum_years(&mut plan.items()),
        years,
        dimensions,
    }
}

// ---------------------------------------------------------------------------
// The monitoring report (6 months / 12 months)

#[derive(Clone, Debug, Serialize)]
pub struct MonitoringReport {
    pub header: Header,
    /// "6m" or "12m".
    pub round: Round,
    /// "รอบ 6 เดือน (ต.ค.–มี.ค.)"
    pub round_label: String,
    /// "1 ตุลาคม 2567 – 31 มีนาคม 2568"
    pub period: String,
    /// Which quarterly reports were counted.
    pub include_label: String,
    pub dimensions: Vec<MonitoringDimension>,
    pub score: ScoreView,
    pub budget: BudgetTotals,
}

#[derive(Clone, Debug, Serialize)]
pub struct MonitoringDimension {
    pub no: u8,
    pub name: String,
    pub items: Vec<MonitoringItem>,
    pub score: ScoreView,
    pub budget: BudgetTotals,
}

/// The E-PlanNACC score of a set of items, with the counts per status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoreView {
    pub items: u32,
    pub completed: u32,
    pub in_progress: u32,
    pub not_started: u32,
    pub not_done: u32,
    pub not_reported: u32,
    /// "62.77": per cent, two decimals.
    pub percent: String,
    /// 6277: the score in hundredths of a per cent, exact.
    pub percent_hundredths: u32,
}

impl From<Score> for ScoreView {
    fn from(s: Score) -> Self {
        ScoreView {
            items: s.items,
            completed: s.completed,
            in_progress: s.in_progress,
            not_started: s.items - s.completed - s.in_progress - s.not_done - s.not_reported,
            not_done: s.not_done,
            not_reported: s.not_reported,
            percent: s.percent_text(),
            percent_hundredths: s.percent_hundredths(),
        }
    }
}

impl ScoreView {
    /// (Thai label, count) for each status, in the order E-PlanNACC lists them.
    pub fn counts(&self) -> [(&'static str, u32); 5] {
        [
            (STATUS_COMPLETED, self.completed),
            (STATUS_IN_PROGRESS, self.in_progress),
            (STATUS_NOT_STARTED, self.not_started),
            (STATUS_NOT_DONE, self.not_done),
            (STATUS_NOT_REPORTED, self.not_reported),
        ]
    }
}

const STATUS_COMPLETED: &str = "ดำเนินการแล้วเสร็จ";
const STATUS_IN_PROGRESS: &str = "อยู่ระหว่างดำเนินการ";
const STATUS_NOT_STARTED: &str = "ยังไม่ดำเนินการ";
const STATUS_NOT_DONE: &str = "ไม่สามารถดำเนินการได้";
const STATUS_NOT_REPORTED: &str = "รอรายงานผล";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BudgetTotals {
    pub planned: Money,
    pub adopted: Money,
    pub disbursed: Money,
}

impl From<scores::BudgetSums> for BudgetTotals {
    fn from(b: scores::BudgetSums) -> Self {
        BudgetTotals {
            planned: Money(b.planned),
            adopted: Money(b.adopted),
            disbursed: Money(b.disbursed),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct MonitoringItem {
    /// "1.4"
    pub code: String,
    pub dimension: u8,
    pub name: String,
    pub units: Vec<String>,
    /// "completed", "in_progress", "not_started", "not_done" or "not_reported".
    pub status: &'static str,
    /// "ดำเนินการแล้วเสร็จ", "ไม่สามารถดำเนินการได้ (ไม่ได้รับงบประมาณ)", "รอรายงานผล", …
    pub status_label: String,
    /// The quarter whose report gives the status (1–4).
    pub quarter: Option<u8>,
    /// "อนุมัติแล้ว", "เผยแพร่แล้ว", …
    pub review_label: Option<String>,
    /// The report's planned budget, or the plan's for the year.
    pub planned: Money,
    pub adopted: Option<Money>,
    pub disbursed: Option<Money>,
    pub narrative: String,
    pub kpis: Vec<KpiLine>,
}

/// A KPI target of the item's form and what was achieved against it.
#[derive(Clone, Debug, Serialize)]
pub struct KpiLine {
    /// The target as the form states it.
    pub target: String,
    /// The value reported, as typed.
    pub actual: Option<String>,
    pub note: Option<String>,
    /// Whether the value meets the target; None when either is missing or unreadable.
    pub met: Option<bool>,
    /// "บรรลุเป้าหมาย", "ไม่บรรลุเป้าหมาย", "ยังไม่รายงาน", "ไม่มีค่าเป้าหมายในแบบฟอร์ม".
    pub result: String,
}

fn monitoring(input: &ReportInput, round: Round) -> MonitoringReport {
    let year = input.fiscal_year;
    let fy = FiscalYear(year);
    let plan = &input.plan;
    let reports: Vec<QuarterReport> = input
        .progress
        .iter()
        .filter(|r| input.include.admits(r.review))
        .cloned()
        .collect();
    // The same items, reports and sums as the dashboards: core's scores module.
    let entries = scores::items_in_round(plan, year, round, &reports);
    let summary = scores::round_summary(plan, year, round, &reports, &scores::UnitMap::new());
    let dimensions = plan
        .dimensions
        .iter()
        .map(|d| {
            let tally = summary.by_dimension.get(&d.no).copied().unwrap_or_default();
            MonitoringDimension {
                no: d.no,
                name: d.name.clone(),
                items: entries
                    .iter()
                    .filter(|e| e.item.dimension == d.no)
                    .map(|e| monitoring_item(e))
                    .collect(),
                score: tally.score.into(),
                budget: tally.budget.into(),
            }
        })
        .collect();
    MonitoringReport {
        header: header(
            input,
            format!("รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {year}"),
            round.thai().into(),
            format!("รายงานผลการดำเนินงาน ปีงบประมาณ พ.ศ. {year} {}", round.thai()),
        ),
        round,
        round_label: round.thai().into(),
        period: format!(
            "{} – {}",
            thai_date(fy.first_day()),
            thai_date(round.last_quarter().last_day(fy))
        ),
        include_label: input.include.thai().into(),
        dimensions,
        score: summary.overall.score.into(),
        budget: summary.overall.budget.into(),
    }
}

fn monitoring_item(entry: &scores::ItemInRound<'_>) -> MonitoringItem {
    let (item, report) = (entry.item, entry.report);
    let (status, status_label) = match report.map(|r| &r.status) {
        None => ("not_reported", STATUS_NOT_REPORTED.to_string()),
        Some(s @ ProgressStatus::NotStarted) => ("not_started", s.thai()),
        Some(s @ ProgressStatus::InProgress) => ("in_progress", s.thai()),
        Some(s @ ProgressStatus::Completed) => ("completed", s.thai()),
        Some(s @ ProgressStatus::NotDone { .. }) => ("not_done", s.thai()),
    };
    let targets = item
        .form
        .as_ref()
        .map(|f| {
            let lines: Vec<String> = f.outputs.iter().chain(&f.outcomes).cloned().collect();
            kpi_targets(&lines)
        })
        .unwrap_or_default();
    MonitoringItem {
        code: item.item_ref().to_string(),
        dimension: item.dimension,
        name: item.name.clone(),
        units: item.units.clone(),
        status,
        status_label,
        quarter: report.map(|r| r.quarter.number()),
        review_label: report.map(|r| r.review.thai().to_string()),
        planned: Money(entry.budget.planned),
        adopted: report.and_then(|r| r.budget_adopted).map(Money),
        disbursed: report.and_then(|r| r.budget_disbursed).map(Money),
        narrative: report
            .map(|r| r.narrative.trim().to_string())
            .unwrap_or_default(),
        kpis: kpi_lines(&targets, report.map_or(&[], |r| &r.kpi_actuals)),
    }
}

/// Pairs the form's targets with the values reported for them (by the target's
/// text); values reported for no target of the form are listed after them.
fn kpi_lines(targets: &[KpiTarget], actuals: &[KpiActual]) -> Vec<KpiLine> {
    let key = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut used = vec![false; actuals.len()];
    let mut lines: Vec<KpiLine> = targets
        .iter()
        .map(|target| {
            let found = actuals
                .iter()
                .enumerate()
                .find(|(i, a)| !used[*i] && key(&a.kpi) == key(&target.text));
            let Some((i, actual)) = found else {
                return KpiLine {
                    target: target.text.clone(),
                    actual: None,
                    note: None,
                    met: None,
                    result: "ยังไม่รายงาน".into(),
                };
            };
            used[i] = true;
            let met = parse_number(&actual.value).map(|v| target.met_by(v));
            KpiLine {
                target: target.text.clone(),
                actual: Some(actual.value.trim().to_string()),
                note: actual.note.clone(),
                met,
                result: match met {
                    Some(true) => "บรรลุเป้าหมาย",
                    Some(false) => "ไม่บรรลุเป้าหมาย",
                    None => "ไม่ได้รายงานเป็นตัวเลข",
                }
                .into(),
            }
        })
        .collect();
    for (actual, _) in actuals.iter().zip(&used).filter(|(_, u)| !**u) {
        lines.push(KpiLine {
            target: actual.kpi.trim().to_string(),
            actual: Some(actual.value.trim().to_string()),
            note: actual.note.clone(),
            met: None,
            result: "ไม่มีค่าเป้าหมายในแบบฟอร์ม".into(),
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(text: &str) -> KpiTarget {
        kpi_targets(&[text.to_string()]).remove(0)
    }

    #[test]
    fn kpis_pair_by_text_and_keep_strays() {
        let targets = [
            target("พึงพอใจไม่ต่ำกว่าร้อยละ 80"),
            target("จัดอบรมไม่น้อยกว่า 2 ครั้ง"),
            target("ผู้เข้าร่วมไม่น้อยกว่า 100 คน"),
        ];
        let actuals = [
            KpiActual {
                kpi: "จัดอบรมไม่น้อยกว่า  2 ครั้ง".into(),
                value: "1".into(),
                note: None,
            },
            KpiActual {
                kpi: "พึงพอใจไม่ต่ำกว่าร้อยละ 80".into(),
                value: "86.5".into(),
                note: Some("แบบสอบถาม 120 ชุด".into()),
            },
            KpiActual {
                kpi: "อื่น".into(),
                value: "มาก".into(),
                note: None,
            },
        ];
        let lines = kpi_lines(&targets, &actuals);
        let got: Vec<(Option<bool>, &str)> =
            lines.iter().map(|l| (l.met, l.result.as_str())).collect();
        assert_eq!(
            got,
            [
                (Some(true), "บรรลุเป้าหมาย"),
                (Some(false), "ไม่บรรลุเป้าหมาย"),
                (None, "ยังไม่รายงาน"),
                (None, "ไม่มีค่าเป้าหมายในแบบฟอร์ม"),
            ]
        );
        assert_eq!(lines[3].target, "อื่น");
    }
}
