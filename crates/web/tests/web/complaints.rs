//! Complaints through the router against a real SQLite store: a citizen
//! files both kinds, tracks them, officers take them to the end, the survey,
//! statistics, the JSON API, bad input, rate limits, and who may see what —
//! nobody but the integrity officer sees a corruption report, and the
//! reporter's name and phone never reach the database in plain text.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use sujarit_core::account::Role;
use sujarit_core::sealed::{Keyring, SealingKey};
use sujarit_service::Clock;
use sujarit_store::Store;
use sujarit_web::complaints::{ComplaintConfig, Limit, Limits};
use tower::ServiceExt;

use crate::support::{client, seeded};
use client::{HOST, PASSWORD, Reply, Routed, get, post, post_multipart, send, session_of};
use sujarit_testkit::smtp::{SmtpServer, decoded};

/// Complaints are received now, so dates in these tests follow the real clock.
fn today() -> time::Date {
    sujarit_core::thai::local_date(time::OffsetDateTime::now_utc())
}

fn this_fiscal_year() -> u16 {
    sujarit_core::FiscalYear::of(today()).be()
}

const REPORTER_NAME: &str = "สมชาย ใจกล้าหาญ";
const REPORTER_PHONE: &str = "081-234-5678";
const REPORTER_PHONE_DIGITS: &str = "0812345678";
const CORRUPTION_SUBJECT: &str = "เรียกรับเงินใต้โต๊ะในการออกใบอนุญาต";

const ACCOUNTS: [(&str, Role, Option<&str>); 7] = [
    ("admin@nakhon.test", Role::Administrator, None),
    ("coordinator@nakhon.test", Role::PlanCoordinator, None),
    (
        "officer@nakhon.test",
        Role::UnitOfficer,
        Some("สำนักปลัดเทศบาล"),
    ),
    ("executive@nakhon.test", Role::Executive, None),
    ("auditor@nakhon.test", Role::Auditor, None),
    ("complaints@nakhon.test", Role::ComplaintOfficer, None),
    ("integrity@nakhon.test", Role::IntegrityOfficer, None),
];

struct App {
    router: Router,
    store: Arc<dyn Store>,
    org: String,
    keyring: Arc<Keyring>,
    dir: sujarit_testkit::TempDir,
}

impl Routed for App {
    fn router(&self) -> &Router {
        &self.router
    }
}

async fn app_with(limits: Limits) -> App {
    app_on(limits, Clock::System).await
}

/// The complaint centre with its own clock.
async fn app_on(limits: Limits, clock: Clock) -> App {
    let seeded::Seeded { store, org, dir } =
        seeded::seeded("complaints", &ACCOUNTS, PASSWORD).await;
    // The integrity officer makes their keys, as at /staff/keys: without an
    // officer with keys the corruption channel takes no report.
    let integrity = officer_id(store.as_ref(), &org, "integrity@nakhon.test").await;
    sujarit_service::complaints::keys::make_keys(store.as_ref(), &org, &integrity, PASSWORD)
        .await
        .expect("keys");
    let keyring = Keyring::new("k1", SealingKey::from_bytes(SealingKey::generate_bytes())).unwrap();
    let mut config = ComplaintConfig::new(store.clone(), keyring, limits)
        .with_files(sujarit_store::files::FileStore::new(dir.0.join("files")));
    config.clock = clock;
    let keyring = config.keyring.clone();
    let router =
        sujarit_web::router(sujarit_web::AppState::new(store.clone()).with_complaints(config));
    App {
        router,
        store,
        org,
        keyring,
        dir,
    }
}

async fn officer_id(store: &dyn Store, org: &str, email: &str) -> String {
    store
        .user_by_email(org, &sujarit_core::account::Email::parse(email).unwrap())
        .await
        .expect("read")
        .expect("account")
        .id
}

async fn app() -> App {
    app_with(Limits::default()).await
}

async fn post_json(app: &App, uri: &str, value: &serde_json::Value) -> Reply {
    send(
        app,
        Method::POST,
        uri,
        None,
        Some("application/json"),
        value.to_string().into_bytes(),
    )
    .await
}

async fn file_general(app: &App, subject: &str) -> String {
    let reply = post(
        app,
        "/o/nakhon/complaints/new/general",
        None,
        &[
            ("category", "lights"),
            ("subject", subject),
            ("details", "ไฟดับทั้งซอยมาสามคืนแล้ว อันตรายต่อผู้สัญจร"),
            ("place", "ซอยราชดำเนิน 5"),
            ("name", "มานี มีนา"),
            ("phone", "02 123 4567"),
            ("email", "manee@example.org"),
        ],
    )
    .await;
    receipt_after(app, &reply).await.by_id("tracking-code")
}

const RECEIPT: &str = "/o/nakhon/complaints/receipt";

/// The receipt cookie a filing set (`name=value`), checked to be HttpOnly,
/// SameSite=Strict and only for the receipt page.
fn receipt_cookie(filed: &Reply) -> String {
    let set = filed
        .headers
        .get(header::SET_COOKIE)
        .expect("a receipt cookie")
        .to_str()
        .unwrap()
        .to_string();
    for part in ["HttpOnly", "SameSite=Strict", &format!("Path={RECEIPT}")] {
        assert!(set.contains(part), "{set}");
    }
    set.split(';').next().unwrap().to_string()
}

/// A filing's answer: a 303 to the receipt page (no code in the URL), then
/// the receipt with the cookie it set.
async fn receipt_after(app: &App, filed: &Reply) -> Reply {
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    assert_eq!(filed.location(), RECEIPT);
    let reply = get(app, RECEIPT, Some(&receipt_cookie(filed))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        reply.headers.get(header::CACHE_CONTROL).unwrap(),
        "no-store"
    );
    reply
}

async fn file_corruption(app: &App) -> String {
    let reply = post(
        app,
        "/o/nakhon/complaints/new/corruption",
        None,
        &[
            ("category", "bribery"),
            ("subject", CORRUPTION_SUBJECT),
            (
                "details",
                "เจ้าหน้าที่เรียกเงิน 5,000 บาทเพื่อออกใบอนุญาตก่อสร้างให้เร็วขึ้น",
            ),
            ("persons_concerned", "เจ้าหน้าที่ฝ่ายควบคุมอาคาร"),
            ("name", REPORTER_NAME),
            ("phone", REPORTER_PHONE),
        ],
    )
    .await;
    receipt_after(app, &reply).await.by_id("tracking-code")
}

/// The case's page and revision. Staff never see a tracking code (only its
/// keyed hash is stored), so the test finds the case the way the reporter's
/// code does, then checks the staff list links to it.
async fn case_of(app: &App, cookie: &str, channel: &str, code: &str) -> (String, String) {
    let parsed = sujarit_core::complaint::TrackingCode::parse(code).expect("a code");
    let hashes = app.keyring.tracking_hashes(&app.org, parsed.as_str());
    let id = app
        .store
        .track_complaint(&app.org, &hashes)
        .await
        .expect("track")
        .unwrap_or_else(|| panic!("{code} filed"))
        .complaint_id;
    let list = get(
        app,
        &format!("/staff/complaints?channel={channel}&view=all"),
        Some(cookie),
    )
    .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let href = format!("/staff/complaints/{id}");
    assert!(list.body.contains(&href), "{code} listed");
    assert!(
        !list.body.contains(code),
        "no tracking code on a staff page"
    );
    let page = get(app, &href, Some(cookie)).await;
    let revision = revision_in(&page.body);
    (href, revision)
}

/// The revision a case page's step form carries ("" when it has none).
fn revision_in(body: &str) -> String {
    let marker = "name=\"revision\" value=\"";
    body.find(marker)
        .map(|i| {
            let start = i + marker.len();
            body[start..start + body[start..].find('"').unwrap()].to_string()
        })
        .unwrap_or_default()
}

/// Records one step on a case as `cookie`, from its current revision.
async fn step(app: &App, cookie: &str, channel: &str, code: &str, fields: &[(&str, &str)]) {
    let (href, revision) = case_of(app, cookie, channel, code).await;
    let mut pairs = vec![("revision", revision.as_str())];
    pairs.extend_from_slice(fields);
    let reply = post(app, &format!("{href}/events"), Some(cookie), &pairs).await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "{fields:?}: {}",
        reply.body
    );
}

async fn track(app: &App, code: &str) -> Reply {
    post(app, "/o/nakhon/complaints/track", None, &[("code", code)]).await
}

// ---------------------------------------------------------------------------

#[tokio::test]
async fn both_kinds_are_filed_tracked_handled_to_the_end_and_counted() {
    let app = app().await;
    let general = file_general(&app, "ไฟฟ้าส่องสว่างดับ").await;
    let corruption = file_corruption(&app).await;
    assert_ne!(general, corruption);
    assert_eq!(general.len(), 19, "16 characters in four groups: {general}");

    // The citizen sees the case, received, due 15 days after receipt (BE).
    let tracked = track(&app, &general.to_lowercase().replace('-', " ")).await;
    assert_eq!(tracked.status, StatusCode::OK, "{}", tracked.body);
    assert!(tracked.body.contains("รับเรื่องแล้ว รอตรวจสอบ"));
    assert!(
        tracked.body.contains(&(today().year() + 543).to_string()),
        "BE dates"
    );

    let complaints_officer = session_of(&app, "complaints@nakhon.test").await;
    let integrity = session_of(&app, "integrity@nakhon.test").await;
    let officer = app
        .store
        .user_by_email(
            &app.org,
            &sujarit_core::account::Email::parse("officer@nakhon.test").unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
    let unit = officer.unit_id.clone().unwrap();

    // The general complaint, to the end.
    let c = complaints_officer.as_str();
    step(&app, c, "general", &general, &[("kind", "accept")]).await;
    step(
        &app,
        c,
        "general",
        &general,
        &[
            ("kind", "assign"),
            ("unit_id", &unit),
            ("officer_id", &officer.id),
        ],
    )
    .await;
    step(
        &app,
        c,
        "general",
        &general,
        &[("kind", "start_work"), ("internal_note", "ส่งช่างไฟฟ้าวันพรุ่งนี้")],
    )
    .await;
    step(
        &app,
        c,
        "general",
        &general,
        &[
            ("kind", "resolve"),
            ("public_message", "เปลี่ยนหลอดไฟครบทั้งซอยแล้ว"),
        ],
    )
    .await;
    step(&app, c, "general", &general, &[("kind", "close")]).await;

    let tracked = track(&app, &general).await;
    assert!(tracked.body.contains("เปลี่ยนหลอดไฟครบทั้งซอยแล้ว"));
    assert!(
        !tracked.body.contains("ส่งช่างไฟฟ้า"),
        "internal notes stay inside"
    );
    assert!(
        !tracked.body.contains("คุณเจ้าหน้าที่"),
        "no staff names: {}",
        tracked.body
    );
    assert!(tracked.body.contains("ประเมินความพึงพอใจ"));

    // The survey, once.
    let answered = post(
        &app,
        "/o/nakhon/complaints/track/survey",
        None,
        &[
            ("code", &general),
            ("rating", "5"),
            ("comment", "รวดเร็วมาก"),
        ],
    )
    .await;
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.body);
    let again = post(
        &app,
        "/o/nakhon/complaints/track/survey",
        None,
        &[("code", &general), ("rating", "1")],
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // The corruption report: the integrity officer alone, to the outcome.
    let i = integrity.as_str();
    let list = get(&app, "/staff/complaints?channel=corruption", Some(i)).await;
    assert!(
        list.body.contains(CORRUPTION_SUBJECT),
        "opened for the integrity officer"
    );
    step(&app, i, "corruption", &corruption, &[("kind", "accept")]).await;
    step(
        &app,
        i,
        "corruption",
        &corruption,
        &[("kind", "start_fact_finding")],
    )
    .await;
    step(
        &app,
        i,
        "corruption",
        &corruption,
        &[("kind", "take_action"), ("action_kind", "disciplinary")],
    )
    .await;
    step(
        &app,
        i,
        "corruption",
        &corruption,
        &[
            ("kind", "record_outcome"),
            ("public_message", "ดำเนินการทางวินัยกับผู้เกี่ยวข้องแล้ว"),
        ],
    )
    .await;
    let tracked = track(&app, &corruption).await;
    assert!(tracked.body.contains("ดำเนินการทางวินัยกับผู้เกี่ยวข้องแล้ว"));

    // Revealing the reporter: a reason first, and the auditor sees who and why.
    let (href, _) = case_of(&app, i, "corruption", &corruption).await;
    let no_reason = post(
        &app,
        &format!("{href}/reveal"),
        Some(i),
        &[("reason", "  ")],
    )
    .await;
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    assert!(!no_reason.body.contains(REPORTER_NAME));
    let revealed = post(
        &app,
        &format!("{href}/reveal"),
        Some(i),
        &[("reason", "ต้องเชิญผู้แจ้งมาให้ถ้อยคำต่อคณะกรรมการสอบข้อเท็จจริง")],
    )
    .await;
    assert_eq!(revealed.status, StatusCode::OK, "{}", revealed.body);
    assert!(revealed.body.contains(REPORTER_NAME));
    assert_eq!(
        revealed.headers.get(header::CACHE_CONTROL).unwrap(),
        "no-store"
    );
    // The auditor and the administrator see that the reporter was revealed,
    // by whom and when, but not why nor which report (review L3).
    let case_id = href.rsplit('/').next().unwrap();
    for reader in ["auditor@nakhon.test", "admin@nakhon.test"] {
        let cookie = session_of(&app, reader).await;
        let audit = get(&app, "/staff/audit", Some(&cookie)).await;
        assert_eq!(audit.status, StatusCode::OK, "{reader}");
        assert!(
            audit.body.contains("เปิดดูตัวตนและข้อมูลติดต่อของผู้ร้อง"),
            "{reader}"
        );
        assert!(audit.body.contains("integrity@nakhon.test"), "{reader}");
        assert!(!audit.body.contains("คณะกรรมการสอบข้อเท็จจริง"), "{reader}");
        assert!(!audit.body.contains(case_id), "{reader}");
    }

    // Statistics: both received this month, the general one completed; 100 % satisfied.
    let year = this_fiscal_year();
    let stats = get(
        &app,
        &format!("/o/nakhon/complaints/stats?year={year}"),
        None,
    )
    .await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.body);
    // Both channels side by side, never added up: the general channel's
    // month totals, the corruption channel's year only, counted to the end
    // of the last quarter that ended (this report is not in it yet).
    assert_eq!(stats.by_id("total-received"), "1");
    assert_eq!(stats.by_id("satisfaction"), "ร้อยละ 100.00");
    assert!(
        stats.body.contains("น้อยกว่า 3"),
        "one case in a category is not shown as 1"
    );
    assert_eq!(stats.by_id("corruption-received"), "0");
    assert!(stats.body.contains("id=\"corruption-categories\""));
    for category in ["การจัดซื้อจัดจ้าง", "การเรียกรับสินบน", "ทรัพย์สินของทางราชการ"]
    {
        assert!(stats.body.contains(category), "every category: {category}");
    }
    let general_only = get(
        &app,
        &format!("/o/nakhon/complaints/stats?year={year}&channel=general"),
        None,
    )
    .await;
    assert_eq!(general_only.by_id("total-received"), "1");

    // Executives see the counts and the satisfaction on their dashboard.
    let executive = session_of(&app, "executive@nakhon.test").await;
    let dashboard = get(
        &app,
        &format!("/staff/dashboard?year={year}"),
        Some(&executive),
    )
    .await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert_eq!(dashboard.by_id("complaints-received"), "1");
    assert_eq!(dashboard.by_id("complaints-corruption-received"), "0");
    assert_eq!(dashboard.by_id("complaints-satisfaction"), "ร้อยละ 100.00");
    assert!(!dashboard.body.contains(CORRUPTION_SUBJECT));

    // Nothing of the reporter in the database files in plain text.
    for entry in std::fs::read_dir(&app.dir.0).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            for secret in [
                REPORTER_NAME,
                REPORTER_PHONE,
                REPORTER_PHONE_DIGITS,
                CORRUPTION_SUBJECT,
            ] {
                assert!(
                    !contains(&bytes, secret.as_bytes()),
                    "{secret} in plain text in {}",
                    path.display()
                );
            }
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn only_the_integrity_officer_sees_corruption_reports() {
    let app = app().await;
    let general = file_general(&app, "ถนนเป็นหลุมบ่อ").await;
    let corruption = file_corruption(&app).await;
    let integrity = session_of(&app, "integrity@nakhon.test").await;
    let (corruption_case, _) = case_of(&app, &integrity, "corruption", &corruption).await;
    let complaints_officer = session_of(&app, "complaints@nakhon.test").await;
    let (general_case, _) = case_of(&app, &complaints_officer, "general", &general).await;

    for (email, role, _) in ACCOUNTS {
        let cookie = session_of(&app, email).await;
        let c = Some(cookie.as_str());
        let integrity_officer = role == Role::IntegrityOfficer;
        let handles_general = matches!(role, Role::ComplaintOfficer | Role::IntegrityOfficer);
        let reads_general = role != Role::UnitOfficer;
        // A unit officer reads only their unit's queue: a complaint not
        // assigned to their unit is, to them, an unknown id.
        let unit_officer = role == Role::UnitOfficer;
        let theirs = |status: StatusCode| {
            if unit_officer {
                StatusCode::NOT_FOUND
            } else {
                status
            }
        };
        let expect = |allowed: bool, status: StatusCode| {
            if allowed {
                status
            } else {
                StatusCode::FORBIDDEN
            }
        };

        let list = get(&app, "/staff/complaints?channel=corruption", c).await;
        assert_eq!(
            list.status,
            expect(integrity_officer, StatusCode::OK),
            "{email} lists corruption"
        );
        // A report's routes answer other roles exactly as an unknown id does:
        // a 404, so that an id does not tell its channel.
        let hidden = |status: StatusCode| {
            if integrity_officer {
                status
            } else {
                StatusCode::NOT_FOUND
            }
        };
        let unknown = "/staff/complaints/00000000-0000-4000-8000-000000000000";
        let case = get(&app, &corruption_case, c).await;
        assert_eq!(
            case.status,
            hidden(StatusCode::OK),
            "{email} opens a report"
        );
        if !integrity_officer {
            assert!(!case.body.contains(CORRUPTION_SUBJECT), "{email}");
            assert_eq!(case.body, get(&app, unknown, c).await.body, "{email}");
        }
        let reveal = post(
            &app,
            &format!("{corruption_case}/reveal"),
            c,
            &[("reason", "ทดสอบ")],
        )
        .await;
        assert_eq!(reveal.status, hidden(StatusCode::OK), "{email} reveals");
        if !integrity_officer {
            let missing = post(
                &app,
                &format!("{unknown}/reveal"),
                c,
                &[("reason", "ทดสอบ")],
            )
            .await;
            assert_eq!(
                (reveal.status, &reveal.body),
                (missing.status, &missing.body),
                "{email}"
            );
        }
        let event = post(
            &app,
            &format!("{corruption_case}/events"),
            c,
            &[
                ("kind", "note"),
                ("internal_note", "x"),
                ("revision", "999"),
            ],
        )
        .await;
        assert_eq!(
            event.status,
            hidden(StatusCode::CONFLICT),
            "{email} records on a report (stale revision)"
        );

        let list = get(&app, "/staff/complaints?channel=general", c).await;
        assert_eq!(list.status, StatusCode::OK, "{email} lists general");
        let case = get(&app, &general_case, c).await;
        assert_eq!(
            case.status,
            theirs(StatusCode::OK),
            "{email} opens a complaint"
        );
        let event = post(
            &app,
            &format!("{general_case}/events"),
            c,
            &[
                ("kind", "note"),
                ("internal_note", "x"),
                ("revision", "999"),
            ],
        )
        .await;
        let event_status = if handles_general {
            StatusCode::CONFLICT
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(
            event.status,
            theirs(event_status),
            "{email} records on a complaint"
        );
        // Attaching a file (an empty form: 400 for those who may).
        let upload = staff_upload(&app, &general_case, &cookie, "", b"").await;
        assert_eq!(
            upload.status,
            theirs(expect(handles_general, StatusCode::BAD_REQUEST)),
            "{email} attaches to a complaint"
        );
        let upload = staff_upload(&app, &corruption_case, &cookie, "", b"").await;
        assert_eq!(
            upload.status,
            hidden(StatusCode::BAD_REQUEST),
            "{email} attaches to a report"
        );
        // The report to executives: read by all who read complaints; each
        // channel's narrative written only by that channel's officers.
        let report = get(&app, "/staff/complaints/report", c).await;
        assert_eq!(
            report.status,
            expect(reads_general, StatusCode::OK),
            "{email} opens the report"
        );
        if reads_general {
            assert!(!report.body.contains(CORRUPTION_SUBJECT), "{email}");
        }
        let xlsx = get(&app, "/staff/complaints/report/download?format=xlsx", c).await;
        assert_eq!(
            xlsx.status,
            expect(reads_general, StatusCode::OK),
            "{email} downloads the report"
        );
        for (channel, allowed) in [
            ("general", handles_general),
            ("corruption", integrity_officer),
        ] {
            // Revision 999 is stale: a writer gets 409 and nothing is saved.
            let notes = post(
                &app,
                "/staff/complaints/report/notes",
                c,
                &[
                    ("year", &this_fiscal_year().to_string()),
                    ("round", "12m"),
                    ("channel", channel),
                    ("revision", "999"),
                    ("problems", "x"),
                ],
            )
            .await;
            assert_eq!(
                notes.status,
                expect(allowed, StatusCode::CONFLICT),
                "{email} writes the {channel} narrative"
            );
        }
        // The staff home offers exactly what the role may open.
        let home = get(&app, "/staff/", c).await;
        assert_eq!(
            home.body.contains("channel=corruption"),
            integrity_officer,
            "{email} home"
        );
    }
    // Anonymous visitors are sent to log in.
    let anonymous = get(&app, &corruption_case, None).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous.location().starts_with("/staff/login"));
}

#[tokio::test]
async fn bad_input_gets_a_thai_message_at_the_field_and_files_nothing() {
    let app = app().await;
    let empty = post(
        &app,
        "/o/nakhon/complaints/new/general",
        None,
        &[
            ("category", "roads"),
            ("subject", " "),
            ("details", ""),
            ("email", "not-an-email"),
        ],
    )
    .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(
        empty.body.contains("id=\"subject-error\""),
        "{}",
        empty.body
    );
    assert!(empty.body.contains("id=\"details-error\""));
    assert!(empty.body.contains("id=\"email-error\""));
    let unknown_category = post(
        &app,
        "/o/nakhon/complaints/new/general",
        None,
        &[("category", "bribery"), ("subject", "x"), ("details", "y")],
    )
    .await;
    assert_eq!(
        unknown_category.status,
        StatusCode::BAD_REQUEST,
        "a corruption category on the general channel"
    );
    assert_eq!(
        get(&app, "/o/nakhon/complaints/new/other", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Script in a subject is text wherever it is shown.
    let code = file_general(&app, "<script>alert(1)</script> ไฟดับ").await;
    let tracked = track(&app, &code).await;
    assert!(!tracked.body.contains("<script>alert(1)"));
    let officer = session_of(&app, "complaints@nakhon.test").await;
    let list = get(&app, "/staff/complaints?channel=general", Some(&officer)).await;
    assert!(list.body.contains("alert(1)"), "shown, as text");
    assert!(!list.body.contains("<script>alert(1)"));

    // Tracking codes: malformed is a 400 at the field, unknown a 404.
    let malformed = track(&app, "ABC").await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert!(malformed.body.contains("id=\"code-error\""));
    let unknown = track(&app, "0000-0000-0000-0000").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // A step the workflow does not allow now, or without its message.
    let (href, revision) = case_of(&app, &officer, "general", &code).await;
    let resolve_now = post(
        &app,
        &format!("{href}/events"),
        Some(&officer),
        &[
            ("kind", "resolve"),
            ("public_message", "เสร็จ"),
            ("revision", &revision),
        ],
    )
    .await;
    assert_eq!(
        resolve_now.status,
        StatusCode::CONFLICT,
        "received cannot be resolved yet"
    );
    let forward_silently = post(
        &app,
        &format!("{href}/events"),
        Some(&officer),
        &[("kind", "forward"), ("revision", &revision)],
    )
    .await;
    assert_eq!(forward_silently.status, StatusCode::BAD_REQUEST);
    assert!(forward_silently.body.contains("ข้อความแจ้งผู้ร้อง"));

    let stats = get(
        &app,
        &format!("/o/nakhon/complaints/stats?year={}", this_fiscal_year()),
        None,
    )
    .await;
    assert_eq!(
        stats.by_id("total-received"),
        "1",
        "only the valid complaint was filed"
    );
}

#[tokio::test]
async fn one_address_filing_too_often_gets_429() {
    let app = app_with(Limits {
        filing: Limit::new(2, Duration::from_secs(600)),
        tracking: Limit::new(3, Duration::from_secs(600)),
        ..Limits::default()
    })
    .await;
    let code = file_general(&app, "หนึ่ง").await;
    file_general(&app, "เรื่องที่สอง").await;
    let third = post(
        &app,
        "/o/nakhon/complaints/new/general",
        None,
        &[
            ("category", "roads"),
            ("subject", "สาม"),
            ("details", "รายละเอียด"),
        ],
    )
    .await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(third.body.contains("มากเกินไป"));
    let api = post_json(
        &app,
        "/api/v1/complaints",
        &serde_json::json!({"channel": "general", "category": "roads", "subject": "สี่", "details": "x"}),
    )
    .await;
    assert_eq!(api.status, StatusCode::TOO_MANY_REQUESTS);
    for _ in 0..3 {
        assert_eq!(track(&app, &code).await.status, StatusCode::OK);
    }
    assert_eq!(
        track(&app, &code).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn the_json_api_files_tracks_and_counts() {
    let app = app().await;
    let reply = post_json(
        &app,
        "/api/v1/complaints",
        &serde_json::json!({
            "channel": "corruption",
            "category": "procurement",
            "subject": "ฮั้วประมูลงานก่อสร้างถนน",
            "details": "ผู้เสนอราคาสามรายเป็นเครือญาติกัน",
            "contact": {"name": REPORTER_NAME, "phone": REPORTER_PHONE}
        }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let receipt = reply.json();
    let code = receipt["tracking_code"].as_str().unwrap().to_string();
    let received = time::OffsetDateTime::parse(
        receipt["received_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let due = sujarit_core::thai::local_date(received) + time::Duration::days(15);
    assert_eq!(
        receipt["due_date"],
        due.to_string(),
        "15 calendar days after receipt"
    );

    let tracked = post_json(
        &app,
        "/api/v1/complaints/track",
        &serde_json::json!({"code": code.to_lowercase()}),
    )
    .await;
    assert_eq!(tracked.status, StatusCode::OK, "{}", tracked.body);
    let status = tracked.json();
    assert_eq!(status["state"], "received");
    assert_eq!(status["channel"], "corruption");
    assert_eq!(status["history"].as_array().unwrap().len(), 1);
    assert!(
        !tracked.body.contains(REPORTER_NAME),
        "the tracking answer carries no identity"
    );

    let bad = post_json(&app, "/api/v1/complaints", &serde_json::json!({"channel": "general", "category": "roads", "subject": "", "details": "x", "contact": {"email": "a@"}})).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let fields: Vec<String> = bad.json()["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    assert!(
        fields.contains(&"subject".to_string()) && fields.contains(&"contact.email".to_string()),
        "{fields:?}"
    );
    let not_json = send(
        &app,
        Method::POST,
        "/api/v1/complaints",
        None,
        Some("application/json"),
        b"{".to_vec(),
    )
    .await;
    assert_eq!(not_json.status, StatusCode::BAD_REQUEST);
    assert!(not_json.json()["error"].as_str().unwrap().contains("JSON"));
    assert_eq!(
        post_json(
            &app,
            "/api/v1/complaints/track",
            &serde_json::json!({"code": "XYZ"})
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post_json(
            &app,
            "/api/v1/complaints/track",
            &serde_json::json!({"code": "0000000000000000"})
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // The code is never read from a URL (it would reach proxy logs), and the
    // keyed hash the database keeps is not a code: a stolen hash opens nothing.
    let path_lookup = get(&app, &format!("/api/v1/complaints/track/{code}"), None).await;
    assert!(
        matches!(
            path_lookup.status,
            StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
        ),
        "{}",
        path_lookup.status
    );
    let parsed = sujarit_core::complaint::TrackingCode::parse(&code).unwrap();
    let stored_hash = app.keyring.tracking_hash(&app.org, parsed.as_str());
    let replayed = post_json(
        &app,
        "/api/v1/complaints/track",
        &serde_json::json!({"code": stored_hash}),
    )
    .await;
    assert_eq!(
        replayed.status,
        StatusCode::BAD_REQUEST,
        "{}",
        replayed.body
    );

    let stats = get(
        &app,
        &format!(
            "/api/v1/complaints/stats?fiscal_year={}&channel=corruption",
            this_fiscal_year()
        ),
        None,
    )
    .await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.body);
    // The corruption channel: no month at all, the year as of the last
    // quarter's end, every enabled category, counts as published.
    let body = stats.json();
    assert_eq!(body["months"].as_array().unwrap().len(), 0);
    assert_eq!(body["categories"].as_array().unwrap().len(), 0);
    let corruption = &body["corruption"];
    assert_eq!(corruption["received"]["count"], 0);
    assert_eq!(corruption["received"]["text"], "0");
    assert_eq!(corruption["categories"].as_array().unwrap().len(), 6);
    assert!(corruption["satisfaction"].is_null());
    let general = get(
        &app,
        &format!(
            "/api/v1/complaints/stats?fiscal_year={}&channel=general",
            this_fiscal_year()
        ),
        None,
    )
    .await
    .json();
    let months = general["months"].as_array().unwrap().clone();
    assert_eq!(months.len(), 12);
    assert_eq!(months[0]["month"], 10, "the fiscal year starts in October");
    assert!(general["corruption"].is_null());
    let total: u64 = months.iter().map(|m| m["received"].as_u64().unwrap()).sum();
    assert_eq!(total, 0, "no general complaint in this test");
    assert_eq!(
        get(&app, "/api/v1/complaints/stats?fiscal_year=68", None)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn settings_change_deadlines_and_categories_and_recurring_problems_are_grouped() {
    let app = app().await;
    let admin = session_of(&app, "admin@nakhon.test").await;
    let a = Some(admin.as_str());
    let zero = post(
        &app,
        "/staff/complaints/settings",
        a,
        &[
            ("channel", "general"),
            ("action", "deadline"),
            ("deadline_days", "0"),
        ],
    )
    .await;
    assert_eq!(zero.status, StatusCode::BAD_REQUEST);
    assert!(zero.body.contains("1 ถึง 365"), "{}", zero.body);
    let ten = post(
        &app,
        "/staff/complaints/settings",
        a,
        &[
            ("channel", "general"),
            ("action", "deadline"),
            ("deadline_days", "10"),
        ],
    )
    .await;
    assert_eq!(ten.status, StatusCode::SEE_OTHER, "{}", ten.body);
    let added = post(
        &app,
        "/staff/complaints/settings",
        a,
        &[
            ("channel", "general"),
            ("action", "add"),
            ("code", "trees"),
            ("thai", "ต้นไม้ล้ม กิ่งไม้"),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let form = get(&app, "/o/nakhon/complaints/new/general", None).await;
    assert!(form.body.contains("ต้นไม้ล้ม กิ่งไม้"));
    let disabled = post(
        &app,
        "/staff/complaints/settings",
        a,
        &[
            ("channel", "general"),
            ("action", "disable"),
            ("code", "other"),
        ],
    )
    .await;
    assert_eq!(
        disabled.status,
        StatusCode::CONFLICT,
        "\"other\" always stays"
    );

    // The new deadline applies to what is filed from now on.
    let reply = post_json(
        &app,
        "/api/v1/complaints",
        &serde_json::json!({"channel": "general", "category": "trees", "subject": "กิ่งไม้ขวางถนน", "details": "ล้มตั้งแต่เมื่อคืน ขวางทางทั้งสองเลน", "place": "หน้าตลาด"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let receipt = reply.json();
    let received = time::OffsetDateTime::parse(
        receipt["received_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let due = sujarit_core::thai::local_date(received) + time::Duration::days(10);
    assert_eq!(receipt["due_date"], due.to_string());
    post_json(
        &app,
        "/api/v1/complaints",
        &serde_json::json!({"channel": "general", "category": "trees", "subject": "กิ่งไม้อีก", "details": "ล้มอีกต้นหนึ่ง ขวางทางเท้าหน้าตลาด", "place": "หน้าตลาด"}),
    )
    .await;

    let officer = session_of(&app, "complaints@nakhon.test").await;
    let recurring = get(&app, "/staff/complaints/recurring", Some(&officer)).await;
    assert_eq!(recurring.status, StatusCode::OK, "{}", recurring.body);
    assert!(
        recurring.body.contains("ต้นไม้ล้ม กิ่งไม้: <strong>2</strong>"),
        "{}",
        recurring.body
    );
    assert!(recurring.body.contains("หน้าตลาด"));
    // Settings are the administrator's; reminders list the cases due soon.
    assert_eq!(
        get(&app, "/staff/complaints/settings", Some(&officer))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let unit_officer = session_of(&app, "officer@nakhon.test").await;
    assert_eq!(
        get(&app, "/staff/complaints/recurring", Some(&unit_officer))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let due_soon = get(
        &app,
        "/staff/complaints?channel=general&view=due_soon",
        Some(&officer),
    )
    .await;
    assert_eq!(due_soon.status, StatusCode::OK);
    assert!(
        !due_soon.body.contains("กิ่งไม้ขวางถนน"),
        "due in 10 days is not within 3"
    );
}

#[tokio::test]
async fn complainants_with_an_email_get_notices_over_smtp() {
    let app = app().await;
    let Some(smtp) = SmtpServer::start(&app.dir.0) else {
        return;
    };
    let general = file_general(&app, "น้ำประปาไม่ไหล").await;
    let reporter = post(
        &app,
        "/o/nakhon/complaints/new/corruption",
        None,
        &[
            ("category", "bribery"),
            ("subject", CORRUPTION_SUBJECT),
            ("details", "รายละเอียดการเรียกรับเงิน"),
            ("email", "reporter@example.org"),
        ],
    )
    .await;
    let corruption = receipt_after(&app, &reporter).await.by_id("tracking-code");
    let officer = session_of(&app, "complaints@nakhon.test").await;
    step(&app, &officer, "general", &general, &[("kind", "accept")]).await;
    step(
        &app,
        &officer,
        "general",
        &general,
        &[("kind", "note"), ("internal_note", "ภายในเท่านั้น")],
    )
    .await;
    let integrity = session_of(&app, "integrity@nakhon.test").await;
    step(
        &app,
        &integrity,
        "corruption",
        &corruption,
        &[("kind", "accept")],
    )
    .await;

    let keyring_holder = app.keyring.clone();
    let mailer = sujarit_service::complaints::notices::Mailer::new(
        &sujarit_service::complaints::notices::MailConfig {
            smtp_url: format!("smtp://127.0.0.1:{}", smtp.port),
            from: "ศูนย์รับเรื่องร้องเรียน <complaints@nakhon.test>".into(),
            public_url: "https://nakhon.test".into(),
            allow_plaintext: true,
        },
    )
    .unwrap();
    let sent = sujarit_service::complaints::notices::send_pending(
        app.store.as_ref(),
        &keyring_holder,
        &mailer,
    )
    .await;
    assert_eq!(
        sent, 1,
        "one per public step of a general case with an e-mail; the note is internal; \
         a corruption reporter's contact opens only with the report's own key, so none there"
    );
    // Nothing left to send: a second round sends nothing again.
    assert_eq!(
        sujarit_service::complaints::notices::send_pending(
            app.store.as_ref(),
            &keyring_holder,
            &mailer
        )
        .await,
        0
    );
    let mut messages = Vec::new();
    for _ in 0..50 {
        messages = smtp.messages();
        if messages.len() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(messages.len(), 1);
    let to_citizen = messages
        .iter()
        .find(|m| m.contains("manee@example.org"))
        .expect("the citizen's notice");
    let text = decoded(to_citizen);
    assert!(
        !text.contains(&general),
        "the code is not stored, so no e-mail can carry it: {text}"
    );
    assert!(
        text.contains("เลขอ้างอิง"),
        "the notice names the case's reference: {text}"
    );
    assert!(text.contains("https://nakhon.test/o/nakhon/complaints/track"));
    assert!(!text.contains("ภายในเท่านั้น"));
    assert!(
        !messages.iter().any(|m| m.contains("reporter@example.org")),
        "no e-mail to a corruption reporter"
    );
    assert!(!messages.iter().any(|m| m.contains(&corruption)));
}

#[tokio::test]
async fn machine_clients_file_without_an_origin_but_cookies_still_need_one() {
    let app = app().await;
    let body = serde_json::json!({"organization": "nakhon", "channel": "general", "category": "roads", "subject": "ถนนชำรุด", "details": "หลุมใหญ่กลางถนน รถล้มไปแล้วสองคัน"}).to_string();
    let bare = |cookie: Option<&str>| {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/complaints")
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(c) = cookie {
            request = request.header(header::COOKIE, c);
        }
        request.body(Body::from(body.clone())).unwrap()
    };
    let filed = app.router.clone().oneshot(bare(None)).await.unwrap();
    assert_eq!(
        filed.status(),
        StatusCode::CREATED,
        "no cookie, no Origin: a machine client"
    );
    let officer = session_of(&app, "complaints@nakhon.test").await;
    let with_cookie = app
        .router
        .clone()
        .oneshot(bare(Some(&officer)))
        .await
        .unwrap();
    assert_eq!(
        with_cookie.status(),
        StatusCode::FORBIDDEN,
        "a cookie without an Origin is refused"
    );
}

/// A multipart filing form: text fields, then files as `files`.
async fn file_with_attachments(
    app: &App,
    channel: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> Reply {
    let uri = format!("/o/nakhon/complaints/new/{channel}");
    post_multipart(app, &uri, None, fields, "files", files).await
}

fn jpeg_with_gps() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    bytes.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    let exif = b"Exif\0\0GPS 8.4319N 99.9631E owner Somchai";
    bytes.extend([0xFF, 0xE1, 0x00, (exif.len() + 2) as u8]);
    bytes.extend(exif);
    bytes.extend([0xFF, 0xD9]);
    bytes
}

/// A one-page PDF whose page says what it is about and whose Info names its author.
const PDF_SECRET: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj\n4 0 obj<</Length 39>>stream\nBT (minutes of the bribe meeting) Tj ET\nendstream\nendobj\n5 0 obj<</Author(Prasert Lab)>>endobj\ntrailer<</Root 1 0 R/Info 5 0 R>>\n%%EOF\n";

#[tokio::test]
async fn attachments_are_checked_stripped_and_sealed_for_reports() {
    let app = app().await;
    let general = file_with_attachments(
        &app,
        "general",
        &[
            ("category", "roads"),
            ("subject", "ถนนเป็นหลุม"),
            ("details", "ดูภาพประกอบ หลุมลึกกลางถนนหน้าบ้าน"),
        ],
        &[("หลุม.jpg", &jpeg_with_gps())],
    )
    .await;
    let general_code = receipt_after(&app, &general).await.by_id("tracking-code");
    let report = file_with_attachments(
        &app,
        "corruption",
        &[
            ("category", "bribery"),
            ("subject", CORRUPTION_SUBJECT),
            ("details", "บันทึกการประชุมแนบมา"),
        ],
        &[("บันทึกลับ.pdf", PDF_SECRET)],
    )
    .await;
    let report_code = receipt_after(&app, &report).await.by_id("tracking-code");

    // Nothing on disk holds the report's file or its name in the clear.
    for (_, bytes) in &everything_stored(&app.dir.0) {
        assert!(
            !contains(bytes, b"minutes of the bribe meeting"),
            "the report's file is sealed"
        );
        assert!(!contains(bytes, "บันทึกลับ".as_bytes()), "and so is its name");
        assert!(
            !contains(bytes, b"Somchai"),
            "EXIF is stripped before storing"
        );
    }

    // Staff download: the image without its EXIF; the report opened for the integrity officer.
    let officer = session_of(&app, "complaints@nakhon.test").await;
    let (href, _) = case_of(&app, &officer, "general", &general_code).await;
    let page = get(&app, &href, Some(&officer)).await;
    let link_start = page.body.find("/files/").expect("an attachment link");
    let link_from = page.body[..link_start].rfind('"').unwrap() + 1;
    let link_to = page.body[link_start..].find('"').unwrap() + link_start;
    let image = send(
        &app,
        Method::GET,
        &page.body[link_from..link_to],
        Some(&officer),
        None,
        Vec::new(),
    )
    .await;
    assert_eq!(image.status, StatusCode::OK);
    assert!(image.bytes.starts_with(&[0xFF, 0xD8]));
    assert!(!contains(&image.bytes, b"Somchai"));

    let integrity = session_of(&app, "integrity@nakhon.test").await;
    let (href, _) = case_of(&app, &integrity, "corruption", &report_code).await;
    let page = get(&app, &href, Some(&integrity)).await;
    assert!(
        page.body.contains("บันทึกลับ.pdf"),
        "the name opens for the integrity officer"
    );
    let link_start = page.body.find("/files/").expect("an attachment link");
    let link_from = page.body[..link_start].rfind('"').unwrap() + 1;
    let link_to = page.body[link_start..].find('"').unwrap() + link_start;
    let link = page.body[link_from..link_to].to_string();
    let pdf = send(&app, Method::GET, &link, Some(&integrity), None, Vec::new()).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    assert!(
        contains(&pdf.bytes, b"minutes of the bribe meeting"),
        "the page is kept"
    );
    assert!(contains(PDF_SECRET, b"Prasert"));
    assert!(!contains(&pdf.bytes, b"Prasert"), "the author is stripped");
    let refused = send(&app, Method::GET, &link, Some(&officer), None, Vec::new()).await;
    assert_eq!(
        refused.status,
        StatusCode::NOT_FOUND,
        "not for the complaint officer: not even that it exists"
    );

    // A disguised file and a fourth file are refused, and nothing is filed.
    let disguised = file_with_attachments(
        &app,
        "general",
        &[
            ("category", "roads"),
            ("subject", "ไฟล์ปลอม"),
            ("details", "แนบไฟล์ประกอบเรื่องนี้มาด้วยครับ"),
        ],
        &[("ภาพ.pdf", b"<html><script>alert(1)</script></html>")],
    )
    .await;
    assert_eq!(disguised.status, StatusCode::BAD_REQUEST);
    assert!(
        disguised.body.contains("id=\"files-error\""),
        "{}",
        disguised.body
    );
    let too_many = file_with_attachments(
        &app,
        "general",
        &[
            ("category", "roads"),
            ("subject", "สี่ไฟล์"),
            ("details", "แนบไฟล์ประกอบเรื่องนี้มาด้วยครับ"),
        ],
        &[
            ("1.pdf", PDF_SECRET),
            ("2.pdf", PDF_SECRET),
            ("3.pdf", PDF_SECRET),
            ("4.pdf", PDF_SECRET),
        ],
    )
    .await;
    assert_eq!(too_many.status, StatusCode::BAD_REQUEST);
    let stats = get(
        &app,
        &format!("/o/nakhon/complaints/stats?year={}", this_fiscal_year()),
        None,
    )
    .await;
    assert_eq!(
        stats.by_id("total-received"),
        "1",
        "the refused ones were not filed (the general channel's total)"
    );
    assert_eq!(
        stats.by_id("corruption-received"),
        "0",
        "until its quarter ends"
    );
}

/// Every file under the test's file store.
fn stored_files(app: &App) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![app.dir.0.join("files")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

#[tokio::test]
async fn the_statistics_default_to_the_complaint_centres_fiscal_year() {
    // 15 January 2024 is in fiscal year 2567, whatever the real date is.
    let today = time::Date::from_calendar_date(2024, time::Month::January, 15).unwrap();
    let app = app_on(Limits::default(), Clock::Fixed(today)).await;
    let page = get(&app, "/o/nakhon/complaints/stats", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("สถิติเรื่องร้องเรียน ปีงบประมาณ 2567"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn a_refused_filing_keeps_no_file() {
    let app = app().await;
    // Invalid before anything is written: no subject.
    let no_subject = file_with_attachments(
        &app,
        "general",
        &[
            ("category", "roads"),
            ("subject", " "),
            ("details", "ดูภาพประกอบ หลุมลึกกลางถนนหน้าบ้าน"),
        ],
        &[("หลุม.jpg", &jpeg_with_gps())],
    )
    .await;
    assert_eq!(no_subject.status, StatusCode::BAD_REQUEST);
    assert!(
        no_subject.body.contains("id=\"subject-error\""),
        "{}",
        no_subject.body
    );
    assert_eq!(stored_files(&app), Vec::<std::path::PathBuf>::new());

    // A category the organisation does not have is refused before the file
    // is even written (a general file is content-addressed and could never
    // be removed safely afterwards).
    let unknown_general = file_with_attachments(
        &app,
        "general",
        &[
            ("category", "no-such-category"),
            ("subject", "ถนนเป็นหลุม"),
            ("details", "ดูภาพประกอบ หลุมลึกกลางถนนหน้าบ้าน"),
        ],
        &[("หลุม.jpg", &jpeg_with_gps())],
    )
    .await;
    assert_eq!(unknown_general.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown_general.body.contains("id=\"category-error\""),
        "{}",
        unknown_general.body
    );
    assert_eq!(stored_files(&app), Vec::<std::path::PathBuf>::new());

    // A corruption report with an unknown category, the same: refused with
    // its file never written.
    async fn report(app: &App, category: &str) -> Reply {
        let fields = [
            ("category", category),
            ("subject", CORRUPTION_SUBJECT),
            ("details", "บันทึกการประชุมแนบมา"),
        ];
        file_with_attachments(app, "corruption", &fields, &[("บันทึกลับ.pdf", PDF_SECRET)]).await
    }
    let unknown_category = report(&app, "no-such-category").await;
    assert_eq!(unknown_category.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown_category.body.contains("id=\"category-error\""),
        "{}",
        unknown_category.body
    );
    assert_eq!(stored_files(&app), Vec::<std::path::PathBuf>::new());

    // The same report with a real category is filed with its file.
    let filed = report(&app, "bribery").await;
    receipt_after(&app, &filed).await;
    assert_eq!(stored_files(&app).len(), 1);
}

#[tokio::test]
async fn the_report_to_executives_counts_the_round_and_keeps_the_officers_narrative() {
    let app = app().await;
    for i in 0..3 {
        file_general(&app, &format!("ไฟดับ ครั้งที่ {i}")).await;
    }
    file_corruption(&app).await;
    let officer = session_of(&app, "complaints@nakhon.test").await;
    let o = Some(officer.as_str());
    let year = this_fiscal_year().to_string();
    let page = get(
        &app,
        &format!("/staff/complaints/report?year={year}&round=12m"),
        o,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"notes-form-general\""));
    assert!(
        !page.body.contains("id=\"notes-form-corruption\""),
        "the complaint officer does not write the corruption channel's part"
    );
    let general_part = &page.body
        [page.body.find("totals-general").unwrap()..page.body.find("totals-corruption").unwrap()];
    assert!(
        general_part.contains("เรื่องที่ได้รับ</th><td class=\"num\">3</td>"),
        "3 received: {general_part}"
    );
    assert!(
        !page.body.contains("ซอยราชดำเนิน 5"),
        "places are the working group's view, not the report's"
    );
    assert!(page.body.contains("/staff/complaints/recurring?year="));
    assert!(!page.body.contains(CORRUPTION_SUBJECT));
    assert!(!page.body.contains(REPORTER_NAME));

    let year_text = year.clone();
    let notes = move |revision: &str, problems: &str| -> Vec<(&'static str, String)> {
        vec![
            ("year", year_text.clone()),
            ("round", "12m".to_string()),
            ("channel", "general".to_string()),
            ("revision", revision.to_string()),
            ("problems", problems.to_string()),
            ("obstacles", "ช่างไฟฟ้ามีน้อย".to_string()),
            ("solutions", "จ้างเหมาซ่อมไฟรายปี".to_string()),
        ]
    };
    // A control character: refused at the field, nothing saved.
    let bad = send_notes(&app, &officer, notes("0", "ไฟดับบ่อย\u{0007}")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    assert!(bad.body.contains("ปัญหามีอักขระควบคุม"), "{}", bad.body);
    assert!(
        bad.body.contains("จ้างเหมาซ่อมไฟรายปี"),
        "what was typed is kept"
    );
    let year_number = sujarit_core::FiscalYear(this_fiscal_year());
    let round = sujarit_core::progress::Round::TwelveMonths;
    assert!(
        app.store
            .complaint_report_notes(&app.org, year_number, round)
            .await
            .unwrap()
            .is_empty()
    );
    // Saved; a second form opened before the save is stale (409).
    let script = "ไฟดับซ้ำที่ซอย 5 <script>alert(1)</script>";
    let saved = send_notes(&app, &officer, notes("0", script)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stale = send_notes(&app, &officer, notes("0", "อีกคนหนึ่ง")).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(stale.body.contains("มีผู้แก้ไข"), "{}", stale.body);
    let stored = app
        .store
        .complaint_report_notes(&app.org, year_number, round)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].notes.problems, script);

    // The executive reads it (escaped), writes nothing, downloads both files.
    let executive = session_of(&app, "executive@nakhon.test").await;
    let e = Some(executive.as_str());
    let page = get(
        &app,
        &format!("/staff/complaints/report?year={year}&round=12m"),
        e,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("<textarea"));
    assert!(
        page.body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<script>alert(1)"));
    let pdf = get(
        &app,
        &format!("/staff/complaints/report/download?year={year}&round=12m&format=pdf"),
        e,
    )
    .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(
        pdf.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/pdf"
    );
    assert_eq!(
        pdf.headers.get(header::CONTENT_DISPOSITION).unwrap(),
        &format!("attachment; filename=\"complaints-{year}-12m.pdf\"")
    );
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    let xlsx = get(
        &app,
        &format!("/staff/complaints/report/download?year={year}&round=12m&format=xlsx"),
        e,
    )
    .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.bytes.starts_with(b"PK"), "an XLSX is a zip");
    // Bad parameters: 400 in Thai.
    for uri in [
        "/staff/complaints/report?year=25x9",
        "/staff/complaints/report?round=9m",
        "/staff/complaints/report/download?format=csv",
        "/staff/complaints/report/download?format=pdf&year=1999",
    ] {
        let reply = get(&app, uri, e).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            reply
                .body
                .chars()
                .any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)),
            "{uri}"
        );
    }
    // The save is in the audit log.
    let audit = app.store.audit_log(&app.org, None, 50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.action == sujarit_store::AUDIT_REPORT_NOTES_SAVED)
    );
}

async fn send_notes(app: &App, cookie: &str, fields: Vec<(&'static str, String)>) -> Reply {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post(app, "/staff/complaints/report/notes", Some(cookie), &pairs).await
}

/// One file sent as the staff upload form does.
async fn staff_upload(app: &App, case: &str, cookie: &str, name: &str, bytes: &[u8]) -> Reply {
    let uri = format!("{case}/files");
    post_multipart(app, &uri, Some(cookie), &[], "file", &[(name, bytes)]).await
}

#[tokio::test]
async fn handling_officers_attach_files_to_open_cases() {
    let app = app().await;
    let general = file_general(&app, "ถนนทรุดหน้าตลาด").await;
    let corruption = file_corruption(&app).await;
    let officer = session_of(&app, "complaints@nakhon.test").await;
    let (general_case, _) = case_of(&app, &officer, "general", &general).await;

    // A photo of the repair: accepted, its EXIF removed, marked as staff's.
    let reply = staff_upload(
        &app,
        &general_case,
        &officer,
        "ซ่อมแล้ว.jpg",
        &jpeg_with_gps(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), format!("{general_case}?done=file"));
    let page = get(&app, reply.location(), Some(&officer)).await;
    assert!(page.body.contains("แนบไฟล์แล้ว"));
    assert!(page.body.contains("ซ่อมแล้ว.jpg"));
    assert!(page.body.contains("แนบโดยเจ้าหน้าที่"));
    let link_end = page.body.find("\">ซ่อมแล้ว.jpg").unwrap();
    let link_start = page.body[..link_end].rfind('"').unwrap() + 1;
    let photo = get(&app, &page.body[link_start..link_end], Some(&officer)).await;
    assert_eq!(photo.status, StatusCode::OK);
    assert!(photo.bytes.starts_with(&[0xFF, 0xD8]));
    assert!(!contains(&photo.bytes, b"Somchai"), "EXIF stripped");

    // A program named .pdf and an empty form: a Thai message at the field.
    let disguised = staff_upload(
        &app,
        &general_case,
        &officer,
        "คำตอบ.pdf",
        b"MZ\x90\0 program",
    )
    .await;
    assert_eq!(
        disguised.status,
        StatusCode::BAD_REQUEST,
        "{}",
        disguised.body
    );
    assert!(
        disguised.body.contains("id=\"file-error\""),
        "{}",
        disguised.body
    );
    let empty = staff_upload(&app, &general_case, &officer, "", b"").await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains("โปรดเลือกไฟล์ที่จะแนบ"));
    let case = app
        .store
        .complaint(&app.org, general_case.rsplit('/').next().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.attachments.len(), 1, "nothing else was attached");
    let audit = app.store.audit_log(&app.org, None, 50).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|a| a.action == sujarit_store::AUDIT_ATTACHMENT_ADDED)
            .count(),
        1
    );

    // Readers who do not handle the case may not attach; nor to a report.
    let executive = session_of(&app, "executive@nakhon.test").await;
    let refused = staff_upload(&app, &general_case, &executive, "x.jpg", &jpeg_with_gps()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let integrity = session_of(&app, "integrity@nakhon.test").await;
    let (report_case, _) = case_of(&app, &integrity, "corruption", &corruption).await;
    let refused = staff_upload(&app, &report_case, &officer, "x.jpg", &jpeg_with_gps()).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    // The integrity officer's file on a report is sealed on disk, name too.
    let secret_pdf = sujarit_testkit::sample::PDF;
    let reply = staff_upload(
        &app,
        &report_case,
        &integrity,
        "บันทึกสอบข้อเท็จจริง.pdf",
        secret_pdf,
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let report = app
        .store
        .complaint(&app.org, report_case.rsplit('/').next().unwrap())
        .await
        .unwrap()
        .unwrap();
    let sealed = &report.attachments[0];
    assert!(sealed.file_name.is_none() && sealed.sealed_file_name.is_some());
    let on_disk = std::fs::read(
        sujarit_store::files::FileStore::new(app.dir.0.join("files"))
            .path_of(&sealed.sha256)
            .unwrap(),
    )
    .unwrap();
    assert!(!contains(&on_disk, b"%PDF"), "the file is sealed");
    // The audit log shows the administrator and the auditor that a file was
    // attached, but not to which report, nor its type or size (review L3);
    // a general complaint's entry keeps its details.
    let report_id = report_case.rsplit('/').next().unwrap();
    let general_id = general_case.rsplit('/').next().unwrap();
    for reader in ["auditor@nakhon.test", "admin@nakhon.test"] {
        let cookie = session_of(&app, reader).await;
        let audit = get(&app, "/staff/audit", Some(&cookie)).await;
        assert!(!audit.body.contains(report_id), "{reader}");
        assert!(!audit.body.contains("application/pdf"), "{reader}");
        assert!(
            !audit.body.contains(&sealed.size_bytes.to_string()),
            "{reader}"
        );
        assert!(audit.body.contains(general_id), "{reader}");
        assert!(audit.body.contains("image/jpeg"), "{reader}");
    }

    // Once closed, nothing more is attached.
    step(
        &app,
        &officer,
        "general",
        &general,
        &[("kind", "forward"), ("public_message", "ส่งต่อกรมทางหลวง")],
    )
    .await;
    step(&app, &officer, "general", &general, &[("kind", "close")]).await;
    let closed = staff_upload(&app, &general_case, &officer, "ช้า.jpg", &jpeg_with_gps()).await;
    assert_eq!(closed.status, StatusCode::CONFLICT, "{}", closed.body);
}

// ---------------------------------------------------------------------------
// Issue 11: nothing the server keeps opens a corruption report

const NOTE_SECRET: &str = "พยานคนที่สองคือนางสาวบุญมี";
const MESSAGE_SECRET: &str = "ขอให้ส่งสำเนาใบเสร็จที่ถูกเรียกเก็บ";
const INFO_SECRET: &str = "ใบเสร็จเลขที่ 4471 ลงวันที่ 3 มีนาคม";

/// Every file under the installation's folder: database, WAL, shared
/// memory, stored files (what a backup or a thief of the disk gets).
fn everything_stored(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out
}

#[tokio::test]
async fn nothing_the_server_keeps_opens_a_corruption_report() {
    let app = app().await;
    let filed = file_with_attachments(
        &app,
        "corruption",
        &[
            ("category", "bribery"),
            ("subject", CORRUPTION_SUBJECT),
            ("details", "เจ้าหน้าที่เรียกเงินเพื่อเร่งใบอนุญาต"),
            ("name", REPORTER_NAME),
            ("phone", REPORTER_PHONE),
        ],
        &[("บันทึกลับ.pdf", PDF_SECRET)],
    )
    .await;
    let code = receipt_after(&app, &filed).await.by_id("tracking-code");
    let integrity = session_of(&app, "integrity@nakhon.test").await;
    step(
        &app,
        &integrity,
        "corruption",
        &code,
        &[("kind", "note"), ("internal_note", NOTE_SECRET)],
    )
    .await;
    step(
        &app,
        &integrity,
        "corruption",
        &code,
        &[
            ("kind", "request_information"),
            ("public_message", MESSAGE_SECRET),
        ],
    )
    .await;
    // The reporter reads the question with the code alone, and answers.
    let tracked = post(&app, "/o/nakhon/complaints/track", None, &[("code", &code)]).await;
    assert_eq!(tracked.status, StatusCode::OK, "{}", tracked.body);
    assert!(
        tracked.body.contains(MESSAGE_SECRET),
        "the reporter reads the answer"
    );
    let added = post(
        &app,
        "/o/nakhon/complaints/track/information",
        None,
        &[("code", &code), ("information", INFO_SECRET)],
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    // The officer reads all of it.
    let (href, _) = case_of(&app, &integrity, "corruption", &code).await;
    let page = get(&app, &href, Some(&integrity)).await;
    for secret in [
        CORRUPTION_SUBJECT,
        NOTE_SECRET,
        MESSAGE_SECRET,
        INFO_SECRET,
        "บันทึกลับ.pdf",
    ] {
        assert!(page.body.contains(secret), "the officer reads {secret}");
    }

    // A copy of everything the server keeps holds none of it in the clear.
    let plain = code.replace('-', "");
    let secrets: [&[u8]; 10] = [
        REPORTER_NAME.as_bytes(),
        REPORTER_PHONE_DIGITS.as_bytes(),
        CORRUPTION_SUBJECT.as_bytes(),
        NOTE_SECRET.as_bytes(),
        MESSAGE_SECRET.as_bytes(),
        INFO_SECRET.as_bytes(),
        b"minutes of the bribe meeting",
        "บันทึกลับ".as_bytes(),
        plain.as_bytes(),
        code.as_bytes(),
    ];
    let stored = everything_stored(&app.dir.0);
    assert!(stored.len() >= 2, "the database and the sealed file");
    for (path, bytes) in &stored {
        for secret in secrets {
            assert!(
                !contains(bytes, secret),
                "{} holds {}",
                path.display(),
                String::from_utf8_lossy(secret)
            );
        }
    }

    // And the server's key opens no envelope of the report: not bound to
    // the record, not under the contexts of before.
    use sujarit_core::case_keys::{RecordSealer, field};
    use sujarit_core::complaint::seal_context;
    let id = href.rsplit('/').next().unwrap();
    let case = app.store.complaint(&app.org, id).await.unwrap().unwrap();
    let mut envelopes: Vec<Vec<u8>> = Vec::new();
    envelopes.extend(case.summary.sealed_content.clone());
    envelopes.extend(
        app.store
            .reveal_identity(&app.org, id, "test", "ตรวจการเข้ารหัส")
            .await
            .unwrap(),
    );
    for event in &case.history {
        envelopes.extend(event.sealed_note.clone());
        envelopes.extend(event.sealed_public_message.clone());
        envelopes.extend(event.sealed_internal_note.clone());
        assert!(
            event.public_message.is_none() && event.internal_note.is_none(),
            "no plain text"
        );
    }
    let files = sujarit_store::files::FileStore::new(app.dir.0.join("files"));
    for attachment in &case.attachments {
        envelopes.extend(attachment.sealed_file_name.clone());
        envelopes.push(
            files
                .read(&attachment.sha256)
                .await
                .unwrap()
                .expect("stored"),
        );
    }
    assert!(
        envelopes.len() >= 7,
        "content, contact, note, message, information, name, file"
    );
    let server = RecordSealer::with_server_key(&app.keyring, &app.org, id);
    let fields = [
        field::CONTENT,
        field::CONTACT,
        field::INTERNAL_NOTE,
        field::PUBLIC_MESSAGE,
        field::INFORMATION,
        field::FILE_NAME,
        field::FILE_CONTENT,
    ];
    let legacy = [
        seal_context::CONTENT,
        seal_context::CONTACT,
        seal_context::INFORMATION,
        seal_context::FILE_NAME,
        seal_context::FILE_CONTENT,
        b"".as_slice(),
    ];
    for envelope in &envelopes {
        for f in fields {
            assert!(
                server.open(f, envelope).is_err(),
                "the key file opens nothing"
            );
        }
        for context in legacy {
            assert!(app.keyring.open_with_context(envelope, context).is_err());
        }
    }
}

#[tokio::test]
async fn the_administrator_never_makes_an_integrity_officer_and_a_new_one_opens_nothing_until_granted()
 {
    let app = app().await;
    let admin = session_of(&app, "admin@nakhon.test").await;
    let before = app.store.users(&app.org).await.unwrap().len();
    // (a) create one.
    let created = post(
        &app,
        "/staff/users/new",
        Some(&admin),
        &[
            ("email", "x@nakhon.test"),
            ("display_name", "นาย เอ็กซ์"),
            ("role", "integrity_officer"),
            ("password", "0123456789ab-long"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::FORBIDDEN, "{}", created.body);
    assert!(created.body.contains("เครื่องแม่ข่ายเท่านั้น"));
    assert_eq!(
        app.store.users(&app.org).await.unwrap().len(),
        before,
        "nothing created"
    );
    // (b) promote an account they control.
    let auditor = officer_id(app.store.as_ref(), &app.org, "auditor@nakhon.test").await;
    let promoted = post(
        &app,
        &format!("/staff/users/{auditor}"),
        Some(&admin),
        &[
            ("display_name", "ผู้ตรวจสอบ"),
            ("role", "integrity_officer"),
            ("active", "on"),
        ],
    )
    .await;
    assert_eq!(promoted.status, StatusCode::FORBIDDEN, "{}", promoted.body);
    let still = app.store.user(&app.org, &auditor).await.unwrap().unwrap();
    assert_eq!(still.role, Role::Auditor);
    // (c) reset the real one's password.
    let integrity = officer_id(app.store.as_ref(), &app.org, "integrity@nakhon.test").await;
    let reset = post(
        &app,
        &format!("/staff/users/{integrity}/password"),
        Some(&admin),
        &[("password", "a-new-password-123")],
    )
    .await;
    assert_eq!(reset.status, StatusCode::FORBIDDEN, "{}", reset.body);
    // The officer's own password still works.
    let first = session_of(&app, "integrity@nakhon.test").await;
    // Nor can the administrator grant, or reach the keys page.
    assert_eq!(
        get(&app, "/staff/keys", Some(&admin)).await.status,
        StatusCode::FORBIDDEN
    );
    let grant = post(
        &app,
        "/staff/keys/grant",
        Some(&admin),
        &[("grantee", &integrity)],
    )
    .await;
    assert_eq!(grant.status, StatusCode::FORBIDDEN);

    // A report filed now is wrapped for the one officer with keys.
    let code = file_corruption(&app).await;
    // A second integrity officer, made on the host (as `sujarit user add`).
    let second = app
        .store
        .create_user(
            &app.org,
            &sujarit_store::NewUser {
                email: sujarit_core::account::Email::parse("second@nakhon.test").unwrap(),
                display_name: "นิติกรคนที่สอง".into(),
                role: Role::IntegrityOfficer,
                unit_id: None,
                password_hash: sujarit_service::passwords::hash(PASSWORD.into())
                    .await
                    .unwrap(),
                must_change_password: false,
            },
            None,
        )
        .await
        .unwrap();
    // Made on the host with a second factor, which an integrity officer must have.
    app.store
        .enrol_totp(
            &app.org,
            &second.id,
            &sujarit_testkit::totp::SECRET,
            0,
            None,
        )
        .await
        .unwrap();
    let newcomer = session_of(&app, "second@nakhon.test").await;
    let keys_page = get(&app, "/staff/keys", Some(&newcomer)).await;
    assert!(keys_page.body.contains("สร้างกุญแจ"), "{}", keys_page.body);
    let made = post(
        &app,
        "/staff/keys/new",
        Some(&newcomer),
        &[("password", PASSWORD)],
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert!(
        made.body.contains("กุญแจกู้คืน"),
        "the recovery key is shown once"
    );
    assert_eq!(made.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    // They see the report exists but open none of it.
    let (href, _) = case_of(&app, &newcomer, "corruption", &code).await;
    let locked = get(&app, &href, Some(&newcomer)).await;
    assert_eq!(locked.status, StatusCode::OK);
    assert!(
        !locked.body.contains(CORRUPTION_SUBJECT),
        "not opened before a grant"
    );
    assert!(locked.body.contains("ยังไม่ได้รับสิทธิ์"), "{}", locked.body);
    let reveal = post(
        &app,
        &format!("{href}/reveal"),
        Some(&newcomer),
        &[("reason", "ทดสอบ")],
    )
    .await;
    assert!(!reveal.body.contains(REPORTER_NAME));
    // The newcomer cannot grant what they cannot open: nothing to give.
    let self_grant = post(
        &app,
        "/staff/keys/grant",
        Some(&newcomer),
        &[("grantee", &integrity)],
    )
    .await;
    assert!(self_grant.body.contains("0 เรื่อง"), "{}", self_grant.body);
    // The first officer grants; it is audited; now the newcomer opens it.
    let granted = post(
        &app,
        "/staff/keys/grant",
        Some(&first),
        &[("grantee", &second.id)],
    )
    .await;
    assert_eq!(granted.status, StatusCode::OK, "{}", granted.body);
    assert!(granted.body.contains("1 เรื่อง"), "{}", granted.body);
    let opened = get(&app, &href, Some(&newcomer)).await;
    assert!(
        opened.body.contains(CORRUPTION_SUBJECT),
        "opened after the grant"
    );
    let audit = app.store.audit_log(&app.org, None, 200).await.unwrap();
    assert!(
        audit.iter().any(|e| e.action == "complaint.keys_granted"),
        "the grant is audited"
    );
    // A report filed after the newcomer made keys opens for them at once.
    let later = file_corruption(&app).await;
    let (later_href, _) = case_of(&app, &newcomer, "corruption", &later).await;
    assert!(
        get(&app, &later_href, Some(&newcomer))
            .await
            .body
            .contains(CORRUPTION_SUBJECT)
    );
}

#[tokio::test]
async fn without_an_integrity_officer_with_keys_the_channel_takes_no_report() {
    let seeded::Seeded { store, org: _, dir } =
        seeded::seeded("complaints", &ACCOUNTS, PASSWORD).await;
    let keyring = Keyring::new("k1", SealingKey::from_bytes(SealingKey::generate_bytes())).unwrap();
    let config = ComplaintConfig::new(store.clone(), keyring, Limits::default())
        .with_files(sujarit_store::files::FileStore::new(dir.0.join("files")));
    let router =
        sujarit_web::router(sujarit_web::AppState::new(store.clone()).with_complaints(config));
    struct Bare(Router);
    impl Routed for Bare {
        fn router(&self) -> &Router {
            &self.0
        }
    }
    let app = Bare(router);
    let form = get(&app, "/o/nakhon/complaints/new/corruption", None).await;
    assert!(
        form.body.contains("ยังรับเรื่องแจ้งเบาะแสการทุจริตทางระบบนี้ไม่ได้"),
        "{}",
        form.body
    );
    let reply = post(
        &app,
        "/o/nakhon/complaints/new/corruption",
        None,
        &[
            ("category", "bribery"),
            ("subject", CORRUPTION_SUBJECT),
            ("details", "รายละเอียดของเรื่องที่แจ้งเบาะแส"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(reply.body.contains("ยังไม่มีเจ้าหน้าที่นิติการที่ตั้งกุญแจ"));
    assert!(!reply.body.contains("tracking-code"));
}

#[tokio::test]
async fn revealing_an_identity_asks_for_the_password_again() {
    use sha2::Digest;
    let app = app().await;
    let code = file_general(&app, "ทางเท้าชำรุดหน้าตลาด").await;
    // A session opened ten minutes ago (still well within its idle limit).
    let user_id = officer_id(app.store.as_ref(), &app.org, "complaints@nakhon.test").await;
    let token = "5e55104f1eff0de5c".repeat(4)[..64].to_string();
    assert_eq!(token.len(), 64, "tokens are 64 hex characters");
    let now = time::OffsetDateTime::now_utc();
    app.store
        .create_session(&sujarit_store::NewSession {
            organization_id: app.org.clone(),
            user_id,
            session_hash: sujarit_service::passwords::hex(&sha2::Sha256::digest(token.as_bytes())),
            created_at: now - time::Duration::minutes(10),
            expires_at: now + time::Duration::hours(2),
        })
        .await
        .unwrap();
    let cookie = format!("sujarit_session={token}");
    let (href, _) = case_of(&app, &cookie, "general", &code).await;
    let reveals = |log: &[sujarit_store::AuditEntry]| {
        log.iter()
            .filter(|e| e.action == "complaint.identity_revealed")
            .count()
    };
    let before = reveals(&app.store.audit_log(&app.org, None, 200).await.unwrap());
    let refused = post(
        &app,
        &format!("{href}/reveal"),
        Some(&cookie),
        &[("reason", "ติดต่อกลับเพื่อนัดตรวจสถานที่")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER, "{}", refused.body);
    assert!(
        refused.location().starts_with("/staff/reauth?next="),
        "{}",
        refused.location()
    );
    assert!(!refused.body.contains("มานี"));
    assert_eq!(
        reveals(&app.store.audit_log(&app.org, None, 200).await.unwrap()),
        before,
        "nothing revealed, nothing recorded"
    );
    // The wrong password does not count as re-authentication.
    let wrong = post(
        &app,
        "/staff/reauth",
        Some(&cookie),
        &[("password", "not it"), ("next", &href)],
    )
    .await;
    assert_ne!(wrong.status, StatusCode::SEE_OTHER);
    let again = post(
        &app,
        &format!("{href}/reveal"),
        Some(&cookie),
        &[("reason", "ติดต่อกลับ")],
    )
    .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    // With the password typed again, the contact opens.
    let confirmed = post(
        &app,
        "/staff/reauth",
        Some(&cookie),
        &[("password", PASSWORD), ("next", &href)],
    )
    .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    let revealed = post(
        &app,
        &format!("{href}/reveal"),
        Some(&cookie),
        &[("reason", "ติดต่อกลับเพื่อนัดตรวจสถานที่")],
    )
    .await;
    assert_eq!(revealed.status, StatusCode::OK, "{}", revealed.body);
    assert!(revealed.body.contains("มานี มีนา"));
}

#[tokio::test]
async fn guessing_the_password_at_the_keys_page_is_throttled_like_a_login() {
    let app = app().await;
    let integrity = session_of(&app, "integrity@nakhon.test").await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let reply = post(
            &app,
            "/staff/keys/unlock",
            Some(&integrity),
            &[("password", "wrong-password")],
        )
        .await;
        statuses.push(reply.status.as_u16());
    }
    assert_eq!(statuses, [400, 400, 400, 400, 429]);
    let right = post(
        &app,
        "/staff/keys/unlock",
        Some(&integrity),
        &[("password", PASSWORD)],
    )
    .await;
    assert_eq!(
        right.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        right.body
    );
    assert!(right.body.contains("กรุณารอ"));
}

/// A request body the test feeds chunk by chunk, as a slow client would.
struct SlowBody(tokio::sync::mpsc::Receiver<Result<axum::body::Bytes, std::io::Error>>);

impl http_body::Body for SlowBody {
    type Data = axum::body::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|c| c.map(http_body::Frame::data)))
    }
}

/// Bytes of unfinished uploads (`.upload-*.part`) in the test's file store.
fn spooled_bytes(app: &App) -> u64 {
    stored_files(app)
        .iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".upload-")
        })
        .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum()
}

#[tokio::test]
async fn an_attachment_streams_to_disk_and_a_cut_or_oversized_upload_leaves_nothing() {
    let app = app().await;
    let boundary = "slow-boundary-77";
    let (sender, receiver) = tokio::sync::mpsc::channel(4);
    let request = Request::builder()
        .method(Method::POST)
        .uri("/o/nakhon/complaints/new/general")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, client::ORIGIN)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::new(SlowBody(receiver)))
        .unwrap();
    let router = app.router.clone();
    let answer = tokio::spawn(async move { router.oneshot(request).await.unwrap() });
    let mut head = String::new();
    for (name, value) in [
        ("category", "roads"),
        ("subject", "หลุมกลางถนน"),
        ("details", "ดูภาพประกอบ หลุมลึกกลางถนนหน้าบ้าน"),
    ] {
        head.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    head.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.jpg\"\r\n\
         Content-Type: image/jpeg\r\n\r\n"
    ));
    let mut first = head.into_bytes();
    first.extend(jpeg_with_gps());
    first.extend(vec![0u8; 256 * 1024]);
    sender.send(Ok(first.into())).await.unwrap();
    // The half-sent file is on disk, not in memory: wait for the server to
    // write what it has (a bounded wait that only guards against a hang).
    let mut spooled = 0;
    for _ in 0..1000 {
        spooled = spooled_bytes(&app);
        if spooled >= 256 * 1024 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(spooled >= 256 * 1024, "spooled {spooled} bytes");
    // The client goes away mid-file: nothing is filed and nothing is left.
    sender
        .send(Err(std::io::Error::other("connection reset")))
        .await
        .unwrap();
    drop(sender);
    let response = answer.await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(stored_files(&app), Vec::<std::path::PathBuf>::new());

    // Over the file store's limit: refused in Thai, nothing left on disk.
    let mut too_big = jpeg_with_gps();
    too_big.resize(sujarit_store::files::DEFAULT_MAX_BYTES as usize + 1, 0);
    let refused = file_with_attachments(
        &app,
        "general",
        &[
            ("category", "roads"),
            ("subject", "หลุมกลางถนน"),
            ("details", "ดูภาพประกอบ หลุมลึกกลางถนนหน้าบ้าน"),
        ],
        &[("big.jpg", &too_big)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("ไฟล์แนบแต่ละไฟล์ต้องไม่เกิน"),
        "{}",
        refused.body
    );
    assert_eq!(stored_files(&app), Vec::<std::path::PathBuf>::new());
}

// ---------------------------------------------------------------------------
// Filing once, the receipt, what tracking shows, the form (issue 13)

const NEW_GENERAL: &str = "/o/nakhon/complaints/new/general";

/// The one-time key a filing form was rendered with.
fn submission_key(form: &Reply) -> String {
    let marker = "name=\"submission\" value=\"";
    let start = form.body.find(marker).expect("a one-time key") + marker.len();
    let end = form.body[start..].find('"').unwrap() + start;
    form.body[start..end].to_string()
}

async fn filed_count(app: &App) -> usize {
    app.store
        .complaints(&app.org, &Default::default())
        .await
        .expect("list")
        .len()
}

fn sidewalk(key: &str) -> Vec<(&str, &str)> {
    vec![
        ("category", "roads"),
        ("subject", "ทางเท้าแตกหน้าบ้าน"),
        ("details", "ทางเท้าแตกเป็นหลุมยาวหลายเมตร คนเดินต้องลงไปเดินบนถนน"),
        ("place", "ถนนราชดำเนิน"),
        ("submission", key),
    ]
}

#[tokio::test]
async fn a_reload_or_a_double_click_files_once_and_the_receipt_reloads() {
    let app = app().await;
    let form = get(&app, NEW_GENERAL, None).await;
    let key = submission_key(&form);
    assert_eq!(key.len(), 32, "128 random bits: {key}");
    assert_ne!(
        key,
        submission_key(&get(&app, NEW_GENERAL, None).await),
        "a key per rendering"
    );
    // Behind the server's page cache too: every visitor gets a key of their own.
    let cached = sujarit_web::PageCache::new(sujarit_web::PageCacheConfig::default())
        .around(app.router.clone());
    let through_cache = |router: Router| async move {
        let request = Request::builder()
            .uri(NEW_GENERAL)
            .header(header::HOST, HOST)
            .body(Body::empty())
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        assert_eq!(
            response.headers().get(header::CACHE_CONTROL).unwrap(),
            "no-store"
        );
        let bytes = http_body_util::BodyExt::collect(response.into_body())
            .await
            .unwrap()
            .to_bytes();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        let marker = "name=\"submission\" value=\"";
        let start = body.find(marker).unwrap() + marker.len();
        body[start..start + 32].to_string()
    };
    assert_ne!(
        through_cache(cached.clone()).await,
        through_cache(cached).await,
        "the form is never served from the page cache"
    );
    let first = post(&app, NEW_GENERAL, None, &sidewalk(&key)).await;
    let receipt = receipt_after(&app, &first).await;
    let code = receipt.by_id("tracking-code");
    assert_eq!(filed_count(&app).await, 1);

    // The browser sends the form again ("confirm resubmission"): nothing
    // more is filed and the receipt is the same.
    let again = post(&app, NEW_GENERAL, None, &sidewalk(&key)).await;
    assert_eq!(
        receipt_after(&app, &again).await.by_id("tracking-code"),
        code
    );
    // Reloading the receipt page files nothing either.
    for _ in 0..3 {
        let reload = get(&app, RECEIPT, Some(&receipt_cookie(&first))).await;
        assert_eq!(reload.status, StatusCode::OK);
        assert_eq!(reload.by_id("tracking-code"), code);
    }
    assert_eq!(filed_count(&app).await, 1);

    // A double click: two POSTs with one key at the same time file once.
    let key = submission_key(&get(&app, NEW_GENERAL, None).await);
    let fields = sidewalk(&key);
    let (a, b) = tokio::join!(
        post(&app, NEW_GENERAL, None, &fields),
        post(&app, NEW_GENERAL, None, &fields),
    );
    let (a, b) = (
        receipt_after(&app, &a).await.by_id("tracking-code"),
        receipt_after(&app, &b).await.by_id("tracking-code"),
    );
    assert_eq!(a, b);
    assert_ne!(a, code);
    assert_eq!(filed_count(&app).await, 2);
    let statistics = app
        .store
        .complaint_statistics(
            &app.org,
            sujarit_core::FiscalYear(this_fiscal_year()),
            Some(sujarit_core::complaint::Channel::General),
            today(),
        )
        .await
        .unwrap();
    let received: u32 = statistics
        .general
        .expect("the general channel")
        .months
        .iter()
        .map(|m| m.received)
        .sum();
    assert_eq!(received, 2, "the statistics count each complaint once");

    // The code is never in a URL the server sees: not in a Location header,
    // and the receipt's links carry it only after '#'.
    let bare = code.replace('-', "");
    for reply in [&first, &again] {
        assert!(!reply.location().contains(&code) && !reply.location().contains(&bare));
    }
    assert!(
        receipt
            .body
            .contains(&format!("href=\"/o/nakhon/complaints/track#code={code}\"")),
        "{}",
        receipt.body
    );
    for leak in ["?code=", "&code=", "/track/"] {
        assert!(!receipt.body.contains(leak), "{leak}");
    }
    assert!(
        receipt.body.contains("<svg class=\"qr\""),
        "an inline QR code"
    );
    assert!(receipt.body.contains("id=\"copy-code\""));
    assert!(receipt.body.contains("id=\"print-receipt\""));
}

#[tokio::test]
async fn a_receipt_without_its_cookie_or_a_day_later_says_so_in_thai() {
    let app = app().await;
    let missing = get(&app, RECEIPT, None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("ไม่พบใบรับเรื่อง"), "{}", missing.body);
    assert!(!missing.body.contains("id=\"tracking-code\""));
    let unknown = get(
        &app,
        RECEIPT,
        Some(&format!("sujarit_receipt={}", "ab".repeat(16))),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.body.contains("ไม่พบใบรับเรื่อง"));
    let garbage = get(&app, RECEIPT, Some("sujarit_receipt=%00<script>")).await;
    assert_eq!(garbage.status, StatusCode::NOT_FOUND);

    // The same browser two days later: the receipt is gone, the case is not.
    let later = app_on(
        Limits::default(),
        Clock::Fixed(today() + time::Duration::days(2)),
    )
    .await;
    let key = submission_key(&get(&later, NEW_GENERAL, None).await);
    let filed = post(&later, NEW_GENERAL, None, &sidewalk(&key)).await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let expired = get(&later, RECEIPT, Some(&receipt_cookie(&filed))).await;
    assert_eq!(expired.status, StatusCode::NOT_FOUND);
    assert!(expired.body.contains("ไม่พบใบรับเรื่อง"), "{}", expired.body);
    assert!(expired.body.contains("24 ชั่วโมง"));
    assert!(!expired.body.contains("id=\"tracking-code\""));
    assert_eq!(filed_count(&later).await, 1);
}

#[tokio::test]
async fn tracking_shows_what_the_complaint_was_about() {
    let app = app().await;
    let general = file_general(&app, "ไฟถนนดับหน้าบ้าน").await;
    let page = track(&app, &general).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.by_id("case-subject"), "ไฟถนนดับหน้าบ้าน");
    assert_eq!(page.by_id("case-place"), "ซอยราชดำเนิน 5");
    assert_eq!(page.by_id("case-category"), "ไฟฟ้า ไฟส่องสว่าง");
    // A corruption report: its subject opened with the reporter's code only.
    let report = file_corruption(&app).await;
    let page = track(&app, &report).await;
    assert_eq!(page.by_id("case-subject"), CORRUPTION_SUBJECT);
    assert_eq!(page.by_id("case-category"), "การเรียกรับสินบน");
    // Nothing of one case on the other's page.
    let general_page = track(&app, &general).await;
    assert!(!general_page.body.contains(CORRUPTION_SUBJECT));
    assert!(!page.body.contains("ไฟถนนดับหน้าบ้าน"));
}

#[tokio::test]
async fn too_short_a_subject_or_details_is_refused_at_the_field_on_the_form_and_the_api() {
    let app = app().await;
    let short = post(
        &app,
        NEW_GENERAL,
        None,
        &[
            ("category", "roads"),
            ("subject", "ก"),
            ("details", "ถนนพัง"),
        ],
    )
    .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    for expected in [
        "id=\"subject-error\" role=\"alert\">เรื่องสั้นเกินไป: โปรดระบุอย่างน้อย 5 ตัวอักษร",
        "id=\"details-error\" role=\"alert\">รายละเอียดสั้นเกินไป: โปรดระบุอย่างน้อย 20 ตัวอักษร",
    ] {
        assert!(short.body.contains(expected), "{expected}: {}", short.body);
    }
    // The refused form keeps its one-time key (nothing was filed with it).
    assert_eq!(submission_key(&short).len(), 32);
    let api = post_json(
        &app,
        "/api/v1/complaints",
        &serde_json::json!({"channel": "general", "category": "roads", "subject": "ก", "details": "ถนนพัง"}),
    )
    .await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    let fields: Vec<String> = api.json()["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["subject", "details"]);
    assert_eq!(filed_count(&app).await, 0);
    // The API document states the same minimums.
    let document = get(&app, "/api/v1/openapi.json", None).await.json();
    let input = &document["components"]["schemas"]["ComplaintInput"]["properties"];
    assert_eq!(
        input["subject"]["minLength"],
        sujarit_core::complaint::MIN_SUBJECT_CHARS
    );
    assert_eq!(
        input["details"]["minLength"],
        sujarit_core::complaint::MIN_DETAILS_CHARS
    );
}

#[tokio::test]
async fn the_form_marks_what_is_required_states_the_files_it_takes_and_the_pdpa_notice() {
    let app = app().await;
    let form = get(&app, NEW_GENERAL, None).await;
    assert_eq!(form.status, StatusCode::OK);
    for field in ["category", "subject", "details"] {
        let start = form.body.find(&format!("id=\"{field}\"")).unwrap();
        let tag = &form.body[start..start + form.body[start..].find('>').unwrap()];
        assert!(tag.contains("required aria-required=\"true\""), "{tag}");
    }
    assert!(form.body.contains("class=\"required-mark\""));
    // The accept list is what a complainant's file may be: PowerPoint yes,
    // the old binary Office formats (refused by the cleaner) no.
    let accept_start = form.body.find("accept=\"").unwrap() + "accept=\"".len();
    let accept =
        &form.body[accept_start..accept_start + form.body[accept_start..].find('"').unwrap()];
    for ext in [
        ".pdf", ".jpg", ".png", ".webp", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp",
    ] {
        assert!(accept.split(',').any(|a| a == ext), "{ext} in {accept}");
    }
    for ext in [".doc", ".xls", ".ppt"] {
        assert!(!accept.split(',').any(|a| a == ext), "{ext} in {accept}");
    }
    assert!(
        form.by_id("files-limits").contains("ไฟล์ละไม่เกิน 20 MB"),
        "{}",
        form.body
    );
    assert!(form.by_id("files-limits").contains("PPTX"));
    assert!(form.body.contains("id=\"pdpa-notice\""));
    assert!(form.body.contains("การคุ้มครองข้อมูลส่วนบุคคล"));
    assert!(form.body.contains("/static/complaints.js?v="));
    let script = get(&app, "/static/complaints.js", None).await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(script.body.contains("history.replaceState"));
}

#[tokio::test]
async fn the_api_files_once_per_idempotency_key() {
    let app = app().await;
    let body = serde_json::json!({
        "channel": "general", "category": "roads", "subject": "ถนนชำรุดหน้าวัด",
        "details": "หลุมใหญ่กลางถนนหน้าวัด รถจักรยานยนต์ล้มบ่อย",
    })
    .to_string()
    .into_bytes();
    let send = |key: &'static str, body: Vec<u8>| {
        let router = app.router.clone();
        async move {
            let request = Request::builder()
                .method(Method::POST)
                .uri("/api/v1/complaints")
                .header(header::HOST, HOST)
                .header(header::CONTENT_TYPE, "application/json")
                .header("Idempotency-Key", key)
                .body(Body::from(body))
                .unwrap();
            let response = router.oneshot(request).await.unwrap();
            let status = response.status();
            let bytes = http_body_util::BodyExt::collect(response.into_body())
                .await
                .unwrap()
                .to_bytes();
            (
                status,
                serde_json::from_slice::<serde_json::Value>(&bytes).unwrap(),
            )
        }
    };
    let with_key = |key: &'static str| send(key, body.clone());
    let key = "5f0c2b9e-8d7a-4c1b-9e3f-2a6d8c4b1e7f";
    let (status, first) = with_key(key).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let (status, second) = with_key(key).await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    assert_eq!(first["tracking_code"], second["tracking_code"]);
    assert_eq!(filed_count(&app).await, 1);
    // The same key with another complaint (a reused or guessed key) files
    // that one, and never answers with the first one's code.
    let other = serde_json::json!({
        "channel": "general", "category": "roads", "subject": "ไฟถนนดับหน้าวัด",
        "details": "ไฟถนนหน้าวัดดับทั้งแนว มืดมากตอนกลางคืน",
    })
    .to_string()
    .into_bytes();
    let (status, third) = send(key, other).await;
    assert_eq!(status, StatusCode::CREATED, "{third}");
    assert_ne!(first["tracking_code"], third["tracking_code"]);
    assert_eq!(filed_count(&app).await, 2);
    let (status, bad) = with_key("short").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    assert!(bad.to_string().contains("Idempotency-Key"));
    assert_eq!(filed_count(&app).await, 2);
}

#[tokio::test]
async fn a_general_complaint_keeps_its_coordinates_and_shows_map_links() {
    let app = app().await;
    let with = |latitude: &'static str, longitude: &'static str| {
        let mut fields = sidewalk("");
        fields.retain(|(name, _)| *name != "submission");
        fields.push(("latitude", latitude));
        fields.push(("longitude", longitude));
        fields
    };
    // Out of range, half given, not a number: refused at the field, in Thai.
    for (latitude, longitude, field) in [
        ("91", "99.9", "latitude"),
        ("8.43", "-181", "longitude"),
        ("8.43", "", "longitude"),
        ("แปด", "99.9", "latitude"),
    ] {
        let refused = post(&app, NEW_GENERAL, None, &with(latitude, longitude)).await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{latitude},{longitude}"
        );
        assert!(
            refused.body.contains(&format!("id=\"{field}-error\"")),
            "{latitude},{longitude}: {}",
            refused.body
        );
        assert!(refused.body.contains(if field == "latitude" {
            "ละติจูด"
        } else {
            "ลองจิจูด"
        }));
    }
    assert_eq!(filed_count(&app).await, 0, "nothing half-written");

    let filed = post(&app, NEW_GENERAL, None, &with("8.4319", "99.963178")).await;
    let code = receipt_after(&app, &filed).await.by_id("tracking-code");
    let tracked = track(&app, &code).await;
    assert_eq!(tracked.by_id("case-location"), "8.431900, 99.963178");
    assert!(tracked.body.contains("href=\"geo:8.431900,99.963178\""));
    assert!(
        tracked
            .body
            .contains("https://www.openstreetmap.org/?mlat=8.431900&#38;mlon=99.963178#map=18/8.431900/99.963178\""),
        "{}",
        tracked.body
    );
    let officer = session_of(&app, "complaints@nakhon.test").await;
    let (page, _) = case_of(&app, &officer, "general", &code).await;
    let case = get(&app, &page, Some(&officer)).await;
    assert!(case.body.contains("id=\"case-location\""), "{}", case.body);
    assert!(case.body.contains("href=\"geo:8.431900,99.963178\""));
    // No map is embedded: no outside image, frame or script.
    for outside in ["<iframe", "<img src=\"http", "tile.openstreetmap"] {
        assert!(!tracked.body.contains(outside) && !case.body.contains(outside));
    }
    // The corruption form offers no coordinates, and takes none.
    let report_form = get(&app, "/o/nakhon/complaints/new/corruption", None).await;
    assert!(!report_form.body.contains("id=\"latitude\""));
    let report = post(
        &app,
        "/o/nakhon/complaints/new/corruption",
        None,
        &[
            ("category", "bribery"),
            ("subject", CORRUPTION_SUBJECT),
            ("details", "เจ้าหน้าที่เรียกเงินเพื่อเร่งใบอนุญาตก่อสร้าง"),
            ("latitude", "8.4319"),
            ("longitude", "99.9631"),
        ],
    )
    .await;
    assert_eq!(report.status, StatusCode::BAD_REQUEST, "{}", report.body);
    assert!(report.body.contains("ระบุพิกัดได้เฉพาะเรื่องร้องทุกข์ทั่วไป"));
}
mod units;
