//! Where "today" comes from.

use time::{Date, OffsetDateTime};

/// Where "today" comes from: the real date in Thailand, or a fixed one for
/// tests and demonstrations.
#[derive(Clone, Copy, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(Date),
}

impl Clock {
    /// Today's date in Thailand (UTC+7), which decides the fiscal quarter.
    pub fn today(self) -> Date {
        match self {
            Clock::System => sujarit_core::thai::local_date(OffsetDateTime::now_utc()),
            Clock::Fixed(date) => date,
        }
    }

    /// Now; with a fixed date, that date at the present Thai time of day
    /// (so a check-in window around a demonstration's event can be tried).
    pub fn now(self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc();
        match self {
            Clock::System => now,
            Clock::Fixed(date) => {
                let local = now.to_offset(sujarit_core::thai::BANGKOK);
                local.replace_date(date)
            }
        }
    }
}
