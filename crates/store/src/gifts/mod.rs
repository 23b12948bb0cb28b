//! The gift register (issue 14, measure 2.4): declarations and their
//! supervisor's decision, nil returns per round, the organisation's
//! permitted value, and who heads each unit. Every write is audited in its
//! transaction; an audit entry never carries the giver's name or the
//! description (personal data).

mod imp;
mod sql;

use crate::Result;
use async_trait::async_trait;
use sujarit_core::Baht;
use sujarit_core::FiscalYear;
use sujarit_core::integrity::gift::{GiftDeclaration, GiftInput, GiftReview, NilReturn, Round};
use time::Date;

pub const AUDIT_GIFT_DECLARED: &str = "gift.declared";
pub const AUDIT_GIFT_DECIDED: &str = "gift.decided";
pub const AUDIT_GIFT_NIL_RETURN: &str = "gift.nil_return";
pub const AUDIT_GIFT_SETTING: &str = "gift.permitted_value_changed";
pub const AUDIT_UNIT_HEAD: &str = "unit.head_changed";

/// Whose declarations a list holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GiftScope<'a> {
    /// One declarant's own.
    Declarant(&'a str),
    /// Those declared by members of a unit.
    Unit(&'a str),
    /// The whole register.
    All,
}

#[async_trait]
pub trait GiftStore: Send + Sync + 'static {
    /// The value one may accept by custom (the default when never set).
    async fn gift_permitted_value(&self, organization_id: &str) -> Result<Baht>;

    /// Sets the permitted value (checked by core), audited.
    async fn set_gift_permitted_value(
        &self,
        organization_id: &str,
        value: Baht,
        actor: &str,
    ) -> Result<()>;

    /// Records `declarant`'s declaration, checked by core against the
    /// permitted value in force (a refusal writes nothing), with the
    /// declarant's unit; the fiscal year is the date's.
    async fn declare_gift(
        &self,
        organization_id: &str,
        declarant: &str,
        input: &GiftInput,
        today: Date,
    ) -> Result<GiftDeclaration>;

    /// A fiscal year's declarations (every year with `None`), newest first.
    async fn gift_declarations(
        &self,
        organization_id: &str,
        fiscal_year: Option<FiscalYear>,
        scope: GiftScope<'_>,
    ) -> Result<Vec<GiftDeclaration>>;

    async fn gift_declaration(
        &self,
        organization_id: &str,
        id: &str,
    ) -> Result<Option<GiftDeclaration>>;

    /// Records the supervisor's decision. The caller has checked that the
    /// actor may decide (`Actor::may_decide_gift`); the store refuses one's
    /// own declaration, a second decision and a review core refuses.
    async fn decide_gift(
        &self,
        organization_id: &str,
        id: &str,
        review: &GiftReview,
        actor: &str,
    ) -> Result<GiftDeclaration>;

    /// "ไม่มีการรับ" for a round; refused when the user declared a gift
    /// received in that round, or already made the nil return.
    async fn declare_nil_return(
        &self,
        organization_id: &str,
        user_id: &str,
        fiscal_year: FiscalYear,
        round: Round,
    ) -> Result<NilReturn>;

    /// A fiscal year's nil returns (one user's, or everyone's).
    async fn nil_returns(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        user_id: Option<&str>,
    ) -> Result<Vec<NilReturn>>;

    /// Every unit's head: (unit id, user id).
    async fn unit_heads(&self, organization_id: &str) -> Result<Vec<(String, String)>>;

    /// Sets (or with `None` clears) a unit's head: an active unit officer
    /// of that unit. Audited.
    async fn set_unit_head(
        &self,
        organization_id: &str,
        unit_id: &str,
        head: Option<&str>,
        actor: &str,
    ) -> Result<()>;
}
