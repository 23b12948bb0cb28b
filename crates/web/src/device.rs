//! The device cookie, shared by check-in and surveys: an opaque random
//! token (64 hex digits, from `sujarit_service::passwords::random_token`)
//! that lets one phone check in once per activity and answer once per
//! survey. Only a hash of it per activity or survey is kept
//! (`sujarit_service::activities::device_hash`). One name, one format and
//! one path (`/`), so the two features never see each other's cookie as
//! malformed and mint a new one.

use axum::http::{HeaderMap, HeaderValue, header};

pub(crate) const DEVICE_COOKIE: &str = "sujarit_device";

/// The device token a request carries, if it is one Sujarit could have set.
pub(crate) fn device_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(k, _)| *k == DEVICE_COOKIE)
        .map(|(_, v)| v.trim().to_owned())
        .find(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A new device token.
pub(crate) fn new_device() -> String {
    sujarit_service::passwords::random_token()
}

/// `Set-Cookie` for a new device token: HttpOnly, sent with a link followed
/// from elsewhere (a QR code, a chat), kept for two years.
pub(crate) fn device_cookie(token: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{DEVICE_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=63072000"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_well_formed_device_cookie_counts() {
        let token = "ab".repeat(32);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=b; {DEVICE_COOKIE}={token}")).unwrap(),
        );
        assert_eq!(device_of(&headers).as_deref(), Some(token.as_str()));
        // An old cookie of another shape on a longer path comes first: the
        // good one after it still counts, so no new device is minted.
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!(
                "{DEVICE_COOKIE}=0123abcd; {DEVICE_COOKIE}={token}"
            ))
            .unwrap(),
        );
        assert_eq!(device_of(&headers).as_deref(), Some(token.as_str()));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("sujarit_device=short"),
        );
        assert_eq!(device_of(&headers), None);
        assert_eq!(new_device().len(), 64);
        assert!(
            device_cookie(&token)
                .to_str()
                .unwrap()
                .contains("Path=/; HttpOnly; SameSite=Lax")
        );
    }
}
