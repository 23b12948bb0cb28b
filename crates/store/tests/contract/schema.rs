//! The schema itself: every table's primary key starts with
//! `organization_id`, so that a national PostgreSQL installation can be
//! distributed by organisation (Citus: `organization_id` is the distribution
//! column of every table) and no row of one organisation can share a key with
//! another's. Read from each database's own catalogue after all migrations.

use std::collections::BTreeMap;
use sujarit_store::Store;

use crate::harness::Raw;

contract! {
    every_tables_primary_key_starts_with_the_organisation,
}

/// The tables that belong to no organisation, each with the reason. Nothing
/// else may be here: a new table holding an organisation's rows is keyed by
/// `organization_id` first.
const INSTALLATION_WIDE: &[(&str, &str)] = &[
    // sqlx's record of the migrations applied: one per installation.
    (
        "_sqlx_migrations",
        "the migrations applied to this database",
    ),
    // SQLite only: the FTS5 index over `search_documents` (which is keyed by
    // organisation) and FTS5's own shadow tables. A virtual table has no
    // primary key; its rowid is `search_documents`' rowid, and every search
    // joins back to `search_documents` on the organisation.
    ("search_fts", "FTS5 index of search_documents (SQLite)"),
    ("search_fts_config", "FTS5 shadow table (SQLite)"),
    ("search_fts_content", "FTS5 shadow table (SQLite)"),
    ("search_fts_data", "FTS5 shadow table (SQLite)"),
    ("search_fts_docsize", "FTS5 shadow table (SQLite)"),
    ("search_fts_idx", "FTS5 shadow table (SQLite)"),
];

async fn every_tables_primary_key_starts_with_the_organisation(_store: &dyn Store, raw: &Raw) {
    let keys = raw.primary_keys().await;
    let allowed: BTreeMap<&str, &str> = INSTALLATION_WIDE.iter().copied().collect();
    // The catalogue really was read: the tables the contract knows are there,
    // with their whole keys.
    assert_eq!(
        keys.get("complaints").map(Vec::as_slice),
        Some(&["organization_id".to_string(), "complaint_id".to_string()][..]),
        "{keys:?}"
    );
    assert_eq!(
        keys.get("organizations").map(Vec::as_slice),
        Some(&["organization_id".to_string()][..]),
        "organizations is keyed by its own id: {keys:?}"
    );
    assert!(keys.len() > 60, "too few tables read: {keys:?}");
    let wrong: Vec<String> = keys
        .iter()
        .filter(|(table, _)| !allowed.contains_key(table.as_str()))
        .filter(|(_, key)| key.first().map(String::as_str) != Some("organization_id"))
        .map(|(table, key)| format!("{table} ({})", key.join(", ")))
        .collect();
    assert!(
        wrong.is_empty(),
        "tables whose primary key does not start with organization_id: {wrong:?}"
    );
    // The allow-list names only tables that exist on some database and is
    // not a way to hide one: an entry that has an organisation-first key
    // on this database would not need to be there.
    for table in allowed.keys() {
        if let Some(key) = keys.get(*table) {
            assert_ne!(
                key.first().map(String::as_str),
                Some("organization_id"),
                "{table} is keyed by organisation: remove it from INSTALLATION_WIDE"
            );
        }
    }
}
