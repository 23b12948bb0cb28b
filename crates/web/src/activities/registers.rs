//! The publicity log and its channels, and the rosters.

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use sujarit_core::account::{Permission, Role};
use sujarit_core::activity::{PublicityEntry, Roster, RosterKind};
use sujarit_core::fiscal::FiscalYear;
use sujarit_store::StoreError;

use super::form::Posted;
use super::view;
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::format;
use crate::state::Resources;
use crate::ui::{FormErrors, StaffBar};

#[derive(Deserialize)]
pub struct PageQuery {
    year: Option<String>,
    done: Option<String>,
}

fn may_log(staff: &CurrentStaff) -> Result<(), WebError> {
    if staff.actor.has(Permission::Review) || staff.actor.role == Role::UnitOfficer {
        Ok(())
    } else {
        Err(WebError::Forbidden(
            "บันทึกการประชาสัมพันธ์ได้เฉพาะผู้ประสานแผนและเจ้าหน้าที่หน่วยงาน".into(),
        ))
    }
}

/// Publicity counts toward an item's KPIs: a unit officer logs it only for
/// the items their unit owns; entries of no item, or of any item, need the
/// coordinator.
async fn may_log_for(
    store: &AppState,
    staff: &CurrentStaff,
    item: Option<sujarit_core::ItemRef>,
) -> Result<(), WebError> {
    if staff.actor.has(Permission::Review) {
        return Ok(());
    }
    let allowed = match item {
        Some(item) => {
            let units = store.units_of_item(&staff.organization.id, item).await?;
            staff.actor.can_report_on(&units)
        }
        None => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(WebError::Forbidden(
            "คุณบันทึกการประชาสัมพันธ์ได้เฉพาะรายการที่หน่วยงานของคุณรับผิดชอบ (ต้องเลือกรายการ)".into(),
        ))
    }
}

fn field_errors(error: &StoreError) -> Option<FormErrors> {
    let StoreError::Invalid(fields) = error else {
        return None;
    };
    let mut errors = FormErrors::default();
    for f in fields {
        errors.add(f.field, f.message.clone());
    }
    Some(errors)
}

async fn publicity_page(
    store: &AppState,
    staff: &CurrentStaff,
    year: u16,
    posted: Option<&Posted>,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<view::PublicityPage, WebError> {
    let org = &staff.organization.id;
    let plan = store.current_plan(org).await?.map(|(_, r)| r.plan);
    let items: Vec<&sujarit_core::Item> = plan.iter().flat_map(|p| p.items()).collect();
    let mut years: Vec<u16> = plan
        .as_ref()
        .map(|p| p.period.years().collect())
        .unwrap_or_default();
    if !years.contains(&year) {
        years.push(year);
        years.sort_unstable();
    }
    let entries = store.publicity(org, year).await?;
    let channels = store.publicity_channels(org).await?;
    Ok(view::publicity_page(
        StaffBar::new(staff),
        year,
        years,
        &entries,
        &channels,
        &items,
        posted,
        errors,
        staff.actor.has(Permission::Review),
        notice,
    ))
}

pub async fn publicity(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    may_log(&staff)?;
    let Query(query) = query.map_err(|_| WebError::BadRequest("ปีงบประมาณไม่ถูกต้อง".into()))?;
    let year = match query.year.as_deref().filter(|y| !y.trim().is_empty()) {
        Some(y) => format::parse_fiscal_year(y).ok_or_else(|| {
            WebError::BadRequest("ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569".into())
        })?,
        None => FiscalYear::of(config.clock.today()).be(),
    };
    let notice = query.done.and_then(|d| match d.as_str() {
        "added" => Some("บันทึกการประชาสัมพันธ์แล้ว".to_string()),
        "removed" => Some("ลบรายการแล้ว".to_string()),
        "channels" => Some("บันทึกช่องทางแล้ว".to_string()),
        _ => None,
    });
    let page = publicity_page(&store, &staff, year, None, FormErrors::default(), notice).await?;
    Ok(Html(page.render()?).into_response())
}

pub async fn add_publicity(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    body: Bytes,
) -> Result<Response, WebError> {
    may_log(&staff)?;
    let posted = Posted::parse(&body);
    let mut errors = FormErrors::default();
    let date = sujarit_core::fiscal::parse_thai_date(&posted.get("date"));
    if date.is_none() {
        errors.add("date", "วันที่ต้องเป็น วว/ดด/ปปปป (พ.ศ.) เช่น 15/01/2569");
    }
    let item_text = posted.get("item");
    let item = if item_text.is_empty() {
        None
    } else {
        let parsed = format::parse_item_ref(&item_text);
        if parsed.is_none() {
            errors.add("item", "เลขที่รายการไม่ถูกต้อง เช่น 1.9");
        }
        parsed
    };
    // 403 before 400: the right on the item named comes first.
    may_log_for(&store, &staff, item).await?;
    if let Some(item) = item {
        let known = store
            .current_plan(&staff.organization.id)
            .await?
            .is_some_and(|(_, r)| r.plan.item(item).is_some());
        if !known {
            errors.add("item", format!("ไม่มีรายการ {item} ในแผนที่ใช้อยู่"));
        }
    }
    let fiscal_year = date.map_or(FiscalYear::of(config.clock.today()).be(), |d| {
        FiscalYear::of(d).be()
    });
    let year_asked = format::parse_fiscal_year(&posted.get("year")).unwrap_or(fiscal_year);
    if errors.is_empty()
        && let Some(date) = date
    {
        let entry = PublicityEntry {
            id: String::new(),
            item,
            fiscal_year: year_asked,
            channel: posted.get("channel"),
            date,
            topic: posted.get("topic"),
        };
        match store
            .add_publicity(&staff.organization.id, &entry, &staff.actor.user_id)
            .await
        {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/staff/publicity?year={year_asked}&done=added"))
                        .into_response(),
                );
            }
            Err(error) => match field_errors(&error) {
                Some(e) => errors = e,
                None => return Err(error.into()),
            },
        }
    }
    let page = publicity_page(&store, &staff, year_asked, Some(&posted), errors, None).await?;
    Ok((StatusCode::BAD_REQUEST, Html(page.render()?)).into_response())
}

pub async fn remove_publicity(
    State(store): State<AppState>,
    staff: CurrentStaff,
    body: Bytes,
) -> Result<Response, WebError> {
    may_log(&staff)?;
    let posted = Posted::parse(&body);
    store
        .remove_publicity(
            &staff.organization.id,
            &posted.get("id"),
            &staff.actor.user_id,
        )
        .await?;
    let year = format::parse_fiscal_year(&posted.get("year"))
        .map(|y| format!("year={y}&"))
        .unwrap_or_default();
    Ok(Redirect::to(&format!("/staff/publicity?{year}done=removed")).into_response())
}

pub async fn set_channels(
    State(store): State<AppState>,
    staff: CurrentStaff,
    body: Bytes,
) -> Result<Response, WebError> {
    staff.require(Permission::Review)?;
    let posted = Posted::parse(&body);
    store
        .set_publicity_channels(
            &staff.organization.id,
            &posted.lines("channels"),
            &staff.actor.user_id,
        )
        .await?;
    Ok(Redirect::to("/staff/publicity?done=channels").into_response())
}

pub async fn rosters(
    State(store): State<AppState>,
    staff: CurrentStaff,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    staff.require(Permission::Review)?;
    let rosters = store.rosters(&staff.organization.id).await?;
    let notice = query
        .ok()
        .and_then(|Query(q)| q.done)
        .filter(|d| d == "saved")
        .map(|_| "บันทึกรายชื่อแล้ว".to_string());
    let page = view::rosters_page(
        StaffBar::new(&staff),
        &rosters,
        None,
        FormErrors::default(),
        notice,
    );
    Ok(Html(page.render()?).into_response())
}

pub async fn save_roster(
    State(store): State<AppState>,
    staff: CurrentStaff,
    body: Bytes,
) -> Result<Response, WebError> {
    staff.require(Permission::Review)?;
    let posted = Posted::parse(&body);
    let mut errors = FormErrors::default();
    match RosterKind::parse(&posted.get("kind")) {
        None => errors.add("kind", "โปรดเลือกประเภทรายชื่อ"),
        Some(kind) => {
            let roster = Roster {
                id: posted.get("id"),
                kind,
                name: posted.get("name"),
                entries: posted.lines("entries"),
            };
            match store
                .save_roster(&staff.organization.id, &roster, &staff.actor.user_id)
                .await
            {
                Ok(_) => return Ok(Redirect::to("/staff/rosters?done=saved").into_response()),
                Err(error) => match field_errors(&error) {
                    Some(e) => errors = e,
                    None => return Err(error.into()),
                },
            }
        }
    }
    let rosters = store.rosters(&staff.organization.id).await?;
    let page = view::rosters_page(StaffBar::new(&staff), &rosters, Some(&posted), errors, None);
    Ok((StatusCode::BAD_REQUEST, Html(page.render()?)).into_response())
}
