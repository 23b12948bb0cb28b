//! Cleaning of Word/Excel/PowerPoint (OOXML) and OpenDocument files, both
//! zip packages of XML parts. Parts that only identify people are dropped
//! with what points at them (relationships, content-type overrides, manifest
//! entries), the remaining XML parts are rewritten event by event without
//! authors, session and document ids, photos are cleaned like uploads, and
//! every other part is copied still compressed, in its order (OpenDocument
//! needs `mimetype` first and stored).

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read, Write};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::{NsReader, Writer};
use sujarit_core::files::Uncleanable;
use zip::write::SimpleFileOptions;

/// How far the parts of one package (and those of the packages embedded in
/// it) may inflate, all together, while it is cleaned.
pub const OFFICE_INFLATE_BUDGET: u64 = 256 * 1024 * 1024;
/// The most entries one package may have.
pub const MAX_ENTRIES: usize = 10_000;
/// Packages inside packages (a chart's workbook in a document) are cleaned
/// too, this deep.
const MAX_DEPTH: u8 = 2;

/// Document properties, and what replaces them.
const PROPERTIES: &[(&str, &str)] = &[
    (
        "docprops/core.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>"#,
    ),
    (
        "docprops/app.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>"#,
    ),
    (
        "docprops/custom.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>"#,
    ),
];

const EMPTY_ODF_META: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"><office:meta/></office:document-meta>"#;

/// What replaces a properties part (by its lowercase name), if it is one.
fn replacement(lower: &str) -> Option<&'static str> {
    if let Some((_, empty)) = PROPERTIES.iter().find(|(name, _)| *name == lower) {
        return Some(empty);
    }
    // OpenDocument's, also those of embedded objects ("Object 1/meta.xml").
    (lower == "meta.xml" || lower.ends_with("/meta.xml")).then_some(EMPTY_ODF_META)
}

/// Parts that only say who wrote, commented or printed, or show the first
/// page as a picture (a thumbnail would keep what the cleaning removes).
pub(super) fn dropped(lower: &str) -> bool {
    let base = lower.rsplit('/').next().unwrap_or(lower);
    lower == "word/people.xml"
        || (lower.starts_with("word/comments") && lower.ends_with(".xml"))
        || (lower.starts_with("xl/comments") && lower.ends_with(".xml"))
        || lower == "ppt/commentauthors.xml"
        || lower == "ppt/authors.xml"
        || lower.starts_with("ppt/comments/")
        || lower.starts_with("xl/threadedcomments/")
        || lower.starts_with("xl/persons/")
        || lower.starts_with("customxml/")
        || lower.starts_with("thumbnails/")
        || base.starts_with("thumbnail")
        || lower.contains("/printersettings/")
        || rels_of_dropped(lower)
}

/// `dir/_rels/name.rels` of a dropped `dir/name`.
fn rels_of_dropped(lower: &str) -> bool {
    source_of_rels(lower).is_some_and(|source| !source.is_empty() && dropped(&source))
}

/// The part a relationships part belongs to ("" for the package's own).
pub(super) fn source_of_rels(name: &str) -> Option<String> {
    let (dir, file) = name.rsplit_once('/').unwrap_or(("", name));
    let source = file.strip_suffix(".rels")?;
    let dir = if dir == "_rels" {
        ""
    } else {
        dir.strip_suffix("/_rels")?
    };
    Some(if dir.is_empty() {
        source.to_string()
    } else {
        format!("{dir}/{source}")
    })
}

/// The part a relationship's target names, from the part it belongs to.
pub(super) fn resolve_target(source: &str, target: &str) -> String {
    let target = target.split(['#', '?']).next().unwrap_or(target);
    let mut path: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        let mut dir: Vec<&str> = source.split('/').collect();
        dir.pop();
        dir
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            other => path.push(other),
        }
    }
    path.join("/")
}

/// What the cleaning of one package (and those inside it) has left to spend.
struct Budget {
    inflate_left: u64,
}

pub(super) fn clean_package(bytes: &[u8]) -> Result<Vec<u8>, Uncleanable> {
    let mut budget = Budget {
        inflate_left: OFFICE_INFLATE_BUDGET,
    };
    clean_zip(bytes, &mut budget, 0)
}

/// One entry's name, as written and in lowercase (OPC part names compare
/// without case).
struct Entry {
    name: String,
    lower: String,
}

fn clean_zip(bytes: &[u8], budget: &mut Budget, depth: u8) -> Result<Vec<u8>, Uncleanable> {
    if depth > MAX_DEPTH {
        return Err(Uncleanable::TooComplex);
    }
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Uncleanable::Unreadable)?;
    if archive.len() > MAX_ENTRIES {
        return Err(Uncleanable::TooComplex);
    }
    let entries: Vec<Entry> = (0..archive.len())
        .map(|index| {
            let name = archive
                .name_for_index(index)
                .ok_or(Uncleanable::Unreadable)?
                .to_string();
            let lower = name.to_lowercase();
            Ok(Entry { name, lower })
        })
        .collect::<Result<_, Uncleanable>>()?;
    let names: HashSet<&str> = entries.iter().map(|e| e.lower.as_str()).collect();
    let is_odf = names.contains("mimetype");

    // Relationships first: a part's rewriting needs to know which of its
    // relationships went (so that nothing points at a dropped part).
    let mut rels: HashMap<usize, Vec<u8>> = HashMap::new();
    let mut removed_ids: HashMap<String, HashSet<String>> = HashMap::new();
    for (index, entry) in entries.iter().enumerate() {
        if dropped(&entry.lower) || !entry.lower.ends_with(".rels") {
            continue;
        }
        let Some(source) = source_of_rels(&entry.lower) else {
            continue;
        };
        let xml = inflate(&mut archive, index, budget)?;
        let mut ids = HashSet::new();
        let cleaned = rewrite_xml(
            &xml,
            &Context {
                source: &source,
                removed_ids: &HashSet::new(),
            },
            Some(&mut ids),
        )?;
        rels.insert(index, cleaned);
        removed_ids.insert(source, ids);
    }

    let no_ids = HashSet::new();
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (index, entry) in entries.iter().enumerate() {
        let lower = entry.lower.as_str();
        if dropped(lower) {
            continue;
        }
        let rewritten: Option<Vec<u8>> = if let Some(cleaned) = rels.remove(&index) {
            Some(cleaned)
        } else if let Some(empty) =
            replacement(lower).filter(|_| is_odf || lower.starts_with("docprops/"))
        {
            Some(empty.as_bytes().to_vec())
        } else if lower.ends_with(".xml") {
            let xml = inflate(&mut archive, index, budget)?;
            let context = Context {
                source: lower,
                removed_ids: removed_ids.get(lower).unwrap_or(&no_ids),
            };
            Some(rewrite_xml(&xml, &context, None)?)
        } else if is_media(lower) || lower.contains("/embeddings/") {
            let inner = inflate(&mut archive, index, budget)?;
            if let Some(media_type) = super::image_type(&inner) {
                Some(super::clean_image(media_type, &inner)?)
            } else if inner.starts_with(b"PK\x03\x04") {
                Some(clean_zip(&inner, budget, depth + 1)?)
            } else if inner.starts_with(b"%PDF-") {
                Some(super::pdf::clean_pdf(&inner)?)
            } else if inner.starts_with(b"\xD0\xCF\x11\xE0") {
                // An embedded object in the old binary format keeps its author.
                return Err(Uncleanable::OldOffice);
            } else {
                None
            }
        } else {
            None
        };
        match rewritten {
            Some(content) => {
                let options = if lower == "mimetype" {
                    stored
                } else {
                    deflated
                };
                writer
                    .start_file(entry.name.as_str(), options)
                    .map_err(|_| Uncleanable::Unreadable)?;
                writer
                    .write_all(&content)
                    .map_err(|_| Uncleanable::Unreadable)?;
            }
            None => {
                let raw = archive
                    .by_index_raw(index)
                    .map_err(|_| Uncleanable::Unreadable)?;
                writer
                    .raw_copy_file(raw)
                    .map_err(|_| Uncleanable::Unreadable)?;
            }
        }
    }
    Ok(writer
        .finish()
        .map_err(|_| Uncleanable::Unreadable)?
        .into_inner())
}

/// Pictures of OOXML (`word/media/…`) and OpenDocument (`Pictures/…`).
fn is_media(lower: &str) -> bool {
    lower.contains("/media/") || lower.starts_with("pictures/")
}

/// One entry inflated, spending the budget; past it the file is refused.
fn inflate<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    index: usize,
    budget: &mut Budget,
) -> Result<Vec<u8>, Uncleanable> {
    let entry = archive
        .by_index(index)
        .map_err(|_| Uncleanable::Unreadable)?;
    let mut out = Vec::new();
    // One byte more than is left tells "over" from "exactly all of it".
    entry
        .take(budget.inflate_left + 1)
        .read_to_end(&mut out)
        .map_err(|_| Uncleanable::Unreadable)?;
    let used = out.len() as u64;
    if used > budget.inflate_left {
        return Err(Uncleanable::TooComplex);
    }
    budget.inflate_left -= used;
    Ok(out)
}

const W: &[u8] = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W14: &[u8] = b"http://schemas.microsoft.com/office/word/2010/wordml";
const W15: &[u8] = b"http://schemas.microsoft.com/office/word/2012/wordml";
const R: &[u8] = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_RELS: &[u8] = b"http://schemas.openxmlformats.org/package/2006/relationships";
const CONTENT_TYPES: &[u8] = b"http://schemas.openxmlformats.org/package/2006/content-types";
const X15AC: &[u8] = b"http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac";
const XR: &[u8] = b"http://schemas.microsoft.com/office/spreadsheetml/2014/revision";
const DC: &[u8] = b"http://purl.org/dc/elements/1.1/";
const META: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:meta:1.0";
const LOEXT: &[u8] = b"urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0";
const MANIFEST: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
const CONFIG: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:config:1.0";

/// Elements dropped with everything inside them, wherever they are.
const DROPPED_ELEMENTS: &[(&[u8], &[u8])] = &[
    // Word: revision session ids, the attached template, comment anchors
    // (their comments are gone), the document's ids.
    (W, b"rsids"),
    (W, b"attachedTemplate"),
    (W, b"commentRangeStart"),
    (W, b"commentRangeEnd"),
    (W, b"commentReference"),
    (W14, b"docId"),
    (W15, b"docId"),
    // Excel: the folder the workbook was saved in, the co-authoring ids.
    (X15AC, b"absPath"),
    (XR, b"revisionPtr"),
    // OpenDocument: who wrote an annotation or made a tracked change.
    (DC, b"creator"),
    (META, b"creator-initials"),
    (LOEXT, b"sender-initials"),
];

/// Where an XML part sits: its name (lowercase) and the ids of its
/// relationships that were removed.
struct Context<'a> {
    source: &'a str,
    removed_ids: &'a HashSet<String>,
}

/// What becomes of one element.
enum Verdict {
    Keep,
    Drop,
    Rewrite(BytesStart<'static>),
}

/// The XML part rewritten (see [`judge`]); for a relationships part, the
/// ids of the relationships removed are added to `removed`.
fn rewrite_xml(
    xml: &[u8],
    context: &Context<'_>,
    mut removed: Option<&mut HashSet<String>>,
) -> Result<Vec<u8>, Uncleanable> {
    let mut reader = NsReader::from_reader(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len()));
    let mut buf = Vec::new();
    // Inside a dropped element: how deep.
    let mut skipping = 0usize;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| Uncleanable::Unreadable)?;
        match event {
            Event::Eof => break,
            Event::Start(_) if skipping > 0 => skipping += 1,
            Event::End(_) if skipping > 0 => skipping -= 1,
            _ if skipping > 0 => {}
            Event::Start(start) => match judge(&reader, &start, context, removed.as_deref_mut())? {
                Verdict::Keep => write(&mut writer, Event::Start(start))?,
                Verdict::Drop => skipping = 1,
                Verdict::Rewrite(new) => write(&mut writer, Event::Start(new))?,
            },
            Event::Empty(start) => match judge(&reader, &start, context, removed.as_deref_mut())? {
                Verdict::Keep => write(&mut writer, Event::Empty(start))?,
                Verdict::Drop => {}
                Verdict::Rewrite(new) => write(&mut writer, Event::Empty(new))?,
            },
            other => write(&mut writer, other)?,
        }
        buf.clear();
    }
    Ok(writer.into_inner())
}

fn write(writer: &mut Writer<Vec<u8>>, event: Event<'_>) -> Result<(), Uncleanable> {
    writer
        .write_event(event)
        .map_err(|_| Uncleanable::Unreadable)
}

fn bound<'a>(resolved: &'a ResolveResult<'_>) -> &'a [u8] {
    match resolved {
        ResolveResult::Bound(Namespace(ns)) => ns,
        _ => b"",
    }
}

/// Decides one element: dropped (see [`DROPPED_ELEMENTS`], relationships
/// and overrides of dropped parts, elements naming a removed relationship),
/// rewritten without identifying attributes, or kept as it is.
fn judge(
    reader: &NsReader<&[u8]>,
    start: &BytesStart<'_>,
    context: &Context<'_>,
    removed: Option<&mut HashSet<String>>,
) -> Result<Verdict, Uncleanable> {
    let (ns, local) = reader.resolve_element(start.name());
    let ns = bound(&ns);
    let local = local.as_ref();
    if DROPPED_ELEMENTS
        .iter()
        .any(|(n, l)| *n == ns && *l == local)
    {
        return Ok(Verdict::Drop);
    }
    let attribute = |name: &[u8]| -> Option<String> {
        start
            .attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
    };
    match (ns, local) {
        (PACKAGE_RELS, b"Relationship") => {
            let target = attribute(b"Target").unwrap_or_default();
            let kind = attribute(b"Type").unwrap_or_default();
            let external = attribute(b"TargetMode").as_deref() == Some("External");
            let gone = kind.ends_with("/attachedTemplate")
                || (!external && dropped(&resolve_target(context.source, &target).to_lowercase()));
            if gone {
                if let (Some(removed), Some(id)) = (removed, attribute(b"Id")) {
                    removed.insert(id);
                }
                return Ok(Verdict::Drop);
            }
            return Ok(Verdict::Keep);
        }
        (CONTENT_TYPES, b"Override") => {
            let part = attribute(b"PartName").unwrap_or_default();
            let part = part.trim_start_matches('/').to_lowercase();
            return Ok(if dropped(&part) {
                Verdict::Drop
            } else {
                Verdict::Keep
            });
        }
        (MANIFEST, b"file-entry") => {
            let part = start
                .attributes()
                .flatten()
                .find(|a| {
                    let (ns, local) = reader.resolve_attribute(a.key);
                    bound(&ns) == MANIFEST && local.as_ref() == b"full-path"
                })
                .and_then(|a| a.unescape_value().ok().map(|v| v.to_lowercase()))
                .unwrap_or_default();
            return Ok(if !part.is_empty() && dropped(&part) {
                Verdict::Drop
            } else {
                Verdict::Keep
            });
        }
        (CONFIG, b"config-item") => {
            // The printer's name and driver settings (often a network
            // printer named after its office).
            let name = start.attributes().flatten().find_map(|a| {
                let (ns, local) = reader.resolve_attribute(a.key);
                (bound(&ns) == CONFIG && local.as_ref() == b"name")
                    .then(|| a.unescape_value().ok().map(|v| v.into_owned()))
                    .flatten()
            });
            if matches!(name.as_deref(), Some("PrinterName" | "PrinterSetup")) {
                return Ok(Verdict::Drop);
            }
            return Ok(Verdict::Keep);
        }
        _ => {}
    }

    let mut changed = false;
    let mut kept = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|_| Uncleanable::Unreadable)?;
        let (ns, local) = reader.resolve_attribute(attribute.key);
        let ns = bound(&ns);
        let local = local.as_ref();
        if ns == R
            && context
                .removed_ids
                .contains(attribute.unescape_value().unwrap_or_default().as_ref())
        {
            // A page setup's printer settings are optional; any other
            // element that names a removed part goes with it.
            if local_name(start) == b"pageSetup" {
                changed = true;
                continue;
            }
            return Ok(Verdict::Drop);
        }
        if ns == W && (local.starts_with(b"rsid") || local == b"date") {
            changed = true;
            continue;
        }
        if ns == W && (local == b"author" || local == b"initials") {
            changed = true;
            kept.push((attribute.key.as_ref().to_vec(), Vec::new()));
            continue;
        }
        kept.push((
            attribute.key.as_ref().to_vec(),
            attribute.value.into_owned(),
        ));
    }
    if !changed {
        return Ok(Verdict::Keep);
    }
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut new = BytesStart::new(name);
    for (key, value) in &kept {
        new.push_attribute(quick_xml::events::attributes::Attribute {
            key: quick_xml::name::QName(key),
            value: std::borrow::Cow::Borrowed(value),
        });
    }
    Ok(Verdict::Rewrite(new))
}

fn local_name<'a>(start: &'a BytesStart<'_>) -> &'a [u8] {
    let name = start.name().into_inner();
    name.rsplit(|b| *b == b':').next().unwrap_or(name)
}
