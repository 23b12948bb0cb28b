//! Complaints (ร้องทุกข์/ร้องเรียน) and corruption reports (แจ้งเบาะแสการทุจริต):
//! the two channels, their categories, what a citizen files, the tracking
//! code, the case workflow, the deadline rule, statistics and the
//! satisfaction survey. Pure: no I/O; randomness and "today" come from the
//! caller.
//!
//! Anonymity: both channels accept a complaint without any contact. The
//! tracking code is then the only way to answer, and it is enough: every
//! public step (including the required answer, notice or explanation) is shown
//! on the tracking page. The plan's manual accepts anonymous complaints; this
//! keeps them instead of refusing them.
//!
//! Privacy: the contact details of every complaint, and the content of a
//! corruption report ([`CorruptionContent`]), are sealed
//! ([`crate::sealed::Keyring`]) before they leave the web layer; the store
//! never sees them in plain text. Nothing here that a statistic or the public
//! history returns carries a contact, an identity or a staff name.

// One file per part of the domain; everything public is re-exported here,
// so callers keep naming `complaint::X`.
mod channel;
mod deadline;
mod filing;
mod intake;
mod location;
mod report;
mod statistics;
mod stored;
mod submission;
mod survey;
mod tracking;
mod workflow;

pub use crate::validation::FieldError;
pub use channel::*;
pub use deadline::*;
pub use filing::*;
pub use intake::*;
pub use location::*;
pub use report::*;
pub use statistics::*;
pub use stored::*;
pub use submission::*;
pub use survey::*;
pub use tracking::*;
pub use workflow::*;

#[cfg(test)]
mod test_support {
    use super::FieldError;

    pub(super) fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field).collect()
    }
}
