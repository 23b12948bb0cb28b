//! The yearly gift report (No Gift Policy, issue 14) as CSV: organisation
//! totals only, the same figures as the public page, no names and no units.

use sujarit_core::integrity::gift::GiftReport;

use crate::ReportError;
use crate::csv_file::write_rows;

/// One row per figure: section, line, count, value in baht ("1500.00").
pub fn csv(report: &GiftReport) -> Result<Vec<u8>, ReportError> {
    let baht = |b: sujarit_core::Baht| format!("{}.{:02}", b.satang() / 100, b.satang() % 100);
    let mut rows: Vec<[String; 4]> = vec![[
        "หมวด".into(),
        "รายการ".into(),
        "จำนวน".into(),
        "มูลค่า (บาท)".into(),
    ]];
    rows.push([
        "รวม".into(),
        format!("การแจ้งทั้งหมด ปีงบประมาณ {}", report.fiscal_year.be()),
        report.total.count.to_string(),
        baht(report.total.value),
    ]);
    for (decision, tally) in &report.by_decision {
        rows.push([
            "ตามผลการดำเนินการ".into(),
            decision.thai().into(),
            tally.count.to_string(),
            baht(tally.value),
        ]);
    }
    for (kind, tally) in &report.by_kind {
        rows.push([
            "ตามประเภท".into(),
            kind.thai().into(),
            tally.count.to_string(),
            baht(tally.value),
        ]);
    }
    for (decision, tally) in &report.over_limit {
        rows.push([
            format!("เกินมูลค่าที่รับได้ ({} บาท)", report.permitted_value),
            decision.thai().into(),
            tally.count.to_string(),
            baht(tally.value),
        ]);
    }
    rows.push([
        "อื่น ๆ".into(),
        "ผู้ให้มีเรื่องอยู่ระหว่างการพิจารณาของหน่วยงาน".into(),
        report.pending_work.to_string(),
        String::new(),
    ]);
    rows.push([
        "อื่น ๆ".into(),
        "รอผู้บังคับบัญชาพิจารณา".into(),
        report.awaiting_decision.to_string(),
        String::new(),
    ]);
    for (round, count) in &report.nil_returns {
        rows.push([
            "แจ้งว่าไม่มีการรับ".into(),
            round.thai().into(),
            count.to_string(),
            String::new(),
        ]);
    }
    write_rows(rows)
}
