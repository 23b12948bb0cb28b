//! Monthly statistics of a fiscal year, small counts suppressed.

use super::{CaseClock, Channel};
use crate::fiscal::FiscalYear;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// A count that may point at a person when small: 1 and 2 are never shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmallCount {
    /// 0, or 3 and more.
    Count(u32),
    /// 1 or 2.
    FewerThanThree,
    /// Large enough to show, but hidden so that a lone "fewer than 3" in the
    /// same column cannot be worked out from the column's total.
    Withheld,
}

impl SmallCount {
    pub fn of(n: u32) -> SmallCount {
        if (1..=2).contains(&n) {
            SmallCount::FewerThanThree
        } else {
            SmallCount::Count(n)
        }
    }

    pub fn thai(self) -> String {
        match self {
            SmallCount::Count(n) => n.to_string(),
            SmallCount::FewerThanThree => "น้อยกว่า 3".into(),
            SmallCount::Withheld => "ไม่แสดง".into(),
        }
    }
}

/// What statistics need of one case: no content, no contact, no identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseFacts {
    pub channel: Channel,
    pub category: String,
    /// Thai date of receipt.
    pub received_on: Date,
    pub clock: CaseClock,
}

/// One month of a fiscal year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCounts {
    /// CE year and month (1–12).
    pub year: i32,
    pub month: u8,
    /// Received in the month.
    pub received: u32,
    /// Of those, completed by the report date.
    pub completed: u32,
    /// Of those, still open.
    pub in_progress: u32,
    /// Of those, completed late or still open past the due date.
    pub overdue: u32,
}

/// One category's received counts per month, small counts suppressed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCounts {
    pub channel: Channel,
    pub category: String,
    /// October first, as [`MonthlyStatistics::months`].
    pub received: Vec<SmallCount>,
    pub total: SmallCount,
}

/// Monthly statistics of a fiscal year, as the plan requires them published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyStatistics {
    pub fiscal_year: u16,
    /// None: both channels.
    pub channel: Option<Channel>,
    /// October to September.
    pub months: Vec<MonthCounts>,
    /// Categories with at least one case in the year, by code.
    pub categories: Vec<CategoryCounts>,
}

impl MonthlyStatistics {
    /// Counts `cases` (those of other years and channels are ignored) as of `today`.
    pub fn compute(
        fiscal_year: FiscalYear,
        channel: Option<Channel>,
        cases: &[CaseFacts],
        today: Date,
    ) -> MonthlyStatistics {
        let first = fiscal_year.first_day();
        let mut months: Vec<MonthCounts> = (0..12)
            .map(|i| {
                let (year, month) = add_months(first.year(), 10, i);
                MonthCounts {
                    year,
                    month,
                    received: 0,
                    completed: 0,
                    in_progress: 0,
                    overdue: 0,
                }
            })
            .collect();
        let mut per_category: std::collections::BTreeMap<(Channel, String), [u32; 12]> =
            Default::default();
        for case in cases {
            if !fiscal_year.contains(case.received_on) || channel.is_some_and(|c| c != case.channel)
            {
                continue;
            }
            let index = month_index(case.received_on);
            let row = &mut months[index];
            row.received += 1;
            // As of `today`: a completion after it is still "in progress".
            let completed = case.clock.completed_on.is_some_and(|d| d <= today);
            if completed {
                row.completed += 1;
            } else {
                row.in_progress += 1;
            }
            let late = if completed {
                case.clock.completed_late()
            } else {
                today > case.clock.due_date
            };
            if late {
                row.overdue += 1;
            }
            per_category
                .entry((case.channel, case.category.clone()))
                .or_default()[index] += 1;
        }
        let mut categories: Vec<CategoryCounts> = per_category
            .into_iter()
            .map(|((channel, category), counts)| CategoryCounts {
                channel,
                category,
                received: counts.iter().map(|&n| SmallCount::of(n)).collect(),
                total: SmallCount::of(counts.iter().sum()),
            })
            .collect();
        withhold_complements(&mut categories);
        MonthlyStatistics {
            fiscal_year: fiscal_year.0,
            channel,
            months,
            categories,
        }
    }
}

/// Complementary suppression. The month totals are published exactly, and
/// so is each category's year total: a column (a month, or the totals) or a
/// row (a category's months and its total) with exactly one "fewer than 3"
/// would give that cell away as the total minus the others. In such a line
/// the smallest shown count is withheld too, leaving only a sum of two
/// hidden cells; withholding a cell can expose another line, so this repeats
/// until no line has a lone hidden cell. (A month whose only cases are in one
/// category still shows its total: the statistics the plan requires are
/// monthly totals.)
fn withhold_complements(categories: &mut [CategoryCounts]) {
    let columns = categories.first().map_or(0, |c| c.received.len());
    // A cell is (row, column); column `columns` is the category's total.
    let get = |categories: &[CategoryCounts], (row, column): (usize, usize)| {
        if column == columns {
            categories[row].total
        } else {
            categories[row].received[column]
        }
    };
    let mut lines: Vec<Vec<(usize, usize)>> = (0..=columns)
        .map(|column| (0..categories.len()).map(|row| (row, column)).collect())
        .collect();
    lines.extend(
        (0..categories.len()).map(|row| (0..=columns).map(|column| (row, column)).collect()),
    );
    loop {
        let mut withheld = None;
        for line in &lines {
            let hidden = line
                .iter()
                .filter(|&&at| !matches!(get(categories, at), SmallCount::Count(_)))
                .count();
            if hidden != 1 {
                continue;
            }
            withheld = line
                .iter()
                .filter_map(|&at| match get(categories, at) {
                    SmallCount::Count(n) if n > 0 => Some((n, at)),
                    _ => None,
                })
                .min_by_key(|(n, _)| *n)
                .map(|(_, at)| at);
            if withheld.is_some() {
                break;
            }
        }
        // Withholding a cell can leave another line with a lone hidden cell:
        // go again until no line has one (each round hides one more cell).
        let Some((row, column)) = withheld else { break };
        if column == columns {
            categories[row].total = SmallCount::Withheld;
        } else {
            categories[row].received[column] = SmallCount::Withheld;
        }
    }
}

/// Position of a date's month in its fiscal year: October = 0.
fn month_index(date: Date) -> usize {
    (usize::from(date.month() as u8) + 2) % 12
}

fn add_months(year: i32, month: u8, add: u8) -> (i32, u8) {
    let zero_based = u32::from(month - 1) + u32::from(add);
    (year + (zero_based / 12) as i32, (zero_based % 12) as u8 + 1)
}

/// The Thai month and BE year of a month: "ต.ค. 2567".
pub fn month_label(year: i32, month: u8) -> String {
    let name = Month::try_from(month).map_or("?", |m| crate::thai::MONTHS_SHORT[m as usize - 1]);
    format!("{name} {}", crate::fiscal::ce_to_be(year))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::*;
    use time::Duration;
    use time::macros::date;

    fn facts(category: &str, received_on: Date, completed_on: Option<Date>) -> CaseFacts {
        CaseFacts {
            channel: Channel::General,
            category: category.into(),
            received_on,
            clock: CaseClock {
                due_date: received_on + Duration::days(15),
                completed_on,
                delay_explained: false,
            },
        }
    }

    #[test]
    fn monthly_statistics_follow_the_fiscal_year_and_suppress_small_cells() {
        let cases = vec![
            facts("roads", date!(2024 - 10 - 01), Some(date!(2024 - 10 - 05))),
            facts("roads", date!(2024 - 10 - 02), Some(date!(2024 - 10 - 30))),
            facts("roads", date!(2024 - 10 - 03), None),
            facts("waste", date!(2024 - 10 - 04), None),
            facts("waste", date!(2025 - 09 - 30), None),
            // Another fiscal year, and another channel.
            facts("roads", date!(2024 - 09 - 30), None),
            CaseFacts {
                channel: Channel::Corruption,
                ..facts("bribery", date!(2024 - 10 - 05), None)
            },
        ];
        let stats = MonthlyStatistics::compute(
            FiscalYear(2568),
            Some(Channel::General),
            &cases,
            date!(2024 - 10 - 25),
        );
        assert_eq!(stats.months.len(), 12);
        assert_eq!((stats.months[0].year, stats.months[0].month), (2024, 10));
        assert_eq!((stats.months[11].year, stats.months[11].month), (2025, 9));
        let october = stats.months[0];
        assert_eq!(
            (
                october.received,
                october.completed,
                october.in_progress,
                october.overdue
            ),
            (4, 1, 3, 3),
            "one completed in time; three open on 25 Oct, all past their due dates"
        );
        assert_eq!(stats.months[11].received, 1);
        assert_eq!(stats.categories.len(), 2);
        assert_eq!(stats.categories[0].category, "roads");
        assert_eq!(stats.categories[1].received[0], SmallCount::FewerThanThree);
        // October's total (4) minus roads (3) would give waste away: roads is
        // withheld too; and so is its yearly total beside waste's 2.
        assert_eq!(stats.categories[0].received[0], SmallCount::Withheld);
        assert_eq!(stats.categories[0].total, SmallCount::Withheld);
        assert_eq!(stats.categories[1].received[1], SmallCount::Count(0));
        assert_eq!(stats.categories[1].total, SmallCount::FewerThanThree);
        let both =
            MonthlyStatistics::compute(FiscalYear(2568), None, &cases, date!(2024 - 10 - 25));
        assert_eq!(both.months[0].received, 5);
        // Two small cells in October (waste and bribery): only their sum can be
        // worked out, so roads is shown.
        let roads = both
            .categories
            .iter()
            .find(|c| c.category == "roads")
            .unwrap();
        assert_eq!(roads.received[0], SmallCount::Count(3));
        assert_eq!(SmallCount::Withheld.thai(), "ไม่แสดง");
        assert_eq!(SmallCount::FewerThanThree.thai(), "น้อยกว่า 3");
        assert_eq!(
            serde_json::to_string(&SmallCount::FewerThanThree).unwrap(),
            "\"fewer_than_three\""
        );
        assert_eq!(month_label(2024, 10), "ต.ค. 2567");
    }

    #[test]
    fn a_lone_small_cell_in_a_row_is_protected_too() {
        // roads: 3 in October, 2 in November (total 5); lights: 3 and 4.
        let mut cases = Vec::new();
        for (category, month, n) in [
            ("roads", 10, 3),
            ("roads", 11, 2),
            ("lights", 10, 3),
            ("lights", 11, 4),
        ] {
            for day in 1..=n {
                let received =
                    Date::from_calendar_date(2024, Month::try_from(month).unwrap(), day).unwrap();
                cases.push(facts(category, received, None));
            }
        }
        let stats =
            MonthlyStatistics::compute(FiscalYear(2568), None, &cases, date!(2024 - 12 - 01));
        let row = |name: &str| {
            stats
                .categories
                .iter()
                .find(|c| c.category == name)
                .unwrap()
        };
        // Without the row rule, roads' November would be its total minus October.
        assert_eq!(row("roads").received[1], SmallCount::FewerThanThree);
        assert_eq!(row("roads").total, SmallCount::Count(5));
        assert_eq!(row("roads").received[0], SmallCount::Withheld);
        // … which leaves October with a lone hidden cell: lights' is withheld as well.
        assert_eq!(row("lights").received[0], SmallCount::Withheld);
        // No line (a month, the totals, or a category's row) has exactly one hidden cell.
        let hidden = |cells: Vec<SmallCount>| {
            cells
                .iter()
                .filter(|c| !matches!(c, SmallCount::Count(_)))
                .count()
        };
        for column in 0..12 {
            let cells = stats
                .categories
                .iter()
                .map(|c| c.received[column])
                .collect();
            assert_ne!(hidden(cells), 1, "month {column}");
        }
        assert_ne!(
            hidden(stats.categories.iter().map(|c| c.total).collect()),
            1
        );
        for c in &stats.categories {
            let mut cells = c.received.clone();
            cells.push(c.total);
            assert_ne!(hidden(cells), 1, "{}", c.category);
        }
    }

    #[test]
    fn a_case_completed_after_the_report_date_is_not_yet_late() {
        // Due 16 October, completed late on 20 October.
        let case = facts("roads", date!(2024 - 10 - 01), Some(date!(2024 - 10 - 20)));
        let as_of = |day| {
            MonthlyStatistics::compute(FiscalYear(2568), None, std::slice::from_ref(&case), day)
                .months[0]
        };
        let before_due = as_of(date!(2024 - 10 - 10));
        assert_eq!(
            (
                before_due.completed,
                before_due.in_progress,
                before_due.overdue
            ),
            (0, 1, 0)
        );
        let after = as_of(date!(2024 - 10 - 25));
        assert_eq!((after.completed, after.overdue), (1, 1));
    }
}
