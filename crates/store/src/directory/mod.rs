//! The directory of LAOs (issue 15): each organisation's kind and place,
//! and the oversight offices. The areas are not stored (they ship with the
//! binary, `sujarit_core::directory::areas`); the codes written here are
//! checked by core before they arrive.

mod imp;
mod sql;

pub(crate) use imp::{EntryRow, check_role_fits};

use crate::{Organization, Result};
use async_trait::async_trait;
use sujarit_core::directory::file::DirectoryRow;
use sujarit_core::directory::{DirectoryEntry, OversightScope};

/// One row of a directory file to import, with its first administrator's
/// password hash (argon2id, chosen by the caller) when the row names one.
#[derive(Clone, Debug)]
pub struct DirectoryImportRow {
    pub row: DirectoryRow,
    /// Used only when the organisation is new and the row names an
    /// administrator; the account must change its password at first login.
    pub admin_password_hash: Option<String>,
}

/// What an import did, by slug, in the file's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DirectoryImport {
    pub added: Vec<String>,
    /// Organisations that existed already: their name and entry were
    /// replaced by the file's.
    pub updated: Vec<String>,
    /// The first administrators created, as (slug, e-mail).
    pub admins: Vec<(String, String)>,
}

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

    /// Adds or updates every organisation of a directory file in one
    /// transaction: by slug, a new organisation is added (with its first
    /// administrator when the row names one and a hash is given) and an
    /// existing one gets the file's name; each gets the row's entry
    /// (rows must have passed `directory::file::parse`). An official code
    /// another organisation not in the file already has is refused
    /// (`Conflict(Clash::OfficialCode)` naming the line); any refusal
    /// writes nothing. Audited per organisation.
    async fn import_directory(&self, rows: &[DirectoryImportRow]) -> Result<DirectoryImport>;

    /// Organisations whose name (case-insensitively) or slug contains
    /// `text`, by name, at most `limit`.
    async fn find_organizations(&self, text: &str, limit: u32) -> Result<Vec<Organization>>;

    /// How many organisations the installation has.
    async fn organization_count(&self) -> Result<u64>;
}
