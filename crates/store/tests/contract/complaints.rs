//! Scenarios of the complaints storage contract (`ComplaintStore`): filing in
//! batches, tracking, the workflow, protection of reporters, the survey,
//! statistics and the organisation's settings.

use sujarit_core::FiscalYear;
use sujarit_core::account::{Email, Role};
use sujarit_core::complaint::{
    ActionKind, CaseState, Channel, Contact, CorruptionContent, EventKind, NewCaseEvent,
    NewComplaint, ReportNotes, SmallCount, SurveyAnswer, TrackingCode, seal_context,
};
use sujarit_core::progress::Round;
use sujarit_core::sealed::{Keyring, SealingKey};
use sujarit_core::thai::local_date;
use sujarit_store::{
    AUDIT_IDENTITY_REVEALED, ComplainantInformation, ComplaintFilter, NewAttachment,
    NewComplaintRecord, NewUser, Receipt, Store, StoreError, SurveyStatus,
};
use time::Duration;

use crate::harness::Raw;

contract! {
    a_batch_is_filed_at_once_and_each_complaint_can_be_tracked,
    a_taken_tracking_code_does_not_lose_the_complaint,
    a_corruption_report_leaves_no_plaintext_in_the_database,
    the_workflow_refuses_forbidden_moves_and_stale_revisions,
    the_corruption_workflow_runs_to_its_outcome,
    a_complainant_adds_information_only_when_asked,
    revealing_an_identity_needs_a_reason_and_is_audited,
    the_survey_is_answered_once_after_closing,
    statistics_count_months_and_suppress_small_categories,
    overdue_cases_and_missing_explanations_are_listed,
    categories_and_deadlines_are_configurable,
    the_last_corruption_category_stays_enabled,
    concurrent_moves_of_one_revision_let_exactly_one_win,
    concurrent_batches_are_all_filed,
    public_steps_of_cases_with_a_contact_leave_notices_until_sent,
    the_report_to_executives_keeps_its_narrative_and_counts_ratings,
}

const REPORTER_NAME: &str = "ประเสริฐ ลับสุดยอด";
const REPORTER_PHONE: &str = "0899998877";
const SECRET_SUBJECT: &str = "ปลัดเรียกรับเงินใต้โต๊ะโครงการถนนหมู่ 7";

fn keyring() -> Keyring {
    Keyring::new("test-2026", SealingKey::from_bytes([42; 32])).expect("keyring")
}

fn fresh_code() -> TrackingCode {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    let mut random = [0u8; 10];
    random.copy_from_slice(&bytes[..10]);
    TrackingCode::from_random_bytes(random)
}

fn general(category: &str, subject: &str, place: Option<&str>) -> NewComplaint {
    NewComplaint {
        channel: Channel::General,
        category: category.into(),
        subject: subject.into(),
        details: format!("รายละเอียดของ {subject}"),
        place: place.map(str::to_string),
        persons_concerned: None,
        contact: Some(Contact {
            name: Some("สมศรี ผู้ร้อง".into()),
            phone: Some("081-111-2222".into()),
            email: Some("somsri@example.com".into()),
            address: None,
        }),
    }
}

fn corruption() -> NewComplaint {
    NewComplaint {
        channel: Channel::Corruption,
        category: "bribery".into(),
        subject: SECRET_SUBJECT.into(),
        details: "มีการเรียกรับเงินจากผู้รับเหมา".into(),
        place: Some("สำนักช่าง".into()),
        persons_concerned: Some("นายช่างโยธา".into()),
        contact: Some(Contact {
            name: Some(REPORTER_NAME.into()),
            phone: Some(REPORTER_PHONE.into()),
            email: None,
            address: None,
        }),
    }
}

fn record(complaint: &NewComplaint) -> NewComplaintRecord {
    assert!(
        complaint.validate().is_empty(),
        "{:?}",
        complaint.validate()
    );
    NewComplaintRecord {
        proposed_tracking_code: fresh_code(),
        complaint: complaint.seal(&keyring()),
        attachments: Vec::new(),
    }
}

async fn org(store: &dyn Store, slug: &str) -> String {
    store
        .ensure_organization(slug, &format!("เทศบาล {slug}"))
        .await
        .expect("organization")
        .id
}

async fn file_one(store: &dyn Store, org: &str, complaint: &NewComplaint) -> Receipt {
    let mut outcomes = store
        .file_complaints(org, &[record(complaint)])
        .await
        .expect("file");
    outcomes.pop().expect("one outcome").expect("filed")
}

/// A unit and an officer in it, for assignments.
async fn unit_and_officer(store: &dyn Store, org: &str) -> (String, String) {
    let unit = store.create_unit(org, "กองช่าง", None).await.expect("unit");
    let officer = store
        .create_user(
            org,
            &NewUser {
                email: Email::parse("officer@example.org").expect("email"),
                display_name: "เจ้าหน้าที่ กองช่าง".into(),
                role: Role::UnitOfficer,
                unit_id: Some(unit.id.clone()),
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$x".into(),
                must_change_password: false,
            },
            None,
        )
        .await
        .expect("officer");
    (unit.id, officer.id)
}

/// Records `event` on the case at its current revision.
async fn step(
    store: &dyn Store,
    org: &str,
    id: &str,
    event: NewCaseEvent,
) -> Result<sujarit_store::ComplaintCase, StoreError> {
    let revision = store
        .complaint(org, id)
        .await
        .expect("read")
        .expect("case")
        .summary
        .revision;
    store
        .record_complaint_event(org, id, revision, &event, "user-staff")
        .await
}

// ---------------------------------------------------------------------------
// Scenarios

async fn a_batch_is_filed_at_once_and_each_complaint_can_be_tracked(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let mut unknown = record(&general("roads", "x", None));
    unknown.complaint.category = "no_such".into();
    let batch = vec![
        record(&general("roads", "ถนนชำรุด", Some("หน้าโรงเรียน"))),
        record(&corruption()),
        unknown,
        record(&general("waste", "ขยะไม่ได้เก็บ", None)),
    ];
    let before = raw.row_counts().await;
    let outcomes = store.file_complaints(&org, &batch).await.expect("file");
    assert_eq!(outcomes.len(), 4);
    let errors = outcomes[2].as_ref().expect_err("unknown category refused");
    assert_eq!(errors[0].field, "category");
    assert!(errors[0].message.contains("no_such"));
    let receipts: Vec<&Receipt> = outcomes.iter().filter_map(|o| o.as_ref().ok()).collect();
    assert_eq!(receipts.len(), 3);
    let after = raw.row_counts().await;
    assert_eq!(after["complaints"] - before["complaints"], 3);
    assert_eq!(after["complaint_events"] - before["complaint_events"], 3);
    for (receipt, proposed) in receipts.iter().zip([&batch[0], &batch[1], &batch[3]]) {
        assert_eq!(receipt.tracking_code, proposed.proposed_tracking_code);
        assert_eq!(
            receipt.due_date,
            local_date(receipt.received_at) + Duration::days(15)
        );
        let tracked = store
            .track_complaint(&org, &receipt.tracking_code)
            .await
            .expect("track")
            .expect("found");
        assert_eq!(tracked.state, CaseState::Received);
        assert_eq!(tracked.due_date, receipt.due_date);
        assert_eq!(tracked.received_at, receipt.received_at);
        assert_eq!(tracked.history.len(), 1);
        assert_eq!(tracked.history[0].kind, EventKind::Filed);
        assert_eq!(tracked.history[0].label, "รับเรื่องแล้ว");
        assert_eq!(tracked.survey, SurveyStatus::NotYet);
    }
    assert_eq!(
        store
            .track_complaint(&org, &fresh_code())
            .await
            .expect("track"),
        None
    );
    // Another organisation does not see these codes.
    let beta = self::org(store, "beta").await;
    assert_eq!(
        store
            .track_complaint(&beta, &receipts[0].tracking_code)
            .await
            .expect("track"),
        None
    );
    // A batch of nothing writes nothing.
    assert!(
        store
            .file_complaints(&org, &[])
            .await
            .expect("empty")
            .is_empty()
    );
    // Staff see all three, the corruption one without a plain subject.
    let all = store
        .complaints(&org, &ComplaintFilter::default())
        .await
        .expect("list");
    assert_eq!(all.len(), 3);
    let only_corruption = store
        .complaints(
            &org,
            &ComplaintFilter {
                channel: Some(Channel::Corruption),
                ..Default::default()
            },
        )
        .await
        .expect("list");
    assert_eq!(only_corruption.len(), 1);
    assert_eq!(only_corruption[0].subject, None);
    assert!(only_corruption[0].sealed_content.is_some());
    assert!(only_corruption[0].has_contact);
}

async fn a_taken_tracking_code_does_not_lose_the_complaint(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let first = file_one(store, &org, &general("roads", "หนึ่ง", None)).await;
    let mut second = record(&general("roads", "สอง", None));
    second.proposed_tracking_code = first.tracking_code;
    // The same code twice within one batch, too.
    let mut third = record(&general("roads", "สาม", None));
    third.proposed_tracking_code = first.tracking_code;
    let outcomes = store
        .file_complaints(&org, &[second, third])
        .await
        .expect("file");
    let codes: Vec<TrackingCode> = outcomes
        .into_iter()
        .map(|o| o.expect("filed").tracking_code)
        .collect();
    assert!(codes.iter().all(|c| *c != first.tracking_code));
    assert_ne!(codes[0], codes[1]);
    for code in codes.iter().chain([&first.tracking_code]) {
        assert!(
            store
                .track_complaint(&org, code)
                .await
                .expect("track")
                .is_some()
        );
    }
}

async fn a_corruption_report_leaves_no_plaintext_in_the_database(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let mut report = record(&corruption());
    report.attachments.push(NewAttachment {
        sha256: "ab".repeat(32),
        media_type: "application/pdf".into(),
        size_bytes: 1234,
        file_name: None,
        sealed_file_name: Some(
            keyring().seal_with_context("หลักฐาน-ประเสริฐ.pdf".as_bytes(), seal_context::FILE_NAME),
        ),
    });
    let receipt = store
        .file_complaints(&org, &[report])
        .await
        .expect("file")
        .pop()
        .expect("outcome")
        .expect("filed");
    // A report whose content is not sealed is refused.
    let mut leaky = record(&corruption());
    leaky.complaint.subject = Some(SECRET_SUBJECT.into());
    let refused = store.file_complaints(&org, &[leaky]).await.expect("file");
    assert!(refused[0].is_err());

    let case = store
        .complaint(&org, &receipt.complaint_id)
        .await
        .expect("read")
        .expect("case");
    assert_eq!(
        (case.summary.subject.clone(), case.details.clone()),
        (None, None)
    );
    let content = keyring()
        .open_with_context(
            case.summary.sealed_content.as_ref().expect("sealed"),
            seal_context::CONTENT,
        )
        .expect("opens");
    let content = CorruptionContent::from_sealed_plaintext(&content).expect("content");
    assert_eq!(content.subject, SECRET_SUBJECT);
    assert_eq!(content.persons_concerned.as_deref(), Some("นายช่างโยธา"));
    assert_eq!(case.attachments.len(), 1);
    assert_eq!(case.attachments[0].file_name, None);

    // A control: a general complaint's subject is plain, so the scan below
    // must find it; otherwise it would prove nothing.
    const PLAIN_CONTROL: &str = "ท่อระบายน้ำอุดตันหน้าวัดทดสอบการสแกน";
    file_one(store, &org, &general("water", PLAIN_CONTROL, None)).await;
    let mut control_found = false;
    let secrets = [
        REPORTER_NAME,
        REPORTER_PHONE,
        "089-999-8877",
        SECRET_SUBJECT,
        "หลักฐาน-ประเสริฐ",
    ];
    match raw {
        Raw::Sqlite(path) => {
            // Every byte SQLite wrote: the database, its WAL and shared memory.
            for suffix in ["", "-wal", "-shm"] {
                let mut file = path.clone().into_os_string();
                file.push(suffix);
                let Ok(bytes) = std::fs::read(&file) else {
                    continue;
                };
                control_found |= bytes
                    .windows(PLAIN_CONTROL.len())
                    .any(|w| w == PLAIN_CONTROL.as_bytes());
                for secret in secrets {
                    assert!(
                        !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                        "{secret:?} in plain text in {file:?}"
                    );
                }
            }
        }
        Raw::Postgres(url) => {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
            for table in [
                "complaints",
                "complaint_events",
                "complaint_attachments",
                "audit_log",
            ] {
                let rows: Vec<(String,)> =
                    sqlx::query_as(&format!("SELECT row_to_json(t)::text FROM {table} t"))
                        .fetch_all(&mut conn)
                        .await
                        .expect("rows as text");
                for (row,) in rows {
                    control_found |= row.contains(PLAIN_CONTROL);
                    for secret in secrets {
                        assert!(!row.contains(secret), "{secret:?} in {table}: {row}");
                    }
                }
            }
        }
    }
    assert!(control_found, "the scan did not see the plain control text");
}

async fn the_workflow_refuses_forbidden_moves_and_stale_revisions(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let (unit, officer) = unit_and_officer(store, &org).await;
    let receipt = file_one(store, &org, &general("lights", "ไฟดับทั้งซอย", Some("ซอย 5"))).await;
    let id = receipt.complaint_id.as_str();

    // Not yet accepted: cannot be resolved.
    let before = raw.row_counts().await;
    let refused = step(
        store,
        &org,
        id,
        NewCaseEvent::new(EventKind::Resolve).with_public_message("ซ่อมแล้ว"),
    )
    .await;
    match refused {
        Err(StoreError::NotAllowed(message)) => {
            assert!(
                message.to_string().contains("รับเรื่องแล้ว รอตรวจสอบ"),
                "{message}"
            )
        }
        other => panic!("expected NotAllowed, got {other:?}"),
    }
    // A corruption-only move on a general complaint.
    assert!(matches!(
        step(
            store,
            &org,
            id,
            NewCaseEvent::new(EventKind::StartFactFinding)
        )
        .await,
        Err(StoreError::NotAllowed(_))
    ));
    // A resolve without the answer is invalid before anything else.
    assert!(matches!(
        step(store, &org, id, NewCaseEvent::new(EventKind::Resolve)).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(raw.row_counts().await, before, "nothing written");

    let accepted = store
        .record_complaint_event(&org, id, 1, &NewCaseEvent::new(EventKind::Accept), "user-a")
        .await
        .expect("accept");
    assert_eq!(accepted.summary.revision, 2);
    assert_eq!(accepted.summary.state, CaseState::Accepted);
    // Someone else, still on revision 1.
    match store
        .record_complaint_event(&org, id, 1, &NewCaseEvent::note("ซ้ำ"), "user-b")
        .await
    {
        Err(StoreError::Stale { current_revision }) => assert_eq!(current_revision, 2),
        other => panic!("expected Stale, got {other:?}"),
    }
    // Assignment names a real unit and officer.
    match step(store, &org, id, NewCaseEvent::assign("no-unit", "no-user")).await {
        Err(StoreError::Invalid(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
            assert_eq!(fields, ["unit_id", "officer_id"]);
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    let assigned = step(store, &org, id, NewCaseEvent::assign(&unit, &officer))
        .await
        .expect("assign");
    assert_eq!(assigned.summary.unit_id.as_deref(), Some(unit.as_str()));
    assert_eq!(
        assigned.summary.officer_id.as_deref(),
        Some(officer.as_str())
    );
    step(store, &org, id, NewCaseEvent::new(EventKind::StartWork))
        .await
        .expect("start");
    step(
        store,
        &org,
        id,
        NewCaseEvent::note("ผู้รับเหมาแจ้งว่าอะไหล่หมด โทร 02-999-0000"),
    )
    .await
    .expect("note");
    step(
        store,
        &org,
        id,
        NewCaseEvent::new(EventKind::ProgressUpdate).with_public_message("สั่งซื้อหลอดไฟแล้ว"),
    )
    .await
    .expect("update");
    let resolved = step(
        store,
        &org,
        id,
        NewCaseEvent::new(EventKind::Resolve)
            .with_public_message("เปลี่ยนหลอดไฟครบทั้งซอยแล้ว")
            .with_internal_note("ใช้งบซ่อมบำรุง"),
    )
    .await
    .expect("resolve");
    assert_eq!(resolved.summary.state, CaseState::Resolved);
    assert!(resolved.summary.clock.completed_on.is_some());
    let closed = step(store, &org, id, NewCaseEvent::new(EventKind::Close))
        .await
        .expect("close");
    assert_eq!(closed.summary.state, CaseState::Closed);
    assert!(matches!(
        step(store, &org, id, NewCaseEvent::note("หลังปิด")).await,
        Err(StoreError::NotAllowed(_))
    ));
    // Staff see everything, in order, with who did it.
    let kinds: Vec<EventKind> = closed.history.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::Filed,
            EventKind::Accept,
            EventKind::Assign,
            EventKind::StartWork,
            EventKind::Note,
            EventKind::ProgressUpdate,
            EventKind::Resolve,
            EventKind::Close
        ]
    );
    assert_eq!(closed.history[1].actor.as_deref(), Some("user-a"));
    assert_eq!(closed.history[0].actor, None);
    assert_eq!(
        closed.history[2].officer_id.as_deref(),
        Some(officer.as_str())
    );
    // The public sees the public steps only: no note, no staff, no unit.
    let public = store
        .track_complaint(&org, &receipt.tracking_code)
        .await
        .expect("track")
        .expect("found");
    let public_kinds: Vec<EventKind> = public.history.iter().map(|e| e.kind).collect();
    assert!(!public_kinds.contains(&EventKind::Note));
    assert_eq!(public.history.len(), 7);
    let shown = format!("{public:?}");
    for hidden in [
        "อะไหล่หมด",
        "ใช้งบซ่อมบำรุง",
        "user-staff",
        "user-a",
        &officer,
        &unit,
    ] {
        assert!(!shown.contains(hidden), "{hidden} shown publicly");
    }
    let answer = public
        .history
        .iter()
        .find(|e| e.kind == EventKind::Resolve)
        .expect("the answer");
    assert_eq!(answer.message.as_deref(), Some("เปลี่ยนหลอดไฟครบทั้งซอยแล้ว"));
    assert_eq!(public.survey, SurveyStatus::Open);
}

async fn the_corruption_workflow_runs_to_its_outcome(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let receipt = file_one(store, &org, &corruption()).await;
    let id = receipt.complaint_id.as_str();
    step(store, &org, id, NewCaseEvent::new(EventKind::Accept))
        .await
        .expect("accept");
    assert!(matches!(
        step(store, &org, id, NewCaseEvent::new(EventKind::StartWork)).await,
        Err(StoreError::NotAllowed(_))
    ));
    step(
        store,
        &org,
        id,
        NewCaseEvent::new(EventKind::StartFactFinding),
    )
    .await
    .expect("fact-finding");
    let acted = step(
        store,
        &org,
        id,
        NewCaseEvent::take_action(ActionKind::Disciplinary),
    )
    .await
    .expect("action");
    assert_eq!(acted.summary.state, CaseState::Action);
    assert_eq!(acted.summary.action_kind, Some(ActionKind::Disciplinary));
    step(
        store,
        &org,
        id,
        NewCaseEvent::new(EventKind::RecordOutcome).with_public_message("ลงโทษทางวินัยแล้ว"),
    )
    .await
    .expect("outcome");
    let closed = step(store, &org, id, NewCaseEvent::new(EventKind::Close))
        .await
        .expect("close");
    assert_eq!(closed.summary.state, CaseState::Closed);
    let public = store
        .track_complaint(&org, &receipt.tracking_code)
        .await
        .expect("track")
        .expect("found");
    assert_eq!(
        public
            .history
            .iter()
            .find(|e| e.kind == EventKind::TakeAction)
            .and_then(|e| e.action_kind),
        Some(ActionKind::Disciplinary)
    );
}

async fn a_complainant_adds_information_only_when_asked(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let receipt = file_one(store, &org, &general("water", "น้ำไม่ไหล", None)).await;
    let code = receipt.tracking_code;
    let info = ComplainantInformation {
        text: Some("บ้านเลขที่ 12 หมู่ 3".into()),
        ..Default::default()
    };
    assert!(matches!(
        store.add_complainant_information(&org, &code, &info).await,
        Err(StoreError::NotAllowed(_))
    ));
    step(
        store,
        &org,
        &receipt.complaint_id,
        NewCaseEvent::new(EventKind::RequestInformation).with_public_message("โปรดแจ้งบ้านเลขที่"),
    )
    .await
    .expect("ask");
    let empty = ComplainantInformation::default();
    assert!(matches!(
        store.add_complainant_information(&org, &code, &empty).await,
        Err(StoreError::Invalid(_))
    ));
    let public = store
        .add_complainant_information(&org, &code, &info)
        .await
        .expect("add");
    assert_eq!(public.state, CaseState::Received);
    let last = public.history.last().expect("event");
    assert_eq!(last.kind, EventKind::InformationAdded);
    assert_eq!(last.message, None, "what they sent is not echoed publicly");
    let case = store
        .complaint(&org, &receipt.complaint_id)
        .await
        .expect("read")
        .expect("case");
    assert_eq!(
        case.history.last().and_then(|e| e.internal_note.as_deref()),
        Some("บ้านเลขที่ 12 หมู่ 3")
    );
}

async fn revealing_an_identity_needs_a_reason_and_is_audited(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let filed = record(&corruption());
    let sealed_contact = filed.complaint.sealed_contact.clone();
    let receipt = store
        .file_complaints(&org, &[filed])
        .await
        .expect("file")
        .pop()
        .expect("outcome")
        .expect("filed");
    let before = raw.row_counts().await;
    match store
        .reveal_identity(&org, &receipt.complaint_id, "user-integrity", "  ")
        .await
    {
        Err(StoreError::Invalid(errors)) => {
            assert_eq!(errors[0].field, "reason");
            assert!(errors[0].message.contains("เหตุผล"));
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(
        raw.row_counts().await,
        before,
        "nothing revealed, nothing logged"
    );
    let revealed = store
        .reveal_identity(
            &org,
            &receipt.complaint_id,
            "user-integrity",
            "คณะกรรมการสอบข้อเท็จจริงต้องเชิญผู้แจ้งให้ถ้อยคำ",
        )
        .await
        .expect("reveal");
    assert_eq!(revealed, sealed_contact);
    let contact = keyring()
        .open_with_context(&revealed.expect("a contact"), seal_context::CONTACT)
        .expect("opens");
    assert_eq!(
        Contact::from_sealed_plaintext(&contact)
            .and_then(|c| c.name)
            .as_deref(),
        Some(REPORTER_NAME)
    );
    let log = store.audit_log(&org, None, 10).await.expect("audit log");
    let entry = log
        .iter()
        .find(|e| e.action == AUDIT_IDENTITY_REVEALED)
        .expect("the reveal is audited");
    assert_eq!(entry.actor_user_id.as_deref(), Some("user-integrity"));
    assert_eq!(entry.target, receipt.complaint_id);
    let after = entry.after.as_ref().expect("details");
    assert_eq!(after["reason"], "คณะกรรมการสอบข้อเท็จจริงต้องเชิญผู้แจ้งให้ถ้อยคำ");
    assert!(!after.to_string().contains(REPORTER_NAME));
    // An anonymous report reveals nothing, and the attempt is still recorded.
    let mut anonymous = corruption();
    anonymous.contact = None;
    let anonymous = file_one(store, &org, &anonymous).await;
    assert_eq!(
        store
            .reveal_identity(&org, &anonymous.complaint_id, "user-integrity", "ตรวจสอบ")
            .await
            .expect("reveal"),
        None
    );
    let log = store.audit_log(&org, None, 10).await.expect("audit log");
    assert_eq!(
        log.iter()
            .filter(|e| e.action == AUDIT_IDENTITY_REVEALED)
            .count(),
        2
    );
    assert!(matches!(
        store
            .reveal_identity(&org, "no-such-case", "user-integrity", "ตรวจสอบ")
            .await,
        Err(StoreError::NotFound(_))
    ));
}

async fn the_survey_is_answered_once_after_closing(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let receipt = file_one(store, &org, &general("roads", "ทางเท้าแตก", None)).await;
    let code = receipt.tracking_code;
    let answer = SurveyAnswer {
        rating: 5,
        comment: Some("รวดเร็วมาก".into()),
    };
    assert!(matches!(
        store.answer_survey(&org, &code, &answer).await,
        Err(StoreError::NotAllowed(_))
    ));
    let id = receipt.complaint_id.as_str();
    step(
        store,
        &org,
        id,
        NewCaseEvent::new(EventKind::Forward).with_public_message("ส่งต่อกรมทางหลวงแล้ว"),
    )
    .await
    .expect("forward");
    step(store, &org, id, NewCaseEvent::new(EventKind::Close))
        .await
        .expect("close");
    assert!(matches!(
        store
            .answer_survey(
                &org,
                &code,
                &SurveyAnswer {
                    rating: 0,
                    comment: None
                }
            )
            .await,
        Err(StoreError::Invalid(_))
    ));
    store
        .answer_survey(&org, &code, &answer)
        .await
        .expect("first answer");
    match store.answer_survey(&org, &code, &answer).await {
        Err(StoreError::NotAllowed(message)) => {
            assert!(message.to_string().contains("ครั้งเดียว"))
        }
        other => panic!("expected NotAllowed, got {other:?}"),
    }
    let public = store
        .track_complaint(&org, &code)
        .await
        .expect("track")
        .expect("found");
    assert_eq!(public.survey, SurveyStatus::Answered);
    let case = store
        .complaint(&org, id)
        .await
        .expect("read")
        .expect("case");
    assert_eq!(case.survey, Some(answer));
    let year = FiscalYear::of(local_date(receipt.received_at));
    let summary = store.satisfaction(&org, year, None).await.expect("summary");
    assert_eq!((summary.answers, summary.satisfied), (1, 1));
    assert!(summary.meets_target());
    let corruption_only = store
        .satisfaction(&org, year, Some(Channel::Corruption))
        .await
        .expect("summary");
    assert_eq!(corruption_only.answers, 0);
}

async fn statistics_count_months_and_suppress_small_categories(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let mut batch = Vec::new();
    for i in 0..3 {
        batch.push(record(&general(
            "roads",
            &format!("ถนน {i}"),
            Some("ซอย 5"),
        )));
    }
    batch.push(record(&general("waste", "ขยะ", Some("ตลาด"))));
    batch.push(record(&corruption()));
    let receipts: Vec<Receipt> = store
        .file_complaints(&org, &batch)
        .await
        .expect("file")
        .into_iter()
        .map(|o| o.expect("filed"))
        .collect();
    let today = local_date(receipts[0].received_at);
    step(
        store,
        &org,
        &receipts[0].complaint_id,
        NewCaseEvent::new(EventKind::Forward).with_public_message("ไม่อยู่ในอำนาจ ส่งต่อแล้ว"),
    )
    .await
    .expect("forward");
    let year = FiscalYear::of(today);
    // A disabled category without a case is not listed; every enabled one is.
    store
        .set_complaint_category_enabled(&org, Channel::General, "nuisance", false, "user-admin")
        .await
        .expect("disable");
    let published = store
        .complaint_statistics(&org, year, Some(Channel::General), today)
        .await
        .expect("stats");
    assert!(published.corruption.is_none());
    let stats = published.general.expect("general");
    let listed: Vec<&str> = stats
        .categories
        .iter()
        .map(|c| c.category.as_str())
        .collect();
    assert_eq!(
        listed,
        [
            "roads",
            "waste",
            "water",
            "lights",
            "service_conduct",
            "other"
        ]
    );
    let month = stats
        .months
        .iter()
        .find(|m| m.year == today.year() && m.month == today.month() as u8)
        .expect("this month");
    assert_eq!(
        (
            month.received,
            month.completed,
            month.in_progress,
            month.overdue
        ),
        (4, 1, 3, 0)
    );
    let roads = stats
        .categories
        .iter()
        .find(|c| c.category == "roads")
        .expect("roads");
    // 3 beside a lone "fewer than 3" would give waste away from the total.
    assert_eq!(roads.total, SmallCount::Withheld);
    let waste = stats
        .categories
        .iter()
        .find(|c| c.category == "waste")
        .expect("waste");
    assert_eq!(waste.total, SmallCount::FewerThanThree);
    assert!(
        stats
            .categories
            .iter()
            .all(|c| c.channel == Channel::General)
    );
    // Counts only: nothing a person could be read from.
    let json = serde_json::to_string(&stats).expect("json");
    for private in ["สมศรี", "081", "ถนน 0", "ซอย 5", REPORTER_NAME] {
        assert!(!json.contains(private), "{private} in statistics");
    }
    let both = store
        .complaint_statistics(&org, year, None, today)
        .await
        .expect("stats");
    // Side by side, never added up: the general months hold 4, and the lone
    // corruption report is "fewer than 3" for the year, with every category.
    let general = both.general.as_ref().expect("general");
    assert_eq!(general.months.iter().map(|m| m.received).sum::<u32>(), 4);
    // The corruption channel counts to the end of the last quarter that
    // ended: nothing yet today, "fewer than 3" once this quarter is over.
    let corruption = both.corruption.as_ref().expect("corruption");
    assert_eq!(corruption.received, SmallCount::Count(0));
    assert_eq!(corruption.categories.len(), 6);
    let (_, quarter) = sujarit_core::fiscal::Quarter::of(today);
    let after_quarter = quarter.last_day(year).next_day().expect("a day");
    let next = store
        .complaint_statistics(&org, year, Some(Channel::Corruption), after_quarter)
        .await
        .expect("stats");
    assert!(next.general.is_none());
    let corruption = next.corruption.expect("corruption");
    assert_eq!(corruption.as_of, Some(quarter.last_day(year)));
    assert_eq!(corruption.received, SmallCount::FewerThanThree);
    assert_eq!(corruption.satisfaction, None);
    let bribery = corruption
        .categories
        .iter()
        .find(|c| c.category == "bribery")
        .expect("bribery");
    assert_eq!(bribery.received, SmallCount::FewerThanThree);
    let later = store
        .complaint_statistics(&org, year, None, today + Duration::days(40))
        .await
        .expect("stats");
    let overdue = |s: &sujarit_core::complaint::PublishedStatistics| {
        s.general
            .as_ref()
            .map_or(0, |g| g.months.iter().map(|m| m.overdue).sum::<u32>())
    };
    assert_eq!(overdue(&later), 3);
    let empty = store
        .complaint_statistics(&org, FiscalYear(year.0 - 1), None, today)
        .await
        .expect("stats");
    let empty_general = empty.general.expect("general");
    assert_eq!(
        empty_general.months.iter().map(|m| m.received).sum::<u32>(),
        0
    );
    assert!(
        empty_general
            .categories
            .iter()
            .all(|c| c.total == SmallCount::Count(0))
    );
    assert_eq!(
        empty.corruption.map(|c| c.received),
        Some(SmallCount::Count(0))
    );

    let recurring = store
        .recurring_problems(&org, year)
        .await
        .expect("recurring");
    assert_eq!(recurring[0].category, "roads");
    assert_eq!(recurring[0].place.as_deref(), Some("ซอย 5"));
    assert_eq!(recurring[0].count, 3);
    assert_eq!(recurring.len(), 2, "corruption reports are not in it");
}

async fn overdue_cases_and_missing_explanations_are_listed(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let late = file_one(store, &org, &general("roads", "ล่าช้า", None)).await;
    let today = local_date(late.received_at);
    let filter = |f: fn(&mut ComplaintFilter, time::Date)| {
        let mut filter = ComplaintFilter::default();
        f(&mut filter, today);
        filter
    };
    let overdue_later = filter(|f, d| f.overdue_on = Some(d + Duration::days(16)));
    let unexplained_later = filter(|f, d| f.lacking_explanation_on = Some(d + Duration::days(16)));
    let overdue_now = filter(|f, d| f.overdue_on = Some(d));
    let due_soon = filter(|f, d| f.due_soon = Some((d + Duration::days(13), 3)));
    assert!(
        store
            .complaints(&org, &overdue_now)
            .await
            .expect("list")
            .is_empty()
    );
    assert_eq!(
        store
            .complaints(&org, &overdue_later)
            .await
            .expect("list")
            .len(),
        1
    );
    assert_eq!(
        store.complaints(&org, &due_soon).await.expect("list").len(),
        1
    );
    assert_eq!(
        store
            .complaints(&org, &unexplained_later)
            .await
            .expect("list")
            .len(),
        1
    );
    step(
        store,
        &org,
        &late.complaint_id,
        NewCaseEvent::explain_delay("รองบประมาณซ่อมแซม คาดว่าแล้วเสร็จภายในเดือนหน้า"),
    )
    .await
    .expect("explain");
    assert!(
        store
            .complaints(&org, &unexplained_later)
            .await
            .expect("list")
            .is_empty()
    );
    assert_eq!(
        store
            .complaints(&org, &overdue_later)
            .await
            .expect("list")
            .len(),
        1
    );
    let public = store
        .track_complaint(&org, &late.tracking_code)
        .await
        .expect("track")
        .expect("found");
    assert_eq!(
        public.history.last().map(|e| e.kind),
        Some(EventKind::ExplainDelay)
    );
    let by_state = ComplaintFilter {
        states: vec![CaseState::Accepted],
        ..Default::default()
    };
    assert!(
        store
            .complaints(&org, &by_state)
            .await
            .expect("list")
            .is_empty()
    );
}

async fn the_last_corruption_category_stays_enabled(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    for code in ["procurement", "bribery", "abuse_of_power", "personnel"] {
        store
            .set_complaint_category_enabled(&org, Channel::Corruption, code, false, "user-admin")
            .await
            .expect("switch off");
    }
    // "other" cannot be switched off today; a database from before that
    // rule (or edited by hand) may have it off. Then "assets" is the last.
    raw.execute(
        "UPDATE complaint_categories SET enabled = FALSE \
         WHERE channel = 'corruption' AND code = 'other'",
    )
    .await;
    let audit_before = store.audit_log(&org, None, 100).await.expect("audit").len();
    let refused = store
        .set_complaint_category_enabled(&org, Channel::Corruption, "assets", false, "user-admin")
        .await;
    match refused {
        Err(StoreError::NotAllowed(refusal)) => {
            assert_eq!(
                refusal,
                sujarit_core::refusal::Refusal::LastCorruptionCategory
            );
            assert!(refusal.to_string().contains("อย่างน้อยหนึ่งประเภท"));
        }
        other => panic!("the last corruption category was switched off: {other:?}"),
    }
    let now = store
        .complaint_categories(&org, Channel::Corruption)
        .await
        .expect("categories");
    let enabled: Vec<&str> = now
        .iter()
        .filter(|c| c.enabled)
        .map(|c| c.code.as_str())
        .collect();
    assert_eq!(enabled, ["assets"], "nothing changed");
    assert_eq!(
        store.audit_log(&org, None, 100).await.expect("audit").len(),
        audit_before,
        "nothing audited"
    );
    // Switching one back on is always allowed; then "assets" may go.
    store
        .set_complaint_category_enabled(&org, Channel::Corruption, "bribery", true, "user-admin")
        .await
        .expect("switch on");
    store
        .set_complaint_category_enabled(&org, Channel::Corruption, "assets", false, "user-admin")
        .await
        .expect("no longer the last");
}

async fn categories_and_deadlines_are_configurable(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let defaults = store
        .complaint_categories(&org, Channel::General)
        .await
        .expect("categories");
    assert_eq!(defaults.len(), 7);
    assert_eq!(defaults[0].code, "roads");
    let added = store
        .add_complaint_category(&org, Channel::General, "trees", "ต้นไม้ กิ่งไม้", "user-admin")
        .await
        .expect("add");
    assert!(added.enabled);
    assert!(matches!(
        store
            .add_complaint_category(&org, Channel::General, "trees", "ซ้ำ", "user-admin")
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store
            .add_complaint_category(&org, Channel::General, "Bad Code", "", "user-admin")
            .await,
        Err(StoreError::Invalid(_))
    ));
    let renamed = store
        .rename_complaint_category(
            &org,
            Channel::General,
            "roads",
            "ถนน ทางเท้า สะพาน",
            "user-admin",
        )
        .await
        .expect("rename");
    assert_eq!(renamed.thai, "ถนน ทางเท้า สะพาน");
    store
        .set_complaint_category_enabled(&org, Channel::General, "nuisance", false, "user-admin")
        .await
        .expect("disable");
    assert!(matches!(
        store
            .set_complaint_category_enabled(&org, Channel::General, "other", false, "user-admin")
            .await,
        Err(StoreError::NotAllowed(_))
    ));
    assert!(matches!(
        store
            .rename_complaint_category(&org, Channel::General, "nope", "x", "user-admin")
            .await,
        Err(StoreError::NotFound(_))
    ));
    let now = store
        .complaint_categories(&org, Channel::General)
        .await
        .expect("categories");
    let codes: Vec<(&str, bool)> = now.iter().map(|c| (c.code.as_str(), c.enabled)).collect();
    assert_eq!(codes.len(), 8);
    assert_eq!(codes[7], ("trees", true));
    assert!(codes.contains(&("nuisance", false)));
    // The corruption channel keeps its own defaults.
    assert_eq!(
        store
            .complaint_categories(&org, Channel::Corruption)
            .await
            .expect("categories")
            .len(),
        6
    );
    // A disabled category takes no new complaints; a new one does.
    let outcomes = store
        .file_complaints(
            &org,
            &[
                record(&general("nuisance", "เสียงดัง", None)),
                record(&general("trees", "กิ่งไม้หัก", None)),
            ],
        )
        .await
        .expect("file");
    assert!(outcomes[0].is_err());
    assert!(outcomes[1].is_ok());

    let settings = store.complaint_settings(&org).await.expect("settings");
    assert_eq!(
        (
            settings.general_deadline_days,
            settings.corruption_deadline_days
        ),
        (15, 15)
    );
    assert!(matches!(
        store
            .set_complaint_deadline_days(&org, Channel::Corruption, 0, "user-admin")
            .await,
        Err(StoreError::Invalid(_))
    ));
    let settings = store
        .set_complaint_deadline_days(&org, Channel::Corruption, 30, "user-admin")
        .await
        .expect("set");
    assert_eq!(settings.corruption_deadline_days, 30);
    let receipt = file_one(store, &org, &corruption()).await;
    assert_eq!(
        receipt.due_date,
        local_date(receipt.received_at) + Duration::days(30)
    );
    let log = store.audit_log(&org, None, 20).await.expect("audit");
    assert!(
        log.iter()
            .any(|e| e.action == sujarit_store::AUDIT_DEADLINE_CHANGED)
    );
    assert!(
        log.iter()
            .any(|e| e.action == sujarit_store::AUDIT_CATEGORY_CHANGED)
    );
}

async fn concurrent_moves_of_one_revision_let_exactly_one_win(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let receipt = file_one(store, &org, &general("roads", "พร้อมกัน", None)).await;
    let id = receipt.complaint_id.as_str();
    let accept = NewCaseEvent::new(EventKind::Accept);
    let forward = NewCaseEvent::new(EventKind::Forward).with_public_message("ส่งต่อ");
    let (a, b) = tokio::join!(
        store.record_complaint_event(&org, id, 1, &accept, "user-a"),
        store.record_complaint_event(&org, id, 1, &forward, "user-b"),
    );
    let wins = [&a, &b].iter().filter(|r| r.is_ok()).count();
    assert_eq!(wins, 1, "{a:?} {b:?}");
    let loser = if a.is_ok() { b } else { a };
    assert!(
        matches!(
            loser,
            Err(StoreError::Stale {
                current_revision: 2
            })
        ),
        "{loser:?}"
    );
    let case = store
        .complaint(&org, id)
        .await
        .expect("read")
        .expect("case");
    assert_eq!(case.summary.revision, 2);
    assert_eq!(case.history.len(), 2, "one move recorded");
}

async fn concurrent_batches_are_all_filed(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let batch = |n: usize| -> Vec<NewComplaintRecord> {
        (0..n)
            .map(|i| record(&general("waste", &format!("ขยะ {i}"), None)))
            .collect()
    };
    let (first, second, third) = (batch(5), batch(1), batch(7));
    let (a, b, c) = tokio::join!(
        store.file_complaints(&org, &first),
        store.file_complaints(&org, &second),
        store.file_complaints(&org, &third),
    );
    let receipts: Vec<Receipt> = [a, b, c]
        .into_iter()
        .flat_map(|outcomes| outcomes.expect("batch filed"))
        .map(|o| o.expect("filed"))
        .collect();
    assert_eq!(receipts.len(), 13);
    let mut codes: Vec<&str> = receipts.iter().map(|r| r.tracking_code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), 13);
    let all = store
        .complaints(&org, &ComplaintFilter::default())
        .await
        .expect("list");
    assert_eq!(all.len(), 13);
}

async fn public_steps_of_cases_with_a_contact_leave_notices_until_sent(
    store: &dyn Store,
    _raw: &Raw,
) {
    let org = org(store, "notices").await;
    let with_contact = file_one(store, &org, &general("roads", "ถนนทรุด", None)).await;
    let mut anonymous = general("roads", "ถนนแตก", None);
    anonymous.contact = None;
    let anonymous = file_one(store, &org, &anonymous).await;
    let report = file_one(store, &org, &corruption()).await;
    assert!(
        store
            .pending_complaint_notices(8, 100)
            .await
            .unwrap()
            .is_empty(),
        "filing itself sends nothing: the receipt page told them"
    );

    for id in [&with_contact.complaint_id, &anonymous.complaint_id] {
        step(store, &org, id, NewCaseEvent::note("ภายใน"))
            .await
            .unwrap();
        step(store, &org, id, NewCaseEvent::new(EventKind::Accept))
            .await
            .unwrap();
    }
    step(
        store,
        &org,
        &report.complaint_id,
        NewCaseEvent::new(EventKind::Accept),
    )
    .await
    .unwrap();
    let forwarded = step(
        store,
        &org,
        &with_contact.complaint_id,
        NewCaseEvent::new(EventKind::Forward).with_public_message("ส่งให้แขวงทางหลวงแล้ว"),
    )
    .await;
    assert!(forwarded.is_err(), "accepted cases are not forwarded");

    let pending = store.pending_complaint_notices(8, 100).await.unwrap();
    // One per public step of a case with a contact: the general accept and
    // the report's accept; no note, nothing for the anonymous complaint.
    assert_eq!(pending.len(), 2, "{pending:?}");
    let general_notice = pending
        .iter()
        .find(|n| n.channel == Channel::General)
        .expect("the general notice");
    assert_eq!(general_notice.complaint_id, with_contact.complaint_id);
    assert_eq!(general_notice.event, EventKind::Accept);
    assert_eq!(general_notice.organization_slug, "notices");
    assert!(general_notice.sealed_contact.is_some());
    let report_notice = pending
        .iter()
        .find(|n| n.channel == Channel::Corruption)
        .expect("the report's notice");
    assert_eq!(
        report_notice.public_message, None,
        "a reporter's notice carries no content"
    );

    // A failure is counted and retried; after the limit it is left alone.
    store
        .finish_complaint_notice(&org, &report_notice.notice_id, Err("เชื่อมต่อไม่ได้".into()))
        .await
        .unwrap();
    let again = store.pending_complaint_notices(8, 100).await.unwrap();
    let retried = again
        .iter()
        .find(|n| n.notice_id == report_notice.notice_id)
        .expect("retried");
    assert_eq!(retried.attempts, 1);
    assert!(
        store
            .pending_complaint_notices(1, 100)
            .await
            .unwrap()
            .iter()
            .all(|n| n.notice_id != report_notice.notice_id),
        "past the limit of tries"
    );
    store
        .finish_complaint_notice(&org, &general_notice.notice_id, Ok(()))
        .await
        .unwrap();
    let left = store.pending_complaint_notices(8, 100).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].notice_id, report_notice.notice_id);
}

async fn the_report_to_executives_keeps_its_narrative_and_counts_ratings(
    store: &dyn Store,
    _raw: &Raw,
) {
    let org = org(store, "alpha").await;
    let closed = file_one(store, &org, &general("roads", "ถนนพัง", Some("ซอย 5"))).await;
    let open = file_one(store, &org, &general("waste", "ขยะ", None)).await;
    file_one(store, &org, &corruption()).await;
    step(
        store,
        &org,
        &closed.complaint_id,
        NewCaseEvent::new(EventKind::Forward).with_public_message("ส่งต่อแล้ว"),
    )
    .await
    .expect("forward");
    step(
        store,
        &org,
        &closed.complaint_id,
        NewCaseEvent::new(EventKind::Close),
    )
    .await
    .expect("close");
    store
        .answer_survey(
            &org,
            &closed.tracking_code,
            &SurveyAnswer {
                rating: 2,
                comment: None,
            },
        )
        .await
        .expect("survey");
    let year = FiscalYear::of(local_date(closed.received_at));
    let mut cases = store
        .complaint_report_cases(&org, year)
        .await
        .expect("cases");
    cases.sort_by_key(|c| (c.facts.channel, c.facts.category.clone()));
    let summary: Vec<(Channel, &str, bool, Option<u8>)> = cases
        .iter()
        .map(|c| {
            (
                c.facts.channel,
                c.facts.category.as_str(),
                c.facts.clock.completed_on.is_some(),
                c.rating,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (Channel::General, "roads", true, Some(2)),
            (Channel::General, "waste", false, None),
            (Channel::Corruption, "bribery", false, None),
        ]
    );
    assert!(
        cases
            .iter()
            .any(|c| c.facts.received_on == local_date(open.received_at))
    );
    assert!(
        store
            .complaint_report_cases(&org, FiscalYear(year.0 + 1))
            .await
            .expect("cases")
            .is_empty()
    );

    // The narrative: saved per channel and round, revision-checked, audited.
    let round = Round::SixMonths;
    assert!(
        store
            .complaint_report_notes(&org, year, round)
            .await
            .expect("notes")
            .is_empty()
    );
    let notes = ReportNotes {
        problems: "  ถนนชำรุดซ้ำในซอย 5\r\nหลายครั้ง ".into(),
        obstacles: "งบซ่อมบำรุงไม่พอ".into(),
        solutions: String::new(),
    };
    let first = store
        .save_complaint_report_notes(&org, year, round, Channel::General, &notes, 0, "user-a")
        .await
        .expect("first save");
    assert_eq!(first, 1);
    // A second editor who also read "nothing yet" must not overwrite it.
    match store
        .save_complaint_report_notes(&org, year, round, Channel::General, &notes, 0, "user-b")
        .await
    {
        Err(StoreError::Stale { current_revision }) => assert_eq!(current_revision, 1),
        other => panic!("expected Stale, got {other:?}"),
    }
    let too_long = ReportNotes {
        solutions: "ก".repeat(5_001),
        ..notes.clone()
    };
    match store
        .save_complaint_report_notes(&org, year, round, Channel::General, &too_long, 1, "user-a")
        .await
    {
        Err(StoreError::Invalid(errors)) => assert_eq!(errors[0].field, "solutions"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    let better = ReportNotes {
        solutions: "เสนอของบซ่อมถนนซอย 5 ในปีถัดไป".into(),
        ..notes.clone()
    };
    assert_eq!(
        store
            .save_complaint_report_notes(&org, year, round, Channel::General, &better, 1, "user-a")
            .await
            .expect("second save"),
        2
    );
    store
        .save_complaint_report_notes(
            &org,
            year,
            round,
            Channel::Corruption,
            &ReportNotes {
                problems: "ผู้แจ้งไม่ให้ข้อมูลเพิ่ม".into(),
                ..Default::default()
            },
            0,
            "user-i",
        )
        .await
        .expect("corruption notes");
    let saved = store
        .complaint_report_notes(&org, year, round)
        .await
        .expect("notes");
    assert_eq!(saved.len(), 2);
    let general_notes = saved
        .iter()
        .find(|n| n.channel == Channel::General)
        .expect("general");
    assert_eq!(general_notes.revision, 2);
    assert_eq!(general_notes.updated_by, "user-a");
    assert_eq!(general_notes.notes.problems, "ถนนชำรุดซ้ำในซอย 5\nหลายครั้ง");
    assert_eq!(general_notes.notes.solutions, better.solutions);
    // Rounds and years are separate.
    assert!(
        store
            .complaint_report_notes(&org, year, Round::TwelveMonths)
            .await
            .expect("notes")
            .is_empty()
    );
    let log = store.audit_log(&org, None, 100).await.expect("audit");
    let saves: Vec<_> = log
        .iter()
        .filter(|e| e.action == sujarit_store::AUDIT_REPORT_NOTES_SAVED)
        .collect();
    assert_eq!(saves.len(), 3, "failed saves leave no entry");
    assert!(saves.iter().any(|e| {
        e.before
            .as_ref()
            .is_some_and(|b| b.to_string().contains("งบซ่อมบำรุงไม่พอ"))
            && e.after
                .as_ref()
                .is_some_and(|a| a.to_string().contains("เสนอของบ"))
    }));
}
