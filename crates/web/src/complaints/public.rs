//! What citizens see: the two channels, the filing forms, the receipt, the
//! tracking page (with the survey and "add information"), and statistics.

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{FromRequest, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse};
use serde::Deserialize;
use sujarit_core::FiscalYear;
use sujarit_core::complaint::{
    self, Category, Channel, Contact, CorruptionContent, Location, MIN_DETAILS_CHARS,
    MIN_SUBJECT_CHARS, NewComplaint, SUBMISSION_HOURS, SubmissionKey, SurveyAnswer, TrackingCode,
};
use sujarit_core::fiscal::thai_date;
use sujarit_core::thai::datetime_text;
use sujarit_store::files::FileError;
use sujarit_store::{ComplainantInformation, Organization, PublicCase, StoreError, SurveyStatus};

use sujarit_core::case_keys::field;
use sujarit_service::complaints::{FilingError, attachments, keys};

use super::{ComplaintConfig, file_one, parse_code, peer, too_many};
use crate::AppState;
use crate::error::WebError;
use crate::ui::{Crumb, FormErrors, Layout, Reply, Urls, org_crumbs};

/// Pages with a tracking code or a contact are never kept by a browser or proxy.
fn private(status: StatusCode, page: impl Template) -> Reply {
    Ok((
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Html(page.render()?),
    )
        .into_response())
}

fn page(status: StatusCode, page: impl Template) -> Reply {
    Ok((status, Html(page.render()?)).into_response())
}

pub(crate) async fn organization(store: &AppState, slug: &str) -> Result<Organization, WebError> {
    store
        .organization_by_slug(slug)
        .await?
        .ok_or_else(|| WebError::NotFound("ไม่พบองค์กรที่ระบุ".into()))
}

fn channel_of(text: &str) -> Result<Channel, WebError> {
    Channel::parse(text).ok_or_else(|| {
        WebError::NotFound(
            "ไม่พบช่องทางนี้ ช่องทางที่มีคือ general (เรื่องร้องทุกข์ทั่วไป) และ corruption (แจ้งเบาะแสการทุจริต)"
                .into(),
        )
    })
}

fn complaints_url(org: &Organization) -> String {
    format!("/o/{}/complaints", org.slug)
}

fn layout(org: &Organization, title: &str, here_is_landing: bool) -> Layout {
    let urls = Urls::new(&org.slug);
    let mut crumbs = org_crumbs(org, &urls);
    if here_is_landing {
        crumbs.push(Crumb::here("ร้องเรียน/แจ้งเบาะแส"));
    } else {
        crumbs.push(Crumb::link("ร้องเรียน/แจ้งเบาะแส", complaints_url(org)));
        crumbs.push(Crumb::here(title));
    }
    Layout::new(title, crumbs)
}

// ---------------------------------------------------------------------------
// Landing

#[derive(Template)]
#[template(path = "complaints/landing.html")]
pub struct LandingPage {
    pub layout: Layout,
    pub organization: String,
    pub base: String,
    pub general_days: u16,
    pub corruption_days: u16,
    pub general_categories: Vec<String>,
    pub corruption_categories: Vec<String>,
}

pub async fn landing(State(store): State<AppState>, Path(slug): Path<String>) -> Reply {
    let org = organization(&store, &slug).await?;
    let settings = store.complaint_settings(&org.id).await?;
    let labels = |list: Vec<Category>| -> Vec<String> {
        list.into_iter()
            .filter(|c| c.enabled)
            .map(|c| c.thai)
            .collect()
    };
    page(
        StatusCode::OK,
        LandingPage {
            layout: layout(&org, "ร้องเรียน/แจ้งเบาะแส", true),
            organization: org.name.clone(),
            base: complaints_url(&org),
            general_days: settings.general_deadline_days,
            corruption_days: settings.corruption_deadline_days,
            general_categories: labels(
                store
                    .complaint_categories(&org.id, Channel::General)
                    .await?,
            ),
            corruption_categories: labels(
                store
                    .complaint_categories(&org.id, Channel::Corruption)
                    .await?,
            ),
        },
    )
}

// ---------------------------------------------------------------------------
// Filing

pub struct CategoryChoice {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

/// What the citizen typed, shown again with errors.
#[derive(Default, Deserialize)]
pub struct FilingForm {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub details: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub persons_concerned: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub address: String,
    /// The form's one-time key (see [`SubmissionKey`]).
    #[serde(default)]
    pub submission: String,
    /// Decimal degrees, both or neither (general complaints).
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
}

#[derive(Template)]
#[template(path = "complaints/form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub organization: String,
    pub corruption: bool,
    pub action: String,
    pub base: String,
    pub deadline_days: u16,
    pub categories: Vec<CategoryChoice>,
    pub form: FilingForm,
    pub errors: FormErrors,
    /// The corruption channel with no integrity officer holding keys: nobody
    /// could open a report, so the page says so instead of taking one.
    pub closed: Option<&'static str>,
    /// The one-time key this rendering of the form files with.
    pub submission: String,
    /// `accept=`: the kinds a complainant's file may be.
    pub accept: String,
    /// What the form says of the files: "PDF, JPG, …".
    pub accepted_names: String,
    pub max_file_size: String,
    pub max_files: usize,
    pub min_subject: usize,
    pub min_details: usize,
    pub script: &'static str,
}

/// The kinds a complainant may attach: every accepted kind but the old
/// binary Office formats, whose hidden data the cleaner cannot remove.
fn complainant_kinds() -> impl Iterator<Item = sujarit_core::files::FileKind> {
    use sujarit_core::files::{ACCEPTED, DOC, XLS};
    ACCEPTED.into_iter().filter(|k| *k != DOC && *k != XLS)
}

async fn form_page(
    store: &AppState,
    org: &Organization,
    channel: Channel,
    form: FilingForm,
    errors: FormErrors,
) -> Result<FormPage, WebError> {
    let settings = store.complaint_settings(&org.id).await?;
    let categories = store
        .complaint_categories(&org.id, channel)
        .await?
        .into_iter()
        .filter(|c| c.enabled)
        .map(|c| CategoryChoice {
            selected: c.code == form.category,
            code: c.code,
            label: c.thai,
        })
        .collect();
    let corruption = channel == Channel::Corruption;
    let closed = (corruption && store.officer_public_keys(&org.id).await?.is_empty())
        .then_some(sujarit_service::complaints::NO_RECIPIENT);
    let title = if corruption {
        "แจ้งเบาะแสการทุจริต"
    } else {
        "ร้องทุกข์/ร้องเรียน"
    };
    // A form shown again after a refusal keeps its key (nothing was filed
    // with it); a fresh form gets a new one.
    let submission = SubmissionKey::parse(&form.submission)
        .unwrap_or_else(SubmissionKey::generate)
        .as_text();
    let max_bytes = config_max_bytes(store);
    Ok(FormPage {
        layout: layout(org, title, false),
        organization: org.name.clone(),
        corruption,
        action: format!("{}/new/{}", complaints_url(org), channel.as_str()),
        base: complaints_url(org),
        deadline_days: settings.deadline_days(channel),
        categories,
        form,
        errors,
        closed,
        submission,
        accept: complainant_kinds()
            .flat_map(|k| k.extensions.iter().map(|e| format!(".{e}")))
            .collect::<Vec<_>>()
            .join(","),
        accepted_names: complainant_kinds()
            .map(|k| k.extensions[0].to_uppercase())
            .collect::<Vec<_>>()
            .join(", "),
        max_file_size: sujarit_store::files::size_text(max_bytes),
        max_files: attachments::MAX_FILES,
        min_subject: MIN_SUBJECT_CHARS,
        min_details: MIN_DETAILS_CHARS,
        script: crate::assets::complaints_script_url(),
    })
}

/// The largest file the filing form takes.
fn config_max_bytes(store: &AppState) -> u64 {
    store.complaint_file_limit()
}

pub async fn new_form(
    State(store): State<AppState>,
    Path((slug, channel)): Path<(String, String)>,
) -> Reply {
    let org = organization(&store, &slug).await?;
    let channel = channel_of(&channel)?;
    let form = form_page(
        &store,
        &org,
        channel,
        FilingForm::default(),
        FormErrors::default(),
    )
    .await?;
    // Never from the page cache (or a proxy): each rendering carries its own
    // one-time key, and two people sharing one would share a receipt.
    private(StatusCode::OK, form)
}

fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl FilingForm {
    pub fn complaint(&self, channel: Channel) -> NewComplaint {
        let contact = Contact {
            name: optional(&self.name),
            phone: optional(&self.phone),
            email: optional(&self.email),
            address: optional(&self.address),
        };
        NewComplaint {
            channel,
            category: self.category.trim().to_string(),
            subject: self.subject.clone(),
            details: self.details.clone(),
            place: optional(&self.place),
            persons_concerned: match channel {
                Channel::Corruption => optional(&self.persons_concerned),
                Channel::General => None,
            },
            contact: (!contact.is_empty()).then_some(contact),
            location: None,
        }
    }
}

/// A receipt ready to show: the code grouped for reading aloud, BE dates.
pub struct ComplaintReceiptView {
    pub code: String,
    pub received: String,
    pub due: String,
}

impl ComplaintReceiptView {
    fn new(code: &TrackingCode, received_at: time::OffsetDateTime, due: time::Date) -> Self {
        ComplaintReceiptView {
            code: code.display(),
            received: datetime_text(received_at),
            due: thai_date(due),
        }
    }
}

#[derive(Template)]
#[template(path = "complaints/receipt.html")]
pub struct ReceiptPage {
    pub layout: Layout,
    /// None: no receipt for this browser (no cookie, or its filing is older
    /// than a day); the page says so.
    pub receipt: Option<ComplaintReceiptView>,
    pub organization: String,
    pub corruption: bool,
    /// The tracking page.
    pub track_url: String,
    /// The tracking page with the code in its fragment (`#code=…`): the
    /// fragment never reaches a server or its log.
    pub track_link: String,
    /// The same link, absolute when `--public-url` is set, as an inline SVG
    /// QR code (an image URL would carry the code).
    pub qr_svg: String,
    pub hours: i64,
    pub script: &'static str,
}

/// The cookie that shows a receipt again: the filing form's one-time key,
/// sent only to the receipt page.
const RECEIPT_COOKIE: &str = "sujarit_receipt";

fn receipt_path(org: &Organization) -> String {
    format!(
        "/o/{}/complaints/receipt",
        crate::format::path_segment(&org.slug)
    )
}

/// After a filing: 303 to the receipt page, whose URL holds no code, with
/// the one-time key in a short-lived cookie only that page receives. A
/// corruption report's cookie ends with the browser session: on a shared
/// phone or counter PC the next person must not find the reporter's code.
fn to_receipt(
    store: &AppState,
    org: &Organization,
    key: &SubmissionKey,
    channel: Channel,
) -> Reply {
    let secure = if store.auth().secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let lifetime = match channel {
        Channel::General => format!("; Max-Age={}", SUBMISSION_HOURS * 3600),
        Channel::Corruption => String::new(),
    };
    let cookie = format!(
        "{RECEIPT_COOKIE}={}; Path={}; HttpOnly; SameSite=Strict{lifetime}{secure}",
        key.as_text(),
        receipt_path(org),
    );
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, receipt_path(org)),
            (header::SET_COOKIE, cookie),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
    )
        .into_response())
}

fn cookie_value<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The tracking page with `code` in the fragment.
fn track_link(base: &str, org: &Organization, code: &TrackingCode) -> String {
    format!(
        "{base}{}/track#code={}",
        complaints_url(org),
        code.display()
    )
}

/// The receipt of this browser's last filing (GET, reloadable: it files
/// nothing). The code is opened with the one-time key in the cookie.
pub async fn receipt(
    State(store): State<AppState>,
    config: ComplaintConfig,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
) -> Reply {
    let org = organization(&store, &slug).await?;
    let key = cookie_value(&headers, RECEIPT_COOKIE).and_then(SubmissionKey::parse);
    let found = match &key {
        Some(key) => store
            .complaint_submission(&org.id, &key.key_hash(&org.id))
            .await?
            // A day after the filing the receipt is gone, whatever the
            // cookie says (the store forgets the key soon after).
            .filter(|s| {
                s.created_at >= config.clock.now() - time::Duration::hours(SUBMISSION_HOURS)
            })
            .and_then(|s| Some((key.open_code(&org.id, &s.sealed_code)?, s))),
        None => None,
    };
    let mut page = ReceiptPage {
        layout: layout(&org, "ใบรับเรื่อง", false),
        receipt: None,
        organization: org.name.clone(),
        corruption: false,
        track_url: format!("{}/track", complaints_url(&org)),
        track_link: String::new(),
        qr_svg: String::new(),
        hours: SUBMISSION_HOURS,
        script: crate::assets::complaints_script_url(),
    };
    let Some((code, filed)) = found else {
        return private(StatusCode::NOT_FOUND, page);
    };
    page.layout = layout(&org, "รับเรื่องแล้ว", false);
    page.receipt = Some(ComplaintReceiptView::new(
        &code,
        filed.received_at,
        filed.due_date,
    ));
    page.corruption = filed.channel == Channel::Corruption;
    page.track_link = track_link("", &org, &code);
    let absolute = track_link(
        crate::ui::public_base_url(&store).trim_end_matches('/'),
        &org,
        &code,
    );
    page.qr_svg = sujarit_reports::qr::try_svg(&absolute)
        .map(|svg| inline_svg(&svg))
        .unwrap_or_default();
    private(StatusCode::OK, page)
}

/// A standalone SVG document made fit to sit inside a page: no XML
/// declaration, an accessible name.
fn inline_svg(svg: &str) -> String {
    let start = svg.find("<svg").unwrap_or(0);
    svg[start..].replacen(
        "<svg",
        "<svg class=\"qr\" role=\"img\" aria-label=\"คิวอาร์โค้ดสำหรับเปิดหน้าติดตามเรื่องนี้\"",
        1,
    )
}

pub async fn file(
    State(store): State<AppState>,
    config: ComplaintConfig,
    Path((slug, channel)): Path<(String, String)>,
    request_extensions: axum::http::Extensions,
    request: axum::extract::Request,
) -> Reply {
    let org = organization(&store, &slug).await?;
    let channel = channel_of(&channel)?;
    if !config.limits.filing.allow(peer(&request_extensions)) {
        return Err(too_many("ส่งเรื่อง"));
    }
    let unreadable =
        || WebError::BadRequest("อ่านข้อมูลที่ส่งมาไม่ได้ โปรดกรอกแบบฟอร์มแล้วส่งใหม่อีกครั้ง".into());
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("multipart/form-data"));
    let mut errors = FormErrors::default();
    let (form, incoming) = if multipart {
        let parts = axum::extract::Multipart::from_request(request, &())
            .await
            .map_err(|_| unreadable())?;
        read_multipart(parts, &config.files, &mut errors).await?
    } else {
        let Form(form) = Form::<FilingForm>::from_request(request, &())
            .await
            .map_err(|_: FormRejection| unreadable())?;
        (form, Vec::new())
    };
    let mut complaint = form.complaint(channel);
    // The coordinates are read here (a corruption report's form has none:
    // whatever comes is refused by the complaint's own check).
    match Location::parse(&form.latitude, &form.longitude) {
        Ok(location) => complaint.location = location,
        Err(refused) => {
            for e in refused {
                errors.add(e.field, e.message);
            }
        }
    }
    // A form without a key (an old page, a script) files with a fresh one.
    let key = SubmissionKey::parse(&form.submission).unwrap_or_else(SubmissionKey::generate);
    let refused = if errors.is_empty() {
        match file_one(&config, &org.id, &complaint, incoming, Some(&key)).await {
            Ok(_) => return to_receipt(&store, &org, &key, channel),
            Err(FilingError::Refused(refused)) => refused,
            Err(FilingError::Failed) => return Err(WebError::Internal("filing failed".into())),
        }
    } else {
        // The form could not be read whole: nothing is filed, and what the
        // fields lack is said at the same time.
        complaint.validate()
    };
    for e in refused {
        // The form's contact fields are named without the "contact." prefix.
        errors.add(e.field.trim_start_matches("contact."), e.message);
    }
    let form = form_page(&store, &org, channel, form, errors).await?;
    private(StatusCode::BAD_REQUEST, form)
}

/// The filing form sent as multipart: its text fields and up to
/// [`MAX_FILES`](attachments::MAX_FILES) files, each within the file
/// store's limit and spooled to disk as it arrives (a file over the limit
/// or a part cut off is removed at once).
async fn read_multipart(
    mut parts: axum::extract::Multipart,
    file_store: &sujarit_store::files::FileStore,
    errors: &mut FormErrors,
) -> Result<(FilingForm, Vec<attachments::Incoming>), WebError> {
    let max_bytes = file_store.max_bytes();
    let mut form = FilingForm::default();
    let mut files = Vec::new();
    let too_large = || {
        format!(
            "ไฟล์แนบแต่ละไฟล์ต้องไม่เกิน {}",
            sujarit_store::files::size_text(max_bytes)
        )
    };
    loop {
        let mut field = match parts.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                errors.add("files", too_large());
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == "files" {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let mut spool = file_store.spool(&file_name).await.map_err(|error| {
                tracing::error!(%error, "spooling an attachment failed");
                WebError::Internal("รับไฟล์แนบไม่สำเร็จ".into())
            })?;
            let mut whole = true;
            loop {
                match field.chunk().await {
                    Ok(Some(chunk)) => match spool.write(&chunk).await {
                        Ok(()) => {}
                        Err(FileError::Io(error)) => {
                            tracing::error!(%error, "spooling an attachment failed");
                            return Err(WebError::Internal("รับไฟล์แนบไม่สำเร็จ".into()));
                        }
                        Err(_) => {
                            whole = false;
                            break;
                        }
                    },
                    Ok(None) => break,
                    Err(_) => {
                        whole = false;
                        break;
                    }
                }
            }
            if !whole {
                // Refused: what was received is removed now, with the spool.
                errors.add("files", too_large());
                continue;
            }
            // A file input left empty still sends a part with no name.
            if file_name.is_empty() && spool.is_empty() {
                continue;
            }
            if files.len() == attachments::MAX_FILES {
                errors.add(
                    "files",
                    format!("แนบไฟล์ได้ไม่เกิน {} ไฟล์", attachments::MAX_FILES),
                );
                continue;
            }
            files.push(attachments::Incoming { file_name, spool });
            continue;
        }
        let text = field.text().await.unwrap_or_default();
        let slot = match name.as_str() {
            "category" => &mut form.category,
            "subject" => &mut form.subject,
            "details" => &mut form.details,
            "place" => &mut form.place,
            "persons_concerned" => &mut form.persons_concerned,
            "name" => &mut form.name,
            "phone" => &mut form.phone,
            "email" => &mut form.email,
            "address" => &mut form.address,
            "submission" => &mut form.submission,
            "latitude" => &mut form.latitude,
            "longitude" => &mut form.longitude,
            _ => continue,
        };
        *slot = text;
    }
    Ok((form, files))
}

// ---------------------------------------------------------------------------
// Tracking

/// Coordinates as shown, with links that open a map application (a link,
/// never an embedded map).
pub struct LocationView {
    pub text: String,
    pub geo: String,
    pub openstreetmap: String,
}

impl LocationView {
    pub fn new(location: &Location) -> LocationView {
        LocationView {
            text: format!(
                "{}, {}",
                location.latitude_text(),
                location.longitude_text()
            ),
            geo: location.geo_uri(),
            openstreetmap: location.openstreetmap_url(),
        }
    }
}

pub struct EventView {
    pub label: String,
    pub message: Option<String>,
    pub at: String,
}

pub struct CaseView {
    pub code: String,
    /// What it was about: the subject, category and place (a corruption
    /// report's only when the code's key opens it).
    pub subject: Option<String>,
    pub category: String,
    pub place: Option<String>,
    pub location: Option<LocationView>,
    pub channel: &'static str,
    pub state: &'static str,
    pub received: String,
    pub due: String,
    pub overdue: bool,
    pub history: Vec<EventView>,
    pub asks_information: bool,
    pub survey_open: bool,
    pub survey_answered: bool,
    /// The survey takes a written comment (not on the corruption channel:
    /// free text could name the reporter, and the server could read it).
    pub takes_comment: bool,
}

#[derive(Template)]
#[template(path = "complaints/track.html")]
pub struct TrackPage {
    pub layout: Layout,
    pub action: String,
    pub code: String,
    pub case: Option<CaseView>,
    pub notice: Option<String>,
    pub errors: FormErrors,
    pub script: &'static str,
}

pub(crate) fn case_view(case: &PublicCase, code: &TrackingCode, today: time::Date) -> CaseView {
    CaseView {
        code: code.display(),
        subject: case.subject.clone(),
        category: case.category_label.clone(),
        place: case.place.clone(),
        location: case.location.as_ref().map(LocationView::new),
        channel: case.channel.thai(),
        state: case.state.thai(),
        received: datetime_text(case.received_at),
        due: thai_date(case.due_date),
        overdue: case.clock.is_overdue(today),
        history: case
            .history
            .iter()
            .map(|e| EventView {
                label: e.label.clone(),
                message: e.message.clone(),
                at: datetime_text(e.at),
            })
            .collect(),
        asks_information: case.state == complaint::CaseState::Incomplete,
        survey_open: case.survey == SurveyStatus::Open,
        survey_answered: case.survey == SurveyStatus::Answered,
        takes_comment: case.channel == Channel::General,
    }
}

fn track_page(org: &Organization) -> TrackPage {
    TrackPage {
        layout: layout(org, "ติดตามเรื่อง", false),
        action: format!("{}/track", complaints_url(org)),
        code: String::new(),
        case: None,
        notice: None,
        errors: FormErrors::default(),
        script: crate::assets::complaints_script_url(),
    }
}

pub async fn track_form(State(store): State<AppState>, Path(slug): Path<String>) -> Reply {
    let org = organization(&store, &slug).await?;
    private(StatusCode::OK, track_page(&org))
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// Looks a case up for the tracking page: a bad code is a 400 at the field,
/// an unknown one a 404 saying so (the same for every unknown code).
/// The case a code finds, a corruption report's messages opened with the
/// data key the code unwraps.
pub(crate) async fn track_opened(
    store: &AppState,
    config: &ComplaintConfig,
    organization_id: &str,
    code: &TrackingCode,
) -> Result<Option<PublicCase>, WebError> {
    let hashes = super::code_hashes(config, organization_id, code);
    let Some(mut case) = store.track_complaint(organization_id, &hashes).await? else {
        return Ok(None);
    };
    open_for_reporter(organization_id, &mut case, code);
    Ok(Some(case))
}

/// What the reporter of a corruption report may read, opened in place with
/// the key the tracking code unwraps (never the key file's): the public
/// messages, the subject and the place. A general complaint has nothing
/// sealed for them.
fn open_for_reporter(organization_id: &str, case: &mut PublicCase, code: &TrackingCode) {
    let sealer = keys::reporter_sealer(organization_id, case, code);
    keys::open_public_history(case, sealer.as_ref());
    if let Some(content) = sealer
        .as_ref()
        .zip(case.sealed_content.as_deref())
        .and_then(|(sealer, sealed)| sealer.open(field::CONTENT, sealed).ok())
        .and_then(|bytes| CorruptionContent::from_sealed_plaintext(&bytes))
    {
        case.subject = Some(content.subject);
        case.place = content.place;
    }
}

async fn lookup(
    store: &AppState,
    config: &ComplaintConfig,
    org: &Organization,
    extensions: &axum::http::Extensions,
    typed: &str,
) -> Result<Result<(TrackingCode, PublicCase), (StatusCode, TrackPage)>, WebError> {
    if !config.limits.tracking.allow(peer(extensions)) {
        return Err(too_many("ค้นหาเรื่อง"));
    }
    let mut page = track_page(org);
    page.code = typed.trim().to_string();
    let code = match parse_code(typed) {
        Ok(code) => code,
        Err(message) => {
            page.errors.add("code", message);
            return Ok(Err((StatusCode::BAD_REQUEST, page)));
        }
    };
    match track_opened(store, config, &org.id, &code).await? {
        Some(case) => Ok(Ok((code, case))),
        None => {
            page.errors.add(
                "code",
                "ไม่พบเรื่องที่มีรหัสนี้ โปรดตรวจสอบรหัสติดตามเรื่องอีกครั้ง (16 ตัวอักษร)",
            );
            Ok(Err((StatusCode::NOT_FOUND, page)))
        }
    }
}

pub async fn track(
    State(store): State<AppState>,
    config: ComplaintConfig,
    Path(slug): Path<String>,
    extensions: axum::http::Extensions,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Reply {
    let org = organization(&store, &slug).await?;
    let Form(form) = form.map_err(|_| WebError::BadRequest("โปรดกรอกรหัสติดตามเรื่อง".into()))?;
    match lookup(&store, &config, &org, &extensions, &form.code).await? {
        Ok((code, case)) => {
            let mut page = track_page(&org);
            page.code = code.display();
            page.case = Some(case_view(&case, &code, config.clock.today()));
            private(StatusCode::OK, page)
        }
        Err((status, page)) => private(status, page),
    }
}

#[derive(Deserialize)]
pub struct InformationForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    information: String,
}

pub async fn add_information(
    State(store): State<AppState>,
    config: ComplaintConfig,
    Path(slug): Path<String>,
    extensions: axum::http::Extensions,
    form: Result<Form<InformationForm>, FormRejection>,
) -> Reply {
    let org = organization(&store, &slug).await?;
    let Form(form) = form.map_err(|_| WebError::BadRequest("อ่านข้อมูลที่ส่งมาไม่ได้".into()))?;
    let (code, case) = match lookup(&store, &config, &org, &extensions, &form.code).await? {
        Ok(found) => found,
        Err((status, page)) => return private(status, page),
    };
    let text = form.information.trim();
    let mut page = track_page(&org);
    page.code = code.display();
    if text.is_empty() || text.chars().count() > complaint::MAX_DETAILS_CHARS {
        page.errors.add(
            "information",
            format!(
                "โปรดกรอกข้อมูลเพิ่มเติม (ไม่เกิน {} ตัวอักษร)",
                complaint::MAX_DETAILS_CHARS
            ),
        );
        page.case = Some(case_view(&case, &code, config.clock.today()));
        return private(StatusCode::BAD_REQUEST, page);
    }
    let information = match case.channel {
        Channel::General => ComplainantInformation {
            text: Some(text.to_string()),
            ..Default::default()
        },
        // Sealed with the report's data key (a report not yet resealed:
        // the key file, as before, and `complaints reseal` moves it).
        Channel::Corruption => ComplainantInformation {
            sealed_text: Some(match keys::reporter_sealer(&org.id, &case, &code) {
                Some(sealer) => sealer.seal(field::INFORMATION, text.as_bytes()),
                None if case.seal_version < 2 => config
                    .keyring
                    .seal_with_context(text.as_bytes(), complaint::seal_context::INFORMATION),
                None => return Err(WebError::Internal("a report's key does not open".into())),
            }),
            ..Default::default()
        },
    };
    let hashes = super::code_hashes(&config, &org.id, &code);
    match store
        .add_complainant_information(&org.id, &hashes, &information)
        .await
    {
        Ok(mut updated) => {
            open_for_reporter(&org.id, &mut updated, &code);
            page.notice = Some("ส่งข้อมูลเพิ่มเติมแล้ว เจ้าหน้าที่จะพิจารณาต่อ".into());
            page.case = Some(case_view(&updated, &code, config.clock.today()));
            private(StatusCode::OK, page)
        }
        Err(StoreError::NotAllowed(refusal)) => {
            page.errors.add("information", refusal.to_string());
            page.case = Some(case_view(&case, &code, config.clock.today()));
            private(StatusCode::CONFLICT, page)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct SurveyForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    rating: String,
    #[serde(default)]
    comment: String,
}

pub async fn survey(
    State(store): State<AppState>,
    config: ComplaintConfig,
    Path(slug): Path<String>,
    extensions: axum::http::Extensions,
    form: Result<Form<SurveyForm>, FormRejection>,
) -> Reply {
    let org = organization(&store, &slug).await?;
    let Form(form) = form.map_err(|_| WebError::BadRequest("อ่านข้อมูลที่ส่งมาไม่ได้".into()))?;
    let (code, case) = match lookup(&store, &config, &org, &extensions, &form.code).await? {
        Ok(found) => found,
        Err((status, page)) => return private(status, page),
    };
    let mut page = track_page(&org);
    page.code = code.display();
    let answer = SurveyAnswer {
        rating: form.rating.trim().parse().unwrap_or(0),
        // A corruption reporter rates only: a comment is not kept.
        comment: optional(&form.comment).filter(|_| case.channel == Channel::General),
    };
    let refused = |page: &mut TrackPage, field: &str, message: String| {
        page.errors.add(field.to_string(), message);
        page.case = Some(case_view(&case, &code, config.clock.today()));
    };
    let problems = answer.validate();
    if let Some(problem) = problems.first() {
        refused(&mut page, problem.field, problem.message.clone());
        return private(StatusCode::BAD_REQUEST, page);
    }
    let hashes = super::code_hashes(&config, &org.id, &code);
    match store.answer_survey(&org.id, &hashes, &answer).await {
        Ok(()) => {
            let updated = track_opened(&store, &config, &org.id, &code)
                .await?
                .unwrap_or(case.clone());
            page.notice = Some("ขอบคุณที่ตอบแบบประเมินความพึงพอใจ".into());
            page.case = Some(case_view(&updated, &code, config.clock.today()));
            private(StatusCode::OK, page)
        }
        Err(StoreError::NotAllowed(refusal)) => {
            refused(&mut page, "rating", refusal.to_string());
            private(StatusCode::CONFLICT, page)
        }
        Err(StoreError::Invalid(errors)) => {
            for e in errors {
                page.errors.add(e.field, e.message);
            }
            page.case = Some(case_view(&case, &code, config.clock.today()));
            private(StatusCode::BAD_REQUEST, page)
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// Statistics

/// The statistics page's view model.
mod view;

#[derive(Deserialize)]
pub struct StatsQuery {
    year: Option<String>,
    channel: Option<String>,
}

pub async fn stats(
    State(store): State<AppState>,
    Path(slug): Path<String>,
    query: Result<Query<StatsQuery>, QueryRejection>,
) -> Reply {
    let org = organization(&store, &slug).await?;
    let bad = || WebError::BadRequest("ปีงบประมาณหรือช่องทางที่เลือกไม่ถูกต้อง".into());
    let Query(query) = query.map_err(|_| bad())?;
    // The statistics are public even where filing is not set up.
    let today = store.complaints_clock().today();
    let this_year = FiscalYear::of(today).be();
    let year = super::fiscal_year_param(query.year.as_deref(), today).ok_or_else(bad)?;
    let channel = match query
        .channel
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None | Some("all") => None,
        Some(text) => Some(Channel::parse(text).ok_or_else(bad)?),
    };
    let statistics = store
        .complaint_statistics(&org.id, FiscalYear(year), channel, today)
        .await?;
    // The general channel's own figure: one over both channels, beside the
    // general one, would give the corruption channel's away.
    let satisfaction = if channel == Some(Channel::Corruption) {
        Default::default()
    } else {
        store
            .satisfaction(&org.id, FiscalYear(year), Some(Channel::General))
            .await?
    };
    let mut labels = std::collections::HashMap::new();
    for c in Channel::ALL {
        for category in store.complaint_categories(&org.id, c).await? {
            labels.insert((c, category.code.clone()), category.thai);
        }
    }
    page(
        StatusCode::OK,
        view::stats_page(view::StatsInput {
            org: &org,
            year,
            this_year,
            channel,
            statistics: &statistics,
            satisfaction: &satisfaction,
            labels: &labels,
        }),
    )
}

/// The fuzz harness of the multipart readers (`fuzz/fuzz_targets/multipart.rs`,
/// and the property test below): arbitrary bytes as the body of a
/// `multipart/form-data; boundary=X` request, read by the filing form's
/// reader, and walked field by field as the upload handlers read theirs
/// (names, file names, `chunk`, `bytes`, `text`). The filing reader keeps at
/// most `MAX_FILES` files and, when it says nothing is wrong, none larger
/// than the limit; whatever it says is Thai. Panics when not.
#[doc(hidden)]
pub fn fuzz_read_multipart(bytes: &[u8]) {
    use sujarit_core::thai::is_thai;
    const MAX_BYTES: u64 = 64;
    let request = || {
        axum::http::Request::builder()
            .method("POST")
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=X")
            .body(axum::body::Body::from(bytes.to_vec()))
            .expect("a request")
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let parts = axum::extract::Multipart::from_request(request(), &())
            .await
            .expect("a multipart request");
        let mut errors = FormErrors::default();
        // Files are spooled to disk as they arrive: a folder of the fuzzer's
        // own (each spool removes its file when dropped).
        let spool_dir = std::env::temp_dir().join(format!("sujarit-fuzz-{}", std::process::id()));
        let file_store = sujarit_store::files::FileStore::new(spool_dir).with_max_bytes(MAX_BYTES);
        let (_, files) = read_multipart(parts, &file_store, &mut errors)
            .await
            .expect("the reader answers");
        assert!(
            files.len() <= attachments::MAX_FILES,
            "{} files",
            files.len()
        );
        if errors.is_empty() {
            for file in &files {
                assert!(file.spool.len() <= MAX_BYTES, "{} bytes", file.spool.len());
            }
        }
        for message in errors.all() {
            assert!(message.chars().any(is_thai), "{message}");
        }

        let mut parts = axum::extract::Multipart::from_request(request(), &())
            .await
            .expect("a multipart request");
        while let Ok(Some(mut field)) = parts.next_field().await {
            let _ = (field.name(), field.file_name(), field.content_type());
            match field.name() {
                Some("file") => while let Ok(Some(_)) = field.chunk().await {},
                Some("files") => {
                    let _ = field.bytes().await;
                }
                _ => {
                    let _ = field.text().await;
                }
            }
        }
    });
}

#[cfg(test)]
mod fuzz_tests {
    sujarit_testkit::fuzz_properties! {
        the_multipart_readers_take_any_bytes: "multipart" => super::fuzz_read_multipart;
    }
}
