//! Login throttling for every place a password is typed (login,
//! re-authentication, the password change, an integrity officer's keys):
//! each try is counted before the password is checked (see
//! `sujarit_core::login_throttle` and the store's `begin_login_attempt`).

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use sujarit_store::{AttemptStart, LoginAttempt, LoginGate};
use time::OffsetDateTime;

use super::{AuthConfig, CurrentStaff, client_ip};
use crate::AppState;
use crate::error::WebError;

/// The lockout message, with the window's length.
fn locked_message(config: &AuthConfig) -> String {
    format!(
        "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป ระบบจึงระงับการเข้าสู่ระบบของอีเมลนี้จากเครื่องนี้ชั่วคราว \
         กรุณารอ {} นาทีแล้วลองใหม่ หรือติดต่อผู้ดูแลระบบ",
        config.throttle.window.whole_minutes()
    )
}

/// The back-off message: the account had too many failures from everywhere.
fn back_off_message(retry_after: time::Duration) -> String {
    let seconds = retry_after.whole_seconds().max(1);
    let wait = if seconds < 60 {
        format!("{seconds} วินาที")
    } else {
        format!("{} นาที", (seconds + 59) / 60)
    };
    format!(
        "บัญชีนี้มีการเข้าสู่ระบบไม่สำเร็จหลายครั้งจากหลายเครื่อง ระบบจึงให้รอก่อนลองใหม่ \
         กรุณารอ {wait} แล้วลองใหม่ หากไม่ใช่คุณ โปรดแจ้งผู้ดูแลระบบ"
    )
}

/// A login or re-authentication that the throttle let through: counted as
/// a failure before the password is checked, so that parallel guesses are
/// counted as they arrive; [`CountedAttempt::succeeded`] forgets it.
pub(crate) struct CountedAttempt {
    attempt: LoginAttempt,
    id: String,
    /// The client, as the failures-per-address limit counts it.
    client: std::net::IpAddr,
}

/// Counts one attempt for `email` from this client, or answers why not
/// (the message for the form and 429). Besides the store's limits per
/// e-mail, one client may fail only so often whatever e-mails it types
/// (`AuthConfig::failures_per_client`), so a flood of made-up e-mails from
/// one address stops queueing for argon2.
pub(crate) async fn begin_attempt(
    store: &AppState,
    ctx: &AuthContext,
    organization_id: &str,
    email: &str,
    now: OffsetDateTime,
) -> Result<Result<CountedAttempt, String>, WebError> {
    let config = &ctx.config;
    if config.failures_per_client.exceeded(Some(ctx.client)) {
        return Ok(Err(locked_message(config)));
    }
    let attempt = LoginAttempt {
        organization_id: organization_id.to_owned(),
        email: email.to_owned(),
        client_ip: ctx.ip.clone(),
        at: now,
    };
    Ok(
        match store
            .begin_login_attempt(&attempt, &config.throttle)
            .await?
        {
            AttemptStart::Counted { attempt_id } => Ok(CountedAttempt {
                attempt,
                id: attempt_id,
                client: ctx.client,
            }),
            AttemptStart::Refused(LoginGate::BackOff { retry_after }) => {
                Err(back_off_message(retry_after))
            }
            AttemptStart::Refused(_) => Err(locked_message(config)),
        },
    )
}

impl CountedAttempt {
    pub(crate) async fn succeeded(self, store: &AppState) -> Result<(), WebError> {
        store.login_succeeded(&self.attempt, &self.id).await?;
        Ok(())
    }

    /// The refusal's status and words: 429 once this failure reached the
    /// limit, else 401 with `refused`, the one answer that tells nothing.
    pub(crate) async fn failed(
        self,
        store: &AppState,
        config: &AuthConfig,
        refused: &str,
    ) -> Result<(StatusCode, String), WebError> {
        config.failures_per_client.allow(Some(self.client));
        let outcome = store.login_failed(&self.attempt, &config.throttle).await?;
        Ok(
            if outcome.failures_in_window >= config.throttle.per_address {
                (StatusCode::TOO_MANY_REQUESTS, locked_message(config))
            } else {
                (StatusCode::UNAUTHORIZED, refused.to_owned())
            },
        )
    }
}

/// What the auth handlers need from the request besides its body.
pub struct AuthContext {
    pub(crate) config: AuthConfig,
    pub(crate) ip: String,
    /// The same client as the in-memory limits count it.
    pub(crate) client: std::net::IpAddr,
    /// The session token the browser sent, if any.
    pub(crate) token: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for AuthContext
where
    AppState: axum::extract::FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let config = <AppState as axum::extract::FromRef<S>>::from_ref(state)
            .auth()
            .clone();
        Ok(AuthContext {
            token: config.token(&parts.headers),
            ip: client_ip(parts),
            client: crate::client::ClientAddress::of(&parts.extensions).limit_key(),
            config,
        })
    }
}

/// Checks a signed-in staff member's own password, counted like a login:
/// `Ok(Ok(()))` when right, `Ok(Err((status, message)))` when wrong (400 with
/// `wrong`) or refused by the throttle (429).
pub(crate) async fn check_own_password(
    store: &AppState,
    ctx: &AuthContext,
    staff: &CurrentStaff,
    typed: &str,
    wrong: &str,
) -> Result<Result<(), (StatusCode, String)>, WebError> {
    let attempt = match begin_attempt(
        store,
        ctx,
        &staff.organization.id,
        &staff.email,
        OffsetDateTime::now_utc(),
    )
    .await?
    {
        Ok(attempt) => attempt,
        Err(message) => return Ok(Err((StatusCode::TOO_MANY_REQUESTS, message))),
    };
    let email = sujarit_core::account::Email::parse(&staff.email).map_err(WebError::BadRequest)?;
    let phc = store
        .credentials(&staff.organization.id, &email)
        .await?
        .map(|c| c.password_hash);
    if sujarit_service::passwords::verify(typed.to_owned(), phc).await {
        attempt.succeeded(store).await?;
        return Ok(Ok(()));
    }
    Ok(Err(
        match attempt.failed(store, &ctx.config, wrong).await? {
            (StatusCode::TOO_MANY_REQUESTS, locked) => (StatusCode::TOO_MANY_REQUESTS, locked),
            _ => (StatusCode::BAD_REQUEST, wrong.to_owned()),
        },
    ))
}
