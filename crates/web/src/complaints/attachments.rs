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

use axum::body::Bytes;
use img_parts::ImageEXIF;
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;
use sujarit_core::complaint::{Channel, seal_context};
use sujarit_core::sealed::Keyring;
use sujarit_store::NewAttachment;
use sujarit_store::files::{FileError, FileStore, detect_in_memory};

/// The most files one complaint carries.
pub const MAX_FILES: usize = 3;

/// A file as it came in the form.
pub struct Incoming {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Removes identifying metadata (see the module's notes); a file that cannot
/// be read, or of another type, comes back unchanged.
pub fn strip_metadata(media_type: &str, bytes: Vec<u8>) -> Vec<u8> {
    let stripped = match media_type {
        "application/pdf" => strip_pdf(&bytes),
        m if m.starts_with("application/vnd.openxmlformats-officedocument.")
            || m.starts_with("application/vnd.oasis.opendocument.") =>
        {
            strip_office(&bytes)
        }
        _ => return strip_image(media_type, bytes),
    };
    stripped.unwrap_or(bytes)
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

/// The PDF rewritten without its Info dictionary, metadata streams and
/// private application data; None when lopdf cannot read it or it is
/// encrypted (rewriting would change more than the metadata).
fn strip_pdf(bytes: &[u8]) -> Option<Vec<u8>> {
    use lopdf::{Document, Object};
    let mut document = Document::load_mem(bytes).ok()?;
    if document.was_encrypted() || document.is_encrypted() {
        return None;
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
    let mut out = Vec::with_capacity(bytes.len());
    document.save_to(&mut out).ok()?;
    Some(out)
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

/// Checks, strips and stores one file; what the store records of it.
pub async fn store(
    files: &FileStore,
    keyring: &Keyring,
    channel: Channel,
    incoming: Incoming,
) -> Result<NewAttachment, FileError> {
    let kind = detect_in_memory(&incoming.file_name, &incoming.bytes)?;
    let stripped = strip_metadata(kind.media_type, incoming.bytes);
    match channel {
        Channel::General => {
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
        Channel::Corruption => {
            let sealed = keyring.seal_with_context(&stripped, seal_context::FILE_CONTENT);
            let sha256 = files.save_opaque(&sealed).await?;
            Ok(NewAttachment {
                sha256,
                media_type: kind.media_type.to_string(),
                size_bytes: stripped.len() as u64,
                file_name: None,
                sealed_file_name: Some(
                    keyring
                        .seal_with_context(incoming.file_name.as_bytes(), seal_context::FILE_NAME),
                ),
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
        let stripped = strip_metadata("image/jpeg", original.clone());
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
        let stripped = strip_metadata("application/pdf", original);
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
        assert_eq!(strip_metadata("application/pdf", broken.clone()), broken);
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
        let stripped = strip_metadata(media, original);
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
        assert_eq!(strip_metadata(media, broken.clone()), broken);
    }

    #[test]
    fn other_types_are_left_as_they_are() {
        let doc = b"\xD0\xCF\x11\xE0 Author Somchai".to_vec();
        assert_eq!(strip_metadata("application/msword", doc.clone()), doc);
    }
}
