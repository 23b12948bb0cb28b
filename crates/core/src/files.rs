//! Files people upload (evidence, attachments, disclosures): the kinds
//! Sujarit accepts, how a size is written, and why a file is refused, in
//! Thai. Detection itself reads bytes and lives in `store::files`.

use std::fmt;

/// The name a file gets when the uploader's name has nothing left.
pub const UNNAMED: &str = "ไฟล์";

/// What every refusal of an unaccepted type adds.
const ACCEPTED_TEXT: &str =
    "รับเฉพาะ PDF, ภาพ JPEG/PNG/WebP และเอกสาร Word, Excel, PowerPoint หรือ OpenDocument";

/// Why an uploaded file is not kept: the uploader's to fix. `Display` is
/// the Thai sentence, naming the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileRefusal {
    /// No bytes at all.
    Empty { file_name: String },
    /// Larger than the limit.
    TooLarge { file_name: String, limit_bytes: u64 },
    /// A name that claims another type than the content.
    NameMismatch {
        file_name: String,
        extension: String,
        kind: FileKind,
    },
    /// Content of a kind that is not accepted (checked in memory).
    NotAccepted { file_name: String },
    /// Content of a kind that is not accepted as evidence, and what it is.
    NotEvidence { file_name: String, content: Content },
    /// A PDF whose compressed streams would inflate past the reading budget.
    PdfTooComplex,
    /// A complainant's file whose identifying data could not be removed: it
    /// is refused rather than kept as it came.
    NotCleanable { file_name: String, why: Uncleanable },
}

/// Why the cleaner could not remove a file's identifying data. `Display` is
/// the reason with what to do instead; the cleaning child process writes it
/// on its standard error and the parent reads it back ([`Uncleanable::ALL`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Uncleanable {
    /// A PDF with a password or permissions (even owner-only).
    EncryptedPdf,
    /// The old binary Word/Excel format (an OLE compound file).
    OldOffice,
    /// The cleaner could not read it.
    Unreadable,
    /// It would inflate past the cleaner's budget, or has too many parts.
    TooComplex,
    /// The cleaning process crashed or went past its time or memory.
    Failed,
}

impl Uncleanable {
    pub const ALL: [Uncleanable; 5] = [
        Uncleanable::EncryptedPdf,
        Uncleanable::OldOffice,
        Uncleanable::Unreadable,
        Uncleanable::TooComplex,
        Uncleanable::Failed,
    ];
}

impl fmt::Display for Uncleanable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Uncleanable::EncryptedPdf => {
                "เป็น PDF ที่ตั้งรหัสผ่านหรือล็อกสิทธิ์ไว้ ระบบจึงลบข้อมูลที่อาจระบุตัวผู้ส่งไม่ได้ \
                 โปรดสั่งพิมพ์เป็น PDF ใหม่โดยไม่ตั้งรหัส หรือถ่ายภาพหน้าเอกสารแล้วแนบแทน"
            }
            Uncleanable::OldOffice => {
                "เป็นเอกสาร Word หรือ Excel รุ่นเก่า (.doc, .xls) ซึ่งระบบลบข้อมูลที่อาจระบุตัวผู้ส่งไม่ได้ \
                 โปรดบันทึกเป็น PDF, DOCX หรือ XLSX แล้วแนบใหม่ หรือถ่ายภาพหน้าเอกสารแล้วแนบแทน"
            }
            Uncleanable::Unreadable => {
                "ระบบอ่านไฟล์ไม่ได้ (อาจเสียหาย) จึงลบข้อมูลที่อาจระบุตัวผู้ส่งไม่ได้ \
                 โปรดบันทึกเป็น PDF, DOCX หรือ XLSX ใหม่ หรือถ่ายภาพหน้าเอกสารแล้วแนบแทน"
            }
            Uncleanable::TooComplex => {
                "มีข้อมูลบีบอัดมากผิดปกติหรือมีส่วนประกอบมากเกินไปจนระบบตรวจไม่ได้ \
                 โปรดบันทึกเป็น PDF ใหม่ (เช่น สั่งพิมพ์เป็น PDF) หรือถ่ายภาพหน้าเอกสารแล้วแนบแทน"
            }
            Uncleanable::Failed => {
                "ระบบทำความสะอาดไฟล์ไม่เสร็จภายในเวลาและหน่วยความจำที่กำหนด \
                 โปรดบันทึกเป็น PDF ใหม่ หรือถ่ายภาพหน้าเอกสารแล้วแนบแทน"
            }
        })
    }
}

/// What an unaccepted file turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    Unidentified,
    BrokenZip,
    OtherZip,
    /// Any other media type, by its name: HTML, XML, scripts and programs
    /// are named in Thai.
    MediaType(String),
}

impl fmt::Display for Content {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Content::Unidentified => f.write_str("ไฟล์ชนิดที่ระบุไม่ได้ (เช่น ข้อความธรรมดาหรือหน้าเว็บ)"),
            Content::BrokenZip => f.write_str("ไฟล์ zip ที่เสียหายหรือไม่สมบูรณ์"),
            Content::OtherZip => {
                f.write_str("ไฟล์บีบอัด (zip) ที่ไม่ใช่เอกสาร Word, Excel, PowerPoint หรือ OpenDocument")
            }
            Content::MediaType(media_type) => match media_type.as_str() {
                "text/html" => f.write_str("หน้าเว็บ (HTML)"),
                "text/xml" => f.write_str("ไฟล์ XML"),
                "text/x-shellscript" => f.write_str("สคริปต์"),
                "application/vnd.microsoft.portable-executable"
                | "application/x-executable"
                | "application/x-mach-binary"
                | "application/x-msdownload" => f.write_str("โปรแกรม (ไฟล์ที่สั่งทำงานได้)"),
                other => write!(f, "ไฟล์ชนิด {other}"),
            },
        }
    }
}

impl fmt::Display for FileRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileRefusal::Empty { file_name } => {
                write!(f, "ไฟล์ \"{file_name}\" ว่างเปล่า ไม่มีข้อมูล")
            }
            FileRefusal::TooLarge {
                file_name,
                limit_bytes,
            } => write!(
                f,
                "ไฟล์ \"{file_name}\" มีขนาดเกิน {} ที่รับได้",
                size_text(*limit_bytes)
            ),
            FileRefusal::NameMismatch {
                file_name,
                extension,
                kind,
            } => write!(
                f,
                "ไฟล์ \"{file_name}\" มีชื่อลงท้ายด้วย .{extension} แต่เนื้อไฟล์เป็น{} \
                 ไม่รับไฟล์ที่ชื่อกับเนื้อไฟล์ไม่ตรงกัน (ถ้าไฟล์ถูกต้อง โปรดเปลี่ยนชื่อให้ลงท้ายด้วย .{})",
                kind.label, kind.extensions[0]
            ),
            FileRefusal::NotAccepted { file_name } => {
                write!(f, "ไฟล์ \"{file_name}\" เป็นไฟล์ชนิดที่ไม่รับ: {ACCEPTED_TEXT}")
            }
            FileRefusal::NotEvidence { file_name, content } => write!(
                f,
                "ไฟล์ \"{file_name}\" เป็น{content} ซึ่งไม่รับเป็นหลักฐาน: {ACCEPTED_TEXT}"
            ),
            FileRefusal::PdfTooComplex => f.write_str(
                "ไฟล์ PDF นี้มีข้อมูลบีบอัดมากผิดปกติจนระบบตรวจไม่ได้ โปรดบันทึกเป็น PDF ใหม่ (เช่น สั่งพิมพ์เป็น PDF) แล้วแนบอีกครั้ง",
            ),
            FileRefusal::NotCleanable { file_name, why } => {
                write!(f, "ไฟล์ \"{file_name}\" ทำความสะอาดไม่ได้: {why}")
            }
        }
    }
}

impl std::error::Error for FileRefusal {}

/// "20 MB", "1.5 MB", "900 KB": sizes as the upload form states them.
pub fn size_text(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        let tenths = (bytes * 10 + MIB / 2) / MIB;
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// A kind of file Sujarit accepts as evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileKind {
    pub media_type: &'static str,
    /// Thai name for messages: "เอกสาร PDF".
    pub label: &'static str,
    /// The name endings that fit it, lowercase; the first is the usual one.
    pub extensions: &'static [&'static str],
}

pub const PDF: FileKind = FileKind {
    media_type: "application/pdf",
    label: "เอกสาร PDF",
    extensions: &["pdf"],
};
pub const JPEG: FileKind = FileKind {
    media_type: "image/jpeg",
    label: "ภาพ JPEG",
    extensions: &["jpg", "jpeg", "jpe", "jfif"],
};
pub const PNG: FileKind = FileKind {
    media_type: "image/png",
    label: "ภาพ PNG",
    extensions: &["png"],
};
pub const WEBP: FileKind = FileKind {
    media_type: "image/webp",
    label: "ภาพ WebP",
    extensions: &["webp"],
};
pub const DOCX: FileKind = FileKind {
    media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    label: "เอกสาร Word",
    extensions: &["docx"],
};
pub const XLSX: FileKind = FileKind {
    media_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    label: "ตาราง Excel",
    extensions: &["xlsx"],
};
pub const PPTX: FileKind = FileKind {
    media_type: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    label: "งานนำเสนอ PowerPoint",
    extensions: &["pptx"],
};
pub const ODT: FileKind = FileKind {
    media_type: "application/vnd.oasis.opendocument.text",
    label: "เอกสาร OpenDocument",
    extensions: &["odt"],
};
pub const ODS: FileKind = FileKind {
    media_type: "application/vnd.oasis.opendocument.spreadsheet",
    label: "ตาราง OpenDocument",
    extensions: &["ods"],
};
pub const ODP: FileKind = FileKind {
    media_type: "application/vnd.oasis.opendocument.presentation",
    label: "งานนำเสนอ OpenDocument",
    extensions: &["odp"],
};
pub const DOC: FileKind = FileKind {
    media_type: "application/msword",
    label: "เอกสาร Word รุ่นเก่า",
    extensions: &["doc"],
};
pub const XLS: FileKind = FileKind {
    media_type: "application/vnd.ms-excel",
    label: "ตาราง Excel รุ่นเก่า",
    extensions: &["xls"],
};

/// Every accepted kind, for forms (`accept=`) and help text.
pub const ACCEPTED: [FileKind; 12] = [
    PDF, JPEG, PNG, WEBP, DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS,
];

/// The accepted kind with this media type.
pub fn kind_of_media_type(media_type: &str) -> Option<FileKind> {
    ACCEPTED.into_iter().find(|k| k.media_type == media_type)
}
