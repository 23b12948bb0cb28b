//! The second factor: TOTP codes (RFC 6238) as authenticator apps make them,
//! HMAC-SHA-1, 6 digits, a new code every 30 seconds, checked with `totp-rs`.
//! A code of the step before or after the current one is accepted too (a
//! phone's clock drifts); the caller then takes the step as used
//! (`AccountStore::accept_totp_step`), so each code works once.

use time::OffsetDateTime;
use totp_rs::{Algorithm, TOTP};

/// Seconds per code.
pub const STEP_SECONDS: i64 = 30;
/// A new secret's length: 160 bits, as RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;
/// The shortest secret accepted back from the enrolment form (RFC 4226's minimum).
const MIN_SECRET_BYTES: usize = 16;
/// Digits per code.
pub const DIGITS: usize = 6;

/// One step exactly (no skew): `matching_step` tries the neighbours itself,
/// so it knows which step a code belongs to.
fn exact(secret: &[u8]) -> Option<TOTP> {
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        0,
        STEP_SECONDS as u64,
        secret.to_vec(),
        None,
        String::new(),
    )
    .ok()
}

/// A fresh secret from the operating system's random source.
pub fn new_secret() -> Vec<u8> {
    // 32 random bytes as hex; the first 20 of them.
    let token = sujarit_service::passwords::random_token();
    (0..SECRET_BYTES)
        .filter_map(|i| u8::from_str_radix(token.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

/// The secret as authenticator apps take it typed in: RFC 4648 base32, no padding.
pub fn base32(secret: &[u8]) -> String {
    totp_rs::Secret::Raw(secret.to_vec())
        .to_encoded()
        .to_string()
}

/// Base32 in groups of four, easier to read out and type.
pub fn grouped(base32: &str) -> String {
    base32
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A secret back from the enrolment form: base32 whatever its case, spaces
/// and dashes ignored. `None` when it is not base32 or shorter than 128 bits.
pub fn parse_base32(text: &str) -> Option<Vec<u8>> {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if clean.is_empty() || !clean.chars().all(|c| matches!(c, 'A'..='Z' | '2'..='7')) {
        return None;
    }
    let bytes = totp_rs::Secret::Encoded(clean).to_bytes().ok()?;
    (MIN_SECRET_BYTES..=64)
        .contains(&bytes.len())
        .then_some(bytes)
}

/// The `otpauth://totp/…` link an authenticator app reads from the QR code.
/// A colon would split the label, so none is left in either part.
pub fn otpauth_uri(secret: &[u8], issuer: &str, account: &str) -> Option<String> {
    let issuer = issuer.replace(':', " ").trim().to_owned();
    let account = account.replace(':', " ").trim().to_owned();
    let totp = TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        1,
        STEP_SECONDS as u64,
        secret.to_vec(),
        (!issuer.is_empty()).then_some(issuer),
        account,
    )
    .ok()?;
    Some(totp.get_url())
}

/// A code as typed: six digits, Thai digits read as Arabic ones, spaces and
/// dashes ignored. `None` for anything else.
pub fn normalise_code(text: &str) -> Option<String> {
    let mut code = String::with_capacity(DIGITS);
    for c in text.chars() {
        match c {
            '0'..='9' => code.push(c),
            '๐'..='๙' => code.push(char::from(b'0' + (c as u32 - '๐' as u32) as u8)),
            ' ' | '-' | '\u{a0}' => {}
            _ => return None,
        }
    }
    (code.len() == DIGITS).then_some(code)
}

/// The time step of `at`: whole 30-second periods since 1970.
pub fn step_of(at: OffsetDateTime) -> i64 {
    at.unix_timestamp().div_euclid(STEP_SECONDS)
}

/// The step whose code `code` is, among the previous, the current and the
/// next step at `now` (earliest first); `None` when it is none of them.
pub fn matching_step(secret: &[u8], code: &str, now: OffsetDateTime) -> Option<i64> {
    let code = normalise_code(code)?;
    let totp = exact(secret)?;
    let current = step_of(now);
    (current - 1..=current + 1)
        .find(|&step| u64::try_from(step * STEP_SECONDS).is_ok_and(|time| totp.check(&code, time)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, truncated to 6 digits.
    #[test]
    fn the_rfc_6238_vectors_match() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            let at = OffsetDateTime::from_unix_timestamp(time).unwrap();
            assert_eq!(
                matching_step(secret, code, at),
                Some(time / STEP_SECONDS),
                "{time}"
            );
        }
    }

    #[test]
    fn one_step_of_drift_either_way_and_no_more() {
        let secret = b"12345678901234567890";
        // 287082 is the code of step 1 (t = 30…59).
        let at = |t| OffsetDateTime::from_unix_timestamp(t).unwrap();
        assert_eq!(
            matching_step(secret, "287082", at(5)),
            Some(1),
            "a step early"
        );
        assert_eq!(
            matching_step(secret, "287082", at(89)),
            Some(1),
            "a step late"
        );
        assert_eq!(
            matching_step(secret, "287082", at(90)),
            None,
            "two steps late"
        );
        assert_eq!(matching_step(secret, "287083", at(59)), None);
        assert_eq!(matching_step(secret, "", at(59)), None);
    }

    #[test]
    fn codes_are_read_as_people_type_them() {
        assert_eq!(normalise_code(" 287 082 ").as_deref(), Some("287082"));
        assert_eq!(normalise_code("๒๘๗๐๘๒").as_deref(), Some("287082"));
        assert_eq!(normalise_code("287-082").as_deref(), Some("287082"));
        for bad in ["28708", "2870821", "28708a", "+87082", "๒๘๗๐๘"] {
            assert_eq!(normalise_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn secrets_round_trip_through_base32() {
        let secret = new_secret();
        assert_eq!(secret.len(), SECRET_BYTES);
        assert_ne!(secret, new_secret());
        let text = base32(&secret);
        assert_eq!(text.len(), 32);
        assert_eq!(parse_base32(&text), Some(secret.clone()));
        let shown = grouped(&text);
        assert_eq!(shown.split(' ').count(), 8);
        assert_eq!(parse_base32(&shown.to_lowercase()), Some(secret));
        for bad in ["", "ABC!", "AAAAAAAA", "0000000000000000000000000000000O"] {
            assert_eq!(parse_base32(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_enrolment_link_names_the_organisation_and_the_account() {
        let uri = otpauth_uri(b"12345678901234567890", "เทศบาล: นคร", "a@b.go.th").unwrap();
        assert!(uri.starts_with("otpauth://totp/"), "{uri}");
        assert!(
            uri.contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            "{uri}"
        );
        assert!(uri.contains("a%40b.go.th"), "{uri}");
        assert!(
            uri.contains("issuer=%E0%B9%80"),
            "percent-encoded Thai: {uri}"
        );
        assert!(!uri.contains("%3A"), "no colon left in the label: {uri}");
    }
}
