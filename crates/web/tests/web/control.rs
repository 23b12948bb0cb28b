//! The internal control evaluation (issue 14, ปค.1–ปค.6) through the router
//! against a real SQLite store: the auditor fills ปค.4, a ปค.5 row and ปค.6,
//! the coordinator certifies ปค.1 and records the submission; bad input
//! (a ปค.5 row without an owner, a bad date, ปค.1 against ปค.5) re-renders
//! with the message at its field and saves nothing; the public page, PDF
//! and JSON appear once certified.

use axum::Router;
use axum::http::StatusCode;
use sujarit_core::FiscalYear;
use sujarit_core::account::Role;

use crate::support::{client, seeded};
use client::{PASSWORD, Routed, get, post, session_of};

const ACCOUNTS: [(&str, Role, Option<&str>); 3] = [
    ("coordinator@nakhon.test", Role::PlanCoordinator, None),
    ("executive@nakhon.test", Role::Executive, None),
    ("auditor@nakhon.test", Role::Auditor, None),
];

struct App {
    router: Router,
}

impl Routed for App {
    fn router(&self) -> &Router {
        &self.router
    }
}

#[tokio::test]
async fn the_forms_are_filled_certified_and_published() {
    let seeded::Seeded {
        store,
        org,
        dir: _dir,
    } = seeded::seeded("control", &ACCOUNTS, PASSWORD).await;
    let app = App {
        router: sujarit_web::router(sujarit_web::AppState::new(store.clone())),
    };
    let auditor = session_of(&app, "auditor@nakhon.test").await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let executive = session_of(&app, "executive@nakhon.test").await;
    let year = FiscalYear(2568);

    // Not certified yet: the public page says so, the API says so.
    let public = get(&app, "/o/nakhon/integrity/control?year=2568", None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        public
            .body
            .contains("ยังไม่มีผลการประเมินการควบคุมภายในที่รับรองแล้ว")
    );
    let api = get(
        &app,
        "/api/v1/organizations/nakhon/internal-control?fiscal_year=2568",
        None,
    )
    .await;
    assert_eq!(api.status, StatusCode::OK);
    assert_eq!(api.json()["certified"], false);
    let bad = get(
        &app,
        "/api/v1/organizations/nakhon/internal-control?fiscal_year=68",
        None,
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("ปีงบประมาณ") || bad.body.contains("fiscal_year"));
    assert_eq!(
        get(&app, "/o/nakhon/integrity/control/pdf?year=2568", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // ปค.4 by the auditor.
    let mut pk4: Vec<(String, String)> = vec![("year".into(), "2568".into())];
    for c in sujarit_core::integrity::control::Component::ALL {
        pk4.push((c.field().into(), format!("ประเมิน{}แล้ว", c.thai())));
        pk4.push((format!("{}_result", c.field()), "adequate".into()));
    }
    pk4.push(("conclusion".into(), "เพียงพอ".into()));
    let pairs: Vec<(&str, &str)> = pk4.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let saved = post(&app, "/staff/integrity/control/pk4", Some(&auditor), &pairs).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    // A ปค.5 row without an owner: the message at that field, the values kept, nothing saved.
    let row = [
        ("year", "2568"),
        ("mission", "งานพัสดุ"),
        ("objective", "ถูกต้องตามระเบียบ"),
        ("risk", "กำหนดคุณลักษณะเอื้อผู้ขาย"),
        ("existing_control", "คณะกรรมการ"),
        ("evaluation", "ยังไม่เพียงพอ"),
        ("remaining_risk", "ยังอ้างยี่ห้อ"),
        ("improvement", "อบรมคณะกรรมการ"),
        ("due_on", "30/09/2568"),
        ("owner_unit", ""),
    ];
    let refused = post(&app, "/staff/integrity/control/rows", Some(&auditor), &row).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("ทุกแถวของ ปค.5 ต้องมีผู้รับผิดชอบ"));
    assert!(refused.body.contains("กำหนดคุณลักษณะเอื้อผู้ขาย"));
    assert!(
        store
            .internal_control(&org, year)
            .await
            .unwrap()
            .rows
            .is_empty()
    );
    let mut row = row.to_vec();
    row.retain(|(k, _)| *k != "owner_unit");
    row.push(("owner_unit", "กองคลัง"));
    let saved = post(&app, "/staff/integrity/control/rows", Some(&auditor), &row).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    // ปค.6 is the auditor's alone.
    let review = [
        ("year", "2568"),
        ("opinion", "เป็นไปตามหลักเกณฑ์ฯ"),
        ("points", "ติดตามการอบรม"),
        ("reviewed_on", "20/11/2568"),
        ("reviewer_position", "หัวหน้าหน่วยตรวจสอบภายใน"),
    ];
    let refused = post(
        &app,
        "/staff/integrity/control/pk6",
        Some(&coordinator),
        &review,
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let saved = post(
        &app,
        "/staff/integrity/control/pk6",
        Some(&auditor),
        &review,
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    // ปค.1: the first form is refused while ปค.5 has a remaining risk.
    let certify = |conclusion: &'static str| {
        vec![
            ("year", "2568"),
            ("head_position", "นายกเทศมนตรี"),
            ("certified_on", "28/11/2568"),
            ("conclusion", conclusion),
        ]
    };
    let refused = post(
        &app,
        "/staff/integrity/control/pk1",
        Some(&coordinator),
        &certify("effective"),
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("ความเสี่ยงที่ยังมีอยู่ 1 รายการ"));
    assert!(
        store
            .internal_control(&org, year)
            .await
            .unwrap()
            .certification
            .is_none()
    );
    let refused = post(
        &app,
        "/staff/integrity/control/pk1",
        Some(&executive),
        &certify("with_remaining_risks"),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let saved = post(
        &app,
        "/staff/integrity/control/pk1",
        Some(&coordinator),
        &certify("with_remaining_risks"),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    // The improvement done, a bad date first.
    let id = store.internal_control(&org, year).await.unwrap().rows[0]
        .id
        .clone();
    let path = format!("/staff/integrity/control/rows/{id}/improvement");
    let refused = post(
        &app,
        &path,
        Some(&coordinator),
        &[("year", "2568"), ("status", "done"), ("done_on", "")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("โปรดระบุวันที่ดำเนินการแล้วเสร็จ"));
    let saved = post(
        &app,
        &path,
        Some(&coordinator),
        &[
            ("year", "2568"),
            ("status", "done"),
            ("done_on", "01/03/2568"),
            ("evidence", "รายงานการอบรม"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    // The submission and the deadline.
    let sent = post(
        &app,
        "/staff/integrity/control/submission",
        Some(&coordinator),
        &[
            ("year", "2568"),
            ("recipient", "นายอำเภอ"),
            ("submitted_on", "30/12/2568"),
            ("reference", "นศ 52001/1"),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let refused = post(
        &app,
        "/staff/integrity/control/settings",
        Some(&coordinator),
        &[("year", "2568"), ("deadline_days", "400")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("1 ถึง 365"));

    let page = get(&app, "/staff/integrity/control?year=2568", Some(&executive)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("1 จาก 1 รายการ (ร้อยละ 100)"));
    assert!(page.body.contains("29 ธันวาคม 2568"));
    assert!(page.body.contains("ส่งรายงานแล้ว (เกินกำหนด)"));
    for form in ["set", "pk4", "pk5"] {
        let pdf = get(
            &app,
            &format!("/staff/integrity/control/document?year=2568&form={form}"),
            Some(&executive),
        )
        .await;
        assert_eq!(pdf.status, StatusCode::OK);
        assert!(pdf.bytes.starts_with(b"%PDF"));
    }
    let xlsx = get(
        &app,
        "/staff/integrity/control/document?year=2568&format=xlsx",
        Some(&auditor),
    )
    .await;
    assert!(xlsx.bytes.starts_with(b"PK"));

    // Public now.
    let public = get(&app, "/o/nakhon/integrity/control?year=2568", None).await;
    assert!(public.body.contains("นายกเทศมนตรี"));
    assert!(public.body.contains("ดำเนินการแล้วเสร็จ"));
    let pdf = get(&app, "/o/nakhon/integrity/control/pdf?year=2568", None).await;
    assert!(pdf.bytes.starts_with(b"%PDF"));
    let api = get(
        &app,
        "/api/v1/organizations/nakhon/internal-control?fiscal_year=2568",
        None,
    )
    .await
    .json();
    assert_eq!(api["certified"], true);
    assert_eq!(api["conclusion"], "with_remaining_risks");
    assert_eq!(api["components"].as_array().unwrap().len(), 5);
    assert_eq!(api["remediated_percent"], 100);
    assert_eq!(api["improvements"][0]["status"], "done");

    // Every change is in the audit log.
    let log = store.audit_log(&org, None, 100).await.unwrap();
    assert!(
        log.iter()
            .filter(|e| e.action.starts_with("internal_control."))
            .count()
            >= 6
    );
}
