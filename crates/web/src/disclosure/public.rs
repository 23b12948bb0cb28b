//! The public information centre: the page (by topic or by OIT code), the
//! DCAT catalogue and the download of uploaded files.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use sujarit_core::disclosure::{DisclosureEvidence, GeneratedFacts, Period};
use sujarit_service::disclosure::generated_facts;
use sujarit_store::Organization;

use super::view::public::{self as view, InfoInput, evidence_link};
use super::{chosen_year, load_year};
use crate::AppState;
use crate::error::WebError;
use crate::state::Resources;
use crate::ui::public_base_url;

#[derive(Deserialize)]
pub struct InfoQuery {
    year: Option<String>,
    view: Option<String>,
    #[serde(flatten)]
    filter: FilterQuery,
}

/// The list's filters (`status`, `topic`, `unit`, `q`).
#[derive(Deserialize, Default)]
pub struct FilterQuery {
    pub status: Option<String>,
    pub topic: Option<String>,
    pub unit: Option<String>,
    pub q: Option<String>,
}

/// The list's filters from the query, or a Thai 400 naming the parameter.
pub(crate) fn filter_of(query: &FilterQuery) -> Result<view::InfoFilter, WebError> {
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let status = match given(&query.status) {
        None => None,
        Some(s) => Some(
            view::STATUSES
                .iter()
                .map(|(key, _)| *key)
                .find(|key| *key == s)
                .ok_or_else(|| {
                    WebError::BadRequest(
                        "สถานะไม่ถูกต้อง ใช้ late, due, not-due, published หรือ not-applicable".into(),
                    )
                })?,
        ),
    };
    let topic = match given(&query.topic) {
        None => None,
        Some(t) => Some(
            sujarit_core::disclosure::Topic::parse(&t)
                .ok_or_else(|| WebError::BadRequest("หมวดข้อมูลไม่ถูกต้อง โปรดเลือกจากรายการ".into()))?,
        ),
    };
    let (q, words) = match given(&query.q) {
        None => (String::new(), Vec::new()),
        Some(text) => match sujarit_core::search::Query::parse(&text) {
            Ok(parsed) => (parsed.text, parsed.words),
            Err(e) => return Err(WebError::BadRequest(e.message)),
        },
    };
    Ok(view::InfoFilter {
        status,
        topic,
        unit: given(&query.unit),
        q,
        words,
    })
}

pub(crate) async fn organization(store: &AppState, slug: &str) -> Result<Organization, WebError> {
    store
        .organization_by_slug(slug)
        .await?
        .ok_or_else(|| WebError::NotFound("ไม่พบองค์กรที่ระบุ".into()))
}

pub async fn page(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
    query: Result<Query<InfoQuery>, QueryRejection>,
) -> Result<Html<String>, WebError> {
    let Query(query) = query.map_err(|_| WebError::BadRequest("ตัวเลือกในที่อยู่ไม่ถูกต้อง".into()))?;
    let filter = filter_of(&query.filter)?;
    let org = organization(&store, &slug).await?;
    let today = config.clock.today();
    let (year, years) = chosen_year(&store, &org.id, query.year.as_deref(), today).await?;
    let by_code = match query.view.as_deref().map(str::trim) {
        None | Some("") | Some("topic") => false,
        Some("code") => true,
        Some(_) => {
            return Err(WebError::BadRequest(
                "มุมมองไม่ถูกต้อง ใช้ topic (ตามหมวด) หรือ code (ตามรหัส OIT)".into(),
            ));
        }
    };
    let view = match year {
        Some(y) => load_year(&store, &org.id, y, today).await?,
        None => None,
    };
    if year.is_some() && view.is_none() {
        return Err(WebError::NotFound(format!(
            "ไม่มีรายการข้อมูลสาธารณะของปีงบประมาณ {}",
            year.map(|y| y.to_string()).unwrap_or_default()
        )));
    }
    let facts = match year {
        Some(y) => generated_facts(store.as_ref(), &org.id, y, today).await?,
        None => GeneratedFacts::default(),
    };
    let page = view::info_page(InfoInput {
        org: &org,
        year,
        years: &years,
        by_code,
        view: view.as_ref(),
        facts: &facts,
        today,
        filter: &filter,
    });
    Ok(Html(page.render()?))
}

/// The DCAT catalogue (JSON-LD) of the published items of every year: one
/// dataset per item and year, one distribution per published period.
pub async fn dcat(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let org = organization(&store, &slug).await?;
    let base = public_base_url(&store);
    let today = config.clock.today();
    let info = format!("{base}/o/{}/info", crate::format::path_segment(&org.slug));
    let mut datasets = Vec::new();
    let mut modified: Option<time::OffsetDateTime> = None;
    for summary in store.disclosure_catalogue_years(&org.id).await? {
        let year = summary.fiscal_year;
        let Some(view) = load_year(&store, &org.id, year, today).await? else {
            continue;
        };
        let facts = generated_facts(store.as_ref(), &org.id, year, today).await?;
        for item in &view.catalogue.items {
            let mut distributions = Vec::new();
            let mut item_modified: Option<time::OffsetDateTime> = None;
            for row in view.rows_of(&item.code) {
                let Some(p) = view
                    .record(&item.code, row.schedule.period)
                    .and_then(|r| r.current.as_ref())
                else {
                    continue;
                };
                let link = evidence_link(p, &org.slug, &facts, false);
                let Some(href) = link.href else { continue };
                let access = if href.starts_with('/') {
                    format!("{base}{href}")
                } else {
                    href
                };
                let media_type = match &p.evidence {
                    DisclosureEvidence::File { media_type, .. } => media_type.as_str(),
                    DisclosureEvidence::Generated {
                        source:
                            sujarit_core::disclosure::GeneratedSource::Monitoring6m
                            | sujarit_core::disclosure::GeneratedSource::Monitoring12m,
                    } => "application/pdf",
                    _ => "text/html",
                };
                item_modified = item_modified.max(Some(p.published_at));
                distributions.push(json!({
                    "@type": "dcat:Distribution",
                    "dct:title": format!("{} – {}", item.title, row.schedule.period.thai_label(year)),
                    "dcat:accessURL": { "@id": access },
                    "dcat:mediaType": media_type,
                    "dct:modified": rfc3339(p.published_at),
                }));
            }
            if distributions.is_empty() {
                continue;
            }
            modified = modified.max(item_modified);
            datasets.push(json!({
                "@type": "dcat:Dataset",
                "@id": format!("{info}?year={year}#{}", item.code),
                "dct:identifier": format!("{year}/{}", item.code),
                "dct:title": { "@language": "th", "@value": item.title },
                "dct:description": { "@language": "th", "@value": item.contents },
                "dcat:keyword": [item.topic.thai(), format!("ปีงบประมาณ {year}")],
                "dct:publisher": { "@type": "foaf:Organization", "foaf:name": org.name },
                "dct:modified": item_modified.map(rfc3339),
                "dcat:landingPage": { "@id": format!("{info}?year={year}") },
                "dcat:distribution": distributions,
            }));
        }
    }
    let document: Value = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Catalog",
        "@id": info,
        "dct:title": { "@language": "th", "@value": format!("ศูนย์ข้อมูลข่าวสาร {}", org.name) },
        "dct:publisher": { "@type": "foaf:Organization", "foaf:name": org.name },
        "dct:modified": modified.map(rfc3339),
        "dcat:dataset": datasets,
    });
    let body = serde_json::to_string_pretty(&document)
        .map_err(|e| WebError::Internal(format!("dcat: {e}")))?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/ld+json; charset=utf-8"),
        )],
        body,
    )
        .into_response())
}

fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// An uploaded file of a period's current publication: public, since the
/// publication is.
pub async fn file(
    State(store): State<AppState>,
    config: Resources,
    Path((slug, fiscal_year, code, period)): Path<(String, String, String, String)>,
) -> Result<Response, WebError> {
    let org = organization(&store, &slug).await?;
    let fiscal_year = super::parse_year(&fiscal_year)?;
    let period: Period = super::parse_period(&period)?;
    let not_found = || WebError::NotFound("ไม่พบไฟล์ที่เผยแพร่ของรายการนี้".into());
    let published = store.public_disclosures(&org.id, fiscal_year).await?;
    let found = published
        .into_iter()
        .find(|p| p.code == code && p.period == period)
        .ok_or_else(not_found)?;
    let DisclosureEvidence::File {
        sha256,
        file_name,
        media_type,
        size_bytes,
    } = found.evidence
    else {
        return Err(not_found());
    };
    let evidence = sujarit_core::progress::Evidence {
        id: String::new(),
        file_name,
        media_type,
        size_bytes,
        sha256,
        uploaded_by: String::new(),
        uploaded_at: found.last_updated_at,
    };
    crate::ui::file_response(&config, &evidence).await
}
