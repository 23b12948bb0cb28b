//! The information centre's use cases outside a request.

mod generated;
pub mod links;

pub use generated::{publish_generated, publish_generated_everywhere};
