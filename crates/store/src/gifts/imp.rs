//! [`GiftStore`] for both databases, written once over `db`.

use super::sql::*;
use super::{
    AUDIT_GIFT_DECIDED, AUDIT_GIFT_DECLARED, AUDIT_GIFT_NIL_RETURN, AUDIT_GIFT_SETTING,
    AUDIT_UNIT_HEAD, GiftScope, GiftStore,
};
use crate::db::{
    Lock, SqlStore, Tx, audit, finish, now_for_storage, organization_exists, query, query_as,
};
use crate::{Result, StoreError};
use async_trait::async_trait;
use serde_json::json;
use sujarit_core::account::Role;
use sujarit_core::integrity::gift::{
    DEFAULT_PERMITTED_VALUE, GiftDeclaration, GiftInput, GiftReview, NilReturn, Round,
    check_permitted_value,
};
use sujarit_core::refusal::Missing;
use sujarit_core::validation::FieldError;
use sujarit_core::{Baht, FiscalYear};
use time::Date;

fn refused(field: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid(vec![FieldError {
        field,
        message: message.into(),
    }])
}

async fn permitted_in(tx: &mut Tx<'_>, org: &str) -> Result<Baht> {
    let found: Option<(i64,)> = query_as(SELECT_SETTING)
        .bind(org)
        .fetch_optional(&mut *tx)
        .await?;
    Ok(found.map_or(DEFAULT_PERMITTED_VALUE, |(v,)| Baht::from_satang(v)))
}

/// The user's unit, role and whether active; a missing user is NotFound.
async fn user_in(
    tx: &mut Tx<'_>,
    org: &str,
    user_id: &str,
) -> Result<(Option<String>, String, bool)> {
    query_as(SELECT_USER_UNIT)
        .bind(org)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(Missing::User(user_id.to_string())))
}

async fn declaration_in(tx: &mut Tx<'_>, org: &str, id: &str) -> Result<Option<GiftDeclaration>> {
    let row: Option<DeclarationRow> = query_as(&select_declaration())
        .bind(org)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    row.map(DeclarationRow::into_declaration).transpose()
}

/// What the audit log keeps of a declaration: no giver, no description.
fn audited(input: &GiftInput) -> serde_json::Value {
    json!({
        "kind": input.kind.code(),
        "value_satang": input.value.satang(),
        "decision": input.decision.code(),
        "pending_work": input.pending_work,
        "received_on": input.received_on.to_string(),
    })
}

#[async_trait]
impl GiftStore for SqlStore {
    async fn gift_permitted_value(&self, organization_id: &str) -> Result<Baht> {
        let mut tx = self.begin_read().await?;
        let value = permitted_in(&mut tx, organization_id).await?;
        tx.commit().await?;
        Ok(value)
    }

    async fn set_gift_permitted_value(
        &self,
        organization_id: &str,
        value: Baht,
        actor: &str,
    ) -> Result<()> {
        check_permitted_value(value).map_err(|e| StoreError::Invalid(vec![e]))?;
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let before = permitted_in(&mut tx, organization_id).await?;
            query(UPSERT_SETTING)
                .bind(organization_id)
                .bind(value.satang())
                .bind(actor)
                .bind(now_for_storage())
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_GIFT_SETTING,
                organization_id,
                Some(json!({ "permitted_value_satang": before.satang() })),
                Some(json!({ "permitted_value_satang": value.satang() })),
            )
            .await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn declare_gift(
        &self,
        organization_id: &str,
        declarant: &str,
        input: &GiftInput,
        today: Date,
    ) -> Result<GiftDeclaration> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let (unit_id, _, _) = user_in(&mut tx, organization_id, declarant).await?;
            let permitted = permitted_in(&mut tx, organization_id).await?;
            let errors = input.validate(permitted, today);
            if !errors.is_empty() {
                return Err(StoreError::Invalid(errors));
            }
            // A nil return said "nothing this round": a gift of that round
            // is refused rather than counted both ways.
            let (year, round) = Round::of(input.received_on);
            let (nil,): (i64,) = query_as(COUNT_NIL_RETURN)
                .bind(organization_id)
                .bind(declarant)
                .bind(year.be())
                .bind(round.number())
                .fetch_one(&mut tx)
                .await?;
            if nil > 0 {
                return Err(refused(
                    "received_on",
                    "คุณแจ้งว่าไม่มีการรับในรอบของวันที่นี้แล้ว จึงแจ้งการรับในรอบนั้นไม่ได้ \
                     (ติดต่อผู้ตรวจสอบภายในหากต้องแก้ไข)",
                ));
            }
            let id = uuid::Uuid::new_v4().to_string();
            query(INSERT_DECLARATION)
                .bind(organization_id)
                .bind(&id)
                .bind(declarant)
                .bind(unit_id)
                .bind(FiscalYear::of(input.received_on).be())
                .bind(input.giver.trim())
                .bind(input.pending_work)
                .bind(if input.pending_work {
                    input.pending_note.trim()
                } else {
                    ""
                })
                .bind(input.description.trim())
                .bind(input.kind.code())
                .bind(input.value.satang())
                .bind(input.received_on)
                .bind(input.occasion.trim())
                .bind(input.decision.code())
                .bind(permitted.satang())
                .bind(now_for_storage())
                .execute(&mut tx)
                .await?;
            audit(
                &mut tx,
                organization_id,
                Some(declarant),
                AUDIT_GIFT_DECLARED,
                &id,
                None,
                Some(audited(input)),
            )
            .await?;
            declaration_in(&mut tx, organization_id, &id)
                .await?
                .ok_or_else(|| StoreError::NotFound(Missing::JustWritten(id.clone())))
        }
        .await;
        finish(tx, outcome).await
    }

    async fn gift_declarations(
        &self,
        organization_id: &str,
        fiscal_year: Option<FiscalYear>,
        scope: GiftScope<'_>,
    ) -> Result<Vec<GiftDeclaration>> {
        let (kind, id) = match scope {
            GiftScope::Declarant(id) => ("declarant", id),
            GiftScope::Unit(id) => ("unit", id),
            GiftScope::All => ("all", ""),
        };
        let mut tx = self.begin_read().await?;
        let rows: Vec<DeclarationRow> = query_as(&select_declarations())
            .bind(organization_id)
            .bind(fiscal_year.map_or(0, |y| i64::from(y.be())))
            .bind(kind)
            .bind(id)
            .fetch_all(&mut tx)
            .await?;
        tx.commit().await?;
        rows.into_iter()
            .map(DeclarationRow::into_declaration)
            .collect()
    }

    async fn gift_declaration(
        &self,
        organization_id: &str,
        id: &str,
    ) -> Result<Option<GiftDeclaration>> {
        let mut tx = self.begin_read().await?;
        let found = declaration_in(&mut tx, organization_id, id).await?;
        tx.commit().await?;
        Ok(found)
    }

    async fn decide_gift(
        &self,
        organization_id: &str,
        id: &str,
        review: &GiftReview,
        actor: &str,
    ) -> Result<GiftDeclaration> {
        let errors = review.validate();
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let declaration = declaration_in(&mut tx, organization_id, id)
                .await?
                .ok_or_else(|| StoreError::NotFound(Missing::GiftDeclaration(id.to_string())))?;
            if declaration.declarant == actor {
                return Err(refused("verdict", "ผู้แจ้งพิจารณาการรับของขวัญของตนเองไม่ได้"));
            }
            let updated = query(DECIDE)
                .bind(organization_id)
                .bind(id)
                .bind(review.verdict.code())
                .bind(review.note.trim())
                .bind(actor)
                .bind(now_for_storage())
                .execute(&mut tx)
                .await?
                .rows_affected();
            if updated == 0 {
                return Err(refused("verdict", "รายการนี้มีผู้พิจารณาแล้ว"));
            }
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_GIFT_DECIDED,
                id,
                Some(json!({ "decision": declaration.input.decision.code() })),
                Some(json!({
                    "verdict": review.verdict.code(),
                    "decision": review.verdict.outcome(declaration.input.decision).code(),
                })),
            )
            .await?;
            declaration_in(&mut tx, organization_id, id)
                .await?
                .ok_or_else(|| StoreError::NotFound(Missing::JustWritten(id.to_string())))
        }
        .await;
        finish(tx, outcome).await
    }

    async fn declare_nil_return(
        &self,
        organization_id: &str,
        user_id: &str,
        fiscal_year: FiscalYear,
        round: Round,
    ) -> Result<NilReturn> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            user_in(&mut tx, organization_id, user_id).await?;
            let (from, to) = round_span(fiscal_year, round);
            let (declared,): (i64,) = query_as(COUNT_DECLARED_BETWEEN)
                .bind(organization_id)
                .bind(user_id)
                .bind(from)
                .bind(to)
                .fetch_one(&mut tx)
                .await?;
            if declared > 0 {
                return Err(refused(
                    "round",
                    "คุณแจ้งการรับของขวัญในรอบนี้แล้ว จึงแจ้งว่าไม่มีการรับไม่ได้",
                ));
            }
            let inserted = query(INSERT_NIL_RETURN)
                .bind(organization_id)
                .bind(user_id)
                .bind(fiscal_year.be())
                .bind(round.number())
                .bind(now_for_storage())
                .execute(&mut tx)
                .await?
                .rows_affected();
            if inserted == 0 {
                return Err(refused("round", "คุณแจ้งว่าไม่มีการรับในรอบนี้แล้ว"));
            }
            audit(
                &mut tx,
                organization_id,
                Some(user_id),
                AUDIT_GIFT_NIL_RETURN,
                &format!("{}/{}", fiscal_year.be(), round.number()),
                None,
                None,
            )
            .await?;
            let rows: Vec<NilReturnRow> = query_as(SELECT_NIL_RETURNS)
                .bind(organization_id)
                .bind(fiscal_year.be())
                .bind(user_id)
                .fetch_all(&mut tx)
                .await?;
            rows.into_iter()
                .map(NilReturnRow::into_nil_return)
                .collect::<Result<Vec<_>>>()?
                .into_iter()
                .find(|n| n.round == round)
                .ok_or_else(|| StoreError::NotFound(Missing::JustWritten(user_id.to_string())))
        }
        .await;
        finish(tx, outcome).await
    }

    async fn nil_returns(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        user_id: Option<&str>,
    ) -> Result<Vec<NilReturn>> {
        let mut tx = self.begin_read().await?;
        let rows: Vec<NilReturnRow> = query_as(SELECT_NIL_RETURNS)
            .bind(organization_id)
            .bind(fiscal_year.be())
            .bind(user_id.unwrap_or(""))
            .fetch_all(&mut tx)
            .await?;
        tx.commit().await?;
        rows.into_iter()
            .map(NilReturnRow::into_nil_return)
            .collect()
    }

    async fn unit_heads(&self, organization_id: &str) -> Result<Vec<(String, String)>> {
        let mut tx = self.begin_read().await?;
        let rows: Vec<(String, String)> = query_as(SELECT_HEADS)
            .bind(organization_id)
            .fetch_all(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(rows)
    }

    async fn set_unit_head(
        &self,
        organization_id: &str,
        unit_id: &str,
        head: Option<&str>,
        actor: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, organization_id, Lock::Organization).await?;
            let unit: Option<(String,)> = query_as(SELECT_UNIT)
                .bind(organization_id)
                .bind(unit_id)
                .fetch_optional(&mut tx)
                .await?;
            if unit.is_none() {
                return Err(StoreError::NotFound(Missing::Unit(unit_id.to_string())));
            }
            let before: Option<(String,)> = query_as(SELECT_HEAD)
                .bind(organization_id)
                .bind(unit_id)
                .fetch_optional(&mut tx)
                .await?;
            match head {
                Some(user_id) => {
                    let Ok((their_unit, role, active)) =
                        user_in(&mut tx, organization_id, user_id).await
                    else {
                        return Err(refused("head", "ไม่พบบัญชีผู้ใช้นี้"));
                    };
                    if !active
                        || role != Role::UnitOfficer.as_str()
                        || their_unit.as_deref() != Some(unit_id)
                    {
                        return Err(refused(
                            "head",
                            "หัวหน้าหน่วยงานต้องเป็นเจ้าหน้าที่ที่ยังใช้งานอยู่ของหน่วยงานนั้น",
                        ));
                    }
                    query(UPSERT_HEAD)
                        .bind(organization_id)
                        .bind(unit_id)
                        .bind(user_id)
                        .execute(&mut tx)
                        .await?;
                }
                None => {
                    query(DELETE_HEAD)
                        .bind(organization_id)
                        .bind(unit_id)
                        .execute(&mut tx)
                        .await?;
                }
            }
            audit(
                &mut tx,
                organization_id,
                Some(actor),
                AUDIT_UNIT_HEAD,
                unit_id,
                Some(json!({ "head": before.map(|(u,)| u) })),
                Some(json!({ "head": head })),
            )
            .await
        }
        .await;
        finish(tx, outcome).await
    }
}

/// The first and last day of a round.
fn round_span(fiscal_year: FiscalYear, round: Round) -> (Date, Date) {
    let first = fiscal_year.first_day();
    let last = fiscal_year.last_day();
    let april = Date::from_calendar_date(last.year(), time::Month::April, 1).unwrap_or(last);
    match round {
        Round::First => (first, april.previous_day().unwrap_or(april)),
        Round::Second => (april, last),
    }
}
