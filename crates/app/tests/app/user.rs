//! `sujarit user add` and the demo accounts of `serve --demo`, through the
//! real binary on a real SQLite file.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use sujarit_core::ItemRef;
use sujarit_core::account::{Email, Role};
use sujarit_service::passwords as password;
use sujarit_store::Store;

use sujarit_testkit::temp_sqlite;

const DEMO_PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/demo/plan-nakhonsithammarat-2566-2570.txt"
);

use crate::support::run_with_stdin as run;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn open(database: &str) -> std::sync::Arc<dyn Store> {
    let store = sujarit_store::connect(database).await.unwrap();
    store.migrate().await.unwrap();
    store
}

async fn with_demo_plan() -> (
    String,
    std::path::PathBuf,
    std::sync::Arc<dyn Store>,
    String,
) {
    let (url, path) = temp_sqlite();
    let out = run(&url, &["import", "plan", DEMO_PLAN, "--slug", "demo"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let store = open(&url).await;
    let org = store
        .organization_by_slug("demo")
        .await
        .unwrap()
        .unwrap()
        .id;
    (url, path, store, org)
}

#[tokio::test]
async fn user_add_takes_a_piped_password_or_prints_a_generated_one() {
    let (url, _path, store, org) = with_demo_plan().await;

    let piped = run(
        &url,
        &[
            "user",
            "add",
            "Admin@Example.go.th",
            "--role",
            "administrator",
            "--name",
            "สมชาย ผู้ดูแล",
        ],
        Some("รหัสผ่านของผู้ดูแลระบบ\n"),
    );
    assert!(piped.status.success(), "{}", text(&piped.stderr));
    let stdout = text(&piped.stdout);
    assert!(
        stdout.contains("สร้างบัญชีแล้ว: admin@example.go.th (ผู้ดูแลระบบ)"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("รหัสผ่าน:"),
        "a typed password is never echoed"
    );
    let email = Email::parse("admin@example.go.th").unwrap();
    let admin = store
        .credentials(&org, &email)
        .await
        .unwrap()
        .expect("created");
    assert_eq!(admin.user.display_name, "สมชาย ผู้ดูแล");
    assert_eq!(admin.user.role, Role::Administrator);
    assert!(!admin.user.must_change_password);
    assert!(password::verify_blocking(
        "รหัสผ่านของผู้ดูแลระบบ",
        &admin.password_hash
    ));

    let generated = run(
        &url,
        &["user", "add", "auditor@example.go.th", "--role", "auditor"],
        None,
    );
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    let stdout = text(&generated.stdout);
    let printed = stdout
        .lines()
        .find_map(|l| l.strip_prefix("รหัสผ่าน: "))
        .expect("the generated password is printed")
        .trim()
        .to_owned();
    let auditor = store
        .credentials(&org, &Email::parse("auditor@example.go.th").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(password::verify_blocking(&printed, &auditor.password_hash));
    assert!(
        auditor.user.must_change_password,
        "a printed password is replaced at first login"
    );
    assert_eq!(auditor.user.display_name, "auditor");

    // A unit officer joins a unit taken from the plan.
    let officer = run(
        &url,
        &[
            "user",
            "add",
            "officer@example.go.th",
            "--role",
            "unit_officer",
            "--unit",
            "กองการเจ้าหน้าที่",
        ],
        Some("รหัสผ่านของเจ้าหน้าที่"),
    );
    assert!(officer.status.success(), "{}", text(&officer.stderr));
    let officer = store
        .user_by_email(&org, &Email::parse("officer@example.go.th").unwrap())
        .await
        .unwrap()
        .unwrap();
    let unit = store
        .unit_by_name(&org, "กองการเจ้าหน้าที่")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(officer.unit_id.as_deref(), Some(unit.id.as_str()));
    let items: Vec<String> = store
        .items_of_unit(&org, &unit.id)
        .await
        .unwrap()
        .iter()
        .map(ItemRef::to_string)
        .collect();
    // As the demo plan writes it (3.5 too, besides 1.1–2.23).
    assert_eq!(
        items,
        ["1.1", "1.3", "1.4", "1.6", "2.7", "2.8", "2.23", "3.5"]
    );

    // Every account is in the audit log, made from the command line.
    let log = store.audit_log(&org, None, 100).await.unwrap();
    let created: Vec<&str> = log
        .iter()
        .filter(|e| e.action == "user.created")
        .map(|e| e.target.as_str())
        .collect();
    assert_eq!(created.len(), 3);
    assert!(log.iter().all(|e| e.actor_user_id.is_none()));
}

#[tokio::test]
async fn bad_input_exits_2_in_thai_and_writes_no_account() {
    let (url, _path, store, org) = with_demo_plan().await;
    let good = "รหัสผ่านที่ยาวพอแล้ว";
    let cases: [(&[&str], Option<&str>, &str); 8] = [
        (
            &["user", "add", "x@example.org", "--role", "mayor"],
            Some(good),
            "ไม่รู้จักบทบาท \"mayor\"",
        ),
        (
            &["user", "add", "not-an-email", "--role", "auditor"],
            Some(good),
            "อีเมล",
        ),
        (
            &["user", "add", "x@example.org", "--role", "unit_officer"],
            Some(good),
            "ต้องระบุหน่วยงานด้วย --unit",
        ),
        (
            &[
                "user",
                "add",
                "x@example.org",
                "--role",
                "unit_officer",
                "--unit",
                "กองที่ไม่มี",
            ],
            Some(good),
            "ไม่พบหน่วยงาน \"กองที่ไม่มี\" หน่วยงานที่มี:",
        ),
        (
            &[
                "user",
                "add",
                "x@example.org",
                "--role",
                "auditor",
                "--unit",
                "กองการเจ้าหน้าที่",
            ],
            Some(good),
            "--unit ใช้ได้เฉพาะบทบาท unit_officer",
        ),
        (
            &["user", "add", "x@example.org", "--role", "auditor"],
            Some("สั้นไป"),
            "อย่างน้อย 10 ตัวอักษร",
        ),
        (
            &[
                "user",
                "add",
                "x@example.org",
                "--role",
                "auditor",
                "--organization",
                "nowhere",
            ],
            Some(good),
            "ไม่พบองค์กรรหัส \"nowhere\"",
        ),
        (
            &["user", "add", "dup@example.org", "--role", "auditor"],
            Some(good),
            "มีบัญชีอีเมล dup@example.org อยู่แล้ว",
        ),
    ];
    let first = run(
        &url,
        &["user", "add", "dup@example.org", "--role", "executive"],
        Some(good),
    );
    assert!(first.status.success());
    for (args, stdin, message) in cases {
        let out = run(&url, args, stdin);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(message),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    assert_eq!(
        store.users(&org).await.unwrap().len(),
        1,
        "only the first account"
    );

    // Two organisations: which one must be said.
    store
        .ensure_organization("other", "เทศบาลอื่น")
        .await
        .unwrap();
    let out = run(
        &url,
        &["user", "add", "y@example.org", "--role", "auditor"],
        Some(good),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("ระบุด้วย --organization"),
        "{}",
        text(&out.stderr)
    );
    let out = run(
        &url,
        &[
            "user",
            "add",
            "y@example.org",
            "--role",
            "auditor",
            "--organization",
            "other",
        ],
        Some(good),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    // No organisation at all.
    let (empty, _empty_path) = temp_sqlite();
    let out = run(
        &empty,
        &["user", "add", "z@example.org", "--role", "auditor"],
        Some(good),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("ยังไม่มีองค์กร"),
        "{}",
        text(&out.stderr)
    );
}

/// `user reset-totp` (issue 11): removes an account's second factor, ends
/// its sessions and writes the audit entry; the owner enrols again.
#[tokio::test]
async fn user_reset_totp_removes_the_second_factor_on_the_command_line_only() {
    let (url, _path, store, org) = with_demo_plan().await;
    let add = run(
        &url,
        &[
            "user",
            "add",
            "integrity@example.go.th",
            "--role",
            "integrity_officer",
        ],
        Some("รหัสผ่านของเจ้าหน้าที่นิติการ\n"),
    );
    assert!(add.status.success(), "{}", text(&add.stderr));
    let email = Email::parse("integrity@example.go.th").unwrap();
    let user = store.user_by_email(&org, &email).await.unwrap().unwrap();
    assert!(
        store
            .enrol_totp(&org, &user.id, &[5u8; 20], 1, Some(&user.id))
            .await
            .unwrap()
    );
    let now = time::OffsetDateTime::now_utc();
    let session = "ab".repeat(32);
    store
        .create_session(&sujarit_store::NewSession {
            organization_id: org.clone(),
            user_id: user.id.clone(),
            session_hash: session.clone(),
            created_at: now,
            expires_at: now + time::Duration::hours(1),
        })
        .await
        .unwrap();

    let out = run(
        &url,
        &["user", "reset-totp", "Integrity@Example.go.th"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("ล้างการยืนยันตัวตนสองขั้นตอนของ integrity@example.go.th (เจ้าหน้าที่นิติการ"),
        "{stdout}"
    );
    assert!(store.totp_factor(&org, &user.id).await.unwrap().is_none());
    assert!(
        store.session(&session).await.unwrap().is_none(),
        "signed out"
    );
    let log = store.audit_log(&org, None, 1).await.unwrap();
    assert_eq!(log[0].action, sujarit_store::audit_action::TOTP_RESET);
    assert_eq!(log[0].target, "integrity@example.go.th");
    assert_eq!(log[0].actor_user_id, None, "the command line");

    let again = run(
        &url,
        &[
            "user",
            "reset-totp",
            "integrity@example.go.th",
            "--organization",
            "demo",
        ],
        None,
    );
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(text(&again.stdout).contains("ไม่มีอะไรต้องล้าง"));

    for (args, message) in [
        (
            vec!["user", "reset-totp", "nobody@example.go.th"],
            "ไม่พบบัญชี nobody@example.go.th",
        ),
        (vec!["user", "reset-totp", "not an email"], "อีเมล"),
        (
            vec![
                "user",
                "reset-totp",
                "integrity@example.go.th",
                "--organization",
                "x",
            ],
            "ไม่พบองค์กรรหัส \"x\"",
        ),
    ] {
        let out = run(&url, &args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains(message),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

/// `serve --demo` on a free port, once it answers requests: the process, its
/// address, and its standard output line by line (ending when it exits).
fn serve_demo(
    database: &str,
) -> (
    std::process::Child,
    String,
    std::sync::mpsc::Receiver<String>,
) {
    // Its own working directory: the key file and evidence land there, not in the repo.
    let cwd = std::env::temp_dir().join(format!("sujarit-demo-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&cwd).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sujarit"))
        .current_dir(&cwd)
        .args([
            "--database",
            database,
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--demo",
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("server starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let first = rx.recv().expect("the address line");
    let authority = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .expect("an address")
        .trim_end_matches('/')
        .to_owned();
    let (status, _, _) = http(&authority, "GET /healthz HTTP/1.1", &[], "");
    assert_eq!(status, 200);
    (child, authority, rx)
}

/// A raw HTTP/1.1 request: (status, headers, body).
fn http(
    authority: &str,
    request_line: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    let mut stream = TcpStream::connect(authority).unwrap();
    let mut request = format!("{request_line}\r\nHost: {authority}\r\nConnection: close\r\n");
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (status, head.to_owned(), body.to_owned())
}

#[test]
fn serve_demo_prints_one_account_per_role_once_and_they_log_in() {
    let (url, _path) = temp_sqlite();
    let (mut server, authority, output) = serve_demo(&url);
    // The accounts are printed before the server accepts: wait for all five.
    let mut lines = Vec::new();
    while lines
        .iter()
        .filter(|l: &&String| l.starts_with("บัญชีตัวอย่าง "))
        .count()
        < 5
    {
        lines.push(output.recv().expect("five account lines"));
    }
    let accounts: Vec<(String, String)> = lines
        .iter()
        .filter(|l| l.starts_with("บัญชีตัวอย่าง "))
        .map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let email = words.iter().find(|w| w.contains('@')).unwrap().to_string();
            let at = words.iter().position(|w| *w == "รหัสผ่าน").unwrap();
            (email, words[at + 1].to_owned())
        })
        .collect();
    let emails: Vec<&str> = accounts.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(
        emails,
        [
            "admin@demo.sujarit.local",
            "coordinator@demo.sujarit.local",
            "officer@demo.sujarit.local",
            "executive@demo.sujarit.local",
            "auditor@demo.sujarit.local"
        ],
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("สังกัดกองการเจ้าหน้าที่")),
        "{lines:?}"
    );

    // The printed password of the unit officer logs in, from a form on this site.
    let (email, password) = &accounts[2];
    let body = format!("email={}&password={}", email.replace('@', "%40"), password);
    let origin = format!("http://{authority}");
    let (status, head, _) = http(
        &authority,
        "POST /staff/login HTTP/1.1",
        &[
            ("Origin", &origin),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        &body,
    );
    assert_eq!(status, 303, "{head}");
    assert!(
        head.to_lowercase().contains("set-cookie: sujarit_session="),
        "{head}"
    );
    let _ = server.kill();
    let _ = server.wait();

    // The next start prints no passwords: the accounts exist already. All it
    // printed is read once it has exited.
    let (mut again, _, output) = serve_demo(&url);
    let _ = again.kill();
    let _ = again.wait();
    let lines: Vec<String> = output.iter().collect();
    assert!(
        lines.iter().any(|l| l.contains("แผนขององค์กรตัวอย่าง")),
        "{lines:?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("รหัสผ่าน")),
        "passwords are printed only by the start that made them: {lines:?}"
    );
}
