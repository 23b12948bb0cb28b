//! TOTP codes (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) for test
//! accounts, made by the crate the server checks them with. The test suites
//! enrol administrators and integrity officers with [`SECRET`] through their
//! own store and send [`codes_now`] with a login.

use totp_rs::{Rfc6238, TOTP};

/// The test accounts' secret: 160 bits, like the server's own.
pub const SECRET: [u8; 20] = *b"sujarit-test-totp-20";

/// Seconds per code.
pub const STEP_SECONDS: u64 = 30;

/// The code of time step `step` (Unix time / 30).
pub fn code_for_step(secret: &[u8], step: u64) -> String {
    let rfc = Rfc6238::with_defaults(secret.to_vec()).expect("a secret of at least 128 bits");
    let totp = TOTP::from_rfc6238(rfc).expect("RFC 6238 defaults");
    totp.generate(step * STEP_SECONDS)
}

/// The time step now.
pub fn current_step() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970");
    now.as_secs() / STEP_SECONDS
}

/// The codes the server accepts now, earliest step first: the previous, the
/// current and the next. A code is accepted once, so a test that logs the
/// same account in again within 30 seconds sends the next one.
pub fn codes_now(secret: &[u8]) -> [String; 3] {
    let step = current_step();
    [step - 1, step, step + 1].map(|s| code_for_step(secret, s))
}
