//! The workbooks, read back with calamine: numbers are numbers and totals are
//! the sums of the cells above them.

use crate::support::{YEAR, input, keep, seed_plan};
use calamine::{Data, Range, Reader, Xlsx};
use std::io::Cursor;
use sujarit_core::progress::Round;
use sujarit_reports::{Format, ProgressFilter, ReportKind, render};

fn workbook(kind: ReportKind, round: Option<Round>) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = render(kind, Format::Xlsx, &input(round, ProgressFilter::Approved)).unwrap();
    keep(kind, Format::Xlsx, &bytes);
    calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook calamine reads")
}

/// The row index (absolute) whose cells contain all the texts.
fn row_with(range: &Range<Data>, texts: &[&str]) -> u32 {
    let (start, _) = range.start().unwrap();
    range
        .rows()
        .position(|row| texts.iter().all(|t| row.iter().any(|c| text(c) == *t)))
        .map(|i| start + i as u32)
        .unwrap_or_else(|| panic!("no row with {texts:?}"))
}

/// A text cell's text ("" for anything else).
fn text(data: &Data) -> &str {
    match data {
        Data::String(s) => s,
        _ => "",
    }
}

fn cell(range: &Range<Data>, row: u32, col: u32) -> &Data {
    range.get_value((row, col)).unwrap_or(&Data::Empty)
}

fn number(range: &Range<Data>, row: u32, col: u32) -> f64 {
    match cell(range, row, col) {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("({row}, {col}) is not a number: {other:?}"),
    }
}

/// Baht to satang, exact for two-decimal amounts.
fn satang(baht: f64) -> i64 {
    (baht * 100.0).round() as i64
}

#[test]
fn schedule_workbook_has_numbers_and_matching_totals() {
    let mut book = workbook(ReportKind::Schedule, None);
    let sheet = book.worksheet_range(&format!("แผนปี {YEAR}")).unwrap();
    let head = row_with(&sheet, &["ลำดับ", "รายการโครงการ (ตั้งต้น)", "งบประมาณ (บาท)"]);
    let total = row_with(&sheet, &["รวมทั้งสิ้น"]);
    let table = seed_plan()
        .schedules
        .iter()
        .find(|s| s.fiscal_year == YEAR)
        .unwrap();
    assert_eq!(
        total - head - 1,
        table.rows.len() as u32,
        "one row per schedule row"
    );
    let mut sum = 0;
    let mut ticks = [0u32; 4];
    for (row, source) in (head + 1..total).zip(&table.rows) {
        assert_eq!(number(&sheet, row, 0), f64::from(source.order));
        assert_eq!(cell(&sheet, row, 1).to_string(), source.name);
        let budget = satang(number(&sheet, row, 3));
        assert_eq!(budget, source.budget.satang());
        sum += budget;
        for (q, count) in ticks.iter_mut().enumerate() {
            if text(cell(&sheet, row, 4 + q as u32)) == "✓" {
                *count += 1;
            }
        }
    }
    assert_eq!(
        satang(number(&sheet, total, 3)),
        sum,
        "the total is the sum"
    );
    assert_eq!(sum, 75_000_000);
    for (q, count) in ticks.iter().enumerate() {
        assert_eq!(number(&sheet, total, 4 + q as u32), f64::from(*count));
    }
    // The totals are formulas over the rows above, so they survive edits.
    let formulas = book.worksheet_formula(&format!("แผนปี {YEAR}")).unwrap();
    let f = formulas.get_value((total, 3)).unwrap();
    assert_eq!(f, &format!("SUM(D{}:D{})", head + 2, total));
}

#[test]
fn summary_workbook_subtotals_and_grand_total_match() {
    let mut book = workbook(ReportKind::Summary, None);
    let sheet = book.worksheet_range("ส่วนที่ 2").unwrap();
    let head = row_with(
        &sheet,
        &["โครงการ/กิจกรรม/มาตรการ", "ปี 2566 (บาท)", "ปี 2570 (บาท)"],
    );
    let plan = seed_plan();
    let mut grand = [0i64; 5];
    let mut row = head + 1;
    for d in &plan.dimensions {
        assert!(
            cell(&sheet, row, 0)
                .to_string()
                .starts_with(&format!("มิติที่ {}", d.no))
        );
        row += 1;
        let mut sums = [0i64; 5];
        for item in d.items() {
            assert_eq!(
                cell(&sheet, row, 0).to_string(),
                item.item_ref().to_string()
            );
            assert_eq!(cell(&sheet, row, 4).to_string(), item.name);
            for (y, sum) in sums.iter_mut().enumerate() {
                let amount = satang(number(&sheet, row, 5 + y as u32));
                assert_eq!(amount, item.budget[&(2566 + y as u16)].satang());
                *sum += amount;
            }
            row += 1;
        }
        assert_eq!(
            cell(&sheet, row, 0).to_string(),
            format!("รวมมิติที่ {} ({} โครงการ)", d.no, d.items().count())
        );
        for (y, sum) in sums.iter().enumerate() {
            assert_eq!(
                satang(number(&sheet, row, 5 + y as u32)),
                *sum,
                "dimension {}",
                d.no
            );
            grand[y] += sum;
        }
        row += 1;
    }
    assert_eq!(cell(&sheet, row, 0).to_string(), "รวมทั้งสิ้น (47 โครงการ)");
    for (y, sum) in grand.iter().enumerate() {
        assert_eq!(satang(number(&sheet, row, 5 + y as u32)), *sum);
        assert_eq!(*sum, plan.budget_for_year(2566 + y as u16).satang());
    }
}

#[test]
fn monitoring_workbook_budget_totals_and_score() {
    let mut book = workbook(ReportKind::Monitoring, Some(Round::SixMonths));
    let items = book.worksheet_range("ผลการดำเนินงาน").unwrap();
    let head = row_with(&items, &["ที่", "สถานะ", "เบิกจ่าย (บาท)"]);
    let total = row_with(&items, &["รวมทั้งสิ้น 47 โครงการ"]);
    assert_eq!(total - head - 1, 47);
    for col in [7, 8, 9] {
        let sum: i64 = (head + 1..total)
            .map(|row| match cell(&items, row, col) {
                Data::Empty => 0,
                _ => satang(number(&items, row, col)),
            })
            .sum();
        assert_eq!(satang(number(&items, total, col)), sum, "column {col}");
    }
    // 1.1 disbursed 85,000.50; 1.2 1,250; dimension 4: 6 × 1,000.
    assert_eq!(
        satang(number(&items, total, 9)),
        8_500_050 + 125_000 + 600_000
    );
    let one_one = row_with(&items, &["1.1"]);
    assert_eq!(cell(&items, one_one, 4).to_string(), "ดำเนินการแล้วเสร็จ");
    assert_eq!(number(&items, one_one, 5), 2.0);
    assert!(
        cell(&items, one_one, 11)
            .to_string()
            .contains("86.5 (บรรลุเป้าหมาย)")
    );

    let summary = book.worksheet_range("สรุป").unwrap();
    let whole = row_with(&summary, &["ทั้งแผน"]);
    let counts: Vec<f64> = (1..=6).map(|c| number(&summary, whole, c)).collect();
    assert_eq!(counts, [47.0, 7.0, 1.0, 1.0, 1.0, 37.0]);
    assert_eq!(number(&summary, whole, 7), 15.96);
    // The dimension rows add up to the whole plan.
    let dims: f64 = (head_of(&summary)..whole)
        .map(|r| number(&summary, r, 1))
        .sum();
    assert_eq!(dims, 47.0);
}

fn head_of(range: &Range<Data>) -> u32 {
    row_with(range, &["มิติ", "จำนวนโครงการ"]) + 1
}
