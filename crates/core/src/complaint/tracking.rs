//! The tracking code: the complainant's only key to an anonymous case.

use super::FieldError;
use crate::validation::shown;
use serde::{Deserialize, Serialize};

/// Crockford's base32: no I, L, O or U, so a code read aloud is not misheard.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Crockford characters as typed: any case, spaces and dashes anywhere, I
/// and L read as 1 and O as 0; the first character that is not one is the
/// error. Shared by tracking codes and officers' recovery keys.
pub(crate) fn read_crockford(text: &str) -> Result<Vec<u8>, char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() || c == '-' {
            continue;
        }
        let c = match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            c => c,
        };
        if !c.is_ascii() || !CROCKFORD.contains(&(c as u8)) {
            return Err(c);
        }
        out.push(c as u8);
    }
    Ok(out)
}

/// The value (0–31) of a character [`read_crockford`] returned.
pub(crate) fn crockford_value(symbol: u8) -> u64 {
    CROCKFORD.iter().position(|&b| b == symbol).unwrap_or(0) as u64
}

/// A complaint's tracking code: 80 random bits as 16 Crockford base32
/// characters, shown as `ABCD-EFGH-JKMN-PQRS`, stored without dashes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TrackingCode([u8; 16]);

impl TrackingCode {
    pub const LEN: usize = 16;

    /// The code for 10 random bytes; the caller supplies the randomness
    /// (e.g. `getrandom`/`OsRng`), so tests can choose it.
    pub fn from_random_bytes(bytes: [u8; 10]) -> TrackingCode {
        let mut value: u128 = 0;
        for b in bytes {
            value = (value << 8) | u128::from(b);
        }
        let mut out = [0u8; 16];
        for (i, slot) in out.iter_mut().enumerate() {
            let shift = 5 * (15 - i);
            *slot = CROCKFORD[((value >> shift) & 31) as usize];
        }
        TrackingCode(out)
    }

    /// Reads a code as typed: any case, spaces and dashes anywhere, I and L
    /// read as 1 and O as 0. A Thai message when it cannot be a code.
    pub fn parse(text: &str) -> Result<TrackingCode, FieldError> {
        let symbols = read_crockford(text).map_err(|c| FieldError {
            field: "tracking_code",
            message: format!(
                "รหัสติดตามเรื่องมีตัวอักษร \"{}\" ที่ไม่ใช้ในรหัส: รหัสประกอบด้วยตัวเลข 0–9 และอักษรอังกฤษ A–Z (ยกเว้น U)",
                shown(&c.to_string())
            ),
        })?;
        let len = symbols.len();
        let Ok(out) = <[u8; 16]>::try_from(symbols) else {
            return Err(FieldError {
                field: "tracking_code",
                message: format!(
                    "รหัสติดตามเรื่องต้องมี 16 ตัวอักษร เช่น ABCD-EFGH-JKMN-PQRS (ที่กรอกมี {len} ตัว)"
                ),
            });
        };
        Ok(TrackingCode(out))
    }

    /// The stored form: 16 characters, no dashes.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("Crockford characters are ASCII")
    }

    /// The shown form: `ABCD-EFGH-JKMN-PQRS`.
    pub fn display(&self) -> String {
        let s = self.as_str();
        format!("{}-{}-{}-{}", &s[0..4], &s[4..8], &s[8..12], &s[12..16])
    }
}

impl std::fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

impl std::fmt::Debug for TrackingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TrackingCode({})", self.display())
    }
}

impl Serialize for TrackingCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.display())
    }
}

impl<'de> Deserialize<'de> for TrackingCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        TrackingCode::parse(&text).map_err(|e| serde::de::Error::custom(e.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tracking_codes_read_as_typed() {
        let code = TrackingCode::from_random_bytes([0; 10]);
        assert_eq!(code.as_str(), "0000000000000000");
        let code = TrackingCode::from_random_bytes([0xFF; 10]);
        assert_eq!(code.display(), "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        let code = TrackingCode::from_random_bytes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        let shown = code.display();
        assert_eq!(TrackingCode::parse(&shown), Ok(code));
        assert_eq!(TrackingCode::parse(&shown.to_lowercase()), Ok(code));
        assert_eq!(
            TrackingCode::parse(" abcd efgh-jkmn pqrs "),
            Ok(TrackingCode::parse("ABCDEFGHJKMNPQRS").unwrap())
        );
        // I and L are 1, O is 0.
        assert_eq!(
            TrackingCode::parse("IlOo-0000-0000-0000").unwrap().as_str(),
            "1100000000000000"
        );
        let short = TrackingCode::parse("ABCD-EFGH").unwrap_err();
        assert_eq!(short.field, "tracking_code");
        assert!(short.message.contains("16 ตัวอักษร") && short.message.contains("มี 8 ตัว"));
        assert!(TrackingCode::parse("ABCD-EFGH-JKMN-PQRSX").is_err());
        let u = TrackingCode::parse("UUUU-EFGH-JKMN-PQRS").unwrap_err();
        assert!(u.message.contains("\"U\""));
        assert!(TrackingCode::parse("ABCD-EFGH-JKMN-PQRก").is_err());
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(serde_json::from_str::<TrackingCode>(&json).unwrap(), code);
    }

    proptest! {
        #[test]
        fn tracking_codes_round_trip(bytes in any::<[u8; 10]>(), lower in any::<bool>()) {
            let code = TrackingCode::from_random_bytes(bytes);
            prop_assert_eq!(code.as_str().len(), 16);
            let typed = if lower { code.display().to_lowercase() } else { code.display() };
            prop_assert_eq!(TrackingCode::parse(&typed).unwrap(), code);
            prop_assert_eq!(TrackingCode::parse(code.as_str()).unwrap(), code);
            // Distinct bytes give distinct codes: the encoding is a bijection.
            let mut other = bytes;
            other[9] ^= 1;
            prop_assert_ne!(TrackingCode::from_random_bytes(other), code);
        }
    }
}
