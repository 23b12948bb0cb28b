//! Integrity officers' private keys, unlocked at login for that session only.
//!
//! Kept in memory, never on disk, keyed by the session's hash. A key is
//! dropped (its bytes zeroized by `crypto_box`) at logout, after 30 minutes
//! without use, 12 hours after unlocking, and by a sweep every minute; a
//! restart forgets every key, and the officer unlocks again with their
//! password (`/staff/keys/unlock`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use sujarit_core::case_keys::UnlockedKey;

use crate::state::AppState;

/// Idle time after which an unlocked key is forgotten (ASVS L2: 30 minutes).
pub const IDLE: Duration = Duration::from_secs(30 * 60);
/// The longest an unlocked key is kept, used or not.
pub const ABSOLUTE: Duration = Duration::from_secs(12 * 60 * 60);

struct Entry {
    organization_id: String,
    user_id: String,
    key: UnlockedKey,
    unlocked_at: Instant,
    last_used: Instant,
}

impl Entry {
    fn expired(&self, now: Instant) -> bool {
        now.duration_since(self.last_used) >= IDLE
            || now.duration_since(self.unlocked_at) >= ABSOLUTE
    }
}

/// The unlocked keys of the installation's signed-in officers.
#[derive(Clone, Default)]
pub struct OfficerKeyring(Arc<Mutex<HashMap<String, Entry>>>);

impl std::fmt::Debug for OfficerKeyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OfficerKeyring")
            .field("unlocked", &self.len())
            .finish()
    }
}

impl OfficerKeyring {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock leaves plain data: keep going.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Keeps `key` for the session `session_hash` of this officer.
    pub fn insert(
        &self,
        session_hash: &str,
        organization_id: &str,
        user_id: &str,
        key: UnlockedKey,
    ) {
        let now = Instant::now();
        self.entries().insert(
            session_hash.to_string(),
            Entry {
                organization_id: organization_id.to_string(),
                user_id: user_id.to_string(),
                key,
                unlocked_at: now,
                last_used: now,
            },
        );
    }

    /// The key of this session, if unlocked, not expired and this officer's.
    pub fn get(
        &self,
        session_hash: &str,
        organization_id: &str,
        user_id: &str,
    ) -> Option<UnlockedKey> {
        let now = Instant::now();
        let mut entries = self.entries();
        let entry = entries.get_mut(session_hash)?;
        if entry.expired(now)
            || entry.organization_id != organization_id
            || entry.user_id != user_id
        {
            entries.remove(session_hash);
            return None;
        }
        entry.last_used = now;
        Some(entry.key.clone())
    }

    /// Logout: the session's key is dropped.
    pub fn forget(&self, session_hash: &str) {
        self.entries().remove(session_hash);
    }

    /// Every session's key of one officer (password changed, keys reset).
    pub fn forget_user(&self, organization_id: &str, user_id: &str) {
        self.entries()
            .retain(|_, e| !(e.organization_id == organization_id && e.user_id == user_id));
    }

    /// Drops expired keys; how many are left.
    pub fn sweep(&self) -> usize {
        let now = Instant::now();
        let mut entries = self.entries();
        entries.retain(|_, e| !e.expired(now));
        entries.len()
    }

    pub fn len(&self) -> usize {
        self.entries().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sweeps every minute on the current Tokio runtime.
    pub fn start_sweeper(&self) {
        let keys = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                keys.sweep();
            }
        });
    }
}

impl<S: Send + Sync> FromRequestParts<S> for OfficerKeyring
where
    AppState: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(_: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(AppState::from_ref(state).officer_keys().clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sujarit_core::case_keys::make_officer_keys;

    #[test]
    fn a_key_serves_only_its_session_and_officer_and_is_forgotten() {
        let ring = OfficerKeyring::default();
        let (_, _, key) = make_officer_keys("org", "u1", "password 1234");
        let public = key.public_key();
        ring.insert("s1", "org", "u1", key);
        assert_eq!(
            ring.get("s1", "org", "u1").map(|k| k.public_key()),
            Some(public)
        );
        assert!(ring.get("s2", "org", "u1").is_none(), "another session");
        assert!(
            ring.get("s1", "org", "u2").is_none(),
            "another officer: dropped"
        );
        assert!(ring.is_empty());
        let (_, _, key) = make_officer_keys("org", "u1", "password 1234");
        ring.insert("s1", "org", "u1", key);
        ring.forget("s1");
        assert!(ring.get("s1", "org", "u1").is_none());
    }

    #[test]
    fn idle_keys_are_swept() {
        let ring = OfficerKeyring::default();
        let (_, _, key) = make_officer_keys("org", "u1", "password 1234");
        ring.insert("s1", "org", "u1", key);
        assert_eq!(ring.sweep(), 1);
        ring.entries().get_mut("s1").unwrap().last_used = Instant::now() - IDLE;
        assert_eq!(ring.sweep(), 0, "30 minutes idle: gone");
    }
}
