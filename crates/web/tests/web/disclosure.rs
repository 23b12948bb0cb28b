//! The information centre through the router against a real SQLite store and
//! a real file store: every route for every role, publishing a link, a file
//! and a generated page, not applicable, the owner override, bad input
//! (nothing half-published), catalogue administration, the public pages,
//! the JSON API and the DCAT catalogue, and the link checker against a local
//! HTTP server.

use std::sync::Arc;

use axum::Router;
use axum::http::{Method, StatusCode, header};
use sujarit_core::FiscalYear;
use sujarit_core::account::Role;
use sujarit_core::activity::{ActivityInput, ActivityKind, GroupCount, Session, TargetGroup};
use sujarit_core::disclosure::{Catalogue, DisclosureEvidence, GeneratedSource, Period};
use sujarit_core::survey::{DEFAULT_MIN_PUBLIC, Phase, QuestionKind, SurveyInput, check_answers};
use sujarit_store::files::FileStore;
use sujarit_store::{DisclosureKey, NewResponse, Store};
use sujarit_web::{Clock, Resources};

use crate::support::{client, seeded};
use client::{PASSWORD, Reply, Routed, get, post, post_multipart, session_of};
use sujarit_testkit::sample::pdf;

/// 20 January 2025: fiscal year 2568, its first quarter over.
const TODAY: time::Date = time::macros::date!(2025 - 01 - 20);
const YEAR: FiscalYear = FiscalYear(2568);

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

/// A small catalogue: two items of สำนักปลัดเทศบาล, one of กองการศึกษา, and
/// two that Sujarit generates (the plan, open now; the annual report, not yet).
const CATALOGUE: &str = r#"
fiscal_year = 2568
title = "รายการทดสอบ ปีงบประมาณ 2568"

[[items]]
code = "O1"
title = "โครงสร้างหน่วยงาน"
topic = "basic_information"
contents = "แผนผังโครงสร้าง"
cadence = "once"
due = "start+30"
owner_unit = "สำนักปลัดเทศบาล"

[[items]]
code = "O12"
title = "สรุปผลการจัดซื้อจัดจ้างรายเดือน"
topic = "budget"
contents = "แบบ สขร.1 ของเดือน"
cadence = "monthly"
due = "end+15"
owner_unit = "สำนักปลัดเทศบาล"

[[items]]
code = "X1"
title = "แผนการศึกษา"
topic = "administration"
contents = "แผนพัฒนาการศึกษา"
cadence = "once"
due = "start+30"
owner_unit = "กองการศึกษา"

[[items]]
code = "O25"
title = "แผนปฏิบัติการป้องกันการทุจริต"
topic = "internal_measures"
contents = "แผนปฏิบัติการฯ ของปีนี้"
cadence = "yearly"
due = "start+30"
generated_source = "plan"

[[items]]
code = "O26"
title = "รายงานผลการดำเนินงานตามแผนฯ ประจำปี"
topic = "internal_measures"
contents = "รายงานรอบ 12 เดือน"
cadence = "yearly"
due = "end+30"
generated_source = "monitoring_12m"
"#;

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

async fn app_with_limit(max_bytes: u64) -> App {
    let seeded::Seeded {
        store,
        org,
        dir: guard,
    } = seeded::seeded("disclosure", &ACCOUNTS, PASSWORD).await;
    let files = FileStore::new(guard.0.join("files")).with_max_bytes(max_bytes);
    let config = Resources {
        files,
        clock: Clock::Fixed(TODAY),
        ..Default::default()
    };
    let catalogue = Catalogue::from_toml(CATALOGUE).unwrap();
    store
        .install_disclosure_catalogue(&org, &catalogue, "test")
        .await
        .unwrap();
    let organization = store.organization_by_slug("nakhon").await.unwrap().unwrap();
    sujarit_service::disclosure::publish_generated(store.as_ref(), &organization, YEAR, TODAY)
        .await
        .unwrap();
    // Absolute links come from the public address, not the request's Host.
    let site = sujarit_web::Site::new("https://sujarit.example.go.th/").unwrap();
    let router = sujarit_web::router(
        sujarit_web::AppState::new(store.clone())
            .with_resources(config)
            .with_site(site),
    );
    App {
        router,
        store,
        org,
        _dir: guard,
    }
}

async fn app() -> App {
    app_with_limit(sujarit_store::files::DEFAULT_MAX_BYTES).await
}

// ---------------------------------------------------------------------------
// Requests

/// A multipart form: text fields, then one file field.
async fn multipart(
    app: &App,
    uri: &str,
    cookie: &str,
    fields: &[(&str, &str)],
    file_name: &str,
    bytes: &[u8],
) -> Reply {
    post_multipart(
        app,
        uri,
        Some(cookie),
        fields,
        "file",
        &[(file_name, bytes)],
    )
    .await
}

fn key(code: &str, period: Period) -> DisclosureKey {
    DisclosureKey::new(2568, code, period)
}

async fn history_len(app: &App, code: &str, period: Period) -> usize {
    app.store
        .disclosure_history(&app.org, &key(code, period))
        .await
        .unwrap()
        .len()
}

const O1: &str = "/staff/info/2568/O1/once";

// ---------------------------------------------------------------------------
// Roles × routes

type Route<'a> = (Method, &'a str, Vec<(&'a str, &'a str)>, &'a [Role], u16);

#[tokio::test]
async fn every_disclosure_route_answers_every_role_as_it_should() {
    use Role::*;
    let app = app().await;
    let all = Role::ALL;
    let managers = [Administrator, PlanCoordinator];
    // O1 belongs to สำนักปลัดเทศบาล: its officer publishes, the other does not.
    let publishers = [Administrator, PlanCoordinator, UnitOfficer];
    let viewers = [
        Administrator,
        PlanCoordinator,
        UnitOfficer,
        Executive,
        Auditor,
    ];
    let link = format!("{O1}/link");
    let na = format!("{O1}/not-applicable");
    let owner = format!("{O1}/owner");
    let generated = format!("{O1}/generated");
    let file = format!("{O1}/file");
    let item = format!("{O1}/item");
    let version = format!("{O1}/versions/1");
    // Allowed POSTs carry bad input, so they answer 4xx and change nothing.
    let routes: Vec<Route> = vec![
        (Method::GET, "/staff/info", vec![], &all, 200),
        (Method::GET, O1, vec![], &viewers, 200),
        (
            Method::POST,
            &link,
            vec![("url", "ftp://x.test/a")],
            &publishers,
            400,
        ),
        (Method::POST, &na, vec![("reason", " ")], &publishers, 400),
        (Method::POST, &generated, vec![], &publishers, 409),
        (Method::POST, &file, vec![("x", "y")], &publishers, 400),
        (
            Method::POST,
            &owner,
            vec![("unit", "กองที่ไม่มี")],
            &managers,
            400,
        ),
        (
            Method::POST,
            &item,
            vec![("title", ""), ("cadence", "once"), ("due", "start+30")],
            &managers,
            // Without the form's fingerprint: refused as a stale form.
            409,
        ),
        // Nothing published yet: no version 1 for anyone who may look.
        (Method::GET, &version, vec![], &viewers, 404),
        (
            Method::GET,
            "/staff/info/catalogues",
            vec![],
            &managers,
            200,
        ),
        (
            Method::POST,
            "/staff/info/catalogues/install",
            vec![("shipped", "oit-2568"), ("fiscal_year", "68")],
            &managers,
            400,
        ),
        (
            Method::POST,
            "/staff/info/catalogues/import",
            vec![("x", "y")],
            &managers,
            400,
        ),
        (
            Method::POST,
            "/staff/info/catalogues/copy",
            vec![("from", ""), ("to", "2569")],
            &managers,
            400,
        ),
        (
            Method::GET,
            "/staff/info/catalogues/2568/catalogue.toml",
            vec![],
            &managers,
            200,
        ),
    ];
    let mut sessions = Vec::new();
    for (email, role, unit) in ACCOUNTS {
        sessions.push((Some((role, unit)), Some(session_of(&app, email).await)));
    }
    sessions.push((None, None));
    let mut failures = Vec::new();
    for (method, path, form, allowed, status) in &routes {
        for (who, cookie) in &sessions {
            let reply = if *method == Method::GET {
                get(&app, path, cookie.as_deref()).await
            } else {
                post(&app, path, cookie.as_deref(), form).await
            };
            let ok = match who {
                None => {
                    reply.status == StatusCode::SEE_OTHER
                        && reply.location().starts_with("/staff/login")
                }
                Some((role, unit)) => {
                    // The other unit's officer is a unit officer who does not own O1.
                    let owns = *unit != Some("กองการศึกษา");
                    let may = allowed.contains(role) && (*role != UnitOfficer || owns);
                    let may = may || (*path == "/staff/info");
                    if may {
                        reply.status.as_u16() == *status
                    } else {
                        reply.status == StatusCode::FORBIDDEN && reply.body.contains("ไม่มีสิทธิ์")
                    }
                }
            };
            if !ok {
                failures.push(format!(
                    "{method} {path} as {who:?}: {} {}",
                    reply.status,
                    reply.location()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Nothing of that bad input was published or marked.
    assert_eq!(history_len(&app, "O1", Period::Once).await, 0);
    let records = app.store.disclosure_records(&app.org, YEAR).await.unwrap();
    assert!(
        records.iter().all(|r| r.code == "O25"),
        "only the generated plan item has a record: {records:?}"
    );
}

#[tokio::test]
async fn the_staff_home_links_the_information_centre_for_every_role() {
    let app = app().await;
    for (email, _, _) in ACCOUNTS {
        let cookie = session_of(&app, email).await;
        let home = get(&app, "/staff/", Some(&cookie)).await;
        assert!(home.body.contains("href=\"/staff/info\""), "{email}");
    }
}

// ---------------------------------------------------------------------------
// Publishing

#[tokio::test]
async fn an_officer_publishes_a_link_then_a_file_and_the_history_keeps_both() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;

    let reply = post(
        &app,
        &format!("{O1}/link"),
        Some(&officer),
        &[
            ("url", "https://www.nakhoncity.go.th/structure"),
            ("note", ""),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), format!("{O1}?done=published"));

    let reply = multipart(
        &app,
        &format!("{O1}/file"),
        &officer,
        &[("note", "ฉบับปรับปรุง")],
        "โครงสร้าง.pdf",
        &pdf(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(history_len(&app, "O1", Period::Once).await, 2);

    let page = get(&app, O1, Some(&officer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("เผยแพร่เรียบร้อยแล้ว") || page.body.contains("เผยแพร่แล้ว"));
    assert!(page.body.contains("โครงสร้าง.pdf"));
    assert!(page.body.contains("https://www.nakhoncity.go.th/structure"));
    assert!(page.body.contains("ฉบับปรับปรุง"));
    assert!(page.body.contains("(ปัจจุบัน)"));

    // The public centre shows the file and serves it.
    let public = get(&app, "/o/nakhon/info", None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("/o/nakhon/info/2568/O1/once/file"));
    let file = get(&app, "/o/nakhon/info/2568/O1/once/file", None).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.bytes, pdf());
    assert_eq!(file.headers[header::CONTENT_TYPE], "application/pdf");
    // A period with nothing published has no file.
    let none = get(&app, "/o/nakhon/info/2568/X1/once/file", None).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);

    // A newer file supersedes it: the public gets the new one, staff can
    // still open the earlier version from the history.
    let mut newer = pdf();
    newer.extend_from_slice(b"% revised\n");
    let reply = multipart(
        &app,
        &format!("{O1}/file"),
        &officer,
        &[("note", "")],
        "โครงสร้าง-2.pdf",
        &newer,
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let file = get(&app, "/o/nakhon/info/2568/O1/once/file", None).await;
    assert_eq!(file.bytes, newer);
    let page = get(&app, O1, Some(&officer)).await;
    let earlier = format!("{O1}/versions/2");
    assert!(page.body.contains(&earlier), "{}", page.body);
    let old = get(&app, &earlier, Some(&officer)).await;
    assert_eq!(old.status, StatusCode::OK);
    assert_eq!(old.bytes, pdf());
    assert_eq!(old.headers[header::CACHE_CONTROL], "private, no-store");
    let executive = session_of(&app, "executive@nakhon.test").await;
    assert_eq!(
        get(&app, &earlier, Some(&executive)).await.status,
        StatusCode::OK
    );
    for missing in ["versions/1", "versions/9", "versions/x"] {
        let reply = get(&app, &format!("{O1}/{missing}"), Some(&officer)).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{missing}: a link or nothing"
        );
    }
    let anonymous = get(&app, &earlier, None).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn bad_uploads_and_links_are_refused_in_thai_and_nothing_is_published() {
    let app = app_with_limit(64 * 1024).await;
    let officer = session_of(&app, "officer@nakhon.test").await;

    // An executable named .pdf: refused by its content.
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
    exe.extend(std::iter::repeat_n(0u8, 512));
    let reply = multipart(&app, &format!("{O1}/file"), &officer, &[], "สรุป.pdf", &exe).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("สรุป.pdf"), "{}", reply.body);
    assert!(reply.body.contains("field-error"));

    // Too large for the configured limit.
    let mut big = pdf();
    big.extend(std::iter::repeat_n(b'x', 70 * 1024));
    let reply = multipart(&app, &format!("{O1}/file"), &officer, &[], "ใหญ่.pdf", &big).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.body.contains("ขนาดเกิน"), "{}", reply.body);

    // No file chosen.
    let reply = multipart(&app, &format!("{O1}/file"), &officer, &[], "", b"").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("โปรดเลือกไฟล์"));

    // Links that are not http(s).
    for url in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "www.example.com",
        "",
    ] {
        let reply = post(&app, &format!("{O1}/link"), Some(&officer), &[("url", url)]).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{url}");
        assert!(reply.body.contains("http://"), "{url}: {}", reply.body);
    }
    // What was typed is shown again, escaped.
    let reply = post(
        &app,
        &format!("{O1}/link"),
        Some(&officer),
        &[("url", "javascript:\"><script>x</script>")],
    )
    .await;
    assert!(!reply.body.contains("<script>x</script>"));

    assert_eq!(history_len(&app, "O1", Period::Once).await, 0);
    let records = app.store.disclosure_records(&app.org, YEAR).await.unwrap();
    assert!(records.iter().all(|r| r.code != "O1"));
}

#[tokio::test]
async fn not_applicable_needs_a_reason_and_never_covers_a_publication() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let october = "/staff/info/2568/O12/m10";

    let reply = post(
        &app,
        &format!("{october}/not-applicable"),
        Some(&officer),
        &[("reason", "")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("โปรดระบุเหตุผล"));

    let reply = post(
        &app,
        &format!("{october}/not-applicable"),
        Some(&officer),
        &[("reason", "ไม่มีการจัดซื้อจัดจ้างในเดือนนี้")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let page = get(&app, october, Some(&officer)).await;
    assert!(
        page.body
            .contains("ไม่มีข้อมูลต้องเผยแพร่: ไม่มีการจัดซื้อจัดจ้างในเดือนนี้")
    );

    // A published period cannot be marked.
    let november = "/staff/info/2568/O12/m11";
    let reply = post(
        &app,
        &format!("{november}/link"),
        Some(&officer),
        &[("url", "https://example.go.th/egp/11")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let reply = post(
        &app,
        &format!("{november}/not-applicable"),
        Some(&officer),
        &[("reason", "ไม่มี")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);

    // The coordinator's overview counts both in the readiness figure.
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let overview = get(&app, "/staff/info", Some(&coordinator)).await;
    assert!(overview.body.contains("ความพร้อมตามเกณฑ์ OIT"));
    assert!(overview.body.contains("id=\"readiness\""));
    // December's report was due on 15 January: a reminder, late.
    assert!(overview.body.contains("status-late"));

    // Clearing the mark.
    let reply = post(
        &app,
        &format!("{october}/not-applicable"),
        Some(&officer),
        &[("action", "clear")],
    )
    .await;
    assert_eq!(reply.location(), format!("{october}?done=cleared"));
}

#[tokio::test]
async fn a_unit_sees_its_own_items_and_the_owner_override_moves_a_period() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let other = session_of(&app, "other@nakhon.test").await;
    let admin = session_of(&app, "admin@nakhon.test").await;

    let mine = get(&app, "/staff/info", Some(&officer)).await;
    assert!(mine.body.contains("โครงสร้างหน่วยงาน"));
    assert!(!mine.body.contains("แผนการศึกษา"));
    assert!(!mine.body.contains("ความพร้อมตามเกณฑ์ OIT"));
    let theirs = get(&app, "/staff/info", Some(&other)).await;
    assert!(theirs.body.contains("แผนการศึกษา"));
    assert!(!theirs.body.contains("โครงสร้างหน่วยงาน"));

    assert_eq!(
        get(&app, O1, Some(&other)).await.status,
        StatusCode::FORBIDDEN
    );
    let reply = post(
        &app,
        &format!("{O1}/owner"),
        Some(&admin),
        &[("unit", "กองการศึกษา")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(get(&app, O1, Some(&other)).await.status, StatusCode::OK);
    assert_eq!(
        get(&app, O1, Some(&officer)).await.status,
        StatusCode::FORBIDDEN
    );
    let reply = post(
        &app,
        &format!("{O1}/link"),
        Some(&other),
        &[("url", "http://example.go.th/o1")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    // Back to the default owner.
    let reply = post(&app, &format!("{O1}/owner"), Some(&admin), &[("unit", "")]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(get(&app, O1, Some(&officer)).await.status, StatusCode::OK);

    // The item's default owner, for every period: O12 moves to กองการศึกษา.
    let reply = post(
        &app,
        "/staff/info/2568/O12/m10/owner",
        Some(&admin),
        &[("unit", "กองการศึกษา"), ("scope", "item")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    for month in ["m10", "m11", "m09"] {
        let url = format!("/staff/info/2568/O12/{month}");
        assert_eq!(get(&app, &url, Some(&other)).await.status, StatusCode::OK);
        assert_eq!(
            get(&app, &url, Some(&officer)).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let reply = post(
        &app,
        "/staff/info/2568/O12/m10/owner",
        Some(&admin),
        &[("unit", "สำนักปลัดเทศบาล"), ("scope", "item")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(get(&app, O1, Some(&officer)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn generated_items_are_published_without_an_upload() {
    let app = app().await;
    let history = app
        .store
        .disclosure_history(&app.org, &key("O25", Period::Year))
        .await
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].evidence.kind(), "generated");
    // The annual report is not due before the year ends: not published.
    assert_eq!(history_len(&app, "O26", Period::Year).await, 0);
    // Publishing again changes nothing.
    let organization = app
        .store
        .organization_by_slug("nakhon")
        .await
        .unwrap()
        .unwrap();
    let again = sujarit_service::disclosure::publish_generated(
        app.store.as_ref(),
        &organization,
        YEAR,
        TODAY,
    )
    .await
    .unwrap();
    assert_eq!(again, 0);

    let public = get(&app, "/o/nakhon/info", None).await;
    let o25 = section_of(&public.body, "O25");
    assert!(o25.contains("status-published"), "{o25}");
    assert!(o25.contains("href=\"/o/nakhon\""), "{o25}");
    let o26 = section_of(&public.body, "O26");
    assert!(o26.contains("status-not-due"), "{o26}");

    // The audit log names the system as who published it.
    let admin = session_of(&app, "admin@nakhon.test").await;
    let audit = get(&app, "/staff/audit", Some(&admin)).await;
    assert!(audit.body.contains("เผยแพร่ข้อมูลสาธารณะ"), "{}", audit.body);
    assert!(audit.body.contains("ระบบสุจริต (อัตโนมัติ)"));

    // The coordinator may confirm the generated page again: a new version.
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let reply = post(
        &app,
        "/staff/info/2568/O25/year/generated",
        Some(&coordinator),
        &[],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(history_len(&app, "O25", Period::Year).await, 2);
}

/// Items the activity register and the surveys stand for, added to the
/// small catalogue (yearly, open from the end of the six-month round).
const ACTIVITY_ITEMS: &str = r#"
[[items]]
code = "O17"
title = "รายงานผลการสำรวจความพึงพอใจการให้บริการ"
topic = "administration"
contents = "ผลการสำรวจความพึงพอใจของผู้รับบริการ"
cadence = "yearly"
due = "half+30"
generated_source = "satisfaction_survey"

[[items]]
code = "O24"
title = "การดำเนินการตามนโยบายหรือแผนการบริหารทรัพยากรบุคคล"
topic = "human_resources"
contents = "ผลการดำเนินการในปีงบประมาณนี้"
cadence = "yearly"
due = "half+30"
generated_source = "staff_development"

[[items]]
code = "O30"
title = "การเปิดโอกาสให้เกิดการมีส่วนร่วม"
topic = "transparency"
contents = "กิจกรรมที่เปิดให้ผู้มีส่วนได้ส่วนเสียมีส่วนร่วมในปีงบประมาณนี้"
cadence = "yearly"
due = "half+30"
generated_source = "participation"

[[items]]
code = "O40"
title = "การขับเคลื่อนจริยธรรม"
topic = "internal_measures"
contents = "การอบรมหรือกิจกรรมที่มีเนื้อหาด้านจริยธรรมในปีที่ประเมิน"
cadence = "yearly"
due = "half+30"
generated_source = "ethics_activities"
"#;

/// The app with [`ACTIVITY_ITEMS`] installed, and the organisation.
async fn app_with_activity_items() -> (App, sujarit_store::Organization) {
    let app = app().await;
    let catalogue = Catalogue::from_toml(&format!("{CATALOGUE}{ACTIVITY_ITEMS}")).unwrap();
    app.store
        .install_disclosure_catalogue(&app.org, &catalogue, "test")
        .await
        .unwrap();
    let organization = app
        .store
        .organization_by_slug("nakhon")
        .await
        .unwrap()
        .unwrap();
    (app, organization)
}

/// 5 April 2025: the six-month round is over, so the yearly "half+30"
/// periods of [`ACTIVITY_ITEMS`] have opened.
const AFTER_THE_ROUND: time::Date = time::macros::date!(2025 - 04 - 05);

/// The daily task on [`AFTER_THE_ROUND`].
async fn publish_generated_now(app: &App, organization: &sujarit_store::Organization) -> usize {
    sujarit_service::disclosure::publish_generated(
        app.store.as_ref(),
        organization,
        YEAR,
        AFTER_THE_ROUND,
    )
    .await
    .unwrap()
}

/// A community campaign held on 5 December 2024 (fiscal year 2568).
fn campaign() -> ActivityInput {
    ActivityInput {
        item: sujarit_core::ItemRef {
            dimension: 1,
            no: 1,
        },
        fiscal_year: 2568,
        kind: ActivityKind::Campaign,
        title: "รณรงค์ต่อต้านการทุจริตในชุมชน".into(),
        sessions: vec![Session {
            date: time::macros::date!(2024 - 12 - 05),
            starts: time::macros::time!(09:00),
            ends: time::macros::time!(12:00),
        }],
        venue: "ศาลาประชาคม".into(),
        topics: Vec::new(),
        speakers: Vec::new(),
        groups: vec![GroupCount {
            group: TargetGroup::Community,
            planned: 50,
            actual: None,
        }],
        roster_entries: Vec::new(),
        summary: String::new(),
    }
}

#[tokio::test]
async fn a_published_activity_publishes_the_ethics_item_with_the_years_calendar() {
    let (app, organization) = app_with_activity_items().await;
    // No activity yet: none of the activity items is published.
    assert_eq!(publish_generated_now(&app, &organization).await, 0);
    for code in ["O17", "O24", "O30", "O40"] {
        assert_eq!(history_len(&app, code, Period::Year).await, 0, "{code}");
    }
    let page = get(&app, "/o/nakhon/info", None).await;
    let o40 = section_of(&page.body, "O40");
    assert!(!o40.contains("status-published"), "{o40}");
    assert!(!o40.contains("/activities?year="), "{o40}");
    // Staff cannot confirm a page that has nothing on it, and are told why.
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let refused = post(
        &app,
        "/staff/info/2568/O40/year/generated",
        Some(&coordinator),
        &[],
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("ต้องมีกิจกรรม"), "{}", refused.body);
    assert_eq!(history_len(&app, "O40", Period::Year).await, 0);

    // An activity that is recorded but not published does not count.
    let activity = app
        .store
        .create_activity(&app.org, &campaign(), "test")
        .await
        .unwrap();
    assert_eq!(publish_generated_now(&app, &organization).await, 0);
    assert_eq!(history_len(&app, "O40", Period::Year).await, 0);

    // Published: the ethics item and (the community took part) the
    // participation item are published by the system; staff development
    // (no training of staff) and the satisfaction report are not.
    app.store
        .set_activity_published(&app.org, &activity.id, true, "test")
        .await
        .unwrap();
    assert_eq!(publish_generated_now(&app, &organization).await, 2);
    let history = app
        .store
        .disclosure_history(&app.org, &key("O40", Period::Year))
        .await
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].evidence,
        DisclosureEvidence::Generated {
            source: GeneratedSource::EthicsActivities
        }
    );
    assert_eq!(history[0].published_by, sujarit_core::account::SYSTEM_ACTOR);
    assert_eq!(history_len(&app, "O30", Period::Year).await, 1);
    assert_eq!(history_len(&app, "O24", Period::Year).await, 0);
    assert_eq!(history_len(&app, "O17", Period::Year).await, 0);
    // Again: nothing new.
    assert_eq!(publish_generated_now(&app, &organization).await, 0);

    // The public centre links the year's calendar, which lists the activity.
    let page = get(&app, "/o/nakhon/info", None).await;
    let o40 = section_of(&page.body, "O40");
    assert!(o40.contains("status-published"), "{o40}");
    assert!(
        o40.contains("href=\"/o/nakhon/activities?year=2568\""),
        "{o40}"
    );
    let calendar = get(&app, "/o/nakhon/activities?year=2568", None).await;
    assert_eq!(calendar.status, StatusCode::OK);
    assert!(calendar.body.contains("รณรงค์ต่อต้านการทุจริตในชุมชน"));
    // So does the JSON catalogue, as an absolute address.
    let json = get(
        &app,
        "/api/v1/organizations/nakhon/disclosures?fiscal_year=2568",
        None,
    )
    .await;
    let body: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    let o40 = body["published"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "O40")
        .expect("O40 in the JSON catalogue");
    assert!(
        o40["url"]
            .as_str()
            .is_some_and(|u| u.ends_with("/o/nakhon/activities?year=2568")),
        "{o40}"
    );
}

#[tokio::test]
async fn a_staff_training_publishes_staff_development_and_a_survey_its_report() {
    let (app, organization) = app_with_activity_items().await;
    let mut training = campaign();
    training.kind = ActivityKind::Training;
    training.title = "อบรมประมวลจริยธรรมพนักงาน".into();
    training.groups = vec![GroupCount {
        group: TargetGroup::Staff,
        planned: 30,
        actual: None,
    }];
    let activity = app
        .store
        .create_activity(&app.org, &training, "test")
        .await
        .unwrap();
    app.store
        .set_activity_published(&app.org, &activity.id, true, "test")
        .await
        .unwrap();
    // O24 (staff development) and O40 (ethics); not O30 (no public).
    assert_eq!(publish_generated_now(&app, &organization).await, 2);
    assert_eq!(history_len(&app, "O24", Period::Year).await, 1);
    assert_eq!(history_len(&app, "O30", Period::Year).await, 0);

    // The service satisfaction survey: its report appears once its results
    // are public (DEFAULT_MIN_PUBLIC answers), linking the results page.
    let template = sujarit_core::survey::Template::find("service").unwrap();
    let input = SurveyInput {
        title: template.title.into(),
        kind: template.kind,
        item: None,
        fiscal_year: 2568,
        activity: None,
        phase: Phase::Single,
        opens: time::macros::date!(2024 - 10 - 01),
        closes: time::macros::date!(2025 - 09 - 30),
        pass_mark: None,
        min_public: DEFAULT_MIN_PUBLIC,
        questions: template.questions(),
    };
    let survey = app
        .store
        .create_survey(&app.org, &input, "test")
        .await
        .unwrap();
    let answers: std::collections::BTreeMap<String, serde_json::Value> = input
        .questions
        .iter()
        .filter_map(|q| match q.kind {
            QuestionKind::Scale5 => Some((q.id.clone(), serde_json::json!(5))),
            QuestionKind::Choice => Some((q.id.clone(), serde_json::json!(0))),
            _ => None,
        })
        .collect();
    let response = check_answers(&input, &answers).unwrap();
    let answer = |n: u32| NewResponse {
        survey_id: survey.id.clone(),
        device: Some(format!("device-{n}")),
        response: response.clone(),
        today: TODAY,
    };
    let too_few: Vec<NewResponse> = (1..DEFAULT_MIN_PUBLIC).map(answer).collect();
    for outcome in app.store.answer_surveys(&app.org, &too_few).await.unwrap() {
        outcome.unwrap();
    }
    assert_eq!(publish_generated_now(&app, &organization).await, 0);
    assert_eq!(history_len(&app, "O17", Period::Year).await, 0);
    for outcome in app
        .store
        .answer_surveys(&app.org, &[answer(DEFAULT_MIN_PUBLIC)])
        .await
        .unwrap()
    {
        outcome.unwrap();
    }
    assert_eq!(publish_generated_now(&app, &organization).await, 1);
    let page = get(&app, "/o/nakhon/info", None).await;
    let o17 = section_of(&page.body, "O17");
    assert!(o17.contains("status-published"), "{o17}");
    assert!(
        o17.contains(&format!("href=\"/o/nakhon/surveys/{}/results\"", survey.id)),
        "{o17}"
    );
    let o24 = section_of(&page.body, "O24");
    assert!(
        o24.contains("href=\"/o/nakhon/activities?year=2568\""),
        "{o24}"
    );
}

/// The `<li>` of one item on the public page.
fn section_of<'a>(body: &'a str, code: &str) -> &'a str {
    let start = body
        .find(&format!("data-code=\"{code}\""))
        .unwrap_or_else(|| panic!("{code} on the page"));
    let end = body[start..]
        .find("</li>\n  <li class=\"info-item\"")
        .map_or(body.len(), |e| start + e);
    &body[start..end]
}

// ---------------------------------------------------------------------------
// Public pages and machine-readable output

#[tokio::test]
async fn the_public_centre_lists_every_item_by_topic_and_by_code() {
    let app = app().await;
    let page = get(&app, "/o/nakhon/info", None).await;
    assert_eq!(page.status, StatusCode::OK);
    for code in ["O1", "O12", "X1", "O25", "O26"] {
        let item = section_of(&page.body, code);
        assert!(item.contains("class=\"status "), "{code} has a status");
    }
    assert!(page.body.contains("9.1 ข้อมูลพื้นฐาน"));
    assert!(page.body.contains("ปีงบประมาณ 2568"));
    // O12's months are listed with BE years.
    assert!(page.body.contains("ตุลาคม 2567"));
    assert!(page.body.contains("มกราคม 2568"));
    assert!(page.body.contains("https://") || !page.body.contains("<script"));

    let by_code = get(&app, "/o/nakhon/info?view=code", None).await;
    assert_eq!(by_code.status, StatusCode::OK);
    let o1 = by_code.body.find("data-code=\"O1\"").unwrap();
    let o12 = by_code.body.find("data-code=\"O12\"").unwrap();
    let o25 = by_code.body.find("data-code=\"O25\"").unwrap();
    assert!(o1 < o12 && o12 < o25, "codes in numeric order");

    assert_eq!(
        get(&app, "/o/nakhon/info?view=x", None).await.status,
        StatusCode::BAD_REQUEST
    );
    // Outside the fiscal years Sujarit takes (BE 2400–2700): refused.
    assert_eq!(
        get(&app, "/o/nakhon/info?year=2999", None).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&app, "/o/nakhon/info?year=2690", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/o/nowhere/info", None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_json_catalogue_and_the_dcat_catalogue_list_what_is_published() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    multipart(
        &app,
        &format!("{O1}/file"),
        &officer,
        &[],
        "โครงสร้าง.pdf",
        &pdf(),
    )
    .await;
    post(
        &app,
        "/staff/info/2568/O12/m10/link",
        Some(&officer),
        &[("url", "https://example.go.th/egp/10")],
    )
    .await;

    let json = get(
        &app,
        "/api/v1/organizations/nakhon/disclosures?fiscal_year=2568",
        None,
    )
    .await;
    assert_eq!(json.status, StatusCode::OK);
    let json = json.json();
    assert_eq!(json["fiscal_year"], 2568);
    assert_eq!(json["item_count"], 5);
    let published = json["published"].as_array().unwrap();
    let kinds: Vec<(&str, &str)> = published
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap(),
                p["evidence_kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(kinds.contains(&("O1", "file")), "{kinds:?}");
    assert!(kinds.contains(&("O12", "link")), "{kinds:?}");
    assert!(kinds.contains(&("O25", "generated")), "{kinds:?}");
    let o1 = published.iter().find(|p| p["code"] == "O1").unwrap();
    assert_eq!(o1["media_type"], "application/pdf");
    assert_eq!(
        o1["url"],
        "https://sujarit.example.go.th/o/nakhon/info/2568/O1/once/file"
    );
    assert_eq!(
        get(
            &app,
            "/api/v1/organizations/nakhon/disclosures?fiscal_year=68",
            None
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );

    let dcat = get(&app, "/o/nakhon/info/dcat.jsonld", None).await;
    assert_eq!(dcat.status, StatusCode::OK);
    assert!(
        dcat.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/ld+json")
    );
    let dcat = dcat.json();
    assert_eq!(dcat["@type"], "dcat:Catalog");
    assert_eq!(dcat["@context"]["dcat"], "http://www.w3.org/ns/dcat#");
    assert!(
        dcat["dct:title"]["@value"]
            .as_str()
            .unwrap()
            .contains("ศูนย์ข้อมูลข่าวสาร")
    );
    assert!(dcat["dct:modified"].is_string());
    let datasets = dcat["dcat:dataset"].as_array().unwrap();
    assert_eq!(datasets.len(), 3, "O1, O12 and O25 are published");
    // A client that names another host gets the same links (the page cache
    // would otherwise hand its host to every harvester).
    let poisoned = tower::ServiceExt::oneshot(
        app.router.clone(),
        axum::http::Request::builder()
            .uri("/o/nakhon/info/dcat.jsonld")
            .header(header::HOST, "evil.example")
            .header("x-forwarded-proto", "https")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    let poisoned = http_body_util::BodyExt::collect(poisoned.into_body())
        .await
        .unwrap()
        .to_bytes();
    let poisoned = String::from_utf8_lossy(&poisoned);
    assert!(!poisoned.contains("evil.example"), "{poisoned}");
    assert!(poisoned.contains("https://sujarit.example.go.th/o/nakhon/info/"));
    let o1 = datasets
        .iter()
        .find(|d| d["dct:identifier"] == "2568/O1")
        .unwrap();
    assert_eq!(o1["@type"], "dcat:Dataset");
    assert_eq!(o1["dct:title"]["@language"], "th");
    assert_eq!(o1["dct:title"]["@value"], "โครงสร้างหน่วยงาน");
    let distribution = &o1["dcat:distribution"][0];
    assert_eq!(distribution["@type"], "dcat:Distribution");
    assert_eq!(distribution["dcat:mediaType"], "application/pdf");
    assert_eq!(
        distribution["dcat:accessURL"]["@id"],
        "https://sujarit.example.go.th/o/nakhon/info/2568/O1/once/file"
    );
}

// ---------------------------------------------------------------------------
// Catalogue administration

#[tokio::test]
async fn catalogues_install_import_export_and_copy() {
    let app = app().await;
    let admin = session_of(&app, "admin@nakhon.test").await;

    // Export gives back the installed catalogue.
    let toml = get(
        &app,
        "/staff/info/catalogues/2568/catalogue.toml",
        Some(&admin),
    )
    .await;
    assert_eq!(toml.status, StatusCode::OK);
    assert_eq!(
        Catalogue::from_toml(&toml.body).unwrap(),
        Catalogue::from_toml(CATALOGUE).unwrap()
    );
    let csv = get(
        &app,
        "/staff/info/catalogues/2568/catalogue.csv",
        Some(&admin),
    )
    .await;
    assert!(csv.body.starts_with('\u{feff}'));
    assert!(csv.body.contains("O12"));

    // A bad file: every problem with its line, nothing installed.
    let bad = "fiscal_year = 2569\ntitle = \"ทดสอบ\"\n\n[[items]]\ncode = \"A\"\ntitle = \"ก\"\ntopic = \"budget\"\ncontents = \"ข\"\ncadence = \"weekly\"\ndue = \"end+15\"\n\n[[items]]\ncode = \"A\"\ntitle = \"ค\"\ntopic = \"budget\"\ncontents = \"ง\"\ncadence = \"monthly\"\ndue = \"end+15\"\n";
    let reply = multipart(
        &app,
        "/staff/info/catalogues/import",
        &admin,
        &[("fiscal_year", "")],
        "bad.toml",
        bad.as_bytes(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("บรรทัด 9"), "{}", reply.body);
    assert!(reply.body.contains("weekly"));
    assert!(reply.body.contains("ซ้ำ"));
    let years = app
        .store
        .disclosure_catalogue_years(&app.org)
        .await
        .unwrap();
    assert_eq!(years.len(), 1, "nothing installed");

    // A bad CSV names its line too.
    let csv_bad = "code,title,topic,contents,cadence,due\nB1,ก,budget,ข,monthly,end+15\nB2,ค,nowhere,ง,monthly,end+15\n";
    let reply = multipart(
        &app,
        "/staff/info/catalogues/import",
        &admin,
        &[("fiscal_year", "2569")],
        "bad.csv",
        csv_bad.as_bytes(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("บรรทัด 3"), "{}", reply.body);

    // A good CSV for 2569.
    let csv_good = "code,title,topic,contents,cadence,due\nB1,ก,budget,ข,monthly,end+15\n";
    let reply = multipart(
        &app,
        "/staff/info/catalogues/import",
        &admin,
        &[("fiscal_year", "2569"), ("title", "รายการ 2569")],
        "good.csv",
        csv_good.as_bytes(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);

    // Install a shipped list for 2570 and copy 2568 to 2571.
    let reply = post(
        &app,
        "/staff/info/catalogues/install",
        Some(&admin),
        &[("shipped", "oit-2568"), ("fiscal_year", "2570")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let installed = app
        .store
        .disclosure_catalogue(&app.org, FiscalYear(2570))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(installed.items.len(), 26);
    let reply = post(
        &app,
        "/staff/info/catalogues/copy",
        Some(&admin),
        &[("from", "2568"), ("to", "2571")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    // Copying onto a year that has one is refused.
    let reply = post(
        &app,
        "/staff/info/catalogues/copy",
        Some(&admin),
        &[("from", "2568"), ("to", "2570")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let page = get(&app, "/staff/info/catalogues", Some(&admin)).await;
    for year in ["2568", "2569", "2570", "2571"] {
        assert!(page.body.contains(year));
    }
}

// ---------------------------------------------------------------------------
// Link checks

#[tokio::test]
async fn a_dead_link_turns_its_period_late_and_a_live_one_stays_published() {
    use axum::routing::get as route;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = Router::new()
        .route("/ok", route(|| async { "สวัสดี" }))
        .route(
            "/moved",
            route(|| async { axum::response::Redirect::permanent("/ok") }),
        )
        .route("/gone", route(|| async { StatusCode::NOT_FOUND }));
    tokio::spawn(async move { axum::serve(listener, server).await.unwrap() });

    let app = app().await;
    let publish = |code: &'static str, period: Period, path: &'static str| {
        let store = app.store.clone();
        let org = app.org.clone();
        async move {
            store
                .publish_disclosure(
                    &org,
                    &key(code, period),
                    &DisclosureEvidence::Link {
                        url: format!("http://{address}{path}"),
                    },
                    None,
                    "test",
                )
                .await
                .unwrap();
        }
    };
    publish("O1", Period::Once, "/ok").await;
    publish("X1", Period::Once, "/gone").await;
    publish("O12", Period::Month(10), "/moved").await;

    // The test server is on loopback, which only an allow-list opens.
    let checker = sujarit_service::disclosure::links::LinkChecker::allowing(
        std::time::Duration::from_secs(5),
        vec!["127.0.0.0/8".parse().unwrap()],
    );
    let report = sujarit_service::disclosure::links::check_links(app.store.as_ref(), &checker)
        .await
        .unwrap();
    assert_eq!(report.checked, 3);
    assert_eq!(report.broken, 1);

    let catalogue = app
        .store
        .disclosure_catalogue(&app.org, YEAR)
        .await
        .unwrap()
        .unwrap();
    let records = app.store.disclosure_records(&app.org, YEAR).await.unwrap();
    let board = sujarit_core::disclosure::board(
        &catalogue,
        &sujarit_core::disclosure::records_of(&records),
        TODAY,
    );
    let status_of = |code: &str, period: Period| {
        board
            .iter()
            .find(|r| r.code == code && r.schedule.period == period)
            .unwrap()
            .status
            .clone()
    };
    use sujarit_core::disclosure::DisclosureStatus::*;
    assert_eq!(status_of("X1", Period::Once), Late { broken_link: true });
    assert!(matches!(status_of("O1", Period::Once), Published { .. }));
    assert!(matches!(
        status_of("O12", Period::Month(10)),
        Published { .. }
    ));

    let public = get(&app, "/o/nakhon/info", None).await;
    let x1 = section_of(&public.body, "X1");
    assert!(x1.contains("ลิงก์ใช้งานไม่ได้"), "{x1}");

    // A link nobody answers is broken too, with the reason kept.
    let unreachable = checker.check("http://127.0.0.1:9/x").await;
    assert!(matches!(
        unreachable,
        sujarit_core::disclosure::LinkOutcome::Failed { status: None, .. }
    ));
}

#[tokio::test]
async fn the_coordinator_edits_an_item_in_the_browser_form() {
    let app = app().await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let c = Some(coordinator.as_str());
    let page = get(&app, O1, c).await;
    assert!(page.body.contains("id=\"item-form\""), "{}", page.body);
    let officer = session_of(&app, "officer@nakhon.test").await;
    assert!(
        !get(&app, O1, Some(&officer))
            .await
            .body
            .contains("id=\"item-form\"")
    );

    let fingerprint = fingerprint_of(&page);
    // Bad due rule and an empty title: both named, nothing saved.
    let bad = post(
        &app,
        &format!("{O1}/item"),
        c,
        &item_form(&fingerprint, " ", "once", "end+x"),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    assert!(bad.body.contains("id=\"item_due-error\""), "{}", bad.body);
    assert!(bad.body.contains("ไม่ถูกต้อง: ใช้ end+วัน"), "{}", bad.body);
    assert!(bad.body.contains("id=\"item_title-error\""), "{}", bad.body);
    assert!(
        bad.body.contains("แผนผังโครงสร้างพร้อมชื่อ"),
        "what was typed is kept"
    );
    let stored = app
        .store
        .disclosure_catalogue(&app.org, YEAR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.items[0].title, "โครงสร้างหน่วยงาน");

    let saved = post(
        &app,
        &format!("{O1}/item"),
        c,
        &item_form(
            &fingerprint,
            "โครงสร้างและอำนาจหน้าที่ของหน่วยงาน",
            "once",
            "start+45",
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), format!("{O1}?done=item"));
    let stored = app
        .store
        .disclosure_catalogue(&app.org, YEAR)
        .await
        .unwrap()
        .unwrap();
    let o1 = stored.items.iter().find(|i| i.code == "O1").unwrap();
    assert_eq!(o1.title, "โครงสร้างและอำนาจหน้าที่ของหน่วยงาน");
    assert_eq!(o1.due.to_string(), "start+45");
    let public = get(&app, "/o/nakhon/info", None).await;
    assert!(public.body.contains("โครงสร้างและอำนาจหน้าที่ของหน่วยงาน"));

    // The form read before that save is now stale: 409, what was typed kept.
    let stale = post(
        &app,
        &format!("{O1}/item"),
        c,
        &item_form(&fingerprint, "ชื่อจากแบบฟอร์มเก่า", "once", "start+45"),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(stale.body.contains("มีผู้แก้ไขรายการนี้ก่อนคุณ"));
    assert!(stale.body.contains("ชื่อจากแบบฟอร์มเก่า"));
    let fingerprint = fingerprint_of(&get(&app, O1, c).await);

    // Once published, a cadence without the "once" period is refused.
    let reply = post(
        &app,
        &format!("{O1}/link"),
        c,
        &[
            ("url", "https://www.nakhoncity.go.th/structure"),
            ("note", ""),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let orphaning = post(
        &app,
        &format!("{O1}/item"),
        c,
        &item_form(
            &fingerprint,
            "โครงสร้างและอำนาจหน้าที่ของหน่วยงาน",
            "monthly",
            "end+15",
        ),
    )
    .await;
    assert_eq!(orphaning.status, StatusCode::CONFLICT, "{}", orphaning.body);
    let stored = app
        .store
        .disclosure_catalogue(&app.org, YEAR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored
            .items
            .iter()
            .find(|i| i.code == "O1")
            .unwrap()
            .cadence
            .as_str(),
        "once"
    );
    let audit = app.store.audit_log(&app.org, None, 50).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|a| a.action == sujarit_store::audit_action::DISCLOSURE_ITEM_UPDATED)
            .count(),
        1
    );
}

/// The fingerprint the item edit form carries.
fn fingerprint_of(page: &Reply) -> String {
    let marker = "name=\"fingerprint\" value=\"";
    let at = page.body.find(marker).expect("a fingerprint") + marker.len();
    page.body[at..at + page.body[at..].find('"').unwrap()].to_string()
}

/// The item edit form's fields.
fn item_form<'a>(
    fingerprint: &'a str,
    title: &'a str,
    cadence: &'a str,
    due: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("fingerprint", fingerprint),
        ("title", title),
        ("subheading", ""),
        ("contents", "แผนผังโครงสร้างพร้อมชื่อและหน้าที่ของแต่ละกอง"),
        ("cadence", cadence),
        ("due", due),
        ("note", ""),
    ]
}

/// One publication for two catalogue items (issue 13): the coordinator
/// links X1 to O1's document on X1's form, publishing O1 publishes both, the
/// staff page of X1 says so and shows O1's evidence and history, and the
/// public page shows one entry referring to the other.
#[tokio::test]
async fn an_item_uses_anothers_document_and_the_public_sees_one_entry() {
    let app = app().await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let c = Some(coordinator.as_str());
    const X1: &str = "/staff/info/2568/X1/once";
    let page = get(&app, X1, c).await;
    assert!(
        page.body
            .contains(r#"<select id="item-same-as" name="same_as""#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(r#"<option value="O1">O1 โครงสร้างหน่วยงาน"#)
    );
    assert!(
        !page.body.contains(r#"<option value="O12">"#),
        "a monthly item is not offered to a once item"
    );
    let fingerprint = fingerprint_of(&page);
    let mut form = item_form(&fingerprint, "แผนการศึกษา", "once", "start+30");
    form.push(("same_as", "O1"));
    let saved = post(&app, &format!("{X1}/item"), c, &form).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stored = app
        .store
        .disclosure_catalogue(&app.org, YEAR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.item("X1").unwrap().same_as.as_deref(), Some("O1"));

    // O1's unit publishes O1: X1 stands published on the same evidence.
    let officer = session_of(&app, "officer@nakhon.test").await;
    let url = "https://www.nakhoncity.go.th/structure";
    let reply = post(
        &app,
        &format!("{O1}/link"),
        Some(&officer),
        &[("url", url), ("note", "")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let x1 = get(&app, X1, c).await;
    assert!(x1.body.contains(r#"id="shared-document""#), "{}", x1.body);
    assert!(
        x1.body
            .contains(r#"href="/staff/info/2568/O1/once">O1 โครงสร้างหน่วยงาน</a>"#)
    );
    assert!(x1.body.contains(url), "O1's evidence on X1's page");
    assert!(x1.body.contains("status-published"), "{}", x1.body);
    let o1 = get(&app, O1, c).await;
    assert!(o1.body.contains(r#"id="lent-document""#), "{}", o1.body);

    let public = get(&app, "/o/nakhon/info", None).await;
    let x1 = section_of(&public.body, "X1");
    assert!(
        x1.contains("ใช้เอกสารเดียวกับรายการ <a href=\"#item-O1\">O1 โครงสร้างหน่วยงาน</a>"),
        "{x1}"
    );
    assert!(!x1.contains(url), "no second copy of the evidence: {x1}");
    assert!(x1.contains("status-published"), "{x1}");
    let o1 = section_of(&public.body, "O1");
    assert!(o1.contains(url), "{o1}");
    assert!(o1.contains("href=\"#item-X1\""), "{o1}");

    // An item with other periods cannot use a once item's document.
    let o12 = "/staff/info/2568/O12/m10";
    let page = get(&app, o12, c).await;
    let fingerprint = fingerprint_of(&page);
    let mut form = item_form(
        &fingerprint,
        "สรุปผลการจัดซื้อจัดจ้างรายเดือน",
        "monthly",
        "end+15",
    );
    form.push(("same_as", "O1"));
    let refused = post(&app, &format!("{o12}/item"), c, &form).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(
        refused.body.contains(r#"id="item_same_as-error""#),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("งวดไม่ตรงกัน"), "{}", refused.body);
    let stored = app
        .store
        .disclosure_catalogue(&app.org, YEAR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.item("O12").unwrap().same_as, None);

    // Unlinking (the empty choice) gives X1 back its own, unpublished, state.
    let page = get(&app, X1, c).await;
    let fingerprint = fingerprint_of(&page);
    let mut form = item_form(&fingerprint, "แผนการศึกษา", "once", "start+30");
    form.push(("same_as", ""));
    let saved = post(&app, &format!("{X1}/item"), c, &form).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let public = get(&app, "/o/nakhon/info", None).await;
    assert!(!section_of(&public.body, "X1").contains("ใช้เอกสารเดียวกับ"));
}
