//! Complaints (ร้องทุกข์/ร้องเรียน) and corruption reports (แจ้งเบาะแสการทุจริต):
//! the two channels, their categories, what a citizen files, the tracking
//! code, the case workflow, the deadline rule, statistics and the
//! satisfaction survey. Pure: no I/O; randomness and "today" come from the
//! caller.
//!
//! Anonymity: both channels accept a complaint without any contact. The
//! tracking code is then the only way to answer, and it is enough: every
//! public step (including the required answer, notice or explanation) is shown
//! on the tracking page. The plan's manual accepts anonymous complaints; this
//! keeps them instead of refusing them.
//!
//! Privacy: the contact details of every complaint, and the content of a
//! corruption report ([`CorruptionContent`]), are sealed
//! ([`crate::sealed::Keyring`]) before they leave the web layer; the store
//! never sees them in plain text. Nothing here that a statistic or the public
//! history returns carries a contact, an identity or a staff name.

use crate::fiscal::FiscalYear;
pub use crate::validation::FieldError;
use crate::validation::{check_text, shown, trimmed};
use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, OffsetDateTime};

// ---------------------------------------------------------------------------
// Channels and categories

/// The two separate channels the plan requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// เรื่องร้องทุกข์/ร้องเรียนทั่วไป, handled by complaint officers.
    General,
    /// แจ้งเบาะแสการทุจริตและประพฤติมิชอบ, handled only by the integrity officer.
    Corruption,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::General, Channel::Corruption];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::General => "general",
            Channel::Corruption => "corruption",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }

    pub fn thai(self) -> &'static str {
        match self {
            Channel::General => "เรื่องร้องทุกข์/ร้องเรียนทั่วไป",
            Channel::Corruption => "แจ้งเบาะแสการทุจริตและประพฤติมิชอบ",
        }
    }
}

/// A category as an organisation uses it: a stable code and a Thai label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub channel: Channel,
    /// Stable, used in URLs, the API and statistics: `roads`, `bribery`.
    pub code: String,
    pub thai: String,
    /// A disabled category takes no new complaints but stays on old ones.
    pub enabled: bool,
}

/// The category every channel keeps, for what fits nowhere else.
pub const OTHER_CATEGORY: &str = "other";

const GENERAL_CATEGORIES: [(&str, &str); 7] = [
    ("roads", "ถนน ทางเท้า"),
    ("waste", "ขยะ ความสะอาด"),
    ("water", "น้ำประปา ระบายน้ำ น้ำท่วม"),
    ("lights", "ไฟฟ้า ไฟส่องสว่าง"),
    ("nuisance", "เหตุเดือดร้อนรำคาญ"),
    ("service_conduct", "การให้บริการ/พฤติกรรมเจ้าหน้าที่"),
    (OTHER_CATEGORY, "อื่น ๆ"),
];

const CORRUPTION_CATEGORIES: [(&str, &str); 6] = [
    ("procurement", "การจัดซื้อจัดจ้าง"),
    ("bribery", "การเรียกรับสินบน"),
    ("abuse_of_power", "การใช้อำนาจหน้าที่โดยมิชอบ"),
    ("personnel", "การบริหารงานบุคคล"),
    ("assets", "ทรัพย์สินของทางราชการ"),
    (OTHER_CATEGORY, "อื่น ๆ"),
];

/// The categories an organisation starts with, in display order.
pub fn default_categories(channel: Channel) -> Vec<Category> {
    let table: &[(&str, &str)] = match channel {
        Channel::General => &GENERAL_CATEGORIES,
        Channel::Corruption => &CORRUPTION_CATEGORIES,
    };
    table
        .iter()
        .map(|(code, thai)| Category {
            channel,
            code: (*code).to_string(),
            thai: (*thai).to_string(),
            enabled: true,
        })
        .collect()
}

/// Checks a new category's code (`a-z`, `0-9`, `_`, 2–40 characters) and
/// label (1–100 characters, one line).
pub fn validate_category(code: &str, thai: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let code_ok = (2..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && code.as_bytes()[0].is_ascii_lowercase();
    if !code_ok {
        errors.push(FieldError {
            field: "code",
            message: format!(
                "รหัสหมวดหมู่ \"{code}\" ไม่ถูกต้อง: ใช้อักษร a-z ตัวเลข และ _ ขึ้นต้นด้วยอักษร ยาว 2–40 ตัว"
            ),
        });
    }
    check_text(&mut errors, "thai", "ชื่อหมวดหมู่", thai, true, 100, false);
    errors
}

// ---------------------------------------------------------------------------
// What a citizen files

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
        }
    }

    /// Every problem, one Thai message per field, so a form shows them all at
    /// once. Checks the trimmed values; an empty list means acceptable.
    /// Whether the category exists is the store's check (it is configurable).
    pub fn validate(&self) -> Vec<FieldError> {
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

/// The contexts sealed fields are bound to ([`Keyring::seal_with_context`]),
/// so a sealed value copied into another field does not open there.
///
/// [`Keyring::seal_with_context`]: crate::sealed::Keyring::seal_with_context
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
    /// Normalises and seals what must not reach the database in plain text.
    /// Validate first: this does not.
    pub fn seal(&self, keyring: &crate::sealed::Keyring) -> SealedComplaint {
        let c = self.normalized();
        let sealed_contact = c.contact.as_ref().map(|contact| {
            keyring.seal_with_context(&contact.to_sealed_plaintext(), seal_context::CONTACT)
        });
        match c.channel {
            Channel::General => SealedComplaint {
                channel: c.channel,
                category: c.category,
                subject: Some(c.subject),
                details: Some(c.details),
                place: c.place,
                sealed_content: None,
                sealed_contact,
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
                        keyring.seal_with_context(
                            &content.to_sealed_plaintext(),
                            seal_context::CONTENT,
                        ),
                    ),
                    sealed_contact,
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

// ---------------------------------------------------------------------------
// Tracking code

/// Crockford's base32: no I, L, O or U, so a code read aloud is not misheard.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A complaint's tracking code: 80 random bits as 16 Crockford base32
/// characters, shown as `ABCD-EFGH-JKMN-PQRS`, stored without dashes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TrackingCode([u8; 16]);

impl TrackingCode {
    pub const LEN: usize = 16;

    /// The code for 10 random bytes; the caller supplies the randomness
    /// (e.g. `getrandom`/`OsRng`), so tests can choose it.
    pub fn from_random_bytes(bytes: [u8; 10]) -> TrackingCode {
        let mut value: u128 = 0;
        for b in bytes {
            value = (value << 8) | u128::from(b);
        }
        let mut out = [0u8; 16];
        for (i, slot) in out.iter_mut().enumerate() {
            let shift = 5 * (15 - i);
            *slot = CROCKFORD[((value >> shift) & 31) as usize];
        }
        TrackingCode(out)
    }

    /// Reads a code as typed: any case, spaces and dashes anywhere, I and L
    /// read as 1 and O as 0. A Thai message when it cannot be a code.
    pub fn parse(text: &str) -> Result<TrackingCode, FieldError> {
        let mut out = [0u8; 16];
        let mut len = 0usize;
        for c in text.chars() {
            if c.is_whitespace() || c == '-' {
                continue;
            }
            let c = match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                c => c,
            };
            if !c.is_ascii() || !CROCKFORD.contains(&(c as u8)) {
                return Err(FieldError {
                    field: "tracking_code",
                    message: format!(
                        "รหัสติดตามเรื่องมีตัวอักษร \"{}\" ที่ไม่ใช้ในรหัส: รหัสประกอบด้วยตัวเลข 0–9 และอักษรอังกฤษ A–Z (ยกเว้น U)",
                        shown(&c.to_string())
                    ),
                });
            }
            if len < 16 {
                out[len] = c as u8;
            }
            len += 1;
        }
        if len != Self::LEN {
            return Err(FieldError {
                field: "tracking_code",
                message: format!(
                    "รหัสติดตามเรื่องต้องมี 16 ตัวอักษร เช่น ABCD-EFGH-JKMN-PQRS (ที่กรอกมี {len} ตัว)"
                ),
            });
        }
        Ok(TrackingCode(out))
    }

    /// The stored form: 16 characters, no dashes.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("Crockford characters are ASCII")
    }

    /// The shown form: `ABCD-EFGH-JKMN-PQRS`.
    pub fn display(&self) -> String {
        let s = self.as_str();
        format!("{}-{}-{}-{}", &s[0..4], &s[4..8], &s[8..12], &s[12..16])
    }
}

impl std::fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

impl std::fmt::Debug for TrackingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TrackingCode({})", self.display())
    }
}

impl Serialize for TrackingCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.display())
    }
}

impl<'de> Deserialize<'de> for TrackingCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        TrackingCode::parse(&text).map_err(|e| serde::de::Error::custom(e.message))
    }
}

// ---------------------------------------------------------------------------
// Workflow

/// Where a case stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// รับเรื่องแล้ว, waiting to be screened.
    Received,
    /// The complainant was asked for more; back to `Received` when they add it.
    Incomplete,
    /// Not within the organisation's jurisdiction: sent on, with a notice.
    Forwarded,
    Accepted,
    /// Given to a unit and an officer.
    Assigned,
    /// General channel: the unit is working on it.
    InProgress,
    /// General channel: answered.
    Resolved,
    /// Corruption channel: fact-finding (สืบสวนข้อเท็จจริง).
    FactFinding,
    /// Corruption channel: disciplinary or legal action under way.
    Action,
    /// Corruption channel: the outcome is known and told.
    Outcome,
    Closed,
}

impl CaseState {
    pub const ALL: [CaseState; 11] = [
        CaseState::Received,
        CaseState::Incomplete,
        CaseState::Forwarded,
        CaseState::Accepted,
        CaseState::Assigned,
        CaseState::InProgress,
        CaseState::Resolved,
        CaseState::FactFinding,
        CaseState::Action,
        CaseState::Outcome,
        CaseState::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::Received => "received",
            CaseState::Incomplete => "incomplete",
            CaseState::Forwarded => "forwarded",
            CaseState::Accepted => "accepted",
            CaseState::Assigned => "assigned",
            CaseState::InProgress => "in_progress",
            CaseState::Resolved => "resolved",
            CaseState::FactFinding => "fact_finding",
            CaseState::Action => "action",
            CaseState::Outcome => "outcome",
            CaseState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<CaseState> {
        CaseState::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn thai(self) -> &'static str {
        match self {
            CaseState::Received => "รับเรื่องแล้ว รอตรวจสอบ",
            CaseState::Incomplete => "รอข้อมูลเพิ่มเติมจากผู้ร้อง",
            CaseState::Forwarded => "ส่งต่อหน่วยงานที่รับผิดชอบ",
            CaseState::Accepted => "รับเป็นเรื่องร้องเรียน",
            CaseState::Assigned => "มอบหมายผู้รับผิดชอบแล้ว",
            CaseState::InProgress => "อยู่ระหว่างดำเนินการ",
            CaseState::Resolved => "ดำเนินการแล้วเสร็จ แจ้งผลแล้ว",
            CaseState::FactFinding => "อยู่ระหว่างสืบสวนข้อเท็จจริง",
            CaseState::Action => "อยู่ระหว่างดำเนินการทางวินัยหรือทางกฎหมาย",
            CaseState::Outcome => "แจ้งผลการพิจารณาแล้ว",
            CaseState::Closed => "ยุติเรื่อง",
        }
    }

    /// Whether the complainant has had their final answer (an answer, a
    /// forwarding notice or an outcome): the case counts as completed in the
    /// statistics and its deadline is met from then on.
    pub fn is_completed(self) -> bool {
        matches!(
            self,
            CaseState::Forwarded | CaseState::Resolved | CaseState::Outcome | CaseState::Closed
        )
    }

    /// Where an event takes a case of `channel` now, or None when the workflow
    /// does not allow it (see [`CaseState::refusal`]).
    pub fn apply(self, channel: Channel, event: EventKind) -> Option<CaseState> {
        use CaseState::*;
        use EventKind as E;
        let general = channel == Channel::General;
        match (self, event) {
            (_, E::Filed) => None,
            // Notes and delay explanations do not move the case; a closed
            // case takes nothing more.
            (Closed, _) => None,
            (state, E::Note) => Some(state),
            (state, E::ExplainDelay) if !state.is_completed() => Some(state),
            (Received, E::Accept) => Some(Accepted),
            (Received, E::Forward) => Some(Forwarded),
            (Received, E::RequestInformation) => Some(Incomplete),
            (Incomplete, E::InformationAdded) => Some(Received),
            // Assigning again moves the case to the new unit or officer.
            (Accepted | Assigned, E::Assign) => Some(Assigned),
            (InProgress, E::Assign) if general => Some(Assigned),
            (FactFinding, E::Assign) if !general => Some(FactFinding),
            (Assigned, E::StartWork) if general => Some(InProgress),
            (InProgress, E::ProgressUpdate) if general => Some(InProgress),
            (InProgress, E::Resolve) if general => Some(Resolved),
            (Accepted | Assigned, E::StartFactFinding) if !general => Some(FactFinding),
            (FactFinding | Action, E::ProgressUpdate) if !general => Some(self),
            (FactFinding, E::TakeAction) if !general => Some(Action),
            // Fact-finding may find nothing to act on: the outcome says so.
            (FactFinding | Action, E::RecordOutcome) if !general => Some(Outcome),
            (Forwarded | Resolved | Outcome, E::Close) => Some(Closed),
            _ => None,
        }
    }

    /// Why `event` cannot happen now, in Thai.
    pub fn refusal(self, channel: Channel, event: EventKind) -> String {
        if event.channel_only().is_some_and(|only| only != channel) {
            return format!("\"{}\" ใช้ไม่ได้กับ{}", event.thai(), channel.thai());
        }
        format!(
            "ดำเนินการ \"{}\" ไม่ได้: เรื่องอยู่ในสถานะ \"{}\"",
            event.thai(),
            self.thai()
        )
    }
}

/// What can happen to a case. Each kind is either public (on the tracking
/// page, with a Thai label and maybe a message, never a staff name) or
/// internal (staff only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The complaint was received (the first event of every case).
    Filed,
    Accept,
    /// Not within jurisdiction: needs a notice saying where it went.
    Forward,
    /// Asks the complainant for more: needs a message saying what.
    RequestInformation,
    /// The complainant added what was asked (through the tracking code).
    InformationAdded,
    /// Needs a unit and an officer.
    Assign,
    StartWork,
    /// A step taken (general: work done; corruption: investigation steps),
    /// with a public message.
    ProgressUpdate,
    /// Internal note, needs text.
    Note,
    /// Needs the answer to the complainant.
    Resolve,
    StartFactFinding,
    /// Needs the kind of action (disciplinary or legal).
    TakeAction,
    /// Needs the outcome as told to the reporter.
    RecordOutcome,
    Close,
    /// Why the case is late: required once it is overdue; needs the text.
    ExplainDelay,
}

/// Public (tracking page) or internal (staff only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Public,
    Internal,
}

impl EventKind {
    pub const ALL: [EventKind; 15] = [
        EventKind::Filed,
        EventKind::Accept,
        EventKind::Forward,
        EventKind::RequestInformation,
        EventKind::InformationAdded,
        EventKind::Assign,
        EventKind::StartWork,
        EventKind::ProgressUpdate,
        EventKind::Note,
        EventKind::Resolve,
        EventKind::StartFactFinding,
        EventKind::TakeAction,
        EventKind::RecordOutcome,
        EventKind::Close,
        EventKind::ExplainDelay,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Filed => "filed",
            EventKind::Accept => "accept",
            EventKind::Forward => "forward",
            EventKind::RequestInformation => "request_information",
            EventKind::InformationAdded => "information_added",
            EventKind::Assign => "assign",
            EventKind::StartWork => "start_work",
            EventKind::ProgressUpdate => "progress_update",
            EventKind::Note => "note",
            EventKind::Resolve => "resolve",
            EventKind::StartFactFinding => "start_fact_finding",
            EventKind::TakeAction => "take_action",
            EventKind::RecordOutcome => "record_outcome",
            EventKind::Close => "close",
            EventKind::ExplainDelay => "explain_delay",
        }
    }

    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// What staff do, as a button says it.
    pub fn thai(self) -> &'static str {
        match self {
            EventKind::Filed => "รับเรื่อง",
            EventKind::Accept => "รับเป็นเรื่องร้องเรียน",
            EventKind::Forward => "ส่งต่อหน่วยงานที่รับผิดชอบ",
            EventKind::RequestInformation => "ขอข้อมูลเพิ่มเติมจากผู้ร้อง",
            EventKind::InformationAdded => "ผู้ร้องส่งข้อมูลเพิ่มเติม",
            EventKind::Assign => "มอบหมายผู้รับผิดชอบ",
            EventKind::StartWork => "เริ่มดำเนินการ",
            EventKind::ProgressUpdate => "แจ้งความคืบหน้า",
            EventKind::Note => "บันทึกภายใน",
            EventKind::Resolve => "แจ้งผลการดำเนินการ",
            EventKind::StartFactFinding => "เริ่มสืบสวนข้อเท็จจริง",
            EventKind::TakeAction => "ดำเนินการทางวินัยหรือทางกฎหมาย",
            EventKind::RecordOutcome => "แจ้งผลการพิจารณา",
            EventKind::Close => "ยุติเรื่อง",
            EventKind::ExplainDelay => "แจ้งเหตุที่ดำเนินการไม่แล้วเสร็จตามกำหนด",
        }
    }

    pub fn visibility(self) -> Visibility {
        match self {
            EventKind::Note => Visibility::Internal,
            _ => Visibility::Public,
        }
    }

    /// The label the tracking page shows; None for internal events.
    pub fn public_label(self) -> Option<&'static str> {
        Some(match self {
            EventKind::Note => return None,
            EventKind::Filed => "รับเรื่องแล้ว",
            EventKind::Accept => "รับเรื่องไว้พิจารณาแล้ว",
            EventKind::Forward => "ส่งเรื่องต่อหน่วยงานที่รับผิดชอบแล้ว",
            EventKind::RequestInformation => "ขอข้อมูลเพิ่มเติมจากท่าน",
            EventKind::InformationAdded => "ได้รับข้อมูลเพิ่มเติมแล้ว",
            EventKind::Assign => "มอบหมายหน่วยงานรับผิดชอบแล้ว",
            EventKind::StartWork => "เริ่มดำเนินการแล้ว",
            EventKind::ProgressUpdate => "ความคืบหน้า",
            EventKind::Resolve => "แจ้งผลการดำเนินการ",
            EventKind::StartFactFinding => "อยู่ระหว่างสืบสวนข้อเท็จจริง",
            EventKind::TakeAction => "ดำเนินการตามผลการสืบสวนแล้ว",
            EventKind::RecordOutcome => "แจ้งผลการพิจารณา",
            EventKind::Close => "ยุติเรื่องแล้ว",
            EventKind::ExplainDelay => "ชี้แจงเหตุที่ยังไม่แล้วเสร็จตามกำหนด",
        })
    }

    /// Events whose public message the complainant must get.
    pub fn needs_public_message(self) -> bool {
        matches!(
            self,
            EventKind::Forward
                | EventKind::RequestInformation
                | EventKind::ProgressUpdate
                | EventKind::Resolve
                | EventKind::RecordOutcome
                | EventKind::ExplainDelay
        )
    }

    /// The one channel an event belongs to, if it is not common to both.
    pub fn channel_only(self) -> Option<Channel> {
        match self {
            EventKind::StartWork | EventKind::Resolve => Some(Channel::General),
            EventKind::StartFactFinding | EventKind::TakeAction | EventKind::RecordOutcome => {
                Some(Channel::Corruption)
            }
            _ => None,
        }
    }
}

/// The kind of action taken on a corruption report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// ดำเนินการทางวินัย
    Disciplinary,
    /// ดำเนินคดีอาญา/ส่งเรื่องให้ ป.ป.ช. หรือพนักงานสอบสวน
    Legal,
    /// Both.
    DisciplinaryAndLegal,
}

impl ActionKind {
    pub const ALL: [ActionKind; 3] = [
        ActionKind::Disciplinary,
        ActionKind::Legal,
        ActionKind::DisciplinaryAndLegal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Disciplinary => "disciplinary",
            ActionKind::Legal => "legal",
            ActionKind::DisciplinaryAndLegal => "disciplinary_and_legal",
        }
    }

    pub fn parse(s: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn thai(self) -> &'static str {
        match self {
            ActionKind::Disciplinary => "ดำเนินการทางวินัย",
            ActionKind::Legal => "ดำเนินการทางกฎหมาย",
            ActionKind::DisciplinaryAndLegal => "ดำเนินการทั้งทางวินัยและทางกฎหมาย",
        }
    }
}

/// A step staff record on a case. Build it with the constructors; the store
/// runs [`NewCaseEvent::validate`] and [`CaseState::apply`] before writing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewCaseEvent {
    pub kind: Option<EventKind>,
    /// Shown to the complainant on the tracking page (public kinds only).
    pub public_message: Option<String>,
    /// Staff only.
    pub internal_note: Option<String>,
    /// [`EventKind::Assign`]: the unit and the officer.
    pub unit_id: Option<String>,
    pub officer_id: Option<String>,
    /// [`EventKind::TakeAction`].
    pub action_kind: Option<ActionKind>,
}

impl NewCaseEvent {
    pub fn new(kind: EventKind) -> NewCaseEvent {
        NewCaseEvent {
            kind: Some(kind),
            ..Default::default()
        }
    }

    pub fn with_public_message(mut self, message: &str) -> NewCaseEvent {
        self.public_message = Some(message.to_string());
        self
    }

    pub fn with_internal_note(mut self, note: &str) -> NewCaseEvent {
        self.internal_note = Some(note.to_string());
        self
    }

    pub fn assign(unit_id: &str, officer_id: &str) -> NewCaseEvent {
        NewCaseEvent {
            unit_id: Some(unit_id.to_string()),
            officer_id: Some(officer_id.to_string()),
            ..NewCaseEvent::new(EventKind::Assign)
        }
    }

    pub fn note(text: &str) -> NewCaseEvent {
        NewCaseEvent::new(EventKind::Note).with_internal_note(text)
    }

    pub fn explain_delay(explanation: &str) -> NewCaseEvent {
        NewCaseEvent::new(EventKind::ExplainDelay).with_public_message(explanation)
    }

    pub fn take_action(kind: ActionKind) -> NewCaseEvent {
        NewCaseEvent {
            action_kind: Some(kind),
            ..NewCaseEvent::new(EventKind::TakeAction)
        }
    }

    /// The event with texts trimmed and empty ones made None.
    pub fn normalized(&self) -> NewCaseEvent {
        NewCaseEvent {
            kind: self.kind,
            public_message: trimmed(&self.public_message),
            internal_note: trimmed(&self.internal_note),
            unit_id: trimmed(&self.unit_id),
            officer_id: trimmed(&self.officer_id),
            action_kind: self.action_kind,
        }
    }

    /// What the kind needs, in Thai per field. Staff recording
    /// [`EventKind::Filed`] or [`EventKind::InformationAdded`] is refused:
    /// those come from filing and from the complainant.
    pub fn validate(&self) -> Vec<FieldError> {
        let e = self.normalized();
        let mut errors = Vec::new();
        let Some(kind) = e.kind else {
            errors.push(FieldError {
                field: "kind",
                message: "โปรดเลือกการดำเนินการ".into(),
            });
            return errors;
        };
        if matches!(kind, EventKind::Filed | EventKind::InformationAdded) {
            errors.push(FieldError {
                field: "kind",
                message: format!("\"{}\" บันทึกโดยเจ้าหน้าที่ไม่ได้", kind.thai()),
            });
        }
        if kind.needs_public_message() && e.public_message.is_none() {
            errors.push(FieldError {
                field: "public_message",
                message: format!("โปรดระบุข้อความแจ้งผู้ร้องสำหรับ \"{}\"", kind.thai()),
            });
        }
        if kind.visibility() == Visibility::Internal && e.public_message.is_some() {
            errors.push(FieldError {
                field: "public_message",
                message: "บันทึกภายในไม่มีข้อความแจ้งผู้ร้อง".into(),
            });
        }
        if kind == EventKind::Note && e.internal_note.is_none() {
            errors.push(FieldError {
                field: "internal_note",
                message: "โปรดระบุข้อความบันทึก".into(),
            });
        }
        if let Some(message) = &e.public_message {
            check_text(
                &mut errors,
                "public_message",
                "ข้อความแจ้งผู้ร้อง",
                message,
                false,
                MAX_MESSAGE_CHARS,
                true,
            );
        }
        if let Some(note) = &e.internal_note {
            check_text(
                &mut errors,
                "internal_note",
                "บันทึกภายใน",
                note,
                false,
                MAX_MESSAGE_CHARS,
                true,
            );
        }
        if kind == EventKind::Assign {
            if e.unit_id.is_none() {
                errors.push(FieldError {
                    field: "unit_id",
                    message: "โปรดเลือกหน่วยงานที่รับผิดชอบ".into(),
                });
            }
            if e.officer_id.is_none() {
                errors.push(FieldError {
                    field: "officer_id",
                    message: "โปรดเลือกเจ้าหน้าที่ผู้รับผิดชอบ".into(),
                });
            }
        } else if e.unit_id.is_some() || e.officer_id.is_some() {
            errors.push(FieldError {
                field: "unit_id",
                message: "ระบุหน่วยงานและเจ้าหน้าที่ได้เฉพาะเมื่อมอบหมายผู้รับผิดชอบ".into(),
            });
        }
        if kind == EventKind::TakeAction && e.action_kind.is_none() {
            errors.push(FieldError {
                field: "action_kind",
                message: "โปรดเลือกประเภทการดำเนินการ (ทางวินัยหรือทางกฎหมาย)".into(),
            });
        }
        errors
    }
}

/// One step of a case as the tracking page shows it: no staff name, no note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicEvent {
    pub kind: EventKind,
    /// Thai, from [`EventKind::public_label`].
    pub label: String,
    pub message: Option<String>,
    /// [`EventKind::TakeAction`] only.
    pub action_kind: Option<ActionKind>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

// ---------------------------------------------------------------------------
// Deadlines

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
    /// The Thai date the case was completed ([`CaseState::is_completed`]), if it was.
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
    /// [`EventKind::ExplainDelay`] is required.
    pub fn needs_explanation(&self, today: Date) -> bool {
        self.is_overdue(today) && !self.delay_explained
    }
}

// ---------------------------------------------------------------------------
// Statistics

/// A count that may point at a person when small: 1 and 2 are never shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmallCount {
    /// 0, or 3 and more.
    Count(u32),
    /// 1 or 2.
    FewerThanThree,
    /// Large enough to show, but hidden so that a lone "fewer than 3" in the
    /// same column cannot be worked out from the column's total.
    Withheld,
}

impl SmallCount {
    pub fn of(n: u32) -> SmallCount {
        if (1..=2).contains(&n) {
            SmallCount::FewerThanThree
        } else {
            SmallCount::Count(n)
        }
    }

    pub fn thai(self) -> String {
        match self {
            SmallCount::Count(n) => n.to_string(),
            SmallCount::FewerThanThree => "น้อยกว่า 3".into(),
            SmallCount::Withheld => "ไม่แสดง".into(),
        }
    }
}

/// What statistics need of one case: no content, no contact, no identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseFacts {
    pub channel: Channel,
    pub category: String,
    /// Thai date of receipt.
    pub received_on: Date,
    pub clock: CaseClock,
}

/// One month of a fiscal year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCounts {
    /// CE year and month (1–12).
    pub year: i32,
    pub month: u8,
    /// Received in the month.
    pub received: u32,
    /// Of those, completed by the report date.
    pub completed: u32,
    /// Of those, still open.
    pub in_progress: u32,
    /// Of those, completed late or still open past the due date.
    pub overdue: u32,
}

/// One category's received counts per month, small counts suppressed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCounts {
    pub channel: Channel,
    pub category: String,
    /// October first, as [`MonthlyStatistics::months`].
    pub received: Vec<SmallCount>,
    pub total: SmallCount,
}

/// Monthly statistics of a fiscal year, as the plan requires them published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyStatistics {
    pub fiscal_year: u16,
    /// None: both channels.
    pub channel: Option<Channel>,
    /// October to September.
    pub months: Vec<MonthCounts>,
    /// Categories with at least one case in the year, by code.
    pub categories: Vec<CategoryCounts>,
}

impl MonthlyStatistics {
    /// Counts `cases` (those of other years and channels are ignored) as of `today`.
    pub fn compute(
        fiscal_year: FiscalYear,
        channel: Option<Channel>,
        cases: &[CaseFacts],
        today: Date,
    ) -> MonthlyStatistics {
        let first = fiscal_year.first_day();
        let mut months: Vec<MonthCounts> = (0..12)
            .map(|i| {
                let (year, month) = add_months(first.year(), 10, i);
                MonthCounts {
                    year,
                    month,
                    received: 0,
                    completed: 0,
                    in_progress: 0,
                    overdue: 0,
                }
            })
            .collect();
        let mut per_category: std::collections::BTreeMap<(Channel, String), [u32; 12]> =
            Default::default();
        for case in cases {
            if !fiscal_year.contains(case.received_on) || channel.is_some_and(|c| c != case.channel)
            {
                continue;
            }
            let index = month_index(case.received_on);
            let row = &mut months[index];
            row.received += 1;
            // As of `today`: a completion after it is still "in progress".
            let completed = case.clock.completed_on.is_some_and(|d| d <= today);
            if completed {
                row.completed += 1;
            } else {
                row.in_progress += 1;
            }
            let late = if completed {
                case.clock.completed_late()
            } else {
                today > case.clock.due_date
            };
            if late {
                row.overdue += 1;
            }
            per_category
                .entry((case.channel, case.category.clone()))
                .or_default()[index] += 1;
        }
        let mut categories: Vec<CategoryCounts> = per_category
            .into_iter()
            .map(|((channel, category), counts)| CategoryCounts {
                channel,
                category,
                received: counts.iter().map(|&n| SmallCount::of(n)).collect(),
                total: SmallCount::of(counts.iter().sum()),
            })
            .collect();
        withhold_complements(&mut categories);
        MonthlyStatistics {
            fiscal_year: fiscal_year.0,
            channel,
            months,
            categories,
        }
    }
}

/// Complementary suppression. The month totals are published exactly, and
/// so is each category's year total: a column (a month, or the totals) or a
/// row (a category's months and its total) with exactly one "fewer than 3"
/// would give that cell away as the total minus the others. In such a line
/// the smallest shown count is withheld too, leaving only a sum of two
/// hidden cells; withholding a cell can expose another line, so this repeats
/// until no line has a lone hidden cell. (A month whose only cases are in one
/// category still shows its total: the statistics the plan requires are
/// monthly totals.)
fn withhold_complements(categories: &mut [CategoryCounts]) {
    let columns = categories.first().map_or(0, |c| c.received.len());
    // A cell is (row, column); column `columns` is the category's total.
    let get = |categories: &[CategoryCounts], (row, column): (usize, usize)| {
        if column == columns {
            categories[row].total
        } else {
            categories[row].received[column]
        }
    };
    let mut lines: Vec<Vec<(usize, usize)>> = (0..=columns)
        .map(|column| (0..categories.len()).map(|row| (row, column)).collect())
        .collect();
    lines.extend(
        (0..categories.len()).map(|row| (0..=columns).map(|column| (row, column)).collect()),
    );
    loop {
        let mut withheld = None;
        for line in &lines {
            let hidden = line
                .iter()
                .filter(|&&at| !matches!(get(categories, at), SmallCount::Count(_)))
                .count();
            if hidden != 1 {
                continue;
            }
            withheld = line
                .iter()
                .filter_map(|&at| match get(categories, at) {
                    SmallCount::Count(n) if n > 0 => Some((n, at)),
                    _ => None,
                })
                .min_by_key(|(n, _)| *n)
                .map(|(_, at)| at);
            if withheld.is_some() {
                break;
            }
        }
        // Withholding a cell can leave another line with a lone hidden cell:
        // go again until no line has one (each round hides one more cell).
        let Some((row, column)) = withheld else { break };
        if column == columns {
            categories[row].total = SmallCount::Withheld;
        } else {
            categories[row].received[column] = SmallCount::Withheld;
        }
    }
}

/// Position of a date's month in its fiscal year: October = 0.
fn month_index(date: Date) -> usize {
    (usize::from(date.month() as u8) + 2) % 12
}

fn add_months(year: i32, month: u8, add: u8) -> (i32, u8) {
    let zero_based = u32::from(month - 1) + u32::from(add);
    (year + (zero_based / 12) as i32, (zero_based % 12) as u8 + 1)
}

/// The Thai month and BE year of a month: "ต.ค. 2567".
pub fn month_label(year: i32, month: u8) -> String {
    let name = Month::try_from(month).map_or("?", |m| crate::thai::MONTHS_SHORT[m as usize - 1]);
    format!("{name} {}", crate::fiscal::ce_to_be(year))
}

// ---------------------------------------------------------------------------
// Satisfaction survey

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

// ---------------------------------------------------------------------------
// The report to executives

/// Longest text of one part of a report's narrative.
pub const MAX_REPORT_NOTE_CHARS: usize = 5_000;

/// What the officers of a channel write into the report to executives for a
/// round: problems met, obstacles, and the solutions they propose. Empty
/// parts are allowed (the report says nothing was recorded).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportNotes {
    pub problems: String,
    pub obstacles: String,
    pub solutions: String,
}

impl ReportNotes {
    /// Trimmed, line endings as `\n`.
    pub fn normalized(&self) -> ReportNotes {
        let clean = |text: &str| text.replace("\r\n", "\n").trim().to_string();
        ReportNotes {
            problems: clean(&self.problems),
            obstacles: clean(&self.obstacles),
            solutions: clean(&self.solutions),
        }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (field, label, value) in [
            ("problems", "ปัญหา", &self.problems),
            ("obstacles", "อุปสรรค", &self.obstacles),
            ("solutions", "แนวทางแก้ไข", &self.solutions),
        ] {
            check_text(
                &mut errors,
                field,
                label,
                value,
                false,
                MAX_REPORT_NOTE_CHARS,
                true,
            );
        }
        errors
    }

    pub fn is_empty(&self) -> bool {
        [&self.problems, &self.obstacles, &self.solutions]
            .iter()
            .all(|t| t.trim().is_empty())
    }
}

/// One case as the report to executives counts it: the statistics' facts and
/// the survey rating, if the complainant answered. No content, no contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportCase {
    pub facts: CaseFacts,
    pub rating: Option<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::{date, datetime};

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
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn report_notes_are_optional_bounded_and_plain_text() {
        let notes = ReportNotes {
            problems: " ถนนชำรุดซ้ำ\r\nหลายจุด ".into(),
            obstacles: String::new(),
            solutions: "ของบซ่อมบำรุง".into(),
        };
        assert!(notes.validate().is_empty());
        assert_eq!(notes.normalized().problems, "ถนนชำรุดซ้ำ\nหลายจุด");
        assert!(!notes.is_empty());
        assert!(ReportNotes::default().is_empty());
        let bad = ReportNotes {
            problems: "ก".repeat(MAX_REPORT_NOTE_CHARS + 1),
            obstacles: "ข\u{0007}".into(),
            solutions: "ค".into(),
        };
        let errors = bad.validate();
        assert_eq!(fields(&errors), ["problems", "obstacles"]);
        assert!(errors[0].message.starts_with("ปัญหายาวเกิน 5000"));
    }

    #[test]
    fn channels_and_default_categories() {
        for channel in Channel::ALL {
            assert_eq!(Channel::parse(channel.as_str()), Some(channel));
            let categories = default_categories(channel);
            assert!(categories.iter().any(|c| c.code == OTHER_CATEGORY));
            for c in &categories {
                assert!(validate_category(&c.code, &c.thai).is_empty(), "{}", c.code);
            }
        }
        let general: Vec<String> = default_categories(Channel::General)
            .into_iter()
            .map(|c| c.code)
            .collect();
        assert_eq!(
            general,
            [
                "roads",
                "waste",
                "water",
                "lights",
                "nuisance",
                "service_conduct",
                "other"
            ]
        );
        assert_eq!(
            default_categories(Channel::Corruption)[1].thai,
            "การเรียกรับสินบน"
        );
        assert_eq!(Channel::parse("x"), None);
        assert_eq!(fields(&validate_category("Bad Code", "")), ["code", "thai"]);
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
    fn tracking_codes_read_as_typed() {
        let code = TrackingCode::from_random_bytes([0; 10]);
        assert_eq!(code.as_str(), "0000000000000000");
        let code = TrackingCode::from_random_bytes([0xFF; 10]);
        assert_eq!(code.display(), "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        let code = TrackingCode::from_random_bytes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        let shown = code.display();
        assert_eq!(TrackingCode::parse(&shown), Ok(code));
        assert_eq!(TrackingCode::parse(&shown.to_lowercase()), Ok(code));
        assert_eq!(
            TrackingCode::parse(" abcd efgh-jkmn pqrs "),
            Ok(TrackingCode::parse("ABCDEFGHJKMNPQRS").unwrap())
        );
        // I and L are 1, O is 0.
        assert_eq!(
            TrackingCode::parse("IlOo-0000-0000-0000").unwrap().as_str(),
            "1100000000000000"
        );
        let short = TrackingCode::parse("ABCD-EFGH").unwrap_err();
        assert_eq!(short.field, "tracking_code");
        assert!(short.message.contains("16 ตัวอักษร") && short.message.contains("มี 8 ตัว"));
        assert!(TrackingCode::parse("ABCD-EFGH-JKMN-PQRSX").is_err());
        let u = TrackingCode::parse("UUUU-EFGH-JKMN-PQRS").unwrap_err();
        assert!(u.message.contains("\"U\""));
        assert!(TrackingCode::parse("ABCD-EFGH-JKMN-PQRก").is_err());
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(serde_json::from_str::<TrackingCode>(&json).unwrap(), code);
    }

    proptest! {
        #[test]
        fn tracking_codes_round_trip(bytes in any::<[u8; 10]>(), lower in any::<bool>()) {
            let code = TrackingCode::from_random_bytes(bytes);
            prop_assert_eq!(code.as_str().len(), 16);
            let typed = if lower { code.display().to_lowercase() } else { code.display() };
            prop_assert_eq!(TrackingCode::parse(&typed).unwrap(), code);
            prop_assert_eq!(TrackingCode::parse(code.as_str()).unwrap(), code);
            // Distinct bytes give distinct codes: the encoding is a bijection.
            let mut other = bytes;
            other[9] ^= 1;
            prop_assert_ne!(TrackingCode::from_random_bytes(other), code);
        }
    }

    #[test]
    fn the_general_workflow() {
        use CaseState::*;
        use EventKind as E;
        let g = Channel::General;
        let path = [
            (Received, E::RequestInformation, Incomplete),
            (Incomplete, E::InformationAdded, Received),
            (Received, E::Accept, Accepted),
            (Accepted, E::Assign, Assigned),
            (Assigned, E::StartWork, InProgress),
            (InProgress, E::ProgressUpdate, InProgress),
            (InProgress, E::Note, InProgress),
            (InProgress, E::ExplainDelay, InProgress),
            (InProgress, E::Assign, Assigned),
            (Assigned, E::StartWork, InProgress),
            (InProgress, E::Resolve, Resolved),
            (Resolved, E::Close, Closed),
        ];
        for (from, event, to) in path {
            assert_eq!(from.apply(g, event), Some(to), "{from:?} {event:?}");
        }
        assert_eq!(Received.apply(g, E::Forward), Some(Forwarded));
        assert_eq!(Forwarded.apply(g, E::Close), Some(Closed));
        for (from, event) in [
            (Received, E::Resolve),
            (Received, E::Assign),
            (Accepted, E::StartFactFinding),
            (Assigned, E::TakeAction),
            (InProgress, E::Close),
            (Closed, E::Note),
            (Closed, E::Accept),
            (Resolved, E::ExplainDelay),
            (Received, E::Filed),
            (Received, E::InformationAdded),
        ] {
            assert_eq!(from.apply(g, event), None, "{from:?} {event:?}");
        }
        assert_eq!(
            Received.refusal(g, E::Resolve),
            "ดำเนินการ \"แจ้งผลการดำเนินการ\" ไม่ได้: เรื่องอยู่ในสถานะ \"รับเรื่องแล้ว รอตรวจสอบ\""
        );
        assert!(
            Accepted
                .refusal(g, E::StartFactFinding)
                .contains("ใช้ไม่ได้กับ")
        );
    }

    #[test]
    fn the_corruption_workflow() {
        use CaseState::*;
        use EventKind as E;
        let c = Channel::Corruption;
        let path = [
            (Received, E::Accept, Accepted),
            (Accepted, E::Assign, Assigned),
            (Assigned, E::StartFactFinding, FactFinding),
            (FactFinding, E::ProgressUpdate, FactFinding),
            (FactFinding, E::TakeAction, Action),
            (Action, E::RecordOutcome, Outcome),
            (Outcome, E::Close, Closed),
        ];
        for (from, event, to) in path {
            assert_eq!(from.apply(c, event), Some(to), "{from:?} {event:?}");
        }
        assert_eq!(Accepted.apply(c, E::StartFactFinding), Some(FactFinding));
        assert_eq!(FactFinding.apply(c, E::RecordOutcome), Some(Outcome));
        assert_eq!(Assigned.apply(c, E::StartWork), None);
        assert_eq!(Action.apply(c, E::Close), None);
        for state in CaseState::ALL {
            assert_eq!(CaseState::parse(state.as_str()), Some(state));
            assert!(!state.thai().is_empty());
        }
    }

    #[test]
    fn events_say_what_they_need_and_who_sees_them() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
            assert_eq!(
                kind.public_label().is_some(),
                kind.visibility() == Visibility::Public
            );
        }
        assert_eq!(EventKind::Note.visibility(), Visibility::Internal);
        assert!(NewCaseEvent::note("โทรหาผู้ร้องแล้ว").validate().is_empty());
        assert!(NewCaseEvent::assign("u1", "o1").validate().is_empty());
        assert!(
            NewCaseEvent::explain_delay("รองบประมาณ")
                .validate()
                .is_empty()
        );
        assert!(
            NewCaseEvent::take_action(ActionKind::Legal)
                .validate()
                .is_empty()
        );
        assert_eq!(
            fields(&NewCaseEvent::new(EventKind::Resolve).validate()),
            ["public_message"]
        );
        assert_eq!(
            fields(&NewCaseEvent::new(EventKind::Forward).validate()),
            ["public_message"]
        );
        assert_eq!(
            fields(&NewCaseEvent::new(EventKind::Note).validate()),
            ["internal_note"]
        );
        assert_eq!(
            fields(&NewCaseEvent::assign(" ", "").validate()),
            ["unit_id", "officer_id"]
        );
        assert_eq!(
            fields(&NewCaseEvent::new(EventKind::TakeAction).validate()),
            ["action_kind"]
        );
        assert_eq!(
            fields(&NewCaseEvent::new(EventKind::Filed).validate()),
            ["kind"]
        );
        assert_eq!(fields(&NewCaseEvent::default().validate()), ["kind"]);
        assert_eq!(
            fields(&NewCaseEvent::note("x").with_public_message("y").validate()),
            ["public_message"]
        );
        let mut accept = NewCaseEvent::new(EventKind::Accept);
        accept.unit_id = Some("u".into());
        assert_eq!(fields(&accept.validate()), ["unit_id"]);
    }

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

    fn facts(category: &str, received_on: Date, completed_on: Option<Date>) -> CaseFacts {
        CaseFacts {
            channel: Channel::General,
            category: category.into(),
            received_on,
            clock: CaseClock {
                due_date: received_on + Duration::days(15),
                completed_on,
                delay_explained: false,
            },
        }
    }

    #[test]
    fn monthly_statistics_follow_the_fiscal_year_and_suppress_small_cells() {
        let cases = vec![
            facts("roads", date!(2024 - 10 - 01), Some(date!(2024 - 10 - 05))),
            facts("roads", date!(2024 - 10 - 02), Some(date!(2024 - 10 - 30))),
            facts("roads", date!(2024 - 10 - 03), None),
            facts("waste", date!(2024 - 10 - 04), None),
            facts("waste", date!(2025 - 09 - 30), None),
            // Another fiscal year, and another channel.
            facts("roads", date!(2024 - 09 - 30), None),
            CaseFacts {
                channel: Channel::Corruption,
                ..facts("bribery", date!(2024 - 10 - 05), None)
            },
        ];
        let stats = MonthlyStatistics::compute(
            FiscalYear(2568),
            Some(Channel::General),
            &cases,
            date!(2024 - 10 - 25),
        );
        assert_eq!(stats.months.len(), 12);
        assert_eq!((stats.months[0].year, stats.months[0].month), (2024, 10));
        assert_eq!((stats.months[11].year, stats.months[11].month), (2025, 9));
        let october = stats.months[0];
        assert_eq!(
            (
                october.received,
                october.completed,
                october.in_progress,
                october.overdue
            ),
            (4, 1, 3, 3),
            "one completed in time; three open on 25 Oct, all past their due dates"
        );
        assert_eq!(stats.months[11].received, 1);
        assert_eq!(stats.categories.len(), 2);
        assert_eq!(stats.categories[0].category, "roads");
        assert_eq!(stats.categories[1].received[0], SmallCount::FewerThanThree);
        // October's total (4) minus roads (3) would give waste away: roads is
        // withheld too; and so is its yearly total beside waste's 2.
        assert_eq!(stats.categories[0].received[0], SmallCount::Withheld);
        assert_eq!(stats.categories[0].total, SmallCount::Withheld);
        assert_eq!(stats.categories[1].received[1], SmallCount::Count(0));
        assert_eq!(stats.categories[1].total, SmallCount::FewerThanThree);
        let both =
            MonthlyStatistics::compute(FiscalYear(2568), None, &cases, date!(2024 - 10 - 25));
        assert_eq!(both.months[0].received, 5);
        // Two small cells in October (waste and bribery): only their sum can be
        // worked out, so roads is shown.
        let roads = both
            .categories
            .iter()
            .find(|c| c.category == "roads")
            .unwrap();
        assert_eq!(roads.received[0], SmallCount::Count(3));
        assert_eq!(SmallCount::Withheld.thai(), "ไม่แสดง");
        assert_eq!(SmallCount::FewerThanThree.thai(), "น้อยกว่า 3");
        assert_eq!(
            serde_json::to_string(&SmallCount::FewerThanThree).unwrap(),
            "\"fewer_than_three\""
        );
        assert_eq!(month_label(2024, 10), "ต.ค. 2567");
    }

    #[test]
    fn a_lone_small_cell_in_a_row_is_protected_too() {
        // roads: 3 in October, 2 in November (total 5); lights: 3 and 4.
        let mut cases = Vec::new();
        for (category, month, n) in [
            ("roads", 10, 3),
            ("roads", 11, 2),
            ("lights", 10, 3),
            ("lights", 11, 4),
        ] {
            for day in 1..=n {
                let received =
                    Date::from_calendar_date(2024, Month::try_from(month).unwrap(), day).unwrap();
                cases.push(facts(category, received, None));
            }
        }
        let stats =
            MonthlyStatistics::compute(FiscalYear(2568), None, &cases, date!(2024 - 12 - 01));
        let row = |name: &str| {
            stats
                .categories
                .iter()
                .find(|c| c.category == name)
                .unwrap()
        };
        // Without the row rule, roads' November would be its total minus October.
        assert_eq!(row("roads").received[1], SmallCount::FewerThanThree);
        assert_eq!(row("roads").total, SmallCount::Count(5));
        assert_eq!(row("roads").received[0], SmallCount::Withheld);
        // … which leaves October with a lone hidden cell: lights' is withheld as well.
        assert_eq!(row("lights").received[0], SmallCount::Withheld);
        // No line (a month, the totals, or a category's row) has exactly one hidden cell.
        let hidden = |cells: Vec<SmallCount>| {
            cells
                .iter()
                .filter(|c| !matches!(c, SmallCount::Count(_)))
                .count()
        };
        for column in 0..12 {
            let cells = stats
                .categories
                .iter()
                .map(|c| c.received[column])
                .collect();
            assert_ne!(hidden(cells), 1, "month {column}");
        }
        assert_ne!(
            hidden(stats.categories.iter().map(|c| c.total).collect()),
            1
        );
        for c in &stats.categories {
            let mut cells = c.received.clone();
            cells.push(c.total);
            assert_ne!(hidden(cells), 1, "{}", c.category);
        }
    }

    #[test]
    fn a_case_completed_after_the_report_date_is_not_yet_late() {
        // Due 16 October, completed late on 20 October.
        let case = facts("roads", date!(2024 - 10 - 01), Some(date!(2024 - 10 - 20)));
        let as_of = |day| {
            MonthlyStatistics::compute(FiscalYear(2568), None, std::slice::from_ref(&case), day)
                .months[0]
        };
        let before_due = as_of(date!(2024 - 10 - 10));
        assert_eq!(
            (
                before_due.completed,
                before_due.in_progress,
                before_due.overdue
            ),
            (0, 1, 0)
        );
        let after = as_of(date!(2024 - 10 - 25));
        assert_eq!((after.completed, after.overdue), (1, 1));
    }

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

    #[test]
    fn sealing_keeps_corruption_content_and_every_contact_out_of_plain_fields() {
        use crate::sealed::{Keyring, SealingKey};
        let ring = Keyring::new("k", SealingKey::from_bytes([9; 32])).unwrap();
        let sealed = general().seal(&ring);
        assert_eq!(sealed.subject.as_deref(), Some("ถนนชำรุด"));
        assert!(sealed.sealed_content.is_none());
        let contact = ring
            .open_with_context(
                sealed.sealed_contact.as_ref().unwrap(),
                seal_context::CONTACT,
            )
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
        let sealed = report.seal(&ring);
        assert_eq!(
            (
                sealed.subject.clone(),
                sealed.details.clone(),
                sealed.place.clone()
            ),
            (None, None, None)
        );
        let content = ring
            .open_with_context(
                sealed.sealed_content.as_ref().unwrap(),
                seal_context::CONTENT,
            )
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
        let mut anonymous = report;
        anonymous.contact = None;
        assert!(anonymous.seal(&ring).sealed_contact.is_none());
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
