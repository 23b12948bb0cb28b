//! Search as data: the public scope of an organisation's search.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use sujarit_core::search::SearchScope;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Asked, PAGE_SIZE, hit_href, parse_page, run};
use crate::AppState;
use crate::json::{ApiError, ErrorBody};
use crate::ui::public_base_url;
use sujarit_core::search::MAX_QUERY_CHARS;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The words to find (all of them), Thai or Latin, 1–200 characters;
    /// Thai is cut into words by Sujarit, so a word inside a longer run is found.
    #[param(min_length = 1, max_length = 200, example = "จริยธรรม")]
    pub q: String,
    /// The page of results (20 a page), 1–50.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 50, example = 1)]
    pub page: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SearchAnswer {
    pub organization: String,
    pub slug: String,
    /// The query as understood, trimmed.
    pub q: String,
    /// Its words, as the segmenter cut them.
    pub words: Vec<String>,
    /// How many results there are in all.
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
    pub results: Vec<SearchResult>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SearchResult {
    /// plan_item, disclosure or progress.
    pub kind: String,
    /// The kind in Thai.
    pub kind_label: String,
    /// The item ("2.19"), catalogue item ("2568/O1") or report ("2568/2/2.19").
    pub key: String,
    pub title: String,
    /// The start of its text.
    pub excerpt: String,
    /// Its page (absolute URL).
    pub url: String,
}

/// Search an organisation's plan items, information centre and published
/// progress (public documents only).
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/search", tag = "search",
    params(("slug" = String, Path, description = "รหัสองค์กร"), SearchQuery),
    responses((status = 200, body = SearchAnswer), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn search(
    State(store): State<AppState>,
    Path(slug): Path<String>,
    query: Result<Query<SearchQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<SearchAnswer>, ApiError> {
    let Query(query) =
        query.map_err(|_| ApiError::bad_request("พารามิเตอร์ไม่ถูกต้อง: ต้องมี q (คำค้น 1–200 ตัวอักษร)"))?;
    if query.q.is_empty() || query.q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::bad_request(format!(
            "พารามิเตอร์ไม่ถูกต้อง: q ต้องเป็นคำค้น 1–{MAX_QUERY_CHARS} ตัวอักษร"
        )));
    }
    let page = parse_page(query.page.as_deref()).map_err(ApiError::bad_request)?;
    let org = store
        .organization_by_slug(&slug)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("ไม่พบองค์กร \"{slug}\"")))?;
    // Within the bounds but without a letter or digit: nothing to find.
    let Ok(parsed) = sujarit_core::search::Query::parse(&query.q) else {
        return Ok(Json(SearchAnswer {
            organization: org.name.clone(),
            slug: org.slug.clone(),
            q: query.q.trim().to_owned(),
            words: Vec::new(),
            total: 0,
            page,
            page_size: PAGE_SIZE,
            results: Vec::new(),
        }));
    };
    let asked = Asked {
        query: parsed,
        page,
    };
    let results = run(&store, &org, &asked, SearchScope::Public)
        .await
        .map_err(ApiError::from_web)?;
    let base = public_base_url(&store);
    Ok(Json(SearchAnswer {
        organization: org.name.clone(),
        slug: org.slug.clone(),
        q: asked.query.text.clone(),
        words: asked.query.words.clone(),
        total: results.total,
        page: asked.page,
        page_size: PAGE_SIZE,
        results: results
            .hits
            .iter()
            .map(|hit| SearchResult {
                kind: hit.kind.as_str().into(),
                kind_label: hit.kind.thai().into(),
                key: hit.key.clone(),
                title: hit.title.clone(),
                excerpt: hit.excerpt.clone(),
                url: format!("{base}{}", hit_href(&org.slug, hit)),
            })
            .collect(),
    }))
}
