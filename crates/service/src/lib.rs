//! Sujarit's use cases that are not HTTP: what the server's handlers and the
//! command line both need. `web` is the HTTP adapter over this crate; `app`
//! calls it for every command and uses `web` only to serve.
//!
//! So far: the clock, staff passwords, the information centre's generated
//! disclosures, catalogue files and link checker, and the input of the
//! report on complaints. (Filing complaints, their notices and attachments
//! still live in `web`.)

mod clock;
pub mod complaints;
pub mod disclosure;
pub mod passwords;
pub mod wording;

pub use clock::Clock;
