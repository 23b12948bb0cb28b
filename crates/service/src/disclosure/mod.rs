//! The information centre's use cases outside a request.

mod catalogue_files;
mod generated;
pub mod link_guard;
pub mod links;

#[doc(hidden)]
pub use catalogue_files::fuzz_catalogue;
pub use catalogue_files::{read_catalogue_file, shipped_catalogue};
pub use generated::{generated_facts, publish_generated, publish_generated_everywhere};
