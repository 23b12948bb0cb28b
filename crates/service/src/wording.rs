//! How a store error reads to a person, in Thai: the same words on a page,
//! in the JSON API and on the command line. The store's own `Display` is
//! English for operators; what it refuses is typed and worded in
//! `sujarit_core::refusal` (and core's field checks), which this passes on.

use sujarit_core::refusal;
use sujarit_store::keyfile::{KeyFileError, LineProblem};
use sujarit_store::{BadUrl, StoreError};

/// The whole error as the command line prints it.
pub fn store_error(error: &StoreError) -> String {
    match error {
        StoreError::NotFound(missing) => format!("ไม่พบข้อมูล: {missing}"),
        StoreError::Conflict(clash) => format!("ข้อมูลขัดแย้งกับที่มีอยู่: {clash}"),
        StoreError::BadUrl(bad) => format!("ที่อยู่ฐานข้อมูลไม่ถูกต้อง: {}", bad_url(bad)),
        StoreError::Corrupt(what) => format!("ข้อมูลในฐานข้อมูลเสียหาย: {what}"),
        StoreError::Database(e) => format!("ฐานข้อมูลขัดข้อง: {e}"),
        StoreError::Migrate(e) => format!("ปรับโครงสร้างฐานข้อมูลไม่สำเร็จ: {e}"),
        StoreError::Stale { .. } | StoreError::Invalid(_) | StoreError::NotAllowed(_) => {
            refusal(error)
        }
    }
}

/// What a user reads of a refusal: core's wording of what was not found (a
/// noun phrase), what clashes, what is not allowed now, of a stale write
/// and of refused fields (one line). Other errors get [`store_error`]; a
/// server shows those only as a generic apology.
pub fn refusal(error: &StoreError) -> String {
    match error {
        StoreError::NotFound(missing) => missing.to_string(),
        StoreError::Conflict(clash) => clash.to_string(),
        StoreError::NotAllowed(refused) => refused.to_string(),
        StoreError::Stale { current_revision } => refusal::stale(*current_revision),
        StoreError::Invalid(errors) => refusal::invalid(errors),
        other => store_error(other),
    }
}

/// Why a database URL cannot be used.
pub fn bad_url(bad: &BadUrl) -> String {
    match bad {
        BadUrl::Empty => "ไม่ได้ระบุที่อยู่ฐานข้อมูล".into(),
        BadUrl::Sqlite(reason) => format!("อ่านที่อยู่ SQLite ไม่ได้ ({reason})"),
        BadUrl::Postgres => "อ่านที่อยู่ PostgreSQL ไม่ได้".into(),
        BadUrl::Scheme(scheme) => format!(
            "ไม่รองรับที่อยู่แบบ \"{scheme}:\" ใช้ได้เฉพาะ sqlite:, postgres://, postgresql:// \
             หรือที่อยู่ไฟล์ SQLite"
        ),
    }
}

/// A store error that displays as [`store_error`], with the same source
/// chain: for `{}` and for `?` into `anyhow` on the command line.
#[derive(Debug)]
pub struct Thai(pub StoreError);

impl std::fmt::Display for Thai {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&store_error(&self.0))
    }
}

impl std::error::Error for Thai {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0)
    }
}

impl From<StoreError> for Thai {
    fn from(error: StoreError) -> Self {
        Thai(error)
    }
}

/// Why the key file cannot be used, for the operator.
pub fn key_file(error: &KeyFileError) -> String {
    match error {
        KeyFileError::Io { path, source } => {
            format!("อ่านหรือเขียนไฟล์กุญแจ {} ไม่ได้: {source}", path.display())
        }
        KeyFileError::Malformed {
            path,
            line,
            problem,
        } => {
            let why = match problem {
                LineProblem::NotTwoParts => "ต้องมีสองส่วน: ชื่อกุญแจ และกุญแจเป็นเลขฐานสิบหก 64 หลัก",
                LineProblem::NotAKey => "กุญแจต้องเป็นเลขฐานสิบหก 64 หลัก (32 ไบต์)",
                LineProblem::DuplicateName => "ชื่อกุญแจซ้ำกับบรรทัดก่อนหน้า",
                LineProblem::Keyring(why) => why,
            };
            format!("ไฟล์กุญแจ {} บรรทัดที่ {line} ไม่ถูกต้อง: {why}", path.display())
        }
        KeyFileError::Empty { path } => format!("ไฟล์กุญแจ {} ไม่มีกุญแจเลย", path.display()),
        KeyFileError::TooOpen { path, mode } => format!(
            "ไฟล์กุญแจ {} เปิดให้ผู้อื่นอ่านได้ (สิทธิ์ {mode:o}) ตั้งให้เจ้าของอ่านได้ผู้เดียวด้วย chmod 600",
            path.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_error_names_the_file_and_the_line_in_thai() {
        let error = KeyFileError::Malformed {
            path: "/srv/keys.txt".into(),
            line: 2,
            problem: LineProblem::NotAKey,
        };
        assert_eq!(
            key_file(&error),
            "ไฟล์กุญแจ /srv/keys.txt บรรทัดที่ 2 ไม่ถูกต้อง: กุญแจต้องเป็นเลขฐานสิบหก 64 หลัก (32 ไบต์)"
        );
        let open = KeyFileError::TooOpen {
            path: "/srv/keys.txt".into(),
            mode: 0o644,
        };
        assert!(key_file(&open).contains("(สิทธิ์ 644)"), "{}", key_file(&open));
    }
}
