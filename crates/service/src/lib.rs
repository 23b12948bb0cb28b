//! Sujarit's use cases that are not HTTP: what the server's handlers and the
//! command line both need. `web` is the HTTP adapter over this crate; `app`
//! calls it for every command and uses `web` only to serve.
//!
//! The clock, staff passwords, the information centre's generated
//! disclosures, catalogue files and link checker; filing complaints (with
//! their attachments checked, stripped and sealed), their e-mail notices and
//! the input of the report on complaints; the sweep of stored files no
//! record names.

pub mod activities;
mod clock;
pub mod complaints;
pub mod disclosure;
pub mod files;
pub mod notify;
pub mod oversight;
pub mod passwords;
pub mod risks;
pub mod wording;

pub use clock::Clock;
