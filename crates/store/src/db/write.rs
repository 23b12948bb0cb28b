//! What every write needs, written once: ending the transaction (commit, or
//! roll back at once so a SQLite write lock is released before the caller
//! hears of the failure), checking (and on PostgreSQL locking) the
//! organisation, and appending to the audit log in the same transaction.

use super::{Lock, Tx, query, query_as};
use crate::{Result, StoreError};
use sujarit_core::refusal::Missing;

/// Commits on success; on failure rolls back at once.
pub(crate) async fn finish<T>(tx: Tx<'_>, outcome: Result<T>) -> Result<T> {
    match outcome {
        Ok(value) => {
            tx.commit().await?;
            Ok(value)
        }
        Err(error) => {
            if let Err(rollback) = tx.rollback().await {
                tracing::warn!(%rollback, "rollback after a failed write failed");
            }
            Err(error)
        }
    }
}

/// NotFound if there is no such organisation; with [`Lock::Organization`],
/// PostgreSQL also locks its row until the transaction ends.
pub(crate) async fn organization_exists(tx: &mut Tx<'_>, org: &str, lock: Lock) -> Result<()> {
    let sql = tx.dialect().organization(lock);
    let found: Option<(String,)> = query_as(sql).bind(org).fetch_optional(&mut *tx).await?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound(Missing::Organization(org.to_string()))),
    }
}

/// Appends to the audit log in the caller's transaction.
pub(crate) async fn audit(
    tx: &mut Tx<'_>,
    org: &str,
    actor: Option<&str>,
    action: &str,
    target: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<()> {
    let (id,): (i64,) = query_as(crate::accounts::sql::NEXT_AUDIT_ID)
        .bind(org)
        .fetch_one(&mut *tx)
        .await?;
    query(crate::accounts::sql::INSERT_AUDIT)
        .bind(org)
        .bind(id)
        .bind(super::now_for_storage())
        .bind(actor)
        .bind(action)
        .bind(target)
        .bind(before.map(|v| v.to_string()))
        .bind(after.map(|v| v.to_string()))
        .execute(&mut *tx)
        .await?;
    Ok(())
}
