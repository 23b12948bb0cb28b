//! Horizontal bar charts drawn on the server: no script, no external library.
//! The labels and values are HTML text (so they keep the page's font size on a
//! phone and read out in order); only the bars are SVG, one small drawing per
//! bar that stretches to the width it is given. The numbers are in the page as
//! a table too (each chart sits next to one with the same figures).

/// Width of a full bar, in SVG units; the page stretches it to its column.
pub const WIDTH: u32 = 640;
/// Height of a bar, in SVG units (and CSS pixels: the drawing is not scaled up or down in height).
pub const BAR_HEIGHT: u32 = 16;

/// A chart of rows, each with one bar per series.
pub struct BarChart {
    pub title: String,
    pub width: u32,
    pub bar_height: u32,
    pub rows: Vec<ChartRow>,
    pub legend: Vec<LegendEntry>,
}

pub struct ChartRow {
    pub label: String,
    /// The row's bars; a value the data does not have (its text "-") draws none.
    pub bars: Vec<ChartBar>,
}

pub struct ChartBar {
    pub width: u32,
    pub fill: &'static str,
    /// The series' name, read out before the value when the chart has several.
    pub series: &'static str,
    pub value: String,
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

/// What a value the data does not have is written as; such a bar is not drawn.
const NO_VALUE: &str = "-";

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
    let several = series.len() > 1;
    let out = rows
        .into_iter()
        .map(|(label, values)| {
            let bars = values
                .into_iter()
                .enumerate()
                .filter(|(_, (value, text))| !(*value == 0.0 && text.trim() == NO_VALUE))
                .map(|(i, (value, text))| {
                    let share = (value / max).clamp(0.0, 1.0);
                    // Rounded to whole units; a non-zero value stays visible.
                    let mut width = (share * f64::from(WIDTH)).round() as u32;
                    if value > 0.0 && width == 0 {
                        width = 1;
                    }
                    let s = series.get(i).copied().unwrap_or(Series {
                        label: "",
                        fill: GREY,
                    });
                    ChartBar {
                        width,
                        fill: s.fill,
                        series: if several { s.label } else { "" },
                        value: text,
                    }
                })
                .collect();
            ChartRow { label, bars }
        })
        .collect();
    BarChart {
        title: title.into(),
        width: WIDTH,
        bar_height: BAR_HEIGHT,
        rows: out,
        legend: if several {
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
        assert_eq!(widths, [WIDTH, WIDTH / 2, 0, 1]);
        assert!(chart.legend.is_empty(), "one series needs no legend");
        assert_eq!(
            chart.rows[0].bars[0].series, "",
            "one series is not named per bar"
        );
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

    #[test]
    fn a_value_the_data_lacks_draws_no_bar() {
        let two = [
            Series {
                label: "ตามแผน",
                fill: GREY,
            },
            Series {
                label: "เบิกจ่าย",
                fill: GREEN,
            },
        ];
        let chart = bar_chart(
            "งบประมาณ",
            &two,
            vec![
                ("มิติที่ 1".into(), vec![(10.0, "10".into()), (0.0, "-".into())]),
                (
                    "มิติที่ 2".into(),
                    vec![(0.0, "0.00".into()), (5.0, "5".into())],
                ),
            ],
            None,
        );
        let first: Vec<&str> = chart.rows[0].bars.iter().map(|b| b.series).collect();
        assert_eq!(first, ["ตามแผน"], "the missing disbursement is not drawn");
        assert_eq!(chart.rows[1].bars.len(), 2, "a real zero is still shown");
        assert_eq!(chart.rows[1].bars[1].series, "เบิกจ่าย");
        assert_eq!(chart.legend.len(), 2);
    }
}
