//! The back office of the risk register: a year's register with its heat
//! map, warnings and the complaint categories that recur; one entry's form
//! and its monitoring notes; the risk matrix; the register created from the
//! plan and copied to the next year.
//!
//! Each handler asks the role first (403), then reads the form into core's
//! types (`form.rs`); what cannot be read, or what the store's checks
//! refuse, re-renders the form with the messages at their fields (400) and
//! saves nothing.

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use serde::Deserialize;
use sujarit_core::FiscalYear;
use sujarit_core::account::Permission;
use sujarit_core::complaint::Channel;
use sujarit_core::integrity::risk::{
    MonitoringNote, RiskEntry, RiskMatrix, RiskStatus, RiskType, Round, measures_warning,
};
use sujarit_service::risks::{plan_item_codes, register_from_plan};
use sujarit_store::StoreError;

use super::form::{EntryForm, MatrixForm, core_errors, one};
use super::view::{EntryView, HeatMap, entry_view, heat_map};
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::state::Resources;
use crate::ui::{Crumb, FormErrors, Reply, SelectOption, StaffBar, Urls, bad_form, staff_layout};

fn html(status: StatusCode, page: impl Template) -> Reply {
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) fn bad_year() -> WebError {
    WebError::BadRequest("ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569".into())
}

pub(super) fn not_found() -> WebError {
    WebError::NotFound("ไม่พบความเสี่ยงนี้ในทะเบียน".into())
}

/// The year a page asks for (`?year=`), the current one when absent.
pub(super) fn year_of(asked: Option<&str>, today: time::Date) -> Result<u16, WebError> {
    super::super::asked_year(asked, today)
        .map(FiscalYear::be)
        .map_err(WebError::BadRequest)
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

impl YearQuery {
    pub fn year(&self) -> Option<&str> {
        self.year.as_deref()
    }
}

/// A complaint category that recurred in the year, proposed as a risk.
pub struct Recurring {
    pub category: String,
    pub count: u32,
    pub href: String,
}

#[derive(Template)]
#[template(path = "integrity/risks/register.html")]
pub struct RegisterPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub year: u16,
    pub next_year: u16,
    pub can_manage: bool,
    pub map: HeatMap,
    pub rows: Vec<EntryView>,
    pub flagged: usize,
    pub unlinked: usize,
    pub measures_warning: Option<String>,
    pub measures: usize,
    pub has_plan: bool,
    pub recurring: Vec<Recurring>,
    pub message: Option<String>,
}

/// The matrix each entry was scored with, read once per version.
pub(super) async fn matrices(
    store: &AppState,
    org: &str,
    entries: &[RiskEntry],
) -> Result<std::collections::BTreeMap<u32, RiskMatrix>, WebError> {
    let mut out = std::collections::BTreeMap::new();
    for e in entries {
        if let std::collections::btree_map::Entry::Vacant(slot) = out.entry(e.matrix_version) {
            slot.insert(
                store
                    .risk_matrix_version(org, e.matrix_version)
                    .await?
                    .unwrap_or_else(RiskMatrix::default_5x5),
            );
        }
    }
    Ok(out)
}

/// A plan item's public page by its code ("2.16").
pub(super) fn item_href(urls: &Urls) -> impl Fn(&str) -> Option<String> + '_ {
    move |code: &str| crate::format::parse_item_ref(code).map(|r| urls.item(r))
}

pub async fn register(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Reply {
    staff.require(Permission::ReadIntegrityRegisters)?;
    let Query(query) = query.map_err(|_| bad_year())?;
    let today = config.clock.today();
    let year = year_of(query.year.as_deref(), today)?;
    register_reply(&store, &staff, year, None).await
}

async fn register_reply(
    store: &AppState,
    staff: &CurrentStaff,
    year: u16,
    message: Option<String>,
) -> Reply {
    let org = &staff.organization.id;
    let entries = store.risk_entries(org, year).await?;
    let (_, current) = store.risk_matrix(org).await?;
    let by_version = matrices(store, org, &entries).await?;
    let measures = store.measures(org, year).await?;
    let urls = Urls::new(&staff.organization.slug);
    let link = item_href(&urls);
    let rows: Vec<EntryView> = entries
        .iter()
        .map(|e| {
            let matrix = by_version.get(&e.matrix_version).unwrap_or(&current);
            entry_view(
                e,
                matrix,
                format!("/staff/integrity/risks/{}", e.id),
                &link,
                &measures,
            )
        })
        .collect();
    // Recurring general-complaint categories: counts only, from the
    // store's grouping of the year's general complaints.
    let categories = store.complaint_categories(org, Channel::General).await?;
    let mut counts: std::collections::BTreeMap<String, u32> = std::collections::BTreeMap::new();
    for p in store.recurring_problems(org, FiscalYear(year)).await? {
        *counts.entry(p.category).or_default() += p.count;
    }
    let mut recurring: Vec<Recurring> = counts
        .into_iter()
        .filter(|(_, n)| *n >= 3)
        .map(|(code, count)| {
            let label = categories
                .iter()
                .find(|c| c.code == code)
                .map_or(code.clone(), |c| c.thai.clone());
            let query = form_urlencoded::Serializer::new(String::new())
                .append_pair("year", &year.to_string())
                .append_pair("process", &format!("งานที่ได้รับเรื่องร้องเรียนหมวด {label}"))
                .append_pair(
                    "risk",
                    &format!("มีเรื่องร้องเรียนหมวด \"{label}\" ซ้ำ {count} เรื่องในปีงบประมาณ {year}"),
                )
                .finish();
            Recurring {
                category: label,
                count,
                href: format!("/staff/integrity/risks/new?{query}"),
            }
        })
        .collect();
    recurring.sort_by_key(|r| std::cmp::Reverse(r.count));
    let page = RegisterPage {
        layout: staff_layout(
            &format!("ทะเบียนความเสี่ยงการทุจริต ปีงบประมาณ {year}"),
            Vec::new(),
        ),
        bar: StaffBar::new(staff),
        year,
        next_year: year + 1,
        can_manage: staff.actor.has(Permission::ManageRiskRegister),
        map: heat_map(&current, &entries),
        flagged: rows.iter().filter(|r| r.flag.is_some()).count(),
        unlinked: entries.iter().map(|e| e.input.unlinked_controls()).sum(),
        rows,
        measures_warning: measures_warning(measures.len()),
        measures: measures.len(),
        has_plan: store.current_plan(org).await?.is_some(),
        recurring,
        message,
    };
    html(StatusCode::OK, page)
}

// ---------------------------------------------------------------------------
// From the plan, and to the next year

pub async fn from_plan(
    State(store): State<AppState>,
    staff: CurrentStaff,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageRiskRegister)?;
    let Form(pairs) = form.map_err(bad_form)?;
    let year = crate::format::parse_fiscal_year(&one(&pairs, "year")).ok_or_else(bad_year)?;
    let org = &staff.organization.id;
    let created = match register_from_plan(store.as_ref(), org, year, &staff.actor.user_id).await {
        Ok(n) => n,
        Err(StoreError::NotFound(sujarit_core::refusal::Missing::CurrentPlan)) => {
            return Err(WebError::Conflict(
                "ยังไม่มีแผนปฏิบัติการ กรุณานำเข้าแผนก่อนสร้างทะเบียนจากแผน".into(),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let message = if created == 0 {
        format!("ทะเบียนปีงบประมาณ {year} สร้างจากแผนไว้แล้ว จึงไม่สร้างซ้ำ")
    } else {
        format!("สร้างทะเบียนจากแผนแล้ว {created} ความเสี่ยง")
    };
    register_reply(&store, &staff, year, Some(message)).await
}

pub async fn copy(
    State(store): State<AppState>,
    staff: CurrentStaff,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageRiskRegister)?;
    let Form(pairs) = form.map_err(bad_form)?;
    let year = crate::format::parse_fiscal_year(&one(&pairs, "year"))
        .filter(|y| *y < 2700)
        .ok_or_else(bad_year)?;
    match store
        .copy_risk_register(&staff.organization.id, year, &staff.actor.user_id)
        .await
    {
        Ok(n) => {
            register_reply(
                &store,
                &staff,
                year + 1,
                Some(format!("คัดลอก {n} ความเสี่ยงจากปีงบประมาณ {year} แล้ว")),
            )
            .await
        }
        Err(StoreError::Invalid(errors)) => Err(WebError::Conflict(
            errors
                .into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
                .join(" "),
        )),
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// One entry

#[derive(Template)]
#[template(path = "integrity/risks/entry.html")]
pub struct EntryPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub year: u16,
    pub action: String,
    pub entry: Option<EntryView>,
    pub can_manage: bool,
    pub form: EntryForm,
    pub errors: FormErrors,
    pub types: Vec<SelectOption>,
    pub statuses: Vec<SelectOption>,
    pub targets: Vec<SelectOption>,
    pub likelihood_max: usize,
    pub impact_max: usize,
    pub likelihood_labels: String,
    pub impact_labels: String,
    pub document_level: Option<String>,
    pub source_line: Option<u32>,
    pub matrix_version: u32,
    pub rounds: Vec<SelectOption>,
    pub note_errors: FormErrors,
    pub note: String,
}

fn options<T: Copy>(
    all: &[T],
    chosen: &str,
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<SelectOption> {
    all.iter()
        .map(|t| SelectOption {
            value: code(*t).into(),
            label: label(*t).into(),
            selected: code(*t) == chosen,
        })
        .collect()
}

struct EntryContext {
    entry: Option<RiskEntry>,
    matrix: RiskMatrix,
    view: Option<EntryView>,
    targets: Vec<(String, String)>,
}

/// An entry's page (or the new-entry form) with this form and messages.
#[allow(clippy::too_many_arguments)]
async fn entry_reply(
    store: &AppState,
    staff: &CurrentStaff,
    entry: Option<RiskEntry>,
    year: u16,
    form: EntryForm,
    errors: FormErrors,
    note: (String, FormErrors),
    status: StatusCode,
) -> Reply {
    let context = entry_context(store, staff, entry, year).await?;
    html(status, entry_page(staff, context, form, errors, note))
}

async fn entry_context(
    store: &AppState,
    staff: &CurrentStaff,
    entry: Option<RiskEntry>,
    year: u16,
) -> Result<EntryContext, WebError> {
    let org = &staff.organization.id;
    let matrix = match &entry {
        Some(e) => store
            .risk_matrix_version(org, e.matrix_version)
            .await?
            .unwrap_or_else(RiskMatrix::default_5x5),
        None => store.risk_matrix(org).await?.1,
    };
    let measures = store.measures(org, year).await?;
    let urls = Urls::new(&staff.organization.slug);
    let view = entry.as_ref().map(|e| {
        entry_view(
            e,
            &matrix,
            format!("/staff/integrity/risks/{}", e.id),
            &item_href(&urls),
            &measures,
        )
    });
    let mut targets = vec![(String::new(), "ข้อความ (ไม่อ้างถึงรายการ)".to_string())];
    if let Some((_, report)) = store.current_plan(org).await? {
        for item in report.plan.items() {
            let code = item.item_ref().to_string();
            let name: String = item.name.chars().take(70).collect();
            targets.push((format!("item:{code}"), format!("{code} {name}")));
        }
    }
    for m in &measures {
        targets.push((
            format!("measure:{}", m.id),
            format!(
                "มาตรการภายใน: {}",
                m.input.title.chars().take(60).collect::<String>()
            ),
        ));
    }
    Ok(EntryContext {
        entry,
        matrix,
        view,
        targets,
    })
}

fn entry_page(
    staff: &CurrentStaff,
    context: EntryContext,
    form: EntryForm,
    errors: FormErrors,
    note: (String, FormErrors),
) -> EntryPage {
    let year = form.year.parse().unwrap_or(0);
    let title = match &context.entry {
        Some(_) => "ความเสี่ยงการทุจริต".to_string(),
        None => "เพิ่มความเสี่ยงการทุจริต".to_string(),
    };
    let register = format!("/staff/integrity/risks?year={year}");
    EntryPage {
        layout: staff_layout(
            &title,
            vec![Crumb::link(
                format!("ทะเบียนความเสี่ยง ปีงบประมาณ {year}"),
                register,
            )],
        ),
        bar: StaffBar::new(staff),
        year,
        action: context.entry.as_ref().map_or_else(
            || "/staff/integrity/risks/new".into(),
            |e| format!("/staff/integrity/risks/{}", e.id),
        ),
        can_manage: staff.actor.has(Permission::ManageRiskRegister),
        types: options(
            &RiskType::ALL,
            &form.risk_type,
            RiskType::code,
            RiskType::label,
        ),
        statuses: options(
            &RiskStatus::ALL,
            &form.status,
            RiskStatus::code,
            RiskStatus::label,
        ),
        targets: context
            .targets
            .iter()
            .map(|(value, label)| SelectOption {
                value: value.clone(),
                label: label.clone(),
                selected: false,
            })
            .collect(),
        likelihood_max: context.matrix.likelihood.len(),
        impact_max: context.matrix.impact.len(),
        likelihood_labels: numbered(&context.matrix.likelihood),
        impact_labels: numbered(&context.matrix.impact),
        document_level: context
            .entry
            .as_ref()
            .and_then(|e| e.input.document_level.clone()),
        source_line: context.entry.as_ref().and_then(|e| e.input.source_line),
        matrix_version: context.entry.as_ref().map_or(0, |e| e.matrix_version),
        rounds: [Round::SixMonths, Round::TwelveMonths]
            .into_iter()
            .map(|r| SelectOption {
                value: r.code().into(),
                label: r.label().into(),
                selected: false,
            })
            .collect(),
        entry: context.view,
        form,
        errors,
        note: note.0,
        note_errors: note.1,
    }
}

fn numbered(labels: &[String]) -> String {
    labels
        .iter()
        .enumerate()
        .map(|(k, l)| format!("{} = {l}", k + 1))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Deserialize)]
pub struct NewQuery {
    year: Option<String>,
    process: Option<String>,
    risk: Option<String>,
}

pub async fn new_entry(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: Result<Query<NewQuery>, QueryRejection>,
) -> Reply {
    staff.require(Permission::ManageRiskRegister)?;
    let Query(query) = query.map_err(|_| bad_year())?;
    let year = year_of(query.year.as_deref(), config.clock.today())?;
    let mut form = EntryForm::blank(year);
    let clip = |t: Option<String>, n: usize| t.unwrap_or_default().chars().take(n).collect();
    form.process = clip(query.process, 1000);
    form.risk = clip(query.risk, 4000);
    let none = (String::new(), FormErrors::default());
    entry_reply(
        &store,
        &staff,
        None,
        year,
        form,
        FormErrors::default(),
        none,
        StatusCode::OK,
    )
    .await
}

pub async fn entry(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
) -> Reply {
    staff.require(Permission::ReadIntegrityRegisters)?;
    let entry = store
        .risk_entry(&staff.organization.id, &id)
        .await?
        .ok_or_else(not_found)?;
    let form = EntryForm::of(&entry.input);
    let year = entry.input.fiscal_year;
    let none = (String::new(), FormErrors::default());
    entry_reply(
        &store,
        &staff,
        Some(entry),
        year,
        form,
        FormErrors::default(),
        none,
        StatusCode::OK,
    )
    .await
}

pub async fn create_entry(
    State(store): State<AppState>,
    staff: CurrentStaff,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageRiskRegister)?;
    let Form(pairs) = form.map_err(bad_form)?;
    save_entry(&store, &staff, None, &pairs).await
}

pub async fn update_entry(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageRiskRegister)?;
    let Form(pairs) = form.map_err(bad_form)?;
    let entry = store
        .risk_entry(&staff.organization.id, &id)
        .await?
        .ok_or_else(not_found)?;
    save_entry(&store, &staff, Some(entry), &pairs).await
}

async fn save_entry(
    store: &AppState,
    staff: &CurrentStaff,
    before: Option<RiskEntry>,
    pairs: &[(String, String)],
) -> Reply {
    let org = &staff.organization.id;
    let form = EntryForm::read(pairs);
    let refused = |errors: FormErrors, before: Option<RiskEntry>, form: EntryForm| async move {
        let year = form
            .year
            .parse()
            .ok()
            .or(before.as_ref().map(|e| e.input.fiscal_year))
            .unwrap_or(0);
        entry_reply(
            store,
            staff,
            before,
            year,
            form,
            errors,
            Default::default(),
            StatusCode::BAD_REQUEST,
        )
        .await
    };
    let input = match form.to_input(before.as_ref().map(|e| &e.input)) {
        Ok(input) => input,
        Err(errors) => return refused(errors, before, form).await,
    };
    let codes = plan_item_codes(store.as_ref(), org).await?;
    let id = before.as_ref().map(|e| e.id.clone());
    match store
        .save_risk_entry(org, id.as_deref(), &input, &codes, &staff.actor.user_id)
        .await
    {
        Ok(saved) => {
            Ok(Redirect::to(&format!("/staff/integrity/risks/{}", saved.id)).into_response())
        }
        Err(StoreError::Invalid(errors)) => refused(core_errors(errors), before, form).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn add_monitoring(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageRiskRegister)?;
    let Form(pairs) = form.map_err(bad_form)?;
    let org = &staff.organization.id;
    let entry = store.risk_entry(org, &id).await?.ok_or_else(not_found)?;
    let note_text = one(&pairs, "note");
    let round = Round::parse(&one(&pairs, "round"));
    let mut errors = FormErrors::default();
    if round.is_none() {
        errors.add("round", "กรุณาเลือกรอบการติดตาม (6 หรือ 12 เดือน)");
    }
    if note_text.is_empty() {
        errors.add("note", "กรุณาบันทึกผลการติดตาม");
    }
    if let (Some(round), true) = (round, errors.is_empty()) {
        let note = MonitoringNote {
            round,
            note: note_text.clone(),
            recorded_on: Some(config.clock.today()),
        };
        match store
            .add_risk_monitoring(org, &id, &note, &staff.actor.user_id)
            .await
        {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/staff/integrity/risks/{id}#monitoring"))
                        .into_response(),
                );
            }
            Err(StoreError::Invalid(problems)) => errors = core_errors(problems),
            Err(e) => return Err(e.into()),
        }
    }
    let form = EntryForm::of(&entry.input);
    let year = entry.input.fiscal_year;
    let note = (note_text, errors);
    let status = StatusCode::BAD_REQUEST;
    entry_reply(
        &store,
        &staff,
        Some(entry),
        year,
        form,
        FormErrors::default(),
        note,
        status,
    )
    .await
}

// ---------------------------------------------------------------------------
// The matrix

#[derive(Template)]
#[template(path = "integrity/risks/matrix.html")]
pub struct MatrixPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub version: u32,
    pub can_manage: bool,
    pub form: MatrixForm,
    pub errors: FormErrors,
    pub map: HeatMap,
}

fn matrix_page(
    staff: &CurrentStaff,
    version: u32,
    matrix: &RiskMatrix,
    form: MatrixForm,
    errors: FormErrors,
) -> MatrixPage {
    MatrixPage {
        layout: staff_layout(
            "ตารางความเสี่ยง (โอกาส × ผลกระทบ)",
            vec![Crumb::link("ทะเบียนความเสี่ยง", "/staff/integrity/risks")],
        ),
        bar: StaffBar::new(staff),
        version,
        can_manage: staff.actor.has(Permission::ManageRiskRegister),
        form,
        errors,
        map: heat_map(matrix, &[]),
    }
}

pub async fn matrix(State(store): State<AppState>, staff: CurrentStaff) -> Reply {
    staff.require(Permission::ReadIntegrityRegisters)?;
    let (version, matrix) = store.risk_matrix(&staff.organization.id).await?;
    let form = MatrixForm::of(&matrix);
    html(
        StatusCode::OK,
        matrix_page(&staff, version, &matrix, form, FormErrors::default()),
    )
}

pub async fn save_matrix(
    State(store): State<AppState>,
    staff: CurrentStaff,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageRiskRegister)?;
    let Form(pairs) = form.map_err(bad_form)?;
    let org = &staff.organization.id;
    let form = MatrixForm::read(&pairs);
    let errors = match form.to_matrix() {
        Ok(matrix) => match store
            .save_risk_matrix(org, &matrix, &staff.actor.user_id)
            .await
        {
            Ok(_) => return Ok(Redirect::to("/staff/integrity/risks/matrix").into_response()),
            Err(StoreError::Invalid(problems)) => core_errors(problems),
            Err(e) => return Err(e.into()),
        },
        Err(errors) => errors,
    };
    let (version, matrix) = store.risk_matrix(org).await?;
    html(
        StatusCode::BAD_REQUEST,
        matrix_page(&staff, version, &matrix, form, errors),
    )
}
