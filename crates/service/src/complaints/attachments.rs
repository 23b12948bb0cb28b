//! Files a complainant attaches: checked by content (the file store's list of
//! accepted types), size-limited, cleaned of what could identify the sender
//! (`super::cleaning`: refused when that cannot be done), and for a
//! corruption report sealed before anything reaches the disk, name included.

use sujarit_core::case_keys::{RecordSealer, field};
use sujarit_store::NewAttachment;
use sujarit_store::files::{FileError, FileStore, Spool, detect_in_memory};

use super::cleaning::Cleaner;

/// The most files one complaint carries.
pub const MAX_FILES: usize = 3;

/// A file as it came in the form, spooled to disk as it arrived (a slow
/// upload holds no memory); read back only to be checked and cleaned.
pub struct Incoming {
    pub file_name: String,
    pub spool: Spool,
}

impl Incoming {
    /// A file already in memory (tests, the command line), spooled like an upload.
    pub async fn from_bytes(
        files: &FileStore,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<Incoming, FileError> {
        let mut spool = files.spool(file_name).await?;
        spool.write(bytes).await?;
        Ok(Incoming {
            file_name: file_name.to_string(),
            spool,
        })
    }
}

/// Checks, cleans (by `cleaner`) and stores one file; what the store
/// records of it. `sealer`: a corruption report's, sealing the bytes and the
/// name with its data key (None: a general complaint's file, kept plain).
pub async fn store(
    files: &FileStore,
    sealer: Option<&RecordSealer>,
    cleaner: &Cleaner,
    incoming: Incoming,
) -> Result<NewAttachment, FileError> {
    let bytes = incoming.spool.into_bytes().await?;
    let kind = detect_in_memory(&incoming.file_name, &bytes)?;
    let stripped = cleaner
        .clean(&incoming.file_name, kind.media_type, bytes)
        .await?;
    match sealer {
        None => {
            let stored = files
                .save(&incoming.file_name, &stripped, "complainant")
                .await?;
            Ok(NewAttachment {
                sha256: stored.sha256,
                media_type: stored.media_type,
                size_bytes: stored.size_bytes,
                file_name: Some(stored.file_name),
                sealed_file_name: None,
            })
        }
        Some(sealer) => {
            let sealed = sealer.seal(field::FILE_CONTENT, &stripped);
            let sha256 = files.save_opaque(&sealed).await?;
            Ok(NewAttachment {
                sha256,
                media_type: kind.media_type.to_string(),
                size_bytes: stripped.len() as u64,
                file_name: None,
                sealed_file_name: Some(
                    sealer.seal(field::FILE_NAME, incoming.file_name.as_bytes()),
                ),
            })
        }
    }
}
