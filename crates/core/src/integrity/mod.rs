//! The integrity registers (issue 14): the corruption risk register with
//! its risk matrix and the internal measures (`risk`, measure 4.3), the
//! internal audit (`audit`, 4.1), the internal control evaluation under the
//! Ministry of Finance criteria of 2561 (`control`, 4.2: ปค.1, ปค.4, ปค.5,
//! ปค.6) and the gift register under the No Gift Policy (`gift`, 2.4). Each
//! module holds its types, its rules and its checks (Thai messages per
//! field); the store applies them with the rows it read.

pub mod audit;
pub mod control;
pub mod gift;
pub mod risk;
