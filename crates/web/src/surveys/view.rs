//! The view models of the survey pages (back office and public): pure
//! functions from a survey, its results and what the handler loaded to the
//! askama data.

pub mod public;
pub mod results;
pub mod staff;

/// One option of a select or a set of radio buttons.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>, current: &str) -> Choice {
        let value = value.into();
        Choice {
            selected: value == current.trim(),
            label: label.into(),
            value,
        }
    }
}
