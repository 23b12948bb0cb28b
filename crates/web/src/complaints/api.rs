//! Complaints in JSON, without an account: file one (general or corruption),
//! track it by its code, and read the published statistics.
//!
//! The paths carry no organisation: an installation with one organisation
//! needs none, and with several the `organization` field (or query
//! parameter) names it by its slug.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{Extensions, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sujarit_core::FiscalYear;
use sujarit_core::complaint::{
    Channel, Contact, MAX_CLIENT_KEY, MIN_CLIENT_KEY, NewComplaint, SmallCount, SubmissionKey,
};
use sujarit_store::Organization;
use time::format_description::well_known::Rfc3339;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use sujarit_service::complaints::FilingError;

use super::{ComplaintConfig, file_one, parse_code, peer};
use crate::AppState;
use crate::error::WebError;
use crate::json::{ApiError, ErrorBody};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(file_complaint))
        .routes(routes!(track_complaint))
        .routes(routes!(statistics))
        .routes(routes!(categories))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ContactInput {
    pub name: Option<String>,
    /// Thai numbers: digits, spaces, dashes, +66.
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ComplaintInput {
    /// The organisation's slug; needed only when the installation has several.
    pub organization: Option<String>,
    /// general or corruption.
    #[schema(pattern = "^(general|corruption)$")]
    pub channel: String,
    /// An enabled category code of the channel (e.g. roads, waste; bribery,
    /// procurement): see `/api/v1/organizations/{slug}/complaints/categories`.
    #[schema(pattern = "^[a-z][a-z0-9_]{1,39}$")]
    pub category: String,
    /// At least 5 characters, not counting spaces at either end.
    #[schema(min_length = 5, max_length = 200)]
    pub subject: String,
    /// At least 20 characters, not counting spaces at either end.
    #[schema(min_length = 20, max_length = 10000)]
    pub details: String,
    pub place: Option<String>,
    /// Corruption reports: the officials or unit concerned.
    pub persons_concerned: Option<String>,
    /// Leave out for an anonymous complaint.
    pub contact: Option<ContactInput>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ComplaintReceipt {
    /// 16 characters in groups of four, e.g. "7KQM-3D9X-AB12-CD34"; case and dashes do not matter.
    pub tracking_code: String,
    /// RFC 3339, UTC.
    pub received_at: String,
    /// The date (Thailand, ISO 8601) by which it is answered.
    pub due_date: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicStep {
    /// filed, accept, forward, request_information, …
    pub kind: String,
    /// The step in Thai.
    pub label: String,
    /// What the municipality told the complainant.
    pub message: Option<String>,
    /// RFC 3339, UTC.
    pub at: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ComplaintStatus {
    pub tracking_code: String,
    pub channel: String,
    /// received, incomplete, forwarded, accepted, assigned, in_progress, resolved,
    /// fact_finding, action, outcome or closed.
    pub state: String,
    pub state_thai: String,
    pub received_at: String,
    pub due_date: String,
    pub overdue: bool,
    /// Public steps only, oldest first: no staff names, no internal notes.
    pub history: Vec<PublicStep>,
    /// not_yet, open or answered.
    pub survey: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MonthStatistics {
    /// CE year and month.
    pub year: i32,
    pub month: u8,
    /// The month in Thai with its BE year, e.g. "ต.ค. 2567".
    pub label: String,
    pub received: u32,
    pub completed: u32,
    pub in_progress: u32,
    pub overdue: u32,
}

/// A count as published: hidden when small, or when it would let a small
/// one be worked out.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PublishedCount {
    /// The count; null when it is not shown.
    pub count: Option<u32>,
    /// "12", "น้อยกว่า 3" (1 or 2) or "ไม่แสดง" (any count, hidden so that
    /// no small count can be worked out from the others).
    pub text: String,
}

impl From<SmallCount> for PublishedCount {
    fn from(n: SmallCount) -> Self {
        PublishedCount {
            count: n.shown(),
            text: n.thai(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CategoryStatistics {
    /// The category's code, e.g. roads.
    pub category: String,
    /// One per month, October first (the general channel).
    pub months: Vec<PublishedCount>,
    pub total: PublishedCount,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct YearCategoryStatistics {
    /// The category's code, e.g. bribery.
    pub category: String,
    pub received: PublishedCount,
}

/// General complaints of the year received one way.
#[derive(Serialize, utoipa::ToSchema)]
pub struct WayStatistics {
    /// web (the form or this API), phone, walk_in (at the counter), letter,
    /// call_centre or line: the complaint officer enters all but web.
    pub received_via: String,
    pub received: PublishedCount,
}

/// Corruption cases of the year with one origin.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OriginStatistics {
    /// reported (by someone), known (to the municipality itself) or audit
    /// (detected by its own audit).
    pub origin: String,
    pub received: PublishedCount,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SatisfactionStatistics {
    pub answers: u32,
    /// Satisfied (4 or 5 of 5) in percent, e.g. "82.50".
    pub percent: String,
}

/// The corruption channel: the fiscal year only, counted as of the end of
/// the last quarter that has ended.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CorruptionStatistics {
    /// ISO date the counts are taken on; null before the year's first
    /// quarter has ended (every count is then 0).
    pub as_of: Option<String>,
    pub received: PublishedCount,
    pub completed: PublishedCount,
    pub in_progress: PublishedCount,
    pub overdue: PublishedCount,
    /// Every enabled category (and a disabled one with a report).
    pub categories: Vec<YearCategoryStatistics>,
    /// By origin: reported, known, audit (counted apart).
    pub origins: Vec<OriginStatistics>,
    /// Null below 5 answers.
    pub satisfaction: Option<SatisfactionStatistics>,
}

/// The general channel by month and the corruption channel by year, side by
/// side: never added up, so that neither gives the other away.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ComplaintStatistics {
    pub fiscal_year: u16,
    /// general, corruption, or null for both.
    pub channel: Option<String>,
    /// The general channel's months; empty when only corruption was asked for.
    pub months: Vec<MonthStatistics>,
    /// The general channel's categories by month (every enabled one).
    pub categories: Vec<CategoryStatistics>,
    /// The general channel's year by way of receipt (every way).
    pub received_via: Vec<WayStatistics>,
    /// Null when only the general channel was asked for.
    pub corruption: Option<CorruptionStatistics>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganizationQuery {
    /// The organisation's slug; needed only when the installation has several.
    pub organization: Option<String>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatisticsQuery {
    /// Fiscal year (BE), e.g. 2568.
    #[param(value_type = u16, minimum = 2400, maximum = 2700, example = 2568)]
    pub fiscal_year: String,
    /// general or corruption; both when left out or empty.
    #[param(pattern = "^(general|corruption)?$")]
    pub channel: Option<String>,
    pub organization: Option<String>,
}

async fn organization(store: &AppState, slug: Option<&str>) -> Result<Organization, ApiError> {
    match slug.map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) => store
            .organization_by_slug(slug)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("ไม่พบองค์กร \"{slug}\""))),
        None => {
            let mut all = store.organizations().await?;
            match all.len() {
                1 => Ok(all.remove(0)),
                0 => Err(ApiError::not_found("ยังไม่มีองค์กรในระบบ")),
                _ => Err(ApiError::bad_request(
                    "ระบบนี้มีหลายองค์กร โปรดระบุ organization (รหัสองค์กร)",
                )),
            }
        }
    }
}

fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// Files a complaint or a corruption report. The receipt is given only once
/// the complaint is stored durably. With an `Idempotency-Key`, sending the
/// same request again (a retry after a lost answer) files nothing more and
/// answers with the same receipt and tracking code, for a day.
#[utoipa::path(post, path = "/api/v1/complaints", tag = "complaints",
    request_body = ComplaintInput,
    params(("Idempotency-Key" = Option<String>, Header, min_length = 16, max_length = 200,
        pattern = "^[!-~]{16,200}$",
        description = "ค่าสุ่มที่ผู้เรียกสร้างต่อหนึ่งเรื่อง (เช่น UUID v4) ส่งซ้ำด้วยค่าเดิมจะได้ใบรับเรื่องเดิม ไม่ยื่นเรื่องซ้ำ")),
    responses((status = 201, body = ComplaintReceipt), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 429, body = ErrorBody),
              (status = 413, description = "ข้อมูลที่ส่งมาเกินขนาดสูงสุด", body = ErrorBody)))]
async fn file_complaint(
    State(store): State<AppState>,
    config: ComplaintConfig,
    extensions: Extensions,
    headers: axum::http::HeaderMap,
    body: Result<Json<ComplaintInput>, JsonRejection>,
) -> Result<Response, ApiError> {
    if !config.limits.filing.allow(peer(&extensions)) {
        return Err(ApiError::with_status(
            StatusCode::TOO_MANY_REQUESTS,
            "มีการส่งเรื่องจากที่อยู่นี้มากเกินไป โปรดรอสักครู่แล้วลองใหม่",
        ));
    }
    let submission = match headers.get("idempotency-key") {
        None => None,
        Some(value) => Some(
            value
                .to_str()
                .ok()
                .and_then(SubmissionKey::from_client_key)
                .ok_or_else(|| {
                    ApiError::invalid(vec![(
                        "Idempotency-Key",
                        format!(
                            "Idempotency-Key ต้องเป็นอักขระ ASCII ที่มองเห็นได้ {MIN_CLIENT_KEY}–{MAX_CLIENT_KEY} ตัว เช่น UUID v4"
                        ),
                    )])
                })?,
        ),
    };
    let Json(input) = body.map_err(|e| ApiError::unreadable_json(&e))?;
    let org = organization(&store, input.organization.as_deref()).await?;
    let channel = Channel::parse(input.channel.trim()).ok_or_else(|| {
        ApiError::invalid(vec![(
            "channel",
            "ช่องทางต้องเป็น general (ร้องทุกข์/ร้องเรียน) หรือ corruption (แจ้งเบาะแสการทุจริต)".to_string(),
        )])
    })?;
    let contact = input
        .contact
        .map(|c| Contact {
            name: c.name,
            phone: c.phone,
            email: c.email,
            address: c.address,
        })
        .map(|c| empty_parts_removed(&c))
        .filter(|c| !c.is_empty());
    let complaint = NewComplaint {
        channel,
        category: input.category.trim().to_string(),
        subject: input.subject,
        details: input.details,
        place: input.place,
        persons_concerned: input.persons_concerned,
        contact,
        location: None,
    };
    // The client's key stands for this complaint only: sent again with other
    // content it files that as new, never answering with another's receipt.
    let submission =
        submission.map(|key| key.bound_to(&serde_json::to_vec(&complaint).unwrap_or_default()));
    let filed = match file_one(
        &config,
        &org.id,
        &complaint,
        Vec::new(),
        submission.as_ref(),
    )
    .await
    {
        Ok(filed) => filed,
        Err(FilingError::Refused(errors)) => {
            return Err(ApiError::invalid(
                errors.into_iter().map(|e| (e.field, e.message)).collect(),
            ));
        }
        Err(FilingError::Failed) => {
            return Err(ApiError::from_web(WebError::Internal(
                "filing failed".into(),
            )));
        }
    };
    Ok((
        StatusCode::CREATED,
        [(header::CACHE_CONTROL, "no-store")],
        Json(ComplaintReceipt {
            tracking_code: filed.tracking_code.display(),
            received_at: rfc3339(filed.receipt.received_at),
            due_date: filed.receipt.due_date.to_string(),
        }),
    )
        .into_response())
}

fn empty_parts_removed(contact: &Contact) -> Contact {
    let keep = |v: &Option<String>| {
        v.as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    Contact {
        name: keep(&contact.name),
        phone: keep(&contact.phone),
        email: keep(&contact.email),
        address: keep(&contact.address),
    }
}

/// The tracking code to look a case up by: in the body, never in a URL, so
/// that it reaches no proxy or server log and no browser history.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct TrackInput {
    /// 16 characters of Crockford base32 (0–9, A–Z but U; I and L read as
    /// 1, O as 0); case, spaces and dashes do not matter.
    #[schema(
        pattern = "^[ -]*([0-9A-TV-Za-tv-z][ -]*){16}$",
        example = "ABCD-EFGH-JKMN-PQRS"
    )]
    pub code: String,
}

/// Where a complaint stands, by its tracking code: public steps only. A
/// corruption report's messages are opened with the key the code unwraps.
#[utoipa::path(post, path = "/api/v1/complaints/track", tag = "complaints",
    params(OrganizationQuery), request_body = TrackInput,
    responses((status = 200, body = ComplaintStatus), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 429, body = ErrorBody),
              (status = 413, description = "ข้อมูลที่ส่งมาเกินขนาดสูงสุด", body = ErrorBody)))]
async fn track_complaint(
    State(store): State<AppState>,
    config: ComplaintConfig,
    extensions: Extensions,
    query: Result<Query<OrganizationQuery>, QueryRejection>,
    body: Result<Json<TrackInput>, JsonRejection>,
) -> Result<Response, ApiError> {
    if !config.limits.tracking.allow(peer(&extensions)) {
        return Err(ApiError::with_status(
            StatusCode::TOO_MANY_REQUESTS,
            "มีการค้นหาเรื่องจากที่อยู่นี้มากเกินไป โปรดรอสักครู่แล้วลองใหม่",
        ));
    }
    let Query(query) = query.map_err(|_| ApiError::bad_request("พารามิเตอร์ไม่ถูกต้อง"))?;
    let Json(input) = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::body_too_large(),
        _ => ApiError::bad_request(
            "ต้องส่งรหัสติดตามเรื่องเป็น JSON เช่น {\"code\": \"ABCD-EFGH-JKMN-PQRS\"}",
        ),
    })?;
    let code = parse_code(&input.code).map_err(|m| ApiError::invalid(vec![("code", m)]))?;
    let org = organization(&store, query.organization.as_deref()).await?;
    let case = super::public::track_opened(&store, &config, &org.id, &code)
        .await
        .map_err(ApiError::from_web)?
        .ok_or_else(|| ApiError::not_found("ไม่พบเรื่องที่มีรหัสนี้"))?;
    let body = ComplaintStatus {
        tracking_code: code.display(),
        channel: case.channel.as_str().to_string(),
        state: case.state.as_str().to_string(),
        state_thai: case.state.thai().to_string(),
        received_at: rfc3339(case.received_at),
        due_date: case.due_date.to_string(),
        overdue: case.clock.is_overdue(config.clock.today()),
        history: case
            .history
            .iter()
            .map(|e| PublicStep {
                kind: e.kind.as_str().to_string(),
                label: e.label.clone(),
                message: e.message.clone(),
                at: rfc3339(e.at),
            })
            .collect(),
        survey: match case.survey {
            sujarit_store::SurveyStatus::NotYet => "not_yet",
            sujarit_store::SurveyStatus::Open => "open",
            sujarit_store::SurveyStatus::Answered => "answered",
        }
        .to_string(),
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

/// The published statistics of a fiscal year: the general channel per month
/// (received, completed, in progress, overdue, and its categories), the
/// corruption channel for the year only; small counts are never shown.
#[utoipa::path(get, path = "/api/v1/complaints/stats", tag = "complaints",
    params(StatisticsQuery),
    responses((status = 200, body = ComplaintStatistics), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn statistics(
    State(store): State<AppState>,
    config: ComplaintConfig,
    query: Result<Query<StatisticsQuery>, QueryRejection>,
) -> Result<Json<ComplaintStatistics>, ApiError> {
    let Query(query) = query.map_err(|_| {
        ApiError::bad_request("ต้องระบุ fiscal_year เป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น fiscal_year=2568")
    })?;
    let year = crate::format::parse_fiscal_year(&query.fiscal_year).ok_or_else(|| {
        ApiError::bad_request(format!(
            "ปีงบประมาณ \"{}\" ไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2568",
            query.fiscal_year
        ))
    })?;
    let channel = match query
        .channel
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => None,
        Some(text) => Some(Channel::parse(text).ok_or_else(|| {
            ApiError::bad_request(format!(
                "ช่องทาง \"{text}\" ไม่ถูกต้อง ใช้ general หรือ corruption"
            ))
        })?),
    };
    let org = organization(&store, query.organization.as_deref()).await?;
    let statistics = store
        .complaint_statistics(&org.id, FiscalYear(year), channel, config.clock.today())
        .await?;
    let general = statistics.general.as_ref();
    Ok(Json(ComplaintStatistics {
        fiscal_year: year,
        channel: channel.map(|c| c.as_str().to_string()),
        months: general
            .into_iter()
            .flat_map(|g| &g.months)
            .map(|m| MonthStatistics {
                year: m.year,
                month: m.month,
                label: sujarit_core::complaint::month_label(m.year, m.month),
                received: m.received,
                completed: m.completed,
                in_progress: m.in_progress,
                overdue: m.overdue,
            })
            .collect(),
        categories: general
            .into_iter()
            .flat_map(|g| &g.categories)
            .map(|c| CategoryStatistics {
                category: c.category.clone(),
                months: c.received.iter().map(|&n| n.into()).collect(),
                total: c.total.into(),
            })
            .collect(),
        received_via: general
            .into_iter()
            .flat_map(|g| &g.received_via)
            .map(|w| WayStatistics {
                received_via: w.received_via.as_str().to_string(),
                received: w.received.into(),
            })
            .collect(),
        corruption: statistics.corruption.map(|y| CorruptionStatistics {
            as_of: y.as_of.map(|d| d.to_string()),
            received: y.received.into(),
            completed: y.completed.into(),
            in_progress: y.in_progress.into(),
            overdue: y.overdue.into(),
            categories: y
                .categories
                .into_iter()
                .map(|c| YearCategoryStatistics {
                    category: c.category,
                    received: c.received.into(),
                })
                .collect(),
            origins: y
                .origins
                .into_iter()
                .map(|o| OriginStatistics {
                    origin: o.origin.as_str().to_string(),
                    received: o.received.into(),
                })
                .collect(),
            satisfaction: y.satisfaction.map(|s| {
                let h = s.percent_hundredths();
                SatisfactionStatistics {
                    answers: s.answers,
                    percent: format!("{}.{:02}", h / 100, h % 100),
                }
            }),
        }),
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CategoriesQuery {
    /// The channel whose categories to list.
    #[param(pattern = "^(general|corruption)$")]
    pub channel: String,
}

/// A category a complaint is filed under.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CategoryOut {
    /// The code to send as `category` when filing, e.g. roads.
    pub code: String,
    /// The category in Thai.
    pub name: String,
    /// False: it takes no new complaints (it stays on old ones).
    pub enabled: bool,
}

/// A channel's categories in display order, disabled ones included: file
/// under an enabled one's code.
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/complaints/categories", tag = "complaints",
    params(("slug" = String, Path, description = "รหัสองค์กร"), CategoriesQuery),
    responses((status = 200, body = Vec<CategoryOut>), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn categories(
    State(store): State<AppState>,
    Path(slug): Path<String>,
    query: Result<Query<CategoriesQuery>, QueryRejection>,
) -> Result<Json<Vec<CategoryOut>>, ApiError> {
    let Query(query) =
        query.map_err(|_| ApiError::invalid(vec![("channel", channel_required())]))?;
    let channel = Channel::parse(&query.channel)
        .ok_or_else(|| ApiError::invalid(vec![("channel", channel_required())]))?;
    let org = store
        .organization_by_slug(&slug)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("ไม่พบองค์กร \"{slug}\"")))?;
    let list = store.complaint_categories(&org.id, channel).await?;
    Ok(Json(
        list.into_iter()
            .map(|c| CategoryOut {
                code: c.code,
                name: c.thai,
                enabled: c.enabled,
            })
            .collect(),
    ))
}

fn channel_required() -> String {
    "ต้องระบุ channel เป็น general (ร้องทุกข์/ร้องเรียน) หรือ corruption (แจ้งเบาะแสการทุจริต)".to_string()
}
