//! The public information centre (ศูนย์ข้อมูลข่าวสาร): what the municipality must
//! publish, when, and whether it did.
//!
//! * A [`Catalogue`] lists the items to publish in one fiscal year (BE): the
//!   plan's own list in 5 topics (measure 2.1/2) or the ITA's OIT list of that
//!   year. Catalogues are data: TOML or CSV files ([`Catalogue::from_toml`],
//!   [`Catalogue::from_csv`], and back), shipped ones in [`shipped`].
//! * Each item has a [`Cadence`] that splits the year into [`Period`]s, and a
//!   [`DueRule`] that gives each period its due date
//!   ([`CatalogueItem::schedule`]).
//! * Given today's date and what was published ([`PeriodRecord`]),
//!   [`status`] says where a period stands and [`readiness`] gives the OIT
//!   readiness figure.
//!
//! Pure: no I/O. Dates are CE [`Date`]s; BE appears only in labels.

use crate::fiscal::{FiscalYear, Quarter, ce_to_be};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use time::{Date, Duration, Month, OffsetDateTime};

// ---------------------------------------------------------------------------
// Topics, cadences, due rules, generated sources

/// The plan's 5 topics (measure 2.1/2, = OIT sub-indicators 9.1–9.5) and the
/// OIT's two anti-corruption sub-indicators (10.1, 10.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// 9.1 ข้อมูลพื้นฐาน
    BasicInformation,
    /// 9.2 การบริหารงาน
    Administration,
    /// 9.3 การบริหารเงินงบประมาณ
    Budget,
    /// 9.4 การบริหารและพัฒนาทรัพยากรบุคคล
    HumanResources,
    /// 9.5 การส่งเสริมความโปร่งใส
    Transparency,
    /// 10.1 การดำเนินการเพื่อป้องกันการทุจริต
    CorruptionPrevention,
    /// 10.2 มาตรการภายในเพื่อป้องกันการทุจริต
    InternalMeasures,
}

impl Topic {
    pub const ALL: [Topic; 7] = [
        Topic::BasicInformation,
        Topic::Administration,
        Topic::Budget,
        Topic::HumanResources,
        Topic::Transparency,
        Topic::CorruptionPrevention,
        Topic::InternalMeasures,
    ];

    /// The key used in catalogue files and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::BasicInformation => "basic_information",
            Topic::Administration => "administration",
            Topic::Budget => "budget",
            Topic::HumanResources => "human_resources",
            Topic::Transparency => "transparency",
            Topic::CorruptionPrevention => "corruption_prevention",
            Topic::InternalMeasures => "internal_measures",
        }
    }

    pub fn parse(key: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == key.trim())
    }

    /// The OIT sub-indicator number, e.g. "9.1".
    pub fn oit_number(self) -> &'static str {
        match self {
            Topic::BasicInformation => "9.1",
            Topic::Administration => "9.2",
            Topic::Budget => "9.3",
            Topic::HumanResources => "9.4",
            Topic::Transparency => "9.5",
            Topic::CorruptionPrevention => "10.1",
            Topic::InternalMeasures => "10.2",
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            Topic::BasicInformation => "ข้อมูลพื้นฐาน",
            Topic::Administration => "การบริหารงาน",
            Topic::Budget => "การบริหารเงินงบประมาณ",
            Topic::HumanResources => "การบริหารและพัฒนาทรัพยากรบุคคล",
            Topic::Transparency => "การส่งเสริมความโปร่งใส",
            Topic::CorruptionPrevention => "การดำเนินการเพื่อป้องกันการทุจริต",
            Topic::InternalMeasures => "มาตรการภายในเพื่อป้องกันการทุจริต",
        }
    }
}

/// How often an item is published. Each cadence splits a fiscal year into
/// periods ([`Cadence::periods`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// A standing item (structure, contacts, manuals): one period per year,
    /// in which it must be up and current.
    Once,
    Monthly,
    /// Quarters of the fiscal year (Q1 = Oct–Dec).
    Quarterly,
    /// Halves of the fiscal year: Oct–Mar and Apr–Sep.
    SixMonthly,
    /// One report per fiscal year.
    Yearly,
}

impl Cadence {
    pub const ALL: [Cadence; 5] = [
        Cadence::Once,
        Cadence::Monthly,
        Cadence::Quarterly,
        Cadence::SixMonthly,
        Cadence::Yearly,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Once => "once",
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
            Cadence::SixMonthly => "six_monthly",
            Cadence::Yearly => "yearly",
        }
    }

    pub fn parse(key: &str) -> Option<Cadence> {
        Cadence::ALL.into_iter().find(|c| c.as_str() == key.trim())
    }

    pub fn thai(self) -> &'static str {
        match self {
            Cadence::Once => "เผยแพร่ครั้งเดียวและปรับให้เป็นปัจจุบัน",
            Cadence::Monthly => "รายเดือน",
            Cadence::Quarterly => "รายไตรมาส",
            Cadence::SixMonthly => "ราย 6 เดือน",
            Cadence::Yearly => "รายปี",
        }
    }

    /// The periods of a fiscal year, in calendar order (October first).
    pub fn periods(self) -> Vec<Period> {
        match self {
            Cadence::Once => vec![Period::Once],
            Cadence::Yearly => vec![Period::Year],
            Cadence::SixMonthly => vec![Period::Half(Half::First), Period::Half(Half::Second)],
            Cadence::Quarterly => Quarter::ALL.into_iter().map(Period::Quarter).collect(),
            Cadence::Monthly => FISCAL_MONTHS.into_iter().map(Period::Month).collect(),
        }
    }

    /// Whether a period is one of this cadence's.
    pub fn has(self, period: Period) -> bool {
        self.periods().contains(&period)
    }
}

/// Calendar month numbers in fiscal order.
const FISCAL_MONTHS: [u8; 12] = [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/// The longest delay a due rule may state, in days.
pub const MAX_DUE_DAYS: u16 = 366;

/// When a period's publication is due.
///
/// In files it is written compactly: `end+15` (15 days after the period
/// ends), `start+30` (30 days after it starts), `half+30` (30 days after the
/// 6-month round, i.e. after 31 March) and `fixed:31/12` (day/month within
/// the fiscal year: October–December fall in its first CE year). The last two
/// only suit items with one period a year (once, yearly).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DueRule {
    AfterPeriodEnd {
        days: u16,
    },
    AfterPeriodStart {
        days: u16,
    },
    /// After the end of the first half (31 March), whatever the cadence.
    AfterSixMonthRound {
        days: u16,
    },
    /// A fixed day of the fiscal year. 29 February falls on 28 February in a
    /// year without it.
    FixedDate {
        day: u8,
        month: u8,
    },
}

impl DueRule {
    /// Parses the compact form; the error is a Thai message.
    pub fn parse(text: &str) -> Result<DueRule, String> {
        let text = text.trim();
        let bad = || {
            format!(
                "กำหนดส่ง \"{text}\" ไม่ถูกต้อง: ใช้ end+วัน (หลังสิ้นงวด), start+วัน (หลังต้นงวด), \
                 half+วัน (หลังรอบ 6 เดือน) หรือ fixed:วัน/เดือน เช่น end+15 หรือ fixed:31/12"
            )
        };
        let days = |n: &str| -> Result<u16, String> {
            let days: u16 = n.trim().parse().map_err(|_| bad())?;
            if days > MAX_DUE_DAYS {
                return Err(format!(
                    "กำหนดส่ง \"{text}\" นานเกินไป: ไม่เกิน {MAX_DUE_DAYS} วัน"
                ));
            }
            Ok(days)
        };
        if let Some(n) = text.strip_prefix("end+") {
            Ok(DueRule::AfterPeriodEnd { days: days(n)? })
        } else if let Some(n) = text.strip_prefix("start+") {
            Ok(DueRule::AfterPeriodStart { days: days(n)? })
        } else if let Some(n) = text.strip_prefix("half+") {
            Ok(DueRule::AfterSixMonthRound { days: days(n)? })
        } else if let Some(date) = text.strip_prefix("fixed:") {
            let (day, month) = date.split_once('/').ok_or_else(bad)?;
            let day: u8 = day.trim().parse().map_err(|_| bad())?;
            let month: u8 = month.trim().parse().map_err(|_| bad())?;
            let month_value = Month::try_from(month)
                .map_err(|_| format!("กำหนดส่ง \"{text}\": เดือนต้องเป็น 1–12"))?;
            // Checked against a leap year: 29/02 is allowed (see FixedDate).
            if day == 0 || day > month_value.length(2024) {
                return Err(format!(
                    "กำหนดส่ง \"{text}\": เดือน{} ไม่มีวันที่ {day}",
                    crate::thai::MONTHS[month as usize - 1]
                ));
            }
            Ok(DueRule::FixedDate { day, month })
        } else {
            Err(bad())
        }
    }

    /// Whether the rule makes sense for a cadence: fixed dates and the
    /// 6-month round give one date a year, so only for once and yearly items.
    pub fn suits(self, cadence: Cadence) -> bool {
        match self {
            DueRule::AfterPeriodEnd { .. } | DueRule::AfterPeriodStart { .. } => true,
            DueRule::AfterSixMonthRound { .. } | DueRule::FixedDate { .. } => {
                matches!(cadence, Cadence::Once | Cadence::Yearly)
            }
        }
    }

    /// "ภายใน 15 วันหลังสิ้นงวด", for pages.
    pub fn thai(self) -> String {
        match self {
            DueRule::AfterPeriodEnd { days: 0 } => "ภายในวันสิ้นงวด".into(),
            DueRule::AfterPeriodEnd { days } => format!("ภายใน {days} วันหลังสิ้นงวด"),
            DueRule::AfterPeriodStart { days } => format!("ภายใน {days} วันนับจากต้นงวด"),
            DueRule::AfterSixMonthRound { days } => {
                format!("ภายใน {days} วันหลังรอบ 6 เดือน (31 มีนาคม)")
            }
            DueRule::FixedDate { day, month } => format!(
                "ภายในวันที่ {day} {} ของปีงบประมาณ",
                crate::thai::MONTHS[month as usize - 1]
            ),
        }
    }
}

impl fmt::Display for DueRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DueRule::AfterPeriodEnd { days } => write!(f, "end+{days}"),
            DueRule::AfterPeriodStart { days } => write!(f, "start+{days}"),
            DueRule::AfterSixMonthRound { days } => write!(f, "half+{days}"),
            DueRule::FixedDate { day, month } => write!(f, "fixed:{day:02}/{month:02}"),
        }
    }
}

impl TryFrom<String> for DueRule {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        DueRule::parse(&text)
    }
}

impl From<DueRule> for String {
    fn from(rule: DueRule) -> String {
        rule.to_string()
    }
}

/// A page Sujarit produces itself and keeps current, which can stand as an
/// item's evidence without anyone uploading it. The web layer resolves the
/// key to a page and links it when the page has content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeneratedSource {
    /// The anti-corruption action plan (public plan pages).
    Plan,
    /// The plan's 6-month monitoring report.
    Monitoring6m,
    /// The plan's annual (12-month) monitoring report.
    Monitoring12m,
    /// Statistics of general complaints (ร้องทุกข์/ร้องเรียน).
    ComplaintStats,
    /// The general complaint handling manual.
    ComplaintManual,
    /// The channels for general complaints.
    ComplaintChannels,
    /// The channel for corruption and misconduct reports (แจ้งเบาะแส).
    CorruptionReportChannel,
    /// The handling guideline for corruption and misconduct reports.
    CorruptionReportManual,
    /// Statistics of corruption and misconduct reports.
    CorruptionReportStats,
}

impl GeneratedSource {
    pub const ALL: [GeneratedSource; 9] = [
        GeneratedSource::Plan,
        GeneratedSource::Monitoring6m,
        GeneratedSource::Monitoring12m,
        GeneratedSource::ComplaintStats,
        GeneratedSource::ComplaintManual,
        GeneratedSource::ComplaintChannels,
        GeneratedSource::CorruptionReportChannel,
        GeneratedSource::CorruptionReportManual,
        GeneratedSource::CorruptionReportStats,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GeneratedSource::Plan => "plan",
            GeneratedSource::Monitoring6m => "monitoring_6m",
            GeneratedSource::Monitoring12m => "monitoring_12m",
            GeneratedSource::ComplaintStats => "complaint_stats",
            GeneratedSource::ComplaintManual => "complaint_manual",
            GeneratedSource::ComplaintChannels => "complaint_channels",
            GeneratedSource::CorruptionReportChannel => "corruption_report_channel",
            GeneratedSource::CorruptionReportManual => "corruption_report_manual",
            GeneratedSource::CorruptionReportStats => "corruption_report_stats",
        }
    }

    pub fn parse(key: &str) -> Option<GeneratedSource> {
        GeneratedSource::ALL
            .into_iter()
            .find(|s| s.as_str() == key.trim())
    }

    pub fn thai(self) -> &'static str {
        match self {
            GeneratedSource::Plan => "แผนปฏิบัติการป้องกันการทุจริต",
            GeneratedSource::Monitoring6m => "รายงานการกำกับติดตามแผนฯ รอบ 6 เดือน",
            GeneratedSource::Monitoring12m => "รายงานผลการดำเนินงานตามแผนฯ ประจำปี",
            GeneratedSource::ComplaintStats => "สถิติเรื่องร้องเรียน",
            GeneratedSource::ComplaintManual => "คู่มือการจัดการเรื่องร้องเรียน",
            GeneratedSource::ComplaintChannels => "ช่องทางการร้องเรียน",
            GeneratedSource::CorruptionReportChannel => "ช่องทางแจ้งเรื่องร้องเรียนการทุจริต",
            GeneratedSource::CorruptionReportManual => {
                "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"
            }
            GeneratedSource::CorruptionReportStats => "สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        }
    }
}

// ---------------------------------------------------------------------------
// Catalogue

/// One item to publish.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueItem {
    /// Unique in its catalogue: "O1", or the plan's "2.1.1-1". Kept when a
    /// catalogue is copied to another year.
    pub code: String,
    /// Thai title as the source writes it.
    pub title: String,
    pub topic: Topic,
    /// The OIT sub-heading within the topic, where the list has one
    /// (e.g. "การประชาสัมพันธ์").
    pub subheading: Option<String>,
    /// What the publication must contain.
    pub contents: String,
    pub cadence: Cadence,
    pub due: DueRule,
    /// The unit (กอง/สำนัก) responsible unless a period says otherwise.
    pub owner_unit: Option<String>,
    /// The item's text was reconstructed (inferred, gap-filled), not quoted
    /// from a source: [`CatalogueItem::note`] says why.
    pub reconstructed: bool,
    pub note: Option<String>,
    /// Sujarit produces this item itself.
    pub generated_source: Option<GeneratedSource>,
}

/// The items to publish in one fiscal year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub fiscal_year: FiscalYear,
    pub title: String,
    /// Where the list comes from and how far it can be trusted.
    pub description: Option<String>,
    pub items: Vec<CatalogueItem>,
}

/// A problem in a catalogue or catalogue file, in Thai, with the line (of the
/// file, when it came from one) and the field it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogueError {
    pub line: Option<usize>,
    /// The field's name as the file writes it ("cadence", "due", …).
    pub field: Option<&'static str>,
    pub message: String,
}

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.field) {
            (Some(line), Some(field)) => write!(f, "บรรทัด {line} ช่อง {field}: {}", self.message),
            (Some(line), None) => write!(f, "บรรทัด {line}: {}", self.message),
            (None, Some(field)) => write!(f, "ช่อง {field}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

/// Every problem of a file at once, one per line of the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogueErrors(pub Vec<CatalogueError>);

impl fmt::Display for CatalogueErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        write!(f, "แฟ้มรายการข้อมูลสาธารณะใช้ไม่ได้:\n{}", lines.join("\n"))
    }
}

impl std::error::Error for CatalogueErrors {}

/// Longest item code, in characters.
pub const MAX_CODE_CHARS: usize = 20;

/// Codes compare without case or surrounding spaces: "o1" and "O1" clash.
fn code_key(code: &str) -> String {
    code.trim().to_uppercase()
}

fn error(field: &'static str, message: String) -> CatalogueError {
    CatalogueError {
        line: None,
        field: Some(field),
        message,
    }
}

impl CatalogueItem {
    /// Checks one item alone; every problem at once (no line: the caller
    /// adds it).
    pub fn validate(&self) -> Vec<CatalogueError> {
        let mut errors = Vec::new();
        let code = self.code.trim();
        if code.is_empty() {
            errors.push(error("code", "ต้องระบุรหัสรายการ".into()));
        } else if code.chars().count() > MAX_CODE_CHARS
            || code.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            errors.push(error(
                "code",
                format!("รหัส \"{code}\" ต้องไม่มีช่องว่างและยาวไม่เกิน {MAX_CODE_CHARS} ตัวอักษร"),
            ));
        }
        if self.title.trim().is_empty() {
            errors.push(error("title", format!("รายการ {code}: ต้องระบุชื่อรายการ")));
        }
        if self.contents.trim().is_empty() {
            errors.push(error(
                "contents",
                format!("รายการ {code}: ต้องระบุสิ่งที่ต้องเผยแพร่"),
            ));
        }
        if !self.due.suits(self.cadence) {
            errors.push(error(
                "due",
                format!(
                    "รายการ {code}: กำหนดส่ง \"{}\" ใช้ได้เฉพาะรายการที่เผยแพร่ปีละครั้ง (once, yearly) \
                     ไม่ใช่ {}",
                    self.due,
                    self.cadence.as_str()
                ),
            ));
        }
        if self.reconstructed && self.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            errors.push(error(
                "note",
                format!("รายการ {code}: ข้อความที่เรียบเรียงขึ้นใหม่ต้องมีหมายเหตุว่าเพราะเหตุใด"),
            ));
        }
        errors
    }

    /// Every period of a fiscal year with its dates, in calendar order.
    pub fn schedule(&self, fiscal_year: FiscalYear) -> Vec<ScheduledPeriod> {
        self.cadence
            .periods()
            .into_iter()
            .map(|period| schedule_period(period, self.due, fiscal_year))
            .collect()
    }

    /// One period's dates; None if the cadence has no such period.
    pub fn scheduled(&self, fiscal_year: FiscalYear, period: Period) -> Option<ScheduledPeriod> {
        self.cadence
            .has(period)
            .then(|| schedule_period(period, self.due, fiscal_year))
    }
}

impl Catalogue {
    /// Checks the whole catalogue: the year, the title, every item and that
    /// codes are unique. Every problem at once.
    pub fn validate(&self) -> Vec<CatalogueError> {
        let mut errors = Vec::new();
        if !(2400..=3000).contains(&self.fiscal_year.be()) {
            errors.push(error(
                "fiscal_year",
                format!("ปีงบประมาณ {} ไม่ถูกต้อง: ใช้ปี พ.ศ. เช่น 2568", self.fiscal_year),
            ));
        }
        if self.title.trim().is_empty() {
            errors.push(error("title", "ต้องระบุชื่อรายการข้อมูลสาธารณะ".into()));
        }
        let mut seen = HashSet::new();
        for item in &self.items {
            errors.extend(item.validate());
            if !item.code.trim().is_empty() && !seen.insert(code_key(&item.code)) {
                errors.push(error(
                    "code",
                    format!("รหัสรายการ \"{}\" ซ้ำ", item.code.trim()),
                ));
            }
        }
        errors
    }

    pub fn item(&self, code: &str) -> Option<&CatalogueItem> {
        let key = code_key(code);
        self.items.iter().find(|i| code_key(&i.code) == key)
    }

    /// The same items for another fiscal year: codes, texts and rules kept,
    /// the year (and a year in the title) changed.
    pub fn copied_to(&self, fiscal_year: FiscalYear) -> Catalogue {
        let old = self.fiscal_year.to_string();
        let new = fiscal_year.to_string();
        Catalogue {
            fiscal_year,
            title: self.title.replace(&old, &new),
            description: self.description.clone(),
            items: self.items.clone(),
        }
    }
}

// ---------------------------------------------------------------------------
// Periods and due dates

/// A half of the fiscal year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Half {
    /// October–March: the 6-month round.
    First,
    /// April–September.
    Second,
}

/// A stretch of a fiscal year that one publication covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Period {
    /// The whole year, for a standing item.
    Once,
    /// The whole year, for a yearly report.
    Year,
    Half(Half),
    Quarter(Quarter),
    /// A calendar month, 1 = January (October falls in the year before the
    /// fiscal year's CE year).
    Month(u8),
}

impl Period {
    /// The key stored in the database: "once", "year", "h1", "q2", "m10".
    pub fn key(self) -> String {
        match self {
            Period::Once => "once".into(),
            Period::Year => "year".into(),
            Period::Half(Half::First) => "h1".into(),
            Period::Half(Half::Second) => "h2".into(),
            Period::Quarter(q) => format!("q{}", q.number()),
            Period::Month(m) => format!("m{m:02}"),
        }
    }

    pub fn parse_key(key: &str) -> Option<Period> {
        match key.trim() {
            "once" => Some(Period::Once),
            "year" => Some(Period::Year),
            "h1" => Some(Period::Half(Half::First)),
            "h2" => Some(Period::Half(Half::Second)),
            other => {
                if let Some(q) = other.strip_prefix('q') {
                    Quarter::from_number(q.parse().ok()?).map(Period::Quarter)
                } else if let Some(m) = other.strip_prefix('m') {
                    let m: u8 = m.parse().ok()?;
                    (1..=12).contains(&m).then_some(Period::Month(m))
                } else {
                    None
                }
            }
        }
    }

    /// The first day of the period in a fiscal year.
    pub fn first_day(self, fiscal_year: FiscalYear) -> Date {
        let start = fiscal_year.first_day();
        match self {
            Period::Once | Period::Year | Period::Half(Half::First) => start,
            Period::Half(Half::Second) => Quarter::Q3.first_day(fiscal_year),
            Period::Quarter(q) => q.first_day(fiscal_year),
            Period::Month(m) => month_start(fiscal_year, m),
        }
    }

    /// The last day of the period in a fiscal year.
    pub fn last_day(self, fiscal_year: FiscalYear) -> Date {
        match self {
            Period::Once | Period::Year | Period::Half(Half::Second) => fiscal_year.last_day(),
            Period::Half(Half::First) => Quarter::Q2.last_day(fiscal_year),
            Period::Quarter(q) => q.last_day(fiscal_year),
            Period::Month(m) => {
                let first = month_start(fiscal_year, m);
                first
                    .replace_day(first.month().length(first.year()))
                    .expect("month length")
            }
        }
    }

    /// Position within the fiscal year, for sorting: October before January.
    pub fn fiscal_order(self) -> u8 {
        match self {
            Period::Once | Period::Year => 0,
            Period::Half(Half::First) => 1,
            Period::Half(Half::Second) => 2,
            Period::Quarter(q) => q.number(),
            Period::Month(m) => (m + 2) % 12 + 1,
        }
    }

    /// Thai label: "ปีงบประมาณ 2568", "รอบ 6 เดือนแรก (ต.ค. 2567–มี.ค. 2568)",
    /// "ตุลาคม 2567".
    pub fn thai_label(self, fiscal_year: FiscalYear) -> String {
        let short = |d: Date| {
            format!(
                "{} {}",
                crate::thai::MONTHS_SHORT[d.month() as usize - 1],
                ce_to_be(d.year())
            )
        };
        let span = format!(
            "{}–{}",
            short(self.first_day(fiscal_year)),
            short(self.last_day(fiscal_year))
        );
        match self {
            Period::Once | Period::Year => format!("ปีงบประมาณ {fiscal_year}"),
            Period::Half(Half::First) => format!("รอบ 6 เดือนแรก ({span})"),
            Period::Half(Half::Second) => format!("รอบ 6 เดือนหลัง ({span})"),
            Period::Quarter(q) => format!("ไตรมาส {} ({span})", q.number()),
            Period::Month(m) => {
                let d = month_start(fiscal_year, m);
                format!(
                    "{} {}",
                    crate::thai::MONTHS[m as usize - 1],
                    ce_to_be(d.year())
                )
            }
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

impl TryFrom<String> for Period {
    type Error = String;
    fn try_from(key: String) -> Result<Self, String> {
        Period::parse_key(&key).ok_or_else(|| format!("งวด \"{key}\" ไม่ถูกต้อง"))
    }
}

impl From<Period> for String {
    fn from(period: Period) -> String {
        period.key()
    }
}

/// The first day of calendar month `m` within a fiscal year.
fn month_start(fiscal_year: FiscalYear, m: u8) -> Date {
    let start = fiscal_year.first_day();
    let year = if m >= 10 {
        start.year()
    } else {
        start.year() + 1
    };
    let month = Month::try_from(m).expect("month 1–12");
    Date::from_calendar_date(year, month, 1).expect("first of a month exists")
}

/// One period of an item in a fiscal year, with its dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledPeriod {
    pub period: Period,
    pub starts_on: Date,
    pub ends_on: Date,
    /// From this day on the period counts as due (before it: not due).
    pub opens_on: Date,
    /// Published after this day is late.
    pub due_on: Date,
}

fn schedule_period(period: Period, rule: DueRule, fiscal_year: FiscalYear) -> ScheduledPeriod {
    let starts_on = period.first_day(fiscal_year);
    let ends_on = period.last_day(fiscal_year);
    let round_end = Quarter::Q2.last_day(fiscal_year);
    let after = |date: Date, days: u16| date + Duration::days(i64::from(days));
    let (opens_on, due_on) = match rule {
        // A report on a period can only be complete once the period is over.
        DueRule::AfterPeriodEnd { days } => (ends_on, after(ends_on, days)),
        DueRule::AfterPeriodStart { days } => (starts_on, after(starts_on, days)),
        DueRule::AfterSixMonthRound { days } => (round_end, after(round_end, days)),
        DueRule::FixedDate { day, month } => {
            let first = month_start(fiscal_year, month);
            // 29 February in a year without it: the last day of February.
            let day = day.min(first.month().length(first.year()));
            (starts_on, first.replace_day(day).expect("day within month"))
        }
    };
    ScheduledPeriod {
        period,
        starts_on,
        ends_on,
        opens_on: opens_on.min(due_on),
        due_on,
    }
}

// ---------------------------------------------------------------------------
// Publications, link checks, status

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
                    let record = records
                        .get(&(item.code.clone(), schedule.period))
                        .unwrap_or(&empty);
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

// ---------------------------------------------------------------------------
// Catalogue files: TOML and CSV

/// One field as read from a file, with its line.
#[derive(Clone, Debug)]
struct Field {
    value: String,
    line: usize,
}

/// An item's fields as text, before checking, from either file format.
#[derive(Clone, Debug, Default)]
struct RawFields {
    line: usize,
    code: Option<Field>,
    title: Option<Field>,
    topic: Option<Field>,
    subheading: Option<Field>,
    contents: Option<Field>,
    cadence: Option<Field>,
    due: Option<Field>,
    owner_unit: Option<Field>,
    reconstructed: Option<Field>,
    note: Option<Field>,
    generated_source: Option<Field>,
}

/// The columns of a catalogue CSV, in order.
pub const CSV_COLUMNS: [&str; 11] = [
    "code",
    "title",
    "topic",
    "subheading",
    "contents",
    "cadence",
    "due",
    "owner_unit",
    "reconstructed",
    "note",
    "generated_source",
];

fn at(line: usize, field: &'static str, message: String) -> CatalogueError {
    CatalogueError {
        line: Some(line),
        field: Some(field),
        message,
    }
}

/// Empty text is no value: an empty CSV cell is a missing field.
fn present(field: Option<Field>) -> Option<Field> {
    field.filter(|f| !f.value.trim().is_empty())
}

fn item_from_fields(raw: RawFields, errors: &mut Vec<CatalogueError>) -> Option<CatalogueItem> {
    let before = errors.len();
    let line = raw.line;
    let mut required = |field: Option<Field>, name: &'static str, label: &str| {
        let found = present(field);
        if found.is_none() {
            errors.push(at(line, name, format!("ไม่มี{label} (ช่อง {name})")));
        }
        found
    };
    let code = required(raw.code, "code", "รหัสรายการ");
    let title = required(raw.title, "title", "ชื่อรายการ");
    let topic = required(raw.topic, "topic", "หมวด");
    let contents = required(raw.contents, "contents", "สิ่งที่ต้องเผยแพร่");
    let cadence = required(raw.cadence, "cadence", "ความถี่");
    let due = required(raw.due, "due", "กำหนดส่ง");

    let topic = topic.and_then(|f| {
        let parsed = Topic::parse(&f.value);
        if parsed.is_none() {
            errors.push(at(
                f.line,
                "topic",
                format!(
                    "ไม่รู้จักหมวด \"{}\" (ใช้ได้: {})",
                    f.value.trim(),
                    Topic::ALL.map(Topic::as_str).join(", ")
                ),
            ));
        }
        parsed
    });
    let cadence = cadence.and_then(|f| {
        let parsed = Cadence::parse(&f.value);
        if parsed.is_none() {
            errors.push(at(
                f.line,
                "cadence",
                format!(
                    "ไม่รู้จักความถี่ \"{}\" (ใช้ได้: {})",
                    f.value.trim(),
                    Cadence::ALL.map(Cadence::as_str).join(", ")
                ),
            ));
        }
        parsed
    });
    let due_line = due.as_ref().map_or(line, |f| f.line);
    let due = due.and_then(|f| match DueRule::parse(&f.value) {
        Ok(rule) => Some(rule),
        Err(message) => {
            errors.push(at(f.line, "due", message));
            None
        }
    });
    let reconstructed = match present(raw.reconstructed) {
        None => false,
        Some(f) => match f.value.trim().to_lowercase().as_str() {
            "true" | "yes" | "1" | "ใช่" => true,
            "false" | "no" | "0" | "ไม่ใช่" => false,
            other => {
                errors.push(at(
                    f.line,
                    "reconstructed",
                    format!("ค่า \"{other}\" ไม่ถูกต้อง: ใช้ true หรือ false"),
                ));
                false
            }
        },
    };
    let generated_source = present(raw.generated_source).and_then(|f| {
        let parsed = GeneratedSource::parse(&f.value);
        if parsed.is_none() {
            errors.push(at(
                f.line,
                "generated_source",
                format!(
                    "ไม่รู้จักหน้าที่ระบบสร้างเอง \"{}\" (ใช้ได้: {})",
                    f.value.trim(),
                    GeneratedSource::ALL.map(GeneratedSource::as_str).join(", ")
                ),
            ));
        }
        parsed
    });
    if errors.len() > before {
        return None;
    }
    let text = |f: Option<Field>| present(f).map(|f| f.value.trim().to_owned());
    let item = CatalogueItem {
        code: code?.value.trim().to_owned(),
        title: title?.value.trim().to_owned(),
        topic: topic?,
        subheading: text(raw.subheading),
        contents: contents?.value.trim().to_owned(),
        cadence: cadence?,
        due: due?,
        owner_unit: text(raw.owner_unit),
        reconstructed,
        note: text(raw.note),
        generated_source,
    };
    // Rules across fields (cadence × due, note of a reconstructed item).
    for mut problem in item.validate() {
        problem.line = Some(if problem.field == Some("due") {
            due_line
        } else {
            line
        });
        errors.push(problem);
    }
    (errors.len() == before).then_some(item)
}

/// Duplicate codes across items, each named with its line and the line of
/// its first use.
fn duplicate_codes(items: &[(usize, CatalogueItem)], errors: &mut Vec<CatalogueError>) {
    let mut first_line: BTreeMap<String, usize> = BTreeMap::new();
    for (line, item) in items {
        match first_line.get(&code_key(&item.code)) {
            Some(first) => errors.push(at(
                *line,
                "code",
                format!("รหัสรายการ \"{}\" ซ้ำกับบรรทัด {first}", item.code.trim()),
            )),
            None => {
                first_line.insert(code_key(&item.code), *line);
            }
        }
    }
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

mod toml_file {
    //! The serde shape of a TOML catalogue: every field optional, so a
    //! missing one gets a Thai message with its line rather than serde's.
    use serde::{Deserialize, Serialize};
    use toml::Spanned;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct ReadCatalogue {
        pub fiscal_year: Option<Spanned<i64>>,
        pub title: Option<Spanned<String>>,
        pub description: Option<String>,
        #[serde(default)]
        pub items: Vec<Spanned<ReadItem>>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct ReadItem {
        pub code: Option<Spanned<String>>,
        pub title: Option<Spanned<String>>,
        pub topic: Option<Spanned<String>>,
        pub subheading: Option<Spanned<String>>,
        pub contents: Option<Spanned<String>>,
        pub cadence: Option<Spanned<String>>,
        pub due: Option<Spanned<String>>,
        pub owner_unit: Option<Spanned<String>>,
        pub reconstructed: Option<Spanned<bool>>,
        pub note: Option<Spanned<String>>,
        pub generated_source: Option<Spanned<String>>,
    }

    #[derive(Serialize)]
    pub(super) struct WriteCatalogue<'a> {
        pub fiscal_year: u16,
        pub title: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub description: Option<&'a str>,
        pub items: Vec<WriteItem<'a>>,
    }

    #[derive(Serialize)]
    pub(super) struct WriteItem<'a> {
        pub code: &'a str,
        pub title: &'a str,
        pub topic: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub subheading: Option<&'a str>,
        pub contents: &'a str,
        pub cadence: &'a str,
        pub due: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub owner_unit: Option<&'a str>,
        pub reconstructed: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub note: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub generated_source: Option<&'a str>,
    }
}

impl Catalogue {
    /// Reads a TOML catalogue (top-level `fiscal_year`, `title`, optional
    /// `description`, then `[[items]]`). Refuses the whole file, with every
    /// problem and its line, on syntax errors, unknown or missing fields,
    /// unknown topics, cadences or generated sources, bad due rules and
    /// duplicate codes.
    pub fn from_toml(text: &str) -> Result<Catalogue, CatalogueErrors> {
        let text = strip_bom(text);
        let read: toml_file::ReadCatalogue = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|span| line_of(text, span.start));
            CatalogueErrors(vec![CatalogueError {
                line,
                field: None,
                message: toml_message(e.message()),
            }])
        })?;
        let mut errors = Vec::new();
        let fiscal_year = match read.fiscal_year {
            None => {
                errors.push(at(
                    1,
                    "fiscal_year",
                    "ไม่มีปีงบประมาณ (ช่อง fiscal_year)".into(),
                ));
                None
            }
            Some(year) => {
                let line = line_of(text, year.span().start);
                match u16::try_from(*year.get_ref()) {
                    Ok(be) if (2400..=3000).contains(&be) => Some(FiscalYear(be)),
                    _ => {
                        errors.push(at(
                            line,
                            "fiscal_year",
                            format!("ปีงบประมาณ {} ไม่ถูกต้อง: ใช้ปี พ.ศ. เช่น 2568", year.get_ref()),
                        ));
                        None
                    }
                }
            }
        };
        let title = match read.title.filter(|t| !t.get_ref().trim().is_empty()) {
            None => {
                errors.push(at(1, "title", "ไม่มีชื่อรายการข้อมูลสาธารณะ (ช่อง title)".into()));
                None
            }
            Some(t) => Some(t.into_inner().trim().to_owned()),
        };
        let mut items = Vec::new();
        for spanned in read.items {
            let line = line_of(text, spanned.span().start);
            let item = spanned.into_inner();
            let field = |f: Option<toml::Spanned<String>>| {
                f.map(|s| Field {
                    line: line_of(text, s.span().start),
                    value: s.into_inner(),
                })
            };
            let raw = RawFields {
                line,
                code: field(item.code),
                title: field(item.title),
                topic: field(item.topic),
                subheading: field(item.subheading),
                contents: field(item.contents),
                cadence: field(item.cadence),
                due: field(item.due),
                owner_unit: field(item.owner_unit),
                reconstructed: item.reconstructed.map(|s| Field {
                    line: line_of(text, s.span().start),
                    value: s.into_inner().to_string(),
                }),
                note: field(item.note),
                generated_source: field(item.generated_source),
            };
            if let Some(item) = item_from_fields(raw, &mut errors) {
                items.push((line, item));
            }
        }
        duplicate_codes(&items, &mut errors);
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Err(CatalogueErrors(errors));
        }
        Ok(Catalogue {
            fiscal_year: fiscal_year.expect("checked above"),
            title: title.expect("checked above"),
            description: read
                .description
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty()),
            items: items.into_iter().map(|(_, item)| item).collect(),
        })
    }

    /// The catalogue as TOML, read back equal by [`Catalogue::from_toml`].
    pub fn to_toml(&self) -> String {
        let write = toml_file::WriteCatalogue {
            fiscal_year: self.fiscal_year.be(),
            title: &self.title,
            description: self.description.as_deref(),
            items: self
                .items
                .iter()
                .map(|item| toml_file::WriteItem {
                    code: &item.code,
                    title: &item.title,
                    topic: item.topic.as_str(),
                    subheading: item.subheading.as_deref(),
                    contents: &item.contents,
                    cadence: item.cadence.as_str(),
                    due: item.due.to_string(),
                    owner_unit: item.owner_unit.as_deref(),
                    reconstructed: item.reconstructed,
                    note: item.note.as_deref(),
                    generated_source: item.generated_source.map(GeneratedSource::as_str),
                })
                .collect(),
        };
        toml::to_string(&write).expect("a catalogue always serialises to TOML")
    }

    /// Reads the items of a CSV catalogue (UTF-8, with or without a BOM; a
    /// header row naming the columns of [`CSV_COLUMNS`] in any order,
    /// optional ones may be left out). The year and title are not in the
    /// file: the caller chooses them. Refuses the whole file on any problem,
    /// each with its line and column.
    pub fn from_csv(
        fiscal_year: FiscalYear,
        title: &str,
        text: &str,
    ) -> Result<Catalogue, CatalogueErrors> {
        let text = strip_bom(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let csv_error = |e: csv::Error| {
            let line = e.position().map(|p| p.line() as usize);
            let message = match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => format!("มี {len} ช่อง แต่หัวตารางมี {expected_len} ช่อง"),
                csv::ErrorKind::Utf8 { .. } => "ไม่ใช่ข้อความ UTF-8".into(),
                _ => format!("อ่าน CSV ไม่ได้ ({e})"),
            };
            CatalogueErrors(vec![CatalogueError {
                line,
                field: None,
                message,
            }])
        };
        let headers = reader.headers().map_err(csv_error)?.clone();
        let mut errors = Vec::new();
        let mut column_of: BTreeMap<&'static str, usize> = BTreeMap::new();
        for (index, header) in headers.iter().enumerate() {
            match CSV_COLUMNS.iter().find(|c| **c == header.trim()) {
                Some(name) if column_of.contains_key(name) => {
                    errors.push(at(1, name, format!("หัวตารางมีช่อง {name} ซ้ำ")))
                }
                Some(name) => {
                    column_of.insert(name, index);
                }
                None => errors.push(CatalogueError {
                    line: Some(1),
                    field: None,
                    message: format!(
                        "ไม่รู้จักช่อง \"{}\" ในหัวตาราง (ใช้ได้: {})",
                        header.trim(),
                        CSV_COLUMNS.join(", ")
                    ),
                }),
            }
        }
        for required in ["code", "title", "topic", "contents", "cadence", "due"] {
            if !column_of.contains_key(required) {
                errors.push(at(1, required, format!("หัวตารางไม่มีช่อง {required}")));
            }
        }
        if !errors.is_empty() {
            return Err(CatalogueErrors(errors));
        }
        let mut items = Vec::new();
        for record in reader.records() {
            let record = record.map_err(csv_error)?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            if record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            let cell = |name: &str| {
                column_of
                    .get(name)
                    .and_then(|&i| record.get(i))
                    .map(|value| Field {
                        value: value.to_owned(),
                        line,
                    })
            };
            let raw = RawFields {
                line,
                code: cell("code"),
                title: cell("title"),
                topic: cell("topic"),
                subheading: cell("subheading"),
                contents: cell("contents"),
                cadence: cell("cadence"),
                due: cell("due"),
                owner_unit: cell("owner_unit"),
                reconstructed: cell("reconstructed"),
                note: cell("note"),
                generated_source: cell("generated_source"),
            };
            if let Some(item) = item_from_fields(raw, &mut errors) {
                items.push((line, item));
            }
        }
        duplicate_codes(&items, &mut errors);
        let catalogue = Catalogue {
            fiscal_year,
            title: title.trim().to_owned(),
            description: None,
            items: items.into_iter().map(|(_, item)| item).collect(),
        };
        // The year and title came from the caller: checked here too.
        errors.extend(
            catalogue
                .validate()
                .into_iter()
                .filter(|e| matches!(e.field, Some("fiscal_year" | "title"))),
        );
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Err(CatalogueErrors(errors));
        }
        Ok(catalogue)
    }

    /// The items as CSV with a UTF-8 BOM (so Excel reads the Thai), every
    /// column of [`CSV_COLUMNS`]; read back equal by [`Catalogue::from_csv`]
    /// with the same year and title.
    pub fn to_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record(CSV_COLUMNS)
            .expect("writing to memory cannot fail");
        for item in &self.items {
            let due = item.due.to_string();
            writer
                .write_record([
                    item.code.as_str(),
                    item.title.as_str(),
                    item.topic.as_str(),
                    item.subheading.as_deref().unwrap_or(""),
                    item.contents.as_str(),
                    item.cadence.as_str(),
                    due.as_str(),
                    item.owner_unit.as_deref().unwrap_or(""),
                    if item.reconstructed { "true" } else { "false" },
                    item.note.as_deref().unwrap_or(""),
                    item.generated_source.map_or("", GeneratedSource::as_str),
                ])
                .expect("writing to memory cannot fail");
        }
        let bytes = writer.into_inner().expect("writing to memory cannot fail");
        let mut text = String::from('\u{feff}');
        text.push_str(std::str::from_utf8(&bytes).expect("written from UTF-8 text"));
        text
    }
}

/// The toml crate's messages are English; the common ones are put in Thai
/// and the rest kept after a Thai lead.
fn toml_message(message: &str) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return format!("ไม่รู้จักช่อง \"{name}\"");
    }
    if message.starts_with("invalid type") {
        return format!("ชนิดข้อมูลไม่ถูกต้อง ({message})");
    }
    if message.contains("duplicate key") {
        return format!("มีช่องซ้ำในรายการเดียวกัน ({message})");
    }
    format!("รูปแบบ TOML ไม่ถูกต้อง ({message})")
}

// ---------------------------------------------------------------------------
// Shipped catalogues

/// The catalogues Sujarit ships, as TOML, embedded in the binary.
pub mod shipped {
    use super::Catalogue;

    /// The plan's own list: measure 2.1/2, 5 topics, 29 items.
    pub const PLAN_2566: &str = include_str!("../catalogues/plan-2566.toml");
    /// ITA OIT 2566: 43 items.
    pub const OIT_2566: &str = include_str!("../catalogues/oit-2566.toml");
    /// ITA OIT 2567: 43 items (2566's list; unconfirmed for 2567).
    pub const OIT_2567: &str = include_str!("../catalogues/oit-2567.toml");
    /// ITA OIT 2568: the shortened list, 26 items.
    pub const OIT_2568: &str = include_str!("../catalogues/oit-2568.toml");

    /// (key, TOML) of every shipped catalogue.
    pub const ALL: [(&str, &str); 4] = [
        ("plan-2566", PLAN_2566),
        ("oit-2566", OIT_2566),
        ("oit-2567", OIT_2567),
        ("oit-2568", OIT_2568),
    ];

    /// A shipped catalogue by key ("oit-2568"), parsed.
    pub fn get(key: &str) -> Option<Catalogue> {
        ALL.iter()
            .find(|(k, _)| *k == key)
            .map(|(_, text)| Catalogue::from_toml(text).expect("shipped catalogues parse (tested)"))
    }
}

#[cfg(test)]
mod tests;
