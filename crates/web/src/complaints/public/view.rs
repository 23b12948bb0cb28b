//! The public statistics page's view model: months, totals, categories and
//! the satisfaction of one fiscal year and channel (pure).

use std::collections::HashMap;

use askama::Template;
use sujarit_core::complaint::{
    self, Channel, MonthlyStatistics, SATISFACTION_TARGET_PERCENT, SatisfactionSummary,
};
use sujarit_store::Organization;

use super::{complaints_url, layout};
use crate::ui::Layout;

pub struct MonthRow {
    pub label: String,
    pub received: u32,
    pub completed: u32,
    pub in_progress: u32,
    pub overdue: u32,
}

pub struct CategoryRow {
    pub channel: &'static str,
    pub label: String,
    pub cells: Vec<String>,
    pub total: String,
}

pub struct Choice {
    pub label: String,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "complaints/stats.html")]
pub struct StatsPage {
    pub layout: Layout,
    pub organization: String,
    pub year: u16,
    pub channel_label: &'static str,
    pub years: Vec<Choice>,
    pub channels: Vec<Choice>,
    pub months: Vec<MonthRow>,
    pub month_labels: Vec<String>,
    pub totals: MonthRow,
    pub categories: Vec<CategoryRow>,
    pub satisfaction: String,
    pub satisfaction_answers: u32,
    pub satisfaction_met: bool,
    pub target: u32,
}

/// What the statistics page is built from.
pub struct StatsInput<'a> {
    pub org: &'a Organization,
    pub year: u16,
    /// The current fiscal year: the year choices end there.
    pub this_year: u16,
    /// One channel, or `None` for both.
    pub channel: Option<Channel>,
    pub statistics: &'a MonthlyStatistics,
    pub satisfaction: &'a SatisfactionSummary,
    /// Category labels by channel and code.
    pub labels: &'a HashMap<(Channel, String), String>,
}

/// The statistics of one fiscal year and channel.
pub fn stats_page(input: StatsInput<'_>) -> StatsPage {
    let StatsInput {
        org,
        year,
        this_year,
        channel,
        statistics,
        satisfaction,
        labels,
    } = input;
    let months: Vec<MonthRow> = statistics
        .months
        .iter()
        .map(|m| MonthRow {
            label: complaint::month_label(m.year, m.month),
            received: m.received,
            completed: m.completed,
            in_progress: m.in_progress,
            overdue: m.overdue,
        })
        .collect();
    let totals = MonthRow {
        label: "รวม".into(),
        received: months.iter().map(|m| m.received).sum(),
        completed: months.iter().map(|m| m.completed).sum(),
        in_progress: months.iter().map(|m| m.in_progress).sum(),
        overdue: months.iter().map(|m| m.overdue).sum(),
    };
    let base = format!("{}/stats", complaints_url(org));
    let channel_code = channel.map_or("all", Channel::as_str);
    StatsPage {
        layout: layout(org, "สถิติเรื่องร้องเรียน", false),
        organization: org.name.clone(),
        year,
        channel_label: channel.map_or("ทุกช่องทาง", Channel::thai),
        years: (this_year.saturating_sub(2)..=this_year)
            .map(|y| Choice {
                label: y.to_string(),
                href: format!("{base}?year={y}&channel={channel_code}"),
                current: y == year,
            })
            .collect(),
        channels: [None, Some(Channel::General), Some(Channel::Corruption)]
            .into_iter()
            .map(|c| Choice {
                label: c.map_or("ทุกช่องทาง", Channel::thai).to_string(),
                href: format!(
                    "{base}?year={year}&channel={}",
                    c.map_or("all", Channel::as_str)
                ),
                current: c == channel,
            })
            .collect(),
        month_labels: months.iter().map(|m| m.label.clone()).collect(),
        months,
        totals,
        categories: statistics
            .categories
            .iter()
            .map(|c| CategoryRow {
                channel: c.channel.thai(),
                label: labels
                    .get(&(c.channel, c.category.clone()))
                    .cloned()
                    .unwrap_or_else(|| c.category.clone()),
                cells: c.received.iter().map(|n| n.thai()).collect(),
                total: c.total.thai(),
            })
            .collect(),
        satisfaction: if satisfaction.answers == 0 {
            "ยังไม่มีผู้ตอบ".into()
        } else {
            let h = satisfaction.percent_hundredths();
            format!("ร้อยละ {}.{:02}", h / 100, h % 100)
        },
        satisfaction_answers: satisfaction.answers,
        satisfaction_met: satisfaction.meets_target(),
        target: SATISFACTION_TARGET_PERCENT,
    }
}
