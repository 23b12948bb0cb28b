//! What the report to executives needs beyond the statistics.

use super::{CaseFacts, FieldError};
use crate::validation::check_text;
use serde::{Deserialize, Serialize};

/// Longest text of one part of a report's narrative.
pub const MAX_REPORT_NOTE_CHARS: usize = 5_000;

/// What the officers of a channel write into the report to executives for a
/// round: problems met, obstacles, and the solutions they propose. Empty
/// parts are allowed (the report says nothing was recorded).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportNotes {
    pub problems: String,
    pub obstacles: String,
    pub solutions: String,
}

impl ReportNotes {
    /// Trimmed, line endings as `\n`.
    pub fn normalized(&self) -> ReportNotes {
        let clean = |text: &str| text.replace("\r\n", "\n").trim().to_string();
        ReportNotes {
            problems: clean(&self.problems),
            obstacles: clean(&self.obstacles),
            solutions: clean(&self.solutions),
        }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (field, label, value) in [
            ("problems", "ปัญหา", &self.problems),
            ("obstacles", "อุปสรรค", &self.obstacles),
            ("solutions", "แนวทางแก้ไข", &self.solutions),
        ] {
            check_text(
                &mut errors,
                field,
                label,
                value,
                false,
                MAX_REPORT_NOTE_CHARS,
                true,
            );
        }
        errors
    }

    pub fn is_empty(&self) -> bool {
        [&self.problems, &self.obstacles, &self.solutions]
            .iter()
            .all(|t| t.trim().is_empty())
    }
}

/// One case as the report to executives counts it: the statistics' facts and
/// the survey rating, if the complainant answered. No content, no contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportCase {
    pub facts: CaseFacts,
    pub rating: Option<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::test_support::fields;

    #[test]
    fn report_notes_are_optional_bounded_and_plain_text() {
        let notes = ReportNotes {
            problems: " ถนนชำรุดซ้ำ\r\nหลายจุด ".into(),
            obstacles: String::new(),
            solutions: "ของบซ่อมบำรุง".into(),
        };
        assert!(notes.validate().is_empty());
        assert_eq!(notes.normalized().problems, "ถนนชำรุดซ้ำ\nหลายจุด");
        assert!(!notes.is_empty());
        assert!(ReportNotes::default().is_empty());
        let bad = ReportNotes {
            problems: "ก".repeat(MAX_REPORT_NOTE_CHARS + 1),
            obstacles: "ข\u{0007}".into(),
            solutions: "ค".into(),
        };
        let errors = bad.validate();
        assert_eq!(fields(&errors), ["problems", "obstacles"]);
        assert!(errors[0].message.starts_with("ปัญหายาวเกิน 5000"));
    }
}
