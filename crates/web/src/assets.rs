//! Static files compiled into the binary, so one file deploys the whole portal
//! and pages work on an intranet without a CDN.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::error::WebError;

struct Asset {
    path: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        path: "sujarit.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../static/sujarit.css"),
    },
    Asset {
        path: "complaints.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../static/complaints.js"),
    },
    Asset {
        path: "fonts/sarabun-thai-400-normal.woff2",
        content_type: "font/woff2",
        body: include_bytes!("../static/fonts/sarabun-thai-400-normal.woff2"),
    },
    Asset {
        path: "fonts/sarabun-thai-700-normal.woff2",
        content_type: "font/woff2",
        body: include_bytes!("../static/fonts/sarabun-thai-700-normal.woff2"),
    },
    Asset {
        path: "fonts/sarabun-latin-400-normal.woff2",
        content_type: "font/woff2",
        body: include_bytes!("../static/fonts/sarabun-latin-400-normal.woff2"),
    },
    Asset {
        path: "fonts/sarabun-latin-700-normal.woff2",
        content_type: "font/woff2",
        body: include_bytes!("../static/fonts/sarabun-latin-700-normal.woff2"),
    },
    Asset {
        path: "progress-form.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../static/progress-form.js"),
    },
    Asset {
        path: "fonts/OFL.txt",
        content_type: "text/plain; charset=utf-8",
        body: include_bytes!("../static/fonts/OFL.txt"),
    },
];

/// The stylesheet's URL with a content hash, so it can be cached for a year
/// and still be fetched again the moment it changes.
pub fn stylesheet_url() -> &'static str {
    static URL: LazyLock<String> = LazyLock::new(|| {
        let css = ASSETS[0].body;
        format!("/static/sujarit.css?v={:016x}", fnv1a(css))
    });
    &URL
}

/// The complaint pages' script (copy, print, the code from the URL's
/// fragment, the current position), with a content hash like the stylesheet.
pub fn complaints_script_url() -> &'static str {
    static URL: LazyLock<String> = LazyLock::new(|| {
        let js = ASSETS[1].body;
        format!("/static/complaints.js?v={:016x}", fnv1a(js))
    });
    &URL
}

/// FNV-1a: tiny and good enough to tell two versions of a file apart.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub async fn serve(Path(path): Path<String>) -> Result<Response, WebError> {
    let asset = ASSETS
        .iter()
        .find(|a| a.path == path)
        .ok_or_else(|| WebError::NotFound("ไฟล์ที่ขอ".into()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        asset.body,
    )
        .into_response())
}
