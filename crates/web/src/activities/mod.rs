//! What items actually did: activities, check-in, the publicity log and
//! rosters.
//!
//! * `/staff/activities` — the activity register of a fiscal year; a new
//!   activity for an item; `/staff/activities/{id}` its page and edit form,
//!   photos, publication, the printable sign-in sheet with its QR code and
//!   the attendance list (names: only for who may edit the activity, and
//!   every reading is in the audit log);
//! * `/staff/publicity` — the publicity log and the organisation's channels;
//! * `/staff/rosters` — communities, schools, committees… that KPIs count
//!   coverage against;
//! * `/o/{slug}/checkin/{token}` — check-in on a phone (no account; one per
//!   device; open two hours around each session);
//! * `/o/{slug}/activities` — the public calendar of a fiscal year, and
//!   `/o/{slug}/activities/{id}` a published activity's page.
//!
//! Who may record an activity: the coordinator ([`Permission::Review`]) and
//! the officers of the units that own its item; who may read: those and
//! [`Permission::ReadEverything`].

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use sujarit_core::ItemRef;
use sujarit_core::account::{Actor, Permission};

use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::StaffLink;

pub(crate) mod api;
mod checkin;
mod form;
#[doc(hidden)]
pub use form::fuzz_read_form;
mod public;
mod registers;
mod staff;
mod view;

/// This feature's section of an organisation's public menu.
pub(crate) fn public_links(urls: &crate::ui::Urls) -> Vec<(&'static str, String)> {
    vec![("กิจกรรม", urls.page("/activities"))]
}

pub(crate) fn routes() -> Router<AppState> {
    let upload_limit = usize::try_from(sujarit_store::files::DEFAULT_MAX_BYTES)
        .unwrap_or(usize::MAX)
        .saturating_add(1024 * 1024);
    Router::new()
        .route("/staff/activities", get(staff::list).post(staff::create))
        .route("/staff/activities/new", get(staff::new_form))
        .route(
            "/staff/activities/{id}",
            get(staff::show).post(staff::update),
        )
        .route("/staff/activities/{id}/publish", post(staff::publish))
        .route("/staff/activities/{id}/attendance", get(staff::attendance))
        .route("/staff/activities/{id}/sheet.pdf", get(staff::signin_sheet))
        .route("/staff/activities/{id}/checkin.svg", get(staff::checkin_qr))
        .route(
            "/staff/activities/{id}/files",
            post(staff::upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/staff/activities/{id}/files/{file}", get(staff::file))
        .route("/staff/activities/summary", get(staff::summary))
        .route(
            "/staff/publicity",
            get(registers::publicity).post(registers::add_publicity),
        )
        .route("/staff/publicity/remove", post(registers::remove_publicity))
        .route("/staff/publicity/channels", post(registers::set_channels))
        .route(
            "/staff/rosters",
            get(registers::rosters).post(registers::save_roster),
        )
        .route(
            "/o/{slug}/checkin/{token}",
            get(checkin::page).post(checkin::check_in),
        )
        .route("/o/{slug}/activities", get(public::calendar))
        .route("/o/{slug}/activities/{id}", get(public::page))
        .route("/o/{slug}/activities/{id}/files/{file}", get(public::file))
}

/// What a staff member may do with one item's activities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Access {
    pub edit: bool,
}

/// Refuses who may neither record activities of the item nor read everything.
pub(crate) async fn access(
    store: &AppState,
    staff: &CurrentStaff,
    item: ItemRef,
) -> Result<Access, WebError> {
    let units = store.units_of_item(&staff.organization.id, item).await?;
    let edit = staff.actor.can_report_on(&units) || staff.actor.has(Permission::Review);
    if !edit && !staff.actor.has(Permission::ReadEverything) {
        return Err(WebError::Forbidden(
            "คุณบันทึกและดูกิจกรรมได้เฉพาะรายการที่หน่วยงานของคุณรับผิดชอบ".into(),
        ));
    }
    Ok(Access { edit })
}

/// The staff menu entries of this feature.
pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    let mut links = vec![StaffLink {
        label: "กิจกรรมและการเข้าร่วม",
        href: "/staff/activities",
        description: "บันทึกกิจกรรมของแต่ละรายการ ใบลงชื่อพร้อมคิวอาร์โค้ด การลงชื่อด้วยโทรศัพท์ รูปภาพ และสรุปผล",
    }];
    if actor.has(Permission::Review) || actor.role == sujarit_core::account::Role::UnitOfficer {
        links.push(StaffLink {
            label: "บันทึกการประชาสัมพันธ์",
            href: "/staff/publicity",
            description: "ช่องทาง วันที่ และเรื่องที่ประชาสัมพันธ์ของแต่ละรายการ",
        });
    }
    if actor.has(Permission::Review) {
        links.push(StaffLink {
            label: "ทะเบียนรายชื่อ (ชุมชน โรงเรียน คณะกรรมการ)",
            href: "/staff/rosters",
            description: "รายชื่อที่ใช้นับความครอบคลุมของกิจกรรม เช่น ชุมชนทั้งหมด โรงเรียนทั้งหมด",
        });
    }
    links
}
