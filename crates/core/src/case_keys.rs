//! Per-recipient encryption of the corruption channel (the GlobaLeaks model).
//!
//! * Each report gets its own random **data key**. Everything written about
//!   it (content, the reporter's contact, attachments and their names, the
//!   officers' messages and notes, information the reporter adds) is sealed
//!   with that key ([`RecordSealer`]).
//! * Each integrity officer has an X25519 **key pair**. The private key is
//!   kept only wrapped: under argon2id(password) and under a **recovery key**
//!   shown once. A report's data key is wrapped for every officer's public
//!   key (a sealed box: [`wrap_for_officer`]) and for a key derived from the
//!   **tracking code** ([`wrap_for_reporter`]), so the reporter can still read
//!   the answers.
//! * What the server keeps at rest (database, key file, files, backups) opens
//!   none of it: the password, the recovery key and the tracking code are
//!   never stored.
//!
//! Every sealed value is bound to its organisation, record and field
//! ([`bound_context`]), so an envelope copied to another case, field or
//! organisation does not open there. The general channel's contact is bound
//! the same way under the server's key file ([`RecordSealer::with_server_key`]).
//!
//! Primitives come from audited RustCrypto crates: XChaCha20-Poly1305
//! ([`crate::sealed`]), `crypto_box`'s sealed boxes (X25519 +
//! XSalsa20-Poly1305), argon2id, HKDF-SHA256. Nothing here writes its own
//! cipher; the code only composes them.

use crate::complaint::TrackingCode;
use crate::sealed::{Keyring, SealError, SealingKey};
use chacha20poly1305::aead::OsRng;
use chacha20poly1305::aead::rand_core::RngCore;
use hkdf::Hkdf;
use sha2::Sha256;
use std::fmt;
use zeroize::Zeroizing;

/// Bytes of a data key, a private key and a wrapped private key's salt.
const KEY_LEN: usize = 32;
const SALT_LEN: usize = 16;
/// Format byte of a password-wrapped private key: argon2id m=19 MiB, t=2, p=1
/// (OWASP's minimum for argon2id).
const PASSWORD_WRAP_V1: u8 = 1;
/// Bytes of a recovery key: 160 bits, shown as 32 Crockford characters.
const RECOVERY_LEN: usize = 20;
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Field names in the associated data of sealed values.
pub mod field {
    pub const CONTACT: &[u8] = b"complaint.contact";
    pub const CONTENT: &[u8] = b"complaint.content";
    pub const FILE_NAME: &[u8] = b"complaint.file_name";
    pub const FILE_CONTENT: &[u8] = b"complaint.file_content";
    pub const INFORMATION: &[u8] = b"complaint.information";
    pub const PUBLIC_MESSAGE: &[u8] = b"complaint.public_message";
    pub const INTERNAL_NOTE: &[u8] = b"complaint.internal_note";
    /// A corruption report's tracking code kept under the server key until
    /// `complaints reseal` moves the report to per-recipient keys.
    pub const LEGACY_CODE: &[u8] = b"complaint.legacy_tracking_code";
    pub(super) const OFFICER_DATA_KEY: &[u8] = b"officer.data_key";
    pub(super) const REPORTER_DATA_KEY: &[u8] = b"reporter.data_key";
    pub(super) const PRIVATE_KEY_BY_PASSWORD: &[u8] = b"officer.private_key.password";
    pub(super) const PRIVATE_KEY_BY_RECOVERY: &[u8] = b"officer.private_key.recovery";
}

/// Why a key could not be made, unlocked or used. Thai, never with key
/// material in it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("รหัสผ่านไม่ถูกต้อง: ปลดล็อกกุญแจส่วนตัวไม่ได้")]
    WrongPassword,
    #[error("กุญแจกู้คืนไม่ถูกต้อง: ตรวจสอบว่าพิมพ์ครบ 32 ตัวอักษรตามที่พิมพ์เก็บไว้")]
    WrongRecoveryKey,
    #[error("กุญแจกู้คืนต้องมี 32 ตัวอักษร (ตัวเลข 0–9 และอักษรอังกฤษ A–Z) เช่น ABCD-EFGH-… (ที่กรอกมี {0} ตัว)")]
    MalformedRecoveryKey(usize),
    /// A wrapped key that belongs to another record, organisation or person,
    /// or was tampered with.
    #[error("กุญแจของเรื่องนี้ไม่ถูกต้องหรือถูกแก้ไข: เปิดเรื่องไม่ได้")]
    NotThisRecord,
    #[error("รหัสติดตามเรื่องไม่ตรงกับเรื่องนี้")]
    WrongTrackingCode,
}

/// Length-prefixed field ‖ organisation ‖ record: what a sealed value is
/// bound to (associated data). No two triples give the same bytes.
pub fn bound_context(field: &[u8], organization_id: &str, record_id: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(24 + field.len() + organization_id.len() + record_id.len());
    for part in [field, organization_id.as_bytes(), record_id.as_bytes()] {
        out.extend_from_slice(&(part.len() as u64).to_be_bytes());
        out.extend_from_slice(part);
    }
    out
}

fn random_bytes<const N: usize>() -> Zeroizing<[u8; N]> {
    let mut bytes = Zeroizing::new([0u8; N]);
    OsRng.fill_bytes(bytes.as_mut());
    bytes
}

fn hkdf_key(ikm: &[u8], salt: &[u8], info: &[u8]) -> Zeroizing<[u8; KEY_LEN]> {
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    Hkdf::<Sha256>::new(Some(salt), ikm)
        .expand(info, out.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 length");
    out
}

fn ring_of(name: &str, key: &[u8; KEY_LEN]) -> Keyring {
    Keyring::new(name, SealingKey::from_bytes(*key)).expect("fixed key names are valid")
}

/// One report's data key. Never stored in the clear; `Debug` hides it.
pub struct DataKey(Zeroizing<[u8; KEY_LEN]>);

impl DataKey {
    pub fn generate() -> DataKey {
        DataKey(random_bytes())
    }

    fn from_slice(bytes: &[u8]) -> Option<DataKey> {
        let bytes: [u8; KEY_LEN] = bytes.try_into().ok()?;
        Some(DataKey(Zeroizing::new(bytes)))
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(..)")
    }
}

/// Seals and opens the fields of one record with one key, each value bound
/// to (field, organisation, record).
#[derive(Clone)]
pub struct RecordSealer {
    ring: Keyring,
    organization_id: String,
    record_id: String,
}

impl fmt::Debug for RecordSealer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordSealer")
            .field("key", &self.ring.current_key_name())
            .field("organization_id", &self.organization_id)
            .field("record_id", &self.record_id)
            .finish()
    }
}

impl RecordSealer {
    /// The server's key file: the general channel's contact (complaint
    /// officers must open it without an officer's private key).
    pub fn with_server_key(keyring: &Keyring, organization_id: &str, record_id: &str) -> Self {
        RecordSealer {
            ring: keyring.clone(),
            organization_id: organization_id.to_string(),
            record_id: record_id.to_string(),
        }
    }

    /// A corruption report's own data key.
    pub fn with_data_key(key: &DataKey, organization_id: &str, record_id: &str) -> Self {
        RecordSealer {
            ring: ring_of("case", &key.0),
            organization_id: organization_id.to_string(),
            record_id: record_id.to_string(),
        }
    }

    pub fn seal(&self, field: &[u8], plaintext: &[u8]) -> Vec<u8> {
        self.ring.seal_with_context(
            plaintext,
            &bound_context(field, &self.organization_id, &self.record_id),
        )
    }

    pub fn open(&self, field: &[u8], envelope: &[u8]) -> Result<Vec<u8>, SealError> {
        self.ring.open_with_context(
            envelope,
            &bound_context(field, &self.organization_id, &self.record_id),
        )
    }

    /// Opens a sealed UTF-8 text; None when it does not open or is not text.
    pub fn open_text(&self, field: &[u8], envelope: &[u8]) -> Option<String> {
        String::from_utf8(self.open(field, envelope).ok()?).ok()
    }
}

/// Wraps a data key for one officer's public key (anyone may do it: filing
/// needs no secret). The officer's private key alone unwraps it, and only
/// for this organisation and record.
pub fn wrap_for_officer(
    key: &DataKey,
    officer_public_key: &[u8; KEY_LEN],
    organization_id: &str,
    record_id: &str,
) -> Vec<u8> {
    let mut plaintext = Zeroizing::new(key.0.to_vec());
    plaintext.extend_from_slice(&bound_context(
        field::OFFICER_DATA_KEY,
        organization_id,
        record_id,
    ));
    crypto_box::PublicKey::from_bytes(*officer_public_key)
        .seal(&mut OsRng, &plaintext)
        .expect("a sealed box encrypts any short message")
}

/// The key of a report's reporter: HKDF of the tracking code (80 random
/// bits, so no password stretching is needed), salted with the record.
fn reporter_ring(code: &TrackingCode, organization_id: &str, record_id: &str) -> Keyring {
    let salt = bound_context(field::REPORTER_DATA_KEY, organization_id, record_id);
    let key = hkdf_key(
        code.as_str().as_bytes(),
        &salt,
        b"sujarit reporter data key v1",
    );
    ring_of("reporter", &key)
}

/// Wraps a data key under the tracking code.
pub fn wrap_for_reporter(
    key: &DataKey,
    code: &TrackingCode,
    organization_id: &str,
    record_id: &str,
) -> Vec<u8> {
    reporter_ring(code, organization_id, record_id).seal_with_context(
        key.0.as_ref(),
        &bound_context(field::REPORTER_DATA_KEY, organization_id, record_id),
    )
}

/// The data key for the reporter who holds the tracking code.
pub fn open_as_reporter(
    wrapped: &[u8],
    code: &TrackingCode,
    organization_id: &str,
    record_id: &str,
) -> Result<DataKey, KeyError> {
    let bytes = Zeroizing::new(
        reporter_ring(code, organization_id, record_id)
            .open_with_context(
                wrapped,
                &bound_context(field::REPORTER_DATA_KEY, organization_id, record_id),
            )
            .map_err(|_| KeyError::WrongTrackingCode)?,
    );
    DataKey::from_slice(&bytes).ok_or(KeyError::WrongTrackingCode)
}

/// An officer's key pair as stored: the public key, and the private key
/// wrapped twice. `by_password` is None after a reset from the command
/// line, until the officer restores it with the recovery key.
#[derive(Clone, PartialEq, Eq)]
pub struct OfficerKeys {
    pub public_key: [u8; KEY_LEN],
    pub by_password: Option<Vec<u8>>,
    pub by_recovery: Vec<u8>,
}

impl fmt::Debug for OfficerKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OfficerKeys")
            .field("has_password_wrap", &self.by_password.is_some())
            .finish_non_exhaustive()
    }
}

/// A recovery key, shown once as `ABCD-EFGH-…` (8 groups of 4).
pub struct RecoveryKey(Zeroizing<[u8; RECOVERY_LEN]>);

impl RecoveryKey {
    pub fn display(&self) -> Zeroizing<String> {
        let mut value = Zeroizing::new(String::with_capacity(40));
        // 160 bits = 32 characters of 5 bits.
        let mut bits: u64 = 0;
        let mut have = 0u32;
        let mut written = 0;
        for &byte in self.0.iter() {
            bits = (bits << 8) | u64::from(byte);
            have += 8;
            while have >= 5 {
                have -= 5;
                if written > 0 && written % 4 == 0 {
                    value.push('-');
                }
                value.push(CROCKFORD[((bits >> have) & 31) as usize] as char);
                written += 1;
            }
        }
        value
    }

    /// Reads a recovery key as typed: any case, spaces and dashes anywhere,
    /// I and L read as 1, O as 0.
    pub fn parse(text: &str) -> Result<RecoveryKey, KeyError> {
        let symbols = Zeroizing::new(
            crate::complaint::read_crockford(text).map_err(|_| KeyError::WrongRecoveryKey)?,
        );
        if symbols.len() != 32 {
            return Err(KeyError::MalformedRecoveryKey(symbols.len()));
        }
        let mut out = Zeroizing::new([0u8; RECOVERY_LEN]);
        let mut bits: u64 = 0;
        let mut have = 0u32;
        let mut at = 0;
        for &s in symbols.iter() {
            bits = (bits << 5) | crate::complaint::crockford_value(s);
            have += 5;
            if have >= 8 {
                have -= 8;
                out[at] = (bits >> have) as u8;
                at += 1;
            }
        }
        Ok(RecoveryKey(out))
    }

    fn ring(&self, organization_id: &str, user_id: &str) -> Keyring {
        let salt = bound_context(field::PRIVATE_KEY_BY_RECOVERY, organization_id, user_id);
        ring_of(
            "recovery",
            &hkdf_key(self.0.as_ref(), &salt, b"sujarit officer recovery v1"),
        )
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(..)")
    }
}

/// An officer's private key, unlocked for one session. Its bytes are wiped
/// when it is dropped (`crypto_box::SecretKey` zeroizes on drop; so does
/// every clone).
#[derive(Clone)]
pub struct UnlockedKey(crypto_box::SecretKey);

impl fmt::Debug for UnlockedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UnlockedKey(..)")
    }
}

fn password_kek(password: &str, salt: &[u8]) -> Zeroizing<[u8; KEY_LEN]> {
    let params = argon2::Params::new(19 * 1024, 2, 1, Some(KEY_LEN)).expect("valid parameters");
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    argon
        .hash_password_into(password.as_bytes(), salt, out.as_mut())
        .expect("argon2id accepts any password with a 16-byte salt");
    out
}

impl UnlockedKey {
    pub fn public_key(&self) -> [u8; KEY_LEN] {
        self.0.public_key().to_bytes()
    }

    /// The private key wrapped under `password` (keys made, password changed,
    /// or restored with the recovery key). Slow on purpose (argon2id).
    pub fn wrap_under_password(
        &self,
        organization_id: &str,
        user_id: &str,
        password: &str,
    ) -> Vec<u8> {
        let salt = random_bytes::<SALT_LEN>();
        let kek = password_kek(password, salt.as_ref());
        let envelope = ring_of("password", &kek).seal_with_context(
            &Zeroizing::new(self.0.to_bytes())[..],
            &bound_context(field::PRIVATE_KEY_BY_PASSWORD, organization_id, user_id),
        );
        let mut out = Vec::with_capacity(1 + SALT_LEN + envelope.len());
        out.push(PASSWORD_WRAP_V1);
        out.extend_from_slice(salt.as_ref());
        out.extend_from_slice(&envelope);
        out
    }

    /// A report's data key, if it was wrapped for this officer, this
    /// organisation and this record.
    pub fn open_data_key(
        &self,
        wrapped: &[u8],
        organization_id: &str,
        record_id: &str,
    ) -> Result<DataKey, KeyError> {
        let plaintext = Zeroizing::new(
            self.0
                .unseal(wrapped)
                .map_err(|_| KeyError::NotThisRecord)?,
        );
        let expected = bound_context(field::OFFICER_DATA_KEY, organization_id, record_id);
        if plaintext.len() != KEY_LEN + expected.len() || plaintext[KEY_LEN..] != expected[..] {
            return Err(KeyError::NotThisRecord);
        }
        DataKey::from_slice(&plaintext[..KEY_LEN]).ok_or(KeyError::NotThisRecord)
    }
}

/// Makes an officer's key pair: the stored form, the recovery key to show
/// once, and the private key unlocked for the session that made it.
pub fn make_officer_keys(
    organization_id: &str,
    user_id: &str,
    password: &str,
) -> (OfficerKeys, RecoveryKey, UnlockedKey) {
    let secret = UnlockedKey(crypto_box::SecretKey::generate(&mut OsRng));
    let recovery = RecoveryKey(random_bytes());
    let by_recovery = recovery.ring(organization_id, user_id).seal_with_context(
        &Zeroizing::new(secret.0.to_bytes())[..],
        &bound_context(field::PRIVATE_KEY_BY_RECOVERY, organization_id, user_id),
    );
    let keys = OfficerKeys {
        public_key: secret.public_key(),
        by_password: Some(secret.wrap_under_password(organization_id, user_id, password)),
        by_recovery,
    };
    (keys, recovery, secret)
}

fn secret_from(bytes: &[u8], public_key: &[u8; KEY_LEN]) -> Option<UnlockedKey> {
    let bytes: [u8; KEY_LEN] = bytes.try_into().ok()?;
    let secret = crypto_box::SecretKey::from_bytes(bytes);
    (secret.public_key().to_bytes() == *public_key).then_some(UnlockedKey(secret))
}

impl OfficerKeys {
    /// The private key, with the officer's password. A reset account (no
    /// password wrap) is [`KeyError::WrongPassword`] until restored.
    pub fn unlock(
        &self,
        organization_id: &str,
        user_id: &str,
        password: &str,
    ) -> Result<UnlockedKey, KeyError> {
        let wrapped = self.by_password.as_deref().ok_or(KeyError::WrongPassword)?;
        let (&format, rest) = wrapped.split_first().ok_or(KeyError::WrongPassword)?;
        if format != PASSWORD_WRAP_V1 || rest.len() < SALT_LEN {
            return Err(KeyError::WrongPassword);
        }
        let (salt, envelope) = rest.split_at(SALT_LEN);
        let kek = password_kek(password, salt);
        let bytes = Zeroizing::new(
            ring_of("password", &kek)
                .open_with_context(
                    envelope,
                    &bound_context(field::PRIVATE_KEY_BY_PASSWORD, organization_id, user_id),
                )
                .map_err(|_| KeyError::WrongPassword)?,
        );
        secret_from(&bytes, &self.public_key).ok_or(KeyError::WrongPassword)
    }

    /// The private key, with the recovery key printed when the keys were made.
    pub fn recover(
        &self,
        organization_id: &str,
        user_id: &str,
        recovery: &RecoveryKey,
    ) -> Result<UnlockedKey, KeyError> {
        let bytes = Zeroizing::new(
            recovery
                .ring(organization_id, user_id)
                .open_with_context(
                    &self.by_recovery,
                    &bound_context(field::PRIVATE_KEY_BY_RECOVERY, organization_id, user_id),
                )
                .map_err(|_| KeyError::WrongRecoveryKey)?,
        );
        secret_from(&bytes, &self.public_key).ok_or(KeyError::WrongRecoveryKey)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(byte: u8) -> TrackingCode {
        TrackingCode::from_random_bytes([byte; 10])
    }

    #[test]
    fn a_sealed_field_opens_only_in_its_own_organisation_record_and_field() {
        let key = DataKey::generate();
        let sealer = RecordSealer::with_data_key(&key, "org-a", "case-1");
        let envelope = sealer.seal(field::CONTENT, "ผู้บริหารรับเงิน".as_bytes());
        assert_eq!(
            sealer.open_text(field::CONTENT, &envelope).as_deref(),
            Some("ผู้บริหารรับเงิน")
        );
        assert!(
            sealer.open(field::CONTACT, &envelope).is_err(),
            "other field"
        );
        let other_case = RecordSealer::with_data_key(&key, "org-a", "case-2");
        assert!(
            other_case.open(field::CONTENT, &envelope).is_err(),
            "other case"
        );
        let other_org = RecordSealer::with_data_key(&key, "org-b", "case-1");
        assert!(
            other_org.open(field::CONTENT, &envelope).is_err(),
            "other organisation"
        );
        let other_key = RecordSealer::with_data_key(&DataKey::generate(), "org-a", "case-1");
        assert!(
            other_key.open(field::CONTENT, &envelope).is_err(),
            "other key"
        );
    }

    #[test]
    fn bound_contexts_never_collide_by_concatenation() {
        assert_ne!(
            bound_context(b"f", "ab", "c"),
            bound_context(b"f", "a", "bc")
        );
    }

    #[test]
    fn an_officer_opens_a_data_key_wrapped_for_them_and_nobody_else_does() {
        let (keys, _recovery, alice) = make_officer_keys("org", "alice", "รหัสผ่านยาวพอ123");
        let (_, _, bob) = make_officer_keys("org", "bob", "another password");
        let key = DataKey::generate();
        let wrapped = wrap_for_officer(&key, &keys.public_key, "org", "case-1");
        let opened = alice.open_data_key(&wrapped, "org", "case-1").unwrap();
        assert_eq!(opened.0.as_ref(), key.0.as_ref());
        assert_eq!(
            bob.open_data_key(&wrapped, "org", "case-1").unwrap_err(),
            KeyError::NotThisRecord
        );
        // Moved to another case or organisation: refused.
        assert!(alice.open_data_key(&wrapped, "org", "case-2").is_err());
        assert!(alice.open_data_key(&wrapped, "org2", "case-1").is_err());
    }

    #[test]
    fn the_password_and_the_recovery_key_unlock_the_same_private_key() {
        let (keys, recovery, made) = make_officer_keys("org", "u1", "correct horse battery");
        let by_password = keys.unlock("org", "u1", "correct horse battery").unwrap();
        assert_eq!(by_password.public_key(), made.public_key());
        assert_eq!(
            keys.unlock("org", "u1", "wrong password").unwrap_err(),
            KeyError::WrongPassword
        );
        assert!(
            keys.unlock("org", "u2", "correct horse battery").is_err(),
            "other account"
        );
        let shown = recovery.display();
        assert_eq!(shown.len(), 32 + 7);
        let typed = shown.to_lowercase().replace('-', " ");
        let recovered = keys
            .recover("org", "u1", &RecoveryKey::parse(&typed).unwrap())
            .unwrap();
        assert_eq!(recovered.public_key(), made.public_key());
        let mut wrong = shown.to_string();
        wrong.replace_range(0..1, if wrong.starts_with('A') { "B" } else { "A" });
        assert_eq!(
            keys.recover("org", "u1", &RecoveryKey::parse(&wrong).unwrap())
                .unwrap_err(),
            KeyError::WrongRecoveryKey
        );
        assert_eq!(
            RecoveryKey::parse("ABCD").unwrap_err(),
            KeyError::MalformedRecoveryKey(4)
        );
        // A reset account has no password wrap until restored.
        let reset = OfficerKeys {
            by_password: None,
            ..keys.clone()
        };
        assert!(reset.unlock("org", "u1", "correct horse battery").is_err());
        let rewrapped = OfficerKeys {
            by_password: Some(recovered.wrap_under_password("org", "u1", "new password here")),
            ..keys
        };
        assert!(rewrapped.unlock("org", "u1", "new password here").is_ok());
    }

    #[test]
    fn the_reporter_opens_the_data_key_with_the_tracking_code_only() {
        let key = DataKey::generate();
        let wrapped = wrap_for_reporter(&key, &code(1), "org", "case-1");
        let opened = open_as_reporter(&wrapped, &code(1), "org", "case-1").unwrap();
        assert_eq!(opened.0.as_ref(), key.0.as_ref());
        assert_eq!(
            open_as_reporter(&wrapped, &code(2), "org", "case-1").unwrap_err(),
            KeyError::WrongTrackingCode
        );
        assert!(open_as_reporter(&wrapped, &code(1), "org", "case-2").is_err());
    }

    #[test]
    fn the_server_key_seals_bound_to_the_record_too() {
        let ring = Keyring::new("k", SealingKey::from_bytes([3; 32])).unwrap();
        let a = RecordSealer::with_server_key(&ring, "org", "general-1");
        let sealed = a.seal(field::CONTACT, b"0812345678");
        let b = RecordSealer::with_server_key(&ring, "org", "general-2");
        assert!(b.open(field::CONTACT, &sealed).is_err());
        assert_eq!(a.open(field::CONTACT, &sealed).unwrap(), b"0812345678");
        let debug = format!(
            "{a:?} {:?} {:?}",
            DataKey::generate(),
            RecoveryKey(random_bytes())
        );
        assert!(!debug.contains("0812345678"));
    }
}
