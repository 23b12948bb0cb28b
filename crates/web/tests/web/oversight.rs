//! Oversight across LAOs (issue 15) through the router against a real
//! SQLite store: figures stored by hand (`save_figures`) for LAOs of two
//! provinces; the overseers' pages (a provincial overseer sees only their
//! province, 404 elsewhere; LAO staff get 403), the public comparison and
//! its API (published figures only: internal numbers stored differently
//! never appear), the downloads (CSV, XLSX, JSON, DCAT) and sorting.

use std::sync::Arc;

use axum::Router;
use axum::http::{StatusCode, header};
use sujarit_core::account::{Email, Role};
use sujarit_core::directory::{DirectoryEntry, OrganizationKind};
use sujarit_core::oversight::{Figures, Internal, Published, Rounds};
use sujarit_core::progress::Score;
use sujarit_service::passwords as password;
use sujarit_store::{NewUser, Store};
use sujarit_web::{Clock, Resources};

use crate::support::{client, seeded};
use client::{PASSWORD, Routed, get, post};

/// 15 February 2026: fiscal year 2569.
const TODAY: time::Date = time::macros::date!(2026 - 02 - 15);
const YEAR: u16 = 2569;

struct App {
    router: Router,
    store: Arc<dyn Store>,
    _dir: sujarit_testkit::TempDir,
}

impl Routed for App {
    fn router(&self) -> &Router {
        &self.router
    }
}

fn entry(kind: OrganizationKind, province: Option<&str>, district: Option<&str>) -> DirectoryEntry {
    DirectoryEntry {
        kind,
        province_code: province.map(str::to_string),
        district_code: district.map(str::to_string),
        sub_district_code: None,
        official_code: None,
    }
}

fn score(items: u32, completed: u32) -> Score {
    Score {
        items,
        completed,
        not_reported: items - completed,
        ..Score::default()
    }
}

/// Published 12-month score `published`/8, internal `internal`/8 (shown as
/// e.g. "37.50" and "87.50"), and distinctive internal counts.
fn figures(published: u32, internal: u32, late: u32) -> Figures {
    Figures {
        fiscal_year: YEAR,
        has_plan: true,
        published: Published {
            score: Rounds {
                six_months: score(8, published.saturating_sub(1)),
                twelve_months: score(8, published),
            },
            oit_due: 10,
            oit_on_time: 8,
            oit_late: 1,
            activities: 4,
            complaints_received: 2,
            complaints_closed: 6,
            complaints_closed_on_time: 3,
        },
        internal: Internal {
            score: Rounds {
                six_months: score(8, internal.saturating_sub(1)),
                twelve_months: score(8, internal),
            },
            kpis_measured: 9,
            kpis_met: 7,
            late_reports: late,
            complaints_overdue: 1,
            risks: 5,
            risks_high: 2,
            risks_very_high: 1,
        },
        computed_at: time::OffsetDateTime::UNIX_EPOCH,
    }
}

async fn add_user(store: &Arc<dyn Store>, org: &str, email: &str, role: Role) {
    store
        .create_user(
            org,
            &NewUser {
                email: Email::parse(email).unwrap(),
                display_name: format!("คุณ{}", role.thai()),
                role,
                unit_id: None,
                password_hash: password::hash_blocking(PASSWORD).unwrap(),
                must_change_password: false,
            },
            None,
        )
        .await
        .unwrap();
}

/// `nakhon` (the fixture LAO, a city municipality of Nakhon Si Thammarat,
/// published 3/8, internal 7/8), `thasala` (a SAO there, published 6/8,
/// internal 1/8), `phranakhon` (a SAO of Bangkok, published 5/8), `nofig`
/// (a SAO of 80 with no figures), the province 80 office and the national
/// office with their overseers, and a plan coordinator of `nakhon`.
async fn app() -> App {
    let seeded::Seeded { store, org, dir } = seeded::seeded(
        "oversight",
        &[("coordinator@nakhon.test", Role::PlanCoordinator, None)],
        PASSWORD,
    )
    .await;
    let set = |id: String, e: DirectoryEntry| {
        let store = store.clone();
        async move { store.set_directory_entry(&id, &e).await.unwrap() }
    };
    set(
        org.clone(),
        entry(OrganizationKind::CityMunicipality, Some("80"), Some("8001")),
    )
    .await;
    store
        .save_figures(&org, &figures(3, 7, 17), "test")
        .await
        .unwrap();
    for (slug, name, province, district, f) in [
        (
            "thasala",
            "องค์การบริหารส่วนตำบลท่าศาลา",
            "80",
            "8008",
            Some(figures(6, 1, 4)),
        ),
        (
            "phranakhon",
            "องค์การบริหารส่วนตำบลพระนคร",
            "10",
            "1001",
            Some(figures(5, 5, 0)),
        ),
        ("nofig", "องค์การบริหารส่วนตำบลลานสกา", "80", "8003", None),
    ] {
        let id = store.ensure_organization(slug, name).await.unwrap().id;
        set(
            id.clone(),
            entry(OrganizationKind::Sao, Some(province), Some(district)),
        )
        .await;
        if let Some(f) = f {
            store.save_figures(&id, &f, "test").await.unwrap();
        }
    }
    let office = store
        .ensure_organization(
            "oversight-80",
            "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดนครศรีธรรมราช",
        )
        .await
        .unwrap()
        .id;
    set(
        office.clone(),
        entry(OrganizationKind::ProvincialOffice, Some("80"), None),
    )
    .await;
    add_user(
        &store,
        &office,
        "province@oversight.test",
        Role::ProvincialOverseer,
    )
    .await;
    let nation = store
        .ensure_organization("oversight-national", "สำนักงาน ป.ป.ช.")
        .await
        .unwrap()
        .id;
    set(
        nation.clone(),
        entry(OrganizationKind::NationalOffice, None, None),
    )
    .await;
    add_user(
        &store,
        &nation,
        "nation@oversight.test",
        Role::NationalOverseer,
    )
    .await;
    let config = Resources {
        clock: Clock::Fixed(TODAY),
        ..Default::default()
    };
    let router =
        sujarit_web::router(sujarit_web::AppState::new(store.clone()).with_resources(config));
    App {
        router,
        store,
        _dir: dir,
    }
}

/// Logs in to `organization` (the login page's choice) and returns the cookie.
async fn login(app: &App, organization: &str, email: &str) -> String {
    let reply = post(
        app,
        "/staff/login",
        None,
        &[
            ("organization", organization),
            ("email", email),
            ("password", PASSWORD),
            ("next", "/staff/"),
        ],
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "{email}: {}",
        reply.body
    );
    let set = reply.headers.get(header::SET_COOKIE).expect("a cookie");
    set.to_str().unwrap().split(';').next().unwrap().to_owned()
}

/// The position of each needle in the body (panics when one is missing).
fn order(body: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| body.find(n).unwrap_or_else(|| panic!("no {n} in {body}")))
        .collect()
}

fn ascending(positions: &[usize]) -> bool {
    positions.windows(2).all(|w| w[0] < w[1])
}

#[tokio::test]
async fn a_provincial_overseer_sees_their_province_ranked_and_nothing_else() {
    let app = app().await;
    let c = login(&app, "oversight-80", "province@oversight.test").await;
    let c = Some(c.as_str());

    // The staff home is theirs, with the oversight link and nothing of an LAO's.
    let home = get(&app, "/staff/", c).await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    assert!(home.body.contains("/staff/oversight"), "{}", home.body);
    assert!(!home.body.contains("/staff/progress"), "{}", home.body);

    let national = get(&app, "/staff/oversight", c).await;
    assert_eq!(national.status, StatusCode::SEE_OTHER);
    assert_eq!(
        national.location(),
        format!("/staff/oversight/provinces/80?fiscal_year={YEAR}")
    );

    let page = get(&app, "/staff/oversight/provinces/80", c).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // Ranked by the internal 12-month score: nakhon 87.50, thasala 12.50,
    // then the LAO without figures.
    assert!(ascending(&order(
        &page.body,
        &["เทศบาล", "87.50", "ท่าศาลา", "12.50", "ลานสกา"]
    )));
    assert!(page.body.contains("aria-sort=\"descending\""));
    // The internal counts are there for the overseer; complaints through shown_count.
    assert!(page.body.contains(">17<"), "late reports");
    assert!(page.body.contains("7/9"), "KPIs met");
    assert!(page.body.contains("น้อยกว่า 3"));
    assert!(!page.body.contains("พระนคร"), "Bangkok is not theirs");
    // Sorted by late reports: nakhon 17 first, thasala 4.
    let late = get(&app, "/staff/oversight/provinces/80?sort=late_reports", c).await;
    assert_eq!(late.status, StatusCode::OK);
    // Sorted by name (by code point: องค์การ… before เทศบาล…).
    let by_name = get(&app, "/staff/oversight/provinces/80?sort=name", c).await;
    assert!(ascending(&order(
        &by_name.body,
        &["ท่าศาลา", "ลานสกา", "เทศบาล"]
    )));
    assert!(!ascending(&order(
        &page.body,
        &["ท่าศาลา", "ลานสกา", "เทศบาล"]
    )));

    // Another province, an unknown one, an LAO of another province: 404.
    for uri in [
        "/staff/oversight/provinces/10",
        "/staff/oversight/provinces/99",
        "/staff/oversight/provinces/10.csv",
        "/staff/oversight/organizations/phranakhon",
        "/staff/oversight/organizations/oversight-national",
        "/staff/oversight/organizations/nobody",
    ] {
        let reply = get(&app, uri, c).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(reply.body.contains("ไม่พบ"), "{uri}");
    }
    // A bad year or column: 400 in Thai.
    let bad = get(&app, "/staff/oversight/provinces/80?fiscal_year=69", c).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("ปีงบประมาณ"));
    let bad = get(&app, "/staff/oversight/provinces/80?sort=secret", c).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    // One LAO: internal beside published, links to its public pages.
    let lao = get(&app, "/staff/oversight/organizations/nakhon", c).await;
    assert_eq!(lao.status, StatusCode::OK, "{}", lao.body);
    assert!(lao.body.contains("87.50"), "internal");
    assert!(lao.body.contains("37.50"), "published");
    for link in [
        "/o/nakhon\"",
        "/o/nakhon/progress",
        "/o/nakhon/info",
        "/o/nakhon/integrity",
        "/o/nakhon/complaints/stats",
    ] {
        assert!(lao.body.contains(link), "{link}");
    }
    let earlier = get(
        &app,
        "/staff/oversight/organizations/nakhon?fiscal_year=2568",
        c,
    )
    .await;
    assert_eq!(earlier.status, StatusCode::OK);
    assert!(earlier.body.contains("ยังไม่มีการคำนวณ"));

    // The download: the same rows, ranked.
    let csv = get(&app, "/staff/oversight/provinces/80.csv", c).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(csv.bytes[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let slugs: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(slugs, ["nakhon", "thasala", "nofig"]);
    assert_eq!(&rows[0][6], "87.50");
    assert_eq!(&rows[0][8], "37.50");
    assert_eq!(&rows[0][10], "17");
    let xlsx = get(&app, "/staff/oversight/provinces/80.xlsx", c).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(xlsx.bytes)).unwrap();
    use calamine::Reader;
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.get_value((3, 0)).unwrap().to_string(), "nakhon");
    assert_eq!(range.get_value((4, 0)).unwrap().to_string(), "thasala");
    assert_eq!(range.get_value((3, 6)), Some(&calamine::Data::Float(87.5)));
}

#[tokio::test]
async fn a_national_overseer_reads_every_province_and_lao_staff_are_refused() {
    let app = app().await;
    let c = login(&app, "oversight-national", "nation@oversight.test").await;
    let page = get(&app, "/staff/oversight", Some(&c)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("นครศรีธรรมราช"));
    assert!(page.body.contains("กรุงเทพมหานคร"));
    assert!(page.body.contains("ภาคใต้"));
    assert!(page.body.contains("องค์การบริหารส่วนตำบล"), "by kind");
    for uri in [
        "/staff/oversight/provinces/10",
        "/staff/oversight/organizations/phranakhon",
        "/staff/oversight/provinces/80",
    ] {
        assert_eq!(
            get(&app, uri, Some(&c)).await.status,
            StatusCode::OK,
            "{uri}"
        );
    }
    // An LAO's own staff pages neither break nor show an LAO's data to an
    // overseer (they read their office's, which has nothing).
    for uri in [
        "/staff/progress",
        "/staff/review",
        "/staff/dashboard",
        "/staff/activities",
        "/staff/info",
        "/staff/search",
        // (/staff/complaints needs the complaint settings this app has not.)
        "/staff/users",
        "/staff/units",
        "/staff/audit",
        "/staff/integrity/risks",
        "/staff/integrity/gifts",
        "/staff/keys",
    ] {
        let reply = get(&app, uri, Some(&c)).await;
        assert!(!reply.status.is_server_error(), "{uri}: {}", reply.status);
        assert!(
            !reply.body.contains(sujarit_testkit::plan::ORG_NAME),
            "{uri} shows an LAO's data"
        );
    }

    let staff = login(&app, "nakhon", "coordinator@nakhon.test").await;
    for uri in [
        "/staff/oversight",
        "/staff/oversight/provinces/80",
        "/staff/oversight/organizations/nakhon",
    ] {
        assert_eq!(
            get(&app, uri, Some(&staff)).await.status,
            StatusCode::FORBIDDEN,
            "{uri}"
        );
    }
    let home = get(&app, "/staff/", Some(&staff)).await;
    assert!(!home.body.contains("/staff/oversight"));
    assert_eq!(
        get(&app, "/staff/oversight", None).await.status,
        StatusCode::SEE_OTHER,
        "not signed in: to the login"
    );
}

#[tokio::test]
async fn the_public_comparison_shows_published_figures_only_and_sorts() {
    let app = app().await;
    let national = get(&app, "/oversight", None).await;
    assert_eq!(national.status, StatusCode::OK, "{}", national.body);
    assert!(
        national
            .body
            .contains("href=\"/oversight/provinces/80?fiscal_year=2569\"")
    );
    // Province 80 pools nakhon (3/8) and thasala (6/8): 9/16 = 56.25;
    // Bangkok 5/8 = 62.50, first by the 12-month score.
    assert!(ascending(&order(&national.body, &["62.50", "56.25"])));
    assert!(!national.body.contains("87.50") && !national.body.contains("รายงานล่าช้า"));
    let by_name = get(&app, "/oversight?sort=name", None).await;
    assert!(ascending(&order(
        &by_name.body,
        &["กรุงเทพมหานคร", "นครศรีธรรมราช"]
    )));
    assert_eq!(
        get(&app, "/oversight?sort=late_reports", None).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&app, "/oversight?fiscal_year=abc", None).await.status,
        StatusCode::BAD_REQUEST
    );

    let province = get(&app, "/oversight/provinces/80", None).await;
    assert_eq!(province.status, StatusCode::OK, "{}", province.body);
    assert!(province.body.contains("href=\"/o/nakhon\""));
    // thasala 75.00 first, nakhon 37.50; never the internal 87.50 or 12.50.
    assert!(ascending(&order(&province.body, &["75.00", "37.50"])));
    for internal in ["87.50", "12.50", "ความเสี่ยง", "เกินกำหนด", "รายงานล่าช้า"]
    {
        assert!(!province.body.contains(internal), "{internal}");
    }
    let by_6m = get(&app, "/oversight/provinces/80?sort=score_6m", None).await;
    assert_eq!(by_6m.status, StatusCode::OK);
    let not_found = get(&app, "/oversight/provinces/99", None).await;
    assert_eq!(not_found.status, StatusCode::NOT_FOUND);
    assert!(not_found.body.contains("ไม่พบจังหวัด"));

    // The home page links to the comparison.
    assert!(
        get(&app, "/", None)
            .await
            .body
            .contains("href=\"/oversight\"")
    );
}

#[tokio::test]
async fn the_public_downloads_and_the_api_hold_the_published_rows() {
    let app = app().await;
    let csv = get(&app, "/oversight/provinces/80.csv", None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(csv.bytes[3..].to_vec()).unwrap();
    assert!(!text.contains("87.5"));
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        rows.iter().map(|r| r[0].to_string()).collect::<Vec<_>>(),
        ["thasala", "nakhon", "nofig"]
    );
    assert_eq!(&rows[1][6], "37.50");
    assert_eq!(&rows[1][9], "น้อยกว่า 3", "2 complaints received");

    let national_csv = get(&app, "/oversight.csv", None).await;
    let text = String::from_utf8(national_csv.bytes[3..].to_vec()).unwrap();
    let first = csv::Reader::from_reader(text.as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap();
    assert_eq!((&first[0], &first[6]), ("10", "62.50"));

    let xlsx = get(&app, "/oversight/provinces/80.xlsx", None).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(xlsx.bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.get_value((3, 0)).unwrap().to_string(), "thasala");
    assert_eq!(range.get_value((3, 6)), Some(&calamine::Data::Float(75.0)));

    let json = get(&app, "/oversight/provinces/80.json", None).await;
    assert_eq!(json.status, StatusCode::OK);
    let json = json.json();
    assert_eq!(json["organizations"][0]["slug"], "thasala");
    assert_eq!(json["organizations"][1]["score_12m"], 37.5);

    let api = get(&app, "/api/v1/oversight/provinces?fiscal_year=2569", None).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let api = api.json();
    let south = api["provinces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "80")
        .unwrap();
    assert_eq!(south["organizations"], 3);
    assert_eq!(south["plans"], 2);
    assert_eq!(south["score_12m"], 56.25);
    assert_eq!(south["oit_readiness"], 80.0);
    assert_eq!(south["complaints_on_time"], 50.0);
    let laos = get(
        &app,
        "/api/v1/oversight/provinces/80/organizations?fiscal_year=2569",
        None,
    )
    .await
    .json();
    let nakhon = laos["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["slug"] == "nakhon")
        .unwrap();
    assert_eq!(nakhon["type"], "city_municipality");
    assert_eq!(nakhon["score_12m"], 37.5);
    assert!(!laos.to_string().contains("87.5"));
    let bad = get(&app, "/api/v1/oversight/provinces?fiscal_year=69", None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.json()["error"]
            .as_str()
            .unwrap_or_default()
            .contains("fiscal_year")
            || bad.body.contains("fiscal_year")
    );
    assert_eq!(
        get(&app, "/api/v1/oversight/provinces/99/organizations", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let dcat = get(&app, "/oversight/dcat.jsonld", None).await;
    assert_eq!(dcat.status, StatusCode::OK);
    let dcat = dcat.json();
    let datasets = dcat["dcat:dataset"].as_array().unwrap();
    assert_eq!(datasets.len(), 3, "the nation, 10 and 80");
    let urls: Vec<String> = datasets
        .iter()
        .flat_map(|d| d["dcat:distribution"].as_array().unwrap().clone())
        .map(|d| d["dcat:downloadURL"]["@id"].as_str().unwrap().to_string())
        .collect();
    assert!(
        urls.iter()
            .any(|u| u.ends_with("/oversight/provinces/80.csv?fiscal_year=2569"))
    );
    assert!(
        urls.iter()
            .any(|u| u.ends_with("/oversight.xlsx?fiscal_year=2569"))
    );
    let _ = &app.store;
}
