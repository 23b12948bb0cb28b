//! The CSV files: a BOM, one Thai header row, and rows the csv crate reads back.

use crate::support::{YEAR, input, keep, seed_plan};
use sujarit_core::progress::Round;
use sujarit_reports::{Format, ProgressFilter, ReportKind, render};

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn read(kind: ReportKind, round: Option<Round>) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = render(kind, Format::Csv, &input(round, ProgressFilter::Approved)).unwrap();
    keep(kind, Format::Csv, &bytes);
    assert!(bytes.starts_with(BOM), "UTF-8 with a BOM, for Excel");
    let body = std::str::from_utf8(&bytes[BOM.len()..]).expect("UTF-8");
    assert!(!body.starts_with('\u{feff}'), "one BOM only");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let head: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert!(rows.iter().all(|r| r.len() == head.len()), "rectangular");
    (head, rows)
}

fn satang(text: &str) -> i64 {
    let (whole, fraction) = text.split_once('.').expect("two decimals");
    assert_eq!(fraction.len(), 2, "{text}");
    whole.parse::<i64>().unwrap() * 100 + fraction.parse::<i64>().unwrap()
}

#[test]
fn schedule_csv_round_trips() {
    let (head, rows) = read(ReportKind::Schedule, None);
    assert_eq!(
        head,
        [
            "ลำดับ",
            "รายการโครงการ (ตั้งต้น)",
            "มิติ",
            "งบประมาณ (บาท)",
            "ไตรมาส 1",
            "ไตรมาส 2",
            "ไตรมาส 3",
            "ไตรมาส 4",
            "หมายเหตุ"
        ]
    );
    let table = seed_plan()
        .schedules
        .iter()
        .find(|s| s.fiscal_year == YEAR)
        .unwrap();
    assert_eq!(rows.len(), table.rows.len());
    for (row, source) in rows.iter().zip(&table.rows) {
        assert_eq!(row[0], source.order.to_string());
        assert_eq!(row[1], source.name, "names keep their quotes and commas");
        assert_eq!(satang(&row[3]), source.budget.satang());
        for q in 1..=4u8 {
            let ticked = row[3 + q as usize] == "✓";
            assert_eq!(ticked, source.quarters.contains(&q));
        }
    }
    let total: i64 = rows.iter().map(|r| satang(&r[3])).sum();
    assert_eq!(total, 75_000_000);
}

#[test]
fn summary_csv_round_trips() {
    let (head, rows) = read(ReportKind::Summary, None);
    assert_eq!(head[4], "โครงการ/กิจกรรม/มาตรการ");
    assert_eq!(head[5], "งบประมาณปี 2566 (บาท)");
    assert_eq!(head.last().unwrap(), "หน่วยงานรับผิดชอบ");
    let items: Vec<_> = seed_plan().items().collect();
    assert_eq!(rows.len(), items.len());
    for (row, item) in rows.iter().zip(&items) {
        assert_eq!(row[0], item.item_ref().to_string());
        assert_eq!(row[4], item.name);
        assert_eq!(row[10], item.units.join(", "));
    }
    for (y, year) in (2566..=2570u16).enumerate() {
        let sum: i64 = rows.iter().map(|r| satang(&r[5 + y])).sum();
        assert_eq!(sum, seed_plan().budget_for_year(year).satang());
    }
}

#[test]
fn monitoring_csv_round_trips() {
    let (head, rows) = read(ReportKind::Monitoring, Some(Round::TwelveMonths));
    assert_eq!(head[4], "สถานะ");
    assert_eq!(rows.len(), 47);
    let narrative = &rows[0][10];
    assert_eq!(
        narrative,
        crate::support::TRICKY_NARRATIVE,
        "multi-symbol text survives"
    );
    let completed = rows.iter().filter(|r| r[4] == "ดำเนินการแล้วเสร็จ").count();
    assert_eq!(completed, 8, "1.1, 2.2 (Q3) and dimension 4");
    assert!(
        rows[0][11].contains('\n'),
        "one KPI per line in a quoted cell"
    );
}
