//! [`InternalControlStore`] for both databases, written once over `db` (the
//! SQL is in `sql.rs`).

use super::sql::*;
use super::{
    AUDIT_CONTROL_DEADLINE, AUDIT_CONTROL_FORM, AUDIT_CONTROL_IMPROVEMENT, AUDIT_CONTROL_ROW,
    AUDIT_CONTROL_ROW_REMOVED, InternalControlStore,
};
use crate::db::{
    Lock, SqlStore, Tx, audit, finish, now_for_storage, organization_exists, query, query_as,
};
use crate::{Result, StoreError};
use async_trait::async_trait;
use sujarit_core::FiscalYear;
use sujarit_core::integrity::control::{
    Components, ControlForm, ControlRow, ControlRowInput, ControlYear, DEFAULT_DEADLINE_DAYS,
    Improvement, ImprovementStatus, check_certification, check_deadline_days,
};
use sujarit_core::refusal::Missing;
use sujarit_core::validation::FieldError;
use time::Date;

fn invalid(errors: Vec<FieldError>) -> Result<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| corrupt(format!("internal control {what}: {e}")))
}

fn form_json(form: &ControlForm) -> String {
    match form {
        ControlForm::Committee(c) => json(c),
        ControlForm::Components(c) => json(c),
        ControlForm::Review(r) => json(r),
        ControlForm::Certification(c) => json(c),
        ControlForm::Submission(s) => json(s),
    }
}

fn row_of(r: RowRow) -> Result<ControlRow> {
    let status = ImprovementStatus::parse(&r.status)
        .ok_or_else(|| corrupt(format!("improvement status {}", r.status)))?;
    Ok(ControlRow {
        input: parse(&format!("row {}", r.row_id), &r.content)?,
        id: r.row_id,
        improvement: Improvement {
            status,
            done_on: r.done_on,
            evidence: r.evidence,
        },
    })
}

async fn rows_in(tx: &mut Tx<'_>, org: &str, year: FiscalYear) -> Result<Vec<ControlRow>> {
    let rows: Vec<RowRow> = query_as(SELECT_ROWS)
        .bind(org)
        .bind(year.be())
        .fetch_all(&mut *tx)
        .await?;
    rows.into_iter().map(row_of).collect()
}

async fn deadline_days_in(tx: &mut Tx<'_>, org: &str) -> Result<u16> {
    let found: Option<(i64,)> = query_as(SELECT_DEADLINE)
        .bind(org)
        .fetch_optional(&mut *tx)
        .await?;
    match found {
        Some((days,)) => u16::try_from(days).map_err(|_| corrupt(format!("deadline {days}"))),
        None => Ok(DEFAULT_DEADLINE_DAYS),
    }
}

async fn year_in(tx: &mut Tx<'_>, org: &str, year: FiscalYear) -> Result<ControlYear> {
    let mut found = ControlYear::empty(year, deadline_days_in(tx, org).await?);
    let forms: Vec<(String, String)> = query_as(SELECT_FORMS)
        .bind(org)
        .bind(year.be())
        .fetch_all(&mut *tx)
        .await?;
    for (form, content) in forms {
        match form.as_str() {
            "committee" => found.committee = Some(parse(&form, &content)?),
            "pk4" => found.components = Some(parse(&form, &content)?),
            "pk6" => found.review = Some(parse(&form, &content)?),
            "pk1" => found.certification = Some(parse(&form, &content)?),
            "submission" => found.submission = Some(parse(&form, &content)?),
            other => return Err(corrupt(format!("internal control form {other}"))),
        }
    }
    found.rows = rows_in(tx, org, year).await?;
    Ok(found)
}

async fn existing_row(tx: &mut Tx<'_>, org: &str, id: &str) -> Result<ControlRow> {
    let row: Option<RowRow> = query_as(SELECT_ROW)
        .bind(org)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    match row {
        Some(row) => row_of(row),
        None => Err(StoreError::NotFound(Missing::ControlRow(id.to_string()))),
    }
}

#[async_trait]
impl InternalControlStore for SqlStore {
    async fn internal_control(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
    ) -> Result<ControlYear> {
        let mut tx = self.begin_read().await?;
        let found = year_in(&mut tx, organization_id, fiscal_year).await?;
        tx.commit().await?;
        Ok(found)
    }

    async fn internal_control_certified(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
    ) -> Result<bool> {
        let mut tx = self.begin_read().await?;
        let (count,): (i64,) = query_as(SELECT_CERTIFIED)
            .bind(organization_id)
            .bind(fiscal_year.be())
            .fetch_one(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(count > 0)
    }

    async fn save_control_form(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        form: &ControlForm,
        actor: &str,
    ) -> Result<()> {
        invalid(form.validate())?;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            if let ControlForm::Certification(certification) = form {
                let components: Option<(String,)> = query_as(SELECT_FORM_CONTENT)
                    .bind(organization_id)
                    .bind(fiscal_year.be())
                    .bind("pk4")
                    .fetch_optional(&mut tx)
                    .await?;
                let components: Option<Components> = match components {
                    Some((text,)) => Some(parse("pk4", &text)?),
                    None => None,
                };
                let rows = rows_in(&mut tx, organization_id, fiscal_year).await?;
                invalid(check_certification(
                    certification,
                    components.as_ref(),
                    &rows,
                ))?;
            }
            let content = form_json(form);
            query(UPSERT_FORM)
                .bind(organization_id)
                .bind(fiscal_year.be())
                .bind(form.key())
                .bind(content.as_str())
                .bind(actor)
                .bind(now_for_storage())
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_CONTROL_FORM,
                &format!("{}:{}", fiscal_year.be(), form.key()),
                None,
                serde_json::from_str(&content).ok(),
            )
            .await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn save_control_row(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        id: Option<&str>,
        input: &ControlRowInput,
        actor: &str,
    ) -> Result<String> {
        invalid(input.validate())?;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let now = now_for_storage();
            let id = match id {
                Some(id) => {
                    existing_row(&mut tx, organization_id, id).await?;
                    query(UPDATE_ROW)
                        .bind(organization_id)
                        .bind(id)
                        .bind(json(input))
                        .bind(actor)
                        .bind(now)
                        .execute(&mut tx)
                        .await?;
                    id.to_string()
                }
                None => {
                    let id = uuid::Uuid::new_v4().to_string();
                    let (position,): (i64,) = query_as(NEXT_POSITION)
                        .bind(organization_id)
                        .bind(fiscal_year.be())
                        .fetch_one(&mut tx)
                        .await?;
                    query(INSERT_ROW)
                        .bind(organization_id)
                        .bind(id.as_str())
                        .bind(fiscal_year.be())
                        .bind(position)
                        .bind(json(input))
                        .bind(actor)
                        .bind(now)
                        .execute(&mut tx)
                        .await?;
                    id
                }
            };
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_CONTROL_ROW,
                &id,
                None,
                Some(serde_json::json!({ "fiscal_year": fiscal_year.be(), "row": input })),
            )
            .await?;
            Ok(id)
        }
        .await;
        finish(tx, outcome).await
    }

    async fn remove_control_row(&self, organization_id: &str, id: &str, actor: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let before = existing_row(&mut tx, organization_id, id).await?;
            query(DELETE_ROW)
                .bind(organization_id)
                .bind(id)
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_CONTROL_ROW_REMOVED,
                id,
                Some(serde_json::json!({ "row": before.input })),
                None,
            )
            .await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn save_control_improvement(
        &self,
        organization_id: &str,
        id: &str,
        improvement: &Improvement,
        today: Date,
        actor: &str,
    ) -> Result<()> {
        invalid(improvement.validate(today))?;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let before = existing_row(&mut tx, organization_id, id).await?;
            query(UPDATE_IMPROVEMENT)
                .bind(organization_id)
                .bind(id)
                .bind(improvement.status.code())
                .bind(improvement.done_on)
                .bind(improvement.evidence.trim())
                .bind(actor)
                .bind(now_for_storage())
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_CONTROL_IMPROVEMENT,
                id,
                Some(serde_json::json!({ "status": before.improvement.status.code() })),
                Some(serde_json::json!({
                    "status": improvement.status.code(),
                    "done_on": improvement.done_on.map(|d| d.to_string()),
                })),
            )
            .await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn set_control_deadline_days(
        &self,
        organization_id: &str,
        days: u16,
        actor: &str,
    ) -> Result<()> {
        invalid(check_deadline_days(days))?;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let before = deadline_days_in(&mut tx, organization_id).await?;
            query(UPSERT_DEADLINE)
                .bind(organization_id)
                .bind(days)
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_CONTROL_DEADLINE,
                organization_id,
                Some(serde_json::json!({ "deadline_days": before })),
                Some(serde_json::json!({ "deadline_days": days })),
            )
            .await
        }
        .await;
        finish(tx, outcome).await
    }
}
