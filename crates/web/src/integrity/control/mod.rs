//! The internal control evaluation (ปค.1–ปค.6, measure 4.2): `staff.rs` the
//! year's page with every form (committee, ปค.4, ปค.5 rows and their
//! improvements, ปค.6, ปค.1, the submission and the deadline setting) and the
//! PDF/XLSX downloads; `public.rs` the certified year's public page and PDF;
//! `api.rs` its JSON.

mod api;
mod public;
mod staff;

use axum::Router;
use axum::routing::{get, post};
use sujarit_core::account::{Actor, Permission};
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::ui::StaffLink;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/integrity/control", get(staff::page))
        .route("/staff/integrity/control/committee", post(staff::committee))
        .route("/staff/integrity/control/pk4", post(staff::components))
        .route("/staff/integrity/control/rows", post(staff::add_row))
        .route(
            "/staff/integrity/control/rows/{id}/improvement",
            post(staff::improvement),
        )
        .route(
            "/staff/integrity/control/rows/{id}/remove",
            post(staff::remove_row),
        )
        .route("/staff/integrity/control/pk6", post(staff::review))
        .route("/staff/integrity/control/pk1", post(staff::certify))
        .route(
            "/staff/integrity/control/submission",
            post(staff::submission),
        )
        .route("/staff/integrity/control/settings", post(staff::settings))
        .route("/staff/integrity/control/document", get(staff::document))
        .route("/o/{slug}/integrity/control", get(public::page))
        .route("/o/{slug}/integrity/control/pdf", get(public::pdf))
}

pub(crate) fn api_routes() -> OpenApiRouter<AppState> {
    api::routes()
}

pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    if actor.has(Permission::ReadIntegrityRegisters) {
        vec![StaffLink {
            label: "การควบคุมภายใน (ปค.)",
            href: "/staff/integrity/control",
            description: "คณะกรรมการ แบบ ปค.4 ปค.5 ปค.6 หนังสือรับรอง ปค.1 การติดตามการปรับปรุง และการส่งรายงาน",
        }]
    } else {
        Vec::new()
    }
}
