//! Quarterly progress on plan items, the E-PlanNACC rounds derived from it,
//! the completion score and the review workflow.

use crate::fiscal::Quarter;
use crate::money::Baht;
use crate::plan::ItemRef;
// Re-exported: callers name it `progress::FieldError` since before `validation`.
pub use crate::validation::FieldError;
use serde::{Deserialize, Serialize};

/// Where an item stands, as E-PlanNACC asks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ProgressStatus {
    NotStarted,
    InProgress,
    Completed,
    /// ไม่สามารถดำเนินการได้, with E-PlanNACC's reasons.
    NotDone {
        reason: NotDoneReason,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", content = "text", rename_all = "snake_case")]
pub enum NotDoneReason {
    /// ไม่ได้รับงบประมาณ
    NoBudget,
    /// นโยบายผู้บริหารเปลี่ยนแปลง
    PolicyChanged,
    /// บุคลากรไม่เพียงพอ
    NotEnoughStaff,
    /// อื่นๆ (ระบุ)
    Other(String),
}

impl ProgressStatus {
    pub fn thai(&self) -> String {
        match self {
            ProgressStatus::NotStarted => "ยังไม่ดำเนินการ".into(),
            ProgressStatus::InProgress => "อยู่ระหว่างดำเนินการ".into(),
            ProgressStatus::Completed => "ดำเนินการแล้วเสร็จ".into(),
            ProgressStatus::NotDone { reason } => {
                format!("ไม่สามารถดำเนินการได้ ({})", reason.thai())
            }
        }
    }

    /// The E-PlanNACC weight: completed 1, in progress 0.5, anything else 0.
    pub fn score_weight_halves(&self) -> u32 {
        match self {
            ProgressStatus::Completed => 2,
            ProgressStatus::InProgress => 1,
            _ => 0,
        }
    }
}

impl NotDoneReason {
    pub fn thai(&self) -> String {
        match self {
            NotDoneReason::NoBudget => "ไม่ได้รับงบประมาณ".into(),
            NotDoneReason::PolicyChanged => "นโยบายผู้บริหารเปลี่ยนแปลง".into(),
            NotDoneReason::NotEnoughStaff => "บุคลากรไม่เพียงพอ".into(),
            NotDoneReason::Other(text) => format!("อื่นๆ: {text}"),
        }
    }
}

/// The review workflow of one quarterly report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    Draft,
    Submitted,
    /// Sent back to the unit with a comment.
    Returned,
    Approved,
    /// Visible to the public.
    Published,
}

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Draft => "draft",
            ReviewState::Submitted => "submitted",
            ReviewState::Returned => "returned",
            ReviewState::Approved => "approved",
            ReviewState::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewState> {
        [
            ReviewState::Draft,
            ReviewState::Submitted,
            ReviewState::Returned,
            ReviewState::Approved,
            ReviewState::Published,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }

    pub fn thai(self) -> &'static str {
        match self {
            ReviewState::Draft => "ร่าง",
            ReviewState::Submitted => "ส่งตรวจแล้ว",
            ReviewState::Returned => "ส่งกลับให้แก้ไข",
            ReviewState::Approved => "อนุมัติแล้ว",
            ReviewState::Published => "เผยแพร่แล้ว",
        }
    }

    /// Whether the unit may still edit the report.
    pub fn editable_by_unit(self) -> bool {
        matches!(self, ReviewState::Draft | ReviewState::Returned)
    }

    /// The move an action makes, or None when the action is not allowed now.
    pub fn apply(self, action: ReviewAction) -> Option<ReviewState> {
        use ReviewAction::*;
        use ReviewState::*;
        match (self, action) {
            (Draft | Returned, Submit) => Some(Submitted),
            (Submitted, Return) => Some(Returned),
            (Submitted, Approve) => Some(Approved),
            (Approved, Publish) => Some(Published),
            // A published report can be taken back for correction.
            (Approved | Published, Return) => Some(Returned),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewAction {
    Submit,
    Return,
    Approve,
    Publish,
}

/// E-PlanNACC's reporting rounds: 6 months (Q1–Q2, Oct–Mar) and 12 months.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Round {
    #[serde(rename = "6m")]
    SixMonths,
    #[serde(rename = "12m")]
    TwelveMonths,
}

impl Round {
    pub fn as_str(self) -> &'static str {
        match self {
            Round::SixMonths => "6m",
            Round::TwelveMonths => "12m",
        }
    }

    pub fn parse(s: &str) -> Option<Round> {
        match s {
            "6m" | "6" => Some(Round::SixMonths),
            "12m" | "12" => Some(Round::TwelveMonths),
            _ => None,
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            Round::SixMonths => "รอบ 6 เดือน (ต.ค.–มี.ค.)",
            Round::TwelveMonths => "รอบ 12 เดือน (ต.ค.–ก.ย.)",
        }
    }

    /// The round a page shows when none is chosen: in the first half of the
    /// current fiscal year the 12-month round is not due yet (and mostly
    /// empty), so the 6-month round; otherwise the 12-month round.
    pub fn default_for(year: u16, today: time::Date) -> Round {
        let (current, quarter) = Quarter::of(today);
        if current.be() == year && quarter.number() <= Round::SixMonths.last_quarter().number() {
            Round::SixMonths
        } else {
            Round::TwelveMonths
        }
    }

    /// The last quarter a round covers.
    pub fn last_quarter(self) -> Quarter {
        match self {
            Round::SixMonths => Quarter::Q2,
            Round::TwelveMonths => Quarter::Q4,
        }
    }
}

/// A KPI value reported against a target of the item's form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiActual {
    /// The KPI text as the form states it, e.g. "ผู้เข้าร่วมพึงพอใจไม่ต่ำกว่าร้อยละ 80".
    pub kpi: String,
    /// What was achieved, as a number in the KPI's unit (e.g. 86 for 86%).
    pub value: String,
    pub note: Option<String>,
}

/// Metadata of an evidence file; the bytes live in the file store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub id: String,
    pub file_name: String,
    /// Detected from the content, not the name.
    pub media_type: String,
    pub size_bytes: u64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: time::OffsetDateTime,
}

/// One unit's report on one item for one quarter of a fiscal year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuarterReport {
    pub item: ItemRef,
    pub fiscal_year: u16,
    pub quarter: Quarter,
    #[serde(flatten)]
    pub status: ProgressStatus,
    /// Budget in the plan (แผนพัฒนาท้องถิ่น / Part 2).
    pub budget_planned: Option<Baht>,
    /// Budget adopted in the เทศบัญญัติ.
    pub budget_adopted: Option<Baht>,
    /// Disbursed so far this fiscal year.
    pub budget_disbursed: Option<Baht>,
    /// Why more was disbursed than adopted, when it was.
    pub overspend_reason: Option<String>,
    pub narrative: String,
    pub kpi_actuals: Vec<KpiActual>,
    pub evidence: Vec<Evidence>,
    pub review: ReviewState,
    pub review_comment: Option<String>,
    /// Bumped on every save; a form submitted with an older one is stale.
    pub revision: i64,
    pub updated_by: Option<String>,
    pub updated_at: Option<time::OffsetDateTime>,
}

impl QuarterReport {
    /// Checks the amounts and the status reason. Returns every problem, so a
    /// form can show them all at once.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (field, label, amount) in [
            ("budget_planned", "งบประมาณตามแผน", self.budget_planned),
            ("budget_adopted", "งบประมาณตามเทศบัญญัติ", self.budget_adopted),
            ("budget_disbursed", "งบประมาณที่เบิกจ่าย", self.budget_disbursed),
        ] {
            if amount.is_some_and(|a| a.satang() < 0) {
                errors.push(FieldError {
                    field,
                    message: format!("{label}ต้องไม่ติดลบ"),
                });
            }
        }
        if let (Some(adopted), Some(disbursed)) = (self.budget_adopted, self.budget_disbursed)
            && disbursed > adopted
            && self
                .overspend_reason
                .as_deref()
                .is_none_or(|r| r.trim().is_empty())
        {
            errors.push(FieldError {
                field: "overspend_reason",
                message: format!(
                    "เบิกจ่าย {disbursed} บาท มากกว่างบประมาณตามเทศบัญญัติ {adopted} บาท: โปรดระบุเหตุผล"
                ),
            });
        }
        if let ProgressStatus::NotDone {
            reason: NotDoneReason::Other(text),
        } = &self.status
            && text.trim().is_empty()
        {
            errors.push(FieldError {
                field: "reason_text",
                message: "โปรดระบุเหตุผลที่ไม่สามารถดำเนินการได้".into(),
            });
        }
        for (i, kpi) in self.kpi_actuals.iter().enumerate() {
            if !kpi.value.trim().is_empty() && parse_number(&kpi.value).is_none() {
                errors.push(FieldError {
                    field: "kpi_actuals",
                    message: format!(
                        "ผลตัวชี้วัดที่ {} (\"{}\") ต้องเป็นตัวเลข เช่น 86 หรือ 86.5",
                        i + 1,
                        kpi.value
                    ),
                });
            }
        }
        errors
    }
}

/// A plain decimal number ("86", "86.5", "๘๖", "1,200"); None for anything else.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = crate::thai::arabic_digits(text.trim()).replace(',', "");
    let t = t.trim_end_matches('%').trim();
    if t.is_empty()
        || !t.chars().all(|c| c.is_ascii_digit() || c == '.')
        || t.matches('.').count() > 1
    {
        return None;
    }
    t.parse().ok()
}

/// The status an item has in a round: the latest quarter reported within it.
pub fn status_in_round(reports: &[QuarterReport], round: Round) -> Option<&QuarterReport> {
    reports
        .iter()
        .filter(|r| r.quarter <= round.last_quarter())
        .max_by_key(|r| r.quarter)
}

/// E-PlanNACC's completion score: (completed × 1 + in progress × 0.5) ÷ items × 100.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub items: u32,
    pub completed: u32,
    pub in_progress: u32,
    pub not_done: u32,
    /// Items with no report yet in the round (รอรายงานผล).
    pub not_reported: u32,
}

impl Score {
    pub fn add(&mut self, status: Option<&ProgressStatus>) {
        self.items += 1;
        match status {
            Some(ProgressStatus::Completed) => self.completed += 1,
            Some(ProgressStatus::InProgress) => self.in_progress += 1,
            Some(ProgressStatus::NotDone { .. }) => self.not_done += 1,
            Some(ProgressStatus::NotStarted) => {}
            None => self.not_reported += 1,
        }
    }

    /// The score in hundredths of a percent (8350 = 83.50%), exact.
    pub fn percent_hundredths(&self) -> u32 {
        if self.items == 0 {
            return 0;
        }
        let halves = self.completed * 2 + self.in_progress;
        // halves / (2 × items) × 100 × 100, rounded half up.
        (halves * 10_000 + self.items) / (2 * self.items)
    }

    /// "83.50"
    pub fn percent_text(&self) -> String {
        let h = self.percent_hundredths();
        format!("{}.{:02}", h / 100, h % 100)
    }
}

/// A KPI target stated in a form, e.g. "ไม่น้อยกว่าร้อยละ 80".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiTarget {
    /// The whole line of the form it came from.
    pub text: String,
    pub comparison: Comparison,
    pub value: f64,
    /// "ร้อยละ", "คน", "ครั้ง", …
    pub unit: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    AtLeast,
    AtMost,
    Exactly,
}

impl KpiTarget {
    /// Whether an achieved value meets the target.
    pub fn met_by(&self, actual: f64) -> bool {
        match self.comparison {
            Comparison::AtLeast => actual >= self.value,
            Comparison::AtMost => actual <= self.value,
            Comparison::Exactly => (actual - self.value).abs() < f64::EPSILON,
        }
    }
}

/// Reads the measurable targets out of a form's outputs and outcomes:
/// "ไม่ต่ำกว่าร้อยละ 80", "ไม่น้อยกว่า 2 ครั้ง", "ลดลงร้อยละ 80", "จำนวน 100 คน".
pub fn kpi_targets(lines: &[String]) -> Vec<KpiTarget> {
    let mut out = Vec::new();
    for line in lines {
        let text = crate::thai::arabic_digits(line);
        let comparison = if ["ไม่ต่ำกว่า", "ไม่น้อยกว่า", "อย่างน้อย", "ขึ้นไป"]
            .iter()
            .any(|k| text.contains(k))
        {
            Comparison::AtLeast
        } else if ["ไม่เกิน", "ไม่มากกว่า"].iter().any(|k| text.contains(k))
        {
            Comparison::AtMost
        } else if text.contains("ร้อยละ") {
            Comparison::AtLeast
        } else {
            continue;
        };
        // The number after the comparison word: in "1) … ไม่น้อยกว่า 2 ครั้ง" the
        // target is 2, not the list number.
        let body = strip_list_number(&text);
        let body_start = text.len() - body.len();
        let from = [
            "ไม่ต่ำกว่า",
            "ไม่น้อยกว่า",
            "อย่างน้อย",
            "ไม่เกิน",
            "ไม่มากกว่า",
            "ร้อยละ",
        ]
        .iter()
        .filter_map(|k| body.find(k))
        .min()
        .map_or(body_start, |i| body_start + i);
        let digit = |from: usize| {
            text[from..]
                .find(|c: char| c.is_ascii_digit())
                .map(|i| from + i)
        };
        let Some(start) = digit(from).or_else(|| digit(body_start)) else {
            continue;
        };
        let number: String = text[start..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let Ok(value) = number.parse::<f64>() else {
            continue;
        };
        let before = &text[..start];
        let after = text[start + number.len()..].trim_start();
        let unit = if before.trim_end().ends_with("ร้อยละ") || after.starts_with('%') {
            "ร้อยละ".to_string()
        } else {
            after.split_whitespace().next().unwrap_or("").to_string()
        };
        out.push(KpiTarget {
            text: line.trim().to_string(),
            comparison,
            value,
            unit,
        });
    }
    out
}

/// The text after a list number that starts a form line: "1) ", "- 2) ", "(3) ", "4. ".
fn strip_list_number(text: &str) -> &str {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '-' || c == '•');
    let inner = t.strip_prefix('(').unwrap_or(t);
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = &inner[digits..];
        if let Some(rest) = rest.strip_prefix(')').or_else(|| rest.strip_prefix(". ")) {
            return rest;
        }
    }
    text
}

/// Which report: one item, one fiscal year, one quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ReportKey {
    pub item: ItemRef,
    pub fiscal_year: u16,
    pub quarter: Quarter,
}

impl std::fmt::Display for ReportKey {
    /// "รายการ 2.19 ปีงบประมาณ 2568 ไตรมาส 1"
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "รายการ {} ปีงบประมาณ {} ไตรมาส {}",
            self.item,
            self.fiscal_year,
            self.quarter.number()
        )
    }
}

impl QuarterReport {
    /// An empty draft, as a form shows it before the first save.
    pub fn new(key: ReportKey) -> QuarterReport {
        QuarterReport {
            item: key.item,
            fiscal_year: key.fiscal_year,
            quarter: key.quarter,
            status: ProgressStatus::NotStarted,
            budget_planned: None,
            budget_adopted: None,
            budget_disbursed: None,
            overspend_reason: None,
            narrative: String::new(),
            kpi_actuals: Vec::new(),
            evidence: Vec::new(),
            review: ReviewState::Draft,
            review_comment: None,
            revision: 0,
            updated_by: None,
            updated_at: None,
        }
    }

    pub fn key(&self) -> ReportKey {
        ReportKey {
            item: self.item,
            fiscal_year: self.fiscal_year,
            quarter: self.quarter,
        }
    }
}

impl ProgressStatus {
    /// The stored code of the status, without its reason.
    pub fn code(&self) -> &'static str {
        match self {
            ProgressStatus::NotStarted => "not_started",
            ProgressStatus::InProgress => "in_progress",
            ProgressStatus::Completed => "completed",
            ProgressStatus::NotDone { .. } => "not_done",
        }
    }

    /// The reverse of [`ProgressStatus::code`] and [`NotDoneReason::code`]:
    /// `reason` and `text` only matter for "not_done" (and `text` for "other").
    pub fn from_codes(
        status: &str,
        reason: Option<&str>,
        text: Option<&str>,
    ) -> Option<ProgressStatus> {
        Some(match status {
            "not_started" => ProgressStatus::NotStarted,
            "in_progress" => ProgressStatus::InProgress,
            "completed" => ProgressStatus::Completed,
            "not_done" => ProgressStatus::NotDone {
                reason: match reason? {
                    "no_budget" => NotDoneReason::NoBudget,
                    "policy_changed" => NotDoneReason::PolicyChanged,
                    "not_enough_staff" => NotDoneReason::NotEnoughStaff,
                    "other" => NotDoneReason::Other(text.unwrap_or_default().to_string()),
                    _ => return None,
                },
            },
            _ => return None,
        })
    }
}

impl NotDoneReason {
    pub fn code(&self) -> &'static str {
        match self {
            NotDoneReason::NoBudget => "no_budget",
            NotDoneReason::PolicyChanged => "policy_changed",
            NotDoneReason::NotEnoughStaff => "not_enough_staff",
            NotDoneReason::Other(_) => "other",
        }
    }

    /// The free text of "other", None for the fixed reasons.
    pub fn text(&self) -> Option<&str> {
        match self {
            NotDoneReason::Other(text) => Some(text),
            _ => None,
        }
    }
}

impl ReviewAction {
    pub const ALL: [ReviewAction; 4] = [
        ReviewAction::Submit,
        ReviewAction::Return,
        ReviewAction::Approve,
        ReviewAction::Publish,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewAction::Submit => "submit",
            ReviewAction::Return => "return",
            ReviewAction::Approve => "approve",
            ReviewAction::Publish => "publish",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewAction> {
        ReviewAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn thai(self) -> &'static str {
        match self {
            ReviewAction::Submit => "ส่งตรวจ",
            ReviewAction::Return => "ส่งกลับให้แก้ไข",
            ReviewAction::Approve => "อนุมัติ",
            ReviewAction::Publish => "เผยแพร่",
        }
    }

    /// Returning needs a comment saying what to fix.
    pub fn needs_comment(self) -> bool {
        self == ReviewAction::Return
    }
}

impl ReviewState {
    /// Why `action` cannot be taken now, in Thai, naming the report.
    pub fn refusal(self, action: ReviewAction, key: &ReportKey) -> String {
        format!("{}ไม่ได้: {key} อยู่ในสถานะ \"{}\"", action.thai(), self.thai())
    }
}

/// A report's fiscal year must lie within the plan's `period`.
pub fn check_report_year(fiscal_year: u16, period: crate::Period) -> Option<FieldError> {
    if (period.first_fiscal_year..=period.last_fiscal_year).contains(&fiscal_year) {
        return None;
    }
    Some(FieldError {
        field: "fiscal_year",
        message: format!(
            "ปีงบประมาณ {} อยู่นอกช่วงของแผน ({}–{})",
            fiscal_year, period.first_fiscal_year, period.last_fiscal_year
        ),
    })
}

/// Returning a report needs a comment saying what to fix.
pub fn comment_required() -> FieldError {
    FieldError {
        field: "comment",
        message: "โปรดระบุสิ่งที่ต้องแก้ไขก่อนส่งกลับ".into(),
    }
}

impl Evidence {
    /// What the store checks of a file's record before attaching it.
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.sha256.len() != 64 || !self.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            errors.push(FieldError {
                field: "sha256",
                message: "รหัส SHA-256 ของไฟล์ไม่ถูกต้อง".into(),
            });
        }
        if self.size_bytes == 0 {
            errors.push(FieldError {
                field: "file",
                message: format!("ไฟล์ \"{}\" ว่างเปล่า", self.file_name),
            });
        }
        errors
    }

    /// The file is too large for the database's size column.
    pub fn too_large(&self) -> FieldError {
        FieldError {
            field: "file",
            message: format!("ไฟล์ \"{}\" ใหญ่เกินไป", self.file_name),
        }
    }
}

/// One move of a report through the workflow, as the history shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewEvent {
    pub action: ReviewAction,
    pub from: ReviewState,
    pub to: ReviewState,
    pub comment: Option<String>,
    /// The user id of who made the move.
    pub actor: String,
    pub at: time::OffsetDateTime,
}

/// Where a quarter's report stands against the calendar, for "my items".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadline {
    /// The quarter has not started.
    NotYet,
    /// The quarter is running: report by its last day.
    DueNow,
    /// The quarter has ended and no report has gone to review.
    Late,
    /// Submitted, approved or published.
    Done,
}

impl Deadline {
    /// A report counts as done once it has been submitted (and not returned).
    pub fn of(today: time::Date, key: &ReportKey, review: Option<ReviewState>) -> Deadline {
        if matches!(
            review,
            Some(ReviewState::Submitted | ReviewState::Approved | ReviewState::Published)
        ) {
            return Deadline::Done;
        }
        let year = crate::fiscal::FiscalYear(key.fiscal_year);
        if today < key.quarter.first_day(year) {
            Deadline::NotYet
        } else if today <= key.quarter.last_day(year) {
            Deadline::DueNow
        } else {
            Deadline::Late
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            Deadline::NotYet => "ยังไม่ถึงกำหนด",
            Deadline::DueNow => "ต้องรายงานไตรมาสนี้",
            Deadline::Late => "เกินกำหนด",
            Deadline::Done => "รายงานแล้ว",
        }
    }
}

/// The actual value of a Part 1 target (ITA score, corruption cases) in one
/// fiscal year, entered by the plan coordinator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetActual {
    /// The indicator exactly as the plan's target table writes it.
    pub indicator: String,
    pub fiscal_year: u16,
    /// A plain decimal number as text ("85.47", "3"), see [`normalize_number`].
    pub value: String,
    pub note: Option<String>,
    pub updated_by: Option<String>,
    pub updated_at: Option<time::OffsetDateTime>,
}

impl TargetActual {
    /// Adds to `errors` (from [`TargetActual::validate`]) what the current
    /// plan refuses: an indicator it does not have (`known` false) and a
    /// year outside its `period` that is not the indicator's baseline year.
    pub fn check_against_plan(
        &self,
        errors: &mut Vec<FieldError>,
        known: bool,
        period: crate::Period,
    ) {
        if !known && errors.iter().all(|e| e.field != "indicator") {
            errors.push(FieldError {
                field: "indicator",
                message: format!("ไม่พบตัวชี้วัด \"{}\" ในแผนที่ใช้อยู่", self.indicator),
            });
        }
        let baseline = match crate::scores::TargetKind::of(&self.indicator, period) {
            crate::scores::TargetKind::ReductionFrom { baseline_year } => Some(baseline_year),
            crate::scores::TargetKind::AtLeast => None,
        };
        let in_plan =
            (period.first_fiscal_year..=period.last_fiscal_year).contains(&self.fiscal_year);
        if !in_plan && baseline != Some(self.fiscal_year) {
            errors.push(FieldError {
                field: "fiscal_year",
                message: format!(
                    "ปีงบประมาณ {} อยู่นอกช่วงของแผน ({}–{}){}",
                    self.fiscal_year,
                    period.first_fiscal_year,
                    period.last_fiscal_year,
                    baseline
                        .map(|y| format!(" และไม่ใช่ปีฐาน {y}"))
                        .unwrap_or_default()
                ),
            });
        }
    }

    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.indicator.trim().is_empty() {
            errors.push(FieldError {
                field: "indicator",
                message: "โปรดเลือกตัวชี้วัด".into(),
            });
        }
        if normalize_number(&self.value).is_none() {
            errors.push(FieldError {
                field: "value",
                message: format!(
                    "ผลที่ได้ (\"{}\") ต้องเป็นตัวเลขไม่ติดลบ เช่น 85 หรือ 85.47",
                    self.value.trim()
                ),
            });
        }
        errors
    }
}

/// A number as [`parse_number`] reads it, written canonically: Arabic digits,
/// no separators, no leading zeros, no trailing zeros after the point
/// ("๘๕.๕๐" → "85.5", "1,200" → "1200", "007" → "7"). Exact: no float in between.
pub fn normalize_number(text: &str) -> Option<String> {
    parse_number(text)?;
    let t = crate::thai::arabic_digits(text.trim()).replace(',', "");
    let t = t.trim_end_matches('%').trim();
    let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let fraction = fraction.trim_end_matches('0');
    Some(if fraction.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{fraction}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_round_is_six_months_in_the_first_half_of_the_current_year() {
        use time::macros::date;
        // 4 Dec 2026 is in quarter 1 of fiscal year 2570.
        assert_eq!(
            Round::default_for(2570, date!(2026 - 12 - 04)),
            Round::SixMonths
        );
        assert_eq!(
            Round::default_for(2570, date!(2027 - 03 - 31)),
            Round::SixMonths
        );
        assert_eq!(
            Round::default_for(2570, date!(2027 - 04 - 01)),
            Round::TwelveMonths
        );
        // An earlier year is over: its 12-month round is the whole story.
        assert_eq!(
            Round::default_for(2569, date!(2026 - 12 - 04)),
            Round::TwelveMonths
        );
    }

    fn report(quarter: Quarter, status: ProgressStatus) -> QuarterReport {
        QuarterReport {
            item: ItemRef {
                dimension: 1,
                no: 1,
            },
            fiscal_year: 2568,
            quarter,
            status,
            budget_planned: None,
            budget_adopted: None,
            budget_disbursed: None,
            overspend_reason: None,
            narrative: String::new(),
            kpi_actuals: vec![],
            evidence: vec![],
            review: ReviewState::Draft,
            review_comment: None,
            revision: 0,
            updated_by: None,
            updated_at: None,
        }
    }

    #[test]
    fn score_follows_eplannacc() {
        let mut s = Score::default();
        s.add(Some(&ProgressStatus::Completed));
        s.add(Some(&ProgressStatus::InProgress));
        s.add(Some(&ProgressStatus::NotDone {
            reason: NotDoneReason::NoBudget,
        }));
        s.add(None);
        // (1 + 0.5) / 4 = 37.5%
        assert_eq!(s.percent_text(), "37.50");
        assert_eq!(s.not_reported, 1);
        let mut third = Score::default();
        for st in [Some(&ProgressStatus::Completed), None, None] {
            third.add(st);
        }
        assert_eq!(third.percent_text(), "33.33");
        assert_eq!(Score::default().percent_text(), "0.00");
    }

    #[test]
    fn rounds_take_the_latest_quarter_within_them() {
        let reports = vec![
            report(Quarter::Q1, ProgressStatus::InProgress),
            report(Quarter::Q2, ProgressStatus::InProgress),
            report(Quarter::Q4, ProgressStatus::Completed),
        ];
        assert_eq!(
            status_in_round(&reports, Round::SixMonths).unwrap().quarter,
            Quarter::Q2
        );
        assert_eq!(
            status_in_round(&reports, Round::TwelveMonths)
                .unwrap()
                .status,
            ProgressStatus::Completed
        );
        assert!(status_in_round(&reports[2..], Round::SixMonths).is_none());
    }

    #[test]
    fn workflow_moves() {
        use ReviewAction::*;
        use ReviewState::*;
        assert_eq!(Draft.apply(Submit), Some(Submitted));
        assert_eq!(Submitted.apply(Approve), Some(Approved));
        assert_eq!(Approved.apply(Publish), Some(Published));
        assert_eq!(Submitted.apply(Return), Some(Returned));
        assert_eq!(Returned.apply(Submit), Some(Submitted));
        assert_eq!(Draft.apply(Publish), None);
        assert_eq!(Draft.apply(Approve), None);
        assert_eq!(Published.apply(Submit), None);
        assert!(Returned.editable_by_unit() && !Submitted.editable_by_unit());
    }

    #[test]
    fn validation_names_the_field_in_thai() {
        let mut r = report(
            Quarter::Q1,
            ProgressStatus::NotDone {
                reason: NotDoneReason::Other(" ".into()),
            },
        );
        r.budget_adopted = Some(Baht::from_baht(100));
        r.budget_disbursed = Some(Baht::from_baht(150));
        r.budget_planned = Some(Baht::from_baht(-1));
        r.kpi_actuals.push(KpiActual {
            kpi: "k".into(),
            value: "มาก".into(),
            note: None,
        });
        let fields: Vec<&str> = r.validate().iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "budget_planned",
                "overspend_reason",
                "reason_text",
                "kpi_actuals"
            ]
        );
        r.overspend_reason = Some("ได้รับงบเพิ่มเติม".into());
        r.status = ProgressStatus::Completed;
        r.budget_planned = None;
        r.kpi_actuals[0].value = "๘๖.๕".into();
        assert!(r.validate().is_empty());
    }

    #[test]
    fn kpi_targets_from_form_lines() {
        let lines = vec![
            "ผู้เข้ารับการอบรมมีความพึงพอใจไม่ต่ำกว่าร้อยละ 80".to_string(),
            "จัดกิจกรรมไม่น้อยกว่า 2 ครั้ง/ปี".to_string(),
            "ข้อผิดพลาดในการเบิกจ่ายลดลงร้อยละ 80".to_string(),
            "มีการบริหารงานโปร่งใส".to_string(),
        ];
        let targets = kpi_targets(&lines);
        assert_eq!(targets.len(), 3);
        assert_eq!(
            (targets[0].value, targets[0].unit.as_str()),
            (80.0, "ร้อยละ")
        );
        assert!(targets[0].met_by(86.0) && !targets[0].met_by(79.9));
        assert_eq!((targets[1].value, targets[1].unit.as_str()), (2.0, "ครั้ง/ปี"));
        // A list number in front of the line is not the target.
        let numbered = kpi_targets(&[
            "1) จัดอบรมไม่น้อยกว่า 2 ครั้งต่อปี".to_string(),
            "- 2) มีความรู้ ไม่น้อยกว่า ร้อยละ 80 (ทำแบบทดสอบ)".to_string(),
            "(3) ผู้เข้าร่วม 50 คนขึ้นไป".to_string(),
            "4. ความพึงพอใจร้อยละ ๙๐".to_string(),
        ]);
        let read: Vec<(f64, &str)> = numbered
            .iter()
            .map(|t| (t.value, t.unit.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                (2.0, "ครั้งต่อปี"),
                (80.0, "ร้อยละ"),
                (50.0, "คนขึ้นไป"),
                (90.0, "ร้อยละ")
            ]
        );
        assert_eq!(parse_number("1,200"), Some(1200.0));
        assert_eq!(parse_number("12a"), None);
    }

    #[test]
    fn status_codes_round_trip() {
        let all = [
            ProgressStatus::NotStarted,
            ProgressStatus::InProgress,
            ProgressStatus::Completed,
            ProgressStatus::NotDone {
                reason: NotDoneReason::NoBudget,
            },
            ProgressStatus::NotDone {
                reason: NotDoneReason::PolicyChanged,
            },
            ProgressStatus::NotDone {
                reason: NotDoneReason::NotEnoughStaff,
            },
            ProgressStatus::NotDone {
                reason: NotDoneReason::Other("น้ำท่วม".into()),
            },
        ];
        for status in all {
            let (reason, text) = match &status {
                ProgressStatus::NotDone { reason } => (Some(reason.code()), reason.text()),
                _ => (None, None),
            };
            assert_eq!(
                ProgressStatus::from_codes(status.code(), reason, text),
                Some(status.clone())
            );
        }
        assert_eq!(ProgressStatus::from_codes("not_done", None, None), None);
        assert_eq!(ProgressStatus::from_codes("done", None, None), None);
        for action in ReviewAction::ALL {
            assert_eq!(ReviewAction::parse(action.as_str()), Some(action));
        }
    }

    #[test]
    fn refusals_name_the_report_and_its_state() {
        let key = report(Quarter::Q3, ProgressStatus::Completed).key();
        let text = ReviewState::Draft.refusal(ReviewAction::Publish, &key);
        assert_eq!(
            text,
            "เผยแพร่ไม่ได้: รายการ 1.1 ปีงบประมาณ 2568 ไตรมาส 3 อยู่ในสถานะ \"ร่าง\""
        );
        assert_eq!(QuarterReport::new(key).key(), key);
        assert_eq!(QuarterReport::new(key).review, ReviewState::Draft);
    }

    #[test]
    fn deadlines_follow_the_fiscal_calendar() {
        use time::macros::date;
        // FY 2568 Q1 = Oct–Dec 2024.
        let key = ReportKey {
            item: ItemRef {
                dimension: 1,
                no: 1,
            },
            fiscal_year: 2568,
            quarter: Quarter::Q1,
        };
        assert_eq!(
            Deadline::of(date!(2024 - 09 - 30), &key, None),
            Deadline::NotYet
        );
        assert_eq!(
            Deadline::of(date!(2024 - 10 - 01), &key, None),
            Deadline::DueNow
        );
        assert_eq!(
            Deadline::of(date!(2024 - 12 - 31), &key, None),
            Deadline::DueNow
        );
        assert_eq!(
            Deadline::of(date!(2025 - 01 - 01), &key, None),
            Deadline::Late
        );
        let late_draft = Deadline::of(date!(2025 - 01 - 01), &key, Some(ReviewState::Draft));
        assert_eq!(late_draft, Deadline::Late);
        let returned = Deadline::of(date!(2025 - 02 - 01), &key, Some(ReviewState::Returned));
        assert_eq!(returned, Deadline::Late, "a returned report is not done");
        for done in [
            ReviewState::Submitted,
            ReviewState::Approved,
            ReviewState::Published,
        ] {
            assert_eq!(
                Deadline::of(date!(2025 - 06 - 01), &key, Some(done)),
                Deadline::Done
            );
        }
    }

    #[test]
    fn numbers_normalise_exactly() {
        assert_eq!(normalize_number("๘๕.๕๐").as_deref(), Some("85.5"));
        assert_eq!(normalize_number(" 1,200 ").as_deref(), Some("1200"));
        assert_eq!(normalize_number("007").as_deref(), Some("7"));
        assert_eq!(normalize_number("0").as_deref(), Some("0"));
        assert_eq!(normalize_number("0.0").as_deref(), Some("0"));
        assert_eq!(normalize_number(".5").as_deref(), Some("0.5"));
        assert_eq!(normalize_number("86%").as_deref(), Some("86"));
        for bad in ["", "-3", "1.2.3", "สิบ", "1e3"] {
            assert_eq!(normalize_number(bad), None, "{bad:?}");
        }
        let mut actual = TargetActual {
            indicator: "คะแนน ITA".into(),
            fiscal_year: 2568,
            value: "85.47".into(),
            note: None,
            updated_by: None,
            updated_at: None,
        };
        assert!(actual.validate().is_empty());
        actual.value = "ดี".into();
        actual.indicator = " ".into();
        let fields: Vec<&str> = actual.validate().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["indicator", "value"]);
    }
}
