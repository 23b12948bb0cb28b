//! `/staff/totp`: enrolling the second factor. The page shows a fresh secret
//! (base32 in groups, and as a QR code of its `otpauth://` link); the owner
//! adds it to an authenticator app and confirms with a current code. The
//! secret travels back in a hidden field: it is the owner's own, shown on the
//! same page, and only a right code for it enrols it. Once enrolled it is
//! never shown again, and it is not replaced here: a lost phone is reset from
//! the command line on the server (`sujarit user reset-totp`), so that no web
//! account, an administrator's included, can take over another's factor.

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use super::render;
use crate::AppState;
use crate::auth::{CurrentStaff, query_escape, second_factor_required, totp};
use crate::error::WebError;
use crate::ui::{FormErrors, Layout, StaffBar, staff_layout};

#[derive(Template)]
#[template(path = "staff/totp.html")]
pub struct TotpPage {
    pub layout: Layout,
    pub bar: StaffBar,
    /// The role must have a second factor.
    pub required: bool,
    /// When it was enrolled (Thai date and time); `None`: not yet.
    pub enrolled_at: Option<String>,
    /// Just enrolled.
    pub done: bool,
    /// The secret to add to the app: base32, and in groups of four to read.
    pub secret: String,
    pub secret_grouped: String,
    /// The QR code of the `otpauth://` link as a `data:` URI (the page's
    /// policy allows `data:` images; nothing leaves the page).
    pub qr_src: String,
    pub uri: String,
    pub errors: FormErrors,
}

impl TotpPage {
    fn new(staff: &CurrentStaff) -> TotpPage {
        TotpPage {
            layout: staff_layout("ยืนยันตัวตนสองขั้นตอน", vec![]),
            bar: StaffBar::new(staff),
            required: second_factor_required(staff.role()),
            enrolled_at: None,
            done: false,
            secret: String::new(),
            secret_grouped: String::new(),
            qr_src: String::new(),
            uri: String::new(),
            errors: FormErrors::default(),
        }
    }

    /// Shows `secret` to be added to the app.
    fn offering(mut self, staff: &CurrentStaff, secret: &[u8]) -> TotpPage {
        self.secret = totp::base32(secret);
        self.secret_grouped = totp::grouped(&self.secret);
        self.uri =
            totp::otpauth_uri(secret, &staff.organization.name, &staff.email).unwrap_or_default();
        self.qr_src = sujarit_reports::qr::try_svg(&self.uri)
            .map(|svg| format!("data:image/svg+xml,{}", query_escape(&svg)))
            .unwrap_or_default();
        self
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn form(
    State(store): State<AppState>,
    staff: CurrentStaff,
    query: Result<Query<DoneQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let mut page = TotpPage::new(&staff);
    if let Some(factor) = store
        .totp_factor(&staff.organization.id, &staff.actor.user_id)
        .await?
    {
        page.enrolled_at = Some(sujarit_core::thai::datetime_text(factor.enrolled_at));
        page.done = query.is_ok_and(|Query(q)| q.done.is_some());
        return render(StatusCode::OK, page);
    }
    render(StatusCode::OK, page.offering(&staff, &totp::new_secret()))
}

#[derive(Deserialize)]
pub struct EnrolForm {
    #[serde(default)]
    secret: String,
    #[serde(default)]
    code: String,
}

pub async fn enrol(
    State(store): State<AppState>,
    staff: CurrentStaff,
    form: Result<Form<EnrolForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    if staff.second_factor_enrolled {
        // Never a second secret here: the page says since when.
        return Ok(Redirect::to("/staff/totp").into_response());
    }
    let page = TotpPage::new(&staff);
    let Some(secret) = totp::parse_base32(&form.secret) else {
        let mut page = page.offering(&staff, &totp::new_secret());
        page.errors.add(
            "secret",
            "รหัสลับในแบบฟอร์มไม่ถูกต้อง ระบบจึงสร้างรหัสลับใหม่ให้ กรุณาเพิ่มรหัสลับใหม่นี้ในแอปแล้วกรอกรหัสยืนยันอีกครั้ง",
        );
        return render(StatusCode::BAD_REQUEST, page);
    };
    let now = OffsetDateTime::now_utc();
    let Some(step) = totp::matching_step(&secret, &form.code, now) else {
        let mut page = page.offering(&staff, &secret);
        let message = if form.code.trim().is_empty() {
            "กรุณากรอกรหัสยืนยัน 6 หลักจากแอปยืนยันตัวตน"
        } else {
            "รหัสยืนยันไม่ถูกต้อง กรุณากรอกรหัส 6 หลักล่าสุดที่แอปแสดง และตรวจว่าเวลาของโทรศัพท์ตั้งเป็นอัตโนมัติ"
        };
        page.errors.add("code", message);
        return render(StatusCode::BAD_REQUEST, page);
    };
    let enrolled = store
        .enrol_totp(
            &staff.organization.id,
            &staff.actor.user_id,
            &secret,
            step,
            Some(&staff.actor.user_id),
        )
        .await?;
    // Not enrolled: another tab enrolled a secret first, which stays; the
    // page says since when.
    let to = if enrolled {
        "/staff/totp?done=1"
    } else {
        "/staff/totp"
    };
    Ok(Redirect::to(to).into_response())
}
