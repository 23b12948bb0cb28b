//! The report of one item for one quarter: the form, saving (and submitting)
//! it, its evidence (upload, removal, download) and, for the coordinator, the
//! review buttons.
//!
//! Bad input is shown at its field in Thai with a 400 and nothing is saved; a
//! form made from an older revision than the stored one gets a 409 with the
//! user's input kept and a Thai message; an upload that is too large or not
//! an accepted type gets a 413/400 at the file field.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use serde::Deserialize;
use sujarit_core::Baht;
use sujarit_core::progress::{KpiActual, ProgressStatus, QuarterReport, ReportKey, ReviewAction};
use sujarit_store::StoreError;
use sujarit_store::files::{FileError, size_text};

use super::view::form::{self as view, FormInput, FormPage, Input};
use super::{Access, Resources, access, parse_key, report_url};
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::{FormErrors, Reply, StaffBar};

fn reply(status: StatusCode, page: FormPage) -> Reply {
    Ok((status, Html(page.render()?)).into_response())
}

/// Loads the item, checks access, and builds the page from the stored report
/// or from `input` (a refused form shown again).
async fn build(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
    key: ReportKey,
    input: Option<Input>,
) -> Result<(FormPage, Option<QuarterReport>, Access), WebError> {
    let org = &staff.organization.id;
    let plan = store
        .current_plan(org)
        .await?
        .map(|(_, r)| r.plan)
        .ok_or_else(|| WebError::NotFound("ยังไม่มีแผนปฏิบัติการ".into()))?;
    let item = plan
        .item(key.item)
        .ok_or_else(|| WebError::NotFound(format!("ไม่พบรายการที่ {} ในแผนนี้", key.item)))?;
    let period = plan.period;
    if !(period.first_fiscal_year..=period.last_fiscal_year).contains(&key.fiscal_year) {
        return Err(WebError::NotFound(format!(
            "ปีงบประมาณ {} อยู่นอกช่วงของแผน ({}–{})",
            key.fiscal_year, period.first_fiscal_year, period.last_fiscal_year
        )));
    }
    let access = access(store, staff, key.item).await?;
    let stored = store.quarter_report(org, key).await?;
    let report = stored.clone().unwrap_or_else(|| QuarterReport::new(key));
    let unit_names = unit_names(store, org, key).await?;
    let users: BTreeMap<String, String> = store
        .users(org)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let history = store.review_history(org, key).await?;
    let (measured, as_of) = measured(store, org, item, key, config).await?;
    let page = view::build(FormInput {
        bar: StaffBar::new(staff),
        key,
        item,
        report: &report,
        stored: stored.is_some(),
        access: &access,
        input,
        units: unit_names,
        users: &users,
        history,
        max_bytes: config.files.max_bytes(),
        measured: &measured,
        measured_as_of: sujarit_core::fiscal::thai_date(as_of),
    });
    Ok((page, stored, access))
}

/// The item's KPIs computed from records as of the quarter's last day (or
/// today, if the quarter has not ended).
async fn measured(
    store: &AppState,
    org: &str,
    item: &sujarit_core::Item,
    key: ReportKey,
    config: &Resources,
) -> Result<(Vec<view::Measured>, time::Date), WebError> {
    let year = sujarit_core::FiscalYear(key.fiscal_year);
    let as_of = key.quarter.last_day(year).min(config.clock.today());
    let lines =
        sujarit_service::activities::measure_item(&**store, org, item, key.fiscal_year, as_of)
            .await?;
    Ok((
        lines
            .into_iter()
            .filter_map(|l| l.measurement.map(|m| (l.target.text, m.value, m.met)))
            .collect(),
        as_of,
    ))
}

async fn unit_names(store: &AppState, org: &str, key: ReportKey) -> Result<String, WebError> {
    let ids = store.units_of_item(org, key.item).await?;
    let units = store.units(org).await?;
    let names: Vec<String> = ids
        .iter()
        .filter_map(|id| units.iter().find(|u| &u.id == id).map(|u| u.name.clone()))
        .collect();
    Ok(if names.is_empty() {
        "ยังไม่กำหนด".into()
    } else {
        names.join(", ")
    })
}

// ---------------------------------------------------------------------------
// Showing

#[derive(Deserialize)]
pub struct ShowQuery {
    done: Option<String>,
}

pub async fn show(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path((item_ref, fiscal_year, quarter)): Path<(String, String, String)>,
    query: Result<Query<ShowQuery>, QueryRejection>,
) -> Reply {
    let key = parse_key(&item_ref, &fiscal_year, &quarter)?;
    let (mut page, _, _) = build(&store, &staff, &config, key, None).await?;
    let done = query.ok().and_then(|Query(q)| q.done);
    page.notice = match done.as_deref() {
        Some("saved") => Some("บันทึกรายงานแล้ว"),
        Some("submitted") => Some("บันทึกและส่งตรวจแล้ว"),
        Some("uploaded") => Some("แนบไฟล์หลักฐานแล้ว"),
        Some("removed") => Some("นำไฟล์หลักฐานออกแล้ว"),
        Some("approve") => Some("อนุมัติรายงานแล้ว"),
        Some("publish") => Some("เผยแพร่รายงานแล้ว"),
        Some("return") => Some("ส่งรายงานกลับให้แก้ไขแล้ว"),
        _ => None,
    }
    .map(str::to_string);
    reply(StatusCode::OK, page)
}

// ---------------------------------------------------------------------------
// Saving

/// Reads the submitted fields into a report, or the field errors.
fn parse(
    key: ReportKey,
    pairs: &[(String, String)],
) -> Result<(Input, bool, Result<QuarterReport, FormErrors>), WebError> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    let revision = get("revision").trim().parse::<i64>().map_err(|_| {
        WebError::BadRequest("แบบฟอร์มไม่ครบ (ไม่มีฉบับที่ของรายงาน) โปรดเปิดหน้ารายงานใหม่".into())
    })?;
    let submit = get("intent") == "submit";
    let mut kpis = Vec::new();
    for index in 0.. {
        let text = get(&format!("kpi_text_{index}"));
        if text.is_empty() {
            break;
        }
        kpis.push((
            text.to_string(),
            get(&format!("kpi_value_{index}")).trim().to_string(),
            get(&format!("kpi_note_{index}")).trim().to_string(),
        ));
    }
    let input = Input {
        revision,
        status: get("status").to_string(),
        reason: get("reason").to_string(),
        reason_text: get("reason_text").trim().to_string(),
        planned: get("budget_planned").trim().to_string(),
        adopted: get("budget_adopted").trim().to_string(),
        disbursed: get("budget_disbursed").trim().to_string(),
        overspend_reason: get("overspend_reason").trim().to_string(),
        narrative: get("narrative").trim().to_string(),
        kpis,
    };

    let mut errors = FormErrors::default();
    let status = match input.status.as_str() {
        "not_done" => match input.reason.as_str() {
            "" => {
                errors.add("reason", "โปรดเลือกเหตุผลที่ไม่สามารถดำเนินการได้");
                None
            }
            reason => {
                let status =
                    ProgressStatus::from_codes("not_done", Some(reason), Some(&input.reason_text));
                if status.is_none() {
                    errors.add("reason", "เหตุผลที่เลือกไม่ถูกต้อง");
                }
                status
            }
        },
        "" => {
            errors.add("status", "โปรดเลือกสถานะการดำเนินงาน");
            None
        }
        code => {
            let status = ProgressStatus::from_codes(code, None, None);
            if status.is_none() {
                errors.add("status", "สถานะที่เลือกไม่ถูกต้อง");
            }
            status
        }
    };
    let mut money = |field: &'static str, label: &str, text: &str| match Baht::parse_written(text) {
        Ok(amount) => amount,
        Err(_) => {
            errors.add(
                field,
                format!("{label}ต้องเป็นจำนวนเงิน เช่น 15,000 หรือ 15000.50 (ไม่ใช่ \"{text}\")"),
            );
            None
        }
    };
    let planned = money("budget_planned", "งบประมาณตามแผน", &input.planned);
    let adopted = money("budget_adopted", "งบประมาณตามเทศบัญญัติ", &input.adopted);
    let disbursed = money("budget_disbursed", "งบประมาณที่เบิกจ่าย", &input.disbursed);
    if input.narrative.chars().count() > 20_000 {
        errors.add("narrative", "ผลการดำเนินงานยาวเกิน 20,000 ตัวอักษร");
    }
    let report = QuarterReport {
        status: status.unwrap_or(ProgressStatus::NotStarted),
        budget_planned: planned,
        budget_adopted: adopted,
        budget_disbursed: disbursed,
        overspend_reason: Some(input.overspend_reason.clone()).filter(|r| !r.is_empty()),
        narrative: input.narrative.clone(),
        kpi_actuals: input
            .kpis
            .iter()
            .map(|(kpi, value, note)| KpiActual {
                kpi: kpi.clone(),
                value: value.clone(),
                note: Some(note.clone()).filter(|n| !n.is_empty()),
            })
            .collect(),
        ..QuarterReport::new(key)
    };
    for e in report.validate() {
        // Amounts that could not be read have their message already.
        if errors.get(e.field).is_none() {
            errors.add(e.field, e.message);
        }
    }
    let outcome = if errors.is_empty() {
        Ok(report)
    } else {
        Err(errors)
    };
    Ok((input, submit, outcome))
}

pub async fn save(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path((item_ref, fiscal_year, quarter)): Path<(String, String, String)>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Reply {
    let key = parse_key(&item_ref, &fiscal_year, &quarter)?;
    let Form(pairs) = form.map_err(crate::ui::bad_form)?;
    let access = access(&store, &staff, key.item).await?;
    if !access.report {
        return Err(WebError::Forbidden(
            "คุณรายงานผลได้เฉพาะรายการที่หน่วยงานของคุณรับผิดชอบ".into(),
        ));
    }
    let (input, submit, mut parsed) = parse(key, &pairs)?;
    // An actual typed over the computed one keeps its reason.
    if let Some(plan) = store
        .current_plan(&staff.organization.id)
        .await?
        .map(|(_, r)| r.plan)
        && let Some(item) = plan.item(key.item)
    {
        let (measured, _) = measured(&store, &staff.organization.id, item, key, &config).await?;
        let mut overrides = FormErrors::default();
        for (kpi, value, note) in &input.kpis {
            if let Some((_, computed, _)) = measured.iter().find(|(k, _, _)| k == kpi)
                && let Some(e) = sujarit_core::kpi::check_override(kpi, *computed, value, note)
            {
                overrides.add(e.field, e.message);
            }
        }
        if !overrides.is_empty() {
            parsed = Err(match parsed {
                Ok(_) => overrides,
                Err(mut errors) => {
                    for message in overrides.all() {
                        errors.add("kpi_actuals", message);
                    }
                    errors
                }
            });
        }
    }
    let report = match parsed {
        Ok(report) => report,
        Err(errors) => {
            let (mut page, _, _) = build(&store, &staff, &config, key, Some(input)).await?;
            page.errors = errors;
            return reply(StatusCode::BAD_REQUEST, page);
        }
    };
    let outcome = store
        .save_quarter_report(
            &staff.organization.id,
            &report,
            input.revision,
            &staff.actor.user_id,
            submit,
        )
        .await;
    match outcome {
        Ok(_) => {
            let done = if submit { "submitted" } else { "saved" };
            Ok(Redirect::to(&format!("{}?done={done}", report_url(&key))).into_response())
        }
        Err(error) => refused(&store, &staff, &config, key, Some(input), error).await,
    }
}

/// Shows the form again with why the store refused (or passes a real failure on).
async fn refused(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
    key: ReportKey,
    input: Option<Input>,
    error: StoreError,
) -> Reply {
    let status = match &error {
        StoreError::Invalid(_) => StatusCode::BAD_REQUEST,
        StoreError::Stale { .. } | StoreError::NotAllowed(_) => StatusCode::CONFLICT,
        StoreError::NotFound(message) => return Err(WebError::NotFound(format!("ไม่พบ{message}"))),
        _ => return Err(error.into()),
    };
    let (mut page, _, _) = build(store, staff, config, key, input).await?;
    match error {
        StoreError::Invalid(errors) => {
            for e in errors {
                page.errors.add(e.field, e.message);
            }
        }
        other => page.problem = Some(sujarit_service::wording::refusal(&other)),
    }
    reply(status, page)
}

// ---------------------------------------------------------------------------
// Evidence

pub async fn upload(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path((item_ref, fiscal_year, quarter)): Path<(String, String, String)>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Reply {
    let key = parse_key(&item_ref, &fiscal_year, &quarter)?;
    let access = access(&store, &staff, key.item).await?;
    if !access.report {
        return Err(WebError::Forbidden(
            "คุณแนบหลักฐานได้เฉพาะรายการที่หน่วยงานของคุณรับผิดชอบ".into(),
        ));
    }
    let org = &staff.organization.id;
    // Refuse before receiving the file when it could not be attached anyway.
    match store.quarter_report(org, key).await? {
        None => {
            return file_refused(
                &store,
                &staff,
                &config,
                key,
                StatusCode::CONFLICT,
                "บันทึกรายงานก่อน แล้วจึงแนบไฟล์หลักฐาน".into(),
            )
            .await;
        }
        Some(r) if !r.review.editable_by_unit() => {
            return file_refused(
                &store,
                &staff,
                &config,
                key,
                StatusCode::CONFLICT,
                format!("รายงานนี้อยู่ในสถานะ \"{}\" จึงแนบไฟล์เพิ่มไม่ได้", r.review.thai()),
            )
            .await;
        }
        Some(_) => {}
    }
    let mut multipart = multipart
        .map_err(|_| WebError::BadRequest("อ่านไฟล์ที่ส่งมาไม่ได้ โปรดเลือกไฟล์แล้วส่งใหม่อีกครั้ง".into()))?;
    let too_large = || format!("ไฟล์มีขนาดเกิน {} ที่รับได้", size_text(config.files.max_bytes()));
    let mut evidence = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return file_refused(
                    &store,
                    &staff,
                    &config,
                    key,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    too_large(),
                )
                .await;
            }
            Err(_) => {
                return Err(WebError::BadRequest(
                    "อ่านไฟล์ที่ส่งมาไม่ได้ โปรดส่งใหม่อีกครั้ง".into(),
                ));
            }
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        if name.trim().is_empty() {
            break;
        }
        let mut field = field;
        let mut receiving = config.files.begin(&name).await.map_err(file_failure)?;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if let Err(error) = receiving.write(&chunk).await {
                        return upload_refused(&store, &staff, &config, key, error).await;
                    }
                }
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return file_refused(
                        &store,
                        &staff,
                        &config,
                        key,
                        StatusCode::PAYLOAD_TOO_LARGE,
                        too_large(),
                    )
                    .await;
                }
                Err(_) => {
                    return Err(WebError::BadRequest(
                        "การส่งไฟล์ขาดหายกลางทาง โปรดส่งใหม่อีกครั้ง".into(),
                    ));
                }
            }
        }
        match receiving.finish(&staff.actor.user_id).await {
            Ok(stored) => evidence = Some(stored),
            Err(error) => return upload_refused(&store, &staff, &config, key, error).await,
        }
        break;
    }
    let Some(evidence) = evidence else {
        return file_refused(
            &store,
            &staff,
            &config,
            key,
            StatusCode::BAD_REQUEST,
            "โปรดเลือกไฟล์ที่จะแนบ".into(),
        )
        .await;
    };
    match store.attach_evidence(org, key, &evidence).await {
        Ok(()) => Ok(Redirect::to(&format!("{}?done=uploaded", report_url(&key))).into_response()),
        Err(error) => refused(&store, &staff, &config, key, None, error).await,
    }
}

fn file_failure(error: FileError) -> WebError {
    tracing::error!(%error, "storing an evidence file failed");
    WebError::Internal("บันทึกไฟล์ไม่สำเร็จ".into())
}

async fn upload_refused(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
    key: ReportKey,
    error: FileError,
) -> Reply {
    let status = match &error {
        FileError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        FileError::Refused(_) => StatusCode::BAD_REQUEST,
        FileError::Io(_) => return Err(file_failure(error)),
    };
    file_refused(store, staff, config, key, status, error.to_string()).await
}

async fn file_refused(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
    key: ReportKey,
    status: StatusCode,
    message: String,
) -> Reply {
    let (mut page, _, _) = build(store, staff, config, key, None).await?;
    page.errors.add("file", message);
    reply(status, page)
}

pub async fn detach(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
) -> Reply {
    let org = &staff.organization.id;
    let record = store
        .evidence(org, &id)
        .await?
        .ok_or_else(|| WebError::NotFound("ไม่พบไฟล์หลักฐานนี้".into()))?;
    let access = access(&store, &staff, record.key.item).await?;
    if !access.report {
        return Err(WebError::Forbidden(
            "คุณนำหลักฐานออกได้เฉพาะรายการที่หน่วยงานของคุณรับผิดชอบ".into(),
        ));
    }
    match store.detach_evidence(org, &id).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?done=removed", report_url(&record.key))).into_response())
        }
        Err(StoreError::NotAllowed(refusal)) => Err(WebError::Conflict(refusal.to_string())),
        Err(StoreError::NotFound(_)) => Err(WebError::NotFound("ไม่พบไฟล์หลักฐานนี้".into())),
        Err(e) => Err(e.into()),
    }
}

pub async fn download(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(id): Path<String>,
) -> Reply {
    let record = store
        .evidence(&staff.organization.id, &id)
        .await?
        .ok_or_else(|| WebError::NotFound("ไม่พบไฟล์หลักฐานนี้".into()))?;
    access(&store, &staff, record.key.item).await?;
    crate::ui::file_response(&config, &record.evidence).await
}

// ---------------------------------------------------------------------------
// Review (the coordinator's buttons on this page)

#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    comment: String,
}

pub async fn review(
    store: AppState,
    staff: CurrentStaff,
    config: Resources,
    key: ReportKey,
    form: ReviewForm,
) -> Reply {
    let action = ReviewAction::parse(&form.action)
        .filter(|a| *a != ReviewAction::Submit)
        .ok_or_else(|| WebError::BadRequest("การดำเนินการที่เลือกไม่ถูกต้อง".into()))?;
    let comment = Some(form.comment.trim()).filter(|c| !c.is_empty());
    match store
        .review_quarter_report(
            &staff.organization.id,
            key,
            action,
            comment,
            &staff.actor.user_id,
        )
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("{}?done={}", report_url(&key), action.as_str())).into_response(),
        ),
        Err(error) => refused(&store, &staff, &config, key, None, error).await,
    }
}
