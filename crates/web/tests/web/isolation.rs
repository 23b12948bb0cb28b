//! Tenant isolation (issue 15): two organisations on one installation, each
//! with its plan, units, a user of every LAO role, a complaint, an activity,
//! a survey, a risk entry, an audit engagement and a gift declaration. Every
//! staff route that takes an id, asked by each role of organisation B with
//! organisation A's id, answers 403 or 404 (a refused form: 400/422) and
//! never shows A's data; after all of them A's rows are unchanged, byte for
//! byte (read with the backup's dump). Every public API route with an id,
//! asked under B's slug with A's id, answers 404.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::http::{Method, StatusCode};
use sujarit_core::FiscalYear;
use sujarit_core::ItemRef;
use sujarit_core::account::{Email, Role};
use sujarit_core::activity::{ActivityInput, ActivityKind, GroupCount, Session, TargetGroup};
use sujarit_core::integrity::audit::{AuditArea, AuditChange, AuditPlanInput, EngagementInput};
use sujarit_core::integrity::gift::{GiftDecision, GiftInput, GiftKind};
use sujarit_core::integrity::risk::{RiskEntryInput, RiskStatus, RiskType};
use sujarit_core::survey::{DEFAULT_MIN_PUBLIC, Phase, SurveyInput, Template};
use sujarit_service::passwords as password;
use sujarit_store::{ComplaintFilter, ImportSource, NewUser, Store};
use sujarit_testkit::{TempDir, plan as fixture};
use time::macros::{date, time};

use crate::support::client::{PASSWORD, Reply, Routed, get, post, send};

const YEAR: u16 = 2569;
/// What only organisation A's records say: never in an answer to B.
const MARKERS: [&str; 7] = [
    "อัลฟาถนนพัง",
    "อัลฟาอบรม",
    "อัลฟาสำรวจ",
    "อัลฟาเสี่ยง",
    "อัลฟาตรวจสอบ",
    "อัลฟาผู้ให้",
    "อัลฟาผู้ใช้",
];

struct App {
    router: Router,
    store: Arc<dyn Store>,
    url: String,
    _dir: TempDir,
}

impl Routed for App {
    fn router(&self) -> &Router {
        &self.router
    }
}

/// A's ids.
struct Ids {
    complaint: String,
    activity: String,
    survey: String,
    risk: String,
    engagement: String,
    gift: String,
    unit: String,
    user: String,
}

fn email(role: Role, slug: &str) -> String {
    format!("{}@{slug}.test", role.as_str().replace('_', "-"))
}

/// An organisation with the fixture plan, its units and one account of
/// every LAO role; returns its id.
async fn organisation(store: &dyn Store, slug: &str, name: &str) -> String {
    let org = store.ensure_organization(slug, name).await.unwrap().id;
    let source = ImportSource {
        file_name: "แผน.txt".into(),
        sha256: "ab".repeat(32),
    };
    store
        .save_plan_import(&org, &fixture::report(), &source)
        .await
        .unwrap();
    store.sync_units_from_plan(&org, None).await.unwrap();
    let hash = password::hash_blocking(PASSWORD).unwrap();
    for role in Role::LAO_STAFF {
        let unit_id = if role.needs_unit() {
            Some(
                store
                    .unit_by_name(&org, "สำนักปลัดเทศบาล")
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
            )
        } else {
            None
        };
        let user = store
            .create_user(
                &org,
                &NewUser {
                    email: Email::parse(&email(role, slug)).unwrap(),
                    display_name: format!("คุณ{}", role.thai()),
                    role,
                    unit_id,
                    password_hash: hash.clone(),
                    must_change_password: false,
                },
                None,
            )
            .await
            .unwrap();
        if sujarit_web::auth::second_factor_required(role) {
            store
                .enrol_totp(&org, &user.id, &sujarit_testkit::totp::SECRET, 0, None)
                .await
                .unwrap();
        }
    }
    org
}

async fn user_id(store: &dyn Store, org: &str, role: Role, slug: &str) -> String {
    store
        .user_by_email(org, &Email::parse(&email(role, slug)).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id
}

/// A's records, each carrying one of [`MARKERS`].
async fn records_of_a(app: &App, org: &str) -> Ids {
    let store = app.store.as_ref();
    let coordinator = user_id(store, org, Role::PlanCoordinator, "alpha").await;
    let auditor = user_id(store, org, Role::Auditor, "alpha").await;
    let officer = user_id(store, org, Role::UnitOfficer, "alpha").await;
    let unit = store
        .create_unit(org, "กองอัลฟา", Some(&coordinator))
        .await
        .unwrap()
        .id;
    let user = store
        .create_user(
            org,
            &NewUser {
                email: Email::parse("extra@alpha.test").unwrap(),
                display_name: "อัลฟาผู้ใช้".into(),
                role: Role::Executive,
                unit_id: None,
                password_hash: password::hash_blocking(PASSWORD).unwrap(),
                must_change_password: false,
            },
            None,
        )
        .await
        .unwrap()
        .id;

    // A complaint, filed as a citizen files one.
    let filed = post(
        app,
        "/o/alpha/complaints/new/general",
        None,
        &[
            ("category", "lights"),
            ("subject", "อัลฟาถนนพัง"),
            ("details", "ไฟดับทั้งซอยมาสามคืนแล้ว อันตรายต่อผู้สัญจร"),
            ("place", "ซอยอัลฟา"),
            ("name", "มานี มีนา"),
            ("phone", "02 123 4567"),
        ],
    )
    .await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let complaints = store
        .complaints(org, &ComplaintFilter::default())
        .await
        .unwrap();
    assert_eq!(complaints.len(), 1);
    let complaint = complaints[0].complaint_id.clone();

    let day = date!(2026 - 01 - 15);
    let activity = store
        .create_activity(
            org,
            &ActivityInput {
                item: ItemRef {
                    dimension: 1,
                    no: 1,
                },
                fiscal_year: FiscalYear::of(day).0,
                kind: ActivityKind::Training,
                title: "อัลฟาอบรม".into(),
                sessions: vec![Session {
                    date: day,
                    starts: time!(9:00),
                    ends: time!(12:00),
                }],
                venue: "ห้องประชุม".into(),
                topics: vec![],
                speakers: vec![],
                groups: vec![GroupCount {
                    group: TargetGroup::Staff,
                    planned: 50,
                    actual: None,
                }],
                roster_entries: vec![],
                summary: String::new(),
            },
            &coordinator,
        )
        .await
        .unwrap()
        .id;

    let template = Template::find("service").unwrap();
    let survey = store
        .create_survey(
            org,
            &SurveyInput {
                title: "อัลฟาสำรวจ".into(),
                kind: template.kind,
                item: Some(ItemRef {
                    dimension: 1,
                    no: 1,
                }),
                fiscal_year: YEAR,
                activity: None,
                phase: Phase::Single,
                opens: FiscalYear(YEAR).first_day(),
                closes: FiscalYear(YEAR).last_day(),
                pass_mark: template.pass_mark,
                min_public: DEFAULT_MIN_PUBLIC,
                questions: template.questions(),
            },
            &coordinator,
        )
        .await
        .unwrap()
        .id;

    let risk = store
        .save_risk_entry(
            org,
            None,
            &RiskEntryInput {
                fiscal_year: YEAR,
                unit: "กองอัลฟา".into(),
                process: "การจัดซื้อ".into(),
                risk: "อัลฟาเสี่ยง".into(),
                risk_type: RiskType::Other,
                document_level: None,
                inherent: None,
                residual: None,
                controls: vec![],
                owner_unit: "กองอัลฟา".into(),
                status: RiskStatus::Identified,
                next_review: None,
                monitoring: vec![],
                source_line: None,
            },
            &[],
            &coordinator,
        )
        .await
        .unwrap()
        .id;

    let engagement = "alpha-engagement-7f3c".to_string();
    for change in [
        AuditChange::SavePlan(AuditPlanInput {
            approved_by: "นายกเทศมนตรี".into(),
            approved_on: Some(date!(2025 - 10 - 01)),
            notes: String::new(),
        }),
        AuditChange::AddEngagement {
            id: engagement.clone(),
            input: EngagementInput {
                unit_id: unit.clone(),
                area: AuditArea::Procurement,
                scope: "อัลฟาตรวจสอบ".into(),
                period_from: date!(2025 - 10 - 01),
                period_to: date!(2025 - 12 - 31),
                auditor_id: auditor.clone(),
            },
        },
    ] {
        store
            .change_internal_audit(org, YEAR, &change, &auditor)
            .await
            .unwrap();
    }

    let gift = store
        .declare_gift(
            org,
            &officer,
            &GiftInput {
                giver: "อัลฟาผู้ให้".into(),
                pending_work: false,
                pending_note: String::new(),
                description: "กระเช้า".into(),
                kind: GiftKind::Property,
                value: sujarit_core::Baht::from_baht(500),
                received_on: date!(2026 - 01 - 02),
                occasion: "ปีใหม่".into(),
                decision: GiftDecision::KeptWithinLimit,
            },
            date!(2026 - 03 - 01),
        )
        .await
        .unwrap()
        .id;

    Ids {
        complaint,
        activity,
        survey,
        risk,
        engagement,
        gift,
        unit,
        user,
    }
}

async fn app() -> (App, String, String) {
    let dir = TempDir::new("sujarit-isolation");
    let url = format!("sqlite://{}", dir.0.join("s.db").display());
    let store = sujarit_store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let a = organisation(store.as_ref(), "alpha", "เทศบาลอัลฟา").await;
    let b = organisation(store.as_ref(), "beta", "เทศบาลเบตา").await;
    let keyring = sujarit_core::sealed::Keyring::new(
        "k1",
        sujarit_core::sealed::SealingKey::from_bytes([7; 32]),
    )
    .unwrap();
    let complaints = sujarit_web::complaints::ComplaintConfig::new(
        store.clone(),
        keyring,
        sujarit_web::complaints::Limits::default(),
    )
    .with_files(sujarit_store::files::FileStore::new(dir.0.join("files")));
    let router = sujarit_web::router(
        sujarit_web::AppState::new(store.clone())
            .with_resources(sujarit_web::Resources {
                files: sujarit_store::files::FileStore::new(dir.0.join("files")),
                ..Default::default()
            })
            .with_complaints(complaints),
    );
    (
        App {
            router,
            store,
            url,
            _dir: dir,
        },
        a,
        b,
    )
}

/// Logs in to organisation `slug` (an installation of several asks which).
async fn session_in(app: &App, slug: &str, email: &str) -> String {
    crate::support::client::session_in_organization(app, Some(slug), email).await
}

/// Every row of organisation `org`, table by table, as the backup writes them.
async fn rows_of(app: &App, org: &str) -> BTreeMap<String, Vec<String>> {
    let sql = sujarit_store::connect_sql(&app.url).await.unwrap();
    let needle = format!("\"organization_id\":\"{org}\"");
    let mut tables = BTreeMap::new();
    sujarit_store::backup::dump(&sql, &mut |table| {
        let text = String::from_utf8(table.json_lines).unwrap();
        let rows: Vec<String> = text
            .lines()
            .filter(|line| line.contains(&needle))
            .map(str::to_owned)
            .collect();
        tables.insert(table.name, rows);
        Ok(())
    })
    .await
    .unwrap();
    tables
}

/// A route to try: method, path, form.
type Route = (Method, String, Vec<(&'static str, String)>);

/// Staff routes that name a record by id, with A's ids: (method, path, form).
/// One place for the list: a new staff route with an id belongs here.
fn staff_routes(a: &Ids) -> Vec<Route> {
    let Ids {
        complaint: c,
        activity: act,
        survey: s,
        risk: r,
        engagement: e,
        gift: g,
        unit: u,
        user: usr,
    } = a;
    let get = |path: String| (Method::GET, path, vec![]);
    let post = |path: String, form: Vec<(&'static str, String)>| (Method::POST, path, form);
    let v = |s: &str| s.to_string();
    vec![
        get(format!("/staff/complaints/{c}")),
        post(
            format!("/staff/complaints/{c}/events"),
            vec![("kind", v("note")), ("note", v("บันทึก"))],
        ),
        post(
            format!("/staff/complaints/{c}/reveal"),
            vec![("reason", v("ตรวจสอบข้อเท็จจริง"))],
        ),
        get(format!("/staff/complaints/{c}/files/nope")),
        get(format!("/staff/activities/{act}")),
        get(format!("/staff/activities/{act}/attendance")),
        get(format!("/staff/activities/{act}/checkin.svg")),
        get(format!("/staff/activities/{act}/sheet.pdf")),
        post(
            format!("/staff/activities/{act}/publish"),
            vec![("published", v("1"))],
        ),
        post(
            format!("/staff/activities/{act}"),
            vec![("title", v("แก้ไข")), ("revision", v("1"))],
        ),
        get(format!("/staff/surveys/{s}")),
        get(format!("/staff/surveys/{s}/results")),
        get(format!("/staff/surveys/{s}/answers.csv")),
        get(format!("/staff/surveys/{s}/answers.xlsx")),
        get(format!("/staff/surveys/{s}/poster.pdf")),
        get(format!("/staff/surveys/{s}/qr.svg")),
        get(format!("/staff/surveys/{s}/report.pdf")),
        get(format!("/staff/surveys/{s}/report.xlsx")),
        post(format!("/staff/surveys/{s}"), vec![("title", v("แก้ไข"))]),
        post(
            format!("/staff/surveys/{s}/questions"),
            vec![("text", v("คำถามใหม่")), ("kind", v("rating"))],
        ),
        post(format!("/staff/surveys/{s}/questions/q1/remove"), vec![]),
        get(format!("/staff/integrity/risks/{r}")),
        post(
            format!("/staff/integrity/risks/{r}"),
            vec![
                ("year", v("2569")),
                ("risk", v("แก้ไข")),
                ("risk_type", v("other")),
                ("status", v("identified")),
            ],
        ),
        post(
            format!("/staff/integrity/risks/{r}/monitoring"),
            vec![("round", v("6")), ("note", v("ติดตาม"))],
        ),
        get(format!("/staff/integrity/audit/2569/engagements/{e}")),
        post(
            format!("/staff/integrity/audit/2569/engagements/{e}/status"),
            vec![("status", v("in_progress"))],
        ),
        post(
            format!("/staff/integrity/audit/2569/engagements/{e}/independence"),
            vec![
                ("statement", v("ข้าพเจ้ามีความเป็นอิสระ")),
                ("declared_on", v("2025-10-02")),
            ],
        ),
        post(
            format!("/staff/integrity/audit/2569/engagements/{e}/findings"),
            vec![("criterion", v("ระเบียบ")), ("summary", v("สรุป"))],
        ),
        get(format!("/staff/integrity/gifts/{g}")),
        post(
            format!("/staff/integrity/gifts/{g}/decision"),
            vec![("verdict", v("agree"))],
        ),
        get(format!("/staff/users/{usr}")),
        post(
            format!("/staff/users/{usr}"),
            vec![
                ("display_name", v("ชื่อใหม่")),
                ("role", v("executive")),
                ("active", v("1")),
            ],
        ),
        post(
            format!("/staff/users/{usr}/password"),
            vec![("password", v("รหัสผ่านใหม่-ยาวพอแล้ว-2569"))],
        ),
        post(format!("/staff/units/{u}"), vec![("name", v("ชื่อใหม่"))]),
        post(
            format!("/staff/units/{u}/head"),
            vec![("head", usr.clone())],
        ),
        // B's own item given A's unit.
        post(v("/staff/units/items/1.1"), vec![("unit", u.clone())]),
    ]
}

#[tokio::test]
async fn no_role_of_one_organisation_reaches_another_organisations_records() {
    let (app, a_org, _b_org) = app().await;
    let ids = records_of_a(&app, &a_org).await;
    let before = rows_of(&app, &a_org).await;
    // The snapshot holds A's records.
    for table in [
        "complaints",
        "activities",
        "surveys",
        "risk_entries",
        "gift_declarations",
        "units",
        "users",
    ] {
        assert!(!before[table].is_empty(), "{table}");
    }
    assert!(
        before["internal_audits"]
            .iter()
            .any(|row| row.contains("อัลฟาตรวจสอบ"))
    );

    let routes = staff_routes(&ids);
    let mut failures = Vec::new();
    let mut checked = 0;
    for role in Role::LAO_STAFF {
        let cookie = session_in(&app, "beta", &email(role, "beta")).await;
        for (method, path, form) in &routes {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let reply = if *method == Method::GET {
                get(&app, path, Some(&cookie)).await
            } else {
                post(&app, path, Some(&cookie), &form).await
            };
            checked += 1;
            let status = reply.status.as_u16();
            let refused = match *method {
                Method::GET => [403, 404].contains(&status),
                _ => [400, 403, 404, 422].contains(&status),
            };
            let leaked: Vec<&str> = MARKERS
                .iter()
                .copied()
                .filter(|m| reply.body.contains(m))
                .collect();
            if !refused || !leaked.is_empty() {
                failures.push(format!(
                    "{method} {path} as {role:?} of B: {status} {} leaked {leaked:?}",
                    reply.location()
                ));
            }
        }
        // B's own pages that list records show none of A's.
        for list in [
            "/staff/complaints",
            "/staff/activities?year=2569",
            "/staff/surveys?year=2569",
            "/staff/integrity/risks?year=2569",
            "/staff/integrity/audit",
            "/staff/integrity/gifts",
            "/staff/users",
            "/staff/units",
            "/staff/audit",
        ] {
            let reply: Reply = get(&app, list, Some(&cookie)).await;
            checked += 1;
            if let Some(m) = MARKERS.iter().find(|m| reply.body.contains(*m)) {
                failures.push(format!("GET {list} as {role:?} of B shows {m}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= Role::LAO_STAFF.len() * routes.len());

    // Public API routes with an id: B's slug, A's id.
    let s = &ids.survey;
    for path in [
        format!("/api/v1/organizations/beta/surveys/{s}"),
        format!("/api/v1/organizations/beta/surveys/{s}/results"),
    ] {
        let reply = get(&app, &path, None).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{path}: {}",
            reply.body
        );
        assert!(!reply.body.contains("อัลฟาสำรวจ"), "{path}");
    }
    let answer = send(
        &app,
        Method::POST,
        &format!("/api/v1/organizations/beta/surveys/{s}/responses"),
        None,
        Some("application/json"),
        serde_json::json!({"answers": {}}).to_string().into_bytes(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
    // Under A's own slug the same ids answer: the 404s above were B's.
    let own = get(
        &app,
        &format!("/api/v1/organizations/alpha/surveys/{s}"),
        None,
    )
    .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);

    let after = rows_of(&app, &a_org).await;
    for (table, rows) in &before {
        assert_eq!(Some(rows), after.get(table), "A's {table} changed");
    }
    assert_eq!(before.len(), after.len());
}
