//! Password hashing with argon2id (the crate's defaults: 19 MiB, 2 passes, 1
//! lane, the OWASP baseline). Hashing takes tens of milliseconds of CPU, so the
//! async functions run it on the blocking pool, never on the async runtime,
//! and no more of them at once than the machine has cores: a flood of logins
//! with made-up e-mails then waits in line (a few bytes each) instead of
//! taking 19 MiB per request on up to 512 blocking threads.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Semaphore;

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Hashes `password` into a PHC string (`$argon2id$v=19$…`), blocking.
pub fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Whether `password` matches `phc`, blocking. A malformed hash matches nothing.
pub fn verify_blocking(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// How many hashes may run at once: the cores the process may use.
pub fn hashing_slots() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

static HASHING: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(hashing_slots()));
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The most hashes (argon2id runs) seen running at the same time since the
/// process started, for tests and diagnostics.
pub fn peak_concurrent_hashes() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Runs `work` (an argon2id run, 19 MiB) on the blocking pool once one of
/// [`hashing_slots`] is free. Other slow key derivations (an officer's key
/// wrap) go through here too.
pub async fn with_hashing_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, PasswordError> {
    let _slot = HASHING.acquire().await.map_err(|_| PasswordError)?;
    tokio::task::spawn_blocking(move || {
        let running = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK.fetch_max(running, Ordering::SeqCst);
        let outcome = work();
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        outcome
    })
    .await
    .map_err(|_| PasswordError)
}

/// Hashes on the blocking pool.
pub async fn hash(password: String) -> Result<String, PasswordError> {
    with_hashing_slot(move || hash_blocking(&password))
        .await?
        .map_err(|_| PasswordError)
}

/// Verifies on the blocking pool. With no hash (unknown email, inactive
/// account) it still verifies against a fixed hash, so the answer takes as
/// long whether or not the account exists.
pub async fn verify(password: String, phc: Option<String>) -> bool {
    let outcome = with_hashing_slot(move || match phc {
        Some(phc) => verify_blocking(&password, &phc),
        None => {
            let _ = verify_blocking(&password, &DUMMY_HASH);
            false
        }
    })
    .await;
    outcome.unwrap_or(false)
}

/// A hash of a random password nobody knows, for [`verify`] without an account.
static DUMMY_HASH: LazyLock<String> =
    // Hashing with a fresh salt does not fail; were it to, an empty string
    // would only make this path faster, never let anyone in.
    LazyLock::new(|| hash_blocking(&generate()).unwrap_or_default());

/// The hashing failed (the blocking task died or argon2 refused the input).
#[derive(Debug, thiserror::Error)]
#[error("ไม่สามารถเข้ารหัสรหัสผ่านได้")]
pub struct PasswordError;

/// Letters and digits that cannot be mistaken for each other when read
/// aloud or copied by hand (no 0/O, 1/l/I).
const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A new random password: 20 characters from 56, about 116 bits, in groups of
/// five joined by hyphens so a person can copy it ("k7Qm2-…").
pub fn generate() -> String {
    let mut out = String::with_capacity(23);
    let mut drawn = 0;
    while drawn < 20 {
        let mut byte = [0u8; 1];
        OsRng.fill_bytes(&mut byte);
        // Rejection sampling keeps every character equally likely.
        let limit = 256 - 256 % ALPHABET.len();
        if usize::from(byte[0]) >= limit {
            continue;
        }
        if drawn > 0 && drawn % 5 == 0 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[usize::from(byte[0]) % ALPHABET.len()]));
        drawn += 1;
    }
    out
}

/// 32 random bytes as 64 hex digits: a session token.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_hashes_run_at_once_than_there_are_cores() {
        let phc = hash_blocking("รหัสผ่านที่ยาวพอ").unwrap();
        let checks: Vec<_> = (0..24)
            .map(|i| tokio::spawn(verify(format!("เดา{i}"), Some(phc.clone()))))
            .collect();
        for check in checks {
            assert!(!check.await.unwrap());
        }
        let peak = peak_concurrent_hashes();
        assert!(peak >= 1, "the checks ran");
        assert!(
            peak <= hashing_slots(),
            "{peak} hashes ran at once on {} slots",
            hashing_slots()
        );
    }

    #[test]
    fn a_hash_verifies_its_password_only() {
        let phc = hash_blocking("รหัสผ่านที่ยาวพอ").unwrap();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(verify_blocking("รหัสผ่านที่ยาวพอ", &phc));
        assert!(!verify_blocking("รหัสผ่านที่ยาวพอ ", &phc));
        assert!(!verify_blocking("รหัสผ่านที่ยาวพอ", "not a hash"));
        assert_ne!(phc, hash_blocking("รหัสผ่านที่ยาวพอ").unwrap(), "salted");
    }

    #[test]
    fn generated_passwords_pass_the_policy_and_differ() {
        let a = generate();
        assert_eq!(a.chars().count(), 23);
        assert_eq!(a.split('-').count(), 4);
        assert!(sujarit_core::account::check_password(&a).is_ok());
        assert!(a.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        assert_ne!(a, generate());
    }

    #[test]
    fn tokens_are_256_bits_of_hex() {
        let t = random_token();
        assert_eq!(t.len(), 64);
        assert!(t.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(t, random_token());
    }

    #[tokio::test]
    async fn verifying_without_an_account_is_false() {
        assert!(!verify("anything".into(), None).await);
    }
}
