//! The reports built from the real seed plan and hand-made progress, read back
//! with the tools a person would use: poppler for PDF, calamine for XLSX, the csv
//! crate for CSV.

mod activities;
mod complaints;
mod control;
mod csv_files;
mod gifts;
mod input;
mod internal_audit;
mod pdf;
mod support;
mod xlsx;
