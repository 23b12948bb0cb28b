//! XLSX through rust_xlsxwriter. Numbers are stored as numbers (baht with a
//! "#,##0.00" format), and every total is a formula whose cached value is the
//! exact sum, so the file reads right before and after Excel recalculates.

use crate::ReportError;
use crate::complaints::{ChannelSection, ComplaintReport};
use crate::model::{Header, MonitoringReport, Report, ScheduleReport, ScoreView, SummaryReport};
use crate::text::baht_number;
use rust_xlsxwriter::utility::cell_range;
use rust_xlsxwriter::{
    ColNum, Color, DocProperties, Format, FormatAlign, FormatBorder, Formula, RowNum, Workbook,
    Worksheet, XlsxError,
};
use sujarit_core::Baht;
use sujarit_core::complaint::{Channel, SmallCount};

impl From<XlsxError> for ReportError {
    fn from(e: XlsxError) -> Self {
        ReportError::Xlsx(e.to_string())
    }
}

pub fn render(report: &Report) -> Result<Vec<u8>, ReportError> {
    let mut workbook = Workbook::new();
    let header = report.header();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&header.title)
            .set_author(&header.organization)
            .set_company(&header.organization),
    );
    let styles = Styles::new();
    match report {
        Report::Schedule(r) => schedule(&mut workbook, &styles, r)?,
        Report::Summary(r) => summary(&mut workbook, &styles, r)?,
        Report::Monitoring(r) => monitoring(&mut workbook, &styles, r)?,
    }
    Ok(workbook.save_to_buffer()?)
}

/// A font every office suite in Thailand has, with Thai glyphs.
pub(crate) const FONT: &str = "Tahoma";

pub(crate) struct Styles {
    pub(crate) title: Format,
    pub(crate) note: Format,
    pub(crate) head: Format,
    pub(crate) text: Format,
    pub(crate) center: Format,
    pub(crate) integer: Format,
    pub(crate) money: Format,
    pub(crate) total_text: Format,
    pub(crate) total_money: Format,
    pub(crate) total_integer: Format,
    pub(crate) band: Format,
    pub(crate) score: Format,
    pub(crate) percent: Format,
}

impl Styles {
    pub(crate) fn new() -> Styles {
        let base = Format::new().set_font_name(FONT).set_font_size(10);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top);
        let total = cell
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xE8E8E8));
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            note: base.clone(),
            head: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xDDE5F0)),
            text: cell.clone().set_text_wrap(),
            center: cell.clone().set_align(FormatAlign::Center),
            integer: cell.clone().set_num_format("0"),
            money: cell.clone().set_num_format("#,##0.00"),
            total_text: total.clone().set_align(FormatAlign::Right),
            total_money: total.clone().set_num_format("#,##0.00"),
            total_integer: total
                .clone()
                .set_num_format("0")
                .set_align(FormatAlign::Center),
            band: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xF2F2F2)),
            score: cell.clone().set_num_format("0.00"),
            percent: total.set_num_format("0.00"),
        }
    }
}

/// Title lines, the header row (frozen and repeated on printed pages), page setup.
/// Returns the first data row.
fn start_sheet(
    sheet: &mut Worksheet,
    styles: &Styles,
    header: &Header,
    lines: &[String],
    columns: &[(&str, f64)],
) -> Result<RowNum, ReportError> {
    let last_col = columns.len() as ColNum - 1;
    sheet.merge_range(0, 0, 0, last_col, &header.title, &styles.title)?;
    let mut row: RowNum = 1;
    for line in [header.organization.clone()]
        .iter()
        .chain(lines)
        .chain([&format!("พิมพ์เมื่อ {}", header.generated)])
    {
        sheet.merge_range(row, 0, row, last_col, line, &styles.note)?;
        row += 1;
    }
    let head_row = row + 1;
    for (col, (name, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(head_row, col as ColNum, *name, &styles.head)?;
        sheet.set_column_width(col as ColNum, *width)?;
    }
    sheet.set_row_height(head_row, 30)?;
    sheet.set_freeze_panes(head_row + 1, 0)?;
    sheet.set_repeat_rows(head_row, head_row)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_header(format!("&L{}", escape_header(&header.organization)));
    sheet.set_footer("&Rหน้า &P จาก &N");
    Ok(head_row + 1)
}

/// `&` starts a control code in page headers.
pub(crate) fn escape_header(text: &str) -> String {
    text.replace('&', "&&")
}

fn write_money(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    amount: Option<Baht>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    match amount {
        Some(a) => sheet.write_number_with_format(row, col, baht_number(a), &styles.money)?,
        None => sheet.write_blank(row, col, &styles.money)?,
    };
    Ok(())
}

/// `=SUM(range)` with the sum it must give as its cached value.
fn sum_formula(first: RowNum, last: RowNum, col: ColNum, total: Baht) -> Formula {
    if last < first {
        // No rows: a sum over nothing, still a formula.
        return Formula::new("=0").set_result("0");
    }
    let range = cell_range(first, col, last, col);
    Formula::new(format!("=SUM({range})")).set_result(baht_number(total).to_string())
}

fn schedule(
    workbook: &mut Workbook,
    styles: &Styles,
    r: &ScheduleReport,
) -> Result<(), ReportError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(format!("แผนปี {}", r.header.fiscal_year))?;
    let first = start_sheet(
        sheet,
        styles,
        &r.header,
        std::slice::from_ref(&r.header.subtitle),
        &[
            ("ลำดับ", 7.0),
            ("รายการโครงการ (ตั้งต้น)", 70.0),
            ("มิติ", 6.0),
            ("งบประมาณ (บาท)", 16.0),
            ("ไตรมาส 1", 9.0),
            ("ไตรมาส 2", 9.0),
            ("ไตรมาส 3", 9.0),
            ("ไตรมาส 4", 9.0),
            ("หมายเหตุ", 24.0),
        ],
    )?;
    let mut row = first;
    for line in &r.rows {
        sheet.write_number_with_format(row, 0, line.order, &styles.integer)?;
        sheet.write_string_with_format(row, 1, &line.name, &styles.text)?;
        match line.dimension {
            Some(d) => sheet.write_number_with_format(row, 2, d, &styles.integer)?,
            None => sheet.write_blank(row, 2, &styles.integer)?,
        };
        write_money(sheet, row, 3, Some(line.budget.0), styles)?;
        for (q, ticked) in line.quarters.iter().enumerate() {
            let mark = if *ticked { TICK } else { "" };
            sheet.write_string_with_format(row, 4 + q as ColNum, mark, &styles.center)?;
        }
        sheet.write_string_with_format(row, 8, &line.remark, &styles.text)?;
        row += 1;
    }
    let last = row - 1;
    sheet.merge_range(row, 0, row, 2, "รวมทั้งสิ้น", &styles.total_text)?;
    sheet.write_formula_with_format(
        row,
        3,
        sum_formula(first, last, 3, r.total_budget.0),
        &styles.total_money,
    )?;
    for (q, count) in r.quarter_counts.iter().enumerate() {
        let col = 4 + q as ColNum;
        let formula = if last < first {
            Formula::new("=0").set_result("0")
        } else {
            Formula::new(format!(
                "=COUNTIF({},\"{TICK}\")",
                cell_range(first, col, last, col)
            ))
            .set_result(count.to_string())
        };
        sheet.write_formula_with_format(row, col, formula, &styles.total_integer)?;
    }
    sheet.write_blank(row, 8, &styles.total_text)?;
    row += 2;
    sheet.write_string_with_format(
        row,
        1,
        format!("** ข้อมูล ณ วันที่ {}", r.data_date),
        &styles.note,
    )?;
    row += 1;
    sheet.write_string_with_format(
        row,
        1,
        format!("ชื่อ - สกุล ผู้ออกรายงาน {}", r.issuer.as_deref().unwrap_or("")),
        &styles.note,
    )?;
    row += 2;
    sheet.write_string_with_format(row, 1, "คำอธิบาย", &styles.note)?;
    for d in &r.dimensions {
        row += 1;
        sheet.write_string_with_format(row, 1, format!("มิติ {} {}", d.no, d.name), &styles.note)?;
    }
    Ok(())
}

/// The mark of a ticked quarter, as E-PlanNACC shows it.
pub(crate) const TICK: &str = "✓";

fn summary(workbook: &mut Workbook, styles: &Styles, r: &SummaryReport) -> Result<(), ReportError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name("ส่วนที่ 2")?;
    let year_heads: Vec<String> = r.years.iter().map(|y| format!("ปี {y} (บาท)")).collect();
    let mut columns: Vec<(&str, f64)> = vec![
        ("ลำดับ", 7.0),
        ("มิติ", 6.0),
        ("ภารกิจ", 8.0),
        ("ประเภท", 10.0),
        ("โครงการ/กิจกรรม/มาตรการ", 60.0),
    ];
    columns.extend(year_heads.iter().map(|h| (h.as_str(), 15.0)));
    columns.push(("หน่วยงานรับผิดชอบ", 30.0));
    let first_year_col: ColNum = 5;
    let units_col = first_year_col + r.years.len() as ColNum;
    let first = start_sheet(
        sheet,
        styles,
        &r.header,
        std::slice::from_ref(&r.header.subtitle),
        &columns,
    )?;
    let mut row = first;
    let mut subtotal_rows = Vec::new();
    for d in &r.dimensions {
        sheet.merge_range(
            row,
            0,
            row,
            units_col,
            &format!("มิติที่ {} {}", d.no, d.name),
            &styles.band,
        )?;
        row += 1;
        let dim_first = row;
        for m in &d.missions {
            for item in &m.items {
                sheet.write_string_with_format(row, 0, &item.code, &styles.center)?;
                sheet.write_number_with_format(row, 1, d.no, &styles.integer)?;
                sheet.write_string_with_format(row, 2, &m.code, &styles.center)?;
                sheet.write_string_with_format(row, 3, &item.kind, &styles.text)?;
                sheet.write_string_with_format(row, 4, &item.name, &styles.text)?;
                for (i, budget) in item.budgets.iter().enumerate() {
                    write_money(
                        sheet,
                        row,
                        first_year_col + i as ColNum,
                        Some(budget.0),
                        styles,
                    )?;
                }
                sheet.write_string_with_format(
                    row,
                    units_col,
                    item.units.join(", "),
                    &styles.text,
                )?;
                row += 1;
            }
        }
        sheet.merge_range(
            row,
            0,
            row,
            4,
            &format!("รวมมิติที่ {} ({} โครงการ)", d.no, d.item_count),
            &styles.total_text,
        )?;
        for (i, total) in d.totals.iter().enumerate() {
            let col = first_year_col + i as ColNum;
            sheet.write_formula_with_format(
                row,
                col,
                sum_formula(dim_first, row - 1, col, total.0),
                &styles.total_money,
            )?;
        }
        sheet.write_blank(row, units_col, &styles.total_text)?;
        subtotal_rows.push(row);
        row += 1;
    }
    sheet.merge_range(
        row,
        0,
        row,
        4,
        &format!("รวมทั้งสิ้น ({} โครงการ)", r.item_count),
        &styles.total_text,
    )?;
    for (i, total) in r.totals.iter().enumerate() {
        let col = first_year_col + i as ColNum;
        let cells: Vec<String> = subtotal_rows
            .iter()
            .map(|r| rust_xlsxwriter::utility::row_col_to_cell(*r, col))
            .collect();
        let formula = if cells.is_empty() {
            Formula::new("=0").set_result("0")
        } else {
            Formula::new(format!("={}", cells.join("+")))
                .set_result(baht_number(total.0).to_string())
        };
        sheet.write_formula_with_format(row, col, formula, &styles.total_money)?;
    }
    sheet.write_blank(row, units_col, &styles.total_text)?;
    Ok(())
}

fn monitoring(
    workbook: &mut Workbook,
    styles: &Styles,
    r: &MonitoringReport,
) -> Result<(), ReportError> {
    let lines = [
        format!("{}: {}", r.round_label, r.period),
        r.include_label.clone(),
    ];
    // The items first: it is the sheet people filter and sort.
    let sheet = workbook.add_worksheet();
    sheet.set_name("ผลการดำเนินงาน")?;
    let first = start_sheet(
        sheet,
        styles,
        &r.header,
        &lines,
        &[
            ("ที่", 7.0),
            ("มิติ", 6.0),
            ("โครงการ/กิจกรรม/มาตรการ", 50.0),
            ("หน่วยงานรับผิดชอบ", 22.0),
            ("สถานะ", 22.0),
            ("ไตรมาสที่รายงาน", 10.0),
            ("สถานะการตรวจสอบ", 14.0),
            ("งบประมาณตามแผน (บาท)", 16.0),
            ("งบประมาณตามเทศบัญญัติ (บาท)", 16.0),
            ("เบิกจ่าย (บาท)", 16.0),
            ("ผลการดำเนินงาน", 50.0),
            ("ผลตามตัวชี้วัด", 60.0),
        ],
    )?;
    let mut row = first;
    for d in &r.dimensions {
        for item in &d.items {
            sheet.write_string_with_format(row, 0, &item.code, &styles.center)?;
            sheet.write_number_with_format(row, 1, item.dimension, &styles.integer)?;
            sheet.write_string_with_format(row, 2, &item.name, &styles.text)?;
            sheet.write_string_with_format(row, 3, item.units.join(", "), &styles.text)?;
            sheet.write_string_with_format(row, 4, &item.status_label, &styles.text)?;
            match item.quarter {
                Some(q) => sheet.write_number_with_format(row, 5, q, &styles.integer)?,
                None => sheet.write_blank(row, 5, &styles.integer)?,
            };
            sheet.write_string_with_format(
                row,
                6,
                item.review_label.as_deref().unwrap_or(""),
                &styles.text,
            )?;
            write_money(sheet, row, 7, Some(item.planned.0), styles)?;
            write_money(sheet, row, 8, item.adopted.map(|m| m.0), styles)?;
            write_money(sheet, row, 9, item.disbursed.map(|m| m.0), styles)?;
            sheet.write_string_with_format(row, 10, &item.narrative, &styles.text)?;
            sheet.write_string_with_format(row, 11, kpi_text(&item.kpis), &styles.text)?;
            row += 1;
        }
    }
    let last = row - 1;
    sheet.merge_range(
        row,
        0,
        row,
        6,
        &format!("รวมทั้งสิ้น {} โครงการ", r.score.items),
        &styles.total_text,
    )?;
    for (col, total) in [
        (7, r.budget.planned),
        (8, r.budget.adopted),
        (9, r.budget.disbursed),
    ] {
        sheet.write_formula_with_format(
            row,
            col,
            sum_formula(first, last, col, total.0),
            &styles.total_money,
        )?;
    }
    sheet.write_blank(row, 10, &styles.total_text)?;
    sheet.write_blank(row, 11, &styles.total_text)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("สรุป")?;
    let first = start_sheet(
        sheet,
        styles,
        &r.header,
        &lines,
        &[
            ("มิติ", 50.0),
            ("จำนวนโครงการ", 12.0),
            ("ดำเนินการแล้วเสร็จ", 12.0),
            ("อยู่ระหว่างดำเนินการ", 12.0),
            ("ยังไม่ดำเนินการ", 12.0),
            ("ไม่สามารถดำเนินการได้", 12.0),
            ("รอรายงานผล", 12.0),
            ("คะแนน (ร้อยละ)", 12.0),
        ],
    )?;
    let mut row = first;
    for d in &r.dimensions {
        sheet.write_string_with_format(row, 0, format!("มิติที่ {} {}", d.no, d.name), &styles.text)?;
        score_cells(sheet, styles, row, &d.score, false)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, "ทั้งแผน", &styles.total_text)?;
    score_cells(sheet, styles, row, &r.score, true)?;
    row += 2;
    sheet.write_string_with_format(
        row,
        0,
        "คะแนน = (แล้วเสร็จ × 1 + อยู่ระหว่างดำเนินการ × 0.5) ÷ จำนวนโครงการทั้งหมด × 100",
        &styles.note,
    )?;
    row += 2;
    for (label, amount) in [
        ("งบประมาณตามแผน (บาท)", r.budget.planned),
        ("งบประมาณตามเทศบัญญัติ (บาท)", r.budget.adopted),
        ("เบิกจ่าย (บาท)", r.budget.disbursed),
    ] {
        sheet.write_string_with_format(row, 0, label, &styles.text)?;
        write_money(sheet, row, 1, Some(amount.0), styles)?;
        row += 1;
    }
    Ok(())
}

/// Counts in columns 1–6 and the score in column 7, as a formula of the counts.
fn score_cells(
    sheet: &mut Worksheet,
    styles: &Styles,
    row: RowNum,
    score: &ScoreView,
    total: bool,
) -> Result<(), XlsxError> {
    let integer = if total {
        &styles.total_integer
    } else {
        &styles.integer
    };
    let counts = [
        score.items,
        score.completed,
        score.in_progress,
        score.not_started,
        score.not_done,
        score.not_reported,
    ];
    for (i, count) in counts.iter().enumerate() {
        sheet.write_number_with_format(row, 1 + i as ColNum, *count, integer)?;
    }
    let cell = |col| rust_xlsxwriter::utility::row_col_to_cell(row, col);
    let formula = Formula::new(format!(
        "=IF({items}=0,0,ROUND(({done}+{doing}*0.5)/{items}*100,2))",
        items = cell(1),
        done = cell(2),
        doing = cell(3)
    ))
    .set_result((f64::from(score.percent_hundredths) / 100.0).to_string());
    let format = if total {
        &styles.percent
    } else {
        &styles.score
    };
    sheet.write_formula_with_format(row, 7, formula, format)?;
    Ok(())
}

/// The KPI lines of an item in one cell, one per line.
pub(crate) fn kpi_text(kpis: &[crate::model::KpiLine]) -> String {
    kpis.iter()
        .map(|k| {
            let mut line = format!(
                "{} — ผล: {} ({})",
                k.target,
                k.actual.as_deref().unwrap_or("-"),
                k.result
            );
            if let Some(note) = &k.note {
                line.push_str(&format!(" {note}"));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The report on complaints to executives: one sheet per channel.
pub(crate) fn complaints(report: &ComplaintReport) -> Result<Vec<u8>, ReportError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&report.header.title)
            .set_author(&report.header.organization)
            .set_company(&report.header.organization),
    );
    let styles = Styles::new();
    for section in &report.channels {
        complaint_sheet(&mut workbook, &styles, report, section)?;
    }
    Ok(workbook.save_to_buffer()?)
}

fn complaint_sheet(
    workbook: &mut Workbook,
    styles: &Styles,
    report: &ComplaintReport,
    section: &ChannelSection,
) -> Result<(), ReportError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(match section.channel {
        Channel::General => "ร้องเรียนทั่วไป",
        Channel::Corruption => "ร้องเรียนการทุจริต",
    })?;
    let lines = [
        report.header.subtitle.clone(),
        format!("{} (ข้อมูล ณ วันที่ {})", report.period, report.as_of),
        format!(
            "{} กำหนดแล้วเสร็จภายใน {} วัน",
            section.title, section.deadline_days
        ),
    ];
    if let Some(year) = &section.year {
        return corruption_sheet(sheet, styles, report, section, year, &lines);
    }
    let first = start_sheet(
        sheet,
        styles,
        &report.header,
        &lines,
        &[
            ("เดือนที่ได้รับเรื่อง", 28.0),
            ("ได้รับ", 12.0),
            ("แล้วเสร็จ", 12.0),
            ("อยู่ระหว่างดำเนินการ", 14.0),
            ("เกินกำหนด", 12.0),
            ("", 12.0),
        ],
    )?;
    sheet.set_landscape();
    let mut row = first;
    for m in &section.months {
        sheet.write_string_with_format(row, 0, &m.label, &styles.text)?;
        for (col, n) in [m.received, m.completed, m.in_progress, m.overdue]
            .into_iter()
            .enumerate()
        {
            sheet.write_number_with_format(row, col as ColNum + 1, n, &styles.integer)?;
        }
        row += 1;
    }
    let last = row - 1;
    sheet.write_string_with_format(row, 0, "รวม", &styles.total_text)?;
    let sums: [u32; 4] = [
        section.months.iter().map(|m| m.received).sum(),
        section.months.iter().map(|m| m.completed).sum(),
        section.months.iter().map(|m| m.in_progress).sum(),
        section.months.iter().map(|m| m.overdue).sum(),
    ];
    for (i, total) in sums.into_iter().enumerate() {
        let col = i as ColNum + 1;
        let range = cell_range(first, col, last, col);
        sheet.write_formula_with_format(
            row,
            col,
            Formula::new(format!("=SUM({range})")).set_result(total.to_string()),
            &styles.total_integer,
        )?;
    }
    row += 2;

    sheet.write_string_with_format(row, 0, "สรุปผล", &styles.head)?;
    sheet.write_string_with_format(row, 1, "จำนวน", &styles.head)?;
    row += 1;
    let t = &section.totals;
    for (label, n) in [
        ("เรื่องที่ได้รับ", t.received),
        ("ดำเนินการแล้วเสร็จ", t.completed),
        ("แล้วเสร็จภายในกำหนด", t.completed_on_time),
        ("แล้วเสร็จเกินกำหนด", t.completed_late),
        ("อยู่ระหว่างดำเนินการ", t.in_progress),
        ("เกินกำหนดและยังไม่แล้วเสร็จ", t.open_overdue),
    ] {
        sheet.write_string_with_format(row, 0, label, &styles.text)?;
        sheet.write_number_with_format(row, 1, n, &styles.integer)?;
        row += 1;
    }
    for (label, value) in [
        ("ร้อยละที่แล้วเสร็จภายในกำหนด", t.on_time_percent.as_str()),
        ("ระยะเวลาเฉลี่ยจนแล้วเสร็จ (วัน)", t.average_days.as_str()),
    ] {
        sheet.write_string_with_format(row, 0, label, &styles.text)?;
        write_decimal(sheet, row, 1, value, styles)?;
        row += 1;
    }
    row += 1;

    let s = &section.satisfaction;
    sheet.write_string_with_format(row, 0, "ความพึงพอใจของผู้ร้อง", &styles.head)?;
    sheet.write_string_with_format(row, 1, "ผล", &styles.head)?;
    row += 1;
    for (label, n) in [
        ("ผู้ตอบแบบสำรวจ (ราย)", s.answers),
        ("พึงพอใจ (ระดับ 4–5)", s.satisfied),
    ] {
        sheet.write_string_with_format(row, 0, label, &styles.text)?;
        sheet.write_number_with_format(row, 1, n, &styles.integer)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, "ร้อยละที่พึงพอใจ", &styles.text)?;
    write_decimal(sheet, row, 1, &s.percent, styles)?;
    row += 1;
    sheet.write_string_with_format(
        row,
        0,
        format!("เป้าหมาย: ไม่น้อยกว่าร้อยละ {}", report.satisfaction_target),
        &styles.text,
    )?;
    let verdict = if s.answers == 0 {
        "ยังไม่มีผู้ตอบ"
    } else if s.meets_target {
        "บรรลุ"
    } else {
        "ไม่บรรลุ"
    };
    sheet.write_string_with_format(row, 1, verdict, &styles.center)?;
    row += 2;

    // Categories by month, suppressed as on the public statistics.
    sheet.write_string_with_format(row, 0, "ประเภท", &styles.head)?;
    for (i, m) in section.months.iter().enumerate() {
        sheet.write_string_with_format(row, i as ColNum + 1, &m.label, &styles.head)?;
    }
    let total_col = section.months.len() as ColNum + 1;
    sheet.write_string_with_format(row, total_col, "รวม", &styles.head)?;
    row += 1;
    if section.categories.is_empty() {
        sheet.write_string_with_format(row, 0, "ไม่มีเรื่องในช่วงนี้", &styles.note)?;
        row += 1;
    }
    for c in &section.categories {
        sheet.write_string_with_format(row, 0, &c.name, &styles.text)?;
        for (i, n) in c.months.iter().chain([&c.total]).enumerate() {
            let col = i as ColNum + 1;
            match n {
                SmallCount::Count(n) => {
                    sheet.write_number_with_format(row, col, *n, &styles.integer)?
                }
                hidden => {
                    sheet.write_string_with_format(row, col, hidden.thai(), &styles.center)?
                }
            };
        }
        row += 1;
    }
    row += 1;
    // By way of receipt (the round).
    sheet.write_string_with_format(row, 0, "ช่องทางที่รับเรื่อง", &styles.head)?;
    sheet.write_string_with_format(row, 1, "จำนวนเรื่อง", &styles.head)?;
    row += 1;
    row = count_rows(sheet, styles, &section.ways, row)?;
    if section.suppressed {
        sheet.write_string_with_format(
            row,
            0,
            "ประเภทที่มีไม่ถึง 3 เรื่องแสดงว่า \"น้อยกว่า 3\" และจำนวนที่อาจใช้คำนวณย้อนกลับได้แสดงว่า \"ไม่แสดง\" เพื่อคุ้มครองผู้ร้อง",
            &styles.note,
        )?;
        row += 1;
    }
    row += 1;

    complaint_notes(sheet, styles, report, section, row)
}

/// The corruption channel's sheet: the fiscal year only, as the public
/// statistics show it (counts as text where they are hidden).
fn corruption_sheet(
    sheet: &mut Worksheet,
    styles: &Styles,
    report: &ComplaintReport,
    section: &ChannelSection,
    year: &crate::complaints::YearView,
    lines: &[String],
) -> Result<(), ReportError> {
    let first = start_sheet(
        sheet,
        styles,
        &report.header,
        lines,
        &[("ทั้งปีงบประมาณ", 40.0), ("จำนวน", 14.0)],
    )?;
    let mut row = first;
    sheet.write_string_with_format(row, 0, &year.as_of, &styles.note)?;
    row += 1;
    let write_count = |sheet: &mut Worksheet, row: RowNum, text: &str| match text.parse::<u32>() {
        Ok(n) => sheet
            .write_number_with_format(row, 1, n, &styles.integer)
            .map(|_| ()),
        Err(_) => sheet
            .write_string_with_format(row, 1, text, &styles.center)
            .map(|_| ()),
    };
    for (label, text) in &year.rows {
        sheet.write_string_with_format(row, 0, label, &styles.text)?;
        write_count(sheet, row, text)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "ประเภท", &styles.head)?;
    sheet.write_string_with_format(row, 1, "จำนวนเรื่อง", &styles.head)?;
    row += 1;
    for (label, text) in &year.categories {
        sheet.write_string_with_format(row, 0, label, &styles.text)?;
        write_count(sheet, row, text)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "ที่มาของเรื่อง", &styles.head)?;
    sheet.write_string_with_format(row, 1, "จำนวนเรื่อง", &styles.head)?;
    row += 1;
    row = count_rows(sheet, styles, &year.origins, row)?;
    if section.suppressed {
        sheet.write_string_with_format(
            row,
            0,
            "\"น้อยกว่า 3\" คือ 1 หรือ 2 เรื่อง \"ไม่แสดง\" คือจำนวนที่ซ่อนไว้เพื่อไม่ให้คำนวณจำนวนที่น้อยย้อนกลับได้",
            &styles.note,
        )?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "ความพึงพอใจของผู้แจ้ง", &styles.head)?;
    sheet.write_string_with_format(row, 1, &year.satisfaction, &styles.text)?;
    row += 2;
    complaint_notes(sheet, styles, report, section, row)
}

/// (label, count as shown) lines from `row`: a number where it is shown,
/// the Thai text where it is hidden. Returns the next row.
fn count_rows(
    sheet: &mut Worksheet,
    styles: &Styles,
    lines: &[(String, String)],
    mut row: RowNum,
) -> Result<RowNum, ReportError> {
    for (label, text) in lines {
        sheet.write_string_with_format(row, 0, label, &styles.text)?;
        match text.parse::<u32>() {
            Ok(n) => sheet.write_number_with_format(row, 1, n, &styles.integer)?,
            Err(_) => sheet.write_string_with_format(row, 1, text, &styles.center)?,
        };
        row += 1;
    }
    Ok(row)
}

fn complaint_notes(
    sheet: &mut Worksheet,
    styles: &Styles,
    report: &ComplaintReport,
    section: &ChannelSection,
    mut row: RowNum,
) -> Result<(), ReportError> {
    for (label, text) in [
        ("ปัญหา", &section.notes.problems),
        ("อุปสรรค", &section.notes.obstacles),
        ("แนวทางแก้ไข / ข้อเสนอแนะ", &section.notes.solutions),
    ] {
        sheet.write_string_with_format(row, 0, label, &styles.band)?;
        sheet.merge_range(row, 1, row, 5, text, &styles.text)?;
        let lines = text.lines().count().max(1) + text.chars().count() / 90;
        sheet.set_row_height(row, 15.0 * lines.min(30) as f64)?;
        row += 1;
    }
    if let Some(issuer) = &report.issuer {
        row += 1;
        sheet.write_string_with_format(row, 0, format!("ผู้รายงาน {issuer}"), &styles.note)?;
    }
    Ok(())
}

/// "92.50" as a number, "-" as text.
fn write_decimal(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    value: &str,
    styles: &Styles,
) -> Result<(), XlsxError> {
    match value.parse::<f64>() {
        Ok(n) => sheet.write_number_with_format(row, col, n, &styles.score)?,
        Err(_) => sheet.write_string_with_format(row, col, value, &styles.center)?,
    };
    Ok(())
}
