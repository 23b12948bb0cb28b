//! What the test suites of the workspace share, written once: the hand-built
//! plan ([`plan`]), the real seed document ([`SEED`]), the PostgreSQL server
//! of the tests ([`postgres`]: required under CI, optional elsewhere),
//! temporary folders and SQLite databases ([`TempDir`], [`temp_sqlite`]),
//! sample files ([`sample`]), the property-test runs of the fuzz harnesses
//! ([`fuzz`]) and the test accounts' TOTP codes ([`totp`]).
//!
//! This crate depends on `sujarit-core`, never on `sujarit-store`: store's own
//! unit tests (`store/src/pool.rs`) use it, and a dependency on store would
//! link a second copy of store's types into that test build. Helpers that
//! need a `Store` (the contract harness, web's seeded store) stay with their
//! tests and build on the plain helpers here.

pub mod fuzz;
pub mod plan;
pub mod postgres;
pub mod sample;
pub mod smtp;
pub mod totp;

use std::path::{Path, PathBuf};

/// The real plan document the importer, reports and API tests run on.
pub const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/seed/000_b62f63dc84417aa7.txt"
);

/// A fresh folder in the temp directory, removed (with everything in it)
/// when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// `<temp>/<prefix>-<uuid>`, created.
    pub fn new(prefix: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("{prefix}-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("create a temporary folder");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh SQLite database file in the temp directory, not yet created:
/// its `sqlite://` URL and its path. The caller removes it
/// ([`remove_sqlite`]) or leaves it to the temp directory.
pub fn temp_sqlite() -> (String, PathBuf) {
    let path = std::env::temp_dir().join(format!("sujarit-test-{}.db", uuid::Uuid::new_v4()));
    (format!("sqlite://{}", path.display()), path)
}

/// Removes a SQLite database file and its WAL and shared-memory files.
pub fn remove_sqlite(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.to_path_buf().into_os_string();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
}
