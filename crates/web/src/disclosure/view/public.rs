//! The public information centre's view model: each item with its status,
//! last update and evidence, grouped by topic or listed by OIT code (pure:
//! built from the year's catalogue and records).

use askama::Template;
use sujarit_core::FiscalYear;
use sujarit_core::disclosure::{
    DisclosureEvidence, GeneratedFacts, GeneratedSource, Publication, Topic,
};
use sujarit_core::fiscal::thai_date;
use sujarit_core::thai::date_text;
use sujarit_store::Organization;

use super::super::{YearView, code_sort_key, generated_href, item_status};
use crate::ui::{Crumb, Layout, SelectOption, Urls, org_crumbs};

pub struct YearChoice {
    pub label: String,
    pub href: String,
    pub current: bool,
}

pub struct EvidenceLink {
    pub label: String,
    pub href: Option<String>,
    pub kind: &'static str,
    pub broken: bool,
    /// A second page of Sujarit's that goes with it (the published progress
    /// beside a monitoring report).
    pub also: Option<(String, String)>,
}

pub struct PeriodView {
    pub label: String,
    pub status: String,
    pub status_class: &'static str,
    pub due: String,
    pub updated: Option<String>,
    pub evidence: Option<EvidenceLink>,
}

pub struct ItemView {
    pub code: String,
    pub title: String,
    pub subheading: Option<String>,
    pub contents: String,
    pub cadence: &'static str,
    pub topic_number: &'static str,
    pub status: String,
    pub status_class: &'static str,
    pub last_updated: Option<String>,
    /// The newest evidence of the item, any period.
    pub evidence: Option<EvidenceLink>,
    /// Only for items with more than one period.
    pub periods: Vec<PeriodView>,
    pub note: Option<String>,
    /// The item whose document this one uses: its evidence is shown there,
    /// once, and this entry refers to it.
    pub same_as: Option<SharedRef>,
    /// The items that use this one's document.
    pub shared_by: Vec<SharedRef>,
}

pub struct SharedRef {
    pub code: String,
    pub title: String,
}

pub struct Group {
    pub id: String,
    pub heading: String,
    pub items: Vec<ItemView>,
}

#[derive(Template)]
#[template(path = "disclosure/public.html")]
pub struct InfoPage {
    pub layout: Layout,
    pub organization: String,
    pub year: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub years: Vec<YearChoice>,
    pub by_code: bool,
    pub topic_href: String,
    pub code_href: String,
    pub dcat_href: String,
    pub json_href: String,
    pub groups: Vec<Group>,
    pub published: usize,
    pub total: usize,
    pub today: String,
    /// The filter form: where it goes, its choices and what was chosen.
    pub base: String,
    pub statuses: Vec<SelectOption>,
    pub topics: Vec<SelectOption>,
    pub units: Vec<SelectOption>,
    pub q: String,
    pub filtered: bool,
    /// How many items the filters kept.
    pub shown: usize,
}

/// The statuses the list can be filtered by (the item's overall status).
pub const STATUSES: [(&str, &str); 5] = [
    ("late", "เลยกำหนด"),
    ("due", "ถึงกำหนด ยังไม่เผยแพร่"),
    ("not-due", "ยังไม่ถึงกำหนด"),
    ("published", "เผยแพร่แล้ว"),
    ("not-applicable", "ไม่มีข้อมูลต้องเผยแพร่"),
];

/// The public list's filters (GET `status`, `topic`, `unit`, `q`); the
/// default keeps every item.
#[derive(Default)]
pub struct InfoFilter {
    /// A key of [`STATUSES`].
    pub status: Option<&'static str>,
    pub topic: Option<Topic>,
    /// The unit that must publish it (any of its periods).
    pub unit: Option<String>,
    /// The search box, as typed, and its words (all must be in the item).
    pub q: String,
    pub words: Vec<String>,
}

impl InfoFilter {
    pub(crate) fn status_options(&self) -> Vec<SelectOption> {
        STATUSES
            .iter()
            .map(|(value, label)| SelectOption {
                value: (*value).to_owned(),
                label: (*label).to_owned(),
                selected: self.status == Some(*value),
            })
            .collect()
    }

    pub(crate) fn topic_options(&self) -> Vec<SelectOption> {
        Topic::ALL
            .iter()
            .map(|t| SelectOption {
                value: t.as_str().to_owned(),
                label: format!("{} {}", t.oit_number(), t.thai()),
                selected: self.topic == Some(*t),
            })
            .collect()
    }

    pub(crate) fn unit_options(&self, names: Vec<String>) -> Vec<SelectOption> {
        names
            .into_iter()
            .map(|u| SelectOption {
                selected: self.unit.as_deref() == Some(u.as_str()),
                label: u.clone(),
                value: u,
            })
            .collect()
    }

    pub(crate) fn is_set(&self) -> bool {
        self.status.is_some()
            || self.topic.is_some()
            || self.unit.is_some()
            || !self.words.is_empty()
    }

    /// Whether the item, of this overall status (its `status_class`) and
    /// with these units to publish its periods, passes.
    pub(crate) fn keeps(
        &self,
        item: &sujarit_core::disclosure::CatalogueItem,
        status_class: &str,
        owners: &[&str],
    ) -> bool {
        let status = status_class.strip_prefix("status-").unwrap_or("");
        self.status
            .is_none_or(|s| status == s || (s == "published" && status == "published-late"))
            && self.topic.is_none_or(|t| item.topic == t)
            && self.unit.as_deref().is_none_or(|u| owners.contains(&u))
            && (self.words.is_empty() || {
                let text = sujarit_core::search::words(&format!(
                    "{} {} {} {}",
                    item.code,
                    item.title,
                    item.subheading.as_deref().unwrap_or_default(),
                    item.contents
                ));
                self.words.iter().all(|w| text.contains(w))
            })
    }
}

/// How a piece of evidence is shown and where it leads.
pub fn evidence_link(
    publication: &Publication,
    slug: &str,
    facts: &GeneratedFacts,
    broken: bool,
) -> EvidenceLink {
    match &publication.evidence {
        DisclosureEvidence::File {
            file_name,
            size_bytes,
            ..
        } => EvidenceLink {
            label: format!(
                "{file_name} ({})",
                sujarit_store::files::size_text(*size_bytes)
            ),
            href: Some(super::super::public_file_url(
                slug,
                publication.fiscal_year,
                &publication.code,
                publication.period,
            )),
            kind: "ไฟล์",
            broken: false,
            also: None,
        },
        DisclosureEvidence::Link { url } => EvidenceLink {
            label: url.clone(),
            href: Some(url.clone()),
            kind: "ลิงก์",
            broken,
            also: None,
        },
        DisclosureEvidence::Generated { source } => EvidenceLink {
            label: source.thai().to_string(),
            href: generated_href(*source, slug, publication.fiscal_year, facts),
            kind: "หน้าที่ระบบจัดทำ",
            broken: false,
            also: match source {
                GeneratedSource::Monitoring6m | GeneratedSource::Monitoring12m
                    if facts.has_plan =>
                {
                    Some((
                        "ผลการดำเนินงานที่เผยแพร่".to_string(),
                        format!(
                            "/o/{}/progress?year={}",
                            crate::format::path_segment(slug),
                            publication.fiscal_year
                        ),
                    ))
                }
                _ => None,
            },
        },
    }
}

fn items_of(
    view: &YearView,
    slug: &str,
    facts: &GeneratedFacts,
    today: time::Date,
) -> Vec<ItemView> {
    view.catalogue
        .items
        .iter()
        .map(|item| {
            let rows: Vec<_> = view.rows_of(&item.code).collect();
            let overall = item_status(&rows, today);
            // An item that uses another's document stands on its publications.
            let source = view.catalogue.publishing_code(item);
            let shared = source != item.code;
            let mut newest: Option<&Publication> = None;
            let mut periods = Vec::new();
            for row in &rows {
                let record = view.record(source, row.schedule.period);
                let current = record.and_then(|r| r.current.as_ref());
                let broken = record
                    .map(|r| r.period_record().link_broken)
                    .unwrap_or(false);
                if let Some(p) = current
                    && newest.is_none_or(|n| p.published_at > n.published_at)
                {
                    newest = Some(p);
                }
                periods.push(PeriodView {
                    label: row.schedule.period.thai_label(view.catalogue.fiscal_year),
                    status: row.status.thai(),
                    status_class: super::super::status_class(&row.status),
                    due: thai_date(row.schedule.due_on),
                    updated: current.map(|p| date_text(p.published_at)),
                    evidence: current
                        .filter(|_| !shared)
                        .map(|p| evidence_link(p, slug, facts, broken)),
                });
            }
            let newest_broken = newest.is_some_and(|p| {
                view.record(&p.code, p.period)
                    .is_some_and(|r| r.period_record().link_broken)
            });
            ItemView {
                code: item.code.clone(),
                title: item.title.clone(),
                subheading: item.subheading.clone(),
                contents: item.contents.clone(),
                cadence: item.cadence.thai(),
                topic_number: item.topic.oit_number(),
                status: overall.map(|r| r.status.thai()).unwrap_or_default(),
                status_class: overall.map_or("", |r| super::super::status_class(&r.status)),
                last_updated: newest.map(|p| date_text(p.published_at)),
                evidence: newest
                    .filter(|_| !shared)
                    .map(|p| evidence_link(p, slug, facts, newest_broken)),
                periods: if periods.len() > 1 {
                    periods
                } else {
                    Vec::new()
                },
                note: item
                    .reconstructed
                    .then(|| item.note.clone())
                    .flatten()
                    .map(|n| format!("ข้อความของรายการนี้เรียบเรียงขึ้นใหม่: {n}")),
                same_as: shared
                    .then(|| view.catalogue.item(source))
                    .flatten()
                    .map(|target| SharedRef {
                        code: target.code.clone(),
                        title: target.title.clone(),
                    }),
                shared_by: view
                    .catalogue
                    .sharing(&item.code)
                    .into_iter()
                    .map(|other| SharedRef {
                        code: other.code.clone(),
                        title: other.title.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// What the public page is built from.
pub struct InfoInput<'a> {
    pub org: &'a Organization,
    /// The chosen year, and every year with a catalogue.
    pub year: Option<FiscalYear>,
    pub years: &'a [FiscalYear],
    /// Listed by OIT code rather than grouped by topic.
    pub by_code: bool,
    /// The chosen year's catalogue and records, if there is a year.
    pub view: Option<&'a YearView>,
    /// What decides which of Sujarit's generated pages exist, for the
    /// chosen year.
    pub facts: &'a GeneratedFacts,
    pub today: time::Date,
    pub filter: &'a InfoFilter,
}

/// The public information centre of one year.
pub fn info_page(input: InfoInput<'_>) -> InfoPage {
    let InfoInput {
        org,
        year,
        years,
        by_code,
        view,
        facts,
        today,
        filter,
    } = input;
    let urls = Urls::new(&org.slug);
    let base = format!("{}/info", urls.plan());
    let year_query = |y: Option<FiscalYear>| y.map(|y| format!("year={y}")).unwrap_or_default();
    let with = |extra: &str| {
        let mut q: Vec<String> = Vec::new();
        let yq = year_query(year);
        if !yq.is_empty() {
            q.push(yq);
        }
        if !extra.is_empty() {
            q.push(extra.to_string());
        }
        if q.is_empty() {
            base.clone()
        } else {
            format!("{base}?{}", q.join("&"))
        }
    };
    let mut groups = Vec::new();
    let (mut published, mut total, mut shown) = (0, 0, 0);
    let mut unit_names: Vec<String> = Vec::new();
    let (title, description) = match view {
        Some(view) => {
            let items = items_of(view, &org.slug, facts, today);
            total = items.len();
            // An item on another's document counts once it stands published.
            published = items.iter().filter(|i| i.last_updated.is_some()).count();
            for row in &view.board {
                if let Some(unit) = &row.owner_unit
                    && !unit_names.contains(unit)
                {
                    unit_names.push(unit.clone());
                }
            }
            unit_names.sort();
            // Filtered out: an empty slot, so that items and the
            // catalogue stay aligned.
            let slots: Vec<Option<ItemView>> = view
                .catalogue
                .items
                .iter()
                .zip(items)
                .map(|(item, shown)| {
                    let owners: Vec<&str> = view
                        .rows_of(&item.code)
                        .filter_map(|r| r.owner_unit.as_deref())
                        .collect();
                    filter
                        .keeps(item, shown.status_class, &owners)
                        .then_some(shown)
                })
                .collect();
            shown = slots.iter().flatten().count();
            if by_code {
                let mut items: Vec<ItemView> = slots.into_iter().flatten().collect();
                items.sort_by_key(|i| code_sort_key(&i.code));
                groups.push(Group {
                    id: "all".into(),
                    heading: "ทุกรายการตามรหัส".into(),
                    items,
                });
            } else {
                // Items move into their topic's group, in catalogue order.
                let mut slots = slots;
                for topic in Topic::ALL {
                    let in_topic: Vec<ItemView> = view
                        .catalogue
                        .items
                        .iter()
                        .zip(slots.iter_mut())
                        .filter(|(item, _)| item.topic == topic)
                        .filter_map(|(_, slot)| slot.take())
                        .collect();
                    if !in_topic.is_empty() {
                        groups.push(Group {
                            id: topic.as_str().replace('_', "-"),
                            heading: format!("{} {}", topic.oit_number(), topic.thai()),
                            items: in_topic,
                        });
                    }
                }
            }
            (
                view.catalogue.title.clone(),
                view.catalogue.description.clone(),
            )
        }
        None => ("ศูนย์ข้อมูลข่าวสาร".to_string(), None),
    };
    let mut crumbs = org_crumbs(org, &urls);
    crumbs.push(Crumb::here("ศูนย์ข้อมูลข่าวสาร"));
    InfoPage {
        layout: Layout::new(format!("ศูนย์ข้อมูลข่าวสาร – {}", org.name), crumbs),
        organization: org.name.clone(),
        year: year.map(|y| y.to_string()),
        title,
        description,
        years: years
            .iter()
            .map(|y| YearChoice {
                label: format!("ปีงบประมาณ {y}"),
                href: format!("{base}?year={y}{}", if by_code { "&view=code" } else { "" }),
                current: Some(*y) == year,
            })
            .collect(),
        by_code,
        topic_href: with(""),
        code_href: with("view=code"),
        dcat_href: format!("{base}/dcat.jsonld"),
        json_href: format!(
            "/api/v1/organizations/{}/disclosures{}",
            crate::format::path_segment(&org.slug),
            year.map(|y| format!("?fiscal_year={y}"))
                .unwrap_or_default()
        ),
        groups,
        published,
        total,
        today: thai_date(today),
        statuses: filter.status_options(),
        topics: filter.topic_options(),
        units: filter.unit_options(unit_names),
        q: filter.q.clone(),
        filtered: filter.is_set(),
        shown,
        base,
    }
}
