//! Surveys and knowledge tests (issue 10): what the plan's KPIs measure with
//! "ไม่น้อยกว่าร้อยละ 80" (satisfaction, pre/post tests).
//!
//! * Staff: `/staff/surveys` lists a fiscal year's surveys and starts a new
//!   one from a template (`sujarit_core::survey::TEMPLATES`) or blank;
//!   `/staff/surveys/{id}` shows one with its settings and the question
//!   builder (plain forms: edit, add, remove, move; refused once answers
//!   exist); `/staff/surveys/{id}/results` the results with charts and, for
//!   a post-test, the change from its activity's pre-test;
//!   `/staff/surveys/{id}/answers.csv` every answer.
//! * Public (no account): `/o/{slug}/surveys/{id}` the answer form (phone
//!   first; one answer per device, by an opaque cookie; a per-address
//!   limit) and `/o/{slug}/surveys/{id}/results`, shown once the survey has
//!   its minimum number of answers.
//! * JSON: `api.rs`, under `/api/v1/organizations/{slug}/surveys`.
//!
//! Who may do what: the plan coordinator ([`Permission::Review`]) and the
//! officers of a unit that owns the survey's item
//! ([`Actor::can_report_on`]) create and edit; they and every role that
//! reads everything read results. Answers are checked and committed durably
//! by `sujarit_service::activities::Answerer` (through [`Participation`]).
//!
//! [`Participation`]: crate::state::Participation

use axum::Router;
use axum::routing::{get, post};
use sujarit_core::ItemRef;
use sujarit_core::account::{Actor, Permission, Role};
use sujarit_core::survey::Survey;
use time::Date;

use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::format;
use crate::ui::StaffLink;

pub(crate) mod api;
mod csv;
mod downloads;
mod form;
mod public;
#[doc(hidden)]
pub use public::fuzz_answers;
mod staff;
mod view;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/surveys", get(staff::list).post(staff::create))
        .route(
            "/staff/surveys/{id}",
            get(staff::page).post(staff::settings),
        )
        .route("/staff/surveys/{id}/questions", post(staff::add_question))
        .route(
            "/staff/surveys/{id}/questions/{question}",
            post(staff::edit_question),
        )
        .route(
            "/staff/surveys/{id}/questions/{question}/remove",
            post(staff::remove_question),
        )
        .route(
            "/staff/surveys/{id}/questions/{question}/move",
            post(staff::move_question),
        )
        .route("/staff/surveys/{id}/results", get(staff::results))
        .route("/staff/surveys/{id}/answers.csv", get(staff::answers_csv))
        .route(
            "/staff/surveys/{id}/answers.xlsx",
            get(downloads::answers_xlsx),
        )
        .route("/staff/surveys/{id}/qr.svg", get(downloads::qr))
        .route("/staff/surveys/{id}/poster.pdf", get(downloads::poster))
        .route("/staff/surveys/{id}/report.pdf", get(downloads::report_pdf))
        .route(
            "/staff/surveys/{id}/report.xlsx",
            get(downloads::report_xlsx),
        )
        .route(
            "/o/{slug}/surveys/{id}",
            get(public::form).post(public::answer),
        )
        .route("/o/{slug}/surveys/{id}/results", get(public::results))
}

/// This feature's entry in the staff menu, for the roles that may open it.
pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    let description = if actor.has(Permission::Review) {
        "สร้างแบบสำรวจความพึงพอใจและแบบทดสอบความรู้ก่อน/หลังอบรม ลิงก์ให้ประชาชนตอบ และผลร้อยละตามตัวชี้วัด"
    } else if actor.role == Role::UnitOfficer {
        "แบบสำรวจและแบบทดสอบของรายการที่หน่วยงานของคุณรับผิดชอบ: สร้าง แก้ไข และดูผล"
    } else if actor.has(Permission::ReadEverything) {
        "ผลแบบสำรวจความพึงพอใจและแบบทดสอบความรู้ทุกรายการ (ดูอย่างเดียว)"
    } else {
        return Vec::new();
    };
    vec![StaffLink {
        label: "แบบสำรวจและแบบทดสอบ",
        href: "/staff/surveys",
        description,
    }]
}

/// Whether the staff member may open the survey pages at all: the roles
/// that create surveys (the coordinator, unit officers) and those that read
/// everything.
fn may_open(actor: &Actor) -> bool {
    actor.has(Permission::Review)
        || actor.role == Role::UnitOfficer
        || actor.has(Permission::ReadEverything)
}

/// Whether the staff member may create surveys (on an item their unit owns,
/// for a unit officer).
fn may_create(actor: &Actor) -> bool {
    actor.has(Permission::Review) || actor.role == Role::UnitOfficer
}

const REFUSE_OPEN: &str =
    "บทบาทของคุณไม่มีสิทธิ์ดูแบบสำรวจ: เฉพาะผู้ประสานแผน เจ้าหน้าที่หน่วยงาน และผู้ที่ดูข้อมูลทั้งแผนได้";
const REFUSE_CREATE: &str =
    "เฉพาะผู้ประสานแผนและเจ้าหน้าที่หน่วยงานเจ้าของรายการเท่านั้นที่สร้างหรือแก้ไขแบบสำรวจได้";
const REFUSE_ITEM: &str = "คุณสร้างหรือแก้ไขได้เฉพาะแบบสำรวจของรายการที่หน่วยงานของคุณรับผิดชอบ";

/// What the signed-in staff member may do with one survey.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    Edit,
    Read,
}

/// Whether the staff member may edit a survey on `item`: the coordinator,
/// or an officer of a unit that owns the item.
async fn may_edit_item(
    store: &AppState,
    staff: &CurrentStaff,
    item: Option<ItemRef>,
) -> Result<bool, WebError> {
    if staff.actor.has(Permission::Review) {
        return Ok(true);
    }
    match item {
        Some(item) if staff.actor.role == Role::UnitOfficer => {
            let units = store.units_of_item(&staff.organization.id, item).await?;
            Ok(staff.actor.can_report_on(&units))
        }
        _ => Ok(false),
    }
}

/// The survey a staff URL names, with what the staff member may do with it:
/// 403 for a role that may not see it (before anything else is read), 404
/// for an unknown one.
async fn staff_survey(
    store: &AppState,
    staff: &CurrentStaff,
    id: &str,
) -> Result<(Survey, Access), WebError> {
    if !may_open(&staff.actor) {
        return Err(WebError::Forbidden(REFUSE_OPEN.into()));
    }
    let survey = store
        .survey(&staff.organization.id, id)
        .await?
        .ok_or_else(not_found)?;
    let access = if may_edit_item(store, staff, survey.input.item).await? {
        Access::Edit
    } else if staff.actor.has(Permission::ReadEverything) {
        Access::Read
    } else {
        return Err(WebError::Forbidden(REFUSE_ITEM.into()));
    };
    Ok((survey, access))
}

/// As [`staff_survey`], for a change: 403 unless the staff member may edit.
async fn survey_to_edit(
    store: &AppState,
    staff: &CurrentStaff,
    id: &str,
) -> Result<Survey, WebError> {
    if !may_create(&staff.actor) {
        return Err(WebError::Forbidden(REFUSE_CREATE.into()));
    }
    match staff_survey(store, staff, id).await? {
        (survey, Access::Edit) => Ok(survey),
        (_, Access::Read) => Err(WebError::Forbidden(REFUSE_ITEM.into())),
    }
}

fn not_found() -> WebError {
    WebError::NotFound("ไม่พบแบบสำรวจนี้ ลิงก์อาจพิมพ์ผิด หรือแบบสำรวจถูกลบไปแล้ว".into())
}

/// Open, closed or not yet open on `today`, in Thai.
fn status_text(survey: &Survey, today: Date) -> &'static str {
    if today < survey.input.opens {
        "ยังไม่เปิดรับคำตอบ"
    } else if today > survey.input.closes {
        "ปิดรับคำตอบแล้ว"
    } else {
        "เปิดรับคำตอบ"
    }
}

/// The public answer page of a survey.
fn public_url(slug: &str, id: &str) -> String {
    format!(
        "/o/{}/surveys/{}",
        format::path_segment(slug),
        format::path_segment(id)
    )
}

fn staff_url(id: &str) -> String {
    format!("/staff/surveys/{}", format::path_segment(id))
}

pub(crate) use crate::device::{device_cookie, device_of};

/// Percent with one decimal: "80.0".
fn percent(value: f64) -> String {
    format!("{value:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_entry_is_for_roles_that_may_open_it() {
        let actor = |role| Actor {
            user_id: "u".into(),
            organization_id: "o".into(),
            role,
            unit_id: None,
        };
        assert_eq!(staff_links(&actor(Role::PlanCoordinator)).len(), 1);
        assert_eq!(staff_links(&actor(Role::UnitOfficer)).len(), 1);
        assert_eq!(staff_links(&actor(Role::Auditor)).len(), 1);
        assert!(staff_links(&actor(Role::ComplaintOfficer)).is_empty());
        assert!(staff_links(&actor(Role::IntegrityOfficer)).is_empty());
    }
}
