//! The directory of LAOs (issue 15): each organisation's kind and place,
//! and the oversight offices. The areas are not stored (they ship with the
//! binary, `sujarit_core::directory::areas`); the codes written here are
//! checked by core before they arrive.

mod imp;
mod sql;

pub(crate) use imp::EntryRow;

use crate::{Organization, Result};
use async_trait::async_trait;
use sujarit_core::directory::{DirectoryEntry, OversightScope};

/// An organisation with its directory entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub organization: Organization,
    pub entry: DirectoryEntry,
}

#[async_trait]
pub trait DirectoryStore: Send + Sync {
    /// One organisation's entry; None when it is not in the directory (a
    /// one-LAO installation's organisation may not be).
    async fn directory_entry(&self, organization_id: &str) -> Result<Option<DirectoryEntry>>;

    /// Adds or replaces one organisation's entry (the demo, the command
    /// line). The entry must have passed `DirectoryEntry::check`.
    async fn set_directory_entry(
        &self,
        organization_id: &str,
        entry: &DirectoryEntry,
    ) -> Result<()>;

    /// The LAOs within `scope` (oversight offices left out), by province,
    /// district and name.
    async fn directory_laos(&self, scope: &OversightScope) -> Result<Vec<Listed>>;
}
