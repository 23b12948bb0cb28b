//! The integrity registers' documents (issue 14), one module per register:
//! `audit` (the internal audit report, for executives and in its public
//! version) and `control` (the internal control evaluation, ปค.1, ปค.4, ปค.5,
//! ปค.6, as PDF in the forms' layout and XLSX) and `gifts` (the yearly gift
//! report as CSV).

pub mod audit;
pub mod control;
pub mod gifts;
