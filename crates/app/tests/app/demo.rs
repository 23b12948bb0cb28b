//! `serve --demo` runs a fiscal year of activities, publicity and surveys:
//! after two starts on one database the demo organisation holds each record
//! once, the surveys have the answers the demo files, and the KPIs of its
//! items are measured from those records.

use crate::support::Server;
use sujarit_core::activity::{ActivityKind, RosterKind};
use sujarit_core::survey::{Phase, Results, Survey, SurveyKind};
use sujarit_core::{FiscalYear, ItemRef};
use sujarit_service::Clock;
use sujarit_store::Store;
use sujarit_testkit::{remove_sqlite, temp_sqlite};

fn item(dimension: u8, no: u32) -> ItemRef {
    ItemRef { dimension, no }
}

/// Starts `serve --demo` on the database (which runs the demo's `ensure`
/// before the address line) and stops it.
fn start_demo(url: &str) {
    let server = Server::start(url, &["--demo", "--link-check-hours", "0"]);
    drop(server);
}

/// One KPI as measured: (source, chosen, value, met).
type Kpi = (String, bool, Option<f64>, Option<bool>);

/// What the demo holds for the current fiscal year, as a test reads it.
#[derive(Debug, PartialEq)]
struct Seen {
    /// (kind, entries) of each roster, sorted.
    rosters: Vec<(RosterKind, usize)>,
    /// (item, kind, sessions, planned, participants, published), sorted.
    activities: Vec<(String, ActivityKind, usize, u32, u32, bool)>,
    /// Activities held by today / after today.
    held: usize,
    upcoming: usize,
    /// Publicity lines per item ("1.9" → 6).
    publicity: Vec<(String, usize)>,
    /// (kind, phase, item, linked to the 1.1 training, answers), sorted.
    surveys: Vec<(SurveyKind, Phase, Option<String>, bool, u64)>,
    /// The service survey's share of 4–5 ratings and mean; the training
    /// survey's share; the pre- and post-test's pass shares.
    service: (f64, f64),
    training: f64,
    tests: (f64, f64),
    /// Each measured item: its KPIs' (source, chosen, value, met).
    kpis: Vec<(String, Vec<Kpi>)>,
}

/// The results of the one survey of that kind and phase (linked to an
/// activity or not).
async fn results(
    store: &dyn Store,
    org: &str,
    list: &[Survey],
    kind: SurveyKind,
    phase: Phase,
    linked: bool,
) -> Results {
    let found: Vec<&Survey> = list
        .iter()
        .filter(|s| {
            s.input.kind == kind && s.input.phase == phase && s.input.activity.is_some() == linked
        })
        .collect();
    assert_eq!(found.len(), 1, "one {kind:?} {phase:?} survey");
    store
        .survey_tallies(org, &found[0].id)
        .await
        .unwrap()
        .results(&found[0].input)
}

async fn seen(url: &str) -> Seen {
    let (store, org) = crate::support::demo_store(url).await;
    let today = Clock::System.today();
    let fy = FiscalYear::of(today).be();

    let mut rosters: Vec<(RosterKind, usize)> = store
        .rosters(&org)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.kind, r.entries.len()))
        .collect();
    rosters.sort();

    let all = store.activities(&org, fy, None).await.unwrap();
    let training = all
        .iter()
        .find(|a| a.input.item == item(1, 1))
        .expect("the 1.1 training");
    let mut activities: Vec<_> = all
        .iter()
        .map(|a| {
            (
                a.input.item.to_string(),
                a.input.kind,
                a.input.sessions.len(),
                a.input.planned_total(),
                a.participants(&[]),
                a.published,
            )
        })
        .collect();
    activities.sort();
    // Upcoming: people are expected, nobody was counted yet.
    let is_upcoming = |a: &sujarit_core::activity::Activity| {
        !a.input.groups.is_empty() && a.input.groups.iter().all(|g| g.actual.is_none())
    };
    let upcoming: Vec<_> = all.iter().filter(|a| is_upcoming(a)).collect();
    for a in &upcoming {
        assert!(
            a.input.sessions.iter().all(|s| s.date >= today),
            "an upcoming activity is ahead: {:?}",
            a.input
        );
    }
    let held = all
        .iter()
        .filter(|a| !is_upcoming(a) && a.input.sessions.iter().all(|s| s.date <= today))
        .count();
    let upcoming = upcoming.len();

    let mut publicity: Vec<(String, usize)> = Vec::new();
    for entry in store.publicity(&org, fy).await.unwrap() {
        assert!(entry.date <= today, "publicity is in the past: {entry:?}");
        let key = entry.item.map(|i| i.to_string()).unwrap_or_default();
        match publicity.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => publicity.push((key, 1)),
        }
    }
    publicity.sort();

    let list = store.surveys(&org, Some(fy)).await.unwrap();
    let mut surveys: Vec<_> = list
        .iter()
        .map(|s| {
            (
                s.input.kind,
                s.input.phase,
                s.input.item.map(|i| i.to_string()),
                s.input.activity.as_deref() == Some(training.id.as_str()),
                s.responses,
            )
        })
        .collect();
    surveys.sort_by_key(|s| (s.0.code(), s.1.code(), s.2.clone(), s.3, s.4));
    let service = results(
        store.as_ref(),
        &org,
        &list,
        SurveyKind::Satisfaction,
        Phase::Single,
        false,
    )
    .await;
    let training_results = results(
        store.as_ref(),
        &org,
        &list,
        SurveyKind::Satisfaction,
        Phase::Single,
        true,
    )
    .await;
    let pre = results(
        store.as_ref(),
        &org,
        &list,
        SurveyKind::Test,
        Phase::Pre,
        true,
    )
    .await;
    let post = results(
        store.as_ref(),
        &org,
        &list,
        SurveyKind::Test,
        Phase::Post,
        true,
    )
    .await;

    let (_, report) = store.current_plan(&org).await.unwrap().unwrap();
    let mut kpis = Vec::new();
    for r in [
        item(1, 1),
        item(1, 2),
        item(1, 3),
        item(1, 5),
        item(1, 9),
        item(1, 10),
        item(2, 14),
    ] {
        let plan_item = report.plan.item(r).unwrap();
        let lines =
            sujarit_service::activities::measure_item(store.as_ref(), &org, plan_item, fy, today)
                .await
                .unwrap();
        kpis.push((
            r.to_string(),
            lines
                .iter()
                .map(|l| {
                    (
                        l.source.code().to_string(),
                        l.chosen,
                        l.measurement.as_ref().map(|m| m.value),
                        l.measurement.as_ref().map(|m| m.met),
                    )
                })
                .collect(),
        ));
    }

    Seen {
        rosters,
        activities,
        held,
        upcoming,
        publicity,
        surveys,
        service: (service.satisfied_share.unwrap(), service.mean.unwrap()),
        training: training_results.satisfied_share.unwrap(),
        tests: (pre.pass_share.unwrap(), post.pass_share.unwrap()),
        kpis,
    }
}

#[test]
fn the_demo_runs_a_fiscal_year_of_activities_and_surveys_once() {
    let (url, path) = temp_sqlite();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    start_demo(&url);
    let first = runtime.block_on(seen(&url));

    use ActivityKind::*;
    use RosterKind::*;
    assert_eq!(
        first.rosters,
        [
            (Communities, 8),
            (Schools, 4),
            (YouthCouncil, 9),
            (CouncilMembers, 24)
        ],
        "communities, schools, the youth council and the council"
    );
    let a = |item: &str, kind, sessions, planned, actual, published| {
        (item.to_string(), kind, sessions, planned, actual, published)
    };
    assert_eq!(
        first.activities,
        [
            a("1.1", Training, 2, 100, 90, true),
            a("1.10", Ceremony, 1, 80, 76, true),
            a("1.5", Publicity, 3, 0, 0, true),
            a("1.9", Campaign, 1, 150, 138, true),
            a("1.9", Campaign, 1, 150, 142, true),
            a("1.9", Campaign, 1, 150, 147, false),
            a("1.9", Campaign, 1, 150, 155, true),
            a("1.9", Campaign, 3, 320, 301, true),
            a("3.1", Forum, 1, 210, 185, true),
            a("4.4", Training, 1, 24, 0, true),
        ],
    );
    assert_eq!(
        (first.held, first.upcoming),
        (9, 1),
        "nine held by today, the council training ahead"
    );
    assert_eq!(
        first.publicity,
        [
            ("1.2".to_string(), 3),
            ("1.3".to_string(), 3),
            ("1.9".to_string(), 6)
        ]
    );
    let s = |kind, phase, item: &str, linked, answers| {
        (kind, phase, Some(item.to_string()), linked, answers)
    };
    assert_eq!(
        first.surveys,
        [
            s(SurveyKind::Satisfaction, Phase::Single, "1.1", true, 30),
            s(SurveyKind::Satisfaction, Phase::Single, "2.14", false, 40),
            s(SurveyKind::Test, Phase::Post, "1.1", true, 25),
            s(SurveyKind::Test, Phase::Pre, "1.1", true, 25),
        ],
        "the counter survey, and the training's satisfaction survey and pre/post tests"
    );
    assert_eq!(first.service, (86.0, 4.31));
    assert_eq!(first.training, 92.5);
    assert_eq!(first.tests, (40.0, 88.0), "the post-test is clearly better");

    let kpi = |source: &str, value: Option<f64>, met: Option<bool>| -> Kpi {
        (source.to_string(), true, value, met)
    };
    let kpis = |item: &str| {
        first
            .kpis
            .iter()
            .find(|(i, _)| i == item)
            .map(|(_, lines)| lines.clone())
            .unwrap()
    };
    assert_eq!(
        kpis("1.1"),
        [
            kpi("sessions", Some(2.0), Some(true)),
            kpi("test_passing", Some(88.0), Some(true)),
        ],
        "two training sessions, 88% passed the post-test"
    );
    assert_eq!(
        kpis("1.2")[0],
        kpi("distinct_channels", Some(3.0), Some(false))
    );
    assert_eq!(
        kpis("1.3")[0],
        kpi("distinct_channels", Some(3.0), Some(true))
    );
    assert_eq!(kpis("1.5"), [kpi("distinct_topics", Some(6.0), Some(true))]);
    assert_eq!(
        kpis("1.9")[..2],
        [
            kpi("distinct_channels", Some(5.0), Some(true)),
            kpi("distinct_venues", Some(5.0), Some(true)),
        ]
    );
    assert_eq!(
        kpis("1.10"),
        [kpi("roster_coverage", Some(100.0), Some(true))]
    );
    assert_eq!(
        kpis("2.14"),
        [kpi("survey_satisfied", Some(86.0), Some(true))]
    );

    // A second start finds everything and adds nothing.
    start_demo(&url);
    let second = runtime.block_on(seen(&url));
    assert_eq!(second, first);
    remove_sqlite(&path);
}

/// The demo's complaints (issue 13): general complaints in every state of
/// the workflow over the last month, two corruption reports for the
/// integrity officer, the statistics not empty; each once after two starts.
#[test]
fn the_demo_has_complaints_in_every_state_once() {
    use sujarit_core::complaint::{CaseState, Channel};
    let (url, path) = temp_sqlite();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    start_demo(&url);
    start_demo(&url);
    runtime.block_on(async {
        let (store, org) = crate::support::demo_store(&url).await;
        let all = store.complaints(&org, &Default::default()).await.unwrap();
        let general: Vec<_> = all
            .iter()
            .filter(|c| c.channel == Channel::General)
            .collect();
        let corruption = all.len() - general.len();
        assert_eq!((general.len(), corruption), (11, 2), "filed once");
        let mut states: Vec<CaseState> = general.iter().map(|c| c.state).collect();
        states.sort_by_key(|s| s.as_str());
        states.dedup();
        let mut expected = vec![
            CaseState::Received,
            CaseState::Incomplete,
            CaseState::Forwarded,
            CaseState::Accepted,
            CaseState::Assigned,
            CaseState::InProgress,
            CaseState::Resolved,
            CaseState::Closed,
        ];
        expected.sort_by_key(|s| s.as_str());
        assert_eq!(states, expected, "every state of the general workflow");
        let today = Clock::System.today();
        let oldest = general.iter().map(|c| c.received_at).min().unwrap();
        let days = (time::OffsetDateTime::now_utc() - oldest).whole_days();
        assert!((29..=31).contains(&days), "about a month: {days} days");
        assert!(
            general.iter().any(|c| c.unit_id.is_some()),
            "some assigned to a unit"
        );
        let statistics = store
            .complaint_statistics(&org, FiscalYear::of(today), Some(Channel::General), today)
            .await
            .unwrap();
        let received: u32 = statistics
            .general
            .unwrap()
            .months
            .iter()
            .map(|m| m.received)
            .sum();
        assert!(received > 0, "the statistics are not empty");
        let satisfaction = store
            .satisfaction(&org, FiscalYear::of(today), Some(Channel::General))
            .await
            .unwrap();
        assert!(satisfaction.answers > 0, "closed cases were rated");
    });
    remove_sqlite(&path);
}

#[test]
fn the_demo_has_a_gift_register_once_and_its_report_is_published() {
    use sujarit_core::integrity::gift::GiftDecision;
    let (url, path) = temp_sqlite();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    start_demo(&url);
    start_demo(&url);
    runtime.block_on(async {
        let (store, org) = crate::support::demo_store(&url).await;
        let current = FiscalYear::of(Clock::System.today());
        let last = FiscalYear(current.be() - 1);
        for (year, nil_returns) in [(current, 3), (last, 6)] {
            let declarations = store
                .gift_declarations(&org, Some(year), sujarit_store::GiftScope::All)
                .await
                .unwrap();
            assert_eq!(declarations.len(), 3, "declared once");
            assert!(declarations.iter().all(|d| d.review.is_some()), "decided");
            let mut outcomes: Vec<GiftDecision> =
                declarations.iter().map(|d| d.outcome()).collect();
            outcomes.sort();
            assert_eq!(
                outcomes,
                [
                    GiftDecision::Returned,
                    GiftDecision::HandedOver,
                    GiftDecision::KeptWithinLimit
                ]
            );
            assert_eq!(declarations.iter().filter(|d| d.over_limit()).count(), 1);
            let nil = store.nil_returns(&org, year, None).await.unwrap();
            assert_eq!(nil.len(), nil_returns);
        }
        assert_eq!(store.unit_heads(&org).await.unwrap().len(), 1);
        // Last year's generated items of the gift report (OIT O22, plan
        // 2.4-1; this year's open after the six-month round and the year's
        // end) are published.
        let year = last;
        let records = store.disclosure_records(&org, year).await.unwrap();
        let catalogue = store
            .disclosure_catalogue(&org, year)
            .await
            .unwrap()
            .expect("the demo's catalogue");
        let gift_items: Vec<&str> = catalogue
            .items
            .iter()
            .filter(|i| {
                i.generated_source == Some(sujarit_core::disclosure::GeneratedSource::GiftReport)
            })
            .map(|i| i.code.as_str())
            .collect();
        assert!(
            !gift_items.is_empty(),
            "the catalogue links the gift report"
        );
        for code in gift_items {
            assert!(
                records
                    .iter()
                    .any(|r| r.code == code && r.current.is_some()),
                "{code} published"
            );
        }
    });
    remove_sqlite(&path);
}
