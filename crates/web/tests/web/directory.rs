//! Login and the home page at scale (issue 15): up to 30 organisations
//! they list them as before; above that the login page asks for the
//! organisation's slug (prefilled from `?o=`) and the home page searches
//! organisations by name and links to the national comparison.

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use sujarit_core::account::Role;
use sujarit_store::Store;

use crate::support::client::{PASSWORD, Routed, get, post};
use crate::support::seeded;

struct App {
    router: Router,
    store: Arc<dyn Store>,
    _db: sujarit_testkit::TempDir,
}

impl Routed for App {
    fn router(&self) -> &Router {
        &self.router
    }
}

async fn app() -> App {
    let seeded::Seeded { store, dir, .. } = seeded::seeded(
        "directory",
        &[("executive@nakhon.test", Role::Executive, None)],
        PASSWORD,
    )
    .await;
    let router = sujarit_web::router(sujarit_web::AppState::new(store.clone()));
    App {
        router,
        store,
        _db: dir,
    }
}

/// Adds organisations until the installation has `total`.
async fn grow_to(app: &App, total: usize) {
    let have = app.store.organizations().await.unwrap().len();
    for i in have..total {
        let (slug, name) = if i == 5 {
            ("tha-sala".to_string(), "เทศบาลตำบลท่าศาลา".to_string())
        } else {
            (
                format!("sao-{i:03}"),
                format!("องค์การบริหารส่วนตำบลทดสอบ {i:03}"),
            )
        };
        app.store.ensure_organization(&slug, &name).await.unwrap();
    }
}

async fn login(app: &App, organization: &str) -> crate::support::client::Reply {
    post(
        app,
        "/staff/login",
        None,
        &[
            ("organization", organization),
            ("email", "executive@nakhon.test"),
            ("password", PASSWORD),
            ("next", "/staff/"),
        ],
    )
    .await
}

#[tokio::test]
async fn up_to_thirty_organisations_the_pages_list_them() {
    let app = app().await;
    grow_to(&app, 30).await;
    let home = get(&app, "/", None).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("เทศบาลตำบลท่าศาลา"),
        "every organisation listed"
    );
    assert!(home.body.contains("องค์การบริหารส่วนตำบลทดสอบ 029"));
    assert!(!home.body.contains("id=\"organization-search\""));
    // The national comparison is linked on every installation.
    assert!(home.body.contains("href=\"/oversight\""));

    let page = get(&app, "/staff/login?o=nakhon", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<select id=\"organization\""),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<option value=\"nakhon\" selected>"),
        "?o= preselects"
    );
    assert!(!page.body.contains("รหัสองค์กร (slug)"));
    assert_eq!(login(&app, "nakhon").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn above_thirty_the_home_page_searches_and_the_login_asks_for_the_slug() {
    let app = app().await;
    grow_to(&app, 31).await;

    let home = get(&app, "/", None).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("id=\"organization-search\""),
        "{}",
        home.body
    );
    assert!(home.body.contains("ในระบบมี 31 องค์กร"));
    assert!(
        home.body
            .contains("<a href=\"/oversight\" id=\"national-comparison\">เปรียบเทียบทั่วประเทศ</a>")
    );
    assert!(
        !home.body.contains("เทศบาลตำบลท่าศาลา"),
        "no list of every organisation"
    );

    let found = get(
        &app,
        "/?q=%E0%B8%97%E0%B9%88%E0%B8%B2%E0%B8%A8%E0%B8%B2%E0%B8%A5%E0%B8%B2",
        None,
    )
    .await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(
        found
            .body
            .contains("href=\"/o/tha-sala\">เทศบาลตำบลท่าศาลา</a>"),
        "{}",
        found.body
    );
    assert_eq!(found.by_id("organization-matches"), "พบ 1 องค์กร");
    assert!(!found.body.contains("ทดสอบ 001"));
    // At most 50 matches: the 30 test organisations all match "ทดสอบ".
    let many = get(
        &app,
        "/?q=%E0%B8%97%E0%B8%94%E0%B8%AA%E0%B8%AD%E0%B8%9A",
        None,
    )
    .await;
    assert_eq!(many.by_id("organization-matches"), "พบ 29 องค์กร");
    let none = get(&app, "/?q=zzz", None).await;
    assert!(
        none.body.contains("ไม่พบองค์กรที่ชื่อมีคำว่า \"zzz\""),
        "{}",
        none.body
    );

    let page = get(&app, "/staff/login?o=nakhon", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("รหัสองค์กร (slug)"));
    assert!(
        !page.body.contains("<select"),
        "no list of 31 organisations"
    );
    assert!(page.body.contains("value=\"nakhon\""), "prefilled from ?o=");
    assert_eq!(login(&app, "nakhon").await.status, StatusCode::SEE_OTHER);
    let unknown = login(&app, "nobody").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown.body.contains("กรุณาเลือกองค์กรของคุณ"),
        "{}",
        unknown.body
    );
    assert!(
        unknown.body.contains("value=\"nobody\""),
        "the typed slug is kept"
    );
}
