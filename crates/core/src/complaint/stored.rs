//! What the store checks of a sealed complaint, of information a complainant
//! adds and of attached files before it writes them (with the rows it read:
//! the organisation's categories, whether a unit or officer exists). The
//! store returns these errors unchanged.

use super::{Category, Channel, NewComplaint, OTHER_CATEGORY, SealedComplaint};
use crate::validation::FieldError;

/// A file's metadata as the store is asked to keep it.
#[derive(Clone, Copy, Debug)]
pub struct AttachmentShape<'a> {
    /// Hex SHA-256.
    pub sha256: &'a str,
    pub media_type: &'a str,
    pub size_bytes: u64,
    /// The name is given in plain text.
    pub plain_name: bool,
    /// The name is given sealed.
    pub sealed_name: bool,
}

/// The shape of the `index`-th file's metadata for a case of `channel`.
pub fn check_attachment(channel: Channel, index: usize, file: AttachmentShape) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let n = index + 1;
    let sha_ok = file.sha256.len() == 64 && file.sha256.bytes().all(|b| b.is_ascii_hexdigit());
    if !sha_ok || file.size_bytes == 0 || file.media_type.trim().is_empty() {
        errors.push(FieldError {
            field: "attachments",
            message: format!("ไฟล์แนบที่ {n} มีข้อมูลไม่ครบ (รหัสไฟล์ ชนิด หรือขนาด)"),
        });
    }
    let named_right = match channel {
        Channel::General => !file.sealed_name,
        // A reporter's file name can identify them: sealed, never plain.
        Channel::Corruption => !file.plain_name && file.sealed_name,
    };
    if !named_right {
        errors.push(FieldError {
            field: "attachments",
            message: format!(
                "ไฟล์แนบที่ {n}: ชื่อไฟล์ของ{}ต้อง{}",
                channel.thai(),
                match channel {
                    Channel::General => "เป็นข้อความธรรมดา",
                    Channel::Corruption => "เข้ารหัสก่อนบันทึก",
                }
            ),
        });
    }
    errors
}

/// A file too large for the database's size column.
pub fn attachment_too_large() -> FieldError {
    FieldError {
        field: "attachments",
        message: "ไฟล์แนบมีขนาดใหญ่เกินไป".into(),
    }
}

/// Whether `code` is an enabled category of `channel` (checked before
/// anything of a filing is stored, and again by the store).
pub fn check_category(channel: Channel, code: &str, categories: &[Category]) -> Option<FieldError> {
    match categories.iter().find(|k| k.code == code) {
        Some(category) if category.enabled => None,
        _ => Some(FieldError {
            field: "category",
            message: format!(
                "ไม่มีหมวดหมู่ \"{code}\" ใน{} โปรดเลือกจากรายการ",
                channel.thai()
            ),
        }),
    }
}

/// A sealed complaint against the organisation's `categories` (attachments
/// are checked one by one with [`check_attachment`]).
pub fn check_sealed(c: &SealedComplaint, categories: &[Category]) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = check_category(c.channel, &c.category, categories)
        .into_iter()
        .collect();
    match c.channel {
        Channel::General => {
            let as_filed = NewComplaint {
                channel: Channel::General,
                category: c.category.clone(),
                subject: c.subject.clone().unwrap_or_default(),
                details: c.details.clone().unwrap_or_default(),
                place: c.place.clone(),
                persons_concerned: None,
                contact: None,
                location: c.location,
            };
            errors.extend(
                // The minimum lengths are the filing form's rule (a record
                // already filed is not refused for them).
                as_filed
                    .checked(false)
                    .into_iter()
                    .filter(|e| e.field != "category"),
            );
            if c.sealed_content.is_some() {
                errors.push(FieldError {
                    field: "sealed_content",
                    message: "เรื่องร้องทุกข์ทั่วไปไม่มีเนื้อหาที่เข้ารหัส".into(),
                });
            }
        }
        Channel::Corruption => {
            if c.subject.is_some()
                || c.details.is_some()
                || c.place.is_some()
                || c.location.is_some()
            {
                errors.push(FieldError {
                    field: "subject",
                    message: "เนื้อหาการแจ้งเบาะแสการทุจริตต้องเข้ารหัสทั้งหมด ห้ามบันทึกเป็นข้อความธรรมดา".into(),
                });
            }
            if c.sealed_content.as_ref().is_none_or(Vec::is_empty) {
                errors.push(FieldError {
                    field: "sealed_content",
                    message: "ไม่มีเนื้อหาการแจ้งเบาะแสที่เข้ารหัสแล้ว".into(),
                });
            }
        }
    }
    if c.sealed_contact.as_ref().is_some_and(Vec::is_empty) {
        errors.push(FieldError {
            field: "contact",
            message: "ข้อมูลติดต่อที่เข้ารหัสว่างเปล่า".into(),
        });
    }
    errors
}

/// Information a complainant adds to a case of `channel`: `text` trimmed
/// (None when blank), whether a sealed text came (and is non-empty), whether
/// files came (checked with [`check_attachment`]).
pub fn check_information(
    channel: Channel,
    text: Option<&str>,
    sealed_text: Option<&[u8]>,
    has_attachments: bool,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    match channel {
        Channel::General => {
            let as_details = NewComplaint {
                channel,
                category: OTHER_CATEGORY.into(),
                subject: "-".into(),
                details: text.unwrap_or_default().to_string(),
                place: None,
                persons_concerned: None,
                contact: None,
                location: None,
            };
            errors.extend(as_details.checked(false).into_iter().map(|e| FieldError {
                field: "text",
                message: e.message.replace("รายละเอียด", "ข้อมูลเพิ่มเติม"),
            }));
            if sealed_text.is_some() {
                errors.push(FieldError {
                    field: "sealed_text",
                    message: "เรื่องร้องทุกข์ทั่วไปส่งข้อมูลเพิ่มเติมเป็นข้อความธรรมดา".into(),
                });
            }
        }
        Channel::Corruption => {
            if text.is_some() {
                errors.push(FieldError {
                    field: "text",
                    message: "ข้อมูลเพิ่มเติมของการแจ้งเบาะแสต้องเข้ารหัสก่อนบันทึก".into(),
                });
            }
            if sealed_text.is_none_or(<[u8]>::is_empty) && !has_attachments {
                errors.push(FieldError {
                    field: "text",
                    message: "โปรดระบุข้อมูลเพิ่มเติมหรือแนบไฟล์".into(),
                });
            }
        }
    }
    errors
}

/// The officer chosen in an assignment, as the store read their account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assignee<'a> {
    pub role: crate::account::Role,
    pub active: bool,
    /// A unit officer's unit.
    pub unit_id: Option<&'a str>,
}

impl Assignee<'_> {
    /// Whether this account may act on a case of `channel` assigned to
    /// `unit_id`: a general complaint goes to an active unit officer of that
    /// unit (who then sees it in their queue); a corruption report only to
    /// an active integrity officer, the one role that may open it.
    pub fn may_act(&self, channel: Channel, unit_id: &str) -> bool {
        use crate::account::Role;
        self.active
            && match channel {
                Channel::General => self.role == Role::UnitOfficer && self.unit_id == Some(unit_id),
                Channel::Corruption => self.role == Role::IntegrityOfficer,
            }
    }
}

/// A case's assignment: the chosen unit exists, and the chosen officer
/// exists and may act on the case there ([`Assignee::may_act`]).
pub fn check_assignment(
    channel: Channel,
    unit_id: &str,
    unit_found: bool,
    officer: Option<Assignee<'_>>,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !unit_found {
        errors.push(FieldError {
            field: "unit_id",
            message: "ไม่พบหน่วยงานที่เลือก".into(),
        });
    }
    let officer_error = match officer {
        None => Some("ไม่พบเจ้าหน้าที่ที่เลือก"),
        Some(o) if !o.active => Some("บัญชีของเจ้าหน้าที่ที่เลือกปิดใช้งานอยู่ โปรดเลือกผู้อื่น"),
        Some(o) if !unit_found || o.may_act(channel, unit_id) => None,
        Some(_) => Some(match channel {
            Channel::General => {
                "เจ้าหน้าที่ที่เลือกไม่ใช่เจ้าหน้าที่ของหน่วยงานที่เลือก: \
                 มอบหมายได้เฉพาะเจ้าหน้าที่หน่วยงานที่สังกัดหน่วยงานนั้น"
            }
            Channel::Corruption => {
                "เรื่องแจ้งเบาะแสการทุจริตมอบหมายได้เฉพาะเจ้าหน้าที่นิติการ \
                 ซึ่งเป็นผู้เดียวที่เปิดอ่านเรื่องได้"
            }
        }),
    };
    if let Some(message) = officer_error {
        errors.push(FieldError {
            field: "officer_id",
            message: message.into(),
        });
    }
    errors
}

/// The reason a staff member gives for revealing a complainant's identity
/// (trimmed by the caller).
pub fn check_reveal_reason(reason: &str) -> Vec<FieldError> {
    if reason.is_empty() {
        vec![FieldError {
            field: "reason",
            message: "โปรดระบุเหตุผลที่ต้องเปิดเผยตัวตนและข้อมูลติดต่อของผู้ร้อง".into(),
        }]
    } else if reason.chars().count() > 1_000 {
        vec![FieldError {
            field: "reason",
            message: "เหตุผลยาวเกิน 1000 ตัวอักษร".into(),
        }]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::Role;
    use crate::complaint::test_support::fields;

    #[test]
    fn an_assignment_goes_to_someone_who_may_act_there() {
        let g = Channel::General;
        let works = |role, active, unit| Assignee {
            role,
            active,
            unit_id: unit,
        };
        let fine = works(Role::UnitOfficer, true, Some("works"));
        assert!(check_assignment(g, "works", true, Some(fine)).is_empty());
        assert_eq!(
            fields(&check_assignment(g, "works", false, None)),
            ["unit_id", "officer_id"]
        );
        // Another unit's officer, another role, an inactive account.
        for officer in [
            works(Role::UnitOfficer, true, Some("finance")),
            works(Role::Executive, true, None),
            works(Role::IntegrityOfficer, true, None),
            works(Role::UnitOfficer, false, Some("works")),
        ] {
            let errors = check_assignment(g, "works", true, Some(officer));
            assert_eq!(fields(&errors), ["officer_id"], "{officer:?}");
        }
        assert!(
            check_assignment(
                g,
                "works",
                true,
                Some(works(Role::UnitOfficer, true, Some("finance")))
            )[0]
            .message
            .contains("ไม่ใช่เจ้าหน้าที่ของหน่วยงานที่เลือก")
        );
        // A corruption report: integrity officers only, whatever the unit.
        let c = Channel::Corruption;
        assert!(
            check_assignment(
                c,
                "works",
                true,
                Some(works(Role::IntegrityOfficer, true, None))
            )
            .is_empty()
        );
        let refused = check_assignment(c, "works", true, Some(fine));
        assert_eq!(fields(&refused), ["officer_id"]);
        assert!(refused[0].message.contains("เจ้าหน้าที่นิติการ"));
    }
}
