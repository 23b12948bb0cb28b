//! Activities in JSON: the published activities of a fiscal year with their
//! participants per target group. No names, ever.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use sujarit_core::activity::{ActivityKind, TargetGroup};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::json::{ApiError, ErrorBody};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(activities))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivitiesQuery {
    /// The fiscal year in BE, e.g. 2569.
    #[param(value_type = u16, minimum = 2400, maximum = 2700, example = 2568)]
    pub fiscal_year: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ParticipantsOut {
    pub group: TargetGroup,
    pub planned: u32,
    /// Counted by staff, else the check-ins on phones.
    pub participants: u32,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionOut {
    /// ISO date.
    pub date: String,
    /// "09:00" (Thai time).
    pub starts: String,
    pub ends: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ActivityOut {
    pub id: String,
    pub kind: ActivityKind,
    pub title: String,
    /// The plan item it belongs to, e.g. "1.1".
    pub item: String,
    pub fiscal_year: u16,
    /// ISO date of the first session.
    pub date: Option<String>,
    pub sessions: Vec<SessionOut>,
    pub venue: String,
    pub topics: Vec<String>,
    pub participants: Vec<ParticipantsOut>,
    pub participants_total: u32,
    /// The public page.
    pub url: String,
}

fn iso(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        date.month() as u8,
        date.day()
    )
}

/// Published activities of a fiscal year, by first day.
#[utoipa::path(get, path = "/api/v1/organizations/{slug}/activities", tag = "activities",
    params(("slug" = String, Path, description = "The organisation's slug"), ActivitiesQuery),
    responses((status = 200, body = Vec<ActivityOut>), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn activities(
    State(store): State<AppState>,
    Path(slug): Path<String>,
    query: Result<Query<ActivitiesQuery>, QueryRejection>,
) -> Result<Json<Vec<ActivityOut>>, ApiError> {
    let Query(query) = query.map_err(|_| {
        ApiError::bad_request("ต้องระบุ fiscal_year เป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น fiscal_year=2569")
    })?;
    let year = crate::format::parse_fiscal_year(&query.fiscal_year).ok_or_else(|| {
        ApiError::bad_request("fiscal_year ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569")
    })?;
    let org = super::public::organization(&store, &slug)
        .await
        .map_err(ApiError::from_web)?;
    let activities = super::public::published(&store, &org, year)
        .await
        .map_err(ApiError::from_web)?;
    Ok(Json(
        activities
            .iter()
            .map(|a| ActivityOut {
                id: a.id.clone(),
                kind: a.input.kind,
                title: a.input.title.clone(),
                item: a.input.item.to_string(),
                fiscal_year: a.input.fiscal_year,
                date: a.input.first_day().map(iso),
                sessions: a
                    .input
                    .sessions
                    .iter()
                    .map(|s| SessionOut {
                        date: iso(s.date),
                        starts: format!("{:02}:{:02}", s.starts.hour(), s.starts.minute()),
                        ends: format!("{:02}:{:02}", s.ends.hour(), s.ends.minute()),
                    })
                    .collect(),
                venue: a.input.venue.clone(),
                topics: a.input.topics.clone(),
                participants: TargetGroup::ALL
                    .into_iter()
                    .filter_map(|g| {
                        let planned = a
                            .input
                            .groups
                            .iter()
                            .find(|c| c.group == g)
                            .map_or(0, |c| c.planned);
                        let participants = a.participants_of(g);
                        (planned > 0 || participants > 0).then_some(ParticipantsOut {
                            group: g,
                            planned,
                            participants,
                        })
                    })
                    .collect(),
                participants_total: a.participants(&[]),
                url: format!("/o/{}/activities/{}", org.slug, a.id),
            })
            .collect(),
    ))
}
