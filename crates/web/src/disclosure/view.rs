//! The view models of the information centre: pure functions from a year's
//! catalogue, records and board to the askama data of its pages.

pub mod public;
pub mod staff;
