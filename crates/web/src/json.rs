//! The JSON API's side of the kit: its error type and bodies, shared by the
//! features' `api.rs` modules.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The largest JSON body the API reads. The longest valid request, a
/// complaint at every field's limit (about 14,000 characters), fits even
/// with every character written as a six-byte `\uXXXX` escape.
pub const MAX_BODY_BYTES: usize = 128 * 1024;

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

    /// A JSON body that could not be read: 413 when it is larger than the
    /// API takes ([`MAX_BODY_BYTES`]), else 400 saying why.
    pub fn unreadable_json(rejection: &axum::extract::rejection::JsonRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return Self::body_too_large();
        }
        Self::bad_request(format!("อ่านข้อมูล JSON ไม่ได้: {}", rejection.body_text()))
    }

    /// 413: the body is over [`MAX_BODY_BYTES`].
    pub fn body_too_large() -> Self {
        Self::with_status(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "ข้อมูลที่ส่งมามีขนาดเกิน {} กิโลไบต์ ซึ่งเป็นขนาดสูงสุดที่ระบบรับได้ โปรดส่งข้อมูลให้สั้นลง",
                MAX_BODY_BYTES / 1024
            ),
        )
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

/// The answer to a method a path of the API does not serve (axum adds the
/// `Allow` header listing the ones it does).
pub async fn method_not_allowed() -> ApiError {
    ApiError::with_status(
        StatusCode::METHOD_NOT_ALLOWED,
        "ที่อยู่นี้ไม่รองรับวิธีการเรียก (HTTP method) นี้ ดูวิธีที่ใช้ได้ในส่วนหัว Allow และเอกสาร /api/v1/openapi.json",
    )
}

/// The answer to a path under `/api/` that does not exist.
pub fn not_found_path() -> ApiError {
    ApiError::not_found("ไม่พบที่อยู่นี้ใน API ดูรายการที่อยู่ทั้งหมดได้ที่ /api/v1/openapi.json")
}
