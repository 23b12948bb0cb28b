//! The risk register's use cases that are not HTTP (issue 14): a year's
//! register started from the current plan's Part 1 table.

use sujarit_store::{Store, StoreError};

/// Creates `fiscal_year`'s register from the current plan, once (a year
/// that already has entries from the plan is left alone). Returns how many
/// entries were created; `NotFound(CurrentPlan)` without a plan.
pub async fn register_from_plan(
    store: &dyn Store,
    organization_id: &str,
    fiscal_year: u16,
    actor: &str,
) -> Result<usize, StoreError> {
    let (_, report) = store
        .current_plan(organization_id)
        .await?
        .ok_or(StoreError::NotFound(
            sujarit_core::refusal::Missing::CurrentPlan,
        ))?;
    let entries = sujarit_import::risks::register_from_plan(&report.plan, fiscal_year);
    store
        .create_risk_register(organization_id, fiscal_year, &entries, actor)
        .await
}

/// The current plan's item codes ("2.16"), which a control may name.
pub async fn plan_item_codes(
    store: &dyn Store,
    organization_id: &str,
) -> Result<Vec<String>, StoreError> {
    Ok(store
        .current_plan(organization_id)
        .await?
        .map(|(_, report)| {
            report
                .plan
                .items()
                .map(|item| item.item_ref().to_string())
                .collect()
        })
        .unwrap_or_default())
}
