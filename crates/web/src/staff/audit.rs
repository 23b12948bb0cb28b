//! `/staff/audit`: the audit log, read by administrators and auditors. There
//! is no route that writes it; entries come only from the store, in the
//! transaction of the change they record.
//!
//! Corruption reports are the integrity officer's alone (review L3): to a
//! reader who may not open them, a reveal of a reporter or a staff upload on
//! a report shows who did it and when, but not which report, the written
//! reason, nor the file's type and size. The store keeps the whole entry.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::Deserialize;
use serde_json::Value;
use sujarit_core::account::{Permission, Role};
use sujarit_core::complaint::Channel;
use sujarit_core::thai::datetime_text_seconds;
use sujarit_store::{AuditEntry, AuditFilter, audit_action as act};
use time::{Date, OffsetDateTime};

use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::{Layout, Page, SelectOption, StaffBar, render, staff_layout};

const PAGE_SIZE: i64 = 50;

pub struct Change {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub struct EntryView {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub changes: Vec<Change>,
}

#[derive(Template)]
#[template(path = "staff/audit.html")]
pub struct AuditPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub entries: Vec<EntryView>,
    pub older: Option<String>,
    pub first_page: bool,
    /// The first page with the same filters.
    pub newest: String,
    pub actors: Vec<SelectOption>,
    pub actions: Vec<SelectOption>,
    pub from: String,
    pub until: String,
    pub filtered: bool,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    before: Option<String>,
    actor: Option<String>,
    action: Option<String>,
    from: Option<String>,
    until: Option<String>,
}

/// A date of the filter ("2025-03-31", as a date field sends it): its
/// first moment in Thailand, or `next_day`'s.
fn moment(
    text: Option<&str>,
    field: &str,
    next_day: bool,
) -> Result<Option<OffsetDateTime>, WebError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = Date::parse(text, &format)
        .ok()
        .and_then(|d| if next_day { d.next_day() } else { Some(d) })
        .ok_or_else(|| {
            WebError::BadRequest(format!(
                "{field}ไม่ถูกต้อง ใช้รูปแบบ ปปปป-ดด-วว (ค.ศ.) เช่น 2025-03-31"
            ))
        })?;
    Ok(Some(
        date.midnight()
            .assume_offset(time::macros::offset!(+7))
            .to_offset(time::UtcOffset::UTC),
    ))
}

fn kept(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

pub async fn page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Page {
    staff.require(Permission::ReadAuditLog)?;
    let Query(query) = query.map_err(|_| WebError::BadRequest("ตัวเลือกในที่อยู่ไม่ถูกต้อง".into()))?;
    let before = match kept(&query.before) {
        None => None,
        Some(text) => Some(
            text.parse::<i64>()
                .map_err(|_| WebError::BadRequest("เลขลำดับบันทึกในที่อยู่ไม่ถูกต้อง ต้องเป็นตัวเลข".into()))?,
        ),
    };
    let org = &staff.organization.id;
    let users = store.users(org).await?;
    let actor = kept(&query.actor);
    if let Some(id) = &actor
        && !users.iter().any(|u| &u.id == id)
    {
        return Err(WebError::BadRequest("ไม่พบผู้ใช้ที่เลือกในช่อง ผู้ทำ".into()));
    }
    let known_actions = store.audit_actions(org).await?;
    let action = kept(&query.action);
    let filter = AuditFilter {
        actor_user_id: actor.clone(),
        action: action.clone(),
        from: moment(query.from.as_deref(), "วันที่เริ่ม", false)?,
        until: moment(query.until.as_deref(), "วันที่สิ้นสุด", true)?,
    };
    let entries = store
        .audit_log_where(org, &filter, before, PAGE_SIZE)
        .await?;
    let mut params: Vec<(&str, String)> = Vec::new();
    for (name, value) in [
        ("actor", &actor),
        ("action", &action),
        ("from", &kept(&query.from)),
        ("until", &kept(&query.until)),
    ] {
        if let Some(v) = value {
            params.push((name, v.clone()));
        }
    }
    let href = |before: Option<i64>| {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &params {
            serializer.append_pair(name, value);
        }
        if let Some(b) = before {
            serializer.append_pair("before", &b.to_string());
        }
        let query = serializer.finish();
        if query.is_empty() {
            "/staff/audit".to_owned()
        } else {
            format!("/staff/audit?{query}")
        }
    };
    let older = (entries.len() as i64 == PAGE_SIZE)
        .then(|| entries.last().map(|e| href(Some(e.id))))
        .flatten();
    let mut actors = vec![SelectOption {
        value: String::new(),
        label: "ทุกคน".into(),
        selected: actor.is_none(),
    }];
    actors.extend(users.iter().map(|u| SelectOption {
        value: u.id.clone(),
        label: format!("{} ({})", u.display_name, u.email),
        selected: actor.as_deref() == Some(u.id.as_str()),
    }));
    let mut actions = vec![SelectOption {
        value: String::new(),
        label: "ทุกการกระทำ".into(),
        selected: action.is_none(),
    }];
    actions.extend(known_actions.iter().map(|a| SelectOption {
        value: a.clone(),
        label: action_thai(a).to_owned(),
        selected: action.as_deref() == Some(a.as_str()),
    }));
    render(AuditPage {
        layout: staff_layout("บันทึกการเปลี่ยนแปลง", vec![]),
        bar: StaffBar::new(&staff),
        entries: entries
            .iter()
            .map(|e| {
                view(
                    e,
                    staff.actor.has(Permission::HandleCorruptionReports),
                    staff.actor.has(Permission::ReadGiftRegister),
                )
            })
            .collect(),
        older,
        first_page: before.is_none(),
        newest: href(None),
        actors,
        actions,
        from: kept(&query.from).unwrap_or_default(),
        until: kept(&query.until).unwrap_or_default(),
        filtered: filter != AuditFilter::default(),
    })
}

/// Whether an entry is about a corruption report in what it names: a reveal
/// or a staff upload whose details do not say "general" (entries written
/// before uploads carried their channel count as corruption: fail closed).
fn names_a_corruption_report(entry: &AuditEntry) -> bool {
    // A reseal names a corruption report by its id, always.
    if entry.action == sujarit_store::AUDIT_CASE_RESEALED {
        return true;
    }
    let about_a_case = entry.action == sujarit_store::AUDIT_IDENTITY_REVEALED
        || entry.action == sujarit_store::AUDIT_ATTACHMENT_ADDED;
    about_a_case
        && entry
            .after
            .as_ref()
            .and_then(|a| a.get("channel"))
            .and_then(Value::as_str)
            != Some(Channel::General.as_str())
}

/// Whether an entry is about someone's gift declaration or nil return: who
/// declared, when and what value is personal data (PDPA), read only by
/// those who read the gift register.
fn names_a_gift_declaration(entry: &AuditEntry) -> bool {
    [
        sujarit_store::AUDIT_GIFT_DECLARED,
        sujarit_store::AUDIT_GIFT_DECIDED,
        sujarit_store::AUDIT_GIFT_NIL_RETURN,
    ]
    .contains(&entry.action.as_str())
}

/// One entry as a reader who may open corruption reports
/// (`reader_opens_corruption`) and the gift register (`reader_reads_gifts`)
/// may see it.
fn view(entry: &AuditEntry, reader_opens_corruption: bool, reader_reads_gifts: bool) -> EntryView {
    let gift_withheld = !reader_reads_gifts && names_a_gift_declaration(entry);
    if gift_withheld {
        return EntryView {
            id: entry.id,
            at: datetime_text_seconds(entry.at),
            actor: "ผู้ใช้ (ไม่แสดง: ข้อมูลส่วนบุคคลในทะเบียนการรับของขวัญ)".to_owned(),
            action: action_thai(&entry.action).to_owned(),
            target: "ทะเบียนการรับของขวัญ (รายละเอียดเปิดดูได้เฉพาะผู้บริหารและผู้ตรวจสอบภายใน)".to_owned(),
            changes: Vec::new(),
        };
    }
    let withheld = !reader_opens_corruption && names_a_corruption_report(entry);
    EntryView {
        id: entry.id,
        at: datetime_text_seconds(entry.at),
        actor: match (&entry.actor_email, &entry.actor_user_id) {
            (Some(email), _) => email.clone(),
            (None, Some(id)) if id == sujarit_core::account::SYSTEM_ACTOR => {
                "ระบบสุจริต (อัตโนมัติ)".to_owned()
            }
            (None, Some(id)) => format!("ผู้ใช้ {id}"),
            (None, None) => "ระบบ หรือคำสั่งบนเครื่องแม่ข่าย".to_owned(),
        },
        action: action_thai(&entry.action).to_owned(),
        target: if withheld {
            "เรื่องแจ้งเบาะแสการทุจริต (เลขเรื่องและรายละเอียดเปิดดูได้เฉพาะเจ้าหน้าที่นิติการ)".to_owned()
        } else {
            entry.target.clone()
        },
        changes: if withheld {
            Vec::new()
        } else {
            changes(entry.before.as_ref(), entry.after.as_ref())
        },
    }
}

fn action_thai(action: &str) -> &str {
    match action {
        act::USER_CREATED => "สร้างบัญชีผู้ใช้",
        act::DIRECTORY_ENTRY_SET => "ปรับปรุงทะเบียนองค์กร (นำเข้าจากไฟล์)",
        act::USER_UPDATED => "แก้ไขบัญชีผู้ใช้",
        act::USER_ROLE_CHANGED => "เปลี่ยนบทบาท",
        act::USER_UNIT_CHANGED => "เปลี่ยนหน่วยงานของผู้ใช้",
        act::USER_DEACTIVATED => "ระงับบัญชีผู้ใช้",
        act::USER_REACTIVATED => "เปิดใช้บัญชีผู้ใช้อีกครั้ง",
        act::PASSWORD_CHANGED => "เปลี่ยนรหัสผ่านของตนเอง",
        act::PASSWORD_RESET => "ตั้งรหัสผ่านใหม่ให้ผู้ใช้",
        act::LOGIN_LOCKED => "ระงับการเข้าสู่ระบบชั่วคราว (ใส่รหัสผ่านผิดหลายครั้ง)",
        act::TOTP_ENROLLED => "เปิดใช้การยืนยันตัวตนสองขั้นตอน",
        act::TOTP_RESET => "ล้างการยืนยันตัวตนสองขั้นตอน (คำสั่งบนเครื่องแม่ข่าย)",
        act::UNIT_CREATED => "เพิ่มหน่วยงาน",
        act::UNIT_RENAMED => "แก้ชื่อหน่วยงาน",
        act::UNITS_SYNCED => "ดึงหน่วยงานจากแผน",
        act::ITEM_UNITS_CHANGED => "เปลี่ยนหน่วยงานที่รับผิดชอบรายการ",
        act::DISCLOSURE_CATALOGUE_INSTALLED => "ติดตั้งรายการข้อมูลสาธารณะ",
        act::DISCLOSURE_CATALOGUE_COPIED => "คัดลอกรายการข้อมูลสาธารณะไปปีใหม่",
        act::DISCLOSURE_ITEM_UPDATED => "แก้ไขรายการข้อมูลสาธารณะ",
        act::DISCLOSURE_OWNER_CHANGED => "เปลี่ยนหน่วยงานที่รับผิดชอบข้อมูลสาธารณะ",
        act::DISCLOSURE_PUBLISHED => "เผยแพร่ข้อมูลสาธารณะ",
        act::DISCLOSURE_NOT_APPLICABLE_MARKED => "บันทึกว่าไม่มีข้อมูลต้องเผยแพร่",
        act::DISCLOSURE_NOT_APPLICABLE_CLEARED => "ยกเลิกการบันทึกว่าไม่มีข้อมูลต้องเผยแพร่",
        act::DISCLOSURE_LINK_BROKEN => "ลิงก์ข้อมูลสาธารณะใช้งานไม่ได้",
        act::DISCLOSURE_LINK_RESTORED => "ลิงก์ข้อมูลสาธารณะกลับมาใช้งานได้",
        sujarit_store::AUDIT_IDENTITY_REVEALED => "เปิดดูตัวตนและข้อมูลติดต่อของผู้ร้อง",
        sujarit_store::AUDIT_CATEGORY_CHANGED => "แก้ไขประเภทเรื่องร้องเรียน",
        sujarit_store::AUDIT_DEADLINE_CHANGED => "เปลี่ยนกำหนดเวลาดำเนินการเรื่องร้องเรียน",
        sujarit_store::AUDIT_ATTACHMENT_ADDED => "เจ้าหน้าที่แนบไฟล์ในเรื่องร้องเรียน",
        sujarit_store::AUDIT_REPORT_NOTES_SAVED => {
            "บันทึกปัญหา อุปสรรค และแนวทางแก้ไข ในรายงานเรื่องร้องเรียนต่อผู้บริหาร"
        }
        other => other,
    }
}

fn field_thai(field: &str) -> &str {
    match field {
        "email" => "อีเมล",
        "display_name" => "ชื่อที่แสดง",
        "role" => "บทบาท",
        "unit" => "หน่วยงาน",
        "active" => "สถานะบัญชี",
        "must_change_password" => "ต้องเปลี่ยนรหัสผ่าน",
        "name" => "ชื่อหน่วยงาน",
        "units" => "หน่วยงานที่รับผิดชอบ",
        "units_created" => "หน่วยงานที่เพิ่ม",
        "items_assigned" => "รายการที่กำหนดหน่วยงาน",
        "client_ip" => "ที่อยู่เครื่อง",
        "failures" => "จำนวนครั้งที่ผิด",
        "second_factor" => "การยืนยันตัวตนสองขั้นตอน",
        "channel" => "ช่องทาง",
        "reason" => "เหตุผล",
        "had_contact" => "ผู้ร้องให้ข้อมูลติดต่อไว้",
        "media_type" => "ชนิดไฟล์",
        "size_bytes" => "ขนาด (ไบต์)",
        other => other,
    }
}

fn value_thai(field: &str, value: &Value) -> String {
    match (field, value) {
        (_, Value::Null) => "—".to_owned(),
        ("second_factor", Value::String(s)) if s == "totp" => "รหัส 6 หลักจากแอป (TOTP)".to_owned(),
        ("role", Value::String(s)) => {
            Role::parse(s).map_or_else(|| s.clone(), |r| r.thai().to_owned())
        }
        ("channel", Value::String(s)) => {
            Channel::parse(s).map_or_else(|| s.clone(), |c| c.thai().to_owned())
        }
        ("active", Value::Bool(b)) => if *b {
            "ใช้งาน"
        } else {
            "ระงับ"
        }
        .to_owned(),
        (_, Value::Bool(b)) => if *b {
            "ใช่"
        } else {
            "ไม่ใช่"
        }
        .to_owned(),
        (_, Value::String(s)) => s.clone(),
        (_, Value::Array(items)) if items.is_empty() => "ไม่มี".to_owned(),
        (_, Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(", "),
        (_, other) => other.to_string(),
    }
}

/// The order fields are listed in; others follow, by name.
const FIELD_ORDER: [&str; 12] = [
    "email",
    "display_name",
    "role",
    "unit",
    "active",
    "must_change_password",
    "name",
    "units",
    "units_created",
    "items_assigned",
    "client_ip",
    "failures",
];

/// The fields that changed (all of them for a creation or a removal).
fn changes(before: Option<&Value>, after: Option<&Value>) -> Vec<Change> {
    let empty = serde_json::Map::new();
    let b = before.and_then(Value::as_object).unwrap_or(&empty);
    let a = after.and_then(Value::as_object).unwrap_or(&empty);
    let mut fields: Vec<&String> = a.keys().collect();
    fields.extend(b.keys().filter(|k| !a.contains_key(*k)));
    let rank = |f: &str| {
        FIELD_ORDER
            .iter()
            .position(|x| *x == f)
            .unwrap_or(FIELD_ORDER.len())
    };
    fields.sort_by(|x, y| rank(x).cmp(&rank(y)).then(x.cmp(y)));
    fields
        .into_iter()
        .filter(|f| before.is_none() || after.is_none() || b.get(*f) != a.get(*f))
        .map(|f| Change {
            field: field_thai(f).to_owned(),
            before: b.get(f).map(|v| value_thai(f, v)),
            after: a.get(f).map(|v| value_thai(f, v)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_fields_are_listed_in_thai() {
        let before =
            serde_json::json!({"email": "a@x.org", "role": "unit_officer", "active": true});
        let after = serde_json::json!({"email": "a@x.org", "role": "auditor", "active": false});
        let c = changes(Some(&before), Some(&after));
        let fields: Vec<&str> = c.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["บทบาท", "สถานะบัญชี"]);
        assert_eq!(c[0].before.as_deref(), Some("เจ้าหน้าที่หน่วยงาน"));
        assert_eq!(c[0].after.as_deref(), Some("ผู้ตรวจสอบภายใน"));
        assert_eq!(c[1].after.as_deref(), Some("ระงับ"));
        let created = changes(None, Some(&after));
        assert_eq!(created.len(), 3);
        assert!(created.iter().all(|c| c.before.is_none()));
    }

    fn entry(action: &str, after: serde_json::Value) -> AuditEntry {
        AuditEntry {
            organization_id: "org".into(),
            id: 7,
            at: time::macros::datetime!(2025-11-25 03:00 UTC),
            actor_user_id: Some("u1".into()),
            actor_email: Some("integrity@x.org".into()),
            action: action.into(),
            target: "case-123".into(),
            before: None,
            after: Some(after),
        }
    }

    #[test]
    fn corruption_case_details_are_the_integrity_officers() {
        let reveal = entry(
            sujarit_store::AUDIT_IDENTITY_REVEALED,
            serde_json::json!({"channel": "corruption", "reason": "สอบข้อเท็จจริง", "had_contact": true}),
        );
        let upload = entry(
            sujarit_store::AUDIT_ATTACHMENT_ADDED,
            serde_json::json!({"media_type": "application/pdf", "size_bytes": 1234}),
        );
        for e in [&reveal, &upload] {
            let hidden = view(e, false, true);
            assert_eq!(hidden.actor, "integrity@x.org");
            assert!(!hidden.target.contains("case-123"), "{}", hidden.target);
            assert!(hidden.changes.is_empty());
            let full = view(e, true, true);
            assert_eq!(full.target, "case-123");
            assert!(!full.changes.is_empty());
        }
        assert!(
            view(&reveal, true, true)
                .changes
                .iter()
                .any(|c| c.field == "เหตุผล" && c.after.as_deref() == Some("สอบข้อเท็จจริง"))
        );
        // A general complaint's entries keep their details for everyone.
        let general = entry(
            sujarit_store::AUDIT_ATTACHMENT_ADDED,
            serde_json::json!({"channel": "general", "media_type": "image/jpeg", "size_bytes": 99}),
        );
        let shown = view(&general, false, true);
        assert_eq!(shown.target, "case-123");
        assert_eq!(shown.changes.len(), 3);
    }

    #[test]
    fn who_declared_a_gift_is_for_the_gift_registers_readers() {
        let declared = entry(
            "gift.declared",
            serde_json::json!({"value_satang": 150_000, "decision": "kept"}),
        );
        let hidden = view(&declared, true, false);
        assert!(
            !hidden.actor.contains("integrity@x.org"),
            "{}",
            hidden.actor
        );
        assert!(!hidden.target.contains("case-123"), "{}", hidden.target);
        assert!(hidden.changes.is_empty());
        let full = view(&declared, false, true);
        assert_eq!(full.actor, "integrity@x.org");
        assert!(!full.changes.is_empty());
        // The permitted value is a setting, not anyone's declaration.
        let setting = entry(
            sujarit_store::AUDIT_GIFT_SETTING,
            serde_json::json!({"permitted_value_satang": 300_000}),
        );
        assert_eq!(view(&setting, false, false).actor, "integrity@x.org");
    }

    #[test]
    fn times_are_shown_in_thailand() {
        let at = time::macros::datetime!(2025-11-25 23:30:05 UTC);
        let text = datetime_text_seconds(at);
        assert!(text.ends_with("06:30:05 น."), "{text}");
        assert!(text.contains("2568"), "{text}");
    }
}
