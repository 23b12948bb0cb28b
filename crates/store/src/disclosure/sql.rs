//! The SQL of [`crate::DisclosureStore`] and the mapping of its rows, shared
//! by both backends (`$n` placeholders and `ON CONFLICT` work in SQLite and
//! PostgreSQL alike).

use crate::{Result, StoreError};
use sujarit_core::FiscalYear;
use sujarit_core::disclosure::{
    Cadence, CatalogueItem, DisclosureEvidence, DueRule, GeneratedSource, LinkCheck, LinkOutcome,
    NotApplicable, Period, Publication, Topic,
};
use time::OffsetDateTime;

// ---------------------------------------------------------------------------
// Catalogues and items

pub(crate) const SELECT_CATALOGUE: &str = "SELECT fiscal_year, title, description \
     FROM disclosure_catalogues WHERE organization_id = $1 AND fiscal_year = $2";

pub(crate) const SELECT_CATALOGUE_YEARS: &str = "SELECT c.fiscal_year, c.title, c.updated_by, \
     c.updated_at, (SELECT COUNT(*) FROM disclosure_items i \
       WHERE i.organization_id = c.organization_id AND i.fiscal_year = c.fiscal_year) AS item_count \
     FROM disclosure_catalogues c WHERE c.organization_id = $1 ORDER BY c.fiscal_year DESC";

pub(crate) const INSERT_CATALOGUE: &str = "INSERT INTO disclosure_catalogues (organization_id, \
     fiscal_year, title, description, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)";

pub(crate) const UPDATE_CATALOGUE: &str = "UPDATE disclosure_catalogues SET title = $3, \
     description = $4, updated_by = $5, updated_at = $6 \
     WHERE organization_id = $1 AND fiscal_year = $2";

pub(crate) const TOUCH_CATALOGUE: &str = "UPDATE disclosure_catalogues SET updated_by = $3, \
     updated_at = $4 WHERE organization_id = $1 AND fiscal_year = $2";

const ITEM_COLUMNS: &str = "code, item_position, title, topic, subheading, contents, cadence, \
     due_rule, owner_unit, reconstructed, note, generated_source, same_as";

macro_rules! item_select {
    ($where:literal) => {
        concat!(
            "SELECT code, title, topic, subheading, contents, cadence, due_rule, \
             owner_unit, reconstructed, note, generated_source, same_as FROM disclosure_items \
             WHERE organization_id = $1 AND fiscal_year = $2",
            $where
        )
    };
}

pub(crate) const SELECT_ITEMS: &str = item_select!(" ORDER BY item_position");
pub(crate) const SELECT_ITEM: &str = item_select!(" AND code = $3");

pub(crate) fn insert_item_sql() -> String {
    format!(
        "INSERT INTO disclosure_items (organization_id, fiscal_year, {ITEM_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    )
}

pub(crate) const UPDATE_ITEM: &str = "UPDATE disclosure_items SET item_position = $4, \
     title = $5, topic = $6, subheading = $7, contents = $8, cadence = $9, due_rule = $10, \
     owner_unit = $11, reconstructed = $12, note = $13, generated_source = $14, same_as = $15 \
     WHERE organization_id = $1 AND fiscal_year = $2 AND code = $3";

pub(crate) const DELETE_ITEM: &str =
    "DELETE FROM disclosure_items WHERE organization_id = $1 AND fiscal_year = $2 AND code = $3";

#[derive(sqlx::FromRow)]
pub(crate) struct ItemRow {
    code: String,
    title: String,
    topic: String,
    subheading: Option<String>,
    contents: String,
    cadence: String,
    due_rule: String,
    owner_unit: Option<String>,
    reconstructed: bool,
    note: Option<String>,
    generated_source: Option<String>,
    same_as: Option<String>,
}

impl ItemRow {
    pub(crate) fn into_item(self) -> Result<CatalogueItem> {
        Ok(CatalogueItem {
            topic: Topic::parse(&self.topic)
                .ok_or_else(|| corrupt(format!("disclosure_items.topic = {}", self.topic)))?,
            cadence: Cadence::parse(&self.cadence)
                .ok_or_else(|| corrupt(format!("disclosure_items.cadence = {}", self.cadence)))?,
            due: DueRule::parse(&self.due_rule)
                .map_err(|_| corrupt(format!("disclosure_items.due_rule = {}", self.due_rule)))?,
            generated_source: self
                .generated_source
                .map(|s| {
                    GeneratedSource::parse(&s)
                        .ok_or_else(|| corrupt(format!("disclosure_items.generated_source = {s}")))
                })
                .transpose()?,
            code: self.code,
            title: self.title,
            subheading: self.subheading,
            contents: self.contents,
            owner_unit: self.owner_unit,
            reconstructed: self.reconstructed,
            note: self.note,
            same_as: self.same_as,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct CatalogueRow {
    pub(crate) fiscal_year: i64,
    pub(crate) title: String,
    pub(crate) description: Option<String>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct CatalogueYearRow {
    pub(crate) fiscal_year: i64,
    pub(crate) title: String,
    pub(crate) updated_by: Option<String>,
    pub(crate) updated_at: OffsetDateTime,
    pub(crate) item_count: i64,
}

// ---------------------------------------------------------------------------
// Owner overrides and not-applicable marks

pub(crate) const UPSERT_OWNER: &str = "INSERT INTO disclosure_owner_overrides (organization_id, \
     fiscal_year, code, period, owner_unit, updated_by, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) \
     ON CONFLICT (organization_id, fiscal_year, code, period) DO UPDATE SET \
     owner_unit = excluded.owner_unit, updated_by = excluded.updated_by, \
     updated_at = excluded.updated_at";

pub(crate) const SELECT_OWNER: &str = "SELECT owner_unit FROM disclosure_owner_overrides \
     WHERE organization_id = $1 AND fiscal_year = $2 AND code = $3 AND period = $4";

pub(crate) const DELETE_OWNER: &str = "DELETE FROM disclosure_owner_overrides \
     WHERE organization_id = $1 AND fiscal_year = $2 AND code = $3 AND period = $4";

pub(crate) const SELECT_OWNERS_OF_YEAR: &str = "SELECT code, period, owner_unit \
     FROM disclosure_owner_overrides WHERE organization_id = $1 AND fiscal_year = $2";

pub(crate) const UPSERT_NOT_APPLICABLE: &str = "INSERT INTO disclosure_not_applicable \
     (organization_id, fiscal_year, code, period, reason, marked_by, marked_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) \
     ON CONFLICT (organization_id, fiscal_year, code, period) DO UPDATE SET \
     reason = excluded.reason, marked_by = excluded.marked_by, marked_at = excluded.marked_at";

pub(crate) const SELECT_NOT_APPLICABLE: &str = "SELECT reason FROM disclosure_not_applicable \
     WHERE organization_id = $1 AND fiscal_year = $2 AND code = $3 AND period = $4";

pub(crate) const DELETE_NOT_APPLICABLE: &str = "DELETE FROM disclosure_not_applicable \
     WHERE organization_id = $1 AND fiscal_year = $2 AND code = $3 AND period = $4";

pub(crate) const SELECT_NOT_APPLICABLE_OF_YEAR: &str = "SELECT code, period, reason, marked_by, \
     marked_at FROM disclosure_not_applicable WHERE organization_id = $1 AND fiscal_year = $2";

#[derive(sqlx::FromRow)]
pub(crate) struct OwnerRow {
    pub(crate) code: String,
    pub(crate) period: String,
    pub(crate) owner_unit: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct NotApplicableRow {
    pub(crate) code: String,
    pub(crate) period: String,
    reason: String,
    marked_by: String,
    marked_at: OffsetDateTime,
}

impl NotApplicableRow {
    pub(crate) fn mark(&self) -> NotApplicable {
        NotApplicable {
            reason: self.reason.clone(),
            marked_by: self.marked_by.clone(),
            marked_at: self.marked_at,
        }
    }
}

// ---------------------------------------------------------------------------
// Publications and link checks

macro_rules! publication_select {
    ($where:literal) => {
        concat!(
            "SELECT publication_id, fiscal_year, code, period, version, evidence_kind, \
             file_sha256, file_name, media_type, size_bytes, link_url, generated_source, note, \
             published_by, published_at, superseded_at FROM disclosure_publications \
             WHERE organization_id = $1",
            $where
        )
    };
}

pub(crate) const SELECT_HISTORY: &str = publication_select!(
    " AND fiscal_year = $2 AND code = $3 AND period = $4 ORDER BY version DESC"
);
pub(crate) const SELECT_CURRENT_OF_YEAR: &str =
    publication_select!(" AND fiscal_year = $2 AND superseded_at IS NULL");
pub(crate) const SELECT_CURRENT_LINKS: &str = publication_select!(
    " AND superseded_at IS NULL AND evidence_kind = 'link' ORDER BY fiscal_year, code, period"
);
pub(crate) const SELECT_PUBLICATION: &str = publication_select!(" AND publication_id = $2");

/// Codes of a year that have publications, with the periods published.
pub(crate) const SELECT_PUBLISHED_PERIODS: &str = "SELECT DISTINCT code, period \
     FROM disclosure_publications WHERE organization_id = $1 AND fiscal_year = $2";

pub(crate) const SELECT_NEXT_VERSION: &str = "SELECT COALESCE(MAX(version), 0) + 1 \
     FROM disclosure_publications \
     WHERE organization_id = $1 AND fiscal_year = $2 AND code = $3 AND period = $4";

pub(crate) const SUPERSEDE: &str = "UPDATE disclosure_publications SET superseded_at = $5 \
     WHERE organization_id = $1 AND fiscal_year = $2 AND code = $3 AND period = $4 \
     AND superseded_at IS NULL";

pub(crate) const INSERT_PUBLICATION: &str = "INSERT INTO disclosure_publications \
     (organization_id, publication_id, fiscal_year, code, period, version, evidence_kind, \
     file_sha256, file_name, media_type, size_bytes, link_url, generated_source, note, \
     published_by, published_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";

pub(crate) const SELECT_LINK_CHECK: &str = "SELECT publication_id, checked_at, ok, http_status, \
     error_text FROM disclosure_link_checks WHERE organization_id = $1 AND publication_id = $2";

pub(crate) const SELECT_LINK_CHECKS_OF_YEAR: &str = "SELECT k.publication_id, k.checked_at, \
     k.ok, k.http_status, k.error_text FROM disclosure_link_checks k \
     JOIN disclosure_publications p \
       ON p.organization_id = k.organization_id AND p.publication_id = k.publication_id \
     WHERE k.organization_id = $1 AND p.fiscal_year = $2 AND p.superseded_at IS NULL";

pub(crate) const UPSERT_LINK_CHECK: &str = "INSERT INTO disclosure_link_checks \
     (organization_id, publication_id, checked_at, ok, http_status, error_text) \
     VALUES ($1, $2, $3, $4, $5, $6) \
     ON CONFLICT (organization_id, publication_id) DO UPDATE SET \
     checked_at = excluded.checked_at, ok = excluded.ok, http_status = excluded.http_status, \
     error_text = excluded.error_text";

#[derive(sqlx::FromRow)]
pub(crate) struct PublicationRow {
    publication_id: String,
    fiscal_year: i64,
    code: String,
    period: String,
    version: i64,
    evidence_kind: String,
    file_sha256: Option<String>,
    file_name: Option<String>,
    media_type: Option<String>,
    size_bytes: Option<i64>,
    link_url: Option<String>,
    generated_source: Option<String>,
    note: Option<String>,
    published_by: String,
    published_at: OffsetDateTime,
    superseded_at: Option<OffsetDateTime>,
}

impl PublicationRow {
    pub(crate) fn into_publication(self) -> Result<Publication> {
        let missing = |column: &str| corrupt(format!("disclosure_publications.{column} is NULL"));
        let evidence = match self.evidence_kind.as_str() {
            "file" => DisclosureEvidence::File {
                sha256: self.file_sha256.ok_or_else(|| missing("file_sha256"))?,
                file_name: self.file_name.ok_or_else(|| missing("file_name"))?,
                media_type: self.media_type.ok_or_else(|| missing("media_type"))?,
                size_bytes: self
                    .size_bytes
                    .and_then(|n| u64::try_from(n).ok())
                    .ok_or_else(|| missing("size_bytes"))?,
            },
            "link" => DisclosureEvidence::Link {
                url: self.link_url.ok_or_else(|| missing("link_url"))?,
            },
            "generated" => {
                let key = self
                    .generated_source
                    .ok_or_else(|| missing("generated_source"))?;
                DisclosureEvidence::Generated {
                    source: GeneratedSource::parse(&key).ok_or_else(|| {
                        corrupt(format!("disclosure_publications.generated_source = {key}"))
                    })?,
                }
            }
            other => {
                return Err(corrupt(format!(
                    "disclosure_publications.evidence_kind = {other}"
                )));
            }
        };
        Ok(Publication {
            id: self.publication_id,
            fiscal_year: fiscal_year(self.fiscal_year)?,
            period: period(&self.period)?,
            code: self.code,
            version: u32::try_from(self.version).map_err(|_| {
                corrupt(format!(
                    "disclosure_publications.version = {}",
                    self.version
                ))
            })?,
            evidence,
            note: self.note,
            published_by: self.published_by,
            published_at: self.published_at,
            superseded_at: self.superseded_at,
        })
    }
}

/// The evidence columns `$7`…`$13` of [`INSERT_PUBLICATION`].
pub(crate) struct EvidenceColumns {
    pub(crate) kind: &'static str,
    pub(crate) sha256: Option<String>,
    pub(crate) file_name: Option<String>,
    pub(crate) media_type: Option<String>,
    pub(crate) size_bytes: Option<i64>,
    pub(crate) link_url: Option<String>,
    pub(crate) generated_source: Option<&'static str>,
}

impl EvidenceColumns {
    pub(crate) fn of(evidence: &DisclosureEvidence) -> EvidenceColumns {
        let mut columns = EvidenceColumns {
            kind: evidence.kind(),
            sha256: None,
            file_name: None,
            media_type: None,
            size_bytes: None,
            link_url: None,
            generated_source: None,
        };
        match evidence {
            DisclosureEvidence::File {
                sha256,
                file_name,
                media_type,
                size_bytes,
            } => {
                columns.sha256 = Some(sha256.to_ascii_lowercase());
                columns.file_name = Some(file_name.trim().to_owned());
                columns.media_type = Some(media_type.trim().to_owned());
                columns.size_bytes = Some(i64::try_from(*size_bytes).unwrap_or(i64::MAX));
            }
            DisclosureEvidence::Link { url } => columns.link_url = Some(url.trim().to_owned()),
            DisclosureEvidence::Generated { source } => {
                columns.generated_source = Some(source.as_str())
            }
        }
        columns
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct LinkCheckRow {
    publication_id: String,
    checked_at: OffsetDateTime,
    ok: bool,
    http_status: Option<i64>,
    error_text: Option<String>,
}

impl LinkCheckRow {
    pub(crate) fn into_check(self) -> LinkCheck {
        let status = self.http_status.and_then(|s| u16::try_from(s).ok());
        LinkCheck {
            publication_id: self.publication_id,
            checked_at: self.checked_at,
            outcome: if self.ok {
                LinkOutcome::Ok {
                    status: status.unwrap_or(200),
                }
            } else {
                LinkOutcome::Failed {
                    status,
                    error: self.error_text.unwrap_or_default(),
                }
            },
        }
    }
}

// ---------------------------------------------------------------------------
// Column conversions

pub(crate) fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(what)
}

pub(crate) fn fiscal_year(value: i64) -> Result<FiscalYear> {
    u16::try_from(value)
        .map(FiscalYear)
        .map_err(|_| corrupt(format!("fiscal_year = {value}")))
}

pub(crate) fn period(key: &str) -> Result<Period> {
    Period::parse_key(key).ok_or_else(|| corrupt(format!("period = {key}")))
}
