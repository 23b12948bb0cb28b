//! `/staff/progress`: "my items". A unit officer sees the items their unit
//! owns; the coordinator and the roles that read everything see all items.
//! For the chosen fiscal year: what is due this quarter, what is late (a
//! planned quarter that has ended without a report sent for review), and
//! each item's four quarters.

use std::collections::BTreeMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::Deserialize;
use sujarit_core::ItemRef;
use sujarit_core::account::Role;
use sujarit_core::fiscal::FiscalYear;

use super::Resources;
use super::view::mine::{self as view, MineInput, empty_page};
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::{Page, StaffBar, render, staff_layout};
use crate::{AppState, format};

#[derive(Deserialize)]
pub struct MineQuery {
    year: Option<String>,
}

pub async fn page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: Result<Query<MineQuery>, QueryRejection>,
) -> Page {
    let Query(query) = query.map_err(|_| {
        WebError::BadRequest("ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700)".into())
    })?;
    let org = &staff.organization.id;
    let today = config.clock.today();
    let plan = store.current_plan(org).await?.map(|(_, r)| r.plan);
    let layout = staff_layout("รายงานผลการดำเนินงาน", vec![]);
    let Some(plan) = plan else {
        return render(empty_page(
            StaffBar::new(&staff),
            layout,
            "ยังไม่มีแผนปฏิบัติการ ผู้ประสานแผนต้องนำเข้าแผนก่อน",
            staff.actor.can_review(),
        ));
    };
    let period = plan.period;
    let year = match query
        .year
        .as_deref()
        .map(str::trim)
        .filter(|y| !y.is_empty())
    {
        Some(text) => format::parse_fiscal_year(text).ok_or_else(|| {
            WebError::BadRequest("ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700)".into())
        })?,
        None => FiscalYear::of(today).be().clamp(
            period.first_fiscal_year,
            period.last_fiscal_year.max(period.first_fiscal_year),
        ),
    };

    // Which items: a unit officer's unit's, or all.
    let assignments = store.item_unit_assignments(org).await?;
    let units: BTreeMap<String, String> = store
        .units(org)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let (scope, mine): (String, Option<Vec<ItemRef>>) = match (staff.role(), &staff.actor.unit_id) {
        (Role::UnitOfficer, Some(unit)) => (
            format!(
                "รายการที่{}รับผิดชอบ",
                units.get(unit).map_or("หน่วยงานของคุณ", String::as_str)
            ),
            Some(store.items_of_unit(org, unit).await?),
        ),
        (Role::UnitOfficer, None) => {
            return render(empty_page(
                StaffBar::new(&staff),
                layout,
                "บัญชีของคุณยังไม่ได้สังกัดหน่วยงาน โปรดติดต่อผู้ดูแลระบบ",
                staff.actor.can_review(),
            ));
        }
        _ => ("ทุกรายการในแผน".to_string(), None),
    };
    let reports = store.quarter_reports(org, year).await?;

    render(view::build(MineInput {
        layout,
        bar: StaffBar::new(&staff),
        plan: &plan,
        year,
        today,
        scope,
        mine,
        reports: &reports,
        assignments: &assignments,
        units: &units,
        can_review: staff.actor.can_review(),
    }))
}
