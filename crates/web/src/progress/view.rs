//! The view models of the progress pages (back office and public): pure
//! functions from the plan, its reports and what the handler loaded to the
//! askama data.

pub mod dashboard;
pub mod form;
pub mod kpis;
pub mod mine;
pub mod public;
pub mod targets;
