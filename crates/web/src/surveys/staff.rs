//! The back office of surveys: a year's list with the new-survey form, one
//! survey with its settings and question builder, its results, and every
//! answer as CSV.
//!
//! Each handler asks the role first (403 before anything is read from the
//! form), then reads the form into core's types (`form.rs`); what cannot be
//! read or what core refuses re-renders the page with the messages at their
//! fields (400) and saves nothing. The store's refusals (questions of a
//! survey that has answers) are worded by `sujarit_service::wording` (409).

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect};
use serde::Deserialize;
use sujarit_core::FiscalYear;
use sujarit_core::account::Permission;
use sujarit_core::activity::Activity;
use sujarit_core::refusal::Refusal;
use sujarit_core::survey::{Phase, Survey, SurveyInput, Template as SurveyTemplate};
use sujarit_service::wording;
use sujarit_store::StoreError;

use super::form::{
    Context, QuestionForm, SettingsForm, add_core_errors, blank_questions, date_range, fields_of,
    next_question_id, read_question, read_settings,
};
use super::view::results::{StaffResultsPage, change_view, results_view};
use super::view::staff::{ListInput, Posted, SurveyInput as PageInput, list_page, survey_page};
use super::{
    Access, REFUSE_CREATE, REFUSE_ITEM, REFUSE_OPEN, may_create, may_edit_item, may_open,
    not_found, public_url, staff_survey, staff_url, status_text, survey_to_edit,
};
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::state::Resources;
use crate::ui::{Crumb, FormErrors, Reply, StaffBar, bad_form, public_base_url, staff_layout};

fn html(status: StatusCode, page: impl Template) -> Reply {
    Ok((status, Html(page.render()?)).into_response())
}

fn bad_year() -> WebError {
    WebError::BadRequest("ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569".into())
}

// ---------------------------------------------------------------------------
// The list and the new-survey form

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

pub async fn list(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Reply {
    if !may_open(&staff.actor) {
        return Err(WebError::Forbidden(REFUSE_OPEN.into()));
    }
    let Query(query) = query.map_err(|_| bad_year())?;
    let today = config.clock.today();
    let year = match query
        .year
        .as_deref()
        .map(str::trim)
        .filter(|y| !y.is_empty())
    {
        None => FiscalYear::of(today).be(),
        Some(text) => crate::format::parse_fiscal_year(text).ok_or_else(bad_year)?,
    };
    let form = SettingsForm::new_in(year, today);
    list_reply(
        &store,
        &staff,
        &config,
        year,
        form,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// The activities a staff member may tie a survey to in `year`: all for
/// the coordinator, their unit's items' for a unit officer.
async fn activities_for(
    store: &AppState,
    staff: &CurrentStaff,
    year: u16,
) -> Result<Vec<Activity>, WebError> {
    let org = &staff.organization.id;
    let mut activities = store.activities(org, year, None).await?;
    if !staff.actor.has(Permission::Review) {
        let items = match &staff.actor.unit_id {
            Some(unit) => store.items_of_unit(org, unit).await?,
            None => Vec::new(),
        };
        activities.retain(|a| items.contains(&a.input.item));
    }
    Ok(activities)
}

async fn list_reply(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
    year: u16,
    form: SettingsForm,
    errors: FormErrors,
    status: StatusCode,
) -> Reply {
    let org = &staff.organization.id;
    let today = config.clock.today();
    let mut surveys = store.surveys(org, Some(year)).await?;
    // A unit officer without the whole plan sees their unit's surveys.
    let unit_only =
        !staff.actor.has(Permission::Review) && !staff.actor.has(Permission::ReadEverything);
    if unit_only {
        let items = match &staff.actor.unit_id {
            Some(unit) => store.items_of_unit(org, unit).await?,
            None => Vec::new(),
        };
        surveys.retain(|s| s.input.item.is_some_and(|i| items.contains(&i)));
    }
    let can_create = may_create(&staff.actor);
    let activities = if can_create {
        activities_for(store, staff, form.year().unwrap_or(year)).await?
    } else {
        Vec::new()
    };
    html(
        status,
        list_page(ListInput {
            bar: StaffBar::new(staff),
            slug: &staff.organization.slug,
            year,
            this_year: FiscalYear::of(today).be(),
            surveys: &surveys,
            today,
            unit_only,
            can_create,
            form,
            activities: &activities,
            errors,
        }),
    )
}

/// A unit officer's survey must sit on an item their unit owns: a missing
/// item is a message at the field, another unit's item a 403.
async fn check_item_of_officer(
    store: &AppState,
    staff: &CurrentStaff,
    input: &SurveyInput,
    errors: &mut FormErrors,
) -> Result<(), WebError> {
    if staff.actor.has(Permission::Review) {
        return Ok(());
    }
    let Some(item) = input.item else {
        if errors.get("item").is_none() {
            errors.add(
                "item",
                "โปรดระบุรายการในแผนที่หน่วยงานของคุณรับผิดชอบ เช่น 1.1 (เจ้าหน้าที่หน่วยงานสร้างแบบสำรวจได้เฉพาะรายการของหน่วยงาน)",
            );
        }
        return Ok(());
    };
    if may_edit_item(store, staff, Some(item)).await? {
        Ok(())
    } else {
        Err(WebError::Forbidden(REFUSE_ITEM.into()))
    }
}

pub async fn create(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    form: Result<Form<SettingsForm>, FormRejection>,
) -> Reply {
    if !may_create(&staff.actor) {
        return Err(WebError::Forbidden(REFUSE_CREATE.into()));
    }
    let Form(form) = form.map_err(bad_form)?;
    let org = &staff.organization.id;
    let today = config.clock.today();
    let this_year = FiscalYear::of(today).be();
    let mut errors = FormErrors::default();
    let template = match form.template.trim() {
        "" | "blank" => None,
        code => {
            let found = SurveyTemplate::find(code);
            if found.is_none() {
                errors.add("template", "โปรดเลือกแม่แบบจากรายการ หรือเริ่มจากแบบว่าง");
            }
            found
        }
    };
    let year = form.year().unwrap_or(this_year);
    let plan = store.current_plan(org).await?.map(|(_, r)| r.plan);
    let activities = activities_for(&store, &staff, year).await?;
    let mut input = read_settings(
        &form,
        template.map(|t| t.kind),
        &Context {
            plan: plan.as_ref(),
            activities: &activities,
            fallback_year: this_year,
            default_pass_mark: template.and_then(|t| t.pass_mark),
        },
        &mut errors,
    );
    if let (true, Some(t)) = (input.title.is_empty(), template) {
        input.title = t.title.to_string();
    }
    input.questions = match template {
        Some(t) => t.questions(),
        None => blank_questions(input.kind),
    };
    check_item_of_officer(&store, &staff, &input, &mut errors).await?;
    let unreadable = fields_of(&errors);
    add_core_errors(&input, &mut errors, &unreadable);
    if errors.is_empty() {
        match store.create_survey(org, &input, &staff.actor.user_id).await {
            Ok(survey) => {
                let to = format!("{}?done=created", staff_url(&survey.id));
                return Ok(Redirect::to(&to).into_response());
            }
            Err(StoreError::Invalid(refused)) => {
                for e in refused {
                    errors.add(e.field, e.message);
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    list_reply(
        &store,
        &staff,
        &config,
        year,
        form,
        errors,
        StatusCode::BAD_REQUEST,
    )
    .await
}

// ---------------------------------------------------------------------------
// One survey: settings and the question builder

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

fn done_notice(done: Option<&str>) -> Option<String> {
    Some(
        match done? {
            "created" => "สร้างแบบสำรวจแล้ว แก้ไขคำถามด้านล่างได้ก่อนเผยแพร่ลิงก์ให้ผู้ตอบ",
            "settings" => "บันทึกการตั้งค่าแล้ว",
            "question" => "บันทึกคำถามแล้ว",
            "added" => "เพิ่มคำถามแล้ว",
            "removed" => "ลบคำถามแล้ว",
            "moved" => "ย้ายลำดับคำถามแล้ว",
            _ => return None,
        }
        .to_string(),
    )
}

pub async fn page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(id): Path<String>,
    query: Result<Query<DoneQuery>, QueryRejection>,
) -> Reply {
    let (survey, access) = staff_survey(&store, &staff, &id).await?;
    let ctx = Ctx::new(&store, &staff, &config);
    let notice = query
        .ok()
        .and_then(|Query(q)| done_notice(q.done.as_deref()));
    survey_reply(
        &ctx,
        &survey,
        access == Access::Edit,
        Posted::Nothing,
        notice,
        StatusCode::OK,
    )
    .await
}

/// What every page of one survey is rendered with.
struct Ctx<'a> {
    store: &'a AppState,
    staff: &'a CurrentStaff,
    config: &'a Resources,
    /// "https://host" as the staff member reached Sujarit.
    site: String,
}

impl<'a> Ctx<'a> {
    fn new(store: &'a AppState, staff: &'a CurrentStaff, config: &'a Resources) -> Ctx<'a> {
        Ctx {
            store,
            staff,
            config,
            site: public_base_url(store),
        }
    }
}

async fn survey_reply(
    ctx: &Ctx<'_>,
    survey: &Survey,
    can_edit: bool,
    posted: Posted,
    notice: Option<String>,
    status: StatusCode,
) -> Reply {
    let Ctx {
        store,
        staff,
        config,
        site,
    } = ctx;
    let year = match &posted {
        Posted::Settings(form, _) => form.year().unwrap_or(survey.input.fiscal_year),
        _ => survey.input.fiscal_year,
    };
    let activities = if can_edit {
        activities_for(store, staff, year).await?
    } else {
        Vec::new()
    };
    html(
        status,
        survey_page(PageInput {
            bar: StaffBar::new(staff),
            slug: &staff.organization.slug,
            site: site.clone(),
            survey,
            today: config.clock.today(),
            can_edit,
            activities: &activities,
            posted,
            notice,
        }),
    )
}

/// Saves a changed survey and returns to its page; a refusal re-renders the
/// page with the store's words where `posted` puts them.
async fn save(
    ctx: &Ctx<'_>,
    survey: &Survey,
    input: &SurveyInput,
    posted: impl FnOnce(String) -> Posted,
    done: &str,
    anchor: &str,
) -> Reply {
    let staff = ctx.staff;
    match ctx
        .store
        .update_survey(
            &staff.organization.id,
            &survey.id,
            input,
            &staff.actor.user_id,
        )
        .await
    {
        Ok(_) => {
            let to = format!("{}?done={done}#{anchor}", staff_url(&survey.id));
            Ok(Redirect::to(&to).into_response())
        }
        Err(StoreError::NotFound(_)) => Err(not_found()),
        Err(
            refusal @ (StoreError::NotAllowed(_)
            | StoreError::Invalid(_)
            | StoreError::Stale { .. }
            | StoreError::Conflict(_)),
        ) => {
            let status = match refusal {
                StoreError::Invalid(_) => StatusCode::BAD_REQUEST,
                _ => StatusCode::CONFLICT,
            };
            let message = wording::refusal(&refusal);
            survey_reply(ctx, survey, true, posted(message), None, status).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn settings(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(id): Path<String>,
    form: Result<Form<SettingsForm>, FormRejection>,
) -> Reply {
    let survey = survey_to_edit(&store, &staff, &id).await?;
    let ctx = Ctx::new(&store, &staff, &config);
    let Form(form) = form.map_err(bad_form)?;
    let org = &staff.organization.id;
    let mut errors = FormErrors::default();
    let year = form.year().unwrap_or(survey.input.fiscal_year);
    let plan = store.current_plan(org).await?.map(|(_, r)| r.plan);
    let activities = activities_for(&store, &staff, year).await?;
    let mut input = read_settings(
        &form,
        None,
        &Context {
            plan: plan.as_ref(),
            activities: &activities,
            fallback_year: survey.input.fiscal_year,
            default_pass_mark: survey.input.pass_mark,
        },
        &mut errors,
    );
    input.questions = survey.input.questions.clone();
    check_item_of_officer(&store, &staff, &input, &mut errors).await?;
    let unreadable = fields_of(&errors);
    add_core_errors(&input, &mut errors, &unreadable);
    if !errors.is_empty() {
        return survey_reply(
            &ctx,
            &survey,
            true,
            Posted::Settings(form, errors),
            None,
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    let typed = form.clone();
    save(
        &ctx,
        &survey,
        &input,
        move |message| {
            let mut errors = FormErrors::default();
            errors.add("form", message);
            Posted::Settings(typed, errors)
        },
        "settings",
        "settings",
    )
    .await
}

/// The store's refusal of a change to the questions of a survey that has
/// answers, in its own words, without trying the change.
fn locked(survey: &Survey) -> Option<String> {
    (survey.responses > 0)
        .then(|| wording::refusal(&StoreError::NotAllowed(Refusal::SurveyHasAnswers)))
}

/// Core's checks of the changed questions, as messages of the question posted.
fn question_errors(input: &SurveyInput, messages: &mut Vec<String>) {
    for e in input.validate() {
        if !messages.contains(&e.message) {
            messages.push(e.message);
        }
    }
}

fn position(survey: &Survey, question: &str) -> Result<usize, WebError> {
    survey
        .input
        .questions
        .iter()
        .position(|q| q.id == question)
        .ok_or_else(|| WebError::NotFound("ไม่พบคำถามนี้ในแบบสำรวจ อาจถูกลบไปแล้ว".into()))
}

pub async fn edit_question(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path((id, question)): Path<(String, String)>,
    form: Result<Form<QuestionForm>, FormRejection>,
) -> Reply {
    let survey = survey_to_edit(&store, &staff, &id).await?;
    let ctx = Ctx::new(&store, &staff, &config);
    let Form(form) = form.map_err(bad_form)?;
    let index = position(&survey, &question)?;
    let posted = |messages| Posted::Question(question.clone(), form.clone(), messages);
    if let Some(message) = locked(&survey) {
        return survey_reply(
            &ctx,
            &survey,
            true,
            posted(vec![message]),
            None,
            StatusCode::CONFLICT,
        )
        .await;
    }
    let mut messages = Vec::new();
    let mut input = survey.input.clone();
    input.questions[index] = read_question(&form, &question, &mut messages);
    question_errors(&input, &mut messages);
    if !messages.is_empty() {
        return survey_reply(
            &ctx,
            &survey,
            true,
            posted(messages),
            None,
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    save(
        &ctx,
        &survey,
        &input,
        |message| posted(vec![message]),
        "question",
        &question,
    )
    .await
}

pub async fn add_question(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(id): Path<String>,
    form: Result<Form<QuestionForm>, FormRejection>,
) -> Reply {
    let survey = survey_to_edit(&store, &staff, &id).await?;
    let ctx = Ctx::new(&store, &staff, &config);
    let Form(form) = form.map_err(bad_form)?;
    let posted = |messages| Posted::Question("new".into(), form.clone(), messages);
    if let Some(message) = locked(&survey) {
        return survey_reply(
            &ctx,
            &survey,
            true,
            posted(vec![message]),
            None,
            StatusCode::CONFLICT,
        )
        .await;
    }
    let mut messages = Vec::new();
    let mut input = survey.input.clone();
    let new_id = next_question_id(&input.questions);
    input
        .questions
        .push(read_question(&form, &new_id, &mut messages));
    question_errors(&input, &mut messages);
    if !messages.is_empty() {
        return survey_reply(
            &ctx,
            &survey,
            true,
            posted(messages),
            None,
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    save(
        &ctx,
        &survey,
        &input,
        |message| posted(vec![message]),
        "added",
        &new_id,
    )
    .await
}

/// A change of the question list as a whole (remove, move): refused with
/// the store's or core's words at the top of the page.
async fn change_list(
    ctx: &Ctx<'_>,
    survey: &Survey,
    input: SurveyInput,
    done: &str,
    anchor: &str,
) -> Reply {
    if let Some(message) = locked(survey) {
        return survey_reply(
            ctx,
            survey,
            true,
            Posted::Refused(message),
            None,
            StatusCode::CONFLICT,
        )
        .await;
    }
    let problems: Vec<String> = input.validate().into_iter().map(|e| e.message).collect();
    if !problems.is_empty() {
        return survey_reply(
            ctx,
            survey,
            true,
            Posted::Refused(problems.join(" ")),
            None,
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    save(ctx, survey, &input, Posted::Refused, done, anchor).await
}

pub async fn remove_question(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path((id, question)): Path<(String, String)>,
) -> Reply {
    let survey = survey_to_edit(&store, &staff, &id).await?;
    let ctx = Ctx::new(&store, &staff, &config);
    let index = position(&survey, &question)?;
    let mut input = survey.input.clone();
    input.questions.remove(index);
    change_list(&ctx, &survey, input, "removed", "questions").await
}

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    direction: String,
}

pub async fn move_question(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path((id, question)): Path<(String, String)>,
    form: Result<Form<MoveForm>, FormRejection>,
) -> Reply {
    let survey = survey_to_edit(&store, &staff, &id).await?;
    let ctx = Ctx::new(&store, &staff, &config);
    let Form(form) = form.map_err(bad_form)?;
    let index = position(&survey, &question)?;
    let to = match form.direction.as_str() {
        "up" => index.checked_sub(1),
        "down" => Some(index + 1).filter(|i| *i < survey.input.questions.len()),
        _ => {
            return Err(WebError::BadRequest(
                "ทิศทางการย้ายไม่ถูกต้อง ใช้ปุ่มเลื่อนขึ้นหรือเลื่อนลง".into(),
            ));
        }
    };
    let Some(to) = to else {
        // Already first (or last): nothing to move.
        let back = format!("{}#{question}", staff_url(&survey.id));
        return Ok(Redirect::to(&back).into_response());
    };
    let mut input = survey.input.clone();
    input.questions.swap(index, to);
    change_list(&ctx, &survey, input, "moved", &question).await
}

// ---------------------------------------------------------------------------
// Results and answers

pub async fn results(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(id): Path<String>,
) -> Reply {
    let (survey, _) = staff_survey(&store, &staff, &id).await?;
    let org = &staff.organization.id;
    let s = &survey.input;
    let tallies = store.survey_tallies(org, &survey.id).await?;
    let results = tallies.results(s);
    let (change, missing_pre) = match (&s.activity, s.phase) {
        (Some(activity), Phase::Post) => {
            let pre = sujarit_service::activities::pre_test(&*store, org, activity, s.fiscal_year)
                .await?;
            match pre {
                Some(pre) => {
                    let pre_results = store
                        .survey_tallies(org, &pre.id)
                        .await?
                        .results(&pre.input);
                    (
                        Some(change_view(
                            &pre.input.title,
                            format!("{}/results", staff_url(&pre.id)),
                            &pre_results,
                            &results,
                        )),
                        false,
                    )
                }
                None => (None, true),
            }
        }
        _ => (None, false),
    };
    let base = staff_url(&survey.id);
    html(
        StatusCode::OK,
        StaffResultsPage {
            layout: staff_layout(
                "ผลแบบสำรวจ",
                vec![
                    Crumb::link(
                        "แบบสำรวจและแบบทดสอบ",
                        format!("/staff/surveys?year={}", s.fiscal_year),
                    ),
                    Crumb::link(s.title.clone(), base.clone()),
                ],
            ),
            bar: StaffBar::new(&staff),
            title: s.title.clone(),
            kind: s.kind.thai(),
            item: s.item.map(|i| i.to_string()).unwrap_or_else(|| "-".into()),
            dates: date_range(s.opens, s.closes),
            status: status_text(&survey, config.clock.today()),
            survey_href: base.clone(),
            public_results_href: format!(
                "{}/results",
                public_url(&staff.organization.slug, &survey.id)
            ),
            answers_csv_href: format!("{base}/answers.csv"),
            min_public: s.min_public,
            withheld_publicly: !s.results_public(tallies.responses),
            results: results_view(s.kind, &results, true),
            change,
            missing_pre,
        },
    )
}

pub async fn answers_csv(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
) -> Reply {
    let (survey, _) = staff_survey(&store, &staff, &id).await?;
    let answers = store
        .survey_answers(&staff.organization.id, &survey.id)
        .await?;
    let text = super::csv::answers_csv(&survey.input, &answers);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"survey-{}-answers.csv\"", survey.id),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        text,
    )
        .into_response())
}
