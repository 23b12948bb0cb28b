//! [`InternalAuditStore`] for both databases, written once over `db`.

use super::InternalAuditStore;
use super::sql::*;
use crate::db::{
    Lock, SqlStore, Tx, audit, finish, now_for_storage, organization_exists, query, query_as,
};
use crate::{Result, StoreError};
use async_trait::async_trait;
use sujarit_core::integrity::audit::{AuditChange, AuditRefusal, AuditYear};
use sujarit_core::refusal::Missing;

/// The year as stored with its revision, or None.
async fn read_year(tx: &mut Tx<'_>, org: &str, year: u16) -> Result<Option<(AuditYear, i64)>> {
    let row: Option<(String, i64)> = query_as(SELECT_YEAR)
        .bind(org)
        .bind(i64::from(year))
        .fetch_optional(&mut *tx)
        .await?;
    row.map(|(document, revision)| {
        serde_json::from_str(&document)
            .map(|year| (year, revision))
            .map_err(|e| StoreError::Corrupt(format!("internal audit {year}: {e}")))
    })
    .transpose()
}

/// The engagement's unit and auditor belong to the organisation.
async fn check_references(tx: &mut Tx<'_>, org: &str, change: &AuditChange) -> Result<()> {
    let Some(input) = change.engagement_input() else {
        return Ok(());
    };
    let unit: Option<(String,)> = query_as(UNIT_EXISTS)
        .bind(org)
        .bind(&input.unit_id)
        .fetch_optional(&mut *tx)
        .await?;
    if unit.is_none() {
        return Err(StoreError::NotFound(Missing::Unit(input.unit_id.clone())));
    }
    let user: Option<(String,)> = query_as(USER_EXISTS)
        .bind(org)
        .bind(&input.auditor_id)
        .fetch_optional(&mut *tx)
        .await?;
    if user.is_none() {
        return Err(StoreError::NotFound(Missing::User(
            input.auditor_id.clone(),
        )));
    }
    Ok(())
}

/// What the audit-log entry names: the year and the record changed.
fn target(year: u16, change: &AuditChange) -> String {
    let record = match change {
        AuditChange::AddEngagement { id, .. } => Some(id.as_str()),
        AuditChange::AddFinding { id, .. } => Some(id.as_str()),
        AuditChange::AddFollowUp { finding, .. } => Some(finding.as_str()),
        other => other.engagement(),
    };
    match record {
        Some(id) => format!("internal_audit/{year}/{id}"),
        None => format!("internal_audit/{year}"),
    }
}

/// A short, name-free description of the change for the audit log.
fn described(change: &AuditChange) -> serde_json::Value {
    match change {
        AuditChange::SavePlan(plan) => serde_json::json!({
            "approved_by": plan.approved_by,
            "approved_on": plan.approved_on.map(|d| d.to_string()),
        }),
        AuditChange::AddEngagement { input, .. } | AuditChange::UpdateEngagement { input, .. } => {
            serde_json::json!({
                "unit": input.unit_id,
                "area": input.area.as_str(),
                "auditor": input.auditor_id,
                "from": input.period_from.to_string(),
                "to": input.period_to.to_string(),
            })
        }
        AuditChange::DeclareIndependence { declared_on, .. } => {
            serde_json::json!({ "declared_on": declared_on.to_string() })
        }
        AuditChange::SetStatus { status, .. } => serde_json::json!({ "status": status.as_str() }),
        AuditChange::AddFinding {
            engagement, input, ..
        } => serde_json::json!({
            "engagement": engagement,
            "public_in_full": input.public_in_full,
        }),
        AuditChange::AddFollowUp { input, .. } => serde_json::json!({
            "date": input.date.to_string(),
            "status": input.status.as_str(),
        }),
        AuditChange::SetPublished(published) => serde_json::json!({ "published": published }),
    }
}

#[async_trait]
impl InternalAuditStore for SqlStore {
    async fn internal_audit(
        &self,
        organization_id: &str,
        fiscal_year: u16,
    ) -> Result<Option<AuditYear>> {
        let mut tx = self.begin_read().await?;
        let outcome = read_year(&mut tx, organization_id, fiscal_year)
            .await
            .map(|found| found.map(|(year, _)| year));
        finish(tx, outcome).await
    }

    async fn change_internal_audit(
        &self,
        organization_id: &str,
        fiscal_year: u16,
        change: &AuditChange,
        actor: &str,
    ) -> Result<AuditYear> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let found = read_year(&mut tx, organization_id, fiscal_year).await?;
            let (mut year, revision) = match found {
                Some((year, revision)) => (year, Some(revision)),
                None => (AuditYear::new(fiscal_year), None),
            };
            check_references(&mut tx, organization_id, change).await?;
            year.apply(change, actor).map_err(|refusal| match refusal {
                AuditRefusal::Invalid(errors) => StoreError::Invalid(errors),
                AuditRefusal::Unknown(id) => StoreError::NotFound(Missing::AuditRecord(id)),
            })?;
            let document = serde_json::to_string(&year)
                .map_err(|e| StoreError::Corrupt(format!("internal audit {fiscal_year}: {e}")))?;
            let now = now_for_storage();
            match revision {
                None => {
                    query(INSERT_YEAR)
                        .bind(organization_id)
                        .bind(i64::from(fiscal_year))
                        .bind(document)
                        .bind(year.published)
                        .bind(actor)
                        .bind(now)
                        .execute(&mut tx)
                        .await?;
                }
                Some(revision) => {
                    let done = query(UPDATE_YEAR)
                        .bind(organization_id)
                        .bind(i64::from(fiscal_year))
                        .bind(document)
                        .bind(year.published)
                        .bind(actor)
                        .bind(now)
                        .bind(revision)
                        .execute(&mut tx)
                        .await?
                        .rows_affected();
                    if done == 0 {
                        return Err(StoreError::Stale {
                            current_revision: revision,
                        });
                    }
                }
            }
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                change.action(),
                &target(fiscal_year, change),
                None,
                Some(described(change)),
            )
            .await?;
            Ok(year)
        }
        .await;
        finish(tx, outcome).await
    }

    async fn internal_audit_published(
        &self,
        organization_id: &str,
        fiscal_year: u16,
    ) -> Result<bool> {
        let mut tx = self.begin_read().await?;
        let outcome = async {
            let row: Option<(bool,)> = query_as(SELECT_PUBLISHED)
                .bind(organization_id)
                .bind(i64::from(fiscal_year))
                .fetch_optional(&mut tx)
                .await?;
            Ok(row.is_some_and(|(published,)| published))
        }
        .await;
        finish(tx, outcome).await
    }
}
