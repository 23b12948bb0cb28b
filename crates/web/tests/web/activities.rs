//! Activities through the router against a real SQLite store: recording
//! with sessions typed in BE (bad input at its field, nothing stored), who
//! may record, check-in on a phone (one per device, only around a session,
//! names never public), publication on the calendar, the activity page and
//! the JSON API, the publicity log, and KPIs computed from records that
//! prefill the quarterly report (an override needs a reason).

use std::sync::Arc;

use axum::Router;
use axum::http::{StatusCode, header};
use sujarit_core::ItemRef;
use sujarit_core::account::Role;
use sujarit_store::Store;
use sujarit_store::files::FileStore;
use sujarit_web::{Clock, Resources};

use crate::support::{client, seeded};
use client::{PASSWORD, Reply, Routed, get, post, send, session_of};

/// 15 February 2023: fiscal year 2566, quarter 2.
const TODAY: time::Date = time::macros::date!(2023 - 02 - 15);

struct App {
    router: Router,
    store: Arc<dyn Store>,
    org: String,
    _dir: sujarit_testkit::TempDir,
}

impl Routed for App {
    fn router(&self) -> &Router {
        &self.router
    }
}

const ACCOUNTS: [(&str, Role, Option<&str>); 4] = [
    ("coordinator@nakhon.test", Role::PlanCoordinator, None),
    (
        "officer@nakhon.test",
        Role::UnitOfficer,
        Some("สำนักปลัดเทศบาล"),
    ),
    ("other@nakhon.test", Role::UnitOfficer, Some("กองการศึกษา")),
    ("executive@nakhon.test", Role::Executive, None),
];

async fn app() -> App {
    let seeded::Seeded { store, org, dir } =
        seeded::seeded("activities", &ACCOUNTS, PASSWORD).await;
    let files = FileStore::new(dir.0.join("files"));
    let config = Resources {
        files,
        clock: Clock::Fixed(TODAY),
        ..Default::default()
    };
    let router =
        sujarit_web::router(sujarit_web::AppState::new(store.clone()).with_resources(config));
    App {
        router,
        store,
        org,
        _dir: dir,
    }
}

/// A training of item 1.1 on two days; the second is today, all day long,
/// so that check-in is open whatever the time of the test run.
fn training(title: &str) -> Vec<(&'static str, String)> {
    vec![
        ("item", "1.1".into()),
        ("fiscal_year", "2566".into()),
        ("kind", "training".into()),
        ("title", title.into()),
        ("venue", "ห้องประชุมสภาเทศบาล".into()),
        ("topics", "ผลประโยชน์ทับซ้อน\nการรับของขวัญ".into()),
        ("session_date", "10/02/2566".into()),
        ("session_start", "09:00".into()),
        ("session_end", "12:00".into()),
        ("session_date", "15/02/2566".into()),
        ("session_start", "00:00".into()),
        ("session_end", "23:59".into()),
        ("planned_staff", "100".into()),
        ("actual_staff", "".into()),
    ]
}

async fn post_pairs(app: &App, uri: &str, cookie: Option<&str>, pairs: &[(&str, String)]) -> Reply {
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post(app, uri, cookie, &borrowed).await
}

/// A survey of item 1.1 in 2566 from a template.
async fn create_survey(
    app: &App,
    template: &sujarit_core::survey::Template,
    activity: Option<String>,
    phase: sujarit_core::survey::Phase,
    opens: time::Date,
    closes: time::Date,
) -> sujarit_core::survey::Survey {
    let input = sujarit_core::survey::SurveyInput {
        title: template.title.into(),
        kind: template.kind,
        item: Some(ItemRef {
            dimension: 1,
            no: 1,
        }),
        fiscal_year: 2566,
        activity,
        phase,
        opens,
        closes,
        pass_mark: template.pass_mark,
        min_public: sujarit_core::survey::DEFAULT_MIN_PUBLIC,
        questions: template.questions(),
    };
    app.store
        .create_survey(&app.org, &input, "test")
        .await
        .unwrap()
}

async fn activity_count(app: &App) -> usize {
    app.store
        .activities(&app.org, 2566, None)
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn an_officer_records_a_training_and_bad_input_stores_nothing() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;

    let mut bad = training("อบรมคุณธรรม");
    bad[6].1 = "10/10/2566".into(); // fiscal year 2567
    bad[12].1 = "-5".into();
    let reply = post_pairs(&app, "/staff/activities", Some(&officer), &bad).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(
        reply.body.contains("ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("อบรมคุณธรรม"), "what was typed is kept");
    assert_eq!(activity_count(&app).await, 0);

    bad[12].1 = "100".into();
    let reply = post_pairs(&app, "/staff/activities", Some(&officer), &bad).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains("ไม่อยู่ในปีงบประมาณ 2566"),
        "{}",
        reply.body
    );
    assert_eq!(activity_count(&app).await, 0);

    let reply = post_pairs(
        &app,
        "/staff/activities",
        Some(&officer),
        &training("อบรมคุณธรรม"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let stored = app.store.activities(&app.org, 2566, None).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].input.sessions.len(), 2);
    assert_eq!(stored[0].input.topics.len(), 2);
    assert!(reply.location().starts_with("/staff/activities/"));

    let page = get(&app, reply.location(), Some(&officer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("/sheet.pdf"));
    assert!(page.body.contains("/o/nakhon/checkin/"));
    let list = get(&app, "/staff/activities?year=2566", Some(&officer)).await;
    assert!(list.body.contains("อบรมคุณธรรม"));
}

#[tokio::test]
async fn only_the_owning_unit_and_the_coordinator_record() {
    let app = app().await;
    let other = session_of(&app, "other@nakhon.test").await;
    let executive = session_of(&app, "executive@nakhon.test").await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    for cookie in [&other, &executive] {
        let reply = post_pairs(&app, "/staff/activities", Some(cookie), &training("x")).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    }
    // 403 before 400: bad input from a role without the right is still 403.
    let reply = post(
        &app,
        "/staff/activities",
        Some(&executive),
        &[("item", "zz")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(activity_count(&app).await, 0);
    let reply = post_pairs(
        &app,
        "/staff/activities",
        Some(&coordinator),
        &training("x"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    // The executive reads everything but edits nothing.
    let page = get(&app, reply.location(), Some(&executive)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("name=\"session_date\""));
    let id = reply
        .location()
        .trim_start_matches("/staff/activities/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let names = get(
        &app,
        &format!("/staff/activities/{id}/attendance"),
        Some(&executive),
    )
    .await;
    assert_eq!(
        names.status,
        StatusCode::FORBIDDEN,
        "names are for the organisers only"
    );
}

fn cookie_of(reply: &Reply) -> String {
    reply
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a device cookie")
        .to_string()
}

#[tokio::test]
async fn check_in_once_per_device_names_stay_private() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let reply = post_pairs(
        &app,
        "/staff/activities",
        Some(&officer),
        &training("อบรมจริยธรรม"),
    )
    .await;
    let id = reply
        .location()
        .trim_start_matches("/staff/activities/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let activity = app.store.activity(&app.org, &id).await.unwrap().unwrap();
    let link = format!("/o/nakhon/checkin/{}", activity.checkin_token);

    let page = get(&app, &link, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ลงชื่อเข้าร่วม"));
    let phone = cookie_of(&page);

    let no_group = send(
        &app,
        axum::http::Method::POST,
        &link,
        Some(&phone),
        Some("application/x-www-form-urlencoded"),
        b"name=".to_vec(),
    )
    .await;
    assert_eq!(no_group.status, StatusCode::BAD_REQUEST);
    assert!(no_group.body.contains("โปรดเลือกกลุ่มของท่าน"));

    let body = client::encode(&[("group", "staff"), ("name", "สมหญิง ใจดี")]).into_bytes();
    let first = send(
        &app,
        axum::http::Method::POST,
        &link,
        Some(&phone),
        Some("application/x-www-form-urlencoded"),
        body.clone(),
    )
    .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(first.body.contains("ลงชื่อเข้าร่วมเรียบร้อยแล้ว"));
    let again = send(
        &app,
        axum::http::Method::POST,
        &link,
        Some(&phone),
        Some("application/x-www-form-urlencoded"),
        body,
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("ลงชื่อเข้าร่วมกิจกรรมนี้แล้ว"));

    let counted = app.store.activity(&app.org, &id).await.unwrap().unwrap();
    assert_eq!(
        counted.participants(&[]),
        1,
        "the check-in counts when staff typed no number"
    );

    let names = get(
        &app,
        &format!("/staff/activities/{id}/attendance"),
        Some(&officer),
    )
    .await;
    assert_eq!(names.status, StatusCode::OK);
    assert!(names.body.contains("สมหญิง ใจดี"));
    let audit = app.store.audit_log(&app.org, None, 50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == sujarit_store::AUDIT_ATTENDANCE_READ)
    );

    // Published by the coordinator (not the unit): the calendar, the page
    // and the API count, and never name.
    let publish = format!("/staff/activities/{id}/publish");
    let refused = post(&app, &publish, Some(&officer), &[("publish", "1")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        !app.store
            .activity(&app.org, &id)
            .await
            .unwrap()
            .unwrap()
            .published
    );
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let reply = post(&app, &publish, Some(&coordinator), &[("publish", "1")]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let calendar = get(&app, "/o/nakhon/activities?year=2566", None).await;
    assert!(calendar.body.contains("อบรมจริยธรรม"));
    let public = get(&app, &format!("/o/nakhon/activities/{id}"), None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("ผู้เข้าร่วม"));
    let api = get(
        &app,
        "/api/v1/organizations/nakhon/activities?fiscal_year=2566",
        None,
    )
    .await;
    assert_eq!(api.status, StatusCode::OK);
    let json = api.json();
    assert_eq!(json[0]["participants_total"], 1);
    assert_eq!(json[0]["sessions"].as_array().unwrap().len(), 2);
    for body in [&calendar.body, &public.body, &api.body] {
        assert!(
            !body.contains("สมหญิง"),
            "a participant's name is never public"
        );
    }
    let bad_year = get(
        &app,
        "/api/v1/organizations/nakhon/activities?fiscal_year=66",
        None,
    )
    .await;
    assert_eq!(bad_year.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn check_in_is_closed_away_from_the_sessions_and_unpublished_is_not_public() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let mut earlier = training("อบรมก่อนหน้า");
    earlier.truncate(9); // only the session of 10 February
    earlier.push(("planned_staff", "30".into()));
    let reply = post_pairs(&app, "/staff/activities", Some(&officer), &earlier).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let activity = app
        .store
        .activities(&app.org, 2566, None)
        .await
        .unwrap()
        .remove(0);
    let link = format!("/o/nakhon/checkin/{}", activity.checkin_token);
    let page = get(&app, &link, None).await;
    assert!(page.body.contains("การลงชื่อเปิดเฉพาะ"), "{}", page.body);
    let phone = cookie_of(&page);
    let body = client::encode(&[("group", "staff")]).into_bytes();
    let late = send(
        &app,
        axum::http::Method::POST,
        &link,
        Some(&phone),
        Some("application/x-www-form-urlencoded"),
        body,
    )
    .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.body.contains("ปิดแล้ว"));
    assert_eq!(
        app.store
            .activity(&app.org, &activity.id)
            .await
            .unwrap()
            .unwrap()
            .participants(&[]),
        0
    );
    let public = get(&app, &format!("/o/nakhon/activities/{}", activity.id), None).await;
    assert_eq!(public.status, StatusCode::NOT_FOUND);
    let unknown = get(&app, "/o/nakhon/checkin/nosuchtoken", None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_publicity_log_refuses_bad_dates_and_unknown_channels() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let reply = post(
        &app,
        "/staff/publicity",
        Some(&officer),
        &[
            ("date", "32/01/2566"),
            ("channel", "เว็บไซต์"),
            ("topic", "ประกาศเจตจำนง"),
            ("item", "1.1"),
            ("year", "2566"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("วันที่ต้องเป็น"));
    let reply = post(
        &app,
        "/staff/publicity",
        Some(&officer),
        &[
            ("date", "15/01/2566"),
            ("channel", "หนังสือพิมพ์ต่างประเทศ"),
            ("topic", "x"),
            ("item", "1.1"),
            ("year", "2566"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("ไม่อยู่ในรายการช่องทางขององค์กร"));
    assert!(
        app.store
            .publicity(&app.org, 2566)
            .await
            .unwrap()
            .is_empty()
    );
    // Only for the unit's own items: another unit's item, no item, an item
    // not in the plan are refused before anything is read.
    let other = session_of(&app, "other@nakhon.test").await;
    for (cookie, item) in [(&other, "1.1"), (&officer, ""), (&officer, "9.9")] {
        let refused = post(
            &app,
            "/staff/publicity",
            Some(cookie),
            &[
                ("date", "15/01/2566"),
                ("channel", "เว็บไซต์"),
                ("topic", "x"),
                ("item", item),
                ("year", "2566"),
            ],
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "item {item:?}");
    }
    let reply = post(
        &app,
        "/staff/publicity",
        Some(&officer),
        &[
            ("date", "15/01/2566"),
            ("channel", "เว็บไซต์"),
            ("topic", "ประกาศเจตจำนง"),
            ("item", "1.1"),
            ("year", "2566"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let log = app.store.publicity(&app.org, 2566).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        log[0].item,
        Some(ItemRef {
            dimension: 1,
            no: 1
        })
    );
}

#[tokio::test]
async fn kpis_measured_from_a_test_prefill_the_report_and_an_override_needs_a_reason() {
    use sujarit_core::survey::{Phase, Template, check_answers};
    let app = app().await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let template = Template::find("knowledge").unwrap();
    let survey = create_survey(
        &app,
        template,
        None,
        Phase::Post,
        time::macros::date!(2023 - 01 - 01),
        time::macros::date!(2023 - 03 - 31),
    )
    .await;
    // 9 of 10 pass: every answer right, or (the tenth) every answer wrong.
    let right = serde_json::json!({"q1": 1, "q2": 0, "q3": 0, "q4": 1, "q5": 0});
    let wrong = serde_json::json!({"q1": 0, "q2": 1, "q3": 1, "q4": 0, "q5": 1});
    let mut responses = Vec::new();
    for i in 0..10 {
        let answers = if i == 9 { &wrong } else { &right };
        let map = serde_json::from_value(answers.clone()).unwrap();
        responses.push(sujarit_store::NewResponse {
            survey_id: survey.id.clone(),
            device: Some(format!("d{i}")),
            response: check_answers(&survey.input, &map).unwrap(),
            today: TODAY,
        });
    }
    let outcomes = app
        .store
        .answer_surveys(&app.org, &responses)
        .await
        .unwrap();
    assert!(outcomes.iter().all(Result::is_ok));

    let page = get(&app, "/staff/progress/1.1/2566/kpis", Some(&coordinator)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let kpi = "ผู้เข้าร่วมมีความรู้เพิ่มขึ้นไม่ต่ำกว่าร้อยละ 80";
    assert!(page.body.contains(kpi));
    // Only the coordinator chooses.
    let refused = post(
        &app,
        "/staff/progress/1.1/2566/kpis",
        Some(&officer),
        &[
            ("kpi", kpi),
            ("source", "test_passing"),
            ("survey", &survey.id),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let missing = post(
        &app,
        "/staff/progress/1.1/2566/kpis",
        Some(&coordinator),
        &[
            ("kpi", kpi),
            ("source", "test_passing"),
            ("survey", ""),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert!(missing.body.contains("โปรดเลือกแบบสำรวจหรือแบบทดสอบ"));
    let saved = post(
        &app,
        "/staff/progress/1.1/2566/kpis",
        Some(&coordinator),
        &[
            ("kpi", kpi),
            ("source", "test_passing"),
            ("survey", &survey.id),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = get(&app, "/staff/progress/1.1/2566/kpis", Some(&coordinator)).await;
    assert!(page.body.contains("<strong>90</strong>"), "{}", page.body);
    assert!(page.body.contains("บรรลุเป้าหมาย"));

    // The report form of Q2 is prefilled with 90.
    let form = get(&app, "/staff/progress/1.1/2566/2", Some(&officer)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains("name=\"kpi_value_0\" inputmode=\"decimal\" value=\"90\""),
        "{}",
        form.body
    );
    let report = |value: &'static str, note: &'static str| {
        vec![
            ("revision", "0"),
            ("status", "in_progress"),
            ("narrative", "จัดอบรมแล้ว"),
            ("kpi_text_0", kpi),
            ("kpi_value_0", value),
            ("kpi_note_0", note),
            ("intent", "save"),
        ]
    };
    let overridden = post(
        &app,
        "/staff/progress/1.1/2566/2",
        Some(&officer),
        &report("95", ""),
    )
    .await;
    assert_eq!(
        overridden.status,
        StatusCode::BAD_REQUEST,
        "{}",
        overridden.body
    );
    assert!(overridden.body.contains("ต่างจากค่าที่คำนวณจากบันทึกกิจกรรม"));
    assert!(
        app.store
            .quarter_report(
                &app.org,
                sujarit_core::progress::ReportKey {
                    item: ItemRef {
                        dimension: 1,
                        no: 1
                    },
                    fiscal_year: 2566,
                    quarter: sujarit_core::fiscal::Quarter::Q2,
                }
            )
            .await
            .unwrap()
            .is_none(),
        "nothing saved"
    );
    let explained = post(
        &app,
        "/staff/progress/1.1/2566/2",
        Some(&officer),
        &report("95", "รวมผู้ทำแบบทดสอบบนกระดาษ"),
    )
    .await;
    assert_eq!(
        explained.status,
        StatusCode::SEE_OTHER,
        "{}",
        explained.body
    );
    let as_computed = post(
        &app,
        "/staff/progress/1.1/2566/3",
        Some(&officer),
        &report("90", ""),
    )
    .await;
    assert_eq!(
        as_computed.status,
        StatusCode::SEE_OTHER,
        "{}",
        as_computed.body
    );

    // The API measures published records only, here the survey.
    let api = get(
        &app,
        "/api/v1/organizations/nakhon/plan/items/1.1/kpis?fiscal_year=2566",
        None,
    )
    .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let json = api.json();
    assert_eq!(json[0]["actual"], 90.0);
    assert_eq!(json[0]["met"], true);
    assert_eq!(json[0]["source"], "test_passing");
    assert_eq!(json[0]["target"]["value"], 80.0);
}

#[tokio::test]
async fn a_surveys_documents_download_for_who_may_read_it() {
    use sujarit_core::survey::{Phase, Template};
    let app = app().await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let other = session_of(&app, "other@nakhon.test").await;
    let template = Template::find("service").unwrap();
    let survey = create_survey(
        &app,
        template,
        None,
        Phase::Single,
        time::macros::date!(2023 - 01 - 01),
        time::macros::date!(2023 - 03 - 31),
    )
    .await;
    let base = format!("/staff/surveys/{}", survey.id);
    let qr = get(&app, &format!("{base}/qr.svg"), Some(&coordinator)).await;
    assert_eq!(qr.status, StatusCode::OK);
    assert!(qr.body.contains("<svg"));
    for (file, magic) in [
        ("poster.pdf", &b"%PDF"[..]),
        ("report.pdf", b"%PDF"),
        ("report.xlsx", b"PK"),
        ("answers.xlsx", b"PK"),
    ] {
        let reply = get(&app, &format!("{base}/{file}"), Some(&coordinator)).await;
        assert_eq!(reply.status, StatusCode::OK, "{file}: {}", reply.body);
        assert!(reply.bytes.starts_with(magic), "{file}");
    }
    // An officer of another unit may not read a survey of item 1.1.
    let refused = get(&app, &format!("{base}/report.pdf"), Some(&other)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_phone_that_checked_in_still_answers_a_survey_only_once() {
    use sujarit_core::survey::{Phase, Template};
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let reply = post_pairs(&app, "/staff/activities", Some(&officer), &training("อบรม")).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let activity = app
        .store
        .activities(&app.org, 2566, None)
        .await
        .unwrap()
        .remove(0);
    let template = Template::find("training").unwrap();
    let survey = create_survey(
        &app,
        template,
        Some(activity.id.clone()),
        Phase::Single,
        TODAY,
        TODAY,
    )
    .await;
    let link = format!("/o/nakhon/checkin/{}", activity.checkin_token);
    let phone = cookie_of(&get(&app, &link, None).await);
    let form = client::encode(&[("group", "staff")]).into_bytes();
    let checked = send(
        &app,
        axum::http::Method::POST,
        &link,
        Some(&phone),
        Some("application/x-www-form-urlencoded"),
        form,
    )
    .await;
    assert_eq!(checked.status, StatusCode::OK);
    let page = get(
        &app,
        &format!("/o/nakhon/surveys/{}", survey.id),
        Some(&phone),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.headers.get(header::SET_COOKIE).is_none(),
        "the phone keeps its one device cookie"
    );
    let answers =
        client::encode(&[("q1", "5"), ("q2", "4"), ("q3", "4"), ("q4", "5")]).into_bytes();
    let path = format!("/o/nakhon/surveys/{}", survey.id);
    let first = send(
        &app,
        axum::http::Method::POST,
        &path,
        Some(&phone),
        Some("application/x-www-form-urlencoded"),
        answers.clone(),
    )
    .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let second = send(
        &app,
        axum::http::Method::POST,
        &path,
        Some(&phone),
        Some("application/x-www-form-urlencoded"),
        answers,
    )
    .await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert_eq!(
        app.store
            .survey(&app.org, &survey.id)
            .await
            .unwrap()
            .unwrap()
            .responses,
        1
    );
}
