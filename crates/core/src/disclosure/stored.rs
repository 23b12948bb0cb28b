//! What the store checks of a disclosure request before it writes it (with
//! the rows it read); it returns these errors unchanged.

use super::{CatalogueItem, Period};
use crate::fiscal::FiscalYear;
use crate::validation::FieldError;

impl CatalogueItem {
    /// `period` must be one of the item's cadence.
    pub fn check_period(&self, period: Period) -> Option<FieldError> {
        if self.cadence.has(period) {
            return None;
        }
        Some(FieldError {
            field: "period",
            message: format!(
                "รายการ {} เผยแพร่{} จึงไม่มีงวด {}",
                self.code,
                self.cadence.thai(),
                period.key()
            ),
        })
    }
}

/// A link check recorded against a publication that is not a link.
pub fn not_a_link() -> FieldError {
    FieldError {
        field: "publication_id",
        message: "การเผยแพร่นี้ไม่ใช่ลิงก์ จึงไม่มีผลการตรวจลิงก์".into(),
    }
}

/// The year a catalogue is copied to must be a plausible BE year.
pub fn check_copy_year(to: FiscalYear) -> Option<FieldError> {
    if (2400..=3000).contains(&to.be()) {
        return None;
    }
    Some(FieldError {
        field: "fiscal_year",
        message: format!("ปีงบประมาณ {to} ไม่ถูกต้อง: ใช้ปี พ.ศ. เช่น 2569"),
    })
}

/// The reason a period has nothing to publish, trimmed: None clears the
/// mark; a blank reason is refused.
pub fn check_not_applicable_reason(reason: Option<&str>) -> Result<Option<&str>, FieldError> {
    match reason.map(str::trim) {
        Some("") => Err(FieldError {
            field: "reason",
            message: "โปรดระบุเหตุผลที่ไม่มีข้อมูลต้องเผยแพร่".into(),
        }),
        other => Ok(other),
    }
}
