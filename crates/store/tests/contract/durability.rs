//! An acknowledged complaint survives the process being killed (`kill -9`)
//! the next instant: a child process files complaints into a SQLite file and
//! prints each tracking code only after `file_complaints` returned; the test
//! kills it mid-stream and every printed code must be in the file.
//!
//! (A power cut is another matter: see `db/dialect.rs`, filing
//! commits with `synchronous=FULL`.)

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use sujarit_core::case_keys::RecordSealer;
use sujarit_core::complaint::{Channel, Contact, NewComplaint, TrackingCode};
use sujarit_core::sealed::{Keyring, SealingKey};
use sujarit_store::{NewComplaintRecord, Store, connect, random_tracking_code};

const CHILD_VAR: &str = "SUJARIT_DURABILITY_CHILD_DB";
const TEST_NAME: &str = "durability::acknowledged_complaints_survive_kill_9";
const ACK: &str = "ACK ";

fn complaint(n: usize) -> NewComplaint {
    NewComplaint {
        channel: Channel::General,
        category: "roads".into(),
        subject: format!("ถนนชำรุด {n}"),
        details: "หลุมบ่อ".into(),
        place: None,
        persons_concerned: None,
        contact: Some(Contact {
            phone: Some("0812345678".into()),
            ..Default::default()
        }),
        location: None,
    }
}

fn keyring() -> Keyring {
    Keyring::new("k", SealingKey::from_bytes([1; 32])).expect("keyring")
}

/// The child: files batches of 1–4 forever, acknowledging each code on stdout.
async fn file_until_killed(path: &str) {
    use std::io::Write;
    let store = connect(path).await.expect("open");
    let keyring = keyring();
    let org = org_id(&*store).await;
    let mut stdout = std::io::stdout().lock();
    for n in 0.. {
        let (records, codes): (Vec<NewComplaintRecord>, Vec<TrackingCode>) = (0..(n % 4 + 1))
            .map(|_| {
                let complaint_id = uuid::Uuid::new_v4().to_string();
                let code = random_tracking_code();
                let sealer = RecordSealer::with_server_key(&keyring, &org, &complaint_id);
                let record = NewComplaintRecord {
                    tracking_hash: keyring.tracking_hash(&org, code.as_str()),
                    complaint: complaint(n).seal(&sealer),
                    complaint_id,
                    attachments: Vec::new(),
                    reporter_key: None,
                    key_grants: Vec::new(),
                    submission: None,
                    received_at: None,
                    taken_in: None,
                };
                (record, code)
            })
            .unzip();
        let outcomes = store.file_complaints(&org, &records).await.expect("file");
        assert_eq!(outcomes.len(), codes.len());
        for (outcome, code) in outcomes.into_iter().zip(&codes) {
            outcome.expect("filed");
            // Only now, after the commit, is the code handed out.
            writeln!(stdout, "{ACK}{}", code.as_str()).expect("stdout");
        }
        stdout.flush().expect("flush");
    }
}

async fn org_id(store: &dyn Store) -> String {
    store
        .organization_by_slug("durable")
        .await
        .expect("read")
        .expect("organisation")
        .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_complaints_survive_kill_9() {
    if let Ok(path) = std::env::var(CHILD_VAR) {
        file_until_killed(&path).await;
        return;
    }
    let (_, path) = sujarit_testkit::temp_sqlite();
    let path_text = path.to_str().expect("UTF-8 path").to_owned();
    {
        let store = connect(&path_text).await.expect("open");
        store.migrate().await.expect("migrate");
        store
            .ensure_organization("durable", "เทศบาลทดสอบ")
            .await
            .expect("organisation");
    }
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_VAR, &path_text)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the child");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut acknowledged = Vec::new();
    while acknowledged.len() < 300 {
        let line = lines
            .next()
            .expect("the child stopped early")
            .expect("read");
        if let Some(code) = line.strip_prefix(ACK) {
            acknowledged.push(code.to_string());
        }
    }
    // SIGKILL, mid-stream: no destructor, no orderly close of the database.
    child.kill().expect("kill the child");
    // Codes already in the pipe were acknowledged too.
    for line in lines.map_while(std::result::Result::ok) {
        if let Some(code) = line.strip_prefix(ACK) {
            acknowledged.push(code.to_string());
        }
    }
    child.wait().expect("reap the child");

    let store = connect(&path_text).await.expect("reopen");
    let org = org_id(&*store).await;
    for code in &acknowledged {
        let code = TrackingCode::parse(code).expect("a code");
        assert!(
            store
                .track_complaint(&org, &keyring().tracking_hashes(&org, code.as_str()))
                .await
                .expect("track")
                .is_some(),
            "acknowledged {code} is lost"
        );
    }
    drop(store);
    sujarit_testkit::remove_sqlite(&path);
}
