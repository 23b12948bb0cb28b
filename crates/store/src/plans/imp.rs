//! [`PlanStore`], written once for both databases.
//!
//! An import locks its organisation (PostgreSQL: its row `FOR UPDATE`;
//! SQLite: the write lock), so two concurrent imports for one organisation
//! take turns choosing the next version number and checking for a duplicate
//! document, while imports for different organisations run in parallel.

use super::sql::{self, NewPlan, OrganizationRow, PlanVersionRow, fetch_plan_rows};
use super::{ImportSource, PlanStore, PlanVersion, SaveOutcome};
use crate::db::{
    Lock, SqlStore, Tx, finish, now_for_storage, organization_exists, query, query_as,
};
use crate::{Organization, Result};
use async_trait::async_trait;
use sujarit_core::PlanReport;

/// Reads a plan version: the head row `select_version` finds (by
/// organisation, and by `plan_id` if given) and, unless cached, all its rows.
async fn read_plan(
    db: &SqlStore,
    organization_id: &str,
    select_version: &str,
    plan_id: Option<&str>,
) -> Result<Option<(PlanVersion, PlanReport)>> {
    let head_query = || {
        let query = query_as::<PlanVersionRow>(select_version).bind(organization_id);
        match plan_id {
            Some(plan_id) => query.bind(plan_id),
            None => query,
        }
    };
    // The head row alone says which stored version applies; a cached one
    // needs nothing more (stored versions never change).
    let Some(head) = head_query().fetch_optional(&db.pool).await? else {
        return Ok(None);
    };
    if let Some(report) = db.plan_cache.get(organization_id, head.plan_id()) {
        return Ok(Some((head.to_version()?, report)));
    }
    // Not cached: the head again with all its rows, in one snapshot (a
    // new import may have become current meanwhile).
    let mut tx = db.begin_read().await?;
    let Some(head) = head_query().fetch_optional(&mut tx).await? else {
        return Ok(None);
    };
    let rows = fetch_plan_rows(&mut tx, organization_id, head.plan_id()).await?;
    tx.commit().await?;
    let report = sql::assemble_report(&head, rows)?;
    db.plan_cache.put(organization_id, head.plan_id(), &report);
    Ok(Some((head.to_version()?, report)))
}

/// The body of [`PlanStore::save_plan_import`], inside the caller's transaction.
async fn save_import(
    tx: &mut Tx<'_>,
    organization_id: &str,
    report: &PlanReport,
    source: &ImportSource,
) -> Result<SaveOutcome> {
    organization_exists(tx, organization_id, Lock::Organization).await?;
    let existing: Option<PlanVersionRow> = query_as(sql::SELECT_PLAN_VERSION_BY_SHA256)
        .bind(organization_id)
        .bind(&source.sha256)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(existing) = existing {
        return Ok(SaveOutcome::AlreadyImported(existing.to_version()?));
    }
    let (version,): (i64,) = query_as(sql::SELECT_NEXT_VERSION)
        .bind(organization_id)
        .fetch_one(&mut *tx)
        .await?;
    query(sql::UNMARK_CURRENT_PLAN)
        .bind(organization_id)
        .execute(&mut *tx)
        .await?;
    let plan_id = uuid::Uuid::new_v4().to_string();
    let new = NewPlan {
        organization_id,
        plan_id: &plan_id,
        version,
        source,
        imported_at: now_for_storage(),
        report,
    };
    for statement in sql::plan_statements(&new) {
        crate::db::Query::from(statement).execute(&mut *tx).await?;
    }
    let saved: PlanVersionRow = query_as(sql::SELECT_PLAN_VERSION_BY_ID)
        .bind(organization_id)
        .bind(&plan_id)
        .fetch_one(&mut *tx)
        .await?;
    Ok(SaveOutcome::Saved(saved.to_version()?))
}

/// The body of [`PlanStore::ensure_organization`].
async fn ensure(tx: &mut Tx<'_>, slug: &str, name: &str) -> Result<Organization> {
    query(sql::INSERT_ORGANIZATION_IF_NEW)
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(slug)
        .bind(name)
        .bind(now_for_storage())
        .execute(&mut *tx)
        .await?;
    let row: OrganizationRow = query_as(sql::SELECT_ORGANIZATION_BY_SLUG)
        .bind(slug)
        .fetch_one(&mut *tx)
        .await?;
    Ok(row.into())
}

#[async_trait]
impl PlanStore for SqlStore {
    async fn migrate(&self) -> Result<()> {
        self.migrate().await
    }

    async fn ensure_organization(&self, slug: &str, name: &str) -> Result<Organization> {
        let mut tx = self.begin_write().await?;
        let outcome = ensure(&mut tx, slug, name).await;
        finish(tx, outcome).await
    }

    async fn organization_by_slug(&self, slug: &str) -> Result<Option<Organization>> {
        let row: Option<OrganizationRow> = query_as(sql::SELECT_ORGANIZATION_BY_SLUG)
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(Organization::from))
    }

    async fn organizations(&self) -> Result<Vec<Organization>> {
        let rows: Vec<OrganizationRow> = query_as(sql::SELECT_ORGANIZATIONS)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(Organization::from).collect())
    }

    async fn referenced_files(&self) -> Result<std::collections::BTreeSet<String>> {
        let mut referenced = std::collections::BTreeSet::new();
        for statement in sql::SELECT_REFERENCED_FILES {
            let rows: Vec<(String,)> = query_as(statement).fetch_all(&self.pool).await?;
            referenced.extend(
                rows.into_iter()
                    .map(|(sha256,)| sha256.to_ascii_lowercase()),
            );
        }
        Ok(referenced)
    }

    async fn save_plan_import(
        &self,
        organization_id: &str,
        report: &PlanReport,
        source: &ImportSource,
    ) -> Result<SaveOutcome> {
        let mut tx = self.begin_write().await?;
        match save_import(&mut tx, organization_id, report, source).await {
            // Nothing was written: end the transaction without a commit.
            Ok(outcome @ SaveOutcome::AlreadyImported(_)) => {
                tx.rollback().await?;
                Ok(outcome)
            }
            outcome => finish(tx, outcome).await,
        }
    }

    async fn plan_versions(&self, organization_id: &str) -> Result<Vec<PlanVersion>> {
        let rows: Vec<PlanVersionRow> = query_as(sql::SELECT_PLAN_VERSIONS)
            .bind(organization_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(PlanVersionRow::to_version).collect()
    }

    async fn current_plan(
        &self,
        organization_id: &str,
    ) -> Result<Option<(PlanVersion, PlanReport)>> {
        read_plan(
            self,
            organization_id,
            sql::SELECT_CURRENT_PLAN_VERSION,
            None,
        )
        .await
    }

    async fn plan_version(
        &self,
        organization_id: &str,
        plan_id: &str,
    ) -> Result<Option<(PlanVersion, PlanReport)>> {
        read_plan(
            self,
            organization_id,
            sql::SELECT_PLAN_VERSION_BY_ID,
            Some(plan_id),
        )
        .await
    }
}
