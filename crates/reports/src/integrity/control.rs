//! The internal control evaluation under the Ministry of Finance criteria of
//! 2561 in the forms' layout: ปค.1 (the certification), ปค.4 (the five
//! components), ปค.5 (per mission: objective, risk, existing control, its
//! evaluation, remaining risk, improvement, due date, owner) and ปค.6 (the
//! internal auditor's review), with the committee; as one PDF (A4, ปค.5 in
//! landscape; `control.typ`) or one form of it, and as a workbook with one
//! sheet per form. The public version leaves out the committee's names.

use crate::ReportError;
use crate::xlsx::{Styles, escape_header};
use rust_xlsxwriter::{ColNum, DocProperties, RowNum, Workbook, Worksheet};
use serde::Serialize;
use sujarit_core::fiscal::thai_date;
use sujarit_core::integrity::control::{Conclusion, ControlYear};
use time::OffsetDateTime;

/// Everything the documents are made from. Plain data: the caller loads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlReport {
    pub organization: String,
    pub year: ControlYear,
    /// The public version: no committee, no names.
    pub public: bool,
}

/// One form of the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PkForm {
    Pk1,
    Pk4,
    Pk5,
    Pk6,
}

impl PkForm {
    pub const ALL: [PkForm; 4] = [PkForm::Pk1, PkForm::Pk4, PkForm::Pk5, PkForm::Pk6];

    pub fn code(self) -> &'static str {
        match self {
            PkForm::Pk1 => "pk1",
            PkForm::Pk4 => "pk4",
            PkForm::Pk5 => "pk5",
            PkForm::Pk6 => "pk6",
        }
    }

    pub fn parse(code: &str) -> Option<PkForm> {
        PkForm::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn thai(self) -> &'static str {
        match self {
            PkForm::Pk1 => "แบบ ปค.1 หนังสือรับรองการประเมินผลการควบคุมภายใน",
            PkForm::Pk4 => "แบบ ปค.4 รายงานการประเมินองค์ประกอบของการควบคุมภายใน",
            PkForm::Pk5 => "แบบ ปค.5 รายงานการประเมินผลการควบคุมภายใน",
            PkForm::Pk6 => "แบบ ปค.6 รายงานการประเมินผลการควบคุมภายในของผู้ตรวจสอบภายใน",
        }
    }
}

/// ปค.5's column headings, in the form's order (the PDF's and the sheet's).
pub const PK5_COLUMNS: [&str; 8] = [
    "ภารกิจตามกฎหมายที่จัดตั้งหน่วยงานของรัฐหรือภารกิจตามแผนการดำเนินการหรือภารกิจอื่น ๆ ที่สำคัญของหน่วยงานของรัฐ/วัตถุประสงค์",
    "ความเสี่ยง",
    "การควบคุมภายในที่มีอยู่",
    "การประเมินผลการควบคุมภายใน",
    "ความเสี่ยงที่ยังมีอยู่",
    "การปรับปรุงการควบคุมภายใน",
    "กำหนดเสร็จ",
    "หน่วยงานที่รับผิดชอบ",
];

#[derive(Serialize)]
struct Member {
    position: String,
    role: String,
    name: String,
}

#[derive(Serialize)]
struct ComponentView {
    no: usize,
    name: &'static str,
    evaluation: String,
    result: &'static str,
}

#[derive(Serialize)]
struct RowView {
    no: usize,
    mission: String,
    objective: String,
    risk: String,
    existing_control: String,
    evaluation: String,
    remaining_risk: String,
    improvement: String,
    due_on: String,
    owner_unit: String,
    status: &'static str,
}

#[derive(Serialize)]
struct Data {
    organization: String,
    fiscal_year: u16,
    /// The last day of the year, "30 กันยายน 2568".
    year_end: String,
    forms: Vec<&'static str>,
    public: bool,
    committee_order: String,
    members: Vec<Member>,
    components: Vec<ComponentView>,
    conclusion: String,
    rows: Vec<RowView>,
    remediation: String,
    certified: bool,
    head_position: String,
    certified_on: String,
    effective: bool,
    conclusion_text: &'static str,
    remaining: Vec<RowView>,
    reviewed: bool,
    opinion: String,
    points: Vec<String>,
    reviewer_position: String,
    reviewed_on: String,
    header: Header,
}

#[derive(Serialize)]
struct Header {
    organization: String,
    title: String,
    running: String,
}

fn rows(year: &ControlYear, only_remaining: bool) -> Vec<RowView> {
    year.rows
        .iter()
        .filter(|r| !only_remaining || !r.input.remaining_risk.trim().is_empty())
        .enumerate()
        .map(|(i, r)| RowView {
            no: i + 1,
            mission: r.input.mission.clone(),
            objective: r.input.objective.clone(),
            risk: r.input.risk.clone(),
            existing_control: r.input.existing_control.clone(),
            evaluation: r.input.evaluation.clone(),
            remaining_risk: r.input.remaining_risk.clone(),
            improvement: r.input.improvement.clone(),
            due_on: r.input.due_on.map(thai_date).unwrap_or_else(|| "-".into()),
            owner_unit: r.input.owner_unit.clone(),
            status: if r.has_improvement() {
                r.improvement.status.thai()
            } else {
                "-"
            },
        })
        .collect()
}

fn data(report: &ControlReport, form: Option<PkForm>) -> Data {
    let y = &report.year;
    let mut forms: Vec<&'static str> = match form {
        Some(f) => vec![f.code()],
        None => PkForm::ALL.iter().map(|f| f.code()).collect(),
    };
    if form.is_none() && !report.public {
        forms.push("committee");
    }
    let members = y
        .committee
        .iter()
        .flat_map(|c| &c.members)
        .map(|m| Member {
            position: m.position.clone(),
            role: m.role.clone(),
            name: if report.public {
                String::new()
            } else {
                m.name.clone().unwrap_or_default()
            },
        })
        .collect();
    let title = match form {
        Some(f) => f.thai().to_string(),
        None => "รายงานการประเมินผลการควบคุมภายใน".to_string(),
    };
    Data {
        organization: report.organization.clone(),
        fiscal_year: y.fiscal_year.be(),
        year_end: thai_date(y.fiscal_year.last_day()),
        forms,
        public: report.public,
        committee_order: y
            .committee
            .as_ref()
            .map(|c| c.order.clone())
            .unwrap_or_default(),
        members,
        components: y
            .components
            .iter()
            .flat_map(|c| c.ordered())
            .enumerate()
            .map(|(i, c)| ComponentView {
                no: i + 1,
                name: c.component.thai(),
                evaluation: c.evaluation.clone(),
                result: c.result.thai(),
            })
            .collect(),
        conclusion: y
            .components
            .as_ref()
            .map(|c| c.conclusion.clone())
            .unwrap_or_default(),
        rows: rows(y, false),
        remediation: y.remediation().thai(),
        certified: y.certification.is_some(),
        head_position: y
            .certification
            .as_ref()
            .map(|c| c.head_position.clone())
            .unwrap_or_default(),
        certified_on: y
            .certification
            .as_ref()
            .map(|c| thai_date(c.certified_on))
            .unwrap_or_default(),
        effective: y
            .certification
            .as_ref()
            .is_none_or(|c| c.conclusion == Conclusion::Effective),
        conclusion_text: y.certification.as_ref().map_or("", |c| c.conclusion.thai()),
        remaining: rows(y, true),
        reviewed: y.review.is_some(),
        opinion: y
            .review
            .as_ref()
            .map(|r| r.opinion.clone())
            .unwrap_or_default(),
        points: y
            .review
            .as_ref()
            .map(|r| r.points.clone())
            .unwrap_or_default(),
        reviewer_position: y
            .review
            .as_ref()
            .map(|r| r.reviewer_position.clone())
            .unwrap_or_default(),
        reviewed_on: y
            .review
            .as_ref()
            .map(|r| thai_date(r.reviewed_on))
            .unwrap_or_default(),
        header: Header {
            organization: report.organization.clone(),
            running: format!("การควบคุมภายใน ปีงบประมาณ {}", y.fiscal_year.be()),
            title,
        },
    }
}

/// The set (`form` None: ปค.1, ปค.4, ปค.5, ปค.6 and, unless public, the
/// committee) or one form, as a PDF.
pub fn control_pdf(report: &ControlReport, form: Option<PkForm>) -> Result<Vec<u8>, ReportError> {
    control_pdf_warnings(report, form).0
}

/// The PDF and typst's warnings (a character the fonts lack, say).
pub fn control_pdf_warnings(
    report: &ControlReport,
    form: Option<PkForm>,
) -> (Result<Vec<u8>, ReportError>, Vec<String>) {
    // The template never asks typst for today's date: any instant will do.
    crate::pdf::typeset_data(
        "control.typ",
        &data(report, form),
        OffsetDateTime::UNIX_EPOCH,
    )
}

fn heads(
    sheet: &mut Worksheet,
    styles: &Styles,
    row: RowNum,
    columns: &[(&str, f64)],
) -> Result<(), ReportError> {
    for (col, (name, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(row, col as ColNum, *name, &styles.head)?;
        sheet.set_column_width(col as ColNum, *width)?;
    }
    sheet.set_row_height(row, 60)?;
    Ok(())
}

fn titled(
    workbook: &mut Workbook,
    styles: &Styles,
    name: &str,
    title: &str,
    d: &Data,
    width: ColNum,
) -> Result<(), ReportError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    sheet.merge_range(0, 0, 0, width, title, &styles.title)?;
    sheet.merge_range(1, 0, 1, width, &d.organization, &styles.note)?;
    sheet.merge_range(
        2,
        0,
        2,
        width,
        &format!("ปีงบประมาณ พ.ศ. {} (สิ้นสุดวันที่ {})", d.fiscal_year, d.year_end),
        &styles.note,
    )?;
    sheet.set_paper_size(9);
    sheet.set_header(format!("&L{}", escape_header(&d.organization)));
    sheet.set_footer("&Rหน้า &P จาก &N");
    Ok(())
}

/// The set as a workbook, one sheet per form: "ปค.1", "ปค.4", "ปค.5"
/// (with each improvement's progress), "ปค.6" and, unless public,
/// "คณะกรรมการ".
pub fn control_xlsx(report: &ControlReport) -> Result<Vec<u8>, ReportError> {
    let d = data(report, None);
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title("รายงานการประเมินผลการควบคุมภายใน")
            .set_author(&d.organization)
            .set_company(&d.organization),
    );

    titled(&mut workbook, &styles, "ปค.1", PkForm::Pk1.thai(), &d, 3)?;
    {
        let sheet = workbook.worksheet_from_name("ปค.1")?;
        sheet.set_column_width(0, 28)?;
        sheet.set_column_width(1, 70)?;
        let mut row: RowNum = 4;
        let lines: Vec<(&str, String)> = vec![
            (
                "สถานะ",
                if d.certified {
                    "รับรองแล้ว".into()
                } else {
                    "ยังไม่รับรอง".into()
                },
            ),
            ("ผลการประเมิน", d.conclusion_text.to_string()),
            ("ผู้รับรอง (ตำแหน่ง)", d.head_position.clone()),
            ("วันที่", d.certified_on.clone()),
        ];
        for (label, value) in lines {
            sheet.write_string_with_format(row, 0, label, &styles.band)?;
            sheet.write_string_with_format(row, 1, value, &styles.text)?;
            row += 1;
        }
        if !d.effective {
            row += 1;
            sheet.write_string_with_format(row, 0, "ความเสี่ยงที่ยังมีอยู่", &styles.head)?;
            sheet.write_string_with_format(row, 1, "การปรับปรุงการควบคุมภายใน", &styles.head)?;
            row += 1;
            for r in &d.remaining {
                sheet.write_string_with_format(row, 0, &r.remaining_risk, &styles.text)?;
                sheet.write_string_with_format(row, 1, &r.improvement, &styles.text)?;
                row += 1;
            }
        }
    }

    titled(&mut workbook, &styles, "ปค.4", PkForm::Pk4.thai(), &d, 2)?;
    {
        let sheet = workbook.worksheet_from_name("ปค.4")?;
        heads(
            sheet,
            &styles,
            4,
            &[
                ("องค์ประกอบของการควบคุมภายใน", 30.0),
                ("ผลการประเมิน/ข้อสรุป", 70.0),
                ("ผล", 24.0),
            ],
        )?;
        let mut row: RowNum = 5;
        for c in &d.components {
            sheet.write_string_with_format(
                row,
                0,
                format!("{}. {}", c.no, c.name),
                &styles.text,
            )?;
            sheet.write_string_with_format(row, 1, &c.evaluation, &styles.text)?;
            sheet.write_string_with_format(row, 2, c.result, &styles.text)?;
            row += 1;
        }
        sheet.write_string_with_format(row, 0, "ผลการประเมินโดยรวม", &styles.total_text)?;
        sheet.write_string_with_format(row, 1, &d.conclusion, &styles.text)?;
    }

    titled(&mut workbook, &styles, "ปค.5", PkForm::Pk5.thai(), &d, 9)?;
    {
        let sheet = workbook.worksheet_from_name("ปค.5")?;
        let widths = [34.0, 26.0, 26.0, 26.0, 24.0, 28.0, 16.0, 20.0];
        let mut columns: Vec<(&str, f64)> = PK5_COLUMNS.iter().copied().zip(widths).collect();
        columns.push(("สถานะการปรับปรุง", 20.0));
        columns.push(("วันที่แล้วเสร็จ / หลักฐาน", 30.0));
        heads(sheet, &styles, 4, &columns)?;
        sheet.set_landscape();
        sheet.set_freeze_panes(5, 0)?;
        sheet.set_repeat_rows(4, 4)?;
        let mut row: RowNum = 5;
        for (view, stored) in d.rows.iter().zip(&report.year.rows) {
            let cells = [
                format!("{}\nวัตถุประสงค์: {}", view.mission, view.objective),
                view.risk.clone(),
                view.existing_control.clone(),
                view.evaluation.clone(),
                view.remaining_risk.clone(),
                view.improvement.clone(),
                view.due_on.clone(),
                view.owner_unit.clone(),
                view.status.to_string(),
                match stored.improvement.done_on {
                    Some(day) => format!("{} {}", thai_date(day), stored.improvement.evidence),
                    None => stored.improvement.evidence.clone(),
                },
            ];
            for (col, cell) in cells.iter().enumerate() {
                sheet.write_string_with_format(row, col as ColNum, cell.trim(), &styles.text)?;
            }
            row += 1;
        }
        row += 1;
        sheet.write_string_with_format(row, 0, "การปรับปรุงที่ดำเนินการแล้วเสร็จ", &styles.band)?;
        sheet.write_string_with_format(row, 1, &d.remediation, &styles.text)?;
    }

    titled(&mut workbook, &styles, "ปค.6", PkForm::Pk6.thai(), &d, 2)?;
    {
        let sheet = workbook.worksheet_from_name("ปค.6")?;
        sheet.set_column_width(0, 28)?;
        sheet.set_column_width(1, 80)?;
        let mut row: RowNum = 4;
        let lines: Vec<(&str, String)> = vec![
            ("ความเห็นของผู้ตรวจสอบภายใน", d.opinion.clone()),
            ("ผู้สอบทาน (ตำแหน่ง)", d.reviewer_position.clone()),
            ("วันที่", d.reviewed_on.clone()),
        ];
        for (label, value) in lines {
            sheet.write_string_with_format(row, 0, label, &styles.band)?;
            sheet.write_string_with_format(row, 1, value, &styles.text)?;
            row += 1;
        }
        for (i, p) in d.points.iter().enumerate() {
            sheet.write_string_with_format(row, 0, format!("ข้อสังเกตที่ {}", i + 1), &styles.text)?;
            sheet.write_string_with_format(row, 1, p, &styles.text)?;
            row += 1;
        }
    }

    if !report.public {
        titled(
            &mut workbook,
            &styles,
            "คณะกรรมการ",
            "คณะกรรมการติดตามประเมินผลการควบคุมภายใน",
            &d,
            3,
        )?;
        let sheet = workbook.worksheet_from_name("คณะกรรมการ")?;
        sheet.write_string_with_format(3, 0, &d.committee_order, &styles.note)?;
        heads(
            sheet,
            &styles,
            4,
            &[
                ("ที่", 6.0),
                ("ตำแหน่ง", 40.0),
                ("บทบาทในคณะกรรมการ", 30.0),
                ("ชื่อ", 30.0),
            ],
        )?;
        for (i, m) in d.members.iter().enumerate() {
            let row = 5 + i as RowNum;
            sheet.write_number_with_format(row, 0, (i + 1) as f64, &styles.integer)?;
            sheet.write_string_with_format(row, 1, &m.position, &styles.text)?;
            sheet.write_string_with_format(row, 2, &m.role, &styles.text)?;
            sheet.write_string_with_format(row, 3, &m.name, &styles.text)?;
        }
    }
    Ok(workbook.save_to_buffer()?)
}
