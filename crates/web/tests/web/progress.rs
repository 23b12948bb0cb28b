//! Quarterly progress through the router against a real SQLite store and a
//! real file store: "my items", the report form (field errors, stale forms),
//! evidence uploads (type and size checked by content), the review queue and
//! workflow, the public pages — and every progress route for every role.

use std::sync::Arc;

use axum::Router;
use axum::http::{Method, StatusCode, header};
use sujarit_core::ItemRef;
use sujarit_core::account::Role;
use sujarit_core::fiscal::Quarter;
use sujarit_core::progress::{ReportKey, ReviewState};
use sujarit_store::Store;
use sujarit_store::files::FileStore;
use sujarit_web::{Clock, Resources};

use crate::support::{client, seeded};
use client::{PASSWORD, Reply, Routed, get, post, post_multipart, send, session_of};
use sujarit_testkit::plan as fixture;
use sujarit_testkit::sample::pdf;

/// 15 February 2023: fiscal year 2566, quarter 2 (Q1 has ended).
const TODAY: time::Date = time::macros::date!(2023 - 02 - 15);

struct App {
    router: Router,
    store: Arc<dyn Store>,
    org: String,
    files: FileStore,
    _dir: sujarit_testkit::TempDir,
}

impl Routed for App {
    fn router(&self) -> &Router {
        &self.router
    }
}

/// The officer of สำนักปลัดเทศบาล owns 1.1, 2.1 and 2.19; the other officer
/// (กองการศึกษา) owns 1.2.
const ACCOUNTS: [(&str, Role, Option<&str>); 6] = [
    ("admin@nakhon.test", Role::Administrator, None),
    ("coordinator@nakhon.test", Role::PlanCoordinator, None),
    (
        "officer@nakhon.test",
        Role::UnitOfficer,
        Some("สำนักปลัดเทศบาล"),
    ),
    ("other@nakhon.test", Role::UnitOfficer, Some("กองการศึกษา")),
    ("executive@nakhon.test", Role::Executive, None),
    ("auditor@nakhon.test", Role::Auditor, None),
];

async fn app_with_limit(max_bytes: u64) -> App {
    let seeded::Seeded {
        store,
        org,
        dir: guard,
    } = seeded::seeded("progress", &ACCOUNTS, PASSWORD).await;
    let dir = guard.0.clone();
    let files = FileStore::new(dir.join("files")).with_max_bytes(max_bytes);
    let config = Resources {
        files: files.clone(),
        clock: Clock::Fixed(TODAY),
        ..Default::default()
    };
    let router =
        sujarit_web::router(sujarit_web::AppState::new(store.clone()).with_resources(config));
    App {
        router,
        store,
        org,
        files,
        _dir: guard,
    }
}

async fn app() -> App {
    app_with_limit(sujarit_store::files::DEFAULT_MAX_BYTES).await
}

async fn upload(app: &App, uri: &str, cookie: &str, file_name: &str, bytes: &[u8]) -> Reply {
    post_multipart(app, uri, Some(cookie), &[], "file", &[(file_name, bytes)]).await
}

fn key(dimension: u8, no: u32, quarter: Quarter) -> ReportKey {
    ReportKey {
        item: ItemRef { dimension, no },
        fiscal_year: 2566,
        quarter,
    }
}

fn form_url(k: ReportKey) -> String {
    format!(
        "/staff/progress/{}/{}/{}",
        k.item,
        k.fiscal_year,
        k.quarter.number()
    )
}

/// A filled form as a browser sends it.
fn filled<'a>(revision: &'a str, narrative: &'a str, intent: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("revision", revision),
        ("status", "in_progress"),
        ("reason", ""),
        ("reason_text", ""),
        ("budget_planned", "100,000"),
        ("budget_adopted", "90,000.50"),
        ("budget_disbursed", "45,000"),
        ("overspend_reason", ""),
        ("narrative", narrative),
        ("kpi_text_0", "ผู้เข้าร่วมมีความรู้เพิ่มขึ้นไม่ต่ำกว่าร้อยละ 80"),
        ("kpi_value_0", "86.5"),
        ("kpi_note_0", "จากแบบทดสอบหลังอบรม"),
        ("intent", intent),
    ]
}

// ---------------------------------------------------------------------------

#[tokio::test]
async fn every_progress_route_for_every_role() {
    let app = app().await;
    let own = key(1, 1, Quarter::Q1);
    let others = key(1, 2, Quarter::Q1);
    // A report of the other unit's item exists, submitted, so review routes have a target.
    let other_cookie = session_of(&app, "other@nakhon.test").await;
    let url = form_url(others);
    let saved = post(
        &app,
        &url,
        Some(&other_cookie),
        &filled("0", "ของกองการศึกษา", "submit"),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    // Anonymous: sent to log in (GET) or refused (POST) — never served.
    for uri in ["/staff/progress", "/staff/review", &form_url(own)] {
        let reply = get(&app, uri, None).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{uri}");
        assert!(reply.location().starts_with("/staff/login"), "{uri}");
    }
    let anonymous = post(&app, &url, None, &filled("1", "x", "save")).await;
    assert!(
        anonymous.status == StatusCode::SEE_OTHER
            && anonymous.location().starts_with("/staff/login")
    );

    for (email, role, unit) in ACCOUNTS {
        let cookie = session_of(&app, email).await;
        let c = Some(cookie.as_str());
        let owns_other = unit == Some("กองการศึกษา");
        let is_coordinator = role == Role::PlanCoordinator;
        let reads_all = role != Role::UnitOfficer;

        assert_eq!(
            get(&app, "/staff/progress", c).await.status,
            StatusCode::OK,
            "{email}"
        );
        // Reading the other unit's report.
        let read = get(&app, &url, c).await;
        let may_read = owns_other || reads_all;
        assert_eq!(
            read.status,
            if may_read {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            },
            "{email} reads 1.2"
        );
        // Writing the other unit's report (stale or not: refused before that).
        let write = post(&app, &url, c, &filled("1", "แก้โดย", "save")).await;
        let may_write = owns_other || is_coordinator;
        if may_write {
            // Submitted, so nobody may edit it now: a 409, not a 403.
            assert_eq!(
                write.status,
                StatusCode::CONFLICT,
                "{email}: {}",
                write.body
            );
        } else {
            assert_eq!(write.status, StatusCode::FORBIDDEN, "{email} writes 1.2");
        }
        let evidence = upload(&app, &format!("{url}/evidence"), &cookie, "a.pdf", &pdf()).await;
        assert_eq!(
            evidence.status,
            if may_write {
                StatusCode::CONFLICT
            } else {
                StatusCode::FORBIDDEN
            },
            "{email} uploads to 1.2"
        );
        // The review queue and review actions: the coordinator only.
        assert_eq!(
            get(&app, "/staff/review", c).await.status,
            if is_coordinator {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            },
            "{email} queue"
        );
        if !is_coordinator {
            let approve = post(
                &app,
                &format!("{url}/review"),
                c,
                &[("action", "approve"), ("comment", "")],
            )
            .await;
            assert_eq!(approve.status, StatusCode::FORBIDDEN, "{email} approves");
        }
    }
    // Nobody but the coordinator moved it.
    let stored = app
        .store
        .quarter_report(&app.org, others)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.review, ReviewState::Submitted);
    assert_eq!(stored.narrative, "ของกองการศึกษา");
    assert!(stored.evidence.is_empty());
}

#[tokio::test]
async fn an_officer_reports_with_evidence_and_the_coordinator_publishes() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let k = key(1, 1, Quarter::Q1);
    let url = form_url(k);

    let page = get(&app, &url, Some(&officer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("ผู้เข้าร่วมมีความรู้เพิ่มขึ้นไม่ต่ำกว่าร้อยละ 80"),
        "the form's KPI is offered"
    );
    assert!(
        page.body.contains("enctype=\"multipart/form-data\"")
            && page.body.contains("name=\"file\""),
        "evidence may go with the first save"
    );

    let narrative = "จัดอบรม 2 รุ่น <script>alert(1)</script>";
    let saved = post(&app, &url, Some(&officer), &filled("0", narrative, "save")).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), format!("{url}?done=saved"));

    let pdf = pdf();
    let uploaded = upload(
        &app,
        &format!("{url}/evidence"),
        &officer,
        "รายงานผลการอบรม.pdf",
        &pdf,
    )
    .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let stored = app
        .store
        .quarter_report(&app.org, k)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.evidence.len(), 1);
    let evidence = stored.evidence[0].clone();
    assert_eq!(evidence.media_type, "application/pdf");
    assert_eq!(
        app.files.read(&evidence.sha256).await.unwrap(),
        Some(pdf.clone())
    );
    assert_eq!(stored.budget_adopted.unwrap().satang(), 9_000_050);
    assert_eq!(stored.kpi_actuals[0].value, "86.5");

    // Staff may download it; the public may not, yet.
    let staff_copy = get(
        &app,
        &format!("/staff/evidence/{}", evidence.id),
        Some(&officer),
    )
    .await;
    assert_eq!(staff_copy.status, StatusCode::OK);
    assert_eq!(staff_copy.bytes, pdf);
    assert!(
        staff_copy.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let public_evidence = format!("/o/nakhon/evidence/{}", evidence.id);
    assert_eq!(
        get(&app, &public_evidence, None).await.status,
        StatusCode::NOT_FOUND
    );

    // Submit with the current revision.
    let submitted = post(
        &app,
        &url,
        Some(&officer),
        &filled(&stored.revision.to_string(), narrative, "submit"),
    )
    .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let queue = get(&app, "/staff/review", Some(&coordinator)).await;
    assert!(queue.body.contains(&url), "the queue links the report");

    // Returning needs a comment, shown at the field.
    let no_comment = post(
        &app,
        &format!("{url}/review"),
        Some(&coordinator),
        &[("action", "return"), ("comment", " ")],
    )
    .await;
    assert_eq!(no_comment.status, StatusCode::BAD_REQUEST);
    assert!(
        no_comment.body.contains("id=\"comment-error\""),
        "{}",
        no_comment.body
    );
    // Publishing before approval is refused.
    let early = post(
        &app,
        &format!("{url}/review"),
        Some(&coordinator),
        &[("action", "publish")],
    )
    .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    for action in ["approve", "publish"] {
        let done = post(
            &app,
            &format!("{url}/review"),
            Some(&coordinator),
            &[("action", action), ("comment", "")],
        )
        .await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "{action}: {}",
            done.body
        );
    }
    let stored = app
        .store
        .quarter_report(&app.org, k)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.review, ReviewState::Published);

    // The public item page shows it, escaped, with the evidence link.
    let item = get(&app, "/o/nakhon/items/1.1", None).await;
    assert_eq!(item.status, StatusCode::OK);
    assert!(item.body.contains("ผลการดำเนินงานที่เผยแพร่"));
    assert!(
        item.body.contains("จัดอบรม 2 รุ่น &#60;script&#62;")
            || item.body.contains("จัดอบรม 2 รุ่น &lt;script&gt;"),
        "escaped"
    );
    assert!(!item.body.contains("<script>alert(1)</script>"));
    assert!(item.body.contains(&public_evidence));
    let public_copy = get(&app, &public_evidence, None).await;
    assert_eq!(public_copy.status, StatusCode::OK);
    assert_eq!(public_copy.bytes, pdf);

    // The public progress page counts it: 1.1 in progress of 3 items in 2566.
    let progress = get(&app, "/o/nakhon/progress?year=2566&round=12m", None).await;
    assert_eq!(progress.status, StatusCode::OK, "{}", progress.body);
    assert!(progress.body.contains("<svg"), "a chart");
    assert!(progress.body.contains("ร้อยละ 16.67"), "(0.5 / 3) × 100");
    assert_eq!(
        get(&app, "/o/nakhon/progress?year=25x6", None).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn bad_input_is_shown_at_the_field_and_nothing_is_saved() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let k = key(2, 19, Quarter::Q2);
    let url = form_url(k);
    // (form fields, the id of the error element, a phrase of its message)
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec![("budget_adopted", "หนึ่งพัน")],
            "budget_adopted-error",
            "ต้องเป็นจำนวนเงิน",
        ),
        (
            vec![("budget_planned", "-500")],
            "budget_planned-error",
            "ต้องไม่ติดลบ",
        ),
        (
            vec![("budget_adopted", "1,000"), ("budget_disbursed", "1,500")],
            "overspend_reason-error",
            "โปรดระบุเหตุผล",
        ),
        (vec![("kpi_value_0", "ดีมาก")], "kpi-error", "ต้องเป็นตัวเลข"),
        (
            vec![("status", "not_done"), ("reason", "")],
            "reason-error",
            "โปรดเลือกเหตุผล",
        ),
        (
            vec![("status", "not_done"), ("reason", "other")],
            "reason_text-error",
            "โปรดระบุเหตุผล",
        ),
        (vec![("status", "finished")], "status-error", "ไม่ถูกต้อง"),
    ];
    for (changes, field, message) in cases {
        let mut form = filled("0", "ข้อความ", "submit");
        for (name, value) in &changes {
            match form.iter_mut().find(|(k, _)| k == name) {
                Some(pair) => pair.1 = value,
                None => form.push((name, value)),
            }
        }
        let reply = post(&app, &url, Some(&officer), &form).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{changes:?}");
        let at = reply
            .body
            .find(&format!("id=\"{field}\""))
            .unwrap_or_else(|| panic!("{field} in {}", reply.body));
        assert!(reply.body[at..].contains(message), "{field}: {message}");
        assert!(reply.body.contains("ข้อความ"), "the input is kept");
    }
    assert_eq!(app.store.quarter_report(&app.org, k).await.unwrap(), None);
}

#[tokio::test]
async fn a_stale_form_is_refused_with_a_thai_message() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let k = key(2, 19, Quarter::Q1);
    let url = form_url(k);
    assert_eq!(
        post(&app, &url, Some(&officer), &filled("0", "ฉบับแรก", "save"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    // Both opened revision 1; the coordinator saves first.
    assert_eq!(
        post(
            &app,
            &url,
            Some(&coordinator),
            &filled("1", "ฉบับผู้ประสาน", "save")
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    let stale = post(
        &app,
        &url,
        Some(&officer),
        &filled("1", "ฉบับเจ้าหน้าที่", "save"),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("มีผู้แก้ไขรายงานนี้ก่อนคุณ"), "{}", stale.body);
    assert!(
        stale.body.contains("ฉบับเจ้าหน้าที่"),
        "the officer's text is kept on the page"
    );
    // The same form sent twice: the second is stale too.
    let again = post(
        &app,
        &url,
        Some(&officer),
        &filled("1", "ฉบับเจ้าหน้าที่", "save"),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let stored = app
        .store
        .quarter_report(&app.org, k)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.revision, stored.narrative.as_str()),
        (2, "ฉบับผู้ประสาน")
    );
}

#[tokio::test]
async fn disguised_and_oversized_uploads_are_refused() {
    let app = app_with_limit(1024).await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let k = key(1, 1, Quarter::Q2);
    let url = form_url(k);
    assert_eq!(
        post(&app, &url, Some(&officer), &filled("0", "x", "save"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let html = b"<html><body><script>alert(1)</script></body></html>";
    let disguised = upload(&app, &format!("{url}/evidence"), &officer, "คำสั่ง.pdf", html).await;
    assert_eq!(disguised.status, StatusCode::BAD_REQUEST);
    assert!(
        disguised.body.contains("คำสั่ง.pdf") && disguised.body.contains("หน้าเว็บ"),
        "{}",
        disguised.body
    );
    let big = [pdf(), vec![b' '; 2048]].concat();
    let oversized = upload(&app, &format!("{url}/evidence"), &officer, "ใหญ่.pdf", &big).await;
    assert_eq!(oversized.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        oversized.body.contains("มีขนาดเกิน 1 KB"),
        "{}",
        oversized.body
    );
    assert!(
        app.store
            .quarter_report(&app.org, k)
            .await
            .unwrap()
            .unwrap()
            .evidence
            .is_empty()
    );
    // Nothing but possibly the directory is left in the file store.
    let leftovers: Vec<_> = std::fs::read_dir(app.files.root())
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[tokio::test]
async fn my_items_show_what_is_due_and_what_is_late() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let page = get(&app, "/staff/progress?year=2566", Some(&officer)).await;
    assert_eq!(page.status, StatusCode::OK);
    // Own items only.
    assert!(page.body.contains(&form_url(key(1, 1, Quarter::Q1))));
    assert!(
        !page.body.contains(&form_url(key(1, 2, Quarter::Q1))),
        "1.2 is another unit's"
    );
    let late = &page.body[page.body.find("id=\"late-heading\"").unwrap()
        ..page.body.find("id=\"due-heading\"").unwrap()];
    assert!(
        late.contains(&form_url(key(1, 1, Quarter::Q1))),
        "Q1 has ended without a report"
    );
    let due = &page.body[page.body.find("id=\"due-heading\"").unwrap()
        ..page.body.find("id=\"items-heading\"").unwrap()];
    assert!(due.contains(&form_url(key(1, 1, Quarter::Q2))));

    // Submitting Q1 takes it off the late list.
    let url = form_url(key(1, 1, Quarter::Q1));
    assert_eq!(
        post(&app, &url, Some(&officer), &filled("0", "ส่งแล้ว", "submit"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let page = get(&app, "/staff/progress?year=2566", Some(&officer)).await;
    let late = &page.body[page.body.find("id=\"late-heading\"").unwrap()
        ..page.body.find("id=\"due-heading\"").unwrap()];
    assert!(!late.contains(&url));
    assert_eq!(
        get(&app, "/staff/progress?year=abc", Some(&officer))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

// ---------------------------------------------------------------------------
// The executive dashboard and the target actuals

/// The text between two ids of a page: one section.
fn section<'a>(body: &'a str, from: &str, to: &str) -> &'a str {
    let start = body.find(from).unwrap_or_else(|| panic!("no {from}"));
    let end = body[start..].find(to).map_or(body.len(), |e| start + e);
    &body[start..end]
}

#[tokio::test]
async fn the_dashboard_counts_what_units_sent_and_lists_what_is_late() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let executive = session_of(&app, "executive@nakhon.test").await;
    let url = "/staff/dashboard?year=2566&round=6m";

    let before = get(&app, url, Some(&executive)).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    assert!(before.body.contains("id=\"score-sent\">ร้อยละ 0.00"));
    let late = section(&before.body, "id=\"late-heading\"", "</section>");
    assert!(
        late.contains(&form_url(key(1, 1, Quarter::Q1))),
        "1.1 planned Q1, which ended without a report: {late}"
    );

    // A draft does not count; a submitted report does, before it is published.
    let own = form_url(key(1, 1, Quarter::Q1));
    let draft = post(&app, &own, Some(&officer), &filled("0", "ร่าง", "save")).await;
    assert_eq!(draft.status, StatusCode::SEE_OTHER);
    let page = get(&app, url, Some(&executive)).await;
    assert!(page.body.contains("id=\"score-sent\">ร้อยละ 0.00"));
    let sent = post(&app, &own, Some(&officer), &filled("1", "ส่งแล้ว", "submit")).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    let plan = fixture::report().plan;
    let items = sujarit_core::scores::items_of_year(&plan, 2566).len();
    let expected = format!("{:.2}", 50.0 / items as f64);
    let page = get(&app, url, Some(&executive)).await;
    assert!(
        page.body
            .contains(&format!("id=\"score-sent\">ร้อยละ {expected}")),
        "one in progress of {items} items"
    );
    assert!(page.body.contains("id=\"score-published\">ร้อยละ 0.00"));
    let late = section(&page.body, "id=\"late-heading\"", "</section>");
    assert!(!late.contains(&own), "sent, so no longer late");
    // By unit: the officer's unit carries the report; the table names it.
    let units = section(&page.body, "id=\"unit-heading\"", "</section>");
    assert!(units.contains("สำนักปลัดเทศบาล"));
    assert!(units.contains("<svg"), "a chart");
    // Text from the plan is escaped, never markup.
    assert!(!page.body.contains("<script>alert(1)"));
    // Jump links to every section of the long page, and the chosen year and
    // round as filled pills; the tallies keep their names readable.
    let toc = section(
        &page.body,
        "<nav class=\"toc\" aria-label=\"ในหน้านี้\">",
        "</nav>",
    );
    for anchor in [
        "#overall-heading",
        "#dimension-heading",
        "#unit-heading",
        "#late-heading",
        "#status-heading",
        "#targets-heading",
    ] {
        assert!(
            toc.contains(&format!("href=\"{anchor}\"")),
            "{anchor}: {toc}"
        );
        assert!(
            page.body.contains(&format!("id=\"{}\"", &anchor[1..])),
            "{anchor}"
        );
    }
    assert!(page.body.contains("<strong aria-current=\"page\">"));
    assert!(units.contains("<th scope=\"row\" class=\"label-col\">สำนักปลัดเทศบาล"));
    // A wrong year or round is a Thai 400.
    let bad = get(&app, "/staff/dashboard?round=9m", Some(&executive)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("รอบ"));
}

#[tokio::test]
async fn target_actuals_are_entered_checked_and_shown_against_the_target() {
    use fixture::{CASES_TARGET, ITA_TARGET};
    let app = app().await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let executive = session_of(&app, "executive@nakhon.test").await;
    let c = Some(coordinator.as_str());

    // Not a number: the Thai message at the row, and nothing stored.
    let bad = post(
        &app,
        "/staff/targets",
        c,
        &[
            ("target", "0"),
            ("year", "2566"),
            ("value", "มาก"),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("ต้องเป็นตัวเลข"), "{}", bad.body);
    assert!(bad.body.contains("value=\"มาก\""), "what was typed stays");
    assert!(app.store.target_actuals(&app.org).await.unwrap().is_empty());

    // An index the plan does not have.
    let unknown = post(
        &app,
        "/staff/targets",
        c,
        &[("target", "9"), ("year", "2566"), ("value", "1")],
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);

    for (target, year, value) in [
        ("0", "2566", "72.5"),
        ("1", "2565", "10"),
        ("1", "2566", "๘"),
    ] {
        let saved = post(
            &app,
            "/staff/targets",
            c,
            &[
                ("target", target),
                ("year", year),
                ("value", value),
                ("note", ""),
            ],
        )
        .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        assert_eq!(saved.location(), "/staff/targets?done=saved");
    }
    let actuals = app.store.target_actuals(&app.org).await.unwrap();
    assert_eq!(actuals.len(), 3);
    assert!(
        actuals
            .iter()
            .any(|a| a.indicator == CASES_TARGET && a.fiscal_year == 2566 && a.value == "8")
    );
    assert!(
        actuals
            .iter()
            .any(|a| a.indicator == ITA_TARGET && a.value == "72.5")
    );

    // The dashboard compares: 72.5 ≥ 65, and 10 → 8 cases is a 20 % reduction ≥ 10 %.
    let page = get(&app, "/staff/dashboard?year=2566", Some(&executive)).await;
    let targets = section(&page.body, "id=\"targets-heading\"", "</section>");
    assert!(targets.contains("72.5"));
    assert!(targets.contains("ลดลงร้อยละ 20"), "{targets}");
    assert_eq!(targets.matches("บรรลุเป้าหมาย").count(), 2, "{targets}");
    // The public progress page shows the same.
    let public = get(&app, "/o/nakhon/progress?year=2566", None).await;
    assert!(public.body.contains("ลดลงร้อยละ 20"));

    // The executive reads but may not write.
    let refused = post(
        &app,
        "/staff/targets",
        Some(&executive),
        &[("target", "0"), ("year", "2567"), ("value", "80")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let read_only = get(&app, "/staff/targets", Some(&executive)).await;
    assert_eq!(read_only.status, StatusCode::OK);
    assert!(
        !read_only.body.contains("name=\"value\""),
        "no inputs for a reader"
    );

    let removed = post(
        &app,
        "/staff/targets",
        c,
        &[("target", "0"), ("year", "2566"), ("action", "remove")],
    )
    .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.target_actuals(&app.org).await.unwrap().len(), 2);
}

// ---------------------------------------------------------------------------
// The JSON API for progress and scores

async fn json(
    app: &App,
    method: Method,
    uri: &str,
    cookie: Option<&str>,
    body: &serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    let reply = send(
        app,
        method,
        uri,
        cookie,
        Some("application/json"),
        body.to_string().into_bytes(),
    )
    .await;
    let value = serde_json::from_slice(&reply.bytes)
        .unwrap_or_else(|_| panic!("JSON from {uri}: {}", reply.body));
    (reply.status, value)
}

fn progress_input(revision: i64, submit: bool) -> serde_json::Value {
    serde_json::json!({
        "status": "in_progress",
        "budget_planned": 100000,
        "budget_adopted": "90,000.50",
        "budget_disbursed": 45000,
        "narrative": "จัดอบรมแล้ว 1 รุ่น",
        "kpi_actuals": [{"kpi": "ผู้เข้าร่วมมีความรู้เพิ่มขึ้นไม่ต่ำกว่าร้อยละ 80", "value": "86.5", "note": null}],
        "expected_revision": revision,
        "submit": submit,
    })
}

#[tokio::test]
async fn the_progress_api_reads_published_data_and_writes_as_staff() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let public = "/api/v1/organizations/nakhon/progress?fiscal_year=2566";
    let (status, list) = json(&app, Method::GET, public, None, &serde_json::Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, serde_json::json!([]));

    let own = "/api/v1/staff/progress/1.1/2566/1";
    let (status, body) = json(&app, Method::PUT, own, None, &progress_input(0, false)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");

    // Bad input: a Thai message per field, nothing saved.
    let mut negative = progress_input(0, false);
    negative["budget_disbursed"] = serde_json::json!(-5);
    let (status, body) = json(&app, Method::PUT, own, Some(&officer), &negative).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["fields"][0]["field"], "budget_disbursed");
    let mut wrong_status = progress_input(0, false);
    wrong_status["status"] = serde_json::json!("finished");
    let (status, body) = json(&app, Method::PUT, own, Some(&officer), &wrong_status).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["fields"][0]["field"], "status");
    let (status, body) = json(
        &app,
        Method::PUT,
        own,
        Some(&officer),
        &serde_json::json!({"status": 3}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("JSON"));
    assert!(
        app.store
            .quarter_report(&app.org, key(1, 1, Quarter::Q1))
            .await
            .unwrap()
            .is_none()
    );

    // Another unit's item.
    let (status, _) = json(
        &app,
        Method::PUT,
        "/api/v1/staff/progress/1.2/2566/1",
        Some(&officer),
        &progress_input(0, false),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Saved, then a stale revision is refused.
    let (status, saved) = json(
        &app,
        Method::PUT,
        own,
        Some(&officer),
        &progress_input(0, false),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["revision"], 1);
    assert_eq!(saved["budget_adopted"], 90000.5);
    assert_eq!(saved["review"], "draft");
    let (status, _) = json(
        &app,
        Method::PUT,
        own,
        Some(&officer),
        &progress_input(0, false),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, submitted) = json(
        &app,
        Method::PUT,
        own,
        Some(&officer),
        &progress_input(1, true),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(submitted["review"], "submitted");

    // Still not public. The officer may not approve; the coordinator may.
    let (_, list) = json(&app, Method::GET, public, None, &serde_json::Value::Null).await;
    assert_eq!(list, serde_json::json!([]));
    let review = format!("{own}/review");
    let (status, _) = json(
        &app,
        Method::POST,
        &review,
        Some(&officer),
        &serde_json::json!({"action": "approve"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = json(
        &app,
        Method::POST,
        &review,
        Some(&coordinator),
        &serde_json::json!({"action": "return"}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "returning needs a comment: {body}"
    );
    for action in ["approve", "publish"] {
        let (status, body) = json(
            &app,
            Method::POST,
            &review,
            Some(&coordinator),
            &serde_json::json!({"action": action}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{action}: {body}");
    }

    let (status, list) = json(&app, Method::GET, public, None, &serde_json::Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["item"], "1.1");
    assert_eq!(list[0]["status"], "in_progress");
    assert!(list[0]["review_comment"].is_null());

    let plan = fixture::report().plan;
    let items = sujarit_core::scores::items_of_year(&plan, 2566).len();
    let (status, scores) = json(
        &app,
        Method::GET,
        "/api/v1/organizations/nakhon/scores?fiscal_year=2566&round=6m",
        None,
        &serde_json::Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{scores}");
    assert_eq!(scores["overall"]["in_progress"], 1);
    assert_eq!(scores["overall"]["items"], items);
    let expected = (5000.0 / items as f64).round() / 100.0;
    assert_eq!(
        scores["overall"]["score_percent"].as_f64().unwrap(),
        expected
    );
    assert_eq!(scores["targets"].as_array().unwrap().len(), 2);
    let (status, _) = json(
        &app,
        Method::GET,
        "/api/v1/organizations/nakhon/scores?fiscal_year=68",
        None,
        &serde_json::Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

// ---------------------------------------------------------------------------
// Issue 13: evidence with the first save, the prefilled budget, the next item
// due, inline evidence, the queue's filters and bulk moves.

fn has_field_value(body: &str, name: &str, value: &str) -> bool {
    body.contains(&format!(
        "name=\"{name}\" inputmode=\"decimal\" value=\"{value}\""
    ))
}

#[tokio::test]
async fn evidence_goes_with_the_first_save_and_a_bad_file_saves_nothing() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let k = key(2, 19, Quarter::Q1);
    let url = form_url(k);

    // The planned budget comes from the plan for a report never saved.
    let page = get(&app, &url, Some(&officer)).await;
    assert!(
        has_field_value(&page.body, "budget_planned", "1,234,567"),
        "{}",
        page.body
    );
    assert!(page.body.contains("/static/progress-form.js"));
    assert!(page.body.contains("data-when=\"not_done\""));
    let script = get(&app, "/static/progress-form.js", None).await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(
        script.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    // The file input sits in the report's form, above its buttons.
    let form = &page.body[page.body.find(&format!("action=\"{url}\"")).unwrap()..];
    let file_at = form.find("name=\"file\"").expect("file input in the form");
    let submit_at = form.find("value=\"submit\"").expect("submit button");
    assert!(file_at < submit_at, "above the submit button");

    // A bad file refuses the whole save: nothing written, the input kept.
    let html = b"<html><body><script>alert(1)</script></body></html>";
    let fields = filled("0", "ส่งพร้อมหลักฐาน", "submit");
    let refused = post_multipart(
        &app,
        &url,
        Some(&officer),
        &fields,
        "file",
        &[("หลักฐาน.pdf", html)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(
        refused.body.contains("id=\"file-error\""),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("ส่งพร้อมหลักฐาน"),
        "what was typed is kept"
    );
    assert_eq!(app.store.quarter_report(&app.org, k).await.unwrap(), None);

    // A good file goes with the first save, submitted at once.
    let pdf = pdf();
    let saved = post_multipart(
        &app,
        &url,
        Some(&officer),
        &fields,
        "file",
        &[("หลักฐาน.pdf", &pdf)],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), format!("{url}?done=submitted"));
    let stored = app
        .store
        .quarter_report(&app.org, k)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.review, ReviewState::Submitted);
    assert_eq!(stored.evidence.len(), 1);

    // A file above axum's 2 MB default, within the store's limit, goes too.
    let k2 = key(1, 1, Quarter::Q1);
    let large = [pdf.clone(), vec![b' '; 3 * 1024 * 1024]].concat();
    let with_large = post_multipart(
        &app,
        &form_url(k2),
        Some(&officer),
        &filled("0", "ไฟล์ใหญ่", "save"),
        "file",
        &[("ใหญ่.pdf", &large)],
    )
    .await;
    assert_eq!(
        with_large.status,
        StatusCode::SEE_OTHER,
        "{}",
        with_large.body
    );
    assert_eq!(
        app.store
            .quarter_report(&app.org, k2)
            .await
            .unwrap()
            .unwrap()
            .evidence[0]
            .size_bytes,
        large.len() as u64
    );

    // After submitting: the next of my items without a report this quarter
    // (after 2.19 comes round to 1.1), and the history said once.
    let done = get(&app, saved.location(), Some(&officer)).await;
    assert!(
        done.body.contains("id=\"next-due\"")
            && done.body.contains(&form_url(key(1, 1, Quarter::Q1))),
        "{}",
        done.body
    );
    assert!(done.body.contains("ส่งตรวจแล้ว"));
    assert!(!done.body.contains("ส่งตรวจ →"));

    // The reviewer sees the PDF in the page, framed from our own origin only.
    let review = get(&app, &url, Some(&coordinator)).await;
    let evidence = &stored.evidence[0];
    let inline = format!("/staff/evidence/{}?inline=1", evidence.id);
    assert!(
        review.body.contains(&format!(
            "<iframe class=\"evidence-preview\" src=\"{inline}\""
        )),
        "{}",
        review.body
    );
    let framed = get(&app, &inline, Some(&coordinator)).await;
    assert_eq!(framed.status, StatusCode::OK);
    assert_eq!(framed.bytes, pdf);
    assert_eq!(framed.headers[header::CONTENT_DISPOSITION], "inline");
    let csp = framed.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        csp.contains("frame-ancestors 'self'") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert_eq!(framed.headers[header::X_FRAME_OPTIONS], "SAMEORIGIN");
    let download = get(
        &app,
        &format!("/staff/evidence/{}", evidence.id),
        Some(&coordinator),
    )
    .await;
    assert!(
        download.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'"),
        "every other answer keeps 'none'"
    );
    assert_eq!(download.headers[header::X_FRAME_OPTIONS], "DENY");
    assert!(
        review.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
}

#[tokio::test]
async fn the_queue_filters_and_moves_several_reports_at_once() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let other = session_of(&app, "other@nakhon.test").await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let mine = [key(1, 1, Quarter::Q1), key(2, 1, Quarter::Q1)];
    let theirs = key(1, 2, Quarter::Q1);
    for (k, cookie) in [(mine[0], &officer), (mine[1], &officer), (theirs, &other)] {
        let sent = post(
            &app,
            &form_url(k),
            Some(cookie),
            &filled("0", "ส่งตรวจ", "submit"),
        )
        .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    }
    let unit = app
        .store
        .unit_by_name(&app.org, "สำนักปลัดเทศบาล")
        .await
        .unwrap()
        .unwrap()
        .id;

    let all = get(&app, "/staff/review", Some(&coordinator)).await;
    for k in [mine[0], mine[1], theirs] {
        assert!(all.body.contains(&form_url(k)), "{}", all.body);
    }
    let by_unit = get(
        &app,
        &format!("/staff/review?unit={unit}"),
        Some(&coordinator),
    )
    .await;
    assert_eq!(by_unit.status, StatusCode::OK);
    assert!(by_unit.body.contains(&form_url(mine[0])) && by_unit.body.contains(&form_url(mine[1])));
    assert!(!by_unit.body.contains(&form_url(theirs)));
    let by_dimension = get(&app, "/staff/review?dimension=2", Some(&coordinator)).await;
    assert!(by_dimension.body.contains(&form_url(mine[1])));
    assert!(!by_dimension.body.contains(&form_url(mine[0])));
    let other_quarter = get(
        &app,
        "/staff/review?year=2566&quarter=2",
        Some(&coordinator),
    )
    .await;
    assert!(!other_quarter.body.contains(&form_url(mine[0])));
    let by_status = get(&app, "/staff/review?status=completed", Some(&coordinator)).await;
    assert!(
        !by_status.body.contains(&form_url(mine[0])),
        "they are in progress"
    );
    let bad = get(&app, "/staff/review?year=abc", Some(&coordinator)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("ปีงบประมาณ"), "{}", bad.body);

    // Approve two at once: each moved and recorded as one at a time would be.
    let value = |k: ReportKey| format!("{}/{}/{}", k.item, k.fiscal_year, k.quarter.number());
    let (a, b, c) = (value(mine[0]), value(mine[1]), value(theirs));
    let approved = post(
        &app,
        "/staff/review/bulk",
        Some(&coordinator),
        &[("action", "approve"), ("report", &a), ("report", &b)],
    )
    .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    assert!(
        approved.body.contains("อนุมัติแล้ว 2 รายการ"),
        "{}",
        approved.body
    );
    for k in mine {
        let report = app
            .store
            .quarter_report(&app.org, k)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(report.review, ReviewState::Approved);
        let history = app.store.review_history(&app.org, k).await.unwrap();
        assert_eq!(history.len(), 2, "submit, approve");
    }
    // Publish one that may be and one that may not: the other goes through,
    // the refused one is named with why.
    let mixed = post(
        &app,
        "/staff/review/bulk",
        Some(&coordinator),
        &[("action", "publish"), ("report", &a), ("report", &c)],
    )
    .await;
    assert_eq!(mixed.status, StatusCode::CONFLICT, "{}", mixed.body);
    assert!(mixed.body.contains("รายการ 1.2"), "{}", mixed.body);
    assert!(mixed.body.contains("เผยแพร่แล้ว 1 รายการ"));
    assert_eq!(
        app.store
            .quarter_report(&app.org, mine[0])
            .await
            .unwrap()
            .unwrap()
            .review,
        ReviewState::Published
    );
    assert_eq!(
        app.store
            .quarter_report(&app.org, theirs)
            .await
            .unwrap()
            .unwrap()
            .review,
        ReviewState::Submitted
    );
    // Nothing chosen, a bad action, or not a reviewer.
    let none = post(
        &app,
        "/staff/review/bulk",
        Some(&coordinator),
        &[("action", "approve")],
    )
    .await;
    assert_eq!(none.status, StatusCode::BAD_REQUEST);
    let returned = post(
        &app,
        "/staff/review/bulk",
        Some(&coordinator),
        &[("action", "return"), ("report", &c)],
    )
    .await;
    assert_eq!(
        returned.status,
        StatusCode::BAD_REQUEST,
        "returning needs a comment: one at a time"
    );
    let refused = post(
        &app,
        "/staff/review/bulk",
        Some(&officer),
        &[("action", "approve"), ("report", &c)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store
            .quarter_report(&app.org, theirs)
            .await
            .unwrap()
            .unwrap()
            .review,
        ReviewState::Submitted
    );
}
