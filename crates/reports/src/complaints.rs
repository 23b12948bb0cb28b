//! The report on complaints to executives (รายงานผลการจัดการเรื่องร้องเรียน
//! เสนอผู้บริหาร), for a fiscal year's 6-month or 12-month round: per channel,
//! what came in and how it was handled against the deadline, by month and by
//! category, the satisfaction survey against the 80 % target, the problems that
//! keep coming back, and what the officers wrote about problems, obstacles and
//! solutions.
//!
//! The report may end up published (it answers an OIT item on complaint
//! handling), so it shows nothing the public statistics page does not: the
//! category cells are that page's cells (as of the report's date, "fewer than
//! 3" and withheld cells included), a 6-month total is shown only where the
//! page shows every month it adds up, and no place, unit or content appears.
//! The corruption channel is shown as the page shows it: the fiscal year
//! only, as of the end of the last quarter that ended by the report's date,
//! small counts hidden, satisfaction from 5 answers
//! (`sujarit_core::complaint::YearStatistics`).
//! Places that recur are the working group's view (`/staff/complaints/recurring`).

use crate::ReportError;
use crate::model::Header;
use serde::Serialize;
use std::collections::BTreeMap;
use sujarit_core::complaint::{
    CaseFacts, Category, Channel, MIN_PUBLIC_CORRUPTION_ANSWERS, MonthlyStatistics, ReportCase,
    ReportNotes, SATISFACTION_TARGET_PERCENT, SatisfactionSummary, SmallCount, YearStatistics,
    month_label,
};
use sujarit_core::fiscal::{FiscalYear, Quarter, thai_date};
use sujarit_core::progress::Round;
use sujarit_core::thai::datetime_text;
use time::{Date, OffsetDateTime};

/// Everything the report is made from. Plain data: the caller loads it.
#[derive(Clone, Debug)]
pub struct ComplaintReportInput {
    pub organization: String,
    /// BE.
    pub fiscal_year: u16,
    pub round: Round,
    /// Usually both channels, general first.
    pub channels: Vec<ChannelInput>,
    /// Who issues the report ("ผู้รายงาน").
    pub issuer: Option<String>,
    pub generated_at: OffsetDateTime,
    /// The Thai date the counts are taken on; the report counts as of the
    /// round's last day when that has passed.
    pub today: Date,
}

/// One channel's data.
#[derive(Clone, Debug)]
pub struct ChannelInput {
    pub channel: Channel,
    /// The deadline in calendar days (15 unless the organisation changed it).
    pub deadline_days: u16,
    /// The cases received in the fiscal year (others are ignored).
    pub cases: Vec<ReportCase>,
    /// The channel's categories (enabled or not), in the organisation's
    /// order: the statistics list every enabled one; an unknown code is
    /// shown as it is.
    pub categories: Vec<Category>,
    pub notes: Option<ReportNotes>,
}

/// The report's data; as JSON, what `complaints.typ` gets.
#[derive(Clone, Debug, Serialize)]
pub struct ComplaintReport {
    pub header: Header,
    pub round_label: String,
    /// "1 ตุลาคม 2568 – 31 มีนาคม 2569"
    pub period: String,
    /// The Thai date the counts are taken on.
    pub as_of: String,
    pub issuer: Option<String>,
    pub satisfaction_target: u32,
    pub channels: Vec<ChannelSection>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ChannelSection {
    pub channel: Channel,
    /// "เรื่องร้องทุกข์/ร้องเรียนทั่วไป"
    pub title: String,
    pub deadline_days: u16,
    pub totals: Totals,
    /// The round's months, October first.
    pub months: Vec<MonthRow>,
    pub categories: Vec<CategoryRow>,
    /// (way of receipt, count as shown) of the round: web, phone, counter,
    /// letter, call centre, LINE (general channel; empty for corruption).
    pub ways: Vec<(String, String)>,
    /// Whether any category count is hidden (the report explains why).
    pub suppressed: bool,
    pub satisfaction: SatisfactionView,
    /// The corruption channel's figures, the fiscal year only; then the
    /// totals, months, categories and satisfaction above are left empty.
    pub year: Option<YearView>,
    pub notes: NotesView,
}

/// The corruption channel as the public statistics show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct YearView {
    /// "ข้อมูล ณ วันที่ 31 มีนาคม 2569 (สิ้นไตรมาสล่าสุด)"
    pub as_of: String,
    /// (what, count as shown): received, completed, in progress, overdue.
    pub rows: Vec<(String, String)>,
    /// (category, count as shown), every enabled category.
    pub categories: Vec<(String, String)>,
    /// (origin, count as shown): reported, known, detected by audit.
    pub origins: Vec<(String, String)>,
    /// "ร้อยละ 80.00 จากผู้ตอบ 5 ราย", or why it is not shown.
    pub satisfaction: String,
}

/// Counts of the round, as of the report's date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub received: u32,
    pub completed: u32,
    pub completed_on_time: u32,
    pub completed_late: u32,
    pub in_progress: u32,
    /// Open past the due date.
    pub open_overdue: u32,
    /// Completed on time ÷ completed, "92.50"; "-" with nothing completed.
    pub on_time_percent: String,
    /// Mean calendar days from receipt to completion, "4.3"; "-" with nothing completed.
    pub average_days: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthRow {
    /// "ต.ค. 2568"
    pub label: String,
    pub received: u32,
    pub completed: u32,
    pub in_progress: u32,
    pub overdue: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CategoryRow {
    pub name: String,
    /// One per month of the round.
    pub months: Vec<SmallCount>,
    pub total: SmallCount,
    /// What the PDF prints: "12", "น้อยกว่า 3", "ไม่แสดง".
    pub total_text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SatisfactionView {
    pub answers: u32,
    pub satisfied: u32,
    /// "85.00"; "-" without answers.
    pub percent: String,
    pub meets_target: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotesView {
    pub problems: String,
    pub obstacles: String,
    pub solutions: String,
}

/// The last day a round covers.
pub fn round_last_day(fiscal_year: FiscalYear, round: Round) -> Date {
    match round {
        Round::SixMonths => Quarter::Q2.last_day(fiscal_year),
        Round::TwelveMonths => fiscal_year.last_day(),
    }
}

fn round_months(round: Round) -> usize {
    match round {
        Round::SixMonths => 6,
        Round::TwelveMonths => 12,
    }
}

/// Computes the report's data.
pub fn build(input: &ComplaintReportInput) -> Result<ComplaintReport, ReportError> {
    if input.fiscal_year < 2400 {
        return Err(ReportError::FiscalYearNotBe(input.fiscal_year));
    }
    let year = FiscalYear(input.fiscal_year);
    let last_day = round_last_day(year, input.round);
    let as_of = input.today.min(last_day);
    let title = "รายงานผลการจัดการเรื่องร้องทุกข์/ร้องเรียน และเรื่องร้องเรียนการทุจริต".to_string();
    let header = Header {
        organization: input.organization.clone(),
        title: title.clone(),
        subtitle: format!(
            "เสนอผู้บริหาร ประจำปีงบประมาณ พ.ศ. {} {}",
            input.fiscal_year,
            input.round.thai()
        ),
        running: format!(
            "รายงานเรื่องร้องเรียนต่อผู้บริหาร ปีงบประมาณ {} {}",
            input.fiscal_year,
            match input.round {
                Round::SixMonths => "รอบ 6 เดือน",
                Round::TwelveMonths => "รอบ 12 เดือน",
            }
        ),
        fiscal_year: input.fiscal_year,
        generated: datetime_text(input.generated_at),
    };
    Ok(ComplaintReport {
        header,
        round_label: input.round.thai().to_string(),
        period: format!("{} – {}", thai_date(year.first_day()), thai_date(last_day)),
        as_of: thai_date(as_of),
        issuer: input.issuer.clone(),
        satisfaction_target: SATISFACTION_TARGET_PERCENT,
        channels: input
            .channels
            .iter()
            .map(|c| section(year, input.round, as_of, input.today, c))
            .collect(),
    })
}

fn section(
    year: FiscalYear,
    round: Round,
    as_of: Date,
    today: Date,
    input: &ChannelInput,
) -> ChannelSection {
    let months_shown = round_months(round);
    let last_day = round_last_day(year, round);
    // The round's cases: received in the year up to the round's end and by
    // the report's date.
    let cases: Vec<&ReportCase> = input
        .cases
        .iter()
        .filter(|c| {
            c.facts.channel == input.channel
                && year.contains(c.facts.received_on)
                && c.facts.received_on <= last_day.min(as_of)
        })
        .collect();
    let facts: Vec<CaseFacts> = cases.iter().map(|c| c.facts.clone()).collect();
    let names: BTreeMap<&str, &str> = input
        .categories
        .iter()
        .map(|c| (c.code.as_str(), c.thai.as_str()))
        .collect();
    let name = |code: &str| {
        names
            .get(code)
            .map_or_else(|| code.to_string(), |n| n.to_string())
    };
    if input.channel == Channel::Corruption {
        return corruption_section(year, round, today, input, &name);
    }
    let statistics =
        MonthlyStatistics::compute(year, input.channel, &facts, &input.categories, as_of);
    let categories = published_categories(year, round, today, input, &name);
    let suppressed = categories.iter().any(|c| {
        c.months
            .iter()
            .chain([&c.total])
            .any(|n| !matches!(n, SmallCount::Count(_)))
    }) || statistics
        .received_via
        .iter()
        .any(|w| w.received.shown().is_none());
    let completed_by = |c: &CaseFacts| c.clock.completed_on.filter(|d| *d <= as_of);
    let mut totals = Totals::default();
    let mut days_to_complete: u64 = 0;
    for case in &facts {
        totals.received += 1;
        match completed_by(case) {
            Some(done) => {
                totals.completed += 1;
                days_to_complete += (done - case.received_on).whole_days().max(0) as u64;
                if done > case.clock.due_date {
                    totals.completed_late += 1;
                } else {
                    totals.completed_on_time += 1;
                }
            }
            None => {
                totals.in_progress += 1;
                if as_of > case.clock.due_date {
                    totals.open_overdue += 1;
                }
            }
        }
    }
    totals.on_time_percent = percent_text(totals.completed_on_time, totals.completed);
    totals.average_days = if totals.completed == 0 {
        "-".into()
    } else {
        // Tenths, rounded half up.
        let tenths = (days_to_complete * 20 + u64::from(totals.completed))
            / (2 * u64::from(totals.completed));
        format!("{}.{}", tenths / 10, tenths % 10)
    };
    let satisfaction = SatisfactionSummary::of(
        cases
            .iter()
            .filter(|c| completed_by(&c.facts).is_some())
            .filter_map(|c| c.rating),
    );
    ChannelSection {
        channel: input.channel,
        title: channel_title(input.channel).to_string(),
        deadline_days: input.deadline_days,
        totals,
        months: statistics.months[..months_shown]
            .iter()
            .map(|m| MonthRow {
                label: month_label(m.year, m.month),
                received: m.received,
                completed: m.completed,
                in_progress: m.in_progress,
                overdue: m.overdue,
            })
            .collect(),
        categories,
        ways: statistics
            .received_via
            .iter()
            .map(|w| (w.received_via.thai().to_string(), w.received.thai()))
            .collect(),
        suppressed,
        satisfaction: SatisfactionView {
            answers: satisfaction.answers,
            satisfied: satisfaction.satisfied,
            percent: percent_text(satisfaction.satisfied, satisfaction.answers),
            meets_target: satisfaction.meets_target(),
        },
        year: None,
        notes: notes_view(input.notes.as_ref()),
    }
}

/// The corruption channel: exactly the public page's figures on the day the
/// counts are taken (the round's last day once it has passed), no month.
fn corruption_section(
    year: FiscalYear,
    round: Round,
    today: Date,
    input: &ChannelInput,
    name: &dyn Fn(&str) -> String,
) -> ChannelSection {
    // The page on `today` counts to the last quarter that ended before it;
    // once the round is over, to the round's last day.
    let day = today.min(round_last_day(year, round).next_day().unwrap_or(today));
    let facts: Vec<CaseFacts> = input.cases.iter().map(|c| c.facts.clone()).collect();
    let satisfaction = SatisfactionSummary::of(
        input
            .cases
            .iter()
            .filter(|c| {
                c.facts.channel == Channel::Corruption && year.contains(c.facts.received_on)
            })
            .filter_map(|c| c.rating),
    );
    let y = YearStatistics::compute(year, &facts, &input.categories, satisfaction, day);
    let counts = [y.received, y.completed, y.in_progress, y.overdue];
    let suppressed = counts
        .iter()
        .chain(y.categories.iter().map(|c| &c.received))
        .chain(y.origins.iter().map(|o| &o.received))
        .any(|n| n.shown().is_none());
    ChannelSection {
        channel: input.channel,
        title: channel_title(input.channel).to_string(),
        deadline_days: input.deadline_days,
        totals: Totals {
            on_time_percent: "-".into(),
            average_days: "-".into(),
            ..Totals::default()
        },
        months: Vec::new(),
        categories: Vec::new(),
        ways: Vec::new(),
        suppressed,
        satisfaction: SatisfactionView {
            answers: 0,
            satisfied: 0,
            percent: "-".into(),
            meets_target: false,
        },
        year: Some(YearView {
            as_of: y.as_of.map_or_else(
                || "ยังไม่ครบไตรมาสแรกของปีงบประมาณ จึงยังไม่มีตัวเลข".to_string(),
                |d| format!("ข้อมูล ณ วันที่ {} (สิ้นไตรมาสล่าสุด)", thai_date(d)),
            ),
            rows: [
                "เรื่องที่ได้รับ",
                "ดำเนินการแล้วเสร็จ",
                "อยู่ระหว่างดำเนินการ",
                "เกินกำหนด",
            ]
            .into_iter()
            .zip(counts)
            .map(|(label, n)| (label.to_string(), n.thai()))
            .collect(),
            categories: y
                .categories
                .iter()
                .map(|c| (name(&c.category), c.received.thai()))
                .collect(),
            origins: y
                .origins
                .iter()
                .map(|o| (o.origin.thai().to_string(), o.received.thai()))
                .collect(),
            satisfaction: match y.satisfaction {
                Some(s) => format!(
                    "ร้อยละ {} จากผู้ตอบ {} ราย ({})",
                    percent_text(s.satisfied, s.answers),
                    s.answers,
                    if s.meets_target() {
                        "บรรลุเป้าหมาย"
                    } else {
                        "ไม่บรรลุเป้าหมาย"
                    }
                ),
                None => format!("ไม่แสดง (ผู้ตอบยังไม่ถึง {MIN_PUBLIC_CORRUPTION_ANSWERS} ราย)"),
            },
        }),
        notes: notes_view(input.notes.as_ref()),
    }
}

fn channel_title(channel: Channel) -> &'static str {
    match channel {
        Channel::General => "เรื่องร้องทุกข์/ร้องเรียนทั่วไป",
        Channel::Corruption => "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    }
}

/// `part ÷ whole` in percent with two decimals, rounded half up; "-" for 0 ÷ 0.
fn percent_text(part: u32, whole: u32) -> String {
    if whole == 0 {
        return "-".into();
    }
    let hundredths = (u64::from(part) * 20_000 + u64::from(whole)) / (2 * u64::from(whole));
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// The category cells exactly as the public statistics show them today
/// (same cases, same suppression), cut to the round's months. The round's
/// total per category: for the annual round the page's own total; for the
/// 6-month round the sum of the months when the page shows them all (so it
/// adds nothing), otherwise hidden.
fn published_categories(
    year: FiscalYear,
    round: Round,
    today: Date,
    input: &ChannelInput,
    name: &dyn Fn(&str) -> String,
) -> Vec<CategoryRow> {
    let months_shown = round_months(round);
    let facts: Vec<CaseFacts> = input
        .cases
        .iter()
        .filter(|c| c.facts.channel == input.channel && c.facts.received_on <= today)
        .map(|c| c.facts.clone())
        .collect();
    let published =
        MonthlyStatistics::compute(year, input.channel, &facts, &input.categories, today);
    published
        .categories
        .iter()
        .filter_map(|c| {
            let months = c.received[..months_shown].to_vec();
            if months.iter().all(|m| *m == SmallCount::Count(0)) {
                return None;
            }
            let nothing_later = c.received[months_shown..]
                .iter()
                .all(|m| *m == SmallCount::Count(0));
            let total = match round {
                // The round's total is the page's own year total.
                Round::TwelveMonths => c.total,
                Round::SixMonths if nothing_later => c.total,
                Round::SixMonths => {
                    let shown: Option<u32> = months
                        .iter()
                        .map(|m| match m {
                            SmallCount::Count(n) => Some(*n),
                            _ => None,
                        })
                        .sum();
                    match shown {
                        Some(n) => SmallCount::Count(n),
                        None if months.iter().all(|m| {
                            matches!(m, SmallCount::Count(0) | SmallCount::FewerThanThree)
                        }) && months
                            .iter()
                            .filter(|m| **m == SmallCount::FewerThanThree)
                            .count()
                            == 1 =>
                        {
                            SmallCount::FewerThanThree
                        }
                        None => SmallCount::Withheld,
                    }
                }
            };
            Some(CategoryRow {
                name: name(&c.category),
                months,
                total,
                total_text: total.thai(),
            })
        })
        .collect()
}

const NOT_RECORDED: &str = "(ยังไม่ได้บันทึก)";

fn notes_view(notes: Option<&ReportNotes>) -> NotesView {
    let text = |t: Option<&String>| {
        t.map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .map_or_else(|| NOT_RECORDED.to_string(), str::to_string)
    };
    NotesView {
        problems: text(notes.map(|n| &n.problems)),
        obstacles: text(notes.map(|n| &n.obstacles)),
        solutions: text(notes.map(|n| &n.solutions)),
    }
}

/// "complaints-2569-6m.pdf"
pub fn file_name(fiscal_year: u16, round: Round, format: crate::Format) -> String {
    format!(
        "complaints-{fiscal_year}-{}.{}",
        round.as_str(),
        format.extension()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use sujarit_core::complaint::CaseClock;
    use time::Duration;
    use time::macros::{date, datetime};

    fn case(
        channel: Channel,
        category: &str,
        received: Date,
        done_after: Option<i64>,
    ) -> ReportCase {
        ReportCase {
            facts: CaseFacts {
                channel,
                category: category.into(),
                received_via: Default::default(),
                origin: Default::default(),
                received_on: received,
                clock: CaseClock {
                    due_date: received + Duration::days(15),
                    completed_on: done_after.map(|d| received + Duration::days(d)),
                    delay_explained: false,
                },
            },
            rating: None,
        }
    }

    fn input(round: Round, cases: Vec<ReportCase>) -> ComplaintReportInput {
        ComplaintReportInput {
            organization: "เทศบาลทดสอบ".into(),
            fiscal_year: 2569,
            round,
            channels: vec![ChannelInput {
                channel: Channel::General,
                deadline_days: 15,
                cases,
                categories: vec![Category {
                    channel: Channel::General,
                    code: "roads".into(),
                    thai: "ถนน".into(),
                    enabled: true,
                }],
                notes: None,
            }],
            issuer: None,
            generated_at: datetime!(2026-05-10 03:00 UTC),
            today: date!(2026 - 05 - 10),
        }
    }

    #[test]
    fn the_six_month_round_counts_as_of_its_last_day() {
        let mut rated = case(Channel::General, "roads", date!(2025 - 10 - 03), Some(4));
        rated.rating = Some(5);
        let mut unhappy = case(Channel::General, "roads", date!(2025 - 11 - 01), Some(20));
        unhappy.rating = Some(1);
        let cases = vec![
            rated,
            unhappy,
            case(Channel::General, "roads", date!(2026 - 03 - 25), None),
            // Completed after the round's end: still open in the 6-month report.
            case(Channel::General, "water", date!(2026 - 03 - 30), Some(5)),
            // Received after the round: not in it.
            case(Channel::General, "roads", date!(2026 - 04 - 02), Some(1)),
            // The other channel: not in this section.
            case(Channel::Corruption, "bribery", date!(2025 - 12 - 01), None),
        ];
        let report = build(&input(Round::SixMonths, cases)).expect("report");
        assert_eq!(report.as_of, "31 มีนาคม 2569");
        assert_eq!(report.period, "1 ตุลาคม 2568 – 31 มีนาคม 2569");
        let general = &report.channels[0];
        assert_eq!(general.months.len(), 6);
        assert_eq!(general.months[0].label, "ต.ค. 2568");
        assert_eq!(
            general.totals,
            Totals {
                received: 4,
                completed: 2,
                completed_on_time: 1,
                completed_late: 1,
                in_progress: 2,
                open_overdue: 0,
                on_time_percent: "50.00".into(),
                average_days: "12.0".into(),
            }
        );
        assert_eq!(
            general.months.iter().map(|m| m.received).sum::<u32>(),
            general.totals.received
        );
        assert_eq!(general.satisfaction.answers, 2);
        assert_eq!(general.satisfaction.percent, "50.00");
        assert!(!general.satisfaction.meets_target);
        // 3 roads beside a lone water case: neither total is shown (only
        // two categories: any shown one would give the other away).
        let names: Vec<(&str, &str)> = general
            .categories
            .iter()
            .map(|c| (c.name.as_str(), c.total_text.as_str()))
            .collect();
        assert_eq!(names, [("ถนน", "ไม่แสดง"), ("water", "ไม่แสดง")]);
        assert!(general.suppressed);
        assert_eq!(general.notes.problems, NOT_RECORDED);

        let annual = build(&input(Round::TwelveMonths, vec![])).expect("report");
        assert_eq!(
            annual.as_of, "10 พฤษภาคม 2569",
            "a round not over counts to today"
        );
        assert_eq!(annual.channels[0].months.len(), 12);
        assert_eq!(annual.channels[0].totals.on_time_percent, "-");
    }

    #[test]
    fn notes_are_shown_or_marked_missing() {
        let view = notes_view(Some(&ReportNotes {
            problems: " ถนนชำรุด ".into(),
            obstacles: String::new(),
            solutions: "ซ่อม".into(),
        }));
        assert_eq!(view.problems, "ถนนชำรุด");
        assert_eq!(view.obstacles, NOT_RECORDED);
        assert_eq!(percent_text(2, 3), "66.67");
        assert_eq!(percent_text(0, 0), "-");
    }
}
