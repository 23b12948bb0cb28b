//! A survey's documents for staff: the QR code of its public link, the A4
//! poster for a service counter, the report (PDF with charts, XLSX) and the
//! answers as XLSX (the CSV is `csv.rs`). Built by `sujarit_reports`; the
//! report withholds the figures below the survey's minimum of answers, as
//! the public page does, because it may be published as OIT evidence.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sujarit_core::fiscal::thai_date;
use sujarit_core::survey::{Phase, Results, Survey};
use sujarit_reports::activities::{SurveyPoster, SurveyReport};

use super::{public_url, staff_survey};
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::format;

const PDF: &str = "application/pdf";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn document(bytes: Vec<u8>, media_type: &'static str, file_name: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    let disposition = format!(
        "attachment; filename=\"survey\"; filename*=UTF-8''{}",
        format::path_segment(file_name)
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Runs a report builder off the async runtime (typst is CPU-bound).
async fn build<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, sujarit_reports::ReportError> + Send + 'static,
) -> Result<T, WebError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .map_err(|e| WebError::Internal(e.to_string()))
}

fn absolute_link(store: &AppState, slug: &str, survey: &Survey) -> String {
    format!(
        "{}{}",
        crate::ui::public_base_url(store),
        public_url(slug, &survey.id)
    )
}

pub async fn qr(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (survey, _) = staff_survey(&store, &staff, &id).await?;
    let link = absolute_link(&store, &staff.organization.slug, &survey);
    let svg = sujarit_reports::qr::try_svg(&link)
        .ok_or_else(|| WebError::BadRequest("ที่อยู่ของเซิร์ฟเวอร์ยาวเกินกว่าจะทำคิวอาร์โค้ดได้".into()))?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

pub async fn poster(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (survey, _) = staff_survey(&store, &staff, &id).await?;
    let poster = SurveyPoster {
        organization: staff.organization.name.clone(),
        title: survey.input.title.clone(),
        url: absolute_link(&store, &staff.organization.slug, &survey),
        opens: thai_date(survey.input.opens),
        closes: thai_date(survey.input.closes),
    };
    let pdf = build(move || sujarit_reports::activities::survey_poster_pdf(&poster)).await?;
    Ok(document(
        pdf,
        PDF,
        &format!("โปสเตอร์-{}.pdf", survey.input.title),
    ))
}

/// The results of the pre-test of a post-test's activity, if there is one.
async fn pre_test(
    store: &AppState,
    org: &str,
    survey: &Survey,
) -> Result<Option<Results>, WebError> {
    let (Some(activity), Phase::Post) = (&survey.input.activity, survey.input.phase) else {
        return Ok(None);
    };
    let Some(pre) =
        sujarit_service::activities::pre_test(&**store, org, activity, survey.input.fiscal_year)
            .await?
    else {
        return Ok(None);
    };
    Ok(Some(
        store
            .survey_tallies(org, &pre.id)
            .await?
            .results(&pre.input),
    ))
}

async fn report(
    store: &AppState,
    staff: &CurrentStaff,
    id: &str,
) -> Result<(Survey, SurveyReport), WebError> {
    let (survey, _) = staff_survey(store, staff, id).await?;
    let org = &staff.organization.id;
    let tallies = store.survey_tallies(org, &survey.id).await?;
    let results = tallies.results(&survey.input);
    let plan = store.current_plan(org).await?.map(|(_, r)| r.plan);
    let item = survey.input.item.map(|i| {
        let name = plan
            .as_ref()
            .and_then(|p| p.item(i))
            .map(|item| item.name.clone())
            .unwrap_or_default();
        format!("{i} {name}").trim().to_string()
    });
    let phase = survey.input.phase.thai();
    let kind_label = if phase.is_empty() {
        survey.input.kind.thai().to_string()
    } else {
        format!("{} {phase}", survey.input.kind.thai())
    };
    let report = SurveyReport {
        organization: staff.organization.name.clone(),
        title: survey.input.title.clone(),
        kind_label,
        item,
        period: format!(
            "{} – {}",
            thai_date(survey.input.opens),
            thai_date(survey.input.closes)
        ),
        pre: pre_test(store, org, &survey).await?,
        withheld: !sujarit_core::disclosure::results_public(&survey),
        results,
    };
    Ok((survey, report))
}

pub async fn report_pdf(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (survey, report) = report(&store, &staff, &id).await?;
    let pdf = build(move || sujarit_reports::activities::survey_report_pdf(&report)).await?;
    Ok(document(
        pdf,
        PDF,
        &format!("รายงานผล-{}.pdf", survey.input.title),
    ))
}

pub async fn report_xlsx(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (survey, report) = report(&store, &staff, &id).await?;
    let xlsx = build(move || sujarit_reports::activities::survey_report_xlsx(&report)).await?;
    Ok(document(
        xlsx,
        XLSX,
        &format!("รายงานผล-{}.xlsx", survey.input.title),
    ))
}

pub async fn answers_xlsx(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (survey, _) = staff_survey(&store, &staff, &id).await?;
    let answers = store
        .survey_answers(&staff.organization.id, &survey.id)
        .await?;
    let questions = survey.input.questions.clone();
    let xlsx =
        build(move || sujarit_reports::activities::survey_answers_xlsx(&questions, &answers))
            .await?;
    Ok(document(
        xlsx,
        XLSX,
        &format!("คำตอบ-{}.xlsx", survey.input.title),
    ))
}
