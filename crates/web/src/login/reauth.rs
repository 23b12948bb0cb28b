//! `/staff/reauth?next=…`: the signed-in staff member types their password
//! (and a code, when enrolled) again before a grave step, such as revealing a
//! reporter's identity. It marks the session
//! (`CurrentStaff::recently_reauthenticated`) and returns to `next`. Refused
//! attempts count against the same limit as logins (per email and address),
//! so a stolen session cannot guess the password here either.

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sujarit_core::account::Email;
use time::OffsetDateTime;

use super::{SecondFactor, check_second_factor, render};
use crate::AppState;
use crate::auth::throttle::{AuthContext, begin_attempt};
use crate::auth::{CurrentStaff, safe_next};
use crate::error::WebError;
use crate::ui::{FormErrors, Layout, StaffBar, staff_layout};
use sujarit_service::passwords as password;

/// Whatever was wrong, the same words (as at login).
const REFUSED: &str = "รหัสผ่านหรือรหัสยืนยันไม่ถูกต้อง (รหัสยืนยันจากแอปแต่ละรหัสใช้ได้ครั้งเดียว)";

#[derive(Template)]
#[template(path = "staff/reauth.html")]
pub struct ReauthPage {
    pub layout: Layout,
    pub bar: StaffBar,
    /// Ask for the app's code too.
    pub with_code: bool,
    pub next: String,
    pub errors: FormErrors,
}

impl ReauthPage {
    fn new(staff: &CurrentStaff, next: Option<&str>) -> ReauthPage {
        ReauthPage {
            layout: staff_layout("ยืนยันตัวตนอีกครั้ง", vec![]),
            bar: StaffBar::new(staff),
            with_code: staff.second_factor_enrolled,
            next: safe_next(next),
            errors: FormErrors::default(),
        }
    }
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn form(
    staff: CurrentStaff,
    query: Result<Query<NextQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let next = query.ok().and_then(|Query(q)| q.next);
    render(StatusCode::OK, ReauthPage::new(&staff, next.as_deref()))
}

#[derive(Deserialize)]
pub struct ReauthForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    totp: String,
    #[serde(default)]
    next: String,
}

pub async fn confirm(
    State(store): State<AppState>,
    staff: CurrentStaff,
    ctx: AuthContext,
    form: Result<Form<ReauthForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let mut page = ReauthPage::new(&staff, Some(&form.next));
    if form.password.is_empty() {
        page.errors.add("password", "กรุณากรอกรหัสผ่าน");
        return render(StatusCode::BAD_REQUEST, page);
    }
    let config = &ctx.config;
    let organization_id = &staff.organization.id;
    let now = OffsetDateTime::now_utc();
    let attempt = match begin_attempt(&store, &ctx, organization_id, &staff.email, now).await? {
        Ok(attempt) => attempt,
        Err(message) => {
            page.errors.add("form", message);
            return render(StatusCode::TOO_MANY_REQUESTS, page);
        }
    };
    let email = Email::parse(&staff.email).map_err(WebError::BadRequest)?;
    let credentials = store.credentials(organization_id, &email).await?;
    let phc = credentials.as_ref().map(|c| c.password_hash.clone());
    let verified = password::verify(form.password, phc).await;
    let mut second_factor = SecondFactor::Refused;
    if let Some(c) = credentials.as_ref().filter(|_| verified) {
        second_factor = check_second_factor(&store, &c.user, &form.totp, now).await?;
    }
    if !verified || second_factor == SecondFactor::Refused {
        let (status, message) = attempt.failed(&store, config, REFUSED).await?;
        page.errors.add("form", message);
        return render(status, page);
    }
    attempt.succeeded(&store).await?;
    store.mark_reauthenticated(&staff.session_hash, now).await?;
    Ok(Redirect::to(&page.next).into_response())
}
