//! The JSON API under `/api/v1/`, described by the OpenAPI document served at
//! `/api/v1/openapi.json` (kept under a snapshot test). Published data is
//! public; writes (added with their modules) need staff authentication.
//!
//! Each feature's JSON handlers live in its own `api.rs`; this module only
//! assembles them (in a fixed order: the document is under a snapshot).
//! Handlers are annotated with `#[utoipa::path]` and registered through
//! `utoipa_axum::routes!`, so a route cannot exist without its documentation.

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use axum::extract::DefaultBodyLimit;

use crate::{
    AppState, activities, auth, complaints, disclosure, integrity, json, oversight, plan, progress,
    search, surveys,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sujarit API",
        description = "ข้อมูลแผนปฏิบัติการป้องกันการทุจริตขององค์กรปกครองส่วนท้องถิ่น (สุจริต)",
        version = "1"
    ),
    tags(
        (name = "plan", description = "แผนปฏิบัติการ ตารางรายปี และผลการตรวจสอบเอกสาร"),
        (name = "progress", description = "ผลการดำเนินงานรายไตรมาสและคะแนนตามเกณฑ์ E-PlanNACC \
            ข้อมูลสาธารณะเฉพาะที่เผยแพร่แล้ว ส่วน /api/v1/staff/ ต้องเข้าสู่ระบบเจ้าหน้าที่ (คุกกี้ของระบบ)"),
        (name = "complaints", description = "ยื่นเรื่องร้องทุกข์/ร้องเรียนและแจ้งเบาะแสการทุจริตโดยไม่ต้องมีบัญชี \
            ติดตามเรื่องด้วยรหัสติดตาม และสถิติรายเดือน"),
        (name = "disclosure", description = "ศูนย์ข้อมูลข่าวสาร: รายการข้อมูลสาธารณะที่เผยแพร่แล้ว (มีแคตตาล็อก DCAT ที่ /o/{slug}/info/dcat.jsonld ด้วย)"),
        (name = "activities", description = "กิจกรรมที่เผยแพร่แล้ว พร้อมจำนวนผู้เข้าร่วมตามกลุ่มเป้าหมาย (ไม่มีรายชื่อบุคคล)"),
        (name = "surveys", description = "แบบสำรวจความพึงพอใจและแบบทดสอบความรู้: แบบที่เปิดรับคำตอบ คำถาม การตอบโดยไม่ต้องมีบัญชี \
            (ตอบได้ครั้งเดียวต่ออุปกรณ์) และผลที่แสดงเมื่อมีผู้ตอบครบจำนวนขั้นต่ำ"),
        (name = "search", description = "ค้นหาคำในรายการของแผน ศูนย์ข้อมูลข่าวสาร และผลการดำเนินงานที่เผยแพร่ \
            (ตัดคำภาษาไทยด้วยพจนานุกรม ทั้งคำค้นและเนื้อหา)"),
        (name = "integrity", description = "ทะเบียนคุณธรรม: การประเมินความเสี่ยงการทุจริต มาตรการภายใน \
            การตรวจสอบภายใน การควบคุมภายใน และรายงานการรับของขวัญ เฉพาะที่เผยแพร่ได้ ไม่มีข้อมูลส่วนบุคคล"),
        (name = "oversight", description = "เปรียบเทียบองค์กรปกครองส่วนท้องถิ่นรายจังหวัดและรายองค์กร: คะแนนตามเกณฑ์ E-PlanNACC \
            ความพร้อมข้อมูลสาธารณะ (OIT) กิจกรรมที่เผยแพร่ และเรื่องร้องเรียนแล้วเสร็จตามกำหนด เฉพาะข้อมูลที่เผยแพร่แล้ว \
            (มีแคตตาล็อก DCAT ที่ /oversight/dcat.jsonld ด้วย)")
    )
)]
struct ApiDoc;

/// The API's routes and its OpenAPI document.
///
/// After routing, in this order: the Origin check (in JSON), then, for a
/// method a path does not serve, a 405 in JSON with `Allow` (set after the
/// check, so that it answers before it). Bodies are read up to
/// [`json::MAX_BODY_BYTES`]; a larger one is a 413 in Thai.
pub fn router() -> axum::Router<AppState> {
    let (router, api) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(plan::api::routes())
        .merge(progress::api::routes())
        .merge(complaints::api::routes())
        .merge(disclosure::api::routes())
        .merge(activities::api::routes())
        .merge(surveys::api::routes())
        .merge(search::api::routes())
        .merge(integrity::api_routes())
        .merge(oversight::api_routes())
        .split_for_parts();
    let document = api
        .to_pretty_json()
        .expect("the OpenAPI document serialises");
    router
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || async move {
                ([("content-type", "application/json")], document.clone())
            }),
        )
        .route_layer(axum::middleware::from_fn(auth::origin::check_api))
        .method_not_allowed_fallback(json::method_not_allowed)
        .layer(DefaultBodyLimit::max(json::MAX_BODY_BYTES))
}
