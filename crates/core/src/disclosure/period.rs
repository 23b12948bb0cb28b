//! Periods and due dates: how a cadence splits the fiscal year.

use super::DueRule;
use crate::fiscal::{FiscalYear, Quarter, ce_to_be};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Date, Duration, Month};

/// A half of the fiscal year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Half {
    /// October–March: the 6-month round.
    First,
    /// April–September.
    Second,
}

/// A stretch of a fiscal year that one publication covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Period {
    /// The whole year, for a standing item.
    Once,
    /// The whole year, for a yearly report.
    Year,
    Half(Half),
    Quarter(Quarter),
    /// A calendar month, 1 = January (October falls in the year before the
    /// fiscal year's CE year).
    Month(u8),
}

impl Period {
    /// The key stored in the database: "once", "year", "h1", "q2", "m10".
    pub fn key(self) -> String {
        match self {
            Period::Once => "once".into(),
            Period::Year => "year".into(),
            Period::Half(Half::First) => "h1".into(),
            Period::Half(Half::Second) => "h2".into(),
            Period::Quarter(q) => format!("q{}", q.number()),
            Period::Month(m) => format!("m{m:02}"),
        }
    }

    pub fn parse_key(key: &str) -> Option<Period> {
        match key.trim() {
            "once" => Some(Period::Once),
            "year" => Some(Period::Year),
            "h1" => Some(Period::Half(Half::First)),
            "h2" => Some(Period::Half(Half::Second)),
            other => {
                if let Some(q) = other.strip_prefix('q') {
                    Quarter::from_number(q.parse().ok()?).map(Period::Quarter)
                } else if let Some(m) = other.strip_prefix('m') {
                    let m: u8 = m.parse().ok()?;
                    (1..=12).contains(&m).then_some(Period::Month(m))
                } else {
                    None
                }
            }
        }
    }

    /// The first day of the period in a fiscal year.
    pub fn first_day(self, fiscal_year: FiscalYear) -> Date {
        let start = fiscal_year.first_day();
        match self {
            Period::Once | Period::Year | Period::Half(Half::First) => start,
            Period::Half(Half::Second) => Quarter::Q3.first_day(fiscal_year),
            Period::Quarter(q) => q.first_day(fiscal_year),
            Period::Month(m) => month_start(fiscal_year, m),
        }
    }

    /// The last day of the period in a fiscal year.
    pub fn last_day(self, fiscal_year: FiscalYear) -> Date {
        match self {
            Period::Once | Period::Year | Period::Half(Half::Second) => fiscal_year.last_day(),
            Period::Half(Half::First) => Quarter::Q2.last_day(fiscal_year),
            Period::Quarter(q) => q.last_day(fiscal_year),
            Period::Month(m) => {
                let first = month_start(fiscal_year, m);
                first
                    .replace_day(first.month().length(first.year()))
                    .expect("month length")
            }
        }
    }

    /// Position within the fiscal year, for sorting: October before January.
    pub fn fiscal_order(self) -> u8 {
        match self {
            Period::Once | Period::Year => 0,
            Period::Half(Half::First) => 1,
            Period::Half(Half::Second) => 2,
            Period::Quarter(q) => q.number(),
            Period::Month(m) => (m + 2) % 12 + 1,
        }
    }

    /// Thai label: "ปีงบประมาณ 2568", "รอบ 6 เดือนแรก (ต.ค. 2567–มี.ค. 2568)",
    /// "ตุลาคม 2567".
    pub fn thai_label(self, fiscal_year: FiscalYear) -> String {
        let short = |d: Date| {
            format!(
                "{} {}",
                crate::thai::MONTHS_SHORT[d.month() as usize - 1],
                ce_to_be(d.year())
            )
        };
        let span = format!(
            "{}–{}",
            short(self.first_day(fiscal_year)),
            short(self.last_day(fiscal_year))
        );
        match self {
            Period::Once | Period::Year => format!("ปีงบประมาณ {fiscal_year}"),
            Period::Half(Half::First) => format!("รอบ 6 เดือนแรก ({span})"),
            Period::Half(Half::Second) => format!("รอบ 6 เดือนหลัง ({span})"),
            Period::Quarter(q) => format!("ไตรมาส {} ({span})", q.number()),
            Period::Month(m) => {
                let d = month_start(fiscal_year, m);
                format!(
                    "{} {}",
                    crate::thai::MONTHS[m as usize - 1],
                    ce_to_be(d.year())
                )
            }
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

impl TryFrom<String> for Period {
    type Error = String;
    fn try_from(key: String) -> Result<Self, String> {
        Period::parse_key(&key).ok_or_else(|| format!("งวด \"{key}\" ไม่ถูกต้อง"))
    }
}

impl From<Period> for String {
    fn from(period: Period) -> String {
        period.key()
    }
}

/// The first day of calendar month `m` within a fiscal year.
fn month_start(fiscal_year: FiscalYear, m: u8) -> Date {
    let start = fiscal_year.first_day();
    let year = if m >= 10 {
        start.year()
    } else {
        start.year() + 1
    };
    let month = Month::try_from(m).expect("month 1–12");
    Date::from_calendar_date(year, month, 1).expect("first of a month exists")
}

/// One period of an item in a fiscal year, with its dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledPeriod {
    pub period: Period,
    pub starts_on: Date,
    pub ends_on: Date,
    /// From this day on the period counts as due (before it: not due).
    pub opens_on: Date,
    /// Published after this day is late.
    pub due_on: Date,
}

pub(super) fn schedule_period(
    period: Period,
    rule: DueRule,
    fiscal_year: FiscalYear,
) -> ScheduledPeriod {
    let starts_on = period.first_day(fiscal_year);
    let ends_on = period.last_day(fiscal_year);
    let round_end = Quarter::Q2.last_day(fiscal_year);
    let after = |date: Date, days: u16| date + Duration::days(i64::from(days));
    let (opens_on, due_on) = match rule {
        // A report on a period can only be complete once the period is over.
        DueRule::AfterPeriodEnd { days } => (ends_on, after(ends_on, days)),
        DueRule::AfterPeriodStart { days } => (starts_on, after(starts_on, days)),
        DueRule::AfterSixMonthRound { days } => (round_end, after(round_end, days)),
        DueRule::FixedDate { day, month } => {
            let first = month_start(fiscal_year, month);
            // 29 February in a year without it: the last day of February.
            let day = day.min(first.month().length(first.year()));
            (starts_on, first.replace_day(day).expect("day within month"))
        }
    };
    ScheduledPeriod {
        period,
        starts_on,
        ends_on,
        opens_on: opens_on.min(due_on),
        due_on,
    }
}
