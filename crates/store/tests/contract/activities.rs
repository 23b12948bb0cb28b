//! Scenarios of the activities storage contract (`ActivityStore`):
//! activities and their revisions, check-in and the attendance list, the
//! publicity log, rosters, surveys with their answers and tallies, the
//! chosen KPI sources, and the KPIs `sujarit_service::activities::measure_item`
//! computes from all of them.

use serde_json::{Value, json};
use sqlx::Connection;
use std::collections::BTreeMap;
use sujarit_core::activity::{
    Activity, ActivityFile, ActivityInput, ActivityKind, CheckIn, DEFAULT_CHANNELS, GroupCount,
    PublicityEntry, Roster, RosterEntryRef, RosterKind, Session, TargetGroup,
};
use sujarit_core::case_keys::RecordSealer;
use sujarit_core::complaint::{Channel, NewComplaint};
use sujarit_core::kpi::KpiSource;
use sujarit_core::refusal::{Clash, Missing, Refusal};
use sujarit_core::sealed::{Keyring, SealingKey};
use sujarit_core::survey::{
    AnswerValue, DEFAULT_MIN_PUBLIC, Phase, Response, SurveyInput, Template, check_answers,
};
use sujarit_core::thai::{BANGKOK, local_date};
use sujarit_core::{FiscalYear, Item, ItemRef, PlanReport};
use sujarit_service::activities::{KpiLine, device_hash, item_targets, measure_item};
use sujarit_store::{
    AUDIT_ATTENDANCE_READ, ImportSource, KpiSourceChoice, NewComplaintRecord, NewResponse,
    SaveOutcome, Store, StoreError, random_tracking_code,
};
use time::macros::{date, time};
use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time};

use crate::harness::Raw;

contract! {
    an_activity_round_trips_equal,
    updates_need_the_current_revision,
    invalid_activities_are_refused_and_nothing_is_written,
    activities_are_listed_by_item_and_first_day,
    publishing_flips_the_flag,
    photos_are_attached_once,
    concurrent_writes_let_exactly_one_win,
    check_ins_inside_the_window_are_counted_per_group,
    attendance_names_are_read_only_through_the_audited_list,
    attendance_is_in_the_order_of_arrival_whatever_the_offset,
    the_publicity_log_checks_channels_and_years,
    rosters_are_created_replaced_and_checked,
    surveys_are_created_from_templates,
    answers_are_filed_in_batches_once_per_device,
    results_come_from_the_stored_tallies,
    questions_are_frozen_once_answered_but_dates_are_not,
    answers_are_read_back_with_their_dates,
    answers_read_back_keep_their_choices,
    kpi_sources_are_set_read_and_cleared_per_item_and_year,
    kpis_count_sessions_and_participants_as_of_a_date,
    roster_coverage_counts_the_entries_reached,
    survey_and_test_kpis_come_from_answers,
    complaint_reduction_compares_with_a_baseline_year,
}

const STAFF: &str = "user-staff";
/// The fiscal year of most scenarios: 1 Oct 2024 – 30 Sep 2025, inside the
/// testkit plan's period (2566–2568).
const YEAR: u16 = 2568;

const SESSIONS_KPI: &str = "จัดอบรมไม่น้อยกว่า 3 ครั้ง";
const PEOPLE_KPI: &str = "ผู้เข้าร่วมอบรมไม่น้อยกว่า 100 คน";
const COVERAGE_KPI: &str = "ครอบคลุมชุมชนไม่น้อยกว่าร้อยละ 80";
const CHANNELS_KPI: &str = "ประชาสัมพันธ์ไม่น้อยกว่า 5 ช่องทาง";
/// The outcome testkit's plan already writes for item 1.1.
const KNOWLEDGE_KPI: &str = "ผู้เข้าร่วมมีความรู้เพิ่มขึ้นไม่ต่ำกว่าร้อยละ 80";
const SATISFACTION_KPI: &str = "ผู้เข้าร่วมมีความพึงพอใจไม่น้อยกว่าร้อยละ 80";
const COMPLAINTS_KPI: &str = "เรื่องร้องเรียนการทุจริตลดลงร้อยละ 20";

// ---------------------------------------------------------------------------
// Activities

async fn an_activity_round_trips_equal(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let communities = store
        .save_roster(&org, &communities_roster(), STAFF)
        .await
        .expect("roster");
    let input = ActivityInput {
        item: item(1, 1),
        fiscal_year: YEAR,
        kind: ActivityKind::Camp,
        title: "ค่ายเยาวชนคนดีต้านทุจริต".into(),
        sessions: vec![
            session(date!(2025 - 03 - 10), time!(8:30), time!(16:30)),
            session(date!(2025 - 03 - 11), time!(9:00), time!(12:00)),
        ],
        venue: "ศาลาประชาคมชุมชน ก".into(),
        topics: vec!["ผลประโยชน์ทับซ้อน".into(), "การรับของขวัญ".into()],
        speakers: vec!["นายวิทยากร ตัวอย่าง".into()],
        groups: vec![
            GroupCount {
                group: TargetGroup::Youth,
                planned: 80,
                actual: Some(76),
            },
            GroupCount {
                group: TargetGroup::Staff,
                planned: 10,
                actual: None,
            },
        ],
        roster_entries: vec![entry(&communities, "ชุมชน ก"), entry(&communities, "ชุมชน ค")],
        summary: "เยาวชนเข้าร่วมครบทุกฐาน\nทำแบบทดสอบหลังเข้าค่าย".into(),
    };
    let created = store
        .create_activity(&org, &input, STAFF)
        .await
        .expect("create");
    assert_eq!(created.input, input, "what was written comes back");
    assert!(!created.id.is_empty());
    assert!(!created.published, "a new activity is unpublished");
    assert!(!created.checkin_token.is_empty());
    assert!(created.checkins.is_empty());
    assert!(created.photos.is_empty());
    assert_eq!(created.revision, 1);

    let read = store
        .activity(&org, &created.id)
        .await
        .expect("read")
        .expect("the activity");
    assert_eq!(read, created);
    let by_token = store
        .activity_by_checkin(&org, &created.checkin_token)
        .await
        .expect("by token")
        .expect("the activity");
    assert_eq!(by_token, created);
    let listed = store.activities(&org, YEAR, None).await.expect("list");
    assert_eq!(listed, std::slice::from_ref(&created));

    // A second activity gets its own id and its own check-in secret.
    let other = store
        .create_activity(&org, &input, STAFF)
        .await
        .expect("create again");
    assert_ne!(other.id, created.id);
    assert_ne!(other.checkin_token, created.checkin_token);

    assert_eq!(store.activity(&org, "no-such").await.expect("read"), None);
    assert_eq!(
        store
            .activity_by_checkin(&org, "no-such-token")
            .await
            .expect("read"),
        None
    );
    // Another organisation sees none of it.
    let beta = self::org(store, "beta").await;
    assert_eq!(
        store.activity(&beta, &created.id).await.expect("read"),
        None
    );
    assert_eq!(
        store
            .activity_by_checkin(&beta, &created.checkin_token)
            .await
            .expect("read"),
        None
    );
    assert!(
        store
            .activities(&beta, YEAR, None)
            .await
            .expect("list")
            .is_empty()
    );
}

async fn updates_need_the_current_revision(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let created = store
        .create_activity(
            &org,
            &training(item(1, 1), "อบรม", &[date!(2025 - 01 - 15)]),
            STAFF,
        )
        .await
        .expect("create");
    let mut changed = created.input.clone();
    changed.title = "อบรมคุณธรรมจริยธรรม รุ่นที่ 1".into();
    changed
        .sessions
        .push(session(date!(2025 - 01 - 16), time!(13:00), time!(16:00)));
    changed.groups[0].actual = Some(48);
    changed.topics = vec!["ประมวลจริยธรรม".into()];
    let updated = store
        .update_activity(&org, &created.id, &changed, created.revision, STAFF)
        .await
        .expect("update");
    assert_eq!(updated.revision, created.revision + 1);
    assert_eq!(updated.input, changed);
    assert_eq!(updated.id, created.id);
    assert_eq!(updated.checkin_token, created.checkin_token);
    assert_eq!(
        store.activity(&org, &created.id).await.expect("read"),
        Some(updated.clone())
    );

    // The revision read before that update is stale now.
    let counts = raw.row_counts().await;
    let mut late = created.input.clone();
    late.title = "ชื่อที่ไม่ควรถูกบันทึก".into();
    match store
        .update_activity(&org, &created.id, &late, created.revision, STAFF)
        .await
    {
        Err(StoreError::Stale { current_revision }) => {
            assert_eq!(current_revision, updated.revision)
        }
        other => panic!("expected Stale, got {other:?}"),
    }
    assert_eq!(
        store.activity(&org, &created.id).await.expect("read"),
        Some(updated.clone()),
        "a stale update changes nothing"
    );
    assert_eq!(raw.row_counts().await, counts, "nor writes an audit entry");

    // The current revision still works.
    let again = store
        .update_activity(&org, &created.id, &late, updated.revision, STAFF)
        .await
        .expect("update at the current revision");
    assert_eq!(again.revision, updated.revision + 1);
    assert_eq!(again.input.title, late.title);

    match store
        .update_activity(&org, "no-such", &late, 1, STAFF)
        .await
    {
        Err(StoreError::NotFound(Missing::Activity(id))) => assert_eq!(id, "no-such"),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

async fn invalid_activities_are_refused_and_nothing_is_written(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let roster = store
        .save_roster(&org, &communities_roster(), STAFF)
        .await
        .expect("roster");
    let valid = training(item(1, 1), "อบรม", &[date!(2025 - 01 - 15)]);
    let counts = raw.row_counts().await;

    // 1 Oct 2025 is in fiscal year 2569.
    let mut outside = valid.clone();
    outside
        .sessions
        .push(session(date!(2025 - 10 - 01), time!(9:00), time!(12:00)));
    assert_eq!(
        invalid_fields(store.create_activity(&org, &outside, STAFF).await),
        ["sessions"]
    );

    let mut twice = valid.clone();
    twice.groups.push(GroupCount {
        group: TargetGroup::Staff,
        planned: 5,
        actual: None,
    });
    assert_eq!(
        invalid_fields(store.create_activity(&org, &twice, STAFF).await),
        ["groups"]
    );

    let mut unknown_entry = valid.clone();
    unknown_entry.roster_entries = vec![entry(&roster, "ชุมชน ก"), entry(&roster, "ชุมชน ฮ")];
    assert_eq!(
        invalid_fields(store.create_activity(&org, &unknown_entry, STAFF).await),
        ["roster_entries"]
    );
    let mut unknown_roster = valid.clone();
    unknown_roster.roster_entries = vec![RosterEntryRef {
        roster: "no-such-roster".into(),
        entry: "ชุมชน ก".into(),
    }];
    assert_eq!(
        invalid_fields(store.create_activity(&org, &unknown_roster, STAFF).await),
        ["roster_entries"]
    );

    let mut everything = outside.clone();
    everything.title = "  ".into();
    everything.groups = twice.groups.clone();
    assert_eq!(
        invalid_fields(store.create_activity(&org, &everything, STAFF).await),
        ["groups", "sessions", "title"],
        "every problem at once"
    );

    assert!(
        store
            .activities(&org, YEAR, None)
            .await
            .expect("list")
            .is_empty()
    );
    assert!(
        store
            .activities(&org, 2569, None)
            .await
            .expect("list")
            .is_empty()
    );
    assert_eq!(raw.row_counts().await, counts, "nothing was written");

    // An update with bad input changes nothing either.
    let created = store
        .create_activity(&org, &valid, STAFF)
        .await
        .expect("create");
    let counts = raw.row_counts().await;
    assert_eq!(
        invalid_fields(
            store
                .update_activity(&org, &created.id, &twice, created.revision, STAFF)
                .await
        ),
        ["groups"]
    );
    assert_eq!(
        invalid_fields(
            store
                .update_activity(&org, &created.id, &unknown_entry, created.revision, STAFF)
                .await
        ),
        ["roster_entries"]
    );
    assert_eq!(
        store.activity(&org, &created.id).await.expect("read"),
        Some(created)
    );
    assert_eq!(raw.row_counts().await, counts);
}

async fn activities_are_listed_by_item_and_first_day(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let create = |input: ActivityInput| {
        let org = org.clone();
        async move {
            store
                .create_activity(&org, &input, STAFF)
                .await
                .expect("create")
        }
    };
    // Created out of order; the second's sessions are listed latest first.
    let march = create(training(item(1, 1), "มีนาคม", &[date!(2025 - 03 - 01)])).await;
    let november = create(training(
        item(1, 1),
        "พฤศจิกายน",
        &[date!(2025 - 06 - 01), date!(2024 - 11 - 20)],
    ))
    .await;
    let january = create(training(item(1, 1), "มกราคม", &[date!(2025 - 01 - 10)])).await;
    let other_item = create(training(item(1, 2), "ของ 1.2", &[date!(2024 - 12 - 05)])).await;
    let next_year = create(training(item(1, 1), "ปีถัดไป", &[date!(2025 - 10 - 15)])).await;

    let ids = |list: Vec<Activity>| list.into_iter().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store
            .activities(&org, YEAR, Some(item(1, 1)))
            .await
            .expect("list")),
        [november.id.as_str(), january.id.as_str(), march.id.as_str()],
        "one item's, by first day"
    );
    assert_eq!(
        ids(store.activities(&org, YEAR, None).await.expect("list")),
        [
            november.id.as_str(),
            other_item.id.as_str(),
            january.id.as_str(),
            march.id.as_str()
        ],
        "every item's of the year, by first day"
    );
    assert_eq!(
        ids(store
            .activities(&org, YEAR, Some(item(1, 2)))
            .await
            .expect("list")),
        [other_item.id.as_str()]
    );
    assert!(
        store
            .activities(&org, YEAR, Some(item(2, 1)))
            .await
            .expect("list")
            .is_empty()
    );
    assert_eq!(
        ids(store
            .activities(&org, 2569, Some(item(1, 1)))
            .await
            .expect("list")),
        [next_year.id.as_str()]
    );
    // What the list holds is what one read returns.
    let listed = store.activities(&org, YEAR, None).await.expect("list");
    assert_eq!(listed[0], november);
}

async fn publishing_flips_the_flag(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let created = store
        .create_activity(
            &org,
            &training(item(1, 1), "อบรม", &[date!(2025 - 01 - 15)]),
            STAFF,
        )
        .await
        .expect("create");
    let published = store
        .set_activity_published(&org, &created.id, true, STAFF)
        .await
        .expect("publish");
    assert!(published.published);
    assert_eq!(published.input, created.input);
    let read = store
        .activity(&org, &created.id)
        .await
        .expect("read")
        .expect("activity");
    assert!(read.published);
    assert_eq!(read, published);
    assert!(
        store.activities(&org, YEAR, None).await.expect("list")[0].published,
        "the list shows it published"
    );
    let withdrawn = store
        .set_activity_published(&org, &created.id, false, STAFF)
        .await
        .expect("unpublish");
    assert!(!withdrawn.published);
    assert!(
        !store
            .activity(&org, &created.id)
            .await
            .expect("read")
            .expect("activity")
            .published
    );
    // The revision the flag returned is the one to update with.
    store
        .update_activity(&org, &created.id, &created.input, withdrawn.revision, STAFF)
        .await
        .expect("update at the returned revision");
    match store
        .set_activity_published(&org, "no-such", true, STAFF)
        .await
    {
        Err(StoreError::NotFound(Missing::Activity(id))) => assert_eq!(id, "no-such"),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

async fn photos_are_attached_once(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let created = store
        .create_activity(
            &org,
            &training(item(1, 1), "อบรม", &[date!(2025 - 01 - 15)]),
            STAFF,
        )
        .await
        .expect("create");
    let photo = |n: char, name: &str| ActivityFile {
        id: std::iter::repeat_n(n, 16).collect(),
        file_name: name.into(),
        media_type: "image/jpeg".into(),
        size_bytes: 12_345,
        sha256: std::iter::repeat_n(n, 64).collect(),
    };
    let first = photo('a', "ภาพบรรยากาศ.jpg");
    let second = photo('b', "ภาพหมู่.jpg");
    let with_one = store
        .add_activity_file(&org, &created.id, &first, STAFF)
        .await
        .expect("attach");
    assert_eq!(with_one.photos, std::slice::from_ref(&first));
    let with_two = store
        .add_activity_file(&org, &created.id, &second, STAFF)
        .await
        .expect("attach another");
    assert_eq!(with_two.photos, [first.clone(), second.clone()]);
    // The same file again is still one file.
    let again = store
        .add_activity_file(&org, &created.id, &first, STAFF)
        .await
        .expect("attach the same file again");
    assert_eq!(again.photos, [first.clone(), second.clone()]);
    let read = store
        .activity(&org, &created.id)
        .await
        .expect("read")
        .expect("activity");
    assert_eq!(read.photos, [first.clone(), second]);
    assert_eq!(
        store.activities(&org, YEAR, None).await.expect("list")[0].photos,
        read.photos
    );
    match store
        .add_activity_file(&org, "no-such", &first, STAFF)
        .await
    {
        Err(StoreError::NotFound(Missing::Activity(_))) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
}

async fn concurrent_writes_let_exactly_one_win(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let created = store
        .create_activity(
            &org,
            &training(item(1, 1), "อบรม", &[date!(2025 - 01 - 15)]),
            STAFF,
        )
        .await
        .expect("create");
    // Two updates of one revision: one wins, the other is stale.
    let mut a = created.input.clone();
    a.title = "ฉบับ A".into();
    let mut b = created.input.clone();
    b.title = "ฉบับ B".into();
    let (ra, rb) = tokio::join!(
        store.update_activity(&org, &created.id, &a, created.revision, "user-a"),
        store.update_activity(&org, &created.id, &b, created.revision, "user-b"),
    );
    let winner = match (ra, rb) {
        (Ok(w), Err(StoreError::Stale { .. })) | (Err(StoreError::Stale { .. }), Ok(w)) => w,
        other => panic!("expected one update and one Stale, got {other:?}"),
    };
    assert_eq!(winner.revision, created.revision + 1);
    assert_eq!(
        store.activity(&org, &created.id).await.expect("read"),
        Some(winner)
    );

    // One phone checking in twice at once is counted once.
    let start = created.input.sessions[0].starts_at();
    let phone = CheckIn {
        group: TargetGroup::Staff,
        name: None,
        device: "same-phone".into(),
    };
    let (ca, cb) = tokio::join!(
        store.check_in(&org, &created.id, &phone, start),
        store.check_in(&org, &created.id, &phone, start),
    );
    match (ca, cb) {
        (Ok(()), Err(StoreError::Conflict(Clash::CheckedIn)))
        | (Err(StoreError::Conflict(Clash::CheckedIn)), Ok(())) => {}
        other => panic!("expected one check-in and one Conflict, got {other:?}"),
    }
    let read = store
        .activity(&org, &created.id)
        .await
        .expect("read")
        .expect("activity");
    assert_eq!(read.checkins, [(TargetGroup::Staff, 1)]);

    // One phone answering in two batches at once is counted once.
    let survey = store
        .create_survey(&org, &from_template("service"), STAFF)
        .await
        .expect("survey");
    let phone = device(&org, "same-phone");
    let answer = |rating: u8| {
        vec![new_response(
            &survey.id,
            Some(&phone),
            service_response(&survey.input, rating, 0, None),
            date!(2025 - 01 - 15),
        )]
    };
    let (first, second) = (answer(5), answer(1));
    let (aa, ab) = tokio::join!(
        store.answer_surveys(&org, &first),
        store.answer_surveys(&org, &second),
    );
    let mut both = outcomes(&aa.expect("batch"));
    both.extend(outcomes(&ab.expect("batch")));
    both.sort();
    assert_eq!(both, [Ok(()), Err("conflict")]);
    let tallies = store
        .survey_tallies(&org, &survey.id)
        .await
        .expect("tallies");
    assert_eq!(tallies.responses, 1);
    let scale_answers: i64 = tallies
        .counts
        .iter()
        .filter(|((q, _), _)| q == "q1")
        .map(|(_, n)| *n)
        .sum();
    assert_eq!(scale_answers, 1, "only the accepted answer is tallied");
}

// ---------------------------------------------------------------------------
// Check-in

async fn check_ins_inside_the_window_are_counted_per_group(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let mut input = training(item(1, 1), "อบรม", &[date!(2025 - 01 - 15)]);
    input.groups.push(GroupCount {
        group: TargetGroup::Community,
        planned: 30,
        actual: None,
    });
    let activity = store
        .create_activity(&org, &input, STAFF)
        .await
        .expect("create");
    let first = activity.input.sessions[0];
    let start = first.starts_at();

    let check_in = |device: &str, group: TargetGroup, name: Option<&str>, now: OffsetDateTime| {
        let ci = CheckIn {
            group,
            name: name.map(str::to_string),
            device: device_hash(&org, &activity.id, device),
        };
        let id = activity.id.clone();
        let org = org.clone();
        async move { store.check_in(&org, &id, &ci, now).await }
    };
    check_in("phone-1", TargetGroup::Staff, Some("สมชาย ใจดี"), start)
        .await
        .expect("at the start");
    check_in(
        "phone-2",
        TargetGroup::Staff,
        None,
        start + Duration::hours(1),
    )
    .await
    .expect("during");
    check_in(
        "phone-3",
        TargetGroup::Community,
        Some("สมหญิง รักชุมชน"),
        start - Duration::hours(2),
    )
    .await
    .expect("two hours before the start");
    check_in(
        "phone-4",
        TargetGroup::Youth,
        None,
        first.ends_at() + Duration::hours(2),
    )
    .await
    .expect("two hours after the end");

    // One check-in per device, whatever group it claims the second time.
    for group in [TargetGroup::Staff, TargetGroup::Community] {
        match check_in("phone-1", group, Some("สมชาย ใจดี"), start).await {
            Err(StoreError::Conflict(Clash::CheckedIn)) => {}
            other => panic!("expected Conflict(CheckedIn), got {other:?}"),
        }
    }
    // Outside the window.
    for now in [
        start - Duration::hours(2) - Duration::minutes(1),
        first.ends_at() + Duration::hours(2) + Duration::minutes(1),
        start + Duration::days(1),
        start - Duration::days(30),
    ] {
        match check_in("phone-late", TargetGroup::Staff, None, now).await {
            Err(StoreError::NotAllowed(Refusal::CheckInClosed)) => {}
            other => panic!("expected CheckInClosed at {now}, got {other:?}"),
        }
    }
    match store
        .check_in(
            &org,
            "no-such",
            &CheckIn {
                group: TargetGroup::Staff,
                name: None,
                device: "d".into(),
            },
            start,
        )
        .await
    {
        Err(StoreError::NotFound(Missing::Activity(_))) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }

    let read = store
        .activity(&org, &activity.id)
        .await
        .expect("read")
        .expect("activity");
    assert_eq!(
        sorted(read.checkins.clone()),
        [
            (TargetGroup::Staff, 2),
            (TargetGroup::Community, 1),
            (TargetGroup::Youth, 1),
        ],
        "counted per group; refused check-ins are not counted"
    );
    assert_eq!(read.participants(&[]), 4);
    assert_eq!(read.participants(&[TargetGroup::Staff]), 2);
    // The list and the check-in link count the same.
    let listed = store.activities(&org, YEAR, None).await.expect("list");
    assert_eq!(
        sorted(listed[0].checkins.clone()),
        sorted(read.checkins.clone())
    );
    let by_token = store
        .activity_by_checkin(&org, &activity.checkin_token)
        .await
        .expect("read")
        .expect("activity");
    assert_eq!(sorted(by_token.checkins), sorted(read.checkins));
    // The same phone may check in to another activity.
    let other = store
        .create_activity(&org, &input, STAFF)
        .await
        .expect("create");
    store
        .check_in(
            &org,
            &other.id,
            &CheckIn {
                group: TargetGroup::Staff,
                name: None,
                device: device_hash(&org, &activity.id, "phone-1"),
            },
            start,
        )
        .await
        .expect("another activity");
}

async fn attendance_names_are_read_only_through_the_audited_list(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let activity = store
        .create_activity(
            &org,
            &training(item(1, 1), "อบรม", &[date!(2025 - 01 - 15)]),
            STAFF,
        )
        .await
        .expect("create");
    let start = activity.input.sessions[0].starts_at();
    let names = ["ประภาพร ชื่อลับ", "ธนากร นามสมมุติ"];
    for (i, (device, name, group)) in [
        ("a", Some(names[0]), TargetGroup::Staff),
        ("b", None, TargetGroup::Community),
        ("c", Some(names[1]), TargetGroup::Staff),
    ]
    .into_iter()
    .enumerate()
    {
        store
            .check_in(
                &org,
                &activity.id,
                &CheckIn {
                    group,
                    name: name.map(str::to_string),
                    device: device.into(),
                },
                start + Duration::minutes(i as i64),
            )
            .await
            .expect("check in");
    }

    // No read of the activity shows a name.
    let read = store
        .activity(&org, &activity.id)
        .await
        .expect("read")
        .expect("activity");
    let listed = store.activities(&org, YEAR, None).await.expect("list");
    let by_token = store
        .activity_by_checkin(&org, &activity.checkin_token)
        .await
        .expect("read")
        .expect("activity");
    for shown in [
        format!("{read:?}"),
        serde_json::to_string(&read).expect("json"),
        format!("{listed:?}"),
        format!("{by_token:?}"),
    ] {
        for name in names {
            assert!(!shown.contains(name), "{name} shown: {shown}");
        }
    }

    let before = store
        .audit_log(&org, None, 1000)
        .await
        .expect("audit")
        .len();
    let list = store
        .attendance(&org, &activity.id, "user-coordinator")
        .await
        .expect("attendance");
    let lines: Vec<(TargetGroup, Option<&str>, OffsetDateTime)> = list
        .iter()
        .map(|a| (a.group, a.name.as_deref(), a.checked_in_at))
        .collect();
    assert_eq!(
        lines,
        [
            (TargetGroup::Staff, Some(names[0]), start),
            (TargetGroup::Community, None, start + Duration::minutes(1)),
            (
                TargetGroup::Staff,
                Some(names[1]),
                start + Duration::minutes(2)
            ),
        ]
    );
    let log = store.audit_log(&org, None, 1000).await.expect("audit");
    assert_eq!(log.len(), before + 1, "one entry for the read");
    let entry = &log[0];
    assert_eq!(entry.action, AUDIT_ATTENDANCE_READ);
    assert_eq!(entry.target, activity.id);
    assert_eq!(entry.actor_user_id.as_deref(), Some("user-coordinator"));
    let logged = format!("{log:?}");
    for name in names {
        assert!(!logged.contains(name), "{name} in the audit log");
    }

    match store.attendance(&org, "no-such", STAFF).await {
        Err(StoreError::NotFound(Missing::Activity(_))) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert_eq!(
        store
            .audit_log(&org, None, 1000)
            .await
            .expect("audit")
            .len(),
        before + 1,
        "a refused read is not logged"
    );
    let beta = self::org(store, "beta").await;
    assert!(
        store.attendance(&beta, &activity.id, STAFF).await.is_err(),
        "another organisation reads no names"
    );
}

async fn attendance_is_in_the_order_of_arrival_whatever_the_offset(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let activity = store
        .create_activity(
            &org,
            &training(item(1, 1), "อบรม", &[date!(2025 - 01 - 15)]),
            STAFF,
        )
        .await
        .expect("create");
    let start = activity.input.sessions[0].starts_at();
    // The first arrives at 09:30 Thai time, given in Thai time; the second
    // a minute later, given in UTC (02:31Z).
    let arrivals = [
        ("first", start + Duration::minutes(30)),
        (
            "second",
            (start + Duration::minutes(31)).to_offset(time::UtcOffset::UTC),
        ),
    ];
    for (name, at) in arrivals {
        store
            .check_in(
                &org,
                &activity.id,
                &CheckIn {
                    group: TargetGroup::Staff,
                    name: Some(name.into()),
                    device: name.into(),
                },
                at,
            )
            .await
            .expect("check in");
    }
    let list = store
        .attendance(&org, &activity.id, STAFF)
        .await
        .expect("attendance");
    let read: Vec<(Option<&str>, OffsetDateTime)> = list
        .iter()
        .map(|a| (a.name.as_deref(), a.checked_in_at))
        .collect();
    assert_eq!(
        read,
        [
            (Some("first"), arrivals[0].1),
            (Some("second"), arrivals[1].1)
        ],
        "by the instant of arrival"
    );
}

// ---------------------------------------------------------------------------
// Publicity

async fn the_publicity_log_checks_channels_and_years(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    assert_eq!(
        store.publicity_channels(&org).await.expect("channels"),
        DEFAULT_CHANNELS.map(str::to_string)
    );
    let posted = |channel: &str, date: Date, topic: &str, item: Option<ItemRef>| PublicityEntry {
        id: String::new(),
        item,
        fiscal_year: FiscalYear::of(date).0,
        channel: channel.into(),
        date,
        topic: topic.into(),
    };
    let later = posted(
        "เพจเฟซบุ๊ก",
        date!(2025 - 02 - 01),
        "ภาพกิจกรรมอบรม",
        Some(item(1, 1)),
    );
    let added_later = store.add_publicity(&org, &later, STAFF).await.expect("add");
    assert!(!added_later.id.is_empty());
    assert_eq!(
        PublicityEntry {
            id: String::new(),
            ..added_later.clone()
        },
        later
    );
    let earlier = store
        .add_publicity(
            &org,
            &posted("เว็บไซต์", date!(2024 - 10 - 01), "ประกาศเจตนารมณ์", None),
            STAFF,
        )
        .await
        .expect("add");
    let next_year = store
        .add_publicity(
            &org,
            &posted("LINE", date!(2025 - 10 - 01), "ปีถัดไป", Some(item(1, 1))),
            STAFF,
        )
        .await
        .expect("add");

    let counts = raw.row_counts().await;
    let unknown = posted("ป้ายไวนิล", date!(2025 - 01 - 01), "ป้าย", None);
    assert_eq!(
        invalid_fields(store.add_publicity(&org, &unknown, STAFF).await),
        ["channel"]
    );
    let mut outside = posted("เว็บไซต์", date!(2025 - 10 - 01), "นอกปี", None);
    outside.fiscal_year = YEAR;
    assert_eq!(
        invalid_fields(store.add_publicity(&org, &outside, STAFF).await),
        ["date"]
    );
    let mut both = unknown.clone();
    both.fiscal_year = 2569;
    both.topic = String::new();
    assert_eq!(
        invalid_fields(store.add_publicity(&org, &both, STAFF).await),
        ["channel", "date", "topic"]
    );
    assert_eq!(raw.row_counts().await, counts, "nothing was written");

    assert_eq!(
        store.publicity(&org, YEAR).await.expect("list"),
        [earlier.clone(), added_later.clone()],
        "the year's log, by date"
    );
    assert_eq!(
        store.publicity(&org, 2569).await.expect("list"),
        std::slice::from_ref(&next_year)
    );
    store
        .remove_publicity(&org, &earlier.id, STAFF)
        .await
        .expect("remove");
    assert_eq!(
        store.publicity(&org, YEAR).await.expect("list"),
        std::slice::from_ref(&added_later)
    );
    match store.remove_publicity(&org, &earlier.id, STAFF).await {
        Err(StoreError::NotFound(Missing::Publicity(id))) => assert_eq!(id, earlier.id),
        other => panic!("expected NotFound, got {other:?}"),
    }

    // The organisation's own channels replace the defaults.
    let own = vec!["วิทยุชุมชน".to_string(), "ป้ายไวนิล".to_string()];
    store
        .set_publicity_channels(&org, &own, STAFF)
        .await
        .expect("set channels");
    assert_eq!(store.publicity_channels(&org).await.expect("channels"), own);
    store
        .add_publicity(&org, &unknown, STAFF)
        .await
        .expect("now a channel of the organisation");
    let website = posted("เว็บไซต์", date!(2025 - 01 - 01), "เว็บ", None);
    assert_eq!(
        invalid_fields(store.add_publicity(&org, &website, STAFF).await),
        ["channel"]
    );
    assert_eq!(
        invalid_fields(store.set_publicity_channels(&org, &[], STAFF).await),
        ["channels"]
    );
    assert_eq!(store.publicity_channels(&org).await.expect("channels"), own);
    // Lines already posted on a channel no longer listed stay.
    assert_eq!(store.publicity(&org, YEAR).await.expect("list").len(), 2);
    // Another organisation keeps the defaults and sees no line.
    let beta = self::org(store, "beta").await;
    assert_eq!(
        store.publicity_channels(&beta).await.expect("channels"),
        DEFAULT_CHANNELS.map(str::to_string)
    );
    assert!(store.publicity(&beta, YEAR).await.expect("list").is_empty());
    assert!(
        store
            .remove_publicity(&beta, &added_later.id, STAFF)
            .await
            .is_err()
    );
}

// ---------------------------------------------------------------------------
// Rosters

async fn rosters_are_created_replaced_and_checked(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    assert!(store.rosters(&org).await.expect("rosters").is_empty());
    let written = communities_roster();
    let created = store
        .save_roster(&org, &written, STAFF)
        .await
        .expect("create");
    assert!(!created.id.is_empty(), "an empty id creates");
    assert_eq!(
        Roster {
            id: String::new(),
            ..created.clone()
        },
        written
    );
    assert_eq!(
        store.rosters(&org).await.expect("rosters"),
        std::slice::from_ref(&created)
    );

    let replacement = Roster {
        id: created.id.clone(),
        kind: RosterKind::Communities,
        name: "ชุมชนในเขตเทศบาล (ปรับปรุง)".into(),
        entries: vec!["ชุมชน ก".into(), "ชุมชน จ".into()],
    };
    let replaced = store
        .save_roster(&org, &replacement, STAFF)
        .await
        .expect("replace");
    assert_eq!(replaced, replacement);
    assert_eq!(
        store.rosters(&org).await.expect("rosters"),
        std::slice::from_ref(&replacement)
    );

    let schools = store
        .save_roster(
            &org,
            &Roster {
                id: String::new(),
                kind: RosterKind::Schools,
                name: "โรงเรียนในเขต".into(),
                entries: vec!["โรงเรียนวัดกลาง".into()],
            },
            STAFF,
        )
        .await
        .expect("create another");
    assert_ne!(schools.id, created.id);
    assert_eq!(
        store.rosters(&org).await.expect("rosters"),
        [replacement.clone(), schools.clone()]
    );

    let counts = raw.row_counts().await;
    let unknown = Roster {
        id: "no-such-roster".into(),
        ..communities_roster()
    };
    match store.save_roster(&org, &unknown, STAFF).await {
        Err(StoreError::NotFound(Missing::Roster(id))) => assert_eq!(id, "no-such-roster"),
        other => panic!("expected NotFound, got {other:?}"),
    }
    for entries in [
        vec!["ชุมชน ก", "ชุมชน ข", "ชุมชน ก"],
        vec!["ชุมชน ก", " ชุมชน ก "],
        vec![],
        vec!["ชุมชน ก", "   "],
    ] {
        let bad = Roster {
            id: created.id.clone(),
            entries: entries.iter().map(|e| e.to_string()).collect(),
            ..replacement.clone()
        };
        assert_eq!(
            invalid_fields(store.save_roster(&org, &bad, STAFF).await),
            ["entries"],
            "{entries:?}"
        );
        let bad_new = Roster {
            id: String::new(),
            ..bad
        };
        assert_eq!(
            invalid_fields(store.save_roster(&org, &bad_new, STAFF).await),
            ["entries"],
            "{entries:?}"
        );
    }
    let nameless = Roster {
        name: " ".into(),
        ..communities_roster()
    };
    assert_eq!(
        invalid_fields(store.save_roster(&org, &nameless, STAFF).await),
        ["name"]
    );
    assert_eq!(
        store.rosters(&org).await.expect("rosters"),
        [replacement, schools],
        "refused saves change nothing"
    );
    assert_eq!(raw.row_counts().await, counts);

    // Rosters belong to their organisation.
    let beta = self::org(store, "beta").await;
    assert!(store.rosters(&beta).await.expect("rosters").is_empty());
    match store.save_roster(&beta, &created, STAFF).await {
        Err(StoreError::NotFound(Missing::Roster(_))) => {}
        other => panic!("expected NotFound in another organisation, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Surveys

async fn surveys_are_created_from_templates(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let knowledge_input = from_template("knowledge");
    let service_input = from_template("service");
    let knowledge = store
        .create_survey(&org, &knowledge_input, STAFF)
        .await
        .expect("knowledge test");
    let service = store
        .create_survey(&org, &service_input, STAFF)
        .await
        .expect("service survey");
    assert_ne!(knowledge.id, service.id);
    assert_eq!(knowledge.input, knowledge_input);
    assert_eq!(knowledge.responses, 0);
    for survey in [&knowledge, &service] {
        assert_eq!(
            store.survey(&org, &survey.id).await.expect("read").as_ref(),
            Some(survey)
        );
    }
    let mut next_year = from_template("service");
    next_year.fiscal_year = 2569;
    next_year.opens = date!(2025 - 10 - 01);
    next_year.closes = date!(2026 - 03 - 31);
    let later = store
        .create_survey(&org, &next_year, STAFF)
        .await
        .expect("next year's");

    let ids = |list: Vec<sujarit_core::survey::Survey>| {
        let mut ids: Vec<String> = list.into_iter().map(|s| s.id).collect();
        ids.sort();
        ids
    };
    let mut this_year = vec![knowledge.id.clone(), service.id.clone()];
    this_year.sort();
    assert_eq!(
        ids(store.surveys(&org, Some(YEAR)).await.expect("list")),
        this_year
    );
    assert_eq!(
        ids(store.surveys(&org, Some(2569)).await.expect("list")),
        std::slice::from_ref(&later.id)
    );
    let all = store.surveys(&org, None).await.expect("list");
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].id, later.id, "newest first");

    let counts = raw.row_counts().await;
    let mut no_mark = knowledge_input.clone();
    no_mark.pass_mark = None;
    assert_eq!(
        invalid_fields(store.create_survey(&org, &no_mark, STAFF).await),
        ["pass_mark"]
    );
    let mut empty = service_input.clone();
    empty.questions.clear();
    empty.closes = date!(2024 - 09 - 01);
    assert_eq!(
        invalid_fields(store.create_survey(&org, &empty, STAFF).await),
        ["closes", "questions"]
    );
    assert_eq!(raw.row_counts().await, counts, "nothing was written");
    assert_eq!(store.surveys(&org, None).await.expect("list").len(), 3);
    let beta = self::org(store, "beta").await;
    assert_eq!(
        store.survey(&beta, &knowledge.id).await.expect("read"),
        None
    );
    assert!(store.surveys(&beta, None).await.expect("list").is_empty());
}

async fn answers_are_filed_in_batches_once_per_device(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let answered = answered_surveys(store, &org).await;
    let expected_first: Vec<Result<(), &str>> = vec![
        Ok(()),
        Ok(()),
        Err("conflict"),
        Ok(()),
        Err("not found"),
        Ok(()),
        Ok(()),
    ];
    assert_eq!(outcomes(&answered.first), expected_first);
    match &answered.first[4] {
        Err(StoreError::NotFound(Missing::Survey(id))) => assert_eq!(id, "no-such-survey"),
        other => panic!("expected NotFound(Survey), got {other:?}"),
    }
    assert_eq!(
        outcomes(&answered.second),
        [
            Err("conflict"),
            Ok(()),
            Ok(()),
            Ok(()),
            Ok(()),
            Err("closed"),
            Err("closed"),
            Err("closed"),
        ]
    );
    // Only the accepted answers are counted.
    let service = store
        .survey(&org, &answered.service.id)
        .await
        .expect("read")
        .expect("survey");
    assert_eq!(service.responses, 5);
    let knowledge = store
        .survey(&org, &answered.knowledge.id)
        .await
        .expect("read")
        .expect("survey");
    assert_eq!(knowledge.responses, 4);
    let closed = store
        .survey(&org, &answered.closed.id)
        .await
        .expect("read")
        .expect("survey");
    assert_eq!(closed.responses, 0);
    assert_eq!(
        store
            .survey_tallies(&org, &answered.closed.id)
            .await
            .expect("tallies")
            .responses,
        0
    );
    assert!(
        store
            .survey_answers(&org, &answered.closed.id)
            .await
            .expect("answers")
            .is_empty()
    );

    // A device that answered stays refused in a later batch, alone.
    let again = store
        .answer_surveys(
            &org,
            &[new_response(
                &answered.service.id,
                Some(&device(&org, "a")),
                service_response(&answered.service.input, 3, 0, None),
                date!(2025 - 01 - 10),
            )],
        )
        .await
        .expect("answer");
    assert_eq!(outcomes(&again), [Err("conflict")]);
    assert!(
        store
            .answer_surveys(&org, &[])
            .await
            .expect("nothing")
            .is_empty()
    );
    assert_eq!(
        store
            .survey_tallies(&org, &answered.service.id)
            .await
            .expect("tallies")
            .responses,
        5
    );
    match store.survey_tallies(&org, "no-such-survey").await {
        Err(StoreError::NotFound(Missing::Survey(_))) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
    // Another organisation cannot answer this organisation's survey.
    let beta = self::org(store, "beta").await;
    let foreign = store
        .answer_surveys(
            &beta,
            &[new_response(
                &answered.service.id,
                None,
                service_response(&answered.service.input, 5, 0, None),
                date!(2025 - 01 - 10),
            )],
        )
        .await
        .expect("answer");
    assert_eq!(outcomes(&foreign), [Err("not found")]);
}

async fn results_come_from_the_stored_tallies(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let answered = answered_surveys(store, &org).await;

    // Service: ratings 5, 5, 4, 2, 1 on each of the five scale questions.
    let service = store
        .survey_tallies(&org, &answered.service.id)
        .await
        .expect("tallies")
        .results(&answered.service.input);
    assert_eq!(service.responses, 5);
    assert_eq!(service.satisfied_share, Some(60.0));
    assert_eq!(service.mean, Some(3.4));
    assert_eq!(service.pass_share, None, "not a test");
    assert_eq!(service.mean_score, None);
    let scale: Vec<(String, u64)> = [
        ("มากที่สุด (5)", 2),
        ("มาก (4)", 1),
        ("ปานกลาง (3)", 0),
        ("น้อย (2)", 1),
        ("น้อยที่สุด (1)", 1),
    ]
    .iter()
    .map(|(l, n)| (l.to_string(), *n))
    .collect();
    for q in &service.questions[..5] {
        assert_eq!(q.answered, 5, "{}", q.id);
        assert_eq!(q.distribution, scale, "{}", q.id);
        assert_eq!(q.mean, Some(3.4));
        assert_eq!(q.satisfied_share, Some(60.0));
    }
    let job = &service.questions[5];
    assert_eq!(job.answered, 5);
    assert_eq!(
        job.distribution,
        [
            ("ทะเบียนราษฎร".to_string(), 3),
            ("ภาษีและรายได้".to_string(), 1),
            ("ขออนุญาตก่อสร้าง".to_string(), 0),
            ("สวัสดิการ/เบี้ยยังชีพ".to_string(), 0),
            ("อื่น ๆ".to_string(), 1),
        ]
    );
    assert_eq!(service.questions[6].answered, 2, "two suggestions written");

    // Knowledge test: 5, 4, 3 and 1 of 5 right; the mark is 80%.
    let knowledge = store
        .survey_tallies(&org, &answered.knowledge.id)
        .await
        .expect("tallies")
        .results(&answered.knowledge.input);
    assert_eq!(knowledge.responses, 4);
    assert_eq!(knowledge.pass_share, Some(50.0));
    assert_eq!(knowledge.mean_score, Some(65.0));
    assert_eq!(knowledge.satisfied_share, None, "no scale questions");
    let correct: Vec<Option<f64>> = knowledge
        .questions
        .iter()
        .map(|q| q.correct_share)
        .collect();
    assert_eq!(
        correct,
        [Some(100.0), Some(75.0), Some(75.0), Some(50.0), Some(25.0)]
    );
    assert!(knowledge.questions.iter().all(|q| q.answered == 4));
    assert_eq!(
        knowledge.questions[0].distribution,
        [("ถูก".to_string(), 0), ("ผิด".to_string(), 4)],
        "question 1's right answer is \"ผิด\""
    );

    let raw_tallies = store
        .survey_tallies(&org, &answered.knowledge.id)
        .await
        .expect("tallies");
    assert_eq!(
        (
            raw_tallies.responses,
            raw_tallies.passed,
            raw_tallies.score_sum
        ),
        (4, 2, 13)
    );
}

async fn questions_are_frozen_once_answered_but_dates_are_not(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    // Without answers, anything may change.
    let fresh = store
        .create_survey(&org, &from_template("training"), STAFF)
        .await
        .expect("create");
    let mut fewer = fresh.input.clone();
    fewer.questions.pop();
    fewer.title = "แบบประเมินกิจกรรม (ย่อ)".into();
    let changed = store
        .update_survey(&org, &fresh.id, &fewer, STAFF)
        .await
        .expect("questions of an unanswered survey");
    assert_eq!(changed.input, fewer);
    assert_eq!(
        store
            .survey(&org, &fresh.id)
            .await
            .expect("read")
            .expect("survey")
            .input,
        fewer
    );

    let answered = answered_surveys(store, &org).await;
    let before = store
        .survey(&org, &answered.service.id)
        .await
        .expect("read")
        .expect("survey");
    let counts = raw.row_counts().await;
    let mut reworded = before.input.clone();
    reworded.questions[0].text = "ความรวดเร็ว".into();
    let mut dropped = before.input.clone();
    dropped.questions.pop();
    for input in [&reworded, &dropped] {
        match store
            .update_survey(&org, &answered.service.id, input, STAFF)
            .await
        {
            Err(StoreError::NotAllowed(Refusal::SurveyHasAnswers)) => {}
            other => panic!("expected SurveyHasAnswers, got {other:?}"),
        }
    }
    let mut stricter = answered.knowledge.input.clone();
    stricter.pass_mark = Some(100);
    match store
        .update_survey(&org, &answered.knowledge.id, &stricter, STAFF)
        .await
    {
        Err(StoreError::NotAllowed(Refusal::SurveyHasAnswers)) => {}
        other => panic!("expected SurveyHasAnswers for the pass mark, got {other:?}"),
    }
    assert_eq!(
        store
            .survey(&org, &answered.service.id)
            .await
            .expect("read"),
        Some(before.clone()),
        "refused: unchanged"
    );
    assert_eq!(raw.row_counts().await, counts);

    // Closing it earlier (and renaming it) is allowed, and takes effect.
    let mut earlier = before.input.clone();
    earlier.closes = date!(2025 - 06 - 30);
    earlier.title = "แบบสำรวจความพึงพอใจ รอบที่ 1".into();
    let updated = store
        .update_survey(&org, &answered.service.id, &earlier, STAFF)
        .await
        .expect("a new close date");
    assert_eq!(updated.input, earlier);
    assert_eq!(updated.responses, before.responses);
    assert_eq!(
        store
            .survey(&org, &answered.service.id)
            .await
            .expect("read"),
        Some(updated)
    );
    let answer = |today: Date, token: &str| {
        new_response(
            &answered.service.id,
            Some(&device(&org, token)),
            service_response(&answered.service.input, 4, 1, None),
            today,
        )
    };
    let outcome = store
        .answer_surveys(
            &org,
            &[
                answer(date!(2025 - 07 - 01), "late"),
                answer(date!(2025 - 06 - 30), "last-day"),
            ],
        )
        .await
        .expect("answer");
    assert_eq!(outcomes(&outcome), [Err("closed"), Ok(())]);

    match store
        .update_survey(&org, "no-such-survey", &earlier, STAFF)
        .await
    {
        Err(StoreError::NotFound(Missing::Survey(_))) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
    let mut bad = earlier.clone();
    bad.title = String::new();
    assert_eq!(
        invalid_fields(
            store
                .update_survey(&org, &answered.service.id, &bad, STAFF)
                .await
        ),
        ["title"]
    );
}

async fn answers_are_read_back_with_their_dates(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let answered = answered_surveys(store, &org).await;
    for (survey, accepted) in [
        (&answered.service, &answered.service_answers),
        (&answered.knowledge, &answered.knowledge_answers),
    ] {
        let read = store
            .survey_answers(&org, &survey.id)
            .await
            .expect("answers");
        let dates: Vec<Date> = read.iter().map(|(d, _)| *d).collect();
        let expected: Vec<Date> = accepted.iter().map(|(d, _)| *d).collect();
        assert_eq!(dates, expected, "the accepted answers' dates, oldest first");
        // Scores and the answers that are neither a choice nor a scale
        // come back as filed (answers of one day in any order).
        let summary = |answers: &[(Date, Response)]| {
            let mut lines: Vec<(Date, u32, bool, Vec<String>)> = answers
                .iter()
                .map(|(d, r)| {
                    let texts = r
                        .answers
                        .values()
                        .filter_map(|v| match v {
                            AnswerValue::Text(t) => Some(t.clone()),
                            _ => None,
                        })
                        .collect();
                    (*d, r.score, r.passed, texts)
                })
                .collect();
            lines.sort();
            lines
        };
        assert_eq!(summary(&read), summary(accepted));
    }
    let beta = self::org(store, "beta").await;
    assert!(
        store
            .survey_answers(&beta, &answered.service.id)
            .await
            .expect("answers")
            .is_empty()
    );
}

async fn answers_read_back_keep_their_choices(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let answered = answered_surveys(store, &org).await;
    // Answers of one day come back in any order.
    let by_day = |mut answers: Vec<(Date, Response)>| {
        answers.sort_by_key(|(d, r)| (*d, format!("{r:?}")));
        answers
    };
    for (survey, accepted) in [
        (&answered.service, &answered.service_answers),
        (&answered.knowledge, &answered.knowledge_answers),
    ] {
        let read = store
            .survey_answers(&org, &survey.id)
            .await
            .expect("answers");
        assert_eq!(
            by_day(read),
            by_day(accepted.clone()),
            "every answer as filed: a choice stays a choice"
        );
    }
}

// ---------------------------------------------------------------------------
// KPI sources

async fn kpi_sources_are_set_read_and_cleared_per_item_and_year(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let sessions = KpiSource::Sessions {
        kinds: vec![ActivityKind::Training],
    };
    let coverage = KpiSource::RosterCoverage {
        roster: "r-1".into(),
    };
    let reduction = KpiSource::ComplaintReduction {
        categories: vec!["roads".into(), "waste".into()],
        baseline_year: 2565,
    };
    for (at, year, kpi, source) in [
        (item(1, 1), YEAR, SESSIONS_KPI, &sessions),
        (item(1, 1), YEAR, COVERAGE_KPI, &coverage),
        (item(1, 1), 2569, SESSIONS_KPI, &reduction),
        (item(1, 2), YEAR, SESSIONS_KPI, &coverage),
    ] {
        store
            .set_kpi_source(&org, at, year, kpi, Some(source), STAFF)
            .await
            .expect("set");
    }
    let choice = |kpi: &str, source: &KpiSource| KpiSourceChoice {
        kpi: kpi.into(),
        source: source.clone(),
    };
    let mut expected = vec![
        choice(SESSIONS_KPI, &sessions),
        choice(COVERAGE_KPI, &coverage),
    ];
    expected.sort_by(|a, b| a.kpi.cmp(&b.kpi));
    let read = |at: ItemRef, year: u16| {
        let org = org.clone();
        async move { store.kpi_sources(&org, at, year).await.expect("read") }
    };
    assert_eq!(sorted_choices(read(item(1, 1), YEAR).await), expected);
    assert_eq!(
        read(item(1, 1), 2569).await,
        [choice(SESSIONS_KPI, &reduction)]
    );
    assert_eq!(
        read(item(1, 2), YEAR).await,
        [choice(SESSIONS_KPI, &coverage)]
    );
    assert!(read(item(2, 1), YEAR).await.is_empty());

    // Choosing again replaces the choice.
    let participants = KpiSource::Participants {
        groups: vec![TargetGroup::Staff, TargetGroup::Community],
    };
    store
        .set_kpi_source(
            &org,
            item(1, 1),
            YEAR,
            SESSIONS_KPI,
            Some(&participants),
            STAFF,
        )
        .await
        .expect("replace");
    assert_eq!(
        sorted_choices(read(item(1, 1), YEAR).await),
        sorted_choices(vec![
            choice(SESSIONS_KPI, &participants),
            choice(COVERAGE_KPI, &coverage),
        ])
    );
    // Clearing one leaves the others.
    store
        .set_kpi_source(&org, item(1, 1), YEAR, COVERAGE_KPI, None, STAFF)
        .await
        .expect("clear");
    assert_eq!(
        read(item(1, 1), YEAR).await,
        [choice(SESSIONS_KPI, &participants)]
    );
    assert_eq!(
        read(item(1, 1), 2569).await,
        [choice(SESSIONS_KPI, &reduction)]
    );
    assert_eq!(
        read(item(1, 2), YEAR).await,
        [choice(SESSIONS_KPI, &coverage)]
    );
    // Clearing what is not set is harmless.
    store
        .set_kpi_source(&org, item(2, 1), YEAR, COVERAGE_KPI, None, STAFF)
        .await
        .expect("clear nothing");
    let beta = self::org(store, "beta").await;
    assert!(
        store
            .kpi_sources(&beta, item(1, 1), YEAR)
            .await
            .expect("read")
            .is_empty()
    );
}

// ---------------------------------------------------------------------------
// KPIs measured through the service

async fn kpis_count_sessions_and_participants_as_of_a_date(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let item11 = plan_item(store, &org).await;
    let create = |input: ActivityInput| {
        let org = org.clone();
        async move {
            store
                .create_activity(&org, &input, STAFF)
                .await
                .expect("create")
        }
    };
    // A: two days in November, 90 staff counted on paper.
    let mut a = training(
        item(1, 1),
        "รุ่นที่ 1",
        &[date!(2024 - 11 - 15), date!(2024 - 11 - 16)],
    );
    a.groups[0].actual = Some(90);
    create(a).await;
    // B: a camp in February, 8 staff counted and 3 of the community
    // checked in on their phones.
    let mut b = training(item(1, 1), "ค่าย", &[date!(2025 - 02 - 10)]);
    b.kind = ActivityKind::Camp;
    b.groups = vec![
        GroupCount {
            group: TargetGroup::Staff,
            planned: 10,
            actual: Some(8),
        },
        GroupCount {
            group: TargetGroup::Community,
            planned: 20,
            actual: None,
        },
    ];
    let b = create(b).await;
    for phone in ["p1", "p2", "p3"] {
        store
            .check_in(
                &org,
                &b.id,
                &CheckIn {
                    group: TargetGroup::Community,
                    name: None,
                    device: phone.into(),
                },
                b.input.sessions[0].starts_at(),
            )
            .await
            .expect("check in");
    }
    // Neither another item's activity nor next year's counts.
    let mut other = training(item(1, 2), "ของ 1.2", &[date!(2024 - 12 - 01)]);
    other.groups[0].actual = Some(500);
    create(other).await;
    let mut later = training(item(1, 1), "ปีหน้า", &[date!(2025 - 10 - 20)]);
    later.groups[0].actual = Some(500);
    create(later).await;
    // A publicity line that an unchosen KPI could count.
    store
        .add_publicity(
            &org,
            &PublicityEntry {
                id: String::new(),
                item: Some(item(1, 1)),
                fiscal_year: YEAR,
                channel: "เว็บไซต์".into(),
                date: date!(2024 - 11 - 01),
                topic: "ประกาศรับสมัคร".into(),
            },
            STAFF,
        )
        .await
        .expect("publicity");

    choose(
        store,
        &org,
        SESSIONS_KPI,
        KpiSource::Sessions { kinds: vec![] },
    )
    .await;
    choose(
        store,
        &org,
        PEOPLE_KPI,
        KpiSource::Participants { groups: vec![] },
    )
    .await;

    let measured = |as_of: Date| measure_item(store, &org, &item11, YEAR, as_of);
    // On the first day of A: one session held, A's participants.
    let first_day = measured(date!(2024 - 11 - 15)).await.expect("measure");
    assert_eq!(value_of(&first_day, SESSIONS_KPI), (1.0, false));
    assert_eq!(value_of(&first_day, PEOPLE_KPI), (90.0, false));
    // Between A and B.
    let between = measured(date!(2024 - 12 - 31)).await.expect("measure");
    assert_eq!(value_of(&between, SESSIONS_KPI), (2.0, false));
    assert_eq!(value_of(&between, PEOPLE_KPI), (90.0, false));
    let m = line(&between, SESSIONS_KPI)
        .measurement
        .as_ref()
        .expect("measured");
    assert_eq!(m.as_of, date!(2024 - 12 - 31));
    // After both: 3 sessions, 90 + 8 + 3 participants; both targets met.
    let after = measured(date!(2025 - 03 - 31)).await.expect("measure");
    assert_eq!(value_of(&after, SESSIONS_KPI), (3.0, true));
    assert_eq!(value_of(&after, PEOPLE_KPI), (101.0, true));
    // A date after the fiscal year counts as its last day.
    let beyond = measured(date!(2026 - 06 - 30)).await.expect("measure");
    assert_eq!(value_of(&beyond, PEOPLE_KPI), (101.0, true));
    assert_eq!(
        line(&beyond, PEOPLE_KPI)
            .measurement
            .as_ref()
            .expect("measured")
            .as_of,
        date!(2025 - 09 - 30)
    );
    // Before anything was held: zero, measured.
    let before = measured(date!(2024 - 10 - 01)).await.expect("measure");
    assert_eq!(value_of(&before, SESSIONS_KPI), (0.0, false));

    // Every KPI nobody chose is only a suggestion, not measured.
    let targets = item_targets(&item11);
    for line in &after {
        if line.target.text == SESSIONS_KPI || line.target.text == PEOPLE_KPI {
            assert!(line.chosen, "{}", line.target.text);
            continue;
        }
        assert!(!line.chosen, "{}", line.target.text);
        assert_eq!(line.measurement, None, "{}", line.target.text);
        let target = targets
            .iter()
            .find(|t| t.text == line.target.text)
            .expect("a target of the form");
        assert_eq!(line.source, KpiSource::suggest(target));
    }
    assert_eq!(
        line(&after, CHANNELS_KPI).source,
        KpiSource::DistinctChannels
    );
    assert_eq!(after.len(), targets.len(), "one line per target");

    // Only the camp's sessions, when the source says so.
    choose(
        store,
        &org,
        SESSIONS_KPI,
        KpiSource::Sessions {
            kinds: vec![ActivityKind::Camp],
        },
    )
    .await;
    let camps = measured(date!(2025 - 03 - 31)).await.expect("measure");
    assert_eq!(value_of(&camps, SESSIONS_KPI), (1.0, false));
    // Cleared: a suggestion again.
    store
        .set_kpi_source(&org, item(1, 1), YEAR, SESSIONS_KPI, None, STAFF)
        .await
        .expect("clear");
    let cleared = measured(date!(2025 - 03 - 31)).await.expect("measure");
    assert!(!line(&cleared, SESSIONS_KPI).chosen);
    assert_eq!(line(&cleared, SESSIONS_KPI).measurement, None);
    assert_eq!(value_of(&cleared, PEOPLE_KPI), (101.0, true));
}

async fn roster_coverage_counts_the_entries_reached(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let item11 = plan_item(store, &org).await;
    let communities = store
        .save_roster(&org, &communities_roster(), STAFF)
        .await
        .expect("roster");
    assert_eq!(communities.entries.len(), 4);
    // Another roster with a name the first one also has.
    let villages = store
        .save_roster(
            &org,
            &Roster {
                id: String::new(),
                kind: RosterKind::Communities,
                name: "หมู่บ้านนอกเขต".into(),
                entries: vec!["ชุมชน ค".into(), "ชุมชน ง".into()],
            },
            STAFF,
        )
        .await
        .expect("roster");
    let reaching = |at: ItemRef, day: Date, reached: Vec<RosterEntryRef>| {
        let mut input = training(at, "ลงพื้นที่", &[day]);
        input.kind = ActivityKind::Campaign;
        input.roster_entries = reached;
        let org = org.clone();
        async move {
            store
                .create_activity(&org, &input, STAFF)
                .await
                .expect("create")
        }
    };
    reaching(
        item(1, 1),
        date!(2024 - 11 - 15),
        vec![entry(&communities, "ชุมชน ก")],
    )
    .await;
    reaching(
        item(1, 1),
        date!(2025 - 02 - 10),
        vec![
            entry(&communities, "ชุมชน ข"),
            entry(&communities, "ชุมชน ก"),
            entry(&villages, "ชุมชน ค"),
            entry(&villages, "ชุมชน ง"),
        ],
    )
    .await;
    // Another item reached a third community of the roster.
    reaching(
        item(1, 2),
        date!(2024 - 12 - 01),
        vec![entry(&communities, "ชุมชน ค")],
    )
    .await;

    choose(
        store,
        &org,
        COVERAGE_KPI,
        KpiSource::RosterCoverage {
            roster: communities.id.clone(),
        },
    )
    .await;
    let between = measure_item(store, &org, &item11, YEAR, date!(2024 - 12 - 31))
        .await
        .expect("measure");
    assert_eq!(value_of(&between, COVERAGE_KPI), (25.0, false));
    let after = measure_item(store, &org, &item11, YEAR, date!(2025 - 03 - 31))
        .await
        .expect("measure");
    assert_eq!(
        value_of(&after, COVERAGE_KPI),
        (50.0, false),
        "2 of 4 communities, against 80%"
    );

    // A roster that does not exist cannot say.
    choose(
        store,
        &org,
        COVERAGE_KPI,
        KpiSource::RosterCoverage {
            roster: "no-such-roster".into(),
        },
    )
    .await;
    let unknown = measure_item(store, &org, &item11, YEAR, date!(2025 - 03 - 31))
        .await
        .expect("measure");
    assert!(line(&unknown, COVERAGE_KPI).chosen);
    assert_eq!(line(&unknown, COVERAGE_KPI).measurement, None);
}

async fn survey_and_test_kpis_come_from_answers(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let item11 = plan_item(store, &org).await;
    let satisfaction = store
        .create_survey(&org, &from_template("training"), STAFF)
        .await
        .expect("survey");
    let mut test_input = from_template("knowledge");
    test_input.phase = Phase::Post;
    let test = store
        .create_survey(&org, &test_input, STAFF)
        .await
        .expect("test");
    choose(
        store,
        &org,
        SATISFACTION_KPI,
        KpiSource::SurveySatisfied {
            survey: satisfaction.id.clone(),
        },
    )
    .await;
    choose(
        store,
        &org,
        KNOWLEDGE_KPI,
        KpiSource::TestPassing {
            survey: test.id.clone(),
        },
    )
    .await;
    let measured = || measure_item(store, &org, &item11, YEAR, date!(2025 - 03 - 31));

    // No answers yet: nothing to say.
    let empty = measured().await.expect("measure");
    for kpi in [SATISFACTION_KPI, KNOWLEDGE_KPI] {
        assert!(line(&empty, kpi).chosen);
        assert_eq!(line(&empty, kpi).measurement, None, "{kpi}");
    }

    let day = date!(2025 - 01 - 20);
    let rate = |rating: u8| {
        let answers: BTreeMap<String, Value> =
            (1..=4).map(|q| (format!("q{q}"), json!(rating))).collect();
        check_answers(&satisfaction.input, &answers).expect("valid answers")
    };
    let mut batch: Vec<NewResponse> = [5, 5, 4, 4, 2]
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            new_response(
                &satisfaction.id,
                Some(&device(&org, &format!("s{i}"))),
                rate(r),
                day,
            )
        })
        .collect();
    batch.extend([5, 4, 4, 5, 1].into_iter().enumerate().map(|(i, right)| {
        new_response(
            &test.id,
            Some(&device(&org, &format!("t{i}"))),
            knowledge_response(&test.input, right),
            day,
        )
    }));
    let stored = store.answer_surveys(&org, &batch).await.expect("answer");
    assert!(stored.iter().all(Result::is_ok), "{stored:?}");

    // 4 of 5 satisfied, 4 of 5 passed: both at 80%.
    let at_mark = measured().await.expect("measure");
    assert_eq!(value_of(&at_mark, SATISFACTION_KPI), (80.0, true));
    assert_eq!(value_of(&at_mark, KNOWLEDGE_KPI), (80.0, true));

    // One more of each below the mark: 4 of 6.
    let more = store
        .answer_surveys(
            &org,
            &[
                new_response(&satisfaction.id, None, rate(1), day),
                new_response(&test.id, None, knowledge_response(&test.input, 3), day),
            ],
        )
        .await
        .expect("answer");
    assert!(more.iter().all(Result::is_ok), "{more:?}");
    let below = measured().await.expect("measure");
    assert_eq!(value_of(&below, SATISFACTION_KPI), (66.67, false));
    assert_eq!(value_of(&below, KNOWLEDGE_KPI), (66.67, false));

    // A survey that does not exist cannot say.
    choose(
        store,
        &org,
        SATISFACTION_KPI,
        KpiSource::SurveySatisfied {
            survey: "no-such-survey".into(),
        },
    )
    .await;
    let unknown = measured().await.expect("measure");
    assert_eq!(line(&unknown, SATISFACTION_KPI).measurement, None);
    assert_eq!(value_of(&unknown, KNOWLEDGE_KPI), (66.67, false));
}

/// Filing takes the current time, so the current fiscal year is today's.
/// Complaints of an earlier year cannot be filed through the contract; those
/// of the baseline year below are filed today and then moved into it in the
/// database (see `move_complaints`).
async fn complaint_reduction_compares_with_a_baseline_year(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let item11 = plan_item(store, &org).await;
    let now_roads = file(store, &org, &["roads", "roads", "roads"]).await;
    file(store, &org, &["waste", "waste"]).await;
    let today = local_date(now_roads[0].1);
    let this_year = FiscalYear::of(today);
    let next_year = this_year.0 + 1;

    // 1. Through the contract alone: next year against this one as its
    // baseline. Next year has no complaint yet: 3 roads complaints → 0 is
    // 100% fewer.
    choose_for(
        store,
        &org,
        next_year,
        COMPLAINTS_KPI,
        KpiSource::ComplaintReduction {
            categories: vec!["roads".into()],
            baseline_year: this_year.0,
        },
    )
    .await;
    // As of next year's last day, the whole of this year is its baseline.
    let next_end = FiscalYear(next_year).last_day();
    let next = measure_item(store, &org, &item11, next_year, next_end)
        .await
        .expect("measure");
    assert_eq!(value_of(&next, COMPLAINTS_KPI), (100.0, true));
    assert_eq!(
        line(&next, COMPLAINTS_KPI)
            .measurement
            .as_ref()
            .expect("measured")
            .as_of,
        next_end
    );

    // 2. This year against last year: 4 roads complaints and 1 about waste
    // moved to the first day of last year, and one more roads complaint to
    // its last day, which a year under way does not compare with (like for
    // like: the baseline counts up to the same point of its year).
    let earlier = file(
        store,
        &org,
        &["roads", "roads", "roads", "roads", "waste", "roads"],
    )
    .await;
    let baseline = FiscalYear(this_year.0 - 1);
    let ids: Vec<String> = earlier.iter().map(|(id, _)| id.clone()).collect();
    move_complaints(raw, &org, &ids[..5], baseline.first_day()).await;
    move_complaints(raw, &org, &ids[5..], baseline.last_day()).await;
    assert_eq!(
        store
            .complaint_count(&org, &[], baseline.first_day(), baseline.last_day())
            .await
            .expect("count"),
        6
    );
    assert_eq!(
        store
            .complaint_count(&org, &["roads".into()], this_year.first_day(), today)
            .await
            .expect("count"),
        3
    );

    choose_for(
        store,
        &org,
        this_year.0,
        COMPLAINTS_KPI,
        KpiSource::ComplaintReduction {
            categories: vec!["roads".into()],
            baseline_year: baseline.0,
        },
    )
    .await;
    let roads = measure_item(store, &org, &item11, this_year.0, today)
        .await
        .expect("measure");
    if today < this_year.last_day() {
        assert_eq!(
            value_of(&roads, COMPLAINTS_KPI),
            (25.0, true),
            "roads: 4 → 3 is 25% fewer, against 20% (the late one not yet compared)"
        );
    } else {
        assert_eq!(value_of(&roads, COMPLAINTS_KPI), (40.0, true), "5 → 3");
    }
    choose_for(
        store,
        &org,
        this_year.0,
        COMPLAINTS_KPI,
        KpiSource::ComplaintReduction {
            categories: vec![],
            baseline_year: baseline.0,
        },
    )
    .await;
    let all = measure_item(store, &org, &item11, this_year.0, today)
        .await
        .expect("measure");
    if today < this_year.last_day() {
        assert_eq!(
            value_of(&all, COMPLAINTS_KPI),
            (0.0, false),
            "every category: 5 → 5"
        );
    }
    // Counting only up to a date: the day before today none of this year's
    // complaints had arrived yet, unless today is the year's first day.
    if today > this_year.first_day() {
        let yesterday = measure_item(store, &org, &item11, this_year.0, today - Duration::days(1))
            .await
            .expect("measure");
        assert_eq!(value_of(&yesterday, COMPLAINTS_KPI), (100.0, true));
    }
    // A baseline that is not an earlier year cannot say.
    choose_for(
        store,
        &org,
        this_year.0,
        COMPLAINTS_KPI,
        KpiSource::ComplaintReduction {
            categories: vec![],
            baseline_year: this_year.0,
        },
    )
    .await;
    let same = measure_item(store, &org, &item11, this_year.0, today)
        .await
        .expect("measure");
    assert!(line(&same, COMPLAINTS_KPI).chosen);
    assert_eq!(line(&same, COMPLAINTS_KPI).measurement, None);
    // A baseline year without complaints cannot say either.
    choose_for(
        store,
        &org,
        this_year.0,
        COMPLAINTS_KPI,
        KpiSource::ComplaintReduction {
            categories: vec![],
            baseline_year: baseline.0 - 1,
        },
    )
    .await;
    let empty = measure_item(store, &org, &item11, this_year.0, today)
        .await
        .expect("measure");
    assert_eq!(line(&empty, COMPLAINTS_KPI).measurement, None);
    // This year's count alone.
    choose_for(
        store,
        &org,
        this_year.0,
        COMPLAINTS_KPI,
        KpiSource::Complaints {
            categories: vec!["waste".into()],
        },
    )
    .await;
    let waste = measure_item(store, &org, &item11, this_year.0, today)
        .await
        .expect("measure");
    assert_eq!(value_of(&waste, COMPLAINTS_KPI).0, 2.0);
}

// ---------------------------------------------------------------------------
// Helpers

fn item(dimension: u8, no: u32) -> ItemRef {
    ItemRef { dimension, no }
}

async fn org(store: &dyn Store, slug: &str) -> String {
    store
        .ensure_organization(slug, &format!("เทศบาล {slug}"))
        .await
        .expect("organization")
        .id
}

fn session(date: Date, starts: Time, ends: Time) -> Session {
    Session { date, starts, ends }
}

/// A training of `item` on these days (9:00–12:00), 50 staff planned; its
/// fiscal year is the first day's.
fn training(item: ItemRef, title: &str, days: &[Date]) -> ActivityInput {
    ActivityInput {
        item,
        fiscal_year: FiscalYear::of(days[0]).0,
        kind: ActivityKind::Training,
        title: title.into(),
        sessions: days
            .iter()
            .map(|d| session(*d, time!(9:00), time!(12:00)))
            .collect(),
        venue: "ห้องประชุมเทศบาล".into(),
        topics: vec![],
        speakers: vec![],
        groups: vec![GroupCount {
            group: TargetGroup::Staff,
            planned: 50,
            actual: None,
        }],
        roster_entries: vec![],
        summary: String::new(),
    }
}

fn communities_roster() -> Roster {
    Roster {
        id: String::new(),
        kind: RosterKind::Communities,
        name: "ชุมชนในเขตเทศบาล".into(),
        entries: vec![
            "ชุมชน ก".into(),
            "ชุมชน ข".into(),
            "ชุมชน ค".into(),
            "ชุมชน ง".into(),
        ],
    }
}

fn entry(roster: &Roster, name: &str) -> RosterEntryRef {
    RosterEntryRef {
        roster: roster.id.clone(),
        entry: name.into(),
    }
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

fn sorted_choices(mut v: Vec<KpiSourceChoice>) -> Vec<KpiSourceChoice> {
    v.sort_by(|a, b| a.kpi.cmp(&b.kpi));
    v
}

/// The fields of an `Invalid` refusal, sorted and without repeats.
fn invalid_fields<T: std::fmt::Debug>(result: Result<T, StoreError>) -> Vec<&'static str> {
    match result {
        Err(StoreError::Invalid(errors)) => {
            let mut fields: Vec<&'static str> = errors.iter().map(|e| e.field).collect();
            fields.sort_unstable();
            fields.dedup();
            fields
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

/// A survey of YEAR from a shipped template, open all year, for item 1.1.
fn from_template(code: &str) -> SurveyInput {
    let t = Template::find(code).expect("a shipped template");
    SurveyInput {
        title: t.title.into(),
        kind: t.kind,
        item: Some(item(1, 1)),
        fiscal_year: YEAR,
        activity: None,
        phase: Phase::Single,
        opens: FiscalYear(YEAR).first_day(),
        closes: FiscalYear(YEAR).last_day(),
        pass_mark: t.pass_mark,
        min_public: DEFAULT_MIN_PUBLIC,
        questions: t.questions(),
    }
}

fn device(org: &str, token: &str) -> String {
    device_hash(org, "contract", token)
}

fn new_response(
    survey: &str,
    device: Option<&str>,
    response: Response,
    today: Date,
) -> NewResponse {
    NewResponse {
        survey_id: survey.into(),
        device: device.map(str::to_string),
        response,
        today,
    }
}

/// The "service" template answered: `rating` on its five scale questions,
/// option `job` of question 6, and a suggestion if given.
fn service_response(
    survey: &SurveyInput,
    rating: u8,
    job: usize,
    comment: Option<&str>,
) -> Response {
    let mut answers: BTreeMap<String, Value> =
        (1..=5).map(|q| (format!("q{q}"), json!(rating))).collect();
    answers.insert("q6".into(), json!(job));
    if let Some(comment) = comment {
        answers.insert("q7".into(), json!(comment));
    }
    check_answers(survey, &answers).expect("valid answers")
}

/// The "knowledge" test answered with its first `right` questions right and
/// the others wrong (its answers are ผิด, ถูก, ถูก, ผิด, ถูก).
fn knowledge_response(survey: &SurveyInput, right: usize) -> Response {
    let answers: BTreeMap<String, Value> = survey
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let correct = q.correct.expect("scored");
            let given = if i < right { correct } else { 1 - correct };
            (q.id.clone(), json!(given))
        })
        .collect();
    let response = check_answers(survey, &answers).expect("valid answers");
    assert_eq!(response.score as usize, right);
    response
}

/// Refusals by kind, for comparing whole batches of outcomes.
fn outcomes(results: &[Result<(), StoreError>]) -> Vec<Result<(), &'static str>> {
    results
        .iter()
        .map(|r| match r {
            Ok(()) => Ok(()),
            Err(StoreError::Conflict(Clash::Answered)) => Err("conflict"),
            Err(StoreError::NotFound(Missing::Survey(_))) => Err("not found"),
            Err(StoreError::NotAllowed(Refusal::SurveyClosed)) => Err("closed"),
            Err(other) => panic!("unexpected refusal {other:?}"),
        })
        .collect()
}

struct Answered {
    service: sujarit_core::survey::Survey,
    knowledge: sujarit_core::survey::Survey,
    /// Closed on 30 Nov 2024.
    closed: sujarit_core::survey::Survey,
    first: Vec<Result<(), StoreError>>,
    second: Vec<Result<(), StoreError>>,
    /// The answers accepted, by date.
    service_answers: Vec<(Date, Response)>,
    knowledge_answers: Vec<(Date, Response)>,
}

/// Three surveys answered in two batches that mix surveys, devices and
/// refusals. Accepted: the service survey rated 5, 5, 4, 2, 1 (jobs 0, 1,
/// 0, 0, 4; two suggestions) and the knowledge test with 5, 4, 3 and 1
/// right answers.
async fn answered_surveys(store: &dyn Store, org: &str) -> Answered {
    let service = store
        .create_survey(org, &from_template("service"), STAFF)
        .await
        .expect("service survey");
    let knowledge = store
        .create_survey(org, &from_template("knowledge"), STAFF)
        .await
        .expect("knowledge test");
    let mut short = from_template("service");
    short.closes = date!(2024 - 11 - 30);
    let closed = store
        .create_survey(org, &short, STAFF)
        .await
        .expect("closed survey");
    let s = |rating: u8, job: usize, comment: Option<&str>| {
        service_response(&service.input, rating, job, comment)
    };
    let k = |right: usize| knowledge_response(&knowledge.input, right);
    let (d1, d2, d3) = (
        date!(2024 - 11 - 20),
        date!(2024 - 12 - 05),
        date!(2025 - 01 - 08),
    );
    let a = device(org, "a");
    let b = device(org, "b");
    let first_batch = vec![
        new_response(&service.id, Some(&a), s(5, 0, Some("บริการดีมาก")), d1),
        new_response(&service.id, Some(&b), s(5, 1, None), d2),
        // The same phone again, in the same batch.
        new_response(&service.id, Some(&a), s(1, 3, None), d1),
        // The same phone on another survey.
        new_response(&knowledge.id, Some(&a), k(5), d1),
        new_response("no-such-survey", Some(&device(org, "c")), s(5, 0, None), d1),
        // No device: no duplicate control.
        new_response(&service.id, None, s(4, 0, None), d3),
        new_response(&service.id, None, s(2, 0, Some("รอนาน")), d3),
    ];
    let first = store
        .answer_surveys(org, &first_batch)
        .await
        .expect("first batch");
    let e = device(org, "e");
    let second_batch = vec![
        // The same phone again, in a later batch.
        new_response(&service.id, Some(&b), s(1, 2, None), d2),
        new_response(&service.id, Some(&device(org, "d")), s(1, 4, None), d2),
        new_response(&knowledge.id, Some(&b), k(4), d2),
        new_response(&knowledge.id, Some(&device(org, "c")), k(3), d3),
        new_response(&knowledge.id, Some(&device(org, "d")), k(1), d3),
        // After the close date, after the fiscal year, before the opening.
        new_response(&closed.id, Some(&e), s(5, 0, None), d2),
        new_response(&service.id, Some(&e), s(5, 0, None), date!(2025 - 10 - 01)),
        new_response(&service.id, Some(&e), s(5, 0, None), date!(2024 - 09 - 30)),
    ];
    let second = store
        .answer_surveys(org, &second_batch)
        .await
        .expect("second batch");
    let accepted = |survey: &str| -> Vec<(Date, Response)> {
        let mut out: Vec<(Date, Response)> = first_batch
            .iter()
            .zip(&first)
            .chain(second_batch.iter().zip(&second))
            .filter(|(n, r)| n.survey_id == survey && r.is_ok())
            .map(|(n, _)| (n.today, n.response.clone()))
            .collect();
        out.sort_by_key(|(d, _)| *d);
        out
    };
    let service_answers = accepted(&service.id);
    let knowledge_answers = accepted(&knowledge.id);
    Answered {
        service,
        knowledge,
        closed,
        first,
        second,
        service_answers,
        knowledge_answers,
    }
}

/// Testkit's plan, with more KPI lines in item 1.1's form, imported; item
/// 1.1 as read back.
async fn plan_item(store: &dyn Store, org: &str) -> Item {
    let mut report: PlanReport = sujarit_testkit::plan::report();
    let form = report
        .plan
        .dimensions
        .iter_mut()
        .flat_map(|d| d.missions.iter_mut())
        .flat_map(|m| m.items.iter_mut())
        .find(|i| i.item_ref() == item(1, 1))
        .and_then(|i| i.form.as_mut())
        .expect("item 1.1 has a form");
    form.outputs
        .extend([SESSIONS_KPI, PEOPLE_KPI, COVERAGE_KPI, CHANNELS_KPI].map(str::to_string));
    form.outcomes
        .extend([SATISFACTION_KPI, COMPLAINTS_KPI].map(str::to_string));
    let source = ImportSource {
        file_name: "plan.txt".into(),
        sha256: "ab".repeat(32),
    };
    match store
        .save_plan_import(org, &report, &source)
        .await
        .expect("import")
    {
        SaveOutcome::Saved(_) => {}
        other => panic!("expected a new plan, got {other:?}"),
    }
    let (_, read) = store
        .current_plan(org)
        .await
        .expect("read plan")
        .expect("a plan");
    let item11 = read.plan.item(item(1, 1)).expect("item 1.1").clone();
    let targets: Vec<(String, f64, String)> = item_targets(&item11)
        .into_iter()
        .map(|t| (t.text, t.value, t.unit))
        .collect();
    let expected: Vec<(String, f64, String)> = [
        (SESSIONS_KPI, 3.0, "ครั้ง"),
        (PEOPLE_KPI, 100.0, "คน"),
        (COVERAGE_KPI, 80.0, "ร้อยละ"),
        (CHANNELS_KPI, 5.0, "ช่องทาง"),
        (KNOWLEDGE_KPI, 80.0, "ร้อยละ"),
        (SATISFACTION_KPI, 80.0, "ร้อยละ"),
        (COMPLAINTS_KPI, 20.0, "ร้อยละ"),
    ]
    .iter()
    .map(|(t, v, u)| (t.to_string(), *v, u.to_string()))
    .collect();
    assert_eq!(targets, expected, "the form's measurable targets");
    item11
}

async fn choose(store: &dyn Store, org: &str, kpi: &str, source: KpiSource) {
    choose_for(store, org, YEAR, kpi, source).await;
}

async fn choose_for(store: &dyn Store, org: &str, year: u16, kpi: &str, source: KpiSource) {
    store
        .set_kpi_source(org, item(1, 1), year, kpi, Some(&source), STAFF)
        .await
        .expect("choose a source");
}

fn line<'a>(lines: &'a [KpiLine], kpi: &str) -> &'a KpiLine {
    lines
        .iter()
        .find(|l| l.target.text == kpi)
        .unwrap_or_else(|| panic!("no line {kpi}"))
}

/// A chosen KPI's measured value and whether it met its target.
fn value_of(lines: &[KpiLine], kpi: &str) -> (f64, bool) {
    let line = line(lines, kpi);
    assert!(line.chosen, "{kpi} not chosen");
    let m = line
        .measurement
        .as_ref()
        .unwrap_or_else(|| panic!("{kpi} not measured: {line:?}"));
    (m.value, m.met)
}

/// Files general complaints of these categories now: (id, received at).
async fn file(store: &dyn Store, org: &str, categories: &[&str]) -> Vec<(String, OffsetDateTime)> {
    let keyring = Keyring::new("k", SealingKey::from_bytes([7; 32])).expect("keyring");
    let records: Vec<NewComplaintRecord> = categories
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let complaint = NewComplaint {
                channel: Channel::General,
                category: category.to_string(),
                subject: format!("เรื่องที่ {i}"),
                details: "รายละเอียดของเรื่องร้องเรียนนี้".into(),
                place: None,
                persons_concerned: None,
                contact: None,
                location: None,
            };
            assert!(
                complaint.validate().is_empty(),
                "{:?}",
                complaint.validate()
            );
            let complaint_id = uuid::Uuid::new_v4().to_string();
            let code = random_tracking_code();
            NewComplaintRecord {
                tracking_hash: keyring.tracking_hash(org, code.as_str()),
                complaint: complaint.seal(&RecordSealer::with_server_key(
                    &keyring,
                    org,
                    &complaint_id,
                )),
                complaint_id,
                attachments: Vec::new(),
                reporter_key: None,
                key_grants: Vec::new(),
                submission: None,
                received_at: None,
                taken_in: None,
            }
        })
        .collect();
    store
        .file_complaints(org, &records)
        .await
        .expect("file")
        .into_iter()
        .map(|o| {
            let receipt = o.expect("filed");
            (receipt.complaint_id, receipt.received_at)
        })
        .collect()
}

/// Moves complaints to another received date, in the database itself: the
/// contract files every complaint at the current time.
async fn move_complaints(raw: &Raw, org: &str, ids: &[String], day: Date) {
    const MOVE: &str = "UPDATE complaints SET received_on = $1, received_at = $2 \
                        WHERE organization_id = $3 AND complaint_id = $4";
    let at = PrimitiveDateTime::new(day, time!(10:00))
        .assume_offset(BANGKOK)
        .to_offset(time::UtcOffset::UTC);
    match raw {
        Raw::Sqlite(path) => {
            let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
            let mut conn = sqlx::SqliteConnection::connect_with(&options)
                .await
                .expect("open SQLite file");
            for id in ids {
                let moved = sqlx::query(MOVE)
                    .bind(day)
                    .bind(at)
                    .bind(org)
                    .bind(id)
                    .execute(&mut conn)
                    .await
                    .expect("move a complaint")
                    .rows_affected();
                assert_eq!(moved, 1);
            }
        }
        Raw::Postgres(url) => {
            let mut conn = sqlx::PgConnection::connect(url)
                .await
                .expect("connect to the test database");
            for id in ids {
                let moved = sqlx::query(MOVE)
                    .bind(day)
                    .bind(at)
                    .bind(org)
                    .bind(id)
                    .execute(&mut conn)
                    .await
                    .expect("move a complaint")
                    .rows_affected();
                assert_eq!(moved, 1);
            }
        }
    }
}
