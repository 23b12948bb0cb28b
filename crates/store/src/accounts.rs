//! Staff accounts, units, sessions and the audit log: the [`AccountStore`]
//! contract. Implemented for both backends below.

use crate::{PostgresStore, SqliteStore};
use async_trait::async_trait;

#[async_trait]
pub trait AccountStore: Send + Sync + 'static {}

#[async_trait]
impl AccountStore for SqliteStore {}

#[async_trait]
impl AccountStore for PostgresStore {}
