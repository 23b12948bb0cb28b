//! Surveys in JSON, without an account: the surveys open today, one survey's
//! questions (never a test's correct answers), answering one (as the web
//! form does: checked, one answer per respondent token, a per-address
//! limit, acknowledged once durable) and its results (withheld below the
//! survey's minimum number of answers).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{Extensions, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sujarit_core::survey::{QuestionKind, Survey, SurveyKind};
use sujarit_service::activities::AnswerRefused;
use sujarit_service::wording;
use sujarit_store::{Organization, StoreError};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::json::{ApiError, ErrorBody};
use crate::limits::peer;
use crate::state::{Participation, Resources};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open_surveys))
        .routes(routes!(survey))
        .routes(routes!(answer))
        .routes(routes!(results))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SurveySummary {
    pub id: String,
    pub title: String,
    /// satisfaction or test.
    pub kind: SurveyKind,
    /// The plan item it measures, e.g. "2.14"; null when none.
    pub item: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SurveyQuestion {
    /// Stable within the survey: the key of its answer ("q1", "q2", …).
    pub id: String,
    /// scale5 (answer 1–5), choice (an option's index from 0, or its text),
    /// multiple (an array of those), number or text.
    pub kind: QuestionKind,
    pub text: String,
    pub required: bool,
    /// The options of a choice or multiple question, in order.
    pub options: Vec<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SurveyDocument {
    pub id: String,
    pub title: String,
    pub kind: SurveyKind,
    pub item: Option<String>,
    /// First day answers are taken (ISO 8601 date, Thailand).
    pub opens: String,
    /// Last day answers are taken (ISO 8601 date, Thailand).
    pub closes: String,
    /// Whether it takes answers today.
    pub open: bool,
    pub questions: Vec<SurveyQuestion>,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ResponseInput {
    /// Answers by question id, e.g. {"q1": 5, "q2": 0, "q3": [0, 2], "q4": "ข้อความ"}.
    #[schema(value_type = Object)]
    pub answers: BTreeMap<String, serde_json::Value>,
    /// An opaque token of the respondent's device: a second answer with the
    /// same token is refused (409). Kept only as a hash.
    pub respondent: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Stored {
    /// True: the answer is on disk.
    pub stored: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AnswerMessage {
    /// The question's id.
    pub question: String,
    /// Why its answer is refused, in Thai ("ข้อ 1: …").
    pub message: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AnswerErrors {
    /// What went wrong, in Thai.
    pub error: String,
    /// Each refused answer at its question; absent when the request itself
    /// is refused (unreadable JSON, a respondent name too long: then
    /// `fields` may say which field, as in every other error).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<AnswerMessage>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Count {
    pub label: String,
    pub count: u64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QuestionResults {
    pub id: String,
    pub text: String,
    pub kind: QuestionKind,
    /// Answers to this question; null while withheld.
    pub answered: Option<u64>,
    /// Mean of a scale or number question; null while withheld.
    pub mean: Option<f64>,
    /// Count per option (a scale from 5 down to 1); null while withheld,
    /// empty for number and text questions.
    pub distribution: Option<Vec<Count>>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SurveyResults {
    pub id: String,
    pub title: String,
    pub kind: SurveyKind,
    pub responses: u64,
    /// Results are published from this many answers on.
    pub min_public: u32,
    /// True while the survey has fewer answers than `min_public`: every
    /// figure but `responses` is null.
    pub withheld: bool,
    /// Share of scale answers that are 4 or 5 (มาก/มากที่สุด), in percent.
    pub satisfied_share: Option<f64>,
    /// Share of respondents who passed a test, in percent.
    pub pass_share: Option<f64>,
    /// Mean of every scale answer (1–5).
    pub mean: Option<f64>,
    /// Mean score of a test, in percent of its scored questions.
    pub mean_score: Option<f64>,
    pub questions: Vec<QuestionResults>,
}

async fn organization(
    store: &dyn sujarit_store::Store,
    slug: &str,
) -> Result<Organization, ApiError> {
    store
        .organization_by_slug(slug)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("ไม่พบองค์กร \"{slug}\"")))
}

async fn survey_of(
    store: &dyn sujarit_store::Store,
    slug: &str,
    id: &str,
) -> Result<(Organization, Survey), ApiError> {
    let org = organization(store, slug).await?;
    let survey = store
        .survey(&org.id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("ไม่พบแบบสำรวจนี้"))?;
    Ok((org, survey))
}

fn item_of(survey: &Survey) -> Option<String> {
    survey.input.item.map(|i| i.to_string())
}

/// The surveys that take answers today.
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/surveys", tag = "surveys",
    params(("slug" = String, Path, description = "รหัสองค์กร")),
    responses((status = 200, body = Vec<SurveySummary>), (status = 404, body = ErrorBody)))]
async fn open_surveys(
    store: crate::replica::ReadStore,
    config: Resources,
    Path(slug): Path<String>,
) -> Result<Json<Vec<SurveySummary>>, ApiError> {
    let org = organization(&*store, &slug).await?;
    let today = config.clock.today();
    let surveys = store.surveys(&org.id, None).await?;
    Ok(Json(
        surveys
            .iter()
            .filter(|s| s.is_open(today))
            .map(|s| SurveySummary {
                id: s.id.clone(),
                title: s.input.title.clone(),
                kind: s.input.kind,
                item: item_of(s),
            })
            .collect(),
    ))
}

/// One survey and its questions (a test's correct answers are not shown).
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/surveys/{id}", tag = "surveys",
    params(("slug" = String, Path, description = "รหัสองค์กร"),
           ("id" = String, Path, description = "รหัสแบบสำรวจ")),
    responses((status = 200, body = SurveyDocument), (status = 404, body = ErrorBody)))]
async fn survey(
    store: crate::replica::ReadStore,
    config: Resources,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Json<SurveyDocument>, ApiError> {
    let (_, survey) = survey_of(&*store, &slug, &id).await?;
    let s = &survey.input;
    Ok(Json(SurveyDocument {
        id: survey.id.clone(),
        title: s.title.clone(),
        kind: s.kind,
        item: item_of(&survey),
        opens: s.opens.to_string(),
        closes: s.closes.to_string(),
        open: survey.is_open(config.clock.today()),
        questions: s
            .questions
            .iter()
            .map(|q| SurveyQuestion {
                id: q.id.clone(),
                kind: q.kind,
                text: q.text.clone(),
                required: q.required,
                options: q.options.clone(),
            })
            .collect(),
    }))
}

/// Answers a survey. 201 only once the answer is stored durably.
#[utoipa::path(post, path = "/api/v1/organizations/{slug}/surveys/{id}/responses", tag = "surveys",
    params(("slug" = String, Path, description = "รหัสองค์กร"),
           ("id" = String, Path, description = "รหัสแบบสำรวจ")),
    request_body = ResponseInput,
    responses((status = 201, body = Stored),
              (status = 400, description = "คำตอบไม่ถูกต้อง แต่ละข้อพร้อมเหตุผล", body = AnswerErrors),
              (status = 404, body = ErrorBody),
              (status = 409, description = "ตอบแล้วจากอุปกรณ์นี้ หรือแบบสำรวจไม่เปิดรับคำตอบ", body = ErrorBody),
              (status = 429, body = ErrorBody),
              (status = 413, description = "ข้อมูลที่ส่งมาเกินขนาดสูงสุด", body = ErrorBody)))]
async fn answer(
    State(store): State<AppState>,
    config: Resources,
    participation: Participation,
    extensions: Extensions,
    Path((slug, id)): Path<(String, String)>,
    body: Result<Json<ResponseInput>, JsonRejection>,
) -> Result<Response, ApiError> {
    if !participation.limits.answers.allow(peer(&extensions)) {
        return Err(ApiError::with_status(
            StatusCode::TOO_MANY_REQUESTS,
            "มีการส่งคำตอบจากที่อยู่นี้มากเกินไป โปรดรอสักครู่แล้วลองใหม่",
        ));
    }
    let (org, survey) = survey_of(&*store, &slug, &id).await?;
    let Json(input) = body.map_err(|e| ApiError::unreadable_json(&e))?;
    let respondent = input
        .respondent
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if respondent.is_some_and(|r| r.chars().count() > 200) {
        return Err(ApiError::invalid(vec![(
            "respondent",
            "respondent ต้องยาวไม่เกิน 200 ตัวอักษร".to_string(),
        )]));
    }
    let outcome = participation
        .answerer()
        .answer(
            &*store,
            &org.id,
            &survey.id,
            &input.answers,
            respondent,
            config.clock.today(),
        )
        .await;
    match outcome {
        Ok(()) => Ok((
            StatusCode::CREATED,
            [(header::CACHE_CONTROL, "no-store")],
            Json(Stored { stored: true }),
        )
            .into_response()),
        Err(AnswerRefused::Invalid(errors)) => {
            let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
            Ok((
                StatusCode::BAD_REQUEST,
                Json(AnswerErrors {
                    error: format!("คำตอบไม่ถูกต้อง: {}", messages.join("; ")),
                    errors: errors
                        .into_iter()
                        .map(|e| AnswerMessage {
                            question: e.question,
                            message: e.message,
                        })
                        .collect(),
                }),
            )
                .into_response())
        }
        Err(AnswerRefused::Store(e @ (StoreError::Conflict(_) | StoreError::NotAllowed(_)))) => {
            Err(ApiError::with_status(
                StatusCode::CONFLICT,
                wording::refusal(&e),
            ))
        }
        Err(AnswerRefused::Store(e @ StoreError::NotFound(_))) => {
            Err(ApiError::not_found(format!("ไม่พบ{}", wording::refusal(&e))))
        }
        Err(AnswerRefused::Store(e)) => Err(e.into()),
        Err(AnswerRefused::Failed) => Err(ApiError::from_web(crate::WebError::Internal(
            "storing a survey answer failed".into(),
        ))),
    }
}

/// A survey's results; every figure is withheld (null) while it has fewer
/// answers than its minimum.
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/surveys/{id}/results", tag = "surveys",
    params(("slug" = String, Path, description = "รหัสองค์กร"),
           ("id" = String, Path, description = "รหัสแบบสำรวจ")),
    responses((status = 200, body = SurveyResults), (status = 404, body = ErrorBody)))]
async fn results(
    store: crate::replica::ReadStore,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Json<SurveyResults>, ApiError> {
    let (org, survey) = survey_of(&*store, &slug, &id).await?;
    let s = &survey.input;
    let tallies = store.survey_tallies(&org.id, &survey.id).await?;
    let withheld = !s.results_public(tallies.responses);
    let results = tallies.results(s);
    let shown = |v: Option<f64>| if withheld { None } else { v };
    Ok(Json(SurveyResults {
        id: survey.id.clone(),
        title: s.title.clone(),
        kind: s.kind,
        responses: tallies.responses,
        min_public: s.min_public,
        withheld,
        satisfied_share: shown(results.satisfied_share),
        pass_share: shown(results.pass_share),
        mean: shown(results.mean),
        mean_score: shown(results.mean_score),
        questions: results
            .questions
            .into_iter()
            .map(|q| QuestionResults {
                id: q.id,
                text: q.text,
                kind: q.kind,
                answered: (!withheld).then_some(q.answered),
                mean: shown(q.mean),
                distribution: (!withheld).then(|| {
                    q.distribution
                        .into_iter()
                        .map(|(label, count)| Count { label, count })
                        .collect()
                }),
            })
            .collect(),
    }))
}
