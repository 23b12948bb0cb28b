//! Issue 15: each LAO's figures computed from its own records
//! (`sujarit_service::oversight`), on both databases, over the demo's real
//! plan, activities, disclosures, complaints and risks; and the
//! `sujarit oversight refresh` command.

use crate::support::{Server, demo_store, sujarit};
use sujarit_core::ItemRef;
use sujarit_core::complaint::Channel;
use sujarit_core::directory::{DirectoryEntry, OrganizationKind, OversightScope};
use sujarit_core::fiscal::{FiscalYear, Quarter};
use sujarit_core::progress::{ProgressStatus, QuarterReport, ReportKey, ReviewAction};
use sujarit_service::Clock;
use sujarit_service::oversight::{compute_figures, refresh_all, refresh_figures};
use sujarit_testkit::postgres::{TempPostgres, postgres_url};
use sujarit_testkit::temp_sqlite;

fn seed_demo(url: &str) {
    let server = Server::start(
        url,
        &[
            "--demo",
            "--link-check-hours",
            "0",
            "--oversight-refresh-minutes",
            "0",
        ],
    );
    drop(server);
}

fn entry() -> DirectoryEntry {
    DirectoryEntry {
        kind: OrganizationKind::CityMunicipality,
        province_code: Some("80".into()),
        district_code: Some("8001".into()),
        sub_district_code: Some("800101".into()),
        official_code: None,
    }
}

async fn figures_count_what_they_should(url: &str) {
    let (store, org) = demo_store(url).await;
    let store = store.as_ref();
    let today = Clock::System.today();
    let year = FiscalYear::of(today).be();
    // The demo placed its LAO (and its siblings) in the directory; an
    // organisation outside the directory is never refreshed.
    let e = entry();
    e.check().unwrap();
    assert_eq!(store.directory_entry(&org).await.unwrap(), Some(e));
    store
        .ensure_organization("outside", "องค์กรนอกทะเบียน")
        .await
        .unwrap();
    let laos = store
        .directory_laos(&OversightScope::National)
        .await
        .unwrap()
        .len();
    let first = refresh_all(store, &[year], Clock::System).await.unwrap();
    assert_eq!(first.computed + first.unchanged, laos);
    assert_eq!(first.failed, 0);

    let before = compute_figures(store, &org, year, today).await.unwrap();
    assert!(before.has_plan, "the demo plan covers {year}");
    let six = before.published.score.six_months;
    assert!(six.items > 0, "the year counts the plan's items");
    assert_eq!(
        six.completed + six.in_progress + six.not_done,
        0,
        "no progress yet"
    );
    assert_eq!(before.published.score, before.internal.score);
    assert!(
        before.published.activities > 0,
        "the demo's published activities"
    );
    assert!(before.published.oit_on_time + before.published.oit_late <= before.published.oit_due);
    assert!(before.internal.risks > 0, "the demo's risk register");
    assert!(
        before.internal.kpis_measured > 0,
        "KPIs measured from activities and surveys"
    );
    assert!(before.internal.kpis_met <= before.internal.kpis_measured);

    // Complaints: the general channel only, as the public statistics count it.
    let stats = store
        .complaint_statistics(&org, FiscalYear(year), Some(Channel::General), today)
        .await
        .unwrap();
    let general: u32 = stats
        .general
        .as_ref()
        .map(|g| g.months.iter().map(|m| m.received).sum())
        .unwrap_or(0);
    assert!(general > 0, "the demo has general complaints this year");
    assert_eq!(before.published.complaints_received, general);
    let closed: u32 = stats
        .general
        .as_ref()
        .map(|g| g.months.iter().map(|m| m.completed).sum())
        .unwrap_or(0);
    assert_eq!(before.published.complaints_closed, closed);
    assert!(before.published.complaints_closed_on_time <= closed);

    // Just refreshed: nothing moved since, so nothing is computed again.
    assert!(
        !refresh_figures(store, &org, year, Clock::System)
            .await
            .unwrap()
    );
    let again = refresh_all(store, &[year], Clock::System).await.unwrap();
    assert_eq!((again.computed, again.unchanged), (0, laos));

    // One report sent: the internal score moves, the published one not.
    let key = ReportKey {
        item: ItemRef {
            dimension: 1,
            no: 1,
        },
        fiscal_year: year,
        quarter: Quarter::Q1,
    };
    let mut report = QuarterReport::new(key);
    report.status = ProgressStatus::Completed;
    report.narrative = "จัดอบรมแล้ว".into();
    store
        .save_quarter_report(&org, &report, 0, "officer", true)
        .await
        .unwrap();
    let sent = compute_figures(store, &org, year, today).await.unwrap();
    assert_eq!(sent.internal.score.six_months.completed, 1);
    assert_eq!(sent.published.score, before.published.score);
    // Published: the public score counts it too, and a refresh sees it.
    for action in [ReviewAction::Approve, ReviewAction::Publish] {
        store
            .review_quarter_report(&org, key, action, None, "coordinator")
            .await
            .unwrap();
    }
    let after = refresh_all(store, &[year], Clock::System).await.unwrap();
    assert_eq!((after.computed, after.unchanged), (1, laos - 1));
    let (stored, _) = store.figures(&org, year).await.unwrap().unwrap();
    assert_eq!(stored.published.score.six_months.completed, 1);
    assert_eq!(stored.published.score.twelve_months.completed, 1);
    assert_eq!(
        stored.published.complaints_received,
        before.published.complaints_received
    );
    // A year the plan does not cover has no plan and no score.
    let outside = compute_figures(store, &org, 2599, today).await.unwrap();
    assert!(!outside.has_plan);
    assert_eq!(outside.published.score.six_months.items, 0);
}

#[test]
fn figures_count_the_demo_lao_on_sqlite() {
    let (url, _) = temp_sqlite();
    seed_demo(&url);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(figures_count_what_they_should(&url));
    // The command prints what it did; a bad year is refused in Thai.
    let out = sujarit(&["--database", &url, "oversight", "refresh"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    // The demo's nine LAOs (its own and eight siblings) × this year and the
    // last: each LAO-year is either computed again or unchanged.
    let number_after = |label: &str| -> usize {
        let rest = &text[text.find(label).unwrap_or_else(|| panic!("{text}")) + label.len()..];
        rest.trim_start()
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{text}"))
    };
    assert_eq!(
        number_after("คำนวณใหม่") + number_after("ไม่เปลี่ยนแปลง"),
        9 * 2,
        "{text}"
    );
    let out = sujarit(&[
        "--database",
        &url,
        "oversight",
        "refresh",
        "--fiscal-year",
        "69",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--fiscal-year"));
}

#[test]
fn figures_count_the_demo_lao_on_postgres() {
    let Some(server) = postgres_url() else { return };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime.block_on(TempPostgres::create(&server));
    seed_demo(&db.url);
    runtime.block_on(figures_count_what_they_should(&db.url));
    runtime.block_on(db.drop_database());
}

/// The national data set's generator, small: 20 LAOs, each with the demo
/// plan under its own plan id, five years of progress, about 2,000 general
/// complaints, and their figures. SQLite is refused in Thai.
#[test]
fn the_national_generator_makes_a_small_nation_on_postgres() {
    let (sqlite, _) = temp_sqlite();
    let out = sujarit(&[
        "--database",
        &sqlite,
        "demo",
        "national",
        "--organizations",
        "5",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PostgreSQL"));

    let Some(server) = postgres_url() else { return };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime.block_on(TempPostgres::create(&server));
    let dir = sujarit_testkit::TempDir::new("national");
    let key = dir.path().join("sujarit.key");
    let out = sujarit(&[
        "--database",
        &db.url,
        "demo",
        "national",
        "--organizations",
        "20",
        "--complaints",
        "2000",
        "--key-file",
        key.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("สร้าง อปท. ใหม่ 19 แห่ง"), "{text}");
    assert!(text.contains("ขนาดฐานข้อมูล"), "{text}");
    runtime.block_on(async {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
        let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);
        let laos = count(
            "SELECT COUNT(*) FROM organization_directory \
             WHERE kind NOT IN ('provincial_office', 'national_office')",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        assert_eq!(laos, 20);
        let plans = count("SELECT COUNT(DISTINCT plan_id) FROM plans WHERE is_current")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(plans, 20, "each LAO its own current plan id");
        let items = count("SELECT COUNT(*) FROM items")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(items, 20 * 47, "the demo plan's 47 items each");
        let generated = count(
            "SELECT COUNT(*) FROM complaints c JOIN organizations o USING (organization_id) \
             WHERE o.slug <> 'demo'",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        assert!(
            (1000..=4000).contains(&generated),
            "about 2,000: {generated}"
        );
        let published =
            count("SELECT COUNT(*) FROM quarter_reports WHERE review_state = 'published'")
                .fetch_one(&mut conn)
                .await
                .unwrap();
        assert!(published > 0);
        let figures = count("SELECT COUNT(*) FROM organization_figures")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(figures, 20 * 5, "figures of five years for every LAO");
        let _ = conn.close().await;
    });
    // The stored figures say what was generated.
    runtime.block_on(async {
        let store = sujarit_store::connect(&db.url).await.unwrap();
        let pao = store.organization_by_slug("pao-11").await.unwrap().unwrap();
        let year = FiscalYear::of(Clock::System.today()).be() - 1;
        let (f, _) = store.figures(&pao.id, year).await.unwrap().unwrap();
        assert!(f.has_plan);
        assert!(f.published.complaints_received > 0);
        let twelve = f.internal.score.twelve_months;
        assert!(
            twelve.not_reported < twelve.items / 2,
            "last year reported: {twelve:?}"
        );
        assert!(f.published.score.twelve_months.completed <= twelve.completed);
    });
    runtime.block_on(db.drop_database());
}
