//! The satisfaction survey after a case is closed.

use super::{FieldError, MAX_SURVEY_COMMENT_CHARS};
use crate::validation::check_text;
use serde::{Deserialize, Serialize};

/// The complainant's answer after closing: 1 (very dissatisfied) to 5 (very satisfied).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswer {
    pub rating: u8,
    pub comment: Option<String>,
}

impl SurveyAnswer {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if !(1..=5).contains(&self.rating) {
            errors.push(FieldError {
                field: "rating",
                message: "โปรดเลือกระดับความพึงพอใจ 1 ถึง 5".into(),
            });
        }
        if let Some(comment) = &self.comment {
            check_text(
                &mut errors,
                "comment",
                "ความคิดเห็น",
                comment,
                false,
                MAX_SURVEY_COMMENT_CHARS,
                true,
            );
        }
        errors
    }

    /// 4 and 5 count as satisfied.
    pub fn is_satisfied(&self) -> bool {
        self.rating >= 4
    }
}

/// The plan's target: at least 80% of answers satisfied.
pub const SATISFACTION_TARGET_PERCENT: u32 = 80;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SatisfactionSummary {
    pub answers: u32,
    pub satisfied: u32,
}

impl SatisfactionSummary {
    pub fn of(ratings: impl IntoIterator<Item = u8>) -> SatisfactionSummary {
        let mut summary = SatisfactionSummary::default();
        for rating in ratings {
            summary.answers += 1;
            if rating >= 4 {
                summary.satisfied += 1;
            }
        }
        summary
    }

    /// Satisfied share in hundredths of a percent (8250 = 82.50%), rounded
    /// half up; 0 without answers.
    pub fn percent_hundredths(&self) -> u32 {
        if self.answers == 0 {
            return 0;
        }
        (self.satisfied * 20_000 + self.answers) / (2 * self.answers)
    }

    /// Whether the 80% target is met; never with no answers.
    pub fn meets_target(&self) -> bool {
        self.answers > 0 && self.satisfied * 100 >= SATISFACTION_TARGET_PERCENT * self.answers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::test_support::fields;

    #[test]
    fn satisfaction_target_is_eighty_percent_of_fours_and_fives() {
        let summary = SatisfactionSummary::of([5, 4, 4, 5, 3]);
        assert_eq!((summary.answers, summary.satisfied), (5, 4));
        assert_eq!(summary.percent_hundredths(), 8000);
        assert!(summary.meets_target());
        let below = SatisfactionSummary::of([5, 4, 3]);
        assert_eq!(below.percent_hundredths(), 6667);
        assert!(!below.meets_target());
        assert!(!SatisfactionSummary::default().meets_target());
        assert!(
            SurveyAnswer {
                rating: 5,
                comment: Some("รวดเร็วดี".into())
            }
            .validate()
            .is_empty()
        );
        let bad = SurveyAnswer {
            rating: 6,
            comment: Some("ก".repeat(1001)),
        };
        assert_eq!(fields(&bad.validate()), ["rating", "comment"]);
        assert!(
            !SurveyAnswer {
                rating: 3,
                comment: None
            }
            .is_satisfied()
        );
    }
}
