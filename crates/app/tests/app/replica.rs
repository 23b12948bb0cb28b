//! `serve --read-database` against a real PostgreSQL streaming replica
//! (issue 15). As root, the test makes a replica of the test server with
//! Debian's tools (`pg_basebackup -R -X stream`, started with `pg_ctl` as the
//! postgres user on port 54329), serves the demo with the primary and the
//! replica, and proves with the replica's replay paused
//! (`pg_wal_replay_pause()`):
//!
//! * a public read is served by the replica: after a survey answer, a reader
//!   without the write cookie still sees the replica's (older) count;
//! * read-your-writes: the writer, carrying the cookie the answer set, sees
//!   its own answer at once (the primary answers it while the replica lags);
//! * once replay resumes, everyone sees it; and the replica refuses writes.
//!
//! The replica is stopped and removed at the end, also when the test fails
//! (a guard). It needs root and PostgreSQL's binaries: without them it fails
//! (CI must run it); it passes with a note only when
//! `SUJARIT_TEST_POSTGRES_URL` is unset, as every PostgreSQL test does.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use sqlx::Connection;
use sujarit_testkit::postgres::{TempPostgres, postgres_url, with_database};

use crate::support::Server;

const REPLICA_PORT: u16 = 54329;

/// A replica's data directory and server; stopped and removed when dropped.
struct Replica {
    dir: PathBuf,
    bin: PathBuf,
    /// The primary's replication slot that keeps the WAL the replica needs
    /// (made before the copy starts, so a busy primary cannot recycle a
    /// segment the copy still needs), and the primary's URL.
    slot: String,
    primary: String,
}

impl Replica {
    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = as_postgres(
            &self.bin.join("pg_ctl"),
            &[
                "-D",
                self.data().to_str().unwrap(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
        // A slot left behind would keep the primary's WAL for ever.
        let _ = Command::new("psql")
            .args([
                self.primary.as_str(),
                "-qc",
                &format!("SELECT pg_drop_replication_slot('{}')", self.slot),
            ])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs `program` as the postgres user; its output on failure.
fn as_postgres(program: &Path, args: &[&str]) -> Result<(), String> {
    let out = Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(program)
        .args(args)
        .output()
        .map_err(|e| format!("runuser {}: {e}", program.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{} {args:?}: {}{}",
            program.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// PostgreSQL's binaries of the server's major version, Debian's layout.
fn binaries(major: u32) -> PathBuf {
    let bin = PathBuf::from(format!("/usr/lib/postgresql/{major}/bin"));
    for tool in ["pg_basebackup", "pg_ctl", "postgres"] {
        assert!(
            bin.join(tool).exists(),
            "{} is missing: install postgresql-{major} (CI: .ci/run)",
            bin.join(tool).display()
        );
    }
    bin
}

fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().expect("id -u");
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

/// A streaming replica of the server at `server_url` (port 5432 on
/// 127.0.0.1), in recovery and accepting connections on [`REPLICA_PORT`].
async fn start_replica(server_url: &str) -> Replica {
    assert!(
        is_root(),
        "the read-replica test makes a PostgreSQL replica and must run as root (CI does)"
    );
    let mut conn = sqlx::PgConnection::connect(server_url).await.unwrap();
    let (version,): (String,) = sqlx::query_as("SHOW server_version_num")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let major = version.parse::<u32>().unwrap() / 10000;
    let bin = binaries(major);
    let dir = std::env::temp_dir().join(format!(
        "sujarit-replica-{}-{}",
        std::process::id(),
        uuid_like()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    // Slots of earlier runs that died before their guard ran.
    sqlx::query(
        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots \
         WHERE slot_name LIKE 'sujarit_test_%' AND NOT active",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let slot = format!("sujarit_test_{}", std::process::id());
    // The slot reserves the WAL from now on, before the copy starts: other
    // tests creating databases write WAL fast enough for a checkpoint to
    // recycle a segment the copy still needs (seen in CI even with a slot
    // made by pg_basebackup itself, which it makes only once streaming).
    sqlx::query("SELECT pg_create_physical_replication_slot($1, true)")
        .bind(&slot)
        .execute(&mut conn)
        .await
        .unwrap();
    let replica = Replica {
        dir: dir.clone(),
        bin: bin.clone(),
        slot: slot.clone(),
        primary: server_url.to_string(),
    };
    let status = Command::new("chown")
        .args(["postgres:postgres", dir.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success(), "chown the replica's folder");
    as_postgres(
        &bin.join("pg_basebackup"),
        &[
            "-h",
            "127.0.0.1",
            "-p",
            "5432",
            "-U",
            "postgres",
            "-D",
            replica.data().to_str().unwrap(),
            "-R",
            "-X",
            "stream",
            "-S",
            &slot,
        ],
    )
    .unwrap_or_else(|e| {
        panic!(
            "pg_basebackup failed; pg_hba.conf must allow `host replication postgres 127.0.0.1/32 trust` (CI: .ci/run): {e}"
        )
    });
    // Debian keeps the configuration in /etc, not in the data folder: the
    // replica gets its own, listening on its own port and socket folder.
    let data = replica.data();
    std::fs::write(
        data.join("postgresql.conf"),
        format!(
            "port = {REPLICA_PORT}\nlisten_addresses = '127.0.0.1'\n\
             unix_socket_directories = '{}'\nhot_standby = on\n",
            dir.display()
        ),
    )
    .unwrap();
    std::fs::write(
        data.join("pg_hba.conf"),
        "local all all trust\nhost all all 127.0.0.1/32 trust\n",
    )
    .unwrap();
    std::fs::write(data.join("pg_ident.conf"), "").unwrap();
    for file in ["postgresql.conf", "pg_hba.conf", "pg_ident.conf"] {
        Command::new("chown")
            .args(["postgres:postgres", data.join(file).to_str().unwrap()])
            .status()
            .unwrap();
    }
    as_postgres(
        &bin.join("pg_ctl"),
        &[
            "-D",
            data.to_str().unwrap(),
            "-l",
            dir.join("log").to_str().unwrap(),
            "-w",
            "-t",
            "60",
            "start",
        ],
    )
    .unwrap_or_else(|e| {
        let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
        panic!("the replica did not start: {e}\n{log}")
    });
    replica
}

fn uuid_like() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{nanos:08x}")
}

/// Panics once `started` is more than `seconds` ago, naming `what`.
fn deadline(started: Instant, seconds: u64, what: &str) {
    assert!(
        started.elapsed() < Duration::from_secs(seconds),
        "waited {seconds} s for {what}"
    );
}

/// A GET with this cookie: (status, body).
fn get(server: &Server, path: &str, cookie: Option<&str>) -> (u16, String) {
    let (status, _, body) = exchange(server, "GET", path, cookie, None);
    (status, body)
}

fn exchange(
    server: &Server,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    json: Option<&str>,
) -> (u16, Vec<String>, String) {
    let authority = server.base.trim_start_matches("http://");
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
    if let Some(c) = cookie {
        request.push_str(&format!("Cookie: {c}\r\n"));
    }
    if let Some(body) = json {
        request.push_str(&format!(
            "Origin: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            server.base,
            body.len()
        ));
    }
    request.push_str("\r\n");
    if let Some(body) = json {
        request.push_str(body);
    }
    let mut stream = TcpStream::connect(authority).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response
        .split_once("\r\n\r\n")
        .unwrap_or((response.as_str(), ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let cookies = head
        .lines()
        .filter_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("set-cookie")
                .then(|| value.trim().to_string())
        })
        .collect();
    (status, cookies, body.to_string())
}

fn responses(body: &str) -> u64 {
    let value: serde_json::Value =
        serde_json::from_str(body).unwrap_or_else(|_| panic!("JSON: {body}"));
    value["responses"].as_u64().expect("responses")
}

/// Answers every question of a survey document with its first choice
/// (a scale: 5; a number: 1; a text: a word).
fn answers(document: &serde_json::Value) -> String {
    let mut answers = serde_json::Map::new();
    for q in document["questions"].as_array().unwrap() {
        let value = match q["kind"].as_str().unwrap() {
            "scale5" => serde_json::json!(5),
            "choice" => serde_json::json!(0),
            "multiple" => serde_json::json!([0]),
            "number" => serde_json::json!(1),
            _ => serde_json::json!("ดี"),
        };
        answers.insert(q["id"].as_str().unwrap().to_string(), value);
    }
    serde_json::json!({ "answers": answers }).to_string()
}

#[test]
fn public_reads_go_to_the_replica_and_a_writer_reads_its_own_write() {
    let Some(server_url) = postgres_url() else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let database = TempPostgres::create(&server_url).await;
        let outcome = tokio::spawn(scenario(server_url.clone(), database.url.clone())).await;
        database.drop_database().await;
        if let Err(error) = outcome {
            std::panic::resume_unwind(error.into_panic());
        }
    });
}

async fn scenario(server_url: String, primary_url: String) {
    let replica = start_replica(&server_url).await;
    let database = primary_url
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let replica_url = with_database(
        &format!("postgres://postgres@127.0.0.1:{REPLICA_PORT}/postgres"),
        &database,
    );
    // The replica is in recovery and has the test database.
    let started = Instant::now();
    let mut on_replica = loop {
        if let Ok(conn) = sqlx::PgConnection::connect(&replica_url).await {
            break conn;
        }
        deadline(started, 60, "the replica to accept connections");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let (recovering,): (bool,) = sqlx::query_as("SELECT pg_is_in_recovery()")
        .fetch_one(&mut on_replica)
        .await
        .unwrap();
    assert!(recovering, "the replica is a standby");

    // The primary is migrated and seeded by the server; the replica follows.
    let server = Server::start(
        &primary_url,
        &[
            "--demo",
            "--read-database",
            &replica_url,
            "--page-cache-seconds",
            "0",
        ],
    );
    let (status, open) = get(&server, "/api/v1/organizations/demo/surveys", None);
    assert_eq!(status, 200, "{open}");
    let open: serde_json::Value = serde_json::from_str(&open).unwrap();
    let survey = open[0]["id"]
        .as_str()
        .expect("an open demo survey")
        .to_string();
    let results = format!("/api/v1/organizations/demo/surveys/{survey}/results");
    let (status, document) = get(
        &server,
        &format!("/api/v1/organizations/demo/surveys/{survey}"),
        None,
    );
    assert_eq!(status, 200, "{document}");
    let document: serde_json::Value = serde_json::from_str(&document).unwrap();
    // Wait until the replica has everything the demo wrote: the same count
    // on both sides from here on.
    let mut primary = sqlx::PgConnection::connect(&primary_url).await.unwrap();
    let (target,): (String,) = sqlx::query_as("SELECT pg_current_wal_lsn()::text")
        .fetch_one(&mut primary)
        .await
        .unwrap();
    let started = Instant::now();
    loop {
        let (caught_up,): (bool,) = sqlx::query_as("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn")
            .bind(&target)
            .fetch_one(&mut on_replica)
            .await
            .unwrap();
        if caught_up {
            break;
        }
        deadline(started, 60, "the replica to replay the demo");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (status, body) = get(&server, &results, None);
    assert_eq!(status, 200, "{body}");
    let before = responses(&body);

    // The replica stops replaying: from now on it lags the primary.
    sqlx::query("SELECT pg_wal_replay_pause()")
        .execute(&mut on_replica)
        .await
        .unwrap();
    let answer = answers(&document);
    let (status, cookies, body) = exchange(
        &server,
        "POST",
        &format!("/api/v1/organizations/demo/surveys/{survey}/responses"),
        None,
        Some(&answer),
    );
    assert_eq!(status, 201, "{body}");
    let wal = cookies
        .iter()
        .find(|c| c.starts_with("sujarit_wal="))
        .unwrap_or_else(|| panic!("the write sets the position cookie: {cookies:?}"))
        .split(';')
        .next()
        .unwrap()
        .to_string();
    for part in ["HttpOnly", "Path=/", "SameSite=Lax"] {
        assert!(cookies.iter().any(|c| c.contains(part)), "{cookies:?}");
    }
    // Stored on the primary.
    let (on_primary,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM survey_responses WHERE survey_id = $1")
            .bind(&survey)
            .fetch_one(&mut primary)
            .await
            .unwrap();
    let (on_standby,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM survey_responses WHERE survey_id = $1")
            .bind(&survey)
            .fetch_one(&mut on_replica)
            .await
            .unwrap();
    assert_eq!(on_primary, on_standby + 1, "the replica lags by the answer");

    // A reader without the cookie is served by the replica: the old count.
    let (status, body) = get(&server, &results, None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        responses(&body),
        before,
        "a public read came from the replica"
    );
    // The writer sees its own answer: the replica is behind its position,
    // so the primary answers.
    let (status, body) = get(&server, &results, Some(&wal));
    assert_eq!(status, 200, "{body}");
    assert_eq!(responses(&body), before + 1, "read-your-writes");
    // A position far ahead of anything the replica replayed: the primary.
    let (_, body) = get(&server, &results, Some("sujarit_wal=FFFFFF/0"));
    assert_eq!(responses(&body), before + 1);

    // Replay resumes: everyone sees the answer, the writer from the replica.
    sqlx::query("SELECT pg_wal_replay_resume()")
        .execute(&mut on_replica)
        .await
        .unwrap();
    let started = Instant::now();
    while responses(&get(&server, &results, None).1) != before + 1 {
        deadline(started, 60, "the replica to replay the answer");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // The replica refuses writes: it is read-only.
    let refused = sqlx::query("UPDATE organizations SET name = name")
        .execute(&mut on_replica)
        .await
        .expect_err("a standby refuses writes");
    assert!(refused.to_string().contains("read-only"), "{refused}");
    drop(server);
    drop(replica);
}
