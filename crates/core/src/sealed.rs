//! Field encryption for what must never be readable from the database alone:
//! a complainant's contact details and the content of a corruption report.
//!
//! XChaCha20-Poly1305 with a fresh random 192-bit nonce from the operating
//! system per seal (large enough that random nonces never repeat in practice).
//! Keys live outside the database; the store only ever sees sealed bytes.
//!
//! The envelope is versioned, so the format and the key can change later:
//!
//! ```text
//! [format = 1][key name length n][key name: n bytes][nonce: 24 bytes][ciphertext + 16-byte tag]
//! ```
//!
//! The format byte, the key name and the caller's context are authenticated
//! (associated data), so an envelope cannot be moved to another key name or,
//! when a context is given, to another field or record.
//!
//! Rotation: make a [`Keyring`] whose current key is the new one and add the
//! old keys with [`Keyring::with_old_key`]; new envelopes use the new key, old
//! ones still open. Re-sealing old envelopes is then optional.
//!
//! The bytes of a key are never printed: `Debug` shows key names only.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use std::collections::BTreeMap;
use std::fmt;

/// The only envelope format so far.
const FORMAT_V1: u8 = 1;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
/// Longest key name, in bytes (the envelope stores its length in one byte).
pub const MAX_KEY_NAME_LEN: usize = 64;

/// Why sealing or opening failed. The messages are Thai and never contain key
/// material or plaintext.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// The envelope is not one this version writes (too short or unknown format).
    #[error("ข้อมูลเข้ารหัสอยู่ในรูปแบบที่ไม่รู้จัก")]
    UnknownFormat,
    /// Sealed with a key this keyring does not hold.
    #[error("ไม่พบกุญแจ \"{0}\" ที่ใช้เข้ารหัสข้อมูลนี้: โปรดเพิ่มกุญแจเดิมในชุดกุญแจ")]
    UnknownKey(String),
    /// Wrong key bytes under the right name, tampered or truncated bytes, or
    /// another context than the one it was sealed with.
    #[error("เปิดข้อมูลเข้ารหัสไม่ได้: กุญแจไม่ถูกต้องหรือข้อมูลถูกแก้ไข")]
    Damaged,
    /// A key name that is empty, too long or not plain ASCII letters, digits, `-`, `_`, `.`.
    #[error("ชื่อกุญแจ \"{0}\" ไม่ถูกต้อง: ใช้ได้เฉพาะ a-z A-Z 0-9 - _ . ยาวไม่เกิน 64 ตัวอักษร")]
    BadKeyName(String),
    /// Two keys with one name in a keyring.
    #[error("มีกุญแจชื่อ \"{0}\" ซ้ำในชุดกุญแจ")]
    DuplicateKeyName(String),
}

/// One 32-byte key. Its bytes never appear in `Debug` output.
#[derive(Clone)]
pub struct SealingKey {
    cipher: XChaCha20Poly1305,
    /// A second key derived from the first (HKDF), for keyed hashes of
    /// tracking codes: the hashes never reveal a sealing key.
    hash_key: zeroize::Zeroizing<[u8; 32]>,
}

impl SealingKey {
    pub fn from_bytes(bytes: [u8; 32]) -> SealingKey {
        let bytes = zeroize::Zeroizing::new(bytes);
        let mut hash_key = zeroize::Zeroizing::new([0u8; 32]);
        hkdf::Hkdf::<sha2::Sha256>::new(None, bytes.as_ref())
            .expand(b"sujarit tracking-code hash v1", hash_key.as_mut())
            .expect("32 bytes is a valid HKDF-SHA256 length");
        SealingKey {
            cipher: XChaCha20Poly1305::new(bytes.as_ref().into()),
            hash_key,
        }
    }

    fn keyed_hash(&self, parts: &[&[u8]]) -> String {
        use hmac::Mac;
        let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(self.hash_key.as_ref())
            .expect("HMAC takes any key length");
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        hex_lower(&mac.finalize().into_bytes())
    }

    /// 32 fresh random bytes from the operating system, for a new key file.
    pub fn generate_bytes() -> [u8; 32] {
        XChaCha20Poly1305::generate_key(&mut OsRng).into()
    }
}

impl fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SealingKey(..)")
    }
}

/// Named keys, one of them current: the current key seals, every key opens.
#[derive(Clone)]
pub struct Keyring {
    current: String,
    keys: BTreeMap<String, SealingKey>,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("current", &self.current)
            .field("keys", &self.keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

fn check_key_name(name: &str) -> Result<(), SealError> {
    let good = !name.is_empty()
        && name.len() <= MAX_KEY_NAME_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if good {
        Ok(())
    } else {
        Err(SealError::BadKeyName(name.to_string()))
    }
}

impl Keyring {
    /// A keyring whose current (sealing) key is `key`, named `name` (e.g. "2026-11").
    pub fn new(name: &str, key: SealingKey) -> Result<Keyring, SealError> {
        check_key_name(name)?;
        Ok(Keyring {
            current: name.to_string(),
            keys: BTreeMap::from([(name.to_string(), key)]),
        })
    }

    /// Adds a key that still opens what it sealed but seals nothing new.
    pub fn with_old_key(mut self, name: &str, key: SealingKey) -> Result<Keyring, SealError> {
        check_key_name(name)?;
        if self.keys.contains_key(name) {
            return Err(SealError::DuplicateKeyName(name.to_string()));
        }
        self.keys.insert(name.to_string(), key);
        Ok(self)
    }

    /// The name of the key new envelopes are sealed with.
    pub fn current_key_name(&self) -> &str {
        &self.current
    }

    /// The keyed hash (HMAC-SHA256, 64 hex characters) a tracking code is
    /// stored as, under the current key. The code itself is never stored.
    pub fn tracking_hash(&self, organization_id: &str, code: &str) -> String {
        self.keys[&self.current].keyed_hash(&[organization_id.as_bytes(), code.as_bytes()])
    }

    /// The hashes of a code under every key, the current one first: a code
    /// filed before a key rotation is still found.
    pub fn tracking_hashes(&self, organization_id: &str, code: &str) -> Vec<String> {
        let mut hashes = vec![self.tracking_hash(organization_id, code)];
        for (name, key) in &self.keys {
            if name != &self.current {
                hashes.push(key.keyed_hash(&[organization_id.as_bytes(), code.as_bytes()]));
            }
        }
        hashes
    }

    /// Seals `plaintext` with the current key, no context.
    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        self.seal_with_context(plaintext, b"")
    }

    /// Opens what [`Keyring::seal`] sealed, with whichever key it names.
    pub fn open(&self, envelope: &[u8]) -> Result<Vec<u8>, SealError> {
        self.open_with_context(envelope, b"")
    }

    /// Seals `plaintext` bound to `context` (e.g. `b"complaint.contact"`):
    /// opening needs the same context, so an envelope copied into another
    /// field does not open there.
    pub fn seal_with_context(&self, plaintext: &[u8], context: &[u8]) -> Vec<u8> {
        let key = &self.keys[&self.current];
        let name = self.current.as_bytes();
        let mut header = Vec::with_capacity(2 + name.len());
        header.push(FORMAT_V1);
        // check_key_name keeps names within one byte's length.
        header.push(name.len() as u8);
        header.extend_from_slice(name);
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let aad = associated_data(&header, context);
        let ciphertext = key
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            // Only fails for messages beyond ~256 GiB, which no field is.
            .expect("XChaCha20-Poly1305 encrypts any field-sized message");
        let mut envelope = header;
        envelope.extend_from_slice(&nonce);
        envelope.extend_from_slice(&ciphertext);
        envelope
    }

    /// Opens what [`Keyring::seal_with_context`] sealed with the same context.
    pub fn open_with_context(&self, envelope: &[u8], context: &[u8]) -> Result<Vec<u8>, SealError> {
        let (&format, rest) = envelope.split_first().ok_or(SealError::UnknownFormat)?;
        if format != FORMAT_V1 {
            return Err(SealError::UnknownFormat);
        }
        let (&name_len, rest) = rest.split_first().ok_or(SealError::UnknownFormat)?;
        let name_len = usize::from(name_len);
        if rest.len() < name_len + NONCE_LEN + TAG_LEN {
            return Err(SealError::UnknownFormat);
        }
        let (name, rest) = rest.split_at(name_len);
        let name = std::str::from_utf8(name).map_err(|_| SealError::UnknownFormat)?;
        let key = self
            .keys
            .get(name)
            .ok_or_else(|| SealError::UnknownKey(name.to_string()))?;
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let header = &envelope[..2 + name_len];
        let aad = associated_data(header, context);
        key.cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| SealError::Damaged)
    }
}

fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

/// The header, then the context, length-prefixed so that no two (header,
/// context) pairs give the same bytes.
fn associated_data(header: &[u8], context: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(header.len() + 8 + context.len());
    aad.extend_from_slice(header);
    aad.extend_from_slice(&(context.len() as u64).to_be_bytes());
    aad.extend_from_slice(context);
    aad
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn keyring(name: &str, byte: u8) -> Keyring {
        Keyring::new(name, SealingKey::from_bytes([byte; 32])).expect("good name")
    }

    #[test]
    fn seals_and_opens_with_fresh_nonces() {
        let ring = keyring("k1", 7);
        let a = ring.seal("สมชาย 081-234-5678".as_bytes());
        let b = ring.seal("สมชาย 081-234-5678".as_bytes());
        assert_ne!(a, b, "a fresh nonce per seal");
        assert_eq!(ring.open(&a).unwrap(), "สมชาย 081-234-5678".as_bytes());
        assert_eq!(a[0], FORMAT_V1);
        assert_eq!(&a[2..4], b"k1");
        assert!(
            !a.windows(4).any(|w| w == "สม".as_bytes().get(..4).unwrap()),
            "no plaintext in the envelope"
        );
    }

    #[test]
    fn rotation_keeps_old_envelopes_readable() {
        let old = keyring("2025", 1);
        let sealed_before = old.seal(b"old secret");
        let rotated = Keyring::new("2026", SealingKey::from_bytes([2; 32]))
            .unwrap()
            .with_old_key("2025", SealingKey::from_bytes([1; 32]))
            .unwrap();
        assert_eq!(rotated.current_key_name(), "2026");
        assert_eq!(rotated.open(&sealed_before).unwrap(), b"old secret");
        let sealed_after = rotated.seal(b"new secret");
        assert_eq!(&sealed_after[2..6], b"2026");
        assert_eq!(
            old.open(&sealed_after),
            Err(SealError::UnknownKey("2026".into()))
        );
    }

    #[test]
    fn wrong_keys_tampering_and_garbage_are_errors_not_panics() {
        let ring = keyring("k", 3);
        let sealed = ring.seal(b"secret");
        assert_eq!(keyring("k", 4).open(&sealed), Err(SealError::Damaged));
        for i in 0..sealed.len() {
            let mut tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assert!(ring.open(&tampered).is_err(), "byte {i}");
        }
        assert!(ring.open(&sealed[..sealed.len() - 1]).is_err());
        for garbage in [
            &b""[..],
            &[1],
            &[1, 200],
            &[9, 1, b'k'],
            &[1, 1, b'k', 0, 0],
        ] {
            assert_eq!(ring.open(garbage), Err(SealError::UnknownFormat));
        }
    }

    #[test]
    fn the_context_must_match() {
        let ring = keyring("k", 5);
        let sealed = ring.seal_with_context(b"x", b"complaint.contact");
        assert_eq!(
            ring.open_with_context(&sealed, b"complaint.contact")
                .unwrap(),
            b"x"
        );
        assert_eq!(
            ring.open_with_context(&sealed, b"complaint.content"),
            Err(SealError::Damaged)
        );
        assert_eq!(ring.open(&sealed), Err(SealError::Damaged));
    }

    #[test]
    fn key_names_are_checked_and_debug_hides_keys() {
        for bad in ["", "มี ช่องว่าง", &"x".repeat(65), "a b"] {
            assert!(matches!(
                Keyring::new(bad, SealingKey::from_bytes([0; 32])),
                Err(SealError::BadKeyName(_))
            ));
        }
        assert_eq!(
            keyring("a", 0)
                .with_old_key("a", SealingKey::from_bytes([1; 32]))
                .unwrap_err(),
            SealError::DuplicateKeyName("a".into())
        );
        let bytes = [0xAB; 32];
        let ring = Keyring::new("main", SealingKey::from_bytes(bytes)).unwrap();
        let shown = format!("{ring:?} {:?}", SealingKey::from_bytes(bytes));
        assert!(shown.contains("main"));
        assert!(!shown.contains("171") && !shown.to_lowercase().contains("ab, "));
        assert_ne!(SealingKey::generate_bytes(), SealingKey::generate_bytes());
    }

    #[test]
    fn tracking_hashes_are_keyed_and_survive_rotation() {
        let old = keyring("2025", 1);
        let h = old.tracking_hash("org", "ABCDEFGHJKMNPQRS");
        assert_eq!(h.len(), 64);
        assert!(!h.contains("ABCD"));
        assert_ne!(
            h,
            keyring("2025", 2).tracking_hash("org", "ABCDEFGHJKMNPQRS"),
            "keyed"
        );
        assert_ne!(
            h,
            old.tracking_hash("org2", "ABCDEFGHJKMNPQRS"),
            "per organisation"
        );
        let rotated = Keyring::new("2026", SealingKey::from_bytes([2; 32]))
            .unwrap()
            .with_old_key("2025", SealingKey::from_bytes([1; 32]))
            .unwrap();
        let hashes = rotated.tracking_hashes("org", "ABCDEFGHJKMNPQRS");
        assert_eq!(hashes.len(), 2);
        assert_ne!(hashes[0], h);
        assert_eq!(hashes[1], h);
    }

    proptest! {
        #[test]
        fn any_bytes_round_trip(plaintext in proptest::collection::vec(any::<u8>(), 0..2048),
                                context in proptest::collection::vec(any::<u8>(), 0..64),
                                key in any::<[u8; 32]>()) {
            let ring = Keyring::new("p", SealingKey::from_bytes(key)).unwrap();
            let sealed = ring.seal_with_context(&plaintext, &context);
            prop_assert_eq!(sealed.len(), 2 + 1 + NONCE_LEN + plaintext.len() + TAG_LEN);
            prop_assert_eq!(ring.open_with_context(&sealed, &context).unwrap(), plaintext);
        }
    }
}
