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
}
