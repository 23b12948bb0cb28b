//! The printed sign-in sheet of an activity and the survey poster of a
//! service counter: each with the QR code of its link.

use super::{PageHeader, pdf, qr_code};
use crate::ReportError;
use serde::Serialize;
use sujarit_core::activity::TargetGroup;

/// An activity's sign-in sheet (ใบลงชื่อเข้าร่วมกิจกรรม), A4 portrait.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigninSheet {
    pub organization: String,
    /// The activity's title.
    pub title: String,
    /// The plan item's code, "1.1".
    pub item: String,
    pub item_name: String,
    /// The kind in Thai (`ActivityKind::thai`).
    pub kind: String,
    /// One line per session, already in Thai ([`super::session_lines`]).
    pub sessions: Vec<String>,
    pub venue: String,
    /// The check-in link; its QR code and the link itself are printed.
    pub checkin_url: String,
    /// At least this many numbered lines; the sheet fills every page it takes
    /// with lines, so there may be more. At most [`MAX_ROWS`].
    pub rows: usize,
}

/// The most lines a sign-in sheet prints (about 37 pages).
pub const MAX_ROWS: usize = 1000;

/// The running title keeps to one line of the page's header.
const RUNNING_CHARS: usize = 60;

#[derive(Serialize)]
pub(super) struct SigninData<'a> {
    header: PageHeader,
    title: &'a str,
    item: &'a str,
    item_name: &'a str,
    kind: &'a str,
    sessions: &'a [String],
    venue: &'a str,
    checkin_url: &'a str,
    qr: String,
    rows: usize,
    /// The target groups, for the legend under the heading.
    groups: Vec<&'static str>,
}

pub(super) fn signin_data(sheet: &SigninSheet) -> Result<SigninData<'_>, ReportError> {
    let title = sheet.title.trim();
    let running = if title.chars().count() > RUNNING_CHARS {
        let cut: String = title.chars().take(RUNNING_CHARS - 1).collect();
        format!("ใบลงชื่อ: {}…", cut.trim_end())
    } else {
        format!("ใบลงชื่อ: {title}")
    };
    Ok(SigninData {
        header: PageHeader {
            organization: sheet.organization.clone(),
            title: format!("ใบลงชื่อเข้าร่วมกิจกรรม {title}"),
            running,
        },
        title,
        item: &sheet.item,
        item_name: &sheet.item_name,
        kind: &sheet.kind,
        sessions: &sheet.sessions,
        venue: &sheet.venue,
        checkin_url: &sheet.checkin_url,
        qr: qr_code(&sheet.checkin_url)?,
        rows: sheet.rows.min(MAX_ROWS),
        groups: TargetGroup::ALL.iter().map(|g| g.thai()).collect(),
    })
}

/// The sign-in sheet as a PDF: the activity, the check-in QR code with its
/// link, and numbered lines (ลำดับ, ชื่อ–สกุล, กลุ่มเป้าหมาย,
/// ตำแหน่ง/หน่วยงาน, ลายมือชื่อ) down to the foot of every page.
pub fn signin_sheet_pdf(sheet: &SigninSheet) -> Result<Vec<u8>, ReportError> {
    pdf("signin.typ", &signin_data(sheet)?)
}

/// The poster for a service counter (A4 portrait, one page): the survey's
/// title, an invitation, a large QR code of its link and the dates it is open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurveyPoster {
    pub organization: String,
    /// The survey's title.
    pub title: String,
    /// The survey's public link.
    pub url: String,
    /// The first and last day answers are taken, in Thai with BE years
    /// (`thai_date`).
    pub opens: String,
    pub closes: String,
}

#[derive(Serialize)]
pub(super) struct PosterData<'a> {
    organization: &'a str,
    title: &'a str,
    url: &'a str,
    opens: &'a str,
    closes: &'a str,
    qr: String,
}

pub(super) fn poster_data(poster: &SurveyPoster) -> Result<PosterData<'_>, ReportError> {
    Ok(PosterData {
        organization: &poster.organization,
        title: &poster.title,
        url: &poster.url,
        opens: &poster.opens,
        closes: &poster.closes,
        qr: qr_code(&poster.url)?,
    })
}

/// The survey poster as a one-page PDF.
pub fn survey_poster_pdf(poster: &SurveyPoster) -> Result<Vec<u8>, ReportError> {
    pdf("poster.typ", &poster_data(poster)?)
}
