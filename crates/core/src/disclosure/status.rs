//! Publications, link checks and status: where a period stands and the
//! OIT readiness figure.

use super::{Catalogue, CatalogueError, GeneratedSource, Period, ScheduledPeriod, error};
use crate::fiscal::FiscalYear;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::{Date, Duration, OffsetDateTime};

/// What stands as a publication.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DisclosureEvidence {
    /// A file in the file store (`sujarit_store::files`), by its SHA-256.
    File {
        sha256: String,
        file_name: String,
        /// Detected from the content by the file store.
        media_type: String,
        size_bytes: u64,
    },
    /// A page elsewhere (http or https only), checked periodically.
    Link { url: String },
    /// A page Sujarit produces itself.
    Generated { source: GeneratedSource },
}

/// Longest link kept, in bytes.
pub const MAX_URL_BYTES: usize = 2000;

impl DisclosureEvidence {
    pub fn kind(&self) -> &'static str {
        match self {
            DisclosureEvidence::File { .. } => "file",
            DisclosureEvidence::Link { .. } => "link",
            DisclosureEvidence::Generated { .. } => "generated",
        }
    }

    /// Thai messages for what is wrong; empty when fine.
    pub fn validate(&self) -> Vec<CatalogueError> {
        let mut errors = Vec::new();
        match self {
            DisclosureEvidence::File {
                sha256,
                file_name,
                media_type,
                size_bytes,
            } => {
                if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                    errors.push(error("sha256", "รหัสไฟล์ (SHA-256) ไม่ถูกต้อง".into()));
                }
                if file_name.trim().is_empty() {
                    errors.push(error("file_name", "ต้องระบุชื่อไฟล์".into()));
                }
                if media_type.trim().is_empty() {
                    errors.push(error("media_type", "ต้องระบุชนิดไฟล์".into()));
                }
                if *size_bytes == 0 {
                    errors.push(error("size_bytes", "ไฟล์ว่างเปล่า".into()));
                }
            }
            DisclosureEvidence::Link { url } => {
                if let Err(message) = check_link(url) {
                    errors.push(error("url", message));
                }
            }
            DisclosureEvidence::Generated { .. } => {}
        }
        errors
    }
}

/// Accepts only an absolute http(s) address with a host and no spaces: other
/// schemes (javascript:, file:, data:) could harm whoever clicks the link.
pub fn check_link(url: &str) -> Result<(), String> {
    let url = url.trim();
    if url.is_empty() {
        return Err("ต้องระบุลิงก์".into());
    }
    if url.len() > MAX_URL_BYTES {
        return Err(format!("ลิงก์ยาวเกิน {MAX_URL_BYTES} ตัวอักษร"));
    }
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or_else(|| format!("ลิงก์ \"{url}\" ต้องขึ้นต้นด้วย http:// หรือ https:// เท่านั้น"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') {
        return Err(format!("ลิงก์ \"{url}\" ไม่มีชื่อเว็บไซต์"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("ลิงก์ \"{url}\" มีช่องว่างหรืออักขระควบคุม"));
    }
    Ok(())
}

/// One publication of an item's period. A newer one supersedes it; none is
/// ever deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    pub id: String,
    pub fiscal_year: FiscalYear,
    pub code: String,
    pub period: Period,
    /// 1 for the first publication of the period, then 2, 3, …
    pub version: u32,
    pub evidence: DisclosureEvidence,
    pub note: Option<String>,
    /// User id; empty in the public read.
    pub published_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
    /// When a newer publication replaced it; None for the current one.
    #[serde(with = "time::serde::rfc3339::option")]
    pub superseded_at: Option<OffsetDateTime>,
}

impl Publication {
    /// The day it was published, in Thailand: compared with the due date.
    pub fn published_on(&self) -> Date {
        crate::thai::local_date(self.published_at)
    }
}

/// The result of checking a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum LinkOutcome {
    Ok {
        status: u16,
    },
    /// `status` is None when no HTTP answer came (DNS, timeout, TLS).
    Failed {
        status: Option<u16>,
        error: String,
    },
}

/// The last check of a published link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkCheck {
    pub publication_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub checked_at: OffsetDateTime,
    pub outcome: LinkOutcome,
}

impl LinkCheck {
    pub fn is_broken(&self) -> bool {
        matches!(self.outcome, LinkOutcome::Failed { .. })
    }
}

/// A period marked as not applicable (e.g. no procurement that month).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotApplicable {
    pub reason: String,
    pub marked_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub marked_at: OffsetDateTime,
}

/// Everything recorded on one item's period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureRecord {
    pub fiscal_year: FiscalYear,
    pub code: String,
    pub period: Period,
    /// The unit responsible for this period instead of the item's default.
    pub owner_unit_override: Option<String>,
    /// The newest publication.
    pub current: Option<Publication>,
    /// The last check of the current publication's link.
    pub last_link_check: Option<LinkCheck>,
    pub not_applicable: Option<NotApplicable>,
}

impl DisclosureRecord {
    /// What [`status`] needs.
    pub fn period_record(&self) -> PeriodRecord {
        let current_id = self.current.as_ref().map(|p| p.id.as_str());
        PeriodRecord {
            published_on: self.current.as_ref().map(Publication::published_on),
            link_broken: self
                .last_link_check
                .as_ref()
                .is_some_and(|c| Some(c.publication_id.as_str()) == current_id && c.is_broken()),
            not_applicable: self.not_applicable.as_ref().map(|n| n.reason.clone()),
            owner_unit_override: self.owner_unit_override.clone(),
        }
    }
}

/// Records in the shape [`board`] and [`readiness`] take.
pub fn records_of(records: &[DisclosureRecord]) -> Records {
    records
        .iter()
        .map(|r| ((r.code.clone(), r.period), r.period_record()))
        .collect()
}

/// What a status depends on, besides the dates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeriodRecord {
    /// The day (in Thailand) the current publication was made.
    pub published_on: Option<Date>,
    /// The current publication is a link whose last check failed.
    pub link_broken: bool,
    pub not_applicable: Option<String>,
    /// The unit responsible for this period instead of the item's default.
    pub owner_unit_override: Option<String>,
}

/// Where one period of an item stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DisclosureStatus {
    /// The period has not opened yet.
    NotDue,
    /// Open and not published, the due date not passed.
    Due,
    /// Past the due date without a publication, or its link is broken.
    Late {
        broken_link: bool,
    },
    Published {
        on_time: bool,
    },
    NotApplicable {
        reason: String,
    },
}

impl DisclosureStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            DisclosureStatus::NotDue => "not_due",
            DisclosureStatus::Due => "due",
            DisclosureStatus::Late { .. } => "late",
            DisclosureStatus::Published { .. } => "published",
            DisclosureStatus::NotApplicable { .. } => "not_applicable",
        }
    }

    pub fn thai(&self) -> String {
        match self {
            DisclosureStatus::NotDue => "ยังไม่ถึงกำหนด".into(),
            DisclosureStatus::Due => "ถึงกำหนดเผยแพร่".into(),
            DisclosureStatus::Late { broken_link: false } => "เลยกำหนด".into(),
            DisclosureStatus::Late { broken_link: true } => "เลยกำหนด (ลิงก์ใช้งานไม่ได้)".into(),
            DisclosureStatus::Published { on_time: true } => "เผยแพร่แล้ว".into(),
            DisclosureStatus::Published { on_time: false } => "เผยแพร่แล้ว (ล่าช้า)".into(),
            DisclosureStatus::NotApplicable { reason } => format!("ไม่มีข้อมูลต้องเผยแพร่: {reason}"),
        }
    }
}

/// The status of one period on `today` (a date in Thailand).
///
/// Not applicable wins; then a broken link counts as late until fixed
/// (whatever the date); then a publication; otherwise the dates decide.
pub fn status(schedule: &ScheduledPeriod, record: &PeriodRecord, today: Date) -> DisclosureStatus {
    if let Some(reason) = &record.not_applicable {
        return DisclosureStatus::NotApplicable {
            reason: reason.clone(),
        };
    }
    if record.published_on.is_some() && record.link_broken {
        return DisclosureStatus::Late { broken_link: true };
    }
    if let Some(on) = record.published_on {
        return DisclosureStatus::Published {
            on_time: on <= schedule.due_on,
        };
    }
    if today < schedule.opens_on {
        DisclosureStatus::NotDue
    } else if today <= schedule.due_on {
        DisclosureStatus::Due
    } else {
        DisclosureStatus::Late { broken_link: false }
    }
}

/// One row of a status board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodStatus {
    pub code: String,
    /// Who must publish it: the period's override, else the item's default.
    pub owner_unit: Option<String>,
    pub schedule: ScheduledPeriod,
    pub status: DisclosureStatus,
}

/// Records by item code and period. Codes as the catalogue writes them.
pub type Records = BTreeMap<(String, Period), PeriodRecord>;

/// The status of every period of every item of a catalogue, item by item in
/// catalogue order, periods in calendar order.
pub fn board(catalogue: &Catalogue, records: &Records, today: Date) -> Vec<PeriodStatus> {
    let empty = PeriodRecord::default();
    catalogue
        .items
        .iter()
        .flat_map(|item| {
            item.schedule(catalogue.fiscal_year)
                .into_iter()
                .map(|schedule| {
                    let own = records
                        .get(&(item.code.clone(), schedule.period))
                        .unwrap_or(&empty);
                    // An item that uses another's document stands on that
                    // item's publication; its own owner and marks stay.
                    let shared = records
                        .get(&(catalogue.publishing_code(item).to_owned(), schedule.period))
                        .unwrap_or(&empty);
                    let record = &PeriodRecord {
                        published_on: shared.published_on,
                        link_broken: shared.link_broken,
                        not_applicable: own.not_applicable.clone(),
                        owner_unit_override: own.owner_unit_override.clone(),
                    };
                    PeriodStatus {
                        code: item.code.clone(),
                        owner_unit: record
                            .owner_unit_override
                            .clone()
                            .or_else(|| item.owner_unit.clone()),
                        status: status(&schedule, record, today),
                        schedule,
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What to remind owners of on `today`: periods not yet published (nor
/// marked not applicable) whose due date is within `days_ahead` days from
/// today, plus every late one, soonest due first. A unit's list is this
/// filtered on [`PeriodStatus::owner_unit`].
pub fn reminders(
    catalogue: &Catalogue,
    records: &Records,
    today: Date,
    days_ahead: u16,
) -> Vec<PeriodStatus> {
    let horizon = today + Duration::days(i64::from(days_ahead));
    let mut rows: Vec<PeriodStatus> = board(catalogue, records, today)
        .into_iter()
        .filter(|row| match row.status {
            DisclosureStatus::Late { .. } => true,
            DisclosureStatus::Due | DisclosureStatus::NotDue => row.schedule.due_on <= horizon,
            DisclosureStatus::Published { .. } | DisclosureStatus::NotApplicable { .. } => false,
        })
        .collect();
    rows.sort_by_key(|row| row.schedule.due_on);
    rows
}

/// The OIT readiness figure: of the item-periods whose due date has passed
/// by `today` (not applicable ones left out), how many were published on
/// time and still stand (a broken link does not).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    pub due_so_far: u32,
    pub published_on_time: u32,
    pub published_late: u32,
    pub not_applicable: u32,
}

impl Readiness {
    /// Percent published on time, one decimal (None before anything is due).
    pub fn percent(&self) -> Option<f64> {
        (self.due_so_far > 0).then(|| {
            let tenths = (u64::from(self.published_on_time) * 1000
                + u64::from(self.due_so_far) / 2)
                / u64::from(self.due_so_far);
            tenths as f64 / 10.0
        })
    }
}

pub fn readiness(catalogue: &Catalogue, records: &Records, today: Date) -> Readiness {
    let mut figure = Readiness::default();
    for row in board(catalogue, records, today) {
        let passed = row.schedule.due_on < today;
        match row.status {
            DisclosureStatus::NotApplicable { .. } => figure.not_applicable += 1,
            DisclosureStatus::Published { on_time } if passed => {
                figure.due_so_far += 1;
                if on_time {
                    figure.published_on_time += 1;
                } else {
                    figure.published_late += 1;
                }
            }
            _ if passed => figure.due_so_far += 1,
            _ => {}
        }
    }
    figure
}
