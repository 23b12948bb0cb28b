//! See the feature's `mod.rs`.

use axum::Router;
use sujarit_core::account::Actor;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::ui::StaffLink;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}

pub(crate) fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}

pub(crate) fn staff_links(_actor: &Actor) -> Vec<StaffLink> {
    Vec::new()
}
