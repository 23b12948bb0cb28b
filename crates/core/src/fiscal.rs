//! The Thai government fiscal calendar.
//!
//! Dates are stored and computed in the Common Era (CE); the Buddhist Era (BE,
//! CE + 543) appears only when a year is shown or typed. A fiscal year runs from
//! 1 October to 30 September and is named by the BE year in which it ends:
//! fiscal year 2566 is 1 Oct 2022 – 30 Sep 2023. Quarter 1 is October–December.

use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Date, Month};

/// Years between the Buddhist and the Common Era.
pub const BE_OFFSET: i32 = 543;

pub fn be_to_ce(be: i32) -> i32 {
    be - BE_OFFSET
}

pub fn ce_to_be(ce: i32) -> i32 {
    ce + BE_OFFSET
}

/// A fiscal year, named by its Buddhist Era year (e.g. 2566).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FiscalYear(pub u16);

impl FiscalYear {
    /// The fiscal year a date falls in.
    pub fn of(date: Date) -> FiscalYear {
        let ce = if date.month() as u8 >= 10 {
            date.year() + 1
        } else {
            date.year()
        };
        FiscalYear(ce_to_be(ce) as u16)
    }

    pub fn be(self) -> u16 {
        self.0
    }

    /// 1 October of the CE year before the one it ends in.
    pub fn first_day(self) -> Date {
        Date::from_calendar_date(be_to_ce(self.0 as i32) - 1, Month::October, 1)
            .expect("1 October exists in every year")
    }

    /// 30 September of the CE year it ends in.
    pub fn last_day(self) -> Date {
        Date::from_calendar_date(be_to_ce(self.0 as i32), Month::September, 30)
            .expect("30 September exists in every year")
    }

    pub fn contains(self, date: Date) -> bool {
        FiscalYear::of(date) == self
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A quarter of a fiscal year: Q1 = Oct–Dec, Q2 = Jan–Mar, Q3 = Apr–Jun, Q4 = Jul–Sep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Quarter {
    Q1 = 1,
    Q2 = 2,
    Q3 = 3,
    Q4 = 4,
}

impl Quarter {
    pub const ALL: [Quarter; 4] = [Quarter::Q1, Quarter::Q2, Quarter::Q3, Quarter::Q4];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn from_number(n: u8) -> Option<Quarter> {
        Quarter::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// The fiscal year and quarter a date falls in.
    pub fn of(date: Date) -> (FiscalYear, Quarter) {
        let q = match date.month() as u8 {
            10..=12 => Quarter::Q1,
            1..=3 => Quarter::Q2,
            4..=6 => Quarter::Q3,
            _ => Quarter::Q4,
        };
        (FiscalYear::of(date), q)
    }

    /// The first day of this quarter in the given fiscal year.
    pub fn first_day(self, year: FiscalYear) -> Date {
        let start = year.first_day();
        let (y, m) = match self {
            Quarter::Q1 => (start.year(), Month::October),
            Quarter::Q2 => (start.year() + 1, Month::January),
            Quarter::Q3 => (start.year() + 1, Month::April),
            Quarter::Q4 => (start.year() + 1, Month::July),
        };
        Date::from_calendar_date(y, m, 1).expect("first of a month exists")
    }

    /// The last day of this quarter in the given fiscal year.
    pub fn last_day(self, year: FiscalYear) -> Date {
        match Quarter::from_number(self.number() + 1) {
            Some(next) => next
                .first_day(year)
                .previous_day()
                .expect("not the minimum date"),
            None => year.last_day(),
        }
    }

    /// Thai label, e.g. "ไตรมาส 1 (ต.ค.–ธ.ค.)".
    pub fn thai_label(self) -> &'static str {
        match self {
            Quarter::Q1 => "ไตรมาส 1 (ต.ค.–ธ.ค.)",
            Quarter::Q2 => "ไตรมาส 2 (ม.ค.–มี.ค.)",
            Quarter::Q3 => "ไตรมาส 3 (เม.ย.–มิ.ย.)",
            Quarter::Q4 => "ไตรมาส 4 (ก.ค.–ก.ย.)",
        }
    }
}

impl From<Quarter> for u8 {
    fn from(q: Quarter) -> u8 {
        q.number()
    }
}

impl TryFrom<u8> for Quarter {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        Quarter::from_number(n).ok_or_else(|| format!("ไตรมาสต้องเป็น 1–4 ไม่ใช่ {n}"))
    }
}

/// "27 กันยายน 2565": a date in Thai with the Buddhist Era year.
pub fn thai_date(date: Date) -> String {
    format!(
        "{} {} {}",
        date.day(),
        crate::thai::MONTHS[date.month() as usize - 1],
        ce_to_be(date.year())
    )
}

/// Parses a Thai written date such as "27 กันยายน พ.ศ. 2565", "๑๕ พฤศจิกายน ๒๕๖๕"
/// or "15/11/2565" (years of 2400 or more are read as BE, smaller ones as CE).
pub fn parse_thai_date(text: &str) -> Option<Date> {
    let text = crate::thai::arabic_digits(text);
    let cleaned = text.replace("พ.ศ.", " ").replace("วันที่", " ");
    let year_of = |y: i32| if y >= 2400 { be_to_ce(y) } else { y };
    if let Some((d, rest)) = cleaned.trim().split_once('/') {
        let (m, y) = rest.split_once('/')?;
        let month = Month::try_from(m.trim().parse::<u8>().ok()?).ok()?;
        return Date::from_calendar_date(
            year_of(y.trim().parse().ok()?),
            month,
            d.trim().parse().ok()?,
        )
        .ok();
    }
    let parts: Vec<&str> = cleaned.split_whitespace().collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let month = Month::try_from(crate::thai::month_number(m)?).ok()?;
    Date::from_calendar_date(year_of(y.parse().ok()?), month, d.parse().ok()?).ok()
}

/// Serde for `Option<Date>` as an ISO 8601 calendar date ("2022-09-27").
pub mod iso_date_option {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;
    use time::format_description::well_known::Iso8601;

    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.serialize_str(&format!(
                "{:04}-{:02}-{:02}",
                d.year(),
                d.month() as u8,
                d.day()
            )),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| Date::parse(&text, &Iso8601::DATE).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn fiscal_year_boundaries() {
        assert_eq!(FiscalYear::of(date!(2022 - 09 - 30)), FiscalYear(2565));
        assert_eq!(FiscalYear::of(date!(2022 - 10 - 01)), FiscalYear(2566));
        assert_eq!(FiscalYear(2566).first_day(), date!(2022 - 10 - 01));
        assert_eq!(FiscalYear(2566).last_day(), date!(2023 - 09 - 30));
        assert_eq!(
            Quarter::of(date!(2023 - 01 - 01)),
            (FiscalYear(2566), Quarter::Q2)
        );
        assert_eq!(
            Quarter::Q2.last_day(FiscalYear(2567)),
            date!(2024 - 03 - 31)
        );
        assert_eq!(
            Quarter::Q1.first_day(FiscalYear(2567)),
            date!(2023 - 10 - 01)
        );
    }

    #[test]
    fn iso_dates_in_json() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Holder {
            #[serde(with = "super::iso_date_option")]
            date: Option<Date>,
        }
        let h = Holder {
            date: Some(date!(2022 - 09 - 27)),
        };
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(json, r#"{"date":"2022-09-27"}"#);
        assert_eq!(serde_json::from_str::<Holder>(&json).unwrap(), h);
    }

    #[test]
    fn thai_dates() {
        assert_eq!(thai_date(date!(2022 - 09 - 27)), "27 กันยายน 2565");
        assert_eq!(
            parse_thai_date("๒๗ กันยายน พ.ศ. ๒๕๖๕"),
            Some(date!(2022 - 09 - 27))
        );
        assert_eq!(
            parse_thai_date("15 พฤศจิกายน 2565"),
            Some(date!(2022 - 11 - 15))
        );
        assert_eq!(parse_thai_date("15/11/2565"), Some(date!(2022 - 11 - 15)));
        assert_eq!(parse_thai_date("31 กุมภาพันธ์ 2566"), None);
        assert_eq!(parse_thai_date("เมื่อวาน"), None);
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (-10_000i32..80_000).prop_map(|d| {
            Date::from_calendar_date(1990, Month::January, 1).unwrap()
                + time::Duration::days(d as i64)
        })
    }

    proptest! {
        #[test]
        fn be_ce_round_trip(y in -5000i32..5000) {
            prop_assert_eq!(be_to_ce(ce_to_be(y)), y);
        }

        #[test]
        fn a_date_lies_inside_its_fiscal_year_and_quarter(d in any_date()) {
            let (fy, q) = Quarter::of(d);
            prop_assert!(fy.first_day() <= d && d <= fy.last_day());
            prop_assert!(q.first_day(fy) <= d && d <= q.last_day(fy));
            prop_assert!(fy.contains(d));
        }

        #[test]
        fn quarters_tile_the_fiscal_year(be in 2400u16..2700) {
            let fy = FiscalYear(be);
            prop_assert_eq!(Quarter::Q1.first_day(fy), fy.first_day());
            prop_assert_eq!(Quarter::Q4.last_day(fy), fy.last_day());
            for pair in Quarter::ALL.windows(2) {
                prop_assert_eq!(pair[0].last_day(fy).next_day().unwrap(), pair[1].first_day(fy));
            }
            let days: i64 = Quarter::ALL.iter().map(|q| (q.last_day(fy) - q.first_day(fy)).whole_days() + 1).sum();
            prop_assert!(days == 365 || days == 366);
        }

        #[test]
        fn thai_date_round_trips(d in any_date()) {
            prop_assert_eq!(parse_thai_date(&thai_date(d)), Some(d));
            prop_assert_eq!(parse_thai_date(&crate::thai::thai_digits(&thai_date(d))), Some(d));
        }
    }
}
