//! The summary of a plan item's activities for a fiscal year
//! (สรุปผลการจัดกิจกรรม): what was held, who came against the plan, where it
//! was publicised, and the KPIs.

use super::{PageHeader, dates_cell, pdf};
use crate::ReportError;
use crate::xlsx::{Styles, escape_header};
use rust_xlsxwriter::utility::cell_range;
use rust_xlsxwriter::{ColNum, DocProperties, Formula, RowNum, Workbook, Worksheet};
use serde::Serialize;
use std::collections::BTreeSet;
use sujarit_core::activity::{Activity, PublicityEntry, TargetGroup};
use sujarit_core::fiscal::thai_date;

/// Everything the summary is made from. Plain data: the caller loads it.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivitySummary {
    pub organization: String,
    /// The plan item's code, "1.1".
    pub item: String,
    pub item_name: String,
    /// BE.
    pub fiscal_year: u16,
    /// In any order; shown by their first day.
    pub activities: Vec<Activity>,
    /// In any order; shown by date.
    pub publicity: Vec<PublicityEntry>,
    pub kpis: Vec<KpiRow>,
}

/// One KPI line as the caller measured it (`sujarit_core::kpi`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KpiRow {
    /// The KPI as the plan words it.
    pub text: String,
    /// "ไม่น้อยกว่าร้อยละ 80"
    pub target: String,
    /// "86.5"; None before there is anything to measure.
    pub actual: Option<String>,
    pub met: Option<bool>,
}

/// "บรรลุ", "ไม่บรรลุ" or "ยังไม่มีข้อมูล".
pub fn met_text(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "บรรลุ",
        Some(false) => "ไม่บรรลุ",
        None => "ยังไม่มีข้อมูล",
    }
}

/// How participants were counted, under the table.
pub const PARTICIPANTS_NOTE: &str =
    "ผู้เข้าร่วมจริง: ตามที่เจ้าหน้าที่บันทึก หรือตามจำนวนที่ลงชื่อผ่านคิวอาร์โค้ดเมื่อยังไม่ได้บันทึก; \"-\" ยังไม่มีข้อมูล";

/// Participants of one group: staff's count, else the check-ins, else None.
fn actual_of(a: &Activity, group: TargetGroup) -> Option<u32> {
    a.input
        .groups
        .iter()
        .find(|g| g.group == group)
        .and_then(|g| g.actual)
        .or_else(|| {
            a.checkins
                .iter()
                .find(|(g, _)| *g == group)
                .map(|(_, n)| *n)
        })
}

fn planned_of(a: &Activity, group: TargetGroup) -> u32 {
    a.input
        .groups
        .iter()
        .filter(|g| g.group == group)
        .map(|g| g.planned)
        .sum()
}

/// The groups an activity names or that checked in, in the usual order.
fn groups_of(a: &Activity) -> Vec<TargetGroup> {
    TargetGroup::ALL
        .into_iter()
        .filter(|g| {
            a.input.groups.iter().any(|c| c.group == *g)
                || a.checkins.iter().any(|(c, n)| c == g && *n > 0)
        })
        .collect()
}

fn count_text(n: Option<u32>) -> String {
    n.map_or_else(|| "-".into(), |n| n.to_string())
}

#[derive(Clone, Debug, Serialize)]
struct ActivityRow {
    no: usize,
    dates: Vec<String>,
    kind: &'static str,
    title: String,
    venue: String,
    /// "บุคลากร/พนักงาน 50 / 48"
    groups: Vec<String>,
    planned: u32,
    /// "-" when nothing is known yet.
    actual: String,
}

#[derive(Clone, Debug, Serialize)]
struct GroupRow {
    group: &'static str,
    planned: u32,
    actual: u32,
}

#[derive(Clone, Debug, Serialize)]
struct PublicityRow {
    no: usize,
    date: String,
    channel: String,
    topic: String,
}

#[derive(Clone, Debug, Serialize)]
struct KpiView {
    no: usize,
    text: String,
    target: String,
    actual: String,
    met: &'static str,
}

#[derive(Serialize)]
pub(super) struct SummaryData {
    header: PageHeader,
    item: String,
    item_name: String,
    fiscal_year: u16,
    activities: Vec<ActivityRow>,
    planned_total: u32,
    actual_total: u32,
    groups: Vec<GroupRow>,
    participants_note: &'static str,
    publicity: Vec<PublicityRow>,
    channels: Vec<String>,
    kpis: Vec<KpiView>,
}

fn sorted_activities(summary: &ActivitySummary) -> Vec<&Activity> {
    let mut activities: Vec<&Activity> = summary.activities.iter().collect();
    activities.sort_by_key(|a| (a.input.first_day(), a.input.title.clone()));
    activities
}

fn sorted_publicity(summary: &ActivitySummary) -> Vec<&PublicityEntry> {
    let mut entries: Vec<&PublicityEntry> = summary.publicity.iter().collect();
    entries.sort_by_key(|p| (p.date, p.channel.clone()));
    entries
}

/// The distinct channels, trimmed, in the order first used.
fn channels(entries: &[&PublicityEntry]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    entries
        .iter()
        .map(|p| p.channel.trim())
        .filter(|c| !c.is_empty() && seen.insert(*c))
        .map(str::to_string)
        .collect()
}

/// Planned and actual participants per group over all activities.
fn group_totals(activities: &[&Activity]) -> Vec<GroupRow> {
    TargetGroup::ALL
        .into_iter()
        .filter(|g| activities.iter().any(|a| groups_of(a).contains(g)))
        .map(|g| GroupRow {
            group: g.thai(),
            planned: activities.iter().map(|a| planned_of(a, g)).sum(),
            actual: activities.iter().map(|a| a.participants_of(g)).sum(),
        })
        .collect()
}

fn has_actual(a: &Activity) -> bool {
    TargetGroup::ALL
        .into_iter()
        .any(|g| actual_of(a, g).is_some())
}

pub(super) fn data(summary: &ActivitySummary) -> SummaryData {
    let activities = sorted_activities(summary);
    let publicity = sorted_publicity(summary);
    let rows: Vec<ActivityRow> = activities
        .iter()
        .enumerate()
        .map(|(i, a)| ActivityRow {
            no: i + 1,
            dates: dates_cell(&a.input.sessions),
            kind: a.input.kind.thai(),
            title: a.input.title.clone(),
            venue: a.input.venue.clone(),
            groups: groups_of(a)
                .into_iter()
                .map(|g| {
                    format!(
                        "{} {} / {}",
                        g.thai(),
                        planned_of(a, g),
                        count_text(actual_of(a, g))
                    )
                })
                .collect(),
            planned: a.input.planned_total(),
            actual: if has_actual(a) {
                a.participants(&[]).to_string()
            } else {
                "-".into()
            },
        })
        .collect();
    SummaryData {
        header: PageHeader {
            organization: summary.organization.clone(),
            title: "สรุปผลการจัดกิจกรรม การประชาสัมพันธ์ และตัวชี้วัด".into(),
            running: format!(
                "สรุปผลการจัดกิจกรรม {} ปีงบประมาณ {}",
                summary.item, summary.fiscal_year
            ),
        },
        item: summary.item.clone(),
        item_name: summary.item_name.clone(),
        fiscal_year: summary.fiscal_year,
        planned_total: activities.iter().map(|a| a.input.planned_total()).sum(),
        actual_total: activities.iter().map(|a| a.participants(&[])).sum(),
        groups: group_totals(&activities),
        activities: rows,
        participants_note: PARTICIPANTS_NOTE,
        channels: channels(&publicity),
        publicity: publicity
            .iter()
            .enumerate()
            .map(|(i, p)| PublicityRow {
                no: i + 1,
                date: thai_date(p.date),
                channel: p.channel.trim().to_string(),
                topic: p.topic.clone(),
            })
            .collect(),
        kpis: summary
            .kpis
            .iter()
            .enumerate()
            .map(|(i, k)| KpiView {
                no: i + 1,
                text: k.text.clone(),
                target: k.target.clone(),
                actual: k.actual.clone().unwrap_or_else(|| "-".into()),
                met: met_text(k.met),
            })
            .collect(),
    }
}

/// The summary as a PDF (A4 landscape).
pub fn activity_summary_pdf(summary: &ActivitySummary) -> Result<Vec<u8>, ReportError> {
    pdf("activity_summary.typ", &data(summary))
}

/// The summary as a workbook: "กิจกรรม" (one row per activity, planned and
/// actual participants per target group, totals as formulas),
/// "ประชาสัมพันธ์" and "ตัวชี้วัด".
pub fn activity_summary_xlsx(summary: &ActivitySummary) -> Result<Vec<u8>, ReportError> {
    let d = data(summary);
    let activities = sorted_activities(summary);
    let groups: Vec<TargetGroup> = TargetGroup::ALL
        .into_iter()
        .filter(|g| activities.iter().any(|a| groups_of(a).contains(g)))
        .collect();
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&d.header.title)
            .set_author(&summary.organization)
            .set_company(&summary.organization),
    );
    let lines = [
        summary.organization.clone(),
        format!("โครงการ/กิจกรรม {} {}", summary.item, summary.item_name),
        format!("ปีงบประมาณ พ.ศ. {}", summary.fiscal_year),
    ];

    // Activities.
    let sheet = workbook.add_worksheet();
    sheet.set_name("กิจกรรม")?;
    let mut columns: Vec<(String, f64)> = [
        ("ที่", 5.0),
        ("วัน เวลา", 30.0),
        ("ประเภท", 16.0),
        ("ชื่อกิจกรรม", 40.0),
        ("สถานที่", 24.0),
    ]
    .iter()
    .map(|(n, w)| (n.to_string(), *w))
    .collect();
    for g in &groups {
        columns.push((format!("{} เป้าหมาย (คน)", g.thai()), 12.0));
        columns.push((format!("{} เข้าร่วมจริง (คน)", g.thai()), 12.0));
    }
    columns.push(("รวมเป้าหมาย (คน)".into(), 12.0));
    columns.push(("รวมเข้าร่วมจริง (คน)".into(), 12.0));
    let first = start(sheet, &styles, &d.header, &lines, &columns)?;
    let mut row = first;
    for (a, view) in activities.iter().zip(&d.activities) {
        sheet.write_number_with_format(row, 0, view.no as f64, &styles.integer)?;
        sheet.write_string_with_format(row, 1, view.dates.join("\n"), &styles.text)?;
        sheet.write_string_with_format(row, 2, view.kind, &styles.text)?;
        sheet.write_string_with_format(row, 3, &view.title, &styles.text)?;
        sheet.write_string_with_format(row, 4, &view.venue, &styles.text)?;
        let mut col: ColNum = 5;
        for g in &groups {
            sheet.write_number_with_format(row, col, planned_of(a, *g), &styles.integer)?;
            match actual_of(a, *g) {
                Some(n) => sheet.write_number_with_format(row, col + 1, n, &styles.integer)?,
                None => sheet.write_blank(row, col + 1, &styles.integer)?,
            };
            col += 2;
        }
        sheet.write_number_with_format(row, col, view.planned, &styles.integer)?;
        match view.actual.parse::<u32>() {
            Ok(n) => sheet.write_number_with_format(row, col + 1, n, &styles.integer)?,
            Err(_) => sheet.write_blank(row, col + 1, &styles.integer)?,
        };
        row += 1;
    }
    let last = row.checked_sub(1).filter(|l| *l >= first);
    sheet.merge_range(row, 0, row, 4, "รวม", &styles.total_text)?;
    let mut totals: Vec<u32> = Vec::new();
    for g in &groups {
        totals.push(activities.iter().map(|a| planned_of(a, *g)).sum());
        totals.push(activities.iter().map(|a| a.participants_of(*g)).sum());
    }
    totals.push(d.planned_total);
    totals.push(d.actual_total);
    for (i, total) in totals.into_iter().enumerate() {
        let col = 5 + i as ColNum;
        let formula = match last {
            Some(last) => Formula::new(format!("=SUM({})", cell_range(first, col, last, col)))
                .set_result(total.to_string()),
            None => Formula::new("=0").set_result("0"),
        };
        sheet.write_formula_with_format(row, col, formula, &styles.total_integer)?;
    }
    sheet.write_string_with_format(row + 2, 0, PARTICIPANTS_NOTE, &styles.note)?;

    // Publicity.
    let sheet = workbook.add_worksheet();
    sheet.set_name("ประชาสัมพันธ์")?;
    let columns: Vec<(String, f64)> = [
        ("ที่", 5.0),
        ("วันที่", 20.0),
        ("ช่องทาง", 24.0),
        ("เรื่องที่ประชาสัมพันธ์", 60.0),
    ]
    .iter()
    .map(|(n, w)| (n.to_string(), *w))
    .collect();
    let mut row = start(sheet, &styles, &d.header, &lines, &columns)?;
    for p in &d.publicity {
        sheet.write_number_with_format(row, 0, p.no as f64, &styles.integer)?;
        sheet.write_string_with_format(row, 1, &p.date, &styles.text)?;
        sheet.write_string_with_format(row, 2, &p.channel, &styles.text)?;
        sheet.write_string_with_format(row, 3, &p.topic, &styles.text)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 1, "จำนวนครั้ง", &styles.band)?;
    sheet.write_number_with_format(row, 2, d.publicity.len() as f64, &styles.integer)?;
    row += 1;
    sheet.write_string_with_format(row, 1, "จำนวนช่องทาง", &styles.band)?;
    sheet.write_number_with_format(row, 2, d.channels.len() as f64, &styles.integer)?;
    sheet.write_string_with_format(row, 3, d.channels.join(", "), &styles.text)?;

    // KPIs.
    let sheet = workbook.add_worksheet();
    sheet.set_name("ตัวชี้วัด")?;
    let columns: Vec<(String, f64)> = [
        ("ที่", 5.0),
        ("ตัวชี้วัด", 60.0),
        ("เป้าหมาย", 24.0),
        ("ผล", 14.0),
        ("การบรรลุ", 16.0),
    ]
    .iter()
    .map(|(n, w)| (n.to_string(), *w))
    .collect();
    let first = start(sheet, &styles, &d.header, &lines, &columns)?;
    for (row, k) in (first..).zip(&d.kpis) {
        sheet.write_number_with_format(row, 0, k.no as f64, &styles.integer)?;
        sheet.write_string_with_format(row, 1, &k.text, &styles.text)?;
        sheet.write_string_with_format(row, 2, &k.target, &styles.text)?;
        match k.actual.parse::<f64>() {
            Ok(n) => sheet.write_number_with_format(row, 3, n, &styles.score)?,
            Err(_) => sheet.write_string_with_format(row, 3, &k.actual, &styles.center)?,
        };
        sheet.write_string_with_format(row, 4, k.met, &styles.center)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// Title lines, the header row (frozen, repeated on printed pages), A4
/// landscape. Returns the first data row.
fn start(
    sheet: &mut Worksheet,
    styles: &Styles,
    header: &PageHeader,
    lines: &[String],
    columns: &[(String, f64)],
) -> Result<RowNum, ReportError> {
    let last_col = columns.len() as ColNum - 1;
    sheet.merge_range(0, 0, 0, last_col, &header.title, &styles.title)?;
    let mut row: RowNum = 1;
    for line in lines {
        sheet.merge_range(row, 0, row, last_col, line, &styles.note)?;
        row += 1;
    }
    let head = row + 1;
    for (col, (name, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(head, col as ColNum, name, &styles.head)?;
        sheet.set_column_width(col as ColNum, *width)?;
    }
    sheet.set_row_height(head, 45)?;
    sheet.set_freeze_panes(head + 1, 0)?;
    sheet.set_repeat_rows(head, head)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_header(format!("&L{}", escape_header(&header.organization)));
    sheet.set_footer("&Rหน้า &P จาก &N");
    Ok(head + 1)
}
