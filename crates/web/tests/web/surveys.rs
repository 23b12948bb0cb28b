//! Surveys through the router against a real SQLite store: creating one from
//! a template, the question builder and its refusal once answers exist,
//! every staff route for every role, the public answer form (happy path, a
//! missing or out-of-scale answer, checkboxes as repeated keys, one answer
//! per device, closed surveys, the per-address limit, a test's score), the
//! results (withheld below the minimum, the pre/post change), the answers
//! export and the JSON API.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sujarit_core::ItemRef;
use sujarit_core::account::Role;
use sujarit_core::activity::{ActivityInput, ActivityKind, Session};
use sujarit_core::survey::{
    DEFAULT_MIN_PUBLIC, Phase, Question, QuestionKind, SurveyInput, SurveyKind, Template,
};
use sujarit_store::Store;
use sujarit_store::files::FileStore;
use sujarit_web::{Clock, Limit, Limits, Resources};
use time::macros::{date, time};
use tower::ServiceExt;

use crate::support::{client, seeded};
use client::{PASSWORD, Reply, Routed, get, post, send, session_of};

/// 10 November 2025: fiscal year 2569.
const TODAY: time::Date = date!(2025 - 11 - 10);
const YEAR: u16 = 2569;

const ACCOUNTS: [(&str, Role, Option<&str>); 8] = [
    ("admin@nakhon.test", Role::Administrator, None),
    ("coordinator@nakhon.test", Role::PlanCoordinator, None),
    // สำนักปลัดเทศบาล owns items 1.1, 2.1 and 2.19 of the fixture plan.
    (
        "officer@nakhon.test",
        Role::UnitOfficer,
        Some("สำนักปลัดเทศบาล"),
    ),
    ("other@nakhon.test", Role::UnitOfficer, Some("กองการศึกษา")),
    ("executive@nakhon.test", Role::Executive, None),
    ("auditor@nakhon.test", Role::Auditor, None),
    ("complaints@nakhon.test", Role::ComplaintOfficer, None),
    ("integrity@nakhon.test", Role::IntegrityOfficer, None),
];

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

async fn app_with(limits: Limits) -> App {
    let seeded::Seeded { store, org, dir } = seeded::seeded("surveys", &ACCOUNTS, PASSWORD).await;
    let resources = Resources {
        files: FileStore::new(dir.0.join("files")),
        clock: Clock::Fixed(TODAY),
        ..Default::default()
    };
    let router = sujarit_web::router(
        sujarit_web::AppState::new(store.clone())
            .with_site(sujarit_web::Site::new("http://sujarit.test").unwrap())
            .with_resources(resources)
            .with_participation_limits(limits),
    );
    App {
        router,
        store,
        org,
        _dir: dir,
    }
}

async fn app() -> App {
    app_with(Limits::default()).await
}

fn item(text: &str) -> ItemRef {
    let (d, n) = text.split_once('.').unwrap();
    ItemRef {
        dimension: d.parse().unwrap(),
        no: n.parse().unwrap(),
    }
}

/// A survey from a template, open all of fiscal year 2569.
fn from_template(code: &str, item_ref: Option<&str>) -> SurveyInput {
    let t = Template::find(code).unwrap();
    SurveyInput {
        title: t.title.into(),
        kind: t.kind,
        item: item_ref.map(item),
        fiscal_year: YEAR,
        activity: None,
        phase: Phase::Single,
        opens: date!(2025 - 10 - 01),
        closes: date!(2026 - 09 - 30),
        pass_mark: t.pass_mark,
        min_public: DEFAULT_MIN_PUBLIC,
        questions: t.questions(),
    }
}

async fn create(app: &App, input: &SurveyInput) -> String {
    app.store
        .create_survey(&app.org, input, "test")
        .await
        .unwrap()
        .id
}

async fn stored(app: &App, id: &str) -> SurveyInput {
    app.store.survey(&app.org, id).await.unwrap().unwrap().input
}

async fn responses(app: &App, id: &str) -> u64 {
    app.store
        .survey_tallies(&app.org, id)
        .await
        .unwrap()
        .responses
}

/// The `name=value` of a cookie the reply sets.
fn cookie_set(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap().to_string())
}

/// A device cookie of its own for each respondent.
fn device(n: u8) -> String {
    format!("sujarit_device={}", format!("{n:02x}").repeat(32))
}

/// The five service ratings and the task answered: a complete answer.
fn service_answers(rating: &str) -> Vec<(&'static str, String)> {
    let mut pairs: Vec<(&str, String)> = ["q1", "q2", "q3", "q4", "q5"]
        .into_iter()
        .map(|q| (q, rating.to_string()))
        .collect();
    pairs.push(("q6", "0".into()));
    pairs
}

async fn answer(app: &App, id: &str, cookie: &str, pairs: &[(&str, String)]) -> Reply {
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post(
        app,
        &format!("/o/nakhon/surveys/{id}"),
        Some(cookie),
        &pairs,
    )
    .await
}

/// No script and no inline style: what the Content-Security-Policy forbids.
fn assert_csp_clean(reply: &Reply) {
    assert!(!reply.body.contains("<script"), "a script in the page");
    assert!(
        !reply.body.contains("style="),
        "an inline style in the page"
    );
    assert!(
        !reply.body.contains("<style"),
        "a style element in the page"
    );
}

// ---------------------------------------------------------------------------
// Staff: create, builder, refusal after answers

#[tokio::test]
async fn the_coordinator_creates_from_a_template_and_builds_the_questions() {
    let app = app().await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;

    let list = get(&app, "/staff/surveys", Some(&coordinator)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains("ปีงบประมาณ 2569"));
    assert!(list.body.contains("no-surveys"));
    assert!(
        list.body.contains("แบบสำรวจความพึงพอใจต่อการให้บริการ"),
        "the templates are offered"
    );

    let created = post(
        &app,
        "/staff/surveys",
        Some(&coordinator),
        &[
            ("template", "service"),
            ("title", ""),
            ("item", "1.1"),
            ("fiscal_year", "2569"),
            ("phase", "single"),
            ("activity", ""),
            ("opens", "1/11/2568"),
            ("closes", "๓๐/๙/๒๕๖๙"),
            ("pass_mark", ""),
            ("min_public", "3"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let location = created.location().to_string();
    let id = location
        .strip_prefix("/staff/surveys/")
        .and_then(|rest| rest.strip_suffix("?done=created"))
        .unwrap_or_else(|| panic!("{location}"))
        .to_string();
    let survey = stored(&app, &id).await;
    assert_eq!(
        survey.title, "แบบสำรวจความพึงพอใจต่อการให้บริการ",
        "the template's title"
    );
    assert_eq!(survey.kind, SurveyKind::Satisfaction);
    assert_eq!(survey.item, Some(item("1.1")));
    assert_eq!(
        (survey.opens, survey.closes),
        (date!(2025 - 11 - 01), date!(2026 - 09 - 30))
    );
    assert_eq!(survey.min_public, 3);
    assert_eq!(survey.questions.len(), 7);

    let page = get(&app, &location, Some(&coordinator)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("สร้างแบบสำรวจแล้ว"));
    assert!(
        page.body
            .contains(&format!("http://sujarit.test/o/nakhon/surveys/{id}")),
        "the copyable public link"
    );
    assert!(
        page.body.contains(&format!("/staff/surveys/{id}/qr.svg")),
        "the QR code's place"
    );
    for file in [
        "poster.pdf",
        "report.pdf",
        "report.xlsx",
        "answers.csv",
        "answers.xlsx",
    ] {
        assert!(
            page.body.contains(&format!("/staff/surveys/{id}/{file}")),
            "{file}"
        );
    }
    assert!(page.body.contains("ความสะดวกและรวดเร็วในการให้บริการ"));
    assert_csp_clean(&page);

    let base = format!("/staff/surveys/{id}");
    // Edit question 1.
    let edited = post(
        &app,
        &format!("{base}/questions/q1"),
        Some(&coordinator),
        &[
            ("kind", "scale5"),
            ("text", "ความรวดเร็ว"),
            ("options", ""),
            ("required", "on"),
        ],
    )
    .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.body);
    assert_eq!(edited.location(), format!("{base}?done=question#q1"));
    assert_eq!(stored(&app, &id).await.questions[0].text, "ความรวดเร็ว");

    // Add a multiple-choice question, options one a line.
    let added = post(
        &app,
        &format!("{base}/questions"),
        Some(&coordinator),
        &[
            ("kind", "multiple"),
            ("text", "รู้จักบริการจากช่องทางใด"),
            ("options", "เว็บไซต์\r\nไลน์\r\n\r\nป้ายประกาศ"),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let after_add = stored(&app, &id).await;
    let last = after_add.questions.last().unwrap();
    assert_eq!(
        (last.id.as_str(), last.kind, last.required),
        ("q8", QuestionKind::Multiple, false)
    );
    assert_eq!(last.options, ["เว็บไซต์", "ไลน์", "ป้ายประกาศ"]);

    // Move it up, then remove the suggestions question (q7).
    let moved = post(
        &app,
        &format!("{base}/questions/q8/move"),
        Some(&coordinator),
        &[("direction", "up")],
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let ids: Vec<String> = stored(&app, &id)
        .await
        .questions
        .iter()
        .map(|q| q.id.clone())
        .collect();
    assert_eq!(ids, ["q1", "q2", "q3", "q4", "q5", "q6", "q8", "q7"]);
    let removed = post(
        &app,
        &format!("{base}/questions/q7/remove"),
        Some(&coordinator),
        &[],
    )
    .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    let ids: Vec<String> = stored(&app, &id)
        .await
        .questions
        .iter()
        .map(|q| q.id.clone())
        .collect();
    assert_eq!(ids, ["q1", "q2", "q3", "q4", "q5", "q6", "q8"]);

    // A choice question with one option: refused at the question, nothing saved.
    let before = stored(&app, &id).await;
    let bad = post(
        &app,
        &format!("{base}/questions/q6"),
        Some(&coordinator),
        &[
            ("kind", "choice"),
            ("text", "งานที่มาติดต่อ"),
            ("options", "ทะเบียนราษฎร"),
            ("required", "on"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body
            .contains("คำถามข้อ 6: โปรดระบุตัวเลือกอย่างน้อย 2 ตัวเลือก"),
        "{}",
        bad.body
    );
    assert!(
        bad.body.contains(">ทะเบียนราษฎร</textarea>"),
        "kept as typed"
    );
    assert_eq!(stored(&app, &id).await, before);

    // Settings typed wrongly: each message at its field, nothing saved.
    let bad = post(
        &app,
        &base,
        Some(&coordinator),
        &[
            ("title", "แบบใหม่"),
            ("kind", "satisfaction"),
            ("item", "9.9"),
            ("fiscal_year", "2569"),
            ("phase", "single"),
            ("opens", "พรุ่งนี้"),
            ("closes", "30/9/2569"),
            ("min_public", "5"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.by_id("item-error").contains("ไม่พบรายการ 9.9"));
    assert!(bad.by_id("opens-error").contains("วัน/เดือน/ปี พ.ศ."));
    assert_eq!(stored(&app, &id).await, before);

    // Once someone answered, the questions stay; the dates and title may change.
    let answered = answer(&app, &id, &device(1), &{
        let mut a = service_answers("5");
        a.push(("q8", "1".into()));
        a
    })
    .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let locked = post(
        &app,
        &format!("{base}/questions/q1"),
        Some(&coordinator),
        &[
            ("kind", "scale5"),
            ("text", "เปลี่ยนคำถาม"),
            ("required", "on"),
        ],
    )
    .await;
    assert_eq!(locked.status, StatusCode::CONFLICT);
    assert!(
        locked.body.contains("แก้ไขคำถามไม่ได้: แบบสำรวจนี้มีผู้ตอบแล้ว"),
        "{}",
        locked.body
    );
    for path in [
        format!("{base}/questions/q8/remove"),
        format!("{base}/questions"),
    ] {
        let refused = post(
            &app,
            &path,
            Some(&coordinator),
            &[("kind", "text"), ("text", "เพิ่ม"), ("direction", "up")],
        )
        .await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{path}");
    }
    assert_eq!(stored(&app, &id).await.questions, before.questions);
    let page = get(&app, &base, Some(&coordinator)).await;
    assert!(page.body.contains("id=\"locked\""));
    assert!(
        !page.body.contains("เพิ่มคำถาม</button>"),
        "no builder forms once locked"
    );
    let renamed = post(
        &app,
        &base,
        Some(&coordinator),
        &[
            ("title", "ความพึงพอใจงานทะเบียน"),
            ("kind", "satisfaction"),
            ("item", "1.1"),
            ("fiscal_year", "2569"),
            ("phase", "single"),
            ("opens", "1/11/2568"),
            ("closes", "31/3/2569"),
            ("min_public", "3"),
        ],
    )
    .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    let after = stored(&app, &id).await;
    assert_eq!(
        (after.title.as_str(), after.closes),
        ("ความพึงพอใจงานทะเบียน", date!(2026 - 03 - 31))
    );

    // The list shows it with its one answer.
    let list = get(&app, "/staff/surveys?year=2569", Some(&coordinator)).await;
    assert!(list.body.contains("ความพึงพอใจงานทะเบียน"));
    assert!(
        list.body.contains("<td class=\"num\">1</td>"),
        "{}",
        list.body
    );
    assert!(list.body.contains("เปิดรับคำตอบ"));
}

#[tokio::test]
async fn a_blank_test_and_bad_new_survey_forms() {
    let app = app().await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let blank = post(
        &app,
        "/staff/surveys",
        Some(&coordinator),
        &[
            ("template", "blank"),
            ("title", "แบบทดสอบหลังอบรม"),
            ("kind", "test"),
            ("fiscal_year", "2569"),
            ("phase", "post"),
            ("opens", "10/11/2568"),
            ("closes", "10/11/2568"),
            ("pass_mark", "60"),
        ],
    )
    .await;
    assert_eq!(blank.status, StatusCode::SEE_OTHER, "{}", blank.body);
    let surveys = app.store.surveys(&app.org, Some(YEAR)).await.unwrap();
    assert_eq!(surveys.len(), 1);
    let s = &surveys[0].input;
    assert_eq!(
        (s.kind, s.pass_mark, s.phase),
        (SurveyKind::Test, Some(60), Phase::Post)
    );
    assert_eq!(
        s.questions[0].correct,
        Some(0),
        "a blank test starts with a scored question"
    );

    let bad = post(
        &app,
        "/staff/surveys",
        Some(&coordinator),
        &[
            ("template", "knowledge"),
            ("title", ""),
            ("fiscal_year", "2569"),
            ("opens", "1/10/2567"),
            ("closes", "30/9/2567"),
            ("pass_mark", "120"),
            ("min_public", "ห้า"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.by_id("opens-error").contains("ไม่อยู่ในปีงบประมาณ 2569"),
        "{}",
        bad.body
    );
    assert!(bad.by_id("pass_mark-error").contains("0 ถึง 100"));
    assert!(bad.by_id("min_public-error").contains("จำนวนเต็ม"));
    assert!(bad.body.contains("value=\"1/10/2567\""), "kept as typed");
    assert_eq!(
        app.store.surveys(&app.org, Some(YEAR)).await.unwrap().len(),
        1,
        "nothing saved"
    );
}

// ---------------------------------------------------------------------------
// Roles × routes

type Route<'a> = (Method, String, Vec<(&'a str, &'a str)>, &'a [Role], u16);

#[tokio::test]
async fn every_survey_route_answers_every_role_as_it_should() {
    use Role::*;
    let app = app().await;
    // On item 1.1: its unit's officer ("officer") edits, "other" does not.
    let id = create(&app, &from_template("service", Some("1.1"))).await;
    let base = format!("/staff/surveys/{id}");
    let openers = [
        Administrator,
        PlanCoordinator,
        UnitOfficer,
        Executive,
        Auditor,
    ];
    let creators = [PlanCoordinator, UnitOfficer];
    let editors = [PlanCoordinator, UnitOfficer];
    let readers = [
        Administrator,
        PlanCoordinator,
        UnitOfficer,
        Executive,
        Auditor,
    ];
    // Allowed POSTs carry an empty form, so they answer 400 and change nothing.
    let routes: Vec<Route> = vec![
        (Method::GET, "/staff/surveys".into(), vec![], &openers, 200),
        (
            Method::POST,
            "/staff/surveys".into(),
            vec![("template", "nope")],
            &creators,
            400,
        ),
        (Method::GET, base.clone(), vec![], &readers, 200),
        (
            Method::POST,
            base.clone(),
            vec![("title", "")],
            &editors,
            400,
        ),
        (
            Method::POST,
            format!("{base}/questions"),
            vec![("kind", "")],
            &editors,
            400,
        ),
        (
            Method::POST,
            format!("{base}/questions/q1"),
            vec![("kind", "")],
            &editors,
            400,
        ),
        (
            Method::POST,
            format!("{base}/questions/q1/move"),
            vec![("direction", "sideways")],
            &editors,
            400,
        ),
        (
            Method::GET,
            format!("{base}/results"),
            vec![],
            &readers,
            200,
        ),
        (
            Method::GET,
            format!("{base}/answers.csv"),
            vec![],
            &readers,
            200,
        ),
    ];
    let mut sessions = Vec::new();
    for (email, role, _) in ACCOUNTS {
        sessions.push((email, Some(role), Some(session_of(&app, email).await)));
    }
    sessions.push(("anonymous", None, None));
    let mut failures = Vec::new();
    for (method, path, form, allowed, status) in &routes {
        for (email, role, cookie) in &sessions {
            let reply = if *method == Method::GET {
                get(&app, path, cookie.as_deref()).await
            } else {
                post(&app, path, cookie.as_deref(), form).await
            };
            let expected = match role {
                None => 303,
                // "other" is a unit officer, but not of item 1.1's unit.
                Some(r)
                    if allowed.contains(r)
                        && !(*email == "other@nakhon.test" && path.starts_with(&base)) =>
                {
                    *status
                }
                Some(_) => 403,
            };
            if reply.status.as_u16() != expected {
                failures.push(format!(
                    "{method} {path} as {email}: {} (expected {expected})",
                    reply.status
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        stored(&app, &id).await,
        from_template("service", Some("1.1")),
        "nothing changed"
    );

    // The officer of another unit may not put a survey on item 1.1, however
    // the rest of the form reads; the item's own officer may.
    let other = session_of(&app, "other@nakhon.test").await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let form = [
        ("template", "training"),
        ("item", "1.1"),
        ("fiscal_year", "2569"),
        ("opens", "ไม่ใช่วันที่"),
        ("closes", "30/9/2569"),
    ];
    assert_eq!(
        post(&app, "/staff/surveys", Some(&other), &form)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let missing_item = post(
        &app,
        "/staff/surveys",
        Some(&officer),
        &[("template", "training"), ("fiscal_year", "2569")],
    )
    .await;
    assert_eq!(missing_item.status, StatusCode::BAD_REQUEST);
    assert!(
        missing_item
            .by_id("item-error")
            .contains("รายการในแผนที่หน่วยงานของคุณรับผิดชอบ")
    );
    let mut good = form;
    good[3] = ("opens", "10/11/2568");
    assert_eq!(
        post(&app, "/staff/surveys", Some(&officer), &good)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    // Each officer's list shows their unit's surveys only.
    assert!(
        get(&app, "/staff/surveys", Some(&other))
            .await
            .body
            .contains("no-surveys")
    );
    let mine = get(&app, "/staff/surveys", Some(&officer)).await;
    assert!(mine.body.contains("แบบประเมินความพึงพอใจต่อการจัดกิจกรรม"));

    // The staff menu offers the page to those who may open it.
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    assert!(
        get(&app, "/staff/", Some(&coordinator))
            .await
            .body
            .contains("href=\"/staff/surveys\"")
    );
    let complaints = session_of(&app, "complaints@nakhon.test").await;
    assert!(
        !get(&app, "/staff/", Some(&complaints))
            .await
            .body
            .contains("href=\"/staff/surveys\"")
    );
}

// ---------------------------------------------------------------------------
// The public answer form

#[tokio::test]
async fn a_citizen_answers_once_from_a_phone() {
    let app = app().await;
    let id = create(&app, &from_template("service", Some("1.1"))).await;
    let url = format!("/o/nakhon/surveys/{id}");

    let form = get(&app, &url, None).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let cookie = cookie_set(&form, "sujarit_device").expect("a device cookie");
    assert_eq!(cookie.len(), "sujarit_device=".len() + 64);
    let set = form
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Max-Age="));
    assert_eq!(form.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    assert!(form.body.contains("type=\"radio\" name=\"q1\" value=\"5\""));
    assert!(form.body.contains("มากที่สุด (5)") && form.body.contains("น้อยที่สุด (1)"));
    assert_csp_clean(&form);
    // A visitor who has the cookie is not given another.
    assert!(cookie_set(&get(&app, &url, Some(&cookie)).await, "sujarit_device").is_none());

    // A required answer missing: the message at its question, what was typed kept.
    let missing = answer(
        &app,
        &id,
        &cookie,
        &[("q1", "4".into()), ("q7", "ดีมาก".into())],
    )
    .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.by_id("q2-error"), "ข้อ 2: โปรดตอบข้อนี้");
    assert!(missing.body.contains("name=\"q1\" value=\"4\" checked"));
    assert!(missing.body.contains(">ดีมาก</textarea>"));
    assert!(
        !missing.body.contains("id=\"q7-error\""),
        "an optional question has no message"
    );
    assert_eq!(responses(&app, &id).await, 0, "nothing stored");

    // A value off the scale.
    let mut off = service_answers("5");
    off[0].1 = "6".into();
    let off = answer(&app, &id, &cookie, &off).await;
    assert_eq!(off.status, StatusCode::BAD_REQUEST);
    assert_eq!(off.by_id("q1-error"), "ข้อ 1: โปรดเลือกระดับ 1 ถึง 5");
    assert_eq!(responses(&app, &id).await, 0);

    // The answer, then the thank-you page.
    let done = answer(&app, &id, &cookie, &service_answers("5")).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), format!("{url}?done=1"));
    assert_eq!(responses(&app, &id).await, 1);
    let thanks = get(&app, done.location(), Some(&cookie)).await;
    assert_eq!(thanks.by_id("heading"), "ขอบคุณที่ตอบแบบสำรวจ");
    assert!(
        !thanks.body.contains("id=\"score\""),
        "a satisfaction survey has no score"
    );

    // The same device again: refused, nothing more stored.
    let again = answer(&app, &id, &cookie, &service_answers("1")).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(
        again.body.contains("อุปกรณ์นี้ตอบแบบสำรวจนี้แล้ว"),
        "{}",
        again.body
    );
    assert_eq!(responses(&app, &id).await, 1);

    // A browser that kept no cookie is given one with its answer, so it answers once too.
    let fresh = answer(&app, &id, "x=y", &service_answers("4")).await;
    assert_eq!(fresh.status, StatusCode::SEE_OTHER);
    let given = cookie_set(&fresh, "sujarit_device").expect("a cookie with the answer");
    assert_eq!(
        answer(&app, &id, &given, &service_answers("4"))
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(responses(&app, &id).await, 2);

    // Unknown surveys and organisations.
    assert_eq!(
        get(&app, "/o/nakhon/surveys/nope", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, &format!("/o/nobody/surveys/{id}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn checkboxes_repeat_their_key() {
    let app = app().await;
    let mut input = from_template("service", None);
    input.questions = vec![Question {
        id: "q1".into(),
        kind: QuestionKind::Multiple,
        text: "ช่องทางที่ใช้".into(),
        required: true,
        options: vec!["เว็บไซต์".into(), "ไลน์".into(), "โทรศัพท์".into()],
        correct: None,
    }];
    let id = create(&app, &input).await;
    let form = get(&app, &format!("/o/nakhon/surveys/{id}"), None).await;
    assert!(
        form.body
            .contains("type=\"checkbox\" name=\"q1\" value=\"2\"")
    );
    let reply = post(
        &app,
        &format!("/o/nakhon/surveys/{id}"),
        Some(&device(7)),
        &[("q1", "0"), ("q1", "2")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let tallies = app.store.survey_tallies(&app.org, &id).await.unwrap();
    let count = |k: &str| {
        tallies
            .counts
            .get(&("q1".to_string(), k.to_string()))
            .copied()
    };
    assert_eq!(
        (count("0"), count("1"), count("2"), count("n")),
        (Some(1), None, Some(1), Some(1))
    );
    // An option that is not on the list: refused at the question, as typed.
    let bad = post(
        &app,
        &format!("/o/nakhon/surveys/{id}"),
        Some(&device(8)),
        &[("q1", "1"), ("q1", "9")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.by_id("q1-error"), "ข้อ 1: ตัวเลือกที่เลือกไม่อยู่ในรายการ");
    assert!(bad.body.contains("name=\"q1\" value=\"1\" checked"));
    assert_eq!(responses(&app, &id).await, 1);
}

#[tokio::test]
async fn closed_and_not_yet_open_surveys_take_no_answers() {
    let app = app().await;
    let mut closed = from_template("service", None);
    closed.closes = date!(2025 - 11 - 09);
    let closed = create(&app, &closed).await;
    let mut later = from_template("service", None);
    later.opens = date!(2025 - 12 - 01);
    let later = create(&app, &later).await;

    let page = get(&app, &format!("/o/nakhon/surveys/{closed}"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.by_id("heading"), "แบบสำรวจนี้ปิดรับคำตอบแล้ว");
    assert!(page.by_id("message").contains("9 พฤศจิกายน 2568"));
    assert!(!page.body.contains("<form"), "no form to fill in");
    let page = get(&app, &format!("/o/nakhon/surveys/{later}"), None).await;
    assert_eq!(page.by_id("heading"), "แบบสำรวจนี้ยังไม่เปิดรับคำตอบ");
    assert!(page.by_id("message").contains("1 ธันวาคม 2568"));

    for id in [&closed, &later] {
        let reply = answer(&app, id, &device(3), &service_answers("5")).await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{id}");
        assert_eq!(responses(&app, id).await, 0);
    }
}

#[tokio::test]
async fn one_address_answering_too_often_gets_429() {
    let app = app_with(Limits {
        answers: Limit::new(2, Duration::from_secs(600)),
        ..Limits::default()
    })
    .await;
    let id = create(&app, &from_template("service", None)).await;
    for n in 1..=2 {
        let reply = answer(&app, &id, &device(n), &service_answers("5")).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{n}");
    }
    let third = answer(&app, &id, &device(3), &service_answers("5")).await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        third.body.contains("มีการส่งคำตอบจากที่อยู่นี้มากเกินไป"),
        "{}",
        third.body
    );
    // The JSON API counts against the same limit.
    let api = send(
        &app,
        Method::POST,
        &format!("/api/v1/organizations/nakhon/surveys/{id}/responses"),
        None,
        Some("application/json"),
        json!({"answers": {"q1": 5}}).to_string().into_bytes(),
    )
    .await;
    assert_eq!(api.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(api.json()["error"].as_str().unwrap().contains("มากเกินไป"));
    assert_eq!(responses(&app, &id).await, 2);
}

#[tokio::test]
async fn a_test_shows_its_score_only_to_whoever_answered() {
    let app = app().await;
    let mut input = from_template("knowledge", Some("1.1"));
    input.min_public = 1;
    let id = create(&app, &input).await;
    let url = format!("/o/nakhon/surveys/{id}");
    // Four of five right: 80%, the pass mark.
    let pairs: Vec<(&str, String)> = [
        ("q1", "1"),
        ("q2", "0"),
        ("q3", "0"),
        ("q4", "1"),
        ("q5", "1"),
    ]
    .into_iter()
    .map(|(q, v)| (q, v.to_string()))
    .collect();
    let done = answer(&app, &id, &device(4), &pairs).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let score = cookie_set(&done, "sujarit_score").expect("the score travels in a cookie");
    let path = done
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with("sujarit_score="))
        .unwrap();
    assert!(path.contains(&format!("Path={url};")), "{path}");
    let thanks = get(
        &app,
        &format!("{url}?done=1"),
        Some(&format!("{}; {score}", device(4))),
    )
    .await;
    assert_eq!(thanks.by_id("score"), "4 จาก 5 ข้อ (ร้อยละ 80.0)");
    assert!(thanks.by_id("passed").starts_with("ผ่านเกณฑ์"));
    // A link cannot carry a score: without the cookie there is none.
    let shared = get(&app, &format!("{url}?done=1&score=5"), None).await;
    assert!(!shared.body.contains("id=\"score\""));
    let tallies = app.store.survey_tallies(&app.org, &id).await.unwrap();
    assert_eq!((tallies.passed, tallies.score_sum), (1, 4));

    // Each question's share of right answers would tell the right option
    // beside its distribution: staff see it, the public page does not.
    let public = get(&app, &format!("{url}/results"), None).await;
    assert_eq!(public.by_id("result-pass"), "ร้อยละ 100.0");
    assert!(!public.body.contains("ตอบถูก"), "{}", public.body);
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let staff = get(
        &app,
        &format!("/staff/surveys/{id}/results"),
        Some(&coordinator),
    )
    .await;
    assert!(staff.body.contains("ตอบถูก ร้อยละ 100.0"));
    assert!(
        staff.body.contains("ตอบถูก ร้อยละ 0.0"),
        "q5 was answered wrongly"
    );
}

// ---------------------------------------------------------------------------
// Results

#[tokio::test]
async fn results_are_withheld_below_the_minimum_then_charted() {
    let app = app().await;
    let mut input = from_template("service", Some("1.1"));
    input.min_public = 2;
    let id = create(&app, &input).await;
    let results = format!("/o/nakhon/surveys/{id}/results");
    let api = format!("/api/v1/organizations/nakhon/surveys/{id}/results");

    assert_eq!(
        answer(&app, &id, &device(1), &service_answers("5"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let page = get(&app, &results, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("ยังมีผู้ตอบไม่ถึง 2 คน จึงยังไม่แสดงผล"),
        "{}",
        page.body
    );
    assert_eq!(page.by_id("responses"), "1");
    assert!(!page.body.contains("<svg"), "no chart yet");
    let json = get(&app, &api, None).await.json();
    assert_eq!(json["withheld"], true);
    assert_eq!(json["responses"], 1);
    assert_eq!(json["satisfied_share"], Value::Null);
    assert_eq!(json["questions"][0]["distribution"], Value::Null);

    assert_eq!(
        answer(&app, &id, &device(2), &service_answers("3"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let page = get(&app, &results, None).await;
    assert_eq!(page.by_id("result-responses"), "2");
    assert_eq!(page.by_id("result-satisfied"), "ร้อยละ 50.0");
    assert_eq!(page.by_id("result-mean"), "4.00");
    assert!(page.body.contains("<svg viewBox="), "a chart per question");
    assert!(page.body.contains(
        "<th scope=\"row\">มากที่สุด (5)</th><td class=\"num\">1</td><td class=\"num\">50.0</td>"
    ));
    assert!(page.body.contains("คำตอบแบบข้อความไม่แสดงในหน้านี้"));
    assert_csp_clean(&page);
    let json = get(&app, &api, None).await.json();
    assert_eq!(json["withheld"], false);
    assert_eq!(json["satisfied_share"], 50.0);
    assert_eq!(json["mean"], 4.0);
    assert_eq!(json["pass_share"], Value::Null, "not a test");
    assert_eq!(
        json["questions"][0]["distribution"][0],
        json!({"label": "มากที่สุด (5)", "count": 1})
    );
    assert_eq!(
        json["questions"][0]["distribution"][2],
        json!({"label": "ปานกลาง (3)", "count": 1})
    );

    // Staff see the same, and the export has one row per answer.
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let staff = get(
        &app,
        &format!("/staff/surveys/{id}/results"),
        Some(&coordinator),
    )
    .await;
    assert_eq!(staff.status, StatusCode::OK);
    assert_eq!(staff.by_id("result-satisfied"), "ร้อยละ 50.0");
    assert!(staff.body.contains("<svg viewBox="));
    assert!(
        !staff.body.contains("id=\"withheld\""),
        "the minimum is reached"
    );
    assert_csp_clean(&staff);
    let csv = get(
        &app,
        &format!("/staff/surveys/{id}/answers.csv"),
        Some(&coordinator),
    )
    .await;
    assert_eq!(
        csv.headers.get(header::CONTENT_TYPE).unwrap(),
        "text/csv; charset=utf-8"
    );
    assert!(csv.body.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines.len(), 3, "{}", csv.body);
    // One row per answer (in the store's order), the choice as its text.
    let mut rows: Vec<&str> = lines[1..].iter().map(|l| &l[2..]).collect();
    rows.sort();
    assert!(
        rows[0].starts_with("10/11/2568,3 (ปานกลาง),3 (ปานกลาง)"),
        "{rows:?}"
    );
    assert!(
        rows[1].starts_with("10/11/2568,5 (มากที่สุด),5 (มากที่สุด)"),
        "{rows:?}"
    );
    assert!(rows[1].contains(",ทะเบียนราษฎร,"), "{rows:?}");
}

#[tokio::test]
async fn a_post_test_is_compared_with_its_pre_test() {
    let app = app().await;
    let activity = app
        .store
        .create_activity(
            &app.org,
            &ActivityInput {
                item: item("1.1"),
                fiscal_year: YEAR,
                kind: ActivityKind::Training,
                title: "อบรมคุณธรรม".into(),
                sessions: vec![Session {
                    date: TODAY,
                    starts: time!(09:00),
                    ends: time!(12:00),
                }],
                venue: "ห้องประชุม".into(),
                topics: Vec::new(),
                speakers: Vec::new(),
                groups: Vec::new(),
                roster_entries: Vec::new(),
                summary: String::new(),
            },
            "test",
        )
        .await
        .unwrap();
    let mut pre = from_template("knowledge", Some("1.1"));
    pre.title = "ก่อนอบรม".into();
    pre.phase = Phase::Pre;
    pre.activity = Some(activity.id.clone());
    let mut post_test = pre.clone();
    post_test.title = "หลังอบรม".into();
    post_test.phase = Phase::Post;
    let pre = create(&app, &pre).await;
    let post_id = create(&app, &post_test).await;
    let right = ["1", "0", "0", "1", "0"];
    // Before: 2 of 5 right (40%); after: 5 of 5 (100%).
    let before: Vec<(&str, String)> = ["q1", "q2", "q3", "q4", "q5"]
        .into_iter()
        .zip(["0", "1", "0", "0", "0"])
        .map(|(q, v)| (q, v.to_string()))
        .collect();
    let after: Vec<(&str, String)> = ["q1", "q2", "q3", "q4", "q5"]
        .into_iter()
        .zip(right)
        .map(|(q, v)| (q, v.to_string()))
        .collect();
    assert_eq!(
        answer(&app, &pre, &device(1), &before).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        answer(&app, &post_id, &device(1), &after).await.status,
        StatusCode::SEE_OTHER
    );

    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let page = get(
        &app,
        &format!("/staff/surveys/{post_id}/results"),
        Some(&coordinator),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("เทียบก่อนและหลังอบรม"));
    assert_eq!(page.by_id("change-points"), "+60.0");
    assert_eq!(page.by_id("result-pass"), "ร้อยละ 100.0");
    assert!(page.body.contains(&format!("/staff/surveys/{pre}/results")));
    // The form offers the activity to tie a survey to.
    let survey = get(
        &app,
        &format!("/staff/surveys/{post_id}"),
        Some(&coordinator),
    )
    .await;
    assert!(
        survey
            .body
            .contains(&format!("value=\"{}\" selected", activity.id))
    );
}

// ---------------------------------------------------------------------------
// JSON API

/// A request as a machine client sends it: no cookie, no Origin.
async fn machine_post(app: &App, uri: &str, body: Value) -> (StatusCode, Value) {
    let response = app
        .router
        .clone()
        .oneshot(
            Request::builder()
                .method(Method::POST)
                .uri(uri)
                .header(header::HOST, client::HOST)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn the_api_lists_describes_takes_and_counts_answers() {
    let app = app().await;
    let service = create(&app, &from_template("service", Some("1.1"))).await;
    let test = create(&app, &from_template("knowledge", None)).await;
    let mut closed = from_template("training", None);
    closed.closes = date!(2025 - 10 - 31);
    let closed = create(&app, &closed).await;

    let list = get(&app, "/api/v1/organizations/nakhon/surveys", None).await;
    assert_eq!(list.status, StatusCode::OK);
    let list = list.json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&service.as_str()) && ids.contains(&test.as_str()));
    assert!(!ids.contains(&closed.as_str()), "only surveys open today");
    let entry = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == service.as_str())
        .unwrap();
    assert_eq!(entry["kind"], "satisfaction");
    assert_eq!(entry["item"], "1.1");
    assert_eq!(
        list.as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == test.as_str())
            .unwrap()["item"],
        Value::Null
    );

    let detail = get(
        &app,
        &format!("/api/v1/organizations/nakhon/surveys/{test}"),
        None,
    )
    .await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(
        !detail.body.contains("correct"),
        "a test's answers stay secret: {}",
        detail.body
    );
    let detail = detail.json();
    assert_eq!(detail["kind"], "test");
    assert_eq!(
        (detail["opens"].as_str(), detail["closes"].as_str()),
        (Some("2025-10-01"), Some("2026-09-30"))
    );
    assert_eq!(detail["questions"][0]["kind"], "choice");
    assert_eq!(detail["questions"][0]["options"], json!(["ถูก", "ผิด"]));
    assert_eq!(detail["questions"][0]["required"], true);
    assert_eq!(
        get(&app, "/api/v1/organizations/nakhon/surveys/nope", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/api/v1/organizations/nobody/surveys", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let responses_url = format!("/api/v1/organizations/nakhon/surveys/{service}/responses");
    let good = json!({
        "answers": {"q1": 5, "q2": 4, "q3": "5", "q4": 4, "q5": 5, "q6": "ภาษีและรายได้"},
        "respondent": "kiosk-42"
    });
    let (status, body) = machine_post(&app, &responses_url, good.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body, json!({"stored": true}));
    assert_eq!(responses(&app, &service).await, 1);
    let (status, body) = machine_post(&app, &responses_url, good).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["error"].as_str().unwrap().contains("ตอบได้ครั้งเดียว"));

    let (status, body) = machine_post(
        &app,
        &responses_url,
        json!({"answers": {"q1": 9, "q2": 4, "q3": 5, "q4": 4, "q5": 5, "q6": 0}}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["question"], "q1");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("ข้อ 1: ")
    );
    assert_eq!(body["errors"].as_array().unwrap().len(), 1);

    let (status, _) = machine_post(
        &app,
        "/api/v1/organizations/nakhon/surveys/nope/responses",
        json!({"answers": {}}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = machine_post(
        &app,
        &format!("/api/v1/organizations/nakhon/surveys/{closed}/responses"),
        json!({"answers": {"q1": 5}}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["error"].as_str().unwrap().contains("ไม่เปิดรับคำตอบ"));
    let (status, body) = machine_post(&app, &responses_url, json!({"answer": 1})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        responses(&app, &service).await,
        1,
        "only the first answer was stored"
    );

    // With a browser's cookie the request must come from this site.
    let forged = app
        .router
        .clone()
        .oneshot(
            Request::builder()
                .method(Method::POST)
                .uri(&responses_url)
                .header(header::HOST, client::HOST)
                .header(header::COOKIE, device(9))
                .header(header::ORIGIN, "http://evil.example")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json!({"answers": {}}).to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}
