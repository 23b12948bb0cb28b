//! The backup archive that `sujarit backup` writes and `sujarit restore`
//! reads: one gzip-compressed tar file holding
//!
//! * `database/<table>.jsonl`: every table, one JSON object per row, in the
//!   order their foreign keys need (`sujarit_store::backup`);
//! * `files/<path>`: every stored file (evidence, attachments, disclosures)
//!   under its path in the files folder;
//! * `manifest.json`, last: the format's name and version, Sujarit's version,
//!   the schema's migration version, the database kind, when it was made, and
//!   every entry above with its size and SHA-256.
//!
//! Never the key file: it is backed up apart (README, "Backup and restore").

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{self, IsTerminal, Read, Write};

/// What `manifest.json` says this file is.
pub const FORMAT: &str = "sujarit-backup";
/// The newest layout this binary writes and reads.
pub const FORMAT_VERSION: u32 = 1;
pub const MANIFEST: &str = "manifest.json";
pub const DATABASE_PREFIX: &str = "database/";
pub const TABLE_SUFFIX: &str = ".jsonl";
pub const FILES_PREFIX: &str = "files/";

/// Whether `relative` is a name the file store writes: two hex digits, a
/// slash, then 64 lower-case hex digits starting with those two.
pub fn is_stored_file_name(relative: &str) -> bool {
    let Some((folder, name)) = relative.split_once('/') else {
        return false;
    };
    let hex = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    folder.len() == 2 && name.len() == 64 && hex(name) && name.starts_with(folder)
}

/// The largest manifest read (a million entries fit well under it).
pub const MAX_MANIFEST_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub sujarit_version: String,
    pub schema_version: i64,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub entries: Vec<Entry>,
}

/// Only the format's name and version, read first: a newer format may have
/// changed everything else.
#[derive(Debug, Deserialize)]
pub struct FormatOnly {
    pub format: String,
    pub format_version: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub name: String,
    pub size: u64,
    pub sha256: String,
    /// A table's row count (none for a file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
}

pub fn table_entry_name(table: &str) -> String {
    format!("{DATABASE_PREFIX}{table}{TABLE_SUFFIX}")
}

/// The table an entry holds, if it is a table.
pub fn table_of(name: &str) -> Option<&str> {
    name.strip_prefix(DATABASE_PREFIX)?
        .strip_suffix(TABLE_SUFFIX)
        .filter(|t| !t.is_empty() && !t.contains('/'))
}

/// A reader that hashes and counts what passes through it.
pub struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R> Hashing<R> {
    pub fn new(inner: R) -> Self {
        Hashing {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// (size, hex SHA-256) of everything read.
    pub fn finish(self) -> (u64, String) {
        (self.bytes, hex::encode(self.hasher.finalize()))
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A progress bar over `total_bytes` on standard error when it is a
/// terminal; hidden otherwise (a cron job's log gets the summary lines only).
pub fn progress_bytes(total_bytes: u64, message: &'static str) -> indicatif::ProgressBar {
    shown(
        || indicatif::ProgressBar::new(total_bytes),
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({elapsed})",
        message,
    )
}

/// A counter of steps whose number is not known beforehand (tables read).
pub fn progress_steps(message: &'static str) -> indicatif::ProgressBar {
    shown(
        indicatif::ProgressBar::new_spinner,
        "{spinner} {msg} {pos} ({elapsed})",
        message,
    )
}

fn shown(
    bar: impl FnOnce() -> indicatif::ProgressBar,
    template: &str,
    message: &'static str,
) -> indicatif::ProgressBar {
    if !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = bar();
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message);
    bar
}

/// Writes `bytes` as the entry `name` (owner-only, dated `mtime`).
pub fn append_bytes<W: Write>(
    tar: &mut tar::Builder<W>,
    name: &str,
    bytes: &[u8],
    mtime: u64,
) -> io::Result<()> {
    let mut header = header(bytes.len() as u64, mtime);
    tar.append_data(&mut header, name, bytes)
}

pub fn header(size: u64, mtime: u64) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.set_size(size);
    header.set_mode(0o600);
    header.set_mtime(mtime);
    header.set_entry_type(tar::EntryType::Regular);
    header
}

/// The Thai name of a database kind, for messages.
pub fn kind_name(kind: &str) -> &str {
    match kind {
        "sqlite" => "SQLite",
        "postgres" => "PostgreSQL",
        other => other,
    }
}
