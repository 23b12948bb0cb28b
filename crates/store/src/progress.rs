//! Quarterly progress, evidence and target actuals: the [`ProgressStore`]
//! contract. Implemented for both backends below.

use crate::{PostgresStore, SqliteStore};
use async_trait::async_trait;

#[async_trait]
pub trait ProgressStore: Send + Sync + 'static {}

#[async_trait]
impl ProgressStore for SqliteStore {}

#[async_trait]
impl ProgressStore for PostgresStore {}
