//! Staff authentication: server-side sessions, the [`CurrentStaff`]
//! extractor, the second factor ([`totp`]), re-authentication, and the Origin
//! check on every state-changing request.
//!
//! # Using `CurrentStaff` in a handler
//!
//! Take it as an argument; anonymous visitors never reach the handler (they
//! are sent to `/staff/login?next=…` with a 303, or get a 401 under `/api/`),
//! a user who must change their password is sent to `/staff/password`, and an
//! administrator or integrity officer without a second factor to
//! `/staff/totp` (see [`second_factor_required`]).
//! Then ask for what the route needs; a refusal is a 403 page in Thai:
//!
//! ```text
//! use sujarit_core::account::Permission;
//! use sujarit_web::auth::CurrentStaff;
//!
//! async fn review_queue(staff: CurrentStaff, State(store): State<AppState>) -> Page {
//!     staff.require(Permission::Review)?;
//!     let org = &staff.organization; // always the staff member's own organisation
//!     // …
//! }
//!
//! async fn report_progress(staff: CurrentStaff, State(store): State<AppState>, …) -> Page {
//!     let units = store.units_of_item(&staff.organization.id, item).await?;
//!     staff.require_report_on(&units)?; // its own unit's officers and the coordinator
//!     // … write with Some(&staff.actor.user_id) as the actor
//! }
//! ```
//!
//! A step that needs the password typed again (revealing a reporter's
//! identity) asks [`CurrentStaff::recently_reauthenticated`] and otherwise
//! answers [`reauth_redirect`]:
//!
//! ```text
//! if !staff.recently_reauthenticated(OffsetDateTime::now_utc()) {
//!     return Ok(auth::reauth_redirect(&format!("/staff/complaints/{id}")));
//! }
//! ```
//!
//! `Option<CurrentStaff>` works for pages that anyone may see but staff see
//! more of. Forms need nothing extra against cross-site requests: the session
//! cookie is `SameSite=Strict` and [`origin::check`] refuses any POST, PUT,
//! PATCH or DELETE whose `Origin` (or `Referer`) is not this site.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};
use sujarit_core::account::{Actor, Permission, Role};
use sujarit_store::{Organization, SessionInfo};
use time::{Duration, OffsetDateTime};

use crate::AppState;
use crate::error::WebError;

pub mod origin;
pub(crate) mod throttle;
pub mod totp;

/// How long a re-authentication (or the login itself) counts for
/// [`CurrentStaff::recently_reauthenticated`].
pub const REAUTH_WINDOW: Duration = Duration::minutes(5);

/// Administrators and integrity officers must have a second factor: the one
/// can change every account, the other reads corruption reports. For every
/// other role it is optional.
pub fn second_factor_required(role: Role) -> bool {
    matches!(role, Role::Administrator | Role::IntegrityOfficer)
}

/// How sessions and logins behave, in the [`AppState`] (see
/// [`AppState::with_auth`]); without it the defaults apply.
#[derive(Clone, Debug)]
pub struct AuthConfig {
    /// Mark the cookie `Secure` (and name it `__Host-…`): set when Sujarit is
    /// reached over HTTPS, directly or through a proxy.
    pub secure_cookies: bool,
    /// A session ends this long after login, used or not.
    pub session_lifetime: Duration,
    /// A session ends after this long without a request.
    pub idle_timeout: Duration,
    /// The same for the roles that need a second factor (ASVS L2 asks for
    /// 30 minutes at most); never longer than `idle_timeout`.
    pub privileged_idle_timeout: Duration,
    /// Failed logins per email and address, and per account from every
    /// address (with back-off), within a window.
    pub throttle: sujarit_store::LoginThrottle,
    /// Failed logins one client may make whatever e-mails it types (kept in
    /// memory: it bounds a flood of made-up e-mails, each of which would
    /// otherwise pass the per-e-mail limits and wait for argon2).
    pub failures_per_client: std::sync::Arc<crate::limits::Limit>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            secure_cookies: false,
            session_lifetime: Duration::hours(12),
            idle_timeout: Duration::hours(2),
            privileged_idle_timeout: Duration::minutes(30),
            throttle: Default::default(),
            failures_per_client: std::sync::Arc::new(crate::limits::Limit::new(
                30,
                std::time::Duration::from_secs(15 * 60),
            )),
        }
    }
}

impl AuthConfig {
    /// How long a session of `role` may stay unused.
    pub fn idle_timeout_for(&self, role: Role) -> Duration {
        if second_factor_required(role) {
            self.privileged_idle_timeout.min(self.idle_timeout)
        } else {
            self.idle_timeout
        }
    }

    fn cookie_name(&self) -> &'static str {
        // `__Host-` makes browsers refuse the cookie unless it is Secure,
        // host-only and for `/`, so a sibling subdomain cannot plant one.
        if self.secure_cookies {
            "__Host-sujarit_session"
        } else {
            "sujarit_session"
        }
    }

    /// `Set-Cookie` for a new session token.
    pub(crate) fn session_cookie(&self, token: &str) -> HeaderValue {
        self.cookie(token, self.session_lifetime.whole_seconds().max(0))
    }

    /// `Set-Cookie` that makes the browser forget the session.
    pub(crate) fn clear_cookie(&self) -> HeaderValue {
        self.cookie("", 0)
    }

    fn cookie(&self, value: &str, max_age: i64) -> HeaderValue {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        let text = format!(
            "{}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}",
            self.cookie_name()
        );
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    /// The session token the request carries, if any.
    pub(crate) fn token(&self, headers: &HeaderMap) -> Option<String> {
        let name = self.cookie_name();
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
    }
}

/// What the database keeps of a token: its SHA-256, in hex.
pub(crate) fn token_hash(token: &str) -> String {
    sujarit_service::passwords::hex(&Sha256::digest(token.as_bytes()))
}

/// The client's address as login throttling counts it (an IPv6 client's
/// /64, behind a trusted proxy the forwarded address); "unknown" when the
/// server was not started with connect info (tests).
pub(crate) fn client_ip(parts: &Parts) -> String {
    crate::client::ClientAddress::of(&parts.extensions).limit_text()
}

/// The signed-in staff member of this request. See the module docs.
#[derive(Clone, Debug)]
pub struct CurrentStaff {
    /// Who, for permission checks: `actor.user_id` is also what store writes
    /// take as their audit actor.
    pub actor: Actor,
    pub display_name: String,
    pub email: String,
    /// The organisation the account belongs to.
    pub organization: Organization,
    pub must_change_password: bool,
    /// The account has a second factor (TOTP).
    pub second_factor_enrolled: bool,
    /// The session's hash, to end or keep it.
    pub(crate) session_hash: String,
    /// When the password (and code) were last typed in this session: at
    /// login or at `/staff/reauth`, whichever was later.
    pub(crate) authenticated_at: OffsetDateTime,
    /// The staff shell (menu with counts) of this request's page, built by
    /// the composition root for staff pages (`lib.rs`), shown by the bar.
    pub(crate) shell: Option<std::sync::Arc<Vec<crate::ui::ShellLink>>>,
}

impl CurrentStaff {
    pub fn role(&self) -> Role {
        self.actor.role
    }

    /// `Ok` when the role holds `permission`, else a 403 page saying why.
    pub fn require(&self, permission: Permission) -> Result<(), WebError> {
        if self.actor.has(permission) {
            Ok(())
        } else {
            Err(WebError::Forbidden(permission.thai_refusal().into()))
        }
    }

    /// `Ok` when the staff member may report on an item owned by these units
    /// (ids, from `AccountStore::units_of_item`), else a 403 page.
    pub fn require_report_on(&self, item_units: &[String]) -> Result<(), WebError> {
        if self.actor.can_report_on(item_units) {
            Ok(())
        } else {
            Err(WebError::Forbidden(
                "คุณรายงานผลได้เฉพาะรายการที่หน่วยงานของคุณรับผิดชอบ".into(),
            ))
        }
    }

    /// Whether the password (and the code, when enrolled) were typed in this
    /// session within [`REAUTH_WINDOW`] of `now`, at login or at
    /// `/staff/reauth`: what a step as grave as revealing a reporter asks
    /// before it goes ahead (else [`reauth_redirect`]).
    pub fn recently_reauthenticated(&self, now: OffsetDateTime) -> bool {
        self.authenticated_at <= now + Duration::seconds(5) // a clock a little behind
            && now - self.authenticated_at <= REAUTH_WINDOW
    }

    /// Whether this role must have a second factor and does not yet.
    pub fn must_enrol_second_factor(&self) -> bool {
        second_factor_required(self.role()) && !self.second_factor_enrolled
    }

    fn from_session(info: SessionInfo) -> CurrentStaff {
        CurrentStaff {
            actor: Actor {
                user_id: info.user.id,
                organization_id: info.organization.id.clone(),
                role: info.user.role,
                unit_id: info.user.unit_id,
            },
            display_name: info.user.display_name,
            email: info.user.email,
            organization: info.organization,
            must_change_password: info.user.must_change_password,
            second_factor_enrolled: info.totp_enrolled,
            session_hash: info.session_hash,
            authenticated_at: info
                .reauthenticated_at
                .map_or(info.created_at, |at| at.max(info.created_at)),
            shell: None,
        }
    }
}

/// Why a request has no usable staff member.
#[derive(Debug)]
pub enum AuthRejection {
    /// Not signed in (or the session ended): to the login page, then back.
    SignIn {
        next: String,
        expired: bool,
        api: bool,
    },
    /// Signed in with a password someone else chose.
    ChangePassword {
        api: bool,
    },
    /// An administrator or integrity officer without a second factor yet.
    EnrolSecondFactor {
        api: bool,
    },
    Error(WebError),
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self {
            AuthRejection::SignIn { api: true, .. } => (
                StatusCode::UNAUTHORIZED,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                r#"{"error":"ต้องเข้าสู่ระบบก่อน"}"#,
            )
                .into_response(),
            AuthRejection::SignIn { next, expired, .. } => {
                let mut to = format!("/staff/login?next={}", query_escape(&next));
                if expired {
                    to.push_str("&expired=1");
                }
                Redirect::to(&to).into_response()
            }
            AuthRejection::ChangePassword { api: true } => (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                r#"{"error":"ต้องเปลี่ยนรหัสผ่านก่อนใช้งาน"}"#,
            )
                .into_response(),
            AuthRejection::ChangePassword { api: false } => {
                Redirect::to("/staff/password").into_response()
            }
            AuthRejection::EnrolSecondFactor { api: true } => (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                r#"{"error":"ต้องตั้งค่ารหัสยืนยันตัวตนจากแอปก่อนใช้งาน"}"#,
            )
                .into_response(),
            AuthRejection::EnrolSecondFactor { api: false } => {
                Redirect::to("/staff/totp").into_response()
            }
            AuthRejection::Error(error) => error.into_response(),
        }
    }
}

/// Where a step that needs a fresh password goes: `/staff/reauth`, which
/// returns to `next` (a local path) once the password (and code) are typed.
pub fn reauth_redirect(next: &str) -> Response {
    let next = safe_next(Some(next));
    Redirect::to(&format!("/staff/reauth?next={}", query_escape(&next))).into_response()
}

/// Percent-encodes a path for a query value (only what must be).
pub(crate) fn query_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(char::from(b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Where to return after login: a local path only (never `//host` or a URL).
pub(crate) fn safe_next(next: Option<&str>) -> String {
    match next.map(str::trim) {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.chars().any(char::is_control)
                && !p.starts_with("/staff/login") =>
        {
            p.to_owned()
        }
        _ => "/staff/".to_owned(),
    }
}

impl<S> FromRequestParts<S> for CurrentStaff
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(staff) = parts.extensions.get::<CurrentStaff>() {
            return Ok(staff.clone());
        }
        let path = parts.uri.path().to_owned();
        let api = path.starts_with("/api/");
        let next = parts
            .uri
            .path_and_query()
            .map_or_else(|| path.clone(), |pq| pq.as_str().to_owned());
        let sign_in = |expired| AuthRejection::SignIn {
            next: next.clone(),
            expired,
            api,
        };
        let store = AppState::from_ref(state);
        let config = store.auth();
        let Some(token) = config.token(&parts.headers) else {
            return Err(sign_in(false));
        };
        let hash = token_hash(&token);
        let store_error = |e| AuthRejection::Error(WebError::Store(e));
        let Some(info) = store.session(&hash).await.map_err(store_error)? else {
            return Err(sign_in(true));
        };
        let now = OffsetDateTime::now_utc();
        let idle_timeout = config.idle_timeout_for(info.user.role);
        let expired = now >= info.expires_at || now - info.last_seen_at >= idle_timeout;
        if expired || !info.user.active {
            store.delete_session(&hash).await.map_err(store_error)?;
            return Err(sign_in(true));
        }
        // One write a minute at most, not one per request.
        if now - info.last_seen_at >= Duration::minutes(1) {
            store.touch_session(&hash, now).await.map_err(store_error)?;
        }
        let staff = CurrentStaff::from_session(info);
        let may_skip_password = matches!(path.as_str(), "/staff/password" | "/staff/logout");
        if staff.must_change_password && !may_skip_password {
            return Err(AuthRejection::ChangePassword { api });
        }
        // After the password (whose page must stay reachable while it is
        // due): until enrolled, nothing but enrolment and logout.
        let may_skip_enrolment = matches!(path.as_str(), "/staff/totp" | "/staff/logout");
        if staff.must_enrol_second_factor() && !staff.must_change_password && !may_skip_enrolment {
            return Err(AuthRejection::EnrolSecondFactor { api });
        }
        parts.extensions.insert(staff.clone());
        Ok(staff)
    }
}

impl<S> axum::extract::OptionalFromRequestParts<S> for CurrentStaff
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        match <CurrentStaff as FromRequestParts<S>>::from_request_parts(parts, state).await {
            Ok(staff) => Ok(Some(staff)),
            Err(AuthRejection::SignIn { .. }) => Ok(None),
            Err(other) => Err(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/staff/users")), "/staff/users");
        assert_eq!(safe_next(Some("/o/demo?x=1")), "/o/demo?x=1");
        for bad in [
            None,
            Some(""),
            Some("https://evil.example/"),
            Some("//evil.example/"),
            Some("/\\evil.example"),
            Some("staff"),
            Some("/staff/login?next=/x"),
        ] {
            assert_eq!(safe_next(bad), "/staff/", "{bad:?}");
        }
    }

    #[test]
    fn cookies_are_strict_http_only_and_secure_when_asked() {
        let plain = AuthConfig::default();
        let c = plain.session_cookie(&"a".repeat(64));
        let c = c.to_str().unwrap();
        assert!(c.starts_with("sujarit_session=aaaa"), "{c}");
        for part in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
            assert!(c.contains(part), "{c}");
        }
        assert!(!c.contains("Secure"));
        let secure = AuthConfig {
            secure_cookies: true,
            ..AuthConfig::default()
        };
        let c = secure.session_cookie(&"a".repeat(64));
        assert!(c.to_str().unwrap().starts_with("__Host-sujarit_session="));
        assert!(c.to_str().unwrap().ends_with("; Secure"));
        assert!(
            secure
                .clear_cookie()
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
    }

    #[test]
    fn the_token_is_read_from_any_cookie_header() {
        let config = AuthConfig::default();
        let token = "0123456789abcdef".repeat(4);
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("theme=dark"));
        headers.append(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=b; sujarit_session={token}")).unwrap(),
        );
        assert_eq!(config.token(&headers), Some(token));
        let mut forged = HeaderMap::new();
        forged.insert(
            header::COOKIE,
            HeaderValue::from_static("sujarit_session=short"),
        );
        assert_eq!(config.token(&forged), None);
    }

    #[test]
    fn the_api_gets_status_codes_and_pages_get_redirects() {
        let page = AuthRejection::SignIn {
            next: "/staff/units?x=ก".into(),
            expired: false,
            api: false,
        }
        .into_response();
        assert_eq!(page.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            page.headers()[header::LOCATION],
            "/staff/login?next=/staff/units%3Fx%3D%E0%B8%81"
        );
        let api = AuthRejection::SignIn {
            next: "/api/v1/x".into(),
            expired: true,
            api: true,
        }
        .into_response();
        assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
        let api = AuthRejection::ChangePassword { api: true }.into_response();
        assert_eq!(api.status(), StatusCode::FORBIDDEN);
    }

    fn staff(role: Role, authenticated_at: OffsetDateTime) -> CurrentStaff {
        CurrentStaff {
            actor: Actor {
                user_id: "u".into(),
                organization_id: "o".into(),
                role,
                unit_id: None,
            },
            display_name: "ก".into(),
            email: "a@b.th".into(),
            organization: Organization {
                id: "o".into(),
                slug: "o".into(),
                name: "เทศบาล".into(),
            },
            must_change_password: false,
            second_factor_enrolled: false,
            session_hash: String::new(),
            authenticated_at,
            shell: None,
        }
    }

    #[test]
    fn a_reauthentication_counts_for_five_minutes() {
        let now = OffsetDateTime::now_utc();
        let at = |minutes| staff(Role::IntegrityOfficer, now - Duration::minutes(minutes));
        assert!(at(0).recently_reauthenticated(now));
        assert!(at(4).recently_reauthenticated(now));
        assert!(at(5).recently_reauthenticated(now));
        assert!(!at(6).recently_reauthenticated(now));
        assert!(
            !at(-10).recently_reauthenticated(now),
            "a time in the future is not trusted"
        );
    }

    #[test]
    fn the_reauth_redirect_keeps_a_local_next_only() {
        let reply = reauth_redirect("/staff/complaints/x?y=1");
        assert_eq!(reply.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            reply.headers()[header::LOCATION],
            "/staff/reauth?next=/staff/complaints/x%3Fy%3D1"
        );
        let away = reauth_redirect("https://evil.example/");
        assert_eq!(
            away.headers()[header::LOCATION],
            "/staff/reauth?next=/staff/"
        );
    }

    #[test]
    fn administrators_and_integrity_officers_need_a_second_factor_and_idle_30_minutes() {
        let config = AuthConfig::default();
        for role in Role::ALL {
            let required = matches!(role, Role::Administrator | Role::IntegrityOfficer);
            assert_eq!(second_factor_required(role), required, "{role:?}");
            let idle = if required {
                Duration::minutes(30)
            } else {
                Duration::hours(2)
            };
            assert_eq!(config.idle_timeout_for(role), idle, "{role:?}");
            assert_eq!(
                staff(role, OffsetDateTime::now_utc()).must_enrol_second_factor(),
                required
            );
        }
        // Never longer than the general limit.
        let short = AuthConfig {
            idle_timeout: Duration::minutes(10),
            ..AuthConfig::default()
        };
        assert_eq!(
            short.idle_timeout_for(Role::Administrator),
            Duration::minutes(10)
        );
    }

    #[test]
    fn token_hashes_are_sha256_hex() {
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
