//! `/staff/units`: the organisation's units and which unit owns which item,
//! for administrators and plan coordinators.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use serde::Deserialize;
use sujarit_core::ItemRef;
use sujarit_core::account::{MAX_UNIT_NAME_CHARS, Permission, clean_name};
use sujarit_store::{StoreError, Unit};

use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::format;
use crate::ui::{Crumb, FormErrors, Layout, Reply, StaffBar, staff_layout};

fn reply(status: StatusCode, page: impl Template) -> Reply {
    Ok((status, Html(page.render()?)).into_response())
}

pub struct UnitRow {
    pub id: String,
    pub name: String,
    /// The plan's name for it, when it differs from the current one.
    pub plan_name: Option<String>,
    pub item_count: usize,
    pub action: String,
    pub error: Option<String>,
    /// The unit's officers, one of whom may be its head (the supervisor
    /// who decides their gift declarations).
    pub heads: Vec<crate::ui::SelectOption>,
    pub head_action: String,
}

pub struct ItemRow {
    pub item_ref: String,
    pub name: String,
    pub units: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "staff/units.html")]
pub struct UnitsPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub units: Vec<UnitRow>,
    pub items: Vec<ItemRow>,
    pub has_plan: bool,
    pub new_name: String,
    pub errors: FormErrors,
    pub notice: Option<String>,
}

/// The page, with `edit` applied to it before it is shown (errors, values).
async fn units_page(
    store: &AppState,
    staff: &CurrentStaff,
    edit: impl FnOnce(&mut UnitsPage),
) -> Result<UnitsPage, WebError> {
    let org = &staff.organization.id;
    let units = store.units(org).await?;
    let officers = store.users(org).await?;
    let heads = store.unit_heads(org).await?;
    let assignments = store.item_unit_assignments(org).await?;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for ids in assignments.values() {
        for id in ids {
            *counts.entry(id.as_str()).or_default() += 1;
        }
    }
    let plan = store
        .current_plan(org)
        .await?
        .map(|(_, report)| report.plan);
    let items = plan
        .iter()
        .flat_map(|p| p.dimensions.iter())
        .flat_map(|d| d.items())
        .map(|item| {
            let r = item.item_ref();
            ItemRow {
                item_ref: r.to_string(),
                name: item.name.clone(),
                units: names_of(
                    &units,
                    assignments.get(&r).map(Vec::as_slice).unwrap_or(&[]),
                ),
                href: format!("/staff/units/items/{r}"),
            }
        })
        .collect();
    let mut page = UnitsPage {
        layout: staff_layout("หน่วยงานและรายการที่รับผิดชอบ", vec![]),
        bar: StaffBar::new(staff),
        units: units
            .iter()
            .map(|u| UnitRow {
                id: u.id.clone(),
                name: u.name.clone(),
                plan_name: u.plan_name.clone().filter(|p| *p != u.name),
                item_count: counts.get(u.id.as_str()).copied().unwrap_or(0),
                action: format!("/staff/units/{}", u.id),
                error: None,
                heads: head_options(&officers, &heads, &u.id),
                head_action: format!("/staff/units/{}/head", u.id),
            })
            .collect(),
        items,
        has_plan: plan.is_some(),
        new_name: String::new(),
        errors: FormErrors::default(),
        notice: None,
    };
    edit(&mut page);
    Ok(page)
}

/// The unit's active officers, the current head selected.
fn head_options(
    users: &[sujarit_store::StaffUser],
    heads: &[(String, String)],
    unit_id: &str,
) -> Vec<crate::ui::SelectOption> {
    let head = heads.iter().find(|(u, _)| u == unit_id).map(|(_, h)| h);
    users
        .iter()
        .filter(|u| u.active && u.unit_id.as_deref() == Some(unit_id))
        .map(|u| crate::ui::SelectOption {
            value: u.id.clone(),
            label: u.display_name.clone(),
            selected: Some(&u.id) == head,
        })
        .collect()
}

#[derive(Deserialize)]
pub struct HeadForm {
    #[serde(default)]
    head: String,
}

/// Sets (or clears) a unit's head.
pub async fn set_head(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
    form: Result<Form<HeadForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageUnits)?;
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let head = Some(form.head.trim()).filter(|h| !h.is_empty());
    match store
        .set_unit_head(&staff.organization.id, &id, head, &staff.actor.user_id)
        .await
    {
        Ok(()) => Ok(Redirect::to("/staff/units?done=head").into_response()),
        Err(StoreError::NotFound(_)) => Err(WebError::NotFound("ไม่พบหน่วยงานนี้".into())),
        Err(StoreError::Invalid(fields)) => {
            let message: Vec<String> = fields.into_iter().map(|f| f.message).collect();
            let page = units_page(&store, &staff, |p| {
                if let Some(row) = p.units.iter_mut().find(|u| u.id == id) {
                    row.error = Some(message.join(" "));
                }
            })
            .await?;
            reply(StatusCode::BAD_REQUEST, page)
        }
        Err(e) => Err(e.into()),
    }
}

fn names_of(units: &[Unit], ids: &[String]) -> String {
    let names: Vec<&str> = ids
        .iter()
        .filter_map(|id| units.iter().find(|u| &u.id == id))
        .map(|u| u.name.as_str())
        .collect();
    if names.is_empty() {
        "ยังไม่กำหนด".to_owned()
    } else {
        names.join(", ")
    }
}

#[derive(Deserialize)]
pub struct UnitsQuery {
    done: Option<String>,
    created: Option<String>,
    assigned: Option<String>,
}

pub async fn page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    query: Result<Query<UnitsQuery>, QueryRejection>,
) -> Reply {
    staff.require(Permission::ManageUnits)?;
    let notice = query.ok().and_then(|Query(q)| match q.done.as_deref() {
        Some("sync") => Some(format!(
            "ดึงหน่วยงานจากแผนแล้ว: หน่วยงานใหม่ {} หน่วยงาน กำหนดหน่วยงานให้ {} รายการ",
            q.created.as_deref().unwrap_or("0"),
            q.assigned.as_deref().unwrap_or("0")
        )),
        Some("created") => Some("เพิ่มหน่วยงานแล้ว".to_owned()),
        Some("renamed") => Some("แก้ชื่อหน่วยงานแล้ว".to_owned()),
        Some("item") => Some("บันทึกหน่วยงานที่รับผิดชอบรายการแล้ว".to_owned()),
        Some("head") => Some("บันทึกหัวหน้าหน่วยงานแล้ว".to_owned()),
        _ => None,
    });
    let page = units_page(&store, &staff, |p| p.notice = notice).await?;
    reply(StatusCode::OK, page)
}

#[derive(Deserialize)]
pub struct NameForm {
    #[serde(default)]
    name: String,
}

/// Why a unit's name was not saved: the name itself (the rules or a unit of
/// that name), shown at the field, or the store.
enum Refused {
    Name(String),
    Store(StoreError),
}

impl From<StoreError> for Refused {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict(clash) => Refused::Name(clash.to_string()),
            other => Refused::Store(other),
        }
    }
}

pub async fn create(
    State(store): State<AppState>,
    staff: CurrentStaff,
    form: Result<Form<NameForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageUnits)?;
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let outcome = match clean_name(&form.name, "ชื่อหน่วยงาน", MAX_UNIT_NAME_CHARS)
    {
        Ok(name) => store
            .create_unit(&staff.organization.id, &name, Some(&staff.actor.user_id))
            .await
            .map(|_| ())
            .map_err(Refused::from),
        Err(message) => Err(Refused::Name(message)),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to("/staff/units?done=created").into_response()),
        Err(Refused::Name(message)) => {
            let typed = form.name.trim().to_owned();
            let page = units_page(&store, &staff, |p| {
                p.errors.add("name", message);
                p.new_name = typed;
            })
            .await?;
            reply(StatusCode::BAD_REQUEST, page)
        }
        Err(Refused::Store(e)) => Err(e.into()),
    }
}

pub async fn rename(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
    form: Result<Form<NameForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageUnits)?;
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let outcome = match clean_name(&form.name, "ชื่อหน่วยงาน", MAX_UNIT_NAME_CHARS)
    {
        Ok(name) => store
            .rename_unit(
                &staff.organization.id,
                &id,
                &name,
                Some(&staff.actor.user_id),
            )
            .await
            .map(|_| ())
            .map_err(Refused::from),
        Err(message) => Err(Refused::Name(message)),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to("/staff/units?done=renamed").into_response()),
        Err(Refused::Store(StoreError::NotFound(_))) => {
            Err(WebError::NotFound("ไม่พบหน่วยงานนี้".into()))
        }
        Err(Refused::Name(message)) => {
            let page = units_page(&store, &staff, |p| {
                if let Some(row) = p.units.iter_mut().find(|u| u.id == id) {
                    row.error = Some(message);
                }
            })
            .await?;
            reply(StatusCode::BAD_REQUEST, page)
        }
        Err(Refused::Store(e)) => Err(e.into()),
    }
}

pub async fn sync(State(store): State<AppState>, staff: CurrentStaff) -> Reply {
    staff.require(Permission::ManageUnits)?;
    let done = store
        .sync_units_from_plan(&staff.organization.id, Some(&staff.actor.user_id))
        .await?;
    Ok(Redirect::to(&format!(
        "/staff/units?done=sync&created={}&assigned={}",
        done.units_created.len(),
        done.items_assigned.len()
    ))
    .into_response())
}

pub struct UnitChoice {
    pub id: String,
    pub name: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "staff/item_units.html")]
pub struct ItemUnitsPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub item_ref: String,
    pub item_name: String,
    pub plan_units: String,
    pub units: Vec<UnitChoice>,
    pub action: String,
    pub errors: FormErrors,
}

async fn item_page(
    store: &AppState,
    staff: &CurrentStaff,
    item_ref: &str,
    checked: Option<&[String]>,
) -> Result<ItemUnitsPage, WebError> {
    let r = format::parse_item_ref(item_ref).ok_or_else(|| {
        WebError::BadRequest("เลขที่รายการไม่ถูกต้อง ต้องเขียนเป็นเลขมิติจุดลำดับ เช่น 2.19".into())
    })?;
    let org = &staff.organization.id;
    let plan = store
        .current_plan(org)
        .await?
        .map(|(_, report)| report.plan)
        .ok_or_else(|| WebError::NotFound("ยังไม่มีแผนปฏิบัติการ".into()))?;
    let item = plan
        .item(r)
        .ok_or_else(|| WebError::NotFound(format!("ไม่พบรายการที่ {r} ในแผนนี้")))?;
    let current = store.units_of_item(org, r).await?;
    let checked = checked.unwrap_or(&current);
    let units = store.units(org).await?;
    Ok(ItemUnitsPage {
        layout: staff_layout(
            &format!("หน่วยงานที่รับผิดชอบรายการ {r}"),
            vec![Crumb::link("หน่วยงานและรายการที่รับผิดชอบ", "/staff/units")],
        ),
        bar: StaffBar::new(staff),
        item_ref: r.to_string(),
        item_name: item.name.clone(),
        plan_units: if item.units.is_empty() {
            "ไม่ระบุ".to_owned()
        } else {
            item.units.join(", ")
        },
        units: units
            .into_iter()
            .map(|u| UnitChoice {
                checked: checked.contains(&u.id),
                id: u.id,
                name: u.name,
            })
            .collect(),
        action: format!("/staff/units/items/{r}"),
        errors: FormErrors::default(),
    })
}

pub async fn item_form(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(item_ref): Path<String>,
) -> Reply {
    staff.require(Permission::ManageUnits)?;
    let page = item_page(&store, &staff, &item_ref, None).await?;
    reply(StatusCode::OK, page)
}

/// The checkboxes arrive as repeated `unit=<id>` pairs.
pub async fn set_item_units(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(item_ref): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageUnits)?;
    let Form(pairs) = form.map_err(crate::ui::bad_form)?;
    let chosen: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "unit")
        .map(|(_, v)| v)
        .collect();
    // Checks the item exists in the current plan before writing.
    let mut page = item_page(&store, &staff, &item_ref, Some(&chosen)).await?;
    let r: ItemRef = format::parse_item_ref(&item_ref)
        .ok_or_else(|| WebError::BadRequest("เลขที่รายการไม่ถูกต้อง".into()))?;
    match store
        .set_item_units(
            &staff.organization.id,
            r,
            &chosen,
            Some(&staff.actor.user_id),
        )
        .await
    {
        Ok(()) => Ok(Redirect::to("/staff/units?done=item").into_response()),
        Err(StoreError::NotFound(_)) => {
            page.errors.add(
                "unit",
                "ไม่พบหน่วยงานบางหน่วยที่เลือก อาจถูกเปลี่ยนไปแล้ว กรุณาเลือกใหม่",
            );
            reply(StatusCode::BAD_REQUEST, page)
        }
        Err(e) => Err(e.into()),
    }
}
