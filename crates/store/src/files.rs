//! Evidence files on disk: a content-addressed store (`<root>/ab/abcdef…`, the
//! name being the hex SHA-256 of the bytes) in a configurable directory.
//!
//! An upload is streamed into a temporary file in the root directory, hashed
//! and size-checked on the way, its type detected from the content, then
//! fsynced and renamed into place and the directory fsynced: a crash leaves
//! either the whole file under its name or no file under it, never half of
//! one (at worst a `.upload-*.part` file, see
//! [`FileStore::remove_leftover_uploads`]). The same content uploaded twice is
//! stored once.
//!
//! Accepted by content: PDF, JPEG, PNG, WebP, Word/Excel/PowerPoint (OOXML,
//! checked inside the zip), OpenDocument text/spreadsheet/presentation, and
//! the old Word/Excel formats. Anything else, and a file whose name claims
//! another type than its content (an `.exe` or HTML page named `.pdf`), is
//! refused with a Thai message naming the file.

use sha2::{Digest, Sha256};
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;
pub use sujarit_core::files::{ACCEPTED, FileKind, FileRefusal, kind_of_media_type, size_text};
use sujarit_core::files::{Content, DOCX, ODP, ODS, ODT, PPTX, UNNAMED, XLSX};
use sujarit_core::progress::Evidence;
use tokio::io::AsyncWriteExt;

/// Where evidence is kept unless configured otherwise.
pub const DEFAULT_DIR: &str = "./sujarit-files";

/// The largest file accepted unless configured otherwise: 20 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1024 * 1024;

/// Bytes kept from the start of an upload for type detection.
const HEAD_BYTES: usize = 8 * 1024;

/// Longest file name kept, in characters.
const MAX_NAME_CHARS: usize = 200;

const PART_PREFIX: &str = ".upload-";
const PART_SUFFIX: &str = ".part";

/// Whether a file name in the files folder is an unfinished upload (not a
/// stored file: backups leave it out).
pub fn is_unfinished_upload(name: &str) -> bool {
    name.starts_with(PART_PREFIX) && name.ends_with(PART_SUFFIX)
}

/// Why a file was not stored.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file itself is unacceptable (type, name, empty): the uploader's
    /// to fix, worded by core.
    #[error("{0}")]
    Refused(#[from] FileRefusal),
    /// Larger than the limit; detected while streaming, nothing was kept.
    #[error("{}", too_large(file_name, *limit_bytes))]
    TooLarge { file_name: String, limit_bytes: u64 },
    /// The disk failed us: the server's problem, not the uploader's.
    #[error("storing a file failed: {0}")]
    Io(#[from] io::Error),
}

fn too_large(file_name: &str, limit_bytes: u64) -> FileRefusal {
    FileRefusal::TooLarge {
        file_name: file_name.to_string(),
        limit_bytes,
    }
}

impl FileError {
    /// Whether the uploader caused it (a 4xx), rather than the server (a 5xx).
    pub fn is_uploader_error(&self) -> bool {
        !matches!(self, FileError::Io(_))
    }
}

/// The content-addressed file store.
#[derive(Clone, Debug)]
pub struct FileStore {
    root: PathBuf,
    max_bytes: u64,
}

impl Default for FileStore {
    fn default() -> Self {
        FileStore::new(DEFAULT_DIR)
    }
}

impl FileStore {
    /// A store in `root` (created on the first upload) with the default size limit.
    pub fn new(root: impl Into<PathBuf>) -> FileStore {
        FileStore {
            root: root.into(),
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }

    pub fn with_max_bytes(mut self, max_bytes: u64) -> FileStore {
        self.max_bytes = max_bytes;
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// A new temporary file in the root, named so that
    /// [`FileStore::remove_leftover_uploads`] finds it after a crash.
    async fn new_part(&self) -> io::Result<(PathBuf, tokio::fs::File)> {
        tokio::fs::create_dir_all(&self.root).await?;
        let part = self.root.join(format!(
            "{PART_PREFIX}{}{PART_SUFFIX}",
            uuid::Uuid::new_v4().simple()
        ));
        let file = tokio::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&part)
            .await?;
        Ok((part, file))
    }

    /// Starts a file received to be processed before it is stored (a
    /// complainant's attachment, cleaned and maybe sealed first): its bytes
    /// go to disk as they arrive, never all into memory.
    pub async fn spool(&self, file_name: &str) -> Result<Spool, FileError> {
        let (part, file) = self.new_part().await?;
        Ok(Spool {
            file_name: file_name.to_string(),
            max_bytes: self.max_bytes,
            part: Some(part),
            file,
            size: 0,
        })
    }

    /// Starts an upload of a file the user named `file_name`.
    pub async fn begin(&self, file_name: &str) -> Result<Upload, FileError> {
        let (part, file) = self.new_part().await?;
        Ok(Upload {
            store: self.clone(),
            file_name: clean_file_name(file_name),
            part: Some(part),
            file: Some(file),
            hasher: Sha256::new(),
            size: 0,
            head: Vec::with_capacity(HEAD_BYTES),
        })
    }

    /// Stores bytes already in memory (tests, the CLI, the demo).
    pub async fn save(
        &self,
        file_name: &str,
        bytes: &[u8],
        uploaded_by: &str,
    ) -> Result<Evidence, FileError> {
        let mut upload = self.begin(file_name).await?;
        for chunk in bytes.chunks(64 * 1024) {
            upload.write(chunk).await?;
        }
        upload.finish(uploaded_by).await
    }

    /// Stores bytes whose type was checked by the caller before they were
    /// sealed (a corruption report's attachments: only ciphertext touches the
    /// disk). Content-addressed and atomic like every other file; returns the
    /// SHA-256 of what was stored.
    pub async fn save_opaque(&self, bytes: &[u8]) -> Result<String, FileError> {
        if bytes.len() as u64 > self.max_bytes + 1024 {
            return Err(FileError::TooLarge {
                file_name: String::new(),
                limit_bytes: self.max_bytes,
            });
        }
        tokio::fs::create_dir_all(&self.root).await?;
        let sha256 = hex::encode(Sha256::digest(bytes));
        let target = self
            .path_of(&sha256)
            .expect("a SHA-256 in hex is a valid name");
        if tokio::fs::try_exists(&target).await? {
            touch(&target).await?;
            return Ok(sha256);
        }
        let dir = target.parent().expect("stored files sit in a subdirectory");
        let new_dir = !tokio::fs::try_exists(dir).await?;
        tokio::fs::create_dir_all(dir).await?;
        if new_dir {
            sync_dir(self.root.clone()).await?;
        }
        let (part, mut file) = self.new_part().await?;
        file.write_all(bytes).await?;
        file.sync_all().await?;
        drop(file);
        tokio::fs::rename(&part, &target).await?;
        sync_dir(dir.to_path_buf()).await?;
        Ok(sha256)
    }

    /// Where the file with this SHA-256 lives; None for anything that is not
    /// a SHA-256 in hex (so no caller can reach outside the store).
    pub fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        let valid = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
        valid.then(|| {
            let sha256 = sha256.to_ascii_lowercase();
            self.root.join(&sha256[..2]).join(sha256)
        })
    }

    /// The bytes of a stored file (at most the size limit, so reading them
    /// whole is fine); None if there is no such file.
    pub async fn read(&self, sha256: &str) -> Result<Option<Vec<u8>>, FileError> {
        let Some(path) = self.path_of(sha256) else {
            return Ok(None);
        };
        match tokio::fs::read(path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Removes unfinished uploads older than `older_than` (left by a crash)
    /// and returns how many. Younger ones may still be in progress.
    pub async fn remove_leftover_uploads(&self, older_than: Duration) -> io::Result<usize> {
        let mut entries = match tokio::fs::read_dir(&self.root).await {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        let mut removed = 0;
        while let Some(entry) = entries.next_entry().await? {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with(PART_PREFIX) && name.ends_with(PART_SUFFIX)) {
                continue;
            }
            let age = entry
                .metadata()
                .await?
                .modified()?
                .elapsed()
                .unwrap_or_default();
            if age >= older_than {
                tokio::fs::remove_file(entry.path()).await?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

/// A file being received for processing, on disk in a temporary file that
/// is removed when the spool is dropped.
#[derive(Debug)]
pub struct Spool {
    file_name: String,
    max_bytes: u64,
    part: Option<PathBuf>,
    file: tokio::fs::File,
    size: u64,
}

impl Spool {
    /// The name the sender gave the file.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// Bytes received so far.
    pub fn len(&self) -> u64 {
        self.size
    }

    pub fn is_empty(&self) -> bool {
        self.size == 0
    }

    /// Appends a chunk; past the store's size limit the file is refused (and
    /// its bytes removed when the spool is dropped).
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), FileError> {
        let size = self.size + chunk.len() as u64;
        if size > self.max_bytes {
            return Err(FileError::TooLarge {
                file_name: self.file_name.clone(),
                limit_bytes: self.max_bytes,
            });
        }
        self.file.write_all(chunk).await?;
        self.size = size;
        Ok(())
    }

    /// The whole file, read back to be processed (within the size limit),
    /// the temporary file removed.
    pub async fn into_bytes(mut self) -> Result<Vec<u8>, FileError> {
        use tokio::io::{AsyncReadExt, AsyncSeekExt};
        self.file.flush().await?;
        self.file.rewind().await?;
        let mut bytes = Vec::with_capacity(self.size as usize);
        (&mut self.file)
            .take(self.max_bytes + 1)
            .read_to_end(&mut bytes)
            .await?;
        Ok(bytes)
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        if let Some(part) = self.part.take() {
            // Synchronous, but only a file removal.
            let _ = std::fs::remove_file(part);
        }
    }
}

/// What a sweep of the file store removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Stored files no record names, older than the grace period.
    pub unreferenced: usize,
    /// Their bytes.
    pub bytes: u64,
    /// Unfinished uploads (`.upload-*.part`) older than the grace period.
    pub leftover_uploads: usize,
    /// Unreferenced files kept because they are younger than the grace period.
    pub kept_young: usize,
}

impl FileStore {
    /// Removes every stored file whose SHA-256 is not in `referenced` (the
    /// store's [`crate::PlanStore::referenced_files`], read BEFORE this call)
    /// and that is older than `grace`, and every unfinished upload as old. A
    /// younger file may belong to a request still in flight, whose record is
    /// not written yet, so it stays for the next sweep.
    pub async fn sweep(
        &self,
        referenced: &std::collections::BTreeSet<String>,
        grace: Duration,
    ) -> io::Result<Swept> {
        let mut swept = Swept {
            leftover_uploads: self.remove_leftover_uploads(grace).await?,
            ..Swept::default()
        };
        let mut dirs = match tokio::fs::read_dir(&self.root).await {
            Ok(dirs) => dirs,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(swept),
            Err(e) => return Err(e),
        };
        while let Some(dir) = dirs.next_entry().await? {
            // Only the store's own `ab/` folders: nothing else in the root is touched.
            let dir_name = dir.file_name();
            let dir_name = dir_name.to_string_lossy();
            if dir_name.len() != 2 || !dir.file_type().await?.is_dir() {
                continue;
            }
            let mut files = tokio::fs::read_dir(dir.path()).await?;
            while let Some(file) = files.next_entry().await? {
                let name = file.file_name();
                let name = name.to_string_lossy().to_ascii_lowercase();
                if self.path_of(&name).is_none()
                    || !name.starts_with(&*dir_name)
                    || referenced.contains(&name)
                {
                    continue;
                }
                let metadata = file.metadata().await?;
                if !metadata.is_file() {
                    continue;
                }
                let age = metadata.modified()?.elapsed().unwrap_or_default();
                if age < grace {
                    swept.kept_young += 1;
                    continue;
                }
                match tokio::fs::remove_file(file.path()).await {
                    Ok(()) => {
                        swept.unreferenced += 1;
                        swept.bytes += metadata.len();
                    }
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(swept)
    }
}

/// Marks a stored file as just written (its modification time, which the
/// sweep's grace period reads).
async fn touch(path: &Path) -> io::Result<()> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        std::fs::File::options()
            .write(true)
            .open(path)?
            .set_modified(std::time::SystemTime::now())
    })
    .await
    .map_err(io::Error::other)?
}

/// A file being received. Write its chunks in order, then [`Upload::finish`].
/// Dropped unfinished, it removes its temporary file.
#[derive(Debug)]
pub struct Upload {
    store: FileStore,
    file_name: String,
    part: Option<PathBuf>,
    file: Option<tokio::fs::File>,
    hasher: Sha256,
    size: u64,
    head: Vec<u8>,
}

impl Upload {
    /// The name the file will be recorded under (path and control characters removed).
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// Appends a chunk; fails as soon as the file grows past the limit.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), FileError> {
        let size = self.size + chunk.len() as u64;
        if size > self.store.max_bytes {
            self.discard().await;
            return Err(FileError::TooLarge {
                file_name: self.file_name.clone(),
                limit_bytes: self.store.max_bytes,
            });
        }
        let file = self
            .file
            .as_mut()
            .ok_or_else(|| io::Error::other("the upload was already discarded"))?;
        file.write_all(chunk).await?;
        self.hasher.update(chunk);
        let room = HEAD_BYTES.saturating_sub(self.head.len());
        self.head.extend_from_slice(&chunk[..room.min(chunk.len())]);
        self.size = size;
        Ok(())
    }

    /// Checks the content, makes the file durable under its SHA-256 and
    /// returns its metadata, with a new evidence id.
    pub async fn finish(mut self, uploaded_by: &str) -> Result<Evidence, FileError> {
        let (Some(part), Some(mut file)) = (self.part.clone(), self.file.take()) else {
            return Err(io::Error::other("the upload was already discarded").into());
        };
        if self.size == 0 {
            drop(file);
            self.discard().await;
            return Err(FileRefusal::Empty {
                file_name: self.file_name.clone(),
            }
            .into());
        }
        file.flush().await?;
        file.sync_all().await?;
        drop(file);

        let kind = match detect(&self.head, &part, &self.file_name).await {
            Ok(kind) => kind,
            Err(error) => {
                self.discard().await;
                return Err(error);
            }
        };
        if let Err(message) = check_name(&self.file_name, kind) {
            self.discard().await;
            return Err(FileError::Refused(message));
        }

        let sha256 = hex::encode(std::mem::take(&mut self.hasher).finalize());
        let target = self
            .store
            .path_of(&sha256)
            .expect("a SHA-256 in hex is a valid name");
        let dir = target.parent().expect("stored files sit in a subdirectory");
        let new_dir = !tokio::fs::try_exists(dir).await?;
        tokio::fs::create_dir_all(dir).await?;
        if new_dir {
            sync_dir(self.store.root.clone()).await?;
        }
        if tokio::fs::try_exists(&target).await? {
            // The same bytes are already stored: keep that copy, made young
            // again so the sweep leaves it to the record about to name it.
            self.discard().await;
            touch(&target).await?;
        } else {
            tokio::fs::rename(&part, &target).await?;
            self.part = None;
            sync_dir(dir.to_path_buf()).await?;
        }
        let now = time::OffsetDateTime::now_utc();
        Ok(Evidence {
            id: uuid::Uuid::new_v4().to_string(),
            file_name: self.file_name.clone(),
            media_type: kind.media_type.to_string(),
            size_bytes: self.size,
            sha256,
            uploaded_by: uploaded_by.to_string(),
            // Microseconds: what PostgreSQL keeps, so it reads back equal.
            uploaded_at: now
                .replace_nanosecond(now.nanosecond() / 1_000 * 1_000)
                .unwrap_or(now),
        })
    }

    /// Removes the temporary file now (rather than on drop).
    async fn discard(&mut self) {
        self.file = None;
        if let Some(part) = self.part.take()
            && let Err(error) = tokio::fs::remove_file(&part).await
            && error.kind() != io::ErrorKind::NotFound
        {
            tracing::warn!(%error, path = %part.display(), "could not remove an unfinished upload");
        }
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        if let Some(part) = self.part.take() {
            // Synchronous, but only a file removal, on an abandoned upload.
            let _ = std::fs::remove_file(part);
        }
    }
}

/// fsync of a directory, so a rename or a new entry in it survives a crash.
async fn sync_dir(dir: PathBuf) -> io::Result<()> {
    tokio::task::spawn_blocking(move || {
        #[cfg(unix)]
        std::fs::File::open(&dir)?.sync_all()?;
        // Windows cannot open a directory as a file; NTFS journals renames.
        #[cfg(not(unix))]
        let _ = dir;
        Ok(())
    })
    .await
    .map_err(io::Error::other)?
}

/// The name as the user gave it, without any path, control characters or
/// surrounding space, and not too long.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim();
    let cleaned = if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        UNNAMED
    } else {
        cleaned
    };
    if cleaned.chars().count() <= MAX_NAME_CHARS {
        return cleaned.to_string();
    }
    // Keep the extension when shortening.
    let extension = extension(cleaned)
        .map(|e| format!(".{e}"))
        .unwrap_or_default();
    let keep = MAX_NAME_CHARS.saturating_sub(extension.chars().count());
    cleaned.chars().take(keep).collect::<String>() + &extension
}

/// The lowercase extension of a name, if it has one.
fn extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty() && ext.len() <= 10 && !ext.contains(' '))
        .then(|| ext.to_lowercase())
}

/// A name may leave out the extension, but not claim another type.
fn check_name(file_name: &str, kind: FileKind) -> Result<(), FileRefusal> {
    match extension(file_name) {
        Some(extension) if !kind.extensions.contains(&extension.as_str()) => {
            Err(FileRefusal::NameMismatch {
                file_name: file_name.to_string(),
                extension,
                kind,
            })
        }
        _ => Ok(()),
    }
}

/// What a file in memory is, checked as an upload is (content, then name):
/// for bytes that must not be written before they are sealed.
pub fn detect_in_memory(file_name: &str, bytes: &[u8]) -> Result<FileKind, FileError> {
    let file_name = clean_file_name(file_name);
    if bytes.is_empty() {
        return Err(FileRefusal::Empty { file_name }.into());
    }
    let refused = || {
        FileError::from(FileRefusal::NotAccepted {
            file_name: file_name.clone(),
        })
    };
    let found = infer::get(bytes).ok_or_else(refused)?;
    let media_type = found.mime_type();
    let kind = if media_type == "application/zip"
        || media_type.starts_with("application/vnd.openxmlformats-officedocument.")
        || media_type.starts_with("application/vnd.oasis.opendocument.")
    {
        let names: Vec<String> = zip::ZipArchive::new(io::Cursor::new(bytes))
            .map_err(|_| refused())?
            .file_names()
            .map(str::to_string)
            .collect();
        office_kind(media_type, &names).ok_or_else(refused)?
    } else {
        kind_of_media_type(media_type).ok_or_else(refused)?
    };
    check_name(&file_name, kind)?;
    Ok(kind)
}

/// The accepted kind of the content, from its first bytes and, for a zip,
/// from the entries listed in its central directory.
async fn detect(head: &[u8], path: &Path, file_name: &str) -> Result<FileKind, FileError> {
    let refused = |content: Content| {
        FileError::from(FileRefusal::NotEvidence {
            file_name: file_name.to_string(),
            content,
        })
    };
    let Some(found) = infer::get(head) else {
        return Err(refused(Content::Unidentified));
    };
    let media_type = found.mime_type();
    let zip_based = media_type == "application/zip"
        || media_type.starts_with("application/vnd.openxmlformats-officedocument.")
        || media_type.starts_with("application/vnd.oasis.opendocument.");
    if zip_based {
        let path = path.to_path_buf();
        let names = tokio::task::spawn_blocking(move || zip_entry_names(&path))
            .await
            .map_err(io::Error::other)?;
        let Some(names) = names else {
            return Err(refused(Content::BrokenZip));
        };
        return office_kind(media_type, &names).ok_or_else(|| refused(Content::OtherZip));
    }
    if let Some(kind) = kind_of_media_type(media_type) {
        return Ok(kind);
    }
    Err(refused(Content::MediaType(media_type.to_string())))
}

/// Names of the entries in a zip's central directory; None if it cannot be read as a zip.
fn zip_entry_names(path: &Path) -> Option<Vec<String>> {
    let file = std::fs::File::open(path).ok()?;
    let archive = zip::ZipArchive::new(io::BufReader::new(file)).ok()?;
    Some(archive.file_names().map(str::to_string).collect())
}

/// Which office format a zip is, by the parts it must contain.
fn office_kind(media_type: &str, names: &[String]) -> Option<FileKind> {
    let has = |name: &str| names.iter().any(|n| n == name);
    if has("[Content_Types].xml") {
        if has("word/document.xml") {
            return Some(DOCX);
        }
        if has("xl/workbook.xml") {
            return Some(XLSX);
        }
        if has("ppt/presentation.xml") {
            return Some(PPTX);
        }
        return None;
    }
    // OpenDocument: infer read the mimetype entry the format puts first;
    // the manifest and the content must be there too.
    if has("mimetype") && has("META-INF/manifest.xml") && has("content.xml") {
        return [ODT, ODS, ODP]
            .into_iter()
            .find(|k| k.media_type == media_type);
    }
    None
}

/// The fuzz harness of the file-type check (`fuzz/fuzz_targets/file_detect.rs`,
/// and the property test below): arbitrary bytes under each accepted name
/// ending and a few others. A file is accepted only as a kind whose endings
/// include its name's (if it has one), the office kinds only for a zip that lists their
/// entries; a refusal names the file, in Thai. Panics when not.
#[doc(hidden)]
pub fn fuzz_detect(bytes: &[u8]) {
    use sujarit_core::thai::is_thai;
    for name in [
        "a.pdf",
        "a.jpg",
        "a.jpeg",
        "a.png",
        "a.webp",
        "a.docx",
        "a.xlsx",
        "a.pptx",
        "a.odt",
        "a.ods",
        "a.doc",
        "a.zip",
        "a",
        "../ก.PDF",
    ] {
        match detect_in_memory(name, bytes) {
            Ok(kind) => {
                // A name without an ending is taken by its content alone.
                if let Some(ending) = extension(name) {
                    assert!(
                        kind.extensions.contains(&ending.as_str()),
                        "{name} as {kind:?}"
                    );
                }
                if kind.media_type.contains("officedocument")
                    || kind.media_type.contains("opendocument")
                {
                    assert!(
                        zip::ZipArchive::new(io::Cursor::new(bytes)).is_ok(),
                        "{name}: not a zip"
                    );
                }
            }
            Err(FileError::Refused(refusal)) => {
                let said = refusal.to_string();
                assert!(said.chars().any(is_thai), "{name}: {said}");
                assert!(said.contains(&clean_file_name(name)), "{name}: {said}");
            }
            Err(other) => panic!("{name}: {other}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn temp_store() -> (FileStore, PathBuf) {
        let root = std::env::temp_dir().join(format!("sujarit-files-{}", uuid::Uuid::new_v4()));
        (FileStore::new(&root), root)
    }

    struct Cleanup(PathBuf);
    impl Drop for Cleanup {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// A minimal PDF a reader opens: one empty page, a correct xref table.
    fn pdf() -> Vec<u8> {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for offset in offsets {
            out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    /// A 1×1 PNG, with correct CRCs (computed here).
    fn png() -> Vec<u8> {
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = 0xFFFF_FFFFu32;
            for &b in bytes {
                crc ^= u32::from(b);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let mut body = kind.to_vec();
            body.extend_from_slice(data);
            out.extend_from_slice(&body);
            out.extend_from_slice(&crc32(&body).to_be_bytes());
        }
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut out, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        // zlib, one stored block holding the scanline: filter 0, one grey pixel.
        let raw = [0u8, 0x80];
        let mut adler = (1u32, 0u32);
        for &b in &raw {
            adler.0 = (adler.0 + u32::from(b)) % 65521;
            adler.1 = (adler.1 + adler.0) % 65521;
        }
        let mut idat = vec![0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF];
        idat.extend_from_slice(&raw);
        idat.extend_from_slice(&((adler.1 << 16) | adler.0).to_be_bytes());
        chunk(&mut out, b"IDAT", &idat);
        chunk(&mut out, b"IEND", &[]);
        out
    }

    fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, body) in entries {
            writer.start_file(*name, options).expect("start entry");
            writer.write_all(body.as_bytes()).expect("write entry");
        }
        writer.finish().expect("finish zip").into_inner()
    }

    fn docx() -> Vec<u8> {
        zip_of(&[
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
            ),
            ("_rels/.rels", "<Relationships/>"),
            ("word/document.xml", "<w:document/>"),
        ])
    }

    fn odt() -> Vec<u8> {
        zip_of(&[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("META-INF/manifest.xml", "<manifest:manifest/>"),
            ("content.xml", "<office:document-content/>"),
        ])
    }

    fn files_in(root: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                if entry.path().is_dir() {
                    stack.push(entry.path());
                } else {
                    out.push(entry.path());
                }
            }
        }
        out.sort();
        out
    }

    #[tokio::test]
    async fn accepted_files_are_stored_under_their_hash() {
        let (store, root) = temp_store();
        let _cleanup = Cleanup(root.clone());
        for (name, bytes, media_type) in [
            ("รายงาน.pdf", pdf(), "application/pdf"),
            ("ภาพกิจกรรม.PNG", png(), "image/png"),
            ("บันทึก.docx", docx(), DOCX.media_type),
            ("บันทึก.odt", odt(), ODT.media_type),
            ("ไม่มีนามสกุล", pdf(), "application/pdf"),
        ] {
            let evidence = store.save(name, &bytes, "user-1").await.expect(name);
            assert_eq!(evidence.media_type, media_type, "{name}");
            assert_eq!(evidence.size_bytes, bytes.len() as u64);
            assert_eq!(evidence.file_name, name);
            assert_eq!(evidence.uploaded_by, "user-1");
            let expected = hex::encode(Sha256::digest(&bytes));
            assert_eq!(evidence.sha256, expected);
            let path = store.path_of(&expected).expect("valid hash");
            assert!(path.starts_with(root.join(&expected[..2])));
            assert_eq!(std::fs::read(&path).expect("stored"), bytes);
            assert_eq!(store.read(&expected).await.expect("read"), Some(bytes));
        }
        // The same PDF twice is one file; no temporary file is left.
        let files = files_in(&root);
        assert_eq!(files.len(), 4, "{files:?}");
        assert!(
            files
                .iter()
                .all(|f| !f.to_string_lossy().ends_with(PART_SUFFIX))
        );
    }

    #[tokio::test]
    async fn other_and_disguised_files_are_refused_by_content() {
        let (store, root) = temp_store();
        let _cleanup = Cleanup(root.clone());
        let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
        exe.resize(512, 0);
        exe[0x3c] = 0x80;
        exe.resize(0x80, 0);
        exe.extend_from_slice(b"PE\0\0");
        exe.resize(1024, 0);
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            (
                "คำสั่ง.pdf",
                b"<html><script>alert(1)</script></html>".to_vec(),
                "หน้าเว็บ",
            ),
            ("setup.pdf", exe, "โปรแกรม"),
            ("note.pdf", "ข้อความธรรมดา".as_bytes().to_vec(), "ระบุไม่ได้"),
            ("archive.docx", zip_of(&[("a.txt", "x")]), "zip"),
            ("broken.docx", docx()[..60].to_vec(), "เสียหาย"),
            ("ภาพ.pdf", png(), "ภาพ PNG"),
            ("report.pdf.exe", pdf(), ".exe"),
            ("ว่าง.pdf", Vec::new(), "ว่างเปล่า"),
        ];
        for (name, bytes, expected) in cases {
            match store.save(name, &bytes, "u").await {
                Err(FileError::Refused(refusal)) => {
                    let message = refusal.to_string();
                    assert!(message.contains(name), "{message}");
                    assert!(message.contains(expected), "{name}: {message}");
                }
                other => panic!("{name}: expected a refusal, got {other:?}"),
            }
        }
        assert!(files_in(&root).is_empty(), "a refused file leaves nothing");
    }

    #[tokio::test]
    async fn the_size_limit_is_checked_while_streaming() {
        let (store, root) = temp_store();
        let _cleanup = Cleanup(root.clone());
        let store = store.with_max_bytes(1024);
        let mut upload = store.begin("ใหญ่.pdf").await.expect("begin");
        let first = pdf();
        assert!(first.len() < 1024);
        upload.write(&first).await.expect("first chunk fits");
        upload
            .write(&[b' '; 1024][first.len()..])
            .await
            .expect("exactly at the limit fits");
        let error = upload
            .write(b" ")
            .await
            .expect_err("one byte over the limit");
        assert!(matches!(
            error,
            FileError::TooLarge {
                limit_bytes: 1024,
                ..
            }
        ));
        assert!(error.is_uploader_error());
        assert_eq!(error.to_string(), "ไฟล์ \"ใหญ่.pdf\" มีขนาดเกิน 1 KB ที่รับได้");
        assert!(
            files_in(&root).is_empty(),
            "the partial file is removed at once"
        );
        assert_eq!(size_text(DEFAULT_MAX_BYTES), "20 MB");
        assert_eq!(size_text(1536 * 1024), "1.5 MB");
    }

    #[tokio::test]
    async fn an_abandoned_upload_leaves_nothing() {
        let (store, root) = temp_store();
        let _cleanup = Cleanup(root.clone());
        let mut upload = store.begin("x.pdf").await.expect("begin");
        upload.write(&pdf()).await.expect("write");
        assert_eq!(
            files_in(&root).len(),
            1,
            "the temporary file exists meanwhile"
        );
        drop(upload);
        assert!(files_in(&root).is_empty());

        // A crash's leftover is removed once old enough.
        std::fs::write(root.join(".upload-crashed.part"), b"half").expect("write");
        assert_eq!(
            store
                .remove_leftover_uploads(Duration::from_secs(3600))
                .await
                .expect("clean"),
            0
        );
        assert_eq!(
            store
                .remove_leftover_uploads(Duration::ZERO)
                .await
                .expect("clean"),
            1
        );
        assert!(files_in(&root).is_empty());
    }

    #[test]
    fn names_lose_paths_and_control_characters() {
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name(r"C:\Users\me\รายงาน.pdf"), "รายงาน.pdf");
        assert_eq!(clean_file_name("a\u{0}b\n.pdf"), "ab.pdf");
        assert_eq!(clean_file_name(" .. "), "ไฟล์");
        let long = format!("{}.pdf", "ก".repeat(300));
        let cleaned = clean_file_name(&long);
        assert_eq!(cleaned.chars().count(), MAX_NAME_CHARS);
        assert!(cleaned.ends_with(".pdf"));
        let store = FileStore::new("/srv/files");
        assert_eq!(store.path_of("../x"), None);
        assert_eq!(store.path_of(&"g".repeat(64)), None);
        assert_eq!(
            store.path_of(&"AB".repeat(32)),
            Some(PathBuf::from("/srv/files/ab").join("ab".repeat(32)))
        );
    }

    sujarit_testkit::fuzz_properties! {
        detection_takes_any_bytes: "file_detect" => super::fuzz_detect;
    }
}
