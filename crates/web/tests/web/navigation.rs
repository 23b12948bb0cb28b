//! Navigation and search (issue 13): the public site menu on every page of
//! an organisation (its section marked `aria-current`), the staff shell with
//! counts per role, and the public, staff and JSON searches with their bad
//! input answered in Thai.

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use sujarit_core::account::Role;
use sujarit_store::Store;
use sujarit_web::{Clock, Resources};

use crate::support::{client, seeded};
use client::{PASSWORD, Routed, get, session_of};

/// 15 February 2023: fiscal year 2566, quarter 2 (Q1 has ended).
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
    ("auditor@nakhon.test", Role::Auditor, None),
    (
        "officer@nakhon.test",
        Role::UnitOfficer,
        Some("สำนักปลัดเทศบาล"),
    ),
    ("executive@nakhon.test", Role::Executive, None),
];

async fn app() -> App {
    let seeded::Seeded { store, org, dir } =
        seeded::seeded("navigation", &ACCOUNTS, PASSWORD).await;
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

const MENU: &str = "aria-label=\"เมนูหลักขององค์กร\"";

#[tokio::test]
async fn every_public_page_of_an_organisation_has_the_menu_with_its_section_current() {
    let app = app().await;
    for (path, section) in [
        ("/o/nakhon", "/o/nakhon"),
        ("/o/nakhon/items/1.1", "/o/nakhon"),
        ("/o/nakhon/findings", "/o/nakhon"),
        ("/o/nakhon/reports", "/o/nakhon/reports"),
        ("/o/nakhon/progress", "/o/nakhon/progress"),
        ("/o/nakhon/info", "/o/nakhon/info"),
        ("/o/nakhon/activities", "/o/nakhon/activities"),
        ("/o/nakhon/integrity", "/o/nakhon/integrity"),
        ("/o/nakhon/search", "/o/nakhon/search"),
        ("/o/nakhon/search?q=แผน", "/o/nakhon/search"),
    ] {
        let page = get(&app, path, None).await;
        assert!(page.body.contains(MENU), "{path}: {}", page.body);
        // Twice (the phone's menu and the row), the same section current.
        let current = format!("href=\"{section}\" aria-current=\"page\"");
        assert_eq!(page.body.matches(&current).count(), 2, "{path}");
        for href in [
            "/o/nakhon/progress",
            "/o/nakhon/reports",
            "/o/nakhon/info",
            "/o/nakhon/activities",
            "/o/nakhon/integrity",
            "/o/nakhon/complaints",
            "/o/nakhon/search",
        ] {
            assert!(
                page.body.contains(&format!("href=\"{href}\"")),
                "{path} lacks {href}"
            );
        }
        // The phone's menu opens without a script.
        assert!(
            page.body.contains("<details class=\"menu-compact\">"),
            "{path}"
        );
        assert!(!page.body.contains("<script"), "{path}");
    }
    // Not on the portal's home page, nor on staff pages; the home page lists
    // each organisation's sections and a search box.
    let home = get(&app, "/", None).await.body;
    assert!(!home.contains(MENU));
    for href in [
        "/o/nakhon",
        "/o/nakhon/complaints",
        "/o/nakhon/info",
        "/o/nakhon/progress",
    ] {
        assert!(
            home.contains(&format!("href=\"{href}\"")),
            "{href} in {home}"
        );
    }
    assert!(home.contains("action=\"/o/nakhon/search\""), "{home}");
    assert!(!get(&app, "/staff/login", None).await.body.contains(MENU));
}

#[tokio::test]
async fn the_integrity_hub_lists_the_registers_of_a_year_and_what_each_still_needs() {
    let app = app().await;
    let page = get(&app, "/o/nakhon/integrity?year=2566", None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("ความโปร่งใสภายใน ปีงบประมาณ 2566"));
    for part in ["risks", "measures", "audit", "control", "gifts"] {
        let href = format!("href=\"/o/nakhon/integrity/{part}?year=2566\"");
        assert!(page.body.contains(&href), "{part}: {}", page.body);
    }
    // Nothing recorded yet: each register says what it still needs.
    assert_eq!(
        page.body.matches("ยังไม่มีข้อมูลเผยแพร่").count(),
        5,
        "{}",
        page.body
    );
    // No year asked: the current one (of the fixed day).
    let current = get(&app, "/o/nakhon/integrity", None).await;
    assert!(current.body.contains("ปีงบประมาณ 2566"));
    for bad in ["66", "abcd", "25666"] {
        let page = get(&app, &format!("/o/nakhon/integrity?year={bad}"), None).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(page.body.contains("ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก"), "{bad}");
    }
    assert_eq!(
        get(&app, "/o/nowhere/integrity", None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_public_search_finds_a_word_inside_a_longer_run() {
    let app = app().await;
    // "โครงการอบรมคุณธรรมจริยธรรมแก่บุคลากร" (item 1.1) is one run.
    let page = get(&app, "/o/nakhon/search?q=%E0%B8%88%E0%B8%A3%E0%B8%B4%E0%B8%A2%E0%B8%98%E0%B8%A3%E0%B8%A3%E0%B8%A1", None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("href=\"/o/nakhon/items/1.1\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("พบ 1 รายการ"), "{}", page.body);
    assert!(page.body.contains("โครงการ/กิจกรรมในแผน"));
    // Nothing found is said so.
    let none = get(&app, "/o/nakhon/search?q=zzzz", None).await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(none.body.contains("ไม่พบรายการที่มีคำว่า"), "{}", none.body);
    // The form alone, before any search.
    let form = get(&app, "/o/nakhon/search", None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("name=\"q\""));
    // An unknown organisation.
    assert_eq!(
        get(&app, "/o/nowhere/search?q=x", None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn bad_search_input_is_answered_in_thai() {
    let app = app().await;
    let long = "ก".repeat(201);
    for (query, words) in [
        ("q=", "โปรดพิมพ์คำที่ต้องการค้นหา"),
        ("q=%22*()", "โปรดพิมพ์คำที่ต้องการค้นหา"),
        (&format!("q={long}") as &str, "ยาวเกินไป"),
        ("q=x&page=0", "เลขหน้าไม่ถูกต้อง"),
        ("q=x&page=abc", "เลขหน้าไม่ถูกต้อง"),
    ] {
        let page = get(&app, &format!("/o/nakhon/search?{query}"), None).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(page.body.contains(words), "{query}: {}", page.body);
    }
    // The API: bounds as its document states them (1–200 characters, pages
    // 1–50); within them, a query without a letter or digit finds nothing.
    for (query, words) in [
        ("q=", "1–200"),
        (&format!("q={long}") as &str, "1–200"),
        ("q=x&page=0", "เลขหน้าไม่ถูกต้อง"),
    ] {
        let api = get(
            &app,
            &format!("/api/v1/organizations/nakhon/search?{query}"),
            None,
        )
        .await;
        assert_eq!(api.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(api.body.contains(words), "{query}: {}", api.body);
    }
    let nothing = get(&app, "/api/v1/organizations/nakhon/search?q=%22*()", None).await;
    assert_eq!(nothing.status, StatusCode::OK);
    assert_eq!(nothing.json()["total"], 0);
    // FTS5's syntax is only words.
    for query in [
        "q=%22a%22%20OR%20b*",
        "q=NEAR(a%20b)",
        "q=a%20AND%20-b%20%5E1",
    ] {
        let page = get(&app, &format!("/o/nakhon/search?{query}"), None).await;
        assert_eq!(page.status, StatusCode::OK, "{query}: {}", page.body);
    }
    let api = get(&app, "/api/v1/organizations/nakhon/search", None).await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    assert!(api.body.contains("ต้องมี q"), "{}", api.body);
    assert!(api.body.contains("\"error\""), "JSON: {}", api.body);
}

#[tokio::test]
async fn the_search_api_gives_public_results_with_their_pages() {
    let app = app().await;
    let reply = get(&app, "/api/v1/organizations/nakhon/search?q=%E0%B8%88%E0%B8%A3%E0%B8%B4%E0%B8%A2%E0%B8%98%E0%B8%A3%E0%B8%A3%E0%B8%A1", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = reply.json();
    assert_eq!(body["total"], 1);
    assert_eq!(body["words"][0], "จริยธรรม");
    assert_eq!(body["results"][0]["kind"], "plan_item");
    assert_eq!(body["results"][0]["key"], "1.1");
    assert!(
        body["results"][0]["url"]
            .as_str()
            .unwrap()
            .ends_with("/o/nakhon/items/1.1")
    );
    assert_eq!(
        get(&app, "/api/v1/organizations/nowhere/search?q=x", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// The number in "เกินกำหนด (N)" on "my items".
fn heading_count(body: &str, id: &str) -> u64 {
    let marker = format!("id=\"{id}\">");
    let start = body.find(&marker).expect(id) + marker.len();
    let text = &body[start..start + body[start..].find('<').unwrap()];
    let open = text.rfind('(').unwrap();
    text[open + 1..text.len() - 1].parse().unwrap()
}

#[tokio::test]
async fn the_staff_shell_shows_each_role_its_pages_with_counts() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let mine = get(&app, "/staff/progress", Some(&officer)).await;
    assert_eq!(mine.status, StatusCode::OK);
    let late = heading_count(&mine.body, "late-heading");
    let due = heading_count(&mine.body, "due-heading");
    assert!(late > 0, "the fixture has quarters past due: {}", mine.body);
    for page in ["/staff/", "/staff/progress", "/staff/info", "/staff/search"] {
        let body = get(&app, page, Some(&officer)).await.body;
        assert!(body.contains("เมนูงาน"), "{page}: {body}");
        assert!(body.contains("href=\"/staff/search\""), "{page}");
        assert!(
            !body.contains("href=\"/staff/review\""),
            "{page}: not a reviewer's"
        );
        assert!(
            body.contains(&format!("data-count=\"{late}\" title=\"เกินกำหนด\"")),
            "{page}: {late} late in {body}"
        );
        if due > 0 {
            assert!(body.contains(&format!("data-count=\"{due}\" title=\"ถึงกำหนดไตรมาสนี้\"")));
        }
    }
    // The home page's links carry the counts too.
    let home = get(&app, "/staff/", Some(&officer)).await.body;
    assert!(home.contains(&format!("เกินกำหนด {late}</span>")), "{home}");

    // A coordinator reviews: the review link, no unit's due items.
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let body = get(&app, "/staff/", Some(&coordinator)).await.body;
    assert!(body.contains("href=\"/staff/review\""));
    assert!(!body.contains("title=\"ถึงกำหนดไตรมาสนี้\""));
    // No staff page without a session shows the shell.
    let refused = get(&app, "/staff/progress", None).await;
    assert!(!refused.body.contains("เมนูงาน"));
}

#[tokio::test]
async fn the_staff_search_needs_a_session_and_keeps_complaints_to_those_who_read_them() {
    let app = app().await;
    let anonymous = get(&app, "/staff/search?q=x", None).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    let officer = session_of(&app, "officer@nakhon.test").await;
    let page = get(
        &app,
        "/staff/search?q=%E0%B8%88%E0%B8%A3%E0%B8%B4%E0%B8%A2%E0%B8%98%E0%B8%A3%E0%B8%A3%E0%B8%A1",
        Some(&officer),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("href=\"/o/nakhon/items/1.1\""));
    assert!(!page.body.contains("เรื่องร้องเรียนทั่วไป (รหัสอ้างอิง"));
    let bad = get(&app, "/staff/search?q=", Some(&officer)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_information_centre_filters_by_status_topic_unit_and_words() {
    let app = app().await;
    let catalogue = sujarit_core::disclosure::shipped::get("oit-2568").unwrap();
    app.store
        .install_disclosure_catalogue(&app.org, &catalogue, "user-admin")
        .await
        .unwrap();
    let all = get(&app, "/o/nakhon/info?year=2568", None).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert!(all.body.contains("data-code=\"O1\"") && all.body.contains("data-code=\"O12\""));
    // By topic: only the budget's items.
    let budget = get(&app, "/o/nakhon/info?year=2568&topic=budget", None).await;
    assert!(budget.body.contains("data-code=\"O12\""), "{}", budget.body);
    assert!(!budget.body.contains("data-code=\"O1\""));
    assert!(budget.body.contains("ตรงกับตัวกรอง"));
    // By words, cut like the search's: "อำนาจหน้าที่" inside O1's title.
    let words = get(
        &app,
        "/o/nakhon/info?year=2568&q=%E0%B8%AD%E0%B8%B3%E0%B8%99%E0%B8%B2%E0%B8%88",
        None,
    )
    .await;
    assert!(words.body.contains("data-code=\"O1\""), "{}", words.body);
    assert!(!words.body.contains("data-code=\"O12\""));
    // By status: in February 2023 nothing of 2568 is due yet.
    let late = get(&app, "/o/nakhon/info?year=2568&status=late", None).await;
    assert_eq!(late.status, StatusCode::OK);
    assert!(!late.body.contains("data-code="), "{}", late.body);
    let not_due = get(&app, "/o/nakhon/info?year=2568&status=not-due", None).await;
    assert!(not_due.body.contains("data-code=\"O1\""));
    // Bad values are refused in Thai.
    for (query, words) in [
        ("status=soon", "สถานะไม่ถูกต้อง"),
        ("topic=x", "หมวดข้อมูลไม่ถูกต้อง"),
    ] {
        let page = get(&app, &format!("/o/nakhon/info?year=2568&{query}"), None).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(page.body.contains(words), "{query}");
    }
    // The staff list takes the same filters.
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let staff = get(&app, "/staff/info?year=2568", Some(&coordinator)).await;
    assert_eq!(staff.status, StatusCode::OK, "{}", staff.body);
    assert!(
        staff.body.contains("<td class=\"ref\">O1</td>"),
        "{}",
        staff.body
    );
    let budget = get(
        &app,
        "/staff/info?year=2568&topic=budget",
        Some(&coordinator),
    )
    .await;
    assert!(
        budget.body.contains("<td class=\"ref\">O12</td>"),
        "{}",
        budget.body
    );
    assert!(!budget.body.contains("<td class=\"ref\">O1</td>"));
    let bad = get(
        &app,
        "/staff/info?year=2568&status=soon",
        Some(&coordinator),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_audit_log_filters_by_actor_action_and_dates() {
    let app = app().await;
    let auditor = session_of(&app, "auditor@nakhon.test").await;
    let all = get(&app, "/staff/audit", Some(&auditor)).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert!(all.body.contains("ดึงหน่วยงานจากแผน"), "{}", all.body);
    assert!(all.body.contains("สร้างบัญชีผู้ใช้"));
    // One action.
    let synced = get(
        &app,
        "/staff/audit?action=units.synced_from_plan",
        Some(&auditor),
    )
    .await;
    assert!(
        synced
            .body
            .contains("<th scope=\"row\">ดึงหน่วยงานจากแผน</th>")
    );
    assert!(
        !synced.body.contains("<th scope=\"row\">สร้างบัญชีผู้ใช้</th>"),
        "{}",
        synced.body
    );
    // A date range with nothing in it, and one with everything.
    let future = get(&app, "/staff/audit?from=2999-01-01", Some(&auditor)).await;
    assert!(
        future.body.contains("ไม่มีบันทึกที่ตรงกับตัวกรอง"),
        "{}",
        future.body
    );
    let past = get(
        &app,
        "/staff/audit?from=2000-01-01&until=2999-12-31",
        Some(&auditor),
    )
    .await;
    assert!(past.body.contains("<th scope=\"row\">สร้างบัญชีผู้ใช้</th>"));
    // Bad values are refused in Thai.
    for (query, words) in [
        ("from=31/12/2568", "วันที่เริ่มไม่ถูกต้อง"),
        ("until=x", "วันที่สิ้นสุดไม่ถูกต้อง"),
        ("actor=nobody", "ไม่พบผู้ใช้"),
    ] {
        let page = get(&app, &format!("/staff/audit?{query}"), Some(&auditor)).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(page.body.contains(words), "{query}: {}", page.body);
    }
}
