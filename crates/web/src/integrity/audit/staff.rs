//! `/staff/integrity/audit`: a fiscal year's internal audit for the roles
//! that read the integrity registers; the auditor's forms (plan, new
//! engagement, independence, status, findings, follow-up rounds, publishing
//! the public version). Bad input re-renders the form with the values kept
//! and a Thai message at the field (422); nothing is saved.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use sujarit_core::account::{Permission, Role};
use sujarit_core::fiscal::thai_date;
use sujarit_core::integrity::audit::{
    AuditArea, AuditChange, AuditPlanInput, AuditYear, EngagementInput, EngagementStatus,
    FindingInput, FollowUpInput, FollowUpStatus, INDEPENDENCE_STATEMENT,
};
use sujarit_core::validation::FieldError;
use sujarit_reports::integrity::audit::{AuditReport, AuditVersion};
use sujarit_store::StoreError;
use time::Date;

use super::{path_year, pdf_response, report_pdf_bytes, unit_names, year_of};
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::integrity::asked_year;
use crate::ui::{Crumb, FormErrors, Layout, Reply, SelectOption, StaffBar, bad_form, staff_layout};
use crate::{AppState, Resources};

const BASE: &str = "/staff/integrity/audit";

fn year_href(year: u16) -> String {
    format!("{BASE}?year={year}")
}

fn engagement_href(year: u16, id: &str) -> String {
    format!(
        "{BASE}/{year}/engagements/{}",
        crate::format::path_segment(id)
    )
}

fn iso(date: Option<Date>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

/// An `<input type="date">` value (ISO, CE) or a Thai written date.
fn read_date(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    label: &str,
    text: &str,
    required: bool,
) -> Option<Date> {
    let text = text.trim();
    if text.is_empty() {
        if required {
            errors.push(FieldError {
                field,
                message: format!("โปรดระบุ{label}"),
            });
        }
        return None;
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let parsed = Date::parse(text, &format)
        .ok()
        .or_else(|| sujarit_core::fiscal::parse_thai_date(text));
    if parsed.is_none() {
        errors.push(FieldError {
            field,
            message: format!("{label}ไม่ถูกต้อง: ใช้รูปแบบวันที่ เช่น 2026-01-31 หรือ 31/01/2569"),
        });
    }
    parsed
}

fn form_errors(errors: Vec<FieldError>) -> FormErrors {
    let mut out = FormErrors::default();
    for e in errors {
        out.add(e.field, e.message);
    }
    out
}

/// A refused change: its field messages to show again (422), or the error.
fn refused(error: StoreError) -> Result<FormErrors, WebError> {
    match error {
        StoreError::Invalid(errors) => Ok(form_errors(errors)),
        other => Err(other.into()),
    }
}

fn rerender(page: impl Template) -> Reply {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
}

fn options<T: Copy + PartialEq>(
    all: &[T],
    chosen: Option<T>,
    show: impl Fn(T) -> (&'static str, &'static str),
) -> Vec<SelectOption> {
    all.iter()
        .map(|v| {
            let (value, label) = show(*v);
            SelectOption {
                value: value.into(),
                label: label.into(),
                selected: Some(*v) == chosen,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The year

#[derive(Default, Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    approved_by: String,
    #[serde(default)]
    approved_on: String,
    #[serde(default)]
    notes: String,
}

#[derive(Default, Deserialize)]
pub struct EngagementForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    period_from: String,
    #[serde(default)]
    period_to: String,
    #[serde(default)]
    auditor: String,
}

pub struct EngagementRow {
    pub href: String,
    pub unit: String,
    pub area: &'static str,
    pub period: String,
    pub auditor: String,
    pub status: &'static str,
    pub declared: bool,
    pub findings: usize,
}

#[derive(Template)]
#[template(path = "integrity/audit/staff_year.html")]
pub struct YearPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub year: u16,
    pub action_base: String,
    pub can_write: bool,
    pub plan: PlanForm,
    pub approved: bool,
    /// The approval date in BE, for readers.
    pub approved_on: String,
    pub published: bool,
    pub engagements: Vec<EngagementRow>,
    pub units: Vec<SelectOption>,
    pub auditors: Vec<SelectOption>,
    pub areas: Vec<SelectOption>,
    pub engagement: EngagementForm,
    pub errors: FormErrors,
    pub notice: Option<String>,
    pub findings: usize,
    pub implemented: usize,
    pub public_href: String,
}

fn select(list: &BTreeMap<String, String>, chosen: &str) -> Vec<SelectOption> {
    list.iter()
        .map(|(id, name)| SelectOption {
            value: id.clone(),
            label: name.clone(),
            selected: id == chosen,
        })
        .collect()
}

/// The organisation's auditors (the role), by id.
async fn auditors(store: &AppState, org: &str) -> Result<BTreeMap<String, String>, WebError> {
    Ok(store
        .users(org)
        .await?
        .into_iter()
        .filter(|u| u.active && u.role == Role::Auditor)
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// Staff names by id, for the executives' version.
async fn staff_names(store: &AppState, org: &str) -> Result<BTreeMap<String, String>, WebError> {
    Ok(store
        .users(org)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

async fn year_page_of(
    store: &AppState,
    staff: &CurrentStaff,
    year: u16,
    edit: impl FnOnce(&mut YearPage),
) -> Result<YearPage, WebError> {
    let org = &staff.organization.id;
    let audit = year_of(store, org, year).await?;
    let units = unit_names(store, org).await?;
    let names = staff_names(store, org).await?;
    let auditors = auditors(store, org).await?;
    let (findings, implemented) = audit.follow_up_counts();
    let title = format!("การตรวจสอบภายใน ปีงบประมาณ {year}");
    let mut page = YearPage {
        layout: staff_layout(&title, vec![]),
        bar: StaffBar::new(staff),
        year,
        action_base: format!("{BASE}/{year}"),
        can_write: staff.actor.has(Permission::WriteInternalAudit),
        plan: PlanForm {
            approved_by: audit.plan.approved_by.clone(),
            approved_on: iso(audit.plan.approved_on),
            notes: audit.plan.notes.clone(),
        },
        approved: audit.plan.approved(),
        approved_on: audit.plan.approved_on.map(thai_date).unwrap_or_default(),
        published: audit.published,
        engagements: audit
            .engagements
            .iter()
            .map(|e| EngagementRow {
                href: engagement_href(year, &e.id),
                unit: units.get(&e.input.unit_id).cloned().unwrap_or_default(),
                area: e.input.area.thai(),
                period: format!(
                    "{} – {}",
                    thai_date(e.input.period_from),
                    thai_date(e.input.period_to)
                ),
                auditor: names.get(&e.input.auditor_id).cloned().unwrap_or_default(),
                status: e.status.thai(),
                declared: e.independence.is_some(),
                findings: e.findings.len(),
            })
            .collect(),
        units: select(&units, ""),
        auditors: select(&auditors, &staff.actor.user_id),
        areas: options(&AuditArea::ALL, None, |a| (a.as_str(), a.thai())),
        engagement: EngagementForm::default(),
        errors: FormErrors::default(),
        notice: None,
        findings,
        implemented,
        public_href: format!(
            "/o/{}/integrity/audit?year={year}",
            crate::format::path_segment(&staff.organization.slug)
        ),
    };
    edit(&mut page);
    Ok(page)
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
    done: Option<String>,
}

pub async fn year_page(
    State(store): State<AppState>,
    config: Resources,
    staff: CurrentStaff,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Reply {
    staff.require(Permission::ReadIntegrityRegisters)?;
    let query = query.ok().map(|Query(q)| q);
    let asked = query.as_ref().and_then(|q| q.year.clone());
    let year = asked_year(asked.as_deref(), config.clock.today())
        .map_err(WebError::BadRequest)?
        .be();
    let notice = query.and_then(|q| q.done).map(|done| match done.as_str() {
        "plan" => "บันทึกแผนการตรวจสอบแล้ว".to_string(),
        "engagement" => "เพิ่มงานตรวจสอบแล้ว".to_string(),
        "published" => "เผยแพร่รายงานฉบับสาธารณะแล้ว".to_string(),
        "withdrawn" => "ยกเลิกการเผยแพร่รายงานฉบับสาธารณะแล้ว".to_string(),
        _ => "บันทึกแล้ว".to_string(),
    });
    let page = year_page_of(&store, &staff, year, |p| p.notice = notice).await?;
    Ok(Html(page.render()?).into_response())
}

/// Applies a change by the auditor; Ok(None) when saved, Ok(Some(errors))
/// when refused with field messages.
async fn change(
    store: &AppState,
    staff: &CurrentStaff,
    year: u16,
    change: Result<AuditChange, Vec<FieldError>>,
) -> Result<Option<FormErrors>, WebError> {
    let change = match change {
        Ok(change) => change,
        Err(errors) => return Ok(Some(form_errors(errors))),
    };
    match store
        .change_internal_audit(&staff.organization.id, year, &change, &staff.actor.user_id)
        .await
    {
        Ok(_) => Ok(None),
        Err(error) => refused(error).map(Some),
    }
}

pub async fn save_plan(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(year): Path<String>,
    form: Result<Form<PlanForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::WriteInternalAudit)?;
    let year = path_year(&year)?;
    let Form(form) = form.map_err(bad_form)?;
    let mut errors = Vec::new();
    let approved_on = read_date(
        &mut errors,
        "approved_on",
        "วันที่อนุมัติ",
        &form.approved_on,
        false,
    );
    let plan = AuditPlanInput {
        approved_by: form.approved_by.trim().to_string(),
        approved_on,
        notes: form.notes.trim().to_string(),
    };
    let asked = if errors.is_empty() {
        Ok(AuditChange::SavePlan(plan))
    } else {
        Err(errors)
    };
    match change(&store, &staff, year, asked).await? {
        None => Ok(Redirect::to(&format!("{}&done=plan", year_href(year))).into_response()),
        Some(errors) => rerender(
            year_page_of(&store, &staff, year, |p| {
                p.plan = form;
                p.errors = errors;
            })
            .await?,
        ),
    }
}

pub async fn add_engagement(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(year): Path<String>,
    form: Result<Form<EngagementForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::WriteInternalAudit)?;
    let year = path_year(&year)?;
    let Form(form) = form.map_err(bad_form)?;
    let mut errors = Vec::new();
    let area = AuditArea::parse(form.area.trim());
    if area.is_none() {
        errors.push(FieldError {
            field: "area",
            message: "โปรดเลือกด้านที่ตรวจสอบ".into(),
        });
    }
    let from = read_date(
        &mut errors,
        "period_from",
        "วันเริ่มต้นช่วงที่ตรวจ",
        &form.period_from,
        true,
    );
    let to = read_date(
        &mut errors,
        "period_to",
        "วันสิ้นสุดช่วงที่ตรวจ",
        &form.period_to,
        true,
    );
    let asked = match (area, from, to) {
        (Some(area), Some(period_from), Some(period_to)) if errors.is_empty() => {
            Ok(AuditChange::AddEngagement {
                id: uuid::Uuid::new_v4().to_string(),
                input: EngagementInput {
                    unit_id: form.unit.trim().to_string(),
                    area,
                    scope: form.scope.trim().to_string(),
                    period_from,
                    period_to,
                    auditor_id: form.auditor.trim().to_string(),
                },
            })
        }
        _ => Err(errors),
    };
    let outcome = match change(&store, &staff, year, asked).await {
        // An auditee unit or auditor that is not the organisation's.
        Err(WebError::Store(StoreError::NotFound(missing))) => {
            let field = match missing {
                sujarit_core::refusal::Missing::User(_) => "auditor",
                _ => "unit",
            };
            Some(form_errors(vec![FieldError {
                field,
                message: format!("ไม่พบ{missing}"),
            }]))
        }
        other => other?,
    };
    match outcome {
        None => Ok(Redirect::to(&format!("{}&done=engagement", year_href(year))).into_response()),
        Some(errors) => rerender(
            year_page_of(&store, &staff, year, |p| {
                p.units = p
                    .units
                    .drain(..)
                    .map(|o| SelectOption {
                        selected: o.value == form.unit,
                        ..o
                    })
                    .collect();
                p.auditors = p
                    .auditors
                    .drain(..)
                    .map(|o| SelectOption {
                        selected: o.value == form.auditor,
                        ..o
                    })
                    .collect();
                p.areas = options(&AuditArea::ALL, AuditArea::parse(&form.area), |a| {
                    (a.as_str(), a.thai())
                });
                p.engagement = form;
                p.errors = errors;
            })
            .await?,
        ),
    }
}

#[derive(Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    published: String,
}

pub async fn publish(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(year): Path<String>,
    form: Result<Form<PublishForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::WriteInternalAudit)?;
    let year = path_year(&year)?;
    let Form(form) = form.map_err(bad_form)?;
    let published = form.published == "1";
    match change(
        &store,
        &staff,
        year,
        Ok(AuditChange::SetPublished(published)),
    )
    .await?
    {
        None => {
            let done = if published { "published" } else { "withdrawn" };
            Ok(Redirect::to(&format!("{}&done={done}", year_href(year))).into_response())
        }
        Some(errors) => rerender(year_page_of(&store, &staff, year, |p| p.errors = errors).await?),
    }
}

pub async fn report_pdf(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(year): Path<String>,
) -> Result<Response, WebError> {
    staff.require(Permission::ReadIntegrityRegisters)?;
    let year = path_year(&year)?;
    let org = &staff.organization.id;
    let report = AuditReport {
        organization: staff.organization.name.clone(),
        year: year_of(&store, org, year).await?,
        units: unit_names(&store, org).await?,
        staff: staff_names(&store, org).await?,
    };
    let bytes = report_pdf_bytes(report, AuditVersion::Executive).await?;
    Ok(pdf_response(
        bytes,
        &format!("รายงานผลการตรวจสอบภายใน-ผู้บริหาร-{year}.pdf"),
    ))
}

// ---------------------------------------------------------------------------
// One engagement

#[derive(Default, Deserialize)]
pub struct FindingForm {
    #[serde(default)]
    criterion: String,
    #[serde(default)]
    condition: String,
    #[serde(default)]
    cause: String,
    #[serde(default)]
    effect: String,
    #[serde(default)]
    recommendation: String,
    /// "full" or "summary".
    #[serde(default)]
    publication: String,
    #[serde(default)]
    summary: String,
}

#[derive(Default, Deserialize)]
pub struct FollowUpForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    response: String,
}

pub struct RoundRow {
    pub date: String,
    pub status: &'static str,
    pub reason: String,
    pub response: String,
}

pub struct FindingView {
    pub no: usize,
    pub id: String,
    pub criterion: String,
    pub condition: String,
    pub cause: String,
    pub effect: String,
    pub recommendation: String,
    pub publication: String,
    pub follow_up: &'static str,
    pub rounds: Vec<RoundRow>,
    pub action: String,
    /// The follow-up form's values and errors, when it was refused.
    pub form: FollowUpForm,
    pub statuses: Vec<SelectOption>,
    pub errors: FormErrors,
}

#[derive(Template)]
#[template(path = "integrity/audit/staff_engagement.html")]
pub struct EngagementPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub action_base: String,
    pub can_write: bool,
    pub is_auditor: bool,
    pub unit: String,
    pub area: &'static str,
    pub scope: String,
    pub period: String,
    pub auditor: String,
    pub independence: Option<(String, String)>,
    pub statement: String,
    pub status: &'static str,
    pub statuses: Vec<SelectOption>,
    pub findings: Vec<FindingView>,
    pub finding: FindingForm,
    pub errors: FormErrors,
    pub notice: Option<String>,
    pub reported: bool,
    pub started: bool,
}

fn follow_up_statuses(chosen: Option<FollowUpStatus>) -> Vec<SelectOption> {
    options(&FollowUpStatus::ALL, chosen, |s| (s.as_str(), s.thai()))
}

async fn engagement_page_of(
    store: &AppState,
    staff: &CurrentStaff,
    today: Date,
    year: u16,
    id: &str,
    edit: impl FnOnce(&mut EngagementPage),
) -> Result<EngagementPage, WebError> {
    let org = &staff.organization.id;
    let audit: AuditYear = year_of(store, org, year).await?;
    let e = audit
        .engagement(id)
        .ok_or_else(|| WebError::NotFound("ไม่พบงานตรวจสอบนี้".into()))?;
    let units = unit_names(store, org).await?;
    let names = staff_names(store, org).await?;
    let action_base = engagement_href(year, &e.id);
    let unit = units.get(&e.input.unit_id).cloned().unwrap_or_default();
    let title = format!("งานตรวจสอบ: {unit} ({})", e.input.area.thai());
    let mut page = EngagementPage {
        layout: staff_layout(
            &title,
            vec![Crumb::link(
                format!("การตรวจสอบภายใน ปีงบประมาณ {year}"),
                year_href(year),
            )],
        ),
        bar: StaffBar::new(staff),
        can_write: staff.actor.has(Permission::WriteInternalAudit),
        is_auditor: e.input.auditor_id == staff.actor.user_id,
        unit,
        area: e.input.area.thai(),
        scope: e.input.scope.clone(),
        period: format!(
            "{} – {}",
            thai_date(e.input.period_from),
            thai_date(e.input.period_to)
        ),
        auditor: names.get(&e.input.auditor_id).cloned().unwrap_or_default(),
        independence: e
            .independence
            .as_ref()
            .map(|d| (thai_date(d.declared_on), d.statement.clone())),
        statement: INDEPENDENCE_STATEMENT.to_string(),
        status: e.status.thai(),
        statuses: options(&EngagementStatus::ALL, Some(e.status), |s| {
            (s.as_str(), s.thai())
        }),
        findings: e
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| FindingView {
                no: i + 1,
                id: f.id.clone(),
                criterion: f.input.criterion.clone(),
                condition: f.input.condition.clone(),
                cause: f.input.cause.clone(),
                effect: f.input.effect.clone(),
                recommendation: f.input.recommendation.clone(),
                publication: if f.input.public_in_full {
                    "เผยแพร่ฉบับเต็ม".into()
                } else {
                    format!("เผยแพร่เฉพาะสรุป: {}", f.input.summary)
                },
                follow_up: f.follow_up_status().thai(),
                rounds: f
                    .follow_ups
                    .iter()
                    .map(|r| RoundRow {
                        date: thai_date(r.date),
                        status: r.status.thai(),
                        reason: r.reason.clone(),
                        response: r.response.clone(),
                    })
                    .collect(),
                action: format!(
                    "{action_base}/findings/{}/follow-ups",
                    crate::format::path_segment(&f.id)
                ),
                form: FollowUpForm {
                    date: today.to_string(),
                    ..FollowUpForm::default()
                },
                statuses: follow_up_statuses(None),
                errors: FormErrors::default(),
            })
            .collect(),
        action_base,
        finding: FindingForm {
            publication: "full".into(),
            ..FindingForm::default()
        },
        errors: FormErrors::default(),
        notice: None,
        reported: e.status == EngagementStatus::Reported,
        started: e.status != EngagementStatus::Planned,
    };
    edit(&mut page);
    Ok(page)
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn engagement_page(
    State(store): State<AppState>,
    config: Resources,
    staff: CurrentStaff,
    Path((year, id)): Path<(String, String)>,
    query: Result<Query<DoneQuery>, QueryRejection>,
) -> Reply {
    staff.require(Permission::ReadIntegrityRegisters)?;
    let year = path_year(&year)?;
    let notice = query
        .ok()
        .and_then(|Query(q)| q.done)
        .map(|d| match d.as_str() {
            "independence" => "บันทึกการยืนยันความเป็นอิสระแล้ว".to_string(),
            "status" => "เปลี่ยนสถานะงานตรวจสอบแล้ว".to_string(),
            "finding" => "บันทึกข้อตรวจพบแล้ว".to_string(),
            "follow-up" => "บันทึกผลการติดตามแล้ว".to_string(),
            _ => "บันทึกแล้ว".to_string(),
        });
    let page = engagement_page_of(&store, &staff, config.clock.today(), year, &id, |p| {
        p.notice = notice
    })
    .await?;
    Ok(Html(page.render()?).into_response())
}

/// The engagement exists in the year (else a 404, before any write).
async fn existing(
    store: &AppState,
    staff: &CurrentStaff,
    year: u16,
    id: &str,
) -> Result<(), WebError> {
    year_of(store, &staff.organization.id, year)
        .await?
        .engagement(id)
        .map(|_| ())
        .ok_or_else(|| WebError::NotFound("ไม่พบงานตรวจสอบนี้".into()))
}

fn done(year: u16, id: &str, what: &str) -> Reply {
    Ok(Redirect::to(&format!("{}?done={what}", engagement_href(year, id))).into_response())
}

#[derive(Deserialize)]
pub struct DeclareForm {
    #[serde(default)]
    statement: String,
    #[serde(default)]
    confirm: String,
}

pub async fn declare(
    State(store): State<AppState>,
    config: Resources,
    staff: CurrentStaff,
    Path((year, id)): Path<(String, String)>,
    form: Result<Form<DeclareForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::WriteInternalAudit)?;
    let year = path_year(&year)?;
    existing(&store, &staff, year, &id).await?;
    let Form(form) = form.map_err(bad_form)?;
    let today = config.clock.today();
    let asked = if form.confirm == "1" {
        Ok(AuditChange::DeclareIndependence {
            engagement: id.clone(),
            statement: form.statement.clone(),
            declared_on: today,
        })
    } else {
        Err(vec![FieldError {
            field: "confirm",
            message: "โปรดทำเครื่องหมายยืนยันความเป็นอิสระ".into(),
        }])
    };
    match change(&store, &staff, year, asked).await? {
        None => done(year, &id, "independence"),
        Some(errors) => rerender(
            engagement_page_of(&store, &staff, today, year, &id, |p| {
                p.statement = form.statement;
                p.errors = errors;
            })
            .await?,
        ),
    }
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

pub async fn set_status(
    State(store): State<AppState>,
    config: Resources,
    staff: CurrentStaff,
    Path((year, id)): Path<(String, String)>,
    form: Result<Form<StatusForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::WriteInternalAudit)?;
    let year = path_year(&year)?;
    existing(&store, &staff, year, &id).await?;
    let Form(form) = form.map_err(bad_form)?;
    let asked = match EngagementStatus::parse(form.status.trim()) {
        Some(status) => Ok(AuditChange::SetStatus {
            engagement: id.clone(),
            status,
        }),
        None => Err(vec![FieldError {
            field: "status",
            message: "โปรดเลือกสถานะ".into(),
        }]),
    };
    match change(&store, &staff, year, asked).await? {
        None => done(year, &id, "status"),
        Some(errors) => rerender(
            engagement_page_of(&store, &staff, config.clock.today(), year, &id, |p| {
                p.errors = errors
            })
            .await?,
        ),
    }
}

pub async fn add_finding(
    State(store): State<AppState>,
    config: Resources,
    staff: CurrentStaff,
    Path((year, id)): Path<(String, String)>,
    form: Result<Form<FindingForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::WriteInternalAudit)?;
    let year = path_year(&year)?;
    existing(&store, &staff, year, &id).await?;
    let Form(form) = form.map_err(bad_form)?;
    let asked = Ok(AuditChange::AddFinding {
        engagement: id.clone(),
        id: uuid::Uuid::new_v4().to_string(),
        input: FindingInput {
            criterion: form.criterion.clone(),
            condition: form.condition.clone(),
            cause: form.cause.clone(),
            effect: form.effect.clone(),
            recommendation: form.recommendation.clone(),
            public_in_full: form.publication != "summary",
            summary: form.summary.clone(),
        },
    });
    match change(&store, &staff, year, asked).await? {
        None => done(year, &id, "finding"),
        Some(errors) => rerender(
            engagement_page_of(&store, &staff, config.clock.today(), year, &id, |p| {
                p.finding = form;
                p.errors = errors;
            })
            .await?,
        ),
    }
}

pub async fn add_follow_up(
    State(store): State<AppState>,
    config: Resources,
    staff: CurrentStaff,
    Path((year, id, finding)): Path<(String, String, String)>,
    form: Result<Form<FollowUpForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::WriteInternalAudit)?;
    let year = path_year(&year)?;
    existing(&store, &staff, year, &id).await?;
    let Form(form) = form.map_err(bad_form)?;
    let mut errors = Vec::new();
    let date = read_date(&mut errors, "date", "วันที่ติดตามผล", &form.date, true);
    let status = FollowUpStatus::parse(form.status.trim());
    if status.is_none() {
        errors.push(FieldError {
            field: "status",
            message: "โปรดเลือกสถานะการดำเนินการตามข้อเสนอแนะ".into(),
        });
    }
    let asked = match (date, status) {
        (Some(date), Some(status)) if errors.is_empty() => Ok(AuditChange::AddFollowUp {
            engagement: id.clone(),
            finding: finding.clone(),
            input: FollowUpInput {
                date,
                status,
                reason: form.reason.clone(),
                response: form.response.clone(),
            },
        }),
        _ => Err(errors),
    };
    match change(&store, &staff, year, asked).await? {
        None => done(year, &id, "follow-up"),
        Some(errors) => rerender(
            engagement_page_of(&store, &staff, config.clock.today(), year, &id, |p| {
                if let Some(f) = p.findings.iter_mut().find(|f| f.id == finding) {
                    f.statuses = follow_up_statuses(FollowUpStatus::parse(&form.status));
                    f.form = form;
                    f.errors = errors;
                } else {
                    p.errors = errors;
                }
            })
            .await?,
        ),
    }
}
