//! The SQL of search. What differs between the databases (FTS5 against a
//! tsvector column) is chosen in `imp.rs` by the transaction's dialect.

/// A text fingerprint of the records of each kind (`$1`: organisation).
pub(super) const FINGERPRINT_PLAN_ITEMS: &str = "SELECT COALESCE(MAX(plan_id), '') \
     FROM plans WHERE organization_id = $1 AND is_current";

pub(super) const FINGERPRINT_DISCLOSURE: &str = "SELECT CAST(COUNT(*) AS TEXT) || '/' \
     || COALESCE(CAST(MAX(published_at) AS TEXT), '') || '/' \
     || COALESCE(CAST(MAX(superseded_at) AS TEXT), '') || '/' \
     || (SELECT CAST(COUNT(*) AS TEXT) || '/' || COALESCE(CAST(MAX(updated_at) AS TEXT), '') \
         FROM disclosure_catalogues WHERE organization_id = $1) \
     FROM disclosure_publications WHERE organization_id = $1";

pub(super) const FINGERPRINT_PROGRESS: &str = "SELECT \
     (SELECT COALESCE(MAX(plan_id), '') FROM plans WHERE organization_id = $1 AND is_current) \
     || '/' || CAST(COUNT(*) AS TEXT) || '/' || COALESCE(CAST(MAX(updated_at) AS TEXT), '') \
     FROM quarter_reports WHERE organization_id = $1";

pub(super) const FINGERPRINT_COMPLAINTS: &str = "SELECT CAST(COUNT(*) AS TEXT) || '/' \
     || COALESCE(CAST(MAX(updated_at) AS TEXT), '') \
     FROM complaints WHERE organization_id = $1 AND channel = 'general'";

pub(super) const FINGERPRINT_RISKS: &str = "SELECT CAST(COUNT(*) AS TEXT) || '/' \
     || COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM risk_entries WHERE organization_id = $1";

pub(super) const FINGERPRINT_MEASURES: &str = "SELECT CAST(COUNT(*) AS TEXT) || '/' \
     || COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM integrity_measures WHERE organization_id = $1";

pub(super) const STORED_FINGERPRINT: &str =
    "SELECT fingerprint FROM search_state WHERE organization_id = $1 AND kind = $2";

pub(super) const SAVE_FINGERPRINT: &str = "INSERT INTO search_state \
     (organization_id, kind, fingerprint, indexed_at) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (organization_id, kind) DO UPDATE \
     SET fingerprint = excluded.fingerprint, indexed_at = excluded.indexed_at";

/// The current plan's items with their project form, if any.
pub(super) const PLAN_ITEMS: &str = "SELECT CAST(i.dimension_no AS BIGINT), \
     CAST(i.item_no AS BIGINT), i.name, \
     COALESCE(f.form_name, '') || ' ' || COALESCE(f.rationale, '') || ' ' \
     || COALESCE(f.objectives_json, '') || ' ' || COALESCE(f.target_group, '') || ' ' \
     || COALESCE(f.steps_json, '') || ' ' || COALESCE(f.outputs_json, '') || ' ' \
     || COALESCE(f.outcomes_json, '') || ' ' || COALESCE(f.responsible_text, '') \
     FROM items AS i \
     JOIN plans AS p ON p.organization_id = i.organization_id AND p.plan_id = i.plan_id \
     LEFT JOIN item_forms AS f ON f.organization_id = i.organization_id \
         AND f.plan_id = i.plan_id AND f.dimension_no = i.dimension_no AND f.item_no = i.item_no \
     WHERE i.organization_id = $1 AND p.is_current \
     ORDER BY i.dimension_no, i.item_no";

/// Every catalogue item of every year. An item's note is public only on a
/// reconstructed item (the public page shows it there); otherwise it is the
/// staff's, and the public index must not hold it.
pub(super) const DISCLOSURE_ITEMS: &str = "SELECT CAST(fiscal_year AS BIGINT), code, title, \
     COALESCE(subheading, '') || ' ' || contents || ' ' || \
     CASE WHEN reconstructed THEN COALESCE(note, '') ELSE '' END \
     FROM disclosure_items WHERE organization_id = $1 ORDER BY fiscal_year, item_position";

/// What the current publications show the public: their file names (a
/// publication's note is the staff history's only).
pub(super) const DISCLOSURE_NOTES: &str = "SELECT CAST(fiscal_year AS BIGINT), code, \
     COALESCE(file_name, '') \
     FROM disclosure_publications WHERE organization_id = $1 AND superseded_at IS NULL \
     ORDER BY fiscal_year, code, period";

/// Published reports of the current plan's items, with the item's name.
pub(super) const PUBLISHED_PROGRESS: &str = "SELECT CAST(r.fiscal_year AS BIGINT), \
     CAST(r.quarter AS BIGINT), CAST(r.dimension_no AS BIGINT), CAST(r.item_no AS BIGINT), \
     i.name, r.narrative \
     FROM quarter_reports AS r \
     JOIN plans AS p ON p.organization_id = r.organization_id AND p.plan_id = r.plan_id \
     JOIN items AS i ON i.organization_id = r.organization_id AND i.plan_id = r.plan_id \
         AND i.dimension_no = r.dimension_no AND i.item_no = r.item_no \
     WHERE r.organization_id = $1 AND p.is_current AND r.review_state = 'published' \
     ORDER BY r.fiscal_year, r.quarter, r.dimension_no, r.item_no";

/// General complaints only: never the corruption channel, never a contact
/// or a place.
pub(super) const GENERAL_COMPLAINTS: &str = "SELECT complaint_id, \
     COALESCE(subject, ''), COALESCE(details, '') \
     FROM complaints WHERE organization_id = $1 AND channel = 'general' \
     ORDER BY received_at";

/// Every year's risk register entries, as stored (JSON read by core's type).
pub(super) const RISK_ENTRIES: &str = "SELECT CAST(fiscal_year AS BIGINT), entry_id, definition \
     FROM risk_entries WHERE organization_id = $1 ORDER BY fiscal_year, position";

/// Every year's internal measures, as stored.
pub(super) const MEASURES: &str = "SELECT CAST(fiscal_year AS BIGINT), measure_id, definition \
     FROM integrity_measures WHERE organization_id = $1 ORDER BY fiscal_year, measure_id";

pub(super) const SQLITE_DELETE_KIND_WORDS: &str = "DELETE FROM search_fts WHERE rowid IN \
     (SELECT doc_id FROM search_documents WHERE organization_id = $1 AND kind = $2)";

pub(super) const SQLITE_DELETE_DOCUMENT_WORDS: &str = "DELETE FROM search_fts WHERE rowid IN \
     (SELECT doc_id FROM search_documents \
      WHERE organization_id = $1 AND kind = $2 AND doc_key = $3)";

pub(super) const DELETE_KIND: &str =
    "DELETE FROM search_documents WHERE organization_id = $1 AND kind = $2";

pub(super) const DELETE_DOCUMENT: &str =
    "DELETE FROM search_documents WHERE organization_id = $1 AND kind = $2 AND doc_key = $3";

pub(super) const SQLITE_NEXT_DOC_ID: &str =
    "SELECT COALESCE(MAX(doc_id), 0) + 1 FROM search_documents";

pub(super) const SQLITE_INSERT_DOCUMENT: &str = "INSERT INTO search_documents \
     (organization_id, kind, doc_key, doc_id, title, excerpt, public) \
     VALUES ($1, $2, $3, $4, $5, $6, $7)";

pub(super) const SQLITE_INSERT_WORDS: &str =
    "INSERT INTO search_fts (rowid, title, body) VALUES ($1, $2, $3)";

pub(super) const POSTGRES_INSERT_DOCUMENT: &str = "INSERT INTO search_documents \
     (organization_id, kind, doc_key, title, excerpt, public, words) \
     VALUES ($1, $2, $3, $4, $5, $6, \
     setweight(to_tsvector('simple', $7), 'A') || setweight(to_tsvector('simple', $8), 'B'))";

/// `$1` the FTS5 query, `$2` organisation, `$3` whether staff-only
/// documents count, `$4` whether complaints do.
const SQLITE_MATCHES: &str = "FROM search_fts \
     JOIN search_documents AS d ON d.doc_id = search_fts.rowid \
     WHERE search_fts MATCH $1 AND d.organization_id = $2 \
     AND (d.public = 1 OR $3) AND (d.kind <> 'complaint' OR $4)";

pub(super) fn sqlite_search() -> String {
    format!(
        "SELECT d.kind, d.doc_key, d.title, d.excerpt {SQLITE_MATCHES} \
         ORDER BY bm25(search_fts, 10.0, 1.0), d.kind, d.doc_key LIMIT $5 OFFSET $6"
    )
}

pub(super) fn sqlite_count() -> String {
    format!("SELECT COUNT(*) {SQLITE_MATCHES}")
}

/// `$1` organisation, `$2` the words (space-separated), `$3`/`$4` as above.
const POSTGRES_MATCHES: &str = "FROM search_documents \
     WHERE organization_id = $1 AND words @@ plainto_tsquery('simple', $2) \
     AND (public OR $3) AND (kind <> 'complaint' OR $4)";

pub(super) fn postgres_search() -> String {
    format!(
        "SELECT kind, doc_key, title, excerpt {POSTGRES_MATCHES} \
         ORDER BY ts_rank(words, plainto_tsquery('simple', $2)) DESC, kind, doc_key \
         LIMIT $5 OFFSET $6"
    )
}

pub(super) fn postgres_count() -> String {
    format!("SELECT COUNT(*) {POSTGRES_MATCHES}")
}
