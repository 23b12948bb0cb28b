//! Serving a stored file (evidence, a disclosure, an attachment): always as
//! a download under its own name, never rendered as part of the site.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::format;
use crate::state::Resources;

/// The bytes of an evidence file as a download, under its own name.
pub async fn file_response(
    config: &Resources,
    evidence: &sujarit_core::progress::Evidence,
) -> Result<Response, WebError> {
    let bytes = config
        .files
        .read(&evidence.sha256)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "reading an evidence file failed");
            WebError::NotFound("อ่านไฟล์หลักฐานไม่ได้".into())
        })?
        .ok_or_else(|| {
            tracing::error!(sha256 = %evidence.sha256, "an evidence file is missing from the file store");
            WebError::NotFound("ไม่พบไฟล์หลักฐานในที่เก็บไฟล์".into())
        })?;
    Ok(download(evidence, bytes))
}

/// Bytes as a download named after `evidence` (never rendered by the browser).
pub fn download(evidence: &sujarit_core::progress::Evidence, bytes: Vec<u8>) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&evidence.media_type)
            .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream")),
    );
    // Always a download: a file is never rendered as part of the site.
    let extension = sujarit_store::files::kind_of_media_type(&evidence.media_type)
        .map_or("bin", |k| k.extensions[0]);
    let disposition = format!(
        "attachment; filename=\"evidence.{extension}\"; filename*=UTF-8''{}",
        format::path_segment(&evidence.file_name)
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=0, must-revalidate"),
    );
    response
}
