//! The PostgreSQL backend, for a national deployment with many organisations.
//!
//! Same schema and SQL as SQLite (see `shared.rs`); what differs is locking:
//! an import locks its organisation's row (`SELECT … FOR UPDATE`), so two
//! concurrent imports for one organisation take turns choosing the next
//! version number and checking for a duplicate document, while imports for
//! different organisations run in parallel.

use crate::pool::PoolHygiene;
use crate::shared::{
    self, NewPlan, OrganizationRow, PlanRows, PlanVersionRow, bind_args, fetch_plan_rows,
};
use crate::{ImportSource, Organization, PlanStore, PlanVersion, Result, SaveOutcome, StoreError};
use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool};
use sqlx::{Postgres, Transaction};
use std::time::Duration;
use sujarit_core::PlanReport;

/// Connections per application instance; PostgreSQL's default limit is 100.
const MAX_CONNECTIONS: u32 = 10;

/// How long a request waits for a free connection before failing.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// How a write transaction starts (rows are locked `FOR UPDATE` where needed).
pub(crate) const WRITE: &str = "BEGIN";

/// How a read transaction starts: one read-only snapshot for all its statements.
pub(crate) const READ: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/// Locks the organisation for the rest of the import transaction.
const LOCK_ORGANIZATION: &str =
    "SELECT organization_id FROM organizations WHERE organization_id = $1 FOR UPDATE";

/// A [`Store`] in a PostgreSQL database.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    /// Plans already read, by plan id (versions never change once saved).
    plan_cache: std::sync::Arc<shared::PlanCache>,
    pub(crate) pool: PgPool,
    pub(crate) hygiene: std::sync::Arc<PoolHygiene>,
}

impl PostgresStore {
    /// Connects to the database `options` describe.
    pub async fn connect_with(options: PgConnectOptions) -> Result<Self> {
        let hygiene = std::sync::Arc::new(PoolHygiene::default());
        let pool = hygiene
            .postgres_pool()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await?;
        Ok(PostgresStore {
            pool,
            hygiene,
            plan_cache: Default::default(),
        })
    }

    /// Connections closed so far because they came back to the pool inside
    /// a transaction (see `pool.rs`).
    pub fn discarded_connections(&self) -> u64 {
        self.hygiene.discarded()
    }

    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Postgres>> {
        Ok(self.hygiene.begin(&self.pool, WRITE).await?)
    }

    pub(crate) async fn begin_read(&self) -> Result<Transaction<'static, Postgres>> {
        Ok(self.hygiene.begin(&self.pool, READ).await?)
    }

    async fn read_plan(
        &self,
        organization_id: &str,
        select_version: &str,
        plan_id: Option<&str>,
    ) -> Result<Option<(PlanVersion, PlanReport)>> {
        let head_query = || {
            let query = sqlx::query_as::<_, PlanVersionRow>(select_version).bind(organization_id);
            match plan_id {
                Some(plan_id) => query.bind(plan_id),
                None => query,
            }
        };
        // The head row alone says which stored version applies; a cached one
        // needs nothing more (stored versions never change).
        let Some(head) = head_query().fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        if let Some(report) = self.plan_cache.get(organization_id, head.plan_id()) {
            return Ok(Some((head.to_version()?, report)));
        }
        // Not cached: the head again with all its rows, in one snapshot (a
        // new import may have become current meanwhile).
        let mut tx = self.begin_read().await?;
        let Some(head) = head_query().fetch_optional(&mut *tx).await? else {
            return Ok(None);
        };
        let rows: PlanRows = fetch_plan_rows!(tx, organization_id, head.plan_id());
        tx.commit().await?;
        let report = shared::assemble_report(&head, rows)?;
        self.plan_cache
            .put(organization_id, head.plan_id(), &report);
        Ok(Some((head.to_version()?, report)))
    }
}

/// The body of [`Store::save_plan_import`], inside the caller's transaction.
async fn save_import(
    conn: &mut PgConnection,
    organization_id: &str,
    report: &PlanReport,
    source: &ImportSource,
) -> Result<SaveOutcome> {
    let organization: Option<(String,)> = sqlx::query_as(LOCK_ORGANIZATION)
        .bind(organization_id)
        .fetch_optional(&mut *conn)
        .await?;
    if organization.is_none() {
        return Err(StoreError::NotFound(format!("องค์กร {organization_id}")));
    }
    let existing: Option<PlanVersionRow> = sqlx::query_as(shared::SELECT_PLAN_VERSION_BY_SHA256)
        .bind(organization_id)
        .bind(&source.sha256)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(existing) = existing {
        return Ok(SaveOutcome::AlreadyImported(existing.to_version()?));
    }
    let (version,): (i64,) = sqlx::query_as(shared::SELECT_NEXT_VERSION)
        .bind(organization_id)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query(shared::UNMARK_CURRENT_PLAN)
        .bind(organization_id)
        .execute(&mut *conn)
        .await?;
    let plan_id = uuid::Uuid::new_v4().to_string();
    let new = NewPlan {
        organization_id,
        plan_id: &plan_id,
        version,
        source,
        imported_at: shared::now_for_storage(),
        report,
    };
    for statement in shared::plan_statements(&new) {
        bind_args!(sqlx::query(statement.sql), statement.args)
            .execute(&mut *conn)
            .await?;
    }
    let saved: PlanVersionRow = sqlx::query_as(shared::SELECT_PLAN_VERSION_BY_ID)
        .bind(organization_id)
        .bind(&plan_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(SaveOutcome::Saved(saved.to_version()?))
}

#[async_trait]
impl PlanStore for PostgresStore {
    async fn migrate(&self) -> Result<()> {
        sqlx::migrate!("./migrations/postgres")
            .run(&self.pool)
            .await?;
        Ok(())
    }

    async fn ensure_organization(&self, slug: &str, name: &str) -> Result<Organization> {
        let mut tx = self.begin_write().await?;
        sqlx::query(shared::INSERT_ORGANIZATION_IF_NEW)
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(slug)
            .bind(name)
            .bind(shared::now_for_storage())
            .execute(&mut *tx)
            .await?;
        let row: OrganizationRow = sqlx::query_as(shared::SELECT_ORGANIZATION_BY_SLUG)
            .bind(slug)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(row.into())
    }

    async fn organization_by_slug(&self, slug: &str) -> Result<Option<Organization>> {
        let row: Option<OrganizationRow> = sqlx::query_as(shared::SELECT_ORGANIZATION_BY_SLUG)
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(Organization::from))
    }

    async fn organizations(&self) -> Result<Vec<Organization>> {
        let rows: Vec<OrganizationRow> = sqlx::query_as(shared::SELECT_ORGANIZATIONS)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(Organization::from).collect())
    }

    async fn save_plan_import(
        &self,
        organization_id: &str,
        report: &PlanReport,
        source: &ImportSource,
    ) -> Result<SaveOutcome> {
        let mut tx = self.begin_write().await?;
        match save_import(&mut tx, organization_id, report, source).await {
            Ok(outcome @ SaveOutcome::Saved(_)) => {
                tx.commit().await?;
                Ok(outcome)
            }
            Ok(outcome @ SaveOutcome::AlreadyImported(_)) => {
                tx.rollback().await?;
                Ok(outcome)
            }
            Err(error) => {
                // Roll back now rather than on drop, so the organisation's
                // lock is released before the caller hears of the failure.
                if let Err(rollback) = tx.rollback().await {
                    tracing::warn!(%rollback, "rollback after a failed import failed");
                }
                Err(error)
            }
        }
    }

    async fn plan_versions(&self, organization_id: &str) -> Result<Vec<PlanVersion>> {
        let rows: Vec<PlanVersionRow> = sqlx::query_as(shared::SELECT_PLAN_VERSIONS)
            .bind(organization_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(PlanVersionRow::to_version).collect()
    }

    async fn current_plan(
        &self,
        organization_id: &str,
    ) -> Result<Option<(PlanVersion, PlanReport)>> {
        self.read_plan(organization_id, shared::SELECT_CURRENT_PLAN_VERSION, None)
            .await
    }

    async fn plan_version(
        &self,
        organization_id: &str,
        plan_id: &str,
    ) -> Result<Option<(PlanVersion, PlanReport)>> {
        self.read_plan(
            organization_id,
            shared::SELECT_PLAN_VERSION_BY_ID,
            Some(plan_id),
        )
        .await
    }
}
