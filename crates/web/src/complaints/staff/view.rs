//! The view models of the complaint back office: the case list and one
//! case's page, built from what the store returned and the keyring that
//! opens sealed fields (pure: no store).

use std::collections::BTreeMap;

use askama::Template;
use sujarit_core::complaint::{
    ActionKind, CaseState, Channel, Contact, CorruptionContent, EventKind, seal_context,
};
use sujarit_core::fiscal::thai_date;
use sujarit_core::sealed::Keyring;
use sujarit_store::{ComplaintCase, ComplaintSummary};

use crate::ui::{Crumb, FormErrors, StaffBar, staff_layout};

/// A corruption report's content, if the keyring opens it.
pub fn open_corruption(keyring: &Keyring, sealed: Option<&[u8]>) -> Option<CorruptionContent> {
    let bytes = keyring
        .open_with_context(sealed?, seal_context::CONTENT)
        .map_err(|e| tracing::error!(error = %e, "a corruption report does not open"))
        .ok()?;
    CorruptionContent::from_sealed_plaintext(&bytes)
}

// ---------------------------------------------------------------------------
// The list

pub struct CaseRow {
    pub href: String,
    pub code: String,
    pub received: String,
    pub category: String,
    pub subject: String,
    pub state: &'static str,
    pub due: String,
    pub overdue: bool,
    pub lacks_explanation: bool,
}

pub struct Choice {
    pub label: String,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "complaints/staff_list.html")]
pub struct ListPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub channel: &'static str,
    pub channels: Vec<Choice>,
    pub views: Vec<Choice>,
    pub rows: Vec<CaseRow>,
    pub today: String,
}

/// What the case list is built from.
pub struct ListInput<'a> {
    pub bar: StaffBar,
    pub channel: Channel,
    /// The chosen view: "open", "due_soon", "overdue", "explain" or "all".
    pub view: &'a str,
    /// The channels the reader may see.
    pub readable: Vec<Channel>,
    pub cases: &'a [ComplaintSummary],
    /// Category labels by code.
    pub labels: &'a BTreeMap<String, String>,
    pub keyring: &'a Keyring,
    pub today: time::Date,
}

/// The case list of one channel and view.
pub fn list_page(input: ListInput<'_>) -> ListPage {
    let ListInput {
        bar,
        channel,
        view,
        readable,
        cases,
        labels,
        keyring,
        today,
    } = input;
    let rows = cases
        .iter()
        .map(|c| case_row(keyring, c, labels, today))
        .collect();
    let mut channels = Vec::new();
    for c in readable {
        channels.push(Choice {
            label: c.thai().to_string(),
            href: format!("/staff/complaints?channel={}&view={view}", c.as_str()),
            current: c == channel,
        });
    }
    ListPage {
        layout: staff_layout("เรื่องร้องเรียน", vec![]),
        bar,
        channel: channel.thai(),
        channels,
        views: [
            ("open", "ยังไม่แล้วเสร็จ"),
            ("due_soon", "ใกล้ครบกำหนด (3 วัน)"),
            ("overdue", "เกินกำหนด"),
            ("explain", "ต้องแจ้งเหตุผลที่ล่าช้า"),
            ("all", "ทั้งหมด"),
        ]
        .into_iter()
        .map(|(code, label)| Choice {
            label: label.to_string(),
            href: format!("/staff/complaints?channel={}&view={code}", channel.as_str()),
            current: code == view,
        })
        .collect(),
        rows,
        today: thai_date(today),
    }
}

fn case_row(
    keyring: &Keyring,
    case: &ComplaintSummary,
    labels: &BTreeMap<String, String>,
    today: time::Date,
) -> CaseRow {
    let subject = match case.channel {
        Channel::General => case.subject.clone().unwrap_or_default(),
        Channel::Corruption => open_corruption(keyring, case.sealed_content.as_deref())
            .map(|c| c.subject)
            .unwrap_or_else(|| "(เปิดเนื้อหาไม่ได้: ตรวจสอบไฟล์กุญแจ)".into()),
    };
    CaseRow {
        href: format!("/staff/complaints/{}", case.complaint_id),
        code: case.tracking_code.display(),
        received: sujarit_core::thai::date_text(case.received_at),
        category: labels
            .get(&case.category)
            .cloned()
            .unwrap_or_else(|| case.category.clone()),
        subject,
        state: case.state.thai(),
        due: thai_date(case.clock.due_date),
        overdue: case.clock.is_overdue(today),
        lacks_explanation: case.clock.needs_explanation(today),
    }
}

// ---------------------------------------------------------------------------
// One case

pub struct HistoryRow {
    pub label: &'static str,
    pub public: bool,
    pub message: Option<String>,
    pub note: Option<String>,
    pub who: String,
    pub at: String,
    pub extra: Option<String>,
}

pub struct Option2 {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "complaints/staff_case.html")]
pub struct CasePage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub id: String,
    pub code: String,
    pub channel: &'static str,
    pub corruption: bool,
    pub category: String,
    pub state: &'static str,
    pub received: String,
    pub due: String,
    pub overdue: bool,
    pub lacks_explanation: bool,
    pub subject: String,
    pub details: String,
    pub place: String,
    pub persons_concerned: String,
    pub has_contact: bool,
    pub history: Vec<HistoryRow>,
    /// (download link, name, size)
    pub attachments: Vec<(String, String, String)>,
    pub may_handle: bool,
    /// Whether staff may still attach files (handlers, case not closed).
    pub may_attach: bool,
    /// "10 MB": the upload form's limit.
    pub max_size: String,
    pub revision: i64,
    pub kinds: Vec<Option2>,
    pub units: Vec<Option2>,
    pub officers: Vec<Option2>,
    pub action_kinds: Vec<Option2>,
    pub errors: FormErrors,
    pub notice: Option<String>,
    pub contact: Option<Contact>,
    pub reveal_errors: FormErrors,
}

/// What one case's page is built from.
pub struct CaseInput<'a> {
    pub bar: StaffBar,
    pub case: &'a ComplaintCase,
    pub keyring: &'a Keyring,
    /// Display names by user id.
    pub users: &'a BTreeMap<String, String>,
    /// Unit names by id.
    pub units: &'a BTreeMap<String, String>,
    /// The case's category in words.
    pub category: String,
    pub today: time::Date,
    /// Whether the reader handles cases of this channel.
    pub may_handle: bool,
    /// The largest file staff may attach.
    pub max_bytes: u64,
}

/// One case's page: its content (opened where sealed), history,
/// attachments and the steps the workflow allows now.
pub fn case_page(input: CaseInput<'_>) -> CasePage {
    let CaseInput {
        bar,
        case,
        keyring,
        users,
        units,
        category,
        today,
        may_handle,
        max_bytes,
    } = input;
    let summary = &case.summary;
    let channel = summary.channel;
    let (subject, details, place, persons) = match channel {
        Channel::General => (
            summary.subject.clone().unwrap_or_default(),
            case.details.clone().unwrap_or_default(),
            case.place.clone().unwrap_or_default(),
            String::new(),
        ),
        Channel::Corruption => {
            let content =
                open_corruption(keyring, summary.sealed_content.as_deref()).unwrap_or_default();
            (
                content.subject,
                content.details,
                content.place.unwrap_or_default(),
                content.persons_concerned.unwrap_or_default(),
            )
        }
    };
    let history = case
        .history
        .iter()
        .map(|e| {
            // Information a corruption reporter added arrives sealed.
            let opened = e.sealed_note.as_deref().and_then(|bytes| {
                keyring
                    .open_with_context(bytes, seal_context::INFORMATION)
                    .ok()
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
            });
            let extra = match e.kind {
                EventKind::Assign => Some(format!(
                    "หน่วยงาน: {} · ผู้รับผิดชอบ: {}",
                    e.unit_id
                        .as_ref()
                        .and_then(|u| units.get(u))
                        .map_or("-", String::as_str),
                    e.officer_id
                        .as_ref()
                        .and_then(|u| users.get(u))
                        .map_or("-", String::as_str),
                )),
                EventKind::TakeAction => e.action_kind.map(|k| k.thai().to_string()),
                _ => None,
            };
            HistoryRow {
                label: e.kind.thai(),
                public: e.kind.public_label().is_some(),
                message: e.public_message.clone(),
                note: e.internal_note.clone().or(opened),
                who: match &e.actor {
                    None => "ผู้ร้อง".into(),
                    Some(id) => users.get(id).cloned().unwrap_or_else(|| "เจ้าหน้าที่".into()),
                },
                at: sujarit_core::thai::datetime_text_short(e.at),
                extra,
            }
        })
        .collect();
    let kinds = EventKind::ALL
        .into_iter()
        .filter(|k| !matches!(k, EventKind::Filed | EventKind::InformationAdded))
        .filter(|k| summary.state.apply(channel, *k).is_some())
        .map(|k| Option2 {
            value: k.as_str().to_string(),
            label: if k.needs_public_message() {
                format!("{} (ต้องมีข้อความแจ้งผู้ร้อง)", k.thai())
            } else {
                k.thai().to_string()
            },
        })
        .collect();
    CasePage {
        layout: staff_layout(
            &format!("เรื่อง {}", summary.tracking_code.display()),
            vec![Crumb::link(
                "เรื่องร้องเรียน",
                format!("/staff/complaints?channel={}", channel.as_str()),
            )],
        ),
        bar,
        id: summary.complaint_id.clone(),
        code: summary.tracking_code.display(),
        channel: channel.thai(),
        corruption: channel == Channel::Corruption,
        category,
        state: summary.state.thai(),
        received: sujarit_core::thai::date_text(summary.received_at),
        due: thai_date(summary.clock.due_date),
        overdue: summary.clock.is_overdue(today),
        lacks_explanation: summary.clock.needs_explanation(today),
        subject,
        details,
        place,
        persons_concerned: persons,
        has_contact: summary.has_contact,
        history,
        attachments: case
            .attachments
            .iter()
            .map(|a| {
                let name = match &a.file_name {
                    Some(name) => name.clone(),
                    None => a
                        .sealed_file_name
                        .as_deref()
                        .and_then(|n| keyring.open_with_context(n, seal_context::FILE_NAME).ok())
                        .map(|n| String::from_utf8_lossy(&n).into_owned())
                        .unwrap_or_else(|| "ไฟล์แนบ".into()),
                };
                (
                    format!(
                        "/staff/complaints/{}/files/{}",
                        summary.complaint_id, a.attachment_id
                    ),
                    name,
                    match a.uploaded_by {
                        None => sujarit_store::files::size_text(a.size_bytes),
                        Some(_) => format!(
                            "{} · แนบโดยเจ้าหน้าที่",
                            sujarit_store::files::size_text(a.size_bytes)
                        ),
                    },
                )
            })
            .collect(),
        may_handle,
        may_attach: may_handle && summary.state != CaseState::Closed,
        max_size: sujarit_store::files::size_text(max_bytes),
        revision: summary.revision,
        kinds,
        units: units
            .iter()
            .map(|(id, name)| Option2 {
                value: id.clone(),
                label: name.clone(),
            })
            .collect(),
        officers: users
            .iter()
            .map(|(id, name)| Option2 {
                value: id.clone(),
                label: name.clone(),
            })
            .collect(),
        action_kinds: ActionKind::ALL
            .into_iter()
            .map(|k| Option2 {
                value: k.as_str().to_string(),
                label: k.thai().to_string(),
            })
            .collect(),
        errors: FormErrors::default(),
        notice: None,
        contact: None,
        reveal_errors: FormErrors::default(),
    }
}
