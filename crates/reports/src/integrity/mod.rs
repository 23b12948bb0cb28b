//! The integrity registers' documents (issue 14): `control` (the internal
//! control evaluation, ปค.1, ปค.4, ปค.5, ปค.6, as PDF in the forms' layout and
//! XLSX).

pub mod control;
