//! The view models of the risk register's pages: the heat map (an SVG drawn
//! by `_heatmap.html` from cells laid out here), the register's rows and the
//! measures' rows, shared by the staff and public pages.

use std::collections::BTreeMap;

use sujarit_core::fiscal::thai_date;
use sujarit_core::integrity::risk::{ControlTarget, Measure, RiskEntry, RiskMatrix, Round, Score};

/// One cell of the heat map.
pub struct HeatCell {
    pub x: u32,
    pub y: u32,
    pub colour: String,
    pub count: usize,
    /// "โอกาส 4 × ผลกระทบ 3: สูง, 2 ความเสี่ยง" (the cell's title).
    pub title: String,
    /// Dark text on light colours.
    pub text_colour: &'static str,
}

/// An axis label of the heat map.
pub struct AxisLabel {
    pub x: u32,
    pub y: u32,
    pub text: String,
}

/// A likelihood × impact grid coloured by level with the count of entries
/// per cell (inherent scores), and a legend.
pub struct HeatMap {
    pub width: u32,
    pub height: u32,
    pub cell: u32,
    pub cells: Vec<HeatCell>,
    pub rows: Vec<AxisLabel>,
    pub columns: Vec<AxisLabel>,
    pub legend: Vec<(String, String)>,
    pub description: String,
    pub unscored: usize,
}

const LEFT: u32 = 36;
const TOP: u32 = 8;
const CELL: u32 = 56;

fn light(colour: &str) -> bool {
    let hex = colour.trim_start_matches('#');
    let full: String = if hex.len() == 3 {
        hex.chars().flat_map(|c| [c, c]).collect()
    } else {
        hex.to_string()
    };
    let part = |k: usize| u32::from_str_radix(full.get(k..k + 2).unwrap_or("00"), 16).unwrap_or(0);
    // Perceived brightness (ITU-R BT.601 weights).
    part(0) * 299 + part(2) * 587 + part(4) * 114 > 150_000
}

pub fn heat_map(matrix: &RiskMatrix, entries: &[RiskEntry]) -> HeatMap {
    let mut counts: BTreeMap<(u8, u8), usize> = BTreeMap::new();
    let mut unscored = 0;
    for e in entries {
        match e.input.inherent {
            Some(s) if matrix.level(s).is_some() => {
                *counts.entry((s.likelihood, s.impact)).or_default() += 1;
            }
            _ => unscored += 1,
        }
    }
    let (ls, is) = (matrix.likelihood.len(), matrix.impact.len());
    let mut cells = Vec::new();
    for l in 1..=ls {
        for i in 1..=is {
            let score = Score {
                likelihood: u8::try_from(l).unwrap_or(u8::MAX),
                impact: u8::try_from(i).unwrap_or(u8::MAX),
            };
            let level = matrix.level_of(score);
            let colour = level.map_or("#cccccc".to_string(), |v| v.colour.clone());
            let count = counts
                .get(&(score.likelihood, score.impact))
                .copied()
                .unwrap_or(0);
            cells.push(HeatCell {
                x: LEFT + (i as u32 - 1) * CELL,
                // The highest likelihood on top.
                y: TOP + (ls - l) as u32 * CELL,
                text_colour: if light(&colour) { "#000000" } else { "#ffffff" },
                title: format!(
                    "โอกาส {l} × ผลกระทบ {i}: {}, {count} ความเสี่ยง",
                    level.map_or("-", |v| v.name.as_str())
                ),
                colour,
                count,
            });
        }
    }
    let rows = (1..=ls)
        .map(|l| AxisLabel {
            x: LEFT - 6,
            y: TOP + (ls - l) as u32 * CELL + CELL / 2 + 5,
            text: l.to_string(),
        })
        .collect();
    let grid_bottom = TOP + ls as u32 * CELL;
    let columns = (1..=is)
        .map(|i| AxisLabel {
            x: LEFT + (i as u32 - 1) * CELL + CELL / 2,
            y: grid_bottom + 18,
            text: i.to_string(),
        })
        .collect();
    let scored: usize = counts.values().sum();
    HeatMap {
        width: LEFT + is as u32 * CELL + 4,
        height: grid_bottom + 44,
        cell: CELL,
        cells,
        rows,
        columns,
        legend: matrix
            .levels
            .iter()
            .map(|l| (l.name.clone(), l.colour.clone()))
            .collect(),
        description: format!(
            "แผนภาพความร้อน โอกาสที่จะเกิด (แกนตั้ง 1–{ls}) × ผลกระทบ (แกนนอน 1–{is}) ความเสี่ยงที่ประเมินแล้ว {scored} รายการ"
        ),
        unscored,
    }
}

/// A control as a page shows it.
pub struct ControlView {
    pub label: String,
    pub text: String,
    /// The plan item's page, for a linked item.
    pub href: Option<String>,
    pub in_force: bool,
    pub unlinked: bool,
    pub confidence: Option<String>,
}

/// One register row.
pub struct EntryView {
    pub id: String,
    pub href: String,
    pub process: String,
    pub risk: String,
    pub risk_type: &'static str,
    pub unit: String,
    pub owner_unit: String,
    pub inherent: String,
    pub inherent_colour: String,
    pub residual: String,
    pub residual_colour: String,
    pub controls: Vec<ControlView>,
    pub status: &'static str,
    pub next_review: String,
    pub flag: Option<&'static str>,
    pub monitoring: Vec<(&'static str, String)>,
}

fn level_text(matrix: &RiskMatrix, score: Option<Score>) -> (String, String) {
    match score.and_then(|s| Some((s, matrix.level_of(s)?))) {
        Some((s, level)) => (
            format!("{} ({}×{})", level.name, s.likelihood, s.impact),
            level.colour.clone(),
        ),
        None => (String::new(), String::new()),
    }
}

/// A register row; `matrix_of` gives the matrix each entry was scored with;
/// `item_href` a plan item's page by code; `measure_title` a measure's title.
pub fn entry_view(
    entry: &RiskEntry,
    matrix: &RiskMatrix,
    href: String,
    item_href: &dyn Fn(&str) -> Option<String>,
    measures: &[Measure],
) -> EntryView {
    let input = &entry.input;
    let (mut inherent, mut inherent_colour) = level_text(matrix, input.inherent);
    if inherent.is_empty()
        && let Some(level) = &input.document_level
    {
        inherent = format!("{level} (ตามแผน)");
        inherent_colour = matrix
            .level_named(level)
            .and_then(|k| matrix.levels.get(k))
            .map(|l| l.colour.clone())
            .unwrap_or_default();
    }
    let (residual, residual_colour) = level_text(matrix, input.residual);
    EntryView {
        id: entry.id.clone(),
        href,
        process: input.process.clone(),
        risk: input.risk.clone(),
        risk_type: input.risk_type.label(),
        unit: input.unit.clone(),
        owner_unit: input.owner_unit.clone(),
        inherent,
        inherent_colour,
        residual,
        residual_colour,
        controls: input
            .controls
            .iter()
            .map(|c| {
                let (label, href) = match &c.target {
                    ControlTarget::Item(code) => (format!("รายการ {code}"), item_href(code)),
                    ControlTarget::Measure(id) => (
                        measures.iter().find(|m| &m.id == id).map_or_else(
                            || "มาตรการภายใน".into(),
                            |m| format!("มาตรการภายใน: {}", m.input.title),
                        ),
                        None,
                    ),
                    ControlTarget::Text => ("ยังไม่เชื่อมกับรายการในแผน".into(), None),
                };
                ControlView {
                    label,
                    text: c.text.clone(),
                    href,
                    in_force: c.in_force,
                    unlinked: c.target == ControlTarget::Text,
                    confidence: c.confidence.map(|v| format!("{:.0}%", v * 100.0)),
                }
            })
            .collect(),
        status: input.status.label(),
        next_review: input.next_review.map(thai_date).unwrap_or_default(),
        flag: input.inconsistency(matrix),
        monitoring: [Round::SixMonths, Round::TwelveMonths]
            .into_iter()
            .filter_map(|round| {
                input
                    .monitoring
                    .iter()
                    .find(|n| n.round == round)
                    .map(|n| (round.label(), n.note.clone()))
            })
            .collect(),
    }
}

/// One internal measure as a page shows it.
pub struct MeasureView {
    pub id: String,
    pub href: String,
    pub title: String,
    pub purpose: String,
    pub owner_unit: String,
    pub steps: Vec<(String, String)>,
    pub due: String,
    pub status: &'static str,
    pub evidence: Vec<EvidenceLine>,
    pub risks: Vec<String>,
    pub result: String,
}

/// A line of evidence: a link when it is one.
pub struct EvidenceLine {
    pub text: String,
    pub link: bool,
}

pub fn measure_view(measure: &Measure, href: String, entries: &[RiskEntry]) -> MeasureView {
    let m = &measure.input;
    MeasureView {
        id: measure.id.clone(),
        href,
        title: m.title.clone(),
        purpose: m.purpose.clone(),
        owner_unit: m.owner_unit.clone(),
        steps: m
            .steps
            .iter()
            .map(|s| (s.text.clone(), s.due.map(thai_date).unwrap_or_default()))
            .collect(),
        due: m.due().map(thai_date).unwrap_or_default(),
        status: m.status.label(),
        evidence: m
            .evidence
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| EvidenceLine {
                link: l.starts_with("https://") || l.starts_with("http://"),
                text: l.to_string(),
            })
            .collect(),
        risks: m
            .risks
            .iter()
            .filter_map(|id| entries.iter().find(|e| &e.id == id))
            .map(|e| e.input.risk.chars().take(80).collect())
            .collect(),
        result: m.result.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heat_map_counts_inherent_scores_per_cell() {
        let matrix = RiskMatrix::default_5x5();
        let map = heat_map(&matrix, &[]);
        assert_eq!(map.cells.len(), 25);
        assert!(map.width <= 390);
        assert!(light("#f9a825"));
        assert!(!light("#c62828"));
    }
}
