//! Horizontal bar charts drawn on the server as SVG: no script, no external
//! library, and the numbers are in the page as text too (each chart sits next
//! to a table with the same figures).

/// Width of the drawing, in SVG units; the page scales it to the screen.
pub const WIDTH: u32 = 640;
const LABEL_HEIGHT: u32 = 20;
const BAR_HEIGHT: u32 = 16;
const BAR_GAP: u32 = 4;
const ROW_GAP: u32 = 12;
/// Room right of the longest bar for its value.
const VALUE_ROOM: u32 = 150;

/// A chart of rows, each with one bar per series.
pub struct BarChart {
    pub title: String,
    pub height: u32,
    pub width: u32,
    pub rows: Vec<ChartRow>,
    pub legend: Vec<LegendEntry>,
}

pub struct ChartRow {
    pub label: String,
    pub label_y: u32,
    pub bars: Vec<ChartBar>,
}

pub struct ChartBar {
    pub y: u32,
    pub width: u32,
    pub height: u32,
    pub fill: &'static str,
    pub value: String,
    pub value_x: u32,
    pub value_y: u32,
}

pub struct LegendEntry {
    pub label: &'static str,
    pub fill: &'static str,
}

/// One series: its name and colour (dark enough for text contrast on white).
#[derive(Clone, Copy)]
pub struct Series {
    pub label: &'static str,
    pub fill: &'static str,
}

pub const BLUE: &str = "#1d5f8a";
pub const GREEN: &str = "#2e7d32";
pub const ORANGE: &str = "#b45309";
pub const GREY: &str = "#6b7280";

/// Rows of `(label, [(value, value text)])`, one value per series; bars are
/// scaled to `max` (or the largest value when `max` is None).
pub fn bar_chart(
    title: impl Into<String>,
    series: &[Series],
    rows: Vec<(String, Vec<(f64, String)>)>,
    max: Option<f64>,
) -> BarChart {
    let largest = rows
        .iter()
        .flat_map(|(_, values)| values.iter().map(|(v, _)| *v))
        .fold(0.0_f64, f64::max);
    let max = max.unwrap_or(largest).max(f64::MIN_POSITIVE);
    let room = WIDTH - VALUE_ROOM;
    let mut y = 0;
    let mut out = Vec::new();
    for (label, values) in rows {
        let label_y = y + LABEL_HEIGHT - 5;
        y += LABEL_HEIGHT;
        let mut bars = Vec::new();
        for (i, (value, text)) in values.into_iter().enumerate() {
            let share = (value / max).clamp(0.0, 1.0);
            // Rounded to whole units; a non-zero value stays visible.
            let mut width = (share * f64::from(room)).round() as u32;
            if value > 0.0 && width == 0 {
                width = 1;
            }
            let s = series.get(i).copied().unwrap_or(Series {
                label: "",
                fill: GREY,
            });
            bars.push(ChartBar {
                y,
                width,
                height: BAR_HEIGHT,
                fill: s.fill,
                value: text,
                value_x: width + 6,
                value_y: y + BAR_HEIGHT - 3,
            });
            y += BAR_HEIGHT + BAR_GAP;
        }
        y += ROW_GAP;
        out.push(ChartRow {
            label,
            label_y,
            bars,
        });
    }
    BarChart {
        title: title.into(),
        height: y.max(1),
        width: WIDTH,
        rows: out,
        legend: if series.len() > 1 {
            series
                .iter()
                .map(|s| LegendEntry {
                    label: s.label,
                    fill: s.fill,
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_maximum() {
        let chart = bar_chart(
            "คะแนน",
            &[Series {
                label: "คะแนน",
                fill: BLUE,
            }],
            vec![
                ("มิติที่ 1".into(), vec![(100.0, "100.00%".into())]),
                ("มิติที่ 2".into(), vec![(50.0, "50.00%".into())]),
                ("มิติที่ 3".into(), vec![(0.0, "0.00%".into())]),
                ("มิติที่ 4".into(), vec![(0.01, "0.01%".into())]),
            ],
            Some(100.0),
        );
        let widths: Vec<u32> = chart.rows.iter().map(|r| r.bars[0].width).collect();
        assert_eq!(widths, [WIDTH - VALUE_ROOM, (WIDTH - VALUE_ROOM) / 2, 0, 1]);
        assert!(chart.rows[1].bars[0].y > chart.rows[0].bars[0].y);
        assert!(chart.height > chart.rows[3].bars[0].y);
        assert!(chart.legend.is_empty(), "one series needs no legend");
    }

    #[test]
    fn nothing_to_draw_is_still_a_chart() {
        let chart = bar_chart(
            "ว่าง",
            &[],
            vec![("x".into(), vec![(0.0, "0".into())])],
            None,
        );
        assert_eq!(chart.rows[0].bars[0].width, 0);
    }
}
