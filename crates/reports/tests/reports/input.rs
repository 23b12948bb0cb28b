//! What goes into the reports: bad requests, which progress counts, the score,
//! and the data the typst templates get (snapshots, which also document it).

use crate::support::{ORGANIZATION, YEAR, input, progress, seed_plan};
use sujarit_core::progress::{ProgressStatus, ReviewState, Round, Score};
use sujarit_reports::model::{Report, build};
use sujarit_reports::{Format, ProgressFilter, ReportError, ReportKind, render};

fn monitoring(round: Round, include: ProgressFilter) -> sujarit_reports::model::MonitoringReport {
    match build(ReportKind::Monitoring, &input(Some(round), include)).unwrap() {
        Report::Monitoring(m) => m,
        other => panic!("expected a monitoring report, got {other:?}"),
    }
}

/// The score worked out here from the raw reports, not by the crate's code path.
fn expected_score(round: Round, include: ProgressFilter) -> Score {
    let last = match round {
        Round::SixMonths => 2,
        Round::TwelveMonths => 4,
    };
    let admitted = |state: ReviewState| match include {
        ProgressFilter::Published => state == ReviewState::Published,
        ProgressFilter::Approved => {
            state == ReviewState::Approved || state == ReviewState::Published
        }
        ProgressFilter::All => true,
    };
    let reports = progress();
    let mut score = Score::default();
    for item in seed_plan().items() {
        let latest = reports
            .iter()
            .filter(|p| p.item == item.item_ref() && p.fiscal_year == YEAR)
            .filter(|p| admitted(p.review) && p.quarter.number() <= last)
            .max_by_key(|p| p.quarter);
        score.add(latest.map(|p| &p.status));
    }
    score
}

#[test]
fn the_score_matches_one_computed_independently() {
    for round in [Round::SixMonths, Round::TwelveMonths] {
        for include in [
            ProgressFilter::Published,
            ProgressFilter::Approved,
            ProgressFilter::All,
        ] {
            let report = monitoring(round, include);
            let expected = expected_score(round, include);
            let s = &report.score;
            assert_eq!(
                (
                    s.items,
                    s.completed,
                    s.in_progress,
                    s.not_done,
                    s.not_reported
                ),
                (
                    expected.items,
                    expected.completed,
                    expected.in_progress,
                    expected.not_done,
                    expected.not_reported
                ),
                "{round:?} {include:?}"
            );
            // The E-PlanNACC formula, in floating point, rounded to two places.
            let formula = (f64::from(expected.completed) + 0.5 * f64::from(expected.in_progress))
                / f64::from(expected.items)
                * 100.0;
            assert_eq!(s.percent, format!("{formula:.2}"), "{round:?} {include:?}");
            // The dimensions add up to the whole plan.
            let items: u32 = report.dimensions.iter().map(|d| d.score.items).sum();
            let completed: u32 = report.dimensions.iter().map(|d| d.score.completed).sum();
            assert_eq!((items, completed), (s.items, s.completed));
        }
    }
    // The filter and the round matter: the case numbers are the hand-made progress.
    let six_approved = monitoring(Round::SixMonths, ProgressFilter::Approved).score;
    assert_eq!(
        (
            six_approved.items,
            six_approved.completed,
            six_approved.in_progress
        ),
        (47, 7, 1)
    );
    assert_eq!(six_approved.percent, "15.96");
    assert_eq!(
        monitoring(Round::SixMonths, ProgressFilter::Published)
            .score
            .completed,
        6
    );
    assert_eq!(
        monitoring(Round::SixMonths, ProgressFilter::All)
            .score
            .completed,
        8
    );
    assert_eq!(
        monitoring(Round::TwelveMonths, ProgressFilter::Approved)
            .score
            .completed,
        8
    );
}

#[test]
fn an_item_takes_its_latest_admitted_report_in_the_round() {
    let report = monitoring(Round::SixMonths, ProgressFilter::Published);
    let item = |code: &str| {
        report
            .dimensions
            .iter()
            .flat_map(|d| &d.items)
            .find(|i| i.code == code)
            .unwrap()
            .clone()
    };
    // Q2 of 1.1 is only approved: the public report still shows Q1.
    let one_one = item("1.1");
    assert_eq!((one_one.status, one_one.quarter), ("in_progress", Some(1)));
    assert!(one_one.kpis.iter().all(|k| k.actual.is_none()));
    let approved = monitoring(Round::SixMonths, ProgressFilter::Approved);
    let one_one = approved.dimensions[0].items[0].clone();
    assert_eq!((one_one.status, one_one.quarter), ("completed", Some(2)));
    assert_eq!(
        one_one.kpis.iter().map(|k| k.met).collect::<Vec<_>>()[..2],
        [Some(false), Some(true)]
    );
    assert_eq!(
        item("1.3").status_label,
        ProgressStatus::NotDone {
            reason: sujarit_core::progress::NotDoneReason::NoBudget
        }
        .thai()
    );
    assert_eq!(item("2.1").status, "not_reported");
    // Budget totals are the sums of the items.
    let planned: i64 = approved
        .dimensions
        .iter()
        .flat_map(|d| &d.items)
        .map(|i| i.planned.0.satang())
        .sum();
    assert_eq!(approved.budget.planned.0.satang(), planned);
    assert_eq!(planned, seed_plan().budget_for_year(YEAR).satang());
}

#[test]
fn bad_requests_get_thai_messages() {
    let no_round = input(None, ProgressFilter::Approved);
    for format in Format::ALL {
        let err = render(ReportKind::Monitoring, format, &no_round).unwrap_err();
        assert!(matches!(err, ReportError::RoundRequired));
        assert!(err.to_string().contains("ต้องระบุรอบการรายงาน"), "{err}");
    }
    let mut outside = input(Some(Round::SixMonths), ProgressFilter::Approved);
    outside.fiscal_year = 2571;
    for kind in ReportKind::ALL {
        let err = render(kind, Format::Csv, &outside).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ปีงบประมาณ 2571 อยู่นอกช่วงของแผน (พ.ศ. 2566–2570)"
        );
    }
    // The other reports need no round.
    let csv = render(ReportKind::Schedule, Format::Csv, &no_round).unwrap();
    assert!(!csv.is_empty());
}

#[test]
fn schedule_comes_from_the_yearly_table() {
    let Report::Schedule(s) =
        build(ReportKind::Schedule, &input(None, ProgressFilter::All)).unwrap()
    else {
        panic!("schedule")
    };
    let table = seed_plan()
        .schedules
        .iter()
        .find(|t| t.fiscal_year == YEAR)
        .unwrap();
    assert_eq!(s.rows.len(), table.rows.len());
    assert!(!s.from_part2);
    assert_eq!(
        s.total_budget.0,
        table
            .rows
            .iter()
            .map(|r| r.budget)
            .sum::<sujarit_core::Baht>()
    );
    let ticks: Vec<u32> = (1..=4u8)
        .map(|q| {
            table
                .rows
                .iter()
                .filter(|r| r.quarters.contains(&q))
                .count() as u32
        })
        .collect();
    assert_eq!(s.quarter_counts.to_vec(), ticks);
    assert!(s.header.title.contains(ORGANIZATION) && s.header.title.contains("2568"));
    // Thai time: 03:15 UTC is 10:15 in Thailand.
    assert_eq!(s.header.generated, "3 เมษายน 2568 เวลา 10:15 น.");

    // Without a yearly table the rows come from Part 2, with no quarter ticked.
    let mut no_table = input(None, ProgressFilter::All);
    no_table.plan.schedules.clear();
    let Report::Schedule(s) = build(ReportKind::Schedule, &no_table).unwrap() else {
        panic!("schedule")
    };
    assert!(s.from_part2);
    assert_eq!(s.rows.len(), 47);
    assert_eq!(s.quarter_counts, [0; 4]);
    assert_eq!(s.total_budget.0, seed_plan().budget_for_year(YEAR));
}

#[test]
fn template_data_snapshots() {
    let mut settings = insta::Settings::clone_current();
    settings.set_sort_maps(false);
    settings.bind(|| {
        let schedule = build(ReportKind::Schedule, &input(None, ProgressFilter::Approved)).unwrap();
        insta::assert_json_snapshot!("schedule_model", schedule);
        let summary = build(ReportKind::Summary, &input(None, ProgressFilter::Approved)).unwrap();
        insta::assert_json_snapshot!("summary_model", summary);
        // The monitoring report of dimensions 1 and 4 only, to keep it readable.
        let mut small = input(Some(Round::SixMonths), ProgressFilter::Approved);
        small.plan.dimensions.retain(|d| d.no == 1 || d.no == 4);
        small.plan.dimensions[0].missions.truncate(1);
        small.plan.dimensions[0].missions[0].items.truncate(3);
        let monitoring = build(ReportKind::Monitoring, &small).unwrap();
        insta::assert_json_snapshot!("monitoring_model", monitoring);
    });
}
