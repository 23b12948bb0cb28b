//! PDF cleaning with lopdf: the document is read whole (within an inflate
//! budget), identifying entries are removed, and it is written anew.

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, SaveOptions};
use sujarit_core::files::Uncleanable;

/// How far the object streams of one PDF may inflate, all together, while
/// it is read for cleaning. lopdf bounds each stream but not their sum, and
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
fn inflate_budget(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object
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
        Object::Stream(_) => Some((id, Object::Null)),
        other => Some((id, other.clone())),
    }
}

/// Entries removed from every dictionary: XMP, private application data,
/// associated files (`AF`), embedded file streams of file specifications
/// (`EF`, `RF`), the embedded files of the names tree and portfolios.
pub(super) const REMOVED_EVERYWHERE: &[&[u8]] = &[
    b"Metadata",
    b"PieceInfo",
    b"AF",
    b"EF",
    b"RF",
    b"EmbeddedFiles",
    b"Collection",
];

/// What an annotation says of who made it and when.
const ANNOTATION_AUTHORSHIP: &[&[u8]] = &[b"T", b"M", b"CreationDate", b"NM"];

pub(super) fn clean_pdf(bytes: &[u8]) -> Result<Vec<u8>, Uncleanable> {
    INFLATE_LEFT.set(Some(PDF_INFLATE_BUDGET));
    let options = LoadOptions {
        filter: Some(inflate_budget),
        ..LoadOptions::with_max_decompressed_size(PDF_INFLATE_BUDGET)
    };
    let loaded = Document::load_mem_with_options(bytes, options);
    let over_budget = INFLATE_LEFT.replace(None).is_none();
    if over_budget {
        return Err(Uncleanable::TooComplex);
    }
    let mut document = match loaded {
        Ok(document) => document,
        // A user password lopdf cannot guess fails the load.
        Err(_) if contains(bytes, b"/Encrypt") => return Err(Uncleanable::EncryptedPdf),
        Err(_) => return Err(Uncleanable::Unreadable),
    };
    // An owner-password file opens without a password, but what lopdf would
    // write of it is not the file the sender made: refused like the others.
    if document.was_encrypted() || document.is_encrypted() {
        return Err(Uncleanable::EncryptedPdf);
    }
    document.trailer.remove(b"Info");
    document.trailer.remove(b"ID");

    let attachments: Vec<ObjectId> = document
        .objects
        .iter()
        .filter(|(_, object)| is_file_attachment(object))
        .map(|(id, _)| *id)
        .collect();
    for id in &attachments {
        document.objects.remove(id);
    }
    // The trailer too: a damaged file can have a page's entries (annotations,
    // private data) read into it, and it is written out again (found by fuzzing).
    clean_dictionary(&mut document.trailer, &attachments);
    for object in document.objects.values_mut() {
        match object {
            Object::Dictionary(dictionary) => clean_dictionary(dictionary, &attachments),
            Object::Stream(stream) => {
                clean_dictionary(&mut stream.dict, &attachments);
                if is_plain_jpeg(&stream.dict) {
                    let cleaned = super::clean_image("image/jpeg", &stream.content)?;
                    stream.set_content(cleaned);
                }
            }
            _ => {}
        }
    }
    // What only the removed entries pointed at (Info, XMP, embedded files).
    document.prune_objects();
    // Object streams again, so a compact file does not grow past the limit.
    let save = SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .build();
    let mut out = Vec::with_capacity(bytes.len());
    document
        .save_with_options(&mut out, save)
        .map_err(|_| Uncleanable::Unreadable)?;
    Ok(out)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn is_file_attachment(object: &Object) -> bool {
    let dictionary = match object {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        _ => return false,
    };
    matches!(
        dictionary.get(b"Subtype").and_then(Object::as_name),
        Ok(b"FileAttachment")
    )
}

/// Removes identifying entries from one dictionary and those nested in it
/// (annotations are often written inline in a page's `/Annots`).
fn clean_dictionary(dictionary: &mut Dictionary, attachments: &[ObjectId]) {
    for key in REMOVED_EVERYWHERE {
        dictionary.remove(key);
    }
    if is_markup_annotation(dictionary) {
        for key in ANNOTATION_AUTHORSHIP {
            dictionary.remove(key);
        }
    }
    for (key, value) in dictionary.iter_mut() {
        let annots = key.as_slice() == b"Annots";
        clean_value(value, attachments, annots);
    }
}

fn clean_value(value: &mut Object, attachments: &[ObjectId], annots: bool) {
    match value {
        Object::Dictionary(nested) => clean_dictionary(nested, attachments),
        Object::Array(items) => {
            if annots {
                items.retain(|item| match item {
                    Object::Reference(id) => !attachments.contains(id),
                    inline => !is_file_attachment(inline),
                });
            }
            for item in items {
                clean_value(item, attachments, false);
            }
        }
        _ => {}
    }
}

/// An annotation whose `/T` is its author. A form field's `/T` is the
/// field's name (widgets merged with their field carry `/FT` or a `/Parent`
/// field), which the form needs.
fn is_markup_annotation(dictionary: &Dictionary) -> bool {
    let subtype = dictionary.get(b"Subtype").and_then(Object::as_name);
    let annotation = dictionary.has_type(b"Annot") || dictionary.has(b"Rect") && subtype.is_ok();
    annotation
        && !matches!(subtype, Ok(b"Widget"))
        && !dictionary.has(b"FT")
        && !dictionary.has(b"Kids")
}

/// An image stream whose only filter is DCTDecode: its content is a JPEG
/// file as a camera or scanner wrote it, APPn segments included.
fn is_plain_jpeg(dictionary: &Dictionary) -> bool {
    match dictionary.get(b"Filter") {
        Ok(Object::Name(name)) => name == b"DCTDecode",
        Ok(Object::Array(filters)) => {
            filters.len() == 1 && matches!(filters[0].as_name(), Ok(b"DCTDecode"))
        }
        _ => false,
    }
}
