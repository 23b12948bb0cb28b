//! Bytes to text. Plan files come as UTF-8 (from PDF extraction) or, from older
//! Thai office software, as TIS-620 / Windows-874. Both are read correctly; the
//! second is reported as an info finding. Anything else is refused.

use crate::error::ImportError;

pub enum Encoding {
    Utf8,
    Utf16,
    Windows874,
}

pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), ImportError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(ImportError::UnknownEncoding { offset: bom_len });
        }
        let (kind, width): (_, fn(char) -> usize) = if encoding == encoding_rs::UTF_8 {
            (Encoding::Utf8, char::len_utf8)
        } else {
            (Encoding::Utf16, |c| c.len_utf16() * 2)
        };
        return check_text(text.into_owned(), bom_len, width).map(|t| (t, kind));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => check_text(text.to_string(), 0, char::len_utf8).map(|t| (t, Encoding::Utf8)),
        Err(utf8_error) => {
            let offset = utf8_error.valid_up_to();
            if let Some(pos) = first_binary_byte(bytes) {
                return Err(ImportError::NotText { offset: pos });
            }
            // TIS-620 puts Thai letters at 0xA1–0xFB; a document in it is mostly
            // those bytes above ASCII. Windows-874 is its superset.
            let high = bytes.iter().filter(|b| **b >= 0x80).count();
            let thai = bytes.iter().filter(|b| (0xA1..=0xFB).contains(*b)).count();
            // Thai words are runs of high bytes; Latin-1 or cp1252 text has
            // lone accented letters between ASCII ones.
            let in_runs = (0..bytes.len())
                .filter(|&i| bytes[i] >= 0x80)
                .filter(|&i| {
                    (i > 0 && bytes[i - 1] >= 0x80) || bytes.get(i + 1).is_some_and(|b| *b >= 0x80)
                })
                .count();
            if thai * 10 < high * 9 || in_runs * 2 < high {
                return Err(ImportError::UnknownEncoding { offset });
            }
            let (text, had_errors) = encoding_rs::WINDOWS_874.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(ImportError::UnknownEncoding { offset });
            }
            // One byte per character in Windows-874.
            check_text(text.into_owned(), 0, |_| 1).map(|t| (t, Encoding::Windows874))
        }
    }
}

/// Control characters other than tab, newline, carriage return and form feed
/// mean binary data, not a text export.
fn first_binary_byte(bytes: &[u8]) -> Option<usize> {
    bytes
        .iter()
        .position(|b| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
}

/// The decoded text, or where in the file (a byte offset: `start`, the
/// BOM's length, plus the bytes each character took there, `width`) a
/// control character shows it is not text.
fn check_text(text: String, start: usize, width: fn(char) -> usize) -> Result<String, ImportError> {
    let mut offset = start;
    for c in text.chars() {
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}') {
            return Err(ImportError::NotText { offset });
        }
        offset += width(c);
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::decode;
    use crate::ImportError;

    fn not_text_at(bytes: &[u8]) -> usize {
        match decode(bytes) {
            Err(ImportError::NotText { offset }) => offset,
            _ => panic!("not refused as binary"),
        }
    }

    /// Found by fuzzing: the byte named was the offset in the decoded UTF-8
    /// text, past the end of a TIS-620 file and off by the BOM's length.
    #[test]
    fn a_control_character_is_named_at_its_byte_in_the_file() {
        // TIS-620 "ก" (3 bytes in UTF-8) before a C1 control in Windows-874 (0x80 is €, so 0x85: …)
        let mut tis = b"\xa1\xa1\xa1\xa1\n".to_vec();
        tis.push(0x7f);
        assert_eq!(not_text_at(&tis), 5);
        let mut bom = b"\xef\xbb\xbf\xe0\xb8\x81".to_vec();
        bom.push(0x7f);
        assert_eq!(not_text_at(&bom), 6);
        let utf16 = [0xFF, 0xFE, b'a', 0, 0x3D, 0xD8, 0x00, 0xDE, 0x7f, 0];
        assert_eq!(not_text_at(&utf16), 8);
    }
}
