/// Storage failures. Handlers map these to a generic Thai message and never
/// show the underlying database error to a client.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("ไม่พบข้อมูล: {0}")]
    NotFound(String),
    #[error("ข้อมูลขัดแย้งกับที่มีอยู่: {0}")]
    Conflict(String),
    #[error("ที่อยู่ฐานข้อมูลไม่ถูกต้อง: {0}")]
    BadUrl(String),
    #[error("ข้อมูลในฐานข้อมูลเสียหาย: {0}")]
    Corrupt(String),
    #[error("ฐานข้อมูลขัดข้อง: {0}")]
    Database(#[from] sqlx::Error),
    #[error("ปรับโครงสร้างฐานข้อมูลไม่สำเร็จ: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Someone saved the record after the caller read it; nothing was written.
    #[error(
        "มีผู้แก้ไขรายงานนี้ก่อนคุณ (ฉบับที่ {current_revision}) จึงยังไม่ได้บันทึก: \
         โปรดเปิดรายงานใหม่ ตรวจสอบ แล้วบันทึกอีกครั้ง"
    )]
    Stale { current_revision: i64 },
    /// Input the domain rules refuse: a Thai message per field; nothing was written.
    #[error("{}", invalid_text(.0))]
    Invalid(Vec<sujarit_core::validation::FieldError>),
    /// A move the rules do not allow now (Thai message); nothing was written.
    #[error("{0}")]
    NotAllowed(String),
}

fn invalid_text(errors: &[sujarit_core::validation::FieldError]) -> String {
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    format!("ข้อมูลไม่ถูกต้อง: {}", messages.join("; "))
}
