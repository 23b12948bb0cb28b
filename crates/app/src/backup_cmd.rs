//! `sujarit backup --output FILE [--files DIR] [--key-file FILE]`: a
//! consistent copy of a running installation in one file (see `archive.rs`).
//!
//! The database is read first, in one snapshot (`sujarit_store::backup`),
//! then the files folder: stored files never change under their name, so a
//! file the snapshot refers to is still there unless its record was removed
//! since (a file that vanishes during the walk is skipped). The archive is
//! written to a temporary file beside FILE, synced and renamed, so FILE is
//! either the whole backup or untouched. The key file is never included,
//! even when it lies in the files folder.
//!
//! Exit codes: 0 done, 2 refused (nothing written), 1 any other failure.

use crate::archive::{self, Entry, Hashing, Manifest};
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use sujarit_service::wording::Thai;
use sujarit_store::backup::{self, DumpError};

pub struct Args<'a> {
    pub database: &'a str,
    pub output: PathBuf,
    pub files: PathBuf,
    pub key_file: PathBuf,
}

pub async fn run(args: Args<'_>) -> ExitCode {
    match backup_to(&args).await {
        Ok(summary) => {
            println!(
                "สำรองข้อมูลไว้ที่ {} แล้ว: ฐานข้อมูล {} ({} ตาราง {} แถว, โครงสร้างรุ่น {}) และไฟล์ที่เก็บไว้ {} ไฟล์ รวม {} ไบต์",
                args.output.display(),
                archive::kind_name(&summary.database),
                summary.tables,
                summary.rows,
                summary.schema_version,
                summary.files,
                summary.bytes
            );
            println!(
                "ไฟล์กุญแจ ({}) ไม่อยู่ในไฟล์สำรองนี้: สำรองไฟล์กุญแจแยกไว้ต่างหาก \
                 ถ้าไม่มีไฟล์กุญแจ ข้อมูลติดต่อของผู้ร้องเรียนที่เข้ารหัสไว้จะเปิดไม่ได้อีก",
                args.key_file.display()
            );
            ExitCode::SUCCESS
        }
        Err(Failure::Refused(message)) => {
            eprintln!("ข้อผิดพลาด: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Failed(message)) => {
            eprintln!("ข้อผิดพลาด: {message}");
            ExitCode::from(1)
        }
    }
}

/// A refusal (the operator's to fix) or a failure (the machine's).
enum Failure {
    Refused(String),
    Failed(String),
}

struct Summary {
    database: String,
    schema_version: i64,
    tables: usize,
    rows: u64,
    files: usize,
    bytes: u64,
}

async fn backup_to(args: &Args<'_>) -> Result<Summary, Failure> {
    let failed = |e: &dyn std::fmt::Display| Failure::Failed(e.to_string());
    let store = sujarit_store::connect_sql(args.database)
        .await
        .map_err(|e| failed(&Thai(e)))?;
    let kind = backup::database_kind(&store).to_string();
    let latest = backup::latest_schema_version(&kind).unwrap_or(0);
    let schema_version = match backup::schema_version(&store).await {
        Ok(Some(version)) => version,
        Ok(None) => {
            return Err(Failure::Refused(
                "ฐานข้อมูลนี้ยังไม่มีโครงสร้างของ Sujarit (ยังไม่เคย migrate) จึงไม่มีอะไรให้สำรอง".into(),
            ));
        }
        Err(e) => return Err(failed(&Thai(e))),
    };
    if schema_version != latest {
        return Err(Failure::Refused(format!(
            "โครงสร้างฐานข้อมูลเป็นรุ่น {schema_version} แต่ Sujarit รุ่นนี้ใช้รุ่น {latest}: \
             สำรองด้วย Sujarit รุ่นเดียวกับที่ใช้งานฐานข้อมูลนี้อยู่"
        )));
    }

    let created = time::OffsetDateTime::now_utc();
    let mtime = created.unix_timestamp().max(0) as u64;
    let temporary = temporary_beside(&args.output);
    let outcome = write_archive(
        &store,
        args,
        &temporary,
        ArchiveInfo {
            kind: kind.clone(),
            schema_version,
            created,
            mtime,
        },
    )
    .await;
    match outcome {
        Ok(summary) => {
            std::fs::rename(&temporary, &args.output).map_err(|e| {
                let _ = std::fs::remove_file(&temporary);
                Failure::Failed(format!(
                    "บันทึกไฟล์สำรอง {} ไม่สำเร็จ: {e}",
                    args.output.display()
                ))
            })?;
            Ok(summary)
        }
        Err(failure) => {
            let _ = std::fs::remove_file(&temporary);
            Err(failure)
        }
    }
}

struct ArchiveInfo {
    kind: String,
    schema_version: i64,
    created: time::OffsetDateTime,
    mtime: u64,
}

fn temporary_beside(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".into());
    output.with_file_name(format!(".{name}.{}.partial", std::process::id()))
}

async fn write_archive(
    store: &sujarit_store::SqlStore,
    args: &Args<'_>,
    temporary: &Path,
    info: ArchiveInfo,
) -> Result<Summary, Failure> {
    let writing = |e: io::Error| {
        Failure::Failed(format!(
            "เขียนไฟล์สำรอง {} ไม่สำเร็จ: {e}",
            args.output.display()
        ))
    };
    // Owner-only from the first byte: the archive holds password hashes,
    // second-factor secrets and every sealed record.
    let file = {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(temporary).map_err(writing)?
    };
    let gzip = flate2::write::GzEncoder::new(BufWriter::new(file), flate2::Compression::default());
    let mut tar = tar::Builder::new(gzip);
    let mut entries = Vec::new();

    let stored_files = stored_files(&args.files, &args.key_file).map_err(|e| {
        Failure::Failed(format!(
            "อ่านโฟลเดอร์ไฟล์ {} ไม่สำเร็จ: {e}",
            args.files.display()
        ))
    })?;
    let bar = archive::progress_steps("ตารางที่อ่านแล้ว");
    let mut rows = 0;
    let counts = backup::dump(store, &mut |table| {
        let name = archive::table_entry_name(&table.name);
        archive::append_bytes(&mut tar, &name, &table.json_lines, info.mtime)?;
        rows += table.rows;
        entries.push(Entry {
            name,
            size: table.json_lines.len() as u64,
            sha256: archive::sha256_hex(&table.json_lines),
            rows: Some(table.rows),
        });
        bar.inc(1);
        Ok(())
    })
    .await
    .map_err(|e| match e {
        DumpError::Write(e) => writing(e),
        DumpError::Store(e) => Failure::Failed(Thai(e).to_string()),
    })?;

    bar.finish_and_clear();
    let total_bytes = stored_files
        .iter()
        .filter_map(|(_, path)| std::fs::metadata(path).ok())
        .map(|m| m.len())
        .sum();
    let bar = archive::progress_bytes(total_bytes, "ไฟล์ที่เก็บไว้");
    let mut files = 0;
    for (relative, path) in &stored_files {
        let file = match File::open(path) {
            Ok(file) => file,
            // Removed since the walk (its record went first): not needed.
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(Failure::Failed(format!(
                    "อ่านไฟล์ {} ไม่สำเร็จ: {e}",
                    path.display()
                )));
            }
        };
        let size = file.metadata().map_err(writing)?.len();
        let name = format!("{}{relative}", archive::FILES_PREFIX);
        let mut reader = Hashing::new(bar.wrap_read(file.take(size)));
        let mut header = archive::header(size, info.mtime);
        tar.append_data(&mut header, &name, &mut reader)
            .map_err(writing)?;
        let (read, sha256) = reader.finish();
        entries.push(Entry {
            name,
            size: read,
            sha256,
            rows: None,
        });
        files += 1;
    }
    bar.finish_and_clear();

    let manifest = Manifest {
        format: archive::FORMAT.into(),
        format_version: archive::FORMAT_VERSION,
        sujarit_version: env!("CARGO_PKG_VERSION").into(),
        schema_version: info.schema_version,
        database: info.kind.clone(),
        created_at: info
            .created
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        entries,
    };
    let manifest_bytes =
        serde_json::to_vec_pretty(&manifest).map_err(|e| writing(io::Error::other(e)))?;
    archive::append_bytes(&mut tar, archive::MANIFEST, &manifest_bytes, info.mtime)
        .map_err(writing)?;
    let gzip = tar.into_inner().map_err(writing)?;
    let mut buffered = gzip.finish().map_err(writing)?;
    buffered.flush().map_err(writing)?;
    let file = buffered.into_inner().map_err(|e| writing(e.into_error()))?;
    file.sync_all().map_err(writing)?;
    let bytes = file.metadata().map_err(writing)?.len();
    Ok(Summary {
        database: info.kind,
        schema_version: info.schema_version,
        tables: counts.len(),
        rows,
        files,
        bytes,
    })
}

/// Every regular file under `root` as (path relative to it with `/`, path),
/// sorted; upload leftovers (`.upload-*.part`) and the key file skipped. A
/// missing folder holds no files.
fn stored_files(root: &Path, key_file: &Path) -> io::Result<Vec<(String, PathBuf)>> {
    let key_file = std::fs::canonicalize(key_file).ok();
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let listing = match std::fs::read_dir(&folder) {
            Ok(listing) => listing,
            Err(e) if e.kind() == io::ErrorKind::NotFound && folder == root => continue,
            Err(e) => return Err(e),
        };
        for entry in listing {
            let entry = entry?;
            let path = entry.path();
            let kind = entry.file_type()?;
            if kind.is_dir() {
                folders.push(path);
                continue;
            }
            if !kind.is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            if sujarit_store::files::is_unfinished_upload(&name) {
                continue;
            }
            if key_file.is_some() && std::fs::canonicalize(&path).ok() == key_file {
                continue;
            }
            let Ok(relative) = path.strip_prefix(root) else {
                continue;
            };
            let relative: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let relative = relative.join("/");
            // Only what the file store itself writes (`ab/ab…`, 64 hex
            // digits): a key file or anything else someone put in the
            // folder stays out, whatever --key-file says.
            if !archive::is_stored_file_name(&relative) {
                continue;
            }
            found.push((relative, path));
        }
    }
    found.sort();
    Ok(found)
}
