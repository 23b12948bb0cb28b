//! Files a complainant attaches: checked by content (the file store's list of
//! accepted types), size-limited, stripped of the metadata a library can
//! strip (EXIF, XMP, IPTC and comments of JPEG; text, time and EXIF chunks of
//! PNG — where a phone puts the place and the owner), and for a corruption
//! report sealed before anything reaches the disk, name included.
//!
//! PDFs and office documents keep their metadata: no well-kept crate rewrites
//! them safely, so the filing form says so.

use axum::body::Bytes;
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
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

/// Removes identifying metadata from JPEG and PNG; other types unchanged.
pub fn strip_metadata(media_type: &str, bytes: Vec<u8>) -> Vec<u8> {
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
        _ => bytes,
    }
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
        let contains = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
        assert!(contains(&original, b"Somchai"));
        assert!(!contains(&stripped, b"Somchai"), "EXIF gone");
        assert!(contains(&stripped, b"JFIF"), "the image itself stays");
        assert_eq!(&stripped[..2], &[0xFF, 0xD8]);
    }

    #[test]
    fn other_types_are_left_as_they_are() {
        let pdf = b"%PDF-1.4 /Author (Somchai)".to_vec();
        assert_eq!(strip_metadata("application/pdf", pdf.clone()), pdf);
    }
}
