//! The public information centre (ศูนย์ข้อมูลข่าวสาร) on the web.
//!
//! * `/o/{slug}/info` — the public centre by topic or by OIT code, each item
//!   with its true status, the date it was last updated and its evidence;
//!   `/o/{slug}/info/dcat.jsonld` — the DCAT catalogue of published items;
//!   `/o/{slug}/info/{year}/{code}/{period}/file` — an uploaded file;
//! * `/staff/info` — a unit's list of what is due and late, or the
//!   coordinator's overview with the OIT readiness figure and reminders;
//! * `/staff/info/{year}/{code}/{period}` — one period: publish a file, a
//!   link or the page Sujarit generates, mark not applicable, set the owner
//!   unit, and the history of every publication;
//! * `/staff/info/catalogues` — install, import, export and copy catalogues.
//!
//! Items whose source is a page Sujarit produces are published by
//! `sujarit_service::disclosure::publish_generated` (at install, at server
//! start and daily) once their page has content, so nobody uploads the plan,
//! the monitoring reports, the activity calendar or the satisfaction
//! survey's results.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use sujarit_core::FiscalYear;
use sujarit_core::disclosure::{
    Catalogue, DisclosureRecord, DisclosureStatus, GeneratedFacts, GeneratedSource, Period,
    PeriodStatus, board, records_of,
};
use time::Date;

use crate::AppState;
use crate::error::WebError;
use crate::format;
use crate::ui::StaffLink;

pub(crate) mod api;
mod catalogues;
mod public;
mod staff;
mod view;

use sujarit_core::account::{Actor, Permission};

/// How many days ahead reminders look.
pub const REMINDER_DAYS: u16 = 14;

/// This feature's section of an organisation's public menu.
pub(crate) fn public_links(urls: &crate::ui::Urls) -> Vec<(&'static str, String)> {
    vec![("ศูนย์ข้อมูลข่าวสาร", urls.page("/info"))]
}

/// The staff menu's counts: this fiscal year's periods that are late and
/// those due now, the whole board for those who read everything, else the
/// unit officer's own unit's.
pub(crate) fn staff_counts<'a>(
    state: &'a AppState,
    staff: &'a crate::auth::CurrentStaff,
) -> crate::ui::CountsFuture<'a> {
    Box::pin(async move {
        use sujarit_core::disclosure::DisclosureStatus;
        let org = &staff.organization.id;
        let whole_board = staff.actor.has(Permission::ReadEverything);
        let unit = match (&staff.actor.unit_id, whole_board) {
            (_, true) => None,
            (Some(id), false) => match state.unit(org, id).await? {
                Some(unit) => Some(unit.name),
                None => return Ok(Vec::new()),
            },
            (None, false) => return Ok(Vec::new()),
        };
        let today = state.today();
        let Some(year) = chosen_year(state, org, None, today).await?.0 else {
            return Ok(Vec::new());
        };
        let Some(view) = load_year(state, org, year, today).await? else {
            return Ok(Vec::new());
        };
        let mine = view
            .board
            .iter()
            .filter(|row| unit.is_none() || row.owner_unit == unit);
        let (mut late, mut due) = (0, 0);
        for row in mine {
            match row.status {
                DisclosureStatus::Late { .. } => late += 1,
                DisclosureStatus::Due => due += 1,
                _ => {}
            }
        }
        Ok(vec![
            crate::ui::MenuCount {
                href: "/staff/info",
                count: late,
                what: "เลยกำหนด",
                urgent: true,
            },
            crate::ui::MenuCount {
                href: "/staff/info",
                count: due,
                what: "ถึงกำหนด",
                urgent: false,
            },
        ])
    })
}

pub(crate) fn routes() -> Router<AppState> {
    // Multipart framing around the largest file the store accepts.
    let upload_limit = usize::try_from(sujarit_store::files::DEFAULT_MAX_BYTES)
        .unwrap_or(usize::MAX)
        .saturating_add(1024 * 1024);
    Router::new()
        .route("/o/{slug}/info", get(public::page))
        .route("/o/{slug}/info/dcat.jsonld", get(public::dcat))
        .route(
            "/o/{slug}/info/{fiscal_year}/{code}/{period}/file",
            get(public::file),
        )
        .route("/staff/info", get(staff::overview))
        .route("/staff/info/catalogues", get(catalogues::page))
        .route("/staff/info/catalogues/install", post(catalogues::install))
        .route(
            "/staff/info/catalogues/import",
            post(catalogues::import).layer(DefaultBodyLimit::max(catalogues::MAX_FILE_BYTES * 2)),
        )
        .route("/staff/info/catalogues/copy", post(catalogues::copy))
        .route(
            "/staff/info/catalogues/{fiscal_year}/{file}",
            get(catalogues::export),
        )
        .route(
            "/staff/info/{fiscal_year}/{code}/{period}",
            get(staff::period_page),
        )
        .route(
            "/staff/info/{fiscal_year}/{code}/{period}/file",
            post(staff::publish_file).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/staff/info/{fiscal_year}/{code}/{period}/link",
            post(staff::publish_link),
        )
        .route(
            "/staff/info/{fiscal_year}/{code}/{period}/generated",
            post(staff::publish_generated_page),
        )
        .route(
            "/staff/info/{fiscal_year}/{code}/{period}/not-applicable",
            post(staff::not_applicable),
        )
        .route(
            "/staff/info/{fiscal_year}/{code}/{period}/owner",
            post(staff::owner),
        )
        .route(
            "/staff/info/{fiscal_year}/{code}/{period}/item",
            post(staff::edit_item),
        )
        .route(
            "/staff/info/{fiscal_year}/{code}/{period}/versions/{version}",
            get(staff::version_file),
        )
}

/// A year's catalogue with everything recorded on it and the status board.
pub(crate) struct YearView {
    pub catalogue: Catalogue,
    pub records: Vec<DisclosureRecord>,
    pub board: Vec<PeriodStatus>,
}

impl YearView {
    pub fn record(&self, code: &str, period: Period) -> Option<&DisclosureRecord> {
        self.records
            .iter()
            .find(|r| r.code == code && r.period == period)
    }

    /// The board rows of one item, in calendar order.
    pub fn rows_of<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a PeriodStatus> + 'a {
        self.board.iter().filter(move |row| row.code == code)
    }
}

pub(crate) async fn load_year(
    store: &AppState,
    organization_id: &str,
    fiscal_year: FiscalYear,
    today: Date,
) -> Result<Option<YearView>, WebError> {
    let Some(catalogue) = store
        .disclosure_catalogue(organization_id, fiscal_year)
        .await?
    else {
        return Ok(None);
    };
    let records = store
        .disclosure_records(organization_id, fiscal_year)
        .await?;
    let board = board(&catalogue, &records_of(&records), today);
    Ok(Some(YearView {
        catalogue,
        records,
        board,
    }))
}

/// The year a page shows: the one asked for, else the current fiscal year
/// when it has a catalogue, else the newest year that has one. None when the
/// organisation has no catalogue at all.
pub(crate) async fn chosen_year(
    store: &AppState,
    organization_id: &str,
    requested: Option<&str>,
    today: Date,
) -> Result<(Option<FiscalYear>, Vec<FiscalYear>), WebError> {
    let years: Vec<FiscalYear> = store
        .disclosure_catalogue_years(organization_id)
        .await?
        .into_iter()
        .map(|s| s.fiscal_year)
        .collect();
    if let Some(text) = requested.map(str::trim).filter(|t| !t.is_empty()) {
        let year = parse_year(text)?;
        return Ok((Some(year), years));
    }
    let current = FiscalYear::of(today);
    let year = if years.contains(&current) {
        Some(current)
    } else {
        years.first().copied()
    };
    Ok((year, years))
}

pub(crate) fn parse_year(text: &str) -> Result<FiscalYear, WebError> {
    format::parse_fiscal_year(text)
        .map(FiscalYear)
        .ok_or_else(|| {
            WebError::BadRequest("ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2568".into())
        })
}

/// The period a URL names, checked against the catalogue.
pub(crate) fn parse_period(text: &str) -> Result<Period, WebError> {
    Period::parse_key(text).ok_or_else(|| {
        WebError::BadRequest("งวดไม่ถูกต้อง ใช้ once, year, h1, h2, q1–q4 หรือ m01–m12".into())
    })
}

/// A CSS class per status, for the coloured badges.
pub(crate) fn status_class(status: &DisclosureStatus) -> &'static str {
    match status {
        DisclosureStatus::NotDue => "status-not-due",
        DisclosureStatus::Due => "status-due",
        DisclosureStatus::Late { .. } => "status-late",
        DisclosureStatus::Published { on_time: true } => "status-published",
        DisclosureStatus::Published { on_time: false } => "status-published-late",
        DisclosureStatus::NotApplicable { .. } => "status-not-applicable",
    }
}

/// What an item as a whole shows: late if any period is late; otherwise
/// the status of the latest period that has opened (the first one when none
/// has).
pub(crate) fn item_status<'a>(rows: &[&'a PeriodStatus], today: Date) -> Option<&'a PeriodStatus> {
    if let Some(late) = rows
        .iter()
        .find(|r| matches!(r.status, DisclosureStatus::Late { .. }))
    {
        return Some(late);
    }
    rows.iter()
        .rev()
        .find(|r| r.schedule.opens_on <= today)
        .or_else(|| rows.first())
        .copied()
}

/// Sorts "O2" before "O10" and "2.1.1-2" before "2.1.1-10": runs of digits
/// compare as numbers.
pub(crate) fn code_sort_key(code: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut text = String::new();
    let mut number: Option<u64> = None;
    for c in code.chars() {
        if let Some(d) = c.to_digit(10) {
            number = Some(number.unwrap_or(0).saturating_mul(10) + u64::from(d));
        } else {
            if let Some(n) = number.take() {
                key.push((std::mem::take(&mut text), n));
            }
            text.push(c);
        }
    }
    key.push((text, number.unwrap_or(0)));
    key
}

/// URL of a period's back-office page.
pub(crate) fn period_url(fiscal_year: FiscalYear, code: &str, period: Period) -> String {
    format!(
        "/staff/info/{fiscal_year}/{}/{}",
        format::path_segment(code),
        period.key()
    )
}

/// URL of an uploaded file on the public centre.
pub(crate) fn public_file_url(
    slug: &str,
    fiscal_year: FiscalYear,
    code: &str,
    period: Period,
) -> String {
    format!(
        "/o/{}/info/{fiscal_year}/{}/{}/file",
        format::path_segment(slug),
        format::path_segment(code),
        period.key()
    )
}

/// The page of Sujarit's own that stands for a generated source, when it
/// exists ([`GeneratedSource::page_exists`] with the facts of the
/// organisation's `fiscal_year`, `sujarit_service::disclosure::generated_facts`).
/// The activity sources stand for the public activity calendar of the
/// year; the satisfaction report for its survey's public results.
pub fn generated_href(
    source: GeneratedSource,
    slug: &str,
    fiscal_year: FiscalYear,
    facts: &GeneratedFacts,
) -> Option<String> {
    if !source.page_exists(facts) {
        return None;
    }
    let base = format!("/o/{}", format::path_segment(slug));
    let report = |round: sujarit_core::progress::Round| {
        format!(
            "{base}/reports/{}",
            sujarit_reports::file_name(
                sujarit_reports::ReportKind::Monitoring,
                sujarit_reports::Format::Pdf,
                fiscal_year.be(),
                Some(round),
            )
        )
    };
    Some(match source {
        GeneratedSource::Plan => base,
        GeneratedSource::Monitoring6m => report(sujarit_core::progress::Round::SixMonths),
        GeneratedSource::Monitoring12m => report(sujarit_core::progress::Round::TwelveMonths),
        GeneratedSource::ComplaintStats | GeneratedSource::CorruptionReportStats => {
            format!("{base}/complaints/stats")
        }
        GeneratedSource::ComplaintManual
        | GeneratedSource::ComplaintChannels
        | GeneratedSource::CorruptionReportChannel
        | GeneratedSource::CorruptionReportManual => format!("{base}/complaints"),
        GeneratedSource::EthicsActivities
        | GeneratedSource::StaffDevelopment
        | GeneratedSource::Participation => {
            format!("{base}/activities?year={}", fiscal_year.be())
        }
        GeneratedSource::SatisfactionSurvey => format!(
            "{base}/surveys/{}/results",
            format::path_segment(facts.satisfaction_survey.as_deref()?)
        ),
        GeneratedSource::RiskAssessment | GeneratedSource::RiskManagement => {
            format!("{base}/integrity/risks?year={}", fiscal_year.be())
        }
        GeneratedSource::InternalMeasures | GeneratedSource::InternalMeasuresResults => {
            format!("{base}/integrity/measures?year={}", fiscal_year.be())
        }
        GeneratedSource::GiftReport => format!("{base}/integrity/gifts?year={}", fiscal_year.be()),
        GeneratedSource::InternalAuditReport => {
            format!("{base}/integrity/audit?year={}", fiscal_year.be())
        }
        GeneratedSource::InternalControlReport => {
            format!("{base}/integrity/control?year={}", fiscal_year.be())
        }
    })
}

/// This feature's entry in the staff menu.
pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    let mut links = Vec::new();
    links.push(StaffLink {
        label: "ศูนย์ข้อมูลข่าวสาร",
        href: "/staff/info",
        description: if actor.has(Permission::ManageDisclosures) {
            "รายการข้อมูลสาธารณะ (ITA OIT และมาตรการ 2.1/2) ความพร้อม การแจ้งเตือน การเผยแพร่ และการจัดการรายการ"
        } else if actor.role == sujarit_core::account::Role::UnitOfficer {
            "ข้อมูลสาธารณะที่หน่วยงานของคุณต้องเผยแพร่ สิ่งที่ถึงกำหนดและที่เลยกำหนด"
        } else {
            "ความพร้อมของข้อมูลสาธารณะตามเกณฑ์ OIT และสถานะทุกรายการ (ดูอย่างเดียว)"
        },
    });
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_sort_by_their_numbers() {
        let mut codes = vec!["O10", "O2", "O1", "2.1.1-10", "2.1.1-2"];
        codes.sort_by_key(|c| code_sort_key(c));
        assert_eq!(codes, ["2.1.1-2", "2.1.1-10", "O1", "O2", "O10"]);
    }

    #[test]
    fn generated_pages_exist_only_with_a_plan_where_they_need_one() {
        let y = FiscalYear(2568);
        let plan = GeneratedFacts {
            has_plan: true,
            ..GeneratedFacts::default()
        };
        let none = GeneratedFacts::default();
        assert_eq!(
            generated_href(GeneratedSource::Plan, "demo", y, &plan).as_deref(),
            Some("/o/demo")
        );
        assert_eq!(
            generated_href(GeneratedSource::Plan, "demo", y, &none),
            None
        );
        assert_eq!(
            generated_href(GeneratedSource::Monitoring6m, "demo", y, &plan).as_deref(),
            Some("/o/demo/reports/monitoring-2568-6m.pdf")
        );
        assert_eq!(
            generated_href(GeneratedSource::ComplaintStats, "demo", y, &none).as_deref(),
            Some("/o/demo/complaints/stats")
        );
    }

    #[test]
    fn activity_sources_link_the_years_calendar_once_it_has_an_activity() {
        let y = FiscalYear(2568);
        let held = GeneratedFacts {
            activities: 2,
            staff_development: 1,
            participation: 1,
            ..GeneratedFacts::default()
        };
        for source in [
            GeneratedSource::EthicsActivities,
            GeneratedSource::StaffDevelopment,
            GeneratedSource::Participation,
        ] {
            assert_eq!(
                generated_href(source, "demo", y, &held).as_deref(),
                Some("/o/demo/activities?year=2568"),
                "{source:?}"
            );
            assert_eq!(
                generated_href(source, "demo", y, &GeneratedFacts::default()),
                None,
                "{source:?}"
            );
        }
        // Activities, but none for staff: no staff development page.
        let public_only = GeneratedFacts {
            activities: 1,
            participation: 1,
            ..GeneratedFacts::default()
        };
        assert_eq!(
            generated_href(GeneratedSource::StaffDevelopment, "demo", y, &public_only),
            None
        );
        assert_eq!(
            generated_href(
                GeneratedSource::EthicsActivities,
                "เทศบาล",
                FiscalYear(2569),
                &public_only
            )
            .as_deref(),
            Some("/o/%E0%B9%80%E0%B8%97%E0%B8%A8%E0%B8%9A%E0%B8%B2%E0%B8%A5/activities?year=2569")
        );
    }

    #[test]
    fn the_satisfaction_report_links_its_surveys_results() {
        let y = FiscalYear(2568);
        let with = GeneratedFacts {
            satisfaction_survey: Some("s-1".into()),
            ..GeneratedFacts::default()
        };
        assert_eq!(
            generated_href(GeneratedSource::SatisfactionSurvey, "demo", y, &with).as_deref(),
            Some("/o/demo/surveys/s-1/results")
        );
        assert_eq!(
            generated_href(
                GeneratedSource::SatisfactionSurvey,
                "demo",
                y,
                &GeneratedFacts {
                    has_plan: true,
                    activities: 3,
                    ..GeneratedFacts::default()
                }
            ),
            None
        );
    }
}
