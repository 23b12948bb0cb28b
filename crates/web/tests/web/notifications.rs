//! Staff notifications by e-mail (issue 13) against a real SMTP server
//! (aiosmtpd) and a real SQLite store: each kind of event reaches the right
//! people only, each user's choices (set on `/staff/notifications`) are
//! respected, a restart sends nothing twice, the digest goes once a day, and
//! no message carries anything of a complainant or of a corruption report.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use sujarit_core::ItemRef;
use sujarit_core::account::{Email, Role};
use sujarit_core::complaint::{Channel, Contact, EventKind, NewCaseEvent, NewComplaint};
use sujarit_core::fiscal::Quarter;
use sujarit_core::progress::{ProgressStatus, QuarterReport, ReportKey, ReviewAction};
use sujarit_core::sealed::{Keyring, SealingKey};
use sujarit_service::complaints::cleaning::Cleaner;
use sujarit_service::complaints::notices::{MailConfig, Mailer};
use sujarit_service::complaints::{Filer, keys};
use sujarit_service::notify;
use sujarit_store::files::FileStore;
use sujarit_store::{Organization, Store};
use time::OffsetDateTime;

use crate::support::{client, seeded};
use client::{PASSWORD, Routed, get, post, session_of};
use sujarit_testkit::smtp::{SmtpServer, decoded};

const NAME: &str = "มานี มีนา";
const PHONE: &str = "02 123 4567";
const CITIZEN_EMAIL: &str = "manee@example.org";
const SUBJECT: &str = "ไฟฟ้าส่องสว่างดับทั้งซอย";
const SECRET: &str = "ปลัดเรียกรับเงินใต้โต๊ะ";

const ACCOUNTS: [(&str, Role, Option<&str>); 8] = [
    ("admin@nakhon.test", Role::Administrator, None),
    ("coordinator@nakhon.test", Role::PlanCoordinator, None),
    (
        "officer@nakhon.test",
        Role::UnitOfficer,
        Some("สำนักปลัดเทศบาล"),
    ),
    ("other@nakhon.test", Role::UnitOfficer, Some("กองการศึกษา")),
    ("executive@nakhon.test", Role::Executive, None),
    ("complaints@nakhon.test", Role::ComplaintOfficer, None),
    ("quiet@nakhon.test", Role::ComplaintOfficer, None),
    ("integrity@nakhon.test", Role::IntegrityOfficer, None),
];

struct App {
    router: Router,
    store: Arc<dyn Store>,
    organization: Organization,
    dir: sujarit_testkit::TempDir,
}

impl Routed for App {
    fn router(&self) -> &Router {
        &self.router
    }
}

async fn app() -> App {
    let seeded::Seeded { store, org, dir } = seeded::seeded("notify", &ACCOUNTS, PASSWORD).await;
    let integrity = user_id(store.as_ref(), &org, "integrity@nakhon.test").await;
    keys::make_keys(store.as_ref(), &org, &integrity, PASSWORD)
        .await
        .expect("keys");
    let router = sujarit_web::router(sujarit_web::AppState::new(store.clone()));
    let organization = store.organization_by_slug("nakhon").await.unwrap().unwrap();
    App {
        router,
        store,
        organization,
        dir,
    }
}

async fn user_id(store: &dyn Store, org: &str, email: &str) -> String {
    store
        .user_by_email(org, &Email::parse(email).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id
}

fn mailer(smtp: &SmtpServer) -> Mailer {
    Mailer::new(&MailConfig {
        smtp_url: format!("smtp://127.0.0.1:{}", smtp.port),
        from: "Sujarit <no-reply@nakhon.test>".into(),
        public_url: "https://nakhon.test".into(),
        allow_plaintext: true,
    })
    .unwrap()
}

/// Waits until the SMTP server holds `count` messages; (recipient, body) each.
async fn received(smtp: &SmtpServer, count: usize) -> Vec<(String, String)> {
    let mut messages = Vec::new();
    for _ in 0..100 {
        messages = smtp.messages();
        if messages.len() >= count {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    messages
        .iter()
        .map(|m| {
            let to = m
                .lines()
                .find_map(|l| l.strip_prefix("To: "))
                .unwrap_or_default()
                .to_string();
            (to, decoded(m))
        })
        .collect()
}

fn bodies_to<'a>(messages: &'a [(String, String)], email: &str) -> Vec<&'a str> {
    messages
        .iter()
        .filter(|(to, _)| to.contains(email))
        .map(|(_, body)| body.as_str())
        .collect()
}

async fn file(app: &App, complaint: &NewComplaint) -> String {
    let keyring = Keyring::new("k1", SealingKey::from_bytes(SealingKey::generate_bytes())).unwrap();
    Filer::start(app.store.clone())
        .file(
            &keyring,
            &FileStore::new(app.dir.0.join("files")),
            &Cleaner::InProcess,
            &app.organization.id,
            complaint,
            Vec::new(),
            None,
        )
        .await
        .map_err(|e| format!("{e:?}"))
        .expect("filed")
        .receipt
        .complaint_id
}

fn report(item: ItemRef) -> QuarterReport {
    let mut report = QuarterReport::new(ReportKey {
        item,
        fiscal_year: 2566,
        quarter: Quarter::Q1,
    });
    report.status = ProgressStatus::InProgress;
    report.narrative = "ดำเนินการแล้วบางส่วน".into();
    report
}

#[tokio::test]
async fn each_event_reaches_the_right_staff_once_with_nothing_of_the_complainant() {
    let app = app().await;
    let Some(smtp) = SmtpServer::start(&app.dir.0) else {
        return;
    };
    let mailer = mailer(&smtp);
    let store = app.store.as_ref();
    let org = &app.organization.id;
    let url = Some("https://nakhon.test");

    // One complaint officer turns the new-complaint e-mail off on the page.
    let quiet = session_of(&app, "quiet@nakhon.test").await;
    let page = get(&app, "/staff/notifications", Some(&quiet)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("name=\"new_complaint\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("name=\"digest\""));
    assert!(
        !page.body.contains("name=\"assigned_to_unit\""),
        "only what applies to the role"
    );
    let saved = post(
        &app,
        "/staff/notifications",
        Some(&quiet),
        &[("digest", "on")],
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(
        !saved
            .body
            .contains("name=\"new_complaint\" value=\"on\" checked")
    );
    let home = get(&app, "/staff/", Some(&quiet)).await;
    assert!(
        home.body.contains("/staff/notifications"),
        "in the staff menu"
    );

    // The first scan announces nothing that happened before it.
    let start = OffsetDateTime::now_utc();
    assert_eq!(
        notify::enqueue_with(store, &app.organization, start, url, false)
            .await
            .unwrap(),
        0
    );

    let general = file(
        &app,
        &NewComplaint {
            channel: Channel::General,
            category: "lights".into(),
            subject: SUBJECT.into(),
            details: "ไฟดับมาสามคืนแล้ว ซอยมืดทั้งซอยและอันตราย".into(),
            place: Some("ซอยราชดำเนิน 5".into()),
            persons_concerned: None,
            contact: Some(Contact {
                name: Some(NAME.into()),
                phone: Some(PHONE.into()),
                email: Some(CITIZEN_EMAIL.into()),
                address: None,
            }),
            location: None,
        },
    )
    .await;
    file(
        &app,
        &NewComplaint {
            channel: Channel::Corruption,
            category: "bribery".into(),
            subject: SECRET.into(),
            details: "เรียกรับเงินจากผู้รับเหมาก่อนตรวจรับงานทุกงวด".into(),
            place: None,
            persons_concerned: Some("นายช่าง".into()),
            contact: None,
            location: None,
        },
    )
    .await;
    // Assigned to สำนักปลัดเทศบาล (its officer), as the case page does.
    let unit = store
        .unit_by_name(org, "สำนักปลัดเทศบาล")
        .await
        .unwrap()
        .unwrap()
        .id;
    let officer = user_id(store, org, "officer@nakhon.test").await;
    let coordinator = user_id(store, org, "coordinator@nakhon.test").await;
    let case = |revision| {
        let general = general.clone();
        async move {
            store
                .complaint(org, &general)
                .await
                .unwrap()
                .unwrap()
                .summary
                .revision
                .max(revision)
        }
    };
    let revision = case(0).await;
    store
        .record_complaint_event(
            org,
            &general,
            revision,
            &NewCaseEvent::new(EventKind::Accept),
            &coordinator,
        )
        .await
        .expect("accept");
    let revision = case(0).await;
    store
        .record_complaint_event(
            org,
            &general,
            revision,
            &NewCaseEvent::assign(&unit, &officer),
            &coordinator,
        )
        .await
        .expect("assign");
    // Item 1.1 (สำนักปลัดเทศบาล's) returned with a comment.
    let item = ItemRef {
        dimension: 1,
        no: 1,
    };
    store
        .save_quarter_report(org, &report(item), 0, &officer, true)
        .await
        .expect("submit");
    store
        .review_quarter_report(
            org,
            report(item).key(),
            ReviewAction::Return,
            Some("โปรดแนบภาพกิจกรรม"),
            &coordinator,
        )
        .await
        .expect("return");

    let now = OffsetDateTime::now_utc() + time::Duration::seconds(1);
    let added = notify::enqueue_with(store, &app.organization, now, url, false)
        .await
        .unwrap();
    assert_eq!(
        added, 4,
        "complaints@ (new), integrity@ (new report), officer@ (assigned, returned)"
    );
    assert_eq!(notify::send_pending(store, &mailer).await, 4);
    let messages = received(&smtp, 4).await;
    assert_eq!(messages.len(), 4, "{messages:?}");

    let to_complaints = bodies_to(&messages, "complaints@nakhon.test");
    assert_eq!(to_complaints.len(), 1);
    assert!(to_complaints[0].contains(&general[..8].to_ascii_uppercase()));
    assert!(to_complaints[0].contains(&format!("https://nakhon.test/staff/complaints/{general}")));
    assert!(
        bodies_to(&messages, "quiet@nakhon.test").is_empty(),
        "chose not to"
    );
    let to_integrity = bodies_to(&messages, "integrity@nakhon.test");
    assert_eq!(to_integrity.len(), 1);
    assert!(to_integrity[0].contains("เรื่องแจ้งเบาะแส"));
    let to_officer = bodies_to(&messages, "officer@nakhon.test");
    assert_eq!(to_officer.len(), 2, "{to_officer:?}");
    assert!(
        to_officer
            .iter()
            .any(|b| b.contains("มอบหมายให้สำนักปลัดเทศบาล"))
    );
    assert!(to_officer.iter().any(|b| b.contains("โปรดแนบภาพกิจกรรม")));
    for nobody in [
        "other@nakhon.test",
        "coordinator@nakhon.test",
        "admin@nakhon.test",
        "executive@nakhon.test",
    ] {
        assert!(bodies_to(&messages, nobody).is_empty(), "{nobody}");
    }
    let raw = smtp.messages().join("\n");
    for secret in [
        NAME,
        PHONE,
        CITIZEN_EMAIL,
        SUBJECT,
        SECRET,
        "bribery",
        "เรียกรับ",
    ] {
        assert!(
            !raw.contains(secret) && !messages.iter().any(|(_, b)| b.contains(secret)),
            "{secret} must not be in any message"
        );
    }

    // A restart (the scan again over the same span) sends nothing twice.
    assert_eq!(
        notify::enqueue_with(store, &app.organization, now, url, false)
            .await
            .unwrap(),
        0
    );
    assert_eq!(notify::send_pending(store, &mailer).await, 0);

    // The digest: once a day, to whom something waits (the coordinator: a
    // report to review), whatever the number of rounds.
    store
        .save_quarter_report(
            org,
            &report(ItemRef {
                dimension: 1,
                no: 2,
            }),
            0,
            &coordinator,
            true,
        )
        .await
        .expect("submit");
    for _ in 0..2 {
        notify::enqueue_with(store, &app.organization, now, url, true)
            .await
            .unwrap();
        notify::send_pending(store, &mailer).await;
    }
    let messages = received(&smtp, 5).await;
    let to_coordinator = bodies_to(&messages, "coordinator@nakhon.test");
    assert_eq!(to_coordinator.len(), 1, "{messages:?}");
    assert!(
        to_coordinator[0].contains("รายงานผลการดำเนินงานรอตรวจ: 1 รายการ"),
        "{}",
        to_coordinator[0]
    );
    let today = sujarit_core::thai::local_date(now);
    assert_eq!(
        store
            .staff_notice_state(org, &coordinator, &format!("digest:{today}"))
            .await
            .unwrap(),
        Some(true),
        "recorded as sent for the day"
    );
}

#[tokio::test]
async fn roles_without_e_mail_have_no_choices_and_no_menu_entry() {
    let app = app().await;
    let executive = session_of(&app, "executive@nakhon.test").await;
    let page = get(&app, "/staff/notifications", Some(&executive)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ไม่มีเรื่องที่ระบบแจ้งทางอีเมล"));
    let home = get(&app, "/staff/", Some(&executive)).await;
    assert!(!home.body.contains("/staff/notifications"));
    assert_eq!(
        get(&app, "/staff/notifications", None).await.status,
        StatusCode::SEE_OTHER,
        "staff only"
    );
}

#[tokio::test]
async fn disclosures_due_or_late_reach_the_owning_unit_once() {
    let app = app().await;
    let Some(smtp) = SmtpServer::start(&app.dir.0) else {
        return;
    };
    let mailer = mailer(&smtp);
    let store = app.store.as_ref();
    let now = OffsetDateTime::now_utc();
    let today = sujarit_core::thai::local_date(now);
    let year = sujarit_core::FiscalYear::of(today);
    let since_start = (today - year.first_day()).whole_days();
    // Due in three days (within the week ahead), and due yesterday (late;
    // not on the fiscal year's first day, when nothing can be late yet).
    let due_in = since_start + 3;
    let mut toml = format!(
        "fiscal_year = {}\ntitle = \"รายการทดสอบ\"\n\n\
         [[items]]\ncode = \"D1\"\ntitle = \"แผนผังโครงสร้างหน่วยงาน\"\ntopic = \"basic_information\"\n\
         contents = \"แผนผัง\"\ncadence = \"once\"\ndue = \"start+{due_in}\"\nowner_unit = \"สำนักปลัดเทศบาล\"\n\n\
         [[items]]\ncode = \"X1\"\ntitle = \"แผนพัฒนาการศึกษา\"\ntopic = \"administration\"\n\
         contents = \"แผน\"\ncadence = \"once\"\ndue = \"start+{due_in}\"\nowner_unit = \"กองการศึกษา\"\n",
        year.be()
    );
    let late = since_start >= 1;
    if late {
        toml.push_str(&format!(
            "\n[[items]]\ncode = \"L1\"\ntitle = \"คู่มือการปฏิบัติงาน\"\ntopic = \"basic_information\"\n\
             contents = \"คู่มือ\"\ncadence = \"once\"\ndue = \"start+{}\"\nowner_unit = \"สำนักปลัดเทศบาล\"\n",
            since_start - 1
        ));
    }
    let catalogue = sujarit_core::disclosure::Catalogue::from_toml(&toml).expect("catalogue");
    store
        .install_disclosure_catalogue(&app.organization.id, &catalogue, "test")
        .await
        .expect("install");

    let url = Some("https://nakhon.test");
    let expected = if late { 3 } else { 2 };
    assert_eq!(
        notify::enqueue_with(store, &app.organization, now, url, false)
            .await
            .unwrap(),
        expected
    );
    assert_eq!(
        notify::send_pending(store, &mailer).await,
        expected as usize
    );
    // Every later round finds the same periods: nothing new.
    assert_eq!(
        notify::enqueue_with(store, &app.organization, now, url, false)
            .await
            .unwrap(),
        0
    );
    let messages = received(&smtp, expected as usize).await;
    let to_officer = bodies_to(&messages, "officer@nakhon.test");
    assert!(
        to_officer
            .iter()
            .any(|b| b.contains("แผนผังโครงสร้างหน่วยงาน") && b.contains("ใกล้ถึงกำหนดเผยแพร่")),
        "{to_officer:?}"
    );
    assert_eq!(
        to_officer
            .iter()
            .any(|b| b.contains("คู่มือการปฏิบัติงาน") && b.contains("เลยกำหนดเผยแพร่แล้ว")),
        late
    );
    assert!(to_officer.iter().all(|b| !b.contains("แผนพัฒนาการศึกษา")));
    let to_other = bodies_to(&messages, "other@nakhon.test");
    assert_eq!(to_other.len(), 1, "only its own unit's item");
    assert!(to_other[0].contains("แผนพัฒนาการศึกษา"));
    assert!(to_other[0].contains("https://nakhon.test/staff/info"));
    for nobody in ["coordinator@nakhon.test", "complaints@nakhon.test"] {
        assert!(bodies_to(&messages, nobody).is_empty(), "{nobody}");
    }
}
