//! The integrity officer's encryption keys (`/staff/keys`): make them
//! (the recovery key is shown once), unlock them for this session, restore
//! them with the recovery key after a reset, and give another integrity
//! officer access to the reports one can open. Only integrity officers come
//! here; an administrator can never grant (the store checks the granter
//! holds the keys of what is granted). The scheme: `sujarit_core::case_keys`.

use crate::auth::throttle::{AuthContext, check_own_password};
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::{get, post};
use serde::Deserialize;
use sujarit_core::account::{Actor, Permission};
use sujarit_core::case_keys::KeyError;
use sujarit_service::complaints::keys::{self, KeysError};
use sujarit_store::{OfficerAccess, StoreError};

use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::officer_keys::OfficerKeyring;
use crate::ui::{FormErrors, Reply, StaffBar, StaffLink, staff_layout};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/keys", get(page))
        .route("/staff/keys/new", post(make))
        .route("/staff/keys/unlock", post(unlock))
        .route("/staff/keys/restore", post(restore))
        .route("/staff/keys/grant", post(grant))
}

/// This feature's entry in the staff menu.
pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    if actor.has(Permission::HandleCorruptionReports) {
        vec![StaffLink {
            label: "กุญแจเข้ารหัส",
            href: "/staff/keys",
            description: "ตั้ง ปลดล็อก กู้คืนกุญแจเข้ารหัสเรื่องแจ้งเบาะแส และให้สิทธิ์เจ้าหน้าที่นิติการคนอื่น",
        }]
    } else {
        Vec::new()
    }
}

/// Where this officer's keys stand.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    /// No keys made yet.
    None,
    /// Reset from the command line: restore with the recovery key.
    NeedsRestore,
    /// Made but not unlocked in this session (a restart, 30 minutes idle).
    Locked,
    Unlocked,
}

pub struct OfficerRow {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub status: String,
    pub cases_open: u64,
    pub may_grant: bool,
}

#[derive(Template)]
#[template(path = "staff/keys.html")]
pub struct KeysPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub state: KeyState,
    pub my_cases: u64,
    pub officers: Vec<OfficerRow>,
    /// Shown once, right after the keys were made.
    pub recovery_key: Option<String>,
    pub notice: Option<String>,
    pub errors: FormErrors,
}

fn no_store(status: StatusCode, page: KeysPage) -> Reply {
    Ok((
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Html(page.render()?),
    )
        .into_response())
}

async fn build(
    store: &AppState,
    staff: &CurrentStaff,
    officer_keys: &OfficerKeyring,
) -> Result<KeysPage, WebError> {
    staff.require(Permission::HandleCorruptionReports)?;
    let org = &staff.organization.id;
    let me = &staff.actor.user_id;
    let access: Vec<OfficerAccess> = store.officer_access(org).await?;
    let mine = access.iter().find(|a| &a.user_id == me);
    let unlocked = officer_keys.get(&staff.session_hash, org, me).is_some();
    let state = match mine {
        Some(a) if !a.has_keys => KeyState::None,
        Some(a) if a.needs_restore => KeyState::NeedsRestore,
        Some(_) if unlocked => KeyState::Unlocked,
        Some(_) => KeyState::Locked,
        None => KeyState::None,
    };
    let my_cases = mine.map_or(0, |a| a.cases_open);
    let officers = access
        .iter()
        .filter(|a| &a.user_id != me)
        .map(|a| OfficerRow {
            user_id: a.user_id.clone(),
            name: a.display_name.clone(),
            email: a.email.clone(),
            status: if !a.active {
                "ปิดการใช้งาน".into()
            } else if !a.has_keys {
                "ยังไม่ได้ตั้งกุญแจ".into()
            } else if a.needs_restore {
                "ต้องกู้คืนกุญแจ".into()
            } else {
                "พร้อม".into()
            },
            cases_open: a.cases_open,
            may_grant: state == KeyState::Unlocked && a.active && a.has_keys && !a.needs_restore,
        })
        .collect();
    Ok(KeysPage {
        layout: staff_layout("กุญแจเข้ารหัส", vec![]),
        bar: StaffBar::new(staff),
        state,
        my_cases,
        officers,
        recovery_key: None,
        notice: None,
        errors: FormErrors::default(),
    })
}

pub async fn page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    officer_keys: OfficerKeyring,
) -> Reply {
    no_store(StatusCode::OK, build(&store, &staff, &officer_keys).await?)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    recovery: String,
}

/// The password must be the account's own (keys wrapped under a mistyped
/// one would never unlock at login); tries are counted like logins, so a
/// stolen session cannot guess it here either.
async fn check_password(
    store: &AppState,
    ctx: &AuthContext,
    staff: &CurrentStaff,
    typed: &str,
) -> Result<Result<(), (StatusCode, String)>, WebError> {
    check_own_password(store, ctx, staff, typed, "รหัสผ่านไม่ถูกต้อง").await
}

fn key_error(error: KeysError) -> Result<(StatusCode, String), WebError> {
    match error {
        KeysError::Key(e @ (KeyError::MalformedRecoveryKey(_) | KeyError::WrongRecoveryKey)) => {
            Ok((StatusCode::BAD_REQUEST, e.to_string()))
        }
        KeysError::Key(e) => Ok((StatusCode::CONFLICT, e.to_string())),
        KeysError::NoKeys => Ok((StatusCode::CONFLICT, KeysError::NoKeys.to_string())),
        KeysError::Store(StoreError::Conflict(c)) => Ok((StatusCode::CONFLICT, c.to_string())),
        KeysError::Store(StoreError::NotAllowed(r)) => Ok((StatusCode::FORBIDDEN, r.to_string())),
        KeysError::Store(e) => Err(e.into()),
        other => Err(WebError::Internal(other.to_string())),
    }
}

/// `POST /staff/keys/new`: makes the keys (once) and shows the recovery key.
pub async fn make(
    State(store): State<AppState>,
    staff: CurrentStaff,
    officer_keys: OfficerKeyring,
    ctx: AuthContext,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Reply {
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let mut page = build(&store, &staff, &officer_keys).await?;
    if let Err((status, message)) = check_password(&store, &ctx, &staff, &form.password).await? {
        page.errors.add("password", message);
        return no_store(status, page);
    }
    let org = &staff.organization.id;
    match keys::make_keys(&*store, org, &staff.actor.user_id, &form.password).await {
        Ok((recovery, unlocked)) => {
            officer_keys.insert(&staff.session_hash, org, &staff.actor.user_id, unlocked);
            let mut page = build(&store, &staff, &officer_keys).await?;
            page.recovery_key = Some(recovery.display().to_string());
            no_store(StatusCode::CREATED, page)
        }
        Err(error) => {
            let (status, message) = key_error(error)?;
            page.errors.add("form", message);
            no_store(status, page)
        }
    }
}

/// `POST /staff/keys/unlock`: the password unlocks the key for this session.
pub async fn unlock(
    State(store): State<AppState>,
    staff: CurrentStaff,
    officer_keys: OfficerKeyring,
    ctx: AuthContext,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Reply {
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    staff.require(Permission::HandleCorruptionReports)?;
    if let Err((status, message)) = check_password(&store, &ctx, &staff, &form.password).await? {
        let mut page = build(&store, &staff, &officer_keys).await?;
        page.errors.add("password", message);
        return no_store(status, page);
    }
    let org = &staff.organization.id;
    let outcome = keys::unlock(&*store, org, &staff.actor.user_id, &form.password).await;
    match outcome {
        Ok(Some(unlocked)) => {
            officer_keys.insert(&staff.session_hash, org, &staff.actor.user_id, unlocked);
            let mut page = build(&store, &staff, &officer_keys).await?;
            page.notice = Some("ปลดล็อกกุญแจแล้ว เปิดอ่านเรื่องแจ้งเบาะแสที่ได้รับสิทธิ์ได้".into());
            no_store(StatusCode::OK, page)
        }
        Ok(None) => {
            let mut page = build(&store, &staff, &officer_keys).await?;
            page.errors.add("form", KeysError::NoKeys.to_string());
            no_store(StatusCode::CONFLICT, page)
        }
        Err(error) => {
            let (status, message) = key_error(error)?;
            let mut page = build(&store, &staff, &officer_keys).await?;
            page.errors.add("password", message);
            no_store(
                if status == StatusCode::CONFLICT {
                    StatusCode::BAD_REQUEST
                } else {
                    status
                },
                page,
            )
        }
    }
}

/// `POST /staff/keys/restore`: the recovery key and the current password
/// give a reset officer their key back.
pub async fn restore(
    State(store): State<AppState>,
    staff: CurrentStaff,
    officer_keys: OfficerKeyring,
    ctx: AuthContext,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Reply {
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let mut page = build(&store, &staff, &officer_keys).await?;
    if let Err((status, message)) = check_password(&store, &ctx, &staff, &form.password).await? {
        page.errors.add("password", message);
        return no_store(status, page);
    }
    let org = &staff.organization.id;
    match keys::restore(
        &*store,
        org,
        &staff.actor.user_id,
        &form.recovery,
        &form.password,
    )
    .await
    {
        Ok(unlocked) => {
            officer_keys.insert(&staff.session_hash, org, &staff.actor.user_id, unlocked);
            let mut page = build(&store, &staff, &officer_keys).await?;
            page.notice = Some("กู้คืนกุญแจแล้ว ครั้งต่อไปรหัสผ่านของคุณจะปลดล็อกกุญแจได้เอง".into());
            no_store(StatusCode::OK, page)
        }
        Err(error) => {
            let (status, message) = key_error(error)?;
            page.errors.add("recovery", message);
            no_store(status, page)
        }
    }
}

#[derive(Deserialize)]
pub struct GrantForm {
    #[serde(default)]
    grantee: String,
}

/// `POST /staff/keys/grant`: gives another integrity officer every report
/// this officer can open (their data keys re-wrapped). Audited.
pub async fn grant(
    State(store): State<AppState>,
    staff: CurrentStaff,
    officer_keys: OfficerKeyring,
    form: Result<Form<GrantForm>, FormRejection>,
) -> Reply {
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let mut page = build(&store, &staff, &officer_keys).await?;
    let org = &staff.organization.id;
    let Some(unlocked) = officer_keys.get(&staff.session_hash, org, &staff.actor.user_id) else {
        page.errors.add(
            "form",
            "ต้องปลดล็อกกุญแจของคุณก่อนให้สิทธิ์: ผู้ให้สิทธิ์ต้องเปิดเรื่องนั้นได้เอง",
        );
        return no_store(StatusCode::FORBIDDEN, page);
    };
    let grantee = form.grantee.trim();
    match keys::grant_all(&*store, org, &staff.actor.user_id, &unlocked, grantee).await {
        Ok(count) => {
            let mut page = build(&store, &staff, &officer_keys).await?;
            page.notice = Some(format!("ให้สิทธิ์เปิดเรื่องแจ้งเบาะแสแล้ว {count} เรื่อง"));
            no_store(StatusCode::OK, page)
        }
        Err(error) => {
            let (status, message) = key_error(error)?;
            page.errors.add("form", message);
            no_store(status, page)
        }
    }
}
