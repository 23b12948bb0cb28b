use super::*;
use std::io::{Read, Write};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const ODT: &str = "application/vnd.oasis.opendocument.text";

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A tiny JPEG with an EXIF segment naming a place and its owner.
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
    let stripped = clean("image/jpeg", &original).unwrap();
    assert!(contains(&original, b"Somchai"));
    assert!(!contains(&stripped, b"Somchai"), "EXIF gone");
    assert!(contains(&stripped, b"JFIF"), "the image itself stays");
    assert_eq!(&stripped[..2], &[0xFF, 0xD8]);
    // Not a JPEG the parser reads: refused, not kept as it came.
    assert_eq!(
        clean("image/jpeg", b"\xFF\xD8 Somchai"),
        Err(Uncleanable::Unreadable)
    );
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

/// Every object of a PDF, decompressed and written out plainly, so that a
/// search cannot miss a string inside a compressed object stream.
fn pdf_plain(bytes: &[u8]) -> Vec<u8> {
    let mut document = lopdf::Document::load_mem(bytes).expect("still a PDF");
    document.decompress();
    let mut out = Vec::new();
    document.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_pdf_loses_its_author_and_xmp_but_keeps_its_page() {
    let original = pdf_with_author();
    assert!(contains(&original, b"Somchai Secret"));
    let stripped = clean("application/pdf", &original).unwrap();
    assert!(stripped.starts_with(b"%PDF-"));
    assert!(
        !contains(&pdf_plain(&stripped), b"Somchai"),
        "Info and XMP gone"
    );
    let reread = lopdf::Document::load_mem(&stripped).expect("still a PDF");
    assert_eq!(reread.get_pages().len(), 1);
    assert!(contains(
        &reread.get_page_content(*reread.get_pages().get(&1).unwrap()),
        b"Road report"
    ));
    // Not a PDF lopdf can read: refused, not kept as it came.
    assert_eq!(
        clean("application/pdf", b"%PDF-1.4 /Author (Somchai)"),
        Err(Uncleanable::Unreadable)
    );
}

/// A PDF with what H2 of the security review found surviving: the trailer
/// `/ID`, a comment whose `/T` names its author (with its popup), a file
/// attachment annotation and an embedded file in the names tree, an
/// associated file on the catalog, and a photo (DCTDecode) with EXIF.
fn pdf_with_traces() -> Vec<u8> {
    use lopdf::{Document, Object, Stream, StringFormat, dictionary};
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"q 100 0 0 100 72 600 cm /Im1 Do Q BT /F1 12 Tf 72 720 Td (Road report) Tj ET".to_vec(),
    ));
    let photo = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
        },
        jpeg_with_exif(),
    ));
    let secret_file = doc.add_object(Stream::new(
        dictionary! { "Type" => "EmbeddedFile" },
        b"Somchai secret attachment".to_vec(),
    ));
    let filespec = doc.add_object(dictionary! {
        "Type" => "Filespec",
        "F" => Object::string_literal("somchai.txt"),
        "EF" => dictionary! { "F" => secret_file },
    });
    let attachment = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "FileAttachment",
        "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        "FS" => filespec,
        "T" => Object::string_literal("Somchai Secret"),
    });
    let page_id = doc.new_object_id();
    let popup = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Popup",
        "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        "T" => Object::string_literal("Somchai Secret"),
    });
    let comment = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Text",
        "Rect" => vec![20.into(), 20.into(), 30.into(), 30.into()],
        "Contents" => Object::string_literal("Budget was doubled"),
        "T" => Object::string_literal("Somchai Secret"),
        "M" => Object::string_literal("D:20250301120000+07'00'"),
        "Popup" => popup,
    });
    doc.objects.insert(
        page_id,
        Object::Dictionary(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content,
            "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => photo } },
            "Annots" => vec![comment.into(), attachment.into()],
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Names" => dictionary! {
            "EmbeddedFiles" => dictionary! {
                "Names" => vec![Object::string_literal("somchai.txt"), filespec.into()],
            },
        },
        "AF" => vec![filespec.into()],
    });
    doc.trailer.set("Root", catalog);
    let id = Object::String(b"SOMCHAI-COPY-0001".to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", vec![id.clone(), id]);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_pdf_loses_its_id_annotation_authors_embedded_files_and_photo_exif() {
    let original = pdf_with_traces();
    let before = pdf_plain(&original);
    for trace in [&b"Somchai"[..], b"/ID", b"GPS", b"Exif"] {
        assert!(contains(&before, trace), "the test file has {trace:?}");
    }
    let cleaned = clean("application/pdf", &original).unwrap();
    let after = pdf_plain(&cleaned);
    let reread = lopdf::Document::load_mem(&cleaned).unwrap();
    assert!(
        reread.trailer.get(b"ID").is_err(),
        "the trailer's /ID is gone"
    );
    for trace in [
        &b"Somchai"[..],
        b"somchai",
        b"GPS",
        b"Exif",
        b"EmbeddedFile",
        b"/AF",
    ] {
        assert!(
            !contains(&after, trace),
            "{} still there",
            String::from_utf8_lossy(trace)
        );
    }
    // What the page says stays: its text, the comment's words, the photo.
    assert!(contains(&after, b"Road report"));
    assert!(
        contains(&after, b"Budget was doubled"),
        "the comment's contents stay"
    );
    assert!(contains(&after, b"JFIF"), "the photo stays");
    let page = *reread.get_pages().get(&1).unwrap();
    let annots = reread
        .get_dictionary(page)
        .unwrap()
        .get(b"Annots")
        .unwrap()
        .as_array()
        .unwrap()
        .len();
    assert_eq!(annots, 1, "the comment stays, the file attachment goes");
}

/// A PDF with only an owner password (opens without one, printing and
/// copying "restricted"): lopdf reads it, but it is still refused.
#[test]
fn an_encrypted_pdf_is_refused() {
    use lopdf::encryption::{EncryptionState, EncryptionVersion, Permissions};
    let mut document = lopdf::Document::load_mem(&pdf_with_author()).unwrap();
    let id = lopdf::Object::String(b"0123456789abcdef".to_vec(), lopdf::StringFormat::Literal);
    document.trailer.set("ID", vec![id.clone(), id]);
    let version = EncryptionVersion::V2 {
        document: &document,
        owner_password: "owner-secret",
        user_password: "",
        key_length: 128,
        permissions: Permissions::PRINTABLE,
    };
    let state = EncryptionState::try_from(version).unwrap();
    document.encrypt(&state).unwrap();
    let mut encrypted = Vec::new();
    document.save_to(&mut encrypted).unwrap();
    assert!(contains(&encrypted, b"/Encrypt"));
    assert_eq!(
        clean("application/pdf", &encrypted),
        Err(Uncleanable::EncryptedPdf)
    );
    // A user password too: lopdf cannot open it at all; refused the same.
    let mut document = lopdf::Document::load_mem(&pdf_with_author()).unwrap();
    let id = lopdf::Object::String(b"0123456789abcdef".to_vec(), lopdf::StringFormat::Literal);
    document.trailer.set("ID", vec![id.clone(), id]);
    let version = EncryptionVersion::V2 {
        document: &document,
        owner_password: "owner-secret",
        user_password: "user-secret",
        key_length: 128,
        permissions: Permissions::PRINTABLE,
    };
    let state = EncryptionState::try_from(version).unwrap();
    document.encrypt(&state).unwrap();
    let mut locked = Vec::new();
    document.save_to(&mut locked).unwrap();
    assert_eq!(
        clean("application/pdf", &locked),
        Err(Uncleanable::EncryptedPdf)
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
    assert_eq!(
        clean("application/pdf", &bomb),
        Err(Uncleanable::TooComplex)
    );
    // Staff uploads (lenient) refuse it too, with the old message.
    let refused = strip_metadata("application/pdf", bomb).unwrap_err();
    assert!(refused.to_string().contains("บีบอัดมากผิดปกติ"), "{refused}");
    // The budget is per file: the next PDF on this thread is read normally.
    assert!(clean("application/pdf", &pdf_with_author()).is_ok());
}

/// A zip of these parts, in this order; stored or deflated.
fn zip_of(parts: &[(&str, &[u8])], compression: zip::CompressionMethod) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            compression
        };
        writer
            .start_file(
                *name,
                SimpleFileOptions::default().compression_method(method),
            )
            .unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// Each part of a package, inflated, in the package's order.
fn parts_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("still a zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            (entry.name().to_string(), content)
        })
        .collect()
}

fn part<'a>(parts: &'a [(String, Vec<u8>)], name: &str) -> &'a str {
    let (_, content) = parts
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} missing"));
    std::str::from_utf8(content).unwrap()
}

/// No part names the person, and every relationship and content-type
/// override points at a part that is still there.
fn assert_clean_and_whole(parts: &[(String, Vec<u8>)], traces: &[&str]) {
    for (name, content) in parts {
        for trace in traces {
            assert!(
                !contains(
                    &content.to_ascii_lowercase(),
                    trace.to_lowercase().as_bytes()
                ),
                "{trace:?} still in {name}: {}",
                String::from_utf8_lossy(content)
            );
        }
    }
    let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    for (name, content) in parts {
        let text = String::from_utf8_lossy(content);
        if name.ends_with(".rels") {
            let source = office::source_of_rels(name).unwrap();
            for target in attribute_values(&text, "Target") {
                if text.contains(&format!("Target=\"{target}\" TargetMode=\"External\"")) {
                    continue;
                }
                let resolved = office::resolve_target(&source, &target);
                assert!(
                    names.contains(&resolved.as_str()),
                    "{name} points at missing {resolved}"
                );
            }
        }
        if name == "[Content_Types].xml" {
            for part in attribute_values(&text, "PartName") {
                assert!(
                    names.contains(&part.trim_start_matches('/')),
                    "override of missing {part}"
                );
            }
        }
    }
}

fn attribute_values(text: &str, attribute: &str) -> Vec<String> {
    let pattern = format!(" {attribute}=\"");
    text.match_indices(&pattern)
        .map(|(at, _)| {
            let rest = &text[at + pattern.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/><Override PartName="/word/people.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body><w:p w:rsidR="00AB12CD" w:rsidRDefault="00AB12CD"><w:commentRangeStart w:id="0"/><w:r w:rsidRPr="00EF3456"><w:t>ถนนชำรุดหน้าบ้าน</w:t></w:r><w:ins w:id="1" w:author="Somchai Secret" w:initials="SS" w:date="2025-03-01T10:00:00Z"><w:r><w:t xml:space="preserve"> งบประมาณเพิ่มเป็นสองเท่า</w:t></w:r></w:ins><w:del w:id="2" w:author="Somchai Secret" w:date="2025-03-01T10:01:00Z"><w:r><w:delText>เดิม</w:delText></w:r></w:del><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p><w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData><a:blip r:embed="rId9"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p><w:sectPr w:rsidR="00AB12CD"/></w:body></w:document>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../customXml/item1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId5" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/><Relationship Id="rId6" Type="http://schemas.microsoft.com/office/2011/relationships/people" Target="people.xml"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.go.th/" TargetMode="External"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.jpeg"/></Relationships>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w:zoom w:percent="100"/><w:attachedTemplate r:id="rId1"/><w:defaultTabStop w:val="720"/><w:rsids><w:rsidRoot w:val="00AB12CD"/><w:rsid w:val="00AB12CD"/><w:rsid w:val="00EF3456"/></w:rsids><w14:docId w14:val="5C0FFEE1"/><w15:docId w15:val="{5C0FFEE2-0000-0000-0000-000000000000}"/></w:settings>"#;

const SETTINGS_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="file:///C:\Users\somchai\AppData\Roaming\Microsoft\Templates\Normal.dotm" TargetMode="External"/></Relationships>"#;

/// A .docx with everything H2 found surviving in Word files.
fn docx_with_traces() -> Vec<u8> {
    let jpeg = jpeg_with_exif();
    zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", PACKAGE_RELS.as_bytes()),
            ("docProps/core.xml", b"<cp:coreProperties><dc:creator>Somchai Secret</dc:creator></cp:coreProperties>"),
            ("docProps/thumbnail.jpeg", &jpeg),
            ("word/document.xml", DOCUMENT.as_bytes()),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()),
            ("word/settings.xml", SETTINGS.as_bytes()),
            ("word/_rels/settings.xml.rels", SETTINGS_RELS.as_bytes()),
            ("word/comments.xml", br#"<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="Somchai Secret" w:initials="SS"><w:p><w:r><w:t>check this</w:t></w:r></w:p></w:comment></w:comments>"#),
            ("word/commentsExtended.xml", b"<w15:commentsEx/>"),
            ("word/people.xml", br#"<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="Somchai Secret"><w15:presenceInfo w15:providerId="AD" w15:userId="S::somchai@example.go.th"/></w15:person></w15:people>"#),
            ("word/media/image1.jpeg", &jpeg),
            ("customXml/item1.xml", b"<p:properties><Owner>Somchai Secret</Owner></p:properties>"),
            ("customXml/itemProps1.xml", b"<ds:datastoreItem ds:itemID=\"{1}\"/>"),
            ("customXml/_rels/item1.xml.rels", br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x" Target="itemProps1.xml"/></Relationships>"#),
        ],
        zip::CompressionMethod::Deflated,
    )
}

#[test]
fn a_word_document_loses_comments_authors_session_ids_and_photo_exif() {
    let original = docx_with_traces();
    let cleaned = clean(DOCX, &original).unwrap();
    let parts = parts_of(&cleaned);
    let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/settings.xml",
            "word/_rels/settings.xml.rels",
            "word/media/image1.jpeg",
        ],
        "comments, people, custom XML and the thumbnail are dropped, the rest kept in order"
    );
    assert_clean_and_whole(
        &parts,
        &[
            "Somchai",
            "00AB12CD",
            "00EF3456",
            "5C0FFEE",
            "GPS",
            "Exif",
            "attachedTemplate",
        ],
    );
    let document = part(&parts, "word/document.xml");
    assert!(document.contains("ถนนชำรุดหน้าบ้าน"), "the text stays");
    assert!(
        document.contains("งบประมาณเพิ่มเป็นสองเท่า"),
        "tracked insertions stay"
    );
    assert!(
        document.contains(r#"<w:ins w:id="1" w:author="" w:initials="">"#),
        "{document}"
    );
    assert!(!document.contains("commentReference") && !document.contains("w:date"));
    assert!(
        document.contains(r#"<a:blip r:embed="rId9"/>"#),
        "the photo is still shown"
    );
    let settings = part(&parts, "word/settings.xml");
    assert!(settings.contains(r#"<w:zoom w:percent="100"/>"#) && !settings.contains("rsid"));
    assert!(part(&parts, "word/_rels/document.xml.rels").contains("https://example.go.th/"));
    let photo = &parts
        .iter()
        .find(|(n, _)| n == "word/media/image1.jpeg")
        .unwrap()
        .1;
    assert!(photo.starts_with(&[0xFF, 0xD8]) && contains(photo, b"JFIF"));
    // Still a file the store accepts as Word.
    let kind = sujarit_store::files::detect_in_memory("a.docx", &cleaned).unwrap();
    assert_eq!(kind.media_type, DOCX);
}

#[test]
fn an_office_document_loses_its_properties_and_keeps_its_text() {
    let original = zip_of(
        &[
            ("[Content_Types].xml", b"<Types/>"),
            (
                "word/document.xml",
                "<w:document>ถนนชำรุดหน้าบ้าน</w:document>".as_bytes(),
            ),
            (
                "docProps/core.xml",
                b"<cp:coreProperties><dc:creator>Somchai Secret</dc:creator></cp:coreProperties>",
            ),
            (
                "docProps/app.xml",
                b"<Properties><Company>Somchai Co</Company></Properties>",
            ),
        ],
        zip::CompressionMethod::Stored,
    );
    let stripped = clean(DOCX, &original).unwrap();
    let parts = parts_of(&stripped);
    assert_eq!(parts.len(), 4, "every part is still there");
    assert_clean_and_whole(&parts, &["Somchai"]);
    assert!(part(&parts, "word/document.xml").contains("ถนนชำรุดหน้าบ้าน"));
    // A damaged zip is refused, not kept as it came.
    assert_eq!(
        clean(DOCX, b"PK\x03\x04 not really"),
        Err(Uncleanable::Unreadable)
    );
}

#[test]
fn a_workbook_loses_its_folder_comments_and_printer() {
    let workbook = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15 xr" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision"><fileVersion appName="xl"/><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x15"><x15ac:absPath url="C:\Users\somchai\Desktop\" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice></mc:AlternateContent><xr:revisionPtr revIDLastSave="0" documentId="8_{5C0FFEE3-0000-0000-0000-000000000000}"/><sheets><sheet name="งบ" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ค่าก่อสร้าง 1,000,000</t></is></c></row></sheetData><pageSetup paperSize="9" orientation="portrait" r:id="rId1"/></worksheet>"#;
    let sheet_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/printerSettings" Target="../printerSettings/printerSettings1.bin"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/></Relationships>"#;
    let original = zip_of(
        &[
            ("[Content_Types].xml", br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="a"/><Override PartName="/xl/comments1.xml" ContentType="b"/></Types>"#),
            ("xl/workbook.xml", workbook.as_bytes()),
            ("xl/_rels/workbook.xml.rels", br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
            ("xl/worksheets/_rels/sheet1.xml.rels", sheet_rels.as_bytes()),
            ("xl/comments1.xml", b"<comments><authors><author>Somchai Secret</author></authors></comments>"),
            ("xl/printerSettings/printerSettings1.bin", b"\\\\SOMCHAI-PC\\HP LaserJet"),
        ],
        zip::CompressionMethod::Deflated,
    );
    let cleaned = clean(XLSX, &original).unwrap();
    let parts = parts_of(&cleaned);
    assert_eq!(parts.len(), 5, "comments and printer settings dropped");
    assert_clean_and_whole(&parts, &["Somchai", "absPath", "5C0FFEE"]);
    assert!(
        part(&parts, "xl/workbook.xml").contains(r#"<sheet name="งบ" sheetId="1" r:id="rId1"/>"#)
    );
    let sheet = part(&parts, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("ค่าก่อสร้าง 1,000,000"));
    assert!(
        sheet.contains(r#"<pageSetup paperSize="9" orientation="portrait"/>"#),
        "the page setup stays without its printer: {sheet}"
    );
}

#[test]
fn an_opendocument_loses_thumbnail_annotation_authors_and_photo_exif() {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:body><office:text><text:p>ถนนชำรุด<office:annotation><dc:creator>Somchai Secret</dc:creator><dc:date>2025-03-01T10:00:00</dc:date><meta:creator-initials>SS</meta:creator-initials><text:p>ดูตรงนี้</text:p></office:annotation></text:p></office:text></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png" manifest:media-type="image/png"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="Pictures/photo.jpg" manifest:media-type="image/jpeg"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let jpeg = jpeg_with_exif();
    let original = zip_of(
        &[
            ("mimetype", ODT.as_bytes()),
            ("content.xml", content.as_bytes()),
            ("meta.xml", b"<office:document-meta><meta:initial-creator>Somchai Secret</meta:initial-creator></office:document-meta>"),
            ("Thumbnails/thumbnail.png", b"\x89PNG Somchai"),
            ("Pictures/photo.jpg", &jpeg),
            ("META-INF/manifest.xml", manifest.as_bytes()),
        ],
        zip::CompressionMethod::Deflated,
    );
    let cleaned = clean(ODT, &original).unwrap();
    // mimetype first and stored, as OpenDocument requires.
    assert!(cleaned.starts_with(b"PK\x03\x04"));
    assert_eq!(&cleaned[30..38], b"mimetype");
    assert_eq!(u16::from_le_bytes([cleaned[8], cleaned[9]]), 0, "stored");
    let parts = parts_of(&cleaned);
    let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "mimetype",
            "content.xml",
            "meta.xml",
            "Pictures/photo.jpg",
            "META-INF/manifest.xml"
        ]
    );
    assert_clean_and_whole(
        &parts,
        &["Somchai", "GPS", "Exif", "Thumbnails", "creator-initials"],
    );
    let content = part(&parts, "content.xml");
    assert!(
        content.contains("ถนนชำรุด") && content.contains("ดูตรงนี้"),
        "{content}"
    );
    let kind = sujarit_store::files::detect_in_memory("a.odt", &cleaned).unwrap();
    assert_eq!(kind.media_type, ODT);
}

#[test]
fn old_binary_office_files_are_refused() {
    // An OLE compound file, as Word 97–2003 writes it.
    let doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 Author Somchai";
    assert_eq!(
        clean("application/msword", doc),
        Err(Uncleanable::OldOffice)
    );
    assert_eq!(
        clean("application/vnd.ms-excel", doc),
        Err(Uncleanable::OldOffice)
    );
    // Staff uploads keep it (their lenient cleaning).
    assert_eq!(
        strip_metadata("application/msword", doc.to_vec()),
        Ok(doc.to_vec())
    );
    // Inside a Word file, as an embedded object: refused too.
    let docx = zip_of(
        &[
            ("word/document.xml", b"<w:document/>"),
            ("word/embeddings/oleObject1.bin", doc),
        ],
        zip::CompressionMethod::Deflated,
    );
    assert_eq!(clean(DOCX, &docx), Err(Uncleanable::OldOffice));
}

#[test]
fn a_workbook_embedded_in_a_document_is_cleaned_too() {
    let inner = zip_of(
        &[(
            "docProps/core.xml",
            b"<cp:coreProperties><dc:creator>Somchai Secret</dc:creator></cp:coreProperties>",
        )],
        zip::CompressionMethod::Deflated,
    );
    let docx = zip_of(
        &[
            ("word/document.xml", b"<w:document/>"),
            ("word/embeddings/Microsoft_Excel_Worksheet.xlsx", &inner),
        ],
        zip::CompressionMethod::Deflated,
    );
    let cleaned = clean(DOCX, &docx).unwrap();
    let parts = parts_of(&cleaned);
    let embedded = &parts[1].1;
    assert_clean_and_whole(&parts_of(embedded), &["Somchai"]);
    // A PDF embedded in a presentation, the same.
    let pptx = zip_of(
        &[
            ("ppt/presentation.xml", b"<p:presentation/>"),
            ("ppt/embeddings/report.pdf", &pdf_with_author()),
        ],
        zip::CompressionMethod::Deflated,
    );
    let cleaned = clean(DOCX, &pptx).unwrap();
    let pdf = &parts_of(&cleaned)[1].1;
    assert!(!contains(&pdf_plain(pdf), b"Somchai"));
}

/// Two parts of zeros, each under the budget, together past it: small on
/// the wire, refused before the second is read whole.
#[test]
fn a_package_that_inflates_past_the_budget_is_refused() {
    use zip::write::SimpleFileOptions;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let zeros = vec![0u8; 1024 * 1024];
    let half = OFFICE_INFLATE_BUDGET / (1024 * 1024) / 2 + 1;
    for name in ["word/document.xml", "word/styles.xml"] {
        writer
            .start_file(
                name,
                SimpleFileOptions::default().compression_level(Some(1)),
            )
            .unwrap();
        for _ in 0..half {
            writer.write_all(&zeros).unwrap();
        }
    }
    let bomb = writer.finish().unwrap().into_inner();
    assert!(
        bomb.len() < 4 * 1024 * 1024,
        "small on the wire: {}",
        bomb.len()
    );
    assert_eq!(clean(DOCX, &bomb), Err(Uncleanable::TooComplex));

    let many: Vec<(String, Vec<u8>)> = (0..=MAX_ENTRIES)
        .map(|i| (format!("word/media/{i}.bin"), Vec::new()))
        .collect();
    let many: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let crowded = zip_of(&many, zip::CompressionMethod::Stored);
    assert_eq!(clean(DOCX, &crowded), Err(Uncleanable::TooComplex));
}

#[test]
fn a_refusal_names_the_file_and_what_to_do() {
    let refusal = FileRefusal::NotCleanable {
        file_name: "งบ.doc".into(),
        why: Uncleanable::OldOffice,
    }
    .to_string();
    assert!(refusal.contains("\"งบ.doc\" ทำความสะอาดไม่ได้"), "{refusal}");
    assert!(refusal.contains("DOCX"), "{refusal}");
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    const TYPES: [&str; 8] = [
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/webp",
        DOCX,
        XLSX,
        ODT,
        "application/msword",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Arbitrary bytes, or a real file with some bytes changed, of every
        /// type: cleaned or refused, never a panic.
        #[test]
        fn arbitrary_bytes_are_cleaned_or_refused(
            kind in 0..TYPES.len(),
            seed in 0..4usize,
            noise in proptest::collection::vec(any::<u8>(), 0..512),
            at in any::<usize>(),
        ) {
            let media_type = TYPES[kind];
            let mut bytes = match seed {
                0 => Vec::new(),
                1 => pdf_with_traces(),
                2 => docx_with_traces(),
                _ => jpeg_with_exif(),
            };
            if bytes.is_empty() {
                bytes = noise;
            } else {
                let at = at % bytes.len();
                for (i, b) in noise.iter().enumerate() {
                    if let Some(slot) = bytes.get_mut(at + i) {
                        *slot = *b;
                    }
                }
            }
            let _ = clean(media_type, &bytes);
        }
    }
}
