//! Part 2: the summary table of dimensions → missions → items with a budget
//! per fiscal year and the responsible units, plus its stated subtotals.
//!
//! Rows are read by what their cells contain rather than by position, because
//! PDF extraction shifts cells: the seed has a row whose mission, item and
//! budgets sit one cell to the right, followed by a row that starts at the
//! first cell with an empty cell among its budgets.

use crate::Notes;
use crate::doc::{Doc, Line, collapse_spaces, numbered_prefix};
use crate::error::ImportError;
use sujarit_core::{Baht, FindingCode, ItemKind, Severity, YearlyBudget};

pub struct SummaryTable {
    pub years: Vec<u16>,
    pub dimensions: Vec<SummaryDimension>,
    pub grand_total: Option<StatedTotal>,
    pub start_line: u32,
    pub end_line: u32,
}

pub struct SummaryDimension {
    pub no: u8,
    pub name: String,
    pub missions: Vec<SummaryMission>,
    pub subtotal: Option<StatedTotal>,
}

pub struct SummaryMission {
    pub code: String,
    pub name: String,
    pub line: u32,
    pub items: Vec<SummaryItem>,
}

pub struct SummaryItem {
    pub no: u32,
    pub name: String,
    pub kind: Option<ItemKind>,
    pub budget: YearlyBudget,
    pub units: Vec<String>,
    pub line: u32,
}

pub struct StatedTotal {
    pub item_count: Option<u32>,
    pub budget: YearlyBudget,
    pub line: u32,
}

/// Whether a line is the table's column header ("…โครงการ/กิจกรรม/มาตรการ\tปี 2566…").
fn is_header(line: &Line) -> bool {
    let t = line.text;
    t.contains("โครงการ/กิจกรรม/มาตรการ") && t.contains('\t') && !crate::doc::be_years(t).is_empty()
}

/// The header's second line ("งบประมาณ (บาท)" per year).
fn is_subheader(line: &Line) -> bool {
    let cells = line.cells();
    cells.iter().any(|c| c.starts_with("งบประมาณ"))
        && cells
            .iter()
            .all(|c| c.is_empty() || c.starts_with("งบประมาณ") || c.contains("บาท"))
}

fn is_amount_cell(cell: &str) -> bool {
    !cell.is_empty() && Baht::parse_written(cell).is_ok()
}

/// "1. การสร้าง วัฒนธรรม สุจริต" → (1, "การสร้าง วัฒนธรรม สุจริต")
fn dimension_cell(cell: &str) -> Option<(u8, String)> {
    let (n, rest) = numbered_prefix(cell)?;
    if !(1..=9).contains(&n) || rest.is_empty() || cell.trim_start().chars().nth(1) != Some('.') {
        return None;
    }
    Some((n as u8, collapse_spaces(rest)))
}

/// "2.3 มาตรการลด…" → ("2.3", "มาตรการลด…")
pub fn mission_code(text: &str) -> Option<(String, &str)> {
    let text = text.trim();
    let mut chars = text.char_indices();
    let (_, d) = chars.next()?;
    let (_, dot) = chars.next()?;
    let (_, m) = chars.next()?;
    if !(d.is_ascii_digit() && dot == '.' && m.is_ascii_digit()) {
        return None;
    }
    let rest = &text[3..];
    if rest.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ')') {
        return None;
    }
    Some((text[..3].to_string(), rest.trim()))
}

/// Units as written: "- สำนักคลัง - สำนักการประปา" → two units.
pub fn split_units(cell: &str) -> Vec<String> {
    let cell = collapse_spaces(cell);
    let cell = cell.trim().trim_start_matches('-').trim();
    if cell.is_empty() || cell == "-" {
        return Vec::new();
    }
    cell.split(" - ")
        .flat_map(|part| part.split(','))
        .map(|u| u.trim().trim_start_matches('-').trim().to_string())
        .filter(|u| !u.is_empty())
        .collect()
}

pub fn parse(doc: &Doc, notes: &mut Notes) -> Result<SummaryTable, ImportError> {
    let start = doc
        .lines
        .iter()
        .position(is_header)
        .ok_or(ImportError::NotAPlan)?;
    let header = &doc.lines[start];
    let years: Vec<u16> = header
        .cells()
        .iter()
        .filter_map(|c| crate::doc::be_years(c).first().copied())
        .collect();
    if years.is_empty() {
        return Err(ImportError::NotAPlan);
    }
    let mut table = SummaryTable {
        years: years.clone(),
        dimensions: Vec::new(),
        grand_total: None,
        start_line: header.no,
        end_line: header.no,
    };

    for line in &doc.lines[start + 1..] {
        if line.is_blank() || is_header(line) || is_subheader(line) {
            continue;
        }
        let cells = line.cells();
        let joined = line.trimmed();
        table.end_line = line.no;

        // Totals: "รวม | จำนวน 13 โครงการ | 460,000 …" and "รวมทั้งสิ้น | …".
        if let Some(pos) = cells.iter().position(|c| *c == "รวม" || *c == "รวมทั้งสิ้น")
        {
            let total = stated_total(line, &cells[pos + 1..], &years)?;
            if cells[pos] == "รวมทั้งสิ้น" {
                table.grand_total = Some(total);
                return Ok(table);
            }
            match table.dimensions.last_mut() {
                Some(d) if d.subtotal.is_none() => d.subtotal = Some(total),
                _ => {
                    return Err(ImportError::BadLine {
                        line: line.no,
                        message: "พบแถว \"รวม\" ที่ไม่อยู่ใต้มิติใด หรือซ้ำกับแถวรวมของมิติก่อนหน้า".into(),
                    });
                }
            }
            continue;
        }
        if joined.starts_with("ส่วนที่ 3") || joined.starts_with("#####") {
            break; // the table ended without its grand total
        }

        let mut item_at = None;
        for (i, cell) in cells.iter().enumerate() {
            if let Some((n, rest)) = numbered_prefix(cell)
                && cell.trim_start().contains(')')
                && !rest.is_empty()
            {
                item_at = Some((i, n, rest));
                break;
            }
        }
        // Dimension and mission cells come before the item cell.
        let before = item_at.map_or(cells.len(), |(i, _, _)| i);
        for cell in &cells[..before] {
            if cell.is_empty() {
                continue;
            }
            if let Some((code, name)) = mission_code(cell) {
                let dim = open_dimension(&mut table, &code);
                dim.missions.push(SummaryMission {
                    code,
                    name: collapse_spaces(name),
                    line: line.no,
                    items: Vec::new(),
                });
            } else if let Some((no, name)) = dimension_cell(cell) {
                table.dimensions.push(SummaryDimension {
                    no,
                    name,
                    missions: Vec::new(),
                    subtotal: None,
                });
            }
        }
        let Some((item_index, no, name)) = item_at else {
            // A wrapped cell: text continuing the previous item's name or unit.
            continue_previous_item(&mut table, &cells);
            continue;
        };
        let after = &cells[item_index + 1..];
        let (budget, units, irregular) = read_budget_and_units(line, after, &years)?;
        if irregular || item_index != 2 {
            notes.push(
                FindingCode::TableLayoutIrregular,
                Severity::Info,
                None,
                Some(line.no),
                format!(
                    "ส่วนที่ 2 บรรทัด {}: เซลล์ของแถวรายการที่ {no} เลื่อนตำแหน่งจากคอลัมน์ปกติ อ่านตามเนื้อหาของเซลล์แทน โปรดตรวจงบประมาณและหน่วยงานของรายการนี้",
                    line.no
                ),
                Some(format!("{} คอลัมน์งบประมาณ ตามด้วยหน่วยงาน", years.len())),
                Some(line.cells().join(" | ")),
            );
        }
        let Some(mission) = table
            .dimensions
            .last_mut()
            .and_then(|d| d.missions.last_mut())
        else {
            return Err(ImportError::BadLine {
                line: line.no,
                message: format!("รายการที่ {no} อยู่ก่อนหัวมิติหรือภารกิจ (เช่น \"1.1 …\") ในตารางส่วนที่ 2"),
            });
        };
        let name = collapse_spaces(name);
        mission.items.push(SummaryItem {
            no,
            kind: ItemKind::from_name(&name),
            name,
            budget,
            units,
            line: line.no,
        });
    }
    Err(ImportError::Truncated {
        what: "ตารางส่วนที่ 2".into(),
        missing: "แถว \"รวมทั้งสิ้น\"".into(),
        start: table.start_line,
        end: table.end_line.max(doc.last_line_no()),
    })
}

/// The dimension a mission code belongs to, created from the template name if
/// the table did not name it in its own cell.
fn open_dimension<'t>(table: &'t mut SummaryTable, code: &str) -> &'t mut SummaryDimension {
    let no = code[..1].parse::<u8>().unwrap_or(0);
    if table.dimensions.last().map(|d| d.no) != Some(no) {
        let name = sujarit_core::template::dimension(no)
            .map(|d| d.name.to_string())
            .unwrap_or_default();
        table.dimensions.push(SummaryDimension {
            no,
            name,
            missions: Vec::new(),
            subtotal: None,
        });
    }
    table.dimensions.last_mut().expect("just ensured")
}

fn continue_previous_item(table: &mut SummaryTable, cells: &[&str]) {
    let Some(item) = table
        .dimensions
        .last_mut()
        .and_then(|d| d.missions.last_mut())
        .and_then(|m| m.items.last_mut())
    else {
        return;
    };
    let texts: Vec<&str> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
    if texts.is_empty() {
        return;
    }
    // The item column is the third; anything after the budget columns is a unit.
    if cells.len() > 2 && !cells[2].is_empty() {
        item.name = format!("{} {}", item.name, cells[2]);
        item.kind = ItemKind::from_name(&item.name);
    }
    if let Some(unit) = cells
        .iter()
        .skip(3)
        .rev()
        .find(|c| !c.is_empty() && !is_amount_cell(c))
    {
        match item.units.last_mut() {
            Some(last) => *last = format!("{last} {unit}"),
            None => item.units = split_units(unit),
        }
    }
}

/// Budgets are the amount cells (or "-") after the item; the unit is the text
/// after them. Empty cells among the amounts are layout noise when exactly one
/// amount per year is present; otherwise cells are read by position.
fn read_budget_and_units(
    line: &Line,
    after: &[&str],
    years: &[u16],
) -> Result<(YearlyBudget, Vec<String>, bool), ImportError> {
    let amounts: Vec<(usize, &str)> = after
        .iter()
        .enumerate()
        .filter(|(_, c)| is_amount_cell(c))
        .map(|(i, c)| (i, *c))
        .collect();
    let parse = |cell: &str| -> Result<Baht, ImportError> {
        Baht::parse_written(cell)
            .map(|b| b.unwrap_or_default())
            .map_err(|_| ImportError::BadLine {
                line: line.no,
                message: format!("จำนวนเงิน \"{cell}\" ในตารางส่วนที่ 2 อ่านไม่ได้"),
            })
    };
    let mut budget = YearlyBudget::new();
    let (last_amount_index, irregular) = if amounts.len() == years.len() {
        for ((_, cell), year) in amounts.iter().zip(years) {
            budget.insert(*year, parse(cell)?);
        }
        let last = amounts.last().map_or(0, |(i, _)| *i);
        (Some(last), last + 1 != years.len())
    } else {
        // By position: empty means no budget; anything else must be an amount.
        for (i, year) in years.iter().enumerate() {
            let cell = after.get(i).copied().unwrap_or("");
            if !cell.is_empty() && !is_amount_cell(cell) {
                return Err(ImportError::BadLine {
                    line: line.no,
                    message: format!(
                        "คอลัมน์งบประมาณปี {year} มีค่า \"{cell}\" ซึ่งไม่ใช่จำนวนเงิน (ใช้ \"-\" เมื่อไม่มีงบประมาณ)"
                    ),
                });
            }
            budget.insert(*year, parse(cell)?);
        }
        (Some(years.len() - 1), false)
    };
    let units_from = last_amount_index.map_or(0, |i| i + 1);
    let units = after
        .iter()
        .skip(units_from)
        .filter(|c| !c.is_empty())
        .flat_map(|c| split_units(c))
        .collect();
    Ok((budget, units, irregular))
}

fn stated_total(line: &Line, rest: &[&str], years: &[u16]) -> Result<StatedTotal, ImportError> {
    let mut item_count = None;
    let mut amounts = Vec::new();
    for cell in rest {
        if cell.is_empty() {
            continue;
        }
        if cell.contains("จำนวน") || cell.contains("โครงการ") {
            item_count = crate::doc::first_number(cell);
        } else if is_amount_cell(cell) {
            amounts.push(Baht::parse_written(cell).ok().flatten().unwrap_or_default());
        }
    }
    // Only the years the row actually states; a missing one is not a zero.
    let budget = years.iter().zip(&amounts).map(|(y, a)| (*y, *a)).collect();
    Ok(StatedTotal {
        item_count,
        budget,
        line: line.no,
    })
}
