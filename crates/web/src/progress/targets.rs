//! `/staff/targets`: the plan coordinator enters the yearly actuals of the
//! Part 1 targets (ITA score, corruption cases and the baseline year of a
//! reduction target). Everyone who reads everything may look; only
//! [`Permission::EnterTargetActuals`] may save or remove.

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use sujarit_core::account::Permission;
use sujarit_core::progress::TargetActual;
use sujarit_store::StoreError;

use super::view::targets::{self as view, Posted, TargetsInput, TargetsPage};
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::{FormErrors, StaffBar};
#[derive(Deserialize)]
pub struct TargetsQuery {
    done: Option<String>,
}

#[derive(Deserialize)]
pub struct TargetForm {
    #[serde(default)]
    target: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    action: String,
}

pub async fn page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    query: Result<Query<TargetsQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    staff.require(Permission::ReadEverything)?;
    let notice = query
        .ok()
        .and_then(|Query(q)| q.done)
        .and_then(|done| match done.as_str() {
            "saved" => Some("บันทึกผลตามเป้าหมายแล้ว".to_string()),
            "removed" => Some("ลบผลที่บันทึกไว้แล้ว".to_string()),
            _ => None,
        });
    let page = targets_page(&store, &staff, notice, None).await?;
    reply(StatusCode::OK, page)
}

pub async fn save(
    State(store): State<AppState>,
    staff: CurrentStaff,
    form: Result<Form<TargetForm>, FormRejection>,
) -> Result<Response, WebError> {
    staff.require(Permission::EnterTargetActuals)?;
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let org = &staff.organization.id;
    let plan = store
        .current_plan(org)
        .await?
        .map(|(_, r)| r.plan)
        .ok_or_else(|| WebError::NotFound("ยังไม่มีแผนปฏิบัติการ".into()))?;
    let index: usize = form
        .target
        .trim()
        .parse()
        .ok()
        .filter(|i| *i < plan.targets.len())
        .ok_or_else(|| WebError::BadRequest("ไม่พบตัวชี้วัดที่เลือกในแผนที่ใช้อยู่".into()))?;
    let year: u16 = crate::format::parse_fiscal_year(&form.year).ok_or_else(|| {
        WebError::BadRequest("ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700)".into())
    })?;
    let indicator = plan.targets[index].indicator.clone();

    if form.action == "remove" {
        store.remove_target_actual(org, &indicator, year).await?;
        return Ok(Redirect::to("/staff/targets?done=removed").into_response());
    }
    let note = form.note.trim();
    let actual = TargetActual {
        indicator,
        fiscal_year: year,
        value: form.value.clone(),
        note: (!note.is_empty()).then(|| note.to_string()),
        updated_by: None,
        updated_at: None,
    };
    match store
        .save_target_actual(org, &actual, &staff.actor.user_id)
        .await
    {
        Ok(_) => Ok(Redirect::to("/staff/targets?done=saved").into_response()),
        Err(StoreError::Invalid(field_errors)) => {
            let mut errors = FormErrors::default();
            for e in field_errors {
                errors.add(e.field, e.message);
            }
            let posted = Posted {
                index,
                year,
                value: form.value,
                note: form.note,
                errors,
            };
            let page = targets_page(&store, &staff, None, Some(posted)).await?;
            reply(StatusCode::BAD_REQUEST, page)
        }
        Err(e) => Err(e.into()),
    }
}

fn reply(status: StatusCode, page: TargetsPage) -> Result<Response, WebError> {
    Ok((status, Html(page.render()?)).into_response())
}

async fn targets_page(
    store: &AppState,
    staff: &CurrentStaff,
    notice: Option<String>,
    posted: Option<Posted>,
) -> Result<TargetsPage, WebError> {
    let org = &staff.organization.id;
    let plan = store.current_plan(org).await?.map(|(_, r)| r.plan);
    let actuals = match &plan {
        Some(plan) if !plan.targets.is_empty() => store.target_actuals(org).await?,
        _ => Vec::new(),
    };
    Ok(view::build(TargetsInput {
        bar: StaffBar::new(staff),
        can_edit: staff.actor.has(Permission::EnterTargetActuals),
        notice,
        plan: plan.as_ref(),
        actuals: &actuals,
        posted,
    }))
}
