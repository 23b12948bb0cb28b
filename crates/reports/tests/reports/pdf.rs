//! The PDFs, read back with pdftotext and pdfinfo.

use crate::support::{
    ORGANIZATION, TRICKY_NARRATIVE, YEAR, input, keep, pdf_pages, pdf_text, seed_plan, squeeze,
};
use sujarit_core::progress::Round;
use sujarit_reports::{Format, ProgressFilter, ReportKind, render};

fn pdf(kind: ReportKind, round: Option<Round>, include: ProgressFilter) -> (Vec<u8>, String) {
    let bytes = render(kind, Format::Pdf, &input(round, include)).expect("renders");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    keep(kind, Format::Pdf, &bytes);
    let text = pdf_text(&bytes);
    (bytes, text)
}

/// Every page says "หน้า n จาก N" and carries the organisation's name.
fn assert_pages(bytes: &[u8], text: &str) {
    let pages = pdf_pages(bytes);
    assert!(pages >= 2, "the seed plan fills more than one page");
    let squeezed = squeeze(text);
    for n in 1..=pages {
        assert!(
            squeezed.contains(&format!("หน้า{n}จาก{pages}")),
            "page {n} of {pages} is numbered"
        );
    }
    assert!(!squeezed.contains(&format!("หน้า{}จาก", pages + 1)));
    assert!(
        text.matches(ORGANIZATION).count() as u32 >= pages,
        "the organisation's name heads every page"
    );
}

#[test]
fn schedule_pdf_has_every_row_and_numbered_pages() {
    let (bytes, text) = pdf(ReportKind::Schedule, None, ProgressFilter::Approved);
    assert_pages(&bytes, &text);
    let squeezed = squeeze(&text);
    let table = seed_plan()
        .schedules
        .iter()
        .find(|s| s.fiscal_year == YEAR)
        .unwrap();
    for row in &table.rows {
        assert!(
            squeezed.contains(&squeeze(&row.name)),
            "row {} ({})",
            row.order,
            row.name
        );
    }
    assert!(squeezed.contains("แผนปฏิบัติการป้องกันการทุจริตพ.ศ.2568ของเทศบาลนครนครศรีธรรมราช"));
    assert!(squeezed.contains("รวมทั้งสิ้น750,000.00"), "the total row");
    assert!(squeezed.contains("ข้อมูลณวันที่3เมษายน2568"));
    assert!(squeezed.contains("ผู้ออกรายงานนางสาวสุจริตใจซื่อ"));
    assert!(
        squeezed.contains("มิติ4การยกระดับกลไกการตรวจสอบ"),
        "the legend"
    );
}

#[test]
fn summary_pdf_has_every_item_and_the_totals() {
    let (bytes, text) = pdf(ReportKind::Summary, None, ProgressFilter::Approved);
    assert_pages(&bytes, &text);
    let squeezed = squeeze(&text);
    for item in seed_plan().items() {
        assert!(
            squeezed.contains(&squeeze(&item.name)),
            "item {}",
            item.item_ref()
        );
    }
    for d in &seed_plan().dimensions {
        let subtotal = sujarit_core::Baht::from_satang(d.budget_for_year(YEAR).satang());
        assert!(
            squeezed.contains(&format!("รวมมิติที่{}({}โครงการ)", d.no, d.items().count())),
            "dimension {} subtotal row",
            d.no
        );
        assert!(squeezed.contains(&format!("{subtotal}.00")), "{subtotal}");
    }
    assert!(squeezed.contains("รวมทั้งสิ้น(47โครงการ)"));
    assert!(squeezed.contains("750,000.00"));
    for year in 2566..=2570 {
        assert!(squeezed.contains(&format!("ปี{year}")));
    }
}

#[test]
fn monitoring_pdf_shows_status_results_and_the_score() {
    let (bytes, text) = pdf(
        ReportKind::Monitoring,
        Some(Round::SixMonths),
        ProgressFilter::Approved,
    );
    assert_pages(&bytes, &text);
    let squeezed = squeeze(&text);
    for item in seed_plan().items() {
        assert!(
            squeezed.contains(&squeeze(&item.name)),
            "item {}",
            item.item_ref()
        );
    }
    // 7 completed and 1 in progress of 47 items: (7 + 0.5) / 47 = 15.96%.
    assert!(
        squeezed.contains("คะแนนความสำเร็จ(E-PlanNACC)ร้อยละ15.96"),
        "{text}"
    );
    assert!(squeezed.contains("รอบ6เดือน(ต.ค.–มี.ค.):1ตุลาคม2567–31มีนาคม2568"));
    // Markup characters and HTML in a narrative come out as typed.
    assert!(squeezed.contains(&squeeze(TRICKY_NARRATIVE)), "{text}");
    // KPI results against the form's targets.
    assert!(squeezed.contains("ผล:86.5(บรรลุเป้าหมาย)"));
    assert!(squeezed.contains("ผล:1(ไม่บรรลุเป้าหมาย)"));
    assert!(squeezed.contains("ไม่สามารถดำเนินการได้(ไม่ได้รับงบประมาณ)"));
    assert!(squeezed.contains("เบิกจ่าย85,000.50"));
    // The draft narrative is not in a report of approved data.
    assert!(!squeezed.contains("ร่างที่ยังไม่ผ่านการตรวจ"));
    let (_, with_drafts) = pdf(
        ReportKind::Monitoring,
        Some(Round::SixMonths),
        ProgressFilter::All,
    );
    assert!(squeeze(&with_drafts).contains("ร่างที่ยังไม่ผ่านการตรวจ"));
}

#[test]
fn typst_reports_no_warnings_and_the_same_input_gives_the_same_pdf() {
    for kind in ReportKind::ALL {
        let input = input(Some(Round::TwelveMonths), ProgressFilter::Approved);
        let warnings = sujarit_reports::pdf_warnings(kind, &input).unwrap();
        assert!(warnings.is_empty(), "{kind:?}: {warnings:?}");
        let once = render(kind, Format::Pdf, &input).unwrap();
        let twice = render(kind, Format::Pdf, &input).unwrap();
        assert!(once == twice, "{kind:?} is reproducible");
    }
}
