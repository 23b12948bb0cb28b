//! The official reports as downloads (PDF, XLSX, CSV): the yearly schedule,
//! the Part 2 summary and the 6- and 12-month monitoring reports. Public, and
//! built from PUBLISHED progress only; they are ITA disclosure items.

use crate::replica::ReadStore;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use sujarit_core::progress::Round;
use sujarit_reports::{Format, ProgressFilter, ReportInput, ReportKind};

use super::current_plan;
use super::views::plan_years;
use crate::AppState;
use crate::error::WebError;
use crate::ui::{Crumb, Layout, Urls, org_crumbs};

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/o/{slug}/reports", axum::routing::get(page))
        .route("/o/{slug}/reports/{file}", axum::routing::get(download))
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    layout: Layout,
    organization: String,
    years: Vec<YearReports>,
}

struct YearReports {
    year: u16,
    rows: Vec<ReportRow>,
}

struct ReportRow {
    title: String,
    files: Vec<(String, String)>,
}

async fn page(store: ReadStore, Path(slug): Path<String>) -> Result<Html<String>, WebError> {
    let (org, _, report) = current_plan(&*store, &slug).await?;
    let urls = Urls::new(&org.slug);
    let row = |kind: ReportKind, year: u16, round: Option<Round>| ReportRow {
        title: match round {
            Some(r) => format!("{} {}", kind.thai(), r.thai()),
            None => kind.thai().to_string(),
        },
        files: Format::ALL
            .iter()
            .map(|&f| {
                let name = sujarit_reports::file_name(kind, f, year, round);
                (
                    f.as_str().to_uppercase(),
                    format!("/o/{}/reports/{name}", org.slug),
                )
            })
            .collect(),
    };
    let years = plan_years(&report.plan)
        .into_iter()
        .map(|year| YearReports {
            year,
            rows: vec![
                row(ReportKind::Schedule, year, None),
                row(ReportKind::Summary, year, None),
                row(ReportKind::Monitoring, year, Some(Round::SixMonths)),
                row(ReportKind::Monitoring, year, Some(Round::TwelveMonths)),
            ],
        })
        .collect();
    let mut crumbs = org_crumbs(&org, &urls);
    crumbs.push(Crumb::here("รายงาน"));
    let page = ReportsPage {
        layout: Layout::new(format!("รายงาน – {}", org.name), crumbs),
        organization: org.name.clone(),
        years,
    };
    Ok(Html(page.render()?))
}

/// "monitoring-2568-6m.pdf" → (kind, format, year, round).
fn parse_file(file: &str) -> Option<(ReportKind, Format, u16, Option<Round>)> {
    let (stem, extension) = file.rsplit_once('.')?;
    let format = Format::parse(extension)?;
    let mut parts = stem.split('-');
    let kind = ReportKind::parse(parts.next()?)?;
    let year: u16 = parts.next()?.parse().ok()?;
    let round = match parts.next() {
        Some(r) => Some(Round::parse(r)?),
        None => None,
    };
    if parts.next().is_some() || (kind == ReportKind::Monitoring) != round.is_some() {
        return None;
    }
    Some((kind, format, year, round))
}

async fn download(
    State(state): State<AppState>,
    store: ReadStore,
    Path((slug, file)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let missing = || WebError::NotFound(format!("ไม่มีรายงานชื่อ \"{file}\""));
    let (kind, format, fiscal_year, round) = parse_file(&file).ok_or_else(missing)?;
    // One name per file ("02568", "+2568" or "6" for "6m" are not it), so
    // that neither cache can be missed by spelling a name differently.
    if file != sujarit_reports::file_name(kind, format, fiscal_year, round) {
        return Err(missing());
    }
    let (org, version, report) = current_plan(&*store, &slug).await?;
    if !plan_years(&report.plan).contains(&fiscal_year) {
        return Err(WebError::NotFound(format!(
            "ปีงบประมาณ {fiscal_year} อยู่นอกช่วงของแผนนี้"
        )));
    }
    let progress = store.published_reports(&org.id, fiscal_year).await?;
    // The file shows the plan version, the organisation's name and the
    // published progress: their fingerprint names the built file, whatever
    // query string came with the request.
    let progress_json =
        serde_json::to_vec(&progress).map_err(|e| WebError::Internal(e.to_string()))?;
    let key = format!(
        "{}/{file}/{}",
        org.id,
        crate::renders::data_version(&[version.id.as_bytes(), org.name.as_bytes(), &progress_json])
    );
    let input = ReportInput {
        organization: org.name.clone(),
        plan: report.plan,
        fiscal_year,
        round,
        progress,
        include: ProgressFilter::Published,
        issuer: None,
        generated_at: time::OffsetDateTime::now_utc(),
    };
    // Typesetting is CPU work: off the async workers, a few at a time.
    let bytes = state
        .renders()
        .get_or_build(key, move || sujarit_reports::render(kind, format, &input))
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                // Named after the organisation too: someone collecting several
                // municipalities' reports gets no clashes.
                format!("attachment; filename=\"{}-{file}\"", org.slug),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_file_names() {
        assert_eq!(
            parse_file("monitoring-2568-6m.pdf"),
            Some((
                ReportKind::Monitoring,
                Format::Pdf,
                2568,
                Some(Round::SixMonths)
            ))
        );
        assert_eq!(
            parse_file("schedule-2566.xlsx"),
            Some((ReportKind::Schedule, Format::Xlsx, 2566, None))
        );
        assert_eq!(
            parse_file("monitoring-2568.pdf"),
            None,
            "a monitoring report needs its round"
        );
        assert_eq!(parse_file("summary-2568-6m.csv"), None);
        assert_eq!(parse_file("summary-2568.exe"), None);
        assert_eq!(parse_file("../../etc/passwd"), None);
    }
}
