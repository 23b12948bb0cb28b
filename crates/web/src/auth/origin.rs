//! Cross-site request forgery defence for the whole router: a request that
//! may change something (any method but GET, HEAD and OPTIONS) must say where
//! it comes from, and that must be this site.
//!
//! Browsers send `Origin` with every POST form, same-origin included, so
//! plain HTML forms work; `Referer` is the fallback for the rare client that
//! sends no `Origin`. A request with neither, or with `Origin: null`
//! (sandboxed frames, some redirects), is refused: there is no way to tell it
//! from a forgery.
//!
//! Two exceptions, the public JSON API's writes that anyone may make, sent
//! without any cookie: filing a complaint (`POST /api/v1/complaints`) and
//! answering a survey (`POST /api/v1/organizations/{slug}/surveys/{id}/responses`).
//! A forgery needs ambient credentials to abuse, and these requests have
//! none, while the machine clients they serve (other portals, chat bots,
//! kiosk apps) send no `Origin`.

use axum::extract::Request;
use axum::http::{HeaderMap, Method, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::json::ApiError;

/// The middleware: `.layer(axum::middleware::from_fn(origin::check))`.
///
/// Paths under `/api/` pass here: the API router runs [`check_api`] itself,
/// after routing, so that a method an API path does not serve is a 405
/// there rather than a refusal here (see `crate::api::router`).
pub async fn check(request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    guarded(request, next, |message| {
        WebError::Forbidden(message.into()).into_response()
    })
    .await
}

/// The same check for the JSON API's routes, refusing in JSON.
pub async fn check_api(request: Request, next: Next) -> Response {
    guarded(request, next, |message| {
        ApiError::forbidden(message).into_response()
    })
    .await
}

async fn guarded(request: Request, next: Next, refuse: fn(&str) -> Response) -> Response {
    if is_safe(request.method())
        || same_origin(request.headers(), request.uri())
        || is_credential_free_public_filing(&request)
    {
        next.run(request).await
    } else {
        tracing::warn!(
            method = %request.method(),
            path = request.uri().path(),
            origin = ?request.headers().get(header::ORIGIN),
            "refused a cross-origin request"
        );
        refuse(
            "ระบบไม่ดำเนินการตามคำขอนี้ เพราะคำขอไม่ได้ส่งมาจากหน้าเว็บของระบบนี้เอง \
             (ตรวจสอบที่มาของคำขอไม่ผ่าน) โปรดเปิดหน้าเดิมจากระบบแล้วลองใหม่อีกครั้ง",
        )
    }
}

/// `POST /api/v1/complaints` or a survey's `…/responses` carrying no cookie at all.
fn is_credential_free_public_filing(request: &Request) -> bool {
    request.method() == Method::POST
        && is_public_write(request.uri().path())
        && !request.headers().contains_key(header::COOKIE)
}

/// The public API's paths that anyone may write to.
fn is_public_write(path: &str) -> bool {
    // Filing, and looking a case up by its code (in the body: POST, so the
    // code reaches no log).
    if path == "/api/v1/complaints" || path == "/api/v1/complaints/track" {
        return true;
    }
    // /api/v1/organizations/{slug}/surveys/{id}/responses
    let segments: Vec<&str> = path.split('/').collect();
    matches!(
        segments.as_slice(),
        ["", "api", "v1", "organizations", slug, "surveys", id, "responses"]
            if !slug.is_empty() && !id.is_empty()
    )
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether the request's `Origin` (else `Referer`) names the host it was sent to.
fn same_origin(headers: &HeaderMap, uri: &Uri) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .or_else(|| uri.authority().map(|a| a.as_str().to_owned()));
    let Some(host) = host else {
        return false;
    };
    let source = match headers.get(header::ORIGIN) {
        Some(origin) => origin.to_str().ok(),
        None => headers.get(header::REFERER).and_then(|r| r.to_str().ok()),
    };
    let Some(source) = source else {
        return false;
    };
    match origin_of(source) {
        Some((scheme, authority)) => same_authority(&scheme, &authority, &host),
        None => false,
    }
}

/// The scheme and authority of an absolute http(s) URL, lower-cased.
fn origin_of(url: &str) -> Option<(String, String)> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    // Credentials in the URL are not part of an origin.
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    Some((scheme, authority.to_ascii_lowercase()))
}

/// Compares authorities, treating the scheme's default port as absent.
fn same_authority(scheme: &str, origin: &str, host: &str) -> bool {
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let strip = |a: &str| -> String {
        let a = a.trim().to_ascii_lowercase();
        a.strip_suffix(default_port)
            .map_or(a.clone(), str::to_owned)
    };
    strip(origin) == strip(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    fn ok(pairs: &[(&'static str, &'static str)]) -> bool {
        same_origin(&headers(pairs), &Uri::from_static("/staff/login"))
    }

    #[test]
    fn only_the_public_api_writes_are_credential_free() {
        assert!(is_public_write("/api/v1/complaints"));
        assert!(is_public_write("/api/v1/complaints/track"));
        assert!(is_public_write(
            "/api/v1/organizations/nakhon/surveys/abc/responses"
        ));
        assert!(!is_public_write("/api/v1/organizations/nakhon/surveys/abc"));
        assert!(!is_public_write(
            "/api/v1/organizations//surveys/abc/responses"
        ));
        assert!(!is_public_write(
            "/api/v1/organizations/nakhon/surveys/abc/responses/x"
        ));
        assert!(!is_public_write("/staff/surveys/abc/responses"));
    }

    #[test]
    fn same_origin_requests_pass() {
        assert!(ok(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080")
        ]));
        assert!(ok(&[
            ("host", "Sujarit.Example.go.th"),
            ("origin", "https://sujarit.example.go.th")
        ]));
        assert!(ok(&[
            ("host", "sujarit.example.go.th:443"),
            ("origin", "https://sujarit.example.go.th")
        ]));
        assert!(ok(&[
            ("host", "127.0.0.1:8080"),
            ("referer", "http://127.0.0.1:8080/staff/login?next=/staff/")
        ]));
    }

    #[test]
    fn other_or_missing_origins_fail() {
        assert!(!ok(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://evil.example")
        ]));
        assert!(!ok(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8081")
        ]));
        assert!(!ok(&[("host", "127.0.0.1:8080"), ("origin", "null")]));
        assert!(!ok(&[("host", "127.0.0.1:8080")]));
        assert!(!ok(&[("origin", "http://127.0.0.1:8080")]));
        assert!(!ok(&[
            ("host", "a.example"),
            ("referer", "http://a.example.evil.example/")
        ]));
        assert!(!ok(&[
            ("host", "a.example"),
            ("referer", "http://a.example@evil.example/")
        ]));
        // A matching Referer does not rescue a foreign Origin.
        assert!(!ok(&[
            ("host", "a.example"),
            ("origin", "http://evil.example"),
            ("referer", "http://a.example/")
        ]));
        assert!(!ok(&[("host", "a.example"), ("origin", "ftp://a.example")]));
    }
}
