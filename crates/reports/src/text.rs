//! How amounts are written in the reports' CSV and spreadsheets (the grouped
//! text is `Baht::with_two_decimals`, moments are `sujarit_core::thai`).

use sujarit_core::Baht;

/// "1234567.50": for CSV, which spreadsheets read as a number in any locale.
pub fn baht_plain(amount: Baht) -> String {
    let satang = amount.satang();
    let sign = if satang < 0 { "-" } else { "" };
    let abs = satang.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Baht as a spreadsheet number. Exact to the satang for any budget a plan holds
/// (f64 is exact for integers up to 2^53 satang).
pub fn baht_number(amount: Baht) -> f64 {
    amount.satang() as f64 / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(Baht::from_baht(750_000).with_two_decimals(), "750,000.00");
        assert_eq!(Baht::from_satang(5).with_two_decimals(), "0.05");
        assert_eq!(Baht::from_satang(-123_456).with_two_decimals(), "-1,234.56");
        assert_eq!(Baht::ZERO.with_two_decimals(), "0.00");
        assert_eq!(baht_plain(Baht::from_satang(100_000_050)), "1000000.50");
        assert_eq!(baht_number(Baht::from_satang(12_345)), 123.45);
    }
}
