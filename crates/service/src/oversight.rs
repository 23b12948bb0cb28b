//! Each LAO's figures for the overseers and the comparison pages (issue
//! 15), computed from its own records and stored per fiscal year
//! (`sujarit_store::OversightStore`).
//!
//! Nothing is re-derived here: the scores are `core::scores` over the
//! reports the executive dashboard (all sent reports) and the public
//! progress pages (published reports) take; late reports are
//! `core::progress::Deadline::Late` as "my items" and the dashboard say it;
//! KPIs are [`crate::activities::measure_item`] as the item page measures
//! them; the OIT figure is `core::disclosure::readiness` as the information
//! centre's coordinator overview computes it; activities are the public
//! calendar's (published ones); complaints are the general channel only,
//! counted by the store (never the corruption channel).
//!
//! A refresh first reads a cheap mark of what the figures are computed from
//! ([`sujarit_store::OversightStore::change_mark`] plus today's date) and
//! skips an LAO whose stored figures carry the same mark.

use crate::Clock;
use crate::activities::measure_item;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use sujarit_core::directory::OversightScope;
use sujarit_core::disclosure::{readiness, records_of};
use sujarit_core::fiscal::FiscalYear;
use sujarit_core::integrity::risk::RiskMatrix;
use sujarit_core::oversight::{Figures, Internal, Published, Rounds};
use sujarit_core::progress::{Deadline, QuarterReport, ReportKey, ReviewState, Round};
use sujarit_core::scores;
use sujarit_store::{Result, Store};
use time::Date;

/// Bumped whenever what the figures count changes, so stored figures
/// computed by an older binary are computed again.
const RULES_VERSION: &str = "figures-2";

/// How many LAOs a refresh computes at once: each is a few dozen small
/// queries, and the server keeps serving pages meanwhile.
pub const REFRESH_CONCURRENCY: usize = 2;

/// How many LAOs a refresh computed, and how many it skipped because
/// nothing they are computed from had changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Refreshed {
    pub computed: usize,
    pub unchanged: usize,
    /// LAOs whose figures could not be computed (logged with the LAO's id;
    /// the others are refreshed all the same).
    pub failed: usize,
}

impl Refreshed {
    fn add(&mut self, other: Refreshed) {
        self.computed += other.computed;
        self.unchanged += other.unchanged;
        self.failed += other.failed;
    }
}

/// A sent report (submitted, approved or published): what the executive
/// dashboard's score counts.
fn sent(report: &QuarterReport) -> bool {
    matches!(
        report.review,
        ReviewState::Submitted | ReviewState::Approved | ReviewState::Published
    )
}

fn rounds(plan: &sujarit_core::plan::Plan, year: u16, reports: &[QuarterReport]) -> Rounds {
    let units = scores::UnitMap::new();
    let score = |round| {
        scores::round_summary(plan, year, round, reports, &units)
            .overall
            .score
    };
    Rounds {
        six_months: score(Round::SixMonths),
        twelve_months: score(Round::TwelveMonths),
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One LAO's figures for `fiscal_year` (BE) as of `today`, from its own
/// records.
pub async fn compute_figures(
    store: &dyn Store,
    organization_id: &str,
    fiscal_year: u16,
    today: Date,
) -> Result<Figures> {
    let year = FiscalYear(fiscal_year);
    let mut published = Published::default();
    let mut internal = Internal::default();

    // The plan: scores, late reports and KPIs.
    let plan = store
        .current_plan(organization_id)
        .await?
        .map(|(_, report)| report.plan)
        .filter(|plan| {
            (plan.period.first_fiscal_year..=plan.period.last_fiscal_year).contains(&fiscal_year)
        });
    let has_plan = plan.is_some();
    if let Some(plan) = &plan {
        let reports = store.quarter_reports(organization_id, fiscal_year).await?;
        let public: Vec<QuarterReport> = reports
            .iter()
            .filter(|r| r.review == ReviewState::Published)
            .cloned()
            .collect();
        let sent_reports: Vec<QuarterReport> =
            reports.iter().filter(|r| sent(r)).cloned().collect();
        published.score = rounds(plan, fiscal_year, &public);
        internal.score = rounds(plan, fiscal_year, &sent_reports);

        let review: HashMap<ReportKey, ReviewState> =
            reports.iter().map(|r| (r.key(), r.review)).collect();
        for item in scores::items_of_year(plan, fiscal_year) {
            let item_ref = item.item_ref();
            for quarter in scores::planned_quarters(plan, item_ref, fiscal_year) {
                let key = ReportKey {
                    item: item_ref,
                    fiscal_year,
                    quarter,
                };
                if Deadline::of(today, &key, review.get(&key).copied()) == Deadline::Late {
                    internal.late_reports += 1;
                }
            }
            if today >= year.first_day() {
                for line in measure_item(store, organization_id, item, fiscal_year, today).await? {
                    if let Some(m) = line.measurement {
                        internal.kpis_measured += 1;
                        internal.kpis_met += u32::from(m.met);
                    }
                }
            }
        }
    }

    // The information centre.
    if let Some(catalogue) = store.disclosure_catalogue(organization_id, year).await? {
        let records = store.disclosure_records(organization_id, year).await?;
        let figure = readiness(&catalogue, &records_of(&records), today);
        published.oit_due = figure.due_so_far;
        published.oit_on_time = figure.published_on_time;
        published.oit_late = figure.published_late;
    }

    // The public calendar.
    published.activities = count(
        store
            .activities(organization_id, fiscal_year, None)
            .await?
            .iter()
            .filter(|a| a.published)
            .count(),
    );

    // The general channel only.
    let complaints = store
        .general_complaint_counts(organization_id, year, today)
        .await?;
    published.complaints_received = complaints.received;
    published.complaints_closed = complaints.closed;
    published.complaints_closed_on_time = complaints.closed_on_time;
    internal.complaints_overdue = complaints.overdue;

    // The risk register, by residual level (the inherent one when no
    // residual score was given), each entry against the matrix it was
    // scored with.
    let entries = store.risk_entries(organization_id, fiscal_year).await?;
    let mut matrices: HashMap<u32, RiskMatrix> = HashMap::new();
    for entry in &entries {
        internal.risks += 1;
        let matrix = match matrices.entry(entry.matrix_version) {
            std::collections::hash_map::Entry::Occupied(found) => found.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => slot.insert(
                store
                    .risk_matrix_version(organization_id, entry.matrix_version)
                    .await?
                    .unwrap_or_else(RiskMatrix::default_5x5),
            ),
        };
        let Some(level) = entry
            .input
            .residual
            .or(entry.input.inherent)
            .and_then(|s| matrix.level(s))
        else {
            continue;
        };
        if matrix.level_named("สูงมาก") == Some(level) {
            internal.risks_very_high += 1;
        } else if matrix.level_named("สูง") == Some(level) {
            internal.risks_high += 1;
        }
    }

    Ok(Figures {
        fiscal_year,
        has_plan,
        published,
        internal,
        computed_at: time::OffsetDateTime::now_utc(),
    })
}

/// The mark the figures of `fiscal_year` would be computed from today.
async fn source_mark(
    store: &dyn Store,
    organization_id: &str,
    fiscal_year: u16,
    today: Date,
) -> Result<String> {
    let changes = store.change_mark(organization_id).await?;
    let text = format!("{RULES_VERSION}|{fiscal_year}|{today}|{changes}");
    Ok(hex::encode(Sha256::digest(text.as_bytes())))
}

/// Computes and stores one LAO's figures for a year unless the stored ones
/// carry the same source mark. True when they were computed.
pub async fn refresh_figures(
    store: &dyn Store,
    organization_id: &str,
    fiscal_year: u16,
    clock: Clock,
) -> Result<bool> {
    let today = clock.today();
    let mark = source_mark(store, organization_id, fiscal_year, today).await?;
    if let Some((_, stored)) = store.figures(organization_id, fiscal_year).await?
        && stored == mark
    {
        return Ok(false);
    }
    let figures = compute_figures(store, organization_id, fiscal_year, today).await?;
    store.save_figures(organization_id, &figures, &mark).await?;
    Ok(true)
}

async fn refresh_one(
    store: &dyn Store,
    organization_id: &str,
    fiscal_years: &[u16],
    clock: Clock,
) -> Result<Refreshed> {
    let mut done = Refreshed::default();
    for &year in fiscal_years {
        if refresh_figures(store, organization_id, year, clock).await? {
            done.computed += 1;
        } else {
            done.unchanged += 1;
        }
    }
    Ok(done)
}

/// Refreshes the figures of every LAO in the directory for `fiscal_years`,
/// [`REFRESH_CONCURRENCY`] LAOs at a time. Counts are per LAO and year.
pub async fn refresh_all(
    store: &dyn Store,
    fiscal_years: &[u16],
    clock: Clock,
) -> Result<Refreshed> {
    let laos = store.directory_laos(&OversightScope::National).await?;
    let mut done = Refreshed::default();
    for pair in laos.chunks(REFRESH_CONCURRENCY) {
        let results = match pair {
            [a, b] => {
                let (x, y) = tokio::join!(
                    refresh_one(store, &a.organization.id, fiscal_years, clock),
                    refresh_one(store, &b.organization.id, fiscal_years, clock),
                );
                vec![x, y]
            }
            _ => {
                let mut results = Vec::new();
                for lao in pair {
                    results
                        .push(refresh_one(store, &lao.organization.id, fiscal_years, clock).await);
                }
                results
            }
        };
        // One LAO that fails (every time, say) must not keep the LAOs
        // after it from being refreshed.
        for (lao, result) in pair.iter().zip(results) {
            match result {
                Ok(refreshed) => done.add(refreshed),
                Err(error) => {
                    tracing::warn!(organization = %lao.organization.id, %error,
                        "an LAO's figures could not be computed");
                    done.failed += 1;
                }
            }
        }
    }
    Ok(done)
}

/// The fiscal years the server keeps fresh: the current one and the one
/// before (whose 12-month round is reported after it ends).
pub fn kept_years(today: Date) -> [u16; 2] {
    let current = FiscalYear::of(today).be();
    [current, current - 1]
}

/// The server's task: refreshes [`kept_years`] now and then every `every`.
pub async fn refresh_forever(
    store: std::sync::Arc<dyn Store>,
    every: std::time::Duration,
    clock: Clock,
) {
    loop {
        let started = std::time::Instant::now();
        match refresh_all(store.as_ref(), &kept_years(clock.today()), clock).await {
            Ok(done) => tracing::info!(
                computed = done.computed,
                unchanged = done.unchanged,
                seconds = started.elapsed().as_secs_f64(),
                "LAO figures refreshed"
            ),
            Err(e) => tracing::warn!(error = %e, "refreshing the LAO figures failed"),
        }
        tokio::time::sleep(every).await;
    }
}
