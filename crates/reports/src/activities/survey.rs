//! A survey's or a test's report (PDF, XLSX) and its answers (CSV, XLSX).
//!
//! The report is made from the results the store computes from its tallies;
//! below the survey's minimum number of answers it shows the count only. The
//! answers are one row per response: the day (BE) and the answers, nothing
//! that identifies whoever gave them.

use super::{PageHeader, number_text, pdf, percent_text};
use crate::ReportError;
use crate::csv_file::{BOM, defuse};
use crate::xlsx::{Styles, escape_header};
use rust_xlsxwriter::{ColNum, DocProperties, RowNum, Workbook, Worksheet};
use serde::Serialize;
use sujarit_core::fiscal::thai_date;
use sujarit_core::survey::{
    AnswerValue, Question, QuestionKind, QuestionResult, Response, Results, scale_label,
};
use time::Date;

/// A survey's report (รายงานผลแบบสำรวจ / แบบทดสอบ).
#[derive(Clone, Debug, PartialEq)]
pub struct SurveyReport {
    pub organization: String,
    /// The survey's title.
    pub title: String,
    /// "แบบสำรวจความพึงพอใจ", "แบบทดสอบความรู้ หลังอบรม (post-test)"…
    pub kind_label: String,
    /// The plan item it measures, "1.1 โครงการ…", if any.
    pub item: Option<String>,
    /// "1 ตุลาคม 2568 – 30 กันยายน 2569", or what the caller wants said.
    pub period: String,
    pub results: Results,
    /// The pre-test's results, when this is the post-test of a pair.
    pub pre: Option<Results>,
    /// Fewer answers than the survey's minimum: only their number is shown.
    pub withheld: bool,
}

/// What the report says when it withholds the results.
pub const WITHHELD_NOTE: &str =
    "จำนวนผู้ตอบยังไม่ถึงจำนวนขั้นต่ำที่กำหนดให้แสดงผล จึงแสดงเฉพาะจำนวนผู้ตอบ เพื่อไม่ให้สามารถระบุตัวผู้ตอบได้";

/// What it says with no answers at all.
pub const NO_ANSWERS_NOTE: &str = "ยังไม่มีผู้ตอบ";

/// How a 5-level mean is read (class width 0.8, the usual Thai criteria).
pub const MEAN_CRITERIA: &str = "เกณฑ์การแปลผลค่าเฉลี่ย: 4.21–5.00 มากที่สุด, 3.41–4.20 มาก, 2.61–3.40 ปานกลาง, 1.81–2.60 น้อย, 1.00–1.80 น้อยที่สุด";

/// The level a 1–5 mean stands for ([`MEAN_CRITERIA`]).
pub fn mean_level(mean: f64) -> &'static str {
    // Compare at two decimals, as the mean is printed.
    let m = (mean * 100.0).round() / 100.0;
    let value = if m > 4.20 {
        5
    } else if m > 3.40 {
        4
    } else if m > 2.60 {
        3
    } else if m > 1.80 {
        2
    } else {
        1
    };
    scale_label(value)
}

/// One headline figure: a label, its text and, for a spreadsheet, its number.
#[derive(Clone, Debug, Serialize)]
struct Figure {
    label: String,
    text: String,
    #[serde(skip)]
    number: Option<f64>,
}

fn figure(label: &str, text: String, number: Option<f64>) -> Figure {
    Figure {
        label: label.into(),
        text,
        number,
    }
}

fn share_figure(label: &str, share: f64) -> Figure {
    figure(label, percent_text(share), Some(round2(share)))
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[derive(Clone, Debug, Serialize)]
struct OptionRow {
    label: String,
    count: u64,
    /// "40.00", "-" when nobody answered the question.
    share: String,
    /// count ÷ answered, 0–1: the bar's length.
    fraction: f64,
}

#[derive(Clone, Debug, Serialize)]
struct QuestionView {
    no: usize,
    text: String,
    kind: &'static str,
    answered: u64,
    rows: Vec<OptionRow>,
    /// Mean, satisfied share, correct share, as sentences.
    lines: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct ReportData {
    header: PageHeader,
    kind_label: String,
    item: Option<String>,
    period: String,
    responses: u64,
    withheld: bool,
    note: Option<&'static str>,
    figures: Vec<Figure>,
    questions: Vec<QuestionView>,
    /// Whether a 5-level mean is shown, so the criteria are printed.
    criteria: Option<&'static str>,
}

pub(super) fn report_data(report: &SurveyReport) -> ReportData {
    let r = &report.results;
    let shown = !report.withheld && r.responses > 0;
    let note = if report.withheld {
        Some(WITHHELD_NOTE)
    } else if r.responses == 0 {
        Some(NO_ANSWERS_NOTE)
    } else {
        None
    };
    let questions: Vec<QuestionView> = if shown {
        r.questions
            .iter()
            .enumerate()
            .map(|(i, q)| question_view(i + 1, q, report.pre.as_ref()))
            .collect()
    } else {
        Vec::new()
    };
    let criteria = (shown && r.mean.is_some()).then_some(MEAN_CRITERIA);
    ReportData {
        header: PageHeader {
            organization: report.organization.clone(),
            title: report.title.clone(),
            running: format!("รายงานผล{}", report.kind_label),
        },
        kind_label: report.kind_label.clone(),
        item: report.item.clone(),
        period: report.period.clone(),
        responses: r.responses,
        withheld: report.withheld,
        note,
        figures: figures(report),
        questions,
        criteria,
    }
}

/// The headline figures: the count always, the rest only when shown.
fn figures(report: &SurveyReport) -> Vec<Figure> {
    let r = &report.results;
    let mut out = vec![figure(
        "จำนวนผู้ตอบ (ราย)",
        r.responses.to_string(),
        Some(r.responses as f64),
    )];
    if report.withheld || r.responses == 0 {
        return out;
    }
    if let Some(share) = r.satisfied_share {
        out.push(share_figure("ร้อยละของคำตอบระดับมาก–มากที่สุด (4–5)", share));
    }
    if let Some(mean) = r.mean {
        out.push(figure(
            "ค่าเฉลี่ย (เต็ม 5)",
            format!("{:.2}", mean),
            Some(round2(mean)),
        ));
        out.push(figure("ระดับโดยรวม", mean_level(mean).into(), None));
    }
    if let Some(share) = r.pass_share {
        out.push(share_figure("ร้อยละของผู้ผ่านเกณฑ์", share));
    }
    if let Some(score) = r.mean_score {
        out.push(share_figure("คะแนนเฉลี่ย (ร้อยละของคะแนนเต็ม)", score));
    }
    if let Some(pre) = &report.pre {
        out.push(figure(
            "ผู้ทำแบบทดสอบก่อนอบรม (ราย)",
            pre.responses.to_string(),
            Some(pre.responses as f64),
        ));
        if let Some(share) = pre.pass_share {
            out.push(share_figure("ร้อยละของผู้ผ่านเกณฑ์ก่อนอบรม", share));
        }
        if let Some(before) = pre.mean_score {
            out.push(share_figure("คะแนนเฉลี่ยก่อนอบรม (ร้อยละของคะแนนเต็ม)", before));
            if let Some(after) = r.mean_score {
                let change = round2(after) - round2(before);
                let (label, sign) = if change >= 0.0 {
                    ("คะแนนเฉลี่ยเพิ่มขึ้นจากก่อนอบรม (คะแนนร้อยละ)", "+")
                } else {
                    ("คะแนนเฉลี่ยลดลงจากก่อนอบรม (คะแนนร้อยละ)", "")
                };
                out.push(figure(
                    label,
                    format!("{sign}{}", percent_text(change)),
                    Some(round2(change)),
                ));
            }
        }
    }
    out
}

fn question_view(no: usize, q: &QuestionResult, pre: Option<&Results>) -> QuestionView {
    let rows = q
        .distribution
        .iter()
        .map(|(label, count)| {
            let fraction = if q.answered > 0 {
                (*count as f64 / q.answered as f64).min(1.0)
            } else {
                0.0
            };
            OptionRow {
                label: label.clone(),
                count: *count,
                share: if q.answered > 0 {
                    percent_text(fraction * 100.0)
                } else {
                    "-".into()
                },
                fraction,
            }
        })
        .collect();
    let mut lines = vec![format!("ผู้ตอบข้อนี้ {} ราย", q.answered)];
    match q.kind {
        QuestionKind::Scale5 => {
            if let Some(mean) = q.mean {
                lines.push(format!("ค่าเฉลี่ย {:.2} (ระดับ{})", mean, mean_level(mean)));
            }
            if let Some(share) = q.satisfied_share {
                lines.push(format!("ระดับมาก–มากที่สุด ร้อยละ {}", percent_text(share)));
            }
        }
        QuestionKind::Multiple => {
            lines.push("เลือกได้หลายข้อ: ร้อยละของผู้ตอบข้อนี้".into());
        }
        QuestionKind::Number => {
            if let Some(mean) = q.mean {
                lines.push(format!("ค่าเฉลี่ย {}", number_text(mean)));
            }
        }
        QuestionKind::Text => {
            lines.push("คำตอบเป็นข้อความ: ดูในไฟล์คำตอบ (CSV/Excel)".into());
        }
        QuestionKind::Choice => {}
    }
    if let Some(share) = q.correct_share {
        let before = pre
            .and_then(|p| p.questions.iter().find(|b| b.id == q.id))
            .and_then(|b| b.correct_share)
            .map(|b| format!(" (ก่อนอบรม ร้อยละ {})", percent_text(b)))
            .unwrap_or_default();
        lines.push(format!("ตอบถูก ร้อยละ {}{before}", percent_text(share)));
    }
    QuestionView {
        no,
        text: q.text.clone(),
        kind: q.kind.thai(),
        answered: q.answered,
        rows,
        lines,
    }
}

/// The report as a PDF (A4 portrait): the headline figures, then each
/// question's answers as a table with a bar per choice.
pub fn survey_report_pdf(report: &SurveyReport) -> Result<Vec<u8>, ReportError> {
    pdf("survey.typ", &report_data(report))
}

/// The report as a workbook: "สรุป" (the headline figures and one row per
/// question) and "รายข้อ" (one row per question and choice).
pub fn survey_report_xlsx(report: &SurveyReport) -> Result<Vec<u8>, ReportError> {
    let data = report_data(report);
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&report.title)
            .set_author(&report.organization)
            .set_company(&report.organization),
    );
    let styles = Styles::new();
    let mut lines = vec![report.organization.clone(), report.kind_label.clone()];
    lines.extend(report.item.iter().map(|i| format!("โครงการ/กิจกรรม {i}")));
    lines.push(format!("ระยะเวลา {}", report.period));

    let sheet = workbook.add_worksheet();
    sheet.set_name("สรุป")?;
    let mut row = heading(
        sheet,
        &styles,
        &report.title,
        &report.organization,
        &lines,
        7,
    )?;
    sheet.write_string_with_format(row, 0, "รายการ", &styles.head)?;
    sheet.write_string_with_format(row, 1, "ผล", &styles.head)?;
    row += 1;
    for f in &data.figures {
        sheet.write_string_with_format(row, 0, &f.label, &styles.text)?;
        match f.number {
            Some(n) if n.fract() == 0.0 => {
                sheet.write_number_with_format(row, 1, n, &styles.integer)?
            }
            Some(n) => sheet.write_number_with_format(row, 1, n, &styles.score)?,
            None => sheet.write_string_with_format(row, 1, &f.text, &styles.center)?,
        };
        row += 1;
    }
    for note in data.note.iter().chain(data.criteria.iter()) {
        sheet.write_string_with_format(row, 0, *note, &styles.note)?;
        row += 1;
    }
    sheet.set_column_width(0, 44)?;
    sheet.set_column_width(1, 40)?;
    if !data.questions.is_empty() {
        row += 1;
        let heads = [
            "ข้อ",
            "คำถาม",
            "ประเภท",
            "ผู้ตอบ (ราย)",
            "ค่าเฉลี่ย",
            "ร้อยละระดับมาก–มากที่สุด (4–5)",
            "ร้อยละที่ตอบถูก",
        ];
        for (col, name) in heads.iter().enumerate() {
            sheet.write_string_with_format(row, col as ColNum, *name, &styles.head)?;
        }
        sheet.set_row_height(row, 30)?;
        row += 1;
        for (q, result) in data.questions.iter().zip(&report.results.questions) {
            sheet.write_number_with_format(row, 0, q.no as f64, &styles.integer)?;
            sheet.write_string_with_format(row, 1, &q.text, &styles.text)?;
            sheet.write_string_with_format(row, 2, q.kind, &styles.text)?;
            sheet.write_number_with_format(row, 3, q.answered as f64, &styles.integer)?;
            for (col, value) in [
                (4, result.mean),
                (5, result.satisfied_share),
                (6, result.correct_share),
            ] {
                match value {
                    Some(v) => {
                        sheet.write_number_with_format(row, col, round2(v), &styles.score)?
                    }
                    None => sheet.write_blank(row, col, &styles.score)?,
                };
            }
            row += 1;
        }
        for (col, width) in [(2, 16.0), (3, 11.0), (4, 10.0), (5, 16.0), (6, 12.0)] {
            sheet.set_column_width(col, width)?;
        }
    }

    let sheet = workbook.add_worksheet();
    sheet.set_name("รายข้อ")?;
    let mut row = heading(
        sheet,
        &styles,
        &report.title,
        &report.organization,
        &lines,
        5,
    )?;
    if data.questions.is_empty() {
        let note = data.note.unwrap_or(NO_ANSWERS_NOTE);
        sheet.write_string_with_format(row, 0, note, &styles.note)?;
    } else {
        for (col, (name, width)) in [
            ("ข้อ", 6.0),
            ("คำถาม", 50.0),
            ("ตัวเลือก/ระดับ", 30.0),
            ("จำนวน", 10.0),
            ("ร้อยละ", 10.0),
        ]
        .into_iter()
        .enumerate()
        {
            sheet.write_string_with_format(row, col as ColNum, name, &styles.head)?;
            sheet.set_column_width(col as ColNum, width)?;
        }
        sheet.set_freeze_panes(row + 1, 0)?;
        row += 1;
        for q in &data.questions {
            for option in &q.rows {
                sheet.write_number_with_format(row, 0, q.no as f64, &styles.integer)?;
                sheet.write_string_with_format(row, 1, &q.text, &styles.text)?;
                sheet.write_string_with_format(row, 2, &option.label, &styles.text)?;
                sheet.write_number_with_format(row, 3, option.count as f64, &styles.integer)?;
                match option.share.parse::<f64>() {
                    Ok(share) => sheet.write_number_with_format(row, 4, share, &styles.score)?,
                    Err(_) => sheet.write_blank(row, 4, &styles.score)?,
                };
                row += 1;
            }
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// The title and the lines under it, page setup for A4 portrait. Returns the
/// next free row (one left blank).
fn heading(
    sheet: &mut Worksheet,
    styles: &Styles,
    title: &str,
    organization: &str,
    lines: &[String],
    columns: ColNum,
) -> Result<RowNum, ReportError> {
    sheet.merge_range(0, 0, 0, columns - 1, title, &styles.title)?;
    let mut row: RowNum = 1;
    for line in lines {
        sheet.merge_range(row, 0, row, columns - 1, line, &styles.note)?;
        row += 1;
    }
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_header(format!("&L{}", escape_header(organization)));
    sheet.set_footer("&Rหน้า &P จาก &N");
    Ok(row + 1)
}

/// A cell of the answers: the scale as its number, a choice as its text,
/// several joined with ", ", a number, a text.
enum Cell {
    Number(f64),
    Text(String),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Number(n) => number_plain(*n),
            Cell::Text(t) => t.clone(),
        }
    }
}

/// A number as typed: "12", "2.5", no grouping.
fn number_plain(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

fn option_text(q: &Question, index: usize) -> String {
    q.options
        .get(index)
        .cloned()
        .unwrap_or_else(|| (index + 1).to_string())
}

fn answer_cell(q: &Question, value: Option<&AnswerValue>) -> Cell {
    match value {
        None => Cell::Text(String::new()),
        Some(AnswerValue::Scale(v)) => Cell::Number(f64::from(*v)),
        Some(AnswerValue::Choice(i)) => Cell::Text(option_text(q, *i)),
        Some(AnswerValue::Multiple(picked)) => Cell::Text(
            picked
                .iter()
                .map(|i| option_text(q, *i))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Some(AnswerValue::Number(n)) => Cell::Number(*n),
        Some(AnswerValue::Text(t)) => Cell::Text(t.clone()),
    }
}

/// The header row and the rows of the answers.
fn answer_table(
    questions: &[Question],
    answers: &[(Date, Response)],
) -> (Vec<String>, Vec<Vec<Cell>>) {
    let scored = questions.iter().filter(|q| q.correct.is_some()).count();
    let mut head = vec!["วันที่".to_string()];
    head.extend(
        questions
            .iter()
            .enumerate()
            .map(|(i, q)| format!("ข้อ {}. {}", i + 1, q.text)),
    );
    if scored > 0 {
        head.push(format!("คะแนน (เต็ม {scored})"));
        head.push("ผลการทดสอบ".into());
    }
    let rows = answers
        .iter()
        .map(|(day, response)| {
            let mut row = vec![Cell::Text(thai_date(*day))];
            row.extend(
                questions
                    .iter()
                    .map(|q| answer_cell(q, response.answers.get(&q.id))),
            );
            if scored > 0 {
                row.push(Cell::Number(f64::from(response.score)));
                row.push(Cell::Text(
                    if response.passed {
                        "ผ่าน"
                    } else {
                        "ไม่ผ่าน"
                    }
                    .into(),
                ));
            }
            row
        })
        .collect();
    (head, rows)
}

/// The answers as CSV (UTF-8 with a byte-order mark): "วันที่" (BE), one
/// column per question, and "คะแนน"/"ผลการทดสอบ" for a test. Text that a
/// spreadsheet would run as a formula gets a leading apostrophe.
pub fn survey_answers_csv(questions: &[Question], answers: &[(Date, Response)]) -> Vec<u8> {
    let (head, rows) = answer_table(questions, answers);
    let mut out = BOM.to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let mut write = |cells: Vec<String>| {
            writer
                .write_record(cells.iter().map(|c| defuse(c).into_owned()))
                .expect("writing CSV to memory cannot fail");
        };
        write(head);
        for row in rows {
            write(row.iter().map(Cell::text).collect());
        }
        writer.flush().expect("writing CSV to memory cannot fail");
    }
    out
}

/// The answers as a workbook of one sheet, "คำตอบ": the same columns as
/// [`survey_answers_csv`], numbers as numbers.
pub fn survey_answers_xlsx(
    questions: &[Question],
    answers: &[(Date, Response)],
) -> Result<Vec<u8>, ReportError> {
    let (head, rows) = answer_table(questions, answers);
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("คำตอบ")?;
    for (col, name) in head.iter().enumerate() {
        sheet.write_string_with_format(0, col as ColNum, name, &styles.head)?;
        let width = if col == 0 { 18.0 } else { 22.0 };
        sheet.set_column_width(col as ColNum, width)?;
    }
    sheet.set_row_height(0, 45)?;
    sheet.set_freeze_panes(1, 1)?;
    for (r, row) in rows.iter().enumerate() {
        let at = r as RowNum + 1;
        for (col, cell) in row.iter().enumerate() {
            match cell {
                Cell::Number(n) => {
                    sheet.write_number_with_format(at, col as ColNum, *n, &styles.note)?
                }
                Cell::Text(t) => {
                    sheet.write_string_with_format(at, col as ColNum, t, &styles.note)?
                }
            };
        }
    }
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_are_read_by_the_usual_criteria() {
        assert_eq!(mean_level(4.21), "มากที่สุด");
        assert_eq!(mean_level(4.204), "มาก", "4.20 as printed");
        assert_eq!(mean_level(3.41), "มาก");
        assert_eq!(mean_level(3.0), "ปานกลาง");
        assert_eq!(mean_level(1.81), "น้อย");
        assert_eq!(mean_level(1.0), "น้อยที่สุด");
        assert_eq!(number_plain(3.0), "3");
        assert_eq!(number_plain(2.5), "2.5");
    }
}
