//! The JSON API on the real seed plan, and its OpenAPI document under a snapshot.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use sujarit_store::ImportSource;
use sujarit_testkit::SEED;
use tower::ServiceExt;

async fn app() -> axum::Router {
    let (url, _) = sujarit_testkit::temp_sqlite();
    let store = sujarit_store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let org = store
        .ensure_organization("nakhon", "เทศบาลนครนครศรีธรรมราช")
        .await
        .unwrap();
    let report =
        sujarit_import::import_plan(&std::fs::read(SEED).unwrap(), &Default::default()).unwrap();
    let source = ImportSource {
        file_name: "seed.txt".into(),
        sha256: "seed".into(),
    };
    store
        .save_plan_import(&org.id, &report, &source)
        .await
        .unwrap();
    store
        .ensure_organization("empty", "เทศบาลตำบลว่าง")
        .await
        .unwrap();
    sujarit_web::router(sujarit_web::AppState::new(store))
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let response = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(content_type.as_deref(), Some("application/json"), "{uri}");
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn api_serves_the_plan_items_schedules_and_findings() {
    let app = app().await;
    let (status, orgs) = get(&app, "/api/v1/organizations").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(orgs.as_array().unwrap().len(), 2);

    let (status, plan) = get(&app, "/api/v1/organizations/nakhon/plan").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(plan["version"], 1);
    assert_eq!(plan["organization"], "เทศบาลนครนครศรีธรรมราช");
    let items: usize = plan["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["missions"].as_array().unwrap())
        .map(|m| m["items"].as_array().unwrap().len())
        .sum();
    assert_eq!(items, 47);
    assert!(plan["findings"].as_array().unwrap().len() > 10);

    let (status, item) = get(&app, "/api/v1/organizations/nakhon/plan/items/2.20").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        item["budget"]["2567"], 100_000,
        "the shifted row's budget as the document states it"
    );
    assert_eq!(item["form"]["budget_text"], "งบประมาณปีละ 100,000 บาท");

    let (status, schedule) = get(&app, "/api/v1/organizations/nakhon/plan/schedules/2569").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(schedule["stated_total_budget"], 750_100);
    assert_eq!(schedule["rows"].as_array().unwrap().len(), 47);

    let (status, errors) = get(
        &app,
        "/api/v1/organizations/nakhon/plan/findings?severity=error",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let errors = errors.as_array().unwrap();
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|f| f["severity"] == "error"));
}

#[tokio::test]
async fn api_errors_are_json_in_thai() {
    let app = app().await;
    for (uri, expected) in [
        ("/api/v1/organizations/nobody/plan", StatusCode::NOT_FOUND),
        ("/api/v1/organizations/empty/plan", StatusCode::NOT_FOUND),
        (
            "/api/v1/organizations/nakhon/plan/items/9.9",
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/v1/organizations/nakhon/plan/items/abc",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/organizations/nakhon/plan/schedules/2599",
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/v1/organizations/nakhon/plan/schedules/25",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/organizations/nakhon/plan/findings?severity=bad",
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, expected, "{uri}");
        let message = body["error"].as_str().unwrap();
        assert!(
            message.chars().any(sujarit_core::thai::is_thai),
            "{uri}: {message}"
        );
    }
}

#[tokio::test]
async fn openapi_document_is_stable() {
    let app = app().await;
    let (status, document) = get(&app, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    // Every documented path answers (no route without documentation, and vice versa).
    let paths = document["paths"].as_object().unwrap();
    assert!(paths.contains_key("/api/v1/organizations/{slug}/plan/items/{item}"));
    insta::assert_json_snapshot!("openapi", document);
}
