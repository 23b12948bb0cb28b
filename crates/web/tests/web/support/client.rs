//! A small HTTP client for driving the router in-process, shared by the test
//! modules that need one.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const HOST: &str = "sujarit.test";
pub const ORIGIN: &str = "http://sujarit.test";
/// Every seeded account's password.
pub const PASSWORD: &str = "รหัสผ่านทดสอบ-2568";

/// What a test app exposes to the client.
pub trait Routed {
    fn router(&self) -> &Router;
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
    pub body: String,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|_| panic!("JSON: {}", self.body))
    }

    /// The text of the element with this id: `id="x">TEXT<`.
    pub fn by_id(&self, id: &str) -> String {
        let marker = format!("id=\"{id}\">");
        let start = self
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("no #{id} in {}", self.body))
            + marker.len();
        let end = self.body[start..].find('<').unwrap() + start;
        self.body[start..end].to_string()
    }
}

/// `application/x-www-form-urlencoded`, as a browser writes it.
pub fn encode(pairs: &[(&str, &str)]) -> String {
    let escape = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A `multipart/form-data` request as a browser sends a form: its text
/// `fields`, then each of `files` (name, bytes) under `file_field`.
pub async fn post_multipart(
    app: &impl Routed,
    uri: &str,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
    file_field: &str,
    files: &[(&str, &[u8])],
) -> Reply {
    let boundary = "sujarit-test-boundary-5e2a";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (file_name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{file_name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let content_type = format!("multipart/form-data; boundary={boundary}");
    send(app, Method::POST, uri, cookie, Some(&content_type), body).await
}

/// One request; anything but GET carries this site's `Origin`, as a browser's would.
pub async fn send(
    app: &impl Routed,
    method: Method,
    uri: &str,
    cookie: Option<&str>,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> Reply {
    let mut request = Request::builder()
        .method(method.clone())
        .uri(uri)
        .header(header::HOST, HOST);
    if method != Method::GET {
        request = request.header(header::ORIGIN, ORIGIN);
    }
    if let Some(c) = cookie {
        request = request.header(header::COOKIE, c);
    }
    if let Some(t) = content_type {
        request = request.header(header::CONTENT_TYPE, t);
    }
    let response = app
        .router()
        .clone()
        .oneshot(request.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
    }
}

pub async fn get(app: &impl Routed, uri: &str, cookie: Option<&str>) -> Reply {
    send(app, Method::GET, uri, cookie, None, Vec::new()).await
}

pub async fn post(
    app: &impl Routed,
    uri: &str,
    cookie: Option<&str>,
    pairs: &[(&str, &str)],
) -> Reply {
    send(
        app,
        Method::POST,
        uri,
        cookie,
        Some("application/x-www-form-urlencoded"),
        encode(pairs).into_bytes(),
    )
    .await
}

/// Logs in with [`PASSWORD`] and returns the session cookie (`name=value`).
///
/// Sends a code of the test TOTP secret too (accounts without a second
/// factor ignore it). A code is accepted once, so when this account already
/// used the earliest step the server accepts (the previous one), the login
/// is sent again with the current step's code, then the next one's: up to
/// three logins of one account per 30 seconds (the refused tries count as
/// failed logins, fewer than the limit, and the success clears them).
pub async fn session_of(app: &impl Routed, email: &str) -> String {
    session_in_organization(app, None, email).await
}

/// As [`session_of`], naming the organisation (`slug`) as the login form
/// does on an installation of several.
pub async fn session_in_organization(
    app: &impl Routed,
    organization: Option<&str>,
    email: &str,
) -> String {
    let mut refused = Vec::new();
    for code in sujarit_testkit::totp::codes_now(&sujarit_testkit::totp::SECRET) {
        let mut form = vec![
            ("email", email),
            ("password", PASSWORD),
            ("totp", code.as_str()),
            ("next", "/staff/"),
        ];
        if let Some(slug) = organization {
            form.push(("organization", slug));
        }
        let reply = post(app, "/staff/login", None, &form).await;
        if reply.status == StatusCode::UNAUTHORIZED {
            refused.push(reply.body);
            continue;
        }
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "{email}: {}",
            reply.body
        );
        let set = reply.headers.get(header::SET_COOKIE).expect("a cookie");
        return set.to_str().unwrap().split(';').next().unwrap().to_owned();
    }
    panic!("{email}: every code refused: {refused:?}");
}
