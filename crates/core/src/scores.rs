//! What the quarterly reports add up to: the E-PlanNACC completion score and
//! the budget per round, for the whole plan, each dimension and each unit,
//! and the Part 1 targets (ITA score, corruption cases) against their actuals.
//!
//! Pure functions over the plan and the reports the caller chose: pass only
//! published reports for the public, all of them for the back office.

use crate::fiscal::Quarter;
use crate::money::Baht;
use crate::plan::{Item, ItemRef, Period, Plan, TargetRow};
use crate::progress::{QuarterReport, Round, Score, TargetActual, parse_number, status_in_round};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The items a fiscal year's score counts: those with a budget line for the
/// year in Part 2 or a row in the year's E-PlanNACC schedule. A plan that
/// states neither for any item (a document without yearly columns) counts
/// every item in each year of its period.
pub fn items_of_year(plan: &Plan, fiscal_year: u16) -> Vec<&Item> {
    let scheduled: Vec<ItemRef> = plan
        .schedules
        .iter()
        .filter(|s| s.fiscal_year == fiscal_year)
        .flat_map(|s| s.rows.iter().filter_map(|r| r.item))
        .collect();
    let yearly_columns = plan.items().any(|i| !i.budget.is_empty()) || !plan.schedules.is_empty();
    plan.items()
        .filter(|item| {
            if yearly_columns {
                item.budget.contains_key(&fiscal_year) || scheduled.contains(&item.item_ref())
            } else {
                in_period(plan.period, fiscal_year)
            }
        })
        .collect()
}

fn in_period(period: Period, fiscal_year: u16) -> bool {
    (period.first_fiscal_year..=period.last_fiscal_year).contains(&fiscal_year)
}

/// The quarters an item is planned to run in a fiscal year, from the year's
/// schedule (the ✓ columns); all four when the schedule does not say.
pub fn planned_quarters(plan: &Plan, item: ItemRef, fiscal_year: u16) -> Vec<Quarter> {
    let ticked: Vec<Quarter> = plan
        .schedules
        .iter()
        .filter(|s| s.fiscal_year == fiscal_year)
        .flat_map(|s| s.rows.iter())
        .filter(|r| r.item == Some(item))
        .flat_map(|r| r.quarters.iter().filter_map(|&q| Quarter::from_number(q)))
        .collect();
    if ticked.is_empty() {
        return Quarter::ALL.to_vec();
    }
    Quarter::ALL
        .into_iter()
        .filter(|q| ticked.contains(q))
        .collect()
}

/// Which units own which items. The plan's own responsible-unit names by
/// default ([`units_from_plan`]); the back office may map them to unit ids.
pub type UnitMap = BTreeMap<ItemRef, Vec<String>>;

/// Each item's responsible units as the plan names them.
pub fn units_from_plan(plan: &Plan) -> UnitMap {
    plan.items()
        .map(|item| (item.item_ref(), item.units.clone()))
        .collect()
}

/// Budget totals in satang, exact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetSums {
    /// The plan's amount: the report's "budget planned" when given, else Part 2's for the year.
    pub planned: Baht,
    /// Adopted in the เทศบัญญัติ, as reported.
    pub adopted: Baht,
    /// Disbursed by the end of the round, as reported.
    pub disbursed: Baht,
}

impl BudgetSums {
    fn add(&mut self, other: BudgetSums) {
        self.planned += other.planned;
        self.adopted += other.adopted;
        self.disbursed += other.disbursed;
    }

    /// Disbursed as a share of adopted, in hundredths of a percent (None when nothing was adopted).
    pub fn disbursed_percent_hundredths(&self) -> Option<i64> {
        let adopted = i128::from(self.adopted.satang());
        if adopted <= 0 {
            return None;
        }
        let disbursed = i128::from(self.disbursed.satang());
        // Rounded half up; i128 so that no budget can overflow.
        i64::try_from((disbursed * 20_000 + adopted) / (2 * adopted)).ok()
    }
}

/// Score and budget of a set of items in one round.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub score: Score,
    pub budget: BudgetSums,
}

/// One item's place in a round: the report the round takes (the latest
/// quarter within it) and what it adds to the budget.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemInRound<'a> {
    pub item: &'a Item,
    pub report: Option<&'a QuarterReport>,
    pub budget: BudgetSums,
}

/// The whole plan in one round of one fiscal year.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RoundSummary {
    pub fiscal_year: u16,
    pub round: Option<Round>,
    pub overall: Tally,
    pub by_dimension: BTreeMap<u8, Tally>,
    /// An item owned by several units counts fully in each of them, so the
    /// units' totals can add up to more than the plan's.
    pub by_unit: BTreeMap<String, Tally>,
    /// Items the map gives no unit.
    pub without_unit: Tally,
}

/// Each item counted in `fiscal_year` with the report `round` takes for it.
/// `reports` may hold any years and items: the others are ignored.
pub fn items_in_round<'a>(
    plan: &'a Plan,
    fiscal_year: u16,
    round: Round,
    reports: &'a [QuarterReport],
) -> Vec<ItemInRound<'a>> {
    let mut by_item: HashMap<ItemRef, Vec<QuarterReport>> = HashMap::new();
    for r in reports.iter().filter(|r| r.fiscal_year == fiscal_year) {
        by_item.entry(r.item).or_default().push(r.clone());
    }
    items_of_year(plan, fiscal_year)
        .into_iter()
        .map(|item| {
            let chosen = by_item
                .get(&item.item_ref())
                .and_then(|list| status_in_round(list, round))
                .map(QuarterReport::key);
            // Point into the caller's slice, not the temporary grouping.
            let report = chosen.and_then(|key| reports.iter().find(|r| r.key() == key));
            let planned = report
                .and_then(|r| r.budget_planned)
                .or_else(|| item.budget.get(&fiscal_year).copied())
                .unwrap_or_default();
            let budget = BudgetSums {
                planned,
                adopted: report.and_then(|r| r.budget_adopted).unwrap_or_default(),
                disbursed: report.and_then(|r| r.budget_disbursed).unwrap_or_default(),
            };
            ItemInRound {
                item,
                report,
                budget,
            }
        })
        .collect()
}

/// Completion score and budget per round for the plan, each dimension and each unit.
pub fn round_summary(
    plan: &Plan,
    fiscal_year: u16,
    round: Round,
    reports: &[QuarterReport],
    units: &UnitMap,
) -> RoundSummary {
    let mut summary = RoundSummary {
        fiscal_year,
        round: Some(round),
        ..RoundSummary::default()
    };
    // Every dimension appears, even one with no item this year.
    for dimension in &plan.dimensions {
        summary.by_dimension.entry(dimension.no).or_default();
    }
    for entry in items_in_round(plan, fiscal_year, round, reports) {
        let status = entry.report.map(|r| &r.status);
        let mut tallies = vec![&mut summary.overall];
        tallies.push(
            summary
                .by_dimension
                .entry(entry.item.dimension)
                .or_default(),
        );
        for tally in tallies {
            tally.score.add(status);
            tally.budget.add(entry.budget);
        }
        let owners = units.get(&entry.item.item_ref()).filter(|u| !u.is_empty());
        match owners {
            Some(owners) => {
                let mut seen: Vec<&String> = Vec::new();
                for unit in owners {
                    // A unit named twice on one item counts the item once.
                    if seen.contains(&unit) {
                        continue;
                    }
                    seen.push(unit);
                    let tally = summary.by_unit.entry(unit.clone()).or_default();
                    tally.score.add(status);
                    tally.budget.add(entry.budget);
                }
            }
            None => {
                summary.without_unit.score.add(status);
                summary.without_unit.budget.add(entry.budget);
            }
        }
    }
    summary
}

// ---------------------------------------------------------------------------
// Part 1 targets

/// How an indicator of the target table is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TargetKind {
    /// The actual is compared with the target directly, higher is better
    /// ("คะแนน ITA 65 คะแนน": an ITA score of 66 meets it).
    AtLeast,
    /// The target is a reduction in percent against a baseline year, whose
    /// actual is entered too ("จำนวนคดีทุจริตลดลง (คำนวณจากปี 2565) ร้อยละ 10":
    /// 10 cases in 2565 and 8 in 2566 is a 20% reduction, which meets it).
    ReductionFrom { baseline_year: u16 },
}

impl TargetKind {
    /// Reads the indicator's wording. The baseline year is the one the
    /// indicator names ("คำนวณจากปี 2565"), else the year before the plan.
    pub fn of(indicator: &str, period: Period) -> TargetKind {
        let text = crate::thai::arabic_digits(indicator);
        if !text.contains("ลดลง") {
            return TargetKind::AtLeast;
        }
        let baseline_year = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| w.len() == 4)
            .filter_map(|w| w.parse::<u16>().ok())
            .find(|y| (2400..3000).contains(y))
            .unwrap_or(period.first_fiscal_year.saturating_sub(1));
        TargetKind::ReductionFrom { baseline_year }
    }
}

/// One year of a target line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetPoint {
    pub fiscal_year: u16,
    /// As the plan writes it: "ร้อยละ 10", "65 คะแนน".
    pub target_text: Option<String>,
    pub target: Option<f64>,
    /// The value entered for the year (cases, score).
    pub actual: Option<f64>,
    /// What is compared with the target: the actual itself, or the reduction
    /// in percent against the baseline.
    pub achieved: Option<f64>,
    /// None while there is nothing to compare.
    pub met: Option<bool>,
}

/// One indicator of Part 1 with its target and actual per year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetLine {
    pub indicator: String,
    pub kind: TargetKind,
    /// The baseline year's actual, for a reduction target.
    pub baseline: Option<f64>,
    /// One point per fiscal year of the plan, oldest first.
    pub points: Vec<TargetPoint>,
}

/// The plan's targets against the actuals entered. Actuals of other
/// indicators or years are ignored.
pub fn target_lines(
    targets: &[TargetRow],
    actuals: &[TargetActual],
    period: Period,
) -> Vec<TargetLine> {
    targets
        .iter()
        .map(|row| {
            let kind = TargetKind::of(&row.indicator, period);
            let actual_of = |year: u16| {
                actuals
                    .iter()
                    .find(|a| a.indicator == row.indicator && a.fiscal_year == year)
                    .and_then(|a| parse_number(&a.value))
            };
            let baseline = match kind {
                TargetKind::ReductionFrom { baseline_year } => actual_of(baseline_year),
                TargetKind::AtLeast => None,
            };
            let points = period
                .years()
                .map(|year| {
                    let value = row.values.get(&year);
                    let target = value.and_then(|v| v.number).map(f64::from);
                    let actual = actual_of(year);
                    let achieved = match kind {
                        TargetKind::AtLeast => actual,
                        TargetKind::ReductionFrom { .. } => match (baseline, actual) {
                            (Some(base), Some(now)) if base > 0.0 => {
                                Some((base - now) / base * 100.0)
                            }
                            _ => None,
                        },
                    };
                    let met = match (kind, baseline, actual) {
                        // Nothing to reduce: met while it stays at none.
                        (TargetKind::ReductionFrom { .. }, Some(base), Some(now))
                            if base <= 0.0 =>
                        {
                            Some(now <= 0.0)
                        }
                        _ => achieved.zip(target).map(|(a, t)| a >= t),
                    };
                    TargetPoint {
                        fiscal_year: year,
                        target_text: value.map(|v| v.text.clone()),
                        target,
                        actual,
                        achieved,
                        met,
                    }
                })
                .collect();
            TargetLine {
                indicator: row.indicator.clone(),
                kind,
                baseline,
                points,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Dimension, Mission, Schedule, ScheduleRow, TargetValue};
    use crate::progress::{NotDoneReason, ProgressStatus, ReportKey, ReviewState};

    fn item(dimension: u8, no: u32, budget: i64, units: &[&str]) -> Item {
        Item {
            dimension,
            no,
            kind: None,
            name: format!("รายการ {dimension}.{no}"),
            budget: [
                (2568, Baht::from_baht(budget)),
                (2569, Baht::from_baht(budget)),
            ]
            .into(),
            units: units.iter().map(|u| u.to_string()).collect(),
            form: None,
            line: None,
        }
    }

    fn plan() -> Plan {
        let mission = |code: &str, items: Vec<Item>| Mission {
            code: code.into(),
            name: code.into(),
            items,
        };
        let mut only_2569 = item(2, 3, 5_000, &["กองคลัง"]);
        only_2569.budget.remove(&2568);
        Plan {
            period: Period {
                first_fiscal_year: 2566,
                last_fiscal_year: 2570,
            },
            dimensions: vec![
                Dimension {
                    no: 1,
                    name: "มิติ 1".into(),
                    missions: vec![mission(
                        "1.1",
                        vec![
                            item(1, 1, 100_000, &["กองยุทธศาสตร์ฯ"]),
                            item(1, 2, 0, &["กองยุทธศาสตร์ฯ", "กองคลัง"]),
                        ],
                    )],
                    ..Dimension::default()
                },
                Dimension {
                    no: 2,
                    name: "มิติ 2".into(),
                    missions: vec![mission("2.1", vec![item(2, 1, 30_000, &[]), only_2569])],
                    ..Dimension::default()
                },
                Dimension {
                    no: 3,
                    name: "มิติ 3".into(),
                    ..Dimension::default()
                },
            ],
            ..Plan::default()
        }
    }

    fn report(d: u8, n: u32, q: Quarter, status: ProgressStatus) -> QuarterReport {
        let mut r = QuarterReport::new(ReportKey {
            item: ItemRef {
                dimension: d,
                no: n,
            },
            fiscal_year: 2568,
            quarter: q,
        });
        r.status = status;
        r.review = ReviewState::Published;
        r
    }

    #[test]
    fn the_year_counts_items_with_a_budget_line_or_a_schedule_row() {
        let mut p = plan();
        let refs = |p: &Plan, y| {
            items_of_year(p, y)
                .iter()
                .map(|i| i.item_ref().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(refs(&p, 2568), ["1.1", "1.2", "2.1"]);
        assert_eq!(refs(&p, 2569), ["1.1", "1.2", "2.1", "2.3"]);
        assert!(refs(&p, 2570).is_empty());
        p.schedules.push(Schedule {
            fiscal_year: 2570,
            rows: vec![ScheduleRow {
                order: 1,
                item: Some(ItemRef {
                    dimension: 2,
                    no: 3,
                }),
                name: "x".into(),
                dimension: Some(2),
                budget: Baht::ZERO,
                quarters: vec![2, 4],
                match_confidence: 1.0,
                line: None,
            }],
            ..Schedule::default()
        });
        assert_eq!(refs(&p, 2570), ["2.3"]);
        let r23 = ItemRef {
            dimension: 2,
            no: 3,
        };
        assert_eq!(planned_quarters(&p, r23, 2570), [Quarter::Q2, Quarter::Q4]);
        assert_eq!(planned_quarters(&p, r23, 2569), Quarter::ALL);

        // A plan without yearly columns: every item in every year of its period.
        for item in p.items_mut() {
            item.budget.clear();
        }
        p.schedules.clear();
        assert_eq!(refs(&p, 2566).len(), 4);
        assert!(refs(&p, 2571).is_empty());
    }

    #[test]
    fn score_per_round_dimension_and_unit() {
        let p = plan();
        let reports = vec![
            report(1, 1, Quarter::Q1, ProgressStatus::InProgress),
            report(1, 1, Quarter::Q3, ProgressStatus::Completed),
            report(1, 2, Quarter::Q2, ProgressStatus::InProgress),
            report(
                2,
                1,
                Quarter::Q4,
                ProgressStatus::NotDone {
                    reason: NotDoneReason::NoBudget,
                },
            ),
            // Another year, and an item outside 2568: both ignored.
            QuarterReport {
                fiscal_year: 2569,
                ..report(2, 1, Quarter::Q1, ProgressStatus::Completed)
            },
            report(2, 3, Quarter::Q1, ProgressStatus::Completed),
        ];
        let units = units_from_plan(&p);

        let six = round_summary(&p, 2568, Round::SixMonths, &reports, &units);
        // 1.1 in progress (Q1), 1.2 in progress (Q2), 2.1 not reported by March.
        assert_eq!(six.overall.score.items, 3);
        assert_eq!(six.overall.score.in_progress, 2);
        assert_eq!(six.overall.score.not_reported, 1);
        assert_eq!(six.overall.score.percent_text(), "33.33");
        assert_eq!(six.by_dimension[&1].score.percent_text(), "50.00");
        assert_eq!(six.by_dimension[&2].score.percent_text(), "0.00");
        assert_eq!(
            six.by_dimension[&3].score.items, 0,
            "an empty dimension is listed"
        );

        let year = round_summary(&p, 2568, Round::TwelveMonths, &reports, &units);
        // 1.1 completed (Q3), 1.2 in progress, 2.1 not done: (1 + 0.5) / 3.
        assert_eq!(year.overall.score.completed, 1);
        assert_eq!(year.overall.score.not_done, 1);
        assert_eq!(year.overall.score.percent_text(), "50.00");
        assert_eq!(year.by_unit["กองยุทธศาสตร์ฯ"].score.items, 2);
        assert_eq!(year.by_unit["กองยุทธศาสตร์ฯ"].score.percent_text(), "75.00");
        // 1.2 is owned by two units and counts in both.
        assert_eq!(year.by_unit["กองคลัง"].score.items, 1);
        assert_eq!(year.by_unit["กองคลัง"].score.percent_text(), "50.00");
        assert_eq!(year.without_unit.score.items, 1, "2.1 has no unit");
        assert!(!year.by_unit.contains_key(""));
    }

    #[test]
    fn budgets_sum_exactly_and_fall_back_to_the_plan() {
        let p = plan();
        let mut r11 = report(1, 1, Quarter::Q2, ProgressStatus::InProgress);
        r11.budget_planned = Some(Baht::from_satang(9_000_050));
        r11.budget_adopted = Some(Baht::from_baht(80_000));
        r11.budget_disbursed = Some(Baht::from_satang(2_000_025));
        let mut r21 = report(2, 1, Quarter::Q1, ProgressStatus::InProgress);
        r21.budget_adopted = Some(Baht::from_baht(30_000));
        r21.budget_disbursed = Some(Baht::from_baht(30_000));
        let reports = vec![r11, r21];
        let s = round_summary(&p, 2568, Round::SixMonths, &reports, &units_from_plan(&p));
        // Planned: 90,000.50 (reported) + 0 (1.2, plan) + 30,000 (2.1, plan).
        assert_eq!(s.overall.budget.planned, Baht::from_satang(12_000_050));
        assert_eq!(s.overall.budget.adopted, Baht::from_baht(110_000));
        assert_eq!(s.overall.budget.disbursed, Baht::from_satang(5_000_025));
        assert_eq!(s.by_dimension[&2].budget.disbursed, Baht::from_baht(30_000));
        assert_eq!(
            s.by_dimension[&2].budget.disbursed_percent_hundredths(),
            Some(10_000)
        );
        // 50,000.25 of 110,000 = 45.4547…% → 45.45%.
        assert_eq!(s.overall.budget.disbursed_percent_hundredths(), Some(4_545));
        assert_eq!(BudgetSums::default().disbursed_percent_hundredths(), None);
        // The unit map decides: 1.1 has one unit; 1.2 (no report) plans 0.
        assert_eq!(
            s.by_unit["กองยุทธศาสตร์ฯ"].budget.planned,
            Baht::from_satang(9_000_050)
        );
    }

    #[test]
    fn items_in_round_point_at_the_callers_reports() {
        let p = plan();
        let reports = vec![
            report(1, 1, Quarter::Q1, ProgressStatus::InProgress),
            report(1, 1, Quarter::Q2, ProgressStatus::Completed),
        ];
        let rows = items_in_round(&p, 2568, Round::SixMonths, &reports);
        assert_eq!(rows.len(), 3);
        assert!(std::ptr::eq(rows[0].report.unwrap(), &reports[1]));
        assert!(rows[1].report.is_none());
    }

    fn targets() -> Vec<TargetRow> {
        let row = |indicator: &str, values: [(u16, &str, u32); 5]| TargetRow {
            indicator: indicator.into(),
            values: values
                .iter()
                .map(|&(y, text, n)| {
                    (
                        y,
                        TargetValue {
                            text: text.into(),
                            number: Some(n),
                        },
                    )
                })
                .collect(),
            line: None,
        };
        vec![
            row(
                "จำนวนคดีทุจริตลดลง (คำนวณจากปี 2565)",
                [
                    (2566, "ร้อยละ 10", 10),
                    (2567, "ร้อยละ 20", 20),
                    (2568, "ร้อยละ 30", 30),
                    (2569, "ร้อยละ 40", 40),
                    (2570, "ร้อยละ 50", 50),
                ],
            ),
            row(
                "คะแนน ITA",
                [
                    (2566, "65 คะแนน", 65),
                    (2567, "70 คะแนน", 70),
                    (2568, "75 คะแนน", 75),
                    (2569, "80 คะแนน", 80),
                    (2570, "85 คะแนน", 85),
                ],
            ),
        ]
    }

    fn actual(indicator: &str, year: u16, value: &str) -> TargetActual {
        TargetActual {
            indicator: indicator.into(),
            fiscal_year: year,
            value: value.into(),
            note: None,
            updated_by: None,
            updated_at: None,
        }
    }

    #[test]
    fn targets_are_read_from_their_wording() {
        let period = Period {
            first_fiscal_year: 2566,
            last_fiscal_year: 2570,
        };
        assert_eq!(
            TargetKind::of("จำนวนคดีทุจริตลดลง (คำนวณจากปี ๒๕๖๕)", period),
            TargetKind::ReductionFrom {
                baseline_year: 2565
            }
        );
        assert_eq!(
            TargetKind::of("เรื่องร้องเรียนลดลง", period),
            TargetKind::ReductionFrom {
                baseline_year: 2565
            }
        );
        assert_eq!(TargetKind::of("คะแนน ITA", period), TargetKind::AtLeast);
    }

    #[test]
    fn actuals_against_the_target_line() {
        let period = Period {
            first_fiscal_year: 2566,
            last_fiscal_year: 2570,
        };
        let cases = "จำนวนคดีทุจริตลดลง (คำนวณจากปี 2565)";
        let actuals = vec![
            actual(cases, 2565, "10"),
            actual(cases, 2566, "9"),
            actual(cases, 2567, "9"),
            actual("คะแนน ITA", 2566, "64.99"),
            actual("คะแนน ITA", 2567, "70"),
            actual("ตัวชี้วัดอื่น", 2566, "1"),
        ];
        let lines = target_lines(&targets(), &actuals, period);
        assert_eq!(lines.len(), 2);

        let cases_line = &lines[0];
        assert_eq!(cases_line.baseline, Some(10.0));
        assert_eq!(cases_line.points.len(), 5);
        let p66 = &cases_line.points[0];
        assert_eq!(p66.target_text.as_deref(), Some("ร้อยละ 10"));
        assert_eq!(p66.actual, Some(9.0));
        assert!((p66.achieved.unwrap() - 10.0).abs() < 1e-9);
        assert_eq!(p66.met, Some(true), "10% fewer cases meets 10%");
        assert_eq!(
            cases_line.points[1].met,
            Some(false),
            "10% does not meet 20%"
        );
        assert_eq!(cases_line.points[2].met, None, "no actual for 2568");

        let ita = &lines[1];
        assert_eq!(ita.kind, TargetKind::AtLeast);
        assert_eq!(ita.points[0].met, Some(false), "64.99 < 65");
        assert_eq!(ita.points[1].met, Some(true), "70 meets 70");
        assert_eq!(ita.points[4].target, Some(85.0));

        // Without a baseline the reduction cannot be computed.
        let lines = target_lines(&targets(), &actuals[1..], period);
        assert_eq!(lines[0].points[0].achieved, None);
        assert_eq!(lines[0].points[0].met, None);
        // A baseline of none: met while none stay none.
        let zero = vec![actual(cases, 2565, "0"), actual(cases, 2566, "0")];
        assert_eq!(
            target_lines(&targets(), &zero, period)[0].points[0].met,
            Some(true)
        );
    }
}
