//! Filing once: the one-time key a filing form carries.
//!
//! The form is rendered with a fresh random key (128 bits). Filing stores,
//! in the same transaction as the complaint, the key's hash (so a second
//! POST with the same key finds the first filing) and the tracking code
//! sealed under a key derived from it (so only whoever holds the form's key
//! can read the code again: the server at rest cannot). The browser keeps the
//! key in a short-lived cookie to show the receipt again after the redirect.

use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use super::TrackingCode;

const KEY_BYTES: usize = 16;
const NONCE_LEN: usize = 24;

/// The length of an `Idempotency-Key` header ([`SubmissionKey::from_client_key`]).
pub const MIN_CLIENT_KEY: usize = 16;
pub const MAX_CLIENT_KEY: usize = 200;

/// The hours a filing's key finds its receipt; older rows may be swept.
pub const SUBMISSION_HOURS: i64 = 24;

/// A filing form's one-time key (128 random bits, written as 32 lowercase
/// hexadecimal digits). `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct SubmissionKey([u8; KEY_BYTES]);

impl std::fmt::Debug for SubmissionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SubmissionKey(..)")
    }
}

impl SubmissionKey {
    /// A fresh key from the operating system's randomness.
    pub fn generate() -> SubmissionKey {
        let mut bytes = [0u8; KEY_BYTES];
        OsRng.fill_bytes(&mut bytes);
        SubmissionKey(bytes)
    }

    /// The key as a form or cookie carries it; None unless exactly 32
    /// hexadecimal digits.
    pub fn parse(text: &str) -> Option<SubmissionKey> {
        let text = text.trim().as_bytes();
        if text.len() != 2 * KEY_BYTES {
            return None;
        }
        let mut bytes = [0u8; KEY_BYTES];
        for (i, pair) in text.chunks(2).enumerate() {
            let hex = |b: u8| (b as char).to_digit(16);
            bytes[i] = (hex(pair[0])? * 16 + hex(pair[1])?) as u8;
        }
        Some(SubmissionKey(bytes))
    }

    /// The key of a JSON client's `Idempotency-Key` header: 16 to 200
    /// visible ASCII characters (a UUID v4 is fine), hashed to 128 bits. As
    /// random as the client made it: whoever knows it can see the receipt.
    pub fn from_client_key(text: &str) -> Option<SubmissionKey> {
        use sha2::Digest;
        let fits = (MIN_CLIENT_KEY..=MAX_CLIENT_KEY).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_graphic());
        if !fits {
            return None;
        }
        let digest = sha2::Sha256::new()
            .chain_update(b"sujarit idempotency key v1\0")
            .chain_update(text.as_bytes())
            .finalize();
        let mut bytes = [0u8; KEY_BYTES];
        bytes.copy_from_slice(&digest[..KEY_BYTES]);
        Some(SubmissionKey(bytes))
    }

    /// This key bound to what a request says (its canonical bytes): a client
    /// key sent again with the same complaint finds the first filing; with a
    /// different complaint it is another key, so a guessed or reused client
    /// key never hands out somebody else's receipt (nor drops their
    /// complaint).
    pub fn bound_to(&self, content: &[u8]) -> SubmissionKey {
        use sha2::Digest;
        let digest = sha2::Sha256::new()
            .chain_update(b"sujarit idempotency content v1\0")
            .chain_update(self.0)
            .chain_update(content)
            .finalize();
        let mut bytes = [0u8; KEY_BYTES];
        bytes.copy_from_slice(&digest[..KEY_BYTES]);
        SubmissionKey(bytes)
    }

    /// 32 lowercase hexadecimal digits.
    pub fn as_text(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn derive(&self, organization_id: &str, purpose: &[u8]) -> [u8; 32] {
        let mut out = [0u8; 32];
        hkdf::Hkdf::<sha2::Sha256>::new(Some(organization_id.as_bytes()), &self.0)
            .expand(purpose, &mut out)
            .expect("32 bytes is a valid HKDF-SHA256 length");
        out
    }

    /// What the store finds the filing by (64 hexadecimal digits): neither
    /// the key nor the code can be read back from it.
    pub fn key_hash(&self, organization_id: &str) -> String {
        self.derive(organization_id, b"sujarit submission key hash v1")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn cipher(&self, organization_id: &str) -> XChaCha20Poly1305 {
        let key =
            zeroize::Zeroizing::new(self.derive(organization_id, b"sujarit submission seal v1"));
        XChaCha20Poly1305::new(key.as_ref().into())
    }

    /// The tracking code sealed under this key (nonce ‖ ciphertext), bound to
    /// the organisation.
    pub fn seal_code(&self, organization_id: &str, code: &TrackingCode) -> Vec<u8> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher(organization_id)
            .encrypt(
                &nonce,
                Payload {
                    msg: code.as_str().as_bytes(),
                    aad: organization_id.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 encrypts a tracking code");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        out
    }

    /// The code [`SubmissionKey::seal_code`] sealed; None for another key,
    /// another organisation or damaged bytes.
    pub fn open_code(&self, organization_id: &str, sealed: &[u8]) -> Option<TrackingCode> {
        if sealed.len() < NONCE_LEN {
            return None;
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let plain = self
            .cipher(organization_id)
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: organization_id.as_bytes(),
                },
            )
            .ok()?;
        TrackingCode::parse(std::str::from_utf8(&plain).ok()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code() -> TrackingCode {
        TrackingCode::from_random_bytes([7; 10])
    }

    #[test]
    fn a_key_round_trips_as_text_and_refuses_other_text() {
        let key = SubmissionKey::generate();
        assert_eq!(SubmissionKey::parse(&key.as_text()), Some(key.clone()));
        assert_ne!(key, SubmissionKey::generate());
        for bad in ["", "abc", &"g".repeat(32), &"a".repeat(33)] {
            assert!(SubmissionKey::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(format!("{key:?}"), "SubmissionKey(..)");
    }

    #[test]
    fn only_the_same_key_and_organisation_open_the_code() {
        let key = SubmissionKey::generate();
        let sealed = key.seal_code("org-1", &code());
        assert_eq!(key.open_code("org-1", &sealed), Some(code()));
        assert_eq!(key.open_code("org-2", &sealed), None);
        assert_eq!(SubmissionKey::generate().open_code("org-1", &sealed), None);
        let mut damaged = sealed.clone();
        *damaged.last_mut().unwrap() ^= 1;
        assert_eq!(key.open_code("org-1", &damaged), None);
        assert!(!sealed.windows(16).any(|w| w == code().as_str().as_bytes()));
    }

    #[test]
    fn a_client_key_is_long_visible_ascii_and_always_the_same_key() {
        let uuid = "0b7c6f1e-3c1a-4d55-9a0e-4a6f1c2d3e4f";
        let key = SubmissionKey::from_client_key(uuid).expect("a UUID fits");
        assert_eq!(SubmissionKey::from_client_key(uuid), Some(key.clone()));
        assert_ne!(
            SubmissionKey::from_client_key(&uuid.replace('0', "1")),
            Some(key)
        );
        for bad in [
            "short",
            "ยาวพอแต่ไม่ใช่ ASCII ทั้งหมดเลย",
            "has a space inside it",
            &"x".repeat(201),
        ] {
            assert!(SubmissionKey::from_client_key(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_hash_depends_on_key_and_organisation() {
        let key = SubmissionKey::generate();
        let hash = key.key_hash("org-1");
        assert_eq!(hash.len(), 64);
        assert_eq!(hash, key.key_hash("org-1"));
        assert_ne!(hash, key.key_hash("org-2"));
        assert_ne!(hash, SubmissionKey::generate().key_hash("org-1"));
        assert!(!hash.contains(&key.as_text()));
    }
    #[test]
    fn a_client_key_bound_to_other_content_is_another_key() {
        let key = SubmissionKey::from_client_key("0b5e6a0e-6f1c-4a55-9d61-2f1f3b8c1d2e").unwrap();
        assert_eq!(
            key.bound_to(b"one").as_text(),
            key.bound_to(b"one").as_text()
        );
        assert_ne!(
            key.bound_to(b"one").as_text(),
            key.bound_to(b"two").as_text()
        );
        assert_ne!(key.bound_to(b"one").as_text(), key.as_text());
    }
}
