//! The JSON API under `/api/v1/`, described by the OpenAPI document served at
//! `/api/v1/openapi.json` (kept under a snapshot test). Published data is
//! public; writes (added with their modules) need staff authentication.
//!
//! Handlers are annotated with `#[utoipa::path]` and registered through
//! `utoipa_axum::routes!`, so a route cannot exist without its documentation.

mod complaints;
mod disclosure;
mod plan;
mod progress;

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
    tags(
        (name = "plan", description = "แผนปฏิบัติการ ตารางรายปี และผลการตรวจสอบเอกสาร"),
        (name = "progress", description = "ผลการดำเนินงานรายไตรมาสและคะแนนตามเกณฑ์ E-PlanNACC \
            ข้อมูลสาธารณะเฉพาะที่เผยแพร่แล้ว ส่วน /api/v1/staff/ ต้องเข้าสู่ระบบเจ้าหน้าที่ (คุกกี้ของระบบ)"),
        (name = "complaints", description = "ยื่นเรื่องร้องทุกข์/ร้องเรียนและแจ้งเบาะแสการทุจริตโดยไม่ต้องมีบัญชี \
            ติดตามเรื่องด้วยรหัสติดตาม และสถิติรายเดือน"),
        (name = "disclosure", description = "ศูนย์ข้อมูลข่าวสาร: รายการข้อมูลสาธารณะที่เผยแพร่แล้ว (มีแคตตาล็อก DCAT ที่ /o/{slug}/info/dcat.jsonld ด้วย)")
    )
)]
struct ApiDoc;

/// The API's routes and its OpenAPI document.
pub fn router() -> axum::Router<AppState> {
    let (router, api) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(plan::routes())
        .merge(progress::routes())
        .merge(complaints::routes())
        .merge(disclosure::routes())
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
    fields: Vec<FieldMessage>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong, in Thai.
    pub error: String,
    /// For invalid input: a Thai message per field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldMessage>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldMessage {
    pub field: String,
    pub message: String,
}

impl ApiError {
    pub fn with_status(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::with_status(StatusCode::NOT_FOUND, message)
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::with_status(StatusCode::BAD_REQUEST, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::with_status(StatusCode::FORBIDDEN, message)
    }

    /// Input the rules refuse: 400 with a Thai message per field.
    pub fn invalid(fields: Vec<(&str, String)>) -> Self {
        let messages: Vec<&str> = fields.iter().map(|(_, m)| m.as_str()).collect();
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: format!("ข้อมูลไม่ถูกต้อง: {}", messages.join("; ")),
            fields: fields
                .iter()
                .map(|(field, message)| FieldMessage {
                    field: (*field).to_string(),
                    message: message.clone(),
                })
                .collect(),
        }
    }

    /// A page handler's refusal in the API's shape (server errors stay generic).
    pub fn from_web(error: crate::WebError) -> Self {
        use crate::WebError as W;
        match error {
            W::NotFound(m) => Self::not_found(m),
            W::BadRequest(m) => Self::bad_request(m),
            W::Forbidden(m) => Self::forbidden(m),
            W::Conflict(m) => Self::with_status(StatusCode::CONFLICT, m),
            W::TooManyRequests(m) => Self::with_status(StatusCode::TOO_MANY_REQUESTS, m),
            W::Store(e) => e.into(),
            other => {
                tracing::error!(error = %other, "API request failed");
                Self::with_status(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "ระบบขัดข้องชั่วคราว โปรดลองใหม่อีกครั้ง",
                )
            }
        }
    }
}

impl From<sujarit_store::StoreError> for ApiError {
    fn from(error: sujarit_store::StoreError) -> Self {
        // Logged in full, shown as a generic message: never leak the database.
        tracing::error!(%error, "API request failed");
        ApiError::with_status(
            StatusCode::INTERNAL_SERVER_ERROR,
            "ระบบขัดข้องชั่วคราว โปรดลองใหม่อีกครั้ง",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(ErrorBody {
                error: self.message,
                fields: self.fields,
            }),
        )
            .into_response()
    }
}
