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
}
