//! Deadlines: the due date of a case and where it stands against it.

use super::FieldError;
use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime};

/// The days allowed unless an organisation configures otherwise: the plan's
/// "within 15 days", counted as calendar days.
pub const DEFAULT_DEADLINE_DAYS: u16 = 15;

/// The longest deadline an organisation may configure.
pub const MAX_DEADLINE_DAYS: u16 = 365;

/// The due date: the date of receipt in Thailand plus `days` calendar days.
pub fn due_date(received_at: OffsetDateTime, days: u16) -> Date {
    crate::thai::local_date(received_at) + Duration::days(i64::from(days))
}

/// Checks a configured deadline: 1..=365 days.
pub fn validate_deadline_days(days: u16) -> Vec<FieldError> {
    if (1..=MAX_DEADLINE_DAYS).contains(&days) {
        Vec::new()
    } else {
        vec![FieldError {
            field: "deadline_days",
            message: format!("ระยะเวลาดำเนินการต้องอยู่ระหว่าง 1 ถึง {MAX_DEADLINE_DAYS} วัน"),
        }]
    }
}

/// A case against its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseClock {
    pub due_date: Date,
    /// The Thai date the case was completed ([`CaseState::is_completed`](super::CaseState::is_completed)), if it was.
    pub completed_on: Option<Date>,
    /// Whether an explanation of the delay has been recorded.
    pub delay_explained: bool,
}

impl CaseClock {
    /// Open after its due date (the due date itself is still in time).
    pub fn is_overdue(&self, today: Date) -> bool {
        self.completed_on.is_none() && today > self.due_date
    }

    /// Open, not overdue, and due within `within_days` days of `today`: time
    /// for a reminder.
    pub fn due_soon(&self, today: Date, within_days: u16) -> bool {
        self.completed_on.is_none()
            && today <= self.due_date
            && self.due_date - today <= Duration::days(i64::from(within_days))
    }

    /// Completed after the due date.
    pub fn completed_late(&self) -> bool {
        self.completed_on.is_some_and(|done| done > self.due_date)
    }

    /// Overdue and the complainant has not been told why: an
    /// [`EventKind::ExplainDelay`](super::EventKind::ExplainDelay) is required.
    pub fn needs_explanation(&self, today: Date) -> bool {
        self.is_overdue(today) && !self.delay_explained
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::test_support::fields;
    use time::macros::{date, datetime};

    #[test]
    fn deadlines_count_calendar_days_from_the_thai_date_of_receipt() {
        // 20:00 UTC on 31 Oct is already 1 Nov in Thailand.
        assert_eq!(
            due_date(datetime!(2024-10-31 20:00 UTC), 15),
            date!(2024 - 11 - 16)
        );
        assert_eq!(
            due_date(datetime!(2024-10-31 16:59 UTC), 15),
            date!(2024 - 11 - 15)
        );
        assert_eq!(
            due_date(datetime!(2024-12-25 03:00 UTC), 15),
            date!(2025 - 01 - 09)
        );
        let clock = CaseClock {
            due_date: date!(2024 - 11 - 15),
            completed_on: None,
            delay_explained: false,
        };
        assert!(!clock.is_overdue(date!(2024 - 11 - 15)));
        assert!(clock.is_overdue(date!(2024 - 11 - 16)));
        assert!(clock.due_soon(date!(2024 - 11 - 12), 3));
        assert!(!clock.due_soon(date!(2024 - 11 - 11), 3));
        assert!(!clock.due_soon(date!(2024 - 11 - 16), 3));
        assert!(clock.needs_explanation(date!(2024 - 11 - 16)));
        let explained = CaseClock {
            delay_explained: true,
            ..clock
        };
        assert!(!explained.needs_explanation(date!(2024 - 11 - 16)));
        let done_late = CaseClock {
            completed_on: Some(date!(2024 - 11 - 20)),
            ..clock
        };
        assert!(!done_late.is_overdue(date!(2024 - 12 - 01)));
        assert!(done_late.completed_late());
        assert!(!done_late.needs_explanation(date!(2024 - 12 - 01)));
        assert!(validate_deadline_days(15).is_empty());
        assert_eq!(fields(&validate_deadline_days(0)), ["deadline_days"]);
        assert_eq!(fields(&validate_deadline_days(366)), ["deadline_days"]);
    }
}
