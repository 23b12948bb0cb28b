//! The complaint centre's use cases: filing (with attachments), the e-mail
//! notices and the input of the report on complaints.

pub mod attachments;
pub mod cleaning;
mod filing;
pub mod keys;
pub mod notices;
mod report_input;

pub use filing::{Filed, Filer, FilingError, NO_RECIPIENT};
pub use report_input::load_input;
