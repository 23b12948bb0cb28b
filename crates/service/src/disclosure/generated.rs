//! Generated disclosures: an information-centre item whose evidence is a
//! page Sujarit itself keeps (the plan, the monitoring reports, the
//! complaint pages) is published by the system once its period opens.

use sujarit_core::FiscalYear;
use sujarit_core::account::SYSTEM_ACTOR;
use sujarit_core::disclosure::{DisclosureEvidence, records_of};
use sujarit_store::{DisclosureKey, Organization, Store, StoreError};
use time::Date;

/// Publishes, as generated evidence, every period of the year's items with
/// a generated source whose page exists, that has opened by `today` and has
/// neither a publication nor a "not applicable" mark. Returns how many
/// periods were published. Repeating it publishes nothing new.
pub async fn publish_generated(
    store: &dyn Store,
    organization: &Organization,
    fiscal_year: FiscalYear,
    today: Date,
) -> Result<usize, StoreError> {
    let Some(catalogue) = store
        .disclosure_catalogue(&organization.id, fiscal_year)
        .await?
    else {
        return Ok(0);
    };
    let has_plan = store.current_plan(&organization.id).await?.is_some();
    let records = records_of(
        &store
            .disclosure_records(&organization.id, fiscal_year)
            .await?,
    );
    let mut published = 0;
    for item in &catalogue.items {
        let Some(source) = item.generated_source else {
            continue;
        };
        if !source.page_exists(has_plan) {
            continue;
        }
        for scheduled in item.schedule(fiscal_year) {
            if today < scheduled.opens_on {
                continue;
            }
            if records
                .get(&(item.code.clone(), scheduled.period))
                .is_some_and(|r| r.published_on.is_some() || r.not_applicable.is_some())
            {
                continue;
            }
            let key = DisclosureKey {
                fiscal_year,
                code: item.code.clone(),
                period: scheduled.period,
            };
            store
                .publish_disclosure(
                    &organization.id,
                    &key,
                    &DisclosureEvidence::Generated { source },
                    Some("เผยแพร่อัตโนมัติจากหน้าที่ระบบสุจริตจัดทำ"),
                    SYSTEM_ACTOR,
                )
                .await?;
            published += 1;
        }
    }
    Ok(published)
}

/// [`publish_generated`] for every catalogue year of every organisation:
/// what the server does at start and daily.
pub async fn publish_generated_everywhere(
    store: &dyn Store,
    today: Date,
) -> Result<usize, StoreError> {
    let mut published = 0;
    for organization in store.organizations().await? {
        for summary in store.disclosure_catalogue_years(&organization.id).await? {
            published +=
                publish_generated(store, &organization, summary.fiscal_year, today).await?;
        }
    }
    Ok(published)
}
