//! The document as numbered lines with tab-separated cells, and small text
//! helpers shared by the section parsers.

pub struct Line<'a> {
    /// 1-based line number in the source document.
    pub no: u32,
    pub text: &'a str,
}

impl<'a> Line<'a> {
    pub fn cells(&self) -> Vec<&'a str> {
        self.text.split('\t').map(str::trim).collect()
    }

    pub fn trimmed(&self) -> &'a str {
        self.text.trim()
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

pub struct Doc<'a> {
    pub lines: Vec<Line<'a>>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Self {
        let lines = text
            .split('\n')
            .enumerate()
            .map(|(i, l)| Line {
                no: i as u32 + 1,
                text: l.strip_suffix('\r').unwrap_or(l),
            })
            .collect();
        Doc { lines }
    }

    pub fn last_line_no(&self) -> u32 {
        self.lines.len() as u32
    }
}

/// Collapses runs of whitespace into one space and trims: cells wrapped over
/// lines in the PDF come out with stray spaces and newlines.
pub fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "12) โครงการ…" → (12, "โครงการ…"). Accepts "12)", "12." and Thai digits.
pub fn numbered_prefix(text: &str) -> Option<(u32, &str)> {
    let text = text.trim_start_matches(['-', '•', ' ']);
    let digits_end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || ('๐'..='๙').contains(c)))
        .map(|(i, _)| i)?;
    if digits_end == 0 {
        return None;
    }
    let rest = &text[digits_end..];
    let rest = rest.strip_prefix(')').or_else(|| rest.strip_prefix('.'))?;
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None; // "1.1 …" is a mission code, not a numbered entry
    }
    let n = sujarit_core::thai::arabic_digits(&text[..digits_end])
        .parse()
        .ok()?;
    Some((n, rest.trim()))
}

/// A whole cell holding a plain integer ("47", "๔๗").
pub fn integer_cell(cell: &str) -> Option<u32> {
    let cell = cell.trim();
    if cell.is_empty() {
        return None;
    }
    sujarit_core::thai::arabic_digits(cell).parse().ok()
}

/// Four-digit BE years mentioned in a text ("ปี 2566" → 2566), Thai digits too.
pub fn be_years(text: &str) -> Vec<u16> {
    let text = sujarit_core::thai::arabic_digits(text);
    let bytes = text.as_bytes();
    let mut years = Vec::new();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let is_boundary_before = i == 0 || !bytes[i - 1].is_ascii_digit();
        let window = &bytes[i..i + 4];
        let is_boundary_after = i + 4 == bytes.len() || !bytes[i + 4].is_ascii_digit();
        if is_boundary_before && is_boundary_after && window.iter().all(u8::is_ascii_digit) {
            let year: u16 = std::str::from_utf8(window)
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            if (2400..=2700).contains(&year) {
                years.push(year);
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    years
}

/// The number a text starts with, after spaces: " 3 การ…" → 3.
pub fn leading_number(text: &str) -> Option<u32> {
    let digits: String = sujarit_core::thai::arabic_digits(text.trim_start())
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

/// The first number in a text, e.g. "ร้อยละ 10" → 10.
pub fn first_number(text: &str) -> Option<u32> {
    let text = sujarit_core::thai::arabic_digits(text);
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let digits: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_prefixes() {
        assert_eq!(numbered_prefix("12) โครงการ"), Some((12, "โครงการ")));
        assert_eq!(numbered_prefix("- 3) ทำ"), Some((3, "ทำ")));
        assert_eq!(numbered_prefix("๔. งาน"), Some((4, "งาน")));
        assert_eq!(numbered_prefix("โครงการ"), None);
        assert_eq!(numbered_prefix("1.1 ภารกิจ"), None);
    }

    #[test]
    fn years_in_text() {
        assert_eq!(be_years("ปี 2566 - ๒๕๗๐ 12345 1999"), vec![2566, 2570]);
    }
}
