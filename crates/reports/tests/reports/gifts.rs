//! The yearly gift report as CSV (issue 14), read back with the csv crate:
//! a BOM, the organisation's figures, and no declarant, giver or unit.

use sujarit_core::integrity::gift::{
    DEFAULT_PERMITTED_VALUE, GiftDecision, GiftDeclaration, GiftInput, GiftKind, GiftReport,
    NilReturn, RecordedReview, Round, Verdict,
};
use sujarit_core::{Baht, FiscalYear};
use time::macros::{date, datetime};

fn declaration(value: i64, decision: GiftDecision, verdict: Option<Verdict>) -> GiftDeclaration {
    GiftDeclaration {
        id: format!("d{value}"),
        declarant: "u1".into(),
        declarant_name: "นายสมชาย ใจดี".into(),
        unit_id: Some("กองช่าง".into()),
        fiscal_year: FiscalYear(2569),
        input: GiftInput {
            giver: "บริษัท รับเหมา จำกัด".into(),
            pending_work: false,
            pending_note: String::new(),
            description: "=HYPERLINK(\"x\")".into(),
            kind: GiftKind::Property,
            value: Baht::from_satang(value),
            received_on: date!(2026 - 01 - 05),
            occasion: "ปีใหม่".into(),
            decision,
        },
        permitted_value: DEFAULT_PERMITTED_VALUE,
        declared_at: datetime!(2026-01-05 09:00 UTC),
        review: verdict.map(|verdict| RecordedReview {
            verdict,
            note: "ตามระเบียบ".into(),
            by: "h".into(),
            by_name: "นางหัวหน้า".into(),
            at: datetime!(2026-01-06 09:00 UTC),
        }),
    }
}

#[test]
fn the_gift_report_reads_back_as_figures_without_names() {
    let report = GiftReport::build(
        FiscalYear(2569),
        DEFAULT_PERMITTED_VALUE,
        &[
            declaration(80_050, GiftDecision::KeptWithinLimit, Some(Verdict::Agree)),
            declaration(
                550_000,
                GiftDecision::Returned,
                Some(Verdict::OrderHandOver),
            ),
        ],
        &[NilReturn {
            user_id: "u2".into(),
            name: "นางสาวมานี".into(),
            fiscal_year: FiscalYear(2569),
            round: Round::First,
            declared_at: datetime!(2026-03-31 09:00 UTC),
        }],
    );
    let bytes = sujarit_reports::integrity::gifts::csv(&report).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    for name in ["สมชาย", "รับเหมา", "HYPERLINK", "หัวหน้า", "มานี", "กองช่าง"]
    {
        assert!(!text.contains(name), "{name} in the CSV");
    }
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let row = |section: &str, line: &str| {
        rows.iter()
            .find(|r| r[0].starts_with(section) && r[1].starts_with(line))
            .unwrap_or_else(|| panic!("{section} / {line} in {rows:?}"))
            .clone()
    };
    assert_eq!(row("รวม", "การแจ้งทั้งหมด")[2..], ["2", "6300.50"]);
    assert_eq!(row("ตามผลการดำเนินการ", "ส่งมอบ")[2..], ["1", "5500.00"]);
    assert_eq!(row("ตามผลการดำเนินการ", "ส่งคืน")[2..], ["0", "0.00"]);
    assert_eq!(row("เกินมูลค่าที่รับได้", "ส่งมอบ")[2..], ["1", "5500.00"]);
    assert_eq!(row("แจ้งว่าไม่มีการรับ", "รอบที่ 1")[2], "1");
    assert_eq!(row("แจ้งว่าไม่มีการรับ", "รอบที่ 2")[2], "0");
}
