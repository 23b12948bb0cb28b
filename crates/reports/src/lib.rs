//! The official reports of a plan, as PDF, XLSX and CSV:
//!
//! - [`ReportKind::Schedule`]: the yearly table in the layout of the E-PlanNACC annex
//!   (order, item, dimension, budget, quarters ticked, totals, data date, issuer);
//! - [`ReportKind::Summary`]: the Part 2 table (dimension → mission → items, budget per
//!   fiscal year, responsible units, subtotals and the grand total);
//! - [`ReportKind::Monitoring`]: the 6-month or annual monitoring report (status,
//!   budget, what was done and KPI results per item; totals, counts and the score).
//!
//! Beside them, [`complaints`] (the report on complaints to executives),
//! [`activities`] (issue 10: an activity's sign-in sheet with its check-in QR
//! code, a survey's poster, report and answers, an item's activity summary) and
//! [`qr`] (QR codes as standalone SVG).
//!
//! Everything starts from a plain [`ReportInput`]; this crate does no I/O. The data of
//! each report is built once ([`model`]) and then written out by one module per format.
//! PDFs are typeset by typst from the `.typ` templates in `templates/`, which get the
//! model as JSON (`sys.inputs.data`), so the layouts can be edited without Rust.

use serde::Serialize;
use sujarit_core::Plan;
use sujarit_core::progress::{QuarterReport, ReviewState, Round};
use time::OffsetDateTime;

pub mod activities;
pub mod complaints;
mod csv_file;
pub mod integrity;
pub mod model;
pub mod oversight;
mod pdf;
pub mod qr;
mod text;
mod xlsx;

/// Which report to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// The yearly schedule (E-PlanNACC annex table).
    Schedule,
    /// The Part 2 summary table.
    Summary,
    /// The 6-month or annual monitoring report.
    Monitoring,
}

impl ReportKind {
    pub const ALL: [ReportKind; 3] = [
        ReportKind::Schedule,
        ReportKind::Summary,
        ReportKind::Monitoring,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Schedule => "schedule",
            ReportKind::Summary => "summary",
            ReportKind::Monitoring => "monitoring",
        }
    }

    pub fn parse(s: &str) -> Option<ReportKind> {
        ReportKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn thai(self) -> &'static str {
        match self {
            ReportKind::Schedule => "ตารางแผนปฏิบัติการประจำปี (E-PlanNACC)",
            ReportKind::Summary => "ตารางสรุปโครงการ/กิจกรรม/มาตรการ (ส่วนที่ 2)",
            ReportKind::Monitoring => "รายงานผลการดำเนินงาน",
        }
    }
}

/// The file format of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Pdf,
    Xlsx,
    Csv,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Pdf, Format::Xlsx, Format::Csv];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The file extension, which is also [`Format::as_str`].
    pub fn extension(self) -> &'static str {
        self.as_str()
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// Which quarterly reports count, by their review state. The caller decides: a
/// public download takes only published data, the back office approved data too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgressFilter {
    /// Published reports only.
    Published,
    /// Approved or published reports.
    #[default]
    Approved,
    /// Every report, drafts included.
    All,
}

impl ProgressFilter {
    pub fn as_str(self) -> &'static str {
        match self {
            ProgressFilter::Published => "published",
            ProgressFilter::Approved => "approved",
            ProgressFilter::All => "all",
        }
    }

    pub fn parse(s: &str) -> Option<ProgressFilter> {
        [
            ProgressFilter::Published,
            ProgressFilter::Approved,
            ProgressFilter::All,
        ]
        .into_iter()
        .find(|f| f.as_str() == s)
    }

    pub fn admits(self, state: ReviewState) -> bool {
        match self {
            ProgressFilter::Published => state == ReviewState::Published,
            ProgressFilter::Approved => {
                matches!(state, ReviewState::Approved | ReviewState::Published)
            }
            ProgressFilter::All => true,
        }
    }

    /// A line for the report saying what it contains.
    pub fn thai(self) -> &'static str {
        match self {
            ProgressFilter::Published => "เฉพาะผลการดำเนินงานที่เผยแพร่แล้ว",
            ProgressFilter::Approved => "เฉพาะผลการดำเนินงานที่ผ่านการอนุมัติแล้ว",
            ProgressFilter::All => "รวมผลการดำเนินงานที่ยังไม่ผ่านการตรวจสอบ",
        }
    }
}

/// Everything a report is made from. Plain data: the caller loads it.
#[derive(Clone, Debug)]
pub struct ReportInput {
    /// The organisation's name as it heads every page.
    pub organization: String,
    pub plan: Plan,
    /// The fiscal year (BE) the report is about; it must lie within the plan's period.
    pub fiscal_year: u16,
    /// Required for the monitoring report; ignored by the others.
    pub round: Option<Round>,
    /// Quarterly reports; those of other years are ignored.
    pub progress: Vec<QuarterReport>,
    /// Which of the quarterly reports count.
    pub include: ProgressFilter,
    /// Who issues the report ("ผู้ออกรายงาน"); the schedule falls back to the
    /// issuer recorded with the plan's yearly table.
    pub issuer: Option<String>,
    /// When the report is made; shown in Thai time with a BE date.
    pub generated_at: OffsetDateTime,
}

/// Why a report could not be made. The messages are Thai, for the person asking.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("รายงานผลการดำเนินงานต้องระบุรอบการรายงาน: 6m (รอบ 6 เดือน) หรือ 12m (รอบ 12 เดือน)")]
    RoundRequired,
    #[error("ปีงบประมาณ {year} อยู่นอกช่วงของแผน (พ.ศ. {first}–{last})")]
    FiscalYearOutsidePlan { year: u16, first: u16, last: u16 },
    #[error("ปีงบประมาณ {0} ไม่ถูกต้อง: ใช้ปี พ.ศ. เช่น 2569")]
    FiscalYearNotBe(u16),
    #[error("รายงานนี้มีเฉพาะไฟล์ PDF และ Excel (xlsx)")]
    FormatNotOffered,
    #[error("สร้างไฟล์ PDF ไม่สำเร็จ: {0}")]
    Pdf(String),
    #[error("สร้างไฟล์ Excel ไม่สำเร็จ: {0}")]
    Xlsx(String),
    #[error("สร้างไฟล์ CSV ไม่สำเร็จ: {0}")]
    Csv(String),
}

/// Builds one report in one format.
pub fn render(
    kind: ReportKind,
    format: Format,
    input: &ReportInput,
) -> Result<Vec<u8>, ReportError> {
    let report = model::build(kind, input)?;
    match format {
        Format::Pdf => pdf::render(&report, input.generated_at),
        Format::Xlsx => xlsx::render(&report),
        Format::Csv => csv_file::render(&report),
    }
}

/// The report on complaints to executives as PDF or XLSX (see [`complaints`]).
pub fn render_complaints(
    format: Format,
    input: &complaints::ComplaintReportInput,
) -> Result<Vec<u8>, ReportError> {
    let report = complaints::build(input)?;
    match format {
        Format::Pdf => pdf::typeset_data("complaints.typ", &report, input.generated_at).0,
        Format::Xlsx => xlsx::complaints(&report),
        Format::Csv => Err(ReportError::FormatNotOffered),
    }
}

/// typst's warnings for the complaints report's PDF: empty when the template is right.
pub fn complaints_pdf_warnings(
    input: &complaints::ComplaintReportInput,
) -> Result<Vec<String>, ReportError> {
    let report = complaints::build(input)?;
    let (pdf, warnings) = pdf::typeset_data("complaints.typ", &report, input.generated_at);
    pdf.map(|_| warnings)
}

/// typst's warnings for a report's PDF, such as a character the fonts lack:
/// empty when the templates are right. For tests and template work.
pub fn pdf_warnings(kind: ReportKind, input: &ReportInput) -> Result<Vec<String>, ReportError> {
    let report = model::build(kind, input)?;
    let (pdf, warnings) = pdf::typeset(&report, input.generated_at);
    pdf.map(|_| warnings)
}

/// A file name for a download: "monitoring-2568-6m.pdf".
pub fn file_name(
    kind: ReportKind,
    format: Format,
    fiscal_year: u16,
    round: Option<Round>,
) -> String {
    match (kind, round) {
        (ReportKind::Monitoring, Some(r)) => format!(
            "{}-{fiscal_year}-{}.{}",
            kind.as_str(),
            r.as_str(),
            format.extension()
        ),
        _ => format!("{}-{fiscal_year}.{}", kind.as_str(), format.extension()),
    }
}
