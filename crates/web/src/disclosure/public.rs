//! The public information centre: the page (by topic or by OIT code), the
//! DCAT catalogue and the download of uploaded files.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use sujarit_core::FiscalYear;
use sujarit_core::disclosure::{DisclosureEvidence, GeneratedSource, Period, Publication, Topic};
use sujarit_core::fiscal::thai_date;
use sujarit_core::thai::date_text;
use sujarit_store::Organization;

use super::{YearView, chosen_year, code_sort_key, generated_href, item_status, load_year};
use crate::AppState;
use crate::error::WebError;
use crate::state::Resources;
use crate::ui::{Crumb, Layout, Urls, org_crumbs};

pub struct YearChoice {
    pub label: String,
    pub href: String,
    pub current: bool,
}

pub struct EvidenceLink {
    pub label: String,
    pub href: Option<String>,
    pub kind: &'static str,
    pub broken: bool,
    /// A second page of Sujarit's that goes with it (the published progress
    /// beside a monitoring report).
    pub also: Option<(String, String)>,
}

pub struct PeriodView {
    pub label: String,
    pub status: String,
    pub status_class: &'static str,
    pub due: String,
    pub updated: Option<String>,
    pub evidence: Option<EvidenceLink>,
}

pub struct ItemView {
    pub code: String,
    pub title: String,
    pub subheading: Option<String>,
    pub contents: String,
    pub cadence: &'static str,
    pub topic_number: &'static str,
    pub status: String,
    pub status_class: &'static str,
    pub last_updated: Option<String>,
    /// The newest evidence of the item, any period.
    pub evidence: Option<EvidenceLink>,
    /// Only for items with more than one period.
    pub periods: Vec<PeriodView>,
    pub note: Option<String>,
}

pub struct Group {
    pub id: String,
    pub heading: String,
    pub items: Vec<ItemView>,
}

#[derive(Template)]
#[template(path = "disclosure/public.html")]
pub struct InfoPage {
    pub layout: Layout,
    pub organization: String,
    pub year: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub years: Vec<YearChoice>,
    pub by_code: bool,
    pub topic_href: String,
    pub code_href: String,
    pub dcat_href: String,
    pub json_href: String,
    pub groups: Vec<Group>,
    pub published: usize,
    pub total: usize,
    pub today: String,
}

#[derive(Deserialize)]
pub struct InfoQuery {
    year: Option<String>,
    view: Option<String>,
}

pub(crate) async fn organization(store: &AppState, slug: &str) -> Result<Organization, WebError> {
    store
        .organization_by_slug(slug)
        .await?
        .ok_or_else(|| WebError::NotFound("ไม่พบองค์กรที่ระบุ".into()))
}

/// How a piece of evidence is shown and where it leads.
pub(crate) fn evidence_link(
    publication: &Publication,
    slug: &str,
    has_plan: bool,
    broken: bool,
) -> EvidenceLink {
    match &publication.evidence {
        DisclosureEvidence::File {
            file_name,
            size_bytes,
            ..
        } => EvidenceLink {
            label: format!(
                "{file_name} ({})",
                sujarit_store::files::size_text(*size_bytes)
            ),
            href: Some(super::public_file_url(
                slug,
                publication.fiscal_year,
                &publication.code,
                publication.period,
            )),
            kind: "ไฟล์",
            broken: false,
            also: None,
        },
        DisclosureEvidence::Link { url } => EvidenceLink {
            label: url.clone(),
            href: Some(url.clone()),
            kind: "ลิงก์",
            broken,
            also: None,
        },
        DisclosureEvidence::Generated { source } => EvidenceLink {
            label: source.thai().to_string(),
            href: generated_href(*source, slug, publication.fiscal_year, has_plan),
            kind: "หน้าที่ระบบจัดทำ",
            broken: false,
            also: match source {
                GeneratedSource::Monitoring6m | GeneratedSource::Monitoring12m if has_plan => {
                    Some((
                        "ผลการดำเนินงานที่เผยแพร่".to_string(),
                        format!(
                            "/o/{}/progress?year={}",
                            crate::format::path_segment(slug),
                            publication.fiscal_year
                        ),
                    ))
                }
                _ => None,
            },
        },
    }
}

fn items_of(view: &YearView, slug: &str, has_plan: bool, today: time::Date) -> Vec<ItemView> {
    view.catalogue
        .items
        .iter()
        .map(|item| {
            let rows: Vec<_> = view.rows_of(&item.code).collect();
            let overall = item_status(&rows, today);
            let mut newest: Option<&Publication> = None;
            let mut periods = Vec::new();
            for row in &rows {
                let record = view.record(&item.code, row.schedule.period);
                let current = record.and_then(|r| r.current.as_ref());
                let broken = record
                    .map(|r| r.period_record().link_broken)
                    .unwrap_or(false);
                if let Some(p) = current
                    && newest.is_none_or(|n| p.published_at > n.published_at)
                {
                    newest = Some(p);
                }
                periods.push(PeriodView {
                    label: row.schedule.period.thai_label(view.catalogue.fiscal_year),
                    status: row.status.thai(),
                    status_class: super::status_class(&row.status),
                    due: thai_date(row.schedule.due_on),
                    updated: current.map(|p| date_text(p.published_at)),
                    evidence: current.map(|p| evidence_link(p, slug, has_plan, broken)),
                });
            }
            let newest_broken = newest.is_some_and(|p| {
                view.record(&p.code, p.period)
                    .is_some_and(|r| r.period_record().link_broken)
            });
            ItemView {
                code: item.code.clone(),
                title: item.title.clone(),
                subheading: item.subheading.clone(),
                contents: item.contents.clone(),
                cadence: item.cadence.thai(),
                topic_number: item.topic.oit_number(),
                status: overall.map(|r| r.status.thai()).unwrap_or_default(),
                status_class: overall.map_or("", |r| super::status_class(&r.status)),
                last_updated: newest.map(|p| date_text(p.published_at)),
                evidence: newest.map(|p| evidence_link(p, slug, has_plan, newest_broken)),
                periods: if periods.len() > 1 {
                    periods
                } else {
                    Vec::new()
                },
                note: item
                    .reconstructed
                    .then(|| item.note.clone())
                    .flatten()
                    .map(|n| format!("ข้อความของรายการนี้เรียบเรียงขึ้นใหม่: {n}")),
            }
        })
        .collect()
}

pub async fn page(
    State(store): State<AppState>,
    config: Resources,
    Path(slug): Path<String>,
    query: Result<Query<InfoQuery>, QueryRejection>,
) -> Result<Html<String>, WebError> {
    let Query(query) = query.map_err(|_| WebError::BadRequest("ตัวเลือกในที่อยู่ไม่ถูกต้อง".into()))?;
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
    let urls = Urls::new(&org.slug);
    let base = format!("{}/info", urls.plan());
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
    let has_plan = store.current_plan(&org.id).await?.is_some();
    let year_query = |y: Option<FiscalYear>| y.map(|y| format!("year={y}")).unwrap_or_default();
    let with = |extra: &str| {
        let mut q: Vec<String> = Vec::new();
        let yq = year_query(year);
        if !yq.is_empty() {
            q.push(yq);
        }
        if !extra.is_empty() {
            q.push(extra.to_string());
        }
        if q.is_empty() {
            base.clone()
        } else {
            format!("{base}?{}", q.join("&"))
        }
    };
    let mut groups = Vec::new();
    let (mut published, mut total) = (0, 0);
    let (title, description) = match &view {
        Some(view) => {
            let mut items = items_of(view, &org.slug, has_plan, today);
            total = items.len();
            published = items.iter().filter(|i| i.evidence.is_some()).count();
            if by_code {
                items.sort_by_key(|i| code_sort_key(&i.code));
                groups.push(Group {
                    id: "all".into(),
                    heading: "ทุกรายการตามรหัส".into(),
                    items,
                });
            } else {
                // Items move into their topic's group, in catalogue order.
                let mut slots: Vec<Option<ItemView>> = items.into_iter().map(Some).collect();
                for topic in Topic::ALL {
                    let in_topic: Vec<ItemView> = view
                        .catalogue
                        .items
                        .iter()
                        .zip(slots.iter_mut())
                        .filter(|(item, _)| item.topic == topic)
                        .filter_map(|(_, slot)| slot.take())
                        .collect();
                    if !in_topic.is_empty() {
                        groups.push(Group {
                            id: topic.as_str().replace('_', "-"),
                            heading: format!("{} {}", topic.oit_number(), topic.thai()),
                            items: in_topic,
                        });
                    }
                }
            }
            (
                view.catalogue.title.clone(),
                view.catalogue.description.clone(),
            )
        }
        None => ("ศูนย์ข้อมูลข่าวสาร".to_string(), None),
    };
    let mut crumbs = org_crumbs(&org, &urls);
    crumbs.push(Crumb::here("ศูนย์ข้อมูลข่าวสาร"));
    let page = InfoPage {
        layout: Layout::new(format!("ศูนย์ข้อมูลข่าวสาร – {}", org.name), crumbs),
        organization: org.name.clone(),
        year: year.map(|y| y.to_string()),
        title,
        description,
        years: years
            .iter()
            .map(|y| YearChoice {
                label: format!("ปีงบประมาณ {y}"),
                href: format!("{base}?year={y}{}", if by_code { "&view=code" } else { "" }),
                current: Some(*y) == year,
            })
            .collect(),
        by_code,
        topic_href: with(""),
        code_href: with("view=code"),
        dcat_href: format!("{base}/dcat.jsonld"),
        json_href: format!(
            "/api/v1/organizations/{}/disclosures{}",
            crate::format::path_segment(&org.slug),
            year.map(|y| format!("?fiscal_year={y}"))
                .unwrap_or_default()
        ),
        groups,
        published,
        total,
        today: thai_date(today),
    };
    Ok(Html(page.render()?))
}

/// "https://host" of this request, for the absolute addresses DCAT needs:
/// the scheme a proxy says it used, else http.
pub(crate) fn public_base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    format!("{scheme}://{host}")
}

/// The DCAT catalogue (JSON-LD) of the published items of every year: one
/// dataset per item and year, one distribution per published period.
pub async fn dcat(
    State(store): State<AppState>,
    config: Resources,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let org = organization(&store, &slug).await?;
    let base = public_base_url(&headers);
    let today = config.clock.today();
    let has_plan = store.current_plan(&org.id).await?.is_some();
    let info = format!("{base}/o/{}/info", crate::format::path_segment(&org.slug));
    let mut datasets = Vec::new();
    let mut modified: Option<time::OffsetDateTime> = None;
    for summary in store.disclosure_catalogue_years(&org.id).await? {
        let year = summary.fiscal_year;
        let Some(view) = load_year(&store, &org.id, year, today).await? else {
            continue;
        };
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
                let link = evidence_link(p, &org.slug, has_plan, false);
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
