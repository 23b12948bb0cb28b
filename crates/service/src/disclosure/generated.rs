//! Generated disclosures: an information-centre item whose evidence is a
//! page Sujarit itself keeps (the plan, the monitoring reports, the
//! complaint pages, the activity calendar, a satisfaction survey's results)
//! is published by the system once its page has content and its period
//! opens.

use sujarit_core::FiscalYear;
use sujarit_core::account::SYSTEM_ACTOR;
use sujarit_core::disclosure::{DisclosureEvidence, GeneratedFacts, records_of};
use sujarit_store::{DisclosureKey, Organization, Store, StoreError};
use time::Date;

/// What decides whether the generated pages of an organisation's fiscal
/// year have content, as of `today`: whether it has a plan, its activities
/// and its surveys of the year (core's [`GeneratedFacts::gather`] counts).
/// The public and staff pages ask the same to link the pages.
pub async fn generated_facts(
    store: &dyn Store,
    organization_id: &str,
    fiscal_year: FiscalYear,
    today: Date,
) -> Result<GeneratedFacts, StoreError> {
    let has_plan = store.current_plan(organization_id).await?.is_some();
    let activities = store
        .activities(organization_id, fiscal_year.be(), None)
        .await?;
    let surveys = store
        .surveys(organization_id, Some(fiscal_year.be()))
        .await?;
    let mut facts = GeneratedFacts::gather(has_plan, fiscal_year, today, &activities, &surveys);
    // The integrity registers' facts (issue 14), one block per register.
    // risks: risks_assessed, risks_monitored, measures, measures_reported
    let risks = store
        .risk_entries(organization_id, fiscal_year.be())
        .await?;
    facts.risks_assessed = risks.iter().filter(|e| e.input.assessed()).count();
    facts.risks_monitored = risks
        .iter()
        .filter(|e| !e.input.monitoring.is_empty())
        .count();
    let measures = store.measures(organization_id, fiscal_year.be()).await?;
    facts.measures = measures.len();
    facts.measures_reported = measures.iter().filter(|m| m.input.reported()).count();
    // audit: audit_report
    facts.audit_report = store
        .internal_audit_published(organization_id, fiscal_year.be())
        .await?;
    // control: control_report
    facts.control_report = store
        .internal_control_certified(organization_id, fiscal_year)
        .await?;
    // gifts: gift_report
    facts.gift_report = !store
        .gift_declarations(
            organization_id,
            Some(fiscal_year),
            sujarit_store::GiftScope::All,
        )
        .await?
        .is_empty()
        || !store
            .nil_returns(organization_id, fiscal_year, None)
            .await?
            .is_empty();
    Ok(facts)
}

/// Publishes, as generated evidence, every period of the year's items with
/// a generated source whose page exists ([`generated_facts`] as of `today`),
/// that has opened by `today` and has neither a publication nor a "not
/// applicable" mark. Returns how many periods were published. Repeating it
/// publishes nothing new.
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
    let facts = generated_facts(store, &organization.id, fiscal_year, today).await?;
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
        if !source.page_exists(&facts) {
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
