//! Scenarios of the complaints storage contract (`ComplaintStore`): filing in
//! batches, tracking, the workflow, protection of reporters, the survey,
//! statistics and the organisation's settings.

use sujarit_core::FiscalYear;
use sujarit_core::account::{Email, Role};
use sujarit_core::case_keys::{
    DataKey, RecordSealer, UnlockedKey, field, make_officer_keys, wrap_for_officer,
    wrap_for_reporter,
};
use sujarit_core::complaint::{
    ActionKind, CaseState, Channel, Contact, CorruptionContent, EventKind, Intake, NewCaseEvent,
    NewComplaint, Origin, ReceivedVia, ReportNotes, SmallCount, SurveyAnswer, TrackingCode,
    seal_context,
};
use sujarit_core::progress::Round;
use sujarit_core::refusal::{Clash, Missing, Refusal};
use sujarit_core::sealed::{Keyring, SealingKey};
use sujarit_core::thai::local_date;
use sujarit_store::{
    AUDIT_CASE_RESEALED, AUDIT_IDENTITY_REVEALED, AUDIT_KEYS_GRANTED, AUDIT_KEYS_MADE,
    AUDIT_PASSWORD_KEY_CHANGED, ComplainantInformation, ComplaintFilter, KeyGrant, NewAttachment,
    NewComplaintRecord, NewUser, Receipt, ResealedAttachment, ResealedCase, ResealedEvent, Store,
    StoreError, SurveyStatus, TakenIn, TrackingUpgrade, UserChange, random_tracking_code,
};
use time::Duration;

use crate::harness::{Raw, RawArg};

contract! {
    a_batch_is_filed_at_once_and_each_complaint_can_be_tracked,
    a_taken_tracking_hash_or_complaint_id_refuses_the_whole_batch,
    records_carry_the_keys_their_channel_needs,
    a_corruption_report_leaves_no_plaintext_in_the_database,
    an_envelope_moved_to_another_case_does_not_open_there,
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
    officer_keys_are_made_once_and_only_by_integrity_officers,
    only_active_integrity_officers_with_keys_receive_reports,
    only_an_officer_with_access_grants_it,
    legacy_cases_are_upgraded_and_resealed,
    assignments_reach_only_people_who_may_act_and_the_unit_sees_its_own,
    a_step_repeating_the_last_one_is_refused_and_writes_nothing,
    cases_taken_in_by_staff_keep_how_they_came_and_are_counted,
}

const REPORTER_NAME: &str = "ประเสริฐ ลับสุดยอด";
const REPORTER_PHONE: &str = "0899998877";
pub(crate) const SECRET_SUBJECT: &str = "ปลัดเรียกรับเงินใต้โต๊ะโครงการถนนหมู่ 7";
const OFFICER_PASSWORD: &str = "รหัสผ่านเจ้าหน้าที่นิติการ 2569";
const PASSWORD_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$x";

fn keyring() -> Keyring {
    Keyring::new("test-2026", SealingKey::from_bytes([42; 32])).expect("keyring")
}

/// The keyed hashes a tracking code is looked up by, in `org`.
fn hashes(org: &str, code: &TrackingCode) -> Vec<String> {
    keyring().tracking_hashes(org, code.as_str())
}

/// A staff account; `role` integrity officer for the corruption channel.
pub(crate) async fn user(store: &dyn Store, org: &str, email: &str, role: Role) -> String {
    store
        .create_user(
            org,
            &NewUser {
                email: Email::parse(email).expect("email"),
                display_name: format!("เจ้าหน้าที่ {email}"),
                role,
                unit_id: None,
                password_hash: PASSWORD_HASH.into(),
                must_change_password: false,
            },
            None,
        )
        .await
        .expect("user")
        .id
}

/// A new integrity officer with keys saved: (user id, private key unlocked).
async fn new_officer(store: &dyn Store, org: &str, email: &str) -> (String, UnlockedKey) {
    let id = user(store, org, email, Role::IntegrityOfficer).await;
    let (keys, _recovery, unlocked) = make_officer_keys(org, &id, OFFICER_PASSWORD);
    store
        .save_officer_keys(org, &id, &keys)
        .await
        .expect("save keys");
    (id, unlocked)
}

/// The organisation's first integrity officer with keys, made on first use.
pub(crate) async fn officer(store: &dyn Store, org: &str) -> (String, UnlockedKey) {
    let existing = store.officer_public_keys(org).await.expect("public keys");
    if let Some((id, _)) = existing.first() {
        let keys = store
            .officer_keys(org, id)
            .await
            .expect("keys")
            .expect("saved");
        let unlocked = keys.unlock(org, id, OFFICER_PASSWORD).expect("unlock");
        return (id.clone(), unlocked);
    }
    new_officer(store, org, "integrity@example.org").await
}

/// The sealer of a report, opened as `officer` opens it: with the data key
/// wrapped for them.
async fn officer_sealer(
    store: &dyn Store,
    org: &str,
    officer: &(String, UnlockedKey),
    complaint_id: &str,
) -> RecordSealer {
    let wrapped = store
        .case_keys(org, &officer.0)
        .await
        .expect("case keys")
        .into_iter()
        .find(|(id, _)| id == complaint_id)
        .map(|(_, wrapped)| wrapped)
        .expect("a key for this case");
    let key = officer
        .1
        .open_data_key(&wrapped, org, complaint_id)
        .expect("the officer opens the data key");
    RecordSealer::with_data_key(&key, org, complaint_id)
}

pub(crate) fn general(category: &str, subject: &str, place: Option<&str>) -> NewComplaint {
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
        location: None,
    }
}

pub(crate) fn corruption() -> NewComplaint {
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
        location: None,
    }
}

/// A complaint ready to file, as the service builds it: its id, the hash of
/// a fresh code, sealed bound to the record (a general complaint with the key
/// file; a report with its own data key, wrapped for the reporter and every
/// integrity officer with keys, one made if there is none). Returns the
/// code and the sealer that opens what was sealed.
pub(crate) async fn record(
    store: &dyn Store,
    org: &str,
    complaint: &NewComplaint,
) -> (NewComplaintRecord, TrackingCode, RecordSealer) {
    // The minimum lengths are the filing form's rule, not the store's.
    let problems: Vec<_> = complaint
        .validate()
        .into_iter()
        .filter(|e| !e.message.contains("สั้นเกินไป"))
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
    let complaint_id = uuid::Uuid::new_v4().to_string();
    let code = random_tracking_code();
    let (sealer, reporter_key, key_grants) = match complaint.channel {
        Channel::General => (
            RecordSealer::with_server_key(&keyring(), org, &complaint_id),
            None,
            Vec::new(),
        ),
        Channel::Corruption => {
            let mut officers = store.officer_public_keys(org).await.expect("public keys");
            if officers.is_empty() {
                officer(store, org).await;
                officers = store.officer_public_keys(org).await.expect("public keys");
            }
            let key = DataKey::generate();
            let grants = officers
                .iter()
                .map(|(user_id, public_key)| KeyGrant {
                    user_id: user_id.clone(),
                    wrapped_key: wrap_for_officer(&key, public_key, org, &complaint_id),
                })
                .collect();
            (
                RecordSealer::with_data_key(&key, org, &complaint_id),
                Some(wrap_for_reporter(&key, &code, org, &complaint_id)),
                grants,
            )
        }
    };
    let record = NewComplaintRecord {
        complaint_id,
        tracking_hash: keyring().tracking_hash(org, code.as_str()),
        complaint: complaint.seal(&sealer),
        attachments: Vec::new(),
        reporter_key,
        key_grants,
        submission: None,
        received_at: None,
        taken_in: None,
    };
    (record, code, sealer)
}

pub(crate) async fn org(store: &dyn Store, slug: &str) -> String {
    store
        .ensure_organization(slug, &format!("เทศบาล {slug}"))
        .await
        .expect("organization")
        .id
}

/// Files one complaint: its receipt and tracking code.
pub(crate) async fn file_one(
    store: &dyn Store,
    org: &str,
    complaint: &NewComplaint,
) -> (Receipt, TrackingCode) {
    let (record, code, _) = record(store, org, complaint).await;
    let mut outcomes = store.file_complaints(org, &[record]).await.expect("file");
    (outcomes.pop().expect("one outcome").expect("filed"), code)
}

/// A unit and an officer in it, for assignments.
pub(crate) async fn unit_and_officer(store: &dyn Store, org: &str) -> (String, String) {
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
pub(crate) async fn step(
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
    officer(store, &org).await;
    let (mut unknown, _, _) = record(store, &org, &general("roads", "x", None)).await;
    unknown.complaint.category = "no_such".into();
    let built = vec![
        record(
            store,
            &org,
            &general("roads", "ถนนชำรุด", Some("หน้าโรงเรียน")),
        )
        .await,
        record(store, &org, &corruption()).await,
        record(store, &org, &general("waste", "ขยะไม่ได้เก็บ", None)).await,
    ];
    let batch = vec![
        built[0].0.clone(),
        built[1].0.clone(),
        unknown,
        built[2].0.clone(),
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
    assert_eq!(
        after["complaint_key_grants"] - before["complaint_key_grants"],
        1,
        "the report's data key, wrapped for its one officer"
    );
    for (receipt, (proposed, code, _)) in receipts.iter().zip(&built) {
        assert_eq!(
            receipt.complaint_id, proposed.complaint_id,
            "the caller's id"
        );
        assert_eq!(
            receipt.due_date,
            local_date(receipt.received_at) + Duration::days(15)
        );
        let tracked = store
            .track_complaint(&org, &hashes(&org, code))
            .await
            .expect("track")
            .expect("found");
        assert_eq!(tracked.complaint_id, receipt.complaint_id);
        assert_eq!(tracked.channel, proposed.complaint.channel);
        assert_eq!(tracked.seal_version, 2);
        assert_eq!(tracked.reporter_key, proposed.reporter_key);
        assert_eq!(tracked.state, CaseState::Received);
        assert_eq!(tracked.due_date, receipt.due_date);
        assert_eq!(tracked.received_at, receipt.received_at);
        assert_eq!(tracked.history.len(), 1);
        assert_eq!(tracked.history[0].kind, EventKind::Filed);
        assert_eq!(tracked.history[0].label, "รับเรื่องแล้ว");
        assert_eq!(tracked.survey, SurveyStatus::NotYet);
    }
    assert!(
        built[1].0.reporter_key.is_some(),
        "a report's key for the reporter"
    );
    assert_eq!(
        store
            .track_complaint(&org, &hashes(&org, &random_tracking_code()))
            .await
            .expect("track"),
        None
    );
    // Only the hash is looked up: the code itself finds nothing.
    assert_eq!(
        store
            .track_complaint(&org, &[built[0].1.as_str().to_string()])
            .await
            .expect("track"),
        None
    );
    // Another organisation does not see these codes, hashed for it or not.
    let beta = self::org(store, "beta").await;
    for looked_up in [hashes(&beta, &built[0].1), hashes(&org, &built[0].1)] {
        assert_eq!(
            store
                .track_complaint(&beta, &looked_up)
                .await
                .expect("track"),
            None
        );
    }
    // A batch of nothing writes nothing.
    assert!(
        store
            .file_complaints(&org, &[])
            .await
            .expect("empty")
            .is_empty()
    );
    // Staff see all three, the corruption one without a plain subject, each
    // under a reference made of its id (the code is not stored).
    let all = store
        .complaints(&org, &ComplaintFilter::default())
        .await
        .expect("list");
    assert_eq!(all.len(), 3);
    for summary in &all {
        assert_eq!(
            summary.reference,
            summary.complaint_id[..8].to_uppercase(),
            "{summary:?}"
        );
        assert_eq!(summary.seal_version, 2);
    }
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

/// The store does not redraw a code: 80 random bits never collide by chance,
/// so a taken hash (or complaint id) means a broken caller, and the whole
/// batch is refused rather than one complaint filed under another's code.
async fn a_taken_tracking_hash_or_complaint_id_refuses_the_whole_batch(
    store: &dyn Store,
    raw: &Raw,
) {
    let org = org(store, "alpha").await;
    let (first, first_code) = file_one(store, &org, &general("roads", "หนึ่ง", None)).await;
    let (good, good_code, _) = record(store, &org, &general("roads", "สอง", None)).await;
    let (mut taken_hash, _, _) = record(store, &org, &general("roads", "สาม", None)).await;
    taken_hash.tracking_hash = keyring().tracking_hash(&org, first_code.as_str());
    let (mut taken_id, _, _) = record(store, &org, &general("roads", "สี่", None)).await;
    taken_id.complaint_id = first.complaint_id.clone();
    let (mut twin, _, _) = record(store, &org, &general("roads", "ห้า", None)).await;
    twin.tracking_hash = good.tracking_hash.clone();
    let before = raw.row_counts().await;
    for batch in [
        vec![good.clone(), taken_hash],
        vec![taken_id, good.clone()],
        // The same hash twice within one batch, too.
        vec![good.clone(), twin],
    ] {
        match store.file_complaints(&org, &batch).await {
            Err(StoreError::Conflict(Clash::TrackingCodes)) => {}
            other => panic!("expected Conflict(TrackingCodes), got {other:?}"),
        }
        assert_eq!(
            raw.row_counts().await,
            before,
            "nothing of the batch written"
        );
    }
    let first_case = store
        .track_complaint(&org, &hashes(&org, &first_code))
        .await
        .expect("track")
        .expect("the first complaint keeps its code");
    assert_eq!(first_case.complaint_id, first.complaint_id);
    let first_read = store
        .complaint(&org, &first.complaint_id)
        .await
        .expect("read")
        .expect("case");
    assert_eq!(first_read.summary.subject.as_deref(), Some("หนึ่ง"));
    assert!(
        store
            .track_complaint(&org, &hashes(&org, &good_code))
            .await
            .expect("track")
            .is_none()
    );
    // The good record, filed alone, is taken.
    let outcome = store
        .file_complaints(&org, &[good])
        .await
        .expect("file")
        .pop()
        .expect("outcome");
    assert!(outcome.is_ok(), "{outcome:?}");
    assert!(
        store
            .track_complaint(&org, &hashes(&org, &good_code))
            .await
            .expect("track")
            .is_some()
    );
}

/// A report must carry its keys (the reporter's and at least one officer's,
/// an integrity officer with keys); a general complaint none.
async fn records_carry_the_keys_their_channel_needs(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let (officer_id, _) = officer(store, &org).await;
    let clerk = user(store, &org, "clerk@example.org", Role::ComplaintOfficer).await;
    let (report, _, _) = record(store, &org, &corruption()).await;
    let (plain, _, _) = record(store, &org, &general("roads", "ถนน", None)).await;

    let mut no_grants = report.clone();
    no_grants.key_grants.clear();
    let mut no_reporter_key = report.clone();
    no_reporter_key.reporter_key = None;
    let mut general_with_reporter_key = plain.clone();
    general_with_reporter_key.reporter_key = Some(vec![1; 72]);
    let mut general_with_grant = plain.clone();
    general_with_grant.key_grants = report.key_grants.clone();
    // Wrapped for someone who is not an integrity officer with keys.
    let mut granted_to_clerk = report.clone();
    granted_to_clerk.key_grants = vec![KeyGrant {
        user_id: clerk.clone(),
        wrapped_key: report.key_grants[0].wrapped_key.clone(),
    }];
    assert_eq!(report.key_grants[0].user_id, officer_id);

    let before = raw.row_counts().await;
    for (what, refused) in [
        ("no officer's key", no_grants),
        ("no reporter's key", no_reporter_key),
        (
            "a general complaint with a reporter's key",
            general_with_reporter_key,
        ),
        (
            "a general complaint with an officer's key",
            general_with_grant,
        ),
        ("a key for a complaint officer", granted_to_clerk),
    ] {
        let outcome = store
            .file_complaints(&org, &[refused])
            .await
            .unwrap_or_else(|e| panic!("{what}: the batch failed: {e}"))
            .pop()
            .expect("outcome");
        match outcome {
            Err(errors) => assert!(
                errors.iter().any(|e| e.field == "channel"),
                "{what}: {errors:?}"
            ),
            Ok(receipt) => panic!("{what}: filed {receipt:?}"),
        }
        assert_eq!(raw.row_counts().await, before, "{what}: nothing written");
    }
    // A malformed hash is refused too.
    let mut bad_hash = plain.clone();
    bad_hash.tracking_hash = "not-a-hash".into();
    let outcome = store
        .file_complaints(&org, &[bad_hash])
        .await
        .expect("file");
    assert!(outcome[0].is_err());
    for good in [report, plain] {
        let outcome = store.file_complaints(&org, &[good]).await.expect("file");
        assert!(outcome[0].is_ok(), "{outcome:?}");
    }
}

async fn a_corruption_report_leaves_no_plaintext_in_the_database(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let officer = officer(store, &org).await;
    let (mut report, code, sealer) = record(store, &org, &corruption()).await;
    report.attachments.push(NewAttachment {
        sha256: "ab".repeat(32),
        media_type: "application/pdf".into(),
        size_bytes: 1234,
        file_name: None,
        sealed_file_name: Some(sealer.seal(field::FILE_NAME, "หลักฐาน-ประเสริฐ.pdf".as_bytes())),
    });
    let receipt = store
        .file_complaints(&org, &[report])
        .await
        .expect("file")
        .pop()
        .expect("outcome")
        .expect("filed");
    // A report whose content is not sealed is refused.
    let (mut leaky, _, _) = record(store, &org, &corruption()).await;
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
    let sealed_content = case.summary.sealed_content.as_ref().expect("sealed");
    // Neither the key file (old contexts or bound to this record) opens it…
    assert!(
        keyring()
            .open_with_context(sealed_content, seal_context::CONTENT)
            .is_err()
    );
    assert!(
        RecordSealer::with_server_key(&keyring(), &org, &receipt.complaint_id)
            .open(field::CONTENT, sealed_content)
            .is_err()
    );
    // …but the officer's private key does, through the key wrapped for them.
    let opened = officer_sealer(store, &org, &officer, &receipt.complaint_id).await;
    let content = opened.open(field::CONTENT, sealed_content).expect("opens");
    let content = CorruptionContent::from_sealed_plaintext(&content).expect("content");
    assert_eq!(content.subject, SECRET_SUBJECT);
    assert_eq!(content.persons_concerned.as_deref(), Some("นายช่างโยธา"));
    assert_eq!(case.attachments.len(), 1);
    assert_eq!(case.attachments[0].file_name, None);
    assert_eq!(
        opened
            .open_text(
                field::FILE_NAME,
                case.attachments[0]
                    .sealed_file_name
                    .as_ref()
                    .expect("sealed")
            )
            .as_deref(),
        Some("หลักฐาน-ประเสริฐ.pdf")
    );
    // The reporter opens it with the tracking code.
    let public = store
        .track_complaint(&org, &hashes(&org, &code))
        .await
        .expect("track")
        .expect("found");
    let key = sujarit_core::case_keys::open_as_reporter(
        public.reporter_key.as_ref().expect("the reporter's key"),
        &code,
        &org,
        &receipt.complaint_id,
    )
    .expect("the code opens the data key");
    assert!(
        RecordSealer::with_data_key(&key, &org, &receipt.complaint_id)
            .open(field::CONTENT, sealed_content)
            .is_ok()
    );

    // A control: a general complaint's subject is plain, so the scan below
    // must find it; otherwise it would prove nothing.
    const PLAIN_CONTROL: &str = "ท่อระบายน้ำอุดตันหน้าวัดทดสอบการสแกน";
    file_one(store, &org, &general("water", PLAIN_CONTROL, None)).await;
    let mut control_found = false;
    // Nor is the tracking code, the reporter's only credential.
    let secrets = [
        REPORTER_NAME,
        REPORTER_PHONE,
        "089-999-8877",
        SECRET_SUBJECT,
        "หลักฐาน-ประเสริฐ",
        code.as_str(),
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
                "complaint_key_grants",
                "officer_keys",
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

/// The sealed contact of a case, as a reveal returns it.
async fn contact_of(store: &dyn Store, org: &str, id: &str) -> Vec<u8> {
    store
        .reveal_identity(org, id, "user-integrity", "ตรวจสอบการสลับข้อมูล")
        .await
        .expect("reveal")
        .expect("a contact")
}

/// Finding M3: a sealed value was bound to its field only, so an envelope
/// copied into another case's row opened there (one key file seals every
/// general contact). Now it is bound to its organisation and record too.
async fn an_envelope_moved_to_another_case_does_not_open_there(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let (report, _, report_sealer) = record(store, &org, &corruption()).await;
    let (first, _, first_sealer) = record(store, &org, &general("roads", "ถนน", None)).await;
    let (second, _, second_sealer) = record(store, &org, &general("water", "น้ำ", None)).await;
    let ids = [
        report.complaint_id.clone(),
        first.complaint_id.clone(),
        second.complaint_id.clone(),
    ];
    for outcome in store
        .file_complaints(&org, &[report, first, second])
        .await
        .expect("file")
    {
        outcome.expect("filed");
    }
    let report_contact = contact_of(store, &org, &ids[0]).await;
    let first_contact = contact_of(store, &org, &ids[1]).await;
    // Each opens where it belongs.
    assert!(report_sealer.open(field::CONTACT, &report_contact).is_ok());
    assert!(first_sealer.open(field::CONTACT, &first_contact).is_ok());
    // A thief with the database copies the report's contact, then the first
    // complaint's, into the second complaint's row.
    const COPY: &str = "UPDATE complaints SET sealed_contact = \
        (SELECT sealed_contact FROM complaints WHERE organization_id = $1 AND complaint_id = $2) \
        WHERE organization_id = $1 AND complaint_id = $3";
    for (from, sealer_of_origin) in [(&ids[0], &report_sealer), (&ids[1], &first_sealer)] {
        let changed = raw
            .execute(
                COPY,
                &[
                    RawArg::Text(&org),
                    RawArg::Text(from),
                    RawArg::Text(&ids[2]),
                ],
            )
            .await;
        assert_eq!(changed, 1);
        let moved = contact_of(store, &org, &ids[2]).await;
        assert!(
            second_sealer.open(field::CONTACT, &moved).is_err(),
            "a contact moved from {from} opened as the second complaint's"
        );
        // Same bytes, so only the binding refuses it: where it came from it
        // still opens.
        assert!(sealer_of_origin.open(field::CONTACT, &moved).is_ok());
        // The key file's old, unbound context does not open it either.
        assert!(
            keyring()
                .open_with_context(&moved, seal_context::CONTACT)
                .is_err()
        );
    }
    // Nor does an envelope opened as another organisation's same record.
    let other_org = RecordSealer::with_server_key(&keyring(), "another-org", &ids[1]);
    assert!(other_org.open(field::CONTACT, &first_contact).is_err());
}

async fn the_workflow_refuses_forbidden_moves_and_stale_revisions(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let (unit, officer) = unit_and_officer(store, &org).await;
    let (receipt, code) =
        file_one(store, &org, &general("lights", "ไฟดับทั้งซอย", Some("ซอย 5"))).await;
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
        .track_complaint(&org, &hashes(&org, &code))
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
    let (record, code, sealer) = record(store, &org, &corruption()).await;
    let receipt = store
        .file_complaints(&org, &[record])
        .await
        .expect("file")
        .pop()
        .expect("outcome")
        .expect("filed");
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
        NewCaseEvent::new(EventKind::RecordOutcome)
            .with_public_message("ลงโทษทางวินัยแล้ว")
            .with_internal_note("คำสั่งที่ 12/2569")
            .sealed_with(&sealer),
    )
    .await
    .expect("outcome");
    let closed = step(store, &org, id, NewCaseEvent::new(EventKind::Close))
        .await
        .expect("close");
    assert_eq!(closed.summary.state, CaseState::Closed);
    // The reporter rates the handling, but writes nothing the server could
    // read: a comment is refused on this channel, the rating alone is kept.
    let tracked_by = hashes(&org, &code);
    match store
        .answer_survey(
            &org,
            &tracked_by,
            &SurveyAnswer {
                rating: 4,
                comment: Some("ผมอยู่ฝ่ายการเงินชั้นสอง".into()),
            },
        )
        .await
    {
        Err(StoreError::Invalid(errors)) => assert_eq!(errors[0].field, "comment"),
        other => panic!("a comment on a corruption report: {other:?}"),
    }
    store
        .answer_survey(
            &org,
            &tracked_by,
            &SurveyAnswer {
                rating: 4,
                comment: None,
            },
        )
        .await
        .expect("the rating alone");
    // The outcome is kept sealed with the report's data key, the note too.
    let outcome = closed
        .history
        .iter()
        .find(|e| e.kind == EventKind::RecordOutcome)
        .expect("the outcome");
    assert_eq!(
        (
            outcome.public_message.as_deref(),
            outcome.internal_note.as_deref()
        ),
        (None, None)
    );
    assert_eq!(
        sealer
            .open_text(
                field::INTERNAL_NOTE,
                outcome.sealed_internal_note.as_ref().expect("sealed note")
            )
            .as_deref(),
        Some("คำสั่งที่ 12/2569")
    );
    let public = store
        .track_complaint(&org, &hashes(&org, &code))
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
    // The reporter reads the outcome with the data key their code unwraps;
    // the internal note is not in the public view at all.
    let told = public
        .history
        .iter()
        .find(|e| e.kind == EventKind::RecordOutcome)
        .expect("the outcome, publicly");
    assert_eq!(told.message, None);
    let key = sujarit_core::case_keys::open_as_reporter(
        public.reporter_key.as_ref().expect("reporter key"),
        &code,
        &org,
        &receipt.complaint_id,
    )
    .expect("the code opens the data key");
    assert_eq!(
        RecordSealer::with_data_key(&key, &org, &receipt.complaint_id)
            .open_text(
                field::PUBLIC_MESSAGE,
                told.sealed_message.as_ref().expect("sealed message")
            )
            .as_deref(),
        Some("ลงโทษทางวินัยแล้ว")
    );
    assert!(!format!("{public:?}").contains("12/2569"));
}

async fn a_complainant_adds_information_only_when_asked(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let (receipt, code) = file_one(store, &org, &general("water", "น้ำไม่ไหล", None)).await;
    let code = hashes(&org, &code);
    let info = ComplainantInformation {
        text: Some("บ้านเลขที่ 12 หมู่ 3".into()),
        ..Default::default()
    };
    assert!(matches!(
        store.add_complainant_information(&org, &code, &info).await,
        Err(StoreError::NotAllowed(_))
    ));
    // An unknown code, or a known one in another organisation, finds nothing.
    let beta = self::org(store, "beta").await;
    for (org, code) in [
        (&org, hashes(&org, &random_tracking_code())),
        (&beta, code.clone()),
    ] {
        assert!(matches!(
            store.add_complainant_information(org, &code, &info).await,
            Err(StoreError::NotFound(Missing::TrackedCase))
        ));
        assert!(matches!(
            store
                .answer_survey(
                    org,
                    &code,
                    &SurveyAnswer {
                        rating: 5,
                        comment: None
                    }
                )
                .await,
            Err(StoreError::NotFound(Missing::TrackedCase))
        ));
    }
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
    let (filed, _, sealer) = record(store, &org, &corruption()).await;
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
    let contact = sealer
        .open(field::CONTACT, &revealed.expect("a contact"))
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
    let (anonymous, _) = file_one(store, &org, &anonymous).await;
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
    let (receipt, code) = file_one(store, &org, &general("roads", "ทางเท้าแตก", None)).await;
    let code = hashes(&org, &code);
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
        batch.push(
            record(
                store,
                &org,
                &general("roads", &format!("ถนน {i}"), Some("ซอย 5")),
            )
            .await
            .0,
        );
    }
    batch.push(
        record(store, &org, &general("waste", "ขยะ", Some("ตลาด")))
            .await
            .0,
    );
    batch.push(record(store, &org, &corruption()).await.0);
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
    let (late, late_code) = file_one(store, &org, &general("roads", "ล่าช้า", None)).await;
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
        .track_complaint(&org, &hashes(&org, &late_code))
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
        &[],
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
                record(store, &org, &general("nuisance", "เสียงดัง", None))
                    .await
                    .0,
                record(store, &org, &general("trees", "กิ่งไม้หัก", None))
                    .await
                    .0,
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
    let (receipt, _) = file_one(store, &org, &corruption()).await;
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
    let (receipt, _) = file_one(store, &org, &general("roads", "พร้อมกัน", None)).await;
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
    let mut codes = Vec::new();
    let mut batches = Vec::new();
    for n in [5, 1, 7] {
        let mut batch = Vec::new();
        for i in 0..n {
            let (record, code, _) = record(
                store,
                &org,
                &general("waste", &format!("ขยะ {n}-{i}"), None),
            )
            .await;
            batch.push(record);
            codes.push(code);
        }
        batches.push(batch);
    }
    let (a, b, c) = tokio::join!(
        store.file_complaints(&org, &batches[0]),
        store.file_complaints(&org, &batches[1]),
        store.file_complaints(&org, &batches[2]),
    );
    let receipts: Vec<Receipt> = [a, b, c]
        .into_iter()
        .flat_map(|outcomes| outcomes.expect("batch filed"))
        .map(|o| o.expect("filed"))
        .collect();
    assert_eq!(receipts.len(), 13);
    let mut ids: Vec<&str> = receipts.iter().map(|r| r.complaint_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 13);
    let all = store
        .complaints(&org, &ComplaintFilter::default())
        .await
        .expect("list");
    assert_eq!(all.len(), 13);
    // Every code finds its own complaint.
    for (code, record) in codes.iter().zip(batches.iter().flatten()) {
        let tracked = store
            .track_complaint(&org, &hashes(&org, code))
            .await
            .expect("track")
            .expect("found");
        assert_eq!(tracked.complaint_id, record.complaint_id);
    }
}

async fn public_steps_of_cases_with_a_contact_leave_notices_until_sent(
    store: &dyn Store,
    _raw: &Raw,
) {
    let org = org(store, "notices").await;
    let (with_contact, _) = file_one(store, &org, &general("roads", "ถนนทรุด", None)).await;
    let (also_with_contact, _) = file_one(store, &org, &general("lights", "ไฟดับ", None)).await;
    let mut anonymous = general("roads", "ถนนแตก", None);
    anonymous.contact = None;
    let (anonymous, _) = file_one(store, &org, &anonymous).await;
    let (report, _) = file_one(store, &org, &corruption()).await;
    assert!(
        store
            .pending_complaint_notices(8, 100)
            .await
            .unwrap()
            .is_empty(),
        "filing itself sends nothing: the receipt page told them"
    );

    for id in [
        &with_contact.complaint_id,
        &also_with_contact.complaint_id,
        &anonymous.complaint_id,
    ] {
        step(store, &org, id, NewCaseEvent::note("ภายใน"))
            .await
            .unwrap();
        step(store, &org, id, NewCaseEvent::new(EventKind::Accept))
            .await
            .unwrap();
    }
    // The report has a contact and takes public steps, but its contact opens
    // only with its data key, which the sender does not hold: no notice.
    step(
        store,
        &org,
        &report.complaint_id,
        NewCaseEvent::new(EventKind::RequestInformation).with_public_message("โปรดส่งหลักฐานเพิ่ม"),
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
    // One per public step of a general case with a contact: the two
    // accepts; no note, nothing for the anonymous complaint or the report.
    assert_eq!(pending.len(), 2, "{pending:?}");
    assert!(
        pending.iter().all(|n| n.channel == Channel::General),
        "no notice for a corruption report: {pending:?}"
    );
    assert!(
        pending
            .iter()
            .all(|n| n.complaint_id != report.complaint_id)
    );
    let general_notice = pending
        .iter()
        .find(|n| n.complaint_id == with_contact.complaint_id)
        .expect("the general notice");
    assert_eq!(general_notice.event, EventKind::Accept);
    assert_eq!(general_notice.organization_slug, "notices");
    assert!(general_notice.sealed_contact.is_some());
    let failing = pending
        .iter()
        .find(|n| n.complaint_id == also_with_contact.complaint_id)
        .expect("the second notice");

    // A failure is counted and retried; after the limit it is left alone.
    store
        .finish_complaint_notice(&org, &failing.notice_id, Err("เชื่อมต่อไม่ได้".into()))
        .await
        .unwrap();
    let again = store.pending_complaint_notices(8, 100).await.unwrap();
    let retried = again
        .iter()
        .find(|n| n.notice_id == failing.notice_id)
        .expect("retried");
    assert_eq!(retried.attempts, 1);
    assert!(
        store
            .pending_complaint_notices(1, 100)
            .await
            .unwrap()
            .iter()
            .all(|n| n.notice_id != failing.notice_id),
        "past the limit of tries"
    );
    store
        .finish_complaint_notice(&org, &general_notice.notice_id, Ok(()))
        .await
        .unwrap();
    let left = store.pending_complaint_notices(8, 100).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].notice_id, failing.notice_id);
}

async fn the_report_to_executives_keeps_its_narrative_and_counts_ratings(
    store: &dyn Store,
    _raw: &Raw,
) {
    let org = org(store, "alpha").await;
    let (closed, closed_code) =
        file_one(store, &org, &general("roads", "ถนนพัง", Some("ซอย 5"))).await;
    let (open, _) = file_one(store, &org, &general("waste", "ขยะ", None)).await;
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
            &hashes(&org, &closed_code),
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

// ---------------------------------------------------------------------------
// Keys of the corruption channel

async fn officer_keys_are_made_once_and_only_by_integrity_officers(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let id = user(store, &org, "integrity@example.org", Role::IntegrityOfficer).await;
    let clerk = user(store, &org, "clerk@example.org", Role::ComplaintOfficer).await;
    assert_eq!(store.officer_keys(&org, &id).await.expect("keys"), None);
    let (keys, recovery, made) = make_officer_keys(&org, &id, OFFICER_PASSWORD);
    store
        .save_officer_keys(&org, &id, &keys)
        .await
        .expect("save keys");
    assert_eq!(
        store.officer_keys(&org, &id).await.expect("keys").as_ref(),
        Some(&keys)
    );
    // Keys already made: new ones would orphan every grant.
    let before = raw.row_counts().await;
    let (other, _, _) = make_officer_keys(&org, &id, "another password here");
    assert!(matches!(
        store.save_officer_keys(&org, &id, &other).await,
        Err(StoreError::Conflict(Clash::OfficerKeys))
    ));
    // Another role, or an unknown account, keeps no keys.
    let (clerk_keys, _, _) = make_officer_keys(&org, &clerk, OFFICER_PASSWORD);
    for who in [clerk.as_str(), "no-such-user"] {
        assert!(
            matches!(
                store.save_officer_keys(&org, who, &clerk_keys).await,
                Err(StoreError::NotAllowed(Refusal::NotIntegrityOfficer))
            ),
            "{who}"
        );
    }
    assert_eq!(raw.row_counts().await, before, "nothing written");
    assert_eq!(store.officer_keys(&org, &clerk).await.expect("keys"), None);
    // Another organisation's officer with the same id has nothing.
    let beta = self::org(store, "beta").await;
    assert_eq!(store.officer_keys(&beta, &id).await.expect("keys"), None);

    // A reset from the command line removes the password wrap; the recovery
    // key restores it under a new password.
    store
        .set_officer_password_key(&org, &id, None, None)
        .await
        .expect("reset");
    let reset = store
        .officer_keys(&org, &id)
        .await
        .expect("keys")
        .expect("still there");
    assert_eq!(reset.by_password, None);
    assert_eq!(
        (reset.public_key, &reset.by_recovery),
        (keys.public_key, &keys.by_recovery)
    );
    assert!(reset.unlock(&org, &id, OFFICER_PASSWORD).is_err());
    let access = store.officer_access(&org).await.expect("access");
    let mine = access.iter().find(|a| a.user_id == id).expect("listed");
    assert!(mine.has_keys && mine.needs_restore, "{mine:?}");
    let recovered = reset
        .recover(&org, &id, &recovery)
        .expect("the recovery key opens it");
    assert_eq!(recovered.public_key(), made.public_key());
    let rewrapped = recovered.wrap_under_password(&org, &id, "รหัสผ่านใหม่หลังรีเซ็ต");
    store
        .set_officer_password_key(&org, &id, Some(&rewrapped), Some(&id))
        .await
        .expect("restore");
    let restored = store
        .officer_keys(&org, &id)
        .await
        .expect("keys")
        .expect("there");
    assert_eq!(
        restored
            .unlock(&org, &id, "รหัสผ่านใหม่หลังรีเซ็ต")
            .expect("unlocks")
            .public_key(),
        made.public_key()
    );
    assert!(
        !store.officer_access(&org).await.expect("access")[0].needs_restore,
        "restored"
    );
    // Someone without keys has no password wrap to change.
    assert!(matches!(
        store
            .set_officer_password_key(&org, &clerk, Some(&rewrapped), Some(&clerk))
            .await,
        Err(StoreError::NotAllowed(_))
    ));
    let log = store.audit_log(&org, None, 50).await.expect("audit");
    let made_entries: Vec<_> = log.iter().filter(|e| e.action == AUDIT_KEYS_MADE).collect();
    assert_eq!(made_entries.len(), 1, "refused saves leave no entry");
    assert_eq!(made_entries[0].target, id);
    let changes: Vec<_> = log
        .iter()
        .filter(|e| e.action == AUDIT_PASSWORD_KEY_CHANGED)
        .collect();
    assert_eq!(changes.len(), 2);
    assert!(
        changes
            .iter()
            .any(|e| e.actor_user_id.is_none()
                && e.after.as_ref().is_some_and(|a| a["reset"] == true)),
        "{changes:?}"
    );
}

async fn only_active_integrity_officers_with_keys_receive_reports(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    assert!(
        store
            .officer_public_keys(&org)
            .await
            .expect("keys")
            .is_empty()
    );
    let (with_keys, unlocked) = new_officer(store, &org, "a@example.org").await;
    let without_keys = user(store, &org, "b@example.org", Role::IntegrityOfficer).await;
    let (leaving, _) = new_officer(store, &org, "c@example.org").await;
    let clerk = user(store, &org, "clerk@example.org", Role::ComplaintOfficer).await;
    store
        .update_user(
            &org,
            &leaving,
            &UserChange {
                display_name: "ลาออกแล้ว".into(),
                role: Role::IntegrityOfficer,
                unit_id: None,
                active: false,
            },
            Some("user-admin"),
        )
        .await
        .expect("deactivate");
    assert_eq!(
        store.officer_public_keys(&org).await.expect("keys"),
        [(with_keys.clone(), unlocked.public_key())]
    );
    let beta = self::org(store, "beta").await;
    assert!(
        store
            .officer_public_keys(&beta)
            .await
            .expect("keys")
            .is_empty()
    );

    // A report filed now is wrapped for the one active officer with keys.
    let (report, _) = file_one(store, &org, &corruption()).await;
    let access = store.officer_access(&org).await.expect("access");
    let mut seen: Vec<(&str, bool, bool, bool, u64)> = access
        .iter()
        .map(|a| {
            (
                a.user_id.as_str(),
                a.active,
                a.has_keys,
                a.needs_restore,
                a.cases_open,
            )
        })
        .collect();
    seen.sort();
    let mut expected = vec![
        (with_keys.as_str(), true, true, false, 1),
        (without_keys.as_str(), true, false, false, 0),
        (leaving.as_str(), false, true, false, 0),
    ];
    expected.sort();
    assert_eq!(seen, expected, "every integrity officer, nobody else");
    assert!(access.iter().all(|a| a.user_id != clerk));
    let held = store.case_keys(&org, &with_keys).await.expect("case keys");
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].0, report.complaint_id);
    assert!(
        unlocked
            .open_data_key(&held[0].1, &org, &report.complaint_id)
            .is_ok()
    );
    for nobody in [&without_keys, &leaving, &clerk] {
        assert!(
            store
                .case_keys(&org, nobody)
                .await
                .expect("case keys")
                .is_empty()
        );
    }
    assert!(
        store
            .case_keys(&beta, &with_keys)
            .await
            .expect("case keys")
            .is_empty()
    );
}

async fn only_an_officer_with_access_grants_it(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let first = officer(store, &org).await;
    let (report, _, sealer) = record(store, &org, &corruption()).await;
    let report_id = report.complaint_id.clone();
    store
        .file_complaints(&org, &[report])
        .await
        .expect("file")
        .pop()
        .expect("outcome")
        .expect("filed");
    // A second report, also filed before the others had keys: only the
    // first officer holds it, and nothing below grants it.
    let (second, _) = file_one(store, &org, &corruption()).await;
    // Keys made after the reports: the new officer sees that they exist but
    // opens nothing until granted.
    let newcomer = new_officer(store, &org, "new@example.org").await;
    let other = new_officer(store, &org, "other@example.org").await;
    let no_keys = user(store, &org, "nokeys@example.org", Role::IntegrityOfficer).await;
    let admin = user(store, &org, "admin@example.org", Role::Administrator).await;
    assert!(
        store
            .case_keys(&org, &newcomer.0)
            .await
            .expect("keys")
            .is_empty()
    );
    let held_by_first = store.case_keys(&org, &first.0).await.expect("keys");
    assert_eq!(held_by_first.len(), 2);
    let wrapped = &held_by_first
        .iter()
        .find(|(id, _)| *id == report_id)
        .expect("the first officer holds the report")
        .1;
    let key = first
        .1
        .open_data_key(wrapped, &org, &report_id)
        .expect("the first officer opens it");
    let for_newcomer = wrap_for_officer(&key, &newcomer.1.public_key(), &org, &report_id);

    let before = raw.row_counts().await;
    let grant = |id: &str, wrapped: &[u8]| vec![(id.to_string(), wrapped.to_vec())];
    // A granter without a key of the case: refused, nothing written.
    match store
        .grant_case_keys(
            &org,
            &newcomer.0,
            &grant(&report_id, &for_newcomer),
            &other.0,
        )
        .await
    {
        Err(StoreError::NotAllowed(Refusal::GrantWithoutAccess)) => {}
        other => panic!("expected GrantWithoutAccess, got {other:?}"),
    }
    // One case held and one not: nothing of it written.
    let mut partial = grant(&report_id, &for_newcomer);
    partial.push(("no-such-case".to_string(), for_newcomer.clone()));
    match store
        .grant_case_keys(&org, &newcomer.0, &partial, &first.0)
        .await
    {
        Err(StoreError::NotAllowed(Refusal::GrantWithoutAccess)) => {}
        other => panic!("expected GrantWithoutAccess, got {other:?}"),
    }
    // A grantee without keys.
    match store
        .grant_case_keys(&org, &no_keys, &grant(&report_id, &for_newcomer), &first.0)
        .await
    {
        Err(StoreError::NotAllowed(Refusal::GranteeWithoutKeys)) => {}
        other => panic!("expected GranteeWithoutKeys, got {other:?}"),
    }
    // An administrator can never grant, nor receive.
    for (grantee, granter) in [(&newcomer.0, &admin), (&admin, &first.0)] {
        match store
            .grant_case_keys(&org, grantee, &grant(&report_id, &for_newcomer), granter)
            .await
        {
            Err(StoreError::NotAllowed(Refusal::NotIntegrityOfficer)) => {}
            other => panic!("expected NotIntegrityOfficer, got {other:?}"),
        }
    }
    assert_eq!(
        raw.row_counts().await,
        before,
        "refused grants write nothing"
    );
    let log = store.audit_log(&org, None, 100).await.expect("audit");
    assert!(log.iter().all(|e| e.action != AUDIT_KEYS_GRANTED));

    // The first officer grants: the newcomer opens the report.
    assert_eq!(
        store
            .grant_case_keys(
                &org,
                &newcomer.0,
                &grant(&report_id, &for_newcomer),
                &first.0
            )
            .await
            .expect("grant"),
        1
    );
    let opened = officer_sealer(store, &org, &newcomer, &report_id).await;
    let case = store
        .complaint(&org, &report_id)
        .await
        .expect("read")
        .expect("case");
    let content = opened
        .open(
            field::CONTENT,
            case.summary.sealed_content.as_ref().expect("sealed"),
        )
        .expect("the newcomer opens the content");
    assert_eq!(
        content,
        sealer
            .open(
                field::CONTENT,
                case.summary.sealed_content.as_ref().expect("sealed")
            )
            .expect("opens")
    );
    let held: Vec<String> = store
        .case_keys(&org, &newcomer.0)
        .await
        .expect("keys")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(
        held,
        std::slice::from_ref(&report_id),
        "not the second report"
    );
    assert!(held.iter().all(|id| *id != second.complaint_id));
    let log = store.audit_log(&org, None, 100).await.expect("audit");
    let granted: Vec<_> = log
        .iter()
        .filter(|e| e.action == AUDIT_KEYS_GRANTED)
        .collect();
    assert_eq!(granted.len(), 1);
    assert_eq!(granted[0].actor_user_id.as_deref(), Some(first.0.as_str()));
    assert_eq!(granted[0].target, newcomer.0);
    assert_eq!(granted[0].after.as_ref().expect("details")["cases"], 1);
    assert!(
        !format!("{:?}", granted[0]).contains(&report_id),
        "which cases is not written"
    );
    // The newcomer, now holding it, may pass it on.
    let for_other = wrap_for_officer(&key, &other.1.public_key(), &org, &report_id);
    assert_eq!(
        store
            .grant_case_keys(&org, &other.0, &grant(&report_id, &for_other), &newcomer.0)
            .await
            .expect("grant"),
        1
    );
    let cases_open: Vec<(String, u64)> = store
        .officer_access(&org)
        .await
        .expect("access")
        .into_iter()
        .filter(|a| a.has_keys)
        .map(|a| (a.user_id, a.cases_open))
        .collect();
    assert!(cases_open.contains(&(first.0.clone(), 2)), "{cases_open:?}");
    assert!(
        store
            .case_keys(&org, &other.0)
            .await
            .expect("keys")
            .iter()
            .all(|(id, _)| *id != second.complaint_id)
    );
    assert!(
        cases_open.contains(&(newcomer.0.clone(), 1)),
        "{cases_open:?}"
    );
    assert!(cases_open.contains(&(other.0.clone(), 1)), "{cases_open:?}");
}

/// Cases stored before issue 11 (plain code, key-file envelopes without
/// record binding) are listed, their codes hashed at start-up, and a report
/// moved to its own data key by `complaints reseal`.
async fn legacy_cases_are_upgraded_and_resealed(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let beta = self::org(store, "beta").await;
    let officer = officer(store, &org).await;
    let (general_record, general_code, _) =
        record(store, &org, &general("roads", "ถนนเก่า", None)).await;
    let (mut report_record, report_code, _) = record(store, &org, &corruption()).await;
    report_record.attachments.push(NewAttachment {
        sha256: "cd".repeat(32),
        media_type: "application/pdf".into(),
        size_bytes: 10,
        file_name: None,
        sealed_file_name: Some(
            keyring().seal_with_context("หลักฐานเดิม.pdf".as_bytes(), seal_context::FILE_NAME),
        ),
    });
    let (general_id, report_id) = (
        general_record.complaint_id.clone(),
        report_record.complaint_id.clone(),
    );
    for outcome in store
        .file_complaints(&org, &[general_record, report_record])
        .await
        .expect("file")
    {
        outcome.expect("filed");
    }
    step(
        store,
        &org,
        &report_id,
        NewCaseEvent::new(EventKind::Accept),
    )
    .await
    .expect("accept");
    step(
        store,
        &org,
        &report_id,
        NewCaseEvent::note("บันทึกเดิมที่ยังไม่เข้ารหัส"),
    )
    .await
    .expect("note");

    // Make both rows what issue 10 left: the plain code, no hash, version 1,
    // envelopes of the key file under the old contexts, no per-recipient keys.
    let contact = corruption()
        .normalized()
        .contact
        .expect("contact")
        .to_sealed_plaintext();
    let content = CorruptionContent {
        subject: SECRET_SUBJECT.into(),
        details: "มีการเรียกรับเงินจากผู้รับเหมา".into(),
        place: Some("สำนักช่าง".into()),
        persons_concerned: Some("นายช่างโยธา".into()),
    }
    .to_sealed_plaintext();
    let old_contact = keyring().seal_with_context(&contact, seal_context::CONTACT);
    let old_content = keyring().seal_with_context(&content, seal_context::CONTENT);
    const TO_V1: &str = "UPDATE complaints SET tracking_code = $1, tracking_hash = NULL, \
        seal_version = 1, reporter_key = NULL, sealed_contact = $2 \
        WHERE organization_id = $3 AND complaint_id = $4";
    for (code, id) in [(&general_code, &general_id), (&report_code, &report_id)] {
        let changed = raw
            .execute(
                TO_V1,
                &[
                    RawArg::Text(code.as_str()),
                    RawArg::Bytes(&old_contact),
                    RawArg::Text(&org),
                    RawArg::Text(id),
                ],
            )
            .await;
        assert_eq!(changed, 1);
    }
    raw.execute(
        "UPDATE complaints SET sealed_content = $1 WHERE organization_id = $2 AND complaint_id = $3",
        &[
            RawArg::Bytes(&old_content),
            RawArg::Text(&org),
            RawArg::Text(&report_id),
        ],
    )
    .await;
    raw.execute(
        "DELETE FROM complaint_key_grants WHERE organization_id = $1 AND complaint_id = $2",
        &[RawArg::Text(&org), RawArg::Text(&report_id)],
    )
    .await;
    // A plain code is not looked up: until upgraded, the hash finds nothing.
    assert_eq!(
        store
            .track_complaint(&org, &hashes(&org, &report_code))
            .await
            .expect("track"),
        None
    );

    let legacy = store.legacy_complaints(None).await.expect("legacy");
    assert_eq!(legacy.len(), 2);
    assert!(legacy.iter().all(|(o, _)| *o == org));
    let by_id = |id: &str| {
        legacy
            .iter()
            .map(|(_, c)| c)
            .find(|c| c.complaint_id == id)
            .expect("listed")
            .clone()
    };
    let (old_general, old_report) = (by_id(&general_id), by_id(&report_id));
    assert_eq!(old_general.tracking_code, Some(general_code));
    assert_eq!(old_report.tracking_code, Some(report_code));
    assert_eq!((old_general.seal_version, old_report.seal_version), (1, 1));
    assert_eq!(old_report.channel, Channel::Corruption);
    assert_eq!(old_report.sealed_content.as_deref(), Some(&old_content[..]));
    assert_eq!(old_report.attachments.len(), 1);
    assert_eq!(old_report.history.len(), 3);
    assert!(
        store
            .legacy_complaints(Some(&beta))
            .await
            .expect("legacy")
            .is_empty()
    );
    assert_eq!(
        store
            .legacy_complaints(Some(&org))
            .await
            .expect("legacy")
            .len(),
        2
    );

    // Start-up: codes hashed; the report's code sealed under the key file
    // until resealed; the general contact bound to its record.
    let server = |id: &str| RecordSealer::with_server_key(&keyring(), &org, id);
    let legacy_code = server(&report_id).seal(field::LEGACY_CODE, report_code.as_str().as_bytes());
    let rebound = server(&general_id).seal(field::CONTACT, &contact);
    store
        .upgrade_tracking(
            &org,
            &[
                TrackingUpgrade {
                    complaint_id: general_id.clone(),
                    tracking_hash: keyring().tracking_hash(&org, general_code.as_str()),
                    legacy_sealed_code: None,
                    rebound_contact: Some(Some(rebound.clone())),
                },
                TrackingUpgrade {
                    complaint_id: report_id.clone(),
                    tracking_hash: keyring().tracking_hash(&org, report_code.as_str()),
                    legacy_sealed_code: Some(legacy_code.clone()),
                    rebound_contact: None,
                },
            ],
        )
        .await
        .expect("upgrade");
    for code in [&general_code, &report_code] {
        assert!(
            store
                .track_complaint(&org, &hashes(&org, code))
                .await
                .expect("track")
                .is_some(),
            "found by its hash after the upgrade"
        );
    }
    assert_eq!(
        contact_of(store, &org, &general_id).await,
        rebound,
        "the general contact, bound to its record"
    );
    let left = store.legacy_complaints(None).await.expect("legacy");
    assert_eq!(left.len(), 1, "the general complaint is done");
    let waiting = &left[0].1;
    assert_eq!(waiting.complaint_id, report_id);
    assert_eq!(waiting.tracking_code, None, "the plain code is gone");
    assert_eq!(
        waiting.legacy_sealed_code.as_deref(),
        Some(&legacy_code[..])
    );
    let summary = store
        .complaint(&org, &report_id)
        .await
        .expect("read")
        .expect("case")
        .summary;
    assert_eq!(summary.seal_version, 1, "still under the key file");

    // `complaints reseal`: the report moves to its own data key.
    let key = DataKey::generate();
    let sealer = RecordSealer::with_data_key(&key, &org, &report_id);
    let note = waiting
        .history
        .iter()
        .find(|e| e.kind == EventKind::Note)
        .expect("the old note");
    let resealed = ResealedCase {
        complaint_id: report_id.clone(),
        sealed_content: sealer.seal(field::CONTENT, &content),
        sealed_contact: Some(sealer.seal(field::CONTACT, &contact)),
        reporter_key: wrap_for_reporter(&key, &report_code, &org, &report_id),
        key_grants: vec![KeyGrant {
            user_id: officer.0.clone(),
            wrapped_key: wrap_for_officer(&key, &officer.1.public_key(), &org, &report_id),
        }],
        attachments: vec![ResealedAttachment {
            attachment_id: waiting.attachments[0].attachment_id.clone(),
            sha256: "ef".repeat(32),
            size_bytes: 9,
            sealed_file_name: Some(sealer.seal(field::FILE_NAME, "หลักฐานเดิม.pdf".as_bytes())),
        }],
        events: vec![ResealedEvent {
            position: note.position,
            sealed_public_message: None,
            sealed_internal_note: Some(
                sealer.seal(field::INTERNAL_NOTE, "บันทึกเดิมที่ยังไม่เข้ารหัส".as_bytes()),
            ),
            sealed_note: None,
        }],
    };
    // Not a corruption report, or not upgraded yet: refused.
    let mut wrong = resealed.clone();
    wrong.complaint_id = general_id.clone();
    assert!(matches!(
        store.reseal_case(&org, &wrong, &officer.0).await,
        Err(StoreError::NotAllowed(Refusal::AlreadyResealed))
    ));
    store
        .reseal_case(&org, &resealed, &officer.0)
        .await
        .expect("reseal");
    assert!(
        store
            .legacy_complaints(None)
            .await
            .expect("legacy")
            .is_empty()
    );
    let case = store
        .complaint(&org, &report_id)
        .await
        .expect("read")
        .expect("case");
    assert_eq!(case.summary.seal_version, 2);
    let opened = officer_sealer(store, &org, &officer, &report_id).await;
    assert_eq!(
        opened
            .open(
                field::CONTENT,
                case.summary.sealed_content.as_ref().expect("sealed")
            )
            .expect("opens"),
        content
    );
    assert!(
        keyring()
            .open_with_context(
                case.summary.sealed_content.as_ref().expect("sealed"),
                seal_context::CONTENT
            )
            .is_err(),
        "the key file no longer opens it"
    );
    let attachment = &case.attachments[0];
    assert_eq!(
        (attachment.sha256.as_str(), attachment.size_bytes),
        ("ef".repeat(32).as_str(), 9)
    );
    assert_eq!(
        opened
            .open_text(
                field::FILE_NAME,
                attachment.sealed_file_name.as_ref().expect("name")
            )
            .as_deref(),
        Some("หลักฐานเดิม.pdf")
    );
    let note = case
        .history
        .iter()
        .find(|e| e.kind == EventKind::Note)
        .expect("the note");
    assert_eq!(note.internal_note, None, "the plain note is gone");
    assert_eq!(
        opened
            .open_text(
                field::INTERNAL_NOTE,
                note.sealed_internal_note.as_ref().expect("sealed")
            )
            .as_deref(),
        Some("บันทึกเดิมที่ยังไม่เข้ารหัส")
    );
    let revealed = contact_of(store, &org, &report_id).await;
    assert!(opened.open(field::CONTACT, &revealed).is_ok());
    assert!(
        keyring()
            .open_with_context(&revealed, seal_context::CONTACT)
            .is_err()
    );
    let public = store
        .track_complaint(&org, &hashes(&org, &report_code))
        .await
        .expect("track")
        .expect("found");
    assert_eq!(public.seal_version, 2);
    assert!(
        sujarit_core::case_keys::open_as_reporter(
            public.reporter_key.as_ref().expect("reporter key"),
            &report_code,
            &org,
            &report_id
        )
        .is_ok()
    );
    // Once is enough.
    assert!(matches!(
        store.reseal_case(&org, &resealed, &officer.0).await,
        Err(StoreError::NotAllowed(Refusal::AlreadyResealed))
    ));
    let log = store.audit_log(&org, None, 100).await.expect("audit");
    let entries: Vec<_> = log
        .iter()
        .filter(|e| e.action == AUDIT_CASE_RESEALED)
        .collect();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].target, report_id);
}

/// A unit officer of a new unit `name`: (unit id, officer id).
async fn another_unit(store: &dyn Store, org: &str, name: &str, email: &str) -> (String, String) {
    let unit = store.create_unit(org, name, None).await.expect("unit");
    let officer = store
        .create_user(
            org,
            &NewUser {
                email: Email::parse(email).expect("email"),
                display_name: format!("เจ้าหน้าที่ {name}"),
                role: Role::UnitOfficer,
                unit_id: Some(unit.id.clone()),
                password_hash: PASSWORD_HASH.into(),
                must_change_password: false,
            },
            None,
        )
        .await
        .expect("officer");
    (unit.id, officer.id)
}

async fn assignments_reach_only_people_who_may_act_and_the_unit_sees_its_own(
    store: &dyn Store,
    raw: &Raw,
) {
    let org = org(store, "alpha").await;
    let (works, works_officer) = unit_and_officer(store, &org).await;
    let (finance, finance_officer) =
        another_unit(store, &org, "กองคลัง", "finance@example.org").await;
    let centre = user(store, &org, "centre@example.org", Role::ComplaintOfficer).await;
    let (lights, _) = file_one(store, &org, &general("lights", "ไฟดับ", Some("ซอย 5"))).await;
    let (roads, _) = file_one(store, &org, &general("roads", "ถนนพัง", Some("ซอย 9"))).await;
    for id in [&lights.complaint_id, &roads.complaint_id] {
        step(store, &org, id, NewCaseEvent::new(EventKind::Accept))
            .await
            .expect("accept");
    }
    // Another unit's officer, or someone who is no unit officer: refused,
    // with the officer field named, and nothing written.
    let before = raw.row_counts().await;
    for officer in [&finance_officer, &centre] {
        match step(
            store,
            &org,
            &lights.complaint_id,
            NewCaseEvent::assign(&works, officer),
        )
        .await
        {
            Err(StoreError::Invalid(errors)) => {
                let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
                assert_eq!(fields, ["officer_id"]);
                assert!(
                    errors[0].message.contains("หน่วยงาน"),
                    "{}",
                    errors[0].message
                );
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }
    // A deactivated unit officer of the right unit neither.
    let (_, idle) = another_unit(store, &org, "กองช่างสำรอง", "idle@example.org").await;
    assert_eq!(
        raw.row_counts().await.get("complaint_events"),
        before.get("complaint_events")
    );
    let idle_user = store.user(&org, &idle).await.expect("read").expect("user");
    store
        .update_user(
            &org,
            &idle,
            &UserChange {
                display_name: idle_user.display_name.clone(),
                role: Role::UnitOfficer,
                unit_id: Some(works.clone()),
                active: false,
            },
            None,
        )
        .await
        .expect("deactivate");
    assert!(matches!(
        step(
            store,
            &org,
            &lights.complaint_id,
            NewCaseEvent::assign(&works, &idle)
        )
        .await,
        Err(StoreError::Invalid(_))
    ));
    step(
        store,
        &org,
        &lights.complaint_id,
        NewCaseEvent::assign(&works, &works_officer),
    )
    .await
    .expect("assign to the works department");
    step(
        store,
        &org,
        &roads.complaint_id,
        NewCaseEvent::assign(&finance, &finance_officer),
    )
    .await
    .expect("assign to finance");
    // Each unit's queue holds its own case only.
    for (unit, id) in [
        (&works, &lights.complaint_id),
        (&finance, &roads.complaint_id),
    ] {
        let queue = store
            .complaints(
                &org,
                &ComplaintFilter {
                    channel: Some(Channel::General),
                    unit_id: Some(unit.clone()),
                    ..Default::default()
                },
            )
            .await
            .expect("queue");
        let ids: Vec<&str> = queue.iter().map(|c| c.complaint_id.as_str()).collect();
        assert_eq!(ids, [id.as_str()]);
    }
    // The unit works and proposes; the proposal is internal.
    step(
        store,
        &org,
        &lights.complaint_id,
        NewCaseEvent::new(EventKind::StartWork),
    )
    .await
    .expect("start");
    let proposed = step(
        store,
        &org,
        &lights.complaint_id,
        NewCaseEvent::new(EventKind::ProposeAnswer).with_internal_note("เปลี่ยนหลอดไฟแล้ว"),
    )
    .await
    .expect("propose");
    assert_eq!(proposed.summary.state, CaseState::InProgress);
    let last = proposed.history.last().expect("a step");
    assert_eq!(last.kind, EventKind::ProposeAnswer);
    assert_eq!(last.internal_note.as_deref(), Some("เปลี่ยนหลอดไฟแล้ว"));
    let (_, code) = file_one(store, &org, &general("lights", "ไฟดับอีก", None)).await;
    let tracked = store
        .track_complaint(&org, &hashes(&org, &code))
        .await
        .expect("track")
        .expect("case");
    assert!(
        tracked
            .history
            .iter()
            .all(|e| e.kind != EventKind::ProposeAnswer)
    );
    // A corruption report goes only to an integrity officer.
    let (report, _) = file_one(store, &org, &corruption()).await;
    step(
        store,
        &org,
        &report.complaint_id,
        NewCaseEvent::new(EventKind::Accept),
    )
    .await
    .expect("accept the report");
    match step(
        store,
        &org,
        &report.complaint_id,
        NewCaseEvent::assign(&works, &works_officer),
    )
    .await
    {
        Err(StoreError::Invalid(errors)) => {
            assert_eq!(errors[0].field, "officer_id");
            assert!(errors[0].message.contains("เจ้าหน้าที่นิติการ"));
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    let integrity = store.officer_public_keys(&org).await.expect("keys")[0]
        .0
        .clone();
    step(
        store,
        &org,
        &report.complaint_id,
        NewCaseEvent::assign(&works, &integrity),
    )
    .await
    .expect("an integrity officer may take it");
}

async fn a_step_repeating_the_last_one_is_refused_and_writes_nothing(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let (unit, officer) = unit_and_officer(store, &org).await;
    let (receipt, _) = file_one(store, &org, &general("lights", "ไฟดับ", Some("ซอย 5"))).await;
    let id = receipt.complaint_id.as_str();
    step(store, &org, id, NewCaseEvent::new(EventKind::Accept))
        .await
        .expect("accept");
    step(store, &org, id, NewCaseEvent::assign(&unit, &officer))
        .await
        .expect("assign");
    let before = raw.row_counts().await;
    for _ in 0..3 {
        match step(store, &org, id, NewCaseEvent::assign(&unit, &officer)).await {
            Err(StoreError::NotAllowed(refusal)) => {
                assert_eq!(refusal, Refusal::RepeatedStep(EventKind::Assign));
                assert!(refusal.to_string().contains("ไม่บันทึกซ้ำ"), "{refusal}");
            }
            other => panic!("expected NotAllowed, got {other:?}"),
        }
    }
    assert_eq!(raw.row_counts().await, before, "nothing written");
    step(store, &org, id, NewCaseEvent::new(EventKind::StartWork))
        .await
        .expect("start");
    let update =
        || NewCaseEvent::new(EventKind::ProgressUpdate).with_public_message("สั่งซื้อหลอดไฟแล้ว");
    step(store, &org, id, update()).await.expect("update");
    assert!(matches!(
        step(store, &org, id, update()).await,
        Err(StoreError::NotAllowed(Refusal::RepeatedStep(
            EventKind::ProgressUpdate
        )))
    ));
    // Another message is another step; then the first may come again.
    step(
        store,
        &org,
        id,
        NewCaseEvent::new(EventKind::ProgressUpdate).with_public_message("ติดตั้งแล้วครึ่งซอย"),
    )
    .await
    .expect("another update");
    step(store, &org, id, update())
        .await
        .expect("not the last one any more");
    let case = store
        .complaint(&org, id)
        .await
        .expect("read")
        .expect("case");
    let updates = case
        .history
        .iter()
        .filter(|e| e.kind == EventKind::ProgressUpdate)
        .count();
    assert_eq!(updates, 3);
}

async fn cases_taken_in_by_staff_keep_how_they_came_and_are_counted(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let centre = user(store, &org, "centre@example.org", Role::ComplaintOfficer).await;
    let taken = |via: ReceivedVia, days_back: i64, today: time::Date| TakenIn {
        intake: Intake {
            received_via: via,
            received_on: (days_back > 0).then(|| today - Duration::days(days_back)),
            ..Default::default()
        },
        recorded_by: centre.clone(),
    };
    let today = local_date(time::OffsetDateTime::now_utc());
    // The web (citizens') and three phone calls, one of them three days ago.
    let mut batch = Vec::new();
    for i in 0..3 {
        batch.push(
            record(store, &org, &general("roads", &format!("ถนน {i}"), None))
                .await
                .0,
        );
    }
    for days_back in [0, 0, 3] {
        let (mut r, _, _) = record(store, &org, &general("lights", "ไฟดับ", None)).await;
        r.taken_in = Some(taken(ReceivedVia::Phone, days_back, today));
        batch.push(r);
    }
    // Refused: "web" is no staff intake; a day in the future.
    let (mut web, _, _) = record(store, &org, &general("lights", "ไฟดับ", None)).await;
    web.taken_in = Some(taken(ReceivedVia::Web, 0, today));
    let (mut future, _, _) = record(store, &org, &general("lights", "ไฟดับ", None)).await;
    future.taken_in = Some(taken(ReceivedVia::Letter, 0, today));
    future.taken_in.as_mut().unwrap().intake.received_on = Some(today + Duration::days(2));
    batch.push(web);
    batch.push(future);
    let audit_before = store.audit_log(&org, None, 100).await.expect("audit").len();
    let outcomes = store.file_complaints(&org, &batch).await.expect("file");
    let fields =
        |o: &Result<Receipt, Vec<sujarit_core::complaint::FieldError>>| -> Vec<&'static str> {
            o.as_ref()
                .err()
                .map(|e| e.iter().map(|f| f.field).collect())
                .unwrap_or_default()
        };
    assert_eq!(fields(&outcomes[6]), ["received_via"]);
    assert_eq!(fields(&outcomes[7]), ["received_on"]);
    let receipts: Vec<&Receipt> = outcomes[..6]
        .iter()
        .map(|o| o.as_ref().expect("filed"))
        .collect();
    // The letter of three days ago counts from then.
    assert_eq!(
        local_date(receipts[5].received_at),
        today - Duration::days(3)
    );
    let back = store
        .complaint(&org, &receipts[5].complaint_id)
        .await
        .expect("read")
        .expect("case");
    assert_eq!(back.summary.received_via, ReceivedVia::Phone);
    assert_eq!(back.history[0].actor.as_deref(), Some(centre.as_str()));
    let citizen = store
        .complaint(&org, &receipts[0].complaint_id)
        .await
        .expect("read")
        .expect("case");
    assert_eq!(citizen.summary.received_via, ReceivedVia::Web);
    assert_eq!(citizen.history[0].actor, None);
    // Audited: how it came in, never what it says.
    let log = store.audit_log(&org, None, 100).await.expect("audit");
    let taken_in: Vec<_> = log
        .iter()
        .filter(|e| e.action == sujarit_store::AUDIT_TAKEN_IN)
        .collect();
    assert_eq!(log.len() - audit_before, 3);
    assert_eq!(taken_in.len(), 3);
    let after = taken_in[0].after.as_ref().expect("after").to_string();
    assert!(
        after.contains("phone") && !after.contains("ไฟดับ"),
        "{after}"
    );
    // Listed by way of receipt.
    let by_phone = store
        .complaints(
            &org,
            &ComplaintFilter {
                received_via: Some(ReceivedVia::Phone),
                ..Default::default()
            },
        )
        .await
        .expect("list");
    assert_eq!(by_phone.len(), 3);
    // Counted by way of receipt.
    let statistics = store
        .complaint_statistics(&org, FiscalYear::of(today), Some(Channel::General), today)
        .await
        .expect("statistics");
    let ways = &statistics.general.expect("general").received_via;
    let count = |via: ReceivedVia| {
        ways.iter()
            .find(|w| w.received_via == via)
            .expect("listed")
            .received
    };
    // The letter three days back may fall in the previous fiscal year.
    let phone_this_year = if FiscalYear::of(today - Duration::days(3)) == FiscalYear::of(today) {
        3
    } else {
        2
    };
    assert_eq!(count(ReceivedVia::Web), SmallCount::Count(3));
    assert_eq!(count(ReceivedVia::Phone), SmallCount::of(phone_this_year));
    assert_eq!(count(ReceivedVia::Letter), SmallCount::Count(0));
    // A corruption case the municipality detected itself: sealed as every
    // report (keys granted), its origin kept.
    let (mut detected, _, _) = record(store, &org, &corruption()).await;
    assert!(!detected.key_grants.is_empty());
    detected.taken_in = Some(TakenIn {
        intake: Intake {
            origin: Origin::Audit,
            ..Default::default()
        },
        recorded_by: centre.clone(),
    });
    let receipt = store
        .file_complaints(&org, &[detected])
        .await
        .expect("file")
        .pop()
        .expect("one")
        .expect("filed");
    let case = store
        .complaint(&org, &receipt.complaint_id)
        .await
        .expect("read")
        .expect("case");
    assert_eq!(case.summary.origin, Origin::Audit);
    assert_eq!(case.summary.channel, Channel::Corruption);
    let _ = raw;
}
