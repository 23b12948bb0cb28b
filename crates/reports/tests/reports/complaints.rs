//! The report on complaints to executives, read back: the PDF with poppler,
//! the workbook with calamine.

use crate::support::{TRICKY_NARRATIVE, pdf_pages, pdf_text, squeeze};
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;
use sujarit_core::complaint::{CaseClock, CaseFacts, Category, Channel, ReportCase, ReportNotes};
use sujarit_core::progress::Round;
use sujarit_reports::complaints::{ChannelInput, ComplaintReportInput};
use sujarit_reports::{Format, ReportError, complaints_pdf_warnings, render_complaints};
use time::macros::{date, datetime};
use time::{Date, Duration};

const ORGANIZATION: &str = "เทศบาลเมืองทดสอบ";
const OBSTACLE: &str = "งบประมาณซ่อมบำรุงถนนไม่เพียงพอ\nช่างมีเพียง 2 คน";

fn case(channel: Channel, category: &str, received: Date, done_after: Option<i64>) -> ReportCase {
    ReportCase {
        facts: CaseFacts {
            channel,
            category: category.into(),
            received_via: Default::default(),
            origin: Default::default(),
            received_on: received,
            clock: CaseClock {
                due_date: received + Duration::days(15),
                completed_on: done_after.map(|d| received + Duration::days(d)),
                delay_explained: false,
            },
        },
        rating: done_after.map(|_| 4),
    }
}

fn categories(channel: Channel, names: &[(&str, &str)]) -> Vec<Category> {
    names
        .iter()
        .map(|(code, thai)| Category {
            channel,
            code: code.to_string(),
            thai: thai.to_string(),
            enabled: true,
        })
        .collect()
}

/// 7 road complaints, 3 on street lights and 1 on water in the general channel, one bribery
/// report in the corruption channel, spread over the first half year.
fn input(round: Round) -> ComplaintReportInput {
    let mut general = Vec::new();
    for i in 0..7 {
        let received = date!(2025 - 10 - 06) + Duration::days(i * 20);
        general.push(case(
            Channel::General,
            "roads",
            received,
            (i < 5).then_some(i + 3),
        ));
    }
    general.push(case(
        Channel::General,
        "water",
        date!(2026 - 01 - 12),
        Some(30),
    ));
    for day in 0..3 {
        let received = date!(2025 - 10 - 10) + Duration::days(day);
        general.push(case(Channel::General, "lights", received, Some(2)));
    }
    ComplaintReportInput {
        organization: ORGANIZATION.into(),
        fiscal_year: 2569,
        round,
        channels: vec![
            ChannelInput {
                channel: Channel::General,
                deadline_days: 15,
                cases: general,
                categories: categories(
                    Channel::General,
                    &[
                        ("roads", "ถนน ทางเท้า"),
                        ("water", "น้ำประปา"),
                        ("lights", "ไฟฟ้าสาธารณะ"),
                    ],
                ),
                notes: Some(ReportNotes {
                    problems: TRICKY_NARRATIVE.into(),
                    obstacles: OBSTACLE.into(),
                    solutions: "ของบประมาณเพิ่มในเทศบัญญัติปีถัดไป".into(),
                }),
            },
            ChannelInput {
                channel: Channel::Corruption,
                deadline_days: 30,
                cases: vec![case(
                    Channel::Corruption,
                    "bribery",
                    date!(2025 - 12 - 01),
                    None,
                )],
                categories: categories(
                    Channel::Corruption,
                    &[
                        ("bribery", "การเรียกรับสินบน"),
                        ("procurement", "การจัดซื้อจัดจ้าง"),
                    ],
                ),
                notes: None,
            },
        ],
        issuer: Some("นางสาวสุจริต ใจซื่อ".into()),
        generated_at: datetime!(2026-04-20 03:00 UTC),
        today: date!(2026 - 04 - 20),
    }
}

#[test]
fn the_pdf_reads_back_with_counts_suppression_and_the_narrative() {
    let data = input(Round::SixMonths);
    assert_eq!(
        complaints_pdf_warnings(&data).expect("renders"),
        Vec::<String>::new()
    );
    let bytes = render_complaints(Format::Pdf, &data).expect("renders");
    assert!(bytes.starts_with(b"%PDF-"));
    if let Some(dir) = std::env::var_os("SUJARIT_REPORT_DIR") {
        std::fs::write(
            std::path::Path::new(&dir).join("complaints-2569-6m.pdf"),
            &bytes,
        )
        .unwrap();
    }
    let text = pdf_text(&bytes);
    let squeezed = squeeze(&text);
    let pages = pdf_pages(&bytes);
    for n in 1..=pages {
        assert!(squeezed.contains(&format!("หน้า{n}จาก{pages}")), "page {n}");
    }
    assert!(text.matches(ORGANIZATION).count() as u32 >= pages);
    for expected in [
        "รายงานผลการจัดการเรื่องร้องทุกข์/ร้องเรียน",
        "เสนอผู้บริหารประจำปีงบประมาณพ.ศ.2569",
        "1ตุลาคม2568–31มีนาคม2569",
        "กำหนดดำเนินการให้แล้วเสร็จภายใน15วัน",
        "กำหนดดำเนินการให้แล้วเสร็จภายใน30วัน",
        // 11 received, 9 completed (one late, the water case), 2 open and late.
        "เรื่องที่ได้รับ11",
        "ดำเนินการแล้วเสร็จ9",
        "แล้วเสร็จเกินกำหนด1",
        "เกินกำหนดและยังไม่แล้วเสร็จ2",
        "ร้อยละที่แล้วเสร็จภายในกำหนด(ของเรื่องที่แล้วเสร็จ)88.89",
        // Beside the lone "fewer than 3", another count is withheld.
        "ถนนทางเท้าไม่แสดง",
        "ไฟฟ้าสาธารณะ3",
        "น้ำประปาน้อยกว่า3",
        // By way of receipt (issue 13): every general case came by the web.
        "จำนวนเรื่องแยกตามช่องทางที่รับเรื่อง",
        "เว็บไซต์11",
        "โทรศัพท์0",
        // The corruption channel: the year only, as of the last quarter's
        // end, every category.
        "เรื่องที่ได้รับน้อยกว่า3",
        "การเรียกรับสินบนน้อยกว่า3",
        "การจัดซื้อจัดจ้าง0",
        "จำนวนเรื่องแยกตามที่มาของเรื่อง",
        "มีผู้แจ้งเบาะแสน้อยกว่า3",
        "ตรวจพบจากการตรวจสอบ0",
        "ไม่แสดง(ผู้ตอบยังไม่ถึง5ราย)",
        "ปัญหาอุปสรรคและแนวทางแก้ไข",
        "ของบประมาณเพิ่มในเทศบัญญัติปีถัดไป",
        "ผู้รายงานนางสาวสุจริตใจซื่อ",
    ] {
        assert!(
            squeezed.contains(&squeeze(expected)),
            "{expected} in\n{text}"
        );
    }
    // Typed text comes out as typed: markup characters are not markup.
    assert!(squeezed.contains(&squeeze(TRICKY_NARRATIVE)), "{text}");
    for line in OBSTACLE.lines() {
        assert!(squeezed.contains(&squeeze(line)), "{line}");
    }
    // The corruption channel's narrative was never written: the report says so.
    assert!(squeezed.contains("(ยังไม่ได้บันทึก)"));
}

#[test]
fn the_workbook_holds_numbers_whose_totals_match() {
    let bytes = render_complaints(Format::Xlsx, &input(Round::TwelveMonths)).expect("renders");
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx");
    assert_eq!(book.sheet_names(), ["ร้องเรียนทั่วไป", "ร้องเรียนการทุจริต"]);
    let sheet = book.worksheet_range("ร้องเรียนทั่วไป").expect("sheet");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let row_of = |label: &str| {
        rows.iter()
            .position(|r| matches!(r.first(), Some(Data::String(s)) if s == label))
            .unwrap_or_else(|| panic!("no row {label}"))
    };
    let number = |row: usize, col: usize| match &rows[row][col] {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("({row}, {col}) is not a number: {other:?}"),
    };
    let october = row_of("ต.ค. 2568");
    let september = row_of("ก.ย. 2569");
    assert_eq!(september - october, 11, "twelve months in the annual round");
    let total = row_of("รวม");
    for col in 1..=4 {
        let sum: f64 = (october..=september).map(|r| number(r, col)).sum();
        assert_eq!(number(total, col), sum, "column {col}");
    }
    assert_eq!(number(total, 1), 11.0);
    assert_eq!(number(row_of("เรื่องที่ได้รับ"), 1), 11.0);
    assert_eq!(number(row_of("ร้อยละที่แล้วเสร็จภายในกำหนด"), 1), 88.89);
    let roads = row_of("ถนน ทางเท้า");
    assert_eq!(rows[roads][13], Data::String("ไม่แสดง".into()));
    assert_eq!(
        number(row_of("ไฟฟ้าสาธารณะ"), 13),
        3.0,
        "the year's total of lights"
    );
    let water = row_of("น้ำประปา");
    assert_eq!(rows[water][13], Data::String("น้อยกว่า 3".into()));
    assert_eq!(number(row_of("เว็บไซต์"), 1), 11.0, "by way of receipt");
    assert_eq!(number(row_of("LINE"), 1), 0.0);
    let obstacles = row_of("อุปสรรค");
    assert_eq!(rows[obstacles][1], Data::String(OBSTACLE.into()));

    let corruption = book.worksheet_range("ร้องเรียนการทุจริต").expect("sheet");
    let text: String = corruption
        .rows()
        .flatten()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join("|");
    assert!(text.contains("การเรียกรับสินบน"), "{text}");
    assert!(text.contains("น้อยกว่า 3"), "{text}");
    // The fiscal year only, as the public statistics show it: no month (the
    // lone report came in December), every enabled category, no count of 1.
    assert!(!text.contains("ธ.ค. 2568"), "{text}");
    assert!(text.contains("การจัดซื้อจัดจ้าง"), "{text}");
    assert!(text.contains("มีผู้แจ้งเบาะแส|น้อยกว่า 3"), "by origin: {text}");
    assert!(
        !corruption
            .rows()
            .flatten()
            .any(|c| matches!(c, Data::Float(f) if *f == 1.0 || *f == 2.0)
                || matches!(c, Data::Int(1 | 2))),
        "{text}"
    );
    assert!(
        !text.contains("ปัญหาที่ร้องเรียนซ้ำ"),
        "no places for corruption reports"
    );
}

#[test]
fn csv_is_not_offered_and_a_ce_year_is_refused() {
    assert!(matches!(
        render_complaints(Format::Csv, &input(Round::SixMonths)),
        Err(ReportError::FormatNotOffered)
    ));
    let mut ce = input(Round::SixMonths);
    ce.fiscal_year = 2026;
    let error = render_complaints(Format::Pdf, &ce).unwrap_err();
    assert!(error.to_string().contains("พ.ศ."), "{error}");
}
