//! The back office of the information centre: the overview (a unit's list
//! or the coordinator's whole board with the readiness figure and
//! reminders) and one period's page with its actions and history.
//!
//! Who may do what: every staff member who reads everything sees the whole
//! board; a unit officer sees the periods their unit owns (by unit name: the
//! period's override, else the item's default owner). Publishing and marking
//! not applicable need [`Actor::can_publish_disclosure`]; the owner override
//! needs [`Permission::ManageDisclosures`]. Bad input is shown at its field
//! in Thai and nothing is published.
//!
//! [`Actor::can_publish_disclosure`]: sujarit_core::account::Actor::can_publish_disclosure

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use serde::Deserialize;
use sujarit_core::account::Permission;
use sujarit_core::disclosure::{
    Cadence, CatalogueItem, DisclosureEvidence, DisclosureRecord, DueRule, PeriodStatus, check_link,
};
use sujarit_service::disclosure::generated_facts;
use sujarit_store::DisclosureKey;
use sujarit_store::StoreError;
use sujarit_store::files::{FileError, size_text};

use super::view::staff::{
    self as view, ItemEdit, OverviewInput, PeriodInput, PeriodPage, item_fingerprint,
};
use super::{chosen_year, generated_href, load_year, parse_period, parse_year, period_url};
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::state::Resources;
use crate::ui::{Reply, StaffBar};

/// The unit name of a unit officer.
async fn own_unit(store: &AppState, staff: &CurrentStaff) -> Result<Option<String>, WebError> {
    Ok(match &staff.actor.unit_id {
        Some(id) => store
            .unit(&staff.organization.id, id)
            .await?
            .map(|u| u.name),
        None => None,
    })
}

// ---------------------------------------------------------------------------
// Overview

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
    #[serde(flatten)]
    filter: super::public::FilterQuery,
}

pub async fn overview(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Html<String>, WebError> {
    let Query(query) = query.map_err(|_| WebError::BadRequest("ตัวเลือกในที่อยู่ไม่ถูกต้อง".into()))?;
    let filter = super::public::filter_of(&query.filter)?;
    let org = &staff.organization;
    let today = config.clock.today();
    let whole_board = staff.actor.has(Permission::ReadEverything);
    let unit = own_unit(&store, &staff).await?;
    let (year, years) = chosen_year(&store, &org.id, query.year.as_deref(), today).await?;
    let view = match year {
        Some(y) => load_year(&store, &org.id, y, today).await?,
        None => None,
    };
    let page = view::overview(OverviewInput {
        bar: StaffBar::new(&staff),
        slug: &org.slug,
        year,
        years: &years,
        view,
        today,
        whole_board,
        unit,
        is_manager: staff.actor.has(Permission::ManageDisclosures),
        filter: &filter,
    });
    Ok(Html(page.render()?))
}

// ---------------------------------------------------------------------------
// One period

/// Everything a period's page and its actions need.
struct PeriodContext {
    key: DisclosureKey,
    item: CatalogueItem,
    row: PeriodStatus,
    record: Option<DisclosureRecord>,
    /// The period whose publications stand for this one: its own, or that
    /// of the item whose document it uses.
    publishing_key: DisclosureKey,
    /// That period's record, when it is another item's.
    shared_record: Option<DisclosureRecord>,
    sharing: view::Sharing,
}

async fn load_period(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
    (fiscal_year, code, period): (String, String, String),
) -> Result<PeriodContext, WebError> {
    let fiscal_year = parse_year(&fiscal_year)?;
    let period = parse_period(&period)?;
    let today = config.clock.today();
    let view = load_year(store, &staff.organization.id, fiscal_year, today)
        .await?
        .ok_or_else(|| {
            WebError::NotFound(format!("ไม่มีรายการข้อมูลสาธารณะของปีงบประมาณ {fiscal_year}"))
        })?;
    let item = view
        .catalogue
        .items
        .iter()
        .find(|i| i.code == code)
        .cloned()
        .ok_or_else(|| WebError::NotFound(format!("ไม่พบรายการรหัส {code}")))?;
    let row = view
        .rows_of(&item.code)
        .find(|r| r.schedule.period == period)
        .cloned()
        .ok_or_else(|| {
            WebError::NotFound(format!(
                "รายการ {code} ไม่มีงวด {}",
                period.thai_label(fiscal_year)
            ))
        })?;
    let record = view.record(&item.code, period).cloned();
    let publishing_code = view.catalogue.publishing_code(&item).to_owned();
    let shared_record = (publishing_code != item.code)
        .then(|| view.record(&publishing_code, period).cloned())
        .flatten();
    let sharing = view::Sharing::of(&view.catalogue, &item, period);
    Ok(PeriodContext {
        key: DisclosureKey {
            fiscal_year,
            code: item.code.clone(),
            period,
        },
        publishing_key: DisclosureKey {
            fiscal_year,
            code: publishing_code,
            period,
        },
        item,
        row,
        record,
        shared_record,
        sharing,
    })
}

/// What the signed-in staff member may do on a period; refuses one who may
/// not even see it.
struct Access {
    publish: bool,
    manage: bool,
}

async fn access(
    store: &AppState,
    staff: &CurrentStaff,
    context: &PeriodContext,
) -> Result<Access, WebError> {
    let unit = own_unit(store, staff).await?;
    let owner = context.row.owner_unit.as_deref();
    let access = Access {
        publish: staff.actor.can_publish_disclosure(owner, unit.as_deref()),
        manage: staff.actor.has(Permission::ManageDisclosures),
    };
    if !access.publish && !staff.actor.has(Permission::ReadEverything) {
        return Err(WebError::Forbidden(
            "คุณไม่มีสิทธิ์ดูรายการนี้: เจ้าหน้าที่หน่วยงานเห็นเฉพาะรายการที่หน่วยงานของตนรับผิดชอบ".into(),
        ));
    }
    Ok(access)
}

/// The period and the caller's access for a publishing action: refused
/// unless the caller may publish this period.
async fn period_to_publish(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
    path: (String, String, String),
) -> Result<(PeriodContext, Access), WebError> {
    let context = load_period(store, staff, config, path).await?;
    let access = access(store, staff, &context).await?;
    if !access.publish {
        return Err(refuse_publish());
    }
    Ok((context, access))
}

fn refuse_publish() -> WebError {
    WebError::Forbidden(
        "คุณไม่มีสิทธิ์เผยแพร่รายการนี้: เจ้าหน้าที่หน่วยงานเผยแพร่ได้เฉพาะรายการที่หน่วยงานของตนรับผิดชอบ".into(),
    )
}

/// Loads what a period's page shows besides the period itself.
async fn build(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
    context: &PeriodContext,
    access: &Access,
) -> Result<PeriodPage, WebError> {
    let org = &staff.organization;
    let facts = generated_facts(
        store.as_ref(),
        &org.id,
        context.key.fiscal_year,
        config.clock.today(),
    )
    .await?;
    // An item that uses another's document shows that item's history.
    let history = store
        .disclosure_history(&org.id, &context.publishing_key)
        .await?;
    let names: HashMap<String, String> = store
        .users(&org.id)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let units = if access.manage {
        store
            .units(&org.id)
            .await?
            .into_iter()
            .map(|u| u.name)
            .collect()
    } else {
        Vec::new()
    };
    Ok(view::period_page(PeriodInput {
        bar: StaffBar::new(staff),
        slug: &org.slug,
        key: &context.key,
        item: &context.item,
        row: &context.row,
        record: context.record.as_ref(),
        shared_record: context.shared_record.as_ref(),
        sharing: &context.sharing,
        can_publish: access.publish,
        can_manage: access.manage,
        facts: &facts,
        history: &history,
        names: &names,
        units,
        max_bytes: config.files.max_bytes(),
    }))
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn period_page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(path): Path<(String, String, String)>,
    query: Result<Query<DoneQuery>, QueryRejection>,
) -> Reply {
    let context = load_period(&store, &staff, &config, path).await?;
    let access = access(&store, &staff, &context).await?;
    let mut page = build(&store, &staff, &config, &context, &access).await?;
    page.notice = match query.ok().and_then(|Query(q)| q.done).as_deref() {
        Some("published") => Some("เผยแพร่เรียบร้อยแล้ว"),
        Some("not_applicable") => Some("บันทึกว่าไม่มีข้อมูลต้องเผยแพร่ในงวดนี้แล้ว"),
        Some("cleared") => Some("ยกเลิกการบันทึกว่าไม่มีข้อมูลต้องเผยแพร่แล้ว"),
        Some("owner") => Some("บันทึกหน่วยงานที่รับผิดชอบงวดนี้แล้ว"),
        Some("item") => Some("บันทึกรายละเอียดของรายการแล้ว"),
        _ => None,
    };
    Ok(Html(page.render()?).into_response())
}

/// `GET …/{period}/versions/{version}`: the file of one publication in the
/// period's history, current or superseded, for everyone who may open the
/// period's page.
pub async fn version_file(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path((fiscal_year, code, period, version)): Path<(String, String, String, String)>,
) -> Reply {
    let context = load_period(&store, &staff, &config, (fiscal_year, code, period)).await?;
    // The same who-may-look as the period's page: not another unit's officer.
    access(&store, &staff, &context).await?;
    let not_found = || WebError::NotFound("ไม่พบไฟล์ฉบับนี้ในประวัติการเผยแพร่".into());
    let version: u32 = version.trim().parse().map_err(|_| not_found())?;
    let history = store
        .disclosure_history(&staff.organization.id, &context.key)
        .await?;
    let publication = history
        .into_iter()
        .find(|p| p.version == version)
        .ok_or_else(not_found)?;
    let DisclosureEvidence::File {
        sha256,
        file_name,
        media_type,
        size_bytes,
    } = publication.evidence
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
        uploaded_at: publication.published_at,
    };
    let mut response = crate::ui::file_response(&config, &evidence).await?;
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

/// Longest title, sub-heading, contents and note an item may have.
const MAX_ITEM_TITLE_CHARS: usize = 300;
const MAX_ITEM_CONTENTS_CHARS: usize = 3_000;

/// `POST …/{period}/item`: the catalogue manager edits the item's text,
/// cadence and due rule for the year (its code stays: publications hang on
/// it). A cadence that would orphan published periods is refused.
pub async fn edit_item(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(path): Path<(String, String, String)>,
    form: Result<Form<ItemEdit>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageDisclosures)?;
    let context = load_period(&store, &staff, &config, path).await?;
    let access = access(&store, &staff, &context).await?;
    let Form(edit) = form.map_err(|_| WebError::BadRequest("อ่านแบบฟอร์มไม่ได้".into()))?;
    let here = Here {
        store: &store,
        staff: &staff,
        config: &config,
        context: &context,
        access: &access,
    };
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    if edit.fingerprint != item_fingerprint(&context.item) {
        let mut kept = edit;
        kept.fingerprint = item_fingerprint(&context.item);
        return here
            .refuse(
                StatusCode::CONFLICT,
                "item",
                "มีผู้แก้ไขรายการนี้ก่อนคุณ จึงยังไม่ได้บันทึก: ข้อความที่คุณพิมพ์ยังอยู่ในแบบฟอร์ม โปรดตรวจสอบกับรายการปัจจุบันแล้วบันทึกอีกครั้ง".into(),
                move |page| page.edit = kept,
            )
            .await;
    }
    let cadence = Cadence::parse(&edit.cadence);
    if cadence.is_none() {
        errors.push(("item_cadence", "โปรดเลือกความถี่ในการเผยแพร่".into()));
    }
    let due = DueRule::parse(&edit.due)
        .map_err(|message| errors.push(("item_due", message)))
        .ok();
    for (field, label, text, max) in [
        ("item_title", "ชื่อรายการ", &edit.title, MAX_ITEM_TITLE_CHARS),
        (
            "item_subheading",
            "หัวข้อย่อย",
            &edit.subheading,
            MAX_ITEM_TITLE_CHARS,
        ),
        (
            "item_contents",
            "สิ่งที่ต้องเผยแพร่",
            &edit.contents,
            MAX_ITEM_CONTENTS_CHARS,
        ),
        ("item_note", "หมายเหตุ", &edit.note, MAX_ITEM_CONTENTS_CHARS),
    ] {
        let chars = text.trim().chars().count();
        if chars > max {
            errors.push((
                field,
                format!("{label}ยาวเกิน {max} ตัวอักษร (มี {chars} ตัวอักษร)"),
            ));
        } else if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            errors.push((field, format!("{label}มีอักขระควบคุมที่ไม่อนุญาต")));
        }
    }
    let item = CatalogueItem {
        title: edit.title.trim().to_string(),
        subheading: note_of(&edit.subheading).map(str::to_owned),
        contents: edit.contents.trim().replace("\r\n", "\n"),
        cadence: cadence.unwrap_or(context.item.cadence),
        due: due.unwrap_or(context.item.due),
        note: note_of(&edit.note).map(str::to_owned),
        same_as: note_of(&edit.same_as).map(str::to_owned),
        ..context.item.clone()
    };
    if item.same_as != context.item.same_as
        && let Some(catalogue) = store
            .disclosure_catalogue(&staff.organization.id, context.key.fiscal_year)
            .await?
    {
        let mut changed = catalogue.clone();
        if let Some(slot) = changed.items.iter_mut().find(|i| i.code == item.code) {
            *slot = item.clone();
        }
        if let Some(problem) = changed.check_same_as(&item) {
            errors.push(("item_same_as", problem.message));
        }
    }
    for e in item.validate() {
        let field = match e.field {
            Some("title") => "item_title",
            Some("contents") => "item_contents",
            Some("due") => "item_due",
            Some("note") => "item_note",
            Some("same_as") => "item_same_as",
            _ => "item",
        };
        // One message per field: what the form itself found comes first.
        if !errors.iter().any(|(f, _)| *f == field) {
            errors.push((field, e.message));
        }
    }
    let refuse = |status, errors: Vec<(&'static str, String)>, edit: ItemEdit| {
        let (field, message) = errors[0].clone();
        here.refuse(status, field, message, move |page| {
            for (field, message) in errors.into_iter().skip(1) {
                page.errors.add(field, message);
            }
            page.edit = edit;
        })
    };
    if !errors.is_empty() {
        return refuse(StatusCode::BAD_REQUEST, errors, edit).await;
    }
    match store
        .update_disclosure_item(
            &staff.organization.id,
            context.key.fiscal_year,
            &item,
            &staff.actor.user_id,
        )
        .await
    {
        // The period may be gone with a new cadence: then the year's list.
        Ok(saved) if saved.cadence.has(context.key.period) => done(&context, "item"),
        Ok(_) => Ok(Redirect::to(&format!(
            "/staff/info?year={}&done=item",
            context.key.fiscal_year
        ))
        .into_response()),
        Err(error) => {
            let (status, message) = store_refusal(error)?;
            refuse(status, vec![("item", message)], edit).await
        }
    }
}

/// Where a refused action happened: enough to show the period's page again.
struct Here<'a> {
    store: &'a AppState,
    staff: &'a CurrentStaff,
    config: &'a Resources,
    context: &'a PeriodContext,
    access: &'a Access,
}

impl Here<'_> {
    /// The period's page again with a message at a field, and the status.
    async fn refuse(
        &self,
        status: StatusCode,
        field: &str,
        message: String,
        fill: impl FnOnce(&mut PeriodPage),
    ) -> Reply {
        let mut page = build(
            self.store,
            self.staff,
            self.config,
            self.context,
            self.access,
        )
        .await?;
        page.errors.add(field, message);
        fill(&mut page);
        Ok((status, Html(page.render()?)).into_response())
    }
}

/// A store refusal shown on the page (nothing was written); other store
/// errors are the server's.
fn store_refusal(error: StoreError) -> Result<(StatusCode, String), WebError> {
    match error {
        StoreError::Invalid(fields) => Ok((
            StatusCode::BAD_REQUEST,
            fields
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        )),
        refusal @ (StoreError::NotAllowed(_) | StoreError::Conflict(_)) => Ok((
            StatusCode::CONFLICT,
            sujarit_service::wording::refusal(&refusal),
        )),
        other => Err(other.into()),
    }
}

fn done(context: &PeriodContext, what: &str) -> Reply {
    Ok(Redirect::to(&format!(
        "{}?done={what}",
        period_url(
            context.key.fiscal_year,
            &context.key.code,
            context.key.period
        )
    ))
    .into_response())
}

fn note_of(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

const MAX_NOTE_CHARS: usize = 500;

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    url: String,
    #[serde(default)]
    note: String,
}

pub async fn publish_link(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(path): Path<(String, String, String)>,
    form: Result<Form<LinkForm>, FormRejection>,
) -> Reply {
    let (context, access) = period_to_publish(&store, &staff, &config, path).await?;
    let Form(form) = form.map_err(|_| WebError::BadRequest("อ่านแบบฟอร์มไม่ได้".into()))?;
    let url = form.url.trim().to_string();
    let problem = check_link(&url).err().or_else(|| {
        (form.note.chars().count() > MAX_NOTE_CHARS)
            .then(|| format!("หมายเหตุยาวเกิน {MAX_NOTE_CHARS} ตัวอักษร"))
    });
    if let Some(message) = problem {
        return Here {
            store: &store,
            staff: &staff,
            config: &config,
            context: &context,
            access: &access,
        }
        .refuse(StatusCode::BAD_REQUEST, "url", message, |page| {
            page.url_value = url.clone()
        })
        .await;
    }
    match store
        .publish_disclosure(
            &staff.organization.id,
            &context.key,
            &DisclosureEvidence::Link { url: url.clone() },
            note_of(&form.note),
            &staff.actor.user_id,
        )
        .await
    {
        Ok(_) => done(&context, "published"),
        Err(error) => {
            let (status, message) = store_refusal(error)?;
            Here {
                store: &store,
                staff: &staff,
                config: &config,
                context: &context,
                access: &access,
            }
            .refuse(status, "url", message, |page| page.url_value = url.clone())
            .await
        }
    }
}

pub async fn publish_generated_page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(path): Path<(String, String, String)>,
) -> Reply {
    let (context, access) = period_to_publish(&store, &staff, &config, path).await?;
    let org = &staff.organization;
    let facts = generated_facts(
        store.as_ref(),
        &org.id,
        context.key.fiscal_year,
        config.clock.today(),
    )
    .await?;
    let ready = context.item.generated_source.map(|s| {
        (
            s,
            generated_href(s, &org.slug, context.key.fiscal_year, &facts),
        )
    });
    let source = match ready {
        Some((source, Some(_))) => source,
        refused => {
            let message = match refused {
                Some((source, _)) => format!(
                    "หน้า \"{}\" ที่ระบบสุจริตจัดทำยังไม่มีเนื้อหา ({}) โปรดแนบไฟล์หรือลิงก์แทน",
                    source.thai(),
                    source.needs().unwrap_or("ยังไม่พร้อม")
                ),
                None => "รายการนี้ไม่มีหน้าที่ระบบสุจริตจัดทำให้ โปรดแนบไฟล์หรือลิงก์แทน".into(),
            };
            return Here {
                store: &store,
                staff: &staff,
                config: &config,
                context: &context,
                access: &access,
            }
            .refuse(StatusCode::CONFLICT, "generated", message, |_| {})
            .await;
        }
    };
    match store
        .publish_disclosure(
            &org.id,
            &context.key,
            &DisclosureEvidence::Generated { source },
            Some("ยืนยันหน้าที่ระบบสุจริตจัดทำ"),
            &staff.actor.user_id,
        )
        .await
    {
        Ok(_) => done(&context, "published"),
        Err(error) => {
            let (status, message) = store_refusal(error)?;
            Here {
                store: &store,
                staff: &staff,
                config: &config,
                context: &context,
                access: &access,
            }
            .refuse(status, "generated", message, |_| {})
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct NotApplicableForm {
    #[serde(default)]
    reason: String,
    /// "clear" removes the mark.
    #[serde(default)]
    action: String,
}

pub async fn not_applicable(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(path): Path<(String, String, String)>,
    form: Result<Form<NotApplicableForm>, FormRejection>,
) -> Reply {
    let (context, access) = period_to_publish(&store, &staff, &config, path).await?;
    let Form(form) = form.map_err(|_| WebError::BadRequest("อ่านแบบฟอร์มไม่ได้".into()))?;
    let clear = form.action == "clear";
    let reason = form.reason.split_whitespace().collect::<Vec<_>>().join(" ");
    if !clear && (reason.is_empty() || reason.chars().count() > MAX_NOTE_CHARS) {
        let message = if reason.is_empty() {
            "โปรดระบุเหตุผลที่ไม่มีข้อมูลต้องเผยแพร่ เช่น ไม่มีการจัดซื้อจัดจ้างในเดือนนี้".to_string()
        } else {
            format!("เหตุผลยาวเกิน {MAX_NOTE_CHARS} ตัวอักษร")
        };
        return Here {
            store: &store,
            staff: &staff,
            config: &config,
            context: &context,
            access: &access,
        }
        .refuse(StatusCode::BAD_REQUEST, "reason", message, |page| {
            page.reason_value = reason.clone()
        })
        .await;
    }
    match store
        .mark_disclosure_not_applicable(
            &staff.organization.id,
            &context.key,
            (!clear).then_some(reason.as_str()),
            &staff.actor.user_id,
        )
        .await
    {
        Ok(()) => done(&context, if clear { "cleared" } else { "not_applicable" }),
        Err(error) => {
            let (status, message) = store_refusal(error)?;
            Here {
                store: &store,
                staff: &staff,
                config: &config,
                context: &context,
                access: &access,
            }
            .refuse(status, "reason", message, |page| {
                page.reason_value = reason.clone()
            })
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct OwnerForm {
    #[serde(default)]
    unit: String,
    /// "item" sets the item's default owner (every period); otherwise this
    /// period's override.
    #[serde(default)]
    scope: String,
}

pub async fn owner(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(path): Path<(String, String, String)>,
    form: Result<Form<OwnerForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageDisclosures)?;
    let context = load_period(&store, &staff, &config, path).await?;
    let access = access(&store, &staff, &context).await?;
    let Form(form) = form.map_err(|_| WebError::BadRequest("อ่านแบบฟอร์มไม่ได้".into()))?;
    let unit = form.unit.trim();
    let units = store.units(&staff.organization.id).await?;
    if !unit.is_empty() && !units.iter().any(|u| u.name == unit) {
        return Here {
            store: &store,
            staff: &staff,
            config: &config,
            context: &context,
            access: &access,
        }
        .refuse(
            StatusCode::BAD_REQUEST,
            "unit",
            format!("ไม่มีหน่วยงานชื่อ \"{unit}\" โปรดเลือกจากรายการ"),
            |_| {},
        )
        .await;
    }
    let unit = Some(unit).filter(|u| !u.is_empty());
    let saved = if form.scope == "item" {
        let item = sujarit_core::disclosure::CatalogueItem {
            owner_unit: unit.map(str::to_owned),
            ..context.item.clone()
        };
        store
            .update_disclosure_item(
                &staff.organization.id,
                context.key.fiscal_year,
                &item,
                &staff.actor.user_id,
            )
            .await
            .map(|_| ())
    } else {
        store
            .set_disclosure_owner(
                &staff.organization.id,
                &context.key,
                unit,
                &staff.actor.user_id,
            )
            .await
    };
    match saved {
        Ok(()) => done(&context, "owner"),
        Err(error) => {
            let (status, message) = store_refusal(error)?;
            Here {
                store: &store,
                staff: &staff,
                config: &config,
                context: &context,
                access: &access,
            }
            .refuse(status, "unit", message, |_| {})
            .await
        }
    }
}

pub async fn publish_file(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    Path(path): Path<(String, String, String)>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Reply {
    let (context, access) = period_to_publish(&store, &staff, &config, path).await?;
    let file_refused = |status: StatusCode, message: String| {
        let (store, staff, config, context, access) = (&store, &staff, &config, &context, &access);
        async move {
            Here {
                store,
                staff,
                config,
                context,
                access,
            }
            .refuse(status, "file", message, |_| {})
            .await
        }
    };
    let too_large = || format!("ไฟล์มีขนาดเกิน {} ที่รับได้", size_text(config.files.max_bytes()));
    let mut multipart = multipart
        .map_err(|_| WebError::BadRequest("อ่านไฟล์ที่ส่งมาไม่ได้ โปรดเลือกไฟล์แล้วส่งใหม่อีกครั้ง".into()))?;
    let mut stored = None;
    let mut note = String::new();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return file_refused(StatusCode::PAYLOAD_TOO_LARGE, too_large()).await;
            }
            Err(_) => {
                return Err(WebError::BadRequest(
                    "อ่านไฟล์ที่ส่งมาไม่ได้ โปรดส่งใหม่อีกครั้ง".into(),
                ));
            }
        };
        match field.name() {
            Some("note") => {
                note = field.text().await.unwrap_or_default();
                continue;
            }
            Some("file") => {}
            _ => continue,
        }
        let name = field.file_name().unwrap_or_default().to_string();
        if name.trim().is_empty() || stored.is_some() {
            continue;
        }
        let mut receiving = config.files.begin(&name).await.map_err(file_failure)?;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if let Err(error) = receiving.write(&chunk).await {
                        return upload_refused(error, &file_refused).await;
                    }
                }
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return file_refused(StatusCode::PAYLOAD_TOO_LARGE, too_large()).await;
                }
                Err(_) => {
                    return Err(WebError::BadRequest(
                        "การส่งไฟล์ขาดหายกลางทาง โปรดส่งใหม่อีกครั้ง".into(),
                    ));
                }
            }
        }
        match receiving.finish(&staff.actor.user_id).await {
            Ok(evidence) => stored = Some(evidence),
            Err(error) => return upload_refused(error, &file_refused).await,
        }
    }
    let Some(evidence) = stored else {
        return file_refused(StatusCode::BAD_REQUEST, "โปรดเลือกไฟล์ที่จะเผยแพร่".into()).await;
    };
    if note.chars().count() > MAX_NOTE_CHARS {
        return file_refused(
            StatusCode::BAD_REQUEST,
            format!("หมายเหตุยาวเกิน {MAX_NOTE_CHARS} ตัวอักษร"),
        )
        .await;
    }
    let evidence = DisclosureEvidence::File {
        sha256: evidence.sha256,
        file_name: evidence.file_name,
        media_type: evidence.media_type,
        size_bytes: evidence.size_bytes,
    };
    match store
        .publish_disclosure(
            &staff.organization.id,
            &context.key,
            &evidence,
            note_of(&note),
            &staff.actor.user_id,
        )
        .await
    {
        Ok(_) => done(&context, "published"),
        Err(error) => {
            let (status, message) = store_refusal(error)?;
            file_refused(status, message).await
        }
    }
}

fn file_failure(error: FileError) -> WebError {
    tracing::error!(%error, "storing a disclosure file failed");
    WebError::Internal("บันทึกไฟล์ไม่สำเร็จ".into())
}

async fn upload_refused<F, Fut>(error: FileError, file_refused: &F) -> Reply
where
    F: Fn(StatusCode, String) -> Fut,
    Fut: std::future::Future<Output = Reply>,
{
    let status = match &error {
        FileError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        FileError::Refused(_) => StatusCode::BAD_REQUEST,
        FileError::Io(_) => return Err(file_failure(error)),
    };
    file_refused(status, error.to_string()).await
}
