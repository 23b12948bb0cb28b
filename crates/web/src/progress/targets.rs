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
use sujarit_core::scores::TargetKind;
use sujarit_store::StoreError;

use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::{FormErrors, StaffBar, staff_layout};

pub struct YearRow {
    pub year: u16,
    /// "ปีฐาน" for the baseline year of a reduction target.
    pub label: String,
    pub target: String,
    pub value: String,
    pub note: String,
    pub updated: String,
    pub has_value: bool,
    /// Field errors of this row, when it is the one just posted.
    pub errors: FormErrors,
}

pub struct IndicatorBlock {
    pub index: usize,
    pub indicator: String,
    pub how: String,
    pub rows: Vec<YearRow>,
}

#[derive(Template)]
#[template(path = "progress/targets.html")]
pub struct TargetsPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub indicators: Vec<IndicatorBlock>,
    pub can_edit: bool,
    pub notice: Option<String>,
    pub empty: Option<String>,
}

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
    let year: u16 = crate::format::parse_fiscal_year(&form.year)
        .ok_or_else(|| WebError::BadRequest("ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก".into()))?;
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

/// A row as the coordinator typed it, shown again with its errors.
struct Posted {
    index: usize,
    year: u16,
    value: String,
    note: String,
    errors: FormErrors,
}

fn reply(status: StatusCode, page: TargetsPage) -> Result<Response, WebError> {
    Ok((status, Html(page.render()?)).into_response())
}

async fn targets_page(
    store: &AppState,
    staff: &CurrentStaff,
    notice: Option<String>,
    mut posted: Option<Posted>,
) -> Result<TargetsPage, WebError> {
    let org = &staff.organization.id;
    let mut page = TargetsPage {
        layout: staff_layout("ผลตามค่าเป้าหมายของแผน", vec![]),
        bar: StaffBar::new(staff),
        indicators: Vec::new(),
        can_edit: staff.actor.has(Permission::EnterTargetActuals),
        notice,
        empty: None,
    };
    let Some((_, report)) = store.current_plan(org).await? else {
        page.empty = Some("ยังไม่มีแผนปฏิบัติการ ผู้ประสานแผนต้องนำเข้าแผนก่อน".into());
        return Ok(page);
    };
    let plan = report.plan;
    if plan.targets.is_empty() {
        page.empty = Some("แผนที่ใช้อยู่ไม่มีตารางค่าเป้าหมาย".into());
        return Ok(page);
    }
    let actuals = store.target_actuals(org).await?;
    for (index, row) in plan.targets.iter().enumerate() {
        let kind = TargetKind::of(&row.indicator, plan.period);
        let mut years: Vec<(u16, String)> =
            plan.period.years().map(|y| (y, format!("ปี {y}"))).collect();
        let how = match kind {
            TargetKind::AtLeast => "บันทึกค่าที่ได้จริงของแต่ละปี ผลต้องไม่น้อยกว่าค่าเป้าหมาย".to_string(),
            TargetKind::ReductionFrom { baseline_year } => {
                if !years.iter().any(|(y, _)| *y == baseline_year) {
                    years.insert(0, (baseline_year, format!("ปีฐาน {baseline_year}")));
                }
                format!(
                    "บันทึกจำนวนที่เกิดขึ้นจริงของแต่ละปีและของปีฐาน {baseline_year} \
                     ระบบคำนวณร้อยละที่ลดลงเทียบกับปีฐานเอง"
                )
            }
        };
        let rows = years
            .into_iter()
            .map(|(year, label)| {
                let saved = actuals
                    .iter()
                    .find(|a| a.indicator == row.indicator && a.fiscal_year == year);
                let mut view = YearRow {
                    year,
                    label,
                    target: row
                        .values
                        .get(&year)
                        .map(|v| v.text.clone())
                        .unwrap_or_else(|| "-".into()),
                    value: saved.map(|a| a.value.clone()).unwrap_or_default(),
                    note: saved.and_then(|a| a.note.clone()).unwrap_or_default(),
                    updated: saved
                        .and_then(|a| a.updated_at)
                        .map(|at| sujarit_core::fiscal::thai_date(at.date()))
                        .unwrap_or_default(),
                    has_value: saved.is_some(),
                    errors: FormErrors::default(),
                };
                if let Some(p) = posted.take_if(|p| p.index == index && p.year == year) {
                    view.value = p.value;
                    view.note = p.note;
                    view.errors = p.errors;
                }
                view
            })
            .collect();
        page.indicators.push(IndicatorBlock {
            index,
            indicator: row.indicator.clone(),
            how,
            rows,
        });
    }
    Ok(page)
}
