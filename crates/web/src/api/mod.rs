//! The JSON API under `/api/v1/`, described by the OpenAPI document served at
//! `/api/v1/openapi.json` (kept under a snapshot test). Published data is
//! public; writes (added with their modules) need staff authentication.
//!
//! Handlers are annotated with `#[utoipa::path]` and registered through
//! `utoipa_axum::routes!`, so a route cannot exist without its documentation.

mod plan;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sujarit API",
        description = "ข้อมูลแผนปฏิบัติการป้องกันการทุจริตขององค์กรปกครองส่วนท้องถิ่น (สุจริต)",
        version = "1"
    ),
    tags((name = "plan", description = "แผนปฏิบัติการ ตารางรายปี และผลการตรวจสอบเอกสาร"))
)]
struct ApiDoc;

/// The API's routes and its OpenAPI document.
pub fn router() -> axum::Router<AppState> {
    let (router, api) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(plan::routes())
        .split_for_parts();
    let document = api
        .to_pretty_json()
        .expect("the OpenAPI document serialises");
    router.route(
        "/api/v1/openapi.json",
        axum::routing::get(move || async move {
            ([("content-type", "application/json")], document.clone())
        }),
    )
}

/// An API error: a status and a Thai message, as `{"error": "…"}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong, in Thai.
    pub error: String,
}

impl ApiError {
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }
}

impl From<sujarit_store::StoreError> for ApiError {
    fn from(error: sujarit_store::StoreError) -> Self {
        // Logged in full, shown as a generic message: never leak the database.
        tracing::error!(%error, "API request failed");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "ระบบขัดข้องชั่วคราว โปรดลองใหม่อีกครั้ง".into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(ErrorBody {
                error: self.message,
            }),
        )
            .into_response()
    }
}
