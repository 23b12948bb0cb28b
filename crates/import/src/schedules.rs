//! The annex: one table per fiscal year as recorded in E-PlanNACC, with the
//! order, name, dimension, budget and ticked quarters of each row, the stated
//! totals, the data date and the issuer.

use crate::doc::{Doc, Line, collapse_spaces, integer_cell};
use crate::error::ImportError;
use sujarit_core::{Baht, Schedule, ScheduleRow};

/// A parsed yearly table, before its rows are matched to Part 2 items.
pub struct ParsedSchedule {
    pub schedule: Schedule,
    /// The organisation named in the table heading ("… ของ เทศบาล…").
    pub organization: Option<(String, u32)>,
    /// Line of the "รวมทั้งสิ้น" row.
    pub total_line: Option<u32>,
}

/// "แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2566 ของ เทศบาลนครนครศรีธรรมราช"
fn heading(line: &Line) -> Option<(u16, Option<String>)> {
    let t = collapse_spaces(&sujarit_core::thai::arabic_digits(line.trimmed()));
    let rest = t.strip_prefix("แผนปฏิบัติการป้องกันการทุจริต")?;
    let rest = rest.trim_start().strip_prefix("พ.ศ.")?.trim_start();
    if line.text.contains('\t') {
        return None;
    }
    let year: u16 = rest.get(..4)?.parse().ok()?;
    let org = rest[4..]
        .trim()
        .strip_prefix("ของ")
        .map(|o| o.trim().to_string())
        .filter(|o| !o.is_empty());
    Some((year, org))
}

fn is_column_header(line: &Line) -> bool {
    let cells = line.cells();
    cells.first().is_some_and(|c| c.starts_with("ลำดับ"))
        || (cells.iter().filter(|c| !c.is_empty()).count() == 4
            && cells
                .iter()
                .filter(|c| !c.is_empty())
                .eq(["1", "2", "3", "4"].iter()))
}

/// A ticked quarter: ☑, ✓, ✔, ☒, ✗-free "x" marks, or an HTML checkbox that is checked.
pub fn is_ticked(cell: &str) -> bool {
    let cell = cell.trim();
    if cell.contains("<input") {
        return cell.contains("checked");
    }
    cell.contains(['☑', '✓', '✔', '☒', '■', '●', '/']) || cell.eq_ignore_ascii_case("x")
}

pub fn parse(doc: &Doc) -> Result<Vec<ParsedSchedule>, ImportError> {
    let mut out: Vec<ParsedSchedule> = Vec::new();
    // Index of the schedule being filled, and whether its total row was seen.
    let mut open: Option<usize> = None;
    let mut closed = true;
    for line in &doc.lines {
        if let Some((year, org)) = heading(line) {
            // Each page of a yearly table repeats its heading; start a new
            // schedule only when the year changes or the previous one closed.
            let same_open = open
                .map(|i| out[i].schedule.fiscal_year == year && !closed)
                .unwrap_or(false);
            if !same_open {
                if let Some(i) = open
                    && !closed
                {
                    return Err(truncated(&out[i], line.no));
                }
                out.push(ParsedSchedule {
                    schedule: Schedule {
                        fiscal_year: year,
                        line: Some(line.no),
                        ..Schedule::default()
                    },
                    organization: org.map(|o| (o, line.no)),
                    total_line: None,
                });
                open = Some(out.len() - 1);
                closed = false;
            }
            continue;
        }
        let Some(index) = open else { continue };
        let parsed = &mut out[index];
        let text = line.trimmed();
        if closed {
            // After the total row: the data date and the issuer.
            if let Some(rest) = text
                .trim_start_matches('*')
                .trim()
                .strip_prefix("ข้อมูล ณ วันที่")
            {
                parsed.schedule.data_date = Some(rest.trim().to_string());
            } else if let Some(pos) = text.find("ผู้ออกรายงาน") {
                parsed.schedule.issuer = Some(text[pos + "ผู้ออกรายงาน".len()..].trim().to_string());
            }
            continue;
        }
        if line.is_blank() || is_column_header(line) {
            continue;
        }
        let cells = line.cells();
        if cells.first().is_some_and(|c| c.starts_with("รวม")) {
            read_total(&mut parsed.schedule, &cells);
            parsed.total_line = Some(line.no);
            closed = true;
            continue;
        }
        if let Some(order) = cells.first().and_then(|c| integer_cell(c)) {
            let row = read_row(line, order, &cells)?;
            parsed.schedule.rows.push(row);
        } else if let Some(last) = parsed.schedule.rows.last_mut() {
            // A name wrapped onto the next line.
            let extra = collapse_spaces(&cells.join(" "));
            if !extra.is_empty() {
                last.name = format!("{} {extra}", last.name);
            }
        }
    }
    if let Some(i) = open
        && !closed
    {
        return Err(truncated(&out[i], doc.last_line_no()));
    }
    Ok(out)
}

fn truncated(parsed: &ParsedSchedule, end: u32) -> ImportError {
    ImportError::Truncated {
        what: format!(
            "ตารางแผนปฏิบัติการ พ.ศ. {} (ภาคผนวก)",
            parsed.schedule.fiscal_year
        ),
        missing: "แถว \"รวมทั้งสิ้น\"".into(),
        start: parsed.schedule.line.unwrap_or(0),
        end,
    }
}

fn read_row(line: &Line, order: u32, cells: &[&str]) -> Result<ScheduleRow, ImportError> {
    let cell = |i: usize| cells.get(i).copied().unwrap_or("");
    let dimension = integer_cell(cell(2)).and_then(|d| u8::try_from(d).ok());
    let budget = Baht::parse_written(cell(3))
        .map_err(|_| ImportError::BadLine {
            line: line.no,
            message: format!(
                "งบประมาณ \"{}\" ของแถวลำดับที่ {order} ในตารางรายปีอ่านไม่ได้",
                cell(3)
            ),
        })?
        .unwrap_or_default();
    let quarters = (1..=4u8)
        .filter(|q| is_ticked(cell(3 + *q as usize)))
        .collect();
    Ok(ScheduleRow {
        order,
        item: None,
        name: collapse_spaces(cell(1)),
        dimension,
        budget,
        quarters,
        match_confidence: 0.0,
        line: Some(line.no),
    })
}

fn read_total(schedule: &mut Schedule, cells: &[&str]) {
    let values: Vec<&str> = cells[1..]
        .iter()
        .copied()
        .filter(|c| !c.is_empty())
        .collect();
    if let Some(first) = values.first() {
        schedule.stated_total_budget = Baht::parse_written(first).ok().flatten();
    }
    let counts: Vec<u32> = values
        .iter()
        .skip(1)
        .filter_map(|c| integer_cell(c))
        .collect();
    if let [a, b, c, d] = counts[..] {
        schedule.stated_quarter_counts = Some([a, b, c, d]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_in_three_encodings() {
        assert!(is_ticked("☑"));
        assert!(is_ticked("✓"));
        assert!(is_ticked("<input checked=\"\" type=\"checkbox\"/>"));
        assert!(!is_ticked("<input type=\"checkbox\"/>"));
        assert!(!is_ticked(""));
    }
}
