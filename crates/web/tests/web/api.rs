//! The JSON API on the real seed plan, and its OpenAPI document under a snapshot.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use sujarit_core::sealed::{Keyring, SealingKey};
use sujarit_store::ImportSource;
use sujarit_testkit::SEED;
use sujarit_web::complaints::{ComplaintConfig, Limits};
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
    // The complaint centre too: its endpoints read its settings.
    let keyring = Keyring::new("k1", SealingKey::from_bytes(SealingKey::generate_bytes())).unwrap();
    let complaints = ComplaintConfig::new(store.clone(), keyring, Limits::default());
    sujarit_web::router(sujarit_web::AppState::new(store).with_complaints(complaints))
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

/// A request with any method and body: (status, `Allow`, content type, body).
async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    body: Vec<u8>,
) -> (StatusCode, Option<String>, Option<String>, Value) {
    let response = app
        .clone()
        .oneshot(
            Request::builder()
                .method(method)
                .uri(uri)
                .header("content-type", "application/json")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
        .unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    };
    let (status, allow, content_type) =
        (response.status(), header("allow"), header("content-type"));
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
        panic!(
            "{method} {uri}: not JSON: {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    (status, allow, content_type, body)
}

fn thai_error(body: &Value) -> &str {
    let message = body["error"].as_str().expect("an error message");
    assert!(
        message.chars().any(sujarit_core::thai::is_thai),
        "{message}"
    );
    message
}

#[tokio::test]
async fn a_method_an_api_path_does_not_serve_is_405_in_json_with_allow() {
    let app = app().await;
    for (method, uri, allowed) in [
        ("DELETE", "/api/v1/organizations/nakhon/plan", "GET"),
        ("TRACE", "/api/v1/organizations", "GET"),
        // No Origin header: still the method's answer, not a refusal of a forgery.
        ("PUT", "/api/v1/complaints", "POST"),
        ("PATCH", "/api/v1/complaints/track", "POST"),
        ("POST", "/api/v1/openapi.json", "GET"),
        ("DELETE", "/api/v1/staff/progress/2.19/2568/1", "GET"),
    ] {
        let (status, allow, content_type, body) = call(&app, method, uri, Vec::new()).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        let allow = allow.unwrap_or_else(|| panic!("{method} {uri}: no Allow header"));
        assert!(allow.contains(allowed), "{method} {uri}: Allow {allow}");
        assert_eq!(
            content_type.as_deref(),
            Some("application/json"),
            "{method} {uri}"
        );
        assert!(thai_error(&body).contains("Allow"), "{method} {uri}");
    }
}

#[tokio::test]
async fn api_refusals_before_the_handler_are_json_too() {
    let app = app().await;
    // A state-changing staff request without Origin is refused, in JSON.
    let (status, _, content_type, body) = call(
        &app,
        "PUT",
        "/api/v1/staff/progress/2.19/2568/1",
        b"{}".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(content_type.as_deref(), Some("application/json"));
    assert!(thai_error(&body).contains("ที่มาของคำขอ"));
    // A path the API does not have.
    let (status, _, content_type, body) = call(&app, "GET", "/api/v1/nothing", Vec::new()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(content_type.as_deref(), Some("application/json"));
    assert!(thai_error(&body).contains("openapi.json"));
}

#[tokio::test]
async fn an_oversized_body_is_413_with_a_thai_message() {
    let app = app().await;
    let details = "ก".repeat(200_000);
    let body = serde_json::json!({
        "channel": "general", "category": "roads", "subject": "ถนนชำรุด", "details": details,
    });
    for uri in ["/api/v1/complaints", "/api/v1/complaints/track"] {
        let (status, _, content_type, body) =
            call(&app, "POST", uri, serde_json::to_vec(&body).unwrap()).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{uri}");
        assert_eq!(content_type.as_deref(), Some("application/json"));
        assert!(thai_error(&body).contains("กิโลไบต์"), "{uri}");
    }
    let (_, document) = get(&app, "/api/v1/openapi.json").await;
    let filing = &document["paths"]["/api/v1/complaints"]["post"]["responses"]["413"];
    assert!(
        filing["content"]["application/json"].is_object(),
        "{filing}"
    );
}

#[tokio::test]
async fn a_channels_categories_are_listed() {
    let app = app().await;
    let (status, general) = get(
        &app,
        "/api/v1/organizations/nakhon/complaints/categories?channel=general",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let general = general.as_array().unwrap();
    assert_eq!(general[0]["code"], "roads");
    assert_eq!(general[0]["name"], "ถนน ทางเท้า");
    assert_eq!(general[0]["enabled"], true);
    assert!(general.iter().any(|c| c["code"] == "other"));
    assert!(!general.iter().any(|c| c["code"] == "bribery"));

    let (status, corruption) = get(
        &app,
        "/api/v1/organizations/nakhon/complaints/categories?channel=corruption",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let codes: Vec<&str> = corruption
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"bribery") && codes.contains(&"procurement"),
        "{codes:?}"
    );
    assert!(!codes.contains(&"roads"), "{codes:?}");

    for (uri, expected) in [
        (
            "/api/v1/organizations/nobody/complaints/categories?channel=general",
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/v1/organizations/nakhon/complaints/categories",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/organizations/nakhon/complaints/categories?channel=both",
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, expected, "{uri}");
        thai_error(&body);
    }
}

#[tokio::test]
async fn fiscal_years_and_item_numbers_outside_the_documented_bounds_are_400_in_thai() {
    let app = app().await;
    for uri in [
        "/api/v1/organizations/nakhon/progress?fiscal_year=2399",
        "/api/v1/organizations/nakhon/scores?fiscal_year=2701",
        "/api/v1/organizations/nakhon/plan/schedules/0000",
        "/api/v1/organizations/nakhon/activities?fiscal_year=9999",
        "/api/v1/complaints/stats?fiscal_year=1000",
        "/api/v1/organizations/nakhon/plan/items/1.1000",
        "/api/v1/organizations/nakhon/plan/items/100.1",
    ] {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        thai_error(&body);
    }
    let (status, _) = get(
        &app,
        "/api/v1/organizations/nakhon/progress?fiscal_year=2400",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the range's first year is taken");

    // The document states the same bounds, as query parameters.
    let (_, document) = get(&app, "/api/v1/openapi.json").await;
    let parameters =
        &document["paths"]["/api/v1/organizations/{slug}/progress"]["get"]["parameters"];
    let year = parameters
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "fiscal_year")
        .unwrap();
    assert_eq!(year["in"], "query");
    assert_eq!(year["required"], true);
    assert_eq!(year["schema"]["minimum"], 2400);
    assert_eq!(year["schema"]["maximum"], 2700);
    let item = &document["paths"]["/api/v1/organizations/{slug}/plan/items/{item}"]["get"]["parameters"]
        [1];
    assert_eq!(item["schema"]["pattern"], "^[0-9]{1,2}\\.[0-9]{1,3}$");
}
