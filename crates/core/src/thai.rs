//! Thai text helpers: digits, month names, and Thailand's clock: the one
//! place that knows the UTC+7 offset and how a moment is written in Thai.

use time::{Date, OffsetDateTime, UtcOffset};

/// Thailand's time zone: UTC+7 all year (no daylight saving). Stored times
/// are UTC; every date or time shown to a person is Thai.
pub const BANGKOK: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("UTC+7 is a valid offset"),
};

/// The calendar date in Thailand at an instant (what "today", a receipt date
/// or a publication date means).
pub fn local_date(at: OffsetDateTime) -> Date {
    at.to_offset(BANGKOK).date()
}

/// "25 พฤศจิกายน 2568": the Thai date of an instant, written out.
pub fn date_text(at: OffsetDateTime) -> String {
    crate::fiscal::thai_date(local_date(at))
}

/// "14:05": the clock time in Thailand.
pub fn time_text(at: OffsetDateTime) -> String {
    let local = at.to_offset(BANGKOK);
    format!("{:02}:{:02}", local.hour(), local.minute())
}

/// "25 พฤศจิกายน 2568 เวลา 14:05 น.": a moment as reports and the public
/// pages write it.
pub fn datetime_text(at: OffsetDateTime) -> String {
    format!("{} เวลา {} น.", date_text(at), time_text(at))
}

/// "25 พฤศจิกายน 2568 14:05 น.": the shorter form of the staff case history.
pub fn datetime_text_short(at: OffsetDateTime) -> String {
    format!("{} {} น.", date_text(at), time_text(at))
}

/// "25 พฤศจิกายน 2568 14:05:02 น.": to the second, for the audit log.
pub fn datetime_text_seconds(at: OffsetDateTime) -> String {
    let second = at.to_offset(BANGKOK).second();
    format!("{} {}:{second:02} น.", date_text(at), time_text(at))
}

/// Thai month names, January first (the calendar order, not the fiscal order).
pub const MONTHS: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// Abbreviated Thai month names, January first.
pub const MONTHS_SHORT: [&str; 12] = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
];

/// 1-based month number of a Thai month name, full or abbreviated.
pub fn month_number(name: &str) -> Option<u8> {
    let name = name.trim();
    MONTHS
        .iter()
        .position(|m| *m == name)
        .or_else(|| MONTHS_SHORT.iter().position(|m| *m == name))
        .map(|i| i as u8 + 1)
}

/// Replaces Thai digits (๐–๙) with Arabic ones, leaving everything else.
pub fn arabic_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '๐'..='๙' => char::from(b'0' + (c as u32 - '๐' as u32) as u8),
            _ => c,
        })
        .collect()
}

/// Replaces Arabic digits with Thai ones (for documents that use them).
pub fn thai_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32('๐' as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Whether a character belongs to the Thai block.
pub fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    #[test]
    fn moments_are_thai_time() {
        // 20:30 UTC on 31 March is already 1 April in Thailand.
        let at = datetime!(2025-03-31 20:30 UTC);
        assert_eq!(datetime_text(at), "1 เมษายน 2568 เวลา 03:30 น.");
        assert_eq!(date_text(at), "1 เมษายน 2568");
    }

    #[test]
    fn converts_digits() {
        assert_eq!(arabic_digits("พ.ศ. ๒๕๖๖"), "พ.ศ. 2566");
        assert_eq!(thai_digits("2566"), "๒๕๖๖");
        assert_eq!(month_number("กันยายน"), Some(9));
        assert_eq!(month_number("ต.ค."), Some(10));
        assert_eq!(month_number("กันยา"), None);
    }

    proptest! {
        #[test]
        fn digit_conversion_round_trips(s in "[0-9a-zก-ฮ ]{0,40}") {
            prop_assert_eq!(arabic_digits(&thai_digits(&s)), s);
        }
    }
}
