//! The information centre as data: every published item-period of a year.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use sujarit_core::disclosure::DisclosureEvidence;
use sujarit_service::disclosure::generated_facts;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{chosen_year, generated_href, public_file_url};
use crate::AppState;
use crate::json::{ApiError, ErrorBody};
use crate::state::Resources;
use crate::ui::public_base_url;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(disclosures))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DisclosureQuery {
    /// Fiscal year (BE), e.g. 2568; by default the current one, else the newest with a catalogue.
    #[param(value_type = Option<u16>, minimum = 2400, maximum = 2700, example = 2568)]
    pub fiscal_year: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DisclosureCatalogue {
    pub organization: String,
    pub slug: String,
    /// Fiscal year (BE); null when the organisation has no catalogue yet.
    pub fiscal_year: Option<u16>,
    /// The catalogue's title, in Thai.
    pub title: Option<String>,
    /// How many items the catalogue has (published or not).
    pub item_count: usize,
    pub published: Vec<PublishedDisclosure>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PublishedDisclosure {
    /// The item's code: "O12", or the plan's "2.1.3-1".
    pub code: String,
    pub title: String,
    /// Topic key: basic_information, administration, budget, human_resources,
    /// transparency, corruption_prevention, internal_measures.
    pub topic: String,
    /// OIT sub-indicator, e.g. "9.1".
    pub topic_number: String,
    /// Period key: once, year, h1, h2, q1–q4, m01–m12.
    pub period: String,
    /// The period in Thai, e.g. "ตุลาคม 2567".
    pub period_label: String,
    /// file, link or generated.
    pub evidence_kind: String,
    /// Where the evidence is (absolute URL); null for a generated page that does not exist.
    pub url: Option<String>,
    /// The file's type, detected from its content (files only).
    pub media_type: Option<String>,
    pub file_name: Option<String>,
    /// When the current publication was made (RFC 3339, UTC).
    pub last_updated_at: String,
    /// How many publications the period has had.
    pub version: u32,
    /// The last check of the link failed.
    pub link_broken: bool,
}

/// The published items of the information centre for one fiscal year.
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/disclosures", tag = "disclosure",
    params(("slug" = String, Path, description = "รหัสองค์กร"), DisclosureQuery),
    responses((status = 200, body = DisclosureCatalogue), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn disclosures(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
    query: Result<Query<DisclosureQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<DisclosureCatalogue>, ApiError> {
    let Query(query) = query.map_err(|_| {
        ApiError::bad_request(
            "พารามิเตอร์ไม่ถูกต้อง: fiscal_year ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2568",
        )
    })?;
    let org = store
        .organization_by_slug(&slug)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("ไม่พบองค์กร \"{slug}\"")))?;
    let today = config.clock.today();
    let (year, _) = chosen_year(&store, &org.id, query.fiscal_year.as_deref(), today)
        .await
        .map_err(ApiError::from_web)?;
    let mut body = DisclosureCatalogue {
        organization: org.name.clone(),
        slug: org.slug.clone(),
        fiscal_year: year.map(|y| y.be()),
        title: None,
        item_count: 0,
        published: Vec::new(),
    };
    let Some(year) = year else {
        return Ok(Json(body));
    };
    let catalogue = store
        .disclosure_catalogue(&org.id, year)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("ไม่มีรายการข้อมูลสาธารณะของปีงบประมาณ {year}")))?;
    body.title = Some(catalogue.title.clone());
    body.item_count = catalogue.items.len();
    let facts = generated_facts(store.as_ref(), &org.id, year, today).await?;
    let base = public_base_url(&store);
    let absolute = |href: String| {
        if href.starts_with('/') {
            format!("{base}{href}")
        } else {
            href
        }
    };
    for p in store.public_disclosures(&org.id, year).await? {
        let (url, media_type, file_name) = match &p.evidence {
            DisclosureEvidence::File {
                media_type,
                file_name,
                ..
            } => (
                Some(public_file_url(&org.slug, year, &p.code, p.period)),
                Some(media_type.clone()),
                Some(file_name.clone()),
            ),
            DisclosureEvidence::Link { url } => (Some(url.clone()), None, None),
            DisclosureEvidence::Generated { source } => {
                (generated_href(*source, &org.slug, year, &facts), None, None)
            }
        };
        body.published.push(PublishedDisclosure {
            code: p.code.clone(),
            title: p.title.clone(),
            topic: p.topic.as_str().to_string(),
            topic_number: p.topic.oit_number().to_string(),
            period: p.period.key(),
            period_label: p.period.thai_label(year),
            evidence_kind: p.evidence.kind().to_string(),
            url: url.map(absolute),
            media_type,
            file_name,
            last_updated_at: p
                .last_updated_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            version: p.version,
            link_broken: p.link_broken,
        });
    }
    Ok(Json(body))
}
