//! Staff notifications (issue 13): the kinds of e-mail a member of staff may
//! get, which roles each applies to, and their Thai wording. Pure: the
//! service decides who gets what and the store keeps the outbox.
//!
//! No message carries a complainant's personal data: a general complaint is
//! named by its reference and category only, a corruption report by nothing
//! at all ("a new report arrived").

use crate::account::Role;

/// What a notice is about; also the unit of each user's choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoticeKind {
    /// A general complaint was received (complaint officers).
    NewComplaint,
    /// A corruption report arrived, nothing of it said (integrity officers).
    NewCorruptionReport,
    /// A complaint was assigned to my unit (its unit officers).
    AssignedToUnit,
    /// A progress report of my unit's item was returned with a comment.
    ReportReturned,
    /// A progress report of my unit's item was approved.
    ReportApproved,
    /// An information-centre period my unit owns is due within a few days.
    DisclosureDue,
    /// An information-centre period my unit owns is late.
    DisclosureLate,
    /// Once a day: what is waiting for me.
    Digest,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 8] = [
        NoticeKind::NewComplaint,
        NoticeKind::NewCorruptionReport,
        NoticeKind::AssignedToUnit,
        NoticeKind::ReportReturned,
        NoticeKind::ReportApproved,
        NoticeKind::DisclosureDue,
        NoticeKind::DisclosureLate,
        NoticeKind::Digest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::NewComplaint => "new_complaint",
            NoticeKind::NewCorruptionReport => "new_corruption_report",
            NoticeKind::AssignedToUnit => "assigned_to_unit",
            NoticeKind::ReportReturned => "report_returned",
            NoticeKind::ReportApproved => "report_approved",
            NoticeKind::DisclosureDue => "disclosure_due",
            NoticeKind::DisclosureLate => "disclosure_late",
            NoticeKind::Digest => "digest",
        }
    }

    pub fn parse(s: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The choice as the preferences page words it.
    pub fn thai(self) -> &'static str {
        match self {
            NoticeKind::NewComplaint => "มีเรื่องร้องเรียนทั่วไปเข้ามาใหม่",
            NoticeKind::NewCorruptionReport => {
                "มีเรื่องแจ้งเบาะแสการทุจริตเข้ามาใหม่ (แจ้งเพียงว่ามีเรื่องใหม่ ไม่มีเนื้อหา)"
            }
            NoticeKind::AssignedToUnit => "มีเรื่องร้องเรียนมอบหมายให้หน่วยงานของฉัน",
            NoticeKind::ReportReturned => "รายงานผลการดำเนินงานของหน่วยงานถูกส่งกลับให้แก้ไข",
            NoticeKind::ReportApproved => "รายงานผลการดำเนินงานของหน่วยงานได้รับอนุมัติ",
            NoticeKind::DisclosureDue => "ข้อมูลที่หน่วยงานต้องเผยแพร่ในศูนย์ข้อมูลข่าวสารใกล้ถึงกำหนด",
            NoticeKind::DisclosureLate => "ข้อมูลที่หน่วยงานต้องเผยแพร่เลยกำหนดแล้ว",
            NoticeKind::Digest => "สรุปงานที่รออยู่ประจำวัน (วันละหนึ่งฉบับ)",
        }
    }

    /// Whether a member of staff in `role` can get this kind at all.
    pub fn applies_to(self, role: Role) -> bool {
        match self {
            NoticeKind::NewComplaint => role == Role::ComplaintOfficer,
            NoticeKind::NewCorruptionReport => role == Role::IntegrityOfficer,
            NoticeKind::AssignedToUnit
            | NoticeKind::ReportReturned
            | NoticeKind::ReportApproved
            | NoticeKind::DisclosureDue
            | NoticeKind::DisclosureLate => role == Role::UnitOfficer,
            NoticeKind::Digest => digest_applies_to(role),
        }
    }

    /// The kinds a role may choose, in display order.
    pub fn for_role(role: Role) -> Vec<NoticeKind> {
        NoticeKind::ALL
            .into_iter()
            .filter(|k| k.applies_to(role))
            .collect()
    }
}

/// Roles with something that waits for them (the digest's contents).
fn digest_applies_to(role: Role) -> bool {
    matches!(
        role,
        Role::PlanCoordinator | Role::UnitOfficer | Role::ComplaintOfficer | Role::IntegrityOfficer
    )
}

/// Whether `kind` is on for a user, given the choices they saved (a kind
/// never chosen is on).
pub fn enabled(saved: &[(NoticeKind, bool)], kind: NoticeKind) -> bool {
    saved
        .iter()
        .find(|(k, _)| *k == kind)
        .is_none_or(|(_, on)| *on)
}

/// One e-mail, ready to go: subject and plain-text body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub body: String,
}

/// What the digest counts for one user (only what applies to their role is
/// non-zero).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DigestCounts {
    pub reports_to_review: u32,
    pub reports_to_publish: u32,
    pub complaints_due_soon: u32,
    pub complaints_overdue: u32,
    pub disclosures_due: u32,
    pub disclosures_late: u32,
}

impl DigestCounts {
    pub fn is_empty(&self) -> bool {
        *self == DigestCounts::default()
    }
}

/// The closing lines: where to look (only with a public address) and who sent it.
fn footer(link: Option<&str>, organization: &str) -> String {
    let mut out = String::new();
    if let Some(link) = link {
        out.push_str(&format!("\n\nดูรายละเอียดได้ที่ {link}"));
    }
    out.push_str(&format!(
        "\n\n{organization}\n(อีเมลนี้ส่งอัตโนมัติจากระบบ Sujarit เปลี่ยนการแจ้งเตือนได้ที่หน้า \"การแจ้งเตือนทางอีเมล\")"
    ));
    out
}

/// A general complaint received: its reference and category, nothing of the
/// complainant.
pub fn new_complaint(
    organization: &str,
    reference: &str,
    category: &str,
    link: Option<&str>,
) -> Letter {
    Letter {
        subject: format!("[{organization}] เรื่องร้องเรียนใหม่ {reference}"),
        body: format!(
            "มีเรื่องร้องเรียนทั่วไปเข้ามาใหม่ เลขอ้างอิง {reference} ประเภท {category} \
             โปรดรับเรื่องและดำเนินการภายในกำหนด{}",
            footer(link, organization)
        ),
    }
}

/// A corruption report arrived: that is all it says.
pub fn new_corruption_report(organization: &str, link: Option<&str>) -> Letter {
    Letter {
        subject: format!("[{organization}] มีเรื่องแจ้งเบาะแสใหม่"),
        body: format!(
            "มีเรื่องแจ้งเบาะแสการทุจริตเข้ามาใหม่หนึ่งเรื่อง โปรดเข้าสู่ระบบเพื่อเปิดอ่าน{}",
            footer(link, organization)
        ),
    }
}

/// A general complaint assigned to the reader's unit.
pub fn assigned_to_unit(
    organization: &str,
    reference: &str,
    category: &str,
    unit: &str,
    link: Option<&str>,
) -> Letter {
    Letter {
        subject: format!("[{organization}] มอบหมายเรื่องร้องเรียน {reference} ให้{unit}"),
        body: format!(
            "เรื่องร้องเรียนเลขอ้างอิง {reference} ประเภท {category} \
             ได้รับมอบหมายให้{unit}ดำเนินการ{}",
            footer(link, organization)
        ),
    }
}

/// A report of the reader's unit returned (with why) or approved.
pub fn report_decided(
    organization: &str,
    report: &str,
    returned: bool,
    comment: Option<&str>,
    link: Option<&str>,
) -> Letter {
    if returned {
        let why = comment
            .map(|c| format!("\n\nความเห็นของผู้ตรวจ: {c}"))
            .unwrap_or_default();
        Letter {
            subject: format!("[{organization}] รายงานถูกส่งกลับให้แก้ไข: {report}"),
            body: format!(
                "รายงานผลการดำเนินงาน {report} ถูกส่งกลับให้แก้ไข{why}{}",
                footer(link, organization)
            ),
        }
    } else {
        Letter {
            subject: format!("[{organization}] รายงานได้รับอนุมัติ: {report}"),
            body: format!(
                "รายงานผลการดำเนินงาน {report} ได้รับอนุมัติแล้ว{}",
                footer(link, organization)
            ),
        }
    }
}

/// An information-centre period the reader's unit owns: due on `due` (a
/// Thai date) or already late.
pub fn disclosure(
    organization: &str,
    item: &str,
    period: &str,
    due: &str,
    late: bool,
    link: Option<&str>,
) -> Letter {
    let (subject, state) = if late {
        ("เลยกำหนดเผยแพร่", "เลยกำหนดเผยแพร่แล้ว")
    } else {
        ("ใกล้ถึงกำหนดเผยแพร่", "ใกล้ถึงกำหนดเผยแพร่")
    };
    Letter {
        subject: format!("[{organization}] {subject}: {item}"),
        body: format!(
            "ข้อมูล {item} ({period}) ในศูนย์ข้อมูลข่าวสารที่หน่วยงานของท่านรับผิดชอบ{state} \
             (กำหนด {due}){}",
            footer(link, organization)
        ),
    }
}

/// The day's summary; None when nothing waits (no e-mail then).
pub fn digest(
    organization: &str,
    date: &str,
    counts: &DigestCounts,
    link: Option<&str>,
) -> Option<Letter> {
    if counts.is_empty() {
        return None;
    }
    let lines: Vec<String> = [
        (counts.reports_to_review, "รายงานผลการดำเนินงานรอตรวจ"),
        (counts.reports_to_publish, "รายงานที่อนุมัติแล้วรอเผยแพร่"),
        (
            counts.complaints_due_soon,
            "เรื่องร้องเรียนใกล้ครบกำหนด (ภายใน 3 วัน)",
        ),
        (counts.complaints_overdue, "เรื่องร้องเรียนเกินกำหนด"),
        (counts.disclosures_due, "ข้อมูลที่ต้องเผยแพร่ใกล้ถึงกำหนด"),
        (counts.disclosures_late, "ข้อมูลที่ต้องเผยแพร่เลยกำหนด"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, label)| format!("- {label}: {n} รายการ"))
    .collect();
    Some(Letter {
        subject: format!("[{organization}] งานที่รออยู่ ประจำวันที่ {date}"),
        body: format!(
            "สรุปงานที่รอท่านอยู่ ณ วันที่ {date}\n\n{}{}",
            lines.join("\n"),
            footer(link, organization)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_apply_to_their_roles() {
        for kind in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(
            NoticeKind::for_role(Role::ComplaintOfficer),
            vec![NoticeKind::NewComplaint, NoticeKind::Digest]
        );
        assert_eq!(
            NoticeKind::for_role(Role::IntegrityOfficer),
            vec![NoticeKind::NewCorruptionReport, NoticeKind::Digest]
        );
        assert_eq!(NoticeKind::for_role(Role::UnitOfficer).len(), 6);
        assert!(NoticeKind::for_role(Role::Administrator).is_empty());
        assert!(NoticeKind::for_role(Role::Executive).is_empty());
    }

    #[test]
    fn a_kind_never_chosen_is_on() {
        let saved = [(NoticeKind::Digest, false)];
        assert!(!enabled(&saved, NoticeKind::Digest));
        assert!(enabled(&saved, NoticeKind::NewComplaint));
    }

    #[test]
    fn letters_say_nothing_of_a_report_and_link_only_when_given() {
        let letter = new_corruption_report("เทศบาล", None);
        assert!(!letter.body.contains("http"));
        assert!(letter.body.contains("เรื่องแจ้งเบาะแส"));
        let with = new_complaint("เทศบาล", "AB12CD34", "ถนน", Some("https://x.test/s"));
        assert!(with.body.contains("https://x.test/s"));
        assert!(digest("เทศบาล", "1 ม.ค. 2569", &DigestCounts::default(), None).is_none());
        let some = DigestCounts {
            complaints_overdue: 2,
            ..Default::default()
        };
        let text = digest("เทศบาล", "1 ม.ค. 2569", &some, None).unwrap().body;
        assert!(text.contains("เรื่องร้องเรียนเกินกำหนด: 2 รายการ"), "{text}");
        assert!(!text.contains("รอตรวจ"));
    }
}
