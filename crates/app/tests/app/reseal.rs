//! Issue 11, existing data: reports stored before per-recipient keys (sealed
//! under the key file, the tracking code in plain text) are upgraded — the
//! code hashed at start-up, then `sujarit complaints reseal` run by an
//! integrity officer moves each report to its own data key. Afterwards the
//! key file opens none of it, the officer and the reporter still do.

use std::process::Output;

use sujarit_core::case_keys::field;
use sujarit_core::complaint::{CorruptionContent, TrackingCode, seal_context};
use sujarit_service::complaints::keys;
use sujarit_store::files::FileStore;

const PASSWORD: &str = "รหัสผ่านของนิติกร 2569";
const SUBJECT: &str = "เรียกรับเงินค่าตรวจรับงานจ้างถนน";
const NOTE: &str = "สอบปากคำผู้รับเหมารายที่สามแล้ว";
const ANSWER: &str = "รับเรื่องไว้พิจารณาแล้ว";
const FILE_BYTES: &[u8] = b"%PDF-1.4 receipts of the bribe";

fn run(database: &str, args: &[&str], stdin: &str) -> Output {
    crate::support::run_with_stdin(database, args, Some(stdin))
}

#[tokio::test]
async fn reports_sealed_under_the_key_file_move_to_per_recipient_keys() {
    let dir = sujarit_testkit::TempDir::new("sujarit-reseal");
    let database = format!("sqlite://{}?mode=rwc", dir.path().join("s.db").display());
    let key_file = dir.path().join("keys.txt");
    let files_dir = dir.path().join("files");
    let (keyring, _) = sujarit_store::keyfile::load_or_create(&key_file).unwrap();
    let store = sujarit_store::connect(&database).await.unwrap();
    store.migrate().await.unwrap();
    let org = store
        .ensure_organization("demo", "เทศบาลตัวอย่าง")
        .await
        .unwrap()
        .id;

    // An integrity officer, made on the host, with keys.
    let added = run(
        &database,
        &[
            "user",
            "add",
            "nitikorn@example.go.th",
            "--role",
            "integrity_officer",
        ],
        PASSWORD,
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let officer = store
        .user_by_email(
            &org,
            &sujarit_core::account::Email::parse("nitikorn@example.go.th").unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
    keys::make_keys(store.as_ref(), &org, &officer.id, PASSWORD)
        .await
        .unwrap();

    // A report as an older version stored it.
    let id = uuid::Uuid::new_v4().to_string();
    let code = TrackingCode::from_random_bytes([7; 10]);
    let content = CorruptionContent {
        subject: SUBJECT.into(),
        details: "รายละเอียด".into(),
        place: None,
        persons_concerned: None,
    };
    let files = FileStore::new(files_dir.clone());
    let old_blob = files
        .save_opaque(&keyring.seal_with_context(FILE_BYTES, seal_context::FILE_CONTENT))
        .await
        .unwrap();
    let pool = sqlx::SqlitePool::connect(&database).await.unwrap();
    let now = time::OffsetDateTime::now_utc();
    let today = now.date();
    sqlx::query(
        "INSERT INTO complaints (organization_id, complaint_id, tracking_code, channel, category, \
         sealed_content, sealed_contact, state, received_at, received_on, due_date, \
         delay_explained, revision, updated_at, seal_version) \
         VALUES (?, ?, ?, 'corruption', 'bribery', ?, ?, 'received', ?, ?, ?, 0, 1, ?, 1)",
    )
    .bind(&org)
    .bind(&id)
    .bind(code.as_str())
    .bind(keyring.seal_with_context(&content.to_sealed_plaintext(), seal_context::CONTENT))
    .bind(keyring.seal_with_context(b"{\"name\":\"x\"}", seal_context::CONTACT))
    .bind(now)
    .bind(today)
    .bind(today)
    .bind(now)
    .execute(&pool)
    .await
    .unwrap();
    for (position, kind, public, note) in [
        (1, "filed", None, None),
        (2, "note", None, Some(NOTE)),
        (3, "request_information", Some(ANSWER), None),
    ] {
        sqlx::query(
            "INSERT INTO complaint_events (organization_id, complaint_id, event_position, kind, \
             to_state, public_message, internal_note, at) VALUES (?, ?, ?, ?, 'received', ?, ?, ?)",
        )
        .bind(&org)
        .bind(&id)
        .bind(position)
        .bind(kind)
        .bind(public)
        .bind(note)
        .bind(now)
        .execute(&pool)
        .await
        .unwrap();
    }
    sqlx::query(
        "INSERT INTO complaint_attachments (organization_id, attachment_id, complaint_id, sha256, \
         media_type, size_bytes, sealed_file_name, uploaded_at) \
         VALUES (?, ?, ?, ?, 'application/pdf', ?, ?, ?)",
    )
    .bind(&org)
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(&id)
    .bind(&old_blob)
    .bind(FILE_BYTES.len() as i64)
    .bind(keyring.seal_with_context("ใบเสร็จ.pdf".as_bytes(), seal_context::FILE_NAME))
    .bind(now)
    .execute(&pool)
    .await
    .unwrap();

    // Start-up: the code becomes a keyed hash.
    assert_eq!(
        keys::upgrade_tracking_codes(store.as_ref(), &keyring)
            .await
            .unwrap(),
        1
    );
    let (plain, hash): (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT tracking_code, tracking_hash FROM complaints WHERE complaint_id = ?",
    )
    .bind(&id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(plain, None, "no plain code left");
    assert_eq!(hash, Some(keyring.tracking_hash(&org, code.as_str())));

    // A wrong password moves nothing.
    let refused = run(
        &database,
        &[
            "complaints",
            "reseal",
            "--officer",
            "nitikorn@example.go.th",
            "--organization",
            "demo",
            "--key-file",
            key_file.to_str().unwrap(),
            "--files",
            files_dir.to_str().unwrap(),
        ],
        "not the password",
    );
    assert_eq!(
        refused.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("รหัสผ่านไม่ถูกต้อง"));

    let moved = run(
        &database,
        &[
            "complaints",
            "reseal",
            "--officer",
            "nitikorn@example.go.th",
            "--organization",
            "demo",
            "--key-file",
            key_file.to_str().unwrap(),
            "--files",
            files_dir.to_str().unwrap(),
        ],
        PASSWORD,
    );
    assert!(
        moved.status.success(),
        "{}",
        String::from_utf8_lossy(&moved.stderr)
    );
    assert!(String::from_utf8_lossy(&moved.stdout).contains("1 เรื่อง"));

    // The key file opens none of it now.
    let case = store.complaint(&org, &id).await.unwrap().unwrap();
    assert_eq!(case.summary.seal_version, 2);
    let sealed = case.summary.sealed_content.clone().unwrap();
    assert!(
        keyring
            .open_with_context(&sealed, seal_context::CONTENT)
            .is_err()
    );
    for event in &case.history {
        assert!(event.public_message.is_none() && event.internal_note.is_none());
    }
    assert!(
        files.path_of(&old_blob).is_some_and(|p| !p.exists()),
        "the old blob is gone"
    );
    let new_blob = files
        .read(&case.attachments[0].sha256)
        .await
        .unwrap()
        .unwrap();
    assert!(
        keyring
            .open_with_context(&new_blob, seal_context::FILE_CONTENT)
            .is_err()
    );
    let (legacy,): (Option<Vec<u8>>,) =
        sqlx::query_as("SELECT legacy_sealed_code FROM complaints WHERE complaint_id = ?")
            .bind(&id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(legacy, None, "the key file's copy of the code is dropped");

    // The officer opens everything with their own key.
    let unlocked = keys::unlock(store.as_ref(), &org, &officer.id, PASSWORD)
        .await
        .unwrap()
        .unwrap();
    let held = keys::held_keys(store.as_ref(), &org, &officer.id)
        .await
        .unwrap();
    let sealer = keys::staff_sealer(
        &keyring,
        Some(&unlocked),
        &org,
        &case.summary,
        held.get(&id).map(Vec::as_slice),
    )
    .expect("the officer opens the report");
    let opened =
        CorruptionContent::from_sealed_plaintext(&sealer.open(field::CONTENT, &sealed).unwrap())
            .unwrap();
    assert_eq!(opened.subject, SUBJECT);
    assert_eq!(
        sealer.open(field::FILE_CONTENT, &new_blob).unwrap(),
        FILE_BYTES
    );
    let note = case
        .history
        .iter()
        .find_map(|e| e.sealed_internal_note.clone())
        .unwrap();
    assert_eq!(
        sealer.open_text(field::INTERNAL_NOTE, &note).as_deref(),
        Some(NOTE)
    );

    // The reporter reads the answer with the code alone.
    let mut public = store
        .track_complaint(&org, &keyring.tracking_hashes(&org, code.as_str()))
        .await
        .unwrap()
        .unwrap();
    let reporter = keys::reporter_sealer(&org, &public, &code).expect("the code opens it");
    keys::open_public_history(&mut public, Some(&reporter));
    assert!(
        public
            .history
            .iter()
            .any(|e| e.message.as_deref() == Some(ANSWER))
    );

    // Once is enough: a second run moves nothing.
    let again = run(
        &database,
        &[
            "complaints",
            "reseal",
            "--officer",
            "nitikorn@example.go.th",
            "--organization",
            "demo",
            "--key-file",
            key_file.to_str().unwrap(),
            "--files",
            files_dir.to_str().unwrap(),
        ],
        PASSWORD,
    );
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 เรื่อง"));
}
