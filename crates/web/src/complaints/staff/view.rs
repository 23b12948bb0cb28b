//! The view models of the complaint back office: the case list and one
//! case's page, built from what the store returned and the sealer that
//! opens each case's sealed fields, if the reader holds its key (pure: no
//! store).

use std::collections::BTreeMap;

use askama::Template;
use sujarit_core::case_keys::{RecordSealer, field};
use sujarit_core::complaint::{
    ActionKind, Assignee, CaseState, Category, Channel, Contact, CorruptionContent, EventKind,
    Handler, ReceivedVia,
};
use sujarit_core::fiscal::thai_date;
use sujarit_store::{ComplaintCase, ComplaintSummary, StaffUser};

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

/// The list's views: code and label.
pub const VIEWS: [(&str, &str); 5] = [
    ("open", "ยังไม่แล้วเสร็จ"),
    ("due_soon", "ใกล้ครบกำหนด (3 วัน)"),
    ("overdue", "เกินกำหนด"),
    ("explain", "ต้องแจ้งเหตุผลที่ล่าช้า"),
    ("all", "ทั้งหมด"),
];

/// The states a case of `channel` can be in.
pub fn states_of(channel: Channel) -> Vec<CaseState> {
    let elsewhere = |s: &CaseState| match channel {
        Channel::General => matches!(
            s,
            CaseState::FactFinding | CaseState::Action | CaseState::Outcome
        ),
        Channel::Corruption => matches!(s, CaseState::InProgress | CaseState::Resolved),
    };
    CaseState::ALL
        .into_iter()
        .filter(|s| !elsewhere(s))
        .collect()
}

/// The filters as the query gave them (empty: not set), to fill the form
/// and keep them in every link.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub category: String,
    pub state: &'static str,
    pub unit: String,
    /// `YYYY-MM-DD`, as the date field sends it.
    pub from: String,
    pub to: String,
    pub reference: String,
    /// A way of receipt's code (general complaints).
    pub via: &'static str,
}

impl Filters {
    /// The list's address with these filters, `channel`, `view` and `page`.
    fn href(&self, channel: Channel, view: &str, page: usize) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("channel", channel.as_str());
        query.append_pair("view", view);
        for (name, value) in [
            ("category", self.category.as_str()),
            ("state", self.state),
            ("unit", self.unit.as_str()),
            ("from", self.from.as_str()),
            ("to", self.to.as_str()),
            ("ref", self.reference.as_str()),
            ("via", self.via),
        ] {
            if !value.is_empty() {
                query.append_pair(name, value);
            }
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        format!("/staff/complaints?{}", query.finish())
    }

    pub fn any(&self) -> bool {
        !(self.category.is_empty()
            && self.state.is_empty()
            && self.unit.is_empty()
            && self.from.is_empty()
            && self.to.is_empty()
            && self.reference.is_empty()
            && self.via.is_empty())
    }
}

/// An option of a filter's select.
pub struct FilterOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn options<'a>(items: impl Iterator<Item = (&'a str, &'a str)>, chosen: &str) -> Vec<FilterOption> {
    items
        .map(|(value, label)| FilterOption {
            value: value.to_string(),
            label: label.to_string(),
            selected: value == chosen,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "complaints/staff_list.html")]
pub struct ListPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub title: &'static str,
    pub channel: &'static str,
    pub channel_code: &'static str,
    pub view: String,
    pub channels: Vec<Choice>,
    pub views: Vec<Choice>,
    pub rows: Vec<CaseRow>,
    pub today: String,
    /// An integrity officer whose key is locked or not made yet.
    pub key_notice: Option<String>,
    pub filters: Filters,
    pub filtered: bool,
    pub categories: Vec<FilterOption>,
    pub states: Vec<FilterOption>,
    /// Empty for a unit officer (their queue is their unit's).
    pub units: Vec<FilterOption>,
    /// Ways of receipt (general complaints only).
    pub ways: Vec<FilterOption>,
    /// Cases matching the filters and the view, on every page.
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// What the case list is built from.
pub struct ListInput<'a> {
    pub bar: StaffBar,
    pub channel: Channel,
    /// The chosen view: "open", "due_soon", "overdue", "explain" or "all".
    pub view: &'a str,
    /// The channels the reader may see.
    pub readable: Vec<Channel>,
    /// This page's cases.
    pub cases: &'a [ComplaintSummary],
    /// Cases of the view on every page.
    pub total: usize,
    /// Cases matching the filters, per view.
    pub counts: &'a BTreeMap<&'a str, usize>,
    pub page: usize,
    pub pages: usize,
    pub filters: Filters,
    pub categories: &'a [Category],
    /// Unit names by id; empty when the reader's list is their unit's queue.
    pub units: &'a BTreeMap<String, String>,
    /// A unit officer's queue.
    pub queue: bool,
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
        total,
        counts,
        page,
        pages,
        filters,
        categories,
        units,
        queue,
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
    let states = states_of(channel);
    ListPage {
        layout: staff_layout("เรื่องร้องเรียน", vec![]),
        bar,
        title: if queue {
            "เรื่องร้องเรียนที่มอบหมายให้หน่วยงานของคุณ"
        } else {
            "เรื่องร้องเรียน"
        },
        channel: channel.thai(),
        channel_code: channel.as_str(),
        view: view.to_string(),
        channels,
        views: VIEWS
            .into_iter()
            .map(|(code, label)| Choice {
                label: format!("{label} ({})", counts.get(code).copied().unwrap_or(0)),
                href: filters.href(channel, code, 1),
                current: code == view,
            })
            .collect(),
        rows,
        today: thai_date(today),
        key_notice,
        filtered: filters.any(),
        categories: options(
            categories
                .iter()
                .map(|c| (c.code.as_str(), c.thai.as_str())),
            &filters.category,
        ),
        states: options(states.iter().map(|s| (s.as_str(), s.thai())), filters.state),
        units: options(
            units.iter().map(|(id, name)| (id.as_str(), name.as_str())),
            &filters.unit,
        ),
        ways: match channel {
            Channel::General => options(
                ReceivedVia::ALL.iter().map(|v| (v.as_str(), v.thai())),
                filters.via,
            ),
            Channel::Corruption => Vec::new(),
        },
        total,
        page,
        pages,
        previous: (page > 1).then(|| filters.href(channel, view, page - 1)),
        next: (page < pages).then(|| filters.href(channel, view, page + 1)),
        filters,
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

/// The officers of one unit in the assignment picker (an `<optgroup>`).
pub struct OfficerGroup {
    pub label: String,
    pub officers: Vec<Option2>,
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
    /// Whether the reader records steps (the centre or the assigned unit).
    pub may_handle: bool,
    /// The complaint centre: the contact is revealed only here.
    pub may_reveal: bool,
    /// An officer of the assigned unit.
    pub unit_work: bool,
    /// The assignment step is offered now.
    pub may_assign: bool,
    /// The last answer the assigned unit proposed.
    pub proposal: Option<String>,
    pub resolve_label: &'static str,
    /// Whether staff may still attach files (handlers, case not closed).
    pub may_attach: bool,
    /// "10 MB": the upload form's limit.
    pub max_size: String,
    pub revision: i64,
    pub kinds: Vec<Option2>,
    pub units: Vec<Option2>,
    /// Per unit, the people who may act there (general); one group of
    /// integrity officers (corruption).
    pub officers: Vec<OfficerGroup>,
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
    /// Every account, for the assignment picker.
    pub accounts: &'a [StaffUser],
    /// Unit names by id.
    pub units: &'a BTreeMap<String, String>,
    /// The case's category in words.
    pub category: String,
    pub today: time::Date,
    /// As whom the reader records steps; None: they read only.
    pub handler: Option<Handler>,
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
        accounts,
        units,
        category,
        today,
        handler,
        max_bytes,
    } = input;
    let may_handle = handler.is_some();
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
    let proposal = case
        .history
        .iter()
        .rev()
        .find(|e| e.kind == EventKind::ProposeAnswer)
        .and_then(|e| e.internal_note.clone());
    let kinds: Vec<Option2> = EventKind::ALL
        .into_iter()
        .filter(|k| !matches!(k, EventKind::Filed | EventKind::InformationAdded))
        .filter(|k| summary.state.apply(channel, *k).is_some())
        .filter(|k| handler.is_some_and(|h| k.recordable_by(h)))
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
        may_reveal: handler == Some(Handler::Centre),
        unit_work: handler == Some(Handler::AssignedUnit),
        may_assign: kinds.iter().any(|k| k.value == EventKind::Assign.as_str()),
        // Until the complainant has their answer.
        proposal: proposal.filter(|_| !summary.state.is_completed()),
        resolve_label: EventKind::Resolve.thai(),
        may_attach: may_handle && summary.state != CaseState::Closed,
        max_size: sujarit_store::files::size_text(max_bytes),
        revision: summary.revision,
        kinds,
        units: picker_units(channel, units, accounts),
        officers: picker_officers(channel, units, accounts),
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

/// Who may act on a case of `channel` in `unit` (core's rule, read off the
/// accounts).
fn may_act(channel: Channel, account: &StaffUser, unit: &str) -> bool {
    Assignee {
        role: account.role,
        active: account.active,
        unit_id: account.unit_id.as_deref(),
    }
    .may_act(channel, unit)
}

/// The units a case may go to: for a general complaint only those with
/// someone who may act there (in the order of the officers' groups, so the
/// first unit's first officer come first); for a corruption report every unit.
fn picker_units(
    channel: Channel,
    units: &BTreeMap<String, String>,
    accounts: &[StaffUser],
) -> Vec<Option2> {
    let mut named: Vec<(&String, &String)> = units
        .iter()
        .filter(|(id, _)| {
            channel == Channel::Corruption || accounts.iter().any(|a| may_act(channel, a, id))
        })
        .collect();
    named.sort_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)));
    named
        .into_iter()
        .map(|(id, name)| Option2 {
            value: id.clone(),
            label: name.clone(),
        })
        .collect()
}

/// The people the picker offers: a general complaint's unit officers,
/// grouped by their unit (in the order of [`picker_units`]); a corruption
/// report's integrity officers, the only people who may open it.
fn picker_officers(
    channel: Channel,
    units: &BTreeMap<String, String>,
    accounts: &[StaffUser],
) -> Vec<OfficerGroup> {
    let people = |keep: &dyn Fn(&StaffUser) -> bool| -> Vec<Option2> {
        let mut people: Vec<Option2> = accounts
            .iter()
            .filter(|a| keep(a))
            .map(|a| Option2 {
                value: a.id.clone(),
                label: a.display_name.clone(),
            })
            .collect();
        people.sort_by(|a, b| a.label.cmp(&b.label).then(a.value.cmp(&b.value)));
        people
    };
    match channel {
        Channel::General => picker_units(channel, units, accounts)
            .into_iter()
            .map(|unit| OfficerGroup {
                officers: people(&|a| may_act(channel, a, &unit.value)),
                label: unit.label,
            })
            .collect(),
        Channel::Corruption => vec![OfficerGroup {
            label: "เจ้าหน้าที่นิติการ".into(),
            officers: people(&|a| may_act(channel, a, "")),
        }],
    }
}
