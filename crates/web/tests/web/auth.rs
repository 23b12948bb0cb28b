//! Staff authentication and the back-office pages, driven in-process through
//! the router against a real SQLite store: login, throttling, logout, session
//! expiry, password changes, the Origin check, and every staff route for
//! every role.

use std::net::SocketAddr;
use std::sync::Arc;

use crate::support::seeded;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use sujarit_core::account::{Email, Role};
use sujarit_store::{Store, audit_action};
use sujarit_testkit::plan as fixture;
use sujarit_testkit::totp::{SECRET, code_for_step, codes_now, current_step};
use sujarit_web::auth::AuthConfig;
use tower::ServiceExt;

const HOST: &str = "sujarit.test";
const ORIGIN: &str = "http://sujarit.test";
const PASSWORD: &str = "รหัสผ่านทดสอบ-2568";

struct App {
    router: Router,
    store: Arc<dyn Store>,
    org: String,
    _db: sujarit_testkit::TempDir,
}

/// One account per role (the unit officer in สำนักปลัดเทศบาล, which owns
/// items 1.1, 2.1 and 2.19 of the fixture plan), all with [`PASSWORD`].
const ACCOUNTS: [(&str, Role); 5] = [
    ("admin@nakhon.test", Role::Administrator),
    ("coordinator@nakhon.test", Role::PlanCoordinator),
    ("officer@nakhon.test", Role::UnitOfficer),
    ("executive@nakhon.test", Role::Executive),
    ("auditor@nakhon.test", Role::Auditor),
];

async fn app_with(config: AuthConfig) -> App {
    let accounts: Vec<(&str, Role, Option<&str>)> = ACCOUNTS
        .iter()
        .map(|&(email, role)| (email, role, role.needs_unit().then_some("สำนักปลัดเทศบาล")))
        .collect();
    let seeded::Seeded { store, org, dir } = seeded::seeded("auth", &accounts, PASSWORD).await;
    // The complaint centre too, so its staff routes answer every role.
    let keyring = sujarit_core::sealed::Keyring::new(
        "k1",
        sujarit_core::sealed::SealingKey::from_bytes([7; 32]),
    )
    .unwrap();
    let complaints = sujarit_web::complaints::ComplaintConfig::new(
        store.clone(),
        keyring,
        sujarit_web::complaints::Limits::default(),
    );
    let router = sujarit_web::router(
        sujarit_web::AppState::new(store.clone())
            .with_auth(config)
            .with_complaints(complaints),
    );
    App {
        router,
        store,
        org,
        _db: dir,
    }
}

async fn app() -> App {
    app_with(AuthConfig::default()).await
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn set_cookie(&self) -> Option<String> {
        self.headers
            .get(header::SET_COOKIE)
            .map(|v| v.to_str().unwrap().to_owned())
    }

    /// The `name=value` part of the session cookie the reply set.
    fn session(&self) -> String {
        let set = self.set_cookie().expect("a session cookie");
        set.split(';').next().unwrap().to_owned()
    }
}

fn encode(pairs: &[(&str, &str)]) -> String {
    let escape = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    char::from(b).to_string()
                }
                b' ' => "+".to_owned(),
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

struct Call<'a> {
    method: Method,
    uri: &'a str,
    cookie: Option<&'a str>,
    body: String,
    origin: Option<&'a str>,
    referer: Option<&'a str>,
    ip: Option<&'a str>,
    forwarded_for: Option<&'a str>,
}

impl<'a> Call<'a> {
    fn get(uri: &'a str) -> Call<'a> {
        Call {
            method: Method::GET,
            uri,
            cookie: None,
            body: String::new(),
            origin: None,
            referer: None,
            ip: None,
            forwarded_for: None,
        }
    }

    /// A POST as a browser sends it from one of Sujarit's own pages.
    fn post(uri: &'a str, pairs: &[(&str, &str)]) -> Call<'a> {
        Call {
            method: Method::POST,
            uri,
            cookie: None,
            body: encode(pairs),
            origin: Some(ORIGIN),
            referer: None,
            ip: None,
            forwarded_for: None,
        }
    }

    fn cookie(mut self, cookie: &'a str) -> Self {
        self.cookie = Some(cookie);
        self
    }

    async fn send(self, app: &App) -> Reply {
        let mut request = Request::builder()
            .method(self.method)
            .uri(self.uri)
            .header(header::HOST, HOST);
        if let Some(c) = self.cookie {
            request = request.header(header::COOKIE, c);
        }
        if let Some(o) = self.origin {
            request = request.header(header::ORIGIN, o);
        }
        if let Some(r) = self.referer {
            request = request.header(header::REFERER, r);
        }
        if let Some(f) = self.forwarded_for {
            request = request.header("x-forwarded-for", f);
        }
        if !self.body.is_empty() {
            request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        let mut request = request.body(Body::from(self.body)).unwrap();
        if let Some(ip) = self.ip {
            let addr = SocketAddr::new(ip.parse().unwrap(), 50000);
            request.extensions_mut().insert(ConnectInfo(addr));
        }
        let response = app.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).expect("UTF-8"),
        }
    }
}

/// A login with the test TOTP secret's codes (ignored for accounts without a
/// second factor): with the right password, each code the server accepts now
/// in turn until one is fresh (see `client::session_of`); a wrong password
/// once.
async fn login_as(app: &App, email: &str, password: &str) -> Reply {
    let mut reply = None;
    for code in codes_now(&SECRET) {
        let this = login_with_code(app, email, password, &code).await;
        if this.status != StatusCode::UNAUTHORIZED || password != PASSWORD {
            return this;
        }
        reply = Some(this);
    }
    reply.expect("three tries")
}

async fn login_with_code(app: &App, email: &str, password: &str, code: &str) -> Reply {
    Call::post(
        "/staff/login",
        &[
            ("email", email),
            ("password", password),
            ("totp", code),
            ("next", "/staff/"),
        ],
    )
    .send(app)
    .await
}

/// Logs in and returns the session cookie to send back.
async fn session_of(app: &App, email: &str) -> String {
    let reply = login_as(app, email, PASSWORD).await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "{email}: {}",
        reply.body
    );
    reply.session()
}

fn is_login_redirect(reply: &Reply) -> bool {
    reply.status == StatusCode::SEE_OTHER && reply.location().starts_with("/staff/login")
}

// ---------------------------------------------------------------------------
// Login, logout, expiry

#[tokio::test]
async fn a_login_sets_a_strict_http_only_cookie_and_opens_the_staff_home() {
    let app = app().await;
    let login_page = Call::get("/staff/login").send(&app).await;
    assert_eq!(login_page.status, StatusCode::OK);
    assert!(login_page.body.contains("เข้าสู่ระบบสำหรับเจ้าหน้าที่"));
    assert!(
        !login_page.body.contains("name=\"organization\""),
        "one organisation: no choice to make"
    );

    let reply = login_as(&app, "Officer@Nakhon.test ", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), "/staff/");
    let set = reply.set_cookie().unwrap();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
        assert!(set.contains(part), "{set}");
    }
    assert!(!set.contains("Secure"), "plain HTTP by default: {set}");
    let cookie = reply.session();
    assert!(cookie.starts_with("sujarit_session="));
    assert_eq!(cookie.len(), "sujarit_session=".len() + 64);

    let home = Call::get("/staff/").cookie(&cookie).send(&app).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("คุณเจ้าหน้าที่หน่วยงาน"), "{}", home.body);
    assert!(home.body.contains("สำนักปลัดเทศบาล"), "the officer's unit");
    assert!(home.body.contains("ออกจากระบบ"));
    assert!(
        !home.body.contains("/staff/users"),
        "no user admin for an officer"
    );

    // The database keeps only the token's hash.
    let token = cookie.split_once('=').unwrap().1;
    assert!(app.store.session(token).await.unwrap().is_none());

    // Signed in, the login page sends you on.
    let again = Call::get("/staff/login?next=/staff/password")
        .cookie(&cookie)
        .send(&app)
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(again.location(), "/staff/password");
}

#[tokio::test]
async fn secure_cookies_when_configured() {
    let app = app_with(AuthConfig {
        secure_cookies: true,
        ..AuthConfig::default()
    })
    .await;
    let reply = login_as(&app, "admin@nakhon.test", PASSWORD).await;
    let set = reply.set_cookie().unwrap();
    assert!(set.starts_with("__Host-sujarit_session="), "{set}");
    assert!(set.contains("; Secure"), "{set}");
    let home = Call::get("/staff/")
        .cookie(&reply.session())
        .send(&app)
        .await;
    assert_eq!(home.status, StatusCode::OK);
}

#[tokio::test]
async fn wrong_passwords_and_unknown_emails_get_the_same_answer() {
    let app = app().await;
    let wrong = login_as(&app, "admin@nakhon.test", "not-the-password").await;
    let unknown = login_as(&app, "nobody@nakhon.test", PASSWORD).await;
    let malformed = login_as(&app, "not an email", PASSWORD).await;
    for reply in [&wrong, &unknown, &malformed] {
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert!(
            reply.body.contains("อีเมล รหัสผ่าน หรือรหัสยืนยันไม่ถูกต้อง"),
            "{}",
            reply.body
        );
        assert!(reply.set_cookie().is_none());
    }
    let empty = Call::post("/staff/login", &[("email", ""), ("password", "")])
        .send(&app)
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains("กรุณากรอกอีเมล"));
    assert!(empty.body.contains("กรุณากรอกรหัสผ่าน"));
    assert!(empty.body.contains("aria-invalid=\"true\""));
}

#[tokio::test]
async fn an_inactive_account_cannot_log_in_and_loses_its_sessions() {
    let app = app().await;
    let admin = session_of(&app, "admin@nakhon.test").await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let user = app
        .store
        .user_by_email(&app.org, &Email::parse("officer@nakhon.test").unwrap())
        .await
        .unwrap()
        .unwrap();
    let unit = user.unit_id.clone().unwrap();
    let path = format!("/staff/users/{}", user.id);
    let reply = Call::post(
        &path,
        &[
            ("display_name", "คุณเจ้าหน้าที่หน่วยงาน"),
            ("role", "unit_officer"),
            ("unit", &unit),
        ],
    )
    .cookie(&admin)
    .send(&app)
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(is_login_redirect(
        &Call::get("/staff/").cookie(&officer).send(&app).await
    ));
    let login = login_as(&app, "officer@nakhon.test", PASSWORD).await;
    assert_eq!(login.status, StatusCode::UNAUTHORIZED);
    let log = app.store.audit_log(&app.org, None, 1).await.unwrap();
    assert_eq!(log[0].action, audit_action::USER_DEACTIVATED);
}

#[tokio::test]
async fn five_failures_lock_the_email_from_that_address_with_a_429() {
    let app = app().await;
    let attempt = |password: &'static str, ip: &'static str| {
        let mut call = Call::post(
            "/staff/login",
            &[("email", "coordinator@nakhon.test"), ("password", password)],
        );
        call.ip = Some(ip);
        call
    };
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(
            attempt("wrong-password", "192.0.2.7")
                .send(&app)
                .await
                .status,
        );
    }
    assert_eq!(
        statuses,
        [401, 401, 401, 401, 429].map(|s| StatusCode::from_u16(s).unwrap())
    );
    let right = attempt(PASSWORD, "192.0.2.7").send(&app).await;
    assert_eq!(
        right.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password"
    );
    assert!(right.body.contains("กรุณารอ 15 นาที"), "{}", right.body);
    assert!(right.set_cookie().is_none());

    let elsewhere = attempt(PASSWORD, "198.51.100.9").send(&app).await;
    assert_eq!(
        elsewhere.status,
        StatusCode::SEE_OTHER,
        "another address is not locked"
    );

    let log = app.store.audit_log(&app.org, None, 10).await.unwrap();
    let locks: Vec<_> = log
        .iter()
        .filter(|e| e.action == audit_action::LOGIN_LOCKED)
        .collect();
    assert_eq!(locks.len(), 1);
    assert_eq!(locks[0].target, "coordinator@nakhon.test");
    assert_eq!(locks[0].after.as_ref().unwrap()["client_ip"], "192.0.2.7");
}

/// A login from `ip` with `password`.
fn login_from(email: &'static str, password: &'static str, ip: &'static str) -> Call<'static> {
    let mut call = Call::post("/staff/login", &[("email", email), ("password", password)]);
    call.ip = Some(ip);
    call
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_parallel_guesses_get_five_tries() {
    let app = Arc::new(app().await);
    let guesses: Vec<_> = (0..200)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move {
                login_from("coordinator@nakhon.test", "wrong-password", "192.0.2.50")
                    .send(&app)
                    .await
                    .status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for guess in guesses {
        statuses.push(guess.await.unwrap());
    }
    let too_many = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    assert_eq!(too_many + refused, 200, "{statuses:?}");
    assert!(too_many >= 195, "{too_many} answered 429");
    // Each checked guess is counted before its check: five were checked.
    let checked = app
        .store
        .login_failures_since(
            &app.org,
            "coordinator@nakhon.test",
            "192.0.2.50",
            time::OffsetDateTime::now_utc() - time::Duration::hours(1),
        )
        .await
        .unwrap();
    assert_eq!(checked, 5);
}

#[tokio::test]
async fn an_account_guessed_from_many_addresses_backs_off() {
    let app = app().await;
    const ADDRESSES: [&str; 10] = [
        "198.51.100.1",
        "198.51.100.2",
        "198.51.100.3",
        "198.51.100.4",
        "198.51.100.5",
        "198.51.100.6",
        "198.51.100.7",
        "198.51.100.8",
        "198.51.100.9",
        "198.51.100.10",
    ];
    for ip in ADDRESSES {
        let reply = login_from("coordinator@nakhon.test", "wrong-password", ip)
            .send(&app)
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{ip}");
    }
    // The eleventh, from yet another address, must wait, and is told so.
    let next = login_from("coordinator@nakhon.test", "wrong-password", "203.0.113.1")
        .send(&app)
        .await;
    assert_eq!(next.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(next.body.contains("กรุณารอ"), "{}", next.body);
    assert!(next.body.contains("วินาที"), "{}", next.body);
    // Another account is not slowed.
    let other = login_from("admin@nakhon.test", "wrong-password", "203.0.113.1")
        .send(&app)
        .await;
    assert_eq!(other.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn one_client_typing_made_up_emails_is_stopped_too() {
    let app = app().await;
    // Thirty failures, each for another e-mail: each passes the per-e-mail
    // limits, but the client has failed thirty times.
    for n in 0..30 {
        let email: &'static str = Box::leak(format!("nobody{n}@nakhon.test").into_boxed_str());
        let reply = login_from(email, "wrong-password", "192.0.2.77")
            .send(&app)
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{n}");
    }
    let next = login_from("coordinator@nakhon.test", PASSWORD, "192.0.2.77")
        .send(&app)
        .await;
    assert_eq!(next.status, StatusCode::TOO_MANY_REQUESTS);
    let elsewhere = login_from("coordinator@nakhon.test", PASSWORD, "192.0.2.78")
        .send(&app)
        .await;
    assert_eq!(elsewhere.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn ipv6_clients_are_counted_per_64() {
    let app = app().await;
    let mut statuses = Vec::new();
    for ip in [
        "2001:db8:1:2::1",
        "2001:db8:1:2::2",
        "2001:db8:1:2:ffff::3",
        "2001:db8:1:2::4",
        "2001:db8:1:2::5",
    ] {
        statuses.push(
            login_from("coordinator@nakhon.test", "wrong-password", ip)
                .send(&app)
                .await
                .status
                .as_u16(),
        );
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429], "one /64 is one client");
    let same_64 = login_from("coordinator@nakhon.test", PASSWORD, "2001:db8:1:2::99")
        .send(&app)
        .await;
    assert_eq!(same_64.status, StatusCode::TOO_MANY_REQUESTS);
    let next_64 = login_from("coordinator@nakhon.test", PASSWORD, "2001:db8:1:3::1")
        .send(&app)
        .await;
    assert_eq!(next_64.status, StatusCode::SEE_OTHER, "{}", next_64.body);
}

#[tokio::test]
async fn forwarded_addresses_count_only_from_a_trusted_proxy() {
    let seeded::Seeded { store, org, dir } = seeded::seeded(
        "proxy",
        &[("coordinator@nakhon.test", Role::PlanCoordinator, None)],
        PASSWORD,
    )
    .await;
    let mut site = sujarit_web::Site::new("https://sujarit.example.go.th").unwrap();
    site.trusted_proxies = sujarit_web::client::TrustedProxies::new(vec![
        sujarit_web::client::TrustedProxies::parse_network("10.0.0.0/8").unwrap(),
    ]);
    let app = App {
        router: sujarit_web::router(sujarit_web::AppState::new(store.clone()).with_site(site)),
        store,
        org,
        _db: dir,
    };
    let through_proxy = |client: &'static str, password: &'static str| {
        let mut call = login_from("coordinator@nakhon.test", password, "10.0.0.2");
        call.forwarded_for = Some(client);
        call
    };
    for _ in 0..5 {
        through_proxy("198.51.100.20", "wrong-password")
            .send(&app)
            .await;
    }
    assert_eq!(
        through_proxy("198.51.100.20", PASSWORD)
            .send(&app)
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS,
        "the guessing client is locked"
    );
    assert_eq!(
        through_proxy("198.51.100.21", PASSWORD)
            .send(&app)
            .await
            .status,
        StatusCode::SEE_OTHER,
        "another client behind the same proxy is not"
    );
    // From anyone else the header is the client's own invention.
    for n in 0..5 {
        let mut call = login_from("coordinator@nakhon.test", "wrong-password", "192.0.2.30");
        call.forwarded_for = Some(["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"][n]);
        call.send(&app).await;
    }
    let mut call = login_from("coordinator@nakhon.test", PASSWORD, "192.0.2.30");
    call.forwarded_for = Some("6.6.6.6");
    assert_eq!(call.send(&app).await.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn staff_pages_are_never_kept_by_the_browser() {
    let app = app().await;
    let admin = session_of(&app, "admin@nakhon.test").await;
    for path in ["/staff/users", "/staff/audit", "/staff/", "/staff/login"] {
        let reply = Call::get(path).cookie(&admin).send(&app).await;
        assert_eq!(
            reply
                .headers
                .get(header::CACHE_CONTROL)
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{path}"
        );
        assert_eq!(reply.headers[header::X_FRAME_OPTIONS], "DENY");
        assert!(
            reply
                .headers
                .get(header::STRICT_TRANSPORT_SECURITY)
                .is_none(),
            "no HSTS over plain HTTP"
        );
    }
    let public = Call::get("/").send(&app).await;
    assert!(public.headers.get(header::CACHE_CONTROL).is_none());
}

#[tokio::test]
async fn https_servers_tell_browsers_to_stay_on_https() {
    let seeded::Seeded { store, org, dir } = seeded::seeded("hsts", &[], PASSWORD).await;
    let mut site = sujarit_web::Site::new("https://sujarit.example.go.th").unwrap();
    site.https = true;
    let app = App {
        router: sujarit_web::router(sujarit_web::AppState::new(store.clone()).with_site(site)),
        store,
        org,
        _db: dir,
    };
    let reply = Call::get("/").send(&app).await;
    assert_eq!(
        reply.headers[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000"
    );
}

#[test]
fn a_public_url_must_be_an_http_address() {
    assert!(sujarit_web::Site::new("https://sujarit.example.go.th/").is_ok());
    assert_eq!(
        sujarit_web::Site::new("https://sujarit.example.go.th/")
            .unwrap()
            .base_url(),
        "https://sujarit.example.go.th"
    );
    for bad in [
        "sujarit.example.go.th",
        "ftp://x.th",
        "https://",
        "https://x.th/?a=1",
    ] {
        let error = sujarit_web::Site::new(bad).expect_err(bad);
        assert!(error.contains("--public-url"), "{error}");
    }
}

#[tokio::test]
async fn logout_ends_the_session_for_good() {
    let app = app().await;
    let cookie = session_of(&app, "auditor@nakhon.test").await;
    let out = Call::post("/staff/logout", &[])
        .cookie(&cookie)
        .send(&app)
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.location(), "/staff/login?out=1");
    assert!(out.set_cookie().unwrap().contains("Max-Age=0"));
    let after = Call::get("/staff/audit").cookie(&cookie).send(&app).await;
    assert!(is_login_redirect(&after), "the old cookie opens nothing");
    let page = Call::get("/staff/login?out=1").send(&app).await;
    assert!(page.body.contains("ออกจากระบบเรียบร้อยแล้ว"));
}

#[tokio::test]
async fn logging_in_again_cycles_the_token() {
    let app = app().await;
    let first = session_of(&app, "executive@nakhon.test").await;
    let second = Call::post(
        "/staff/login",
        &[("email", "executive@nakhon.test"), ("password", PASSWORD)],
    )
    .cookie(&first)
    .send(&app)
    .await;
    assert_eq!(second.status, StatusCode::SEE_OTHER);
    let second = second.session();
    assert_ne!(first, second);
    assert!(is_login_redirect(
        &Call::get("/staff/").cookie(&first).send(&app).await
    ));
    assert_eq!(
        Call::get("/staff/").cookie(&second).send(&app).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_expired_session_is_sent_back_to_login() {
    // A lifetime of zero: the session is over by the next request.
    let app = app_with(AuthConfig {
        session_lifetime: time::Duration::ZERO,
        ..AuthConfig::default()
    })
    .await;
    let cookie = session_of(&app, "admin@nakhon.test").await;
    let reply = Call::get("/staff/users").cookie(&cookie).send(&app).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/staff/login?next=/staff/users&expired=1");
    let page = Call::get(reply.location()).send(&app).await;
    assert!(page.body.contains("หมดอายุ"), "{}", page.body);
    assert!(
        page.body.contains("value=\"/staff/users\""),
        "returns there after login"
    );

    // Idle too long ends it as well.
    let idle = app_with(AuthConfig {
        idle_timeout: time::Duration::ZERO,
        ..AuthConfig::default()
    })
    .await;
    let cookie = session_of(&idle, "admin@nakhon.test").await;
    assert!(is_login_redirect(
        &Call::get("/staff/").cookie(&cookie).send(&idle).await
    ));
}

// ---------------------------------------------------------------------------
// Passwords

#[tokio::test]
async fn changing_the_password_checks_the_form_and_ends_other_sessions() {
    let app = app().await;
    let here = session_of(&app, "coordinator@nakhon.test").await;
    let there = session_of(&app, "coordinator@nakhon.test").await;
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        Call::post(
            "/staff/password",
            &[("current", current), ("new", new), ("confirm", confirm)],
        )
    };
    let page = Call::get("/staff/password").cookie(&here).send(&app).await;
    assert_eq!(page.status, StatusCode::OK);

    let short = change(PASSWORD, "สั้น", "สั้น").cookie(&here).send(&app).await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert!(short.body.contains("อย่างน้อย 10 ตัวอักษร"), "{}", short.body);
    let mismatch = change(PASSWORD, "รหัสผ่านใหม่ยาวพอ", "รหัสผ่านอื่นยาวพอ")
        .cookie(&here)
        .send(&app)
        .await;
    assert_eq!(mismatch.status, StatusCode::BAD_REQUEST);
    assert!(mismatch.body.contains("ยืนยันรหัสผ่านใหม่ไม่ตรง"));
    let wrong = change("wrong-current", "รหัสผ่านใหม่ยาวพอ", "รหัสผ่านใหม่ยาวพอ")
        .cookie(&here)
        .send(&app)
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains("รหัสผ่านปัจจุบันไม่ถูกต้อง"));

    let done = change(PASSWORD, "รหัสผ่านใหม่ยาวพอ", "รหัสผ่านใหม่ยาวพอ")
        .cookie(&here)
        .send(&app)
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), "/staff/?done=password");
    let home = Call::get(done.location()).cookie(&here).send(&app).await;
    assert!(home.body.contains("เปลี่ยนรหัสผ่านเรียบร้อยแล้ว"));
    assert!(is_login_redirect(
        &Call::get("/staff/").cookie(&there).send(&app).await
    ));

    assert_eq!(
        login_as(&app, "coordinator@nakhon.test", PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login_as(&app, "coordinator@nakhon.test", "รหัสผ่านใหม่ยาวพอ")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let log = app.store.audit_log(&app.org, None, 1).await.unwrap();
    assert_eq!(log[0].action, audit_action::PASSWORD_CHANGED);
    assert_eq!(log[0].target, "coordinator@nakhon.test");
}

#[tokio::test]
async fn an_account_made_by_the_administrator_must_choose_its_own_password() {
    let app = app().await;
    let admin = session_of(&app, "admin@nakhon.test").await;
    let name = format!("สมศรี {}", fixture::EVIL);
    let created = Call::post(
        "/staff/users/new",
        &[
            ("email", "Somsri@Nakhon.test"),
            ("display_name", &name),
            ("role", "executive"),
            ("unit", ""),
            ("password", "รหัสเริ่มต้นชั่วคราว"),
        ],
    )
    .cookie(&admin)
    .send(&app)
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    assert!(created.location().starts_with("/staff/users/"));
    let list = Call::get("/staff/users").cookie(&admin).send(&app).await;
    assert!(list.body.contains("somsri@nakhon.test"));
    assert!(
        list.body
            .contains("สมศรี &#60;script&#62;alert(1)&#60;/script&#62;"),
        "escaped"
    );
    assert!(!list.body.contains(fixture::EVIL), "never raw");

    let login = login_as(&app, "somsri@nakhon.test", "รหัสเริ่มต้นชั่วคราว").await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    assert_eq!(
        login.location(),
        "/staff/password",
        "straight to the password form"
    );
    let cookie = login.session();
    let home = Call::get("/staff/").cookie(&cookie).send(&app).await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    assert_eq!(home.location(), "/staff/password");
    let changed = Call::post(
        "/staff/password",
        &[
            ("current", "รหัสเริ่มต้นชั่วคราว"),
            ("new", "รหัสผ่านของสมศรีเอง"),
            ("confirm", "รหัสผ่านของสมศรีเอง"),
        ],
    )
    .cookie(&cookie)
    .send(&app)
    .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    assert_eq!(
        Call::get("/staff/").cookie(&cookie).send(&app).await.status,
        StatusCode::OK
    );

    let audit = Call::get("/staff/audit").cookie(&admin).send(&app).await;
    assert!(audit.body.contains("สร้างบัญชีผู้ใช้"));
    assert!(audit.body.contains("เปลี่ยนรหัสผ่านของตนเอง"));
    assert!(audit.body.contains("somsri@nakhon.test"));
    assert!(!audit.body.contains("argon2"), "no hash in the log");
}

#[tokio::test]
async fn bad_account_forms_get_thai_messages_at_the_field_and_save_nothing() {
    let app = app().await;
    let admin = session_of(&app, "admin@nakhon.test").await;
    let before = app.store.users(&app.org).await.unwrap().len();
    let cases: [(&[(&str, &str)], &str); 4] = [
        (
            &[
                ("email", "no-at-sign"),
                ("display_name", "ก"),
                ("role", "auditor"),
                ("password", "ยาวพอแล้วนะครับ"),
            ],
            "ต้องเขียนเป็น ชื่อ@โดเมน",
        ),
        (
            &[
                ("email", "x@nakhon.test"),
                ("display_name", "ก"),
                ("role", "unit_officer"),
                ("unit", ""),
                ("password", "ยาวพอแล้วนะครับ"),
            ],
            "ต้องสังกัดหน่วยงาน",
        ),
        (
            &[
                ("email", "x@nakhon.test"),
                ("display_name", "ก"),
                ("role", "auditor"),
                ("password", "short"),
            ],
            "อย่างน้อย 10 ตัวอักษร",
        ),
        (
            &[
                ("email", "ADMIN@nakhon.test"),
                ("display_name", "ก"),
                ("role", "auditor"),
                ("password", "ยาวพอแล้วนะครับ"),
            ],
            "มีบัญชีอีเมล admin@nakhon.test อยู่แล้ว",
        ),
    ];
    for (pairs, message) in cases {
        let reply = Call::post("/staff/users/new", pairs)
            .cookie(&admin)
            .send(&app)
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{message}");
        assert!(reply.body.contains(message), "{message}: {}", reply.body);
    }
    assert_eq!(app.store.users(&app.org).await.unwrap().len(), before);

    // An administrator cannot demote or deactivate themself.
    let me = app
        .store
        .user_by_email(&app.org, &Email::parse("admin@nakhon.test").unwrap())
        .await
        .unwrap()
        .unwrap();
    let reply = Call::post(
        &format!("/staff/users/{}", me.id),
        &[("display_name", "ผู้ดูแล"), ("role", "auditor")],
    )
    .cookie(&admin)
    .send(&app)
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("ระงับบัญชีของตนเองไม่ได้"));
    assert!(reply.body.contains("เปลี่ยนบทบาทของตนเองไม่ได้"));
}

// ---------------------------------------------------------------------------
// Units

#[tokio::test]
async fn the_coordinator_edits_units_and_who_owns_an_item() {
    let app = app().await;
    let coordinator = session_of(&app, "coordinator@nakhon.test").await;
    let page = Call::get("/staff/units")
        .cookie(&coordinator)
        .send(&app)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for unit in ["สำนักปลัดเทศบาล", "กองการศึกษา", "กองสวัสดิการสังคม"]
    {
        assert!(page.body.contains(unit), "{unit}");
    }
    let added = Call::post("/staff/units", &[("name", "  กอง  ช่าง ")])
        .cookie(&coordinator)
        .send(&app)
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let works = app
        .store
        .unit_by_name(&app.org, "กอง ช่าง")
        .await
        .unwrap()
        .expect("added");
    let duplicate = Call::post("/staff/units", &[("name", "กองการศึกษา")])
        .cookie(&coordinator)
        .send(&app)
        .await;
    assert_eq!(duplicate.status, StatusCode::BAD_REQUEST);
    assert!(
        duplicate
            .body
            .contains("มีหน่วยงานชื่อ &#34;กองการศึกษา&#34; อยู่แล้ว"),
        "{}",
        duplicate.body
    );

    let renamed = Call::post(&format!("/staff/units/{}", works.id), &[("name", "กองช่าง")])
        .cookie(&coordinator)
        .send(&app)
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER);

    let assign = Call::post("/staff/units/items/2.19", &[("unit", &works.id)])
        .cookie(&coordinator)
        .send(&app)
        .await;
    assert_eq!(assign.status, StatusCode::SEE_OTHER, "{}", assign.body);
    assert_eq!(
        app.store
            .units_of_item(
                &app.org,
                sujarit_core::ItemRef {
                    dimension: 2,
                    no: 19
                }
            )
            .await
            .unwrap(),
        std::slice::from_ref(&works.id)
    );
    let missing = Call::get("/staff/units/items/9.9")
        .cookie(&coordinator)
        .send(&app)
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    let log = app.store.audit_log(&app.org, None, 3).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            audit_action::ITEM_UNITS_CHANGED,
            audit_action::UNIT_RENAMED,
            audit_action::UNIT_CREATED
        ]
    );
    assert!(
        log.iter()
            .all(|e| e.actor_email.as_deref() == Some("coordinator@nakhon.test"))
    );
}

// ---------------------------------------------------------------------------
// The Origin check

#[tokio::test]
async fn cross_origin_posts_are_refused_with_a_thai_403() {
    let app = app().await;
    let cookie = session_of(&app, "admin@nakhon.test").await;
    let mut forged = Call::post("/staff/units", &[("name", "กองปลอม")]).cookie(&cookie);
    forged.origin = Some("http://evil.example");
    let reply = forged.send(&app).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(
        reply.body.contains("ไม่ได้ส่งมาจากหน้าเว็บของระบบนี้"),
        "{}",
        reply.body
    );

    let mut bare = Call::post("/staff/logout", &[]).cookie(&cookie);
    bare.origin = None;
    assert_eq!(
        bare.send(&app).await.status,
        StatusCode::FORBIDDEN,
        "neither Origin nor Referer"
    );
    let mut null = Call::post("/staff/logout", &[]).cookie(&cookie);
    null.origin = Some("null");
    assert_eq!(null.send(&app).await.status, StatusCode::FORBIDDEN);
    let mut login = Call::post(
        "/staff/login",
        &[("email", "admin@nakhon.test"), ("password", PASSWORD)],
    );
    login.origin = Some("https://sujarit.test.evil.example");
    assert_eq!(login.send(&app).await.status, StatusCode::FORBIDDEN);

    // Nothing was done: the unit does not exist and the session still works.
    assert!(
        app.store
            .unit_by_name(&app.org, "กองปลอม")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        Call::get("/staff/").cookie(&cookie).send(&app).await.status,
        StatusCode::OK
    );

    // A Referer from this site is enough when Origin is missing.
    let mut referred = Call::post("/staff/units", &[("name", "กองจากผู้อ้างอิง")]).cookie(&cookie);
    referred.origin = None;
    referred.referer = Some("http://sujarit.test/staff/units");
    assert_eq!(referred.send(&app).await.status, StatusCode::SEE_OTHER);

    // Other methods are checked too, and the public pages are untouched.
    let mut put = Call::post("/o/nakhon", &[]);
    put.method = Method::PUT;
    put.origin = Some("http://evil.example");
    assert_eq!(put.send(&app).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        Call::get("/o/nakhon").send(&app).await.status,
        StatusCode::OK
    );
}

// ---------------------------------------------------------------------------
// Every staff route for every role

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// The page or the action: this status.
    Allowed(u16),
    Forbidden,
}

use Expect::{Allowed, Forbidden};

/// What each role gets; anonymous visitors always go to the login page.
fn expect(who: Role, allowed: &[Role], status: u16) -> Expect {
    if allowed.contains(&who) {
        Allowed(status)
    } else {
        Forbidden
    }
}

/// A route to try: method, path, form, who may, status when allowed.
type Route<'a> = (Method, &'a str, Vec<(&'a str, &'a str)>, &'a [Role], u16);

/// The oversight offices' overseers, (e-mail, role): a provincial office of
/// Nakhon Si Thammarat (80) and the national office, each in the directory.
async fn overseers(app: &App) -> [(&'static str, Role); 2] {
    use sujarit_core::directory::{DirectoryEntry, OrganizationKind};
    let offices = [
        (
            "province-80",
            "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดนครศรีธรรมราช",
            OrganizationKind::ProvincialOffice,
            Some("80"),
            ("overseer@province.test", Role::ProvincialOverseer),
        ),
        (
            "national",
            "กรมส่งเสริมการปกครองท้องถิ่น",
            OrganizationKind::NationalOffice,
            None,
            ("overseer@national.test", Role::NationalOverseer),
        ),
    ];
    let hash = sujarit_service::passwords::hash_blocking(PASSWORD).unwrap();
    for (slug, name, kind, province, (email, role)) in offices {
        let org = app.store.ensure_organization(slug, name).await.unwrap().id;
        let entry = DirectoryEntry {
            kind,
            province_code: province.map(str::to_owned),
            district_code: None,
            sub_district_code: None,
            official_code: None,
        };
        entry.check().unwrap();
        app.store.set_directory_entry(&org, &entry).await.unwrap();
        app.store
            .create_user(
                &org,
                &sujarit_store::NewUser {
                    email: Email::parse(email).unwrap(),
                    display_name: format!("คุณ{}", role.thai()),
                    role,
                    unit_id: None,
                    password_hash: hash.clone(),
                    must_change_password: false,
                },
                None,
            )
            .await
            .unwrap();
    }
    offices.map(|(_, _, _, _, account)| account)
}

/// Logs an overseer in to their office (an installation of several
/// organisations asks which) and returns the session cookie.
async fn session_in(app: &App, email: &str) -> String {
    let slug = if email.ends_with("@province.test") {
        "province-80"
    } else {
        "national"
    };
    let reply = Call::post(
        "/staff/login",
        &[
            ("organization", slug),
            ("email", email),
            ("password", PASSWORD),
            ("next", "/staff/"),
        ],
    )
    .send(app)
    .await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "{email}: {}",
        reply.body
    );
    reply.session()
}

#[tokio::test]
async fn every_staff_route_answers_every_role_as_it_should() {
    use Role::*;
    let app = app().await;
    let officer = app
        .store
        .user_by_email(&app.org, &Email::parse("officer@nakhon.test").unwrap())
        .await
        .unwrap()
        .unwrap();
    let unit = officer.unit_id.clone().unwrap();
    let user_page = format!("/staff/users/{}", officer.id);
    let reset = format!("/staff/users/{}/password", officer.id);
    let rename = format!("/staff/units/{unit}");
    let head = format!("/staff/units/{unit}/head");
    // Every LAO role; the overseers (issue 15) hold no LAO permission and
    // reach only their own account's pages.
    let all = Role::LAO_STAFF;
    let everyone = Role::ALL;
    let overseer_roles = [ProvincialOverseer, NationalOverseer];
    let admins = [Administrator];
    let unit_managers = [Administrator, PlanCoordinator];
    let log_readers = [Administrator, Auditor];
    let readers_of_everything = [Administrator, PlanCoordinator, Executive, Auditor];
    let coordinators = [PlanCoordinator];
    let control_managers = [PlanCoordinator, Auditor];

    // (method, path, form, who may, status when allowed). POSTs that are
    // allowed carry an incomplete form, so they answer 400 and change nothing,
    // except sync and item assignment, which are harmless to repeat.
    let routes: Vec<Route> = vec![
        (Method::GET, "/staff/", vec![], &everyone, 200),
        // Oversight (issue 15): the overseers alone; province 80 is both
        // overseers' (the national one sees every province).
        (
            Method::GET,
            "/staff/oversight/provinces/80",
            vec![],
            &overseer_roles,
            200,
        ),
        (
            Method::GET,
            "/staff/oversight/provinces/80.csv",
            vec![],
            &overseer_roles,
            200,
        ),
        (Method::GET, "/staff/password", vec![], &everyone, 200),
        (Method::POST, "/staff/password", vec![], &everyone, 400),
        (Method::GET, "/staff/totp", vec![], &everyone, 200),
        (Method::GET, "/staff/reauth", vec![], &everyone, 200),
        (Method::POST, "/staff/reauth", vec![], &everyone, 400),
        (Method::GET, "/staff/users", vec![], &admins, 200),
        (Method::GET, "/staff/users/new", vec![], &admins, 200),
        (
            Method::POST,
            "/staff/users/new",
            vec![("email", "")],
            &admins,
            400,
        ),
        (Method::GET, &user_page, vec![], &admins, 200),
        (
            Method::POST,
            &user_page,
            vec![("display_name", "")],
            &admins,
            400,
        ),
        (Method::POST, &reset, vec![("password", "")], &admins, 400),
        (Method::GET, "/staff/units", vec![], &unit_managers, 200),
        (
            Method::POST,
            "/staff/units",
            vec![("name", " ")],
            &unit_managers,
            400,
        ),
        (
            Method::POST,
            "/staff/units/sync",
            vec![],
            &unit_managers,
            303,
        ),
        (
            Method::POST,
            &rename,
            vec![("name", "")],
            &unit_managers,
            400,
        ),
        (
            Method::GET,
            "/staff/units/items/1.1",
            vec![],
            &unit_managers,
            200,
        ),
        (
            Method::POST,
            "/staff/units/items/1.1",
            vec![("unit", &unit)],
            &unit_managers,
            303,
        ),
        (Method::GET, "/staff/audit", vec![], &log_readers, 200),
        // The document check, for the coordinator: on to the findings page.
        (Method::GET, "/staff/findings", vec![], &coordinators, 303),
        (
            Method::GET,
            "/staff/dashboard",
            vec![],
            &readers_of_everything,
            200,
        ),
        (
            Method::GET,
            "/staff/targets",
            vec![],
            &readers_of_everything,
            200,
        ),
        // Complaints: every role here reads the general list (a unit
        // officer their unit's queue, issue 13); none of them sees the
        // corruption channel or enters cases (the complaint and integrity
        // officers' routes are checked in `complaints.rs`).
        (Method::GET, "/staff/complaints", vec![], &all, 200),
        (
            Method::GET,
            "/staff/complaints?channel=general&view=all&page=1",
            vec![],
            &all,
            200,
        ),
        (
            Method::GET,
            "/staff/complaints?channel=corruption",
            vec![],
            &[],
            200,
        ),
        (Method::GET, "/staff/complaints/new", vec![], &[], 200),
        // A code that is no code: 400 for every reader of the list.
        (
            Method::POST,
            "/staff/complaints/lookup",
            vec![("code", "")],
            &all,
            400,
        ),
        (
            Method::POST,
            "/staff/complaints/new",
            vec![("channel", "general")],
            &[],
            400,
        ),
        // The internal audit (issue 14): readers of the registers read, the
        // auditor writes; a bad form is re-rendered with 422 (the PDF, whose
        // body is not text, is tried per role in `integrity_audit.rs`).
        (
            Method::GET,
            "/staff/integrity/audit",
            vec![],
            &readers_of_everything,
            200,
        ),
        (
            Method::GET,
            "/staff/integrity/audit/2569/engagements/nope",
            vec![],
            &readers_of_everything,
            404,
        ),
        (
            Method::POST,
            "/staff/integrity/audit/2569/plan",
            vec![("approved_on", "x")],
            &[Auditor],
            422,
        ),
        (
            Method::POST,
            "/staff/integrity/audit/2569/engagements",
            vec![("scope", "")],
            &[Auditor],
            422,
        ),
        (
            Method::POST,
            "/staff/integrity/audit/2569/publish",
            vec![("published", "1")],
            &[Auditor],
            422,
        ),
        (
            Method::POST,
            "/staff/integrity/audit/2569/engagements/nope/findings",
            vec![],
            &[Auditor],
            404,
        ),
        // Internal control (issue 14): everyone who reads everything reads
        // it; the coordinator and the auditor write the forms (an empty
        // form: 400), only the auditor writes ปค.6.
        (
            Method::GET,
            "/staff/integrity/control",
            vec![],
            &readers_of_everything,
            200,
        ),
        // A bad form name (the PDFs themselves: `control.rs`).
        (
            Method::GET,
            "/staff/integrity/control/document?year=2568&form=pk9",
            vec![],
            &readers_of_everything,
            400,
        ),
        (
            Method::POST,
            "/staff/integrity/control/committee",
            vec![("year", "2568")],
            &control_managers,
            400,
        ),
        (
            Method::POST,
            "/staff/integrity/control/pk4",
            vec![("year", "2568")],
            &control_managers,
            400,
        ),
        (
            Method::POST,
            "/staff/integrity/control/rows",
            vec![("year", "2568")],
            &control_managers,
            400,
        ),
        (
            Method::POST,
            "/staff/integrity/control/pk1",
            vec![("year", "2568")],
            &control_managers,
            400,
        ),
        (
            Method::POST,
            "/staff/integrity/control/submission",
            vec![("year", "2568")],
            &control_managers,
            400,
        ),
        (
            Method::POST,
            "/staff/integrity/control/settings",
            vec![("year", "2568"), ("deadline_days", "0")],
            &control_managers,
            400,
        ),
        (
            Method::POST,
            "/staff/integrity/control/pk6",
            vec![("year", "2568")],
            &[Auditor],
            400,
        ),
        // A target the plan has, with a value that is not a number: 400.
        (
            Method::POST,
            "/staff/targets",
            vec![("target", "0"), ("year", "2566"), ("value", "มาก")],
            &coordinators,
            400,
        ),
        // The gift register (issue 14): everyone declares; a value that is
        // not a number, a round that is none: refused, nothing kept. Only
        // the administrator sets the permitted value; unit managers set a
        // unit's head (someone who is no officer of it: refused).
        (Method::GET, "/staff/integrity/gifts", vec![], &all, 200),
        (
            Method::POST,
            "/staff/integrity/gifts",
            vec![("value", "abc")],
            &all,
            422,
        ),
        (
            Method::POST,
            "/staff/integrity/gifts/nil",
            vec![("round", "")],
            &all,
            400,
        ),
        (
            Method::POST,
            "/staff/integrity/gifts/settings",
            vec![("permitted_value", "")],
            &admins,
            422,
        ),
        (
            Method::POST,
            &head,
            vec![("head", "no-such-user")],
            &unit_managers,
            400,
        ),
        // The risk register and internal measures (issue 14): read by
        // those who read everything, changed by the coordinator; the
        // allowed POSTs carry a form refused at a field (400).
        (
            Method::GET,
            "/staff/integrity/risks?year=2569",
            vec![],
            &readers_of_everything,
            200,
        ),
        (
            Method::GET,
            "/staff/integrity/risks/matrix",
            vec![],
            &readers_of_everything,
            200,
        ),
        (
            Method::GET,
            "/staff/integrity/risks/no-such-risk",
            vec![],
            &readers_of_everything,
            404,
        ),
        (
            Method::GET,
            "/staff/integrity/measures?year=2569",
            vec![],
            &readers_of_everything,
            200,
        ),
        (
            Method::GET,
            "/staff/integrity/risks/new?year=2569",
            vec![],
            &coordinators,
            200,
        ),
        (
            Method::POST,
            "/staff/integrity/risks/new",
            vec![
                ("year", "2569"),
                ("risk_type", "other"),
                ("status", "identified"),
            ],
            &coordinators,
            400,
        ),
        (
            Method::POST,
            "/staff/integrity/risks/matrix",
            vec![("levels", "สูง #aa0000")],
            &coordinators,
            400,
        ),
        (
            Method::POST,
            "/staff/integrity/risks/from-plan",
            vec![("year", "ปีนี้")],
            &coordinators,
            400,
        ),
        (
            Method::POST,
            "/staff/integrity/risks/copy",
            vec![("year", "")],
            &coordinators,
            400,
        ),
        (
            Method::POST,
            "/staff/integrity/risks/no-such-risk/monitoring",
            vec![("round", "6"), ("note", "x")],
            &coordinators,
            404,
        ),
        (
            Method::POST,
            "/staff/integrity/measures",
            vec![("year", "2569"), ("title", ""), ("status", "planned")],
            &coordinators,
            400,
        ),
    ];

    let mut sessions = Vec::new();
    for (email, role) in ACCOUNTS {
        sessions.push((Some(role), Some(session_of(&app, email).await)));
    }
    // A provincial and a national oversight office on the same
    // installation, each with its overseer (made as the host makes them).
    for (email, role) in overseers(&app).await {
        sessions.push((Some(role), Some(session_in(&app, email).await)));
    }
    sessions.push((None, None));

    let mut failures = Vec::new();
    let mut checked = 0;
    for (method, path, form, allowed, status) in &routes {
        for (role, cookie) in &sessions {
            let mut call = if *method == Method::GET {
                Call::get(path)
            } else {
                Call::post(path, form)
            };
            if let Some(c) = cookie {
                call = call.cookie(c);
            }
            let reply = call.send(&app).await;
            checked += 1;
            let ok = match role {
                None => is_login_redirect(&reply),
                Some(role) => match expect(*role, allowed, *status) {
                    Allowed(s) => reply.status.as_u16() == s,
                    Forbidden => {
                        reply.status == StatusCode::FORBIDDEN && reply.body.contains("ไม่มีสิทธิ์")
                    }
                },
            };
            if !ok {
                failures.push(format!(
                    "{method} {path} as {role:?}: {} {}",
                    reply.status,
                    reply.location()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, routes.len() * 8);

    // The audit log has no route that writes: POST is not even a method it knows.
    for (_, cookie) in &sessions {
        let mut call = Call::post("/staff/audit", &[("x", "y")]);
        if let Some(c) = cookie {
            call = call.cookie(c);
        }
        assert_eq!(call.send(&app).await.status, StatusCode::METHOD_NOT_ALLOWED);
    }

    // Logging out works for everyone and ends only that session.
    for (role, cookie) in &sessions {
        let mut call = Call::post("/staff/logout", &[]);
        if let Some(c) = cookie {
            call = call.cookie(c);
        }
        let reply = call.send(&app).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{role:?}");
        assert_eq!(reply.location(), "/staff/login?out=1");
        if let Some(c) = cookie {
            assert!(is_login_redirect(
                &Call::get("/staff/").cookie(c).send(&app).await
            ));
        }
    }
}

#[tokio::test]
async fn several_organisations_make_the_login_ask_which() {
    let app = app().await;
    app.store
        .ensure_organization("other", "เทศบาลตำบลอื่น")
        .await
        .unwrap();
    let page = Call::get("/staff/login").send(&app).await;
    assert!(page.body.contains("name=\"organization\""));
    assert!(page.body.contains("เทศบาลตำบลอื่น"));
    // An e-mail no organisation has: the words of a wrong password, so the
    // answer does not tell which e-mails have accounts. (One that a single
    // organisation has logs in to it, as on a one-LAO installation: issue
    // 15's demo.)
    let without = login_as(&app, "nobody@nakhon.test", PASSWORD).await;
    assert_eq!(without.status, StatusCode::UNAUTHORIZED);
    assert!(without.body.contains("ไม่ถูกต้อง"));
    assert!(!without.body.contains("กรุณาเลือกองค์กร"));
    let other = app
        .store
        .organization_by_slug("other")
        .await
        .unwrap()
        .unwrap();
    app.store
        .create_user(
            &other.id,
            &sujarit_store::NewUser {
                email: Email::parse("coordinator@nakhon.test").unwrap(),
                display_name: "ผู้ประสานแผนอีกแห่ง".into(),
                role: Role::PlanCoordinator,
                unit_id: None,
                password_hash: sujarit_service::passwords::hash_blocking(PASSWORD).unwrap(),
                must_change_password: false,
            },
            None,
        )
        .await
        .unwrap();
    // One that several organisations have: the same answer as an unknown
    // one (the right password is not enough without the organisation).
    let several = login_as(&app, "coordinator@nakhon.test", PASSWORD).await;
    assert_eq!(several.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        several.body.replace("coordinator@nakhon.test", "E"),
        without.body.replace("nobody@nakhon.test", "E")
    );
    // Chosen, it logs in.
    let chosen = Call::post(
        "/staff/login",
        &[
            ("organization", "other"),
            ("email", "coordinator@nakhon.test"),
            ("password", PASSWORD),
        ],
    )
    .send(&app)
    .await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER);
    let code = code_for_step(&SECRET, current_step());
    let with = Call::post(
        "/staff/login",
        &[
            ("organization", "nakhon"),
            ("email", "admin@nakhon.test"),
            ("password", PASSWORD),
            ("totp", &code),
        ],
    )
    .send(&app)
    .await;
    assert_eq!(with.status, StatusCode::SEE_OTHER);
    let code = code_for_step(&SECRET, current_step() + 1);
    let elsewhere = Call::post(
        "/staff/login",
        &[
            ("organization", "other"),
            ("email", "admin@nakhon.test"),
            ("password", PASSWORD),
            ("totp", &code),
        ],
    )
    .send(&app)
    .await;
    assert_eq!(
        elsewhere.status,
        StatusCode::UNAUTHORIZED,
        "accounts belong to one organisation"
    );
}

// ---------------------------------------------------------------------------
// Second factor, idle timeout and re-authentication (issue 11, item 9)

/// What the database keeps of a session cookie (`name=value`): the token's SHA-256.
fn session_hash(cookie: &str) -> String {
    use sha2::{Digest, Sha256};
    let token = cookie.split_once('=').unwrap().1;
    sujarit_service::passwords::hex(&Sha256::digest(token.as_bytes()))
}

async fn user_id(app: &App, email: &str) -> String {
    app.store
        .user_by_email(&app.org, &Email::parse(email).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id
}

/// A code the server does not accept now (ten steps ahead).
fn stale_code() -> String {
    code_for_step(&SECRET, current_step() + 10)
}

const REFUSED: &str = "อีเมล รหัสผ่าน หรือรหัสยืนยันไม่ถูกต้อง";

#[tokio::test]
async fn an_enrolled_administrator_needs_a_fresh_code_once() {
    let app = app().await;
    let admin = "admin@nakhon.test";
    let code = code_for_step(&SECRET, current_step());

    let missing = login_with_code(&app, admin, PASSWORD, "").await;
    let wrong = login_with_code(&app, admin, PASSWORD, &stale_code()).await;
    let not_digits = login_with_code(&app, admin, PASSWORD, "12345x").await;
    // The right code with a wrong password: the same answer, and the code
    // is not used up by someone without the password.
    let no_password = login_with_code(&app, admin, "not-the-password", &code).await;
    for reply in [&missing, &wrong, &not_digits, &no_password] {
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
        assert!(reply.body.contains(REFUSED), "{}", reply.body);
        assert!(reply.set_cookie().is_none());
    }

    // Thai digits and spaces are read as typed.
    let thai: String = format!("{} {}", &code[..3], &code[3..])
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32('๐' as u32 + d).unwrap(),
            None => c,
        })
        .collect();
    let reply = login_with_code(&app, admin, PASSWORD, &thai).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), "/staff/");
    let home = Call::get("/staff/")
        .cookie(&reply.session())
        .send(&app)
        .await;
    assert_eq!(home.status, StatusCode::OK);

    // The same code again: refused, even with the right password.
    let replayed = login_with_code(&app, admin, PASSWORD, &code).await;
    assert_eq!(replayed.status, StatusCode::UNAUTHORIZED);
    assert!(replayed.body.contains(REFUSED), "{}", replayed.body);
    assert!(replayed.set_cookie().is_none());
    // An earlier step than one already used is refused too; a later one passes.
    let earlier = code_for_step(&SECRET, current_step() - 1);
    assert_eq!(
        login_with_code(&app, admin, PASSWORD, &earlier)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let later = code_for_step(&SECRET, current_step() + 1);
    assert_eq!(
        login_with_code(&app, admin, PASSWORD, &later).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn wrong_codes_count_as_failed_logins() {
    let app = app().await;
    let attempt = |code: String| {
        let mut call = Call::post(
            "/staff/login",
            &[
                ("email", "admin@nakhon.test"),
                ("password", PASSWORD),
                ("totp", code.as_str()),
            ],
        );
        call.ip = Some("192.0.2.44");
        call
    };
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(attempt(stale_code()).send(&app).await.status.as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429]);
    let right = attempt(code_for_step(&SECRET, current_step()))
        .send(&app)
        .await;
    assert_eq!(
        right.status,
        StatusCode::TOO_MANY_REQUESTS,
        "locked: {}",
        right.body
    );
    let log = app.store.audit_log(&app.org, None, 1).await.unwrap();
    assert_eq!(log[0].action, audit_action::LOGIN_LOCKED);
    assert_eq!(log[0].target, "admin@nakhon.test");
}

#[tokio::test]
async fn an_administrator_without_a_second_factor_must_enrol_first() {
    let app = app().await;
    let admin = user_id(&app, "admin@nakhon.test").await;
    // As after `sujarit user reset-totp`.
    assert!(app.store.reset_totp(&app.org, &admin, None).await.unwrap());

    let login = login_with_code(&app, "admin@nakhon.test", PASSWORD, "").await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
    assert_eq!(login.location(), "/staff/totp");
    let cookie = login.session();
    for path in [
        "/staff/",
        "/staff/users",
        "/staff/password",
        "/staff/reauth",
    ] {
        let reply = Call::get(path).cookie(&cookie).send(&app).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(reply.location(), "/staff/totp", "{path}");
    }
    let api = Call::get("/api/v1/staff/progress/1.1/2568/1")
        .cookie(&cookie)
        .send(&app)
        .await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    assert!(api.body.contains("ต้องตั้งค่ารหัสยืนยันตัวตน"), "{}", api.body);

    // The page shows a secret, as text and as a QR code on the page itself.
    let page = Call::get("/staff/totp").cookie(&cookie).send(&app).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("บทบาทของคุณต้องใช้การยืนยันตัวตนสองขั้นตอน"));
    assert!(
        page.body.contains("src=\"data:image/svg+xml,%3C%3Fxml"),
        "{}",
        page.body
    );
    let marker = "name=\"secret\" value=\"";
    let start = page.body.find(marker).expect("the secret field") + marker.len();
    let secret_text = &page.body[start..start + 32];
    let secret = sujarit_web::auth::totp::parse_base32(secret_text).expect("base32");
    assert_eq!(secret.len(), 20);
    let shown = page.body.split("id=\"totp-secret\">").nth(1).unwrap();
    assert_eq!(
        shown.split('<').next().unwrap().replace(' ', ""),
        secret_text,
        "the same secret, in groups"
    );

    let enrol = |code: String| {
        Call::post(
            "/staff/totp",
            &[("secret", secret_text), ("code", code.as_str())],
        )
    };
    let wrong = enrol(code_for_step(&secret, current_step() + 10))
        .cookie(&cookie)
        .send(&app)
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains("รหัสยืนยันไม่ถูกต้อง"), "{}", wrong.body);
    assert!(
        wrong.body.contains(secret_text),
        "the same secret offered again"
    );
    let bad_secret = Call::post("/staff/totp", &[("secret", "not base32!"), ("code", "1")])
        .cookie(&cookie)
        .send(&app)
        .await;
    assert_eq!(bad_secret.status, StatusCode::BAD_REQUEST);
    assert!(bad_secret.body.contains("รหัสลับในแบบฟอร์มไม่ถูกต้อง"));
    assert!(
        app.store
            .totp_factor(&app.org, &admin)
            .await
            .unwrap()
            .is_none()
    );

    let step = current_step();
    let done = enrol(code_for_step(&secret, step))
        .cookie(&cookie)
        .send(&app)
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), "/staff/totp?done=1");
    let factor = app
        .store
        .totp_factor(&app.org, &admin)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(factor.secret, secret);
    assert_eq!(factor.last_step, step as i64, "the confirming code is used");
    let log = app.store.audit_log(&app.org, None, 1).await.unwrap();
    assert_eq!(log[0].action, audit_action::TOTP_ENROLLED);
    assert_eq!(log[0].target, "admin@nakhon.test");
    assert_eq!(log[0].actor_user_id.as_deref(), Some(admin.as_str()));

    // Enrolled: the pages open, and the secret is never shown again.
    let after = Call::get("/staff/totp?done=1")
        .cookie(&cookie)
        .send(&app)
        .await;
    assert!(after.body.contains("เปิดใช้การยืนยันตัวตนสองขั้นตอนเรียบร้อยแล้ว"));
    assert!(!after.body.contains(secret_text));
    assert!(!after.body.contains("name=\"secret\""));
    assert_eq!(
        Call::get("/staff/users")
            .cookie(&cookie)
            .send(&app)
            .await
            .status,
        StatusCode::OK
    );
    // And the next login needs a code of the new secret.
    assert_eq!(
        login_with_code(&app, "admin@nakhon.test", PASSWORD, "")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let next = code_for_step(&secret, current_step() + 1);
    assert_eq!(
        login_with_code(&app, "admin@nakhon.test", PASSWORD, &next)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_second_factor_is_optional_for_other_roles() {
    let app = app().await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    assert_eq!(
        Call::get("/staff/")
            .cookie(&officer)
            .send(&app)
            .await
            .status,
        StatusCode::OK,
        "no enrolment asked"
    );
    let password = Call::get("/staff/password")
        .cookie(&officer)
        .send(&app)
        .await;
    assert!(password.body.contains("href=\"/staff/totp\""), "offered");
    let page = Call::get("/staff/totp").cookie(&officer).send(&app).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("บทบาทของคุณต้องใช้"));
    assert!(page.body.contains("name=\"secret\""));
    // The enrolled administrator is not offered it again.
    let admin = session_of(&app, "admin@nakhon.test").await;
    let password = Call::get("/staff/password").cookie(&admin).send(&app).await;
    assert!(!password.body.contains("href=\"/staff/totp\""));
    let again = Call::post(
        "/staff/totp",
        &[
            ("secret", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            ("code", "123456"),
        ],
    )
    .cookie(&admin)
    .send(&app)
    .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "no second secret");
    assert_eq!(again.location(), "/staff/totp");
    let admin_id = user_id(&app, "admin@nakhon.test").await;
    let factor = app
        .store
        .totp_factor(&app.org, &admin_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(factor.secret, SECRET);
}

#[tokio::test]
async fn privileged_sessions_end_after_30_idle_minutes() {
    let app = app().await;
    let now = time::OffsetDateTime::now_utc();
    let admin = session_of(&app, "admin@nakhon.test").await;
    let officer = session_of(&app, "officer@nakhon.test").await;
    let recent_admin = session_of(&app, "admin@nakhon.test").await;
    for (cookie, idle) in [(&admin, 31), (&officer, 31), (&recent_admin, 29)] {
        app.store
            .touch_session(&session_hash(cookie), now - time::Duration::minutes(idle))
            .await
            .unwrap();
    }
    let reply = Call::get("/staff/users").cookie(&admin).send(&app).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/staff/login?next=/staff/users&expired=1");
    assert!(
        app.store
            .session(&session_hash(&admin))
            .await
            .unwrap()
            .is_none(),
        "ended for good"
    );
    assert_eq!(
        Call::get("/staff/")
            .cookie(&officer)
            .send(&app)
            .await
            .status,
        StatusCode::OK,
        "a unit officer keeps 2 hours"
    );
    assert_eq!(
        Call::get("/staff/users")
            .cookie(&recent_admin)
            .send(&app)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn reauthentication_asks_the_password_and_code_and_marks_the_session() {
    let app = app().await;
    let cookie = session_of(&app, "admin@nakhon.test").await;
    let hash = session_hash(&cookie);
    let marked = || async {
        app.store
            .session(&hash)
            .await
            .unwrap()
            .unwrap()
            .reauthenticated_at
    };
    let page = Call::get("/staff/reauth?next=/staff/users")
        .cookie(&cookie)
        .send(&app)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("name=\"password\""));
    assert!(
        page.body.contains("name=\"totp\""),
        "enrolled: the code too"
    );
    assert!(page.body.contains("value=\"/staff/users\""));

    let send = |password: &str, code: &str, ip: &'static str| {
        let mut call = Call::post(
            "/staff/reauth",
            &[
                ("password", password),
                ("totp", code),
                ("next", "/staff/users"),
            ],
        )
        .cookie(&cookie);
        call.ip = Some(ip);
        call
    };
    let code = code_for_step(&SECRET, current_step() + 1);
    for reply in [
        send("not-the-password", &code, "192.0.2.5")
            .send(&app)
            .await,
        send(PASSWORD, "", "192.0.2.5").send(&app).await,
        send(PASSWORD, &stale_code(), "192.0.2.5").send(&app).await,
    ] {
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
        assert!(
            reply.body.contains("รหัสผ่านหรือรหัสยืนยันไม่ถูกต้อง"),
            "{}",
            reply.body
        );
    }
    assert_eq!(marked().await, None);

    let before = time::OffsetDateTime::now_utc().unix_timestamp();
    let done = send(PASSWORD, &code, "192.0.2.5").send(&app).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), "/staff/users");
    let at = marked().await.expect("marked").unix_timestamp();
    assert!(at >= before - 1, "{at} {before}");
    // The code it took is used up.
    assert_eq!(
        send(PASSWORD, &code, "192.0.2.5").send(&app).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Only to a local path afterwards.
    let mut away = Call::post(
        "/staff/reauth",
        &[
            ("password", PASSWORD),
            ("totp", &code_for_step(&SECRET, current_step() + 1)),
            ("next", "//evil.example/"),
        ],
    )
    .cookie(&cookie);
    away.ip = Some("192.0.2.6");
    // (That step is used: refused, but the page keeps only a local `next`.)
    let away = away.send(&app).await;
    assert!(away.body.contains("value=\"/staff/\""), "{}", away.body);

    // Guesses are limited like logins: the fifth refusal locks.
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(
            send("wrong-guess", "", "192.0.2.9")
                .send(&app)
                .await
                .status
                .as_u16(),
        );
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429]);

    // Without a second factor, the password alone.
    let officer = session_of(&app, "officer@nakhon.test").await;
    let page = Call::get("/staff/reauth").cookie(&officer).send(&app).await;
    assert!(!page.body.contains("name=\"totp\""));
    let done = Call::post("/staff/reauth", &[("password", PASSWORD)])
        .cookie(&officer)
        .send(&app)
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location(), "/staff/");
    assert!(
        app.store
            .session(&session_hash(&officer))
            .await
            .unwrap()
            .unwrap()
            .reauthenticated_at
            .is_some()
    );
}
