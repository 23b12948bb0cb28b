//! `sujarit backup` and `sujarit restore` on both databases: the demo
//! organisation with every module holding rows (plans, accounts, progress
//! with evidence, both complaint channels, disclosure, activities and
//! surveys) is backed up while its server runs, restored into a new empty
//! database and files folder, and every table (row by row, every column) and
//! every file compared. Refusals (a byte flipped, an entry changed under its
//! manifest, a foreign file, a newer format or schema, a target with rows or
//! files) exit 2 with a Thai message and write nothing. The key file, kept
//! inside the files folder here on purpose, is never in the archive.

use crate::support::{Server, demo_store, sujarit};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;
use sujarit_core::fiscal::Quarter;
use sujarit_core::progress::{ProgressStatus, QuarterReport, ReportKey};
use sujarit_core::{Baht, ItemRef};
use sujarit_store::files::FileStore;
use sujarit_testkit::postgres::{TempPostgres, postgres_url};
use sujarit_testkit::{TempDir, sample};

/// Every table but the migrations' bookkeeping: name → its rows, each row
/// every column as the database quotes it, sorted.
type Tables = BTreeMap<String, Vec<String>>;

async fn tables(url: &str) -> Tables {
    use sqlx::Connection;
    let mut found = Tables::new();
    if url.starts_with("postgres") {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        // The search index is derived data, left out of backups and rebuilt.
        for name in names
            .into_iter()
            .filter(|n| n != "_sqlx_migrations" && !n.starts_with("search_"))
        {
            let rows: Vec<String> =
                sqlx::query_scalar(&format!("SELECT t::text FROM \"{name}\" AS t"))
                    .fetch_all(&mut conn)
                    .await
                    .unwrap();
            found.insert(name, rows);
        }
    } else {
        // A SQLite file nobody created holds nothing (and stays uncreated).
        let file = url.trim_start_matches("sqlite://");
        if !Path::new(file).exists() {
            return found;
        }
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        for name in names.into_iter().filter(|n| !n.starts_with("search_")) {
            let columns: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                    .bind(&name)
                    .fetch_all(&mut conn)
                    .await
                    .unwrap();
            // quote() keeps the storage class: 1 and '1' and X'01' differ.
            let row: Vec<String> = columns
                .iter()
                .map(|c| format!("typeof(\"{c}\") || ':' || quote(\"{c}\")"))
                .collect();
            let rows: Vec<String> = sqlx::query_scalar(&format!(
                "SELECT {} FROM \"{name}\"",
                row.join(" || char(31) || ")
            ))
            .fetch_all(&mut conn)
            .await
            .unwrap();
            found.insert(name, rows);
        }
    }
    for rows in found.values_mut() {
        rows.sort();
    }
    found
}

/// Every file under `root`: relative path → bytes.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(listing) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in listing.map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy();
                found.insert(relative.into_owned(), std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// The archive's entries: name → bytes.
fn entries(archive: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(archive).unwrap();
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut found = BTreeMap::new();
    for entry in tar.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        found.insert(name, bytes);
    }
    found
}

/// Writes `entries` as an archive (manifest last, as `backup` does).
fn write_entries(path: &Path, entries: &BTreeMap<String, Vec<u8>>) {
    let file = std::fs::File::create(path).unwrap();
    let gzip = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    let mut tar = tar::Builder::new(gzip);
    let manifest = "manifest.json".to_string();
    let ordered = entries
        .iter()
        .filter(|(n, _)| **n != manifest)
        .chain(entries.get_key_value(&manifest));
    for (name, bytes) in ordered {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o600);
        tar.append_data(&mut header, name, bytes.as_slice())
            .unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
}

fn run(database: &str, args: &[&str]) -> Output {
    let mut all = vec!["--database", database];
    all.extend_from_slice(args);
    sujarit(&all)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The folder of one installation: its files folder holds the key file too.
struct Installation {
    dir: TempDir,
}

impl Installation {
    fn new() -> Installation {
        let dir = TempDir::new("sujarit-backup");
        std::fs::create_dir_all(dir.path().join("files")).unwrap();
        Installation { dir }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn files(&self) -> String {
        self.path("files").to_string_lossy().into_owned()
    }
    fn key_file(&self) -> String {
        self.path("files/sujarit-keys.txt")
            .to_string_lossy()
            .into_owned()
    }
    /// `serve --demo` with this installation's files folder and key file.
    fn serve_demo(&self, url: &str, extra: &[&str]) -> Server {
        let (files, key_file) = (self.files(), self.key_file());
        // The figures' refresh off: it writes at start, while the test
        // compares what it read with what was backed up.
        let mut args = vec![
            "--demo",
            "--link-check-hours",
            "0",
            "--oversight-refresh-minutes",
            "0",
        ];
        args.extend(["--files", &files, "--key-file", &key_file]);
        args.extend_from_slice(extra);
        Server::start(url, &args)
    }
    /// `backup` of `url` into `archive`, with this installation's folders.
    fn back_up(&self, url: &str, archive: &Path) -> Output {
        let (files, key_file) = (self.files(), self.key_file());
        let archive = archive.to_string_lossy();
        let args = ["backup", "--output", &archive, "--files", &files];
        run(url, &[&args[..], &["--key-file", &key_file]].concat())
    }
}

/// The demo with rows in every module, backed up while its server runs.
/// Returns the archive's path.
async fn seed_and_back_up(url: &str, place: &Installation) -> PathBuf {
    let files = place.files();
    let server = place.serve_demo(url, &[]);
    // Both complaint channels: a general one with a sealed contact, and a
    // corruption report sealed for the demo's integrity officer.
    for complaint in [
        serde_json::json!({
            "organization": "demo", "channel": "general", "category": "waste",
            "subject": "ขยะไม่ได้จัดเก็บ", "details": "รถเก็บขยะไม่มาสามวันแล้ว",
            "contact": {"name": "สมหญิง ใจดี", "phone": "081-234-5678"},
        }),
        serde_json::json!({
            "organization": "demo", "channel": "corruption", "category": "bribery",
            "subject": "เรียกรับสินบนงานตรวจรับ", "details": "มีการเรียกเงินก่อนตรวจรับงาน",
        }),
    ] {
        let (status, body) = server.post_json("/api/v1/complaints", &complaint.to_string());
        assert_eq!(status, 201, "{body}");
    }
    // Progress: a report with evidence in the files folder.
    let (store, org) = demo_store(url).await;
    const TRAINING: ItemRef = ItemRef {
        dimension: 1,
        no: 1,
    };
    let key = ReportKey {
        fiscal_year: 2568,
        quarter: Quarter::Q1,
        item: TRAINING,
    };
    let mut report = QuarterReport::new(key);
    report.status = ProgressStatus::InProgress;
    report.budget_disbursed = Some(Baht::from_satang(1_234_567));
    report.narrative = "อบรมคุณธรรมจริยธรรม ผู้เข้าร่วม ๑๒๐ คน".into();
    store
        .save_quarter_report(&org, &report, 0, "user-officer", false)
        .await
        .unwrap();
    let evidence = FileStore::new(&files)
        .save("รายงานการอบรม.pdf", sample::PDF, "user-officer")
        .await
        .unwrap();
    store.attach_evidence(&org, key, &evidence).await.unwrap();

    let archive = place.path("backup.tar.gz");
    let output = place.back_up(url, &archive);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let said = text(&output.stdout);
    assert!(
        said.contains("ไฟล์กุญแจ") && said.contains("ไม่อยู่ในไฟล์สำรอง"),
        "{said}"
    );
    drop(server);
    archive
}

/// Restores `archive` into `target` with `files` and returns the output.
fn restore(target: &str, archive: &Path, files: &Path) -> Output {
    run(
        target,
        &[
            "restore",
            &archive.to_string_lossy(),
            "--files",
            &files.to_string_lossy(),
        ],
    )
}

/// Refused with exit 2 and a Thai message containing `words`.
fn assert_refused(output: &Output, words: &str) {
    let said = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains(words), "{words:?} not in {said}");
    // The refusal alone: no transaction left for the pool to warn about.
    assert!(!said.contains("WARN"), "{said}");
}

/// The whole round trip and every refusal, on `source` and two fresh empty
/// databases of the same kind (`target`, `spare`).
async fn round_trip(source: &str, target: &str, spare: &str) {
    let place = Installation::new();
    let archive = seed_and_back_up(source, &place).await;
    let original = tables(source).await;
    for module_table in [
        "plans",
        "users",
        "totp_factors",
        "audit_log",
        "quarter_reports",
        "evidence_files",
        "complaints",
        "complaint_events",
        "complaint_key_grants",
        "disclosure_publications",
        "activities",
        "survey_responses",
        "kpi_sources",
    ] {
        assert!(
            !original[module_table].is_empty(),
            "the seed leaves {module_table} empty"
        );
    }

    // The key file is in the files folder and nowhere in the archive.
    let key_bytes = std::fs::read(place.key_file()).unwrap();
    let archived = entries(&archive);
    assert!(archived.keys().all(|n| !n.contains("sujarit-keys")));
    assert!(archived.values().all(|bytes| *bytes != key_bytes));
    assert!(archived.contains_key("manifest.json"));

    // Restored into an empty database and a new folder: every row and file.
    let restored_files = place.path("restored-files");
    let output = restore(target, &archive, &restored_files);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(tables(target).await, original);
    let mut expected_files = files(&place.path("files"));
    expected_files.remove("sujarit-keys.txt").unwrap();
    assert!(!expected_files.is_empty());
    assert_eq!(files(&restored_files), expected_files);

    // Into a database that has rows: refused, nothing changes.
    let elsewhere = place.path("elsewhere");
    assert_refused(&restore(target, &archive, &elsewhere), "ไม่ว่าง");
    assert_eq!(tables(target).await, original);
    assert!(!elsewhere.exists());

    // Into an empty database but a files folder with files: refused.
    assert_refused(&restore(spare, &archive, &restored_files), "ไม่ว่าง");
    assert!(tables(spare).await.values().all(Vec::is_empty));

    // Damaged, foreign, newer: refused before anything is written.
    let mut refusals: Vec<(PathBuf, &str)> = Vec::new();
    let bytes = std::fs::read(&archive).unwrap();
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 0x01;
    refusals.push((write(&place, "flipped.tar.gz", &flipped), "เสียหาย"));
    refusals.push((
        write(&place, "truncated.tar.gz", &bytes[..bytes.len() - 100]),
        "เสียหาย",
    ));
    // One byte of a table changed, the manifest left as it was: the
    // archive itself is well-formed, only the checksum tells.
    let mut tampered = archived.clone();
    let table = tampered.get_mut("database/plans.jsonl").unwrap();
    let at = table.iter().position(|b| b.is_ascii_digit()).unwrap();
    table[at] = if table[at] == b'9' {
        b'8'
    } else {
        table[at] + 1
    };
    let path = place.path("tampered.tar.gz");
    write_entries(&path, &tampered);
    refusals.push((path, "SHA-256"));
    refusals.push((
        write(&place, "plan.pdf", sample::PDF),
        "ไม่ใช่ไฟล์สำรองของ Sujarit",
    ));
    let mut foreign = BTreeMap::new();
    foreign.insert(
        "manifest.json".to_string(),
        br#"{"format":"something-else","format_version":1}"#.to_vec(),
    );
    let path = place.path("foreign.tar.gz");
    write_entries(&path, &foreign);
    refusals.push((path, "ไม่ใช่ไฟล์สำรองของ Sujarit"));
    for (field, value, name) in [
        ("format_version", 2_i64, "newer-format.tar.gz"),
        ("schema_version", 99_999_999_999, "newer-schema.tar.gz"),
    ] {
        let mut newer = archived.clone();
        let mut manifest: serde_json::Value =
            serde_json::from_slice(&newer["manifest.json"]).unwrap();
        manifest[field] = value.into();
        newer.insert(
            "manifest.json".into(),
            serde_json::to_vec(&manifest).unwrap(),
        );
        let path = place.path(name);
        write_entries(&path, &newer);
        refusals.push((path, "ใหม่กว่า"));
    }
    let untouched = place.path("untouched-files");
    for (path, words) in &refusals {
        assert_refused(&restore(spare, path, &untouched), words);
        assert!(
            tables(spare).await.values().all(Vec::is_empty),
            "{} wrote rows",
            path.display()
        );
        assert!(!untouched.exists(), "{} wrote files", path.display());
        let leftovers: Vec<_> = std::fs::read_dir(place.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".restore-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

fn write(place: &Installation, name: &str, bytes: &[u8]) -> PathBuf {
    let path = place.path(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_sqlite_backup_restores_every_row_and_file_and_bad_archives_are_refused() {
    let place = TempDir::new("sujarit-backup-sqlite");
    let url = |name: &str| format!("sqlite://{}", place.path().join(name).display());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(round_trip(
        &url("source.db"),
        &url("target.db"),
        &url("spare.db"),
    ));
}

#[test]
fn a_postgres_backup_restores_every_row_and_file_and_bad_archives_are_refused() {
    let Some(server) = postgres_url() else { return };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let source = TempPostgres::create(&server).await;
        let target = TempPostgres::create(&server).await;
        let spare = TempPostgres::create(&server).await;
        round_trip(&source.url, &target.url, &spare.url).await;
        for database in [source, target, spare] {
            database.drop_database().await;
        }
    });
}

/// A backup made from SQLite is refused by a PostgreSQL target (and the
/// other way round), before anything is written.
#[test]
fn a_backup_restores_only_into_its_own_kind_of_database() {
    let place = Installation::new();
    let source = format!("sqlite://{}", place.path("source.db").display());
    let archive = place.path("backup.tar.gz");
    assert!(run(&source, &["migrate"]).status.success());
    let output = place.back_up(&source, &archive);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let output = restore(
        "postgres://postgres@127.0.0.1:1/nothing",
        &archive,
        &place.path("restored"),
    );
    assert_refused(&output, "SQLite");
    assert!(!place.path("restored").exists());
}

/// Backups taken while complaints are being filed restore whole: each one's
/// tables come from one snapshot, so no complaint event, key grant or notice
/// refers to a complaint the copy lacks (the restore checks every foreign
/// key, and inserts children after their parents).
#[test]
fn backups_taken_during_filings_restore_whole() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let place = Installation::new();
    let url = |name: &str| format!("sqlite://{}", place.path(name).display());
    let server = place.serve_demo(&url("source.db"), &["--complaints-per-address", "1000000"]);
    let (stop, filed) = (AtomicBool::new(false), AtomicUsize::new(0));
    /// Stops the filings however the rounds end (a failed assertion too).
    struct StopOnDrop<'a>(&'a AtomicBool);
    impl Drop for StopOnDrop<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }
    std::thread::scope(|scope| {
        let _stop = StopOnDrop(&stop);
        scope.spawn(|| {
            // Bounded, whatever happens to the rounds.
            for _ in 0..100_000 {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let complaint = serde_json::json!({
                    "organization": "demo", "channel": "corruption", "category": "bribery",
                    "subject": "เรียกรับสินบน", "details": "มีการเรียกเงินก่อนตรวจรับงาน",
                });
                let (status, body) = server.post_json("/api/v1/complaints", &complaint.to_string());
                assert_eq!(status, 201, "{body}");
                filed.fetch_add(1, Ordering::Relaxed);
            }
        });
        for round in 0..3 {
            let archive = place.path(&format!("during-{round}.tar.gz"));
            let output = place.back_up(&url("source.db"), &archive);
            assert!(output.status.success(), "{}", text(&output.stderr));
            let target = url(&format!("target-{round}.db"));
            let output = restore(&target, &archive, &place.path(&format!("files-{round}")));
            assert!(output.status.success(), "{}", text(&output.stderr));
        }
    });
    assert!(filed.load(Ordering::Relaxed) > 0);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let last = runtime.block_on(tables(&url("target-2.db")));
    assert!(!last["complaints"].is_empty());
    assert!(!last["complaint_key_grants"].is_empty());
}
