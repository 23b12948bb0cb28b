//! The corruption risk register and internal measures (issue 14) through the
//! router against a real SQLite store: the coordinator's entry form with bad
//! input refused at the field (nothing saved), a valid entry, the heat map
//! and the consistency flag, a monitoring note, the matrix form's coverage
//! check, the measures and their warning under 5, the public pages and the
//! JSON API.

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use sujarit_core::account::Role;
use sujarit_store::Store;
use sujarit_web::{Clock, Resources};
use time::macros::date;

use crate::support::{client, seeded};
use client::{PASSWORD, Routed, get, post, session_of};

/// 10 November 2025: fiscal year 2569.
const TODAY: time::Date = date!(2025 - 11 - 10);

const ACCOUNTS: [(&str, Role, Option<&str>); 2] = [
    ("coordinator@nakhon.test", Role::PlanCoordinator, None),
    ("executive@nakhon.test", Role::Executive, None),
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

async fn app() -> App {
    let seeded::Seeded { store, org, dir } = seeded::seeded("risks", &ACCOUNTS, PASSWORD).await;
    let resources = Resources {
        clock: Clock::Fixed(TODAY),
        ..Default::default()
    };
    let router = sujarit_web::router(
        sujarit_web::AppState::new(store.clone())
            .with_site(sujarit_web::Site::new("http://sujarit.test").unwrap())
            .with_resources(resources),
    );
    App {
        router,
        store,
        org,
        _dir: dir,
    }
}

fn entry<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("year", "2569"),
        ("process", "การจัดซื้อจัดจ้าง"),
        ("risk", "กำหนดคุณลักษณะเฉพาะเอื้อผู้ขายรายหนึ่ง"),
        ("risk_type", "procurement"),
        ("unit", "กองคลัง"),
        ("owner_unit", "กองคลัง"),
        ("status", "treating"),
        ("likelihood", "4"),
        ("impact", "4"),
        ("residual_likelihood", "2"),
        ("residual_impact", "3"),
        ("control_target", "item:1.1"),
        ("control_text", "โครงการในแผน"),
        ("control_in_force", "yes"),
        ("next_review", "2026-03-31"),
    ];
    for (k, v) in extra {
        form.retain(|(key, _)| key != k);
        form.push((k, v));
    }
    form
}

#[tokio::test]
async fn the_coordinator_scores_a_risk_and_bad_input_is_refused_at_the_field() {
    let app = app().await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let c = Some(coordinator.as_str());
    // Bad input: a Thai message at the field, the values kept, nothing saved.
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("likelihood", "9")], "โอกาสที่จะเกิดต้องอยู่ระหว่าง 1–5"),
        (&[("impact", "มาก")], "ผลกระทบต้องเป็นตัวเลข"),
        (
            &[("residual_likelihood", "5"), ("residual_impact", "5")],
            "ต้องไม่สูงกว่าความเสี่ยงก่อนการควบคุม",
        ),
        (
            &[("control_target", "item:9.99")],
            "ไม่มีโครงการ/กิจกรรม/มาตรการรหัส 9.99",
        ),
        (&[("control_target", "measure:nope")], "ไม่มีมาตรการภายใน"),
    ];
    for (extra, message) in cases {
        let reply = post(&app, "/staff/integrity/risks/new", c, &entry(extra)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{extra:?}");
        assert!(reply.body.contains(message), "{extra:?}: {}", reply.body);
        assert!(reply.body.contains("กำหนดคุณลักษณะเฉพาะเอื้อผู้ขายรายหนึ่ง"));
    }
    assert!(
        app.store
            .risk_entries(&app.org, 2569)
            .await
            .unwrap()
            .is_empty()
    );

    // A valid entry.
    let reply = post(&app, "/staff/integrity/risks/new", c, &entry(&[])).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let entries = app.store.risk_entries(&app.org, 2569).await.unwrap();
    assert_eq!(entries.len(), 1);
    let id = entries[0].id.clone();
    assert_eq!(reply.location(), format!("/staff/integrity/risks/{id}"));

    // The register: the heat map counts it in cell 4×4, no flag yet, and
    // the warning for fewer than 5 measures.
    let page = get(&app, "/staff/integrity/risks?year=2569", c).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg"));
    assert!(page.body.contains("โอกาส 4 × ผลกระทบ 4: สูง, 1 ความเสี่ยง"));
    assert!(page.body.contains("สูง (4×4)"));
    assert!(page.body.contains("id=\"measures-warning\""));
    assert!(!page.body.contains("id=\"flagged\""));

    // No control in force while the residual is lower: flagged.
    let path = format!("/staff/integrity/risks/{id}");
    let reply = post(&app, &path, c, &entry(&[("control_in_force", "no")])).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let page = get(&app, "/staff/integrity/risks?year=2569", c).await;
    assert!(page.body.contains("id=\"flagged\""));
    let page = get(&app, &path, c).await;
    assert!(page.body.contains("id=\"entry-flag\""));

    // A monitoring note; an empty one is refused.
    let monitoring = format!("{path}/monitoring");
    let reply = post(&app, &monitoring, c, &[("round", "6"), ("note", "")]).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("กรุณาบันทึกผลการติดตาม"));
    let reply = post(
        &app,
        &monitoring,
        c,
        &[("round", "6"), ("note", "ดำเนินการตามมาตรการแล้ว")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let saved = app.store.risk_entry(&app.org, &id).await.unwrap().unwrap();
    assert_eq!(saved.input.monitoring.len(), 1);

    // The executive reads but may not change.
    let executive = session_of(&app, "executive@nakhon.test").await;
    let e = Some(executive.as_str());
    assert_eq!(get(&app, &path, e).await.status, StatusCode::OK);
    let reply = post(&app, &path, e, &entry(&[])).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.body.contains("เฉพาะผู้ประสานแผน"));
}

#[tokio::test]
async fn a_matrix_that_leaves_cells_uncovered_is_refused() {
    let app = app().await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let c = Some(coordinator.as_str());
    let form = [
        ("likelihood", "น้อย\nกลาง\nมาก"),
        ("impact", "น้อย\nกลาง\nมาก"),
        ("levels", "ต่ำ, #2e7d32, 1-2\nสูง, #c62828, 4-9"),
    ];
    let reply = post(&app, "/staff/integrity/risks/matrix", c, &form).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains("ต้องครอบคลุมทุกช่องของตาราง"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("3×1"));
    assert_eq!(app.store.risk_matrix(&app.org).await.unwrap().0, 0);
    let form = [
        ("likelihood", "น้อย\nกลาง\nมาก"),
        ("impact", "น้อย\nกลาง\nมาก"),
        ("levels", "ต่ำ, #2e7d32, 1-3\nสูง, #c62828, 4-9"),
    ];
    let reply = post(&app, "/staff/integrity/risks/matrix", c, &form).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let (version, matrix) = app.store.risk_matrix(&app.org).await.unwrap();
    assert_eq!((version, matrix.likelihood.len()), (1, 3));
    // Scores now go to 3: a 4 is outside.
    let reply = post(&app, "/staff/integrity/risks/new", c, &entry(&[])).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("โอกาสที่จะเกิดต้องอยู่ระหว่าง 1–3"));
}

#[tokio::test]
async fn measures_public_pages_and_the_api() {
    let app = app().await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let c = Some(coordinator.as_str());
    let reply = post(&app, "/staff/integrity/risks/new", c, &entry(&[])).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    // A step with an unreadable date is refused at the field.
    let measure = |steps: &'static str| {
        vec![
            ("year", "2569"),
            ("title", "มาตรการป้องกันการรับสินบน"),
            ("purpose", "ไม่รับสินบน"),
            ("owner_unit", "สำนักปลัดเทศบาล"),
            ("steps", steps),
            ("status", "done"),
            ("evidence", "https://example.org/report"),
            ("result", "ประกาศแล้ว"),
        ]
    };
    let reply = post(
        &app,
        "/staff/integrity/measures",
        c,
        &measure("ประกาศ | วันจันทร์หน้า"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("อ่านวันที่"));
    assert!(app.store.measures(&app.org, 2569).await.unwrap().is_empty());
    let reply = post(
        &app,
        "/staff/integrity/measures",
        c,
        &measure("ประกาศเจตนารมณ์ | 31/03/2569"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let page = get(&app, "/staff/integrity/measures?year=2569", c).await;
    assert!(page.body.contains("มาตรการที่ 4.3 กำหนดให้มีอย่างน้อย 5 มาตรการ"));
    assert!(page.body.contains("31 มีนาคม 2569"));

    // Public pages: no login.
    let risks = get(&app, "/o/nakhon/integrity/risks?year=2569", None).await;
    assert_eq!(risks.status, StatusCode::OK);
    assert!(risks.body.contains("กำหนดคุณลักษณะเฉพาะเอื้อผู้ขายรายหนึ่ง"));
    assert!(
        risks.body.contains("href=\"/o/nakhon/items/1.1\""),
        "{}",
        risks.body
    );
    assert!(risks.body.contains("<svg"));
    // The levels' colours are SVG fills: the CSP (no 'unsafe-inline') would
    // drop a style attribute, and the legend would show no colour.
    assert!(!risks.body.contains(" style=\""), "{}", risks.body);
    assert!(
        risks.body.contains("class=\"swatch\"") && risks.body.contains("fill=\"#"),
        "{}",
        risks.body
    );
    let measures = get(&app, "/o/nakhon/integrity/measures?year=2569", None).await;
    assert_eq!(measures.status, StatusCode::OK);
    assert!(measures.body.contains("มาตรการป้องกันการรับสินบน"));
    assert!(measures.body.contains("ประกาศแล้ว"));
    let bad = get(&app, "/o/nakhon/integrity/risks?year=abc", None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    // The JSON API.
    let api = get(
        &app,
        "/api/v1/organizations/nakhon/risks?fiscal_year=2569",
        None,
    )
    .await;
    assert_eq!(api.status, StatusCode::OK);
    let json = api.json();
    let first = &json[0];
    assert_eq!(first["process"], "การจัดซื้อจัดจ้าง");
    assert_eq!(first["type"], "procurement");
    assert_eq!(first["likelihood"], 4);
    assert_eq!(first["impact"], 4);
    assert_eq!(first["level"], "สูง");
    assert_eq!(first["residual_level"], "ปานกลาง");
    assert_eq!(first["controls"][0]["item"], "1.1");
    let api = get(
        &app,
        "/api/v1/organizations/nakhon/measures?fiscal_year=2569",
        None,
    )
    .await;
    assert_eq!(api.json()[0]["title"], "มาตรการป้องกันการรับสินบน");
    let bad = get(
        &app,
        "/api/v1/organizations/nakhon/risks?fiscal_year=25",
        None,
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.json()["error"].as_str().unwrap().contains("ปี พ.ศ."));
}
