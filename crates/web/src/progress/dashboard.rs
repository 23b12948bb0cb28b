//! `/staff/dashboard`: the executive dashboard. Where the plan stands in a
//! fiscal year and round — the completion score by dimension and by unit,
//! budget planned against adopted and disbursed, the Part 1 targets against
//! their actuals, the review pipeline and every late report — for the roles
//! that read everything (executive, coordinator, auditor, administrator).
//!
//! Unlike the public page it counts what units have *sent* (submitted,
//! approved or published), not only what is published, and shows the
//! published-only score beside it so the gap is visible.

use std::collections::BTreeMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::Deserialize;
use sujarit_core::account::Permission;
use sujarit_core::complaint::Channel;
use sujarit_core::fiscal::FiscalYear;
use sujarit_core::progress::Round;
use sujarit_core::scores::{self, UnitMap};
use sujarit_core::{ItemRef, Plan};

use super::Resources;
use super::view::dashboard::{self as view, DashboardInput, DashboardPage};
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::{Page, StaffBar, render};
use crate::{AppState, format};

#[derive(Deserialize)]
pub struct DashboardQuery {
    year: Option<String>,
    round: Option<String>,
}

pub async fn page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: Result<Query<DashboardQuery>, QueryRejection>,
) -> Page {
    staff.require(Permission::ReadEverything)?;
    let Query(query) = query.map_err(|_| bad_choice())?;
    let org = &staff.organization.id;
    let today = config.clock.today();
    let Some((_, report)) = store.current_plan(org).await? else {
        return render(DashboardPage::empty(
            StaffBar::new(&staff),
            "ยังไม่มีแผนปฏิบัติการ ผู้ประสานแผนต้องนำเข้าแผนก่อน",
        ));
    };
    let plan = report.plan;
    let period = plan.period;
    let year = match non_empty(&query.year) {
        Some(text) => format::parse_fiscal_year(text).ok_or_else(bad_choice)?,
        None => FiscalYear::of(today).be().clamp(
            period.first_fiscal_year,
            period.last_fiscal_year.max(period.first_fiscal_year),
        ),
    };
    let round = match non_empty(&query.round) {
        Some(text) => Round::parse(text).ok_or_else(bad_choice)?,
        None => Round::default_for(year, today),
    };

    let unit_names: BTreeMap<String, String> = store
        .units(org)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let owners = owners_by_name(&plan, &store.item_unit_assignments(org).await?, &unit_names);
    let reports = store.quarter_reports(org, year).await?;
    let actuals = store.target_actuals(org).await?;
    let complaints = view::complaints_summary(
        &store
            .complaint_statistics(org, FiscalYear(year), None, today)
            .await?,
        &store
            .satisfaction(org, FiscalYear(year), Some(Channel::General))
            .await?,
        staff.actor.has(Permission::ReadGeneralComplaints),
    );

    render(view::build(DashboardInput {
        bar: StaffBar::new(&staff),
        plan: &plan,
        year,
        round,
        today,
        reports: &reports,
        owners: &owners,
        targets: &scores::target_lines(&plan.targets, &actuals, period),
        can_enter_targets: staff.actor.has(Permission::EnterTargetActuals),
        complaints,
    }))
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn bad_choice() -> WebError {
    WebError::BadRequest(
        "ปีงบประมาณหรือรอบที่เลือกไม่ถูกต้อง (ปี พ.ศ. 4 หลัก (2400–2700) และรอบ 6m หรือ 12m)".into(),
    )
}

/// Each item's owning units by name: the back office's assignment where
/// there is one, else the units the plan itself names.
fn owners_by_name(
    plan: &Plan,
    assignments: &BTreeMap<ItemRef, Vec<String>>,
    unit_names: &BTreeMap<String, String>,
) -> UnitMap {
    let mut owners = scores::units_from_plan(plan);
    for (item, ids) in assignments {
        let names: Vec<String> = ids
            .iter()
            .filter_map(|id| unit_names.get(id).cloned())
            .collect();
        if !names.is_empty() {
            owners.insert(*item, names);
        }
    }
    owners
}
