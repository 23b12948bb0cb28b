//! The one error type of the web layer. Each variant knows its status and its
//! Thai page; database and template errors are logged in full and shown to
//! the visitor only as a generic apology.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use sujarit_store::StoreError;

use crate::ui::ErrorPage;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// A Thai sentence saying what was not found, e.g. "ไม่พบรายการ 9.1 ในแผนนี้".
    #[error("not found: {0}")]
    NotFound(String),
    /// A Thai sentence saying what is wrong with the request.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Signed in, but the role may not do this: a Thai sentence saying what.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The request conflicts with the current state (a stale form, a move the
    /// workflow does not allow now): a Thai sentence saying what to do.
    #[error("conflict: {0}")]
    Conflict(String),
    /// Too many attempts (e.g. failed logins): a Thai sentence saying when to retry.
    #[error("too many requests: {0}")]
    TooManyRequests(String),
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("template: {0}")]
    Render(#[from] askama::Error),
    /// Any other failure (e.g. building a report): logged, shown generically.
    #[error("internal: {0}")]
    Internal(String),
    /// Busy or too slow right now (a render queue full, an answer past its
    /// time): a Thai sentence asking to try again later.
    #[error("unavailable: {0}")]
    Unavailable(String),
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            // The store's refusals are the user's to fix, not failures.
            WebError::Store(StoreError::Stale { .. } | StoreError::NotAllowed(_)) => {
                StatusCode::CONFLICT
            }
            WebError::Store(StoreError::Invalid(_)) => StatusCode::BAD_REQUEST,
            WebError::Store(StoreError::NotFound(_)) => StatusCode::NOT_FOUND,
            WebError::Store(StoreError::Conflict(_)) => StatusCode::CONFLICT,
            WebError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Store(_) | WebError::Render(_) | WebError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        let page = match &self {
            WebError::NotFound(message) => ErrorPage::new(status, "ไม่พบหน้าที่ต้องการ", message),
            WebError::BadRequest(message) => ErrorPage::new(status, "คำขอไม่ถูกต้อง", message),
            WebError::Forbidden(message) => ErrorPage::new(status, "ไม่มีสิทธิ์เข้าถึง", message),
            WebError::Conflict(message) => ErrorPage::new(status, "ทำรายการนี้ไม่ได้ในขณะนี้", message),
            WebError::Store(
                refusal @ (StoreError::Stale { .. }
                | StoreError::NotAllowed(_)
                | StoreError::Invalid(_)),
            ) => ErrorPage::new(
                status,
                "ทำรายการนี้ไม่ได้ในขณะนี้",
                &sujarit_service::wording::refusal(refusal),
            ),
            WebError::Store(StoreError::NotFound(missing)) => {
                ErrorPage::new(status, "ไม่พบหน้าที่ต้องการ", &format!("ไม่พบ{missing}"))
            }
            WebError::Store(clash @ StoreError::Conflict(_)) => ErrorPage::new(
                status,
                "ทำรายการนี้ไม่ได้ในขณะนี้",
                &sujarit_service::wording::refusal(clash),
            ),
            WebError::TooManyRequests(message) => {
                ErrorPage::new(status, "พยายามหลายครั้งเกินไป", message)
            }
            WebError::Unavailable(message) => ErrorPage::new(status, "ระบบไม่ว่างชั่วคราว", message),
            WebError::Store(_) | WebError::Render(_) | WebError::Internal(_) => {
                // The real cause goes to the log only: a database message can
                // reveal schema, paths or data that visitors must not see.
                tracing::error!(error = %self, "page failed");
                ErrorPage::new(
                    status,
                    "ระบบขัดข้องชั่วคราว",
                    "ขออภัย ระบบไม่สามารถแสดงหน้านี้ได้ในขณะนี้ โปรดลองใหม่อีกครั้งภายหลัง",
                )
            }
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "error page failed to render");
                (status, "ระบบขัดข้อง").into_response()
            }
        }
    }
}
