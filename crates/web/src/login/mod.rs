//! `/staff/login`, `/staff/logout`, `/staff/password`, the second factor's
//! enrolment (`/staff/totp`, [`totp`]) and re-authentication
//! (`/staff/reauth`, [`reauth`]).

mod reauth;
mod totp;

use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use sujarit_core::account::{self, Actor, Email, Role};
use sujarit_store::{NewSession, Organization, StaffUser};
use time::OffsetDateTime;

use crate::AppState;
use crate::auth::throttle::{AuthContext, begin_attempt, check_own_password};
use crate::auth::{CurrentStaff, safe_next, second_factor_required, token_hash};
use crate::error::WebError;
use crate::officer_keys::OfficerKeyring;
use crate::ui::StaffLink;
use crate::ui::{Crumb, FormErrors, Layout, StaffBar, staff_layout};
use sujarit_service::complaints::keys;
use sujarit_service::passwords as password;

/// Login, logout and the password change.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/login", get(login_form).post(login))
        .route("/staff/logout", axum::routing::post(logout))
        .route("/staff/password", get(password_form).post(change_password))
        .route("/staff/totp", get(totp::form).post(totp::enrol))
        .route("/staff/reauth", get(reauth::form).post(reauth::confirm))
}

/// The one answer to a refused login or re-authentication, whatever was
/// wrong: it must not tell whether the password was right.
const REFUSED: &str = "อีเมล รหัสผ่าน หรือรหัสยืนยันไม่ถูกต้อง (รหัสยืนยันจากแอปแต่ละรหัสใช้ได้ครั้งเดียว)";

/// What the account's second factor said of the code sent with a password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SecondFactor {
    /// The account has none: the code field is ignored.
    NotEnrolled,
    Passed,
    /// Missing, wrong, or a step already used.
    Refused,
}

/// Checks `code` against the account's TOTP secret and takes its step as
/// used. Called only once the password is right, so that nobody without it
/// can use up the owner's codes.
async fn check_second_factor(
    store: &AppState,
    user: &StaffUser,
    code: &str,
    now: OffsetDateTime,
) -> Result<SecondFactor, WebError> {
    let Some(factor) = store.totp_factor(&user.organization_id, &user.id).await? else {
        return Ok(SecondFactor::NotEnrolled);
    };
    let Some(step) = crate::auth::totp::matching_step(&factor.secret, code, now) else {
        return Ok(SecondFactor::Refused);
    };
    Ok(
        if store
            .accept_totp_step(&user.organization_id, &user.id, step)
            .await?
        {
            SecondFactor::Passed
        } else {
            SecondFactor::Refused
        },
    )
}

fn render(status: StatusCode, page: impl Template) -> Result<Response, WebError> {
    Ok((status, Html(page.render()?)).into_response())
}

// ---------------------------------------------------------------------------
// Login

pub struct OrganizationChoice {
    pub slug: String,
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "staff/login.html")]
pub struct LoginPage {
    pub layout: Layout,
    pub notice: Option<&'static str>,
    pub errors: FormErrors,
    pub organizations: Vec<OrganizationChoice>,
    /// Above [`LIST_AT_MOST`] organisations the page asks for the slug
    /// instead of listing them: the slug typed or from `?o=`.
    pub slug: Option<String>,
    pub email: String,
    pub next: String,
}

/// Above this many organisations the login page asks for the
/// organisation's slug rather than offering a list.
pub const LIST_AT_MOST: u64 = 30;

/// The organisation of a login: by the slug typed on a large installation,
/// from the list otherwise (the only one when there is one). The page shows
/// the same field again, keeping what was chosen.
async fn chosen_organization(
    store: &AppState,
    chosen: &str,
) -> Result<(Option<Organization>, LoginPage), WebError> {
    if store.organization_count().await? > LIST_AT_MOST {
        let organization = if chosen.is_empty() {
            None
        } else {
            store.organization_by_slug(chosen).await?
        };
        return Ok((organization, LoginPage::by_slug(chosen)));
    }
    let organizations = store.organizations().await?;
    let organization = if chosen.is_empty() && organizations.len() == 1 {
        organizations.first()
    } else {
        organizations.iter().find(|o| o.slug == chosen)
    }
    .cloned();
    let page = LoginPage::new(
        &organizations,
        organization.as_ref().map(|o| o.slug.as_str()),
    );
    Ok((organization, page))
}

impl LoginPage {
    fn new(organizations: &[Organization], chosen: Option<&str>) -> LoginPage {
        LoginPage {
            layout: Layout::new(
                "เข้าสู่ระบบสำหรับเจ้าหน้าที่",
                vec![
                    Crumb::link("หน้าแรก", "/"),
                    Crumb::here("เข้าสู่ระบบสำหรับเจ้าหน้าที่"),
                ],
            ),
            notice: None,
            errors: FormErrors::default(),
            organizations: organizations
                .iter()
                .map(|o| OrganizationChoice {
                    slug: o.slug.clone(),
                    name: o.name.clone(),
                    selected: Some(o.slug.as_str()) == chosen,
                })
                .collect(),
            slug: None,
            email: String::new(),
            next: "/staff/".into(),
        }
    }

    /// The page of a large installation: a field for the slug.
    fn by_slug(slug: &str) -> LoginPage {
        LoginPage {
            slug: Some(slug.chars().take(100).collect()),
            ..LoginPage::new(&[], None)
        }
    }
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    expired: Option<String>,
    out: Option<String>,
    /// The organisation's slug, preselected.
    o: Option<String>,
}

pub async fn login_form(
    State(store): State<AppState>,
    staff: Option<CurrentStaff>,
    query: Result<Query<LoginQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let query = query.ok().map(|Query(q)| q);
    let next = safe_next(query.as_ref().and_then(|q| q.next.as_deref()));
    if staff.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let chosen = query
        .as_ref()
        .and_then(|q| q.o.as_deref())
        .unwrap_or("")
        .trim();
    let (_, mut page) = chosen_organization(&store, chosen).await?;
    page.next = next;
    if query.as_ref().is_some_and(|q| q.expired.is_some()) {
        page.notice = Some("การเข้าสู่ระบบหมดอายุหรือยังไม่ได้เข้าสู่ระบบ กรุณาเข้าสู่ระบบอีกครั้ง");
    } else if query.as_ref().is_some_and(|q| q.out.is_some()) {
        page.notice = Some("ออกจากระบบเรียบร้อยแล้ว");
    }
    render(StatusCode::OK, page)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    organization: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    /// The authenticator app's code; only enrolled accounts need it.
    #[serde(default)]
    totp: String,
    #[serde(default)]
    next: String,
}

pub async fn login(
    State(store): State<AppState>,
    officer_keys: OfficerKeyring,
    ctx: AuthContext,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let chosen = form.organization.trim();
    let chosen = chosen.to_lowercase();
    let chosen = chosen.as_str();
    let (organization, mut page) = chosen_organization(&store, chosen).await?;
    let email_key = form.email.trim().to_lowercase();
    page.email = form.email.trim().to_owned();
    page.next = safe_next(Some(&form.next));
    if email_key.is_empty() {
        page.errors.add("email", "กรุณากรอกอีเมล");
    }
    if form.password.is_empty() {
        page.errors.add("password", "กรุณากรอกรหัสผ่าน");
    }
    if !page.errors.is_empty() {
        return render(StatusCode::BAD_REQUEST, page);
    }
    // No organisation chosen: the one where this e-mail has an account (an
    // installation of several, as the demo with its oversight offices).
    // None or several: answered exactly as a wrong password, counted
    // against a stand-in organisation's throttle, so that neither the words
    // nor a lock-out tells which e-mails have accounts; the page keeps the
    // organisation field for the one who has accounts in several.
    let mut stand_in = false;
    let organization = match organization {
        Some(organization) => organization,
        None if chosen.is_empty() => {
            let found = match Email::parse(&email_key) {
                Ok(email) => store.organizations_with_email(&email).await?,
                Err(_) => Vec::new(),
            };
            match <[Organization; 1]>::try_from(found) {
                Ok([only]) => only,
                Err(_) => match store.find_organizations("", 1).await?.into_iter().next() {
                    Some(first) => {
                        stand_in = true;
                        first
                    }
                    None => {
                        page.errors.add("organization", "กรุณาเลือกองค์กรของคุณ");
                        return render(StatusCode::BAD_REQUEST, page);
                    }
                },
            }
        }
        None => {
            page.errors.add("organization", "กรุณาเลือกองค์กรของคุณ");
            return render(StatusCode::BAD_REQUEST, page);
        }
    };

    let config = &ctx.config;
    let now = OffsetDateTime::now_utc();
    let attempt = match begin_attempt(&store, &ctx, &organization.id, &email_key, now).await? {
        Ok(attempt) => attempt,
        Err(message) => {
            page.errors.add("form", message);
            return render(StatusCode::TOO_MANY_REQUESTS, page);
        }
    };

    let credentials = match Email::parse(&email_key) {
        Ok(email) if !stand_in => store.credentials(&organization.id, &email).await?,
        _ => None,
    };
    // An unknown or inactive account is still hashed against: the answer
    // must not tell which emails have accounts.
    let (user, phc) = match credentials {
        Some(c) if c.user.active => (Some(c.user), Some(c.password_hash)),
        _ => (None, None),
    };
    let typed_password = form.password.clone();
    let verified = password::verify(form.password, phc).await;
    let mut second_factor = SecondFactor::Refused;
    if let Some(user) = user.as_ref().filter(|_| verified) {
        second_factor = check_second_factor(&store, user, &form.totp, now).await?;
    }
    // A wrong code counts as a failed login, in the same words as a wrong
    // password.
    let Some(user) = user.filter(|_| verified && second_factor != SecondFactor::Refused) else {
        let (status, message) = attempt.failed(&store, config, REFUSED).await?;
        page.errors.add("form", message);
        return render(status, page);
    };
    attempt.succeeded(&store).await?;
    // A new token on every login, and the old session (if any) ended, so a
    // token planted before login is worth nothing after it.
    if let Some(old) = &ctx.token {
        store.delete_session(&token_hash(old)).await?;
    }
    store.delete_expired_sessions(now).await?;
    let token = password::random_token();
    store
        .create_session(&NewSession {
            organization_id: organization.id.clone(),
            user_id: user.id.clone(),
            session_hash: token_hash(&token),
            created_at: now,
            expires_at: now + config.session_lifetime,
        })
        .await?;
    // An integrity officer's password also unlocks their private key, for
    // this session only (memory; see `officer_keys`).
    if user.role == Role::IntegrityOfficer {
        match keys::unlock(&*store, &organization.id, &user.id, &typed_password).await {
            Ok(Some(unlocked)) => {
                officer_keys.insert(&token_hash(&token), &organization.id, &user.id, unlocked)
            }
            Ok(None) => {}
            // The password was right, so a key that does not open is one
            // wrapped under an older password: the keys page offers restore.
            Err(error) => tracing::warn!(%error, "an officer's key did not unlock at login"),
        }
    }
    let to = if user.must_change_password {
        "/staff/password".to_owned()
    } else if second_factor == SecondFactor::NotEnrolled && second_factor_required(user.role) {
        "/staff/totp".to_owned()
    } else {
        page.next
    };
    Ok((
        [(header::SET_COOKIE, config.session_cookie(&token))],
        Redirect::to(&to),
    )
        .into_response())
}

// ---------------------------------------------------------------------------
// Logout

pub async fn logout(
    State(store): State<AppState>,
    officer_keys: OfficerKeyring,
    ctx: AuthContext,
) -> Result<Response, WebError> {
    if let Some(token) = &ctx.token {
        officer_keys.forget(&token_hash(token));
        store.delete_session(&token_hash(token)).await?;
    }
    Ok((
        [(header::SET_COOKIE, ctx.config.clear_cookie())],
        Redirect::to("/staff/login?out=1"),
    )
        .into_response())
}

// ---------------------------------------------------------------------------
// Password change

#[derive(Template)]
#[template(path = "staff/password.html")]
pub struct PasswordPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub forced: bool,
    /// No second factor yet: the page offers one.
    pub offer_second_factor: bool,
    pub errors: FormErrors,
    pub min_chars: usize,
}

impl PasswordPage {
    fn new(staff: &CurrentStaff) -> PasswordPage {
        PasswordPage {
            layout: staff_layout("เปลี่ยนรหัสผ่าน", vec![]),
            bar: StaffBar::new(staff),
            forced: staff.must_change_password,
            offer_second_factor: !staff.second_factor_enrolled,
            errors: FormErrors::default(),
            min_chars: account::MIN_PASSWORD_CHARS,
        }
    }
}

pub async fn password_form(staff: CurrentStaff) -> Result<Response, WebError> {
    render(StatusCode::OK, PasswordPage::new(&staff))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn change_password(
    State(store): State<AppState>,
    officer_keys: OfficerKeyring,
    staff: CurrentStaff,
    ctx: AuthContext,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let mut page = PasswordPage::new(&staff);
    if form.current.is_empty() {
        page.errors.add("current", "กรุณากรอกรหัสผ่านปัจจุบัน");
    }
    if let Err(message) = account::check_password(&form.new) {
        page.errors.add("new", message);
    } else if form.new == form.current {
        page.errors.add("new", "รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านปัจจุบัน");
    }
    if form.confirm != form.new {
        page.errors.add("confirm", "ยืนยันรหัสผ่านใหม่ไม่ตรงกับรหัสผ่านใหม่");
    }
    if !page.errors.is_empty() {
        return render(StatusCode::BAD_REQUEST, page);
    }
    // Guesses of the current password (by someone holding a stolen session)
    // are throttled as logins are.
    if let Err((status, message)) =
        check_own_password(&store, &ctx, &staff, &form.current, "รหัสผ่านปัจจุบันไม่ถูกต้อง").await?
    {
        page.errors.add("current", message);
        return render(status, page);
    }
    let old_password = form.current.clone();
    let new_password = form.new.clone();
    let hash = password::hash(form.new)
        .await
        .map_err(|_| WebError::BadRequest("บันทึกรหัสผ่านใหม่ไม่สำเร็จ โปรดลองใหม่อีกครั้ง".into()))?;
    store
        .set_password(
            &staff.organization.id,
            &staff.actor.user_id,
            &hash,
            false,
            Some(&staff.session_hash),
            Some(&staff.actor.user_id),
        )
        .await?;
    // An integrity officer's private key follows the password: wrapped
    // under the new one (the other sessions ended, so do their keys).
    let org = &staff.organization.id;
    let me = &staff.actor.user_id;
    if staff.role() == Role::IntegrityOfficer {
        officer_keys.forget_user(org, me);
        match keys::rewrap_for_new_password(&*store, org, me, &old_password, &new_password).await {
            Ok(Some(unlocked)) => officer_keys.insert(&staff.session_hash, org, me, unlocked),
            // No keys yet: the first thing to do is make them.
            Ok(None) => return Ok(Redirect::to("/staff/keys").into_response()),
            Err(error) => tracing::warn!(%error, "re-wrapping an officer's key failed"),
        }
    }
    Ok(Redirect::to("/staff/?done=password").into_response())
}

/// This feature's entry in the staff menu.
pub(crate) fn staff_links(_: &Actor) -> Vec<StaffLink> {
    vec![StaffLink {
        label: "เปลี่ยนรหัสผ่าน",
        href: "/staff/password",
        description: "เปลี่ยนรหัสผ่านของบัญชีคุณเอง",
    }]
}
