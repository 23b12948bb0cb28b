//! What a plan item actually did: activities (trainings, camps, campaigns,
//! forums…) with their target groups and participants, the organisation's
//! publicity log, reusable rosters (communities, schools, committees…) and
//! check-in on a phone around an event.
//!
//! Rules only: the store keeps these records, `kpi` counts them.

use crate::FiscalYear;
use crate::ItemRef;
use crate::validation::{FieldError, check_text};
use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time};

/// What kind of activity it was. The plan's items name these.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Training,
    Camp,
    Contest,
    Ceremony,
    Campaign,
    Forum,
    Briefing,
    Publicity,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 8] = [
        ActivityKind::Training,
        ActivityKind::Camp,
        ActivityKind::Contest,
        ActivityKind::Ceremony,
        ActivityKind::Campaign,
        ActivityKind::Forum,
        ActivityKind::Briefing,
        ActivityKind::Publicity,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActivityKind::Training => "training",
            ActivityKind::Camp => "camp",
            ActivityKind::Contest => "contest",
            ActivityKind::Ceremony => "ceremony",
            ActivityKind::Campaign => "campaign",
            ActivityKind::Forum => "forum",
            ActivityKind::Briefing => "briefing",
            ActivityKind::Publicity => "publicity",
        }
    }

    pub fn parse(code: &str) -> Option<ActivityKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn thai(self) -> &'static str {
        match self {
            ActivityKind::Training => "อบรม/สัมมนา",
            ActivityKind::Camp => "ค่าย",
            ActivityKind::Contest => "ประกวด/แข่งขัน",
            ActivityKind::Ceremony => "พิธี/มอบรางวัล",
            ActivityKind::Campaign => "รณรงค์/ลงพื้นที่",
            ActivityKind::Forum => "เวทีประชาคม/ประชุม",
            ActivityKind::Briefing => "ชี้แจง/ประชุมชี้แจง",
            ActivityKind::Publicity => "ประชาสัมพันธ์",
        }
    }
}

/// Who an activity is for. Participants are counted per group.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetGroup {
    Staff,
    Executives,
    CouncilMembers,
    Community,
    Youth,
    Partners,
}

impl TargetGroup {
    pub const ALL: [TargetGroup; 6] = [
        TargetGroup::Staff,
        TargetGroup::Executives,
        TargetGroup::CouncilMembers,
        TargetGroup::Community,
        TargetGroup::Youth,
        TargetGroup::Partners,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TargetGroup::Staff => "staff",
            TargetGroup::Executives => "executives",
            TargetGroup::CouncilMembers => "council_members",
            TargetGroup::Community => "community",
            TargetGroup::Youth => "youth",
            TargetGroup::Partners => "partners",
        }
    }

    pub fn parse(code: &str) -> Option<TargetGroup> {
        Self::ALL.into_iter().find(|g| g.code() == code)
    }

    pub fn thai(self) -> &'static str {
        match self {
            TargetGroup::Staff => "บุคลากร/พนักงาน",
            TargetGroup::Executives => "ผู้บริหาร",
            TargetGroup::CouncilMembers => "สมาชิกสภา",
            TargetGroup::Community => "ประชาชน/ชุมชน",
            TargetGroup::Youth => "เด็ก เยาวชน นักเรียน",
            TargetGroup::Partners => "ภาคีเครือข่าย",
        }
    }
}

/// Planned and actual participants of one target group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCount {
    pub group: TargetGroup,
    pub planned: u32,
    /// As counted by staff (a paper sheet); None until the activity took place.
    /// Check-ins count separately ([`Activity::participants`]).
    pub actual: Option<u32>,
}

/// One session of an activity: its date and times (local, Thai time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub date: Date,
    pub starts: Time,
    pub ends: Time,
}

impl Session {
    /// The session's start as an instant (Thai time, UTC+7).
    pub fn starts_at(&self) -> OffsetDateTime {
        PrimitiveDateTime::new(self.date, self.starts).assume_offset(crate::thai::BANGKOK)
    }
    pub fn ends_at(&self) -> OffsetDateTime {
        PrimitiveDateTime::new(self.date, self.ends).assume_offset(crate::thai::BANGKOK)
    }
}

/// An activity as staff record it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityInput {
    pub item: ItemRef,
    pub fiscal_year: u16,
    pub kind: ActivityKind,
    pub title: String,
    pub sessions: Vec<Session>,
    pub venue: String,
    pub topics: Vec<String>,
    pub speakers: Vec<String>,
    pub groups: Vec<GroupCount>,
    /// Roster entries this activity reached (e.g. the communities visited).
    pub roster_entries: Vec<RosterEntryRef>,
    pub summary: String,
}

/// A stored activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: String,
    #[serde(flatten)]
    pub input: ActivityInput,
    pub published: bool,
    /// The secret part of the check-in link (the QR code on the sign-in sheet).
    pub checkin_token: String,
    /// Check-ins per group, counted by the store.
    pub checkins: Vec<(TargetGroup, u32)>,
    pub photos: Vec<ActivityFile>,
    pub revision: i64,
}

/// A photo or material of an activity; the bytes live in the file store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityFile {
    pub id: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: u64,
    pub sha256: String,
}

/// Most sessions an activity may have; more is a camp split wrongly.
pub const MAX_SESSIONS: usize = 60;

/// How long before the first session and after the last check-in stays open.
pub const CHECKIN_BEFORE: Duration = Duration::hours(2);
pub const CHECKIN_AFTER: Duration = Duration::hours(2);

impl ActivityInput {
    /// Every problem at once, each at its field.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "title",
            "ชื่อกิจกรรม",
            &self.title,
            true,
            300,
            false,
        );
        check_text(
            &mut errors,
            "venue",
            "สถานที่",
            &self.venue,
            false,
            300,
            false,
        );
        check_text(
            &mut errors,
            "summary",
            "สรุปผล",
            &self.summary,
            false,
            5000,
            true,
        );
        for topic in &self.topics {
            check_text(&mut errors, "topics", "หัวข้อ", topic, false, 300, false);
        }
        for speaker in &self.speakers {
            check_text(
                &mut errors,
                "speakers",
                "วิทยากร",
                speaker,
                false,
                300,
                false,
            );
        }
        let year = FiscalYear(self.fiscal_year);
        if self.sessions.is_empty() {
            errors.push(FieldError {
                field: "sessions",
                message: "โปรดระบุวันที่จัดกิจกรรมอย่างน้อย 1 วัน".into(),
            });
        }
        if self.sessions.len() > MAX_SESSIONS {
            errors.push(FieldError {
                field: "sessions",
                message: format!("กิจกรรมหนึ่งมีได้ไม่เกิน {MAX_SESSIONS} ช่วง"),
            });
        }
        for (i, session) in self.sessions.iter().enumerate() {
            if !year.contains(session.date) {
                errors.push(FieldError {
                    field: "sessions",
                    message: format!(
                        "วันที่ช่วงที่ {} ({}) ไม่อยู่ในปีงบประมาณ {} ({} – {})",
                        i + 1,
                        crate::fiscal::thai_date(session.date),
                        self.fiscal_year,
                        crate::fiscal::thai_date(year.first_day()),
                        crate::fiscal::thai_date(year.last_day()),
                    ),
                });
            }
            if session.ends <= session.starts {
                errors.push(FieldError {
                    field: "sessions",
                    message: format!("เวลาสิ้นสุดของช่วงที่ {} ต้องหลังเวลาเริ่ม", i + 1),
                });
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for count in &self.groups {
            if !seen.insert(count.group) {
                errors.push(FieldError {
                    field: "groups",
                    message: format!("กลุ่มเป้าหมาย \"{}\" ซ้ำ", count.group.thai()),
                });
            }
        }
        errors
    }

    pub fn first_day(&self) -> Option<Date> {
        self.sessions.iter().map(|s| s.date).min()
    }

    /// Planned participants of all groups.
    pub fn planned_total(&self) -> u32 {
        self.groups.iter().map(|g| g.planned).sum()
    }
}

impl Activity {
    /// Participants of one group: what staff counted if they did, else the
    /// check-ins on phones.
    pub fn participants_of(&self, group: TargetGroup) -> u32 {
        let counted = self
            .input
            .groups
            .iter()
            .find(|g| g.group == group)
            .and_then(|g| g.actual);
        counted.unwrap_or_else(|| {
            self.checkins
                .iter()
                .find(|(g, _)| *g == group)
                .map_or(0, |(_, n)| *n)
        })
    }

    /// Participants of the given groups (all groups when empty).
    pub fn participants(&self, groups: &[TargetGroup]) -> u32 {
        TargetGroup::ALL
            .into_iter()
            .filter(|g| groups.is_empty() || groups.contains(g))
            .map(|g| self.participants_of(g))
            .sum()
    }

    /// Whether check-in is open at `now`: from two hours before any session
    /// starts to two hours after it ends.
    pub fn checkin_open(&self, now: OffsetDateTime) -> bool {
        self.input
            .sessions
            .iter()
            .any(|s| now >= s.starts_at() - CHECKIN_BEFORE && now <= s.ends_at() + CHECKIN_AFTER)
    }
}

/// A check-in as a participant sends it. The name is personal data: it is
/// kept for the attendance list only, never public, never logged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckIn {
    pub group: TargetGroup,
    pub name: Option<String>,
    /// Hash of the device's opaque token: one check-in per device.
    pub device: String,
}

impl CheckIn {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Some(name) = &self.name {
            check_text(&mut errors, "name", "ชื่อ", name, false, 200, false);
        }
        errors
    }
}

/// A line of the publicity log: where, when and what was published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicityEntry {
    pub id: String,
    pub item: Option<ItemRef>,
    pub fiscal_year: u16,
    pub channel: String,
    pub date: Date,
    pub topic: String,
}

impl PublicityEntry {
    pub fn validate(&self, channels: &[String]) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "topic",
            "เรื่องที่ประชาสัมพันธ์",
            &self.topic,
            true,
            300,
            false,
        );
        if !channels.iter().any(|c| c == &self.channel) {
            errors.push(FieldError {
                field: "channel",
                message: format!(
                    "ช่องทาง \"{}\" ไม่อยู่ในรายการช่องทางขององค์กร",
                    crate::validation::shown(&self.channel)
                ),
            });
        }
        let year = FiscalYear(self.fiscal_year);
        if !year.contains(self.date) {
            errors.push(FieldError {
                field: "date",
                message: format!(
                    "วันที่ {} ไม่อยู่ในปีงบประมาณ {}",
                    crate::fiscal::thai_date(self.date),
                    self.fiscal_year
                ),
            });
        }
        errors
    }
}

/// The channels an organisation starts with; it may add its own.
pub const DEFAULT_CHANNELS: [&str; 8] = [
    "เว็บไซต์",
    "เพจเฟซบุ๊ก",
    "LINE",
    "บอร์ดประชาสัมพันธ์",
    "จดหมายข่าว",
    "รถประชาสัมพันธ์",
    "หอกระจายข่าว",
    "วิทยุชุมชน",
];

/// What a roster lists.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RosterKind {
    Communities,
    Schools,
    Partners,
    YouthCouncil,
    CouncilMembers,
    Committee,
}

impl RosterKind {
    pub const ALL: [RosterKind; 6] = [
        RosterKind::Communities,
        RosterKind::Schools,
        RosterKind::Partners,
        RosterKind::YouthCouncil,
        RosterKind::CouncilMembers,
        RosterKind::Committee,
    ];
    pub fn code(self) -> &'static str {
        match self {
            RosterKind::Communities => "communities",
            RosterKind::Schools => "schools",
            RosterKind::Partners => "partners",
            RosterKind::YouthCouncil => "youth_council",
            RosterKind::CouncilMembers => "council_members",
            RosterKind::Committee => "committee",
        }
    }
    pub fn parse(code: &str) -> Option<RosterKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
    pub fn thai(self) -> &'static str {
        match self {
            RosterKind::Communities => "ชุมชน",
            RosterKind::Schools => "โรงเรียน/สถานศึกษา",
            RosterKind::Partners => "องค์กรภาคีเครือข่าย",
            RosterKind::YouthCouncil => "สภาเด็กและเยาวชน",
            RosterKind::CouncilMembers => "สมาชิกสภา",
            RosterKind::Committee => "คณะกรรมการ",
        }
    }
}

/// A reusable list: the communities, the schools, a committee's members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub id: String,
    pub kind: RosterKind,
    pub name: String,
    pub entries: Vec<String>,
}

/// One entry of a roster, by roster id and the entry's position-independent name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RosterEntryRef {
    pub roster: String,
    pub entry: String,
}

impl Roster {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "name",
            "ชื่อรายการ",
            &self.name,
            true,
            200,
            false,
        );
        if self.entries.is_empty() {
            errors.push(FieldError {
                field: "entries",
                message: "โปรดระบุรายชื่ออย่างน้อย 1 รายการ (บรรทัดละ 1 รายการ)".into(),
            });
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, entry) in self.entries.iter().enumerate() {
            check_text(&mut errors, "entries", "รายการ", entry, true, 200, false);
            if !seen.insert(entry.trim()) {
                errors.push(FieldError {
                    field: "entries",
                    message: format!(
                        "บรรทัดที่ {}: \"{}\" ซ้ำ",
                        i + 1,
                        crate::validation::shown(entry)
                    ),
                });
            }
        }
        errors
    }
}

/// A BE date and time as typed in a form: "15/11/2568" and "09:00".
pub fn parse_session(date: &str, starts: &str, ends: &str) -> Option<Session> {
    let date = crate::fiscal::parse_thai_date(date)?;
    let time = |t: &str| {
        let t = crate::thai::arabic_digits(t.trim()).replace('.', ":");
        let (h, m) = t.split_once(':')?;
        Time::from_hms(h.trim().parse().ok()?, m.trim().parse().ok()?, 0).ok()
    };
    Some(Session {
        date,
        starts: time(starts)?,
        ends: time(ends)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, time};

    fn training() -> ActivityInput {
        ActivityInput {
            item: ItemRef {
                dimension: 1,
                no: 1,
            },
            fiscal_year: 2569,
            kind: ActivityKind::Training,
            title: "อบรมคุณธรรมจริยธรรม".into(),
            sessions: vec![Session {
                date: date!(2026 - 01 - 15),
                starts: time!(9:00),
                ends: time!(16:00),
            }],
            venue: "ห้องประชุม".into(),
            topics: vec![],
            speakers: vec![],
            groups: vec![GroupCount {
                group: TargetGroup::Staff,
                planned: 100,
                actual: None,
            }],
            roster_entries: vec![],
            summary: String::new(),
        }
    }

    #[test]
    fn a_session_outside_the_fiscal_year_is_refused_at_its_field() {
        let mut input = training();
        input.sessions[0].date = date!(2026 - 10 - 01);
        let errors = input.validate();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "sessions");
        assert!(errors[0].message.contains("ไม่อยู่ในปีงบประมาณ 2569"));
        assert!(training().validate().is_empty());
    }

    #[test]
    fn participants_prefer_the_staff_count_over_check_ins() {
        let mut activity = Activity {
            id: "a".into(),
            input: training(),
            published: false,
            checkin_token: "t".into(),
            checkins: vec![(TargetGroup::Staff, 40), (TargetGroup::Community, 3)],
            photos: vec![],
            revision: 1,
        };
        assert_eq!(activity.participants(&[]), 43);
        activity.input.groups[0].actual = Some(95);
        assert_eq!(activity.participants(&[TargetGroup::Staff]), 95);
        assert_eq!(activity.participants(&[]), 98);
    }

    #[test]
    fn check_in_opens_two_hours_around_a_session() {
        let activity = Activity {
            id: "a".into(),
            input: training(),
            published: false,
            checkin_token: "t".into(),
            checkins: vec![],
            photos: vec![],
            revision: 1,
        };
        assert!(!activity.checkin_open(datetime!(2026-01-15 06:59 +7)));
        assert!(activity.checkin_open(datetime!(2026-01-15 07:00 +7)));
        assert!(activity.checkin_open(datetime!(2026-01-15 18:00 +7)));
        assert!(!activity.checkin_open(datetime!(2026-01-15 18:01 +7)));
    }

    #[test]
    fn sessions_are_typed_in_buddhist_era() {
        let s = parse_session("15/01/2569", "09.00", "16:30").unwrap();
        assert_eq!(s.date, date!(2026 - 01 - 15));
        assert_eq!(s.ends, time!(16:30));
        assert!(parse_session("15/01/2569", "25:00", "16:30").is_none());
    }
}
