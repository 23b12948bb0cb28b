/// Why a document cannot be imported at all. Each message is Thai, names what
/// is wrong and, where there is one, the line. The CLI exits 2 for these.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("ไฟล์ว่างเปล่า: ไม่มีข้อความให้นำเข้า")]
    Empty,
    #[error("ไฟล์นี้ไม่ใช่ไฟล์ข้อความ (พบข้อมูลไบนารีที่ไบต์ {offset}): โปรดส่งออกแผนเป็นไฟล์ข้อความ .txt (UTF-8)")]
    NotText { offset: usize },
    #[error("อ่านรหัสอักขระของไฟล์ไม่ได้ (ไม่ใช่ UTF-8 และไม่ใช่ TIS-620/Windows-874) ที่ไบต์ {offset}")]
    UnknownEncoding { offset: usize },
    #[error(
        "เอกสารนี้ไม่ใช่แผนปฏิบัติการป้องกันการทุจริตตามแม่แบบ ป.ป.ช.: ไม่พบตารางส่วนที่ 2 (หัวตาราง \"โครงการ/กิจกรรม/มาตรการ\" พร้อมคอลัมน์ \"ปี 25xx\")"
    )]
    NotAPlan,
    #[error(
        "เอกสารไม่สมบูรณ์ (อาจถูกตัดทอน): {what} เริ่มที่บรรทัด {start} แต่ไม่พบ{missing} ก่อนจบไฟล์ที่บรรทัด {end}"
    )]
    Truncated {
        what: String,
        missing: String,
        start: u32,
        end: u32,
    },
    #[error("บรรทัด {line}: {message}")]
    BadLine { line: u32, message: String },
}
