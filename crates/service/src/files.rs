//! Removing stored files that no record names (issue 12, "nothing is left
//! behind"): attachments of a request that failed after its files were
//! written, and anything a crash left. Run by the server's maintenance task
//! and by `sujarit files sweep`.

use std::time::Duration;

use sujarit_store::Store;
use sujarit_store::files::{FileStore, Swept};

/// How old an unreferenced file must be before it is removed: far longer
/// than any upload takes between writing its file and committing its record.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(24 * 3600);

/// Why a sweep did not finish.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error("{}", crate::wording::store_error(.0))]
    Store(#[from] sujarit_store::StoreError),
    #[error("อ่านหรือลบไฟล์ในโฟลเดอร์เก็บไฟล์ไม่สำเร็จ: {0}")]
    Disk(#[from] std::io::Error),
}

/// Reads every file the records name, then removes from `files` what none
/// names and is older than `grace` (the order matters: a record written
/// after the read names a file younger than `grace`, which is kept).
pub async fn sweep(
    store: &dyn Store,
    files: &FileStore,
    grace: Duration,
) -> Result<Swept, SweepError> {
    let referenced = store.referenced_files().await?;
    Ok(files.sweep(&referenced, grace).await?)
}

/// Runs forever: a sweep every `every`, logging counts only (never names:
/// a file's name or hash could point at a complainant).
pub async fn sweep_forever(
    store: std::sync::Arc<dyn Store>,
    files: FileStore,
    every: Duration,
    grace: Duration,
) {
    let mut ticks = tokio::time::interval(every);
    loop {
        ticks.tick().await;
        match sweep(store.as_ref(), &files, grace).await {
            Ok(swept) => tracing::info!(
                removed = swept.unreferenced,
                bytes = swept.bytes,
                leftover_uploads = swept.leftover_uploads,
                kept_young = swept.kept_young,
                "ลบไฟล์ที่ไม่มีระเบียนใดอ้างถึงแล้ว"
            ),
            Err(error) => tracing::error!(%error, "ลบไฟล์ที่ไม่มีระเบียนใดอ้างถึงไม่สำเร็จ"),
        }
    }
}
