//! The complaint centre's use cases outside a request.

mod report_input;

pub use report_input::load_input;
