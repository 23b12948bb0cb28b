//! The catalogue: the items to publish in one fiscal year.

use super::{Cadence, DueRule, GeneratedSource, Period, ScheduledPeriod, Topic, schedule_period};
use crate::fiscal::FiscalYear;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

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
    /// The code of another item of the same catalogue that asks for the same
    /// document (the OIT's "O1 โครงสร้าง" and the plan's "2.1.1-1
    /// โครงสร้างการแบ่งส่วนราชการ"): this item stands on that item's
    /// publications, period by period, so one publication satisfies both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
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
pub(super) fn code_key(code: &str) -> String {
    code.trim().to_uppercase()
}

pub(super) fn error(field: &'static str, message: String) -> CatalogueError {
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
            if let Some(problem) = self.check_same_as(item) {
                errors.push(problem);
            }
        }
        errors
    }

    /// An item that uses another item's publications must name an item of
    /// this catalogue, not itself, with the same periods; that item must not
    /// use a third one's in turn (one step, never a chain), and an item the
    /// system publishes itself uses no other's.
    pub fn check_same_as(&self, item: &CatalogueItem) -> Option<CatalogueError> {
        let wanted = item.same_as.as_deref()?.trim();
        let code = item.code.trim();
        let problem = |message: String| Some(error("same_as", message));
        let Some(target) = self.item(wanted) else {
            return problem(format!(
                "รายการ {code}: ไม่พบรายการ \"{wanted}\" ในรายการข้อมูลสาธารณะปี {}",
                self.fiscal_year
            ));
        };
        if code_key(&target.code) == code_key(code) {
            return problem(format!("รายการ {code} ใช้เอกสารของตัวเองไม่ได้"));
        }
        if item.generated_source.is_some() {
            return problem(format!(
                "รายการ {code} ระบบเผยแพร่เอง จึงไม่ใช้เอกสารของรายการอื่น"
            ));
        }
        if target.cadence != item.cadence {
            return problem(format!(
                "รายการ {code} เผยแพร่{} แต่รายการ {} เผยแพร่{} งวดไม่ตรงกันจึงใช้เอกสารเดียวกันไม่ได้",
                item.cadence.thai(),
                target.code,
                target.cadence.thai()
            ));
        }
        if let Some(further) = target.same_as.as_deref() {
            return problem(format!(
                "รายการ {} ใช้เอกสารของรายการ {further} อยู่แล้ว: เลือกรายการ {further} แทน",
                target.code
            ));
        }
        if let Some(user) = self.items.iter().find(|other| {
            other
                .same_as
                .as_deref()
                .is_some_and(|s| code_key(s) == code_key(code))
        }) {
            return problem(format!(
                "รายการ {} ใช้เอกสารของรายการ {code} อยู่ จึงให้รายการ {code} ไปใช้เอกสารของรายการอื่นไม่ได้",
                user.code
            ));
        }
        None
    }

    /// The code (as the catalogue writes it) whose publications stand for
    /// `item`: the item it uses the document of, else its own.
    pub fn publishing_code<'a>(&'a self, item: &'a CatalogueItem) -> &'a str {
        item.same_as
            .as_deref()
            .and_then(|code| self.item(code))
            .map_or(item.code.as_str(), |target| target.code.as_str())
    }

    /// The items that use `code`'s publications, in catalogue order.
    pub fn sharing(&self, code: &str) -> Vec<&CatalogueItem> {
        self.items
            .iter()
            .filter(|i| {
                i.same_as
                    .as_deref()
                    .is_some_and(|s| code_key(s) == code_key(code))
            })
            .collect()
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
