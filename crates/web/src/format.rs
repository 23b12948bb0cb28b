//! Small presentation helpers shared by the view builders.

use sujarit_core::{Baht, ItemRef};

/// A budget cell as Thai tables write it: "100,000", and "-" for nothing.
pub fn budget(amount: Baht) -> String {
    if amount.is_zero() {
        "-".to_string()
    } else {
        amount.to_string()
    }
}

/// Reads an item reference as the document writes it: "2.19". A dimension
/// of one or two digits, a number of one to three (the API's document
/// states the same shape: `^[0-9]{1,2}\.[0-9]{1,3}$`).
pub fn parse_item_ref(text: &str) -> Option<ItemRef> {
    let (dimension, no) = text.split_once('.')?;
    let digits = |s: &str, most: usize| {
        (1..=most).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(dimension, 2) || !digits(no, 3) {
        return None;
    }
    Some(ItemRef {
        dimension: dimension.parse().ok()?,
        no: no.parse().ok()?,
    })
}

/// The fiscal years (BE) Sujarit takes anywhere, 2400–2700: what the API's
/// document states and the messages say ("ปี พ.ศ. 4 หลัก (2400–2700)").
pub const FISCAL_YEARS: std::ops::RangeInclusive<u16> = 2400..=2700;

/// A fiscal year in a URL: a BE year such as 2566, within [`FISCAL_YEARS`].
pub fn parse_fiscal_year(text: &str) -> Option<u16> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|year| FISCAL_YEARS.contains(year))
}

/// Percent-encodes one path segment. Slugs are meant to be URL-safe already;
/// this keeps a link correct even if one is not.
pub fn path_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// "ไม่ระบุ" for a field the document left empty, so a blank never looks like a bug.
pub fn or_unstated(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        "ไม่ระบุ".to_string()
    } else {
        text.to_string()
    }
}

/// A status as a word and a badge class; "not yet published" for nothing.
pub fn status_view(
    status: Option<&sujarit_core::progress::ProgressStatus>,
) -> (String, &'static str) {
    match status {
        None => ("ยังไม่มีผลที่เผยแพร่".to_string(), "none"),
        Some(s @ sujarit_core::progress::ProgressStatus::Completed) => (s.thai(), "done"),
        Some(s @ sujarit_core::progress::ProgressStatus::InProgress) => (s.thai(), "progress"),
        Some(s) => (s.thai(), "none"),
    }
}

/// A file type's Thai label ("PDF", "ภาพ JPEG"), or the media type itself.
pub fn kind_label(media_type: &str) -> String {
    sujarit_store::files::kind_of_media_type(media_type)
        .map(|k| k.label.to_string())
        .unwrap_or_else(|| media_type.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_show_dash_for_zero() {
        assert_eq!(budget(Baht::ZERO), "-");
        assert_eq!(budget(Baht::from_baht(1_234_567)), "1,234,567");
    }

    #[test]
    fn item_refs() {
        assert_eq!(
            parse_item_ref("2.19"),
            Some(ItemRef {
                dimension: 2,
                no: 19
            })
        );
        for bad in [
            "abc", "2", "2.", ".1", "2.1.1", "-2.1", "+2.1", "2.x", "999.1", "1.1000",
        ] {
            assert_eq!(parse_item_ref(bad), None, "{bad}");
        }
    }

    #[test]
    fn fiscal_years() {
        assert_eq!(parse_fiscal_year("2566"), Some(2566));
        assert_eq!(parse_fiscal_year("2400"), Some(2400));
        assert_eq!(parse_fiscal_year("2700"), Some(2700));
        for bad in ["", "abc", "+256", "25666", "256", "0000", "2399", "2701"] {
            assert_eq!(parse_fiscal_year(bad), None, "{bad}");
        }
    }

    #[test]
    fn segments() {
        assert_eq!(path_segment("nakhon-si_1"), "nakhon-si_1");
        assert_eq!(path_segment("a b/ก"), "a%20b%2F%E0%B8%81");
    }
}
