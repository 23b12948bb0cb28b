//! The gift register (No Gift Policy, measure 2.4).
//!
//! * `/staff/integrity/gifts` — every staff member: their own declarations,
//!   nil returns and the form; a unit's head: the unit's declarations
//!   waiting for a decision; executives and the auditor
//!   ([`Permission::ReadGiftRegister`]): the whole register; the
//!   administrator: the permitted value;
//! * `/staff/integrity/gifts/{id}` — one declaration (its declarant, the
//!   head of its unit, the register's readers; anyone else: 404) and the
//!   decision form for who may decide ([`Actor::may_decide_gift`]);
//! * `/o/{slug}/integrity/gifts?year=` — the yearly report, organisation
//!   totals only (no names, no units), HTML and CSV;
//! * `GET /api/v1/organizations/{slug}/gifts?fiscal_year=` — its figures.

use axum::Router;
use axum::routing::{get, post};
use sujarit_core::account::{Actor, Permission};
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::ui::StaffLink;

mod api;
mod public;
mod staff;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/staff/integrity/gifts",
            get(staff::page).post(staff::declare),
        )
        .route("/staff/integrity/gifts/nil", post(staff::nil_return))
        .route("/staff/integrity/gifts/settings", post(staff::settings))
        .route("/staff/integrity/gifts/{id}", get(staff::show))
        .route("/staff/integrity/gifts/{id}/decision", post(staff::decide))
        .route("/o/{slug}/integrity/gifts", get(public::page))
        .route("/o/{slug}/integrity/gifts.csv", get(public::csv))
}

pub(crate) fn api_routes() -> OpenApiRouter<AppState> {
    api::routes()
}

pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    if !actor.has(Permission::DeclareGifts) {
        return Vec::new();
    }
    vec![StaffLink {
        label: "การรับของขวัญ (No Gift Policy)",
        href: "/staff/integrity/gifts",
        description: "แจ้งการรับหรือปฏิเสธของขวัญและประโยชน์อื่นใด แจ้งว่าไม่มีการรับในแต่ละรอบ และการพิจารณาของผู้บังคับบัญชา",
    }]
}
