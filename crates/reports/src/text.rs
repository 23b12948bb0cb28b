//! How amounts and moments are written in the reports.

use sujarit_core::Baht;

/// "1,234,567.50" and "0.00": baht with two decimals, as the annex tables write them.
pub fn baht_text(amount: Baht) -> String {
    let satang = amount.satang();
    let sign = if satang < 0 { "-" } else { "" };
    let abs = satang.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", abs % 100)
}

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
        assert_eq!(baht_text(Baht::from_baht(750_000)), "750,000.00");
        assert_eq!(baht_text(Baht::from_satang(5)), "0.05");
        assert_eq!(baht_text(Baht::from_satang(-123_456)), "-1,234.56");
        assert_eq!(baht_text(Baht::ZERO), "0.00");
        assert_eq!(baht_plain(Baht::from_satang(100_000_050)), "1000000.50");
        assert_eq!(baht_number(Baht::from_satang(12_345)), 123.45);
    }
}
