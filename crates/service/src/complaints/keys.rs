//! The corruption channel's keys as use cases: an officer makes keys,
//! unlocks them at login, restores them with the recovery key, grants access
//! to another officer; staff and reporters open a case; the key file's old
//! envelopes are upgraded (tracking codes at start-up, reports by
//! `complaints reseal`). The scheme is in `sujarit_core::case_keys`.
//!
//! argon2id runs on the blocking pool: it takes tens of milliseconds.

use std::collections::{HashMap, HashSet};

use sujarit_core::case_keys::{
    self, DataKey, KeyError, RecordSealer, RecoveryKey, UnlockedKey, field, open_as_reporter,
    wrap_for_officer, wrap_for_reporter,
};
use sujarit_core::complaint::{Channel, TrackingCode, seal_context};
use sujarit_core::sealed::Keyring;
use sujarit_store::files::FileStore;
use sujarit_store::{
    ComplaintSummary, KeyGrant, LegacyComplaint, PublicCase, ResealedAttachment, ResealedCase,
    ResealedEvent, Store, StoreError, TrackingUpgrade,
};

/// Why a key operation failed: the key itself (Thai, a 4xx) or the store.
#[derive(Debug, thiserror::Error)]
pub enum KeysError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The officer has made no keys yet.
    #[error("คุณยังไม่ได้ตั้งกุญแจเข้ารหัส: ตั้งกุญแจที่หน้า \"กุญแจเข้ารหัส\" ก่อน")]
    NoKeys,
    /// A legacy envelope the key file does not open.
    #[error("เปิดข้อมูลเดิมด้วยไฟล์กุญแจไม่ได้ (เรื่อง {0}): ตรวจสอบว่าใช้ไฟล์กุญแจเดิม")]
    Legacy(String),
    #[error("ไฟล์แนบของเรื่อง {0} อ่านหรือเขียนไม่ได้: {1}")]
    File(String, String),
}

/// A key derivation (argon2id) in one of the password hashing slots.
async fn blocking<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> T {
    crate::passwords::with_hashing_slot(job)
        .await
        .expect("a key derivation does not panic")
}

/// Makes an integrity officer's keys (once): stored wrapped, the recovery
/// key returned to be shown once, the private key unlocked for the session.
pub async fn make_keys(
    store: &dyn Store,
    organization_id: &str,
    user_id: &str,
    password: &str,
) -> Result<(RecoveryKey, UnlockedKey), KeysError> {
    let (org, user, pass) = (
        organization_id.to_string(),
        user_id.to_string(),
        password.to_string(),
    );
    let (keys, recovery, unlocked) =
        blocking(move || case_keys::make_officer_keys(&org, &user, &pass)).await;
    store
        .save_officer_keys(organization_id, user_id, &keys)
        .await?;
    Ok((recovery, unlocked))
}

/// The officer's private key with their password; None when they have no
/// keys (or must restore them first).
pub async fn unlock(
    store: &dyn Store,
    organization_id: &str,
    user_id: &str,
    password: &str,
) -> Result<Option<UnlockedKey>, KeysError> {
    let Some(keys) = store.officer_keys(organization_id, user_id).await? else {
        return Ok(None);
    };
    if keys.by_password.is_none() {
        return Ok(None);
    }
    let (org, user, pass) = (
        organization_id.to_string(),
        user_id.to_string(),
        password.to_string(),
    );
    Ok(Some(
        blocking(move || keys.unlock(&org, &user, &pass)).await?,
    ))
}

/// After a password change: the private key wrapped under the new password
/// (unlocked with the old one). No keys: nothing to do.
pub async fn rewrap_for_new_password(
    store: &dyn Store,
    organization_id: &str,
    user_id: &str,
    old_password: &str,
    new_password: &str,
) -> Result<Option<UnlockedKey>, KeysError> {
    let Some(unlocked) = unlock(store, organization_id, user_id, old_password).await? else {
        return Ok(None);
    };
    let wrapped = wrap_under(organization_id, user_id, new_password, &unlocked).await;
    store
        .set_officer_password_key(organization_id, user_id, Some(&wrapped), Some(user_id))
        .await?;
    Ok(Some(unlocked))
}

async fn wrap_under(org: &str, user: &str, password: &str, key: &UnlockedKey) -> Vec<u8> {
    let (org, user, pass, key) = (
        org.to_string(),
        user.to_string(),
        password.to_string(),
        key.clone(),
    );
    blocking(move || key.wrap_under_password(&org, &user, &pass)).await
}

/// Restores a reset officer's keys with the recovery key: the private key
/// wrapped under their current password again.
pub async fn restore(
    store: &dyn Store,
    organization_id: &str,
    user_id: &str,
    recovery_text: &str,
    password: &str,
) -> Result<UnlockedKey, KeysError> {
    let recovery = RecoveryKey::parse(recovery_text)?;
    let Some(keys) = store.officer_keys(organization_id, user_id).await? else {
        return Err(KeysError::NoKeys);
    };
    let unlocked = keys.recover(organization_id, user_id, &recovery)?;
    let wrapped = wrap_under(organization_id, user_id, password, &unlocked).await;
    store
        .set_officer_password_key(organization_id, user_id, Some(&wrapped), Some(user_id))
        .await?;
    Ok(unlocked)
}

/// Gives `grantee` every report the granter can open and the grantee
/// cannot yet; how many. The store refuses a granter without access.
pub async fn grant_all(
    store: &dyn Store,
    organization_id: &str,
    granter: &str,
    granter_key: &UnlockedKey,
    grantee: &str,
) -> Result<u64, KeysError> {
    let Some(grantee_keys) = store.officer_keys(organization_id, grantee).await? else {
        return Err(
            StoreError::NotAllowed(sujarit_core::refusal::Refusal::GranteeWithoutKeys).into(),
        );
    };
    let held: HashSet<String> = store
        .case_keys(organization_id, grantee)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut grants = Vec::new();
    for (complaint_id, wrapped) in store.case_keys(organization_id, granter).await? {
        if held.contains(&complaint_id) {
            continue;
        }
        // A key that does not open (tampered, or another officer's) is
        // skipped: the others are still granted.
        let Ok(key) = granter_key.open_data_key(&wrapped, organization_id, &complaint_id) else {
            tracing::warn!(complaint = %complaint_id, "a held key does not open; not granted");
            continue;
        };
        grants.push((
            complaint_id.clone(),
            wrap_for_officer(
                &key,
                &grantee_keys.public_key,
                organization_id,
                &complaint_id,
            ),
        ));
    }
    Ok(store
        .grant_case_keys(organization_id, grantee, &grants, granter)
        .await?)
}

/// The data keys one officer holds, by complaint id (for a list page).
pub async fn held_keys(
    store: &dyn Store,
    organization_id: &str,
    user_id: &str,
) -> Result<HashMap<String, Vec<u8>>, StoreError> {
    Ok(store
        .case_keys(organization_id, user_id)
        .await?
        .into_iter()
        .collect())
}

/// How staff open a case's sealed parts: a general complaint's contact with
/// the key file; a corruption report (seal version 2) with its data key,
/// which only an officer holding a key for it unwraps. None: this reader
/// cannot open it (no grant, keys locked, or a report still under the key
/// file waiting for `complaints reseal`).
pub fn staff_sealer(
    keyring: &Keyring,
    officer_key: Option<&UnlockedKey>,
    organization_id: &str,
    case: &ComplaintSummary,
    wrapped: Option<&[u8]>,
) -> Option<RecordSealer> {
    match case.channel {
        Channel::General => Some(RecordSealer::with_server_key(
            keyring,
            organization_id,
            &case.complaint_id,
        )),
        Channel::Corruption if case.seal_version >= 2 => {
            let key = officer_key?
                .open_data_key(wrapped?, organization_id, &case.complaint_id)
                .ok()?;
            Some(RecordSealer::with_data_key(
                &key,
                organization_id,
                &case.complaint_id,
            ))
        }
        Channel::Corruption => None,
    }
}

/// How the reporter opens their report's messages: the data key unwrapped
/// with the tracking code. None for a general complaint (nothing sealed to
/// show) or a report still under the key file.
pub fn reporter_sealer(
    organization_id: &str,
    case: &PublicCase,
    code: &TrackingCode,
) -> Option<RecordSealer> {
    if case.channel != Channel::Corruption || case.seal_version < 2 {
        return None;
    }
    let key = open_as_reporter(
        case.reporter_key.as_deref()?,
        code,
        organization_id,
        &case.complaint_id,
    )
    .ok()?;
    Some(RecordSealer::with_data_key(
        &key,
        organization_id,
        &case.complaint_id,
    ))
}

/// Opens a reporter's view of the history in place (sealed messages of a
/// corruption report).
pub fn open_public_history(case: &mut PublicCase, sealer: Option<&RecordSealer>) {
    let Some(sealer) = sealer else { return };
    for event in &mut case.history {
        if let Some(sealed) = event.sealed_message.take() {
            event.message = sealer.open_text(field::PUBLIC_MESSAGE, &sealed);
        }
    }
}

/// Start-up upgrade: every plain tracking code replaced by its keyed hash
/// (a corruption report's code also kept sealed under the key file until it
/// is resealed), every general contact re-sealed bound to its record. Runs
/// without an officer: it needs only the key file. Returns how many cases.
pub async fn upgrade_tracking_codes(
    store: &dyn Store,
    keyring: &Keyring,
) -> Result<usize, KeysError> {
    let legacy = store.legacy_complaints(None).await?;
    let mut by_org: HashMap<String, Vec<TrackingUpgrade>> = HashMap::new();
    for (org, case) in &legacy {
        let Some(code) = case.tracking_code else {
            continue;
        };
        let server = RecordSealer::with_server_key(keyring, org, &case.complaint_id);
        let (legacy_sealed_code, rebound_contact) = match case.channel {
            Channel::Corruption => (
                Some(server.seal(field::LEGACY_CODE, code.as_str().as_bytes())),
                None,
            ),
            Channel::General => {
                let contact = match &case.sealed_contact {
                    None => None,
                    Some(old) if case.seal_version < 2 => {
                        let plain = keyring
                            .open_with_context(old, seal_context::CONTACT)
                            .map_err(|_| KeysError::Legacy(case.complaint_id.clone()))?;
                        Some(server.seal(field::CONTACT, &plain))
                    }
                    Some(bound) => Some(bound.clone()),
                };
                (None, Some(contact))
            }
        };
        by_org
            .entry(org.clone())
            .or_default()
            .push(TrackingUpgrade {
                complaint_id: case.complaint_id.clone(),
                tracking_hash: keyring.tracking_hash(org, code.as_str()),
                legacy_sealed_code,
                rebound_contact,
            });
    }
    let mut count = 0;
    for (org, upgrades) in by_org {
        count += upgrades.len();
        store.upgrade_tracking(&org, &upgrades).await?;
    }
    Ok(count)
}

/// `sujarit complaints reseal`: moves every corruption report still under
/// the key file to its own data key, wrapped for every integrity officer
/// with keys and for the reporter's tracking code. Afterwards the key file
/// opens none of them. Returns how many reports were moved.
pub async fn reseal_reports(
    store: &dyn Store,
    keyring: &Keyring,
    files: &FileStore,
    organization_id: &str,
    actor: &str,
) -> Result<usize, KeysError> {
    // Plain codes first, so that every report has its legacy sealed code.
    upgrade_tracking_codes(store, keyring).await?;
    let officers = store.officer_public_keys(organization_id).await?;
    if officers.is_empty() {
        return Err(KeysError::NoKeys);
    }
    let legacy = store.legacy_complaints(Some(organization_id)).await?;
    let mut moved = 0;
    for (org, case) in legacy {
        if case.channel != Channel::Corruption || case.seal_version >= 2 {
            continue;
        }
        let resealed = reseal_one(keyring, files, &org, &case, &officers).await?;
        store.reseal_case(&org, &resealed, actor).await?;
        // The key-file copies of the files are no longer referenced.
        for (old, new) in case.attachments.iter().zip(&resealed.attachments) {
            if old.sha256 != new.sha256
                && let Some(path) = files.path_of(&old.sha256)
                && let Err(error) = tokio::fs::remove_file(&path).await
            {
                tracing::warn!(%error, "removing a resealed report's old file failed");
            }
        }
        moved += 1;
    }
    Ok(moved)
}

async fn reseal_one(
    keyring: &Keyring,
    files: &FileStore,
    org: &str,
    case: &LegacyComplaint,
    officers: &[(String, [u8; 32])],
) -> Result<ResealedCase, KeysError> {
    let id = &case.complaint_id;
    let legacy = |e: &[u8], context: &[u8]| {
        keyring
            .open_with_context(e, context)
            .map_err(|_| KeysError::Legacy(id.clone()))
    };
    let server = RecordSealer::with_server_key(keyring, org, id);
    let code_bytes = server
        .open(
            field::LEGACY_CODE,
            case.legacy_sealed_code
                .as_deref()
                .ok_or_else(|| KeysError::Legacy(id.clone()))?,
        )
        .map_err(|_| KeysError::Legacy(id.clone()))?;
    let code = TrackingCode::parse(&String::from_utf8_lossy(&code_bytes))
        .map_err(|_| KeysError::Legacy(id.clone()))?;
    let key = DataKey::generate();
    let sealer = RecordSealer::with_data_key(&key, org, id);
    let content = legacy(
        case.sealed_content
            .as_deref()
            .ok_or_else(|| KeysError::Legacy(id.clone()))?,
        seal_context::CONTENT,
    )?;
    let contact = case
        .sealed_contact
        .as_deref()
        .map(|c| legacy(c, seal_context::CONTACT))
        .transpose()?;
    let mut attachments = Vec::with_capacity(case.attachments.len());
    for file in &case.attachments {
        let path = files
            .path_of(&file.sha256)
            .ok_or_else(|| KeysError::File(id.clone(), file.sha256.clone()))?;
        let stored = tokio::fs::read(&path)
            .await
            .map_err(|e| KeysError::File(id.clone(), e.to_string()))?;
        let plain = legacy(&stored, seal_context::FILE_CONTENT)?;
        let sealed = sealer.seal(field::FILE_CONTENT, &plain);
        let sha256 = files
            .save_opaque(&sealed)
            .await
            .map_err(|e| KeysError::File(id.clone(), e.to_string()))?;
        let name = file
            .sealed_file_name
            .as_deref()
            .map(|n| legacy(n, seal_context::FILE_NAME))
            .transpose()?;
        attachments.push(ResealedAttachment {
            attachment_id: file.attachment_id.clone(),
            sha256,
            size_bytes: plain.len() as u64,
            sealed_file_name: name.map(|n| sealer.seal(field::FILE_NAME, &n)),
        });
    }
    let mut events = Vec::new();
    for event in &case.history {
        let note = event
            .sealed_note
            .as_deref()
            .map(|n| legacy(n, seal_context::INFORMATION))
            .transpose()?;
        if event.public_message.is_none() && event.internal_note.is_none() && note.is_none() {
            continue;
        }
        events.push(ResealedEvent {
            position: event.position,
            sealed_public_message: event
                .public_message
                .as_deref()
                .map(|m| sealer.seal(field::PUBLIC_MESSAGE, m.as_bytes())),
            sealed_internal_note: event
                .internal_note
                .as_deref()
                .map(|n| sealer.seal(field::INTERNAL_NOTE, n.as_bytes())),
            sealed_note: note.map(|n| sealer.seal(field::INFORMATION, &n)),
        });
    }
    Ok(ResealedCase {
        complaint_id: id.clone(),
        sealed_content: sealer.seal(field::CONTENT, &content),
        sealed_contact: contact.map(|c| sealer.seal(field::CONTACT, &c)),
        reporter_key: wrap_for_reporter(&key, &code, org, id),
        key_grants: officers
            .iter()
            .map(|(user_id, public_key)| KeyGrant {
                user_id: user_id.clone(),
                wrapped_key: wrap_for_officer(&key, public_key, org, id),
            })
            .collect(),
        attachments,
        events,
    })
}
