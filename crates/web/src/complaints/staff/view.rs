//! The view models of the complaint back office: the case list and one
//! case's page, built from what the store returned and the sealer that
//! opens each case's sealed fields, if the reader holds its key (pure: no
//! store).

use std::collections::BTreeMap;

use askama::Template;
use sujarit_core::case_keys::{RecordSealer, field};
use sujarit_core::complaint::{
    ActionKind, CaseState, Channel, Contact, CorruptionContent, EventKind,
};
use sujarit_core::fiscal::thai_date;
use sujarit_store::{ComplaintCase, ComplaintSummary};

use crate::ui::{Crumb, FormErrors, StaffBar, staff_layout};

/// A corruption report's content, if the reader's sealer opens it.
pub fn open_corruption(
    sealer: Option<&RecordSealer>,
    sealed: Option<&[u8]>,
) -> Option<CorruptionContent> {
    let bytes = sealer?
        .open(field::CONTENT, sealed?)
        .map_err(|e| tracing::error!(error = %e, "a corruption report does not open"))
        .ok()?;
    CorruptionContent::from_sealed_plaintext(&bytes)
}

/// Said in place of a report the reader cannot open.
pub fn locked_text(summary: &ComplaintSummary) -> &'static str {
    if summary.seal_version < 2 {
        "(ยังเข้ารหัสด้วยไฟล์กุญแจของเซิร์ฟเวอร์: เจ้าหน้าที่นิติการต้องสั่ง sujarit complaints reseal)"
    } else {
        "(ยังเปิดไม่ได้: ต้องปลดล็อกกุญแจ หรือยังไม่ได้รับสิทธิ์จากเจ้าหน้าที่นิติการที่เปิดได้)"
    }
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
    /// An integrity officer whose key is locked or not made yet.
    pub key_notice: Option<String>,
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
    /// The sealer of each case the reader can open, by complaint id.
    pub sealers: &'a BTreeMap<String, RecordSealer>,
    pub today: time::Date,
    pub key_notice: Option<String>,
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
        sealers,
        today,
        key_notice,
    } = input;
    let rows = cases
        .iter()
        .map(|c| case_row(sealers.get(&c.complaint_id), c, labels, today))
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
        key_notice,
    }
}

fn case_row(
    sealer: Option<&RecordSealer>,
    case: &ComplaintSummary,
    labels: &BTreeMap<String, String>,
    today: time::Date,
) -> CaseRow {
    let subject = match case.channel {
        Channel::General => case.subject.clone().unwrap_or_default(),
        Channel::Corruption => open_corruption(sealer, case.sealed_content.as_deref())
            .map(|c| c.subject)
            .unwrap_or_else(|| locked_text(case).into()),
    };
    CaseRow {
        href: format!("/staff/complaints/{}", case.complaint_id),
        code: case.reference.clone(),
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
    /// General only: the coordinates the complainant gave, with map links.
    pub location: Option<crate::complaints::public::LocationView>,
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
    /// Opens the case's sealed parts; None: the reader cannot.
    pub sealer: Option<&'a RecordSealer>,
    pub key_notice: Option<String>,
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
        sealer,
        key_notice,
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
            let content = open_corruption(sealer, summary.sealed_content.as_deref())
                .unwrap_or_else(|| CorruptionContent {
                    subject: locked_text(summary).to_string(),
                    ..Default::default()
                });
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
            // A corruption report's notes, messages and added information
            // are sealed with its data key.
            let open = |bytes: Option<&[u8]>, field: &[u8]| {
                sealer.and_then(|s| s.open_text(field, bytes?))
            };
            let opened = open(e.sealed_note.as_deref(), field::INFORMATION);
            let message = e
                .public_message
                .clone()
                .or_else(|| open(e.sealed_public_message.as_deref(), field::PUBLIC_MESSAGE));
            let note = e
                .internal_note
                .clone()
                .or_else(|| open(e.sealed_internal_note.as_deref(), field::INTERNAL_NOTE));
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
                message,
                note: note.or(opened),
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
            &format!("เรื่อง {}", summary.reference),
            vec![Crumb::link(
                "เรื่องร้องเรียน",
                format!("/staff/complaints?channel={}", channel.as_str()),
            )],
        ),
        bar,
        id: summary.complaint_id.clone(),
        code: summary.reference.clone(),
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
        location: case
            .location
            .as_ref()
            .map(crate::complaints::public::LocationView::new),
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
                        .and_then(|n| sealer?.open_text(field::FILE_NAME, n))
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
        notice: key_notice,
        contact: None,
        reveal_errors: FormErrors::default(),
    }
}
