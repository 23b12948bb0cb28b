//! The view models of the information centre's back office: the overview
//! of a year (a unit's list or the coordinator's whole board) and one
//! period's page (pure: built from the year's catalogue, records and board).

use std::collections::HashMap;

use askama::Template;
use serde::Deserialize;
use sujarit_core::FiscalYear;
use sujarit_core::disclosure::{
    Cadence, Catalogue, CatalogueItem, DisclosureEvidence, DisclosureRecord, GeneratedFacts,
    Period, PeriodStatus, Publication, readiness, records_of, reminders,
};
use sujarit_core::fiscal::thai_date;
use sujarit_store::DisclosureKey;
use sujarit_store::files::{ACCEPTED, size_text};

use super::super::{REMINDER_DAYS, YearView, generated_href, period_url, status_class};
use super::public::{EvidenceLink, YearChoice, evidence_link};
use crate::ui::{Crumb, FormErrors, StaffBar, staff_layout};

fn same_unit(a: Option<&str>, b: Option<&str>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.trim() == b.trim())
}

/// "ต.ค. 2567", "ไตรมาส 1", "6 เดือนแรก", "ทั้งปี": short enough for a cell.
fn short_label(period: Period, fiscal_year: FiscalYear) -> String {
    match period {
        Period::Once | Period::Year => "ทั้งปี".into(),
        Period::Half(sujarit_core::disclosure::Half::First) => "6 เดือนแรก".into(),
        Period::Half(sujarit_core::disclosure::Half::Second) => "6 เดือนหลัง".into(),
        Period::Quarter(q) => format!("ไตรมาส {}", q.number()),
        Period::Month(m) => {
            let first = period.first_day(fiscal_year);
            format!(
                "{} {}",
                sujarit_core::thai::MONTHS_SHORT[m as usize - 1],
                sujarit_core::fiscal::ce_to_be(first.year())
            )
        }
    }
}

// ---------------------------------------------------------------------------
// Overview

pub struct ReadinessView {
    pub percent: String,
    pub due_so_far: u32,
    pub on_time: u32,
    pub late: u32,
    pub not_applicable: u32,
}

pub struct ReminderRow {
    pub code: String,
    pub title: String,
    pub period: String,
    pub due: String,
    pub status: String,
    pub status_class: &'static str,
    pub owner: String,
    pub href: String,
}

pub struct PeriodCell {
    pub label: String,
    pub status: String,
    pub status_class: &'static str,
    pub href: String,
}

pub struct ItemRow {
    pub code: String,
    pub title: String,
    pub owner: String,
    pub periods: Vec<PeriodCell>,
}

#[derive(Template)]
#[template(path = "disclosure/staff.html")]
pub struct OverviewPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub year: Option<String>,
    pub years: Vec<YearChoice>,
    pub is_manager: bool,
    pub unit: Option<String>,
    pub whole_board: bool,
    pub readiness: Option<ReadinessView>,
    pub reminders: Vec<ReminderRow>,
    pub items: Vec<ItemRow>,
    pub public_href: String,
    pub today: String,
    /// The filter form (as the public list's).
    pub statuses: Vec<crate::ui::SelectOption>,
    pub topics: Vec<crate::ui::SelectOption>,
    pub units: Vec<crate::ui::SelectOption>,
    pub q: String,
    pub filtered: bool,
}

fn owner_text(owner: Option<&str>) -> String {
    owner.unwrap_or("ยังไม่กำหนดหน่วยงาน").to_string()
}

/// What the overview is built from.
pub struct OverviewInput<'a> {
    pub bar: StaffBar,
    pub slug: &'a str,
    /// The chosen year, and every year with a catalogue.
    pub year: Option<FiscalYear>,
    pub years: &'a [FiscalYear],
    /// The chosen year's catalogue, records and board.
    pub view: Option<YearView>,
    pub today: time::Date,
    /// Whether the reader sees every unit's periods (else only their unit's).
    pub whole_board: bool,
    /// The reader's unit, by name.
    pub unit: Option<String>,
    pub is_manager: bool,
    pub filter: &'a super::public::InfoFilter,
}

/// The overview of one year.
pub fn overview(input: OverviewInput<'_>) -> OverviewPage {
    let OverviewInput {
        bar,
        slug,
        year,
        years,
        view,
        today,
        whole_board,
        unit,
        is_manager,
        filter,
    } = input;
    let mine = |owner: Option<&str>| whole_board || same_unit(owner, unit.as_deref());
    let mut page = OverviewPage {
        layout: staff_layout("ศูนย์ข้อมูลข่าวสาร", vec![]),
        bar,
        year: year.map(|y| y.to_string()),
        years: years
            .iter()
            .map(|y| YearChoice {
                label: format!("ปีงบประมาณ {y}"),
                href: format!("/staff/info?year={y}"),
                current: Some(*y) == year,
            })
            .collect(),
        is_manager,
        unit: unit.clone(),
        whole_board,
        readiness: None,
        reminders: Vec::new(),
        items: Vec::new(),
        public_href: format!("/o/{}/info", crate::format::path_segment(slug)),
        today: thai_date(today),
        statuses: filter.status_options(),
        topics: filter.topic_options(),
        units: Vec::new(),
        q: filter.q.clone(),
        filtered: filter.is_set(),
    };
    if let Some(view) = view {
        let fiscal_year = view.catalogue.fiscal_year;
        let records = records_of(&view.records);
        if whole_board {
            let figure = readiness(&view.catalogue, &records, today);
            page.readiness = Some(ReadinessView {
                percent: figure
                    .percent()
                    .map_or("ยังไม่มีรายการที่ถึงกำหนด".into(), |p| format!("ร้อยละ {p:.1}")),
                due_so_far: figure.due_so_far,
                on_time: figure.published_on_time,
                late: figure.published_late,
                not_applicable: figure.not_applicable,
            });
        }
        let title_of = |code: &str| {
            view.catalogue
                .item(code)
                .map(|i| i.title.clone())
                .unwrap_or_default()
        };
        page.reminders = reminders(&view.catalogue, &records, today, REMINDER_DAYS)
            .into_iter()
            .filter(|row| mine(row.owner_unit.as_deref()))
            .map(|row| ReminderRow {
                title: title_of(&row.code),
                period: row.schedule.period.thai_label(fiscal_year),
                due: thai_date(row.schedule.due_on),
                status: row.status.thai(),
                status_class: status_class(&row.status),
                owner: owner_text(row.owner_unit.as_deref()),
                href: period_url(fiscal_year, &row.code, row.schedule.period),
                code: row.code,
            })
            .collect();
        let mut unit_names: Vec<String> = view
            .board
            .iter()
            .filter_map(|row| row.owner_unit.clone())
            .collect();
        unit_names.sort();
        unit_names.dedup();
        if whole_board {
            page.units = filter.unit_options(unit_names);
        }
        for item in &view.catalogue.items {
            let rows: Vec<&PeriodStatus> = view
                .rows_of(&item.code)
                .filter(|row| mine(row.owner_unit.as_deref()))
                .collect();
            if rows.is_empty() {
                continue;
            }
            let overall =
                super::super::item_status(&rows, today).map_or("", |r| status_class(&r.status));
            let owners: Vec<&str> = rows
                .iter()
                .filter_map(|r| r.owner_unit.as_deref())
                .collect();
            if !filter.keeps(item, overall, &owners) {
                continue;
            }
            page.items.push(ItemRow {
                code: item.code.clone(),
                title: item.title.clone(),
                owner: owner_text(item.owner_unit.as_deref()),
                periods: rows
                    .iter()
                    .map(|row| PeriodCell {
                        label: short_label(row.schedule.period, fiscal_year),
                        status: row.status.thai(),
                        status_class: status_class(&row.status),
                        href: period_url(fiscal_year, &item.code, row.schedule.period),
                    })
                    .collect(),
            });
        }
    }
    page
}

// ---------------------------------------------------------------------------
// One period

pub struct HistoryRow {
    pub version: u32,
    pub evidence: EvidenceLink,
    pub when: String,
    pub who: String,
    pub note: String,
    pub current: bool,
}

pub struct UnitChoice {
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "disclosure/period.html")]
pub struct PeriodPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub code: String,
    pub title: String,
    pub contents: String,
    pub topic: String,
    pub cadence: &'static str,
    pub period: String,
    pub owner: String,
    pub default_owner: String,
    pub opens: String,
    pub due: String,
    pub status: String,
    pub status_class: &'static str,
    pub current: Option<EvidenceLink>,
    pub history: Vec<HistoryRow>,
    pub can_publish: bool,
    pub can_manage: bool,
    pub generated: Option<String>,
    pub published: bool,
    pub not_applicable: Option<String>,
    pub units: Vec<UnitChoice>,
    pub errors: FormErrors,
    pub url_value: String,
    pub reason_value: String,
    pub accept: String,
    pub max_size: String,
    pub action: String,
    pub notice: Option<&'static str>,
    /// The item's text and rules as the edit form shows them (what was
    /// typed, after a refusal).
    pub edit: ItemEdit,
    pub cadences: Vec<(&'static str, &'static str)>,
    pub sharing: Sharing,
}

/// The fields of the item edit form.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ItemEdit {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub subheading: String,
    #[serde(default)]
    pub contents: String,
    #[serde(default)]
    pub cadence: String,
    #[serde(default)]
    pub due: String,
    #[serde(default)]
    pub note: String,
    /// The code of the item whose document this one uses; empty: its own.
    #[serde(default)]
    pub same_as: String,
    /// [`item_fingerprint`] of the item the form was made from.
    #[serde(default)]
    pub fingerprint: String,
}

/// A digest of an item as stored: the edit form carries the one it was made
/// from, so a save over someone else's newer edit is refused, not silent.
pub fn item_fingerprint(item: &CatalogueItem) -> String {
    use sha2::Digest;
    let json = serde_json::to_vec(item).unwrap_or_default();
    sha2::Sha256::digest(json)
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl ItemEdit {
    /// The form as the stored item fills it.
    pub fn of(item: &CatalogueItem) -> ItemEdit {
        ItemEdit {
            fingerprint: item_fingerprint(item),
            title: item.title.clone(),
            subheading: item.subheading.clone().unwrap_or_default(),
            contents: item.contents.clone(),
            cadence: item.cadence.as_str().to_string(),
            due: item.due.to_string(),
            note: item.note.clone().unwrap_or_default(),
            same_as: item.same_as.clone().unwrap_or_default(),
        }
    }
}

/// One item named on another's page: its code, title and staff page.
#[derive(Clone)]
pub struct ItemRef {
    pub code: String,
    pub title: String,
    pub href: String,
}

/// How an item shares a document with others: the item whose document it
/// uses, the items that use its own, and the items the edit form offers (the
/// same cadence, not sharing another's already), those whose title is
/// close to this one's first, as suggestions.
#[derive(Clone, Default)]
pub struct Sharing {
    pub uses: Option<ItemRef>,
    pub lends_to: Vec<ItemRef>,
    pub choices: Vec<SharingChoice>,
}

#[derive(Clone)]
pub struct SharingChoice {
    pub code: String,
    pub label: String,
    pub suggested: bool,
}

impl Sharing {
    /// The items' pages link the same `period` (shared items have the same periods).
    pub fn of(catalogue: &Catalogue, item: &CatalogueItem, period: Period) -> Sharing {
        let reference = |other: &CatalogueItem| ItemRef {
            code: other.code.clone(),
            title: other.title.clone(),
            href: period_url(catalogue.fiscal_year, &other.code, period),
        };
        let uses = item
            .same_as
            .as_deref()
            .and_then(|code| catalogue.item(code))
            .map(reference);
        let lends_to: Vec<ItemRef> = catalogue
            .sharing(&item.code)
            .into_iter()
            .map(reference)
            .collect();
        let mut choices: Vec<SharingChoice> =
            if lends_to.is_empty() && item.generated_source.is_none() {
                catalogue
                    .items
                    .iter()
                    .filter(|other| {
                        other.code != item.code
                            && other.cadence == item.cadence
                            && other.same_as.is_none()
                    })
                    .map(|other| SharingChoice {
                        code: other.code.clone(),
                        label: format!("{} {}", other.code, other.title),
                        suggested: similar_titles(&item.title, &other.title),
                    })
                    .collect()
            } else {
                Vec::new()
            };
        // Suggestions first, each group in catalogue order.
        choices.sort_by_key(|c| !c.suggested);
        Sharing {
            uses,
            lends_to,
            choices,
        }
    }
}

/// Two titles that likely ask for the same document: after dropping spaces,
/// one holds the other (at least 4 letters), as the OIT's "โครงสร้าง" and
/// the plan's "โครงสร้างการแบ่งส่วนราชการ".
fn similar_titles(a: &str, b: &str) -> bool {
    let squeeze = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let (a, b) = (squeeze(a), squeeze(b));
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    short.chars().count() >= 4 && long.contains(&short)
}

/// What a period's page is built from.
pub struct PeriodInput<'a> {
    pub bar: StaffBar,
    pub slug: &'a str,
    pub key: &'a DisclosureKey,
    pub item: &'a CatalogueItem,
    pub row: &'a PeriodStatus,
    pub record: Option<&'a DisclosureRecord>,
    /// The record of the item whose document this one uses.
    pub shared_record: Option<&'a DisclosureRecord>,
    pub sharing: &'a Sharing,
    pub can_publish: bool,
    pub can_manage: bool,
    /// What decides which of Sujarit's generated pages exist, for the
    /// period's year.
    pub facts: &'a GeneratedFacts,
    /// Every publication of the period.
    pub history: &'a [Publication],
    /// Display names by user id.
    pub names: &'a HashMap<String, String>,
    /// The organisation's unit names, for the manager's owner choice.
    pub units: Vec<String>,
    /// The largest file the store accepts.
    pub max_bytes: u64,
}

/// One period's page: its status, evidence, history and the forms the
/// reader may use.
pub fn period_page(input: PeriodInput<'_>) -> PeriodPage {
    let PeriodInput {
        bar,
        slug,
        key,
        item,
        row,
        record,
        shared_record,
        sharing,
        can_publish,
        can_manage,
        facts,
        history,
        names,
        units,
        max_bytes,
    } = input;
    let fiscal_year = key.fiscal_year;
    // The evidence shown is that of the item whose document this one uses.
    let evidence_record = if sharing.uses.is_some() {
        shared_record
    } else {
        record
    };
    let broken = evidence_record.is_some_and(|r| r.period_record().link_broken);
    let who = |id: &str| {
        if id == sujarit_core::account::SYSTEM_ACTOR {
            "ระบบสุจริต (อัตโนมัติ)".to_string()
        } else {
            names.get(id).cloned().unwrap_or_else(|| "ไม่ทราบชื่อ".into())
        }
    };
    let owner = row.owner_unit.clone();
    let units = units
        .into_iter()
        .map(|name| UnitChoice {
            selected: record.and_then(|r| r.owner_unit_override.as_deref()) == Some(name.as_str()),
            name,
        })
        .collect();
    let current = evidence_record.and_then(|r| r.current.as_ref());
    PeriodPage {
        layout: staff_layout(
            &format!("{} {}", item.code, item.title),
            vec![Crumb::link(
                "ศูนย์ข้อมูลข่าวสาร",
                format!("/staff/info?year={fiscal_year}"),
            )],
        ),
        bar,
        code: item.code.clone(),
        title: item.title.clone(),
        contents: item.contents.clone(),
        topic: format!("{} {}", item.topic.oit_number(), item.topic.thai()),
        cadence: item.cadence.thai(),
        period: key.period.thai_label(fiscal_year),
        owner: owner_text(owner.as_deref()),
        default_owner: owner_text(item.owner_unit.as_deref()),
        opens: thai_date(row.schedule.opens_on),
        due: thai_date(row.schedule.due_on),
        status: row.status.thai(),
        status_class: status_class(&row.status),
        current: current.map(|p| evidence_link(p, slug, facts, broken)),
        history: history
            .iter()
            .map(|p| HistoryRow {
                version: p.version,
                evidence: {
                    let mut link = evidence_link(p, slug, facts, false);
                    // The public serves only the current file; staff open
                    // earlier ones from the history.
                    if p.superseded_at.is_some()
                        && matches!(p.evidence, DisclosureEvidence::File { .. })
                    {
                        link.href = Some(format!(
                            "/staff/info/{fiscal_year}/{}/{}/versions/{}",
                            crate::format::path_segment(&p.code),
                            key.period.key(),
                            p.version
                        ));
                    }
                    link
                },
                when: format!(
                    "{} {}",
                    sujarit_core::thai::date_text(p.published_at),
                    sujarit_core::thai::time_text(p.published_at)
                ),
                who: who(&p.published_by),
                note: p.note.clone().unwrap_or_default(),
                current: p.superseded_at.is_none(),
            })
            .collect(),
        can_publish,
        can_manage,
        generated: item
            .generated_source
            .filter(|s| generated_href(*s, slug, fiscal_year, facts).is_some())
            .map(|s| s.thai().to_string()),
        published: current.is_some(),
        not_applicable: record
            .and_then(|r| r.not_applicable.as_ref())
            .map(|n| n.reason.clone()),
        units,
        errors: FormErrors::default(),
        url_value: String::new(),
        reason_value: String::new(),
        accept: ACCEPTED
            .iter()
            .flat_map(|k| k.extensions.iter().map(|e| format!(".{e}")))
            .collect::<Vec<_>>()
            .join(","),
        max_size: size_text(max_bytes),
        action: period_url(fiscal_year, &item.code, key.period),
        notice: None,
        edit: ItemEdit::of(item),
        cadences: Cadence::ALL
            .into_iter()
            .map(|c| (c.as_str(), c.thai()))
            .collect(),
        sharing: sharing.clone(),
    }
}
