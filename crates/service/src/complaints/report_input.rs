//! The report on complaints to executives: everything it needs of one
//! organisation's round, read from the store (for the staff page and for
//! `sujarit export complaints`).

use std::collections::BTreeMap;

use sujarit_core::FiscalYear;
use sujarit_core::complaint::{Channel, ReportNotes};
use sujarit_core::progress::Round;
use sujarit_reports::complaints::{ChannelInput, ComplaintReportInput};
use sujarit_store::{Organization, Store, StoreError};
use time::Date;

/// Everything the report needs of one organisation's round, read from the store.
pub async fn load_input(
    store: &dyn Store,
    organization: &Organization,
    fiscal_year: u16,
    round: Round,
    today: Date,
    issuer: Option<String>,
) -> Result<ComplaintReportInput, StoreError> {
    let org = &organization.id;
    let year = FiscalYear(fiscal_year);
    let settings = store.complaint_settings(org).await?;
    let cases = store.complaint_report_cases(org, year).await?;
    let mut notes: BTreeMap<Channel, ReportNotes> = store
        .complaint_report_notes(org, year, round)
        .await?
        .into_iter()
        .map(|n| (n.channel, n.notes))
        .collect();
    let mut channels = Vec::new();
    for channel in Channel::ALL {
        channels.push(ChannelInput {
            channel,
            deadline_days: settings.deadline_days(channel),
            cases: cases
                .iter()
                .filter(|c| c.facts.channel == channel)
                .cloned()
                .collect(),
            categories: store.complaint_categories(org, channel).await?,
            notes: notes.remove(&channel),
        });
    }
    Ok(ComplaintReportInput {
        organization: organization.name.clone(),
        fiscal_year,
        round,
        channels,
        issuer,
        generated_at: time::OffsetDateTime::now_utc(),
        today,
    })
}
