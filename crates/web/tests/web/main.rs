//! The web layer's integration tests, in one binary on purpose: each file
//! directly under `tests/` links an executable of its own (with axum, sqlx
//! and typst), so one binary links once.
//!
//! Each module drives the router in-process against a real SQLite store;
//! `support` holds what they share.

mod support;

mod activities;
mod api;
mod auth;
mod complaints;
mod control;
mod directory;
mod disclosure;
mod gifts;
mod integrity_audit;
mod isolation;
mod navigation;
mod notifications;
mod oversight;
mod pages;
mod progress;
mod risks;
mod server;
mod surveys;
