//! The public statistics page's view model (pure): the general channel by
//! month, the corruption channel by year, side by side and never added up
//! (see `sujarit_core::complaint::PublishedStatistics`).

use std::collections::HashMap;

use askama::Template;
use sujarit_core::complaint::{
    self, Channel, MIN_PUBLIC_CORRUPTION_ANSWERS, PublishedStatistics, SATISFACTION_TARGET_PERCENT,
    SatisfactionSummary,
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
    pub label: String,
    pub cells: Vec<String>,
    pub total: String,
}

pub struct Choice {
    pub label: String,
    pub href: String,
    pub current: bool,
}

/// The general channel's part of the page: by month.
pub struct GeneralSection {
    pub months: Vec<MonthRow>,
    pub month_labels: Vec<String>,
    pub totals: MonthRow,
    pub categories: Vec<CategoryRow>,
    /// (way of receipt, count) for the year.
    pub ways: Vec<(&'static str, String)>,
    pub satisfaction: String,
    pub satisfaction_answers: u32,
    pub satisfaction_met: bool,
}

/// The corruption channel's part: the fiscal year only.
pub struct CorruptionSection {
    /// "ข้อมูล ณ วันที่ 31 มีนาคม 2568", or why there are no counts yet.
    pub as_of: String,
    pub received: String,
    pub completed: String,
    pub in_progress: String,
    pub overdue: String,
    /// (label, count) for every enabled category.
    pub categories: Vec<(String, String)>,
    /// (origin, count): reported, known, detected by audit.
    pub origins: Vec<(&'static str, String)>,
    pub satisfaction: String,
    pub satisfaction_answers: Option<u32>,
    pub satisfaction_met: bool,
    /// Whether any count is hidden (the page says why).
    pub suppressed: bool,
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
    pub general: Option<GeneralSection>,
    pub corruption: Option<CorruptionSection>,
    pub target: u32,
    pub min_answers: u32,
}

/// What the statistics page is built from.
pub struct StatsInput<'a> {
    pub org: &'a Organization,
    pub year: u16,
    /// The current fiscal year: the year choices end there.
    pub this_year: u16,
    /// One channel, or `None` for both.
    pub channel: Option<Channel>,
    pub statistics: &'a PublishedStatistics,
    /// The general channel's satisfaction (the corruption channel's comes
    /// with its statistics).
    pub satisfaction: &'a SatisfactionSummary,
    /// Category labels by channel and code.
    pub labels: &'a HashMap<(Channel, String), String>,
}

fn percent(s: &SatisfactionSummary) -> String {
    let h = s.percent_hundredths();
    format!("ร้อยละ {}.{:02}", h / 100, h % 100)
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
    let label = |channel: Channel, code: &str| {
        labels
            .get(&(channel, code.to_string()))
            .cloned()
            .unwrap_or_else(|| code.to_string())
    };
    let general = statistics.general.as_ref().map(|g| {
        let months: Vec<MonthRow> = g
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
        GeneralSection {
            month_labels: months.iter().map(|m| m.label.clone()).collect(),
            months,
            totals,
            categories: g
                .categories
                .iter()
                .map(|c| CategoryRow {
                    label: label(c.channel, &c.category),
                    cells: c.received.iter().map(|n| n.thai()).collect(),
                    total: c.total.thai(),
                })
                .collect(),
            ways: g
                .received_via
                .iter()
                .map(|w| (w.received_via.thai(), w.received.thai()))
                .collect(),
            satisfaction: if satisfaction.answers == 0 {
                "ยังไม่มีผู้ตอบ".into()
            } else {
                percent(satisfaction)
            },
            satisfaction_answers: satisfaction.answers,
            satisfaction_met: satisfaction.meets_target(),
        }
    });
    let corruption = statistics.corruption.as_ref().map(|y| {
        let counts = [y.received, y.completed, y.in_progress, y.overdue];
        CorruptionSection {
            as_of: y.as_of.map_or_else(
                || "ยังไม่ครบไตรมาสแรกของปีงบประมาณ จึงยังไม่มีตัวเลข".to_string(),
                |d| format!("ข้อมูล ณ วันที่ {}", sujarit_core::fiscal::thai_date(d)),
            ),
            received: y.received.thai(),
            completed: y.completed.thai(),
            in_progress: y.in_progress.thai(),
            overdue: y.overdue.thai(),
            categories: y
                .categories
                .iter()
                .map(|c| (label(Channel::Corruption, &c.category), c.received.thai()))
                .collect(),
            origins: y
                .origins
                .iter()
                .map(|o| (o.origin.thai(), o.received.thai()))
                .collect(),
            satisfaction: y.satisfaction.as_ref().map_or_else(
                || format!("ไม่แสดง (ผู้ตอบยังไม่ถึง {MIN_PUBLIC_CORRUPTION_ANSWERS} ราย)"),
                percent,
            ),
            satisfaction_answers: y.satisfaction.map(|s| s.answers),
            satisfaction_met: y.satisfaction.is_some_and(|s| s.meets_target()),
            suppressed: counts
                .iter()
                .chain(y.categories.iter().map(|c| &c.received))
                .chain(y.origins.iter().map(|o| &o.received))
                .any(|n| n.shown().is_none()),
        }
    });
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
        general,
        corruption,
        target: SATISFACTION_TARGET_PERCENT,
        min_answers: MIN_PUBLIC_CORRUPTION_ANSWERS,
    }
}
