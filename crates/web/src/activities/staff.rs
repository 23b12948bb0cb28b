//! The activity register in the back office: list, record, edit, publish,
//! files, the sign-in sheet and its QR code, the attendance list and the
//! activity summary report.

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use sujarit_core::account::Permission;
use sujarit_core::activity::Activity;
use sujarit_core::fiscal::FiscalYear;
use sujarit_core::{Item, Plan};
use sujarit_store::StoreError;

use super::form::{self, Posted};
use super::view::{self, FormInput};
use super::{Access, access};
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::format;
use crate::state::Resources;
use crate::ui::{FormErrors, StaffBar};

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
    item: Option<String>,
    done: Option<String>,
    format: Option<String>,
}

fn year_of(
    query: &Result<Query<YearQuery>, QueryRejection>,
    config: &Resources,
) -> Result<u16, WebError> {
    match query.as_ref().ok().and_then(|Query(q)| q.year.clone()) {
        Some(text) if !text.trim().is_empty() => {
            format::parse_fiscal_year(&text).ok_or_else(|| {
                WebError::BadRequest("ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569".into())
            })
        }
        _ => Ok(FiscalYear::of(config.clock.today()).be()),
    }
}

async fn plan_of(store: &AppState, org: &str) -> Result<Plan, WebError> {
    store
        .current_plan(org)
        .await?
        .map(|(_, r)| r.plan)
        .ok_or_else(|| WebError::NotFound("ยังไม่มีแผนปฏิบัติการ ผู้ประสานแผนต้องนำเข้าแผนก่อน".into()))
}

/// The items this staff member may record activities for.
async fn items_for<'p>(
    store: &AppState,
    staff: &CurrentStaff,
    plan: &'p Plan,
) -> Result<Vec<&'p Item>, WebError> {
    let mut out = Vec::new();
    for item in plan.items() {
        let units = store
            .units_of_item(&staff.organization.id, item.item_ref())
            .await?;
        if staff.actor.has(Permission::Review) || staff.actor.can_report_on(&units) {
            out.push(item);
        }
    }
    Ok(out)
}

fn years_of(plan: &Plan, year: u16) -> Vec<u16> {
    let mut years: Vec<u16> = plan.period.years().collect();
    if !years.contains(&year) {
        years.push(year);
        years.sort_unstable();
    }
    years
}

pub async fn list(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let year = year_of(&query, &config)?;
    let org = &staff.organization.id;
    let plan = plan_of(&store, org).await?;
    let items = items_for(&store, &staff, &plan).await?;
    let reads_all = staff.actor.has(Permission::ReadEverything);
    let activities: Vec<Activity> = store
        .activities(org, year, None)
        .await?
        .into_iter()
        .filter(|a| reads_all || items.iter().any(|i| i.item_ref() == a.input.item))
        .collect();
    let notice = query
        .ok()
        .and_then(|Query(q)| q.done)
        .filter(|d| d == "created")
        .map(|_| "บันทึกกิจกรรมแล้ว".to_string());
    let page = view::list_page(
        StaffBar::new(&staff),
        year,
        years_of(&plan, year),
        &items,
        &activities,
        notice,
    );
    Ok(Html(page.render()?).into_response())
}

pub async fn new_form(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let year = year_of(&query, &config)?;
    let org = &staff.organization.id;
    let plan = plan_of(&store, org).await?;
    let items = items_for(&store, &staff, &plan).await?;
    if items.is_empty() {
        return Err(WebError::Forbidden(
            "บทบาทของคุณบันทึกกิจกรรมไม่ได้ (บันทึกได้เฉพาะรายการที่หน่วยงานของคุณรับผิดชอบ)".into(),
        ));
    }
    let rosters = store.rosters(org).await?;
    let page = view::form_page(FormInput {
        bar: StaffBar::new(&staff),
        items: &items,
        rosters: &rosters,
        activity: None,
        posted: None,
        errors: FormErrors::default(),
        item: query.ok().and_then(|Query(q)| q.item),
        year,
        can_edit: true,
        can_publish: staff.actor.has(Permission::Review),
        checkin_url: None,
        slug: &staff.organization.slug,
        notice: None,
    });
    Ok(Html(page.render()?).into_response())
}

/// The absolute check-in link printed as a QR code, at the public address.
pub(crate) fn checkin_url(store: &AppState, slug: &str, token: &str) -> String {
    let base = crate::ui::public_base_url(store);
    format!("{base}/o/{slug}/checkin/{token}")
}

/// The form again, with the Thai messages at their fields (400).
#[allow(clippy::too_many_arguments)]
async fn refused_form(
    store: &AppState,
    staff: &CurrentStaff,
    plan: &Plan,
    activity: Option<&Activity>,
    posted: &Posted,
    errors: FormErrors,
    year: u16,
    status: StatusCode,
) -> Result<Response, WebError> {
    let items = items_for(store, staff, plan).await?;
    let rosters = store.rosters(&staff.organization.id).await?;
    let page = view::form_page(FormInput {
        bar: StaffBar::new(staff),
        items: &items,
        rosters: &rosters,
        activity,
        posted: Some(posted),
        errors,
        item: None,
        year,
        can_edit: true,
        can_publish: staff.actor.has(Permission::Review),
        checkin_url: None,
        slug: &staff.organization.slug,
        notice: None,
    });
    Ok((status, Html(page.render()?)).into_response())
}

fn store_errors(error: &StoreError) -> Option<FormErrors> {
    let mut errors = FormErrors::default();
    match error {
        StoreError::Invalid(fields) => {
            for f in fields {
                errors.add(f.field, f.message.clone());
            }
        }
        StoreError::Stale { .. } | StoreError::NotFound(_) => {
            errors.add("form", sujarit_service::wording::refusal(error));
        }
        _ => return None,
    }
    Some(errors)
}

pub async fn create(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    body: Bytes,
) -> Result<Response, WebError> {
    let org = staff.organization.id.clone();
    let plan = plan_of(&store, &org).await?;
    let posted = Posted::parse(&body);
    let year = FiscalYear::of(config.clock.today()).be();
    let input = match form::read(&posted) {
        Ok(input) => input,
        Err(errors) => {
            // 403 before 400: a role that may record nothing is refused first.
            if items_for(&store, &staff, &plan).await?.is_empty() {
                return Err(WebError::Forbidden("บทบาทของคุณบันทึกกิจกรรมไม่ได้".into()));
            }
            return refused_form(
                &store,
                &staff,
                &plan,
                None,
                &posted,
                errors,
                year,
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
    };
    if !access(&store, &staff, input.item).await?.edit {
        return Err(WebError::Forbidden(
            "คุณบันทึกกิจกรรมได้เฉพาะรายการที่หน่วยงานของคุณรับผิดชอบ".into(),
        ));
    }
    if plan.item(input.item).is_none() {
        let mut errors = FormErrors::default();
        errors.add("item", format!("ไม่มีรายการ {} ในแผนที่ใช้อยู่", input.item));
        return refused_form(
            &store,
            &staff,
            &plan,
            None,
            &posted,
            errors,
            year,
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    match store
        .create_activity(&org, &input, &staff.actor.user_id)
        .await
    {
        Ok(activity) => Ok(Redirect::to(&format!(
            "/staff/activities/{}?done=created",
            activity.id
        ))
        .into_response()),
        Err(error) => match store_errors(&error) {
            Some(errors) => {
                refused_form(
                    &store,
                    &staff,
                    &plan,
                    None,
                    &posted,
                    errors,
                    year,
                    StatusCode::BAD_REQUEST,
                )
                .await
            }
            None => Err(error.into()),
        },
    }
}

async fn load(
    store: &AppState,
    staff: &CurrentStaff,
    id: &str,
) -> Result<(Activity, Access), WebError> {
    let activity = store
        .activity(&staff.organization.id, id)
        .await?
        .ok_or_else(|| WebError::NotFound("ไม่พบกิจกรรมนี้".into()))?;
    let access = access(store, staff, activity.input.item).await?;
    Ok((activity, access))
}

pub async fn show(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let (activity, access) = load(&store, &staff, &id).await?;
    let org = &staff.organization.id;
    let plan = plan_of(&store, org).await?;
    let items = items_for(&store, &staff, &plan).await?;
    let items: Vec<&Item> = if items.is_empty() {
        plan.item(activity.input.item).into_iter().collect()
    } else {
        items
    };
    let rosters = store.rosters(org).await?;
    let notice = query
        .ok()
        .and_then(|Query(q)| q.done)
        .and_then(|d| match d.as_str() {
            "created" => Some("บันทึกกิจกรรมแล้ว พิมพ์ใบลงชื่อพร้อมคิวอาร์โค้ดได้จากหน้านี้"),
            "saved" => Some("บันทึกการแก้ไขแล้ว"),
            "published" => Some("เผยแพร่กิจกรรมนี้บนหน้าสาธารณะแล้ว"),
            "unpublished" => Some("ยกเลิกการเผยแพร่แล้ว"),
            "file" => Some("แนบไฟล์แล้ว (ลบข้อมูลแฝง เช่น พิกัดและชื่อผู้สร้าง ออกแล้ว)"),
            _ => None,
        })
        .map(str::to_string);
    let url = checkin_url(&store, &staff.organization.slug, &activity.checkin_token);
    let page = view::form_page(FormInput {
        bar: StaffBar::new(&staff),
        items: &items,
        rosters: &rosters,
        activity: Some(&activity),
        posted: None,
        errors: FormErrors::default(),
        item: None,
        year: activity.input.fiscal_year,
        can_edit: access.edit,
        can_publish: staff.actor.has(Permission::Review),
        checkin_url: Some(url),
        slug: &staff.organization.slug,
        notice,
    });
    Ok(Html(page.render()?).into_response())
}

pub async fn update(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (activity, access) = load(&store, &staff, &id).await?;
    if !access.edit {
        return Err(WebError::Forbidden("บทบาทของคุณแก้ไขกิจกรรมนี้ไม่ได้".into()));
    }
    let org = staff.organization.id.clone();
    let plan = plan_of(&store, &org).await?;
    let posted = Posted::parse(&body);
    let year = activity.input.fiscal_year;
    let input = match form::read(&posted) {
        Ok(input) => input,
        Err(errors) => {
            return refused_form(
                &store,
                &staff,
                &plan,
                Some(&activity),
                &posted,
                errors,
                year,
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
    };
    // Moving the activity to another item needs the right on that one too.
    if input.item != activity.input.item && !super::access(&store, &staff, input.item).await?.edit {
        return Err(WebError::Forbidden(
            "คุณย้ายกิจกรรมไปยังรายการที่หน่วยงานของคุณไม่ได้รับผิดชอบไม่ได้".into(),
        ));
    }
    if plan.item(input.item).is_none() {
        let mut errors = FormErrors::default();
        errors.add("item", format!("ไม่มีรายการ {} ในแผนที่ใช้อยู่", input.item));
        return refused_form(
            &store,
            &staff,
            &plan,
            Some(&activity),
            &posted,
            errors,
            year,
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    let revision: i64 = posted.get("revision").parse().unwrap_or(-1);
    match store
        .update_activity(&org, &id, &input, revision, &staff.actor.user_id)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/staff/activities/{id}?done=saved")).into_response()),
        Err(error) => match store_errors(&error) {
            Some(errors) => {
                let status = if matches!(error, StoreError::Stale { .. }) {
                    StatusCode::CONFLICT
                } else {
                    StatusCode::BAD_REQUEST
                };
                refused_form(
                    &store,
                    &staff,
                    &plan,
                    Some(&activity),
                    &posted,
                    errors,
                    year,
                    status,
                )
                .await
            }
            None => Err(error.into()),
        },
    }
}

pub async fn publish(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (activity, _) = load(&store, &staff, &id).await?;
    // Published activities count in public KPIs: the coordinator reviews
    // and publishes them, as with quarterly reports.
    staff.require(Permission::Review)?;
    let publish = Posted::parse(&body).get("publish") == "1";
    store
        .set_activity_published(&staff.organization.id, &id, publish, &staff.actor.user_id)
        .await?;
    if publish {
        // The information centre's items that stand for the year's
        // activities are published now, not at the next daily round.
        let year = FiscalYear(activity.input.fiscal_year);
        if let Err(error) = sujarit_service::disclosure::publish_generated(
            &*store,
            &staff.organization,
            year,
            config.clock.today(),
        )
        .await
        {
            tracing::warn!(%error, "publishing generated disclosures after an activity failed");
        }
    }
    let done = if publish { "published" } else { "unpublished" };
    Ok(Redirect::to(&format!("/staff/activities/{id}?done={done}")).into_response())
}

pub async fn attendance(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (activity, access) = load(&store, &staff, &id).await?;
    // Names are personal data: only who organises the activity reads them.
    if !access.edit {
        return Err(WebError::Forbidden(
            "รายชื่อผู้เข้าร่วมเป็นข้อมูลส่วนบุคคล ดูได้เฉพาะผู้รับผิดชอบกิจกรรม".into(),
        ));
    }
    let lines = store
        .attendance(&staff.organization.id, &id, &staff.actor.user_id)
        .await?;
    let page = view::attendance_page(StaffBar::new(&staff), &activity, &lines);
    let mut response = Html(page.render()?).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

fn bytes_response(bytes: Vec<u8>, media_type: &'static str, file_name: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    let disposition = format!(
        "attachment; filename=\"report\"; filename*=UTF-8''{}",
        format::path_segment(file_name)
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

pub async fn signin_sheet(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (activity, _) = load(&store, &staff, &id).await?;
    let plan = plan_of(&store, &staff.organization.id).await?;
    let sheet = sujarit_reports::activities::SigninSheet {
        organization: staff.organization.name.clone(),
        title: activity.input.title.clone(),
        item: activity.input.item.to_string(),
        item_name: plan
            .item(activity.input.item)
            .map(|i| i.name.clone())
            .unwrap_or_default(),
        kind: activity.input.kind.thai().to_string(),
        sessions: activity
            .input
            .sessions
            .iter()
            .map(view::session_text)
            .collect(),
        venue: activity.input.venue.clone(),
        checkin_url: checkin_url(&store, &staff.organization.slug, &activity.checkin_token),
        rows: usize::try_from(activity.input.planned_total())
            .unwrap_or(30)
            .clamp(20, 500),
    };
    let pdf =
        tokio::task::spawn_blocking(move || sujarit_reports::activities::signin_sheet_pdf(&sheet))
            .await
            .map_err(|e| WebError::Internal(e.to_string()))?
            .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(bytes_response(
        pdf,
        "application/pdf",
        &format!("ใบลงชื่อ-{}.pdf", activity.input.title),
    ))
}

pub async fn checkin_qr(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (activity, _) = load(&store, &staff, &id).await?;
    let url = checkin_url(&store, &staff.organization.slug, &activity.checkin_token);
    let svg = sujarit_reports::qr::try_svg(&url)
        .ok_or_else(|| WebError::BadRequest("ที่อยู่ของเซิร์ฟเวอร์ยาวเกินกว่าจะทำคิวอาร์โค้ดได้".into()))?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

fn spool_failure(error: sujarit_store::files::FileError) -> WebError {
    tracing::error!(%error, "spooling an activity file failed");
    WebError::Internal("รับไฟล์ไม่สำเร็จ".into())
}

pub async fn upload(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(id): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, WebError> {
    let (_, access) = load(&store, &staff, &id).await?;
    if !access.edit {
        return Err(WebError::Forbidden("บทบาทของคุณแนบไฟล์ของกิจกรรมนี้ไม่ได้".into()));
    }
    let mut multipart = multipart
        .map_err(|_| WebError::BadRequest("อ่านไฟล์ที่ส่งมาไม่ได้ โปรดเลือกไฟล์แล้วส่งใหม่อีกครั้ง".into()))?;
    let mut stored_any = false;
    while let Some(field) = multipart.next_field().await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            WebError::BadRequest(format!(
                "ไฟล์มีขนาดเกิน {} ที่รับได้",
                sujarit_core::files::size_text(config.files.max_bytes())
            ))
        } else {
            WebError::BadRequest("อ่านไฟล์ที่ส่งมาไม่ได้ โปรดส่งใหม่อีกครั้ง".into())
        }
    })? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        if name.trim().is_empty() {
            continue;
        }
        // Spooled to disk as it arrives (removed with the spool if refused).
        let mut field = field;
        let mut spool = config.files.spool(&name).await.map_err(spool_failure)?;
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|_| WebError::BadRequest("อ่านไฟล์ที่ส่งมาไม่ได้ โปรดส่งใหม่อีกครั้ง".into()))?
        {
            match spool.write(&chunk).await {
                Ok(()) => {}
                Err(sujarit_store::files::FileError::Io(error)) => {
                    return Err(spool_failure(error.into()));
                }
                Err(_) => {
                    return Err(WebError::BadRequest(format!(
                        "ไฟล์ \"{name}\" มีขนาดเกิน {} ที่รับได้",
                        sujarit_core::files::size_text(config.files.max_bytes())
                    )));
                }
            }
        }
        let file = sujarit_service::activities::store_activity_file(
            &config.files,
            &config.cleaner,
            spool,
            &staff.actor.user_id,
        )
        .await
        .map_err(|e| match e {
            sujarit_store::files::FileError::Refused(refusal) => {
                WebError::BadRequest(refusal.to_string())
            }
            other => {
                tracing::error!(error = %other, "storing an activity file failed");
                WebError::Internal("storing an activity file failed".into())
            }
        })?;
        store
            .add_activity_file(&staff.organization.id, &id, &file, &staff.actor.user_id)
            .await?;
        stored_any = true;
    }
    if !stored_any {
        return Err(WebError::BadRequest(
            "โปรดเลือกไฟล์รูปภาพหรือเอกสารก่อนกดแนบ".into(),
        ));
    }
    Ok(Redirect::to(&format!("/staff/activities/{id}?done=file")).into_response())
}

pub async fn file(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (activity, _) = load(&store, &staff, &id).await?;
    serve_file(&config, &activity, &file).await
}

/// A photo or material of an activity, as a download under its own name.
pub(crate) async fn serve_file(
    config: &Resources,
    activity: &Activity,
    file: &str,
) -> Result<Response, WebError> {
    let found = activity
        .photos
        .iter()
        .find(|f| f.id == file)
        .ok_or_else(|| WebError::NotFound("ไม่พบไฟล์นี้ในกิจกรรม".into()))?;
    let evidence = sujarit_core::progress::Evidence {
        id: found.id.clone(),
        file_name: found.file_name.clone(),
        media_type: found.media_type.clone(),
        size_bytes: found.size_bytes,
        sha256: found.sha256.clone(),
        uploaded_by: String::new(),
        uploaded_at: time::OffsetDateTime::UNIX_EPOCH,
    };
    crate::ui::file_response(config, &evidence).await
}

/// The activity summary of an item and year, as PDF or XLSX.
pub async fn summary(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let year = year_of(&query, &config)?;
    let Ok(Query(q)) = query else {
        return Err(WebError::BadRequest("โปรดระบุรายการและปีงบประมาณ".into()));
    };
    let item_ref = q
        .item
        .as_deref()
        .and_then(format::parse_item_ref)
        .ok_or_else(|| WebError::BadRequest("โปรดระบุรายการ เช่น item=1.1".into()))?;
    access(&store, &staff, item_ref).await?;
    let org = &staff.organization.id;
    let plan = plan_of(&store, org).await?;
    let item = plan
        .item(item_ref)
        .ok_or_else(|| WebError::NotFound(format!("ไม่มีรายการ {item_ref} ในแผนที่ใช้อยู่")))?;
    let activities = store.activities(org, year, Some(item_ref)).await?;
    let publicity: Vec<_> = store
        .publicity(org, year)
        .await?
        .into_iter()
        .filter(|p| p.item == Some(item_ref))
        .collect();
    let today = config.clock.today();
    let kpis = sujarit_service::activities::measure_item(&*store, org, item, year, today)
        .await?
        .into_iter()
        .map(|line| sujarit_reports::activities::KpiRow {
            text: line.target.text.clone(),
            target: format!(
                "{} {}",
                sujarit_core::kpi::value_text(line.target.value),
                line.target.unit
            ),
            actual: line
                .measurement
                .as_ref()
                .map(|m| sujarit_core::kpi::value_text(m.value)),
            met: line.measurement.as_ref().map(|m| m.met),
        })
        .collect();
    let summary = sujarit_reports::activities::ActivitySummary {
        organization: staff.organization.name.clone(),
        item: item_ref.to_string(),
        item_name: item.name.clone(),
        fiscal_year: year,
        activities,
        publicity,
        kpis,
    };
    let xlsx = q.format.as_deref() == Some("xlsx");
    let bytes = tokio::task::spawn_blocking(move || {
        if xlsx {
            sujarit_reports::activities::activity_summary_xlsx(&summary)
        } else {
            sujarit_reports::activities::activity_summary_pdf(&summary)
        }
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let name = format!("สรุปกิจกรรม-{item_ref}-{year}");
    Ok(if xlsx {
        bytes_response(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("{name}.xlsx"),
        )
    } else {
        bytes_response(bytes, "application/pdf", &format!("{name}.pdf"))
    })
}
