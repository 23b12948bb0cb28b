//! CSV: UTF-8 with a byte-order mark (without it Excel reads Thai as mojibake),
//! one Thai header row, one row per item. Amounts are plain numbers ("100000.00").
//! Totals are left out: a CSV is for machines, which add up themselves.
//! Text that a spreadsheet would run as a formula ("=…", "+…", "-…", "@…") gets
//! a leading apostrophe, so a narrative cannot smuggle a formula to the person
//! who opens the file.

use crate::ReportError;
use crate::model::{MonitoringReport, Report, ScheduleReport, SummaryReport};
use crate::text::baht_plain;
use crate::xlsx::{TICK, kpi_text};

pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn render(report: &Report) -> Result<Vec<u8>, ReportError> {
    write_rows(match report {
        Report::Schedule(r) => schedule(r),
        Report::Summary(r) => summary(r),
        Report::Monitoring(r) => monitoring(r),
    })
}

/// The rows as CSV with a BOM, every cell [`defuse`]d.
pub(crate) fn write_rows<R: AsRef<[String]>>(rows: Vec<R>) -> Result<Vec<u8>, ReportError> {
    let mut out = BOM.to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        for row in rows {
            let row = row.as_ref();
            writer
                .write_record(row.iter().map(|cell| defuse(cell).into_owned()))
                .map_err(|e| ReportError::Csv(e.to_string()))?;
        }
        writer
            .flush()
            .map_err(|e| ReportError::Csv(e.to_string()))?;
    }
    Ok(out)
}

/// The cell as a spreadsheet should take it: text that starts like a formula
/// gets an apostrophe; numbers (a negative amount too) stay as they are.
pub(crate) fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    let is_number = cell.parse::<f64>().is_ok();
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if !is_number => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

fn strings<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn schedule(r: &ScheduleReport) -> Vec<Vec<String>> {
    let mut rows = vec![strings([
        "ลำดับ",
        "รายการโครงการ (ตั้งต้น)",
        "มิติ",
        "งบประมาณ (บาท)",
        "ไตรมาส 1",
        "ไตรมาส 2",
        "ไตรมาส 3",
        "ไตรมาส 4",
        "หมายเหตุ",
    ])];
    for line in &r.rows {
        let mut row = vec![
            line.order.to_string(),
            line.name.clone(),
            line.dimension.map(|d| d.to_string()).unwrap_or_default(),
            baht_plain(line.budget.0),
        ];
        row.extend(
            line.quarters
                .iter()
                .map(|t| if *t { TICK.to_string() } else { String::new() }),
        );
        row.push(line.remark.clone());
        rows.push(row);
    }
    rows
}

fn summary(r: &SummaryReport) -> Vec<Vec<String>> {
    let mut head = strings(["ลำดับ", "มิติ", "ภารกิจ", "ประเภท", "โครงการ/กิจกรรม/มาตรการ"]);
    head.extend(r.years.iter().map(|y| format!("งบประมาณปี {y} (บาท)")));
    head.push("หน่วยงานรับผิดชอบ".into());
    let mut rows = vec![head];
    for d in &r.dimensions {
        for m in &d.missions {
            for item in &m.items {
                let mut row = vec![
                    item.code.clone(),
                    d.no.to_string(),
                    m.code.clone(),
                    item.kind.clone(),
                    item.name.clone(),
                ];
                row.extend(item.budgets.iter().map(|b| baht_plain(b.0)));
                row.push(item.units.join(", "));
                rows.push(row);
            }
        }
    }
    rows
}

fn monitoring(r: &MonitoringReport) -> Vec<Vec<String>> {
    let mut rows = vec![strings([
        "ที่",
        "มิติ",
        "โครงการ/กิจกรรม/มาตรการ",
        "หน่วยงานรับผิดชอบ",
        "สถานะ",
        "ไตรมาสที่รายงาน",
        "สถานะการตรวจสอบ",
        "งบประมาณตามแผน (บาท)",
        "งบประมาณตามเทศบัญญัติ (บาท)",
        "เบิกจ่าย (บาท)",
        "ผลการดำเนินงาน",
        "ผลตามตัวชี้วัด",
    ])];
    for item in r.dimensions.iter().flat_map(|d| &d.items) {
        rows.push(vec![
            item.code.clone(),
            item.dimension.to_string(),
            item.name.clone(),
            item.units.join(", "),
            item.status_label.clone(),
            item.quarter.map(|q| q.to_string()).unwrap_or_default(),
            item.review_label.clone().unwrap_or_default(),
            baht_plain(item.planned.0),
            item.adopted.map(|m| baht_plain(m.0)).unwrap_or_default(),
            item.disbursed.map(|m| baht_plain(m.0)).unwrap_or_default(),
            item.narrative.clone(),
            kpi_text(&item.kpis),
        ]);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("- 1) มีการเผยแพร่"), "'- 1) มีการเผยแพร่");
        assert_eq!(defuse("-1500.00"), "-1500.00");
        assert_eq!(defuse("โครงการ = ดี"), "โครงการ = ดี");
        assert_eq!(defuse(""), "");
    }
}
