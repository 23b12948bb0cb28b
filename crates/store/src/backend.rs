//! What every storage module's backend needs inside its write transactions,
//! written once: expanded in each module (after its `type Conn`), because
//! the modules are themselves expanded once per database.

/// Defines, in the calling module:
///
/// * `finish(tx, outcome)`: commits on success; on failure rolls back at
///   once, so a SQLite write lock is released before the caller hears of it;
/// * `organization_exists(conn, sql, org)`: runs `sql` (a plain select, or
///   one that also locks the organisation's row) and says NotFound if there
///   is no such organisation;
/// * `audit(conn, org, actor, action, target, before, after)`: appends to the
///   audit log in the caller's transaction.
macro_rules! backend_helpers {
    ($db:ty) => {
        #[allow(dead_code)]
        async fn finish<T>(tx: sqlx::Transaction<'_, $db>, outcome: Result<T>) -> Result<T> {
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

        async fn organization_exists(conn: &mut Conn, sql: &str, org: &str) -> Result<()> {
            let found: Option<(String,)> = sqlx::query_as(sql)
                .bind(org)
                .fetch_optional(&mut *conn)
                .await?;
            match found {
                Some(_) => Ok(()),
                None => Err(crate::StoreError::NotFound(format!("องค์กร {org}"))),
            }
        }

        async fn audit(
            conn: &mut Conn,
            org: &str,
            actor: Option<&str>,
            action: &str,
            target: &str,
            before: Option<serde_json::Value>,
            after: Option<serde_json::Value>,
        ) -> Result<()> {
            let (id,): (i64,) = sqlx::query_as(crate::accounts::sql::NEXT_AUDIT_ID)
                .bind(org)
                .fetch_one(&mut *conn)
                .await?;
            sqlx::query(crate::accounts::sql::INSERT_AUDIT)
                .bind(org)
                .bind(id)
                .bind(crate::shared::now_for_storage())
                .bind(actor)
                .bind(action)
                .bind(target)
                .bind(before.map(|v| v.to_string()))
                .bind(after.map(|v| v.to_string()))
                .execute(&mut *conn)
                .await?;
            Ok(())
        }
    };
}
