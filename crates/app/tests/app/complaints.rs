//! Complaints against the real server: a receipt survives `kill -9` the next
//! instant, and a corruption reporter's name and phone (and their tracking
//! code: the database keeps only its keyed hash) are in neither the database
//! files nor the server's logs (at debug level) as plain text.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sujarit_core::complaint::TrackingCode;

const REPORTER_NAME: &str = "บุญเลิศ ซื่อตรงยิ่ง";
const REPORTER_PHONE: &str = "089-765-4321";
const REPORTER_PHONE_DIGITS: &str = "0897654321";

/// `sujarit serve --demo` in `dir` on a free port, stderr (the log) to a file.
struct Running {
    child: Child,
    base: String,
}

fn start(dir: &Path, log_name: &str) -> Running {
    let log = std::fs::File::create(dir.join(log_name)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sujarit"))
        .current_dir(dir)
        .args([
            "--database",
            "sqlite://sujarit.db",
            "serve",
            "--demo",
            "--bind",
            "127.0.0.1:0",
            "--complaints-per-address",
            "1000000",
        ])
        .env("RUST_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log))
        .spawn()
        .expect("server starts");
    let mut stdout = child.stdout.take().unwrap();
    // The first line is the address; read byte by byte up to it.
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while stdout.read(&mut byte).unwrap() == 1 && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    let line = String::from_utf8_lossy(&line).into_owned();
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("an address in {line:?}"))
        .trim_end_matches('/')
        .to_string();
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = stdout.read_to_end(&mut sink);
    });
    Running { child, base }
}

/// A plain HTTP/1.1 request: (status, body), or None if the server is gone.
fn request(base: &str, method: &str, path: &str, body: &str) -> Option<(u16, String)> {
    let authority = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(authority).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nOrigin: {base}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())?;
    Some((status, body))
}

fn complaint_json(n: usize) -> String {
    serde_json::json!({
        "organization": "demo",
        "channel": "general",
        "category": "waste",
        "subject": format!("ขยะไม่ได้จัดเก็บ ครั้งที่ {n}"),
        "details": "รถเก็บขยะไม่มาสามวันแล้ว",
    })
    .to_string()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect()
}

#[test]
fn acknowledged_complaints_survive_kill_9_and_reporters_stay_sealed() {
    let dir = std::env::temp_dir().join(format!("sujarit-durable-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut server = start(&dir, "first.log");

    // A corruption report with a name and a phone, through the API.
    let report = serde_json::json!({
        "organization": "demo",
        "channel": "corruption",
        "category": "bribery",
        "subject": "เรียกรับสินบนงานตรวจรับ",
        "details": "มีการเรียกเงินก่อนตรวจรับงาน",
        "contact": {"name": REPORTER_NAME, "phone": REPORTER_PHONE},
    })
    .to_string();
    let (status, body) = request(&server.base, "POST", "/api/v1/complaints", &report).unwrap();
    assert_eq!(status, 201, "{body}");
    let receipt: serde_json::Value = serde_json::from_str(&body).unwrap();
    let report_code = TrackingCode::parse(receipt["tracking_code"].as_str().unwrap()).unwrap();

    // A stream of submissions from four clients; the server is killed in the middle.
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|client| {
            let (base, acknowledged, stop) =
                (server.base.clone(), acknowledged.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = client * 1_000_000;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    match request(&base, "POST", "/api/v1/complaints", &complaint_json(n)) {
                        Some((201, body)) => {
                            let receipt: serde_json::Value = serde_json::from_str(&body).unwrap();
                            let code = receipt["tracking_code"].as_str().unwrap().to_string();
                            acknowledged.lock().unwrap().push(code);
                        }
                        Some((status, body)) => panic!("{status}: {body}"),
                        None => break,
                    }
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while acknowledged.lock().unwrap().len() < 300 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    // SIGKILL: no shutdown, no flush, mid-stream.
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 300,
        "only {} acknowledged",
        acknowledged.len()
    );

    // The reporter is in no file the server wrote, nor in its log; nor is
    // the report's tracking code, in either of the forms it is written in.
    let (code_plain, code_shown) = (report_code.as_str().to_string(), report_code.display());
    for path in files_in(&dir) {
        let bytes = std::fs::read(&path).unwrap();
        for secret in [
            REPORTER_NAME,
            REPORTER_PHONE,
            REPORTER_PHONE_DIGITS,
            code_plain.as_str(),
            code_shown.as_str(),
        ] {
            assert!(!contains(&bytes, secret), "{secret} in {}", path.display());
        }
    }
    let log = std::fs::read(dir.join("first.log")).unwrap();
    assert!(!log.is_empty(), "debug logging was on");

    // Restarted on the same files, every acknowledged code is there.
    let restarted = start(&dir, "second.log");
    // Codes are looked up by their keyed hashes under the server's key file.
    let keyring = sujarit_store::keyfile::load(&dir.join("sujarit-keys.txt")).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let missing: Vec<String> = runtime.block_on(async {
        let url = format!("sqlite://{}", dir.join("sujarit.db").display());
        let store = sujarit_store::connect(&url).await.unwrap();
        let org = store.organization_by_slug("demo").await.unwrap().unwrap();
        let mut missing = Vec::new();
        for code in &acknowledged {
            let parsed = TrackingCode::parse(code).unwrap();
            if store
                .track_complaint(&org.id, &keyring.tracking_hashes(&org.id, parsed.as_str()))
                .await
                .unwrap()
                .is_none()
            {
                missing.push(code.clone());
            }
        }
        missing
    });
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged complaints lost: {missing:?}",
        missing.len(),
        acknowledged.len()
    );
    // And the restarted server answers for them, and for the report, the
    // code in the body of a POST (never in a URL).
    for code in [acknowledged[0].as_str(), code_shown.as_str()] {
        let (status, body) = request(
            &restarted.base,
            "POST",
            "/api/v1/complaints/track?organization=demo",
            &serde_json::json!({ "code": code }).to_string(),
        )
        .unwrap();
        assert_eq!(status, 200, "{body}");
    }
    drop(restarted);
    let _ = std::fs::remove_dir_all(&dir);
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
