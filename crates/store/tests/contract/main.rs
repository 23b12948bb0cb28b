//! The storage contract. Every scenario is written once, against `&dyn Store`,
//! and runs against each backend:
//!
//! * SQLite, in a fresh temporary file per test;
//! * PostgreSQL, in a fresh database per test (`sujarit_test_<uuid>`, dropped
//!   afterwards) on the server `SUJARIT_TEST_POSTGRES_URL` points to, e.g.
//!   `postgres://postgres@127.0.0.1:5432/postgres`. Without that variable the
//!   PostgreSQL tests pass with a note, except under CI (`CI` set), where they
//!   fail: CI must always test both backends.
//!
//! One file on purpose: each file under `tests/` links a separate binary.
//!
//! Each module holds the scenarios of one storage trait; `harness` runs them.

#[macro_use]
mod harness;
mod accounts;
mod activities;
mod cancellation;
mod complaint_receipts;
mod complaints;
mod control;
mod directory;
mod disclosure;
mod durability;
mod gifts;
mod internal_audit;
mod notify;
mod plans;
mod progress;
mod risks;
mod schema;
mod search;
