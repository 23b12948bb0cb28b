//! Sujarit's domain: plans, the fiscal calendar, money and findings.
//!
//! This crate knows no HTTP, SQL or PDF. Everything here is plain data and pure
//! functions, so every other crate (import, store, web, reports) can share it.

pub mod account;
pub mod activity;
pub mod case_keys;
pub mod complaint;
pub mod directory;
pub mod disclosure;
pub mod files;
pub mod fiscal;
pub mod integrity;
pub mod kpi;
pub mod login_throttle;
pub mod money;
pub mod notify;
pub mod oversight;
pub mod plan;
pub mod progress;
pub mod refusal;
pub mod scores;
pub mod sealed;
pub mod search;
pub mod survey;
pub mod template;
pub mod thai;
pub mod validation;

pub use fiscal::{FiscalYear, Quarter};
pub use money::Baht;
pub use plan::*;
