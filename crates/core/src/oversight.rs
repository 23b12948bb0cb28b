//! What an overseer and the public comparison pages read of each LAO (issue
//! 15): one organisation's figures for one fiscal year, as counts that add
//! up exactly across LAOs (a district's, a province's, a kind's, a region's,
//! the nation's), and the rules for showing them.
//!
//! Figures are computed from an LAO's own records by the service
//! (`sujarit_service::oversight`) and stored per organisation and year, so
//! a roll-up across thousands of LAOs reads one row each. Two views are
//! kept apart: [`Figures::published`] holds only what the LAO's public
//! pages show (published progress, the information centre, published
//! activities, the public complaint statistics' channel); the rest is what
//! the LAO's own officers could show their executive, for overseers only.
//! Nothing here comes from the corruption channel, and nothing names a
//! person.

pub mod rollup;

use crate::progress::Score;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The E-PlanNACC score of the two rounds of a fiscal year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rounds {
    /// 6 months (Q1–Q2).
    pub six_months: Score,
    /// 12 months (Q1–Q4).
    pub twelve_months: Score,
}

/// What the LAO's public pages show: published data only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Published {
    /// The score from published progress only.
    pub score: Rounds,
    /// The information centre's readiness (`disclosure::Readiness` counts).
    pub oit_due: u32,
    pub oit_on_time: u32,
    pub oit_late: u32,
    /// Activities of the year shown on the public calendar.
    pub activities: u32,
    /// General complaints (never the corruption channel) received in the
    /// year, closed, and closed within their deadline.
    pub complaints_received: u32,
    pub complaints_closed: u32,
    pub complaints_closed_on_time: u32,
}

/// What the LAO's officers could show their executive, beyond the public.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Internal {
    /// The score from every report, reviewed or not.
    pub score: Rounds,
    /// KPIs measured for the year and how many of them are met.
    pub kpis_measured: u32,
    pub kpis_met: u32,
    /// Item reports due by the end of the last quarter that ended and not
    /// sent by then.
    pub late_reports: u32,
    /// General complaints still open past their deadline.
    pub complaints_overdue: u32,
    /// Risk register entries of the year by residual level.
    pub risks: u32,
    pub risks_high: u32,
    pub risks_very_high: u32,
}

/// One LAO's figures for one fiscal year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// BE.
    pub fiscal_year: u16,
    /// Whether a current plan covers the year.
    pub has_plan: bool,
    pub published: Published,
    pub internal: Internal,
    #[serde(with = "time::serde::rfc3339")]
    pub computed_at: OffsetDateTime,
}

/// A sum of many LAOs' figures (a district, a province, a kind, a region,
/// the nation), exact because every part is a count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub organizations: u32,
    /// Organisations with a plan for the year.
    pub plans: u32,
    pub published: Published,
    pub internal: Internal,
}

impl Totals {
    pub fn add(&mut self, figures: Option<&Figures>) {
        self.organizations += 1;
        let Some(f) = figures else { return };
        self.plans += u32::from(f.has_plan);
        let (p, q) = (&mut self.published, &f.published);
        add_rounds(&mut p.score, &q.score);
        p.oit_due += q.oit_due;
        p.oit_on_time += q.oit_on_time;
        p.oit_late += q.oit_late;
        p.activities += q.activities;
        p.complaints_received += q.complaints_received;
        p.complaints_closed += q.complaints_closed;
        p.complaints_closed_on_time += q.complaints_closed_on_time;
        let (i, j) = (&mut self.internal, &f.internal);
        add_rounds(&mut i.score, &j.score);
        i.kpis_measured += j.kpis_measured;
        i.kpis_met += j.kpis_met;
        i.late_reports += j.late_reports;
        i.complaints_overdue += j.complaints_overdue;
        i.risks += j.risks;
        i.risks_high += j.risks_high;
        i.risks_very_high += j.risks_very_high;
    }
}

fn add_rounds(to: &mut Rounds, from: &Rounds) {
    for (a, b) in [
        (&mut to.six_months, &from.six_months),
        (&mut to.twelve_months, &from.twelve_months),
    ] {
        a.items += b.items;
        a.completed += b.completed;
        a.in_progress += b.in_progress;
        a.not_done += b.not_done;
        a.not_reported += b.not_reported;
    }
}

/// A count below this is shown as "น้อยกว่า 3", as on the public complaint
/// statistics.
pub const SMALLEST_SHOWN_COUNT: u32 = 3;

/// A share of complaints closed on time is shown only over at least this
/// many closed complaints (fewer could single a complainant out).
pub const SMALLEST_SHARE_BASE: u32 = 5;

/// A complaint count as the public may see it.
pub fn shown_count(count: u32) -> String {
    if count > 0 && count < SMALLEST_SHOWN_COUNT {
        "น้อยกว่า 3".to_string()
    } else {
        count.to_string()
    }
}

/// The share (percent, one decimal) of `part` in `whole`; None when `whole`
/// is below `smallest` (or zero).
pub fn share(part: u32, whole: u32, smallest: u32) -> Option<f64> {
    (whole > 0 && whole >= smallest).then(|| {
        let tenths = (u64::from(part) * 1000 + u64::from(whole) / 2) / u64::from(whole);
        tenths as f64 / 10.0
    })
}

impl Published {
    /// OIT readiness in percent, one decimal (None before anything is due).
    pub fn oit_readiness(&self) -> Option<f64> {
        share(self.oit_on_time, self.oit_due, 1)
    }

    /// Complaints closed on time, percent, withheld below
    /// [`SMALLEST_SHARE_BASE`] closed.
    pub fn complaints_on_time(&self) -> Option<f64> {
        share(
            self.complaints_closed_on_time,
            self.complaints_closed,
            SMALLEST_SHARE_BASE,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(completed: u32, items: u32, plan: bool) -> Figures {
        let mut f = Figures {
            fiscal_year: 2569,
            has_plan: plan,
            published: Published::default(),
            internal: Internal::default(),
            computed_at: OffsetDateTime::UNIX_EPOCH,
        };
        f.published.score.six_months = Score {
            items,
            completed,
            ..Score::default()
        };
        f.published.oit_due = 10;
        f.published.oit_on_time = completed;
        f
    }

    #[test]
    fn totals_add_counts_exactly_and_count_laos_without_figures() {
        let mut t = Totals::default();
        t.add(Some(&figures(3, 4, true)));
        t.add(Some(&figures(1, 4, false)));
        t.add(None);
        assert_eq!(t.organizations, 3);
        assert_eq!(t.plans, 1);
        assert_eq!(t.published.score.six_months.items, 8);
        assert_eq!(t.published.score.six_months.completed, 4);
        assert_eq!(t.published.score.six_months.percent_hundredths(), 5000);
        assert_eq!(t.published.oit_readiness(), Some(20.0));
    }

    #[test]
    fn small_complaint_counts_and_shares_are_withheld() {
        assert_eq!(shown_count(0), "0");
        assert_eq!(shown_count(2), "น้อยกว่า 3");
        assert_eq!(shown_count(3), "3");
        let mut p = Published {
            complaints_closed: 4,
            complaints_closed_on_time: 4,
            ..Published::default()
        };
        assert_eq!(p.complaints_on_time(), None);
        p.complaints_closed = 8;
        p.complaints_closed_on_time = 6;
        assert_eq!(p.complaints_on_time(), Some(75.0));
        assert_eq!(Published::default().oit_readiness(), None);
    }
}
