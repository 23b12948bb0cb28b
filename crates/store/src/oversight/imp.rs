//! [`OversightStore`] for both databases, written once over `db`.

use super::sql::*;
use super::{ComplaintCounts, OversightStore};
use crate::db::{SqlStore, query, query_as};
use crate::directory::EntryRow;
use crate::{Listed, Organization, Result, StoreError};
use async_trait::async_trait;
use sujarit_core::directory::OversightScope;
use sujarit_core::fiscal::FiscalYear;
use sujarit_core::oversight::Figures;
use time::Date;

fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

fn read(json: &str) -> Result<Figures> {
    serde_json::from_str(json)
        .map_err(|e| StoreError::Corrupt(format!("organization_figures: {e}")))
}

#[derive(sqlx::FromRow)]
struct FiguresRow {
    organization_id: String,
    slug: String,
    name: String,
    #[sqlx(flatten)]
    entry: EntryRow,
    figures_json: Option<String>,
}

#[async_trait]
impl OversightStore for SqlStore {
    async fn save_figures(
        &self,
        organization_id: &str,
        figures: &Figures,
        source_mark: &str,
    ) -> Result<()> {
        let json = serde_json::to_string(figures)
            .map_err(|e| StoreError::Corrupt(format!("organization_figures: {e}")))?;
        query(UPSERT_FIGURES)
            .bind(organization_id)
            .bind(figures.fiscal_year)
            .bind(json)
            .bind(source_mark)
            .bind(figures.computed_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn figures(
        &self,
        organization_id: &str,
        fiscal_year: u16,
    ) -> Result<Option<(Figures, String)>> {
        let row: Option<(String, String)> = query_as(SELECT_FIGURES)
            .bind(organization_id)
            .bind(fiscal_year)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|(json, mark)| Ok((read(&json)?, mark))).transpose()
    }

    async fn figures_in(
        &self,
        scope: &OversightScope,
        fiscal_year: u16,
    ) -> Result<Vec<(Listed, Option<Figures>)>> {
        let rows: Vec<FiguresRow> = match scope {
            OversightScope::National => {
                query_as(&select_figures_in(false))
                    .bind(fiscal_year)
                    .fetch_all(&self.pool)
                    .await?
            }
            OversightScope::Province(code) => {
                query_as(&select_figures_in(true))
                    .bind(fiscal_year)
                    .bind(code.as_str())
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        rows.into_iter()
            .map(|row| {
                // One row that does not read (written by an older version,
                // say) leaves that LAO without figures, not the whole page.
                let figures = row.figures_json.as_deref().and_then(|json| {
                    read(json)
                        .map_err(|error| {
                            tracing::warn!(organization = %row.organization_id, %error,
                                "stored figures do not read");
                        })
                        .ok()
                });
                Ok((
                    Listed {
                        organization: Organization {
                            id: row.organization_id,
                            slug: row.slug,
                            name: row.name,
                        },
                        entry: row.entry.into_entry()?,
                    },
                    figures,
                ))
            })
            .collect()
    }

    async fn change_mark(&self, organization_id: &str) -> Result<String> {
        type Mark = (i64, i64, i64, i64, i64, i64, i64, i64, i64);
        let (
            audit,
            complaints,
            revisions,
            answers,
            reports,
            reviews,
            publications,
            plans,
            checkins,
        ): Mark = query_as(SELECT_CHANGE_MARK)
            .bind(organization_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(format!(
            "a{audit}-c{complaints}-r{revisions}-s{answers}-q{reports}-v{reviews}-p{publications}\
             -i{plans}-k{checkins}"
        ))
    }

    async fn general_complaint_counts(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        today: Date,
    ) -> Result<ComplaintCounts> {
        let (received, closed, on_time, overdue): (i64, i64, i64, i64) =
            query_as(SELECT_GENERAL_COUNTS)
                .bind(organization_id)
                .bind(fiscal_year.first_day())
                .bind(fiscal_year.last_day())
                .bind(today)
                .fetch_one(&self.pool)
                .await?;
        Ok(ComplaintCounts {
            received: count(received),
            closed: count(closed),
            closed_on_time: count(on_time),
            overdue: count(overdue),
        })
    }
}
