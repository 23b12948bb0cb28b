//! The integrity registers' documents (issue 14), one module per register.

pub mod audit;
