//! The fuzz harnesses of the cleaners (`fuzz/fuzz_targets/clean_*.rs`), also
//! run as property tests over mutated seeds (below). A file cleaned is
//! re-readable by the same cleaner and holds none of what cleaning removes;
//! a file refused is refused in Thai. Each panics when not.

use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;
use lopdf::{Dictionary, Document, Object};
use sujarit_core::thai::is_thai;

use super::{clean, office, pdf};

const WORD: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

#[doc(hidden)]
pub fn fuzz_clean_pdf(bytes: &[u8]) {
    if let Some(cleaned) = cleaned_or_refused("application/pdf", bytes) {
        let document = Document::load_mem(&cleaned).expect("a cleaned PDF is re-readable");
        for key in [b"Info".as_slice(), b"ID"] {
            assert!(
                !document.trailer.has(key),
                "the trailer keeps /{}",
                String::from_utf8_lossy(key)
            );
        }
        assert_clean_dictionary(&document.trailer);
        for object in document.objects.values() {
            assert_no_traces(object);
        }
    }
}

#[doc(hidden)]
pub fn fuzz_clean_image(bytes: &[u8]) {
    for media_type in ["image/jpeg", "image/png", "image/webp"] {
        let Some(cleaned) = cleaned_or_refused(media_type, bytes) else {
            continue;
        };
        let cleaned = bytes::Bytes::from(cleaned);
        match media_type {
            "image/jpeg" => {
                let jpeg = Jpeg::from_bytes(cleaned).expect("a cleaned JPEG is re-readable");
                for segment in jpeg.segments() {
                    let marker = segment.marker();
                    let adobe =
                        marker == markers::APP14 && segment.contents().starts_with(b"Adobe");
                    let kept = (markers::APP1..=markers::APP15).contains(&marker)
                        || marker == markers::COM;
                    assert!(adobe || !kept, "a JPEG keeps segment {marker:#x}");
                }
            }
            "image/png" => {
                let png = Png::from_bytes(cleaned).expect("a cleaned PNG is re-readable");
                for chunk in png.chunks() {
                    let kind = chunk.kind();
                    assert!(
                        !matches!(&kind, b"eXIf" | b"tEXt" | b"iTXt" | b"zTXt" | b"tIME"),
                        "a PNG keeps {}",
                        String::from_utf8_lossy(&kind)
                    );
                }
            }
            _ => {
                let webp = WebP::from_bytes(cleaned).expect("a cleaned WebP is re-readable");
                assert!(
                    webp.chunk_by_id(*b"EXIF").is_none(),
                    "a WebP keeps its EXIF"
                );
                assert!(webp.chunk_by_id(*b"XMP ").is_none(), "a WebP keeps its XMP");
            }
        }
    }
}

#[doc(hidden)]
pub fn fuzz_clean_office(bytes: &[u8]) {
    if let Some(cleaned) = cleaned_or_refused(WORD, bytes) {
        let archive = zip::ZipArchive::new(std::io::Cursor::new(&cleaned))
            .expect("a cleaned package is a zip");
        for name in archive.file_names() {
            assert!(
                !office::dropped(&name.to_lowercase()),
                "a package keeps {name}"
            );
        }
    }
}

/// The file cleaned (checked to clean again), or None when it was refused
/// with a Thai reason.
fn cleaned_or_refused(media_type: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    match clean(media_type, bytes) {
        Ok(cleaned) => {
            if let Err(why) = clean(media_type, &cleaned) {
                panic!("a cleaned {media_type} file does not clean again: {why}");
            }
            Some(cleaned)
        }
        Err(why) => {
            assert!(why.to_string().chars().any(is_thai), "{why:?}");
            None
        }
    }
}

fn assert_no_traces(object: &Object) {
    match object {
        Object::Dictionary(dictionary) => assert_clean_dictionary(dictionary),
        Object::Stream(stream) => assert_clean_dictionary(&stream.dict),
        Object::Array(items) => items.iter().for_each(assert_no_traces),
        _ => {}
    }
}

fn assert_clean_dictionary(dictionary: &Dictionary) {
    for key in pdf::REMOVED_EVERYWHERE {
        assert!(
            !dictionary.has(key),
            "a PDF keeps /{}",
            String::from_utf8_lossy(key)
        );
    }
    // A file-attachment annotation may stay as an empty shell (its /EF and
    // author are gone, checked above): the cleaner removes such annotations
    // from /Annots arrays and as objects, not where a damaged file puts them.
    for (_, value) in dictionary.iter() {
        assert_no_traces(value);
    }
}

#[cfg(test)]
mod tests {
    /// Found by the property test: a damaged PDF whose page entries (an
    /// annotation with its author, private data, an embedded file) lopdf
    /// reads into the trailer kept them, as the trailer was not cleaned.
    #[test]
    fn a_page_read_into_the_trailer_is_cleaned() {
        super::fuzz_clean_pdf(include_bytes!(
            "../../../../../fuzz/seeds/clean_pdf/regression-page-in-trailer.pdf"
        ));
    }

    sujarit_testkit::fuzz_properties! {
        the_pdf_cleaner_takes_any_bytes: "clean_pdf" => super::fuzz_clean_pdf;
        the_image_cleaner_takes_any_bytes: "clean_image" => super::fuzz_clean_image;
        the_office_cleaner_takes_any_bytes: "clean_office" => super::fuzz_clean_office;
    }
}
