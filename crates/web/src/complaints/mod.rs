//! The complaint centre and the protected corruption-report channel.
//!
//! * Public (no account): `/o/{slug}/complaints` explains both channels and
//!   how each is handled; `/o/{slug}/complaints/new/{channel}` files one
//!   once (the form's one-time key) and redirects (303) to
//!   `/o/{slug}/complaints/receipt`, which shows the tracking code and the
//!   due date again on reload (the key in a cookie only that page gets); `/o/{slug}/complaints/track`
//!   follows a case by its code (answering the survey once it is closed, or
//!   adding information when asked); `/o/{slug}/complaints/stats` publishes
//!   the monthly statistics, small categories suppressed.
//! * Staff (`/staff/complaints`): the complaint officer handles general
//!   complaints; only the integrity officer sees corruption reports at all;
//!   revealing a complainant's contact needs a written reason and is audited.
//! * JSON: `/api/v1/complaints` (see `api::complaints`).
//!
//! Filing itself is a use case of `sujarit_service::complaints` (the
//! [`Filer`]: validation, attachments checked, stripped and sealed, the
//! record sealed with the key file's [`Keyring`] and group-committed); these
//! handlers read the forms and word the outcome.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use sujarit_core::complaint::{NewComplaint, SubmissionKey, TrackingCode};
use sujarit_service::complaints::attachments::{self, Incoming};
use sujarit_service::complaints::{Filed, FilingError};
use sujarit_store::Store;

use crate::AppState;
use crate::error::WebError;
use crate::ui::StaffLink;
use sujarit_core::account::{Actor, Permission};

pub use crate::limits::{Limit, Limits};
pub use crate::state::ComplaintConfig;

pub(crate) mod api;
mod intake;
pub(crate) mod public;
pub mod report;
mod settings;
mod staff;

/// Unit id → name, to show who handles a case.
pub(crate) async fn unit_names(
    store: &dyn Store,
    organization_id: &str,
) -> sujarit_store::Result<std::collections::BTreeMap<String, String>> {
    Ok(store
        .units(organization_id)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// A staff page that no cache keeps (cases, contacts, tracking codes).
pub(crate) fn no_store(
    status: axum::http::StatusCode,
    page: impl askama::Template,
) -> crate::ui::Reply {
    use axum::response::IntoResponse;
    Ok((
        status,
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        axum::response::Html(page.render()?),
    )
        .into_response())
}

/// A day as a date field sends it (`YYYY-MM-DD`, CE), or a Thai message
/// naming `what`.
pub(crate) fn iso_date(text: &str, what: &str) -> Result<time::Date, String> {
    time::Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| format!("{what} \"{text}\" ไม่ถูกต้อง ต้องเป็นวันที่ เช่น 2025-10-31 (ปี ค.ศ.)"))
}

/// The `year` parameter of a complaint page: a BE fiscal year (2400–2700),
/// this fiscal year when absent or blank; None when it is not a year.
pub(crate) fn fiscal_year_param(text: Option<&str>, today: time::Date) -> Option<u16> {
    match text.map(str::trim).filter(|y| !y.is_empty()) {
        Some(text) => crate::format::parse_fiscal_year(text),
        None => Some(sujarit_core::FiscalYear::of(today).be()),
    }
}

/// This feature's section of an organisation's public menu.
pub(crate) fn public_links(urls: &crate::ui::Urls) -> Vec<(&'static str, String)> {
    vec![("ร้องเรียน/แจ้งเบาะแส", urls.page("/complaints"))]
}

/// The staff menu's counts: open cases past their due date, and those due
/// within three days, per channel the member may read.
pub(crate) fn staff_counts<'a>(
    state: &'a AppState,
    staff: &'a crate::auth::CurrentStaff,
) -> crate::ui::CountsFuture<'a> {
    Box::pin(async move {
        use sujarit_core::complaint::Channel;
        use sujarit_store::ComplaintFilter;
        let today = state.complaints_clock().today();
        let org = &staff.organization.id;
        let mut counts = Vec::new();
        for (channel, href, may) in [
            (
                Channel::General,
                "/staff/complaints?channel=general",
                staff.actor.has(Permission::ReadGeneralComplaints),
            ),
            (
                Channel::Corruption,
                "/staff/complaints?channel=corruption",
                staff.actor.has(Permission::HandleCorruptionReports),
            ),
        ] {
            if !may {
                continue;
            }
            let overdue = ComplaintFilter {
                channel: Some(channel),
                overdue_on: Some(today),
                ..Default::default()
            };
            let due_soon = ComplaintFilter {
                channel: Some(channel),
                due_soon: Some((today, staff::DUE_SOON_DAYS)),
                ..Default::default()
            };
            counts.push(crate::ui::MenuCount {
                href,
                count: state.complaints(org, &overdue).await?.len() as u64,
                what: "เกินกำหนด",
                urgent: true,
            });
            counts.push(crate::ui::MenuCount {
                href,
                count: state.complaints(org, &due_soon).await?.len() as u64,
                what: "ใกล้ครบกำหนด",
                urgent: false,
            });
        }
        Ok(counts)
    })
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/complaints", get(public::landing))
        .route(
            "/o/{slug}/complaints/new/{channel}",
            // Room for the attachments: axum's 2 MB default would cut them off.
            get(public::new_form)
                .post(public::file)
                .layer(DefaultBodyLimit::max(
                    attachments::MAX_FILES * 10 * 1024 * 1024 + 1024 * 1024,
                )),
        )
        .route(
            "/o/{slug}/complaints/track",
            get(public::track_form).post(public::track),
        )
        .route(
            "/o/{slug}/complaints/track/information",
            post(public::add_information),
        )
        .route("/o/{slug}/complaints/track/survey", post(public::survey))
        .route("/o/{slug}/complaints/receipt", get(public::receipt))
        .route("/o/{slug}/complaints/stats", get(public::stats))
        .route("/staff/complaints", get(staff::list))
        .route(
            "/staff/complaints/settings",
            get(settings::page).post(settings::save),
        )
        .route("/staff/complaints/recurring", get(settings::recurring))
        .route("/staff/complaints/report", get(report::page))
        .route("/staff/complaints/report/notes", post(report::save_notes))
        .route("/staff/complaints/report/download", get(report::download))
        .route("/staff/complaints/lookup", post(staff::lookup))
        .route(
            "/staff/complaints/new",
            get(intake::new_form).post(intake::take_in),
        )
        .route("/staff/complaints/{id}", get(staff::case))
        .route("/staff/complaints/{id}/events", post(staff::record_event))
        .route("/staff/complaints/{id}/reveal", post(staff::reveal))
        .route(
            "/staff/complaints/{id}/files",
            // Room for one file of the file store's default limit.
            post(staff::upload).layer(DefaultBodyLimit::max(
                sujarit_store::files::DEFAULT_MAX_BYTES as usize + 1024 * 1024,
            )),
        )
        .route(
            "/staff/complaints/{id}/files/{attachment}",
            get(staff::attachment),
        )
}

/// Files one complaint (see [`Filer::file`]); a refusal per field, or
/// a failure the filer has logged.
pub(crate) async fn file_one(
    config: &ComplaintConfig,
    organization_id: &str,
    complaint: &NewComplaint,
    incoming: Vec<Incoming>,
    submission: Option<&SubmissionKey>,
) -> Result<Filed, FilingError> {
    config
        .filer
        .file(
            &config.keyring,
            &config.files,
            &config.cleaner,
            organization_id,
            complaint,
            incoming,
            submission,
        )
        .await
}

pub(crate) use crate::limits::peer;

pub(crate) fn too_many(what: &str) -> WebError {
    WebError::TooManyRequests(format!(
        "มีการ{what}จากที่อยู่นี้มากเกินไป โปรดรอสักครู่แล้วลองใหม่ หรือติดต่อเทศบาลทางโทรศัพท์"
    ))
}

/// The keyed hashes a tracking code is looked up by (one per key of the key
/// file: codes filed before a key rotation are still found).
pub(crate) fn code_hashes(
    config: &ComplaintConfig,
    organization_id: &str,
    code: &TrackingCode,
) -> Vec<String> {
    config
        .keyring
        .tracking_hashes(organization_id, code.as_str())
}

/// A tracking code typed by a citizen, or a Thai message saying what is wrong.
pub(crate) fn parse_code(text: &str) -> Result<TrackingCode, String> {
    TrackingCode::parse(text).map_err(|e| e.message)
}

/// This feature's entries in the staff menu, for the pages the role may open.
pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    let mut links = Vec::new();
    if actor.has(Permission::HandleCorruptionReports) {
        links.push(StaffLink {
            label: "เรื่องแจ้งเบาะแสการทุจริต",
            href: "/staff/complaints?channel=corruption",
            description: "เฉพาะเจ้าหน้าที่นิติการ: คัดกรอง สืบสวนข้อเท็จจริง ดำเนินการทางวินัย/กฎหมาย และแจ้งผล",
        });
    }
    if actor.has(Permission::WorkOnUnitComplaints) && !actor.has(Permission::ReadGeneralComplaints)
    {
        links.push(StaffLink {
            label: "เรื่องร้องเรียนที่มอบหมายให้หน่วยงาน",
            href: "/staff/complaints?channel=general",
            description: "เรื่องร้องเรียนทั่วไปที่ศูนย์รับเรื่องร้องเรียนมอบหมายให้หน่วยงานของคุณ: \
                          บันทึกความคืบหน้า แนบไฟล์ และเสนอคำตอบ",
        });
    }
    if actor.has(Permission::ReadGeneralComplaints) {
        links.push(StaffLink {
            label: "เรื่องร้องทุกข์/ร้องเรียน",
            href: "/staff/complaints?channel=general",
            description: if actor.has(Permission::HandleGeneralComplaints) {
                "คัดกรอง มอบหมาย ดำเนินการ และตอบผู้ร้องภายในกำหนด"
            } else {
                "เรื่องร้องเรียนทั่วไปและกำหนดแล้วเสร็จ (ดูอย่างเดียว)"
            },
        });
    }
    if actor.has(Permission::HandleGeneralComplaints) {
        links.push(StaffLink {
            label: "บันทึกเรื่องร้องเรียนที่รับทางช่องทางอื่น",
            href: "/staff/complaints/new",
            description: "เรื่องที่รับทางโทรศัพท์ ที่เคาน์เตอร์ หนังสือ ศูนย์รับเรื่อง หรือ LINE: ได้รหัสติดตามเรื่องให้ผู้ร้อง",
        });
    }
    if actor.has(Permission::HandleCorruptionReports) {
        links.push(StaffLink {
            label: "เปิดเรื่องทุจริตที่ทราบเองหรือตรวจพบ",
            href: "/staff/complaints/new?channel=corruption",
            description: "เรื่องที่เทศบาลทราบเองหรือตรวจพบจากการตรวจสอบ เข้ารหัสเหมือนเรื่องที่มีผู้แจ้ง นับแยกในสถิติ",
        });
    }
    if actor.has(Permission::ReadGeneralComplaints) {
        links.push(StaffLink {
            label: "ปัญหาที่ร้องเรียนซ้ำ",
            href: "/staff/complaints/recurring",
            description: "เรื่องร้องเรียนทั่วไปตามประเภท สถานที่ หน่วยงาน และเดือน สำหรับคณะทำงานแก้ปัญหาเชิงระบบ",
        });
    }
    if actor.has(Permission::ReadGeneralComplaints) {
        links.push(StaffLink {
            label: "รายงานเรื่องร้องเรียนต่อผู้บริหาร",
            href: "/staff/complaints/report",
            description: "ผลการจัดการเรื่องร้องเรียนรอบ 6 และ 12 เดือน ความพึงพอใจ ปัญหา อุปสรรค และแนวทางแก้ไข (PDF/Excel)",
        });
    }
    if actor.has(Permission::ManageComplaintSettings) {
        links.push(StaffLink {
            label: "ตั้งค่าเรื่องร้องเรียน",
            href: "/staff/complaints/settings",
            description: "ระยะเวลาดำเนินการของแต่ละช่องทาง และประเภทเรื่องในแบบฟอร์ม",
        });
    }
    links
}
