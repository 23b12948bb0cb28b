//! What a citizen files: the complaint or report, its contact, checking it
//! and sealing what must not reach the database in plain text.

use super::{Channel, FieldError};
use crate::validation::{check_text, shown, trimmed};
use serde::{Deserialize, Serialize};

/// How to reach the complainant; every part optional. `Debug` says which
/// parts are given, never their values, so a stray log line leaks nothing.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        [&self.name, &self.phone, &self.email, &self.address]
            .iter()
            .all(|f| f.is_none())
    }

    /// The bytes to seal (JSON). Only [`Contact::from_sealed_plaintext`] reads them.
    pub fn to_sealed_plaintext(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a contact serialises")
    }

    pub fn from_sealed_plaintext(bytes: &[u8]) -> Option<Contact> {
        serde_json::from_slice(bytes).ok()
    }
}

/// The content of a corruption report, sealed as one blob: the store keeps
/// none of it in plain columns. `Debug` shows lengths only.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorruptionContent {
    pub subject: String,
    pub details: String,
    pub place: Option<String>,
    pub persons_concerned: Option<String>,
}

impl CorruptionContent {
    pub fn to_sealed_plaintext(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("content serialises")
    }

    pub fn from_sealed_plaintext(bytes: &[u8]) -> Option<CorruptionContent> {
        serde_json::from_slice(bytes).ok()
    }
}

/// A complaint or report as filed, before validation. `Debug` shows the
/// channel, the category and lengths, never the text or the contact.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComplaint {
    pub channel: Channel,
    /// A category code of the channel (the store checks it is enabled).
    pub category: String,
    pub subject: String,
    pub details: String,
    pub place: Option<String>,
    /// The officials or unit the report concerns (corruption channel).
    pub persons_concerned: Option<String>,
    /// None (or all parts empty): anonymous.
    pub contact: Option<Contact>,
    /// Where it is, as coordinates (general complaints only).
    #[serde(default)]
    pub location: Option<super::Location>,
}

impl std::fmt::Debug for Contact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contact")
            .field("name", &self.name.as_ref().map(|_| "…"))
            .field("phone", &self.phone.as_ref().map(|_| "…"))
            .field("email", &self.email.as_ref().map(|_| "…"))
            .field("address", &self.address.as_ref().map(|_| "…"))
            .finish()
    }
}

impl std::fmt::Debug for CorruptionContent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CorruptionContent")
            .field("subject_chars", &self.subject.chars().count())
            .field("details_chars", &self.details.chars().count())
            .field("has_place", &self.place.is_some())
            .field("has_persons_concerned", &self.persons_concerned.is_some())
            .finish()
    }
}

impl std::fmt::Debug for NewComplaint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewComplaint")
            .field("channel", &self.channel)
            .field("category", &self.category)
            .field("subject_chars", &self.subject.chars().count())
            .field("details_chars", &self.details.chars().count())
            .field("contact", &self.contact)
            .finish_non_exhaustive()
    }
}

pub const MAX_SUBJECT_CHARS: usize = 200;
/// The shortest subject and details a complaint is filed with (characters
/// after trimming, as the API's `minLength` counts them): a one-letter
/// complaint says nothing and would still count in the statistics.
pub const MIN_SUBJECT_CHARS: usize = 5;
pub const MIN_DETAILS_CHARS: usize = 20;
pub const MAX_DETAILS_CHARS: usize = 10_000;
pub const MAX_PLACE_CHARS: usize = 500;
pub const MAX_PERSONS_CHARS: usize = 2_000;
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_ADDRESS_CHARS: usize = 1_000;
pub const MAX_EMAIL_CHARS: usize = 254;
/// Public messages and internal notes on a case.
pub const MAX_MESSAGE_CHARS: usize = 5_000;
pub const MAX_SURVEY_COMMENT_CHARS: usize = 1_000;

impl NewComplaint {
    /// The complaint with every text trimmed, empty optional parts made
    /// `None`, the phone written as digits (`0812345678`) and the e-mail's
    /// domain lower-cased; an all-empty contact becomes `None`.
    pub fn normalized(&self) -> NewComplaint {
        let contact = self.contact.as_ref().map(|c| Contact {
            name: trimmed(&c.name),
            phone: trimmed(&c.phone).map(|p| normalize_phone(&p).unwrap_or(p)),
            email: trimmed(&c.email).map(|e| normalize_email(&e)),
            address: trimmed(&c.address),
        });
        NewComplaint {
            channel: self.channel,
            category: self.category.trim().to_string(),
            subject: self.subject.trim().to_string(),
            details: self.details.trim().to_string(),
            place: trimmed(&self.place),
            persons_concerned: trimmed(&self.persons_concerned),
            contact: contact.filter(|c| !c.is_empty()),
            location: self.location,
        }
    }

    /// Every problem, one Thai message per field, so a form shows them all at
    /// once. Checks the trimmed values; an empty list means acceptable.
    /// Whether the category exists is the store's check (it is configurable).
    pub fn validate(&self) -> Vec<FieldError> {
        self.checked(true)
    }

    /// [`NewComplaint::validate`], with or without the minimum lengths
    /// (information added to a case is checked as details, of any length).
    pub(crate) fn checked(&self, minimums: bool) -> Vec<FieldError> {
        let c = self.normalized();
        let mut errors = Vec::new();
        if c.category.is_empty() {
            errors.push(FieldError {
                field: "category",
                message: "โปรดเลือกหมวดหมู่ของเรื่อง".into(),
            });
        }
        check_text(
            &mut errors,
            "subject",
            "เรื่อง",
            &c.subject,
            true,
            MAX_SUBJECT_CHARS,
            false,
        );
        check_text(
            &mut errors,
            "details",
            "รายละเอียด",
            &c.details,
            true,
            MAX_DETAILS_CHARS,
            true,
        );
        for (field, label, text, min) in [
            ("subject", "เรื่อง", &c.subject, MIN_SUBJECT_CHARS),
            ("details", "รายละเอียด", &c.details, MIN_DETAILS_CHARS),
        ] {
            let chars = text.chars().count();
            if minimums && chars > 0 && chars < min && errors.iter().all(|e| e.field != field) {
                errors.push(FieldError {
                    field,
                    message: format!(
                        "{label}สั้นเกินไป: โปรดระบุอย่างน้อย {min} ตัวอักษร (มี {chars} ตัวอักษร)"
                    ),
                });
            }
        }
        if let Some(place) = &c.place {
            check_text(
                &mut errors,
                "place",
                "สถานที่",
                place,
                false,
                MAX_PLACE_CHARS,
                true,
            );
        }
        if let Some(location) = &c.location {
            if c.channel == Channel::Corruption {
                errors.push(FieldError {
                    field: "latitude",
                    message:
                        "ระบุพิกัดได้เฉพาะเรื่องร้องทุกข์ทั่วไป (เรื่องแจ้งเบาะแสระบุสถานที่เป็นข้อความ ซึ่งถูกเข้ารหัส)"
                            .into(),
                });
            } else if !location.in_range() {
                errors.push(FieldError {
                    field: "latitude",
                    message: "พิกัดอยู่นอกช่วง: ละติจูด -90 ถึง 90 และลองจิจูด -180 ถึง 180".into(),
                });
            }
        }
        if let Some(persons) = &c.persons_concerned {
            if c.channel == Channel::General {
                errors.push(FieldError {
                    field: "persons_concerned",
                    message: "ระบุผู้ถูกร้องได้เฉพาะช่องทางแจ้งเบาะแสการทุจริต".into(),
                });
            } else {
                check_text(
                    &mut errors,
                    "persons_concerned",
                    "ผู้ถูกร้องหรือหน่วยงานที่เกี่ยวข้อง",
                    persons,
                    false,
                    MAX_PERSONS_CHARS,
                    true,
                );
            }
        }
        if let Some(contact) = &c.contact {
            if let Some(name) = &contact.name {
                check_text(
                    &mut errors,
                    "contact.name",
                    "ชื่อผู้ร้อง",
                    name,
                    false,
                    MAX_NAME_CHARS,
                    false,
                );
            }
            if let Some(address) = &contact.address {
                check_text(
                    &mut errors,
                    "contact.address",
                    "ที่อยู่",
                    address,
                    false,
                    MAX_ADDRESS_CHARS,
                    true,
                );
            }
            if let Some(phone) = &contact.phone
                && normalize_phone(phone).is_none()
            {
                errors.push(FieldError {
                    field: "contact.phone",
                    message: format!(
                        "หมายเลขโทรศัพท์ \"{}\" ไม่ถูกต้อง: ใช้หมายเลขในประเทศไทย 9–10 หลัก เช่น 081-234-5678 หรือ +66 81 234 5678",
                        shown(phone)
                    ),
                });
            }
            if let Some(email) = &contact.email
                && !is_valid_email(email)
            {
                errors.push(FieldError {
                    field: "contact.email",
                    message: format!(
                        "อีเมล \"{}\" ไม่ถูกต้อง: ตัวอย่างที่ถูกต้อง somchai@example.com",
                        shown(email)
                    ),
                });
            }
        }
        errors
    }

    /// Whether the complainant left a way to be reached other than the
    /// tracking page.
    pub fn is_anonymous(&self) -> bool {
        self.normalized().contact.is_none()
    }
}

/// The contexts of values sealed before issue 11 (seal version 1): bound
/// to the field only, under the key file. Read only by the upgrade that
/// re-seals them bound to their record ([`crate::case_keys`]).
pub mod seal_context {
    pub const CONTACT: &[u8] = b"sujarit.complaint.contact.v1";
    pub const CONTENT: &[u8] = b"sujarit.complaint.content.v1";
    pub const FILE_NAME: &[u8] = b"sujarit.complaint.file_name.v1";
    /// The bytes of a corruption report's attachment.
    pub const FILE_CONTENT: &[u8] = b"sujarit.complaint.file_content.v1";
    pub const INFORMATION: &[u8] = b"sujarit.complaint.information.v1";
}

/// A complaint ready for the store: sensitive parts sealed, the rest plain.
///
/// * every channel: the contact is sealed (`sealed_contact`, None when anonymous);
/// * general: subject, details and place stay plain (staff search and the
///   recurring-problems view need them);
/// * corruption: subject, details, place and persons concerned are sealed
///   together (`sealed_content`) and the plain ones are None.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedComplaint {
    pub channel: Channel,
    pub category: String,
    pub subject: Option<String>,
    pub details: Option<String>,
    pub place: Option<String>,
    pub sealed_content: Option<Vec<u8>>,
    pub sealed_contact: Option<Vec<u8>>,
    /// General only, plain like the place.
    pub location: Option<super::Location>,
}

impl std::fmt::Debug for SealedComplaint {
    // Plain parts only; sealed ones by length.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealedComplaint")
            .field("channel", &self.channel)
            .field("category", &self.category)
            .field("subject", &self.subject)
            .field(
                "sealed_content_len",
                &self.sealed_content.as_ref().map(Vec::len),
            )
            .field(
                "sealed_contact_len",
                &self.sealed_contact.as_ref().map(Vec::len),
            )
            .finish_non_exhaustive()
    }
}

impl NewComplaint {
    /// Normalises and seals what must not reach the database in plain text,
    /// bound to the record: a general complaint's contact with the key file
    /// ([`RecordSealer::with_server_key`]), a corruption report's contact and
    /// content with its own data key ([`RecordSealer::with_data_key`]).
    /// Validate first: this does not.
    ///
    /// [`RecordSealer::with_server_key`]: crate::case_keys::RecordSealer::with_server_key
    /// [`RecordSealer::with_data_key`]: crate::case_keys::RecordSealer::with_data_key
    pub fn seal(&self, sealer: &crate::case_keys::RecordSealer) -> SealedComplaint {
        use crate::case_keys::field;
        let c = self.normalized();
        let sealed_contact = c
            .contact
            .as_ref()
            .map(|contact| sealer.seal(field::CONTACT, &contact.to_sealed_plaintext()));
        match c.channel {
            Channel::General => SealedComplaint {
                channel: c.channel,
                category: c.category,
                subject: Some(c.subject),
                details: Some(c.details),
                place: c.place,
                sealed_content: None,
                sealed_contact,
                location: c.location,
            },
            Channel::Corruption => {
                let content = CorruptionContent {
                    subject: c.subject,
                    details: c.details,
                    place: c.place,
                    persons_concerned: c.persons_concerned,
                };
                SealedComplaint {
                    channel: c.channel,
                    category: c.category,
                    subject: None,
                    details: None,
                    place: None,
                    sealed_content: Some(
                        sealer.seal(field::CONTENT, &content.to_sealed_plaintext()),
                    ),
                    sealed_contact,
                    location: None,
                }
            }
        }
    }
}

/// A Thai phone number written as digits starting with 0 (`0812345678`,
/// `022345678`), or None. Accepts spaces, dashes, Thai digits and `+66`.
pub fn normalize_phone(text: &str) -> Option<String> {
    let text = crate::thai::arabic_digits(text.trim());
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+'))
    {
        return None;
    }
    let compact: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let national = if let Some(rest) = compact.strip_prefix("+66") {
        format!("0{}", rest.strip_prefix('0').unwrap_or(rest))
    } else {
        compact
    };
    let digits_only = national.bytes().all(|b| b.is_ascii_digit());
    // Landlines have 9 digits (02-xxx-xxxx), mobiles 10 (08x-xxx-xxxx).
    (digits_only && national.starts_with('0') && (9..=10).contains(&national.len()))
        .then_some(national)
}

/// `local@domain` with a plain ASCII local part and a dotted domain of
/// letters, digits and hyphens. Deliberately simple: a typo check, not RFC 5322.
pub fn is_valid_email(text: &str) -> bool {
    let text = text.trim();
    if text.len() > MAX_EMAIL_CHARS {
        return false;
    }
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
    local_ok && domain_ok
}

/// The e-mail with its domain lower-cased (the local part is the mailbox's own).
fn normalize_email(text: &str) -> String {
    match text.trim().split_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_ascii_lowercase()),
        None => text.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::test_support::fields;
    use crate::complaint::*;

    fn general() -> NewComplaint {
        NewComplaint {
            channel: Channel::General,
            category: "roads".into(),
            subject: " ถนนชำรุด ".into(),
            details: "หลุมบ่อหน้าโรงเรียน\nอันตรายตอนกลางคืน".into(),
            place: Some("  ".into()),
            persons_concerned: None,
            contact: Some(Contact {
                name: Some("สมชาย ใจดี".into()),
                phone: Some("+66 81-234-5678".into()),
                email: Some("Somchai@Example.COM".into()),
                address: None,
            }),
            location: None,
        }
    }

    #[test]
    fn a_good_complaint_normalises_and_validates() {
        let c = general();
        assert!(c.validate().is_empty(), "{:?}", c.validate());
        let n = c.normalized();
        assert_eq!(n.subject, "ถนนชำรุด");
        assert_eq!(n.place, None);
        let contact = n.contact.unwrap();
        assert_eq!(contact.phone.as_deref(), Some("0812345678"));
        assert_eq!(contact.email.as_deref(), Some("Somchai@example.com"));
        assert!(!general().is_anonymous());
    }

    #[test]
    fn anonymous_complaints_are_accepted_on_both_channels() {
        for channel in Channel::ALL {
            let mut c = general();
            c.channel = channel;
            c.contact = Some(Contact {
                name: Some(" ".into()),
                ..Default::default()
            });
            assert!(c.validate().is_empty());
            assert!(c.is_anonymous());
            assert_eq!(c.normalized().contact, None);
        }
    }

    #[test]
    fn bad_input_gets_thai_messages_naming_the_field() {
        let c = NewComplaint {
            channel: Channel::General,
            category: " ".into(),
            subject: "ก".repeat(201),
            details: "  ".into(),
            place: Some("บ้าน\u{0007}".into()),
            persons_concerned: Some("นาย ก".into()),
            contact: Some(Contact {
                name: Some("ชื่อ\nสองบรรทัด".into()),
                phone: Some("12345".into()),
                email: Some("not-an-email".into()),
                address: Some("\u{202E}evil".into()),
            }),
            location: None,
        };
        let errors = c.validate();
        assert_eq!(
            fields(&errors),
            [
                "category",
                "subject",
                "details",
                "place",
                "persons_concerned",
                "contact.name",
                "contact.address",
                "contact.phone",
                "contact.email"
            ]
        );
        assert!(errors[1].message.contains("เรื่องยาวเกิน 200"));
        assert_eq!(errors[2].message, "โปรดระบุรายละเอียด");
        assert!(
            errors
                .iter()
                .all(|e| e.message.chars().any(crate::thai::is_thai))
        );
        let mut long = general();
        long.details = "ข".repeat(10_001);
        assert_eq!(fields(&long.validate()), ["details"]);
        long.details = "ข".repeat(10_000);
        assert!(long.validate().is_empty());
    }

    #[test]
    fn phones_and_emails() {
        for (text, expected) in [
            ("081-234-5678", Some("0812345678")),
            ("02 123 4567", Some("021234567")),
            ("+66812345678", Some("0812345678")),
            ("+66 081 234 5678", Some("0812345678")),
            ("๐๘๑๒๓๔๕๖๗๘", Some("0812345678")),
            ("1111", None),
            ("08123456789", None),
            ("081-234-567a", None),
            ("(02) 123 4567", None),
        ] {
            assert_eq!(normalize_phone(text).as_deref(), expected, "{text}");
        }
        for good in [
            "a@b.co",
            "somchai.j+x@mail.go.th",
            "A_B@sub-domain.example.org",
        ] {
            assert!(is_valid_email(good), "{good}");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "a@b.c",
            "@b.co",
            "a@@b.co",
            "a b@c.co",
            "a..b@c.co",
            ".a@c.co",
            "a@-b.co",
            "a@b..co",
            "สมชาย@mail.com",
            "a@b.c0m",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn sealing_keeps_corruption_content_and_every_contact_out_of_plain_fields() {
        use crate::case_keys::{DataKey, RecordSealer, field};
        use crate::sealed::{Keyring, SealingKey};
        let ring = Keyring::new("k", SealingKey::from_bytes([9; 32])).unwrap();
        let server = RecordSealer::with_server_key(&ring, "org", "c1");
        let sealed = general().seal(&server);
        assert_eq!(sealed.subject.as_deref(), Some("ถนนชำรุด"));
        assert!(sealed.sealed_content.is_none());
        let contact = server
            .open(field::CONTACT, sealed.sealed_contact.as_ref().unwrap())
            .unwrap();
        assert_eq!(
            Contact::from_sealed_plaintext(&contact)
                .unwrap()
                .phone
                .as_deref(),
            Some("0812345678")
        );
        let mut report = general();
        report.channel = Channel::Corruption;
        report.persons_concerned = Some("นาย ข".into());
        let case = RecordSealer::with_data_key(&DataKey::generate(), "org", "c2");
        let sealed = report.seal(&case);
        assert!(
            ring.open_with_context(
                sealed.sealed_content.as_ref().unwrap(),
                seal_context::CONTENT
            )
            .is_err(),
            "the key file does not open a report"
        );
        assert_eq!(
            (
                sealed.subject.clone(),
                sealed.details.clone(),
                sealed.place.clone()
            ),
            (None, None, None)
        );
        let content = case
            .open(field::CONTENT, sealed.sealed_content.as_ref().unwrap())
            .unwrap();
        let content = CorruptionContent::from_sealed_plaintext(&content).unwrap();
        assert_eq!(content.persons_concerned.as_deref(), Some("นาย ข"));
        assert!(!format!("{sealed:?}").contains("สมชาย"));
        let shown = format!(
            "{report:?} {content:?}",
            report = general(),
            content = content
        );
        for private in ["สมชาย", "0812345678", "+66", "Somchai", "นาย ข", "ถนนชำรุด"]
        {
            assert!(!shown.contains(private), "{private} in {shown}");
        }
        // The report's contact is its data key's too, bound to its record.
        let reporter = sealed.sealed_contact.as_ref().unwrap();
        assert!(case.open(field::CONTACT, reporter).is_ok());
        assert!(server.open(field::CONTACT, reporter).is_err());
        assert!(
            ring.open_with_context(reporter, seal_context::CONTACT)
                .is_err()
        );
        let mut anonymous = report;
        anonymous.contact = None;
        assert!(anonymous.seal(&case).sealed_contact.is_none());
        assert!(anonymous.seal(&server).sealed_contact.is_none());
    }

    #[test]
    fn sealed_plaintexts_round_trip() {
        let contact = general().normalized().contact.unwrap();
        assert_eq!(
            Contact::from_sealed_plaintext(&contact.to_sealed_plaintext()),
            Some(contact)
        );
        let content = CorruptionContent {
            subject: "เรียกรับเงิน".into(),
            details: "…".into(),
            place: None,
            persons_concerned: Some("นาย ก".into()),
        };
        assert_eq!(
            CorruptionContent::from_sealed_plaintext(&content.to_sealed_plaintext()),
            Some(content)
        );
        assert_eq!(Contact::from_sealed_plaintext(b"garbage"), None);
    }
}
