//! The corruption risk register and the internal measures (issue 14, items
//! 1, 2 and 8; measure 4.3): `staff.rs` the register of a year with its heat
//! map, the entry form and its monitoring notes, the risk matrix, the
//! register created from the plan and copied to the next year;
//! `measures.rs` the internal measures; `public.rs` the public pages;
//! `api.rs` the JSON API; `view.rs` the view models and the heat map.
//!
//! Reading needs [`Permission::ReadIntegrityRegisters`]; changing needs
//! [`Permission::ManageRiskRegister`] (the coordinator). An id of another
//! organisation is a 404.

use axum::Router;
use axum::routing::{get, post};
use sujarit_core::account::{Actor, Permission};
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::ui::StaffLink;

pub(crate) mod api;
mod form;
mod measures;
mod public;
mod staff;
mod view;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/integrity/risks", get(staff::register))
        .route("/staff/integrity/risks/from-plan", post(staff::from_plan))
        .route("/staff/integrity/risks/copy", post(staff::copy))
        .route(
            "/staff/integrity/risks/matrix",
            get(staff::matrix).post(staff::save_matrix),
        )
        .route(
            "/staff/integrity/risks/new",
            get(staff::new_entry).post(staff::create_entry),
        )
        .route(
            "/staff/integrity/risks/{id}",
            get(staff::entry).post(staff::update_entry),
        )
        .route(
            "/staff/integrity/risks/{id}/monitoring",
            post(staff::add_monitoring),
        )
        .route(
            "/staff/integrity/measures",
            get(measures::list).post(measures::create),
        )
        .route(
            "/staff/integrity/measures/{id}",
            get(measures::show).post(measures::update),
        )
        .route("/o/{slug}/integrity/risks", get(public::risks))
        .route("/o/{slug}/integrity/measures", get(public::measures))
}

pub(crate) fn api_routes() -> OpenApiRouter<AppState> {
    api::routes()
}

pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    if !actor.has(Permission::ReadIntegrityRegisters) {
        return Vec::new();
    }
    vec![
        StaffLink {
            label: "ทะเบียนความเสี่ยงการทุจริต",
            href: "/staff/integrity/risks",
            description: "ความเสี่ยงการทุจริตประจำปี ตารางความเสี่ยง แผนภาพความร้อน การควบคุม และผลการติดตาม",
        },
        StaffLink {
            label: "มาตรการภายใน",
            href: "/staff/integrity/measures",
            description: "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายใน ผู้รับผิดชอบ ขั้นตอน หลักฐาน และผลการดำเนินการ",
        },
    ]
}
