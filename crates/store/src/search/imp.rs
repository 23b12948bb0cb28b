//! [`SearchStore`] for both databases, written once over `db`; the few
//! statements that differ (FTS5 against a tsvector) are chosen by dialect.

use super::sql::*;
use super::{SearchDocument, SearchHit, SearchResults, SearchStore};
use crate::Result;
use crate::db::{
    Dialect, Lock, SqlStore, Tx, finish, now_for_storage, organization_exists, query, query_as,
};
use async_trait::async_trait;
use std::collections::BTreeMap;
use sujarit_core::integrity::risk::{MeasureInput, RiskEntryInput};
use sujarit_core::search::{Query, SearchKind, SearchScope};

#[async_trait]
impl SearchStore for SqlStore {
    async fn index_document(&self, org: &str, document: &SearchDocument) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, org, Lock::Organization).await?;
            remove_document(&mut tx, org, document.kind, &document.key).await?;
            let next = next_doc_id(&mut tx).await?;
            insert(&mut tx, org, document, next).await
        }
        .await;
        finish(tx, outcome).await
    }

    async fn search(
        &self,
        org: &str,
        query: &Query,
        scope: SearchScope,
        limit: u32,
        offset: u32,
    ) -> Result<SearchResults> {
        let (staff, complaints) = match scope {
            SearchScope::Public => (false, false),
            SearchScope::Staff { complaints } => (true, complaints),
        };
        let (search, count, first): (String, String, (crate::db::Arg, crate::db::Arg)) =
            match self.dialect() {
                Dialect::Sqlite => (
                    sqlite_search(),
                    sqlite_count(),
                    (fts5_query(&query.words).into(), org.into()),
                ),
                Dialect::Postgres => (
                    postgres_search(),
                    postgres_count(),
                    (org.into(), query.words.join(" ").into()),
                ),
            };
        let args = [first.0, first.1, staff.into(), complaints.into()];
        let mut tx = self.begin_read().await?;
        let outcome = async {
            let (total,): (i64,) = query_as(&count)
                .bind_all(args.clone())
                .fetch_one(&mut tx)
                .await?;
            let rows: Vec<(String, String, String, String)> = query_as(&search)
                .bind_all(args)
                .bind(i64::from(limit))
                .bind(i64::from(offset))
                .fetch_all(&mut tx)
                .await?;
            Ok(SearchResults {
                total: u64::try_from(total).unwrap_or(0),
                hits: rows
                    .into_iter()
                    .filter_map(|(kind, key, title, excerpt)| {
                        Some(SearchHit {
                            kind: SearchKind::parse(&kind)?,
                            key,
                            title,
                            excerpt,
                        })
                    })
                    .collect(),
            })
        }
        .await;
        finish(tx, outcome).await
    }

    async fn refresh_search_index(&self, org: &str) -> Result<usize> {
        // Most searches find the index current: read first, write only if not.
        let mut stale = false;
        for kind in SearchKind::ALL {
            let now = fingerprint(&self.pool, org, kind).await?;
            let stored: Option<(String,)> = query_as(STORED_FINGERPRINT)
                .bind(org)
                .bind(kind.as_str())
                .fetch_optional(&self.pool)
                .await?;
            if stored.is_none_or(|(stored,)| stored != now) {
                stale = true;
                break;
            }
        }
        if !stale {
            return Ok(0);
        }
        self.reindex(org, false).await
    }

    async fn rebuild_search_index(&self, org: &str) -> Result<usize> {
        self.reindex(org, true).await
    }
}

impl SqlStore {
    /// Rebuilds the kinds that changed (all of them with `everything`) in
    /// one transaction, the organisation locked so that two rebuilds take
    /// turns. Each kind's fingerprint is read before its records, so a
    /// change made meanwhile leaves the stored one stale (and rebuilt next
    /// time), never the index silently behind.
    async fn reindex(&self, org: &str, everything: bool) -> Result<usize> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            organization_exists(&mut tx, org, Lock::Organization).await?;
            let mut written = 0;
            let mut next = next_doc_id(&mut tx).await?;
            for kind in SearchKind::ALL {
                let now = fingerprint(&mut tx, org, kind).await?;
                let stored: Option<(String,)> = query_as(STORED_FINGERPRINT)
                    .bind(org)
                    .bind(kind.as_str())
                    .fetch_optional(&mut tx)
                    .await?;
                if !everything && stored.is_some_and(|(stored,)| stored == now) {
                    continue;
                }
                if tx.dialect() == Dialect::Sqlite {
                    query(SQLITE_DELETE_KIND_WORDS)
                        .bind(org)
                        .bind(kind.as_str())
                        .execute(&mut tx)
                        .await?;
                }
                query(DELETE_KIND)
                    .bind(org)
                    .bind(kind.as_str())
                    .execute(&mut tx)
                    .await?;
                for document in documents(&mut tx, org, kind).await? {
                    insert(&mut tx, org, &document, next).await?;
                    next += 1;
                    written += 1;
                }
                query(SAVE_FINGERPRINT)
                    .bind(org)
                    .bind(kind.as_str())
                    .bind(now)
                    .bind(now_for_storage())
                    .execute(&mut tx)
                    .await?;
            }
            Ok(written)
        }
        .await;
        finish(tx, outcome).await
    }
}

/// The words as an FTS5 query: each word a quoted string (so no character
/// of it is FTS5 syntax), all of them required.
fn fts5_query(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

async fn fingerprint<'a>(
    on: impl crate::db::Exec<'a>,
    org: &str,
    kind: SearchKind,
) -> Result<String> {
    let sql = match kind {
        SearchKind::PlanItem => FINGERPRINT_PLAN_ITEMS,
        SearchKind::Disclosure => FINGERPRINT_DISCLOSURE,
        SearchKind::Progress => FINGERPRINT_PROGRESS,
        SearchKind::Complaint => FINGERPRINT_COMPLAINTS,
        SearchKind::Risk => FINGERPRINT_RISKS,
        SearchKind::Measure => FINGERPRINT_MEASURES,
    };
    let (value,): (String,) = query_as(sql).bind(org).fetch_one(on).await?;
    Ok(value)
}

/// SQLite: the next free row of `search_fts` (PostgreSQL needs none).
async fn next_doc_id(tx: &mut Tx<'_>) -> Result<i64> {
    if tx.dialect() != Dialect::Sqlite {
        return Ok(0);
    }
    let (next,): (i64,) = query_as(SQLITE_NEXT_DOC_ID).fetch_one(&mut *tx).await?;
    Ok(next)
}

async fn remove_document(tx: &mut Tx<'_>, org: &str, kind: SearchKind, key: &str) -> Result<()> {
    if tx.dialect() == Dialect::Sqlite {
        query(SQLITE_DELETE_DOCUMENT_WORDS)
            .bind(org)
            .bind(kind.as_str())
            .bind(key)
            .execute(&mut *tx)
            .await?;
    }
    query(DELETE_DOCUMENT)
        .bind(org)
        .bind(kind.as_str())
        .bind(key)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

async fn insert(tx: &mut Tx<'_>, org: &str, document: &SearchDocument, doc_id: i64) -> Result<()> {
    match tx.dialect() {
        Dialect::Sqlite => {
            query(SQLITE_INSERT_DOCUMENT)
                .bind(org)
                .bind(document.kind.as_str())
                .bind(&document.key)
                .bind(doc_id)
                .bind(&document.title)
                .bind(&document.excerpt)
                .bind(document.public)
                .execute(&mut *tx)
                .await?;
            query(SQLITE_INSERT_WORDS)
                .bind(doc_id)
                .bind(&document.title_words)
                .bind(&document.body_words)
                .execute(&mut *tx)
                .await?;
        }
        Dialect::Postgres => {
            query(POSTGRES_INSERT_DOCUMENT)
                .bind(org)
                .bind(document.kind.as_str())
                .bind(&document.key)
                .bind(&document.title)
                .bind(&document.excerpt)
                .bind(document.public)
                .bind(&document.title_words)
                .bind(&document.body_words)
                .execute(&mut *tx)
                .await?;
        }
    }
    Ok(())
}

/// The documents of one kind, built from their records.
async fn documents(tx: &mut Tx<'_>, org: &str, kind: SearchKind) -> Result<Vec<SearchDocument>> {
    Ok(match kind {
        SearchKind::PlanItem => {
            let rows: Vec<(i64, i64, String, String)> =
                query_as(PLAN_ITEMS).bind(org).fetch_all(&mut *tx).await?;
            rows.into_iter()
                .map(|(dimension, no, name, form)| {
                    SearchDocument::new(
                        kind,
                        format!("{dimension}.{no}"),
                        format!("{dimension}.{no} {name}"),
                        &form_text(&form),
                    )
                })
                .collect()
        }
        SearchKind::Disclosure => {
            let items: Vec<(i64, String, String, String)> = query_as(DISCLOSURE_ITEMS)
                .bind(org)
                .fetch_all(&mut *tx)
                .await?;
            let notes: Vec<(i64, String, String)> = query_as(DISCLOSURE_NOTES)
                .bind(org)
                .fetch_all(&mut *tx)
                .await?;
            let mut published: BTreeMap<(i64, String), String> = BTreeMap::new();
            for (year, code, note) in notes {
                let entry = published.entry((year, code)).or_default();
                entry.push(' ');
                entry.push_str(note.trim());
            }
            items
                .into_iter()
                .map(|(year, code, title, contents)| {
                    let notes = published.remove(&(year, code.clone())).unwrap_or_default();
                    SearchDocument::new(
                        kind,
                        format!("{year}/{code}"),
                        format!("{code} {title}"),
                        &format!("{contents} {notes}"),
                    )
                })
                .collect()
        }
        SearchKind::Progress => {
            let rows: Vec<(i64, i64, i64, i64, String, String)> = query_as(PUBLISHED_PROGRESS)
                .bind(org)
                .fetch_all(&mut *tx)
                .await?;
            rows.into_iter()
                .map(|(year, quarter, dimension, no, name, narrative)| {
                    SearchDocument::new(
                        kind,
                        format!("{year}/{quarter}/{dimension}.{no}"),
                        format!("{dimension}.{no} {name} (ไตรมาส {quarter}/{year})"),
                        &narrative,
                    )
                })
                .collect()
        }
        SearchKind::Complaint => {
            let rows: Vec<(String, String, String)> = query_as(GENERAL_COMPLAINTS)
                .bind(org)
                .fetch_all(&mut *tx)
                .await?;
            rows.into_iter()
                .map(|(id, subject, details)| {
                    let reference: String = id.chars().take(8).collect();
                    SearchDocument::new(kind, id, format!("{reference} {subject}"), &details)
                })
                .collect()
        }
        SearchKind::Risk => {
            let rows: Vec<(i64, String, String)> =
                query_as(RISK_ENTRIES).bind(org).fetch_all(&mut *tx).await?;
            rows.into_iter()
                .filter_map(|(year, id, definition)| {
                    let entry: RiskEntryInput = serde_json::from_str(&definition).ok()?;
                    let body = format!(
                        "{} {} {} {}",
                        entry.process,
                        entry.unit,
                        entry.owner_unit,
                        entry.risk_type.label()
                    );
                    Some(SearchDocument::new(
                        kind,
                        format!("{year}/{id}"),
                        format!("{} (ปีงบประมาณ {year})", entry.risk),
                        &body,
                    ))
                })
                .collect()
        }
        SearchKind::Measure => {
            let rows: Vec<(i64, String, String)> =
                query_as(MEASURES).bind(org).fetch_all(&mut *tx).await?;
            rows.into_iter()
                .filter_map(|(year, id, definition)| {
                    let measure: MeasureInput = serde_json::from_str(&definition).ok()?;
                    let steps: Vec<&str> = measure.steps.iter().map(|s| s.text.as_str()).collect();
                    let body = format!(
                        "{} {} {} {}",
                        measure.purpose,
                        measure.owner_unit,
                        steps.join(" "),
                        measure.result
                    );
                    Some(SearchDocument::new(
                        kind,
                        format!("{year}/{id}"),
                        format!("{} (ปีงบประมาณ {year})", measure.title),
                        &body,
                    ))
                })
                .collect()
        }
    })
}

/// A project form's fields as plain text: the JSON lists' strings without
/// their brackets and quotes.
fn form_text(form: &str) -> String {
    form.replace(['[', ']', '"'], " ").replace("\\n", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts5_queries_quote_every_word() {
        let words = vec!["แผน".to_string(), "a\"b".to_string(), "or".to_string()];
        assert_eq!(fts5_query(&words), "\"แผน\" \"a\"\"b\" \"or\"");
    }
}
