//! Cleaning a complainant's file: removing what could name or trace the
//! person who sent it, or refusing the file when that cannot be done. What
//! is removed:
//!
//! * JPEG: EXIF, XMP, IPTC, ICC (APP1–APP13, APP15) and comments (the Adobe
//!   APP14 segment, colour transform flags only, stays: without it CMYK
//!   photos turn negative); PNG: text, time and EXIF chunks; WebP: EXIF and
//!   XMP chunks — where a phone puts the place and the owner;
//! * PDF ([`pdf`]): the Info dictionary, the trailer's `/ID` (a fingerprint
//!   of the sender's own copy), every XMP stream, private application data,
//!   annotation authors, embedded and associated files, and the APPn data of
//!   JPEG images; lopdf rewrites the file, which also drops earlier revisions;
//! * Word/Excel/PowerPoint and OpenDocument ([`office`]): properties,
//!   comments and their authors, tracked-change authors, revision session
//!   ids, document ids, custom XML, thumbnails, printer settings, the
//!   template path and `absPath`, and the metadata of embedded photos.
//!
//! What cannot be cleaned is refused ([`Uncleanable`]), not kept as it came:
//! an encrypted PDF, the old binary Word/Excel format, a file a parser fails
//! on. Parsers of untrusted files can crash or allocate without bound, so
//! the server cleans in a child process with memory and time limits
//! ([`Cleaner::ChildProcess`], [`child`]).

mod child;
#[doc(hidden)]
pub mod fuzz;
mod office;
mod pdf;
#[cfg(test)]
mod tests;

use std::path::PathBuf;

use bytes::Bytes;
use img_parts::ImageEXIF;
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;
use sujarit_core::files::{FileRefusal, Uncleanable};
use sujarit_store::files::FileError;

pub use child::{CPU_SECONDS, MEMORY_BYTES, TEST_HOG_ENV, WALL_SECONDS};
pub use office::{MAX_ENTRIES, OFFICE_INFLATE_BUDGET};
pub use pdf::PDF_INFLATE_BUDGET;

/// Where a complainant's file is cleaned.
#[derive(Clone, Debug, Default)]
pub enum Cleaner {
    /// In this process, on the blocking pool (tests, the command line).
    #[default]
    InProcess,
    /// In `program args_prefix… <media type>`, which reads the file on its
    /// standard input and writes the cleaned file on its standard output
    /// (`sujarit clean-file`), under [`MEMORY_BYTES`], [`CPU_SECONDS`] and
    /// [`WALL_SECONDS`]: a parser's crash or runaway allocation ends the
    /// child, not the server.
    ChildProcess {
        program: PathBuf,
        args_prefix: Vec<String>,
    },
}

impl Cleaner {
    /// The file cleaned, or a refusal naming it.
    pub async fn clean(
        &self,
        file_name: &str,
        media_type: &'static str,
        bytes: Vec<u8>,
    ) -> Result<Vec<u8>, FileError> {
        self.run(media_type, bytes).await?.map_err(|why| {
            FileError::Refused(FileRefusal::NotCleanable {
                file_name: file_name.to_string(),
                why,
            })
        })
    }

    /// The lenient cleaning of staff uploads (activity photos and
    /// materials, see [`strip_metadata`]), here too in the child process
    /// when the server has one: a hostile PDF a member of staff uploads must
    /// not end the server either.
    pub async fn strip(
        &self,
        file_name: &str,
        media_type: &'static str,
        bytes: Vec<u8>,
    ) -> Result<Vec<u8>, FileError> {
        let cleaned = self.run(media_type, bytes.clone()).await?;
        lenient(file_name, cleaned, bytes).map_err(FileError::Refused)
    }

    /// Cleans by this cleaner. Two files are cleaned at a time, so a burst of
    /// uploads cannot crowd out the server.
    async fn run(
        &self,
        media_type: &'static str,
        bytes: Vec<u8>,
    ) -> Result<Result<Vec<u8>, Uncleanable>, FileError> {
        static CLEANING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
        let _permit = CLEANING
            .acquire()
            .await
            .map_err(|e| FileError::Io(std::io::Error::other(e)))?;
        match self {
            Cleaner::InProcess => tokio::task::spawn_blocking(move || clean(media_type, &bytes))
                .await
                .map_err(|e| FileError::Io(std::io::Error::other(e))),
            Cleaner::ChildProcess {
                program,
                args_prefix,
            } => {
                let (program, args_prefix) = (program.clone(), args_prefix.clone());
                tokio::task::spawn_blocking(move || {
                    child::clean_in_child(&program, &args_prefix, media_type, bytes)
                })
                .await
                .map_err(|e| FileError::Io(std::io::Error::other(e)))?
            }
        }
    }
}

/// Cleans one file of an accepted type in this process (see the module's
/// notes); anything it cannot clean is refused.
pub fn clean(media_type: &str, bytes: &[u8]) -> Result<Vec<u8>, Uncleanable> {
    match media_type {
        "application/pdf" => pdf::clean_pdf(bytes),
        "application/msword" | "application/vnd.ms-excel" | "application/vnd.ms-powerpoint" => {
            Err(Uncleanable::OldOffice)
        }
        m if m.starts_with("application/vnd.openxmlformats-officedocument.")
            || m.starts_with("application/vnd.oasis.opendocument.") =>
        {
            office::clean_package(bytes)
        }
        "image/jpeg" | "image/png" | "image/webp" => clean_image(media_type, bytes),
        _ => Err(Uncleanable::Unreadable),
    }
}

/// The lenient cleaning of staff uploads (activity photos and materials),
/// in this process: what cannot be cleaned is kept as it came, except a file
/// that would inflate past the budget, which is refused.
pub fn strip_metadata(media_type: &str, bytes: Vec<u8>) -> Result<Vec<u8>, FileRefusal> {
    let cleaned = clean(media_type, &bytes);
    lenient("", cleaned, bytes)
}

/// What the lenient cleaning keeps of a file, given how cleaning went: a
/// file that would inflate past the budget, or on which the cleaning child
/// crashed or ran out of time or memory, is refused; other files that cannot
/// be cleaned are kept as they came.
fn lenient(
    file_name: &str,
    cleaned: Result<Vec<u8>, Uncleanable>,
    original: Vec<u8>,
) -> Result<Vec<u8>, FileRefusal> {
    match cleaned {
        Ok(cleaned) => Ok(cleaned),
        Err(Uncleanable::TooComplex) => Err(FileRefusal::PdfTooComplex),
        Err(why @ Uncleanable::Failed) => Err(FileRefusal::NotCleanable {
            file_name: file_name.to_string(),
            why,
        }),
        Err(_) => Ok(original),
    }
}

/// The media type of an image by its first bytes, for parts inside office
/// files whose names may say otherwise.
fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// An image without its metadata; one the parser cannot read is refused.
fn clean_image(media_type: &str, bytes: &[u8]) -> Result<Vec<u8>, Uncleanable> {
    let bytes = Bytes::copy_from_slice(bytes);
    match media_type {
        "image/jpeg" => {
            let mut jpeg = Jpeg::from_bytes(bytes).map_err(|_| Uncleanable::Unreadable)?;
            jpeg.segments_mut().retain(|segment| {
                let marker = segment.marker();
                let adobe = marker == markers::APP14 && segment.contents().starts_with(b"Adobe");
                // APP0 (JFIF) stays; APP1 (EXIF, XMP) … APP15 and comments go.
                adobe
                    || !((markers::APP1..=markers::APP15).contains(&marker)
                        || marker == markers::COM)
            });
            Ok(jpeg.encoder().bytes().to_vec())
        }
        "image/png" => {
            let mut png = Png::from_bytes(bytes).map_err(|_| Uncleanable::Unreadable)?;
            png.chunks_mut().retain(|chunk| {
                !matches!(
                    &chunk.kind(),
                    b"eXIf" | b"tEXt" | b"iTXt" | b"zTXt" | b"tIME"
                )
            });
            Ok(png.encoder().bytes().to_vec())
        }
        "image/webp" => {
            let mut webp = WebP::from_bytes(bytes).map_err(|_| Uncleanable::Unreadable)?;
            webp.remove_chunks_by_id(*b"XMP ");
            // Also brings the VP8X header's flags in line with the chunks.
            webp.set_exif(None);
            Ok(webp.encoder().bytes().to_vec())
        }
        _ => Err(Uncleanable::Unreadable),
    }
}
