//! `/staff/complaints/report`: the report on complaints to executives for a
//! fiscal year's 6- or 12-month round. Everyone who reads complaints sees it
//! and downloads it (PDF, XLSX); the complaint officer writes the general
//! channel's problems, obstacles and solutions, the integrity officer the
//! corruption channel's. `sujarit_service::complaints::load_input` gathers its data for the web and for
//! `sujarit export complaints`.

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect};
use serde::Deserialize;
use sujarit_core::FiscalYear;
use sujarit_core::account::Permission;
use sujarit_core::complaint::{Channel, ReportNotes};
use sujarit_core::progress::Round;
use sujarit_reports::Format;
use sujarit_reports::complaints::{ChannelSection, ComplaintReport};
use sujarit_store::StoreError;
use time::Date;

use super::ComplaintConfig;
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::{Crumb, FormErrors, Reply, StaffBar, staff_layout};
use sujarit_service::complaints::load_input;

/// Who may write a channel's narrative.
fn writer_permission(channel: Channel) -> Permission {
    match channel {
        Channel::General => Permission::HandleGeneralComplaints,
        Channel::Corruption => Permission::HandleCorruptionReports,
    }
}

fn crumbs() -> Vec<Crumb> {
    vec![Crumb::link("เรื่องร้องเรียน", "/staff/complaints")]
}

#[derive(Deserialize)]
pub struct ReportQuery {
    year: Option<String>,
    round: Option<String>,
    format: Option<String>,
    saved: Option<String>,
}

/// The year and round asked for; this fiscal year and the 6-month round
/// until it is over, the 12-month round after.
fn choose(query: &ReportQuery, today: Date) -> Result<(u16, Round), WebError> {
    let year = super::fiscal_year_param(query.year.as_deref(), today).ok_or_else(|| {
        WebError::BadRequest("ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700)".into())
    })?;
    let round = match query
        .round
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        Some(text) => Round::parse(text)
            .ok_or_else(|| WebError::BadRequest("รอบการรายงานไม่ถูกต้อง เลือกได้ 6m หรือ 12m".into()))?,
        None if today
            <= sujarit_reports::complaints::round_last_day(FiscalYear(year), Round::SixMonths) =>
        {
            Round::SixMonths
        }
        None => Round::TwelveMonths,
    };
    Ok((year, round))
}

/// One channel's narrative form.
pub struct NotesForm {
    pub channel: &'static str,
    pub title: &'static str,
    pub can_write: bool,
    pub revision: i64,
    pub notes: ReportNotes,
    pub updated: Option<String>,
    pub errors: FormErrors,
}

impl NotesForm {
    /// (field name, Thai label, text) of the three parts.
    pub fn fields(&self) -> [(&'static str, &'static str, &str); 3] {
        [
            ("problems", "ปัญหา", &self.notes.problems),
            ("obstacles", "อุปสรรค", &self.notes.obstacles),
            ("solutions", "แนวทางแก้ไข / ข้อเสนอแนะ", &self.notes.solutions),
        ]
    }
}

#[derive(Template)]
#[template(path = "complaints/report.html")]
pub struct ReportPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub year: u16,
    pub round: &'static str,
    pub years: Vec<(u16, bool)>,
    pub rounds: Vec<(&'static str, &'static str, bool)>,
    pub report: ComplaintReport,
    pub forms: Vec<NotesForm>,
    pub notice: Option<&'static str>,
}

impl ReportPage {
    fn form(&self, channel: &ChannelSection) -> Option<&NotesForm> {
        self.forms
            .iter()
            .find(|f| f.channel == channel.channel.as_str())
    }
}

async fn report_page(
    store: &AppState,
    staff: &CurrentStaff,
    today: Date,
    year: u16,
    round: Round,
) -> Result<ReportPage, WebError> {
    let input = load_input(&**store, &staff.organization, year, round, today, None).await?;
    let report = sujarit_reports::complaints::build(&input)
        .map_err(|e| WebError::BadRequest(e.to_string()))?;
    let saved = store
        .complaint_report_notes(&staff.organization.id, FiscalYear(year), round)
        .await?;
    let forms = Channel::ALL
        .into_iter()
        .map(|channel| {
            let stored = saved.iter().find(|n| n.channel == channel);
            NotesForm {
                channel: channel.as_str(),
                title: channel.thai(),
                can_write: staff.actor.has(writer_permission(channel)),
                revision: stored.map_or(0, |n| n.revision),
                notes: stored.map(|n| n.notes.clone()).unwrap_or_default(),
                updated: stored.map(|n| sujarit_core::thai::datetime_text(n.updated_at)),
                errors: FormErrors::default(),
            }
        })
        .collect();
    let this_year = FiscalYear::of(today).be();
    Ok(ReportPage {
        layout: staff_layout("รายงานเรื่องร้องเรียนต่อผู้บริหาร", crumbs()),
        bar: StaffBar::new(staff),
        year,
        round: round.as_str(),
        years: (this_year.saturating_sub(2)..=this_year)
            .map(|y| (y, y == year))
            .collect(),
        rounds: [Round::SixMonths, Round::TwelveMonths]
            .into_iter()
            .map(|r| (r.as_str(), r.thai(), r == round))
            .collect(),
        report,
        forms,
        notice: None,
    })
}

pub async fn page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: ComplaintConfig,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Reply {
    staff.require(Permission::ReadGeneralComplaints)?;
    let Query(query) = query.map_err(|_| WebError::BadRequest("ที่อยู่หน้าไม่ถูกต้อง".into()))?;
    let today = config.clock.today();
    let (year, round) = choose(&query, today)?;
    let mut page = report_page(&store, &staff, today, year, round).await?;
    page.notice = query.saved.map(|_| "บันทึกแล้ว");
    Ok(Html(page.render()?).into_response())
}

pub async fn download(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: ComplaintConfig,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Reply {
    staff.require(Permission::ReadGeneralComplaints)?;
    let Query(query) = query.map_err(|_| WebError::BadRequest("ที่อยู่หน้าไม่ถูกต้อง".into()))?;
    let format = match query.format.as_deref().map(str::trim) {
        Some("pdf") => Format::Pdf,
        Some("xlsx") => Format::Xlsx,
        _ => {
            return Err(WebError::BadRequest(
                "รูปแบบไฟล์ไม่ถูกต้อง เลือกได้ pdf หรือ xlsx".into(),
            ));
        }
    };
    let today = config.clock.today();
    let (year, round) = choose(&query, today)?;
    let input = load_input(
        &*store,
        &staff.organization,
        year,
        round,
        today,
        Some(staff.display_name.clone()),
    )
    .await?;
    // Typesetting is CPU work: keep it off the async workers.
    let bytes =
        tokio::task::spawn_blocking(move || sujarit_reports::render_complaints(format, &input))
            .await
            .map_err(|e| WebError::Internal(format!("report task: {e}")))?
            .map_err(|e| WebError::Internal(format!("report: {e}")))?;
    let name = sujarit_reports::complaints::file_name(year, round, format);
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct NotesSubmission {
    #[serde(default)]
    year: String,
    #[serde(default)]
    round: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    revision: String,
    #[serde(default)]
    problems: String,
    #[serde(default)]
    obstacles: String,
    #[serde(default)]
    solutions: String,
}

pub async fn save_notes(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: ComplaintConfig,
    form: Result<Form<NotesSubmission>, FormRejection>,
) -> Reply {
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let channel = Channel::parse(form.channel.trim())
        .ok_or_else(|| WebError::BadRequest("ช่องทางไม่ถูกต้อง".into()))?;
    staff.require(writer_permission(channel))?;
    let today = config.clock.today();
    let (year, round) = choose(
        &ReportQuery {
            year: Some(form.year.clone()),
            round: Some(form.round.clone()),
            format: None,
            saved: None,
        },
        today,
    )?;
    let revision: i64 = form
        .revision
        .trim()
        .parse()
        .map_err(|_| WebError::BadRequest("ฉบับของแบบฟอร์มไม่ถูกต้อง โปรดเปิดหน้าใหม่".into()))?;
    let notes = ReportNotes {
        problems: form.problems,
        obstacles: form.obstacles,
        solutions: form.solutions,
    };
    let outcome = store
        .save_complaint_report_notes(
            &staff.organization.id,
            FiscalYear(year),
            round,
            channel,
            &notes,
            revision,
            &staff.actor.user_id,
        )
        .await;
    let mut errors = FormErrors::default();
    let status = match outcome {
        Ok(_) => {
            return Ok(Redirect::to(&format!(
                "/staff/complaints/report?year={year}&round={}&saved=1#notes-{}",
                round.as_str(),
                channel.as_str()
            ))
            .into_response());
        }
        Err(StoreError::Invalid(field_errors)) => {
            for e in field_errors {
                errors.add(e.field, e.message);
            }
            StatusCode::BAD_REQUEST
        }
        Err(e @ StoreError::Stale { .. }) => {
            errors.add("form", sujarit_service::wording::refusal(&e));
            StatusCode::CONFLICT
        }
        Err(e) => return Err(e.into()),
    };
    // Show the form again with what was typed, the messages at their fields.
    let mut page = report_page(&store, &staff, today, year, round).await?;
    if let Some(f) = page
        .forms
        .iter_mut()
        .find(|f| f.channel == channel.as_str())
    {
        f.notes = notes;
        f.errors = errors;
    }
    Ok((status, Html(page.render()?)).into_response())
}
