//! The staff pages of the gift register.

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use serde::Deserialize;
use sujarit_core::FiscalYear;
use sujarit_core::account::Permission;
use sujarit_core::fiscal::{ce_to_be, parse_thai_date, thai_date};
use sujarit_core::integrity::gift::{
    GiftDecision, GiftDeclaration, GiftInput, GiftKind, GiftReview, PERMITTED_VALUE_SOURCE, Round,
    Verdict, parse_value,
};
use sujarit_core::thai::datetime_text;
use sujarit_store::{GiftScope, StoreError};

use super::super::asked_year;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::{Crumb, FormErrors, Reply, SelectOption, StaffBar, bad_form, staff_layout};
use crate::{AppState, Resources};

const HOME: &str = "/staff/integrity/gifts";

/// One declaration in a list.
pub struct Row {
    pub href: String,
    pub received_on: String,
    pub declarant: String,
    pub giver: String,
    pub description: String,
    pub value: String,
    pub declared: &'static str,
    pub status: String,
    pub over_limit: bool,
}

fn row(d: &GiftDeclaration) -> Row {
    Row {
        href: format!("{HOME}/{}", d.id),
        received_on: thai_date(d.input.received_on),
        declarant: d.declarant_name.clone(),
        giver: d.input.giver.clone(),
        description: d.input.description.clone(),
        value: d.input.value.with_two_decimals(),
        declared: d.input.decision.thai(),
        status: match &d.review {
            None => "รอผู้บังคับบัญชาพิจารณา".into(),
            Some(r) => format!("{} ({})", r.verdict.thai(), d.outcome().thai()),
        },
        over_limit: d.over_limit(),
    }
}

/// The declaration form's values as typed.
#[derive(Default, Deserialize)]
pub struct DeclarationForm {
    #[serde(default)]
    giver: String,
    #[serde(default)]
    pending_work: String,
    #[serde(default)]
    pending_note: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    received_on: String,
    #[serde(default)]
    occasion: String,
    #[serde(default)]
    decision: String,
}

#[derive(Template)]
#[template(path = "integrity/gifts/staff.html")]
pub struct GiftsPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub year: u16,
    pub notice: Option<String>,
    pub permitted: String,
    pub permitted_source: &'static str,
    pub form: DeclarationForm,
    pub pending_checked: bool,
    pub kinds: Vec<SelectOption>,
    pub decisions: Vec<SelectOption>,
    pub errors: FormErrors,
    pub mine: Vec<Row>,
    pub my_nil: Vec<String>,
    pub rounds: Vec<SelectOption>,
    pub nil_error: Option<String>,
    pub waiting: Option<Vec<Row>>,
    pub register: Option<Vec<Row>>,
    pub can_set: bool,
    pub setting_value: String,
    pub setting_error: Option<String>,
}

fn options<T: Copy + PartialEq>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    chosen: &str,
) -> Vec<SelectOption> {
    all.iter()
        .map(|v| SelectOption {
            value: code(*v).into(),
            label: label(*v).into(),
            selected: code(*v) == chosen,
        })
        .collect()
}

/// The unit the staff member heads, if any.
async fn headed_unit(store: &AppState, staff: &CurrentStaff) -> Result<Option<String>, WebError> {
    Ok(store
        .unit_heads(&staff.organization.id)
        .await?
        .into_iter()
        .find(|(_, user)| *user == staff.actor.user_id)
        .map(|(unit, _)| unit))
}

fn may_decide(d: &GiftDeclaration, staff: &CurrentStaff, head_of: Option<&str>) -> bool {
    let heads = head_of.is_some() && d.unit_id.as_deref() == head_of;
    staff.actor.may_decide_gift(&d.declarant, heads)
}

/// Everything on the page for `year`, with `edit` applied (values, errors).
async fn gifts_page(
    store: &AppState,
    staff: &CurrentStaff,
    year: FiscalYear,
    today: time::Date,
    edit: impl FnOnce(&mut GiftsPage),
) -> Result<GiftsPage, WebError> {
    let org = &staff.organization.id;
    let me = staff.actor.user_id.as_str();
    let permitted = store.gift_permitted_value(org).await?;
    let mine = store
        .gift_declarations(org, Some(year), GiftScope::Declarant(me))
        .await?;
    let my_nil = store.nil_returns(org, year, Some(me)).await?;
    let head_of = headed_unit(store, staff).await?;
    let everyone = if staff.actor.has(Permission::ReadGiftRegister) {
        Some(
            store
                .gift_declarations(org, Some(year), GiftScope::All)
                .await?,
        )
    } else {
        None
    };
    let candidates = match (&everyone, &head_of) {
        (Some(all), _) => Some(all.clone()),
        (None, Some(unit)) => Some(
            store
                .gift_declarations(org, Some(year), GiftScope::Unit(unit))
                .await?,
        ),
        (None, None) => None,
    };
    let waiting = candidates.map(|list| {
        list.iter()
            .filter(|d| d.review.is_none() && may_decide(d, staff, head_of.as_deref()))
            .map(row)
            .collect::<Vec<_>>()
    });
    let (_, this_round) = sujarit_core::integrity::gift::Round::of(today);
    let mut page = GiftsPage {
        layout: staff_layout(
            "การรับของขวัญและประโยชน์อื่นใด",
            vec![Crumb::link("ทะเบียนคุณธรรม", HOME)],
        ),
        bar: StaffBar::new(staff),
        year: year.be(),
        notice: None,
        permitted: permitted.to_string(),
        permitted_source: PERMITTED_VALUE_SOURCE,
        form: DeclarationForm {
            received_on: format!(
                "{:02}/{:02}/{}",
                today.day(),
                today.month() as u8,
                ce_to_be(today.year())
            ),
            ..DeclarationForm::default()
        },
        pending_checked: false,
        kinds: Vec::new(),
        decisions: Vec::new(),
        errors: FormErrors::default(),
        mine: mine.iter().map(row).collect(),
        my_nil: my_nil.iter().map(|n| n.round.thai().to_string()).collect(),
        rounds: Round::ALL
            .iter()
            .map(|r| SelectOption {
                value: r.number().to_string(),
                label: r.thai().into(),
                selected: *r == this_round,
            })
            .collect(),
        nil_error: None,
        waiting,
        register: everyone.map(|all| all.iter().map(row).collect()),
        can_set: staff.actor.has(Permission::ManageUsers),
        setting_value: permitted.with_two_decimals(),
        setting_error: None,
    };
    edit(&mut page);
    page.pending_checked = !page.form.pending_work.is_empty();
    page.kinds = options(
        &GiftKind::ALL,
        GiftKind::code,
        GiftKind::thai,
        &page.form.kind,
    );
    page.decisions = options(
        &GiftDecision::ALL,
        GiftDecision::code,
        GiftDecision::thai,
        &page.form.decision,
    );
    Ok(page)
}

/// A saved declaration's redirect to the list (`done` says what was
/// saved), or the store's refusals added at their fields.
fn saved(
    outcome: Result<GiftDeclaration, StoreError>,
    done: &str,
    errors: &mut FormErrors,
) -> Result<Option<axum::response::Response>, WebError> {
    match outcome {
        Ok(d) => Ok(Some(
            Redirect::to(&format!("{HOME}?year={}&done={done}", d.fiscal_year.be()))
                .into_response(),
        )),
        Err(StoreError::Invalid(fields)) => {
            for e in fields {
                errors.add(e.field, e.message);
            }
            Ok(None)
        }
        Err(other) => Err(other.into()),
    }
}

/// The store's refusals as one sentence (for a one-field form).
fn messages(fields: Vec<sujarit_core::validation::FieldError>) -> String {
    fields
        .into_iter()
        .map(|f| f.message)
        .collect::<Vec<_>>()
        .join(" ")
}

fn render(status: StatusCode, page: impl Template) -> Reply {
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize)]
pub struct PageQuery {
    year: Option<String>,
    done: Option<String>,
}

pub async fn page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Reply {
    staff.require(Permission::DeclareGifts)?;
    let today = config.clock.today();
    let query = query.ok().map(|Query(q)| q);
    let year = asked_year(query.as_ref().and_then(|q| q.year.as_deref()), today)
        .map_err(WebError::BadRequest)?;
    let notice = match query.as_ref().and_then(|q| q.done.as_deref()) {
        Some("declared") => Some("บันทึกการแจ้งแล้ว ผู้บังคับบัญชาจะพิจารณาต่อไป"),
        Some("nil") => Some("บันทึกการแจ้งว่าไม่มีการรับของขวัญในรอบนี้แล้ว"),
        Some("decided") => Some("บันทึกการพิจารณาแล้ว"),
        Some("settings") => Some("บันทึกมูลค่าที่รับได้แล้ว"),
        _ => None,
    };
    let page = gifts_page(&store, &staff, year, today, |p| {
        p.notice = notice.map(str::to_owned)
    })
    .await?;
    render(StatusCode::OK, page)
}

/// Reads the form into core's input; messages for what cannot be read.
fn read_form(form: &DeclarationForm, errors: &mut FormErrors) -> Option<GiftInput> {
    let value = parse_value(&form.value)
        .map_err(|m| errors.add("value", m))
        .ok();
    let received_on = parse_thai_date(&form.received_on);
    if received_on.is_none() {
        errors.add("received_on", "วันที่ต้องเป็น วว/ดด/ปปปป (พ.ศ.) เช่น 15/01/2569");
    }
    let kind = GiftKind::parse(&form.kind);
    if kind.is_none() {
        errors.add("kind", "โปรดเลือกประเภท");
    }
    let decision = GiftDecision::parse(&form.decision);
    if decision.is_none() {
        errors.add("decision", "โปรดเลือกการดำเนินการ");
    }
    Some(GiftInput {
        giver: form.giver.clone(),
        pending_work: !form.pending_work.is_empty(),
        pending_note: form.pending_note.clone(),
        description: form.description.clone(),
        kind: kind?,
        value: value?,
        received_on: received_on?,
        occasion: form.occasion.clone(),
        decision: decision?,
    })
}

pub async fn declare(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    form: Result<Form<DeclarationForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::DeclareGifts)?;
    let Form(form) = form.map_err(bad_form)?;
    let today = config.clock.today();
    let org = &staff.organization.id;
    let mut errors = FormErrors::default();
    let input = read_form(&form, &mut errors);
    if let Some(input) = input.filter(|_| errors.is_empty()) {
        // Core's checks as well, so every message shows at once.
        let permitted = store.gift_permitted_value(org).await?;
        for e in input.validate(permitted, today) {
            errors.add(e.field, e.message);
        }
        if errors.is_empty() {
            let outcome = store
                .declare_gift(org, &staff.actor.user_id, &input, today)
                .await;
            if let Some(done) = saved(outcome, "declared", &mut errors)? {
                return Ok(done);
            }
        }
    } else if errors.is_empty() {
        errors.add("form", "อ่านแบบฟอร์มไม่ได้");
    }
    let year = FiscalYear::of(today);
    let page = gifts_page(&store, &staff, year, today, |p| {
        p.form = form;
        p.errors = errors;
    })
    .await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, page)
}

#[derive(Deserialize)]
pub struct NilForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    round: String,
}

pub async fn nil_return(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    form: Result<Form<NilForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::DeclareGifts)?;
    let Form(form) = form.map_err(bad_form)?;
    let today = config.clock.today();
    let year = asked_year(Some(&form.year), today).map_err(WebError::BadRequest)?;
    let round = form
        .round
        .parse::<u8>()
        .ok()
        .and_then(Round::from_number)
        .ok_or_else(|| WebError::BadRequest("รอบต้องเป็น 1 หรือ 2".into()))?;
    let outcome = store
        .declare_nil_return(&staff.organization.id, &staff.actor.user_id, year, round)
        .await;
    let message = match outcome {
        Ok(_) => {
            return Ok(Redirect::to(&format!("{HOME}?year={}&done=nil", year.be())).into_response());
        }
        Err(StoreError::Invalid(fields)) => messages(fields),
        Err(other) => return Err(other.into()),
    };
    let page = gifts_page(&store, &staff, year, today, |p| p.nil_error = Some(message)).await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, page)
}

#[derive(Deserialize)]
pub struct SettingForm {
    #[serde(default)]
    permitted_value: String,
}

pub async fn settings(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    form: Result<Form<SettingForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageUsers)?;
    let Form(form) = form.map_err(bad_form)?;
    let today = config.clock.today();
    let outcome = match parse_value(&form.permitted_value) {
        Ok(value) => match store
            .set_gift_permitted_value(&staff.organization.id, value, &staff.actor.user_id)
            .await
        {
            Ok(()) => return Ok(Redirect::to(&format!("{HOME}?done=settings")).into_response()),
            Err(StoreError::Invalid(fields)) => messages(fields),
            Err(other) => return Err(other.into()),
        },
        Err(message) => message,
    };
    let page = gifts_page(&store, &staff, FiscalYear::of(today), today, |p| {
        p.setting_value = form.permitted_value.clone();
        p.setting_error = Some(outcome);
    })
    .await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, page)
}

#[derive(Template)]
#[template(path = "integrity/gifts/declaration.html")]
pub struct DeclarationPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub action: String,
    pub declarant: String,
    pub declared_at: String,
    pub received_on: String,
    pub giver: String,
    pub pending_work: bool,
    pub pending_note: String,
    pub description: String,
    pub kind: &'static str,
    pub value: String,
    pub permitted: String,
    pub over_limit: bool,
    pub occasion: String,
    pub declared: &'static str,
    pub review: Option<(String, String, String, String)>,
    pub may_decide: bool,
    pub verdicts: Vec<SelectOption>,
    pub note: String,
    pub errors: FormErrors,
}

/// The declaration if the staff member may see it (else a 404, as an
/// unknown id), with whether they may decide on it.
async fn visible(
    store: &AppState,
    staff: &CurrentStaff,
    id: &str,
) -> Result<(GiftDeclaration, bool), WebError> {
    staff.require(Permission::DeclareGifts)?;
    let not_found = || WebError::NotFound("ไม่พบการแจ้งรับของขวัญนี้".into());
    let d = store
        .gift_declaration(&staff.organization.id, id)
        .await?
        .ok_or_else(not_found)?;
    let head_of = headed_unit(store, staff).await?;
    let heads = head_of.is_some() && d.unit_id == head_of;
    let decide = may_decide(&d, staff, head_of.as_deref());
    let sees = d.declarant == staff.actor.user_id
        || heads
        || staff.actor.has(Permission::ReadGiftRegister);
    if !sees {
        return Err(not_found());
    }
    Ok((d, decide))
}

fn declaration_page(
    staff: &CurrentStaff,
    d: &GiftDeclaration,
    may_decide: bool,
    edit: impl FnOnce(&mut DeclarationPage),
) -> DeclarationPage {
    let title = format!("การแจ้งรับของขวัญ วันที่ {}", thai_date(d.input.received_on));
    let mut page = DeclarationPage {
        layout: staff_layout(&title, vec![Crumb::link("การรับของขวัญ", HOME)]),
        bar: StaffBar::new(staff),
        action: format!("{HOME}/{}/decision", d.id),
        declarant: d.declarant_name.clone(),
        declared_at: datetime_text(d.declared_at),
        received_on: thai_date(d.input.received_on),
        giver: d.input.giver.clone(),
        pending_work: d.input.pending_work,
        pending_note: d.input.pending_note.clone(),
        description: d.input.description.clone(),
        kind: d.input.kind.thai(),
        value: d.input.value.with_two_decimals(),
        permitted: d.permitted_value.to_string(),
        over_limit: d.over_limit(),
        occasion: d.input.occasion.clone(),
        declared: d.input.decision.thai(),
        review: d.review.as_ref().map(|r| {
            (
                r.verdict.thai().to_string(),
                r.note.clone(),
                r.by_name.clone(),
                datetime_text(r.at),
            )
        }),
        may_decide: may_decide && d.review.is_none(),
        verdicts: options(&Verdict::ALL, Verdict::code, Verdict::thai, "agree"),
        note: String::new(),
        errors: FormErrors::default(),
    };
    edit(&mut page);
    page
}

pub async fn show(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
) -> Reply {
    let (d, decide) = visible(&store, &staff, &id).await?;
    render(StatusCode::OK, declaration_page(&staff, &d, decide, |_| {}))
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    note: String,
}

pub async fn decide(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
    form: Result<Form<DecisionForm>, FormRejection>,
) -> Reply {
    let (d, decide) = visible(&store, &staff, &id).await?;
    if !decide {
        return Err(WebError::Forbidden(
            "ผู้พิจารณาคือหัวหน้าหน่วยงานของผู้แจ้งหรือผู้บริหาร และพิจารณาการแจ้งของตนเองไม่ได้".into(),
        ));
    }
    if d.review.is_some() {
        return Err(WebError::Conflict("รายการนี้มีผู้พิจารณาแล้ว".into()));
    }
    let Form(form) = form.map_err(bad_form)?;
    let mut errors = FormErrors::default();
    match Verdict::parse(&form.verdict) {
        None => errors.add("verdict", "โปรดเลือกผลการพิจารณา"),
        Some(verdict) => {
            let review = GiftReview {
                verdict,
                note: form.note.clone(),
            };
            let outcome = store
                .decide_gift(&staff.organization.id, &id, &review, &staff.actor.user_id)
                .await;
            if let Some(done) = saved(outcome, "decided", &mut errors)? {
                return Ok(done);
            }
        }
    }
    let page = declaration_page(&staff, &d, decide, |p| {
        p.note = form.note.clone();
        p.verdicts = options(&Verdict::ALL, Verdict::code, Verdict::thai, &form.verdict);
        p.errors = errors;
    });
    render(StatusCode::UNPROCESSABLE_ENTITY, page)
}
