//! How a case reached the organisation: a general complaint's way of
//! receipt (the web form, or entered by the complaint officer for a
//! complainant who phoned, came to the counter, wrote, called the call
//! centre or sent a LINE message) and a corruption case's origin (reported,
//! known to the municipality, or detected by its own audit: measure 4.5,
//! "known, reported or detected"). Both are counted in the statistics.

use super::{Channel, FieldError};
use serde::{Deserialize, Serialize};
use time::Date;

/// How a general complaint was received.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ReceivedVia {
    /// Filed by the complainant on the web form or the API.
    #[default]
    Web,
    Phone,
    /// At the counter (มาด้วยตนเอง).
    WalkIn,
    /// A letter (หนังสือ/จดหมาย).
    Letter,
    /// A call centre (ศูนย์รับเรื่อง 1111, ศูนย์ดำรงธรรม …).
    CallCentre,
    Line,
}

impl ReceivedVia {
    pub const ALL: [ReceivedVia; 6] = [
        ReceivedVia::Web,
        ReceivedVia::Phone,
        ReceivedVia::WalkIn,
        ReceivedVia::Letter,
        ReceivedVia::CallCentre,
        ReceivedVia::Line,
    ];

    /// The ways staff enter (every way but the web form).
    pub const BY_STAFF: [ReceivedVia; 5] = [
        ReceivedVia::Phone,
        ReceivedVia::WalkIn,
        ReceivedVia::Letter,
        ReceivedVia::CallCentre,
        ReceivedVia::Line,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReceivedVia::Web => "web",
            ReceivedVia::Phone => "phone",
            ReceivedVia::WalkIn => "walk_in",
            ReceivedVia::Letter => "letter",
            ReceivedVia::CallCentre => "call_centre",
            ReceivedVia::Line => "line",
        }
    }

    pub fn parse(s: &str) -> Option<ReceivedVia> {
        ReceivedVia::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim())
    }

    pub fn thai(self) -> &'static str {
        match self {
            ReceivedVia::Web => "เว็บไซต์",
            ReceivedVia::Phone => "โทรศัพท์",
            ReceivedVia::WalkIn => "มาด้วยตนเอง (ที่เคาน์เตอร์)",
            ReceivedVia::Letter => "หนังสือ/จดหมาย",
            ReceivedVia::CallCentre => "ศูนย์รับเรื่อง (เช่น 1111 ศูนย์ดำรงธรรม)",
            ReceivedVia::Line => "LINE",
        }
    }
}

/// Where a corruption case came from.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Reported by someone (the channel's filings).
    #[default]
    Reported,
    /// Known to the municipality itself (ทราบเอง).
    Known,
    /// Detected by its own audit (ตรวจพบจากการตรวจสอบ).
    Audit,
}

impl Origin {
    pub const ALL: [Origin; 3] = [Origin::Reported, Origin::Known, Origin::Audit];

    /// What the integrity officer opens a case for themself.
    pub const BY_STAFF: [Origin; 2] = [Origin::Known, Origin::Audit];

    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Reported => "reported",
            Origin::Known => "known",
            Origin::Audit => "audit",
        }
    }

    pub fn parse(s: &str) -> Option<Origin> {
        Origin::ALL.into_iter().find(|o| o.as_str() == s.trim())
    }

    pub fn thai(self) -> &'static str {
        match self {
            Origin::Reported => "มีผู้แจ้งเบาะแส",
            Origin::Known => "หน่วยงานทราบเอง",
            Origin::Audit => "ตรวจพบจากการตรวจสอบ",
        }
    }
}

/// How a case came in, as staff record it: the default is a citizen's
/// filing (web, reported, received now).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Intake {
    /// General complaints.
    pub received_via: ReceivedVia,
    /// Corruption cases.
    pub origin: Origin,
    /// The day it was received, when earlier than the day it is entered (a
    /// letter that came yesterday); None: now.
    pub received_on: Option<Date>,
}

impl Intake {
    /// Checks an intake staff entered for a case of `channel` on `today`
    /// (Thai date): a way of receipt other than the web for a general
    /// complaint, an origin other than "reported" for a corruption case,
    /// and a day of receipt not in the future nor more than a year back.
    pub fn check_by_staff(&self, channel: Channel, today: Date) -> Vec<FieldError> {
        let mut errors = Vec::new();
        match channel {
            Channel::General if self.received_via == ReceivedVia::Web => {
                errors.push(FieldError {
                    field: "received_via",
                    message: "โปรดเลือกช่องทางที่รับเรื่อง (โทรศัพท์ มาด้วยตนเอง หนังสือ ศูนย์รับเรื่อง หรือ LINE)"
                        .into(),
                });
            }
            Channel::Corruption if self.origin == Origin::Reported => {
                errors.push(FieldError {
                    field: "origin",
                    message: "โปรดเลือกที่มาของเรื่อง (หน่วยงานทราบเอง หรือตรวจพบจากการตรวจสอบ)".into(),
                });
            }
            _ => {}
        }
        if let Some(day) = self.received_on {
            if day > today {
                errors.push(FieldError {
                    field: "received_on",
                    message: "วันที่รับเรื่องต้องไม่เป็นวันในอนาคต".into(),
                });
            } else if (today - day).whole_days() > 366 {
                errors.push(FieldError {
                    field: "received_on",
                    message: "วันที่รับเรื่องย้อนหลังได้ไม่เกิน 1 ปี".into(),
                });
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::test_support::fields;
    use time::macros::date;

    #[test]
    fn ways_and_origins_read_back_and_are_worded() {
        for via in ReceivedVia::ALL {
            assert_eq!(ReceivedVia::parse(via.as_str()), Some(via));
            assert!(!via.thai().is_empty());
        }
        for origin in Origin::ALL {
            assert_eq!(Origin::parse(origin.as_str()), Some(origin));
        }
        assert_eq!(ReceivedVia::default(), ReceivedVia::Web);
        assert_eq!(Origin::default(), Origin::Reported);
        assert!(!ReceivedVia::BY_STAFF.contains(&ReceivedVia::Web));
        assert!(!Origin::BY_STAFF.contains(&Origin::Reported));
    }

    #[test]
    fn staff_intake_says_how_and_when() {
        let today = date!(2025 - 11 - 20);
        let phone = Intake {
            received_via: ReceivedVia::Phone,
            ..Default::default()
        };
        assert!(phone.check_by_staff(Channel::General, today).is_empty());
        assert_eq!(
            fields(&Intake::default().check_by_staff(Channel::General, today)),
            ["received_via"]
        );
        assert_eq!(
            fields(&Intake::default().check_by_staff(Channel::Corruption, today)),
            ["origin"]
        );
        let letter = Intake {
            received_via: ReceivedVia::Letter,
            received_on: Some(date!(2025 - 11 - 17)),
            ..Default::default()
        };
        assert!(letter.check_by_staff(Channel::General, today).is_empty());
        let tomorrow = Intake {
            received_on: Some(date!(2025 - 11 - 21)),
            ..letter.clone()
        };
        let errors = tomorrow.check_by_staff(Channel::General, today);
        assert_eq!(fields(&errors), ["received_on"]);
        assert!(errors[0].message.contains("อนาคต"));
        let long_ago = Intake {
            received_on: Some(date!(2024 - 1 - 1)),
            ..letter
        };
        assert_eq!(
            fields(&long_ago.check_by_staff(Channel::General, today)),
            ["received_on"]
        );
        let audit = Intake {
            origin: Origin::Audit,
            ..Default::default()
        };
        assert!(audit.check_by_staff(Channel::Corruption, today).is_empty());
    }
}
