//! Thai text helpers: digits and month names.

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
