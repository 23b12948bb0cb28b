//! `/staff/notifications`: each member of staff chooses which e-mails they
//! get (a checkbox per kind that applies to their role, the daily digest
//! among them; all on until changed). The e-mails themselves are enqueued
//! and sent by `sujarit_service::notify`.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use sujarit_core::account::Actor;
use sujarit_core::notify::{NoticeKind, enabled};

use crate::AppState;
use crate::auth::CurrentStaff;
use crate::ui::{Reply, StaffBar, StaffLink, staff_layout};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/staff/notifications", get(page).post(save))
}

/// This feature's entry in the staff menu: for roles that get any e-mail.
pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    if NoticeKind::for_role(actor.role).is_empty() {
        Vec::new()
    } else {
        vec![StaffLink {
            label: "การแจ้งเตือนทางอีเมล",
            href: "/staff/notifications",
            description: "เลือกเรื่องที่ต้องการให้ระบบแจ้งทางอีเมล และสรุปงานที่รออยู่ประจำวัน",
        }]
    }
}

pub struct Choice {
    pub name: &'static str,
    pub label: &'static str,
    pub on: bool,
}

#[derive(Template)]
#[template(path = "notifications/page.html")]
pub struct NotificationsPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub email: String,
    pub choices: Vec<Choice>,
    pub notice: Option<String>,
}

async fn build(
    store: &AppState,
    staff: &CurrentStaff,
) -> Result<NotificationsPage, crate::error::WebError> {
    let saved = store
        .notice_choices(&staff.organization.id, &staff.actor.user_id)
        .await?;
    Ok(NotificationsPage {
        layout: staff_layout("การแจ้งเตือนทางอีเมล", vec![]),
        bar: StaffBar::new(staff),
        email: staff.email.clone(),
        choices: NoticeKind::for_role(staff.actor.role)
            .into_iter()
            .map(|kind| Choice {
                name: kind.as_str(),
                label: kind.thai(),
                on: enabled(&saved, kind),
            })
            .collect(),
        notice: None,
    })
}

fn reply(page: NotificationsPage) -> Reply {
    Ok((
        StatusCode::OK,
        [(header::CACHE_CONTROL, "no-store")],
        Html(page.render()?),
    )
        .into_response())
}

/// `GET /staff/notifications`.
pub async fn page(State(store): State<AppState>, staff: CurrentStaff) -> Reply {
    reply(build(&store, &staff).await?)
}

/// `POST /staff/notifications`: a kind is on when its box was sent checked
/// (`<name>=on`); every kind of the role is saved, so "off" is kept too.
pub async fn save(
    State(store): State<AppState>,
    staff: CurrentStaff,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Reply {
    let Form(fields) = form.map_err(crate::ui::bad_form)?;
    let choices: Vec<(NoticeKind, bool)> = NoticeKind::for_role(staff.actor.role)
        .into_iter()
        .map(|kind| (kind, fields.iter().any(|(name, _)| name == kind.as_str())))
        .collect();
    store
        .set_notice_choices(&staff.organization.id, &staff.actor.user_id, &choices)
        .await?;
    let mut page = build(&store, &staff).await?;
    page.notice = Some("บันทึกการแจ้งเตือนแล้ว".into());
    reply(page)
}
