//! The integrity registers (issue 14), one feature with four parts, each a
//! folder of its own: `risks/` (the corruption risk register, its matrix,
//! heat map and internal measures; `/staff/integrity/risks`,
//! `/staff/integrity/measures`, `/o/{slug}/integrity/risks`,
//! `/o/{slug}/integrity/measures`), `audit/` (the internal audit;
//! `/staff/integrity/audit`, `/o/{slug}/integrity/audit`), `control/`
//! (the internal control evaluation, ปค.1–ปค.6; `/staff/integrity/control`,
//! `/o/{slug}/integrity/control`) and `gifts/` (the gift register;
//! `/staff/integrity/gifts`, `/o/{slug}/integrity/gifts`). `hub.rs` is the
//! public page that lists them for a fiscal year.

pub(crate) mod audit;
pub(crate) mod control;
pub(crate) mod gifts;
mod hub;
pub(crate) mod risks;

use axum::Router;
use axum::routing::get;
use sujarit_core::account::Actor;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::ui::{StaffLink, Urls};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/integrity", get(hub::page))
        .merge(risks::routes())
        .merge(audit::routes())
        .merge(control::routes())
        .merge(gifts::routes())
}

/// The JSON API of the registers (in the OpenAPI document).
pub(crate) fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(risks::api_routes())
        .merge(audit::api_routes())
        .merge(control::api_routes())
        .merge(gifts::api_routes())
}

/// This feature's section of an organisation's public menu.
pub(crate) fn public_links(urls: &Urls) -> Vec<(&'static str, String)> {
    vec![("ความโปร่งใสภายใน", urls.page("/integrity"))]
}

/// This feature's entries in the staff menu.
pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    [
        risks::staff_links(actor),
        audit::staff_links(actor),
        control::staff_links(actor),
        gifts::staff_links(actor),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The organisation of a public page, or a 404 in Thai.
pub(crate) async fn organization(
    store: &AppState,
    slug: &str,
) -> Result<sujarit_store::Organization, crate::error::WebError> {
    store
        .organization_by_slug(slug)
        .await?
        .ok_or_else(|| crate::error::WebError::NotFound("ไม่พบองค์กรนี้".into()))
}

/// The fiscal year a page or an API call asks for (`?year=` or
/// `?fiscal_year=`, BE, 4 digits), the current one when absent, or the
/// Thai message for a bad one.
pub(crate) fn asked_year(
    asked: Option<&str>,
    today: time::Date,
) -> Result<sujarit_core::fiscal::FiscalYear, String> {
    match asked.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(sujarit_core::fiscal::FiscalYear::of(today)),
        Some(text) => crate::format::parse_fiscal_year(text)
            .map(sujarit_core::fiscal::FiscalYear)
            .ok_or_else(|| "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569".to_string()),
    }
}

/// The `fiscal_year` an API call asks for (required, BE, 4 digits): `None`
/// when the query could not be read at all. A 400 in Thai otherwise.
pub(crate) fn api_fiscal_year(asked: Option<&str>) -> Result<u16, crate::json::ApiError> {
    let text = asked.ok_or_else(|| {
        crate::json::ApiError::bad_request(
            "ต้องระบุ fiscal_year เป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น fiscal_year=2569",
        )
    })?;
    crate::format::parse_fiscal_year(text).ok_or_else(|| {
        crate::json::ApiError::bad_request("fiscal_year ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569")
    })
}
