//! `/staff/integrity/control`: one fiscal year's evaluation on one page, each
//! form posting to its own route. Every handler asks the role first (403),
//! then reads the form; what cannot be read or what core refuses re-renders
//! the page with the messages at their fields and the values as typed (400),
//! and nothing is saved. ปค.6 is the internal auditor's alone
//! (`ReviewInternalControl`); the other forms need `ManageInternalControl`.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use sujarit_core::FiscalYear;
use sujarit_core::account::Permission;
use sujarit_core::fiscal::{parse_thai_date, thai_date};
use sujarit_core::integrity::control::{
    Adequacy, Certification, Committee, CommitteeMember, Component, ComponentEvaluation,
    Components, Conclusion, ControlForm, ControlRowInput, ControlYear, DEFAULT_DEADLINE_DAYS,
    Improvement, ImprovementStatus, REMEDIATION_KPI_PERCENT, Review, Submission,
};
use sujarit_reports::integrity::control::{ControlReport, PkForm, control_pdf, control_xlsx};
use sujarit_store::StoreError;

use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::state::Resources;
use crate::ui::{FormErrors, Reply, SelectOption, StaffBar, bad_form, staff_layout};
use crate::{AppState, format};

const BASE: &str = "/staff/integrity/control";

type Fields = Vec<(String, String)>;

fn field(fields: &Fields, name: &str) -> String {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

/// "15/01/2569": a date as the forms take it (BE).
pub(super) fn date_text(date: time::Date) -> String {
    format!(
        "{:02}/{:02}/{}",
        date.day(),
        date.month() as u8,
        date.year() + 543
    )
}

fn bad_year() -> WebError {
    WebError::BadRequest("ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569".into())
}

fn year_of(fields: &Fields) -> Result<FiscalYear, WebError> {
    format::parse_fiscal_year(&field(fields, "year"))
        .map(FiscalYear)
        .ok_or_else(bad_year)
}

/// The values the forms show: the stored ones, or what was typed.
#[derive(Default)]
pub struct Values(BTreeMap<String, String>);

impl Values {
    pub fn get(&self, key: &str) -> &str {
        self.0.get(key).map(String::as_str).unwrap_or("")
    }

    fn set(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0.insert(key.into(), value.into());
    }
}

pub struct ComponentField {
    pub name: &'static str,
    pub key: String,
    pub outcome_key: String,
    pub id: String,
    pub field: &'static str,
    pub outcome_id: String,
    pub outcome_field: String,
    pub options: Vec<SelectOption>,
}

pub struct RowView {
    pub id: String,
    pub no: usize,
    pub mission: String,
    pub objective: String,
    pub risk: String,
    pub existing_control: String,
    pub evaluation: String,
    pub remaining_risk: String,
    pub improvement: String,
    pub due_on: String,
    pub owner_unit: String,
    pub has_improvement: bool,
    pub status: &'static str,
    pub statuses: Vec<SelectOption>,
    pub done_on: String,
    pub evidence: String,
    pub error_status: Option<String>,
    pub error_done_on: Option<String>,
    pub error_evidence: Option<String>,
}

#[derive(Template)]
#[template(path = "integrity/control/staff.html")]
pub struct StaffPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub year: u16,
    pub notice: Option<String>,
    pub errors: FormErrors,
    pub values: Values,
    pub components: Vec<ComponentField>,
    pub conclusions: Vec<SelectOption>,
    pub rows: Vec<RowView>,
    pub remediation: String,
    pub meets_kpi: Option<bool>,
    pub kpi: u32,
    pub deadline: String,
    pub deadline_state: String,
    pub deadline_class: &'static str,
    pub default_days: u16,
    pub may_manage: bool,
    pub may_review: bool,
    pub certified: Option<String>,
    pub reviewed: Option<String>,
    pub submitted: Option<String>,
    pub public_href: String,
}

#[derive(Deserialize)]
pub struct PageQuery {
    year: Option<String>,
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<String> {
    Some(
        match done? {
            "committee" => "บันทึกคณะกรรมการแล้ว",
            "pk4" => "บันทึก ปค.4 แล้ว",
            "row" => "เพิ่มแถวของ ปค.5 แล้ว",
            "removed" => "ลบแถวของ ปค.5 แล้ว",
            "improvement" => "บันทึกความคืบหน้าการปรับปรุงแล้ว",
            "pk6" => "บันทึก ปค.6 แล้ว",
            "pk1" => "รับรองผลการประเมิน (ปค.1) แล้ว",
            "submission" => "บันทึกการส่งรายงานแล้ว",
            "settings" => "บันทึกกำหนดส่งรายงานแล้ว",
            _ => return None,
        }
        .to_string(),
    )
}

fn stored_values(year: &ControlYear) -> Values {
    let mut v = Values::default();
    if let Some(c) = &year.committee {
        v.set("committee.order", c.order.clone());
        let lines: Vec<String> = c
            .members
            .iter()
            .map(|m| match &m.name {
                Some(name) => format!("{} | {} | {}", m.position, m.role, name),
                None => format!("{} | {}", m.position, m.role),
            })
            .collect();
        v.set("committee.members", lines.join("\n"));
    }
    if let Some(c) = &year.components {
        for e in &c.components {
            v.set(format!("pk4.{}", e.component.field()), e.evaluation.clone());
            v.set(
                format!("pk4.{}_result", e.component.field()),
                e.result.code(),
            );
        }
        v.set("pk4.conclusion", c.conclusion.clone());
    }
    if let Some(r) = &year.review {
        v.set("pk6.opinion", r.opinion.clone());
        v.set("pk6.points", r.points.join("\n"));
        v.set("pk6.reviewed_on", date_text(r.reviewed_on));
        v.set("pk6.reviewer_position", r.reviewer_position.clone());
    }
    if let Some(c) = &year.certification {
        v.set("pk1.head_position", c.head_position.clone());
        v.set("pk1.certified_on", date_text(c.certified_on));
        v.set("pk1.conclusion", c.conclusion.code());
    }
    if let Some(s) = &year.submission {
        v.set("submission.recipient", s.recipient.clone());
        v.set("submission.submitted_on", date_text(s.submitted_on));
        v.set("submission.reference", s.reference.clone());
    }
    v.set("settings.deadline_days", year.deadline_days.to_string());
    v
}

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    chosen: &str,
) -> Vec<SelectOption> {
    all.iter()
        .map(|x| SelectOption {
            value: code(*x).to_string(),
            label: label(*x).to_string(),
            selected: code(*x) == chosen,
        })
        .collect()
}

/// What a failed form brings back: its section and what was typed.
struct Typed<'a> {
    prefix: String,
    fields: &'a Fields,
}

#[allow(clippy::too_many_arguments)]
async fn render(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
    year: FiscalYear,
    notice: Option<String>,
    errors: FormErrors,
    typed: Option<Typed<'_>>,
    status: StatusCode,
) -> Reply {
    let org = &staff.organization;
    let data = store.internal_control(&org.id, year).await?;
    let today = config.clock.today();
    let mut values = stored_values(&data);
    if let Some(t) = &typed
        && !t.prefix.starts_with("imp.")
    {
        for (k, v) in t.fields.iter() {
            values.set(format!("{}.{k}", t.prefix), v.clone());
        }
    }
    let components = Component::ALL
        .into_iter()
        .map(|c| {
            let key = format!("pk4.{}", c.field());
            let result_key = format!("{key}_result");
            let chosen = values.get(&result_key).to_string();
            ComponentField {
                name: c.thai(),
                options: options(&Adequacy::ALL, Adequacy::code, Adequacy::thai, &chosen),
                id: format!("pk4-{}", c.field()),
                field: c.field(),
                outcome_id: format!("pk4-{}-result", c.field()),
                outcome_field: format!("{}_result", c.field()),
                key,
                outcome_key: result_key,
            }
        })
        .collect();
    let conclusions = options(
        &Conclusion::ALL,
        Conclusion::code,
        Conclusion::short,
        values.get("pk1.conclusion"),
    );
    let rows = data
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let prefix = format!("imp.{}", r.id);
            let mine = typed.as_ref().filter(|t| t.prefix == prefix);
            let status_code = mine
                .map(|t| field(t.fields, "status"))
                .unwrap_or_else(|| r.improvement.status.code().to_string());
            RowView {
                id: r.id.clone(),
                no: i + 1,
                mission: r.input.mission.clone(),
                objective: r.input.objective.clone(),
                risk: r.input.risk.clone(),
                existing_control: r.input.existing_control.clone(),
                evaluation: r.input.evaluation.clone(),
                remaining_risk: r.input.remaining_risk.clone(),
                improvement: r.input.improvement.clone(),
                due_on: r.input.due_on.map(thai_date).unwrap_or_else(|| "-".into()),
                owner_unit: r.input.owner_unit.clone(),
                has_improvement: r.has_improvement(),
                status: r.improvement.status.thai(),
                statuses: options(
                    &ImprovementStatus::ALL,
                    ImprovementStatus::code,
                    ImprovementStatus::thai,
                    &status_code,
                ),
                done_on: mine
                    .map(|t| field(t.fields, "done_on"))
                    .unwrap_or_else(|| r.improvement.done_on.map(date_text).unwrap_or_default()),
                evidence: mine
                    .map(|t| field(t.fields, "evidence"))
                    .unwrap_or_else(|| r.improvement.evidence.clone()),
                error_status: errors.get(&format!("{prefix}.status")).map(str::to_string),
                error_done_on: errors.get(&format!("{prefix}.done_on")).map(str::to_string),
                error_evidence: errors
                    .get(&format!("{prefix}.evidence"))
                    .map(str::to_string),
            }
        })
        .collect();
    let remediation = data.remediation();
    let state = data.deadline_state(today);
    let title = format!("การควบคุมภายใน ปีงบประมาณ {}", year.be());
    let page = StaffPage {
        layout: staff_layout(&title, Vec::new()),
        bar: StaffBar::new(staff),
        year: year.be(),
        notice,
        errors,
        values,
        components,
        conclusions,
        rows,
        remediation: remediation.thai(),
        meets_kpi: remediation.meets_kpi(),
        kpi: REMEDIATION_KPI_PERCENT,
        deadline: thai_date(data.deadline()),
        deadline_state: state.thai(),
        deadline_class: state.class(),
        default_days: DEFAULT_DEADLINE_DAYS,
        may_manage: staff.actor.has(Permission::ManageInternalControl),
        may_review: staff.actor.has(Permission::ReviewInternalControl),
        certified: data.certification.as_ref().map(|c| {
            format!(
                "รับรองแล้วเมื่อ {} ({})",
                thai_date(c.certified_on),
                c.conclusion.short()
            )
        }),
        reviewed: data
            .review
            .as_ref()
            .map(|r| format!("สอบทานแล้วเมื่อ {}", thai_date(r.reviewed_on))),
        submitted: data.submission.as_ref().map(|s| {
            format!(
                "ส่งถึง {} เมื่อ {} หนังสือเลขที่ {}",
                s.recipient,
                thai_date(s.submitted_on),
                s.reference
            )
        }),
        public_href: format!("/o/{}/integrity/control?year={}", org.slug, year.be()),
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Reply {
    staff.require(Permission::ReadIntegrityRegisters)?;
    let Query(query) = query.map_err(|_| bad_year())?;
    let year = super::super::asked_year(query.year.as_deref(), config.clock.today())
        .map_err(WebError::BadRequest)?;
    render(
        &store,
        &staff,
        &config,
        year,
        notice(query.done.as_deref()),
        FormErrors::default(),
        None,
        StatusCode::OK,
    )
    .await
}

fn done(year: FiscalYear, what: &str) -> Reply {
    Ok(Redirect::to(&format!("{BASE}?year={}&done={what}#{what}", year.be())).into_response())
}

/// After a save: on to the page, or the page again with the messages.
#[allow(clippy::too_many_arguments)]
async fn settle(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
    year: FiscalYear,
    prefix: &str,
    what: &str,
    fields: &Fields,
    outcome: Result<(), StoreError>,
) -> Reply {
    match outcome {
        Ok(()) => done(year, what),
        Err(StoreError::Invalid(fields_refused)) => {
            let mut errors = FormErrors::default();
            for e in fields_refused {
                errors.add(format!("{prefix}.{}", e.field), e.message);
            }
            refuse(store, staff, config, year, prefix, fields, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn refuse(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
    year: FiscalYear,
    prefix: &str,
    fields: &Fields,
    errors: FormErrors,
) -> Reply {
    let typed = Typed {
        prefix: prefix.to_string(),
        fields,
    };
    render(
        store,
        staff,
        config,
        year,
        None,
        errors,
        Some(typed),
        StatusCode::BAD_REQUEST,
    )
    .await
}

fn date_field(
    fields: &Fields,
    name: &str,
    key: &str,
    label: &str,
    errors: &mut FormErrors,
) -> Option<time::Date> {
    let text = field(fields, name);
    if text.is_empty() {
        errors.add(key, format!("โปรดระบุ{label} (วว/ดด/ปปปป พ.ศ.)"));
        return None;
    }
    let parsed = parse_thai_date(&text);
    if parsed.is_none() {
        errors.add(
            key,
            format!("{label}ต้องเป็น วว/ดด/ปปปป (พ.ศ.) เช่น 15/01/2569"),
        );
    }
    parsed
}

async fn save_form(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
    year: FiscalYear,
    fields: &Fields,
    parsed: Result<ControlForm, FormErrors>,
) -> Reply {
    let prefix = match &parsed {
        Ok(form) => form.key(),
        Err(_) => "",
    };
    match parsed {
        Ok(form) => {
            let outcome = store
                .save_control_form(&staff.organization.id, year, &form, &staff.actor.user_id)
                .await;
            settle(store, staff, config, year, prefix, prefix, fields, outcome).await
        }
        Err(errors) => {
            let prefix = errors
                .fields()
                .next()
                .and_then(|f| f.split_once('.'))
                .map(|(p, _)| p.to_string())
                .unwrap_or_default();
            refuse(store, staff, config, year, &prefix, fields, errors).await
        }
    }
}

pub async fn committee(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    form: Result<Form<Fields>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageInternalControl)?;
    let Form(fields) = form.map_err(bad_form)?;
    let year = year_of(&fields)?;
    let mut errors = FormErrors::default();
    let mut members = Vec::new();
    for line in field(&fields, "members")
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        match parts.as_slice() {
            [position, role] | [position, role, ""] => members.push(CommitteeMember {
                position: position.to_string(),
                role: role.to_string(),
                name: None,
            }),
            [position, role, name] => members.push(CommitteeMember {
                position: position.to_string(),
                role: role.to_string(),
                name: Some(name.to_string()),
            }),
            _ => {
                errors.add(
                    "committee.members",
                    format!("บรรทัด \"{line}\" ต้องเป็น ตำแหน่ง | บทบาทในคณะกรรมการ | ชื่อ (ชื่อเว้นได้)"),
                );
                break;
            }
        }
    }
    let parsed = if errors.is_empty() {
        Ok(ControlForm::Committee(Committee {
            order: field(&fields, "order"),
            members,
        }))
    } else {
        Err(errors)
    };
    save_form(&store, &staff, &config, year, &fields, parsed).await
}

pub async fn components(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    form: Result<Form<Fields>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageInternalControl)?;
    let Form(fields) = form.map_err(bad_form)?;
    let year = year_of(&fields)?;
    let mut errors = FormErrors::default();
    let mut evaluations = Vec::new();
    for c in Component::ALL {
        let result_name = format!("{}_result", c.field());
        match Adequacy::parse(&field(&fields, &result_name)) {
            Some(result) => evaluations.push(ComponentEvaluation {
                component: c,
                evaluation: field(&fields, c.field()),
                result,
            }),
            None => errors.add(
                format!("pk4.{result_name}"),
                format!("โปรดเลือกผลการประเมินองค์ประกอบ{}", c.thai()),
            ),
        }
    }
    let parsed = if errors.is_empty() {
        Ok(ControlForm::Components(Components {
            components: evaluations,
            conclusion: field(&fields, "conclusion"),
        }))
    } else {
        Err(errors)
    };
    save_form(&store, &staff, &config, year, &fields, parsed).await
}

pub async fn review(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    form: Result<Form<Fields>, FormRejection>,
) -> Reply {
    staff.require(Permission::ReviewInternalControl)?;
    let Form(fields) = form.map_err(bad_form)?;
    let year = year_of(&fields)?;
    let mut errors = FormErrors::default();
    let reviewed_on = date_field(
        &fields,
        "reviewed_on",
        "pk6.reviewed_on",
        "วันที่สอบทาน",
        &mut errors,
    );
    let parsed = match reviewed_on {
        Some(reviewed_on) if errors.is_empty() => Ok(ControlForm::Review(Review {
            opinion: field(&fields, "opinion"),
            points: field(&fields, "points")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            reviewed_on,
            reviewer_position: field(&fields, "reviewer_position"),
        })),
        _ => Err(errors),
    };
    save_form(&store, &staff, &config, year, &fields, parsed).await
}

pub async fn certify(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    form: Result<Form<Fields>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageInternalControl)?;
    let Form(fields) = form.map_err(bad_form)?;
    let year = year_of(&fields)?;
    let mut errors = FormErrors::default();
    let certified_on = date_field(
        &fields,
        "certified_on",
        "pk1.certified_on",
        "วันที่รับรอง",
        &mut errors,
    );
    let conclusion = Conclusion::parse(&field(&fields, "conclusion"));
    if conclusion.is_none() {
        errors.add("pk1.conclusion", "โปรดเลือกผลการประเมินตามแบบ ปค.1");
    }
    let parsed = match (certified_on, conclusion) {
        (Some(certified_on), Some(conclusion)) if errors.is_empty() => {
            Ok(ControlForm::Certification(Certification {
                head_position: field(&fields, "head_position"),
                certified_on,
                conclusion,
            }))
        }
        _ => Err(errors),
    };
    save_form(&store, &staff, &config, year, &fields, parsed).await
}

pub async fn submission(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    form: Result<Form<Fields>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageInternalControl)?;
    let Form(fields) = form.map_err(bad_form)?;
    let year = year_of(&fields)?;
    let mut errors = FormErrors::default();
    let submitted_on = date_field(
        &fields,
        "submitted_on",
        "submission.submitted_on",
        "วันที่ส่ง",
        &mut errors,
    );
    if let Some(day) = submitted_on
        && day > config.clock.today()
    {
        errors.add("submission.submitted_on", "วันที่ส่งต้องไม่เป็นวันในอนาคต");
    }
    let parsed = match submitted_on {
        Some(submitted_on) if errors.is_empty() => Ok(ControlForm::Submission(Submission {
            recipient: field(&fields, "recipient"),
            submitted_on,
            reference: field(&fields, "reference"),
        })),
        _ => Err(errors),
    };
    save_form(&store, &staff, &config, year, &fields, parsed).await
}

pub async fn add_row(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    form: Result<Form<Fields>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageInternalControl)?;
    let Form(fields) = form.map_err(bad_form)?;
    let year = year_of(&fields)?;
    let mut errors = FormErrors::default();
    let due_text = field(&fields, "due_on");
    let due_on = if due_text.is_empty() {
        None
    } else {
        let parsed = parse_thai_date(&due_text);
        if parsed.is_none() {
            errors.add(
                "row.due_on",
                "กำหนดเสร็จต้องเป็น วว/ดด/ปปปป (พ.ศ.) เช่น 30/09/2569",
            );
        }
        parsed
    };
    let input = ControlRowInput {
        mission: field(&fields, "mission"),
        objective: field(&fields, "objective"),
        risk: field(&fields, "risk"),
        existing_control: field(&fields, "existing_control"),
        evaluation: field(&fields, "evaluation"),
        remaining_risk: field(&fields, "remaining_risk"),
        improvement: field(&fields, "improvement"),
        due_on,
        owner_unit: field(&fields, "owner_unit"),
    };
    if !errors.is_empty() {
        for e in input.validate() {
            if e.field != "due_on" {
                errors.add(format!("row.{}", e.field), e.message);
            }
        }
        return refuse(&store, &staff, &config, year, "row", &fields, errors).await;
    }
    let outcome = store
        .save_control_row(
            &staff.organization.id,
            year,
            None,
            &input,
            &staff.actor.user_id,
        )
        .await
        .map(|_| ());
    settle(
        &store, &staff, &config, year, "row", "row", &fields, outcome,
    )
    .await
}

pub async fn improvement(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(id): Path<String>,
    form: Result<Form<Fields>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageInternalControl)?;
    let Form(fields) = form.map_err(bad_form)?;
    let year = year_of(&fields)?;
    let prefix = format!("imp.{id}");
    let mut errors = FormErrors::default();
    let status = ImprovementStatus::parse(&field(&fields, "status"));
    if status.is_none() {
        errors.add(format!("{prefix}.status"), "โปรดเลือกสถานะการปรับปรุง");
    }
    let done_text = field(&fields, "done_on");
    let done_on = if done_text.is_empty() {
        None
    } else {
        let parsed = parse_thai_date(&done_text);
        if parsed.is_none() {
            errors.add(
                format!("{prefix}.done_on"),
                "วันที่แล้วเสร็จต้องเป็น วว/ดด/ปปปป (พ.ศ.)",
            );
        }
        parsed
    };
    let Some(status) = status.filter(|_| errors.is_empty()) else {
        return refuse(&store, &staff, &config, year, &prefix, &fields, errors).await;
    };
    let improvement = Improvement {
        status,
        done_on,
        evidence: field(&fields, "evidence"),
    };
    let outcome = store
        .save_control_improvement(
            &staff.organization.id,
            &id,
            &improvement,
            config.clock.today(),
            &staff.actor.user_id,
        )
        .await;
    settle(
        &store,
        &staff,
        &config,
        year,
        &prefix,
        "improvement",
        &fields,
        outcome,
    )
    .await
}

pub async fn remove_row(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
    form: Result<Form<Fields>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageInternalControl)?;
    let Form(fields) = form.map_err(bad_form)?;
    let year = year_of(&fields)?;
    store
        .remove_control_row(&staff.organization.id, &id, &staff.actor.user_id)
        .await?;
    done(year, "removed")
}

pub async fn settings(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    form: Result<Form<Fields>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageInternalControl)?;
    let Form(fields) = form.map_err(bad_form)?;
    let year = year_of(&fields)?;
    let Ok(days) = field(&fields, "deadline_days").parse::<u16>() else {
        let mut errors = FormErrors::default();
        errors.add("settings.deadline_days", "จำนวนวันต้องเป็นตัวเลข 1–365");
        return refuse(&store, &staff, &config, year, "settings", &fields, errors).await;
    };
    let outcome = store
        .set_control_deadline_days(&staff.organization.id, days, &staff.actor.user_id)
        .await;
    settle(
        &store, &staff, &config, year, "settings", "settings", &fields, outcome,
    )
    .await
}

#[derive(Deserialize)]
pub struct DocumentQuery {
    year: Option<String>,
    form: Option<String>,
    format: Option<String>,
}

/// A file as a download.
pub(super) fn attachment(bytes: Vec<u8>, media_type: &'static str, name: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    let disposition = format!(
        "attachment; filename=\"report\"; filename*=UTF-8''{}",
        format::path_segment(name)
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The year's set (or one form) as PDF, or the workbook.
pub async fn document(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: Result<Query<DocumentQuery>, QueryRejection>,
) -> Reply {
    staff.require(Permission::ReadIntegrityRegisters)?;
    let Query(query) = query.map_err(|_| bad_year())?;
    let year = super::super::asked_year(query.year.as_deref(), config.clock.today())
        .map_err(WebError::BadRequest)?;
    let form =
        match query.form.as_deref().unwrap_or("set") {
            "set" => None,
            code => Some(PkForm::parse(code).ok_or_else(|| {
                WebError::BadRequest("แบบต้องเป็น set, pk1, pk4, pk5 หรือ pk6".into())
            })?),
        };
    let xlsx = match query.format.as_deref().unwrap_or("pdf") {
        "pdf" => false,
        "xlsx" => true,
        _ => return Err(WebError::BadRequest("รูปแบบไฟล์ต้องเป็น pdf หรือ xlsx".into())),
    };
    let report = ControlReport {
        organization: staff.organization.name.clone(),
        year: store.internal_control(&staff.organization.id, year).await?,
        public: false,
    };
    let bytes = tokio::task::spawn_blocking(move || {
        if xlsx {
            control_xlsx(&report)
        } else {
            control_pdf(&report, form)
        }
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let name = format!(
        "การควบคุมภายใน-{}-{}",
        form.map_or("ปค", |f| f.code()),
        year.be()
    );
    Ok(if xlsx {
        attachment(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("{name}.xlsx"),
        )
    } else {
        attachment(bytes, "application/pdf", &format!("{name}.pdf"))
    })
}
