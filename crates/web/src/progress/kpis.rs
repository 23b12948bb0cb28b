//! `/staff/progress/{item}/{year}/kpis`: where each KPI of an item's form is
//! measured from (activities, publicity, rosters, surveys, complaints), with
//! the actual computed as of today. Everyone who may see the item's reports
//! may look; the coordinator ([`Permission::Review`]) chooses.

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use sujarit_core::ItemRef;
use sujarit_core::account::Permission;
use sujarit_core::activity::{ActivityKind, TargetGroup};
use sujarit_core::complaint::Channel;
use sujarit_core::kpi::KpiSource;

use super::view::kpis::{self as view, Options};
use super::{Resources, access};
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::format;
use crate::ui::{FormErrors, StaffBar};

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

fn parse(item_ref: &str, fiscal_year: &str) -> Result<(ItemRef, u16), WebError> {
    let item = format::parse_item_ref(item_ref).ok_or_else(|| {
        WebError::BadRequest("เลขที่รายการไม่ถูกต้อง ต้องเขียนเป็นเลขมิติจุดลำดับ เช่น 1.1".into())
    })?;
    let year = format::parse_fiscal_year(fiscal_year).ok_or_else(|| {
        WebError::BadRequest("ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569".into())
    })?;
    Ok((item, year))
}

async fn page(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
    item_ref: ItemRef,
    year: u16,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<view::KpisPage, WebError> {
    let org = &staff.organization.id;
    let plan = store
        .current_plan(org)
        .await?
        .map(|(_, r)| r.plan)
        .ok_or_else(|| WebError::NotFound("ยังไม่มีแผนปฏิบัติการ".into()))?;
    let item = plan
        .item(item_ref)
        .ok_or_else(|| WebError::NotFound(format!("ไม่พบรายการที่ {item_ref} ในแผนนี้")))?;
    let today = config.clock.today();
    let lines = sujarit_service::activities::measure_item(&**store, org, item, year, today).await?;
    let rosters: Vec<(String, String)> = store
        .rosters(org)
        .await?
        .into_iter()
        .map(|r| (r.id, format!("{} ({} รายการ)", r.name, r.entries.len())))
        .collect();
    let surveys: Vec<(String, String)> = store
        .surveys(org, Some(year))
        .await?
        .into_iter()
        .map(|s| {
            let phase = s.input.phase.thai();
            let label = if phase.is_empty() {
                s.input.title.clone()
            } else {
                format!("{} ({phase})", s.input.title)
            };
            (s.id, label)
        })
        .collect();
    let mut categories = Vec::new();
    for channel in [Channel::General, Channel::Corruption] {
        for c in store.complaint_categories(org, channel).await? {
            categories.push((c.code, format!("{} ({})", c.thai, channel.thai())));
        }
    }
    let year_range = sujarit_core::FiscalYear(year);
    let as_of = today.clamp(year_range.first_day(), year_range.last_day());
    Ok(view::build(
        StaffBar::new(staff),
        item_ref.to_string(),
        item.name.clone(),
        year,
        sujarit_core::fiscal::thai_date(as_of),
        staff.actor.has(Permission::Review),
        &lines,
        &Options {
            rosters: &rosters,
            surveys: &surveys,
            categories: &categories,
        },
        errors,
        notice,
    ))
}

pub async fn show(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path((item_ref, fiscal_year)): Path<(String, String)>,
    query: Result<Query<DoneQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let (item, year) = parse(&item_ref, &fiscal_year)?;
    access(&store, &staff, item).await?;
    let notice = query
        .ok()
        .and_then(|Query(q)| q.done)
        .filter(|d| d == "saved")
        .map(|_| "บันทึกแหล่งข้อมูลของตัวชี้วัดแล้ว".to_string());
    let page = page(
        &store,
        &staff,
        &config,
        item,
        year,
        FormErrors::default(),
        notice,
    )
    .await?;
    Ok(Html(page.render()?).into_response())
}

/// The source the form names, or a Thai message at the field.
fn source_of(pairs: &[(String, String)]) -> Result<KpiSource, (&'static str, String)> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let all = |name: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    };
    let kinds = || {
        all("kind")
            .iter()
            .filter_map(|k| ActivityKind::parse(k))
            .collect()
    };
    let groups = || {
        all("group")
            .iter()
            .filter_map(|g| TargetGroup::parse(g))
            .collect()
    };
    let survey = || {
        let s = get("survey");
        if s.is_empty() {
            Err(("survey", "โปรดเลือกแบบสำรวจหรือแบบทดสอบที่ใช้วัด".to_string()))
        } else {
            Ok(s)
        }
    };
    Ok(match get("source").as_str() {
        "activities" => KpiSource::Activities { kinds: kinds() },
        "sessions" => KpiSource::Sessions { kinds: kinds() },
        "participants" => KpiSource::Participants { groups: groups() },
        "participant_share" => KpiSource::ParticipantShare { groups: groups() },
        "distinct_venues" => KpiSource::DistinctVenues,
        "distinct_topics" => KpiSource::DistinctTopics,
        "distinct_channels" => KpiSource::DistinctChannels,
        "publicity_postings" => KpiSource::PublicityPostings,
        "roster_coverage" => {
            let roster = get("roster");
            if roster.is_empty() {
                return Err(("roster", "โปรดเลือกทะเบียนรายชื่อที่ใช้นับความครอบคลุม".into()));
            }
            KpiSource::RosterCoverage { roster }
        }
        "survey_satisfied" => KpiSource::SurveySatisfied { survey: survey()? },
        "test_passing" => KpiSource::TestPassing { survey: survey()? },
        "score_gain" => KpiSource::ScoreGain { survey: survey()? },
        "complaints" => KpiSource::Complaints {
            categories: all("category"),
        },
        "complaint_reduction" => {
            let baseline_year = format::parse_fiscal_year(&get("baseline_year")).ok_or((
                "baseline_year",
                "โปรดระบุปีฐานเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2565".to_string(),
            ))?;
            KpiSource::ComplaintReduction {
                categories: all("category"),
                baseline_year,
            }
        }
        _ => return Err(("source", "โปรดเลือกแหล่งข้อมูลจากรายการ".into())),
    })
}

pub async fn save(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path((item_ref, fiscal_year)): Path<(String, String)>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, WebError> {
    staff.require(Permission::Review)?;
    let (item, year) = parse(&item_ref, &fiscal_year)?;
    let Form(pairs) = form.map_err(crate::ui::bad_form)?;
    let kpi = pairs
        .iter()
        .find(|(k, _)| k == "kpi")
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    let org = &staff.organization.id;
    let plan = store.current_plan(org).await?.map(|(_, r)| r.plan);
    let known = plan
        .as_ref()
        .and_then(|p| p.item(item))
        .map(sujarit_service::activities::item_targets)
        .is_some_and(|targets| targets.iter().any(|t| t.text == kpi));
    if !known {
        return Err(WebError::BadRequest(
            "ไม่พบตัวชี้วัดนี้ในแบบฟอร์มโครงการของรายการ โปรดเปิดหน้านี้ใหม่".into(),
        ));
    }
    let clear = pairs.iter().any(|(k, v)| k == "action" && v == "clear");
    let source = if clear {
        None
    } else {
        match source_of(&pairs).and_then(|s| check_source(s, year)) {
            Ok(source) => Some(source),
            Err((field, message)) => {
                let mut errors = FormErrors::default();
                errors.add(field, message);
                let page = page(&store, &staff, &config, item, year, errors, None).await?;
                return Ok((StatusCode::BAD_REQUEST, Html(page.render()?)).into_response());
            }
        }
    };
    if let Some(problem) = missing_record(&store, org, year, source.as_ref()).await? {
        let mut errors = FormErrors::default();
        errors.add(problem.0, problem.1);
        let page = page(&store, &staff, &config, item, year, errors, None).await?;
        return Ok((StatusCode::BAD_REQUEST, Html(page.render()?)).into_response());
    }
    store
        .set_kpi_source(org, item, year, &kpi, source.as_ref(), &staff.actor.user_id)
        .await?;
    Ok(Redirect::to(&format!("/staff/progress/{item}/{year}/kpis?done=saved")).into_response())
}

/// What a source rules out on its own: a baseline that is not an earlier year.
fn check_source(source: KpiSource, year: u16) -> Result<KpiSource, (&'static str, String)> {
    match &source {
        KpiSource::ComplaintReduction { baseline_year, .. } if *baseline_year >= year => Err((
            "baseline_year",
            format!("ปีฐานต้องเป็นปีก่อนปีงบประมาณ {year} (ได้รับ {baseline_year})"),
        )),
        _ => Ok(source),
    }
}

/// The survey or roster a source names must exist in the organisation.
async fn missing_record(
    store: &AppState,
    org: &str,
    year: u16,
    source: Option<&KpiSource>,
) -> Result<Option<(&'static str, String)>, WebError> {
    Ok(match source {
        Some(
            KpiSource::SurveySatisfied { survey }
            | KpiSource::TestPassing { survey }
            | KpiSource::ScoreGain { survey },
        ) => {
            let known = store
                .surveys(org, Some(year))
                .await?
                .iter()
                .any(|s| &s.id == survey);
            (!known).then(|| ("survey", format!("ไม่พบแบบสำรวจที่เลือกในปีงบประมาณ {year}")))
        }
        Some(KpiSource::RosterCoverage { roster }) => {
            let known = store.rosters(org).await?.iter().any(|r| &r.id == roster);
            (!known).then(|| ("roster", "ไม่พบทะเบียนรายชื่อที่เลือก".to_string()))
        }
        _ => None,
    })
}
