//! Check-in on a phone through the sign-in sheet's QR code: no account,
//! the target group required, a name optional (personal data: kept for the
//! attendance list only), one check-in per device (a cookie), open two
//! hours around each session.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use sujarit_core::activity::{Activity, CheckIn, TargetGroup};
use sujarit_store::{Organization, StoreError};

use super::form::Posted;
use super::view;
use crate::AppState;
use crate::error::WebError;
use crate::limits::peer;
use crate::state::{Participation, Resources};

use crate::device::{device_cookie, device_of, new_device};

fn with_device_cookie(mut response: Response, device: &str, fresh: bool) -> Response {
    if fresh {
        response
            .headers_mut()
            .append(header::SET_COOKIE, device_cookie(device));
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn find(
    store: &AppState,
    slug: &str,
    token: &str,
) -> Result<(Organization, Activity), WebError> {
    let org = store
        .organization_by_slug(slug)
        .await?
        .ok_or_else(|| WebError::NotFound("ไม่พบองค์กรนี้".into()))?;
    let activity = store
        .activity_by_checkin(&org.id, token)
        .await?
        .ok_or_else(|| {
            WebError::NotFound("ไม่พบกิจกรรมของลิงก์ลงชื่อนี้ โปรดสแกนคิวอาร์โค้ดบนใบลงชื่ออีกครั้ง".into())
        })?;
    Ok((org, activity))
}

pub async fn page(
    State(store): State<AppState>,
    config: Resources,
    headers: HeaderMap,
    Path((slug, token)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (org, activity) = find(&store, &slug, &token).await?;
    let open = activity.checkin_open(config.clock.now());
    let page = view::checkin_page(&org, &activity, format!("/o/{slug}/checkin/{token}"), open);
    let (device, fresh) = match device_of(&headers) {
        Some(d) => (d, false),
        None => (new_device(), true),
    };
    Ok(with_device_cookie(
        Html(page.render()?).into_response(),
        &device,
        fresh,
    ))
}

pub async fn check_in(
    State(store): State<AppState>,
    config: Resources,
    participation: Participation,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    Path((slug, token)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    if !participation.limits.answers.allow(peer(&extensions)) {
        return Err(WebError::TooManyRequests(
            "มีการลงชื่อจากที่อยู่นี้มากเกินไป โปรดรอสักครู่แล้วลองใหม่".into(),
        ));
    }
    let (org, activity) = find(&store, &slug, &token).await?;
    let posted = Posted::parse(&body);
    let now = config.clock.now();
    let action = format!("/o/{slug}/checkin/{token}");
    let mut page = view::checkin_page(&org, &activity, action, activity.checkin_open(now));
    page.name = posted.get("name");
    let (device, fresh) = match device_of(&headers) {
        Some(d) => (d, false),
        None => (new_device(), true),
    };
    let Some(group) = TargetGroup::parse(&posted.get("group")) else {
        page.errors.add("group", "โปรดเลือกกลุ่มของท่าน");
        let response = (StatusCode::BAD_REQUEST, Html(page.render()?)).into_response();
        return Ok(with_device_cookie(response, &device, fresh));
    };
    for choice in &mut page.groups {
        choice.selected = choice.value == group.code();
    }
    let check_in = CheckIn {
        group,
        name: Some(posted.get("name")).filter(|n| !n.is_empty()),
        device: sujarit_service::activities::device_hash(&org.id, &activity.id, &device),
    };
    let status = match store.check_in(&org.id, &activity.id, &check_in, now).await {
        Ok(()) => {
            page.done = true;
            page.name = String::new();
            StatusCode::OK
        }
        Err(StoreError::Invalid(fields)) => {
            for f in fields {
                page.errors.add(f.field, f.message);
            }
            StatusCode::BAD_REQUEST
        }
        Err(refused @ (StoreError::Conflict(_) | StoreError::NotAllowed(_))) => {
            page.message = Some(sujarit_service::wording::refusal(&refused));
            page.open = !matches!(refused, StoreError::NotAllowed(_));
            StatusCode::CONFLICT
        }
        Err(other) => return Err(other.into()),
    };
    let response = (status, Html(page.render()?)).into_response();
    Ok(with_device_cookie(response, &device, fresh))
}
