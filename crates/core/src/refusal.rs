//! Why the store turned a request down, as typed values worded here in Thai,
//! next to the rules: what was not found ([`Missing`]), what already exists
//! ([`Clash`]) and a move the rules do not allow now ([`Refusal`]). The store
//! returns these unchanged; a page, the JSON API and the command line show
//! their `Display`, so all three say the same. Field-level refusals are
//! [`crate::validation::FieldError`]s from the checks in each domain module.

use std::fmt;

use crate::complaint::{CaseState, Channel, EventKind};
use crate::disclosure::{Cadence, Period};
use crate::progress::{ReportKey, ReviewAction, ReviewState};
use crate::{FiscalYear, ItemRef};

/// What a request named but the organisation does not have. `Display` is a
/// Thai noun phrase (callers say "ไม่พบ…" before it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Missing {
    Organization(String),
    Unit(String),
    User(String),
    /// The organisation has no current plan.
    CurrentPlan,
    /// An item of the current plan.
    PlanItem(ItemRef),
    /// A quarter's report of an item.
    Report(ReportKey),
    /// The report that evidence is attached to (it must be saved first).
    ReportForEvidence(ReportKey),
    Evidence(String),
    /// A complaint by its id.
    Complaint(String),
    /// A complaint by its tracking code (the store sees only its hashes).
    TrackedCase,
    Category {
        channel: Channel,
        code: String,
    },
    /// A fiscal year's disclosure catalogue.
    Catalogue(FiscalYear),
    /// An item of a fiscal year's disclosure catalogue.
    CatalogueItem {
        code: String,
        fiscal_year: FiscalYear,
    },
    Publication(String),
    Activity(String),
    Survey(String),
    Roster(String),
    Publicity(String),
    /// An engagement or finding of a year's internal audit (issue 14).
    AuditRecord(String),
    /// A row of an internal control evaluation (ปค.5), by id.
    ControlRow(String),
    /// A gift declaration by its id.
    GiftDeclaration(String),
    /// An entry of a risk register (issue 14).
    RiskEntry(String),
    /// An internal measure (issue 14).
    Measure(String),
    /// A row the same transaction has just written, read back (its id or
    /// key as shown): missing only if the database misbehaves.
    JustWritten(String),
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::Organization(id) => write!(f, "องค์กร {id}"),
            Missing::Unit(id) => write!(f, "หน่วยงาน {id}"),
            Missing::User(id) => write!(f, "บัญชีผู้ใช้ {id}"),
            Missing::CurrentPlan => f.write_str("ยังไม่มีแผนที่ใช้อยู่ขององค์กรนี้"),
            Missing::PlanItem(item) => write!(f, "รายการ {item} ในแผนที่ใช้อยู่"),
            Missing::Report(key) => write!(f, "รายงานของ{key}"),
            Missing::ReportForEvidence(key) => {
                write!(f, "รายงานของ{key} (บันทึกรายงานก่อนแนบหลักฐาน)")
            }
            Missing::Evidence(id) => write!(f, "หลักฐาน {id}"),
            Missing::Complaint(id) => write!(f, "เรื่องร้องเรียน {id}"),
            Missing::TrackedCase => write!(f, "เรื่องที่มีรหัสติดตามนี้"),
            Missing::Category { channel, code } => {
                write!(f, "หมวดหมู่ \"{code}\" ใน{}", channel.thai())
            }
            Missing::Catalogue(year) => write!(f, "รายการข้อมูลสาธารณะปีงบประมาณ {year}"),
            Missing::CatalogueItem { code, fiscal_year } => {
                write!(
                    f,
                    "รายการ {code} ในรายการข้อมูลสาธารณะปีงบประมาณ {fiscal_year}"
                )
            }
            Missing::Publication(id) => write!(f, "การเผยแพร่ {id}"),
            Missing::Activity(id) => write!(f, "กิจกรรม {id}"),
            Missing::Survey(id) => write!(f, "แบบสำรวจ {id}"),
            Missing::Roster(id) => write!(f, "รายชื่อ {id}"),
            Missing::RiskEntry(id) => write!(f, "ความเสี่ยง {id}"),
            Missing::Measure(id) => write!(f, "มาตรการภายใน {id}"),
            Missing::Publicity(id) => write!(f, "รายการประชาสัมพันธ์ {id}"),
            Missing::AuditRecord(id) => write!(f, "งานตรวจสอบหรือข้อตรวจพบ {id}"),
            Missing::ControlRow(id) => write!(f, "แถว {id} ของแบบ ปค.5"),
            Missing::GiftDeclaration(id) => write!(f, "การแจ้งรับของขวัญ {id}"),
            Missing::JustWritten(what) => f.write_str(what),
        }
    }
}

/// What the request would duplicate or leave inconsistent. `Display` is a
/// Thai sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clash {
    /// A unit officer must belong to a unit.
    UnitRequired,
    UnitName(String),
    Email(String),
    /// No free tracking code was found after several draws.
    TrackingCodes,
    CategoryCode {
        channel: Channel,
        code: String,
    },
    /// The fiscal year already has a disclosure catalogue.
    Catalogue(FiscalYear),
    /// This device already checked in to the activity.
    CheckedIn,
    /// This device already answered the survey.
    Answered,
    /// The officer's keys are made already.
    OfficerKeys,
    /// A directory file's row gives an official code (รหัส อปท.) that
    /// another organisation of the installation already has (issue 15).
    OfficialCode {
        line: usize,
        code: String,
        /// The slug of the organisation that has it.
        holder: String,
    },
}

impl fmt::Display for Clash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clash::UnitRequired => f.write_str("เจ้าหน้าที่หน่วยงานต้องสังกัดหน่วยงาน"),
            Clash::UnitName(name) => write!(f, "มีหน่วยงานชื่อ \"{name}\" อยู่แล้ว"),
            Clash::Email(email) => write!(f, "มีบัญชีอีเมล {email} อยู่แล้ว"),
            Clash::TrackingCodes => f.write_str("สร้างรหัสติดตามเรื่องที่ไม่ซ้ำไม่สำเร็จ"),
            Clash::CategoryCode { channel, code } => {
                write!(f, "มีหมวดหมู่รหัส \"{code}\" ใน{}อยู่แล้ว", channel.thai())
            }
            Clash::Catalogue(year) => write!(f, "ปีงบประมาณ {year} มีรายการข้อมูลสาธารณะอยู่แล้ว"),
            Clash::CheckedIn => f.write_str("อุปกรณ์นี้ลงชื่อเข้าร่วมกิจกรรมนี้แล้ว"),
            Clash::Answered => f.write_str("อุปกรณ์นี้ตอบแบบสำรวจนี้แล้ว ตอบได้ครั้งเดียว"),
            Clash::OfficialCode { line, code, holder } => write!(
                f,
                "บรรทัด {line} คอลัมน์ official_code: รหัส อปท. \"{code}\" เป็นขององค์กร \"{holder}\" \
                 ในระบบอยู่แล้ว"
            ),
            Clash::OfficerKeys => f.write_str(
                "ตั้งกุญแจเข้ารหัสไว้แล้ว: กุญแจชุดใหม่จะทำให้เปิดเรื่องเดิมไม่ได้ \
                 หากลืมรหัสผ่าน ให้กู้คืนด้วยกุญแจกู้คืน",
            ),
        }
    }
}

/// A move the rules do not allow now. `Display` is a Thai sentence saying
/// why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A unit edits a report only while it is a draft or returned.
    ReportLocked { key: ReportKey, state: ReviewState },
    /// The review workflow has no such move from `from`.
    Review {
        from: ReviewState,
        action: ReviewAction,
        key: ReportKey,
    },
    /// Evidence changes only with an editable report.
    EvidenceLocked { key: ReportKey, state: ReviewState },
    /// The case workflow has no such step from `state` (or not on `channel`).
    CaseMove {
        state: CaseState,
        channel: Channel,
        event: EventKind,
    },
    /// A complainant adds information only when staff asked for it.
    InformationNotRequested(CaseState),
    /// The survey opens when the case is closed.
    SurveyNotYet,
    /// The survey is answered once.
    SurveyAnswered,
    /// The "other" category takes what fits no other: it stays enabled.
    OtherCategoryStays,
    /// The corruption channel keeps at least one enabled category: without
    /// one it would silently take no reports.
    LastCorruptionCategory,
    /// A closed case takes no more files.
    CaseClosed,
    /// Replacing a catalogue would drop published items (or their periods).
    CatalogueDropsPublished {
        fiscal_year: FiscalYear,
        codes: Vec<String>,
    },
    /// A new cadence would drop periods already published.
    CadenceDropsPublished { code: String, cadence: Cadence },
    /// Check-in is open only around the activity's sessions.
    CheckInClosed,
    /// The survey takes answers only between its open and close dates.
    SurveyClosed,
    /// A survey with answers keeps its questions.
    SurveyHasAnswers,
    /// A published period cannot become "nothing to publish".
    AlreadyPublished {
        code: String,
        period: Period,
        fiscal_year: FiscalYear,
    },
    /// Keys of the corruption channel belong to active integrity officers.
    NotIntegrityOfficer,
    /// Only an officer who can open a report grants it to another.
    GrantWithoutAccess,
    /// The grantee has made no keys yet (or must restore them).
    GranteeWithoutKeys,
    /// The report uses per-recipient keys already.
    AlreadyResealed,
    /// A step identical to the case's last one (same kind, assignee and
    /// text): recorded once.
    RepeatedStep(EventKind),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::ReportLocked { key, state } => write!(
                f,
                "แก้ไขไม่ได้: {key} อยู่ในสถานะ \"{}\" ต้องให้ผู้ประสานแผนส่งกลับก่อน",
                state.thai()
            ),
            Refusal::Review { from, action, key } => f.write_str(&from.refusal(*action, key)),
            Refusal::EvidenceLocked { key, state } => {
                write!(f, "แก้ไขหลักฐานไม่ได้: {key} อยู่ในสถานะ \"{}\"", state.thai())
            }
            Refusal::CaseMove {
                state,
                channel,
                event,
            } => f.write_str(&state.refusal(*channel, *event)),
            Refusal::InformationNotRequested(state) => write!(
                f,
                "ส่งข้อมูลเพิ่มเติมได้เฉพาะเมื่อเจ้าหน้าที่ขอข้อมูลเพิ่มเติม (สถานะตอนนี้: \"{}\")",
                state.thai()
            ),
            Refusal::SurveyNotYet => f.write_str("ตอบแบบประเมินความพึงพอใจได้เมื่อยุติเรื่องแล้ว"),
            Refusal::SurveyAnswered => f.write_str("เรื่องนี้ตอบแบบประเมินความพึงพอใจแล้ว ตอบได้ครั้งเดียว"),
            Refusal::OtherCategoryStays => {
                f.write_str("ปิดหมวดหมู่ \"อื่น ๆ\" ไม่ได้: เรื่องที่ไม่เข้าหมวดใดต้องมีที่ลง")
            }
            Refusal::LastCorruptionCategory => f.write_str(
                "ปิดประเภทนี้ไม่ได้: ช่องทางแจ้งเบาะแสการทุจริตต้องเปิดรับอย่างน้อยหนึ่งประเภท \
                 มิฉะนั้นจะรับแจ้งเบาะแสไม่ได้เลย",
            ),
            Refusal::CaseClosed => f.write_str("แนบไฟล์ไม่ได้: เรื่องนี้ยุติแล้ว"),
            Refusal::CatalogueDropsPublished { fiscal_year, codes } => write!(
                f,
                "แทนที่รายการข้อมูลสาธารณะปีงบประมาณ {fiscal_year} ไม่ได้: รายการ {} มีการเผยแพร่แล้ว \
                 แต่ไม่อยู่ในรายการใหม่ (หรือความถี่ใหม่ไม่มีงวดที่เผยแพร่ไว้) \
                 โปรดคงรายการเหล่านี้ไว้",
                codes.join(", ")
            ),
            Refusal::CadenceDropsPublished { code, cadence } => write!(
                f,
                "เปลี่ยนความถี่ของรายการ {code} เป็น{} ไม่ได้: มีงวดที่เผยแพร่แล้วซึ่งความถี่ใหม่ไม่มี",
                cadence.thai()
            ),
            Refusal::CheckInClosed => f.write_str(
                "การลงชื่อเข้าร่วมกิจกรรมนี้ปิดแล้ว (เปิดเฉพาะ 2 ชั่วโมงก่อนเริ่มถึง 2 ชั่วโมงหลังจบแต่ละช่วง)",
            ),
            Refusal::SurveyClosed => f.write_str("แบบสำรวจนี้ไม่เปิดรับคำตอบในขณะนี้ (ปิดแล้วหรือยังไม่เปิด)"),
            Refusal::SurveyHasAnswers => {
                f.write_str("แก้ไขคำถามไม่ได้: แบบสำรวจนี้มีผู้ตอบแล้ว (สร้างแบบสำรวจใหม่แทน)")
            }
            Refusal::NotIntegrityOfficer => {
                f.write_str("บัญชีนี้ไม่ใช่เจ้าหน้าที่นิติการที่ใช้งานอยู่ จึงถือกุญแจเรื่องแจ้งเบาะแสการทุจริตไม่ได้")
            }
            Refusal::GrantWithoutAccess => f.write_str(
                "ให้สิทธิ์ไม่ได้: คุณเองยังเปิดเรื่องที่จะให้สิทธิ์ไม่ได้ \
                 ผู้ให้สิทธิ์ต้องเป็นเจ้าหน้าที่นิติการที่เปิดเรื่องนั้นได้แล้ว",
            ),
            Refusal::GranteeWithoutKeys => {
                f.write_str("ให้สิทธิ์ไม่ได้: เจ้าหน้าที่ผู้รับสิทธิ์ยังไม่ได้ตั้งกุญแจเข้ารหัส (หรือต้องกู้คืนกุญแจก่อน)")
            }
            Refusal::AlreadyResealed => f.write_str("เรื่องนี้ย้ายไปใช้กุญแจรายผู้รับแล้ว ไม่ต้องย้ายซ้ำ"),
            Refusal::RepeatedStep(kind) => write!(
                f,
                "บันทึก \"{}\" นี้ไว้แล้ว: ขั้นตอนล่าสุดของเรื่องเป็นขั้นตอนเดียวกัน \
                 ผู้รับผิดชอบและข้อความเดียวกัน จึงไม่บันทึกซ้ำ",
                kind.thai()
            ),
            Refusal::AlreadyPublished {
                code,
                period,
                fiscal_year,
            } => write!(
                f,
                "รายการ {code} งวด {} เผยแพร่แล้ว จึงระบุว่าไม่มีข้อมูลต้องเผยแพร่ไม่ได้",
                period.thai_label(*fiscal_year)
            ),
        }
    }
}

/// The wording of `StoreError::Stale`: someone saved the record after the
/// caller read it (now at `current_revision`); nothing was written.
pub fn stale(current_revision: i64) -> String {
    format!(
        "มีผู้แก้ไขรายงานนี้ก่อนคุณ (ฉบับที่ {current_revision}) จึงยังไม่ได้บันทึก: \
         โปรดเปิดรายงานใหม่ ตรวจสอบ แล้วบันทึกอีกครั้ง"
    )
}

/// The wording of input the rules refuse: every field's message in one line.
pub fn invalid(errors: &[crate::validation::FieldError]) -> String {
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    format!("ข้อมูลไม่ถูกต้อง: {}", messages.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Quarter;

    fn key() -> ReportKey {
        ReportKey {
            item: ItemRef {
                dimension: 2,
                no: 1,
            },
            fiscal_year: 2568,
            quarter: Quarter::Q1,
        }
    }

    #[test]
    fn refusals_name_what_and_why_in_thai() {
        assert_eq!(
            Refusal::ReportLocked {
                key: key(),
                state: ReviewState::Submitted,
            }
            .to_string(),
            format!(
                "แก้ไขไม่ได้: {} อยู่ในสถานะ \"{}\" ต้องให้ผู้ประสานแผนส่งกลับก่อน",
                key(),
                ReviewState::Submitted.thai()
            )
        );
        assert_eq!(
            Refusal::Review {
                from: ReviewState::Draft,
                action: ReviewAction::Approve,
                key: key(),
            }
            .to_string(),
            ReviewState::Draft.refusal(ReviewAction::Approve, &key())
        );
        assert_eq!(
            Refusal::CatalogueDropsPublished {
                fiscal_year: FiscalYear(2568),
                codes: vec!["O1".into(), "O2".into()],
            }
            .to_string(),
            "แทนที่รายการข้อมูลสาธารณะปีงบประมาณ 2568 ไม่ได้: รายการ O1, O2 มีการเผยแพร่แล้ว \
             แต่ไม่อยู่ในรายการใหม่ (หรือความถี่ใหม่ไม่มีงวดที่เผยแพร่ไว้) โปรดคงรายการเหล่านี้ไว้"
        );
        assert_eq!(
            Missing::PlanItem(key().item).to_string(),
            "รายการ 2.1 ในแผนที่ใช้อยู่"
        );
        assert_eq!(
            Clash::UnitName("กองช่าง".into()).to_string(),
            "มีหน่วยงานชื่อ \"กองช่าง\" อยู่แล้ว"
        );
    }

    #[test]
    fn stale_and_invalid_read_as_before() {
        assert_eq!(
            stale(3),
            "มีผู้แก้ไขรายงานนี้ก่อนคุณ (ฉบับที่ 3) จึงยังไม่ได้บันทึก: \
             โปรดเปิดรายงานใหม่ ตรวจสอบ แล้วบันทึกอีกครั้ง"
        );
        let errors = [
            crate::validation::FieldError {
                field: "a",
                message: "หนึ่ง".into(),
            },
            crate::validation::FieldError {
                field: "b",
                message: "สอง".into(),
            },
        ];
        assert_eq!(invalid(&errors), "ข้อมูลไม่ถูกต้อง: หนึ่ง; สอง");
    }
}
