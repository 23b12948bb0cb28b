//! [`RiskStore`] for both databases, written once over `db` (the SQL is in
//! `sql.rs`).

use super::sql::*;
use super::*;
use crate::db::{Lock, SqlStore, Tx, audit, finish, now_for_storage, organization_exists};
use crate::db::{query, query_as};
use crate::{Result, StoreError};
use sujarit_core::refusal::Missing;
use sujarit_core::validation::FieldError;

fn invalid(errors: Vec<FieldError>) -> Result<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

fn value<T: serde::Serialize>(value: &T) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn version_of(n: i64) -> Result<u32> {
    u32::try_from(n).map_err(|_| corrupt(format!("risk matrix version {n}")))
}

fn matrix_of(version: i64, definition: &str) -> Result<(u32, RiskMatrix)> {
    let matrix = serde_json::from_str(definition)
        .map_err(|e| corrupt(format!("risk matrix {version}: {e}")))?;
    Ok((version_of(version)?, matrix))
}

fn entry_of(row: EntryRow) -> Result<RiskEntry> {
    Ok(RiskEntry {
        input: serde_json::from_str(&row.definition)
            .map_err(|e| corrupt(format!("risk entry {}: {e}", row.entry_id)))?,
        matrix_version: version_of(row.matrix_version)?,
        id: row.entry_id,
    })
}

fn measure_of((id, definition): (String, String)) -> Result<Measure> {
    Ok(Measure {
        input: serde_json::from_str(&definition)
            .map_err(|e| corrupt(format!("measure {id}: {e}")))?,
        id,
    })
}

async fn current_matrix(tx: &mut Tx<'_>, org: &str) -> Result<(u32, RiskMatrix)> {
    let row: Option<(i64, String)> = query_as(SELECT_MATRIX)
        .bind(org)
        .fetch_optional(&mut *tx)
        .await?;
    match row {
        Some((version, definition)) => matrix_of(version, &definition),
        None => Ok((0, RiskMatrix::default_5x5())),
    }
}

async fn matrix_version(tx: &mut Tx<'_>, org: &str, version: u32) -> Result<RiskMatrix> {
    if version == 0 {
        return Ok(RiskMatrix::default_5x5());
    }
    let row: Option<(i64, String)> = query_as(SELECT_MATRIX_VERSION)
        .bind(org)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await?;
    let (version, definition) =
        row.ok_or_else(|| corrupt(format!("risk matrix {version} missing")))?;
    Ok(matrix_of(version, &definition)?.1)
}

async fn ids(tx: &mut Tx<'_>, sql: &str, org: &str) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = query_as(sql).bind(org).fetch_all(&mut *tx).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

async fn entry_in(tx: &mut Tx<'_>, org: &str, id: &str) -> Result<RiskEntry> {
    let row: Option<EntryRow> = query_as(SELECT_ENTRY)
        .bind(org)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    entry_of(row.ok_or_else(|| StoreError::NotFound(Missing::RiskEntry(id.to_string())))?)
}

async fn count(tx: &mut Tx<'_>, sql: &str, org: &str, year: u16) -> Result<i64> {
    let (n,): (i64,) = query_as(sql)
        .bind(org)
        .bind(year)
        .fetch_one(&mut *tx)
        .await?;
    Ok(n)
}

async fn insert_entry(
    tx: &mut Tx<'_>,
    org: &str,
    matrix_version: u32,
    input: &RiskEntryInput,
    from_plan: bool,
) -> Result<String> {
    let id = new_id();
    let (position,): (i64,) = query_as(NEXT_POSITION)
        .bind(org)
        .bind(input.fiscal_year)
        .fetch_one(&mut *tx)
        .await?;
    query(INSERT_ENTRY)
        .bind(org)
        .bind(&id)
        .bind(input.fiscal_year)
        .bind(position)
        .bind(matrix_version)
        .bind(json(input))
        .bind(i64::from(from_plan))
        .bind(now_for_storage())
        .execute(&mut *tx)
        .await?;
    Ok(id)
}

fn check_year(year: u16) -> Result<()> {
    if (2400..=2700).contains(&year) {
        Ok(())
    } else {
        invalid(vec![FieldError {
            field: "fiscal_year",
            message: "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก (2400–2700)".into(),
        }])
    }
}

#[async_trait]
impl RiskStore for SqlStore {
    async fn risk_matrix(&self, organization_id: &str) -> Result<(u32, RiskMatrix)> {
        let mut tx = self.begin_read().await?;
        let outcome = current_matrix(&mut tx, organization_id).await;
        finish(tx, outcome).await
    }

    async fn risk_matrix_version(
        &self,
        organization_id: &str,
        version: u32,
    ) -> Result<Option<RiskMatrix>> {
        if version == 0 {
            return Ok(Some(RiskMatrix::default_5x5()));
        }
        let row: Option<(i64, String)> = query_as(SELECT_MATRIX_VERSION)
            .bind(organization_id)
            .bind(version)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|(v, d)| matrix_of(v, &d).map(|(_, m)| m))
            .transpose()
    }

    async fn save_risk_matrix(
        &self,
        organization_id: &str,
        matrix: &RiskMatrix,
        actor: &str,
    ) -> Result<u32> {
        invalid(matrix.check())?;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let (current, _) = current_matrix(&mut tx, organization_id).await?;
            let version = current + 1;
            query(INSERT_MATRIX)
                .bind(organization_id)
                .bind(version)
                .bind(json(matrix))
                .bind(now_for_storage())
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_RISK_MATRIX,
                &version.to_string(),
                None,
                value(matrix),
            )
            .await?;
            Ok(version)
        }
        .await;
        finish(tx, outcome).await
    }

    async fn risk_entries(
        &self,
        organization_id: &str,
        fiscal_year: u16,
    ) -> Result<Vec<RiskEntry>> {
        let rows: Vec<EntryRow> = query_as(SELECT_ENTRIES)
            .bind(organization_id)
            .bind(fiscal_year)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(entry_of).collect()
    }

    async fn risk_entry(&self, organization_id: &str, id: &str) -> Result<Option<RiskEntry>> {
        let row: Option<EntryRow> = query_as(SELECT_ENTRY)
            .bind(organization_id)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(entry_of).transpose()
    }

    async fn save_risk_entry(
        &self,
        organization_id: &str,
        id: Option<&str>,
        input: &RiskEntryInput,
        item_codes: &[String],
        actor: &str,
    ) -> Result<RiskEntry> {
        check_year(input.fiscal_year)?;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let before = match id {
                Some(id) => Some(entry_in(&mut tx, organization_id, id).await?),
                None => None,
            };
            // Re-scored (or new): the current matrix; else the one it was
            // scored with, so a changed matrix never re-levels it.
            let version = match &before {
                Some(b)
                    if b.input.inherent == input.inherent && b.input.residual == input.residual =>
                {
                    b.matrix_version
                }
                _ => current_matrix(&mut tx, organization_id).await?.0,
            };
            let matrix = matrix_version(&mut tx, organization_id, version).await?;
            let measures = ids(&mut tx, SELECT_MEASURE_IDS, organization_id).await?;
            invalid(input.check(&matrix, item_codes, &measures))?;
            let id = match &before {
                Some(b) => {
                    query(UPDATE_ENTRY)
                        .bind(organization_id)
                        .bind(&b.id)
                        .bind(input.fiscal_year)
                        .bind(version)
                        .bind(json(input))
                        .bind(now_for_storage())
                        .execute(&mut tx)
                        .await?;
                    b.id.clone()
                }
                None => insert_entry(&mut tx, organization_id, version, input, false).await?,
            };
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                if before.is_some() {
                    AUDIT_RISK_UPDATED
                } else {
                    AUDIT_RISK_CREATED
                },
                &id,
                before.as_ref().and_then(|b| value(&b.input)),
                value(input),
            )
            .await?;
            Ok(RiskEntry {
                id,
                matrix_version: version,
                input: input.clone(),
            })
        }
        .await;
        finish(tx, outcome).await
    }

    async fn add_risk_monitoring(
        &self,
        organization_id: &str,
        id: &str,
        note: &MonitoringNote,
        actor: &str,
    ) -> Result<RiskEntry> {
        if note.note.trim().is_empty() || note.note.chars().count() > 4000 {
            return Err(StoreError::Invalid(vec![FieldError {
                field: "note",
                message: "กรุณาบันทึกผลการติดตาม (ไม่เกิน 4,000 ตัวอักษร)".into(),
            }]));
        }
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let mut entry = entry_in(&mut tx, organization_id, id).await?;
            entry.input.monitoring.retain(|n| n.round != note.round);
            entry.input.monitoring.push(note.clone());
            entry.input.monitoring.sort_by_key(|n| n.round.code().len());
            query(UPDATE_ENTRY)
                .bind(organization_id)
                .bind(id)
                .bind(entry.input.fiscal_year)
                .bind(entry.matrix_version)
                .bind(json(&entry.input))
                .bind(now_for_storage())
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_RISK_MONITORED,
                id,
                None,
                value(note),
            )
            .await?;
            Ok(entry)
        }
        .await;
        finish(tx, outcome).await
    }

    async fn create_risk_register(
        &self,
        organization_id: &str,
        fiscal_year: u16,
        entries: &[RiskEntryInput],
        actor: &str,
    ) -> Result<usize> {
        check_year(fiscal_year)?;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            if count(&mut tx, COUNT_FROM_PLAN, organization_id, fiscal_year).await? > 0 {
                return Ok(0);
            }
            for entry in entries {
                let entry = RiskEntryInput {
                    fiscal_year,
                    ..entry.clone()
                };
                insert_entry(&mut tx, organization_id, 0, &entry, true).await?;
            }
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_RISKS_FROM_PLAN,
                &fiscal_year.to_string(),
                None,
                Some(serde_json::json!({ "entries": entries.len() })),
            )
            .await?;
            Ok(entries.len())
        }
        .await;
        finish(tx, outcome).await
    }

    async fn copy_risk_register(
        &self,
        organization_id: &str,
        from_year: u16,
        actor: &str,
    ) -> Result<usize> {
        check_year(from_year)?;
        let to_year = from_year + 1;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            if count(&mut tx, COUNT_YEAR, organization_id, to_year).await? > 0 {
                return Err(StoreError::Invalid(vec![FieldError {
                    field: "year",
                    message: format!("ปีงบประมาณ {to_year} มีทะเบียนความเสี่ยงอยู่แล้ว จึงไม่คัดลอกทับ"),
                }]));
            }
            let rows: Vec<(String, i64, String, i64)> = query_as(
                "SELECT entry_id, matrix_version, definition, from_plan FROM risk_entries \
                 WHERE organization_id = $1 AND fiscal_year = $2 ORDER BY position, entry_id",
            )
            .bind(organization_id)
            .bind(from_year)
            .fetch_all(&mut tx)
            .await?;
            if rows.is_empty() {
                return Err(StoreError::Invalid(vec![FieldError {
                    field: "year",
                    message: format!("ปีงบประมาณ {from_year} ยังไม่มีทะเบียนความเสี่ยงให้คัดลอก"),
                }]));
            }
            for (entry_id, version, definition, from_plan) in &rows {
                let mut input: RiskEntryInput = serde_json::from_str(definition)
                    .map_err(|e| corrupt(format!("risk entry {entry_id}: {e}")))?;
                input.fiscal_year = to_year;
                input.monitoring.clear();
                // Measures belong to their year: last year's is kept as
                // text (flagged as unlinked) until one of the new year is
                // chosen, never a link to a measure the year does not list.
                for control in &mut input.controls {
                    if matches!(
                        control.target,
                        sujarit_core::integrity::risk::ControlTarget::Measure(_)
                    ) {
                        control.target = sujarit_core::integrity::risk::ControlTarget::Text;
                        control.confidence = None;
                    }
                }
                insert_entry(
                    &mut tx,
                    organization_id,
                    version_of(*version)?,
                    &input,
                    *from_plan == 1,
                )
                .await?;
            }
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_RISKS_COPIED,
                &to_year.to_string(),
                None,
                Some(serde_json::json!({ "from": from_year, "entries": rows.len() })),
            )
            .await?;
            Ok(rows.len())
        }
        .await;
        finish(tx, outcome).await
    }

    async fn measures(&self, organization_id: &str, fiscal_year: u16) -> Result<Vec<Measure>> {
        let rows: Vec<(String, String)> = query_as(SELECT_MEASURES)
            .bind(organization_id)
            .bind(fiscal_year)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(measure_of).collect()
    }

    async fn measure(&self, organization_id: &str, id: &str) -> Result<Option<Measure>> {
        let row: Option<(String, String)> = query_as(SELECT_MEASURE)
            .bind(organization_id)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(measure_of).transpose()
    }

    async fn save_measure(
        &self,
        organization_id: &str,
        id: Option<&str>,
        input: &MeasureInput,
        actor: &str,
    ) -> Result<Measure> {
        check_year(input.fiscal_year)?;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let before = match id {
                Some(id) => {
                    let row: Option<(String, String)> = query_as(SELECT_MEASURE)
                        .bind(organization_id)
                        .bind(id)
                        .fetch_optional(&mut tx)
                        .await?;
                    Some(measure_of(row.ok_or_else(|| {
                        StoreError::NotFound(Missing::Measure(id.to_string()))
                    })?)?)
                }
                None => None,
            };
            let risks = ids(&mut tx, SELECT_ENTRY_IDS, organization_id).await?;
            invalid(input.check(&risks))?;
            let id = match &before {
                Some(b) => {
                    query(UPDATE_MEASURE)
                        .bind(organization_id)
                        .bind(&b.id)
                        .bind(input.fiscal_year)
                        .bind(json(input))
                        .bind(now_for_storage())
                        .execute(&mut tx)
                        .await?;
                    b.id.clone()
                }
                None => {
                    let id = new_id();
                    query(INSERT_MEASURE)
                        .bind(organization_id)
                        .bind(&id)
                        .bind(input.fiscal_year)
                        .bind(json(input))
                        .bind(now_for_storage())
                        .execute(&mut tx)
                        .await?;
                    id
                }
            };
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                if before.is_some() {
                    AUDIT_MEASURE_UPDATED
                } else {
                    AUDIT_MEASURE_CREATED
                },
                &id,
                before.as_ref().and_then(|b| value(&b.input)),
                value(input),
            )
            .await?;
            Ok(Measure {
                id,
                input: input.clone(),
            })
        }
        .await;
        finish(tx, outcome).await
    }
}
