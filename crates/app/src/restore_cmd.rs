//! `sujarit restore FILE [--files DIR]`: puts a backup (`archive.rs`) into an
//! empty database (`--database`) and an empty or missing files folder.
//!
//! Two passes over FILE. The first reads it whole and checks it before
//! anything is touched: a gzip'd tar with our manifest (else: not a Sujarit
//! backup), a format and schema this binary knows (else: newer or older),
//! and every entry present with the size and SHA-256 the manifest gives
//! (else: damaged, e.g. truncated or a byte changed). Then the target: the
//! same kind of database, holding no row, and a files folder that is empty
//! or missing. The second pass loads every table in one transaction and
//! writes the files into a temporary folder beside DIR, checking each entry
//! again; only when all of it is in does the transaction commit and the
//! folder take DIR's name. On any refusal or failure the transaction rolls
//! back and the temporary folder is removed: nothing is half-written.
//!
//! The key file is not in the backup: put it back apart (README).
//!
//! Exit codes: 0 done, 2 refused (nothing written), 1 any other failure.

use crate::archive::{self, Entry, FormatOnly, Hashing, Manifest};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use sujarit_service::wording::Thai;
use sujarit_store::PlanStore;
use sujarit_store::backup::{self, LoadError};

pub struct Args<'a> {
    pub database: &'a str,
    pub file: PathBuf,
    pub files: PathBuf,
}

pub async fn run(args: Args<'_>) -> ExitCode {
    match restore(&args).await {
        Ok(summary) => {
            println!(
                "กู้คืนจาก {} แล้ว: {} ตาราง {} แถว และไฟล์ {} ไฟล์ใน {} (สำรองไว้เมื่อ {})",
                args.file.display(),
                summary.tables,
                summary.rows,
                summary.files,
                args.files.display(),
                summary.created_at
            );
            println!("ไฟล์กุญแจไม่อยู่ในไฟล์สำรอง: นำไฟล์กุญแจที่สำรองแยกไว้มาวางตาม --key-file ก่อนเริ่มระบบ");
            ExitCode::SUCCESS
        }
        Err(Failure::Refused(message)) => {
            eprintln!("ข้อผิดพลาด: {message} ไม่ได้เขียนสิ่งใดลงฐานข้อมูลหรือโฟลเดอร์ไฟล์");
            ExitCode::from(2)
        }
        Err(Failure::Failed(message)) => {
            eprintln!("ข้อผิดพลาด: {message} ไม่ได้เขียนสิ่งใดลงฐานข้อมูลหรือโฟลเดอร์ไฟล์");
            ExitCode::from(1)
        }
        Err(Failure::FilesNotPlaced(message)) => {
            eprintln!("ข้อผิดพลาด: {message}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    /// The operator's to fix; nothing written.
    Refused(String),
    /// The machine's; nothing written.
    Failed(String),
    /// The database is restored but the files are still in their temporary
    /// folder.
    FilesNotPlaced(String),
}

struct Summary {
    tables: usize,
    rows: u64,
    files: usize,
    created_at: String,
}

fn damaged(file: &Path, what: impl std::fmt::Display) -> Failure {
    Failure::Refused(format!(
        "ไฟล์สำรอง {} เสียหาย ({what}): ใช้ไฟล์สำรองชุดอื่น",
        file.display()
    ))
}

fn foreign(file: &Path) -> Failure {
    Failure::Refused(format!(
        "ไฟล์ {} ไม่ใช่ไฟล์สำรองของ Sujarit (สร้างด้วยคำสั่ง sujarit backup)",
        file.display()
    ))
}

async fn restore(args: &Args<'_>) -> Result<Summary, Failure> {
    let manifest = check_archive(&args.file)?;
    check_files_folder(&args.files)?;

    // Before connecting, which would create a missing SQLite file.
    let kind = sujarit_store::database_kind_of(args.database)
        .map_err(|e| Failure::Refused(Thai(e).to_string()))?;
    if kind != manifest.database {
        return Err(Failure::Refused(format!(
            "ไฟล์สำรองนี้มาจากฐานข้อมูล {} กู้คืนได้เฉพาะลงฐานข้อมูล {} (--database ชี้ไปที่ {})",
            archive::kind_name(&manifest.database),
            archive::kind_name(&manifest.database),
            archive::kind_name(kind)
        )));
    }
    let store = sujarit_store::connect_sql(args.database)
        .await
        .map_err(|e| Failure::Failed(Thai(e).to_string()))?;
    // Before migrating: a database with rows is refused as it is.
    refuse_rows(backup::first_table_with_rows(&store).await)?;
    store
        .migrate()
        .await
        .map_err(|e| Failure::Failed(Thai(e).to_string()))?;
    let mut load = backup::begin_load(&store).await.map_err(load_failure)?;

    let temporary = temporary_folder(&args.files);
    let outcome = load_archive(args, &manifest, &mut load, &temporary).await;
    let outcome = match outcome {
        Ok(summary) => load.commit().await.map_err(load_failure).map(|()| summary),
        Err(failure) => {
            let _ = load.rollback().await;
            Err(failure)
        }
    };
    match outcome {
        Ok(summary) => {
            place_files_folder(&temporary, &args.files)?;
            Ok(summary)
        }
        Err(failure) => {
            let _ = std::fs::remove_dir_all(&temporary);
            Err(failure)
        }
    }
}

fn refuse_rows(outcome: sujarit_store::Result<Option<String>>) -> Result<(), Failure> {
    match outcome {
        Ok(None) => Ok(()),
        Ok(Some(table)) => Err(not_empty(&table)),
        Err(e) => Err(Failure::Failed(Thai(e).to_string())),
    }
}

fn not_empty(table: &str) -> Failure {
    Failure::Refused(format!(
        "ฐานข้อมูลปลายทางไม่ว่าง (ตาราง {table} มีข้อมูลอยู่แล้ว): กู้คืนได้เฉพาะลงฐานข้อมูลว่าง \
         สร้างฐานข้อมูลใหม่แล้วชี้ --database ไปที่ฐานข้อมูลนั้น"
    ))
}

fn load_failure(error: LoadError) -> Failure {
    match error {
        LoadError::NotEmpty { table } => not_empty(&table),
        LoadError::UnknownTable(table) => {
            Failure::Refused(format!("ไฟล์สำรองมีตาราง {table} ที่ฐานข้อมูลรุ่นนี้ไม่มี"))
        }
        LoadError::BadRow {
            table,
            line,
            reason,
        } => Failure::Refused(format!(
            "บันทึกตาราง {table} แถวที่ {line} จากไฟล์สำรองไม่ได้ ({reason})"
        )),
        LoadError::Store(e) => Failure::Failed(Thai(e).to_string()),
    }
}

/// The first pass: the whole file read and checked; its manifest.
fn check_archive(file: &Path) -> Result<Manifest, Failure> {
    let opened = File::open(file)
        .map_err(|e| Failure::Refused(format!("เปิดไฟล์สำรอง {} ไม่ได้: {e}", file.display())))?;
    let mut reader = BufReader::new(opened);
    let mut magic = [0u8; 2];
    if reader.read_exact(&mut magic).is_err() || magic != [0x1f, 0x8b] {
        return Err(foreign(file));
    }
    let (bar, mut tar) = open_archive(file, "ตรวจไฟล์สำรอง")?;
    let mut seen: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let mut manifest_bytes = None;
    for entry in tar.entries().map_err(|e| damaged(file, e))? {
        let entry = entry.map_err(|e| damaged(file, e))?;
        let name = entry_name(&entry).ok_or_else(|| foreign(file))?;
        if name == archive::MANIFEST {
            let mut bytes = Vec::new();
            entry
                .take(archive::MAX_MANIFEST_BYTES)
                .read_to_end(&mut bytes)
                .map_err(|e| damaged(file, e))?;
            manifest_bytes = Some(bytes);
            continue;
        }
        let mut hashing = Hashing::new(entry);
        io::copy(&mut hashing, &mut io::sink()).map_err(|e| damaged(file, e))?;
        if seen.insert(name.clone(), hashing.finish()).is_some() {
            return Err(damaged(file, format!("{name} ซ้ำ")));
        }
    }
    bar.finish_and_clear();
    let manifest_bytes = manifest_bytes.ok_or_else(|| foreign(file))?;
    let format: FormatOnly = serde_json::from_slice(&manifest_bytes).map_err(|_| foreign(file))?;
    if format.format != archive::FORMAT {
        return Err(foreign(file));
    }
    if format.format_version > archive::FORMAT_VERSION {
        return Err(Failure::Refused(format!(
            "ไฟล์สำรอง {} เป็นรูปแบบรุ่น {} ซึ่งใหม่กว่าที่ Sujarit รุ่นนี้อ่านได้ (รุ่น {}): \
             กู้คืนด้วย Sujarit รุ่นที่ใหม่กว่า",
            file.display(),
            format.format_version,
            archive::FORMAT_VERSION
        )));
    }
    let manifest: Manifest =
        serde_json::from_slice(&manifest_bytes).map_err(|e| damaged(file, e))?;
    let Some(latest) = backup::latest_schema_version(&manifest.database) else {
        return Err(foreign(file));
    };
    if manifest.schema_version > latest {
        return Err(Failure::Refused(format!(
            "ไฟล์สำรอง {} ทำจากฐานข้อมูลโครงสร้างรุ่น {} ซึ่งใหม่กว่า Sujarit รุ่นนี้ (รุ่น {latest}): \
             กู้คืนด้วย Sujarit รุ่นที่ใหม่กว่า",
            file.display(),
            manifest.schema_version
        )));
    }
    if manifest.schema_version < latest {
        return Err(Failure::Refused(format!(
            "ไฟล์สำรอง {} ทำจากฐานข้อมูลโครงสร้างรุ่น {} แต่ Sujarit รุ่นนี้ใช้รุ่น {latest}: \
             กู้คืนด้วย Sujarit รุ่นที่ทำไฟล์สำรอง ({}) แล้วจึงเริ่มรุ่นใหม่กับฐานข้อมูลนั้น",
            file.display(),
            manifest.schema_version,
            manifest.sujarit_version
        )));
    }
    for entry in &manifest.entries {
        let Some((size, sha256)) = seen.remove(&entry.name) else {
            return Err(damaged(file, format!("ไม่มี {}", entry.name)));
        };
        if size != entry.size || sha256 != entry.sha256 {
            return Err(damaged(
                file,
                format!("{} ไม่ตรงกับค่าตรวจสอบ SHA-256", entry.name),
            ));
        }
        if archive::table_of(&entry.name).is_none() && files_path(&entry.name).is_none() {
            return Err(damaged(file, format!("ชื่อ {} ใช้ไม่ได้", entry.name)));
        }
    }
    if let Some(extra) = seen.keys().next() {
        return Err(damaged(file, format!("มี {extra} ที่ไม่อยู่ในรายการ")));
    }
    Ok(manifest)
}

/// The archive as a tar over gzip, with a progress bar over its bytes.
fn open_archive(
    file: &Path,
    message: &'static str,
) -> Result<(indicatif::ProgressBar, tar::Archive<impl Read>), Failure> {
    let opened = File::open(file).map_err(|e| damaged(file, e))?;
    let size = opened.metadata().map_err(|e| damaged(file, e))?.len();
    let bar = archive::progress_bytes(size, message);
    let reader = BufReader::new(bar.wrap_read(opened));
    Ok((bar, tar::Archive::new(flate2::read::GzDecoder::new(reader))))
}

fn entry_name<R: Read>(entry: &tar::Entry<'_, R>) -> Option<String> {
    let path = entry.path().ok()?;
    Some(path.to_str()?.to_string())
}

/// The path under the files folder an entry names: `files/` then plain
/// components only (no `..`, no root), so nothing lands outside it.
fn files_path(name: &str) -> Option<PathBuf> {
    let stored = name.strip_prefix(archive::FILES_PREFIX)?;
    if !archive::is_stored_file_name(stored) {
        return None;
    }
    let relative = Path::new(stored);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    (plain && relative.components().next().is_some()).then(|| relative.to_path_buf())
}

/// The files folder must be missing or empty.
fn check_files_folder(folder: &Path) -> Result<(), Failure> {
    match std::fs::read_dir(folder).map(|mut listing| listing.next().is_none()) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Failure::Refused(format!(
            "อ่านโฟลเดอร์ไฟล์ {} ไม่ได้: {e}",
            folder.display()
        ))),
        Ok(true) => Ok(()),
        Ok(false) => Err(Failure::Refused(format!(
            "โฟลเดอร์ไฟล์ {} ไม่ว่าง: กู้คืนได้เฉพาะลงโฟลเดอร์ว่างหรือที่ยังไม่มี (ระบุด้วย --files)",
            folder.display()
        ))),
    }
}

fn temporary_folder(folder: &Path) -> PathBuf {
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "files".into());
    folder.with_file_name(format!(".{name}.restore-{}", std::process::id()))
}

/// The second pass: tables into the transaction, files into `temporary`,
/// each entry checked against the manifest again.
async fn load_archive(
    args: &Args<'_>,
    manifest: &Manifest,
    load: &mut backup::Load,
    temporary: &Path,
) -> Result<Summary, Failure> {
    let file = &args.file;
    let writing =
        |e: io::Error| Failure::Failed(format!("เขียนไฟล์ลง {} ไม่สำเร็จ: {e}", temporary.display()));
    std::fs::create_dir_all(temporary).map_err(writing)?;
    let expected: BTreeMap<&str, &Entry> = manifest
        .entries
        .iter()
        .map(|e| (e.name.as_str(), e))
        .collect();
    let (bar, mut tar) = open_archive(file, "กู้คืน")?;
    let (mut tables, mut rows, mut files) = (0, 0, 0);
    for entry in tar.entries().map_err(|e| damaged(file, e))? {
        let entry = entry.map_err(|e| damaged(file, e))?;
        let name = entry_name(&entry).ok_or_else(|| foreign(file))?;
        if name == archive::MANIFEST {
            continue;
        }
        let Some(wanted) = expected.get(name.as_str()) else {
            return Err(damaged(file, format!("มี {name} ที่ไม่อยู่ในรายการ")));
        };
        let mismatch = || damaged(file, format!("{name} ไม่ตรงกับค่าตรวจสอบ SHA-256"));
        if let Some(table) = archive::table_of(&name) {
            let mut bytes = Vec::new();
            let mut hashing = Hashing::new(entry);
            hashing
                .read_to_end(&mut bytes)
                .map_err(|e| damaged(file, e))?;
            if hashing.finish() != (wanted.size, wanted.sha256.clone()) {
                return Err(mismatch());
            }
            rows += load.table(table, &bytes).await.map_err(load_failure)?;
            tables += 1;
        } else if let Some(relative) = files_path(&name) {
            let target = temporary.join(relative);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(writing)?;
            }
            let mut out = File::create(&target).map_err(writing)?;
            let mut hashing = Hashing::new(entry);
            io::copy(&mut hashing, &mut out).map_err(|e| damaged(file, e))?;
            out.sync_all().map_err(writing)?;
            if hashing.finish() != (wanted.size, wanted.sha256.clone()) {
                return Err(mismatch());
            }
            files += 1;
        } else {
            return Err(damaged(file, format!("ชื่อ {name} ใช้ไม่ได้")));
        }
    }
    bar.finish_and_clear();
    if tables + files != manifest.entries.len() {
        return Err(damaged(file, "บางรายการหายไป"));
    }
    Ok(Summary {
        tables,
        rows,
        files,
        created_at: manifest.created_at.clone(),
    })
}

/// Gives the restored files their folder's name (an empty folder there is
/// replaced).
fn place_files_folder(temporary: &Path, folder: &Path) -> Result<(), Failure> {
    if folder.is_dir() {
        let _ = std::fs::remove_dir(folder);
    }
    std::fs::rename(temporary, folder).map_err(|e| {
        Failure::FilesNotPlaced(format!(
            "ฐานข้อมูลกู้คืนแล้ว แต่ย้ายไฟล์จาก {} ไปที่ {} ไม่สำเร็จ ({e}): ย้ายโฟลเดอร์นั้นเอง",
            temporary.display(),
            folder.display()
        ))
    })
}
