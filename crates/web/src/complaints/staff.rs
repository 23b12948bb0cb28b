//! The back office of complaints: the case list per channel and each case
//! with its history, the steps the workflow allows now, and the reveal of
//! the complainant's contact (a written reason, audited).
//!
//! Who: general complaints are read by every role that reads the plan and
//! handled by the complaint officer and the integrity officer; corruption
//! reports exist only for the integrity officer — any other role gets a 403
//! from the corruption list and a 404 (as for an unknown id) from every
//! route of a corruption case (`load_case`, which every case route calls).

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use sujarit_core::account::Permission;
use sujarit_core::case_keys::{RecordSealer, field};
use sujarit_core::complaint::{
    ActionKind, CaseState, Channel, Contact, EventKind, Handler, NewCaseEvent, ReceivedVia,
};
use sujarit_service::complaints::keys;
use sujarit_store::{ComplaintCase, ComplaintFilter, ComplaintSummary, StoreError};

use self::view::{CaseInput, CasePage, ListInput};
use super::{ComplaintConfig, no_store};
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::officer_keys::OfficerKeyring;
use crate::ui::{FormErrors, Reply, StaffBar};

mod view;

/// The sealer that opens `case` for this reader: the key file for a
/// general complaint; for a corruption report, its data key unwrapped with
/// the officer's unlocked private key. None: they cannot open it.
async fn sealer_for(
    store: &AppState,
    staff: &CurrentStaff,
    config: &ComplaintConfig,
    officer_keys: &OfficerKeyring,
    case: &ComplaintSummary,
) -> Result<Option<RecordSealer>, WebError> {
    let org = &staff.organization.id;
    let unlocked = officer_keys.get(&staff.session_hash, org, &staff.actor.user_id);
    let wrapped = match (&unlocked, case.channel) {
        (Some(_), Channel::Corruption) => keys::held_keys(&**store, org, &staff.actor.user_id)
            .await?
            .remove(&case.complaint_id),
        _ => None,
    };
    Ok(keys::staff_sealer(
        &config.keyring,
        unlocked.as_ref(),
        org,
        case,
        wrapped.as_deref(),
    ))
}

/// What the page says when an officer's key is locked (after a restart,
/// or 30 minutes idle) or not made yet.
fn key_notice(staff: &CurrentStaff, officer_keys: &OfficerKeyring) -> Option<String> {
    let unlocked = officer_keys
        .get(
            &staff.session_hash,
            &staff.organization.id,
            &staff.actor.user_id,
        )
        .is_some();
    (staff.actor.has(Permission::HandleCorruptionReports) && !unlocked).then(|| {
        "กุญแจเข้ารหัสของคุณยังไม่ได้ปลดล็อก จึงยังเปิดอ่านเรื่องแจ้งเบาะแสไม่ได้: \
         ปลดล็อกหรือตั้งกุญแจที่หน้า \"กุญแจเข้ารหัส\" (/staff/keys)"
            .to_string()
    })
}

/// May this staff member see cases of `channel` at all? A unit officer
/// sees the general complaints assigned to their unit.
fn require_read(staff: &CurrentStaff, channel: Channel) -> Result<(), WebError> {
    match channel {
        Channel::General if staff.actor.has(Permission::WorkOnUnitComplaints) => Ok(()),
        Channel::General => staff.require(Permission::ReadGeneralComplaints),
        Channel::Corruption => staff.require(Permission::HandleCorruptionReports),
    }
}

/// As whom this staff member records steps on `case` (None: they read only).
fn handler(staff: &CurrentStaff, case: &ComplaintSummary) -> Option<Handler> {
    staff
        .actor
        .complaint_handler(case.channel, case.unit_id.as_deref())
}

/// Whether this staff member handles the case for the complaint centre
/// (the complaint officer, the integrity officer): the contact is theirs.
fn may_handle(staff: &CurrentStaff, case: &ComplaintSummary) -> bool {
    handler(staff, case) == Some(Handler::Centre)
}

// ---------------------------------------------------------------------------
// The list

#[derive(Deserialize)]
pub struct ListQuery {
    channel: Option<String>,
    view: Option<String>,
    category: Option<String>,
    state: Option<String>,
    unit: Option<String>,
    /// Received from / to, `YYYY-MM-DD` (CE, as a date field sends it).
    from: Option<String>,
    to: Option<String>,
    /// The reference staff see (the first characters of the id).
    #[serde(rename = "ref")]
    reference: Option<String>,
    /// A way of receipt (general complaints).
    via: Option<String>,
    page: Option<String>,
}

/// Cases per page of the list.
pub(crate) const PAGE_SIZE: usize = 50;

/// A query parameter's text, None when absent or blank.
fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// The list's filters read from the query, or a Thai message naming the
/// parameter that is wrong.
fn list_filters(
    query: &ListQuery,
    channel: Channel,
) -> Result<(ComplaintFilter, view::Filters), WebError> {
    let bad = |what: &str| WebError::BadRequest(format!("{what}ที่เลือกไม่ถูกต้อง"));
    let date = |text: Option<&str>, what: &str| -> Result<Option<time::Date>, WebError> {
        text.map(|t| super::iso_date(t, what).map_err(WebError::BadRequest))
            .transpose()
    };
    let state = given(&query.state)
        .map(|s| {
            CaseState::parse(s)
                .filter(|s| view::states_of(channel).contains(s))
                .ok_or_else(|| bad("สถานะ"))
        })
        .transpose()?;
    let reference = given(&query.reference).map(str::to_string);
    if reference.as_deref().is_some_and(|r| {
        r.chars().count() > 36 || !r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    }) {
        return Err(WebError::BadRequest(
            "รหัสเรื่องต้องเป็นตัวอักษร A–F และตัวเลข เช่น 1A2B3C4D".into(),
        ));
    }
    let via = given(&query.via)
        .map(|v| {
            ReceivedVia::parse(v)
                .filter(|_| channel == Channel::General)
                .ok_or_else(|| bad("ช่องทางที่รับเรื่อง"))
        })
        .transpose()?;
    let received_from = date(given(&query.from), "วันที่รับเรื่องตั้งแต่")?;
    let received_to = date(given(&query.to), "วันที่รับเรื่องถึง")?;
    let filter = ComplaintFilter {
        channel: Some(channel),
        states: state.into_iter().collect(),
        unit_id: given(&query.unit).map(str::to_string),
        category: given(&query.category).map(str::to_string),
        received_from,
        received_to,
        reference: reference.clone(),
        received_via: via,
        ..Default::default()
    };
    let filters = view::Filters {
        category: filter.category.clone().unwrap_or_default(),
        state: state.map_or("", CaseState::as_str),
        unit: filter.unit_id.clone().unwrap_or_default(),
        from: received_from.map(|d| d.to_string()).unwrap_or_default(),
        to: received_to.map(|d| d.to_string()).unwrap_or_default(),
        reference: reference.unwrap_or_default(),
        via: via.map_or("", ReceivedVia::as_str),
    };
    Ok((filter, filters))
}

/// How many days before the due date a case shows among the reminders.
pub(crate) const DUE_SOON_DAYS: u16 = 3;

fn open_states() -> Vec<CaseState> {
    CaseState::ALL
        .into_iter()
        .filter(|s| !s.is_completed())
        .collect()
}

pub async fn list(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: ComplaintConfig,
    officer_keys: OfficerKeyring,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Reply {
    let bad = || WebError::BadRequest("ช่องทางหรือมุมมองที่เลือกไม่ถูกต้อง".into());
    let Query(query) = query.map_err(|_| bad())?;
    let default_channel = if staff.actor.has(Permission::HandleCorruptionReports)
        && !staff.actor.has(Permission::HandleGeneralComplaints)
    {
        Channel::Corruption
    } else {
        Channel::General
    };
    let channel = match given(&query.channel) {
        Some(text) => Channel::parse(text).ok_or_else(bad)?,
        None => default_channel,
    };
    require_read(&staff, channel)?;
    let today = config.clock.today();
    let view = given(&query.view).unwrap_or("open");
    let view_filter = |view: &str| -> Option<ComplaintFilter> {
        Some(match view {
            "open" => ComplaintFilter {
                states: open_states(),
                ..Default::default()
            },
            "overdue" => ComplaintFilter {
                overdue_on: Some(today),
                ..Default::default()
            },
            // Reminders: open cases whose due date is at most three days away.
            "due_soon" => ComplaintFilter {
                due_soon: Some((today, DUE_SOON_DAYS)),
                ..Default::default()
            },
            "explain" => ComplaintFilter {
                lacking_explanation_on: Some(today),
                ..Default::default()
            },
            "all" => ComplaintFilter::default(),
            _ => return None,
        })
    };
    let chosen = view_filter(view).ok_or_else(bad)?;
    let (mut filter, filters) = list_filters(&query, channel)?;
    // A unit officer's list is their unit's queue, whatever the query says.
    let queue_unit = if staff.actor.has(Permission::ReadGeneralComplaints) {
        None
    } else {
        staff.actor.complaint_queue_unit().map(str::to_string)
    };
    if queue_unit.is_some() {
        filter.unit_id.clone_from(&queue_unit);
    }
    let page_number: usize = match given(&query.page) {
        None => 1,
        Some(text) => text
            .parse()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| WebError::BadRequest("หมายเลขหน้าไม่ถูกต้อง".into()))?,
    };
    let org = &staff.organization.id;
    let categories = store.complaint_categories(org, channel).await?;
    let labels: BTreeMap<String, String> = categories
        .iter()
        .map(|c| (c.code.clone(), c.thai.clone()))
        .collect();
    // One read with the filters; each view's count out of it.
    let matching = store.complaints(org, &filter).await?;
    let counts: BTreeMap<&str, usize> = view::VIEWS
        .iter()
        .filter_map(|(code, _)| {
            let f = view_filter(code)?;
            Some((*code, matching.iter().filter(|c| f.matches(c)).count()))
        })
        .collect();
    let cases: Vec<ComplaintSummary> = matching.into_iter().filter(|c| chosen.matches(c)).collect();
    let pages = cases.len().div_ceil(PAGE_SIZE).max(1);
    let page_number = page_number.min(pages);
    let shown = &cases[(page_number - 1) * PAGE_SIZE..cases.len().min(page_number * PAGE_SIZE)];
    let mut sealers = BTreeMap::new();
    if channel == Channel::Corruption
        && let Some(unlocked) = officer_keys.get(&staff.session_hash, org, &staff.actor.user_id)
    {
        let held = keys::held_keys(&*store, org, &staff.actor.user_id).await?;
        for case in shown {
            let wrapped = held.get(&case.complaint_id).map(Vec::as_slice);
            if let Some(sealer) =
                keys::staff_sealer(&config.keyring, Some(&unlocked), org, case, wrapped)
            {
                sealers.insert(case.complaint_id.clone(), sealer);
            }
        }
    }
    let readable = Channel::ALL
        .into_iter()
        .filter(|c| require_read(&staff, *c).is_ok())
        .collect();
    let units = if queue_unit.is_some() {
        BTreeMap::new()
    } else {
        super::unit_names(&*store, org).await?
    };
    no_store(
        StatusCode::OK,
        view::list_page(ListInput {
            bar: StaffBar::new(&staff),
            channel,
            view,
            readable,
            cases: shown,
            total: cases.len(),
            counts: &counts,
            page: page_number,
            pages,
            filters,
            categories: &categories,
            units: &units,
            queue: queue_unit.is_some(),
            labels: &labels,
            sealers: &sealers,
            today,
            key_notice: (channel == Channel::Corruption)
                .then(|| key_notice(&staff, &officer_keys))
                .flatten(),
        }),
    )
}

#[derive(Deserialize)]
pub struct LookupForm {
    #[serde(default)]
    code: String,
}

/// `POST /staff/complaints/lookup`: a complainant reads their tracking code
/// out (on the phone, at the counter) and the case opens, if this reader
/// may open it (else the same 404 as an unknown code). The code comes in
/// the form's body, never in a URL, and is not kept.
pub async fn lookup(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: ComplaintConfig,
    form: Result<Form<LookupForm>, FormRejection>,
) -> Reply {
    require_read(&staff, Channel::General)?;
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let code = super::parse_code(&form.code)
        .map_err(|message| WebError::BadRequest(format!("รหัสติดตามเรื่อง: {message}")))?;
    let org = &staff.organization.id;
    let not_found = || WebError::NotFound("ไม่พบเรื่องที่มีรหัสติดตามนี้".into());
    let case = store
        .track_complaint(org, &super::code_hashes(&config, org, &code))
        .await?
        .ok_or_else(not_found)?;
    let id = case.complaint_id;
    // A case this reader may not open answers as an unknown code does: the
    // lookup must not tell that a code is real.
    load_case(&store, &staff, &id)
        .await
        .map_err(|error| match error {
            WebError::NotFound(_) => not_found(),
            other => other,
        })?;
    Ok(Redirect::to(&format!("/staff/complaints/{id}")).into_response())
}

// ---------------------------------------------------------------------------
// One case

#[derive(Deserialize)]
pub struct CaseQuery {
    done: Option<String>,
}

async fn load_case(
    store: &AppState,
    staff: &CurrentStaff,
    id: &str,
) -> Result<ComplaintCase, WebError> {
    let not_found = || WebError::NotFound("ไม่พบเรื่องนี้".into());
    let case = store
        .complaint(&staff.organization.id, id)
        .await?
        .ok_or_else(not_found)?;
    // To a role that may not open corruption reports, a corruption case does
    // not exist: the same 404 as an unknown id, so that an id does not tell
    // its channel (a 403 would). Likewise another unit's case to a unit
    // officer.
    if case.summary.channel == Channel::Corruption
        && !staff.actor.has(Permission::HandleCorruptionReports)
    {
        return Err(not_found());
    }
    require_read(staff, case.summary.channel)?;
    if !staff
        .actor
        .may_open_complaint(case.summary.channel, case.summary.unit_id.as_deref())
    {
        return Err(not_found());
    }
    Ok(case)
}

async fn case_page(
    store: &AppState,
    staff: &CurrentStaff,
    config: &ComplaintConfig,
    officer_keys: &OfficerKeyring,
    case: &ComplaintCase,
) -> Result<CasePage, WebError> {
    let sealer = sealer_for(store, staff, config, officer_keys, &case.summary).await?;
    let org = &staff.organization.id;
    let summary = &case.summary;
    let channel = summary.channel;
    let today = config.clock.today();
    let accounts = store.users(org).await?;
    let users: BTreeMap<String, String> = accounts
        .iter()
        .map(|u| (u.id.clone(), u.display_name.clone()))
        .collect();
    let units = super::unit_names(&**store, org).await?;
    let category = store
        .complaint_categories(org, channel)
        .await?
        .into_iter()
        .find(|c| c.code == summary.category)
        .map_or_else(|| summary.category.clone(), |c| c.thai);
    Ok(view::case_page(CaseInput {
        bar: StaffBar::new(staff),
        case,
        sealer: sealer.as_ref(),
        key_notice: (channel == Channel::Corruption)
            .then(|| key_notice(staff, officer_keys))
            .flatten(),
        users: &users,
        accounts: &accounts,
        units: &units,
        category,
        today,
        handler: handler(staff, summary),
        max_bytes: config.files.max_bytes(),
    }))
}

pub async fn case(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: ComplaintConfig,
    officer_keys: OfficerKeyring,
    Path(id): Path<String>,
    query: Result<Query<CaseQuery>, QueryRejection>,
) -> Reply {
    let case = load_case(&store, &staff, &id).await?;
    let mut page = case_page(&store, &staff, &config, &officer_keys, &case).await?;
    page.notice = query
        .ok()
        .and_then(|Query(q)| q.done)
        .and_then(|d| match d.as_str() {
            "event" => Some("บันทึกการดำเนินการแล้ว".to_string()),
            "file" => Some("แนบไฟล์แล้ว".to_string()),
            _ => None,
        });
    no_store(StatusCode::OK, page)
}

#[derive(Deserialize)]
pub struct EventForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    public_message: String,
    #[serde(default)]
    internal_note: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    officer_id: String,
    #[serde(default)]
    action_kind: String,
    #[serde(default)]
    revision: String,
}

pub async fn record_event(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: ComplaintConfig,
    officer_keys: OfficerKeyring,
    Path(id): Path<String>,
    form: Result<Form<EventForm>, FormRejection>,
) -> Reply {
    let case = load_case(&store, &staff, &id).await?;
    let channel = case.summary.channel;
    let Some(who) = handler(&staff, &case.summary) else {
        return Err(WebError::Forbidden(
            match channel {
                Channel::General => Permission::HandleGeneralComplaints,
                Channel::Corruption => Permission::HandleCorruptionReports,
            }
            .thai_refusal()
            .into(),
        ));
    };
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    // The unit works and proposes; the centre screens, assigns and answers.
    if let Some(kind) = EventKind::parse(form.kind.trim())
        && !kind.recordable_by(who)
    {
        return Err(WebError::Forbidden(kind.thai_not_recordable_by(who)));
    }
    let text = |t: &str| Some(t.trim().to_string()).filter(|t| !t.is_empty());
    let event = NewCaseEvent {
        kind: EventKind::parse(form.kind.trim()),
        public_message: text(&form.public_message),
        internal_note: text(&form.internal_note),
        unit_id: text(&form.unit_id),
        officer_id: text(&form.officer_id),
        action_kind: ActionKind::parse(form.action_kind.trim()),
        ..Default::default()
    };
    let revision: i64 = form.revision.trim().parse().unwrap_or(-1);
    let mut errors = FormErrors::default();
    for e in event.validate() {
        errors.add(e.field, e.message);
    }
    // A corruption report's message and note are sealed with its data key:
    // an officer who cannot open the case cannot write to it either.
    let event = match channel {
        Channel::General => event,
        Channel::Corruption => {
            match sealer_for(&store, &staff, &config, &officer_keys, &case.summary).await? {
                Some(sealer) => event.sealed_with(&sealer),
                None => {
                    errors.add(
                        "form",
                        key_notice(&staff, &officer_keys)
                            .unwrap_or_else(|| view::locked_text(&case.summary).to_string()),
                    );
                    event
                }
            }
        }
    };
    let outcome = if errors.is_empty() {
        store
            .record_complaint_event(
                &staff.organization.id,
                &id,
                revision,
                &event,
                &staff.actor.user_id,
            )
            .await
    } else {
        Err(StoreError::Invalid(Vec::new()))
    };
    let status = match outcome {
        Ok(_) => {
            return Ok(Redirect::to(&format!("/staff/complaints/{id}?done=event")).into_response());
        }
        Err(StoreError::Invalid(field_errors)) => {
            for e in field_errors {
                errors.add(e.field, e.message);
            }
            StatusCode::BAD_REQUEST
        }
        Err(StoreError::NotAllowed(refusal)) => {
            errors.add("kind", refusal.to_string());
            StatusCode::CONFLICT
        }
        Err(error @ StoreError::Stale { .. }) => {
            errors.add("form", sujarit_service::wording::refusal(&error));
            StatusCode::CONFLICT
        }
        Err(StoreError::NotFound(message)) => {
            errors.add("form", format!("ไม่พบ{message}"));
            StatusCode::BAD_REQUEST
        }
        Err(e) => return Err(e.into()),
    };
    let case = load_case(&store, &staff, &id).await?;
    let mut page = case_page(&store, &staff, &config, &officer_keys, &case).await?;
    page.errors = errors;
    no_store(status, page)
}

#[derive(Deserialize)]
pub struct RevealForm {
    #[serde(default)]
    reason: String,
}

pub async fn reveal(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: ComplaintConfig,
    officer_keys: OfficerKeyring,
    Path(id): Path<String>,
    form: Result<Form<RevealForm>, FormRejection>,
) -> Reply {
    let case = load_case(&store, &staff, &id).await?;
    // The contact stays with the complaint centre: the unit that does the
    // work asks the centre (which keeps the audited reason) if it must call.
    if !may_handle(&staff, &case.summary) {
        return Err(WebError::Forbidden(
            "เฉพาะเจ้าหน้าที่ศูนย์รับเรื่องร้องเรียน (หรือเจ้าหน้าที่นิติการ) เท่านั้นที่เปิดดูข้อมูลติดต่อผู้ร้องได้: \
             หน่วยงานที่ได้รับมอบหมายติดต่อผ่านศูนย์รับเรื่องร้องเรียน"
                .into(),
        ));
    }
    // Revealing an identity asks for the password (and the second factor)
    // again unless it was typed in the last minutes: a session left open on
    // a desk reveals nobody.
    if !staff.recently_reauthenticated(time::OffsetDateTime::now_utc()) {
        return Ok(crate::auth::reauth_redirect(&format!(
            "/staff/complaints/{id}"
        )));
    }
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let mut page = case_page(&store, &staff, &config, &officer_keys, &case).await?;
    // Nothing is revealed (nor audited) that this reader cannot open.
    let Some(sealer) = sealer_for(&store, &staff, &config, &officer_keys, &case.summary).await?
    else {
        page.reveal_errors.add(
            "reason",
            key_notice(&staff, &officer_keys)
                .unwrap_or_else(|| view::locked_text(&case.summary).to_string()),
        );
        return no_store(StatusCode::CONFLICT, page);
    };
    match store
        .reveal_identity(
            &staff.organization.id,
            &id,
            &staff.actor.user_id,
            form.reason.trim(),
        )
        .await
    {
        Ok(Some(sealed)) => {
            let contact = sealer
                .open(field::CONTACT, &sealed)
                .ok()
                .and_then(|bytes| Contact::from_sealed_plaintext(&bytes))
                // A contact that does not open here was sealed for another
                // record (copied in the database) or tampered with.
                .ok_or_else(|| {
                    tracing::warn!(complaint = %id, "a sealed contact does not open for its own case");
                    WebError::Conflict(
                        "เปิดข้อมูลติดต่อไม่ได้: ข้อมูลที่เข้ารหัสไม่ใช่ของเรื่องนี้หรือถูกแก้ไข \
                         (บันทึกการขอเปิดไว้แล้ว) โปรดแจ้งผู้ดูแลระบบให้ตรวจสอบฐานข้อมูล"
                            .into(),
                    )
                })?;
            page.contact = Some(contact);
            no_store(StatusCode::OK, page)
        }
        Ok(None) => {
            page.notice = Some("ผู้ร้องไม่ได้ให้ข้อมูลติดต่อไว้ (ร้องเรียนโดยไม่เปิดเผยตัวตน)".into());
            no_store(StatusCode::OK, page)
        }
        Err(StoreError::Invalid(errors)) => {
            for e in errors {
                page.reveal_errors.add(e.field, e.message);
            }
            if page.reveal_errors.is_empty() {
                page.reveal_errors
                    .add("reason", "โปรดระบุเหตุผลที่ต้องเปิดดูข้อมูลติดต่อ");
            }
            no_store(StatusCode::BAD_REQUEST, page)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/complaints/{id}/files`: the handling officer attaches a
/// file to an open case (a photo of the repair, a letter, fact-finding
/// records): checked by content, metadata stripped, and for a corruption
/// report sealed, like the complainant's own files.
pub async fn upload(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: ComplaintConfig,
    officer_keys: OfficerKeyring,
    Path(id): Path<String>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Reply {
    let case = load_case(&store, &staff, &id).await?;
    let channel = case.summary.channel;
    if handler(&staff, &case.summary).is_none() {
        return Err(WebError::Forbidden(
            "เฉพาะเจ้าหน้าที่ผู้ดำเนินการเรื่องเท่านั้นที่แนบไฟล์ได้".into(),
        ));
    }
    // Refused before anything is written: no orphan file for a closed case.
    if case.summary.state == CaseState::Closed {
        let mut page = case_page(&store, &staff, &config, &officer_keys, &case).await?;
        page.errors.add("file", "แนบไฟล์ไม่ได้: เรื่องนี้ยุติแล้ว");
        return no_store(StatusCode::CONFLICT, page);
    }
    let mut parts = multipart
        .map_err(|_| WebError::BadRequest("อ่านแบบฟอร์มไม่ได้ โปรดเลือกไฟล์แล้วส่งใหม่อีกครั้ง".into()))?;
    let max_bytes = config.files.max_bytes();
    let too_large = format!("ไฟล์ต้องไม่เกิน {}", sujarit_store::files::size_text(max_bytes));
    let mut incoming = None;
    let mut refusal: Option<(StatusCode, String)> = None;
    while let Ok(Some(mut field)) = parts.next_field().await {
        if field.name() != Some("file") || incoming.is_some() {
            continue;
        }
        let file_name = field.file_name().unwrap_or_default().to_string();
        // Spooled to disk as it arrives; removed with the spool if refused.
        let mut spool = config.files.spool(&file_name).await.map_err(|error| {
            tracing::error!(%error, "spooling a staff upload failed");
            WebError::Internal("รับไฟล์ไม่สำเร็จ".into())
        })?;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => match spool.write(&chunk).await {
                    Ok(()) => {}
                    Err(sujarit_store::files::FileError::Io(error)) => {
                        tracing::error!(%error, "spooling a staff upload failed");
                        return Err(WebError::Internal("รับไฟล์ไม่สำเร็จ".into()));
                    }
                    Err(_) => {
                        refusal = Some((StatusCode::PAYLOAD_TOO_LARGE, too_large.clone()));
                        break;
                    }
                },
                Err(_) => {
                    refusal = Some((StatusCode::PAYLOAD_TOO_LARGE, too_large.clone()));
                    break;
                }
                Ok(None) => break,
            }
        }
        incoming = Some(sujarit_service::complaints::attachments::Incoming { file_name, spool });
    }
    let outcome = match (refusal, incoming) {
        (Some(refused), _) => Err(refused),
        (None, None) => Err((StatusCode::BAD_REQUEST, "โปรดเลือกไฟล์ที่จะแนบ".into())),
        (None, Some(file)) if file.spool.is_empty() => {
            Err((StatusCode::BAD_REQUEST, "โปรดเลือกไฟล์ที่จะแนบ".into()))
        }
        (None, Some(file)) => {
            let sealer = match channel {
                Channel::General => None,
                Channel::Corruption => Some(
                    sealer_for(&store, &staff, &config, &officer_keys, &case.summary)
                        .await?
                        .ok_or_else(|| {
                            WebError::Conflict(
                                key_notice(&staff, &officer_keys).unwrap_or_else(|| {
                                    view::locked_text(&case.summary).to_string()
                                }),
                            )
                        })?,
                ),
            };
            match sujarit_service::complaints::attachments::store(
                &config.files,
                sealer.as_ref(),
                &config.cleaner,
                file,
            )
            .await
            {
                Ok(attachment) => match store
                    .attach_complaint_file(
                        &staff.organization.id,
                        &id,
                        &attachment,
                        &staff.actor.user_id,
                    )
                    .await
                {
                    Ok(_) => Ok(()),
                    Err(StoreError::NotAllowed(refusal)) => {
                        Err((StatusCode::CONFLICT, refusal.to_string()))
                    }
                    Err(StoreError::Invalid(errors)) => Err((
                        StatusCode::BAD_REQUEST,
                        errors
                            .into_iter()
                            .map(|e| e.message)
                            .collect::<Vec<_>>()
                            .join(" "),
                    )),
                    Err(e) => return Err(e.into()),
                },
                Err(e) if e.is_uploader_error() => Err((StatusCode::BAD_REQUEST, e.to_string())),
                Err(e) => return Err(WebError::Internal(format!("storing an attachment: {e}"))),
            }
        }
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/staff/complaints/{id}?done=file")).into_response()),
        Err((status, message)) => {
            let mut page = case_page(&store, &staff, &config, &officer_keys, &case).await?;
            page.errors.add("file", message);
            no_store(status, page)
        }
    }
}

/// One attachment of a case, for those who may read the case; a corruption
/// report's file is opened here, in memory, and never written in the clear.
pub async fn attachment(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: ComplaintConfig,
    officer_keys: OfficerKeyring,
    Path((id, attachment_id)): Path<(String, String)>,
) -> Reply {
    let case = load_case(&store, &staff, &id).await?;
    let file = case
        .attachments
        .iter()
        .find(|a| a.attachment_id == attachment_id)
        .ok_or_else(|| WebError::NotFound("ไม่พบไฟล์แนบนี้".into()))?;
    let stored = config
        .files
        .read(&file.sha256)
        .await
        .map_err(|e| WebError::Internal(format!("reading an attachment: {e}")))?
        .ok_or_else(|| WebError::NotFound("ไม่พบไฟล์แนบในที่เก็บไฟล์".into()))?;
    let (bytes, name) = match case.summary.channel {
        Channel::General => (stored, file.file_name.clone().unwrap_or_default()),
        Channel::Corruption => {
            let sealer = sealer_for(&store, &staff, &config, &officer_keys, &case.summary)
                .await?
                .ok_or_else(|| WebError::Conflict(view::locked_text(&case.summary).to_string()))?;
            let bytes = sealer
                .open(field::FILE_CONTENT, &stored)
                .map_err(|e| WebError::Internal(format!("an attachment does not open: {e}")))?;
            let name = file
                .sealed_file_name
                .as_deref()
                .and_then(|n| sealer.open_text(field::FILE_NAME, n))
                .unwrap_or_default();
            (bytes, name)
        }
    };
    let evidence = sujarit_core::progress::Evidence {
        id: file.attachment_id.clone(),
        file_name: name,
        media_type: file.media_type.clone(),
        size_bytes: file.size_bytes,
        sha256: file.sha256.clone(),
        uploaded_by: String::new(),
        uploaded_at: file.uploaded_at,
    };
    let mut response = crate::ui::download(&evidence, bytes);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}
