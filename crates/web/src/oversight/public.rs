//! The public comparison: `/oversight` (every province, by region, by LAO
//! kind) and `/oversight/provinces/{code}` (its LAOs, by district, by
//! kind), sortable, with their files and the DCAT catalogue. Published
//! figures only (`Figures::published`, `has_plan`).

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;
use sujarit_core::directory::{OversightScope, areas};
use sujarit_core::oversight::rollup::{Side, SortKey};

use super::{
    Download, JSON, Line, SortHeads, TableQuery, asked, district_lines, kind_lines,
    organization_lines, province_lines, public_table, region_lines, roll_up, split_download,
    table_file,
};
use crate::AppState;
use crate::error::WebError;
use crate::ui::{Crumb, Layout, Link, public_base_url};

const SIDE: Side = Side::Published;

#[derive(Template)]
#[template(path = "oversight/national.html")]
pub struct NationalPage {
    pub layout: Layout,
    pub year: u16,
    pub heads: SortHeads,
    pub sorted_by: &'static str,
    pub provinces: Vec<Line>,
    pub regions: Vec<Line>,
    pub kinds: Vec<Line>,
    pub total: Line,
    pub downloads: Vec<Link>,
}

#[derive(Template)]
#[template(path = "oversight/province.html")]
pub struct ProvincePage {
    pub layout: Layout,
    pub year: u16,
    pub province: String,
    pub region: String,
    pub heads: SortHeads,
    pub sorted_by: &'static str,
    pub organizations: Vec<Line>,
    pub districts: Vec<Line>,
    pub kinds: Vec<Line>,
    pub total: Line,
    pub downloads: Vec<Link>,
    pub action: String,
}

fn query_of(query: &Result<Query<TableQuery>, QueryRejection>) -> Option<&TableQuery> {
    query.as_ref().ok().map(|Query(q)| q)
}

fn downloads(stem: &str, year: u16) -> Vec<Link> {
    [("CSV", "csv"), ("Excel (XLSX)", "xlsx"), ("JSON", "json")]
        .into_iter()
        .map(|(label, ext)| Link {
            label: format!("ดาวน์โหลดตารางเป็น {label}"),
            href: format!("{stem}.{ext}?fiscal_year={year}"),
        })
        .collect()
}

pub async fn national(
    State(state): State<AppState>,
    store: crate::replica::ReadStore,
    query: Result<Query<TableQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let (year, sort) = asked(query_of(&query), state.today(), &SortKey::PUBLIC)?;
    let rows = store.figures_in(&OversightScope::National, year).await?;
    let up = roll_up(&rows);
    let title = format!("เปรียบเทียบผลการดำเนินงานขององค์กรปกครองส่วนท้องถิ่น ปีงบประมาณ {year}");
    let mut total = Line::of(&up.total, SIDE);
    total.name = "ทั้งประเทศ".into();
    let page = NationalPage {
        layout: Layout::new(
            title.clone(),
            vec![Crumb::link("หน้าแรก", "/"), Crumb::here(title)],
        ),
        year,
        heads: SortHeads::new("/oversight", year, sort),
        sorted_by: sort.thai(),
        provinces: province_lines(&up, SIDE, sort, year, "/oversight/provinces"),
        regions: region_lines(&up, SIDE),
        kinds: kind_lines(&up, SIDE),
        total,
        downloads: downloads("/oversight", year),
    };
    Ok(Html(page.render()?).into_response())
}

async fn national_file(
    state: &AppState,
    store: &dyn sujarit_store::Store,
    query: Result<Query<TableQuery>, QueryRejection>,
    kind: Download,
) -> Result<Response, WebError> {
    let (year, sort) = asked(query_of(&query), state.today(), &SortKey::PUBLIC)?;
    let stem = format!("oversight-{year}");
    if kind == Download::Json {
        let answer = super::api::provinces_answer(store, year, sort).await?;
        return json_file(&answer, &stem);
    }
    let rows = store.figures_in(&OversightScope::National, year).await?;
    let up = roll_up(&rows);
    let lines = province_lines(&up, SIDE, sort, year, "/oversight/provinces");
    let refs: Vec<(&Line, &str)> = lines.iter().map(|l| (l, "")).collect();
    let table = public_table(
        "จังหวัด",
        format!("ผลการดำเนินงานขององค์กรปกครองส่วนท้องถิ่นรายจังหวัด ปีงบประมาณ {year} (ข้อมูลที่เผยแพร่)"),
        &refs,
        false,
    );
    table_file(&table, kind, &stem)
}

fn json_file(answer: &impl serde::Serialize, stem: &str) -> Result<Response, WebError> {
    let body = serde_json::to_vec_pretty(answer)
        .map_err(|e| WebError::Internal(format!("oversight json: {e}")))?;
    Ok(super::file(body, JSON, &format!("{stem}.json")))
}

pub async fn national_csv(
    State(state): State<AppState>,
    store: crate::replica::ReadStore,
    query: Result<Query<TableQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    national_file(&state, &*store, query, Download::Csv).await
}

pub async fn national_xlsx(
    State(state): State<AppState>,
    store: crate::replica::ReadStore,
    query: Result<Query<TableQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    national_file(&state, &*store, query, Download::Xlsx).await
}

pub async fn national_json(
    State(state): State<AppState>,
    store: crate::replica::ReadStore,
    query: Result<Query<TableQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    national_file(&state, &*store, query, Download::Json).await
}

/// `/oversight/provinces/{code}` and its files (`{code}.csv`, `.xlsx`,
/// `.json`).
pub async fn province(
    State(state): State<AppState>,
    store: crate::replica::ReadStore,
    Path(segment): Path<String>,
    query: Result<Query<TableQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let (code, kind) = split_download(&segment);
    let province = super::province(code)?;
    let (year, sort) = asked(query_of(&query), state.today(), &SortKey::PUBLIC)?;
    let stem = format!("oversight-{}-{year}", province.code);
    if kind == Download::Json {
        let answer = super::api::organizations_answer(&*store, &province.code, year, sort)
            .await?
            .ok_or_else(|| WebError::NotFound(format!("ไม่พบจังหวัดรหัส \"{code}\"")))?;
        return json_file(&answer, &stem);
    }
    let rows = store
        .figures_in(&OversightScope::Province(province.code.clone()), year)
        .await?;
    let lines = organization_lines(&rows, SIDE, sort, |slug| {
        format!("/o/{}", crate::format::path_segment(slug))
    });
    if kind != Download::Page {
        let refs: Vec<(&Line, &str)> = lines.iter().map(|(l, s)| (l, s.as_str())).collect();
        let table = public_table(
            &province.name_th,
            format!(
                "ผลการดำเนินงานขององค์กรปกครองส่วนท้องถิ่น จังหวัด{} ปีงบประมาณ {year} (ข้อมูลที่เผยแพร่)",
                province.name_th
            ),
            &refs,
            true,
        );
        return table_file(&table, kind, &stem);
    }
    let up = roll_up(&rows);
    let mut total = Line::of(&up.total, SIDE);
    total.name = format!("ทั้งจังหวัด{}", province.name_th);
    let title = format!("จังหวัด{} ปีงบประมาณ {year}", province.name_th);
    let base = format!("/oversight/provinces/{}", province.code);
    let page = ProvincePage {
        layout: Layout::new(
            title.clone(),
            vec![
                Crumb::link("หน้าแรก", "/"),
                Crumb::link(
                    "เปรียบเทียบทั่วประเทศ",
                    format!("/oversight?fiscal_year={year}"),
                ),
                Crumb::here(title),
            ],
        ),
        year,
        province: province.name_th.clone(),
        region: super::region_name(&province.code),
        heads: SortHeads::new(&base, year, sort),
        sorted_by: sort.thai(),
        organizations: lines.into_iter().map(|(l, _)| l).collect(),
        districts: district_lines(&up, SIDE),
        kinds: kind_lines(&up, SIDE),
        total,
        downloads: downloads(&base, year),
        action: base,
    };
    Ok(Html(page.render()?).into_response())
}

/// The DCAT catalogue (JSON-LD): the national table and each province's
/// table that has LAOs, each with its CSV, XLSX and JSON distributions for
/// the current fiscal year (`?fiscal_year=` for another).
pub async fn dcat(
    State(state): State<AppState>,
    store: crate::replica::ReadStore,
    query: Result<Query<TableQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let (year, _) = asked(query_of(&query), state.today(), &SortKey::PUBLIC)?;
    let base = public_base_url(&state);
    let rows = store.figures_in(&OversightScope::National, year).await?;
    let up = roll_up(&rows);
    let publisher = json!({ "@type": "foaf:Organization", "foaf:name": "สุจริต" });
    let modified = rows
        .iter()
        .filter_map(|(_, f)| f.as_ref().map(|f| f.computed_at))
        .max()
        .and_then(|at| {
            at.format(&time::format_description::well_known::Rfc3339)
                .ok()
        });
    let dataset = |path: &str, title: String, keywords: Vec<String>| {
        let distributions: Vec<serde_json::Value> = [
            ("csv", "text/csv"),
            ("xlsx", super::XLSX),
            ("json", "application/json"),
        ]
        .into_iter()
        .map(|(ext, media)| {
            json!({
                "@type": "dcat:Distribution",
                "dct:title": format!("{title} ({})", ext.to_uppercase()),
                "dcat:downloadURL": { "@id": format!("{base}{path}.{ext}?fiscal_year={year}") },
                "dcat:mediaType": media,
            })
        })
        .collect();
        json!({
            "@type": "dcat:Dataset",
            "@id": format!("{base}{path}?fiscal_year={year}"),
            "dct:identifier": format!("oversight{path}/{year}"),
            "dct:title": { "@language": "th", "@value": title },
            "dcat:keyword": keywords,
            "dct:publisher": publisher,
            "dct:modified": modified,
            "dcat:landingPage": { "@id": format!("{base}{path}?fiscal_year={year}") },
            "dcat:distribution": distributions,
        })
    };
    let mut datasets = vec![dataset(
        "/oversight",
        format!("ผลการดำเนินงานขององค์กรปกครองส่วนท้องถิ่นรายจังหวัด ปีงบประมาณ {year}"),
        vec![
            "E-PlanNACC".into(),
            "OIT".into(),
            format!("ปีงบประมาณ {year}"),
        ],
    )];
    let areas = areas::areas();
    for code in up.provinces.keys() {
        let Some(p) = areas.province(code) else {
            continue;
        };
        datasets.push(dataset(
            &format!("/oversight/provinces/{code}"),
            format!(
                "ผลการดำเนินงานขององค์กรปกครองส่วนท้องถิ่น จังหวัด{} ปีงบประมาณ {year}",
                p.name_th
            ),
            vec![p.name_th.clone(), format!("ปีงบประมาณ {year}")],
        ));
    }
    let document = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Catalog",
        "@id": format!("{base}/oversight/dcat.jsonld"),
        "dct:title": { "@language": "th", "@value": "เปรียบเทียบผลการดำเนินงานขององค์กรปกครองส่วนท้องถิ่น" },
        "dct:publisher": publisher,
        "dct:modified": modified,
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
