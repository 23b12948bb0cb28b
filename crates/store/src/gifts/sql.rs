//! The SQL of the gift register, the same text on both databases.

use crate::{Result, StoreError};
use sujarit_core::integrity::gift::{
    GiftDecision, GiftDeclaration, GiftInput, GiftKind, NilReturn, RecordedReview, Round, Verdict,
};
use sujarit_core::{Baht, FiscalYear};
use time::{Date, OffsetDateTime};

pub(crate) const SELECT_SETTING: &str =
    "SELECT permitted_value_satang FROM gift_settings WHERE organization_id = $1";

pub(crate) const UPSERT_SETTING: &str = "INSERT INTO gift_settings \
     (organization_id, permitted_value_satang, updated_by, updated_at) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (organization_id) DO UPDATE SET \
     permitted_value_satang = excluded.permitted_value_satang, \
     updated_by = excluded.updated_by, updated_at = excluded.updated_at";

pub(crate) const SELECT_USER_UNIT: &str = "SELECT unit_id, role, active FROM users \
     WHERE organization_id = $1 AND user_id = $2";

pub(crate) const INSERT_DECLARATION: &str = "INSERT INTO gift_declarations \
     (organization_id, declaration_id, declarant_id, unit_id, fiscal_year, giver, pending_work, \
     pending_note, description, kind, value_satang, received_on, occasion, decision, \
     permitted_value_satang, declared_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";

const COLUMNS: &str = "SELECT g.declaration_id, g.declarant_id, u.display_name AS declarant_name, \
     g.unit_id, g.fiscal_year, g.giver, g.pending_work, g.pending_note, g.description, g.kind, \
     g.value_satang, g.received_on, g.occasion, g.decision, g.permitted_value_satang, \
     g.declared_at, g.verdict, g.verdict_note, g.decided_by, d.display_name AS decided_by_name, \
     g.decided_at FROM gift_declarations g \
     JOIN users u ON u.organization_id = g.organization_id AND u.user_id = g.declarant_id \
     LEFT JOIN users d ON d.organization_id = g.organization_id AND d.user_id = g.decided_by \
     WHERE g.organization_id = $1";

/// $2: the fiscal year or 0 for all; $3: a scope (declarant, unit or all);
/// $4: its id.
pub(crate) fn select_declarations() -> String {
    format!(
        "{COLUMNS} AND ($2 = 0 OR g.fiscal_year = $2) \
         AND ($3 = 'all' OR ($3 = 'declarant' AND g.declarant_id = $4) \
              OR ($3 = 'unit' AND g.unit_id = $4)) \
         ORDER BY g.received_on DESC, g.declared_at DESC, g.declaration_id"
    )
}

pub(crate) fn select_declaration() -> String {
    format!("{COLUMNS} AND g.declaration_id = $2")
}

pub(crate) const DECIDE: &str = "UPDATE gift_declarations SET verdict = $3, verdict_note = $4, \
     decided_by = $5, decided_at = $6 \
     WHERE organization_id = $1 AND declaration_id = $2 AND verdict IS NULL";

pub(crate) const COUNT_DECLARED_BETWEEN: &str = "SELECT COUNT(*) FROM gift_declarations \
     WHERE organization_id = $1 AND declarant_id = $2 AND received_on >= $3 AND received_on <= $4";

pub(crate) const COUNT_NIL_RETURN: &str = "SELECT COUNT(*) FROM gift_nil_returns \
     WHERE organization_id = $1 AND user_id = $2 AND fiscal_year = $3 AND round = $4";

pub(crate) const INSERT_NIL_RETURN: &str = "INSERT INTO gift_nil_returns \
     (organization_id, user_id, fiscal_year, round, declared_at) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT DO NOTHING";

pub(crate) const SELECT_NIL_RETURNS: &str = "SELECT n.user_id, u.display_name, n.fiscal_year, \
     n.round, n.declared_at FROM gift_nil_returns n \
     JOIN users u ON u.organization_id = n.organization_id AND u.user_id = n.user_id \
     WHERE n.organization_id = $1 AND n.fiscal_year = $2 AND ($3 = '' OR n.user_id = $3) \
     ORDER BY n.round, u.display_name, n.user_id";

/// A head counts only while an active unit officer of the unit they head:
/// one moved to another unit, given another role or deactivated no longer
/// reads or decides the unit's declarations.
pub(crate) const SELECT_HEADS: &str = "SELECT h.unit_id, h.user_id FROM unit_heads AS h \
     JOIN users AS u ON u.organization_id = h.organization_id AND u.user_id = h.user_id \
     WHERE h.organization_id = $1 AND u.active AND u.role = 'unit_officer' \
     AND u.unit_id = h.unit_id ORDER BY h.unit_id";

pub(crate) const SELECT_UNIT: &str =
    "SELECT unit_id FROM units WHERE organization_id = $1 AND unit_id = $2";

pub(crate) const SELECT_HEAD: &str = "SELECT h.user_id FROM unit_heads AS h \
     JOIN users AS u ON u.organization_id = h.organization_id AND u.user_id = h.user_id \
     WHERE h.organization_id = $1 AND h.unit_id = $2 \
     AND u.active AND u.role = 'unit_officer' AND u.unit_id = h.unit_id";

pub(crate) const UPSERT_HEAD: &str = "INSERT INTO unit_heads (organization_id, unit_id, user_id) \
     VALUES ($1, $2, $3) ON CONFLICT (organization_id, unit_id) DO UPDATE SET user_id = excluded.user_id";

pub(crate) const DELETE_HEAD: &str =
    "DELETE FROM unit_heads WHERE organization_id = $1 AND unit_id = $2";

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("gift register: {what}"))
}

fn fiscal_year(value: i64) -> Result<FiscalYear> {
    u16::try_from(value)
        .map(FiscalYear)
        .map_err(|_| corrupt("fiscal year"))
}

#[derive(sqlx::FromRow)]
pub(crate) struct DeclarationRow {
    declaration_id: String,
    declarant_id: String,
    declarant_name: String,
    unit_id: Option<String>,
    fiscal_year: i64,
    giver: String,
    pending_work: bool,
    pending_note: String,
    description: String,
    kind: String,
    value_satang: i64,
    received_on: Date,
    occasion: String,
    decision: String,
    permitted_value_satang: i64,
    declared_at: OffsetDateTime,
    verdict: Option<String>,
    verdict_note: Option<String>,
    decided_by: Option<String>,
    decided_by_name: Option<String>,
    decided_at: Option<OffsetDateTime>,
}

impl DeclarationRow {
    pub(crate) fn into_declaration(self) -> Result<GiftDeclaration> {
        let review = match (self.verdict, self.decided_by, self.decided_at) {
            (Some(verdict), Some(by), Some(at)) => Some(RecordedReview {
                verdict: Verdict::parse(&verdict).ok_or_else(|| corrupt("verdict"))?,
                note: self.verdict_note.unwrap_or_default(),
                by_name: self.decided_by_name.unwrap_or_else(|| by.clone()),
                by,
                at,
            }),
            (None, _, _) => None,
            _ => return Err(corrupt("a decision without its author or time")),
        };
        Ok(GiftDeclaration {
            id: self.declaration_id,
            declarant: self.declarant_id,
            declarant_name: self.declarant_name,
            unit_id: self.unit_id,
            fiscal_year: fiscal_year(self.fiscal_year)?,
            input: GiftInput {
                giver: self.giver,
                pending_work: self.pending_work,
                pending_note: self.pending_note,
                description: self.description,
                kind: GiftKind::parse(&self.kind).ok_or_else(|| corrupt("kind"))?,
                value: Baht::from_satang(self.value_satang),
                received_on: self.received_on,
                occasion: self.occasion,
                decision: GiftDecision::parse(&self.decision).ok_or_else(|| corrupt("decision"))?,
            },
            permitted_value: Baht::from_satang(self.permitted_value_satang),
            declared_at: self.declared_at,
            review,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct NilReturnRow {
    user_id: String,
    display_name: String,
    fiscal_year: i64,
    round: i64,
    declared_at: OffsetDateTime,
}

impl NilReturnRow {
    pub(crate) fn into_nil_return(self) -> Result<NilReturn> {
        Ok(NilReturn {
            user_id: self.user_id,
            name: self.display_name,
            fiscal_year: fiscal_year(self.fiscal_year)?,
            round: u8::try_from(self.round)
                .ok()
                .and_then(Round::from_number)
                .ok_or_else(|| corrupt("round"))?,
            declared_at: self.declared_at,
        })
    }
}
