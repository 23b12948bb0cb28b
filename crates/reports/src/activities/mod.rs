//! What a plan item's activities produce on paper (issue 10): the sign-in
//! sheet with its check-in QR code, the survey poster for a service counter,
//! a survey's report and its answers, and the summary of an item's activities,
//! publicity and KPIs for a fiscal year.
//!
//! Like the rest of the crate: plain data in, bytes out, no I/O. Every date is
//! shown in BE (`sujarit_core::fiscal::thai_date`). PDFs come from the typst
//! templates `signin.typ`, `poster.typ`, `survey.typ` and
//! `activity_summary.typ`, which get the data built here as JSON; they carry
//! no print date, so the same data always gives the same bytes.

use crate::ReportError;
use serde::Serialize;
use sujarit_core::activity::Session;
use sujarit_core::fiscal::thai_date;
use time::{OffsetDateTime, Weekday};

mod sheets;
mod summary;
mod survey;

pub use sheets::{MAX_ROWS, SigninSheet, SurveyPoster, signin_sheet_pdf, survey_poster_pdf};
pub use summary::{
    ActivitySummary, KpiRow, PARTICIPANTS_NOTE, activity_summary_pdf, activity_summary_xlsx,
    met_text,
};
pub use survey::{
    MEAN_CRITERIA, NO_ANSWERS_NOTE, SurveyReport, WITHHELD_NOTE, mean_level, survey_answers_csv,
    survey_answers_xlsx, survey_report_pdf, survey_report_xlsx,
};

/// One of this module's PDFs, for [`pdf_warnings`].
#[derive(Clone, Copy, Debug)]
pub enum Printable<'a> {
    SigninSheet(&'a SigninSheet),
    SurveyPoster(&'a SurveyPoster),
    SurveyReport(&'a SurveyReport),
    ActivitySummary(&'a ActivitySummary),
}

/// typst's warnings for one of these PDFs (a character the fonts lack, say):
/// empty when the template is right. For tests and template work.
pub fn pdf_warnings(document: Printable<'_>) -> Result<Vec<String>, ReportError> {
    let (pdf, warnings) = match document {
        Printable::SigninSheet(s) => typeset("signin.typ", &sheets::signin_data(s)?),
        Printable::SurveyPoster(p) => typeset("poster.typ", &sheets::poster_data(p)?),
        Printable::SurveyReport(r) => typeset("survey.typ", &survey::report_data(r)),
        Printable::ActivitySummary(s) => typeset("activity_summary.typ", &summary::data(s)),
    };
    pdf.map(|_| warnings)
}

/// What `common.typ`'s page shows at the top of every page; no print date.
#[derive(Clone, Debug, Serialize)]
struct PageHeader {
    organization: String,
    title: String,
    /// The short title at the top right of every page.
    running: String,
}

fn typeset(template: &str, data: &impl Serialize) -> (Result<Vec<u8>, ReportError>, Vec<String>) {
    // The templates never ask typst for today's date: any instant will do.
    crate::pdf::typeset_data(template, data, OffsetDateTime::UNIX_EPOCH)
}

fn pdf(template: &str, data: &impl Serialize) -> Result<Vec<u8>, ReportError> {
    typeset(template, data).0
}

/// The QR code of a link, or a Thai reason why there is none.
fn qr_code(url: &str) -> Result<String, ReportError> {
    crate::qr::try_svg(url).ok_or_else(|| {
        ReportError::Pdf(format!("ลิงก์ยาว {} ไบต์ เกินกว่าที่คิวอาร์โค้ดจะบรรจุได้", url.len()))
    })
}

/// "85.00": a share in percent with two decimals, as the complaints report
/// writes them.
fn percent_text(value: f64) -> String {
    format!("{value:.2}")
}

/// A count or a mean as a person reads it: "12", "4.25", "3.5".
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

const WEEKDAYS: [&str; 7] = ["จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์"];

fn weekday(day: Weekday) -> &'static str {
    WEEKDAYS[day.number_days_from_monday() as usize]
}

fn clock(t: time::Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// "วันพฤหัสบดีที่ 15 มกราคม 2569 เวลา 09:00–16:00 น.": one line per session,
/// as a sign-in sheet ([`SigninSheet::sessions`]) prints them, in date order.
pub fn session_lines(sessions: &[Session]) -> Vec<String> {
    let mut sorted = sessions.to_vec();
    sorted.sort_by_key(|s| (s.date, s.starts));
    sorted
        .iter()
        .map(|s| {
            format!(
                "วัน{}ที่ {} เวลา {}–{} น.",
                weekday(s.date.weekday()),
                thai_date(s.date),
                clock(s.starts),
                clock(s.ends)
            )
        })
        .collect()
}

/// The dates of an activity for a table cell, as lines: per day its date and
/// its times ("15 มกราคม 2569", "09:00–12:00, 13:00–16:00 น."); past four
/// days, the first and last day and the number of days and sessions.
fn dates_cell(sessions: &[Session]) -> Vec<String> {
    let mut sorted = sessions.to_vec();
    sorted.sort_by_key(|s| (s.date, s.starts));
    let mut days: Vec<(time::Date, Vec<String>)> = Vec::new();
    for s in &sorted {
        let times = format!("{}–{}", clock(s.starts), clock(s.ends));
        match days.last_mut() {
            Some((day, list)) if *day == s.date => list.push(times),
            _ => days.push((s.date, vec![times])),
        }
    }
    match days.as_slice() {
        [] => vec!["-".into()],
        [first, .., last] if days.len() > 4 => vec![
            format!("{} –", thai_date(first.0)),
            thai_date(last.0),
            format!("({} วัน {} ช่วง)", days.len(), sorted.len()),
        ],
        _ => days
            .iter()
            .flat_map(|(day, times)| [thai_date(*day), format!("{} น.", times.join(", "))])
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, time};

    fn session(date: time::Date, starts: time::Time, ends: time::Time) -> Session {
        Session { date, starts, ends }
    }

    #[test]
    fn sessions_are_written_in_thai_with_be_years() {
        let sessions = [
            session(date!(2026 - 01 - 16), time!(9:00), time!(12:00)),
            session(date!(2026 - 01 - 15), time!(13:00), time!(16:30)),
            session(date!(2026 - 01 - 15), time!(9:00), time!(12:00)),
        ];
        assert_eq!(
            session_lines(&sessions),
            [
                "วันพฤหัสบดีที่ 15 มกราคม 2569 เวลา 09:00–12:00 น.",
                "วันพฤหัสบดีที่ 15 มกราคม 2569 เวลา 13:00–16:30 น.",
                "วันศุกร์ที่ 16 มกราคม 2569 เวลา 09:00–12:00 น.",
            ]
        );
        assert_eq!(
            dates_cell(&sessions),
            [
                "15 มกราคม 2569",
                "09:00–12:00, 13:00–16:30 น.",
                "16 มกราคม 2569",
                "09:00–12:00 น.",
            ]
        );
        let camp: Vec<Session> = (0..6)
            .map(|d| {
                session(
                    date!(2026 - 03 - 01) + time::Duration::days(d),
                    time!(8:00),
                    time!(17:00),
                )
            })
            .collect();
        assert_eq!(
            dates_cell(&camp),
            ["1 มีนาคม 2569 –", "6 มีนาคม 2569", "(6 วัน 6 ช่วง)"]
        );
        assert_eq!(dates_cell(&[]), ["-"]);
    }

    #[test]
    fn numbers_are_written_plainly() {
        assert_eq!(number_text(12.0), "12");
        assert_eq!(number_text(4.25), "4.25");
        assert_eq!(number_text(3.5), "3.5");
        assert_eq!(number_text(4.0 / 3.0), "1.33");
        assert_eq!(percent_text(200.0 / 3.0), "66.67");
    }
}
