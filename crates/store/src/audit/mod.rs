//! The internal audit (issue 14, measure 4.1): a fiscal year's audit plan,
//! engagements, findings and follow-up rounds, and whether the year's public
//! version is published. The [`InternalAuditStore`] contract, implemented
//! once for both databases (`imp.rs`). Not to be confused with the audit
//! LOG of staff changes (`accounts`), which every change here writes to.
//!
//! # Rules the store enforces
//!
//! Every change is one transaction: the year is read, the change is checked
//! and applied by core ([`AuditYear::apply`]), the auditee unit and the
//! auditor are checked against the organisation's units and accounts, the
//! year is written back and the audit-log entry is appended. A refused
//! change writes nothing: bad input is [`StoreError::Invalid`], an unknown
//! engagement or finding [`StoreError::NotFound`] (`Missing::AuditRecord`),
//! an unknown unit or account `Missing::Unit` / `Missing::User`.
//!
//! [`StoreError::Invalid`]: crate::StoreError::Invalid
//! [`StoreError::NotFound`]: crate::StoreError::NotFound
//! [`AuditYear::apply`]: sujarit_core::integrity::audit::AuditYear::apply

mod imp;
mod sql;

use crate::Result;
use async_trait::async_trait;
use sujarit_core::integrity::audit::{AuditChange, AuditYear};

#[async_trait]
pub trait InternalAuditStore: Send + Sync + 'static {
    /// The year's internal audit; None when nothing was recorded yet.
    async fn internal_audit(
        &self,
        organization_id: &str,
        fiscal_year: u16,
    ) -> Result<Option<AuditYear>>;

    /// Applies one change (checked by core) by `actor`, audited; returns the
    /// year as saved.
    async fn change_internal_audit(
        &self,
        organization_id: &str,
        fiscal_year: u16,
        change: &AuditChange,
        actor: &str,
    ) -> Result<AuditYear>;

    /// Whether the year's public version is published.
    async fn internal_audit_published(
        &self,
        organization_id: &str,
        fiscal_year: u16,
    ) -> Result<bool>;
}
