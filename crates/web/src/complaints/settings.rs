//! `/staff/complaints/settings`: the deadline of each channel and its
//! categories (administrators); `/staff/complaints/recurring`: general
//! complaints grouped by category, place, unit and month, for the working
//! group that looks for recurring problems (everyone who reads complaints).

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use serde::Deserialize;
use sujarit_core::FiscalYear;
use sujarit_core::account::Permission;
use sujarit_core::complaint::{Category, Channel, month_label};
use sujarit_store::StoreError;

use super::ComplaintConfig;
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::{Crumb, FormErrors, Reply, StaffBar, staff_layout};

fn crumbs() -> Vec<Crumb> {
    vec![Crumb::link("เรื่องร้องเรียน", "/staff/complaints")]
}

pub struct ChannelSettings {
    pub code: &'static str,
    pub label: &'static str,
    pub deadline_days: u16,
    pub categories: Vec<Category>,
}

#[derive(Template)]
#[template(path = "complaints/settings.html")]
pub struct SettingsPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub channels: Vec<ChannelSettings>,
    pub errors: FormErrors,
    pub notice: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct SettingsQuery {
    done: Option<String>,
}

async fn settings_page(store: &AppState, staff: &CurrentStaff) -> Result<SettingsPage, WebError> {
    let org = &staff.organization.id;
    let settings = store.complaint_settings(org).await?;
    let mut channels = Vec::new();
    for channel in Channel::ALL {
        channels.push(ChannelSettings {
            code: channel.as_str(),
            label: channel.thai(),
            deadline_days: settings.deadline_days(channel),
            categories: store.complaint_categories(org, channel).await?,
        });
    }
    Ok(SettingsPage {
        layout: staff_layout("ตั้งค่าเรื่องร้องเรียน", crumbs()),
        bar: StaffBar::new(staff),
        channels,
        errors: FormErrors::default(),
        notice: None,
    })
}

pub async fn page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    query: Result<Query<SettingsQuery>, QueryRejection>,
) -> Reply {
    staff.require(Permission::ManageComplaintSettings)?;
    let mut page = settings_page(&store, &staff).await?;
    page.notice = query
        .ok()
        .and_then(|Query(q)| q.done)
        .map(|_| "บันทึกการตั้งค่าแล้ว");
    Ok(Html(page.render()?).into_response())
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    channel: String,
    /// deadline, add, rename, enable, disable
    #[serde(default)]
    action: String,
    #[serde(default)]
    deadline_days: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    thai: String,
}

pub async fn save(
    State(store): State<AppState>,
    staff: CurrentStaff,
    form: Result<Form<SettingsForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageComplaintSettings)?;
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let channel = Channel::parse(form.channel.trim())
        .ok_or_else(|| WebError::BadRequest("ช่องทางไม่ถูกต้อง".into()))?;
    let org = &staff.organization.id;
    let actor = &staff.actor.user_id;
    let code = form.code.trim();
    let outcome = match form.action.as_str() {
        "deadline" => match form.deadline_days.trim().parse::<u16>() {
            Ok(days) => store
                .set_complaint_deadline_days(org, channel, days, actor)
                .await
                .map(|_| ()),
            Err(_) => Err(StoreError::Invalid(vec![
                sujarit_core::validation::FieldError {
                    field: "deadline_days",
                    message: "ระยะเวลาดำเนินการต้องเป็นจำนวนวัน เช่น 15".into(),
                },
            ])),
        },
        "add" => store
            .add_complaint_category(org, channel, code, form.thai.trim(), actor)
            .await
            .map(|_| ()),
        "rename" => store
            .rename_complaint_category(org, channel, code, form.thai.trim(), actor)
            .await
            .map(|_| ()),
        "enable" | "disable" => store
            .set_complaint_category_enabled(org, channel, code, form.action == "enable", actor)
            .await
            .map(|_| ()),
        _ => return Err(WebError::BadRequest("การดำเนินการไม่ถูกต้อง".into())),
    };
    let mut errors = FormErrors::default();
    let status = match outcome {
        Ok(()) => return Ok(Redirect::to("/staff/complaints/settings?done=1").into_response()),
        Err(StoreError::Invalid(field_errors)) => {
            for e in field_errors {
                errors.add(e.field, e.message);
            }
            StatusCode::BAD_REQUEST
        }
        Err(refusal @ (StoreError::Conflict(_) | StoreError::NotAllowed(_))) => {
            errors.add("form", sujarit_service::wording::refusal(&refusal));
            StatusCode::CONFLICT
        }
        Err(StoreError::NotFound(message)) => {
            errors.add("form", format!("ไม่พบ{message}"));
            StatusCode::NOT_FOUND
        }
        Err(e) => return Err(e.into()),
    };
    let mut page = settings_page(&store, &staff).await?;
    page.errors = errors;
    Ok((status, Html(page.render()?)).into_response())
}

// ---------------------------------------------------------------------------
// Recurring problems

pub struct ProblemRow {
    pub category: String,
    pub place: String,
    pub unit: String,
    pub month: String,
    pub count: u32,
}

#[derive(Template)]
#[template(path = "complaints/recurring.html")]
pub struct RecurringPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub year: u16,
    pub years: Vec<(u16, bool)>,
    pub rows: Vec<ProblemRow>,
    pub by_category: Vec<(String, u32)>,
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

pub async fn recurring(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: ComplaintConfig,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Reply {
    staff.require(Permission::ReadGeneralComplaints)?;
    let bad = || WebError::BadRequest("ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700)".into());
    let Query(query) = query.map_err(|_| bad())?;
    let this_year = FiscalYear::of(config.clock.today()).be();
    let year =
        super::fiscal_year_param(query.year.as_deref(), config.clock.today()).ok_or_else(bad)?;
    let org = &staff.organization.id;
    let labels: BTreeMap<String, String> = store
        .complaint_categories(org, Channel::General)
        .await?
        .into_iter()
        .map(|c| (c.code, c.thai))
        .collect();
    let units = super::unit_names(&*store, org).await?;
    let problems = store.recurring_problems(org, FiscalYear(year)).await?;
    let label = |code: &str| {
        labels
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    };
    let mut by_category: BTreeMap<String, u32> = BTreeMap::new();
    for p in &problems {
        *by_category.entry(label(&p.category)).or_default() += p.count;
    }
    let mut by_category: Vec<(String, u32)> = by_category.into_iter().collect();
    by_category.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let page = RecurringPage {
        layout: staff_layout("ปัญหาที่ร้องเรียนซ้ำ", crumbs()),
        bar: StaffBar::new(&staff),
        year,
        years: (this_year.saturating_sub(2)..=this_year)
            .map(|y| (y, y == year))
            .collect(),
        rows: problems
            .iter()
            .map(|p| ProblemRow {
                category: label(&p.category),
                place: p.place.clone().unwrap_or_else(|| "ไม่ระบุ".into()),
                unit: p
                    .unit_id
                    .as_ref()
                    .and_then(|u| units.get(u).cloned())
                    .unwrap_or_else(|| "ยังไม่มอบหมาย".into()),
                month: month_label(p.year, p.month),
                count: p.count,
            })
            .collect(),
        by_category,
    };
    Ok(Html(page.render()?).into_response())
}
