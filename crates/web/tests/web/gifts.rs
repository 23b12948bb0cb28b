//! The gift register (issue 14, item 5) through the router against a real
//! SQLite store: a staff member declares (bad values refused at the field,
//! nothing stored), the head of their unit decides (a head of another unit
//! sees nothing, the declarant may not decide their own), nil returns, the
//! administrator sets the head on the units page, and the public report and
//! its API carry no declarant, giver or unit.

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use sujarit_core::FiscalYear;
use sujarit_core::account::{Email, Role};
use sujarit_store::{GiftScope, Store};
use sujarit_web::{Clock, Resources};

use crate::support::{client, seeded};
use client::{PASSWORD, Routed, get, post, session_of};

/// 15 February 2026: fiscal year 2569, round 1.
const TODAY: time::Date = time::macros::date!(2026 - 02 - 15);
const GIVER: &str = "ห้างหุ้นส่วนจำกัด รุ่งเรืองวัสดุ";
const DESCRIPTION: &str = "ชุดกระเช้าของขวัญปีใหม่";

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

const ACCOUNTS: [(&str, Role, Option<&str>); 7] = [
    ("admin@nakhon.test", Role::Administrator, None),
    ("coordinator@nakhon.test", Role::PlanCoordinator, None),
    (
        "officer@nakhon.test",
        Role::UnitOfficer,
        Some("สำนักปลัดเทศบาล"),
    ),
    ("head@nakhon.test", Role::UnitOfficer, Some("สำนักปลัดเทศบาล")),
    (
        "otherhead@nakhon.test",
        Role::UnitOfficer,
        Some("กองการศึกษา"),
    ),
    ("executive@nakhon.test", Role::Executive, None),
    ("auditor@nakhon.test", Role::Auditor, None),
];

async fn app() -> App {
    let seeded::Seeded { store, org, dir } = seeded::seeded("gifts", &ACCOUNTS, PASSWORD).await;
    let config = Resources {
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

async fn user(app: &App, email: &str) -> sujarit_store::StaffUser {
    app.store
        .user_by_email(&app.org, &Email::parse(email).unwrap())
        .await
        .unwrap()
        .unwrap()
}

fn declaration<'a>(value: &'a str, decision: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("giver", GIVER),
        ("description", DESCRIPTION),
        ("kind", "property"),
        ("value", value),
        ("received_on", "02/01/2569"),
        ("occasion", "เทศกาลปีใหม่"),
        ("decision", decision),
    ]
}

async fn declarations(app: &App) -> Vec<sujarit_core::integrity::gift::GiftDeclaration> {
    app.store
        .gift_declarations(&app.org, Some(FiscalYear(2569)), GiftScope::All)
        .await
        .unwrap()
}

/// The administrator makes head@ the head of สำนักปลัดเทศบาล and
/// otherhead@ the head of กองการศึกษา, on the units page.
async fn set_heads(app: &App) {
    let admin = session_of(app, "admin@nakhon.test").await;
    for email in ["head@nakhon.test", "otherhead@nakhon.test"] {
        let head = user(app, email).await;
        let unit = head.unit_id.clone().unwrap();
        let reply = post(
            app,
            &format!("/staff/units/{unit}/head"),
            Some(&admin),
            &[("head", &head.id)],
        )
        .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    let page = get(app, "/staff/units", Some(&admin)).await;
    assert!(page.body.contains("หัวหน้าหน่วยงาน"), "{}", page.body);
    // Someone who is not an officer of the unit: refused at the row.
    let officer = user(app, "officer@nakhon.test").await;
    let executive = user(app, "executive@nakhon.test").await;
    let refused = post(
        app,
        &format!("/staff/units/{}/head", officer.unit_id.unwrap()),
        Some(&admin),
        &[("head", &executive.id)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("หัวหน้าหน่วยงานต้องเป็นเจ้าหน้าที่"));
}

#[tokio::test]
async fn bad_values_are_refused_at_the_field_and_nothing_is_kept() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    for (value, message) in [
        ("-5", "มูลค่าต้องไม่ติดลบ"),
        ("abc", "มูลค่าต้องเป็นตัวเลข"),
        ("", "โปรดระบุมูลค่า"),
    ] {
        let reply = post(
            &app,
            "/staff/integrity/gifts",
            Some(&officer),
            &declaration(value, "returned"),
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{value}");
        assert!(reply.body.contains(message), "{value}: {}", reply.body);
        // The form keeps what was typed.
        assert!(reply.body.contains(GIVER));
        assert!(reply.body.contains("aria-invalid=\"true\""));
    }
    // Kept although over the permitted value.
    let over = post(
        &app,
        "/staff/integrity/gifts",
        Some(&officer),
        &declaration("3,500", "kept_within_limit"),
    )
    .await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(over.body.contains("รับไว้เองไม่ได้"), "{}", over.body);
    assert!(declarations(&app).await.is_empty());
    // A date in the future, and no decision chosen.
    let mut future = declaration("100", "");
    future[4] = ("received_on", "01/03/2569");
    let reply = post(&app, "/staff/integrity/gifts", Some(&officer), &future).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("โปรดเลือกการดำเนินการ"));
    assert!(declarations(&app).await.is_empty());
}

#[tokio::test]
async fn the_head_of_the_unit_decides_and_no_one_else() {
    let app = app().await;
    set_heads(&app).await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let declared = post(
        &app,
        "/staff/integrity/gifts",
        Some(&officer),
        &declaration("5,000.50", "returned"),
    )
    .await;
    assert_eq!(declared.status, StatusCode::SEE_OTHER, "{}", declared.body);
    assert_eq!(
        declared.location(),
        "/staff/integrity/gifts?year=2569&done=declared"
    );
    let list = declarations(&app).await;
    assert_eq!(list.len(), 1);
    let id = list[0].id.clone();
    let page = format!("/staff/integrity/gifts/{id}");
    let decide = format!("/staff/integrity/gifts/{id}/decision");
    let mine = get(&app, "/staff/integrity/gifts", Some(&officer)).await;
    assert!(mine.body.contains("5,000.50"));
    assert!(mine.body.contains("รอผู้บังคับบัญชาพิจารณา"));

    // The declarant may read it but not decide it.
    assert_eq!(
        get(&app, &page, Some(&officer)).await.status,
        StatusCode::OK
    );
    let own = post(&app, &decide, Some(&officer), &[("verdict", "agree")]).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);

    // The head of another unit: as if it did not exist.
    let other = session_of(&app, "otherhead@nakhon.test").await;
    assert_eq!(
        get(&app, &page, Some(&other)).await.status,
        StatusCode::NOT_FOUND
    );
    let foreign = post(&app, &decide, Some(&other), &[("verdict", "agree")]).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let queue = get(&app, "/staff/integrity/gifts", Some(&other)).await;
    assert!(!queue.body.contains(GIVER));
    // The coordinator (no unit, not a reader of the register): 404 too.
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    assert_eq!(
        get(&app, &page, Some(&coordinator)).await.status,
        StatusCode::NOT_FOUND
    );
    // The auditor reads the whole register but decides nothing.
    let auditor = session_of(&app, "auditor@nakhon.test").await;
    let register = get(&app, "/staff/integrity/gifts", Some(&auditor)).await;
    assert!(register.body.contains(GIVER), "{}", register.body);
    assert_eq!(
        post(&app, &decide, Some(&auditor), &[("verdict", "agree")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // The head: in the queue; an order without a note is refused.
    let head = session_of(&app, "head@nakhon.test").await;
    let queue = get(&app, "/staff/integrity/gifts", Some(&head)).await;
    assert!(
        queue.body.contains("รอการพิจารณาของคุณ (1)"),
        "{}",
        queue.body
    );
    assert!(queue.body.contains(&page));
    let bare = post(
        &app,
        &decide,
        Some(&head),
        &[("verdict", "order_hand_over")],
    )
    .await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bare.body.contains("โปรดระบุเหตุผลของคำสั่ง"), "{}", bare.body);
    assert!(declarations(&app).await[0].review.is_none());
    let done = post(
        &app,
        &decide,
        Some(&head),
        &[("verdict", "order_hand_over"), ("note", "มูลค่าเกินที่รับได้")],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let decided = &declarations(&app).await[0];
    assert_eq!(
        decided.outcome(),
        sujarit_core::integrity::gift::GiftDecision::HandedOver
    );
    // Once only.
    let again = post(&app, &decide, Some(&head), &[("verdict", "agree")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("มีผู้พิจารณาแล้ว"));
}

#[tokio::test]
async fn nil_returns_and_the_permitted_value() {
    let app = app().await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let nil = post(
        &app,
        "/staff/integrity/gifts/nil",
        Some(&coordinator),
        &[("year", "2569"), ("round", "1")],
    )
    .await;
    assert_eq!(nil.status, StatusCode::SEE_OTHER, "{}", nil.body);
    let twice = post(
        &app,
        "/staff/integrity/gifts/nil",
        Some(&coordinator),
        &[("year", "2569"), ("round", "1")],
    )
    .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.body.contains("แจ้งว่าไม่มีการรับในรอบนี้แล้ว"));
    let bad = post(
        &app,
        "/staff/integrity/gifts/nil",
        Some(&coordinator),
        &[("year", "2569"), ("round", "3")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    let admin = session_of(&app, "admin@nakhon.test").await;
    let page = get(&app, "/staff/integrity/gifts", Some(&admin)).await;
    assert!(page.body.contains("ไม่เกิน 3,000 บาท"));
    assert!(page.body.contains("ป.ป.ช."));
    let negative = post(
        &app,
        "/staff/integrity/gifts/settings",
        Some(&admin),
        &[("permitted_value", "-1")],
    )
    .await;
    assert_eq!(negative.status, StatusCode::UNPROCESSABLE_ENTITY);
    let set = post(
        &app,
        "/staff/integrity/gifts/settings",
        Some(&admin),
        &[("permitted_value", "2,000")],
    )
    .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store.gift_permitted_value(&app.org).await.unwrap(),
        sujarit_core::Baht::from_baht(2_000)
    );
    let forbidden = post(
        &app,
        "/staff/integrity/gifts/settings",
        Some(&coordinator),
        &[("permitted_value", "9000")],
    )
    .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_public_report_and_its_api_name_no_one() {
    let app = app().await;
    set_heads(&app).await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    for (value, decision) in [("800", "kept_within_limit"), ("4,000", "handed_over")] {
        let reply = post(
            &app,
            "/staff/integrity/gifts",
            Some(&officer),
            &declaration(value, decision),
        )
        .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    let head = session_of(&app, "head@nakhon.test").await;
    post(
        &app,
        "/staff/integrity/gifts/nil",
        Some(&head),
        &[("year", "2569"), ("round", "1")],
    )
    .await;
    let names: Vec<String> = {
        let mut names = vec![GIVER.to_string(), DESCRIPTION.to_string()];
        for email in ["officer@nakhon.test", "head@nakhon.test"] {
            let u = user(&app, email).await;
            names.push(u.display_name.clone());
            names.push(u.email.clone());
        }
        names.push("สำนักปลัดเทศบาล".into());
        names
    };
    let public = get(&app, "/o/nakhon/integrity/gifts?year=2569", None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        public.body.contains("การแจ้งทั้งหมด <strong>2</strong>"),
        "{}",
        public.body
    );
    assert!(public.body.contains("4,800.00"));
    assert!(public.body.contains("แจ้งว่าไม่มีการรับ <strong>1</strong>"));
    // The menu names units of the plan elsewhere; the report's content must not.
    let content = public
        .body
        .split("<h1>")
        .nth(1)
        .expect("the page's heading");
    for name in &names {
        assert!(
            !content.contains(name.as_str()),
            "{name} on the public page"
        );
    }
    let csv = get(&app, "/o/nakhon/integrity/gifts.csv?year=2569", None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("ส่งมอบเป็นทรัพย์สินของหน่วยงาน"));
    for name in &names {
        assert!(!csv.body.contains(name.as_str()), "{name} in the CSV");
    }
    let api = get(
        &app,
        "/api/v1/organizations/nakhon/gifts?fiscal_year=2569",
        None,
    )
    .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let json = api.json();
    assert_eq!(json["declarations"], 2);
    assert_eq!(json["total_value"], 4800);
    assert_eq!(json["permitted_value"], 3000);
    assert_eq!(json["nil_returns"][0]["count"], 1);
    for name in &names {
        assert!(!api.body.contains(name.as_str()), "{name} in the API");
    }
    let bad = get(
        &app,
        "/api/v1/organizations/nakhon/gifts?fiscal_year=abc",
        None,
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("ปีงบประมาณ"), "{}", bad.body);
    let bad_page = get(&app, "/o/nakhon/integrity/gifts?year=12", None).await;
    assert_eq!(bad_page.status, StatusCode::BAD_REQUEST);
    // The year with declarations has its generated item's page.
    let facts = sujarit_service::disclosure::generated_facts(
        app.store.as_ref(),
        &app.org,
        FiscalYear(2569),
        TODAY,
    )
    .await
    .unwrap();
    assert!(facts.gift_report);
    let empty = sujarit_service::disclosure::generated_facts(
        app.store.as_ref(),
        &app.org,
        FiscalYear(2570),
        TODAY,
    )
    .await
    .unwrap();
    assert!(!empty.gift_report);
}
