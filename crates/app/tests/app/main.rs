//! End-to-end tests of the `sujarit` binary: the import command against real
//! SQLite and PostgreSQL databases, and the server in headless Chromium.
//! One test binary (linking is the slow part of a Rust test suite).

mod backup;
mod browser;
mod cleaning;
mod complaints;
mod contract;
mod demo;
mod export;
mod files;
mod import;
mod info;
mod organizations;
mod oversight;
mod replica;
mod reseal;
mod serve;
mod support;
mod user;
