//! Part 1: the corruption-risk table and the yearly target table, and the
//! proclamation adopting the plan.

use crate::doc::{Doc, be_years, collapse_spaces, first_number};
use sujarit_core::{Proclamation, RiskRow, TargetRow, TargetValue};

/// Risk table rows: "ลำดับ ที่ | ขั้นตอน… | ประเด็นความเสี่ยง… | Risk Score | มาตรการ…".
/// A row continued on the next page has an empty first cell; its cells are
/// appended to the row above.
pub fn risks(doc: &Doc, until: u32) -> Vec<RiskRow> {
    let mut rows: Vec<RiskRow> = Vec::new();
    let mut in_table = false;
    for line in doc.lines.iter().take_while(|l| l.no < until) {
        let cells = line.cells();
        if cells.len() >= 4 && cells[0].starts_with("ลำดับ") && line.text.contains("ความเสี่ยง")
        {
            in_table = true;
            continue;
        }
        if !in_table {
            continue;
        }
        if cells.len() < 4 {
            if !line.is_blank() {
                in_table = false;
            }
            continue;
        }
        let cell = |i: usize| collapse_spaces(cells.get(i).copied().unwrap_or(""));
        if let Some(order) = crate::doc::integer_cell(cells[0]) {
            rows.push(RiskRow {
                order,
                process_step: cell(1),
                risk_issues: cell(2),
                risk_level: cell(3),
                controls: cell(4),
                line: Some(line.no),
            });
        } else if let Some(last) = rows.last_mut() {
            for (field, i) in [
                (&mut last.process_step, 1),
                (&mut last.risk_issues, 2),
                (&mut last.risk_level, 3),
                (&mut last.controls, 4),
            ] {
                let extra = cell(i);
                if !extra.is_empty() {
                    *field = collapse_spaces(&format!("{field} {extra}"));
                }
            }
        }
    }
    rows
}

/// The target table: "ค่าเป้าหมาย | ปี 2566 | …" then one row per indicator.
pub fn targets(doc: &Doc, until: u32) -> Vec<TargetRow> {
    let mut rows = Vec::new();
    let mut years: Vec<u16> = Vec::new();
    for line in doc.lines.iter().take_while(|l| l.no < until) {
        let cells = line.cells();
        if cells.first().is_some_and(|c| c.starts_with("ค่าเป้าหมาย")) {
            years = cells[1..]
                .iter()
                .filter_map(|c| be_years(c).first().copied())
                .collect();
            continue;
        }
        if years.is_empty() {
            continue;
        }
        if cells.len() < 2 || cells[0].is_empty() {
            years.clear();
            continue;
        }
        let values = years
            .iter()
            .zip(&cells[1..])
            .filter(|(_, v)| !v.is_empty())
            .map(|(y, v)| {
                (
                    *y,
                    TargetValue {
                        text: v.to_string(),
                        number: first_number(v),
                    },
                )
            })
            .collect();
        rows.push(TargetRow {
            indicator: collapse_spaces(cells[0]),
            values,
            line: Some(line.no),
        });
    }
    rows
}

/// The proclamation: a heading "ประกาศ<organisation>", "เรื่อง …", the date
/// line "ประกาศ ณ วันที่ …", the signatory "(นาย…)" and the position lines.
pub fn proclamation(doc: &Doc, from: u32) -> Option<(Proclamation, u32)> {
    let lines: Vec<_> = doc.lines.iter().filter(|l| l.no >= from).collect();
    let start = lines.iter().position(|l| {
        let t = l.trimmed();
        t.starts_with("ประกาศ")
            && !t.starts_with("ประกาศ ณ")
            && !l.text.contains('\t')
            && (t.contains("เทศบาล") || t.contains("องค์การบริหารส่วน"))
            && t.chars().count() < 80
    })?;
    let mut p = Proclamation {
        line: Some(lines[start].no),
        ..Proclamation::default()
    };
    let mut title = vec![lines[start].trimmed().to_string()];
    let mut end = lines[start].no;
    let mut i = start + 1;
    while i < lines.len() {
        let t = lines[i].trimmed();
        end = lines[i].no;
        if t.starts_with("เรื่อง") {
            title.push(t.to_string());
            if let Some(next) = lines.get(i + 1).map(|l| l.trimmed())
                && next.starts_with('(')
            {
                title.push(next.to_string());
            }
        } else if let Some(rest) = t.strip_prefix("ประกาศ ณ") {
            let date_text = rest.trim().trim_start_matches("วันที่").trim().to_string();
            p.date = sujarit_core::fiscal::parse_thai_date(&date_text);
            p.date_text = date_text;
        } else if !p.date_text.is_empty() && t.starts_with('(') && p.signatory.is_empty() {
            p.signatory = t.trim_matches(['(', ')']).trim().to_string();
        } else if !p.signatory.is_empty() {
            if t.is_empty() {
                if !p.position.is_empty() {
                    break;
                }
            } else {
                if !p.position.is_empty() {
                    p.position.push(' ');
                }
                p.position.push_str(t);
            }
        }
        i += 1;
    }
    p.title = title.join(" ");
    Some((p, end))
}
