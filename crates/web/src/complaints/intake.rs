//! Cases staff enter (issue 13, item 6): the complaint officer records a
//! general complaint received by phone, at the counter, by letter, through a
//! call centre or LINE; the integrity officer opens a corruption case the
//! municipality knows of or detected by its own audit.
//!
//! The same fields and validation as the public form (`public::FilingForm`,
//! core's `NewComplaint::validate`), through the same filing path
//! (`service::complaints::Filer::take_in`: sealed, a corruption case's data
//! key granted to the integrity officers), plus how and when it came in
//! (core's `Intake`), kept, counted in the statistics and audited. Files are
//! attached afterwards on the case page (the staff upload).
//!
//! The tracking code is shown once, on the answer to the POST (no-store), to
//! hand to the complainant; staff never see it again.

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use sujarit_core::account::Permission;
use sujarit_core::complaint::{Channel, Intake, Origin, ReceivedVia};
use sujarit_core::fiscal::thai_date;
use sujarit_core::thai::datetime_text;
use sujarit_service::complaints::FilingError;
use sujarit_store::TakenIn;

use super::public::FilingForm;
use super::{ComplaintConfig, no_store};
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::{Crumb, FormErrors, Reply, StaffBar, staff_layout};

/// Who enters cases of `channel`: the complaint officer (general), the
/// integrity officer (corruption, and general too as a handler of it).
fn require_intake(staff: &CurrentStaff, channel: Channel) -> Result<(), WebError> {
    staff.require(match channel {
        Channel::General => Permission::HandleGeneralComplaints,
        Channel::Corruption => Permission::HandleCorruptionReports,
    })
}

#[derive(Deserialize)]
pub struct IntakeQuery {
    channel: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct IntakeForm {
    #[serde(default)]
    channel: String,
    #[serde(default)]
    received_via: String,
    #[serde(default)]
    origin: String,
    /// `YYYY-MM-DD`; empty: today.
    #[serde(default)]
    received_on: String,
    #[serde(flatten)]
    filing: FilingForm,
}

pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "complaints/staff_new.html")]
pub struct IntakePage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub corruption: bool,
    pub channel: &'static str,
    pub categories: Vec<Choice2>,
    pub ways: Vec<Choice>,
    pub origins: Vec<Choice>,
    pub received_on: String,
    pub today: String,
    pub form: FilingForm,
    pub errors: FormErrors,
}

pub struct Choice2 {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "complaints/staff_receipt.html")]
pub struct IntakeReceipt {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub corruption: bool,
    pub code: String,
    pub received: String,
    pub due: String,
    pub how: &'static str,
    pub case_href: String,
    pub track_url: String,
}

fn channel_param(text: &str) -> Result<Channel, WebError> {
    match text.trim() {
        "" => Ok(Channel::General),
        other => {
            Channel::parse(other).ok_or_else(|| WebError::BadRequest("ช่องทางที่เลือกไม่ถูกต้อง".into()))
        }
    }
}

async fn page(
    store: &AppState,
    staff: &CurrentStaff,
    today: time::Date,
    channel: Channel,
    form: IntakeForm,
    errors: FormErrors,
) -> Result<IntakePage, WebError> {
    let categories = store
        .complaint_categories(&staff.organization.id, channel)
        .await?
        .into_iter()
        .filter(|c| c.enabled)
        .map(|c| Choice2 {
            selected: c.code == form.filing.category.trim(),
            value: c.code,
            label: c.thai,
        })
        .collect();
    let title = match channel {
        Channel::General => "บันทึกเรื่องร้องเรียนที่รับทางช่องทางอื่น",
        Channel::Corruption => "เปิดเรื่องทุจริตที่หน่วยงานทราบเองหรือตรวจพบ",
    };
    Ok(IntakePage {
        layout: staff_layout(
            title,
            vec![Crumb::link(
                "เรื่องร้องเรียน",
                format!("/staff/complaints?channel={}", channel.as_str()),
            )],
        ),
        bar: StaffBar::new(staff),
        corruption: channel == Channel::Corruption,
        channel: channel.as_str(),
        categories,
        ways: ReceivedVia::BY_STAFF
            .into_iter()
            .map(|v| Choice {
                value: v.as_str(),
                label: v.thai(),
                selected: v.as_str() == form.received_via.trim(),
            })
            .collect(),
        origins: Origin::BY_STAFF
            .into_iter()
            .map(|o| Choice {
                value: o.as_str(),
                label: o.thai(),
                selected: o.as_str() == form.origin.trim(),
            })
            .collect(),
        received_on: form.received_on.trim().to_string(),
        today: today.to_string(),
        form: form.filing,
        errors,
    })
}

/// `GET /staff/complaints/new[?channel=corruption]`: the intake form.
pub async fn new_form(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: ComplaintConfig,
    query: Result<Query<IntakeQuery>, QueryRejection>,
) -> Reply {
    let channel = match query {
        Ok(Query(q)) => channel_param(q.channel.as_deref().unwrap_or_default())?,
        Err(_) => return Err(WebError::BadRequest("ช่องทางที่เลือกไม่ถูกต้อง".into())),
    };
    require_intake(&staff, channel)?;
    let today = config.clock.today();
    let page = page(
        &store,
        &staff,
        today,
        channel,
        IntakeForm::default(),
        FormErrors::default(),
    )
    .await?;
    no_store(StatusCode::OK, page)
}

/// `POST /staff/complaints/new`: files the case and shows its tracking code
/// once; bad input gets the form back with Thai messages per field.
pub async fn take_in(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: ComplaintConfig,
    form: Result<Form<IntakeForm>, FormRejection>,
) -> Reply {
    // The role first: an officer without it gets 403 whatever they sent.
    if !staff.actor.has(Permission::HandleGeneralComplaints)
        && !staff.actor.has(Permission::HandleCorruptionReports)
    {
        return Err(WebError::Forbidden(
            Permission::HandleGeneralComplaints.thai_refusal().into(),
        ));
    }
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let channel = channel_param(&form.channel)?;
    require_intake(&staff, channel)?;
    let today = config.clock.today();
    let mut errors = FormErrors::default();
    let received_via = match channel {
        Channel::General => match ReceivedVia::parse(&form.received_via) {
            Some(v) => v,
            None => ReceivedVia::Web,
        },
        Channel::Corruption => ReceivedVia::Web,
    };
    let origin = match channel {
        Channel::Corruption => Origin::parse(&form.origin).unwrap_or_default(),
        Channel::General => Origin::Reported,
    };
    let received_on = match form.received_on.trim() {
        "" => None,
        text => match super::iso_date(text, "วันที่รับเรื่อง") {
            Ok(day) => Some(day),
            Err(message) => {
                errors.add("received_on", message);
                None
            }
        },
    };
    let complaint = form.filing.complaint(channel);
    let taken_in = TakenIn {
        intake: Intake {
            received_via,
            origin,
            received_on,
        },
        recorded_by: staff.actor.user_id.clone(),
    };
    let refused = if errors.is_empty() {
        match config
            .filer
            .take_in(
                &config.keyring,
                &config.files,
                &config.cleaner,
                &staff.organization.id,
                &complaint,
                Vec::new(),
                taken_in,
                today,
            )
            .await
        {
            Ok(filed) => {
                let slug = &staff.organization.slug;
                return no_store(
                    StatusCode::CREATED,
                    IntakeReceipt {
                        layout: staff_layout("บันทึกเรื่องแล้ว", vec![]),
                        bar: StaffBar::new(&staff),
                        corruption: channel == Channel::Corruption,
                        code: filed.tracking_code.display(),
                        received: datetime_text(filed.receipt.received_at),
                        due: thai_date(filed.receipt.due_date),
                        how: match channel {
                            Channel::General => received_via.thai(),
                            Channel::Corruption => origin.thai(),
                        },
                        case_href: format!("/staff/complaints/{}", filed.receipt.complaint_id),
                        track_url: format!("/o/{slug}/complaints/track"),
                    },
                );
            }
            Err(FilingError::Refused(refused)) => refused,
            Err(FilingError::Failed) => return Err(WebError::Internal("filing failed".into())),
        }
    } else {
        complaint.validate()
    };
    for e in refused {
        errors.add(e.field.trim_start_matches("contact."), e.message);
    }
    let page = page(&store, &staff, today, channel, form, errors).await?;
    no_store(StatusCode::BAD_REQUEST, page)
}
