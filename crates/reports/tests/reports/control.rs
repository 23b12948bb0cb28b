//! The internal control evaluation (ปค.1, ปค.4, ปค.5, ปค.6) read back: the
//! PDF with pdftotext (the forms' headings and the data in them; the
//! committee's names never in the public version), the workbook with
//! calamine (one sheet per form).

use crate::support::{pdf_pages, pdf_text, squeeze};
use calamine::{Reader, Xlsx};
use std::io::Cursor;
use sujarit_core::FiscalYear;
use sujarit_core::integrity::control::*;
use sujarit_reports::integrity::control::{
    ControlReport, PK5_COLUMNS, PkForm, control_pdf, control_pdf_warnings, control_xlsx,
};
use time::macros::date;

fn row(mission: &str, remaining: &str, status: ImprovementStatus) -> ControlRow {
    ControlRow {
        id: mission.into(),
        input: ControlRowInput {
            mission: mission.into(),
            objective: "เพื่อให้การดำเนินงานถูกต้องตามระเบียบ".into(),
            risk: "เจ้าหน้าที่ไม่ปฏิบัติตามระเบียบการจัดซื้อจัดจ้าง".into(),
            existing_control: "มีคำสั่งแบ่งงานและผู้ตรวจรับพัสดุ".into(),
            evaluation: "การควบคุมมีอยู่แต่ยังไม่เพียงพอ".into(),
            remaining_risk: remaining.into(),
            improvement: if remaining.is_empty() {
                String::new()
            } else {
                "จัดอบรมระเบียบพัสดุและทบทวนคำสั่งแบ่งงาน".into()
            },
            due_on: Some(date!(2026 - 09 - 30)),
            owner_unit: "กองคลัง".into(),
        },
        improvement: Improvement {
            status,
            done_on: (status == ImprovementStatus::Done).then_some(date!(2026 - 03 - 15)),
            evidence: "รายงานผลการอบรม".into(),
        },
    }
}

pub fn sample() -> ControlYear {
    let mut year = ControlYear::empty(FiscalYear(2568), DEFAULT_DEADLINE_DAYS);
    year.committee = Some(Committee {
        order: "คำสั่งเทศบาลนครนครศรีธรรมราชที่ 1234/2567".into(),
        members: vec![
            CommitteeMember {
                position: "ปลัดเทศบาล".into(),
                role: "ประธานกรรมการ".into(),
                name: Some("นายสมชาย ใจดีมาก".into()),
            },
            CommitteeMember {
                position: "ผู้อำนวยการกองคลัง".into(),
                role: "กรรมการ".into(),
                name: None,
            },
        ],
    });
    year.components = Some(Components {
        components: Component::ALL
            .into_iter()
            .map(|component| ComponentEvaluation {
                component,
                evaluation: format!("มีการกำหนดแนวทาง{}ที่ชัดเจน", component.thai()),
                result: if component == Component::RiskAssessment {
                    Adequacy::NeedsImprovement
                } else {
                    Adequacy::Adequate
                },
            })
            .collect(),
        conclusion: "ระบบการควบคุมภายในโดยรวมมีความเพียงพอ ควรปรับปรุงการประเมินความเสี่ยง".into(),
    });
    year.rows = vec![
        row(
            "งานพัสดุ การจัดซื้อจัดจ้าง",
            "การกำหนดคุณลักษณะเฉพาะเอื้อผู้ขายบางราย",
            ImprovementStatus::Done,
        ),
        row(
            "งานจัดเก็บรายได้",
            "ลูกหนี้ภาษีค้างชำระ",
            ImprovementStatus::InProgress,
        ),
        row("งานบริหารงานบุคคล", "", ImprovementStatus::NotStarted),
    ];
    year.review = Some(Review {
        opinion: "การประเมินผลการควบคุมภายในเป็นไปตามหลักเกณฑ์ฯ การควบคุมภายในมีความเพียงพอ".into(),
        points: vec!["ควรติดตามการปรับปรุงด้านรายได้ทุกไตรมาส".into()],
        reviewed_on: date!(2025 - 11 - 20),
        reviewer_position: "หัวหน้าหน่วยตรวจสอบภายใน".into(),
    });
    year.certification = Some(Certification {
        head_position: "นายกเทศมนตรีนครนครศรีธรรมราช".into(),
        certified_on: date!(2025 - 11 - 28),
        conclusion: Conclusion::WithRemainingRisks,
    });
    year
}

fn report(public: bool) -> ControlReport {
    ControlReport {
        organization: "เทศบาลนครนครศรีธรรมราช".into(),
        year: sample(),
        public,
    }
}

/// Writes the PDFs where `SUJARIT_CONTROL_PDF_DIR` says, to rasterise them.
fn keep(name: &str, pdf: &[u8]) {
    if let Ok(dir) = std::env::var("SUJARIT_CONTROL_PDF_DIR") {
        std::fs::write(std::path::Path::new(&dir).join(name), pdf).unwrap();
    }
}

#[test]
fn the_set_reads_back_in_the_forms_layout() {
    let (pdf, warnings) = control_pdf_warnings(&report(false), None);
    let pdf = pdf.unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    keep("set.pdf", &pdf);
    let text = squeeze(&pdf_text(&pdf));
    for expected in [
        "แบบปค.1",
        "หนังสือรับรองการประเมินผลการควบคุมภายใน",
        "นายกเทศมนตรีนครนครศรีธรรมราช",
        "28พฤศจิกายน2568",
        "แบบปค.4",
        "สภาพแวดล้อมการควบคุม",
        "กิจกรรมการติดตามผล",
        "แบบปค.5",
        "ความเสี่ยงที่ยังมีอยู่",
        "หน่วยงานที่รับผิดชอบ",
        "ลูกหนี้ภาษีค้างชำระ",
        "กองคลัง",
        "1จาก2รายการ(ร้อยละ50)",
        "แบบปค.6",
        "ควรติดตามการปรับปรุงด้านรายได้ทุกไตรมาส",
        "นายสมชายใจดีมาก",
        "30กันยายน2568",
    ] {
        assert!(text.contains(&squeeze(expected)), "{expected} missing");
    }
    assert!(pdf_pages(&pdf) >= 5);
}

#[test]
fn the_public_version_names_no_one() {
    let pdf = control_pdf(&report(true), None).unwrap();
    keep("public.pdf", &pdf);
    let text = squeeze(&pdf_text(&pdf));
    assert!(text.contains(&squeeze("แบบ ปค.1")));
    assert!(!text.contains(&squeeze("นายสมชาย")));
    assert!(!text.contains(&squeeze("คณะกรรมการติดตามประเมินผล")));
}

#[test]
fn one_form_alone() {
    for form in PkForm::ALL {
        let pdf = control_pdf(&report(false), Some(form)).unwrap();
        keep(&format!("{}.pdf", form.code()), &pdf);
        let text = squeeze(&pdf_text(&pdf));
        let code = form.thai().split_whitespace().take(2).collect::<String>();
        assert!(text.contains(&squeeze(&code)), "{code}");
        for other in PkForm::ALL.into_iter().filter(|f| *f != form) {
            let other_code = other.thai().split_whitespace().take(2).collect::<String>();
            assert!(
                !text.contains(&format!("{other_code}\n")),
                "{other_code} in {code}"
            );
        }
    }
    let empty = ControlReport {
        organization: "เทศบาลตำบลทดสอบ".into(),
        year: ControlYear::empty(FiscalYear(2569), 90),
        public: false,
    };
    let text = squeeze(&pdf_text(&control_pdf(&empty, None).unwrap()));
    assert!(text.contains(&squeeze("ยังไม่ได้รับรองผลการประเมิน")));
}

#[test]
fn the_workbook_has_one_sheet_per_form() {
    let bytes = control_xlsx(&report(false)).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["ปค.1", "ปค.4", "ปค.5", "ปค.6", "คณะกรรมการ"]
    );
    let pk5 = book.worksheet_range("ปค.5").unwrap();
    let cells: Vec<String> = pk5.cells().map(|(_, _, c)| c.to_string()).collect();
    for heading in PK5_COLUMNS {
        assert!(cells.iter().any(|c| c == heading), "{heading}");
    }
    assert!(cells.iter().any(|c| c == "ดำเนินการแล้วเสร็จ"));
    assert!(cells.iter().any(|c| c.contains("ลูกหนี้ภาษีค้างชำระ")));
    let pk4 = book.worksheet_range("ปค.4").unwrap();
    assert!(pk4.cells().any(|(_, _, c)| *c == "5. กิจกรรมการติดตามผล"));

    let public = control_xlsx(&report(true)).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(public)).unwrap();
    assert_eq!(book.sheet_names(), ["ปค.1", "ปค.4", "ปค.5", "ปค.6"]);
    let all: String = book
        .worksheets()
        .iter()
        .flat_map(|(_, r)| r.cells().map(|(_, _, c)| c.to_string()).collect::<Vec<_>>())
        .collect();
    assert!(!all.contains("สมชาย"));
}
