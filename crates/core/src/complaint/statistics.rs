//! The statistics of a fiscal year as they are published (the public page,
//! the API, the report to executives): nothing in them lets a count of 1 or
//! 2 be worked out.
//!
//! Shapes, and why:
//! - **General channel: by month**, as the plan requires: received,
//!   completed, in progress and overdue per month are exact; each category's
//!   month cells and year total are [`SmallCount`]s.
//! - **Corruption channel: the fiscal year only**, no month and no quarter.
//!   Reports are few (a handful a year), so a month or a quarter would mostly
//!   show one report with its category and when it came in, which can be
//!   matched with who was seen where. Received, completed, in progress and
//!   overdue of the year, and every category, are [`SmallCount`]s, and the
//!   satisfaction figure is published only from
//!   [`MIN_PUBLIC_CORRUPTION_ANSWERS`] answers. The year so far is counted
//!   as of the end of the last quarter that has ended: a page that changed
//!   the day a report came in would date it for anyone who looks every day.
//! - **Both channels: side by side, never added up.** A figure over both
//!   channels minus the general channel's would give the corruption
//!   channel's months back.
//! - **Every enabled category is listed** (and a disabled one that has a
//!   case): an absent category is not a zero, and zeros are there to hide
//!   beside a small count.
//!
//! Suppression: a count of 1 or 2 is shown as "fewer than 3"; then, while a
//! reader who knows how this is built could pin a hidden cell to one value —
//! from a published total minus the shown cells of its line, and from what
//! the labels say ("fewer than 3" is 1 or 2, "withheld" is any count) carried
//! from line to line — one more cell of that cell's lines is withheld
//! (complementary suppression). The reader's reasoning is modelled as bounds
//! carried along every line until nothing changes; on the corruption
//! channel's lines, which share only the year's total, that is exact. On the
//! general channel's table (months × categories) it catches every lone
//! hidden cell and every chain of them, but not every combination of lines.

use super::{CaseClock, Category, Channel, Origin, ReceivedVia, SatisfactionSummary};
use crate::fiscal::{FiscalYear, Quarter};
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
    /// Any count (1 or 2 included), hidden so that no hidden cell can be
    /// worked out from the others.
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

    /// The count, when it is shown.
    pub fn shown(self) -> Option<u32> {
        match self {
            SmallCount::Count(n) => Some(n),
            _ => None,
        }
    }
}

/// What statistics need of one case: no content, no contact, no identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseFacts {
    pub channel: Channel,
    pub category: String,
    /// General complaints: how it was received.
    pub received_via: ReceivedVia,
    /// Corruption cases: where it came from.
    pub origin: Origin,
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

/// The general channel's statistics of a fiscal year, by month, as the plan
/// requires them published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyStatistics {
    pub fiscal_year: u16,
    pub channel: Channel,
    /// October to September, exact.
    pub months: Vec<MonthCounts>,
    /// Every enabled category, and a disabled one with a case in the year,
    /// in the organisation's order.
    pub categories: Vec<CategoryCounts>,
    /// The year's complaints by way of receipt (web, phone, counter …),
    /// every way listed, small counts suppressed.
    pub received_via: Vec<WayCount>,
}

/// How many complaints of the year came in one way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WayCount {
    pub received_via: ReceivedVia,
    pub received: SmallCount,
}

/// How many corruption cases of the year had one origin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginCount {
    pub origin: Origin,
    pub received: SmallCount,
}

/// The corruption channel publishes its satisfaction figure only from this
/// many answers: with fewer, it is one reporter's rating.
pub const MIN_PUBLIC_CORRUPTION_ANSWERS: u32 = 5;

/// One category's count of the year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCategory {
    pub category: String,
    pub received: SmallCount,
}

/// The corruption channel's statistics: the fiscal year only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearStatistics {
    pub fiscal_year: u16,
    /// The counts are as of this day, the last of the latest quarter of the
    /// year that has ended; None before the first quarter ends (every count
    /// is then 0).
    pub as_of: Option<Date>,
    pub received: SmallCount,
    /// Of those, completed by the report date.
    pub completed: SmallCount,
    pub in_progress: SmallCount,
    /// Completed late or still open past the due date.
    pub overdue: SmallCount,
    /// Every enabled category, and a disabled one with a case in the year.
    pub categories: Vec<YearCategory>,
    /// Reported, known to the municipality, detected by its audit: counted
    /// apart (measure 4.5), small counts suppressed.
    pub origins: Vec<OriginCount>,
    /// None below [`MIN_PUBLIC_CORRUPTION_ANSWERS`] answers.
    pub satisfaction: Option<SatisfactionSummary>,
}

/// What is published for a fiscal year: one channel, or both side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedStatistics {
    pub fiscal_year: u16,
    /// None: both channels.
    pub channel: Option<Channel>,
    pub general: Option<MonthlyStatistics>,
    pub corruption: Option<YearStatistics>,
}

impl PublishedStatistics {
    /// `categories`: the organisation's categories of both channels;
    /// `corruption_satisfaction`: the answers on corruption reports of the
    /// year (the general channel's figure is published as it is).
    pub fn compute(
        fiscal_year: FiscalYear,
        channel: Option<Channel>,
        cases: &[CaseFacts],
        categories: &[Category],
        corruption_satisfaction: SatisfactionSummary,
        today: Date,
    ) -> PublishedStatistics {
        let wanted = |c: Channel| channel.is_none_or(|only| only == c);
        PublishedStatistics {
            fiscal_year: fiscal_year.0,
            channel,
            general: wanted(Channel::General).then(|| {
                MonthlyStatistics::compute(fiscal_year, Channel::General, cases, categories, today)
            }),
            corruption: wanted(Channel::Corruption).then(|| {
                YearStatistics::compute(
                    fiscal_year,
                    cases,
                    categories,
                    corruption_satisfaction,
                    today,
                )
            }),
        }
    }
}

/// The counts of one case as of `today`: (completed, late).
fn standing(clock: &CaseClock, today: Date) -> (bool, bool) {
    // As of `today`: a completion after it is still "in progress".
    let completed = clock.completed_on.is_some_and(|d| d <= today);
    let late = if completed {
        clock.completed_late()
    } else {
        today > clock.due_date
    };
    (completed, late)
}

/// The categories to list, in order: the channel's enabled ones and those
/// with a case; a code no longer known comes last, by code.
fn listed_categories(
    channel: Channel,
    categories: &[Category],
    with_cases: &std::collections::BTreeSet<&str>,
) -> Vec<String> {
    let mut listed: Vec<String> = categories
        .iter()
        .filter(|c| c.channel == channel && (c.enabled || with_cases.contains(c.code.as_str())))
        .map(|c| c.code.clone())
        .collect();
    for code in with_cases {
        if !listed.iter().any(|l| l == code) {
            listed.push((*code).to_string());
        }
    }
    listed
}

impl MonthlyStatistics {
    /// Counts `channel`'s cases of the year (others are ignored) as of
    /// `today`. Meant for the general channel: the corruption channel is
    /// published by [`YearStatistics`].
    pub fn compute(
        fiscal_year: FiscalYear,
        channel: Channel,
        cases: &[CaseFacts],
        categories: &[Category],
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
        let mine: Vec<&CaseFacts> = cases
            .iter()
            .filter(|c| c.channel == channel && fiscal_year.contains(c.received_on))
            .collect();
        let with_cases = mine.iter().map(|c| c.category.as_str()).collect();
        let listed = listed_categories(channel, categories, &with_cases);
        let mut counts = vec![[0u32; 12]; listed.len()];
        for case in &mine {
            let index = month_index(case.received_on);
            let row = &mut months[index];
            row.received += 1;
            let (completed, late) = standing(&case.clock, today);
            if completed {
                row.completed += 1;
            } else {
                row.in_progress += 1;
            }
            if late {
                row.overdue += 1;
            }
            if let Some(k) = listed.iter().position(|l| *l == case.category) {
                counts[k][index] += 1;
            }
        }
        // The table as lines: cells 0–11 the months' totals and 12 the
        // year's (published exactly), then 13 cells per category (its 12
        // months and its total).
        let mut table = Table::default();
        for m in &months {
            table.fixed(m.received);
        }
        table.fixed(months.iter().map(|m| m.received).sum());
        // A lone category is the month totals themselves: hiding its cells
        // would hide nothing.
        let lone = listed.len() == 1;
        for row in &counts {
            for &n in row.iter().chain([&row.iter().sum()]) {
                if lone { table.fixed(n) } else { table.small(n) }
            }
        }
        let cell = |k: usize, column: usize| 13 + 13 * k + column;
        for column in 0..=12 {
            table.line(column, (0..listed.len()).map(|k| cell(k, column)).collect());
        }
        for k in 0..listed.len() {
            table.line(cell(k, 12), (0..12).map(|column| cell(k, column)).collect());
        }
        table.suppress();
        // By way of receipt: a table of its own over the year's total,
        // which is published exactly.
        let mut ways = Table::default();
        ways.fixed(mine.len() as u32);
        for via in ReceivedVia::ALL {
            ways.small(mine.iter().filter(|c| c.received_via == via).count() as u32);
        }
        ways.line(0, (1..=ReceivedVia::ALL.len()).collect());
        ways.suppress();
        MonthlyStatistics {
            fiscal_year: fiscal_year.0,
            channel,
            received_via: ReceivedVia::ALL
                .into_iter()
                .enumerate()
                .map(|(k, received_via)| WayCount {
                    received_via,
                    received: ways.shown[1 + k],
                })
                .collect(),
            months,
            categories: listed
                .into_iter()
                .enumerate()
                .map(|(k, category)| CategoryCounts {
                    channel,
                    category,
                    received: (0..12).map(|column| table.shown[cell(k, column)]).collect(),
                    total: table.shown[cell(k, 12)],
                })
                .collect(),
        }
    }
}

impl YearStatistics {
    /// Counts the corruption reports of the year as of `today`.
    pub fn compute(
        fiscal_year: FiscalYear,
        cases: &[CaseFacts],
        categories: &[Category],
        satisfaction: SatisfactionSummary,
        today: Date,
    ) -> YearStatistics {
        let as_of = quarter_ended(fiscal_year, today);
        let mine: Vec<&CaseFacts> = cases
            .iter()
            .filter(|c| {
                c.channel == Channel::Corruption
                    && fiscal_year.contains(c.received_on)
                    && as_of.is_some_and(|day| c.received_on <= day)
            })
            .collect();
        let with_cases = mine.iter().map(|c| c.category.as_str()).collect();
        let listed = listed_categories(Channel::Corruption, categories, &with_cases);
        let (mut completed, mut overdue) = (0, 0);
        for case in &mine {
            let (done, late) = standing(&case.clock, as_of.unwrap_or(today));
            completed += u32::from(done);
            overdue += u32::from(late);
        }
        let received = mine.len() as u32;
        let satisfaction =
            (satisfaction.answers >= MIN_PUBLIC_CORRUPTION_ANSWERS).then_some(satisfaction);
        // Cells: 0 received, 1 completed, 2 in progress, 3 overdue, then
        // one per category.
        let mut table = Table::default();
        for n in [received, completed, received - completed, overdue] {
            table.small(n);
        }
        for code in &listed {
            table.small(mine.iter().filter(|c| c.category == *code).count() as u32);
        }
        let first_origin = 4 + listed.len();
        for origin in Origin::ALL {
            table.small(mine.iter().filter(|c| c.origin == origin).count() as u32);
        }
        table.line(0, (4..4 + listed.len()).collect());
        table.line(
            0,
            (first_origin..first_origin + Origin::ALL.len()).collect(),
        );
        table.line(0, vec![1, 2]);
        table.at_most.push((3, 0));
        table.suppress();
        YearStatistics {
            fiscal_year: fiscal_year.0,
            as_of,
            received: table.shown[0],
            completed: table.shown[1],
            in_progress: table.shown[2],
            overdue: table.shown[3],
            categories: listed
                .into_iter()
                .enumerate()
                .map(|(k, category)| YearCategory {
                    category,
                    received: table.shown[4 + k],
                })
                .collect(),
            origins: Origin::ALL
                .into_iter()
                .enumerate()
                .map(|(k, origin)| OriginCount {
                    origin,
                    received: table.shown[first_origin + k],
                })
                .collect(),
            satisfaction,
        }
    }
}

/// What a reader knows of a cell: the least and the most it can hold (None:
/// no upper bound).
type Bounds = (u64, Option<u64>);

/// A published table as equations: each line's total is the sum of its
/// parts. It holds the true counts and what is shown of each.
#[derive(Clone, Default)]
struct Table {
    values: Vec<u32>,
    shown: Vec<SmallCount>,
    /// Published exactly whatever happens (the general channel's months).
    fixed: Vec<bool>,
    lines: Vec<(usize, Vec<usize>)>,
    /// (a, b): a ≤ b (overdue ≤ received).
    at_most: Vec<(usize, usize)>,
}

/// Rounds of carrying bounds along the lines: each round only narrows them,
/// so stopping early only makes the check weaker, never wrong.
const MAX_ROUNDS: usize = 200;

impl Table {
    fn fixed(&mut self, n: u32) {
        self.values.push(n);
        self.shown.push(SmallCount::Count(n));
        self.fixed.push(true);
    }

    fn small(&mut self, n: u32) {
        self.values.push(n);
        self.shown.push(SmallCount::of(n));
        self.fixed.push(false);
    }

    fn line(&mut self, total: usize, parts: Vec<usize>) {
        if !parts.is_empty() {
            self.lines.push((total, parts));
        }
    }

    /// What a reader can tell of each cell from `shown`: the labels' ranges
    /// carried along every line until nothing narrows.
    fn bounds(&self, shown: &[SmallCount]) -> Vec<Bounds> {
        let mut b: Vec<Bounds> = shown
            .iter()
            .map(|s| match *s {
                SmallCount::Count(n) => (u64::from(n), Some(u64::from(n))),
                SmallCount::FewerThanThree => (1, Some(2)),
                SmallCount::Withheld => (0, None),
            })
            .collect();
        let cap = |hi: Option<u64>, at_most: u64| Some(hi.map_or(at_most, |h| h.min(at_most)));
        for _ in 0..MAX_ROUNDS {
            let before = b.clone();
            for &(a, c) in &self.at_most {
                b[a].1 = match b[c].1 {
                    Some(h) => cap(b[a].1, h),
                    None => b[a].1,
                };
                b[c].0 = b[c].0.max(b[a].0);
            }
            for (total, parts) in &self.lines {
                let lo_sum = parts.iter().fold(0u64, |s, &p| s.saturating_add(b[p].0));
                let open = parts.iter().filter(|&&p| b[p].1.is_none()).count();
                let hi_sum = parts
                    .iter()
                    .filter_map(|&p| b[p].1)
                    .fold(0u64, u64::saturating_add);
                b[*total].0 = b[*total].0.max(lo_sum);
                if open == 0 {
                    b[*total].1 = cap(b[*total].1, hi_sum);
                }
                let (total_lo, total_hi) = b[*total];
                for &p in parts {
                    let (lo, hi) = b[p];
                    let others_lo = lo_sum.saturating_sub(lo);
                    let others_open = open - usize::from(hi.is_none());
                    if others_open == 0 {
                        let others_hi = hi_sum.saturating_sub(hi.unwrap_or(0));
                        b[p].0 = lo.max(total_lo.saturating_sub(others_hi));
                    }
                    if let Some(t) = total_hi {
                        b[p].1 = cap(b[p].1, t.saturating_sub(others_lo));
                    }
                }
            }
            // Unchanged, or contradictory (the counts given were not
            // consistent): nothing more to learn.
            if b == before || b.iter().any(|&(lo, hi)| hi.is_some_and(|h| h < lo)) {
                break;
            }
        }
        b
    }

    /// Hidden cells a reader can pin to one value.
    fn pinned(&self, shown: &[SmallCount]) -> Vec<usize> {
        self.bounds(shown)
            .into_iter()
            .enumerate()
            .filter(|&(i, (lo, hi))| shown[i].shown().is_none() && hi == Some(lo))
            .map(|(i, _)| i)
            .collect()
    }

    /// Withholds cells until no hidden cell can be pinned, or nothing left
    /// to withhold would help (a line of one cell beside an exact total).
    fn suppress(&mut self) {
        loop {
            let pinned = self.pinned(&self.shown);
            let Some(cell) = pinned.iter().find_map(|&y| self.complement(y)) else {
                return;
            };
            self.shown[cell] = SmallCount::Withheld;
        }
    }

    /// The cell to withhold next so that `y` is no longer pinned: of the
    /// cells in `y`'s lines, one that frees `y` if any does; then a shown
    /// count, `y` itself ("fewer than 3" becomes "withheld"), a line's
    /// total, a shown zero, in that order; then the fewest cells left
    /// pinned, the smallest count.
    fn complement(&self, y: usize) -> Option<usize> {
        let mut candidates: Vec<(u8, u32, usize)> = Vec::new();
        let hideable = |cell: usize| !self.fixed[cell] && self.shown[cell].shown().is_some();
        for (total, parts) in &self.lines {
            if *total != y && !parts.contains(&y) {
                continue;
            }
            for &p in parts.iter().filter(|&&p| p != y && hideable(p)) {
                let n = self.values[p];
                candidates.push((if n > 0 { 0 } else { 3 }, n, p));
            }
            if *total != y && hideable(*total) {
                candidates.push((2, self.values[*total], *total));
            }
        }
        if self.shown[y] == SmallCount::FewerThanThree {
            candidates.push((1, 0, y));
        }
        candidates.sort_unstable();
        candidates.dedup_by_key(|c| c.2);
        candidates
            .into_iter()
            .min_by_key(|&(class, n, cell)| {
                let mut shown = self.shown.clone();
                shown[cell] = SmallCount::Withheld;
                let pinned = self.pinned(&shown);
                (pinned.contains(&y), class, pinned.len(), n, cell)
            })
            .map(|(_, _, cell)| cell)
    }
}

/// The last day of the latest quarter of `fiscal_year` that ended before
/// `today`.
fn quarter_ended(fiscal_year: FiscalYear, today: Date) -> Option<Date> {
    Quarter::ALL
        .iter()
        .map(|q| q.last_day(fiscal_year))
        .filter(|last| *last < today)
        .max()
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
            received_via: ReceivedVia::Web,
            origin: Origin::Reported,
            received_on,
            clock: CaseClock {
                due_date: received_on + Duration::days(15),
                completed_on,
                delay_explained: false,
            },
        }
    }

    fn corruption(category: &str, received_on: Date, completed_on: Option<Date>) -> CaseFacts {
        CaseFacts {
            channel: Channel::Corruption,
            ..facts(category, received_on, completed_on)
        }
    }

    fn all_categories() -> Vec<Category> {
        Channel::ALL
            .into_iter()
            .flat_map(default_categories)
            .collect()
    }

    fn general(cases: &[CaseFacts], today: Date) -> MonthlyStatistics {
        MonthlyStatistics::compute(
            FiscalYear(2568),
            Channel::General,
            cases,
            &all_categories(),
            today,
        )
    }

    fn row<'a>(stats: &'a MonthlyStatistics, code: &str) -> &'a CategoryCounts {
        stats
            .categories
            .iter()
            .find(|c| c.category == code)
            .unwrap()
    }

    /// Hidden cells per line of a general table: a month, the totals, a row.
    fn lone_hidden_lines(stats: &MonthlyStatistics) -> Vec<String> {
        let hidden = |cells: &[SmallCount]| cells.iter().filter(|c| c.shown().is_none()).count();
        let mut lone = Vec::new();
        for column in 0..12 {
            let cells: Vec<_> = stats
                .categories
                .iter()
                .map(|c| c.received[column])
                .collect();
            if hidden(&cells) == 1 {
                lone.push(format!("month {column}"));
            }
        }
        let totals: Vec<_> = stats.categories.iter().map(|c| c.total).collect();
        if hidden(&totals) == 1 {
            lone.push("totals".into());
        }
        for c in &stats.categories {
            let mut cells = c.received.clone();
            cells.push(c.total);
            if c.total.shown().is_some() && hidden(&cells) == 1 {
                lone.push(c.category.clone());
            }
        }
        lone
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
            corruption("bribery", date!(2024 - 10 - 05), None),
        ];
        let stats = general(&cases, date!(2024 - 10 - 25));
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
        // Every enabled category is listed, in the organisation's order:
        // an absent category would not be a zero.
        let codes: Vec<&str> = stats
            .categories
            .iter()
            .map(|c| c.category.as_str())
            .collect();
        assert_eq!(
            codes,
            default_categories(Channel::General)
                .iter()
                .map(|c| c.code.as_str())
                .collect::<Vec<_>>()
        );
        // October's total (4) minus roads (3) would give waste away: roads
        // is withheld; so is its total (3, all in October).
        assert_eq!(row(&stats, "roads").received[0], SmallCount::Withheld);
        assert_eq!(row(&stats, "roads").total, SmallCount::Withheld);
        // Waste's year total and both its months were "fewer than 3": two
        // months of at least 1 adding up to at most 2 are 1 each. One of
        // them is withheld too.
        let waste = row(&stats, "waste");
        assert_eq!(waste.total, SmallCount::FewerThanThree);
        assert!(waste.received.contains(&SmallCount::Withheld), "{waste:?}");
        assert!(lone_hidden_lines(&stats).is_empty());
        assert_eq!(SmallCount::Withheld.thai(), "ไม่แสดง");
        assert_eq!(SmallCount::FewerThanThree.thai(), "น้อยกว่า 3");
        assert_eq!(
            serde_json::to_string(&SmallCount::FewerThanThree).unwrap(),
            "\"fewer_than_three\""
        );
        assert_eq!(month_label(2024, 10), "ต.ค. 2567");
    }

    #[test]
    fn a_lone_small_cell_beside_zeros_is_protected() {
        // The review's M2 on the general channel: one waste complaint in
        // March, nothing else. The month's total (1) minus the zeros of
        // the other categories gave it away.
        let stats = general(
            &[facts("waste", date!(2025 - 03 - 10), None)],
            date!(2025 - 04 - 01),
        );
        assert_eq!(stats.months[5].received, 1);
        let march: Vec<SmallCount> = stats.categories.iter().map(|c| c.received[5]).collect();
        assert!(
            march.iter().filter(|c| c.shown().is_none()).count() >= 2,
            "{march:?}"
        );
        assert!(lone_hidden_lines(&stats).is_empty());
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
        let stats = general(&cases, date!(2024 - 12 - 01));
        // Without the row rule, roads' November would be its total minus October.
        assert_eq!(row(&stats, "roads").received[1].shown(), None);
        assert!(lone_hidden_lines(&stats).is_empty());
    }

    #[test]
    fn the_reviews_lone_bribery_report_in_march() {
        // M2: one bribery report in March. Before, the page showed "มี.ค.: 1"
        // and a single bribery row.
        let cases = [corruption("bribery", date!(2025 - 03 - 10), None)];
        let stats = PublishedStatistics::compute(
            FiscalYear(2568),
            Some(Channel::Corruption),
            &cases,
            &all_categories(),
            SatisfactionSummary::default(),
            date!(2025 - 04 - 01),
        );
        assert!(stats.general.is_none());
        let year = stats.corruption.unwrap();
        assert_eq!(year.received, SmallCount::FewerThanThree);
        assert_eq!(year.in_progress, SmallCount::FewerThanThree);
        assert_eq!(year.completed, SmallCount::Count(0));
        assert_eq!(year.overdue, SmallCount::FewerThanThree);
        // Every enabled category, not only bribery.
        assert_eq!(year.categories.len(), 6);
        assert!(
            year.categories
                .iter()
                .all(|c| (c.received == SmallCount::FewerThanThree) == (c.category == "bribery"))
        );
    }

    #[test]
    fn a_new_report_shows_only_once_its_quarter_has_ended() {
        let cases = [corruption("bribery", date!(2025 - 01 - 15), None)];
        let on = |today| {
            YearStatistics::compute(
                FiscalYear(2568),
                &cases,
                &all_categories(),
                SatisfactionSummary::default(),
                today,
            )
        };
        let filed = on(date!(2025 - 01 - 16));
        assert_eq!(filed.as_of, Some(date!(2024 - 12 - 31)));
        assert_eq!(filed.received, SmallCount::Count(0));
        assert_eq!(on(date!(2025 - 03 - 31)).received, SmallCount::Count(0));
        let next = on(date!(2025 - 04 - 01));
        assert_eq!(next.as_of, Some(date!(2025 - 03 - 31)));
        assert_eq!(next.received, SmallCount::FewerThanThree);
        assert_eq!(on(date!(2024 - 11 - 01)).as_of, None);
    }

    #[test]
    fn two_small_categories_that_fill_the_year_are_not_both_shown_as_small() {
        // 4 reports: procurement 2, bribery 2. "Fewer than 3" twice beside a
        // total of 4 can only be 2 and 2.
        let cases: Vec<CaseFacts> = ["procurement", "procurement", "bribery", "bribery"]
            .iter()
            .map(|c| corruption(c, date!(2024 - 11 - 01), Some(date!(2024 - 11 - 05))))
            .collect();
        let year = YearStatistics::compute(
            FiscalYear(2568),
            &cases,
            &all_categories(),
            SatisfactionSummary::default(),
            date!(2025 - 01 - 01),
        );
        assert_eq!(year.received, SmallCount::Count(4));
        let small: Vec<SmallCount> = year
            .categories
            .iter()
            .filter(|c| c.category == "procurement" || c.category == "bribery")
            .map(|c| c.received)
            .collect();
        assert!(small.contains(&SmallCount::Withheld), "{small:?}");
    }

    #[test]
    fn corruption_satisfaction_needs_five_answers_and_the_channels_are_not_added_up() {
        let mut cases = vec![facts("roads", date!(2024 - 10 - 01), None)];
        for _ in 0..5 {
            cases.push(corruption(
                "bribery",
                date!(2024 - 10 - 02),
                Some(date!(2024 - 10 - 03)),
            ));
        }
        let compute = |answers: &[u8]| {
            PublishedStatistics::compute(
                FiscalYear(2568),
                None,
                &cases,
                &all_categories(),
                SatisfactionSummary::of(answers.iter().copied()),
                date!(2025 - 01 - 02),
            )
        };
        let both = compute(&[5, 5, 4, 1]);
        assert_eq!(both.corruption.as_ref().unwrap().satisfaction, None);
        // Side by side: the general months count general complaints only.
        assert_eq!(both.general.as_ref().unwrap().months[0].received, 1);
        assert!(
            both.general
                .as_ref()
                .unwrap()
                .categories
                .iter()
                .all(|c| c.channel == Channel::General)
        );
        let five = compute(&[5, 5, 4, 1, 2]);
        assert_eq!(
            five.corruption.unwrap().satisfaction.map(|s| s.answers),
            Some(5)
        );
    }

    #[test]
    fn ways_of_receipt_and_origins_are_counted_apart_and_small_ones_hidden() {
        let on = date!(2024 - 11 - 01);
        let mut cases = Vec::new();
        for (via, n) in [
            (ReceivedVia::Web, 5),
            (ReceivedVia::Phone, 3),
            (ReceivedVia::WalkIn, 1),
        ] {
            for _ in 0..n {
                cases.push(CaseFacts {
                    received_via: via,
                    ..facts("roads", on, None)
                });
            }
        }
        let month = MonthlyStatistics::compute(
            FiscalYear(2568),
            Channel::General,
            &cases,
            &all_categories(),
            date!(2024 - 11 - 20),
        );
        let count = |via| {
            month
                .received_via
                .iter()
                .find(|w| w.received_via == via)
                .expect("every way listed")
                .received
        };
        assert_eq!(month.received_via.len(), ReceivedVia::ALL.len());
        assert_eq!(count(ReceivedVia::WalkIn), SmallCount::FewerThanThree);
        // The lone walk-in would be the total less the others, so the
        // smallest other count (the 3 calls) is withheld with it; the web's
        // 5 stay shown.
        assert_eq!(count(ReceivedVia::Phone), SmallCount::Withheld);
        assert_eq!(count(ReceivedVia::Web), SmallCount::Count(5));
        // The lone walk-in would be the total less the others: one more is
        // hidden (web or phone), so it cannot be worked out.
        let hidden = ReceivedVia::ALL
            .into_iter()
            .filter(|v| count(*v).shown().is_none())
            .count();
        assert!(hidden >= 2, "{:?}", month.received_via);
        // Corruption: reported, known, detected by audit, counted apart.
        let mut reports = Vec::new();
        for (origin, n) in [
            (Origin::Reported, 4),
            (Origin::Audit, 3),
            (Origin::Known, 0),
        ] {
            for _ in 0..n {
                reports.push(CaseFacts {
                    origin,
                    ..corruption("bribery", on, None)
                });
            }
        }
        let year = YearStatistics::compute(
            FiscalYear(2568),
            &reports,
            &all_categories(),
            SatisfactionSummary::default(),
            date!(2025 - 01 - 01),
        );
        let origin = |o| {
            year.origins
                .iter()
                .find(|c| c.origin == o)
                .expect("listed")
                .received
        };
        assert_eq!(origin(Origin::Reported), SmallCount::Count(4));
        assert_eq!(origin(Origin::Audit), SmallCount::Count(3));
        assert_eq!(origin(Origin::Known), SmallCount::Count(0));
    }

    #[test]
    fn a_case_completed_after_the_report_date_is_not_yet_late() {
        // Due 16 October, completed late on 20 October.
        let case = facts("roads", date!(2024 - 10 - 01), Some(date!(2024 - 10 - 20)));
        let as_of = |day| general(std::slice::from_ref(&case), day).months[0];
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

/// Item 7's property: over random case sets, nothing published lets a
/// hidden count be worked out. The checkers below read only the published
/// output and the cases; they share no code with the suppression.
#[cfg(test)]
mod never_single_out {
    use super::*;
    use crate::complaint::{CaseClock, Origin, ReceivedVia, default_categories};
    use proptest::prelude::*;
    use time::Duration;
    use time::macros::date;

    /// Lines whose total is published: (what, total, cells).
    fn published_lines(stats: &PublishedStatistics) -> Vec<(String, u32, Vec<SmallCount>)> {
        let mut lines = Vec::new();
        if let Some(g) = &stats.general {
            for (m, month) in g.months.iter().enumerate() {
                let cells = g.categories.iter().map(|c| c.received[m]).collect();
                lines.push((format!("month {m}"), month.received, cells));
            }
            let year: u32 = g.months.iter().map(|m| m.received).sum();
            let totals = g.categories.iter().map(|c| c.total).collect();
            lines.push(("year".into(), year, totals));
            for c in &g.categories {
                if let SmallCount::Count(total) = c.total {
                    lines.push((c.category.clone(), total, c.received.clone()));
                }
            }
        }
        if let Some(y) = &stats.corruption
            && let SmallCount::Count(total) = y.received
        {
            let cells = y.categories.iter().map(|c| c.received).collect();
            lines.push(("corruption categories".into(), total, cells));
            lines.push((
                "corruption progress".into(),
                total,
                vec![y.completed, y.in_progress],
            ));
        }
        lines
    }

    /// A hidden cell is given away by subtraction when it is the only
    /// hidden cell of a line whose total is published.
    fn given_away_by_subtraction(stats: &PublishedStatistics) -> Option<String> {
        published_lines(stats)
            .into_iter()
            .find_map(|(what, total, cells)| {
                let hidden: Vec<_> = cells.iter().filter(|c| c.shown().is_none()).collect();
                let shown: u32 = cells.iter().filter_map(|c| c.shown()).sum();
                (hidden.len() == 1)
                    .then(|| format!("{what}: {} = {total} − {shown}", hidden[0].thai()))
            })
    }

    /// The corruption channel, tried by brute force: each hidden count of 1
    /// or 2 must have another value that fits everything published
    /// (received = categories = completed + in progress, overdue ≤ received,
    /// "fewer than 3" is 1 or 2). The satisfaction answers bound nothing
    /// here: they are counted up to now, the counts to a quarter's end.
    fn corruption_pinned(y: &YearStatistics, truth: &[u32]) -> Option<String> {
        let bound = truth[0] + 3;
        let range = |c: SmallCount| -> Vec<u32> {
            match c {
                SmallCount::Count(n) => vec![n],
                SmallCount::FewerThanThree => vec![1, 2],
                SmallCount::Withheld => (0..=bound).collect(),
            }
        };
        let mut cells = vec![y.received, y.completed, y.in_progress, y.overdue];
        cells.extend(y.categories.iter().map(|c| c.received));
        // Every value each cell takes in some assignment that fits.
        let mut seen: Vec<std::collections::BTreeSet<u32>> = vec![Default::default(); cells.len()];
        for r in range(cells[0]) {
            for c in range(cells[1]).into_iter().filter(|&c| c <= r) {
                let p = r - c;
                if !range(cells[2]).contains(&p) {
                    continue;
                }
                let overdue: Vec<u32> = range(cells[3]).into_iter().filter(|&o| o <= r).collect();
                // Category assignments adding up to r.
                let mut found: Vec<std::collections::BTreeSet<u32>> =
                    vec![Default::default(); cells.len() - 4];
                let mut stack = vec![(0usize, 0u32, Vec::new())];
                while let Some((k, sum, chosen)) = stack.pop() {
                    if k == cells.len() - 4 {
                        if sum == r {
                            for (i, v) in chosen.iter().enumerate() {
                                found[i].insert(*v);
                            }
                        }
                        continue;
                    }
                    for v in range(cells[4 + k]).into_iter().filter(|v| sum + v <= r) {
                        let mut next: Vec<u32> = chosen.clone();
                        next.push(v);
                        stack.push((k + 1, sum + v, next));
                    }
                }
                if found.iter().any(|f| f.is_empty()) || overdue.is_empty() {
                    continue;
                }
                seen[0].insert(r);
                seen[1].insert(c);
                seen[2].insert(p);
                seen[3].extend(overdue);
                for (i, f) in found.into_iter().enumerate() {
                    seen[4 + i].extend(f);
                }
            }
        }
        cells.iter().enumerate().find_map(|(i, cell)| {
            let truly = truth[i];
            (cell.shown().is_none() && (1..=2).contains(&truly) && seen[i].len() < 2)
                .then(|| format!("cell {i} ({}) can only be {truly}", cell.thai()))
        })
    }

    fn case_set() -> impl Strategy<Value = (Vec<CaseFacts>, Vec<Category>, Date)> {
        let case = (
            any::<bool>(),
            0usize..7,
            0i64..365,
            proptest::option::of(0i64..40),
        );
        (
            proptest::collection::vec(case, 0..14),
            proptest::collection::vec(any::<bool>(), 13),
            0i64..400,
        )
            .prop_map(|(cases, enabled, today)| {
                let mut categories: Vec<Category> = Channel::ALL
                    .into_iter()
                    .flat_map(default_categories)
                    .collect();
                for (category, on) in categories.iter_mut().zip(enabled) {
                    // "other" stays enabled on both channels.
                    category.enabled = on || category.code == "other";
                }
                let first = date!(2024 - 10 - 01);
                let facts = cases
                    .into_iter()
                    .map(|(corrupt, code, day, done)| {
                        let channel = if corrupt {
                            Channel::Corruption
                        } else {
                            Channel::General
                        };
                        let codes = default_categories(channel);
                        let received_on = first + Duration::days(day);
                        CaseFacts {
                            channel,
                            category: codes[code % codes.len()].code.clone(),
                            received_via: ReceivedVia::Web,
                            origin: Origin::Reported,
                            received_on,
                            clock: CaseClock {
                                due_date: received_on + Duration::days(15),
                                completed_on: done.map(|d| received_on + Duration::days(d)),
                                delay_explained: false,
                            },
                        }
                    })
                    .collect();
                (facts, categories, first + Duration::days(today))
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn no_published_figure_gives_a_small_count_away(
            (cases, categories, today) in case_set(),
            ratings in proptest::collection::vec(1u8..=5, 0..8),
        ) {
            // Only completed cases are asked.
            let closed = cases
                .iter()
                .filter(|c| c.channel == Channel::Corruption && c.clock.completed_on.is_some_and(|d| d <= today))
                .count();
            let satisfaction = SatisfactionSummary::of(ratings.iter().take(closed).copied());
            for channel in [None, Some(Channel::General), Some(Channel::Corruption)] {
                let stats = PublishedStatistics::compute(
                    FiscalYear(2568), channel, &cases, &categories, satisfaction, today,
                );
                if let Some(leak) = given_away_by_subtraction(&stats) {
                    prop_assert!(false, "{channel:?}: {leak}");
                }
                if let Some(y) = &stats.corruption {
                    // Counted as of the end of the last quarter that ended.
                    let as_of = [date!(2024 - 12 - 31), date!(2025 - 03 - 31), date!(2025 - 06 - 30), date!(2025 - 09 - 30)]
                        .into_iter()
                        .rfind(|end| *end < today);
                    prop_assert_eq!(y.as_of, as_of);
                    let as_of = as_of.unwrap_or(date!(2024 - 09 - 30));
                    let mine: Vec<&CaseFacts> = cases
                        .iter()
                        .filter(|c| c.channel == Channel::Corruption && c.received_on <= as_of)
                        .collect();
                    let completed = mine
                        .iter()
                        .filter(|c| c.clock.completed_on.is_some_and(|d| d <= as_of))
                        .count() as u32;
                    let overdue = mine
                        .iter()
                        .filter(|c| match c.clock.completed_on.filter(|d| *d <= as_of) {
                            Some(done) => done > c.clock.due_date,
                            None => as_of > c.clock.due_date,
                        })
                        .count() as u32;
                    let mut truth = vec![mine.len() as u32, completed, mine.len() as u32 - completed, overdue];
                    truth.extend(y.categories.iter().map(|c| {
                        mine.iter().filter(|m| m.category == c.category).count() as u32
                    }));
                    let mut published = vec![y.received, y.completed, y.in_progress, y.overdue];
                    published.extend(y.categories.iter().map(|c| c.received));
                    for (shown, truly) in published.iter().zip(&truth) {
                        // No 1 or 2, and a shown count is the true one.
                        prop_assert!(!matches!(shown, SmallCount::Count(1 | 2)), "{y:?}");
                        if let SmallCount::Count(n) = shown {
                            prop_assert_eq!(n, truly);
                        }
                    }
                    if let Some(s) = y.satisfaction {
                        prop_assert!(s.answers >= MIN_PUBLIC_CORRUPTION_ANSWERS);
                    }
                    // Every enabled corruption category is listed.
                    for c in categories.iter().filter(|c| c.channel == Channel::Corruption && c.enabled) {
                        prop_assert!(y.categories.iter().any(|l| l.category == c.code), "{} missing", c.code);
                    }
                    if let Some(pinned) = corruption_pinned(y, &truth) {
                        prop_assert!(false, "{pinned}: {y:?}");
                    }
                }
                if let Some(g) = &stats.general {
                    for c in categories.iter().filter(|c| c.channel == Channel::General && c.enabled) {
                        prop_assert!(g.categories.iter().any(|l| l.category == c.code), "{} missing", c.code);
                    }
                }
            }
        }
    }
}
