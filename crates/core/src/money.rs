//! Baht amounts held exactly, in satang (1 baht = 100 satang). Never floats.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign};

/// An amount of money in satang. Budgets in plan documents are written in baht
/// with optional two decimals ("100,000" or "100,000.00").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Baht {
    satang: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("จำนวนเงินไม่ถูกต้อง: \"{0}\"")]
pub struct AmountError(pub String);

impl Baht {
    pub const ZERO: Baht = Baht { satang: 0 };

    pub const fn from_satang(satang: i64) -> Self {
        Baht { satang }
    }

    pub const fn from_baht(baht: i64) -> Self {
        Baht { satang: baht * 100 }
    }

    pub const fn satang(self) -> i64 {
        self.satang
    }

    pub const fn is_zero(self) -> bool {
        self.satang == 0
    }

    /// Parses an amount as written in a Thai document: thousands separators,
    /// optional satang after a dot, Thai or Arabic digits, an optional "บาท".
    /// A lone dash (or nothing) means "no budget" and gives `None`.
    pub fn parse_written(text: &str) -> Result<Option<Baht>, AmountError> {
        let digits = crate::thai::arabic_digits(text.trim());
        let body = digits.trim().trim_end_matches("บาท").trim();
        if body.is_empty() || body.chars().all(|c| matches!(c, '-' | '–' | '—')) {
            return Ok(None);
        }
        let err = || AmountError(text.trim().to_string());
        let (negative, body) = match body.strip_prefix('-') {
            Some(rest) => (true, rest.trim()),
            None => (false, body),
        };
        let (whole, fraction) = match body.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (body, None),
        };
        if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit() || c == ',') {
            return Err(err());
        }
        // Commas must group thousands: "1,000" is fine, "10,00" is not.
        let groups: Vec<&str> = whole.split(',').collect();
        if groups.len() > 1
            && (groups[0].is_empty()
                || groups[0].len() > 3
                || groups[1..].iter().any(|g| g.len() != 3))
        {
            return Err(err());
        }
        let whole: i64 = groups.concat().parse().map_err(|_| err())?;
        let satang = match fraction {
            None => 0,
            Some(f) if f.len() == 1 && f.chars().all(|c| c.is_ascii_digit()) => {
                f.parse::<i64>().map_err(|_| err())? * 10
            }
            Some(f) if f.len() == 2 && f.chars().all(|c| c.is_ascii_digit()) => {
                f.parse::<i64>().map_err(|_| err())?
            }
            Some(_) => return Err(err()),
        };
        let total = whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(satang))
            .ok_or_else(err)?;
        Ok(Some(Baht::from_satang(if negative {
            -total
        } else {
            total
        })))
    }
}

impl Baht {
    /// "1,234,567.50" and "0.00": always two decimals, as the reports' annex
    /// tables write baht so that the column lines up.
    pub fn with_two_decimals(self) -> String {
        let (sign, grouped, satang) = self.grouped_parts();
        format!("{sign}{grouped}.{satang:02}")
    }

    /// The sign ("-" or ""), the whole baht grouped by thousands ("1,234,567")
    /// and the satang (0–99): what every written form of an amount is made of.
    fn grouped_parts(self) -> (&'static str, String, u64) {
        let sign = if self.satang < 0 { "-" } else { "" };
        let abs = self.satang.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        (sign, grouped, abs % 100)
    }
}

impl fmt::Display for Baht {
    /// "1,234,567" or "1,234,567.50": the way Thai budget tables write baht.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (sign, grouped, satang) = self.grouped_parts();
        match satang {
            0 => write!(f, "{sign}{grouped}"),
            s => write!(f, "{sign}{grouped}.{s:02}"),
        }
    }
}

impl Add for Baht {
    type Output = Baht;
    fn add(self, rhs: Baht) -> Baht {
        Baht::from_satang(self.satang + rhs.satang)
    }
}

impl AddAssign for Baht {
    fn add_assign(&mut self, rhs: Baht) {
        self.satang += rhs.satang;
    }
}

impl Sum for Baht {
    fn sum<I: Iterator<Item = Baht>>(iter: I) -> Baht {
        iter.fold(Baht::ZERO, Add::add)
    }
}

/// JSON carries baht as a number: whole baht as an integer, else with satang.
impl Serialize for Baht {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.satang.rem_euclid(100) == 0 {
            s.serialize_i64(self.satang / 100)
        } else {
            // Two decimals are exactly representable as the shortest f64 text.
            s.serialize_f64(self.satang as f64 / 100.0)
        }
    }
}

impl<'de> Deserialize<'de> for Baht {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Int(i64),
            Float(f64),
            Text(String),
        }
        match Repr::deserialize(d)? {
            Repr::Int(b) => Ok(Baht::from_baht(b)),
            Repr::Float(b) => Ok(Baht::from_satang((b * 100.0).round() as i64)),
            Repr::Text(t) => Baht::parse_written(&t)
                .map(|b| b.unwrap_or_default())
                .map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_the_ways_plans_write_budgets() {
        assert_eq!(
            Baht::parse_written("100,000").unwrap(),
            Some(Baht::from_baht(100_000))
        );
        assert_eq!(
            Baht::parse_written("750,100.00").unwrap(),
            Some(Baht::from_baht(750_100))
        );
        assert_eq!(
            Baht::parse_written("๑๐,๐๐๐ บาท").unwrap(),
            Some(Baht::from_baht(10_000))
        );
        assert_eq!(
            Baht::parse_written("12.5").unwrap(),
            Some(Baht::from_satang(1250))
        );
        assert_eq!(Baht::parse_written("-").unwrap(), None);
        assert_eq!(Baht::parse_written("  ").unwrap(), None);
        assert!(Baht::parse_written("10,00").is_err());
        assert!(Baht::parse_written("abc").is_err());
        assert!(Baht::parse_written("1.234").is_err());
    }

    #[test]
    fn two_decimals_group_like_display() {
        assert_eq!(Baht::from_satang(123_456_750).to_string(), "1,234,567.50");
        assert_eq!(
            Baht::from_satang(123_456_750).with_two_decimals(),
            "1,234,567.50"
        );
        assert_eq!(Baht::from_baht(-1_000).to_string(), "-1,000");
        assert_eq!(Baht::from_baht(-1_000).with_two_decimals(), "-1,000.00");
    }

    #[test]
    fn json_is_a_number_of_baht() {
        assert_eq!(
            serde_json::to_string(&Baht::from_baht(750_000)).unwrap(),
            "750000"
        );
        assert_eq!(
            serde_json::to_string(&Baht::from_satang(12_345)).unwrap(),
            "123.45"
        );
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(satang in -10_000_000_000i64..10_000_000_000i64) {
            let amount = Baht::from_satang(satang);
            prop_assert_eq!(Baht::parse_written(&amount.to_string()).unwrap(), Some(amount));
        }

        #[test]
        fn json_round_trips(satang in -10_000_000_000i64..10_000_000_000i64) {
            let amount = Baht::from_satang(satang);
            let json = serde_json::to_string(&amount).unwrap();
            prop_assert_eq!(serde_json::from_str::<Baht>(&json).unwrap(), amount);
        }
    }
}
