//! Topics, cadences and due rules: the vocabulary a catalogue item is
//! written in (its generated source is in `generated`).

use super::{Half, Period};
use crate::fiscal::Quarter;
use serde::{Deserialize, Serialize};
use std::fmt;
use time::Month;

/// The plan's 5 topics (measure 2.1/2, = OIT sub-indicators 9.1–9.5) and the
/// OIT's two anti-corruption sub-indicators (10.1, 10.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// 9.1 ข้อมูลพื้นฐาน
    BasicInformation,
    /// 9.2 การบริหารงาน
    Administration,
    /// 9.3 การบริหารเงินงบประมาณ
    Budget,
    /// 9.4 การบริหารและพัฒนาทรัพยากรบุคคล
    HumanResources,
    /// 9.5 การส่งเสริมความโปร่งใส
    Transparency,
    /// 10.1 การดำเนินการเพื่อป้องกันการทุจริต
    CorruptionPrevention,
    /// 10.2 มาตรการภายในเพื่อป้องกันการทุจริต
    InternalMeasures,
}

impl Topic {
    pub const ALL: [Topic; 7] = [
        Topic::BasicInformation,
        Topic::Administration,
        Topic::Budget,
        Topic::HumanResources,
        Topic::Transparency,
        Topic::CorruptionPrevention,
        Topic::InternalMeasures,
    ];

    /// The key used in catalogue files and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::BasicInformation => "basic_information",
            Topic::Administration => "administration",
            Topic::Budget => "budget",
            Topic::HumanResources => "human_resources",
            Topic::Transparency => "transparency",
            Topic::CorruptionPrevention => "corruption_prevention",
            Topic::InternalMeasures => "internal_measures",
        }
    }

    pub fn parse(key: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == key.trim())
    }

    /// The OIT sub-indicator number, e.g. "9.1".
    pub fn oit_number(self) -> &'static str {
        match self {
            Topic::BasicInformation => "9.1",
            Topic::Administration => "9.2",
            Topic::Budget => "9.3",
            Topic::HumanResources => "9.4",
            Topic::Transparency => "9.5",
            Topic::CorruptionPrevention => "10.1",
            Topic::InternalMeasures => "10.2",
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            Topic::BasicInformation => "ข้อมูลพื้นฐาน",
            Topic::Administration => "การบริหารงาน",
            Topic::Budget => "การบริหารเงินงบประมาณ",
            Topic::HumanResources => "การบริหารและพัฒนาทรัพยากรบุคคล",
            Topic::Transparency => "การส่งเสริมความโปร่งใส",
            Topic::CorruptionPrevention => "การดำเนินการเพื่อป้องกันการทุจริต",
            Topic::InternalMeasures => "มาตรการภายในเพื่อป้องกันการทุจริต",
        }
    }
}

/// How often an item is published. Each cadence splits a fiscal year into
/// periods ([`Cadence::periods`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// A standing item (structure, contacts, manuals): one period per year,
    /// in which it must be up and current.
    Once,
    Monthly,
    /// Quarters of the fiscal year (Q1 = Oct–Dec).
    Quarterly,
    /// Halves of the fiscal year: Oct–Mar and Apr–Sep.
    SixMonthly,
    /// One report per fiscal year.
    Yearly,
}

impl Cadence {
    pub const ALL: [Cadence; 5] = [
        Cadence::Once,
        Cadence::Monthly,
        Cadence::Quarterly,
        Cadence::SixMonthly,
        Cadence::Yearly,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Once => "once",
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
            Cadence::SixMonthly => "six_monthly",
            Cadence::Yearly => "yearly",
        }
    }

    pub fn parse(key: &str) -> Option<Cadence> {
        Cadence::ALL.into_iter().find(|c| c.as_str() == key.trim())
    }

    pub fn thai(self) -> &'static str {
        match self {
            Cadence::Once => "เผยแพร่ครั้งเดียวและปรับให้เป็นปัจจุบัน",
            Cadence::Monthly => "รายเดือน",
            Cadence::Quarterly => "รายไตรมาส",
            Cadence::SixMonthly => "ราย 6 เดือน",
            Cadence::Yearly => "รายปี",
        }
    }

    /// The periods of a fiscal year, in calendar order (October first).
    pub fn periods(self) -> Vec<Period> {
        match self {
            Cadence::Once => vec![Period::Once],
            Cadence::Yearly => vec![Period::Year],
            Cadence::SixMonthly => vec![Period::Half(Half::First), Period::Half(Half::Second)],
            Cadence::Quarterly => Quarter::ALL.into_iter().map(Period::Quarter).collect(),
            Cadence::Monthly => FISCAL_MONTHS.into_iter().map(Period::Month).collect(),
        }
    }

    /// Whether a period is one of this cadence's.
    pub fn has(self, period: Period) -> bool {
        self.periods().contains(&period)
    }
}

/// Calendar month numbers in fiscal order.
const FISCAL_MONTHS: [u8; 12] = [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/// The longest delay a due rule may state, in days.
pub const MAX_DUE_DAYS: u16 = 366;

/// When a period's publication is due.
///
/// In files it is written compactly: `end+15` (15 days after the period
/// ends), `start+30` (30 days after it starts), `half+30` (30 days after the
/// 6-month round, i.e. after 31 March) and `fixed:31/12` (day/month within
/// the fiscal year: October–December fall in its first CE year). The last two
/// only suit items with one period a year (once, yearly).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DueRule {
    AfterPeriodEnd {
        days: u16,
    },
    AfterPeriodStart {
        days: u16,
    },
    /// After the end of the first half (31 March), whatever the cadence.
    AfterSixMonthRound {
        days: u16,
    },
    /// A fixed day of the fiscal year. 29 February falls on 28 February in a
    /// year without it.
    FixedDate {
        day: u8,
        month: u8,
    },
}

impl DueRule {
    /// Parses the compact form; the error is a Thai message.
    pub fn parse(text: &str) -> Result<DueRule, String> {
        let text = text.trim();
        let bad = || {
            format!(
                "กำหนดส่ง \"{text}\" ไม่ถูกต้อง: ใช้ end+วัน (หลังสิ้นงวด), start+วัน (หลังต้นงวด), \
                 half+วัน (หลังรอบ 6 เดือน) หรือ fixed:วัน/เดือน เช่น end+15 หรือ fixed:31/12"
            )
        };
        let days = |n: &str| -> Result<u16, String> {
            let days: u16 = n.trim().parse().map_err(|_| bad())?;
            if days > MAX_DUE_DAYS {
                return Err(format!(
                    "กำหนดส่ง \"{text}\" นานเกินไป: ไม่เกิน {MAX_DUE_DAYS} วัน"
                ));
            }
            Ok(days)
        };
        if let Some(n) = text.strip_prefix("end+") {
            Ok(DueRule::AfterPeriodEnd { days: days(n)? })
        } else if let Some(n) = text.strip_prefix("start+") {
            Ok(DueRule::AfterPeriodStart { days: days(n)? })
        } else if let Some(n) = text.strip_prefix("half+") {
            Ok(DueRule::AfterSixMonthRound { days: days(n)? })
        } else if let Some(date) = text.strip_prefix("fixed:") {
            let (day, month) = date.split_once('/').ok_or_else(bad)?;
            let day: u8 = day.trim().parse().map_err(|_| bad())?;
            let month: u8 = month.trim().parse().map_err(|_| bad())?;
            let month_value = Month::try_from(month)
                .map_err(|_| format!("กำหนดส่ง \"{text}\": เดือนต้องเป็น 1–12"))?;
            // Checked against a leap year: 29/02 is allowed (see FixedDate).
            if day == 0 || day > month_value.length(2024) {
                return Err(format!(
                    "กำหนดส่ง \"{text}\": เดือน{} ไม่มีวันที่ {day}",
                    crate::thai::MONTHS[month as usize - 1]
                ));
            }
            Ok(DueRule::FixedDate { day, month })
        } else {
            Err(bad())
        }
    }

    /// Whether the rule makes sense for a cadence: fixed dates and the
    /// 6-month round give one date a year, so only for once and yearly items.
    pub fn suits(self, cadence: Cadence) -> bool {
        match self {
            DueRule::AfterPeriodEnd { .. } | DueRule::AfterPeriodStart { .. } => true,
            DueRule::AfterSixMonthRound { .. } | DueRule::FixedDate { .. } => {
                matches!(cadence, Cadence::Once | Cadence::Yearly)
            }
        }
    }

    /// "ภายใน 15 วันหลังสิ้นงวด", for pages.
    pub fn thai(self) -> String {
        match self {
            DueRule::AfterPeriodEnd { days: 0 } => "ภายในวันสิ้นงวด".into(),
            DueRule::AfterPeriodEnd { days } => format!("ภายใน {days} วันหลังสิ้นงวด"),
            DueRule::AfterPeriodStart { days } => format!("ภายใน {days} วันนับจากต้นงวด"),
            DueRule::AfterSixMonthRound { days } => {
                format!("ภายใน {days} วันหลังรอบ 6 เดือน (31 มีนาคม)")
            }
            DueRule::FixedDate { day, month } => format!(
                "ภายในวันที่ {day} {} ของปีงบประมาณ",
                crate::thai::MONTHS[month as usize - 1]
            ),
        }
    }
}

impl fmt::Display for DueRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DueRule::AfterPeriodEnd { days } => write!(f, "end+{days}"),
            DueRule::AfterPeriodStart { days } => write!(f, "start+{days}"),
            DueRule::AfterSixMonthRound { days } => write!(f, "half+{days}"),
            DueRule::FixedDate { day, month } => write!(f, "fixed:{day:02}/{month:02}"),
        }
    }
}

impl TryFrom<String> for DueRule {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        DueRule::parse(&text)
    }
}

impl From<DueRule> for String {
    fn from(rule: DueRule) -> String {
        rule.to_string()
    }
}
