//! `/o/{slug}/integrity`: the public index of the integrity registers of a
//! fiscal year, each with whether it has content yet (the same facts that
//! decide whether its information-centre item is published).

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use sujarit_core::disclosure::GeneratedSource;
use sujarit_service::disclosure::generated_facts;

use super::{asked_year, organization};
use crate::error::WebError;
use crate::ui::{Crumb, Layout, Urls, org_crumbs};
use crate::{AppState, Resources};

#[derive(Deserialize)]
pub struct HubQuery {
    year: Option<String>,
}

pub struct Section {
    pub title: &'static str,
    pub description: &'static str,
    pub href: String,
    /// What is still missing, when the register has nothing public yet.
    pub missing: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "integrity/hub.html")]
pub struct HubPage {
    pub layout: Layout,
    pub organization: String,
    pub year: u16,
    pub base: String,
    pub sections: Vec<Section>,
}

pub async fn page(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
    query: Result<Query<HubQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let org = organization(&store, &slug).await?;
    let today = config.clock.today();
    let asked = query.ok().and_then(|Query(q)| q.year);
    let year = asked_year(asked.as_deref(), today).map_err(WebError::BadRequest)?;
    let facts = generated_facts(store.as_ref(), &org.id, year, today).await?;
    let urls = Urls::new(&org.slug);
    let at = |part: &str| urls.page(&format!("/integrity/{part}?year={}", year.be()));
    let section = |title, description, href, source: GeneratedSource| Section {
        title,
        description,
        href,
        missing: if source.page_exists(&facts) {
            None
        } else {
            source.needs()
        },
    };
    let sections = vec![
        section(
            "การประเมินความเสี่ยงการทุจริต",
            "ความเสี่ยงที่ระบุ ระดับความเสี่ยง มาตรการควบคุม และผลการติดตาม (มาตรการ 4.3)",
            at("risks"),
            GeneratedSource::RiskAssessment,
        ),
        section(
            "มาตรการภายใน",
            "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ผู้รับผิดชอบ ขั้นตอน และผลการดำเนินการ",
            at("measures"),
            GeneratedSource::InternalMeasures,
        ),
        section(
            "การตรวจสอบภายใน",
            "แผนการตรวจสอบภายในประจำปี ข้อตรวจพบ ข้อเสนอแนะ และการติดตามผล (ฉบับเผยแพร่, มาตรการ 4.1)",
            at("audit"),
            GeneratedSource::InternalAuditReport,
        ),
        section(
            "การควบคุมภายใน",
            "ผลการประเมินการควบคุมภายในตามหลักเกณฑ์กระทรวงการคลัง พ.ศ. 2561 (ปค.1 ปค.4 ปค.5, มาตรการ 4.2)",
            at("control"),
            GeneratedSource::InternalControlReport,
        ),
        section(
            "การรับของขวัญ (No Gift Policy)",
            "รายงานการรับของขวัญและประโยชน์อื่นใดประจำปี โดยไม่มีข้อมูลส่วนบุคคล (มาตรการ 2.4)",
            at("gifts"),
            GeneratedSource::GiftReport,
        ),
    ];
    let title = format!("ความโปร่งใสภายใน ปีงบประมาณ {}", year.be());
    let mut crumbs = org_crumbs(&org, &urls);
    crumbs.push(Crumb::here(title.clone()));
    let page = HubPage {
        layout: Layout::new(title, crumbs),
        organization: org.name.clone(),
        year: year.be(),
        base: urls.page("/integrity"),
        sections,
    };
    Ok(Html(page.render()?).into_response())
}
