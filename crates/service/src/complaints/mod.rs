//! The complaint centre's use cases: filing (with attachments), the e-mail
//! notices and the input of the report on complaints.

pub mod attachments;
pub mod cleaning;
mod filing;
pub mod notices;
mod report_input;

pub use filing::{Filer, FilingError};
pub use report_input::load_input;
