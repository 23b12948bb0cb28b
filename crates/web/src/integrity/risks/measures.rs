//! The back office of the internal measures (มาตรการภายใน): a year's list
//! with the new-measure form (and the warning under 5), one measure's page
//! and edit form.

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use sujarit_core::account::Permission;
use sujarit_core::integrity::risk::{Measure, MeasureStatus, measures_warning};
use sujarit_store::StoreError;

use super::form::{MeasureForm, core_errors};
use super::staff::{YearQuery, bad_year, year_of};
use super::view::{MeasureView, measure_view};
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::state::Resources;
use crate::ui::{Crumb, FormErrors, Reply, SelectOption, StaffBar, bad_form, staff_layout};

/// A register entry a measure may control (checkbox).
pub struct RiskChoice {
    pub id: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "integrity/risks/measures.html")]
pub struct MeasuresPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub year: u16,
    pub rows: Vec<MeasureView>,
    pub warning: Option<String>,
    pub can_manage: bool,
    /// The measure being edited (None: the list with the new-measure form).
    pub editing: Option<MeasureView>,
    pub action: String,
    pub form: MeasureForm,
    pub errors: FormErrors,
    pub statuses: Vec<SelectOption>,
    pub risks: Vec<RiskChoice>,
}

async fn page(
    store: &AppState,
    staff: &CurrentStaff,
    year: u16,
    editing: Option<&Measure>,
    form: MeasureForm,
    errors: FormErrors,
    status: StatusCode,
) -> Reply {
    let org = &staff.organization.id;
    let measures = store.measures(org, year).await?;
    let entries = store.risk_entries(org, year).await?;
    let href = |m: &Measure| format!("/staff/integrity/measures/{}", m.id);
    let title = match editing {
        Some(m) => m.input.title.clone(),
        None => format!("มาตรการภายใน ปีงบประมาณ {year}"),
    };
    let crumbs = match editing {
        Some(_) => vec![Crumb::link(
            format!("มาตรการภายใน ปีงบประมาณ {year}"),
            format!("/staff/integrity/measures?year={year}"),
        )],
        None => Vec::new(),
    };
    let page = MeasuresPage {
        layout: staff_layout(&title, crumbs),
        bar: StaffBar::new(staff),
        year,
        rows: measures
            .iter()
            .map(|m| measure_view(m, href(m), &entries))
            .collect(),
        warning: measures_warning(measures.len()),
        can_manage: staff.actor.has(Permission::ManageRiskRegister),
        editing: editing.map(|m| measure_view(m, href(m), &entries)),
        action: editing.map_or_else(|| "/staff/integrity/measures".into(), href),
        statuses: MeasureStatus::ALL
            .iter()
            .map(|s| SelectOption {
                value: s.code().into(),
                label: s.label().into(),
                selected: s.code() == form.status,
            })
            .collect(),
        risks: entries
            .iter()
            .map(|e| RiskChoice {
                checked: form.risks.contains(&e.id),
                id: e.id.clone(),
                label: e.input.risk.chars().take(90).collect(),
            })
            .collect(),
        form,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn list(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Reply {
    staff.require(Permission::ReadIntegrityRegisters)?;
    let Query(query) = query.map_err(|_| bad_year())?;
    let year = year_of(query.year(), config.clock.today())?;
    page(
        &store,
        &staff,
        year,
        None,
        MeasureForm::blank(year),
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

fn not_found() -> WebError {
    WebError::NotFound("ไม่พบมาตรการภายในนี้".into())
}

pub async fn show(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
) -> Reply {
    staff.require(Permission::ReadIntegrityRegisters)?;
    let measure = store
        .measure(&staff.organization.id, &id)
        .await?
        .ok_or_else(not_found)?;
    let form = MeasureForm::of(&measure.input);
    page(
        &store,
        &staff,
        measure.input.fiscal_year,
        Some(&measure),
        form,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

pub async fn create(
    State(store): State<AppState>,
    staff: CurrentStaff,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageRiskRegister)?;
    let Form(pairs) = form.map_err(bad_form)?;
    save(&store, &staff, None, &pairs).await
}

pub async fn update(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageRiskRegister)?;
    let Form(pairs) = form.map_err(bad_form)?;
    let measure = store
        .measure(&staff.organization.id, &id)
        .await?
        .ok_or_else(not_found)?;
    save(&store, &staff, Some(measure), &pairs).await
}

async fn save(
    store: &AppState,
    staff: &CurrentStaff,
    before: Option<Measure>,
    pairs: &[(String, String)],
) -> Reply {
    let org = &staff.organization.id;
    let form = MeasureForm::read(pairs);
    let year = crate::format::parse_fiscal_year(&form.year)
        .or(before.as_ref().map(|m| m.input.fiscal_year))
        .ok_or_else(bad_year)?;
    let errors = match form.to_input() {
        Ok(input) => {
            let id = before.as_ref().map(|m| m.id.as_str());
            match store
                .save_measure(org, id, &input, &staff.actor.user_id)
                .await
            {
                Ok(saved) => {
                    return Ok(Redirect::to(&format!(
                        "/staff/integrity/measures?year={}#m-{}",
                        saved.input.fiscal_year, saved.id
                    ))
                    .into_response());
                }
                Err(StoreError::Invalid(problems)) => core_errors(problems),
                Err(e) => return Err(e.into()),
            }
        }
        Err(errors) => errors,
    };
    page(
        store,
        staff,
        year,
        before.as_ref(),
        form,
        errors,
        StatusCode::BAD_REQUEST,
    )
    .await
}
