//! Plan-document import: text in, a structured [`Plan`] and a list of
//! [`Finding`]s out. Pure: no I/O, no database.
//!
//! The document is read as the NACC template lays it out (Part 1 tables, the
//! Part 2 summary table, Part 3 forms, the proclamation, the annex of yearly
//! E-PlanNACC tables). Every value is kept as written; wherever the document
//! disagrees with itself a finding says where and how.

mod decode;
mod doc;
mod error;
mod forms;
#[doc(hidden)]
pub mod fuzz;
mod names;
mod org;
mod part1;
mod reconcile;
pub mod risks;
mod schedules;
mod summary;

pub use error::ImportError;
use sujarit_core::{Finding, FindingCode, ItemRef, PlanReport, Severity};

/// Choices the caller makes about an import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The organisation's name; when absent it is read from the document.
    pub organization: Option<String>,
}

/// Imports a plan document from its bytes (UTF-8, or TIS-620/Windows-874).
pub fn import_plan(bytes: &[u8], options: &ImportOptions) -> Result<PlanReport, ImportError> {
    let (text, encoding) = decode::decode(bytes)?;
    let mut report = import_text(&text, options)?;
    if matches!(encoding, decode::Encoding::Windows874) {
        report.findings.insert(
            0,
            Finding {
                code: FindingCode::EncodingConverted,
                severity: Severity::Info,
                fiscal_year: None,
                item: None,
                line: None,
                message: "ไฟล์เข้ารหัสแบบ TIS-620/Windows-874 ระบบแปลงเป็น UTF-8 ให้แล้ว โปรดตรวจว่าข้อความภาษาไทยแสดงถูกต้อง".into(),
                expected: Some("UTF-8".into()),
                found: Some("TIS-620/Windows-874".into()),
            },
        );
    }
    Ok(report)
}

/// Imports a plan document that is already text.
pub fn import_text(text: &str, options: &ImportOptions) -> Result<PlanReport, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    reconcile::run(&doc::Doc::new(text), options)
}

/// Findings collected while parsing, in document order.
#[derive(Default)]
pub(crate) struct Notes(Vec<Finding>);

impl Notes {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push(
        &mut self,
        code: FindingCode,
        severity: Severity,
        item: Option<ItemRef>,
        line: Option<u32>,
        message: String,
        expected: Option<String>,
        found: Option<String>,
    ) {
        self.0.push(Finding {
            code,
            severity,
            fiscal_year: None,
            item,
            line,
            message,
            expected,
            found,
        });
    }

    pub(crate) fn into_vec(self) -> Vec<Finding> {
        self.0
    }
}
