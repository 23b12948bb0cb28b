//! The internal audit (issue 14) through the router against a real SQLite
//! store: the auditor plans an engagement, declares independence, records a
//! finding (bad input at the field, nothing saved) and its follow-up, and
//! publishes the public version; who may read and write; the public page,
//! the public and executive PDFs and the JSON API (the public version only,
//! no names; a bad fiscal year is a Thai 400).

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use sujarit_core::account::Role;
use sujarit_store::Store;
use sujarit_web::{Clock, Resources};

use crate::support::{client, seeded};
use client::{PASSWORD, Routed, get, post, session_of};

/// 15 February 2026: fiscal year 2569.
const TODAY: time::Date = time::macros::date!(2026 - 02 - 15);
const AUDITOR_NAME: &str = "ผู้ตรวจสอบ นามสมมุติ";

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
    ("auditor@nakhon.test", Role::Auditor, None),
    ("executive@nakhon.test", Role::Executive, None),
    ("coordinator@nakhon.test", Role::PlanCoordinator, None),
    (
        "officer@nakhon.test",
        Role::UnitOfficer,
        Some("สำนักปลัดเทศบาล"),
    ),
];

async fn app() -> App {
    let seeded::Seeded { store, org, dir } = seeded::seeded("audit", &ACCOUNTS, PASSWORD).await;
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

const BASE: &str = "/staff/integrity/audit/2569";

#[tokio::test]
async fn the_auditor_records_an_audit_and_publishes_its_public_version() {
    let app = app().await;
    let auditor = session_of(&app, "auditor@nakhon.test").await;
    let auditor = Some(auditor.as_str());
    let units = app.store.units(&app.org).await.unwrap();
    let unit = &units[0];
    let me = app
        .store
        .users(&app.org)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.role == Role::Auditor)
        .unwrap();
    // The demo's display name is the seed's: set one to look for.
    app.store
        .update_user(
            &app.org,
            &me.id,
            &sujarit_store::UserChange {
                display_name: AUDITOR_NAME.into(),
                role: Role::Auditor,
                unit_id: None,
                active: true,
            },
            None,
        )
        .await
        .unwrap();

    // The year's page, then the plan.
    let page = get(&app, "/staff/integrity/audit?year=2569", auditor).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("เพิ่มงานตรวจสอบ"));
    let bad_plan = post(
        &app,
        &format!("{BASE}/plan"),
        auditor,
        &[("approved_by", "นายก"), ("approved_on", "วันหนึ่ง")],
    )
    .await;
    assert_eq!(bad_plan.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_plan.body.contains("วันที่อนุมัติไม่ถูกต้อง"));
    assert!(
        bad_plan.body.contains("value=\"นายก\""),
        "the value is kept"
    );
    assert_eq!(
        app.store.internal_audit(&app.org, 2569).await.unwrap(),
        None
    );
    let plan = post(
        &app,
        &format!("{BASE}/plan"),
        auditor,
        &[
            ("approved_by", "นายกเทศมนตรี"),
            ("approved_on", "2025-10-01"),
        ],
    )
    .await;
    assert_eq!(plan.status, StatusCode::SEE_OTHER);

    // An engagement: bad input first, then a good one.
    let bad = post(
        &app,
        &format!("{BASE}/engagements"),
        auditor,
        &[
            ("unit", &unit.id),
            ("area", "procurement"),
            ("scope", " "),
            ("period_from", "2025-12-31"),
            ("period_to", "2025-10-01"),
            ("auditor", &me.id),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("โปรดระบุขอบเขตการตรวจสอบ"));
    assert!(bad.body.contains("วันสิ้นสุดช่วงที่ตรวจต้องไม่ก่อนวันเริ่มต้น"));
    let year = app
        .store
        .internal_audit(&app.org, 2569)
        .await
        .unwrap()
        .unwrap();
    assert!(year.engagements.is_empty());
    let added = post(
        &app,
        &format!("{BASE}/engagements"),
        auditor,
        &[
            ("unit", &unit.id),
            ("area", "procurement"),
            ("scope", "การจัดซื้อไตรมาส 1"),
            ("period_from", "2025-10-01"),
            ("period_to", "2025-12-31"),
            ("auditor", &me.id),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let year = app
        .store
        .internal_audit(&app.org, 2569)
        .await
        .unwrap()
        .unwrap();
    let id = year.engagements[0].id.clone();
    let at = format!("{BASE}/engagements/{id}");

    // Not started without the independence declaration.
    let start = post(
        &app,
        &format!("{at}/status"),
        auditor,
        &[("status", "in_progress")],
    )
    .await;
    assert_eq!(start.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(start.body.contains("ยืนยันความเป็นอิสระก่อน"));
    let unconfirmed = post(
        &app,
        &format!("{at}/independence"),
        auditor,
        &[("statement", "อิสระ")],
    )
    .await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let declared = post(
        &app,
        &format!("{at}/independence"),
        auditor,
        &[("statement", "ข้าพเจ้ามีความเป็นอิสระ"), ("confirm", "1")],
    )
    .await;
    assert_eq!(declared.status, StatusCode::SEE_OTHER);
    assert_eq!(
        post(
            &app,
            &format!("{at}/status"),
            auditor,
            &[("status", "in_progress")]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );

    // A finding with parts missing, then whole (public only as a summary).
    let missing = post(
        &app,
        &format!("{at}/findings"),
        auditor,
        &[
            ("criterion", "ระเบียบ ข้อ 175"),
            ("condition", ""),
            ("cause", "ไม่เข้าใจ"),
            ("effect", ""),
            ("recommendation", "อบรม"),
            ("publication", "summary"),
            ("summary", ""),
        ],
    )
    .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "โปรดระบุสภาพที่พบ",
        "โปรดระบุผลกระทบ",
        "โปรดระบุสรุปข้อตรวจพบสำหรับเผยแพร่",
    ] {
        assert!(missing.body.contains(message), "{message}");
    }
    assert!(missing.body.contains("ระเบียบ ข้อ 175"), "values kept");
    let finding = post(
        &app,
        &format!("{at}/findings"),
        auditor,
        &[
            ("criterion", "ระเบียบ ข้อ 175"),
            ("condition", "ตรวจรับโดยไม่มีคำสั่งแต่งตั้งลับเฉพาะ"),
            ("cause", "ไม่เข้าใจ"),
            ("effect", "เสี่ยง"),
            ("recommendation", "อบรม"),
            ("publication", "summary"),
            ("summary", "พบข้อบกพร่องในการตรวจรับพัสดุ"),
        ],
    )
    .await;
    assert_eq!(finding.status, StatusCode::SEE_OTHER);
    assert_eq!(
        post(
            &app,
            &format!("{at}/status"),
            auditor,
            &[("status", "reported")]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    let year = app
        .store
        .internal_audit(&app.org, 2569)
        .await
        .unwrap()
        .unwrap();
    let finding_id = year.engagements[0].findings[0].id.clone();
    let follow = format!("{at}/findings/{finding_id}/follow-ups");
    let no_reason = post(
        &app,
        &follow,
        auditor,
        &[
            ("date", "2026-02-01"),
            ("status", "not_implemented"),
            ("reason", ""),
        ],
    )
    .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains("โปรดระบุเหตุผลที่ไม่ดำเนินการ"));
    let done = post(
        &app,
        &follow,
        auditor,
        &[
            ("date", "2026-02-01"),
            ("status", "implemented"),
            ("response", "แต่งตั้งแล้ว"),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(
        post(
            &app,
            &format!("{at}/findings/nope/follow-ups"),
            auditor,
            &[("date", "2026-02-01"), ("status", "implemented")]
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, &format!("{BASE}/engagements/nope"), auditor)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Not public before it is published.
    let public = get(&app, "/o/nakhon/integrity/audit?year=2569", None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        public
            .body
            .contains("ยังไม่มีรายงานผลการตรวจสอบภายในฉบับเผยแพร่")
    );
    assert_eq!(
        get(&app, "/o/nakhon/integrity/audit/report.pdf?year=2569", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let api = get(
        &app,
        "/api/v1/organizations/nakhon/audit?fiscal_year=2569",
        None,
    )
    .await;
    assert_eq!(api.json()["published"], false);

    let published = post(
        &app,
        &format!("{BASE}/publish"),
        auditor,
        &[("published", "1")],
    )
    .await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    let public = get(&app, "/o/nakhon/integrity/audit?year=2569", None).await;
    assert!(public.body.contains("พบข้อบกพร่องในการตรวจรับพัสดุ"));
    assert!(public.body.contains("ผู้ตรวจสอบภายใน"));
    assert!(public.body.contains("ดำเนินการแล้ว"));
    assert!(!public.body.contains(AUDITOR_NAME));
    assert!(
        !public.body.contains("ลับเฉพาะ"),
        "a summary-only finding in full"
    );
    let pdf = get(&app, "/o/nakhon/integrity/audit/report.pdf?year=2569", None).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.bytes.starts_with(b"%PDF"));

    let api = get(
        &app,
        "/api/v1/organizations/nakhon/audit?fiscal_year=2569",
        None,
    )
    .await;
    assert_eq!(api.status, StatusCode::OK);
    let json = api.json();
    assert_eq!(json["published"], true);
    let e = &json["engagements"][0];
    assert_eq!(e["area"], "procurement");
    assert_eq!(e["status"], "reported");
    assert_eq!(e["auditor"], "ผู้ตรวจสอบภายใน");
    assert_eq!(e["findings_count"], 1);
    assert_eq!(e["findings"][0]["public_text"], "พบข้อบกพร่องในการตรวจรับพัสดุ");
    assert_eq!(e["findings"][0]["follow_up_status"], "implemented");
    assert!(!api.body.contains(AUDITOR_NAME) && !api.body.contains("ลับเฉพาะ"));

    // The information centre's fact.
    let facts = sujarit_service::disclosure::generated_facts(
        app.store.as_ref(),
        &app.org,
        sujarit_core::FiscalYear(2569),
        TODAY,
    )
    .await
    .unwrap();
    assert!(facts.audit_report);

    // Every change is in the audit log.
    let log = app.store.audit_log(&app.org, None, 100).await.unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| e.action.starts_with("internal_audit."))
            .count(),
        8
    );
}

#[tokio::test]
async fn readers_read_the_full_version_and_only_the_auditor_writes() {
    let app = app().await;
    let executive = session_of(&app, "executive@nakhon.test").await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    for reader in [&executive, &coordinator] {
        let page = get(&app, "/staff/integrity/audit", Some(reader)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("เพิ่มงานตรวจสอบ"), "no forms for readers");
        let pdf = get(&app, &format!("{BASE}/report.pdf"), Some(reader)).await;
        assert_eq!(pdf.status, StatusCode::OK);
        assert!(pdf.bytes.starts_with(b"%PDF"));
        let write = post(
            &app,
            &format!("{BASE}/plan"),
            Some(reader),
            &[("approved_by", "x")],
        )
        .await;
        assert_eq!(write.status, StatusCode::FORBIDDEN);
        assert!(
            write
                .body
                .contains("เฉพาะผู้ตรวจสอบภายในเท่านั้นที่บันทึกการตรวจสอบภายในได้")
        );
    }
    let page = get(&app, "/staff/integrity/audit", Some(&officer)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        get(&app, &format!("{BASE}/report.pdf"), Some(&officer))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.store.internal_audit(&app.org, 2569).await.unwrap(),
        None
    );
}

#[tokio::test]
async fn the_api_refuses_a_bad_fiscal_year_in_thai() {
    let app = app().await;
    for query in [
        "",
        "?fiscal_year=",
        "?fiscal_year=69",
        "?fiscal_year=abcd",
        "?fiscal_year=9999",
    ] {
        let reply = get(
            &app,
            &format!("/api/v1/organizations/nakhon/audit{query}"),
            None,
        )
        .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(
            reply.body.contains("fiscal_year"),
            "{query}: {}",
            reply.body
        );
    }
    let unknown = get(
        &app,
        "/api/v1/organizations/nowhere/audit?fiscal_year=2569",
        None,
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let bad_year = get(&app, "/o/nakhon/integrity/audit?year=abc", None).await;
    assert_eq!(bad_year.status, StatusCode::BAD_REQUEST);
}
