//! Files a complainant attaches: checked by content (the file store's list of
//! accepted types), size-limited, stripped of the metadata a library can
//! strip, and for a corruption report sealed before anything reaches the
//! disk, name included. What is stripped:
//!
//! * JPEG: EXIF, XMP, IPTC (APP1–APP15) and comments; PNG: text, time and
//!   EXIF chunks; WebP: EXIF and XMP chunks — where a phone puts the place
//!   and the owner;
//! * PDF: the Info dictionary (author, creator, dates), every XMP metadata
//!   stream and private application data (lopdf rewrites the file, which also
//!   drops earlier revisions kept by incremental saves);
//! * Word/Excel/PowerPoint (OOXML) and OpenDocument: the document properties
//!   (`docProps/core.xml`, `app.xml`, `custom.xml`; `meta.xml`) are replaced
//!   by empty ones, every other part copied byte for byte.
//!
//! A file a library cannot read (an encrypted PDF, a damaged zip) and the
//! old binary Word format keep their metadata; the filing form says so.

use bytes::Bytes;
use img_parts::ImageEXIF;
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;
use sujarit_core::case_keys::{RecordSealer, field};
use sujarit_store::NewAttachment;
use sujarit_store::files::{FileError, FileRefusal, FileStore, detect_in_memory};

/// The most files one complaint carries.
pub const MAX_FILES: usize = 3;

/// A file as it came in the form.
pub struct Incoming {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Removes identifying metadata (see the module's notes); a file that cannot
/// be read, or of another type, comes back unchanged. The error is a Thai
/// refusal: a PDF that would inflate beyond [`PDF_INFLATE_BUDGET`] while
/// being read (a decompression bomb) is not accepted at all.
pub fn strip_metadata(media_type: &str, bytes: Vec<u8>) -> Result<Vec<u8>, FileRefusal> {
    let stripped = match media_type {
        "application/pdf" => match strip_pdf(&bytes) {
            PdfStrip::Stripped(out) => Some(out),
            PdfStrip::Unreadable => None,
            PdfStrip::TooComplex => return Err(FileRefusal::PdfTooComplex),
        },
        m if m.starts_with("application/vnd.openxmlformats-officedocument.")
            || m.starts_with("application/vnd.oasis.opendocument.") =>
        {
            strip_office(&bytes)
        }
        _ => return Ok(strip_image(media_type, bytes)),
    };
    Ok(stripped.unwrap_or(bytes))
}

/// How far the object streams of one PDF may inflate, all together, while
/// it is read for stripping. lopdf bounds each stream but not their sum, and
/// decodes them all at load: without this a 10 MB upload of many small
/// compressed streams could ask for gigabytes.
pub const PDF_INFLATE_BUDGET: usize = 64 * 1024 * 1024;

std::thread_local! {
    /// What is left of [`PDF_INFLATE_BUDGET`] for the PDF being read on this
    /// thread; lopdf's load filter is a plain `fn`, so it is kept here.
    static INFLATE_LEFT: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// lopdf's load filter: spends the budget on each object stream before lopdf
/// decodes it; over budget, the budget is marked spent (`Some(0)` → `None`).
fn inflate_budget(
    id: (u32, u16),
    object: &mut lopdf::Object,
) -> Option<((u32, u16), lopdf::Object)> {
    if let lopdf::Object::Stream(stream) = object
        && stream.dict.has_type(b"ObjStm")
    {
        let left = INFLATE_LEFT.get().unwrap_or(0);
        match stream.get_plain_content_with_limit(left) {
            Ok(plain) => INFLATE_LEFT.set(Some(left - plain.len().min(left))),
            Err(_) => {
                INFLATE_LEFT.set(None);
                return None;
            }
        }
    }
    // lopdf keeps its own `object` for top-level objects and uses what is
    // returned only for objects inside object streams, which are never
    // streams: so a stream (possibly large) is not copied.
    match object {
        lopdf::Object::Stream(_) => Some((id, lopdf::Object::Null)),
        other => Some((id, other.clone())),
    }
}

enum PdfStrip {
    Stripped(Vec<u8>),
    /// Not a PDF lopdf reads, or encrypted: kept as it came.
    Unreadable,
    /// Would inflate beyond the budget.
    TooComplex,
}

/// The PDF rewritten without its Info dictionary, metadata streams and
/// private application data.
fn strip_pdf(bytes: &[u8]) -> PdfStrip {
    use lopdf::{Document, LoadOptions, Object, SaveOptions};
    INFLATE_LEFT.set(Some(PDF_INFLATE_BUDGET));
    let options = LoadOptions {
        filter: Some(inflate_budget),
        ..LoadOptions::with_max_decompressed_size(PDF_INFLATE_BUDGET)
    };
    let loaded = Document::load_mem_with_options(bytes, options);
    let over_budget = INFLATE_LEFT.replace(None).is_none();
    if over_budget {
        return PdfStrip::TooComplex;
    }
    let Ok(mut document) = loaded else {
        return PdfStrip::Unreadable;
    };
    if document.was_encrypted() || document.is_encrypted() {
        return PdfStrip::Unreadable;
    }
    document.trailer.remove(b"Info");
    for object in document.objects.values_mut() {
        let dictionary = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        dictionary.remove(b"Metadata");
        dictionary.remove(b"PieceInfo");
    }
    // What only those entries pointed at (the Info object, the XMP streams).
    document.prune_objects();
    // Object streams again, so a compact file does not grow past the limit.
    let save = SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .build();
    let mut out = Vec::with_capacity(bytes.len());
    match document.save_with_options(&mut out, save) {
        Ok(()) => PdfStrip::Stripped(out),
        Err(_) => PdfStrip::Unreadable,
    }
}

fn strip_image(media_type: &str, bytes: Vec<u8>) -> Vec<u8> {
    match media_type {
        "image/jpeg" => match Jpeg::from_bytes(Bytes::from(bytes.clone())) {
            Ok(mut jpeg) => {
                jpeg.segments_mut().retain(|segment| {
                    let marker = segment.marker();
                    // APP1 (EXIF, XMP) … APP15 and comments go; APP0 (JFIF) stays.
                    !((markers::APP1..=markers::APP15).contains(&marker) || marker == markers::COM)
                });
                jpeg.encoder().bytes().to_vec()
            }
            Err(_) => bytes,
        },
        "image/png" => match Png::from_bytes(Bytes::from(bytes.clone())) {
            Ok(mut png) => {
                png.chunks_mut().retain(|chunk| {
                    !matches!(
                        &chunk.kind(),
                        b"eXIf" | b"tEXt" | b"iTXt" | b"zTXt" | b"tIME"
                    )
                });
                png.encoder().bytes().to_vec()
            }
            Err(_) => bytes,
        },
        "image/webp" => match WebP::from_bytes(Bytes::from(bytes.clone())) {
            Ok(mut webp) => {
                webp.remove_chunks_by_id(*b"XMP ");
                // Also brings the VP8X header's flags in line with the chunks.
                webp.set_exif(None);
                webp.encoder().bytes().to_vec()
            }
            Err(_) => bytes,
        },
        _ => bytes,
    }
}

/// Document properties of OOXML and OpenDocument files, and what replaces them.
const OFFICE_PROPERTIES: &[(&str, &str)] = &[
    (
        "docProps/core.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>"#,
    ),
    (
        "docProps/app.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>"#,
    ),
    (
        "docProps/custom.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>"#,
    ),
    (
        "meta.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"><office:meta/></office:document-meta>"#,
    ),
];

/// The office document with its properties replaced; every other part is
/// copied still compressed, in its order (OpenDocument needs `mimetype`
/// first). None when the zip cannot be read.
fn strip_office(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).ok()?;
        let replacement = OFFICE_PROPERTIES
            .iter()
            .find(|(name, _)| *name == entry.name())
            .map(|(_, empty)| *empty);
        match replacement {
            Some(empty) => {
                let name = entry.name().to_string();
                drop(entry);
                writer
                    .start_file(
                        name,
                        SimpleFileOptions::default()
                            .compression_method(zip::CompressionMethod::Stored),
                    )
                    .ok()?;
                writer.write_all(empty.as_bytes()).ok()?;
            }
            None => writer.raw_copy_file(entry).ok()?,
        }
    }
    Some(writer.finish().ok()?.into_inner())
}

/// Stripping rewrites whole files (CPU and memory): on the blocking pool,
/// two at a time, so a burst of uploads cannot crowd out the server.
pub(crate) async fn strip_off_the_runtime(
    media_type: &'static str,
    bytes: Vec<u8>,
) -> Result<Vec<u8>, FileError> {
    static STRIPPING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
    let _permit = STRIPPING
        .acquire()
        .await
        .map_err(|e| FileError::Io(std::io::Error::other(e)))?;
    tokio::task::spawn_blocking(move || strip_metadata(media_type, bytes))
        .await
        .map_err(|e| FileError::Io(std::io::Error::other(e)))?
        .map_err(FileError::Refused)
}

/// Checks, strips and stores one file; what the store records of it.
/// `sealer`: a corruption report's, sealing the bytes and the name with its
/// data key (None: a general complaint's file, kept plain).
pub async fn store(
    files: &FileStore,
    sealer: Option<&RecordSealer>,
    incoming: Incoming,
) -> Result<NewAttachment, FileError> {
    let kind = detect_in_memory(&incoming.file_name, &incoming.bytes)?;
    let stripped = strip_off_the_runtime(kind.media_type, incoming.bytes).await?;
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
                sealed_file_name: Some(sealer.seal(field::FILE_NAME, incoming.file_name.as_bytes())),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny JPEG with an EXIF segment naming a place.
    fn jpeg_with_exif() -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8]; // SOI
        bytes.extend([0xFF, 0xE0, 0x00, 0x10]); // APP0 JFIF
        bytes.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        let exif = b"Exif\0\0GPS 8.43N 99.96E Somchai";
        bytes.extend([0xFF, 0xE1, 0x00, (exif.len() + 2) as u8]);
        bytes.extend(exif);
        bytes.extend([0xFF, 0xD9]); // EOI
        bytes
    }

    #[test]
    fn exif_is_removed_from_a_jpeg() {
        let original = jpeg_with_exif();
        let stripped = strip_metadata("image/jpeg", original.clone()).unwrap();
        assert!(contains(&original, b"Somchai"));
        assert!(!contains(&stripped, b"Somchai"), "EXIF gone");
        assert!(contains(&stripped, b"JFIF"), "the image itself stays");
        assert_eq!(&stripped[..2], &[0xFF, 0xD8]);
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    /// A one-page PDF with an author in its Info dictionary and an XMP
    /// stream naming the same person, written by lopdf.
    fn pdf_with_author() -> Vec<u8> {
        use lopdf::{Document, Object, Stream, dictionary};
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let content = doc.add_object(Stream::new(
            dictionary! {},
            b"BT /F1 12 Tf 72 720 Td (Road report) Tj ET".to_vec(),
        ));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![page.into()],
                "Count" => 1,
            }),
        );
        let xmp = doc.add_object(Stream::new(
            dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
            b"<x:xmpmeta><dc:creator>Somchai Secret</dc:creator></x:xmpmeta>".to_vec(),
        ));
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages_id,
            "Metadata" => xmp,
        });
        let info = doc.add_object(dictionary! {
            "Author" => Object::string_literal("Somchai Secret"),
            "Producer" => Object::string_literal("Office of Somchai"),
        });
        doc.trailer.set("Root", catalog);
        doc.trailer.set("Info", info);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn a_pdf_loses_its_author_and_xmp_but_keeps_its_page() {
        let original = pdf_with_author();
        assert!(contains(&original, b"Somchai Secret"));
        let stripped = strip_metadata("application/pdf", original).unwrap();
        assert!(stripped.starts_with(b"%PDF-"));
        assert!(!contains(&stripped, b"Somchai"), "Info and XMP gone");
        let reread = lopdf::Document::load_mem(&stripped).expect("still a PDF");
        assert_eq!(reread.get_pages().len(), 1);
        assert!(contains(
            &reread.get_page_content(*reread.get_pages().get(&1).unwrap()),
            b"Road report"
        ));
        // Not a PDF lopdf can read: kept as it came.
        let broken = b"%PDF-1.4 /Author (Somchai)".to_vec();
        assert_eq!(
            strip_metadata("application/pdf", broken.clone()),
            Ok(broken)
        );
    }

    /// A PDF whose object streams are small compressed but inflate, together,
    /// past the budget (each alone stays under it). Written by hand: lopdf's
    /// writer makes its own object streams and drops ones it is given.
    fn pdf_bomb() -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = vec![out.len()];
        out.extend(b"1 0 obj\n<</Type/Catalog>>\nendobj\n");
        for n in 0..4u32 {
            let header = format!("{} 0 ", 1000 + n);
            let mut content = header.clone().into_bytes();
            content.extend(b"null");
            content.resize(content.len() + PDF_INFLATE_BUDGET / 3 + 1, b' ');
            let mut stream = lopdf::Stream::new(lopdf::Dictionary::new(), content);
            stream.compress().unwrap();
            offsets.push(out.len());
            out.extend(
                format!(
                    "{} 0 obj\n<</Type/ObjStm/N 1/First {}/Filter/FlateDecode/Length {}>>stream\n",
                    n + 2,
                    header.len(),
                    stream.content.len()
                )
                .as_bytes(),
            );
            out.extend(&stream.content);
            out.extend(b"\nendstream\nendobj\n");
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes());
        for offset in &offsets {
            out.extend(format!("{offset:010} 00000 n \n").as_bytes());
        }
        out.extend(
            format!(
                "trailer\n<</Size {}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n",
                offsets.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    #[test]
    fn a_pdf_that_inflates_past_the_budget_is_refused() {
        let bomb = pdf_bomb();
        assert!(
            bomb.len() < 1024 * 1024,
            "small on the wire: {}",
            bomb.len()
        );
        let refused = strip_metadata("application/pdf", bomb).unwrap_err();
        assert!(refused.to_string().contains("บีบอัดมากผิดปกติ"), "{refused}");
        // The budget is per file: the next PDF on this thread is read normally.
        assert!(strip_metadata("application/pdf", pdf_with_author()).is_ok());
    }

    /// A minimal .docx: content types, the document, and properties naming the author.
    fn docx_with_author() -> Vec<u8> {
        use std::io::Write;
        use zip::write::SimpleFileOptions;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, text) in [
            ("[Content_Types].xml", "<Types/>"),
            (
                "word/document.xml",
                "<w:document>ถนนชำรุดหน้าบ้าน</w:document>",
            ),
            (
                "docProps/core.xml",
                "<cp:coreProperties><dc:creator>Somchai Secret</dc:creator></cp:coreProperties>",
            ),
            (
                "docProps/app.xml",
                "<Properties><Company>Somchai Co</Company></Properties>",
            ),
        ] {
            writer.start_file(name, stored).unwrap();
            writer.write_all(text.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn an_office_document_loses_its_properties_and_keeps_its_text() {
        let original = docx_with_author();
        let media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        let stripped = strip_metadata(media, original).unwrap();
        assert!(!contains(&stripped, b"Somchai"));
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&stripped)).unwrap();
        let names: Vec<String> = archive.file_names().map(str::to_string).collect();
        assert_eq!(names.len(), 4, "every part is still there: {names:?}");
        let mut document = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("word/document.xml").unwrap(),
            &mut document,
        )
        .unwrap();
        assert!(document.contains("ถนนชำรุดหน้าบ้าน"));
        // Still a file the store accepts as Word.
        let kind = sujarit_store::files::detect_in_memory("a.docx", &stripped).unwrap();
        assert_eq!(kind.media_type, media);
        // A damaged zip is kept as it came.
        let broken = b"PK\x03\x04 not really".to_vec();
        assert_eq!(strip_metadata(media, broken.clone()), Ok(broken));
    }

    #[test]
    fn other_types_are_left_as_they_are() {
        let doc = b"\xD0\xCF\x11\xE0 Author Somchai".to_vec();
        assert_eq!(strip_metadata("application/msword", doc.clone()), Ok(doc));
    }
}
