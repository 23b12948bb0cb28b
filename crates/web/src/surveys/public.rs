//! What respondents see, without an account: the answer form and the
//! published results.
//!
//! One answer per device: the form's first visit sets an opaque random
//! `sujarit_device` cookie, whose value goes with the answer (the store
//! keeps only a hash per survey); a second answer from it is refused (409).
//! Each address may send only so many answers in a window
//! (`Participation.limits.answers`, 429). The form is never cached: it sets
//! the cookie and says whether the survey is open today.

use std::collections::BTreeMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::Value;
use sujarit_core::fiscal::thai_date;
use sujarit_core::survey::{AnswerError, Survey, SurveyKind, check_answers};
use sujarit_service::activities::AnswerRefused;
use sujarit_service::wording;
use sujarit_store::{Organization, StoreError};
use time::Date;

use super::form::date_range;
use super::view::public::{NoticePage, ScoreView, answer_page};
use super::view::results::{PublicResultsPage, results_view};
use super::{device_cookie, device_of, not_found, percent, public_url};
use crate::AppState;
use crate::error::WebError;
use crate::limits::peer;
use crate::state::{Participation, Resources};
use crate::ui::{Crumb, Layout, Reply, Urls, org_crumbs};

async fn organization(store: &AppState, slug: &str) -> Result<Organization, WebError> {
    store
        .organization_by_slug(slug)
        .await?
        .ok_or_else(|| WebError::NotFound("ไม่พบองค์กรที่ระบุ".into()))
}

async fn survey_of(
    store: &AppState,
    slug: &str,
    id: &str,
) -> Result<(Organization, Survey), WebError> {
    let org = organization(store, slug).await?;
    let survey = store.survey(&org.id, id).await?.ok_or_else(not_found)?;
    Ok((org, survey))
}

fn layout(org: &Organization, survey: &Survey, here: Option<&str>) -> Layout {
    let mut crumbs = org_crumbs(org, &Urls::new(&org.slug));
    let title = &survey.input.title;
    match here {
        None => crumbs.push(Crumb::here(title.clone())),
        Some(page) => {
            crumbs.push(Crumb::link(
                title.clone(),
                public_url(&org.slug, &survey.id),
            ));
            crumbs.push(Crumb::here(page));
        }
    }
    Layout::new(here.unwrap_or(title), crumbs)
}

/// A page that is never kept by a cache, with the device cookie when the
/// visitor has none yet.
fn private(status: StatusCode, page: impl Template, new_device: Option<&str>) -> Reply {
    let mut response: Response = (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Html(page.render()?),
    )
        .into_response();
    if let Some(token) = new_device {
        response
            .headers_mut()
            .append(header::SET_COOKIE, device_cookie(token));
    }
    Ok(response)
}

/// The page of a survey that takes no answers today.
fn closed_page(org: &Organization, survey: &Survey, today: Date) -> NoticePage {
    let s = &survey.input;
    let (heading, message) = if today < s.opens {
        (
            "แบบสำรวจนี้ยังไม่เปิดรับคำตอบ".to_string(),
            format!(
                "เปิดรับคำตอบตั้งแต่วันที่ {} ถึงวันที่ {} โปรดกลับมาตอบอีกครั้งเมื่อถึงกำหนด",
                thai_date(s.opens),
                thai_date(s.closes)
            ),
        )
    } else {
        (
            "แบบสำรวจนี้ปิดรับคำตอบแล้ว".to_string(),
            format!("รับคำตอบถึงวันที่ {} ขอบคุณที่สนใจ", thai_date(s.closes)),
        )
    };
    notice(org, survey, heading, message, None)
}

fn notice(
    org: &Organization,
    survey: &Survey,
    heading: String,
    message: String,
    score: Option<ScoreView>,
) -> NoticePage {
    NoticePage {
        layout: layout(org, survey, None),
        organization: org.name.clone(),
        title: survey.input.title.clone(),
        heading,
        message,
        score,
        results_href: Some(format!("{}/results", public_url(&org.slug, &survey.id))),
    }
}

/// A test's score travels from the answer to the thank-you page in a
/// short-lived cookie scoped to the survey's page (not in the URL, so a
/// link cannot show someone a score they did not get).
const SCORE_COOKIE: &str = "sujarit_score";

fn score_cookie(path: &str, score: u32, of: u32, passed: bool) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{SCORE_COOKIE}={score}.{of}.{}; Path={path}; HttpOnly; SameSite=Lax; Max-Age=600",
        u8::from(passed)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn score_of(headers: &HeaderMap, survey: &Survey) -> Option<ScoreView> {
    if survey.input.kind != SurveyKind::Test {
        return None;
    }
    let value = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == SCORE_COOKIE)
        .map(|(_, v)| v.trim().to_owned())?;
    let mut parts = value.split('.');
    let score: u32 = parts.next()?.parse().ok()?;
    let of: u32 = parts.next()?.parse().ok()?;
    let passed = parts.next()? == "1";
    if of == 0 || score > of || of as usize > survey.input.questions.len() {
        return None;
    }
    Some(ScoreView {
        score,
        of,
        percent: percent(f64::from(score) * 100.0 / f64::from(of)),
        passed,
        pass_mark: survey.input.pass_mark.unwrap_or(0),
    })
}

#[derive(Deserialize)]
pub struct FormQuery {
    done: Option<String>,
}

pub async fn form(
    State(store): State<AppState>,
    config: Resources,
    Path((slug, id)): Path<(String, String)>,
    headers: HeaderMap,
    query: Result<Query<FormQuery>, QueryRejection>,
) -> Reply {
    let (org, survey) = survey_of(&store, &slug, &id).await?;
    let today = config.clock.today();
    let new_device = device_of(&headers)
        .is_none()
        .then(sujarit_service::passwords::random_token);
    let done = query.ok().and_then(|Query(q)| q.done).is_some();
    if done {
        let page = notice(
            &org,
            &survey,
            "ขอบคุณที่ตอบแบบสำรวจ".into(),
            "บันทึกคำตอบของคุณแล้ว คำตอบไม่ระบุตัวตนผู้ตอบ".into(),
            score_of(&headers, &survey),
        );
        return private(StatusCode::OK, page, new_device.as_deref());
    }
    if !survey.is_open(today) {
        return private(
            StatusCode::OK,
            closed_page(&org, &survey, today),
            new_device.as_deref(),
        );
    }
    let page = answer_page(
        layout(&org, &survey, None),
        &org.name,
        &survey.input,
        thai_date(survey.input.closes),
        public_url(&org.slug, &survey.id),
        &BTreeMap::new(),
        &[],
    );
    private(StatusCode::OK, page, new_device.as_deref())
}

/// An urlencoded body as answers: a key sent once is a string, a key sent
/// more than once (checkboxes) an array of strings.
pub(crate) fn answers_of(body: &[u8]) -> BTreeMap<String, Value> {
    let mut answers: BTreeMap<String, Value> = BTreeMap::new();
    for (key, value) in form_urlencoded::parse(body) {
        let value = Value::String(value.into_owned());
        match answers.get_mut(key.as_ref()) {
            None => {
                answers.insert(key.into_owned(), value);
            }
            Some(Value::Array(items)) => items.push(value),
            Some(first) => {
                let earlier = first.take();
                *first = Value::Array(vec![earlier, value]);
            }
        }
    }
    answers
}

fn too_many() -> WebError {
    WebError::TooManyRequests("มีการส่งคำตอบจากที่อยู่นี้มากเกินไป โปรดรอสักครู่แล้วลองใหม่".into())
}

#[allow(clippy::too_many_arguments)]
pub async fn answer(
    State(store): State<AppState>,
    config: Resources,
    participation: Participation,
    Path((slug, id)): Path<(String, String)>,
    headers: HeaderMap,
    extensions: Extensions,
    body: Result<Bytes, BytesRejection>,
) -> Reply {
    let (org, survey) = survey_of(&store, &slug, &id).await?;
    if !participation.limits.answers.allow(peer(&extensions)) {
        return Err(too_many());
    }
    let today = config.clock.today();
    if !survey.is_open(today) {
        return private(
            StatusCode::CONFLICT,
            closed_page(&org, &survey, today),
            None,
        );
    }
    let body = body.map_err(|_| {
        WebError::BadRequest("อ่านคำตอบที่ส่งมาไม่ได้ โปรดเปิดแบบสำรวจแล้วตอบใหม่อีกครั้ง".into())
    })?;
    let answers = answers_of(&body);
    // A browser that kept no cookie gets one now, so that it answers once
    // from here on.
    let (device, new_device) = match device_of(&headers) {
        Some(token) => (token, None),
        None => {
            let token = sujarit_service::passwords::random_token();
            (token.clone(), Some(token))
        }
    };
    let outcome = participation
        .answerer()
        .answer(&*store, &org.id, &survey.id, &answers, Some(&device), today)
        .await;
    let refused = |status: StatusCode, heading: &str, error: &StoreError| {
        private(
            status,
            notice(&org, &survey, heading.into(), wording::refusal(error), None),
            new_device.as_deref(),
        )
    };
    match outcome {
        Ok(()) => {
            let url = public_url(&org.slug, &survey.id);
            let mut response = Redirect::to(&format!("{url}?done=1")).into_response();
            let set = response.headers_mut();
            if let Some(token) = &new_device {
                set.append(header::SET_COOKIE, device_cookie(token));
            }
            if survey.input.kind == SurveyKind::Test
                && let Ok(checked) = check_answers(&survey.input, &answers)
            {
                set.append(
                    header::SET_COOKIE,
                    score_cookie(
                        &url,
                        checked.score,
                        survey.input.scored() as u32,
                        checked.passed,
                    ),
                );
            }
            Ok(response)
        }
        Err(AnswerRefused::Invalid(errors)) => {
            invalid_page(&org, &survey, &answers, &errors, new_device.as_deref())
        }
        Err(AnswerRefused::Store(e @ StoreError::Conflict(_))) => {
            refused(StatusCode::CONFLICT, "ตอบแบบสำรวจนี้แล้ว", &e)
        }
        Err(AnswerRefused::Store(e @ StoreError::NotAllowed(_))) => {
            refused(StatusCode::CONFLICT, "แบบสำรวจนี้ไม่เปิดรับคำตอบในขณะนี้", &e)
        }
        Err(AnswerRefused::Store(StoreError::NotFound(_))) => Err(not_found()),
        Err(AnswerRefused::Store(e)) => Err(e.into()),
        Err(AnswerRefused::Failed) => {
            Err(WebError::Internal("storing a survey answer failed".into()))
        }
    }
}

fn invalid_page(
    org: &Organization,
    survey: &Survey,
    answers: &BTreeMap<String, Value>,
    errors: &[AnswerError],
    new_device: Option<&str>,
) -> Reply {
    let page = answer_page(
        layout(org, survey, None),
        &org.name,
        &survey.input,
        thai_date(survey.input.closes),
        public_url(&org.slug, &survey.id),
        answers,
        errors,
    );
    private(StatusCode::BAD_REQUEST, page, new_device)
}

pub async fn results(
    State(store): State<AppState>,
    config: Resources,
    Path((slug, id)): Path<(String, String)>,
) -> Reply {
    let (org, survey) = survey_of(&store, &slug, &id).await?;
    let s = &survey.input;
    let tallies = store.survey_tallies(&org.id, &survey.id).await?;
    let shown = s.results_public(tallies.responses);
    let page = PublicResultsPage {
        layout: layout(&org, &survey, Some("ผลแบบสำรวจ")),
        organization: org.name.clone(),
        title: s.title.clone(),
        kind: s.kind.thai(),
        dates: date_range(s.opens, s.closes),
        responses: tallies.responses,
        min_public: s.min_public,
        results: shown.then(|| results_view(s.kind, &tallies.results(s), false)),
        form_href: public_url(&org.slug, &survey.id),
        open: survey.is_open(config.clock.today()),
    };
    Ok((StatusCode::OK, Html(page.render()?)).into_response())
}

/// The fuzz harness of the survey answer reader (`fuzz/fuzz_targets/form_fields.rs`,
/// and the property test below): arbitrary bytes as the urlencoded body,
/// read into answers (every value kept, a repeated key as a list) and
/// checked against each shipped template by core's rules. A refusal names a
/// question, in Thai. Panics when not.
#[doc(hidden)]
pub fn fuzz_answers(body: &[u8]) {
    use sujarit_core::survey::{DEFAULT_MIN_PUBLIC, Phase, SurveyInput, TEMPLATES};
    let answers = answers_of(body);
    let values: usize = answers
        .values()
        .map(|v| v.as_array().map_or(1, Vec::len))
        .sum();
    assert_eq!(values, form_urlencoded::parse(body).count(), "answers lost");
    for template in &TEMPLATES {
        let survey = SurveyInput {
            title: template.title.into(),
            kind: template.kind,
            item: None,
            fiscal_year: 2569,
            activity: None,
            phase: Phase::Post,
            opens: Date::MIN,
            closes: Date::MAX,
            pass_mark: template.pass_mark,
            min_public: DEFAULT_MIN_PUBLIC,
            questions: template.questions(),
        };
        if let Err(problems) = check_answers(&survey, &answers) {
            assert!(!problems.is_empty(), "refused without a reason");
            for problem in problems {
                assert!(
                    answers.contains_key(&problem.question)
                        || survey.questions.iter().any(|q| q.id == problem.question),
                    "{problem:?}"
                );
                assert!(
                    problem.message.chars().any(sujarit_core::thai::is_thai),
                    "{problem:?}"
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn repeated_keys_become_arrays() {
        let answers =
            answers_of(b"q1=5&q2=0&q2=2&q3=%E0%B8%94%E0%B8%B5+%E0%B8%A1%E0%B8%B2%E0%B8%81&q2=3");
        assert_eq!(answers["q1"], json!("5"));
        assert_eq!(answers["q2"], json!(["0", "2", "3"]));
        assert_eq!(answers["q3"], json!("ดี มาก"));
    }

    sujarit_testkit::fuzz_properties! {
        the_answer_reader_takes_any_bytes: "form_fields" => super::fuzz_answers;
    }
}
