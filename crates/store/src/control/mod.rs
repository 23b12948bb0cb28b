//! The internal control evaluation (issue 14, measure 4.2): per fiscal year
//! the committee, ปค.4, ปค.5 rows with their improvements, ปค.6, ปค.1 and the
//! submission, and each organisation's deadline setting. The
//! [`InternalControlStore`] contract, implemented once for both databases
//! (`imp.rs`).
//!
//! Every write is one transaction with its audit entry; input is checked by
//! core's rules (`sujarit_core::integrity::control`) and refused as
//! [`StoreError::Invalid`](crate::StoreError::Invalid), ปค.1 against the ปค.4
//! and ปค.5 the same transaction reads. Which role may write which form is
//! the caller's question (`core::account`).

mod imp;
mod sql;

use crate::Result;
use async_trait::async_trait;
use sujarit_core::FiscalYear;
use sujarit_core::integrity::control::{ControlForm, ControlRowInput, ControlYear, Improvement};
use time::Date;

/// Audit actions of this module.
pub const AUDIT_CONTROL_FORM: &str = "internal_control.form_saved";
pub const AUDIT_CONTROL_ROW: &str = "internal_control.row_saved";
pub const AUDIT_CONTROL_ROW_REMOVED: &str = "internal_control.row_removed";
pub const AUDIT_CONTROL_IMPROVEMENT: &str = "internal_control.improvement_saved";
pub const AUDIT_CONTROL_DEADLINE: &str = "internal_control.deadline_set";

#[async_trait]
pub trait InternalControlStore: Send + Sync + 'static {
    /// Everything of one fiscal year (empty forms when nothing is saved),
    /// with the organisation's deadline setting.
    async fn internal_control(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
    ) -> Result<ControlYear>;

    /// Whether the year's ปค.1 is certified (the generated item's fact).
    async fn internal_control_certified(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
    ) -> Result<bool>;

    /// Saves (replaces) one of the year's forms.
    async fn save_control_form(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        form: &ControlForm,
        actor: &str,
    ) -> Result<()>;

    /// Adds a ปค.5 row (`id` None) or replaces one; returns its id.
    async fn save_control_row(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        id: Option<&str>,
        input: &ControlRowInput,
        actor: &str,
    ) -> Result<String>;

    async fn remove_control_row(&self, organization_id: &str, id: &str, actor: &str) -> Result<()>;

    /// Records how far a row's improvement went (checked as of `today`).
    async fn save_control_improvement(
        &self,
        organization_id: &str,
        id: &str,
        improvement: &Improvement,
        today: Date,
        actor: &str,
    ) -> Result<()>;

    /// The report's deadline, in days after the fiscal year's end.
    async fn set_control_deadline_days(
        &self,
        organization_id: &str,
        days: u16,
        actor: &str,
    ) -> Result<()>;
}
